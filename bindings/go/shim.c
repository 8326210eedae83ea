/*
 * Trampolines from libpolicy's callbacks to the Go functions exported in
 * callbacks.go (see shim.h). They only convert arguments: panics are
 * recovered on the Go side, so nothing ever unwinds through these frames.
 */
#include "shim.h"
#include "_cgo_export.h"

static void destroy(void *user_data)
{
	policygoRelease((uintptr_t)user_data);
}

static policy_status extract(const char *doc_type, const char *field, policy_type type,
                             const char *request_json, policy_reply *reply, void *user_data)
{
	return policygoExtract((uintptr_t)user_data, (char *)doc_type, (char *)field, type,
	                       (char *)request_json, reply);
}

static policy_status lookup(const char *fact, const char *request_json, policy_reply *reply,
                            void *user_data)
{
	return policygoLookup((uintptr_t)user_data, (char *)fact, (char *)request_json, reply);
}

static policy_status llm(const char *request_json, policy_reply *reply, void *user_data)
{
	return policygoLLM((uintptr_t)user_data, (char *)request_json, reply);
}

static policy_status store(const char *kind, const char *key, const char *json, size_t len,
                           void *user_data)
{
	return policygoStore((uintptr_t)user_data, (char *)kind, (char *)key, (char *)json, len);
}

static policy_status load(const char *kind, const char *key, policy_reply *reply, void *user_data)
{
	return policygoLoad((uintptr_t)user_data, (char *)kind, (char *)key, reply);
}

static int64_t now(void *user_data)
{
	return policygoNow((uintptr_t)user_data);
}

void policygo_host_set_extract(policy_host *host, uintptr_t handle)
{
	if (handle)
		policy_host_set_extract_func(host, extract, (void *)handle, destroy);
	else
		policy_host_set_extract_func(host, NULL, NULL, NULL);
}

void policygo_host_set_lookup(policy_host *host, uintptr_t handle)
{
	if (handle)
		policy_host_set_lookup_func(host, lookup, (void *)handle, destroy);
	else
		policy_host_set_lookup_func(host, NULL, NULL, NULL);
}

void policygo_host_set_llm(policy_host *host, uintptr_t handle)
{
	if (handle)
		policy_host_set_llm_func(host, llm, (void *)handle, destroy);
	else
		policy_host_set_llm_func(host, NULL, NULL, NULL);
}

void policygo_host_set_store(policy_host *host, uintptr_t handle)
{
	if (handle)
		policy_host_set_store_func(host, store, (void *)handle, destroy);
	else
		policy_host_set_store_func(host, NULL, NULL, NULL);
}

void policygo_host_set_load(policy_host *host, uintptr_t handle)
{
	if (handle)
		policy_host_set_load_func(host, load, (void *)handle, destroy);
	else
		policy_host_set_load_func(host, NULL, NULL, NULL);
}

void policygo_host_set_now(policy_host *host, uintptr_t handle)
{
	if (handle)
		policy_host_set_now_func(host, now, (void *)handle, destroy);
	else
		policy_host_set_now_func(host, NULL, NULL, NULL);
}

/* Execution options have no destroy notifier: the Execution that owns the
 * options deletes the handle when it is closed. */
void policygo_exec_options_set_now(policy_exec_options *opts, uintptr_t handle)
{
	opts->now = handle ? now : NULL;
	opts->now_user_data = (void *)handle;
}

static policy_status assist(const char *request_json, policy_reply *reply, void *user_data)
{
	return policygoAssist((uintptr_t)user_data, (char *)request_json, reply);
}

/* Compile options have no destroy notifier either: Compile deletes the
 * handle when policy_compile has returned. */
void policygo_compile_options_set_assist(policy_compile_options *opts, uintptr_t handle)
{
	opts->assist = handle ? assist : NULL;
	opts->assist_user_data = (void *)handle;
}

/* policy_execute_batch with the batch options made here, in C: a Go
 * struct holding a pointer to the Go-allocated execution options could
 * not be passed to C. */
policy_status policygo_execute_batch(const policy_plan *plan, const policy_host *host,
                                     policy_case **cases, size_t count, unsigned threads,
                                     const policy_exec_options *exec, policy_exec **execs,
                                     policy_error **errors)
{
	policy_batch_options o = POLICY_BATCH_OPTIONS_INIT;
	o.threads = threads;
	o.exec = exec;
	return policy_execute_batch(plan, host, (const policy_case *const *)cases, count, &o, execs,
	                            errors);
}
