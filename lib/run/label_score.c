/*
 * Label scoring (see label_score.h): one label against one term, as a
 * score 0..1000 and the signal that gave it.
 *
 * The signals, strongest first. Each is tried only when the ones before
 * it left the score below 1000, and the best one counts:
 *
 *   WORDS         words_label_score (base/words.c): both phrases as sets of
 *                 canonical words. Case, order, plurals, filler words,
 *                 possessives, stems and the abbreviations of the word
 *                 tables ("Amt", "No.", "DOB", "Qty") are already inside:
 *                 "Amount Claimed" and "Amt. Claimed" score 1000 for "the
 *                 claimed amount". Partial overlap scores less.
 *   ABBREVIATION  a word of the label the tables do not know that shortens
 *                 exactly one word of the term: cut short with a period
 *                 ("Cert." for "certificate", "Gross Inc." for "gross
 *                 income") or its consonants ("Bldg" for "building", "Mkt"
 *                 for "market"; first and last letter kept, the rest in
 *                 order). The label is read again with the word written
 *                 out: 19/20 of that score.
 *   ACRONYM       a word in capitals the tables do not know that spells the
 *                 initials of consecutive words of the term: "2FA" for
 *                 "two-factor authentication" (hyphens split words; a
 *                 number word gives its digit), "LMI" for "low-to-moderate
 *                 income" (a filler word inside may give its initial or
 *                 not), "DSCR". The span starts and ends on a content word
 *                 and the capitals may not just begin its first word
 *                 ("NET" is not "net earnings total"). The label is read
 *                 again with the span in place of the capitals: 19/20.
 *                 The other way round too: a term in capitals ("the MFA
 *                 status") against a label's words.
 *   SYNONYM       a phrase of the lexicon (data/label-synonyms.txt, built
 *                 into base/lexicon.c) in the label or the term: both read
 *                 with every phrase replaced by its group's name, 9/10 of
 *                 that score ("Progress" for "the percent complete"). A
 *                 label is read so only when the term shares the group or
 *                 a word of its name ("Remark" is a "comment", which no
 *                 "claimed amount" is).
 *   HEAD          decided by the extractor, which sees the whole document:
 *                 a label whose head noun names the term's kind of value
 *                 ("Line Total": an amount) and that says nothing the term
 *                 does not, when the term too is its kind and the
 *                 document's name ("the invoice amount" on an invoice),
 *                 scores LABEL_HEAD_SCORE, but only if it is the one value
 *                 of that kind on the document. Here: the two flags.
 *
 * The factors keep a label in the term's own words ahead of one that needs
 * a signal ("Percent Complete" 1000, "Progress" 900 on one form), and the
 * extractor's margin turns near-equal candidates into an ambiguity error.
 * A label is prepared once (label_text_make: its readings, the words that
 * may be acronyms or abbreviations, its lexicon groups) and then scored
 * against any number of terms. Scoring allocates only in the scratch arena
 * (and the term's words as written, the first time a label needs them),
 * and the signals after WORDS run only for labels and terms that hold what
 * they need, so most labels cost one words_label_score.
 */
#include "run/label_score.h"

#include <string.h>

#include "base/lexicon.h"

enum {
	TOKEN_MAX = 8,       /* letters of an acronym or abbreviation at most */
	TOKENS_MAX = 8,      /* such words of one phrase looked at, at most */
	REWRITE_MAX = 512,   /* a phrase rewritten longer than this is not scored */
	SPELL_WORDS_MAX = 64, /* words of a phrase an acronym is looked for in */
	SPELL_SKIPS_MAX = 2   /* filler words an acronym passes over */
};

const char *label_how_name(label_how how)
{
	switch (how) {
	case LABEL_WORDS: return "words";
	case LABEL_ABBREVIATION: return "abbreviation";
	case LABEL_ACRONYM: return "acronym";
	case LABEL_SYNONYM: return "synonym";
	case LABEL_HEAD: return "head noun";
	case LABEL_KIND: return "kind said by the value";
	default: return NULL;
	}
}

/* ---- words as written ---- */

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word_byte(char c)
{
	return is_upper(c) || is_lower(c) || is_digit(c) || (unsigned char)c >= 0x80;
}

static char lower(char c)
{
	return is_upper(c) ? (char)(c - 'A' + 'a') : c;
}

typedef struct label_token {
	size_t b, e;      /* bytes of the phrase */
	char w[TOKEN_MAX + 1]; /* lowercase */
	size_t len;
	bool capitals;    /* may be an acronym: "2FA", "LMI" */
	bool dotted;      /* cut short: "Cert." */
	bool consonants;  /* its consonants: "Bldg", "Mkt" */
} token;

static bool vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* The words of a phrase that may be acronyms or abbreviations: ASCII runs
 * of letters and digits of at most TOKEN_MAX bytes, in capitals, cut with
 * a period or without vowels, that the word tables do not already
 * explain. Returns how many (at most TOKENS_MAX). */
static size_t short_tokens(const char *s, size_t n, token *out)
{
	size_t count = 0;
	for (size_t i = 0; i < n && count < TOKENS_MAX;) {
		if (!is_word_byte(s[i])) {
			i++;
			continue;
		}
		size_t b = i;
		bool ascii = true, letters = true, capitals = true, any_letter = false;
		while (i < n && is_word_byte(s[i])) {
			char c = s[i];
			ascii &= (unsigned char)c < 0x80;
			letters &= is_upper(c) || is_lower(c);
			capitals &= is_upper(c) || is_digit(c);
			any_letter |= is_upper(c) || is_lower(c);
			i++;
		}
		size_t len = i - b;
		if (!ascii || len < 2 || len > TOKEN_MAX || !any_letter)
			continue;
		bool dotted = letters && i < n && s[i] == '.', consonants = letters && len <= 5;
		for (size_t k = 1; k < len && consonants; k++)
			consonants = !vowel(lower(s[b + k]));
		if (!capitals && !dotted && !consonants)
			continue; /* "Remark", "Amount": a word */
		token t = { .b = b, .e = i, .len = len, .capitals = capitals, .dotted = dotted,
			    .consonants = consonants };
		for (size_t k = 0; k < len; k++)
			t.w[k] = lower(s[b + k]);
		t.w[len] = '\0';
		if (!words_known(t.w, len))
			out[count++] = t;
	}
	return count;
}

/* The tokens, kept in the arena when there are any. */
static bool keep_tokens(arena *a, const char *s, size_t n, const token **out, size_t *count)
{
	token tokens[TOKENS_MAX];
	*count = short_tokens(s, n, tokens);
	*out = NULL;
	if (*count == 0)
		return true;
	token *kept = arena_alloc(a, *count * sizeof *kept);
	if (!kept)
		return false;
	memcpy(kept, tokens, *count * sizeof *kept);
	*out = kept;
	return true;
}

/* ---- acronyms ---- */

static const struct {
	const char *word;
	char digit;
} number_words[] = {
	{ "one", '1' },   { "two", '2' },    { "three", '3' }, { "four", '4' },
	{ "five", '5' },  { "six", '6' },    { "seven", '7' }, { "eight", '8' },
	{ "nine", '9' },  { "first", '1' },  { "second", '2' }, { "third", '3' },
	{ "fourth", '4' },
};

/* Does word w give the initial c? */
static bool gives(const char *w, char c)
{
	if (w[0] == c)
		return true;
	if (!is_digit(c))
		return false;
	for (size_t i = 0; i < sizeof number_words / sizeof number_words[0]; i++)
		if (number_words[i].digit == c && !strcmp(number_words[i].word, w))
			return true;
	return false;
}

/* Can words[k..) spell t[pos..), the last letter from a content word?
 * At most `skips` more filler words may be passed over. Sets *end past the
 * last word used. */
static bool spell(const char *t, size_t tl, size_t pos, const spelling *sp, size_t k,
                  bool last_content, unsigned skips, size_t *end)
{
	if (pos == tl) {
		*end = k;
		return last_content;
	}
	if (k >= sp->words->n)
		return false;
	const char *w = sp->words->w[k];
	bool filler = sp->filler[k];
	if (pos == 0 && filler)
		return false; /* a span starts on a content word */
	if (gives(w, t[pos]) && spell(t, tl, pos + 1, sp, k + 1, !filler, skips, end))
		return true;
	/* "low-to-moderate income" is LMI: a filler word inside may be skipped */
	return filler && skips > 0 && spell(t, tl, pos, sp, k + 1, false, skips - 1, end);
}

/* The words an acronym stands for: [*from, *to) of the words, two or more.
 * Phrases of more than SPELL_WORDS_MAX words are no acronym's: the search
 * stays small whatever a plan or a form holds. */
static bool acronym_span(const token *t, const spelling *sp, size_t *from, size_t *to)
{
	if (sp->words->n > SPELL_WORDS_MAX)
		return false;
	if (sp->initials && !sp->initials[(unsigned char)t->w[0]])
		return false;
	for (size_t i = 0; i < sp->words->n; i++) {
		size_t end;
		if (!spell(t->w, t->len, 0, sp, i, false, SPELL_SKIPS_MAX, &end) || end - i < 2)
			continue;
		if (!strncmp(sp->words->w[i], t->w, t->len))
			continue; /* "NET" begins "net earnings total": a word, not initials */
		*from = i;
		*to = end;
		return true;
	}
	return false;
}

/* The filler flags (and, if `initials`, the first characters) of words. */
static bool spelling_make(arena *a, const wordlist *words, bool initials, spelling *out)
{
	bool *filler = arena_alloc(a, (words->n ? words->n : 1) * sizeof *filler);
	unsigned char *first = initials ? arena_zalloc(a, 256) : NULL;
	if (!filler || (initials && !first))
		return false;
	for (size_t i = 0; i < words->n; i++) {
		const char *w = words->w[i];
		filler[i] = word_is_filler(w);
		if (!first || filler[i])
			continue;
		first[(unsigned char)w[0]] = 1;
		for (size_t k = 0; k < sizeof number_words / sizeof number_words[0]; k++)
			if (!strcmp(number_words[k].word, w))
				first[(unsigned char)number_words[k].digit] = 1;
	}
	*out = (spelling){ words, filler, first };
	return true;
}

/* ---- abbreviations ---- */

/* Are the letters of a, in order, all in b? */
static bool subsequence(const char *a, size_t alen, const char *b)
{
	size_t i = 0;
	for (const char *p = b; *p && i < alen; p++)
		if (*p == a[i])
			i++;
	return i == alen;
}

/* The one word of the term that t shortens, or NULL (none, or two). */
static const char *abbreviated(const token *t, const spelling *term)
{
	const char *found = NULL;
	for (size_t i = 0; i < term->words->n; i++) {
		const char *w = term->words->w[i];
		if (w[0] != t->w[0] || term->filler[i])
			continue;
		size_t wl = strlen(w);
		if (wl < t->len + 2)
			continue;
		bool cut = t->dotted && !strncmp(w, t->w, t->len);
		bool squeezed = t->consonants && w[wl - 1] == t->w[t->len - 1] &&
		                subsequence(t->w, t->len, w);
		if (!cut && !squeezed)
			continue;
		if (found && strcmp(found, w) != 0)
			return NULL; /* "St." for "street" or "state": no guess */
		found = w;
	}
	return found;
}

/* ---- rewriting ---- */

typedef struct rewrite {
	char text[REWRITE_MAX];
	size_t len;
	bool overflow;
} rewrite;

static void put(rewrite *r, const char *s, size_t n)
{
	if (r->overflow || r->len + n >= sizeof r->text) {
		r->overflow = true;
		return;
	}
	memcpy(r->text + r->len, s, n);
	r->len += n;
}

static void put_words(rewrite *r, const wordlist *w, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++) {
		if (k > from)
			put(r, " ", 1);
		put(r, w->w[k], strlen(w->w[k]));
	}
}

/* Is t one of the words (so neither an acronym nor an abbreviation)? */
static bool is_word_of(const token *t, const wordlist *words)
{
	for (size_t i = 0; i < words->n; i++)
		if (words->w[i][0] == t->w[0] && !strcmp(words->w[i], t->w))
			return true;
	return false;
}

/* The label with its acronyms and abbreviations written out in the term's
 * words. False if nothing was written out. *acronym: one was an acronym. */
static bool expand_label(const label_text *l, const label_term *t, rewrite *r, bool *acronym)
{
	size_t at = 0;
	bool changed = false;
	*acronym = false;
	for (size_t i = 0; i < l->ntokens; i++) {
		const token *k = &l->tokens[i];
		if (is_word_of(k, &t->raw))
			continue;
		size_t from, to;
		const char *w;
		if (k->capitals && acronym_span(k, &t->spelling, &from, &to)) {
			put(r, l->text + at, k->b - at);
			put_words(r, &t->raw, from, to);
			*acronym = true;
		} else if ((k->dotted || k->consonants) && (w = abbreviated(k, &t->spelling))) {
			put(r, l->text + at, k->b - at);
			put(r, w, strlen(w));
		} else {
			continue;
		}
		at = k->e;
		changed = true;
	}
	put(r, l->text + at, l->len - at);
	return changed && !r->overflow;
}

/* The term with its capitals written out in the label's words. */
static bool expand_term(arena *scratch, const label_term *t, const label_text *l, rewrite *r)
{
	wordlist words = { NULL, 0 };
	spelling sp;
	size_t at = 0;
	bool changed = false;
	for (size_t i = 0; i < t->ntokens; i++) {
		const token *k = &t->tokens[i];
		if (!k->capitals)
			continue;
		if (!words.w && (!words_split(scratch, l->text, l->len, 0, &words) ||
		                 !spelling_make(scratch, &words, false, &sp)))
			return false;
		size_t from, to;
		/* "Standard Entry Class (SEC) Code" may hold the capitals too */
		if (!acronym_span(k, &sp, &from, &to))
			continue;
		put(r, t->text + at, k->b - at);
		put_words(r, &words, from, to);
		at = k->e;
		changed = true;
	}
	put(r, t->text + at, t->len - at);
	return changed && !r->overflow;
}

/* ---- the lexicon ---- */

enum { PHRASE_WORDS_MAX = 48 };

static size_t phrase_words(const word_set *s, lexicon_word *w)
{
	size_t n = words_set_count(s);
	if (n > PHRASE_WORDS_MAX)
		n = PHRASE_WORDS_MAX;
	for (size_t i = 0; i < n; i++)
		w[i].w = words_set_word(s, i, &w[i].len);
	return n;
}

/* The lexicon groups whose phrases the set holds (at most
 * LABEL_GROUPS_MAX); how many. */
static size_t lexicon_groups(const word_set *s, unsigned short *groups)
{
	lexicon_word w[PHRASE_WORDS_MAX];
	size_t n = phrase_words(s, w), count = 0;
	for (size_t i = 0; i < n && count < LABEL_GROUPS_MAX;) {
		unsigned group;
		size_t span = lexicon_match(w, n, i, &group);
		if (!span) {
			i++;
			continue;
		}
		groups[count++] = (unsigned short)group;
		i += span;
	}
	return count;
}

/* The set with every lexicon phrase in it replaced by its group's name;
 * NULL (and *failed false) when it holds no phrase. */
static const word_set *through_lexicon(arena *a, const word_set *s, bool *failed)
{
	*failed = false;
	lexicon_word w[PHRASE_WORDS_MAX];
	size_t n = phrase_words(s, w);
	rewrite r; /* its text is written before it is read: not cleared */
	r.len = 0;
	r.overflow = false;
	bool found = false;
	for (size_t i = 0; i < n;) {
		unsigned group;
		size_t span = lexicon_match(w, n, i, &group);
		if (r.len)
			put(&r, " ", 1);
		if (span) {
			const char *name = lexicon_group_name(group);
			put(&r, name, strlen(name));
			found = true;
			i += span;
		} else {
			put(&r, w[i].w, w[i].len);
			i++;
		}
	}
	if (!found || r.overflow)
		return NULL;
	word_set *out;
	if (!words_set_make(a, r.text, r.len, &out)) {
		*failed = true;
		return NULL;
	}
	return out;
}

/* ---- terms and labels ---- */

static unsigned kind_of_type(policy_type type)
{
	switch (type) {
	case POLICY_TYPE_MONEY: return KIND_AMOUNT;
	case POLICY_TYPE_DATE: return KIND_DATE;
	case POLICY_TYPE_COUNT: return KIND_COUNT;
	case POLICY_TYPE_PERCENT:
	case POLICY_TYPE_RATIO: return KIND_RATE;
	default: return 0;
	}
}

/* A word that only says what kind of thing something is. */
static bool kind_word(const char *w, size_t len)
{
	return words_is_generic(w, len) || (words_kinds(w, len) & KIND_CONFLICTING);
}

/* The kinds of value a value's type says by itself (a date needs no
 * "date" in its label to be one), each with its slot in label_text.bare. */
static const unsigned value_kinds[4] = { KIND_DATE, KIND_AMOUNT, KIND_COUNT, KIND_RATE };

/* `set` without its words that name `kind` ("due" is a date and an amount:
 * it goes for either): `set` itself if it has none, NULL if it has only
 * those. False on allocation failure. */
static bool without_kind_words(arena *a, const word_set *set, unsigned kind, const word_set **out)
{
	*out = set;
	char text[REWRITE_MAX];
	size_t at = 0;
	bool any_removed = false;
	for (size_t i = 0; i < words_set_count(set); i++) {
		size_t len;
		const char *w = words_set_word(set, i, &len);
		if (words_kinds(w, len) & kind) {
			any_removed = true;
			continue;
		}
		if (at + len + 1 >= sizeof text)
			return true; /* too long to be a label: read as it is */
		if (at)
			text[at++] = ' ';
		memcpy(text + at, w, len);
		at += len;
	}
	if (!any_removed)
		return true;
	*out = NULL;
	if (!at)
		return true;
	word_set *bare;
	if (!words_set_make(a, text, at, &bare))
		return false;
	*out = bare;
	return true;
}

/* The head rule's part of the term: "the invoice amount" on an invoice is
 * its kind of value and nothing else. */
static bool term_names_only_kind(const word_set *set, const word_set *doc, unsigned kind)
{
	if (!(words_set_head_kinds(set) & kind))
		return false;
	for (size_t i = 0; i < words_set_count(set); i++) {
		size_t len;
		const char *w = words_set_word(set, i, &len);
		if (!kind_word(w, len) && !words_set_has(doc, w, len))
			return false;
	}
	return true;
}

/* The term's words as written, made the first time a label needs them
 * (most labels hold no acronym or abbreviation). */
static bool term_raw(label_term *t)
{
	if (t->raw_ready)
		return true;
	if (!words_split(t->a, t->text, t->len, 0, &t->raw) ||
	    !spelling_make(t->a, &t->raw, true, &t->spelling))
		return false;
	t->raw_ready = true;
	return true;
}

/* Everything of a term but what its document decides (the head rule):
 * its words as written too when `eager`. */
static bool term_make(arena *a, const char *field, size_t len, const word_set *set,
                      policy_type type, bool eager, label_term *out)
{
	memset(out, 0, sizeof *out);
	out->text = field;
	out->len = len;
	out->set = set;
	out->a = a;
	out->kind = kind_of_type(type);
	if (!keep_tokens(a, field, len, &out->tokens, &out->ntokens))
		return false;
	for (size_t i = 0; i < out->ntokens; i++)
		out->has_capitals |= out->tokens[i].capitals;
	bool failed;
	out->lex = through_lexicon(a, set, &failed);
	if (failed)
		return false;
	out->ngroups = lexicon_groups(set, out->groups);
	if (out->kind && !without_kind_words(a, set, out->kind, &out->bare))
		return false;
	if (out->bare == set)
		out->bare = NULL;
	return !eager || term_raw(out);
}

bool label_term_make(arena *a, const char *field, size_t len, const word_set *set,
                     const word_set *doc, policy_type type, bool head_rule, label_term *out)
{
	if (!term_make(a, field, len, set, type, false, out))
		return false;
	label_term_on(out, a, doc, head_rule);
	return true;
}

bool label_term_prepare(arena *a, const char *field, size_t len, const word_set *set,
                        policy_type type, label_term *out)
{
	return term_make(a, field, len, set, type, true, out);
}

void label_term_on(label_term *t, arena *a, const word_set *doc, bool head_rule)
{
	t->a = a;
	t->head_kind = 0;
	if (head_rule && t->kind && term_names_only_kind(t->set, doc, t->kind))
		t->head_kind = t->kind;
	/* "the invoice amount" on an invoice is the head rule's, never "Invoice" */
	t->bare_on = false;
	for (size_t i = 0; t->bare && i < words_set_count(t->bare) && !t->bare_on; i++) {
		size_t len;
		const char *w = words_set_word(t->bare, i, &len);
		t->bare_on = !words_set_has(doc, w, len);
	}
}

bool label_text_make(arena *a, const char *label, size_t len, label_text *out)
{
	memset(out, 0, sizeof *out);
	out->text = label;
	out->len = len;
	if (!words_label_make(a, label, len, &out->words) ||
	    !keep_tokens(a, label, len, &out->tokens, &out->ntokens))
		return false;
	for (size_t i = 0; i < out->ntokens; i++) {
		out->has_capitals |= out->tokens[i].capitals;
		out->has_short |= out->tokens[i].dotted || out->tokens[i].consonants;
	}
	out->ngroups = lexicon_groups(out->words.reading[0], out->groups);
	for (size_t k = 0; k < 4; k++)
		if (!without_kind_words(a, out->words.reading[0], value_kinds[k], &out->bare[k]))
			return false;
	return true;
}

/* Could reading the label through the lexicon bring it nearer the term?
 * Only if the term has one of its groups too, or a word of a group's name
 * ("Remark" is a "comment": not for "the claimed amount"). */
static bool synonyms_may_help(const label_text *l, const label_term *t)
{
	for (size_t i = 0; i < l->ngroups; i++) {
		for (size_t k = 0; k < t->ngroups; k++)
			if (t->groups[k] == l->groups[i])
				return true;
		const char *name = lexicon_group_name(l->groups[i]);
		while (*name) {
			size_t len = strcspn(name, " ");
			if (words_set_has(t->set, name, len))
				return true;
			name += len;
			if (*name == ' ')
				name++;
		}
	}
	return false;
}

/* The value says the term's kind, and the label need not: "Financial
 * Statements Received" for "the statement receipt date", "Patient Balance
 * Due" for "the patient balance" (its kind words left out too). A label
 * whose head names another kind is not the term's ("Date Paid" is no
 * amount paid, whatever its value parses as), and a term left with one
 * word needs a label of that word alone: "Loss Reported" is not the loss
 * date. */
static int kind_said_by_value(const label_term *t, const label_text *l)
{
	unsigned head = words_set_head_kinds(l->words.reading[0]);
	if (head && !(head & t->kind))
		return 0;
	const word_set *side = NULL;
	for (size_t k = 0; k < 4; k++)
		if (value_kinds[k] == t->kind)
			side = l->bare[k];
	if (!side || (words_set_count(t->bare) < 2 && words_set_count(side) > 1))
		return 0;
	return words_set_match(side, t->bare) * 9 / 10;
}

static void consider(label_match *m, int score, label_how how)
{
	if (score > m->score) {
		m->score = score;
		m->how = how;
	}
}

void label_score(arena *scratch, label_term *t, const label_text *l, label_match *out)
{
	memset(out, 0, sizeof *out);
	const word_set *whole = l->words.reading[0];
	consider(out, words_label_score(&l->words, t->set), LABEL_WORDS);

	if (t->head_kind && (words_set_head_kinds(whole) & t->head_kind)) {
		out->typed = true;
		out->head_only = true;
		for (size_t i = 0; i < words_set_count(whole) && out->head_only; i++) {
			size_t len;
			const char *w = words_set_word(whole, i, &len);
			out->head_only = kind_word(w, len) || words_set_has(t->set, w, len);
		}
	}
	if (out->score >= 1000)
		return;

	/* the label through the lexicon, made only where it may help */
	const word_set *lex = NULL;
	bool failed = false;
	if (l->ngroups && synonyms_may_help(l, t))
		lex = through_lexicon(scratch, whole, &failed);
	if (lex || t->lex)
		consider(out, words_set_match(lex ? lex : whole, t->lex ? t->lex : t->set) * 9 / 10,
		         LABEL_SYNONYM);

	rewrite r; /* its text is written before it is read: not cleared */
	r.len = 0;
	r.overflow = false;
	bool acronym;
	if ((l->has_capitals || l->has_short) && term_raw(t) && expand_label(l, t, &r, &acronym)) {
		words_label again;
		if (words_label_make(scratch, r.text, r.len, &again))
			consider(out, words_label_score(&again, t->set) * 19 / 20,
			         acronym ? LABEL_ACRONYM : LABEL_ABBREVIATION);
	}
	r.len = 0;
	if (t->has_capitals && expand_term(scratch, t, l, &r)) {
		word_set *term;
		if (words_set_make(scratch, r.text, r.len, &term))
			consider(out, words_label_score(&l->words, term) * 19 / 20, LABEL_ACRONYM);
	}

	if (t->bare_on)
		consider(out, kind_said_by_value(t, l), LABEL_KIND);
}
