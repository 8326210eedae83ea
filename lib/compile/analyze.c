/*
 * The analyzer: types, unit checks and warnings.
 *
 * Each term begins with the type its name suggests (terms.c). Expressions
 * then say more: a term compared with $50,000 is money, one compared with
 * a date is a date, one found in a set of words is text, the ratio of two
 * amounts is a ratio. Inference walks every expression until nothing
 * changes (a handful of rounds: each round can only strengthen a type).
 *
 * Then every comparison and computation is checked: money compares with
 * money (and plain numbers), dates with dates, percentages and ratios with
 * each other. A mismatch is reported where it happens, in words:
 * "cannot compare a date with an amount".
 *
 * Finally, warnings: a value extracted, looked up or defined but never
 * used.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "compile/analyze.h"

typedef struct infer {
	compiler *c;
	bool changed;
	bool report;
	bool numbers; /* last resort: untyped operands of arithmetic are numbers */
} infer;

/* Two types that may be compared or combined. Plain numbers go with every
 * numeric type (a bare "680" or "15" is whatever the other side is). */
static bool compatible(policy_type a, policy_type b)
{
	if (a == POLICY_TYPE_NONE || b == POLICY_TYPE_NONE || a == b)
		return true;
	/* "the age is between 18 and 65": a plain number counts the units */
	if (a == POLICY_TYPE_DURATION || b == POLICY_TYPE_DURATION)
		return a == POLICY_TYPE_NUMBER || b == POLICY_TYPE_NUMBER || a == POLICY_TYPE_COUNT ||
		       b == POLICY_TYPE_COUNT;
	if (a == POLICY_TYPE_NUMBER || b == POLICY_TYPE_NUMBER)
		return type_is_numeric(a) && type_is_numeric(b);
	if (a == POLICY_TYPE_COUNT || b == POLICY_TYPE_COUNT)
		return type_is_numeric(a) && type_is_numeric(b) &&
		       a != POLICY_TYPE_MONEY && b != POLICY_TYPE_MONEY;
	bool ap = a == POLICY_TYPE_PERCENT || a == POLICY_TYPE_RATIO;
	bool bp = b == POLICY_TYPE_PERCENT || b == POLICY_TYPE_RATIO;
	if (ap && bp)
		return true;
	bool at = a == POLICY_TYPE_TEXT || a == POLICY_TYPE_ENUM;
	bool bt = b == POLICY_TYPE_TEXT || b == POLICY_TYPE_ENUM;
	return at && bt;
}

/* Give a term a type learned from use. */
static void learn(infer *in, const expr *ref, policy_type t, span where)
{
	if (!ref || ref->op != E_REF || t == POLICY_TYPE_NONE)
		return;
	def *d = &in->c->defs[ref->step];
	if (d->kind == POLICY_STEP_CHECK || d->kind == POLICY_STEP_REQUIRE ||
	    d->kind == POLICY_STEP_ACTION)
		return;
	if (d->type == t)
		return;
	if (d->strength >= TYPE_USE && d->type != POLICY_TYPE_NONE)
		return; /* conflicts are reported by the checks */
	if (d->strength == TYPE_NAME && compatible(d->type, t) && t == POLICY_TYPE_NUMBER)
		return; /* "680" does not make a money term a number */
	if (d->strength == TYPE_NAME && d->type == POLICY_TYPE_DURATION && t == POLICY_TYPE_NUMBER)
		return;
	/* "the days pending exceed 30 days": a number of days stays a number,
	 * which counts the duration's units ("Days Pending: 31") */
	if (d->strength == TYPE_NAME && (d->type == POLICY_TYPE_NUMBER || d->type == POLICY_TYPE_COUNT) &&
	    t == POLICY_TYPE_DURATION)
		return;
	/* A name that says date ("date of loss") or money ("claimed amount")
	 * is not turned into the other by a comparison: that comparison is the
	 * error, and it is reported. */
	if (d->strength == TYPE_NAME && ((d->type == POLICY_TYPE_DATE) != (t == POLICY_TYPE_DATE)) &&
	    (d->type == POLICY_TYPE_DATE || d->type == POLICY_TYPE_MONEY))
		return;
	if (d->strength == TYPE_NAME && d->type == POLICY_TYPE_MONEY &&
	    (t == POLICY_TYPE_PERCENT || t == POLICY_TYPE_RATIO) && d->kind == POLICY_STEP_COMPUTE)
		return;
	d->type = t;
	d->strength = TYPE_USE;
	d->type_sp = where;
	in->changed = true;
}

static policy_type infer_expr(infer *in, expr *e);

static policy_type numeric_join(policy_type a, policy_type b)
{
	if (a == POLICY_TYPE_MONEY || b == POLICY_TYPE_MONEY)
		return POLICY_TYPE_MONEY;
	if (a == POLICY_TYPE_NONE)
		return b;
	if (b == POLICY_TYPE_NONE || b == POLICY_TYPE_NUMBER)
		return a;
	return b;
}

static void mismatch(infer *in, span sp, policy_type a, policy_type b)
{
	if (!in->report)
		return;
	diag_error(in->c, sp, "compare like with like: amounts with amounts, dates with dates",
	           "cannot compare %s with %s", type_noun(a), type_noun(b));
}

static void need_bool(infer *in, expr *e)
{
	policy_type t = infer_expr(in, e);
	if (t == POLICY_TYPE_NONE && e->op == E_REF)
		learn(in, e, POLICY_TYPE_BOOLEAN, e->sp);
	else if (in->report && t != POLICY_TYPE_BOOLEAN && t != POLICY_TYPE_NONE)
		diag_error(in->c, e->sp, "compare it with something, e.g. 'X exceeds $50,000'",
		           "'%s' is %s, not a condition", e->text ? e->text : "this",
		           type_noun(t));
}

/* The quotient `e` is, itself or as the definition it names. */
static expr *quotient_of(infer *in, expr *e)
{
	if (e->op == E_REF && in->c->defs[e->step].kind == POLICY_STEP_COMPUTE &&
	    !in->c->defs[e->step].is_predicate && !in->c->defs[e->step].is_set)
		e = in->c->defs[e->step].value;
	return e && e->op == E_DIV ? e : NULL;
}

/* A quotient of counts or lengths of time compared with a percentage is a
 * share: "the days elapsed divided by the days supply is below 90%". */
static void learn_share(infer *in, expr *a, policy_type ta, policy_type tb)
{
	expr *q = quotient_of(in, a);
	if (q && ta == POLICY_TYPE_MONEY && (tb == POLICY_TYPE_PERCENT || tb == POLICY_TYPE_RATIO) &&
	    q->args[1]->op == E_REF && in->c->defs[q->args[1]->step].type == POLICY_TYPE_NONE) {
		/* "the annual income divided by the poverty guideline is at most
		 * 200%": the guideline is an amount too */
		learn(in, q->args[1], POLICY_TYPE_MONEY, q->sp);
		return;
	}
	if (q && q->type != POLICY_TYPE_PERCENT &&
	    (tb == POLICY_TYPE_PERCENT || tb == POLICY_TYPE_RATIO) &&
	    (ta == POLICY_TYPE_DURATION || ta == POLICY_TYPE_NUMBER || ta == POLICY_TYPE_COUNT)) {
		q->type = POLICY_TYPE_PERCENT;
		in->changed = true;
	}
}

/* "the sum of the incurred claims exceeds $50,000": the untyped values
 * summed are what the other side is. */
static void learn_operands(infer *in, expr *a, policy_type t)
{
	if (a->op == E_REF && in->c->defs[a->step].kind == POLICY_STEP_COMPUTE &&
	    !in->c->defs[a->step].is_predicate && !in->c->defs[a->step].is_set)
		a = in->c->defs[a->step].value;
	if (a && a->op == E_DIV && a->nargs == 2 && a->args[0]->op == E_SUM)
		a = a->args[0]; /* "the average of A and B": their sum over two */
	if (!a || !type_is_numeric(t) ||
	    (a->op != E_SUM && a->op != E_MIN && a->op != E_MAX && a->op != E_AVG))
		return;
	for (uint32_t i = 0; i < a->nargs; i++)
		if (a->args[i]->op == E_REF && in->c->defs[a->args[i]->step].type == POLICY_TYPE_NONE)
			learn(in, a->args[i], t, a->sp);
}

static void compare_sides(infer *in, expr *a, expr *b, span sp)
{
	policy_type ta = infer_expr(in, a), tb = infer_expr(in, b);
	if (b->op == E_CONST && tb == POLICY_TYPE_TEXT && a->op == E_REF &&
	    in->c->defs[a->step].strength <= TYPE_NAME &&
	    (ta == POLICY_TYPE_MONEY || ta == POLICY_TYPE_DATE || ta == POLICY_TYPE_PERCENT ||
	     ta == POLICY_TYPE_RATIO || ta == POLICY_TYPE_DURATION)) {
		/* "the claimed amount is reasonable": an amount is not a word; a
		 * judgment needs the text it is judged from */
		if (in->report)
			diag_error(in->c, sp,
			           "compare it with a value ('exceeds $50,000'), or ask for a judgment "
			           "from a document ('If the adjuster notes indicate that ...')",
			           "'%s' is %s, and '%s' is not one", in->c->defs[a->step].name,
			           type_noun(ta), b->text ? b->text : "this word");
		return;
	}
	learn_share(in, a, ta, tb);
	learn_share(in, b, tb, ta);
	learn_operands(in, a, tb);
	learn_operands(in, b, ta);
	ta = infer_expr(in, a);
	tb = infer_expr(in, b);
	if (ta == POLICY_TYPE_NONE || (a->op == E_REF && in->c->defs[a->step].strength < TYPE_USE))
		learn(in, a, tb, sp);
	if (tb == POLICY_TYPE_NONE || (b->op == E_REF && in->c->defs[b->step].strength < TYPE_USE))
		learn(in, b, ta, sp);
	ta = infer_expr(in, a);
	tb = infer_expr(in, b);
	/* A word compared with a term named like a number ("the policy number
	 * is ABC"): the term is text. Not one named like an amount or a date:
	 * "the claimed amount is reasonable" is a judgment, not a text. */
	if (b->op == E_CONST && tb == POLICY_TYPE_TEXT && a->op == E_REF &&
	    in->c->defs[a->step].strength <= TYPE_NAME && ta != POLICY_TYPE_TEXT &&
	    (ta == POLICY_TYPE_NUMBER || ta == POLICY_TYPE_COUNT || ta == POLICY_TYPE_NONE)) {
		learn(in, a, POLICY_TYPE_TEXT, sp);
		ta = POLICY_TYPE_TEXT;
	}
	if (!compatible(ta, tb))
		mismatch(in, sp, ta, tb);
}

/* "the refill number is greater than the refills authorized": more or
 * less is said of quantities, so values typed as text only by their names
 * ("... number") are numbers. Text has no order a policy means ("4" comes
 * after "11"): ordering it is an error, never a comparison of letters. */
static void ordered_sides(infer *in, expr *e)
{
	for (int side = 0; side < 2; side++) {
		expr *x = e->args[side];
		if (x->op == E_REF && in->c->defs[x->step].strength <= TYPE_NAME &&
		    in->c->defs[x->step].type == POLICY_TYPE_TEXT)
			learn(in, x, POLICY_TYPE_NUMBER, e->sp);
	}
	for (int side = 0; side < 2 && in->report; side++) {
		policy_type t = infer_expr(in, e->args[side]);
		if (t == POLICY_TYPE_TEXT || t == POLICY_TYPE_ENUM || t == POLICY_TYPE_BOOLEAN) {
			diag_error(in->c, e->args[side]->sp, "compare amounts, numbers or dates",
			           "'%s' is %s: it is neither more nor less than anything",
			           e->args[side]->text ? e->args[side]->text : "this", type_noun(t));
			return;
		}
	}
}

/* When nothing else typed them, the values arithmetic reads are numbers,
 * not text. */
static void numbers_last(infer *in, const expr *e)
{
	if (!in->numbers)
		return;
	for (uint32_t i = 0; i < e->nargs; i++)
		if (e->args[i]->op == E_REF && in->c->defs[e->args[i]->step].type == POLICY_TYPE_NONE)
			learn(in, e->args[i], POLICY_TYPE_NUMBER, e->sp);
}

/* A table lookup (table.c): each row's condition is a condition; the
 * values of the column join into one type, which the rows that give no
 * value ("N/A") take too. A column that mixes kinds is an error. */
static policy_type infer_case(infer *in, expr *e)
{
	policy_type t = POLICY_TYPE_NONE;
	const expr *typed = NULL;
	for (uint32_t i = 0; i + 1 < e->nargs; i += 2) {
		need_bool(in, e->args[i]);
		expr *v = e->args[i + 1];
		if (v->op == E_CONST && !v->val.known)
			continue;
		policy_type vt = infer_expr(in, v);
		if (vt == POLICY_TYPE_NONE)
			continue;
		if (t == POLICY_TYPE_NONE) {
			t = vt;
			typed = v;
		} else if (!compatible(t, vt)) {
			if (in->report)
				diag_error(in->c, v->sp, "write the column's values the same way; a cell "
				           "with no value is 'N/A'", "'%s' is %s, but '%s' in the same column "
				           "is %s", v->text ? v->text : "this", type_noun(vt),
				           typed->text ? typed->text : "the row above", type_noun(t));
		} else if (type_is_numeric(t) && type_is_numeric(vt)) {
			t = numeric_join(t, vt);
		}
	}
	for (uint32_t i = 1; i < e->nargs && t == POLICY_TYPE_NONE; i += 2)
		t = e->args[i]->val.type; /* every row "N/A": the kind they were given */
	for (uint32_t i = 1; i < e->nargs; i += 2) {
		expr *v = e->args[i];
		if (v->op == E_CONST && !v->val.known && t != POLICY_TYPE_NONE) {
			v->val = value_missing(t);
			v->type = t;
		} else if (v->op == E_REF && t != POLICY_TYPE_NONE &&
		           infer_expr(in, v) == POLICY_TYPE_NONE) {
			learn(in, v, t, v->sp);
		}
	}
	return t;
}

static policy_type infer_expr(infer *in, expr *e)
{
	if (!e)
		return POLICY_TYPE_NONE;
	switch (e->op) {
	case E_CONST:
		return e->type = e->val.type;
	case E_REF:
		return e->type = in->c->defs[e->step].type;
	case E_SET:
		for (uint32_t i = 0; i < e->nargs; i++)
			infer_expr(in, e->args[i]);
		return e->type = POLICY_TYPE_ENUM;
	case E_ADD:
	case E_SUB: {
		policy_type a = infer_expr(in, e->args[0]), b = infer_expr(in, e->args[1]);
		if (a == POLICY_TYPE_DATE && b == POLICY_TYPE_DURATION)
			return e->type = POLICY_TYPE_DATE; /* "the application date plus 30 days" */
		if (a == POLICY_TYPE_NONE)
			learn(in, e->args[0], b, e->sp);
		if (b == POLICY_TYPE_NONE)
			learn(in, e->args[1], a, e->sp);
		numbers_last(in, e);
		if ((!compatible(a, b) || a == POLICY_TYPE_DATE || a == POLICY_TYPE_TEXT) && in->report)
			diag_error(in->c, e->sp, "add and subtract amounts, numbers or lengths of time",
			           "cannot %s %s and %s", e->op == E_ADD ? "add" : "subtract",
			           type_noun(a), type_noun(b));
		return e->type = numeric_join(a, b);
	}
	case E_MUL: {
		policy_type a = infer_expr(in, e->args[0]), b = infer_expr(in, e->args[1]);
		numbers_last(in, e);
		return e->type = numeric_join(a, b);
	}
	case E_DIV: {
		policy_type a = infer_expr(in, e->args[0]), b = infer_expr(in, e->args[1]);
		numbers_last(in, e);
		if (e->type == POLICY_TYPE_PERCENT)
			return e->type; /* "exceeds B by more than 10%": a share, shown as one */
		/* like over like: a share ("days elapsed divided by days supply") */
		if (a == b && (a == POLICY_TYPE_MONEY || a == POLICY_TYPE_DURATION ||
		               a == POLICY_TYPE_COUNT))
			return e->type = POLICY_TYPE_RATIO;
		if (a == POLICY_TYPE_MONEY)
			return e->type = POLICY_TYPE_MONEY;
		if (a == POLICY_TYPE_NONE && b == POLICY_TYPE_NONE)
			return e->type = POLICY_TYPE_RATIO;
		return e->type = a == POLICY_TYPE_NONE ? POLICY_TYPE_RATIO : a;
	}
	case E_PCT_OF: {
		infer_expr(in, e->args[0]);
		numbers_last(in, e);
		policy_type b = infer_expr(in, e->args[1]);
		return e->type = b == POLICY_TYPE_NONE ? POLICY_TYPE_MONEY : b;
	}
	case E_SUM:
	case E_MIN:
	case E_MAX: {
		numbers_last(in, e);
		policy_type t = POLICY_TYPE_NONE;
		for (uint32_t i = 0; i < e->nargs; i++)
			t = numeric_join(t, infer_expr(in, e->args[i]));
		return e->type = t == POLICY_TYPE_NONE ? POLICY_TYPE_NUMBER : t;
	}
	case E_ELAPSED:
		for (uint32_t i = 0; i < 2; i++) {
			policy_type t = infer_expr(in, e->args[i]);
			if (t == POLICY_TYPE_NONE || (e->args[i]->op == E_REF &&
			                              in->c->defs[e->args[i]->step].strength < TYPE_USE))
				learn(in, e->args[i], POLICY_TYPE_DATE, e->sp);
			else if (t != POLICY_TYPE_DATE && in->report)
				diag_error(in->c, e->args[i]->sp, "count time between two dates",
				           "'%s' is %s, not a date",
				           e->args[i]->text ? e->args[i]->text : "this", type_noun(t));
		}
		return e->type = POLICY_TYPE_DURATION;
	case E_DOC_COUNT:
	case E_LIST_COUNT:
		if (e->op == E_LIST_COUNT)
			infer_expr(in, e->args[0]);
		return e->type = POLICY_TYPE_COUNT;
	case E_CMP:
		if (e->cmp != CMP_EQ && e->cmp != CMP_NE)
			ordered_sides(in, e);
		compare_sides(in, e->args[0], e->args[1], e->sp);
		return e->type = POLICY_TYPE_BOOLEAN;
	case E_BETWEEN:
		compare_sides(in, e->args[0], e->args[1], e->sp);
		compare_sides(in, e->args[0], e->args[2], e->sp);
		return e->type = POLICY_TYPE_BOOLEAN;
	case E_IN: {
		policy_type a = infer_expr(in, e->args[0]);
		policy_type s = infer_expr(in, e->args[1]);
		if (e->args[1]->op == E_REF && !in->c->defs[e->args[1]->step].is_set && in->report &&
		    s != POLICY_TYPE_NONE)
			diag_error(in->c, e->args[1]->sp, "define the list, e.g. 'The allowed categories "
			           "are airfare, lodging, and meals.'", "'%s' is not a list of values",
			           in->c->defs[e->args[1]->step].name);
		const expr *listed = e->args[1]->op == E_REF ? in->c->defs[e->args[1]->step].value
		                                             : e->args[1];
		bool words = listed && listed->op == E_SET && listed->nargs &&
		             listed->args[0]->op == E_CONST &&
		             listed->args[0]->val.type == POLICY_TYPE_TEXT;
		const def *named = e->args[0]->op == E_REF ? &in->c->defs[e->args[0]->step] : NULL;
		if (words && named && named->strength == TYPE_NAME &&
		    (named->type == POLICY_TYPE_MONEY || named->type == POLICY_TYPE_DATE)) {
			/* "the payoff amount is one of under $5,000 or over $75,000":
			 * never true, and never said so (it once compiled) */
			if (in->report)
				diag_error(in->c, e->sp, "compare it with values of its kind, or with "
				           "bounds ('under $5,000 or over $75,000')",
				           "'%s' is %s, and '%s' lists words", named->name,
				           policy_type_name(named->type), listed->text ? listed->text : "the list");
			return e->type = POLICY_TYPE_BOOLEAN;
		}
		if (a == POLICY_TYPE_NONE || (e->args[0]->op == E_REF &&
		                              in->c->defs[e->args[0]->step].strength < TYPE_USE)) {
			policy_type item = POLICY_TYPE_TEXT;
			const expr *set = e->args[1];
			if (set->op == E_REF)
				set = in->c->defs[set->step].value;
			if (set && set->op == E_SET && set->nargs && set->args[0]->op == E_CONST &&
			    set->args[0]->val.type != POLICY_TYPE_TEXT)
				item = set->args[0]->val.type;
			learn(in, e->args[0], item, e->sp);
		}
		return e->type = POLICY_TYPE_BOOLEAN;
	}
	case E_WITHIN:
		for (uint32_t i = 0; i < 2; i++)
			if (infer_expr(in, e->args[i]) == POLICY_TYPE_NONE)
				learn(in, e->args[i], POLICY_TYPE_DATE, e->sp);
		infer_expr(in, e->args[2]);
		return e->type = POLICY_TYPE_BOOLEAN;
	case E_MISSING:
		infer_expr(in, e->args[0]);
		return e->type = POLICY_TYPE_BOOLEAN;
	case E_AND:
	case E_OR:
	case E_NOT:
	case E_ANY:
	case E_ALL:
		for (uint32_t i = 0; i < e->nargs; i++)
			need_bool(in, e->args[i]);
		return e->type = POLICY_TYPE_BOOLEAN;
	case E_ROUND:
		return e->type = infer_expr(in, e->args[0]);
	case E_CASE:
		return e->type = infer_case(in, e);
	case E_AVG: {
		numbers_last(in, e);
		policy_type t = infer_expr(in, e->args[0]);
		return e->type = t == POLICY_TYPE_NONE ? POLICY_TYPE_NUMBER : t;
	}
	case E_OP_COUNT:
		break;
	}
	return POLICY_TYPE_NONE;
}

static void untyped_cells_text(expr *e, unsigned depth)
{
	if (!e || depth > 256)
		return;
	if (e->op == E_CONST && !e->val.known && e->val.type == POLICY_TYPE_NONE) {
		e->val = value_missing(POLICY_TYPE_TEXT);
		e->type = POLICY_TYPE_TEXT;
	}
	for (uint32_t i = 0; i < e->nargs; i++)
		untyped_cells_text(e->args[i], depth + 1);
}

static void infer_def(infer *in, def *d)
{
	if (d->guard)
		need_bool(in, d->guard);
	for (uint32_t k = 0; k < d->nkeys; k++)
		infer_expr(in, d->keys[k]);
	if (!d->value)
		return;
	switch (d->kind) {
	case POLICY_STEP_CHECK:
		need_bool(in, d->value);
		break;
	case POLICY_STEP_COMPUTE:
		if (d->is_predicate) {
			need_bool(in, d->value);
		} else if (!d->is_set) {
			policy_type t = infer_expr(in, d->value);
			if (t != POLICY_TYPE_NONE && (d->type != t || d->strength < TYPE_DECLARED)) {
				if (d->type != t)
					in->changed = true;
				d->type = t;
				d->strength = TYPE_DECLARED;
			}
		} else {
			infer_expr(in, d->value);
		}
		break;
	default:
		infer_expr(in, d->value);
		break;
	}
}

static const char *origin_verb(const def *d)
{
	switch (d->kind) {
	case POLICY_STEP_EXTRACT: return "extracted";
	case POLICY_STEP_LOOKUP: return "looked up";
	default: return "defined";
	}
}

/* A definition by words that decide ("not covered", "ineligible",
 * "excluded"): said of some cases, it is a rule in the shape of a
 * definition. */
static bool decision_text(const def *d)
{
	static const char *const words[] = { "ineligible", "eligible", "covered", "excluded",
	                                     "prohibited", "allowed", "permitted", "acceptable",
	                                     "unacceptable", "declined", "denied", "approved",
	                                     "required", "mandatory", "void", "invalid", "rejected" };
	if (d->kind != POLICY_STEP_COMPUTE || !d->value || d->value->op != E_CONST ||
	    d->value->val.type != POLICY_TYPE_TEXT || !d->value->val.u.text.s || d->glossary)
		return false;
	const char *t = d->value->val.u.text.s;
	if (!strncmp(t, "not ", 4))
		t += 4;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strncmp(t, words[i], strlen(words[i])) &&
		    (t[strlen(words[i])] == '\0' || t[strlen(words[i])] == ' '))
			return true;
	return false;
}

/* "Verify that ...", "Confirm ...", "Require ...": a check the author asks
 * for as such, whose result the decision reports; not a requirement of the
 * policy that no rule acts on ("The LTV must not exceed 80%"). */
static bool said_as_a_check(const char *text)
{
	static const char *const verbs[] = { "verify", "confirm", "check", "ensure", "make sure",
	                                     "validate", "require", "determine" };
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
		size_t n = strlen(verbs[i]);
		if (!strncasecmp(text, verbs[i], n) && (text[n] == ' ' || text[n] == '\0'))
			return true;
	}
	return false;
}

bool analyze_policy(compiler *c)
{
	infer in = { .c = c };
	for (int round = 0; round < 8; round++) {
		in.changed = false;
		for (uint32_t i = 0; i < c->ndefs && !c->nomem; i++)
			infer_def(&in, &c->defs[i]);
		if (!in.changed)
			break;
	}
	in.numbers = true;
	for (uint32_t i = 0; i < c->ndefs && !c->nomem; i++)
		infer_def(&in, &c->defs[i]);
	in.numbers = false;
	/* Terms nothing typed are read as text. */
	for (uint32_t i = 0; i < c->ndefs; i++) {
		def *d = &c->defs[i];
		if (d->key && d->type == POLICY_TYPE_NONE)
			d->type = POLICY_TYPE_TEXT;
	}
	/* A column of nothing but "N/A" says nothing of its kind: text. */
	for (uint32_t i = 0; i < c->ndefs; i++) {
		def *d = &c->defs[i];
		untyped_cells_text(d->value, 0);
		untyped_cells_text(d->guard, 0);
		for (uint32_t k = 0; k < d->nkeys; k++)
			untyped_cells_text(d->keys[k], 0);
	}
	in.report = true;
	for (uint32_t i = 0; i < c->ndefs && !c->nomem; i++)
		infer_def(&in, &c->defs[i]);
	/* A definition or check whose body was never read (found by fuzzing:
	 * "The X was Y:" over a bulleted list) would make a plan the loader
	 * rejects; it is an error here, where it can point at the sentence. */
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		if ((d->kind == POLICY_STEP_COMPUTE || d->kind == POLICY_STEP_CHECK) && !d->value)
			diag_error(c, d->sp, "write it as one sentence, e.g. 'The X is the Y plus the Z.'",
			           "I can't tell what '%s' means: its definition is not understood",
			           d->name ? d->name : d->text ? d->text : "this");
	}
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		if ((d->kind == POLICY_STEP_CHECK || d->kind == POLICY_STEP_REQUIRE) && !d->used &&
		    d->text && !said_as_a_check(d->text))
			/* issue 15: never silent; the decision lists it as unmet */
			diag_warning(c, d->sp,
			             "say what happens when it is not met, e.g. 'An application that fails "
			             "4.1 is declined.'; until then the decision lists it as unmet",
			             "no rule says what happens when '%s' is not met", d->text);
	}
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		if (!d->key || d->used || d->glossary)
			continue;
		if (decision_text(d)) {
			/* "Fire losses are not covered.": a rule, not the text
			 * "not covered"; unread, it would decide nothing */
			diag_error(c, d->sp, "say what to do: 'If <condition>, <action>.'",
			           "this reads as defining '%s' as the words '%s', which no rule "
			           "uses: if it is a rule, state its condition and what to do",
			           d->name, d->value->val.u.text.s);
			continue;
		}
		if (d->listed) {
			/* "The following merchant categories are blocked:" that no
			 * rule reads would block nothing */
			diag_error(c, d->sp, "say what happens to them: 'If the merchant category is "
			           "one of the blocked merchant categories, <action>.'",
			           "the list of %s is not used by any rule", d->name);
			continue;
		}
		char hint[160];
		snprintf(hint, sizeof hint, "use it in a rule, or stop %s",
		         d->kind == POLICY_STEP_COMPUTE ? "defining it" :
		         d->kind == POLICY_STEP_LOOKUP ? "looking it up" : "extracting it");
		diag_warning(c, d->sp, hint, "'%s' is %s but never used", d->name, origin_verb(d));
	}
	return !c->nomem;
}
