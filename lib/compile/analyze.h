/*
 * The analyzer (analyze.c): types, checks and warnings over the parsed defs.
 */
#ifndef POLICY_ANALYZE_H
#define POLICY_ANALYZE_H

#include "compile/compile.h"

bool analyze_policy(compiler *c);

#endif
