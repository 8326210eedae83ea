/*
 * libpolicy: compile business policies written in plain English into
 * deterministic, versioned, auditable execution plans, and execute them.
 *
 * This is the whole public interface. Conventions, once, for every function:
 *
 *  - Objects are opaque and created by a *_new, *_compile or *_load function;
 *    each has a *_free. Plans and hosts are reference counted (*_reference).
 *  - Functions that can fail return a policy_status. Where they take a
 *    `policy_error **err`, a failure also stores a newly allocated error
 *    object there (free it with policy_error_free); pass NULL to ignore it.
 *    There is no global or thread-local error state.
 *  - Strings the library returns through `char **out` are allocated with the
 *    object's allocator and released with policy_free(). Strings returned as
 *    `const char *` are borrowed from the object and live as long as it does.
 *  - Options structs begin with `struct_size` and have an _INIT macro, so
 *    they can grow without breaking the ABI. A NULL options pointer means
 *    defaults.
 *  - All strings are UTF-8. The library never prints, aborts, exits, reads
 *    files or the clock: hosts plug in callbacks for that (policy_host).
 *  - A compiled or loaded plan is immutable and may be shared by any number
 *    of threads; every other object belongs to one thread at a time.
 */
#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(POLICY_BUILDING) && defined(__GNUC__)
#define POLICY_API __attribute__((visibility("default")))
#else
#define POLICY_API
#endif

#define POLICY_VERSION_MAJOR 0
#define POLICY_VERSION_MINOR 1
#define POLICY_VERSION_PATCH 0
#define POLICY_VERSION_STRING "0.1.0"

/* The plan format this library writes and reads. */
#define POLICY_PLAN_FORMAT "libpolicy-plan/1"

/* The run-time version string, e.g. "0.1.0"; compare with
 * POLICY_VERSION_STRING to detect a header/library mismatch. */
POLICY_API const char *policy_version(void);

/* ------------------------------------------------------------------------ */
/* Status codes                                                             */

typedef enum policy_status {
	POLICY_OK = 0,
	POLICY_ERR_NOMEM,     /* an allocation failed; nothing was half-built */
	POLICY_ERR_ARGUMENT,  /* a NULL or out-of-range argument */
	POLICY_ERR_COMPILE,   /* the policy text has errors (see diagnostics) */
	POLICY_ERR_LIMIT,     /* an input exceeded a configured limit */
	POLICY_ERR_PLAN,      /* a plan's JSON is malformed or inconsistent */
	POLICY_ERR_HASH,      /* a plan's content hash does not match its body */
	POLICY_ERR_BUDGET,    /* the estimated tokens exceed the token budget */
	POLICY_ERR_STATE,     /* the call does not fit the object's state */
	POLICY_ERR_CALLBACK,  /* a host callback failed or answered badly */
	POLICY_ERR_TRAIL,     /* a trail's JSON Lines are malformed */
	POLICY_ERR_CHAIN,     /* a trail's hash chain is broken (tampering) */
	POLICY_ERR_MISMATCH,  /* a trail was made by a different plan */
	POLICY_ERR_NOT_FOUND  /* a stored item or a name does not exist */
} policy_status;

/* A short constant name for a status, e.g. "POLICY_ERR_HASH". */
POLICY_API const char *policy_status_name(policy_status status);

/* Release a string the library returned through a `char **` parameter.
 * NULL is ignored. */
POLICY_API void policy_free(void *string);

/* ------------------------------------------------------------------------ */
/* Allocator hook                                                           */

/* Every allocation the library makes for an object goes through the
 * allocator given when the object was created (NULL: malloc, realloc,
 * free). The functions must behave like their C counterparts; malloc and
 * realloc may fail by returning NULL, which the library reports as
 * POLICY_ERR_NOMEM. The struct is copied: it need not outlive the call.
 * A plan's allocator is also called, once, the first time a trail of the
 * plan is written (the parts of its lines that only the plan decides are
 * kept with it), on whichever thread writes it: for a plan shared between
 * threads it must be thread-safe. */
typedef struct policy_allocator {
	void *(*malloc)(size_t size, void *user_data);
	void *(*realloc)(void *ptr, size_t size, void *user_data);
	void (*free)(void *ptr, void *user_data);
	void *user_data;
} policy_allocator;

/* ------------------------------------------------------------------------ */
/* Errors and diagnostics                                                   */

typedef struct policy_error policy_error;

typedef enum policy_severity {
	POLICY_SEVERITY_ERROR = 0,
	POLICY_SEVERITY_WARNING = 1
} policy_severity;

/* The status that produced the error. POLICY_OK for a report that holds
 * only compile warnings. */
POLICY_API policy_status policy_error_code(const policy_error *err);

/* The first error's message, a plain sentence without position. */
POLICY_API const char *policy_error_message(const policy_error *err);

/* 1-based line and column of the first error in its source (policy text,
 * plan JSON, trail line); 0 when the error has no position. */
POLICY_API unsigned policy_error_line(const policy_error *err);
POLICY_API unsigned policy_error_column(const policy_error *err);

/* A suggestion such as "did you mean 'claimed amount'?", or NULL. */
POLICY_API const char *policy_error_hint(const policy_error *err);

/* Compile reports can hold several diagnostics, errors and warnings, in
 * source order. Index 0 is the one the accessors above describe when it
 * is an error. */
POLICY_API size_t policy_error_diagnostic_count(const policy_error *err);
POLICY_API policy_severity policy_error_diagnostic_severity(const policy_error *err, size_t i);
POLICY_API const char *policy_error_diagnostic_message(const policy_error *err, size_t i);
POLICY_API const char *policy_error_diagnostic_hint(const policy_error *err, size_t i);
POLICY_API unsigned policy_error_diagnostic_line(const policy_error *err, size_t i);
POLICY_API unsigned policy_error_diagnostic_column(const policy_error *err, size_t i);

/* Render every diagnostic the way compilers do:
 *
 *   claims.txt:5:30: error: 'exceeds' needs a number or amount after it
 *       5 | If the claimed amount exceeds, escalate to senior adjuster review.
 *         |                      ^~~~~~~
 *   hint: write a value, e.g. 'exceeds $50,000'
 *
 * `filename` names the source in the output (NULL: "policy"). `source` is
 * the text the positions refer to (NULL: render without excerpts). */
POLICY_API policy_status policy_error_render(const policy_error *err, const char *filename,
                                             const char *source, size_t source_len,
                                             char **out, size_t *out_len);

POLICY_API void policy_error_free(policy_error *err);

/* ------------------------------------------------------------------------ */
/* Types of values                                                          */

typedef enum policy_type {
	POLICY_TYPE_NONE = 0,
	POLICY_TYPE_MONEY,    /* exact decimal, two places: "72400.00" */
	POLICY_TYPE_NUMBER,   /* exact decimal */
	POLICY_TYPE_PERCENT,  /* exact decimal fraction: 45% is "0.45" */
	POLICY_TYPE_RATIO,    /* exact decimal: 1.25x is "1.25" */
	POLICY_TYPE_COUNT,    /* non-negative integer */
	POLICY_TYPE_DATE,     /* calendar date: "2026-03-14" */
	POLICY_TYPE_DURATION, /* an amount of days, weeks, months or years */
	POLICY_TYPE_BOOLEAN,
	POLICY_TYPE_TEXT,
	POLICY_TYPE_ENUM      /* text from a closed set named by the policy */
} policy_type;

/* "money", "date", ...; NULL for an unknown value. */
POLICY_API const char *policy_type_name(policy_type type);

/* ------------------------------------------------------------------------ */
/* Plans                                                                    */

typedef struct policy_plan policy_plan;

/* Where a host callback puts its answer (see "Hosts" below). */
typedef struct policy_reply policy_reply;

/* The compile-time assistant (docs/assist.md): asked only while compiling,
 * only about a sentence the grammar cannot read (one with an error, or
 * prose it keeps as commentary with a warning), never while a plan runs.
 * `request_json` describes one sentence:
 *
 *   {"format": "libpolicy-assist/1", "entry": "<32 hex: the lock entry>",
 *    "sentence": "...", "line": 7, "column": 1, "section": "4.2 Approvals"|null,
 *    "errors": ["what the compiler could not read", ...],
 *    "terms": [{"name": "claimed amount", "type": "money"}, ...],
 *    "actions": ["escalate to senior adjuster review", ...],
 *    "policy": "Claims Intake", "rejected": ["a restatement rejected in
 *    review", only when there is one],
 *    "forms": "the canonical English the compiler reads, described"}
 *
 * The callback answers through `reply` with policy_reply_set_json:
 *
 *   {"restatements": ["sentence", ...], "model": "name as the host knows it"}
 *   {"decline": "why"}
 *
 * or fails (any status but POLICY_OK, with policy_reply_set_error saying
 * why). A restatement is compiled by the ordinary grammar in the
 * sentence's place and is not trusted: one that does not compile, or that
 * adds a number, amount, percentage or date the sentence does not have,
 * or a word for a term or an action that the policy nowhere uses, is
 * rejected with an error naming both sentences. The callback runs on the
 * thread that called policy_compile. Compile options are borrowed for the
 * one call, so there is no destroy notifier: user_data stays the caller's. */
typedef policy_status (*policy_assist_func)(const char *request_json, policy_reply *reply,
                                            void *user_data);

typedef struct policy_compile_options {
	size_t struct_size;                 /* sizeof(policy_compile_options) */
	const policy_allocator *allocator;  /* NULL: malloc/realloc/free */
	uint64_t token_budget;              /* 0: no budget beyond the policy's own
	                                       "Token budget:" header line */
	size_t max_text_bytes;              /* 0: 1 MiB */
	size_t max_sentence_bytes;          /* 0: 16 KiB */
	unsigned max_depth;                 /* nesting of lists and clauses; 0: 32 */
	size_t max_steps;                   /* 0: 10000 */
	/* The compile-time assistant (added after 0.1.0: callers built against
	 * the older, shorter struct keep working, without it). */
	policy_assist_func assist;          /* NULL: no assistant */
	void *assist_user_data;
	/* Restatements pinned earlier: the lock file's JSON (docs/assist.md,
	 * "format": "libpolicy-assist-lock/1"). A sentence the grammar cannot
	 * read is looked up here (by the hash of its normalized text) before
	 * the assistant is asked, so a compile with the lock and no assistant
	 * gives the same plan, byte for byte. NULL: none. */
	const char *assist_lock;
	size_t assist_lock_len;
	unsigned max_assisted;              /* sentences the assistant is asked
	                                       about in one compile; 0: 32 */
} policy_compile_options;

#define POLICY_COMPILE_OPTIONS_INIT \
	{ sizeof(policy_compile_options), NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0, 0 }

/* Compile English policy text into a plan.
 *
 * On failure returns POLICY_ERR_COMPILE (or _LIMIT, _BUDGET, _NOMEM) and, if
 * `err` is not NULL, a report of every diagnostic found. On success, if the
 * compiler has warnings (a value extracted but never used, ...) and `err`
 * is not NULL, *err receives a report whose code is POLICY_OK; otherwise
 * *err is set to NULL.
 *
 * With an assistant or a lock in `opts`, sentences the grammar cannot read
 * are restated (lock first, then the assistant), the text is compiled
 * again with the restatements in their places, and the plan lists each
 * sentence compiled that way (policy_plan_assisted_*). Its text hash is
 * that of the text as written. A sentence the assistant declines, or
 * whose restatement is refused, keeps its own diagnostic, with another
 * saying why (an error only where the sentence is one itself). */
POLICY_API policy_status policy_compile(const char *text, size_t len,
                                        const policy_compile_options *opts,
                                        policy_plan **out, policy_error **err);

typedef struct policy_load_options {
	size_t struct_size;                 /* sizeof(policy_load_options) */
	const policy_allocator *allocator;  /* NULL: malloc/realloc/free */
	size_t max_json_bytes;              /* 0: 16 MiB for plans, 64 MiB for trails */
	unsigned max_json_depth;            /* 0: 64 */
	size_t max_steps;                   /* 0: 10000 */
} policy_load_options;

#define POLICY_LOAD_OPTIONS_INIT { sizeof(policy_load_options), NULL, 0, 0, 0 }

/* Load a plan saved by policy_plan_save. The JSON is untrusted: structure,
 * types, references, levels, acyclicity and both hashes are checked, and
 * anything else is rejected with POLICY_ERR_PLAN or POLICY_ERR_HASH and a
 * message naming what is wrong (with line and column in the JSON where it
 * applies). */
POLICY_API policy_status policy_plan_load(const char *json, size_t len,
                                          const policy_load_options *opts,
                                          policy_plan **out, policy_error **err);

/* Serialize a plan as canonical JSON (format "libpolicy-plan/1"). Saving a
 * loaded plan gives back the same bytes. Release with policy_free. */
POLICY_API policy_status policy_plan_save(const policy_plan *plan, char **json, size_t *len);

/* A human-readable view: header, schema, steps by level with their
 * sentences, deterministic or LLM, estimated tokens. Release with
 * policy_free. */
POLICY_API policy_status policy_plan_inspect(const policy_plan *plan, char **text, size_t *len);

/* What the compiler understood, for the policy's author to check: every
 * step restated in one canonical English form generated from the plan's
 * expressions (not copied from the policy), in document order, section by
 * section, each beside its clause number and line:
 *
 *   2.3 (line 23): decline the application when the net worth is below $250,000.00
 *   line 15: the loan-to-value ratio is the loan amount divided by the appraised value
 *   2.1 (line 19): require the credit score to be at least 660 (requirement)
 *
 * One phrase per operator (exceeds, is at least, is below, is at most,
 * is, is not, is one of, is between A and B, is missing, and, or, not
 * (...)); an action without a condition says "in every case". Release
 * with policy_free. */
POLICY_API policy_status policy_plan_english(const policy_plan *plan, char **text, size_t *len);

/* The plan's source map as text: every sentence of the policy with its
 * line and column, its class, the section and clause it sits in, its text
 * and the ids of the steps it produced. Plans saved before plans carried a
 * source map say so. Release with policy_free. */
POLICY_API policy_status policy_plan_sources(const policy_plan *plan, char **text, size_t *len);

/* Reference counting: _reference returns its argument; _free drops one
 * reference and frees the plan with the last one. Both are thread-safe. */
POLICY_API policy_plan *policy_plan_reference(policy_plan *plan);
POLICY_API void policy_plan_free(policy_plan *plan);

/* The policy's header lines ("Policy:", "Version:", "Effective:",
 * "Source:"); effective date as YYYY-MM-DD. Source is NULL when absent. */
POLICY_API const char *policy_plan_name(const policy_plan *plan);
POLICY_API const char *policy_plan_policy_version(const policy_plan *plan);
POLICY_API const char *policy_plan_effective(const policy_plan *plan);
POLICY_API const char *policy_plan_source(const policy_plan *plan);

/* XXH3-128 hashes, 32 lowercase hex digits: of the normalized policy text,
 * and of the canonical plan body (everything but the hashes). */
POLICY_API const char *policy_plan_text_hash(const policy_plan *plan);
POLICY_API const char *policy_plan_body_hash(const policy_plan *plan);

/* The sum of est_tokens over the plan's LLM steps. */
POLICY_API uint64_t policy_plan_est_tokens(const policy_plan *plan);

/* Sentences the compile-time assistant restated, in source order (none
 * for a plan compiled without one). Each names its lock entry (the
 * XXH3-128 hex of the normalized sentence, the key of POLICY.assist.json),
 * the sentence as written, its position, the restatement compiled in its
 * place, and the ids of the steps it produced (whose sentence is the
 * restatement). `i` must be below the count. */
POLICY_API size_t policy_plan_assisted_count(const policy_plan *plan);
POLICY_API unsigned policy_plan_assisted_line(const policy_plan *plan, size_t i);
POLICY_API unsigned policy_plan_assisted_column(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_assisted_sentence(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_assisted_restatement(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_assisted_entry(const policy_plan *plan, size_t i);
POLICY_API size_t policy_plan_assisted_step_count(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_assisted_step(const policy_plan *plan, size_t i, size_t j);

typedef enum policy_step_kind {
	POLICY_STEP_EXTRACT = 0,
	POLICY_STEP_LOOKUP,
	POLICY_STEP_COMPUTE,
	POLICY_STEP_CHECK,
	POLICY_STEP_REQUIRE,
	POLICY_STEP_ACTION,
	POLICY_STEP_LLM,
	POLICY_STEP_GUARDRAIL
} policy_step_kind;

/* "extract", "lookup", ...; NULL for an unknown value. */
POLICY_API const char *policy_step_kind_name(policy_step_kind kind);

/* Steps, in plan order (levels ascending). `i` must be below the count. */
POLICY_API size_t policy_plan_step_count(const policy_plan *plan);
POLICY_API size_t policy_plan_level_count(const policy_plan *plan);
POLICY_API const char *policy_plan_step_id(const policy_plan *plan, size_t i);
POLICY_API policy_step_kind policy_plan_step_kind(const policy_plan *plan, size_t i);
POLICY_API unsigned policy_plan_step_level(const policy_plan *plan, size_t i);
POLICY_API policy_type policy_plan_step_type(const policy_plan *plan, size_t i);
POLICY_API int policy_plan_step_deterministic(const policy_plan *plan, size_t i);
POLICY_API uint64_t policy_plan_step_est_tokens(const policy_plan *plan, size_t i);
POLICY_API unsigned policy_plan_step_line(const policy_plan *plan, size_t i);
POLICY_API unsigned policy_plan_step_column(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_step_sentence(const policy_plan *plan, size_t i);
/* What the step does in a few words: the field and document of an extract,
 * the action's text, the defined term, ... */
POLICY_API const char *policy_plan_step_label(const policy_plan *plan, size_t i);
/* The document type an extract or require step names, as written; NULL
 * for other steps. */
POLICY_API const char *policy_plan_step_document(const policy_plan *plan, size_t i);
POLICY_API size_t policy_plan_step_input_count(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_step_input(const policy_plan *plan, size_t i, size_t j);

/* The source map: the policy's sentences in document order, commentary
 * included (0 for plans saved before plans carried one). Each has a line
 * and column, its text as written, a class ("rule", "requirement",
 * "definition", "extraction" or "commentary"), the number and title of
 * the heading it sits under and its clause number (each NULL when there
 * is none), and the ids of the steps it produced: its own, or for a
 * sentence that only shapes others (a list item of a condition, a
 * sentence introducing a list of rules, "Section 4 applies only to ...")
 * the steps it shapes. A sentence's class is the strongest kind among its
 * steps: rule (action, guardrail) > requirement (check, required
 * documents) > definition (computed) > extraction (extract, lookup, model
 * judgment); a sentence that makes no step and is not commentary says
 * something about the inputs ("When a new claim arrives.") and is an
 * extraction.
 * `i` must be below the count, `j` below the sentence's step count. */
POLICY_API size_t policy_plan_sentence_count(const policy_plan *plan);
POLICY_API unsigned policy_plan_sentence_line(const policy_plan *plan, size_t i);
POLICY_API unsigned policy_plan_sentence_column(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_sentence_text(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_sentence_class(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_sentence_section(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_sentence_title(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_sentence_clause(const policy_plan *plan, size_t i);
POLICY_API size_t policy_plan_sentence_step_count(const policy_plan *plan, size_t i);
POLICY_API const char *policy_plan_sentence_step(const policy_plan *plan, size_t i, size_t j);

/* ------------------------------------------------------------------------ */
/* Cases: the documents of one case                                         */

typedef struct policy_case policy_case;

POLICY_API policy_status policy_case_new(const policy_allocator *allocator, policy_case **out);
POLICY_API void policy_case_free(policy_case *c);

/* An identifier recorded in the trail (e.g. a claim number). Copied. */
POLICY_API policy_status policy_case_set_id(policy_case *c, const char *id);

/* Add a document of a type ("claim form", "appraisal"). Several documents
 * of one type are numbered in the order added and counted by requirements.
 * The text is copied; the built-in extractor reads it. */
POLICY_API policy_status policy_case_add_document(policy_case *c, const char *type,
                                                  const char *text, size_t len);

/* Add a fact for the built-in lookup: `name` as the policy calls it
 * ("policy effective date"), `value_json` one JSON scalar ("\"2025-06-01\"",
 * "680", "true"); anything else is POLICY_ERR_ARGUMENT. Used when the host
 * sets no lookup callback. */
POLICY_API policy_status policy_case_add_fact(policy_case *c, const char *name,
                                              const char *value_json, size_t len);

/* ------------------------------------------------------------------------ */
/* Hosts: the callbacks through which the library reaches the world         */

typedef struct policy_host policy_host;

/* Called when a callback is replaced or its host is freed. */
typedef void (*policy_destroy_func)(void *user_data);

/* A callback answers through `reply`, with JSON (copied) or an error
 * message, and returns POLICY_OK; any other status fails the step with the
 * reply's message. Request and answer formats are in docs/host-protocol.md. */
POLICY_API policy_status policy_reply_set_json(policy_reply *reply, const char *json, size_t len);
POLICY_API policy_status policy_reply_set_error(policy_reply *reply, const char *message);

/* Find `field` (of `type`) in the case's documents of `doc_type`. `doc_type`
 * is NULL for a value the policy never says where to find (an input the
 * plan reads from the case's facts or any document by its name). */
typedef policy_status (*policy_extract_func)(const char *doc_type, const char *field, policy_type type,
                                             const char *request_json, policy_reply *reply,
                                             void *user_data);
/* Answer a fact from a system of record. */
typedef policy_status (*policy_lookup_func)(const char *fact, const char *request_json,
                                            policy_reply *reply, void *user_data);
/* One structured model call: prompt, JSON schema of the answer, budget. */
typedef policy_status (*policy_llm_func)(const char *request_json, policy_reply *reply,
                                         void *user_data);
/* Persist `json` under (kind, key), e.g. ("trail", case id). */
typedef policy_status (*policy_store_func)(const char *kind, const char *key, const char *json,
                                           size_t len, void *user_data);
/* Load what was stored under (kind, key) into `reply`;
 * POLICY_ERR_NOT_FOUND when there is none. */
typedef policy_status (*policy_load_func)(const char *kind, const char *key, policy_reply *reply,
                                          void *user_data);
/* The current time in milliseconds since 1970-01-01 UTC. A clock cannot
 * fail: a host without one leaves the slot unset (timestamps read 0). */
typedef int64_t (*policy_now_func)(void *user_data);

/* A new host with no callbacks: extraction uses the built-in plain-text
 * extractor, lookups answer from the case's facts, LLM steps fail, nothing
 * is stored and the clock reads 0. */
POLICY_API policy_status policy_host_new(const policy_allocator *allocator, policy_host **out);
POLICY_API policy_host *policy_host_reference(policy_host *host);
POLICY_API void policy_host_free(policy_host *host);

/* Set (or with NULL, unset) one callback. The previous callback's destroy
 * notifier, if any, is called with its user_data. */
POLICY_API void policy_host_set_extract_func(policy_host *host, policy_extract_func func,
                                             void *user_data, policy_destroy_func destroy);
POLICY_API void policy_host_set_lookup_func(policy_host *host, policy_lookup_func func,
                                            void *user_data, policy_destroy_func destroy);
POLICY_API void policy_host_set_llm_func(policy_host *host, policy_llm_func func,
                                         void *user_data, policy_destroy_func destroy);
POLICY_API void policy_host_set_store_func(policy_host *host, policy_store_func func,
                                           void *user_data, policy_destroy_func destroy);
POLICY_API void policy_host_set_load_func(policy_host *host, policy_load_func func,
                                          void *user_data, policy_destroy_func destroy);
POLICY_API void policy_host_set_now_func(policy_host *host, policy_now_func func,
                                         void *user_data, policy_destroy_func destroy);

/* Store a plan through the host's store callback under ("plan",
 * "NAME@VERSION"); POLICY_ERR_STATE if the host has no store callback. */
POLICY_API policy_status policy_host_store_plan(const policy_host *host, const policy_plan *plan);

/* Load a plan through the host's load callback ("plan", key), then
 * policy_plan_load it (validated like any plan). POLICY_ERR_NOT_FOUND when
 * the callback has none; POLICY_ERR_STATE without a load callback. */
POLICY_API policy_status policy_host_load_plan(const policy_host *host, const char *key,
                                               const policy_load_options *opts,
                                               policy_plan **out, policy_error **err);

/* ------------------------------------------------------------------------ */
/* Executing a plan on a case                                               */

typedef struct policy_exec policy_exec;
typedef struct policy_task policy_task;

typedef struct policy_exec_options {
	size_t struct_size;                 /* sizeof(policy_exec_options) */
	const policy_allocator *allocator;  /* NULL: malloc/realloc/free */
	unsigned threads;                   /* policy_execute's worker threads for
	                                       the callbacks of one level; 0 or 1:
	                                       run them on the calling thread */
	uint64_t token_budget;              /* run-time LLM token budget; 0: the
	                                       plan's estimate is the budget */
	size_t max_document_bytes;          /* per document; 0: 4 MiB */
	size_t max_reply_bytes;             /* per callback answer; 0: 1 MiB */
	policy_now_func now;                /* the trail's clock (policy_execute
	                                       uses the host's); NULL: 0 */
	void *now_user_data;
	/* Documents that are PDFs or images, read by the built-in extractor
	 * (docs/documents.md). Past a limit, the steps that read the document
	 * fail with a message naming the limit. */
	unsigned max_document_pages;        /* per document; 0: 50 */
	uint64_t max_page_pixels;           /* per page image; 0: 40 Mi (a 300 dpi
	                                       letter page is 8.4 Mi) */
	unsigned max_ocr_ms;                /* OCR time per document; 0: 60,000 */
	unsigned min_ocr_confidence;        /* 1..100: a value OCR read less surely
	                                       than this is refused; 0: 60 */
} policy_exec_options;

#define POLICY_EXEC_OPTIONS_INIT \
	{ sizeof(policy_exec_options), NULL, 0, 0, 0, 0, NULL, NULL, 0, 0, 0, 0 }

typedef enum policy_outcome {
	POLICY_OUTCOME_PENDING = 0, /* tasks are still outstanding */
	POLICY_OUTCOME_COMPLETE,    /* a decision was made */
	POLICY_OUTCOME_FAILED       /* a needed value was missing or invalid */
} policy_outcome;

/* Start executing `plan` on `c` without doing anything yet (sans-I/O). The
 * execution holds a reference to the plan and copies what it needs from
 * the case, which may be freed afterwards. */
POLICY_API policy_status policy_exec_new(const policy_plan *plan, const policy_case *c,
                                         const policy_exec_options *opts,
                                         policy_exec **out, policy_error **err);

/* Advance: runs every internal step that is ready (compute, check,
 * require, action) and hands out the next task the host must perform
 * (extract, lookup or LLM) in *task, or NULL when none is ready: either
 * the execution is finished (policy_exec_outcome is not PENDING) or it
 * waits for tasks already handed out. Tasks are handed out in plan order;
 * those of one level are independent and may be performed in parallel. */
POLICY_API policy_status policy_exec_next(policy_exec *exec, const policy_task **task);

/* Deliver a task's answer (the JSON a callback would have put in its
 * reply). The answer is validated; a bad answer fails the step, not the
 * call. The task handle is invalid afterwards. The steps that depend on the
 * answer, and the decision, are computed by the next policy_exec_next:
 * keep calling it until it hands out no task and nothing is outstanding. */
POLICY_API policy_status policy_exec_complete(policy_exec *exec, const policy_task *task,
                                              const char *answer_json, size_t len);

/* Report that a task could not be performed; the step fails with `message`. */
POLICY_API policy_status policy_exec_fail(policy_exec *exec, const policy_task *task,
                                          const char *message);

/* Typed answers: a value the host has in hand, without writing JSON. Each
 * means exactly the JSON answer {"value": V} (with "evidence": E when
 * evidence_json is not NULL: a JSON object, kept in the trail), checked
 * against the step's type the same way, with the same errors; a bad value
 * fails the step, not the call.
 *
 *   policy_answer_number   units / 10^scale (0 <= scale <= 18): the JSON
 *                          number 724.00 is (72400, 2)
 *   policy_answer_date     the JSON string "YYYY-MM-DD"; POLICY_ERR_ARGUMENT
 *                          for a day that does not exist or a year outside
 *                          1000..9999 (which that form cannot write)
 *   policy_answer_bool     true or false
 *   policy_answer_text     the JSON string holding these bytes: text, or a
 *                          value as a form writes it ("$72,400", "45%")
 *   policy_answer_missing  {"missing": why} (why may be NULL)
 *
 * The task handle is invalid afterwards, as after policy_exec_complete. */
POLICY_API policy_status policy_answer_number(policy_exec *exec, const policy_task *task,
                                              int64_t units, int scale,
                                              const char *evidence_json);
POLICY_API policy_status policy_answer_date(policy_exec *exec, const policy_task *task, int year,
                                            int month, int day, const char *evidence_json);
POLICY_API policy_status policy_answer_bool(policy_exec *exec, const policy_task *task, int value,
                                            const char *evidence_json);
POLICY_API policy_status policy_answer_text(policy_exec *exec, const policy_task *task,
                                            const char *text, size_t len,
                                            const char *evidence_json);
POLICY_API policy_status policy_answer_missing(policy_exec *exec, const policy_task *task,
                                               const char *why);

/* Perform a task with the built-in extractor or fact lookup over the case
 * given to policy_exec_new, then complete it. */
POLICY_API policy_status policy_exec_complete_builtin(policy_exec *exec, const policy_task *task);

/* Task accessors; strings are borrowed until the execution is reset or
 * freed. The request of an extraction or a lookup is written the first
 * time it is asked for (it may be asked for on another thread while the
 * execution goes on, or after the task was answered); NULL if memory ran
 * out. */
POLICY_API policy_step_kind policy_task_kind(const policy_task *task);
POLICY_API const char *policy_task_step_id(const policy_task *task);
POLICY_API const char *policy_task_request_json(const policy_task *task);
/* The document type an extract task reads; NULL for other tasks and for an
 * input the policy never sources (any document, or the case's facts). */
POLICY_API const char *policy_task_document(const policy_task *task);
POLICY_API const char *policy_task_field(const policy_task *task);    /* extract/lookup name */
POLICY_API policy_type policy_task_type(const policy_task *task);
/* The index of the task's step among its plan's (policy_plan_step_*). */
POLICY_API size_t policy_task_step(const policy_task *task);

/* Run a plan on a case to the end through the host's callbacks (NULL host:
 * built-in extractor and case facts). If the host has a store callback,
 * the finished trail is stored with store("trail", case id or plan hash,
 * JSON Lines); a store that fails fails the call (POLICY_ERR_CALLBACK). With opts->threads > 1 the callbacks
 * of one level run on worker threads; the decision and the trail are the
 * same whatever the number of threads. A run whose outcome is FAILED is
 * still POLICY_OK: the failure is the decision's, see policy_exec_failure.
 * Callbacks may run on worker threads and concurrently with each other. */
POLICY_API policy_status policy_execute(const policy_plan *plan, const policy_host *host,
                                        const policy_case *c, const policy_exec_options *opts,
                                        policy_exec **out, policy_error **err);

POLICY_API void policy_exec_free(policy_exec *exec);

/* Start `exec` over on case `c` (NULL: none), with the same plan and
 * options, as if it were new: for a host that decides case after case,
 * this reuses the execution's memory, so a decision allocates nothing once
 * the first few have sized it. Everything the execution handed out before
 * (tasks, strings, its trail) is invalid afterwards. POLICY_ERR_LIMIT (a
 * document over max_document_bytes) or POLICY_ERR_NOMEM leave it without
 * a case until a reset succeeds. */
POLICY_API policy_status policy_exec_reset(policy_exec *exec, const policy_case *c,
                                           policy_error **err);

/* The decision. */
POLICY_API policy_outcome policy_exec_outcome(const policy_exec *exec);
/* For FAILED: what was missing or invalid, and why. */
POLICY_API const char *policy_exec_failure(const policy_exec *exec);
POLICY_API size_t policy_exec_action_count(const policy_exec *exec);
POLICY_API const char *policy_exec_action_text(const policy_exec *exec, size_t i);
POLICY_API const char *policy_exec_action_verb(const policy_exec *exec, size_t i);
POLICY_API const char *policy_exec_action_object(const policy_exec *exec, size_t i);
/* The index of the plan step whose rule fired action i (its text is that
 * step's label unless a policy guardrail replaced it); (size_t)-1 when
 * there is no action i. */
POLICY_API size_t policy_exec_action_step(const policy_exec *exec, size_t i);
POLICY_API size_t policy_exec_failed_check_count(const policy_exec *exec);
/* The check's sentence and, in English, the values that made it fail. */
POLICY_API const char *policy_exec_failed_check_text(const policy_exec *exec, size_t i);
POLICY_API const char *policy_exec_failed_check_reason(const policy_exec *exec, size_t i);
POLICY_API uint64_t policy_exec_tokens_used(const policy_exec *exec);

/* The decision as one JSON object:
 * {"status": "complete"|"failed"|"pending",
 *  "actions": [{"text", "verb", "object", "step", "because"[, "instead_of"]}],
 *  "failed_checks": [{"step", "text", "reason"}],
 *  "error": null|"...", "tokens": N,
 *  "policy": {"name", "version", "plan_hash"}}.
 * "instead_of" names the action a policy guardrail replaced. */
POLICY_API policy_status policy_exec_decision_json(const policy_exec *exec, char **json, size_t *len);

/* ------------------------------------------------------------------------ */
/* Many cases in one call                                                   */

/* Called on a worker thread to make case `index` just before it is decided,
 * when the cases are not given as an array (so that reading documents runs
 * in parallel too). Return POLICY_OK with *out set to a new case, which the
 * library frees after deciding it; any other status skips the case, which
 * then fails with that status (the batch goes on). Calls may be concurrent. */
typedef policy_status (*policy_batch_case_func)(size_t index, policy_case **out, void *user_data);

/* Called on the worker thread that decided case `index`, as soon as it is
 * decided: `exec` is its execution (NULL when the case failed) and `err`
 * why it failed (NULL when it did not); both are borrowed for the call.
 * Calls may be concurrent and come in any order. */
typedef void (*policy_batch_done_func)(size_t index, const policy_exec *exec,
                                       const policy_error *err, void *user_data);

typedef struct policy_batch_options {
	size_t struct_size;                 /* sizeof(policy_batch_options) */
	unsigned threads;                   /* worker threads, each deciding whole
	                                       cases; 0 or 1: the calling thread */
	const policy_exec_options *exec;    /* every case's execution options (its
	                                       allocator, limits, and threads within
	                                       one case); NULL: defaults */
	policy_batch_case_func make_case;   /* NULL: the cases come from `cases` */
	policy_batch_done_func done;        /* NULL: not called */
	void *user_data;                    /* for make_case and done */
} policy_batch_options;

#define POLICY_BATCH_OPTIONS_INIT { sizeof(policy_batch_options), 0, NULL, NULL, NULL, NULL }

/* Decide `count` cases with one plan: each case as policy_execute would
 * (same host, same options, same decision and trail), on opts->threads
 * worker threads that share the immutable plan and take the next case as
 * they finish one. The cases are cases[0 .. count-1], or made one at a time
 * by opts->make_case when `cases` is NULL.
 *
 * Results are per case and in input order: if `execs` is not NULL,
 * execs[i] receives case i's execution (free each with policy_exec_free)
 * or NULL when the case failed; if `errors` is not NULL, errors[i]
 * receives why it failed (free with policy_error_free) or NULL. Without
 * `execs`, each execution is freed after opts->done has seen it, so a
 * batch of any size runs in bounded memory. A case that fails (a bad
 * document, a callback error, out of memory) never stops the others.
 *
 * The host's callbacks (its clock included) are called from the worker
 * threads, concurrently, and must be thread-safe. A host with a store
 * callback stores each case's trail as policy_execute does.
 *
 * Returns POLICY_OK once every case has been attempted (look at each
 * case's result), or POLICY_ERR_ARGUMENT (nothing attempted) for a NULL
 * plan, neither `cases` nor opts->make_case with count > 0, or an options
 * struct too small. */
POLICY_API policy_status policy_execute_batch(const policy_plan *plan, const policy_host *host,
                                              const policy_case *const *cases, size_t count,
                                              const policy_batch_options *opts,
                                              policy_exec **execs, policy_error **errors);

/* ------------------------------------------------------------------------ */
/* The why-trail                                                            */

typedef struct policy_trail policy_trail;
typedef struct policy_trail_iter policy_trail_iter;

/* The execution's trail, borrowed: valid while the execution lives (and
 * until policy_exec_reset); NULL until it is finished. Its entries are
 * written from the execution the first time the trail is read, so a
 * decision nobody reads the trail of costs no JSON or hashing; the bytes
 * are the same whenever they are written. Reading may then fail with
 * POLICY_ERR_NOMEM (policy_trail_entry_count says 0). */
POLICY_API const policy_trail *policy_exec_trail(const policy_exec *exec);

/* Read a trail written by policy_trail_to_jsonl, verifying the hash chain
 * (POLICY_ERR_CHAIN names the first entry that does not match). */
POLICY_API policy_status policy_trail_load(const char *jsonl, size_t len,
                                           const policy_load_options *opts,
                                           policy_trail **out, policy_error **err);
POLICY_API void policy_trail_free(policy_trail *trail);

/* Check the hash chain and, if `plan` is not NULL, that every entry was
 * made by that plan (POLICY_ERR_MISMATCH otherwise). */
POLICY_API policy_status policy_trail_verify(const policy_trail *trail, const policy_plan *plan,
                                             policy_error **err);

/* One JSON object per line, one line per entry. Release with policy_free. */
POLICY_API policy_status policy_trail_to_jsonl(const policy_trail *trail, char **out, size_t *len);

/* The decision and its reasons in plain English, one paragraph per action
 * and failed check. Release with policy_free. */
POLICY_API policy_status policy_trail_explain(const policy_trail *trail, char **out, size_t *len);

POLICY_API size_t policy_trail_entry_count(const policy_trail *trail);

/* Iterate entries in order:
 *   policy_trail_iter *it; policy_trail_iter_new(trail, &it);
 *   while (policy_trail_iter_next(it)) { ... policy_trail_iter_step_id(it) ... }
 *   policy_trail_iter_free(it); */
POLICY_API policy_status policy_trail_iter_new(const policy_trail *trail, policy_trail_iter **out);
/* Move to the next entry; 1 when there is one, 0 at the end. */
POLICY_API int policy_trail_iter_next(policy_trail_iter *it);
POLICY_API void policy_trail_iter_free(policy_trail_iter *it);

/* Accessors for the current entry. */
POLICY_API uint64_t policy_trail_iter_seq(const policy_trail_iter *it);
POLICY_API const char *policy_trail_iter_step_id(const policy_trail_iter *it);
POLICY_API policy_step_kind policy_trail_iter_kind(const policy_trail_iter *it);
POLICY_API const char *policy_trail_iter_policy_name(const policy_trail_iter *it);
POLICY_API const char *policy_trail_iter_policy_version(const policy_trail_iter *it);
POLICY_API const char *policy_trail_iter_plan_hash(const policy_trail_iter *it);
POLICY_API const char *policy_trail_iter_sentence(const policy_trail_iter *it);
POLICY_API unsigned policy_trail_iter_line(const policy_trail_iter *it);
/* The output value as JSON ("\"72400.00\"", "true", "null" when missing). */
POLICY_API const char *policy_trail_iter_output_json(const policy_trail_iter *it);
/* For checks and actions, why in English; for a missing value, why it is
 * missing; otherwise NULL. */
POLICY_API const char *policy_trail_iter_reason(const policy_trail_iter *it);
/* What the step is about: the field, term, action text or check text. */
POLICY_API const char *policy_trail_iter_label(const policy_trail_iter *it);
/* The output as people read it: "$72,400.00", "yes", "(missing)". */
POLICY_API const char *policy_trail_iter_display(const policy_trail_iter *it);
/* Why the step failed (a bad answer, an ambiguous form), or NULL. */
POLICY_API const char *policy_trail_iter_error(const policy_trail_iter *it);
/* The case the trail is of, or NULL. */
POLICY_API const char *policy_trail_iter_case_id(const policy_trail_iter *it);
POLICY_API int64_t policy_trail_iter_started_at(const policy_trail_iter *it);
POLICY_API int64_t policy_trail_iter_ended_at(const policy_trail_iter *it);
POLICY_API uint64_t policy_trail_iter_tokens(const policy_trail_iter *it);
POLICY_API size_t policy_trail_iter_input_count(const policy_trail_iter *it);
POLICY_API const char *policy_trail_iter_input_name(const policy_trail_iter *it, size_t i);
POLICY_API const char *policy_trail_iter_input_value(const policy_trail_iter *it, size_t i);
/* Where the input came from, as JSON: {"document", "index", "count",
 * "page", "line", "start", "end", "snippet"} or {"fact", "source"}; "null"
 * when it was computed by another step. */
POLICY_API const char *policy_trail_iter_input_evidence_json(const policy_trail_iter *it, size_t i);
POLICY_API size_t policy_trail_iter_guardrail_count(const policy_trail_iter *it);
POLICY_API const char *policy_trail_iter_guardrail_name(const policy_trail_iter *it, size_t i);
POLICY_API const char *policy_trail_iter_guardrail_attempted(const policy_trail_iter *it, size_t i);
POLICY_API const char *policy_trail_iter_guardrail_alternative(const policy_trail_iter *it, size_t i);
/* This entry's hash and the previous entry's (32 hex digits each). */
POLICY_API const char *policy_trail_iter_hash(const policy_trail_iter *it);
POLICY_API const char *policy_trail_iter_prev_hash(const policy_trail_iter *it);
/* The whole entry as its JSON Lines line (without the newline). */
POLICY_API const char *policy_trail_iter_json(const policy_trail_iter *it);

/* ------------------------------------------------------------------------ */
/* Comparing plans                                                          */

/* A semantic diff of plan `a` (the old one) and plan `b` (the new one):
 * what changed in meaning, not in text. Steps are matched by their ids
 * (made from what they are) and, failing that, by meaning (an action with
 * the same condition under another text was renamed); expressions compare
 * through that matching, ignoring source positions, sentences and
 * capitalization, so plans compiled from reformatted text are equal.
 * Release *json with policy_free. The JSON:
 *
 *   {"format": "libpolicy-diff/1", "equal": true|false,
 *    "a": {"name", "version", "plan_hash", "steps", "est_tokens"}, "b": {...},
 *    "changes": [{"kind", ...}, ...]}
 *
 * Each change has a "kind" and, as it applies: "step" (id in b, else in
 * a), "old_step", "step_kind", "label", "where" ("condition", "guard",
 * "definition", "key", "count"), "field", "value_type", "old"/"new"
 * (canonical values, operator names such as "gt", labels),
 * "old_text"/"new_text" (as written: "$50,000", "exceeds", or the
 * sentences of a rewritten condition), "line_a"/"line_b". Kinds:
 * "header" (field: name, version, effective, source, trigger,
 * token_budget), "threshold" (a constant or a required count),
 * "operator", "reference", "unit", "document", "system", "each", "type",
 * "fallback" (an extraction's model fallback), "model" (field: task,
 * question, choices, documents, max_tokens of an LLM step), "guardrail"
 * (field: verb, object, alternative), "condition" / "condition_added" /
 * "condition_removed" (a condition whose shape changed), "action_renamed",
 * "step_renamed", "step_added", "step_removed", "document_added" /
 * "document_removed" and "fact_added" / "fact_removed" (field: the
 * document or fact; old/new: the system), "tokens" (old/new: the LLM
 * token estimates), "commentary_added" / "commentary_removed" (a sentence
 * of commentary, in new_text/old_text; compared only when both plans have
 * a source map; commentary changes no decision, so "equal" stays true when
 * only commentary changed). One edit that changes several rules (a
 * threshold an "Otherwise" shares) is one change whose "also" lists the
 * other rules ({"step", "label"}). Changes come in a fixed order: header,
 * steps in b's order, removed steps in a's order, commentary, documents,
 * facts, tokens. */
POLICY_API policy_status policy_plan_diff(const policy_plan *a, const policy_plan *b,
                                          char **json, size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* POLICY_H */
