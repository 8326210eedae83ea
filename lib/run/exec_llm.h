/*
 * Model steps at run time (exec_llm.c): their requests, the token budget,
 * checking answers, model fallbacks of extract steps, and guardrails over
 * the actions that fired.
 */
#ifndef POLICY_EXEC_LLM_H
#define POLICY_EXEC_LLM_H

#include "run/exec.h"

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
