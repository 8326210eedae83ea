/*
 * Helpers shared by the API tests. They use only include/policy.h, as a
 * host does, plus cmocka for failing the current test.
 *
 * Files are found from $POLICY_SOURCE_ROOT (set by tests/meson.build), so
 * the tests run from any directory. The development corpus sits beside the
 * repository (../shared/corpus/dev); tests that need it skip when it is
 * absent.
 */
#ifndef POLICY_TEST_SUPPORT_H
#define POLICY_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

/* The repository's root directory. */
const char *source_root(void);

/* A file's contents (NUL-terminated, malloc'd; *len may be NULL), or NULL
 * when it cannot be read. `path` is relative to the source root unless it
 * starts with '/'. */
char *read_file(const char *path, size_t *len);

/* Like read_file, but fails the current test when the file is missing. */
char *read_file_or_fail(const char *path, size_t *len);

/* The development corpus directory, or NULL when it is not there. */
const char *corpus_dir(void);

/* The policies of the development corpus: their names, sorted, in a
 * NULL-terminated malloc'd array of malloc'd strings (free_strings). */
char **corpus_policies(void);
void free_strings(char **list);

/* The entries of a directory (relative to the source root unless it starts
 * with '/'), without "." and "..", sorted by byte value, in a
 * NULL-terminated malloc'd array (free_strings); NULL when it cannot be
 * opened. */
char **list_dir(const char *path);

/* "Policy: Test\nVersion: 1.0.0\nEffective: 2026-01-01\n\n" + body + "\n"
 * (malloc'd). */
char *with_header(const char *body);

/* Compile `text`; on failure, fail the test showing the rendered
 * diagnostics. Warnings are allowed. */
policy_plan *compile_ok(const char *text);

/* with_header(body) compiled by compile_ok. */
policy_plan *compile_body(const char *body);

/* Compile `text` expecting a failure with `status`; returns the error (the
 * caller frees it). */
policy_error *compile_fails(const char *text, policy_status status);

/* policy_error_render(err, filename, text) as a malloc'd string. */
char *render(const policy_error *err, const char *filename, const char *text);

/* The saved JSON of a plan (malloc'd, NUL-terminated). */
char *save_plan(const policy_plan *plan, size_t *len);

/* A small case built from a spec, one document or fact a line:
 *   "doc claim form: Claimed Amount: $72,400.00|Date of Loss: 2026-03-03"
 *   "fact policy effective date = \"2025-06-01\""
 * In a document's text, '|' stands for a newline. */
policy_case *make_case(const char *spec);

/* Run `plan` on a case built by make_case(spec) with the built-in
 * extractor and facts, one thread and a clock reading 0, and describe the
 * decision in one line:
 *   "escalate to senior adjuster review; deny the claim"   (actions fired)
 *   ""                                                     (none fired)
 *   "FAILED: <policy_exec_failure>"
 * Failed checks are appended as " [check failed: <text>]". Malloc'd. */
char *decide(const policy_plan *plan, const char *spec);

/* Fails the test unless decide(plan, spec) is `want`, naming the case. */
void expect_decision(const policy_plan *p, const char *spec, const char *want);

/* Fails the test unless with_header(body) fails to compile with an error
 * whose message holds `words`. */
void fails_naming(const char *body, const char *words);

/* compile_body(body) then decide(plan, spec). */
char *decide_body(const char *body, const char *spec);

/* ---- a counting allocator ---- */

typedef struct counting {
	size_t mallocs, reallocs, frees;
	size_t live;            /* blocks allocated and not yet freed */
	size_t fail_after;      /* 0: never fail; n: the n-th malloc/realloc fails */
	size_t calls;           /* malloc and realloc calls so far */
	bool failed;            /* an injected failure happened */
	void *mutex;            /* internal (thread-safe counting) */
} counting;

/* An allocator whose user_data is `c`. Thread-safe. */
policy_allocator counting_allocator(counting *c);
void counting_reset(counting *c);
void counting_destroy(counting *c);

#endif
