/*
 * Every word accounted for (accounting.c): the words of a rule that no
 * reading took are an error naming them.
 */
#ifndef POLICY_ACCOUNTING_H
#define POLICY_ACCOUNTING_H

#include "compile/sentences.h"

/* After both passes: report the words each sentence's reading left. */
void account_words(parser *p);

#endif
