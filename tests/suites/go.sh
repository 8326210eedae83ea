#!/usr/bin/env bash
# The Go binding (bindings/go) and the Go claims example, against the build
# tree and offline: cgo finds libpolicy through meson's uninstalled
# pkg-config file, the tests load it from BUILD/lib.
# Usage: tests/suites/go.sh [BUILD]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(cd "${1:-build}" && pwd)
if ! command -v go >/dev/null 2>&1; then
	echo "go.sh: the Go toolchain is missing (scripts/deps.sh all installs golang-go)" >&2
	exit 1
fi
meson compile -C "$build" lib/policy:shared_library >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PKG_CONFIG_PATH="$build/meson-uninstalled${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GO111MODULE=on
export GOCACHE="${GOCACHE:-$work/gocache}" GOPATH="${GOPATH:-$work/gopath}"
export POLICY_SOURCE_ROOT="$PWD"

echo "go: $(go version)"
(cd bindings/go && go vet ./... && go test -count=1 ./...)
# Callbacks run on libpolicy's worker threads: the race detector watches them.
if go env GOARCH | grep -qE '^(amd64|arm64)$'; then
	(cd bindings/go && go test -count=1 -race ./...)
fi

(cd examples/go && go vet . && go run . -claims ../claims) > "$work/demo.txt"
for want in "escalate to senior adjuster review" "route the claim to standard processing" \
	"deny the claim"; do
	grep -q -- "- $want" "$work/demo.txt" || { cat "$work/demo.txt"; echo "go.sh: example: no '$want'" >&2; exit 1; }
done
echo "go: binding tests and example passed"
