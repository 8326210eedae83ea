/*
 * The Node binding's native half: an N-API addon in plain C over
 * include/policy.h. index.js builds the public classes on top of it.
 *
 * The idea: this file only moves handles and strings across the boundary.
 * Every libpolicy object (plan, case, execution, loaded trail) lives in a
 * "box" held by a JS external. Externals are type-tagged, so a handle of
 * the wrong kind is refused instead of misread; the finalizer frees what
 * close() did not, and close() empties the box so nothing is freed twice.
 *
 * JavaScript is never called from a C thread. Host callbacks (extract,
 * lookup, llm) are not policy_host callbacks here: index.js drives the
 * sans-I/O loop (exec_next, then exec_complete / exec_fail /
 * exec_complete_builtin) and calls the JS functions itself, synchronously
 * or awaiting Promises. Only the built-in path (execute() without JS
 * callbacks) calls policy_execute, whose worker threads run the built-in
 * extractor and never touch JS; so does executeBatch (node_batch.c), with
 * policy_execute_batch. The one JS function the library calls is
 * the clock, and libpolicy reads the clock only on the thread driving the
 * execution, which is the JS thread (docs/host-protocol.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node_batch.h"
#include "policy_node.h"

/* ---- boxes ---------------------------------------------------------- */

static const napi_type_tag box_tags[BOX_KINDS] = {
	{ 0x6c6962706f6c6963ULL, 0x0000000000000001ULL },
	{ 0x6c6962706f6c6963ULL, 0x0000000000000002ULL },
	{ 0x6c6962706f6c6963ULL, 0x0000000000000003ULL },
	{ 0x6c6962706f6c6963ULL, 0x0000000000000004ULL },
};

static const char *const box_names[BOX_KINDS] = { "plan", "case", "execution", "trail" };

static void clock_free(napi_env env, clock_fn *c)
{
	if (!c)
		return;
	if (c->fn)
		napi_delete_reference(env, c->fn);
	free(c);
}

static void box_release(napi_env env, box *b)
{
	switch (b->kind) {
	case BOX_PLAN:
		policy_plan_free(b->ptr);
		break;
	case BOX_CASE:
		policy_case_free(b->ptr);
		break;
	case BOX_EXEC:
		policy_exec_free(b->ptr);
		break;
	default:
		policy_trail_free(b->ptr);
		break;
	}
	b->ptr = NULL;
	clock_free(env, b->clock);
	b->clock = NULL;
	free(b->tasks);
	b->tasks = NULL;
	b->ntasks = b->cap = 0;
	free(b->by_step);
	free(b->batch);
	b->by_step = b->batch = NULL;
	b->nsteps = 0;
	b->nbatch = 0;
}

static void box_finalize(napi_env env, void *data, void *hint)
{
	(void)hint;
	box *b = data;
	box_release(env, b);
	free(b);
}

/* ---- errors --------------------------------------------------------- */

/* index.js hands its PolicyError class to init(); errors are made with it. */
typedef struct addon {
	napi_ref error_class;
} addon;

static bool pending(napi_env env)
{
	bool p = false;
	napi_is_exception_pending(env, &p);
	return p;
}

void node_throw_plain(napi_env env, const char *code, const char *message)
{
	if (!pending(env))
		napi_throw_error(env, code, message);
}

static void set_named(napi_env env, napi_value obj, const char *key, napi_value v)
{
	napi_set_named_property(env, obj, key, v);
}

static napi_value str_or_null(napi_env env, const char *s, size_t len)
{
	napi_value v;
	if (!s)
		napi_get_null(env, &v);
	else
		napi_create_string_utf8(env, s, len, &v);
	return v;
}

static napi_value cstr(napi_env env, const char *s)
{
	return str_or_null(env, s, NAPI_AUTO_LENGTH);
}

static napi_value num(napi_env env, double d)
{
	napi_value v;
	napi_create_double(env, d, &v);
	return v;
}

static napi_value boolean(napi_env env, bool b)
{
	napi_value v;
	napi_get_boolean(env, b, &v);
	return v;
}

/* A PolicyError: code, status, message, line, column, hint, diagnostics
 * and the rendered diagnostic. Frees `err`. */
napi_value node_policy_error(napi_env env, policy_status st, policy_error *err,
                             const char *filename, const char *source, size_t source_len,
                             const char *fallback)
{
	if (pending(env)) {
		policy_error_free(err);
		return NULL;
	}
	addon *a = NULL;
	napi_get_instance_data(env, (void **)&a);
	policy_status code = err ? policy_error_code(err) : st;
	if (code == POLICY_OK)
		code = st;
	const char *message = err && policy_error_message(err) ? policy_error_message(err) :
	                      fallback ? fallback : policy_status_name(st);
	napi_value msg, e = NULL, ctor;
	napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
	if (a && a->error_class && napi_get_reference_value(env, a->error_class, &ctor) == napi_ok &&
	    ctor)
		napi_new_instance(env, ctor, 1, &msg, &e);
	if (!e || pending(env)) {
		if (pending(env)) {
			policy_error_free(err);
			return NULL;
		}
		napi_create_error(env, NULL, msg, &e);
	}
	set_named(env, e, "code", cstr(env, policy_status_name(code)));
	set_named(env, e, "status", num(env, code));
	set_named(env, e, "line", num(env, err ? policy_error_line(err) : 0));
	set_named(env, e, "column", num(env, err ? policy_error_column(err) : 0));
	set_named(env, e, "hint", cstr(env, err ? policy_error_hint(err) : NULL));
	set_named(env, e, "filename", cstr(env, filename));
	napi_value diags;
	size_t n = err ? policy_error_diagnostic_count(err) : 0;
	napi_create_array_with_length(env, n, &diags);
	for (size_t i = 0; i < n; i++) {
		napi_value d;
		napi_create_object(env, &d);
		set_named(env, d, "severity",
		          cstr(env, policy_error_diagnostic_severity(err, i) == POLICY_SEVERITY_WARNING ?
		                    "warning" : "error"));
		set_named(env, d, "message", cstr(env, policy_error_diagnostic_message(err, i)));
		set_named(env, d, "hint", cstr(env, policy_error_diagnostic_hint(err, i)));
		set_named(env, d, "line", num(env, policy_error_diagnostic_line(err, i)));
		set_named(env, d, "column", num(env, policy_error_diagnostic_column(err, i)));
		napi_set_element(env, diags, (uint32_t)i, d);
	}
	set_named(env, e, "diagnostics", diags);
	char *rendered = NULL;
	size_t rlen = 0;
	if (err && policy_error_render(err, filename, source, source_len, &rendered, &rlen) == POLICY_OK) {
		set_named(env, e, "rendered", str_or_null(env, rendered, rlen));
		policy_free(rendered);
	} else {
		set_named(env, e, "rendered", cstr(env, message));
	}
	policy_error_free(err);
	return e;
}

/* Throw a PolicyError (node_policy_error). Frees `err`. */
static void throw_policy(napi_env env, policy_status st, policy_error *err, const char *filename,
                         const char *source, size_t source_len, const char *fallback)
{
	napi_value e = node_policy_error(env, st, err, filename, source, source_len, fallback);
	if (e)
		napi_throw(env, e);
}

static bool ok_or_throw(napi_env env, policy_status st, const char *what)
{
	if (st == POLICY_OK)
		return true;
	throw_policy(env, st, NULL, NULL, NULL, 0, what);
	return false;
}

/* ---- arguments ------------------------------------------------------ */

bool node_get_args(napi_env env, napi_callback_info info, args *a, size_t need)
{
	a->argc = MAX_ARGS;
	if (napi_get_cb_info(env, info, &a->argc, a->argv, NULL, NULL) != napi_ok)
		return false;
	for (size_t i = a->argc; i < MAX_ARGS; i++)
		napi_get_undefined(env, &a->argv[i]);
	if (a->argc < need) {
		node_throw_plain(env, "ERR_INVALID_ARG", "missing arguments");
		return false;
	}
	return true;
}

bool node_is_nullish(napi_env env, napi_value v)
{
	napi_valuetype t;
	return napi_typeof(env, v, &t) != napi_ok || t == napi_undefined || t == napi_null;
}

/* A string or Buffer argument as a NUL-terminated malloc'd copy. */
static char *get_text(napi_env env, napi_value v, size_t *len, const char *what)
{
	bool is_buffer = false;
	napi_is_buffer(env, v, &is_buffer);
	if (is_buffer) {
		void *data;
		size_t n;
		if (napi_get_buffer_info(env, v, &data, &n) != napi_ok)
			return NULL;
		char *s = malloc(n + 1);
		if (!s) {
			node_throw_plain(env, "ERR_NOMEM", "out of memory");
			return NULL;
		}
		if (n)
			memcpy(s, data, n);
		s[n] = '\0';
		if (len)
			*len = n;
		return s;
	}
	size_t n;
	if (napi_get_value_string_utf8(env, v, NULL, 0, &n) != napi_ok) {
		char msg[128];
		snprintf(msg, sizeof msg, "%s must be a string or a Buffer", what);
		node_throw_plain(env, "ERR_INVALID_ARG_TYPE", msg);
		return NULL;
	}
	char *s = malloc(n + 1);
	if (!s) {
		node_throw_plain(env, "ERR_NOMEM", "out of memory");
		return NULL;
	}
	napi_get_value_string_utf8(env, v, s, n + 1, &n);
	if (len)
		*len = n;
	return s;
}

/* An optional string argument: NULL for undefined or null. */
static bool get_opt_text(napi_env env, napi_value v, char **out, const char *what)
{
	*out = NULL;
	if (node_is_nullish(env, v))
		return true;
	*out = get_text(env, v, NULL, what);
	return *out != NULL;
}

/* A numeric option of an options object; 0 when absent. */
double node_opt_number(napi_env env, napi_value opts, const char *key)
{
	if (node_is_nullish(env, opts))
		return 0;
	bool has = false;
	if (napi_has_named_property(env, opts, key, &has) != napi_ok || !has)
		return 0;
	napi_value v;
	double d = 0;
	napi_get_named_property(env, opts, key, &v);
	if (napi_get_value_double(env, v, &d) != napi_ok || !isfinite(d) || d < 0)
		return 0;
	return d;
}

/* The box of a handle of the given kind; throws when it is another kind
 * of value or was closed. */
box *node_get_box(napi_env env, napi_value v, enum box_kind kind)
{
	bool tagged = false;
	void *data = NULL;
	if (napi_check_object_type_tag(env, v, &box_tags[kind], &tagged) != napi_ok || !tagged ||
	    napi_get_value_external(env, v, &data) != napi_ok || !data) {
		char msg[96];
		snprintf(msg, sizeof msg, "expected a libpolicy %s handle", box_names[kind]);
		node_throw_plain(env, "ERR_INVALID_ARG_TYPE", msg);
		return NULL;
	}
	box *b = data;
	if (!b->ptr) {
		char msg[96];
		snprintf(msg, sizeof msg, "the %s is closed", box_names[kind]);
		node_throw_plain(env, "ERR_POLICY_CLOSED", msg);
		return NULL;
	}
	return b;
}

static void *get_ptr(napi_env env, napi_value v, enum box_kind kind)
{
	box *b = node_get_box(env, v, kind);
	return b ? b->ptr : NULL;
}

static napi_value new_box(napi_env env, enum box_kind kind, void *ptr)
{
	box *b = calloc(1, sizeof *b);
	napi_value v;
	if (!b || napi_create_external(env, b, box_finalize, NULL, &v) != napi_ok) {
		free(b);
		switch (kind) {
		case BOX_PLAN: policy_plan_free(ptr); break;
		case BOX_CASE: policy_case_free(ptr); break;
		case BOX_EXEC: policy_exec_free(ptr); break;
		default: policy_trail_free(ptr); break;
		}
		node_throw_plain(env, "ERR_NOMEM", "out of memory");
		return NULL;
	}
	b->kind = kind;
	b->ptr = ptr;
	napi_type_tag_object(env, v, &box_tags[kind]);
	return v;
}

napi_value node_undefined(napi_env env)
{
	napi_value v;
	napi_get_undefined(env, &v);
	return v;
}

/* ---- version, init -------------------------------------------------- */

static napi_value js_init(napi_env env, napi_callback_info info)
{
	args a;
	if (!node_get_args(env, info, &a, 1))
		return NULL;
	addon *ad = NULL;
	napi_get_instance_data(env, (void **)&ad);
	if (ad) {
		if (ad->error_class)
			napi_delete_reference(env, ad->error_class);
		napi_create_reference(env, a.argv[0], 1, &ad->error_class);
	}
	return node_undefined(env);
}

static napi_value js_version(napi_env env, napi_callback_info info)
{
	(void)info;
	return cstr(env, policy_version());
}

/* ---- plans ---------------------------------------------------------- */

/* The compile-time assistant: a wrapper from index.js, called on the JS
 * thread while policy_compile runs there, that never throws and returns
 * [true, replyJSON] or [false, errorMessage]. */
typedef struct assist_fn {
	napi_env env;
	napi_value fn;
} assist_fn;

static char *element_text(napi_env env, napi_value arr, uint32_t i)
{
	napi_value v;
	size_t n;
	if (napi_get_element(env, arr, i, &v) != napi_ok ||
	    napi_get_value_string_utf8(env, v, NULL, 0, &n) != napi_ok)
		return NULL;
	char *s = malloc(n + 1);
	if (s)
		napi_get_value_string_utf8(env, v, s, n + 1, &n);
	return s;
}

static policy_status assist_call(const char *request, policy_reply *reply, void *user_data)
{
	assist_fn *a = user_data;
	napi_env env = a->env;
	napi_value global, arg, result, okv;
	bool ok = false;
	if (pending(env) || napi_get_global(env, &global) != napi_ok ||
	    napi_create_string_utf8(env, request, NAPI_AUTO_LENGTH, &arg) != napi_ok ||
	    napi_call_function(env, global, a->fn, 1, &arg, &result) != napi_ok ||
	    napi_get_element(env, result, 0, &okv) != napi_ok ||
	    napi_get_value_bool(env, okv, &ok) != napi_ok) {
		napi_value ignored;
		if (pending(env))
			napi_get_and_clear_last_exception(env, &ignored);
		policy_reply_set_error(reply, "the assist function could not be called");
		return POLICY_ERR_CALLBACK;
	}
	char *body = element_text(env, result, 1);
	policy_status st;
	if (!body) {
		policy_reply_set_error(reply, "the assist function's answer is not text");
		st = POLICY_ERR_CALLBACK;
	} else if (ok) {
		st = policy_reply_set_json(reply, body, strlen(body));
	} else {
		policy_reply_set_error(reply, body);
		st = POLICY_ERR_CALLBACK;
	}
	free(body);
	return st;
}

/* compile(text, filename, options[, assist[, lock]]) -> [plan, warnings] */
static napi_value js_compile(napi_env env, napi_callback_info info)
{
	args a;
	if (!node_get_args(env, info, &a, 1))
		return NULL;
	size_t len, lock_len = 0;
	char *text = get_text(env, a.argv[0], &len, "the policy text");
	char *filename = NULL, *lock = NULL;
	if (!text || !get_opt_text(env, a.argv[1], &filename, "filename") ||
	    (!node_is_nullish(env, a.argv[4]) &&
	     !(lock = get_text(env, a.argv[4], &lock_len, "assistLock")))) {
		free(text);
		free(filename);
		return NULL;
	}
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.token_budget = (uint64_t)node_opt_number(env, a.argv[2], "tokenBudget");
	o.max_text_bytes = (size_t)node_opt_number(env, a.argv[2], "maxTextBytes");
	o.max_sentence_bytes = (size_t)node_opt_number(env, a.argv[2], "maxSentenceBytes");
	o.max_depth = (unsigned)node_opt_number(env, a.argv[2], "maxDepth");
	o.max_steps = (size_t)node_opt_number(env, a.argv[2], "maxSteps");
	o.max_assisted = (unsigned)node_opt_number(env, a.argv[2], "maxAssisted");
	assist_fn assist = { env, a.argv[3] };
	napi_valuetype t;
	if (napi_typeof(env, a.argv[3], &t) == napi_ok && t == napi_function) {
		o.assist = assist_call;
		o.assist_user_data = &assist;
	}
	o.assist_lock = lock;
	o.assist_lock_len = lock_len;
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_compile(text, len, &o, &plan, &err);
	free(lock);
	napi_value result = NULL;
	if (st != POLICY_OK) {
		throw_policy(env, st, err, filename ? filename : "policy", text, len, NULL);
	} else {
		napi_value handle = new_box(env, BOX_PLAN, plan), warnings;
		size_t n = err ? policy_error_diagnostic_count(err) : 0;
		napi_create_array_with_length(env, n, &warnings);
		for (size_t i = 0; i < n; i++) {
			napi_value d;
			napi_create_object(env, &d);
			set_named(env, d, "severity", cstr(env, "warning"));
			set_named(env, d, "message", cstr(env, policy_error_diagnostic_message(err, i)));
			set_named(env, d, "hint", cstr(env, policy_error_diagnostic_hint(err, i)));
			set_named(env, d, "line", num(env, policy_error_diagnostic_line(err, i)));
			set_named(env, d, "column", num(env, policy_error_diagnostic_column(err, i)));
			napi_set_element(env, warnings, (uint32_t)i, d);
		}
		policy_error_free(err);
		if (handle) {
			napi_create_array_with_length(env, 2, &result);
			napi_set_element(env, result, 0, handle);
			napi_set_element(env, result, 1, warnings);
		}
	}
	free(text);
	free(filename);
	return result;
}

static void load_options(napi_env env, napi_value opts, policy_load_options *o)
{
	policy_load_options init = POLICY_LOAD_OPTIONS_INIT;
	*o = init;
	o->max_json_bytes = (size_t)node_opt_number(env, opts, "maxJsonBytes");
	o->max_json_depth = (unsigned)node_opt_number(env, opts, "maxJsonDepth");
	o->max_steps = (size_t)node_opt_number(env, opts, "maxSteps");
}

/* planLoad(json, filename, options) -> plan */
static napi_value js_plan_load(napi_env env, napi_callback_info info)
{
	args a;
	if (!node_get_args(env, info, &a, 1))
		return NULL;
	size_t len;
	char *json = get_text(env, a.argv[0], &len, "the plan JSON");
	char *filename = NULL;
	if (!json || !get_opt_text(env, a.argv[1], &filename, "filename")) {
		free(json);
		return NULL;
	}
	policy_load_options o;
	load_options(env, a.argv[2], &o);
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_plan_load(json, len, &o, &plan, &err);
	napi_value result = NULL;
	if (st != POLICY_OK)
		throw_policy(env, st, err, filename ? filename : "plan", json, len, NULL);
	else
		result = new_box(env, BOX_PLAN, plan);
	free(json);
	free(filename);
	return result;
}

static napi_value take_string(napi_env env, policy_status st, char *s, size_t len, const char *what)
{
	if (!ok_or_throw(env, st, what))
		return NULL;
	napi_value v = str_or_null(env, s, len);
	policy_free(s);
	return v;
}

static napi_value js_plan_save(napi_env env, napi_callback_info info)
{
	args a;
	policy_plan *p;
	if (!node_get_args(env, info, &a, 1) || !(p = get_ptr(env, a.argv[0], BOX_PLAN)))
		return NULL;
	char *json = NULL;
	size_t len = 0;
	policy_status st = policy_plan_save(p, &json, &len);
	return take_string(env, st, json, len, "saving the plan failed");
}

static napi_value js_plan_inspect(napi_env env, napi_callback_info info)
{
	args a;
	policy_plan *p;
	if (!node_get_args(env, info, &a, 1) || !(p = get_ptr(env, a.argv[0], BOX_PLAN)))
		return NULL;
	char *text = NULL;
	size_t len = 0;
	policy_status st = policy_plan_inspect(p, &text, &len);
	return take_string(env, st, text, len, "inspecting the plan failed");
}

/* planInfo(plan) -> {name, version, effective, source, textHash, bodyHash,
 * estTokens, levelCount, steps: [...]} */
static napi_value js_plan_info(napi_env env, napi_callback_info info)
{
	args a;
	policy_plan *p;
	if (!node_get_args(env, info, &a, 1) || !(p = get_ptr(env, a.argv[0], BOX_PLAN)))
		return NULL;
	napi_value o, steps;
	napi_create_object(env, &o);
	set_named(env, o, "name", cstr(env, policy_plan_name(p)));
	set_named(env, o, "version", cstr(env, policy_plan_policy_version(p)));
	set_named(env, o, "effective", cstr(env, policy_plan_effective(p)));
	set_named(env, o, "source", cstr(env, policy_plan_source(p)));
	set_named(env, o, "textHash", cstr(env, policy_plan_text_hash(p)));
	set_named(env, o, "bodyHash", cstr(env, policy_plan_body_hash(p)));
	set_named(env, o, "estTokens", num(env, (double)policy_plan_est_tokens(p)));
	set_named(env, o, "levelCount", num(env, (double)policy_plan_level_count(p)));
	size_t n = policy_plan_step_count(p);
	napi_create_array_with_length(env, n, &steps);
	for (size_t i = 0; i < n; i++) {
		napi_value s, inputs;
		napi_create_object(env, &s);
		set_named(env, s, "id", cstr(env, policy_plan_step_id(p, i)));
		set_named(env, s, "kind", cstr(env, policy_step_kind_name(policy_plan_step_kind(p, i))));
		set_named(env, s, "level", num(env, policy_plan_step_level(p, i)));
		set_named(env, s, "type", cstr(env, policy_type_name(policy_plan_step_type(p, i))));
		set_named(env, s, "deterministic", boolean(env, policy_plan_step_deterministic(p, i)));
		set_named(env, s, "estTokens", num(env, (double)policy_plan_step_est_tokens(p, i)));
		set_named(env, s, "line", num(env, policy_plan_step_line(p, i)));
		set_named(env, s, "column", num(env, policy_plan_step_column(p, i)));
		set_named(env, s, "sentence", cstr(env, policy_plan_step_sentence(p, i)));
		set_named(env, s, "label", cstr(env, policy_plan_step_label(p, i)));
		set_named(env, s, "document", cstr(env, policy_plan_step_document(p, i)));
		size_t m = policy_plan_step_input_count(p, i);
		napi_create_array_with_length(env, m, &inputs);
		for (size_t j = 0; j < m; j++)
			napi_set_element(env, inputs, (uint32_t)j, cstr(env, policy_plan_step_input(p, i, j)));
		set_named(env, s, "inputs", inputs);
		napi_set_element(env, steps, (uint32_t)i, s);
	}
	set_named(env, o, "steps", steps);
	napi_value assisted;
	n = policy_plan_assisted_count(p);
	napi_create_array_with_length(env, n, &assisted);
	for (size_t i = 0; i < n; i++) {
		napi_value s, ids;
		napi_create_object(env, &s);
		set_named(env, s, "entry", cstr(env, policy_plan_assisted_entry(p, i)));
		set_named(env, s, "line", num(env, policy_plan_assisted_line(p, i)));
		set_named(env, s, "column", num(env, policy_plan_assisted_column(p, i)));
		set_named(env, s, "sentence", cstr(env, policy_plan_assisted_sentence(p, i)));
		set_named(env, s, "restatement", cstr(env, policy_plan_assisted_restatement(p, i)));
		size_t m = policy_plan_assisted_step_count(p, i);
		napi_create_array_with_length(env, m, &ids);
		for (size_t j = 0; j < m; j++)
			napi_set_element(env, ids, (uint32_t)j, cstr(env, policy_plan_assisted_step(p, i, j)));
		set_named(env, s, "steps", ids);
		napi_set_element(env, assisted, (uint32_t)i, s);
	}
	set_named(env, o, "assisted", assisted);
	return o;
}

/* planDiff(a, b) -> the semantic diff's JSON */
static napi_value js_plan_diff(napi_env env, napi_callback_info info)
{
	args a;
	policy_plan *pa, *pb;
	if (!node_get_args(env, info, &a, 2) || !(pa = get_ptr(env, a.argv[0], BOX_PLAN)) ||
	    !(pb = get_ptr(env, a.argv[1], BOX_PLAN)))
		return NULL;
	char *json = NULL;
	size_t len = 0;
	policy_status st = policy_plan_diff(pa, pb, &json, &len);
	return take_string(env, st, json, len, "comparing the plans failed");
}

/* ---- closing any handle --------------------------------------------- */

/* close(handle): frees the object now; idempotent. */
static napi_value js_close(napi_env env, napi_callback_info info)
{
	args a;
	if (!node_get_args(env, info, &a, 1))
		return NULL;
	void *data = NULL;
	for (int k = 0; k < BOX_KINDS; k++) {
		bool tagged = false;
		if (napi_check_object_type_tag(env, a.argv[0], &box_tags[k], &tagged) == napi_ok && tagged &&
		    napi_get_value_external(env, a.argv[0], &data) == napi_ok && data) {
			box *b = data;
			if (b->busy) {
				node_throw_plain(env, "ERR_POLICY_BUSY",
				                 "the execution cannot be closed while it is running");
				return NULL;
			}
			if (b->batches) {
				node_throw_plain(env, "ERR_POLICY_BUSY",
				                 "the case cannot be closed while a batch is deciding it");
				return NULL;
			}
			if (b->ptr)
				box_release(env, b);
			return node_undefined(env);
		}
	}
	node_throw_plain(env, "ERR_INVALID_ARG_TYPE", "expected a libpolicy handle");
	return NULL;
}

/* ---- cases ---------------------------------------------------------- */

static napi_value js_case_new(napi_env env, napi_callback_info info)
{
	(void)info;
	policy_case *c = NULL;
	if (!ok_or_throw(env, policy_case_new(NULL, &c), "making a case failed"))
		return NULL;
	return new_box(env, BOX_CASE, c);
}

/* A case to change: refused while a batch off the JS thread reads it. */
static policy_case *case_to_change(napi_env env, napi_value v)
{
	box *b = node_get_box(env, v, BOX_CASE);
	if (b && b->batches) {
		node_throw_plain(env, "ERR_POLICY_BUSY",
		                 "the case cannot be changed while a batch is deciding it");
		return NULL;
	}
	return b ? b->ptr : NULL;
}

static napi_value js_case_set_id(napi_env env, napi_callback_info info)
{
	args a;
	policy_case *c;
	if (!node_get_args(env, info, &a, 2) || !(c = case_to_change(env, a.argv[0])))
		return NULL;
	char *id = get_text(env, a.argv[1], NULL, "the case id");
	if (!id)
		return NULL;
	policy_status st = policy_case_set_id(c, id);
	free(id);
	return ok_or_throw(env, st, "setting the case id failed") ? node_undefined(env) : NULL;
}

/* caseAddDocument(case, type, text) and caseAddFact(case, name, json) */
static napi_value case_add(napi_env env, napi_callback_info info, bool document)
{
	args a;
	policy_case *c;
	if (!node_get_args(env, info, &a, 3) || !(c = case_to_change(env, a.argv[0])))
		return NULL;
	char *name = get_text(env, a.argv[1], NULL, document ? "the document type" : "the fact name");
	size_t len = 0;
	char *text = name ? get_text(env, a.argv[2], &len, document ? "the document" : "the fact's JSON") :
	                    NULL;
	policy_status st = POLICY_ERR_ARGUMENT;
	if (name && text)
		st = document ? policy_case_add_document(c, name, text, len) :
		                policy_case_add_fact(c, name, text, len);
	bool ok = name && text &&
	          ok_or_throw(env, st, document ? "adding the document failed" : "adding the fact failed");
	free(name);
	free(text);
	return ok ? node_undefined(env) : NULL;
}

static napi_value js_case_add_document(napi_env env, napi_callback_info info)
{
	return case_add(env, info, true);
}

static napi_value js_case_add_fact(napi_env env, napi_callback_info info)
{
	return case_add(env, info, false);
}

/* ---- executions ----------------------------------------------------- */

/* The clock: the JS function is a wrapper from index.js that never throws
 * and returns a finite number; anything else reads as 0. */
static int64_t clock_now(void *user_data)
{
	clock_fn *c = user_data;
	napi_env env = c->env;
	napi_value fn, global, result;
	if (pending(env) || napi_get_reference_value(env, c->fn, &fn) != napi_ok || !fn ||
	    napi_get_global(env, &global) != napi_ok)
		return 0;
	if (napi_call_function(env, global, fn, 0, NULL, &result) != napi_ok) {
		napi_value ignored;
		if (pending(env))
			napi_get_and_clear_last_exception(env, &ignored);
		return 0;
	}
	double d = 0;
	if (napi_get_value_double(env, result, &d) != napi_ok || !isfinite(d) ||
	    fabs(d) > 9007199254740992.0)
		return 0;
	return (int64_t)d;
}

/* Execution options from a JS object and an optional clock function. */
static bool exec_options(napi_env env, napi_value opts, napi_value now, policy_exec_options *o,
                         clock_fn **clock)
{
	policy_exec_options init = POLICY_EXEC_OPTIONS_INIT;
	*o = init;
	*clock = NULL;
	o->threads = (unsigned)node_opt_number(env, opts, "threads");
	o->token_budget = (uint64_t)node_opt_number(env, opts, "tokenBudget");
	o->max_document_bytes = (size_t)node_opt_number(env, opts, "maxDocumentBytes");
	o->max_reply_bytes = (size_t)node_opt_number(env, opts, "maxReplyBytes");
	if (node_is_nullish(env, now))
		return true;
	napi_valuetype t;
	if (napi_typeof(env, now, &t) != napi_ok || t != napi_function) {
		node_throw_plain(env, "ERR_INVALID_ARG_TYPE", "now must be a function");
		return false;
	}
	clock_fn *c = calloc(1, sizeof *c);
	if (!c || napi_create_reference(env, now, 1, &c->fn) != napi_ok) {
		free(c);
		node_throw_plain(env, "ERR_NOMEM", "out of memory");
		return false;
	}
	c->env = env;
	o->now = clock_now;
	o->now_user_data = c;
	*clock = c;
	return true;
}

static bool make_tables(box *b, const policy_plan *p);

napi_value node_new_exec_box(napi_env env, policy_exec *x, clock_fn *clock,
                              const policy_plan *p)
{
	napi_value v = new_box(env, BOX_EXEC, x);
	if (!v) {
		clock_free(env, clock);
		return NULL;
	}
	box *b = NULL;
	napi_get_value_external(env, v, (void **)&b);
	b->clock = clock;
	b->plan = p;
	if (!make_tables(b, p)) {
		node_throw_plain(env, "ERR_NOMEM", "out of memory");
		return NULL;
	}
	return v;
}

/* execute(plan, case|null, options, now|null) -> execution: policy_execute
 * with the built-in extractor and facts, on options.threads threads. */
static napi_value js_execute(napi_env env, napi_callback_info info)
{
	args a;
	policy_plan *p;
	if (!node_get_args(env, info, &a, 1) || !(p = get_ptr(env, a.argv[0], BOX_PLAN)))
		return NULL;
	policy_case *c = NULL;
	if (!node_is_nullish(env, a.argv[1]) && !(c = get_ptr(env, a.argv[1], BOX_CASE)))
		return NULL;
	policy_exec_options o;
	clock_fn *clock;
	if (!exec_options(env, a.argv[2], a.argv[3], &o, &clock))
		return NULL;
	/* The execution references the plan and copies the case before the
	 * clock first runs, so a clock that closes either does no harm. */
	policy_exec *x = NULL;
	policy_error *err = NULL;
	policy_status st = policy_execute(p, NULL, c, &o, &x, &err);
	if (st != POLICY_OK) {
		clock_free(env, clock);
		throw_policy(env, st, err, NULL, NULL, 0, NULL);
		return NULL;
	}
	return node_new_exec_box(env, x, clock, p);
}

/* execNew(plan, case|null, options, now|null) -> execution (sans-I/O) */
static napi_value js_exec_new(napi_env env, napi_callback_info info)
{
	args a;
	policy_plan *p;
	if (!node_get_args(env, info, &a, 1) || !(p = get_ptr(env, a.argv[0], BOX_PLAN)))
		return NULL;
	policy_case *c = NULL;
	if (!node_is_nullish(env, a.argv[1]) && !(c = get_ptr(env, a.argv[1], BOX_CASE)))
		return NULL;
	policy_exec_options o;
	clock_fn *clock;
	if (!exec_options(env, a.argv[2], a.argv[3], &o, &clock))
		return NULL;
	policy_exec *x = NULL;
	policy_error *err = NULL;
	policy_status st = policy_exec_new(p, c, &o, &x, &err);
	if (st != POLICY_OK) {
		clock_free(env, clock);
		throw_policy(env, st, err, NULL, NULL, 0, NULL);
		return NULL;
	}
	return node_new_exec_box(env, x, clock, p);
}

/* A running execution's box: refuses re-entry from the clock. */
static box *get_exec(napi_env env, napi_value v)
{
	box *b = node_get_box(env, v, BOX_EXEC);
	if (b && b->busy) {
		node_throw_plain(env, "ERR_POLICY_BUSY",
		                 "the execution is already running (called from its clock?)");
		return NULL;
	}
	return b;
}

/* The tables of the batch loop, made for the plan's size with the box. */
static bool make_tables(box *b, const policy_plan *p)
{
	size_t n = policy_plan_step_count(p);
	b->by_step = calloc(n ? n : 1, sizeof *b->by_step);
	b->batch = calloc(n ? n : 1, sizeof *b->batch);
	b->nsteps = n;
	return b->by_step && b->batch;
}

/* A task handed out, remembered by its step so that its request can be
 * read later (execRequest), until the execution is reset. */
static size_t remember_task(box *b, const policy_task *t)
{
	size_t i = policy_task_step(t);
	if (i < b->nsteps)
		b->by_step[i] = t;
	return i;
}

/* execNext(exec) -> {token, index, kind, step, document, field, type} | null */
static napi_value js_exec_next(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	if (!node_get_args(env, info, &a, 1) || !(b = get_exec(env, a.argv[0])))
		return NULL;
	if (b->ntasks == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		pending_task *t = realloc(b->tasks, cap * sizeof *t);
		if (!t) {
			node_throw_plain(env, "ERR_NOMEM", "out of memory");
			return NULL;
		}
		b->tasks = t;
		b->cap = cap;
	}
	const policy_task *t = NULL;
	b->busy = true;
	policy_status st = policy_exec_next(b->ptr, &t);
	b->busy = false;
	if (!ok_or_throw(env, st, "advancing the execution failed"))
		return NULL;
	napi_value v;
	if (!t) {
		napi_get_null(env, &v);
		return v;
	}
	uint32_t token = ++b->next_token;
	b->tasks[b->ntasks].token = token;
	b->tasks[b->ntasks].task = t;
	b->ntasks++;
	size_t step = remember_task(b, t);
	napi_create_object(env, &v);
	set_named(env, v, "token", num(env, token));
	set_named(env, v, "index", num(env, (double)step));
	set_named(env, v, "kind", cstr(env, policy_step_kind_name(policy_task_kind(t))));
	set_named(env, v, "step", cstr(env, policy_task_step_id(t)));
	set_named(env, v, "document", cstr(env, policy_task_document(t)));
	set_named(env, v, "field", cstr(env, policy_task_field(t)));
	set_named(env, v, "type", cstr(env, policy_type_name(policy_task_type(t))));
	return v;
}

/* Find and remove an outstanding task by its token. */
static const policy_task *take_task(napi_env env, box *b, napi_value token_v)
{
	uint32_t token = 0;
	if (napi_get_value_uint32(env, token_v, &token) == napi_ok) {
		for (size_t i = 0; i < b->ntasks; i++) {
			if (b->tasks[i].token != token)
				continue;
			const policy_task *t = b->tasks[i].task;
			b->tasks[i] = b->tasks[--b->ntasks];
			return t;
		}
	}
	node_throw_plain(env, "ERR_POLICY_STATE",
	                 "the task is not outstanding in this execution (answered already?)");
	return NULL;
}

enum answer_kind { ANSWER_COMPLETE, ANSWER_FAIL, ANSWER_BUILTIN };

/* execComplete(exec, token, json), execFail(exec, token, message),
 * execCompleteBuiltin(exec, token) */
static napi_value exec_answer(napi_env env, napi_callback_info info, enum answer_kind kind)
{
	args a;
	box *b;
	if (!node_get_args(env, info, &a, kind == ANSWER_BUILTIN ? 2 : 3) ||
	    !(b = get_exec(env, a.argv[0])))
		return NULL;
	size_t len = 0;
	char *text = NULL;
	if (kind != ANSWER_BUILTIN &&
	    !(text = get_text(env, a.argv[2], &len, kind == ANSWER_FAIL ? "the message" : "the answer")))
		return NULL;
	const policy_task *t = take_task(env, b, a.argv[1]);
	if (!t) {
		free(text);
		return NULL;
	}
	b->busy = true;
	policy_status st = kind == ANSWER_COMPLETE ? policy_exec_complete(b->ptr, t, text, len) :
	                   kind == ANSWER_FAIL ? policy_exec_fail(b->ptr, t, text) :
	                   policy_exec_complete_builtin(b->ptr, t);
	b->busy = false;
	free(text);
	return ok_or_throw(env, st, "answering the task failed") ? node_undefined(env) : NULL;
}

static napi_value js_exec_complete(napi_env env, napi_callback_info info)
{
	return exec_answer(env, info, ANSWER_COMPLETE);
}

static napi_value js_exec_fail(napi_env env, napi_callback_info info)
{
	return exec_answer(env, info, ANSWER_FAIL);
}

static napi_value js_exec_complete_builtin(napi_env env, napi_callback_info info)
{
	return exec_answer(env, info, ANSWER_BUILTIN);
}

/* execDecision(exec) -> {outcome, failure, actions, failedChecks, tokens} */
static napi_value js_exec_decision(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	if (!node_get_args(env, info, &a, 1) || !(b = node_get_box(env, a.argv[0], BOX_EXEC)))
		return NULL;
	const policy_exec *x = b->ptr;
	policy_outcome o = policy_exec_outcome(x);
	napi_value d, actions, checks;
	napi_create_object(env, &d);
	set_named(env, d, "outcome", cstr(env, o == POLICY_OUTCOME_COMPLETE ? "complete" :
	                                       o == POLICY_OUTCOME_FAILED ? "failed" : "pending"));
	set_named(env, d, "failure", cstr(env, policy_exec_failure(x)));
	size_t n = policy_exec_action_count(x);
	napi_create_array_with_length(env, n, &actions);
	for (size_t i = 0; i < n; i++) {
		napi_value act;
		napi_create_object(env, &act);
		set_named(env, act, "text", cstr(env, policy_exec_action_text(x, i)));
		set_named(env, act, "verb", cstr(env, policy_exec_action_verb(x, i)));
		set_named(env, act, "object", cstr(env, policy_exec_action_object(x, i)));
		napi_set_element(env, actions, (uint32_t)i, act);
	}
	set_named(env, d, "actions", actions);
	n = policy_exec_failed_check_count(x);
	napi_create_array_with_length(env, n, &checks);
	for (size_t i = 0; i < n; i++) {
		napi_value fc;
		napi_create_object(env, &fc);
		set_named(env, fc, "text", cstr(env, policy_exec_failed_check_text(x, i)));
		set_named(env, fc, "reason", cstr(env, policy_exec_failed_check_reason(x, i)));
		napi_set_element(env, checks, (uint32_t)i, fc);
	}
	set_named(env, d, "failedChecks", checks);
	set_named(env, d, "tokensUsed", num(env, (double)policy_exec_tokens_used(x)));
	return d;
}

static napi_value js_exec_decision_json(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	if (!node_get_args(env, info, &a, 1) || !(b = node_get_box(env, a.argv[0], BOX_EXEC)))
		return NULL;
	char *json = NULL;
	size_t len = 0;
	policy_status st = policy_exec_decision_json(b->ptr, &json, &len);
	return take_string(env, st, json, len, "writing the decision failed");
}

/* ---- the batch loop of executeSync ---------------------------------- */

/* index.js drives executeSync with two calls a level instead of several a
 * task: execBatch hands out every task that is ready (their step indices
 * in an Int32Array the caller keeps), the JS callbacks answer them, and
 * execAnswers delivers the answers in plan order and hands out the next
 * batch. Values come across as JS values, not JSON: a number, a string or
 * a boolean goes to policy_answer_*, which means exactly the JSON answer
 * {"value": V} that index.js would otherwise have written. */

enum { TASK_LLM = 1 << 29, TASK_DOC = 1 << 30 };
enum { ANSWER_VALUE = 0, ANSWER_NUMBER_TEXT, ANSWER_JSON, ANSWER_ERROR, ANSWER_BUILTIN_TASK };

static int32_t *int32_data(napi_env env, napi_value v, size_t need)
{
	napi_typedarray_type type;
	size_t length;
	void *data;
	if (napi_get_typedarray_info(env, v, &type, &length, &data, NULL, NULL) != napi_ok ||
	    type != napi_int32_array || length < need) {
		node_throw_plain(env, "ERR_INVALID_ARG_TYPE", "expected an Int32Array as long as the plan");
		return NULL;
	}
	return data;
}

/* Hand out every task that is ready; false (thrown) on an error. */
static bool run_batch(napi_env env, box *b, int32_t *steps, uint32_t *n)
{
	b->nbatch = 0;
	for (;;) {
		const policy_task *t = NULL;
		b->busy = true;
		policy_status st = policy_exec_next(b->ptr, &t);
		b->busy = false;
		if (!ok_or_throw(env, st, "advancing the execution failed"))
			return false;
		if (!t || b->nbatch >= b->nsteps)
			break;
		size_t i = remember_task(b, t);
		int32_t code = (int32_t)i;
		if (policy_task_kind(t) == POLICY_STEP_LLM) {
			code |= TASK_LLM;
		} else {
			const char *doc = policy_task_document(t);
			const char *planned = policy_plan_step_document(b->plan, i);
			if (doc && (!planned || strcmp(doc, planned)))
				code |= TASK_DOC;
		}
		b->batch[b->nbatch] = t;
		steps[b->nbatch++] = code;
	}
	*n = b->nbatch;
	return true;
}

/* execBatch(exec, steps) -> how many tasks are ready (0: finished) */
static napi_value js_exec_batch(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	int32_t *steps;
	if (!node_get_args(env, info, &a, 2) || !(b = get_exec(env, a.argv[0])) ||
	    !(steps = int32_data(env, a.argv[1], b->nsteps)))
		return NULL;
	uint32_t n;
	if (!run_batch(env, b, steps, &n))
		return NULL;
	napi_value v;
	napi_create_uint32(env, n, &v);
	return v;
}

/* "-724.5" -> (-7245, 1); false unless plain decimal digits fit. */
static bool decimal_text(const char *s, size_t len, int64_t *units, int *scale)
{
	size_t i = 0;
	bool neg = len && s[0] == '-';
	i += neg;
	int64_t u = 0;
	int sc = -1, digits = 0;
	for (; i < len; i++) {
		if (s[i] == '.' && sc < 0 && digits) {
			sc = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || ++digits > 18)
			return false;
		u = u * 10 + (s[i] - '0');
		if (sc >= 0)
			sc++;
	}
	if (!digits || sc == 0)
		return false;
	*units = neg ? -u : u;
	*scale = sc < 0 ? 0 : sc;
	return true;
}

/* A JS string into `small` or a malloc'd copy (*heap set); NULL thrown. */
static char *js_string(napi_env env, napi_value v, char *small, size_t cap, size_t *len,
                       char **heap)
{
	*heap = NULL;
	if (napi_get_value_string_utf8(env, v, small, cap, len) != napi_ok) {
		node_throw_plain(env, "ERR_INVALID_ARG_TYPE", "expected a string");
		return NULL;
	}
	if (*len < cap - 1)
		return small;
	if (napi_get_value_string_utf8(env, v, NULL, 0, len) != napi_ok ||
	    !(*heap = malloc(*len + 1))) {
		node_throw_plain(env, "ERR_NOMEM", "out of memory");
		return NULL;
	}
	napi_get_value_string_utf8(env, v, *heap, *len + 1, len);
	return *heap;
}

static policy_status deliver_one(napi_env env, box *b, const policy_task *t, int32_t kind,
                                 napi_value v, bool *thrown)
{
	policy_exec *x = b->ptr;
	if (kind == ANSWER_BUILTIN_TASK)
		return policy_exec_complete_builtin(x, t);
	napi_valuetype vt;
	napi_typeof(env, v, &vt);
	if (kind == ANSWER_VALUE && vt == napi_number) {
		double d = 0;
		napi_get_value_double(env, v, &d);
		return policy_answer_number(x, t, (int64_t)d, 0, NULL); /* a safe integer */
	}
	if (kind == ANSWER_VALUE && vt == napi_boolean) {
		bool yes = false;
		napi_get_value_bool(env, v, &yes);
		return policy_answer_bool(x, t, yes, NULL);
	}
	char small[256], *heap;
	size_t len;
	const char *s = js_string(env, v, small, sizeof small, &len, &heap);
	if (!s) {
		*thrown = true;
		return POLICY_ERR_ARGUMENT;
	}
	policy_status st;
	int64_t units;
	int scale;
	switch (kind) {
	case ANSWER_VALUE:
		st = policy_answer_text(x, t, s, len, NULL);
		break;
	case ANSWER_NUMBER_TEXT:
		if (decimal_text(s, len, &units, &scale)) {
			st = policy_answer_number(x, t, units, scale, NULL);
		} else {
			/* 1e+21 and the like: the JSON answer the number makes */
			char *json = malloc(len + 16);
			if (!json) {
				st = POLICY_ERR_NOMEM;
				break;
			}
			int n = snprintf(json, len + 16, "{\"value\":%.*s}", (int)len, s);
			st = policy_exec_complete(x, t, json, (size_t)n);
			free(json);
		}
		break;
	case ANSWER_JSON:
		st = policy_exec_complete(x, t, s, len);
		break;
	default:
		st = policy_exec_fail(x, t, s);
		break;
	}
	free(heap);
	return st;
}

/* execAnswers(exec, kinds, values, steps) -> how many tasks the next batch
 * has: the answers of the batch execBatch (or the last execAnswers) handed
 * out, in its order; kinds[k] says what values[k] is. */
static napi_value js_exec_answers(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	int32_t *kinds, *steps;
	if (!node_get_args(env, info, &a, 4) || !(b = get_exec(env, a.argv[0])) ||
	    !(kinds = int32_data(env, a.argv[1], b->nbatch)) ||
	    !(steps = int32_data(env, a.argv[3], b->nsteps)))
		return NULL;
	for (uint32_t k = 0; k < b->nbatch; k++) {
		napi_value v = NULL;
		if (kinds[k] != ANSWER_BUILTIN_TASK && napi_get_element(env, a.argv[2], k, &v) != napi_ok)
			return NULL;
		bool thrown = false;
		b->busy = true;
		policy_status st = deliver_one(env, b, b->batch[k], kinds[k], v, &thrown);
		b->busy = false;
		if (thrown || !ok_or_throw(env, st, "answering the task failed"))
			return NULL;
	}
	uint32_t n;
	if (!run_batch(env, b, steps, &n))
		return NULL;
	napi_value v;
	napi_create_uint32(env, n, &v);
	return v;
}

static const policy_task *task_at(napi_env env, box *b, napi_value step_v)
{
	uint32_t i = 0;
	if (napi_get_value_uint32(env, step_v, &i) != napi_ok || i >= b->nsteps || !b->by_step[i]) {
		node_throw_plain(env, "ERR_POLICY_STATE", "no task of this execution has that step");
		return NULL;
	}
	return b->by_step[i];
}

/* execRequest(exec, step) -> the request JSON of the step's task */
static napi_value js_exec_request(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	const policy_task *t;
	if (!node_get_args(env, info, &a, 2) || !(b = get_exec(env, a.argv[0])) ||
	    !(t = task_at(env, b, a.argv[1])))
		return NULL;
	const char *r = policy_task_request_json(t);
	if (!r) {
		node_throw_plain(env, "ERR_NOMEM", "out of memory");
		return NULL;
	}
	return cstr(env, r);
}

/* execDocument(exec, step) -> the document the step's task reads */
static napi_value js_exec_document(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	const policy_task *t;
	if (!node_get_args(env, info, &a, 2) || !(b = get_exec(env, a.argv[0])) ||
	    !(t = task_at(env, b, a.argv[1])))
		return NULL;
	return cstr(env, policy_task_document(t));
}

/* closedExecution() -> the handle of no execution: every use of it throws
 * "the execution is closed" (index.js gives it to closed executions). */
static napi_value js_closed_execution(napi_env env, napi_callback_info info)
{
	(void)info;
	return new_box(env, BOX_EXEC, NULL);
}

/* execReset(exec, case|null): start over on another case */
static napi_value js_exec_reset(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	if (!node_get_args(env, info, &a, 1) || !(b = get_exec(env, a.argv[0])))
		return NULL;
	policy_case *c = NULL;
	if (!node_is_nullish(env, a.argv[1]) && !(c = get_ptr(env, a.argv[1], BOX_CASE)))
		return NULL;
	policy_error *err = NULL;
	policy_status st = policy_exec_reset(b->ptr, c, &err);
	b->ntasks = 0;
	b->nbatch = 0;
	memset(b->by_step, 0, (b->nsteps ? b->nsteps : 1) * sizeof *b->by_step);
	if (st != POLICY_OK) {
		throw_policy(env, st, err, NULL, NULL, 0, NULL);
		return NULL;
	}
	return node_undefined(env);
}

/* execOutcome(exec) -> 0 pending, 1 complete, 2 failed */
static napi_value js_exec_outcome(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	if (!node_get_args(env, info, &a, 1) || !(b = node_get_box(env, a.argv[0], BOX_EXEC)))
		return NULL;
	napi_value v;
	napi_create_uint32(env, (uint32_t)policy_exec_outcome(b->ptr), &v);
	return v;
}

/* execActions(exec, steps) -> how many actions fired; steps[i] is the step
 * of action i, or -1 - step when a guardrail replaced its text */
static napi_value js_exec_actions(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	int32_t *steps;
	if (!node_get_args(env, info, &a, 2) || !(b = node_get_box(env, a.argv[0], BOX_EXEC)) ||
	    !(steps = int32_data(env, a.argv[1], b->nsteps)))
		return NULL;
	const policy_exec *x = b->ptr;
	size_t n = policy_exec_action_count(x);
	for (size_t i = 0; i < n && i < b->nsteps; i++) {
		size_t step = policy_exec_action_step(x, i);
		bool own = policy_exec_action_text(x, i) == policy_plan_step_label(b->plan, step);
		steps[i] = own ? (int32_t)step : -1 - (int32_t)step;
	}
	napi_value v;
	napi_create_uint32(env, (uint32_t)(n < b->nsteps ? n : b->nsteps), &v);
	return v;
}

static napi_value action_object(napi_env env, const policy_exec *x, size_t i)
{
	napi_value act;
	napi_create_object(env, &act);
	set_named(env, act, "text", cstr(env, policy_exec_action_text(x, i)));
	set_named(env, act, "verb", cstr(env, policy_exec_action_verb(x, i)));
	set_named(env, act, "object", cstr(env, policy_exec_action_object(x, i)));
	return act;
}

/* execAction(exec, i) -> {text, verb, object} */
static napi_value js_exec_action(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	uint32_t i = 0;
	if (!node_get_args(env, info, &a, 2) || !(b = node_get_box(env, a.argv[0], BOX_EXEC)) ||
	    napi_get_value_uint32(env, a.argv[1], &i) != napi_ok)
		return NULL;
	return action_object(env, b->ptr, i);
}

/* execFailedChecks(exec) -> [{text, reason}] */
static napi_value js_exec_failed_checks(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	if (!node_get_args(env, info, &a, 1) || !(b = node_get_box(env, a.argv[0], BOX_EXEC)))
		return NULL;
	const policy_exec *x = b->ptr;
	size_t n = policy_exec_failed_check_count(x);
	napi_value checks;
	napi_create_array_with_length(env, n, &checks);
	for (size_t i = 0; i < n; i++) {
		napi_value fc;
		napi_create_object(env, &fc);
		set_named(env, fc, "text", cstr(env, policy_exec_failed_check_text(x, i)));
		set_named(env, fc, "reason", cstr(env, policy_exec_failed_check_reason(x, i)));
		napi_set_element(env, checks, (uint32_t)i, fc);
	}
	return checks;
}

/* execFailure(exec) -> string | null; execTokens(exec) -> number */
static napi_value js_exec_failure(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	if (!node_get_args(env, info, &a, 1) || !(b = node_get_box(env, a.argv[0], BOX_EXEC)))
		return NULL;
	return cstr(env, policy_exec_failure(b->ptr));
}

static napi_value js_exec_tokens(napi_env env, napi_callback_info info)
{
	args a;
	box *b;
	if (!node_get_args(env, info, &a, 1) || !(b = node_get_box(env, a.argv[0], BOX_EXEC)))
		return NULL;
	return num(env, (double)policy_exec_tokens_used(b->ptr));
}

/* ---- trails --------------------------------------------------------- */

/* The trail of an execution handle (borrowed) or of a loaded trail. */
static const policy_trail *get_trail(napi_env env, napi_value v)
{
	bool tagged = false;
	if (napi_check_object_type_tag(env, v, &box_tags[BOX_EXEC], &tagged) == napi_ok && tagged) {
		box *b = node_get_box(env, v, BOX_EXEC);
		return b ? policy_exec_trail(b->ptr) : NULL;
	}
	return get_ptr(env, v, BOX_TRAIL);
}

/* trailLoad(jsonl, filename, options) -> trail */
static napi_value js_trail_load(napi_env env, napi_callback_info info)
{
	args a;
	if (!node_get_args(env, info, &a, 1))
		return NULL;
	size_t len;
	char *text = get_text(env, a.argv[0], &len, "the trail");
	char *filename = NULL;
	if (!text || !get_opt_text(env, a.argv[1], &filename, "filename")) {
		free(text);
		return NULL;
	}
	policy_load_options o;
	load_options(env, a.argv[2], &o);
	policy_trail *t = NULL;
	policy_error *err = NULL;
	policy_status st = policy_trail_load(text, len, &o, &t, &err);
	napi_value result = NULL;
	if (st != POLICY_OK)
		throw_policy(env, st, err, filename ? filename : "trail", text, len, NULL);
	else
		result = new_box(env, BOX_TRAIL, t);
	free(text);
	free(filename);
	return result;
}

/* trailVerify(trail, plan|null) */
static napi_value js_trail_verify(napi_env env, napi_callback_info info)
{
	args a;
	const policy_trail *t;
	if (!node_get_args(env, info, &a, 1) || !(t = get_trail(env, a.argv[0])))
		return NULL;
	policy_plan *p = NULL;
	if (!node_is_nullish(env, a.argv[1]) && !(p = get_ptr(env, a.argv[1], BOX_PLAN)))
		return NULL;
	policy_error *err = NULL;
	policy_status st = policy_trail_verify(t, p, &err);
	if (st != POLICY_OK) {
		throw_policy(env, st, err, "trail", NULL, 0, NULL);
		return NULL;
	}
	return node_undefined(env);
}

static napi_value js_trail_jsonl(napi_env env, napi_callback_info info)
{
	args a;
	const policy_trail *t;
	if (!node_get_args(env, info, &a, 1) || !(t = get_trail(env, a.argv[0])))
		return NULL;
	char *out = NULL;
	size_t len = 0;
	policy_status st = policy_trail_to_jsonl(t, &out, &len);
	return take_string(env, st, out, len, "writing the trail failed");
}

static napi_value js_trail_explain(napi_env env, napi_callback_info info)
{
	args a;
	const policy_trail *t;
	if (!node_get_args(env, info, &a, 1) || !(t = get_trail(env, a.argv[0])))
		return NULL;
	char *out = NULL;
	size_t len = 0;
	policy_status st = policy_trail_explain(t, &out, &len);
	return take_string(env, st, out, len, "explaining the trail failed");
}

static napi_value js_trail_count(napi_env env, napi_callback_info info)
{
	args a;
	const policy_trail *t;
	if (!node_get_args(env, info, &a, 1) || !(t = get_trail(env, a.argv[0])))
		return NULL;
	return num(env, (double)policy_trail_entry_count(t));
}

static napi_value entry_of(napi_env env, const policy_trail_iter *it)
{
	napi_value e, inputs, guards;
	napi_create_object(env, &e);
	set_named(env, e, "seq", num(env, (double)policy_trail_iter_seq(it)));
	set_named(env, e, "stepId", cstr(env, policy_trail_iter_step_id(it)));
	set_named(env, e, "kind", cstr(env, policy_step_kind_name(policy_trail_iter_kind(it))));
	set_named(env, e, "policyName", cstr(env, policy_trail_iter_policy_name(it)));
	set_named(env, e, "policyVersion", cstr(env, policy_trail_iter_policy_version(it)));
	set_named(env, e, "planHash", cstr(env, policy_trail_iter_plan_hash(it)));
	set_named(env, e, "sentence", cstr(env, policy_trail_iter_sentence(it)));
	set_named(env, e, "line", num(env, policy_trail_iter_line(it)));
	set_named(env, e, "outputJson", cstr(env, policy_trail_iter_output_json(it)));
	set_named(env, e, "reason", cstr(env, policy_trail_iter_reason(it)));
	set_named(env, e, "startedAt", num(env, (double)policy_trail_iter_started_at(it)));
	set_named(env, e, "endedAt", num(env, (double)policy_trail_iter_ended_at(it)));
	set_named(env, e, "tokens", num(env, (double)policy_trail_iter_tokens(it)));
	size_t n = policy_trail_iter_input_count(it);
	napi_create_array_with_length(env, n, &inputs);
	for (size_t i = 0; i < n; i++) {
		napi_value in;
		napi_create_object(env, &in);
		set_named(env, in, "name", cstr(env, policy_trail_iter_input_name(it, i)));
		set_named(env, in, "value", cstr(env, policy_trail_iter_input_value(it, i)));
		set_named(env, in, "evidenceJson", cstr(env, policy_trail_iter_input_evidence_json(it, i)));
		napi_set_element(env, inputs, (uint32_t)i, in);
	}
	set_named(env, e, "inputs", inputs);
	n = policy_trail_iter_guardrail_count(it);
	napi_create_array_with_length(env, n, &guards);
	for (size_t i = 0; i < n; i++) {
		napi_value g;
		napi_create_object(env, &g);
		set_named(env, g, "name", cstr(env, policy_trail_iter_guardrail_name(it, i)));
		set_named(env, g, "attempted", cstr(env, policy_trail_iter_guardrail_attempted(it, i)));
		set_named(env, g, "alternative", cstr(env, policy_trail_iter_guardrail_alternative(it, i)));
		napi_set_element(env, guards, (uint32_t)i, g);
	}
	set_named(env, e, "guardrails", guards);
	set_named(env, e, "hash", cstr(env, policy_trail_iter_hash(it)));
	set_named(env, e, "prevHash", cstr(env, policy_trail_iter_prev_hash(it)));
	set_named(env, e, "json", cstr(env, policy_trail_iter_json(it)));
	return e;
}

static napi_value js_trail_entries(napi_env env, napi_callback_info info)
{
	args a;
	const policy_trail *t;
	if (!node_get_args(env, info, &a, 1) || !(t = get_trail(env, a.argv[0])))
		return NULL;
	policy_trail_iter *it = NULL;
	if (!ok_or_throw(env, policy_trail_iter_new(t, &it), "reading the trail failed"))
		return NULL;
	napi_value list;
	napi_create_array(env, &list);
	for (uint32_t i = 0; policy_trail_iter_next(it); i++)
		napi_set_element(env, list, i, entry_of(env, it));
	policy_trail_iter_free(it);
	return list;
}

/* ---- module --------------------------------------------------------- */

static void addon_finalize(napi_env env, void *data, void *hint)
{
	(void)hint;
	addon *a = data;
	if (a->error_class)
		napi_delete_reference(env, a->error_class);
	free(a);
}

static napi_value module_init(napi_env env, napi_value exports)
{
	addon *a = calloc(1, sizeof *a);
	if (!a || napi_set_instance_data(env, a, addon_finalize, NULL) != napi_ok) {
		free(a);
		node_throw_plain(env, "ERR_NOMEM", "out of memory");
		return NULL;
	}
#define FN(name, f) { name, NULL, f, NULL, NULL, NULL, napi_enumerable, NULL }
	static const napi_property_descriptor fns[] = {
		FN("init", js_init),
		FN("version", js_version),
		FN("close", js_close),
		FN("compile", js_compile),
		FN("planLoad", js_plan_load),
		FN("planSave", js_plan_save),
		FN("planInspect", js_plan_inspect),
		FN("planInfo", js_plan_info),
		FN("planDiff", js_plan_diff),
		FN("caseNew", js_case_new),
		FN("caseSetId", js_case_set_id),
		FN("caseAddDocument", js_case_add_document),
		FN("caseAddFact", js_case_add_fact),
		FN("execute", js_execute),
		FN("executeBatch", js_execute_batch),
		FN("execNew", js_exec_new),
		FN("execNext", js_exec_next),
		FN("execComplete", js_exec_complete),
		FN("execFail", js_exec_fail),
		FN("execCompleteBuiltin", js_exec_complete_builtin),
		FN("execDecision", js_exec_decision),
		FN("execDecisionJson", js_exec_decision_json),
		FN("execBatch", js_exec_batch),
		FN("execAnswers", js_exec_answers),
		FN("execRequest", js_exec_request),
		FN("execDocument", js_exec_document),
		FN("execReset", js_exec_reset),
		FN("closedExecution", js_closed_execution),
		FN("execOutcome", js_exec_outcome),
		FN("execActions", js_exec_actions),
		FN("execAction", js_exec_action),
		FN("execFailedChecks", js_exec_failed_checks),
		FN("execFailure", js_exec_failure),
		FN("execTokens", js_exec_tokens),
		FN("trailLoad", js_trail_load),
		FN("trailVerify", js_trail_verify),
		FN("trailJsonl", js_trail_jsonl),
		FN("trailExplain", js_trail_explain),
		FN("trailCount", js_trail_count),
		FN("trailEntries", js_trail_entries),
	};
#undef FN
	napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns);
	return exports;
}

NAPI_MODULE(policy, module_init)
