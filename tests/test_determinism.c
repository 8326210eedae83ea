/*
 * Determinism: the same plan, case, answers and clock give the same
 * decision and the same trail, byte for byte, however the work is spread.
 *
 * Each execution runs 100 times with 1, 2 and 8 worker threads
 * (policy_exec_options.threads) and a test clock that ticks one
 * millisecond per reading, so the trail's timestamps would differ if the
 * clock were read in a different order or on another thread. Every run's
 * decision JSON and trail JSON Lines must equal the first run's. Host
 * callbacks, which run on the worker threads, are pure functions of their
 * arguments. The sans-I/O loop must give the same bytes whether the host
 * answers a level's tasks in order or in reverse.
 */
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

static const char claim_form[] =
	"NORTHWIND MUTUAL INSURANCE COMPANY\n"
	"Policy Number: HO-4471-0932\n"
	"\f"
	"Date of Loss: March 3, 2026\n"
	"Amount Claimed: $72,400.00\n";

/* Several documents of a type, a sum over them, a requirement. */
static const char deposits_policy[] =
	"Policy: Currency Transaction Reporting\n"
	"Version: 5.0.2\n"
	"Effective: January 1, 2026\n"
	"\n"
	"When a customer's deposits for a business day arrive, extract the cash amount from each "
	"deposit slip.\n"
	"\n"
	"The total cash in is the sum of the cash amounts.\n"
	"\n"
	"Require two deposit slips.\n"
	"If the total cash in exceeds $10,000, file a currency transaction report.\n"
	"If the total cash in is between $8,000 and $10,000 and more than one deposit slip was "
	"submitted, flag the customer for structuring review.\n";

typedef struct clock_state {
	int64_t t;
} clock_state;

static int64_t ticking_clock(void *user_data)
{
	clock_state *c = user_data;
	return c->t += 1;
}

/* Answers the claim form's fields and the facts, as a host would. */
static policy_status host_extract(const char *doc_type, const char *field, policy_type type,
                                  const char *request_json, policy_reply *reply, void *user_data)
{
	(void)doc_type;
	(void)request_json;
	(void)user_data;
	const char *a = type == POLICY_TYPE_MONEY ? "{\"value\":\"72400.00\",\"evidence\":{\"page\":2}}" :
	                type == POLICY_TYPE_DATE ? "{\"value\":\"2026-03-03\"}" :
	                strstr(field, "number") ? "{\"value\":\"HO-4471-0932\"}" :
	                                           "{\"missing\":\"not on the form\"}";
	return policy_reply_set_json(reply, a, strlen(a));
}

static policy_status host_lookup(const char *fact, const char *request_json, policy_reply *reply,
                                 void *user_data)
{
	(void)request_json;
	(void)user_data;
	const char *a = strstr(fact, "expiration") ? "{\"value\":\"2026-06-01\",\"source\":\"PAS\"}"
	                                           : "{\"value\":\"2025-06-01\",\"source\":\"PAS\"}";
	return policy_reply_set_json(reply, a, strlen(a));
}

static policy_case *claims_case(void)
{
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_int_equal(policy_case_set_id(c, "CL-1"), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "claim form", claim_form, strlen(claim_form)),
	                 POLICY_OK);
	assert_int_equal(policy_case_add_fact(c, "policy effective date", "\"2025-06-01\"", 12),
	                 POLICY_OK);
	assert_int_equal(policy_case_add_fact(c, "policy expiration date", "\"2026-06-01\"", 12),
	                 POLICY_OK);
	return c;
}

static policy_case *deposits_case(void)
{
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_int_equal(policy_case_set_id(c, "D-7"), POLICY_OK);
	const char *slips[] = { "Cash Amount: $4,200.00\n", "Cash Amount: $4,900.00\n",
	                        "DEPOSIT SLIP\nCash Amount: $450.00\n" };
	for (int i = 0; i < 3; i++)
		assert_int_equal(policy_case_add_document(c, "deposit slip", slips[i], strlen(slips[i])),
		                 POLICY_OK);
	return c;
}

typedef struct outputs {
	char *decision;
	char *trail;
} outputs;

static outputs run_once(const policy_plan *plan, const policy_case *c, bool callbacks,
                        unsigned threads)
{
	clock_state clock = { 1767225600000 };
	policy_host *h = NULL;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	policy_host_set_now_func(h, ticking_clock, &clock, NULL);
	if (callbacks) {
		policy_host_set_extract_func(h, host_extract, NULL, NULL);
		policy_host_set_lookup_func(h, host_lookup, NULL, NULL);
	}
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.threads = threads;
	policy_exec *x = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_execute(plan, h, c, &o, &x, &err), POLICY_OK);
	assert_null(err);
	outputs out;
	assert_int_equal(policy_exec_decision_json(x, &out.decision, NULL), POLICY_OK);
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &out.trail, NULL), POLICY_OK);
	policy_exec_free(x);
	policy_host_free(h);
	return out;
}

static void free_outputs(outputs *o)
{
	policy_free(o->decision);
	policy_free(o->trail);
}

/* 100 runs with each of 1, 2 and 8 threads: all the same bytes. */
static void check_runs(const policy_plan *plan, const policy_case *c, bool callbacks,
                       const char *expect_in_decision)
{
	outputs first = run_once(plan, c, callbacks, 1);
	assert_non_null(strstr(first.decision, expect_in_decision));
	/* The clock was read: the trail has ticking timestamps. */
	assert_non_null(strstr(first.trail, "\"started\":1767225600001"));
	static const unsigned threads[] = { 1, 2, 8 };
	for (size_t k = 0; k < 3; k++) {
		for (int run = 0; run < 100; run++) {
			outputs o = run_once(plan, c, callbacks, threads[k]);
			if (strcmp(o.decision, first.decision))
				fail_msg("%u threads, run %d: the decision differs:\n%s\nvs\n%s", threads[k],
				         run, o.decision, first.decision);
			if (strcmp(o.trail, first.trail))
				fail_msg("%u threads, run %d: the trail differs", threads[k], run);
			free_outputs(&o);
		}
	}
	free_outputs(&first);
}

static void test_builtin_extractor(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	policy_case *c = claims_case();
	check_runs(plan, c, false, "escalate to senior adjuster review");
	policy_case_free(c);
	policy_plan_free(plan);
}

static void test_host_callbacks(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	policy_case *c = claims_case();
	check_runs(plan, c, true, "escalate to senior adjuster review");
	policy_case_free(c);
	policy_plan_free(plan);
}

static void test_several_documents(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(deposits_policy);
	policy_case *c = deposits_case();
	check_runs(plan, c, false, "flag the customer for structuring review");
	policy_case_free(c);
	policy_plan_free(plan);
}

/* Sans-I/O: take every task that is ready, answer them in order or in
 * reverse (with the built-in extractor): the same bytes. The clock stands
 * still here: a task's end time is when the host completes it, which is
 * the host's order to choose (policy_execute completes in plan order). */
static outputs sans_io(const policy_plan *plan, const policy_case *c, bool reverse)
{
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	policy_exec *x = NULL;
	assert_int_equal(policy_exec_new(plan, c, &o, &x, NULL), POLICY_OK);
	for (;;) {
		const policy_task *ready[64];
		size_t n = 0;
		const policy_task *t;
		while (policy_exec_next(x, &t) == POLICY_OK && t) {
			assert_true(n < 64);
			ready[n++] = t;
		}
		if (n == 0)
			break;
		for (size_t k = 0; k < n; k++)
			assert_int_equal(policy_exec_complete_builtin(x, ready[reverse ? n - 1 - k : k]),
			                 POLICY_OK);
	}
	assert_int_not_equal(policy_exec_outcome(x), POLICY_OUTCOME_PENDING);
	outputs out;
	assert_int_equal(policy_exec_decision_json(x, &out.decision, NULL), POLICY_OK);
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &out.trail, NULL), POLICY_OK);
	policy_exec_free(x);
	return out;
}

static void test_completion_order(void **state)
{
	(void)state;
	policy_plan *plans[2] = { compile_ok(claims_policy), compile_ok(deposits_policy) };
	policy_case *cases[2] = { claims_case(), deposits_case() };
	for (int i = 0; i < 2; i++) {
		outputs a = sans_io(plans[i], cases[i], false);
		for (int run = 0; run < 100; run++) {
			outputs b = sans_io(plans[i], cases[i], run % 2 == 0);
			assert_string_equal(a.decision, b.decision);
			assert_string_equal(a.trail, b.trail);
			free_outputs(&b);
		}
		free_outputs(&a);
		policy_case_free(cases[i]);
		policy_plan_free(plans[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_extractor),
		cmocka_unit_test(test_host_callbacks),
		cmocka_unit_test(test_several_documents),
		cmocka_unit_test(test_completion_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
