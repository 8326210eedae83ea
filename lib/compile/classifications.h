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

#endif
