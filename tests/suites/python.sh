#!/usr/bin/env bash
# The Python binding's tests (bindings/python/tests) against the build tree:
# the package is imported from the checkout, the library is the one in
# BUILD/lib (LIBPOLICY_PATH), and the shared vectors come from this
# repository. Usage: tests/suites/python.sh [BUILD-DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
lib=$build/lib/libpolicy.so.0
if [ ! -e "$lib" ]; then
	echo "python.sh: $lib not found; build first (ninja -C $build)" >&2
	exit 1
fi
# Debian's python3 has python3-pytest; a python3 earlier on PATH may not.
py=/usr/bin/python3
if ! "$py" -c 'import pytest' 2>/dev/null; then
	py=python3
	if ! "$py" -c 'import pytest' 2>/dev/null; then
		echo "python.sh: pytest is missing (apt-get install python3-pytest)" >&2
		exit 1
	fi
fi
cd "$root/bindings/python"
LIBPOLICY_PATH=$lib POLICY_SOURCE_ROOT=$root exec "$py" -m pytest -q -p no:cacheprovider tests
