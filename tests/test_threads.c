/*
 * Thread safety: one shared plan, executed concurrently from 8 threads.
 *
 * policy.h promises that a compiled or loaded plan is immutable and may be
 * shared by any number of threads, and that reference counting is
 * thread-safe. Here 8 threads each run the plan many times, with
 * policy_execute (itself using worker threads for the extractions) and
 * with the sans-I/O loop, take and drop references, save, inspect and
 * verify trails against the shared plan, all at once; every result must
 * equal the one computed alone beforehand.
 *
 * Run it under ThreadSanitizer to check for data races (scripts/tsan.sh):
 *   CC=clang meson setup build-tsan -Db_sanitize=thread -Db_lundef=false
 *   meson test -C build-tsan threads determinism
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

enum { THREADS = 8, RUNS = 25 };

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

/* Three claims with three different decisions. */
static const char *const forms[3] = {
	"Policy Number: HO-4471-0932\nDate of Loss: March 3, 2026\nAmount Claimed: $72,400.00\n",
	"Policy Number: HO-4471-0932\nDate of Loss: March 3, 2026\nAmount Claimed: $2,400.00\n",
	"Policy Number: HO-4471-0932\nDate of Loss: July 3, 2026\nAmount Claimed: $2,400.00\n",
};

typedef struct shared {
	policy_plan *plan;
	char *decision[3];
	char *trail[3];
	char *saved;
	char *inspected;
} shared;

typedef struct worker_arg {
	shared *sh;
	unsigned id;
	int failures;
	char what[200];
} worker_arg;

static int64_t fixed_clock(void *user_data)
{
	(void)user_data;
	return 1767225600000;
}

static policy_case *make(unsigned which)
{
	policy_case *c = NULL;
	if (policy_case_new(NULL, &c) != POLICY_OK)
		return NULL;
	policy_case_set_id(c, "CL-1");
	policy_case_add_document(c, "claim form", forms[which], strlen(forms[which]));
	policy_case_add_fact(c, "policy effective date", "\"2025-06-01\"", 12);
	policy_case_add_fact(c, "policy expiration date", "\"2026-06-01\"", 12);
	return c;
}

/* Run case `which` on the plan; its decision and trail (malloc'd). */
static bool run(const policy_plan *plan, unsigned which, bool sans_io, unsigned threads,
                char **decision, char **trail)
{
	policy_case *c = make(which);
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.threads = threads;
	o.now = fixed_clock;
	policy_exec *x = NULL;
	bool ok = c != NULL;
	if (ok && sans_io) {
		ok = policy_exec_new(plan, c, &o, &x, NULL) == POLICY_OK;
		const policy_task *t;
		while (ok && policy_exec_next(x, &t) == POLICY_OK && t)
			ok = policy_exec_complete_builtin(x, t) == POLICY_OK;
	} else if (ok) {
		policy_host *h = NULL;
		ok = policy_host_new(NULL, &h) == POLICY_OK;
		if (ok) {
			policy_host_set_now_func(h, fixed_clock, NULL, NULL);
			ok = policy_execute(plan, h, c, &o, &x, NULL) == POLICY_OK;
		}
		policy_host_free(h);
	}
	char *d = NULL, *t = NULL;
	ok = ok && policy_exec_decision_json(x, &d, NULL) == POLICY_OK &&
	     policy_trail_to_jsonl(policy_exec_trail(x), &t, NULL) == POLICY_OK;
	if (ok) {
		*decision = strdup(d);
		*trail = strdup(t);
	}
	policy_free(d);
	policy_free(t);
	policy_exec_free(x);
	policy_case_free(c);
	return ok;
}

#define CHECK(arg, cond, ...)                                                   \
	do {                                                                    \
		if (!(cond) && !(arg)->failures++)                              \
			snprintf((arg)->what, sizeof (arg)->what, __VA_ARGS__); \
	} while (0)

static void *worker(void *p)
{
	worker_arg *a = p;
	shared *sh = a->sh;
	for (unsigned r = 0; r < RUNS; r++) {
		unsigned which = (a->id + r) % 3;
		/* A reference of our own, dropped at the end of the round. */
		policy_plan *plan = policy_plan_reference(sh->plan);
		char *d = NULL, *t = NULL;
		bool ok = run(plan, which, r % 2 == 1, 1 + r % 3, &d, &t);
		CHECK(a, ok, "thread %u run %u failed", a->id, r);
		if (ok) {
			CHECK(a, !strcmp(d, sh->decision[which]), "thread %u run %u: decision differs",
			      a->id, r);
			CHECK(a, !strcmp(t, sh->trail[which]), "thread %u run %u: trail differs", a->id, r);
			policy_trail *tr = NULL;
			CHECK(a, policy_trail_load(t, strlen(t), NULL, &tr, NULL) == POLICY_OK,
			      "thread %u: trail does not load", a->id);
			CHECK(a, policy_trail_verify(tr, plan, NULL) == POLICY_OK,
			      "thread %u: trail does not verify", a->id);
			char *why = NULL;
			CHECK(a, policy_trail_explain(tr, &why, NULL) == POLICY_OK, "thread %u: explain",
			      a->id);
			policy_free(why);
			policy_trail_free(tr);
		}
		free(d);
		free(t);
		/* Read-only uses of the shared plan. */
		char *s = NULL;
		CHECK(a, policy_plan_save(plan, &s, NULL) == POLICY_OK && !strcmp(s, sh->saved),
		      "thread %u: saved plan differs", a->id);
		policy_free(s);
		s = NULL;
		CHECK(a, policy_plan_inspect(plan, &s, NULL) == POLICY_OK && !strcmp(s, sh->inspected),
		      "thread %u: inspection differs", a->id);
		policy_free(s);
		for (size_t i = 0; i < policy_plan_step_count(plan); i++)
			(void)policy_plan_step_id(plan, i);
		policy_plan_free(plan);
	}
	return NULL;
}

static void run_shared(policy_plan *plan)
{
	shared sh = { .plan = plan };
	for (unsigned w = 0; w < 3; w++)
		assert_true(run(plan, w, false, 1, &sh.decision[w], &sh.trail[w]));
	assert_non_null(strstr(sh.decision[0], "escalate to senior adjuster review"));
	assert_non_null(strstr(sh.decision[1], "route the claim to standard processing"));
	assert_non_null(strstr(sh.decision[2], "deny the claim"));
	char *s = NULL;
	assert_int_equal(policy_plan_save(plan, &s, NULL), POLICY_OK);
	sh.saved = strdup(s);
	policy_free(s);
	assert_int_equal(policy_plan_inspect(plan, &s, NULL), POLICY_OK);
	sh.inspected = strdup(s);
	policy_free(s);

	pthread_t tid[THREADS];
	worker_arg args[THREADS];
	for (unsigned i = 0; i < THREADS; i++) {
		args[i] = (worker_arg){ .sh = &sh, .id = i };
		assert_int_equal(pthread_create(&tid[i], NULL, worker, &args[i]), 0);
	}
	for (unsigned i = 0; i < THREADS; i++)
		pthread_join(tid[i], NULL);
	for (unsigned i = 0; i < THREADS; i++)
		if (args[i].failures)
			fail_msg("%s (%d failures)", args[i].what, args[i].failures);
	for (unsigned w = 0; w < 3; w++) {
		free(sh.decision[w]);
		free(sh.trail[w]);
	}
	free(sh.saved);
	free(sh.inspected);
}

static void test_compiled_plan_shared(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	run_shared(plan);
	policy_plan_free(plan);
}

static void test_loaded_plan_shared(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(claims_policy);
	size_t len;
	char *json = save_plan(p, &len);
	policy_plan_free(p);
	policy_plan *plan = NULL;
	assert_int_equal(policy_plan_load(json, len, NULL, &plan, NULL), POLICY_OK);
	free(json);
	run_shared(plan);
	policy_plan_free(plan);
}

/* The last reference may be dropped by any thread. */
static void *drop(void *p)
{
	policy_plan_free(p);
	return NULL;
}

static void test_references_dropped_concurrently(void **state)
{
	(void)state;
	for (int round = 0; round < 20; round++) {
		policy_plan *plan = compile_ok(claims_policy);
		pthread_t tid[THREADS];
		for (unsigned i = 0; i < THREADS; i++)
			policy_plan_reference(plan);
		for (unsigned i = 0; i < THREADS; i++)
			assert_int_equal(pthread_create(&tid[i], NULL, drop, plan), 0);
		policy_plan_free(plan);
		for (unsigned i = 0; i < THREADS; i++)
			pthread_join(tid[i], NULL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compiled_plan_shared),
		cmocka_unit_test(test_loaded_plan_shared),
		cmocka_unit_test(test_references_dropped_concurrently),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
