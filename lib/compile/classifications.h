/*
 * Named conditions said with their condition first (classifications.c).
 */
#ifndef POLICY_CLASSIFICATIONS_H
#define POLICY_CLASSIFICATIONS_H

#include "compile/sentences.h"

/* "If C, the applicant is (considered) high risk." at [i, end) of s: a
 * named condition whose body is C (s->definition set); nothing if that is
 * not the shape. */
void declare_conditional(parser *p, sentence *s, uint32_t i, uint32_t end);

/* "A driver with fewer than 3 years licensed is an inexperienced
 * operator." at [i, end) of s: the kind a qualifier names, read by "the
 * driver is an inexperienced operator" and "For an inexperienced
 * operator"; nothing if that is not the shape. */
void declare_qualified_kind(parser *p, sentence *s, uint32_t i, uint32_t end);

#endif
