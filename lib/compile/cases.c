/*
 * Values defined by cases (see cases.h).
 *
 *   body  := case {joiner case} [joiner default]
 *          | value joiner case {joiner case}     (the first value: otherwise)
 *   case  := value ("if" | "when" | "whenever" | "where") condition
 *          | value "for" cases                   ("for institutional claims")
 *   default := ["otherwise"] ["it is"] value ["otherwise" | "in all other cases"]
 *   joiner := "," | ";" | "and" | "or" | ", and" | ", or"
 *
 * A condition ends at the next joiner that a value follows (a number, or
 * "otherwise"), so "90 days if the claim type is institutional and the
 * service date is after ..." keeps its "and". "if there is one", "if any",
 * "if the form shows one" ask whether the case's value is there. The
 * result is an E_CASE like a table's: the first case that holds gives the
 * value, and with no otherwise, the value is missing when none holds, so
 * a decision that needs it fails rather than guess.
 */
#include <string.h>

#include "compile/arith.h"
#include "compile/cases.h"
#include "compile/cond.h"
#include "compile/mention.h"
#include "compile/scope.h"

enum { MAX_CASES = 32 };

static bool case_word(const parser *p, uint32_t k, uint32_t end)
{
	if (k >= end || !w_starts(p, k, "iwf"))
		return false;
	return is_w(p, k, end, "if") || is_w(p, k, end, "when") || is_w(p, k, end, "whenever") ||
	       is_w(p, k, end, "where") || is_w(p, k, end, "for");
}

static uint32_t default_words(const parser *p, uint32_t k, uint32_t end)
{
	uint32_t n;
	if ((n = match(p, k, end, "in all other cases")) || (n = match(p, k, end, "in every other case")) ||
	    (n = match(p, k, end, "in any other case")) || (n = match(p, k, end, "otherwise")))
		return n;
	return 0;
}

bool value_then_case(parser *p, uint32_t i, uint32_t end)
{
	uint32_t c = i;
	while (c < end && !case_word(p, c, end))
		c++;
	if (c >= end)
		return false; /* no case said: not this (and no term looked up) */
	uint32_t k = i;
	if (k < end && p->tk[k].kind == T_QUANTITY) {
		k++;
		duration_unit u;
		if (k < end && is_unit_word(tw(p, k), &u))
			k++;
	} else {
		/* the value's name ends where a case begins, or at a comma */
		uint32_t e = k;
		while (e < c && !is_punct(p, e, c, ','))
			e++;
		uint32_t tl;
		if (e == k || match_term(p, k, e, false, &tl) < 0 || k + tl != e)
			return false;
		k = e;
	}
	return k < end && (case_word(p, k, end) || is_punct(p, k, end, ','));
}

/* Where the words from `from` stop belonging to a case's condition: a
 * ';', an "otherwise", or a joiner followed by a number or "otherwise". */
static uint32_t case_end(parser *p, uint32_t from, uint32_t end)
{
	for (uint32_t j = from; j < end; j++) {
		if (is_punct(p, j, end, ';') || default_words(p, j, end))
			return j;
		if (!is_punct(p, j, end, ',') && !is_w(p, j, end, "and") && !is_w(p, j, end, "or"))
			continue;
		uint32_t n = j + 1;
		if (is_w(p, n, end, "and") || is_w(p, n, end, "or"))
			n++;
		if (n < end && (p->tk[n].kind == T_QUANTITY || default_words(p, n, end)))
			return j;
		uint32_t tl; /* ", and the service date otherwise" */
		if (match_term(p, n, end, false, &tl) >= 0 &&
		    (n + tl == end || default_words(p, n + tl, end) || case_word(p, n + tl, end)))
			return j;
	}
	return end;
}

/* "there is one", "any", "one is shown", "the claim form shows one":
 * the value `v` is there. NULL if the words say something else. */
static expr *value_there(parser *p, expr *v, uint32_t a, uint32_t b)
{
	bool said = (b == a + 1 && is_w(p, a, b, "any")) || match(p, a, b, "there is one") == b - a ||
	            match(p, a, b, "one is given") == b - a || match(p, a, b, "one is shown") == b - a ||
	            match(p, a, b, "one is provided") == b - a ||
	            match(p, a, b, "it is known") == b - a || match(p, a, b, "it is given") == b - a ||
	            (b - a >= 2 && is_w(p, b - 1, b, "one") &&
	             (is_w(p, b - 2, b, "shows") || is_w(p, b - 2, b, "gives") ||
	              is_w(p, b - 2, b, "lists")));
	if (!said || v->op != E_REF)
		return NULL;
	take_words(p, a, b - a);
	expr *m = expr_unary(p->c, E_MISSING, v, span_of(p, a, b - 1));
	if (!m)
		return NULL;
	m->type = POLICY_TYPE_BOOLEAN;
	m->text = slice_of(p, a, b - 1);
	return expr_not(p->c, m);
}

/* A case's value at *k, after a comma and "it is" / "they are". */
static expr *case_value(parser *p, uint32_t *k, uint32_t end)
{
	if (is_punct(p, *k, end, ','))
		(*k)++;
	if (match(p, *k, end, "it is") || match(p, *k, end, "they are"))
		*k += 2;
	return *k < end ? parse_value(p, k, end, 0) : NULL;
}

static expr *always(parser *p, uint32_t at)
{
	expr *t = expr_const(p->c, value_bool(true), span_of(p, at, at), "otherwise");
	if (t)
		t->type = POLICY_TYPE_BOOLEAN;
	return t;
}

/* The E_CASE of the pairs read, the otherwise last. */
static expr *build(parser *p, expr **conds, expr **vals, uint32_t n, expr *dflt, uint32_t dflt_at,
                   span sp)
{
	expr *args[2 * MAX_CASES + 2];
	uint32_t m = 0;
	for (uint32_t k = 0; k < n; k++) {
		args[m++] = conds[k];
		args[m++] = vals[k];
	}
	if (dflt) {
		args[m++] = always(p, dflt_at);
		args[m++] = dflt;
	}
	for (uint32_t k = 0; k < m; k++)
		if (!args[k])
			return NULL;
	return expr_nary(p->c, E_CASE, args, m, sp);
}

expr *value_cases(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i;
	if (!value_then_case(p, s, end))
		return NULL;
	expr *conds[MAX_CASES], *vals[MAX_CASES], *dflt = NULL;
	uint32_t n = 0, dflt_at = s, k = s;
	size_t errors = p->c->diags->count;
	while (k < end) {
		while (k < end && (is_punct(p, k, end, ',') || is_punct(p, k, end, ';') ||
		                   is_w(p, k, end, "and") || is_w(p, k, end, "or")))
			k++;
		uint32_t dw = default_words(p, k, end), at = k;
		bool other = dw > 0;
		k += dw;
		expr *v = case_value(p, &k, end);
		if (!v)
			break;
		uint32_t after = default_words(p, k, end);
		if (other || after) {
			take_words(p, at, dw);
			take_words(p, k, after);
			if (dflt) {
				parser_error(p, at, k + after - 1, "state one value for the other cases",
				             "'%s' is a second value for the other cases",
				             slice_of(p, at, k + after - 1));
				*i = end;
				return NULL;
			}
			dflt = v;
			dflt_at = at;
			k += after;
			continue;
		}
		if (!case_word(p, k, end)) {
			if (n == 0 && !dflt && k < end && is_punct(p, k, end, ',')) {
				dflt = v; /* "$25, or $10 when ...": the first value, otherwise */
				dflt_at = at;
				continue;
			}
			break;
		}
		bool scope = is_w(p, k, end, "for");
		uint32_t c = k + 1, ce = case_end(p, c, end);
		take_words(p, k, 1);
		expr *cond = NULL;
		if (scope && (match(p, c, ce, "all other") || match(p, c, ce, "any other") ||
		              match(p, c, ce, "every other") || is_w(p, c, ce, "other"))) {
			take_words(p, c, ce - c); /* "for all other claims" */
			if (!dflt) {
				dflt = v;
				dflt_at = k;
				k = ce;
				continue;
			}
		} else if (!scope) {
			cond = value_there(p, v, c, ce);
			if (!cond && !p->c->nomem)
				cond = parse_condition(p, c, ce);
		} else {
			cond = parse_scope_qualifier(p, c, ce);
		}
		if (!cond || n == MAX_CASES) {
			if (p->c->diags->count == errors)
				parser_error(p, c, ce > c ? ce - 1 : c, "say which cases, e.g. '90 days if "
				             "the claim type is institutional'",
				             "I can't tell which cases '%s' covers", slice_of(p, c, ce - 1));
			*i = end;
			return NULL;
		}
		conds[n] = cond;
		vals[n++] = v;
		k = ce;
	}
	if (n == 0) {
		/* a value and a comma, but no case: not this reading */
		error_truncate(p->c->diags, errors);
		return NULL;
	}
	*i = k;
	expr *e = build(p, conds, vals, n, dflt, dflt_at, span_of(p, s, k - 1));
	if (e)
		e->text = slice_of(p, s, k - 1);
	return e;
}

bool otherwise_case(parser *p, uint32_t i, uint32_t end)
{
	uint32_t dw = default_words(p, i, end);
	if (!dw || p->cur == 0)
		return false;
	/* the definition before this run of "otherwise" sentences */
	uint32_t from = p->cur - 1;
	while (from > 0 && p->s[from].n && p->s[from].tk[0].kind == T_WORD &&
	       !strcmp(p->s[from].tk[0].low, "otherwise"))
		from--;
	def *d = NULL;
	for (uint32_t k = p->c->ndefs; k-- > 0 && !d;)
		if (p->c->defs[k].sentence_index == from)
			d = &p->c->defs[k];
	expr *e = d ? d->value : NULL;
	if (!e || e->op != E_CASE || (e->table && *e->table) || e->nargs < 2 ||
	    e->args[e->nargs - 2]->op == E_CONST)
		return false; /* no cases just before, or they have their otherwise */
	uint32_t k = i + dw;
	expr *v = case_value(p, &k, end);
	if (!v)
		return false;
	expr *cond = NULL;
	if (k < end && case_word(p, k, end) && !is_w(p, k, end, "for")) {
		uint32_t c = k + 1;
		take_words(p, k, 1);
		cond = value_there(p, v, c, end);
		if (!cond && !p->c->nomem)
			cond = parse_condition(p, c, end);
		if (!cond)
			return true; /* reported */
		k = end;
	} else if (k < end) {
		return false;
	}
	take_words(p, i, dw);
	expr *args[2 * MAX_CASES + 2];
	uint32_t m = e->nargs < 2 * MAX_CASES ? e->nargs : 2 * MAX_CASES;
	memcpy(args, e->args, m * sizeof *args);
	args[m++] = cond ? cond : always(p, i);
	args[m++] = v;
	expr *more = expr_nary(p->c, E_CASE, args, m, e->sp);
	if (!more)
		return true;
	more->text = e->text;
	d->value = more;
	p->s[p->cur].effect = true; /* its step is the definition's */
	return true;
}
