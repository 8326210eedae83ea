/*
 * The C side of the Go binding: trampolines that libpolicy calls and that
 * forward to the Go functions exported in callbacks.go.
 *
 * A Go callback is registered as a runtime/cgo.Handle, an integer. The
 * conversion between that integer and libpolicy's `void *user_data` is
 * done here, in C, so that no Go code turns an integer into a pointer.
 * libpolicy calls the destroy notifier when a callback is replaced or its
 * host is freed; the notifier deletes the handle.
 */
#ifndef POLICY_GO_SHIM_H
#define POLICY_GO_SHIM_H

#include <stdint.h>
#include <policy.h>

void policygo_host_set_extract(policy_host *host, uintptr_t handle);
void policygo_host_set_lookup(policy_host *host, uintptr_t handle);
void policygo_host_set_llm(policy_host *host, uintptr_t handle);
void policygo_host_set_store(policy_host *host, uintptr_t handle);
void policygo_host_set_load(policy_host *host, uintptr_t handle);
void policygo_host_set_now(policy_host *host, uintptr_t handle);
void policygo_exec_options_set_now(policy_exec_options *opts, uintptr_t handle);
void policygo_compile_options_set_assist(policy_compile_options *opts, uintptr_t handle);
policy_status policygo_execute_batch(const policy_plan *plan, const policy_host *host,
                                     policy_case **cases, size_t count, unsigned threads,
                                     const policy_exec_options *exec, policy_exec **execs,
                                     policy_error **errors);

#endif
