/*
 * Cross-references (xref.c): the parts of the document a sentence names
 * ("in this section", "of Part III", "4.1 to 4.3").
 */
#ifndef POLICY_XREF_H
#define POLICY_XREF_H

#include "compile/sentences.h"

/* "in this section", "of Section 4", "under parts 2 and 3", "in 4.1 to
 * 4.3" at *i: true with the ranges, *i past them. */
bool xref_at(parser *p, uint32_t *i, uint32_t end, xref *x);
/* The same without the preposition: "Section 4", "this part", "4.1 to 4.3". */
bool xref_target_at(parser *p, uint32_t *i, uint32_t end, xref *x);
bool xref_holds(const xref *x, uint32_t line);

#endif
