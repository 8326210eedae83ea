/*
 * Pass 1 (declare.c): what the policy names.
 */
#ifndef POLICY_DECLARE_H
#define POLICY_DECLARE_H

#include "compile/sentences.h"

bool declare_all(parser *p);
uint32_t skip_trigger(parser *p, uint32_t i, uint32_t end);

#endif
