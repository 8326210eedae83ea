/*
 * executeBatch: many cases, one plan, one call to policy_execute_batch.
 *
 * index.js calls it when no JS function (extract, lookup, llm callbacks,
 * the clock) takes part, since JS must never run on libpolicy's worker
 * threads: the built-in extractor and the cases' facts answer, on
 * options.threads workers that each decide whole cases. The result is one
 * entry per case, in input order: an execution handle, or the PolicyError
 * that case failed with (a document over the limit, out of memory), so one
 * bad case never loses the others.
 *
 * Synchronously, the JS thread decides and waits. Otherwise the batch runs
 * as N-API async work on a libuv thread (it and the workers it starts do
 * the deciding) while the event loop goes on, and a Promise settles with
 * the results. Until then the plan is held by a reference of the job's
 * own, so closing it in JS is harmless; every case is held by a JS
 * reference, so the GC keeps it, and counted in its box's `batches`, so it
 * can be neither changed nor closed while worker threads read it.
 */
#include <stdlib.h>

#include "node_batch.h"
#include "policy_node.h"

typedef struct batch_job {
	napi_async_work work;
	napi_deferred deferred;
	policy_plan *plan;         /* async: a reference of the job's own */
	size_t n;
	const policy_case **cases;
	box **boxes;               /* async: counted in their `batches` */
	napi_ref *refs;            /* async: the cases' handles, kept from the GC */
	policy_exec_options exec;
	unsigned threads;
	policy_exec **execs;
	policy_error **errors;
	policy_status st;
} batch_job;

static void job_free(napi_env env, batch_job *j)
{
	for (size_t i = 0; i < j->n; i++) {
		if (j->refs && j->refs[i]) {
			j->boxes[i]->batches--;
			napi_delete_reference(env, j->refs[i]);
		}
		policy_exec_free(j->execs ? j->execs[i] : NULL);
		policy_error_free(j->errors ? j->errors[i] : NULL);
	}
	if (j->work)
		napi_delete_async_work(env, j->work);
	policy_plan_free(j->plan);
	free(j->cases);
	free(j->boxes);
	free(j->refs);
	free(j->execs);
	free(j->errors);
	free(j);
}

/* The job for plan p and the array of case handles, its options read;
 * NULL with an exception pending. */
static batch_job *job_new(napi_env env, napi_value cases, napi_value opts)
{
	bool is_array = false;
	uint32_t n = 0;
	if (napi_is_array(env, cases, &is_array) != napi_ok || !is_array ||
	    napi_get_array_length(env, cases, &n) != napi_ok) {
		node_throw_plain(env, "ERR_INVALID_ARG_TYPE", "the cases must be an array of case handles");
		return NULL;
	}
	batch_job *j = calloc(1, sizeof *j);
	size_t cap = n ? n : 1;
	if (!j || !(j->cases = calloc(cap, sizeof *j->cases)) ||
	    !(j->boxes = calloc(cap, sizeof *j->boxes)) ||
	    !(j->execs = calloc(cap, sizeof *j->execs)) ||
	    !(j->errors = calloc(cap, sizeof *j->errors))) {
		if (j)
			job_free(env, j);
		node_throw_plain(env, "ERR_NOMEM", "out of memory");
		return NULL;
	}
	j->n = n;
	for (uint32_t i = 0; i < n; i++) {
		napi_value v;
		if (napi_get_element(env, cases, i, &v) != napi_ok ||
		    !(j->boxes[i] = node_get_box(env, v, BOX_CASE))) {
			job_free(env, j);
			return NULL;
		}
		j->cases[i] = j->boxes[i]->ptr;
	}
	policy_exec_options init = POLICY_EXEC_OPTIONS_INIT;
	j->exec = init;
	j->exec.threads = (unsigned)node_opt_number(env, opts, "caseThreads");
	j->exec.token_budget = (uint64_t)node_opt_number(env, opts, "tokenBudget");
	j->exec.max_document_bytes = (size_t)node_opt_number(env, opts, "maxDocumentBytes");
	j->exec.max_reply_bytes = (size_t)node_opt_number(env, opts, "maxReplyBytes");
	j->threads = (unsigned)node_opt_number(env, opts, "threads");
	return j;
}

/* Off the JS thread (async) or on it (sync): no N-API calls here. */
static void job_run(napi_env env, void *data)
{
	(void)env;
	batch_job *j = data;
	policy_batch_options o = POLICY_BATCH_OPTIONS_INIT;
	o.threads = j->threads;
	o.exec = &j->exec;
	j->st = policy_execute_batch(j->plan, NULL, j->cases, j->n, &o, j->execs, j->errors);
}

/* The results array; each execution or error moves out of the job into
 * its JS value. NULL with an exception pending. */
static napi_value job_results(napi_env env, batch_job *j)
{
	if (j->st != POLICY_OK) {
		napi_value e = node_policy_error(env, j->st, NULL, NULL, NULL, 0, "the batch was refused");
		if (e)
			napi_throw(env, e);
		return NULL;
	}
	napi_value out;
	if (napi_create_array_with_length(env, j->n, &out) != napi_ok)
		return NULL;
	for (size_t i = 0; i < j->n; i++) {
		napi_value v;
		if (j->execs[i]) {
			policy_exec *x = j->execs[i];
			j->execs[i] = NULL;
			v = node_new_exec_box(env, x, NULL, j->plan);
		} else {
			v = node_policy_error(env, POLICY_ERR_CALLBACK, j->errors[i], NULL, NULL, 0,
			                      "the case was not decided");
			j->errors[i] = NULL;
		}
		if (!v || napi_set_element(env, out, (uint32_t)i, v) != napi_ok)
			return NULL;
	}
	return out;
}

static void job_done(napi_env env, napi_status status, void *data)
{
	batch_job *j = data;
	for (size_t i = 0; i < j->n; i++) {
		j->boxes[i]->batches--;
		napi_delete_reference(env, j->refs[i]);
		j->refs[i] = NULL;
	}
	napi_value results = status == napi_ok ? job_results(env, j) : NULL, e = NULL;
	if (results) {
		napi_resolve_deferred(env, j->deferred, results);
	} else {
		bool pending = false;
		napi_is_exception_pending(env, &pending);
		if (pending)
			napi_get_and_clear_last_exception(env, &e);
		if (!e) {
			napi_value msg;
			napi_create_string_utf8(env, "the batch could not be run", NAPI_AUTO_LENGTH, &msg);
			napi_create_error(env, NULL, msg, &e);
		}
		napi_reject_deferred(env, j->deferred, e);
	}
	job_free(env, j);
}

/* Hold the plan and the cases for a batch off the JS thread, and start
 * it; the Promise, or NULL with an exception pending. */
static napi_value job_start(napi_env env, batch_job *j, napi_value cases)
{
	if (!(j->refs = calloc(j->n ? j->n : 1, sizeof *j->refs))) {
		job_free(env, j);
		node_throw_plain(env, "ERR_NOMEM", "out of memory");
		return NULL;
	}
	for (uint32_t i = 0; i < j->n; i++) {
		napi_value v;
		if (napi_get_element(env, cases, i, &v) != napi_ok ||
		    napi_create_reference(env, v, 1, &j->refs[i]) != napi_ok) {
			job_free(env, j);
			node_throw_plain(env, "ERR_NOMEM", "out of memory");
			return NULL;
		}
		j->boxes[i]->batches++;
	}
	napi_value promise, name;
	if (napi_create_promise(env, &j->deferred, &promise) != napi_ok ||
	    napi_create_string_utf8(env, "libpolicy.executeBatch", NAPI_AUTO_LENGTH, &name) != napi_ok ||
	    napi_create_async_work(env, NULL, name, job_run, job_done, j, &j->work) != napi_ok ||
	    napi_queue_async_work(env, j->work) != napi_ok) {
		/* A promise made and never settled is only garbage. */
		job_free(env, j);
		node_throw_plain(env, "ERR_NOMEM", "the batch could not be started");
		return NULL;
	}
	return promise;
}

napi_value js_execute_batch(napi_env env, napi_callback_info info)
{
	args a;
	box *p;
	if (!node_get_args(env, info, &a, 2) || !(p = node_get_box(env, a.argv[0], BOX_PLAN)))
		return NULL;
	bool sync = false;
	napi_get_value_bool(env, a.argv[3], &sync);
	batch_job *j = job_new(env, a.argv[1], a.argv[2]);
	if (!j)
		return NULL;
	if (!sync) {
		j->plan = policy_plan_reference(p->ptr);
		return job_start(env, j, a.argv[1]);
	}
	j->plan = p->ptr;
	job_run(env, j);
	napi_value results = job_results(env, j);
	j->plan = NULL; /* borrowed */
	job_free(env, j);
	return results;
}
