/*
 * Label scoring: how well a label printed on a form names the term a
 * policy asks for ("Amt Claimed", "2FA Required", "Progress" for "the
 * claimed amount", "two-factor authentication is required", "the percent
 * complete"). The extractor (extract.c) scores every label of a document
 * with it, keeps those whose value parses as the term's type, and lets the
 * best win only by a margin.
 *
 * A score is 0..1000 and says which signal gave it (label_how); see
 * label_score.c for each signal and its weight.
 */
#ifndef POLICY_LABEL_SCORE_H
#define POLICY_LABEL_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/alloc.h"
#include "base/words.h"
#include "policy.h"

typedef enum label_how {
	LABEL_NONE = 0,
	LABEL_WORDS,        /* the label's own words (words.h); equal sets score 1000 */
	LABEL_ABBREVIATION, /* a word of the label shortens a word of the term ("Bldg") */
	LABEL_ACRONYM,      /* initials of the term's words ("2FA", "LMI") */
	LABEL_SYNONYM,      /* a phrase of the lexicon (data/label-synonyms.txt) */
	LABEL_HEAD,         /* the only label of the term's kind and type ("Line Total") */
	LABEL_KIND          /* the term's kind word left to the value ("Received" for "the date received") */
} label_how;

/* The score a label gets from its head noun alone (LABEL_HEAD), just above
 * the extractor's threshold: any label that names the term in words beats
 * it by the margin. */
enum { LABEL_HEAD_SCORE = 500 };

/* Lexicon groups kept for a label or a term, at most. */
enum { LABEL_GROUPS_MAX = 4 };

/* How the evidence says it: "words", "abbreviation", "acronym", "synonym",
 * "head noun"; NULL for LABEL_NONE. */
const char *label_how_name(label_how how);

/* A word that may be an acronym or an abbreviation (label_score.c). */
struct label_token;

/* Words to spell acronyms from: each word, whether it is a filler word,
 * and which first characters (letters, digits of number words) its
 * content words give, to pass over a token quickly (NULL: not known). */
typedef struct spelling {
	const wordlist *words;
	const bool *filler;
	const unsigned char *initials; /* 256 flags */
} spelling;

/* A term, prepared once for all the labels of a search. */
typedef struct label_term {
	const char *text; /* as the policy writes it */
	size_t len;
	const word_set *set;     /* its canonical words */
	const word_set *lex;     /* rewritten through the lexicon; NULL if no phrase of it */
	unsigned short groups[LABEL_GROUPS_MAX]; /* the lexicon groups of its phrases */
	size_t ngroups;
	/* Its words as written (singular, fillers kept) and ready to spell
	 * acronyms from, made in `a` when a label first needs them. */
	arena *a;
	bool raw_ready;
	wordlist raw;
	spelling spelling;
	const struct label_token *tokens; /* its words that may be acronyms */
	size_t ntokens;
	bool has_capitals;       /* it holds a word in capitals that may be an acronym */
	unsigned kind;           /* KIND_* its type's values are; 0: none the head rule knows */
	unsigned head_kind;      /* KIND_* the head rule looks for; 0: the rule is off */
	/* Its words without those that name its kind ("statement receipt" of
	 * "the statement receipt date"); NULL if it has none or only those. */
	const word_set *bare;
	bool bare_on;            /* bare says more than its document's name */
} label_term;

/* Prepare `field` (its canonical set `set`, made by the caller) for
 * labels on a document whose type's words are `doc` (may be NULL), for
 * values of `type`. With `head_rule` false the head noun rule never
 * applies. False on allocation failure. */
bool label_term_make(arena *a, const char *field, size_t len, const word_set *set,
                     const word_set *doc, policy_type type, bool head_rule, label_term *out);

/* A term prepared once for any document (a plan's field, run/extract.h):
 * label_term_make without the document, its words as written made now,
 * so scoring never writes to it. Copy it for each search and give the
 * copy its document with label_term_on. False on allocation failure. */
bool label_term_prepare(arena *a, const char *field, size_t len, const word_set *set,
                        policy_type type, label_term *out);
/* The term on a document whose type's words are `doc` (may be NULL):
 * whether the head rule may apply (`head_rule`), and `a` for what scoring
 * makes of it. */
void label_term_on(label_term *t, arena *a, const word_set *doc, bool head_rule);

/* A label, prepared once for every term it is scored against. */
typedef struct label_text {
	const char *text;
	size_t len;
	words_label words;   /* its readings (words.h) */
	unsigned short groups[LABEL_GROUPS_MAX]; /* lexicon groups of reading 0's phrases */
	size_t ngroups;
	const struct label_token *tokens; /* its words that may be acronyms or abbreviations */
	size_t ntokens;
	bool has_capitals;   /* a word in capitals that may be an acronym */
	bool has_short;      /* a word that may be an abbreviation ("Bldg", "Cert.") */
	/* Reading 0 without its words that name each kind of value a type
	 * says by itself (label_score.c): "patient" of "Patient Balance Due"
	 * for amounts; reading 0 if it has none, NULL if it has only those. */
	const word_set *bare[4];
} label_text;

/* False on allocation failure or invalid UTF-8. */
bool label_text_make(arena *a, const char *label, size_t len, label_text *out);

typedef struct label_match {
	int score;      /* 0..1000 */
	label_how how;  /* the signal that gave the score */
	/* For the head rule (the caller decides, seeing the whole document):
	 * the label's head noun names the term's kind of value (`typed`), and
	 * it says nothing the term does not (`head_only`: "Line Total", "Amount
	 * Due" for "the invoice amount" on an invoice). */
	bool typed, head_only;
} label_match;

/* Score one label against one term (which may make its words as written
 * the first time a label needs them). Scratch allocations go to
 * `scratch`; on allocation failure the score may be low and scratch->failed
 * or the term's arena's `failed` is set. */
void label_score(arena *scratch, label_term *term, const label_text *label, label_match *out);

#endif
