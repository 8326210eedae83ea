#!/usr/bin/env bash
# The whole C test suite under clang with AddressSanitizer (+LeakSanitizer)
# and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build-asan}
if [ ! -d "$dir" ]; then
	CC=clang meson setup "$dir" -Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fno-sanitize-recover=all >/dev/null
fi
ninja -C "$dir"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	meson test -C "$dir" --print-errorlogs
