package policy_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"libpolicy.dev/policy"
)

// BenchmarkClaims is ../shared/bench/run-peers' libpolicy row through the
// Go binding (bench/README.md): the claims-intake policy of the shared
// corpus compiled once; each decision's extract and lookup tasks answered
// by Go callbacks from the input (pre-extracted, like the other engines);
// the full hash-chained why-trail kept. Benchmarks are not run by the test
// suite:
//
//	cd bindings/go && go test -run '^$' -bench Claims -benchtime 20000x
func BenchmarkClaims(b *testing.B) {
	root := sourceRoot(b)
	text := string(readFile(b, filepath.Join(root, "..", "shared", "corpus", "dev", "claims_intake", "policy.txt")))
	plan, err := policy.Compile(text, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer plan.Close()
	iso := func(d int) string { return fmt.Sprintf("%04d-%02d-%02d", d/10000, d/100%100, d%100) }
	const n = 1000
	answers := make([]map[string]string, n)
	for i := range answers {
		value := func(v any) string { j, _ := json.Marshal(map[string]any{"value": v}); return string(j) }
		answers[i] = map[string]string{
			"policy number":          value("P-1"),
			"date of loss":           value(iso(20250101 + (i%12)*100 + i%28)),
			"claimed amount":         value((i * 7919) % 100000),
			"policy effective date":  value(iso(20250601)),
			"policy expiration date": value(iso(20260601)),
		}
	}
	var current map[string]string
	answer := func(r policy.Request) (string, error) { return current[r.Field], nil }
	host, err := policy.NewHost()
	if err != nil {
		b.Fatal(err)
	}
	defer host.Close()
	host.SetExtract(answer)
	host.SetLookup(answer)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		current = answers[i%n]
		x, err := policy.Execute(plan, host, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(x.Actions()) != 1 {
			b.Fatal("no decision")
		}
		x.Close()
	}
}
