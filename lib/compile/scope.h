/*
 * Scope qualifiers (scope.c): who a rule applies to.
 */
#ifndef POLICY_SCOPE_H
#define POLICY_SCOPE_H

#include "compile/sentences.h"

expr *parse_scope_qualifier(parser *p, uint32_t first, uint32_t end);

/* "Over 37.5 projected hours, route the form ...": a bound and a value
 * before the comma at *comma, as the rule's condition; NULL, nothing
 * read, if that is not the shape. */
expr *leading_band(parser *p, uint32_t i, uint32_t end, uint32_t *comma);

#endif
