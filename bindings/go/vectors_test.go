package policy_test

// The shared test vectors (tests/vectors/README.md): every binding compiles
// policy.txt, makes a case whose id is the folder's name, adds the
// documents in file-name order and the facts in file order, executes with
// no host callbacks, a clock that reads 0 and one thread, and compares
// the decision, the trail and the explanation byte for byte.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"libpolicy.dev/policy"
)

// sourceRoot is the libpolicy checkout (POLICY_SOURCE_ROOT, or two levels up).
func sourceRoot(t testing.TB) string {
	if r := os.Getenv("POLICY_SOURCE_ROOT"); r != "" {
		return r
	}
	r, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var copyNumber = regexp.MustCompile(`\.[0-9]+$`)

// docType names a document file's type: "deposit_slip.2.txt" -> "deposit slip".
func docType(name string) string {
	name = strings.TrimSuffix(name, ".txt")
	name = copyNumber.ReplaceAllString(name, "")
	return strings.ReplaceAll(name, "_", " ")
}

// orderedFacts reads a flat JSON object into (name, compact JSON) pairs in
// file order.
func orderedFacts(data []byte) ([][2]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("facts must be a JSON object")
	}
	var out [][2]string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := tok.(string)
		var v interface{}
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
		out = append(out, [2]string{name, strings.TrimSuffix(b.String(), "\n")})
	}
	return out, nil
}

// vectorCase builds the case of a vector folder.
func vectorCase(t testing.TB, dir string) *policy.Case {
	t.Helper()
	c, err := policy.NewCase()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetID(filepath.Base(dir)); err != nil {
		t.Fatal(err)
	}
	docs, err := os.ReadDir(filepath.Join(dir, "docs")) // sorted by name, byte order
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		text := readFile(t, filepath.Join(dir, "docs", d.Name()))
		if err := c.AddDocument(docType(d.Name()), string(text)); err != nil {
			t.Fatal(err)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, "facts.json")); err == nil {
		facts, err := orderedFacts(data)
		if err != nil {
			t.Fatalf("%s/facts.json: %v", dir, err)
		}
		for _, f := range facts {
			if err := c.AddFact(f[0], f[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	return c
}

type outputs struct{ decision, trail, explain []byte }

func outputsOf(t testing.TB, x *policy.Execution) outputs {
	t.Helper()
	d, err := x.DecisionJSON()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := x.Trail().JSONL()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := x.Trail().Explain()
	if err != nil {
		t.Fatal(err)
	}
	return outputs{d, tr, []byte(ex)}
}

func runVector(t testing.TB, dir string, host *policy.Host, opts *policy.ExecOptions) outputs {
	t.Helper()
	plan, err := policy.Compile(string(readFile(t, filepath.Join(dir, "policy.txt"))),
		&policy.CompileOptions{Filename: "policy.txt"})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	defer plan.Close()
	c := vectorCase(t, dir)
	defer c.Close()
	x, err := policy.Execute(plan, host, c, opts)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	defer x.Close()
	return outputsOf(t, x)
}

func vectorDirs(t testing.TB) []string {
	dirs, err := filepath.Glob(filepath.Join(sourceRoot(t), "tests", "vectors", "*", "policy.txt"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no vectors found under %s/tests/vectors", sourceRoot(t))
	}
	for i := range dirs {
		dirs[i] = filepath.Dir(dirs[i])
	}
	return dirs
}

func sameBytes(t testing.TB, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs\n--- got\n%s\n--- want\n%s", what, got, want)
	}
}

func TestVectors(t *testing.T) {
	for _, dir := range vectorDirs(t) {
		dir := dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got := runVector(t, dir, nil, nil)
			sameBytes(t, "expect.json", got.decision, readFile(t, filepath.Join(dir, "expect.json")))
			sameBytes(t, "trail.jsonl", got.trail, readFile(t, filepath.Join(dir, "trail.jsonl")))
			sameBytes(t, "explain.txt", got.explain, readFile(t, filepath.Join(dir, "explain.txt")))
		})
	}
}

// The same vectors through the sans-I/O loop, with the built-in answers.
func TestVectorsSansIO(t *testing.T) {
	for _, dir := range vectorDirs(t) {
		dir := dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			plan, err := policy.Compile(string(readFile(t, filepath.Join(dir, "policy.txt"))), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer plan.Close()
			c := vectorCase(t, dir)
			x, err := policy.NewExecution(plan, c, nil)
			c.Close() // the execution copied what it needs
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			for {
				task, err := x.Next()
				if err != nil {
					t.Fatal(err)
				}
				if task == nil {
					break
				}
				if err := x.CompleteBuiltin(task); err != nil {
					t.Fatal(err)
				}
			}
			if x.Outcome() == policy.OutcomePending {
				t.Fatal("the execution did not finish")
			}
			got := outputsOf(t, x)
			sameBytes(t, "expect.json", got.decision, readFile(t, filepath.Join(dir, "expect.json")))
			sameBytes(t, "trail.jsonl", got.trail, readFile(t, filepath.Join(dir, "trail.jsonl")))
			sameBytes(t, "explain.txt", got.explain, readFile(t, filepath.Join(dir, "explain.txt")))
		})
	}
}

// With a clock that ticks, a host that performs each batch of ready tasks
// and then delivers the answers in plan order (what policy_execute does)
// gets the same timestamps, so the same trail bytes.
func TestSansIOClockMatchesExecute(t *testing.T) {
	for _, dir := range vectorDirs(t) {
		plan, err := policy.Compile(string(readFile(t, filepath.Join(dir, "policy.txt"))), nil)
		if err != nil {
			t.Fatal(err)
		}
		c := vectorCase(t, dir)
		var tick int64
		host, _ := policy.NewHost()
		host.SetNow(func() int64 { tick++; return tick })
		x, err := policy.Execute(plan, host, c, &policy.ExecOptions{Threads: 4})
		host.Close()
		if err != nil {
			t.Fatal(err)
		}
		want, _ := x.Trail().JSONL()
		x.Close()

		tick = 0
		y, err := policy.NewExecution(plan, c, &policy.ExecOptions{Now: func() int64 { tick++; return tick }})
		if err != nil {
			t.Fatal(err)
		}
		for {
			var batch []*policy.Task
			for {
				task, err := y.Next()
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
			for _, task := range batch {
				if err := y.CompleteBuiltin(task); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, _ := y.Trail().JSONL()
		sameBytes(t, filepath.Base(dir)+" trail", got, want)
		y.Close()
		c.Close()
		plan.Close()
	}
}
