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
/* The conditions of the rules stated in `x` before the current sentence
 * (their actions' conditions, each once), into conds[cap]: how many. */
uint32_t xref_rule_conditions(parser *p, const xref *x, expr **conds, uint32_t cap);
/* "5.1 applies", "Section 4 does not apply", "4.1 is met", "5.1 and 5.2
 * apply", and "5.1" before "nor" in "neither 5.1 nor 5.2 applies": whether
 * the rules stated there apply (one of them), or, after "is met", whether
 * the requirements there are all met. NULL with *i unchanged when the words
 * are not that shape; NULL with *i moved after an error. */
expr *xref_atom(parser *p, uint32_t *i, uint32_t end);

#endif
