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

// Case holds the documents and facts of one case. An execution copies what
// it needs, so a case may be closed, changed or reused afterwards.
type Case struct {
	c *C.policy_case
}

// NewCase makes an empty case.
func NewCase() (*Case, error) {
	var c *C.policy_case
	if err := statusError(C.policy_case_new(nil, &c), "making a case"); err != nil {
		return nil, err
	}
	k := &Case{c: c}
	runtime.SetFinalizer(k, (*Case).Close)
	return k, nil
}

// Close releases the case. Close is idempotent.
func (k *Case) Close() error {
	if k != nil && k.c != nil {
		C.policy_case_free(k.c)
		k.c = nil
		runtime.SetFinalizer(k, nil)
	}
	return nil
}

func (k *Case) handle() (*C.policy_case, error) {
	if k == nil || k.c == nil {
		return nil, &Error{Code: ErrArgument, Message: "the case is closed"}
	}
	return k.c, nil
}

// SetID sets the identifier recorded in the trail (e.g. a claim number).
func (k *Case) SetID(id string) error {
	h, err := k.handle()
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(k)
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	return statusError(C.policy_case_set_id(h, cid), "setting the case id")
}

// AddDocument adds a document of a type ("claim form", "appraisal").
// Several documents of one type are numbered in the order added.
func (k *Case) AddDocument(docType, text string) error {
	h, err := k.handle()
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(k)
	ct := C.CString(docType)
	defer C.free(unsafe.Pointer(ct))
	body, n := cbytes(text)
	defer C.free(unsafe.Pointer(body))
	return statusError(C.policy_case_add_document(h, ct, body, n), "adding a document")
}

// AddFact adds a fact for the built-in lookup: name as the policy calls it,
// valueJSON one JSON scalar (`"2025-06-01"`, `680`, `true`).
func (k *Case) AddFact(name, valueJSON string) error {
	h, err := k.handle()
	if err != nil {
		return err
	}
	defer runtime.KeepAlive(k)
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	v, n := cbytes(valueJSON)
	defer C.free(unsafe.Pointer(v))
	return statusError(C.policy_case_add_fact(h, cn, v, n), "adding a fact")
}
