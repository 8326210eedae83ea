/*
 * Ages, tenure and event dates in conditions.
 *
 *   age atom      "the applicant is at least 18 years old", "aged 65 or older"
 *                 (from a date of birth the policy extracts, as of a date)
 *   tenure atom   "the business has been operating for less than two years
 *                 as of D"
 *   event dates   "the claim was reported more than 30 days after the date
 *                 of loss" (a participle that names a date the policy has)
 *
 * Each reads as a comparison of a computed duration (E_ELAPSED) with a
 * quantity, so it plans and explains like any other comparison.
 */
#include <string.h>

#include "base/date.h"
#include "compile/arith.h"
#include "compile/compare.h"
#include "compile/dates.h"
#include "compile/mention.h"
#include "compile/passive.h"

static bool is_start_word(const char *w)
{
	static const char *const v[] = { "start", "started", "established", "opened", "open",
	                                  "inception", "founded", "formation", "incorporation",
	                                  "incorporated", "began", "beginning", "commencement",
	                                  "commenced", "hire", "hired", "effective", "since",
	                                  "origination", "originated", "issue", "issued" };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(w, v[i]))
			return true;
	return false;
}

/* The date a subject's time in a state counts from: "the business" ->
 * "business start date". */
/* A date, or a term whose type is not known yet and whose name says date
 * ("the applicant's date of birth" while the policy is being read). */
static bool is_date_term(const def *x)
{
	return x->key && (x->type == POLICY_TYPE_DATE ||
	                  (x->type == POLICY_TYPE_NONE && x->name &&
	                   type_from_term_name(x->name) == POLICY_TYPE_DATE));
}

static int32_t start_date_of(parser *p, uint32_t sf, uint32_t sl)
{
	int32_t d = resolve_np(p, sf, sl, POLICY_TYPE_DATE, false);
	if (d >= 0 && is_date_term(&p->c->defs[d]))
		return d;
	size_t len;
	const char *text = np_text(p, sf, sl, &len);
	wordlist w;
	if (!words_split(p->c->a, text, len, WORDS_CONTENT, &w))
		return -1;
	int32_t best = -1;
	int best_score = 0, ties = 0;
	for (uint32_t i = 0; i < p->c->ndefs; i++) {
		const def *x = &p->c->defs[i];
		if (!is_date_term(x))
			continue;
		int score = 0;
		for (size_t a = 0; a < w.n; a++)
			for (size_t b = 0; b < x->words.n; b++)
				if (!strcmp(w.w[a], x->words.w[b]))
					score += 2;
		if (!score)
			continue;
		for (size_t b = 0; b < x->words.n; b++)
			if (is_start_word(x->words.w[b]))
				score += 1;
		if (score > best_score) {
			best = (int32_t)i;
			best_score = score;
			ties = 0;
		} else if (score == best_score) {
			ties++;
		}
	}
	return ties ? -1 : best;
}

/* The date an age is measured on when the policy does not say: the one
 * date term other than the start date, if there is exactly one. */
static int32_t only_other_date(const parser *p, int32_t start)
{
	int32_t found = -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if ((int32_t)d == start || !is_date_term(x) ||
		    (x->kind != POLICY_STEP_EXTRACT && x->kind != POLICY_STEP_LOOKUP))
			continue;
		if (found >= 0)
			return -1;
		found = (int32_t)d;
	}
	return found;
}

/* The age the policy defined for the subject in [s, e): "the driver's
 * age" for "the driver". */
int32_t defined_age_of(parser *p, uint32_t s, uint32_t e)
{
	char *subject = key_of(p, s, e);
	if (!subject)
		return -1;
	size_t n = strlen(subject);
	char *want = arena_alloc(p->c->a, n + 5);
	if (!want) {
		p->c->nomem = true;
		return -1;
	}
	memcpy(want, subject, n);
	memcpy(want + n, " age", 5);
	char *key = words_key(p->c->a, want, n + 4);
	int32_t d = key ? term_find_key(p->c, key) : -1;
	/* "the vehicle is older than 10 years" of an extracted "vehicle age"
	 * too */
	const def *x = d >= 0 ? &p->c->defs[d] : NULL;
	if (!x || x->is_predicate ||
	    (x->kind != POLICY_STEP_COMPUTE && x->kind != POLICY_STEP_EXTRACT &&
	     x->kind != POLICY_STEP_LOOKUP))
		return -1;
	return d;
}

static bool is_person_subject(parser *p, uint32_t s, uint32_t e)
{
	static const char *const people[] = {
		"applicant", "beneficiary", "borrower", "candidate", "cardholder", "child", "claimant",
		"client", "customer", "dependent", "driver", "employee", "guarantor", "insured",
		"lessee", "member", "owner", "participant", "patient", "policyholder", "spouse",
		"student", "subscriber", "tenant", "worker",
	};
	uint32_t k = s;
	while (k < e && (is_w(p, k, e, "the") || is_w(p, k, e, "a") || is_w(p, k, e, "an")))
		k++;
	if (k + 1 != e)
		return false;
	for (size_t v = 0; v < sizeof people / sizeof people[0]; v++)
		if (is_w(p, k, e, people[v]))
			return true;
	return false;
}

/* The one date of birth the policy reads, or -1. */
int32_t birth_date_term(parser *p)
{
	int32_t found = -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		bool birth = false;
		for (size_t k = 0; k < x->words.n && !birth; k++)
			birth = !strcmp(x->words.w[k], "birth") || !strcmp(x->words.w[k], "dob");
		if (!birth || !is_date_term(x))
			continue;
		if (found >= 0)
			return -1;
		found = (int32_t)d;
	}
	return found;
}

/* The time from `start` to the date named at *j ("as of D", "on D") or,
 * unnamed, the only other date; NULL (reported) if there is none. */
expr *age_since(parser *p, uint32_t *i, uint32_t s, uint32_t aux, uint32_t *j,
                uint32_t end, int32_t start, duration_unit u)
{
	expr *until;
	if (match(p, *j, end, "as of") || is_w(p, *j, end, "on") || is_w(p, *j, end, "at")) {
		*j += match(p, *j, end, "as of") ? 2 : 1;
		until = parse_value(p, j, end, 0);
	} else {
		int32_t on = only_other_date(p, start);
		if (on < 0) {
			parser_error(p, s, *j - 1, "say on which date, e.g. '... on the application date'",
			             "'%s' needs the date the age is measured on", slice_of(p, s, *j - 1));
			*i = *j;
			return NULL;
		}
		until = expr_ref(p->c, (uint32_t)on, span_of(p, s, *j - 1));
	}
	if (!until)
		return NULL;
	expr *from = expr_ref(p->c, (uint32_t)start, span_of(p, s, aux - 1));
	expr *el = from ? expr_binary(p->c, E_ELAPSED, from, until, span_of(p, s, *j - 1)) : NULL;
	if (!el)
		return NULL;
	el->unit = u;
	el->type = POLICY_TYPE_DURATION;
	el->text = slice_of(p, s, aux - 1);
	return el;
}

/* "the applicant is between 18 and 65 (years old)": both ends included. */
static expr *age_between(parser *p, uint32_t *i, uint32_t s, uint32_t aux, uint32_t k,
                         uint32_t end, int32_t born)
{
	uint32_t at = k + 1, cl1, cl2;
	int64_t lo = count_at(p, at, end, &cl1);
	if (lo < 0 || !is_w(p, at + cl1, end, "and"))
		return NULL;
	uint32_t hi_at = at + cl1 + 1;
	int64_t hi = count_at(p, hi_at, end, &cl2);
	if (hi < 0)
		return NULL;
	uint32_t j = hi_at + cl2;
	duration_unit u = UNIT_YEARS;
	if (is_unit_word(tw(p, j), &u))
		j++;
	j += is_w(p, j, end, "old") ? 1 : match(p, j, end, "of age");
	expr *el = age_since(p, i, s, aux, &j, end, born, u);
	expr *a = expr_const(p->c, value_duration(lo, u), span_of(p, at, at + cl1 - 1),
	                     slice_of(p, at, at + cl1 - 1));
	expr *b = expr_const(p->c, value_duration(hi, u), span_of(p, hi_at, hi_at + cl2 - 1),
	                     slice_of(p, hi_at, hi_at + cl2 - 1));
	if (!el || !a || !b)
		return NULL;
	expr *args[3] = { el, a, b };
	expr *e = expr_nary(p->c, E_BETWEEN, args, 3, span_of(p, aux, j - 1));
	if (e) {
		e->type = POLICY_TYPE_BOOLEAN;
		e->text = "is between";
	}
	*i = j;
	return e;
}

/* "the business is less than two years old on the application date", "the
 * applicant must be at least 18 years of age", "the applicant is younger
 * than 21": the age of a thing, from its start date to a date. */
/* Whether every word of the subject [s, e) but its article is a word of
 * x's name: "the driver" of "the driver's date of birth". */
static bool subject_in_name(parser *p, uint32_t s, uint32_t e, const def *x)
{
	for (uint32_t k = s; k < e; k++) {
		if (is_w(p, k, e, "the") || is_w(p, k, e, "a") || is_w(p, k, e, "an"))
			continue;
		char *w = key_of(p, k, k + 1);
		bool in = !w || !*w;
		for (size_t b = 0; b < x->words.n && !in; b++)
			in = !strcmp(w, x->words.w[b]);
		if (!in)
			return false;
	}
	return true;
}

expr *age_atom(parser *p, uint32_t *i, uint32_t end)
{
	static const char *const cops[] = { "is", "was", "are", "must be", "should be",
	                                    "shall be", "has to be", "needs to be" };
	uint32_t s = *i, k = s;
	while (k < end && k < s + MAX_TERM_WORDS && p->tk[k].kind == T_WORD &&
	       !is_aux_word(p->tk[k].low) && !is_np_stop_word(p->tk[k].low))
		k++;
	uint32_t cop = 0;
	for (size_t c = 0; c < sizeof cops / sizeof cops[0] && !cop; c++)
		cop = match(p, k, end, cops[c]);
	if (k == s || !cop)
		return NULL;
	uint32_t aux = k;
	k += cop;
	int32_t born = is_person_subject(p, s, aux) ? birth_date_term(p) : -1;
	if (is_w(p, k, end, "between") && born >= 0)
		return age_between(p, i, s, aux, k, end, born);
	cmp_op cmp = CMP_EQ;
	const char *phrase = "is";
	cmp_phrase(p, &k, end, aux, &cmp, &phrase);
	bool comparative = phrase_has(p, aux, k, "older", "younger");
	uint32_t cl;
	int64_t n = count_at(p, k, end, &cl);
	if (n < 0)
		return NULL;
	duration_unit u = UNIT_YEARS;
	uint32_t unit_at = k + cl, j = unit_at;
	if (is_unit_word(tw(p, unit_at), &u))
		j++;
	else
		unit_at--; /* "younger than 21": years */
	bool aged = is_w(p, j, end, "old") || match(p, j, end, "of age");
	j += is_w(p, j, end, "old") ? 1 : match(p, j, end, "of age");
	if (cmp == CMP_EQ && (match(p, j, end, "or older") || match(p, j, end, "or younger"))) {
		/* "70 or older" */
		cmp = is_w(p, j + 1, end, "older") ? CMP_GE : CMP_LE;
		phrase = cmp == CMP_GE ? "is at least" : "is at most";
		comparative = true;
		j += 2;
	}
	if (!aged && !comparative && born < 0)
		return NULL; /* "is over 69" is an age only of a person */
	int32_t own = defined_age_of(p, s, aux);
	if (own >= 0 && !subject_in_name(p, s, aux, &p->c->defs[own]))
		return NULL; /* "an acceptable driver": more than the age's owner */
	if (own >= 0) {
		/* "The driver's age is ..." defined it: that age, not another */
		expr *r = expr_ref(p->c, (uint32_t)own, span_of(p, s, aux - 1));
		expr *dur = expr_const(p->c, value_duration(n, u), span_of(p, k, unit_at),
		                       slice_of(p, k, unit_at));
		if (!r || !dur)
			return NULL;
		r->text = p->c->defs[own].name;
		*i = j;
		return expr_cmp(p->c, cmp, r, dur, span_of(p, aux, unit_at), phrase);
	}
	int32_t start = start_date_of(p, s, aux);
	if (start >= 0 && !subject_in_name(p, s, aux, &p->c->defs[start]))
		return NULL; /* "an acceptable driver is 65 or older": "acceptable"
		                is no word of the birth date (it was once dropped) */
	if (start < 0)
		start = born;
	if (start < 0)
		return NULL;
	expr *el = age_since(p, i, s, aux, &j, end, start, u);
	if (!el)
		return NULL;
	expr *dur = expr_const(p->c, value_duration(n, u), span_of(p, k, unit_at),
	                       slice_of(p, k, unit_at));
	*i = j;
	return expr_cmp(p->c, cmp, el, dur, span_of(p, aux, unit_at), phrase);
}

/* The date term named by an event's verb: "purchased" for the purchase
 * date, "filed" for the filing date; -1 unless exactly one. The words are
 * compared by their canonical forms ("submitted", "submission"), then by
 * their stems ("uploaded", "upload"). */
static int32_t date_of_event_by(parser *p, uint32_t first, uint32_t last, unsigned how)
{
	wordlist v;
	const token *t = &p->tk[first], *u = &p->tk[last];
	if (!words_split(p->c->a, t->text, (size_t)(u->text + u->len - t->text), WORDS_CONTENT | how,
	                 &v) || v.n == 0)
		return -1;
	int32_t found = -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		wordlist w;
		if (!is_date_term(x) || !words_split(p->c->a, x->name, strlen(x->name),
		                                     WORDS_CONTENT | how, &w))
			continue;
		bool has = true; /* every word of the event's: "proof of loss" */
		for (size_t j = 0; j < v.n && has; j++) {
			has = false;
			for (size_t k = 0; k < w.n && !has; k++)
				has = !strcmp(w.w[k], v.w[j]);
		}
		if (!has)
			continue;
		if (found >= 0)
			return -2;
		found = (int32_t)d;
	}
	return found;
}

/* The date term named by the words [first, last]: "submitted" (the
 * submission date), "proof of loss" (the proof of loss received date). */
static int32_t date_of_words(parser *p, uint32_t first, uint32_t last)
{
	int32_t d = date_of_event_by(p, first, last, WORDS_CANON);
	if (d == -1)
		d = date_of_event_by(p, first, last, WORDS_STEM);
	return d < 0 ? -1 : d;
}

static int32_t date_of_event(parser *p, uint32_t verb)
{
	return date_of_words(p, verb, verb);
}

/* Where the comparison after an event's verb starts ("submitted no later
 * than", "submitted to the risk division no later than": to whom or how it
 * is done first), or NONE. */
static uint32_t event_comparison(parser *p, uint32_t verb, uint32_t end, op_match *m)
{
	uint32_t o = verb + 1;
	if (is_w(p, o, end, "to") || is_w(p, o, end, "with") || is_w(p, o, end, "by") ||
	    is_w(p, o, end, "in") || is_w(p, o, end, "via") || is_w(p, o, end, "at"))
		for (uint32_t w = o + 1; w < end && w <= o + 7 && p->tk[w].kind == T_WORD; w++)
			if (op_at(p, w, end, true, m) && (m->kind == PK_CMP || m->kind == PK_WITHIN)) {
				o = w;
				break;
			}
	if (!op_at(p, o, end, true, m) || (m->kind != PK_CMP && m->kind != PK_WITHIN))
		return NONE;
	/* a time: "more than 30 days after", "before the loss date"; not
	 * "dismissed under 5.3" */
	duration_unit u;
	for (uint32_t w = o + m->len; w < end && w <= o + m->len + 6; w++) {
		uint32_t tl;
		int32_t t = p->tk[w].kind == T_WORD ? match_term(p, w, end, false, &tl) : -1;
		if (p->tk[w].kind == T_QUANTITY && p->tk[w].val.type == POLICY_TYPE_DATE)
			return o; /* "before June 1, 2026" */
		if (p->tk[w].kind == T_WORD &&
		    (is_unit_word(p->tk[w].low, &u) || !strcmp(p->tk[w].low, "date") ||
		     !strcmp(p->tk[w].low, "deadline") ||
		     (t >= 0 && is_date_term(&p->c->defs[t]))))
			return o; /* "before its Filing Deadline" */
	}
	return NONE;
}

bool time_comparison_at(parser *p, uint32_t verb, uint32_t end)
{
	op_match m;
	return event_comparison(p, verb, end, &m) != NONE;
}

bool names_event_date(parser *p, uint32_t verb, uint32_t end)
{
	op_match m;
	return event_comparison(p, verb, end, &m) != NONE && date_of_event(p, verb) >= 0;
}

/* "the request may not be submitted more than 14 days after the pay period
 * end date", "the claim was reported within 30 days of the date of loss":
 * the event's date (the submission date, the report date), compared. */
expr *event_date_atom(parser *p, uint32_t *i, uint32_t end, expr **subject_out)
{
	uint32_t s = *i, k = s;
	bool reduced = false; /* "claims filed more than 30 days after ...": no "were" */
	op_match m;
	while (k < end && k < s + MAX_TERM_WORDS && p->tk[k].kind == T_WORD &&
	       !is_aux_word(p->tk[k].low) && !is_np_stop_word(p->tk[k].low) &&
	       strcmp(p->tk[k].low, "cannot")) {
		if (k > s && participle_verb(p, p->tk[k].low) && event_comparison(p, k, end, &m) != NONE &&
		    date_of_event(p, k) >= 0) {
			reduced = true;
			break;
		}
		k++;
	}
	if (k == s || k >= end)
		return NULL;
	bool neg = false, be = reduced;
	uint32_t v = k;
	for (; !reduced && v < end && v < k + 5 && p->tk[v].kind == T_WORD; v++) {
		const char *w = p->tk[v].low;
		if (!strcmp(w, "not") || !strcmp(w, "never") || !strcmp(w, "cannot"))
			neg = !neg;
		else if (!strcmp(w, "be") || !strcmp(w, "is") || !strcmp(w, "was") ||
		         !strcmp(w, "are") || !strcmp(w, "were") || !strcmp(w, "been"))
			be = true;
		else if (!is_aux_word(w))
			break;
	}
	if (v >= end || p->tk[v].kind != T_WORD)
		return NULL;
	uint32_t at = v + 1; /* where the comparison starts */
	int32_t d = -1;
	if (!be) {
		/* "The insured must give notice not later than 3 days after the
		 * date of discovery": the date of what is done (the notice date) */
		const char *mod = v > k ? p->tk[v - 1].low : "";
		if (strcmp(mod, "must") && strcmp(mod, "shall") && strcmp(mod, "should") &&
		    strcmp(mod, "will"))
			return NULL; /* a duty: "must give", never "has no ..." */
		if (is_w(p, v, end, "have") || is_w(p, v, end, "be") || is_w(p, v, end, "no"))
			return NULL;
		uint32_t o = v + 1; /* to "within", "before", ...; not "of" in "proof of loss" */
		while (o < end && o < v + 11 && p->tk[o].kind == T_WORD &&
		       !(op_at(p, o, end, true, &m) && (m.kind == PK_CMP || m.kind == PK_WITHIN)))
			o++;
		if (o >= end || o == v + 1 || !op_at(p, o, end, true, &m))
			return NULL;
		for (uint32_t w = v + 1; w < o && d < 0; w++)
			if (!is_w(p, w, o, "the") && !is_w(p, w, o, "a") && !is_w(p, w, o, "an"))
				d = date_of_event(p, w);
		uint32_t obj = skip_articles(p, v + 1, o);
		if (d < 0 && obj + 1 < o)
			d = date_of_words(p, obj, o - 1); /* "return the proof of loss" */
		if (d < 0)
			d = date_of_event(p, v); /* "submit the report": the submission date */
		if (d < 0)
			return NULL;
		take_words(p, v, o - v);
		at = o;
	} else {
		uint32_t o = event_comparison(p, v, end, &m);
		if (o == NONE)
			return NULL;
		d = date_of_event(p, v);
		uint32_t f = skip_articles(p, s, k);
		if (d < 0 && f < k && !reduced && participle_verb(p, p->tk[v].low))
			d = date_of_words(p, f, k - 1); /* "Notice may not be given later than ...":
			                                   the notice date */
		if (d >= 0 && o > v + 1)
			take_words(p, v + 1, o - v - 1);
		at = o;
	}
	if (d < 0 || (m.kind != PK_CMP && m.kind != PK_WITHIN))
		return NULL;
	expr *subject = expr_ref(p->c, (uint32_t)d, span_of(p, s, v));
	if (!subject)
		return NULL;
	subject->text = p->c->defs[d].name;
	uint32_t j = at;
	expr *e = comparison_rest(p, &j, end, subject, 0, 0, &m, subject_out);
	if (!e)
		return NULL;
	*i = j;
	return neg ? expr_not(p->c, e) : e;
}

/* "the property was purchased more than 12 months ago as of the
 * application date": the time from the event's date to a date. */
expr *event_age_atom(parser *p, uint32_t *i, uint32_t end)
{
	static const char *const auxes[] = { "was", "were", "has been", "have been", "had been" };
	uint32_t s = *i, k = s, al = 0;
	for (; k < end && k < s + MAX_TERM_WORDS && !al; k++) {
		for (size_t a = 0; a < sizeof auxes / sizeof auxes[0] && !al; a++)
			al = match(p, k, end, auxes[a]);
		if (al)
			break;
		if (p->tk[k].kind != T_WORD || is_aux_word(p->tk[k].low) ||
		    is_np_stop_word(p->tk[k].low))
			return NULL;
	}
	if (!al || k == s)
		return NULL;
	uint32_t verb = k + al;
	if (verb >= end || p->tk[verb].kind != T_WORD)
		return NULL;
	uint32_t at = verb + 1;
	op_match m;
	if (!op_at(p, at, end, true, &m) || m.kind != PK_CMP)
		return NULL;
	const char *phrase = slice_of(p, at, at + m.len - 1);
	cmp_op cmp = m.negated ? cmp_negate(m.cmp) : m.cmp;
	at += m.len;
	uint32_t cl;
	int64_t n = count_at(p, at, end, &cl);
	duration_unit u;
	if (n < 0 || !is_unit_word(tw(p, at + cl), &u) || !is_w(p, at + cl + 1, end, "ago"))
		return NULL;
	uint32_t unit_at = at + cl, j = unit_at + 2;
	int32_t start = date_of_event(p, verb);
	if (start < 0)
		return NULL;
	expr *until;
	if (match(p, j, end, "as of") || is_w(p, j, end, "on") || is_w(p, j, end, "at")) {
		j += match(p, j, end, "as of") ? 2 : 1;
		until = parse_value(p, &j, end, 0);
	} else {
		int32_t on = only_other_date(p, start);
		if (on < 0) {
			parser_error(p, s, j - 1, "say on which date, e.g. '... ago as of the application date'",
			             "'%s' needs the date it is measured on", slice_of(p, s, j - 1));
			*i = j;
			return NULL;
		}
		until = expr_ref(p->c, (uint32_t)on, span_of(p, s, j - 1));
	}
	expr *from = expr_ref(p->c, (uint32_t)start, span_of(p, s, verb));
	expr *el = from && until ? expr_binary(p->c, E_ELAPSED, from, until, span_of(p, s, j - 1))
	                         : NULL;
	expr *dur = expr_const(p->c, value_duration(n, u), span_of(p, at, unit_at),
	                       slice_of(p, at, unit_at));
	if (!el || !dur)
		return NULL;
	el->unit = u;
	el->type = POLICY_TYPE_DURATION;
	el->text = slice_of(p, s, verb);
	*i = j;
	return expr_cmp(p->c, cmp, el, dur, span_of(p, verb + 1, unit_at + 1), phrase);
}

/* "the business has been operating for less than two years as of the
 * application date". */
expr *tenure_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, k = s, aux = NONE;
	for (; k < end && k < s + MAX_TERM_WORDS; k++) {
		if (match(p, k, end, "has been") || match(p, k, end, "have been")) {
			aux = k;
			break;
		}
		if ((is_w(p, k, end, "has") || is_w(p, k, end, "have")) && k > s) {
			aux = k;
			break;
		}
		if (p->tk[k].kind != T_WORD || is_np_stop_word(p->tk[k].low))
			return NULL;
	}
	if (aux == NONE || aux == s)
		return NULL;
	uint32_t f = aux + 1;
	while (f < end && f < aux + 6 && !is_w(p, f, end, "for"))
		f++;
	if (!is_w(p, f, end, "for"))
		return NULL;
	uint32_t k2 = f + 1;
	cmp_op cmp = CMP_GE;
	const char *phrase = "for at least";
	cmp_phrase(p, &k2, end, k2, &cmp, &phrase);
	uint32_t cl;
	int64_t n = count_at(p, k2, end, &cl);
	duration_unit u;
	if (n < 0 || !is_unit_word(tw(p, k2 + cl), &u))
		return NULL;
	uint32_t unit_at = k2 + cl;
	uint32_t k3 = unit_at + 1;
	expr *until;
	if (match(p, k3, end, "as of") || match(p, k3, end, "at the time of")) {
		k3 += match(p, k3, end, "as of") ? 2 : 4;
		until = parse_value(p, &k3, end, 0);
		if (!until)
			return NULL;
	} else if (is_w(p, k3, end, "on") || is_w(p, k3, end, "at") || is_w(p, k3, end, "by")) {
		k3++;
		until = parse_value(p, &k3, end, 0);
		if (!until)
			return NULL;
	} else {
		parser_error(p, s, unit_at, "say when, e.g. '... as of the application date'",
		             "'%s' needs the date it is measured on", slice_of(p, s, unit_at));
		return NULL;
	}
	int32_t start = start_date_of(p, s, aux);
	if (start < 0) {
		if (!parser_quiet(p))
			diag_error(p->c, span_of(p, s, aux - 1),
			           "extract the date it began, e.g. 'the business start date'",
			           "I can't tell which date '%s' counts from", slice_of(p, s, aux - 1));
		return NULL;
	}
	expr *from = expr_ref(p->c, (uint32_t)start, span_of(p, s, aux - 1));
	expr *el = expr_binary(p->c, E_ELAPSED, from, until, span_of(p, s, k3 - 1));
	if (!el)
		return NULL;
	el->unit = u;
	el->type = POLICY_TYPE_DURATION;
	el->text = slice_of(p, s, f - 1);
	expr *dur = expr_const(p->c, value_duration(n, u), span_of(p, k2, unit_at),
	                       slice_of(p, k2, unit_at));
	*i = k3;
	return expr_cmp(p->c, cmp, el, dur, span_of(p, f, unit_at), phrase);
}
