/*
 * Asking Z3: one solver per analysis, the world's axioms asserted once,
 * each question pushed and popped, with a timeout (solve.c).
 */
#ifndef POLICY_LINT_SOLVE_H
#define POLICY_LINT_SOLVE_H

#include "witness.h"

typedef struct asker {
	world *w;
	Z3_solver s;
	size_t asserted;     /* axioms already in the solver */
	size_t *inconclusive;
} asker;

bool ask_init(asker *a, world *w, unsigned timeout_ms, size_t *inconclusive);
void ask_free(asker *a);
/* Is q satisfiable? With a model in *m (when m is not NULL and the answer
 * is yes), released with Z3_model_dec_ref. Unknown answers count as
 * inconclusive. */
Z3_lbool ask(asker *a, Z3_ast q, Z3_model *m);

#endif
