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
/* What commentary may never hold: a comparison or a threshold, a
 * condition, an extraction, an action in the imperative first; modals and
 * passives may be there ("the person to whom the refund is paid"). */
bool holds_a_test(parser *p, uint32_t i, uint32_t end);
/* A comparison phrase, "up to", "a maximum of", "or more" ... at k next to
 * a quantity: a threshold. */
bool threshold_at(parser *p, uint32_t k, uint32_t end);
/* Whether the sentence `s` (selected) is in a Purpose, Scope or Background
 * part (or about the document itself) and holds nothing commentary may
 * not: no comparison or threshold, no imperative action, no condition, no
 * extraction. A reading of it that fails makes it commentary, warned. */
bool background_sentence(parser *p, const sentence *s);

/* A sentence no reading took, with nothing a rule could test or do and
 * no value of the policy in it: prose among the rules. */
bool prose(parser *p, const sentence *s);

/* "X should Y" with nothing testable in it and no term of the policy:
 * advice, not a requirement. */
bool advice(parser *p, const sentence *s, uint32_t i, uint32_t end);

#endif
