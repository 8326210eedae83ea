/*
 * Ages, tenure and event dates in conditions (dates.c).
 */
#ifndef POLICY_DATES_H
#define POLICY_DATES_H

#include "base/date.h"
#include "compile/sentences.h"

expr *age_atom(parser *p, uint32_t *i, uint32_t end);
expr *tenure_atom(parser *p, uint32_t *i, uint32_t end);
expr *event_date_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out);
expr *event_age_atom(parser *p, uint32_t *i, uint32_t end);

/* The participle at `verb` names an event whose date the policy has and a
 * comparison follows it: "(may not be) submitted more than 14 days after". */
bool names_event_date(parser *p, uint32_t verb, uint32_t end);
/* Whether a comparison in time follows the participle at `verb` ("given
 * later than 15 days after ...", "submitted to X within 30 days"). */
bool time_comparison_at(parser *p, uint32_t verb, uint32_t end);

/* For aged qualifiers (scope.c). The age the policy defined for the
 * subject in [s, e): "the driver's age" for "the driver". */
int32_t defined_age_of(parser *p, uint32_t s, uint32_t e);
/* The one date of birth the policy reads, or -1. */
int32_t birth_date_term(parser *p);
/* The time from `start` to the date named at *j ("as of D", "on D") or,
 * unnamed, the only other date; NULL (reported) if there is none. */
expr *age_since(parser *p, uint32_t *i, uint32_t s, uint32_t aux, uint32_t *j,
                uint32_t end, int32_t start, duration_unit u);

#endif
