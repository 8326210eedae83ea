/*
 * Condition atoms other than dates and groups: what a single clause of a
 * condition can be when it is not a plain term.
 *
 *   presence      "no receipt is attached", "more than one deposit slip was
 *                 submitted" (counts the case's documents)
 *   absence       "the claim log has no acknowledgment date"
 *   possession    "the applicant has a credit score below 620", "there are
 *                 two appraisals"
 *   quantified    "any appraisal value is below the purchase price"
 *   comparison    subject phrase object (the common case; compare.c reads
 *                 what follows the phrase)
 *
 * Each takes a cursor and returns NULL, consuming nothing, when the words
 * are not its kind, so cond.c can try them in order.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "compile/arith.h"
#include "compile/atoms.h"
#include "compile/compare.h"
#include "compile/inputs.h"
#include "compile/mention.h"
#include "compile/table.h"

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

static expr *doc_count_named(parser *p, const char *doc, span dsp, cmp_op cmp, int64_t n,
                             span sp, const char *text)
{
	expr *c = expr_new(p->c, E_DOC_COUNT, dsp);
	if (!c)
		return NULL;
	c->doc = doc;
	c->type = POLICY_TYPE_COUNT;
	c->text = doc;
	expr *k = expr_const(p->c, value_count(n), sp, NULL);
	return expr_cmp(p->c, cmp, c, k, sp, text);
}

/* "none", "it", "one": documents named before. */
static bool is_pronoun_of_documents(const char *w)
{
	return !strcmp(w, "none") || !strcmp(w, "it") || !strcmp(w, "one") || !strcmp(w, "they") ||
	       !strcmp(w, "these") || !strcmp(w, "this");
}

/* The requirement of documents the sentence or the one before it made
 * last ("... a provider certification is required. If none is attached,
 * ..."), or NULL. */
static const def *last_requirement(const parser *p)
{
	for (uint32_t d = p->c->ndefs; d-- > 0;) {
		const def *x = &p->c->defs[d];
		if (x->kind != POLICY_STEP_REQUIRE || !x->doc)
			continue;
		return x->sentence_index + 1 >= p->cur ? x : NULL;
	}
	return NULL;
}

/* Documents there or not: "no receipt is attached", "a W-9 is on file",
 * "more than one deposit slip was submitted". A term in that place is a
 * value there or not ("the acknowledgment date is provided"). */
expr *units_state_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, aux = s;
	duration_unit u0;
	bool timed = false; /* a cheap look first: a unit of time in the clause */
	for (uint32_t k = s + 2; k < end && k < s + 12 && !timed; k++)
		timed = p->tk[k].kind == T_WORD && is_unit_word(p->tk[k].low, &u0);
	if (!timed)
		return NULL;
	while (aux < end && aux < s + 4 && p->tk[aux].kind == T_WORD && !is_w(p, aux, end, "is") &&
	       !is_w(p, aux, end, "are"))
		aux++;
	if (aux == s || aux >= end || !(is_w(p, aux, end, "is") || is_w(p, aux, end, "are")) ||
	    !is_party(p, s, aux))
		return NULL;
	uint32_t k = aux + 1;
	op_match m = { .kind = PK_CMP, .cmp = CMP_EQ };
	bool op = op_at(p, k, end, true, &m) && m.kind == PK_CMP;
	if (op)
		k += m.len;
	uint32_t cl;
	int64_t n = count_at(p, k, end, &cl);
	duration_unit u;
	if (n < 0 || !is_unit_word(tw(p, k + cl), &u))
		return NULL;
	uint32_t unit = k + cl, w = unit + 1;
	cmp_op cmp = op ? (m.negated ? cmp_negate(m.cmp) : m.cmp) : CMP_EQ;
	if (!op && (match(p, w, end, "or more") || match(p, w, end, "or longer"))) {
		cmp = CMP_GE;
		w += 2;
	} else if (!op && (match(p, w, end, "or less") || match(p, w, end, "or fewer"))) {
		cmp = CMP_LE;
		w += 2;
	}
	uint32_t e = w;
	while (e < end && p->tk[e].kind == T_WORD && !clause_boundary(p, e, end))
		e++;
	if (e == w || e > w + 3)
		return NULL;
	/* "the account is 90 days or more past due": the days past due */
	const char *uw = tw(p, unit), *rest = slice_of(p, w, e - 1);
	size_t ul = strlen(uw), rl = rest ? strlen(rest) : 0;
	char *name = rest ? arena_alloc(p->c->a, ul + rl + 2) : NULL;
	if (!name) {
		p->c->nomem = true;
		return NULL;
	}
	memcpy(name, uw, ul);
	name[ul] = ' ';
	memcpy(name + ul + 1, rest, rl + 1);
	char *key = words_key(p->c->a, name, ul + rl + 1);
	int32_t d = key ? term_find_key(p->c, key) : -1;
	if (d < 0)
		return NULL;
	expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, w, e - 1));
	expr *v = expr_const(p->c, value_number(decimal_from_int(n)), span_of(p, k, unit),
	                     slice_of(p, k, unit));
	if (!r || !v)
		return NULL;
	r->text = p->c->defs[d].name;
	take_words(p, s, e - s);
	*i = e;
	return expr_cmp(p->c, cmp, r, v, span_of(p, s, e - 1), NULL);
}

expr *sign_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, tl;
	bool said = false; /* a cheap look first: the word is there */
	for (uint32_t k = s + 1; k < end && k < s + 12 && !said; k++)
		said = is_w(p, k, end, "negative") || is_w(p, k, end, "positive");
	if (!said)
		return NULL;
	int32_t d = match_term(p, skip_articles(p, s, end), end, false, &tl);
	if (d < 0 || p->c->defs[d].is_predicate || p->c->defs[d].is_set ||
	    names_a_category(p->c->defs[d].key))
		return NULL; /* "the watch list result is positive": one of its values */
	policy_type t = p->c->defs[d].type;
	if (t != POLICY_TYPE_MONEY && t != POLICY_TYPE_NUMBER && t != POLICY_TYPE_PERCENT &&
	    t != POLICY_TYPE_RATIO && t != POLICY_TYPE_COUNT)
		return NULL;
	uint32_t f = skip_articles(p, s, end), k = f + tl;
	if (!is_w(p, k, end, "is") && !is_w(p, k, end, "are") && !is_w(p, k, end, "was"))
		return NULL;
	k++;
	bool neg = is_w(p, k, end, "not");
	k += neg;
	cmp_op cmp;
	if (is_w(p, k, end, "negative"))
		cmp = CMP_LT;
	else if (is_w(p, k, end, "positive"))
		cmp = CMP_GT;
	else
		return NULL;
	if (!clause_boundary(p, k + 1, end))
		return NULL;
	/* "the net income is negative": below zero */
	expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, f, f + tl - 1));
	expr *zero = expr_const(p->c, value_number(decimal_from_int(0)), span_of(p, k, k), "zero");
	if (!r || !zero)
		return NULL;
	r->text = p->c->defs[d].name;
	expr *e = expr_cmp(p->c, neg ? cmp_negate(cmp) : cmp, r, zero, span_of(p, s, k),
	                   cmp == CMP_LT ? "is below" : "exceeds");
	take_words(p, s, k + 1 - s);
	*i = k + 1;
	return e;
}

expr *without_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i;
	if (!is_w(p, s, end, "without"))
		return NULL;
	uint32_t np = s + 1;
	if (is_w(p, np, end, "a") || is_w(p, np, end, "an") || is_w(p, np, end, "any"))
		np++;
	uint32_t e = np;
	while (e < end && p->tk[e].kind == T_WORD && !clause_boundary(p, e, end))
		e++;
	if (e == np)
		return NULL;
	if (e == np + 1 && (is_w(p, np, end, "one") || is_w(p, np, end, "it") ||
	                    is_w(p, np, end, "them"))) {
		/* "Each transaction must be supported by an itemized receipt. A
		 * transaction without one is returned": the documents just
		 * required */
		const def *req = last_requirement(p);
		if (!req)
			return NULL;
		span sp = span_of(p, s, e - 1);
		expr *r = doc_count_named(p, req->doc, span_of(p, np, e - 1), CMP_EQ, 0, sp,
		                          slice_of(p, s, e - 1));
		if (r && req->guard)
			r = expr_and(p->c, req->guard, r);
		if (!r)
			return NULL;
		take_words(p, s, e - s);
		*i = e;
		return r;
	}
	char *key = key_of(p, np, e);
	if (!key)
		return NULL;
	int32_t d = term_find_key(p->c, key);
	expr *r;
	span sp = span_of(p, s, e - 1);
	if (d >= 0 && !known_doc(p, key) && !p->c->defs[d].is_predicate) {
		/* "claims without a loss date": the value is absent */
		expr *ref = expr_ref(p->c, (uint32_t)d, span_of(p, np, e - 1));
		r = ref ? expr_unary(p->c, E_MISSING, ref, sp) : NULL;
		if (r) {
			r->type = POLICY_TYPE_BOOLEAN;
			r->text = slice_of(p, s, e - 1);
		}
	} else if (known_doc(p, key) || is_document_noun(p->tk[e - 1].low)) {
		/* "any expense without a receipt": no receipt document */
		r = doc_count_cmp(p, np, e, CMP_EQ, 0, sp, "without");
	} else {
		return NULL;
	}
	if (!r)
		return NULL;
	take_words(p, s, e - s);
	*i = e;
	return r;
}

/* "all required documents are received", "all of the required documents
 * are on file": every requirement of documents stated before this
 * sentence is met (once a count of documents of type "all required
 * documents", which no case has). */
static expr *required_documents_in(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	if (!is_w(p, k, end, "all") && !is_w(p, k, end, "every") && !is_w(p, k, end, "each"))
		return NULL;
	k++;
	if (is_w(p, k, end, "of"))
		k++;
	if (is_w(p, k, end, "the"))
		k++;
	if (!is_w(p, k, end, "required") ||
	    !(is_w(p, k + 1, end, "documents") || is_w(p, k + 1, end, "document")))
		return NULL;
	uint32_t j = k + 2;
	while (j < end && p->tk[j].kind == T_WORD && is_aux_word(p->tk[j].low))
		j++;
	if (j >= end || !(is_presence_word(p->tk[j].low) || match(p, j, end, "on file")))
		return NULL;
	j += match(p, j, end, "on file") ? 2 : 1;
	expr *all = NULL;
	for (uint32_t d = 0; d < p->c->ndefs; d++)
		if (p->c->defs[d].kind == POLICY_STEP_REQUIRE && p->c->defs[d].sentence_index < p->cur)
			all = expr_and(p->c, all, expr_ref(p->c, d, span_of(p, *i, j - 1)));
	if (!all) {
		parser_error(p, *i, j - 1, "state the documents first: 'Require a police report and "
		             "two repair estimates.'",
		             "'%s' refers to required documents, but none is required before it",
		             slice_of(p, *i, j - 1));
		*i = j;
		return NULL;
	}
	take_words(p, *i, j - *i);
	*i = j;
	return all;
}

/* "no co-signer is named", "a beneficiary is listed", when the policy
 * reads the co-signer name: whether that name is there. */
expr *named_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, k = s, at = s;
	while (at < end && at < s + 6 &&
	       !(w_starts(p, at, "nli") &&
	         (is_w(p, at, end, "named") || is_w(p, at, end, "listed") ||
	          is_w(p, at, end, "identified"))))
		at++;
	if (at >= end || at == s + 6)
		return NULL; /* no "named" near: not this */
	bool none = is_w(p, k, end, "no");
	if (none || is_w(p, k, end, "a") || is_w(p, k, end, "an") || is_w(p, k, end, "the"))
		k++;
	uint32_t v = k;
	while (v < end && v < k + 3 && p->tk[v].kind == T_WORD && !is_aux_word(p->tk[v].low))
		v++;
	if (v == k || !(is_w(p, v, end, "is") || is_w(p, v, end, "are")))
		return NULL;
	uint32_t w = v + 1;
	bool denied = is_w(p, w, end, "not");
	w += denied;
	if (!(is_w(p, w, end, "named") || is_w(p, w, end, "listed") ||
	      is_w(p, w, end, "identified")))
		return NULL;
	const char *noun = slice_of(p, k, v - 1);
	size_t nl = noun ? strlen(noun) : 0;
	char *name = noun ? arena_alloc(p->c->a, nl + 6) : NULL;
	if (!name) {
		p->c->nomem = true;
		return NULL;
	}
	memcpy(name, noun, nl);
	memcpy(name + nl, " name", 6);
	char *key = words_key(p->c->a, name, nl + 5);
	int32_t d = key ? term_find_key(p->c, key) : -1;
	if (d < 0 || p->c->defs[d].kind == POLICY_STEP_COMPUTE)
		return NULL;
	span sp = span_of(p, s, w);
	expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, k, v - 1));
	expr *m = r ? expr_unary(p->c, E_MISSING, r, sp) : NULL;
	if (!m)
		return NULL;
	m->type = POLICY_TYPE_BOOLEAN;
	m->text = slice_of(p, s, w);
	take_words(p, s, w + 1 - s);
	*i = w + 1;
	return none != denied ? m : expr_not(p->c, m);
}

expr *presence_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, k = *i;
	size_t errors = p->c->diags->count;
	expr *all_required = required_documents_in(p, i, end);
	if (all_required || p->c->diags->count != errors || p->c->nomem)
		return all_required;
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
	bool pronoun = np_end == np + 1 && !counted && is_pronoun_of_documents(p->tk[np].low);
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
	const def *req = NULL;
	if (pronoun) {
		/* "If none is attached": the documents the rule before requires */
		req = last_requirement(p);
		if (!req) {
			parser_error(p, np, np, "name the document again", "I can't tell what '%s' refers to",
			             tw(p, np));
			return NULL;
		}
		if (is_w(p, np, end, "none")) {
			cmp = CMP_EQ;
			n = 0;
			counted = true;
		}
	}
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
	if (d >= 0 && !counted && names_a_category(p->c->defs[d].key))
		return NULL; /* "the claim status is filed": one of its values */
	if (d < 0 && (!counted || n <= 1)) {
		/* "no receipt was submitted" of "whether a receipt was submitted":
		 * that yes/no value, denied; not a count of receipt documents */
		char *said = key_of(p, np, k);
		int32_t yn = said ? term_find_key(p->c, said) : -1;
		if (yn >= 0 && p->c->defs[yn].type == POLICY_TYPE_BOOLEAN &&
		    !p->c->defs[yn].is_predicate) {
			expr *r = expr_ref(p->c, (uint32_t)yn, sp);
			if (!r)
				return NULL;
			r->text = p->c->defs[yn].name;
			take_words(p, s, k - s);
			*i = k;
			bool yes = !(counted && n == 0);
			return yes != neg ? r : expr_not(p->c, r);
		}
	}
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
	} else if (req) {
		e = doc_count_named(p, req->doc, span_of(p, np, np_end - 1), cmp, n, sp, text);
		if (neg)
			e = expr_not(p->c, e);
		if (req->guard)
			e = expr_and(p->c, req->guard, e); /* required only where its rule holds */
	} else {
		e = doc_count_cmp(p, np, np_end, cmp, n, sp, text);
		if (neg)
			e = expr_not(p->c, e);
	}
	*i = k;
	return e;
}

/* The value term [f, e) names, as a reference; -1 if none. */
static int32_t value_named(parser *p, uint32_t f, uint32_t e)
{
	uint32_t a = skip_articles(p, f, e), tl;
	int32_t d = match_term(p, a, e, false, &tl);
	return d >= 0 && a + tl == e ? d : -1;
}

/* "the application shows neither a TIN nor a TIN application date": both
 * values missing. k is the verb; NULL if that is not the shape. */
static expr *neither_nor(parser *p, uint32_t s, uint32_t k, uint32_t end, uint32_t *i)
{
	static const char *const verbs[] = { "shows neither", "has neither", "contains neither",
	                                     "lists neither", "includes neither" };
	uint32_t n = 0;
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0] && !n; v++)
		n = match(p, k, end, verbs[v]);
	if (!n)
		return NULL;
	uint32_t a = k + n, nor = a;
	while (nor < end && !is_w(p, nor, end, "nor"))
		nor++;
	uint32_t e2 = nor + 1;
	while (e2 < end && !clause_boundary(p, e2, end))
		e2++;
	if (nor >= end || e2 == nor + 1)
		return NULL;
	int32_t d1 = value_named(p, a, nor), d2 = value_named(p, nor + 1, e2);
	if (d1 < 0 || d2 < 0)
		return NULL;
	expr *m1 = expr_unary(p->c, E_MISSING, expr_ref(p->c, (uint32_t)d1, span_of(p, a, nor - 1)),
	                      span_of(p, a, nor - 1));
	expr *m2 = expr_unary(p->c, E_MISSING,
	                      expr_ref(p->c, (uint32_t)d2, span_of(p, nor + 1, e2 - 1)),
	                      span_of(p, nor + 1, e2 - 1));
	if (!m1 || !m2)
		return NULL;
	m1->type = m2->type = POLICY_TYPE_BOOLEAN;
	m1->text = slice_of(p, a, nor - 1);
	m2->text = slice_of(p, nor + 1, e2 - 1);
	if (s < k)
		take_words(p, s, k - s);
	take_words(p, k, e2 - k);
	*i = e2;
	return expr_and(p->c, m1, m2);
}

/* "the claim log has no acknowledgment date" and "the form is missing X". */
expr *absence_atom(parser *p, uint32_t *i, uint32_t end)
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
		{ "includes an", false }, { "carries no", true }, { "gives no", true },
		{ "provides no", true }, { "states no", true }, { "names no", true },
		{ "reports no", true }, { "does not carry", true }, { "does not give", true },
		{ "does not provide", true }, { "does not state", true }, { "does not name", true },
		{ "carries a", false }, { "carries an", false }, { "gives a", false },
		{ "gives an", false }, { "provides a", false }, { "provides an", false },
		{ "states a", false }, { "names a", false }, { "lists a", false },
		{ "lists an", false }, { "reports a", false }, { "reports an", false },
	};
	uint32_t s = *i;
	if (p->verbless && is_w(p, s, end, "no")) {
		/* "claims with damage above the deductible and no catastrophe
		 * code": the value is absent */
		uint32_t e2 = s + 1;
		while (e2 < end && !clause_boundary(p, e2, end))
			e2++;
		int32_t d = e2 > s + 1 ? resolve_np(p, s + 1, e2, POLICY_TYPE_NONE, false) : -1;
		if (d >= 0 && p->c->defs[d].kind != POLICY_STEP_COMPUTE) {
			expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, s + 1, e2 - 1));
			expr *e = expr_unary(p->c, E_MISSING, r, span_of(p, s, e2 - 1));
			if (!e)
				return NULL;
			e->type = POLICY_TYPE_BOOLEAN;
			e->text = slice_of(p, s, e2 - 1);
			take_words(p, s, 1);
			*i = e2;
			return e;
		}
	}
	/* from s itself: "... shows no TIN but shows a TIN application date",
	 * the subject said once */
	for (uint32_t k = s; k < end && k < s + MAX_TERM_WORDS; k++) {
		if (p->tk[k].kind != T_WORD)
			return NULL;
		expr *both = neither_nor(p, s, k, end, i);
		if (both || p->c->nomem)
			return both;
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

/* "a credit score below 620", "an annual income of at least $50,000", "a
 * score of 680 or higher": a term someone has, compared. After "has" (see
 * possession_atom) and in qualifiers ("applications with ..."). */
expr *held_comparison(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
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
/* Words [a, b) that can only name things counted: "attorneys", "prior
 * claims", "open bankruptcies"; no verb, number or clause word. */
/* "in the past three years", "within the last 12 months", "during the
 * prior year" starting at k and ending at b. */
static bool time_window(const parser *p, uint32_t k, uint32_t b)
{
	if (!(is_w(p, k, b, "in") || is_w(p, k, b, "within") || is_w(p, k, b, "during") ||
	      is_w(p, k, b, "over")) ||
	    !is_w(p, k + 1, b, "the") ||
	    !(is_w(p, k + 2, b, "past") || is_w(p, k + 2, b, "last") || is_w(p, k + 2, b, "prior") ||
	      is_w(p, k + 2, b, "previous") || is_w(p, k + 2, b, "preceding")))
		return false;
	uint32_t cl = 0;
	duration_unit u;
	if (count_at(p, k + 3, b, &cl) < 0)
		cl = 0; /* "the past year" */
	return k + 3 + cl + 1 == b && is_unit_word(tw(p, k + 3 + cl), &u);
}

static bool plain_noun_phrase(const parser *p, uint32_t a, uint32_t b)
{
	enum { MAX_COUNTED_WORDS = 4 };
	for (uint32_t k = a + 1; k + 3 < b; k++)
		if (time_window(p, k, b)) {
			b = k; /* "accidents in the past three years": a count of a time */
			break;
		}
	if (b <= a || b - a > MAX_COUNTED_WORDS)
		return false;
	for (uint32_t k = a; k < b; k++)
		if (p->tk[k].kind != T_WORD || is_aux_word(p->tk[k].low) ||
		    is_np_stop_word(p->tk[k].low) || is_judgment_word(p->tk[k].low))
			return false;
	size_t n = strlen(p->tk[b - 1].low);
	return n > 2 && p->tk[b - 1].low[n - 1] == 's'; /* counted things are plural */
}

/* Whether the words [a, b) name documents: one the policy names, or a
 * document noun at the end ("appraisal reports"). */
static bool counts_documents(parser *p, uint32_t a, uint32_t b)
{
	if (b <= a || p->tk[b - 1].kind != T_WORD)
		return false;
	char *key = key_of(p, a, b);
	return (key && known_doc(p, key)) || is_document_noun(p->tk[b - 1].low);
}

expr *held_count(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	op_match m;
	uint32_t at, cl;
	int64_t n;
	uint32_t tail = 0; /* "two or more accidents": the words after the count */
	if (op_at(p, k, end, true, &m) && m.kind == PK_CMP) {
		at = k + m.len;
		n = count_at(p, at, end, &cl);
	} else if ((n = count_at(p, k, end, &cl)) > 0 &&
	           ((tail = match(p, k + cl, end, "or more")) ||
	            (tail = match(p, k + cl, end, "or fewer")) ||
	            (tail = match(p, k + cl, end, "or less")))) {
		bool more = is_w(p, k + cl + 1, end, "more");
		m = (op_match){ .len = 0, .kind = PK_CMP, .cmp = more ? CMP_GE : CMP_LE,
		                .phrase_first = k };
		at = k;
	} else if (is_w(p, k, end, "no") || ((n = count_at(p, k, end, &cl)) == 0)) {
		/* "with zero days of disability", "no prior claims": none */
		m = (op_match){ .len = 0, .kind = PK_CMP, .cmp = CMP_EQ, .phrase_first = k };
		at = k;
		cl = 1;
		n = 0;
	} else {
		return NULL;
	}
	if (n < 0)
		return NULL;
	uint32_t np = at + cl + tail, ne = np;
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
	if (d < 0) {
		/* "at least one day of disability": the days of disability, a
		 * count the policy reads */
		char *own = key_of(p, np, ne);
		int32_t t = own ? term_find_key(p->c, own) : -1;
		if (t >= 0 && (p->c->defs[t].type == POLICY_TYPE_COUNT ||
		               p->c->defs[t].type == POLICY_TYPE_NUMBER))
			d = t;
	}
	if (d < 0 && counts_documents(p, np, ne)) {
		/* "a file with fewer than two appraisal reports": documents */
		expr *e = doc_count_cmp(p, np, ne, m.negated ? cmp_negate(m.cmp) : m.cmp, n,
		                        span_of(p, k, ne - 1), slice_of(p, k, k + m.len - 1));
		if (e)
			*i = ne;
		return e;
	}
	if (d < 0 && plain_noun_phrase(p, np, ne) && !parser_quiet(p))
		d = input_named(p, named, span_of(p, np, ne - 1), POLICY_TYPE_COUNT, NULL);
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
	                m.len ? slice_of(p, k, k + m.len - 1) : tail ? NULL : "is");
}

/* "there were fewer than two late payments in the last twelve months": the
 * policy's number of late payments ..., compared. */
/* "a significant decline in property value" at *k, of a condition the
 * policy names 'A "significant decline in property value" exists when
 * ...': that condition ("no ..." flips *neg). */
static expr *existing(parser *p, uint32_t *k, uint32_t end, bool *neg)
{
	enum { MAX_NAME_WORDS = 10 };
	uint32_t a = *k;
	if (is_w(p, a, end, "no")) {
		*neg = !*neg;
		a++;
	} else if (is_w(p, a, end, "a") || is_w(p, a, end, "an") || is_w(p, a, end, "any")) {
		a++;
	}
	int32_t best = -1;
	uint32_t best_end = a;
	for (uint32_t j = a + 1; j <= end && j <= a + MAX_NAME_WORDS; j++) {
		char *key = key_of(p, a, j);
		if (!key)
			return NULL;
		for (uint32_t d = 0; d < p->c->ndefs; d++) {
			const def *x = &p->c->defs[d];
			size_t n = x->name ? strlen(x->name) : 0;
			if (x->is_predicate && x->alt_key && !strcmp(x->alt_key, key) && n > 7 &&
			    (!strcmp(x->name + n - 7, " exists") || !strcmp(x->name + n - 7, " occurs"))) {
				best = (int32_t)d;
				best_end = j;
			}
		}
	}
	if (best < 0)
		return NULL;
	expr *e = expr_ref(p->c, (uint32_t)best, span_of(p, *k, best_end - 1));
	if (e)
		e->text = p->c->defs[best].name;
	take_words(p, *k, best_end - *k);
	*k = best_end;
	return e;
}

expr *there_are_atom(parser *p, uint32_t *i, uint32_t end)
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
	expr *e = existing(p, &k, end, &neg);
	if (e || p->c->nomem) {
		*i = k;
		return e && neg ? expr_not(p->c, e) : e;
	}
	e = held_count(p, &k, end);
	if (!e)
		return NULL;
	*i = k;
	return neg ? expr_not(p->c, e) : e;
}

expr *occurs_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	if (!is_w(p, k, end, "any") && !is_w(p, k, end, "no"))
		return NULL;
	bool neg = false;
	expr *e = existing(p, &k, end, &neg);
	if (!e)
		return NULL;
	static const char *const verbs[] = { "occurs", "occur", "exists", "exist", "is present",
	                                     "has occurred", "applies", "is found" };
	uint32_t n = 0;
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0] && !n; v++)
		n = match(p, k, end, verbs[v]);
	if (!n || !clause_boundary(p, k + n, end)) {
		parser_error(p, *i, k - 1, "write e.g. 'if any violation occurs'",
		             "I don't understand what '%s' does here", slice_of(p, *i, k - 1));
		*i = k;
		return NULL;
	}
	take_words(p, k, n);
	*i = k + n;
	return neg ? expr_not(p->c, e) : e;
}

expr *located_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, aux = s;
	while (aux < end && aux < s + 4 && p->tk[aux].kind == T_WORD &&
	       !is_w(p, aux, end, "is") && !is_w(p, aux, end, "are"))
		aux++;
	if (aux == s || !(is_w(p, aux, end, "is") || is_w(p, aux, end, "are")) || !is_party(p, s, aux))
		return NULL;
	uint32_t k = aux + 1;
	bool neg = is_w(p, k, end, "not");
	k += neg;
	k += is_w(p, k, end, "located");
	if (!is_w(p, k, end, "in") && !is_w(p, k, end, "within"))
		return NULL;
	k++;
	uint32_t tl;
	int32_t d = match_term(p, k, end, false, &tl);
	if (d < 0 || p->c->defs[d].is_predicate || p->c->defs[d].is_set)
		return NULL;
	/* the values: short items joined by "," and "or", up to a clause
	 * ("... or the building is vacant" is not a value) */
	uint32_t v = k + tl, e = v;
	for (;;) {
		uint32_t z = e;
		while (z < end && z < e + 3 && (p->tk[z].kind == T_WORD || p->tk[z].kind == T_QUANTITY) &&
		       !is_w(p, z, end, "or") && !is_w(p, z, end, "and") && !is_aux_word(tw(p, z)))
			z++;
		if (z == e || (z < end && is_aux_word(tw(p, z))))
			break;
		e = z;
		uint32_t sep = e;
		if (is_punct(p, sep, end, ','))
			sep++;
		if (is_w(p, sep, end, "or"))
			sep++;
		if (sep == e || sep >= end)
			break;
		uint32_t look = sep;
		while (look < end && look < sep + 3 && p->tk[look].kind == T_WORD &&
		       !is_aux_word(tw(p, look)))
			look++;
		if (look < end && is_aux_word(tw(p, look)))
			break;
		e = sep;
	}
	if (!clause_boundary(p, e, end))
		return NULL;
	expr *items[16];
	uint32_t n = 0;
	for (uint32_t a = v; a < e && n < 16;) {
		uint32_t z = a;
		while (z < e && !is_punct(p, z, e, ',') && !is_w(p, z, e, "or"))
			z++;
		if (z == a)
			return NULL;
		const token *t = &p->tk[a];
		const char *text = slice_of(p, a, z - 1);
		items[n++] = z == a + 1 && t->kind == T_QUANTITY
		                     ? expr_const(p->c, t->val, span_of(p, a, a), text)
		                     : expr_const(p->c, value_text(text, strlen(text)),
		                                  span_of(p, a, z - 1), text);
		if (!items[n - 1])
			return NULL;
		a = z;
		while (a < e && (is_punct(p, a, e, ',') || is_w(p, a, e, "or")))
			a++;
	}
	if (n == 0)
		return NULL;
	/* "the property is in flood zone A or V": the flood zone is one of them */
	expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, k, v - 1));
	if (!r)
		return NULL;
	r->text = p->c->defs[d].name;
	expr *cmp;
	if (n == 1) {
		cmp = expr_cmp(p->c, CMP_EQ, r, items[0], span_of(p, s, e - 1), "is");
	} else {
		expr *set = expr_nary(p->c, E_SET, items, n, span_of(p, v, e - 1));
		if (set)
			set->text = slice_of(p, v, e - 1);
		cmp = set ? expr_binary(p->c, E_IN, r, set, span_of(p, s, e - 1)) : NULL;
		if (cmp)
			cmp->type = POLICY_TYPE_BOOLEAN;
	}
	if (!cmp)
		return NULL;
	take_words(p, s, e - s);
	*i = e;
	return neg ? expr_not(p->c, cmp) : cmp;
}

expr *differs_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, v = s + 1;
	while (v < end && v < s + 8 && !is_w(p, v, end, "differs") && !is_w(p, v, end, "differ") &&
	       !is_w(p, v, end, "varies") && !is_w(p, v, end, "deviates"))
		v++;
	if (v >= end || v >= s + 8 || !is_w(p, v + 1, end, "from"))
		return NULL;
	uint32_t by = v + 2;
	while (by < end && !is_w(p, by, end, "by"))
		by++;
	if (by >= end)
		return NULL;
	uint32_t k = s;
	expr *a = parse_value(p, &k, v, 0);
	if (!a || k != v)
		return NULL;
	k = v + 2;
	expr *b = parse_value(p, &k, by, 0);
	if (!b || k != by)
		return NULL;
	k = by + 1;
	op_match m;
	if (!op_at(p, k, end, false, &m) || m.kind != PK_CMP)
		return NULL;
	uint32_t at = k + m.len;
	const token *t = &p->tk[at];
	expr *amount = parse_value(p, &at, end, 0);
	if (!amount)
		return NULL;
	/* "the invoice amount differs from the order amount by more than 5%":
	 * the gap either way, against 5% of the second; "by more than $50":
	 * against $50 */
	span sp = span_of(p, s, at - 1);
	expr *ab = expr_binary(p->c, E_SUB, a, b, sp), *ba = expr_binary(p->c, E_SUB, b, a, sp);
	expr *both[2] = { ab, ba };
	expr *gap = ab && ba ? expr_nary(p->c, E_MAX, both, 2, sp) : NULL;
	if (gap)
		gap->text = slice_of(p, s, by - 1);
	if (amount->op == E_CONST && t->kind == T_QUANTITY && t->val.type == POLICY_TYPE_PERCENT) {
		amount = expr_binary(p->c, E_PCT_OF, amount, b, sp);
		if (amount)
			amount->text = slice_of(p, by + 1 + m.len, at - 1);
	}
	if (!gap || !amount)
		return NULL;
	take_words(p, s, at - s);
	*i = at;
	cmp_op cmp = m.negated ? cmp_negate(m.cmp) : m.cmp;
	return expr_cmp(p->c, cmp, gap, amount, sp, slice_of(p, by, by + m.len));
}

/* Whether [a, b) names the party a case is about ("the applicant", "the
 * driver", "each borrower"): then "has a credit score" means the case's.
 * Anyone else ("the co-signer") is left for accounting.c to report, since
 * the policy may hold a value of theirs it does not name. */
bool is_party(parser *p, uint32_t a, uint32_t b)
{
	static const char *const parties[] = {
		"account", "applicant", "application", "borrower", "business", "candidate", "carrier",
		"case", "claim", "claimant", "client", "company", "customer", "dealer", "driver",
		"employee", "entity", "file", "firm", "guest", "household", "insured", "loan",
		"member", "merchant", "participant", "patient", "person", "policyholder", "property",
		"provider", "request", "requester", "student", "subscriber", "supplier", "tenant",
		"vendor",
	};
	while (a < b && (is_w(p, a, b, "the") || is_w(p, a, b, "each") || is_w(p, a, b, "every") ||
	                 is_w(p, a, b, "a") || is_w(p, a, b, "an") || is_w(p, a, b, "any")))
		a++;
	if (a + 1 != b || p->tk[a].kind != T_WORD)
		return false;
	char one[64];
	size_t n = word_singular(p->tk[a].low, strlen(p->tk[a].low), one, sizeof one);
	if (!n || n >= sizeof one)
		return false;
	for (size_t i = 0; i < sizeof parties / sizeof parties[0]; i++)
		if (!strcmp(one, parties[i]))
			return true;
	const char *t = p->c->trigger;
	return t && strstr(t, one) != NULL;
}

/* "the applicant has a credit score below 620", "the borrower must have a
 * credit score of at least 680", "the property does not have a value of
 * $1M or more": a comparison of the term after "has", whoever has it. */
expr *possession_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
{
	static const char *const verbs[] = {
		"has", "have", "had", "has had", "have had", "must have", "shall have", "should have",
		"will have", "has not had", "have not had",
		"does not have", "do not have", "did not have", "must not have", "may not have",
		"shall not have", "cannot have",
		"maintains", "must maintain", "shall maintain", "keeps", "must keep", "shall keep",
		"carries", "must carry", "shall carry", "does not maintain", "does not carry",
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
	if (is_party(p, s, h - 1))
		take_words(p, s, h - 1 - s);
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

expr *comparison_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
{
	uint32_t s = *i;
	op_match m;
	if (is_w(p, s, end, "it") && op_at(p, s + 1, end, false, &m)) {
		int32_t d = it_in_clause(p, s);
		if (d < 0)
			d = it_refers_to(p);
		if (d < 0) {
			parser_error(p, s, s, "name the value instead of 'it'",
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
		/* "the maximum LTV in Table 1 for the loan type is below ..." */
		k = s;
		v = table_ref(p, &k, end, true);
		if (v && op_at(p, k, end, false, &m)) {
			*i = k;
			return comparison_rest(p, i, end, v, 0, 0, &m, subject_out);
		}
		if (p->c->nomem || (!v && k != s)) {
			*i = k; /* reported */
			return NULL;
		}
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
int32_t match_denied_term(parser *p, uint32_t i, uint32_t end, uint32_t *len, bool *negated)
{
	uint32_t e = i;
	unsigned nots = 0;
	while (e < end && e - i < MAX_TERM_WORDS &&
	       (!clause_boundary(p, e, end) || is_w(p, e, end, "or") || is_w(p, e, end, "and"))) {
		nots += is_w(p, e, end, "not") || is_w(p, e, end, "never");
		e++; /* a name may hold "or": "the grade is not C or better" */
	}
	if (!nots && !p->c->npredicates)
		return -1; /* no named condition to be the opposite of */
	if (!nots && !some_prefixed_condition(p->c)) {
		/* an opposite needs a prefixed word here, or "pass"/"fail" */
		bool maybe = false;
		for (uint32_t k = i; k < e && !maybe; k++) {
			const token *t = &p->tk[k];
			maybe = t->kind == T_WORD &&
			        (prefixed_word(t->low, t->len) || !strncmp(t->low, "pass", 4) ||
			         !strncmp(t->low, "fail", 4));
		}
		if (!maybe)
			return -1;
	}
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
		int32_t d = nots ? term_find_key(p->c, key) : -1;
		/* a judgment's negations are judgment.c's: "not" inside "that
		 * ..." is a word of the question, not its denial */
		if (d >= 0 && p->c->defs[d].type == POLICY_TYPE_BOOLEAN && n &&
		    !p->c->defs[d].judge_core) {
			*len = l;
			*negated = n % 2 == 1;
			return d;
		}
		/* "the applicant is qualified" of "An applicant is unqualified
		 * when ...": the opposite */
		if (d < 0 && term_find_key(p->c, key) < 0 && (d = term_find_antonym(p->c, key)) >= 0 &&
		    p->c->defs[d].type == POLICY_TYPE_BOOLEAN && !p->c->defs[d].judge_core) {
			*len = l;
			*negated = n % 2 == 0;
			return d;
		}
	}
	return -1;
}

bool clause_has_judgment(const parser *p, uint32_t i, uint32_t end)
{
	for (; i < end && !clause_boundary(p, i, end); i++)
		if (p->tk[i].kind == T_WORD && is_judgment_word(p->tk[i].low))
			return true;
	return false;
}

/* "any appraised value is below the loan amount", "every appraisal date is
 * within 120 days of the application date", "no cash amount exceeds
 * $10,000": a comparison on each value of a field read from each document. */
expr *quantified_atom(parser *p, uint32_t *i, uint32_t end)
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
