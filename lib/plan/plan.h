/*
 * The plan: what a policy compiles to, what is saved and loaded, what runs.
 *
 * A plan is a DAG of steps. Each step has an id, a kind, the steps it reads
 * (inputs), a typed output, the source span and sentence it came from,
 * whether it is deterministic and its estimated tokens. Steps are sorted by
 * level: a step's level is one more than the highest level among its
 * inputs, so the steps of one level are independent and may run in
 * parallel.
 *
 * Computation is expressed as expression trees (expr) over step outputs and
 * constants. Booleans are three-valued at run time (true, false, unknown):
 * a value that is missing makes the comparisons over it unknown, and `or`
 * / `and` decide when they can (unknown or true is true). That is how "a
 * value is needed only when the rule that uses it applies" falls out of the
 * semantics rather than special cases.
 *
 *  - extract: a field from a document type (one value, or one per document
 *    with `each`).
 *  - lookup: a fact from a system of record.
 *  - compute: a defined value or condition ("the loan-to-value ratio is ...",
 *    "the policy was active ... if ...").
 *  - check: a condition that must hold where its guard holds; output true
 *    when it passes or does not apply (guard implies condition).
 *  - require: at least `min_count` documents of a type where its guard
 *    holds; output like a check.
 *  - action: fires when its guard is true; output whether it fired.
 *  - llm: one structured model call (see llm.h).
 *  - guardrail: a policy-declared limit on actions.
 *
 * All of a plan's memory lives in its arena; a plan never changes after it
 * is built, so any number of threads may read it.
 */
#ifndef POLICY_PLAN_H
#define POLICY_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "base/alloc.h"
#include "policy.h"
#include "base/value.h"

typedef struct span {
	unsigned line, column, length; /* 1-based; length in characters */
} span;

typedef enum expr_op {
	E_REF = 0,    /* a step's output */
	E_CONST,      /* a literal value */
	E_SET,        /* a set of literal values (args are E_CONST) */
	E_ADD, E_SUB, E_MUL, E_DIV,
	E_PCT_OF,     /* args: percent, base */
	E_SUM,        /* sum of a list (an `each` extraction) or of args */
	E_MIN, E_MAX,
	E_ELAPSED,    /* whole `unit`s from args[0] to args[1] (dates) */
	E_DOC_COUNT,  /* documents of type `doc` in the case */
	E_LIST_COUNT, /* items in a list */
	E_CMP,        /* args[0] `cmp` args[1] */
	E_BETWEEN,    /* args[1] <= args[0] <= args[2] */
	E_IN,         /* args[0] is one of args[1] (an E_SET or a set step) */
	E_WITHIN,     /* |whole days from args[1] to args[0]| <= args[2] */
	E_MISSING,    /* args[0] (an E_REF) has no value */
	E_AND, E_OR, E_NOT,
	E_ANY,        /* args[0] holds for some item of the list step `step` */
	E_ALL,        /* args[0] holds for every item of the list step `step` */
	E_AVG,        /* the average of a list */
	E_ROUND,      /* args[0] rounded to args[1] (a number: fraction digits, negative
	                 for tens, hundreds) the way args[2] says ("nearest", "down",
	                 "up") */
	E_CASE,       /* a table lookup: args are condition, value, condition, value, ...
	                 (one pair a row); the value of the first row whose condition
	                 holds; unknown if a condition before it is unknown; missing if
	                 no row holds, or the row's value is a constant with no value
	                 (a cell that says "N/A" or "Not eligible") */
	E_OP_COUNT
} expr_op;

typedef enum cmp_op { CMP_GT = 0, CMP_GE, CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_COUNT } cmp_op;

typedef struct expr expr;
struct expr {
	expr_op op;
	cmp_op cmp;          /* E_CMP */
	policy_type type;    /* result type */
	duration_unit unit;  /* E_ELAPSED */
	uint32_t step;       /* E_REF: index into plan->steps; E_ANY/E_ALL: the
	                        list whose items args[0] is evaluated on */
	value val;           /* E_CONST */
	const char *doc;     /* E_DOC_COUNT: document type as written */
	const char *doc_key; /* ... and as words_key() reads it (plan_link) */
	const char *table;   /* E_CASE: the table as explanations cite it ("the table at
	                        line 33", "Table 1 at line 40") */
	const char *text;    /* the words as written: "exceeds", "$50,000",
	                        "the claimed amount" (for explanations) */
	span sp;
	expr **args;
	uint32_t nargs;
};

typedef struct field_schema {
	const char *name;      /* "claimed amount" */
	policy_type type;
	policy_step_kind origin; /* extract, lookup or compute */
	const char *source;    /* document type or system; NULL for computed */
	uint32_t step;
} field_schema;

typedef struct plan_step {
	const char *id;
	policy_step_kind kind;
	unsigned level;
	policy_type type;      /* the output's type */
	bool deterministic;
	uint64_t est_tokens;
	span sp;
	const char *sentence;  /* the whole sentence as written */
	const char *label;     /* field, term, action text or check text */
	uint32_t *inputs;      /* step indices, ascending */
	uint32_t ninputs;

	/* extract: `label` is the field */
	const char *doc;       /* extract/require: document type as written */
	const char *doc_key;   /* ... and as words_key() reads it (plan_link) */
	bool each;             /* extract: one value per document */
	bool llm_fallback;     /* extract: ask the model if the form has no value */
	bool may_be_absent;    /* extract/lookup: "Many policies have no address change
	                          on record": comparisons with it, missing, are false */
	/* lookup: `label` is the fact */
	const char *system;
	expr **keys;           /* lookup: values that identify the fact */
	uint32_t nkeys;
	/* compute: value; check: condition; action/require/check: guard */
	expr *value;
	expr *guard;           /* NULL: always applies */
	/* require */
	uint32_t min_count;
	/* action: `label` is the text as written */
	const char *verb;
	const char *object;
	/* llm / guardrail details live in llm.h's structures */
	struct llm_spec *llm;
	struct guardrail_spec *guardrail;
} plan_step;

/* The class of a sentence of the policy, by what it made: a rule (an
 * action, a guardrail), a requirement (a check or required documents), a
 * definition (a computed term), an extraction (an extract, a lookup, or a
 * model step: a value read from the world by judgment, so "Confirm that
 * the damage is consistent ..." is a requirement like "Verify that ...");
 * commentary makes nothing. A sentence that makes several kinds has the
 * strongest, in this order. */
typedef enum sentence_class {
	CLASS_RULE = 0,
	CLASS_REQUIREMENT,
	CLASS_DEFINITION,
	CLASS_EXTRACTION,
	CLASS_COMMENTARY,
	CLASS_COUNT
} sentence_class;

/* One sentence of the policy in the plan's source map: where it is, its
 * class, the part of the document it sits in and the steps it produced
 * (or feeds: a list item of a condition, a sentence that introduces a
 * list of rules, a section scope; see compile/source_map.c). */
typedef struct plan_sentence {
	span sp;
	const char *text;      /* as written */
	sentence_class cls;
	const char *section;   /* the heading's number ("2"); NULL if none */
	const char *title;     /* the heading's title ("Eligibility"); NULL if none */
	const char *clause;    /* the numbered clause ("2.3"); NULL if none */
	uint32_t *steps;       /* step indices, ascending */
	uint32_t nsteps;
} plan_sentence;

/* A sentence the grammar could not read, compiled from the restatement the
 * compile-time assistant gave (compile/assist.c, docs/assist.md). The
 * steps it produced carry the restatement as their sentence and the
 * original sentence's span. */
typedef struct plan_assist {
	const char *entry;       /* the lock entry: XXH3-128 hex of the normalized sentence */
	span sp;                 /* the original sentence */
	const char *sentence;    /* the original, as written (spaces collapsed) */
	const char *restatement; /* what was compiled in its place */
	uint32_t *steps;         /* the steps it produced, ascending */
	uint32_t nsteps;
} plan_assist;

/* What another stage makes once per plan and keeps with it (the run's
 * parts of trail lines, run/trail_write.c; its extract steps' fields
 * prepared, run/exec.c; the form labels its executions met, prepared,
 * run/label_cache.c): made on first use, installed with an atomic
 * compare-and-swap (so a plan stays shareable), and freed with the plan
 * through its own `free`. What the plan means never changes. */
typedef struct plan_cache {
	void (*free)(struct plan_cache *c);
} plan_cache;

enum { PLAN_CACHE_TRAIL, PLAN_CACHE_FIELDS, PLAN_CACHE_LABELS, PLAN_CACHES };

struct policy_plan {
	mem m;
	arena a;
	int refs; /* atomic */
	plan_cache *run_cache[PLAN_CACHES]; /* atomic; NULL until made */
	const char *name, *version, *effective, *source;
	const char *trigger;   /* the case type named by "When a new ... arrives" */
	char text_hash[33], body_hash[33];
	uint64_t token_budget; /* 0: none */
	uint64_t est_tokens;
	field_schema *fields;
	uint32_t nfields;
	plan_step *steps;
	uint32_t nsteps;
	unsigned nlevels;
	plan_sentence *sentences; /* the source map, in document order; none in
	                             plans saved before it existed */
	uint32_t nsentences;
	plan_assist *assisted; /* in source order; none for most plans */
	uint32_t nassisted;
};

const char *cmp_op_name(cmp_op op);           /* "gt", "ge", ... */
bool cmp_op_from_name(const char *s, cmp_op *out);
const char *expr_op_name(expr_op op);         /* "ref", "const", ... */
bool expr_op_from_name(const char *s, expr_op *out);
bool step_kind_from_name(const char *s, policy_step_kind *out);
const char *sentence_class_name(sentence_class c); /* "rule", "requirement", ... */
bool sentence_class_from_name(const char *s, sentence_class *out);
/* The class a sentence that made these steps has (the strongest of their
 * kinds); CLASS_COMMENTARY for none. */
sentence_class sentence_class_of(const policy_plan *p, const uint32_t *steps, uint32_t n);

/* A new plan with an empty arena; NULL on OOM. */
policy_plan *plan_new(const mem *m);

/* Fill in inputs (from every expression a step holds) and levels, and sort
 * steps by level keeping their order within a level (renumbering the
 * references of expressions, fields and sentences); fails if a step reads
 * a later step (a cycle). Used by the planner and the loader. */
bool plan_link(policy_plan *p, char *why, size_t why_cap);

/* Call fn on every expression node of a step (guard, value, keys, ...). */
typedef void (*expr_visit_fn)(const expr *e, void *ctx);
void step_visit_exprs(const plan_step *s, expr_visit_fn fn, void *ctx);

/* XXH3-128 of data as 32 lowercase hex digits (+ NUL). */
void hash128_hex(const void *data, size_t len, char out[33]);

#endif
