/*
 * Section scopes: sentences that say when a part of the policy applies.
 */
#include "compile/section_scope.h"

#include "compile/cond.h"
#include "compile/scope.h"
#include "compile/xref.h"

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
	if (p->nscopes == sizeof p->scopes / sizeof p->scopes[0]) {
		diag_error(p->c, p->s[p->cur].sp, "state fewer section scopes",
		           "the policy states more than %zu section scopes",
		           sizeof p->scopes / sizeof p->scopes[0]);
		return true;
	}
	p->scopes[p->nscopes].where = x;
	p->scopes[p->nscopes].cond = cond;
	p->scopes[p->nscopes].sentence = p->cur;
	p->nscopes++;
	return true;
}

void xref_apply_scopes(parser *p)
{
	for (uint32_t s = 0; s < p->nscopes; s++) {
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
