#!/usr/bin/env bash
# Build libpolicy and run the claims demo (examples/claims).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh core
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
examples/claims/run.sh build/cli/policy
