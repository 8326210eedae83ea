/*
 * Descriptive definitions (describe.c): '"Notice Date" means the date the
 * worker first told the employer, as shown on the first report of injury'
 * makes the term a value read from that document.
 */
#ifndef POLICY_DESCRIBE_H
#define POLICY_DESCRIBE_H

#include "compile/sentences.h"

/* Whether the definition of `d` in `s` (whose body did not read as a
 * value) describes a value on a document; if so `d` becomes an extraction
 * from it, or an error says where it should come from. */
bool describe_definition(parser *p, sentence *s, def *d);

/* Whether the words [i, end) start by naming a kind of value ("the date
 * ...", "the amount ...") or a thing with a relative clause ("the officer
 * who approves the exception"): a description, not a computation. */
bool describes_a_value(const parser *p, uint32_t i, uint32_t end);

/* Whether the definition sentence `s` (selected) describes a value: a
 * kind of value or a thing with a relative clause first, or the document
 * it is shown on ("..., as shown on the cash report"). */
bool definition_describes(parser *p, const sentence *s);

#endif
