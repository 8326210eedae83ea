/*
 * Error objects.
 *
 * A policy_error is a report: a status code and a list of diagnostics, each
 * with a severity, a message, an optional hint and an optional position
 * (line, column and length of the span, 1-based, in whatever source the
 * error is about). The compiler collects several diagnostics per run; every
 * other stage reports one.
 *
 * Building a report can itself run out of memory. Then the caller gets the
 * shared, immutable out-of-memory report (error_nomem), which
 * policy_error_free ignores, so "every failure leaves an error object"
 * holds even when memory is exhausted.
 */
#ifndef POLICY_ERROR_H
#define POLICY_ERROR_H

#include "base/alloc.h"

typedef struct diagnostic {
	policy_severity severity;
	unsigned line, column, length;
	char *message;
	char *hint;
} diagnostic;

struct policy_error {
	mem m;
	policy_status code;
	diagnostic *diags;
	size_t count, cap;
	bool is_static;
};

/* A new empty report, or the static out-of-memory report. */
policy_error *error_new(const mem *m, policy_status code);
/* Append a diagnostic; false (and the report unchanged) on OOM. */
bool error_add(policy_error *e, policy_severity sev, unsigned line, unsigned column,
               unsigned length, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Drop diagnostics added after the first `count` (a reading abandoned). */
void error_truncate(policy_error *e, size_t count);
size_t error_count_severity(const policy_error *e, policy_severity sev);

/* Store a one-diagnostic report in *err (when err is not NULL) and return
 * `code`: the common tail of every error path. */
policy_status error_set(policy_error **err, const mem *m, policy_status code, unsigned line,
                        unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

extern policy_error error_nomem;

#endif
