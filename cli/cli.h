/*
 * The policy command-line tool: shared helpers for the commands.
 *
 * The library does no I/O; the CLI is the host that does: it reads files,
 * supplies documents and facts, answers model calls, and prints.
 */
#ifndef POLICY_CLI_H
#define POLICY_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "policy.h"

/* Exit codes (documented in `policy --help` and the README). */
enum {
	EXIT_OK = 0,
	EXIT_FAILED_DECISION = 1, /* run: the decision is "failed" */
	EXIT_USAGE = 2,           /* bad command line */
	EXIT_INPUT = 3,           /* a file could not be read or written */
	EXIT_COMPILE = 4,         /* the policy has errors */
	EXIT_PLAN = 5,            /* a plan or trail is invalid or tampered with */
	EXIT_INTERNAL = 6         /* out of memory or an unexpected library error */
};

/* Read a whole file (NUL-terminated); NULL with a message on stderr. */
char *read_file(const char *path, size_t *len);
bool write_file(const char *path, const char *data, size_t len);
bool has_suffix(const char *s, const char *suffix);

/* Load PATH as a plan (.json) or compile it (anything else) with the
 * restatements pinned in its lock (assist.h), printing diagnostics.
 * Returns the exit code; *plan set on success. */
int load_or_compile(const char *path, policy_plan **plan);

/* Clocks for the trail: the wall clock, or a fixed reading (--fixed-clock,
 * for reproducible trails); user_data points at the int64_t reading. */
int64_t wall_clock(void *user_data);
int64_t fixed_clock(void *user_data);

/* What `run` prints on stdout: the decision as JSON (--json), or in a few
 * lines (status, actions, failed checks) followed by its explanation.
 * Returns the exit code. */
int print_run_result(const policy_exec *x, bool json);

/* Print a library error in file:line:col form with the source excerpt. */
void print_error(const policy_error *err, const char *path, const char *src, size_t len);

/* The model host behind --llm-cmd, --llm-replay and --record. */
typedef struct llm_host llm_host;
int llm_host_new(const char *cmd, const char *replay, const char *record, llm_host **out);
void llm_host_free(llm_host *h);
policy_status llm_host_answer(const char *request, policy_reply *reply, void *user_data);
void request_hash(const char *request, char out[33]);

/* Write the HTML audit report of a loaded (so verified) trail to
 * out_path; `plan` (may be NULL) draws the plan graph and must be the one
 * the trail was verified against. Returns the exit code. */
int html_report(const policy_trail *trail, const policy_plan *plan, const char *trail_path,
                const char *out_path);

int cmd_compile(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_explain(int argc, char **argv);

#endif
