/*
 * Sentences: the units the parser reads.
 *
 * A block (paragraph or bullet item) holds one or more sentences ending in
 * '.', '!', '?' or ';'. A sentence that ends a block with ':' introduces a
 * list: the bullet items that follow become its kids (nested by
 * indentation), and the statement decides what they mean ("any of the
 * following", a list of rules under a scope, ...). An item ending in "; or"
 * or "; and" leaves the connector as a one-word sentence, which is
 * dropped.
 *
 * Appositives that name a source are cut out of the sentence here and kept
 * as notes for the declaration pass:
 *   "the contractor license status, looked up in the state licensing
 *    registry, is active"  ->  "the contractor license status is active"
 *   "..., both taken from the financial statement." -> the sentence's
 *    undefined terms are fields of the financial statement.
 *
 * Here too are what every later file of the parser reads a sentence with:
 * the token helpers (tw, is_w, match, ...), the clause starts and articles
 * to skip, and parser_error(), which stays quiet while pass 1 declares or
 * a reading is only being tried.
 */
#include <ctype.h>
#include <string.h>

#include "base/text.h"
#include "compile/sentences.h"

const char *tw(const parser *p, uint32_t i)
{
	if (i >= p->n)
		return "";
	const token *t = &p->tk[i];
	if (t->kind == T_WORD || t->kind == T_PUNCT)
		return t->low ? t->low : "";
	return "";
}

/* Words a phrase test found are words the reading took (accounting.c):
 * marking them on every successful test overcounts words a reading tried
 * and dropped, which can only hide a leftover, never invent one. */
void take_words(const parser *p, uint32_t first, uint32_t n)
{
	const sentence *cur = p->cur < p->ns ? &p->s[p->cur] : NULL;
	if (n && cur && cur->used && cur->tk == p->tk && first + n <= cur->n)
		memset(cur->used + first, 1, n);
}

void cut_tokens(parser *p, uint32_t first, uint32_t n)
{
	sentence *s = p->cur < p->ns ? &p->s[p->cur] : NULL;
	if (!s || s->tk != p->tk || first + n > s->n || n == 0)
		return;
	memmove(&s->tk[first], &s->tk[first + n], (s->n - first - n) * sizeof *s->tk);
	memmove(&s->used[first], &s->used[first + n], s->n - first - n);
	s->n -= n;
	p->n = s->n;
}

bool w_starts(const parser *p, uint32_t i, const char *letters)
{
	char c = i < p->n && p->tk[i].kind == T_WORD ? *tw(p, i) : '\0';
	return c && strchr(letters, c);
}

bool is_w(const parser *p, uint32_t i, uint32_t end, const char *w)
{
	if (i >= end)
		return false;
	const char *t = tw(p, i);
	if (*t != *w || strcmp(t, w) != 0) /* most fail on the first letter */
		return false;
	take_words(p, i, 1);
	return true;
}

bool is_punct(const parser *p, uint32_t i, uint32_t end, char c)
{
	return i < end && p->tk[i].kind == T_PUNCT && p->tk[i].punct == c;
}

uint32_t match(const parser *p, uint32_t i, uint32_t end, const char *phrase)
{
	/* most tries fail on the first letter: the parser tries many phrases
	 * at every token */
	if (i >= end || *tw(p, i) != *phrase)
		return 0;
	uint32_t k = i;
	const char *w = phrase;
	while (*w) {
		if (k >= end)
			return 0;
		const char *t = tw(p, k);
		while (*t && *t == *w) { /* the token against the phrase's next word */
			t++;
			w++;
		}
		if (*t || (*w && *w != ' '))
			return 0;
		k++;
		while (*w == ' ')
			w++;
	}
	take_words(p, i, k - i);
	return k - i;
}

int64_t count_at(const parser *p, uint32_t i, uint32_t end, uint32_t *len)
{
	*len = 0;
	if (i >= end)
		return -1;
	const token *t = &p->tk[i];
	if (t->kind == T_QUANTITY && t->val.type == POLICY_TYPE_NUMBER) {
		int64_t v;
		if (decimal_is_integer(t->val.u.num) && decimal_to_int64(t->val.u.num, &v) && v >= 0) {
			*len = 1;
			return v;
		}
		return -1;
	}
	if (t->kind != T_WORD)
		return -1;
	int64_t v = number_word(t->low, strlen(t->low));
	if (v >= 0)
		*len = 1;
	return v;
}

span span_of(const parser *p, uint32_t first, uint32_t last)
{
	if (p->n == 0)
		return p->s[p->cur].sp;
	if (first >= p->n)
		first = p->n - 1;
	if (last >= p->n)
		last = p->n - 1;
	if (last < first)
		last = first;
	const token *f = &p->tk[first], *l = &p->tk[last];
	const sentence *cur = p->cur < p->ns ? &p->s[p->cur] : NULL;
	if (!p->no_mark && cur && cur->used && cur->tk == p->tk)
		memset(cur->used + first, 1, last - first + 1);
	span s = { f->line, f->col, 1 };
	const char *text = p->lx->text;
	if (l->line == f->line) {
		uint32_t end = l->off + l->len + (l->kind == T_QUOTED ? tok_close_quote_len(text, l) : 0);
		uint32_t start = f->kind == T_QUOTED ? f->off - tok_open_quote_len(text, f) : f->off;
		s.column = f->kind == T_QUOTED && f->col > 1 ? f->col - 1 : f->col;
		s.length = (unsigned)text_columns(text + start, end - start);
	} else {
		uint32_t eol = f->line < p->lx->nlines ? p->lx->line_starts[f->line] - 1
		                                         : (uint32_t)p->lx->len;
		s.length = (unsigned)text_columns(text + f->off, eol - f->off);
	}
	if (s.length == 0)
		s.length = 1;
	return s;
}

const char *slice_of(parser *p, uint32_t first, uint32_t last)
{
	if (first > last || last >= p->n)
		return "";
	const token *f = &p->tk[first], *l = &p->tk[last];
	const char *text = p->lx->text;
	uint32_t start = f->kind == T_QUOTED ? f->off - tok_open_quote_len(text, f) : f->off;
	uint32_t end = l->off + l->len + (l->kind == T_QUOTED ? tok_close_quote_len(text, l) : 0);
	/* Collapse line breaks and runs of spaces: a sentence wrapped over
	 * lines reads as one line in plans and trails. */
	buf b;
	mem m = p->c->a->m;
	buf_init(&b, &m);
	bool space = false;
	for (uint32_t i = start; i < end; i++) {
		char ch = p->lx->text[i];
		if (isspace((unsigned char)ch)) {
			space = true;
			continue;
		}
		if (space && b.len)
			buf_putc(&b, ' ');
		space = false;
		buf_putc(&b, ch);
	}
	char *s = buf_to_arena(&b, p->c->a);
	buf_release(&b);
	if (!s) {
		p->c->nomem = true;
		return "";
	}
	return s;
}

char *key_of(parser *p, uint32_t first, uint32_t last)
{
	buf b;
	mem m = p->c->a->m;
	buf_init(&b, &m);
	for (uint32_t i = first; i < last && i < p->n; i++) {
		const token *t = &p->tk[i];
		if (t->kind == T_WORD && (is_aux_word(t->low) || !strcmp(t->low, "considered") ||
		                          !strcmp(t->low, "deemed")))
			continue; /* "A claim is considered late-reported": claim late-reported */
		if (t->kind == T_PUNCT)
			continue;
		if (b.len)
			buf_putc(&b, ' ');
		if (t->kind == T_QUOTED)
			buf_append(&b, t->low, strlen(t->low));
		else
			buf_append(&b, t->text, t->len);
	}
	const char *s = buf_cstr(&b);
	char *key = s ? words_key(p->c->a, s, b.len) : NULL;
	buf_release(&b);
	if (!key)
		p->c->nomem = true;
	return key;
}

void sentence_select(parser *p, uint32_t si)
{
	p->cur = si;
	p->tk = p->s[si].tk;
	p->n = p->s[si].n;
}

/* ---- building ---- */

static sentence *push_sentence(parser *p, uint32_t *cap)
{
	if (p->ns == *cap) {
		uint32_t nc = *cap ? *cap * 2 : 64;
		sentence *s = arena_grow(p->c->a, p->s, p->ns, nc, sizeof *s);
		if (!s) {
			p->c->nomem = true;
			return NULL;
		}
		p->s = s;
		*cap = nc;
	}
	sentence *s = &p->s[p->ns++];
	memset(s, 0, sizeof *s);
	s->parent = NONE;
	s->definition = -1;
	s->definition_also = -1;
	s->classify = -1;
	return s;
}

static bool add_kid(parser *p, uint32_t parent, uint32_t kid)
{
	sentence *s = &p->s[parent];
	if (s->nkids == s->kcap) {
		uint32_t cap = s->kcap ? s->kcap * 2 : 4;
		uint32_t *k = arena_grow(p->c->a, s->kids, s->nkids, cap, sizeof *k);
		if (!k) {
			p->c->nomem = true;
			return false;
		}
		s->kids = k;
		s->kcap = cap;
	}
	s->kids[s->nkids++] = kid;
	p->s[kid].parent = parent;
	return true;
}

static bool is_appositive_verb(const parser *p, uint32_t i, uint32_t end, uint32_t *len,
                               bool *lookup)
{
	static const struct {
		const char *words;
		bool lookup;
	} verbs[] = {
		{ "looked up", true }, { "as looked up", true }, { "retrieved", true },
		{ "as reported", false }, { "reported", false }, { "obtained", false },
		{ "taken", false }, { "extracted", false }, { "read", false }, { "pulled", false },
		{ "as shown", false }, { "shown", false }, { "as stated", false },
		{ "stated", false }, { "as recorded", false }, { "found", false },
		{ "as listed", false }, { "listed", false }, { "drawn", false },
	};
	if (match(p, i, end, "according to")) {
		/* "the employee classification, according to the HR system," */
		*len = 2;
		*lookup = false;
		return true;
	}
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
		uint32_t n = match(p, i, end, verbs[v].words);
		if (!n)
			continue;
		const char *prep = tw(p, i + n);
		if (strcmp(prep, "in") && strcmp(prep, "from") && strcmp(prep, "by") &&
		    strcmp(prep, "on") && strcmp(prep, "at"))
			continue;
		*len = n + 1;
		*lookup = verbs[v].lookup;
		return true;
	}
	return false;
}

static bool add_note(parser *p, sentence *s, source_note note)
{
	source_note *n = arena_grow(p->c->a, s->notes, s->nnotes, s->nnotes + 1, sizeof *n);
	if (!n) {
		p->c->nomem = true;
		return false;
	}
	n[s->nnotes++] = note;
	s->notes = n;
	return true;
}

/* Cut ", looked up in SYSTEM," and ", both taken from DOC" out of the
 * sentence, keeping what they say as notes. */
static bool cut_appositives(parser *p, uint32_t si)
{
	sentence *s = &p->s[si];
	sentence_select(p, si);
	for (uint32_t i = 0; i < s->n; i++) {
		if (!is_punct(p, i, s->n, ','))
			continue;
		uint32_t k = i + 1;
		bool whole = false;
		if (is_w(p, k, s->n, "both") || is_w(p, k, s->n, "each") || is_w(p, k, s->n, "all")) {
			whole = true;
			k++;
			if (is_w(p, k, s->n, "of") && is_w(p, k + 1, s->n, "them"))
				k += 2;
		}
		uint32_t vlen;
		bool lookup;
		if (!is_appositive_verb(p, k, s->n, &vlen, &lookup))
			continue;
		uint32_t src = k + vlen;
		uint32_t close = src;
		while (close < s->n && !is_punct(p, close, s->n, ','))
			close++;
		if (close == src)
			continue;
		source_note note = { 0 };
		note.lookup = lookup;
		note.whole_sentence = whole;
		uint32_t sf = src;
		while (sf < close && (is_w(p, sf, close, "the") || is_w(p, sf, close, "a") ||
		                      is_w(p, sf, close, "an")))
			sf++;
		note.source = slice_of(p, sf, close - 1);
		if (!whole) {
			/* The noun phrase runs back from the comma to a clause word. */
			uint32_t b = i;
			while (b > 0) {
				const token *t = &s->tk[b - 1];
				if (t->kind == T_PUNCT || (t->kind == T_WORD && is_np_stop_word(t->low)))
					break;
				b--;
			}
			if (b == i || is_w(p, i - 1, s->n, "apply") || is_w(p, i - 1, s->n, "applies") ||
			    is_w(p, i - 1, s->n, "vary") || is_w(p, i - 1, s->n, "varies"))
				continue; /* "The following routing applies, according to
				             the loan amount, to ...": no noun to source */
			note.np_first = b;
			note.np_last = i - 1;
		}
		/* Cut [i, close) — keep a closing comma only if the sentence goes
		 * on after it as a new clause; an inner appositive takes both. */
		uint32_t cut_end = close < s->n ? close + 1 : close;
		uint32_t removed = cut_end - i;
		if (!whole) {
			if (!add_note(p, s, note))
				return false;
		} else {
			s->src_doc = note.source;
			if (!add_note(p, s, note))
				return false;
		}
		memmove(&s->tk[i], &s->tk[cut_end], (s->n - cut_end) * sizeof *s->tk);
		s->n -= removed;
		p->n = s->n;
		i--;
	}
	return true;
}

/* Tokens from `i` open a definition: "the loan-to-value ratio is the ...",
 * "occupancy means ...": a few words, then "is", "means" or "equals", then
 * a value ("the", a quantity, "calculated as"), not a comparison. */
static bool defines_at(const lexed *lx, uint32_t i, uint32_t end)
{
	static const char *const opens[] = { "the", "a", "an", "calculated", "computed",
	                                      "defined", "determined", "one", "two", "three",
	                                      "half", "twice" };
	for (uint32_t k = i; k < end && k < i + 8; k++) {
		const token *t = &lx->toks[k];
		if (t->kind == T_QUOTED && k < i + 2)
			continue; /* 'an "emergency purchase" is a requisition whose ...' */
		if (t->kind != T_WORD)
			return false;
		if (!strcmp(t->low, "if") || !strcmp(t->low, "when") || !strcmp(t->low, "unless"))
			return false;
		bool cop = !strcmp(t->low, "is") || !strcmp(t->low, "means") ||
		           !strcmp(t->low, "equals");
		if (!cop)
			continue;
		if (k == i || k + 1 >= end)
			return false;
		const token *v = &lx->toks[k + 1];
		if (v->kind == T_QUANTITY)
			return true;
		for (size_t o = 0; o < sizeof opens / sizeof opens[0]; o++)
			if (v->kind == T_WORD && !strcmp(v->low, opens[o]))
				return true;
		return false;
	}
	return false;
}

/* "In no case may the backend total exceed $5,000.", "In no event may
 * notice be given later than ...": put as "the backend total may not
 * exceed $5,000", the "not" standing where "no" was written. The subject
 * runs to the verb: "be", "have", a comparison word or an action verb. */
static void invert_never_lead(sentence *s)
{
	static const char *const leads[][3] = {
		{ "in", "no", "case" }, { "in", "no", "event" }, { "at", "no", "time" },
		{ "under", "no", "circumstances" },
	};
	static const char *const modals[] = { "may", "shall", "can", "will", "should", "must" };
	if (s->n < 7)
		return;
	bool lead = false;
	for (size_t l = 0; l < sizeof leads / sizeof leads[0] && !lead; l++)
		lead = s->tk[0].kind == T_WORD && s->tk[1].kind == T_WORD && s->tk[2].kind == T_WORD &&
		       !strcmp(s->tk[0].low, leads[l][0]) && !strcmp(s->tk[1].low, leads[l][1]) &&
		       !strcmp(s->tk[2].low, leads[l][2]);
	uint32_t m = 3;
	if (lead && s->tk[m].kind == T_PUNCT && s->tk[m].punct == ',')
		m++;
	bool modal = false;
	for (size_t k = 0; lead && k < sizeof modals / sizeof modals[0] && !modal; k++)
		modal = s->tk[m].kind == T_WORD && !strcmp(s->tk[m].low, modals[k]);
	if (!modal)
		return;
	uint32_t v = m + 2; /* the subject has a word at least */
	while (v < s->n && s->tk[v].kind == T_WORD && strcmp(s->tk[v].low, "be") &&
	       strcmp(s->tk[v].low, "have") && !is_action_verb(s->tk[v].low) &&
	       strcmp(s->tk[v].low, "exceed") && strcmp(s->tk[v].low, "fall") &&
	       strcmp(s->tk[v].low, "fail") && strcmp(s->tk[v].low, "drop") &&
	       strcmp(s->tk[v].low, "go") && strcmp(s->tk[v].low, "remain"))
		v++;
	if (v >= s->n || s->tk[v].kind != T_WORD)
		return;
	/* [lead m) [m] [m+1 v) [v..]  ->  [m+1 v) [m] not [v..] */
	token mod = s->tk[m], not_tok = s->tk[1];
	uint32_t ns = v - (m + 1);
	memmove(&s->tk[0], &s->tk[m + 1], ns * sizeof *s->tk);
	s->tk[ns] = mod;
	not_tok.low = "not";
	s->tk[ns + 1] = not_tok;
	/* the lead's other words go ("in", "case"): m + 1 tokens became 2 */
	memmove(&s->tk[ns + 2], &s->tk[v], (s->n - v) * sizeof *s->tk);
	s->n -= m - 1;
	s->inverted = true;
}

/* "is either under $5,000 or over $75,000": two bounds, each a comparison
 * ("either" would start a list of values, and "under $5,000" is none). */
static void cut_either_before_bounds(parser *p)
{
	static const char *const bounds[] = { "above", "after", "at", "before", "below",
	                                      "earlier", "fewer", "greater", "higher", "later",
	                                      "less", "lower", "more", "over", "under" };
	for (uint32_t k = 1; k + 1 < p->n; k++) {
		if (!is_w(p, k, p->n, "either") ||
		    !(is_w(p, k - 1, p->n, "is") || is_w(p, k - 1, p->n, "are") ||
		      is_w(p, k - 1, p->n, "was") || is_w(p, k - 1, p->n, "were") ||
		      is_w(p, k - 1, p->n, "be")))
			continue;
		for (size_t b = 0; b < sizeof bounds / sizeof bounds[0]; b++)
			if (is_w(p, k + 1, p->n, bounds[b])) {
				cut_tokens(p, k, 1);
				break;
			}
	}
}

static bool finish_sentence(parser *p, const lexed *lx, uint32_t first, uint32_t last, char end,
                            const block *b, uint32_t *cap)
{
	while (first <= last && last != UINT32_MAX && lx->toks[last].kind == T_PUNCT &&
	       (lx->toks[last].punct == ',' || lx->toks[last].punct == ';'))
		last--;
	if (last == UINT32_MAX || first > last)
		return true;
	/* A lone "or" / "and" after an item's semicolon is the list's
	 * connector, not a sentence. */
	if (first == last && lx->toks[first].kind == T_WORD &&
	    (strcmp(lx->toks[first].low, "or") == 0 || strcmp(lx->toks[first].low, "and") == 0))
		return true;
	sentence *s = push_sentence(p, cap);
	if (!s)
		return false;
	s->n = last - first + 1;
	s->tk = arena_alloc(p->c->a, s->n * sizeof *s->tk);
	if (!s->tk) {
		p->c->nomem = true;
		return false;
	}
	memcpy(s->tk, &lx->toks[first], s->n * sizeof *s->tk);
	s->used = arena_zalloc(p->c->a, s->n);
	if (!s->used) {
		p->c->nomem = true;
		return false;
	}
	s->end = end;
	s->bullet = b->bullet;
	s->indent = b->indent;
	s->section = b->section;
	s->commentary_label = b->commentary;
	s->label = b->label;
	s->definitions_label = b->definitions;
	uint32_t si = p->ns - 1;
	sentence_select(p, si);
	p->no_mark = true;
	s->sp = span_of(p, 0, s->n - 1);
	p->no_mark = false;
	s->text = slice_of(p, 0, s->n - 1);
	size_t limit = p->c->opts->max_sentence_bytes ? p->c->opts->max_sentence_bytes : 16384;
	uint32_t bytes = lx->toks[last].off + lx->toks[last].len - lx->toks[first].off;
	if (bytes > limit) {
		diag_error(p->c, s->sp, "split it into shorter sentences",
		           "this sentence is %u bytes long, more than the limit of %zu", bytes, limit);
		s->n = 0;
		s->done = true;
		return true;
	}
	invert_never_lead(s);
	cut_either_before_bounds(p);
	return cut_appositives(p, si);
}

static bool instead_follows(const lexed *lx, uint32_t i, uint32_t end)
{
	for (; i < end; i++) {
		const token *t = &lx->toks[i];
		if (t->kind == T_PUNCT && (t->punct == '.' || t->punct == ';' || t->punct == '!'))
			return false;
		if (t->kind == T_WORD && !strcmp(t->low, "instead"))
			return true;
	}
	return false;
}

/* Whether a heading (not a clause number) of `section`, or of a section
 * around it, starts after `line`: a list introduced before a heading does
 * not take the bullets after it. */
static bool heading_after(const lexed *lx, uint32_t section, uint32_t line)
{
	for (uint32_t s = section; s != NO_SECTION && s < lx->nsections; s = lx->sections[s].parent)
		if (!lx->sections[s].clause)
			return lx->sections[s].line > line;
	return false;
}

/* Whether a table lies between lines `from` and `to`: "The limit depends
 * on the income:", the table, then a numbered list of rules; the list is
 * not the table's introducer's. */
static bool table_between(const lexed *lx, uint32_t from, uint32_t to)
{
	for (uint32_t t = 0; t < lx->ntables; t++)
		if (lx->tables[t].line > from && lx->tables[t].line < to)
			return true;
	return false;
}

bool build_sentences(parser *p)
{
	const lexed *lx = p->lx;
	uint32_t cap = 0;
	/* Open list introducers: sentence index and the indent its items need. */
	uint32_t stack[64];
	unsigned stack_indent[64];
	bool stack_bullet[64];
	unsigned depth = 0;
	unsigned max_depth = p->c->max_depth;
	for (uint32_t bi = 0; bi < lx->nblocks; bi++) {
		const block *b = &lx->blocks[bi];
		uint32_t parent = NONE;
		if (!b->bullet) {
			depth = 0;
		} else {
			if (depth && (heading_after(lx, b->section, p->s[stack[0]].sp.line) ||
			              table_between(lx, p->s[stack[depth - 1]].sp.line,
			                            lx->toks[b->first].line)))
				depth = 0;
			while (depth && stack_bullet[depth - 1] && stack_indent[depth - 1] >= b->indent)
				depth--;
			if (depth)
				parent = stack[depth - 1];
		}
		uint32_t first_sentence = p->ns;
		uint32_t start = b->first, end = b->first + b->count;
		for (uint32_t i = b->first; i < end; i++) {
			const token *t = &lx->toks[i];
			if (t->kind != T_PUNCT)
				continue;
			char c = t->punct;
			bool ends = c == '.' || c == '!' || c == '?' || c == ';' ||
			            (c == ':' && i == end - 1);
			/* "Never approve X; route it to Y instead.": one sentence. */
			if (c == ';' && instead_follows(lx, i + 1, end))
				ends = false;
			/* "Occupancy means A divided by B, and the LTV is C divided
			 * by D.": two definitions */
			bool second = c == ',' && i > start && defines_at(lx, start, i) &&
			              i + 1 < end && lx->toks[i + 1].kind == T_WORD &&
			              !strcmp(lx->toks[i + 1].low, "and") && defines_at(lx, i + 2, end);
			if (!ends && !second)
				continue;
			if (i > start && !finish_sentence(p, lx, start, i - 1, second ? '.' : c, b, &cap))
				return false;
			start = second ? i + 2 : i + 1;
		}
		if (start < end && !finish_sentence(p, lx, start, end - 1, 0, b, &cap))
			return false;
		if (p->ns > first_sentence) {
			p->s[first_sentence].opens_block = true;
			p->s[first_sentence].block_goes_on = p->ns > first_sentence + 1;
		}
		for (uint32_t si = first_sentence; si < p->ns; si++)
			if (parent != NONE && !add_kid(p, parent, si))
				return false;
		if (p->ns > first_sentence && p->s[p->ns - 1].end == ':') {
			if (depth >= max_depth || depth >= 64) {
				diag_error(p->c, p->s[p->ns - 1].sp, "flatten the lists",
				           "the lists are nested deeper than the limit of %u", max_depth);
				return true;
			}
			stack[depth] = p->ns - 1;
			stack_indent[depth] = b->indent;
			stack_bullet[depth] = b->bullet;
			depth++;
		}
	}
	return !p->c->nomem;
}
bool parser_quiet(const parser *p)
{
	return p->declaring || p->trial;
}

void parser_error(parser *p, uint32_t first, uint32_t last, const char *hint, const char *fmt,
                  const char *arg)
{
	if (parser_quiet(p))
		return;
	diag_error(p->c, span_of(p, first, last), hint, fmt, arg);
}

static bool is_article(const char *w)
{
	return !strcmp(w, "the") || !strcmp(w, "a") || !strcmp(w, "an");
}

uint32_t skip_articles(const parser *p, uint32_t i, uint32_t end)
{
	while (i < end && is_article(tw(p, i)))
		i++;
	return i;
}

/* "Also extract ...", "Then, notify ...", "Finally, deny ...": sequencing
 * words in front of a statement say nothing of its meaning. */
uint32_t skip_lead_adverb(const parser *p, uint32_t i, uint32_t end)
{
	static const char *const v[] = { "also", "additionally", "then", "next", "finally",
	                                  "lastly", "first", "second", "third", "furthermore",
	                                  "moreover", "in addition", "after that", "afterwards", "only",
	                                  "always" };
	for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
		uint32_t n = match(p, i, end, v[k]);
		if (!n)
			continue;
		uint32_t j = i + n;
		if (is_punct(p, j, end, ','))
			j++;
		if (j < end && (is_clause_start(p, j, end) || is_w(p, j, end, "for")))
			return j; /* "Also, for timely applications ..." */
	}
	return i;
}

bool is_clause_start(const parser *p, uint32_t i, uint32_t end)
{
	const char *w = tw(p, i);
	if (!*w || i >= end || p->tk[i].kind != T_WORD)
		return false;
	if (!strcmp(w, "if") || !strcmp(w, "then") || !strcmp(w, "look") ||
	    !strcmp(w, "otherwise") || !strcmp(w, "unless"))
		return true;
	if (skip_lead_adverb(p, i, end) != i)
		return true; /* "also require a passport" */
	size_t n = strlen(w);
	if (n > 4 && !strcmp(w + n - 2, "ly") && is_action_verb(tw(p, i + 1)))
		return true; /* "partially approve the request" */
	if (is_action_verb(w) || check_opener(w, tw(p, i + 1)) || is_extract_verb(w) ||
	    is_lookup_verb(w)) {
		/* "review is required", "Exempt status is recorded ...": a noun
		 * phrase before its verb, not an imperative */
		for (uint32_t k = i + 1; k < end && k <= i + 3; k++) {
			if (p->tk[k].kind != T_WORD)
				break;
			if (is_aux_word(p->tk[k].low))
				return false;
			if (!strcmp(p->tk[k].low, "the") || !strcmp(p->tk[k].low, "a") ||
			    !strcmp(p->tk[k].low, "an") || !strcmp(p->tk[k].low, "to") ||
			    !strcmp(p->tk[k].low, "for") || !strcmp(p->tk[k].low, "of") ||
			    !strcmp(p->tk[k].low, "and") || !strcmp(p->tk[k].low, "in"))
				break;
		}
		return true;
	}
	return false;
}
