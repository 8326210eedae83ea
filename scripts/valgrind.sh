#!/usr/bin/env bash
# valgrind memcheck over the claims demo (the CLI, examples/claims/run.sh)
# and the C test suite. Fails on any invalid read or write, use of
# uninitialised memory, bad free, or leak (definite or indirect).
#   scripts/valgrind.sh [demo|tests|all]     default all; build dir: build
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
dir=${VALGRIND_BUILD:-build}
scripts/deps.sh core
[ -d "$dir" ] || meson setup "$dir" >/dev/null
ninja -C "$dir" >/dev/null
vg=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
    --track-origins=yes --num-callers=30 --quiet)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0

if [ "$what" = demo ] || [ "$what" = all ]; then
	echo "== valgrind: the claims demo (examples/claims/run.sh)"
	# The demo ignores the exit status of `policy run` (a failed decision
	# is exit 1), so every process writes its own log, checked below.
	wrapper=$logs/policy
	cat >"$wrapper" <<EOW
#!/usr/bin/env bash
exec ${vg[*]} --log-file=$logs/vg.%p.log "$(cd "$dir" && pwd)/cli/policy" "\$@"
EOW
	chmod +x "$wrapper"
	examples/claims/run.sh "$wrapper" >"$logs/demo.out" 2>&1 || status=1
	n=$(find "$logs" -name 'vg.*.log' | wc -l)
	bad=$(find "$logs" -name 'vg.*.log' -size +0c)
	if [ -n "$bad" ] || [ $status -ne 0 ] || [ "$n" -eq 0 ]; then
		cat "$logs/demo.out" $bad
		echo "valgrind: the demo has memory errors"
		status=1
	else
		echo "$n policy processes, no errors"
	fi
fi

if [ "$what" = tests ] || [ "$what" = all ]; then
	echo "== valgrind: the C test suite"
	meson test -C "$dir" --no-rebuild --print-errorlogs --timeout-multiplier 20 \
		--wrapper "${vg[*]}" || status=1
fi
exit $status
