package policy

// ExecuteBatch: many cases, one plan, one call to policy_execute_batch.
// The cases and the results cross as arrays of C pointers held in Go
// memory (they hold no Go pointers, so cgo lets C read and write them),
// and the batch options are made in C (shim.c) so that no Go memory
// handed to C points at other Go memory;
// libpolicy's worker threads decide the cases and call the host's Go
// functions, which cgo runs on those threads.

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import "runtime"

// BatchOptions tune ExecuteBatch. The zero value decides the cases one
// after another on the calling goroutine with the default execution
// options.
type BatchOptions struct {
	// Threads is the number of worker threads, each deciding whole cases
	// and taking the next case when it finishes one; 0 or 1: the calling
	// goroutine decides every case. The decisions and trails are the same
	// whatever the number.
	Threads int
	// Exec is every case's execution options: Threads within one case,
	// the token budget and the limits. With Exec.Now set, the clock is
	// called from the worker threads, concurrently.
	Exec *ExecOptions
}

// BatchResult is one case's result: its Execution (Close it when done),
// or the error it failed with (a document over the limit, a callback
// error that stopped it, running out of memory). Exactly one is non-nil.
// As with Execute, a case that was run but could not be decided is an
// Execution whose Outcome is OutcomeFailed, not an error.
type BatchResult struct {
	Execution *Execution
	Err       error
}

// ExecuteBatch decides many cases with one plan in one call: each case as
// Execute would decide it (same host, same options, the same decision and
// trail), on opts.Threads worker threads that share the plan. It returns
// one result per case, in input order; one bad case never stops the
// others. The host's functions (its clock included) run on the worker
// threads, concurrently, so they must be safe for concurrent use; a host
// with a store function stores every case's trail. The error is for the
// call itself: a closed plan, host or case, or negative Threads.
func ExecuteBatch(plan *Plan, host *Host, cases []*Case, opts *BatchOptions) ([]BatchResult, error) {
	p, err := plan.handle()
	if err != nil {
		return nil, err
	}
	var h *C.policy_host
	if host != nil {
		if h = host.h; h == nil {
			return nil, &Error{Code: ErrArgument, Message: "the host is closed"}
		}
	}
	o := BatchOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Threads < 0 {
		return nil, &Error{Code: ErrArgument, Message: "BatchOptions.Threads must not be negative"}
	}
	n := len(cases)
	if n == 0 {
		return []BatchResult{}, nil
	}
	ccases := make([]*C.policy_case, n)
	for i, c := range cases {
		if ccases[i], err = c.handle(); err != nil {
			return nil, err
		}
	}
	co, now := execOptions(o.Exec)
	execs := make([]*C.policy_exec, n)
	errs := make([]*C.policy_error, n)
	st := C.policygo_execute_batch(p, h, &ccases[0], C.size_t(n), C.uint(o.Threads), &co,
		&execs[0], &errs[0])
	runtime.KeepAlive(plan)
	runtime.KeepAlive(host)
	runtime.KeepAlive(cases)
	// The clock is read only while a case runs; every case has run.
	if now != 0 {
		now.Delete()
	}
	if st != C.POLICY_OK {
		return nil, takeError(st, nil, "", nil)
	}
	results := make([]BatchResult, n)
	for i := range results {
		if execs[i] != nil {
			results[i].Execution = newExecution(execs[i], 0)
			if errs[i] != nil {
				C.policy_error_free(errs[i])
			}
			continue
		}
		results[i].Err = takeError(C.POLICY_ERR_CALLBACK, errs[i], "", nil)
	}
	return results, nil
}
