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
/* Join each section scope's condition to the rules in its sections. */
void xref_apply_scopes(parser *p);

#endif
