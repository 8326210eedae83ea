/*
 * Section scopes: sentences that say when a part of the policy applies.
 */
#include "compile/section_scope.h"

#include "compile/cond.h"
#include "compile/scope.h"
#include "compile/xref.h"

static bool add_scope(parser *p, const xref *x, expr *cond)
{
	if (p->nscopes == sizeof p->scopes / sizeof p->scopes[0]) {
		diag_error(p->c, p->s[p->cur].sp, "state fewer section scopes",
		           "the policy states more than %zu section scopes",
		           sizeof p->scopes / sizeof p->scopes[0]);
		return false;
	}
	p->scopes[p->nscopes].where = *x;
	p->scopes[p->nscopes].cond = cond;
	p->scopes[p->nscopes].sentence = p->cur;
	p->scopes[p->nscopes].except = cond == NULL;
	p->nscopes++;
	return true;
}

uint32_t xref_except_prefix(parser *p, uint32_t i, uint32_t end)
{
	static const char *const leads[] = {
		"except as provided in", "except as provided under", "except as provided by",
		"except as otherwise provided in", "except as stated in", "except as set out in",
		"except as described in", "except as permitted by", "except as permitted under",
		"subject to",
	};
	uint32_t n = 0;
	for (size_t v = 0; v < sizeof leads / sizeof leads[0] && !n; v++)
		n = match(p, i, end, leads[v]);
	xref x = { .n = 0 };
	uint32_t k = i + n;
	if (n && is_w(p, k, end, "the")) {
		/* "Subject to the limits in Section 6," */
		uint32_t j = k + 1;
		while (j < end && j <= k + 3 && p->tk[j].kind == T_WORD && !is_w(p, j, end, "in") &&
		       !is_w(p, j, end, "of") && !is_w(p, j, end, "under"))
			j++;
		uint32_t at = j;
		if (xref_at(p, &at, end, &x)) {
			take_words(p, k, j - k);
			k = j;
		}
	}
	if (!n || !(x.n ? xref_at(p, &k, end, &x) : xref_target_at(p, &k, end, &x)) ||
	    !is_punct(p, k, end, ',') || k + 1 >= end)
		return i;
	if (!add_scope(p, &x, NULL))
		return i;
	take_words(p, i, k + 1 - i);
	return k + 1;
}

/* The condition under which the rules of an exception's parts apply: the
 * guards of their checks, requirements and actions. NULL, reported, when
 * one of them has none (the rule it excepts would never hold). */
static expr *exception_condition(parser *p, const section_scope *sc)
{
	enum { MAX_CONDS = 256 };
	expr *conds[MAX_CONDS];
	uint32_t n = 0;
	for (uint32_t d = 0; d < p->c->ndefs && n < MAX_CONDS; d++) {
		const def *y = &p->c->defs[d];
		if ((y->kind != POLICY_STEP_CHECK && y->kind != POLICY_STEP_REQUIRE &&
		     y->kind != POLICY_STEP_ACTION) ||
		    y->sentence_index == sc->sentence || !xref_holds(&sc->where, y->sp.line))
			continue;
		if (!y->guard) {
			diag_error(p->c, p->s[sc->sentence].sp,
			           "give the exception its condition, or drop the reference",
			           "the exception on line %u holds for every case, so this rule never would",
			           y->sp.line);
			return NULL;
		}
		conds[n++] = y->guard;
	}
	if (!n) {
		diag_error(p->c, p->s[sc->sentence].sp, "refer to the clause that states the exception",
		           "the parts this sentence excepts hold no rule%s", "");
		return NULL;
	}
	expr *any = n == 1 ? conds[0] : expr_nary(p->c, E_OR, conds, n, p->s[sc->sentence].sp);
	if (any && n > 1)
		any->type = POLICY_TYPE_BOOLEAN;
	return expr_not(p->c, any);
}

/* "The rules in this Section 2 apply when the account type is consumer",
 * "Sections 4 and 5 apply only to timely notices", "This section applies
 * only to requests with clinical notes attached": every rule in the parts
 * named holds only for those cases. The condition joins the guard of each
 * check, requirement and action there, wherever it is stated (before or
 * after the rules), once the whole policy is read (xref_apply_scopes). */
bool xref_scope_statement(parser *p, uint32_t i, uint32_t end)
{
	uint32_t v = i;
	while (v < end && !is_w(p, v, end, "apply") && !is_w(p, v, end, "applies"))
		v++;
	if (v >= end || v == i)
		return false;
	xref x = { .n = 0 };
	bool found = false;
	for (uint32_t k = i; k < v && !found; k++) {
		uint32_t j = k;
		if (k == i ? xref_target_at(p, &j, v, &x) : xref_at(p, &j, v, &x))
			found = j == v;
	}
	if (!found)
		return false;
	uint32_t k = v + 1;
	if (is_w(p, k, end, "only"))
		k++;
	expr *cond = NULL;
	if (is_w(p, k, end, "when") || is_w(p, k, end, "if") || is_w(p, k, end, "whenever") ||
	    is_w(p, k, end, "where"))
		cond = parse_condition(p, k + 1, end);
	else if (is_w(p, k, end, "to"))
		cond = parse_scope_qualifier(p, k + 1, end);
	else
		return false;
	if (!cond)
		return true; /* reported */
	add_scope(p, &x, cond);
	return true;
}

/* Past "Sections 5 and 6 do not apply" at i: its length (the verb at
 * *verb), or 0. */
static uint32_t switched_off(parser *p, uint32_t i, uint32_t end, xref *x, uint32_t *verb)
{
	static const char *const verbs[] = { "do not apply", "does not apply", "shall not apply",
	                                     "will not apply", "no longer apply", "no longer applies" };
	uint32_t k = i, n = 0;
	if (!xref_target_at(p, &k, end, x))
		return 0;
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0] && !n; v++)
		n = match(p, k, end, verbs[v]);
	*verb = k;
	return n ? k + n - i : 0;
}

bool xref_switch_off_at(parser *p, uint32_t i, uint32_t end)
{
	xref x = { .n = 0 };
	uint32_t verb;
	return switched_off(p, i, end, &x, &verb) > 0;
}

bool xref_switch_off(parser *p, uint32_t i, uint32_t end, expr *guard)
{
	xref x = { .n = 0 };
	uint32_t k, len = switched_off(p, i, end, &x, &k);
	if (!len)
		return false;
	uint32_t n = i + len - k;
	uint32_t at = k;
	k += n;
	expr *cases = NULL;
	if (is_w(p, k, end, "to") || is_w(p, k, end, "for")) {
		k++;
		bool itself = is_w(p, k, end, "it") || is_w(p, k, end, "them") ||
		              ((is_w(p, k, end, "the") || is_w(p, k, end, "this") ||
		                is_w(p, k, end, "that") || is_w(p, k, end, "such")) && k + 2 == end);
		if (itself) {
			take_words(p, k - 1, end - k + 1); /* "to it": the case the rule is about */
			k = end;
		} else {
			cases = parse_scope_qualifier(p, k, end);
			if (!cases)
				return true; /* reported */
			k = end;
		}
	}
	if (k != end)
		return false;
	expr *when = cases && guard ? expr_and(p->c, guard, cases) : cases ? cases : guard;
	if (!when) {
		diag_error(p->c, span_of(p, i, end - 1),
		           "say for which cases ('... do not apply to a claim under $100'), or remove "
		           "the parts",
		           "'%s' would switch those parts off for every case", slice_of(p, i, end - 1));
		return true;
	}
	take_words(p, i, at + n - i);
	add_scope(p, &x, expr_not(p->c, when));
	p->s[p->cur].effect = true; /* no step of its own, yet not commentary */
	return true;
}

void xref_apply_scopes(parser *p)
{
	/* exceptions first, from the rules as they are stated */
	for (uint32_t s = 0; s < p->nscopes; s++) {
		if (!p->scopes[s].except)
			continue;
		expr *cond = exception_condition(p, &p->scopes[s]);
		for (uint32_t d = 0; d < p->c->ndefs && cond; d++) {
			def *x = &p->c->defs[d];
			if (x->sentence_index == p->scopes[s].sentence &&
			    (x->kind == POLICY_STEP_CHECK || x->kind == POLICY_STEP_REQUIRE ||
			     x->kind == POLICY_STEP_ACTION))
				x->guard = expr_and(p->c, cond, x->guard);
		}
	}
	for (uint32_t s = 0; s < p->nscopes; s++) {
		if (p->scopes[s].except)
			continue;
		for (uint32_t d = 0; d < p->c->ndefs; d++) {
			def *x = &p->c->defs[d];
			if (x->kind != POLICY_STEP_CHECK && x->kind != POLICY_STEP_REQUIRE &&
			    x->kind != POLICY_STEP_ACTION)
				continue;
			if (x->sentence_index == p->scopes[s].sentence ||
			    !xref_holds(&p->scopes[s].where, x->sp.line))
				continue;
			x->guard = expr_and(p->c, p->scopes[s].cond, x->guard);
		}
	}
}
