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

/* "must be true", "shall be met", "are required", "need to hold" in [i, end). */
bool says_must(const parser *p, uint32_t i, uint32_t end);
/* In "For <cases>, all of the following controls must be met:" over a
 * list, where the checks begin (after the comma); NONE if not that. */
uint32_t following_checks_at(parser *p, const sentence *s, uint32_t i, uint32_t end);
/* In "For a misuse transaction, the prior violation count sets the
 * consequence:", the comma before the value that decides; NONE if not. */
uint32_t says_what_decides(parser *p, uint32_t i, uint32_t end);

#endif
