/*
 * What the Node addon's C files share (policy_node.c, node_batch.c): the
 * boxes that hold libpolicy objects behind JS externals, and the helpers
 * that read arguments and make errors. Internal to the addon, whose
 * symbols are hidden.
 */
#ifndef POLICY_NODE_H
#define POLICY_NODE_H

#define NAPI_VERSION 8
#include <node_api.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <policy.h>

enum box_kind { BOX_PLAN, BOX_CASE, BOX_EXEC, BOX_TRAIL, BOX_KINDS };

/* The JS clock of one execution: a function called on the JS thread. */
typedef struct clock_fn {
	napi_env env;
	napi_ref fn;
} clock_fn;

/* A task handed out and not yet answered, known to JS by its token. */
typedef struct pending_task {
	uint32_t token;
	const policy_task *task;
} pending_task;

typedef struct box {
	enum box_kind kind;
	void *ptr;
	/* cases only: how many batches off the JS thread read this case; it
	 * can be neither changed nor closed until they are done */
	uint32_t batches;
	/* executions only */
	clock_fn *clock;
	bool busy; /* inside a call that may run the JS clock */
	pending_task *tasks;
	size_t ntasks, cap;
	uint32_t next_token;
	/* the batch loop (execBatch, execAnswers): each step's task by step
	 * index, and the tasks of the batch being answered */
	const policy_task **by_step;
	const policy_task **batch;
	size_t nsteps;
	uint32_t nbatch;
	const policy_plan *plan; /* borrowed: the execution holds a reference */
} box;

#define MAX_ARGS 6

typedef struct args {
	size_t argc;
	napi_value argv[MAX_ARGS];
} args;

/* The call's arguments (missing ones undefined); throws when fewer than
 * `need` were given. */
bool node_get_args(napi_env env, napi_callback_info info, args *a, size_t need);
bool node_is_nullish(napi_env env, napi_value v);
/* A non-negative finite number option of an options object; 0 when absent. */
double node_opt_number(napi_env env, napi_value opts, const char *key);
napi_value node_undefined(napi_env env);

/* Throw a plain Error with a code, unless an exception is pending. */
void node_throw_plain(napi_env env, const char *code, const char *message);
/* A PolicyError (code, status, message, position, hint, diagnostics,
 * rendered) for a status and an error, which it frees; NULL when an
 * exception is pending. */
napi_value node_policy_error(napi_env env, policy_status st, policy_error *err,
                             const char *filename, const char *source, size_t source_len,
                             const char *fallback);

/* The box of a handle of the given kind; throws when it is another kind
 * of value or was closed. */
box *node_get_box(napi_env env, napi_value v, enum box_kind kind);
/* A new execution handle owning x (and the clock, which may be NULL), for
 * plan p; frees both and throws on failure. */
napi_value node_new_exec_box(napi_env env, policy_exec *x, clock_fn *clock, const policy_plan *p);

#endif
