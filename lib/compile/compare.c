/*
 * Comparisons: what follows a subject and a comparison phrase.
 *
 *   comparison-rest := phrase value ["or" phrase]      "exceeds $50,000"
 *                    | "is one of" / "is none of" set   "is one of A, B or C"
 *                    | "between" A "and" B              (inclusive)
 *                    | "within" N unit "of" D / N unit "before"/"after" D
 *                    | phrase value "by more than" M     (a margin)
 *
 * comparison_rest() is the one place a comparison phrase becomes an
 * expression: the atoms (atoms.c, dates.c) and the conjunctions that reuse
 * a subject ("X is on or after A and on or before B", cond.c) all call it.
 * A new comparison phrase is a row in phrases.c's table; a new kind of
 * right-hand side is added here.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "compile/arith.h"
#include "compile/compare.h"
#include "compile/inputs.h"
#include "compile/mention.h"
#include "compile/table.h"

static bool is_set_term(const def *x)
{
	return x->is_set;
}

static expr *set_value(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, tl;
	int32_t d = match_term(p, s, end, false, &tl);
	if (d >= 0) {
		*i = s + tl;
		expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, s, s + tl - 1));
		if (r)
			r->text = slice_of(p, s, s + tl - 1);
		return r;
	}
	expr *items[256];
	uint32_t n = 0;
	uint32_t k = s, sep = s; /* sep: where the separator before item k starts */
	while (k < end && n < 256) {
		uint32_t ie = k;
		bool clause = false;
		op_match m;
		while (ie < end && !is_punct(p, ie, end, ',') && !is_w(p, ie, end, "or") &&
		       !is_w(p, ie, end, "and")) {
			/* a verb after the item's first word: "the period is ..." (but
			 * "under review" is a value) */
			clause = clause ||
			         (ie > k && (is_aux_word(tw(p, ie)) || op_at(p, ie, end, false, &m)));
			ie++;
		}
		if (ie == k)
			break;
		if (clause && n > 0) {
			/* "one of A, B or C, and the period is ...": the list ended */
			k = sep;
			break;
		}
		const token *t = &p->tk[k];
		if (ie == k + 1 && t->kind == T_QUANTITY) {
			items[n++] = expr_const(p->c, t->val, span_of(p, k, k), slice_of(p, k, k));
		} else {
			const char *text = t->kind == T_QUOTED && ie == k + 1 ? t->low
			                                                     : slice_of(p, k, ie - 1);
			items[n++] = expr_const(p->c, value_text(text, strlen(text)), span_of(p, k, ie - 1),
			                        text);
		}
		k = sep = ie;
		if (is_punct(p, k, end, ','))
			k++;
		if (is_w(p, k, end, "or") || is_w(p, k, end, "and"))
			k++;
	}
	if (n == 0) {
		parser_error(p, s < end ? s : end - 1, s < end ? s : end - 1,
		             "list the values, e.g. 'one of airfare, lodging, or meals'",
		             "'one of' needs a list of values%s", "");
		return NULL;
	}
	if (n == 1 && (is_w(p, s, end, "the") || is_w(p, s, end, "these") || is_w(p, s, end, "those")) &&
	    !match(p, s, end, "the following")) {
		/* "one of the blocked categories" names a list of the policy's,
		 * "blocked merchant categories": never the words as one value */
		wordlist w;
		const char *text = slice_of(p, s + 1, k - 1);
		int32_t set = text && words_split(p->c->a, text, strlen(text), WORDS_CONTENT, &w) &&
		                      w.n ? term_with_words(p->c, &w, is_set_term) : -1;
		if (set < 0) {
			parser_error(p, s, k - 1, "list the values, or name a list the policy defines",
			             "I don't know which list '%s' is", slice_of(p, s, k - 1));
			return NULL;
		}
		*i = k;
		expr *r = expr_ref(p->c, (uint32_t)set, span_of(p, s, k - 1));
		if (r)
			r->text = slice_of(p, s, k - 1);
		return r;
	}
	*i = k;
	expr *e = expr_nary(p->c, E_SET, items, n, span_of(p, s, k - 1));
	if (e)
		e->text = slice_of(p, s, k - 1);
	return e;
}

static const char *const temporal_after[] = { "after", "later than", "past", "following",
                                              "from", "since" };
static const char *const temporal_before[] = { "before", "earlier than", "prior to" };

/* "[more than] 15 days after D" once the comparison phrase is read. */
/* The length of time before or after a date at k: "30 days after". */
static bool counts_time_from(const parser *p, uint32_t k, uint32_t end)
{
	uint32_t cl;
	duration_unit u;
	if (count_at(p, k, end, &cl) < 0 || !is_unit_word(tw(p, k + cl), &u))
		return false;
	for (size_t v = 0; v < sizeof temporal_after / sizeof temporal_after[0]; v++)
		if (match(p, k + cl + 1, end, temporal_after[v]))
			return true;
	for (size_t v = 0; v < sizeof temporal_before / sizeof temporal_before[0]; v++)
		if (match(p, k + cl + 1, end, temporal_before[v]))
			return true;
	return false;
}

/* "more than 2 years after D", "no more than 12 months after D": by the
 * calendar, the later date against the earlier one moved by the time (2
 * years and 6 months is more than 2 years, though its whole years are 2:
 * it once read so). "at least" and "less than" agree with whole units. */
static expr *by_calendar(parser *p, cmp_op cmp, expr *earlier, expr *later, expr *dur, span sp,
                         const char *text)
{
	expr *moved = expr_binary(p->c, E_ADD, earlier, dur, sp);
	if (!moved)
		return NULL;
	moved->type = POLICY_TYPE_DATE;
	return expr_cmp(p->c, cmp, later, moved, sp, text);
}

/* The word after a length of time that says which way it counts: 1 for
 * "after", -1 for "before", 0 for neither; *len its words. */
static int temporal_at(parser *p, uint32_t j, uint32_t end, uint32_t *len)
{
	for (size_t v = 0; v < sizeof temporal_after / sizeof temporal_after[0]; v++)
		if ((*len = match(p, j, end, temporal_after[v])))
			return 1;
	for (size_t v = 0; v < sizeof temporal_before / sizeof temporal_before[0]; v++)
		if ((*len = match(p, j, end, temporal_before[v])))
			return -1;
	return 0;
}

/* "more than the filing limit after the service date", where the filing
 * limit is a length of time the policy defines: by the calendar, the later
 * date against the earlier one moved by it. */
static expr *period_difference(parser *p, uint32_t *i, uint32_t end, expr *subject, cmp_op cmp,
                               uint32_t op_first)
{
	uint32_t k = *i, tl, wl, w = k;
	while (w < end && w < k + MAX_TERM_WORDS + 1 &&
	       !(w_starts(p, w, "abfp") &&
	         (is_w(p, w, end, "after") || is_w(p, w, end, "before") ||
	          is_w(p, w, end, "following") || is_w(p, w, end, "prior"))))
		w++;
	if (w >= end || w == k + MAX_TERM_WORDS + 1)
		return NULL; /* no "after" or "before" near: not this */
	int32_t d = w > k ? match_term(p, k, w, false, &tl) : -1; /* the name, up to "after" */
	if (d >= 0 && k + tl != w)
		return NULL;
	policy_type t = d < 0 ? POLICY_TYPE_NONE : p->c->defs[d].type;
	if (d < 0 || t == POLICY_TYPE_DATE || t == POLICY_TYPE_TEXT || t == POLICY_TYPE_BOOLEAN ||
	    t == POLICY_TYPE_ENUM)
		return NULL;
	int way = temporal_at(p, k + tl, end, &wl);
	if (!way)
		return NULL;
	uint32_t j = k + tl + wl;
	expr *other = parse_value(p, &j, end, 0);
	expr *dur = other ? expr_ref(p->c, (uint32_t)d, span_of(p, k, k + tl - 1)) : NULL;
	if (!dur)
		return NULL;
	dur->text = slice_of(p, k, k + tl - 1);
	*i = j;
	return by_calendar(p, cmp, way > 0 ? other : subject, way > 0 ? subject : other, dur,
	                   span_of(p, op_first, j - 1), slice_of(p, op_first, j - 1));
}

static expr *date_difference(parser *p, uint32_t *i, uint32_t end, expr *subject, cmp_op cmp,
                             uint32_t op_first)
{
	uint32_t k = *i, cl;
	int64_t n = count_at(p, k, end, &cl);
	duration_unit u;
	if (n < 0 || !is_unit_word(tw(p, k + cl), &u))
		return period_difference(p, i, end, subject, cmp, op_first);
	uint32_t unit_at = k + cl;
	uint32_t j = unit_at + 1;
	bool after = false, before = false;
	uint32_t tl = 0;
	for (size_t v = 0; v < sizeof temporal_after / sizeof temporal_after[0] && !tl; v++)
		if ((tl = match(p, j, end, temporal_after[v])))
			after = true;
	for (size_t v = 0; v < sizeof temporal_before / sizeof temporal_before[0] && !tl; v++)
		if ((tl = match(p, j, end, temporal_before[v])))
			before = true;
	if (!after && !before)
		return NULL;
	j += tl;
	expr *other = parse_value(p, &j, end, 0);
	if (!other)
		return NULL;
	expr *dur = expr_const(p->c, value_duration(n, u), span_of(p, k, unit_at),
	                       slice_of(p, k, unit_at));
	*i = j;
	if (u != UNIT_DAYS && (cmp == CMP_GT || cmp == CMP_LE))
		return by_calendar(p, cmp, after ? other : subject, after ? subject : other, dur,
		                   span_of(p, op_first, j - 1), slice_of(p, op_first, j - 1));
	expr *el = after ? expr_binary(p->c, E_ELAPSED, other, subject, span_of(p, k, j - 1))
	                 : expr_binary(p->c, E_ELAPSED, subject, other, span_of(p, k, j - 1));
	if (!el)
		return NULL;
	el->unit = u;
	el->type = POLICY_TYPE_DURATION;
	el->text = slice_of(p, op_first, j - 1);
	/* the phrase alone: the explanation prints the duration after it */
	return expr_cmp(p->c, cmp, el, dur, span_of(p, op_first, j - 1),
	                slice_of(p, op_first, k - 1));
}

static bool or_suffix(parser *p, uint32_t *i, uint32_t end, cmp_op *cmp)
{
	if (!is_w(p, *i, end, "or"))
		return false;
	static const char *const ge[] = { "more", "greater", "higher", "above", "later", "after",
	                                  "over", "longer", "older" };
	static const char *const le[] = { "less", "fewer", "lower", "below", "earlier", "before",
	                                  "under", "shorter", "younger" };
	const char *w = tw(p, *i + 1);
	for (size_t k = 0; k < sizeof ge / sizeof ge[0]; k++)
		if (!strcmp(w, ge[k])) {
			*cmp = CMP_GE;
			*i += 2;
			return true;
		}
	for (size_t k = 0; k < sizeof le / sizeof le[0]; k++)
		if (!strcmp(w, le[k])) {
			*cmp = CMP_LE;
			*i += 2;
			return true;
		}
	return false;
}

/* Resolve a subject that was only a phrase, now that the object's type is
 * known ("construction loans" + "$5M" = the loan amount). */
/* Whether w shares its first letters with a word of `list` (at least
 * four, or all of the shorter): "claims" and "claimed". */
static bool word_near(const char *w, const wordlist *list)
{
	size_t wl = strlen(w);
	for (size_t b = 0; b < list->n; b++) {
		size_t n = 0, bl = strlen(list->w[b]);
		while (n < wl && n < bl && w[n] == list->w[b][n])
			n++;
		if (n == wl || n == bl || n >= 4)
			return true;
	}
	return false;
}

/* Whether each word of [sf, sl) but its articles is near a word of x's
 * name, of the case's trigger or of a document ("loans over $5M" of the
 * loan amount, "claims above $100" of the claimed amount). */
static bool words_all_named(parser *p, uint32_t sf, uint32_t sl, const def *x)
{
	wordlist where[10];
	size_t nw = 0;
	const char *names[10] = { p->c->trigger };
	size_t nn = 1;
	for (uint32_t d = 0; d < p->c->ndocs && nn < 10; d++)
		names[nn++] = p->c->docs[d];
	for (size_t k = 0; k < nn; k++)
		if (names[k] && words_split(p->c->a, names[k], strlen(names[k]), WORDS_CONTENT,
		                            &where[nw]))
			nw++;
	for (uint32_t k = sf; k < sl; k++) {
		char *w = key_of(p, k, k + 1);
		if (!w || !*w)
			continue; /* an article, a filler word */
		bool in = word_near(w, &x->words);
		for (size_t b = 0; b < nw && !in; b++)
			in = word_near(w, &where[b]);
		if (!in)
			return false;
	}
	return true;
}

static expr *late_subject(parser *p, uint32_t sf, uint32_t sl, const expr *object)
{
	policy_type want = POLICY_TYPE_NONE;
	if (object && object->op == E_CONST)
		want = object->val.type;
	else if (object && object->op == E_PCT_OF)
		want = POLICY_TYPE_MONEY;
	/* "that date" is the value named before the comparison, not its
	 * object just read ("... a last payoff date and that date is within
	 * 14 days of the application date") */
	int32_t after_object = p->c->last_ref;
	p->c->last_ref = p->ref_before_object;
	int32_t d = resolve_np(p, sf, sl, POLICY_TYPE_NONE, false);
	p->c->last_ref = after_object;
	bool by_type = false;
	if (d < 0 && want != POLICY_TYPE_NONE) {
		d = resolve_np(p, sf, sl, want, false);
		by_type = true;
		if (d >= 0 && !words_all_named(p, sf, sl, &p->c->defs[d]))
			return NULL; /* "an acceptable driver is 65 or older": "acceptable"
			                was once dropped; it is no word of the driver's age */
	}
	if (d < 0 && (d = input_resolve(p, sf, sl, want)) < 0)
		return NULL;
	expr *e = expr_ref(p->c, (uint32_t)d, span_of(p, sf, sl - 1));
	if (!e)
		return NULL;
	const char *name = p->c->defs[d].name;
	if (by_type && name) {
		/* "loans over $5M" compares the loan amount: say so */
		char *t = arena_alloc(p->c->a, strlen(name) + 5);
		if (!t) {
			p->c->nomem = true;
			return NULL;
		}
		sprintf(t, "the %s", name);
		e->text = t;
	} else {
		e->text = slice_of(p, sf, sl - 1);
	}
	return e;
}

bool phrase_has(const parser *p, uint32_t first, uint32_t end, const char *a,
                const char *b)
{
	for (uint32_t k = first; k < end; k++)
		if (is_w(p, k, end, a) || is_w(p, k, end, b))
			return true;
	return false;
}

/* "the claim is classified as water": the classification of the claim. */
static expr *classification_of(parser *p, uint32_t sf, uint32_t sl)
{
	char *key = key_of(p, sf, sl);
	for (uint32_t d = 0; key && d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if (x->kind == POLICY_STEP_LLM && x->alt_key && !strcmp(x->alt_key, key)) {
			expr *e = expr_ref(p->c, d, span_of(p, sf, sl - 1));
			if (e)
				e->text = slice_of(p, sf, sl - 1);
			return e;
		}
	}
	return NULL;
}

/* An optional comparison phrase at *k ("more than", "at least"): its
 * operator and its words from `from` on; *k moves past it. Unchanged if
 * there is none. */
void cmp_phrase(parser *p, uint32_t *k, uint32_t end, uint32_t from, cmp_op *cmp,
                const char **phrase)
{
	op_match m;
	if (!op_at(p, *k, end, true, &m) || m.kind != PK_CMP)
		return;
	*cmp = m.negated ? cmp_negate(m.cmp) : m.cmp;
	*phrase = slice_of(p, from, *k + m.len - 1);
	*k += m.len;
}

/* "A exceeds B by more than 10%", "A is below B by at least $500": the
 * margin between them compared, relative to B when it is a percentage.
 * The phrase before B gives the direction; "by" + phrase the comparison
 * (bare "by X" is "by at least X"). A negation ("must not exceed B by ...")
 * is applied by the caller. */
static expr *by_margin(parser *p, uint32_t *k, uint32_t end, expr *a, expr *b,
                       const op_match *m, uint32_t op_first)
{
	uint32_t j = *k + 1;
	cmp_op cmp = CMP_GE;
	const char *phrase = "is at least";
	cmp_phrase(p, &j, end, j, &cmp, &phrase);
	expr *margin = parse_value(p, &j, end, 0);
	if (!margin)
		return NULL;
	bool over = m->cmp == CMP_GT || m->cmp == CMP_GE;
	span sp = span_of(p, op_first, j - 1);
	expr *diff = over ? expr_binary(p->c, E_SUB, a, b, sp) : expr_binary(p->c, E_SUB, b, a, sp);
	if (!diff)
		return NULL;
	buf name;
	buf_init(&name, &p->c->a->m);
	buf_printf(&name, "the %s %s %s", over ? "excess" : "shortfall", over ? "over" : "below",
	           b->text ? b->text : "it");
	diff->text = buf_to_arena(&name, p->c->a);
	buf_release(&name);
	expr *lhs = diff;
	if (margin->op == E_CONST && margin->val.type == POLICY_TYPE_PERCENT) {
		lhs = expr_binary(p->c, E_DIV, diff, b, sp);
		if (!lhs)
			return NULL;
		lhs->type = POLICY_TYPE_PERCENT;
		lhs->text = diff->text;
	}
	*k = j;
	return expr_cmp(p->c, cmp, lhs, margin, sp, phrase);
}

bool comparative_value(const expr *obj)
{
	static const char *const words[] = { "better", "worse", "higher", "lower", "greater",
	                                     "more", "less", "above", "below", "older", "younger",
	                                     "earlier", "later", "sooner", "larger", "smaller" };
	if (!obj || obj->op != E_CONST || obj->val.type != POLICY_TYPE_TEXT || !obj->val.known ||
	    !obj->val.u.text.s)
		return false;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcasecmp(obj->val.u.text.s, words[i]))
			return true;
	/* "anything except fire", "something else": no value of anything
	 * either, and never equal to what a form says */
	static const char *const leads[] = { "anything ", "something ", "any value ", "everything " };
	for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++)
		if (!strncasecmp(obj->val.u.text.s, leads[i], strlen(leads[i])))
			return true;
	return false;
}

/* "the loss is not an auto loss": the value is "auto", the loss type's
 * value, not the words "an auto loss". A text literal "a/an X ... N"
 * whose last word N is a word of the compared term's name loses both;
 * any other loses its article ("is a confirmed match": "confirmed match"). */
/* subject is (or, `negated`, is not) one of `set`. */
static expr *membership(parser *p, expr *subject, expr *set, span sp, bool negated)
{
	expr *e = expr_binary(p->c, E_IN, subject, set, sp);
	return e && negated ? expr_not(p->c, e) : e;
}

static bool is_listed(const def *x)
{
	return x->is_set;
}

static expr *kind_value(parser *p, const expr *subject, expr *obj)
{
	if (!obj || obj->op != E_CONST || obj->val.type != POLICY_TYPE_TEXT || !obj->val.known ||
	    subject->op != E_REF || subject->step >= p->c->ndefs || !p->c->defs[subject->step].name)
		return obj;
	const char *t = obj->val.u.text.s;
	size_t skip = !strncmp(t, "a ", 2) ? 2 : !strncmp(t, "an ", 3) ? 3 : 0;
	const char *last = strrchr(t, ' ');
	if (!skip || !last)
		return obj;
	if (last < t + skip) {
		/* "is a confirmed match", "is an A": the value without its article */
		expr *e = expr_const(p->c, value_text(t + skip, strlen(t + skip)), obj->sp, obj->text);
		return e ? e : obj;
	}
	wordlist name, head;
	const char *def_name = p->c->defs[subject->step].name;
	if (!words_split(p->c->a, def_name, strlen(def_name), WORDS_CONTENT, &name) ||
	    !words_split(p->c->a, last + 1, strlen(last + 1), WORDS_CONTENT, &head) ||
	    head.n != 1) {
		p->c->nomem = p->c->a->failed;
		return obj;
	}
	bool named = false;
	for (size_t i = 0; i < name.n && !named; i++)
		named = !strcmp(name.w[i], head.w[0]);
	if (!named) {
		expr *e = expr_const(p->c, value_text(t + skip, strlen(t + skip)), obj->sp, obj->text);
		return e ? e : obj;
	}
	char *v = arena_strndup(p->c->a, t + skip, (size_t)(last - t) - skip);
	if (!v) {
		p->c->nomem = true;
		return obj;
	}
	/* "of an ineligible type" with "The ineligible business types are
	 * ...": one of them, never the word "ineligible" (that never held) */
	wordlist kind;
	if (words_split(p->c->a, t + skip, strlen(t + skip), WORDS_CONTENT, &kind) && kind.n) {
		int32_t set = term_with_words(p->c, &kind, is_listed);
		if (set >= 0) {
			expr *r = expr_ref(p->c, (uint32_t)set, obj->sp);
			if (r) {
				r->text = obj->text;
				return r;
			}
		}
	}
	expr *e = expr_const(p->c, value_text(v, strlen(v)), obj->sp, obj->text);
	return e ? e : obj;
}

/* The comparison phrase (m, at *i) and its object, applied to `subject`
 * (or to the phrase [sf, sl) when the subject is not resolved yet). */
expr *comparison_rest(parser *p, uint32_t *i, uint32_t end, expr *subject, uint32_t sf,
                      uint32_t sl, const op_match *m, expr **subject_out)
{
	p->ref_before_object = p->c->last_ref;
	uint32_t op_first = *i;
	uint32_t k = *i + m->len;
	const char *phrase = slice_of(p, op_first, k - 1);
	expr *e = NULL, *obj = NULL;
	bool neg = m->negated;
	switch (m->kind) {
	case PK_BETWEEN: {
		expr *lo = parse_value(p, &k, end, V_STOP_AND);
		if (!lo)
			return NULL;
		if (!is_w(p, k, end, "and")) {
			parser_error(p, op_first, k - 1, "write 'between 18 and 65'",
			             "'between' needs two values joined by 'and'%s", "");
			return NULL;
		}
		k++;
		expr *hi = parse_value(p, &k, end, V_STOP_AND);
		if (!hi)
			return NULL;
		if (is_punct(p, k, end, '(') && is_w(p, k + 1, end, "inclusive") &&
		    is_punct(p, k + 2, end, ')'))
			k += 3;
		else if (is_w(p, k, end, "inclusive") || is_w(p, k, end, "inclusively"))
			k++;
		if (lo->op == E_CONST && lo->val.type == POLICY_TYPE_PERCENT && hi->op == E_PCT_OF) {
			/* "between 10% and 20% of the appraised value": both of it */
			const char *pct = lo->text ? lo->text : "";
			const char *base = hi->args[1]->text ? hi->args[1]->text : "it";
			char *text = arena_alloc(p->c->a, strlen(pct) + strlen(base) + 5);
			lo = expr_binary(p->c, E_PCT_OF, lo, hi->args[1], lo->sp);
			if (!lo || !text) {
				p->c->nomem |= !text;
				return NULL;
			}
			sprintf(text, "%s of %s", pct, base);
			lo->text = text;
		}
		if (!subject)
			subject = late_subject(p, sf, sl, lo);
		if (!subject)
			return NULL;
		expr *args[3] = { subject, lo, hi };
		e = expr_nary(p->c, E_BETWEEN, args, 3, span_of(p, op_first, k - 1));
		break;
	}
	case PK_IN: {
		const token *yt = k < end ? &p->tk[k] : NULL;
		int64_t year;
		if (yt && yt->kind == T_QUANTITY && yt->val.type == POLICY_TYPE_NUMBER &&
		    decimal_to_int64(yt->val.u.num, &year) && year >= 1900 && year <= 2200 &&
		    (k + 1 == end || clause_boundary(p, k + 1, end))) {
			/* "the closing date is in 2026": on or after January 1 and on
			 * or before December 31 of it */
			if (!subject)
				subject = late_subject(p, sf, sl, NULL);
			int32_t first, last;
			if (!subject || !date_from_ymd((int)year, 1, 1, &first) ||
			    !date_from_ymd((int)year, 12, 31, &last))
				return NULL;
			expr *lo = expr_const(p->c, value_date(first), span_of(p, k, k), NULL);
			expr *hi = expr_const(p->c, value_date(last), span_of(p, k, k), NULL);
			expr *args[3] = { subject, lo, hi };
			e = lo && hi ? expr_nary(p->c, E_BETWEEN, args, 3, span_of(p, op_first, k)) : NULL;
			if (e)
				e->type = POLICY_TYPE_BOOLEAN;
			k++;
			if (m->cmp == CMP_NE)
				neg = !neg;
			break;
		}
		obj = set_value(p, &k, end);
		if (!obj)
			return NULL;
		if (!subject)
			subject = late_subject(p, sf, sl, NULL);
		if (!subject)
			return NULL;
		e = expr_binary(p->c, E_IN, subject, obj, span_of(p, op_first, k - 1));
		if (m->cmp == CMP_NE)
			neg = !neg;
		break;
	}
	case PK_MISSING:
	case PK_PRESENT: {
		if (!subject)
			subject = late_subject(p, sf, sl, NULL);
		if (!subject)
			return NULL;
		e = expr_unary(p->c, E_MISSING, subject, span_of(p, op_first, k - 1));
		if (m->kind == PK_PRESENT)
			neg = !neg;
		break;
	}
	case PK_WITHIN: {
		uint32_t cl;
		int64_t n = count_at(p, k, end, &cl);
		duration_unit u;
		if (n >= 0 && is_w(p, k + cl, end, "calendar"))
			cl++; /* "within 5 calendar days": days */
		if (n < 0 || !is_unit_word(tw(p, k + cl), &u)) {
			parser_error(p, op_first, k < end ? k : end - 1, "write e.g. 'within 30 days of the loss date'",
			             "'within' needs a number of days, months or years%s", "");
			return NULL;
		}
		uint32_t unit_at = k + cl;
		k = unit_at + 1;
		bool after = is_w(p, k, end, "after") || is_w(p, k, end, "following");
		bool before = is_w(p, k, end, "before") || match(p, k, end, "prior to");
		if (!after && !before && !is_w(p, k, end, "of") && !is_w(p, k, end, "from")) {
			parser_error(p, op_first, k < end ? k : end - 1, "write e.g. 'within 30 days of the loss date'",
			             "'within' needs the date it counts from%s", "");
			return NULL;
		}
		k += match(p, k, end, "prior to") ? 2 : 1;
		expr *other = parse_value(p, &k, end, 0);
		if (!other)
			return NULL;
		if (!subject)
			subject = late_subject(p, sf, sl, other);
		if (!subject)
			return NULL;
		expr *dur = expr_const(p->c, value_duration(n, u),
		                       span_of(p, op_first, unit_at), slice_of(p, op_first + 1, unit_at));
		if (!after && !before) {
			expr *args[3] = { subject, other, dur };
			e = expr_nary(p->c, E_WITHIN, args, 3, span_of(p, op_first, k - 1));
			if (e)
				e->unit = u;
		} else {
			/* within N days after D: D <= X and elapsed(D, X) <= N */
			expr *el = after ? expr_binary(p->c, E_ELAPSED, other, subject, span_of(p, op_first, k - 1))
			                 : expr_binary(p->c, E_ELAPSED, subject, other, span_of(p, op_first, k - 1));
			if (!el)
				return NULL;
			el->unit = u;
			el->type = POLICY_TYPE_DURATION;
			el->text = slice_of(p, op_first, k - 1);
			expr *zero = expr_const(p->c, value_duration(0, u), el->sp, "0");
			expr *lo = expr_cmp(p->c, CMP_GE, el, zero, el->sp, after ? "on or after" : "on or before");
			expr *hi = u == UNIT_DAYS ? expr_cmp(p->c, CMP_LE, el, dur, el->sp, phrase)
			                          : by_calendar(p, CMP_LE, after ? other : subject,
			                                        after ? subject : other, dur, el->sp, phrase);
			e = expr_and(p->c, lo, hi);
		}
		break;
	}
	case PK_CMP:
	case PK_EQ: {
		cmp_op cmp = m->cmp;
		if (subject || sf < sl) {
			expr *sub_for_diff = subject;
			if (!sub_for_diff) {
				int32_t d = resolve_np(p, sf, sl, POLICY_TYPE_DATE, false);
				/* "the report date is more than 30 days after the date of
				 * loss", no sentence saying where the report date is */
				if (d < 0 && d != -2 && counts_time_from(p, k, end) &&
				    (d = input_resolve(p, sf, sl, POLICY_TYPE_DATE)) < 0 && !parser_quiet(p))
					return NULL; /* reported */
				if (d >= 0)
					sub_for_diff = expr_ref(p->c, (uint32_t)d, span_of(p, sf, sl - 1));
			}
			uint32_t save = k;
			if (sub_for_diff) {
				e = date_difference(p, &k, end, sub_for_diff, cmp, op_first);
				if (e) {
					subject = sub_for_diff;
					break;
				}
				k = save;
			}
		}
		if (!subject && sf < sl && phrase_has(p, op_first, k, "classified", "categorized"))
			subject = classification_of(p, sf, sl);
		bool literal_ok = m->kind == PK_EQ || cmp == CMP_EQ || cmp == CMP_NE;
		if (literal_ok && p->lx->ntables &&
		    (is_w(p, k, end, "listed") || is_w(p, k, end, "shown") || is_w(p, k, end, "named") ||
		     match(p, k, end, "in the table"))) {
			/* "the industry sector is not listed above": a value of the
			 * table's column (once the words "listed above", never equal) */
			if (!subject)
				subject = late_subject(p, sf, sl, NULL);
			uint32_t j = k;
			expr *set = subject ? table_listed(p, subject, &j, end) : NULL;
			if (set) {
				e = membership(p, subject, set, span_of(p, op_first, j - 1), (cmp == CMP_NE) != neg);
				neg = false;
				k = j;
				break;
			}
			if (j != k)
				return NULL; /* reported */
		}
		if (literal_ok && is_w(p, k, end, "either")) {
			/* "the loss type is either fire or hail": one of the words */
			uint32_t j = k + 1;
			expr *set = set_value(p, &j, end);
			if (!set)
				return NULL;
			if (!subject)
				subject = late_subject(p, sf, sl, NULL);
			if (!subject)
				return NULL;
			e = membership(p, subject, set, span_of(p, op_first, j - 1), (cmp == CMP_NE) != neg);
			neg = false;
			k = j;
			break;
		}
		obj = parse_value(p, &k, end, literal_ok ? V_LITERAL : 0);
		if (!obj)
			return NULL;
		if (m->kind == PK_EQ) {
			cmp_op suffix;
			if (or_suffix(p, &k, end, &suffix))
				cmp = suffix;
		}
		if (!subject)
			subject = late_subject(p, sf, sl, obj);
		if (!subject)
			return NULL;
		obj = kind_value(p, subject, obj);
		if (comparative_value(obj)) {
			/* "it is B or better": "better" is no value of anything */
			parser_error(p, k - 1, k - 1, "name the values, or the named condition it means",
			             "'%s' is not a value to compare with", obj->val.u.text.s);
			return NULL;
		}
		if (is_w(p, k, end, "by") && (m->cmp == CMP_GT || m->cmp == CMP_GE ||
		                               m->cmp == CMP_LT || m->cmp == CMP_LE)) {
			e = by_margin(p, &k, end, subject, obj, m, op_first);
			if (!e)
				return NULL;
			break;
		}
		e = expr_cmp(p->c, cmp, subject, obj, span_of(p, op_first, k - 1), phrase);
		if (e && neg) {
			if (e->op == E_CMP)
				e->cmp = cmp_negate(e->cmp);
			else
				e = expr_not(p->c, e); /* a set: expr_cmp made it "one of" */
			neg = false;
		}
		break;
	}
	}
	if (!e)
		return NULL;
	if (e->op != E_CMP || !e->text)
		e->text = phrase;
	if (neg)
		e = expr_not(p->c, e);
	*i = k;
	if (subject_out)
		*subject_out = subject;
	return e;
}
