/*
 * Expressions at run time (eval.c): values, three-valued conditions and
 * the English reasons the trail and the decision quote.
 */
#ifndef POLICY_EVAL_H
#define POLICY_EVAL_H

#include "run/exec.h"

typedef enum tv { TV_FALSE = 0, TV_TRUE = 1, TV_UNKNOWN = 2 } tv;

value eval_value(policy_exec *x, const expr *e);
tv eval_bool(policy_exec *x, const expr *e);
/* Why `e` came out as it did, in English ("the claimed amount $72,400.00
 * (claim form, page 2, line 7) exceeds $50,000.00 (policy Claims Intake
 * 4.2.1, line 11)"), or for an unknown result, which values were missing. */
void eval_reason(policy_exec *x, const expr *e, buf *b);
/* Count the case's documents that a policy's document type names (`key`:
 * its words_key, or NULL to make it). Sets x->nomem on OOM. */
unsigned count_documents(policy_exec *x, const char *doc, const char *key);
/* Step i's English reason (slot_why says which), made the first time it
 * is read and kept; *out is NULL when the step has none. False (and *out
 * NULL) when memory ran out; asking again tries again. Call with
 * x->lazy_lock held: reasons go in x->lazy. */
bool step_reason(policy_exec *x, uint32_t i, const char **out);

/* "escalate to review" -> "Escalated to review". */
void past_tense(const char *action, buf *b);

#endif
