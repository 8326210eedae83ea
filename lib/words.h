/*
 * Words: how the compiler, the extractor and the fact lookup decide that two
 * phrases name the same thing.
 *
 * A phrase ("the Owner's Credit Scores", "Date Received", "DOB") becomes a
 * list of normalized words:
 *   - Unicode NFC and case folding (utf8proc), so "Café" == "CAFÉ";
 *   - split on spaces, hyphens, slashes and punctuation; a possessive "'s"
 *     or trailing "'" is dropped ("owner's" -> "owner");
 *   - plurals folded to singular ("payments" -> "payment", "categories" ->
 *     "category", "statuses" -> "status");
 *   - with WORDS_CONTENT, filler words dropped (articles, "of", "for", "the",
 *     "on", "to", ...);
 *   - with WORDS_CANON, each word mapped through a word-synonym table to a
 *     canonical word ("currency" -> "cash", "established" -> "start") and
 *     abbreviations expanded ("dob" -> "date", "birth"; "noi" -> "net",
 *     "operating", "income").
 *
 * The match score compares two phrases as sets of canonical words, ignoring
 * order ("Date Received" == "received date"), and is what label matching
 * and term resolution rank by. The tables live in words_tables.c: a new
 * synonym is one line there.
 */
#ifndef POLICY_WORDS_H
#define POLICY_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "alloc.h"

enum {
	WORDS_CONTENT = 1 << 0, /* drop filler words */
	WORDS_CANON = 1 << 1,   /* synonyms and abbreviations */
	WORDS_STEM = 1 << 2     /* light stemming: "estimated"/"estimate" -> "estimat" */
};

typedef struct wordlist {
	const char **w;  /* NUL-terminated words, arena-owned */
	size_t n;
} wordlist;

/* Split and normalize; false on allocation failure or invalid UTF-8. */
bool words_split(arena *a, const char *s, size_t len, unsigned flags, wordlist *out);

/* A canonical key for a name: content words, singular, joined by single
 * spaces ("The Owner's Credit Scores" -> "owner credit score"). Arena
 * string, NULL on failure. */
char *words_key(arena *a, const char *s, size_t len);

/* The singular of one lowercase word ("appraisals" -> "appraisal"); writes
 * to out (cap bytes), returns length. */
size_t word_singular(const char *w, size_t len, char *out, size_t cap);

bool word_is_filler(const char *w);

/* 0..1000: how well `label` (as written on a form or fact key) names
 * `field` (as the policy calls it). 1000 means the same canonical word set;
 * 0 means nothing in common. See words.c for the scoring. */
int words_match(arena *scratch, const char *label, size_t label_len, const char *field,
                size_t field_len);

/* Smallest edit distance between two strings (bytes), capped at `cap`+1:
 * for "did you mean" hints. */
unsigned words_edit_distance(const char *a, size_t alen, const char *b, size_t blen, unsigned cap);

#endif
