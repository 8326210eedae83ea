/*
 * Values (arith.c): quantities, terms and arithmetic.
 */
#ifndef POLICY_ARITH_H
#define POLICY_ARITH_H

#include "compile/sentences.h"

enum {
	V_LITERAL = 1 << 0,  /* unknown words become a text literal */
	V_STOP_AND = 1 << 1, /* "and" ends the value ("between A and B") */
	V_DECLARE = 1 << 2,  /* unknown noun phrases become new fields */
	V_IN_SUM = 1 << 3    /* a term of a sum: ", divided by" ends it (it divides
	                        the whole sum) */
};

expr *parse_value(parser *p, uint32_t *i, uint32_t end, unsigned flags);
/* A construction at *i ("the sum of", "the difference between A and B",
 * "the greater of", ...); NULL if none starts there. */
expr *construct(parser *p, uint32_t *i, uint32_t end);

/* "A, B, and C" from *i: their sum ("The total adds together A, B and C"). */
expr *sum_list(parser *p, uint32_t *i, uint32_t end);

#endif
