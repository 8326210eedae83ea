/*
 * Evaluating expressions, and saying why in English.
 *
 * Values are exact (decimal.h) and may be missing. Conditions are
 * three-valued: a comparison over a missing value is unknown, "and" is
 * false as soon as one side is false, "or" true as soon as one side is
 * true, so a missing value matters only where the decision depends on it.
 *
 * Rounding: products, quotients and percentages of money are rounded
 * half-even to the cent when the result is money; quotients that are
 * ratios or percentages keep DECIMAL_DIV_SCALE (12) places. Everything
 * else is exact.
 *
 * The reasons are built from the same evaluation, so they cannot disagree
 * with the decision: for a true "and", every part; for a true "or", the
 * part that was true; for a false "and", the part that was false; for an
 * unknown result, the values that were missing and why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "plan/render.h"
#include "run/eval.h"
#include "base/json.h"
#include "base/words.h"

static const slot *slot_of(const policy_exec *x, uint32_t step)
{
	return step < x->plan->nsteps ? &x->slots[step] : NULL;
}

static value missing(policy_type t)
{
	return value_missing(t);
}

/* ---- documents ---- */

static bool words_subset(const wordlist *a, const wordlist *b)
{
	for (size_t i = 0; i < a->n; i++) {
		bool found = false;
		for (size_t j = 0; j < b->n && !found; j++)
			found = !strcmp(a->w[i], b->w[j]);
		if (!found)
			return false;
	}
	return true;
}

/* Documents a requirement names: the same type ("appraisal"), or a type
 * the requirement describes more closely ("three independent appraisals"
 * counts appraisals). `key` is words_key(doc), made when the plan was
 * linked; NULL makes it here. */
unsigned count_documents(policy_exec *x, const char *doc, const char *key)
{
	unsigned n = 0;
	if (key) {
		for (size_t i = 0; i < x->kase.ndocs; i++)
			n += !strcmp(x->kase.docs[i].key, key);
		if (n || !x->kase.ndocs)
			return n;
	}
	arena scratch;
	arena_init(&scratch, &x->m);
	if (!key)
		key = words_key(&scratch, doc, strlen(doc));
	if (key) {
		for (size_t i = 0; i < x->kase.ndocs; i++)
			n += !strcmp(x->kase.docs[i].key, key);
		wordlist want;
		if (n == 0 && words_split(&scratch, key, strlen(key), WORDS_CONTENT, &want) && want.n) {
			for (size_t i = 0; i < x->kase.ndocs; i++) {
				wordlist have;
				const char *k = x->kase.docs[i].key;
				if (!words_split(&scratch, k, strlen(k), WORDS_CONTENT, &have) || !have.n)
					continue;
				if (words_subset(&have, &want) &&
				    !strcmp(have.w[have.n - 1], want.w[want.n - 1]))
					n++;
			}
		}
	}
	/* A count short for want of memory is no count. Atomic: a request may
	 * be made on a host's thread (policy_task_request_json). */
	if (scratch.failed)
		__atomic_store_n(&x->nomem, true, __ATOMIC_RELAXED);
	arena_release(&scratch);
	return n;
}

/* ---- values ---- */

static bool to_int(decimal d, int64_t *out)
{
	return decimal_is_integer(d) && decimal_to_int64(d, out);
}

/* A date moved by a length of time: "the application date plus 30 days",
 * "the closing date minus 2 months" (the same day of the month, or its
 * last day). */
static value date_moved(int32_t date, int64_t n, duration_unit unit)
{
	if (n > 100000 || n < -100000)
		return missing(POLICY_TYPE_DATE); /* no date lies that far */
	switch (unit) {
	case UNIT_DAYS: return value_date(date + (int32_t)n);
	case UNIT_WEEKS: return value_date(date + (int32_t)n * 7);
	case UNIT_MONTHS: return value_date(date_add_months(date, (int)n));
	case UNIT_YEARS: return value_date(date_add_years(date, (int)n));
	}
	return missing(POLICY_TYPE_DATE);
}

/* An operand of arithmetic as a number: a length of time counts its units
 * ("the days elapsed divided by the days supply"). */
static bool arith_operand(value v, decimal *out, duration_unit *unit)
{
	if (v.type == POLICY_TYPE_DURATION) {
		*out = decimal_from_int(v.u.dur.amount);
		*unit = v.u.dur.unit;
		return true;
	}
	*out = v.u.num;
	return type_is_numeric(v.type);
}

static value finish_number(const expr *e, decimal d)
{
	value v = value_number(d);
	v.type = e->type ? e->type : POLICY_TYPE_NUMBER;
	if (v.type == POLICY_TYPE_MONEY)
		v.u.num = decimal_round(d, 2);
	if (!type_is_numeric(v.type))
		v.type = POLICY_TYPE_NUMBER;
	return v;
}

static int64_t elapsed_units(int32_t from, int32_t to, duration_unit u)
{
	switch (u) {
	case UNIT_DAYS: return (int64_t)to - from;
	case UNIT_WEEKS: return ((int64_t)to - from) / 7;
	case UNIT_MONTHS: return date_whole_months(from, to);
	case UNIT_YEARS: return date_whole_years(from, to);
	}
	return 0;
}

/* `from` moved by n units, as a calendar does (the anniversary). */
static int32_t date_plus(int32_t from, int64_t n, duration_unit u)
{
	switch (u) {
	case UNIT_DAYS: return (int32_t)(from + n);
	case UNIT_WEEKS: return (int32_t)(from + 7 * n);
	case UNIT_MONTHS: return date_add_months(from, (int)n);
	case UNIT_YEARS: return date_add_years(from, (int)n);
	}
	return from;
}

static bool list_of(const policy_exec *x, const expr *e, const slot **out)
{
	if (e->op != E_REF)
		return false;
	const slot *s = slot_of(x, e->step);
	if (!s || !s->is_list)
		return false;
	*out = s;
	return true;
}

enum { CASE_NONE = -1, CASE_UNKNOWN = -2 };

/* The row of a table lookup whose condition holds: its index (0, 1, ...),
 * CASE_NONE if no row holds, or CASE_UNKNOWN if a condition before the
 * row that holds is unknown (*at: that condition's argument). */
static int32_t case_row(policy_exec *x, const expr *e, uint32_t *at)
{
	for (uint32_t i = 0; i + 1 < e->nargs; i += 2) {
		tv t = eval_bool(x, e->args[i]);
		if (t == TV_UNKNOWN) {
			if (at)
				*at = i;
			return CASE_UNKNOWN;
		}
		if (t == TV_TRUE)
			return (int32_t)(i / 2);
	}
	return CASE_NONE;
}

value eval_value(policy_exec *x, const expr *e)
{
	if (!e)
		return missing(POLICY_TYPE_NONE);
	switch (e->op) {
	case E_CONST:
		return e->val;
	case E_REF: {
		const slot *s = slot_of(x, e->step);
		if (s && x->item_active && e->step == x->item_step && s->is_list &&
		    x->item_index < s->nitems)
			return s->items[x->item_index];
		if (!s || s->state != SLOT_DONE || s->is_list || s->error)
			return missing(e->type);
		return s->v;
	}
	case E_AVG: {
		const slot *list;
		if (!list_of(x, e->args[0], &list) || list->error || list->nitems == 0)
			return missing(e->type);
		decimal acc = decimal_from_int(0), avg;
		for (uint32_t i = 0; i < list->nitems; i++) {
			if (!list->items[i].known || !type_is_numeric(list->items[i].type) ||
			    !decimal_add(acc, list->items[i].u.num, &acc))
				return missing(e->type);
		}
		if (!decimal_div(acc, decimal_from_int(list->nitems), DECIMAL_DIV_SCALE, &avg))
			return missing(e->type);
		return finish_number(e, decimal_normalize(avg));
	}
	case E_ROUND: {
		value a = eval_value(x, e->args[0]);
		const value *places = &e->args[1]->val, *how = &e->args[2]->val;
		int64_t n;
		if (a.type == POLICY_TYPE_DURATION)
			return a; /* whole units already */
		if (!a.known || !type_is_numeric(a.type) || !places->known ||
		    !type_is_numeric(places->type) || !to_int(places->u.num, &n) || n < -18 || n > 18)
			return missing(e->type);
		int mode = 0;
		if (how->type == POLICY_TYPE_TEXT && how->u.text.s) {
			const char *t = how->u.text.s;
			size_t tl = how->u.text.len;
			mode = tl == 4 && !memcmp(t, "down", 4) ? -1 : tl == 2 && !memcmp(t, "up", 2) ? 1 : 0;
		}
		decimal r;
		if (!decimal_round_to(a.u.num, (int)n, mode, &r))
			return missing(e->type);
		value v = a;
		v.u.num = r;
		return v;
	}
	case E_ADD: case E_SUB: case E_MUL: case E_DIV: case E_PCT_OF: {
		value a = eval_value(x, e->args[0]), b = eval_value(x, e->args[1]);
		if ((e->op == E_ADD || e->op == E_SUB) && a.known && b.known &&
		    a.type == POLICY_TYPE_DATE && b.type == POLICY_TYPE_DURATION)
			return date_moved(a.u.date, b.u.dur.amount * (e->op == E_SUB ? -1 : 1),
			                  b.u.dur.unit);
		decimal na, nb, r;
		duration_unit unit = UNIT_DAYS;
		if (!a.known || !b.known || !arith_operand(a, &na, &unit) ||
		    !arith_operand(b, &nb, &unit))
			return missing(e->type);
		if (a.type == POLICY_TYPE_DURATION && b.type == POLICY_TYPE_DURATION &&
		    a.u.dur.unit != b.u.dur.unit)
			return missing(e->type); /* days and months do not mix exactly */
		bool ok;
		switch (e->op) {
		case E_ADD: ok = decimal_add(na, nb, &r); break;
		case E_SUB: ok = decimal_sub(na, nb, &r); break;
		case E_MUL: case E_PCT_OF: ok = decimal_mul(na, nb, &r); break;
		default: ok = decimal_div(na, nb, DECIMAL_DIV_SCALE, &r); break;
		}
		if (!ok)
			return missing(e->type);
		r = decimal_normalize(r);
		int64_t whole;
		if (e->type == POLICY_TYPE_DURATION && to_int(r, &whole))
			return value_duration(whole, unit);
		return finish_number(e, r);
	}
	case E_SUM: case E_MIN: case E_MAX: {
		decimal acc = decimal_from_int(0);
		bool first = true;
		const slot *list;
		if (e->nargs == 1 && list_of(x, e->args[0], &list)) {
			if (list->error)
				return missing(e->type);
			for (uint32_t i = 0; i < list->nitems; i++) {
				const value *v = &list->items[i];
				if (!v->known || !type_is_numeric(v->type))
					return missing(e->type);
				if (e->op == E_SUM) {
					if (!decimal_add(acc, v->u.num, &acc))
						return missing(e->type);
				} else if (first || (e->op == E_MIN) == (decimal_cmp(v->u.num, acc) < 0)) {
					acc = v->u.num;
				}
				first = false;
			}
			if (first && e->op != E_SUM)
				return missing(e->type);
			return finish_number(e, acc);
		}
		for (uint32_t i = 0; i < e->nargs; i++) {
			value v = eval_value(x, e->args[i]);
			if (!v.known || !type_is_numeric(v.type))
				return missing(e->type);
			if (e->op == E_SUM) {
				if (!decimal_add(acc, v.u.num, &acc))
					return missing(e->type);
			} else if (first || (e->op == E_MIN) == (decimal_cmp(v.u.num, acc) < 0)) {
				acc = v.u.num;
			}
			first = false;
		}
		return finish_number(e, acc);
	}
	case E_ELAPSED: {
		value a = eval_value(x, e->args[0]), b = eval_value(x, e->args[1]);
		if (!a.known || !b.known || a.type != POLICY_TYPE_DATE || b.type != POLICY_TYPE_DATE)
			return missing(POLICY_TYPE_NUMBER);
		return value_duration(elapsed_units(a.u.date, b.u.date, e->unit), e->unit);
	}
	case E_DOC_COUNT:
		return value_count(count_documents(x, e->doc, e->doc_key));
	case E_LIST_COUNT: {
		const slot *list;
		if (!list_of(x, e->args[0], &list) || list->error)
			return missing(POLICY_TYPE_COUNT);
		return value_count(list->nitems);
	}
	case E_CASE: {
		int32_t r = case_row(x, e, NULL);
		if (r < 0)
			return missing(e->type);
		value v = eval_value(x, e->args[2 * r + 1]);
		if (v.known && v.type == POLICY_TYPE_NUMBER && type_is_numeric(e->type))
			return finish_number(e, v.u.num); /* "1000" in a column of amounts */
		return v;
	}
	default: {
		tv t = eval_bool(x, e);
		return t == TV_UNKNOWN ? missing(POLICY_TYPE_BOOLEAN) : value_bool(t == TV_TRUE);
	}
	}
}

static tv from_bool(bool b)
{
	return b ? TV_TRUE : TV_FALSE;
}

static tv apply_cmp(cmp_op op, int r)
{
	switch (op) {
	case CMP_GT: return from_bool(r > 0);
	case CMP_GE: return from_bool(r >= 0);
	case CMP_LT: return from_bool(r < 0);
	case CMP_LE: return from_bool(r <= 0);
	case CMP_EQ: return from_bool(r == 0);
	case CMP_NE: return from_bool(r != 0);
	default: return TV_UNKNOWN;
	}
}

/* A plain whole number next to a duration counts the duration's units:
 * "the applicant's age is between 18 and 65". */
static value as_duration_of(const value *n, const value *d)
{
	int64_t k;
	if (d->type == POLICY_TYPE_DURATION && type_is_numeric(n->type) && to_int(n->u.num, &k))
		return value_duration(k, d->u.dur.unit);
	return *n;
}

static tv compare(const value *a0, const value *b0, cmp_op op)
{
	if (!a0->known || !b0->known)
		return TV_UNKNOWN;
	value a1 = as_duration_of(a0, b0), b1 = as_duration_of(b0, a0);
	const value *a = &a1, *b = &b1;
	int r;
	if (!value_cmp(a, b, &r))
		return TV_UNKNOWN;
	return apply_cmp(op, r);
}

/* The items of a set: literal, or a defined set ("the allowed categories"). */
static const expr *set_of(const policy_exec *x, const expr *e)
{
	if (e->op == E_SET)
		return e;
	if (e->op == E_REF && e->step < x->plan->nsteps) {
		const expr *v = x->plan->steps[e->step].value;
		if (v && v->op == E_SET)
			return v;
	}
	return NULL;
}

/* args[0] of an E_ANY/E_ALL read on item k of its list. */
static tv eval_item(policy_exec *x, const expr *e, uint32_t k)
{
	uint32_t saved_step = x->item_step, saved_index = x->item_index;
	bool saved = x->item_active;
	x->item_step = e->step;
	x->item_index = k;
	x->item_active = true;
	tv t = eval_bool(x, e->args[0]);
	x->item_step = saved_step;
	x->item_index = saved_index;
	x->item_active = saved;
	return t;
}

/* A value the policy says may be absent, and is: "Many policies have no
 * address change on record" makes "within 30 days of the last address
 * change date" false for them, not unknown. */
static bool absent_by_policy(const policy_exec *x, const expr *e, unsigned depth)
{
	if (!e || depth > 8)
		return false;
	if (e->op == E_REF) {
		const slot *s = slot_of(x, e->step);
		return e->step < x->plan->nsteps && x->plan->steps[e->step].may_be_absent && s &&
		       s->state == SLOT_DONE && !s->error && !s->is_list && !s->v.known;
	}
	if (e->op == E_ELAPSED || e->op == E_ADD || e->op == E_SUB || e->op == E_MUL ||
	    e->op == E_DIV)
		for (uint32_t i = 0; i < e->nargs; i++)
			if (absent_by_policy(x, e->args[i], depth + 1))
				return true;
	return false;
}

static tv compared(const policy_exec *x, const expr *e, tv t)
{
	if (t != TV_UNKNOWN)
		return t;
	for (uint32_t i = 0; i < e->nargs; i++)
		if (absent_by_policy(x, e->args[i], 0))
			return TV_FALSE;
	return t;
}

static tv eval_comparison(policy_exec *x, const expr *e);

tv eval_bool(policy_exec *x, const expr *e)
{
	if (!e)
		return TV_TRUE;
	switch (e->op) {
	case E_CMP: case E_BETWEEN: case E_IN: case E_WITHIN:
		return compared(x, e, eval_comparison(x, e));
	default:
		break;
	}
	switch (e->op) {
	case E_MISSING: {
		const slot *s = slot_of(x, e->args[0]->step);
		if (!s || s->state != SLOT_DONE)
			return TV_UNKNOWN;
		if (s->error)
			return TV_UNKNOWN; /* failed, not absent: do not guess */
		return from_bool(s->is_list ? s->nitems == 0 : !s->v.known);
	}
	case E_AND: {
		bool unknown = false;
		for (uint32_t i = 0; i < e->nargs; i++) {
			tv t = eval_bool(x, e->args[i]);
			if (t == TV_FALSE)
				return TV_FALSE;
			unknown |= t == TV_UNKNOWN;
		}
		return unknown ? TV_UNKNOWN : TV_TRUE;
	}
	case E_OR: {
		bool unknown = false;
		for (uint32_t i = 0; i < e->nargs; i++) {
			tv t = eval_bool(x, e->args[i]);
			if (t == TV_TRUE)
				return TV_TRUE;
			unknown |= t == TV_UNKNOWN;
		}
		return unknown ? TV_UNKNOWN : TV_FALSE;
	}
	case E_NOT: {
		tv t = eval_bool(x, e->args[0]);
		return t == TV_UNKNOWN ? t : from_bool(t == TV_FALSE);
	}
	case E_ANY:
	case E_ALL: {
		/* Some / every item: three-valued like "or" / "and" over items. */
		const slot *list = slot_of(x, e->step);
		if (!list || list->state != SLOT_DONE || list->error || !list->is_list)
			return TV_UNKNOWN;
		bool any = e->op == E_ANY, unknown = false;
		for (uint32_t k = 0; k < list->nitems; k++) {
			tv t = eval_item(x, e, k);
			if (t == (any ? TV_TRUE : TV_FALSE))
				return t;
			unknown |= t == TV_UNKNOWN;
		}
		return unknown ? TV_UNKNOWN : from_bool(!any);
	}
	default: {
		value v = eval_value(x, e);
		if (!v.known || v.type != POLICY_TYPE_BOOLEAN)
			return TV_UNKNOWN;
		return from_bool(v.u.boolean);
	}
	}
}

static tv eval_comparison(policy_exec *x, const expr *e)
{
	switch (e->op) {
	case E_CMP: {
		value a = eval_value(x, e->args[0]), b = eval_value(x, e->args[1]);
		return compare(&a, &b, e->cmp);
	}
	case E_BETWEEN: {
		value a = eval_value(x, e->args[0]);
		value lo = eval_value(x, e->args[1]), hi = eval_value(x, e->args[2]);
		tv t1 = compare(&a, &lo, CMP_GE), t2 = compare(&a, &hi, CMP_LE);
		if (t1 == TV_FALSE || t2 == TV_FALSE)
			return TV_FALSE;
		return t1 == TV_TRUE && t2 == TV_TRUE ? TV_TRUE : TV_UNKNOWN;
	}
	case E_IN: {
		value a = eval_value(x, e->args[0]);
		const expr *set = set_of(x, e->args[1]);
		if (!a.known || !set)
			return TV_UNKNOWN;
		for (uint32_t i = 0; i < set->nargs; i++)
			if (value_equal(&a, &set->args[i]->val))
				return TV_TRUE;
		return TV_FALSE;
	}
	case E_WITHIN: {
		value a = eval_value(x, e->args[0]), b = eval_value(x, e->args[1]);
		value n = eval_value(x, e->args[2]);
		if (!a.known || !b.known || !n.known || a.type != POLICY_TYPE_DATE ||
		    b.type != POLICY_TYPE_DATE)
			return TV_UNKNOWN;
		int64_t d = elapsed_units(b.u.date, a.u.date, e->unit), limit;
		if (n.type == POLICY_TYPE_DURATION)
			limit = n.u.dur.amount;
		else if (!to_int(n.u.num, &limit))
			return TV_UNKNOWN;
		/* by the calendar: 2 years and 11 months is not within 2 years,
		 * though its whole years are 2 (it once read so) */
		if (e->unit != UNIT_DAYS && limit >= 0 && limit <= 100000)
			return from_bool(a.u.date >= date_plus(b.u.date, -limit, e->unit) &&
			                 a.u.date <= date_plus(b.u.date, limit, e->unit));
		return from_bool(llabs(d) <= limit);
	}
	default:
		return TV_UNKNOWN;
	}
}

/* ---- reasons ---- */

/* "(claim form, page 2, line 7)" from an extract's evidence JSON. */
/* A string member as a note shows it: its bytes when the writer wrote
 * them as they are (no escape, so no NUL either); false when it needs
 * parsing. Absent or not a string: none (NULL). */
static bool note_string(json_span m, json_span *out)
{
	*out = (json_span){ NULL, 0 };
	if (!m.p || *m.p != '"')
		return true;
	if (memchr(m.p, '\\', m.len))
		return false;
	*out = (json_span){ m.p + 1, m.len - 2 };
	return true;
}

/* An integer member as json_get_int(0, INT32_MAX) reads it, or 0; false
 * when only parsing can tell (a sign, a fraction, an exponent). */
static bool note_int(json_span m, int64_t *out)
{
	*out = 0;
	if (!m.p || *m.p == '"' || *m.p == '{' || *m.p == '[' || *m.p == 't' || *m.p == 'f' ||
	    *m.p == 'n')
		return true;
	if (m.len > 9 || (m.len > 1 && *m.p == '0'))
		return false;
	int64_t n = 0;
	for (size_t i = 0; i < m.len; i++) {
		if (m.p[i] < '0' || m.p[i] > '9')
			return false;
		n = n * 10 + (m.p[i] - '0');
	}
	*out = n;
	return true;
}

/* " (claim_form 2 of 3, page 2, line 7)": where a value was read. */
static void put_place(buf *b, const char *doc, size_t len, int64_t index, int64_t count,
                      int64_t page, int64_t line)
{
	buf_puts(b, " (");
	buf_append(b, doc, len);
	if (count > 1) {
		buf_putc(b, ' ');
		buf_put_int(b, index);
		buf_puts(b, " of ");
		buf_put_int(b, count);
	}
	if (page > 1 || line) {
		buf_puts(b, ", page ");
		buf_put_int(b, page ? page : 1);
	}
	if (line) {
		buf_puts(b, ", line ");
		buf_put_int(b, line);
	}
	buf_putc(b, ')');
}

/* evidence_note for evidence as the writer wrote it (every slot's is:
 * compact JSON, see answer.c) without parsing it; false when it cannot
 * tell, having written nothing. */
static bool evidence_note_written(buf *b, const char *evidence)
{
	static const char *const keys[] = { "document", "system", "source", "rationale",
		                            "index", "count", "page", "line" };
	json_span m[8], doc, fact, rationale;
	int64_t index, count, page, line;
	if (!json_written_members(evidence, strlen(evidence), keys, 8, m, NULL) ||
	    !note_string(m[0], &doc) || !note_string(m[1], &fact) || !note_string(m[3], &rationale) ||
	    !note_int(m[4], &index) || !note_int(m[5], &count) || !note_int(m[6], &page) ||
	    !note_int(m[7], &line))
		return false;
	if ((!fact.p || !fact.len) && !note_string(m[2], &fact))
		return false;
	if (doc.p) {
		put_place(b, doc.p, doc.len, index, count, page, line);
	} else if (rationale.p && rationale.len) {
		buf_puts(b, " (model: ");
		buf_append(b, rationale.p, rationale.len);
		buf_putc(b, ')');
	} else if (fact.p) {
		buf_puts(b, " (");
		buf_append(b, fact.p, fact.len);
		buf_putc(b, ')');
	}
	return true;
}

static void evidence_note(policy_exec *x, buf *b, const char *evidence)
{
	if (evidence_note_written(b, evidence))
		return;
	/* parsed into x->lazy (under lazy_lock): emptied with the decision */
	json_value *v;
	json_error je;
	json_limits lim = { 0, 16 };
	bool parsed = json_parse(&x->lazy, evidence, strlen(evidence), &lim, &v, &je);
	if (!parsed && je.nomem)
		b->failed = true; /* not bad evidence: the reason is incomplete */
	if (parsed && v->kind == JSON_OBJECT) {
		const char *doc = json_get_string(v, "document");
		const char *fact = json_get_string(v, "system");
		if (!fact || !*fact)
			fact = json_get_string(v, "source");
		const char *rationale = json_get_string(v, "rationale");
		int64_t index = 0, count = 0, page = 0, line = 0;
		json_get_int(v, "index", 0, INT32_MAX, &index);
		json_get_int(v, "count", 0, INT32_MAX, &count);
		json_get_int(v, "page", 0, INT32_MAX, &page);
		json_get_int(v, "line", 0, INT32_MAX, &line);
		if (doc) {
			put_place(b, doc, strlen(doc), index, count, page, line);
		} else if (rationale && *rationale) {
			buf_printf(b, " (model: %s)", rationale);
		} else if (fact) {
			buf_printf(b, " (%s)", fact);
		}
	}
}

/* Where step i's value came from, as evidence_note says it; made once per
 * step (reasons quote a value's source each time they name it). */
static void put_evidence(policy_exec *x, buf *b, uint32_t i)
{
	slot *s = &x->slots[i];
	if (!s->evidence)
		return;
	if (!s->evidence_note) {
		buf own, *note = lazy_buf(x, &own);
		evidence_note(x, note, s->evidence);
		s->evidence_note = buf_failed(note) ? NULL :
		                   arena_strndup(&x->lazy, note->data ? note->data : "", note->len);
		lazy_buf_done(x, note);
		if (!s->evidence_note) {
			b->failed = true;
			return;
		}
	}
	buf_puts(b, s->evidence_note);
}

static void operand(policy_exec *x, const expr *e, buf *b);

static const char *term_words(policy_exec *x, const expr *e)
{
	if (e->text && *e->text)
		return e->text;
	if (e->op == E_REF && e->step < x->plan->nsteps)
		return x->plan->steps[e->step].label;
	return "the value";
}

static void missing_parts(policy_exec *x, const expr *e, buf *b, bool *first, unsigned depth);

/* " (the table at line 33, row '$417,001 to $1,000,000')": where a table
 * lookup's value came from; nothing if no row holds. */
static void put_case_row(policy_exec *x, const expr *e, buf *b)
{
	int32_t r = case_row(x, e, NULL);
	const char *row = r >= 0 && e->args[2 * r]->text ? e->args[2 * r]->text : "";
	if (r >= 0 && e->table && *e->table)
		buf_printf(b, " (%s, row '%s')", e->table, row);
	else if (r >= 0 && e->args[2 * r]->op == E_CONST) /* a value defined by cases */
		buf_printf(b, " (policy line %u, otherwise)", e->sp.line);
	else if (r >= 0)
		buf_printf(b, " (policy line %u, case %d)", e->sp.line, r + 1);
}

static void put_missing(policy_exec *x, const expr *ref, buf *b)
{
	const slot *s = slot_of(x, ref->step);
	const plan_step *st = &x->plan->steps[ref->step];
	const char *label = st->label ? st->label : st->id;
	bool article = !strncmp(label, "the ", 4) || !strncmp(label, "a ", 2) ||
	               !strncmp(label, "an ", 3) || !strncmp(label, "The ", 4);
	buf_printf(b, "%s%s is missing", article ? "" : "the ", label);
	if (s && s->error) {
		buf_printf(b, " (%s)", s->error);
	} else if (s && s->why_missing) {
		buf_printf(b, " (%s)", s->why_missing);
	} else if (st->kind == POLICY_STEP_COMPUTE && st->value && st->value->op == E_CASE) {
		/* "the maximum line is missing (the table at line 13 gives no ...)" */
		buf_puts(b, " (");
		bool first = true;
		missing_parts(x, st->value, b, &first, 0);
		buf_putc(b, ')');
	}
}

static void operand(policy_exec *x, const expr *e, buf *b)
{
	switch (e->op) {
	case E_CONST:
		render_value(b, e->val);
		buf_puts(b, " (policy ");
		buf_puts(b, x->plan->name);
		buf_putc(b, ' ');
		buf_puts(b, x->plan->version);
		buf_puts(b, ", line ");
		buf_put_uint(b, e->sp.line);
		buf_putc(b, ')');
		return;
	case E_REF: {
		const slot *s = slot_of(x, e->step);
		const plan_step *st = &x->plan->steps[e->step];
		buf_puts(b, term_words(x, e));
		if (s && x->item_active && e->step == x->item_step && s->is_list &&
		    x->item_index < s->nitems) {
			buf_putc(b, ' ');
			render_value(b, s->items[x->item_index]);
			buf_printf(b, " (%s %u of %u)", st->doc ? st->doc : "item", x->item_index + 1,
			           s->nitems);
			return;
		}
		if (!s || !s->v.known || s->error) {
			buf_puts(b, " (missing)");
			return;
		}
		buf_putc(b, ' ');
		render_value(b, s->v);
		if (s->evidence) {
			put_evidence(x, b, e->step);
		} else if (st->kind == POLICY_STEP_COMPUTE && st->value && st->value->op == E_CASE) {
			put_case_row(x, st->value, b);
		} else if (st->kind == POLICY_STEP_COMPUTE && st->value) {
			buf_printf(b, " (%s)", st->value->text ? st->value->text : "computed");
		}
		return;
	}
	case E_ELAPSED: {
		value v = eval_value(x, e);
		if (v.known) {
			render_value(b, v);
		} else {
			buf_puts(b, "the time");
		}
		buf_puts(b, " from ");
		operand(x, e->args[0], b);
		buf_puts(b, " to ");
		operand(x, e->args[1], b);
		return;
	}
	case E_DOC_COUNT: {
		unsigned n = count_documents(x, e->doc, e->doc_key);
		buf_printf(b, "%u %s in the case", n, n == 1 ? "document" : "documents");
		return;
	}
	case E_CASE: {
		/* "the maximum combined LTV 95% (the table at line 33, row '$417,001
		 * to $1,000,000')" */
		value v = eval_value(x, e);
		buf_puts(b, e->text ? e->text : "the value");
		if (v.known) {
			buf_putc(b, ' ');
			render_value(b, v);
		}
		put_case_row(x, e, b);
		return;
	}
	default: {
		value v = eval_value(x, e);
		buf_puts(b, e->text ? e->text : "the value");
		if (v.known) {
			buf_putc(b, ' ');
			render_value(b, v);
		}
		return;
	}
	}
}

/* A comparison phrase as a statement of fact: "must be at least" -> "is at
 * least", "must exceed" -> "exceeds", "should not be below" -> "is not
 * below"; a bare "is" whose comparison came from "or more" ("must be 680
 * or more") says which: "is at least". */
static const char *indicative_phrase(const char *phrase, cmp_op cmp, char *out, size_t size)
{
	static const struct {
		const char *modal;
		bool neg;
	} modals[] = {
		{ "must not ", true },  { "should not ", true }, { "shall not ", true },
		{ "may not ", true },   { "cannot ", true },     { "will not ", true },
		{ "must ", false },     { "should ", false },    { "shall ", false },
		{ "will ", false },     { "needs to ", false },  { "need to ", false },
		{ "has to ", false },   { "have to ", false },   { "is required to ", false },
	};
	const char *rest = phrase;
	bool modal = false, neg = false;
	for (size_t i = 0; i < sizeof modals / sizeof modals[0] && !modal; i++) {
		size_t n = strlen(modals[i].modal);
		if (!strncmp(phrase, modals[i].modal, n) ||
		    (!strncmp(phrase, modals[i].modal, n - 1) && !phrase[n - 1])) {
			modal = true;
			neg = modals[i].neg;
			rest = phrase[n - 1] ? phrase + n : "";
		}
	}
	static const char *const bare[] = { "", "be", "is", "are", "of", "equal", "equals" };
	for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++) {
		if (strcmp(rest, bare[i]))
			continue;
		static const char *const by_cmp[] = { "is more than", "is at least", "is less than",
		                                      "is at most", "is", "is not" };
		/* the comparison holds any "not" of the phrase already */
		return by_cmp[cmp < CMP_COUNT ? cmp : CMP_EQ];
	}
	size_t w = strcspn(rest, " ");
	if (!modal && w > 5 && !strncmp(rest + w - 3, "ing", 3)) {
		/* "loans exceeding $5M": "exceeding" -> "exceeds" */
		const char *ending = strchr("sxhz", rest[w - 4]) ? "es" : "s";
		snprintf(out, size, "%.*s%s%s", (int)w - 3, rest, ending, rest + w);
		return out;
	}
	if (!modal)
		return phrase;
	if (!strncmp(rest, "be ", 3)) {
		snprintf(out, size, "is %s%s", neg ? "not " : "", rest + 3);
		return out;
	}
	if (neg) {
		snprintf(out, size, "does not %s", rest);
		return out;
	}
	/* "exceed ..." -> "exceeds ...", "match" -> "matches" */
	const char *ending = w && strchr("sxhz", rest[w - 1]) ? "es" : "s";
	snprintf(out, size, "%.*s%s%s", (int)w, rest, ending, rest + w);
	return out;
}

/* The comparison phrase made false: "exceeds" -> "does not exceed",
 * "is at least" -> "is not at least". */
static void negated_phrase(const char *phrase, buf *b)
{
	static const char *const cops[] = { "is not ", "are not ", "was not ", "were not ",
	                                    "is no ", "are no ", "was no ", "were no " };
	for (size_t i = 0; i < sizeof cops / sizeof cops[0]; i++) {
		/* "is not less than" -> "is less than", "is no later than" -> "is later than" */
		size_t n = strlen(cops[i]), word = cops[i][n - 2] == 't' ? 4 : 3;
		if (!strncmp(phrase, cops[i], n)) {
			buf_append(b, phrase, n - word);
			buf_puts(b, phrase + n);
			return;
		}
	}
	static const char *const bare[] = { "is", "are", "was", "were" };
	for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++) {
		size_t n = strlen(bare[i]);
		if (!strcmp(phrase, bare[i])) {
			buf_printf(b, "%s not", phrase);
			return;
		}
		if (!strncmp(phrase, bare[i], n) && !strcmp(phrase + n, " not")) {
			buf_puts(b, bare[i]);
			return;
		}
	}
	static const char *const cop[] = { "is ", "are ", "was ", "were ", "must be ",
	                                    "should be " };
	for (size_t i = 0; i < sizeof cop / sizeof cop[0]; i++)
		if (!strncmp(phrase, cop[i], strlen(cop[i]))) {
			buf_printf(b, "%.*snot %s", (int)strlen(cop[i]), phrase, phrase + strlen(cop[i]));
			return;
		}
	if (!strncmp(phrase, "does not ", 9) || !strncmp(phrase, "do not ", 7)) {
		buf_puts(b, phrase + (phrase[1] == 'o' && phrase[2] == 'e' ? 9 : 7));
		buf_putc(b, 's');
		return;
	}
	size_t n = strcspn(phrase, " ");
	if (n > 1 && phrase[n - 1] == 's' && strncmp(phrase, "is", 2)) {
		buf_printf(b, "does not %.*s%s", (int)n - 1, phrase, phrase + n);
		return;
	}
	buf_printf(b, "not %s", phrase);
}

static bool needs_copula(const char *phrase)
{
	static const char *const starts[] = {
		"less", "more", "greater", "fewer", "higher", "lower", "larger", "smaller", "at",
		"below", "above", "under", "over", "on", "before", "after", "between", "within",
		"no", "not", "equal", "in", "one", "none", "up", "earlier", "later", "prior",
		"older", "younger", "longer", "shorter", "a", "the", "exactly", "of",
	};
	size_t n = strcspn(phrase, " ");
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
		if (strlen(starts[i]) == n && !strncmp(phrase, starts[i], n))
			return true;
	return false;
}

typedef struct seen_steps {
	uint32_t step[32];
	unsigned n;
} seen_steps;

/* Each missing value is named once, however many times it is read. */
static bool first_time(seen_steps *seen, uint32_t step)
{
	for (unsigned i = 0; i < seen->n; i++)
		if (seen->step[i] == step)
			return false;
	if (seen->n < 32)
		seen->step[seen->n++] = step;
	return true;
}

static bool is_arithmetic(expr_op op)
{
	return op == E_ADD || op == E_SUB || op == E_MUL || op == E_DIV || op == E_PCT_OF ||
	       op == E_SUM || op == E_MIN || op == E_MAX || op == E_AVG;
}

/* Why arithmetic over values that are all there still has no result: a
 * value that is not a number, or a divisor of zero. */
static void unusable_operands(policy_exec *x, const expr *e, buf *b, bool *first)
{
	for (uint32_t i = 0; i < e->nargs; i++) {
		const expr *a = e->args[i];
		const slot *s = a->op == E_REF ? slot_of(x, a->step) : NULL;
		if (!s || s->error)
			continue;
		const plan_step *st = &x->plan->steps[a->step];
		const char *label = st->label ? st->label : st->id;
		const value *v = s->is_list ? (s->nitems ? &s->items[0] : NULL) : &s->v;
		if (!v || !v->known)
			continue;
		const char *problem = NULL;
		if (!type_is_numeric(v->type) && v->type != POLICY_TYPE_DURATION)
			problem = "read as text, not as a number";
		else if (e->op == E_DIV && i == 1 && type_is_numeric(v->type) &&
		         decimal_is_zero(v->u.num))
			problem = "zero: cannot divide by it";
		if (!problem)
			continue;
		if (!*first)
			buf_puts(b, "; ");
		*first = false;
		buf_printf(b, "the %s \"", label);
		render_value(b, *v);
		buf_printf(b, "\" is %s", problem);
	}
}

static void missing_parts_in(policy_exec *x, const expr *e, buf *b, bool *first,
                             unsigned depth, seen_steps *seen);

/* The keys a table lookup's rows test: the values its first row's
 * conditions compare ("the loan amount $3,000,000.00 (application, line
 * 2)"), joined by "and". */
static void case_keys(policy_exec *x, const expr *e, buf *b)
{
	bool any = false;
	for (uint32_t i = 0; i + 1 < e->nargs && !any; i += 2) {
		const expr *c = e->args[i];
		const expr *const *parts = &c;
		uint32_t n = 1;
		if (c->op == E_AND) {
			parts = (const expr *const *)c->args;
			n = c->nargs;
		}
		for (uint32_t k = 0; k < n; k++) {
			const expr *a = parts[k];
			if ((a->op == E_CMP || a->op == E_BETWEEN || a->op == E_IN) && a->nargs &&
			    a->args[0]->op == E_REF) {
				if (any)
					buf_puts(b, " and ");
				any = true;
				operand(x, a->args[0], b);
			}
		}
	}
	if (!any)
		buf_puts(b, "this case");
}

/* Why a table lookup has no value: a key is missing, no row fits, or the
 * row that fits gives none ("Not eligible"). */
static void case_missing(policy_exec *x, const expr *e, buf *b, bool *first, unsigned depth,
                         seen_steps *seen)
{
	uint32_t at = 0;
	int32_t r = case_row(x, e, &at);
	if (r == CASE_UNKNOWN) {
		missing_parts_in(x, e->args[at], b, first, depth + 1, seen);
		return;
	}
	if (!*first)
		buf_puts(b, "; ");
	*first = false;
	const char *table = e->table && *e->table ? e->table : "the table";
	if (r == CASE_NONE && !(e->table && *e->table)) {
		/* a value defined by cases ("90 days for flexible tickets ...") */
		buf_puts(b, "none of its cases holds for ");
		case_keys(x, e, b);
		return;
	}
	if (r == CASE_NONE) {
		buf_printf(b, "no row of %s fits ", table);
		case_keys(x, e, b);
		return;
	}
	const char *what = e->text ? e->text : "value";
	if (!strncmp(what, "the ", 4))
		what += 4;
	const expr *v = e->args[2 * r + 1];
	buf_printf(b, "%s gives no %s for ", table, what);
	case_keys(x, e, b);
	buf_printf(b, ": its row '%s' says '%s'", e->args[2 * r]->text ? e->args[2 * r]->text : "",
	           v->text ? v->text : "nothing");
}

/* Both sides of a comparison are there and still it has no answer: "2
 * acres" and "500 ft" measure different things. */
static void incomparable(policy_exec *x, const expr *e, buf *b, bool *first)
{
	value l = eval_value(x, e->args[0]), r = eval_value(x, e->args[1]);
	if (!l.known || !r.known)
		return;
	*first = false;
	buf_puts(b, "\"");
	render_value(b, l);
	buf_puts(b, "\" and \"");
	render_value(b, r);
	buf_puts(b, l.measure && r.measure ? "\" measure different things" : "\" do not compare");
}

static void missing_parts_in(policy_exec *x, const expr *e, buf *b, bool *first,
                             unsigned depth, seen_steps *seen)
{
	if (!e || depth > 32)
		return;
	if (e->op == E_CASE) {
		if (!eval_value(x, e).known)
			case_missing(x, e, b, first, depth, seen);
		return;
	}
	if (is_arithmetic(e->op)) {
		bool none = *first;
		for (uint32_t i = 0; i < e->nargs; i++)
			missing_parts_in(x, e->args[i], b, first, depth + 1, seen);
		if (none && *first)
			unusable_operands(x, e, b, first);
		return;
	}
	if (e->op == E_REF) {
		const slot *s = slot_of(x, e->step);
		const plan_step *st = &x->plan->steps[e->step];
		if (s && (!s->v.known || s->error) && !s->is_list && first_time(seen, e->step)) {
			if (st->kind == POLICY_STEP_COMPUTE || st->kind == POLICY_STEP_CHECK) {
				missing_parts_in(x, st->value, b, first, depth + 1, seen);
				missing_parts_in(x, st->guard, b, first, depth + 1, seen);
				return;
			}
			if (!*first)
				buf_puts(b, "; ");
			*first = false;
			put_missing(x, e, b);
		}
		return;
	}
	if (e->op == E_AND || e->op == E_OR || e->op == E_NOT || e->op == E_CMP ||
	    e->op == E_BETWEEN || e->op == E_IN || e->op == E_WITHIN) {
		if (eval_bool(x, e) != TV_UNKNOWN)
			return;
	}
	bool none = *first;
	for (uint32_t i = 0; i < e->nargs; i++)
		missing_parts_in(x, e->args[i], b, first, depth + 1, seen);
	if (none && *first && e->op == E_CMP && e->nargs == 2)
		incomparable(x, e, b, first);
}

static void missing_parts(policy_exec *x, const expr *e, buf *b, bool *first, unsigned depth)
{
	seen_steps seen = { .n = 0 };
	missing_parts_in(x, e, b, first, depth, &seen);
}

/* "the policy was active on the date of loss", denied: "the policy was
 * not active on the date of loss"; without an auxiliary to hang "not" on,
 * "it is not the case that ...". */
static void put_denied(buf *b, const char *clause)
{
	static const char *const aux[] = { " is ", " was ", " are ", " were ", " has ", " have ",
	                                   " had ", " can ", " will ", " does ", " did " };
	const char *best = NULL;
	size_t blen = 0;
	for (size_t i = 0; i < sizeof aux / sizeof aux[0]; i++) {
		const char *at = strstr(clause, aux[i]);
		if (at && (!best || at < best)) {
			best = at;
			blen = strlen(aux[i]);
		}
	}
	if (!best || strstr(best, " not ") == best + blen - 1) {
		buf_printf(b, "it is not the case that %s", clause);
		return;
	}
	buf_append(b, clause, (size_t)(best - clause) + blen);
	buf_puts(b, "not ");
	buf_puts(b, best + blen);
}

static void reason(policy_exec *x, const expr *e, buf *b, unsigned depth);

static void join_reasons(policy_exec *x, const expr *e, tv want, buf *b, unsigned depth)
{
	bool first = true;
	for (uint32_t i = 0; i < e->nargs; i++) {
		if (eval_bool(x, e->args[i]) != want)
			continue;
		if (!first)
			buf_puts(b, ", and ");
		first = false;
		reason(x, e->args[i], b, depth + 1);
	}
}

enum { REASON_MAX_DEPTH = 24 };

/* Why compute step i's value came out as it did, quoted at `depth`. A
 * defined condition ("the policy was active on the date of loss") is
 * quoted in the reason of every rule that reads it, in the same words
 * unless the depth limit cuts it short: so the words are made once and
 * kept with how deep they reach, and quoted again wherever they fit. (Not
 * while one item of a list is being read: the words may name it.) */
static void value_reason(policy_exec *x, uint32_t i, buf *b, unsigned depth)
{
	slot *s = &x->slots[i];
	const expr *v = x->plan->steps[i].value;
	if (x->item_active) {
		reason(x, v, b, depth);
		return;
	}
	if (s->value_reason && depth + s->value_reason_height <= REASON_MAX_DEPTH) {
		buf_puts(b, s->value_reason);
		return;
	}
	size_t start = b->len;
	unsigned outer = x->reason_deepest;
	x->reason_deepest = depth;
	reason(x, v, b, depth);
	unsigned deepest = x->reason_deepest;
	if (outer > x->reason_deepest)
		x->reason_deepest = outer;
	if (!buf_failed(b) && deepest <= REASON_MAX_DEPTH && !s->value_reason) {
		s->value_reason = arena_strndup(&x->lazy, b->data + start, b->len - start);
		s->value_reason_height = (uint8_t)(deepest - depth);
	}
}

static void reason(policy_exec *x, const expr *e, buf *b, unsigned depth)
{
	if (depth > x->reason_deepest)
		x->reason_deepest = depth;
	if (depth > REASON_MAX_DEPTH) {
		buf_puts(b, "...");
		return;
	}
	tv t = eval_bool(x, e);
	if (t == TV_UNKNOWN) {
		bool first = true;
		missing_parts(x, e, b, &first, 0);
		if (first)
			buf_puts(b, "a value could not be determined");
		return;
	}
	switch (e->op) {
	case E_AND:
		if (t == TV_TRUE)
			join_reasons(x, e, TV_TRUE, b, depth);
		else
			for (uint32_t i = 0; i < e->nargs; i++)
				if (eval_bool(x, e->args[i]) == TV_FALSE) {
					reason(x, e->args[i], b, depth + 1);
					break;
				}
		return;
	case E_OR:
		if (t == TV_TRUE) {
			for (uint32_t i = 0; i < e->nargs; i++)
				if (eval_bool(x, e->args[i]) == TV_TRUE) {
					reason(x, e->args[i], b, depth + 1);
					break;
				}
		} else {
			join_reasons(x, e, TV_FALSE, b, depth);
		}
		return;
	case E_NOT:
		reason(x, e->args[0], b, depth + 1);
		return;
	case E_CMP: {
		const expr *l = e->args[0];
		if (l->op == E_REF && x->plan->steps[l->step].llm &&
		    x->plan->steps[l->step].llm->kind == LLM_CLASSIFY) {
			/* "the model classified the claim as water (a pipe burst)" */
			value v = eval_value(x, l);
			buf_printf(b, "the model classified %s as ", l->text ? l->text : "it");
			render_value(b, v);
			if (slot_of(x, l->step))
				put_evidence(x, b, l->step);
			if (t == TV_FALSE) {
				buf_puts(b, ", not ");
				render_value(b, eval_value(x, e->args[1]));
			}
			return;
		}
		if (e->args[0]->op == E_DOC_COUNT && e->text) {
			/* "more than one deposit slip was submitted (2 in the case)" */
			unsigned n = count_documents(x, e->args[0]->doc, e->args[0]->doc_key);
			if (t == TV_FALSE)
				buf_puts(b, "it is not the case that ");
			buf_printf(b, "%s (%u %s in the case)", e->text, n, n == 1 ? "document" : "documents");
			return;
		}
		operand(x, e->args[0], b);
		buf_putc(b, ' ');
		char indicative[160];
		const char *phrase = indicative_phrase(e->text ? e->text : cmp_op_name(e->cmp), e->cmp,
		                                       indicative, sizeof indicative);
		/* "less than" reads "is less than" in a sentence of its own. */
		char with_copula[sizeof indicative + 3];
		if (needs_copula(phrase)) {
			snprintf(with_copula, sizeof with_copula, "is %s", phrase);
			phrase = with_copula;
		}
		if (t == TV_TRUE)
			buf_puts(b, phrase);
		else
			negated_phrase(phrase, b);
		buf_putc(b, ' ');
		operand(x, e->args[1], b);
		return;
	}
	case E_BETWEEN:
		operand(x, e->args[0], b);
		buf_puts(b, t == TV_TRUE ? " is between " : " is not between ");
		operand(x, e->args[1], b);
		buf_puts(b, " and ");
		render_value(b, eval_value(x, e->args[2]));
		return;
	case E_IN: {
		operand(x, e->args[0], b);
		buf_puts(b, t == TV_TRUE ? " is one of " : " is not one of ");
		const expr *set = e->args[1];
		if (set->op == E_REF)
			buf_puts(b, term_words(x, set));
		else
			buf_puts(b, set->text ? set->text : "the listed values");
		return;
	}
	case E_MISSING: {
		const expr *r = e->args[0];
		if (t == TV_TRUE) {
			put_missing(x, r, b);
		} else {
			operand(x, r, b);
			buf_puts(b, " is present");
		}
		return;
	}
	case E_WITHIN:
		operand(x, e->args[0], b);
		buf_puts(b, t == TV_TRUE ? " is within " : " is not within ");
		render_value(b, eval_value(x, e->args[2]));
		buf_puts(b, " of ");
		operand(x, e->args[1], b);
		return;
	case E_ANY:
	case E_ALL: {
		/* the item that decided it: the first true for "any", the first
		 * false for "every"; otherwise all of them agree */
		const slot *list = slot_of(x, e->step);
		tv want = t;
		for (uint32_t k = 0; list && k < list->nitems; k++) {
			if (eval_item(x, e, k) != want)
				continue;
			if ((e->op == E_ANY) == (t == TV_TRUE)) {
				uint32_t saved = x->item_index;
				bool active = x->item_active;
				uint32_t step = x->item_step;
				x->item_step = e->step;
				x->item_index = k;
				x->item_active = true;
				reason(x, e->args[0], b, depth + 1);
				x->item_index = saved;
				x->item_active = active;
				x->item_step = step;
				return;
			}
		}
		buf_printf(b, "%s of the %u %s", (e->op == E_ANY) == (t == TV_TRUE) ? "some" :
		           t == TV_TRUE ? "each" : "none", list ? list->nitems : 0,
		           x->plan->steps[e->step].label);
		buf_puts(b, t == TV_TRUE ? " meets the condition" : " meets it");
		return;
	}
	case E_REF: {
		const plan_step *st = &x->plan->steps[e->step];
		if (st->kind == POLICY_STEP_CHECK || st->kind == POLICY_STEP_REQUIRE) {
			buf_printf(b, "the check \"%s\" (line %u) %s", st->label, st->sp.line,
			           t == TV_TRUE ? "passed" : "failed");
			const char *why = NULL;
			if (t == TV_FALSE && !step_reason(x, e->step, &why))
				b->failed = true;
			if (why)
				buf_printf(b, ": %s", why);
			return;
		}
		if (t == TV_FALSE)
			put_denied(b, st->label ? st->label : term_words(x, e));
		else
			buf_puts(b, st->label ? st->label : term_words(x, e));
		if (st->kind == POLICY_STEP_COMPUTE && st->value) {
			buf_puts(b, " (");
			value_reason(x, e->step, b, depth + 1);
			buf_putc(b, ')');
		} else if (st->kind == POLICY_STEP_EXTRACT || st->kind == POLICY_STEP_LOOKUP) {
			if (slot_of(x, e->step))
				put_evidence(x, b, e->step);
		}
		return;
	}
	default:
		buf_puts(b, e->text ? e->text : "the condition");
		buf_puts(b, t == TV_TRUE ? " holds" : " does not hold");
		return;
	}
}

void eval_reason(policy_exec *x, const expr *e, buf *b)
{
	if (!e) {
		buf_puts(b, "it always applies");
		return;
	}
	reason(x, e, b, 0);
}

/* The prefix and expression of each kind of reason (slot_why). */
static const char *why_prefix(slot_why why)
{
	switch (why) {
	case WHY_UNCOMPUTED: return "cannot be computed: ";
	case WHY_NOT_APPLIES: return "does not apply: ";
	case WHY_UNSURE: return "cannot tell whether it applies: ";
	default: return "";
	}
}

bool step_reason(policy_exec *x, uint32_t i, const char **out)
{
	slot *sl = &x->slots[i];
	*out = sl->reason;
	if (sl->reason || sl->why == WHY_NONE)
		return true;
	const plan_step *s = &x->plan->steps[i];
	/* count_documents says it ran out of memory in x->nomem */
	bool short_before = __atomic_load_n(&x->nomem, __ATOMIC_RELAXED);
	buf own, *b = lazy_buf(x, &own);
	buf_puts(b, why_prefix(sl->why));
	switch (sl->why) {
	case WHY_VALUE:
	case WHY_UNCOMPUTED:
		if (s->kind == POLICY_STEP_COMPUTE && s->value)
			value_reason(x, i, b, 0);
		else
			eval_reason(x, s->value, b);
		break;
	case WHY_REQUIRE:
		buf_printf(b, "%u %s in the case; %u required",
		           count_documents(x, s->doc, s->doc_key), s->doc, s->min_count);
		break;
	default:
		eval_reason(x, s->guard, b);
		break;
	}
	if (!short_before && __atomic_load_n(&x->nomem, __ATOMIC_RELAXED))
		b->failed = true;
	char *r = buf_failed(b) ? NULL : arena_strndup(&x->lazy, b->data ? b->data : "", b->len);
	lazy_buf_done(x, b);
	sl->reason = r;
	*out = r;
	return r != NULL;
}
