/*
 * Commentary (classify.c): sentences of a policy document with nothing to
 * test, kept in the source map and left out of both passes.
 */
#ifndef POLICY_CLASSIFY_H
#define POLICY_CLASSIFY_H

#include "compile/sentences.h"

/* Class the sentences that are commentary: prose in a Purpose or Scope
 * section, about the policy itself, or a clause's title. */
void classify_commentary(parser *p);
/* Whether tokens [i, end) hold something a rule could test or do: a
 * threshold, a modal, a condition word, a consequence, an action verb
 * first. */
bool has_testable_content(parser *p, uint32_t i, uint32_t end);

#endif
