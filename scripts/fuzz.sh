#!/usr/bin/env bash
# Run the libFuzzer targets in fuzz/ for SECONDS each and fail on any
# finding (crash, sanitizer report, leak, invariant failure, timeout, OOM).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 20 s, every target
#   scripts/fuzz.sh 20                         what CI runs
#   scripts/fuzz.sh 14400 compile              four hours on fuzz_compile
#   FUZZ_JOBS=2 scripts/fuzz.sh 3600           two fuzzing processes a target
#
# Targets: compile plan_load extract trail answer. The build is
# build-fuzz/ (CC=clang, -Dfuzz=true; FUZZ_BUILD overrides). Seeds are
# made fresh on every run from tests/vectors, the dev corpus
# (../shared/corpus/dev, when present), examples/ and fuzz/regressions/;
# plans and trails are produced by compiling and running those policies.
# What a long run (5 minutes or more, or 0: no limit) learns is kept in
# build-fuzz/fuzz-work/corpus/TARGET and grows from run to run; a short
# run (CI) starts from the seeds alone, as libFuzzer replays its whole
# corpus before the clock starts. A finding is written to
# build-fuzz/fuzz-work/artifacts/TARGET/; reproduce it with
#   build-fuzz/fuzz/fuzz_TARGET FILE
# and, once fixed, keep it as a regression test by copying it to
# fuzz/regressions/fuzz_TARGET/ (tests/test_fuzz_regressions.c replays it).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(compile plan_load extract trail answer)
dir=${FUZZ_BUILD:-build-fuzz}
jobs=${FUZZ_JOBS:-1}
repo=$PWD

scripts/deps.sh core
if [ ! -d "$dir" ]; then
	CC=clang meson setup "$dir" -Dfuzz=true -Dtests=false >/dev/null
fi
ninja -C "$dir" cli/policy $(printf 'fuzz/fuzz_%s ' "${targets[@]}") >/dev/null

work=$(cd "$dir" && pwd)/fuzz-work
seeds=$work/seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$work/corpus" "$work/artifacts" "$work/plans"
cli=$dir/cli/policy

# ---- seeds ----

policies=(tests/vectors/*/policy.txt examples/claims/policy.txt tests/policies/*/policy.txt)
[ -d ../shared/corpus/dev ] && policies+=(../shared/corpus/dev/*/policy.txt)

byte() { printf "\\$(printf '%03o' "$1")"; }

seed() { # seed TARGET NAME < data
	mkdir -p "$seeds/$1"
	cat >"$seeds/$1/$2"
}

# Which of fuzz_common.h's policies reads a document type, as the first
# byte of an fuzz_extract input.
policy_byte() {
	case "$1" in
	"claim form") byte 1 ;;
	"loan application" | appraisal | "financial statement") byte 2 ;;
	application) byte 3 ;;
	"claim log") byte 4 ;;
	*) byte 0 ;;
	esac
}

n=0
for p in "${policies[@]}"; do
	n=$((n + 1))
	seed compile "policy$n" <"$p"
	plan=$work/plans/plan$n.json
	"$cli" compile "$p" -o "$plan" 2>/dev/null || continue
	seed plan_load "plan$n" <"$plan"
	# Run each case of the policy to get trails.
	cases_dir=$(dirname "$p")/cases
	vec_dir=$(dirname "$p")
	runs=()
	[ -d "$cases_dir" ] && runs=("$cases_dir"/*/)
	[ -d "$vec_dir/docs" ] && runs+=("$vec_dir/")
	k=0
	for c in "${runs[@]}"; do
		k=$((k + 1))
		args=()
		for d in "$c"docs/*.txt; do
			[ -e "$d" ] || continue
			type=$(basename "$d" .txt)
			type=${type%.[0-9]*}
			type=${type//_/ }
			args+=(--doc "$type=$d")
			{ policy_byte "$type"; cat "$d"; } | seed extract "doc$n-$k-$(basename "$d")"
		done
		[ -f "$c/facts.json" ] && args+=(--facts "$c/facts.json")
		trail=$work/plans/trail$n-$k.jsonl
		"$cli" run "$plan" "${args[@]}" --trail "$trail" >/dev/null 2>&1 || true
		if [ -s "$trail" ]; then
			{ byte 0; cat "$trail"; } | seed trail "trail$n-$k"
			{ byte 1; cat "$trail"; } | seed trail "trail$n-$k-resign"
		fi
	done
done

# Answers: per policy, all built-in, typical values, missing, failures,
# held-back tasks.
rs=$'\x1e'
for i in 0 1 2 3 4; do
	byte "$i" | seed answer "builtin$i"
	{ byte "$i"; printf '%s' "{\"value\":\"72400.00\"}$rs{\"value\":\"2026-03-14\"}$rs{\"value\":\"HO-1\"}$rs{\"value\":\"2025-06-01\"}$rs{\"value\":\"2026-06-01\"}"; } |
		seed answer "values$i"
	{ byte "$i"; printf '%s' "{\"missing\":\"no label\"}${rs}F the host failed${rs}B${rs}H{\"value\":\"3\"}$rs{\"values\":[{\"value\":\"4200.00\",\"evidence\":{\"document\":\"deposit slip\",\"index\":1,\"count\":2,\"page\":1,\"line\":3}}]}"; } |
		seed answer "mixed$i"
	{ byte "$i"; printf '%s' "{\"error\":\"ambiguous\"}$rs{\"value\":true}$rs{\"value\":\"45%\"}$rs{\"value\":\"1.25x\"}$rs{\"value\":\"30 days\"}"; } |
		seed answer "types$i"
done

# Documents that are not text: a PDF with a text layer and a scan, when
# this build can make them (issue 17: sniffing, poppler, OCR).
if [ -x build/tests/mkdoc ] && [ -d ../shared/corpus/dev ]; then
	form=../shared/corpus/dev/claims_intake/cases/large_claim/docs/claim_form.txt
	if build/tests/mkdoc pdf "$form" "$work/form.pdf" 2>/dev/null; then
		{ byte 1; cat "$work/form.pdf"; } | seed extract "pdf-claim-form"
		build/tests/mkdoc scan "$work/form.pdf" "$work/scan.pdf" 100 0 0 1 2>/dev/null &&
			{ byte 1; cat "$work/scan.pdf"; } | seed extract "scan-claim-form"
	fi
fi
{ byte 1; printf '\x89PNG\r\n\x1a\n'; } | seed extract "png-header"

for t in "${targets[@]}"; do
	if [ -d "fuzz/regressions/fuzz_$t" ]; then
		for f in fuzz/regressions/fuzz_"$t"/*; do
			[ -f "$f" ] && seed "$t" "regression-$(basename "$f")" <"$f"
		done
	fi
done

# ---- fuzzing ----

dict_of() {
	case "$1" in
	compile) echo policy ;;
	plan_load) echo plan ;;
	extract) echo document ;;
	trail) echo trail ;;
	answer) echo answer ;;
	esac
}

max_len_of() {
	case "$1" in
	compile) echo 16384 ;;
	plan_load) echo 131072 ;;
	extract) echo 32768 ;;
	trail) echo 131072 ;;
	answer) echo 8192 ;;
	esac
}

failed=()
for t in "${targets[@]}"; do
	rm -rf "$work/artifacts/$t"
	mkdir -p "$work/corpus/$t" "$work/artifacts/$t" "$seeds/$t"
	# libFuzzer runs its whole corpus before the clock starts: a short run
	# (CI) starts from the seeds alone, so it stays short however large
	# the kept corpus has grown; long runs (5 minutes or more) keep theirs.
	corpus=$work/corpus/$t
	if [ "$secs" -gt 0 ] && [ "$secs" -lt 300 ]; then
		corpus=$work/scratch/$t
		rm -rf "$corpus"
		mkdir -p "$corpus"
	fi
	echo "== fuzz_$t for ${secs}s ($(ls "$seeds/$t" | wc -l) seeds, $(ls "$corpus" | wc -l) in corpus)"
	log=$work/fuzz_$t.log
	extra=()
	[ "$jobs" -gt 1 ] && extra=(-jobs="$jobs" -workers="$jobs")
	set +e
	# From the work folder: with FUZZ_JOBS, libFuzzer writes fuzz-N.log
	# files into the current directory.
	(cd "$work" &&
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:allocator_may_return_null=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$(dirname "$work")/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -max_len="$(max_len_of "$t")" \
		-dict="$repo/fuzz/dict/$(dict_of "$t").dict" -use_value_profile=1 \
		-print_final_stats=1 -artifact_prefix="$work/artifacts/$t/" "${extra[@]}" \
		"$corpus" "$seeds/$t") >"$log" 2>&1
	rc=$?
	set -e
	grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" | tr '\n' ' ' || true
	echo
	found=$(find "$work/artifacts/$t" -type f | head -5)
	if [ $rc -ne 0 ] || [ -n "$found" ]; then
		echo "fuzz_$t FAILED (exit $rc); log: $log"
		grep -E 'ERROR|invariant failed|SUMMARY|Test unit written' "$log" | head -20 || true
		failed+=("$t")
	fi
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzzing found problems in: ${failed[*]}"
	exit 1
fi
echo "fuzzing: no findings"
