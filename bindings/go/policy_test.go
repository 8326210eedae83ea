package policy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"libpolicy.dev/policy"
)

func claimsPolicy(t testing.TB) string {
	return string(readFile(t, filepath.Join(sourceRoot(t), "examples", "claims", "policy.txt")))
}

func compileClaims(t testing.TB) *policy.Plan {
	t.Helper()
	plan, err := policy.Compile(claimsPolicy(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func TestVersion(t *testing.T) {
	if policy.Version() != policy.HeaderVersion {
		t.Fatalf("library %q, header %q", policy.Version(), policy.HeaderVersion)
	}
}

// A misspelt term: the error points at line 13, column 6, and suggests
// the term the policy defines.
func TestCompileErrorLineColumn(t *testing.T) {
	text := strings.Replace(claimsPolicy(t), "the claimed amount exceeds", "the claimed amont exceeds", 1)
	plan, err := policy.Compile(text, &policy.CompileOptions{Filename: "claims.txt"})
	if plan != nil || err == nil {
		t.Fatal("a policy with an unknown term compiled")
	}
	var perr *policy.Error
	if !errors.As(err, &perr) {
		t.Fatalf("error of type %T, want *policy.Error", err)
	}
	if !errors.Is(err, policy.ErrCompile) || perr.Code != policy.ErrCompile {
		t.Errorf("code %v, want POLICY_ERR_COMPILE", perr.Code)
	}
	if perr.Line != 13 || perr.Column != 6 {
		t.Errorf("position %d:%d, want 13:6", perr.Line, perr.Column)
	}
	if perr.Hint != "did you mean 'claimed amount'?" {
		t.Errorf("hint %q", perr.Hint)
	}
	if !strings.Contains(perr.Message, "the claimed amont") {
		t.Errorf("message %q", perr.Message)
	}
	want := "claims.txt:13:6: error: I don't know what 'the claimed amont' is\n" +
		" 13 | - If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n" +
		"    |      ^~~~~~~~~~~~~~~~~\n" +
		"hint: did you mean 'claimed amount'?"
	if !strings.HasPrefix(perr.Rendered, want) {
		t.Errorf("rendered:\n%s\nwant:\n%s", perr.Rendered, want)
	}
	if !strings.HasPrefix(err.Error(), "claims.txt:13:6: ") {
		t.Errorf("Error() = %q", err.Error())
	}
	if len(perr.Diagnostics) == 0 || perr.Diagnostics[0].Line != 13 {
		t.Errorf("diagnostics %+v", perr.Diagnostics)
	}
}

func TestPlanRoundTrip(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	if plan.Name() != "Claims Intake" || plan.PolicyVersion() != "4.2.1" ||
		plan.Effective() != "2026-03-01" || plan.Source() != "Claims Operations Manual, section 4.2" {
		t.Errorf("header %q %q %q %q", plan.Name(), plan.PolicyVersion(), plan.Effective(), plan.Source())
	}
	if len(plan.BodyHash()) != 32 || len(plan.TextHash()) != 32 {
		t.Errorf("hashes %q %q", plan.BodyHash(), plan.TextHash())
	}
	steps := plan.Steps()
	if len(steps) == 0 || steps[0].Kind != policy.StepExtract || steps[0].ID != "extract.policy_number" {
		t.Fatalf("steps %+v", steps)
	}
	if plan.LevelCount() < 2 || plan.EstTokens() != 0 {
		t.Errorf("levels %d, tokens %d", plan.LevelCount(), plan.EstTokens())
	}
	saved, err := plan.Save()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(saved, []byte(`"format": "`+policy.PlanFormat+`"`)) {
		t.Errorf("no format line in the plan")
	}
	loaded, err := policy.LoadPlan(saved, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer loaded.Close()
	again, err := loaded.Save()
	if err != nil {
		t.Fatal(err)
	}
	sameBytes(t, "saved plan", again, saved)
	if loaded.BodyHash() != plan.BodyHash() {
		t.Errorf("body hash changed")
	}
	// Diff compares meaning: a loaded plan equals its source, a new
	// threshold is a change.
	var diff struct {
		Equal   bool `json:"equal"`
		Changes []struct {
			Kind string `json:"kind"`
			Old  string `json:"old"`
			New  string `json:"new"`
		} `json:"changes"`
	}
	d, err := policy.Diff(plan, loaded)
	if err != nil || json.Unmarshal(d, &diff) != nil || !diff.Equal {
		t.Errorf("diff of a plan and its reload: %v %s", err, d)
	}
	raised, err := policy.Compile(strings.Replace(claimsPolicy(t), "$50,000", "$60,000", 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer raised.Close()
	d, _ = policy.Diff(plan, raised)
	found := false
	if json.Unmarshal(d, &diff) == nil && !diff.Equal {
		for _, c := range diff.Changes {
			found = found || (c.Kind == "threshold" && c.New == "60000.00")
		}
	}
	if !found {
		t.Errorf("diff of a raised threshold: %s", d)
	}
	inspect, err := loaded.Inspect()
	if err != nil || !strings.Contains(inspect, "Claims Intake") {
		t.Errorf("inspect: %v\n%s", err, inspect)
	}
}

func TestTamperedPlanRejected(t *testing.T) {
	plan := compileClaims(t)
	saved, err := plan.Save()
	plan.Close()
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.ReplaceAll(saved, []byte("senior adjuster review"), []byte("junior adjuster review"))
	p, err := policy.LoadPlan(tampered, &policy.LoadOptions{Filename: "plan.json"})
	if p != nil || !errors.Is(err, policy.ErrHash) {
		t.Fatalf("tampered plan: %v", err)
	}
	var perr *policy.Error
	errors.As(err, &perr)
	if perr.Line == 0 || !strings.Contains(perr.Message, "hash") {
		t.Errorf("error %+v", perr)
	}
	if !strings.Contains(perr.Rendered, "plan.json:") {
		t.Errorf("rendered %q", perr.Rendered)
	}
	if _, err := policy.LoadPlan([]byte(`{"format": "libpolicy-plan/1"}`), nil); !errors.Is(err, policy.ErrPlan) {
		t.Errorf("malformed plan: %v", err)
	}
}

// The claims demo: the three cases of examples/claims.
func TestClaimsExample(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	want := map[string]string{
		"large_claim":   "escalate to senior adjuster review",
		"small_claim":   "route the claim to standard processing",
		"lapsed_policy": "deny the claim",
	}
	for name, action := range want {
		dir := filepath.Join(sourceRoot(t), "examples", "claims", "cases", name)
		c, err := policy.NewCase()
		if err != nil {
			t.Fatal(err)
		}
		c.SetID(name)
		c.AddDocument("claim form", string(readFile(t, filepath.Join(dir, "claim_form.txt"))))
		facts, _ := orderedFacts(readFile(t, filepath.Join(dir, "facts.json")))
		for _, f := range facts {
			c.AddFact(f[0], f[1])
		}
		x, err := policy.Execute(plan, nil, c, nil)
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		if x.Outcome() != policy.OutcomeComplete {
			t.Errorf("%s: outcome %v: %s", name, x.Outcome(), x.Failure())
		}
		acts := x.Actions()
		if len(acts) != 1 || acts[0].Text != action {
			t.Errorf("%s: actions %+v, want %q", name, acts, action)
		}
		if err := x.Trail().Verify(plan); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		explain, err := x.Trail().Explain()
		if err != nil || !strings.Contains(explain, "case "+name) {
			t.Errorf("%s: explain %v\n%s", name, err, explain)
		}
		x.Close()
	}
}

// claimsHost answers the claims policy from Go: the form fields, the
// policy administration system, and a clock that ticks.
type claimsHost struct {
	mu       sync.Mutex
	seen     []policy.Request
	calls    int32
	clock    int64
	amount   string
	barrier  *barrier
	panicFor string
	failFor  string
}

func (h *claimsHost) extract(r policy.Request) (string, error) {
	atomic.AddInt32(&h.calls, 1)
	h.mu.Lock()
	h.seen = append(h.seen, r)
	h.mu.Unlock()
	if h.barrier != nil {
		h.barrier.wait()
	}
	if r.Field == h.panicFor {
		panic("the extractor fell over on " + r.Field)
	}
	if r.Field == h.failFor {
		return "", fmt.Errorf("scanner offline for %s", r.Field)
	}
	values := map[string]string{
		"policy number":  "HO-1",
		"date of loss":   "March 3, 2026",
		"claimed amount": h.amount,
	}
	v, ok := values[r.Field]
	if !ok {
		return `{"missing": "no such field"}`, nil
	}
	return fmt.Sprintf(`{"value": %q, "evidence": {"document": "claim form", "page": 1, "line": 3}}`, v), nil
}

func (h *claimsHost) lookup(r policy.Request) (string, error) {
	atomic.AddInt32(&h.calls, 1)
	h.mu.Lock()
	h.seen = append(h.seen, r)
	h.mu.Unlock()
	switch r.Field {
	case "policy effective date":
		return `{"value": "2025-06-01", "source": "PAS v7"}`, nil
	case "policy expiration date":
		return `{"value": "2026-06-01", "source": "PAS v7"}`, nil
	}
	return `{"missing": "unknown fact"}`, nil
}

func (h *claimsHost) now() int64 {
	h.clock += 5
	return 1767225600000 + h.clock
}

func (h *claimsHost) host(t testing.TB) *policy.Host {
	host, err := policy.NewHost()
	if err != nil {
		t.Fatal(err)
	}
	host.SetExtract(h.extract)
	host.SetLookup(h.lookup)
	host.SetNow(h.now)
	return host
}

func TestCallbacks(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	h := &claimsHost{amount: "$72,400.00"}
	host := h.host(t)
	defer host.Close()
	c, _ := policy.NewCase()
	defer c.Close()
	c.SetID("CL-1")
	x, err := policy.Execute(plan, host, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if x.Outcome() != policy.OutcomeComplete || len(x.Actions()) != 1 ||
		x.Actions()[0].Verb != "escalate" || x.Actions()[0].Object != "to senior adjuster review" {
		t.Fatalf("outcome %v %+v %s", x.Outcome(), x.Actions(), x.Failure())
	}
	if h.calls != 5 {
		t.Errorf("%d callback calls, want 5", h.calls)
	}
	first := h.seen[0]
	if first.Kind != policy.StepExtract || first.Step != "extract.policy_number" ||
		first.Field != "policy number" || first.Document != "insurance claim" ||
		first.Type != policy.TypeText || !strings.Contains(first.JSON, `"case":"CL-1"`) {
		t.Errorf("extract request %+v", first)
	}
	last := h.seen[4]
	if last.Kind != policy.StepLookup || last.Field != "policy expiration date" ||
		last.Type != policy.TypeDate || !strings.Contains(last.JSON, `"keys":{"policy number":"HO-1"}`) {
		t.Errorf("lookup request %+v", last)
	}
	entries, err := x.Trail().Entries()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != x.Trail().Len() || len(entries) == 0 {
		t.Fatalf("%d entries, Len %d", len(entries), x.Trail().Len())
	}
	e := entries[2]
	if e.StepID != "extract.claimed_amount" || e.Output != `"72400.00"` || e.CaseID != "CL-1" ||
		e.StartedAt < 1767225600000 || e.EndedAt <= e.StartedAt || e.PrevHash != entries[1].Hash {
		t.Errorf("entry %+v", e)
	}
	for _, e := range entries {
		if e.Kind == policy.StepAction && e.Output == "true" && e.Reason == "" {
			t.Errorf("action without a reason: %+v", e)
		}
	}
}

// A callback's error fails its step with the error's text; the decision
// fails because it needs the value.
func TestCallbackError(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	h := &claimsHost{amount: "$72,400.00", failFor: "claimed amount"}
	host := h.host(t)
	defer host.Close()
	x, err := policy.Execute(plan, host, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if x.Outcome() != policy.OutcomeFailed || !strings.Contains(x.Failure(), "scanner offline for claimed amount") {
		t.Errorf("outcome %v: %s", x.Outcome(), x.Failure())
	}
	entries, _ := x.Trail().Entries()
	if entries[2].Error != "scanner offline for claimed amount" {
		t.Errorf("entry %+v", entries[2])
	}
}

// A panicking callback is a clean step failure with the panic's message,
// on the calling thread and on worker threads alike.
func TestPanickingCallback(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	for _, threads := range []int{1, 4} {
		h := &claimsHost{amount: "$72,400.00", panicFor: "claimed amount"}
		host := h.host(t)
		x, err := policy.Execute(plan, host, nil, &policy.ExecOptions{Threads: threads})
		host.Close()
		if err != nil {
			t.Fatal(err)
		}
		if x.Outcome() != policy.OutcomeFailed ||
			!strings.Contains(x.Failure(), "the extractor fell over on claimed amount") {
			t.Errorf("threads %d: outcome %v: %s", threads, x.Outcome(), x.Failure())
		}
		entries, _ := x.Trail().Entries()
		if !strings.Contains(entries[2].Error, "panicked: the extractor fell over on claimed amount") {
			t.Errorf("threads %d: entry error %q", threads, entries[2].Error)
		}
		x.Close()
	}
	// A panicking clock reads 0.
	host, _ := policy.NewHost()
	host.SetNow(func() int64 { panic("no clock") })
	x, err := policy.Execute(plan, host, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := x.Trail().Entries()
	if entries[0].StartedAt != 0 {
		t.Errorf("started at %d", entries[0].StartedAt)
	}
	x.Close()
	host.Close()
}

// barrier blocks until n callers arrive, or gives up after a timeout.
type barrier struct {
	mu      sync.Mutex
	n       int
	arrived int
	all     chan struct{}
	met     bool
}

func newBarrier(n int) *barrier { return &barrier{n: n, all: make(chan struct{})} }

func (b *barrier) wait() {
	b.mu.Lock()
	b.arrived++
	if b.arrived == b.n {
		b.met = true
		close(b.all)
	}
	b.mu.Unlock()
	select {
	case <-b.all:
	case <-time.After(2 * time.Second):
	}
}

// With four worker threads the three extractions of the first level run
// concurrently on C threads, and the trail is the same bytes as with one.
func TestThreadsIdenticalTrail(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	run := func(threads int, b *barrier) outputs {
		h := &claimsHost{amount: "$72,400.00", barrier: b}
		host := h.host(t)
		defer host.Close()
		c, _ := policy.NewCase()
		defer c.Close()
		c.SetID("CL-9")
		x, err := policy.Execute(plan, host, c, &policy.ExecOptions{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		return outputsOf(t, x)
	}
	one := run(1, nil)
	b := newBarrier(3)
	four := run(4, b)
	if !b.met {
		t.Error("the extract callbacks did not run concurrently with threads=4")
	}
	sameBytes(t, "trail (threads 4 vs 1)", four.trail, one.trail)
	sameBytes(t, "decision (threads 4 vs 1)", four.decision, one.decision)

	// Every shared vector, built-in answers on four threads.
	for _, dir := range vectorDirs(t) {
		got := runVector(t, dir, nil, &policy.ExecOptions{Threads: 4})
		sameBytes(t, filepath.Base(dir)+" trail", got.trail, readFile(t, filepath.Join(dir, "trail.jsonl")))
	}
}

// Many goroutines share one plan and one host, each execution on threads.
func TestConcurrentExecutions(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	h := &claimsHost{amount: "$12.00"}
	host, _ := policy.NewHost()
	defer host.Close()
	host.SetExtract(h.extract)
	host.SetLookup(h.lookup)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x, err := policy.Execute(plan, host, nil, &policy.ExecOptions{Threads: 3})
			if err != nil {
				errs <- err
				return
			}
			defer x.Close()
			if a := x.Actions(); len(a) != 1 || a[0].Text != "route the claim to standard processing" {
				errs <- fmt.Errorf("actions %+v: %s", a, x.Failure())
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// The sans-I/O loop: tasks of one level performed on goroutines, answers
// from Go, a failure, and misuse reported as errors.
func TestSansIO(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	c, _ := policy.NewCase()
	c.SetID("CL-2")
	var tick int64
	x, err := policy.NewExecution(plan, c, &policy.ExecOptions{Now: func() int64 { tick++; return tick }})
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	h := &claimsHost{amount: "$9,000.00"}
	var done []*policy.Task
	for x.Outcome() == policy.OutcomePending {
		var batch []*policy.Task
		for {
			task, err := x.Next()
			if err != nil {
				t.Fatal(err)
			}
			if task == nil {
				break
			}
			batch = append(batch, task)
		}
		if len(batch) == 0 {
			break
		}
		var wg sync.WaitGroup
		for _, task := range batch {
			wg.Add(1)
			go func(task *policy.Task) {
				defer wg.Done()
				var answer string
				var err error
				if task.Kind == policy.StepExtract {
					answer, err = h.extract(task.Request)
				} else {
					answer, err = h.lookup(task.Request)
				}
				if task.Field == "policy number" {
					err = x.Fail(task, "the form is unreadable")
				} else if err == nil {
					err = x.Complete(task, answer)
				}
				if err != nil {
					t.Error(err)
				}
			}(task)
		}
		wg.Wait()
		done = append(done, batch...)
	}
	if len(done) != 5 {
		t.Errorf("%d tasks, want 5", len(done))
	}
	if err := x.Complete(done[0], `{"value": "x"}`); !errors.Is(err, policy.ErrState) {
		t.Errorf("completing a task twice: %v", err)
	}
	other, _ := policy.NewExecution(plan, nil, nil)
	if err := other.Complete(done[1], `{}`); !errors.Is(err, policy.ErrArgument) {
		t.Errorf("completing another execution's task: %v", err)
	}
	other.Close()
	// The policy number only keys the lookups; the fact system answered
	// anyway, so the decision stands.
	if x.Outcome() != policy.OutcomeComplete || x.Actions()[0].Text != "route the claim to standard processing" {
		t.Errorf("outcome %v %+v %s", x.Outcome(), x.Actions(), x.Failure())
	}
	entries, _ := x.Trail().Entries()
	if entries[0].Error != "the form is unreadable" || entries[0].StartedAt == 0 {
		t.Errorf("entry %+v", entries[0])
	}
}

func TestTrailLoadAndTamper(t *testing.T) {
	dir := vectorDirs(t)[0]
	jsonl := readFile(t, filepath.Join(dir, "trail.jsonl"))
	trail, err := policy.LoadTrail(jsonl, nil)
	if err != nil {
		t.Fatal(err)
	}
	explain, err := trail.Explain()
	if err != nil {
		t.Fatal(err)
	}
	sameBytes(t, "explain of a loaded trail", []byte(explain), readFile(t, filepath.Join(dir, "explain.txt")))
	again, _ := trail.JSONL()
	sameBytes(t, "trail round trip", again, jsonl)

	plan, _ := policy.Compile(claimsPolicy(t), nil)
	defer plan.Close()
	if err := trail.Verify(plan); !errors.Is(err, policy.ErrMismatch) {
		t.Errorf("verify with another plan: %v", err)
	}
	trail.Close()
	trail.Close()

	lines := bytes.SplitN(jsonl, []byte("\n"), 3)
	lines[1] = bytes.Replace(lines[1], []byte(`"seq":2`), []byte(`"seq":2 `), 1)
	lines[1] = bytes.Replace(lines[1], []byte(`"tokens":0`), []byte(`"tokens":1`), 1)
	if _, err := policy.LoadTrail(bytes.Join(lines, []byte("\n")), nil); !errors.Is(err, policy.ErrChain) {
		t.Errorf("tampered trail: %v", err)
	}
	if _, err := policy.LoadTrail([]byte("{not json\n"), nil); !errors.Is(err, policy.ErrTrail) {
		t.Errorf("malformed trail: %v", err)
	}
}

func TestCloseIsIdempotent(t *testing.T) {
	plan := compileClaims(t)
	c, _ := policy.NewCase()
	host, _ := policy.NewHost()
	host.SetExtract(func(policy.Request) (string, error) { return `{"missing": "-"}`, nil })
	x, err := policy.Execute(plan, host, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	trail := x.Trail()
	for i := 0; i < 2; i++ {
		for _, cl := range []interface{ Close() error }{plan, c, host, x, trail} {
			if err := cl.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := plan.Save(); !errors.Is(err, policy.ErrArgument) {
		t.Errorf("save after close: %v", err)
	}
	if err := c.AddFact("a", "1"); err == nil {
		t.Error("adding to a closed case worked")
	}
	if _, err := trail.JSONL(); err == nil {
		t.Error("a closed execution's trail was readable")
	}
	if _, err := policy.Execute(plan, nil, nil, nil); err == nil {
		t.Error("executing a closed plan worked")
	}
}

// Objects left to the garbage collector are released by finalizers,
// callbacks included, and nothing crashes.
func TestFinalizers(t *testing.T) {
	for i := 0; i < 50; i++ {
		plan := compileClaims(t)
		host, _ := policy.NewHost()
		host.SetExtract(func(policy.Request) (string, error) { return `{"missing": "-"}`, nil })
		host.SetNow(func() int64 { return 1 })
		x, err := policy.Execute(plan, host, nil, &policy.ExecOptions{Threads: 2, Now: func() int64 { return 2 }})
		if err != nil {
			t.Fatal(err)
		}
		_ = x.Outcome()
	}
	runtime.GC()
	runtime.GC()
}

// The store and load functions: Execute stores each trail under the case
// id, plans go out and back under NAME@VERSION, and a failing store fails
// the run.
func TestStoreAndLoad(t *testing.T) {
	plan := compileClaims(t)
	defer plan.Close()
	var mu sync.Mutex
	stored := map[string][]byte{}
	host, _ := policy.NewHost()
	defer host.Close()
	if err := host.StorePlan(plan); !errors.Is(err, policy.ErrState) {
		t.Errorf("storing without a store function: %v", err)
	}
	host.SetStore(func(kind, key string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		stored[kind+"/"+key] = append([]byte(nil), data...)
		return nil
	})
	host.SetLoad(func(kind, key string) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		if b, ok := stored[kind+"/"+key]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("%s %q: %w", kind, key, policy.ErrNotFound)
	})
	c, _ := policy.NewCase()
	defer c.Close()
	c.SetID("CL-7")
	x, err := policy.Execute(plan, host, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	jsonl, _ := x.Trail().JSONL()
	x.Close()
	sameBytes(t, "stored trail", stored["trail/CL-7"], jsonl)

	if err := host.StorePlan(plan); err != nil {
		t.Fatal(err)
	}
	saved, _ := plan.Save()
	sameBytes(t, "stored plan", stored["plan/Claims Intake@4.2.1"], saved)
	loaded, err := host.LoadPlan("Claims Intake@4.2.1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.BodyHash() != plan.BodyHash() {
		t.Error("the loaded plan differs")
	}
	loaded.Close()
	if _, err := host.LoadPlan("Nothing@1", nil); !errors.Is(err, policy.ErrNotFound) {
		t.Errorf("loading a missing plan: %v", err)
	}

	host.SetStore(func(string, string, []byte) error { panic("disk full") })
	if _, err := policy.Execute(plan, host, c, nil); !errors.Is(err, policy.ErrCallback) {
		t.Errorf("a store that panics: %v", err)
	}
	host.SetStore(func(string, string, []byte) error { return policy.ErrLimit })
	if _, err := policy.Execute(plan, host, c, nil); !errors.Is(err, policy.ErrCallback) {
		t.Errorf("a store that fails: %v", err)
	}
}
