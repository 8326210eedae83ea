/*
 * The plan's meaning as Z3 formulas (encode.c), shared by the questions
 * (analyze.c), the witnesses (witness.c) and plan diffs (diff.c).
 *
 * Every input of a case is a leaf: an extracted field, a looked-up fact or
 * a model answer, each with a presence flag (the value may be missing) and
 * a value; every document type has a count. Values are exact: money is an
 * integer number of cents, other decimals integers in ten-thousandths,
 * dates day numbers, text and enum values interned ids. Conditions are
 * three-valued like the executor's (lib/eval.c): a condition is a pair of
 * formulas "is true" / "is false", both false when it is unknown.
 */
#ifndef POLICY_LINT_ENCODE_H
#define POLICY_LINT_ENCODE_H

#include <z3.h>

#include "lint.h"

typedef enum enc_sort { S_BOOL, S_NUM, S_DATE, S_TEXT, S_SET, S_NONE } enc_sort;
typedef enum enc_unit { U_NONE, U_DAYS, U_WEEKS, U_MONTHS, U_YEARS } enc_unit;

typedef struct enc {
	enc_sort sort;
	Z3_ast t, f;       /* S_BOOL: is true, is false */
	Z3_ast known, val; /* other sorts: has a value, the value (Real, Int, Int) */
	enc_unit unit;     /* durations: the unit they count */
	const cJSON *set;  /* S_SET: the "set" expression */
	Z3_ast num, den;   /* a quotient by an input: compared as num op c * den,
	                      so comparisons stay linear */
} enc;

typedef struct leaf {
	char *key;
	lp_kind kind;
	const lp_step *step;  /* in the plan that made it (the first, for diffs) */
	enc_sort sort;
	int scale;            /* S_NUM: value = raw / scale */
	bool money, count, duration, percent;
	Z3_ast present, raw;  /* raw: Bool for S_BOOL, Int otherwise */
	Z3_ast ymd[3];        /* dates in month arithmetic: year, month, day */
} leaf;

typedef struct docvar {
	char *type;
	char *key;
	Z3_ast n;
} docvar;

typedef struct world {
	Z3_context z;
	leaf *leaves;
	size_t nleaves, capleaves;
	docvar *docs;
	size_t ndocs, capdocs;
	char **texts;         /* interned text, lowercased; id = index + 1 */
	size_t ntexts, captexts;
	Z3_ast *axioms;       /* domains and links, asserted in every question */
	size_t naxioms, capaxioms;
	unsigned fresh;
	unsigned approx;      /* constructs encoded as free values (lists, ...) */
	bool nonlinear;       /* a product or quotient of two inputs */
	bool nomem;
} world;

typedef struct planenc {
	world *w;
	const lp_plan *p;
	enc *out;
	unsigned char *state; /* 0 not yet, 1 in progress, 2 done */
	Z3_ast *fire;         /* actions: the guard is true */
	Z3_ast *unknown;      /* rules: undecided */
	Z3_ast complete;      /* the decision is made */
	Z3_ast *blocked;      /* actions: a guardrail replaces it */
} planenc;

bool enc_world_init(world *w, unsigned timeout_ms);
void enc_world_free(world *w);
/* Encode a plan's steps and decision into pe; false on OOM. */
bool enc_plan(world *w, const lp_plan *p, planenc *pe);
void enc_plan_free(planenc *pe);
/* The encoding of an expression of the plan (memoized per step). */
enc enc_expr(planenc *pe, const cJSON *e);
enc enc_step(planenc *pe, size_t i);

Z3_ast enc_true(world *w);
Z3_ast enc_and2(world *w, Z3_ast a, Z3_ast b);
Z3_ast enc_or2(world *w, Z3_ast a, Z3_ast b);
Z3_ast enc_not(world *w, Z3_ast a);
/* Is true / is false of a boolean encoding (a value is true when known). */
Z3_ast enc_is_true(world *w, enc e);
Z3_ast enc_is_false(world *w, enc e);
Z3_ast enc_known(world *w, enc e);

/* Interned text by id (1-based), NULL when not a constant of the plan. */
const char *enc_text(const world *w, int64_t id);

/* The input steps (leaves) an expression reads, for grouping conditions. */
size_t enc_leaves_of(planenc *pe, const cJSON *e, size_t *out, size_t cap);

#endif
