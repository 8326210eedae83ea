#!/usr/bin/env bash
# ThreadSanitizer over the tests that share plans between threads and run
# worker threads: tests/test_threads.c (one plan, 8 threads at once) and
# tests/test_determinism.c (1, 2 and 8 worker threads), and tests/test_reuse.c
# (two threads reading one execution's trail, written when first read), and
# tests/test_builtin_paths.c (batches on two threads sharing a plan's
# prepared labels; threads preparing the same labels at once).
# Fails on any report.
#   scripts/tsan.sh [BUILD_DIR]       default build-tsan (clang, -Db_sanitize=thread)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build-tsan}
scripts/deps.sh core
if [ ! -d "$dir" ]; then
	CC=clang meson setup "$dir" -Db_sanitize=thread -Db_lundef=false >/dev/null
fi
ninja -C "$dir" tests/test_threads tests/test_determinism tests/test_reuse \
	tests/test_builtin_paths >/dev/null
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 exitcode=66" \
	meson test -C "$dir" --no-rebuild --print-errorlogs threads determinism reuse builtin_paths
