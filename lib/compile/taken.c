/*
 * Actions of the policy used as conditions.
 *
 *   taken   := [subject] ("is" | "are" | "was" | "were" | "has been" | "have been")
 *              ["not"] what
 *            | ["is"] "neither" what "nor" what
 *            | "not" what                    (after a comma: the subject and
 *                                             verb said once)
 *   what    := participle ("under" | "in" | "by") xref
 *
 * Real policies end with the cases no earlier section decided: "An
 * application that is neither declined under Section 4 nor referred under
 * 6.1 is approved", "If the application is not suspended under Section 5
 * ...". "declined under Section 4" is true exactly when an action of the
 * policy whose verb is "decline", stated in Section 4 before this
 * sentence, fires: the disjunction of those actions' conditions. A
 * participle that no such action has there is an error naming it, never
 * a guess.
 */
#include <string.h>
#include <strings.h>

#include "compile/mention.h"
#include "compile/passive.h"
#include "compile/statement.h"
#include "compile/taken.h"
#include "compile/xref.h"

enum { MAX_SUBJECT_WORDS = 4, MAX_OBJECT_WORDS = 6, MAX_ACTIONS = 256 };

/* The conditions of the actions with verb `verb` in the part `x` named,
 * stated before this sentence, OR'ed; NULL with an error if there are none. */
static expr *fired(parser *p, const char *verb, const xref *x, uint32_t first, uint32_t last)
{
	expr *guards[MAX_ACTIONS];
	uint32_t n = 0;
	bool always = false;
	for (int pass = 0; pass < 2 && !n && !always; pass++) {
		/* "required under 4.1" of "4.1 An appraisal is required when ...":
		 * when no action there requires, its requirements apply */
		if (pass && strcasecmp(verb, "require"))
			break;
		policy_step_kind kind = pass ? POLICY_STEP_REQUIRE : POLICY_STEP_ACTION;
		for (uint32_t d = 0; d < p->c->ndefs && n < MAX_ACTIONS; d++) {
			const def *a = &p->c->defs[d];
			if (a->kind != kind || (!pass && (!a->verb || strcasecmp(a->verb, verb))) ||
			    a->sentence_index >= p->cur || !xref_holds(x, a->sp.line))
				continue;
			if (!a->guard)
				always = true;
			else
				guards[n++] = a->guard;
		}
	}
	span sp = span_of(p, first, last);
	if (always)
		return expr_const(p->c, value_bool(true), sp, "always");
	if (n == 0) {
		diag_error(p->c, sp, "name the section whose rule takes that action",
		           "'%s' refers to an action '%s', but there is none there before it",
		           slice_of(p, first, last), verb);
		return NULL;
	}
	expr *e = n == 1 ? guards[0] : expr_nary(p->c, E_OR, guards, n, sp);
	if (e && n > 1) {
		e->type = POLICY_TYPE_BOOLEAN;
		e->text = slice_of(p, first, last);
	}
	return e;
}

enum { MAX_SERIES = 8 };

/* "pended, held, denied or referred under Parts IV through VI": any of
 * those actions there. NULL and *shape false if that is not the shape. */
static expr *participle_series(parser *p, uint32_t *k, uint32_t end, bool *shape)
{
	const char *verbs[MAX_SERIES];
	uint32_t at[MAX_SERIES], nv = 0, q = *k;
	*shape = false;
	while (nv < MAX_SERIES && q < end && p->tk[q].kind == T_WORD) {
		const char *v = participle_verb(p, p->tk[q].low);
		if (!v)
			break;
		verbs[nv] = v;
		at[nv++] = q++;
		uint32_t r = q;
		if (is_punct(p, r, end, ','))
			r++;
		if (is_w(p, r, end, "or") || is_w(p, r, end, "and"))
			r++;
		if (r == q)
			break;
		q = r;
	}
	xref x = { .n = 0 };
	uint32_t x_at = at[nv ? nv - 1 : 0] + 1;
	if (nv < 2 || !xref_at(p, &x_at, end, &x))
		return NULL;
	*shape = true;
	expr *parts[MAX_SERIES];
	for (uint32_t v = 0; v < nv; v++) {
		parts[v] = fired(p, verbs[v], &x, at[v], x_at - 1);
		if (!parts[v])
			return NULL; /* reported: a participle no action there has */
	}
	expr *e = expr_nary(p->c, E_OR, parts, nv, span_of(p, *k, x_at - 1));
	if (!e)
		return NULL;
	e->type = POLICY_TYPE_BOOLEAN;
	e->text = slice_of(p, *k, x_at - 1);
	take_words(p, *k, x_at - *k);
	*k = x_at;
	return e;
}

/* "declined under Section 4" at *k: the condition, *k past it; NULL if
 * that is not the shape (nothing reported) or on error (reported). */
static expr *what(parser *p, uint32_t *k, uint32_t end, bool *shape)
{
	uint32_t j = *k;
	*shape = false;
	if (j >= end || p->tk[j].kind != T_WORD)
		return NULL;
	const char *verb = participle_verb(p, p->tk[j].low);
	if (!verb)
		return NULL;
	expr *series = participle_series(p, k, end, shape);
	if (series || *shape)
		return series;
	/* the part that takes it, perhaps after where it puts the case:
	 * "placed in the exception queue under Section 6" */
	xref x = { .n = 0 };
	uint32_t x_at = j + 1;
	bool found = false;
	for (uint32_t w = j + 1; w < end && w <= j + 1 + MAX_OBJECT_WORDS && !found; w++) {
		x_at = w;
		found = is_w(p, x_at, end, "by") ? (x_at++, xref_target_at(p, &x_at, end, &x))
		                                 : xref_at(p, &x_at, end, &x);
		if (!found && (p->tk[w].kind != T_WORD || is_w(p, w, end, "nor") ||
		               is_w(p, w, end, "and") || is_w(p, w, end, "or")))
			break;
	}
	if (!found) {
		/* "an application that is not declined": anywhere before, when
		 * the participle ends the clause and the policy has that action */
		if (!policy_acts(p, verb, true) || (j + 1 < end && !is_w(p, j + 1, end, "nor") && !is_w(p, j + 1, end, "and") &&
		              !is_w(p, j + 1, end, "or") && p->tk[j + 1].kind == T_WORD))
			return NULL;
		x.n = 1;
		x.lo[0] = 0;
		x.hi[0] = UINT32_MAX;
		x_at = j + 1;
	}
	*shape = true;
	expr *e = fired(p, verb, &x, j, x_at - 1);
	if (e)
		take_words(p, j, x_at - j);
	*k = x_at;
	return e;
}

/* Whether an action stated before names [s, v) as the object of the verb
 * whose participle is at `at`: "the applicant" of "The applicant is
 * excluded if ...", then "If the applicant is not excluded, ...". */
static bool object_of_action(parser *p, uint32_t s, uint32_t v, uint32_t at)
{
	const char *verb = participle_verb(p, p->tk[at].low);
	char *subject = verb ? key_of(p, s, v) : NULL;
	for (uint32_t d = 0; subject && *subject && d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if (x->kind != POLICY_STEP_ACTION || !x->verb || !x->object || strcmp(x->verb, verb))
			continue;
		char *object = words_key(p->c->a, x->object, strlen(x->object));
		if (object && !strcmp(object, subject))
			return true;
	}
	return false;
}

expr *taken_kind(parser *p, uint32_t np, uint32_t end)
{
	uint32_t a = skip_articles(p, np, end);
	if (a + 1 >= end || p->tk[a].kind != T_WORD)
		return NULL;
	const char *verb = participle_verb(p, p->tk[a].low);
	if (!verb || !passive_subject_known(p, a + 1, end))
		return NULL;
	if (!policy_acts(p, verb, true))
		return NULL;
	xref all = { .n = 1 };
	all.lo[0] = 0;
	all.hi[0] = UINT32_MAX;
	expr *e = fired(p, verb, &all, np, end - 1);
	if (e)
		take_words(p, np, end - np);
	return e;
}

expr *taken_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, k;
	bool shape;
	if (s > 0 && s < end && p->tk[s].kind == T_WORD && participle_verb(p, p->tk[s].low) &&
	    (is_w(p, s - 1, end, "not") || is_w(p, s - 1, end, "and") || is_w(p, s - 1, end, "or"))) {
		/* "is not declined under Section 4 and not suspended under
		 * Section 5": the subject and its verb said once */
		uint32_t j = s;
		expr *e = what(p, &j, end, &shape);
		if (e || shape) {
			*i = j;
			return e;
		}
	}
	/* the subject, if any: a few words before the verb */
	uint32_t v = s;
	while (v < end && v < s + MAX_SUBJECT_WORDS && p->tk[v].kind == T_WORD &&
	       !is_w(p, v, end, "is") && !is_w(p, v, end, "was") && !is_w(p, v, end, "has") &&
	       !is_w(p, v, end, "are") && !is_w(p, v, end, "were") && !is_w(p, v, end, "have") &&
	       !is_w(p, v, end, "not") && !is_w(p, v, end, "neither"))
		v++;
	k = v;
	bool has_not = false;
	if ((is_w(p, k, end, "has") || is_w(p, k, end, "have")) && is_w(p, k + 1, end, "not") &&
	    is_w(p, k + 2, end, "been")) {
		k += 3; /* "has not been pended": the "not" before "been" */
		has_not = true;
	} else if ((is_w(p, k, end, "has") || is_w(p, k, end, "have")) && is_w(p, k + 1, end, "been"))
		k += 2;
	else if (v == s && is_w(p, k, end, "been"))
		k++; /* "a claim that has been neither denied ...", its "has" read */
	else if (is_w(p, k, end, "is") || is_w(p, k, end, "was") || is_w(p, k, end, "are") ||
	         is_w(p, k, end, "were"))
		k++; /* "claims that were denied under Section 3" */
	else if (v > s)
		return NULL; /* a subject with another verb */
	/* the shape first (cheap), the subject after (a scan of the terms) */
	uint32_t at = k + (is_w(p, k, end, "not") || is_w(p, k, end, "neither"));
	if (at >= end || p->tk[at].kind != T_WORD || !participle_verb(p, p->tk[at].low))
		return NULL;
	if (v > s && !passive_subject_known(p, s, v) && !object_of_action(p, s, v, at))
		return NULL;
	if (is_w(p, k, end, "neither")) {
		uint32_t j = k + 1;
		expr *a = what(p, &j, end, &shape);
		if (!a || !is_w(p, j, end, "nor"))
			return NULL;
		uint32_t nor = j++;
		expr *b = what(p, &j, end, &shape);
		if (!b)
			return NULL;
		take_words(p, s, k + 1 - s);
		take_words(p, nor, 1);
		*i = j;
		return expr_and(p->c, expr_not(p->c, a), expr_not(p->c, b));
	}
	bool negated = is_w(p, k, end, "not");
	if (negated)
		k++;
	negated = negated != has_not;
	uint32_t j = k;
	expr *e = what(p, &j, end, &shape);
	if (!e)
		return NULL;
	take_words(p, s, k - s);
	*i = j;
	return negated ? expr_not(p->c, e) : e;
}

/* Content words of `text`, "not" taken out (*neg flipped for each). */
static bool state_words(parser *p, const char *text, size_t len, wordlist *w, bool *neg)
{
	if (!words_split(p->c->a, text, len, WORDS_CONTENT, w))
		return false;
	size_t k = 0;
	for (size_t j = 0; j < w->n; j++) {
		if (!strcmp(w->w[j], "not"))
			*neg = !*neg;
		else
			w->w[k++] = w->w[j];
	}
	w->n = k;
	return true;
}

/* The words of an action stated as a state ("collateral review is
 * mandatory") or of a requirement's documents, split once (def.said). */
static const wordlist *said_of(parser *p, def *x)
{
	if (!x->said_state) {
		bool ignored = false;
		const char *text = x->kind == POLICY_STEP_REQUIRE ? x->doc : x->text;
		bool state = text && (x->kind == POLICY_STEP_REQUIRE ||
		                      (x->kind == POLICY_STEP_ACTION &&
		                       (strstr(text, " is ") || strstr(text, " are "))));
		x->said_state = state && state_words(p, text, strlen(text), &x->said, &ignored) ? 1 : -1;
	}
	return x->said_state > 0 ? &x->said : NULL;
}

expr *stated_atom(parser *p, uint32_t *i, uint32_t end)
{
	enum { MAX_STATE_WORDS = 10 };
	uint32_t s = *i;
	if (s >= end || p->tk[s].kind != T_WORD)
		return NULL;
	bool verb = false; /* "... is mandatory", "... are required": a state */
	for (uint32_t k = s + 1; k < end && k < s + MAX_STATE_WORDS && !verb; k++)
		verb = !strcmp(tw(p, k), "is") || !strcmp(tw(p, k), "are"); /* not marked read */
	if (!verb)
		return NULL;
	/* a cheap look first: some action or requirement's first word here */
	bool ignored = false, any = false;
	wordlist head;
	const token *a0 = &p->tk[skip_articles(p, s, end)];
	if (!state_words(p, a0->text, a0->len, &head, &ignored) || head.n == 0)
		return NULL;
	for (uint32_t d = 0; d < p->c->ndefs && !any; d++) {
		def *x = &p->c->defs[d];
		if (x->sentence_index >= p->cur ||
		    (x->kind != POLICY_STEP_ACTION && x->kind != POLICY_STEP_REQUIRE))
			continue;
		const wordlist *w = said_of(p, x);
		any = w && w->n && !strcmp(w->w[0], head.w[0]);
	}
	if (!any)
		return NULL;
	for (uint32_t j = end < s + MAX_STATE_WORDS ? end : s + MAX_STATE_WORDS; j > s + 2; j--) {
		const token *a = &p->tk[s], *b = &p->tk[j - 1];
		if (b->kind != T_WORD)
			continue;
		bool neg = false;
		wordlist said;
		if (!state_words(p, a->text, (size_t)(b->text + b->len - a->text), &said, &neg) ||
		    said.n < 2)
			continue;
		/* "an appraisal is required": the requirement of appraisals */
		bool required = !strcmp(said.w[said.n - 1], "required");
		size_t subject_n = said.n - 1; /* "is" and "are" are not content words */
		expr *guards[MAX_ACTIONS];
		uint32_t n = 0;
		bool always = false;
		for (uint32_t d = 0; d < p->c->ndefs && n < MAX_ACTIONS; d++) {
			def *x = &p->c->defs[d];
			if (x->sentence_index >= p->cur ||
			    (x->kind != POLICY_STEP_ACTION && (x->kind != POLICY_STEP_REQUIRE || !required)))
				continue;
			const wordlist *w = said_of(p, x);
			size_t want = x->kind == POLICY_STEP_REQUIRE ? subject_n : said.n;
			if (!w || w->n != want)
				continue;
			bool same = true;
			for (size_t k = 0; k < w->n && same; k++)
				same = !strcmp(w->w[k], said.w[k]);
			if (!same)
				continue;
			if (!x->guard)
				always = true;
			else
				guards[n++] = x->guard;
		}
		if (!n && !always)
			continue;
		span sp = span_of(p, s, j - 1);
		expr *e = always ? expr_const(p->c, value_bool(true), sp, "always")
		                 : n == 1 ? guards[0] : expr_nary(p->c, E_OR, guards, n, sp);
		if (e && n > 1)
			e->type = POLICY_TYPE_BOOLEAN;
		take_words(p, s, j - s);
		*i = j;
		return e && neg ? expr_not(p->c, e) : e;
	}
	return NULL;
}

/* The verb a noun of action names: "denial" -> "deny". */
static const char *action_of_noun(const char *w)
{
	static const char *const nouns[][2] = {
		{ "approval", "approve" },   { "cancellation", "cancel" }, { "closure", "close" },
		{ "decline", "decline" },    { "denial", "deny" },         { "escalation", "escalate" },
		{ "hold", "hold" },          { "payment", "pay" },         { "referral", "refer" },
		{ "rejection", "reject" },   { "return", "return" },       { "suspension", "suspend" },
		{ "termination", "terminate" },
	};
	for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
		if (!strcmp(w, nouns[i][0]))
			return nouns[i][1];
	return NULL;
}

expr *action_rules_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	bool none = false;
	if (match(p, k, end, "none of the"))
		none = true, k += 3;
	else if (match(p, k, end, "neither of the"))
		none = true, k += 3;
	else if (match(p, k, end, "any of the"))
		k += 3;
	else
		return NULL;
	const char *verbs[MAX_SERIES];
	uint32_t at[MAX_SERIES], nv = 0;
	while (nv < MAX_SERIES && k < end && p->tk[k].kind == T_WORD &&
	       (verbs[nv] = action_of_noun(p->tk[k].low))) {
		at[nv++] = k++;
		if (is_punct(p, k, end, ','))
			k++;
		if (is_w(p, k, end, "or") || is_w(p, k, end, "and"))
			k++;
	}
	if (!nv || !(is_w(p, k, end, "rules") || is_w(p, k, end, "rule")))
		return NULL;
	k++;
	if (!is_w(p, k, end, "above") && !match(p, k, end, "before this"))
		return NULL;
	k += is_w(p, k, end, "above") ? 1 : 2;
	uint32_t vl;
	bool pass = true;
	if (!is_pass_phrase(p, k, end, &vl, &pass))
		return NULL;
	/* "the denial or rejection rules above": the rules before this
	 * sentence whose action is one of those */
	xref all = { .n = 1, .lo = { 0 }, .hi = { UINT32_MAX } };
	expr *parts[MAX_SERIES];
	for (uint32_t v = 0; v < nv; v++) {
		parts[v] = fired(p, verbs[v], &all, at[v], at[v]);
		if (!parts[v])
			return NULL; /* reported: no such action above */
	}
	expr *e = nv == 1 ? parts[0] : expr_nary(p->c, E_OR, parts, nv, span_of(p, *i, k - 1));
	if (!e)
		return NULL;
	e->type = POLICY_TYPE_BOOLEAN;
	e->text = slice_of(p, *i, k + vl - 1);
	take_words(p, *i, k + vl - *i);
	*i = k + vl;
	return none == pass ? expr_not(p->c, e) : e;
}
