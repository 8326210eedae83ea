package policy

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"encoding/json"
	"runtime"
	"runtime/cgo"
	"unsafe"
)

// Request is a task the host performs: an extraction, a lookup or a model
// call. JSON is the full request of docs/host-protocol.md; the other fields
// are taken from it for convenience.
type Request struct {
	Kind     StepKind
	Step     string // the step's id, e.g. "extract.claimed_amount"
	Document string // extract: the document type
	Field    string // extract: the field; lookup: the fact
	Type     Type   // the type of the value wanted
	JSON     string
}

// TaskFunc performs a task and answers with JSON as docs/host-protocol.md
// describes (`{"value": "72400.00", "evidence": {...}}`, `{"missing":
// "..."}`, ...). A non-nil error fails the step with the error's text; so
// does a panic, with the panic's value.
//
// With ExecOptions.Threads > 1 the function runs on libpolicy's worker
// threads, concurrently with the other tasks of its level: it must be safe
// for concurrent use.
type TaskFunc func(Request) (answer string, err error)

// NowFunc is the host's clock in milliseconds since 1970-01-01 UTC. It is
// called on the goroutine that runs Execute, in plan order. A panic reads
// as 0.
type NowFunc func() int64

// Host holds the Go functions through which libpolicy reaches the world.
// A host without functions uses the built-in plain-text extractor and the
// case's facts, fails LLM steps and reads the clock as 0. One host may
// serve any number of executions, one at a time or concurrently, as long
// as it is not changed while they run.
type Host struct {
	h *C.policy_host
}

// StoreFunc persists data under (kind, key): ("trail", case id) after
// each Execute, ("plan", "NAME@VERSION") for StorePlan. A non-nil error
// fails the call that stored.
type StoreFunc func(kind, key string, data []byte) error

// LoadFunc loads what was stored under (kind, key); it returns ErrNotFound
// (or an error wrapping it) when there is none.
type LoadFunc func(kind, key string) ([]byte, error)

type callback struct {
	task  TaskFunc
	now   NowFunc
	store StoreFunc
	load  LoadFunc
}

// NewHost makes a host with no functions.
func NewHost() (*Host, error) {
	var h *C.policy_host
	if err := statusError(C.policy_host_new(nil, &h), "making a host"); err != nil {
		return nil, err
	}
	host := &Host{h: h}
	runtime.SetFinalizer(host, (*Host).Close)
	return host, nil
}

// Close releases the host and the functions it holds. Close is idempotent.
func (h *Host) Close() error {
	if h != nil && h.h != nil {
		C.policy_host_free(h.h) // releases the handles through the destroy notifiers
		h.h = nil
		runtime.SetFinalizer(h, nil)
	}
	return nil
}

func (h *Host) set(cb *callback, set func(*C.policy_host, C.uintptr_t)) {
	if h == nil || h.h == nil {
		return
	}
	defer runtime.KeepAlive(h)
	var handle C.uintptr_t
	if cb != nil {
		handle = C.uintptr_t(cgo.NewHandle(cb))
	}
	set(h.h, handle)
}

func taskCallback(f TaskFunc) *callback {
	if f == nil {
		return nil
	}
	return &callback{task: f}
}

// SetExtract sets (nil: unsets) the function that finds fields in documents.
func (h *Host) SetExtract(f TaskFunc) {
	h.set(taskCallback(f), func(p *C.policy_host, u C.uintptr_t) { C.policygo_host_set_extract(p, u) })
}

// SetLookup sets (nil: unsets) the function that answers facts from
// systems of record.
func (h *Host) SetLookup(f TaskFunc) {
	h.set(taskCallback(f), func(p *C.policy_host, u C.uintptr_t) { C.policygo_host_set_lookup(p, u) })
}

// SetLLM sets (nil: unsets) the function that makes structured model calls.
func (h *Host) SetLLM(f TaskFunc) {
	h.set(taskCallback(f), func(p *C.policy_host, u C.uintptr_t) { C.policygo_host_set_llm(p, u) })
}

// SetNow sets (nil: unsets) the clock.
func (h *Host) SetNow(f NowFunc) {
	var cb *callback
	if f != nil {
		cb = &callback{now: f}
	}
	h.set(cb, func(p *C.policy_host, u C.uintptr_t) { C.policygo_host_set_now(p, u) })
}

// SetStore sets (nil: unsets) the function that persists trails and plans.
// With one, Execute stores every finished trail under ("trail", the case
// id, or the plan's hash when the case has none), and fails if it cannot.
func (h *Host) SetStore(f StoreFunc) {
	var cb *callback
	if f != nil {
		cb = &callback{store: f}
	}
	h.set(cb, func(p *C.policy_host, u C.uintptr_t) { C.policygo_host_set_store(p, u) })
}

// SetLoad sets (nil: unsets) the function that loads what was stored.
func (h *Host) SetLoad(f LoadFunc) {
	var cb *callback
	if f != nil {
		cb = &callback{load: f}
	}
	h.set(cb, func(p *C.policy_host, u C.uintptr_t) { C.policygo_host_set_load(p, u) })
}

// StorePlan saves a plan through the store function under ("plan",
// "NAME@VERSION"); ErrState when the host has no store function.
func (h *Host) StorePlan(plan *Plan) error {
	if h == nil || h.h == nil {
		return &Error{Code: ErrArgument, Message: "the host is closed"}
	}
	p, err := plan.handle()
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(h)
	defer runtime.KeepAlive(plan)
	return statusError(C.policy_host_store_plan(h.h, p), "storing the plan")
}

// LoadPlan loads a plan through the load function ("plan", key) and
// validates it like LoadPlan; ErrNotFound when there is none, ErrState when
// the host has no load function.
func (h *Host) LoadPlan(key string, opts *LoadOptions) (*Plan, error) {
	if h == nil || h.h == nil {
		return nil, &Error{Code: ErrArgument, Message: "the host is closed"}
	}
	defer runtime.KeepAlive(h)
	o := LoadOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Filename == "" {
		o.Filename = key
	}
	lo := loadOptions(&o)
	ck := C.CString(key)
	defer C.free(unsafe.Pointer(ck))
	var p *C.policy_plan
	var cerr *C.policy_error
	if st := C.policy_host_load_plan(h.h, ck, &lo, &p, &cerr); st != C.POLICY_OK {
		if cerr == nil {
			return nil, &Error{Code: Status(st), Message: "loading the plan " + key + ": " + Status(st).String(), Filename: o.Filename}
		}
		return nil, takeError(st, cerr, o.Filename, nil)
	}
	return newPlan(p), nil
}

// parseRequest reads the step id and the type out of a request.
func parseRequest(request string) (step string, typ Type) {
	var r struct {
		Step string `json:"step"`
		Type string `json:"type"`
	}
	_ = json.Unmarshal([]byte(request), &r)
	for t := TypeMoney; t <= TypeEnum; t++ {
		if t.String() == r.Type {
			typ = t
		}
	}
	return r.Step, typ
}
