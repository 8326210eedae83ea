/*
 * libpolicy-lint: find gaps, conflicts, dead rules and other defects in a
 * compiled policy before it ships, each shown by a concrete example case.
 *
 * The analyzer reads a plan through libpolicy's public API (its saved
 * JSON), encodes every condition over the plan's inputs for the Z3 SMT
 * solver, and asks questions such as "is there a case that completes with
 * no action?" or "can 'approve the claim' and 'deny the claim' fire
 * together?". Each answer that shows a defect comes with a witness: the
 * values of every input (documents as "Label: value" forms, facts, model
 * answers) that exhibit it. Before a finding is reported its witness is run
 * through the real executor (policy_execute); policy_lint_finding_verified
 * says whether the run showed the finding. docs/lint.md describes the
 * encoding, the kinds of finding and the limits.
 *
 * A companion library: the core stays free of the solver, and hosts that
 * do not lint never link Z3. Built without Z3, policy_lint_available()
 * returns 0 and the analysis functions fail with POLICY_ERR_STATE.
 *
 * Conventions: functions return a policy_status; on failure *message (when
 * not NULL) receives a sentence saying why, freed with policy_lint_free.
 * Strings returned by accessors belong to the report and live as long as
 * it. Findings are numbered 0..policy_lint_count()-1 in a stable order:
 * by kind, then by line. The library prints nothing.
 *
 * Link with `pkg-config --libs libpolicy-lint` (it brings libpolicy).
 */
#ifndef POLICY_LINT_H
#define POLICY_LINT_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(POLICY_LINT_BUILDING) && defined(__GNUC__)
#define POLICY_LINT_API __attribute__((visibility("default")))
#else
#define POLICY_LINT_API
#endif

/* What a finding says about the policy. */
typedef enum policy_lint_kind {
	POLICY_LINT_GAP = 0,        /* a case completes and no rule of a group decides it */
	POLICY_LINT_CONFLICT,       /* two opposite actions (approve / deny) fire together */
	POLICY_LINT_DEAD_RULE,      /* an action that can never fire in a decision */
	POLICY_LINT_SHADOWED_RULE,  /* a rule that fires only where another rule with
	                               the same action fires too */
	POLICY_LINT_ALWAYS_TRUE,    /* a condition that holds whenever it is known */
	POLICY_LINT_ALWAYS_FALSE,   /* a condition that never holds */
	POLICY_LINT_UNUSED_INPUT,   /* an extracted or looked-up value nothing reads */
	POLICY_LINT_DUPLICATE_THRESHOLD, /* one term, one action, two thresholds */
	POLICY_LINT_OVERLAPPING_BANDS,   /* two ranges of one term share values and
	                                    both their actions fire */
	POLICY_LINT_DECISION_CHANGED     /* policy_lint_diff: the decision differs */
} policy_lint_kind;

/* A short stable name: "gap", "conflict", "dead_rule", "shadowed_rule",
 * "always_true", "always_false", "unused_input", "duplicate_threshold",
 * "overlapping_bands", "decision_changed"; NULL when out of range. */
POLICY_LINT_API const char *policy_lint_kind_name(policy_lint_kind kind);

typedef struct policy_lint_options {
	size_t struct_size;  /* sizeof(policy_lint_options) */
	int every_case;      /* nonzero: the policy is meant to decide every case,
	                        so any case that completes with no action is a gap
	                        (without it, gaps are looked for only between
	                        rules that split one value into ranges) */
	unsigned timeout_ms; /* per solver question; 0: 5000. A question the
	                        solver cannot answer in time gives no finding and
	                        counts in policy_lint_report_inconclusive */
	unsigned max_changes; /* policy_lint_diff: at most this many regions; 0: 8 */
} policy_lint_options;

#define POLICY_LINT_OPTIONS_INIT { sizeof(policy_lint_options), 0, 0, 0 }

typedef struct policy_lint_report policy_lint_report;

/* 1 when the library was built with Z3, 0 otherwise. */
POLICY_LINT_API int policy_lint_available(void);

/* Analyze a plan. On POLICY_OK *out is a report (possibly with no
 * findings), freed with policy_lint_report_free. Fails with
 * POLICY_ERR_STATE when built without Z3, POLICY_ERR_NOMEM, or
 * POLICY_ERR_PLAN when the plan holds something the analyzer cannot read. */
POLICY_LINT_API policy_status policy_lint_plan(const policy_plan *plan,
                                               const policy_lint_options *opts,
                                               policy_lint_report **out, char **message);

/* Compare what two plans decide: every finding is of kind
 * POLICY_LINT_DECISION_CHANGED, a region of inputs (one value ranging,
 * the others fixed as in the witness) where both plans decide and their
 * actions differ. Inputs are matched by name. No finding: no case was found
 * on which they differ (within the encoding's limits, see docs/lint.md). */
POLICY_LINT_API policy_status policy_lint_diff(const policy_plan *a, const policy_plan *b,
                                               const policy_lint_options *opts,
                                               policy_lint_report **out, char **message);

POLICY_LINT_API void policy_lint_report_free(policy_lint_report *report);

/* Free a string returned through a `char **` by this library. */
POLICY_LINT_API void policy_lint_free(void *string);

/* Number of findings. */
POLICY_LINT_API size_t policy_lint_count(const policy_lint_report *report);

/* Questions the solver could not answer in time or that needed
 * arithmetic it cannot decide (their findings, if any, are missing). */
POLICY_LINT_API size_t policy_lint_report_inconclusive(const policy_lint_report *report);

/* Finding i: its kind, its severity (conflicts, gaps and dead rules are
 * errors; the rest warnings), and one English sentence in the policy's
 * words ("No rule decides a claim whose claimed amount is exactly
 * $50,000.00: ..."). Out of range: POLICY_LINT_GAP / error / NULL. */
POLICY_LINT_API policy_lint_kind policy_lint_finding_kind(const policy_lint_report *report, size_t i);
POLICY_LINT_API policy_severity policy_lint_finding_severity(const policy_lint_report *report,
                                                             size_t i);
POLICY_LINT_API const char *policy_lint_finding_message(const policy_lint_report *report, size_t i);

/* The clauses involved: the plan steps (sentences) the finding is about,
 * each with its line and column in the policy text. */
POLICY_LINT_API size_t policy_lint_clause_count(const policy_lint_report *report, size_t i);
POLICY_LINT_API const char *policy_lint_clause_step(const policy_lint_report *report, size_t i,
                                                    size_t j);
POLICY_LINT_API const char *policy_lint_clause_text(const policy_lint_report *report, size_t i,
                                                    size_t j);
POLICY_LINT_API unsigned policy_lint_clause_line(const policy_lint_report *report, size_t i,
                                                 size_t j);
POLICY_LINT_API unsigned policy_lint_clause_column(const policy_lint_report *report, size_t i,
                                                   size_t j);

/* The witness: 1 when finding i has one (a dead rule or an unused input
 * has none: there is no case that shows it), else 0. */
POLICY_LINT_API int policy_lint_has_witness(const policy_lint_report *report, size_t i);

/* 1 when the witness was run through policy_execute and the run showed
 * the finding (the decision, the actions that fired), 0 when it did not,
 * or there is no witness. */
POLICY_LINT_API int policy_lint_finding_verified(const policy_lint_report *report, size_t i);

/* The witness as a case: documents (type and text, "Label: value" lines
 * the built-in extractor reads), facts (a flat JSON object, as `policy run
 * --facts` reads) and model answers (JSON Lines of {"request_hash",
 * "step", "reply"}, as `policy run --llm-replay` reads: the XXH3-128 hash,
 * in hex, of the request JSON each model step makes, and the reply that
 * makes it answer as the witness needs). A request names its case, so the
 * hashes are those of a case with no id. The strings are NULL when there
 * is no witness or nothing of the kind. */
POLICY_LINT_API size_t policy_lint_witness_document_count(const policy_lint_report *report, size_t i);
POLICY_LINT_API const char *policy_lint_witness_document_type(const policy_lint_report *report,
                                                              size_t i, size_t j);
POLICY_LINT_API const char *policy_lint_witness_document_text(const policy_lint_report *report,
                                                              size_t i, size_t j);
POLICY_LINT_API const char *policy_lint_witness_facts_json(const policy_lint_report *report, size_t i);
POLICY_LINT_API const char *policy_lint_witness_model_answers(const policy_lint_report *report,
                                                              size_t i);

/* What running the witness must give, as the corpus's expect.json:
 * {"status": "complete"|"failed", "actions": [...]}; for
 * POLICY_LINT_DECISION_CHANGED, what the second plan gives. NULL without
 * a witness. */
POLICY_LINT_API const char *policy_lint_witness_expect_json(const policy_lint_report *report,
                                                            size_t i);

/* The whole report as JSON: {"findings": [{"kind", "severity", "message",
 * "clauses": [{"step", "line", "column", "text"}], "witness": {"documents":
 * [{"type", "text"}], "facts": {...}, "expect": {...}} | null, "verified"}],
 * "inconclusive": N}. Freed with policy_lint_free. */
POLICY_LINT_API policy_status policy_lint_report_json(const policy_lint_report *report,
                                                      char **json, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
