/*
 * Definition bodies: what "The X is ..." and "X means ..." say X is.
 *
 *   a value        "the loan amount divided by the appraised value",
 *                  "75% of the actual cash value", rounded as the policy says
 *   a set          "the allowed categories are travel, meals and lodging"
 *   an age         "the applicant's age is the number of whole years from the
 *                  date of birth to the application date"
 *   a condition    "<clause> if <condition>"
 *
 * Pass 1 (declare.c) registers the name; the body is read here in pass 2,
 * when every term the body may mention is known.
 */
#include <string.h>

#include "compile/arith.h"
#include "compile/cases.h"
#include "compile/classify.h"
#include "compile/cond.h"
#include "compile/definitions.h"
#include "compile/describe.h"
#include "compile/mention.h"
#include "compile/scope.h"
#include "compile/table.h"
#include "compile/xref.h"

static bool looks_like_set(const parser *p, uint32_t i, uint32_t end)
{
	uint32_t seps = 0;
	for (uint32_t k = i; k < end; k++) {
		const token *t = &p->tk[k];
		if (t->kind == T_PUNCT && t->punct == ',')
			seps++;
		else if (t->kind == T_WORD && (!strcmp(t->low, "and") || !strcmp(t->low, "or")))
			seps++;
		else if (t->kind == T_WORD && !strcmp(t->low, "of") && seps)
			continue; /* "illness, death of a family member, and jury duty" */
		else if (t->kind == T_WORD && (is_aux_word(t->low) || !strcmp(t->low, "of") ||
		                               !strcmp(t->low, "divided") || !strcmp(t->low, "plus") ||
		                               !strcmp(t->low, "minus") || !strcmp(t->low, "times")))
			return false;
	}
	return seps > 0;
}

/* The fraction digits a rounding unit keeps: "cent" 2, "dollar" 0,
 * "thousand" -3, "$100" -2; false if the words are no unit. */
static bool rounding_places(parser *p, uint32_t *k, uint32_t end, int *places)
{
	static const struct {
		const char *w;
		int places;
	} units[] = {
		{ "cent", 2 }, { "penny", 2 }, { "hundredth", 2 }, { "tenth", 1 },
		{ "thousandth", 3 }, { "whole dollar", 0 }, { "whole number", 0 },
		{ "dollar", 0 }, { "integer", 0 }, { "unit", 0 }, { "whole", 0 }, { "ten", -1 },
		{ "hundred", -2 }, { "thousand", -3 },
	};
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		uint32_t n = match(p, *k, end, units[u].w);
		if (!n)
			continue;
		*places = units[u].places;
		*k += n;
		return true;
	}
	const token *t = *k < end ? &p->tk[*k] : NULL;
	if (t && t->kind == T_QUANTITY && type_is_numeric(t->val.type)) {
		/* "$1,000" keeps -3 digits, "0.01" keeps 2 */
		decimal d = decimal_normalize(t->val.u.num);
		int64_t n;
		int kept = d.scale;
		if (decimal_is_integer(d) && decimal_to_int64(d, &n) && n > 0) {
			kept = 0;
			while (n % 10 == 0) {
				n /= 10;
				kept--;
			}
			if (n != 1)
				return false;
		} else if (d.coef != 1) {
			return false;
		}
		*places = kept;
		(*k)++;
		return true;
	}
	return false;
}

/* ", rounded to the nearest cent", "rounded down to the nearest whole
 * dollar", "rounded to two decimal places": `v` rounded as written. */
static expr *rounded(parser *p, expr *v, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	if (is_punct(p, k, end, ','))
		k++;
	if (!is_w(p, k, end, "rounded"))
		return v;
	uint32_t at = k++;
	const char *mode = "nearest";
	if (is_w(p, k, end, "down") || is_w(p, k, end, "up")) {
		mode = is_w(p, k, end, "down") ? "down" : "up";
		k++;
	}
	int places = 0;
	if (is_w(p, k, end, "to")) {
		k++;
		uint32_t cl;
		int64_t n;
		if (is_w(p, k, end, "the"))
			k++;
		if (is_w(p, k, end, "nearest"))
			k++;
		if ((n = count_at(p, k, end, &cl)) >= 0 &&
		    (match(p, k + cl, end, "decimal places") || match(p, k + cl, end, "decimal place") ||
		     match(p, k + cl, end, "places"))) {
			places = (int)(n > 18 ? 18 : n);
			k += cl + (match(p, k + cl, end, "places") ? 1 : 2);
		} else if (!rounding_places(p, &k, end, &places)) {
			diag_error(p->c, span_of(p, at, end - 1),
			           "write e.g. 'rounded to the nearest cent' or 'rounded to two decimal "
			           "places'", "I don't understand '%s'", slice_of(p, at, end - 1));
			*i = end;
			return NULL;
		}
	}
	expr *pl = expr_const(p->c, value_number(decimal_from_int(places)), span_of(p, at, k - 1),
	                      NULL);
	expr *how = expr_const(p->c, value_text(mode, strlen(mode)), span_of(p, at, k - 1), mode);
	expr *args[3] = { v, pl, how };
	expr *e = pl && how ? expr_nary(p->c, E_ROUND, args, 3, span_of(p, *i, k - 1)) : NULL;
	if (e)
		e->text = slice_of(p, at, k - 1);
	*i = k;
	return e;
}

/* The unit in which the policy compares the term `d`: the unit word
 * ("days", "months") within a few words after a mention of its name in
 * another sentence ("the length of service is at least 12 months"). False
 * if there is none, or two different ones. */
static bool unit_of_use(const parser *p, const def *d, duration_unit *unit)
{
	enum { UNIT_WITHIN = 8 };
	bool found = false;
	for (uint32_t si = 0; si < p->ns; si++) {
		const sentence *s = &p->s[si];
		for (uint32_t k = 0; k < s->n; k++) {
			uint32_t j = k, m = 0;
			while (j < s->n && m < d->words.n && s->tk[j].kind == T_WORD) {
				const char *w = s->tk[j].low;
				if (m && (!strcmp(w, "the") || !strcmp(w, "of") || !strcmp(w, "'s"))) {
					j++;
					continue;
				}
				char one[64];
				size_t n = word_singular(w, strlen(w), one, sizeof one);
				if (strcmp(w, d->words.w[m]) && (!n || n >= sizeof one || strcmp(one, d->words.w[m])))
					break;
				j++;
				m++;
			}
			if (m != d->words.n || !m)
				continue;
			for (uint32_t u = j; u < s->n && u < j + UNIT_WITHIN; u++) {
				duration_unit x;
				if (s->tk[u].kind != T_WORD || !is_unit_word(s->tk[u].low, &x))
					continue;
				if (found && x != *unit)
					return false;
				*unit = x;
				found = true;
				break;
			}
		}
	}
	return found;
}

/* "the time from the hire date to the leave start date" (or "the period
 * between ... and ..."): the time between two dates, counted in the unit
 * the policy compares it in; an error if it is never compared in one. */
static expr *time_between(parser *p, const def *d, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	if (is_w(p, k, end, "the"))
		k++;
	if (match(p, k, end, "length of time"))
		k += 3;
	else if (is_w(p, k, end, "time") || is_w(p, k, end, "period"))
		k++;
	else
		return NULL;
	bool from = is_w(p, k, end, "from");
	if (!from && !is_w(p, k, end, "between"))
		return NULL;
	uint32_t first = *i;
	k++;
	expr *a = parse_value(p, &k, end, V_STOP_AND);
	if (!a || !(from ? is_w(p, k, end, "to") || is_w(p, k, end, "until")
	                 : is_w(p, k, end, "and")))
		return NULL;
	k++;
	expr *b = parse_value(p, &k, end, 0);
	if (!b)
		return NULL;
	duration_unit u = UNIT_DAYS;
	if (!unit_of_use(p, d, &u)) {
		parser_error(p, first, k - 1, "say the unit: 'the number of months from ... to ...'",
		             "I can't tell in which unit to count '%s'", d->name);
		*i = end;
		return NULL;
	}
	expr *e = expr_binary(p->c, E_ELAPSED, a, b, span_of(p, first, k - 1));
	if (e) {
		e->unit = u;
		e->type = POLICY_TYPE_DURATION;
		e->text = slice_of(p, first, k - 1);
	}
	*i = k;
	return e;
}

/* "The student's age is calculated from the date of birth as of the
 * application date": whole years from the one date to the other. */
static expr *age_from_dates(parser *p, const def *d, uint32_t *i, uint32_t end)
{
	size_t nl = strlen(d->key);
	if (nl < 3 || strcmp(d->key + nl - 3, "age") || (nl > 3 && d->key[nl - 4] != ' '))
		return NULL;
	uint32_t k = *i;
	if (is_w(p, k, end, "calculated") || is_w(p, k, end, "computed") ||
	    is_w(p, k, end, "determined") || is_w(p, k, end, "measured") ||
	    is_w(p, k, end, "counted") || is_w(p, k, end, "figured"))
		k++;
	/* "counted in whole years from ...": what an age always counts */
	static const char *const whole[] = { "in whole years", "in full years", "in completed years",
	                                     "in years" };
	for (size_t w = 0; w < sizeof whole / sizeof whole[0]; w++)
		if (match(p, k, end, whole[w])) {
			k += match(p, k, end, whole[w]);
			break;
		}
	if (match(p, k, end, "based on"))
		k += 2;
	else if (is_w(p, k, end, "from") || is_w(p, k, end, "using"))
		k++;
	else
		return NULL;
	uint32_t mid = k;
	while (mid < end && !match(p, mid, end, "as of") && !is_w(p, mid, end, "to") &&
	       !is_w(p, mid, end, "at") && !is_w(p, mid, end, "on"))
		mid++;
	if (mid >= end)
		return NULL;
	uint32_t second = mid + (match(p, mid, end, "as of") ? 2 : 1);
	uint32_t tl;
	int32_t born = match_term(p, skip_articles(p, k, mid), mid, false, &tl);
	int32_t then = match_term(p, skip_articles(p, second, end), end, false, &tl);
	if (born < 0 || then < 0 || skip_articles(p, second, end) + tl != end)
		return NULL;
	expr *a = expr_ref(p->c, (uint32_t)born, span_of(p, k, mid - 1));
	expr *b = expr_ref(p->c, (uint32_t)then, span_of(p, second, end - 1));
	if (!a || !b)
		return NULL;
	a->text = slice_of(p, k, mid - 1);
	b->text = slice_of(p, second, end - 1);
	expr *e = expr_binary(p->c, E_ELAPSED, a, b, span_of(p, *i, end - 1));
	if (!e)
		return NULL;
	e->unit = UNIT_YEARS;
	e->type = POLICY_TYPE_DURATION;
	e->text = slice_of(p, *i, end - 1);
	*i = end;
	return e;
}

/* "[the] hours worked in excess of 40 [in a workweek]", "the projected
 * hours above 40": the value over the bound, 0 below it. NULL (*i kept) if
 * the body is not that. */
static expr *excess_over(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t k = *i, tl;
	int32_t d = match_term(p, k, end, false, &tl);
	if (d < 0)
		return NULL;
	uint32_t b = k + tl, n = 0;
	if (!(n = match(p, b, end, "in excess of")) && !(n = match(p, b, end, "above")) &&
	    !(n = match(p, b, end, "over")) && !(n = match(p, b, end, "beyond")))
		return NULL;
	uint32_t q = b + n;
	if (q >= end || p->tk[q].kind != T_QUANTITY)
		return NULL;
	uint32_t tail = q + 1;
	if (tail < end && (is_w(p, tail, end, "in") || is_w(p, tail, end, "per")) &&
	    tail + 3 >= end)
		tail = end; /* "in a workweek", "per week": the period the value is of */
	if (tail != end)
		return NULL;
	expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, k, b - 1));
	expr *bound = expr_const(p->c, p->tk[q].val, span_of(p, q, q), slice_of(p, q, q));
	expr *zero = expr_const(p->c, value_number(decimal_from_int(0)), span_of(p, q, q), "0");
	expr *over = r && bound ? expr_binary(p->c, E_SUB, r, bound, span_of(p, k, q)) : NULL;
	expr *args[2] = { over, zero };
	expr *e = over && zero ? expr_nary(p->c, E_MAX, args, 2, span_of(p, k, end - 1)) : NULL;
	if (!e)
		return NULL;
	r->text = slice_of(p, k, b - 1);
	e->text = slice_of(p, k, end - 1);
	take_words(p, k, end - k);
	*i = end;
	return e;
}

static void read_body(parser *p, sentence *s)
{
	def *d = &p->c->defs[s->definition];
	uint32_t i = s->body_first, end = d->conditional ? d->body_last : s->n;
	if ((d->kind == POLICY_STEP_EXTRACT || d->kind == POLICY_STEP_LOOKUP) &&
	    definition_describes(p, s)) {
		/* 'The "approving officer" is the officer who approves the
		 * exception', of a value a later sentence extracts: what it is */
		take_words(p, i, end - i);
		return;
	}
	if (d->is_predicate) {
		uint32_t unless = end;
		for (uint32_t j = i + 1; j + 1 < end && !d->kind_of && unless == end; j++)
			if (is_punct(p, j, end, ',') && is_w(p, j + 1, end, "unless"))
				unless = j; /* "applies if C, unless D": C and not D */
		expr *cond = d->kind_of ? parse_scope_qualifier(p, i, end) : parse_condition(p, i, unless);
		if (cond && unless < end) {
			take_words(p, unless, 2);
			expr *but = parse_condition(p, unless + 2, end);
			cond = but ? expr_and(p->c, cond, expr_not(p->c, but)) : NULL;
		}
		if (cond && d->kind_of)
			take_words(p, i, end - i); /* the kind's noun: "an invoice whose ..." */
		if (cond && d->unless)
			cond = expr_not(p->c, cond);
		if (cond && d->applies_to) {
			/* "applies to a hurricane claim": which cases, and "to a
			 * claim" all of them */
			size_t errors = p->c->diags->count;
			expr *kind = parse_scope_qualifier(p, d->applies_to, d->applies_end);
			if (kind)
				cond = expr_and(p->c, kind, cond);
			else if (p->c->diags->count != errors)
				cond = NULL;
			take_words(p, d->applies_to, d->applies_end - d->applies_to);
		}
		d->value = cond;
		d->body_parsed = cond != NULL;
		return;
	}
	/* "hours worked in excess of 40 in a workweek": what is over the
	 * bound, none when it is under */
	expr *excess = excess_over(p, &i, end);
	if (excess || p->c->nomem) {
		d->value = excess;
		d->body_parsed = excess != NULL;
		return;
	}
	/* "90 days for institutional claims and 60 days for professional
	 * claims", "the payer date if there is one; otherwise ..." */
	size_t case_errors = p->c->diags->count;
	expr *cases = value_cases(p, &i, end);
	if (cases || p->c->diags->count != case_errors || p->c->nomem) {
		if (cases && i < end)
			diag_error(p->c, span_of(p, i, end - 1), "end the definition after its cases",
			           "I don't understand '%s' in the definition of '%s'",
			           slice_of(p, i, end - 1), d->name);
		else if (cases) {
			d->value = cases;
			d->body_parsed = true;
		}
		return;
	}
	bool set = false;
	if (looks_like_set(p, i, end) && !describes_a_value(p, i, end)) {
		uint32_t tl;
		bool has_term = false;
		for (uint32_t k = i; k < end; k++)
			if (match_term(p, k, end, false, &tl) >= 0)
				has_term = true;
		set = !has_term;
	}
	if (set && d->doc && d->kind == POLICY_STEP_COMPUTE) {
		/* '"Total Cash In" means all currency deposited, paid in or
		 * exchanged ...', of a value a sentence extracts: what it is,
		 * never a list of words to compare it with */
		d->kind = POLICY_STEP_EXTRACT;
		take_words(p, i, end - i);
		return;
	}
	if (set) {
		/* "The allowed categories are airfare, lodging, and meals." */
		expr *items[256];
		uint32_t n = 0, k = i;
		while (k < end && n < 256) {
			while (k < end && (is_punct(p, k, end, ',') || is_w(p, k, end, "and") ||
			                   is_w(p, k, end, "or")))
				k++;
			uint32_t e = k;
			while (e < end && !is_punct(p, e, end, ',') && !is_w(p, e, end, "and") &&
			       !is_w(p, e, end, "or"))
				e++;
			if (e == k)
				break;
			const token *t = &p->tk[k];
			if (e == k + 1 && t->kind == T_QUANTITY)
				items[n++] = expr_const(p->c, t->val, span_of(p, k, k), slice_of(p, k, k));
			else {
				const char *text = e == k + 1 && t->kind == T_QUOTED ? t->low
				                                                    : slice_of(p, k, e - 1);
				items[n++] = expr_const(p->c, value_text(text, strlen(text)),
				                        span_of(p, k, e - 1), text);
			}
			k = e;
		}
		d->value = expr_nary(p->c, E_SET, items, n, span_of(p, i, end - 1));
		if (d->value)
			d->value->text = slice_of(p, i, end - 1);
		d->is_set = true;
		d->type = POLICY_TYPE_ENUM;
		d->strength = TYPE_DECLARED;
		d->body_parsed = d->value != NULL;
		return;
	}
	if (i >= end) {
		diag_error(p->c, d->sp, "say what it is, e.g. 'The threshold is 75% of the value.'",
		           "the definition of '%s' is empty", d->name);
		return;
	}
	/* "The annual maximum depends on the degree level, as follows:" (a table) */
	expr *v = table_definition(p, d->name, &i, end);
	if (v || i != s->body_first || p->c->nomem) {
		if (v && i < end)
			diag_error(p->c, span_of(p, i, end - 1), "end the definition after the table's keys",
			           "I don't understand '%s' in the definition of '%s'",
			           slice_of(p, i, end - 1), d->name);
		else if (v) {
			d->value = v;
			d->body_parsed = true;
		}
		return;
	}
	size_t errors = p->c->diags->count;
	uint32_t ndefs = p->c->ndefs;
	if (d->sum_body) {
		v = sum_list(p, &i, end);
		goto reread;
	}
	v = age_from_dates(p, d, &i, end);
	if (!v && !p->c->nomem && i == s->body_first)
		v = time_between(p, d, &i, end);
	if (!v && i != s->body_first)
		return; /* reported */
	if (!v && !p->c->nomem)
		v = parse_value(p, &i, end, V_LITERAL);
	if (v && i < end)
		v = rounded(p, v, &i, end);
	bool literal = v && v->op == E_CONST && v->val.type == POLICY_TYPE_TEXT &&
	               p->tk[s->body_first].kind != T_QUOTED;
	if ((!v || i < end || literal) && !p->c->nomem && p->c->ndefs == ndefs) {
		/* '"Notice Date" means the date the worker first told the
		 * employer': a value on a document, described (describe.c) */
		size_t now = p->c->diags->count;
		error_truncate(p->c->diags, errors);
		if (describe_definition(p, s, d))
			return;
		if (p->c->diags->count != errors || now == errors)
			goto reread;
		/* the errors of the reading stand: read it again to report them */
		i = s->body_first;
		v = age_from_dates(p, d, &i, end);
		if (!v && !p->c->nomem)
			v = parse_value(p, &i, end, V_LITERAL);
		if (v && i < end)
			v = rounded(p, v, &i, end);
	}
reread:
	if (!v)
		return;
	{
		/* "..., expressed as a percentage": the ratio, shown as one */
		uint32_t t = i + (is_punct(p, i, end, ',') ? 1 : 0), n = 0;
		if ((n = match(p, t, end, "expressed as a percentage")) ||
		    (n = match(p, t, end, "expressed as a percent")) ||
		    (n = match(p, t, end, "as a percentage")) || (n = match(p, t, end, "in percent"))) {
			if (t + n == end) {
				take_words(p, i, end - i);
				i = end;
				if (d->strength < TYPE_DECLARED) {
					d->type = POLICY_TYPE_PERCENT;
					d->strength = TYPE_DECLARED;
				}
			}
		}
	}
	if (i < end) {
		diag_error(p->c, span_of(p, i, end - 1), "end the definition after its value",
		           "I don't understand '%s' in the definition of '%s'", slice_of(p, i, end - 1),
		           d->name);
		return;
	}
	if (d->doc && d->kind == POLICY_STEP_COMPUTE) {
		/* "The wire limit is $5,000." and "extract the wire limit from
		 * ...": one of the two would be dropped without a word */
		diag_error(p->c, d->sp, "keep the definition or the extraction, not both",
		           "'%s' is defined here and also extracted from the %s", d->name, d->doc);
		return;
	}
	d->value = v;
	d->body_parsed = true;
}

void definition_body(parser *p, sentence *s)
{
	if (s->definition_also >= 0) {
		/* "A and B depend on X:": B first, from the same words */
		int32_t first = s->definition;
		s->definition = s->definition_also;
		read_body(p, s);
		s->definition = first;
	}
	size_t errors = p->c->diags->count;
	read_body(p, s);
	def *d = &p->c->defs[s->definition];
	if (p->c->diags->count > errors && !p->c->nomem && d->kind == POLICY_STEP_COMPUTE &&
	    !d->is_predicate && !d->body_parsed && !d->doc) {
		/* unreadable: an error only if a step uses it (definitions_unread) */
		error_truncate(p->c->diags, errors);
		s->unread = true;
	}
}

static bool refers_to(const expr *e, uint32_t d, unsigned depth)
{
	if (!e || depth > 256)
		return false;
	if ((e->op == E_REF || e->op == E_ANY || e->op == E_ALL) && e->step == d)
		return true;
	for (uint32_t a = 0; a < e->nargs; a++)
		if (refers_to(e->args[a], d, depth + 1))
			return true;
	return false;
}

/* Whether any step reads def d. */
static bool def_used(const compiler *c, uint32_t d)
{
	for (uint32_t x = 0; x < c->ndefs; x++) {
		const def *y = &c->defs[x];
		if (x == d)
			continue;
		if (refers_to(y->value, d, 0) || refers_to(y->guard, d, 0))
			return true;
		for (uint32_t k = 0; k < y->nkeys; k++)
			if (refers_to(y->keys[k], d, 0))
				return true;
	}
	return false;
}

/* Whether the body of `s` holds something a rule would: a threshold, a
 * condition, a modal, or an action verb ("Hail is a matter for the hail
 * desk, we route those there."). Such a body is never a glossary entry. */
static bool holds_a_rule(parser *p, const sentence *s)
{
	/* a relative clause describes the noun before it ("any loan whose
	 * proceeds are used for a business purpose"): not read for rules */
	uint32_t end = s->body_first;
	while (end < s->n && !is_w(p, end, s->n, "whose") && !is_w(p, end, s->n, "that") &&
	       !is_w(p, end, s->n, "which") && !is_w(p, end, s->n, "who"))
		end++;
	if (has_testable_content(p, s->body_first, end))
		return true;
	for (uint32_t k = 0; k + 1 < s->body_first; k++) {
		xref x = { .n = 0 };
		uint32_t j = k;
		if (threshold_at(p, k, s->body_first) && !xref_at(p, &j, s->body_first, &x))
			return true; /* "Claims above $5,000 are subject to review": a rule;
			                not "an appeal dismissed under 5.3" */
	}
	for (uint32_t k = s->body_first; k + 1 < end; k++)
		if (p->tk[k].kind == T_WORD && is_action_verb(p->tk[k].low) &&
		    p->tk[k + 1].kind == T_WORD &&
		    (is_w(p, k + 1, end, "the") || is_w(p, k + 1, end, "a") || is_w(p, k + 1, end, "an") ||
		     is_w(p, k + 1, end, "all") || is_w(p, k + 1, end, "those") ||
		     is_w(p, k + 1, end, "them") || is_w(p, k + 1, end, "it")))
			return true; /* "we route those there"; not "a letter of credit" */
	return false;
}

void definitions_unread(parser *p)
{
	for (uint32_t si = 0; si < p->ns && !p->c->nomem; si++) {
		sentence *s = &p->s[si];
		bool described = s->definition >= 0 && p->c->defs[s->definition].described_name;
		if (!s->unread && !described)
			continue;
		const def *d = &p->c->defs[s->definition];
		sentence_select(p, si);
		if (def_used(p->c, (uint32_t)s->definition) || (!described && holds_a_rule(p, s))) {
			if (!described)
				read_body(p, s); /* again, to report what it could not read */
			continue;
		}
		take_words(p, s->body_first, s->n - s->body_first);
		diag_warning(p->c, d->sp, "use it in a rule, or remove the definition",
		             "'%s' is defined but no rule uses it; its definition was not read",
		             d->name);
		/* a glossary entry: its value is its description, as written */
		def *g = &p->c->defs[s->definition];
		const char *text = slice_of(p, s->body_first, s->n - 1);
		g->value = text ? expr_const(p->c, value_text(text, strlen(text)),
		                             span_of(p, s->body_first, s->n - 1), text)
		                : NULL;
		g->type = POLICY_TYPE_TEXT;
		g->strength = TYPE_DECLARED;
		g->body_parsed = g->value != NULL;
		g->glossary = true;
		g->kind = POLICY_STEP_COMPUTE; /* a described name no rule reads: not read either */
		g->described_name = false;
		g->unsourced = false;
		g->doc = NULL;
	}
}
