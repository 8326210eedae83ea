/*
 * The state of one execution, shared by exec.c (the task loop), answer.c
 * (the host's answers), eval.c (expressions and their English reasons),
 * exec_llm.c (model steps), trail_write.c, trail.c and explain.c; and the
 * helpers of request.c that all of them may call.
 *
 * What an execution makes for people to read is made when first read, not
 * while deciding: a task's request (policy_task_request_json), the English
 * reason of a step (step_reason) and the trail (trail_write.c). They are
 * functions of the plan, the case and the slots, which do not change once
 * a step is done, so they come out the same bytes whenever they are made.
 * They are made under lazy_lock into the `lazy` arena (a host may read a
 * request on another thread while the driving thread goes on).
 */
#ifndef POLICY_EXEC_H
#define POLICY_EXEC_H

#include <pthread.h>

#include "run/case.h"
#include "base/json.h"
#include "plan/llm.h"
#include "plan/plan.h"
#include "run/trail.h"

typedef enum slot_state {
	SLOT_WAITING = 0, /* inputs not done */
	SLOT_TASKED,      /* handed to the host */
	SLOT_DONE
} slot_state;

/* Which English reason a step's slot gives (step_reason makes it). */
typedef enum slot_why {
	WHY_NONE = 0,     /* none */
	WHY_VALUE,        /* why the step's value expression came out as it did */
	WHY_UNCOMPUTED,   /* "cannot be computed: " and why the value is missing */
	WHY_GUARD,        /* why the guard came out as it did */
	WHY_NOT_APPLIES,  /* "does not apply: " and why the guard is false */
	WHY_UNSURE,       /* "cannot tell whether it applies: " and the guard */
	WHY_REQUIRE       /* "2 appraisals in the case; 3 required" */
} slot_why;

typedef struct slot {
	slot_state state;
	uint8_t why;             /* slot_why */
	value v;                 /* output; v.known false when missing */
	value *items;            /* `each` extraction: one value per document */
	uint32_t nitems;
	bool is_list;
	const char *why_missing; /* the extractor's or host's explanation */
	const char *error;       /* the step failed (bad answer, ambiguity, ...) */
	const char *evidence;    /* JSON: where the value came from, or NULL */
	const char *evidence_note; /* " (claim form, page 2, line 7)": made
	                            once reasons quote it (eval.c) */
	const char *value_reason;/* compute steps: why the value is what it is,
	                            as reasons quote it (eval.c value_reason) */
	uint8_t value_reason_height;
	const char *reason;      /* checks and actions: why, in English, once made
	                            (step_reason) */
	int64_t started, ended;
	uint64_t tokens;
	trail_guardrail *guardrails;
	uint32_t nguardrails;
	/* llm steps and model fallbacks */
	unsigned attempts;       /* answers received so far */
	const char *retry_reason;/* why the last answer was refused */
	bool fallback;           /* an extract step now asking the model */
	struct llm_spec *spec;   /* the fallback's spec (llm steps use the plan's) */
} slot;

typedef struct fired_action {
	uint32_t step;
	const char *text, *verb, *object; /* as written, or a guardrail's alternative */
} fired_action;

struct policy_task {
	policy_exec *exec;
	uint32_t step;
	uint64_t serial;
	bool live;
	const char *doc;         /* extract: the document it reads (task_document) */
	const char *request;     /* made when first asked for (lazy_lock) */
};

struct policy_exec {
	mem m;
	arena a;                 /* this case's values and notes (reset per case) */
	arena fixed;             /* what the plan alone decides, kept by
	                            policy_exec_reset: slots, tasks, tables */
	arena scratch;           /* one JSON answer while it is read */
	arena lazy;              /* requests and reasons, made when first read */
	buf work[2];             /* answer.c's buffers, kept for the next answer
	                            (exec_buf) */
	buf lazy_bufs[4];        /* buffers for what is made under lazy_lock
	                            (lazy_buf), taken and given back in turn */
	unsigned lazy_bufs_taken;
	pthread_mutex_t lazy_lock;
	policy_plan *plan;
	policy_case kase;        /* a copy of the case's documents and facts */
	pthread_mutex_t docs_lock; /* the documents are read once, by the first
	                              built-in extraction, on whichever thread */
	arena docs_a;            /* what reading them made (under docs_lock) */
	policy_exec_options opts;
	slot *slots;
	policy_task *tasks;      /* one per step, used when the step is tasked */
	bool *read_by_actions;   /* checks an action reads (decide) */
	const char **lookup_evidence; /* per lookup step, its evidence when the
	                            answer names no source (made on first use) */
	int trigger_docs;        /* documents of the plan's trigger type in
	                            the case (task_document); -1 until counted */
	uint32_t scan;           /* steps before this are done or tasked */
	uint32_t outstanding;
	uint64_t serial;
	bool finished;
	policy_outcome outcome;
	const char *failure;
	/* the decision */
	fired_action *fired;
	uint32_t nfired;
	uint32_t *failed_checks;
	uint32_t nfailed;
	uint64_t tokens;
	policy_trail trail;
	bool nomem;
	unsigned reason_deepest; /* how deep the reason being written reaches */
	/* E_ANY / E_ALL: while set, references to this list step read one item */
	uint32_t item_step;
	uint32_t item_index;
	bool item_active;
};

/* request.c: what the task loop and the model steps share */
int64_t exec_now(policy_exec *x);
char *exec_strdup(policy_exec *x, const char *s);
/* The text in `b` copied into `a` (the run's arena or the trail's) and `b`
 * released; NULL, with x->nomem set, when memory ran out. */
char *exec_take_buf(policy_exec *x, buf *b, arena *a);
/* Every task request begins the same way, an object opening with the step
 * and its kind, and ends the same way: the policy, its version and the
 * case; request_finish closes the object and returns the request as an
 * arena string. */
void request_start(policy_exec *x, json_writer *w, buf *b, const plan_step *s, const char *kind);
const char *request_finish(policy_exec *x, json_writer *w, buf *b, arena *a);
/* Whether memory ran out (an arena remembers any failed allocation). */
bool exec_nomem(policy_exec *x);
/* x->work[which], emptied for a new use; its memory is kept from one use
 * to the next, so answers allocate nothing once it is big enough. */
buf *exec_buf(policy_exec *x, int which);
/* Under lazy_lock: an empty buffer kept from one decision to the next, or
 * `own` (initialized here, released by lazy_buf_done) when all are in use;
 * give it back, last taken first, with lazy_buf_done. */
buf *lazy_buf(policy_exec *x, buf *own);
void lazy_buf_done(policy_exec *x, buf *b);
bool slot_guardrail(policy_exec *x, slot *sl, const char *name, const char *attempted,
                    const char *alternative);

#endif
