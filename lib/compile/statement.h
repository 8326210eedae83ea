/*
 * Yes/no statements about the case read as facts (statement.c): "the
 * firm has sued a client for unpaid fees".
 */
#ifndef POLICY_STATEMENT_H
#define POLICY_STATEMENT_H

#include "compile/sentences.h"

/* A clause at *i that states a fact about the case in plain words, when no
 * other atom reads it: a reference to a yes/no input named by the
 * statement in the affirmative (negated if the clause denies it), with *i
 * after the clause. NULL, *i unchanged, if the clause is not such a
 * statement or while the parser only tries a reading. */
expr *statement_atom(parser *p, uint32_t *i, uint32_t end);

/* The same with the subject [subject, rel) before a relative pronoun at
 * rel: "a transfer that was initiated outside the United States" is the
 * statement "transfer was initiated outside the United States". *i is past
 * the clause on success. */
expr *statement_relative(parser *p, uint32_t subject, uint32_t rel, uint32_t *i, uint32_t end);

/* Whether an action of the policy read so far has the verb `verb`
 * ("decline"), stated before the current sentence when `before`: "the
 * claim was denied" after "deny the claim" names that action. */
bool policy_acts(const parser *p, const char *verb, bool before);

#endif
