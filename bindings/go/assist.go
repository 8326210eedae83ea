package policy

// The compile-time assistant (docs/assist.md): a Go function that restates
// the sentences the grammar cannot read. It is called only by Compile,
// never while a plan runs.

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/cgo"
	"unsafe"
)

// AssistTerm is a term the policy names, with its type as far as the
// compiler knows it ("money", "text", "unknown", ...).
type AssistTerm struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// AssistRequest describes one sentence the grammar cannot read.
type AssistRequest struct {
	Entry    string       `json:"entry"`    // the lock entry: hash of the normalized sentence
	Sentence string       `json:"sentence"` // as written
	Line     int          `json:"line"`
	Column   int          `json:"column"`
	Section  string       `json:"section"`  // "4.2 Approvals", or ""
	Policy   string       `json:"policy"`   // the policy's name
	Errors   []string     `json:"errors"`   // what the compiler could not read
	Terms    []AssistTerm `json:"terms"`    // the terms the policy names
	Actions  []string     `json:"actions"`  // the actions the policy names
	Rejected []string     `json:"rejected"` // restatements a person rejected
	Forms    string       `json:"forms"`    // the canonical English, described
	JSON     string       `json:"-"`        // the request as the library wrote it
}

// AssistReply is the assistant's answer: one or more restatements in the
// grammar's canonical English, or a decline saying why.
type AssistReply struct {
	Restatements []string `json:"restatements,omitempty"`
	Model        string   `json:"model,omitempty"`
	Decline      string   `json:"decline,omitempty"`
}

// AssistFunc restates one sentence. An error (or a panic) fails the
// sentence, and the assistant is asked nothing more in that Compile.
type AssistFunc func(req AssistRequest) (AssistReply, error)

// AssistedSentence is a sentence compiled from the assistant's
// restatement; Entry names its lock entry.
type AssistedSentence struct {
	Entry        string
	Line, Column int
	Sentence     string // as written
	Restatement  string // what was compiled in its place
	Steps        []string
}

//export policygoAssist
func policygoAssist(h C.uintptr_t, request *C.char, reply *C.policy_reply) (st C.policy_status) {
	defer func() {
		if r := recover(); r != nil {
			replyError(reply, fmt.Sprintf("the assist callback panicked: %v", r))
			st = C.POLICY_ERR_CALLBACK
		}
	}()
	req := AssistRequest{JSON: C.GoString(request)}
	if err := json.Unmarshal([]byte(req.JSON), &req); err != nil {
		replyError(reply, "the assist request is not JSON: "+err.Error())
		return C.POLICY_ERR_CALLBACK
	}
	ans, err := cgo.Handle(h).Value().(AssistFunc)(req)
	if err != nil {
		replyError(reply, err.Error())
		return C.POLICY_ERR_CALLBACK
	}
	if len(ans.Restatements) == 0 && ans.Decline == "" {
		ans.Decline = "the assistant gave no answer"
	}
	body, err := json.Marshal(ans)
	if err != nil {
		replyError(reply, err.Error())
		return C.POLICY_ERR_CALLBACK
	}
	cb := C.CBytes(body)
	defer C.free(cb)
	return C.policy_reply_set_json(reply, (*C.char)(cb), C.size_t(len(body)))
}

// setAssist puts the assistant and the lock in the compile options; the
// returned function releases them once policy_compile has returned.
func setAssist(co *C.policy_compile_options, o *CompileOptions) func() {
	var handle cgo.Handle
	var lock unsafe.Pointer
	if o.Assist != nil {
		handle = cgo.NewHandle(o.Assist)
		C.policygo_compile_options_set_assist(co, C.uintptr_t(handle))
	}
	if o.AssistLock != nil {
		lock = C.CBytes(o.AssistLock)
		co.assist_lock = (*C.char)(lock)
		co.assist_lock_len = C.size_t(len(o.AssistLock))
	}
	co.max_assisted = C.uint(o.MaxAssisted)
	return func() {
		if handle != 0 {
			handle.Delete()
		}
		C.free(lock)
	}
}

// Assisted lists the sentences compiled from the compile-time assistant's
// restatements, in source order.
func (p *Plan) Assisted() []AssistedSentence {
	if p == nil || p.p == nil {
		return nil
	}
	defer runtime.KeepAlive(p)
	h := p.p
	out := make([]AssistedSentence, int(C.policy_plan_assisted_count(h)))
	for i := range out {
		ci := C.size_t(i)
		a := AssistedSentence{
			Entry:       C.GoString(C.policy_plan_assisted_entry(h, ci)),
			Line:        int(C.policy_plan_assisted_line(h, ci)),
			Column:      int(C.policy_plan_assisted_column(h, ci)),
			Sentence:    C.GoString(C.policy_plan_assisted_sentence(h, ci)),
			Restatement: C.GoString(C.policy_plan_assisted_restatement(h, ci)),
		}
		for j := 0; j < int(C.policy_plan_assisted_step_count(h, ci)); j++ {
			a.Steps = append(a.Steps, C.GoString(C.policy_plan_assisted_step(h, ci, C.size_t(j))))
		}
		out[i] = a
	}
	return out
}
