/*
 * Guardrails: policy-declared limits on actions.
 *
 *   Never approve a claim above $100,000 automatically.
 *   A claim over $1M may not be approved without review; refer it instead.
 *
 * A guardrail names an action it forbids, the condition under which it is
 * forbidden, and optionally the alternative taken instead; at run time a
 * fired action that breaks it is replaced and the activation is recorded
 * in the trail (run/exec_llm.c).
 */
#include <string.h>

#include "compile/cond.h"
#include "compile/dates.h"
#include "compile/guardrails.h"
#include "compile/rules.h"
#include "compile/passive.h"
#include "compile/scope.h"
#include "plan/llm.h"

/* The alternative a prohibition names, from token k on: "; route it to X
 * instead", ", instead route it to X", "instead, X". Sets where the rule
 * proper ends and the alternative's tokens (alt_first is NONE if none). */
static void guardrail_alternative(parser *p, uint32_t k, uint32_t end, uint32_t *rule_end,
                                  uint32_t *alt_first, uint32_t *alt_end)
{
	*alt_first = NONE;
	*alt_end = *rule_end = end;
	for (uint32_t j = k; j < end; j++) {
		if (!is_w(p, j, end, "instead"))
			continue;
		if (j + 1 < end && (is_punct(p, j + 1, end, ',') || p->tk[j + 1].kind == T_WORD)) {
			/* "instead, route it to ..." */
			uint32_t b = j;
			while (b > k && (is_punct(p, b - 1, end, ',') || is_punct(p, b - 1, end, ';') ||
			                 is_w(p, b - 1, end, "and")))
				b--;
			*rule_end = b;
			*alt_first = j + 1 + (is_punct(p, j + 1, end, ',') ? 1 : 0);
		} else {
			/* "..., route it to X instead" */
			uint32_t b = j;
			while (b > k && !is_punct(p, b - 1, end, ',') && !is_punct(p, b - 1, end, ';'))
				b--;
			/* the object is who it was: "route it" is "route the claim" */
			if (b > k) {
				*rule_end = b - 1;
				*alt_first = b;
				*alt_end = j;
			}
		}
		return;
	}
}

/* The condition after a prohibition's object, tokens [oe, ce): "if ...",
 * "unless ...", a qualifier of the object [of, ce), or none ("without
 * review", "automatically"). False when it could not be read (reported). */
static bool guardrail_condition(parser *p, uint32_t of, uint32_t oe, uint32_t ce, expr **cond)
{
	*cond = NULL;
	while (ce > oe && (is_w(p, ce - 1, ce, "automatically") || is_punct(p, ce - 1, ce, ',')))
		ce--;
	if (ce <= oe)
		return true;
	const char *w = tw(p, oe);
	if (!strcmp(w, "without") || !strcmp(w, "automatically"))
		return true; /* "without review": the alternative is the review */
	if (!strcmp(w, "if") || !strcmp(w, "when") || !strcmp(w, "where"))
		*cond = parse_condition(p, oe + 1, ce);
	else if (!strcmp(w, "unless"))
		*cond = expr_not(p->c, parse_condition(p, oe + 1, ce));
	else
		*cond = parse_scope_qualifier(p, of, ce);
	return *cond || !p->c->diags->count;
}

static bool is_object_end(const char *w)
{
	static const char *const v[] = { "automatically", "without", "above", "over", "below",
	                                 "under", "exceeding", "with", "for", "whose" };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(w, v[i]))
			return true;
	return false;
}

static void add_guardrail(parser *p, uint32_t i, uint32_t end, expr *guard, const char *verb,
                          const char *object, expr *cond, uint32_t alt_first, uint32_t alt_end)
{
	def *d = def_add(p->c, POLICY_STEP_GUARDRAIL, span_of(p, i, end - 1), p->s[p->cur].text);
	if (!d)
		return;
	guardrail_spec *g = arena_zalloc(p->c->a, sizeof *g);
	if (!g) {
		p->c->nomem = true;
		return;
	}
	g->verb = verb;
	g->object = object;
	if (alt_first != NONE && alt_first < alt_end) {
		while (alt_end > alt_first && p->tk[alt_end - 1].kind == T_PUNCT)
			alt_end--;
		g->alternative = slice_of(p, alt_first, alt_end - 1);
	} else {
		g->alternative = "route to human review";
	}
	d->guardrail = g;
	d->value = cond;
	d->guard = guard;
	d->text = slice_of(p, i, end - 1);
	d->type = POLICY_TYPE_BOOLEAN;
	d->sentence_index = p->cur;
}

static uint32_t skip_articles_and_any(parser *p, uint32_t of, uint32_t oe)
{
	while (of < oe && (is_w(p, of, oe, "a") || is_w(p, of, oe, "an") || is_w(p, of, oe, "the") ||
	                   is_w(p, of, oe, "any")))
		of++;
	return of;
}

/* "Never approve a claim above $100,000 automatically; route it to a
 * senior adjuster instead." */
static bool imperative_prohibition(parser *p, uint32_t i, uint32_t end, expr *guard)
{
	uint32_t k = i, n;
	if ((n = match(p, k, end, "never")) || (n = match(p, k, end, "do not")) ||
	    (n = match(p, k, end, "don't")) || (n = match(p, k, end, "under no circumstances")) ||
	    (n = match(p, k, end, "at no time")))
		k += n;
	else
		return false;
	if (is_w(p, k, end, "should") || is_w(p, k, end, "may") || is_w(p, k, end, "shall") ||
	    is_w(p, k, end, "will"))
		k++;
	if (k >= end || p->tk[k].kind != T_WORD)
		return false;
	uint32_t verb = k++;
	uint32_t rule_end, alt_first, alt_end;
	guardrail_alternative(p, k, end, &rule_end, &alt_first, &alt_end);
	/* The object runs to a qualifier or the condition. */
	uint32_t oe = k;
	while (oe < rule_end && p->tk[oe].kind == T_WORD && !is_np_stop_word(p->tk[oe].low) &&
	       !is_object_end(p->tk[oe].low))
		oe++;
	uint32_t of = skip_articles_and_any(p, k, oe);
	expr *cond;
	if (!guardrail_condition(p, of, oe, rule_end, &cond))
		return true;
	add_guardrail(p, i, end, guard, tw(p, verb), of < oe ? slice_of(p, of, oe - 1) : "", cond,
	              alt_first, alt_end);
	return true;
}

/* "No claim above $100,000 may be approved automatically", "A claim must
 * never be paid if the policy has lapsed", "Loans over $1M shall not be
 * approved without committee review": prohibitions in the passive voice. */
static bool passive_prohibition(parser *p, uint32_t i, uint32_t end, expr *guard)
{
	static const char *const modals[] = { "may", "shall", "should", "can", "will", "must",
	                                       "is to", "are to" };
	bool no = is_w(p, i, end, "no");
	uint32_t s = no ? i + 1 : i, k = s, n = 0;
	for (; k < end && k < s + 16 && !n; k++)
		for (size_t m = 0; m < sizeof modals / sizeof modals[0] && !n; m++)
			n = match(p, k, end, modals[m]);
	if (!n)
		return false;
	uint32_t modal = k - 1, be = modal + n;
	bool denied = is_w(p, be, end, "not") || is_w(p, be, end, "never");
	if (denied)
		be++;
	if (no == denied || !is_w(p, be, end, "be") || be + 1 >= end ||
	    p->tk[be + 1].kind != T_WORD)
		return false;
	const char *verb = participle_verb(p, p->tk[be + 1].low);
	if (!verb || names_event_date(p, be + 1, end) || time_comparison_at(p, be + 1, end))
		return false; /* "may not be submitted more than 14 days after ...": a check;
		                 "may not be given later than ...": never "never give" */
	uint32_t rule_end, alt_first, alt_end;
	guardrail_alternative(p, be + 2, end, &rule_end, &alt_first, &alt_end);
	/* the object is the subject's noun phrase; its qualifier, or a
	 * condition after the verb, says when */
	uint32_t of = skip_articles_and_any(p, s, modal), oe = of;
	while (oe < modal && p->tk[oe].kind == T_WORD && !is_np_stop_word(p->tk[oe].low) &&
	       !is_object_end(p->tk[oe].low))
		oe++;
	expr *cond = NULL;
	if (oe < modal && !guardrail_condition(p, of, oe, modal, &cond))
		return true;
	expr *after;
	uint32_t c = be + 2;
	while (c < rule_end && !is_w(p, c, rule_end, "if") && !is_w(p, c, rule_end, "unless") &&
	       !is_w(p, c, rule_end, "when"))
		c++;
	if (!guardrail_condition(p, c, c, rule_end, &after))
		return true;
	if (after)
		cond = cond ? expr_and(p->c, cond, after) : after;
	add_guardrail(p, i, end, guard, verb, of < oe ? slice_of(p, of, oe - 1) : "", cond,
	              alt_first, alt_end);
	return true;
}

bool guardrail_statement(parser *p, uint32_t i, uint32_t end, expr *guard)
{
	return imperative_prohibition(p, i, end, guard) || passive_prohibition(p, i, end, guard);
}
