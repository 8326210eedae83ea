/*
 * Conditions (cond.c): and, or, not, lists, groups of checks, anaphora.
 */
#ifndef POLICY_COND_H
#define POLICY_COND_H

#include "compile/sentences.h"

expr *parse_condition(parser *p, uint32_t first, uint32_t end);
/* "claims that are both covered and timely": complements joined by "and"
 * or "or", each a named condition of the subject. */
expr *complements(parser *p, const char *subject_key, uint32_t *i, uint32_t end);

/* After both passes: take the words of "based on ..." tails that name
 * where a value the condition reads comes from. */
void cond_check_provenances(parser *p);

#endif
