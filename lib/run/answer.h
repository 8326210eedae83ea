/*
 * The host's answers (answer.c): JSON answers, typed answers and failures
 * (their public functions are in policy.h), and the check every answer
 * makes first.
 */
#ifndef POLICY_ANSWER_H
#define POLICY_ANSWER_H

#include "run/exec.h"

/* POLICY_OK if `t` is a task of `x` that waits for its answer. */
policy_status exec_check_task(policy_exec *x, const policy_task *t);

/* An answer the built-in extractor or fact lookup wrote (extract.h), as
 * policy_exec_complete takes it; a found value's answer is read without
 * parsing its evidence (compact JSON from this library's writer already). */
policy_status exec_complete_builtin_answer(policy_exec *x, const policy_task *task,
                                           const char *json, size_t len);

#endif
