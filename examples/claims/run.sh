#!/usr/bin/env bash
# The claims demo: compile the policy, show the plan, and decide three
# claims with their why-trails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
policy=${1:-policy}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== The policy"
cat "$here/policy.txt"
echo
echo "== policy compile (diagnostics, if any, on stderr)"
"$policy" compile "$here/policy.txt" -o "$work/plan.json"
echo "plan written: $(wc -c < "$work/plan.json") bytes"
echo
echo "== policy inspect"
"$policy" inspect "$work/plan.json"
for c in large_claim small_claim lapsed_policy; do
	echo
	echo "== policy run: $c"
	"$policy" run "$work/plan.json" --case "$c" \
		--doc "claim form=$here/cases/$c/claim_form.txt" \
		--facts "$here/cases/$c/facts.json" --trail "$work/$c.jsonl" || true
done
echo
echo "== policy explain (reads the trail back and verifies its hash chain)"
"$policy" explain "$work/large_claim.jsonl" --plan "$work/plan.json"

echo
echo "== policy run with model steps, answered from recorded replies (--llm-replay)"
cat "$here/policy-review.txt"
"$policy" compile "$here/policy-review.txt" -o "$work/review.json"
"$policy" inspect "$work/review.json" | grep -E "LLM|Steps:" || true
"$policy" run "$work/review.json" --case water_damage \
	--doc "claim form=$here/cases/water_damage/claim_form.txt" \
	--doc "adjuster notes=$here/cases/water_damage/adjuster_notes.txt" \
	--llm-replay "$here/cases/water_damage/model-replies.jsonl"
