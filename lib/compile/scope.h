/*
 * Scope qualifiers (scope.c): who a rule applies to.
 */
#ifndef POLICY_SCOPE_H
#define POLICY_SCOPE_H

#include "compile/sentences.h"

expr *parse_scope_qualifier(parser *p, uint32_t first, uint32_t end);

#endif
