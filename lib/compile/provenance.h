/*
 * Provenance tails after a condition (provenance.c).
 */
#ifndef POLICY_PROVENANCE_H
#define POLICY_PROVENANCE_H

#include "compile/sentences.h"

/* "based on ...", "as shown ...", "from ..." at k (after an optional
 * comma): a tail saying where a value comes from. */
bool provenance_tail(const parser *p, uint32_t k, uint32_t end);

/* After both passes: take the words of the tails parse_condition kept
 * that name where a value the condition reads comes from. */
void cond_check_provenances(parser *p);

#endif
