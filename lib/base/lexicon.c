/*
 * The label lexicon (see lexicon.h): the tables scripts/gen-lexicon.py
 * writes from data/label-synonyms.txt, and the longest-phrase lookup.
 *
 * The entries are sorted by phrase in byte order. Phrases that start with
 * one word are contiguous and their word is followed by ' ' or the end,
 * and ' ' sorts before every letter and digit, so a binary search for the
 * first word finds them all in one run (as words.c finds expansions),
 * among the entries that begin with its first byte (lexicon_first).
 */
#include "base/lexicon.h"

#include <string.h>

typedef struct lexicon_entry {
	const char *phrase;
	unsigned short group;
} lexicon_entry;

#include "label_synonyms.inc"

#define COUNT_OF(t) (sizeof(t) / sizeof((t)[0]))

/* strcmp of the word w[0..len) against the start of a phrase, up to the
 * phrase's first space. */
static int cmp_first(const char *w, size_t len, const char *phrase)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char a = (unsigned char)w[i], b = (unsigned char)phrase[i];
		if (a != b)
			return a < b ? -1 : 1;
	}
	return phrase[len] == '\0' || phrase[len] == ' ' ? 0 : -1;
}

/* Do the words at i spell the phrase? Its length in words, or 0. */
static size_t spells(const lexicon_word *words, size_t n, size_t i, const char *phrase)
{
	size_t k = 0;
	const char *p = phrase;
	while (*p) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (i + k >= n || words[i + k].len != len || memcmp(words[i + k].w, p, len) != 0)
			return 0;
		k++;
		p += len;
		if (*p == ' ')
			p++;
	}
	return k;
}

size_t lexicon_match(const lexicon_word *words, size_t n, size_t i, unsigned *group)
{
	if (i >= n)
		return 0;
	const lexicon_word *w = &words[i];
	if (w->len == 0)
		return 0; /* no phrase begins with an empty word */
	/* the entries that begin with the word's first byte */
	size_t lo = lexicon_first[(unsigned char)w->w[0]];
	size_t hi = lexicon_first[(unsigned char)w->w[0] + 1];
	while (lo < hi) { /* the first entry not below the word */
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_first(w->w, w->len, lexicon_entries[mid].phrase) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t best = 0;
	for (size_t j = lo; j < COUNT_OF(lexicon_entries); j++) {
		if (cmp_first(w->w, w->len, lexicon_entries[j].phrase) != 0)
			break;
		size_t k = spells(words, n, i, lexicon_entries[j].phrase);
		if (k > best) {
			best = k;
			*group = lexicon_entries[j].group;
		}
	}
	return best;
}

const char *lexicon_group_name(unsigned group)
{
	return group < COUNT_OF(lexicon_names) ? lexicon_names[group] : NULL;
}

const char *lexicon_group_domain(unsigned group)
{
	return group < COUNT_OF(lexicon_domains) ? lexicon_domains[group] : NULL;
}

size_t lexicon_group_count(void)
{
	return COUNT_OF(lexicon_names);
}

size_t lexicon_phrase_count(void)
{
	return COUNT_OF(lexicon_entries);
}

const char *lexicon_phrase(size_t i, unsigned *group)
{
	if (i >= COUNT_OF(lexicon_entries))
		return NULL;
	if (group)
		*group = lexicon_entries[i].group;
	return lexicon_entries[i].phrase;
}
