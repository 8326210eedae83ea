/*
 * Guardrails (guardrails.c): policy-declared limits on actions.
 */
#ifndef POLICY_GUARDRAILS_H
#define POLICY_GUARDRAILS_H

#include "compile/sentences.h"

bool guardrail_statement(parser *p, uint32_t i, uint32_t end, expr *guard);

#endif
