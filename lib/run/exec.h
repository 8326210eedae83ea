/*
 * The state of one execution, shared by exec.c (the task loop), eval.c
 * (expressions and their English reasons), exec_llm.c (model steps),
 * trail.c and explain.c; and the helpers of request.c that all of them
 * may call.
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

typedef struct slot {
	slot_state state;
	value v;                 /* output; v.known false when missing */
	value *items;            /* `each` extraction: one value per document */
	uint32_t nitems;
	bool is_list;
	const char *why_missing; /* the extractor's or host's explanation */
	const char *error;       /* the step failed (bad answer, ambiguity, ...) */
	const char *evidence;    /* JSON: where the value came from, or NULL */
	const char *reason;      /* checks and actions: why, in English */
	const char *answer_text; /* the value as written in the document */
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
	const char *request;
};

struct policy_exec {
	mem m;
	arena a;
	policy_plan *plan;
	policy_case kase;        /* a copy of the case's documents and facts */
	pthread_mutex_t docs_lock; /* the documents are read once, by the first
	                              built-in extraction, on whichever thread */
	arena docs_a;            /* what reading them made (under docs_lock) */
	policy_exec_options opts;
	slot *slots;
	policy_task *tasks;      /* one per step, used when the step is tasked */
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
	/* E_ANY / E_ALL: while set, references to this list step read one item */
	uint32_t item_step;
	uint32_t item_index;
	bool item_active;
};

/* request.c: what the task loop and the model steps share */
char *exec_strdup(policy_exec *x, const char *s);
/* The text in `b` copied into `a` (the run's arena or the trail's) and `b`
 * released; NULL, with x->nomem set, when memory ran out. */
char *exec_take_buf(policy_exec *x, buf *b, arena *a);
/* Every task request begins the same way, an object opening with the step
 * and its kind, and ends the same way: the policy, its version and the
 * case; request_finish closes the object and returns the request as an
 * arena string. */
void request_start(policy_exec *x, json_writer *w, buf *b, const plan_step *s, const char *kind);
const char *request_finish(policy_exec *x, json_writer *w, buf *b);
bool slot_guardrail(policy_exec *x, slot *sl, const char *name, const char *attempted,
                    const char *alternative);

#endif
