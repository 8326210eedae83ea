/*
 * Actions of the policy used as conditions (taken.c): "an application that
 * is not declined under Section 4".
 */
#ifndef POLICY_TAKEN_H
#define POLICY_TAKEN_H

#include "compile/sentences.h"

/* "[the application] is [not] declined under Section 4", "is neither
 * declined under Section 4 nor referred under 6.1", "not suspended under
 * Section 5" at *i: whether the actions with that verb stated there fire;
 * *i past it. NULL if that is not the shape, or on an error (reported:
 * there is no such action there). */
expr *taken_atom(parser *p, uint32_t *i, uint32_t end);

/* "approved applications", "an approved application" (np..end): the cases
 * an action of the policy with that verb, stated before, was taken on;
 * NULL if the words are not that. */
expr *taken_kind(parser *p, uint32_t np, uint32_t end);
/* "collateral review is (not) mandatory", "a fraud hold is required": the
 * words of an action the policy states as the case's state ("Collateral
 * review is mandatory when ..."), true when that action fires. NULL, *i
 * unchanged, when no action before this sentence reads so. */
expr *stated_atom(parser *p, uint32_t *i, uint32_t end);

/* "none of the denial or rejection rules above applies", "any of the
 * referral rules above applies": the rules before this sentence that take
 * those actions ("denial" names "deny"). */
expr *action_rules_atom(parser *p, uint32_t *i, uint32_t end);

#endif
