/*
 * The why-trail: one entry per executed step, hash-chained.
 *
 * An execution keeps what its trail says in its slots while it decides;
 * the entries below, their lines and hashes are written from the slots
 * when the trail is first read (trail_write.c), so a decision nobody
 * audits costs no JSON. The bytes are the same either way.
 *
 * Each entry is kept both as fields (for the iterator and the explainer)
 * and as its canonical JSON line. An entry's hash is the XXH3-128 of its
 * line up to the "hash" member (which includes "prev", the previous
 * entry's hash); the first entry's "prev" is the plan's body hash, so a
 * trail is bound to the plan that made it. Changing, removing, inserting
 * or reordering any byte of any entry breaks the chain at that entry.
 */
#ifndef POLICY_TRAIL_H
#define POLICY_TRAIL_H

#include "base/alloc.h"
#include "policy.h"

typedef struct trail_input {
	const char *name;      /* the term as the policy calls it */
	const char *step;      /* the step it came from */
	const char *value;     /* as people read it: "$72,400.00" */
	const char *value_json;
	const char *evidence;  /* JSON, or NULL when computed */
	/* Written already, by an execution that writes many lines from one
	 * plan (trail_write.c), or NULL: {"name":...,"step":...,"value": and
	 * the value as a JSON string. */
	const char *head_json, *value_str;
} trail_input;

typedef struct trail_guardrail {
	const char *name;
	const char *attempted;
	const char *alternative;
} trail_guardrail;

typedef struct trail_entry {
	uint64_t seq;
	const char *step;
	policy_step_kind kind;
	const char *policy_name, *policy_version, *plan_hash, *case_id;
	const char *sentence;
	unsigned line;
	const char *label;      /* field, term, action text, check text */
	const char *output;     /* JSON value; "null" when missing */
	const char *display;    /* the output as people read it */
	const char *reason;     /* checks, actions: why; missing values: why not */
	const char *error;      /* the step failed */
	int64_t started, ended;
	uint64_t tokens;
	trail_input *inputs;
	uint32_t ninputs;
	trail_guardrail *guardrails;
	uint32_t nguardrails;
	char prev[33], hash[33];
	const char *json;       /* the canonical line, without newline */
	size_t json_len;
	/* Parts of the line written already (or NULL), as trail_input's:
	 * ,"step":... up to "case": (the plan's), the case id as JSON,
	 * ,"line":... up to "inputs":[ (the plan's), the display as JSON. */
	const char *plan_json, *case_str, *line_json, *display_str;
} trail_entry;

struct policy_trail {
	mem m;
	arena a;
	bool owned;             /* loaded (freed by policy_trail_free) */
	trail_entry *e;
	uint32_t n, cap;
	/* An execution's trail is written when it is first read: while
	 * `unwritten` is set (atomic), `write` makes the entries. */
	int unwritten;
	bool (*write)(policy_trail *t);
	void *owner;            /* the execution, for `write` */
	buf line;               /* trail_append's line while it is written */
};

/* Append an entry built by the executor: computes its JSON and hash. */
bool trail_append(policy_trail *t, trail_entry *e);
/* Make sure the entries are there; false if memory ran out writing them. */
bool trail_ready(const policy_trail *t);

#endif
