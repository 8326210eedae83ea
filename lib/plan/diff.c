/*
 * Semantic diff of two plans: what changed in meaning, not in text.
 *
 * Two plans compiled from the same rules written differently (other line
 * breaks, spacing, capitalization) have different spans, sentences and
 * hashes but decide every case alike; a text diff would show every line.
 * This file compares what the executor reads instead:
 *
 *  1. Match steps. Step ids are made from what a step is (its term, field
 *     or action text, lowercased, see plan.c), so the same rule has the
 *     same id in both plans. A step left unmatched in each plan with the
 *     same kind and the same meaning (an action whose guard is the same, a
 *     term whose definition is the same) was renamed, not removed and
 *     added; failing that, a rule with the same shape over the same steps
 *     (only constants and operators differ) was renamed and edited at
 *     once. Matching repeats until nothing changes because a renamed term
 *     makes the rules that read it comparable.
 *  2. Compare matched steps expression by expression, through the
 *     matching (a reference is the same when it names matched steps),
 *     ignoring spans and the words as written. Where two trees differ, the
 *     most specific change is reported: a constant (a threshold: $50,000 ->
 *     $40,000, with both line numbers), a comparison operator (exceeds ->
 *     is at least), a reference, a unit, a document; where their shapes
 *     differ, the condition as a whole, with both sentences.
 *     One edit can change several rules (the threshold an "Otherwise"
 *     shares): it is reported once, with the other rules it affects.
 *  3. Compare the commentary of the two source maps (prose that makes no
 *     step: it changes no decision, so the plans stay "equal").
 *  4. Compare what the plans need from the world: documents (by their
 *     canonical words, so "Appraisals" is "appraisal") and facts, and the
 *     LLM token estimate.
 *
 * Texts compare case-folded with runs of spaces collapsed. The result is
 * one JSON document (see policy_plan_diff in policy.h); changes come in a
 * fixed order (header, steps in the new plan's order, removed steps in the
 * old plan's order, commentary, documents, facts, tokens) so the same two
 * plans give the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "plan/llm.h"
#include "plan/plan.h"
#include "base/text.h"
#include "base/words.h"

typedef struct change {
	const char *kind;       /* "threshold", "operator", "step_added", ... */
	const plan_step *sa;    /* the step in the old plan, if any */
	const plan_step *sb;    /* the step in the new plan, if any */
	const char *where;      /* "condition", "guard", "value", "key", ... */
	const char *field;      /* header field, document, fact */
	const char *old_value, *new_value; /* canonical values or words */
	const char *old_text, *new_text;   /* as written in each policy */
	unsigned line_a, line_b;
	unsigned col_a, col_b;  /* where an expression's change is, to merge */
	bool has_values;
	const plan_step **also; /* other rules the same edit changed */
	size_t nalso;
} change;

typedef struct differ {
	const policy_plan *a, *b;
	int32_t *a2b, *b2a; /* matching; -1: unmatched */
	arena ar;
	change *ch;
	size_t n, cap;
	bool nomem;
} differ;

static change *add(differ *d, const char *kind, const plan_step *sa, const plan_step *sb)
{
	if (d->nomem)
		return NULL;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		change *c = arena_grow(&d->ar, d->ch, d->n, cap, sizeof *c);
		if (!c) {
			d->nomem = true;
			return NULL;
		}
		d->ch = c;
		d->cap = cap;
	}
	change *c = &d->ch[d->n++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->sa = sa;
	c->sb = sb;
	c->line_a = sa ? sa->sp.line : 0;
	c->line_b = sb ? sb->sp.line : 0;
	return c;
}

static const char *dup(differ *d, const char *s)
{
	char *c = arena_strdup(&d->ar, s);
	if (!c)
		d->nomem = true;
	return c;
}

/* n in decimal, in the arena. */
static const char *number(differ *d, unsigned long long n)
{
	char tmp[24];
	snprintf(tmp, sizeof tmp, "%llu", n);
	return dup(d, tmp);
}

/* Case-folded, spaces collapsed, trailing '.' dropped; NULL stays NULL. */
static const char *norm(differ *d, const char *s)
{
	if (!s)
		return NULL;
	char *f;
	size_t n;
	text_status ts = text_fold(&d->ar, s, strlen(s), &f, &n, NULL);
	if (ts == TEXT_NOMEM) {
		d->nomem = true;
		return "";
	}
	if (ts != TEXT_OK) {
		/* Invalid UTF-8 cannot come from a loaded plan; treat as is. */
		f = (char *)dup(d, s);
		if (!f)
			return "";
	}
	size_t o = 0;
	bool space = false;
	for (const char *p = f; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = o > 0;
			continue;
		}
		if (space)
			f[o++] = ' ';
		space = false;
		f[o++] = *p;
	}
	while (o && f[o - 1] == '.')
		o--;
	f[o] = '\0';
	return f;
}

static bool same_text(differ *d, const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	if (!strcmp(x, y))
		return true;
	return !strcmp(norm(d, x), norm(d, y));
}

static bool same_words(differ *d, const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	char *kx = words_key(&d->ar, x, strlen(x)), *ky = words_key(&d->ar, y, strlen(y));
	if (!kx || !ky) {
		d->nomem = true;
		return true;
	}
	return !strcmp(kx, ky);
}

static bool same_value(const value *x, const value *y)
{
	if (x->type != y->type || x->known != y->known)
		return false;
	if (!x->known)
		return true;
	if (x->type == POLICY_TYPE_DURATION)
		return x->u.dur.amount == y->u.dur.amount && x->u.dur.unit == y->u.dur.unit;
	return value_equal(x, y);
}

/* The same meaning, through the matching; text and spans are ignored. */
static bool same_expr(differ *d, const expr *x, const expr *y)
{
	if (!x || !y)
		return x == y;
	if (x->op != y->op || x->nargs != y->nargs || x->type != y->type)
		return false;
	switch (x->op) {
	case E_REF:
		return d->a2b[x->step] == (int32_t)y->step;
	case E_ANY:
	case E_ALL:
		if (d->a2b[x->step] != (int32_t)y->step)
			return false;
		break;
	case E_CONST:
		return same_value(&x->val, &y->val);
	case E_CMP:
		if (x->cmp != y->cmp)
			return false;
		break;
	case E_ELAPSED:
	case E_WITHIN:
		if (x->unit != y->unit)
			return false;
		break;
	case E_DOC_COUNT:
		if (!same_words(d, x->doc, y->doc))
			return false;
		break;
	default:
		break;
	}
	for (uint32_t i = 0; i < x->nargs; i++)
		if (!same_expr(d, x->args[i], y->args[i]))
			return false;
	return true;
}

/* The same tree over the same steps, constants and operators aside: the
 * rule is recognisably the same one with its thresholds edited. */
static bool same_shape(differ *d, const expr *x, const expr *y)
{
	if (!x || !y)
		return x == y;
	if (x->op != y->op || x->nargs != y->nargs)
		return false;
	if (x->op == E_REF)
		return d->a2b[x->step] == (int32_t)y->step;
	if ((x->op == E_ANY || x->op == E_ALL) && d->a2b[x->step] != (int32_t)y->step)
		return false;
	for (uint32_t i = 0; i < x->nargs; i++)
		if (!same_shape(d, x->args[i], y->args[i]))
			return false;
	return true;
}

static bool same_keys(differ *d, const plan_step *x, const plan_step *y)
{
	if (x->nkeys != y->nkeys)
		return false;
	for (uint32_t k = 0; k < x->nkeys; k++)
		if (!same_expr(d, x->keys[k], y->keys[k]))
			return false;
	return true;
}

/* Two unmatched steps that mean the same under different names. */
static bool same_meaning(differ *d, const plan_step *x, const plan_step *y)
{
	if (x->kind != y->kind || x->type != y->type)
		return false;
	switch (x->kind) {
	case POLICY_STEP_ACTION:
	case POLICY_STEP_CHECK:
	case POLICY_STEP_COMPUTE:
	case POLICY_STEP_GUARDRAIL:
		return same_expr(d, x->value, y->value) && same_expr(d, x->guard, y->guard);
	case POLICY_STEP_REQUIRE:
		return x->min_count == y->min_count && same_words(d, x->doc, y->doc) &&
		       same_expr(d, x->guard, y->guard);
	default:
		/* A different field, fact or prompt is a different step. */
		return false;
	}
}

/* A rule renamed and edited at once ("Otherwise, route the claim to
 * fast-track processing" after the threshold above it moved). */
static bool similar(differ *d, const plan_step *x, const plan_step *y)
{
	if (x->kind != y->kind || x->type != y->type)
		return false;
	switch (x->kind) {
	case POLICY_STEP_ACTION:
	case POLICY_STEP_CHECK:
	case POLICY_STEP_COMPUTE:
	case POLICY_STEP_GUARDRAIL:
		return (x->value || x->guard) && same_shape(d, x->value, y->value) &&
		       same_shape(d, x->guard, y->guard);
	case POLICY_STEP_REQUIRE:
		return same_words(d, x->doc, y->doc) && same_shape(d, x->guard, y->guard);
	default:
		return false;
	}
}

static void match_steps(differ *d)
{
	const policy_plan *a = d->a, *b = d->b;
	for (uint32_t i = 0; i < a->nsteps; i++)
		d->a2b[i] = -1;
	for (uint32_t j = 0; j < b->nsteps; j++)
		d->b2a[j] = -1;
	for (uint32_t j = 0; j < b->nsteps; j++)
		for (uint32_t i = 0; i < a->nsteps; i++)
			if (d->a2b[i] < 0 && a->steps[i].kind == b->steps[j].kind &&
			    !strcmp(a->steps[i].id, b->steps[j].id)) {
				d->a2b[i] = (int32_t)j;
				d->b2a[j] = (int32_t)i;
				break;
			}
	/* Exact meaning first, so a loose match cannot take a step that has
	 * an exact partner; each pass may enable the next (a renamed term
	 * makes the rules that read it comparable). */
	for (int loose = 0; loose < 2; loose++)
		for (bool progress = true; progress && !d->nomem;) {
			progress = false;
			for (uint32_t j = 0; j < b->nsteps; j++) {
				if (d->b2a[j] >= 0)
					continue;
				for (uint32_t i = 0; i < a->nsteps; i++) {
					if (d->a2b[i] >= 0)
						continue;
					const plan_step *x = &a->steps[i], *y = &b->steps[j];
					if (loose ? similar(d, x, y) : same_meaning(d, x, y)) {
						d->a2b[i] = (int32_t)j;
						d->b2a[j] = (int32_t)i;
						progress = true;
						break;
					}
				}
			}
		}
}

static const char *cmp_words(cmp_op op)
{
	static const char *const w[] = { "exceeds", "is at least", "is below", "is at most",
	                                 "equals", "does not equal" };
	return (unsigned)op < CMP_COUNT ? w[op] : "?";
}

static const char *canonical(differ *d, const value *v)
{
	/* Text is its own canonical form (and lives as long as the plan). */
	if (v->known && (v->type == POLICY_TYPE_TEXT || v->type == POLICY_TYPE_ENUM))
		return v->u.text.s;
	buf b;
	buf_init(&b, &d->a->m);
	value_to_json(&b, v);
	const char *s = buf_cstr(&b);
	char *out = NULL;
	if (s) {
		size_t n = strlen(s);
		/* A JSON string's quotes are not part of the value. */
		if (n >= 2 && s[0] == '"')
			out = arena_strndup(&d->ar, s + 1, n - 2);
		else
			out = arena_strdup(&d->ar, s);
	}
	buf_release(&b);
	if (!out)
		d->nomem = true;
	return out ? out : "";
}

static const char *display(differ *d, const expr *e)
{
	if (e->text)
		return e->text;
	char tmp[VALUE_DISPLAY_MAX];
	const char *s = value_display(&e->val, tmp, sizeof tmp);
	char *out = arena_strdup(&d->ar, s);
	if (!out)
		d->nomem = true;
	return out ? out : "";
}

static unsigned line_of(const expr *e, const plan_step *s)
{
	return e && e->sp.line ? e->sp.line : s->sp.line;
}

static bool same_str(const char *x, const char *y)
{
	return x && y ? !strcmp(x, y) : x == y;
}

/* One edit in the text can change several rules: the threshold of "If the
 * claimed amount exceeds $50,000, ..." is also in its "Otherwise, ...". The
 * last change, at the same place with the same values as an earlier one,
 * joins it as one more rule affected. */
static void merge_last(differ *d, const expr *x, const expr *y)
{
	if (d->nomem || !d->n)
		return;
	change *c = &d->ch[d->n - 1];
	c->col_a = x->sp.column;
	c->col_b = y->sp.column;
	for (size_t i = 0; i + 1 < d->n; i++) {
		change *o = &d->ch[i];
		if (strcmp(o->kind, c->kind) || o->line_a != c->line_a || o->line_b != c->line_b ||
		    o->col_a != c->col_a || o->col_b != c->col_b || !same_str(o->old_value, c->old_value) ||
		    !same_str(o->new_value, c->new_value))
			continue;
		const plan_step **also = arena_grow(&d->ar, o->also, o->nalso, o->nalso + 1,
		                                    sizeof *also);
		if (!also) {
			d->nomem = true;
			return;
		}
		also[o->nalso++] = c->sb;
		o->also = also;
		d->n--;
		return;
	}
}

/* A part of a rule (`where`) changed as a whole, not in one constant or
 * operator: no smaller change says what happened, so the change shows
 * both rules' sentences. */
static change *whole_change(differ *d, const char *kind, const plan_step *sa,
                            const plan_step *sb, const char *where)
{
	change *c = add(d, kind, sa, sb);
	if (c) {
		c->where = where;
		c->old_text = sa->sentence;
		c->new_text = sb->sentence;
	}
	return c;
}

/* Report how two expressions of matched steps differ, as specifically as
 * their shapes allow. */
static void diff_expr(differ *d, const plan_step *sa, const plan_step *sb, const char *where,
                      const expr *x, const expr *y)
{
	if (d->nomem || same_expr(d, x, y))
		return;
	change *c;
	if (!x || !y || x->op != y->op || x->nargs != y->nargs ||
	    (x->op != E_CONST && x->type != y->type)) {
		c = whole_change(d, x && y ? "condition" : y ? "condition_added" : "condition_removed",
		                 sa, sb, where);
		if (c) {
			c->line_a = x ? line_of(x, sa) : sa->sp.line;
			c->line_b = y ? line_of(y, sb) : sb->sp.line;
		}
		return;
	}
	switch (x->op) {
	case E_CONST:
		c = add(d, "threshold", sa, sb);
		if (c) {
			c->where = where;
			c->has_values = true;
			c->old_value = canonical(d, &x->val);
			c->new_value = canonical(d, &y->val);
			c->old_text = display(d, x);
			c->new_text = display(d, y);
			c->field = policy_type_name(y->val.type);
			c->line_a = line_of(x, sa);
			c->line_b = line_of(y, sb);
			merge_last(d, x, y);
		}
		return;
	case E_REF:
		c = add(d, "reference", sa, sb);
		if (c) {
			c->where = where;
			c->old_value = d->a->steps[x->step].label;
			c->new_value = d->b->steps[y->step].label;
			c->old_text = x->text;
			c->new_text = y->text;
			c->line_a = line_of(x, sa);
			c->line_b = line_of(y, sb);
			merge_last(d, x, y);
		}
		return;
	case E_ANY:
	case E_ALL:
		if (d->a2b[x->step] != (int32_t)y->step) {
			c = add(d, "reference", sa, sb);
			if (c) {
				c->where = where;
				c->old_value = d->a->steps[x->step].label;
				c->new_value = d->b->steps[y->step].label;
				c->line_a = line_of(x, sa);
				c->line_b = line_of(y, sb);
				merge_last(d, x, y);
			}
		}
		break;
	case E_CMP:
		if (x->cmp != y->cmp) {
			c = add(d, "operator", sa, sb);
			if (c) {
				c->where = where;
				c->old_value = cmp_op_name(x->cmp);
				c->new_value = cmp_op_name(y->cmp);
				c->old_text = x->text ? x->text : cmp_words(x->cmp);
				c->new_text = y->text ? y->text : cmp_words(y->cmp);
				c->line_a = line_of(x, sa);
				c->line_b = line_of(y, sb);
				merge_last(d, x, y);
			}
		}
		break;
	case E_ELAPSED:
	case E_WITHIN:
		if (x->unit != y->unit) {
			c = add(d, "unit", sa, sb);
			if (c) {
				c->where = where;
				c->old_value = duration_unit_name(x->unit, true);
				c->new_value = duration_unit_name(y->unit, true);
				c->line_a = line_of(x, sa);
				c->line_b = line_of(y, sb);
				merge_last(d, x, y);
			}
		}
		break;
	case E_DOC_COUNT:
		if (!same_words(d, x->doc, y->doc)) {
			c = add(d, "document", sa, sb);
			if (c) {
				c->where = where;
				c->old_value = x->doc;
				c->new_value = y->doc;
				c->line_a = line_of(x, sa);
				c->line_b = line_of(y, sb);
				merge_last(d, x, y);
			}
		}
		break;
	default:
		break;
	}
	for (uint32_t i = 0; i < x->nargs; i++)
		diff_expr(d, sa, sb, where, x->args[i], y->args[i]);
}

/* A lookup's keys or a model's reads, in order: a different number of
 * them changes the rule as a whole (`where_all`); otherwise each pair is
 * compared (`where_each`). */
static void diff_keys(differ *d, const plan_step *sa, const plan_step *sb, const char *where_all,
                      const char *where_each)
{
	if (sa->nkeys != sb->nkeys) {
		whole_change(d, "condition", sa, sb, where_all);
		return;
	}
	for (uint32_t k = 0; k < sa->nkeys; k++)
		diff_expr(d, sa, sb, where_each, sa->keys[k], sb->keys[k]);
}

/* An extract step with no document: an input the policy never sources. */
#define ANY_DOCUMENT "the case's facts or any document"

static void attr(differ *d, const plan_step *sa, const plan_step *sb, const char *kind,
                 const char *field, const char *old_value, const char *new_value)
{
	change *c = add(d, kind, sa, sb);
	if (c) {
		c->field = field;
		c->old_value = old_value;
		c->new_value = new_value;
	}
}

/* "water, fire, theft, other" */
static const char *joined(differ *d, const char *const *items, uint32_t n)
{
	buf b;
	buf_init(&b, &d->a->m);
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, ", ");
		buf_puts(&b, items[i]);
	}
	const char *s = buf_cstr(&b);
	char *out = s ? arena_strdup(&d->ar, s) : NULL;
	buf_release(&b);
	if (!out)
		d->nomem = true;
	return out ? out : "";
}

/* What a model is asked: the task, the question, the choices, the
 * documents it reads, the answer's budget, and the values it reads. */
static void diff_model(differ *d, const plan_step *sa, const plan_step *sb)
{
	const llm_spec *x = sa->llm, *y = sb->llm;
	if (!x || !y)
		return;
	if (x->kind != y->kind)
		attr(d, sa, sb, "model", "task", llm_kind_name(x->kind), llm_kind_name(y->kind));
	if (!same_text(d, x->question, y->question))
		attr(d, sa, sb, "model", "question", x->question, y->question);
	bool same = x->nchoices == y->nchoices;
	for (uint32_t i = 0; same && i < x->nchoices; i++)
		same = same_text(d, x->choices[i], y->choices[i]);
	if (!same)
		attr(d, sa, sb, "model", "choices", joined(d, x->choices, x->nchoices),
		     joined(d, y->choices, y->nchoices));
	same = x->ndocuments == y->ndocuments;
	for (uint32_t i = 0; same && i < x->ndocuments; i++)
		same = same_words(d, x->documents[i], y->documents[i]);
	if (!same)
		attr(d, sa, sb, "model", "documents", joined(d, x->documents, x->ndocuments),
		     joined(d, y->documents, y->ndocuments));
	if (x->max_tokens != y->max_tokens)
		attr(d, sa, sb, "model", "max_tokens", number(d, x->max_tokens), number(d, y->max_tokens));
	diff_keys(d, sa, sb, "reads", "reads");
}

static void diff_step(differ *d, const plan_step *sa, const plan_step *sb)
{
	/* A check's, requirement's or guardrail's label is its rule's text:
	 * when the rule's meaning changed, the new text says nothing more. */
	bool text_is_rule = sa->kind == POLICY_STEP_CHECK || sa->kind == POLICY_STEP_REQUIRE ||
	                    sa->kind == POLICY_STEP_GUARDRAIL;
	bool renamed = !same_text(d, sa->label, sb->label);
	size_t before = d->n;
	if (renamed && !text_is_rule)
		attr(d, sa, sb, sa->kind == POLICY_STEP_ACTION ? "action_renamed" : "step_renamed",
		     "label", sa->label, sb->label);
	if (sa->type != sb->type)
		attr(d, sa, sb, "type", "type", policy_type_name(sa->type), policy_type_name(sb->type));
	if (sa->may_be_absent != sb->may_be_absent)
		attr(d, sa, sb, "may_be_absent", "may_be_absent", sa->may_be_absent ? "yes" : "no",
		     sb->may_be_absent ? "yes" : "no");
	switch (sa->kind) {
	case POLICY_STEP_EXTRACT:
		if (!same_words(d, sa->doc, sb->doc))
			attr(d, sa, sb, "document", "document", sa->doc ? sa->doc : ANY_DOCUMENT,
			     sb->doc ? sb->doc : ANY_DOCUMENT);
		if (sa->each != sb->each)
			attr(d, sa, sb, "each", "each", sa->each ? "each document" : "one value",
			     sb->each ? "each document" : "one value");
		if (sa->llm_fallback != sb->llm_fallback)
			attr(d, sa, sb, "fallback", "llm_fallback", sa->llm_fallback ? "model fallback" : "none",
			     sb->llm_fallback ? "model fallback" : "none");
		break;
	case POLICY_STEP_LLM:
		diff_model(d, sa, sb);
		break;
	case POLICY_STEP_GUARDRAIL:
		if (sa->guardrail && sb->guardrail) {
			if (!same_text(d, sa->guardrail->verb, sb->guardrail->verb))
				attr(d, sa, sb, "guardrail", "verb", sa->guardrail->verb, sb->guardrail->verb);
			if (!same_text(d, sa->guardrail->object, sb->guardrail->object))
				attr(d, sa, sb, "guardrail", "object", sa->guardrail->object,
				     sb->guardrail->object);
			if (!same_text(d, sa->guardrail->alternative, sb->guardrail->alternative))
				attr(d, sa, sb, "guardrail", "alternative", sa->guardrail->alternative,
				     sb->guardrail->alternative);
		}
		break;
	case POLICY_STEP_LOOKUP:
		if (!same_text(d, sa->system, sb->system))
			attr(d, sa, sb, "system", "system", sa->system, sb->system);
		if (!same_keys(d, sa, sb))
			diff_keys(d, sa, sb, "keys", "key");
		break;
	case POLICY_STEP_REQUIRE:
		if (sa->min_count != sb->min_count) {
			const char *o = number(d, sa->min_count), *n = number(d, sb->min_count);
			change *c = add(d, "threshold", sa, sb);
			if (c) {
				c->where = "count";
				c->has_values = true;
				c->field = "count";
				c->old_value = c->old_text = o;
				c->new_value = c->new_text = n;
			}
		}
		if (!same_words(d, sa->doc, sb->doc))
			attr(d, sa, sb, "document", "document", sa->doc, sb->doc);
		break;
	default:
		break;
	}
	const char *what = sa->kind == POLICY_STEP_CHECK ? "condition" :
	                   sa->kind == POLICY_STEP_COMPUTE ? "definition" : "value";
	diff_expr(d, sa, sb, what, sa->value, sb->value);
	diff_expr(d, sa, sb, sa->kind == POLICY_STEP_ACTION ? "condition" : "guard", sa->guard,
	          sb->guard);
	if (renamed && text_is_rule && d->n == before)
		attr(d, sa, sb, "step_renamed", "label", sa->label, sb->label);
}

/* ---- what a plan needs from the world ---- */

typedef struct need {
	const char *name;   /* as written */
	const char *key;    /* words_key */
	const char *system; /* facts */
} need;

typedef struct needs {
	need *v;
	size_t n, cap;
} needs;

static void need_add(differ *d, needs *s, const char *name, const char *system)
{
	if (!name || d->nomem)
		return;
	char *key = words_key(&d->ar, name, strlen(name));
	if (!key) {
		d->nomem = true;
		return;
	}
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].key, key))
			return;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		need *v = arena_grow(&d->ar, s->v, s->n, cap, sizeof *v);
		if (!v) {
			d->nomem = true;
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (need){ name, key, system };
}

typedef struct doc_ctx {
	differ *d;
	needs *docs;
} doc_ctx;

static void doc_counts(const expr *e, void *ctx)
{
	doc_ctx *c = ctx;
	if (e->op == E_DOC_COUNT)
		need_add(c->d, c->docs, e->doc, NULL);
}

static void collect_needs(differ *d, const policy_plan *p, needs *docs, needs *facts)
{
	doc_ctx ctx = { d, docs };
	for (uint32_t i = 0; i < p->nsteps; i++) {
		const plan_step *s = &p->steps[i];
		if (s->kind == POLICY_STEP_EXTRACT || s->kind == POLICY_STEP_REQUIRE)
			need_add(d, docs, s->doc, NULL);
		if (s->kind == POLICY_STEP_LOOKUP)
			need_add(d, facts, s->label, s->system);
		for (uint32_t k = 0; s->kind == POLICY_STEP_LLM && s->llm && k < s->llm->ndocuments; k++)
			need_add(d, docs, s->llm->documents[k], NULL);
		step_visit_exprs(s, doc_counts, &ctx);
	}
}

static bool has_need(const needs *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].key, key))
			return true;
	return false;
}

static void diff_needs(differ *d, const needs *x, const needs *y, const char *what)
{
	char added[24], removed[24];
	snprintf(added, sizeof added, "%s_added", what);
	snprintf(removed, sizeof removed, "%s_removed", what);
	const char *ka = dup(d, added), *kr = dup(d, removed);
	if (!ka || !kr)
		return;
	for (size_t i = 0; i < y->n; i++)
		if (!has_need(x, y->v[i].key)) {
			change *c = add(d, ka, NULL, NULL);
			if (c) {
				c->field = y->v[i].name;
				c->new_value = y->v[i].system;
			}
		}
	for (size_t i = 0; i < x->n; i++)
		if (!has_need(y, x->v[i].key)) {
			change *c = add(d, kr, NULL, NULL);
			if (c) {
				c->field = x->v[i].name;
				c->old_value = x->v[i].system;
			}
		}
}

/* ---- commentary ----
 *
 * Commentary makes no step, so the steps cannot show it changed: the
 * commentary sentences of the two source maps are compared as texts
 * (case-folded, spaces collapsed), each counted as often as it occurs.
 * Not compared when either plan has no source map (saved before plans
 * carried one). */

typedef struct remark {
	const char *key;
	const plan_sentence *s;
} remark;

static int by_key(const void *x, const void *y)
{
	const remark *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a->s->sp.line < b->s->sp.line ? -1 : a->s->sp.line > b->s->sp.line;
}

static remark *remarks(differ *d, const policy_plan *p, size_t *n)
{
	remark *r = arena_alloc(&d->ar, (p->nsentences ? p->nsentences : 1) * sizeof *r);
	*n = 0;
	if (!r) {
		d->nomem = true;
		return NULL;
	}
	for (uint32_t i = 0; i < p->nsentences; i++)
		if (p->sentences[i].cls == CLASS_COMMENTARY) {
			r[*n].key = norm(d, p->sentences[i].text ? p->sentences[i].text : "");
			r[(*n)++].s = &p->sentences[i];
		}
	qsort(r, *n, sizeof *r, by_key);
	return r;
}

static size_t diff_commentary(differ *d)
{
	if (!d->a->nsentences || !d->b->nsentences)
		return 0;
	size_t na, nb, i = 0, j = 0, before = d->n;
	remark *ra = remarks(d, d->a, &na), *rb = remarks(d, d->b, &nb);
	if (d->nomem)
		return 0;
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : strcmp(ra[i].key, rb[j].key);
		change *ch;
		if (c == 0) {
			i++;
			j++;
		} else if (c < 0 && (ch = add(d, "commentary_removed", NULL, NULL))) {
			ch->old_text = ra[i].s->text;
			ch->line_a = ra[i++].s->sp.line;
		} else if (c > 0 && (ch = add(d, "commentary_added", NULL, NULL))) {
			ch->new_text = rb[j].s->text;
			ch->line_b = rb[j++].s->sp.line;
		} else {
			return 0; /* out of memory */
		}
	}
	return d->n - before;
}

/* ---- writing ---- */

static void opt(json_writer *w, const char *key, const char *s)
{
	if (s) {
		jw_key(w, key);
		jw_string(w, s);
	}
}

static void write_plan(json_writer *w, const char *key, const policy_plan *p)
{
	jw_key(w, key);
	jw_begin_object(w);
	opt(w, "name", p->name);
	opt(w, "version", p->version);
	jw_key(w, "plan_hash");
	jw_string(w, p->body_hash);
	jw_key(w, "steps");
	jw_uint(w, p->nsteps);
	jw_key(w, "est_tokens");
	jw_uint(w, p->est_tokens);
	jw_end_object(w);
}

static void write_change(json_writer *w, const change *c)
{
	jw_begin_object(w);
	jw_key(w, "kind");
	jw_string(w, c->kind);
	const plan_step *s = c->sb ? c->sb : c->sa;
	if (s) {
		jw_key(w, "step");
		jw_string(w, s->id);
		if (c->sa && c->sb && strcmp(c->sa->id, c->sb->id))
			opt(w, "old_step", c->sa->id);
		jw_key(w, "step_kind");
		jw_string(w, policy_step_kind_name(s->kind));
		opt(w, "label", s->label);
	}
	opt(w, "where", c->where);
	if (c->has_values)
		opt(w, "value_type", c->field);
	else
		opt(w, "field", c->field);
	opt(w, "old", c->old_value);
	opt(w, "new", c->new_value);
	opt(w, "old_text", c->old_text);
	opt(w, "new_text", c->new_text);
	if (c->sa || c->line_a) {
		jw_key(w, "line_a");
		jw_uint(w, c->line_a);
	}
	if (c->sb || c->line_b) {
		jw_key(w, "line_b");
		jw_uint(w, c->line_b);
	}
	if (c->nalso) {
		jw_key(w, "also");
		jw_begin_array(w);
		for (size_t i = 0; i < c->nalso; i++) {
			jw_begin_object(w);
			jw_key(w, "step");
			jw_string(w, c->also[i]->id);
			opt(w, "label", c->also[i]->label);
			jw_end_object(w);
		}
		jw_end_array(w);
	}
	jw_end_object(w);
}

static void header(differ *d, const char *field, const char *x, const char *y)
{
	if (!same_text(d, x, y))
		attr(d, NULL, NULL, "header", field, x, y);
}

policy_status policy_plan_diff(const policy_plan *a, const policy_plan *b, char **json,
                               size_t *len)
{
	if (!a || !b || !json)
		return POLICY_ERR_ARGUMENT;
	*json = NULL;
	if (len)
		*len = 0;
	differ d = { 0 };
	d.a = a;
	d.b = b;
	arena_init(&d.ar, &a->m);
	d.a2b = arena_alloc(&d.ar, (a->nsteps ? a->nsteps : 1) * sizeof *d.a2b);
	d.b2a = arena_alloc(&d.ar, (b->nsteps ? b->nsteps : 1) * sizeof *d.b2a);
	if (!d.a2b || !d.b2a) {
		arena_release(&d.ar);
		return POLICY_ERR_NOMEM;
	}
	match_steps(&d);

	header(&d, "name", a->name, b->name);
	header(&d, "version", a->version, b->version);
	header(&d, "effective", a->effective, b->effective);
	header(&d, "source", a->source, b->source);
	if (!same_words(&d, a->trigger, b->trigger))
		attr(&d, NULL, NULL, "header", "trigger", a->trigger, b->trigger);
	if (a->token_budget != b->token_budget)
		attr(&d, NULL, NULL, "header", "token_budget", number(&d, a->token_budget),
		     number(&d, b->token_budget));
	for (uint32_t j = 0; j < b->nsteps && !d.nomem; j++) {
		const plan_step *sb = &b->steps[j];
		if (d.b2a[j] < 0)
			add(&d, "step_added", NULL, sb);
		else
			diff_step(&d, &a->steps[d.b2a[j]], sb);
	}
	for (uint32_t i = 0; i < a->nsteps && !d.nomem; i++)
		if (d.a2b[i] < 0)
			add(&d, "step_removed", &a->steps[i], NULL);
	size_t remarks_changed = diff_commentary(&d);
	needs da = { 0 }, fa = { 0 }, db = { 0 }, fb = { 0 };
	collect_needs(&d, a, &da, &fa);
	collect_needs(&d, b, &db, &fb);
	diff_needs(&d, &da, &db, "document");
	diff_needs(&d, &fa, &fb, "fact");
	if (a->est_tokens != b->est_tokens)
		attr(&d, NULL, NULL, "tokens", "est_tokens", number(&d, a->est_tokens),
		     number(&d, b->est_tokens));

	buf out;
	buf_init(&out, &a->m);
	if (!d.nomem) {
		json_writer w;
		jw_init(&w, &out, true);
		jw_begin_object(&w);
		jw_key(&w, "format");
		jw_string(&w, "libpolicy-diff/1");
		jw_key(&w, "equal");
		jw_bool(&w, d.n == remarks_changed);
		write_plan(&w, "a", a);
		write_plan(&w, "b", b);
		jw_key(&w, "changes");
		jw_begin_array(&w);
		for (size_t i = 0; i < d.n; i++)
			write_change(&w, &d.ch[i]);
		jw_end_array(&w);
		jw_end_object(&w);
		buf_putc(&out, '\n');
	}
	policy_status st = d.nomem ? POLICY_ERR_NOMEM : buf_export(&out, json, len);
	buf_release(&out);
	arena_release(&d.ar);
	return st;
}
