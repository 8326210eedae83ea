/*
 * libpolicy-lint's C API (include/policy_lint.h), as a host uses it: the
 * report's accessors and JSON, options, diff, bad arguments, and every
 * witness run again here through libpolicy's public API (its documents,
 * facts and model answers as a case and a host) to give the decision the
 * finding says it gives, independently of the library's own check.
 *
 * No allocation-failure loop like tests/test_oom.c's: the lint API takes
 * no allocator (policy_lint_options has no allocator field; the library
 * allocates with malloc and cJSON's global hooks, and Z3 with its own
 * memory manager), so failures cannot be injected call by call from a
 * host. Built without Z3, the analyses must say so (POLICY_ERR_STATE) and
 * the rest of the tests skip.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>
#include <xxhash.h>

#include "policy_lint.h"
#include "support.h"

static const char every_case_policy[] =
	"Policy: One Threshold\n"
	"Version: 1.0.0\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new claim arrives, extract the claimed amount from the claim form.\n"
	"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n";

/* A model step whose answer decides a conflict: the witness needs a
 * model answer. */
static const char model_policy[] =
	"Policy: Review Holds\n"
	"Version: 1.0.0\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the cause of loss and the claimed amount from "
	"the claim form.\n"
	"\n"
	"Confirm that the damage described in the adjuster notes is consistent with the cause of "
	"loss.\n"
	"If the damage is not consistent with the cause of loss, hold the payment.\n"
	"If the claimed amount is below $10,000, release the payment.\n";

static policy_plan *compile_file(const char *path)
{
	char *text = read_file_or_fail(path, NULL);
	policy_plan *p = compile_ok(text);
	free(text);
	return p;
}

static policy_lint_report *lint_ok(const policy_plan *plan, const policy_lint_options *o)
{
	policy_lint_report *r = NULL;
	char *message = NULL;
	policy_status st = policy_lint_plan(plan, o, &r, &message);
	if (st != POLICY_OK)
		fail_msg("policy_lint_plan: %s: %s", policy_status_name(st), message ? message : "");
	assert_null(message);
	assert_non_null(r);
	return r;
}

static char *report_json(const policy_lint_report *r)
{
	char *json = NULL;
	size_t len = 0;
	assert_int_equal(policy_lint_report_json(r, &json, &len), POLICY_OK);
	assert_int_equal(strlen(json), len);
	return json;
}

/* ---- running a witness through libpolicy ---- */

/* The witness's model answers: {"request_hash", "step", "reply"} lines;
 * the host answers a request whose XXH3-128 hash is recorded. */
typedef struct replies {
	cJSON *lines[8];
	size_t n;
	size_t asked, answered;
} replies;

static void hash_hex(const char *s, char out[33])
{
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, XXH3_128bits(s, strlen(s)));
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", c.digest[i]);
}

static policy_status answer_model(const char *request, policy_reply *reply, void *user_data)
{
	replies *rs = user_data;
	char hash[33];
	hash_hex(request, hash);
	rs->asked++;
	for (size_t i = 0; i < rs->n; i++) {
		const char *h = cJSON_GetStringValue(cJSON_GetObjectItem(rs->lines[i], "request_hash"));
		if (!h || strcmp(h, hash))
			continue;
		char *json = cJSON_PrintUnformatted(cJSON_GetObjectItem(rs->lines[i], "reply"));
		policy_status st = policy_reply_set_json(reply, json, strlen(json));
		free(json);
		rs->answered++;
		return st;
	}
	policy_reply_set_error(reply, "no answer recorded in the witness");
	return POLICY_ERR_CALLBACK;
}

/* Run finding i's witness on `plan` (clock 0, built-in extractor and
 * facts, the witness's model answers) and return the decision as the
 * witness's expect.json has it: {"status", "actions"}. Malloc'd. */
static char *run_witness(const policy_plan *plan, const policy_lint_report *r, size_t i)
{
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	for (size_t j = 0; j < policy_lint_witness_document_count(r, i); j++) {
		const char *text = policy_lint_witness_document_text(r, i, j);
		assert_int_equal(policy_case_add_document(c, policy_lint_witness_document_type(r, i, j),
		                                          text, strlen(text)),
		                 POLICY_OK);
	}
	const char *facts = policy_lint_witness_facts_json(r, i);
	cJSON *fo = facts ? cJSON_Parse(facts) : NULL;
	if (facts)
		assert_true(cJSON_IsObject(fo));
	for (cJSON *f = fo ? fo->child : NULL; f; f = f->next) {
		char *v = cJSON_PrintUnformatted(f);
		assert_int_equal(policy_case_add_fact(c, f->string, v, strlen(v)), POLICY_OK);
		free(v);
	}
	cJSON_Delete(fo);
	replies rs = { 0 };
	const char *answers = policy_lint_witness_model_answers(r, i);
	char *copy = answers ? strdup(answers) : NULL, *save = NULL;
	for (char *l = copy ? strtok_r(copy, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save)) {
		assert_true(rs.n < 8);
		rs.lines[rs.n] = cJSON_Parse(l);
		assert_non_null(rs.lines[rs.n]);
		rs.n++;
	}
	free(copy);
	policy_host *host = NULL;
	assert_int_equal(policy_host_new(NULL, &host), POLICY_OK);
	policy_host_set_llm_func(host, answer_model, &rs, NULL);
	policy_exec *x = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_execute(plan, host, c, NULL, &x, &err), POLICY_OK);
	assert_int_equal(rs.answered, rs.n); /* every recorded answer was asked for */
	cJSON *d = cJSON_CreateObject(), *acts = cJSON_AddArrayToObject(d, "actions");
	cJSON_AddStringToObject(d, "status",
	                        policy_exec_outcome(x) == POLICY_OUTCOME_COMPLETE ? "complete" : "failed");
	for (size_t k = 0; k < policy_exec_action_count(x); k++)
		cJSON_AddItemToArray(acts, cJSON_CreateString(policy_exec_action_text(x, k)));
	char *out = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	for (size_t k = 0; k < rs.n; k++)
		cJSON_Delete(rs.lines[k]);
	policy_exec_free(x);
	policy_host_free(host);
	policy_case_free(c);
	return out;
}

/* The witness's expect.json, with the actions sorted (the executor fires
 * them in plan order, the witness may list them otherwise). */
static char *sorted_decision(const char *json)
{
	cJSON *d = cJSON_Parse(json);
	assert_non_null(d);
	cJSON *acts = cJSON_GetObjectItem(d, "actions");
	assert_true(cJSON_IsArray(acts));
	int n = cJSON_GetArraySize(acts);
	const char *names[16];
	assert_true(n <= 16);
	for (int i = 0; i < n; i++)
		names[i] = cJSON_GetArrayItem(acts, i)->valuestring;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			const char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	cJSON *o = cJSON_CreateObject(), *sorted = cJSON_AddArrayToObject(o, "actions");
	cJSON_AddStringToObject(o, "status", cJSON_GetStringValue(cJSON_GetObjectItem(d, "status")));
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(sorted, cJSON_CreateString(names[i]));
	char *out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	cJSON_Delete(d);
	return out;
}

/* Every finding with a witness: verified, and the witness run here gives
 * its expect.json. */
static void check_witnesses(const policy_plan *plan, const policy_lint_report *r)
{
	for (size_t i = 0; i < policy_lint_count(r); i++) {
		if (!policy_lint_has_witness(r, i)) {
			assert_null(policy_lint_witness_expect_json(r, i));
			assert_int_equal(policy_lint_witness_document_count(r, i), 0);
			continue;
		}
		assert_int_equal(policy_lint_finding_verified(r, i), 1);
		char *got = run_witness(plan, r, i);
		char *a = sorted_decision(got), *b = sorted_decision(policy_lint_witness_expect_json(r, i));
		assert_string_equal(a, b);
		free(a);
		free(b);
		free(got);
	}
}

static bool available(void)
{
	if (policy_lint_available())
		return true;
	policy_plan *p = compile_ok(every_case_policy);
	policy_lint_report *r = (policy_lint_report *)1;
	char *message = NULL;
	assert_int_equal(policy_lint_plan(p, NULL, &r, &message), POLICY_ERR_STATE);
	assert_null(r);
	assert_non_null(strstr(message, "Z3"));
	policy_lint_free(message);
	policy_plan_free(p);
	return false;
}

/* ---- the tests ---- */

static void test_kind_names(void **state)
{
	(void)state;
	static const char *const names[] = { "gap", "conflict", "dead_rule", "shadowed_rule",
		                             "always_true", "always_false", "unused_input",
		                             "duplicate_threshold", "overlapping_bands",
		                             "decision_changed" };
	for (int k = POLICY_LINT_GAP; k <= POLICY_LINT_DECISION_CHANGED; k++)
		assert_string_equal(policy_lint_kind_name((policy_lint_kind)k), names[k]);
	assert_null(policy_lint_kind_name((policy_lint_kind)(POLICY_LINT_DECISION_CHANGED + 1)));
	assert_null(policy_lint_kind_name((policy_lint_kind)-1));
}

/* Three bands leave $1,000.01 to no rule: one gap, its three clauses at
 * their lines, a witness form with that amount, no action. */
static void test_gap_between_bands(void **state)
{
	(void)state;
	if (!available())
		skip();
	policy_plan *p = compile_file("tests/lint/gap_between_bands/policy.txt");
	policy_lint_report *r = lint_ok(p, NULL);
	assert_int_equal(policy_lint_count(r), 1);
	assert_int_equal(policy_lint_report_inconclusive(r), 0);
	assert_int_equal(policy_lint_finding_kind(r, 0), POLICY_LINT_GAP);
	assert_int_equal(policy_lint_finding_severity(r, 0), POLICY_SEVERITY_ERROR);
	assert_non_null(strstr(policy_lint_finding_message(r, 0), "$1,000.01"));
	assert_int_equal(policy_lint_clause_count(r, 0), 3);
	for (size_t j = 0; j < 3; j++) {
		assert_int_equal(policy_lint_clause_line(r, 0, j), 7 + j);
		assert_true(policy_lint_clause_column(r, 0, j) > 0);
		assert_non_null(strstr(policy_lint_clause_text(r, 0, j), "If the invoice total"));
	}
	assert_string_equal(policy_lint_clause_step(r, 0, 0), "action.approve_the_invoice");
	assert_null(policy_lint_clause_step(r, 0, 3));
	assert_int_equal(policy_lint_clause_line(r, 0, 3), 0);
	assert_int_equal(policy_lint_has_witness(r, 0), 1);
	assert_int_equal(policy_lint_witness_document_count(r, 0), 1);
	assert_string_equal(policy_lint_witness_document_type(r, 0, 0), "invoice");
	assert_non_null(strstr(policy_lint_witness_document_text(r, 0, 0), "Invoice Total: $1,000.01"));
	assert_null(policy_lint_witness_document_type(r, 0, 1));
	assert_null(policy_lint_witness_model_answers(r, 0));
	assert_string_equal(policy_lint_witness_expect_json(r, 0),
	                    "{\"status\":\"complete\",\"actions\":[]}");
	check_witnesses(p, r);
	policy_lint_report_free(r);
	policy_plan_free(p);
}

/* A conflict that needs a model answer: the witness carries it, keyed by
 * the hash of the request the model step makes, and a host that answers
 * from it gets both opposite actions. */
static void test_conflict_with_model_answer(void **state)
{
	(void)state;
	if (!available())
		skip();
	policy_plan *p = compile_ok(model_policy);
	policy_lint_report *r = lint_ok(p, NULL);
	assert_int_equal(policy_lint_count(r), 1);
	assert_int_equal(policy_lint_finding_kind(r, 0), POLICY_LINT_CONFLICT);
	assert_int_equal(policy_lint_finding_severity(r, 0), POLICY_SEVERITY_ERROR);
	const char *answers = policy_lint_witness_model_answers(r, 0);
	assert_non_null(answers);
	cJSON *line = cJSON_Parse(answers);
	assert_non_null(line);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(line, "step")),
	                    "llm.the_damage_described_in_the_adjuster_notes_is_c");
	assert_int_equal(strlen(cJSON_GetStringValue(cJSON_GetObjectItem(line, "request_hash"))), 32);
	cJSON_Delete(line);
	check_witnesses(p, r);
	char *got = run_witness(p, r, 0);
	assert_non_null(strstr(got, "hold the payment"));
	assert_non_null(strstr(got, "release the payment"));
	free(got);
	policy_lint_report_free(r);
	policy_plan_free(p);
}

/* Every seeded defect of tests/lint: the kinds its expected.txt lists,
 * and every witness reproduced here. */
static void test_seeded_defects(void **state)
{
	(void)state;
	if (!available())
		skip();
	char **dirs = list_dir("tests/lint");
	assert_non_null(dirs);
	size_t checked = 0;
	for (char **d = dirs; *d; d++) {
		char path[512];
		snprintf(path, sizeof path, "tests/lint/%s/expected.txt", *d);
		char *expected = read_file(path, NULL);
		if (!expected)
			continue;
		snprintf(path, sizeof path, "tests/lint/%s/policy.txt", *d);
		policy_plan *p = compile_file(path);
		policy_lint_report *r = lint_ok(p, NULL);
		/* expected.txt: the kinds, one a line, as policy_lint_kind_name gives them */
		size_t want = 0;
		for (char *l = expected; *l;) {
			size_t n = strcspn(l, "\n");
			if (n) {
				bool found = false;
				for (size_t i = 0; i < policy_lint_count(r) && !found; i++) {
					const char *k = policy_lint_kind_name(policy_lint_finding_kind(r, i));
					found = strlen(k) == n && !strncmp(k, l, n);
				}
				if (!found)
					fail_msg("%s: no finding of kind %.*s", *d, (int)n, l);
				want++;
			}
			l += n + (l[n] == '\n');
		}
		assert_int_equal(policy_lint_count(r), want);
		check_witnesses(p, r);
		policy_lint_report_free(r);
		policy_plan_free(p);
		free(expected);
		checked++;
	}
	free_strings(dirs);
	assert_true(checked >= 10);
}

/* every_case: a single threshold leaves small claims undecided. An older
 * caller's smaller options struct does not reach the field, and gets the
 * default. */
static void test_every_case_and_struct_size(void **state)
{
	(void)state;
	if (!available())
		skip();
	policy_plan *p = compile_ok(every_case_policy);
	policy_lint_report *r = lint_ok(p, NULL);
	assert_int_equal(policy_lint_count(r), 0);
	policy_lint_report_free(r);
	policy_lint_options o = POLICY_LINT_OPTIONS_INIT;
	o.every_case = 1;
	r = lint_ok(p, &o);
	assert_int_equal(policy_lint_count(r), 1);
	assert_int_equal(policy_lint_finding_kind(r, 0), POLICY_LINT_GAP);
	check_witnesses(p, r);
	char *got = run_witness(p, r, 0);
	assert_string_equal(got, "{\"actions\":[],\"status\":\"complete\"}");
	free(got);
	policy_lint_report_free(r);
	o.struct_size = offsetof(policy_lint_options, every_case);
	r = lint_ok(p, &o);
	assert_int_equal(policy_lint_count(r), 0);
	policy_lint_report_free(r);
	policy_plan_free(p);
}

/* The JSON says what the accessors say, and the same plan gives the same
 * bytes every time. */
static void test_report_json(void **state)
{
	(void)state;
	if (!available())
		skip();
	policy_plan *p = compile_file("tests/lint/dead_rule/policy.txt");
	policy_lint_report *r = lint_ok(p, NULL), *again = lint_ok(p, NULL);
	char *json = report_json(r), *json2 = report_json(again);
	assert_string_equal(json, json2);
	cJSON *o = cJSON_Parse(json);
	cJSON *fs = cJSON_GetObjectItem(o, "findings");
	assert_int_equal(cJSON_GetArraySize(fs), policy_lint_count(r));
	assert_true(policy_lint_count(r) >= 1);
	assert_int_equal(cJSON_GetObjectItem(o, "inconclusive")->valueint,
	                 policy_lint_report_inconclusive(r));
	for (size_t i = 0; i < policy_lint_count(r); i++) {
		cJSON *f = cJSON_GetArrayItem(fs, (int)i);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(f, "kind")),
		                    policy_lint_kind_name(policy_lint_finding_kind(r, i)));
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(f, "message")),
		                    policy_lint_finding_message(r, i));
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(f, "severity")),
		                    policy_lint_finding_severity(r, i) == POLICY_SEVERITY_ERROR ? "error" :
		                                                                                 "warning");
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(f, "clauses")),
		                 policy_lint_clause_count(r, i));
		assert_int_equal(cJSON_IsNull(cJSON_GetObjectItem(f, "witness")),
		                 !policy_lint_has_witness(r, i));
		assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(f, "verified")),
		                 policy_lint_finding_verified(r, i));
	}
	/* the dead rule: an error with no witness */
	assert_int_equal(policy_lint_finding_kind(r, 0), POLICY_LINT_DEAD_RULE);
	assert_int_equal(policy_lint_has_witness(r, 0), 0);
	assert_int_equal(policy_lint_finding_verified(r, 0), 0);
	cJSON_Delete(o);
	policy_lint_free(json);
	policy_lint_free(json2);
	policy_lint_report_free(again);
	policy_lint_report_free(r);
	policy_plan_free(p);
}

/* Out of range: the documented defaults, never a crash. */
static void test_out_of_range(void **state)
{
	(void)state;
	if (!available())
		skip();
	policy_plan *p = compile_file("tests/lint/no_findings/policy.txt");
	policy_lint_report *r = lint_ok(p, NULL);
	assert_int_equal(policy_lint_count(r), 0);
	char *json = report_json(r);
	cJSON *o = cJSON_Parse(json);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "findings")), 0);
	assert_int_equal(cJSON_GetObjectItem(o, "inconclusive")->valueint, 0);
	cJSON_Delete(o);
	policy_lint_free(json);
	assert_int_equal(policy_lint_finding_kind(r, 0), POLICY_LINT_GAP);
	assert_int_equal(policy_lint_finding_severity(r, 0), POLICY_SEVERITY_ERROR);
	assert_null(policy_lint_finding_message(r, 0));
	assert_int_equal(policy_lint_clause_count(r, 0), 0);
	assert_null(policy_lint_clause_step(r, 0, 0));
	assert_null(policy_lint_clause_text(r, 0, 0));
	assert_int_equal(policy_lint_clause_line(r, 0, 0), 0);
	assert_int_equal(policy_lint_clause_column(r, 0, 0), 0);
	assert_int_equal(policy_lint_has_witness(r, 0), 0);
	assert_int_equal(policy_lint_finding_verified(r, 0), 0);
	assert_int_equal(policy_lint_witness_document_count(r, 0), 0);
	assert_null(policy_lint_witness_document_type(r, 0, 0));
	assert_null(policy_lint_witness_document_text(r, 0, 0));
	assert_null(policy_lint_witness_facts_json(r, 0));
	assert_null(policy_lint_witness_model_answers(r, 0));
	assert_null(policy_lint_witness_expect_json(r, 0));
	policy_lint_report_free(r);
	policy_plan_free(p);
}

/* Raising the escalation threshold: every region where the decisions
 * differ has a witness that the new plan decides as it says and the old
 * plan decides otherwise. A plan compared with itself differs nowhere. */
static void test_diff(void **state)
{
	(void)state;
	if (!available())
		skip();
	char *text = read_file_or_fail("examples/claims/policy.txt", NULL);
	policy_plan *a = compile_ok(text);
	char *at = strstr(text, "$50,000");
	assert_non_null(at);
	memcpy(at, "$75,000", 7);
	policy_plan *b = compile_ok(text);
	free(text);
	policy_lint_report *r = NULL;
	char *message = NULL;
	assert_int_equal(policy_lint_diff(a, b, NULL, &r, &message), POLICY_OK);
	assert_true(policy_lint_count(r) >= 1);
	for (size_t i = 0; i < policy_lint_count(r); i++) {
		assert_int_equal(policy_lint_finding_kind(r, i), POLICY_LINT_DECISION_CHANGED);
		assert_int_equal(policy_lint_has_witness(r, i), 1);
		char *now = run_witness(b, r, i), *before = run_witness(a, r, i);
		char *want = sorted_decision(policy_lint_witness_expect_json(r, i)), *got = sorted_decision(now);
		assert_string_equal(got, want);
		assert_string_not_equal(now, before);
		free(now);
		free(before);
		free(want);
		free(got);
	}
	assert_non_null(strstr(policy_lint_finding_message(r, 0), "$50,000.01"));
	policy_lint_report_free(r);
	policy_lint_options o = POLICY_LINT_OPTIONS_INIT;
	o.max_changes = 1;
	assert_int_equal(policy_lint_diff(a, b, &o, &r, NULL), POLICY_OK);
	assert_int_equal(policy_lint_count(r), 1);
	policy_lint_report_free(r);
	assert_int_equal(policy_lint_diff(a, a, NULL, &r, NULL), POLICY_OK);
	assert_int_equal(policy_lint_count(r), 0);
	policy_lint_report_free(r);
	policy_plan_free(a);
	policy_plan_free(b);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(every_case_policy);
	policy_lint_report *r = NULL;
	char *message = NULL;
	policy_status want = policy_lint_available() ? POLICY_ERR_ARGUMENT : POLICY_ERR_STATE;
	assert_int_equal(policy_lint_plan(NULL, NULL, &r, &message), want);
	assert_null(r);
	assert_non_null(message);
	policy_lint_free(message);
	assert_int_equal(policy_lint_plan(p, NULL, NULL, NULL), want);
	assert_int_equal(policy_lint_diff(p, NULL, NULL, &r, &message), want);
	assert_null(r);
	assert_non_null(message);
	policy_lint_free(message);
	assert_int_equal(policy_lint_diff(NULL, p, NULL, NULL, NULL), want);
	policy_lint_report_free(NULL);
	policy_lint_free(NULL);
	assert_int_equal(policy_lint_count(NULL), 0);
	assert_int_equal(policy_lint_report_inconclusive(NULL), 0);
	assert_null(policy_lint_finding_message(NULL, 0));
	policy_plan_free(p);
}

/* Reports made on two threads at once are the ones made one at a time:
 * each analysis has its own solver context. */
typedef struct job {
	const policy_plan *plan;
	char *json;
} job;

static void *lint_job(void *arg)
{
	job *j = arg;
	policy_lint_report *r = NULL;
	if (policy_lint_plan(j->plan, NULL, &r, NULL) == POLICY_OK)
		policy_lint_report_json(r, &j->json, NULL);
	policy_lint_report_free(r);
	return NULL;
}

static void test_two_threads(void **state)
{
	(void)state;
	if (!available())
		skip();
	policy_plan *p[2] = { compile_file("tests/lint/overlapping_bands/policy.txt"),
		              compile_file("tests/lint/conflict_release_hold/policy.txt") };
	job alone[2] = { { p[0], NULL }, { p[1], NULL } }, together[2] = { { p[0], NULL }, { p[1], NULL } };
	for (int i = 0; i < 2; i++) {
		lint_job(&alone[i]);
		assert_non_null(alone[i].json);
	}
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, lint_job, &together[i]), 0);
	for (int i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		assert_non_null(together[i].json);
		assert_string_equal(together[i].json, alone[i].json);
		policy_lint_free(alone[i].json);
		policy_lint_free(together[i].json);
		policy_plan_free(p[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_gap_between_bands),
		cmocka_unit_test(test_conflict_with_model_answer),
		cmocka_unit_test(test_seeded_defects),
		cmocka_unit_test(test_every_case_and_struct_size),
		cmocka_unit_test(test_report_json),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_two_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
