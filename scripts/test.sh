#!/usr/bin/env bash
# Build libpolicy and run every test: C unit and API tests, CLI tests, the
# dev corpus, and the Python, Go and Node bindings.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh all
[ -d build ] || meson setup build >/dev/null
ninja -C build
# Stages one way, no circles, no file over 1,500 lines (docs/decisions.md).
python3 scripts/check-layout.py build
meson test -C build --print-errorlogs
# English policies with documents and expected decisions: the shared dev
# corpus, and our own in tests/policies (same layout).
if [ -x ../shared/corpus/run-corpus ]; then
	../shared/corpus/run-corpus --cli build/cli/policy ../shared/corpus/dev
	../shared/corpus/run-corpus --cli build/cli/policy tests/policies
else
	echo "note: ../shared/corpus/run-corpus not found; corpus runs skipped"
fi
for suite in tests/suites/*.sh; do
	[ -e "$suite" ] || continue
	echo "== $suite"
	bash "$suite" build
done
echo "all tests passed"
