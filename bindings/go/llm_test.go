package policy_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"libpolicy.dev/policy"
)

// The claims policy with model steps (examples/claims/policy-review.txt):
// a judgment over the adjuster notes and a classification, answered from
// the recorded replies of examples/claims/cases/water_damage.
type reviewFixture struct {
	plan    *policy.Plan
	dir     string
	replies map[string]string // step id -> reply JSON
}

func newReview(t *testing.T) *reviewFixture {
	t.Helper()
	claims := filepath.Join(sourceRoot(t), "examples", "claims")
	text := readFile(t, filepath.Join(claims, "policy-review.txt"))
	plan, err := policy.Compile(string(text), &policy.CompileOptions{Filename: "policy-review.txt"})
	if err != nil {
		t.Fatal(err)
	}
	f := &reviewFixture{plan: plan, dir: filepath.Join(claims, "cases", "water_damage"), replies: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(readFile(t, filepath.Join(f.dir, "model-replies.jsonl"))))
	for sc.Scan() {
		var rec struct {
			Step  string          `json:"step"`
			Reply json.RawMessage `json:"reply"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		f.replies[rec.Step] = string(rec.Reply)
	}
	return f
}

func (f *reviewFixture) kase(t *testing.T) *policy.Case {
	c, err := policy.NewCase()
	if err != nil {
		t.Fatal(err)
	}
	c.SetID("water_damage")
	c.AddDocument("claim form", string(readFile(t, filepath.Join(f.dir, "claim_form.txt"))))
	c.AddDocument("adjuster notes", string(readFile(t, filepath.Join(f.dir, "adjuster_notes.txt"))))
	return c
}

func TestLLMCallback(t *testing.T) {
	f := newReview(t)
	defer f.plan.Close()
	if f.plan.EstTokens() == 0 {
		t.Fatal("the review policy has no model steps")
	}
	run := func(threads int, llm policy.TaskFunc) *policy.Execution {
		host, _ := policy.NewHost()
		defer host.Close()
		host.SetLLM(llm)
		c := f.kase(t)
		defer c.Close()
		x, err := policy.Execute(f.plan, host, c, &policy.ExecOptions{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	var mu sync.Mutex
	var seen []policy.Request
	replay := func(r policy.Request) (string, error) {
		mu.Lock()
		seen = append(seen, r)
		mu.Unlock()
		reply, ok := f.replies[r.Step]
		if !ok {
			return "", fmt.Errorf("no recorded reply for %s", r.Step)
		}
		return reply, nil
	}
	one := run(1, replay)
	defer one.Close()
	var texts []string
	for _, a := range one.Actions() {
		texts = append(texts, a.Text)
	}
	want := "escalate to senior adjuster review|route it to the claims committee|request a plumber's report"
	if one.Outcome() != policy.OutcomeComplete || strings.Join(texts, "|") != want {
		t.Fatalf("outcome %v, actions %q: %s", one.Outcome(), texts, one.Failure())
	}
	if one.TokensUsed() != 1880 {
		t.Errorf("tokens used %d, want 1880", one.TokensUsed())
	}
	if len(seen) != 2 || seen[0].Kind != policy.StepLLM || !strings.HasPrefix(seen[0].Step, "llm.") ||
		!strings.Contains(seen[0].JSON, `"schema"`) {
		t.Errorf("requests %+v", seen)
	}
	// Both model steps are in one level: on four threads they run
	// concurrently, and the trail is the same bytes.
	four := run(4, replay)
	defer four.Close()
	a, _ := one.Trail().JSONL()
	b, _ := four.Trail().JSONL()
	sameBytes(t, "trail (threads 4 vs 1)", b, a)

	// A model callback that panics: the step fails with the message and the
	// rest of the decision stands where it can.
	boom := run(4, func(r policy.Request) (string, error) {
		if strings.HasPrefix(r.Step, "llm.claim_classification") {
			panic(fmt.Sprintf("model for %s crashed", r.Step))
		}
		return replay(r)
	})
	defer boom.Close()
	entries, _ := boom.Trail().Entries()
	found := false
	for _, e := range entries {
		if e.StepID == "llm.claim_classification" {
			found = strings.Contains(e.Error, "panicked: model for llm.claim_classification crashed")
		}
	}
	if !found {
		t.Errorf("no failed classification entry in %+v", entries)
	}

	// Without a model the step fails with the library's message.
	none := run(1, nil)
	defer none.Close()
	if none.TokensUsed() != 0 {
		t.Errorf("tokens used without a model: %d", none.TokensUsed())
	}
}
