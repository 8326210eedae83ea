#!/usr/bin/env bash
# The plan lifecycle through the CLI, on a temporary store: publish,
# versions, rollback, run --store, diff, test, replay and backtest, with
# their outputs and exit codes. The policies and cases are in
# tests/suites/lifecycle/ (claims 4.2.1, the same reformatted or edited,
# 4.3.0 with a lower threshold, 5.0.0 with a fraud-score rule; three cases
# in the corpus layout). Usage: tests/suites/lifecycle.sh [BUILD-DIR]
set -uo pipefail
. "$(dirname "$0")/common.inc" lifecycle "${1:-build}"
here=$root/tests/suites/lifecycle
db=$work/policy.db
v1=$here/claims-4.2.1.txt
v2=$here/claims-4.3.0.txt
v5=$here/claims-5.0.0.txt
cases=$here/cases
name="Claims Intake"

# json PYTHON-EXPRESSION: true of the JSON on stdout (bound to `d`).
json() {
	if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
		"$out" "$1"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: JSON check failed: $1" >&2
		head -c 2000 "$out" | sed 's/^/  | /' >&2
	fi
}

# Documents and facts of each case folder as run arguments.
large_claim=(--doc "claim form=$cases/large_claim/docs/claim_form.txt" --facts "$cases/large_claim/facts.json")
small_claim=(--doc "claim form=$cases/small_claim/docs/claim_form.txt" --facts "$cases/small_claim/facts.json")
lapsed_policy=(--doc "claim form=$cases/lapsed_policy/docs/claim_form.txt" --facts "$cases/lapsed_policy/facts.json")

echo "== publish"
run 0 "$policy" publish "$v1" --store "$db"
has "$out" "Published Claims Intake 4.2.1"
has "$out" "Claims Intake 4.2.1 is the active version."
run 0 "$policy" publish "$v1" --store "$db"
has "$out" "Already published"
# A version names one plan forever: an edit must get a new number...
run 7 "$policy" publish "$here/claims-4.2.1-edited.txt" --store "$db"
has "$err" "already published with a different plan"
has "$err" "1 semantic change"
# ...even when only the formatting changed, which the diff says.
run 7 "$policy" publish "$here/claims-4.2.1-reformatted.txt" --store "$db"
has "$err" "only the text's formatting differs"
run 2 "$policy" publish
run 4 "$policy" publish "$here/cases/large_claim/docs/claim_form.txt" --store "$db"

echo "== versions"
run 0 "$policy" versions "$name" --store "$db" --json
json 'len(d["versions"]) == 1 and d["versions"][0]["version"] == "4.2.1" and d["versions"][0]["active"] is True'
json '[h["action"] for h in d["history"]] == ["publish"]'
run 0 "$policy" versions --store "$db"
has "$out" "Claims Intake: 1 version, active 4.2.1"
run 8 "$policy" versions "No Such Policy" --store "$db"
run 3 "$policy" versions "$name" --store "$work/missing.db"
[ ! -e "$work/missing.db" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: versions created a store" >&2; }

echo "== run --store"
for c in large_claim small_claim lapsed_policy; do
	declare -n docs=$c
	run 0 "$policy" run --policy "$name" --store "$db" --case "$c" "${docs[@]}" --fixed-clock 1000
	unset -n docs
	has "$out" "Recorded as run"
	has "$out" "of case $c in $db"
done
has "$out" "Decision: complete"
has "$out" "deny the claim"
run 2 "$policy" run --policy "$name" --store "$db" "${large_claim[@]}"
has "$err" "needs --case"
run 8 "$policy" run --policy "No Such Policy" --store "$db" --case x "${large_claim[@]}"
run 8 "$policy" run --policy "$name@9.9" --store "$db" --case x "${large_claim[@]}"
# --json keeps stdout a decision; the store's note goes to stderr.
run 0 "$policy" run --policy "$name@4.2.1" --store "$db" --case json_case "${large_claim[@]}" --json --fixed-clock 1000
json 'd["status"] == "complete" and [a["text"] for a in d["actions"]] == ["escalate to senior adjuster review"]'
has "$err" "Recorded as run 4 of case json_case"

echo "== publish 4.3.0, run, rollback"
run 0 "$policy" publish "$v2" --store "$db"
has "$out" "Claims Intake 4.3.0 is the active version."
run 0 "$policy" run --policy "$name" --store "$db" --case small_claim "${small_claim[@]}" --fixed-clock 2000
has "$out" "escalate to senior adjuster review"
has "$out" "Recorded as run 5 of case small_claim"
run 0 "$policy" rollback "$name" --store "$db"
has "$out" "4.2.1 is the active version again (it was 4.3.0)"
run 7 "$policy" rollback "$name" 4.2.1 --store "$db"
has "$err" "already the active version"
run 8 "$policy" rollback "$name" 9.9 --store "$db"
run 8 "$policy" rollback "No Such Policy" --store "$db"
run 0 "$policy" versions "$name" --store "$db" --json
json '[(h["action"], h["version"]) for h in d["history"]] == [("publish", "4.2.1"), ("publish", "4.3.0"), ("rollback", "4.2.1")]'
json '[v["active"] for v in d["versions"]] == [True, False]'
run 0 "$policy" versions "$name" --store "$db"
has "$out" "rollback  4.2.1"
# The active version is what `run --policy` uses.
run 0 "$policy" run --policy "$name" --store "$db" --case small_claim_again "${small_claim[@]}" --fixed-clock 3000
has "$out" "route the claim to standard processing"

echo "== diff"
run 0 "$policy" diff "$v1" "$here/claims-4.2.1-reformatted.txt"
has "$out" "No semantic changes"
has "$out" "differ only in formatting"
run 1 "$policy" diff "$v1" "$v2"
has "$out" "version: 4.2.1 -> 4.3.0"
has "$out" "threshold on line 13: \$50,000 -> \$10,000 in \"escalate to senior adjuster review\" (also \"route the claim to fast-track processing\")"
has "$out" "comparison on line 13: exceeds -> is at least"
has "$out" "effective: 2026-03-01 -> 2026-04-01"
has "$out" "action renamed on line 14: \"route the claim to standard processing\" -> \"route the claim to fast-track processing\""
run 1 "$policy" diff "$v1" "$v2" --json
json 'd["equal"] is False'
json '[c for c in d["changes"] if c["kind"] == "threshold"][0]["old"] == "50000.00"'
json '[c for c in d["changes"] if c["kind"] == "threshold"][0]["new"] == "10000.00"'
json '[c for c in d["changes"] if c["kind"] == "operator"][0]["new"] == "ge"'
# Registry versions by NAME@VERSION, and a new lookup shows as a new fact.
run 1 "$policy" diff "$name@4.2.1" "$name@4.3.0" --store "$db"
has "$out" "threshold on line 13: \$50,000 -> \$10,000"
run 1 "$policy" diff "$name@4.2.1" "$v5" --store "$db"
has "$out" "lookup added on line 8: \"fraud score\""
has "$out" "fact now looked up: fraud score (fraud registry)"
run 8 "$policy" diff "$name@9.9" "$v1" --store "$db"
run 2 "$policy" diff "$v1"

echo "== test"
run 0 "$policy" test "$v1" "$cases"
has "$out" "PASS large_claim"
has "$out" "3 passed, 0 failed (3 cases)"
run 1 "$policy" test "$v2" "$cases"
has "$out" "FAIL small_claim: expected action \"route the claim to standard processing\" did not fire"
has "$out" "decision: complete: escalate to senior adjuster review"
has "$out" "2 passed, 1 failed"
run 1 "$policy" test "$v2" "$cases" --json
json 'd["passed"] == 2 and d["failed"] == 1'
json '[c["case"] for c in d["cases"] if not c["ok"]] == ["small_claim"]'
run 3 "$policy" test "$v1" "$work"
run 4 "$policy" test "$here/cases/large_claim/docs/claim_form.txt" "$cases"

echo "== replay"
run 0 "$policy" replay --case large_claim --store "$db"
has "$out" "recorded decision: complete: escalate to senior adjuster review"
has "$out" "identical decision; 10 of 10 entries identical; the trail is byte-for-byte the same"
# The latest run of small_claim was made by 4.2.1 after the rollback; run 2
# too. With 4.3.0 it would have been escalated.
run 1 "$policy" replay --case small_claim --run 2 --store "$db" --plan "$v2"
has "$out" "identical decision"
has "$out" "the decision changes: - route the claim to standard processing; + escalate to senior adjuster review"
run 1 "$policy" replay --case small_claim --run 2 --store "$db" --plan "$v2" --json
json 'd["original"]["same_decision"] and d["original"]["same_trail"]'
json 'd["new"]["decision"]["actions"] == ["escalate to senior adjuster review"] and not d["new"]["same_decision"]'
# The run made by 4.3.0 replays with 4.3.0, found by its hash.
run 0 "$policy" replay --case small_claim --run 5 --store "$db"
has "$out" "recorded by Claims Intake 4.3.0"
has "$out" "identical decision"
run 8 "$policy" replay --case nobody --store "$db"
# A trail file: the plan given is the one that made it.
run 0 "$policy" run "$v1" --case file_case "${lapsed_policy[@]}" --fixed-clock 5 --trail "$work/t.jsonl"
run 0 "$policy" replay "$work/t.jsonl" --plan "$v1"
has "$out" "identical decision; 10 of 10 entries identical; the trail is byte-for-byte the same"
run 8 "$policy" replay "$work/t.jsonl"
run 0 "$policy" replay "$work/t.jsonl" --store "$db"
has "$out" "Replay with the recorded plan"
sed 's/2026-07-02/2026-05-02/' "$work/t.jsonl" >"$work/tampered.jsonl"
run 5 "$policy" replay "$work/tampered.jsonl" --plan "$v1"
run 2 "$policy" replay

echo "== backtest"
# Six stored runs: large, small, lapsed, json_case (4.2.1), small (4.3.0),
# small_claim_again (4.2.1). Under 4.3.0 the 4.2.1 small claims escalate.
run 1 "$policy" backtest "$name" "$v2" --store "$db"
has "$out" "2 of 6 decisions would change."
has "$out" "changed  small_claim (run 2, 4.2.1): complete: route the claim to standard processing"
has "$out" "-> complete: escalate to senior adjuster review"
run 1 "$policy" backtest "$name" "$v2" --store "$db" --json
json 'd["decisions"] == 6 and d["changed"] == 2'
json 'sorted(r["case"] for r in d["runs"] if r["changed"]) == ["small_claim", "small_claim_again"]'
# Only each case's latest run: small_claim's is 4.3.0's own.
run 1 "$policy" backtest "$name" "$v2" --store "$db" --latest --json
json 'd["decisions"] == 5 and d["changed"] == 1'
# And back: 4.2.1 would not have escalated the small claim 4.3.0 did.
run 1 "$policy" backtest "$name" "$v1" --store "$db"
has "$out" "1 of 6 decisions would change."
has "$out" "changed  small_claim (run 5, 4.3.0): complete: escalate to senior adjuster review"
# 5.0.0 looks up a fraud score: the run manifests hold it for large_claim
# (820, so its claim goes to the SIU too); the others never had one.
run 1 "$policy" backtest "$name" "$v5" --store "$db" --json
json '[r for r in d["runs"] if r["case"] == "large_claim"][0]["after"]["actions"] == ["refer the claim to the special investigations unit", "escalate to senior adjuster review"]'
json '[r for r in d["runs"] if r["case"] == "large_claim"][0]["unrecorded"] == []'
json '[r for r in d["runs"] if r["case"] == "small_claim"][0]["unrecorded"] == ["fraud score (lookup)"]'
run 8 "$policy" backtest "No Such Policy" "$v2" --store "$db"

echo "== several writers at once"
pids=()
for i in 1 2 3 4; do
	for n in 1 2 3 4 5; do
		"$policy" run --policy "$name" --store "$db" --case "w$i-$n" "${large_claim[@]}" >/dev/null 2>"$work/w$i-$n.err" || echo "writer $i run $n failed" >>"$work/writers.failed"
	done &
	pids+=($!)
done
wait "${pids[@]}"
if [ -e "$work/writers.failed" ]; then
	failed=$((failed + 1))
	cat "$work/writers.failed" "$work"/w*.err >&2
else
	passed=$((passed + 1))
fi
run 1 "$policy" backtest "$name" "$v1" --store "$db" --json
json 'd["decisions"] == 26 and d["changed"] == 1'
json 'sorted(r["case"] for r in d["runs"] if r["case"].startswith("w")) == sorted("w%d-%d" % (i, n) for i in range(1, 5) for n in range(1, 6))'

echo "== help"
run 0 "$policy" --help
has "$out" "publish POLICY.txt|PLAN.json"
has "$out" "backtest NAME NEW.txt"
has "$out" "7  the store refused"
has "$out" "8  not in the store"

echo "lifecycle: $passed passed, $failed failed"
[ "$failed" = 0 ]
