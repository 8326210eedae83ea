/*
 * The phrase tables of the policy language, in one place.
 *
 * Everything the parser recognizes by its words is listed here: comparison
 * phrases, auxiliaries, the verbs that start extraction and lookup clauses,
 * the imperative verbs of actions, and the words that mark judgment. A new
 * way of saying "exceeds" is one line in comparison_phrases (phrases.c).
 */
#ifndef POLICY_PHRASES_H
#define POLICY_PHRASES_H

#include <stdbool.h>

#include "plan/plan.h"

typedef enum phrase_kind {
	PK_CMP = 0,   /* a comparison: cmp */
	PK_BETWEEN,   /* between A and B */
	PK_IN,        /* one of SET */
	PK_MISSING,   /* has no value */
	PK_PRESENT,   /* has a value */
	PK_WITHIN,    /* within N days of D */
	PK_EQ         /* the bare copula: "is", "equals" */
} phrase_kind;

typedef struct comparison_phrase {
	const char *words;   /* lowercase, single spaces */
	phrase_kind kind;
	cmp_op cmp;
	bool needs_aux;      /* a preposition ("above", "in") needs "is" before it
	                        in a condition, but not in a scope ("loans above $5M") */
	bool date_only;      /* "before", "after": dates only */
} comparison_phrase;

extern const comparison_phrase comparison_phrases[];
extern const unsigned comparison_phrase_count;

/* "is", "are", "was", "were", "be", "been", "has been", ... */
extern const char *const aux_phrases[];
extern const unsigned aux_phrase_count;

/* "must", "should", "shall", "needs to", "has to", ... */
extern const char *const modal_phrases[];
extern const unsigned modal_phrase_count;

/* Imperative verbs of actions, checks and the rest. */
bool is_action_verb(const char *w);
bool is_check_verb(const char *w);     /* verify, confirm, ensure, check, validate */
/* Words opening a check: 1 for "verify", 2 for "make sure", 0 if none. */
unsigned check_opener(const char *w1, const char *w2);
bool is_extract_verb(const char *w);   /* extract, capture, collect, gather, read */
bool is_lookup_verb(const char *w);    /* retrieve, fetch, query, obtain (after "look up") */

/* Words that make a source a system of record, not a document. */
bool is_system_noun(const char *w);

/* Participles that say a document is there: "attached", "submitted". */
bool is_presence_word(const char *w);

/* Nouns that name documents, not values: "report", "statement", "form". */
bool is_document_noun(const char *w);

/* Nouns that name a group of checks: "checks", "requirements". */
bool is_check_group_noun(const char *w);

/* Words for judgment that needs a model: "consistent", "reasonable". */
bool is_judgment_word(const char *w);

/* Words that end a noun phrase: conjunctions, auxiliaries, clause words. */
bool is_np_stop_word(const char *w);

/* Auxiliary and modal single words: is, are, was, must, does, ... */
bool is_aux_word(const char *w);

/* "has", "qualifies", "exceeds": a verb that names a condition before
 * "if" or "when", the way "is" does. */
bool is_naming_verb(const char *w);

/* The word tables are sorted by byte value (lookups are binary searches);
 * false if one is not: a test keeps them so. */
bool phrases_tables_sorted(void);

/* The operator with the opposite truth: GT <-> LE, EQ <-> NE, ... */
cmp_op cmp_negate(cmp_op op);

/* Whether a term's key ends in a noun whose values are words ("claim
 * status", "decision"): "is filed", "is suspended" give its value. */
bool names_a_category(const char *key);

#endif
