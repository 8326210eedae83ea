#!/usr/bin/env bash
# policy batch over 10,000 generated claims: the same decisions on 1 and 2
# threads, in input order; a progress bar only on a terminal (under
# `script`, a pty); resuming after a kill -9 halfway with no case lost or
# written twice; bad cases reported in their line without stopping the
# batch; case folders, --trails and --store; model steps through --llm-cmd
# and --llm-replay.
# Usage: tests/suites/batch.sh [BUILD-DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
policy=$build/cli/policy
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "batch.sh: FAIL: $*" >&2; exit 1; }

"$policy" compile "$root/examples/claims/policy.txt" -o "$work/plan.json"
python3 "$root/examples/batch/gen_claims.py" 10000 "$work/cases.jsonl"

# 1 and 2 threads: the same lines, byte for byte, one per case in order.
"$policy" batch "$work/plan.json" --cases "$work/cases.jsonl" --out "$work/one.jsonl" \
	--threads 1 --fixed-clock 0 --json > "$work/one.summary" 2> "$work/one.err"
"$policy" batch "$work/plan.json" --cases "$work/cases.jsonl" --out "$work/two.jsonl" \
	--threads 2 --fixed-clock 0 --json > "$work/two.summary"
cmp -s "$work/one.jsonl" "$work/two.jsonl" || fail "1 and 2 threads decided differently"
# More threads than cores: the writing passes from thread to thread (one
# writes at a time, outside the ordering lock) and the lines stay in order.
"$policy" batch "$work/plan.json" --cases "$work/cases.jsonl" --out "$work/eight.jsonl" \
	--threads 8 --fixed-clock 0 > /dev/null
cmp -s "$work/one.jsonl" "$work/eight.jsonl" || fail "1 and 8 threads decided differently"
[ "$(wc -l < "$work/one.jsonl")" -eq 10000 ] || fail "expected 10000 lines"
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
ids = [json.loads(l)["case"] for l in open(f"{w}/one.jsonl")]
assert ids == [f"CL-{i:06d}" for i in range(10000)], "not in input order"
s = json.load(open(f"{w}/one.summary"))
assert s["cases"] == 10000 and s["skipped"] == 0, s
assert s["by_status"]["complete"] + s["by_status"]["failed"] == 10000, s
assert set(s["by_action"]) == {"deny the claim", "escalate to senior adjuster review",
                               "route the claim to standard processing"}, s
assert 0 < s["p50_ms"] <= s["p99_ms"], s
for l in open(f"{w}/one.jsonl"):
    o = json.loads(l)
    assert o["status"] in ("complete", "failed"), o
    if o["status"] == "failed":
        assert o["error"] and not o["actions"], o
PY
# Not a terminal: no progress bar, nothing on stderr.
[ ! -s "$work/one.err" ] || fail "output on stderr without a terminal: $(head -c 200 "$work/one.err")"
one=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["cases_per_second"]))' "$work/one.summary")
two=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["cases_per_second"]))' "$work/two.summary")
echo "batch.sh: 10000 cases: $one cases/s on 1 thread, $two on 2 (not asserted: a shared machine)"

# On a terminal (a pty from script(1)): a progress bar on stderr.
if command -v script >/dev/null; then
	script -qefc "'$policy' batch '$work/plan.json' --cases '$work/cases.jsonl' \
		--out '$work/tty.jsonl' --threads 2" /dev/null > "$work/tty.out" 2>&1 < /dev/null
	grep -q "cases/s on 2 threads" "$work/tty.out" || fail "no summary under a pty"
	grep -aq "/10000 cases" "$work/tty.out" || fail "no progress bar under a pty"
	grep -aq "ETA" "$work/tty.out" || fail "the progress bar has no ETA"
	printf '\r' > "$work/cr"
	grep -aqF "$(cat "$work/cr")[" "$work/tty.out" || fail "the progress bar is not redrawn in place"
else
	echo "batch.sh: script(1) not found; progress bar test skipped"
fi

# Killed halfway (SIGKILL), then resumed: the output equals the one-pass
# output, no case lost, none twice; killed on 1 thread and on 2 (where
# the lines are written by whichever thread holds the next one), resumed
# on the other.
for threads in 1 2; do
	for attempt in 1 2 3; do
		rm -f "$work/resume.jsonl"
		"$policy" batch "$work/plan.json" --cases "$work/cases.jsonl" --out "$work/resume.jsonl" \
			--threads $threads --fixed-clock 0 > /dev/null &
		pid=$!
		while kill -0 $pid 2>/dev/null; do
			n=$( (wc -l < "$work/resume.jsonl") 2>/dev/null || echo 0)
			[ "$n" -ge 3000 ] && break
			sleep 0.01
		done
		kill -9 $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		n=$(wc -l < "$work/resume.jsonl")
		[ "$n" -lt 10000 ] && break
	done
	[ "$n" -lt 10000 ] || fail "could not kill the batch on $threads thread(s) before it finished"
	"$policy" batch "$work/plan.json" --cases "$work/cases.jsonl" --out "$work/resume.jsonl" \
		--threads $((3 - threads)) --fixed-clock 0 --json > "$work/resume.summary"
	cmp -s "$work/resume.jsonl" "$work/one.jsonl" || fail "the resumed output differs from one pass"
	python3 -c '
import json, sys
s = json.load(open(sys.argv[1])); n = int(sys.argv[2])
assert s["skipped"] == n and s["cases"] == 10000 - n, (s, n)' "$work/resume.summary" "$n"
	echo "batch.sh: killed after $n cases on $threads thread(s); resumed: 10000 lines, none lost or twice"
done
# A partial last line (killed while writing) is cut off and redone.
head -c 1000 "$work/one.jsonl" > "$work/partial.jsonl"
"$policy" batch "$work/plan.json" --cases "$work/cases.jsonl" --out "$work/partial.jsonl" \
	--fixed-clock 0 > /dev/null
cmp -s "$work/partial.jsonl" "$work/one.jsonl" || fail "a partial last line was not redone"

# Bad cases: reported in their line (status "error"), the rest decided, exit 3.
head -3 "$work/cases.jsonl" > "$work/bad.jsonl"
cat >> "$work/bad.jsonl" <<'JSONL'
this is not JSON
{"case": "NO-DOC", "documents": [{"type": "claim form", "path": "missing/claim_form.txt"}]}
{"case": "BAD-FACTS", "documents": [{"type": "claim form", "text": "Amount Claimed: $1.00"}], "facts": [1, 2]}
{"documents": []}
JSONL
sed -n 4,5p "$work/cases.jsonl" >> "$work/bad.jsonl"
set +e
"$policy" batch "$work/plan.json" --cases "$work/bad.jsonl" --out "$work/bad.out" > /dev/null
rc=$?
set -e
[ $rc -eq 3 ] || fail "bad cases: exit $rc, expected 3"
python3 - "$work/bad.out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
got = [(r["case"], r["status"]) for r in rows]
assert [g[0] for g in got] == ["CL-000000", "CL-000001", "CL-000002", "line 4", "NO-DOC",
                               "BAD-FACTS", "line 7", "CL-000003", "CL-000004"], got
bad = {r["case"]: r["error"] for r in rows if r["status"] == "error"}
assert set(bad) == {"line 4", "NO-DOC", "BAD-FACTS", "line 7"}, bad
assert "not a JSON object" in bad["line 4"], bad
assert "missing/claim_form.txt" in bad["NO-DOC"] and "No such file" in bad["NO-DOC"], bad
assert "facts must be a JSON object" in bad["BAD-FACTS"], bad
assert "no \"case\" id" in bad["line 7"], bad
assert all(r["status"] != "error" for r in rows if r["case"].startswith("CL-")), rows
PY

# Case folders (the `policy test` layout) decide as their JSON records do;
# --trails writes one verifiable trail a case; --store records the runs,
# which `policy backtest` then replays.
python3 "$root/examples/batch/gen_claims.py" 40 "$work/folders" --folders
python3 "$root/examples/batch/gen_claims.py" 40 "$work/forty.jsonl"
"$policy" batch "$work/plan.json" --cases "$work/folders" --out "$work/folders.out" \
	--trails "$work/trails" --store "$work/runs.db" --fixed-clock 0 > /dev/null
"$policy" batch "$work/plan.json" --cases "$work/forty.jsonl" --out "$work/forty.out" \
	--fixed-clock 0 > /dev/null
cmp -s "$work/folders.out" "$work/forty.out" || fail "case folders and records decide differently"
"$policy" batch "$work/plan.json" --cases "$work/folders" --out "$work/folders3.out" \
	--trails "$work/trails3" --store "$work/runs3.db" --threads 3 --fixed-clock 0 > /dev/null
cmp -s "$work/folders.out" "$work/folders3.out" || fail "--trails --store on 3 threads: other lines"
diff -r "$work/trails" "$work/trails3" > /dev/null || fail "--trails on 3 threads: other trails"
[ "$(ls "$work/trails" | wc -l)" -eq 40 ] || fail "expected 40 trails"
"$policy" explain "$work/trails/CL-000007.jsonl" --plan "$work/plan.json" | grep -q "hash chain is intact" \
	|| fail "a batch trail does not verify"
"$policy" backtest "Claims Intake" "$work/plan.json" --store "$work/runs.db" > "$work/backtest.out" \
	|| fail "backtest of the same plan over the batch's runs changed decisions"
grep -q "0 of 40 decisions would change" "$work/backtest.out" || fail "$(cat "$work/backtest.out")"
"$policy" backtest "Claims Intake" "$work/plan.json" --store "$work/runs3.db" > "$work/backtest3.out" \
	|| fail "backtest over the runs a 3-thread batch stored changed decisions"
grep -q "0 of 40 decisions would change" "$work/backtest3.out" || fail "$(cat "$work/backtest3.out")"

# Model steps: --llm-cmd runs the adapter for each request (here a scripted
# model) on the worker threads, --record keeps the replies, --llm-replay
# answers from them: the same lines and the same trails, and the same trail
# as `policy run --llm-replay` gives the case alone. Without the recorded
# classifications, no case can be decided.
"$policy" compile "$root/examples/claims/policy-review.txt" -o "$work/review.json"
python3 - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
causes = [("Burst supply line", "water"), ("Kitchen fire", "fire"),
          ("Stolen bicycle", "theft"), ("Hail on the roof", "other")]
notes = {"water": "Standing water in the kitchen, a burst pipe under the sink.",
         "fire": "Smoke damage and burn marks on the kitchen walls.",
         "theft": "The shed lock was forced; the bicycle is stolen.",
         "other": "Dented gutters and cracked shingles on the roof."}
expect = {}
with open(f"{w}/review.jsonl", "w") as out:
    for i in range(8):
        cause, cat = causes[i % 4]
        seen = cat if i % 3 else ["water", "fire", "theft", "other"][(i // 4 + i + 1) % 4]
        amount = [8000, 64000, 180000][i % 3]
        d = f"{w}/review/RV-{i:02d}"
        os.makedirs(d)
        with open(f"{d}/claim_form.txt", "w") as f:
            f.write(f"CLAIM FORM\nPolicy Number: HO-{i}\nCause of Loss: {cause}\n"
                    f"Claimed Amount: ${amount:,}\n")
        with open(f"{d}/adjuster_notes.txt", "w") as f:
            f.write(f"Adjuster notes:\n{notes[seen]}\n")
        out.write(json.dumps({"case": f"RV-{i:02d}", "documents": [
            {"type": "claim form", "path": f"review/RV-{i:02d}/claim_form.txt"},
            {"type": "adjuster notes", "path": f"review/RV-{i:02d}/adjuster_notes.txt"}]}) + "\n")
        acts = []
        if seen != cat:
            acts.append("refer the claim to the special investigations unit")
        if cat == "water":
            acts.append("request a plumber's report")
        if amount > 50000:
            acts.append("escalate to senior adjuster review")
        acts.append("route it to the claims committee" if amount > 100000 else
                    "approve the claim for payment")
        expect[f"RV-{i:02d}"] = acts
json.dump(expect, open(f"{w}/review-expect.json", "w"))
PY
model="python3 -S -I $root/tests/tools/scripted_model.py"
"$policy" batch "$work/review.json" --cases "$work/review.jsonl" --out "$work/llm-cmd.jsonl" \
	--threads 2 --fixed-clock 0 --llm-cmd "$model" --record "$work/replies.jsonl" \
	--trails "$work/llm-cmd-trails" > /dev/null || fail "batch with --llm-cmd: exit $?"
"$policy" batch "$work/review.json" --cases "$work/review.jsonl" --out "$work/llm-replay.jsonl" \
	--fixed-clock 0 --llm-replay "$work/replies.jsonl" --trails "$work/llm-replay-trails" > /dev/null \
	|| fail "batch with --llm-replay: exit $?"
cmp -s "$work/llm-cmd.jsonl" "$work/llm-replay.jsonl" || fail "--llm-replay decided otherwise than --llm-cmd"
diff -r "$work/llm-cmd-trails" "$work/llm-replay-trails" > /dev/null || fail "--llm-replay trails differ"
[ "$(wc -l < "$work/replies.jsonl")" -eq 16 ] || fail "expected 16 recorded replies (2 model steps x 8)"
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
expect = json.load(open(f"{w}/review-expect.json"))
rows = [json.loads(l) for l in open(f"{w}/llm-cmd.jsonl")]
assert [r["case"] for r in rows] == sorted(expect), rows
for r in rows:
    assert r["status"] == "complete", r
    assert sorted(r["actions"]) == sorted(expect[r["case"]]), (r, expect[r["case"]])
assert any("special investigations" in " ".join(r["actions"]) for r in rows)
PY
"$policy" run "$work/review.json" --case RV-05 --fixed-clock 0 \
	--doc "claim form=$work/review/RV-05/claim_form.txt" \
	--doc "adjuster notes=$work/review/RV-05/adjuster_notes.txt" \
	--llm-replay "$work/replies.jsonl" --trail "$work/rv05.jsonl" > /dev/null || fail "run --llm-replay: exit $?"
cmp -s "$work/rv05.jsonl" "$work/llm-replay-trails/RV-05.jsonl" || fail "run and batch trails differ for RV-05"
grep -v '"step":"llm.claim_classification"' "$work/replies.jsonl" > "$work/replies-judge.jsonl"
"$policy" batch "$work/review.json" --cases "$work/review.jsonl" --out "$work/llm-part.jsonl" \
	--threads 2 --fixed-clock 0 --llm-replay "$work/replies-judge.jsonl" > /dev/null || true
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
for r in map(json.loads, open(f"{w}/llm-part.jsonl")):
    assert r["status"] == "failed" and "no recorded reply" in r["error"], r
PY
echo "batch.sh: model steps: --llm-cmd and --llm-replay decide alike, as run does"

# Usage errors.
set +e
"$policy" batch "$work/plan.json" --out x.jsonl > /dev/null 2>&1; [ $? -eq 2 ] || fail "no --cases: not exit 2"
"$policy" batch "$work/plan.json" --cases "$work/nope" --out "$work/x.jsonl" 2> "$work/err"; rc=$?
set -e
[ $rc -eq 3 ] && grep -q "cannot read" "$work/err" || fail "missing cases: exit $rc"
echo "batch.sh: all batch tests passed"
