/*
 * The label lexicon: groups of phrases that name the same thing on forms
 * ("percent complete" = "progress"), from data/label-synonyms.txt, compiled
 * into the library at build time by scripts/gen-lexicon.py (the library
 * reads no files).
 *
 * Phrases are sequences of normalized words (words.h: lowercase, singular,
 * canonical, no filler words), so they are looked up in a phrase's words
 * as words_split(WORDS_CONTENT | WORDS_CANON) gives them.
 */
#ifndef POLICY_LEXICON_H
#define POLICY_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

/* One word of a phrase being looked up (not NUL-terminated). */
typedef struct lexicon_word {
	const char *w;
	size_t len;
} lexicon_word;

/* The longest lexicon phrase that starts at words[i]: its length in words
 * (0 if none starts there) and its group in *group. */
size_t lexicon_match(const lexicon_word *words, size_t n, size_t i, unsigned *group);

/* A group's name (its first phrase, which stands for the group) and the
 * domain heading it is written under. */
const char *lexicon_group_name(unsigned group);
const char *lexicon_group_domain(unsigned group);
size_t lexicon_group_count(void);

/* Every phrase, for tests: phrase i of lexicon_phrase_count() in byte
 * order, with its group. */
size_t lexicon_phrase_count(void);
const char *lexicon_phrase(size_t i, unsigned *group);

#endif
