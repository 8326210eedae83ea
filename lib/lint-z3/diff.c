/*
 * Where two versions of a policy decide differently: both plans encoded
 * over one set of inputs (matched by name), and the solver asked for cases
 * both decide with different actions. Each answer is widened into a
 * region: one input ranges (its least and greatest values found by Z3's
 * optimizer), the others stay as in the witness, and the actions of both
 * plans stay the same throughout. The next question excludes that pair of
 * decisions, so each region shows a different change.
 */
#include <stdlib.h>
#include <string.h>

#include "solve.h"

typedef struct act_key {
	char key[512];
	const char *text;
	Z3_ast fa, fb;
} act_key;

static bool add_key(act_key **keys, size_t *n, const char *text)
{
	char k[512];
	lp_action_key(text, k, sizeof k);
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*keys)[i].key, k))
			return true;
	act_key *t = realloc(*keys, (*n + 1) * sizeof *t);
	if (!t)
		return false;
	*keys = t;
	memset(&t[*n], 0, sizeof t[*n]);
	strcpy(t[*n].key, k);
	t[*n].text = text;
	(*n)++;
	return true;
}

static Z3_ast fires(world *w, const lp_plan *p, const planenc *pe, const char *key)
{
	Z3_ast any = Z3_mk_false(w->z);
	char k[512];
	for (size_t i = 0; i < p->n; i++) {
		if (p->steps[i].kind != LP_ACTION)
			continue;
		lp_action_key(p->steps[i].label, k, sizeof k);
		if (!strcmp(k, key))
			any = enc_or2(w, any, pe->fire[i]);
	}
	return any;
}

static bool model_true(world *w, Z3_model m, Z3_ast a)
{
	Z3_ast v = NULL;
	return Z3_model_eval(w->z, m, a, true, &v) && v && Z3_get_bool_value(w->z, v) == Z3_L_TRUE;
}

static bool model_i64(world *w, Z3_model m, Z3_ast a, int64_t *out)
{
	Z3_ast v = NULL;
	return Z3_model_eval(w->z, m, a, true, &v) && v && Z3_get_numeral_int64(w->z, v, out);
}

/* The least (or greatest) value of leaf l under `where`; false if none. */
static bool extreme(world *w, Z3_ast where, const leaf *l, bool max, unsigned timeout, int64_t *out)
{
	Z3_optimize o = Z3_mk_optimize(w->z);
	Z3_optimize_inc_ref(w->z, o);
	Z3_params p = Z3_mk_params(w->z);
	Z3_params_inc_ref(w->z, p);
	Z3_params_set_uint(w->z, p, Z3_mk_string_symbol(w->z, "timeout"), timeout);
	Z3_optimize_set_params(w->z, o, p);
	Z3_params_dec_ref(w->z, p);
	for (size_t i = 0; i < w->naxioms; i++)
		Z3_optimize_assert(w->z, o, w->axioms[i]);
	Z3_optimize_assert(w->z, o, where);
	if (max)
		Z3_optimize_maximize(w->z, o, l->raw);
	else
		Z3_optimize_minimize(w->z, o, l->raw);
	bool ok = false;
	if (Z3_optimize_check(w->z, o, 0, NULL) == Z3_L_TRUE) {
		Z3_model m = Z3_optimize_get_model(w->z, o);
		if (m) {
			Z3_model_inc_ref(w->z, m);
			ok = model_i64(w, m, l->raw, out);
			Z3_model_dec_ref(w->z, m);
		}
	}
	Z3_optimize_dec_ref(w->z, o);
	return ok;
}

static char *action_list(policy_lint_report *r, const act_key *keys, size_t n, const bool *on)
{
	size_t cap = 16;
	for (size_t i = 0; i < n; i++)
		cap += strlen(keys[i].text) + 8;
	char *s = malloc(cap);
	if (!s) {
		r->nomem = true;
		return NULL;
	}
	s[0] = '\0';
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!on[i])
			continue;
		strcat(s, k++ ? ", \"" : "\"");
		strcat(s, keys[i].text);
		strcat(s, "\"");
	}
	if (!k)
		strcpy(s, "no action");
	return s;
}

static bool is_range_leaf(const leaf *l)
{
	return l->sort == S_NUM || l->sort == S_DATE;
}

policy_status policy_lint_diff(const policy_plan *pa, const policy_plan *pb,
                               const policy_lint_options *opts, policy_lint_report **out,
                               char **message)
{
	if (message)
		*message = NULL;
	if (!pa || !pb || !out) {
		lint_set_message(message, "policy_lint_diff needs two plans and somewhere to put the report");
		return POLICY_ERR_ARGUMENT;
	}
	*out = NULL;
	policy_lint_options o = POLICY_LINT_OPTIONS_INIT;
	if (opts)
		memcpy(&o, opts, opts->struct_size < sizeof o ? opts->struct_size : sizeof o);
	unsigned timeout = o.timeout_ms ? o.timeout_ms : 5000;
	unsigned max_changes = o.max_changes ? o.max_changes : 8;
	lp_plan a, b;
	if (!lp_load(pa, &a, message))
		return POLICY_ERR_PLAN;
	if (!lp_load(pb, &b, message)) {
		lp_free(&a);
		return POLICY_ERR_PLAN;
	}
	policy_status st = POLICY_ERR_NOMEM;
	world w;
	planenc ea, eb;
	asker ask_;
	memset(&ea, 0, sizeof ea);
	memset(&eb, 0, sizeof eb);
	memset(&ask_, 0, sizeof ask_);
	act_key *keys = NULL;
	size_t nkeys = 0;
	bool *on_a = NULL, *on_b = NULL;
	policy_lint_report *rep = rep_new();
	bool world_ok = rep && enc_world_init(&w, timeout);
	if (!world_ok) {
		policy_lint_report_free(rep);
		lp_free(&a);
		lp_free(&b);
		lint_set_message(message, "out of memory");
		return POLICY_ERR_NOMEM;
	}
	if (!enc_plan(&w, &a, &ea) || !enc_plan(&w, &b, &eb) ||
	    !ask_init(&ask_, &w, timeout, &rep->inconclusive))
		goto done;
	for (int pass = 0; pass < 2; pass++) {
		const lp_plan *p = pass ? &b : &a;
		for (size_t i = 0; i < p->n; i++)
			if (p->steps[i].kind == LP_ACTION && !add_key(&keys, &nkeys, p->steps[i].label))
				goto done;
	}
	on_a = calloc(nkeys ? nkeys : 1, sizeof *on_a);
	on_b = calloc(nkeys ? nkeys : 1, sizeof *on_b);
	if (!on_a || !on_b)
		goto done;
	Z3_ast differ = Z3_mk_false(w.z);
	for (size_t k = 0; k < nkeys; k++) {
		keys[k].fa = fires(&w, &a, &ea, keys[k].key);
		keys[k].fb = fires(&w, &b, &eb, keys[k].key);
		differ = enc_or2(&w, differ, Z3_mk_xor(w.z, keys[k].fa, keys[k].fb));
	}
	Z3_ast both = enc_and2(&w, ea.complete, eb.complete);
	Z3_ast q = enc_and2(&w, both, differ);
	for (unsigned round = 0; round < max_changes; round++) {
		Z3_model m;
		if (ask(&ask_, q, &m) != Z3_L_TRUE)
			break;
		Z3_ast pattern = both;
		for (size_t k = 0; k < nkeys; k++) {
			on_a[k] = model_true(&w, m, keys[k].fa);
			on_b[k] = model_true(&w, m, keys[k].fb);
			pattern = enc_and2(&w, pattern, on_a[k] ? keys[k].fa : enc_not(&w, keys[k].fa));
			pattern = enc_and2(&w, pattern, on_b[k] ? keys[k].fb : enc_not(&w, keys[k].fb));
		}
		/* the region: each numeric or date input in turn ranges, the others
		 * fixed; the first whose range is bounded names the change */
		char region[512] = "";
		size_t focus = (size_t)-1;
		for (size_t li = 0; li < w.nleaves && focus == (size_t)-1; li++) {
			const leaf *l = &w.leaves[li];
			int64_t v, lo, hi;
			if (!is_range_leaf(l) || !model_true(&w, m, l->present) || !model_i64(&w, m, l->raw, &v))
				continue;
			Z3_ast where = pattern;
			for (size_t oi = 0; oi < w.nleaves; oi++) {
				const leaf *x = &w.leaves[oi];
				if (oi == li)
					continue;
				Z3_ast pv = NULL, rv = NULL;
				if (Z3_model_eval(w.z, m, x->present, true, &pv) && pv)
					where = enc_and2(&w, where, Z3_mk_eq(w.z, x->present, pv));
				if (Z3_model_eval(w.z, m, x->raw, true, &rv) && rv)
					where = enc_and2(&w, where, Z3_mk_eq(w.z, x->raw, rv));
			}
			for (size_t d = 0; d < w.ndocs; d++) {
				Z3_ast nv = NULL;
				if (Z3_model_eval(w.z, m, w.docs[d].n, true, &nv) && nv)
					where = enc_and2(&w, where, Z3_mk_eq(w.z, w.docs[d].n, nv));
			}
			where = enc_and2(&w, where, l->present);
			bool has_lo = extreme(&w, where, l, false, timeout, &lo);
			bool has_hi = extreme(&w, where, l, true, timeout, &hi);
			if (!has_lo || !has_hi)
				continue;
			/* the domain's own ends mean "no bound" */
			int64_t dom_hi = l->sort == S_DATE ? lp_days_from_civil(2099, 12, 31) : (int64_t)1000000000000;
			int64_t dom_lo = l->sort == S_DATE ? lp_days_from_civil(1970, 1, 1) :
			                 (l->money || l->count || l->duration) ? 0 : -(int64_t)1000000000000;
			bool open_lo = lo <= dom_lo, open_hi = hi >= dom_hi;
			if (open_lo && open_hi)
				continue;
			char s_lo[64], s_hi[64];
			wit_format(l, lo, s_lo, sizeof s_lo, false);
			wit_format(l, hi, s_hi, sizeof s_hi, false);
			const char *name = l->step->label ? l->step->label : "value";
			if (lo == hi)
				snprintf(region, sizeof region, "the %s is %s", name, s_lo);
			else if (open_lo)
				snprintf(region, sizeof region, "the %s is %s or less", name, s_hi);
			else if (open_hi)
				snprintf(region, sizeof region, "the %s is %s or more", name, s_lo);
			else
				snprintf(region, sizeof region, "the %s is %s to %s", name, s_lo, s_hi);
			focus = li;
		}
		lint_finding *f = rep_add(rep, POLICY_LINT_DECISION_CHANGED, POLICY_SEVERITY_WARNING);
		if (f) {
			wit_case wc;
			size_t fl[1] = { focus };
			if (wit_from_model(&w, m, &b, fl, focus == (size_t)-1 ? 0 : 1, &wc)) {
				wit_run ra, rb;
				bool ran_a = wit_run_plan(pa, &wc, &ra);
				bool ran_b = wit_run_plan(pb, &wc, &rb);
				if (ran_b)
					wit_attach(rep, f, &wc, &rb);
				if (ran_a && ran_b) {
					bool same = ra.nactions == rb.nactions;
					for (size_t i = 0; same && i < ra.nactions; i++)
						same = wit_fired(&rb, ra.actions[i]);
					f->verified = ra.outcome == POLICY_OUTCOME_COMPLETE &&
					              rb.outcome == POLICY_OUTCOME_COMPLETE && !same;
				}
				if (ran_a)
					wit_run_free(&ra);
				if (ran_b)
					wit_run_free(&rb);
				char *was = action_list(rep, keys, nkeys, on_a);
				char *now = action_list(rep, keys, nkeys, on_b);
				f->message = rep_printf(rep, "When %s: was %s, now %s.",
				                        *region ? region : wc.summary, was ? was : "?",
				                        now ? now : "?");
				if (*region && f->message && w.nleaves > 1) {
					char *full = rep_printf(rep, "When %s (and %s): was %s, now %s.", region,
					                        wc.summary, was ? was : "?", now ? now : "?");
					free(f->message);
					f->message = full;
				}
				free(was);
				free(now);
				wit_case_free(&wc);
			} else {
				rep->nomem = true;
			}
			for (size_t i = 0; i < b.n; i++)
				if (b.steps[i].kind == LP_ACTION) {
					char k[512];
					lp_action_key(b.steps[i].label, k, sizeof k);
					for (size_t x = 0; x < nkeys; x++)
						if (!strcmp(keys[x].key, k) && on_a[x] != on_b[x])
							rep_clause(rep, f, b.steps[i].id, b.steps[i].sentence,
							           b.steps[i].line, b.steps[i].column);
				}
		}
		Z3_model_dec_ref(w.z, m);
		q = enc_and2(&w, q, enc_not(&w, pattern));
		if (rep->nomem)
			break;
	}
	if (!rep->nomem && !w.nomem) {
		*out = rep;
		rep = NULL;
		st = POLICY_OK;
	}
done:
	if (st != POLICY_OK)
		lint_set_message(message, "out of memory");
	free(on_a);
	free(on_b);
	free(keys);
	ask_free(&ask_);
	enc_plan_free(&ea);
	enc_plan_free(&eb);
	enc_world_free(&w);
	policy_lint_report_free(rep);
	lp_free(&a);
	lp_free(&b);
	return st;
}
