/*
 * Plans in words: the canonical English of expressions and steps.
 *
 * The policy says "must not exceed", "in excess of", "is greater than" or
 * "over"; the plan holds one operator, and this file says it one way:
 *
 *   gt  exceeds        ge  is at least       lt  is below
 *   le  is at most     eq  is                ne  is not
 *   (of dates: is after, is on or after, is before, is on or before)
 *   between: is between A and B    in: is one of A, B or C
 *   within: is within N days of B  missing: is missing
 *   and, or (a mixed group in parentheses), not (X)
 *   + plus  - minus  * times  / divided by  P of B  the sum of ...
 *   case: the maximum LTV from the table at line 9 (95% if the credit score
 *         is at least 740; ...; otherwise none)
 *
 * Terms are named by their labels ("the net worth"), values are shown as
 * the trail shows them ("$250,000.00", "80%"). Nothing is copied from the
 * sentence as written, so the restatement can disagree with the sentence:
 * that is the point. If "Place an order that fails the credit check on
 * hold" was read as an action with no condition, its restatement says "in
 * every case".
 *
 * Checks read as requirements: "require the credit score to be at least
 * 660", and a reference to a check as "requirement 2.1 (line 19) is met".
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/decimal.h"
#include "plan/llm.h"
#include "plan/render.h"

#define MAX_DEPTH 48
/* A check named inside a condition is told apart by what it requires,
 * rendered at this depth, so the checks named inside that are not (the
 * restatement of a plan stays as long as its JSON, never exponential). */
#define EXPAND_DEPTH (MAX_DEPTH - 16)

void render_value(buf *b, value v)
{
	char tmp[VALUE_DISPLAY_MAX];
	if (v.known && (v.type == POLICY_TYPE_RATIO || v.type == POLICY_TYPE_PERCENT)) {
		decimal d = v.u.num;
		if (v.type == POLICY_TYPE_PERCENT) {
			decimal_mul(d, decimal_from_int(100), &d);
			d = decimal_normalize(decimal_round(d, 2));
			char num[DECIMAL_FORMAT_MAX];
			decimal_format(d, 0, num);
			buf_printf(b, "%s%%", num);
			return;
		}
		d = decimal_normalize(decimal_round(d, 4));
		v.u.num = d;
	}
	buf_puts(b, value_display(&v, tmp, sizeof tmp));
}

/* ---- names ---- */

static bool has_article(const char *s)
{
	static const char *const articles[] = { "the ", "a ", "an ", "this ", "its ", "their ",
	                                        "each ", "every ", "any " };
	for (size_t i = 0; i < sizeof articles / sizeof articles[0]; i++)
		if (!strncasecmp(s, articles[i], strlen(articles[i])))
			return true;
	return false;
}

/* Words as they go mid-sentence: "Deny the claim" -> "deny the claim",
 * but "FICO score" and "I-9 form" keep their capitals. */
static void put_lowered(buf *b, const char *s)
{
	if (s[0] >= 'A' && s[0] <= 'Z' && (s[1] == ' ' || (s[1] >= 'a' && s[1] <= 'z'))) {
		buf_putc(b, (char)(s[0] - 'A' + 'a'));
		s++;
	}
	buf_puts(b, s);
}

static const char *label_of(const plan_step *s)
{
	return s->label && *s->label ? s->label : s->id;
}

/* "the net worth" */
static void put_name(buf *b, const char *label)
{
	if (!has_article(label))
		buf_puts(b, "the ");
	put_lowered(b, label);
}

/* A term defined by a condition ("the policy was active on the date of
 * loss") or judged by the model is a statement, not a noun. */
static bool is_statement(const plan_step *s)
{
	if (s->kind == POLICY_STEP_COMPUTE)
		return s->type == POLICY_TYPE_BOOLEAN && !(s->value && s->value->op == E_SET);
	if (s->kind == POLICY_STEP_EXTRACT || s->kind == POLICY_STEP_LOOKUP)
		return s->type == POLICY_TYPE_BOOLEAN; /* "whether the applicant uses tobacco" */
	return s->kind == POLICY_STEP_LLM && s->llm && s->llm->kind == LLM_JUDGE;
}

static bool is_check(const plan_step *s)
{
	return s->kind == POLICY_STEP_CHECK || s->kind == POLICY_STEP_REQUIRE;
}

static void check_condition(buf *b, const render_ctx *r, const plan_step *s, unsigned depth);

/* "2.1 (line 19)" or "on line 19"; where the sentence made several checks,
 * which one: "on line 7 (at least 3 independent appraisals)". */
static void put_check(buf *b, const render_ctx *r, uint32_t step, unsigned depth)
{
	const char *clause = r->clause_of ? r->clause_of[step] : NULL;
	const plan_step *s = &r->p->steps[step];
	if (clause)
		buf_printf(b, "%s (line %u)", clause, s->sp.line);
	else
		buf_printf(b, "on line %u", s->sp.line);
	if (r->shared && r->shared[step] && depth < EXPAND_DEPTH) {
		buf_puts(b, " (");
		check_condition(b, r, s, EXPAND_DEPTH);
		buf_putc(b, ')');
	}
}

/* ---- comparison phrases ---- */

typedef enum form {
	F_IS,      /* "is at least", "exceeds" */
	F_NOT,     /* "is not at least", "does not exceed" */
	F_TO,      /* "to be at least", "to exceed" */
	F_NOT_TO   /* "not to be at least", "not to exceed" */
} form;

static form negate(form f)
{
	static const form neg[] = { [F_IS] = F_NOT, [F_NOT] = F_IS, [F_TO] = F_NOT_TO,
	                            [F_NOT_TO] = F_TO };
	return neg[f];
}

/* A copula and its complement ("is" + "at least"), or a verb ("exceed"). */
static void put_verb(buf *b, bool copula, const char *words, form f)
{
	if (f == F_NOT_TO)
		buf_puts(b, "not ");
	if (copula) {
		buf_puts(b, f == F_IS ? "is" : f == F_NOT ? "is not" : "to be");
		if (*words)
			buf_printf(b, " %s", words);
		return;
	}
	switch (f) {
	case F_IS: buf_printf(b, "%ss", words); break;
	case F_NOT: buf_printf(b, "does not %s", words); break;
	default: buf_printf(b, "to %s", words); break;
	}
}

/* The fixed phrase of a comparison; `ne` is "is" negated. */
static void cmp_phrase(buf *b, cmp_op op, policy_type subject, form f)
{
	static const struct {
		bool copula;
		const char *words;
	} numbers[] = {
		[CMP_GT] = { false, "exceed" }, [CMP_GE] = { true, "at least" },
		[CMP_LT] = { true, "below" },   [CMP_LE] = { true, "at most" },
		[CMP_EQ] = { true, "" },        [CMP_NE] = { true, "" },
	}, dates[] = {
		[CMP_GT] = { true, "after" },   [CMP_GE] = { true, "on or after" },
		[CMP_LT] = { true, "before" },  [CMP_LE] = { true, "on or before" },
		[CMP_EQ] = { true, "" },        [CMP_NE] = { true, "" },
	};
	if ((unsigned)op >= CMP_COUNT)
		op = CMP_EQ;
	if (op == CMP_NE)
		f = negate(f);
	const bool date = subject == POLICY_TYPE_DATE;
	put_verb(b, date ? dates[op].copula : numbers[op].copula,
	         date ? dates[op].words : numbers[op].words, f);
}

/* ---- expressions ---- */

static void value_of(buf *b, const render_ctx *r, const expr *e, unsigned depth);
static void cond_of(buf *b, const render_ctx *r, const expr *e, unsigned depth);

static bool is_atom(const expr *e)
{
	return e->nargs >= 1 && (e->op == E_CMP || e->op == E_BETWEEN || e->op == E_IN ||
	                         e->op == E_WITHIN || e->op == E_MISSING);
}

static bool is_arith(const expr *e)
{
	return e->op == E_ADD || e->op == E_SUB || e->op == E_MUL || e->op == E_DIV ||
	       e->op == E_PCT_OF;
}

/* "A, B or C" */
static void put_list(buf *b, const render_ctx *r, expr *const *items, uint32_t n,
                     const char *conj, unsigned depth)
{
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			buf_puts(b, i + 1 == n ? conj : ", ");
		value_of(b, r, items[i], depth + 1);
	}
}

/* The subject, the phrase in form f, the rest: "the credit score is at
 * least 660". */
static void atom(buf *b, const render_ctx *r, const expr *e, form f, unsigned depth)
{
	value_of(b, r, e->args[0], depth + 1);
	buf_putc(b, ' ');
	switch (e->op) {
	case E_CMP:
		cmp_phrase(b, e->cmp, e->args[0]->type, f);
		if (e->nargs > 1) {
			buf_putc(b, ' ');
			value_of(b, r, e->args[1], depth + 1);
		}
		return;
	case E_BETWEEN:
		put_verb(b, true, "between", f);
		if (e->nargs > 2) {
			buf_putc(b, ' ');
			value_of(b, r, e->args[1], depth + 1);
			buf_puts(b, " and ");
			value_of(b, r, e->args[2], depth + 1);
		}
		return;
	case E_IN:
		put_verb(b, true, "one of", f);
		if (e->nargs > 1) {
			buf_putc(b, ' ');
			value_of(b, r, e->args[1], depth + 1);
		}
		return;
	case E_WITHIN:
		put_verb(b, true, "within", f);
		if (e->nargs > 2) {
			buf_putc(b, ' ');
			value_of(b, r, e->args[2], depth + 1);
			buf_puts(b, " of ");
			value_of(b, r, e->args[1], depth + 1);
		}
		return;
	default:
		put_verb(b, true, "missing", f);
		return;
	}
}

/* "for some bank statement", "for every item of the balances" */
static void quantifier(buf *b, const render_ctx *r, const expr *e, unsigned depth)
{
	const plan_step *list = &r->p->steps[e->step];
	buf_puts(b, e->op == E_ANY ? "for some " : "for every ");
	if (list->doc) {
		put_lowered(b, list->doc);
	} else {
		buf_puts(b, "item of ");
		put_name(b, label_of(list));
	}
	buf_puts(b, ", ");
	if (e->nargs)
		cond_of(b, r, e->args[0], depth + 1);
}

/* Whether every operand is a reference to a check (negated when `not`). */
static bool all_checks(const render_ctx *r, const expr *e, bool not)
{
	for (uint32_t i = 0; i < e->nargs; i++) {
		const expr *a = e->args[i];
		if (not)
			a = a->op == E_NOT && a->nargs == 1 ? a->args[0] : NULL;
		if (!a || a->op != E_REF || !is_check(&r->p->steps[a->step]))
			return false;
	}
	return e->nargs > 0;
}

/* "requirement 2.1 (line 19) or 2.2 (line 21) is not met", "requirements
 * on line 7 and on line 8 are met": `any` joins them with "or". */
static void checks(buf *b, const render_ctx *r, const expr *e, bool not, bool any,
                   unsigned depth)
{
	bool many = e->nargs > 1 && !any;
	buf_puts(b, many ? "requirements " : "requirement ");
	/* by line alone when nothing else tells them apart: "on lines 9, 10
	 * and 11" */
	bool plain = e->nargs > 1;
	for (uint32_t i = 0; i < e->nargs && plain; i++) {
		const expr *a = e->args[i]->op == E_NOT ? e->args[i]->args[0] : e->args[i];
		plain = !(r->clause_of && r->clause_of[a->step]) && !(r->shared && r->shared[a->step]);
	}
	if (plain)
		buf_puts(b, "on lines ");
	for (uint32_t i = 0; i < e->nargs; i++) {
		const expr *a = e->args[i];
		if (a->op == E_NOT)
			a = a->args[0];
		if (i)
			buf_puts(b, i + 1 < e->nargs ? ", " : any ? " or " : " and ");
		if (plain)
			buf_printf(b, "%u", r->p->steps[a->step].sp.line);
		else
			put_check(b, r, a->step, depth);
	}
	buf_puts(b, many ? (not ? " are not met" : " are met") : (not ? " is not met" : " is met"));
}

static void cond_of(buf *b, const render_ctx *r, const expr *e, unsigned depth)
{
	if (!e) {
		buf_puts(b, "always");
		return;
	}
	if (depth > MAX_DEPTH) {
		buf_puts(b, "...");
		return;
	}
	if (is_atom(e)) {
		atom(b, r, e, F_IS, depth);
		return;
	}
	switch (e->op) {
	case E_AND:
	case E_OR:
		if (all_checks(r, e, false) || all_checks(r, e, true)) {
			checks(b, r, e, !all_checks(r, e, false), e->op == E_OR, depth);
			return;
		}
		for (uint32_t i = 0; i < e->nargs; i++) {
			const expr *a = e->args[i];
			bool group = (a->op == E_AND || a->op == E_OR) && a->op != e->op;
			if (i)
				buf_puts(b, e->op == E_AND ? " and " : " or ");
			if (group)
				buf_putc(b, '(');
			cond_of(b, r, a, depth + 1);
			if (group)
				buf_putc(b, ')');
		}
		return;
	case E_NOT: {
		const expr *a = e->nargs ? e->args[0] : NULL;
		if (a && is_atom(a)) {
			atom(b, r, a, F_NOT, depth + 1);
		} else if (a && a->op == E_REF && is_check(&r->p->steps[a->step])) {
			buf_puts(b, "requirement ");
			put_check(b, r, a->step, depth);
			buf_puts(b, " is not met");
		} else if (a && (a->op == E_AND || a->op == E_OR) &&
		           (all_checks(r, a, false) || all_checks(r, a, true))) {
			/* "not all met": one of them is not; "not (one is not met)":
			 * all are (De Morgan holds for unknowns too) */
			checks(b, r, a, all_checks(r, a, false), a->op == E_AND, depth);
		} else {
			buf_puts(b, "not (");
			cond_of(b, r, a, depth + 1);
			buf_putc(b, ')');
		}
		return;
	}
	case E_REF: {
		const plan_step *s = &r->p->steps[e->step];
		if (is_check(s)) {
			buf_puts(b, "requirement ");
			put_check(b, r, e->step, depth);
			buf_puts(b, " is met");
		} else if (is_statement(s)) {
			put_lowered(b, label_of(s));
		} else {
			put_name(b, label_of(s));
			buf_puts(b, " is yes");
		}
		return;
	}
	case E_ANY:
	case E_ALL:
		quantifier(b, r, e, depth);
		return;
	case E_CASE:
		value_of(b, r, e, depth);
		buf_puts(b, " is yes"); /* a column of yes and no */
		return;
	case E_CONST:
		if (e->val.type == POLICY_TYPE_BOOLEAN && e->val.known) {
			buf_puts(b, e->val.u.boolean ? "always" : "never");
			return;
		}
		break;
	default:
		break;
	}
	value_of(b, r, e, depth);
}

/* An operand of arithmetic: a nested operation in parentheses. */
static void operand(buf *b, const render_ctx *r, const expr *e, unsigned depth)
{
	bool group = is_arith(e);
	if (group)
		buf_putc(b, '(');
	value_of(b, r, e, depth + 1);
	if (group)
		buf_putc(b, ')');
}

/* "the balance of each bank statement" for a list, or the value. */
static void each_of(buf *b, const render_ctx *r, const expr *e, unsigned depth)
{
	if (e->op == E_REF && r->p->steps[e->step].each && r->p->steps[e->step].doc) {
		const plan_step *s = &r->p->steps[e->step];
		put_name(b, label_of(s));
		buf_puts(b, " of each ");
		put_lowered(b, s->doc);
		return;
	}
	value_of(b, r, e, depth + 1);
}

/* A table lookup, row by row: "the maximum combined LTV from the table at
 * line 9 (100% if the loan amount is between $0.00 and $417,000.00; 95% if
 * ...; otherwise none)". */
static void table_lookup(buf *b, const render_ctx *r, const expr *e, unsigned depth)
{
	bool table = e->table && *e->table; /* else a value defined by cases */
	if (table) {
		buf_puts(b, e->text ? e->text : "the value");
		buf_printf(b, " from %s (", e->table);
	}
	bool every = false;
	for (uint32_t i = 0; i + 1 < e->nargs; i += 2) {
		const expr *c = e->args[i], *v = e->args[i + 1];
		if (i)
			buf_puts(b, "; ");
		if (v->op == E_CONST && !v->val.known)
			buf_puts(b, "no value");
		else
			value_of(b, r, v, depth + 1);
		every = c->op == E_CONST && c->val.known && c->val.type == POLICY_TYPE_BOOLEAN &&
		        c->val.u.boolean;
		if (every) {
			buf_puts(b, i ? " in every other case" : " in every case");
		} else {
			buf_puts(b, " if ");
			cond_of(b, r, c, depth + 1);
		}
	}
	if (table)
		buf_puts(b, every ? ")" : "; otherwise none)");
	else if (!every)
		buf_puts(b, "; otherwise none");
}

static void value_of(buf *b, const render_ctx *r, const expr *e, unsigned depth)
{
	if (!e) {
		buf_puts(b, "nothing");
		return;
	}
	if (depth > MAX_DEPTH) {
		buf_puts(b, "...");
		return;
	}
	static const char *const binary[] = { [E_ADD] = " plus ", [E_SUB] = " minus ",
	                                      [E_MUL] = " times ", [E_DIV] = " divided by ",
	                                      [E_PCT_OF] = " of " };
	switch (e->op) {
	case E_REF: {
		const plan_step *s = &r->p->steps[e->step];
		if (is_statement(s) || is_check(s))
			cond_of(b, r, e, depth);
		else
			put_name(b, label_of(s));
		return;
	}
	case E_CONST:
		render_value(b, e->val);
		return;
	case E_SET:
		put_list(b, r, e->args, e->nargs, " or ", depth);
		return;
	case E_ADD: case E_SUB: case E_MUL: case E_DIV: case E_PCT_OF:
		if (e->nargs != 2)
			break;
		operand(b, r, e->args[0], depth);
		buf_puts(b, binary[e->op]);
		operand(b, r, e->args[1], depth);
		return;
	case E_SUM:
	case E_AVG:
		buf_puts(b, e->op == E_SUM ? "the sum of " : "the average of ");
		if (e->nargs == 1)
			each_of(b, r, e->args[0], depth);
		else
			put_list(b, r, e->args, e->nargs, " and ", depth);
		return;
	case E_MIN:
	case E_MAX:
		buf_puts(b, e->op == E_MIN ? (e->nargs > 2 ? "the least of " : "the lesser of ")
		                           : (e->nargs > 2 ? "the greatest of " : "the greater of "));
		put_list(b, r, e->args, e->nargs, " and ", depth);
		return;
	case E_ELAPSED:
		if (e->nargs != 2)
			break;
		buf_printf(b, "the number of whole %s from ", duration_unit_name(e->unit, true));
		value_of(b, r, e->args[0], depth + 1);
		buf_puts(b, " to ");
		value_of(b, r, e->args[1], depth + 1);
		return;
	case E_DOC_COUNT:
		buf_puts(b, "the number of documents of type \"");
		buf_puts(b, e->doc ? e->doc : "");
		buf_putc(b, '"');
		return;
	case E_LIST_COUNT:
		if (e->nargs != 1)
			break;
		buf_puts(b, "the number of ");
		if (e->args[0]->op == E_REF && r->p->steps[e->args[0]->step].each &&
		    r->p->steps[e->args[0]->step].doc) {
			const plan_step *s = &r->p->steps[e->args[0]->step];
			put_lowered(b, s->doc);
			buf_puts(b, " documents with ");
			put_name(b, label_of(s));
		} else {
			value_of(b, r, e->args[0], depth + 1);
		}
		return;
	case E_ROUND: {
		if (e->nargs != 3)
			break;
		int64_t places = 0;
		const expr *digits = e->args[1], *how = e->args[2];
		bool whole = digits->op == E_CONST && digits->val.known &&
		             type_is_numeric(digits->val.type) &&
		             decimal_to_int64(digits->val.u.num, &places);
		const char *mode = how->op == E_CONST && how->val.known &&
		                   (how->val.type == POLICY_TYPE_TEXT ||
		                    how->val.type == POLICY_TYPE_ENUM) ? how->val.u.text.s : "nearest";
		operand(b, r, e->args[0], depth);
		buf_puts(b, !strcmp(mode, "down") ? ", rounded down" :
		            !strcmp(mode, "up") ? ", rounded up" : ", rounded");
		if (!whole)
			buf_puts(b, " to the places given");
		else if (places > 0)
			buf_printf(b, " to %lld decimal place%s", (long long)places, places == 1 ? "" : "s");
		else if (places == 0)
			buf_puts(b, " to a whole number");
		else {
			buf_puts(b, " to a multiple of 1");
			for (int64_t k = 0; k < -places && k < 30; k++)
				buf_putc(b, '0');
		}
		return;
	}
	case E_CASE:
		table_lookup(b, r, e, depth);
		return;
	default:
		break;
	}
	if (e->type == POLICY_TYPE_BOOLEAN || e->op == E_AND || e->op == E_OR || e->op == E_NOT ||
	    is_atom(e) || e->op == E_ANY || e->op == E_ALL) {
		cond_of(b, r, e, depth);
		return;
	}
	buf_printf(b, "(%s)", expr_op_name(e->op));
}

void render_expr(buf *b, const render_ctx *r, const expr *e)
{
	if (e && (e->type == POLICY_TYPE_BOOLEAN || is_atom(e)))
		cond_of(b, r, e, 0);
	else
		value_of(b, r, e, 0);
}

/* ---- steps ---- */

static void when(buf *b, const render_ctx *r, const expr *guard)
{
	if (!guard)
		return;
	buf_puts(b, " when ");
	cond_of(b, r, guard, 1);
}

static void put_strings(buf *b, const char *const *items, uint32_t n, const char *conj)
{
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			buf_puts(b, i + 1 == n ? conj : ", ");
		buf_puts(b, items[i]);
	}
}

static void model_step(buf *b, const render_ctx *r, const plan_step *s)
{
	const llm_spec *l = s->llm;
	if (!l) {
		buf_puts(b, "ask the model");
		return;
	}
	switch (l->kind) {
	case LLM_JUDGE:
		buf_puts(b, "ask the model whether ");
		put_lowered(b, l->question ? l->question : label_of(s));
		break;
	case LLM_CLASSIFY:
		buf_puts(b, "ask the model for ");
		put_name(b, label_of(s));
		buf_puts(b, ": one of ");
		put_strings(b, l->choices, l->nchoices, " or ");
		break;
	default:
		buf_puts(b, "ask the model for ");
		put_name(b, label_of(s));
		break;
	}
	if (l->ndocuments) {
		buf_puts(b, ", reading the ");
		put_strings(b, l->documents, l->ndocuments, " and the ");
	}
	if (s->nkeys) {
		buf_puts(b, ", given ");
		put_list(b, r, s->keys, s->nkeys, " and ", 0);
	}
	when(b, r, s->guard);
}

/* What a check requires, as a statement: "the credit score is at least
 * 660", "at least 3 independent appraisals". */
static void check_condition(buf *b, const render_ctx *r, const plan_step *s, unsigned depth)
{
	if (s->kind == POLICY_STEP_REQUIRE) {
		buf_printf(b, "at least %u ", s->min_count);
		put_lowered(b, s->doc ? s->doc : "document");
	} else {
		cond_of(b, r, s->value, depth);
	}
}

void render_step(buf *b, const render_ctx *r, const plan_step *s)
{
	switch (s->kind) {
	case POLICY_STEP_EXTRACT:
		if (!s->doc && !s->each) {
			/* an input no sentence sources (compile/inputs.c) */
			buf_puts(b, "read ");
			put_name(b, label_of(s));
			buf_printf(b, " (%s) from the case's facts or any document",
			           s->type ? policy_type_name(s->type) : "value");
			if (s->may_be_absent)
				buf_puts(b, "; it may be absent");
			return;
		}
		buf_puts(b, "extract ");
		if (is_statement(s)) {
			buf_puts(b, "whether ");
			put_lowered(b, label_of(s));
		} else {
			put_name(b, label_of(s));
		}
		buf_printf(b, " (%s) from %s ", s->type ? policy_type_name(s->type) : "value",
		           s->each ? "each" : "the");
		put_lowered(b, s->doc ? s->doc : "document");
		if (s->llm_fallback)
			buf_puts(b, ", asking the model when the form has none");
		if (s->may_be_absent)
			buf_puts(b, "; it may be absent");
		return;
	case POLICY_STEP_LOOKUP:
		buf_puts(b, "look up ");
		if (is_statement(s)) {
			buf_puts(b, "whether ");
			put_lowered(b, label_of(s));
		} else {
			put_name(b, label_of(s));
		}
		buf_printf(b, " (%s) in the ", s->type ? policy_type_name(s->type) : "value");
		put_lowered(b, s->system ? s->system : "system");
		if (s->nkeys) {
			buf_puts(b, " for ");
			put_list(b, r, s->keys, s->nkeys, " and ", 0);
		}
		if (s->may_be_absent)
			buf_puts(b, "; it may be absent");
		return;
	case POLICY_STEP_COMPUTE:
		if (s->value && s->value->op == E_SET) {
			put_name(b, label_of(s));
			buf_puts(b, " are ");
			put_list(b, r, s->value->args, s->value->nargs, " and ", 0);
		} else if (is_statement(s)) {
			put_lowered(b, label_of(s));
			buf_puts(b, " when ");
			cond_of(b, r, s->value, 1);
		} else {
			put_name(b, label_of(s));
			buf_puts(b, " is ");
			value_of(b, r, s->value, 1);
		}
		when(b, r, s->guard);
		return;
	case POLICY_STEP_CHECK: {
		const expr *c = s->value;
		buf_puts(b, "require ");
		if (c && is_atom(c)) {
			atom(b, r, c, F_TO, 1);
		} else if (c && c->op == E_NOT && c->nargs == 1 && is_atom(c->args[0])) {
			atom(b, r, c->args[0], F_NOT_TO, 2);
		} else {
			buf_puts(b, "that ");
			cond_of(b, r, c, 1);
		}
		when(b, r, s->guard);
		buf_puts(b, " (requirement)");
		return;
	}
	case POLICY_STEP_REQUIRE:
		buf_printf(b, "require at least %u ", s->min_count);
		put_lowered(b, s->doc ? s->doc : "document");
		when(b, r, s->guard);
		buf_puts(b, " (requirement)");
		return;
	case POLICY_STEP_ACTION:
		put_lowered(b, label_of(s));
		if (s->guard)
			when(b, r, s->guard);
		else
			buf_puts(b, " in every case");
		return;
	case POLICY_STEP_LLM:
		model_step(b, r, s);
		return;
	case POLICY_STEP_GUARDRAIL: {
		const guardrail_spec *g = s->guardrail;
		buf_printf(b, "never %s %s", g && g->verb ? g->verb : "act",
		           g && g->object ? g->object : "");
		if (s->value) {
			buf_puts(b, " when ");
			cond_of(b, r, s->value, 1);
		}
		if (s->guard) {
			buf_puts(b, " (applies when ");
			cond_of(b, r, s->guard, 1);
			buf_putc(b, ')');
		}
		if (g && g->alternative) {
			buf_puts(b, "; instead, ");
			put_lowered(b, g->alternative);
		}
		buf_puts(b, " (guardrail)");
		return;
	}
	}
}
