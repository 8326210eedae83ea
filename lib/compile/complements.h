/*
 * Named conditions said without their subject (complements.c).
 */
#ifndef POLICY_COMPLEMENTS_H
#define POLICY_COMPLEMENTS_H

#include "compile/sentences.h"

/* The named condition "<subject> is <complement>" whose subject's key is
 * `subject_key`, for the complement at *i ("not timely"): NULL, *i
 * unchanged, if none. */
expr *complement_atom(parser *p, const char *subject_key, uint32_t *i, uint32_t end);

/* The subject (as a key) of the named condition that ends `a`, or NULL. */
const char *last_predicate_subject(const parser *p, const expr *a);

/* "claims that are both covered and timely": complements joined by "and"
 * or "or", each a named condition of the subject. */
expr *complements(parser *p, const char *subject_key, uint32_t *i, uint32_t end);

/* "an acceptable driver", "a qualifying applicant's" at s: the named
 * condition of two words the adjective says of the noun ("a driver is
 * unacceptable", *negated), or -1. */
int32_t qualifier_named(parser *p, uint32_t s, uint32_t end, bool *negated);

/* "it is late-reported" for "A claim is considered late-reported if ...":
 * the one named condition whose complement the words after "it" say, at
 * *i ("it"); NULL if none or several. */
expr *it_is_named(parser *p, uint32_t *i, uint32_t end);

#endif
