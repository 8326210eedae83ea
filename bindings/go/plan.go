package policy

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// Plan is a compiled policy: an immutable DAG of steps, safe to share
// between goroutines and executions.
type Plan struct {
	p        *C.policy_plan
	warnings []Diagnostic
}

// CompileOptions tune Compile. The zero value means the library defaults.
type CompileOptions struct {
	Filename         string // names the source in diagnostics (default "policy")
	TokenBudget      uint64 // 0: only the policy's own "Token budget:" line
	MaxTextBytes     int    // 0: 1 MiB
	MaxSentenceBytes int    // 0: 16 KiB
	MaxDepth         int    // 0: 32
	MaxSteps         int    // 0: 10000
	// Assist restates the sentences the grammar cannot read
	// (docs/assist.md); called only during Compile, on its goroutine.
	Assist AssistFunc
	// AssistLock is the lock's JSON: restatements pinned earlier, used
	// before Assist is asked (a compile with the lock alone gives the same
	// plan, byte for byte).
	AssistLock  []byte
	MaxAssisted int // sentences Assist is asked about in one Compile; 0: 32
}

// LoadOptions tune LoadPlan and LoadTrail. The zero value means the
// library defaults.
type LoadOptions struct {
	Filename     string // names the source in diagnostics (default "plan" or "trail")
	MaxJSONBytes int    // 0: 16 MiB
	MaxJSONDepth int    // 0: 64
	MaxSteps     int    // 0: 10000
}

func newPlan(p *C.policy_plan) *Plan {
	plan := &Plan{p: p}
	runtime.SetFinalizer(plan, (*Plan).Close)
	return plan
}

// Compile compiles English policy text. A policy with errors gives an
// *Error with code ErrCompile whose Rendered field shows every diagnostic
// with its source line and a caret. Warnings of a policy that compiles are
// in Plan.Warnings.
func Compile(text string, opts *CompileOptions) (*Plan, error) {
	o := CompileOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Filename == "" {
		o.Filename = "policy"
	}
	co := C.policy_compile_options{struct_size: C.sizeof_policy_compile_options}
	co.token_budget = C.uint64_t(o.TokenBudget)
	co.max_text_bytes = C.size_t(o.MaxTextBytes)
	co.max_sentence_bytes = C.size_t(o.MaxSentenceBytes)
	co.max_depth = C.uint(o.MaxDepth)
	co.max_steps = C.size_t(o.MaxSteps)
	release := setAssist(&co, &o)
	defer release()
	src, n := cbytes(text)
	defer C.free(unsafe.Pointer(src))
	var p *C.policy_plan
	var cerr *C.policy_error
	st := C.policy_compile(src, n, &co, &p, &cerr)
	if st != C.POLICY_OK {
		return nil, takeError(st, cerr, o.Filename, []byte(text))
	}
	plan := newPlan(p)
	if cerr != nil {
		plan.warnings = takeError(st, cerr, o.Filename, nil).Diagnostics
	}
	return plan, nil
}

// LoadPlan loads a plan saved by Save. The JSON is untrusted: a malformed
// or inconsistent plan gives an *Error with code ErrPlan, a plan whose
// content does not match its hashes one with code ErrHash.
func LoadPlan(json []byte, opts *LoadOptions) (*Plan, error) {
	o := LoadOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Filename == "" {
		o.Filename = "plan"
	}
	lo := loadOptions(&o)
	src := (*C.char)(C.CBytes(json))
	defer C.free(unsafe.Pointer(src))
	var p *C.policy_plan
	var cerr *C.policy_error
	st := C.policy_plan_load(src, C.size_t(len(json)), &lo, &p, &cerr)
	if st != C.POLICY_OK {
		return nil, takeError(st, cerr, o.Filename, json)
	}
	return newPlan(p), nil
}

func loadOptions(o *LoadOptions) C.policy_load_options {
	lo := C.policy_load_options{struct_size: C.sizeof_policy_load_options}
	lo.max_json_bytes = C.size_t(o.MaxJSONBytes)
	lo.max_json_depth = C.uint(o.MaxJSONDepth)
	lo.max_steps = C.size_t(o.MaxSteps)
	return lo
}

// Close releases the plan. Executions made from it keep their own
// reference, so closing the plan does not end them. Close is idempotent.
func (p *Plan) Close() error {
	if p != nil && p.p != nil {
		C.policy_plan_free(p.p)
		p.p = nil
		runtime.SetFinalizer(p, nil)
	}
	return nil
}

func (p *Plan) handle() (*C.policy_plan, error) {
	if p == nil || p.p == nil {
		return nil, &Error{Code: ErrArgument, Message: "the plan is closed"}
	}
	return p.p, nil
}

// Save serializes the plan as canonical JSON (format "libpolicy-plan/1").
// Saving a loaded plan gives back the same bytes.
func (p *Plan) Save() ([]byte, error) {
	h, err := p.handle()
	if err != nil {
		return nil, err
	}
	defer runtime.KeepAlive(p)
	var out *C.char
	var n C.size_t
	if err := statusError(C.policy_plan_save(h, &out, &n), "saving the plan"); err != nil {
		return nil, err
	}
	defer C.policy_free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}

// Inspect gives a human-readable view of the plan: header, schema, steps by
// level with their sentences, deterministic or LLM, estimated tokens.
func (p *Plan) Inspect() (string, error) {
	h, err := p.handle()
	if err != nil {
		return "", err
	}
	defer runtime.KeepAlive(p)
	var out *C.char
	var n C.size_t
	if err := statusError(C.policy_plan_inspect(h, &out, &n), "inspecting the plan"); err != nil {
		return "", err
	}
	return takeString(out, n), nil
}

// Warnings are the compiler's warnings for a plan made by Compile.
func (p *Plan) Warnings() []Diagnostic {
	if p == nil {
		return nil
	}
	return p.warnings
}

func (p *Plan) str(f func(*C.policy_plan) *C.char) string {
	if p == nil || p.p == nil {
		return ""
	}
	defer runtime.KeepAlive(p)
	return C.GoString(f(p.p))
}

// Name is the policy's "Policy:" line.
func (p *Plan) Name() string {
	return p.str(func(h *C.policy_plan) *C.char { return C.policy_plan_name(h) })
}

// PolicyVersion is the policy's "Version:" line.
func (p *Plan) PolicyVersion() string {
	return p.str(func(h *C.policy_plan) *C.char { return C.policy_plan_policy_version(h) })
}

// Effective is the policy's effective date as YYYY-MM-DD.
func (p *Plan) Effective() string {
	return p.str(func(h *C.policy_plan) *C.char { return C.policy_plan_effective(h) })
}

// Source is the policy's "Source:" line, "" when absent.
func (p *Plan) Source() string {
	return p.str(func(h *C.policy_plan) *C.char { return C.policy_plan_source(h) })
}

// TextHash is the XXH3-128 hash of the normalized policy text (32 hex digits).
func (p *Plan) TextHash() string {
	return p.str(func(h *C.policy_plan) *C.char { return C.policy_plan_text_hash(h) })
}

// BodyHash is the XXH3-128 hash of the canonical plan body (32 hex digits).
func (p *Plan) BodyHash() string {
	return p.str(func(h *C.policy_plan) *C.char { return C.policy_plan_body_hash(h) })
}

// EstTokens is the sum of the estimated tokens of the plan's LLM steps.
func (p *Plan) EstTokens() uint64 {
	if p == nil || p.p == nil {
		return 0
	}
	defer runtime.KeepAlive(p)
	return uint64(C.policy_plan_est_tokens(p.p))
}

// LevelCount is the number of levels; steps of one level are independent.
func (p *Plan) LevelCount() int {
	if p == nil || p.p == nil {
		return 0
	}
	defer runtime.KeepAlive(p)
	return int(C.policy_plan_level_count(p.p))
}

// Step describes one step of a plan.
type Step struct {
	ID            string
	Kind          StepKind
	Level         int
	Type          Type
	Deterministic bool
	EstTokens     uint64
	Line, Column  int    // where the step's sentence is in the policy
	Sentence      string // the sentence as written
	Label         string // what the step does in a few words
	Inputs        []string
}

// Steps lists the plan's steps in plan order (levels ascending).
func (p *Plan) Steps() []Step {
	if p == nil || p.p == nil {
		return nil
	}
	defer runtime.KeepAlive(p)
	h := p.p
	steps := make([]Step, int(C.policy_plan_step_count(h)))
	for i := range steps {
		ci := C.size_t(i)
		s := Step{
			ID:            C.GoString(C.policy_plan_step_id(h, ci)),
			Kind:          StepKind(C.policy_plan_step_kind(h, ci)),
			Level:         int(C.policy_plan_step_level(h, ci)),
			Type:          Type(C.policy_plan_step_type(h, ci)),
			Deterministic: C.policy_plan_step_deterministic(h, ci) != 0,
			EstTokens:     uint64(C.policy_plan_step_est_tokens(h, ci)),
			Line:          int(C.policy_plan_step_line(h, ci)),
			Column:        int(C.policy_plan_step_column(h, ci)),
			Sentence:      C.GoString(C.policy_plan_step_sentence(h, ci)),
			Label:         C.GoString(C.policy_plan_step_label(h, ci)),
		}
		n := int(C.policy_plan_step_input_count(h, ci))
		s.Inputs = make([]string, n)
		for j := range s.Inputs {
			s.Inputs[j] = C.GoString(C.policy_plan_step_input(h, ci, C.size_t(j)))
		}
		steps[i] = s
	}
	return steps
}

// Diff compares two plans by meaning, not text: a is the old plan, b the
// new one. The JSON ("format": "libpolicy-diff/1") says whether they are
// equal and lists the changes (thresholds, operators, conditions, steps
// added or removed, ...); see policy_plan_diff in policy.h.
func Diff(a, b *Plan) ([]byte, error) {
	pa, err := a.handle()
	if err != nil {
		return nil, err
	}
	pb, err := b.handle()
	if err != nil {
		return nil, err
	}
	defer runtime.KeepAlive(a)
	defer runtime.KeepAlive(b)
	var out *C.char
	var n C.size_t
	if err := statusError(C.policy_plan_diff(pa, pb, &out, &n), "comparing the plans"); err != nil {
		return nil, err
	}
	defer C.policy_free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}
