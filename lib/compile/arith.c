/*
 * Values: quantities, terms and the arithmetic over them.
 *
 *   value := product (("plus" | "minus") product)*
 *   product := factor (("times" | "divided by") factor)*
 *   factor := quantity | percent "of" factor | "the sum of" list
 *           | "the difference between" A "and" B | "the ratio of" A "to" B
 *           | "the number of whole years from" D1 "to" D2 | "the number of" docs
 *           | "the greater of" A "and" B | term | words (a literal, where allowed)
 *
 * Every function takes a cursor (*i) and an end, and consumes only what it
 * understands; the statement that called it reports words left unread.
 * Values never contain conditions, so this file calls nothing above it.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/words.h"
#include "compile/arith.h"
#include "compile/inputs.h"
#include "compile/mention.h"
#include "compile/table.h"

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
		parser_error(p, end - 1, end - 1, "name the values, e.g. 'the sum of the cash amounts'", "%s",
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
/* Whether "whole days from ..." / "days between ..." starts at k. */
static bool elapsed_at(const parser *p, uint32_t k, uint32_t end)
{
	while (is_w(p, k, end, "whole") || is_w(p, k, end, "full") || is_w(p, k, end, "complete") ||
	       is_w(p, k, end, "completed") || is_w(p, k, end, "calendar"))
		k++;
	duration_unit u;
	return k < end && is_unit_word(tw(p, k), &u) &&
	       (is_w(p, k + 1, end, "from") || is_w(p, k + 1, end, "between") ||
	        is_w(p, k + 1, end, "since"));
}

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
		parser_error(p, k < end ? k : end - 1, k < end ? k : end - 1,
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

expr *construct(parser *p, uint32_t *i, uint32_t end)
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
				parser_error(p, s, j < end ? j : end - 1, NULL,
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
	if (elapsed_at(p, k, end) && !is_w(p, k, end, "number") && k > s) {
		/* "the whole years between the issue date and the effective date" */
		uint32_t j = k;
		expr *e = elapsed_value(p, &j, end, s);
		if (e) {
			*i = j;
			return e;
		}
	}
	uint32_t counted = match(p, k, end, "number of") ? 2 : match(p, k, end, "count of") ? 2 :
	                   match(p, k, end, "total number of") ? 3 : 0;
	if (counted == 2 && is_w(p, k, end, "count") && !elapsed_at(p, k + 2, end))
		counted = 0; /* "the count of days from A to B" only */
	if (counted) {
		uint32_t j = k + counted;
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

/* "a confirmed match", "a possible match": a value after an article, whose
 * last word is the noun "match", not the verb of a comparison. */
static bool noun_match(const parser *p, uint32_t s, uint32_t k, uint32_t end, unsigned flags)
{
	return (flags & V_LITERAL) && k > s + 1 && k < end && p->tk[k].kind == T_WORD &&
	       (!strcmp(p->tk[k].low, "match") || !strcmp(p->tk[k].low, "hit")) &&
	       (is_w(p, s, end, "a") || is_w(p, s, end, "an")) && np_boundary(p, k + 1, end);
}

/* "the date the employer reported the claim to the carrier": the one date
 * the policy reads whose name's words the description holds (the date
 * reported to the carrier), compared by stems; -1 if none or several. */
static int32_t described_date(parser *p, uint32_t s, uint32_t end, uint32_t *len)
{
	enum { MAX_DESCRIPTION_WORDS = 14 };
	uint32_t f = skip_articles(p, s, end);
	if (!is_w(p, f, end, "date") || f + 2 >= end || p->tk[f + 1].kind != T_WORD)
		return -1;
	uint32_t e = f + 1;
	while (e < end && e < f + MAX_DESCRIPTION_WORDS && !is_punct(p, e, end, ',') &&
	       !is_w(p, e, end, "and") && !is_w(p, e, end, "or") && p->tk[e].kind == T_WORD)
		e++;
	const char *text = slice_of(p, f, e - 1);
	wordlist have;
	if (!text || !words_split(p->c->a, text, strlen(text), WORDS_CONTENT | WORDS_STEM, &have)) {
		p->c->nomem = true;
		return -1;
	}
	int32_t found = -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		wordlist w;
		if (!x->name || x->type != POLICY_TYPE_DATE ||
		    (x->kind != POLICY_STEP_EXTRACT && x->kind != POLICY_STEP_LOOKUP) ||
		    !words_split(p->c->a, x->name, strlen(x->name), WORDS_CONTENT | WORDS_STEM, &w) ||
		    w.n < 3)
			continue; /* "the date the X did Y": a name of its own words */
		bool all = true;
		for (size_t a = 0; a < w.n && all; a++) {
			bool in = false;
			for (size_t b = 0; b < have.n && !in; b++)
				in = !strcmp(w.w[a], have.w[b]);
			all = in;
		}
		if (!all)
			continue;
		if (found >= 0)
			return -1;
		found = (int32_t)d;
	}
	if (found >= 0)
		*len = e - s;
	return found;
}

/* Whether `e` reads def `k` (a table lookup keyed by it). */
static bool reads_def(const expr *e, uint32_t k, unsigned depth)
{
	if (!e || depth > 32)
		return false;
	if (e->op == E_REF && e->step == k)
		return true;
	for (uint32_t a = 0; a < e->nargs; a++)
		if (reads_def(e->args[a], k, depth + 1))
			return true;
	return false;
}

/* "the minimum driver age for the vehicle weight class", where the
 * minimum driver age is defined by a table keyed by the weight class: the
 * words after "for" restate the key. Returns the index past them, or k. */
static uint32_t past_own_key(parser *p, uint32_t d, uint32_t k, uint32_t end)
{
	const expr *v = p->c->defs[d].value;
	if (!v || v->op != E_CASE || !is_w(p, k, end, "for"))
		return k;
	uint32_t f = skip_articles(p, k + 1, end), tl;
	if (f < end && p->tk[f].kind == T_WORD && (is_w(p, f, end, "its") || is_w(p, f, end, "their")))
		f++;
	int32_t key = match_term(p, f, end, false, &tl);
	if (key < 0 || !reads_def(v, (uint32_t)key, 0))
		return k;
	take_words(p, k, f + tl - k);
	return f + tl;
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
		parser_error(p, f, end - 1, hint, "'%s' needs a number or amount after it", slice_of(p, f, end - 1));
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
				parser_error(p, s, s + 1, "write a whole number of days, months or years",
				             "'%s' is not a whole number", slice_of(p, s, s));
				return NULL;
			}
			*i = s + 2;
			if (u == UNIT_YEARS && (is_w(p, s + 2, end, "old") || match(p, s + 2, end, "of age"))) {
				/* "over 75 years old": an age, said of the person */
				uint32_t n_old = is_w(p, s + 2, end, "old") ? 1 : 2;
				take_words(p, s + 2, n_old);
				*i += n_old;
			}
			return duration_const(p, n, u, s, s + 1);
		}
		/* "40 mph", "2,000 sq ft": the unit names what is counted */
		value v = t->val;
		uint32_t after = measure_after(p, s, end, &v);
		expr *c = expr_const(p->c, v, span_of(p, s, after - 1), slice_of(p, s, after - 1));
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
	/* "a quarter of the annual revenue", "two thirds of ...", "one twelfth
	 * of ...": the value times the numerator, divided by the denominator
	 * (exact where a percentage of 8.333...% is not) */
	static const struct {
		const char *word;
		int den;
	} parts[] = {
		{ "half", 2 },     { "halves", 2 },   { "third", 3 },    { "thirds", 3 },
		{ "quarter", 4 },  { "quarters", 4 }, { "fourth", 4 },   { "fourths", 4 },
		{ "fifth", 5 },    { "fifths", 5 },   { "sixth", 6 },    { "sixths", 6 },
		{ "eighth", 8 },   { "eighths", 8 },  { "tenth", 10 },   { "tenths", 10 },
		{ "twelfth", 12 }, { "twelfths", 12 },
	};
	int64_t num = is_w(p, s, end, "a") || is_w(p, s, end, "one") ? 1 : -1;
	uint32_t nl = 1;
	if (num < 0 && t->kind == T_WORD)
		num = count_at(p, s, end, &nl);
	if (is_w(p, s, end, "half") && is_w(p, s + 1, end, "of")) {
		num = 1; /* "half of the claimed amount" */
		nl = 0;
	}
	for (size_t f = 0; num > 0 && num < 12 && f < sizeof parts / sizeof parts[0]; f++) {
		if (!is_w(p, s + nl, end, parts[f].word) || !is_w(p, s + nl + 1, end, "of"))
			continue;
		*i = s + nl + 2;
		expr *base = value_factor(p, i, end, flags & ~V_LITERAL);
		if (!base)
			return NULL;
		span sp = span_of(p, s, *i - 1);
		expr *top = base;
		if (num > 1) {
			expr *n = expr_const(p->c, value_number(decimal_from_int(num)), sp, NULL);
			top = n ? expr_binary(p->c, E_MUL, base, n, sp) : NULL;
		}
		expr *den = expr_const(p->c, value_number(decimal_from_int(parts[f].den)), sp, NULL);
		expr *e = top && den ? expr_binary(p->c, E_DIV, top, den, sp) : NULL;
		if (e)
			e->text = slice_of(p, s, *i - 1);
		return e;
	}
	if ((is_w(p, s, end, "twice") || is_w(p, s, end, "double")) &&
	    (is_w(p, s + 1, end, "the") || match_term(p, s + 1, end, false, &(uint32_t){ 0 }) >= 0)) {
		*i = s + 1;
		expr *base = value_factor(p, i, end, flags & ~V_LITERAL);
		span sp = span_of(p, s, *i - 1);
		expr *two = expr_const(p->c, value_number(decimal_from_int(2)), sp, NULL);
		expr *e = base && two ? expr_binary(p->c, E_MUL, base, two, sp) : NULL;
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
	uint32_t named_len = 0;
	if (count >= 0 && t->kind == T_WORD && match_term(p, s, end, false, &named_len) >= 0 &&
	    named_len > 2)
		count = -1; /* "one month's escrow payment", a term the policy defines */
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
	if (is_w(p, s, end, "it") && np_boundary(p, s + 1, end) && p->c->last_ref >= 0 &&
	    p->c->defs[p->c->last_ref].type == POLICY_TYPE_DATE) {
		/* "after the contract start date but within 30 days of it": the
		 * date just named */
		int32_t d = p->c->last_ref;
		*i = s + 1;
		expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, s, s));
		if (r)
			r->text = p->c->defs[d].name;
		return r;
	}
	/* A term the policy names wins over a reading of its words: "the
	 * number of prior claims" extracted, "the lowest appraised value"
	 * defined. */
	uint32_t tl;
	int32_t d = match_term(p, s, end, false, &tl);
	/* "the maximum in the table below for the loan amount"; "the maximum
	 * LTV for the tier" (no table named) only where no term is named */
	expr *e = table_ref(p, i, end, d < 0);
	if (e || p->c->nomem || *i != s)
		return e;
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
		*i = past_own_key(p, (uint32_t)d, *i, end);
		return e;
	}
	uint32_t ne = s;
	while ((!np_boundary(p, ne, end) || noun_match(p, s, ne, end, flags)) &&
	       !(is_w(p, ne, end, "of") && ne + 1 < end && p->tk[ne + 1].kind == T_QUANTITY))
		ne++;
	if (ne == s) {
		parser_error(p, s, s, NULL, "expected a value here, not '%s'", slice_of(p, s, s));
		return NULL;
	}
	/* "the maximum loan amount of $500,000": a constant with a name */
	if (is_w(p, ne, end, "of") && ne + 1 < end && p->tk[ne + 1].kind == T_QUANTITY) {
		*i = ne + 2;
		return expr_const(p->c, p->tk[ne + 1].val, span_of(p, s, ne + 1),
		                  slice_of(p, s, ne + 1));
	}
	if (flags & V_LITERAL) {
		/* "the policy status was active on the loss date": words that
		 * name a value of the policy after a preposition are no part of
		 * a word to compare with (they once made the value "active on the
		 * loss date", which no status is) */
		for (uint32_t k = s + 1; k + 1 < ne; k++) {
			uint32_t f = skip_articles(p, k + 1, ne), tl2;
			if (!(is_w(p, k, ne, "on") || is_w(p, k, ne, "at") || is_w(p, k, ne, "as") ||
			      is_w(p, k, ne, "before") || is_w(p, k, ne, "after") || is_w(p, k, ne, "by") ||
			      is_w(p, k, ne, "since") || is_w(p, k, ne, "until")) ||
			    f >= ne || match_term(p, f, ne, false, &tl2) < 0)
				continue;
			parser_error(p, s, ne - 1, "say it as a comparison of values, e.g. 'the policy "
			             "effective date is on or before the loss date'",
			             "I can't read '%s' as one value: it names a value of the policy",
			             slice_of(p, s, ne - 1));
			*i = ne;
			return NULL;
		}
		const char *text = slice_of(p, s, ne - 1);
		*i = ne;
		return expr_const(p->c, value_text(text, strlen(text)), span_of(p, s, ne - 1), text);
	}
	uint32_t dl;
	int32_t described = p->declaring ? -1 : described_date(p, s, end, &dl);
	if (described >= 0) {
		*i = s + dl;
		take_words(p, s, dl);
		e = expr_ref(p->c, (uint32_t)described, span_of(p, s, s + dl - 1));
		if (e)
			e->text = p->c->defs[described].name;
		return e;
	}
	if (p->declaring)
		d = declare_np(p, s, ne);
	else
		d = input_resolve(p, s, ne, POLICY_TYPE_NONE);
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
		           (n = match(p, at, end, "*")) ||
		           ((n = match(p, at, end, "x")) && at + 1 < end &&
		            (p->tk[at + 1].kind == T_QUANTITY || is_w(p, at + 1, end, "the") ||
		             match_term(p, at + 1, end, false, &(uint32_t){ 0 }) >= 0))) {
			op = E_MUL; /* "premium hours x hourly rate x 1.5" */
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
		if ((flags & V_IN_SUM) && at > *i)
			break; /* "A plus B, divided by C": the sum's (parse_value) */
		*i = at + n;
		expr *b = value_factor(p, i, end, flags & ~(V_LITERAL | V_IN_SUM));
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

/* "the Medicare rate or the billed charges, whichever is less": the
 * smaller of the two (the larger after "greater", "higher", "more"). The
 * words after `a` are read only when they end so. */
static expr *whichever(parser *p, expr *a, uint32_t s, uint32_t *i, uint32_t end, unsigned flags)
{
	static const struct {
		const char *w;
		expr_op op;
	} ends[] = {
		{ "less", E_MIN }, { "lower", E_MIN }, { "smaller", E_MIN }, { "lesser", E_MIN },
		{ "least", E_MIN }, { "lowest", E_MIN }, { "greater", E_MAX }, { "higher", E_MAX },
		{ "larger", E_MAX }, { "more", E_MAX }, { "greatest", E_MAX }, { "highest", E_MAX },
	};
	if (!is_w(p, *i, end, "or"))
		return a;
	uint32_t w = *i + 1;
	while (w < end && !is_w(p, w, end, "whichever"))
		w++;
	if (w == end)
		return a; /* "or" joins something else: not read here */
	bool was = p->trial;
	p->trial = true;
	size_t errors = p->c->diags->count;
	uint32_t j = *i + 1;
	expr *b = value_product(p, &j, end, flags & ~V_LITERAL);
	p->trial = was;
	error_truncate(p->c->diags, errors);
	if (!b)
		return a;
	j += is_punct(p, j, end, ',');
	if (!match(p, j, end, "whichever is"))
		return a;
	j += 2;
	j += is_w(p, j, end, "the");
	for (size_t v = 0; v < sizeof ends / sizeof ends[0]; v++) {
		if (!is_w(p, j, end, ends[v].w))
			continue;
		j++;
		expr *e = expr_binary(p->c, ends[v].op, a, b, span_of(p, s, j - 1));
		if (e)
			e->text = slice_of(p, s, j - 1);
		*i = j;
		return e;
	}
	return a;
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
		         (is_w(p, at, end, "less") && !is_w(p, at + 1, end, "than") && (n = 1)) ||
		         (is_punct(p, at, end, '-') && at + 1 < end &&
		          (p->tk[at + 1].kind == T_QUANTITY || is_w(p, at + 1, end, "the") ||
		           match_term(p, at + 1, end, false, &(uint32_t){ 0 }) >= 0) && (n = 1)))
			op = E_SUB; /* "scheduled hours - paid leave hours" */
		else if (at > *i && a->op != E_DIV && a->op != E_MUL &&
		         ((n = match(p, at, end, "divided by")) ||
		          (n = match(p, at, end, "multiplied by")) || (n = match(p, at, end, "times")))) {
			/* "the line amount plus the other balances, divided by the
			 * value": the comma closes the sum, which is divided */
			op = is_w(p, at, end, "divided") ? E_DIV : E_MUL;
			*i = at + n;
			expr *b = value_product(p, i, end, flags & ~(V_LITERAL | V_IN_SUM));
			a = expr_binary(p->c, op, a, b, span_of(p, s, *i - 1));
			if (a)
				a->text = slice_of(p, s, *i - 1);
			continue;
		} else
			break;
		*i = at + n;
		expr *b = value_product(p, i, end, (flags & ~V_LITERAL) | V_IN_SUM);
		b = value_series(p, b, i, end, flags & ~V_LITERAL);
		a = expr_binary(p->c, op, a, b, span_of(p, s, *i - 1));
		if (a)
			a->text = slice_of(p, s, *i - 1);
	}
	return a ? whichever(p, a, s, i, end, flags) : NULL;
}

expr *sum_list(parser *p, uint32_t *i, uint32_t end)
{
	return value_list(p, i, end, E_SUM, span_of(p, *i, end - 1));
}
