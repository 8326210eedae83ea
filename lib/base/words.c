/*
 * Words: deciding that two phrases name the same thing (see words.h).
 *
 * A form says "Amount Claimed" where the policy says "claimed amount";
 * "DOB" where it says "date of birth"; "Currency" on a deposit slip where
 * it says "cash amount"; "Each Occurrence" on an insurance certificate
 * where it says "general liability limit". The same form also says
 * "Policy Number", "Estimator" and "Name", which must not be taken for
 * the policy expiration date, the estimated repair cost or the vendor name.
 *
 * NORMALIZING. A phrase is case-folded and NFC-normalized (text.h), then
 * split into words at anything that is not a letter, digit or mark, with
 * a few rules for how forms write things: "owner's" -> "owner"; "D.O.B."
 * -> "dob"; "W-9" -> "w9" (a short form code); "P&L" stays one word; "#"
 * is the word "#" and "%" the word "percent". Words become singular by
 * suffix rules plus an exception table. Then, as the caller asks:
 *   WORDS_CONTENT  drops filler words ("the", "of", "whether", ...);
 *   WORDS_CANON    expands abbreviations and phrases ("noi" -> "net
 *                  operating income"; the longest phrase wins), then maps
 *                  every word through the synonym table ("established" ->
 *                  "start");
 *   WORDS_STEM     strips a light suffix ("estimated" -> "estimat").
 * All tables live in words_tables.c.
 *
 * SCORING (words_match). Both phrases become sets of canonical content
 * words. Each word weighs 3 if it is distinctive, 1 if it is generic
 * ("amount", "date", "name", "applicant", ...: words_generic_table).
 * Words of the label are paired with words of the field, one to one, in
 * three passes, each giving the pair some credit:
 *   1. equal canonical words            full weight
 *   2. equal stems ("approved"/         0.6 x the smaller weight
 *      "approval")
 *   3. words of one kind ("total" and   0.5 x the smaller weight
 *      "cost" are both amounts)
 * The score is a weighted Dice coefficient, 1000 x 2 x credit / (weight of
 * the label + weight of the field), then:
 *   - equal sets score exactly 1000, and nothing else does (999 at most);
 *   - no match without substance: if the field has a distinctive word, a
 *     distinctive word must pair in pass 1 or 2 ("Name" is not the vendor
 *     name); a field of generic words only ("amount") needs an equal word;
 *   - kind conflict, score / 3: the head words name different kinds of
 *     value ("Policy Number" vs "policy expiration date": a number is not
 *     a date). The head is the last kind word, or the last one before "of"
 *     ("Date of Loss" is a date);
 *   - divergence, score x 0.4: the label has a distinctive word the field
 *     lacks, and the field a word the label lacks: siblings, not the same
 *     thing ("Auto Liability Limit" vs "general liability limit", "Cause of
 *     Loss" vs "date of loss"). A label that is only shorter ("Monthly
 *     Debts" for "total monthly debt payments") or only longer is fine.
 *
 * Agent nouns keep their suffix when stemmed, so "Estimator" (a person)
 * shares no stem with "estimated repair cost", while "Total Estimate"
 * matches it on "estimate" plus the kind credit of "total" for "cost".
 *
 * Some scores, for a feel: "Amount Claimed"/"claimed amount" 1000; "Monthly
 * Debts"/"total monthly debt payments" 750; "Currency"/"cash amount" 857;
 * "Total Estimate"/"estimated repair cost" 538; "Policy Number"/"policy
 * expiration date" 181; "Name"/"vendor name" 0. The extractor accepts a
 * label from WORDS_MATCH_LABEL (450), a fact name from WORDS_MATCH_NAME.
 */
#include "base/words.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "base/text.h"

/* ---- table lookups ---- */

/* Where each first byte starts in each table (scripts/gen-words-index.c):
 * entries [t_first[c], t_first[c + 1]) of table t begin with byte c. */
#include "words_index.inc"

/* strcmp of key[0..len) (no NUL inside) against a table entry that begins
 * with the same byte. Written out rather than calling strncmp: table words
 * are short, and a search runs for every word of every label. */
static int cmp_rest(const char *key, size_t len, const char *entry)
{
	for (size_t i = 1; i < len; i++) {
		unsigned char k = (unsigned char)key[i], e = (unsigned char)entry[i];
		if (k != e)
			return k < e ? -1 : 1; /* a shorter entry ends in NUL, below any byte */
	}
	return entry[len] == '\0' ? 0 : -1;
}

/* The entries that begin with w's first byte, [*lo, *hi); false for an
 * empty word, which no entry is. */
static bool entries_of(const unsigned short *first, const char *w, size_t len, size_t *lo,
                       size_t *hi)
{
	if (len == 0)
		return false;
	*lo = first[(unsigned char)w[0]];
	*hi = first[(unsigned char)w[0] + 1];
	return true;
}

static const char *const *find_word(const char *const *table, const unsigned short *first,
                                    const char *w, size_t len)
{
	size_t lo, hi;
	if (!entries_of(first, w, len, &lo, &hi))
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_rest(w, len, table[mid]);
		if (c == 0)
			return &table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const word_pair *find_pair(const word_pair *table, const unsigned short *first,
                                  const char *w, size_t len)
{
	size_t lo, hi;
	if (!entries_of(first, w, len, &lo, &hi))
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_rest(w, len, table[mid].from);
		if (c == 0)
			return &table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static unsigned word_kinds(const char *w, size_t len)
{
	size_t lo, hi;
	if (!entries_of(kind_first, w, len, &lo, &hi))
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_rest(w, len, words_kind_table[mid].word);
		if (c == 0)
			return words_kind_table[mid].kinds;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static bool is_filler_n(const char *w, size_t len)
{
	return find_word(words_filler_table, filler_first, w, len) != NULL;
}

static bool is_generic_n(const char *w, size_t len)
{
	return find_word(words_generic_table, generic_first, w, len) != NULL;
}

bool word_is_filler(const char *w)
{
	return w && is_filler_n(w, strlen(w));
}

/* ---- singular ---- */

static bool ends_with_n(const char *w, size_t len, const char *suffix, size_t n)
{
	if (len < n)
		return false;
	for (size_t i = 0; i < n; i++) /* short suffixes: no call */
		if (w[len - n + i] != suffix[i])
			return false;
	return true;
}

static bool ends_with(const char *w, size_t len, const char *suffix)
{
	return ends_with_n(w, len, suffix, strlen(suffix));
}

static bool has_digit(const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return true;
	return false;
}

/* How many bytes of a plural suffix to drop (0: the word is singular). */
static size_t plural_suffix(const char *w, size_t len)
{
	if (len <= 3 || w[len - 1] != 's')
		return 0;
	/* Singular words that end in s: "gross", "status", "basis", "texas". */
	if (ends_with(w, len, "ss") || ends_with(w, len, "us") || ends_with(w, len, "is") ||
	    ends_with(w, len, "as"))
		return 0;
	if (len > 4 && ends_with(w, len, "ies"))
		return 3; /* replaced by "y" */
	if (ends_with(w, len, "sses") || ends_with(w, len, "xes") || ends_with(w, len, "ches") ||
	    ends_with(w, len, "shes") || ends_with(w, len, "zzes"))
		return 2;
	return 1;
}

size_t word_singular(const char *w, size_t len, char *out, size_t cap)
{
	if (cap == 0)
		return 0;
	const char *src = w;
	size_t n = len;
	const char *tail = "";
	const word_pair *irregular = find_pair(words_plural_table, plural_first, w, len);
	if (irregular) {
		src = irregular->to;
		n = strlen(src);
	} else if (!has_digit(w, len)) {
		size_t drop = plural_suffix(w, len);
		if (drop == 3)
			tail = "y";
		n = len - drop;
	}
	size_t total = n + strlen(tail);
	if (total >= cap)
		total = cap - 1;
	size_t head = n < total ? n : total;
	memmove(out, src, head);
	memcpy(out + head, tail, total - head);
	out[total] = '\0';
	return total;
}

/* ---- light stemming ---- */

/* Suffixes of inflection and nominalization, longest first. Agent nouns
 * ("-er", "-or", "-ant", "-ee") are deliberately absent: an "estimator"
 * is a person, not an estimate. */
#define STEM_RULE(suffix, min_stem) { suffix, sizeof suffix - 1, min_stem }
static const struct {
	const char *suffix;
	size_t len;
	size_t min_stem;
} stem_rules[] = {
	STEM_RULE("ment", 4), STEM_RULE("ness", 4), STEM_RULE("ing", 4), STEM_RULE("ion", 4),
	STEM_RULE("ity", 4),  STEM_RULE("ive", 4),  STEM_RULE("ed", 4),   STEM_RULE("al", 5),
	STEM_RULE("ly", 4),   STEM_RULE("e", 4),
};
#undef STEM_RULE

static size_t stem_length(const char *w, size_t len)
{
	if (len == 0)
		return 0;
	char last = w[len - 1];
	for (size_t i = 0; i < sizeof stem_rules / sizeof stem_rules[0]; i++) {
		size_t n = stem_rules[i].len;
		if (last == stem_rules[i].suffix[n - 1] && len >= n + stem_rules[i].min_stem &&
		    ends_with_n(w, len, stem_rules[i].suffix, n)) {
			if (has_digit(w, len))
				return len; /* a code ("w2", "1099") has no stem */
			len -= n;
			/* "submitted" -> "submitt" -> "submit"; keep "ll", "ss". */
			char c = w[len - 1];
			if (len >= 2 && c == w[len - 2] && strchr("bdgmnprt", c))
				len--;
			return len;
		}
	}
	return len;
}

/* ---- splitting ---- */

typedef struct token {
	const char *w;
	size_t len;
	bool before_of; /* comes before the first "of": see head_kinds() */
	unsigned kinds; /* word_kinds, once words_set_make has looked */
} token;

typedef struct tokens {
	arena *a;
	token *v;
	size_t n, cap;
	bool failed;
} tokens;

static void push(tokens *t, const char *w, size_t len, bool before_of)
{
	if (t->failed)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		token *v = arena_grow(t->a, t->v, t->n, cap, sizeof *v);
		if (!v) {
			t->failed = true;
			return;
		}
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = (token){ w, len, before_of, 0 };
}

static bool is_ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t word_char_utf8(const char *s, size_t n, size_t i);

/* Length of the word character (letter, digit, mark) at s[i], or 0.
 * Inline for ASCII, which is nearly every byte of a label. */
static inline size_t word_char(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return 0;
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80)
		return (is_ascii_alpha((char)c) || is_ascii_digit((char)c)) ? 1 : 0;
	return word_char_utf8(s, n, i);
}

static size_t word_char_utf8(const char *s, size_t n, size_t i)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	                                      (utf8proc_ssize_t)(n - i), &cp);
	if (k <= 0)
		return 0;
	utf8proc_category_t cat = utf8proc_category(cp);
	if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO)
		return (size_t)k;
	return 0;
}

/* Length of an apostrophe (' or U+2019 or U+02BC) at s[i], or 0. */
static size_t apostrophe(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '\'')
		return 1;
	if (i + 3 <= n && memcmp(s + i, "\xE2\x80\x99", 3) == 0)
		return 3;
	if (i + 2 <= n && memcmp(s + i, "\xCA\xBC", 2) == 0)
		return 2;
	return 0;
}

/* Length of the run of word characters starting at s[i]. */
static size_t run_length(const char *s, size_t n, size_t i)
{
	size_t j = i, k;
	while ((k = word_char(s, n, j)) > 0)
		j += k;
	return j - i;
}

static bool all_alpha(const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_ascii_alpha(w[i]))
			return false;
	return len > 0;
}

static bool all_digits(const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_ascii_digit(w[i]))
			return false;
	return len > 0;
}

/* Read one word starting at s[*pos] (a word character) into out, which has
 * room for the rest of the string. Returns its length. */
static size_t read_word(const char *s, size_t n, size_t *pos, char *out)
{
	size_t i = *pos, len = 0, k;
	bool dotted = true; /* so far single letters joined by dots: "d.o.b" */
	for (;;) {
		if ((k = word_char(s, n, i)) > 0) {
			if (k == 1)
				out[len] = s[i]; /* ASCII, most words: no call */
			else
				memcpy(out + len, s + i, k);
			len += k;
			i += k;
			if (len > 1)
				dotted = false;
			continue;
		}
		if ((k = apostrophe(s, n, i)) > 0) {
			size_t after = i + k;
			if (after < n && s[after] == 's' && word_char(s, n, after + 1) == 0) {
				i = after + 1; /* possessive: "owner's" */
				break;
			}
			if (word_char(s, n, after) > 0) {
				i = after; /* "o'brien" */
				dotted = false;
				continue;
			}
			i = after; /* "owners'" */
			break;
		}
		if (s[i] == '&' && len <= 2 && all_alpha(out, len)) {
			size_t r = run_length(s, n, i + 1);
			if (r > 0 && r <= 2 && all_alpha(s + i + 1, r)) {
				out[len++] = '&'; /* "p&l", "r&d" */
				i++;
				dotted = false;
				continue;
			}
		}
		if (s[i] == '.' && dotted && len >= 1 && i + 1 < n && is_ascii_alpha(s[i + 1]) &&
		    word_char(s, n, i + 2) == 0) {
			out[len++] = s[i + 1]; /* "d.o.b." */
			i += 2;
			if (i < n && s[i] == '.' && word_char(s, n, i + 1) == 0)
				i++;
			continue;
		}
		if (s[i] == '-' && len <= 2 && all_alpha(out, len)) {
			size_t r = run_length(s, n, i + 1);
			if (r > 0 && all_digits(s + i + 1, r)) {
				memcpy(out + len, s + i + 1, r); /* "w-9" -> "w9" */
				len += r;
				i += 1 + r;
				dotted = false;
				continue;
			}
		}
		break;
	}
	*pos = i;
	return len;
}

/* Filler words go, except "of", which mark_of() needs first. */
static bool is_dropped_filler(const char *w, size_t len)
{
	return is_filler_n(w, len) && !(len == 2 && memcmp(w, "of", 2) == 0);
}

/* Split a folded string into singular words, without fillers if asked. */
static void tokenize(tokens *t, const char *s, size_t n, bool content)
{
	char *scratch = arena_alloc(t->a, n + 1);
	if (!scratch) {
		t->failed = true;
		return;
	}
	size_t i = 0;
	while (i < n && !t->failed) {
		if (s[i] == '#') {
			push(t, "#", 1, false);
			i++;
			continue;
		}
		if (s[i] == '%') {
			push(t, "percent", 7, false);
			i++;
			continue;
		}
		size_t k = word_char(s, n, i);
		if (k == 0) {
			size_t skip = text_utf8_len(s + i, n - i);
			i += skip ? skip : 1;
			continue;
		}
		size_t start = i;
		size_t len = read_word(s, n, &i, scratch);
		if (start > 0 && s[start - 1] == '-' && len == 3 && !memcmp(scratch, "ins", 3))
			len = 2; /* "trade-ins": the plural of "trade-in" ("Ins." alone is insurance) */
		if (content && is_dropped_filler(scratch, len))
			continue;
		char *w = arena_alloc(t->a, len + 2);
		if (!w) {
			t->failed = true;
			return;
		}
		size_t wl = word_singular(scratch, len, w, len + 2);
		/* the singular may be a filler word the plural was not */
		bool changed = wl != len;
		for (size_t k = 0; k < len && !changed; k++)
			changed = w[k] != scratch[k];
		if (content && changed && is_dropped_filler(w, wl))
			continue;
		push(t, w, wl, false);
	}
}

/* Mark the words before the first "of" and drop the "of"s (kept so far
 * only for this, when filler words are dropped). */
static void mark_of(tokens *t, bool content)
{
	size_t first_of = t->n;
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].len == 2 && memcmp(t->v[i].w, "of", 2) == 0) {
			first_of = i;
			break;
		}
	}
	size_t out = 0;
	for (size_t i = 0; i < t->n; i++) {
		token tk = t->v[i];
		if (content && tk.len == 2 && memcmp(tk.w, "of", 2) == 0)
			continue;
		tk.before_of = i < first_of && first_of < t->n;
		t->v[out++] = tk;
	}
	t->n = out;
}

/* Does the expansion key `key` ("each occurrence") match the words at i? */
static size_t key_matches(const tokens *t, size_t i, const char *key)
{
	size_t words = 0;
	const char *p = key;
	while (*p) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (i + words >= t->n || t->v[i + words].len != len ||
		    memcmp(t->v[i + words].w, p, len) != 0)
			return 0;
		words++;
		p += len;
		if (*p == ' ')
			p++;
	}
	return words;
}

/* Does the key's first word equal w (whose first byte it shares)? Words
 * hold no NUL, so a shorter key differs at its end. */
static bool key_begins_with(const char *key, const char *w, size_t len)
{
	for (size_t k = 1; k < len; k++)
		if (key[k] != w[k])
			return false;
	return key[len] == '\0' || key[len] == ' ';
}

/* The longest expansion whose key starts at word i; sets *span. */
static const word_pair *find_expansion(const tokens *t, size_t i, size_t *span)
{
	const token *w = &t->v[i];
	size_t lo, hi, end;
	*span = 0;
	if (!entries_of(expansion_first, w->w, w->len, &lo, &hi))
		return NULL;
	end = hi;
	while (lo < hi) { /* lower bound of w among the keys of its first byte */
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_rest(w->w, w->len, words_expansion_table[mid].from) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const word_pair *best = NULL;
	/* Keys starting with this word are contiguous: ' ' sorts before letters. */
	for (size_t j = lo; j < end; j++) {
		const char *key = words_expansion_table[j].from;
		if (!key_begins_with(key, w->w, w->len))
			break;
		size_t n = key_matches(t, i, key);
		if (n > *span) {
			*span = n;
			best = &words_expansion_table[j];
		}
	}
	return best;
}

static void push_words(tokens *t, const char *words, bool before_of)
{
	const char *p = words;
	while (*p) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		push(t, p, len, before_of);
		p += len;
		if (*p == ' ')
			p++;
	}
}

/* `in` is spent: its words are `out`'s when nothing expands. */
static void canonicalize(tokens *in, tokens *out)
{
	bool expanded = false;
	for (size_t i = 0; i < in->n && !out->failed;) {
		size_t span;
		const word_pair *e = find_expansion(in, i, &span);
		if (e) {
			if (!expanded) { /* the words before, as they were */
				for (size_t k = 0; k < i; k++)
					push(out, in->v[k].w, in->v[k].len, in->v[k].before_of);
				expanded = true;
			}
			push_words(out, e->to, in->v[i].before_of);
			i += span;
			continue;
		}
		if (expanded)
			push(out, in->v[i].w, in->v[i].len, in->v[i].before_of);
		i++;
	}
	if (!expanded)
		*out = *in;
	for (size_t i = 0; i < out->n; i++) {
		const word_pair *s =
		        find_pair(words_synonym_table, synonym_first, out->v[i].w, out->v[i].len);
		if (s) {
			out->v[i].w = s->to;
			out->v[i].len = strlen(s->to);
		}
	}
}

static bool stem_all(tokens *t)
{
	for (size_t i = 0; i < t->n; i++) {
		size_t len = stem_length(t->v[i].w, t->v[i].len);
		if (len == t->v[i].len)
			continue;
		char *w = arena_strndup(t->a, t->v[i].w, len);
		if (!w)
			return false;
		t->v[i].w = w;
		t->v[i].len = len;
	}
	return true;
}

/* The whole pipeline; tokens live in the arena. */
static bool split(arena *a, const char *s, size_t len, unsigned flags, tokens *out)
{
	*out = (tokens){ a, NULL, 0, 0, false };
	char *folded;
	size_t flen;
	if (text_fold(a, s, len, &folded, &flen, NULL) != TEXT_OK)
		return false;
	tokens raw = { a, NULL, 0, 0, false };
	tokenize(&raw, folded, flen, flags & WORDS_CONTENT);
	if (raw.failed)
		return false;
	mark_of(&raw, flags & WORDS_CONTENT);
	if (flags & WORDS_CANON) {
		canonicalize(&raw, out);
		if (out->failed)
			return false;
	} else {
		*out = raw;
	}
	if ((flags & WORDS_STEM) && !stem_all(out))
		return false;
	return true;
}

bool words_split(arena *a, const char *s, size_t len, unsigned flags, wordlist *out)
{
	out->w = NULL;
	out->n = 0;
	tokens t;
	if (!split(a, s, len, flags, &t))
		return false;
	const char **w = arena_alloc(a, (t.n ? t.n : 1) * sizeof *w);
	if (!w)
		return false;
	for (size_t i = 0; i < t.n; i++) {
		/* Table words are NUL-terminated; words cut from a phrase are not. */
		char *copy = arena_strndup(a, t.v[i].w, t.v[i].len);
		if (!copy)
			return false;
		w[i] = copy;
	}
	out->w = w;
	out->n = t.n;
	return true;
}

char *words_key(arena *a, const char *s, size_t len)
{
	tokens t;
	if (!split(a, s, len, WORDS_CONTENT, &t))
		return NULL;
	size_t total = 1;
	for (size_t i = 0; i < t.n; i++)
		total += t.v[i].len + 1;
	char *key = arena_alloc(a, total);
	if (!key)
		return NULL;
	size_t at = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (i)
			key[at++] = ' ';
		memcpy(key + at, t.v[i].w, t.v[i].len);
		at += t.v[i].len;
	}
	key[at] = '\0';
	return key;
}

/* ---- word sets and the score ---- */

enum {
	WEIGHT_GENERIC = 10, /* credits are in tenths so 0.6 and 0.5 stay exact */
	WEIGHT_DISTINCT = 30,
	/* Phrases longer than this are noise, not labels; the rest is ignored. */
	SET_MAX = 48
};

typedef struct set_word {
	const char *w;
	size_t len;
	size_t stem_len; /* w[0..stem_len) is the stem */
	uint32_t hash, stem_hash; /* of w and of its stem, to compare quickly */
	size_t root_len; /* "install" of "installation", "expir" of "expiration"; 0 if none */
	uint32_t root_hash;
	unsigned weight;
	unsigned kinds;
} set_word;

struct word_set {
	set_word *w;
	size_t n;
	size_t head;         /* the head noun's index in w ("category" of "item
	                        category", "date" of "date of loss"); n if none */
	unsigned weight;     /* sum of the words' weights */
	unsigned head_kinds; /* kinds of the head word, KIND_CONFLICTING only */
	bool distinct;       /* has a distinctive word */
	/* A bit for each word's hash and each stem's that stems_equal could
	 * pair: two sets whose bits do not meet pair no word in pass 1 or 2
	 * (words_set_match), so they score 0 without a look at their words. */
	uint64_t pairable[4];
};

/* FNV-1a: equal bytes, equal hashes. */
static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static bool words_equal(const set_word *a, const set_word *b)
{
	return a->hash == b->hash && a->len == b->len && memcmp(a->w, b->w, a->len) == 0;
}

static void set_pairable(word_set *set, uint32_t h)
{
	h ^= h >> 15;
	h *= 0x2c1b3c6dU;
	h ^= h >> 12;
	set->pairable[(h >> 6) & 3] |= (uint64_t)1 << (h & 63);
}

static bool may_pair(const word_set *a, const word_set *b)
{
	return ((a->pairable[0] & b->pairable[0]) | (a->pairable[1] & b->pairable[1]) |
	        (a->pairable[2] & b->pairable[2]) | (a->pairable[3] & b->pairable[3])) != 0;
}

bool words_set_empty(const word_set *s)
{
	return !s || s->n == 0;
}

/* The head of a phrase names what it is: the last kind word, or the last
 * one before "of" ("Date of Loss", "Number of Employees"). A number or an
 * address can stand for the thing it reaches ("phone number" is a phone,
 * "email address" an email), so then the kinds of the word before count
 * too; a "cost date" stays a date. */
static unsigned head_kinds(const tokens *t)
{
	size_t head = t->n, last = t->n;
	for (size_t i = 0; i < t->n; i++) {
		if (!(t->v[i].kinds & KIND_CONFLICTING))
			continue;
		last = i;
		if (t->v[i].before_of)
			head = i;
	}
	if (head == t->n)
		head = last;
	if (head == t->n)
		return 0;
	if (t->v[head].before_of && t->v[head].len == 6 && !memcmp(t->v[head].w, "number", 6))
		return 0; /* "number of late payments" counts; it names no identifier */
	unsigned k = t->v[head].kinds;
	if ((k & (KIND_ID | KIND_ADDRESS)) && head > 0 &&
	    t->v[head - 1].before_of == t->v[head].before_of)
		k |= t->v[head - 1].kinds;
	return k & KIND_CONFLICTING;
}

bool words_set_make(arena *a, const char *s, size_t len, word_set **out)
{
	*out = NULL;
	tokens t;
	if (!split(a, s, len, WORDS_CONTENT | WORDS_CANON, &t))
		return false;
	word_set *set = arena_zalloc(a, sizeof *set);
	size_t cap = t.n < SET_MAX ? t.n : SET_MAX;
	set_word *w = arena_alloc(a, (cap ? cap : 1) * sizeof *w);
	if (!set || !w)
		return false;
	set->w = w;
	for (size_t i = 0; i < t.n; i++)
		t.v[i].kinds = word_kinds(t.v[i].w, t.v[i].len);
	set->head_kinds = head_kinds(&t);
	set->head = cap;
	size_t head_token = t.n ? t.n - 1 : 0;
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].before_of)
			head_token = i;
	for (size_t i = 0; i < t.n && set->n < cap; i++) {
		set_word word = { .w = t.v[i].w, .len = t.v[i].len };
		word.hash = hash_bytes(word.w, word.len);
		bool seen = false;
		for (size_t j = 0; j < set->n && !seen; j++)
			seen = words_equal(&w[j], &word);
		if (seen)
			continue;
		if (i == head_token)
			set->head = set->n;
		set_word *sw = &w[set->n++];
		*sw = word;
		sw->stem_len = stem_length(sw->w, sw->len);
		sw->stem_hash = hash_bytes(sw->w, sw->stem_len);
		set_pairable(set, sw->hash);
		if (sw->stem_len >= 4)
			set_pairable(set, sw->stem_hash);
		/* "installation" and "installed", "expiration" and "expired": the
		 * root before "-ation" is the stem of the verb's forms */
		if (sw->len >= 9 && !memcmp(sw->w + sw->len - 5, "ation", 5) && !has_digit(sw->w, sw->len)) {
			sw->root_len = sw->len - 5;
			sw->root_hash = hash_bytes(sw->w, sw->root_len);
			set_pairable(set, sw->root_hash);
		}
		sw->kinds = t.v[i].kinds;
		sw->weight = is_generic_n(sw->w, sw->len) ? WEIGHT_GENERIC : WEIGHT_DISTINCT;
		set->weight += sw->weight;
		set->distinct |= sw->weight == WEIGHT_DISTINCT;
	}
	*out = set;
	return true;
}

static unsigned min_u(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

static bool same_prefix(const set_word *a, size_t al, uint32_t ah, const set_word *b, size_t bl,
                        uint32_t bh)
{
	return al >= 4 && ah == bh && al == bl && memcmp(a->w, b->w, al) == 0;
}

static bool stems_equal(const set_word *a, const set_word *b)
{
	return same_prefix(a, a->stem_len, a->stem_hash, b, b->stem_len, b->stem_hash) ||
	       (a->root_len && same_prefix(a, a->root_len, a->root_hash, b, b->stem_len, b->stem_hash)) ||
	       (b->root_len && same_prefix(a, a->stem_len, a->stem_hash, b, b->root_len, b->root_hash));
}

int words_set_match(const word_set *label, const word_set *field)
{
	if (!label || !field || label->n == 0 || field->n == 0 || !may_pair(label, field))
		return 0;
	bool lp[SET_MAX] = { false }, fp[SET_MAX] = { false };
	unsigned credit = 0;        /* tenths of weight */
	bool equal_distinct = false; /* a distinctive word paired in pass 1 or 2 */
	bool equal_any = false;     /* any word paired in pass 1 */
	size_t exact = 0;

	for (size_t f = 0; f < field->n; f++) {
		for (size_t l = 0; l < label->n; l++) {
			const set_word *fw = &field->w[f], *lw = &label->w[l];
			if (lp[l] || !words_equal(fw, lw))
				continue;
			lp[l] = fp[f] = true;
			credit += fw->weight;
			equal_any = true;
			equal_distinct |= fw->weight == WEIGHT_DISTINCT;
			exact++;
			break;
		}
	}
	if (exact == field->n && exact == label->n)
		return 1000;

	for (size_t f = 0; f < field->n; f++) {
		for (size_t l = 0; l < label->n && !fp[f]; l++) {
			const set_word *fw = &field->w[f], *lw = &label->w[l];
			if (lp[l] || !stems_equal(fw, lw))
				continue;
			lp[l] = fp[f] = true;
			credit += min_u(fw->weight, lw->weight) * 6 / 10;
			equal_distinct |= fw->weight == WEIGHT_DISTINCT && lw->weight == WEIGHT_DISTINCT;
		}
	}
	/* (pass 3 pairs no word that gives substance) */
	if (field->distinct ? !equal_distinct : !equal_any)
		return 0;
	for (size_t f = 0; f < field->n; f++) {
		for (size_t l = 0; l < label->n && !fp[f]; l++) {
			const set_word *fw = &field->w[f], *lw = &label->w[l];
			if (lp[l] || !(fw->kinds & lw->kinds))
				continue;
			lp[l] = fp[f] = true;
			credit += min_u(fw->weight, lw->weight) / 2;
		}
	}

	unsigned score = (unsigned)((2000ull * credit) / (label->weight + field->weight));
	if (label->head_kinds && field->head_kinds && !(label->head_kinds & field->head_kinds))
		score /= 3;
	bool label_extra = false, field_extra = false;
	for (size_t l = 0; l < label->n; l++)
		label_extra |= !lp[l] && label->w[l].weight == WEIGHT_DISTINCT;
	for (size_t f = 0; f < field->n; f++)
		field_extra |= !fp[f];
	if (label_extra && field_extra)
		score = score * 2 / 5;
	/* Of two labels that each name part of "item category", "Category"
	 * names what it is and "Item" only what it is of. */
	if (field_extra && field->head < field->n && !fp[field->head])
		score = score * 4 / 5;
	return score > 999 ? 999 : (int)score;
}

size_t words_set_count(const word_set *s)
{
	return s ? s->n : 0;
}

const char *words_set_word(const word_set *s, size_t i, size_t *len)
{
	if (!s || i >= s->n) {
		*len = 0;
		return NULL;
	}
	*len = s->w[i].len;
	return s->w[i].w;
}

unsigned words_set_head_kinds(const word_set *s)
{
	return s ? s->head_kinds : 0;
}

bool words_set_has(const word_set *s, const char *w, size_t len)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (s->w[i].len == len && memcmp(s->w[i].w, w, len) == 0)
			return true;
	return false;
}

unsigned words_kinds(const char *w, size_t len)
{
	return word_kinds(w, len);
}

bool words_is_generic(const char *w, size_t len)
{
	return is_generic_n(w, len);
}

bool words_known(const char *w, size_t len)
{
	return find_pair(words_synonym_table, synonym_first, w, len) ||
	       find_pair(words_expansion_table, expansion_first, w, len);
}

/* A label with a parenthetical, "Politically Exposed Person (PEP)" or
 * "Loan Term (months)", reads two ways: whole, and without the
 * parenthetical (which often restates the words before it as an
 * abbreviation). The better reading counts. The parenthetical alone is not
 * a reading: in "Damage to Rented Premises (Ea occurrence)" it qualifies
 * the words before it and must not pass for another field's label.
 * "Currency/Amount" reads as each part on its own, too. */
/* The label without its bytes [from, to), as words. */
static bool reading_without(arena *a, const char *label, size_t len, size_t from, size_t to,
                            const word_set **out)
{
	char one[256];
	*out = NULL;
	if (len >= sizeof one)
		return true;
	memcpy(one, label, from);
	memcpy(one + from, label + to, len - to);
	word_set *l;
	if (!words_set_make(a, one, from + len - to, &l))
		return false;
	*out = l;
	return true;
}

bool words_label_make(arena *a, const char *label, size_t label_len, words_label *out)
{
	out->reading = NULL;
	out->n = 0;
	size_t slashes = 0;
	for (size_t i = 0; i < label_len; i++)
		slashes += label[i] == '/';
	const word_set **r = arena_alloc(a, (slashes + 6) * sizeof *r);
	word_set *l;
	if (!r || !words_set_make(a, label, label_len, &l))
		return false;
	out->reading = r;
	r[out->n++] = l;
	for (size_t b = 0, e; slashes && b < label_len; b = e + 1) {
		const char *slash = memchr(label + b, '/', label_len - b);
		e = slash ? (size_t)(slash - label) : label_len;
		if (e - b < 3 || (b == 0 && e == label_len))
			continue;
		if (!words_set_make(a, label + b, e - b, &l))
			return false;
		r[out->n++] = l;
	}
	/* "Number of Employees as of 3/1/2020": the label before its date */
	for (size_t k = 1; k + 7 < label_len; k++)
		if (label[k - 1] == ' ' && (label[k] == 'a' || label[k] == 'A') &&
		    (label[k + 1] == 's' || label[k + 1] == 'S') && label[k + 2] == ' ' &&
		    (label[k + 3] == 'o' || label[k + 3] == 'O') &&
		    (label[k + 4] == 'f' || label[k + 4] == 'F') && label[k + 5] == ' ') {
			/* and without what it says in parentheses */
			char head[256];
			size_t n = 0;
			int depth = 0;
			for (size_t c = 0; c + 1 < k && n + 1 < sizeof head; c++) {
				depth += label[c] == '(';
				if (!depth)
					head[n++] = label[c];
				depth -= label[c] == ')' && depth;
			}
			word_set *h;
			if (!words_set_make(a, head, n, &h))
				return false;
			r[out->n++] = h;
			break;
		}
	/* "Other Dental or Medical Coverage": "Other Dental Coverage" and
	 * "Other Medical Coverage", one word each side of the "or" */
	const char *or = NULL;
	for (size_t k = 1; k + 4 < label_len && !or; k++)
		if (label[k - 1] == ' ' && (label[k] == 'o' || label[k] == 'O') &&
		    (label[k + 1] == 'r' || label[k + 1] == 'R') && label[k + 2] == ' ')
			or = label + k;
	if (or) {
		size_t at = (size_t)(or - label);
		size_t a_end = at - 1, a_start = a_end; /* the word before: [a_start, a_end) */
		while (a_start > 0 && label[a_start - 1] != ' ')
			a_start--;
		size_t b_start = at + 3, b_end = b_start; /* the word after */
		while (b_end < label_len && label[b_end] != ' ')
			b_end++;
		if (a_start < a_end && b_start < b_end &&
		    (!reading_without(a, label, label_len, a_end, b_end, &r[out->n++]) || /* "or B" */
		     !reading_without(a, label, label_len, a_start, b_start, &r[out->n++]))) /* "A or" */
			return false;
	}
	const char *open = memchr(label, '(', label_len);
	const char *close = open ? memchr(open, ')', label_len - (size_t)(open - label)) : NULL;
	if (!open || !close || close - open < 2)
		return true;
	char without[256];
	size_t before = (size_t)(open - label), after = label_len - (size_t)(close + 1 - label);
	if (before + 1 + after < sizeof without) {
		memcpy(without, label, before);
		without[before] = ' ';
		memcpy(without + before + 1, close + 1, after);
		if (!words_set_make(a, without, before + 1 + after, &l))
			return false;
		r[out->n++] = l;
	}
	return true;
}

int words_label_score(const words_label *label, const word_set *f)
{
	int best = 0;
	for (size_t i = 0; i < label->n; i++) {
		const word_set *r = label->reading[i];
		if (!r || !f || !may_pair(r, f))
			continue; /* words_set_match would say 0, after a call */
		int s = words_set_match(r, f);
		if (s > best)
			best = s;
	}
	return best;
}

int words_label_match(arena *scratch, const char *label, size_t label_len, const word_set *f)
{
	words_label l;
	if (!words_label_make(scratch, label, label_len, &l))
		return l.n ? words_label_score(&l, f) : 0;
	return words_label_score(&l, f);
}

int words_match(arena *scratch, const char *label, size_t label_len, const char *field,
                size_t field_len)
{
	word_set *f;
	if (!words_set_make(scratch, field, field_len, &f))
		return 0;
	return words_label_match(scratch, label, label_len, f);
}

/* ---- edit distance ---- */

/* Levenshtein distance restricted to the diagonal band |i - j| <= cap
 * (Ukkonen): anything outside it costs more than cap anyway. Two rows of
 * the band live on the stack, so the cost is O(cap x length) time and no
 * allocation. */
unsigned words_edit_distance(const char *a, size_t alen, const char *b, size_t blen, unsigned cap)
{
	if (cap > WORDS_EDIT_CAP_MAX)
		cap = WORDS_EDIT_CAP_MAX;
	size_t diff = alen > blen ? alen - blen : blen - alen;
	if (diff > cap)
		return cap + 1;
	enum { BAND = 2 * WORDS_EDIT_CAP_MAX + 1 };
	unsigned rows[2][BAND + 2];
	const unsigned inf = cap + 1;
	/* Cell (i, j) of the full matrix is rows[i & 1][j - i + cap]. */
	unsigned *prev = rows[0], *cur = rows[1];
	for (size_t k = 0; k < BAND + 2; k++)
		prev[k] = cur[k] = inf;
	for (size_t j = 0; j <= blen && j <= cap; j++)
		prev[j + cap] = (unsigned)j;
	for (size_t i = 1; i <= alen; i++) {
		size_t jlo = i > cap ? i - cap : 0;
		size_t jhi = i + cap < blen ? i + cap : blen;
		unsigned best = inf;
		for (size_t k = 0; k < 2 * (size_t)cap + 2; k++)
			cur[k] = inf;
		for (size_t j = jlo; j <= jhi; j++) {
			size_t at = j + cap - i;
			unsigned v;
			if (j == 0) {
				v = (unsigned)i;
			} else {
				unsigned sub = prev[at] + (a[i - 1] != b[j - 1]); /* (i-1, j-1) */
				unsigned del = prev[at + 1] + 1;                 /* (i-1, j) */
				unsigned ins = at ? cur[at - 1] + 1 : inf;        /* (i, j-1) */
				v = sub < del ? sub : del;
				v = v < ins ? v : ins;
			}
			if (v > inf)
				v = inf;
			cur[at] = v;
			best = v < best ? v : best;
		}
		if (best >= inf)
			return inf;
		unsigned *tmp = prev;
		prev = cur;
		cur = tmp;
	}
	unsigned d = prev[blen + cap - alen];
	return d > inf ? inf : d;
}
