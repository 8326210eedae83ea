/*
 * Execution internals shared by exec.c (the task loop), eval.c (expressions
 * and their English reasons), trail.c and explain.c.
 */
#ifndef POLICY_EXEC_H
#define POLICY_EXEC_H

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

/* eval.c */
typedef enum tv { TV_FALSE = 0, TV_TRUE = 1, TV_UNKNOWN = 2 } tv;

value eval_value(policy_exec *x, const expr *e);
tv eval_bool(policy_exec *x, const expr *e);
/* Why `e` came out as it did, in English ("the claimed amount $72,400.00
 * (claim form, page 2, line 7) exceeds $50,000.00 (policy Claims Intake
 * 4.2.1, line 11)"), or for an unknown result, which values were missing. */
void eval_reason(policy_exec *x, const expr *e, buf *b);
/* Count the case's documents that a policy's document type names. */
unsigned count_documents(policy_exec *x, const char *doc); /* sets x->nomem on OOM */

/* "escalate to review" -> "Escalated to review". */
void past_tense(const char *action, buf *b);

/* exec.c */
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

/* exec_llm.c: model steps at run time */
bool llm_task(const policy_exec *x, uint32_t step);
const char *llm_request(policy_exec *x, uint32_t step);
/* Check the budget before a call; false (and the step failed, with the
 * guardrail recorded) if the call may not be made. */
bool llm_budget_allows(policy_exec *x, uint32_t step);
/* Take an answer; returns true if the step is done, false if it must be
 * asked again (one retry after a refused answer). */
bool llm_take_answer(policy_exec *x, uint32_t step, const json_value *root);
/* An extract step with a model fallback whose form had no value. */
bool llm_start_fallback(policy_exec *x, uint32_t step);
/* Replace fired actions that break a policy guardrail. */
void guardrails_apply(policy_exec *x);

#endif
