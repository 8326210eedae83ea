package policy

// The Go side of the trampolines in shim.c. This file's preamble may only
// declare: cgo copies it into _cgo_export.h, which shim.c includes.

/*
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime/cgo"
	"unsafe"
)

//export policygoRelease
func policygoRelease(h C.uintptr_t) {
	if h != 0 {
		cgo.Handle(h).Delete()
	}
}

//export policygoExtract
func policygoExtract(h C.uintptr_t, doc, field *C.char, typ C.policy_type, request *C.char, reply *C.policy_reply) C.policy_status {
	req := Request{Kind: StepExtract, Document: C.GoString(doc), Field: C.GoString(field),
		Type: Type(typ), JSON: C.GoString(request)}
	return perform(h, req, reply)
}

//export policygoLookup
func policygoLookup(h C.uintptr_t, fact, request *C.char, reply *C.policy_reply) C.policy_status {
	req := Request{Kind: StepLookup, Field: C.GoString(fact), JSON: C.GoString(request)}
	return perform(h, req, reply)
}

//export policygoLLM
func policygoLLM(h C.uintptr_t, request *C.char, reply *C.policy_reply) C.policy_status {
	req := Request{Kind: StepLLM, JSON: C.GoString(request)}
	return perform(h, req, reply)
}

//export policygoStore
func policygoStore(h C.uintptr_t, kind, key, data *C.char, n C.size_t) (st C.policy_status) {
	defer func() {
		if recover() != nil {
			st = C.POLICY_ERR_CALLBACK
		}
	}()
	b := C.GoBytes(unsafe.Pointer(data), C.int(n))
	return storageStatus(cgo.Handle(h).Value().(*callback).store(C.GoString(kind), C.GoString(key), b))
}

//export policygoLoad
func policygoLoad(h C.uintptr_t, kind, key *C.char, reply *C.policy_reply) (st C.policy_status) {
	defer func() {
		if r := recover(); r != nil {
			replyError(reply, fmt.Sprintf("the load callback panicked: %v", r))
			st = C.POLICY_ERR_CALLBACK
		}
	}()
	data, err := cgo.Handle(h).Value().(*callback).load(C.GoString(kind), C.GoString(key))
	if err != nil {
		replyError(reply, err.Error())
		return storageStatus(err)
	}
	body := C.CBytes(data)
	defer C.free(body)
	return C.policy_reply_set_json(reply, (*C.char)(body), C.size_t(len(data)))
}

// storageStatus maps a store or load error to a status: a Status (or an
// *Error) keeps its code, ErrNotFound included; any other error is
// POLICY_ERR_CALLBACK.
func storageStatus(err error) C.policy_status {
	if err == nil {
		return C.POLICY_OK
	}
	var s Status
	var e *Error
	switch {
	case errors.As(err, &s) && s != OK:
		return C.policy_status(s)
	case errors.As(err, &e) && e.Code != OK:
		return C.policy_status(e.Code)
	}
	return C.POLICY_ERR_CALLBACK
}

//export policygoNow
func policygoNow(h C.uintptr_t) (ms C.int64_t) {
	defer func() {
		if recover() != nil {
			ms = 0
		}
	}()
	return C.int64_t(cgo.Handle(h).Value().(*callback).now())
}

// perform runs a TaskFunc for libpolicy and puts its answer, error or panic
// in the reply. It may run on any thread, including libpolicy's workers.
func perform(h C.uintptr_t, req Request, reply *C.policy_reply) (st C.policy_status) {
	defer func() {
		if r := recover(); r != nil {
			replyError(reply, fmt.Sprintf("the %s callback panicked: %v", req.Kind, r))
			st = C.POLICY_ERR_CALLBACK
		}
	}()
	var typ Type
	req.Step, typ = parseRequest(req.JSON)
	if req.Kind != StepExtract {
		req.Type = typ
	}
	answer, err := cgo.Handle(h).Value().(*callback).task(req)
	if err != nil {
		replyError(reply, err.Error())
		return C.POLICY_ERR_CALLBACK
	}
	body, n := cbytes(answer)
	defer C.free(unsafe.Pointer(body))
	return C.policy_reply_set_json(reply, body, n)
}

func replyError(reply *C.policy_reply, message string) {
	if message == "" {
		message = "the callback failed"
	}
	cm := C.CString(message)
	defer C.free(unsafe.Pointer(cm))
	C.policy_reply_set_error(reply, cm)
}
