/*
 * Comparisons (compare.c): what follows a subject and a comparison phrase.
 */
#ifndef POLICY_COMPARE_H
#define POLICY_COMPARE_H

#include "compile/mention.h"

/* The comparison phrase (m, at *i) and its object, applied to `subject`
 * (or to the phrase [sf, sl) when the subject is not resolved yet). */
expr *comparison_rest(parser *p, uint32_t *i, uint32_t end, expr *subject, uint32_t sf,
                      uint32_t sl, const op_match *m, expr **subject_out);
/* An optional comparison phrase at *k ("more than", "at least"): its
 * operator and its words from `from` on; *k moves past it. Unchanged if
 * there is none. */
void cmp_phrase(parser *p, uint32_t *k, uint32_t end, uint32_t from, cmp_op *cmp,
                const char **phrase);
/* Whether the word a or the word b is among tokens [first, end). */
bool phrase_has(const parser *p, uint32_t first, uint32_t end, const char *a,
                const char *b);

/* A comparative read as a text value ("better", "higher", "more"): no
 * value of anything; "it is B or better" must not compare with it. */
bool comparative_value(const expr *obj);

#endif
