/*
 * Pass 2 (parse.c): statements in document order; the entry point of the
 * parser.
 */
#ifndef POLICY_PARSE_H
#define POLICY_PARSE_H

#include "compile/compile.h"

/* Sentences -> defs; false if the policy has errors (in c->diags). */
bool parse_policy(compiler *c);

#endif
