/*
 * The questions `policy lint` asks about a plan, and the findings they
 * give (docs/lint.md lists them with examples).
 *
 * Rules split values into ranges: "If the claimed amount exceeds $50,000,
 * escalate. If it is below $50,000, approve." A group is the actions whose
 * guards compare the same inputs with a constant, one from above and one
 * from below (or in bands); within a group the analyzer looks for gaps
 * (a value no rule of the group decides), overlapping bands and repeated
 * thresholds. Across the plan it looks for opposite actions firing
 * together (a small lexicon of verbs), rules that can never fire, rules
 * another rule with the same action always accompanies, conditions that
 * are always true or always false, and inputs nothing reads.
 *
 * Every finding with a witness is checked by running the witness through
 * the executor (witness.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "solve.h"

#define MAX_LEAVES 16

typedef enum dir { D_UP, D_DOWN, D_BAND } dir;

typedef struct atom {
	size_t action;          /* step index */
	size_t leaves[MAX_LEAVES];
	size_t nleaves;
	dir d;
	bool negated;           /* under a "not" */
	const cJSON *e;         /* the comparison */
	const char *term;       /* the step a "ref" side names: the term compared */
	const char *threshold;  /* the constant's value as saved, or NULL */
	const char *threshold_text;
} atom;

typedef struct lint_ctx {
	const policy_plan *plan;
	lp_plan p;
	world w;
	planenc pe;
	asker a;
	policy_lint_report *rep;
	policy_lint_options o;
	atom *atoms;
	size_t natoms, capatoms;
	bool *dead;
} lint_ctx;

static const char *op_of(const cJSON *e)
{
	return lp_str(e, "op");
}

static const cJSON *arg(const cJSON *e, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "args"), i);
}

static const char *step_text(const lp_step *s)
{
	return s->sentence ? s->sentence : s->label ? s->label : s->id;
}

static void clause(lint_ctx *c, lint_finding *f, size_t i)
{
	const lp_step *s = &c->p.steps[i];
	rep_clause(c->rep, f, s->id, step_text(s), s->line, s->column);
}

/* ---- atoms: comparisons with a constant in action guards ---- */

static const char *const_value(const cJSON *e, const char **text)
{
	if (e && op_of(e) && !strcmp(op_of(e), "const")) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "value");
		*text = lp_str(e, "text");
		return cJSON_IsString(v) ? v->valuestring : NULL;
	}
	return NULL;
}

static void push_atom(lint_ctx *c, const atom *a)
{
	if (c->natoms == c->capatoms) {
		size_t cap = c->capatoms ? c->capatoms * 2 : 32;
		atom *n = realloc(c->atoms, cap * sizeof *n);
		if (!n) {
			c->rep->nomem = true;
			return;
		}
		c->atoms = n;
		c->capatoms = cap;
	}
	c->atoms[c->natoms++] = *a;
}

static void atoms_of(lint_ctx *c, size_t action, const cJSON *e, bool negated, int depth)
{
	const char *op = op_of(e);
	if (!op || depth > 16)
		return;
	if (!strcmp(op, "and") && !negated) {
		const cJSON *x;
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(e, "args"))
			atoms_of(c, action, x, negated, depth + 1);
		return;
	}
	if (!strcmp(op, "not")) {
		atoms_of(c, action, arg(e, 0), !negated, depth + 1);
		return;
	}
	atom a = { .action = action, .e = e, .negated = negated };
	if (!strcmp(op, "cmp")) {
		const char *cmp = lp_str(e, "cmp");
		size_t l0 = enc_leaves_of(&c->pe, arg(e, 0), a.leaves, MAX_LEAVES);
		size_t tmp[MAX_LEAVES];
		size_t l1 = enc_leaves_of(&c->pe, arg(e, 1), tmp, MAX_LEAVES);
		if (!cmp || !strcmp(cmp, "eq") || !strcmp(cmp, "ne") || (!l0 && !l1))
			return;
		bool up = !strcmp(cmp, "gt") || !strcmp(cmp, "ge");
		if (!l0) { /* "$5,000 is less than the amount" */
			up = !up;
			memcpy(a.leaves, tmp, sizeof tmp);
			a.nleaves = l1;
			a.threshold = const_value(arg(e, 0), &a.threshold_text);
		} else {
			/* two inputs compared ("exceeds 75% of the actual cash value"):
			 * the group is all of them */
			for (size_t k = 0; k < l1; k++) {
				bool seen = false;
				for (size_t x = 0; x < l0; x++)
					seen |= a.leaves[x] == tmp[k];
				if (!seen && l0 < MAX_LEAVES)
					a.leaves[l0++] = tmp[k];
			}
			for (size_t x = 1; x < l0; x++) /* keep the set sorted */
				for (size_t y = x; y > 0 && a.leaves[y - 1] > a.leaves[y]; y--) {
					size_t t = a.leaves[y];
					a.leaves[y] = a.leaves[y - 1];
					a.leaves[y - 1] = t;
				}
			a.nleaves = l0;
			a.threshold = l1 ? NULL : const_value(arg(e, 1), &a.threshold_text);
		}
		const cJSON *side = l0 ? arg(e, 0) : arg(e, 1);
		if (op_of(side) && !strcmp(op_of(side), "ref"))
			a.term = lp_str(side, "step");
		a.d = (up != negated) ? D_UP : D_DOWN;
	} else if (!strcmp(op, "between") && !negated) {
		a.nleaves = enc_leaves_of(&c->pe, arg(e, 0), a.leaves, MAX_LEAVES);
		if (op_of(arg(e, 0)) && !strcmp(op_of(arg(e, 0)), "ref"))
			a.term = lp_str(arg(e, 0), "step");
		a.d = D_BAND;
	} else if (!strcmp(op, "within")) {
		size_t tmp[2 * MAX_LEAVES];
		size_t n = enc_leaves_of(&c->pe, e, tmp, MAX_LEAVES);
		memcpy(a.leaves, tmp, n * sizeof *tmp);
		a.nleaves = n;
		a.d = negated ? D_UP : D_DOWN;
	} else {
		return;
	}
	if (a.nleaves)
		push_atom(c, &a);
}

/* One term: the same inputs, and the same named value where one is
 * named ("the down payment percentage" and "the amount financed" read
 * the same inputs but are different terms). */
static bool same_leaves(const atom *a, const atom *b)
{
	if ((a->term == NULL) != (b->term == NULL) || (a->term && strcmp(a->term, b->term)))
		return false;
	return a->nleaves == b->nleaves && !memcmp(a->leaves, b->leaves, a->nleaves * sizeof *a->leaves);
}

/* The guard's top-level conjuncts. */
static size_t conjuncts(const cJSON *g, const cJSON **out, size_t cap)
{
	if (!g || !op_of(g))
		return 0;
	if (strcmp(op_of(g), "and")) {
		out[0] = g;
		return 1;
	}
	size_t n = 0;
	const cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(g, "args")) if (n < cap) out[n++] = x;
	return n;
}

/* Is e (a conjunct of action's guard) one of the group's comparisons, or
 * made of them? The other conjuncts are the rule's context (a scope, a
 * status), which a gap must satisfy. */
static bool holds_group_atom(lint_ctx *c, const cJSON *e, const atom *lead, size_t action, int depth)
{
	if (!e || depth > 16)
		return false;
	for (size_t k = 0; k < c->natoms; k++)
		if (c->atoms[k].e == e && c->atoms[k].action == action && same_leaves(&c->atoms[k], lead))
			return true;
	const char *op = op_of(e);
	if (!op || (strcmp(op, "and") && strcmp(op, "not")))
		return false;
	const cJSON *a;
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(e, "args")) if (holds_group_atom(c, a, lead, action, depth + 1)) return true;
	return false;
}

/* ---- witnesses ---- */

static size_t leaf_index(lint_ctx *c, size_t step)
{
	const lp_step *s = &c->p.steps[step];
	for (size_t i = 0; i < c->w.nleaves; i++)
		if (c->w.leaves[i].step == s)
			return i;
	return (size_t)-1;
}

/* Build, run and attach a witness; *summary gets the case in words. */
static bool witness(lint_ctx *c, lint_finding *f, Z3_model m, const atom *focus, wit_run *run,
                    char **summary)
{
	size_t fl[MAX_LEAVES], nf = 0;
	for (size_t i = 0; focus && i < focus->nleaves; i++) {
		size_t k = leaf_index(c, focus->leaves[i]);
		if (k != (size_t)-1)
			fl[nf++] = k;
	}
	wit_case wc;
	*summary = NULL;
	if (!wit_from_model(&c->w, m, &c->p, fl, nf, &wc)) {
		c->rep->nomem = true;
		return false;
	}
	bool ran = wit_run_plan(c->plan, &wc, run);
	if (ran)
		wit_attach(c->rep, f, &wc, run);
	*summary = rep_strdup(c->rep, wc.summary);
	wit_case_free(&wc);
	return ran;
}

/* ---- the questions ---- */

static void unused_inputs(lint_ctx *c)
{
	for (size_t i = 0; i < c->p.n; i++) {
		const lp_step *s = &c->p.steps[i];
		if ((s->kind != LP_EXTRACT && s->kind != LP_LOOKUP) || s->read)
			continue;
		lint_finding *f = rep_add(c->rep, POLICY_LINT_UNUSED_INPUT, POLICY_SEVERITY_WARNING);
		if (!f)
			return;
		f->message = s->kind == LP_EXTRACT ?
			rep_printf(c->rep, "The policy extracts the %s from the %s, but no rule uses it.",
			           s->label, s->doc ? s->doc : "document") :
			rep_printf(c->rep, "The policy looks up the %s in the %s, but no rule uses it.",
			           s->label, s->system ? s->system : "system of record");
		clause(c, f, i);
	}
}

static void dead_rules(lint_ctx *c)
{
	world *w = &c->w;
	for (size_t i = 0; i < c->p.n; i++) {
		const lp_step *s = &c->p.steps[i];
		if (s->kind != LP_ACTION)
			continue;
		Z3_lbool r = ask(&c->a, enc_and2(w, c->pe.complete, c->pe.fire[i]), NULL);
		if (r != Z3_L_FALSE)
			continue;
		c->dead[i] = true;
		lint_finding *f = rep_add(c->rep, POLICY_LINT_DEAD_RULE, POLICY_SEVERITY_ERROR);
		if (!f)
			return;
		f->message = rep_printf(c->rep,
			"\"%s\" (line %u) can never happen: its condition cannot hold in any case the "
			"policy decides.", s->label, s->line);
		clause(c, f, i);
	}
}

static bool in_lexicon(const char *verb, const char *const *words)
{
	for (size_t i = 0; verb && words[i]; i++)
		if (!strcasecmp(verb, words[i]))
			return true;
	return false;
}

static const char *const positive_verbs[] = { "approve", "accept", "grant", "authorize",
	"pay", "release", "fund", "allow", "renew", "issue", NULL };
static const char *const negative_verbs[] = { "deny", "decline", "reject", "refuse", "hold",
	"withhold", "block", "suspend", "cancel", "void", NULL };

static const char *head_word(const char *object, char *buf, size_t cap)
{
	lp_action_key(object, buf, cap);
	const char *sp = strrchr(buf, ' ');
	return sp ? sp + 1 : buf;
}

static bool opposite(const lp_step *a, const lp_step *b)
{
	bool ab = in_lexicon(a->verb, positive_verbs) && in_lexicon(b->verb, negative_verbs);
	bool ba = in_lexicon(b->verb, positive_verbs) && in_lexicon(a->verb, negative_verbs);
	if (!ab && !ba)
		return false;
	char x[256], y[256];
	const char *hx = head_word(a->object, x, sizeof x), *hy = head_word(b->object, y, sizeof y);
	return !*hx || !*hy || !strcmp(hx, hy);
}

static bool is_conflict_pair(lint_ctx *c, size_t i, size_t j)
{
	return opposite(&c->p.steps[i], &c->p.steps[j]);
}

static void conflicts(lint_ctx *c)
{
	world *w = &c->w;
	for (size_t i = 0; i < c->p.n; i++) {
		for (size_t j = i + 1; j < c->p.n; j++) {
			const lp_step *a = &c->p.steps[i], *b = &c->p.steps[j];
			if (a->kind != LP_ACTION || b->kind != LP_ACTION || c->dead[i] || c->dead[j] ||
			    !is_conflict_pair(c, i, j))
				continue;
			Z3_ast q = enc_and2(w, c->pe.complete, enc_and2(w, c->pe.fire[i], c->pe.fire[j]));
			q = enc_and2(w, q, enc_not(w, enc_or2(w, c->pe.blocked[i], c->pe.blocked[j])));
			Z3_model m;
			if (ask(&c->a, q, &m) != Z3_L_TRUE)
				continue;
			lint_finding *f = rep_add(c->rep, POLICY_LINT_CONFLICT, POLICY_SEVERITY_ERROR);
			if (f) {
				clause(c, f, i);
				clause(c, f, j);
				wit_run run;
				char *sum = NULL;
				if (witness(c, f, m, NULL, &run, &sum)) {
					f->verified = run.outcome == POLICY_OUTCOME_COMPLETE &&
					              wit_fired(&run, a->label) && wit_fired(&run, b->label);
					wit_run_free(&run);
				}
				f->message = rep_printf(c->rep,
					"\"%s\" (line %u) and \"%s\" (line %u) both happen when %s.",
					a->label, a->line, b->label, b->line, sum ? sum : "the witness holds");
				free(sum);
			}
			Z3_model_dec_ref(w->z, m);
		}
	}
}

/* Same-action pairs that are duplicate thresholds are reported as such,
 * not as shadowed rules. */
static bool duplicate_pair(lint_ctx *c, size_t i, size_t j)
{
	for (size_t x = 0; x < c->natoms; x++)
		for (size_t y = 0; y < c->natoms; y++) {
			const atom *a = &c->atoms[x], *b = &c->atoms[y];
			if (a->action == i && b->action == j && same_leaves(a, b) && a->d == b->d &&
			    a->d != D_BAND && a->threshold && b->threshold && strcmp(a->threshold, b->threshold))
				return true;
		}
	return false;
}

static bool same_action(const lp_step *a, const lp_step *b)
{
	char x[512], y[512];
	lp_action_key(a->label, x, sizeof x);
	lp_action_key(b->label, y, sizeof y);
	return !strcmp(x, y);
}

static void shadowed(lint_ctx *c)
{
	world *w = &c->w;
	bool *reported = calloc(c->p.n ? c->p.n : 1, sizeof *reported);
	if (!reported) {
		c->rep->nomem = true;
		return;
	}
	for (size_t j = 0; j < c->p.n; j++) {
		for (size_t i = 0; i < c->p.n && !reported[j]; i++) {
			const lp_step *a = &c->p.steps[i], *b = &c->p.steps[j];
			if (i == j || a->kind != LP_ACTION || b->kind != LP_ACTION || c->dead[i] ||
			    c->dead[j] || reported[i] || !same_action(a, b) || duplicate_pair(c, i, j) ||
			    duplicate_pair(c, j, i))
				continue;
			Z3_ast only_b = enc_and2(w, c->pe.complete, enc_and2(w, c->pe.fire[j], enc_not(w, c->pe.fire[i])));
			if (ask(&c->a, only_b, NULL) != Z3_L_FALSE)
				continue;
			Z3_model m;
			if (ask(&c->a, enc_and2(w, c->pe.complete, c->pe.fire[j]), &m) != Z3_L_TRUE)
				continue;
			reported[j] = true;
			lint_finding *f = rep_add(c->rep, POLICY_LINT_SHADOWED_RULE, POLICY_SEVERITY_WARNING);
			if (f) {
				clause(c, f, j);
				clause(c, f, i);
				wit_run run;
				char *sum = NULL;
				if (witness(c, f, m, NULL, &run, &sum)) {
					f->verified = run.outcome == POLICY_OUTCOME_COMPLETE && wit_fired(&run, b->label);
					wit_run_free(&run);
				}
				f->message = rep_printf(c->rep,
					"The rule on line %u adds nothing: whenever it makes \"%s\" happen, the "
					"rule on line %u does too (for example when %s).",
					b->line, b->label, a->line, sum ? sum : "the witness holds");
				free(sum);
			}
			Z3_model_dec_ref(w->z, m);
		}
	}
	free(reported);
}

/* The value lies beyond atom a's range: below it (above == false) or
 * above it. An "exceeds" atom has values below it where it is false; a
 * "below" atom values above it; a band both, by its ends. */
static Z3_ast beyond(lint_ctx *c, const atom *a, bool above)
{
	world *w = &c->w;
	const char *op = op_of(a->e);
	if (!strcmp(op, "between")) {
		enc x = enc_expr(&c->pe, arg(a->e, 0));
		enc end = enc_expr(&c->pe, arg(a->e, above ? 2 : 1));
		if (x.sort != end.sort || (x.sort != S_NUM && x.sort != S_DATE))
			return Z3_mk_false(w->z);
		Z3_ast known = enc_and2(w, x.known, end.known);
		return enc_and2(w, known, above ? Z3_mk_gt(w->z, x.val, end.val) : Z3_mk_lt(w->z, x.val, end.val));
	}
	if ((a->d == D_UP) == above)
		return Z3_mk_false(w->z);
	enc e = enc_expr(&c->pe, a->e);
	if (e.sort != S_BOOL)
		return Z3_mk_false(w->z);
	return a->negated ? e.t : e.f;
}

static bool same_span(const cJSON *a, const cJSON *b)
{
	const cJSON *sa = cJSON_GetObjectItemCaseSensitive(a, "span");
	const cJSON *sb = cJSON_GetObjectItemCaseSensitive(b, "span");
	return sa && sb && cJSON_Compare(sa, sb, true);
}

static void describe_group(lint_ctx *c, const size_t *acts, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t k = 0; k < n && o + 1 < cap; k++) {
		const lp_step *s = &c->p.steps[acts[k]];
		int r = snprintf(out + o, cap - o, "%s\"%s\" (line %u)",
		                 k == 0 ? "" : k + 1 == n ? " or " : ", ", s->label, s->line);
		if (r < 0)
			break;
		o += (size_t)r < cap - o ? (size_t)r : cap - o - 1;
	}
}

static void groups(lint_ctx *c)
{
	world *w = &c->w;
	bool *done = calloc(c->natoms ? c->natoms : 1, sizeof *done);
	size_t *acts = calloc(c->natoms ? c->natoms : 1, sizeof *acts);
	if (!done || !acts) {
		free(done);
		free(acts);
		c->rep->nomem = true;
		return;
	}
	for (size_t g = 0; g < c->natoms; g++) {
		if (done[g])
			continue;
		const atom *lead = &c->atoms[g];
		size_t n = 0;
		bool up = false, down = false;
		size_t bands = 0;
		Z3_ast below_some = Z3_mk_false(w->z), above_some = Z3_mk_false(w->z);
		for (size_t k = g; k < c->natoms; k++) {
			const atom *a = &c->atoms[k];
			if (!same_leaves(a, lead))
				continue;
			done[k] = true;
			if (c->dead[a->action])
				continue;
			up |= a->d == D_UP;
			down |= a->d == D_DOWN;
			bool new_band = a->d == D_BAND;
			for (size_t x = g; x < k && new_band; x++)
				new_band = !(c->atoms[x].d == D_BAND && same_leaves(&c->atoms[x], lead) &&
				             same_span(c->atoms[x].e, a->e));
			bands += new_band;
			below_some = enc_or2(w, below_some, beyond(c, a, false));
			above_some = enc_or2(w, above_some, beyond(c, a, true));
			bool seen = false;
			for (size_t x = 0; x < n; x++)
				seen |= acts[x] == a->action;
			if (!seen)
				acts[n++] = a->action;
		}
		if (n < 2 || !((up && down) || bands >= 2 || (bands && (up || down))))
			continue;
		/* gap: every action's other conditions hold, the inputs are known,
		 * the case completes, and no action of the group fires */
		/* ... and the value lies between the group's ranges, not outside
		 * all of them ("above $10,000, or $8,000 to $10,000" leaves small
		 * amounts to no rule on purpose) */
		Z3_ast q = enc_and2(w, c->pe.complete, enc_and2(w, below_some, above_some));
		for (size_t i = 0; i < lead->nleaves; i++) {
			size_t li = leaf_index(c, lead->leaves[i]);
			if (li != (size_t)-1)
				q = enc_and2(w, q, w->leaves[li].present);
		}
		for (size_t x = 0; x < n; x++) {
			q = enc_and2(w, q, enc_not(w, c->pe.fire[acts[x]]));
			const cJSON *cj[32];
			size_t nc = conjuncts(c->p.steps[acts[x]].guard, cj, 32);
			for (size_t k = 0; k < nc; k++)
				if (!holds_group_atom(c, cj[k], lead, acts[x], 0))
					q = enc_and2(w, q, enc_is_true(w, enc_expr(&c->pe, cj[k])));
		}
		Z3_model m;
		if (ask(&c->a, q, &m) == Z3_L_TRUE) {
			lint_finding *f = rep_add(c->rep, POLICY_LINT_GAP, POLICY_SEVERITY_ERROR);
			if (f) {
				for (size_t x = 0; x < n; x++)
					clause(c, f, acts[x]);
				wit_run run;
				char *sum = NULL;
				if (witness(c, f, m, lead, &run, &sum)) {
					bool none = run.outcome == POLICY_OUTCOME_COMPLETE;
					for (size_t x = 0; x < n; x++)
						none = none && !wit_fired(&run, c->p.steps[acts[x]].label);
					f->verified = none;
					wit_run_free(&run);
				}
				char list[2048];
				describe_group(c, acts, n, list, sizeof list);
				f->message = rep_printf(c->rep,
					"None of %s happens when %s: the rules split these values into "
					"ranges that leave this case out.", list, sum ? sum : "the witness holds");
				free(sum);
			}
			Z3_model_dec_ref(w->z, m);
		}
		/* overlapping bands: two actions of the group with bounded ranges
		 * firing together */
		for (size_t x = 0; x < n; x++)
			for (size_t y = x + 1; y < n; y++) {
				size_t i = acts[x], j = acts[y];
				bool distinct = false; /* a band of each, not one shared scope */
				for (size_t k = 0; k < c->natoms; k++)
					for (size_t l = 0; l < c->natoms; l++) {
						const atom *a = &c->atoms[k], *b2 = &c->atoms[l];
						distinct |= a->action == i && b2->action == j && a->d == D_BAND &&
						            b2->d == D_BAND && same_leaves(a, lead) &&
						            same_leaves(b2, lead) && !same_span(a->e, b2->e);
					}
				if (!distinct || same_action(&c->p.steps[i], &c->p.steps[j]) ||
				    is_conflict_pair(c, i, j))
					continue;
				Z3_ast both = enc_and2(w, c->pe.complete, enc_and2(w, c->pe.fire[i], c->pe.fire[j]));
				if (ask(&c->a, both, &m) != Z3_L_TRUE)
					continue;
				lint_finding *f = rep_add(c->rep, POLICY_LINT_OVERLAPPING_BANDS, POLICY_SEVERITY_WARNING);
				if (f) {
					clause(c, f, i);
					clause(c, f, j);
					wit_run run;
					char *sum = NULL;
					if (witness(c, f, m, lead, &run, &sum)) {
						f->verified = run.outcome == POLICY_OUTCOME_COMPLETE &&
						              wit_fired(&run, c->p.steps[i].label) &&
						              wit_fired(&run, c->p.steps[j].label);
						wit_run_free(&run);
					}
					f->message = rep_printf(c->rep,
						"The ranges of line %u and line %u overlap: when %s, both \"%s\" and "
						"\"%s\" happen.", c->p.steps[i].line, c->p.steps[j].line,
						sum ? sum : "the witness holds", c->p.steps[i].label, c->p.steps[j].label);
					free(sum);
				}
				Z3_model_dec_ref(w->z, m);
			}
	}
	free(done);
	free(acts);
}

static void duplicate_thresholds(lint_ctx *c)
{
	world *w = &c->w;
	for (size_t x = 0; x < c->natoms; x++) {
		for (size_t y = x + 1; y < c->natoms; y++) {
			const atom *a = &c->atoms[x], *b = &c->atoms[y];
			if (a->action == b->action || !same_leaves(a, b) || a->d != b->d || a->d == D_BAND ||
			    !a->threshold || !b->threshold || !strcmp(a->threshold, b->threshold) ||
			    !same_action(&c->p.steps[a->action], &c->p.steps[b->action]))
				continue;
			bool again = false; /* one finding per pair of rules */
			for (size_t k = 0; k < x && !again; k++)
				for (size_t l = k + 1; l < c->natoms && !again; l++)
					again = c->atoms[k].action == a->action && c->atoms[l].action == b->action &&
					        same_leaves(&c->atoms[k], &c->atoms[l]) && c->atoms[k].threshold &&
					        c->atoms[l].threshold;
			if (again)
				continue;
			size_t i = a->action, j = b->action;
			Z3_ast q = enc_and2(w, c->pe.complete,
			                    enc_or2(w, enc_and2(w, c->pe.fire[i], enc_not(w, c->pe.fire[j])),
			                            enc_and2(w, c->pe.fire[j], enc_not(w, c->pe.fire[i]))));
			Z3_model m;
			if (ask(&c->a, q, &m) != Z3_L_TRUE)
				continue;
			lint_finding *f = rep_add(c->rep, POLICY_LINT_DUPLICATE_THRESHOLD, POLICY_SEVERITY_WARNING);
			if (f) {
				clause(c, f, i);
				clause(c, f, j);
				wit_run run;
				char *sum = NULL;
				if (witness(c, f, m, a, &run, &sum)) {
					f->verified = run.outcome == POLICY_OUTCOME_COMPLETE &&
					              wit_fired(&run, c->p.steps[i].label);
					wit_run_free(&run);
				}
				f->message = rep_printf(c->rep,
					"\"%s\" has two thresholds for the same value: %s (line %u) and %s "
					"(line %u); between them only one rule applies (for example when %s).",
					c->p.steps[i].label, a->threshold_text ? a->threshold_text : a->threshold,
					c->p.steps[i].line, b->threshold_text ? b->threshold_text : b->threshold,
					c->p.steps[j].line, sum ? sum : "the witness holds");
				free(sum);
			}
			Z3_model_dec_ref(w->z, m);
		}
	}
}

static void constant_condition(lint_ctx *c, size_t i, const cJSON *cond, Z3_ast context,
                               const char *what)
{
	world *w = &c->w;
	enc e = enc_expr(&c->pe, cond);
	if (e.sort != S_BOOL)
		return;
	Z3_lbool can_true = ask(&c->a, enc_and2(w, context, e.t), NULL);
	Z3_lbool can_false = ask(&c->a, enc_and2(w, context, e.f), NULL);
	const lp_step *s = &c->p.steps[i];
	if (can_true == Z3_L_TRUE && can_false == Z3_L_FALSE) {
		lint_finding *f = rep_add(c->rep, POLICY_LINT_ALWAYS_TRUE, POLICY_SEVERITY_WARNING);
		if (!f)
			return;
		f->message = rep_printf(c->rep, "\"%s\" (line %u) is always true%s: no case makes it false.",
		                        s->label ? s->label : step_text(s), s->line, what);
		clause(c, f, i);
	} else if (can_false == Z3_L_TRUE && can_true == Z3_L_FALSE) {
		lint_finding *f = rep_add(c->rep, POLICY_LINT_ALWAYS_FALSE, POLICY_SEVERITY_WARNING);
		if (!f)
			return;
		f->message = rep_printf(c->rep, "\"%s\" (line %u) is never true%s: no case makes it hold.",
		                        s->label ? s->label : step_text(s), s->line, what);
		clause(c, f, i);
	}
}

static void constant_conditions(lint_ctx *c)
{
	world *w = &c->w;
	for (size_t i = 0; i < c->p.n; i++) {
		const lp_step *s = &c->p.steps[i];
		if (s->kind == LP_COMPUTE && s->type && !strcmp(s->type, "boolean") && s->value)
			constant_condition(c, i, s->value, enc_true(w), "");
		else if (s->kind == LP_CHECK && s->value)
			constant_condition(c, i, s->value, enc_is_true(w, enc_expr(&c->pe, s->guard)),
			                   " where the check applies");
	}
}

static void every_case(lint_ctx *c)
{
	world *w = &c->w;
	Z3_ast q = c->pe.complete;
	size_t n = 0;
	for (size_t i = 0; i < c->p.n; i++)
		if (c->p.steps[i].kind == LP_ACTION) {
			q = enc_and2(w, q, enc_not(w, c->pe.fire[i]));
			n++;
		}
	Z3_model m;
	if (!n || ask(&c->a, q, &m) != Z3_L_TRUE)
		return;
	lint_finding *f = rep_add(c->rep, POLICY_LINT_GAP, POLICY_SEVERITY_ERROR);
	if (f) {
		wit_run run;
		char *sum = NULL;
		if (witness(c, f, m, NULL, &run, &sum)) {
			f->verified = run.outcome == POLICY_OUTCOME_COMPLETE && run.nactions == 0;
			wit_run_free(&run);
		}
		f->message = rep_printf(c->rep, "No action happens when %s, though the policy is meant "
		                        "to decide every case.", sum ? sum : "the witness holds");
		free(sum);
	}
	Z3_model_dec_ref(w->z, m);
}

policy_status policy_lint_plan(const policy_plan *plan, const policy_lint_options *opts,
                               policy_lint_report **out, char **message)
{
	if (message)
		*message = NULL;
	if (!plan || !out) {
		lint_set_message(message, "policy_lint_plan needs a plan and somewhere to put the report");
		return POLICY_ERR_ARGUMENT;
	}
	*out = NULL;
	lint_ctx c;
	memset(&c, 0, sizeof c);
	policy_lint_options o = POLICY_LINT_OPTIONS_INIT;
	if (opts)
		memcpy(&o, opts, opts->struct_size < sizeof o ? opts->struct_size : sizeof o);
	o.struct_size = sizeof o;
	c.o = o;
	c.plan = plan;
	if (!lp_load(plan, &c.p, message))
		return POLICY_ERR_PLAN;
	c.rep = rep_new();
	policy_status st = POLICY_ERR_NOMEM;
	if (!c.rep || !enc_world_init(&c.w, o.timeout_ms))
		goto done;
	c.dead = calloc(c.p.n ? c.p.n : 1, sizeof *c.dead);
	if (!c.dead || !enc_plan(&c.w, &c.p, &c.pe) ||
	    !ask_init(&c.a, &c.w, o.timeout_ms, &c.rep->inconclusive))
		goto done;
	for (size_t i = 0; i < c.p.n; i++)
		if (c.p.steps[i].kind == LP_ACTION)
			atoms_of(&c, i, c.p.steps[i].guard, false, 0);
	unused_inputs(&c);
	dead_rules(&c);
	conflicts(&c);
	groups(&c);
	duplicate_thresholds(&c);
	shadowed(&c);
	constant_conditions(&c);
	if (o.every_case)
		every_case(&c);
	if (!c.rep->nomem && !c.w.nomem) {
		rep_sort(c.rep);
		*out = c.rep;
		c.rep = NULL;
		st = POLICY_OK;
	}
done:
	if (st == POLICY_ERR_NOMEM)
		lint_set_message(message, "out of memory");
	ask_free(&c.a);
	enc_plan_free(&c.pe);
	enc_world_free(&c.w);
	free(c.dead);
	free(c.atoms);
	lp_free(&c.p);
	policy_lint_report_free(c.rep);
	return st;
}

int policy_lint_available(void)
{
	return 1;
}
