#!/usr/bin/env bash
# Snapshot what the library produces, so a refactor can prove it changed
# nothing: every policy under tests/policies and ../shared/corpus/dev compiled
# to a plan, and every case of those corpora run to its JSON result and trail.
#
#   scripts/snapshot-outputs.sh OUTDIR [CLI]     (CLI defaults to build/cli/policy)
#   diff -r BEFORE AFTER                          must print nothing
#
# Cases run with --fixed-clock so trail timestamps (and so the hash chain) do
# not depend on the wall clock; a second, wall-clock run of each case keeps
# only its stdout, whose decision does not carry timestamps. Documents are
# passed the way ../shared/corpus/run-corpus does: docs/<type>[.n].txt in name
# order, underscores read as spaces.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: snapshot-outputs.sh OUTDIR [CLI]}
cli=${2:-build/cli/policy}
[ -x "$cli" ] || { echo "snapshot-outputs: $cli not found; build first" >&2; exit 2; }
mkdir -p "$out"
plans=0 runs=0
for corpus in tests/policies ../shared/corpus/dev; do
	[ -d "$corpus" ] || continue
	tag=$(basename "$corpus")
	for pdir in "$corpus"/*/; do
		pol=$(basename "$pdir")
		[ -f "$pdir/policy.txt" ] || continue
		dest="$out/$tag/$pol"
		mkdir -p "$dest"
		"$cli" compile "$pdir/policy.txt" -o "$dest/plan.json" >"$dest/compile.out" 2>"$dest/compile.err"
		echo $? >"$dest/compile.rc"
		plans=$((plans + 1))
		[ -s "$dest/plan.json" ] || continue
		for cdir in "$pdir"/cases/*/; do
			[ -d "$cdir" ] || continue
			case_name=$(basename "$cdir")
			cdest="$dest/cases/$case_name"
			mkdir -p "$cdest"
			args=()
			if [ -d "$cdir/docs" ]; then
				while IFS= read -r f; do
					name=$(basename "$f")
					stem=${name%.*}
					stem=$(printf '%s' "$stem" | sed -E 's/\.[0-9]+$//; s/_/ /g')
					args+=(--doc "$stem=$f")
				done < <(find "$cdir/docs" -maxdepth 1 -type f | LC_ALL=C sort)
			fi
			[ -f "$cdir/facts.json" ] && args+=(--facts "$cdir/facts.json")
			"$cli" run "$dest/plan.json" "${args[@]}" --fixed-clock 1700000000000 \
				--trail "$cdest/trail.jsonl" --json >"$cdest/run.json" 2>"$cdest/run.err"
			echo $? >"$cdest/run.rc"
			"$cli" run "$dest/plan.json" "${args[@]}" --json >"$cdest/run-wallclock.json" 2>/dev/null
			runs=$((runs + 1))
		done
	done
done
echo "snapshot-outputs: $plans policies compiled, $runs cases run into $out"
