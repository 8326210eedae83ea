/*
 * Definition bodies (definitions.c).
 */
#ifndef POLICY_DEFINITIONS_H
#define POLICY_DEFINITIONS_H

#include "compile/sentences.h"

/* Read the body of the definition sentence `s` into its def. */
void definition_body(parser *p, sentence *s);

/* After the rules: a definition whose body could not be read is an error
 * only if some step uses the term (its errors are reported then); one
 * that nothing uses is a glossary entry, kept with a warning (no decision
 * can depend on it). */
void definitions_unread(parser *p);

#endif
