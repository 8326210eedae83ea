/*
 * Section scopes (section_scope.c): "Sections 4 and 5 apply only to timely
 * notices".
 */
#ifndef POLICY_SECTION_SCOPE_H
#define POLICY_SECTION_SCOPE_H

#include "compile/sentences.h"

/* A sentence saying when the rules of some parts apply: true if it is one
 * (read, or reported). */
bool xref_scope_statement(parser *p, uint32_t i, uint32_t end);
/* "Sections 5 and 6 do not apply to it" (after a rule's condition),
 * "Sections 4 to 6 do not apply to a request closed under this section",
 * "For a gas hazard move-out, clauses 5.1 and 5.2 do not apply": the rules
 * of the parts named hold only for the other cases (their guards get "and
 * not" the condition once the whole policy is read, wherever the parts
 * are). `guard` is the condition the sentence is under, or NULL. */
bool xref_switch_off(parser *p, uint32_t i, uint32_t end, expr *guard);
/* Whether such a clause starts at i (for splitting "..., and Sections 5
 * and 6 do not apply to it" from the consequence before it). */
bool xref_switch_off_at(parser *p, uint32_t i, uint32_t end);
/* "Except as provided in 5.2 and 5.3, ...", "Subject to Section 6, ..." at
 * i: where the sentence's rule starts (i when there is no such lead). Its
 * checks, requirements and actions then hold only where no rule of those
 * parts does (wherever they are: the parts may come after). */
uint32_t xref_except_prefix(parser *p, uint32_t i, uint32_t end);
/* Join each section scope's condition to the rules in its sections. */
void xref_apply_scopes(parser *p);

#endif
