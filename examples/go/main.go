// The claims demo in Go: compile examples/claims/policy.txt, decide the
// three claims in examples/claims/cases, and explain each decision.
//
//	cd examples/go
//	PKG_CONFIG_PATH=../../build/meson-uninstalled LD_LIBRARY_PATH=../../build/lib \
//	GOFLAGS=-mod=mod GOPROXY=off go run . [-claims ../claims]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"libpolicy.dev/policy"
)

func main() {
	dir := flag.String("claims", "../claims", "the claims demo folder (policy.txt, cases/)")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "claims:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	text, err := os.ReadFile(filepath.Join(dir, "policy.txt"))
	if err != nil {
		return err
	}
	plan, err := policy.Compile(string(text), &policy.CompileOptions{Filename: "policy.txt"})
	if err != nil {
		if perr, ok := err.(*policy.Error); ok && perr.Rendered != "" {
			return fmt.Errorf("the policy has errors:\n%s", perr.Rendered)
		}
		return err
	}
	defer plan.Close()
	fmt.Printf("libpolicy %s: compiled %s %s (plan %s), %d steps in %d levels\n",
		policy.Version(), plan.Name(), plan.PolicyVersion(), plan.BodyHash()[:12],
		len(plan.Steps()), plan.LevelCount())

	for _, name := range []string{"large_claim", "small_claim", "lapsed_policy"} {
		if err := decide(plan, filepath.Join(dir, "cases", name)); err != nil {
			return err
		}
	}
	return nil
}

// decide runs one case folder: claim_form.txt and facts.json.
func decide(plan *policy.Plan, dir string) error {
	c, err := policy.NewCase()
	if err != nil {
		return err
	}
	defer c.Close()
	name := filepath.Base(dir)
	if err := c.SetID(name); err != nil {
		return err
	}
	form, err := os.ReadFile(filepath.Join(dir, "claim_form.txt"))
	if err != nil {
		return err
	}
	if err := c.AddDocument("claim form", string(form)); err != nil {
		return err
	}
	if err := addFacts(c, filepath.Join(dir, "facts.json")); err != nil {
		return err
	}

	x, err := policy.Execute(plan, nil, c, nil)
	if err != nil {
		return err
	}
	defer x.Close()
	fmt.Printf("\n== %s\n", name)
	if x.Outcome() == policy.OutcomeFailed {
		fmt.Printf("Decision: failed\n  %s\n", x.Failure())
	} else {
		fmt.Println("Decision: complete")
		for _, a := range x.Actions() {
			fmt.Printf("  - %s\n", a.Text)
		}
		for _, f := range x.FailedChecks() {
			fmt.Printf("  failed check: %s\n    %s\n", f.Text, f.Reason)
		}
	}
	explanation, err := x.Trail().Explain()
	if err != nil {
		return err
	}
	fmt.Printf("\n%s", explanation)
	return x.Trail().Verify(plan)
}

// addFacts adds a flat JSON object {"fact name": value} in file order.
func addFacts(c *policy.Case, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("%s: facts must be a JSON object", path)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, value); err != nil {
			return err
		}
		if err := c.AddFact(tok.(string), compact.String()); err != nil {
			return err
		}
	}
	return nil
}
