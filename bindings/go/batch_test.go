package policy_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"libpolicy.dev/policy"
)

// claimsCases are n cases of the claims example, the three folders of
// examples/claims/cases in turn, each with its own id.
func claimsCases(t testing.TB, n int) []*policy.Case {
	t.Helper()
	names := []string{"large_claim", "small_claim", "lapsed_policy"}
	cases := make([]*policy.Case, n)
	for i := range cases {
		dir := filepath.Join(sourceRoot(t), "examples", "claims", "cases", names[i%len(names)])
		c, err := policy.NewCase()
		if err != nil {
			t.Fatal(err)
		}
		c.SetID(fmt.Sprintf("CL-%03d", i))
		c.AddDocument("claim form", string(readFile(t, filepath.Join(dir, "claim_form.txt"))))
		facts, _ := orderedFacts(readFile(t, filepath.Join(dir, "facts.json")))
		for _, f := range facts {
			c.AddFact(f[0], f[1])
		}
		cases[i] = c
	}
	return cases
}

// summary is a decision's status and actions in one line.
func summary(t testing.TB, decision []byte) string {
	t.Helper()
	var d struct {
		Status  string                  `json:"status"`
		Actions []struct{ Text string } `json:"actions"`
	}
	if err := json.Unmarshal(decision, &d); err != nil {
		t.Fatalf("decision %s: %v", decision, err)
	}
	s := d.Status
	for _, a := range d.Actions {
		s += " " + a.Text
	}
	return s
}

func closeAll(cases []*policy.Case) {
	for _, c := range cases {
		c.Close()
	}
}

// oneByOne decides the cases with Execute, one after the other.
func oneByOne(t *testing.T, plan *policy.Plan, host *policy.Host, cases []*policy.Case) []outputs {
	t.Helper()
	want := make([]outputs, len(cases))
	for i, c := range cases {
		x, err := policy.Execute(plan, host, c, nil)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = outputsOf(t, x)
		x.Close()
	}
	return want
}

// sameAsOneByOne checks a batch's results against Execute's, in order:
// decision, trail and explanation, byte for byte.
func sameAsOneByOne(t *testing.T, what string, got []policy.BatchResult, want []outputs) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d results for %d cases", what, len(got), len(want))
	}
	for i, r := range got {
		if r.Err != nil || r.Execution == nil {
			t.Fatalf("%s: case %d: %v", what, i, r.Err)
		}
		o := outputsOf(t, r.Execution)
		r.Execution.Close()
		sameBytes(t, fmt.Sprintf("%s: case %d decision", what, i), o.decision, want[i].decision)
		sameBytes(t, fmt.Sprintf("%s: case %d trail", what, i), o.trail, want[i].trail)
		sameBytes(t, fmt.Sprintf("%s: case %d explanation", what, i), o.explain, want[i].explain)
	}
}

// The built-in extractor and facts: a batch on 1, 2 and 4 threads gives
// what Execute gives case by case, in input order.
func TestExecuteBatchMatchesExecute(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	cases := claimsCases(t, 30)
	defer closeAll(cases)
	want := oneByOne(t, plan, nil, cases)
	actions := map[string]int{}
	for _, w := range want {
		actions[summary(t, w.decision)]++
	}
	if len(actions) != 3 || actions["complete deny the claim"] != 10 {
		t.Fatalf("the cases should take all three actions: %v", actions)
	}
	for _, threads := range []int{0, 1, 2, 4} {
		got, err := policy.ExecuteBatch(plan, nil, cases, &policy.BatchOptions{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		sameAsOneByOne(t, fmt.Sprintf("threads %d", threads), got, want)
	}
	// Threads within each case too.
	got, err := policy.ExecuteBatch(plan, nil, cases,
		&policy.BatchOptions{Threads: 2, Exec: &policy.ExecOptions{Threads: 3}})
	if err != nil {
		t.Fatal(err)
	}
	sameAsOneByOne(t, "2 threads, 3 a case", got, want)
}

// formHost answers the claims policy from Go, by the case id in each
// request: the callbacks run on libpolicy's worker threads, concurrently
// (the race detector watches them in tests/suites/go.sh).
type formHost struct {
	amounts map[string]string
	met     *rendezvous
	mu      sync.Mutex
	calls   int
}

// rendezvous lets callers through once two have been in at the same time,
// or once one has waited a second (then met stays false).
type rendezvous struct {
	mu      sync.Mutex
	waiting int
	met     bool
	open    chan struct{}
}

func newRendezvous() *rendezvous { return &rendezvous{open: make(chan struct{})} }

func (r *rendezvous) wait() {
	r.mu.Lock()
	select {
	case <-r.open:
		r.mu.Unlock()
		return
	default:
	}
	if r.waiting++; r.waiting == 2 {
		r.met = true
		close(r.open)
	}
	r.mu.Unlock()
	select {
	case <-r.open:
	case <-time.After(time.Second):
		r.mu.Lock()
		select {
		case <-r.open:
		default:
			close(r.open)
		}
		r.mu.Unlock()
	}
}

func (h *formHost) answer(r policy.Request) (string, error) {
	var req struct {
		Case string `json:"case"`
	}
	if err := json.Unmarshal([]byte(r.JSON), &req); err != nil {
		return "", err
	}
	h.mu.Lock()
	h.calls++
	h.mu.Unlock()
	if h.met != nil {
		h.met.wait()
	}
	values := map[string]string{
		"policy number":          "HO-1",
		"date of loss":           "March 3, 2026",
		"claimed amount":         h.amounts[req.Case],
		"policy effective date":  "2025-06-01",
		"policy expiration date": "2026-06-01",
	}
	v, ok := values[r.Field]
	switch {
	case !ok || v == "":
		return `{"missing": "not on file for ` + req.Case + `"}`, nil
	case r.Kind == policy.StepLookup:
		return fmt.Sprintf(`{"value": %q, "source": "PAS v7"}`, v), nil
	}
	return fmt.Sprintf(`{"value": %q, "evidence": {"document": "claim form", "page": 1, "line": 3}}`, v), nil
}

func TestExecuteBatchGoCallbacks(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	h := &formHost{amounts: map[string]string{}}
	cases := make([]*policy.Case, 24)
	for i := range cases {
		c, _ := policy.NewCase()
		id := fmt.Sprintf("GO-%02d", i)
		c.SetID(id)
		if i%5 != 4 { // every fifth case has no amount on file: it fails
			h.amounts[id] = fmt.Sprintf("$%d,%03d.00", 10+i*4, i)
		}
		cases[i] = c
	}
	defer closeAll(cases)
	host, err := policy.NewHost()
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	host.SetExtract(h.answer)
	host.SetLookup(h.answer)
	want := oneByOne(t, plan, host, cases)
	for i, w := range map[int]string{0: "complete route the claim to standard processing",
		4: "failed", 23: "complete escalate to senior adjuster review"} {
		if got := summary(t, want[i].decision); got != w {
			t.Fatalf("case %d: %q, want %q", i, got, w)
		}
	}
	h.met = newRendezvous()
	got, err := policy.ExecuteBatch(plan, host, cases, &policy.BatchOptions{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !h.met.met {
		t.Error("no two cases' callbacks ran at the same time on 2 threads")
	}
	if h.calls != 2*5*len(cases) {
		t.Errorf("%d callback calls, want %d", h.calls, 2*5*len(cases))
	}
	sameAsOneByOne(t, "Go callbacks on 2 threads", got, want)
}

// A case that cannot be run is its own error; the others are decided.
// Bad calls fail as a whole.
func TestExecuteBatchErrors(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	cases := claimsCases(t, 3)
	defer closeAll(cases)
	cases[1].AddDocument("claim form", strings.Repeat("x", 5000))
	got, err := policy.ExecuteBatch(plan, nil, cases,
		&policy.BatchOptions{Threads: 2, Exec: &policy.ExecOptions{MaxDocumentBytes: 4096}})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Err != nil || got[2].Err != nil || got[1].Execution != nil {
		t.Fatalf("results %+v", got)
	}
	var perr *policy.Error
	if !errors.Is(got[1].Err, policy.ErrLimit) || !errors.As(got[1].Err, &perr) {
		t.Errorf("case 1: %v, want ErrLimit", got[1].Err)
	}
	if a := got[0].Execution.Actions(); len(a) != 1 || a[0].Text != "escalate to senior adjuster review" {
		t.Errorf("case 0: %+v", a)
	}
	if a := got[2].Execution.Actions(); len(a) != 1 || a[0].Text != "deny the claim" {
		t.Errorf("case 2: %+v", a)
	}
	got[0].Execution.Close()
	got[2].Execution.Close()

	if r, err := policy.ExecuteBatch(plan, nil, nil, nil); err != nil || len(r) != 0 {
		t.Errorf("empty batch: %v %v", r, err)
	}
	if _, err := policy.ExecuteBatch(plan, nil, cases, &policy.BatchOptions{Threads: -1}); !errors.Is(err, policy.ErrArgument) {
		t.Errorf("negative threads: %v", err)
	}
	closed, _ := policy.NewCase()
	closed.Close()
	if _, err := policy.ExecuteBatch(plan, nil, []*policy.Case{cases[0], closed}, nil); !errors.Is(err, policy.ErrArgument) {
		t.Errorf("a closed case: %v", err)
	}
	host, _ := policy.NewHost()
	host.Close()
	if _, err := policy.ExecuteBatch(plan, host, cases, nil); !errors.Is(err, policy.ErrArgument) {
		t.Errorf("a closed host: %v", err)
	}
	plan2 := compileClaims(t)
	plan2.Close()
	if _, err := policy.ExecuteBatch(plan2, nil, cases, nil); !errors.Is(err, policy.ErrArgument) {
		t.Errorf("a closed plan: %v", err)
	}
}

// The options' clock serves every case, from the worker threads: a fixed
// reading gives each case the trail Execute gives it with that clock.
func TestExecuteBatchClock(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	cases := claimsCases(t, 6)
	defer closeAll(cases)
	var calls int64
	var mu sync.Mutex
	opts := &policy.ExecOptions{Now: func() int64 {
		mu.Lock()
		calls++
		mu.Unlock()
		return 1767225600000
	}}
	want := make([]outputs, len(cases))
	for i, c := range cases {
		x, err := policy.Execute(plan, nil, c, opts)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = outputsOf(t, x)
		x.Close()
	}
	alone := calls
	got, err := policy.ExecuteBatch(plan, nil, cases, &policy.BatchOptions{Threads: 2, Exec: opts})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2*alone || alone == 0 {
		t.Errorf("the clock was read %d times in the batch, %d alone", calls-alone, alone)
	}
	if !strings.Contains(string(want[0].trail), "1767225600000") {
		t.Fatalf("the trail does not show the clock: %s", want[0].trail)
	}
	sameAsOneByOne(t, "a fixed clock on 2 threads", got, want)
}
