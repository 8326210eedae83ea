#!/usr/bin/env bash
# Regenerate the expected outputs of every vector with the CLI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
policy=${1:-$here/../../build/cli/policy}
for v in "$here"/*/; do
	name=$(basename "$v")
	args=()
	for d in $(ls "$v/docs" | LC_ALL=C sort); do
		type=${d%.txt}; type=${type%.[0-9]*}; type=${type//_/ }
		args+=(--doc "$type=$v/docs/$d")
	done
	[ -f "$v/facts.json" ] && args+=(--facts "$v/facts.json")
	"$policy" run "$v/policy.txt" "${args[@]}" --case "$name" --fixed-clock 0 \
		--json --trail "$v/trail.jsonl" > "$v/expect.json" 2>/dev/null || true
	"$policy" explain "$v/trail.jsonl" | sed '$d' | sed '$d' > "$v/explain.txt"
done
