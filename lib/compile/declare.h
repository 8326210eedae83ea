/*
 * Pass 1 (declare.c): what the policy names.
 */
#ifndef POLICY_DECLARE_H
#define POLICY_DECLARE_H

#include "compile/sentences.h"

bool declare_all(parser *p);

#endif
