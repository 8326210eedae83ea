/*
 * Condition atoms (atoms.c): each returns NULL, consuming nothing, when the
 * words at *i are not its kind.
 */
#ifndef POLICY_ATOMS_H
#define POLICY_ATOMS_H

#include "compile/sentences.h"

/* "no co-signer is named": the co-signer name is missing. */
expr *named_atom(parser *p, uint32_t *i, uint32_t end);
expr *presence_atom(parser *p, uint32_t *i, uint32_t end);
/* "the account is 90 days or more past due": of the case's party, the value
 * the unit and the words after it name ("days past due"), compared. */
expr *units_state_atom(parser *p, uint32_t *i, uint32_t end);
/* "the net income is negative" (below zero), "is positive", "is not
 * negative". */
expr *sign_atom(parser *p, uint32_t *i, uint32_t end);
/* "without a receipt" (no such document), "without a loss date" (the value
 * is absent), in qualifiers: "Any expense without a receipt is rejected". */
expr *without_atom(parser *p, uint32_t *i, uint32_t end);
expr *absence_atom(parser *p, uint32_t *i, uint32_t end);
expr *there_are_atom(parser *p, uint32_t *i, uint32_t end);
expr *possession_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out);
expr *held_comparison(parser *p, uint32_t *i, uint32_t end, expr **subject_out);
/* "more than two at-fault accidents", "at least one day of disability":
 * the policy's number of those (or its count of that name), compared. */
expr *held_count(parser *p, uint32_t *i, uint32_t end);
/* "any violation occurs", "no event of default exists": a named
 * condition that "there is" also reads ("A violation occurs when ...",
 * or a list, members.c), with "any" or "no". */
expr *occurs_atom(parser *p, uint32_t *i, uint32_t end);
/* "the property is in flood zone A or V", "is not located in territory
 * 5": of the case's party, a value the policy reads is one of those. */
expr *located_atom(parser *p, uint32_t *i, uint32_t end);
/* "the invoice amount differs from the order amount by more than 5%": the
 * gap either way, against that share of the second (or an amount). */
expr *differs_atom(parser *p, uint32_t *i, uint32_t end);
expr *quantified_atom(parser *p, uint32_t *i, uint32_t end);
expr *comparison_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out);
/* A yes/no term with "not" (or "never") in it: its key without the
 * negation matches the term; or a named condition said with its opposite
 * adjective ("is qualified" of "is unqualified when ..."), *negated set. */
int32_t match_denied_term(parser *p, uint32_t i, uint32_t end, uint32_t *len, bool *negated);
/* Whether the clause at i holds a judgment word ("consistent",
 * "reasonable"); cond.c then tries a deterministic reading before asking
 * judgment.c. */
bool clause_has_judgment(const parser *p, uint32_t i, uint32_t end);

/* Whether [a, b) names the party a case is about ("the applicant", "each
 * borrower", the case's own noun). */
bool is_party(parser *p, uint32_t a, uint32_t b);

#endif
