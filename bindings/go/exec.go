package policy

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"runtime"
	"runtime/cgo"
	"sync"
	"unsafe"
)

// ExecOptions tune an execution. The zero value means the library
// defaults: one thread, the plan's token estimate as the budget.
type ExecOptions struct {
	// Threads is the number of worker threads Execute uses for the
	// callbacks of one level; 0 or 1: the calling goroutine runs them.
	// The decision and the trail are the same whatever the number.
	Threads          int
	TokenBudget      uint64 // run-time LLM token budget; 0: the plan's estimate
	MaxDocumentBytes int    // per document; 0: 4 MiB
	MaxReplyBytes    int    // per callback answer; 0: 1 MiB
	// Now is the trail's clock for NewExecution, and for Execute when the
	// host has no clock. nil: the clock reads 0. It runs inside Next,
	// Complete, Fail and CompleteBuiltin, so it must not call the
	// Execution's methods.
	Now NowFunc
}

// Execution is one execution of a plan on a case: the decision and the
// why-trail. Its methods may be called from several goroutines; they are
// serialized.
type Execution struct {
	mu  sync.Mutex
	x   *C.policy_exec
	now cgo.Handle // the options' clock, deleted by Close
}

// Action is an action the policy took, its text exactly as written.
type Action struct {
	Text   string // "escalate to senior adjuster review"
	Verb   string // "escalate"
	Object string // "to senior adjuster review"
}

// FailedCheck is a check that did not hold, and the values that made it fail.
type FailedCheck struct {
	Text   string
	Reason string
}

func execOptions(o *ExecOptions) (C.policy_exec_options, cgo.Handle) {
	co := C.policy_exec_options{struct_size: C.sizeof_policy_exec_options}
	var now cgo.Handle
	if o == nil {
		return co, now
	}
	if o.Threads > 0 {
		co.threads = C.uint(o.Threads)
	}
	co.token_budget = C.uint64_t(o.TokenBudget)
	co.max_document_bytes = C.size_t(o.MaxDocumentBytes)
	co.max_reply_bytes = C.size_t(o.MaxReplyBytes)
	if o.Now != nil {
		now = cgo.NewHandle(&callback{now: o.Now})
		C.policygo_exec_options_set_now(&co, C.uintptr_t(now))
	}
	return co, now
}

func newExecution(x *C.policy_exec, now cgo.Handle) *Execution {
	e := &Execution{x: x, now: now}
	runtime.SetFinalizer(e, (*Execution).Close)
	return e
}

// Execute runs a plan on a case to the end through the host's functions
// (nil host: the built-in extractor and the case's facts). A run that could
// not decide is not an error: its Outcome is OutcomeFailed and Failure says
// why. Errors are for bad arguments, limits and running out of memory.
func Execute(plan *Plan, host *Host, c *Case, opts *ExecOptions) (*Execution, error) {
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
	var k *C.policy_case
	if c != nil {
		if k, err = c.handle(); err != nil {
			return nil, err
		}
	}
	co, now := execOptions(opts)
	var x *C.policy_exec
	var cerr *C.policy_error
	st := C.policy_execute(p, h, k, &co, &x, &cerr)
	runtime.KeepAlive(plan)
	runtime.KeepAlive(host)
	runtime.KeepAlive(c)
	if st != C.POLICY_OK {
		if now != 0 {
			now.Delete()
		}
		return nil, takeError(st, cerr, "", nil)
	}
	return newExecution(x, now), nil
}

// NewExecution starts executing a plan on a case without doing anything
// yet (sans-I/O): the host calls Next for tasks and answers each with
// Complete, Fail or CompleteBuiltin. The execution copies what it needs
// from the case, which may be closed afterwards.
func NewExecution(plan *Plan, c *Case, opts *ExecOptions) (*Execution, error) {
	p, err := plan.handle()
	if err != nil {
		return nil, err
	}
	var k *C.policy_case
	if c != nil {
		if k, err = c.handle(); err != nil {
			return nil, err
		}
	}
	co, now := execOptions(opts)
	var x *C.policy_exec
	var cerr *C.policy_error
	st := C.policy_exec_new(p, k, &co, &x, &cerr)
	runtime.KeepAlive(plan)
	runtime.KeepAlive(c)
	if st != C.POLICY_OK {
		if now != 0 {
			now.Delete()
		}
		return nil, takeError(st, cerr, "", nil)
	}
	return newExecution(x, now), nil
}

// Close releases the execution and its trail. Close is idempotent.
func (e *Execution) Close() error {
	if e == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.x != nil {
		C.policy_exec_free(e.x)
		e.x = nil
		runtime.SetFinalizer(e, nil)
	}
	if e.now != 0 {
		e.now.Delete()
		e.now = 0
	}
	return nil
}

// Task is a step the host must perform for a sans-I/O execution. Its
// fields are copies and stay valid after the task is answered.
type Task struct {
	Request
	e    *Execution
	t    *C.policy_task
	done bool
}

// Next runs every internal step that is ready and hands out the next task
// the host must perform, or nil when none is ready: either the execution
// is finished (Outcome is not OutcomePending) or it waits for tasks
// already handed out. Tasks of one level are independent and may be
// performed concurrently.
func (e *Execution) Next() (*Task, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.x == nil {
		return nil, errClosedExecution
	}
	var t *C.policy_task
	if err := statusError(C.policy_exec_next(e.x, &t), "advancing the execution"); err != nil {
		return nil, err
	}
	if t == nil {
		return nil, nil
	}
	task := &Task{e: e, t: t}
	task.Kind = StepKind(C.policy_task_kind(t))
	task.Step = C.GoString(C.policy_task_step_id(t))
	task.Document = C.GoString(C.policy_task_document(t))
	task.Field = C.GoString(C.policy_task_field(t))
	task.Type = Type(C.policy_task_type(t))
	task.JSON = C.GoString(C.policy_task_request_json(t))
	return task, nil
}

var errClosedExecution = &Error{Code: ErrArgument, Message: "the execution is closed"}

// answer checks that t is a live task of e and calls f on it with e locked.
func (e *Execution) answer(t *Task, what string, f func(*C.policy_exec, *C.policy_task) C.policy_status) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.x == nil {
		return errClosedExecution
	}
	if t == nil || t.e != e {
		return &Error{Code: ErrArgument, Message: "the task is not one of this execution's"}
	}
	if t.done {
		return &Error{Code: ErrState, Message: "the task " + t.Step + " was already answered"}
	}
	if err := statusError(f(e.x, t.t), what+" "+t.Step); err != nil {
		return err
	}
	t.done = true
	return nil
}

// Complete delivers a task's answer, the JSON a TaskFunc would return. The
// answer is validated; a bad answer fails the step, not the call.
func (e *Execution) Complete(t *Task, answer string) error {
	body, n := cbytes(answer)
	defer C.free(unsafe.Pointer(body))
	return e.answer(t, "completing", func(x *C.policy_exec, ct *C.policy_task) C.policy_status {
		return C.policy_exec_complete(x, ct, body, n)
	})
}

// Fail reports that a task could not be performed; its step fails with
// message.
func (e *Execution) Fail(t *Task, message string) error {
	cm := C.CString(message)
	defer C.free(unsafe.Pointer(cm))
	return e.answer(t, "failing", func(x *C.policy_exec, ct *C.policy_task) C.policy_status {
		return C.policy_exec_fail(x, ct, cm)
	})
}

// CompleteBuiltin performs a task with the built-in extractor or fact
// lookup over the execution's case, then completes it.
func (e *Execution) CompleteBuiltin(t *Task) error {
	return e.answer(t, "completing", func(x *C.policy_exec, ct *C.policy_task) C.policy_status {
		return C.policy_exec_complete_builtin(x, ct)
	})
}

// Outcome is the state of the decision.
func (e *Execution) Outcome() Outcome {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.x == nil {
		return OutcomePending
	}
	return Outcome(C.policy_exec_outcome(e.x))
}

// Failure says, for OutcomeFailed, what was missing or invalid and why.
func (e *Execution) Failure() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.x == nil {
		return ""
	}
	return C.GoString(C.policy_exec_failure(e.x))
}

// Actions are the actions that fired, in plan order.
func (e *Execution) Actions() []Action {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.x == nil {
		return nil
	}
	as := make([]Action, int(C.policy_exec_action_count(e.x)))
	for i := range as {
		ci := C.size_t(i)
		as[i] = Action{
			Text:   C.GoString(C.policy_exec_action_text(e.x, ci)),
			Verb:   C.GoString(C.policy_exec_action_verb(e.x, ci)),
			Object: C.GoString(C.policy_exec_action_object(e.x, ci)),
		}
	}
	return as
}

// FailedChecks are the checks that did not hold.
func (e *Execution) FailedChecks() []FailedCheck {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.x == nil {
		return nil
	}
	fs := make([]FailedCheck, int(C.policy_exec_failed_check_count(e.x)))
	for i := range fs {
		ci := C.size_t(i)
		fs[i] = FailedCheck{
			Text:   C.GoString(C.policy_exec_failed_check_text(e.x, ci)),
			Reason: C.GoString(C.policy_exec_failed_check_reason(e.x, ci)),
		}
	}
	return fs
}

// TokensUsed is the number of LLM tokens the execution used.
func (e *Execution) TokensUsed() uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.x == nil {
		return 0
	}
	return uint64(C.policy_exec_tokens_used(e.x))
}

// DecisionJSON is the decision as one JSON object (status, actions,
// failed_checks, error, tokens, policy).
func (e *Execution) DecisionJSON() ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.x == nil {
		return nil, errClosedExecution
	}
	var out *C.char
	var n C.size_t
	if err := statusError(C.policy_exec_decision_json(e.x, &out, &n), "writing the decision"); err != nil {
		return nil, err
	}
	defer C.policy_free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}

// Trail is the execution's why-trail. It is borrowed: it lives as long as
// the execution, and closing it does nothing.
func (e *Execution) Trail() *Trail {
	return &Trail{owner: e}
}
