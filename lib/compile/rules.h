/*
 * Rules (rules.c): the checks, requirements and actions a statement adds.
 */
#ifndef POLICY_RULES_H
#define POLICY_RULES_H

#include "compile/sentences.h"

def *add_rule(parser *p, policy_step_kind kind, uint32_t a, uint32_t b, expr *guard);
void add_check(parser *p, uint32_t a, uint32_t b, expr *cond, expr *guard);
void add_action(parser *p, uint32_t a, uint32_t b, expr *guard);
/* False, with an error naming them, if an action's words [a, b) hold a
 * condition no reading took ("if", "when", "the following", "for loans
 * above $1,000,000 only"); `telling` for "notify ... when ...". */
bool action_words_read(parser *p, uint32_t a, uint32_t b, bool telling);
void checks(parser *p, uint32_t opener, uint32_t a, uint32_t b, expr *guard);
void requirement(parser *p, uint32_t a, uint32_t b, expr *guard);
void requirement_of(parser *p, uint32_t a, uint32_t k, uint32_t b, expr *guard);
bool documents_required(parser *p, uint32_t i, uint32_t k, uint32_t end, expr *guard);
/* "A W-9 form is required", "two pay stubs are required (when C)" with k
 * at "is": the documents before it are required; false if that is not
 * the shape ("is required to be at least $1" is a check). */
bool required_documents(parser *p, uint32_t i, uint32_t k, uint32_t end, expr *guard);
/* "the report must be accompanied by three repair estimates" as a
 * consequence: documents_required at its modal. */
bool modal_documents(parser *p, uint32_t a, uint32_t b, expr *guard);
bool passive_action(parser *p, uint32_t i, uint32_t k, uint32_t end, expr *guard);
bool subject_requires(parser *p, uint32_t i, uint32_t end, expr *guard);
/* "is not eligible", "does not qualify", ... at k, with no condition after
 * it to the end: its length, or 0. */
uint32_t ineligible_at(const parser *p, uint32_t k, uint32_t end);
/* "A borrower whose credit score is below 500 is not eligible for FHA
 * insurance.", "A request marked urgent with a lead time of more than 14
 * days does not qualify.": a requirement that this case is not one of the
 * cases the subject names ("fails 4.1" and "any requirement in Section 4"
 * name it; if nothing does, the decision lists it unmet). An error if the
 * subject names no cases. */
bool ineligible_statement(parser *p, uint32_t i, uint32_t end, expr *guard);

/* What a clause is, for the statement reader. */
int32_t predicate_prefix(parser *p, uint32_t a, uint32_t b, uint32_t *len);
bool has_comparison(const parser *p, uint32_t a, uint32_t b);
bool introduces_list(const parser *p, uint32_t a, uint32_t b);
bool inner_declaration(const parser *p, uint32_t a, uint32_t b);
bool names_documents(const parser *p, uint32_t a, uint32_t b);
bool list_intro(const parser *p, const sentence *s);
bool is_determiner(const char *w);
/* "the application is declined", "loans over $1M are referred to the
 * committee": the action in the imperative for the cases the subject
 * names (passive.c reads the form). *which gets the subject's condition,
 * or NULL. */
bool passive_consequence(parser *p, uint32_t a, uint32_t b, expr *guard, expr **which);

#endif
