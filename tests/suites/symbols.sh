#!/usr/bin/env bash
# The shared library's interface: soname libpolicy.so.0, only policy_*
# symbols exported (the version node LIBPOLICY_0 aside), and every function
# include/policy.h declares is exported.
# Usage: tests/suites/symbols.sh [BUILD-DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
lib=$build/lib/libpolicy.so.0
if [ ! -e "$lib" ]; then
	echo "symbols.sh: $lib not found; build first (ninja -C $build)" >&2
	exit 1
fi
for tool in nm objdump; do
	if ! command -v "$tool" >/dev/null; then
		echo "symbols.sh: $tool is missing (apt-get install binutils)" >&2
		exit 1
	fi
done
status=0

soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
if [ "$soname" != "libpolicy.so.0" ]; then
	echo "symbols.sh: soname is '$soname', expected libpolicy.so.0" >&2
	status=1
fi

# Defined dynamic symbols: name without @@VERSION. Type A is the version
# node itself.
exported=$(nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort -u)
stray=$(printf '%s\n' "$exported" | grep -v '^policy_' || true)
if [ -n "$stray" ]; then
	echo "symbols.sh: exported symbols outside the policy_ prefix:" >&2
	printf '  %s\n' $stray >&2
	status=1
fi
nodes=$(nm -D --defined-only "$lib" | awk '$2 == "A" { print $3 }')
if [ "$nodes" != "LIBPOLICY_0" ]; then
	echo "symbols.sh: version nodes are '$nodes', expected LIBPOLICY_0" >&2
	status=1
fi

# Every POLICY_API function of the header is exported.
declared=$(tr '\n' ' ' < "$root/include/policy.h" |
	grep -oE 'POLICY_API [^;(]*\(' |
	grep -oE 'policy_[a-z0-9_]+ *\($' | tr -d ' (' | sort -u)
count=$(printf '%s\n' "$declared" | grep -c . || true)
if [ "$count" -lt 80 ]; then
	echo "symbols.sh: found only $count declarations in policy.h; the parser is wrong" >&2
	status=1
fi
missing=$(comm -23 <(printf '%s\n' "$declared") <(printf '%s\n' "$exported"))
if [ -n "$missing" ]; then
	echo "symbols.sh: declared in policy.h but not exported:" >&2
	printf '  %s\n' $missing >&2
	status=1
fi
# And nothing exported that the header does not declare.
undeclared=$(comm -13 <(printf '%s\n' "$declared") <(printf '%s\n' "$exported"))
if [ -n "$undeclared" ]; then
	echo "symbols.sh: exported but not declared in include/policy.h:" >&2
	printf '  %s\n' $undeclared >&2
	status=1
fi

if [ $status -eq 0 ]; then
	echo "symbols.sh: $lib: soname $soname, $(printf '%s\n' "$exported" | wc -l) policy_* symbols, all declared in policy.h"
fi
exit $status
