/*
 * What the compile-time assistant is told and what it answers, and the
 * lock of restatements pinned earlier (docs/assist.md).
 *
 *   request  one JSON object per sentence the grammar cannot read: the
 *            sentence, where it is, what the compiler could not read, the
 *            terms and actions the policy names, the forms the grammar
 *            reads;
 *   reply    {"restatements": [...], "model": "..."} or {"decline": "why"};
 *   lock     {"format": "libpolicy-assist-lock/1", "entries": [{"entry",
 *            "sentence", "restatement" or "decline", "review", ...}]}: the
 *            library reads these members of an entry and leaves the rest
 *            (model, times, reviewer) to the host that writes the file.
 */
#ifndef POLICY_ASSIST_IO_H
#define POLICY_ASSIST_IO_H

#include "compile/compile.h"

#define ASSIST_REQUEST_FORMAT "libpolicy-assist/1"
#define ASSIST_LOCK_FORMAT "libpolicy-assist-lock/1"

/* The canonical English the assistant is asked to write, described. */
extern const char assist_forms[];

typedef struct lock_entry {
	const char *entry;       /* 32 hex digits */
	const char *sentence;    /* collapsed */
	const char *restatement; /* collapsed, as it was placed; NULL for a decline */
	const char *decline;     /* the assistant declined, saying this; or NULL */
	bool rejected;           /* "review": "rejected" */
} lock_entry;

/* Read a lock. False with `why` filled when it is not one (*nomem set
 * when memory ran out instead). */
bool assist_lock_parse(arena *a, const char *json, size_t len, lock_entry **out, uint32_t *n,
                       char *why, size_t why_cap, bool *nomem);

/* The entry for a sentence: its hash and its text must both match. */
const lock_entry *assist_lock_find(const lock_entry *v, uint32_t n, const char *entry,
                                   const char *sentence);

typedef struct assist_request {
	const char *entry;
	const char *sentence;
	span sp;
	const char *section;     /* "4.2 Approvals", or NULL */
	const char *policy;      /* the policy's name */
	const char **errors;
	uint32_t nerrors;
	const pass_notes *notes; /* terms and actions */
	const char *rejected;    /* a restatement rejected in review, or NULL */
} assist_request;

/* The request as compact JSON, in the arena; NULL on OOM. */
char *assist_request_json(arena *a, const assist_request *r);

typedef struct assist_answer {
	const char *restatement; /* the restatements joined by a space, or NULL */
	const char *decline;     /* why not, or NULL */
} assist_answer;

/* Read a reply. False with `why` filled when it is not one of the two
 * shapes (*nomem set when memory ran out instead). */
bool assist_reply_parse(arena *a, const char *json, size_t len, assist_answer *out, char *why,
                        size_t why_cap, bool *nomem);

#endif
