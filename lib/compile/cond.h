/*
 * Conditions (cond.c): and, or, not, lists, groups of checks, anaphora.
 */
#ifndef POLICY_COND_H
#define POLICY_COND_H

#include "compile/sentences.h"

expr *parse_condition(parser *p, uint32_t first, uint32_t end);

/* After a mention of the named condition `d` at k: "under Section 3"
 * where Section 3 is where the policy names it ("eligible under Section
 * 3") is part of the mention. The index past those words, or k. */
uint32_t under_defining_section(parser *p, uint32_t k, uint32_t end, uint32_t d);

#endif
