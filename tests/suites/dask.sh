#!/usr/bin/env bash
# The Dask backtest (examples/dask_backtest.py) on a LocalCluster of 2
# worker processes over 10,000 generated claims runs recorded in a store
# by `policy batch --store`, checked run for run against `policy backtest`
# on the same store; and its --cases mode against `policy batch` with the
# old and the new plan. Skipped, with a message, where Dask is missing
# (scripts/deps.sh all installs python3-dask and python3-distributed).
# Usage: tests/suites/dask.sh [BUILD-DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
policy=$build/cli/policy
py=/usr/bin/python3
if ! "$py" -c 'import dask.dataframe, distributed, pandas' 2>/dev/null; then
	echo "dask.sh: SKIPPED: Dask is not installed for $py (apt-get install python3-dask python3-distributed)"
	exit 0
fi
fail() { echo "dask.sh: FAIL: $*" >&2; exit 1; }
# The store on tmpfs where there is one: each recorded run is a durable
# transaction (an fsync) on disk, 10,000 of them would dominate the test.
tmp=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && tmp=/dev/shm
work=$(mktemp -d "$tmp/policy-dask.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LIBPOLICY_PATH=$build/lib/libpolicy.so.0
start=$(date +%s)

cp "$root/examples/claims/policy.txt" "$work/old.txt"
# The new version escalates from $25,000 instead of $50,000.
sed 's/^Version: 4.2.1/Version: 4.3.0/; s/\$50,000/$25,000/' "$work/old.txt" > "$work/new.txt"
"$py" "$root/examples/batch/gen_claims.py" 10000 "$work/cases.jsonl"
"$policy" batch "$work/old.txt" --cases "$work/cases.jsonl" --out "$work/decisions.jsonl" \
	--store "$work/runs.db" --threads 2 --no-progress > /dev/null
t1=$(date +%s)
set +e
"$policy" backtest "Claims Intake" "$work/new.txt" --store "$work/runs.db" --json > "$work/cli.json"
rc=$?
set -e
[ $rc -eq 1 ] || fail "policy backtest: exit $rc, expected 1 (decisions change)"
t2=$(date +%s)
set +e
"$py" "$root/examples/dask_backtest.py" "$work/new.txt" --store "$work/runs.db" \
	--policy "Claims Intake" --workers 2 --json "$work/dask.json" > "$work/dask.out" 2> "$work/dask.err"
rc=$?
set -e
t3=$(date +%s)
[ $rc -eq 1 ] || { cat "$work/dask.err" >&2; fail "dask_backtest.py: exit $rc, expected 1"; }
"$py" - "$work" <<'PY'
import json, sys
w = sys.argv[1]
cli = json.load(open(f"{w}/cli.json"))
dask = json.load(open(f"{w}/dask.json"))

def text(d):  # libpolicy.replay.Decision.__str__, from the CLI's JSON
    if d["status"] == "failed":
        return "failed (no decision)"
    s = "complete: " + ("; ".join(d["actions"]) if d["actions"] else "no action")
    n = len(d["failed_checks"])
    return s + (f" ({n} failed check{'' if n == 1 else 's'})" if n else "")

want = {(r["run"], r["case"]): (r["changed"], text(r["before"]), text(r["after"]))
        for r in cli["runs"]}
got = {(r["run"], r["case"]): (r["changed"], r["before"], r["after"]) for r in dask}
assert len(want) == 10000 and cli["decisions"] == 10000, len(want)
assert set(got) == set(want), "different runs"
diff = [k for k in want if want[k] != got[k]]
assert not diff, [(k, want[k], got[k]) for k in diff[:5]]
changed = sum(1 for v in got.values() if v[0])
assert changed == cli["changed"] and changed > 0, (changed, cli["changed"])
assert all(r["why"] for r in dask if r["changed"]), "a changed decision without why"
print(f"dask.sh: Dask and policy backtest agree on all 10000 runs; {changed} decisions change")
PY
grep -q "decisions would change" "$work/dask.out" || fail "no summary: $(cat "$work/dask.out")"

# --cases: old and new plan on case records, against policy batch.
head -300 "$work/cases.jsonl" > "$work/few.jsonl"
"$policy" batch "$work/old.txt" --cases "$work/few.jsonl" --out "$work/few-old.jsonl" --no-progress > /dev/null
"$policy" batch "$work/new.txt" --cases "$work/few.jsonl" --out "$work/few-new.jsonl" --no-progress > /dev/null
set +e
"$py" "$root/examples/dask_backtest.py" "$work/new.txt" --cases "$work/few.jsonl" --old "$work/old.txt" \
	--workers 2 --json "$work/few.json" > /dev/null 2> "$work/few.err"
rc=$?
set -e
[ $rc -le 1 ] || { cat "$work/few.err" >&2; fail "dask_backtest.py --cases: exit $rc"; }
"$py" - "$work" <<'PY'
import json, sys
w = sys.argv[1]
old = [json.loads(l) for l in open(f"{w}/few-old.jsonl")]
new = [json.loads(l) for l in open(f"{w}/few-new.jsonl")]
want = {o["case"]: (o["status"], sorted(o["actions"])) != (n["status"], sorted(n["actions"]))
        for o, n in zip(old, new)}
got = {r["case"]: r["changed"] for r in json.load(open(f"{w}/few.json"))}
assert got == want, [c for c in want if want[c] != got.get(c)][:5]
PY
echo "dask.sh: batch to store $((t1 - start)) s, policy backtest $((t2 - t1)) s, Dask backtest $((t3 - t2)) s"
echo "dask.sh: all Dask tests passed"
