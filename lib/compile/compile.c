/*
 * One compile pass: text -> lexer -> parser -> analyzer -> emitter -> plan.
 * policy_compile (assist.c) runs one pass, or, with the compile-time
 * assistant, one per round of restatements.
 *
 * The stages share one arena that is released when compilation ends; the
 * plan copies what it keeps into its own. Diagnostics accumulate in one
 * report: the lexer's and parser's errors together (each sentence is
 * parsed even after an earlier one failed), then, if the sentences were
 * understood, the analyzer's type errors and warnings.
 */
#include <stdio.h>
#include <string.h>

#include "compile/analyze.h"
#include "compile/compile.h"
#include "compile/emit.h"
#include "compile/inputs.h"
#include "compile/parse.h"

/* Whether a configured limit was exceeded (POLICY_ERR_LIMIT): one of the
 * limit diagnostics (lex.c, sentences.c, terms.c) is among the errors.
 * They are known by how they start, so a quoted sentence that happens to
 * say "the limit of" is not taken for one. */
static bool limit_error(const policy_error *e)
{
	static const char *const starts[] = {
		"the policy text is ",         /* max_text_bytes */
		"this sentence is ",           /* max_sentence_bytes */
		"the lists are nested deeper", /* max_depth */
		"the policy needs more steps", /* max_steps */
		"conditions are nested deeper",  /* max_depth, in cond.c */
		"the condition is nested deeper",
	};
	for (size_t i = 0; i < e->count; i++) {
		const char *msg = e->diags[i].message;
		if (e->diags[i].severity != POLICY_SEVERITY_ERROR || !msg || !strstr(msg, "the limit of"))
			continue;
		for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
			if (!strncmp(msg, starts[k], strlen(starts[k])))
				return true;
	}
	return false;
}

static policy_status finish(policy_error *diags, policy_status st, policy_error **err)
{
	if (st == POLICY_ERR_NOMEM) {
		policy_error_free(diags);
		if (err)
			*err = &error_nomem;
		return st;
	}
	if (st == POLICY_OK && diags->count == 0) {
		policy_error_free(diags);
		return st;
	}
	diags->code = st;
	if (err)
		*err = diags;
	else
		policy_error_free(diags);
	return st;
}

/* The estimate exceeds the budget: say so where the budget is set, and
 * point at the costliest model steps. */
static policy_status over_budget(compiler *c, const policy_plan *p)
{
	span at = c->lx->token_budget.value ? c->lx->token_budget.sp : (span){ 1, 1, 1 };
	char hint[200];
	snprintf(hint, sizeof hint, "raise the budget to at least %llu, or ask the model less",
	         (unsigned long long)p->est_tokens);
	diag_error(c, at, hint, "the plan is estimated at %llu tokens, more than the budget of %llu",
	           (unsigned long long)p->est_tokens, (unsigned long long)p->token_budget);
	bool *shown = arena_zalloc(c->a, (p->nsteps ? p->nsteps : 1) * sizeof *shown);
	for (int n = 0; shown && n < 3; n++) {
		int32_t best = -1;
		for (uint32_t i = 0; i < p->nsteps; i++)
			if (!shown[i] && p->steps[i].est_tokens &&
			    (best < 0 || p->steps[i].est_tokens > p->steps[best].est_tokens))
				best = (int32_t)i;
		if (best < 0)
			break;
		shown[best] = true;
		diag_warning(c, p->steps[best].sp, NULL, "this model step is estimated at %llu tokens",
		             (unsigned long long)p->steps[best].est_tokens);
	}
	return c->nomem ? POLICY_ERR_NOMEM : POLICY_ERR_BUDGET;
}

/* What the assistant is told the policy names: its terms with their types
 * and its actions, copied out before the pass's arena goes. */
static void take_notes(const compiler *c, pass_notes *n)
{
	n->terms = arena_alloc(n->a, (c->ndefs ? c->ndefs : 1) * sizeof *n->terms);
	n->actions = arena_alloc(n->a, (c->ndefs ? c->ndefs : 1) * sizeof *n->actions);
	if (!n->terms || !n->actions) {
		n->nomem = true;
		return;
	}
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		if (d->kind == POLICY_STEP_ACTION && d->text) {
			const char *t = arena_strdup(n->a, d->text);
			n->nomem |= !t;
			n->actions[n->nactions++] = t;
		} else if (d->name && d->kind != POLICY_STEP_CHECK && d->kind != POLICY_STEP_REQUIRE &&
		           d->kind != POLICY_STEP_GUARDRAIL) {
			const char *t = arena_strdup(n->a, d->name);
			n->nomem |= !t;
			n->terms[n->nterms++] = (pass_term){ t, d->type };
		}
	}
}

policy_status compile_pass(const char *text, size_t len, const policy_compile_options *opts,
                           policy_plan **out, policy_error **err, pass_notes *notes)
{
	if (err)
		*err = NULL;
	*out = NULL;
	const policy_compile_options o = *opts;
	mem m = mem_from(o.allocator);
	policy_error *diags = error_new(&m, POLICY_ERR_COMPILE);
	if (diags->is_static)
		return finish(diags, POLICY_ERR_NOMEM, err);
	arena a;
	arena_init(&a, &m);
	lexed lx;
	compiler c = { .a = &a, .diags = diags, .opts = &o, .lx = &lx, .last_ref = -1 };
	c.max_depth = o.max_depth ? o.max_depth : 32;
	c.max_steps = o.max_steps ? o.max_steps : 10000;
	lex_limits limits = { o.max_text_bytes ? o.max_text_bytes : (size_t)1 << 20,
	                      o.max_sentence_bytes ? o.max_sentence_bytes : 16384 };
	bool nomem = false;
	policy_status st = POLICY_OK;
	policy_plan *plan = NULL;
	if (!lex(&a, text ? text : "", len, &limits, &lx, diags, &nomem)) {
		st = nomem ? POLICY_ERR_NOMEM : limit_error(diags) ? POLICY_ERR_LIMIT : POLICY_ERR_COMPILE;
		goto done;
	}
	if (!parse_policy(&c) || !inputs_report(&c) || c.nomem) {
		st = POLICY_ERR_NOMEM;
		goto done;
	}
	if (error_count_severity(diags, POLICY_SEVERITY_ERROR) == 0) {
		if (!analyze_policy(&c)) {
			st = POLICY_ERR_NOMEM;
			goto done;
		}
	}
	if (error_count_severity(diags, POLICY_SEVERITY_ERROR)) {
		st = limit_error(diags) ? POLICY_ERR_LIMIT : POLICY_ERR_COMPILE;
		goto done;
	}
	plan = plan_build(&c, &m);
	if (!plan)
		st = c.nomem ? POLICY_ERR_NOMEM : POLICY_ERR_COMPILE;
	else if (plan->token_budget && plan->est_tokens > plan->token_budget)
		st = over_budget(&c, plan);
done:
	/* a reading that took a failed allocation for "no match" is caught
	 * here: the arena remembers that an allocation failed */
	if (a.failed)
		c.nomem = true;
	if (notes && st != POLICY_ERR_NOMEM && !c.nomem && c.defs)
		take_notes(&c, notes);
	if (c.nomem)
		st = POLICY_ERR_NOMEM;
	arena_release(&a);
	if (st != POLICY_OK) {
		policy_plan_free(plan);
		return finish(diags, st, err);
	}
	*out = plan;
	return finish(diags, POLICY_OK, err);
}
