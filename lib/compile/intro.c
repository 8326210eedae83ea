/*
 * Lists and the sentences that introduce them. A list's items may hold for
 * some cases only, said once before them: "All of the following must be
 * true for any loan above $1,000,000:", "The following routing applies to
 * an application that meets every requirement of Section 4:". Those words
 * are read as the items' guard, or are an error: an introduction never
 * goes unread, which once made its items hold for every case. Also here:
 * "the underwriter shall:" over steps, an item's own exception ("...,
 * except when ..."), and "No X whose ... may ..." over cases.
 */
#include "compile/intro.h"

#include <string.h>

#include "compile/cond.h"
#include "compile/mention.h"
#include "compile/rules.h"
#include "compile/scope.h"

/* The cases a list's introduction is for, after its "the following":
 * "All of the following must be true for any loan above $1,000,000:",
 * "The following conditions must be met when the loan amount exceeds
 * $1,000,000:", "Each of the following must hold, unless the borrower is
 * an employee:". *which is NULL for every case. False if reported: words
 * there that no reading takes are an error, never dropped. */
bool intro_cases(parser *p, uint32_t a, uint32_t b, expr **which)
{
	*which = NULL;
	uint32_t stop = b;
	while (stop > a && p->tk[stop - 1].kind == T_PUNCT)
		stop--;
	uint32_t k = a;
	while (k < stop && !match(p, k, stop, "the following"))
		k++;
	size_t errors = error_count_severity(p->c->diags, POLICY_SEVERITY_ERROR);
	for (; k < stop; k++) {
		uint32_t q = k + 1;
		if (is_w(p, k, stop, "for")) {
			*which = parse_scope_qualifier(p, q, stop);
		} else if (is_w(p, k, stop, "when") || is_w(p, k, stop, "if") ||
		           is_w(p, k, stop, "where") || is_w(p, k, stop, "whenever")) {
			*which = parse_condition(p, q, stop);
		} else if (is_w(p, k, stop, "unless")) {
			expr *e = parse_condition(p, q, stop);
			*which = e ? expr_not(p->c, e) : NULL;
		} else {
			continue;
		}
		if (error_count_severity(p->c->diags, POLICY_SEVERITY_ERROR) != errors || p->c->nomem)
			return false;
		take_words(p, k, stop - k);
		return true;
	}
	return true;
}

/* The cases a list's introduction names: "The following routing applies,
 * according to the loan amount, to an application that meets every
 * requirement of Section 4:", "The following rules apply only when the
 * account is a business account:". An introduction that names cases in
 * words no reading takes ("... for any claim that ...:") is an error: its
 * items never silently hold for every case. False if reported. */
bool intro_scope(parser *p, uint32_t i, uint32_t end, expr **which)
{
	*which = NULL;
	uint32_t v = i;
	while (v < end && !is_w(p, v, end, "apply") && !is_w(p, v, end, "applies"))
		v++;
	uint32_t j = v + 1;
	if (v < end && is_punct(p, j, end, ',')) {
		/* ", according to the loan amount,": how the items divide */
		uint32_t c = j + 1;
		while (c < end && !is_punct(p, c, end, ','))
			c++;
		if (c < end && (match(p, j + 1, c, "according to") || match(p, j + 1, c, "based on") ||
		                match(p, j + 1, c, "depending on") || match(p, j + 1, c, "by")))
			j = c + 1;
	}
	if (is_w(p, j, end, "only"))
		j++;
	uint32_t stop = end;
	while (stop > j && p->tk[stop - 1].kind == T_PUNCT)
		stop--;
	size_t errors = error_count_severity(p->c->diags, POLICY_SEVERITY_ERROR);
	if (v < end && (is_w(p, j, end, "to") || is_w(p, j, end, "for"))) {
		*which = parse_scope_qualifier(p, j + 1, stop);
	} else if (v < end && (is_w(p, j, end, "when") || is_w(p, j, end, "if") ||
	                       is_w(p, j, end, "where") || is_w(p, j, end, "whenever"))) {
		*which = parse_condition(p, j + 1, stop);
	} else {
		static const char *const markers[] = { "when", "if", "unless", "whenever", "whose",
		                                       "who", "which", "that", "only", "except" };
		for (uint32_t k = i; k < stop; k++)
			for (size_t m = 0; m < sizeof markers / sizeof markers[0]; m++)
				if (is_w(p, k, stop, markers[m])) {
					parser_error(p, k, stop - 1,
					             "say which cases as 'The following rules apply to "
					             "<cases>:' or 'For <cases>:'",
					             "I don't understand '%s' in this list's introduction",
					             slice_of(p, k, stop - 1));
					return false;
				}
		return true;
	}
	if (error_count_severity(p->c->diags, POLICY_SEVERITY_ERROR) != errors || p->c->nomem)
		return false;
	take_words(p, i, end - i);
	return true;
}

/* "the underwriter shall:", "the claims examiner must do the following:":
 * whoever does the steps, a modal, and a list of them. */
bool duties_intro(parser *p, const sentence *s, uint32_t i, uint32_t end)
{
	if (s->end != ':' || !s->nkids)
		return false;
	uint32_t m = i;
	while (m < end && m < i + 5 && !is_w(p, m, end, "shall") && !is_w(p, m, end, "must") &&
	       !is_w(p, m, end, "will") && !is_w(p, m, end, "should"))
		m++;
	if (m >= end || m == i || !is_determiner(tw(p, i)) ||
	    match_term(p, i, m, false, &(uint32_t){ 0 }) >= 0)
		return false;
	for (uint32_t w = i + 1; w < m; w++)
		if (p->tk[w].kind != T_WORD || is_aux_word(p->tk[w].low))
			return false; /* "the underwriter", "the claims examiner" */
	uint32_t k = m + 1;
	if (match(p, k, end, "do the following") || match(p, k, end, "take the following steps"))
		k += match(p, k, end, "do the following") ? 3 : 4;
	while (k < end && p->tk[k].kind == T_PUNCT)
		k++;
	return k == end;
}

/* An item of a list of checks that is a condition: "3) the balance must
 * be $1,500 or more, except when the FPL percentage is 200% or less" holds
 * outside its exception ("except when", "except where", "except if", ",
 * unless"). */
void item_check(parser *p, uint32_t n, expr *guard)
{
	uint32_t ex = NONE, exl = 0;
	for (uint32_t k = 1; k + 1 < n && ex == NONE; k++) {
		uint32_t at = k + is_punct(p, k, n, ',');
		uint32_t l = match(p, at, n, "except when");
		if (!l)
			l = match(p, at, n, "except where");
		if (!l)
			l = match(p, at, n, "except if");
		if (!l && is_punct(p, k, n, ','))
			l = match(p, at, n, "unless");
		if (l) {
			ex = k;
			exl = at + l - k;
		}
	}
	expr *unless = ex != NONE ? parse_condition(p, ex + exl, n) : NULL;
	uint32_t ce = ex != NONE ? ex : n;
	expr *cond = ex == NONE || unless ? parse_condition(p, 0, ce) : NULL;
	if (!cond)
		return;
	if (unless)
		take_words(p, ex, exl);
	add_check(p, 0, n, cond, unless ? expr_and(p->c, guard, expr_not(p->c, unless)) : guard);
}

/* "No business whose prior grant status is Awarded may receive a second
 * grant": a check that the case is not one of those. False if that is not
 * the shape. */
bool none_may(parser *p, uint32_t i, uint32_t end, expr *guard)
{
	if (!is_w(p, i, end, "no"))
		return false;
	uint32_t m = i + 2;
	while (m < end && !is_w(p, m, end, "may") && !is_w(p, m, end, "can") &&
	       !is_w(p, m, end, "shall"))
		m++;
	if (m >= end || m < i + 3)
		return false;
	bool qualified = false;
	for (uint32_t q = i + 2; q < m && !qualified; q++)
		qualified = is_w(p, q, m, "whose") || is_w(p, q, m, "that") || is_w(p, q, m, "with") ||
		            is_w(p, q, m, "who") || is_w(p, q, m, "which");
	if (!qualified)
		return false;
	expr *q = parse_scope_qualifier(p, i + 1, m);
	if (!q)
		return true; /* reported */
	take_words(p, i, end - i);
	add_check(p, i, end, expr_not(p->c, q), guard);
	return true;
}

enum { MAX_LISTED_VALUES = 64, MAX_VALUE_WORDS = 4 };

/* One item's value: "corporation", "limited liability company". An item
 * with "or" or "and" ("hotel or motel", "raw or unimproved land") is no
 * value: which words it joins is not clear, and a value that matched no
 * form would pass a "must not be" silently. False too for a clause, a
 * comparison, a number. */
static bool item_values(parser *p, uint32_t kid, expr **items, uint32_t *n)
{
	const sentence *k = &p->s[kid];
	uint32_t m = k->n;
	if (m == 0 || m > MAX_VALUE_WORDS || *n >= MAX_LISTED_VALUES)
		return false;
	for (uint32_t w = 0; w < m; w++) {
		op_match om;
		if (k->tk[w].kind != T_WORD || is_aux_word(k->tk[w].low) ||
		    !strcmp(k->tk[w].low, "or") || !strcmp(k->tk[w].low, "and") ||
		    op_at(p, w, m, false, &om))
			return false;
	}
	const char *text = slice_of(p, 0, m - 1);
	if (!text)
		return false;
	items[(*n)++] = expr_const(p->c, value_text(text, strlen(text)), span_of(p, 0, m - 1), text);
	return true;
}

/* The items of s's list as values, each item's words read; false, nothing
 * read, if an item is not a value. */
static bool kids_values(parser *p, const sentence *s, expr **items, uint32_t *n)
{
	uint32_t si = p->cur;
	for (uint32_t c = 0; c < s->nkids; c++) {
		sentence_select(p, s->kids[c]);
		bool ok = item_values(p, s->kids[c], items, n);
		sentence_select(p, si);
		if (!ok)
			return false;
	}
	for (uint32_t c = 0; c < s->nkids; c++) {
		p->s[s->kids[c]].consumed = true;
		sentence_select(p, s->kids[c]);
		take_words(p, 0, p->s[s->kids[c]].n);
	}
	sentence_select(p, si);
	return true;
}

bool value_list(parser *p, sentence *s, uint32_t i, uint32_t end, expr *guard)
{
	if (s->end != ':' || !s->nkids)
		return false;
	uint32_t m = i;
	while (m < end && m < i + MAX_TERM_WORDS && !is_w(p, m, end, "must") &&
	       !is_w(p, m, end, "shall"))
		m++;
	uint32_t tl, f = skip_articles(p, i, m);
	int32_t d = m < end ? match_term(p, f, m, false, &tl) : -1;
	if (d < 0 || f + tl != m)
		return false;
	uint32_t k = m + 1;
	bool neg = is_w(p, k, end, "not");
	k += neg;
	if (!is_w(p, k, end, "be"))
		return false;
	k++;
	uint32_t q = match(p, k, end, "one of the following");
	if (!q && (q = match(p, k, end, "any of the following")) && !neg)
		q = 0; /* "must be any of": say "one of" */
	if (!q && (q = match(p, k, end, "none of the following")))
		neg = !neg;
	if (!q || k + q != end)
		return false;
	expr *items[MAX_LISTED_VALUES];
	uint32_t n = 0;
	if (!kids_values(p, s, items, &n))
		return false; /* items that are conditions or rules */
	span sp = span_of(p, i, end - 1);
	expr *set = expr_nary(p->c, E_SET, items, n, sp);
	expr *ref = expr_ref(p->c, (uint32_t)d, span_of(p, f, m - 1));
	if (!set || !ref)
		return true;
	ref->text = p->c->defs[d].name;
	set->text = "the values listed";
	expr *in = expr_binary(p->c, E_IN, ref, set, sp);
	if (!in)
		return true;
	in->type = POLICY_TYPE_BOOLEAN;
	take_words(p, i, end - i);
	add_check(p, i, end, neg ? expr_not(p->c, in) : in, guard);
	return true;
}

/* An item's condition with its own exception: "the building has more than
 * three stories, unless it is fully sprinklered": the one and not the
 * other. */
static expr *condition_but(parser *p, uint32_t a, uint32_t b)
{
	for (uint32_t k = a + 1; k + 1 < b; k++) {
		uint32_t n = is_punct(p, k, b, ',') ? (is_w(p, k + 1, b, "unless") ? 2 :
		                                       match(p, k + 1, b, "except when") ? 3 : 0)
		                                    : 0;
		if (!n)
			continue;
		expr *c = parse_condition(p, a, k);
		if (!c)
			return NULL;
		take_words(p, k, n);
		expr *x = parse_condition(p, k + n, b);
		return x ? expr_and(p->c, c, expr_not(p->c, x)) : NULL;
	}
	return parse_condition(p, a, b);
}

/* "does not write", "will not accept", "cannot insure" in [i, k). */
static bool negated_verb_before(const parser *p, uint32_t i, uint32_t k)
{
	for (uint32_t j = i + 1; j + 1 < k; j++)
		if ((is_w(p, j, k, "does") || is_w(p, j, k, "do") || is_w(p, j, k, "will") ||
		     is_w(p, j, k, "shall") || is_w(p, j, k, "may")) && is_w(p, j + 1, k, "not"))
			return true;
		else if (is_w(p, j, k, "cannot") || is_w(p, j, k, "never"))
			return true;
	return false;
}

/* "None of the following may be deposited remotely:" over items that
 * describe cases ("an item whose currency is not USD"): a check that no
 * item describes the case, and the items kept for "an item described in
 * this section" (scope.c). False if that is not the shape. */
bool prohibited_list(parser *p, sentence *s, uint32_t i, uint32_t end, expr *guard)
{
	/* "The program does not write a building if any of the following is
	 * true:" over conditions: the same, its items conditions */
	bool conditions = false;
	for (uint32_t k = i + 2; k + 4 < end && !conditions; k++)
		conditions = (is_w(p, k, end, "if") || is_w(p, k, end, "when")) &&
		             match(p, k + 1, end, "any of the following") &&
		             negated_verb_before(p, i, k);
	if (!conditions && (!match(p, i, end, "none of the following") ||
	                    !(is_w(p, i + 4, end, "may") || is_w(p, i + 4, end, "can") ||
	                      is_w(p, i + 4, end, "shall") || is_w(p, i + 4, end, "is") ||
	                      is_w(p, i + 4, end, "are"))))
		return false;
	expr *items[64];
	uint32_t n = 0, si = p->cur;
	for (uint32_t c = 0; c < s->nkids && n < 64; c++) {
		uint32_t kid = s->kids[c];
		sentence_select(p, kid);
		uint32_t kn = p->s[kid].n;
		if (!conditions && !is_w(p, 0, kn, "a") && !is_w(p, 0, kn, "an") &&
		    !is_w(p, 0, kn, "any")) {
			sentence_select(p, si);
			return false; /* items that describe cases: "an item whose ..." */
		}
		p->s[kid].consumed = true;
		expr *q = conditions ? condition_but(p, 0, kn) : parse_scope_qualifier(p, 0, kn);
		if (!q) {
			sentence_select(p, si);
			return true; /* reported */
		}
		take_words(p, 0, kn);
		items[n++] = q;
	}
	sentence_select(p, si);
	if (n == 0)
		return false;
	take_words(p, i, end - i);
	span sp = span_of(p, i, end - 1);
	expr *any = n == 1 ? items[0] : expr_nary(p->c, E_OR, items, n, sp);
	if (!any)
		return true;
	any->type = POLICY_TYPE_BOOLEAN;
	if (p->ndescribed < sizeof p->described / sizeof p->described[0]) {
		p->described[p->ndescribed].line = s->sp.line;
		p->described[p->ndescribed].any = any;
		p->ndescribed++;
	}
	add_check(p, i, end, expr_not(p->c, any), guard);
	p->last_list = NULL;
	return true;
}

/* Words after "The following X are" that say what must be, not a set. */
static bool not_a_set_word(const char *w)
{
	static const char *const v[] = { "mandatory", "met", "necessary", "needed", "required",
	                                 "true" };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(w, v[i]))
			return true;
	return false;
}

bool set_list(parser *p, sentence *s, uint32_t i, uint32_t end)
{
	if (s->end != ':' || !s->nkids)
		return false;
	uint32_t b = end;
	while (b > i && p->tk[b - 1].kind == T_PUNCT)
		b--;
	uint32_t np, np_end, adj = NONE, cop;
	if (match(p, i, b, "the following")) {
		/* "The following merchant categories are blocked:" */
		np = i + 2;
		cop = np;
		while (cop < b && !is_w(p, cop, b, "are") && !is_w(p, cop, b, "is"))
			cop++;
		if (cop + 2 != b || cop == np || p->tk[b - 1].kind != T_WORD ||
		    not_a_set_word(p->tk[b - 1].low))
			return false; /* "The following documents are required:" */
		np_end = cop;
		adj = b - 1;
	} else {
		/* "The blocked merchant categories are:" */
		np = skip_articles(p, i, b);
		if (b < np + 2 || !(is_w(p, b - 1, b, "are") || is_w(p, b - 1, b, "include")))
			return false;
		np_end = b - 1;
	}
	for (uint32_t k = np; k < np_end; k++)
		if (p->tk[k].kind != T_WORD || is_aux_word(p->tk[k].low))
			return false;
	char *name = adj == NONE ? arena_strdup(p->c->a, slice_of(p, np, np_end - 1)) : NULL;
	if (adj != NONE) {
		const char *a = slice_of(p, adj, adj), *n = slice_of(p, np, np_end - 1);
		size_t al = a ? strlen(a) : 0, nl = n ? strlen(n) : 0;
		name = a && n ? arena_alloc(p->c->a, al + nl + 2) : NULL;
		if (name) {
			memcpy(name, a, al);
			name[al] = ' ';
			memcpy(name + al + 1, n, nl + 1);
		}
	}
	char *key = name ? words_key(p->c->a, name, strlen(name)) : NULL;
	if (!key) {
		p->c->nomem = true;
		return false;
	}
	if (term_find_key(p->c, key) >= 0)
		return false;
	expr *items[MAX_LISTED_VALUES];
	uint32_t n = 0;
	if (!kids_values(p, s, items, &n))
		return false; /* items that are conditions or rules */
	span sp = span_of(p, np, np_end - 1);
	def *d = def_add(p->c, POLICY_STEP_COMPUTE, sp, s->text);
	if (!d)
		return true;
	d->name = name;
	d->key = key;
	d->sentence_index = p->cur;
	if (!words_split(p->c->a, name, strlen(name), WORDS_CONTENT, &d->words)) {
		p->c->nomem = true;
		return true;
	}
	d->value = expr_nary(p->c, E_SET, items, n, span_of(p, i, end - 1));
	if (d->value)
		d->value->text = name;
	d->is_set = true;
	d->listed = true;
	d->type = POLICY_TYPE_ENUM;
	d->strength = TYPE_DECLARED;
	d->body_parsed = d->value != NULL;
	take_words(p, i, end - i);
	return true;
}

bool titled_list(parser *p, const sentence *s, uint32_t i, uint32_t end)
{
	static const char *const heads[] = { "checks", "conditions", "coverage", "coverages",
	                                     "criteria", "documents", "limits", "maximums",
	                                     "minimums", "requirements", "rules", "standards",
	                                     "terms", "thresholds" };
	if (s->end != ':' || !s->nkids || end <= i || end - i > 8)
		return false;
	uint32_t head = end;
	for (uint32_t k = i; k < end; k++) {
		if (p->tk[k].kind != T_WORD || is_aux_word(p->tk[k].low) || is_np_stop_word(p->tk[k].low))
			return false; /* a clause, not a title */
		if (head == end && k > i && (is_w(p, k, end, "on") || is_w(p, k, end, "for") ||
		                             is_w(p, k, end, "of") || is_w(p, k, end, "in")))
			head = k;
	}
	bool titled = false;
	for (size_t h = 0; h < sizeof heads / sizeof heads[0] && !titled; h++)
		titled = is_w(p, head - 1, end, heads[h]);
	if (!titled)
		return false;
	/* every item states a requirement of its own */
	for (uint32_t c = 0; c < s->nkids; c++) {
		const sentence *kid = &p->s[s->kids[c]];
		bool modal = false;
		for (uint32_t k = 0; k < kid->n && !modal; k++)
			modal = kid->tk[k].kind == T_WORD && (!strcmp(kid->tk[k].low, "must") ||
			                                      !strcmp(kid->tk[k].low, "shall"));
		if (!modal)
			return false;
	}
	return true;
}
