/*
 * Conditions.
 *
 *   condition := disjunction
 *   disjunction := conjunction (","? "or" conjunction)*
 *   conjunction := unary (","? "and" (unary | comparison-rest))*
 *   unary := "not" unary | "either" ... | "neither" A "nor" B | atom
 *   atom := a reference to a group of checks   "all of the checks above pass"
 *         | a list                              "any of the following is true:"
 *         | an anaphor                          "it was not", "so"
 *         | document presence                   "no receipt is attached",       (atoms.c)
 *                                               "more than one deposit slip was submitted"
 *         | absence                             "the claim log has no acknowledgment date"
 *                                                                               (atoms.c)
 *         | time in a state                     "the business has been operating for
 *                                                less than two years as of D"   (dates.c)
 *         | an age or an event's date           "the applicant is at least 18"  (dates.c)
 *         | a judgment                          "the damage is consistent with ..."
 *                                                                               (judgment.c)
 *         | a named condition or yes/no field   "the policy was active on the date of loss"
 *         | a comparison                        subject phrase object (atoms.c, compare.c)
 *
 * A comparison's subject is the longest known term at the start (so "the
 * total cash in exceeds" is not read as "total cash" + "in"); failing that,
 * the words before the first comparison phrase, resolved as a mention
 * (mention.c). "X is on or after A and on or before B" reuses X for the
 * second phrase. Values, on either side, are arith.c's.
 *
 * This file holds the grammar's recursive core: lists and groups of
 * conditions contain conditions, so everything that calls back into
 * cond_or() lives here, and the atoms below it never call up.
 *
 * Every function takes a cursor (*i) and an end, and consumes only what it
 * understands; a statement that leaves words unread is an error that quotes
 * them. Work is linear in the sentence up to a constant (term matching
 * tries at most MAX_TERM_WORDS lengths at a position).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "compile/arith.h"
#include "compile/atoms.h"
#include "compile/compare.h"
#include "compile/complements.h"
#include "compile/cond.h"
#include "compile/items.h"
#include "compile/dates.h"
#include "compile/judgment.h"
#include "compile/mention.h"
#include "compile/provenance.h"
#include "compile/statement.h"
#include "compile/taken.h"
#include "compile/xref.h"

static expr *cond_or(parser *p, uint32_t *i, uint32_t end);
static void lend_verb(parser *p, const expr *first, expr *second);

/* ---- atoms ---- */

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
	if ((is_w(p, *k, end, "a") || is_w(p, *k, end, "an")) && *k + 1 < end &&
	    p->tk[*k + 1].kind == T_WORD && is_check_group_noun(p->tk[*k + 1].low)) {
		(*k)++; /* "does not meet a standard in Sections A through C": any */
		return Q_ANY;
	}
	return Q_NONE;
}

/* The lines of the top-level section of the sentence being read; false
 * if it is in none. */
static bool section_range(const parser *p, xref *x)
{
	const lexed *lx = p->lx;
	uint32_t s = p->s[p->cur].section;
	while (s != NO_SECTION && lx->sections[s].clause)
		s = lx->sections[s].parent;
	if (s == NO_SECTION)
		return false;
	x->lo[0] = lx->sections[s].line;
	x->hi[0] = lx->sections[s].last_line;
	x->n = 1;
	return true;
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

/* Past "is true", "are met", "conditions apply", "circumstances exist"
 * after "any of the following" (from k, before b). */
static uint32_t list_closer(parser *p, uint32_t k, uint32_t b)
{
	static const char *const nouns[] = { "conditions", "condition", "criteria", "criterion",
	                                     "requirements", "circumstances", "situations",
	                                     "items", "factors", "statements", "tests", "events",
	                                     "facts" };
	static const char *const closers[] = { "true", "met", "satisfied", "present", "the case",
	                                       "applies", "apply", "applicable", "exists", "exist",
	                                       "holds", "hold", "occurs", "occur", "found", "fulfilled" };
	for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
		if (is_w(p, k, b, nouns[i])) {
			k++;
			break;
		}
	if ((is_w(p, k, b, "must") || is_w(p, k, b, "shall") || is_w(p, k, b, "should") ||
	     is_w(p, k, b, "will") || is_w(p, k, b, "may") || is_w(p, k, b, "can") ||
	     is_w(p, k, b, "does") || is_w(p, k, b, "do")) &&
	    k + 1 < b)
		k++; /* "must be true"; a "not" after it is no closer: an error */
	if (is_w(p, k, b, "be"))
		k++;
	else if (is_w(p, k, b, "is") || is_w(p, k, b, "are") || is_w(p, k, b, "has") ||
	    is_w(p, k, b, "have") || is_w(p, k, b, "was") || is_w(p, k, b, "were"))
		k += 1 + (is_w(p, k + 1, b, "been"));
	for (size_t i = 0; i < sizeof closers / sizeof closers[0]; i++) {
		uint32_t n = match(p, k, b, closers[i]);
		if (n)
			return k + n;
	}
	return k;
}

/* "Issue a pre-approval only when all of the following hold: the cost is
 * between $5,000 and $75,000, the term is at least 24 months, and the
 * score is at least 650.": the list written inline after the colon, its
 * items joined as the quantifier says ("all": "and", "any": "or"). */
static expr *inline_list(parser *p, uint32_t s, uint32_t colon, uint32_t end, enum quant q,
                         uint32_t *i)
{
	uint32_t k = colon + 1;
	expr *e = parse_condition(p, k, end);
	if (!e)
		return NULL;
	expr_op want = q == Q_ALL ? E_AND : E_OR;
	if (e->op != want && (e->op == E_AND || e->op == E_OR)) {
		parser_error(p, colon + 1, end - 1, q == Q_ALL ? "join the items with 'and'"
		                                               : "join the items with 'or'",
		             "the items after the colon are joined with the other of 'and' and 'or' "
		             "than '%s' says", slice_of(p, s, colon - 1));
		return NULL;
	}
	take_words(p, s, colon + 1 - s);
	*i = end;
	return q == Q_NO ? expr_not(p->c, e) : e;
}

/* "any of the following is true:" with the sentence's list. */
static expr *following_list(parser *p, uint32_t s, uint32_t k, uint32_t end, enum quant q,
                            uint32_t *i)
{
	uint32_t si = p->cur;
	sentence *sen = &p->s[si];
	uint32_t colon = list_closer(p, k, end);
	if (sen->nkids == 0 && is_punct(p, colon, end, ':') && colon + 1 < end)
		return inline_list(p, s, colon, end, q, i);
	if (sen->nkids == 0) {
		parser_error(p, s, k - 1, "put the conditions in a bulleted list after a colon",
		             "'%s' needs a list after the sentence", slice_of(p, s, k - 1));
		return NULL;
	}
	if (p->depth >= p->c->max_depth) {
		char lim[16];
		snprintf(lim, sizeof lim, "%u", p->c->max_depth);
		parser_error(p, s, k - 1, "flatten the lists", "conditions are nested deeper than the limit of %s",
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
		uint32_t from = item_title(p);
		expr *e = parse_condition(p, from, p->s[kid].n);
		if (e)
			items[n++] = e;
		else
			ok = false;
	}
	p->depth--;
	sentence_select(p, si);
	/* the rest of the intro: "is true", "apply", "conditions are met" */
	uint32_t rest = k, stop = k;
	while (stop < end && !is_punct(p, stop, end, ','))
		stop++;
	uint32_t b = stop;
	while (b > k && p->tk[b - 1].kind == T_PUNCT)
		b--;
	k = list_closer(p, k, b);
	if (k < b) {
		/* "is true for a loan above $1M": which cases, said where the
		 * scope reader cannot take it; never dropped */
		parser_error(p, k, b - 1, "say which cases first: 'For <cases>, ... if any of the "
		             "following is true:'",
		             "I don't understand '%s' after the list's introduction",
		             slice_of(p, k, b - 1));
		ok = false;
	}
	take_words(p, rest, stop - rest);
	*i = stop;
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
static expr *group_atom_read(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, k = *i;
	/* "(drivers who) meet both requirements", "fail any check above" */
	int lead = 0;
	static const char *const meets[] = { "meet", "meets", "satisfy", "satisfies", "pass",
	                                     "passes" };
	static const char *const fails[] = { "fail", "fails", "violate", "violates" };
	xref x = { .n = 0 };
	bool ranged = false, denied = false;
	/* "the application satisfies Section 3", "the employee is eligible
	 * under Section 3": a subject naming the case, then the verb */
	uint32_t qk = s;
	bool quantified = quantifier(p, &qk, end) != Q_NONE || is_w(p, s, end, "these") ||
	                  is_w(p, s, end, "they") || is_w(p, s, end, "those");
	for (uint32_t v = s; v < end && v < s + 6 && !lead && !quantified; v++) {
		if (v > s && (is_w(p, v, end, "must") || is_w(p, v, end, "shall") ||
		              is_w(p, v, end, "should")))
			continue; /* "the business must meet at least one of ..." */
		if (p->tk[v].kind != T_WORD || is_check_group_noun(p->tk[v].low) ||
		    (v > s && is_np_stop_word(p->tk[v].low) && !is_w(p, v, end, "is") &&
		     !is_w(p, v, end, "are") && !is_w(p, v, end, "does") && !is_w(p, v, end, "do") &&
		     !is_w(p, v, end, "did")))
			break; /* "the student does not meet ..." reaches "does" */
		for (size_t m = 0; m < sizeof meets / sizeof meets[0]; m++)
			if (is_w(p, v, end, meets[m]))
				lead = 1;
		for (size_t m = 0; m < sizeof fails / sizeof fails[0]; m++)
			if (is_w(p, v, end, fails[m]))
				lead = -1;
		if ((is_w(p, v, end, "falls") || is_w(p, v, end, "fall")) && is_w(p, v + 1, end, "under") &&
		    v + 2 < end && !xref_target_at(p, &(uint32_t){ v + 2 }, end, &(xref){ .n = 0 })) {
			lead = -1; /* "falls under any item in 5.2": one of its cases holds */
			v++;
		}
		if (!lead && (is_w(p, v, end, "does") || is_w(p, v, end, "do") || is_w(p, v, end, "did")) &&
		    is_w(p, v + 1, end, "not")) {
			/* "does not meet all of 1400.4" */
			for (size_t m = 0; m < sizeof meets / sizeof meets[0]; m++)
				if (is_w(p, v + 2, end, meets[m]))
					lead = -1;
			if (lead) {
				v += 2;
				denied = true;
			}
		}
		if (lead && v > s && match_term(p, s, v, false, &(uint32_t){ 0 }) >= 0)
			lead = 0; /* "the credit score meets ...": a term, not the case */
		if (lead) {
			uint32_t e = v;
			while (e > s && (is_w(p, e - 1, end, "must") || is_w(p, e - 1, end, "shall") ||
			                 is_w(p, e - 1, end, "should") || is_w(p, e - 1, end, "not") ||
			                 is_w(p, e - 1, end, "does") || is_w(p, e - 1, end, "do")))
				e--;
			if (e > s && is_party(p, s, e))
				take_words(p, s, e - s); /* whoever else is left to accounting.c */
			k = v;
			break;
		}
		uint32_t j = v + 1;
		bool neg = false;
		if ((is_w(p, v, end, "is") || is_w(p, v, end, "are")) && v > s) {
			if (is_w(p, j, end, "not")) {
				neg = true;
				j++;
			}
			if ((is_w(p, j, end, "eligible") || is_w(p, j, end, "qualified")) &&
			    (j++, xref_at(p, &j, end, &x))) {
				ranged = true;
				*i = j;
				k = j;
				lead = neg ? -1 : 1;
				denied = neg; /* "is not eligible under Section 3": one fails */
				break;
			}
		}
	}
	if (lead && !ranged)
		k++;
	bool an = is_w(p, k, end, "a") || is_w(p, k, end, "an");
	enum quant q = quantifier(p, &k, end);
	if (denied) {
		/* "does not meet every requirement": one fails; "does not meet any
		 * requirement": each fails; "does not meet a standard": one fails */
		if (q == Q_ALL || q == Q_NONE)
			q = Q_ANY;
		else if (q == Q_ANY && !an)
			q = Q_ALL;
	}
	uint32_t ofk = k + 1;
	if (lead && !ranged && q != Q_NONE && is_w(p, k, end, "of") &&
	    xref_target_at(p, &ofk, end, &x)) {
		ranged = true; /* "meets all of 1400.4" */
		k = ofk;
	}
	if (lead && !ranged && xref_target_at(p, &k, end, &x)) {
		ranged = true; /* "satisfies both Section 3 and Section 4" */
		q = Q_ALL;
	}
	uint32_t of = k;
	if (!lead && q != Q_NONE && is_w(p, k, end, "of") && (of = k + 1, true) &&
	    xref_target_at(p, &of, end, &x)) {
		/* "none of 3.1 to 3.3 applies": the conditions of the rules there */
		uint32_t vl;
		bool pass = true;
		if (!is_pass_phrase(p, of, end, &vl, &pass))
			return NULL;
		expr *conds[512];
		uint32_t n = xref_rule_conditions(p, &x, conds, 512);
		span sp = span_of(p, s, of + vl - 1);
		if (n == 0) {
			parser_error(p, s, of + vl - 1, "refer to rules stated before this sentence",
			     "'%s' refers to rules, but there are none with a condition before it there",
			     slice_of(p, s, of + vl - 1));
			*i = of + vl;
			return NULL;
		}
		*i = of + vl;
		return quantify(p, conds, n, q, pass, sp);
	}
	if (ranged) {
		expr *refs[512];
		uint32_t n = 0;
		span sp = span_of(p, s, k - 1);
		for (uint32_t d = 0; d < p->c->ndefs && n < 512; d++) {
			const def *y = &p->c->defs[d];
			if (is_check_kind(y->kind) && y->sentence_index < p->cur && xref_holds(&x, y->sp.line))
				refs[n++] = expr_ref(p->c, d, sp);
		}
		if (n == 0) {
			parser_error(p, s, k - 1, "state the requirements before the sentence that refers to them",
			     "'%s' refers to requirements, but there are none before it there",
			     slice_of(p, s, k - 1));
			*i = k;
			return NULL;
		}
		*i = k;
		return quantify(p, refs, n, q == Q_NONE ? Q_ALL : q, lead > 0, sp);
	}
	if (q != Q_NONE && is_w(p, k, end, "of"))
		k++;
	if (q != Q_NONE && match(p, k, end, "the following")) {
		k += 2;
		return following_list(p, s, k, end, q, i);
	}
	if (q != Q_NONE && k == end && p->s[p->cur].end == ':' && p->s[p->cur].nkids &&
	    !kids_are_rules(p))
		return following_list(p, s, k, end, q, i); /* "... if either:" and the list */
	bool these = false, above = false, pronoun = false;
	/* "both conditions", "the two checks above": the last ones stated */
	int64_t want = is_w(p, s, end, "both") ? 2 : 0;
	if (q != Q_NONE && (is_w(p, k, end, "these") || is_w(p, k, end, "those")) &&
	    p->s[p->cur].nkids && p->s[p->cur].end == ':' && !kids_are_rules(p)) {
		/* "if any of these is true:" followed by the list */
		k++;
		return following_list(p, s, k, end, q, i);
	}
	bool this_one = false;
	if (is_w(p, k, end, "these") || is_w(p, k, end, "those") || is_w(p, k, end, "such")) {
		these = true;
		k++;
	} else if (lead && is_w(p, k, end, "this") && k + 1 < end && p->tk[k + 1].kind == T_WORD &&
	           clause_boundary(p, k + 2, end)) {
		/* "does not meet this distance", "fails this rule": the
		 * requirement just stated */
		these = this_one = true;
		k += 2;
	} else if (is_w(p, k, end, "they") || is_w(p, k, end, "them")) {
		/* "if they are all met": only with a pass phrase after it */
		these = pronoun = true;
		k++;
	} else if (is_w(p, k, end, "the")) {
		k++;
	}
	while (is_w(p, k, end, "above") || is_w(p, k, end, "preceding") ||
	       is_w(p, k, end, "foregoing") || is_w(p, k, end, "previous") ||
	       is_w(p, k, end, "listed") || is_w(p, k, end, "other") ||
	       is_w(p, k, end, "last")) { /* "the last two checks": a count follows */
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
	bool noun = this_one || (!pronoun && k < end && p->tk[k].kind == T_WORD &&
	                         is_check_group_noun(p->tk[k].low));
	/* "none of the outcomes in Sections 4 through 7": the actions there,
	 * never the requirements */
	bool outcomes = noun && !this_one &&
	                (is_w(p, k, end, "outcome") || is_w(p, k, end, "outcomes") ||
	                 is_w(p, k, end, "action") || is_w(p, k, end, "actions") ||
	                 is_w(p, k, end, "decision") || is_w(p, k, end, "decisions") ||
	                 is_w(p, k, end, "consequence") || is_w(p, k, end, "consequences"));
	uint32_t pl;
	bool pass_after;
	if (noun && !this_one)
		k++;
	else if (noun)
		;
	else if (these && q != Q_NONE && p->ctx && p->ctx->nconds && p->s[p->cur].bullet &&
	         is_pass_phrase(p, k, end, &pl, &pass_after))
		above = true; /* "- if neither of these applies, ..." after rules of its list */
	else if (these && q != Q_NONE && p->last_list_n && is_pass_phrase(p, k, end, &pl, &pass_after))
		pronoun = true; /* "If any of these is not true": the list just before */
	else if (these && q != Q_NONE && p->ctx && p->ctx->nconds &&
	         is_pass_phrase(p, k, end, &pl, &pass_after))
		above = true; /* "If none of these applies, ..." after rules */
	else if (!above && !pronoun)
		return NULL;
	if (noun && !this_one && q != Q_NONE && is_w(p, k, end, "below") && p->s[p->cur].end == ':' &&
	    p->s[p->cur].nkids && !kids_are_rules(p))
	{
		take_words(p, s, k + 1 - s); /* "each standard below is met:" */
		return following_list(p, s, k + 1, end, q, i);
	}
	for (int pass_no = 0; pass_no < 2; pass_no++) {
		while (is_w(p, k, end, "above") || match(p, k, end, "listed above") ||
		       is_w(p, k, end, "below") || match(p, k, end, "in the list above") ||
		       match(p, k, end, "on the list above")) {
			k += match(p, k, end, "listed above") ? 2 :
			     (match(p, k, end, "in the list above") || match(p, k, end, "on the list above")) ? 4 : 1;
			above = true;
		}
		/* "any requirement in this section", "the rules of parts 2 and 3" */
		if (!ranged && noun && xref_at(p, &k, end, &x))
			ranged = above = true;
	}
	if (ranged)
		these = false;
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
		vl = 0;
		if (p->group_verb_sentence == p->cur && p->group_verb_lead &&
		    s == p->group_verb_end + 1 && (is_w(p, s - 1, end, "or") || is_w(p, s - 1, end, "and")))
			pass = p->group_verb_lead > 0; /* "does not meet 3.1 or the standard in 3.2" */
		/* else "if all of these requirements," ... rare: read as met */
	}
	k += vl;
	if (q == Q_NONE)
		q = Q_ALL;
	span sp = span_of(p, s, k - 1);
	if (!noun && !pronoun) {
		/* "none of the above applies": the conditions of this list's Ifs */
		seq_ctx *ctx = p->ctx;
		if (!ctx || ctx->nconds == 0) {
			parser_error(p, s, k - 1, "use it after a list of 'If ...' rules",
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
		if (have < want && p->ctx && p->ctx->nconds >= want) {
			/* "if none of the three items above applies" after rules:
			 * the conditions of the last ones */
			*i = k;
			return quantify(p, p->ctx->conds + (p->ctx->nconds - want), (uint32_t)want, q,
			                pass, sp);
		}
		if (have < want) {
			if (!parser_quiet(p))
				diag_error(p->c, span_of(p, s, k - 1),
				           "state each check with 'Verify that ...' before this",
				           "'%s' refers to %lld checks, but there are %u before it",
				           slice_of(p, s, k - 1), (long long)want, have);
			*i = k; /* reported: no second guess at the words */
			return NULL;
		}
		these = false;
	}
	/* "the criteria above" in a section of its own: that section's, not
	 * every check the policy stated before (Section 3's requirements are
	 * not "the criteria above" in Section 4); the whole policy's only when
	 * the section has none */
	xref here = { .n = 0 };
	bool local = above && !ranged && !these && !want && section_range(p, &here);
	for (int pass_no = 0; pass_no < 2 && n == 0 && !outcomes; pass_no++) {
		for (uint32_t d = from; d < p->c->ndefs && n < 512; d++) {
			const def *y = &p->c->defs[d];
			if (!is_check_kind(y->kind) || y->sentence_index >= p->cur)
				continue;
			if (these && y->group != p->last_group)
				continue;
			if (ranged && !xref_holds(&x, y->sp.line))
				continue;
			if (local && pass_no == 0 && !xref_holds(&here, y->sp.line))
				continue;
			guards[n] = y->guard;
			refs[n++] = expr_ref(p->c, d, sp);
		}
		if (!local)
			break;
	}
	if (n == 0 && ranged) {
		/* "members who meet every condition in Section 4", where Section
		 * 4 names a condition by a list: the list's conditions */
		for (uint32_t d = 0; d < p->c->ndefs; d++) {
			const def *y = &p->c->defs[d];
			if (!y->is_predicate || !y->value || y->sentence_index >= p->cur ||
			    !xref_holds(&x, y->sp.line))
				continue;
			*i = k;
			bool listed = (y->value->op == E_AND || y->value->op == E_OR) && y->value->nargs > 1;
			if (listed)
				return quantify(p, y->value->args, y->value->nargs, q, pass, sp);
			if (q == Q_ALL && pass)
				return expr_ref(p->c, d, sp);
			break;
		}
		/* "if none of the rules in parts 2 and 3 applies", "none of the
		 * conditions in 4.3": the conditions of the actions there, and
		 * only there (never every rule's above: that read 4.1 and 4.2
		 * as conditions "in 4.3"); only "none" and "any ... applies": a
		 * rule's condition may be several, and "all of them" is not its
		 * condition */
		n = xref_rule_conditions(p, &x, refs, 512);
		const char *head = tw(p, s + 1);
		bool one = n == 1 && is_w(p, s, end, "the") && is_check_group_noun(head) &&
		           head[strlen(head) - 1] != 's'; /* "the condition in 5.1" */
		if (!pass || (q != Q_NO && q != Q_ANY && !one)) {
			/* "the condition in 5.1 applies" when 5.1 has one: that one */
			parser_error(p, s, k - 1, "say 'if none of the rules in ... applies' or name "
			                          "the conditions",
			             "I can't tell which conditions '%s' means", slice_of(p, s, k - 1));
			*i = k;
			return NULL;
		}
		*i = k;
		if (n == 0)
			parser_error(p, s, k - 1, "refer to rules stated before this sentence",
			             "'%s' refers to rules, but there are none with a condition before it "
			             "there", slice_of(p, s, k - 1));
		return n ? quantify(p, refs, n, q, pass, sp) : NULL;
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
		parser_error(p, s, k - 1, "state checks with 'Verify that ...' or 'Require ...' before this",
		             "'%s' refers to checks, but there are none before it", slice_of(p, s, k - 1));
		*i = k;
		return NULL;
	}
	p->inherited_guard = shared_guard(guards, n);
	*i = k;
	return quantify(p, refs, n, q, pass, sp);
}

/* The verb of a reference to requirements just read, for the next one
 * that has none: "does not meet the standard in 3.1 or the standard in
 * 3.2" fails either. */
static expr *group_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i;
	expr *e = group_atom_read(p, i, end);
	if (!e)
		return NULL;
	int lead = 0;
	for (uint32_t k = s; k < *i && !lead; k++) {
		if (is_w(p, k, end, "fails") || is_w(p, k, end, "fail") ||
		    ((is_w(p, k, end, "does") || is_w(p, k, end, "do")) && is_w(p, k + 1, end, "not")))
			lead = -1;
		else if (is_w(p, k, end, "meets") || is_w(p, k, end, "meet") ||
		         is_w(p, k, end, "satisfies") || is_w(p, k, end, "passes"))
			lead = 1;
	}
	if (lead || p->group_verb_sentence != p->cur || s != p->group_verb_end + 1)
		p->group_verb_lead = lead;
	p->group_verb_end = *i;
	p->group_verb_sentence = p->cur;
	return e;
}

/* "it was not", "it is", "so", "not" (as in "If not, ..."). */

/* Whether `e` says that a value or a document is there ("the tax ID is
 * present", "a W-9 is attached"). */
static bool says_present(const expr *e)
{
	if (e && e->op == E_REF)
		return false;
	if (e && e->op == E_NOT && e->nargs == 1 && e->args[0]->op == E_MISSING)
		return true;
	return e && e->op == E_CMP && e->nargs == 2 && e->args[0]->op == E_DOC_COUNT;
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
	} else if ((is_w(p, k, end, "missing") || is_w(p, k, end, "absent")) &&
	           clause_boundary(p, k + 1, end) && p->last_cond &&
	           says_present(p->last_cond)) {
		/* "Confirm the tax ID is present. If missing, ...": not there */
		k++;
		neg = true;
	} else {
		return NULL;
	}
	if (!p->last_cond) {
		parser_error(p, *i, k - 1, "state the condition again", "I can't tell what '%s' refers to",
		             slice_of(p, *i, k - 1));
		return NULL;
	}
	*i = k;
	return neg ? expr_not(p->c, p->last_cond) : p->last_cond;
}

/* The comparison `e` (of term `from`) made of term `to` instead. */
static expr *same_comparison(parser *p, const expr *e, uint32_t to, span sp, const char *text)
{
	expr *r = expr_ref(p->c, to, sp);
	if (!r)
		return NULL;
	r->text = text;
	if (e->op == E_CMP)
		return expr_cmp(p->c, e->cmp, r, e->args[1], sp, e->text);
	expr *args[3] = { r, e->args[1], e->args[2] };
	expr *b = expr_nary(p->c, E_BETWEEN, args, 3, sp);
	if (b) {
		b->type = POLICY_TYPE_BOOLEAN;
		b->text = e->text;
	}
	return b;
}

/* "the claimed amount or the repair estimate exceeds $5,000": value terms
 * joined by "or" / "and", then one comparison that each of them meets
 * (or, for "and", both). NULL, *i unchanged, if that is not the shape. */
static expr *shared_comparison(parser *p, uint32_t *i, uint32_t end)
{
	enum { MAX_SHARED = 8 };
	uint32_t starts[MAX_SHARED], lens[MAX_SHARED], n = 0, k = *i;
	int32_t terms[MAX_SHARED];
	const char *joiner = NULL;
	while (n < MAX_SHARED) {
		uint32_t f = skip_articles(p, k, end), tl;
		int32_t d = match_term(p, f, end, false, &tl);
		if (d < 0 || p->c->defs[d].type == POLICY_TYPE_BOOLEAN)
			return NULL;
		starts[n] = k;
		lens[n] = f + tl - k;
		terms[n++] = d;
		k = f + tl;
		if (is_punct(p, k, end, ','))
			k++;
		const char *w = is_w(p, k, end, "or") ? "or" : is_w(p, k, end, "and") ? "and" : NULL;
		if (!w)
			break;
		if (joiner && strcmp(joiner, w))
			return NULL;
		joiner = w;
		k++;
	}
	if (n < 2 || !joiner)
		return NULL;
	uint32_t j = starts[n - 1];
	expr *subject = NULL;
	expr *last = comparison_atom(p, &j, end, &subject);
	if (!last)
		return NULL;
	const expr *core = last;
	if (!((core->op == E_CMP || core->op == E_BETWEEN) && core->args[0]->op == E_REF &&
	      core->args[0]->step == (uint32_t)terms[n - 1]))
		return NULL;
	expr *all = last;
	for (uint32_t t = n - 1; t-- > 0;) {
		span sp = span_of(p, starts[t], starts[t] + lens[t] - 1);
		expr *one = same_comparison(p, core, (uint32_t)terms[t], sp, p->c->defs[terms[t]].name);
		if (!one)
			return NULL;
		if (!strcmp(joiner, "and")) {
			all = expr_and(p->c, one, all);
		} else {
			expr *args[2] = { one, all };
			all = expr_nary(p->c, E_OR, args, 2, sp);
			if (all)
				all->type = POLICY_TYPE_BOOLEAN;
		}
	}
	take_words(p, *i, j - *i);
	*i = j;
	return all;
}

uint32_t under_defining_section(parser *p, uint32_t k, uint32_t end, uint32_t d)
{
	uint32_t j = k;
	xref x = { .n = 0 };
	if (d >= p->c->ndefs || !p->c->defs[d].is_predicate || !is_w(p, j, end, "under") ||
	    !xref_at(p, &j, end, &x) || !xref_holds(&x, p->c->defs[d].sp.line))
		return k;
	take_words(p, k, j - k);
	return j;
}

static expr *cond_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out);

/* "an acceptable driver is 65 or older": the named condition the
 * adjective says of the noun (complements.c), and the rest said of the
 * noun. */
static expr *qualified_subject(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
{
	bool negated = false;
	int32_t d = qualifier_named(p, *i, end, &negated);
	uint32_t j = *i + 2;
	expr *rest = d >= 0 ? cond_atom(p, &j, end, subject_out) : NULL;
	if (!rest)
		return NULL;
	take_words(p, *i, 2);
	expr *q = expr_ref(p->c, (uint32_t)d, span_of(p, *i, *i + 2));
	if (q)
		q->text = slice_of(p, *i, *i + 2);
	*i = j;
	return expr_and(p->c, negated ? expr_not(p->c, q) : q, rest);
}

static expr *cond_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
{
	uint32_t s = *i;
	*subject_out = NULL;
	expr *e;
	if ((e = qualified_subject(p, i, end, subject_out)) || p->c->nomem || *i != s)
		return e;
	if ((e = action_rules_atom(p, i, end)) || p->c->nomem || *i != s)
		return e; /* "none of the denial rules above applies" (taken.c) */
	if ((e = group_atom(p, i, end)) || p->c->nomem || *i != s)
		return e;
	if ((e = item_atom(p, i, end)) || p->c->nomem || *i != s)
		return e;
	if ((e = xref_atom(p, i, end)) || p->c->nomem || *i != s)
		return e; /* "if neither 5.1 nor 5.2 applies" */
	if ((e = quantified_atom(p, i, end)) || *i != s || p->c->nomem ||
	    (e = differs_atom(p, i, end)) || *i != s || p->c->nomem ||
	    (e = sign_atom(p, i, end)) || *i != s || p->c->nomem ||
	    (e = units_state_atom(p, i, end)) || *i != s || p->c->nomem)
		return e;
	if ((e = anaphor(p, i, end)) || *i != s)
		return e;
	if ((e = named_atom(p, i, end)) || *i != s || p->c->nomem)
		return e; /* "no co-signer is named" */
	size_t before_taken = p->c->diags->count;
	if ((e = taken_atom(p, i, end)) || p->c->diags->count != before_taken || p->c->nomem ||
	    (e = stated_atom(p, i, end)))
		return e; /* "is not declined under Section 4", "review is mandatory" (taken.c) */
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
		if ((e = statement_atom(p, i, end)) || *i != s || p->c->nomem)
			return e; /* "the firm has sued a client": a fact (statement.c) */
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
		if ((e = there_are_atom(p, i, end)) || *i != s || p->c->nomem ||
		    (e = occurs_atom(p, i, end)) || *i != s || (e = located_atom(p, i, end)) ||
		    *i != s || p->c->nomem)
			return e;
	}
	if (p->verbless && ((e = held_comparison(p, i, end, subject_out)) ||
	                    (!p->c->nomem && *i == s && (e = held_count(p, i, end))) || *i != s ||
	                    p->c->nomem))
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
		*i = under_defining_section(p, *i, end, (uint32_t)d);
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
	if ((e = shared_comparison(p, i, end)) || *i != s || p->c->nomem)
		return e; /* "the claimed amount or the repair estimate exceeds $5,000" */
	/* Nothing fits: report the clause. */
	uint32_t k = s;
	while (k < end && !clause_boundary(p, k, end))
		k++;
	if (k == s)
		k = s + 1;
	const char *hint = "write a comparison such as 'the claimed amount exceeds $50,000'";
	parser_error(p, s, k - 1, hint, "I don't understand the condition '%s'", slice_of(p, s, k - 1));
	return NULL;
}

static expr *with_alternatives(parser *p, expr *x, expr *subject, uint32_t *i, uint32_t end);
static expr *last_subject(expr *a);

/* "A and either B or C": B or C, one condition, before the "and" can take
 * either ("either" was once skipped: (A and B) or C). From after
 * "either". */
static expr *either_group(parser *p, uint32_t *i, uint32_t end, expr **subject)
{
	expr *a = cond_atom(p, i, end, subject);
	a = with_alternatives(p, a, *subject, i, end);
	while (a) {
		uint32_t k = *i;
		if (is_punct(p, k, end, ','))
			k++;
		if (!is_w(p, k, end, "or"))
			break;
		k++;
		expr *b = NULL, *sub2 = NULL;
		op_match m;
		expr *carried = last_subject(a);
		if (carried && op_at(p, k, end, true, &m) && m.kind != PK_EQ) {
			/* "either below 600 or above 800" */
			uint32_t j = k;
			b = comparison_rest(p, &j, end, carried, 0, 0, &m, NULL);
			if (b)
				k = j;
		}
		if (!b && is_w(p, k, end, "both") && !is_w(p, k + 1, end, "of")) {
			/* "either A, or both B and C": A, or B and C together */
			k++;
			b = cond_atom(p, &k, end, &sub2);
			b = with_alternatives(p, b, sub2, &k, end);
			uint32_t j = k;
			if (is_punct(p, j, end, ','))
				j++;
			if (b && is_w(p, j, end, "and")) {
				j++;
				expr *sub3 = NULL;
				expr *c = cond_atom(p, &j, end, &sub3);
				c = with_alternatives(p, c, sub3, &j, end);
				b = c ? expr_and(p->c, b, c) : NULL;
				k = j;
				sub2 = sub3;
			}
			*subject = sub2;
		}
		if (!b) {
			b = cond_atom(p, &k, end, &sub2);
			b = with_alternatives(p, b, sub2, &k, end);
			*subject = sub2;
		}
		if (!b)
			return NULL;
		a = expr_or(p->c, a, b);
		*i = k;
	}
	return a;
}

static expr *cond_unary(parser *p, uint32_t *i, uint32_t end, expr **subject)
{
	*subject = NULL;
	if (p->depth >= p->c->max_depth) {
		char lim[16];
		snprintf(lim, sizeof lim, "%u", p->c->max_depth);
		parser_error(p, *i, *i, "simplify the condition",
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
	if (is_w(p, *i, end, "neither") && !is_w(p, *i + 1, end, "of") &&
	    !(*i + 1 < end && p->tk[*i + 1].kind == T_WORD && is_check_group_noun(p->tk[*i + 1].low))) {
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
	    !is_w(p, *i + 1, end, "of") && *i + 1 < end &&
	    !(*i + 1 < end && p->tk[*i + 1].kind == T_WORD &&
	      is_check_group_noun(p->tk[*i + 1].low))) {
		bool either = is_w(p, *i, end, "either");
		(*i)++;
		if (either)
			return either_group(p, i, end, subject);
	}
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
/* Whether the comparison that ends `a` says "is not": then "is not A or B"
 * means neither A nor B. */
static bool ends_in_is_not(const expr *a)
{
	while (a && (a->op == E_AND || a->op == E_OR) && a->nargs)
		a = a->args[a->nargs - 1];
	return a && ((a->op == E_CMP && a->cmp == CMP_NE) ||
	             (a->op == E_NOT && a->nargs && a->args[0]->op == E_CMP &&
	              a->args[0]->cmp == CMP_EQ));
}

static expr *elided_value(parser *p, expr *a, expr *subject, uint32_t *k, uint32_t end)
{
	expr *last = a;
	while (last && (last->op == E_AND || last->op == E_OR) && last->nargs)
		last = last->args[last->nargs - 1];
	bool negated = ends_in_is_not(a);
	if (last && last->op == E_NOT && last->nargs)
		last = last->args[0];
	if (!last || last->op != E_CMP || (last->cmp != CMP_EQ && last->cmp != CMP_NE))
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
	if (!v || !clause_boundary(p, j, end) || comparative_value(v))
		return NULL;
	expr *e = expr_cmp(p->c, negated ? CMP_NE : CMP_EQ, subject, v, span_of(p, *k, j - 1),
	                   last->text);
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
		bool neither = ends_in_is_not(x);
		expr *v = elided_value(p, x, subject, &k, end);
		if (!v)
			break;
		expr *args[2] = { x, v };
		x = expr_nary(p->c, neither ? E_AND : E_OR, args, 2, x->sp);
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
		/* "... is $5,000 or more while the amount is $2,500 or less":
		 * both at once */
		bool whose = is_w(p, k, end, "whose") && k + 1 < end && p->tk[k + 1].kind == T_WORD;
		if (!is_w(p, k, end, "and") && !is_w(p, k, end, "but") && !is_w(p, k, end, "while") &&
		    !whose)
			break;
		k++;
		if (is_w(p, k, end, "then"))
			break;
		if (whose) {
			/* "the customer is an individual whose residency status is
			 * nonresident alien": both, the second a condition of its own */
			expr *sub2;
			expr *b = cond_unary(p, &k, end, &sub2);
			if (!b)
				return NULL;
			subject = sub2;
			a = expr_and(p->c, a, b);
			*i = k;
			continue;
		}
		op_match m;
		expr *b = NULL, *sub2 = NULL;
		if (subject && !is_w(p, k, end, "has") &&
		    (op_at(p, k, end, false, &m) ||
		     /* "above 600 but below 700": the bare phrase, before a number */
		     (op_at(p, k, end, true, &m) && k + m.len < end &&
		      p->tk[k + m.len].kind == T_QUANTITY))) {
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
	/* "under 18 or over 75": an age counted from the date of birth too */
	return a && a->op == E_CMP && (a->args[0]->op == E_REF || a->args[0]->op == E_ELAPSED)
	               ? a->args[0]
	               : NULL;
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
			a = expr_or(p->c, a, b);
			*i = k;
			continue;
		}
		if (is_punct(p, k, end, ','))
			k++;
		if (!is_w(p, k, end, "or"))
			break;
		k++;
		if ((is_w(p, k, end, "when") || is_w(p, k, end, "if") || is_w(p, k, end, "where")) &&
		    k + 1 < end && p->tk[k + 1].kind == T_WORD)
			k++; /* "... when it is B or better, or when it is C+": one condition */
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
				a = expr_or(p->c, a, b);
				*i = j;
				continue;
			}
		}
		b = cond_and(p, &k, end);
		if (!b)
			return NULL;
		a = expr_or(p->c, a, b);
		*i = k;
	}
	return a;
}

expr *parse_condition(parser *p, uint32_t first, uint32_t end)
{
	uint32_t i = first;
	if (first >= end) {
		if (!parser_quiet(p))
			diag_error(p->c, span_of(p, first ? first - 1 : 0, first ? first - 1 : 0),
			           "write the condition", "the condition is missing");
		return NULL;
	}
	size_t errors = p->c->diags->count;
	expr *e = cond_or(p, &i, end);
	if (!e) {
		/* a reading that gave up without a word must not drop the rule it
		 * belongs to: say so here */
		if (!p->c->nomem && !parser_quiet(p) && p->c->diags->count == errors)
			parser_error(p, first, end - 1,
			             "write a comparison such as 'the claimed amount exceeds $50,000'",
			             "I don't understand the condition '%s'", slice_of(p, first, end - 1));
		return NULL;
	}
	if (i < end && provenance_tail(p, i, end)) {
		/* taken only when it names where a value the condition reads comes
		 * from; otherwise its words are left for accounting.c to report */
		if (!p->trial && !p->declaring &&
		    p->nprovenances < sizeof p->provenances / sizeof p->provenances[0]) {
			/* checked when every definition is read (cond_check_provenances) */
			p->provenances[p->nprovenances].e = e;
			p->provenances[p->nprovenances].sentence = p->cur;
			p->provenances[p->nprovenances].first = i;
			p->provenances[p->nprovenances].end = end;
			p->nprovenances++;
		}
		i = end;
	}
	uint32_t ex = is_punct(p, i, end, ',') ? i + 1 : i, exl = 0;
	if ((exl = match(p, ex, end, "except when")) || (exl = match(p, ex, end, "except if")) ||
	    (exl = match(p, ex, end, "except where")) || (exl = match(p, ex, end, "unless"))) {
		/* "- the driver changed jobs this year, except when the years of
		 * experience are 5 or more": this, and not that */
		expr *but = parse_condition(p, ex + exl, end);
		return but ? expr_and(p->c, e, expr_not(p->c, but)) : NULL;
	}
	if (i < end) {
		parser_error(p, i, end - 1, "split the sentence, or join conditions with 'and' or 'or'",
		             "I don't understand '%s' after the condition", slice_of(p, i, end - 1));
		return NULL;
	}
	return e;
}
