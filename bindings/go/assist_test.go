package policy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"libpolicy.dev/policy"
)

const assistClaims = `Policy: Claims Intake
Version: 4.2.1
Effective: March 1, 2026

When a new insurance claim arrives, extract the claimed amount and the loss type.
If the claimed amount exceeds $50,000, escalate the claim to senior adjuster review.
Otherwise, route the claim to standard processing.
A loss type of theft sends the claim straight on to the special investigations unit.
Claims whose loss type is fire go off to the fire marshal for a look.
`

const (
	assistTheft = "A loss type of theft sends the claim straight on to the special investigations unit."
	assistFire  = "Claims whose loss type is fire go off to the fire marshal for a look."
)

func scriptedAssistant(asked *[]policy.AssistRequest) policy.AssistFunc {
	return func(req policy.AssistRequest) (policy.AssistReply, error) {
		*asked = append(*asked, req)
		switch req.Sentence {
		case assistTheft:
			return policy.AssistReply{Restatements: []string{
				"If the loss type is theft, route the claim to the special investigations unit."},
				Model: "test-7b"}, nil
		case assistFire:
			return policy.AssistReply{Restatements: []string{
				"If the loss type is fire, route the claim to the fire marshal."}}, nil
		}
		return policy.AssistReply{Decline: "not in the table"}, nil
	}
}

func TestAssistRestatesAndRecords(t *testing.T) {
	var asked []policy.AssistRequest
	plan, err := policy.Compile(assistClaims, &policy.CompileOptions{Assist: scriptedAssistant(&asked)})
	if err != nil {
		t.Fatal(err)
	}
	defer plan.Close()
	if len(asked) != 2 || asked[0].Sentence != assistTheft || asked[0].Line != 8 ||
		len(asked[0].Entry) != 32 || asked[0].Forms == "" || !strings.Contains(asked[0].JSON, `"terms"`) {
		t.Fatalf("asked: %+v", asked)
	}
	a := plan.Assisted()
	if len(a) != 2 || a[1].Sentence != assistFire || a[1].Line != 9 ||
		a[1].Restatement != "If the loss type is fire, route the claim to the fire marshal." ||
		len(a[1].Steps) != 1 || a[1].Steps[0] != "action.route_the_claim_to_the_fire_marshal" {
		t.Fatalf("assisted: %+v", a)
	}
	want, _ := plan.Save()
	// the lock a host writes, reused without the assistant: the same bytes
	type entry struct {
		Entry       string `json:"entry"`
		Sentence    string `json:"sentence"`
		Restatement string `json:"restatement"`
	}
	lock := struct {
		Format  string  `json:"format"`
		Entries []entry `json:"entries"`
	}{Format: "libpolicy-assist-lock/1"}
	for _, s := range a {
		lock.Entries = append(lock.Entries, entry{s.Entry, s.Sentence, s.Restatement})
	}
	lockJSON, _ := json.Marshal(lock)
	again, err := policy.Compile(assistClaims, &policy.CompileOptions{AssistLock: lockJSON})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	got, _ := again.Save()
	if !bytes.Equal(want, got) {
		t.Fatal("the plan compiled from the lock differs")
	}
}

func TestAssistUnfaithfulAndFailing(t *testing.T) {
	_, err := policy.Compile(assistClaims, &policy.CompileOptions{
		Assist: func(req policy.AssistRequest) (policy.AssistReply, error) {
			return policy.AssistReply{Restatements: []string{
				"If the loss type is fire and the claimed amount exceeds $75,000, route the claim to the fire marshal."}}, nil
		}})
	var e *policy.Error
	if !errors.As(err, &e) || e.Code != policy.ErrCompile ||
		!strings.Contains(e.Rendered, "is not faithful: it adds the amount '$75,000'") ||
		!strings.Contains(e.Rendered, assistFire) {
		t.Fatalf("err: %v", err)
	}
	calls := 0
	_, err = policy.Compile(assistClaims, &policy.CompileOptions{
		Assist: func(req policy.AssistRequest) (policy.AssistReply, error) {
			calls++
			panic("model server on fire")
		}})
	if !errors.As(err, &e) || calls != 1 ||
		!strings.Contains(e.Rendered, "the assistant failed on this sentence: the assist callback panicked: model server on fire") {
		t.Fatalf("calls %d, err: %v", calls, err)
	}
}
