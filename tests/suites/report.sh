#!/usr/bin/env bash
# The plan as a picture and the HTML audit report:
#  - `policy inspect --dot` renders with Graphviz (`dot -Tsvg`), --mermaid
#    is a flowchart with every step;
#  - `policy explain --html` writes one self-contained file (no scripts,
#    no links, nothing fetched) for a plain case and for a case with model
#    steps and a guardrail, and refuses a tampered trail;
#  - headless Chromium renders the report: the DOM it dumps holds the
#    decision, every step and the chain status, and its screenshot is kept
#    in BUILD/artifacts/report.png. Skipped with a message where Chromium
#    or Graphviz is missing (scripts/deps.sh all installs both).
# Usage: tests/suites/report.sh [BUILD-DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
policy=$build/cli/policy
claims=$root/examples/claims
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "report.sh: FAIL: $*" >&2; exit 1; }

"$policy" compile "$claims/policy.txt" -o "$work/plan.json"
"$policy" compile "$claims/policy-review.txt" -o "$work/review.json"

# ---- DOT and Mermaid
"$policy" inspect "$work/plan.json" --dot > "$work/plan.dot"
"$policy" inspect "$work/plan.json" --mermaid > "$work/plan.mmd"
head -1 "$work/plan.mmd" | grep -qx "flowchart LR" || fail "mermaid: not a flowchart"
steps=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["steps"]))' "$work/plan.json")
[ "$(grep -c '^    s[0-9]*\["' "$work/plan.mmd")" -eq "$steps" ] || fail "mermaid: not every step is a node"
grep -q 'subgraph cluster_level3' "$work/plan.dot" || fail "dot: no cluster per level"
if command -v dot >/dev/null; then
	dot -Tsvg "$work/plan.dot" -o "$work/plan.svg" || fail "dot -Tsvg rejected the DOT"
	grep -q "<svg" "$work/plan.svg" || fail "dot -Tsvg wrote no SVG"
	for id in $(python3 -c 'import json,sys; print(" ".join(s["id"] for s in json.load(open(sys.argv[1]))["steps"]))' "$work/plan.json"); do
		grep -qF "<title>$id</title>" "$work/plan.svg" || fail "dot: step $id not drawn"
	done
	"$policy" inspect "$work/review.json" --dot | dot -Tsvg > /dev/null || fail "dot: review plan"
else
	echo "report.sh: SKIPPED dot -Tsvg: Graphviz is not installed (apt-get install graphviz)"
fi

# ---- the report
"$policy" run "$work/plan.json" --case CL-7 --doc "claim form=$claims/cases/large_claim/claim_form.txt" \
	--facts "$claims/cases/large_claim/facts.json" --trail "$work/large.jsonl" --fixed-clock 1772000000000 > /dev/null
"$policy" explain "$work/large.jsonl" --plan "$work/plan.json" --html "$work/large.html" > /dev/null
"$policy" run "$work/review.json" --case water_damage \
	--doc "claim form=$claims/cases/water_damage/claim_form.txt" \
	--doc "adjuster notes=$claims/cases/water_damage/adjuster_notes.txt" \
	--llm-replay "$claims/cases/water_damage/model-replies.jsonl" --trail "$work/water.jsonl" > /dev/null || true
"$policy" explain "$work/water.jsonl" --plan "$work/review.json" --html "$work/water.html" > /dev/null
for f in large water; do
	html=$work/$f.html
	! grep -qiP '<script|<link|<img|<iframe|@import|url\((?!#)' "$html" || fail "$f.html loads something"
	[ "$(grep -oE 'https?://[^"]*' "$html" | sort -u)" = "http://www.w3.org/2000/svg" ] \
		|| fail "$f.html names an address other than the SVG namespace"
	grep -q '<svg' "$html" || fail "$f.html has no inline SVG"
	grep -q 'class="edge taken"' "$html" || fail "$f.html: no path highlighted"
	grep -q '@media print' "$html" || fail "$f.html has no print style"
done
grep -q '<mark>$72,400.00</mark>' "$work/large.html" || fail "the value is not marked in its snippet"
grep -q 'class="node action fired"' "$work/large.html" || fail "the fired action is not marked"
grep -q 'class="node action skipped"' "$work/large.html" || fail "actions not fired are not marked"
grep -q 'model step: [0-9]* tokens' "$work/water.html" || fail "no tokens on model steps"
grep -q 'guardrail' "$work/water.html" || fail "no guardrail result"
# A tampered trail gets no report.
sed 's/72400.00/72500.00/' "$work/large.jsonl" > "$work/tampered.jsonl"
set +e
"$policy" explain "$work/tampered.jsonl" --plan "$work/plan.json" --html "$work/tampered.html" 2> "$work/err"
rc=$?
set -e
[ $rc -eq 5 ] || fail "tampered trail: exit $rc, expected 5"
[ ! -e "$work/tampered.html" ] || fail "a report was written for a tampered trail"

# ---- in a real browser
chromium=""
for c in chromium chromium-browser google-chrome; do
	command -v "$c" >/dev/null && { chromium=$c; break; }
done
if [ -z "$chromium" ]; then
	echo "report.sh: SKIPPED the browser check: Chromium is not installed (apt-get install chromium)"
	echo "report.sh: all report tests passed (without a browser)"
	exit 0
fi
browse() {
	# A fresh profile each time; no network, no first-run, no updates.
	local profile
	profile=$(mktemp -d)
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" "$@" 2> "$work/chromium.err"
	local rc=$?
	rm -rf "$profile"
	return $rc
}
browse --dump-dom "file://$work/large.html" > "$work/dom.html" || fail "chromium --dump-dom failed: $(tail -3 "$work/chromium.err")"
python3 - "$work/dom.html" "$work/plan.json" <<'PY'
import json, sys
dom = open(sys.argv[1]).read()
plan = json.load(open(sys.argv[2]))
assert "Decision: complete" in dom, "no decision"
assert '<li class="action">escalate to senior adjuster review</li>' in dom, "no action"
assert "Hash chain verified" in dom and 'id="chain"' in dom, "no chain status"
for s in plan["steps"]:
    assert f'id="step-{s["id"]}"' in dom, f"step {s['id']} missing from the table"
    assert f'id="node-{s["id"]}"' in dom, f"step {s['id']} missing from the graph"
PY
mkdir -p "$build/artifacts"
rm -f "$build/artifacts/report.png"
browse --window-size=1200,1700 --hide-scrollbars --screenshot="$build/artifacts/report.png" \
	"file://$work/large.html" > /dev/null || fail "chromium --screenshot failed"
[ "$(stat -c %s "$build/artifacts/report.png")" -gt 20000 ] || fail "the screenshot is (nearly) empty"
cp "$work/large.html" "$build/artifacts/report.html"
echo "report.sh: Chromium rendered the report; screenshot kept in $build/artifacts/report.png"
echo "report.sh: all report tests passed"
