#!/usr/bin/env bash
# policy lint (issue 19, docs/lint.md):
#  - the seeded-defect corpus tests/lint/*/ gives exactly the findings its
#    expected.txt lists, every witness is reproduced by the library's own
#    run, and `policy run` on the witness folder gives the witness's
#    expect.json;
#  - every dev corpus and tests/policies policy is linted, and its findings
#    are exactly those listed in tests/lint/corpus-expected.txt (each with
#    the reason it is accepted).
# Usage: tests/suites/lint.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
cli=$build/cli/policy
if ! "$cli" lint tests/lint/no_findings/policy.txt >/dev/null 2>&1; then
	rc=$?
	if [ "$rc" -eq 9 ]; then
		echo "lint: built without Z3; skipped (install libz3-dev)"
		exit 0
	fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# The kinds of a --json report, sorted, one line.
kinds() {
	python3 -c 'import json,sys; print(" ".join(sorted(f["kind"] for f in json.load(sys.stdin)["findings"])))'
}

# Run one witness folder with the CLI; compare with its expect.json.
run_witness() {
	local plan=$1 dir=$2 args=()
	for f in "$dir"/docs/*.txt; do
		local base type
		base=$(basename "$f" .txt)
		type=${base%.[0-9]*}
		args+=(--doc "${type//_/ }=$f")
	done
	[ -s "$dir/model-replies.jsonl" ] && args+=(--llm-replay "$dir/model-replies.jsonl")
	local got
	got=$("$cli" run "$plan" "${args[@]}" --facts "$dir/facts.json" --json 2>/dev/null || true)
	python3 - "$dir/expect.json" "$got" <<'PY'
import json, sys, re
want = json.load(open(sys.argv[1]))
got = json.loads(sys.argv[2])
norm = lambda a: re.sub(r"[^a-z0-9 ]", "", re.sub(r"\b(the|a|an)\b", "", a.lower())).split()
w = sorted(" ".join(norm(a)) for a in want["actions"])
g = sorted(" ".join(norm(a["text"] if isinstance(a, dict) else a)) for a in got.get("actions", []))
if want["status"] != got.get("status") or w != g:
    print(f"  want {want}, got status={got.get('status')} actions={g}")
    sys.exit(1)
PY
}

for d in tests/lint/*/; do
	name=$(basename "$d")
	"$cli" compile "$d/policy.txt" -o "$work/$name.json" 2>/dev/null
	out=$("$cli" lint "$work/$name.json" --json --witness-dir "$work/$name" || true)
	want=$(tr ' ' '\n' < "$d/expected.txt" | sort | tr '\n' ' ' | sed 's/ *$//; s/^ *//')
	got=$(echo "$out" | kinds)
	if [ "$want" != "$got" ]; then
		echo "FAIL lint $name: expected [$want], got [$got]"
		fail=1
		continue
	fi
	unverified=$(echo "$out" | python3 -c 'import json,sys; print(sum(1 for f in json.load(sys.stdin)["findings"] if f["witness"] and not f["verified"]))')
	if [ "$unverified" != 0 ]; then
		echo "FAIL lint $name: $unverified witness(es) not reproduced by the library's run"
		fail=1
	fi
	for w in "$work/$name"/*/; do
		[ -d "$w" ] || continue
		if ! run_witness "$work/$name.json" "$w"; then
			echo "FAIL lint $name: witness $(basename "$w") not reproduced by policy run"
			fail=1
		fi
	done
	echo "ok   lint $name: [$got]"
done

# Every corpus policy: findings as listed (policy kind line), no others.
: > "$work/corpus-got.txt"
for p in ../shared/corpus/dev/*/policy.txt tests/policies/*/policy.txt; do
	[ -e "$p" ] || continue
	name=$(basename "$(dirname "$p")")
	"$cli" lint "$p" --json 2>/dev/null | python3 -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    print(sys.argv[1], f["kind"], f["clauses"][0]["line"] if f["clauses"] else 0)' "$name" >> "$work/corpus-got.txt" || true
done
sed 's/#.*//; /^[[:space:]]*$/d; s/[[:space:]]*$//' tests/lint/corpus-expected.txt | sort > "$work/corpus-want.txt"
sort "$work/corpus-got.txt" > "$work/corpus-got-sorted.txt"
if ! diff -u "$work/corpus-want.txt" "$work/corpus-got-sorted.txt"; then
	echo "FAIL lint corpus: findings differ from tests/lint/corpus-expected.txt (- listed, + found)"
	fail=1
else
	echo "ok   lint corpus: $(wc -l < "$work/corpus-got-sorted.txt") findings, all listed with a reason"
fi
exit $fail
