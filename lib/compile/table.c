/*
 * Tables: Markdown tables read as decision and lookup tables.
 *
 * Policies state limits by band in tables, and their sentences refer to
 * them:
 *
 *   the maximum in the table below for the loan amount
 *   the maximum LTV for the collateral type shown below
 *   the maximum loan-to-value ratio in Table 1 for the property type and the occupancy
 *   the value in Table 2 for the credit score       (a definition's body)
 *   the maximum LTV for the applicant's tier        (no table named: the one
 *                                                    table with such columns)
 *
 *   table-ref := value [where] [key-intro keys] [where]
 *   where     := prep table | participle ("below" | "above")
 *   prep      := "in" | "from" | "of" | "per" | "under" | "according to" | "shown in" ...
 *   table     := "Table" id | "the table below" | "the table above"
 *              | "the following table" | "the preceding table" | "the table that follows"
 *              | "the table" | "the" words "table"          (by caption or headers)
 *   key-intro := "for" | "by" | "based on" | "according to" | "corresponding to" ...
 *   keys      := key (("and" | ",") key)*       a term, or a column's name
 *
 * The reference becomes an E_CASE: a (condition, value) pair a row, in
 * order. The value column is the one whose header holds the value's words
 * ("maximum" -> "Maximum Combined LTV"), each key's column the one whose
 * header names it ("Loan Amount"). A key cell is a condition on its key:
 *
 *   "$0 to $417,000", "620 - 679", "between 1 and 3"   a band, both ends in
 *   "680 or higher", "$2,500,001 and above", "620+"    at least
 *   "Below 620", "Less than 12 months", "Over $5M", "Up to $100,000", "> 80%"
 *   "700", "Real estate", "Condo or Co-op"             equal to, one of
 *   "Any", "All others"                                every case (last)
 *
 * A value cell is a quantity, text, yes or no, or no value at all ("N/A",
 * "Not eligible"): a rule that needs that row's value cannot be decided,
 * and the decision names the row. Rows that overlap ("620 - 680" and
 * "680 - 720" both hold for 680) or repeat are errors, since the first row
 * would win without a word. A key that names a column but no term ("the
 * applicant's tier" and a Tier column) is found through the columns that
 * do name terms ("Credit Score"). A table in a section of rules that no
 * sentence reads is an error too (table_check_unused).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"
#include "compile/mention.h"
#include "compile/table.h"
#include "compile/table_cells.h"
#include "compile/xref.h"

enum { MAX_KEYS = 4 };

typedef enum where_kind {
	W_NONE = 0, W_BELOW, W_ABOVE, W_NUMBER, W_THE, W_NAMED,
	W_PART /* "in 5.1", "the table in Section 6": the table stated there */
} where_kind;

typedef struct where {
	where_kind kind;
	uint32_t id_tok;                 /* W_NUMBER: the token of "2" in "Table 2" */
	uint32_t name_first, name_last;  /* W_NAMED: the words before "table" */
	xref part;                       /* W_PART */
} where;

typedef struct key_ref {
	uint32_t first, last;  /* its tokens [first, last) in the sentence */
	uint32_t before;       /* where the "and" or "," before it starts */
	int32_t term;          /* -1: the name of a column ("the applicant's tier") */
	span sp;
	const char *text;
} key_ref;

/* A key column: its term (-1: a column's name, not a condition) and how
 * the sentence named it. */
typedef struct key_col {
	uint32_t column;
	table_key key;
} key_col;

/* ---- words ---- */

static bool any_word(const parser *p, uint32_t k, uint32_t end, const char *const *set, size_t n,
                     uint32_t *len)
{
	uint32_t best = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t m = match(p, k, end, set[i]);
		if (m > best)
			best = m;
	}
	*len = best;
	return best > 0;
}

#define ANY_WORD(p, k, end, set, len) any_word(p, k, end, set, sizeof set / sizeof set[0], len)

static bool is_table_noun(const parser *p, uint32_t k, uint32_t end)
{
	return is_w(p, k, end, "table") || is_w(p, k, end, "matrix") || is_w(p, k, end, "grid") ||
	       is_w(p, k, end, "chart");
}

/* "2", "B", "II", "A-1" after "Table". */
static bool id_token(const parser *p, uint32_t k, uint32_t end)
{
	if (k >= end)
		return false;
	const token *t = &p->tk[k];
	if (t->kind == T_QUANTITY)
		return t->val.type == POLICY_TYPE_NUMBER;
	if (t->kind != T_WORD || t->len > 5)
		return false;
	for (uint32_t i = 0; i < t->len; i++)
		if (islower((unsigned char)t->text[i]))
			return false;
	return isupper((unsigned char)t->text[0]) || isdigit((unsigned char)t->text[0]);
}

/* The table words after a preposition: "Table 2", "the table below", "the
 * following table", "the LTV table". Tokens consumed, 0 if none. */
static uint32_t table_words(const parser *p, uint32_t j, uint32_t end, where *w)
{
	uint32_t k = j;
	if (is_w(p, k, end, "the") || is_w(p, k, end, "this"))
		k++;
	if (is_table_noun(p, k, end) && id_token(p, k + 1, end)) {
		w->kind = W_NUMBER;
		w->id_tok = k + 1;
		return k + 2 - j;
	}
	if ((is_w(p, k, end, "following") || is_w(p, k, end, "next")) && is_table_noun(p, k + 1, end)) {
		w->kind = W_BELOW;
		return k + 2 - j;
	}
	if ((is_w(p, k, end, "preceding") || is_w(p, k, end, "previous") ||
	     is_w(p, k, end, "above")) && is_table_noun(p, k + 1, end)) {
		w->kind = W_ABOVE;
		return k + 2 - j;
	}
	uint32_t n = k;
	while (n < end && n < k + 4 && p->tk[n].kind == T_WORD && !is_table_noun(p, n, end) &&
	       !is_np_stop_word(p->tk[n].low))
		n++;
	if (k == j || !is_table_noun(p, n, end))
		return 0; /* "in table" without "the" is not a reference */
	w->kind = n > k ? W_NAMED : W_THE;
	w->name_first = k;
	w->name_last = n;
	n++;
	uint32_t m;
	if (is_w(p, n, end, "below") || match(p, n, end, "that follows")) {
		w->kind = w->kind == W_THE ? W_BELOW : w->kind;
		n += is_w(p, n, end, "below") ? 1 : 2;
	} else if (is_w(p, n, end, "above") || match(p, n, end, "that precedes")) {
		w->kind = w->kind == W_THE ? W_ABOVE : w->kind;
		n += is_w(p, n, end, "above") ? 1 : 2;
	} else if ((m = match(p, n, end, "shown below")) || (m = match(p, n, end, "shown above"))) {
		w->kind = is_w(p, n + 1, end, "below") ? W_BELOW : W_ABOVE;
		n += m;
	} else if (w->kind == W_THE && is_w(p, n, end, "in")) {
		uint32_t x = n + 1;
		if (xref_target_at((parser *)p, &x, end, &w->part)) {
			w->kind = W_PART; /* "the table in 6.1" */
			n = x;
		}
	}
	return n - j;
}

/* Where the table is, at j: "in the table below", "from Table 2", "shown
 * below". Tokens consumed, 0 if none. */
static uint32_t where_at(const parser *p, uint32_t j, uint32_t end, where *w)
{
	static const char *const preps[] = {
		"in", "from", "of", "per", "as per", "under", "by", "according to", "based on",
		"in accordance with", "using",
		"on", "as shown in", "shown in", "as listed in", "listed in", "given in",
		"as given in", "set out in", "as set out in", "set forth in", "as set forth in",
		"specified in", "as specified in", "stated in", "as stated in", "provided in",
		"as provided in", "found in", "defined in", "as defined in", "indicated in",
		"as indicated in", "contained in",
	};
	static const char *const participles[] = {
		"shown", "as shown", "listed", "as listed", "given", "as given", "set out",
		"as set out", "set forth", "as set forth", "specified", "as specified", "stated",
		"as stated", "provided", "as provided", "indicated", "as indicated", "outlined",
		"as outlined", "described", "as described", "found",
	};
	memset(w, 0, sizeof *w);
	uint32_t n;
	if ((is_w(p, j, end, "in") || is_w(p, j, end, "under")) && j + 1 < end &&
	    p->tk[j + 1].kind != T_WORD) {
		/* "the limit in 5.1": the one table stated in that clause */
		uint32_t k = j + 1;
		if (xref_target_at((parser *)p, &k, end, &w->part)) {
			w->kind = W_PART;
			return k - j;
		}
		memset(w, 0, sizeof *w);
	}
	if (ANY_WORD(p, j, end, participles, &n) &&
	    (is_w(p, j + n, end, "below") || is_w(p, j + n, end, "above"))) {
		w->kind = is_w(p, j + n, end, "below") ? W_BELOW : W_ABOVE;
		return n + 1;
	}
	for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++) {
		uint32_t m = match(p, j, end, preps[i]);
		uint32_t t = m ? table_words(p, j + m, end, w) : 0;
		if (t)
			return m + t;
	}
	/* "the maximum for the property type below": below, then nothing */
	if ((is_w(p, j, end, "below") || is_w(p, j, end, "above")) &&
	    (j + 1 >= end || p->tk[j + 1].kind == T_PUNCT)) {
		w->kind = is_w(p, j, end, "below") ? W_BELOW : W_ABOVE;
		return 1;
	}
	return 0;
}

static uint32_t key_intro(const parser *p, uint32_t j, uint32_t end)
{
	static const char *const intros[] = {
		"for", "by", "based on", "according to", "corresponding to", "that corresponds to",
		"that applies to", "applicable to", "which applies to", "matching", "that matches",
		"given",
	};
	uint32_t n;
	return ANY_WORD(p, j, end, intros, &n) ? n : 0;
}

/* Where a value's or key's words stop. */
static bool phrase_stop(const parser *p, uint32_t k, uint32_t end)
{
	if (k >= end)
		return true;
	const token *t = &p->tk[k];
	if (t->kind == T_PUNCT && t->punct != '-' && t->punct != '\'')
		return true;
	if (t->kind == T_WORD && (is_np_stop_word(t->low) || !strcmp(t->low, "or")))
		return true;
	where w;
	if (where_at(p, k, end, &w))
		return true;
	op_match m;
	return op_at(p, k, end, false, &m) && m.kind != PK_EQ;
}

/* ---- the sentence's phrase ---- */

typedef struct phrase {
	uint32_t value_first, value_last;  /* the value's words [first, last) */
	const char *name;                  /* or a defined term's name ("annual maximum") */
	where w;
	key_ref keys[MAX_KEYS];
	uint32_t nkeys;
	uint32_t end;                      /* past the phrase */
} phrase;

static bool read_key(parser *p, uint32_t *j, uint32_t end, key_ref *k)
{
	uint32_t a = *j, f = skip_articles(p, a, end), e = f;
	while (e < end && !phrase_stop(p, e, end) && !is_w(p, e, end, "and") && !key_intro(p, e, end))
		e++;
	if (e == f)
		return false;
	uint32_t tl;
	int32_t d = match_term(p, a, e, false, &tl);
	size_t fl = f < e && p->tk[f].kind == T_WORD ? strlen(p->tk[f].low) : 0;
	if (d < 0 && f + 1 < e && fl > 2 && !strcmp(p->tk[f].low + fl - 2, "'s")) {
		/* "the vehicle's model year": the model year */
		d = match_term(p, f + 1, e, false, &tl);
		if (d >= 0)
			tl += f + 1 - a;
	}
	if (d >= 0)
		e = a + tl;
	else
		d = resolve_np(p, a, e, POLICY_TYPE_NONE, false);
	k->first = a;
	k->last = e;
	k->term = d;
	k->sp = span_of(p, a, e - 1);
	k->text = slice_of(p, a, e - 1);
	*j = e;
	return true;
}

/* The keys after "for": "the loan amount", "the property type and the
 * occupancy". An "and" that starts a clause of its own ("and the credit
 * score is below 700") is not the phrase's. */
static void read_keys(parser *p, uint32_t *j, uint32_t end, phrase *ph)
{
	if (!read_key(p, j, end, &ph->keys[0]))
		return;
	ph->keys[0].before = ph->keys[0].first;
	ph->nkeys = 1;
	while (ph->nkeys < MAX_KEYS) {
		uint32_t k = *j, before = *j;
		if (is_punct(p, k, end, ','))
			k++;
		if (is_w(p, k, end, "and"))
			k++;
		if (k == before || match(p, k, end, "as follows") || match(p, k, end, "as below"))
			return;
		key_ref next;
		uint32_t after = k;
		if (!read_key(p, &after, end, &next))
			return;
		op_match m;
		if (after < end && ((p->tk[after].kind == T_WORD && is_aux_word(p->tk[after].low)) ||
		                    op_at(p, after, end, false, &m)))
			return; /* "... and the credit score is below 700" */
		next.before = before;
		ph->keys[ph->nkeys++] = next;
		*j = after;
	}
}

/* "the cost multiplied by the percentage in the table": the value is the
 * percentage; the words before the operator are another value. */
static bool arith_word(const parser *p, uint32_t k, uint32_t end)
{
	if (!w_starts(p, k, "mtpd"))
		return false;
	return is_w(p, k, end, "multiplied") || is_w(p, k, end, "times") ||
	       is_w(p, k, end, "plus") || is_w(p, k, end, "minus") || is_w(p, k, end, "divided");
}

/* "shown", "listed", "given", "stated" right before where the table is. */
static bool shown_where(const parser *p, uint32_t k, uint32_t end)
{
	where w;
	if (!w_starts(p, k, "slg"))
		return false;
	return (is_w(p, k, end, "shown") || is_w(p, k, end, "listed") ||
	        is_w(p, k, end, "given") || is_w(p, k, end, "stated")) &&
	       where_at(p, k + 1, end, &w);
}

/* value [where] [for keys] [where], from *i (after articles). */
static bool read_phrase(parser *p, uint32_t s, uint32_t end, phrase *ph)
{
	memset(ph, 0, sizeof *ph);
	uint32_t f = skip_articles(p, s, end), k = f;
	where w;
	while (k < end && k < f + 8 && !where_at(p, k, end, &w) && !key_intro(p, k, end) &&
	       !phrase_stop(p, k, end) && !arith_word(p, k, end) && !shown_where(p, k, end))
		k++;
	if (k == f || (k == f + 1 && is_table_noun(p, f, end)))
		return false; /* "the table in 6.1 shows ...": no value named */
	ph->value_first = f;
	ph->value_last = k;
	if (shown_where(p, k, end))
		k++; /* "the percentage shown in the table" */
	for (int round = 0; round < 2; round++) {
		uint32_t n;
		if (!ph->w.kind && (n = where_at(p, k, end, &w))) {
			ph->w = w;
			k += n;
		} else if (!ph->nkeys && (n = key_intro(p, k, end))) {
			uint32_t j = k + n;
			read_keys(p, &j, end, ph);
			if (!ph->nkeys)
				break;
			k = j;
		}
	}
	ph->end = k;
	return ph->w.kind || ph->nkeys;
}

/* ---- choosing the table ---- */

static uint32_t heading_of(const lexed *lx, uint32_t s)
{
	while (s != NO_SECTION && s < lx->nsections && lx->sections[s].clause)
		s = lx->sections[s].parent;
	return s;
}

/* How explanations cite a table. */
static const char *table_name(parser *p, const doc_table *t)
{
	char tmp[96];
	if (t->number)
		snprintf(tmp, sizeof tmp, "Table %s at line %u", t->number, t->line);
	else
		snprintf(tmp, sizeof tmp, "the table at line %u", t->line);
	char *s = arena_strdup(p->c->a, tmp);
	if (!s)
		p->c->nomem = true;
	return s ? s : "";
}

static void list_tables(parser *p, buf *b)
{
	const lexed *lx = p->lx;
	for (uint32_t t = 0; t < lx->ntables && t < 8; t++)
		buf_printf(b, "%s%s", t ? ", " : "", table_name(p, &lx->tables[t]));
}

static void phrase_error(parser *p, uint32_t s, uint32_t e, const char *hint, const char *fmt,
                         const char *arg)
{
	parser_error(p, s, e > s ? e - 1 : s, hint, fmt, arg);
}

static int32_t fitting_table(parser *p, const phrase *ph, uint32_t s);
static void mark_used(parser *p, uint32_t t);

/* The table `w` names, or -1 (reported). */
static int32_t named_table(parser *p, const phrase *ph, uint32_t s)
{
	const lexed *lx = p->lx;
	const sentence *se = &p->s[p->cur];
	uint32_t first = se->sp.line, last = p->n ? p->tk[p->n - 1].line : first;
	int32_t found = -1;
	uint32_t count = 0;
	buf hint;
	buf_init(&hint, &p->c->a->m);
	switch (ph->w.kind) {
	case W_NUMBER: {
		const token *id = &p->tk[ph->w.id_tok];
		for (uint32_t t = 0; t < lx->ntables; t++)
			if (lx->tables[t].number && strlen(lx->tables[t].number) == id->len &&
			    !strncasecmp(lx->tables[t].number, id->text, id->len))
				return (int32_t)t;
		buf_puts(&hint, "the tables are: ");
		list_tables(p, &hint);
		phrase_error(p, ph->w.id_tok - 1, ph->w.id_tok + 1, buf_cstr(&hint),
		             "there is no table numbered '%s' (a caption line 'Table N - ...' "
		             "right above a table numbers it)", slice_of(p, ph->w.id_tok, ph->w.id_tok));
		break;
	}
	case W_PART:
		for (uint32_t t = 0; t < lx->ntables; t++)
			if (xref_holds(&ph->w.part, lx->tables[t].line)) {
				found = found < 0 ? (int32_t)t : found;
				count++;
			}
		if (count == 1)
			return found;
		phrase_error(p, s, ph->end, "name the table: 'Table N', or 'the table below'",
		             count ? "there is more than one table in the part '%s' names"
		                   : "there is no table in the part '%s' names",
		             slice_of(p, s, ph->end - 1));
		break;
	case W_BELOW:
		for (uint32_t t = 0; t < lx->ntables; t++)
			if (lx->tables[t].line > last)
				return (int32_t)t;
		phrase_error(p, s, ph->end, "put the table after the sentence, or write 'Table N'",
		             "there is no table below '%s'", slice_of(p, s, ph->end - 1));
		break;
	case W_ABOVE:
		for (uint32_t t = lx->ntables; t-- > 0;)
			if (lx->tables[t].last_line < first)
				return (int32_t)t;
		phrase_error(p, s, ph->end, "put the table before the sentence, or write 'Table N'",
		             "there is no table above '%s'", slice_of(p, s, ph->end - 1));
		break;
	case W_THE: {
		uint32_t h = heading_of(lx, se->section);
		for (uint32_t t = 0; t < lx->ntables; t++)
			if (lx->tables[t].section == h) {
				found = (int32_t)t;
				count++;
			}
		if (count == 1)
			return found;
		if (lx->ntables == 1)
			return 0;
		/* the one table whose columns fit */
		found = fitting_table(p, ph, s);
		if (found >= 0)
			return found;
		for (uint32_t t = 0; t < lx->ntables; t++)
			mark_used(p, t); /* the error below is the one to fix */
		buf_puts(&hint, "say which: 'the table below', 'the table above' or 'Table N' (");
		list_tables(p, &hint);
		buf_putc(&hint, ')');
		phrase_error(p, s, ph->end, buf_cstr(&hint), "'%s' could mean more than one table",
		             slice_of(p, s, ph->end - 1));
		break;
	}
	case W_NAMED: {
		/* "the LTV table": the one table whose caption or headers hold the words */
		size_t nlen;
		const char *words = np_text(p, ph->w.name_first, ph->w.name_last, &nlen);
		wordlist want;
		if (!words_split(p->c->a, words, nlen, WORDS_CONTENT | WORDS_CANON, &want)) {
			p->c->nomem = true;
			break;
		}
		for (uint32_t t = 0; t < lx->ntables; t++) {
			const doc_table *tb = &lx->tables[t];
			buf all;
			buf_init(&all, &p->c->a->m);
			if (tb->caption)
				buf_printf(&all, "%s ", tb->caption);
			for (uint32_t c = 0; c < tb->ncols; c++)
				buf_printf(&all, "%s ", tb->cells[c]);
			wordlist have;
			bool ok = buf_cstr(&all) &&
			          words_split(p->c->a, buf_cstr(&all), all.len,
			                      WORDS_CONTENT | WORDS_CANON, &have);
			buf_release(&all);
			if (!ok) {
				p->c->nomem = true;
				break;
			}
			bool every = want.n > 0;
			for (size_t a = 0; a < want.n && every; a++) {
				bool in = false;
				for (size_t b = 0; b < have.n && !in; b++)
					in = !strcmp(want.w[a], have.w[b]);
				every = in;
			}
			if (every) {
				found = (int32_t)t;
				count++;
			}
		}
		if (count == 1)
			return found;
		buf_puts(&hint, "say which: 'the table below', 'the table above' or 'Table N' (");
		list_tables(p, &hint);
		buf_putc(&hint, ')');
		phrase_error(p, s, ph->end, buf_cstr(&hint),
		             count ? "'%s' could mean more than one table" : "no table is '%s'",
		             slice_of(p, ph->w.name_first, ph->w.name_last));
		break;
	}
	case W_NONE:
		break;
	}
	buf_release(&hint);
	return -1;
}

/* ---- choosing the columns ---- */

/* Words that do not pick a column: "the value", "the applicable limit",
 * "is set by", and the words that name people or kinds ("applicant",
 * "amount": words.h's generic words). */
static bool generic_value_word(const char *w)
{
	static const char *const generic[] = {
		"allowed", "applicable", "appropriate", "assigned", "corresponding", "determined",
		"figure", "found", "given", "level", "limit", "listed", "one", "permitted",
		"relevant", "required", "requirement", "set", "shown", "specified", "stated", "value",
	};
	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
		if (!strcmp(w, generic[i]))
			return true;
	for (size_t i = 0; i < words_generic_count; i++)
		if (!strcmp(w, words_generic_table[i]))
			return true;
	return false;
}

static bool same_words(const wordlist *a, const wordlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->w[i], b->w[i]))
			return false;
	return true;
}

static bool has(const wordlist *l, const char *w)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->w[i], w))
			return true;
	return false;
}

/* How well `want` names a column whose header words are `h`: -1 if a word
 * of `want` that says something (not "value" or "limit") is not in it;
 * else the words found (*extra: the header's words not asked for). */
static int value_score(const wordlist *want, const wordlist *h, int *extra)
{
	int found = 0;
	for (size_t i = 0; i < want->n; i++) {
		if (has(h, want->w[i]))
			found++;
		else if (!generic_value_word(want->w[i]))
			return -1;
	}
	*extra = (int)h->n - found;
	return found;
}

typedef struct columns {
	wordlist *h;         /* each header's canonical words */
	uint32_t value;
	key_col keys[MAX_KEYS];
	uint32_t nkeys;
	bool label;          /* a key is a column's name, not a term */
} columns;

static bool taken(const columns *cs, uint32_t c)
{
	if (c == cs->value)
		return true;
	for (uint32_t k = 0; k < cs->nkeys; k++)
		if (cs->keys[k].column == c)
			return true;
	return false;
}

static bool split_words(parser *p, const char *s, size_t n, wordlist *out)
{
	if (words_split(p->c->a, s, n, WORDS_CONTENT | WORDS_CANON, out))
		return true;
	p->c->nomem = true;
	return false;
}

/* The value column among the columns not taken: the best by the words
 * `want`; with only generic words, the one column left, or the one the
 * definition's name picks. UINT32_MAX if none or more than one fits
 * (*tie says which). */
static uint32_t value_column(parser *p, const doc_table *t, columns *cs, const wordlist *want,
                             bool *tie)
{
	uint32_t best = UINT32_MAX;
	int best_found = -1, best_extra = 0;
	*tie = false;
	for (uint32_t c = 0; c < t->ncols; c++) {
		if (taken(cs, c))
			continue;
		int extra, found = value_score(want, &cs->h[c], &extra);
		if (found < 0)
			continue;
		/* more of the words; then a header of just those words ("maximum
		 * LTV": "Maximum LTV" before "Maximum LTV Cash-out"), but "maximum"
		 * alone is no more "Maximum LTV" than "Maximum Loan Amount" */
		bool exact = found > 0 && extra == 0, best_exact = best_found > 0 && best_extra == 0;
		bool better = found > best_found || (found == best_found && exact && !best_exact);
		bool worse = found < best_found || (found == best_found && !exact && best_exact);
		if (better) {
			best = c;
			best_found = found;
			best_extra = extra;
			*tie = false;
		} else if (!worse) {
			*tie = true;
		}
	}
	if (*tie) {
		/* "the value in Table 2": the definition's name says which */
		int32_t d = p->s[p->cur].definition;
		const char *name = d >= 0 ? p->c->defs[d].name : NULL;
		wordlist dn;
		if (name && want->w != NULL && split_words(p, name, strlen(name), &dn) && dn.n &&
		    !same_words(&dn, want)) {
			*tie = false;
			return value_column(p, t, cs, &dn, tie);
		}
	}
	return *tie ? UINT32_MAX : best;
}

/* The column that names a key best, from WORDS_MATCH_LABEL; UINT32_MAX if none. */
static uint32_t key_column(parser *p, const doc_table *t, const columns *cs, const key_ref *k)
{
	uint32_t best = UINT32_MAX;
	int best_score = WORDS_MATCH_LABEL - 1;
	const char *name = k->term >= 0 ? p->c->defs[k->term].name : NULL;
	for (uint32_t c = 0; c < t->ncols; c++) {
		if (taken(cs, c))
			continue;
		const char *hd = t->cells[c];
		int sc = words_match(p->c->a, hd, strlen(hd), k->text, strlen(k->text));
		if (name) {
			int sn = words_match(p->c->a, hd, strlen(hd), name, strlen(name));
			if (sn > sc)
				sc = sn;
		}
		if (sc > best_score) {
			best = c;
			best_score = sc;
		}
	}
	return best;
}

/* A header that names a term exactly ("Credit Score", "LTV"): the term,
 * else -1. */
static int32_t header_term(parser *p, const doc_table *t, uint32_t c)
{
	const char *hd = t->cells[c];
	char *key = words_key(p->c->a, hd, strlen(hd));
	if (!key) {
		p->c->nomem = true;
		return -1;
	}
	return *key ? term_find_key(p->c, key) : -1;
}

/* "credit score" -> "the credit score", as explanations name values. */
static const char *the_name(parser *p, const char *name)
{
	char *t = arena_alloc(p->c->a, strlen(name) + 5);
	if (!t) {
		p->c->nomem = true;
		return name;
	}
	sprintf(t, "the %s", name);
	return t;
}

/* Keys from the headers that name terms, other than the taken columns:
 * for a reference without "for", or for a key that is a column's name. */
static bool keys_from_headers(parser *p, const doc_table *t, columns *cs, span sp)
{
	bool any = false;
	for (uint32_t c = 0; c < t->ncols && cs->nkeys < MAX_KEYS; c++) {
		if (taken(cs, c))
			continue;
		int32_t d = header_term(p, t, c);
		if (d < 0)
			continue;
		key_col *k = &cs->keys[cs->nkeys++];
		k->column = c;
		k->key.term = d;
		k->key.sp = sp;
		k->key.text = the_name(p, p->c->defs[d].name);
		any = true;
	}
	return any;
}

/* Fit the phrase to table t: its value column and key columns. With
 * `report`, say what does not fit. */
static bool fit_columns(parser *p, const doc_table *t, const phrase *ph, uint32_t s,
                        columns *cs, bool report)
{
	memset(cs, 0, sizeof *cs);
	cs->value = UINT32_MAX;
	for (uint32_t k = 0; k < MAX_KEYS; k++)
		cs->keys[k].column = UINT32_MAX;
	cs->h = arena_alloc(p->c->a, t->ncols * sizeof *cs->h);
	if (!cs->h) {
		p->c->nomem = true;
		return false;
	}
	for (uint32_t c = 0; c < t->ncols; c++)
		if (!split_words(p, t->cells[c], strlen(t->cells[c]), &cs->h[c]))
			return false;
	size_t vlen = ph->name ? strlen(ph->name) : 0;
	const char *vtext = ph->name ? ph->name : np_text(p, ph->value_first, ph->value_last, &vlen);
	wordlist want;
	if (!split_words(p, vtext, vlen, &want))
		return false;
	/* keys named by the sentence, each to the column that names it; a key
	 * no header names is an error, not the first column: "for the loan
	 * amount" must not be compared with a Credit Score column */
	for (uint32_t k = 0; k < ph->nkeys; k++) {
		uint32_t c = key_column(p, t, cs, &ph->keys[k]);
		if (c == UINT32_MAX) {
			if (report) {
				buf hint;
				buf_init(&hint, &p->c->a->m);
				buf_puts(&hint, "name the key as a column's header does:");
				for (uint32_t h = 0; h < t->ncols; h++)
					buf_printf(&hint, "%s '%s'", h ? "," : "", t->cells[h]);
				phrase_error(p, ph->keys[k].first, ph->keys[k].last, buf_cstr(&hint),
				             "no column of the table is '%s'", ph->keys[k].text);
				buf_release(&hint);
			}
			return false;
		}
		key_col *kc = &cs->keys[cs->nkeys++];
		kc->column = c;
		kc->key.term = ph->keys[k].term;
		kc->key.sp = ph->keys[k].sp;
		kc->key.text = ph->keys[k].text;
	}
	if (ph->nkeys == 0)
		keys_from_headers(p, t, cs, span_of(p, s, ph->end - 1));
	bool tie;
	cs->value = value_column(p, t, cs, &want, &tie);
	if (cs->value == UINT32_MAX) {
		if (report) {
			buf hint;
			buf_init(&hint, &p->c->a->m);
			buf_puts(&hint, "name one of its columns:");
			bool comma = false;
			for (uint32_t c = 0; c < t->ncols; c++) {
				if (taken(cs, c))
					continue;
				buf_printf(&hint, "%s '%s'", comma ? "," : "", t->cells[c]);
				comma = true;
			}
			phrase_error(p, ph->value_first, ph->value_last, buf_cstr(&hint),
			             tie ? "'%s' could mean more than one column of the table"
			                 : "no column of the table is '%s'", vtext);
			buf_release(&hint);
		}
		return false;
	}
	for (uint32_t k = 0; k < cs->nkeys; k++)
		if (cs->keys[k].key.term < 0)
			cs->label = true;
	if (cs->nkeys == 0 || cs->label) {
		/* no key named, or a column's name: the columns that name terms */
		if (!keys_from_headers(p, t, cs, span_of(p, s, ph->end - 1))) {
			if (report) {
				uint32_t c = cs->value == 0 && t->ncols > 1 ? 1 : 0;
				char hint[200];
				snprintf(hint, sizeof hint, "say which row, e.g. '... for the %s'",
				         t->cells[c]);
				phrase_error(p, s, ph->end, hint,
				             cs->label ? "I can't tell how to find '%s' in the table: no "
				                         "other column names a value the policy knows"
				                       : "'%s' does not say which row of the table",
				             cs->label ? cs->keys[0].key.text : slice_of(p, s, ph->end - 1));
			}
			return false;
		}
	}
	return true;
}

/* ---- the lookup ---- */

/* "Maximum Combined LTV" -> "the maximum combined LTV". */
static const char *column_phrase(parser *p, const char *header)
{
	buf b;
	buf_init(&b, &p->c->a->m);
	buf_puts(&b, "the ");
	for (const char *s = header; *s;) {
		const char *w = s;
		while (*s && *s != ' ')
			s++;
		bool capitalized = isupper((unsigned char)w[0]);
		for (const char *c = w + 1; c < s && capitalized; c++)
			if (isupper((unsigned char)*c))
				capitalized = false;
		if (capitalized)
			buf_putc(&b, (char)tolower((unsigned char)w[0]));
		else
			buf_putc(&b, w[0]);
		buf_append(&b, w + 1, (size_t)(s - w - 1));
		while (*s == ' ')
			buf_putc(&b, *s++);
	}
	char *out = buf_to_arena(&b, p->c->a);
	buf_release(&b);
	if (!out)
		p->c->nomem = true;
	return out ? out : "";
}

/* The per-table flags, allocated on first use. */
static bool table_flags(compiler *c, const lexed *lx)
{
	if (!c->table_flags && !(c->table_flags = arena_zalloc(c->a, lx->ntables + 1)))
		c->nomem = true;
	return c->table_flags != NULL;
}

static void mark_used(parser *p, uint32_t t)
{
	if (!p->declaring && table_flags(p->c, p->lx)) /* pass 1's readings are thrown away */
		p->c->table_flags[t] |= TABLE_USED;
}

/* "$417,001 to $1,000,000" or "Condo, Investment": a row's key cells (and
 * a named column's cell), as the explanation quotes them. */
static const char *row_label(parser *p, const doc_table *t, const columns *cs, uint32_t row)
{
	buf b;
	buf_init(&b, &p->c->a->m);
	for (uint32_t k = 0; k < cs->nkeys; k++)
		buf_printf(&b, "%s%s", k ? ", " : "", t->cells[(size_t)row * t->ncols + cs->keys[k].column]);
	char *s = buf_to_arena(&b, p->c->a);
	buf_release(&b);
	if (!s)
		p->c->nomem = true;
	return s;
}

/* The E_CASE: a (condition, value) pair a data row. A table's cell errors
 * are reported once, however many sentences read it. */
static expr *build_case(parser *p, uint32_t ti, const columns *cs, span sp, const char *text)
{
	compiler *c = p->c;
	const doc_table *t = &p->lx->tables[ti];
	bool report = !parser_quiet(p) && !(c->table_flags[ti] & TABLE_REPORTED);
	uint32_t rows = t->nrows - 1, nk = 0;
	const table_key *keys[MAX_KEYS];
	uint32_t cols[MAX_KEYS];
	for (uint32_t k = 0; k < cs->nkeys; k++)
		if (cs->keys[k].key.term >= 0) {
			keys[nk] = &cs->keys[k].key;
			cols[nk++] = cs->keys[k].column;
		}
	expr **args = arena_alloc(c->a, 2 * (size_t)rows * sizeof *args + 1);
	table_band *bands = arena_zalloc(c->a, (size_t)rows * (nk ? nk : 1) * sizeof *bands + 1);
	const char **labels = arena_alloc(c->a, (size_t)rows * sizeof *labels + 1);
	if (!args || !bands || !labels) {
		c->nomem = true;
		return NULL;
	}
	size_t errors = c->diags->count;
	bool ok = true;
	for (uint32_t r = 0; r < rows && !c->nomem; r++) {
		uint32_t row = r + 1;
		expr *cond = NULL;
		if (!(labels[r] = row_label(p, t, cs, row)))
			return NULL;
		for (uint32_t k = 0; k < nk; k++) {
			expr *kc = table_key_cell(p, t, row, cols[k], keys[k], &bands[r * nk + k], report);
			ok = ok && kc;
			if (kc && !bands[r * nk + k].any) /* "Any" tests nothing */
				cond = expr_and(c, cond, kc);
		}
		if (!cond)
			cond = expr_const(c, value_bool(true), (span){ t->row_line[row], 1, 1 }, NULL);
		expr *v = table_value_cell(p, t, row, cs->value, report);
		ok = ok && v && cond;
		if (!ok)
			continue;
		cond->text = labels[r];
		args[2 * r] = cond;
		args[2 * r + 1] = v;
	}
	if (ok && !c->nomem && nk)
		ok = table_rows_exclusive(p, t, bands, nk, labels, report);
	if (c->diags->count > errors)
		c->table_flags[ti] |= TABLE_REPORTED;
	if (!ok || c->nomem)
		return NULL;
	expr *e = expr_nary(c, E_CASE, args, 2 * rows, sp);
	if (e) {
		e->text = text;
		e->table = table_name(p, t);
	}
	return e;
}

/* Keys after the first that name no column were not the phrase's: "for
 * the loan amount and the occupancy" when no column is the occupancy. */
static void trim_keys(parser *p, const doc_table *t, phrase *ph)
{
	columns none;
	memset(&none, 0, sizeof none);
	none.value = UINT32_MAX;
	while (ph->nkeys > 1 && key_column(p, t, &none, &ph->keys[ph->nkeys - 1]) == UINT32_MAX) {
		ph->nkeys--;
		if (ph->end == ph->keys[ph->nkeys].last)
			ph->end = ph->keys[ph->nkeys].before;
	}
}

/* The one table whose columns fit the phrase, or -1. */
static int32_t fitting_table(parser *p, const phrase *ph, uint32_t s)
{
	const lexed *lx = p->lx;
	int32_t found = -1;
	uint32_t n = 0;
	size_t errors = p->c->diags->count;
	for (uint32_t t = 0; t < lx->ntables && !p->c->nomem; t++) {
		columns tmp;
		if (fit_columns(p, &lx->tables[t], ph, s, &tmp, false)) {
			found = (int32_t)t;
			n++;
		}
	}
	error_truncate(p->c->diags, errors);
	return n == 1 ? found : -1;
}

/* Fit the phrase to one table of all, with nothing naming it: the one
 * whose columns fit, preferring the sentence's own section. */
static int32_t implicit_table(parser *p, const phrase *ph, uint32_t s, columns *cs)
{
	const lexed *lx = p->lx;
	uint32_t h = heading_of(lx, p->s[p->cur].section);
	int32_t any = -1, here = -1;
	uint32_t nany = 0, nhere = 0;
	size_t errors = p->c->diags->count;
	for (uint32_t t = 0; t < lx->ntables && !p->c->nomem; t++) {
		columns tmp;
		if (!fit_columns(p, &lx->tables[t], ph, s, &tmp, false))
			continue;
		any = (int32_t)t;
		nany++;
		if (lx->tables[t].section == h) {
			here = (int32_t)t;
			nhere++;
		}
	}
	error_truncate(p->c->diags, errors);
	int32_t pick = nhere == 1 ? here : nany == 1 ? any : -1;
	if (pick >= 0 && !fit_columns(p, &lx->tables[pick], ph, s, cs, true))
		return -1;
	return pick;
}

/* The lookup the phrase [s, end) makes in table ti, its columns fitted. */
static expr *lookup(parser *p, uint32_t ti, const columns *cs, uint32_t s, uint32_t end)
{
	const doc_table *t = &p->lx->tables[ti];
	if (t->nrows < 2) {
		phrase_error(p, s, end, "add rows under the header", "%s has no rows",
		             table_name(p, t));
		return NULL;
	}
	const char *text = column_phrase(p, t->cells[cs->value]);
	if (!table_flags(p->c, p->lx))
		return NULL;
	return build_case(p, ti, cs, span_of(p, s, end - 1), text);
}

/* The table and columns the phrase at s names: the table's index; -1 if
 * no table reference starts there; -2 after an error (reported, ph->end
 * past the phrase). */
static int32_t choose(parser *p, uint32_t s, uint32_t end, bool implicit, phrase *ph,
                      columns *cs)
{
	const lexed *lx = p->lx;
	bool named = read_phrase(p, s, end, ph);
	if (!named && implicit && ph->value_last > ph->value_first && !ph->w.kind && !ph->nkeys) {
		/* "the applicable maximum": the words that say which are the
		 * row's; the value is the column */
		while (ph->value_first < ph->value_last &&
		       (is_w(p, ph->value_first, end, "applicable") ||
		        is_w(p, ph->value_first, end, "relevant") ||
		        is_w(p, ph->value_first, end, "corresponding") ||
		        is_w(p, ph->value_first, end, "appropriate")))
			ph->value_first++;
		ph->end = ph->value_last;
		named = ph->value_first < ph->value_last;
	}
	if (!named || (!ph->w.kind && !implicit))
		return -1;
	/* "the maximum each-claim limit", "the applicable maximum": a column
	 * of the one table that has it, its row found by the other columns,
	 * each of which names a value the policy knows */
	if (!ph->w.kind)
		return implicit_table(p, ph, s, cs);
	if (ph->w.kind == W_PART) {
		/* "any item in 5.2": no table there, no table reference */
		bool any = false;
		for (uint32_t t = 0; t < lx->ntables && !any; t++)
			any = xref_holds(&ph->w.part, lx->tables[t].line);
		if (!any)
			return -1;
	}
	int32_t ti = named_table(p, ph, s);
	if (ti < 0)
		return -2;
	mark_used(p, (uint32_t)ti); /* named: a misfit is reported once, here */
	trim_keys(p, &lx->tables[ti], ph);
	return fit_columns(p, &lx->tables[ti], ph, s, cs, true) ? ti : -2;
}

expr *table_ref(parser *p, uint32_t *i, uint32_t end, bool implicit)
{
	const lexed *lx = p->lx;
	uint32_t s = *i;
	if (!lx->ntables || s >= end || p->n == 0)
		return NULL;
	phrase ph;
	columns cs;
	/* Trying a reading takes no words (accounting.c): only the lookup built
	 * takes the phrase's. */
	bool was = p->no_mark;
	p->no_mark = true;
	int32_t ti = choose(p, s, end, implicit, &ph, &cs);
	p->no_mark = was;
	if (ti == -2)
		*i = ph.end;
	if (ti < 0)
		return NULL;
	mark_used(p, (uint32_t)ti);
	*i = ph.end;
	return lookup(p, (uint32_t)ti, &cs, s, ph.end);
}

/* "depends on the degree level, as follows", "is set by the credit score
 * according to the table below", "is given by Table 2 for the credit
 * score": a definition's body that reads a table. */
static bool read_definition(parser *p, const char *name, uint32_t s, uint32_t end, phrase *ph)
{
	static const char *const openers[] = {
		"depends on", "depend on", "varies by", "vary by", "varies with", "vary with",
		"varies according to", "based on", "determined by", "set by", "assigned by",
		"comes from", "come from",
		"given by", "taken from", "found in", "read from", "looked up in",
	};
	memset(ph, 0, sizeof *ph);
	ph->name = name;
	uint32_t n = 0;
	for (size_t o = 0; o < sizeof openers / sizeof openers[0] && !n; o++)
		n = match(p, s, end, openers[o]);
	where w;
	uint32_t m = table_words(p, s + n, end, &w);
	if (!n && (!m || w.kind == W_NAMED))
		return false; /* "the table below for ...": "is given by" was the copula's */
	ph->value_first = s;
	ph->value_last = s + (n ? n : m);
	uint32_t k = s + n;
	/* "given by the table below for ...": the table first */
	if (m && w.kind != W_NAMED) {
		ph->w = w;
		k += m;
	}
	uint32_t intro = key_intro(p, k, end);
	if (!ph->w.kind && intro && is_w(p, k, end, "for"))
		k += intro; /* "found in ... for" */
	else if (ph->w.kind && intro)
		k += intro;
	read_keys(p, &k, end, ph);
	if (!ph->nkeys)
		return false;
	if (is_punct(p, k, end, ','))
		k++;
	if (!ph->w.kind) {
		if ((m = where_at(p, k, end, &w))) {
			ph->w = w;
			k += m;
		} else if ((m = match(p, k, end, "as follows")) || (m = match(p, k, end, "as below"))) {
			ph->w.kind = W_BELOW;
			k += m;
		} else {
			ph->w.kind = W_BELOW; /* "depends on the degree level:" and the table */
		}
	}
	ph->end = k;
	return true;
}

expr *table_definition(parser *p, const char *name, uint32_t *i, uint32_t end)
{
	const lexed *lx = p->lx;
	uint32_t s = *i;
	if (!lx->ntables || s >= end || p->n == 0 || !name)
		return NULL;
	phrase ph;
	columns cs;
	bool was = p->no_mark;
	p->no_mark = true;
	int32_t ti = -1;
	if (read_definition(p, name, s, end, &ph)) {
		ti = named_table(p, &ph, s);
		if (ti >= 0) {
			mark_used(p, (uint32_t)ti);
			trim_keys(p, &lx->tables[ti], &ph);
			if (!fit_columns(p, &lx->tables[ti], &ph, s, &cs, true))
				ti = -2;
		} else {
			ti = -2;
		}
	}
	p->no_mark = was;
	if (ti == -1)
		return NULL;
	*i = ph.end;
	if (ti < 0)
		return NULL;
	return lookup(p, (uint32_t)ti, &cs, s, ph.end);
}

bool table_named_at(const parser *p, uint32_t i, uint32_t end)
{
	where w;
	return p->lx->ntables && (where_at(p, i, end, &w) || table_words(p, i, end, &w));
}

void table_check_unused(parser *p)
{
	const lexed *lx = p->lx;
	compiler *c = p->c;
	for (uint32_t t = 0; t < lx->ntables; t++) {
		const doc_table *tb = &lx->tables[t];
		if (c->table_flags && (c->table_flags[t] & TABLE_USED))
			continue;
		uint32_t s = tb->section;
		if (s != NO_SECTION && s < lx->nsections && lx->sections[s].kind != SECTION_RULES)
			continue; /* a table in a Background section is commentary */
		uint32_t st = lx->line_starts[tb->line - 1], e = st;
		while (e < lx->len && lx->text[e] != '\n')
			e++;
		size_t cols = text_columns(lx->text + st, e - st);
		span sp = { tb->line, 1, (unsigned)(cols ? cols : 1) };
		diag_error(c, sp, "refer to it in a rule, e.g. 'the maximum in the table below for the "
		           "loan amount', or move it to a Background section",
		           "this table is not used by any rule%s", "");
	}
}

/* The words at i that put a value in a table: "listed above", "listed in
 * the table below", "shown in the table", "in the table above"; their
 * length, and the direction (-1 above or unsaid, 1 below). */
static uint32_t listed_words(const parser *p, uint32_t i, uint32_t end, int *dir)
{
	uint32_t k = i;
	if (is_w(p, k, end, "listed") || is_w(p, k, end, "shown") || is_w(p, k, end, "named"))
		k++;
	bool placed = k > i;
	if (match(p, k, end, "in the table"))
		k += 3;
	else if (!placed)
		return 0;
	*dir = -1;
	if (is_w(p, k, end, "above"))
		k++;
	else if (is_w(p, k, end, "below"))
		k++, *dir = 1;
	else if (k == i + 1)
		return 0; /* "listed" alone */
	return k - i;
}

expr *table_listed(parser *p, expr *subject, uint32_t *i, uint32_t end)
{
	const lexed *lx = p->lx;
	int dir;
	uint32_t n = listed_words(p, *i, end, &dir);
	if (!n || !lx->ntables || !subject || subject->op != E_REF)
		return NULL;
	uint32_t line = p->s[p->cur].sp.line;
	int32_t t = -1;
	for (uint32_t k = 0; k < lx->ntables; k++)
		if (dir < 0 ? lx->tables[k].line < line : lx->tables[k].line > line && t < 0)
			t = (int32_t)k; /* above: the nearest; below: the first */
	if (t < 0) {
		parser_error(p, *i, *i + n - 1, "put the table before the sentence, or name its values",
		             "there is no table where '%s' says", slice_of(p, *i, *i + n - 1));
		*i += n;
		return NULL;
	}
	const doc_table *tb = &lx->tables[t];
	const char *name = p->c->defs[subject->step].name;
	uint32_t col = 0;
	int best = WORDS_MATCH_LABEL - 1;
	for (uint32_t c = 0; c < tb->ncols && name; c++) {
		int sc = words_match(p->c->a, tb->cells[c], strlen(tb->cells[c]), name, strlen(name));
		if (sc > best) {
			best = sc;
			col = c;
		}
	}
	expr *items[256];
	uint32_t m = 0;
	for (uint32_t r = 1; r < tb->nrows && m < 256; r++) {
		const char *cell = tb->cells[r * tb->ncols + col];
		if (cell && *cell)
			items[m++] = expr_const(p->c, value_text(cell, strlen(cell)), span_of(p, *i, *i + n - 1),
			                        cell);
	}
	if (!m)
		return NULL;
	expr *set = expr_nary(p->c, E_SET, items, m, span_of(p, *i, *i + n - 1));
	if (!set)
		return NULL;
	set->text = slice_of(p, *i, *i + n - 1);
	mark_used(p, (uint32_t)t);
	*i += n;
	return set;
}
