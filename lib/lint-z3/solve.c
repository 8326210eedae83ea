/*
 * Asking Z3 questions about a plan's encoding. The axioms (domains of the
 * inputs, how dates and documents relate) are asserted once; each question
 * is a push, an assertion and a pop, so the solver keeps what it learned
 * about the axioms between questions.
 */
#include "solve.h"

bool ask_init(asker *a, world *w, unsigned timeout_ms, size_t *inconclusive)
{
	a->w = w;
	a->asserted = 0;
	a->inconclusive = inconclusive;
	a->s = Z3_mk_solver(w->z);
	if (!a->s)
		return false;
	Z3_solver_inc_ref(w->z, a->s);
	Z3_params p = Z3_mk_params(w->z);
	Z3_params_inc_ref(w->z, p);
	Z3_params_set_uint(w->z, p, Z3_mk_string_symbol(w->z, "timeout"), timeout_ms ? timeout_ms : 5000);
	/* A resource limit as well: the timeout alone does not stop every
	 * tactic (non-linear arithmetic) in Z3 4.8. */
	Z3_params_set_uint(w->z, p, Z3_mk_string_symbol(w->z, "rlimit"), 4000000);
	Z3_solver_set_params(w->z, a->s, p);
	Z3_params_dec_ref(w->z, p);
	return true;
}

void ask_free(asker *a)
{
	if (a->s)
		Z3_solver_dec_ref(a->w->z, a->s);
	a->s = NULL;
}

Z3_lbool ask(asker *a, Z3_ast q, Z3_model *m)
{
	world *w = a->w;
	if (m)
		*m = NULL;
	for (; a->asserted < w->naxioms; a->asserted++)
		Z3_solver_assert(w->z, a->s, w->axioms[a->asserted]);
	if (!q)
		return Z3_L_UNDEF;
	Z3_solver_push(w->z, a->s);
	Z3_solver_assert(w->z, a->s, q);
	Z3_lbool r = Z3_solver_check(w->z, a->s);
	if (r == Z3_L_TRUE && m) {
		*m = Z3_solver_get_model(w->z, a->s);
		if (*m)
			Z3_model_inc_ref(w->z, *m);
		else
			r = Z3_L_UNDEF;
	}
	Z3_solver_pop(w->z, a->s, 1);
	if (r == Z3_L_UNDEF && a->inconclusive)
		(*a->inconclusive)++;
	return r;
}
