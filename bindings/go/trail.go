package policy

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"encoding/json"
	"runtime"
	"unsafe"
)

// Trail is a why-trail: one entry per executed step, each carrying the
// hash of the one before. A trail comes from an execution (Execution.Trail,
// borrowed) or from LoadTrail (owned; Close releases it).
type Trail struct {
	t     *C.policy_trail
	owner *Execution
}

// LoadTrail reads a trail written by JSONL, verifying its hash chain: a
// broken chain gives an *Error with code ErrChain naming the first entry
// that does not match; malformed lines one with code ErrTrail.
func LoadTrail(jsonl []byte, opts *LoadOptions) (*Trail, error) {
	o := LoadOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Filename == "" {
		o.Filename = "trail"
	}
	lo := loadOptions(&o)
	src := (*C.char)(C.CBytes(jsonl))
	defer C.free(unsafe.Pointer(src))
	var t *C.policy_trail
	var cerr *C.policy_error
	if st := C.policy_trail_load(src, C.size_t(len(jsonl)), &lo, &t, &cerr); st != C.POLICY_OK {
		return nil, takeError(st, cerr, o.Filename, jsonl)
	}
	trail := &Trail{t: t}
	runtime.SetFinalizer(trail, (*Trail).Close)
	return trail, nil
}

// Close releases a loaded trail; for an execution's trail it does nothing.
// Close is idempotent.
func (t *Trail) Close() error {
	if t != nil && t.t != nil {
		C.policy_trail_free(t.t)
		t.t = nil
		runtime.SetFinalizer(t, nil)
	}
	return nil
}

// with calls f with the C trail, holding the owning execution's lock.
func (t *Trail) with(f func(*C.policy_trail) error) error {
	if t == nil {
		return &Error{Code: ErrArgument, Message: "no trail"}
	}
	if t.owner != nil {
		t.owner.mu.Lock()
		defer t.owner.mu.Unlock()
		if t.owner.x == nil {
			return errClosedExecution
		}
		return f(C.policy_exec_trail(t.owner.x))
	}
	if t.t == nil {
		return &Error{Code: ErrArgument, Message: "the trail is closed"}
	}
	defer runtime.KeepAlive(t)
	return f(t.t)
}

// Verify checks the hash chain and, if plan is not nil, that every entry
// was made by that plan (ErrMismatch otherwise).
func (t *Trail) Verify(plan *Plan) error {
	var p *C.policy_plan
	if plan != nil {
		var err error
		if p, err = plan.handle(); err != nil {
			return err
		}
	}
	defer runtime.KeepAlive(plan)
	return t.with(func(ct *C.policy_trail) error {
		var cerr *C.policy_error
		if st := C.policy_trail_verify(ct, p, &cerr); st != C.POLICY_OK {
			return takeError(st, cerr, "trail", nil)
		}
		return nil
	})
}

// JSONL gives the trail as JSON Lines, one entry a line.
func (t *Trail) JSONL() ([]byte, error) {
	var b []byte
	err := t.with(func(ct *C.policy_trail) error {
		var out *C.char
		var n C.size_t
		if err := statusError(C.policy_trail_to_jsonl(ct, &out, &n), "writing the trail"); err != nil {
			return err
		}
		defer C.policy_free(unsafe.Pointer(out))
		b = C.GoBytes(unsafe.Pointer(out), C.int(n))
		return nil
	})
	return b, err
}

// Explain gives the decision and its reasons in plain English, one
// paragraph per action and failed check.
func (t *Trail) Explain() (string, error) {
	var s string
	err := t.with(func(ct *C.policy_trail) error {
		var out *C.char
		var n C.size_t
		if err := statusError(C.policy_trail_explain(ct, &out, &n), "explaining the trail"); err != nil {
			return err
		}
		s = takeString(out, n)
		return nil
	})
	return s, err
}

// Len is the number of entries.
func (t *Trail) Len() int {
	n := 0
	_ = t.with(func(ct *C.policy_trail) error {
		n = int(C.policy_trail_entry_count(ct))
		return nil
	})
	return n
}

// Input is a value a step read, and where it came from.
type Input struct {
	Name  string
	Value string // as the explanation writes it
	// Evidence is JSON: {"document", "index", "count", "page", "line",
	// "start", "end", "snippet"}, with "label", "score" and "match" when
	// the label is not the term word for word, and "label", "score",
	// "source", "bbox" (points from the page's top left) and, for a scan,
	// "confidence" for a PDF or an image (docs/documents.md); or {"fact",
	// "source"}; "null" when the value was computed by another step.
	Evidence string
}

// Guardrail is a guardrail activation: what was attempted, the guardrail,
// and the alternative taken.
type Guardrail struct {
	Name        string
	Attempted   string
	Alternative string
}

// Entry is one entry of a trail.
type Entry struct {
	Seq           uint64
	StepID        string
	Kind          StepKind
	PolicyName    string
	PolicyVersion string
	PlanHash      string
	CaseID        string // from the entry's JSON
	Sentence      string
	Line          int
	Label         string // from the entry's JSON
	Output        string // the value as JSON: `"72400.00"`, `true`, `null` when missing
	Display       string // the value as the explanation writes it (from the entry's JSON)
	Reason        string // checks and actions: why, in English
	Error         string // the step's failure, if any (from the entry's JSON)
	StartedAt     int64
	EndedAt       int64
	Tokens        uint64
	Inputs        []Input
	Guardrails    []Guardrail
	Hash          string
	PrevHash      string
	JSON          string // the entry's JSON Lines line, without the newline
}

// Entries lists the trail's entries in order.
func (t *Trail) Entries() ([]Entry, error) {
	var es []Entry
	err := t.with(func(ct *C.policy_trail) error {
		var it *C.policy_trail_iter
		if err := statusError(C.policy_trail_iter_new(ct, &it), "reading the trail"); err != nil {
			return err
		}
		defer C.policy_trail_iter_free(it)
		for C.policy_trail_iter_next(it) != 0 {
			es = append(es, entryOf(it))
		}
		return nil
	})
	return es, err
}

func entryOf(it *C.policy_trail_iter) Entry {
	e := Entry{
		Seq:           uint64(C.policy_trail_iter_seq(it)),
		StepID:        C.GoString(C.policy_trail_iter_step_id(it)),
		Kind:          StepKind(C.policy_trail_iter_kind(it)),
		PolicyName:    C.GoString(C.policy_trail_iter_policy_name(it)),
		PolicyVersion: C.GoString(C.policy_trail_iter_policy_version(it)),
		PlanHash:      C.GoString(C.policy_trail_iter_plan_hash(it)),
		Sentence:      C.GoString(C.policy_trail_iter_sentence(it)),
		Line:          int(C.policy_trail_iter_line(it)),
		Output:        C.GoString(C.policy_trail_iter_output_json(it)),
		Reason:        C.GoString(C.policy_trail_iter_reason(it)),
		StartedAt:     int64(C.policy_trail_iter_started_at(it)),
		EndedAt:       int64(C.policy_trail_iter_ended_at(it)),
		Tokens:        uint64(C.policy_trail_iter_tokens(it)),
		Hash:          C.GoString(C.policy_trail_iter_hash(it)),
		PrevHash:      C.GoString(C.policy_trail_iter_prev_hash(it)),
		JSON:          C.GoString(C.policy_trail_iter_json(it)),
	}
	n := int(C.policy_trail_iter_input_count(it))
	e.Inputs = make([]Input, n)
	for i := range e.Inputs {
		ci := C.size_t(i)
		e.Inputs[i] = Input{
			Name:     C.GoString(C.policy_trail_iter_input_name(it, ci)),
			Value:    C.GoString(C.policy_trail_iter_input_value(it, ci)),
			Evidence: C.GoString(C.policy_trail_iter_input_evidence_json(it, ci)),
		}
	}
	n = int(C.policy_trail_iter_guardrail_count(it))
	e.Guardrails = make([]Guardrail, n)
	for i := range e.Guardrails {
		ci := C.size_t(i)
		e.Guardrails[i] = Guardrail{
			Name:        C.GoString(C.policy_trail_iter_guardrail_name(it, ci)),
			Attempted:   C.GoString(C.policy_trail_iter_guardrail_attempted(it, ci)),
			Alternative: C.GoString(C.policy_trail_iter_guardrail_alternative(it, ci)),
		}
	}
	// The C iterator has no accessors for these; the entry's JSON has them.
	var extra struct {
		Case    *string `json:"case"`
		Label   *string `json:"label"`
		Display *string `json:"display"`
		Error   *string `json:"error"`
	}
	if json.Unmarshal([]byte(e.JSON), &extra) == nil {
		e.CaseID = deref(extra.Case)
		e.Label = deref(extra.Label)
		e.Display = deref(extra.Display)
		e.Error = deref(extra.Error)
	}
	return e
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
