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

#include "base/alloc.h"

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

/* Scores the library acts on. A form label names a field from
 * WORDS_MATCH_LABEL (forms abbreviate and reorder freely, and the value must
 * also parse as the field's type); a fact name, which a host writes with
 * care, names a fact from WORDS_MATCH_NAME. */
#define WORDS_MATCH_LABEL 450
#define WORDS_MATCH_NAME 700

/* Smallest edit distance between two strings (bytes), capped at `cap`+1:
 * for "did you mean" hints. Caps above WORDS_EDIT_CAP_MAX are lowered to it. */
#define WORDS_EDIT_CAP_MAX 255
unsigned words_edit_distance(const char *a, size_t alen, const char *b, size_t blen, unsigned cap);

/* ---- prepared phrases ----
 *
 * words_match splits and canonicalizes both phrases on every call. Callers
 * that compare one phrase with many (the extractor: one field against every
 * label of a document) prepare it once. */
typedef struct word_set word_set;

/* The canonical word set of a phrase, in the arena. False on allocation
 * failure or invalid UTF-8 (*out is then NULL). */
bool words_set_make(arena *a, const char *s, size_t len, word_set **out);
/* words_match over prepared phrases. */
int words_set_match(const word_set *label, const word_set *field);
/* words_match of a label's text against a prepared field: the label read
 * whole and without its parenthetical ("Politically Exposed Person (PEP)");
 * the better reading counts. 0 on allocation failure. */
int words_label_match(arena *scratch, const char *label, size_t label_len, const word_set *field);
/* True if the phrase has no words at all ("", "--", "the"). */
bool words_set_empty(const word_set *s);

/* A prepared set's words, in the order first written (canonical, each
 * once), and the kinds of value its head word names (KIND_*, people
 * aside; 0 if its head names no kind). */
size_t words_set_count(const word_set *s);
const char *words_set_word(const word_set *s, size_t i, size_t *len);
unsigned words_set_head_kinds(const word_set *s);
/* Does the set hold this canonical word? */
bool words_set_has(const word_set *s, const char *w, size_t len);

/* A label prepared once and matched against many fields: every reading
 * words_label_match tries (whole, each part between slashes, without its
 * parenthetical). reading[0] is the label whole. */
typedef struct words_label {
	const word_set **reading;
	size_t n;
} words_label;

/* False on allocation failure or invalid UTF-8. */
bool words_label_make(arena *a, const char *label, size_t label_len, words_label *out);
/* words_label_match over a prepared label: its best reading. */
int words_label_score(const words_label *label, const word_set *field);

/* ---- single canonical words ---- */

/* What kinds of value a canonical word names (KIND_*; 0 if none). */
unsigned words_kinds(const char *w, size_t len);
/* A word that says what kind of thing a label is rather than which one
 * ("amount", "date", "total"): words_generic_table. */
bool words_is_generic(const char *w, size_t len);
/* A lowercase word the tables give a meaning of their own: a synonym
 * ("amt") or an abbreviation that expands ("dob", "po"). */
bool words_known(const char *w, size_t len);

/* ---- tables (words_tables.c) ----
 *
 * Each table is sorted by its first column in byte order (binary search; a
 * unit test keeps them sorted) and written in normalized form: lowercase,
 * singular, without filler words, so a table line reads like the key it
 * matches. */
typedef struct word_pair {
	const char *from;
	const char *to;
} word_pair;

/* What kind of value a word names ("date", "amount", ...): a label and a
 * field whose head words name different kinds are not the same field. */
enum {
	KIND_DATE = 1 << 0,
	KIND_ID = 1 << 1,
	KIND_AMOUNT = 1 << 2,
	KIND_COUNT = 1 << 3,
	KIND_RATE = 1 << 4,
	KIND_NAME = 1 << 5,
	KIND_ADDRESS = 1 << 6,
	KIND_CONTACT = 1 << 7,
	KIND_STATUS = 1 << 8,
	KIND_CATEGORY = 1 << 9,
	/* People a form is about ("applicant", "borrower"): related, never in
	 * conflict, so this class gives partial credit only. */
	KIND_PARTY = 1 << 10
};
#define KIND_CONFLICTING (~(unsigned)KIND_PARTY)

typedef struct word_kind {
	const char *word;
	unsigned kinds;
} word_kind;

extern const char *const words_filler_table[];
extern const size_t words_filler_count;
/* Words that say what kind of thing a label is rather than which one
 * ("amount", "date", "name") and people ("applicant"): they weigh less. */
extern const char *const words_generic_table[];
extern const size_t words_generic_count;
/* Plurals the suffix rules get wrong ("criteria", "statuses"), and
 * singulars that look plural ("premises"), mapped to themselves. */
extern const word_pair words_plural_table[];
extern const size_t words_plural_count;
/* One word to its canonical word ("currency" -> "cash"). */
extern const word_pair words_synonym_table[];
extern const size_t words_synonym_count;
/* Abbreviations and phrases: one or more words to canonical words ("dob"
 * -> "date birth", "each occurrence" -> "general liability limit"). */
extern const word_pair words_expansion_table[];
extern const size_t words_expansion_count;
extern const word_kind words_kind_table[];
extern const size_t words_kind_count;

#endif
