/*
 * Is a restatement faithful to its sentence? (compile/assist.c)
 *
 * The assistant restates a sentence the grammar cannot read. Its
 * restatement may resolve "it", "such claims" or "anything" to a term the
 * policy declares, reorder, and use the grammar's own words ("if",
 * "exceeds", "must", "verify"): that is the point of a restatement. It may
 * not bring in what the author did not write:
 *
 *   - a number, amount, percentage or date that the sentence does not
 *     hold ("three", "$75,000", "45%", "March 1, 2026");
 *   - a word that neither the sentence nor the rest of the policy uses
 *     (a new term or a new action: "deny" where the policy only declines),
 *     words compared by their stems, so "declined" and "decline" are one.
 *
 * What it drops or inverts is not seen here: the restatement is compiled
 * and a person reviews it beside the sentence before the plan is
 * published.
 */
#ifndef POLICY_FAITHFUL_H
#define POLICY_FAITHFUL_H

#include "compile/lex.h"

typedef struct faithful_vocab faithful_vocab;

/* The words a restatement may use: every word of the policy `lx`, and the
 * grammar's. NULL on OOM. */
faithful_vocab *faithful_vocab_new(arena *a, const lexed *lx);

/* What `restatement` adds to the sentence of tokens [first, last] of the
 * policy: NULL when nothing; else a clause naming it ("adds the amount
 * '$75,000', which the sentence does not have", "uses the word 'deny',
 * which neither ..."). *nomem is set on OOM. */
const char *faithful_difference(arena *a, const faithful_vocab *v, const lexed *lx,
                                uint32_t first, uint32_t last, const char *restatement,
                                bool *nomem);

#endif
