/*
 * libpolicy-lint internals: the report (report.c), the plan as the
 * analyzer reads it (plan.c), its encoding for Z3 (encode.c), witnesses
 * (witness.c), the questions asked (analyze.c) and plan diffs (diff.c).
 *
 * Prefixes say the room: rep_ report, lp_ plan reading, enc_ encoding,
 * wit_ witnesses.
 */
#ifndef POLICY_LINT_INTERNAL_H
#define POLICY_LINT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "policy_lint.h"

/* ---- the report (report.c) ---- */

typedef struct lint_clause {
	char *step, *text;
	unsigned line, column;
} lint_clause;

typedef struct lint_doc {
	char *type, *text;
} lint_doc;

typedef struct lint_finding {
	policy_lint_kind kind;
	policy_severity severity;
	char *message;
	lint_clause *clauses;
	size_t nclauses;
	bool has_witness, verified;
	lint_doc *docs;
	size_t ndocs;
	char *facts, *answers, *expect;
} lint_finding;

struct policy_lint_report {
	lint_finding *f;
	size_t n, cap;
	size_t inconclusive;
	bool nomem;
};

policy_lint_report *rep_new(void);
/* A new finding (zeroed but for kind and severity), or NULL on OOM (the
 * report remembers). */
lint_finding *rep_add(policy_lint_report *r, policy_lint_kind kind, policy_severity sev);
void rep_clause(policy_lint_report *r, lint_finding *f, const char *step, const char *text,
                unsigned line, unsigned column);
void rep_doc(policy_lint_report *r, lint_finding *f, const char *type, const char *text);
/* Sort findings by kind, then first clause's line. */
void rep_sort(policy_lint_report *r);
char *rep_strdup(policy_lint_report *r, const char *s);
char *rep_printf(policy_lint_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lint_set_message(char **message, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- the plan (plan.c) ---- */

typedef enum lp_kind { LP_EXTRACT, LP_LOOKUP, LP_COMPUTE, LP_CHECK, LP_REQUIRE, LP_ACTION,
	               LP_LLM, LP_GUARDRAIL, LP_OTHER } lp_kind;

typedef struct lp_step {
	const char *id, *label, *type, *sentence, *doc, *system, *verb, *object;
	lp_kind kind;
	unsigned line, column;
	bool each, may_be_absent;
	unsigned min_count;
	const cJSON *value, *guard;  /* compute value or check condition; guard */
	const cJSON *llm;            /* llm: the "llm" object */
	const cJSON *guardrail;      /* guardrail: the "guardrail" object */
	bool read;                   /* another step reads it */
	bool read_by_action;         /* an action reads it (checks counted through actions) */
} lp_step;

typedef struct lp_plan {
	cJSON *root;
	const char *name, *version;
	lp_step *steps;
	size_t n;
} lp_plan;

/* Parse a plan's saved JSON; false with *message on failure. */
bool lp_load(const policy_plan *plan, lp_plan *out, char **message);
void lp_free(lp_plan *p);
/* Index of a step by id, or -1. */
long lp_find(const lp_plan *p, const char *id);
const char *lp_str(const cJSON *o, const char *key);

/* Dates as day numbers (days since 1970-01-01), proleptic Gregorian. */
int64_t lp_days_from_civil(int64_t y, unsigned m, unsigned d);
void lp_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
bool lp_parse_date(const char *s, int64_t *days);

/* Normalized action text (case, articles and punctuation dropped), for
 * "the same action". */
void lp_action_key(const char *text, char *out, size_t cap);

#endif
