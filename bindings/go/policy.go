// Package policy is the Go binding of libpolicy: it compiles business
// policies written in plain English into execution plans, runs them on the
// documents of a case, and returns a decision with a hash-chained
// why-trail.
//
//	plan, err := policy.Compile(text, nil)      // *policy.Error on bad English
//	c, _ := policy.NewCase()
//	c.AddDocument("claim form", form)
//	c.AddFact("policy effective date", `"2025-06-01"`)
//	x, err := policy.Execute(plan, nil, c, nil) // built-in extractor and facts
//	for _, a := range x.Actions() { fmt.Println(a.Text) }
//	text, _ := x.Trail().Explain()
//
// Every object wraps a libpolicy handle. Close releases it (Close is
// idempotent) and a finalizer closes what was forgotten. A Plan is
// immutable and may be shared by any number of goroutines; Case, Host and
// Trail belong to one goroutine at a time; an Execution's methods may be
// called from several goroutines (they are serialized).
//
// Hosts plug in Go functions for extraction, lookups, model calls and the
// clock (Host). With ExecOptions.Threads > 1 those functions run on
// libpolicy's worker threads, concurrently with each other; a function
// that panics fails its step with the panic's message. Hosts with their
// own concurrency drive the sans-I/O loop instead: NewExecution, then
// Next / Complete / Fail / CompleteBuiltin.
package policy

/*
#cgo pkg-config: libpolicy
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

// Version is the run-time version of libpolicy, e.g. "0.1.0".
func Version() string { return C.GoString(C.policy_version()) }

// HeaderVersion is the version of the policy.h the binding was built with.
const HeaderVersion = C.POLICY_VERSION_STRING

// PlanFormat is the plan format this library writes and reads.
const PlanFormat = C.POLICY_PLAN_FORMAT

// Status is a libpolicy status code. The error codes can be compared with
// errors.Is: errors.Is(err, policy.ErrHash).
type Status int

// Status codes, as in policy.h.
const (
	OK          Status = C.POLICY_OK
	ErrNoMem    Status = C.POLICY_ERR_NOMEM
	ErrArgument Status = C.POLICY_ERR_ARGUMENT
	ErrCompile  Status = C.POLICY_ERR_COMPILE
	ErrLimit    Status = C.POLICY_ERR_LIMIT
	ErrPlan     Status = C.POLICY_ERR_PLAN
	ErrHash     Status = C.POLICY_ERR_HASH
	ErrBudget   Status = C.POLICY_ERR_BUDGET
	ErrState    Status = C.POLICY_ERR_STATE
	ErrCallback Status = C.POLICY_ERR_CALLBACK
	ErrTrail    Status = C.POLICY_ERR_TRAIL
	ErrChain    Status = C.POLICY_ERR_CHAIN
	ErrMismatch Status = C.POLICY_ERR_MISMATCH
	ErrNotFound Status = C.POLICY_ERR_NOT_FOUND
)

// String gives the constant's C name, e.g. "POLICY_ERR_HASH".
func (s Status) String() string {
	if n := C.policy_status_name(C.policy_status(s)); n != nil {
		return C.GoString(n)
	}
	return fmt.Sprintf("policy_status(%d)", int(s))
}

// Error makes a Status usable as an error target for errors.Is.
func (s Status) Error() string { return s.String() }

// Severity of a diagnostic.
type Severity int

// Severities of diagnostics.
const (
	SeverityError   Severity = C.POLICY_SEVERITY_ERROR
	SeverityWarning Severity = C.POLICY_SEVERITY_WARNING
)

func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one message of a compile report.
type Diagnostic struct {
	Severity Severity
	Message  string
	Hint     string // "" when there is none
	Line     int    // 1-based; 0 when the message has no position
	Column   int
}

// Error is a libpolicy error: a status code, a message, the position of the
// first error in its source (policy text, plan JSON, trail line), a hint,
// every diagnostic of a compile report, and the diagnostics rendered the
// way compilers print them (file:line:col, the source line, a caret, the
// hint).
type Error struct {
	Code        Status
	Message     string
	Line        int // 1-based; 0 when the error has no position
	Column      int
	Hint        string
	Diagnostics []Diagnostic
	Rendered    string
	Filename    string // the name used for the source in Error() and Rendered
}

// Error gives the first error on one line: "claims.txt:13:6: I don't know
// what 'the claimed amont' is". Rendered holds the full diagnostic.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Filename != "" {
		b.WriteString(e.Filename)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Line, e.Column)
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	if e.Message != "" {
		b.WriteString(e.Message)
	} else {
		b.WriteString(e.Code.String())
	}
	return b.String()
}

// Is reports whether target is this error's Status.
func (e *Error) Is(target error) bool {
	s, ok := target.(Status)
	return ok && s == e.Code
}

// takeError converts and frees a policy_error. source is the text the
// positions refer to (nil: render without excerpts).
func takeError(st C.policy_status, cerr *C.policy_error, filename string, source []byte) *Error {
	if cerr == nil {
		return &Error{Code: Status(st), Message: Status(st).String()}
	}
	defer C.policy_error_free(cerr)
	e := &Error{
		Code:     Status(C.policy_error_code(cerr)),
		Message:  C.GoString(C.policy_error_message(cerr)),
		Line:     int(C.policy_error_line(cerr)),
		Column:   int(C.policy_error_column(cerr)),
		Hint:     C.GoString(C.policy_error_hint(cerr)),
		Filename: filename,
	}
	if e.Code == OK && st != C.POLICY_OK {
		e.Code = Status(st)
	}
	e.Diagnostics = diagnostics(cerr)
	e.Rendered = render(cerr, filename, source)
	return e
}

func diagnostics(cerr *C.policy_error) []Diagnostic {
	n := int(C.policy_error_diagnostic_count(cerr))
	if n == 0 {
		return nil
	}
	ds := make([]Diagnostic, n)
	for i := range ds {
		ci := C.size_t(i)
		ds[i] = Diagnostic{
			Severity: Severity(C.policy_error_diagnostic_severity(cerr, ci)),
			Message:  C.GoString(C.policy_error_diagnostic_message(cerr, ci)),
			Hint:     C.GoString(C.policy_error_diagnostic_hint(cerr, ci)),
			Line:     int(C.policy_error_diagnostic_line(cerr, ci)),
			Column:   int(C.policy_error_diagnostic_column(cerr, ci)),
		}
	}
	return ds
}

func render(cerr *C.policy_error, filename string, source []byte) string {
	var cname *C.char
	if filename != "" {
		cname = C.CString(filename)
		defer C.free(unsafe.Pointer(cname))
	}
	var csrc *C.char
	if source != nil {
		csrc = (*C.char)(C.CBytes(source))
		defer C.free(unsafe.Pointer(csrc))
	}
	var out *C.char
	var n C.size_t
	if C.policy_error_render(cerr, cname, csrc, C.size_t(len(source)), &out, &n) != C.POLICY_OK {
		return ""
	}
	defer C.policy_free(unsafe.Pointer(out))
	return C.GoStringN(out, C.int(n))
}

// statusError is the error of a call that reports only a status.
func statusError(st C.policy_status, what string) error {
	if st == C.POLICY_OK {
		return nil
	}
	return &Error{Code: Status(st), Message: what + ": " + Status(st).String()}
}

// takeString copies and frees a string libpolicy returned through char **.
func takeString(p *C.char, n C.size_t) string {
	defer C.policy_free(unsafe.Pointer(p))
	return C.GoStringN(p, C.int(n))
}

// cbytes copies a Go string into C memory (free with C.free); unlike
// C.CString its length is explicit, so text may hold NUL bytes.
func cbytes(s string) (*C.char, C.size_t) {
	return (*C.char)(C.CBytes([]byte(s))), C.size_t(len(s))
}

// Type is the type of a value.
type Type int

// Value types.
const (
	TypeNone     Type = C.POLICY_TYPE_NONE
	TypeMoney    Type = C.POLICY_TYPE_MONEY
	TypeNumber   Type = C.POLICY_TYPE_NUMBER
	TypePercent  Type = C.POLICY_TYPE_PERCENT
	TypeRatio    Type = C.POLICY_TYPE_RATIO
	TypeCount    Type = C.POLICY_TYPE_COUNT
	TypeDate     Type = C.POLICY_TYPE_DATE
	TypeDuration Type = C.POLICY_TYPE_DURATION
	TypeBoolean  Type = C.POLICY_TYPE_BOOLEAN
	TypeText     Type = C.POLICY_TYPE_TEXT
	TypeEnum     Type = C.POLICY_TYPE_ENUM
)

// String gives "money", "date", ...
func (t Type) String() string {
	if n := C.policy_type_name(C.policy_type(t)); n != nil {
		return C.GoString(n)
	}
	return fmt.Sprintf("type(%d)", int(t))
}

// StepKind is the kind of a plan step.
type StepKind int

// Step kinds.
const (
	StepExtract   StepKind = C.POLICY_STEP_EXTRACT
	StepLookup    StepKind = C.POLICY_STEP_LOOKUP
	StepCompute   StepKind = C.POLICY_STEP_COMPUTE
	StepCheck     StepKind = C.POLICY_STEP_CHECK
	StepRequire   StepKind = C.POLICY_STEP_REQUIRE
	StepAction    StepKind = C.POLICY_STEP_ACTION
	StepLLM       StepKind = C.POLICY_STEP_LLM
	StepGuardrail StepKind = C.POLICY_STEP_GUARDRAIL
)

// String gives "extract", "lookup", ...
func (k StepKind) String() string {
	if n := C.policy_step_kind_name(C.policy_step_kind(k)); n != nil {
		return C.GoString(n)
	}
	return fmt.Sprintf("step_kind(%d)", int(k))
}

// Outcome is the state of an execution's decision.
type Outcome int

// Outcomes.
const (
	OutcomePending  Outcome = C.POLICY_OUTCOME_PENDING  // tasks are still outstanding
	OutcomeComplete Outcome = C.POLICY_OUTCOME_COMPLETE // a decision was made
	OutcomeFailed   Outcome = C.POLICY_OUTCOME_FAILED   // a needed value was missing or invalid
)

func (o Outcome) String() string {
	switch o {
	case OutcomeComplete:
		return "complete"
	case OutcomeFailed:
		return "failed"
	default:
		return "pending"
	}
}
