#!/usr/bin/env bash
# Documents as PDFs and scans (issue 17), made at test time from the dev
# corpus by build/tests/mkdoc: every case rendered as a text PDF must decide
# as its text version does with every field read the same, its evidence
# (page, box, label, score) in the trail and in `policy explain`; a few
# scanned pages go through OCR, turned 0.4 degrees, with noise: two-page
# claim forms at 300 dpi (PDFs of images) and one-page forms at 200 dpi
# (PNGs without a resolution), each field's box where the text PDF has it.
# The full scan measurement is bench/ocr.py (bench/README.md).
set -euo pipefail
# Tesseract's OpenMP threads wait for each other when the cores are busy
# (a test run is): one thread reads a page in half the time here.
export OMP_THREAD_LIMIT=1
build=${1:-build}
cli=$build/cli/policy
mkdoc=$build/tests/mkdoc
corpus=../shared/corpus/dev
if [ ! -x "$mkdoc" ]; then
	echo "documents: skipped (built without poppler-glib)"
	exit 0
fi
if [ ! -d "$corpus" ]; then
	echo "documents: skipped ($corpus not found)"
	exit 0
fi
python3 tests/tools/doc_corpus.py --cli "$cli" --mkdoc "$mkdoc" --mode pdf "$corpus" | tail -1

# The README's command on a PDF.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$mkdoc" pdf "$corpus/claims_intake/cases/large_claim/docs/claim_form.txt" "$tmp/claim.pdf"
"$cli" compile "$corpus/claims_intake/policy.txt" -o "$tmp/plan.json" 2>/dev/null
"$cli" run "$tmp/plan.json" --doc "claim form=$tmp/claim.pdf" \
	--facts "$corpus/claims_intake/cases/large_claim/facts.json" --trail "$tmp/t.jsonl" >"$tmp/out.txt"
grep -q "escalate to senior adjuster review" "$tmp/out.txt"
grep -q '"score":[0-9]*,"source":"pdf","bbox":\[' "$tmp/t.jsonl"
"$cli" explain "$tmp/t.jsonl" >/dev/null

if "$build/tests/test_documents" >/dev/null 2>&1 && grep -q POLICY_HAVE_TESSERACT "$build/build.ninja"; then
	python3 tests/tools/doc_corpus.py --cli "$cli" --mkdoc "$mkdoc" --mode scan --limit 2 \
		"$corpus" claims_intake | tail -1
	python3 tests/tools/doc_corpus.py --cli "$cli" --mkdoc "$mkdoc" --mode scan --dpi 200 \
		--limit 2 "$corpus" auto_total_loss | tail -1
fi
echo "documents: ok"
