/*
 * Witnesses: a solver model turned into a case (documents as forms, facts,
 * model answers), and that case run through the real executor.
 */
#ifndef POLICY_LINT_WITNESS_H
#define POLICY_LINT_WITNESS_H

#include "encode.h"

typedef struct wit_llm {
	char *step;   /* step id */
	char *reply;  /* the reply JSON a model host would give */
} wit_llm;

typedef struct wit_case {
	char **types, **texts;
	size_t ndocs;
	char *facts;
	wit_llm *llm;
	size_t nllm;
	char *answers;   /* replay lines recorded by wit_run_plan */
	char *summary;   /* "the claimed amount is $50,000.00, ..." for messages */
} wit_case;

typedef struct wit_run {
	policy_outcome outcome;
	char **actions;
	size_t nactions;
} wit_run;

/* Build the case the model describes for plan p's inputs (llm answers are
 * matched to p's steps). Leaves listed in `focus` (leaf indices, may be
 * NULL) come first in the summary. False on OOM. */
bool wit_from_model(world *w, Z3_model m, const lp_plan *p, const size_t *focus, size_t nfocus,
                    wit_case *out);
/* Run plan on the case (sans-I/O: built-in extractor and facts, model
 * answers from the case); records the replay lines the first time. */
bool wit_run_plan(const policy_plan *plan, wit_case *c, wit_run *out);
bool wit_fired(const wit_run *r, const char *action_text);
void wit_case_free(wit_case *c);
void wit_run_free(wit_run *r);
/* Copy the case into finding f, with what a run must give (r). */
void wit_attach(policy_lint_report *rep, lint_finding *f, const wit_case *c, const wit_run *r);
/* A value of a leaf in the model, for messages: "$50,000.00". */
bool wit_leaf_display(world *w, Z3_model m, const leaf *l, char *out, size_t cap);
/* Format a leaf's raw Int value for display. */
void wit_format(const leaf *l, int64_t raw, char *out, size_t cap, bool canonical);

#endif
