/*
 * Definition bodies (definitions.c).
 */
#ifndef POLICY_DEFINITIONS_H
#define POLICY_DEFINITIONS_H

#include "compile/sentences.h"

/* Read the body of the definition sentence `s` into its def. */
void definition_body(parser *p, sentence *s);

#endif
