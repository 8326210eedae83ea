/*
 * The why-trail: the iterator's accessors on every kind of entry, JSON
 * Lines export and loading, verification against a plan, the English
 * explanation of a known case, and tampering: any altered byte, removed,
 * reordered or inserted line breaks the hash chain (POLICY_ERR_CHAIN).
 *
 * One policy has every kind of step: extract, lookup, compute, check,
 * require, action, llm (a model's judgment, answered by a scripted model)
 * and guardrail (which replaces an action).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "support.h"

static const char every_kind[] =
	"Policy: Claims Intake with Damage Review\n"
	"Version: 4.3.0\n"
	"Effective: April 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the policy number, the cause of loss and the "
	"claimed amount from the claim form. Look up the policy limit for the policy number in the "
	"policy administration system.\n"
	"\n"
	"The covered amount is the claimed amount minus $1,000.\n"
	"\n"
	"Require a police report.\n"
	"Verify that the covered amount is at most the policy limit.\n"
	"\n"
	"Confirm that the damage described in the adjuster notes is consistent with the cause of "
	"loss.\n"
	"\n"
	"Never approve a claim above $100,000 automatically; route it to the claims committee "
	"instead.\n"
	"If the claimed amount is at most $250,000, approve the claim for payment.\n";

static const char every_kind_case[] =
	"id CL-7\n"
	"doc claim form: Policy Number: HO-7|Cause of Loss: Burst supply line under the kitchen "
	"sink|\fClaimed Amount: $120,000\n"
	"doc adjuster notes: The burst supply line under the kitchen sink flooded the kitchen.\n"
	"fact policy limit = \"100000.00\"";

static policy_status model(const char *request, policy_reply *reply, void *ud)
{
	int *calls = ud;
	(*calls)++;
	assert_non_null(strstr(request, "\"task\":\"judge\""));
	static const char a[] = "{\"answer\":{\"consistent\":true,\"rationale\":\"water damage\","
	                        "\"evidence\":[\"burst supply line under the kitchen sink\"]},"
	                        "\"usage\":{\"prompt_tokens\":500,\"completion_tokens\":30}}";
	return policy_reply_set_json(reply, a, sizeof a - 1);
}

static int64_t clock_ms(void *ud)
{
	int64_t *t = ud;
	return *t += 5;
}

typedef struct run {
	policy_plan *plan;
	policy_exec *exec;
	const policy_trail *trail;
	int model_calls;
	int64_t clock;
} run;

static void run_every_kind(run *r)
{
	memset(r, 0, sizeof *r);
	r->clock = 1767225600000; /* 2026-01-01 */
	r->plan = compile_ok(every_kind);
	policy_host *h;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	policy_host_set_llm_func(h, model, &r->model_calls, NULL);
	policy_host_set_now_func(h, clock_ms, &r->clock, NULL);
	policy_case *c = make_case(every_kind_case);
	policy_error *err = NULL;
	policy_status st = policy_execute(r->plan, h, c, NULL, &r->exec, &err);
	if (st != POLICY_OK)
		fail_msg("execute: %s", err ? policy_error_message(err) : policy_status_name(st));
	policy_case_free(c);
	policy_host_free(h);
	assert_int_equal(r->model_calls, 1);
	r->trail = policy_exec_trail(r->exec);
	assert_non_null(r->trail);
}

static void run_free(run *r)
{
	policy_exec_free(r->exec);
	policy_plan_free(r->plan);
}

static char *compact(const cJSON *v)
{
	if (!v)
		return strdup("(absent)");
	char *s = cJSON_PrintUnformatted(v);
	char *d = strdup(s);
	cJSON_free(s);
	return d;
}

static void assert_member_string(const cJSON *o, const char *key, const char *got)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);
	assert_non_null(v);
	if (cJSON_IsNull(v))
		assert_null(got);
	else if (!got || strcmp(v->valuestring, got))
		fail_msg("\"%s\": the line says \"%s\", the accessor \"%s\"", key, v->valuestring,
		         got ? got : "(null)");
}

/* Each accessor says what the entry's own JSON line says. */
static void test_iterator_matches_lines(void **state)
{
	(void)state;
	run r;
	run_every_kind(&r);
	char *jsonl;
	size_t len;
	assert_int_equal(policy_trail_to_jsonl(r.trail, &jsonl, &len), POLICY_OK);
	assert_int_equal(strlen(jsonl), len);
	assert_int_equal(jsonl[len - 1], '\n');

	policy_trail_iter *it;
	assert_int_equal(policy_trail_iter_new(r.trail, &it), POLICY_OK);
	/* Before the first next there is no entry. */
	assert_null(policy_trail_iter_step_id(it));
	assert_int_equal(policy_trail_iter_seq(it), 0);

	bool kinds[POLICY_STEP_GUARDRAIL + 1] = { false };
	const char *line = jsonl;
	uint64_t n = 0, tokens = 0;
	char prev_hash[33];
	snprintf(prev_hash, sizeof prev_hash, "%s", policy_plan_body_hash(r.plan));
	int64_t last_end = 0;
	while (policy_trail_iter_next(it)) {
		n++;
		const char *nl = strchr(line, '\n');
		assert_non_null(nl);
		const char *json = policy_trail_iter_json(it);
		assert_int_equal(strlen(json), (size_t)(nl - line));
		assert_memory_equal(json, line, (size_t)(nl - line));
		line = nl + 1;

		cJSON *o = cJSON_Parse(json);
		assert_non_null(o);
		assert_int_equal(policy_trail_iter_seq(it), n);
		assert_int_equal(cJSON_GetObjectItem(o, "seq")->valueint, (int)n);
		assert_member_string(o, "step", policy_trail_iter_step_id(it));
		assert_member_string(o, "kind", policy_step_kind_name(policy_trail_iter_kind(it)));
		kinds[policy_trail_iter_kind(it)] = true;
		assert_member_string(o, "policy", policy_trail_iter_policy_name(it));
		assert_string_equal(policy_trail_iter_policy_name(it), "Claims Intake with Damage Review");
		assert_member_string(o, "version", policy_trail_iter_policy_version(it));
		assert_string_equal(policy_trail_iter_policy_version(it), "4.3.0");
		assert_member_string(o, "plan", policy_trail_iter_plan_hash(it));
		assert_string_equal(policy_trail_iter_plan_hash(it), policy_plan_body_hash(r.plan));
		assert_member_string(o, "case", "CL-7");
		assert_member_string(o, "case", policy_trail_iter_case_id(it));
		assert_member_string(o, "label", policy_trail_iter_label(it));
		assert_non_null(policy_trail_iter_label(it));
		assert_member_string(o, "display", policy_trail_iter_display(it));
		assert_member_string(o, "error", policy_trail_iter_error(it));
		assert_member_string(o, "sentence", policy_trail_iter_sentence(it));
		assert_int_equal(cJSON_GetObjectItem(o, "line")->valueint, (int)policy_trail_iter_line(it));
		char *out = compact(cJSON_GetObjectItem(o, "output"));
		assert_string_equal(out, policy_trail_iter_output_json(it));
		free(out);
		assert_member_string(o, "reason", policy_trail_iter_reason(it));
		assert_true(policy_trail_iter_started_at(it) ==
		            (int64_t)cJSON_GetObjectItem(o, "started")->valuedouble);
		assert_true(policy_trail_iter_ended_at(it) ==
		            (int64_t)cJSON_GetObjectItem(o, "ended")->valuedouble);
		assert_true(policy_trail_iter_started_at(it) <= policy_trail_iter_ended_at(it));
		last_end = policy_trail_iter_ended_at(it) > last_end ? policy_trail_iter_ended_at(it)
		                                                     : last_end;
		assert_int_equal(policy_trail_iter_tokens(it),
		                 cJSON_GetObjectItem(o, "tokens")->valueint);
		tokens += policy_trail_iter_tokens(it);

		const cJSON *inputs = cJSON_GetObjectItem(o, "inputs");
		assert_int_equal(policy_trail_iter_input_count(it), cJSON_GetArraySize(inputs));
		for (size_t i = 0; i < policy_trail_iter_input_count(it); i++) {
			const cJSON *in = cJSON_GetArrayItem(inputs, (int)i);
			assert_member_string(in, "name", policy_trail_iter_input_name(it, i));
			assert_member_string(in, "value", policy_trail_iter_input_value(it, i));
			char *ev = compact(cJSON_GetObjectItem(in, "evidence"));
			assert_string_equal(ev, policy_trail_iter_input_evidence_json(it, i));
			free(ev);
		}
		assert_null(policy_trail_iter_input_name(it, policy_trail_iter_input_count(it)));
		assert_null(policy_trail_iter_input_evidence_json(it, 99));

		const cJSON *guards = cJSON_GetObjectItem(o, "guardrails");
		assert_int_equal(policy_trail_iter_guardrail_count(it), cJSON_GetArraySize(guards));
		for (size_t g = 0; g < policy_trail_iter_guardrail_count(it); g++) {
			const cJSON *gr = cJSON_GetArrayItem(guards, (int)g);
			assert_member_string(gr, "name", policy_trail_iter_guardrail_name(it, g));
			assert_member_string(gr, "attempted", policy_trail_iter_guardrail_attempted(it, g));
			assert_member_string(gr, "alternative",
			                     policy_trail_iter_guardrail_alternative(it, g));
		}
		assert_null(policy_trail_iter_guardrail_name(it, 99));

		/* The chain: each entry names the one before (the first, the plan). */
		assert_member_string(o, "prev", policy_trail_iter_prev_hash(it));
		assert_string_equal(policy_trail_iter_prev_hash(it), prev_hash);
		assert_member_string(o, "hash", policy_trail_iter_hash(it));
		assert_int_equal(strlen(policy_trail_iter_hash(it)), 32);
		snprintf(prev_hash, sizeof prev_hash, "%s", policy_trail_iter_hash(it));
		cJSON_Delete(o);
	}
	assert_int_equal(*line, '\0');
	assert_int_equal(n, policy_plan_step_count(r.plan));
	assert_int_equal(n, policy_trail_entry_count(r.trail));
	for (int k = POLICY_STEP_EXTRACT; k <= POLICY_STEP_GUARDRAIL; k++)
		if (!kinds[k])
			fail_msg("no %s entry in the trail", policy_step_kind_name((policy_step_kind)k));
	assert_int_equal(tokens, policy_exec_tokens_used(r.exec));
	assert_int_equal(tokens, 530);
	assert_true(last_end > 1767225600000);
	/* After the end: nothing, and it stays so. */
	assert_int_equal(policy_trail_iter_next(it), 0);
	assert_null(policy_trail_iter_step_id(it));
	assert_null(policy_trail_iter_json(it));
	assert_int_equal(policy_trail_iter_next(it), 0);
	policy_trail_iter_free(it);
	policy_free(jsonl);
	run_free(&r);
}

static bool find_entry(policy_trail_iter *it, const char *step)
{
	while (policy_trail_iter_next(it))
		if (!strcmp(policy_trail_iter_step_id(it), step))
			return true;
	return false;
}

/* What particular entries say: values, evidence, reasons, guardrails. */
static void test_entries_of_each_kind(void **state)
{
	(void)state;
	run r;
	run_every_kind(&r);
	policy_trail_iter *it;

	/* extract: the value; no inputs. */
	assert_int_equal(policy_trail_iter_new(r.trail, &it), POLICY_OK);
	assert_true(find_entry(it, "extract.claimed_amount"));
	assert_int_equal(policy_trail_iter_kind(it), POLICY_STEP_EXTRACT);
	assert_string_equal(policy_trail_iter_output_json(it), "\"120000.00\"");
	assert_string_equal(policy_trail_iter_display(it), "$120,000.00");
	assert_string_equal(policy_trail_iter_label(it), "claimed amount");
	assert_null(policy_trail_iter_error(it));
	assert_string_equal(policy_trail_iter_case_id(it), "CL-7");
	assert_int_equal(policy_trail_iter_input_count(it), 0);
	assert_int_equal(policy_trail_iter_line(it), 5);
	assert_int_equal(policy_trail_iter_tokens(it), 0);
	policy_trail_iter_free(it);

	/* lookup: reads the key; the fact's source is evidence where it is
	 * used. */
	assert_int_equal(policy_trail_iter_new(r.trail, &it), POLICY_OK);
	assert_true(find_entry(it, "lookup.policy_limit"));
	assert_int_equal(policy_trail_iter_kind(it), POLICY_STEP_LOOKUP);
	assert_string_equal(policy_trail_iter_output_json(it), "\"100000.00\"");
	assert_int_equal(policy_trail_iter_input_count(it), 1);
	assert_string_equal(policy_trail_iter_input_name(it, 0), "policy number");
	assert_string_equal(policy_trail_iter_input_value(it, 0), "HO-7");
	cJSON *ev = cJSON_Parse(policy_trail_iter_input_evidence_json(it, 0));
	assert_string_equal(cJSON_GetObjectItem(ev, "document")->valuestring, "claim form");
	assert_int_equal(cJSON_GetObjectItem(ev, "page")->valueint, 1);
	assert_int_equal(cJSON_GetObjectItem(ev, "line")->valueint, 1);
	assert_int_equal(cJSON_GetObjectItem(ev, "index")->valueint, 1);
	assert_int_equal(cJSON_GetObjectItem(ev, "count")->valueint, 1);
	assert_string_equal(cJSON_GetObjectItem(ev, "snippet")->valuestring, "Policy Number: HO-7");
	cJSON_Delete(ev);
	policy_trail_iter_free(it);

	/* compute: the exact difference, evidence from page 2. */
	assert_int_equal(policy_trail_iter_new(r.trail, &it), POLICY_OK);
	assert_true(find_entry(it, "compute.covered_amount"));
	assert_int_equal(policy_trail_iter_kind(it), POLICY_STEP_COMPUTE);
	assert_string_equal(policy_trail_iter_output_json(it), "\"119000.00\"");
	assert_string_equal(policy_trail_iter_input_value(it, 0), "$120,000.00");
	ev = cJSON_Parse(policy_trail_iter_input_evidence_json(it, 0));
	assert_int_equal(cJSON_GetObjectItem(ev, "page")->valueint, 2);
	cJSON_Delete(ev);
	policy_trail_iter_free(it);

	/* check: failed, with the values in its reason. */
	assert_int_equal(policy_trail_iter_new(r.trail, &it), POLICY_OK);
	assert_true(find_entry(it, "check.the_covered_amount_is_at_most_the_policy_limit"));
	assert_int_equal(policy_trail_iter_kind(it), POLICY_STEP_CHECK);
	assert_string_equal(policy_trail_iter_output_json(it), "false");
	assert_non_null(strstr(policy_trail_iter_reason(it), "$119,000.00"));
	assert_non_null(strstr(policy_trail_iter_reason(it), "$100,000.00"));
	/* The computed input has no document evidence; the looked-up one
	 * names its system. */
	for (size_t i = 0; i < policy_trail_iter_input_count(it); i++) {
		const char *name = policy_trail_iter_input_name(it, i);
		const char *e = policy_trail_iter_input_evidence_json(it, i);
		if (!strcmp(name, "covered amount"))
			assert_string_equal(e, "null");
		else if (!strcmp(name, "policy limit"))
			assert_non_null(strstr(e, "\"system\":\"policy administration system\""));
		else
			fail_msg("unexpected input %s", name);
	}
	assert_int_equal(policy_trail_iter_input_count(it), 2);
	policy_trail_iter_free(it);

	/* require: no police report in the case. */
	assert_int_equal(policy_trail_iter_new(r.trail, &it), POLICY_OK);
	assert_true(find_entry(it, "require.police_report"));
	assert_int_equal(policy_trail_iter_kind(it), POLICY_STEP_REQUIRE);
	assert_string_equal(policy_trail_iter_output_json(it), "false");
	assert_string_equal(policy_trail_iter_sentence(it), "Require a police report");
	assert_non_null(strstr(policy_trail_iter_reason(it), "0 police report"));
	policy_trail_iter_free(it);

	/* llm: the model's answer and its tokens. */
	assert_int_equal(policy_trail_iter_new(r.trail, &it), POLICY_OK);
	assert_true(find_entry(it, "llm.the_damage_described_in_the_adjuster_notes_is_c"));
	assert_int_equal(policy_trail_iter_kind(it), POLICY_STEP_LLM);
	assert_string_equal(policy_trail_iter_output_json(it), "true");
	assert_int_equal(policy_trail_iter_tokens(it), 530);
	policy_trail_iter_free(it);

	/* action: the guardrail replaced it; the activation is recorded. */
	assert_int_equal(policy_trail_iter_new(r.trail, &it), POLICY_OK);
	assert_true(find_entry(it, "action.approve_the_claim_for_payment"));
	assert_int_equal(policy_trail_iter_kind(it), POLICY_STEP_ACTION);
	assert_string_equal(policy_trail_iter_output_json(it), "true");
	assert_non_null(policy_trail_iter_reason(it));
	size_t g = policy_trail_iter_guardrail_count(it);
	policy_trail_iter_free(it);
	assert_int_equal(policy_trail_iter_new(r.trail, &it), POLICY_OK);
	assert_true(find_entry(it, "guardrail.never_approve_a_claim_above_100_000_automatica"));
	assert_int_equal(policy_trail_iter_kind(it), POLICY_STEP_GUARDRAIL);
	g += policy_trail_iter_guardrail_count(it);
	policy_trail_iter_free(it);
	/* Recorded once, on one of the two entries. */
	assert_int_equal(g, 1);
	char *jsonl;
	assert_int_equal(policy_trail_to_jsonl(r.trail, &jsonl, NULL), POLICY_OK);
	assert_non_null(strstr(jsonl, "\"attempted\":\"approve the claim for payment\""));
	assert_non_null(strstr(jsonl, "\"alternative\":\"route it to the claims committee\""));
	policy_free(jsonl);
	run_free(&r);
}

/* ---- JSON Lines: load, verify ---- */

static void test_load_round_trip_and_verify(void **state)
{
	(void)state;
	run r;
	run_every_kind(&r);
	char *jsonl;
	size_t len;
	assert_int_equal(policy_trail_to_jsonl(r.trail, &jsonl, &len), POLICY_OK);
	policy_trail *t = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_trail_load(jsonl, len, NULL, &t, &err), POLICY_OK);
	assert_null(err);
	assert_int_equal(policy_trail_entry_count(t), policy_trail_entry_count(r.trail));
	char *again;
	assert_int_equal(policy_trail_to_jsonl(t, &again, NULL), POLICY_OK);
	assert_string_equal(again, jsonl);
	policy_free(again);
	/* Explained the same, read back years later. */
	char *e1, *e2;
	assert_int_equal(policy_trail_explain(r.trail, &e1, NULL), POLICY_OK);
	assert_int_equal(policy_trail_explain(t, &e2, NULL), POLICY_OK);
	assert_string_equal(e1, e2);
	policy_free(e1);
	policy_free(e2);

	assert_int_equal(policy_trail_verify(t, NULL, &err), POLICY_OK);
	assert_int_equal(policy_trail_verify(t, r.plan, &err), POLICY_OK);
	assert_int_equal(policy_trail_verify(r.trail, r.plan, &err), POLICY_OK);
	assert_null(err);

	/* Another plan did not make it. */
	policy_plan *other = compile_body("When a new claim arrives, extract the claimed amount.\n"
	                                  "If the claimed amount exceeds $5, pay the claim.");
	assert_int_equal(policy_trail_verify(t, other, &err), POLICY_ERR_MISMATCH);
	assert_int_equal(policy_error_code(err), POLICY_ERR_MISMATCH);
	assert_non_null(strstr(policy_error_message(err), policy_plan_body_hash(other)));
	assert_int_equal(policy_error_line(err), 1);
	policy_error_free(err);
	policy_plan_free(other);

	/* Without the final newline, and with blank lines: the same trail. */
	policy_trail *t2 = NULL;
	assert_int_equal(policy_trail_load(jsonl, len - 1, NULL, &t2, NULL), POLICY_OK);
	assert_int_equal(policy_trail_entry_count(t2), policy_trail_entry_count(t));
	policy_trail_free(t2);

	/* The iterator works on a loaded trail. */
	policy_trail_iter *it;
	assert_int_equal(policy_trail_iter_new(t, &it), POLICY_OK);
	assert_true(find_entry(it, "compute.covered_amount"));
	assert_string_equal(policy_trail_iter_output_json(it), "\"119000.00\"");
	policy_trail_iter_free(it);

	policy_trail_free(t);
	policy_free(jsonl);
	run_free(&r);
}

static void test_load_rejects_malformed(void **state)
{
	(void)state;
	run r;
	run_every_kind(&r);
	char *jsonl;
	size_t len;
	assert_int_equal(policy_trail_to_jsonl(r.trail, &jsonl, &len), POLICY_OK);
	policy_trail *t = NULL;
	policy_error *err = NULL;

	assert_int_equal(policy_trail_load("", 0, NULL, &t, &err), POLICY_ERR_TRAIL);
	assert_null(t);
	assert_string_equal(policy_error_message(err), "the trail has no entries");
	policy_error_free(err);

	/* Line 2 is not JSON (and not framed as an entry). */
	const char *nl = strchr(jsonl, '\n');
	size_t first = (size_t)(nl - jsonl) + 1;
	char *bad = malloc(len + 32);
	memcpy(bad, jsonl, first);
	strcpy(bad + first, "[1, 2,\n");
	assert_int_equal(policy_trail_load(bad, strlen(bad), NULL, &t, &err), POLICY_ERR_TRAIL);
	assert_null(t);
	assert_int_equal(policy_error_line(err), 2);
	assert_true(strncmp(policy_error_message(err), "line 2 of the trail is not valid JSON", 37) == 0);
	policy_error_free(err);

	/* JSON, but not an entry. */
	strcpy(bad + first, "{\"step\": 2}\n");
	assert_int_equal(policy_trail_load(bad, strlen(bad), NULL, &t, &err), POLICY_ERR_TRAIL);
	assert_int_equal(policy_error_line(err), 2);
	assert_non_null(strstr(policy_error_message(err), "line 2 of the trail is not a trail entry"));
	policy_error_free(err);

	/* An entry cut short is an altered entry, not a malformed one. */
	memcpy(bad, jsonl, len + 1);
	char *nl2 = strchr(bad + first, '\n');
	memmove(nl2 - 10, nl2, strlen(nl2) + 1);
	assert_int_equal(policy_trail_load(bad, strlen(bad), NULL, &t, &err), POLICY_ERR_CHAIN);
	assert_int_equal(policy_error_line(err), 2);
	policy_error_free(err);
	free(bad);

	/* Size limit. */
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.max_json_bytes = 100;
	assert_int_equal(policy_trail_load(jsonl, len, &o, &t, &err), POLICY_ERR_LIMIT);
	policy_error_free(err);
	policy_free(jsonl);
	run_free(&r);
}

/* ---- tampering ---- */

static policy_status load_status(const char *jsonl, size_t len, policy_error **err)
{
	policy_trail *t = NULL;
	policy_status st = policy_trail_load(jsonl, len, NULL, &t, err);
	policy_trail_free(t);
	return st;
}

static void test_altered_byte_breaks_chain(void **state)
{
	(void)state;
	run r;
	run_every_kind(&r);
	char *jsonl;
	size_t len;
	assert_int_equal(policy_trail_to_jsonl(r.trail, &jsonl, &len), POLICY_OK);
	char *copy = malloc(len + 1);

	/* The claimed amount in entry 3, one digit: 120000.00 -> 130000.00. */
	memcpy(copy, jsonl, len + 1);
	char *at = strstr(copy, "\"output\":\"120000.00\"");
	assert_non_null(at);
	unsigned line = 1;
	for (const char *q = copy; q < at; q++)
		line += *q == '\n';
	at[11] = '3';
	policy_error *err = NULL;
	assert_int_equal(load_status(copy, len, &err), POLICY_ERR_CHAIN);
	assert_int_equal(policy_error_code(err), POLICY_ERR_CHAIN);
	assert_int_equal(policy_error_line(err), line);
	char want[200];
	snprintf(want, sizeof want, "line %u of the trail does not match its hash: the entry was "
	         "altered", line);
	assert_string_equal(policy_error_message(err), want);
	policy_error_free(err);

	/* Every byte of every line, altered in turn (a bit flip that keeps
	 * it a printable character), is detected: as a broken chain, or as a
	 * line that is no longer a trail entry. */
	size_t chain = 0, malformed = 0;
	for (size_t i = 0; i < len; i++) {
		if (jsonl[i] == '\n')
			continue;
		memcpy(copy, jsonl, len + 1);
		copy[i] = (char)(copy[i] ^ 0x01);
		if (copy[i] == '\n' || (unsigned char)copy[i] < 0x20)
			copy[i] = (char)(jsonl[i] ^ 0x02);
		policy_status st = load_status(copy, len, NULL);
		if (st == POLICY_ERR_CHAIN)
			chain++;
		else if (st == POLICY_ERR_TRAIL)
			malformed++;
		else
			fail_msg("a change at byte %zu ('%c' -> '%c') gave %s", i, jsonl[i], copy[i],
			         policy_status_name(st));
	}
	assert_true(chain > malformed);
	free(copy);
	policy_free(jsonl);
	run_free(&r);
}

static void test_removed_reordered_inserted_lines(void **state)
{
	(void)state;
	run r;
	run_every_kind(&r);
	char *jsonl;
	size_t len;
	assert_int_equal(policy_trail_to_jsonl(r.trail, &jsonl, &len), POLICY_OK);
	/* Split into lines. */
	char *lines[64];
	size_t n = 0;
	char *dup = strdup(jsonl);
	for (char *p = strtok(dup, "\n"); p && n < 64; p = strtok(NULL, "\n"))
		lines[n++] = p;
	assert_true(n >= 8);
	char *buf = malloc(len * 2 + 2);
	policy_error *err = NULL;

	/* Entry 3 removed. */
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (i != 2)
			strcat(strcat(buf, lines[i]), "\n");
	assert_int_equal(load_status(buf, strlen(buf), &err), POLICY_ERR_CHAIN);
	assert_string_equal(policy_error_message(err), "entry 3 does not follow entry 2: the chain is "
	                                               "broken (an entry was removed, inserted or "
	                                               "reordered)");
	assert_int_equal(policy_error_line(err), 3);
	policy_error_free(err);

	/* Entries 4 and 5 swapped. */
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		strcat(strcat(buf, lines[i == 3 ? 4 : i == 4 ? 3 : i]), "\n");
	assert_int_equal(load_status(buf, strlen(buf), &err), POLICY_ERR_CHAIN);
	assert_int_equal(policy_error_line(err), 4);
	policy_error_free(err);

	/* Entry 2 twice. */
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strcat(strcat(buf, lines[i]), "\n");
		if (i == 1)
			strcat(strcat(buf, lines[i]), "\n");
	}
	assert_int_equal(load_status(buf, strlen(buf), &err), POLICY_ERR_CHAIN);
	assert_int_equal(policy_error_line(err), 3);
	policy_error_free(err);

	/* The last entry dropped: every remaining link holds, so the trail
	 * loads; only its plan knows it is short. */
	buf[0] = '\0';
	for (size_t i = 0; i + 1 < n; i++)
		strcat(strcat(buf, lines[i]), "\n");
	policy_trail *t = NULL;
	assert_int_equal(policy_trail_load(buf, strlen(buf), NULL, &t, NULL), POLICY_OK);
	assert_int_equal(policy_trail_entry_count(t), n - 1);
	/* With the plan at hand, the missing entry is found. */
	assert_int_equal(policy_trail_verify(t, r.plan, &err), POLICY_ERR_CHAIN);
	char want[200];
	snprintf(want, sizeof want, "the trail has %zu entries but its plan has %zu steps: entries "
	         "were removed or added", n - 1, n);
	assert_string_equal(policy_error_message(err), want);
	policy_error_free(err);
	policy_trail_free(t);

	/* The first entry dropped: the new first one does not follow the
	 * plan. */
	buf[0] = '\0';
	for (size_t i = 1; i < n; i++)
		strcat(strcat(buf, lines[i]), "\n");
	assert_int_equal(load_status(buf, strlen(buf), &err), POLICY_ERR_CHAIN);
	assert_int_equal(policy_error_line(err), 1);
	policy_error_free(err);

	free(buf);
	free(dup);
	policy_free(jsonl);
	run_free(&r);
}

/* ---- explanations ---- */

static const char claims_policy[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the policy number, date of loss, and claimed "
	"amount from the claim form. Look up the policy effective date and the policy expiration "
	"date for the policy number in the policy administration system.\n"
	"\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy "
	"effective date and on or before the policy expiration date.\n"
	"\n"
	"Verify that the policy was active on the date of loss. If it was not, deny the claim.\n"
	"\n"
	"If the policy was active on the date of loss:\n"
	"- If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n"
	"- Otherwise, route the claim to standard processing.\n";

static char *explain_case(const char *spec, char **hash)
{
	policy_plan *p = compile_ok(claims_policy);
	policy_case *c = make_case(spec);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(p, NULL, c, NULL, &x, NULL), POLICY_OK);
	char *text;
	size_t len;
	assert_int_equal(policy_trail_explain(policy_exec_trail(x), &text, &len), POLICY_OK);
	assert_int_equal(strlen(text), len);
	char *copy = strdup(text);
	policy_free(text);
	*hash = strdup(policy_plan_body_hash(p));
	(*hash)[12] = '\0';
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(p);
	return copy;
}

/* A failed check says what is true, in the indicative: no "must", no
 * double negatives, and "or more" read as "at least". */
static void test_explain_comparison_phrases(void **state)
{
	(void)state;
	static const struct {
		const char *check, *reason;
	} rows[] = {
		{ "The credit score must be at least 680.", "650 (loan, page 1, line 1) is not at least 680" },
		{ "The credit score must exceed 680.", "650 (loan, page 1, line 1) does not exceed 680" },
		{ "The credit score must not be below 680.", "650 (loan, page 1, line 1) is below 680" },
		{ "The credit score should be 680 or more.", "650 (loan, page 1, line 1) is not at least 680" },
		{ "Verify that the credit score is 700.", "650 (loan, page 1, line 1) is not 700" },
		{ "The credit score must not be 650.", "650 (loan, page 1, line 1) is 650" },
		{ "The credit score must be no less than 680.", "650 (loan, page 1, line 1) is less than 680" },
		{ "The credit score must not exceed 600.", "650 (loan, page 1, line 1) exceeds 600" },
		{ "The applicant must have a credit score of 680 or higher.",
		  "the credit score 650 (loan, page 1, line 1) is not at least 680" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char body[512];
		snprintf(body, sizeof body, "When a loan application arrives, extract the credit score "
		         "from the loan.\n%s", rows[i].check);
		policy_plan *p = compile_body(body);
		policy_case *c = make_case("doc loan: Credit Score: 650");
		policy_exec *x = NULL;
		assert_int_equal(policy_execute(p, NULL, c, NULL, &x, NULL), POLICY_OK);
		assert_int_equal(policy_exec_failed_check_count(x), 1);
		char *text;
		assert_int_equal(policy_trail_explain(policy_exec_trail(x), &text, NULL), POLICY_OK);
		if (!strstr(text, rows[i].reason))
			fail_msg("%s\n  expected: ...%s...\n  got: %s", rows[i].check, rows[i].reason, text);
		policy_free(text);
		policy_exec_free(x);
		policy_case_free(c);
		policy_plan_free(p);
	}
}

/* A span of time between two dates is said once: "... is less than 2
 * years", not "is less than 2 years 2 years". */
static void test_explain_date_difference(void **state)
{
	(void)state;
	policy_plan *p = compile_body("When a lease application arrives, extract the business start "
	                              "date and the application date from the lease application.\n"
	                              "Decline the lease when the business start date is less than 2 "
	                              "years before the application date.");
	policy_case *c = make_case("doc lease application: Business Start Date: 2025-01-01|"
	                           "Application Date: 2026-01-10");
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(p, NULL, c, NULL, &x, NULL), POLICY_OK);
	char *text;
	assert_int_equal(policy_trail_explain(policy_exec_trail(x), &text, NULL), POLICY_OK);
	assert_non_null(strstr(text, "is less than 2 years (policy"));
	assert_null(strstr(text, "2 years 2 years"));
	policy_free(text);
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(p);
}

/* A qualifier names the value it compares, and a participle reads as a
 * verb: "the claimed amount ... exceeds", not "claims ... exceeding". */
static void test_explain_qualifiers(void **state)
{
	(void)state;
	policy_plan *p = compile_body("When a new claim arrives, extract the claimed amount from the "
	                              "claim.\n"
	                              "Escalate claims exceeding $100 to the claims committee.");
	policy_case *c = make_case("doc claim: Claimed Amount: $500");
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(p, NULL, c, NULL, &x, NULL), POLICY_OK);
	char *text;
	assert_int_equal(policy_trail_explain(policy_exec_trail(x), &text, NULL), POLICY_OK);
	const char *want = "Escalated claims exceeding $100 to the claims committee because the "
	                   "claimed amount $500.00 (claim, page 1, line 1) exceeds $100.00";
	if (!strstr(text, want))
		fail_msg("expected: %s...\ngot: %s", want, text);
	policy_free(text);
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(p);
}

/* A value read under a label that is not the term word for word: the
 * trail's evidence keeps the label as written, its score and how it
 * matched, and the explanation says them. A label in the term's words
 * leaves the evidence as it always was. */
static void test_explain_labels_and_scores(void **state)
{
	(void)state;
	policy_plan *p = compile_body("When a vendor security questionnaire arrives, extract whether "
	                              "two-factor authentication is required, the percent complete "
	                              "and the vendor name.\n"
	                              "If two-factor authentication is not required, deny the "
	                              "request.\n"
	                              "If the percent complete is less than 50%, hold the request.\n"
	                              "If the vendor name is \"Acme\", flag the request.");
	policy_case *c = make_case("doc vendor security questionnaire: Vendor Name: Northwind|"
	                           "2FA Required: Yes|Progress: 40%");
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(p, NULL, c, NULL, &x, NULL), POLICY_OK);
	char *text, *jsonl;
	assert_int_equal(policy_trail_explain(policy_exec_trail(x), &text, NULL), POLICY_OK);
	const char *want[] = {
		"Held the request because the percent complete 40% (vendor security questionnaire, "
		"page 1, line 3) is less than 50%",
		"\nDocument labels matched to the policy's terms:\n"
		"- two-factor authentication is required: \"2FA Required\" (vendor security "
		"questionnaire, page 1, line 2), score 950 of 1000, as an acronym of the term's "
		"words.\n"
		"- percent complete: \"Progress\" (vendor security questionnaire, page 1, line 3), "
		"score 900 of 1000, through the synonym lexicon.\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(text, want[i]))
			fail_msg("expected: %s\ngot: %s", want[i], text);
	assert_null(strstr(text, "Vendor Name\""));
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, NULL), POLICY_OK);
	assert_non_null(strstr(jsonl, "\"snippet\":\"2FA Required: Yes\",\"label\":\"2FA "
	                              "Required\",\"score\":950,\"match\":\"acronym\"}"));
	assert_non_null(strstr(jsonl, "\"snippet\":\"Vendor Name: Northwind\"}"));
	policy_free(jsonl);
	policy_free(text);
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(p);
}

/* A host that read a scan with its own OCR: the evidence of the amount
 * says where it was and how sure OCR was; of the date, a box that is not
 * four numbers, which the explanation leaves out rather than misquote. */
static policy_status ocr_host(const char *doc_type, const char *field, policy_type type,
                              const char *request_json, policy_reply *reply, void *user_data)
{
	(void)doc_type, (void)type, (void)request_json, (void)user_data;
	const char *amount =
	        "{\"value\": 72400, \"evidence\": {\"document\": \"claim form\", \"page\": 2, "
	        "\"line\": 10, \"label\": \"Amt Claimed\", \"score\": 950, \"match\": "
	        "\"abbreviation\", \"source\": \"ocr\", \"bbox\": [56.9, 84.2, 196.3, 93.1], "
	        "\"confidence\": 71}}";
	const char *date =
	        "{\"value\": \"2026-03-03\", \"evidence\": {\"document\": \"claim form\", "
	        "\"page\": 2, \"line\": 8, \"label\": \"Date of Loss\", \"score\": 1000, "
	        "\"source\": \"pdf\", \"bbox\": [\"left\", 1, 2, 3]}}";
	const char *json = strstr(field, "amount") ? amount : date;
	return policy_reply_set_json(reply, json, strlen(json));
}

static void test_explain_ocr_evidence(void **state)
{
	(void)state;
	policy_plan *p = compile_body("When a new claim arrives, extract the claimed amount and the "
	                              "date of loss from the claim form.\n"
	                              "If the claimed amount exceeds $50,000 and the date of loss is "
	                              "after 2026-01-01, escalate the claim.");
	policy_case *c = make_case("doc claim form: (a scan)");
	policy_host *h = NULL;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	policy_host_set_extract_func(h, ocr_host, NULL, NULL);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(p, h, c, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	char *text;
	assert_int_equal(policy_trail_explain(policy_exec_trail(x), &text, NULL), POLICY_OK);
	const char *want[] = {
		"- claimed amount: \"Amt Claimed\" (claim form, page 2, line 10), score 950 of 1000, "
		"as an abbreviation of the term's words; read by OCR with confidence 71 of 100, in "
		"the box (56.9, 84.2)-(196.3, 93.1), points from the page's top left.\n",
		"- date of loss: \"Date of Loss\" (claim form, page 2, line 8), score 1000 of 1000.\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(text, want[i]))
			fail_msg("expected: %s\ngot: %s", want[i], text);
	policy_free(text);
	policy_exec_free(x);
	policy_host_free(h);
	policy_case_free(c);
	policy_plan_free(p);
}

static void test_explain_golden(void **state)
{
	(void)state;
	char *hash;
	char *text = explain_case("id CL-1\n"
	                          "doc claim form: NORTHWIND MUTUAL|Policy Number: HO-4471-0932|\f"
	                          "Date of Loss: March 3, 2026|Amount Claimed: $72,400.00\n"
	                          "fact policy effective date = \"2025-06-01\"\n"
	                          "fact policy expiration date = \"2026-06-01\"", &hash);
	char want[4096];
	snprintf(want, sizeof want,
	         "Claims Intake 4.2.1 (plan %s), case CL-1: decision made; 1 action, 0 failed "
	         "checks.\n"
	         "\n"
	         "Escalated to senior adjuster review because the policy was active on the date of "
	         "loss (the date of loss March 3, 2026 (claim form, page 2, line 3) is on or after "
	         "the policy effective date June 1, 2025 (policy administration system), and the date "
	         "of loss March 3, 2026 (claim form, page 2, line 3) is on or before the policy "
	         "expiration date June 1, 2026 (policy administration system)), and the claimed "
	         "amount $72,400.00 (claim form, page 2, line 4) exceeds $50,000.00 (policy Claims "
	         "Intake 4.2.1, line 12).\n", hash);
	if (strcmp(text, want))
		fail_msg("--- expected\n%s--- got\n%s---", want, text);
	free(text);
	free(hash);

	/* A lapsed policy: an action and a failed check. */
	text = explain_case("id CL-2\n"
	                    "doc claim form: Policy Number: HO-3302|Date of Loss: 2026-07-02|"
	                    "Claimed Amount: $8,900\n"
	                    "fact policy effective date = \"2025-06-01\"\n"
	                    "fact policy expiration date = \"2026-06-01\"", &hash);
	snprintf(want, sizeof want,
	         "Claims Intake 4.2.1 (plan %s), case CL-2: decision made; 1 action, 1 failed "
	         "check.\n"
	         "\n"
	         "Denied the claim because the policy was not active on the "
	         "date of loss (the date of loss July 2, 2026 (claim form, page 1, line 2) is not on "
	         "or before the policy expiration date June 1, 2026 (policy administration system)) "
	         "(rule on line 9).\n"
	         "\n"
	         "Check failed: \"Verify that the policy was active on the date of loss\" (line 9): "
	         "the policy was not active on the date of loss (the date of loss "
	         "July 2, 2026 (claim form, page 1, line 2) is not on or before the policy expiration "
	         "date June 1, 2026 (policy administration system)).\n", hash);
	if (strcmp(text, want))
		fail_msg("--- expected\n%s--- got\n%s---", want, text);
	free(text);
	free(hash);

	/* No decision: which value was missing, and why. */
	text = explain_case("id CL-3\n"
	                    "doc claim form: Policy Number: HO-1|Date of Loss: 2026-03-03\n"
	                    "fact policy effective date = \"2025-06-01\"\n"
	                    "fact policy expiration date = \"2026-06-01\"", &hash);
	snprintf(want, sizeof want,
	         "Claims Intake 4.2.1 (plan %s), case CL-3: no decision could be made.\n"
	         "\n"
	         "\"If the claimed amount exceeds $50,000, escalate to senior adjuster review\" (line "
	         "12) needs a value that is not there: the claimed amount is missing (no line "
	         "labelled like 'claimed amount' on the claim form).\n", hash);
	if (strcmp(text, want))
		fail_msg("--- expected\n%s--- got\n%s---", want, text);
	free(text);
	free(hash);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iterator_matches_lines),
		cmocka_unit_test(test_entries_of_each_kind),
		cmocka_unit_test(test_load_round_trip_and_verify),
		cmocka_unit_test(test_load_rejects_malformed),
		cmocka_unit_test(test_altered_byte_breaks_chain),
		cmocka_unit_test(test_removed_reordered_inserted_lines),
		cmocka_unit_test(test_explain_golden),
		cmocka_unit_test(test_explain_comparison_phrases),
		cmocka_unit_test(test_explain_date_difference),
		cmocka_unit_test(test_explain_qualifiers),
		cmocka_unit_test(test_explain_labels_and_scores),
		cmocka_unit_test(test_explain_ocr_evidence),
	};
	return cmocka_run_group_tests_name("trail", tests, NULL, NULL);
}
