/*
 * What opens a sentence before its rule (openers.c).
 */
#ifndef POLICY_OPENERS_H
#define POLICY_OPENERS_H

#include "compile/sentences.h"

/* Past "When a new insurance claim arrives, " at i (recording the case's
 * name in the compiler), its words read; i if there is no trigger. */
uint32_t skip_trigger(parser *p, uint32_t i, uint32_t end);

/* Past a title before a colon that a rule follows ("A Schedule II drug is
 * never refilled: if ..."), its words read; 0 if there is none. A title
 * holds no number, condition or modal and is a clause, not a scope. */
uint32_t title_lead(parser *p, uint32_t end);

#endif
