#!/usr/bin/env bash
# The Node binding (bindings/node) and the Node claims example, against the
# build tree and offline: the addon is meson's optional `node` target
# (BUILD/bindings/node/policy.node), built from node_api.h without node-gyp.
# Usage: tests/suites/node.sh [BUILD]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$(cd "${1:-build}" && pwd)
if ! command -v node >/dev/null 2>&1 || [ ! -f /usr/include/node/node_api.h ]; then
	echo "node.sh: Node or its headers (/usr/include/node/node_api.h) are missing" \
		"(scripts/deps.sh all installs them)" >&2
	exit 1
fi
# A build directory configured before the headers were there (or with
# -Dnode=disabled) has no addon target: turn it on.
if [ ! -e "$build/bindings/node" ] && ! grep -q 'policy\.node' "$build/build.ninja"; then
	meson configure "$build" -Dnode=enabled >/dev/null
fi
meson compile -C "$build" bindings/node/policy:shared_module >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export POLICY_BUILD_DIR="$build" POLICY_SOURCE_ROOT="$PWD"

echo "node: $(node --version)"
node --expose-gc --test bindings/node/test/*.test.js

node examples/node/claims.js examples/claims > "$work/demo.txt"
for want in "escalate to senior adjuster review" "route the claim to standard processing" \
	"deny the claim"; do
	grep -q -- "- $want" "$work/demo.txt" || { cat "$work/demo.txt"; echo "node.sh: example: no '$want'" >&2; exit 1; }
done
echo "node: binding tests and example passed"
