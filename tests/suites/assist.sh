#!/usr/bin/env bash
# The compile-time assistant through the CLI (docs/assist.md), with a
# scripted assistant (tests/tools/scripted_assistant.py answers from a
# table in tests/suites/assist/): a good restatement, one that does not
# compile, one that adds a threshold, one with a new verb, a decline, a
# timeout, replies that are not JSON, the lock reused without an
# assistant (same bytes), a changed sentence asked again, review
# (accept-all, reject, --json), publish refused until review, diff, a run
# of the assisted plan; and that no code outside lib/compile and the CLI
# reaches the callback. Usage: tests/suites/assist.sh [BUILD-DIR]
set -uo pipefail
. "$(dirname "$0")/common.inc" assist "${1:-build}"
here=$root/tests/suites/assist
assistant="python3 $root/tests/tools/scripted_assistant.py"

# check DESCRIPTION COMMAND...: the command succeeds.
check() {
	local what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $what" >&2
	fi
}

# json FILE PYTHON-EXPRESSION: true of the JSON in FILE (bound to `d`).
json() {
	if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
		"$1" "$2"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: JSON check failed: $2" >&2
		head -c 2000 "$1" | sed 's/^/  | /' >&2
	fi
}

asked() { # how many requests the log holds
	[ -f "$work/asked.jsonl" ] && wc -l <"$work/asked.jsonl" || echo 0
}

fresh() { # a copy of the policy with no lock beside it
	rm -f "$work"/claims.* "$work/asked.jsonl"
	cp "$here/claims.txt" "$work/claims.txt"
}

theft="A loss type of theft sends the claim straight on to the special investigations unit."
fire="Claims whose loss type is fire go off to the fire marshal for a look."
export ASSIST_LOG=$work/asked.jsonl

echo "== without an assistant the two sentences are errors"
fresh
run 4 "$policy" compile "$work/claims.txt"
has "$err" "claims.txt:8:1: error: I don't understand this sentence"
has "$err" "claims.txt:9:1: error: I don't understand this sentence"
check "no lock is written by a plain compile" test ! -e "$work/claims.assist.json"

echo "== a good restatement for each, pinned, the plan marks both"
run 0 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/good.json" -o "$work/plan1.json"
check "the assistant was asked three times" test "$(asked)" = 3
has "$err" "claims.txt:10:1: warning: read as commentary: this sentence states nothing to test"
has "$err" "claims.txt:10:1: warning: the assistant did not restate this sentence: this is commentary: nothing to test or do"
head -1 "$work/asked.jsonl" >"$work/first.json"
json "$work/first.json" "d['sentence'] == '$theft' and d['line'] == 8 and 'entry' in d and 'forms' in d and {'name': 'loss type', 'type': 'text'} in d['terms'] and 'route the claim to standard processing' in d['actions'] and d['errors']"
has "$err" "2 assisted sentences pinned in $work/claims.assist.json await review"
json "$work/plan1.json" "[a['sentence'] for a in d['assisted']] == ['$theft', '$fire'] and d['assisted'][0]['span'][:2] == [8, 1] and d['assisted'][1]['steps'] == ['action.route_the_claim_to_the_fire_marshal']"
json "$work/plan1.json" "any(s['sentence'] == 'If the loss type is theft, route the claim to the special investigations unit' and s['span'][:2] == [8, 1] for s in d['steps'])"
json "$work/claims.assist.json" "d['format'] == 'libpolicy-assist-lock/1' and [e.get('review') for e in d['entries']] == ['pending', 'pending', None] and d['entries'][2]['decline'] == 'this is commentary: nothing to test or do' and d['entries'][2]['line'] == 10 and d['entries'][0]['model'] == 'scripted-7b' and d['entries'][0]['restatement'] == 'If the loss type is theft, route the claim to the special investigations unit.' and d['entries'][1]['line'] == 9 and d['entries'][0]['assisted_at']"

echo "== the lock reused: same bytes, with or without the assistant, nothing asked"
rm -f "$work/asked.jsonl"
run 0 "$policy" compile "$work/claims.txt" -o "$work/plan2.json"
check "compiled from the lock alone, the plan is byte-identical" cmp -s "$work/plan1.json" "$work/plan2.json"
run 0 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/decline.json" -o "$work/plan3.json"
check "with the assistant at hand, it is not asked again" test "$(asked)" = 0
check "and the plan is byte-identical" cmp -s "$work/plan1.json" "$work/plan3.json"
run 0 "$policy" inspect "$work/claims.txt"
has "$out" "If the loss type is fire, route the claim to the fire marshal"
run 0 "$policy" inspect "$work/claims.txt" --sources
has "$out" "line 9:1  rule"

echo "== the assisted plan runs, and the runtime never asks the assistant"
run 0 "$policy" run "$work/claims.txt" --doc "insurance claim=$here/claim-theft.txt" --json
json "$out" "[a['text'] for a in d['actions']] == ['route the claim to standard processing', 'route the claim to the special investigations unit']"
check "lib/run and lib/plan never reach the assist callback" \
	bash -c "! grep -rnE 'assist_user_data|policy_assist_func|->assist\\b|\\.assist\\b' '$root/lib/run' '$root/lib/plan' '$root/lib/base' '$root/lib/api.c'"

echo "== publish refused until a person reviews, then accepted"
cd "$work" || exit 1
run 10 "$policy" publish claims.txt --store "$work/policy.db"
has "$err" "not published: claims.txt has assisted sentences no one has accepted in review"
has "$err" "line 8: \"$theft\""
has "$err" "line 9: \"$fire\""
has "$err" "(pending)"
has "$err" "policy review claims.txt"
run 1 "$policy" review claims.txt
has "$out" "written:  $theft"
has "$out" "read as:  If the loss type is theft, route the claim to the special investigations unit."
has "$out" "action.route_the_claim_to_the_special_investigations_u  action: route the claim to the special investigations unit"
has "$out" "2 assisted sentences, 2 not accepted."
run 2 "$policy" review claims.txt --accept-all
has "$err" "--accept-all needs --reviewer NAME"
run 0 "$policy" review claims.txt --accept-all --reviewer "Dana Underwriter"
json "$work/claims.assist.json" "all(e['review'] == 'accepted' and e['reviewer'] == 'Dana Underwriter' and e['reviewed_at'] for e in d['entries'] if 'restatement' in e)"
run 0 "$policy" review claims.txt --json
json "$out" "d['unreviewed'] == 0 and [s['review'] for s in d['sentences']] == ['accepted', 'accepted'] and d['sentences'][1]['steps'][0]['kind'] == 'action' and d['sentences'][0]['model'] == 'scripted-7b'"
run 0 "$policy" publish claims.txt --store "$work/policy.db"
has "$out" "Published Claims Intake 4.2.1"
run 0 "$policy" compile claims.txt -o "$work/plan4.json"
check "review leaves the plan as it was" cmp -s "$work/plan1.json" "$work/plan4.json"
run 0 "$policy" diff "Claims Intake@4.2.1" claims.txt --store "$work/policy.db"
has "$out" "Assisted sentences (restated by the compile-time assistant):"
has "$out" "line 8: \"$theft\""
has "$out" "(accepted)"
run 0 "$policy" diff "Claims Intake@4.2.1" claims.txt --store "$work/policy.db" --json
json "$out" "d['equal'] and [a['side'] for a in d['assisted']] == ['both', 'both'] and d['assisted'][0]['review'] == 'accepted'"
cd "$root" || exit 1

echo "== a changed sentence is asked again; the unchanged one comes from the lock"
sed -i 's/sends the claim straight on to/sends the claim at once to/' "$work/claims.txt"
rm -f "$work/asked.jsonl"
run 0 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/changed.json" -o "$work/plan5.json"
check "one request" test "$(asked)" = 1
json "$work/asked.jsonl" "d['sentence'] == 'A loss type of theft sends the claim at once to the special investigations unit.'"
json "$work/claims.assist.json" "[(e.get('review'), e['model']) for e in d['entries']] == [('pending', 'scripted-13b'), ('accepted', 'scripted-7b'), (None, 'scripted-7b')]"
run 10 "$policy" publish "$work/claims.txt" --store "$work/policy.db"
has "$err" "1 of 2 assisted sentences not accepted"
run 0 "$policy" diff "Claims Intake@4.2.1" "$work/claims.txt" --store "$work/policy.db"
has "$out" "+ line 8: \"A loss type of theft sends the claim at once to the special investigations unit.\""
has "$out" "(pending)"
has "$out" "- line 8: \"$theft\""
has "$out" "no longer assisted"

echo "== a restatement rejected in review is not used; asking again says what was rejected"
fresh
run 0 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/good.json" -o /dev/null
python3 - "$work/claims.assist.json" <<'EOF'
import json, sys
lock = json.load(open(sys.argv[1]))
lock["entries"][1].update(review="rejected", reviewer="Dana Underwriter", reviewed_at="2026-03-02T10:00:00Z")
json.dump(lock, open(sys.argv[1], "w"), indent=2)
EOF
run 4 "$policy" compile "$work/claims.txt"
has "$err" "claims.txt:9:1: warning: the restatement pinned for this sentence was rejected in review"
rm -f "$work/asked.jsonl"
run 0 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/good.json" -o /dev/null
json "$work/asked.jsonl" "d['rejected'] == ['If the loss type is fire, route the claim to the fire marshal.']"

echo "== a restatement that does not compile: both sentences named"
fresh
run 4 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/nocompile.json"
has "$err" "claims.txt:8:1: error: the restatement of '$theft' does not compile: 'If the loss type is theft route the claim to the special investigations unit whenever.'"
check "nothing is pinned when the policy does not compile" test ! -e "$work/claims.assist.json"

echo "== a restatement that adds a threshold is rejected, both sentences named"
fresh
run 4 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/threshold.json"
has "$err" "claims.txt:9:1: error: the restatement of '$fire' is not faithful: it adds the amount '\$75,000', which the sentence does not have: 'If the loss type is fire and the claimed amount exceeds \$75,000, route the claim to the fire marshal.'"
lacks "$err" "claims.txt:8:1: error: the restatement"

echo "== a restatement with an action the policy never names is rejected"
fresh
run 4 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/newverb.json"
has "$err" "is not faithful: it uses the word 'refer', which neither the sentence nor the rest of the policy uses"

echo "== a decline keeps the sentence's error and says why"
fresh
run 4 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/decline.json"
has "$err" "claims.txt:8:1: error: I don't understand this sentence"
has "$err" "claims.txt:8:1: warning: the assistant did not restate this sentence: I cannot tell who flags a claim as theft"
lacks "$err" "claims.txt:9:1: error"

echo "== a timeout: the command is killed, and not asked again"
fresh
start=$(date +%s)
run 4 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/slow.json" --assist-timeout 1
check "the timeout cut the wait short" test $(($(date +%s) - start)) -lt 10
has "$err" "claims.txt:8:1: error: the assistant failed on this sentence: the assist command did not answer within 1 seconds"
check "one request only" test "$(asked)" = 1
run 2 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/slow.json" --assist-timeout soon

echo "== replies that are not the expected JSON, and a command that fails"
fresh
run 4 "$policy" compile "$work/claims.txt" --assist-cmd "$assistant $here/notjson.json"
has "$err" "claims.txt:8:1: error: the assistant's reply for this sentence is not the expected JSON: it is not JSON"
has "$err" "claims.txt:9:1: error: the assistant failed on this sentence: the assist command exited with status 3"
fresh
run 4 "$policy" compile "$work/claims.txt" --assist-cmd "/nonexistent/assistant"
has "$err" "the assistant failed on this sentence: the assist command exited with status 127"
run 2 "$policy" compile - --assist-cmd "$assistant $here/good.json"

echo "== a lock that is not one"
fresh
echo '{"format": "something else"}' >"$work/claims.assist.json"
run 4 "$policy" compile "$work/claims.txt"
has "$err" "the assist lock is not valid: its \"format\" is not \"libpolicy-assist-lock/1\""

echo "assist.sh: $passed passed, $failed failed"
[ "$failed" = 0 ]
