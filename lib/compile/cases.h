/*
 * Values defined by cases: "The filing limit is 90 days for institutional
 * claims and 60 days for professional claims.", "The start date is the
 * payer date if there is one; otherwise the service date.", "The fee is
 * $25, or $10 when the account is new." (cases.c).
 */
#ifndef POLICY_CASES_H
#define POLICY_CASES_H

#include "compile/sentences.h"

/* Whether the words [i, end) after a copula start a value that a case
 * follows ("90 days for ...", "the payer date if ..."): then "X is V if
 * C" defines a value, not a named condition. */
bool value_then_case(parser *p, uint32_t i, uint32_t end);

/* The body [*i, end) of a definition read as cases: an E_CASE of
 * (condition, value) pairs in the order written, the case "otherwise" (or
 * "in all other cases", or a value stated first and then narrowed: "$25,
 * or $10 when ...") last. NULL and *i unmoved if the body states no case;
 * NULL with an error and *i at end if it states some and a part cannot be
 * read. A value with no otherwise is missing when no case holds. */
expr *value_cases(parser *p, uint32_t *i, uint32_t end);

/* "Otherwise, it is the service date." in the sentence after such a
 * definition (a ';' ends sentences): the case "otherwise" of the
 * definition the previous sentence made, if it made one without it.
 * Returns whether it read the sentence [i, end). */
bool otherwise_case(parser *p, uint32_t i, uint32_t end);

#endif
