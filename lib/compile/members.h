/*
 * Lists whose items are each an instance of a named kind (members.c):
 * "Each of the following is a violation of this policy:".
 */
#ifndef POLICY_MEMBERS_H
#define POLICY_MEMBERS_H

#include "compile/sentences.h"

/* The introduction in [i, end) of the sentence s, over its list: "Each of
 * the following is a violation:", "The following are events of default:",
 * "Any of the following constitutes a red flag:". Each item becomes a named
 * condition ("violation (a)"), and the kind one that holds when any item
 * does ("a violation occurs", "there is a violation"). `guard` (the
 * enclosing scope) holds in each. False, with nothing read, if that is not
 * the shape. */
bool member_list(parser *p, sentence *s, uint32_t i, uint32_t end, expr *guard);

#endif
