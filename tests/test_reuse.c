/*
 * Deciding case after case: an execution started over (policy_exec_reset),
 * typed answers (policy_answer_*), and the trail, reasons and requests
 * made when first read.
 *
 * Each is checked against what it replaces: a reset execution writes the
 * bytes a new one writes; a typed answer gives the trail its JSON answer
 * gives, errors included; a trail read late is the trail read at once.
 * And, as a property rather than a timing: once an execution has decided
 * a few cases, deciding another allocates nothing.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

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

/* Every type a typed answer can carry, and a list of one per document. */
static const char sampler_policy[] =
	"Policy: Field Sampler\n"
	"Version: 1.0.0\n"
	"Effective: January 1, 2026\n"
	"\n"
	"When a new sample case arrives, extract the claimed amount, the date of loss, the interest "
	"rate, the coverage ratio, the number of dependents, whether the applicant smokes, and the "
	"expense category from the sample form. Extract the deposit amount from each deposit slip.\n"
	"\n"
	"The total deposits are the sum of the deposit amounts.\n"
	"\n"
	"If the claimed amount exceeds $50,000 or the interest rate is more than 7.5%, escalate "
	"to review.\n"
	"If the coverage ratio is below 1.25x, flag the file.\n"
	"If the applicant smokes, apply tobacco rates.\n"
	"If the number of dependents is more than 3, request a household review.\n"
	"If the expense category is lodging, check the hotel receipt.\n"
	"If the total deposits exceed $10,000, file a report.\n";

static policy_plan *claims, *sampler;

static int setup(void **state)
{
	(void)state;
	claims = compile_ok(claims_policy);
	sampler = compile_ok(sampler_policy);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	policy_plan_free(claims);
	policy_plan_free(sampler);
	return 0;
}

/* A clock that ticks, so timestamps (and the hash chain) show the order
 * the clock was read in. */
static int64_t tick(void *user_data)
{
	return ++*(int64_t *)user_data;
}

/* One answer per step id, in both forms. */
typedef enum { T_NUMBER, T_DATE, T_BOOL, T_TEXT, T_MISSING, T_JSON_ONLY } typed_kind;

typedef struct answer {
	const char *step;
	const char *json;
	typed_kind kind;
	int64_t units;
	int scale;
	int y, m, d;
	const char *text;
	size_t len;          /* text's length (0: strlen) */
	const char *evidence;
} answer;

static const answer *find(const answer *a, const policy_task *t)
{
	for (; a->step; a++)
		if (!strcmp(a->step, policy_task_step_id(t)))
			return a;
	fail_msg("no answer for %s", policy_task_step_id(t));
	return NULL;
}

static policy_status give(policy_exec *x, const policy_task *t, const answer *a, bool typed)
{
	if (!typed || a->kind == T_JSON_ONLY)
		return policy_exec_complete(x, t, a->json, strlen(a->json));
	switch (a->kind) {
	case T_NUMBER: return policy_answer_number(x, t, a->units, a->scale, a->evidence);
	case T_DATE: return policy_answer_date(x, t, a->y, a->m, a->d, a->evidence);
	case T_BOOL: return policy_answer_bool(x, t, a->units != 0, a->evidence);
	case T_TEXT:
		return policy_answer_text(x, t, a->text, a->len ? a->len : strlen(a->text), a->evidence);
	default: return policy_answer_missing(x, t, a->text);
	}
}

/* Drive x to the end with these answers; its trail as JSON Lines and the
 * decision as JSON, concatenated (malloc'd). */
static char *run(policy_exec *x, const answer *answers, bool typed)
{
	for (;;) {
		const policy_task *t;
		assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
		if (!t)
			break;
		assert_int_equal(give(x, t, find(answers, t), typed), POLICY_OK);
	}
	assert_int_not_equal(policy_exec_outcome(x), POLICY_OUTCOME_PENDING);
	char *jsonl, *decision;
	size_t n1, n2;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, &n1), POLICY_OK);
	assert_int_equal(policy_exec_decision_json(x, &decision, &n2), POLICY_OK);
	char *both = malloc(n1 + n2 + 1);
	memcpy(both, jsonl, n1);
	memcpy(both + n1, decision, n2 + 1);
	policy_free(jsonl);
	policy_free(decision);
	return both;
}

static char *run_new(const policy_plan *p, const policy_case *c, const answer *answers,
                     bool typed)
{
	int64_t clock = 1767225600000;
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.now = tick;
	o.now_user_data = &clock;
	policy_exec *x;
	assert_int_equal(policy_exec_new(p, c, &o, &x, NULL), POLICY_OK);
	char *out = run(x, answers, typed);
	policy_exec_free(x);
	return out;
}

static const answer large_claim[] = {
	{ "extract.policy_number", "{\"value\": \"HO-4471-0932\"}", T_TEXT, 0, 0, 0, 0, 0,
	  "HO-4471-0932", 0, NULL },
	{ "extract.date_of_loss",
	  "{\"value\": \"2026-03-03\", \"evidence\": {\"document\": \"claim form\", \"page\": 2, "
	  "\"line\": 7}}",
	  T_DATE, 0, 0, 2026, 3, 3, NULL, 0, "{\"document\": \"claim form\", \"page\": 2, \"line\": 7}" },
	{ "extract.claimed_amount", "{\"value\": 72400.00}", T_NUMBER, 7240000, 2, 0, 0, 0, NULL, 0,
	  NULL },
	{ "lookup.policy_effective_date", "{\"value\": \"2025-06-01\"}", T_DATE, 0, 0, 2025, 6, 1, NULL,
	  0, NULL },
	{ "lookup.policy_expiration_date", "{\"value\": \"2026-06-01\", \"source\": \"PAS v7\"}",
	  T_JSON_ONLY, 0, 0, 0, 0, 0, NULL, 0, NULL },
	{ NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, 0, NULL },
};

static const answer lapsed[] = {
	{ "extract.policy_number", "{\"missing\": \"not on the form\"}", T_MISSING, 0, 0, 0, 0, 0,
	  "not on the form", 0, NULL },
	{ "extract.date_of_loss", "{\"value\": \"July 2, 2026\"}", T_TEXT, 0, 0, 0, 0, 0,
	  "July 2, 2026", 0, NULL },
	{ "extract.claimed_amount", "{\"value\": \"$8,900\"}", T_TEXT, 0, 0, 0, 0, 0, "$8,900", 0,
	  NULL },
	{ "lookup.policy_effective_date", "{\"value\": \"2025-06-01\"}", T_DATE, 0, 0, 2025, 6, 1, NULL,
	  0, NULL },
	{ "lookup.policy_expiration_date", "{\"value\": \"2026-06-01\"}", T_DATE, 0, 0, 2026, 6, 1,
	  NULL, 0, NULL },
	{ NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, 0, NULL },
};

/* Values of the wrong type fail their steps, with the same words. */
static const answer wrong[] = {
	{ "extract.policy_number", "{\"value\": true}", T_BOOL, 1, 0, 0, 0, 0, NULL, 0, NULL },
	{ "extract.date_of_loss", "{\"value\": 20260303}", T_NUMBER, 20260303, 0, 0, 0, 0, NULL, 0,
	  NULL },
	{ "extract.claimed_amount", "{\"value\": \"2026-03-03\"}", T_DATE, 0, 0, 2026, 3, 3, NULL, 0,
	  NULL },
	{ "lookup.policy_effective_date", "{\"value\": \"not a \\u0000 date\"}", T_TEXT, 0, 0, 0, 0, 0,
	  "not a \0 date", 12, NULL },
	{ "lookup.policy_expiration_date", "{\"value\": -0.05}", T_NUMBER, -5, 2, 0, 0, 0, NULL, 0,
	  NULL },
	{ NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, 0, NULL },
};

static void test_typed_answers_mean_their_json(void **state)
{
	(void)state;
	const answer *sets[] = { large_claim, lapsed, wrong };
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		char *json = run_new(claims, NULL, sets[i], false);
		char *typed = run_new(claims, NULL, sets[i], true);
		assert_string_equal(typed, json);
		free(json);
		free(typed);
	}
	/* the wrong types are refused in so many words */
	char *out = run_new(claims, NULL, wrong, true);
	assert_non_null(strstr(out, "the answer \\\"2026-03-03\\\" is not an amount"));
	assert_non_null(strstr(out, "the answer 20260303 is not a date"));
	free(out);
}

/* Every type, text that is not UTF-8, and a list answered with one value
 * (which a list step refuses, as it refuses the JSON). */
static const answer sample[] = {
	{ "extract.claimed_amount", "{\"value\": 12000}", T_NUMBER, 12000, 0, 0, 0, 0, NULL, 0, NULL },
	{ "extract.date_of_loss", "{\"value\": \"2026-02-01\"}", T_DATE, 0, 0, 2026, 2, 1, NULL, 0,
	  NULL },
	{ "extract.interest_rate", "{\"value\": 0.0825}", T_NUMBER, 825, 4, 0, 0, 0, NULL, 0, NULL },
	{ "extract.coverage_ratio", "{\"value\": \"1.1x\"}", T_TEXT, 0, 0, 0, 0, 0, "1.1x", 0, NULL },
	{ "extract.number_of_dependents", "{\"value\": 4}", T_NUMBER, 4, 0, 0, 0, 0, NULL, 0, NULL },
	{ "extract.applicant_smokes", "{\"value\": false}", T_BOOL, 0, 0, 0, 0, 0, NULL, 0, NULL },
	{ "extract.expense_category", "{\"value\": \"lodging\"}", T_TEXT, 0, 0, 0, 0, 0, "lodging", 0,
	  "{\"document\": \"sample form\", \"line\": 6}" },
	{ "extract.deposit_amount", "{\"value\": 4200}", T_NUMBER, 4200, 0, 0, 0, 0, NULL, 0, NULL },
	{ NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, 0, NULL },
};

static void test_typed_answers_every_type(void **state)
{
	(void)state;
	/* the evidence answer differs from its JSON form: give the JSON the
	 * same evidence */
	answer a[sizeof sample / sizeof sample[0]];
	memcpy(a, sample, sizeof sample);
	a[6].json = "{\"value\": \"lodging\", \"evidence\": {\"document\": \"sample form\", \"line\": 6}}";
	char *json = run_new(sampler, NULL, a, false);
	char *typed = run_new(sampler, NULL, a, true);
	assert_string_equal(typed, json);
	assert_non_null(strstr(typed, "\"values\\\" list"));
	free(json);
	free(typed);
	/* text that is not UTF-8 reads as the JSON string the library writes
	 * for it (U+FFFD for the bad byte) */
	a[6].text = "lod\xffging";
	a[6].evidence = NULL;
	a[6].json = "{\"value\": \"lod\xef\xbf\xbdging\"}";
	json = run_new(sampler, NULL, a, false);
	typed = run_new(sampler, NULL, a, true);
	assert_string_equal(typed, json);
	free(json);
	free(typed);
}

static void test_typed_answer_arguments(void **state)
{
	(void)state;
	policy_exec *x;
	assert_int_equal(policy_exec_new(claims, NULL, NULL, &x, NULL), POLICY_OK);
	const policy_task *t;
	assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
	assert_int_equal(policy_answer_number(x, t, 1, 19, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_answer_number(x, t, 1, -1, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_answer_date(x, t, 2026, 2, 29, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_answer_date(x, t, 999, 1, 1, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_answer_text(x, t, NULL, 3, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_answer_text(NULL, t, "x", 1, NULL), POLICY_ERR_ARGUMENT);
	/* the task is still outstanding after the refusals */
	assert_int_equal(policy_answer_text(x, t, "HO-1", 4, NULL), POLICY_OK);
	assert_int_equal(policy_answer_text(x, t, "HO-1", 4, NULL), POLICY_ERR_STATE);
	policy_exec_free(x);
}

/* One execution started over for case after case writes, each time, the
 * bytes a new execution writes. */
static void test_reset_is_new(void **state)
{
	(void)state;
	const answer *sets[] = { large_claim, lapsed, wrong, large_claim, lapsed };
	int64_t clock = 1767225600000;
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.now = tick;
	o.now_user_data = &clock;
	policy_exec *x;
	assert_int_equal(policy_exec_new(claims, NULL, &o, &x, NULL), POLICY_OK);
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		policy_case *c;
		assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
		char id[16];
		snprintf(id, sizeof id, "CL-%zu", i);
		policy_case_set_id(c, id);
		/* a reset in the middle of a decision is fine too */
		const policy_task *t;
		assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
		assert_int_equal(policy_exec_reset(x, c, NULL), POLICY_OK);
		assert_null(policy_exec_trail(x));
		clock = 1767225600000;
		char *again = run(x, sets[i], i % 2);
		char *fresh = run_new(claims, c, sets[i], i % 2);
		assert_string_equal(again, fresh);
		free(again);
		free(fresh);
		policy_case_free(c);
		if (i + 1 < sizeof sets / sizeof sets[0])
			assert_int_equal(policy_exec_reset(x, NULL, NULL), POLICY_OK);
	}
	policy_exec_free(x);
}

static void test_reset_refuses_a_big_document(void **state)
{
	(void)state;
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.max_document_bytes = 8;
	policy_exec *x;
	assert_int_equal(policy_exec_new(claims, NULL, &o, &x, NULL), POLICY_OK);
	policy_case *c;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "claim form", "Policy Number: HO-1\n", 20),
	                 POLICY_OK);
	policy_error *err = NULL;
	assert_int_equal(policy_exec_reset(x, c, &err), POLICY_ERR_LIMIT);
	assert_non_null(err);
	policy_error_free(err);
	/* no case: nothing to do until a reset succeeds */
	const policy_task *t = (const policy_task *)&t;
	assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
	assert_null(t);
	assert_null(policy_exec_trail(x));
	assert_int_equal(policy_exec_reset(x, NULL, NULL), POLICY_OK);
	char *out = run(x, large_claim, true);
	assert_non_null(strstr(out, "escalate to senior adjuster review"));
	free(out);
	policy_case_free(c);
	policy_exec_free(x);
}

/* Requests are written when asked for, also after the answer, until the
 * execution starts over; the step of a task and of an action. */
static void test_requests_and_steps(void **state)
{
	(void)state;
	policy_exec *x;
	assert_int_equal(policy_exec_new(claims, NULL, NULL, &x, NULL), POLICY_OK);
	const policy_task *tasks[8];
	size_t n = 0;
	for (;;) {
		const policy_task *t;
		assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
		if (!t)
			break;
		assert_true(n < 8);
		assert_string_equal(policy_plan_step_id(claims, policy_task_step(t)),
		                    policy_task_step_id(t));
		assert_int_equal(give(x, t, find(large_claim, t), true), POLICY_OK);
		tasks[n++] = t;
	}
	assert_int_equal(n, 5);
	const char *req = policy_task_request_json(tasks[0]);
	assert_non_null(req);
	assert_non_null(strstr(req, "\"document\":\"claim form\""));
	assert_ptr_equal(policy_task_request_json(tasks[0]), req); /* made once */
	req = policy_task_request_json(tasks[4]);
	assert_non_null(strstr(req, "\"keys\":{\"policy number\":\"HO-4471-0932\"}"));
	assert_string_equal(policy_plan_step_document(claims, policy_task_step(tasks[0])),
	                    "claim form");
	assert_null(policy_plan_step_document(claims, policy_task_step(tasks[4])));
	assert_int_equal(policy_exec_action_count(x), 1);
	size_t step = policy_exec_action_step(x, 0);
	assert_string_equal(policy_plan_step_label(claims, step), policy_exec_action_text(x, 0));
	assert_int_equal(policy_exec_action_step(x, 1), (size_t)-1);
	assert_int_equal(policy_task_step(NULL), (size_t)-1);
	policy_exec_free(x);
}

/* Two threads reading one finished execution's trail (which is written
 * when first read) and reasons get the same bytes. */
typedef struct reader {
	const policy_exec *x;
	char *jsonl, *explain;
	const char *reason;
} reader;

static void *read_trail(void *arg)
{
	reader *r = arg;
	const policy_trail *t = policy_exec_trail(r->x);
	r->reason = policy_exec_failed_check_reason(r->x, 0);
	if (policy_trail_to_jsonl(t, &r->jsonl, NULL) != POLICY_OK)
		r->jsonl = NULL;
	if (policy_trail_explain(t, &r->explain, NULL) != POLICY_OK)
		r->explain = NULL;
	return NULL;
}

static void test_trail_read_by_two_threads(void **state)
{
	(void)state;
	for (int round = 0; round < 20; round++) {
		policy_exec *x;
		assert_int_equal(policy_exec_new(claims, NULL, NULL, &x, NULL), POLICY_OK);
		free(run(x, wrong, true) /* run reads the trail: start over */);
		assert_int_equal(policy_exec_reset(x, NULL, NULL), POLICY_OK);
		for (;;) {
			const policy_task *t;
			assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
			if (!t)
				break;
			assert_int_equal(give(x, t, find(lapsed, t), true), POLICY_OK);
		}
		reader r[2] = { { x, NULL, NULL, NULL }, { x, NULL, NULL, NULL } };
		pthread_t tid;
		assert_int_equal(pthread_create(&tid, NULL, read_trail, &r[0]), 0);
		read_trail(&r[1]);
		pthread_join(tid, NULL);
		assert_non_null(r[0].jsonl);
		assert_non_null(r[1].jsonl);
		assert_string_equal(r[0].jsonl, r[1].jsonl);
		assert_string_equal(r[0].explain, r[1].explain);
		assert_ptr_equal(r[0].reason, r[1].reason);
		assert_int_equal(policy_trail_verify(policy_exec_trail(x), claims, NULL), POLICY_OK);
		for (int k = 0; k < 2; k++) {
			policy_free(r[k].jsonl);
			policy_free(r[k].explain);
		}
		policy_exec_free(x);
	}
}

/* ---- no allocation per decision ---- */

typedef struct counter {
	size_t calls;
} counter;

static void *count_malloc(size_t size, void *ud)
{
	((counter *)ud)->calls++;
	return malloc(size);
}

static void *count_realloc(void *p, size_t size, void *ud)
{
	((counter *)ud)->calls++;
	return realloc(p, size);
}

static void count_free(void *p, void *ud)
{
	(void)ud;
	free(p);
}

static void decide_again(policy_exec *x, const answer *answers)
{
	assert_int_equal(policy_exec_reset(x, NULL, NULL), POLICY_OK);
	for (;;) {
		const policy_task *t;
		assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
		if (!t)
			break;
		assert_int_equal(give(x, t, find(answers, t), true), POLICY_OK);
	}
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
}

static void test_no_allocation_in_steady_state(void **state)
{
	(void)state;
	counter c = { 0 };
	policy_allocator al = { count_malloc, count_realloc, count_free, &c };
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.allocator = &al;
	policy_exec *x;
	assert_int_equal(policy_exec_new(claims, NULL, &o, &x, NULL), POLICY_OK);
	for (int i = 0; i < 4; i++)
		decide_again(x, i % 2 ? large_claim : lapsed);
	c.calls = 0;
	for (int i = 0; i < 100; i++)
		decide_again(x, i % 2 ? large_claim : lapsed);
	assert_int_equal(c.calls, 0);
	/* reading the trail, once sized, keeps within the execution's memory
	 * too: only the exported string is new */
	for (int i = 0; i < 4; i++) {
		decide_again(x, large_claim);
		char *s;
		assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &s, NULL), POLICY_OK);
		policy_free(s);
	}
	c.calls = 0;
	decide_again(x, large_claim);
	char *s;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &s, NULL), POLICY_OK);
	policy_free(s);
	assert_int_equal(c.calls, 1);
	policy_exec_free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_answers_mean_their_json),
		cmocka_unit_test(test_typed_answers_every_type),
		cmocka_unit_test(test_typed_answer_arguments),
		cmocka_unit_test(test_reset_is_new),
		cmocka_unit_test(test_reset_refuses_a_big_document),
		cmocka_unit_test(test_requests_and_steps),
		cmocka_unit_test(test_trail_read_by_two_threads),
		cmocka_unit_test(test_no_allocation_in_steady_state),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
