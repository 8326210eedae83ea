/*
 * Conditions and values.
 *
 *   condition := disjunction
 *   disjunction := conjunction (","? "or" conjunction)*
 *   conjunction := unary (","? "and" (unary | comparison-rest))*
 *   unary := "not" unary | "either" ... | "neither" A "nor" B | atom
 *   atom := a reference to a group of checks   "all of the checks above pass"
 *         | a list                              "any of the following is true:"
 *         | an anaphor                          "it was not", "so"
 *         | document presence                   "no receipt is attached",
 *                                               "more than one deposit slip was submitted"
 *         | absence                             "the claim log has no acknowledgment date"
 *         | time in a state                     "the business has been operating for
 *                                                less than two years as of D"
 *         | a named condition or yes/no field   "the policy was active on the date of loss"
 *         | a comparison                        subject phrase object
 *
 * A comparison's subject is the longest known term at the start (so "the
 * total cash in exceeds" is not read as "total cash" + "in"); failing that,
 * the words before the first comparison phrase, resolved as a mention.
 * "X is on or after A and on or before B" reuses X for the second phrase.
 *
 *   value := product (("plus" | "minus") product)*
 *   product := factor (("times" | "divided by") factor)*
 *   factor := quantity | percent "of" factor | "the sum of" list
 *           | "the difference between" A "and" B | "the ratio of" A "to" B
 *           | "the number of whole years from" D1 "to" D2 | "the number of" docs
 *           | "the greater of" A "and" B | term | words (a literal, where allowed)
 *
 * Every function takes a cursor (*i) and an end, and consumes only what it
 * understands; a statement that leaves words unread is an error that quotes
 * them. Work is linear in the sentence up to a constant (term matching
 * tries at most MAX_TERM_WORDS lengths at a position).
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "compile/parse.h"

#define MAX_TERM_WORDS 14

static expr *cond_or(parser *p, uint32_t *i, uint32_t end);
static void lend_verb(parser *p, const expr *first, expr *second);

static bool quiet(const parser *p)
{
	return p->declaring || p->trial;
}

static void perr(parser *p, uint32_t first, uint32_t last, const char *hint, const char *fmt,
                 const char *arg)
{
	if (quiet(p))
		return;
	diag_error(p->c, span_of(p, first, last), hint, fmt, arg);
}

/* ---- phrase boundaries ---- */

static bool is_unit_word(const char *w, duration_unit *u)
{
	return duration_unit_from_word(w, strlen(w), u);
}

bool op_at(const parser *p, uint32_t i, uint32_t end, bool scope_mode, op_match *m)
{
	uint32_t k = i;
	bool neg = false, had_aux = false;
	for (unsigned v = 0; v < modal_phrase_count; v++) {
		uint32_t n = match(p, k, end, modal_phrases[v]);
		if (n) {
			if (!strcmp(modal_phrases[v], "may not") || !strcmp(modal_phrases[v], "cannot") ||
			    !strcmp(modal_phrases[v], "can not"))
				neg = !neg;
			k += n;
			had_aux = true;
			break;
		}
	}
	if (is_w(p, k, end, "not")) {
		neg = !neg;
		k++;
	}
	uint32_t best_aux = 0;
	for (unsigned v = 0; v < aux_phrase_count; v++) {
		uint32_t n = match(p, k, end, aux_phrases[v]);
		if (n > best_aux)
			best_aux = n;
	}
	if (best_aux) {
		k += best_aux;
		had_aux = true;
	}
	if (is_w(p, k, end, "not")) {
		neg = !neg;
		k++;
	}
	if (!had_aux && (match(p, k, end, "does not") || match(p, k, end, "do not") ||
	                 match(p, k, end, "did not"))) {
		neg = !neg;
		k += 2;
		had_aux = true;
	}
	uint32_t best = 0;
	const comparison_phrase *bp = NULL;
	char first = *tw(p, k);
	for (unsigned v = 0; v < comparison_phrase_count && first; v++) {
		if (comparison_phrases[v].words[0] != first)
			continue; /* most phrases fail on their first letter: skip them cheaply */
		uint32_t n = match(p, k, end, comparison_phrases[v].words);
		if (n > best) {
			best = n;
			bp = &comparison_phrases[v];
		}
	}
	if (bp && (!bp->needs_aux || had_aux || scope_mode)) {
		m->len = k + best - i;
		m->kind = bp->kind;
		m->cmp = bp->cmp;
		m->negated = neg;
		m->had_aux = had_aux;
		m->date_only = bp->date_only;
		m->phrase_first = k;
		return true;
	}
	if (had_aux && k > i && k < end) {
		m->len = k - i;
		m->kind = PK_EQ;
		m->cmp = CMP_EQ;
		m->negated = neg;
		m->had_aux = true;
		m->date_only = false;
		m->phrase_first = k;
		return true;
	}
	return false;
}

static bool is_arith_word(const parser *p, uint32_t i, uint32_t end)
{
	const char *w = tw(p, i);
	return !strcmp(w, "plus") || !strcmp(w, "minus") || !strcmp(w, "times") ||
	       !strcmp(w, "divided") || !strcmp(w, "multiplied") || !strcmp(w, "+") ||
	       !strcmp(w, "*") || !strcmp(w, "/") ||
	       (!strcmp(w, "less") && !is_w(p, i + 1, end, "than"));
}

/* Where a noun phrase in value position stops. */
static bool np_boundary(const parser *p, uint32_t i, uint32_t end)
{
	if (i >= end)
		return true;
	const token *t = &p->tk[i];
	if (t->kind == T_PUNCT && t->punct != '-' && t->punct != '\'')
		return true;
	if (t->kind != T_WORD)
		return false;
	const char *w = t->low;
	if (is_np_stop_word(w) || is_arith_word(p, i, end))
		return true;
	if (!strcmp(w, "to") || !strcmp(w, "from") || !strcmp(w, "based") ||
	    !strcmp(w, "according") || !strcmp(w, "per") || !strcmp(w, "as") ||
	    !strcmp(w, "inclusive") || !strcmp(w, "exclusive") || !strcmp(w, "since") ||
	    !strcmp(w, "until") || !strcmp(w, "through"))
		return true;
	op_match m;
	return op_at(p, i, end, false, &m) && m.kind != PK_EQ;
}

/* The end of a condition clause: where "and"/"or"/"," start the next one. */
static bool clause_boundary(const parser *p, uint32_t i, uint32_t end)
{
	if (i >= end)
		return true;
	const char *w = tw(p, i);
	return !strcmp(w, ",") || !strcmp(w, ";") || !strcmp(w, "and") || !strcmp(w, "or") ||
	       !strcmp(w, "then") || !strcmp(w, "but") || !strcmp(w, "nor") ||
	       !strcmp(w, "based") || !strcmp(w, "according") || !strcmp(w, ")");
}

/* ---- terms ---- */

int32_t match_term(parser *p, uint32_t i, uint32_t end, bool want_bool, uint32_t *len)
{
	uint32_t max = end - i < MAX_TERM_WORDS ? end - i : MAX_TERM_WORDS;
	/* No term begins with the span's first word: nothing to try. */
	uint32_t f = i;
	while (f < end && (is_w(p, f, end, "the") || is_w(p, f, end, "a") || is_w(p, f, end, "an")))
		f++;
	if (f < end && p->tk[f].kind == T_WORD && !is_aux_word(p->tk[f].low)) {
		char *k = key_of(p, f, f + 1);
		if (!k)
			return -1;
		if (*k && !strchr(k, ' ') && !term_first_word(p->c, k, strlen(k)))
			return -1;
	}
	for (uint32_t l = max; l >= 1; l--) {
		const token *last = &p->tk[i + l - 1];
		if (last->kind != T_WORD || is_aux_word(last->low) ||
		    !strcmp(last->low, "the") || !strcmp(last->low, "a") || !strcmp(last->low, "an"))
			continue;
		if (p->tk[i].kind == T_PUNCT)
			return -1;
		/* A term's words never end in a filler ("date and on or") nor hold
		 * a clause word: those keys would match by what they drop. */
		if (word_is_filler(last->low))
			continue;
		bool inner_stop = false;
		for (uint32_t k = i; k < i + l; k++)
			if (p->tk[k].kind == T_PUNCT ||
			    (p->tk[k].kind == T_WORD && is_np_stop_word(p->tk[k].low) &&
			     !is_aux_word(p->tk[k].low)))
				inner_stop = true;
		if (inner_stop)
			continue;
		if (want_bool && !clause_boundary(p, i + l, end))
			continue;
		char *key = key_of(p, i, i + l);
		if (!key)
			return -1;
		int32_t d = term_find_key(p->c, key);
		if (d < 0)
			continue;
		if (want_bool && p->c->defs[d].type != POLICY_TYPE_BOOLEAN)
			continue;
		*len = l;
		return d;
	}
	return -1;
}

static const char *np_text(parser *p, uint32_t first, uint32_t last, size_t *len)
{
	buf b;
	mem m = p->c->a->m;
	buf_init(&b, &m);
	for (uint32_t k = first; k < last; k++) {
		const token *t = &p->tk[k];
		if (t->kind == T_PUNCT)
			continue;
		if (b.len)
			buf_putc(&b, ' ');
		buf_append(&b, t->text, t->len);
	}
	char *s = buf_to_arena(&b, p->c->a);
	*len = b.len;
	buf_release(&b);
	if (!s)
		p->c->nomem = true;
	return s ? s : "";
}

int32_t resolve_np(parser *p, uint32_t first, uint32_t last, policy_type want, bool report)
{
	if (first >= last)
		return -1;
	if (last == first + 2 && (is_w(p, first, last, "that") || is_w(p, first, last, "this")) &&
	    p->c->last_ref >= 0) {
		/* "... shows a last payoff date and that date is within ...": the
		 * value just named, if its name ends in the noun */
		const def *x = &p->c->defs[p->c->last_ref];
		const char *w = tw(p, first + 1);
		size_t n = x->name ? strlen(x->name) : 0, wl = strlen(w);
		if (n >= wl && !strcmp(x->name + n - wl, w) && (n == wl || x->name[n - wl - 1] == ' '))
			return p->c->last_ref;
	}
	size_t len;
	const char *text = np_text(p, first, last, &len);
	buf cands;
	mem m = p->c->a->m;
	buf_init(&cands, &m);
	int32_t d = term_resolve(p->c, text, len, want, &cands);
	if (d >= 0 || !report || quiet(p)) {
		buf_release(&cands);
		return d;
	}
	char hint[512];
	if (d == -2) {
		snprintf(hint, sizeof hint, "say which: '%s'", buf_cstr(&cands) ? buf_cstr(&cands) : "");
		perr(p, first, last - 1, hint, "'%s' could mean more than one thing", text);
	} else {
		const char *s = term_suggest(p->c, text, len);
		if (s)
			snprintf(hint, sizeof hint, "did you mean '%s'?", s);
		else
			snprintf(hint, sizeof hint,
			         "extract it from a document, look it up in a system, or define it");
		perr(p, first, last - 1, hint, "I don't know what '%s' is", text);
	}
	buf_release(&cands);
	return -1;
}

/* Declare an unknown noun phrase as a field of the sentence's source
 * document (pass 1, "both taken from the financial statement"). */
static int32_t declare_np(parser *p, uint32_t first, uint32_t last)
{
	size_t len;
	const char *text = np_text(p, first, last, &len);
	char *key = words_key(p->c->a, text, len);
	if (!key || !*key)
		return -1;
	int32_t known = term_resolve(p->c, text, len, POLICY_TYPE_NONE, NULL);
	if (known >= 0)
		return known;
	def *d = def_add(p->c, POLICY_STEP_EXTRACT, span_of(p, first, last - 1),
	                 p->s[p->cur].text);
	if (!d)
		return -1;
	uint32_t f = first;
	while (f < last && (is_w(p, f, last, "the") || is_w(p, f, last, "a") || is_w(p, f, last, "an")))
		f++;
	d->name = slice_of(p, f, last - 1);
	d->key = key;
	d->doc = p->declare_doc;
	d->type = type_from_term_name(key);
	d->strength = d->type ? TYPE_NAME : TYPE_GUESS;
	d->sentence_index = p->cur;
	if (!words_split(p->c->a, d->name, strlen(d->name), WORDS_CONTENT, &d->words))
		p->c->nomem = true;
	return (int32_t)(d - p->c->defs);
}

/* ---- values ---- */

static expr *value_list(parser *p, uint32_t *i, uint32_t end, expr_op op, span sp)
{
	expr *items[64];
	uint32_t n = 0;
	while (*i < end && n < 64) {
		expr *e = parse_value(p, i, end, V_STOP_AND);
		if (!e)
			return NULL;
		items[n++] = e;
		if (is_punct(p, *i, end, ',') && !is_w(p, *i + 1, end, "and") &&
		    !is_w(p, *i + 1, end, "or") && n > 0) {
			uint32_t j = *i + 1;
			/* ", A" continues the list only if more items follow */
			(*i) = j;
			continue;
		}
		if (is_punct(p, *i, end, ',') && is_w(p, *i + 1, end, "and")) {
			*i += 2;
			continue;
		}
		if (is_w(p, *i, end, "and")) {
			(*i)++;
			continue;
		}
		break;
	}
	if (n == 0) {
		/* "the sum of" with nothing after it: a sum of no values would
		 * make a plan the loader rejects (found by fuzzing) */
		perr(p, end - 1, end - 1, "name the values, e.g. 'the sum of the cash amounts'", "%s",
		     "there is nothing to add up here");
		return NULL;
	}
	expr *e = expr_nary(p->c, op, items, n, sp);
	return e;
}

static expr *value_factor(parser *p, uint32_t *i, uint32_t end, unsigned flags);

static expr *duration_const(parser *p, int64_t n, duration_unit u, uint32_t first, uint32_t last)
{
	return expr_const(p->c, value_duration(n, u), span_of(p, first, last),
	                  slice_of(p, first, last));
}

/* "the number of whole years from D1 to D2" and friends. */
static expr *elapsed_value(parser *p, uint32_t *i, uint32_t end, uint32_t start)
{
	uint32_t k = *i;
	while (is_w(p, k, end, "whole") || is_w(p, k, end, "full") || is_w(p, k, end, "complete") ||
	       is_w(p, k, end, "completed") || is_w(p, k, end, "calendar"))
		k++;
	duration_unit u;
	if (!is_unit_word(tw(p, k), &u))
		return NULL;
	k++;
	if (!is_w(p, k, end, "from") && !is_w(p, k, end, "between") && !is_w(p, k, end, "since"))
		return NULL;
	k++;
	expr *a = parse_value(p, &k, end, V_STOP_AND);
	if (!a)
		return NULL;
	if (!is_w(p, k, end, "to") && !is_w(p, k, end, "and") && !is_w(p, k, end, "until") &&
	    !is_w(p, k, end, "through")) {
		perr(p, k < end ? k : end - 1, k < end ? k : end - 1,
		     "write 'from <date> to <date>'", "the second date is missing%s", "");
		return NULL;
	}
	k++;
	expr *b = parse_value(p, &k, end, 0);
	if (!b)
		return NULL;
	expr *e = expr_binary(p->c, E_ELAPSED, a, b, span_of(p, start, k - 1));
	if (e) {
		e->unit = u;
		e->type = POLICY_TYPE_DURATION;
		e->text = slice_of(p, start, k - 1);
	}
	*i = k;
	return e;
}

static expr *construct(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, k = *i;
	if (is_w(p, k, end, "the"))
		k++;
	static const struct {
		const char *words;
		expr_op op;
		const char *sep; /* between the two operands, NULL for a list */
	} forms[] = {
		{ "sum of", E_SUM, NULL }, { "total of", E_SUM, NULL }, { "aggregate of", E_SUM, NULL },
		{ "combined total of", E_SUM, NULL }, { "sum total of", E_SUM, NULL },
		{ "difference between", E_SUB, "and" }, { "product of", E_MUL, "and" },
		{ "ratio of", E_DIV, "to" }, { "quotient of", E_DIV, "and" },
		{ "greater of", E_MAX, "and" }, { "larger of", E_MAX, "and" },
		{ "higher of", E_MAX, "and" }, { "maximum of", E_MAX, "and" },
		{ "lesser of", E_MIN, "and" }, { "smaller of", E_MIN, "and" },
		{ "lower of", E_MIN, "and" }, { "minimum of", E_MIN, "and" },
		{ "smallest of", E_MIN, "and" }, { "lowest of", E_MIN, "and" },
		{ "largest of", E_MAX, "and" }, { "highest of", E_MAX, "and" },
		{ "greatest of", E_MAX, "and" }, { "average of", E_AVG, NULL },
		{ "mean of", E_AVG, NULL },
	};
	/* "the lowest appraised value", "the average cash amount": over the
	 * values of a field read from each document of a type */
	static const struct {
		const char *w;
		expr_op op;
	} aggs[] = {
		{ "lowest", E_MIN }, { "smallest", E_MIN }, { "minimum", E_MIN }, { "least", E_MIN },
		{ "highest", E_MAX }, { "largest", E_MAX }, { "maximum", E_MAX }, { "greatest", E_MAX },
		{ "biggest", E_MAX }, { "average", E_AVG }, { "mean", E_AVG }, { "total", E_SUM },
		{ "combined", E_SUM },
	};
	for (size_t g = 0; g < sizeof aggs / sizeof aggs[0]; g++) {
		uint32_t tl;
		int32_t d;
		if (!is_w(p, k, end, aggs[g].w) ||
		    (d = match_term(p, k + 1, end, false, &tl)) < 0 || !p->c->defs[d].each)
			continue;
		expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, k + 1, k + tl));
		expr *e = r ? expr_unary(p->c, aggs[g].op, r, span_of(p, s, k + tl)) : NULL;
		if (e) {
			r->text = slice_of(p, k + 1, k + tl);
			e->text = slice_of(p, s, k + tl);
		}
		*i = k + 1 + tl;
		return e;
	}
	for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
		uint32_t n = match(p, k, end, forms[f].words);
		if (!n)
			continue;
		uint32_t j = k + n;
		expr *e;
		if (forms[f].sep && (forms[f].op == E_MIN || forms[f].op == E_MAX)) {
			/* "the smallest of the appraised values": of one list */
			uint32_t tl;
			uint32_t a = is_w(p, j, end, "the") ? j + 1 : j;
			int32_t d = match_term(p, a, end, false, &tl);
			if (d >= 0 && p->c->defs[d].each && !is_w(p, a + tl, end, forms[f].sep)) {
				expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, a, a + tl - 1));
				e = r ? expr_unary(p->c, forms[f].op, r, span_of(p, s, a + tl - 1)) : NULL;
				if (e) {
					r->text = slice_of(p, a, a + tl - 1);
					e->text = slice_of(p, s, a + tl - 1);
				}
				*i = a + tl;
				return e;
			}
		}
		if (forms[f].op == E_AVG) {
			/* "the average of the appraised values": of one list; "the
			 * average of A and B": their sum over their number */
			uint32_t tl;
			uint32_t a = is_w(p, j, end, "the") ? j + 1 : j;
			int32_t d = match_term(p, a, end, false, &tl);
			if (d >= 0 && p->c->defs[d].each) {
				expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, a, a + tl - 1));
				e = r ? expr_unary(p->c, E_AVG, r, span_of(p, s, a + tl - 1)) : NULL;
				if (r)
					r->text = slice_of(p, a, a + tl - 1);
				j = a + tl;
			} else {
				expr *sum = value_list(p, &j, end, E_SUM, span_of(p, s, j));
				expr *n = sum ? expr_const(p->c, value_number(decimal_from_int(sum->nargs)),
				                           sum->sp, NULL) : NULL;
				e = n ? expr_binary(p->c, E_DIV, sum, n, span_of(p, s, j - 1)) : NULL;
			}
		} else if (!forms[f].sep) {
			e = value_list(p, &j, end, forms[f].op, span_of(p, s, j));
		} else {
			expr *a = parse_value(p, &j, end, V_STOP_AND);
			if (!a)
				return NULL;
			bool either = (forms[f].op == E_MIN || forms[f].op == E_MAX) && is_w(p, j, end, "or");
			if (!is_w(p, j, end, forms[f].sep) && !either) {
				perr(p, s, j < end ? j : end - 1, NULL,
				     "'%s' needs two values joined by 'and'", forms[f].words);
				return NULL;
			}
			j++;
			expr *b = parse_value(p, &j, end, V_STOP_AND);
			e = expr_binary(p->c, forms[f].op, a, b, span_of(p, s, j - 1));
		}
		if (e) {
			e->sp = span_of(p, s, j - 1);
			e->text = slice_of(p, s, j - 1);
		}
		*i = j;
		return e;
	}
	if (match(p, k, end, "number of")) {
		uint32_t j = k + 2;
		expr *e = elapsed_value(p, &j, end, s);
		if (e) {
			*i = j;
			return e;
		}
		/* "the number of appraisals" (documents) or of an each-field's values */
		uint32_t ne = j;
		while (!np_boundary(p, ne, end))
			ne++;
		if (ne == j)
			return NULL;
		uint32_t tl;
		int32_t d = match_term(p, j, ne, false, &tl);
		if (d >= 0 && p->c->defs[d].each) {
			expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, j, j + tl - 1));
			e = expr_unary(p->c, E_LIST_COUNT, r, span_of(p, s, j + tl - 1));
			if (e)
				e->type = POLICY_TYPE_COUNT;
			*i = j + tl;
			return e;
		}
		/* a term named at more length: "the number of accidents in the
		 * last three years" */
		int32_t t = resolve_np(p, s, ne, POLICY_TYPE_NONE, false);
		if (t >= 0) {
			*i = ne;
			e = expr_ref(p->c, (uint32_t)t, span_of(p, s, ne - 1));
			if (e)
				e->text = slice_of(p, s, ne - 1);
			return e;
		}
		e = expr_new(p->c, E_DOC_COUNT, span_of(p, s, ne - 1));
		if (e) {
			e->doc = slice_of(p, j, ne - 1);
			e->type = POLICY_TYPE_COUNT;
			e->text = slice_of(p, s, ne - 1);
			doc_note(p->c, e->doc);
		}
		*i = ne;
		return e;
	}
	return NULL;
}

static expr *value_factor(parser *p, uint32_t *i, uint32_t end, unsigned flags)
{
	uint32_t s = *i;
	if (s >= end) {
		/* name the whole phrase: "'is at least' needs ..." */
		uint32_t f = end - 1;
		while (f > 0 && p->tk[f - 1].kind == T_WORD && !is_np_stop_word(p->tk[f].low) &&
		       end - f < 4 && (is_aux_word(p->tk[f - 1].low) || !strcmp(p->tk[f].low, "than") ||
		                       !strcmp(p->tk[f].low, "least") || !strcmp(p->tk[f].low, "most") ||
		                       !strcmp(p->tk[f].low, "of")))
			f--;
		char hint[160];
		snprintf(hint, sizeof hint, "write a value, e.g. '%s $50,000'", slice_of(p, f, end - 1));
		perr(p, f, end - 1, hint, "'%s' needs a number or amount after it", slice_of(p, f, end - 1));
		return NULL;
	}
	const token *t = &p->tk[s];
	if (is_punct(p, s, end, '(')) {
		uint32_t k = s + 1;
		expr *e = parse_value(p, &k, end, 0);
		if (e && is_punct(p, k, end, ')')) {
			*i = k + 1;
			return e;
		}
	}
	if (t->kind == T_QUANTITY) {
		duration_unit u;
		if (t->val.type == POLICY_TYPE_NUMBER && is_unit_word(tw(p, s + 1), &u)) {
			int64_t n;
			if (!decimal_is_integer(t->val.u.num) || !decimal_to_int64(t->val.u.num, &n)) {
				perr(p, s, s + 1, "write a whole number of days, months or years",
				     "'%s' is not a whole number", slice_of(p, s, s));
				return NULL;
			}
			*i = s + 2;
			return duration_const(p, n, u, s, s + 1);
		}
		/* "40 mph", "2,000 sq ft": the unit names what is counted */
		uint32_t after = s + 1;
		while (t->val.type == POLICY_TYPE_NUMBER && after < end && p->tk[after].kind == T_WORD &&
		       is_measure_unit(p->tk[after].low, strlen(p->tk[after].low)))
			after++;
		expr *c = expr_const(p->c, t->val, span_of(p, s, after - 1), slice_of(p, s, after - 1));
		*i = after;
		if (t->val.type == POLICY_TYPE_PERCENT && is_w(p, *i, end, "of")) {
			(*i)++;
			expr *base = value_factor(p, i, end, flags & ~V_LITERAL);
			expr *e = expr_binary(p->c, E_PCT_OF, c, base, span_of(p, s, *i - 1));
			if (e)
				e->text = slice_of(p, s, *i - 1);
			return e;
		}
		return c;
	}
	/* "a quarter of the annual revenue", "two thirds of ..." */
	static const struct {
		const char *words;
		int num, den;
	} fractions[] = {
		{ "a quarter of", 1, 4 }, { "one quarter of", 1, 4 }, { "three quarters of", 3, 4 },
		{ "a third of", 1, 3 }, { "one third of", 1, 3 }, { "two thirds of", 2, 3 },
		{ "half of", 1, 2 }, { "one half of", 1, 2 }, { "a half of", 1, 2 },
		{ "a tenth of", 1, 10 }, { "one tenth of", 1, 10 }, { "a fifth of", 1, 5 },
		{ "one fifth of", 1, 5 }, { "twice", 2, 1 }, { "double", 2, 1 },
	};
	for (size_t f = 0; f < sizeof fractions / sizeof fractions[0]; f++) {
		uint32_t n = match(p, s, end, fractions[f].words);
		if (!n)
			continue;
		if (fractions[f].den == 1 && is_w(p, s + n, end, "the") == false &&
		    match_term(p, s + n, end, false, &(uint32_t){ 0 }) < 0)
			continue;
		decimal q;
		if (!decimal_div(decimal_from_int(fractions[f].num), decimal_from_int(fractions[f].den),
		                 DECIMAL_DIV_SCALE, &q))
			return NULL;
		expr *c = expr_const(p->c, value_percent(decimal_normalize(q)), span_of(p, s, s + n - 1),
		                     slice_of(p, s, s + n - 1));
		*i = s + n;
		expr *base = value_factor(p, i, end, flags & ~V_LITERAL);
		expr *e = expr_binary(p->c, E_PCT_OF, c, base, span_of(p, s, *i - 1));
		if (e)
			e->text = slice_of(p, s, *i - 1);
		return e;
	}
	if (t->kind == T_QUOTED) {
		*i = s + 1;
		return expr_const(p->c, value_text(t->low, strlen(t->low)), span_of(p, s, s), t->low);
	}
	uint32_t cl;
	int64_t count = count_at(p, s, end, &cl);
	if (count >= 0 && t->kind == T_WORD && is_w(p, s + 1, end, "dollars")) {
		/* "fifty dollars" */
		*i = s + 2;
		return expr_const(p->c, value_money(decimal_from_int(count)), span_of(p, s, s + 1),
		                  slice_of(p, s, s + 1));
	}
	if (count >= 0 && t->kind == T_WORD) {
		duration_unit u;
		if (is_unit_word(tw(p, s + 1), &u)) {
			*i = s + 2;
			return duration_const(p, count, u, s, s + 1);
		}
		if (!(flags & V_LITERAL) || np_boundary(p, s + 1, end)) {
			*i = s + 1;
			return expr_const(p->c, value_number(decimal_from_int(count)), span_of(p, s, s),
			                  slice_of(p, s, s));
		}
	}
	/* A term the policy names wins over a reading of its words: "the
	 * number of prior claims" extracted, "the lowest appraised value"
	 * defined. */
	uint32_t tl;
	int32_t d = match_term(p, s, end, false, &tl);
	expr *e;
	if (d < 0) {
		e = construct(p, i, end);
		if (e || p->c->nomem || *i != s)
			return e;
	}
	if (d >= 0) {
		*i = s + tl;
		e = expr_ref(p->c, (uint32_t)d, span_of(p, s, s + tl - 1));
		if (e)
			e->text = slice_of(p, s, s + tl - 1);
		return e;
	}
	uint32_t ne = s;
	while (!np_boundary(p, ne, end) &&
	       !(is_w(p, ne, end, "of") && ne + 1 < end && p->tk[ne + 1].kind == T_QUANTITY))
		ne++;
	if (ne == s) {
		perr(p, s, s, NULL, "expected a value here, not '%s'", slice_of(p, s, s));
		return NULL;
	}
	/* "the maximum loan amount of $500,000": a constant with a name */
	if (is_w(p, ne, end, "of") && ne + 1 < end && p->tk[ne + 1].kind == T_QUANTITY) {
		*i = ne + 2;
		return expr_const(p->c, p->tk[ne + 1].val, span_of(p, s, ne + 1),
		                  slice_of(p, s, ne + 1));
	}
	if (flags & V_LITERAL) {
		const char *text = slice_of(p, s, ne - 1);
		*i = ne;
		return expr_const(p->c, value_text(text, strlen(text)), span_of(p, s, ne - 1), text);
	}
	if (p->declaring)
		d = declare_np(p, s, ne);
	else
		d = resolve_np(p, s, ne, POLICY_TYPE_NONE, true);
	if (d < 0)
		return NULL;
	*i = ne;
	e = expr_ref(p->c, (uint32_t)d, span_of(p, s, ne - 1));
	if (e)
		e->text = slice_of(p, s, ne - 1);
	return e;
}

/* 1 if a comma at `k` only sets off more arithmetic: "the approved yield
 * times the acres, multiplied by the coverage level". */
static uint32_t arith_comma(const parser *p, uint32_t k, uint32_t end)
{
	static const char *const ops[] = { "multiplied by", "divided by", "times", "plus",
	                                   "minus", "less" };
	if (!is_punct(p, k, end, ','))
		return 0;
	for (size_t v = 0; v < sizeof ops / sizeof ops[0]; v++)
		if (match(p, k + 1, end, ops[v]) && !match(p, k + 1, end, "less than"))
			return 1;
	return 0;
}

static expr *value_product(parser *p, uint32_t *i, uint32_t end, unsigned flags)
{
	uint32_t s = *i;
	expr *a = value_factor(p, i, end, flags);
	while (a && *i < end) {
		expr_op op;
		uint32_t n, at = *i + arith_comma(p, *i, end);
		bool share = false;
		if ((n = match(p, at, end, "divided by")) || (n = match(p, at, end, "/"))) {
			op = E_DIV;
		} else if ((n = match(p, at, end, "multiplied by")) || (n = match(p, at, end, "times")) ||
		           (n = match(p, at, end, "*"))) {
			op = E_MUL;
		} else if ((n = match(p, at, end, "as a percentage of")) ||
		           (n = match(p, at, end, "as a percent of")) ||
		           (n = match(p, at, end, "expressed as a percentage of")) ||
		           (n = match(p, at, end, "as a share of")) ||
		           (n = match(p, at, end, "as a proportion of"))) {
			op = E_DIV; /* "the balance as a percentage of the limit" */
			share = true;
		} else {
			break;
		}
		*i = at + n;
		expr *b = value_factor(p, i, end, flags & ~V_LITERAL);
		a = expr_binary(p->c, op, a, b, span_of(p, s, *i - 1));
		if (a) {
			a->text = slice_of(p, s, *i - 1);
			if (share)
				a->type = POLICY_TYPE_PERCENT;
		}
	}
	return a;
}

/* "minus the housing cost, the other debt payments, and the repayment": a
 * list after plus or minus is its sum. Only a list that ends with "and"
 * and a value is one, and only when each item names a value. */
static expr *value_series(parser *p, expr *b, uint32_t *i, uint32_t end, unsigned flags)
{
	uint32_t k = *i, items = 0;
	size_t errors = p->c->diags->count;
	bool was = p->trial, ended = false;
	p->trial = true;
	while (b && k < end && !ended) {
		uint32_t j = k;
		if (is_punct(p, j, end, ','))
			j++;
		if (is_w(p, j, end, "and")) {
			j++;
			ended = true;
		} else if (j == k) {
			break;
		}
		uint32_t tl;
		if (match_term(p, skip_articles(p, j, end), end, false, &tl) < 0)
			break;
		uint32_t v = j;
		if (!value_product(p, &v, end, flags))
			break;
		k = v;
		items++;
	}
	p->trial = was;
	error_truncate(p->c->diags, errors);
	if (!ended || !items)
		return b;
	while (b && *i < k) {
		uint32_t j = *i;
		if (is_punct(p, j, end, ','))
			j++;
		if (is_w(p, j, end, "and"))
			j++;
		*i = j;
		expr *c = value_product(p, i, end, flags);
		b = c ? expr_binary(p->c, E_ADD, b, c, span_of(p, j, *i - 1)) : NULL;
	}
	return b;
}

expr *parse_value(parser *p, uint32_t *i, uint32_t end, unsigned flags)
{
	uint32_t s = *i;
	expr *a = value_product(p, i, end, flags);
	while (a && *i < end) {
		expr_op op;
		uint32_t n, at = *i + arith_comma(p, *i, end);
		if ((n = match(p, at, end, "plus")) || (n = match(p, at, end, "+")) ||
		    (n = match(p, at, end, "added to")))
			op = E_ADD;
		else if ((n = match(p, at, end, "minus")) ||
		         (is_w(p, at, end, "less") && !is_w(p, at + 1, end, "than") && (n = 1)))
			op = E_SUB;
		else
			break;
		*i = at + n;
		expr *b = value_product(p, i, end, flags & ~V_LITERAL);
		b = value_series(p, b, i, end, flags & ~V_LITERAL);
		a = expr_binary(p->c, op, a, b, span_of(p, s, *i - 1));
		if (a)
			a->text = slice_of(p, s, *i - 1);
	}
	return a;
}

/* ---- comparisons ---- */

static expr *set_value(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, tl;
	int32_t d = match_term(p, s, end, false, &tl);
	if (d >= 0) {
		*i = s + tl;
		expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, s, s + tl - 1));
		if (r)
			r->text = slice_of(p, s, s + tl - 1);
		return r;
	}
	expr *items[256];
	uint32_t n = 0;
	uint32_t k = s, sep = s; /* sep: where the separator before item k starts */
	while (k < end && n < 256) {
		uint32_t ie = k;
		bool clause = false;
		op_match m;
		while (ie < end && !is_punct(p, ie, end, ',') && !is_w(p, ie, end, "or") &&
		       !is_w(p, ie, end, "and")) {
			/* a verb after the item's first word: "the period is ..." (but
			 * "under review" is a value) */
			clause = clause ||
			         (ie > k && (is_aux_word(tw(p, ie)) || op_at(p, ie, end, false, &m)));
			ie++;
		}
		if (ie == k)
			break;
		if (clause && n > 0) {
			/* "one of A, B or C, and the period is ...": the list ended */
			k = sep;
			break;
		}
		const token *t = &p->tk[k];
		if (ie == k + 1 && t->kind == T_QUANTITY) {
			items[n++] = expr_const(p->c, t->val, span_of(p, k, k), slice_of(p, k, k));
		} else {
			const char *text = t->kind == T_QUOTED && ie == k + 1 ? t->low
			                                                     : slice_of(p, k, ie - 1);
			items[n++] = expr_const(p->c, value_text(text, strlen(text)), span_of(p, k, ie - 1),
			                        text);
		}
		k = sep = ie;
		if (is_punct(p, k, end, ','))
			k++;
		if (is_w(p, k, end, "or") || is_w(p, k, end, "and"))
			k++;
	}
	if (n == 0) {
		perr(p, s < end ? s : end - 1, s < end ? s : end - 1,
		     "list the values, e.g. 'one of airfare, lodging, or meals'",
		     "'one of' needs a list of values%s", "");
		return NULL;
	}
	*i = k;
	expr *e = expr_nary(p->c, E_SET, items, n, span_of(p, s, k - 1));
	if (e)
		e->text = slice_of(p, s, k - 1);
	return e;
}

static const char *const temporal_after[] = { "after", "later than", "past", "following",
                                              "from", "since" };
static const char *const temporal_before[] = { "before", "earlier than", "prior to" };

/* "[more than] 15 days after D" once the comparison phrase is read. */
static expr *date_difference(parser *p, uint32_t *i, uint32_t end, expr *subject, cmp_op cmp,
                             uint32_t op_first)
{
	uint32_t k = *i, cl;
	int64_t n = count_at(p, k, end, &cl);
	duration_unit u;
	if (n < 0 || !is_unit_word(tw(p, k + cl), &u))
		return NULL;
	uint32_t unit_at = k + cl;
	uint32_t j = unit_at + 1;
	bool after = false, before = false;
	uint32_t tl = 0;
	for (size_t v = 0; v < sizeof temporal_after / sizeof temporal_after[0] && !tl; v++)
		if ((tl = match(p, j, end, temporal_after[v])))
			after = true;
	for (size_t v = 0; v < sizeof temporal_before / sizeof temporal_before[0] && !tl; v++)
		if ((tl = match(p, j, end, temporal_before[v])))
			before = true;
	if (!after && !before)
		return NULL;
	j += tl;
	expr *other = parse_value(p, &j, end, 0);
	if (!other)
		return NULL;
	expr *el = after ? expr_binary(p->c, E_ELAPSED, other, subject, span_of(p, k, j - 1))
	                 : expr_binary(p->c, E_ELAPSED, subject, other, span_of(p, k, j - 1));
	if (!el)
		return NULL;
	el->unit = u;
	el->type = POLICY_TYPE_DURATION;
	el->text = slice_of(p, op_first, j - 1);
	expr *dur = expr_const(p->c, value_duration(n, u), span_of(p, k, unit_at),
	                       slice_of(p, k, unit_at));
	*i = j;
	/* the phrase alone: the explanation prints the duration after it */
	return expr_cmp(p->c, cmp, el, dur, span_of(p, op_first, j - 1),
	                slice_of(p, op_first, k - 1));
}

static bool or_suffix(parser *p, uint32_t *i, uint32_t end, cmp_op *cmp)
{
	if (!is_w(p, *i, end, "or"))
		return false;
	static const char *const ge[] = { "more", "greater", "higher", "above", "later", "after",
	                                  "over", "longer", "older" };
	static const char *const le[] = { "less", "fewer", "lower", "below", "earlier", "before",
	                                  "under", "shorter", "younger" };
	const char *w = tw(p, *i + 1);
	for (size_t k = 0; k < sizeof ge / sizeof ge[0]; k++)
		if (!strcmp(w, ge[k])) {
			*cmp = CMP_GE;
			*i += 2;
			return true;
		}
	for (size_t k = 0; k < sizeof le / sizeof le[0]; k++)
		if (!strcmp(w, le[k])) {
			*cmp = CMP_LE;
			*i += 2;
			return true;
		}
	return false;
}

/* Resolve a subject that was only a phrase, now that the object's type is
 * known ("construction loans" + "$5M" = the loan amount). */
static expr *late_subject(parser *p, uint32_t sf, uint32_t sl, const expr *object)
{
	policy_type want = POLICY_TYPE_NONE;
	if (object && object->op == E_CONST)
		want = object->val.type;
	else if (object && object->op == E_PCT_OF)
		want = POLICY_TYPE_MONEY;
	int32_t d = resolve_np(p, sf, sl, POLICY_TYPE_NONE, false);
	bool by_type = false;
	if (d < 0 && want != POLICY_TYPE_NONE) {
		d = resolve_np(p, sf, sl, want, false);
		by_type = true;
	}
	if (d < 0) {
		resolve_np(p, sf, sl, want, true);
		return NULL;
	}
	expr *e = expr_ref(p->c, (uint32_t)d, span_of(p, sf, sl - 1));
	if (!e)
		return NULL;
	const char *name = p->c->defs[d].name;
	if (by_type && name) {
		/* "loans over $5M" compares the loan amount: say so */
		char *t = arena_alloc(p->c->a, strlen(name) + 5);
		if (!t) {
			p->c->nomem = true;
			return NULL;
		}
		sprintf(t, "the %s", name);
		e->text = t;
	} else {
		e->text = slice_of(p, sf, sl - 1);
	}
	return e;
}

static bool phrase_has(const parser *p, uint32_t first, uint32_t end, const char *a,
                       const char *b)
{
	for (uint32_t k = first; k < end; k++)
		if (is_w(p, k, end, a) || is_w(p, k, end, b))
			return true;
	return false;
}

/* "the claim is classified as water": the classification of the claim. */
static expr *classification_of(parser *p, uint32_t sf, uint32_t sl)
{
	char *key = key_of(p, sf, sl);
	for (uint32_t d = 0; key && d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if (x->kind == POLICY_STEP_LLM && x->alt_key && !strcmp(x->alt_key, key)) {
			expr *e = expr_ref(p->c, d, span_of(p, sf, sl - 1));
			if (e)
				e->text = slice_of(p, sf, sl - 1);
			return e;
		}
	}
	return NULL;
}

/* An optional comparison phrase at *k ("more than", "at least"): its
 * operator and its words from `from` on; *k moves past it. Unchanged if
 * there is none. */
static void cmp_phrase(parser *p, uint32_t *k, uint32_t end, uint32_t from, cmp_op *cmp,
                       const char **phrase)
{
	op_match m;
	if (!op_at(p, *k, end, true, &m) || m.kind != PK_CMP)
		return;
	*cmp = m.negated ? cmp_negate(m.cmp) : m.cmp;
	*phrase = slice_of(p, from, *k + m.len - 1);
	*k += m.len;
}

/* "A exceeds B by more than 10%", "A is below B by at least $500": the
 * margin between them compared, relative to B when it is a percentage.
 * The phrase before B gives the direction; "by" + phrase the comparison
 * (bare "by X" is "by at least X"). A negation ("must not exceed B by ...")
 * is applied by the caller. */
static expr *by_margin(parser *p, uint32_t *k, uint32_t end, expr *a, expr *b,
                       const op_match *m, uint32_t op_first)
{
	uint32_t j = *k + 1;
	cmp_op cmp = CMP_GE;
	const char *phrase = "is at least";
	cmp_phrase(p, &j, end, j, &cmp, &phrase);
	expr *margin = parse_value(p, &j, end, 0);
	if (!margin)
		return NULL;
	bool over = m->cmp == CMP_GT || m->cmp == CMP_GE;
	span sp = span_of(p, op_first, j - 1);
	expr *diff = over ? expr_binary(p->c, E_SUB, a, b, sp) : expr_binary(p->c, E_SUB, b, a, sp);
	if (!diff)
		return NULL;
	buf name;
	buf_init(&name, &p->c->a->m);
	buf_printf(&name, "the %s %s %s", over ? "excess" : "shortfall", over ? "over" : "below",
	           b->text ? b->text : "it");
	diff->text = buf_to_arena(&name, p->c->a);
	buf_release(&name);
	expr *lhs = diff;
	if (margin->op == E_CONST && margin->val.type == POLICY_TYPE_PERCENT) {
		lhs = expr_binary(p->c, E_DIV, diff, b, sp);
		if (!lhs)
			return NULL;
		lhs->type = POLICY_TYPE_PERCENT;
		lhs->text = diff->text;
	}
	*k = j;
	return expr_cmp(p->c, cmp, lhs, margin, sp, phrase);
}

/* The comparison phrase (m, at *i) and its object, applied to `subject`
 * (or to the phrase [sf, sl) when the subject is not resolved yet). */
static expr *comparison_rest(parser *p, uint32_t *i, uint32_t end, expr *subject, uint32_t sf,
                             uint32_t sl, const op_match *m, expr **subject_out)
{
	uint32_t op_first = *i;
	uint32_t k = *i + m->len;
	const char *phrase = slice_of(p, op_first, k - 1);
	expr *e = NULL, *obj = NULL;
	bool neg = m->negated;
	switch (m->kind) {
	case PK_BETWEEN: {
		expr *lo = parse_value(p, &k, end, V_STOP_AND);
		if (!lo)
			return NULL;
		if (!is_w(p, k, end, "and")) {
			perr(p, op_first, k - 1, "write 'between 18 and 65'",
			     "'between' needs two values joined by 'and'%s", "");
			return NULL;
		}
		k++;
		expr *hi = parse_value(p, &k, end, V_STOP_AND);
		if (!hi)
			return NULL;
		if (is_punct(p, k, end, '(') && is_w(p, k + 1, end, "inclusive") &&
		    is_punct(p, k + 2, end, ')'))
			k += 3;
		else if (is_w(p, k, end, "inclusive") || is_w(p, k, end, "inclusively"))
			k++;
		if (lo->op == E_CONST && lo->val.type == POLICY_TYPE_PERCENT && hi->op == E_PCT_OF) {
			/* "between 10% and 20% of the appraised value": both of it */
			const char *pct = lo->text ? lo->text : "";
			const char *base = hi->args[1]->text ? hi->args[1]->text : "it";
			char *text = arena_alloc(p->c->a, strlen(pct) + strlen(base) + 5);
			lo = expr_binary(p->c, E_PCT_OF, lo, hi->args[1], lo->sp);
			if (!lo || !text) {
				p->c->nomem |= !text;
				return NULL;
			}
			sprintf(text, "%s of %s", pct, base);
			lo->text = text;
		}
		if (!subject)
			subject = late_subject(p, sf, sl, lo);
		if (!subject)
			return NULL;
		expr *args[3] = { subject, lo, hi };
		e = expr_nary(p->c, E_BETWEEN, args, 3, span_of(p, op_first, k - 1));
		break;
	}
	case PK_IN: {
		const token *yt = k < end ? &p->tk[k] : NULL;
		int64_t year;
		if (yt && yt->kind == T_QUANTITY && yt->val.type == POLICY_TYPE_NUMBER &&
		    decimal_to_int64(yt->val.u.num, &year) && year >= 1900 && year <= 2200 &&
		    (k + 1 == end || clause_boundary(p, k + 1, end))) {
			/* "the closing date is in 2026": on or after January 1 and on
			 * or before December 31 of it */
			if (!subject)
				subject = late_subject(p, sf, sl, NULL);
			int32_t first, last;
			if (!subject || !date_from_ymd((int)year, 1, 1, &first) ||
			    !date_from_ymd((int)year, 12, 31, &last))
				return NULL;
			expr *lo = expr_const(p->c, value_date(first), span_of(p, k, k), NULL);
			expr *hi = expr_const(p->c, value_date(last), span_of(p, k, k), NULL);
			expr *args[3] = { subject, lo, hi };
			e = lo && hi ? expr_nary(p->c, E_BETWEEN, args, 3, span_of(p, op_first, k)) : NULL;
			if (e)
				e->type = POLICY_TYPE_BOOLEAN;
			k++;
			if (m->cmp == CMP_NE)
				neg = !neg;
			break;
		}
		obj = set_value(p, &k, end);
		if (!obj)
			return NULL;
		if (!subject)
			subject = late_subject(p, sf, sl, NULL);
		if (!subject)
			return NULL;
		e = expr_binary(p->c, E_IN, subject, obj, span_of(p, op_first, k - 1));
		if (m->cmp == CMP_NE)
			neg = !neg;
		break;
	}
	case PK_MISSING:
	case PK_PRESENT: {
		if (!subject)
			subject = late_subject(p, sf, sl, NULL);
		if (!subject)
			return NULL;
		e = expr_unary(p->c, E_MISSING, subject, span_of(p, op_first, k - 1));
		if (m->kind == PK_PRESENT)
			neg = !neg;
		break;
	}
	case PK_WITHIN: {
		uint32_t cl;
		int64_t n = count_at(p, k, end, &cl);
		duration_unit u;
		if (n < 0 || !is_unit_word(tw(p, k + cl), &u)) {
			perr(p, op_first, k < end ? k : end - 1, "write e.g. 'within 30 days of the loss date'",
			     "'within' needs a number of days, months or years%s", "");
			return NULL;
		}
		uint32_t unit_at = k + cl;
		k = unit_at + 1;
		bool after = is_w(p, k, end, "after") || is_w(p, k, end, "following");
		bool before = is_w(p, k, end, "before") || match(p, k, end, "prior to");
		if (!after && !before && !is_w(p, k, end, "of") && !is_w(p, k, end, "from")) {
			perr(p, op_first, k < end ? k : end - 1, "write e.g. 'within 30 days of the loss date'",
			     "'within' needs the date it counts from%s", "");
			return NULL;
		}
		k += match(p, k, end, "prior to") ? 2 : 1;
		expr *other = parse_value(p, &k, end, 0);
		if (!other)
			return NULL;
		if (!subject)
			subject = late_subject(p, sf, sl, other);
		if (!subject)
			return NULL;
		expr *dur = expr_const(p->c, value_duration(n, u),
		                       span_of(p, op_first, unit_at), slice_of(p, op_first + 1, unit_at));
		if (!after && !before) {
			expr *args[3] = { subject, other, dur };
			e = expr_nary(p->c, E_WITHIN, args, 3, span_of(p, op_first, k - 1));
			if (e)
				e->unit = u;
		} else {
			/* within N days after D: D <= X and elapsed(D, X) <= N */
			expr *el = after ? expr_binary(p->c, E_ELAPSED, other, subject, span_of(p, op_first, k - 1))
			                 : expr_binary(p->c, E_ELAPSED, subject, other, span_of(p, op_first, k - 1));
			if (!el)
				return NULL;
			el->unit = u;
			el->type = POLICY_TYPE_DURATION;
			el->text = slice_of(p, op_first, k - 1);
			expr *zero = expr_const(p->c, value_duration(0, u), el->sp, "0");
			expr *lo = expr_cmp(p->c, CMP_GE, el, zero, el->sp, after ? "on or after" : "on or before");
			expr *hi = expr_cmp(p->c, CMP_LE, el, dur, el->sp, phrase);
			e = expr_and(p->c, lo, hi);
		}
		break;
	}
	case PK_CMP:
	case PK_EQ: {
		cmp_op cmp = m->cmp;
		if (subject || sf < sl) {
			expr *sub_for_diff = subject;
			if (!sub_for_diff) {
				int32_t d = resolve_np(p, sf, sl, POLICY_TYPE_DATE, false);
				if (d >= 0)
					sub_for_diff = expr_ref(p->c, (uint32_t)d, span_of(p, sf, sl - 1));
			}
			uint32_t save = k;
			if (sub_for_diff) {
				e = date_difference(p, &k, end, sub_for_diff, cmp, op_first);
				if (e) {
					subject = sub_for_diff;
					break;
				}
				k = save;
			}
		}
		if (!subject && sf < sl && phrase_has(p, op_first, k, "classified", "categorized"))
			subject = classification_of(p, sf, sl);
		bool literal_ok = m->kind == PK_EQ || cmp == CMP_EQ || cmp == CMP_NE;
		if (literal_ok && is_w(p, k, end, "either")) {
			/* "the loss type is either fire or hail": one of the words */
			uint32_t j = k + 1;
			expr *set = set_value(p, &j, end);
			if (!set)
				return NULL;
			if (!subject)
				subject = late_subject(p, sf, sl, NULL);
			if (!subject)
				return NULL;
			e = expr_binary(p->c, E_IN, subject, set, span_of(p, op_first, j - 1));
			if (e && (cmp == CMP_NE) != neg)
				e = expr_not(p->c, e);
			neg = false;
			k = j;
			break;
		}
		obj = parse_value(p, &k, end, literal_ok ? V_LITERAL : 0);
		if (!obj)
			return NULL;
		if (m->kind == PK_EQ) {
			cmp_op suffix;
			if (or_suffix(p, &k, end, &suffix))
				cmp = suffix;
		}
		if (!subject)
			subject = late_subject(p, sf, sl, obj);
		if (!subject)
			return NULL;
		if (is_w(p, k, end, "by") && (m->cmp == CMP_GT || m->cmp == CMP_GE ||
		                               m->cmp == CMP_LT || m->cmp == CMP_LE)) {
			e = by_margin(p, &k, end, subject, obj, m, op_first);
			if (!e)
				return NULL;
			break;
		}
		e = expr_cmp(p->c, cmp, subject, obj, span_of(p, op_first, k - 1), phrase);
		if (e && neg) {
			if (e->op == E_CMP)
				e->cmp = cmp_negate(e->cmp);
			else
				e = expr_not(p->c, e); /* a set: expr_cmp made it "one of" */
			neg = false;
		}
		break;
	}
	}
	if (!e)
		return NULL;
	if (e->op != E_CMP || !e->text)
		e->text = phrase;
	if (neg)
		e = expr_not(p->c, e);
	*i = k;
	if (subject_out)
		*subject_out = subject;
	return e;
}

/* ---- atoms ---- */

static bool is_pass_phrase(const parser *p, uint32_t k, uint32_t end, uint32_t *len, bool *pass)
{
	static const char *const passes[] = {
		"pass", "passes", "passed", "are met", "is met", "were met", "have been met",
		"has been met", "are satisfied", "is satisfied", "have been satisfied", "hold",
		"holds", "are true", "is true", "succeed", "succeeds", "are fulfilled", "is fulfilled",
		"apply", "applies", "are complete", "is complete", "are all met", "are both met",
		"are all satisfied", "are both satisfied", "are all true", "are both true", "all pass",
		"both pass", "all hold", "both hold", "are followed", "is followed",
		"have been followed", "are complied with", "is complied with", "are observed",
		"is observed", "are respected", "is respected", "are obeyed", "is obeyed",
	};
	static const char *const fails[] = {
		"fail", "fails", "failed", "is not met", "are not met", "were not met",
		"is not satisfied", "are not satisfied", "do not pass", "does not pass",
		"did not pass", "have not been met", "has not been met", "are not true",
		"is not true", "do not hold", "does not hold", "do not apply", "does not apply",
		"are not followed", "is not followed", "are broken", "is broken", "are violated",
		"is violated", "are breached", "is breached",
	};
	uint32_t best = 0;
	for (size_t v = 0; v < sizeof passes / sizeof passes[0]; v++) {
		uint32_t n = match(p, k, end, passes[v]);
		if (n > best) {
			best = n;
			*pass = true;
		}
	}
	for (size_t v = 0; v < sizeof fails / sizeof fails[0]; v++) {
		uint32_t n = match(p, k, end, fails[v]);
		if (n > best) {
			best = n;
			*pass = false;
		}
	}
	*len = best;
	return best > 0;
}

enum quant { Q_NONE, Q_ALL, Q_ANY, Q_NO };

static enum quant quantifier(const parser *p, uint32_t *k, uint32_t end)
{
	static const struct {
		const char *w;
		enum quant q;
	} qs[] = {
		{ "at least one", Q_ANY }, { "one or more", Q_ANY }, { "any one", Q_ANY },
		{ "all", Q_ALL }, { "each", Q_ALL },
		{ "every", Q_ALL }, { "both", Q_ALL }, { "any", Q_ANY }, { "either", Q_ANY },
		{ "one", Q_ANY }, { "none", Q_NO }, { "no", Q_NO }, { "neither", Q_NO },
	};
	for (size_t v = 0; v < sizeof qs / sizeof qs[0]; v++) {
		uint32_t n = match(p, *k, end, qs[v].w);
		if (n) {
			*k += n;
			return qs[v].q;
		}
	}
	return Q_NONE;
}

/* Combine conditions under a quantifier and a pass/fail reading. */
static expr *quantify(parser *p, expr **items, uint32_t n, enum quant q, bool pass, span sp)
{
	if (n == 0)
		return NULL;
	expr *parts[n];
	for (uint32_t k = 0; k < n; k++)
		parts[k] = pass ? items[k] : expr_not(p->c, items[k]);
	expr *e;
	if (q == Q_ANY)
		e = n == 1 ? parts[0] : expr_nary(p->c, E_OR, parts, n, sp);
	else if (q == Q_NO)
		e = expr_not(p->c, n == 1 ? parts[0] : expr_nary(p->c, E_OR, parts, n, sp));
	else
		e = n == 1 ? parts[0] : expr_nary(p->c, E_AND, parts, n, sp);
	if (e)
		e->type = POLICY_TYPE_BOOLEAN;
	return e;
}

/* "any of the following is true:" with the sentence's list. */
static expr *following_list(parser *p, uint32_t s, uint32_t k, uint32_t end, enum quant q,
                            uint32_t *i)
{
	uint32_t si = p->cur;
	sentence *sen = &p->s[si];
	if (sen->nkids == 0) {
		perr(p, s, k - 1, "put the conditions in a bulleted list after a colon",
		     "'%s' needs a list after the sentence", slice_of(p, s, k - 1));
		return NULL;
	}
	if (p->depth >= p->c->max_depth) {
		char lim[16];
		snprintf(lim, sizeof lim, "%u", p->c->max_depth);
		perr(p, s, k - 1, "flatten the lists", "conditions are nested deeper than the limit of %s",
		     lim);
		return NULL;
	}
	expr **items = arena_alloc(p->c->a, sen->nkids * sizeof *items);
	if (!items) {
		p->c->nomem = true;
		return NULL;
	}
	uint32_t n = 0;
	bool ok = true;
	p->depth++;
	for (uint32_t c = 0; c < sen->nkids; c++) {
		uint32_t kid = sen->kids[c];
		p->s[kid].consumed = true;
		sentence_select(p, kid);
		expr *e = parse_condition(p, 0, p->s[kid].n);
		if (e)
			items[n++] = e;
		else
			ok = false;
	}
	p->depth--;
	sentence_select(p, si);
	/* the rest of the intro: "is true", "apply", "conditions are met" */
	while (k < end && !is_punct(p, k, end, ','))
		k++;
	*i = k;
	if (!ok)
		return NULL;
	p->last_list = items;
	p->last_list_n = n;
	p->last_list_at = si;
	return quantify(p, items, n, q, true, span_of(p, s, s));
}

/* `c` is `g` or one of the conditions `g` was built on: guards grow as
 * and(scope, condition), so a scope sits on the left spine. */
static bool guard_has(const expr *g, const expr *c)
{
	for (unsigned depth = 0; g && depth < 64; depth++) {
		if (g == c)
			return true;
		if (g->op != E_AND || g->nargs != 2)
			return false;
		g = g->args[0];
	}
	return false;
}

/* The widest guard every check of a group shares: their scope, when each
 * adds its own condition ("if the designation is irrevocable, require a
 * consent form" inside "For policies in an eligible status:"). */
static expr *shared_guard(expr **guards, uint32_t n)
{
	if (!n)
		return NULL;
	for (expr *c = guards[0]; c; c = c->op == E_AND && c->nargs == 2 ? c->args[0] : NULL) {
		bool all = true;
		for (uint32_t i = 1; i < n && all; i++)
			all = guard_has(guards[i], c);
		if (all)
			return c;
	}
	return NULL;
}

static bool is_check_kind(policy_step_kind k)
{
	return k == POLICY_STEP_CHECK || k == POLICY_STEP_REQUIRE;
}

/* The list after the sentence holds rules ("- approve the claim;", "- if
 * ..., cap ..."), not conditions: "When all of these requirements are
 * met:" then refers back, to the checks before it. */
static bool kids_are_rules(parser *p)
{
	const sentence *s = &p->s[p->cur];
	uint32_t si = p->cur;
	bool rules = true;
	for (uint32_t c = 0; c < s->nkids && rules; c++) {
		sentence_select(p, s->kids[c]);
		rules = is_clause_start(p, 0, p->s[s->kids[c]].n);
	}
	sentence_select(p, si);
	return rules;
}

/* "all of the checks above pass", "these requirements are met", "none of
 * the above applies". */
static expr *group_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, k = *i;
	/* "(drivers who) meet both requirements", "fail any check above" */
	int lead = 0;
	static const char *const meets[] = { "meet", "meets", "satisfy", "satisfies", "pass",
	                                     "passes" };
	static const char *const fails[] = { "fail", "fails" };
	for (size_t v = 0; v < sizeof meets / sizeof meets[0]; v++)
		if (is_w(p, k, end, meets[v]))
			lead = 1;
	for (size_t v = 0; v < sizeof fails / sizeof fails[0]; v++)
		if (is_w(p, k, end, fails[v]))
			lead = -1;
	if (lead)
		k++;
	enum quant q = quantifier(p, &k, end);
	if (q != Q_NONE && is_w(p, k, end, "of"))
		k++;
	if (q != Q_NONE && match(p, k, end, "the following")) {
		k += 2;
		return following_list(p, s, k, end, q, i);
	}
	bool these = false, above = false, pronoun = false;
	/* "both conditions", "the two checks above": the last ones stated */
	int64_t want = is_w(p, s, end, "both") ? 2 : 0;
	if (q != Q_NONE && (is_w(p, k, end, "these") || is_w(p, k, end, "those")) &&
	    p->s[p->cur].nkids && p->s[p->cur].end == ':' && !kids_are_rules(p)) {
		/* "if any of these is true:" followed by the list */
		k++;
		return following_list(p, s, k, end, q, i);
	}
	if (is_w(p, k, end, "these") || is_w(p, k, end, "those") || is_w(p, k, end, "such")) {
		these = true;
		k++;
	} else if (is_w(p, k, end, "they") || is_w(p, k, end, "them")) {
		/* "if they are all met": only with a pass phrase after it */
		these = pronoun = true;
		k++;
	} else if (is_w(p, k, end, "the")) {
		k++;
	}
	while (is_w(p, k, end, "above") || is_w(p, k, end, "preceding") ||
	       is_w(p, k, end, "foregoing") || is_w(p, k, end, "previous") ||
	       is_w(p, k, end, "listed") || is_w(p, k, end, "other")) {
		above = true;
		k++;
	}
	uint32_t cl;
	int64_t counted = pronoun ? -1 : count_at(p, k, end, &cl);
	if (counted > 0 && counted <= 512) {
		want = counted;
		k += cl;
	}
	for (uint32_t m = 1; m <= 2 && !pronoun && k + m < end; m++) {
		/* "all of the funding conditions", "these eligibility checks" */
		bool words = true;
		for (uint32_t j = k; j < k + m; j++)
			words = words && p->tk[j].kind == T_WORD && !is_check_group_noun(p->tk[j].low) &&
			        !is_aux_word(p->tk[j].low);
		if (words && p->tk[k + m].kind == T_WORD && is_check_group_noun(p->tk[k + m].low)) {
			k += m;
			break;
		}
	}
	bool noun = !pronoun && k < end && p->tk[k].kind == T_WORD && is_check_group_noun(p->tk[k].low);
	if (noun)
		k++;
	else if (!above && !pronoun)
		return NULL;
	while (is_w(p, k, end, "above") || match(p, k, end, "listed above") ||
	       is_w(p, k, end, "below")) {
		k += match(p, k, end, "listed above") ? 2 : 1;
		above = true;
	}
	if (q == Q_NONE && !these && !above && !want)
		return NULL;
	uint32_t vl;
	bool pass = true;
	if (lead) {
		vl = 0;
		pass = lead > 0;
		if (!noun)
			return NULL;
	} else if (!is_pass_phrase(p, k, end, &vl, &pass)) {
		if (!noun || pronoun)
			return NULL;
		vl = 0; /* "if all of these requirements," ... rare: read as met */
	}
	k += vl;
	if (q == Q_NONE)
		q = Q_ALL;
	span sp = span_of(p, s, k - 1);
	if (!noun && !pronoun) {
		/* "none of the above applies": the conditions of this list's Ifs */
		seq_ctx *ctx = p->ctx;
		if (!ctx || ctx->nconds == 0) {
			perr(p, s, k - 1, "use it after a list of 'If ...' rules",
			     "'%s' has no conditions above it to refer to", slice_of(p, s, k - 1));
			return NULL;
		}
		*i = k;
		return quantify(p, ctx->conds, ctx->nconds, q, pass, sp);
	}
	/* The checks meant: these = the latest sentence with checks; above =
	 * every check before this sentence; a number = the last ones. */
	expr *refs[512], *guards[512];
	uint32_t n = 0;
	uint32_t from = 0;
	if (want) {
		uint32_t have = 0;
		for (uint32_t d = p->c->ndefs; d-- > 0 && have < want;) {
			const def *x = &p->c->defs[d];
			if (is_check_kind(x->kind) && x->sentence_index < p->cur) {
				have++;
				from = d;
			}
		}
		if (have < want) {
			if (!quiet(p))
				diag_error(p->c, span_of(p, s, k - 1),
				           "state each check with 'Verify that ...' before this",
				           "'%s' refers to %lld checks, but there are %u before it",
				           slice_of(p, s, k - 1), (long long)want, have);
			*i = k; /* reported: no second guess at the words */
			return NULL;
		}
		these = false;
	}
	for (uint32_t d = from; d < p->c->ndefs && n < 512; d++) {
		const def *x = &p->c->defs[d];
		if (!is_check_kind(x->kind) || x->sentence_index >= p->cur)
			continue;
		if (these && x->group != p->last_group)
			continue;
		guards[n] = x->guard;
		refs[n++] = expr_ref(p->c, d, sp);
	}
	if (these && !want && p->last_list_n &&
	    (n == 0 || p->last_group == NONE || p->last_list_at > p->last_group)) {
		/* "If one or more of them applies": the bulleted conditions just
		 * before, when no checks came after them */
		*i = k;
		return quantify(p, p->last_list, p->last_list_n, q, pass, sp);
	}
	if (n == 0 && !want && p->ctx && p->ctx->nconds) {
		/* "If none of these conditions is met" after rules, not checks:
		 * the rules' conditions */
		*i = k;
		return quantify(p, p->ctx->conds, p->ctx->nconds, q, pass, sp);
	}
	if (n == 0) {
		perr(p, s, k - 1, "state checks with 'Verify that ...' or 'Require ...' before this",
		     "'%s' refers to checks, but there are none before it", slice_of(p, s, k - 1));
		*i = k;
		return NULL;
	}
	p->inherited_guard = shared_guard(guards, n);
	*i = k;
	return quantify(p, refs, n, q, pass, sp);
}

/* "it was not", "it is", "so", "not" (as in "If not, ..."). */
static expr *complement_atom(parser *p, const char *subject_key, uint32_t *i, uint32_t end);

/* "it is late-reported" for "A claim is considered late-reported if ...":
 * the one named condition whose complement the words after "it" say. */
static expr *it_is_named(parser *p, uint32_t *i, uint32_t end)
{
	expr *found = NULL;
	uint32_t at = 0;
	const char *seen = NULL;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if (!x->is_predicate || !x->alt_key || (seen && !strcmp(seen, x->alt_key)))
			continue;
		uint32_t j = *i + 1;
		size_t errors = p->c->diags->count;
		expr *e = complement_atom(p, x->alt_key, &j, end);
		error_truncate(p->c->diags, errors);
		if (!e)
			continue;
		if (found)
			return NULL; /* two subjects would fit: not guessed */
		found = e;
		at = j;
		seen = x->alt_key;
	}
	if (found)
		*i = at;
	return found;
}

static expr *anaphor(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	bool neg = false;
	if (is_w(p, k, end, "it") || is_w(p, k, end, "this") || is_w(p, k, end, "that")) {
		k++;
		if (!is_aux_word(tw(p, k)) && !match(p, k, end, "does not") &&
		    !match(p, k, end, "did not"))
			return is_w(p, *i, end, "it") ? it_is_named(p, i, end) : NULL;
		while (k < end && (is_aux_word(tw(p, k)) || is_w(p, k, end, "not"))) {
			if (is_w(p, k, end, "not"))
				neg = !neg;
			k++;
		}
		if (is_w(p, k, end, "the") && is_w(p, k + 1, end, "case"))
			k += 2;
		if (!clause_boundary(p, k, end))
			return it_is_named(p, i, end); /* "if it is late-reported" */
	} else if (is_w(p, k, end, "so") && clause_boundary(p, k + 1, end)) {
		k++;
	} else if (is_w(p, k, end, "not") && clause_boundary(p, k + 1, end)) {
		k++;
		neg = true;
	} else {
		return NULL;
	}
	if (!p->last_cond) {
		perr(p, *i, k - 1, "state the condition again", "I can't tell what '%s' refers to",
		     slice_of(p, *i, k - 1));
		return NULL;
	}
	*i = k;
	return neg ? expr_not(p->c, p->last_cond) : p->last_cond;
}

static bool known_doc(const parser *p, const char *key)
{
	for (uint32_t d = 0; d < p->c->ndocs; d++) {
		char *k = words_key(p->c->a, p->c->docs[d], strlen(p->c->docs[d]));
		if (k && !strcmp(k, key))
			return true;
	}
	return false;
}

static expr *doc_count_cmp(parser *p, uint32_t df, uint32_t dl, cmp_op cmp, int64_t n, span sp,
                           const char *text)
{
	expr *c = expr_new(p->c, E_DOC_COUNT, span_of(p, df, dl - 1));
	if (!c)
		return NULL;
	c->doc = slice_of(p, df, dl - 1);
	c->type = POLICY_TYPE_COUNT;
	c->text = c->doc;
	doc_note(p->c, c->doc);
	expr *k = expr_const(p->c, value_count(n), sp, NULL);
	return expr_cmp(p->c, cmp, c, k, sp, text);
}

/* Documents there or not: "no receipt is attached", "a W-9 is on file",
 * "more than one deposit slip was submitted". A term in that place is a
 * value there or not ("the acknowledgment date is provided"). */
static expr *presence_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, k = *i;
	cmp_op cmp = CMP_GE;
	int64_t n = 1;
	bool counted = false;
	if (is_w(p, k, end, "no")) {
		cmp = CMP_EQ;
		n = 0;
		k++;
		counted = true;
	} else {
		op_match m;
		if (op_at(p, k, end, false, &m) && m.kind == PK_CMP && !m.had_aux) {
			uint32_t cl;
			int64_t c = count_at(p, k + m.len, end, &cl);
			if (c >= 0) {
				cmp = m.negated ? cmp_negate(m.cmp) : m.cmp;
				n = c;
				k += m.len + cl;
				counted = true;
			}
		}
		if (!counted) {
			uint32_t cl;
			int64_t c = count_at(p, k, end, &cl);
			if (c >= 0 && !is_unit_word(tw(p, k + cl), &(duration_unit){ 0 })) {
				n = c;
				k += cl;
				counted = true;
				if (match(p, k, end, "or more")) {
					k += 2;
				} else if (match(p, k, end, "or fewer") || match(p, k, end, "or less")) {
					cmp = CMP_LE;
					k += 2;
				}
			} else if (is_w(p, k, end, "a") || is_w(p, k, end, "an") || is_w(p, k, end, "any") ||
			           is_w(p, k, end, "the") || is_w(p, k, end, "at") /* at least */) {
				if (is_w(p, k, end, "a") || is_w(p, k, end, "an") || is_w(p, k, end, "any") ||
				    is_w(p, k, end, "the"))
					k++;
			}
		}
	}
	uint32_t np = k;
	for (;;) {
		while (k < end && p->tk[k].kind == T_WORD && !is_aux_word(p->tk[k].low) &&
		       !is_np_stop_word(p->tk[k].low) &&
		       !(p->verbless && k > np && is_presence_word(p->tk[k].low)))
			k++;
		/* "two profit and loss statements are attached": one document */
		uint32_t j = k + 1;
		if (!counted || k == np || !is_w(p, k, end, "and"))
			break;
		while (j < end && p->tk[j].kind == T_WORD && !is_aux_word(p->tk[j].low) &&
		       !is_np_stop_word(p->tk[j].low))
			j++;
		if (j == k + 1 || j >= end || !is_aux_word(p->tk[j].low))
			break;
		k = j;
	}
	if (k == np)
		return NULL;
	uint32_t np_end = k;
	bool neg = false;
	uint32_t al = 0;
	/* "A W-9 form must be on file." */
	for (unsigned v = 0; v < modal_phrase_count; v++) {
		uint32_t x = match(p, k, end, modal_phrases[v]);
		if (x) {
			k += x;
			if (is_w(p, k, end, "not")) {
				neg = true;
				k++;
			}
			break;
		}
	}
	for (unsigned v = 0; v < aux_phrase_count; v++) {
		uint32_t x = match(p, k, end, aux_phrases[v]);
		if (x > al)
			al = x;
	}
	/* "with a receipt attached": no verb in a qualifier */
	if (!al && !(p->verbless && k < end && p->tk[k].kind == T_WORD &&
	             is_presence_word(p->tk[k].low)))
		return NULL;
	k += al;
	if (is_w(p, k, end, "not")) {
		neg = !neg;
		k++;
	}
	bool on_file = match(p, k, end, "on file") || match(p, k, end, "in the file");
	if (!on_file && !(k < end && p->tk[k].kind == T_WORD && is_presence_word(p->tk[k].low)))
		return NULL;
	k += on_file ? 2 : 1;
	/* "with the claim", "by the applicant": how it came, not what */
	if (is_w(p, k, end, "with") || is_w(p, k, end, "by") || is_w(p, k, end, "to") ||
	    is_w(p, k, end, "for")) {
		while (k < end && !clause_boundary(p, k, end))
			k++;
	}
	if (!clause_boundary(p, k, end))
		return NULL;
	span sp = span_of(p, s, k - 1);
	const char *text = slice_of(p, s, k - 1);
	char *key = key_of(p, np, np_end);
	if (!key)
		return NULL;
	int32_t d = term_find_key(p->c, key);
	if (d < 0 && !known_doc(p, key))
		d = resolve_np(p, np, np_end, POLICY_TYPE_NONE, false);
	expr *e;
	if (d >= 0 && !known_doc(p, key)) {
		/* a value: "the acknowledgment date is provided" */
		expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, np, np_end - 1));
		e = expr_unary(p->c, E_MISSING, r, sp);
		if (e) {
			e->type = POLICY_TYPE_BOOLEAN;
			e->text = text;
		}
		bool present = !(counted && n == 0);
		if (neg)
			present = !present;
		if (present)
			e = expr_not(p->c, e);
	} else {
		e = doc_count_cmp(p, np, np_end, cmp, n, sp, text);
		if (neg)
			e = expr_not(p->c, e);
	}
	*i = k;
	return e;
}

/* "the claim log has no acknowledgment date" and "the form is missing X". */
static expr *absence_atom(parser *p, uint32_t *i, uint32_t end)
{
	static const struct {
		const char *w;
		bool missing;
	} verbs[] = {
		{ "has no", true }, { "have no", true }, { "contains no", true }, { "shows no", true },
		{ "lists no", true }, { "includes no", true }, { "does not have", true },
		{ "does not contain", true }, { "does not show", true }, { "does not include", true },
		{ "does not list", true }, { "is missing", true }, { "is missing the", true },
		{ "lacks", true }, { "lacks a", true }, { "lacks an", true }, { "has a", false },
		{ "has an", false }, { "contains a", false }, { "contains an", false },
		{ "shows a", false }, { "shows an", false }, { "includes a", false },
		{ "includes an", false },
	};
	uint32_t s = *i;
	for (uint32_t k = s + 1; k < end && k < s + MAX_TERM_WORDS; k++) {
		if (p->tk[k].kind != T_WORD)
			return NULL;
		for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
			uint32_t n = match(p, k, end, verbs[v].w);
			if (!n)
				continue;
			uint32_t f = k + n, e2 = f;
			while (e2 < end && !clause_boundary(p, e2, end))
				e2++;
			if (e2 == f)
				return NULL;
			int32_t d = resolve_np(p, f, e2, POLICY_TYPE_NONE, false);
			uint32_t tl;
			if (d < 0 && (d = match_term(p, f, e2, false, &tl)) >= 0 &&
			    !(is_w(p, f + tl, e2, "for") || is_w(p, f + tl, e2, "on") ||
			      is_w(p, f + tl, e2, "in")))
				d = -1; /* only "a last payoff date for the borrower" */
			if (d < 0)
				return NULL;
			span sp = span_of(p, s, e2 - 1);
			expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, f, e2 - 1));
			expr *e = expr_unary(p->c, E_MISSING, r, sp);
			if (!e)
				return NULL;
			e->type = POLICY_TYPE_BOOLEAN;
			e->text = slice_of(p, s, e2 - 1);
			*i = e2;
			return verbs[v].missing ? e : expr_not(p->c, e);
		}
		if (is_aux_word(p->tk[k].low) && strcmp(p->tk[k].low, "is") &&
		    strcmp(p->tk[k].low, "does"))
			return NULL;
	}
	return NULL;
}

static bool is_start_word(const char *w)
{
	static const char *const v[] = { "start", "started", "established", "opened", "open",
	                                  "inception", "founded", "formation", "incorporation",
	                                  "incorporated", "began", "beginning", "commencement",
	                                  "commenced", "hire", "hired", "effective", "since",
	                                  "origination", "originated", "issue", "issued" };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(w, v[i]))
			return true;
	return false;
}

/* The date a subject's time in a state counts from: "the business" ->
 * "business start date". */
/* A date, or a term whose type is not known yet and whose name says date
 * ("the applicant's date of birth" while the policy is being read). */
static bool is_date_term(const def *x)
{
	return x->key && (x->type == POLICY_TYPE_DATE ||
	                  (x->type == POLICY_TYPE_NONE && x->name &&
	                   type_from_term_name(x->name) == POLICY_TYPE_DATE));
}

static int32_t start_date_of(parser *p, uint32_t sf, uint32_t sl)
{
	int32_t d = resolve_np(p, sf, sl, POLICY_TYPE_DATE, false);
	if (d >= 0 && is_date_term(&p->c->defs[d]))
		return d;
	size_t len;
	const char *text = np_text(p, sf, sl, &len);
	wordlist w;
	if (!words_split(p->c->a, text, len, WORDS_CONTENT, &w))
		return -1;
	int32_t best = -1;
	int best_score = 0, ties = 0;
	for (uint32_t i = 0; i < p->c->ndefs; i++) {
		const def *x = &p->c->defs[i];
		if (!is_date_term(x))
			continue;
		int score = 0;
		for (size_t a = 0; a < w.n; a++)
			for (size_t b = 0; b < x->words.n; b++)
				if (!strcmp(w.w[a], x->words.w[b]))
					score += 2;
		if (!score)
			continue;
		for (size_t b = 0; b < x->words.n; b++)
			if (is_start_word(x->words.w[b]))
				score += 1;
		if (score > best_score) {
			best = (int32_t)i;
			best_score = score;
			ties = 0;
		} else if (score == best_score) {
			ties++;
		}
	}
	return ties ? -1 : best;
}

/* The date an age is measured on when the policy does not say: the one
 * date term other than the start date, if there is exactly one. */
static int32_t only_other_date(const parser *p, int32_t start)
{
	int32_t found = -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if ((int32_t)d == start || !is_date_term(x) ||
		    (x->kind != POLICY_STEP_EXTRACT && x->kind != POLICY_STEP_LOOKUP))
			continue;
		if (found >= 0)
			return -1;
		found = (int32_t)d;
	}
	return found;
}

/* The age the policy defined for the subject in [s, e): "the driver's
 * age" for "the driver". */
static int32_t defined_age_of(parser *p, uint32_t s, uint32_t e)
{
	char *subject = key_of(p, s, e);
	if (!subject)
		return -1;
	size_t n = strlen(subject);
	char *want = arena_alloc(p->c->a, n + 5);
	if (!want) {
		p->c->nomem = true;
		return -1;
	}
	memcpy(want, subject, n);
	memcpy(want + n, " age", 5);
	char *key = words_key(p->c->a, want, n + 4);
	int32_t d = key ? term_find_key(p->c, key) : -1;
	if (d < 0 || p->c->defs[d].kind != POLICY_STEP_COMPUTE || p->c->defs[d].is_predicate)
		return -1;
	return d;
}

static bool is_person_subject(parser *p, uint32_t s, uint32_t e)
{
	static const char *const people[] = {
		"applicant", "beneficiary", "borrower", "candidate", "cardholder", "child", "claimant",
		"client", "customer", "dependent", "driver", "employee", "guarantor", "insured",
		"lessee", "member", "owner", "participant", "patient", "policyholder", "spouse",
		"student", "subscriber", "tenant", "worker",
	};
	uint32_t k = s;
	while (k < e && (is_w(p, k, e, "the") || is_w(p, k, e, "a") || is_w(p, k, e, "an")))
		k++;
	if (k + 1 != e)
		return false;
	for (size_t v = 0; v < sizeof people / sizeof people[0]; v++)
		if (is_w(p, k, e, people[v]))
			return true;
	return false;
}

/* The one date of birth the policy reads, or -1. */
static int32_t birth_date_term(parser *p)
{
	int32_t found = -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		bool birth = false;
		for (size_t k = 0; k < x->words.n && !birth; k++)
			birth = !strcmp(x->words.w[k], "birth") || !strcmp(x->words.w[k], "dob");
		if (!birth || !is_date_term(x))
			continue;
		if (found >= 0)
			return -1;
		found = (int32_t)d;
	}
	return found;
}

/* The time from `start` to the date named at *j ("as of D", "on D") or,
 * unnamed, the only other date; NULL (reported) if there is none. */
static expr *age_since(parser *p, uint32_t *i, uint32_t s, uint32_t aux, uint32_t *j,
                       uint32_t end, int32_t start, duration_unit u)
{
	expr *until;
	if (match(p, *j, end, "as of") || is_w(p, *j, end, "on") || is_w(p, *j, end, "at")) {
		*j += match(p, *j, end, "as of") ? 2 : 1;
		until = parse_value(p, j, end, 0);
	} else {
		int32_t on = only_other_date(p, start);
		if (on < 0) {
			perr(p, s, *j - 1, "say on which date, e.g. '... on the application date'",
			     "'%s' needs the date the age is measured on", slice_of(p, s, *j - 1));
			*i = *j;
			return NULL;
		}
		until = expr_ref(p->c, (uint32_t)on, span_of(p, s, *j - 1));
	}
	if (!until)
		return NULL;
	expr *from = expr_ref(p->c, (uint32_t)start, span_of(p, s, aux - 1));
	expr *el = from ? expr_binary(p->c, E_ELAPSED, from, until, span_of(p, s, *j - 1)) : NULL;
	if (!el)
		return NULL;
	el->unit = u;
	el->type = POLICY_TYPE_DURATION;
	el->text = slice_of(p, s, aux - 1);
	return el;
}

/* "the applicant is between 18 and 65 (years old)": both ends included. */
static expr *age_between(parser *p, uint32_t *i, uint32_t s, uint32_t aux, uint32_t k,
                         uint32_t end, int32_t born)
{
	uint32_t at = k + 1, cl1, cl2;
	int64_t lo = count_at(p, at, end, &cl1);
	if (lo < 0 || !is_w(p, at + cl1, end, "and"))
		return NULL;
	uint32_t hi_at = at + cl1 + 1;
	int64_t hi = count_at(p, hi_at, end, &cl2);
	if (hi < 0)
		return NULL;
	uint32_t j = hi_at + cl2;
	duration_unit u = UNIT_YEARS;
	if (is_unit_word(tw(p, j), &u))
		j++;
	j += is_w(p, j, end, "old") ? 1 : match(p, j, end, "of age");
	expr *el = age_since(p, i, s, aux, &j, end, born, u);
	expr *a = expr_const(p->c, value_duration(lo, u), span_of(p, at, at + cl1 - 1),
	                     slice_of(p, at, at + cl1 - 1));
	expr *b = expr_const(p->c, value_duration(hi, u), span_of(p, hi_at, hi_at + cl2 - 1),
	                     slice_of(p, hi_at, hi_at + cl2 - 1));
	if (!el || !a || !b)
		return NULL;
	expr *args[3] = { el, a, b };
	expr *e = expr_nary(p->c, E_BETWEEN, args, 3, span_of(p, aux, j - 1));
	if (e) {
		e->type = POLICY_TYPE_BOOLEAN;
		e->text = "is between";
	}
	*i = j;
	return e;
}

/* "the business is less than two years old on the application date", "the
 * applicant must be at least 18 years of age", "the applicant is younger
 * than 21": the age of a thing, from its start date to a date. */
static expr *age_atom(parser *p, uint32_t *i, uint32_t end)
{
	static const char *const cops[] = { "is", "was", "are", "must be", "should be",
	                                    "shall be", "has to be", "needs to be" };
	uint32_t s = *i, k = s;
	while (k < end && k < s + MAX_TERM_WORDS && p->tk[k].kind == T_WORD &&
	       !is_aux_word(p->tk[k].low) && !is_np_stop_word(p->tk[k].low))
		k++;
	uint32_t cop = 0;
	for (size_t c = 0; c < sizeof cops / sizeof cops[0] && !cop; c++)
		cop = match(p, k, end, cops[c]);
	if (k == s || !cop)
		return NULL;
	uint32_t aux = k;
	k += cop;
	int32_t born = is_person_subject(p, s, aux) ? birth_date_term(p) : -1;
	if (is_w(p, k, end, "between") && born >= 0)
		return age_between(p, i, s, aux, k, end, born);
	cmp_op cmp = CMP_EQ;
	const char *phrase = "is";
	cmp_phrase(p, &k, end, aux, &cmp, &phrase);
	bool comparative = phrase_has(p, aux, k, "older", "younger");
	uint32_t cl;
	int64_t n = count_at(p, k, end, &cl);
	if (n < 0)
		return NULL;
	duration_unit u = UNIT_YEARS;
	uint32_t unit_at = k + cl, j = unit_at;
	if (is_unit_word(tw(p, unit_at), &u))
		j++;
	else
		unit_at--; /* "younger than 21": years */
	bool aged = is_w(p, j, end, "old") || match(p, j, end, "of age");
	j += is_w(p, j, end, "old") ? 1 : match(p, j, end, "of age");
	if (cmp == CMP_EQ && (match(p, j, end, "or older") || match(p, j, end, "or younger"))) {
		/* "70 or older" */
		cmp = is_w(p, j + 1, end, "older") ? CMP_GE : CMP_LE;
		phrase = cmp == CMP_GE ? "is at least" : "is at most";
		comparative = true;
		j += 2;
	}
	if (!aged && !comparative && born < 0)
		return NULL; /* "is over 69" is an age only of a person */
	int32_t own = defined_age_of(p, s, aux);
	if (own >= 0) {
		/* "The driver's age is ..." defined it: that age, not another */
		expr *r = expr_ref(p->c, (uint32_t)own, span_of(p, s, aux - 1));
		expr *dur = expr_const(p->c, value_duration(n, u), span_of(p, k, unit_at),
		                       slice_of(p, k, unit_at));
		if (!r || !dur)
			return NULL;
		r->text = p->c->defs[own].name;
		*i = j;
		return expr_cmp(p->c, cmp, r, dur, span_of(p, aux, unit_at), phrase);
	}
	int32_t start = start_date_of(p, s, aux);
	if (start < 0)
		start = born;
	if (start < 0)
		return NULL;
	expr *el = age_since(p, i, s, aux, &j, end, start, u);
	if (!el)
		return NULL;
	expr *dur = expr_const(p->c, value_duration(n, u), span_of(p, k, unit_at),
	                       slice_of(p, k, unit_at));
	*i = j;
	return expr_cmp(p->c, cmp, el, dur, span_of(p, aux, unit_at), phrase);
}

/* The date term named by an event's verb: "purchased" for the purchase
 * date, "filed" for the filing date; -1 unless exactly one. */
static int32_t date_of_event(parser *p, uint32_t verb)
{
	wordlist v;
	const token *t = &p->tk[verb];
	if (!words_split(p->c->a, t->text, t->len, WORDS_CONTENT | WORDS_CANON, &v) || v.n != 1)
		return -1;
	int32_t found = -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		wordlist w;
		if (!is_date_term(x) || !words_split(p->c->a, x->name, strlen(x->name),
		                                     WORDS_CONTENT | WORDS_CANON, &w))
			continue;
		bool has = false;
		for (size_t k = 0; k < w.n && !has; k++)
			has = !strcmp(w.w[k], v.w[0]);
		if (!has)
			continue;
		if (found >= 0)
			return -1;
		found = (int32_t)d;
	}
	return found;
}

bool names_event_date(parser *p, uint32_t verb, uint32_t end)
{
	op_match m;
	return op_at(p, verb + 1, end, true, &m) && (m.kind == PK_CMP || m.kind == PK_WITHIN) &&
	       date_of_event(p, verb) >= 0;
}

/* "the request may not be submitted more than 14 days after the pay period
 * end date", "the claim was reported within 30 days of the date of loss":
 * the event's date (the submission date, the report date), compared. */
static expr *event_date_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
{
	uint32_t s = *i, k = s;
	while (k < end && k < s + MAX_TERM_WORDS && p->tk[k].kind == T_WORD &&
	       !is_aux_word(p->tk[k].low) && !is_np_stop_word(p->tk[k].low) &&
	       strcmp(p->tk[k].low, "cannot"))
		k++;
	if (k == s || k >= end)
		return NULL;
	bool neg = false, be = false;
	uint32_t v = k;
	for (; v < end && v < k + 5 && p->tk[v].kind == T_WORD; v++) {
		const char *w = p->tk[v].low;
		if (!strcmp(w, "not") || !strcmp(w, "never") || !strcmp(w, "cannot"))
			neg = !neg;
		else if (!strcmp(w, "be") || !strcmp(w, "is") || !strcmp(w, "was") ||
		         !strcmp(w, "are") || !strcmp(w, "were") || !strcmp(w, "been"))
			be = true;
		else if (!is_aux_word(w))
			break;
	}
	if (!be || v >= end || p->tk[v].kind != T_WORD)
		return NULL;
	op_match m;
	if (!op_at(p, v + 1, end, true, &m) || (m.kind != PK_CMP && m.kind != PK_WITHIN))
		return NULL;
	int32_t d = date_of_event(p, v);
	if (d < 0)
		return NULL;
	expr *subject = expr_ref(p->c, (uint32_t)d, span_of(p, s, v));
	if (!subject)
		return NULL;
	subject->text = p->c->defs[d].name;
	uint32_t j = v + 1;
	expr *e = comparison_rest(p, &j, end, subject, 0, 0, &m, subject_out);
	if (!e)
		return NULL;
	*i = j;
	return neg ? expr_not(p->c, e) : e;
}

/* "the property was purchased more than 12 months ago as of the
 * application date": the time from the event's date to a date. */
static expr *event_age_atom(parser *p, uint32_t *i, uint32_t end)
{
	static const char *const auxes[] = { "was", "were", "has been", "have been", "had been" };
	uint32_t s = *i, k = s, al = 0;
	for (; k < end && k < s + MAX_TERM_WORDS && !al; k++) {
		for (size_t a = 0; a < sizeof auxes / sizeof auxes[0] && !al; a++)
			al = match(p, k, end, auxes[a]);
		if (al)
			break;
		if (p->tk[k].kind != T_WORD || is_aux_word(p->tk[k].low) ||
		    is_np_stop_word(p->tk[k].low))
			return NULL;
	}
	if (!al || k == s)
		return NULL;
	uint32_t verb = k + al;
	if (verb >= end || p->tk[verb].kind != T_WORD)
		return NULL;
	uint32_t at = verb + 1;
	op_match m;
	if (!op_at(p, at, end, true, &m) || m.kind != PK_CMP)
		return NULL;
	const char *phrase = slice_of(p, at, at + m.len - 1);
	cmp_op cmp = m.negated ? cmp_negate(m.cmp) : m.cmp;
	at += m.len;
	uint32_t cl;
	int64_t n = count_at(p, at, end, &cl);
	duration_unit u;
	if (n < 0 || !is_unit_word(tw(p, at + cl), &u) || !is_w(p, at + cl + 1, end, "ago"))
		return NULL;
	uint32_t unit_at = at + cl, j = unit_at + 2;
	int32_t start = date_of_event(p, verb);
	if (start < 0)
		return NULL;
	expr *until;
	if (match(p, j, end, "as of") || is_w(p, j, end, "on") || is_w(p, j, end, "at")) {
		j += match(p, j, end, "as of") ? 2 : 1;
		until = parse_value(p, &j, end, 0);
	} else {
		int32_t on = only_other_date(p, start);
		if (on < 0) {
			perr(p, s, j - 1, "say on which date, e.g. '... ago as of the application date'",
			     "'%s' needs the date it is measured on", slice_of(p, s, j - 1));
			*i = j;
			return NULL;
		}
		until = expr_ref(p->c, (uint32_t)on, span_of(p, s, j - 1));
	}
	expr *from = expr_ref(p->c, (uint32_t)start, span_of(p, s, verb));
	expr *el = from && until ? expr_binary(p->c, E_ELAPSED, from, until, span_of(p, s, j - 1))
	                         : NULL;
	expr *dur = expr_const(p->c, value_duration(n, u), span_of(p, at, unit_at),
	                       slice_of(p, at, unit_at));
	if (!el || !dur)
		return NULL;
	el->unit = u;
	el->type = POLICY_TYPE_DURATION;
	el->text = slice_of(p, s, verb);
	*i = j;
	return expr_cmp(p->c, cmp, el, dur, span_of(p, verb + 1, unit_at + 1), phrase);
}

/* "the business has been operating for less than two years as of the
 * application date". */
static expr *tenure_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, k = s, aux = NONE;
	for (; k < end && k < s + MAX_TERM_WORDS; k++) {
		if (match(p, k, end, "has been") || match(p, k, end, "have been")) {
			aux = k;
			break;
		}
		if ((is_w(p, k, end, "has") || is_w(p, k, end, "have")) && k > s) {
			aux = k;
			break;
		}
		if (p->tk[k].kind != T_WORD || is_np_stop_word(p->tk[k].low))
			return NULL;
	}
	if (aux == NONE || aux == s)
		return NULL;
	uint32_t f = aux + 1;
	while (f < end && f < aux + 6 && !is_w(p, f, end, "for"))
		f++;
	if (!is_w(p, f, end, "for"))
		return NULL;
	uint32_t k2 = f + 1;
	cmp_op cmp = CMP_GE;
	const char *phrase = "for at least";
	cmp_phrase(p, &k2, end, k2, &cmp, &phrase);
	uint32_t cl;
	int64_t n = count_at(p, k2, end, &cl);
	duration_unit u;
	if (n < 0 || !is_unit_word(tw(p, k2 + cl), &u))
		return NULL;
	uint32_t unit_at = k2 + cl;
	uint32_t k3 = unit_at + 1;
	expr *until;
	if (match(p, k3, end, "as of") || match(p, k3, end, "at the time of")) {
		k3 += match(p, k3, end, "as of") ? 2 : 4;
		until = parse_value(p, &k3, end, 0);
		if (!until)
			return NULL;
	} else if (is_w(p, k3, end, "on") || is_w(p, k3, end, "at") || is_w(p, k3, end, "by")) {
		k3++;
		until = parse_value(p, &k3, end, 0);
		if (!until)
			return NULL;
	} else {
		perr(p, s, unit_at, "say when, e.g. '... as of the application date'",
		     "'%s' needs the date it is measured on", slice_of(p, s, unit_at));
		return NULL;
	}
	int32_t start = start_date_of(p, s, aux);
	if (start < 0) {
		if (!quiet(p))
			diag_error(p->c, span_of(p, s, aux - 1),
			           "extract the date it began, e.g. 'the business start date'",
			           "I can't tell which date '%s' counts from", slice_of(p, s, aux - 1));
		return NULL;
	}
	expr *from = expr_ref(p->c, (uint32_t)start, span_of(p, s, aux - 1));
	expr *el = expr_binary(p->c, E_ELAPSED, from, until, span_of(p, s, k3 - 1));
	if (!el)
		return NULL;
	el->unit = u;
	el->type = POLICY_TYPE_DURATION;
	el->text = slice_of(p, s, f - 1);
	expr *dur = expr_const(p->c, value_duration(n, u), span_of(p, k2, unit_at),
	                       slice_of(p, k2, unit_at));
	*i = k3;
	return expr_cmp(p->c, cmp, el, dur, span_of(p, f, unit_at), phrase);
}

/* "a credit score below 620", "an annual income of at least $50,000", "a
 * score of 680 or higher": a term someone has, compared. After "has" (see
 * possession_atom) and in qualifiers ("applications with ..."). */
static expr *held_comparison(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
{
	uint32_t t = *i;
	if (is_w(p, t, end, "a") || is_w(p, t, end, "an") || is_w(p, t, end, "the") ||
	    is_w(p, t, end, "its") || is_w(p, t, end, "their"))
		t++;
	uint32_t tl;
	int32_t d = match_term(p, t, end, false, &tl);
	if (d < 0)
		return NULL;
	uint32_t at = t + tl;
	op_match m;
	if (is_w(p, at, end, "of") && op_at(p, at + 1, end, false, &m)) {
		at++;
	} else if (is_w(p, at, end, "of")) {
		/* "a credit score of 680 or higher": "of" says "is" */
		m = (op_match){ .len = 1, .kind = PK_EQ, .cmp = CMP_EQ, .phrase_first = at };
	} else if (!op_at(p, at, end, true, &m)) { /* "a score below 620": no verb */
		return NULL;
	}
	expr *subject = expr_ref(p->c, (uint32_t)d, span_of(p, t, t + tl - 1));
	/* "the credit score 650" in explanations, whatever article was written */
	const char *words = slice_of(p, t, t + tl - 1);
	char *named = words ? arena_alloc(p->c->a, strlen(words) + 5) : NULL;
	if (!subject || !named) {
		p->c->nomem = true;
		return NULL;
	}
	sprintf(named, "the %s", words);
	subject->text = named;
	*i = at;
	return comparison_rest(p, i, end, subject, 0, 0, &m, subject_out);
}

/* "more than two at-fault accidents" after "has": the policy's number of
 * at-fault accidents, compared. */
static expr *held_count(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	op_match m;
	if (!op_at(p, k, end, true, &m) || m.kind != PK_CMP)
		return NULL;
	uint32_t at = k + m.len, cl;
	int64_t n = count_at(p, at, end, &cl);
	if (n < 0)
		return NULL;
	uint32_t np = at + cl, ne = np;
	while (ne < end && !clause_boundary(p, ne, end))
		ne++;
	if (ne == np)
		return NULL;
	const char *words = slice_of(p, np, ne - 1);
	size_t wl = words ? strlen(words) : 0;
	char *named = words ? arena_alloc(p->c->a, wl + 11) : NULL;
	if (!named) {
		p->c->nomem = true;
		return NULL;
	}
	memcpy(named, "number of ", 10);
	memcpy(named + 10, words, wl + 1);
	char *key = words_key(p->c->a, named, wl + 10);
	int32_t d = key ? term_find_key(p->c, key) : -1;
	if (d < 0)
		return NULL;
	expr *subject = expr_ref(p->c, (uint32_t)d, span_of(p, np, ne - 1));
	expr *count = expr_const(p->c, value_count(n), span_of(p, at, at + cl - 1),
	                         slice_of(p, at, at + cl - 1));
	if (!subject || !count)
		return NULL;
	subject->text = p->c->defs[d].name;
	*i = ne;
	cmp_op cmp = m.negated ? cmp_negate(m.cmp) : m.cmp;
	return expr_cmp(p->c, cmp, subject, count, span_of(p, k, ne - 1),
	                slice_of(p, k, k + m.len - 1));
}

/* "there were fewer than two late payments in the last twelve months": the
 * policy's number of late payments ..., compared. */
static expr *there_are_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	if (!is_w(p, k, end, "there"))
		return NULL;
	k++;
	bool neg = false;
	while (k < end && p->tk[k].kind == T_WORD &&
	       (is_aux_word(p->tk[k].low) || is_w(p, k, end, "not"))) {
		neg ^= is_w(p, k, end, "not");
		k++;
	}
	if (k == *i + 1)
		return NULL;
	expr *e = held_count(p, &k, end);
	if (!e)
		return NULL;
	*i = k;
	return neg ? expr_not(p->c, e) : e;
}

/* "the applicant has a credit score below 620", "the borrower must have a
 * credit score of at least 680", "the property does not have a value of
 * $1M or more": a comparison of the term after "has", whoever has it. */
static expr *possession_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
{
	static const char *const verbs[] = {
		"has", "have", "had", "must have", "shall have", "should have", "will have",
		"does not have", "do not have", "did not have", "must not have",
	};
	uint32_t s = *i, h = s + 1, n = 0;
	size_t which = 0;
	for (; h < end && h < s + MAX_TERM_WORDS && !n; h++) {
		if (p->tk[h].kind != T_WORD)
			return NULL;
		for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
			uint32_t x = match(p, h, end, verbs[v]);
			if (x > n) {
				n = x;
				which = v;
			}
		}
		if (!n && (is_aux_word(p->tk[h].low) || is_np_stop_word(p->tk[h].low)))
			return NULL;
	}
	if (!n)
		return NULL;
	uint32_t k = h - 1 + n;
	expr *e = held_comparison(p, &k, end, subject_out);
	if (!e && !p->c->nomem)
		e = held_count(p, &k, end);
	if (!e)
		return NULL;
	*i = k;
	return strstr(verbs[which], "not") ? expr_not(p->c, e) : e;
}

static bool is_value_term(const def *x)
{
	return x->key && (x->kind == POLICY_STEP_COMPUTE || x->kind == POLICY_STEP_EXTRACT ||
	                  x->kind == POLICY_STEP_LOOKUP);
}

/* The one value term `e` reads (into *found); false if it reads two. */
static bool one_term_in(const parser *p, const expr *e, int32_t *found, unsigned depth)
{
	if (!e || depth > 32)
		return true;
	if (e->op == E_REF && e->step < p->c->ndefs && is_value_term(&p->c->defs[e->step])) {
		if (*found >= 0 && *found != (int32_t)e->step)
			return false;
		*found = (int32_t)e->step;
	}
	for (uint32_t a = 0; a < e->nargs; a++)
		if (!one_term_in(p, e->args[a], found, depth + 1))
			return false;
	return true;
}

/* "The debt-to-income ratio is ... . It must not exceed 43%.", "The DTI
 * must be below 43%. If it exceeds 50%, ...": "it" is the one value the
 * sentence before defined, extracted or looked up, or else the one value
 * it compared. */
static int32_t it_refers_to(const parser *p)
{
	uint32_t before = p->cur;
	while (before-- > 0 && p->s[before].parent != p->s[p->cur].parent)
		;
	if (before == NONE)
		return -1;
	int32_t defined = -1, read = -1;
	bool one_read = true;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if (x->sentence_index != before)
			continue;
		if (is_value_term(x)) {
			if (defined >= 0)
				return -1;
			defined = (int32_t)d;
		} else if (one_read) {
			one_read = one_term_in(p, x->value, &read, 0) && one_term_in(p, x->guard, &read, 0);
		}
	}
	if (defined >= 0)
		return defined;
	return one_read ? read : -1;
}

/* "reimburse the total course cost provided that it does not exceed the
 * remaining benefit": the one value named earlier in the sentence. */
static int32_t it_in_clause(parser *p, uint32_t it)
{
	int32_t found = -1;
	for (uint32_t k = 0; k < it; k++) {
		uint32_t tl;
		int32_t d = match_term(p, k, it, false, &tl);
		if (d < 0 || !is_value_term(&p->c->defs[d]))
			continue;
		if (found >= 0 && found != d)
			return -1;
		found = d;
		k += tl - 1;
	}
	return found;
}

static expr *comparison_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
{
	uint32_t s = *i;
	op_match m;
	if (is_w(p, s, end, "it") && op_at(p, s + 1, end, false, &m)) {
		int32_t d = it_in_clause(p, s);
		if (d < 0)
			d = it_refers_to(p);
		if (d < 0) {
			perr(p, s, s, "name the value instead of 'it'",
			     "I can't tell what '%s' refers to", slice_of(p, s, s));
			*i = s + 1;
			return NULL;
		}
		expr *subject = expr_ref(p->c, (uint32_t)d, span_of(p, s, s));
		char *named = subject ? arena_alloc(p->c->a, strlen(p->c->defs[d].name) + 5) : NULL;
		if (!named) {
			p->c->nomem = true;
			return NULL;
		}
		sprintf(named, "the %s", p->c->defs[d].name);
		subject->text = named;
		*i = s + 1;
		return comparison_rest(p, i, end, subject, 0, 0, &m, subject_out);
	}
	/* "the claimed amount plus $50 exceeds ...": a computed subject */
	uint32_t al;
	if (match_term(p, s, end, false, &al) >= 0 && is_arith_word(p, s + al, end)) {
		uint32_t k = s;
		expr *v = parse_value(p, &k, end, 0);
		if (v && op_at(p, k, end, false, &m)) {
			*i = k;
			return comparison_rest(p, i, end, v, 0, 0, &m, subject_out);
		}
		return NULL;
	}
	/* A term at the start, longest first, followed by a phrase. */
	uint32_t tl = 0;
	int32_t d = -1;
	uint32_t max = end - s < MAX_TERM_WORDS ? end - s : MAX_TERM_WORDS;
	for (uint32_t l = max; l >= 1; l--) {
		uint32_t ml;
		int32_t x = match_term(p, s, s + l, false, &ml);
		if (x < 0)
			break;
		if (op_at(p, s + ml, end, false, &m)) {
			d = x;
			tl = ml;
			break;
		}
		l = ml; /* try shorter matches below this one */
	}
	if (d < 0) {
		/* A value construct as the subject: "the sum of ... exceeds". */
		uint32_t k = s;
		expr *v = construct(p, &k, end);
		if (v && op_at(p, k, end, false, &m)) {
			*i = k;
			return comparison_rest(p, i, end, v, 0, 0, &m, subject_out);
		}
		if (p->c->nomem)
			return NULL;
		/* The words before the first comparison phrase. */
		for (uint32_t j = s + 1; j < end; j++) {
			if (clause_boundary(p, j, end))
				break;
			if (op_at(p, j, end, false, &m)) {
				*i = j;
				return comparison_rest(p, i, end, NULL, s, j, &m, subject_out);
			}
		}
		return NULL;
	}
	expr *subject = expr_ref(p->c, (uint32_t)d, span_of(p, s, s + tl - 1));
	if (!subject)
		return NULL;
	subject->text = slice_of(p, s, s + tl - 1);
	*i = s + tl;
	return comparison_rest(p, i, end, subject, 0, 0, &m, subject_out);
}

/* A yes/no term with "not" (or "never") in it: its key without the
 * negation matches the term. */
static int32_t match_denied_term(parser *p, uint32_t i, uint32_t end, uint32_t *len, bool *negated)
{
	uint32_t e = i;
	unsigned nots = 0;
	while (e < end && !clause_boundary(p, e, end) && e - i < MAX_TERM_WORDS) {
		nots += is_w(p, e, end, "not") || is_w(p, e, end, "never");
		e++;
	}
	if (!nots)
		return -1;
	for (uint32_t l = e - i; l >= 1; l--) {
		if (!clause_boundary(p, i + l, end))
			continue;
		buf b;
		buf_init(&b, &p->c->a->m);
		unsigned n = 0;
		for (uint32_t k = i; k < i + l; k++) {
			const token *t = &p->tk[k];
			if (t->kind != T_WORD || is_aux_word(t->low))
				continue;
			if (!strcmp(t->low, "not") || !strcmp(t->low, "never")) {
				n++;
				continue;
			}
			if (b.len)
				buf_putc(&b, ' ');
			buf_append(&b, t->text, t->len);
		}
		const char *text = buf_cstr(&b);
		char *key = text ? words_key(p->c->a, text, b.len) : NULL;
		buf_release(&b);
		if (!key) {
			p->c->nomem = true;
			return -1;
		}
		int32_t d = term_find_key(p->c, key);
		if (d >= 0 && p->c->defs[d].type == POLICY_TYPE_BOOLEAN && n) {
			*len = l;
			*negated = n % 2 == 1;
			return d;
		}
	}
	return -1;
}

static bool clause_has_judgment(const parser *p, uint32_t i, uint32_t end)
{
	for (; i < end && !clause_boundary(p, i, end); i++)
		if (p->tk[i].kind == T_WORD && is_judgment_word(p->tk[i].low))
			return true;
	return false;
}

/* "any appraised value is below the loan amount", "every appraisal date is
 * within 120 days of the application date", "no cash amount exceeds
 * $10,000": a comparison on each value of a field read from each document. */
static expr *quantified_atom(parser *p, uint32_t *i, uint32_t end)
{
	static const struct {
		const char *w;
		expr_op op;
		bool negate;
	} qs[] = {
		{ "at least one of the", E_ANY, false }, { "at least one", E_ANY, false },
		{ "any of the", E_ANY, false }, { "any", E_ANY, false },
		{ "each of the", E_ALL, false }, { "every one of the", E_ALL, false },
		{ "all of the", E_ALL, false }, { "all", E_ALL, false }, { "each", E_ALL, false },
		{ "every", E_ALL, false }, { "none of the", E_ANY, true }, { "no", E_ANY, true },
	};
	uint32_t s = *i;
	for (size_t q = 0; q < sizeof qs / sizeof qs[0]; q++) {
		uint32_t n = match(p, s, end, qs[q].w), tl;
		int32_t d;
		if (!n || (d = match_term(p, s + n, end, false, &tl)) < 0 || !p->c->defs[d].each)
			continue;
		op_match m;
		uint32_t k = s + n + tl;
		if (!op_at(p, k, end, false, &m))
			return NULL;
		expr *subject = expr_ref(p->c, (uint32_t)d, span_of(p, s + n, k - 1));
		if (!subject)
			return NULL;
		subject->text = slice_of(p, s + n, k - 1);
		expr *cmp = comparison_rest(p, &k, end, subject, 0, 0, &m, NULL);
		if (!cmp)
			return NULL;
		expr *e = expr_unary(p->c, qs[q].op, cmp, span_of(p, s, k - 1));
		if (!e)
			return NULL;
		e->step = (uint32_t)d;
		e->type = POLICY_TYPE_BOOLEAN;
		e->text = slice_of(p, s, k - 1);
		*i = k;
		return qs[q].negate ? expr_not(p->c, e) : e;
	}
	return NULL;
}

static expr *cond_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
{
	uint32_t s = *i;
	*subject_out = NULL;
	expr *e;
	if ((e = group_atom(p, i, end)) || p->c->nomem || *i != s)
		return e;
	if ((e = quantified_atom(p, i, end)) || *i != s || p->c->nomem)
		return e;
	if ((e = anaphor(p, i, end)) || *i != s)
		return e;
	/* "the candidate has a recent conviction", named by the policy, is
	 * that condition, not a value the candidate has */
	uint32_t pl;
	bool denied = false;
	int32_t named = -1;
	if (p->c->npredicates) {
		named = match_term(p, s, end, true, &pl);
		if (named < 0)
			named = match_denied_term(p, s, end, &pl, &denied);
	}
	if (named < 0 || !p->c->defs[named].is_predicate) {
		if ((e = tenure_atom(p, i, end)) || *i != s)
			return e;
		if ((e = event_age_atom(p, i, end)) || *i != s)
			return e;
		if ((e = event_date_atom(p, i, end, subject_out)) || *i != s || p->c->nomem)
			return e;
		if ((e = age_atom(p, i, end)) || *i != s)
			return e;
		if ((e = absence_atom(p, i, end)) || *i != s)
			return e;
		if ((e = possession_atom(p, i, end, subject_out)) || *i != s || p->c->nomem)
			return e;
		if ((e = there_are_atom(p, i, end)) || *i != s || p->c->nomem)
			return e;
	}
	if (p->verbless && ((e = held_comparison(p, i, end, subject_out)) || *i != s || p->c->nomem))
		return e;
	/* A yes/no term or named condition standing alone, or denied: "the
	 * applicant does not use tobacco", "conservative therapy was not
	 * tried". */
	uint32_t tl;
	bool negated = false;
	int32_t d = match_term(p, s, end, true, &tl);
	if (d < 0)
		d = match_denied_term(p, s, end, &tl, &negated);
	if (d >= 0) {
		*i = s + tl;
		e = expr_ref(p->c, (uint32_t)d, span_of(p, s, s + tl - 1));
		if (e)
			e->text = slice_of(p, s, s + tl - 1);
		return negated ? expr_not(p->c, e) : e;
	}
	if ((e = presence_atom(p, i, end)) || *i != s)
		return e;
	size_t errors = p->c->diags->count;
	if (clause_has_judgment(p, s, end)) {
		/* Judgment only where no deterministic reading exists. */
		bool was = p->trial;
		p->trial = true;
		uint32_t j = s;
		e = comparison_atom(p, &j, end, subject_out);
		p->trial = was;
		error_truncate(p->c->diags, errors);
		if (e && clause_boundary(p, j, end)) {
			*i = j;
			return e;
		}
		*subject_out = NULL;
		if ((e = judgment_atom(p, i, end)) || p->c->diags->count != errors || p->c->nomem)
			return e;
	}
	if ((e = comparison_atom(p, i, end, subject_out)) || p->c->diags->count != errors ||
	    p->c->nomem)
		return e;
	/* Nothing fits: report the clause. */
	uint32_t k = s;
	while (k < end && !clause_boundary(p, k, end))
		k++;
	if (k == s)
		k = s + 1;
	const char *hint = "write a comparison such as 'the claimed amount exceeds $50,000'";
	perr(p, s, k - 1, hint, "I don't understand the condition '%s'", slice_of(p, s, k - 1));
	return NULL;
}

static expr *cond_unary(parser *p, uint32_t *i, uint32_t end, expr **subject)
{
	*subject = NULL;
	if (p->depth >= p->c->max_depth) {
		char lim[16];
		snprintf(lim, sizeof lim, "%u", p->c->max_depth);
		perr(p, *i, *i, "simplify the condition",
		     "the condition is nested deeper than the limit of %s", lim);
		return NULL;
	}
	if (match(p, *i, end, "it is not the case that")) {
		*i += 6;
		p->depth++;
		expr *e = cond_or(p, i, end);
		p->depth--;
		return expr_not(p->c, e);
	}
	if (is_w(p, *i, end, "not") && !clause_boundary(p, *i + 1, end)) {
		(*i)++;
		p->depth++;
		expr *e = cond_unary(p, i, end, subject);
		p->depth--;
		return expr_not(p->c, e);
	}
	if (is_w(p, *i, end, "neither")) {
		uint32_t k = *i + 1;
		p->depth++;
		expr *sa;
		expr *a = cond_unary(p, &k, end, &sa);
		if (a && is_w(p, k, end, "nor")) {
			k++;
			expr *b = cond_unary(p, &k, end, &sa);
			p->depth--;
			*i = k;
			return expr_and(p->c, expr_not(p->c, a), expr_not(p->c, b));
		}
		p->depth--;
		return NULL;
	}
	/* "both the amount ... and ...", but not "both checks pass" */
	if ((is_w(p, *i, end, "either") || is_w(p, *i, end, "both")) &&
	    !is_w(p, *i + 1, end, "of") &&
	    !(*i + 1 < end && p->tk[*i + 1].kind == T_WORD &&
	      is_check_group_noun(p->tk[*i + 1].low)))
		(*i)++;
	return cond_atom(p, i, end, subject);
}

/* "X is on or after A and on or before B": the second comparison's words
 * borrow the first one's verb, so explanations read "is on or before". */
static void lend_verb(parser *p, const expr *first, expr *second)
{
	while (first && first->op == E_AND && first->nargs)
		first = first->args[first->nargs - 1];
	if (!first || first->op != E_CMP || !first->text || second->op != E_CMP || !second->text)
		return;
	size_t n = strcspn(first->text, " ");
	if (!first->text[n])
		return;
	char verb[16];
	if (n >= sizeof verb)
		return;
	memcpy(verb, first->text, n);
	verb[n] = '\0';
	if (!is_aux_word(verb) || !strncmp(second->text, verb, n))
		return;
	buf b;
	buf_init(&b, &p->c->a->m);
	buf_printf(&b, "%s %s", verb, second->text);
	char *t = buf_to_arena(&b, p->c->a);
	buf_release(&b);
	if (t)
		second->text = t;
	else
		p->c->nomem = true;
}

/* "the body part injured is back or neck": after "or", a bare value that
 * the comparison ending `a` ("is back") takes as another one it equals. */
static expr *elided_value(parser *p, expr *a, expr *subject, uint32_t *k, uint32_t end)
{
	expr *last = a;
	while (last && (last->op == E_AND || last->op == E_OR) && last->nargs)
		last = last->args[last->nargs - 1];
	if (!last || last->op != E_CMP || last->cmp != CMP_EQ)
		return NULL;
	uint32_t j = *k;
	for (; j < end && !clause_boundary(p, j, end); j++) {
		op_match m;
		if (is_aux_word(tw(p, j)) || op_at(p, j, end, false, &m))
			return NULL;
	}
	uint32_t tl;
	if (j == *k || match_term(p, *k, j, false, &tl) >= 0)
		return NULL;
	j = *k;
	size_t errors = p->c->diags->count;
	bool was = p->trial;
	p->trial = true;
	expr *v = parse_value(p, &j, end, V_LITERAL);
	p->trial = was;
	error_truncate(p->c->diags, errors);
	if (!v || !clause_boundary(p, j, end))
		return NULL;
	expr *e = expr_cmp(p->c, CMP_EQ, subject, v, span_of(p, *k, j - 1), last->text);
	if (e)
		*k = j;
	return e;
}

/* `x` and the values after it: "is back or neck" is "is back or is neck". */
/* Values from `k` on, one after another with commas, that end with "or"
 * and a last value: "AE, or VE" after "is A,". */
static bool values_end_in_or(parser *p, expr *x, expr *subject, uint32_t k, uint32_t end)
{
	bool found = false;
	size_t errors = p->c->diags->count;
	bool was = p->trial;
	p->trial = true;
	for (unsigned items = 0; items < 64 && k < end; items++) {
		if (!elided_value(p, x, subject, &k, end))
			break;
		bool comma = is_punct(p, k, end, ',');
		if (comma)
			k++;
		if (is_w(p, k, end, "or")) {
			found = true;
			break;
		}
		if (!comma)
			break;
	}
	p->trial = was;
	error_truncate(p->c->diags, errors);
	return found;
}

static expr *with_alternatives(parser *p, expr *x, expr *subject, uint32_t *i, uint32_t end)
{
	while (x && subject) {
		uint32_t k = *i;
		bool comma = is_punct(p, k, end, ',');
		if (comma)
			k++;
		if (is_w(p, k, end, "or"))
			k++;
		else if (!comma || !values_end_in_or(p, x, subject, k, end))
			break;
		expr *v = elided_value(p, x, subject, &k, end);
		if (!v)
			break;
		expr *args[2] = { x, v };
		x = expr_nary(p->c, E_OR, args, 2, x->sp);
		if (x)
			x->type = POLICY_TYPE_BOOLEAN;
		*i = k;
	}
	return x;
}

/* The word that ends a series of conditions starting at `k`, after a
 * comma: "and" for "A, B, and C", "or" for "A, B or C"; NULL when what
 * follows the comma is not such a series. */
static const char *series_connective(parser *p, uint32_t k, uint32_t end)
{
	const char *found = NULL;
	size_t errors = p->c->diags->count;
	bool was = p->trial;
	p->trial = true;
	for (unsigned items = 0; items < 64 && k < end; items++) {
		expr *subject;
		uint32_t j = k;
		expr *e = cond_unary(p, &j, end, &subject);
		e = with_alternatives(p, e, subject, &j, end);
		if (!e || j == k)
			break;
		if (is_punct(p, j, end, ','))
			j++;
		if (is_w(p, j, end, "and") || is_w(p, j, end, "or")) {
			found = is_w(p, j, end, "and") ? "and" : "or";
			break;
		}
		if (j == k || !is_punct(p, j - 1, end, ','))
			break;
		k = j;
	}
	p->trial = was;
	error_truncate(p->c->diags, errors);
	return found;
}

/* A comma at `k` that continues a series of conditions joined by `word`. */
static bool series_comma(parser *p, uint32_t k, uint32_t end, const char *word)
{
	if (!is_punct(p, k, end, ',') || k + 1 >= end)
		return false;
	const char *next = tw(p, k + 1);
	if (!strcmp(next, "and") || !strcmp(next, "or") || !strcmp(next, "but") ||
	    !strcmp(next, "then"))
		return false;
	const char *w = series_connective(p, k + 1, end);
	return w && !strcmp(w, word);
}

/* The named condition "<subject> is <complement>" for a complement said
 * without its subject: "is not timely" after "the claim is covered but",
 * "covered" in "claims that are both covered and timely". Reads an
 * auxiliary and "not" before the complement, up to a clause boundary. */
static expr *complement_atom(parser *p, const char *subject_key, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	bool negated = false;
	while (k < end && p->tk[k].kind == T_WORD &&
	       (is_aux_word(p->tk[k].low) || !strcmp(p->tk[k].low, "not"))) {
		negated ^= !strcmp(p->tk[k].low, "not");
		k++;
	}
	uint32_t j = k;
	while (j < end && !clause_boundary(p, j, end))
		j++;
	if (j == k || !subject_key)
		return NULL;
	char *rest = key_of(p, k, j);
	if (!rest)
		return NULL;
	size_t sl = strlen(subject_key), rl = strlen(rest);
	char *both = arena_alloc(p->c->a, sl + rl + 2);
	if (!both) {
		p->c->nomem = true;
		return NULL;
	}
	memcpy(both, subject_key, sl);
	both[sl] = ' ';
	memcpy(both + sl + 1, rest, rl + 1);
	char *key = words_key(p->c->a, both, sl + rl + 1);
	int32_t d = key ? term_find_key(p->c, key) : -1;
	if (d < 0 || !p->c->defs[d].is_predicate)
		return NULL;
	expr *e = expr_ref(p->c, (uint32_t)d, span_of(p, *i, j - 1));
	if (!e)
		return NULL;
	e->text = slice_of(p, *i, j - 1);
	*i = j;
	return negated ? expr_not(p->c, e) : e;
}

/* The subject of the named condition that ends `a`, as a key. */
static const char *last_predicate_subject(const parser *p, const expr *a)
{
	while (a && (a->op == E_AND || a->op == E_OR || a->op == E_NOT) && a->nargs)
		a = a->args[a->nargs - 1];
	if (!a || a->op != E_REF || a->step >= p->c->ndefs)
		return NULL;
	const def *x = &p->c->defs[a->step];
	return x->is_predicate ? x->alt_key : NULL;
}

/* "claims that are both covered and timely": complements joined by "and"
 * or "or", each a named condition of the subject. */
static expr *complements(parser *p, const char *subject_key, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	while (k < end && p->tk[k].kind == T_WORD && is_aux_word(p->tk[k].low))
		k++;
	if (is_w(p, k, end, "both") || is_w(p, k, end, "either"))
		k++;
	expr *e = complement_atom(p, subject_key, &k, end);
	while (e && k < end) {
		uint32_t j = k;
		if (is_punct(p, j, end, ','))
			j++;
		bool and = is_w(p, j, end, "and") || is_w(p, j, end, "but");
		if (!and && !is_w(p, j, end, "or"))
			break;
		j++;
		expr *b = complement_atom(p, subject_key, &j, end);
		if (!b)
			break;
		if (and) {
			e = expr_and(p->c, e, b);
		} else {
			expr *args[2] = { e, b };
			e = expr_nary(p->c, E_OR, args, 2, e->sp);
			if (e)
				e->type = POLICY_TYPE_BOOLEAN;
		}
		k = j;
	}
	if (e)
		*i = k;
	return e;
}

static expr *cond_and(parser *p, uint32_t *i, uint32_t end)
{
	expr *subject;
	expr *a = cond_unary(p, i, end, &subject);
	a = with_alternatives(p, a, subject, i, end);
	while (a) {
		uint32_t k = *i;
		if (series_comma(p, k, end, "and")) {
			/* "A, B, and C": B is joined as if by "and" */
			k++;
			expr *sub2;
			expr *b = cond_unary(p, &k, end, &sub2);
			subject = sub2;
			b = with_alternatives(p, b, subject, &k, end);
			if (!b)
				return NULL;
			a = expr_and(p->c, a, b);
			*i = k;
			continue;
		}
		if (is_punct(p, k, end, ','))
			k++;
		if (!is_w(p, k, end, "and") && !is_w(p, k, end, "but"))
			break;
		k++;
		if (is_w(p, k, end, "then"))
			break;
		op_match m;
		expr *b = NULL, *sub2 = NULL;
		if (subject && op_at(p, k, end, false, &m) && !is_w(p, k, end, "has")) {
			/* "X is on or after A and on or before B": the same subject,
			 * unless the words after the phrase say otherwise ("... and
			 * more than one deposit slip was submitted"). */
			uint32_t j = k;
			size_t errors = p->c->diags->count;
			bool was_quiet = p->trial;
			p->trial = true;
			b = comparison_rest(p, &j, end, subject, 0, 0, &m, &sub2);
			p->trial = was_quiet;
			if (b && clause_boundary(p, j, end)) {
				k = j;
				lend_verb(p, a, b);
			} else {
				b = NULL;
			}
			error_truncate(p->c->diags, errors);
		}
		if (!b && k < end && p->tk[k].kind == T_WORD && is_aux_word(p->tk[k].low)) {
			/* "the claim is covered but is not timely" */
			uint32_t j = k;
			b = complement_atom(p, last_predicate_subject(p, a), &j, end);
			if (b)
				k = j;
		}
		if (!b) {
			b = cond_unary(p, &k, end, &sub2);
			subject = sub2;
			b = with_alternatives(p, b, subject, &k, end);
		}
		if (!b)
			return NULL;
		a = expr_and(p->c, a, b);
		*i = k;
	}
	return a;
}

/* "the claimed amount is under $100 or over $150": the subject of the
 * comparison that ends `a`, for a phrase that comes without one. */
static expr *last_subject(expr *a)
{
	while (a && (a->op == E_AND || a->op == E_OR) && a->nargs)
		a = a->args[a->nargs - 1];
	return a && a->op == E_CMP && a->args[0]->op == E_REF ? a->args[0] : NULL;
}

static expr *cond_or(parser *p, uint32_t *i, uint32_t end)
{
	expr *a = cond_and(p, i, end);
	while (a) {
		uint32_t k = *i;
		if (series_comma(p, k, end, "or")) {
			k++; /* "A, B, or C" */
			expr *b = cond_and(p, &k, end);
			if (!b)
				return NULL;
			expr *args[2] = { a, b };
			a = expr_nary(p->c, E_OR, args, 2, a->sp);
			if (a)
				a->type = POLICY_TYPE_BOOLEAN;
			*i = k;
			continue;
		}
		if (is_punct(p, k, end, ','))
			k++;
		if (!is_w(p, k, end, "or"))
			break;
		k++;
		op_match m;
		expr *subject = last_subject(a), *b = NULL;
		if (subject && op_at(p, k, end, true, &m) && m.kind != PK_EQ) {
			uint32_t j = k;
			size_t errors = p->c->diags->count;
			bool was = p->trial;
			p->trial = true;
			b = comparison_rest(p, &j, end, subject, 0, 0, &m, NULL);
			p->trial = was;
			error_truncate(p->c->diags, errors);
			if (b && clause_boundary(p, j, end)) {
				lend_verb(p, a, b);
				expr *args[2] = { a, b };
				a = expr_nary(p->c, E_OR, args, 2, a->sp);
				if (a)
					a->type = POLICY_TYPE_BOOLEAN;
				*i = j;
				continue;
			}
		}
		b = cond_and(p, &k, end);
		if (!b)
			return NULL;
		expr *args[2] = { a, b };
		a = expr_nary(p->c, E_OR, args, 2, a->sp);
		if (a)
			a->type = POLICY_TYPE_BOOLEAN;
		*i = k;
	}
	return a;
}

/* Phrases that say where a value comes from, after a complete condition:
 * "based on trailing twelve-month financials", "as shown on the form". */
static bool provenance_tail(const parser *p, uint32_t k, uint32_t end)
{
	static const char *const v[] = { "based on", "according to", "as shown", "as stated",
	                                  "as reported", "as recorded", "as listed", "per",
	                                  "using", "from", "as determined", "as calculated" };
	if (is_punct(p, k, end, ','))
		k++;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (match(p, k, end, v[i]))
			return true;
	return false;
}

expr *parse_condition(parser *p, uint32_t first, uint32_t end)
{
	uint32_t i = first;
	if (first >= end) {
		if (!quiet(p))
			diag_error(p->c, span_of(p, first ? first - 1 : 0, first ? first - 1 : 0),
			           "write the condition", "the condition is missing");
		return NULL;
	}
	expr *e = cond_or(p, &i, end);
	if (!e)
		return NULL;
	if (i < end && provenance_tail(p, i, end))
		i = end;
	if (i < end) {
		perr(p, i, end - 1, "split the sentence, or join conditions with 'and' or 'or'",
		     "I don't understand '%s' after the condition", slice_of(p, i, end - 1));
		return NULL;
	}
	return e;
}

/* "high-cost procedures" naming a set: the value of the one field whose
 * name shares the set's noun ("procedure code") is one of them. */
static bool is_set_def(const def *x)
{
	return x->is_set;
}

/* The one set whose name has every word of [np, end): "an eligible
 * status" for "the eligible policy statuses". */
static int32_t set_named_by(parser *p, uint32_t np, uint32_t end)
{
	const char *text = slice_of(p, np, end - 1);
	wordlist w;
	if (!text || !words_split(p->c->a, text, strlen(text), WORDS_CONTENT, &w) || !w.n)
		return -1;
	return term_with_words(p->c, &w, is_set_def);
}

static expr *set_membership(parser *p, uint32_t np, uint32_t end)
{
	uint32_t tl;
	int32_t set = match_term(p, np, end, false, &tl);
	if (set < 0 || np + tl != end || !p->c->defs[set].is_set)
		set = set_named_by(p, np, end);
	if (set < 0)
		return NULL;
	const def *sd = &p->c->defs[set];
	const char *noun = sd->words.n ? sd->words.w[sd->words.n - 1] : "";
	int32_t field = -1;
	unsigned found = 0;
	for (uint32_t i = 0; i < p->c->ndefs; i++) {
		const def *x = &p->c->defs[i];
		if ((int32_t)i == set || x->is_set || !x->key || x->kind == POLICY_STEP_CHECK ||
		    x->kind == POLICY_STEP_ACTION || x->kind == POLICY_STEP_REQUIRE)
			continue;
		for (size_t w = 0; w < x->words.n; w++)
			if (!strcmp(x->words.w[w], noun)) {
				field = (int32_t)i;
				found++;
				break;
			}
	}
	if (found != 1)
		return NULL;
	expr *subject = expr_ref(p->c, (uint32_t)field, span_of(p, np, end - 1));
	expr *ref = expr_ref(p->c, (uint32_t)set, span_of(p, np, end - 1));
	if (!subject || !ref)
		return NULL;
	subject->text = p->c->defs[field].name;
	ref->text = slice_of(p, np, end - 1);
	expr *e = expr_binary(p->c, E_IN, subject, ref, span_of(p, np, end - 1));
	if (e) {
		e->type = POLICY_TYPE_BOOLEAN;
		e->text = "is one of";
	}
	return e;
}

/* "For construction loans exceeding $5M", "For applicants whose age is
 * between 18 and 65": the cases a scope covers. NULL with no diagnostic
 * means it covers every case ("For all claims"). */
/* The qualifier `a` is the case type `b` with only words that every case
 * has: "new claims", "incoming applications". */
static bool only_adds_new(parser *p, uint32_t np, uint32_t end, const char *a, const char *b)
{
	if (!strstr(a, b))
		return false;
	static const char *const every[] = { "new", "incoming", "submitted", "received", "all",
	                                     "every", "each", "any" };
	wordlist tw_, cw;
	const char *q = slice_of(p, np, end - 1);
	if (!q || !words_split(p->c->a, q, strlen(q), WORDS_CONTENT, &tw_) ||
	    !words_split(p->c->a, b, strlen(b), WORDS_CONTENT, &cw))
		return false;
	for (size_t i = 0; i < tw_.n; i++) {
		bool known = false;
		for (size_t j = 0; j < cw.n && !known; j++)
			known = !strcmp(tw_.w[i], cw.w[j]);
		for (size_t j = 0; j < sizeof every / sizeof every[0] && !known; j++)
			known = !strcmp(tw_.w[i], every[j]);
		if (!known)
			return false;
	}
	return true;
}

/* "non-exempt employees", "fire claims": a value of the one text field
 * whose name has the phrase's last word ("employee classification",
 * "claim type"), "non-" denying it. */
static expr *kind_qualifier(parser *p, uint32_t np, uint32_t end)
{
	if (end - np < 2)
		return NULL;
	const token *head = &p->tk[end - 1];
	wordlist hw;
	if (head->kind != T_WORD ||
	    !words_split(p->c->a, head->text, head->len, WORDS_CONTENT, &hw) || hw.n != 1)
		return NULL;
	int32_t found = -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if ((x->kind != POLICY_STEP_EXTRACT && x->kind != POLICY_STEP_LOOKUP) ||
		    x->words.n < 2 || (x->type != POLICY_TYPE_TEXT && x->type != POLICY_TYPE_NONE))
			continue;
		bool has = false;
		for (size_t k = 0; k < x->words.n && !has; k++)
			has = !strcmp(x->words.w[k], hw.w[0]);
		if (!has)
			continue;
		if (found >= 0)
			return NULL;
		found = (int32_t)d;
	}
	if (found < 0)
		return NULL;
	uint32_t vf = np;
	bool non = false;
	if (is_w(p, vf, end, "non") && is_punct(p, vf + 1, end, '-')) {
		non = true;
		vf += 2;
	} else if (p->tk[vf].kind == T_WORD && !strncmp(tw(p, vf), "non-", 4)) {
		non = true;
	}
	if (vf >= end - 1)
		return NULL;
	const char *text = slice_of(p, vf, end - 2);
	if (!text)
		return NULL;
	if (non && !strncmp(text, "non-", 4))
		text += 4;
	expr *r = expr_ref(p->c, (uint32_t)found, span_of(p, end - 1, end - 1));
	expr *v = expr_const(p->c, value_text(text, strlen(text)), span_of(p, vf, end - 2), text);
	if (!r || !v)
		return NULL;
	r->text = p->c->defs[found].name;
	return expr_cmp(p->c, non ? CMP_NE : CMP_EQ, r, v, span_of(p, np, end - 1),
	                non ? "is not" : "is");
}

/* "participants aged 65 or older", "applicants aged under 21", "members
 * aged 18 to 64": the age of the people named, by the policy's own age or
 * from their date of birth. */
static expr *aged_qualifier(parser *p, uint32_t np, uint32_t end)
{
	uint32_t k = np;
	while (k < end && !is_w(p, k, end, "aged") && !is_w(p, k, end, "age"))
		k++;
	if (k == np || k + 1 >= end)
		return NULL;
	uint32_t at = k + 1;
	cmp_op cmp = CMP_EQ;
	const char *phrase = "is";
	cmp_phrase(p, &at, end, at, &cmp, &phrase);
	uint32_t cl, cl2 = 0;
	int64_t n = count_at(p, at, end, &cl), hi = -1;
	if (n < 0)
		return NULL;
	uint32_t j = at + cl;
	duration_unit u = UNIT_YEARS;
	if (is_unit_word(tw(p, j), &u))
		j++;
	if (cmp == CMP_EQ && (match(p, j, end, "or older") || match(p, j, end, "or over") ||
	                      match(p, j, end, "and over") || match(p, j, end, "and older") ||
	                      match(p, j, end, "or above") || match(p, j, end, "and above"))) {
		cmp = CMP_GE;
		phrase = "is at least";
		j += 2;
	} else if (cmp == CMP_EQ && (match(p, j, end, "or younger") || match(p, j, end, "or under") ||
	                             match(p, j, end, "and under") || match(p, j, end, "or less"))) {
		cmp = CMP_LE;
		phrase = "is at most";
		j += 2;
	} else if (cmp == CMP_EQ && (is_w(p, j, end, "to") || is_w(p, j, end, "through")) &&
	           (hi = count_at(p, j + 1, end, &cl2)) >= 0) {
		j += 1 + cl2;
	} else if (cmp == CMP_EQ) {
		return NULL;
	}
	if (j != end)
		return NULL;
	int32_t own = defined_age_of(p, np, k);
	expr *age;
	if (own >= 0) {
		age = expr_ref(p->c, (uint32_t)own, span_of(p, np, k - 1));
		if (age)
			age->text = p->c->defs[own].name;
	} else {
		int32_t born = birth_date_term(p);
		if (born < 0)
			return NULL;
		uint32_t jj = end;
		age = age_since(p, &jj, np, k, &jj, end, born, u);
	}
	expr *a = expr_const(p->c, value_duration(n, u), span_of(p, at, at + cl - 1), NULL);
	if (!age || !a)
		return NULL;
	if (hi >= 0) {
		expr *b = expr_const(p->c, value_duration(hi, u), span_of(p, j - cl2, j - 1), NULL);
		expr *args[3] = { age, a, b };
		expr *e = b ? expr_nary(p->c, E_BETWEEN, args, 3, span_of(p, k, end - 1)) : NULL;
		if (e) {
			e->type = POLICY_TYPE_BOOLEAN;
			e->text = "is between";
		}
		return e;
	}
	return expr_cmp(p->c, cmp, age, a, span_of(p, k, end - 1), phrase);
}

/* "non-resident applicants" for "An applicant is a non-resident when
 * ...": the named condition whose complement and subject the words say. */
static int32_t described_by(parser *p, uint32_t np, uint32_t end)
{
	char *want = key_of(p, np, end);
	if (!want)
		return -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if (!x->is_predicate || !x->name)
			continue;
		const char *cop = strstr(x->name, " is ");
		size_t cl = 4;
		if (!cop) {
			cop = strstr(x->name, " are ");
			cl = 5;
		}
		if (!cop)
			continue;
		const char *compl = cop + cl;
		size_t sl = (size_t)(cop - x->name), ml = strlen(compl);
		char *both = arena_alloc(p->c->a, sl + ml + 2);
		if (!both) {
			p->c->nomem = true;
			return -1;
		}
		memcpy(both, compl, ml);
		both[ml] = ' ';
		memcpy(both + ml + 1, x->name, sl);
		both[sl + ml + 1] = '\0';
		char *k = words_key(p->c->a, both, sl + ml + 1);
		if (k && !strcmp(k, want))
			return (int32_t)d;
	}
	return -1;
}

expr *parse_scope_qualifier(parser *p, uint32_t first, uint32_t end)
{
	for (uint32_t m = first + 1; m + 1 < end; m++) {
		/* "requests that raise the limit, meaning the requested limit is
		 * higher than the current limit": the words after say it exactly */
		uint32_t n = 0;
		if (is_punct(p, m, end, ',') &&
		    ((n = match(p, m + 1, end, "meaning")) || (n = match(p, m + 1, end, "that is")) ||
		     (n = match(p, m + 1, end, "i.e.")) || (n = match(p, m + 1, end, "namely"))))
			return parse_condition(p, m + 1 + n, end);
	}
	uint32_t k = first;
	while (is_w(p, k, end, "all") || is_w(p, k, end, "any") || is_w(p, k, end, "each") ||
	       is_w(p, k, end, "every") || is_w(p, k, end, "the") || is_w(p, k, end, "a") ||
	       is_w(p, k, end, "an"))
		k++;
	uint32_t np = k;
	for (; k < end; k++) {
		const char *w = tw(p, k);
		if (!strcmp(w, "whose") || !strcmp(w, "where") || !strcmp(w, "with") ||
		    !strcmp(w, "that") || !strcmp(w, "which") || !strcmp(w, "who") ||
		    !strcmp(w, "having") || !strcmp(w, "when") || !strcmp(w, "if")) {
			uint32_t c = k + 1;
			if (!strcmp(w, "with") || !strcmp(w, "having")) {
				/* "loans with a loan-to-value ratio above 80%" */
				bool was = p->verbless;
				p->verbless = true;
				expr *e = parse_condition(p, c, end);
				p->verbless = was;
				return e;
			}
			if (!strcmp(w, "that") || !strcmp(w, "which") || !strcmp(w, "who")) {
				char *subject = key_of(p, np, k);
				uint32_t j = c;
				expr *named = subject ? complements(p, subject, &j, end) : NULL;
				if (named && j == end)
					return named;
				op_match m;
				if (op_at(p, c, end, true, &m)) {
					uint32_t j = c;
					expr *e = comparison_rest(p, &j, end, NULL, np, k, &m, NULL);
					if (e && j < end)
						perr(p, j, end - 1, NULL, "I don't understand '%s' here",
						     slice_of(p, j, end - 1));
					return j == end ? e : NULL;
				}
			}
			return parse_condition(p, c, end);
		}
		op_match m;
		if (k > np && op_at(p, k, end, true, &m) && m.kind == PK_IN &&
		    match_term(p, np, k, false, &(uint32_t){ 0 }) < 0) {
			/* "policies in an eligible status": the status is one of them */
			uint32_t a = k + m.len;
			while (a < end && (is_w(p, a, end, "a") || is_w(p, a, end, "an") ||
			                   is_w(p, a, end, "the")))
				a++;
			expr *in = a < end ? set_membership(p, a, end) : NULL;
			if (in || p->c->nomem)
				return in;
		}
		if (k > np && op_at(p, k, end, true, &m)) {
			uint32_t j = k;
			expr *e = comparison_rest(p, &j, end, NULL, np, k, &m, NULL);
			if (e && j < end) {
				perr(p, j, end - 1, NULL, "I don't understand '%s' in the scope",
				     slice_of(p, j, end - 1));
				return NULL;
			}
			return e;
		}
	}
	/* A bare noun phrase: a yes/no term, a defined set ("For high-cost
	 * procedures:" means the procedure code is one of them), the case
	 * type, or everything. */
	if (np < end) {
		uint32_t tl;
		int32_t d = match_term(p, np, end, true, &tl);
		if (d >= 0 && np + tl == end)
			return expr_ref(p->c, (uint32_t)d, span_of(p, np, end - 1));
		expr *in = set_membership(p, np, end);
		if (in || p->c->nomem)
			return in;

		d = described_by(p, np, end);
		if (d >= 0)
			return expr_ref(p->c, (uint32_t)d, span_of(p, np, end - 1));
		expr *aged = aged_qualifier(p, np, end);
		if (aged || p->c->nomem)
			return aged;
		for (uint32_t k2 = np + 1; k2 + 1 < end; k2++) {
			/* "claims on program crops", "loans for eligible purposes" */
			if (!is_w(p, k2, end, "on") && !is_w(p, k2, end, "for") &&
			    !is_w(p, k2, end, "of") && !is_w(p, k2, end, "involving") &&
			    !is_w(p, k2, end, "covering") && !is_w(p, k2, end, "in"))
				continue;
			uint32_t a = k2 + 1;
			while (a < end && (is_w(p, a, end, "a") || is_w(p, a, end, "an") ||
			                   is_w(p, a, end, "the")))
				a++;
			if (a < end && (in = set_membership(p, a, end)))
				return in;
		}
		expr *kind = kind_qualifier(p, np, end);
		if (kind || p->c->nomem)
			return kind;
		if (p->c->trigger) {
			/* "For new claims": every case; "For fire claims" is not */
			char *a = key_of(p, np, end);
			char *b = words_key(p->c->a, p->c->trigger, strlen(p->c->trigger));
			if (a && b && (!strcmp(a, b) || strstr(b, a) || only_adds_new(p, np, end, a, b)))
				return NULL;
		}
		perr(p, np, end - 1, "say which cases, e.g. 'For loans exceeding $5M, ...'",
		     "I can't tell which cases '%s' covers", slice_of(p, np, end - 1));
	}
	return NULL;
}
