/*
 * Plans in words (render.c): values as the trail shows them, and each
 * expression and step restated in one canonical English form, generated
 * from the plan (never copied from the policy's sentence), so a reader
 * sees what the compiler understood.
 */
#ifndef POLICY_RENDER_H
#define POLICY_RENDER_H

#include "base/alloc.h"
#include "plan/plan.h"

/* A value as explanations show it: "$72,400.00", "45%", "1.25x", "March
 * 14, 2026", "30 days"; ratios to four places, percentages to two. */
void render_value(buf *b, value v);

/* What a restatement may say about the checks it names, per step index
 * (either array may be NULL): the clause number ("2.1") of the check's
 * sentence or NULL, and whether that sentence made other checks too (so
 * its line alone does not say which). */
typedef struct render_ctx {
	const policy_plan *p;
	const char *const *clause_of;
	const bool *shared;
} render_ctx;

/* A condition or value: "the net worth is below $250,000", "the loan
 * amount divided by the appraised value". */
void render_expr(buf *b, const render_ctx *r, const expr *e);

/* A step as one statement: "decline the application when the net worth is
 * below $250,000", "require the credit score to be at least 660
 * (requirement)", "the loan-to-value ratio is the loan amount divided by
 * the appraised value", "extract the loan amount (money) from the
 * application form". */
void render_step(buf *b, const render_ctx *r, const plan_step *s);

#endif
