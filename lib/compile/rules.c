/*
 * Rules: checks, requirements and actions, the steps a statement adds.
 *
 *   checks        "Verify that C", "X must ...", a bulleted list of checks
 *   requirements  "require three independent appraisals", "two bank
 *                 statements are required" (counts documents of a type)
 *   actions       an imperative verb phrase, kept as written ("escalate to
 *                 senior adjuster review"), with its trailing qualifier
 *                 ("... for loans over $1M") read as a scope
 *   passives      "the claim is denied if ...", "a receipt must be attached"
 *
 * Each adds a def under the guard the statement (parse.c) hands it.
 */
#include <stdio.h>
#include <string.h>

#include "compile/atoms.h"
#include "compile/classify.h"
#include "compile/cond.h"
#include "compile/dates.h"
#include "compile/mention.h"
#include "compile/rules.h"

#include "compile/passive.h"
#include "compile/scope.h"

static bool names_the_case(parser *p, uint32_t a, uint32_t b);

def *add_rule(parser *p, policy_step_kind kind, uint32_t a, uint32_t b, expr *guard)
{
	/* an action's words are its text; a check's are read by its condition */
	bool was = p->no_mark;
	p->no_mark = kind != POLICY_STEP_ACTION && kind != POLICY_STEP_REQUIRE;
	span sp = span_of(p, a, b - 1);
	p->no_mark = was;
	def *d = def_add(p->c, kind, sp, p->s[p->cur].text);
	if (!d)
		return NULL;
	d->guard = guard;
	/* an inverted sentence's words are out of their written order */
	d->text = p->s[p->cur].inverted ? p->s[p->cur].text : slice_of(p, a, b - 1);
	d->name = NULL;
	d->sentence_index = p->cur;
	d->group = p->cur;
	return d;
}

void add_check(parser *p, uint32_t a, uint32_t b, expr *cond, expr *guard)
{
	def *d = add_rule(p, POLICY_STEP_CHECK, a, b, guard);
	if (!d)
		return;
	d->value = cond;
	d->type = POLICY_TYPE_BOOLEAN;
	p->last_group = p->cur;
	p->last_cond = cond;
}

static bool is_adverb(const parser *p, uint32_t k)
{
	size_t wl = strlen(tw(p, k));
	return p->tk[k].kind == T_WORD && wl > 3 && !strcmp(tw(p, k) + wl - 2, "ly");
}

/* Where the words that say which cases end: the end of the action, or a
 * phrase saying where or how ("to the claims committee", "automatically"). */
static bool qualifier_may_end(const parser *p, uint32_t k, uint32_t b)
{
	static const char *const preps[] = { "to", "for", "by", "into", "via", "through", "at",
		                                 "on", "in", "under", "as", "until", "pending" };
	if (k == b || is_adverb(p, k) || is_punct(p, k, b, ','))
		return true;
	if (k + 1 < b && p->tk[k + 1].kind == T_QUANTITY && (is_w(p, k, b, "under") || is_w(p, k, b, "at")))
		return false; /* "claims under $100": a comparison, not a place */
	for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
		if (is_w(p, k, b, preps[i]))
			return true;
	return false;
}

/* "Decline any application with a credit score under 620", "Escalate
 * claims over $50,000 to the claims committee": words after the verb that
 * say which cases the action is for. They join the action's guard; its
 * text stays as written. Read quietly, and taken only when they read
 * completely, so "notify the broker with a letter" stays an action. */
/* Where words [a, b) that name cases start saying which ones: "with",
 * "whose", "that", ... or a comparison with a number ("claims over
 * $50,000", not "the claim under review"); NONE if they do not. */
/* "or more", "or less", "and over" after a quantity: "claims of $100 or
 * more" name cases as "claims over $100" do. */
static bool bound_after(const parser *p, uint32_t k, uint32_t b)
{
	static const char *const v[] = { "or more", "or less", "or higher", "or lower",
	                                 "or greater", "or fewer", "or above", "or below", "or over",
	                                 "or under", "and up", "and over", "and above", "and below",
	                                 "or older", "or younger", "or later", "or earlier" };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (match(p, k, b, v[i]))
			return true;
	return false;
}

/* "principals owning 20% or more": the bound describes the word before. */
static bool ing_word(const parser *p, uint32_t k)
{
	size_t n = p->tk[k].kind == T_WORD ? strlen(p->tk[k].low) : 0;
	return n > 4 && !strcmp(p->tk[k].low + n - 3, "ing");
}

/* "12 equal monthly installments" at k: a number of things, how an action
 * is done ("spread the shortage over 12 ..."), not a bound (a plain
 * number, then words that are no unit). */
static bool counts_things(const parser *p, uint32_t k, uint32_t b)
{
	uint32_t cl = 1;
	const token *t = &p->tk[k];
	if (t->kind == T_QUANTITY ? t->val.type != POLICY_TYPE_NUMBER : count_at(p, k, b, &cl) < 0)
		return false;
	duration_unit u;
	uint32_t w = k + cl;
	return w + 1 < b && p->tk[w].kind == T_WORD && !is_unit_word(tw(p, w), &u) &&
	       !is_w(p, w, b, "or") && !is_w(p, w, b, "and") && !is_w(p, w, b, "percent") &&
	       p->tk[w + 1].kind == T_WORD;
}

static uint32_t qualifier_marker(const parser *p, uint32_t a, uint32_t b)
{
	for (uint32_t k = a; k < b; k++) {
		if (p->tk[k].kind == T_WORD && is_judgment_word(p->tk[k].low))
			return NONE; /* a judgment would add a model step; not here */
		op_match m;
		uint32_t cl;
		if (is_w(p, k, b, "with") || is_w(p, k, b, "whose") || is_w(p, k, b, "having") ||
		    is_w(p, k, b, "without") ||
		    is_w(p, k, b, "where") || is_w(p, k, b, "that") || is_w(p, k, b, "which") ||
		    is_w(p, k, b, "who") ||
		    (k + 3 == b && k > a && is_w(p, k, b, "outside")) || /* "outside that range" */
		    (k > a && is_w(p, k, b, "described") &&
		     (is_w(p, k + 1, b, "in") || is_w(p, k + 1, b, "by"))))
			return k; /* "an item described in this section" too (scope.c) */
		if (k > a && p->tk[k].kind == T_WORD && participle_verb((parser *)p, p->tk[k].low) &&
		    names_event_date((parser *)p, k, b))
			return k; /* "claims filed more than 30 days after the loss date" */
		if (k > a && op_at(p, k, b, true, &m) && m.kind == PK_CMP && k + m.len < b &&
		    (p->tk[k + m.len].kind == T_QUANTITY || count_at(p, k + m.len, b, &cl) >= 0) &&
		    !counts_things(p, k + m.len, b))
			return k;
		if (k > a && p->tk[k].kind == T_QUANTITY && bound_after(p, k + 1, b) &&
		    !ing_word(p, k - 1))
			return is_w(p, k - 1, b, "at") || is_w(p, k - 1, b, "of") ? k - 1 : k;
	}
	return NONE;
}

/* Words after an action's verb that plainly name some cases: a relative
 * clause ("an order that fails ...") or a comparison with a number ("a
 * transfer of $15,000 or more"). "with a letter" says how, and may stay
 * part of the action. */
static bool qualifier_must_read(const parser *p, uint32_t a, uint32_t b)
{
	static const char *const tell[] = { "notify", "inform", "tell", "advise", "remind", "warn",
	                                    "alert", "explain", "write", "email", "confirm" };
	for (size_t i = 0; i < sizeof tell / sizeof tell[0]; i++)
		if (is_w(p, a - 1, b, tell[i]))
			return false; /* "notify the employee that the limit is reached" */
	/* only the words before a phrase saying where or how: "restrict the
	 * carrier to loads valued under $100,000" */
	for (uint32_t k = a + 1; k < b; k++)
		if (qualifier_may_end(p, k, b) && !is_adverb(p, k) && !is_punct(p, k, b, ',')) {
			b = k;
			break;
		}
	uint32_t m = qualifier_marker(p, a, b);
	if (m == NONE)
		return false;
	if (is_w(p, m, b, "that") || is_w(p, m, b, "which") || is_w(p, m, b, "who") ||
	    is_w(p, m, b, "whose"))
		return true;
	if (is_w(p, m, b, "without")) {
		/* "reject any expense without a receipt": which cases, read or an
		 * error; "pay the claim without delay" is how */
		uint32_t j = m;
		bool was = p->trial;
		((parser *)p)->trial = true;
		size_t errors = p->c->diags->count;
		expr *e = without_atom((parser *)p, &j, b);
		error_truncate(p->c->diags, errors);
		((parser *)p)->trial = was;
		return e != NULL;
	}
	for (uint32_t k = m; k < b; k++) {
		op_match om;
		if (op_at(p, k, b, true, &om) && om.kind != PK_EQ && k + om.len < b &&
		    p->tk[k + om.len].kind == T_QUANTITY && !counts_things(p, k + om.len, b))
			return true;
		if (k > m && p->tk[k].kind == T_QUANTITY && bound_after(p, k + 1, b) &&
		    !ing_word(p, k - 1))
			return true;
	}
	return false;
}

/* Words that turn the cases after them around: "except", "but not",
 * "other than". */
static bool excepting_word(const char *w)
{
	static const char *const v[] = { "except", "excluding", "not", "other", "besides",
	                                 "apart", "without", "but", "unless", "save" };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (w && !strcmp(w, v[i]))
			return true;
	return false;
}

/* parse_scope_qualifier over [a, b), quietly: the cases it names, or
 * NULL if the words read as none (no error, no new term left behind). */
static expr *trial_qualifier(parser *p, uint32_t a, uint32_t b)
{
	size_t errors = p->c->diags->count;
	uint32_t ndefs = p->c->ndefs;
	bool was = p->trial;
	p->trial = true;
	expr *q = parse_scope_qualifier(p, a, b);
	p->trial = was;
	bool clean = p->c->diags->count == errors && p->c->ndefs == ndefs;
	error_truncate(p->c->diags, errors);
	return clean ? q : NULL;
}

static expr *action_qualifier(parser *p, uint32_t v, uint32_t b, uint32_t *tail)
{
	*tail = b;
	uint32_t marker = qualifier_marker(p, v + 1, b);
	if (marker == NONE)
		return NULL;
	for (uint32_t k = v + 1; k < marker; k++)
		if (is_punct(p, k, b, ',') || is_punct(p, k, b, ';') || excepting_word(p->tk[k].low))
			return NULL; /* "the claim, except for claims under $1,000": not
			                the claims under $1,000 (unread_condition) */
	expr *q = NULL;
	for (uint32_t e = b; e > marker + 1 && !q && !p->c->nomem; e--) {
		if (!qualifier_may_end(p, e, b))
			continue;
		q = trial_qualifier(p, v + 1, e);
		*tail = e;
	}
	return q;
}

/* "Deny the claim for fire losses", "... only for claims on program
 * crops", "..., except for claims under $1,000": "for" and words that name
 * cases (a value of a field, a kind, a comparison), which are the
 * action's condition ("except for": its denial). NULL if the words after
 * "for" name no cases ("refer the claim for review by the SIU"); *tail is
 * where they start, so the rest is checked as the action's words. */
/* A comparison or a number in [a, b). */
static bool threshold_in(const parser *p, uint32_t a, uint32_t b)
{
	for (uint32_t k = a; k < b; k++)
		if (p->tk[k].kind == T_QUANTITY)
			return true;
	return has_comparison(p, a, b);
}

static expr *cases_after_for(parser *p, uint32_t a, uint32_t b, uint32_t *tail)
{
	for (uint32_t k = a; k + 1 < b; k++) {
		if (p->tk[k].kind != T_WORD || strcmp(p->tk[k].low, "for"))
			continue;
		uint32_t from = k;
		if (k > a && (!strcmp(p->tk[k - 1].low, "only") || !strcmp(p->tk[k - 1].low, "except")))
			from = k - 1;
		if (from > a && is_punct(p, from - 1, b, ','))
			from--;
		uint32_t f = skip_articles(p, k + 1, b), tl;
		int32_t named = match_term(p, f, b, false, &tl);
		if (named >= 0 && f + tl == b && p->c->defs[named].type != POLICY_TYPE_BOOLEAN)
			continue; /* "flag the claim for the policy number": a value */
		expr *q = trial_qualifier(p, k + 1, b);
		if (!q)
			continue;
		*tail = b;
		take_words(p, from, b - from);
		return !strcmp(p->tk[k - 1].low, "except") ? expr_not(p->c, q) : q;
	}
	return NULL;
}

/* Verbs whose "that" introduces what is said or asked: "request that the
 * member confirm ...". */
static bool telling_verb(const char *w)
{
	static const char *const v[] = { "advise", "ask", "confirm", "direct", "inform",
	                                 "instruct", "notify", "recommend", "request", "require",
	                                 "state", "tell", "warn" };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(w, v[i]))
			return true;
	return false;
}

/* The first of an action's own words [a, b) that says when it is taken:
 * "if", "unless", "whenever", "except", "excluding", "in the case of",
 * "in the event", "only for/if/when/where/in/on/after/once", "the
 * following", "provided that", "when" or "where" (but "notify the member
 * when ..." says what to tell), or "for"
 * and a threshold ("for loans above $1,000,000 only"; "a hold on the
 * amount over $5,525" says what is held). Kept as the action's
 * text, they would make it fire on every case; NONE if there is none. */
static uint32_t unread_condition(parser *p, uint32_t a, uint32_t b, bool telling,
                                 bool any_threshold)
{
	uint32_t for_at = NONE; /* "for loans above $1,000,000": which cases */
	for (uint32_t k = a; k < b; k++) {
		const token *t = &p->tk[k];
		if (t->kind == T_PUNCT)
			for_at = NONE;
		if (t->kind != T_WORD)
			continue;
		if (!strcmp(t->low, "for") ||
		    (k > a && (!strcmp(t->low, "with") || !strcmp(t->low, "whose") ||
		               !strcmp(t->low, "having"))))
			for_at = k; /* "on accounts with a balance below $100" too */
		if ((any_threshold || (for_at != NONE && k <= for_at + 5)) &&
		    strcmp(t->low, "within") && strcmp(t->low, "up") && threshold_at(p, k, b))
			return for_at != NONE ? for_at : k;
		const char *w = t->low;
		bool only_then = !strcmp(w, "only") && k + 2 < b && p->tk[k + 1].kind == T_WORD &&
		                 strcmp(p->tk[k + 2].low, "the") && /* "only for the remaining
		                                                       days": how much */
		                 (!strcmp(p->tk[k + 1].low, "for") || !strcmp(p->tk[k + 1].low, "if") ||
		                  !strcmp(p->tk[k + 1].low, "when") || !strcmp(p->tk[k + 1].low, "where") ||
		                  !strcmp(p->tk[k + 1].low, "in") || !strcmp(p->tk[k + 1].low, "on") ||
		                  !strcmp(p->tk[k + 1].low, "after") || !strcmp(p->tk[k + 1].low, "once"));
		bool turned = (!strcmp(w, "not") && k > a && !strcmp(p->tk[k - 1].low, "but")) ||
		              (!strcmp(w, "than") && k > a && !strcmp(p->tk[k - 1].low, "other")) ||
		              !strcmp(w, "besides") ||
		              (!strcmp(w, "apart") && k + 1 < b && !strcmp(p->tk[k + 1].low, "from"));
		if (only_then || turned || !strcmp(w, "except") || !strcmp(w, "excluding") ||
		    (!strcmp(w, "case") && k > a && k + 1 < b &&
		     (!strcmp(p->tk[k - 1].low, "in") ||
		      (k > a + 1 && !strcmp(p->tk[k - 2].low, "in") && !strcmp(p->tk[k - 1].low, "the") &&
		       (!strcmp(p->tk[k + 1].low, "of") || !strcmp(p->tk[k + 1].low, "that"))))) ||
		    (!strcmp(w, "event") && k > a + 1 && !strcmp(p->tk[k - 2].low, "in")) ||
		    !strcmp(w, "if") || !strcmp(w, "unless") || !strcmp(w, "whenever") ||
		    (!strcmp(w, "provided") && k + 1 < b && !strcmp(p->tk[k + 1].low, "that")) ||
		    (!strcmp(w, "following") && k > a && !strcmp(p->tk[k - 1].low, "the")) ||
		    (!telling && (!strcmp(w, "when") || !strcmp(w, "where"))))
			return k;
	}
	return NONE;
}

/* The words [a, b) of an action, `after_qualifier` when a qualifier was
 * read before them: then any threshold in them ("... to a loan above
 * $1M") is one no reading took. */
static bool tail_words_read(parser *p, uint32_t a, uint32_t b, bool telling,
                            bool after_qualifier)
{
	uint32_t m = unread_condition(p, a, b, telling, after_qualifier);
	if (m == NONE)
		return true;
	diag_error(p->c, span_of(p, m, b - 1), "say it as a rule: 'If <condition>, <action>.'",
	           "I can't read the condition in '%s': as the action's words it would fire on "
	           "every case", slice_of(p, m, b - 1));
	return false;
}

bool action_words_read(parser *p, uint32_t a, uint32_t b, bool telling)
{
	return tail_words_read(p, a, b, telling, false);
}

void add_action(parser *p, uint32_t a, uint32_t b, expr *guard)
{
	while (b > a && p->tk[b - 1].kind == T_PUNCT)
		b--;
	if (b <= a)
		return;
	/* "Automatically approve the request": the verb is "approve" */
	uint32_t v = a;
	if (is_adverb(p, a) && a + 1 < b && p->tk[a + 1].kind == T_WORD)
		v = a + 1;
	/* "request that the member confirm the notice in writing", "advise
	 * that ...": what is said, not which cases */
	bool says_that = false;
	for (uint32_t k = v + 1; k < b && k <= v + 5 && !says_that && telling_verb(tw(p, v)); k++)
		says_that = is_w(p, k, b, "that"); /* "notify the policyholder that ..." */
	uint32_t tail = b;
	expr *which = says_that ? NULL : action_qualifier(p, v, b, &tail);
	if (!which && !says_that && !p->c->nomem)
		which = cases_after_for(p, v + 1, b, &tail);
	if (which)
		guard = guard ? expr_and(p->c, guard, which) : which;
	else if (!p->c->nomem && !says_that && qualifier_must_read(p, v + 1, b)) {
		/* "Place an order that fails the credit check on hold": an action
		 * for some cases, which cannot be taken for all of them */
		uint32_t m = qualifier_marker(p, v + 1, b);
		diag_error(p->c, span_of(p, m, b - 1),
		           "say it as a rule: 'If <condition>, <action>.'",
		           "I can't read which cases '%s' covers", slice_of(p, v + 1, b - 1));
		return;
	}
	if (!says_that && !tail_words_read(p, which ? tail : v + 1, b, telling_verb(tw(p, v)),
	                                   which != NULL))
		return;
	def *d = add_rule(p, POLICY_STEP_ACTION, a, b, guard);
	if (!d)
		return;
	d->verb = tw(p, v);
	d->object = v + 1 < b ? slice_of(p, v + 1, b - 1) : "";
	d->type = POLICY_TYPE_BOOLEAN;
}

/* "require three independent appraisals", "require a W-9 form", "require
 * two appraisals and one title report" (one requirement for each): the
 * clause starts at a, the documents at k. */
/* Documents counted from `j`: "two appraisals", "a W-9", "at least two
 * pay stubs". */
static bool counted_at(parser *p, uint32_t j, uint32_t b)
{
	uint32_t cl;
	return count_at(p, j, b, &cl) >= 0 || is_w(p, j, b, "a") || is_w(p, j, b, "an") ||
	       match(p, j, b, "at least") || match(p, j, b, "a minimum of") ||
	       match(p, j, b, "no fewer than");
}

static void requirements_from(parser *p, uint32_t a, uint32_t k, uint32_t b, expr *guard)
{
	if (!is_w(p, k, b, "that")) {
		/* "a physician statement, two pay stubs, and a W-2": each named
		 * by its documents */
		uint32_t starts[64], n = 0;
		for (uint32_t j = k + 1; j + 1 < b && n < 63; j++) {
			uint32_t after = j + 1;
			if (is_punct(p, j, b, ',') && is_w(p, after, b, "and"))
				continue; /* the "and" after it is the boundary */
			if ((is_w(p, j, b, "and") || is_punct(p, j, b, ',')) && counted_at(p, after, b))
				starts[n++] = after;
		}
		if (n) {
			/* "Require a police report and two repair estimates": the
			 * verb, said once, is read with them */
			take_words(p, a, k - a);
			uint32_t from = k;
			for (uint32_t i = 0; i <= n; i++) {
				uint32_t to = i < n ? starts[i] - 1 : b;
				while (to > from && (is_punct(p, to - 1, b, ',') || is_w(p, to - 1, b, "and")))
					to--;
				if (to > from)
					requirement_of(p, from, from, to, guard);
				if (i < n)
					from = starts[i];
			}
			return;
		}
	}
	requirement_of(p, a, k, b, guard);
}

void requirement(parser *p, uint32_t a, uint32_t b, expr *guard)
{
	requirements_from(p, a, a + 1, b, guard);
}

/* One requirement: the documents named by tokens [k, b) of the clause that
 * starts at a. */
void requirement_of(parser *p, uint32_t a, uint32_t k, uint32_t b, expr *guard)
{
	if (is_w(p, k, b, "that")) {
		expr *cond = parse_condition(p, k + 1, b);
		if (cond)
			add_check(p, a, b, cond, guard);
		return;
	}
	static const char *const mins[] = { "at least", "a minimum of", "no fewer than",
	                                    "not less than", "no less than", "minimum" };
	for (size_t v = 0; v < sizeof mins / sizeof mins[0]; v++) {
		uint32_t n = match(p, k, b, mins[v]);
		if (n) {
			k += n;
			break;
		}
	}
	uint32_t cl;
	int64_t n = count_at(p, k, b, &cl);
	if (n < 0) {
		n = 1;
		cl = 0;
		if (is_w(p, k, b, "a") || is_w(p, k, b, "an") || is_w(p, k, b, "the") ||
		    is_w(p, k, b, "one"))
			cl = 1;
	}
	k += cl;
	uint32_t de = k;
	/* "a signed purchase agreement": an adjective first, the noun after */
	if (is_w(p, de, b, "signed") || is_w(p, de, b, "dated") || is_w(p, de, b, "completed"))
		de++;
	while (de < b && p->tk[de].kind == T_WORD && strcmp(tw(p, de), "from") &&
	       strcmp(tw(p, de), "for") && strcmp(tw(p, de), "by") && strcmp(tw(p, de), "to") &&
	       strcmp(tw(p, de), "before") && strcmp(tw(p, de), "within") &&
	       strcmp(tw(p, de), "dated") && strcmp(tw(p, de), "covering") &&
	       strcmp(tw(p, de), "showing") && strcmp(tw(p, de), "that") &&
	       strcmp(tw(p, de), "signed") && strcmp(tw(p, de), "with") &&
	       strcmp(tw(p, de), "attached") && strcmp(tw(p, de), "enclosed") &&
	       strcmp(tw(p, de), "included") && strcmp(tw(p, de), "provided") &&
	       strcmp(tw(p, de), "submitted"))
		de++; /* "three signed bids attached": bids */
	if (de == k || (n > 1000000)) {
		diag_error(p->c, span_of(p, a, b - 1), "write e.g. 'require two bank statements'",
		           "I can't tell which documents '%s' requires", slice_of(p, a, b - 1));
		return;
	}
	if (is_w(p, de, b, "to")) {
		/* "require the borrower to ..." is something to do */
		add_action(p, a, b, guard);
		return;
	}
	bool whose = is_w(p, de + 1, b, "the") || is_w(p, de + 1, b, "its") ||
	             is_w(p, de + 1, b, "their") || is_w(p, de + 1, b, "his") ||
	             is_w(p, de + 1, b, "her"); /* "the invoice for the goods": which one */
	bool every = (is_w(p, de + 1, b, "every") || is_w(p, de + 1, b, "each") ||
	              is_w(p, de + 1, b, "all") || is_w(p, de + 1, b, "any")) &&
	             names_the_case(p, de + 1, b); /* "for every application": all */
	if (is_w(p, de, b, "for") && every)
		take_words(p, de, b - de);
	else if (is_w(p, de, b, "for") && !whose) {
		/* "Require two pay stubs for claims above $5,000": those cases
		 * (was read as every claim's requirement, the words dropped) */
		uint32_t tail;
		expr *q = cases_after_for(p, de, b, &tail);
		if (!q) {
			diag_error(p->c, span_of(p, de, b - 1),
			           "say which cases by a value the policy reads ('for claims above $5,000')",
			           "I can't tell which cases '%s' covers", slice_of(p, de, b - 1));
			return;
		}
		guard = guard ? expr_and(p->c, guard, q) : q;
	} else if (is_w(p, de, b, "dated") || is_w(p, de, b, "within") ||
	           is_w(p, de, b, "covering") || is_w(p, de, b, "showing") ||
	           is_w(p, de, b, "that") || (is_w(p, de, b, "with") && threshold_in(p, de, b))) {
		/* "a bank statement dated within 60 days of the application": what
		 * each document must show, which a count of documents cannot check */
		diag_error(p->c, span_of(p, de, b - 1),
		           "require the documents, then check the value they show ('the statement "
		           "date must be within 60 days of the application date')",
		           "I can't check '%s' by counting documents", slice_of(p, de, b - 1));
		return;
	}
	def *d = add_rule(p, POLICY_STEP_REQUIRE, a, b, guard);
	if (!d)
		return;
	d->doc = slice_of(p, k, de - 1);
	d->min_count = (uint32_t)n;
	d->type = POLICY_TYPE_BOOLEAN;
	doc_note(p->c, d->doc);
	p->last_group = p->cur;
}

/* The longest named condition at the start of `[a, b)` for "verify X":
 * matched on the whole name or on its subject ("contractor licensure"). */
int32_t predicate_prefix(parser *p, uint32_t a, uint32_t b, uint32_t *len)
{
	for (uint32_t l = b - a; l >= 1; l--) {
		char *key = key_of(p, a, a + l);
		if (!key)
			return -1;
		for (uint32_t d = 0; d < p->c->ndefs; d++) {
			const def *x = &p->c->defs[d];
			if (x->type != POLICY_TYPE_BOOLEAN || !x->key)
				continue;
			if (!strcmp(x->key, key) || (x->alt_key && !strcmp(x->alt_key, key))) {
				/* not the filler words after it: "licensure in the ..." */
				while (l > 1 && (is_w(p, a + l - 1, b, "in") || is_w(p, a + l - 1, b, "the") ||
				                 is_w(p, a + l - 1, b, "of") || is_w(p, a + l - 1, b, "for") ||
				                 is_w(p, a + l - 1, b, "a") || is_w(p, a + l - 1, b, "an")))
					l--;
				*len = l;
				return (int32_t)d;
			}
		}
	}
	return -1;
}

bool has_comparison(const parser *p, uint32_t a, uint32_t b)
{
	for (uint32_t k = a; k < b; k++) {
		op_match m;
		if (op_at(p, k, b, false, &m))
			return true;
	}
	return false;
}

static bool is_modal_at(const parser *p, uint32_t k, uint32_t b)
{
	return is_w(p, k, b, "must") || is_w(p, k, b, "shall") || is_w(p, k, b, "should");
}

/* Checks in tokens [a, b): "A and that B" or "X must be A and Y must be B"
 * are two checks, so the decision names the one that failed. Each part
 * is parsed on its own; they share the sentence's group. A single check
 * keeps the words from `opener` ("Verify that ...") as its text. */
void checks(parser *p, uint32_t opener, uint32_t a, uint32_t b, expr *guard)
{
	/* "The rate must be no more than 25%, except when the revenue is under
	 * $300,000": the exception limits where the check applies */
	for (uint32_t k = a + 1; k < b; k++) {
		static const char *const when[] = { "except when", "except if", "except where",
		                                    "unless", "if", "when", "provided that" };
		for (size_t v = 0; v < sizeof when / sizeof when[0]; v++) {
			uint32_t n = match(p, k, b, when[v]);
			/* "unless" and "except" say it without a comma; "if" and
			 * "when" only after one */
			if (!n || (!is_punct(p, k - 1, b, ',') && v > 3))
				continue;
			expr *c = parse_condition(p, k + n, b);
			if (!c)
				return;
			if (!strncmp(when[v], "except", 6) || !strcmp(when[v], "unless"))
				c = expr_not(p->c, c);
			checks(p, opener, a, is_punct(p, k - 1, b, ',') ? k - 1 : k,
			       expr_and(p->c, guard, c));
			return;
		}
	}
	uint32_t start = a;
	bool modal_before = false;
	for (uint32_t k = a; k < b; k++) {
		if (is_modal_at(p, k, b))
			modal_before = true;
		if (!is_w(p, k, b, "and") || k == start)
			continue;
		uint32_t next = k + 1, cut = k;
		if (is_punct(p, k - 1, b, ','))
			cut--;
		bool split = false;
		if (is_w(p, next, b, "that")) {
			split = true;
			next++;
		} else if (modal_before && !is_modal_at(p, next, b)) {
			/* "X must be A and Y must be B"; but "X must be A and must
			 * not be B" is one subject's, read as one condition */
			for (uint32_t j = next; j < b && !is_w(p, j, b, "and"); j++)
				if (is_modal_at(p, j, b))
					split = true;
		}
		if (!split)
			continue;
		expr *cond = parse_condition(p, start, cut);
		if (cond)
			add_check(p, start, cut, cond, guard);
		start = next;
		k = next - 1;
		modal_before = false;
	}
	expr *cond = parse_condition(p, start, b);
	if (cond)
		add_check(p, start == a ? opener : start, b, cond, guard);
}

/* Tokens [a, b) of the current sentence introduce its list with "the
 * following" ("All of the following must be true:", "Verify the
 * following:"). */
bool introduces_list(const parser *p, uint32_t a, uint32_t b)
{
	const sentence *s = &p->s[p->cur];
	if (s->end != ':' || !s->nkids)
		return false;
	for (uint32_t k = a; k + 1 < b; k++)
		if (match(p, k, b, "the following"))
			return true;
	return false;
}

/* An extraction or lookup after others in a rule ("..., extract the
 * passport expiry date from the passport, and verify ..."), naming where. */
bool inner_declaration(const parser *p, uint32_t a, uint32_t b)
{
	if (a == 0 || (!is_punct(p, a - 1, b, ',') && !is_w(p, a - 1, b, "and")))
		return false;
	for (uint32_t k = a + 1; k < b; k++)
		if (is_w(p, k, b, "from") || is_w(p, k, b, "in"))
			return true;
	return false;
}

/* The head noun of [a, b) (before "from", "signed by", ...) is a kind of
 * document: "a beneficiary consent form signed by ...", "two appraisals". */
bool names_documents(const parser *p, uint32_t a, uint32_t b)
{
	static const char *const nouns[] = {
		"affidavit", "agreement", "appraisal", "attestation", "authorization", "bill",
		"certificate", "confirmation", "consent", "contract", "copy", "declaration", "deed",
		"document", "documentation", "estimate", "form", "invoice", "letter", "license",
		"licence", "passport", "photo", "photograph", "proof", "quote", "receipt", "record",
		"report", "return", "statement", "stub", "transcript", "verification", "w-2", "w-9",
		"waiver",
	};
	uint32_t e = a;
	while (e < b && p->tk[e].kind != T_PUNCT && !is_w(p, e, b, "from") &&
	       !is_w(p, e, b, "signed") && !is_w(p, e, b, "issued") && !is_w(p, e, b, "for") &&
	       !is_w(p, e, b, "by") && !is_w(p, e, b, "within") && !is_w(p, e, b, "showing") &&
	       !is_w(p, e, b, "that") && !is_w(p, e, b, "if") && !is_w(p, e, b, "unless"))
		e++;
	if (e == a)
		return false;
	char head[32];
	const char *w = tw(p, e - 1);
	size_t n = strlen(w);
	if (n >= sizeof head)
		return false;
	memcpy(head, w, n + 1);
	if (n > 3 && head[n - 1] == 's' && head[n - 2] != 's')
		head[n - 1] = '\0'; /* "appraisals", "stubs" */
	for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
		if (!strcmp(head, nouns[i]))
			return true;
	return false;
}

/* "The following rules apply:" and other list introductions. */
bool list_intro(const parser *p, const sentence *s)
{
	if (s->end != ':' || !s->nkids)
		return false;
	for (uint32_t k = 0; k + 1 < p->n; k++)
		if (match(p, k, p->n, "the following") || match(p, k, p->n, "as follows"))
			return true; /* "Provisional credit is posted as follows:" */
	return false;
}

bool is_determiner(const char *w)
{
	static const char *const v[] = { "the", "a", "an", "this", "that", "these", "those",
	                                  "each", "every", "all", "any", "no", "some", "our",
	                                  "its", "their", "his", "her", "it", "they", "we" };
	for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
		if (!strcmp(w, v[k]))
			return true;
	return false;
}

/* "Each claim must include a police report", "Every application must be
 * accompanied by two bank statements": requirements, when the subject is
 * the case itself (not a term) and the object counts documents. `k` is the
 * modal verb. */
/* "A W-9 form is required", "two pay stubs are required" (k at "is"):
 * the documents before it are required; false if that is not the shape
 * ("is required to be at least $1" is a check). */
bool required_documents(parser *p, uint32_t i, uint32_t k, uint32_t end, expr *guard)
{
	if ((!match(p, k, end, "is required") && !match(p, k, end, "are required")) ||
	    is_w(p, k + 2, end, "to"))
		return false;
	if (k + 2 < end && !is_punct(p, k + 2, end, '.')) {
		/* "A police report is required when the loss exceeds $5,000" (was
		 * read whole, its condition dropped) */
		bool unless = is_w(p, k + 2, end, "unless");
		if (!unless && !is_w(p, k + 2, end, "when") && !is_w(p, k + 2, end, "if") &&
		    !is_w(p, k + 2, end, "whenever") && !is_w(p, k + 2, end, "where"))
			return false;
		expr *c = parse_condition(p, k + 3, end);
		if (!c)
			return true; /* reported */
		guard = expr_and(p->c, guard, unless ? expr_not(p->c, c) : c);
	}
	uint32_t f = i;
	int64_t cnt = 1;
	uint32_t cl;
	if (match(p, f, end, "at least"))
		f += 2;
	int64_t c = count_at(p, f, end, &cl);
	if (c >= 0) {
		cnt = c;
		f += cl;
	} else if (is_w(p, f, end, "a") || is_w(p, f, end, "an") || is_w(p, f, end, "the")) {
		f++;
	}
	if (f >= k)
		return false;
	def *d = add_rule(p, POLICY_STEP_REQUIRE, i, end, guard);
	if (d) {
		d->doc = slice_of(p, f, k - 1);
		d->min_count = (uint32_t)cnt;
		d->type = POLICY_TYPE_BOOLEAN;
		doc_note(p->c, d->doc);
		p->last_group = p->cur;
	}
	return true;
}

bool documents_required(parser *p, uint32_t i, uint32_t k, uint32_t end, expr *guard)
{
	static const char *const verbs[] = {
		"include", "contain", "have", "attach", "come with", "be accompanied by",
		"be supported by", "be submitted with", "enclose", "present", "provide", "submit",
		"furnish", "supply", "produce",
	};
	uint32_t v = k + 1, n = 0;
	for (size_t x = 0; x < sizeof verbs / sizeof verbs[0] && !n; x++)
		n = match(p, v, end, verbs[x]);
	if (!n)
		return false;
	uint32_t o = v + n;
	size_t ol = o < end && p->tk[o].kind == T_WORD ? strlen(p->tk[o].low) : 0;
	if (is_w(p, v, end, "have") && ol > 3 &&
	    (!strcmp(p->tk[o].low + ol - 2, "ed") || participle_verb(p, p->tk[o].low)))
		return false; /* "must have completed the probation": a deed, not a document */
	uint32_t oe = end;
	while (oe > o && p->tk[oe - 1].kind == T_PUNCT)
		oe--;
	if (o < oe && names_the_case(p, o, oe)) {
		/* "A signed form must be submitted with the request": the
		 * subject is the document */
		requirements_from(p, i, i, k, guard);
		return true;
	}
	static const char *const mins[] = { "at least", "a minimum of", "no fewer than",
	                                    "not less than", "no less than" };
	for (size_t x = 0; x < sizeof mins / sizeof mins[0]; x++)
		o += match(p, o, end, mins[x]);
	/* "must have a credit score below 620" compares a term */
	uint32_t tl;
	if (is_w(p, o, end, "a") || is_w(p, o, end, "an") || is_w(p, o, end, "the"))
		o++;
	if (has_comparison(p, o, end) || match_term(p, o, end, false, &tl) >= 0 ||
	    is_w(p, o, end, "minimum") || is_w(p, o, end, "maximum"))
		return false;
	for (uint32_t j = o + 1; j < end; j++)
	{
		int32_t t = match_term(p, j, end, false, &tl);
		policy_type ty = t >= 0 ? p->c->defs[t].type : POLICY_TYPE_NONE;
		if (ty == POLICY_TYPE_NUMBER || ty == POLICY_TYPE_MONEY || ty == POLICY_TYPE_PERCENT ||
		    ty == POLICY_TYPE_RATIO || ty == POLICY_TYPE_DURATION || ty == POLICY_TYPE_COUNT)
			return false; /* "the minimum time in business shown below": a value */
	}
	uint32_t cl;
	int32_t held = count_at(p, o, end, &cl) >= 0 && o + cl < end && !is_w(p, o, end, "a") &&
	               !is_w(p, o, end, "an") ? match_term(p, o + cl, end, false, &tl) : -1;
	if (held >= 0 && p->c->defs[held].kind != POLICY_STEP_REQUIRE &&
	    p->c->defs[held].type != POLICY_TYPE_BOOLEAN && p->c->defs[held].type != POLICY_TYPE_TEXT)
		return false; /* "at least six months of reserves": a value the policy reads */
	uint32_t subj = i;
	if (is_determiner(tw(p, subj)))
		subj++;
	if (subj >= k || match_term(p, subj, k, false, &tl) >= 0)
		return false;
	if (names_the_case(p, i, k) || is_party(p, i, k)) {
		take_words(p, i, k - i); /* anyone else is left for accounting.c */
	} else if (qualifier_marker(p, i + 1, k) != NONE) {
		/* "A requisition of $5,000 or more must be supported by three
		 * quotations": the requirement holds for those cases */
		expr *which = parse_scope_qualifier(p, i, k);
		if (!which)
			return true; /* reported */
		guard = guard ? expr_and(p->c, guard, which) : which;
	}
	requirements_from(p, i, v + n, end, guard);
	return true;
}

bool modal_documents(parser *p, uint32_t a, uint32_t b, expr *guard)
{
	for (uint32_t m = a + 1; m < b && m <= a + MAX_TERM_WORDS; m++)
		if (is_w(p, m, b, "must") || is_w(p, m, b, "shall"))
			return documents_required(p, a, m, b, guard);
	return false;
}

/* The cases the subject [a, b) of "Loans above $1M must be approved ..."
 * or "A loan amount above $750,000 requires ..." names: a condition, or
 * NULL for all of them ("The claim must be escalated"). */
static expr *subject_scope(parser *p, uint32_t a, uint32_t b, bool *ok)
{
	*ok = true;
	if (qualifier_marker(p, a, b) == NONE) {
		/* "Lost-time claims are assigned ...": a kind of case the policy
		 * defines, or a value of a field ("Fire claims"), read quietly;
		 * after "an" too ("An unacceptable driver is declined" once
		 * declined every driver) */
		while (a < b && is_determiner(tw(p, a)))
			a++;
		if (a + 1 >= b)
			return NULL; /* "The claim": the case itself */
		expr *q = trial_qualifier(p, a, b);
		if (!q || (q->op == E_REF && q->step < p->c->ndefs &&
		                     p->c->defs[q->step].type != POLICY_TYPE_BOOLEAN &&
		                     p->c->defs[q->step].kind != POLICY_STEP_CHECK))
			return NULL;
		return q;
	}
	expr *e = parse_scope_qualifier(p, a, b);
	*ok = e != NULL;
	return e;
}

/* A subject with no determiner ("Business loans", "Claims", "Exempt
 * status"): a statement about all of them, not about this case. */
static bool generic_subject(const parser *p, uint32_t a, uint32_t marker)
{
	return a < marker && p->tk[a].kind == T_WORD && !is_determiner(p->tk[a].low);
}

bool passive_consequence(parser *p, uint32_t a, uint32_t b, expr *guard, expr **which)
{
	uint32_t aux = 0;
	const char *verb;
	*which = NULL;
	uint32_t part = passive_at(p, a, b, &aux, &verb);
	if (part == NONE)
		return false;
	bool ok;
	*which = subject_scope(p, a, aux, &ok);
	if (!ok)
		return true; /* reported */
	if (*which)
		guard = guard ? expr_and(p->c, guard, *which) : *which;
	uint32_t marker = qualifier_marker(p, a, aux);
	if (marker == NONE)
		marker = aux;
	/* "The fee is waived for accounts with a balance above $5,000": the
	 * cases after the participle */
	uint32_t tail = b;
	expr *cases = action_qualifier(p, part, b, &tail);
	if (!cases && !p->c->nomem)
		cases = cases_after_for(p, part + 1, b, &tail);
	if (!*which && !cases && !passive_subject_known(p, a, marker))
		return false; /* "The moon is made of cheese": not about the case */
	if (cases)
		guard = guard ? expr_and(p->c, guard, cases) : cases;
	if (!guard && !p->joined_consequence && generic_subject(p, a, marker) &&
	    (is_w(p, aux, b, "are") || is_w(p, aux, b, "is"))) {
		/* "Business loans are made to business organizations whose
		 * principals are members.": what the institution does, or an
		 * action on every case? Never the second without a word. */
		diag_error(p->c, span_of(p, a, b - 1),
		           "if it is a rule, give it a condition or say it as an action on each case "
		           "('Refer every loan ...'); if it describes the program, drop it or put it in "
		           "a Purpose section without the verb of an action",
		           "'%s' would apply to every case: I can't tell whether it is a rule",
		           slice_of(p, a, b - 1));
		return true;
	}
	const char *object = "";
	if (!tail_words_read(p, cases ? tail : part + 1, b, telling_verb(verb), cases != NULL))
		return true;
	const char *text = passive_text(p, a, marker, verb, part + 1, b, &object);
	if (!text)
		return true;
	def *d = add_rule(p, POLICY_STEP_ACTION, a, b, guard);
	if (!d)
		return true;
	d->text = text;
	d->verb = verb;
	d->object = object;
	d->type = POLICY_TYPE_BOOLEAN;
	return true;
}

/* "Loans above $1M must be approved by a senior underwriter", "The claim
 * shall be referred to the special investigations unit": an action in the
 * passive voice, for the cases its subject names. `k` is the modal verb. */
/* "A title report must be attached", "Two recent pay stubs must be
 * provided": the subject's documents are required; "The claimed amount
 * must be provided": the value must be present. `k` is the modal, `part`
 * the participle. */
static bool document_presence(parser *p, uint32_t i, uint32_t k, uint32_t part, uint32_t end,
                              expr *guard)
{
	static const char *const says_present[] = { "attached", "enclosed", "furnished", "included",
	                                            "obtained", "provided", "received", "submitted",
	                                            "supplied", "uploaded", "filed", "on file" };
	bool present = false;
	for (size_t v = 0; v < sizeof says_present / sizeof says_present[0] && !present; v++)
		present = match(p, part, end, says_present[v]) > 0;
	if (!present || names_event_date(p, part, end))
		return false;
	/* only the participle, or how it comes: "with the application" */
	uint32_t after = part + 1;
	if (after < end && !is_w(p, after, end, "with") && !is_w(p, after, end, "by") &&
	    !is_w(p, after, end, "to") && !is_w(p, after, end, "for") && !is_w(p, after, end, "on") &&
	    !is_w(p, after, end, "in") && !is_w(p, after, end, "at"))
		return false;
	uint32_t subj = i;
	if (is_determiner(tw(p, subj)))
		subj++;
	uint32_t tl;
	int32_t d = match_term(p, subj, k, false, &tl);
	if (d >= 0 && subj + tl == k) {
		expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, subj, k - 1));
		expr *m = r ? expr_unary(p->c, E_MISSING, r, span_of(p, i, end - 1)) : NULL;
		if (!m)
			return true;
		m->type = POLICY_TYPE_BOOLEAN;
		m->text = slice_of(p, i, end - 1);
		add_check(p, i, end, expr_not(p->c, m), guard);
		return true;
	}
	if (subj >= k || names_the_case(p, subj, k))
		return false;
	uint32_t before = p->c->ndefs;
	requirements_from(p, i, i, k, guard);
	if (p->c->ndefs == before + 1) {
		/* one requirement: named by the whole sentence, as written */
		uint32_t b = end;
		while (b > i && p->tk[b - 1].kind == T_PUNCT)
			b--;
		p->c->defs[before].text = slice_of(p, i, b - 1);
	}
	return true;
}

bool passive_action(parser *p, uint32_t i, uint32_t k, uint32_t end, expr *guard)
{
	uint32_t be = k + 1;
	if (is_w(p, be, end, "also") || is_w(p, be, end, "then") || is_w(p, be, end, "immediately"))
		be++; /* "must also be referred" */
	if (!is_w(p, be, end, "be") || be + 1 >= end || p->tk[be + 1].kind != T_WORD ||
	    is_w(p, k, end, "cannot"))
		return false; /* "cannot be returned" forbids; it never does */
	const char *verb = participle_verb(p, p->tk[be + 1].low);
	op_match m;
	uint32_t cl, o = be + 2;
	if (verb && document_presence(p, i, k, be + 1, end, guard))
		return true;
	if (!verb || names_event_date(p, be + 1, end) ||
	    (op_at(p, o, end, true, &m) && o + m.len < end &&
	              (p->tk[o + m.len].kind == T_QUANTITY || count_at(p, o + m.len, end, &cl) >= 0)))
		return false; /* "must be filed within 30 days of ...": a check */
	bool ok;
	expr *which = subject_scope(p, i, k, &ok);
	if (!ok)
		return true; /* reported */
	if (which)
		guard = guard ? expr_and(p->c, guard, which) : which;
	uint32_t b = end;
	while (b > i && p->tk[b - 1].kind == T_PUNCT)
		b--;
	uint32_t marker = qualifier_marker(p, i, k);
	/* "A field inspection must be ordered whenever ...": a condition
	 * makes it a rule, whatever its subject; without one only a subject
	 * of the policy does ("Rates must be reviewed yearly" is prose) */
	if (!which && !passive_subject_known(p, i, marker == NONE ? k : marker)) {
		bool conditioned = false;
		for (uint32_t c = be + 2; c < b && !conditioned; c++)
			conditioned = is_w(p, c, b, "if") || is_w(p, c, b, "when") ||
			              is_w(p, c, b, "whenever") || is_w(p, c, b, "unless");
		if (!conditioned)
			return false;
	}
	/* "must be forwarded to the Records Officer if either:" and a list,
	 * "must be referred to the committee when ...": the condition at the
	 * end is the action's */
	for (uint32_t c = be + 2; c < b; c++) {
		if (!is_w(p, c, b, "if") && !is_w(p, c, b, "when") && !is_w(p, c, b, "whenever") &&
		    !is_w(p, c, b, "unless"))
			continue;
		uint32_t ce = end;
		while (ce > c + 1 && p->tk[ce - 1].kind == T_PUNCT && p->tk[ce - 1].punct != ')')
			ce--;
		expr *cond = parse_condition(p, c + 1, ce);
		if (!cond)
			return true; /* reported */
		take_words(p, c, 1);
		if (is_w(p, c, b, "unless"))
			cond = expr_not(p->c, cond);
		guard = guard ? expr_and(p->c, guard, cond) : cond;
		b = c;
		while (b > be + 2 && p->tk[b - 1].kind == T_PUNCT)
			b--;
		break;
	}
	const char *object = "";
	if (!action_words_read(p, be + 2, b, telling_verb(verb)))
		return true;
	const char *text = passive_text(p, i, marker == NONE ? k : marker, verb, be + 2, b, &object);
	if (!text)
		return true;
	def *d = add_rule(p, POLICY_STEP_ACTION, i, b, guard);
	if (!d)
		return true;
	d->text = text;
	d->verb = verb;
	d->object = object;
	d->type = POLICY_TYPE_BOOLEAN;
	return true;
}

/* "A loan amount above $750,000 requires two appraisals", "Claims over
 * $10,000 require a police report". */
/* Words [a, b) name the case type: "each claim", "every new application",
 * "claims" when a short-term disability claim arrives. */
static bool names_the_case(parser *p, uint32_t a, uint32_t b)
{
	static const char *const every[] = { "each", "every", "all", "any", "the", "a", "an",
	                                     "new", "incoming" };
	wordlist cw, tw_;
	const char *q = a < b ? slice_of(p, a, b - 1) : NULL;
	if (!p->c->trigger || !q ||
	    !words_split(p->c->a, p->c->trigger, strlen(p->c->trigger), WORDS_CONTENT, &cw) ||
	    !words_split(p->c->a, q, strlen(q), WORDS_CONTENT, &tw_))
		return false;
	size_t named = 0;
	for (size_t i = 0; i < tw_.n; i++) {
		bool known = false;
		for (size_t j = 0; j < cw.n && !known; j++)
			known = !strcmp(tw_.w[i], cw.w[j]);
		named += known;
		for (size_t j = 0; j < sizeof every / sizeof every[0] && !known; j++)
			known = !strcmp(tw_.w[i], every[j]);
		if (!known)
			return false;
	}
	return named > 0;
}

bool subject_requires(parser *p, uint32_t i, uint32_t end, expr *guard)
{
	uint32_t k = i + 1;
	while (k < end && !is_w(p, k, end, "requires") && !is_w(p, k, end, "require"))
		k++;
	if (k >= end)
		return false;
	if (qualifier_marker(p, i, k) == NONE) {
		if (!names_the_case(p, i, k))
			return false;
		take_words(p, i, k + 1 - i);
		/* "Each claim requires a physician statement": every case */
		requirements_from(p, i, k + 1, end, guard);
		return true;
	}
	bool ok;
	expr *which = subject_scope(p, i, k, &ok);
	if (!ok)
		return true;
	if (which)
		guard = guard ? expr_and(p->c, guard, which) : which;
	requirements_from(p, i, k + 1, end, guard);
	return true;
}

uint32_t ineligible_at(const parser *p, uint32_t k, uint32_t end)
{
	static const char *const said[] = { "is not eligible", "are not eligible", "is ineligible",
	                                    "are ineligible", "does not qualify", "do not qualify",
	                                    "is not qualified", "are not qualified" };
	for (size_t v = 0; v < sizeof said / sizeof said[0]; v++) {
		uint32_t n = match(p, k, end, said[v]);
		if (!n)
			continue;
		static const char *const conds[] = { "if", "unless", "when", "whenever", "where",
		                                     "except", "provided", "until" };
		if (k > 0 && (is_w(p, k - 1, end, "that") || is_w(p, k - 1, end, "who") ||
		              is_w(p, k - 1, end, "which")))
			return 0; /* "A request that is not eligible is returned": a subject */
		for (uint32_t j = k + n; j < end; j++) {
			if ((p->tk[j].kind == T_PUNCT && p->tk[j].punct != '-') || is_aux_word(tw(p, j)))
				return 0;
			for (size_t c = 0; c < sizeof conds / sizeof conds[0]; c++)
				if (is_w(p, j, end, conds[c]))
					return 0; /* "is not eligible if ...": a named condition */
		}
		return n;
	}
	return 0;
}

bool ineligible_statement(parser *p, uint32_t i, uint32_t end, expr *guard)
{
	uint32_t k = i + 1, n = 0;
	while (k < end && !(n = ineligible_at(p, k, end)))
		k++;
	if (!n)
		return false;
	bool ok;
	expr *cases = subject_scope(p, i, k, &ok);
	if (!ok)
		return true; /* reported */
	if (!cases) {
		/* "Exempt employees are not eligible for overtime pay." with no
		 * value saying who is exempt: never commentary */
		diag_error(p->c, span_of(p, i, k - 1),
		           "name the cases by a value the policy reads ('an employee whose FLSA "
		           "status is exempt is not eligible ...'), or give the condition ('... is not "
		           "eligible if ...')",
		           "I can't tell which cases '%s' covers", slice_of(p, i, k - 1));
		return true;
	}
	uint32_t marker = qualifier_marker(p, i, k);
	if (marker != NONE)
		take_words(p, i, marker - i); /* "A borrower" whose ...: whom it is about */
	take_words(p, k, end - k); /* what they are not eligible for: the requirement's text */
	add_check(p, i, end, expr_not(p->c, cases), guard);
	return true;
}
