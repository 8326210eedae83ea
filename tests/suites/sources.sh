#!/usr/bin/env bash
# What the compiler understood, through the CLI: `policy inspect --english`
# and `policy inspect --sources` on a policy shaped like a document
# (tests/suites/sources/lending.txt: a title, a Purpose paragraph, numbered
# headings and clauses, a requirement group, a passive consequence,
# If/Otherwise, a scope, a section scope, a list of rules), from the text
# and from its saved plan; and a change of commentary in `policy diff`.
# Usage: tests/suites/sources.sh [BUILD-DIR]
set -uo pipefail
. "$(dirname "$0")/common.inc" sources "${1:-build}"
here=$root/tests/suites/sources
doc=$here/lending.txt

# has FILE TEXT: a line of the file is TEXT (whole line, fixed string);
# stricter than common.inc's, which it replaces here.
has() {
	if grep -qxF -- "$2" "$1"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $(basename "$1") lacks the line: $2" >&2
		sed 's/^/  | /' "$1" | head -40 >&2
	fi
}

same() {
	if cmp -s "$1" "$2"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $(basename "$1") and $(basename "$2") differ:" >&2
		diff "$1" "$2" | head -20 >&2
	fi
}

echo "== inspect --english"
run 0 "$policy" inspect --english "$doc"
cp "$out" "$work/english.txt"
has "$out" "Commercial Term Lending 3.0, effective 2026-01-01: the policy as the compiler understood it"
has "$out" "1 Definitions"
has "$out" "  line 15: the loan-to-value ratio is the loan amount divided by the appraised value"
has "$out" "2 Eligibility"
has "$out" "  2.1 (line 19): require the credit score to be at least 660 (requirement)"
has "$out" "  2.2 (line 21): require the loan-to-value ratio to be at most 80% (requirement)"
has "$out" "  2.3 (line 23): decline the application when the net worth is below \$250,000.00"
has "$out" "  2.4 (line 25): decline the application when requirement 2.1 (line 19) or 2.2 (line 21) is not met"
has "$out" "  line 29: approve the application when the loan amount does not exceed \$1,000,000.00"
has "$out" "  line 31: require at least 2 appraisals when the loan amount exceeds \$2,000,000.00 (requirement)"
has "$out" "  line 39: request two years of tax returns when the loan amount exceeds \$500,000.00 and the business start date is after January 1, 2024"
has "$out" "1 sentence of commentary made no step (policy inspect --sources lists them)."
lacks "$out" "This policy sets"

echo "== inspect --sources"
run 0 "$policy" inspect --sources "$doc"
cp "$out" "$work/sources.txt"
has "$out" "Commercial Term Lending 3.0, effective 2026-01-01: 15 sentences: 8 rules, 3 requirements, 1 definition, 2 extractions, 1 commentary"
has "$out" "line 9:1  commentary  Purpose"
has "$out" "  \"This policy sets the minimum credit standards for commercial term loans\""
has "$out" "line 23:5  rule  section 2 Eligibility, clause 2.3"
has "$out" "  \"Applications with a net worth below \$250,000 are declined\""
has "$out" "  steps: action.decline_the_application"
has "$out" "line 35:1  rule  section 4 Seasoning"
has "$out" "  steps: action.flag_the_application_for_seasoning_review, action.request_two_years_of_tax_returns"

echo "== the same from the saved plan"
run 0 "$policy" compile "$doc" -o "$work/plan.json"
if grep -q '"sources": \[' "$work/plan.json"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL: the plan has no source map" >&2
fi
run 0 "$policy" inspect --english "$work/plan.json"
same "$out" "$work/english.txt"
run 0 "$policy" inspect --sources "$work/plan.json"
same "$out" "$work/sources.txt"
run 0 "$policy" inspect "$work/plan.json"
has "$out" "Steps: 15 in 4 levels; 15 deterministic, 0 LLM; estimated tokens: 0"

echo "== usage"
run 2 "$policy" inspect --english --sources "$doc"
has "$err" "usage: policy inspect PLAN.json|POLICY.txt [--dot | --mermaid | --english | --sources]"
run 2 "$policy" inspect --english
run 2 "$policy" inspect --verbose "$doc"
run 0 "$policy" --help
has "$out" "      --english: every rule restated in canonical English, clause by clause"

echo "== a policy with errors"
sed 's/The credit score must be at least 660/The credit scroe must be at least 660/' "$doc" >"$work/typo.txt"
run 4 "$policy" inspect --english "$work/typo.txt"

echo "== commentary in diff"
sed 's/This policy sets the minimum credit standards for commercial term loans./This policy sets the credit standards for term loans./' "$doc" >"$work/edited.txt"
run 0 "$policy" diff "$doc" "$work/edited.txt"
has "$out" "  commentary removed (line 9): \"This policy sets the minimum credit standards for commercial term loans\""
has "$out" "  commentary added (line 9): \"This policy sets the credit standards for term loans\""
has "$out" "No semantic changes: only commentary changed, which decides nothing."

echo "sources: $passed passed, $failed failed"
[ "$failed" = 0 ]
