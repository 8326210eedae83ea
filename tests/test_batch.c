/*
 * policy_execute_batch: many cases with one plan in one call.
 *
 * The promises in policy.h, one test each: every case is decided exactly
 * as policy_execute decides it alone (decision and trail bytes), results
 * land in input order whatever the number of worker threads, cases can be
 * made lazily on the workers, a bad case fails alone with its error and
 * never stops the batch, the done callback sees every case once, and bad
 * arguments are refused before anything runs.
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

enum { CASES = 60 };

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

/* Case i: an amount and a date that cycle through the three decisions. */
static policy_case *make_claim(size_t i)
{
	char form[256], id[32];
	snprintf(form, sizeof form,
	         "Policy Number: HO-%04zu\nDate of Loss: %s\nAmount Claimed: $%zu,400.00\n", i,
	         i % 3 == 2 ? "July 3, 2026" : "March 3, 2026", i % 3 == 0 ? 70 + i : 1 + i % 9);
	snprintf(id, sizeof id, "CL-%zu", i);
	policy_case *c = NULL;
	if (policy_case_new(NULL, &c) != POLICY_OK)
		return NULL;
	policy_case_set_id(c, id);
	policy_case_add_document(c, "claim form", form, strlen(form));
	policy_case_add_fact(c, "policy effective date", "\"2025-06-01\"", 12);
	policy_case_add_fact(c, "policy expiration date", "\"2026-06-01\"", 12);
	return c;
}

static int64_t zero_clock(void *user_data)
{
	(void)user_data;
	return 0;
}

static char *decision_of(const policy_exec *x)
{
	char *json = NULL, *copy;
	assert_int_equal(policy_exec_decision_json(x, &json, NULL), POLICY_OK);
	copy = strdup(json);
	policy_free(json);
	return copy;
}

static char *trail_of(const policy_exec *x)
{
	char *jsonl = NULL, *copy;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, NULL), POLICY_OK);
	copy = strdup(jsonl);
	policy_free(jsonl);
	return copy;
}

/* Each case decided alone, the reference the batch must match. */
static void decide_alone(const policy_plan *plan, char **decisions, char **trails)
{
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.now = zero_clock;
	for (size_t i = 0; i < CASES; i++) {
		policy_case *c = make_claim(i);
		policy_exec *x = NULL;
		assert_int_equal(policy_execute(plan, NULL, c, &o, &x, NULL), POLICY_OK);
		decisions[i] = decision_of(x);
		trails[i] = trail_of(x);
		policy_exec_free(x);
		policy_case_free(c);
	}
}

static void free_all(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
}

static void test_batch_equals_one_at_a_time_in_input_order(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	char *decisions[CASES], *trails[CASES];
	decide_alone(plan, decisions, trails);
	policy_case *cases[CASES];
	for (size_t i = 0; i < CASES; i++)
		assert_non_null(cases[i] = make_claim(i));
	policy_exec_options eo = POLICY_EXEC_OPTIONS_INIT;
	eo.now = zero_clock;
	static const unsigned thread_counts[] = { 0, 1, 2, 3, 8 };
	for (size_t t = 0; t < sizeof thread_counts / sizeof *thread_counts; t++) {
		policy_batch_options o = POLICY_BATCH_OPTIONS_INIT;
		o.threads = thread_counts[t];
		o.exec = &eo;
		policy_exec *execs[CASES];
		policy_error *errors[CASES];
		assert_int_equal(policy_execute_batch(plan, NULL, (const policy_case *const *)cases,
		                                      CASES, &o, execs, errors),
		                 POLICY_OK);
		for (size_t i = 0; i < CASES; i++) {
			assert_null(errors[i]);
			assert_non_null(execs[i]);
			char *d = decision_of(execs[i]), *tr = trail_of(execs[i]);
			assert_string_equal(d, decisions[i]);
			assert_string_equal(tr, trails[i]);
			free(d);
			free(tr);
			policy_exec_free(execs[i]);
		}
	}
	for (size_t i = 0; i < CASES; i++)
		policy_case_free(cases[i]);
	free_all(decisions, CASES);
	free_all(trails, CASES);
	policy_plan_free(plan);
}

/* What the callbacks saw, under a lock since they run on the workers. */
typedef struct seen {
	pthread_mutex_t lock;
	unsigned made[CASES];
	unsigned done[CASES];
	unsigned failed[CASES];
	char *decisions[CASES];
	size_t bad; /* make_case refuses this case */
} seen;

static policy_status make_lazily(size_t index, policy_case **out, void *user_data)
{
	seen *s = user_data;
	pthread_mutex_lock(&s->lock);
	s->made[index]++;
	pthread_mutex_unlock(&s->lock);
	if (index == s->bad)
		return POLICY_ERR_NOT_FOUND;
	*out = make_claim(index);
	return *out ? POLICY_OK : POLICY_ERR_NOMEM;
}

static void record_done(size_t index, const policy_exec *x, const policy_error *err,
                        void *user_data)
{
	seen *s = user_data;
	char *d = x ? decision_of(x) : NULL;
	pthread_mutex_lock(&s->lock);
	s->done[index]++;
	s->failed[index] += err != NULL;
	s->decisions[index] = d;
	pthread_mutex_unlock(&s->lock);
}

static void test_lazy_cases_and_a_bad_case_that_does_not_stop_the_batch(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	char *decisions[CASES], *trails[CASES];
	decide_alone(plan, decisions, trails);
	seen s = { .lock = PTHREAD_MUTEX_INITIALIZER, .bad = 17 };
	policy_exec_options eo = POLICY_EXEC_OPTIONS_INIT;
	eo.now = zero_clock;
	policy_batch_options o = POLICY_BATCH_OPTIONS_INIT;
	o.threads = 2;
	o.exec = &eo;
	o.make_case = make_lazily;
	o.done = record_done;
	o.user_data = &s;
	policy_error *errors[CASES];
	/* No execs array: each execution is freed after `done` saw it. */
	assert_int_equal(policy_execute_batch(plan, NULL, NULL, CASES, &o, NULL, errors), POLICY_OK);
	for (size_t i = 0; i < CASES; i++) {
		assert_int_equal(s.made[i], 1);
		assert_int_equal(s.done[i], 1);
		if (i == s.bad) {
			assert_int_equal(s.failed[i], 1);
			assert_null(s.decisions[i]);
			assert_non_null(errors[i]);
			assert_int_equal(policy_error_code(errors[i]), POLICY_ERR_NOT_FOUND);
			assert_non_null(strstr(policy_error_message(errors[i]), "case 17"));
			policy_error_free(errors[i]);
		} else {
			assert_int_equal(s.failed[i], 0);
			assert_null(errors[i]);
			assert_string_equal(s.decisions[i], decisions[i]);
		}
		free(s.decisions[i]);
	}
	free_all(decisions, CASES);
	free_all(trails, CASES);
	policy_plan_free(plan);
}

/* A case over a limit fails with its own error; its neighbours do not. */
static void test_a_case_over_a_limit_fails_alone(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	policy_case *cases[3];
	for (size_t i = 0; i < 3; i++)
		assert_non_null(cases[i] = make_claim(i));
	char big[4096];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	policy_case_add_document(cases[1], "claim form", big, strlen(big));
	policy_exec_options eo = POLICY_EXEC_OPTIONS_INIT;
	eo.max_document_bytes = 1024;
	policy_batch_options o = POLICY_BATCH_OPTIONS_INIT;
	o.threads = 2;
	o.exec = &eo;
	policy_exec *execs[3];
	policy_error *errors[3];
	assert_int_equal(policy_execute_batch(plan, NULL, (const policy_case *const *)cases, 3, &o,
	                                      execs, errors),
	                 POLICY_OK);
	assert_non_null(execs[0]);
	assert_null(execs[1]);
	assert_non_null(execs[2]);
	assert_null(errors[0]);
	assert_non_null(errors[1]);
	assert_int_equal(policy_error_code(errors[1]), POLICY_ERR_LIMIT);
	assert_null(errors[2]);
	assert_int_equal(policy_exec_outcome(execs[0]), POLICY_OUTCOME_COMPLETE);
	assert_string_equal(policy_exec_action_text(execs[0], 0), "escalate to senior adjuster review");
	assert_string_equal(policy_exec_action_text(execs[2], 0), "deny the claim");
	policy_error_free(errors[1]);
	for (size_t i = 0; i < 3; i++) {
		policy_exec_free(execs[i]);
		policy_case_free(cases[i]);
	}
	policy_plan_free(plan);
}

static void test_bad_arguments_are_refused_before_anything_runs(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	policy_case *c = make_claim(0);
	const policy_case *cases[1] = { c };
	policy_exec *execs[1] = { (policy_exec *)&execs };
	assert_int_equal(policy_execute_batch(NULL, NULL, cases, 1, NULL, execs, NULL),
	                 POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_execute_batch(plan, NULL, NULL, 1, NULL, execs, NULL),
	                 POLICY_ERR_ARGUMENT);
	policy_batch_options small = POLICY_BATCH_OPTIONS_INIT;
	small.struct_size = sizeof(size_t);
	assert_int_equal(policy_execute_batch(plan, NULL, cases, 1, &small, execs, NULL),
	                 POLICY_ERR_ARGUMENT);
	/* Nothing ran: the output slot is untouched. */
	assert_ptr_equal(execs[0], (policy_exec *)&execs);
	/* An empty batch is a batch. */
	assert_int_equal(policy_execute_batch(plan, NULL, NULL, 0, NULL, NULL, NULL), POLICY_OK);
	/* Defaults: NULL options, one case, on the calling thread. */
	assert_int_equal(policy_execute_batch(plan, NULL, cases, 1, NULL, execs, NULL), POLICY_OK);
	assert_non_null(execs[0]);
	assert_int_equal(policy_exec_outcome(execs[0]), POLICY_OUTCOME_COMPLETE);
	policy_exec_free(execs[0]);
	policy_case_free(c);
	policy_plan_free(plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_equals_one_at_a_time_in_input_order),
		cmocka_unit_test(test_lazy_cases_and_a_bad_case_that_does_not_stop_the_batch),
		cmocka_unit_test(test_a_case_over_a_limit_fails_alone),
		cmocka_unit_test(test_bad_arguments_are_refused_before_anything_runs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
