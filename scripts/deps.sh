#!/usr/bin/env bash
# Install the Debian packages libpolicy needs, only those missing.
# Usage: scripts/deps.sh [core|all]   (core: build + C tests; all: + bindings)
# PDFs (poppler-glib, cairo) and scans (Tesseract, Leptonica, English data)
# are optional for the build (meson -Dpdf= -Docr=) but installed here.
set -euo pipefail
want=(meson ninja-build pkg-config gcc clang libclang-rt-14-dev libcjson-dev libutf8proc-dev
      libxxhash-dev libcmocka-dev libsqlite3-dev libz3-dev python3 valgrind
      libpoppler-glib-dev libcairo2-dev libtesseract-dev libleptonica-dev tesseract-ocr-eng)
if [ "${1:-core}" = all ]; then
	want+=(python3-pytest golang-go)
	# Scale (issue 20): the Dask backtest, Graphviz for --dot, Chromium for
	# the HTML report's browser test, script(1) for the progress bar test.
	want+=(python3-dask python3-distributed python3-pandas graphviz chromium bsdutils)
	command -v node >/dev/null 2>&1 || want+=(nodejs)
fi
missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# Node's C headers come with the nodesource package or Debian's libnode-dev.
if [ "${1:-core}" = all ] && [ ! -f /usr/include/node/node_api.h ]; then
	missing+=(libnode-dev)
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq || true
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
