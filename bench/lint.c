/*
 * bench/lint: how long `policy lint` takes on a page of 40 rules (issue
 * 19 asks for under a second). The page: ten amounts on one form, each
 * split into four bands with actions (some overlapping, some leaving
 * gaps, so every kind of question has work to do). Prints the time to
 * compile and the time to lint, best of five.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "policy.h"
#include "policy_lint.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
	static char text[32768];
	size_t n = 0;
	n += (size_t)snprintf(text + n, sizeof text - n,
		"Policy: Forty Rules\nVersion: 1.0.0\nEffective: March 1, 2026\n\n"
		"When a new application arrives, extract");
	for (int i = 0; i < 10; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s the item %c amount",
		                      i == 0 ? "" : i == 9 ? ", and" : ",", 'a' + i);
	n += (size_t)snprintf(text + n, sizeof text - n, ".\n\n");
	for (int i = 0; i < 10; i++) {
		char c = (char)('a' + i);
		n += (size_t)snprintf(text + n, sizeof text - n,
			"If the item %c amount is below $1,000, approve item %c.\n"
			"If the item %c amount is between $1,000 and $5,000, refer item %c to a reviewer.\n"
			"If the item %c amount is between $5,001 and $%d, refer item %c to a manager.\n"
			"If the item %c amount exceeds $20,000, deny item %c.\n",
			c, c, c, c, c, i % 2 ? 20000 : 25000, c, c, c);
	}
	double best_c = 1e9, best_l = 1e9;
	size_t findings = 0;
	for (int round = 0; round < 5; round++) {
		policy_plan *plan = NULL;
		policy_error *err = NULL;
		double t0 = now_s();
		if (policy_compile(text, strlen(text), NULL, &plan, &err) != POLICY_OK) {
			fprintf(stderr, "bench/lint: the page does not compile: %s\n", policy_error_message(err));
			policy_error_free(err);
			return 1;
		}
		double t1 = now_s();
		policy_lint_report *r = NULL;
		char *msg = NULL;
		if (policy_lint_plan(plan, NULL, &r, &msg) != POLICY_OK) {
			fprintf(stderr, "bench/lint: %s\n", msg ? msg : "lint failed");
			policy_lint_free(msg);
			policy_plan_free(plan);
			return 1;
		}
		double t2 = now_s();
		findings = policy_lint_count(r);
		policy_lint_report_free(r);
		policy_plan_free(plan);
		if (t1 - t0 < best_c)
			best_c = t1 - t0;
		if (t2 - t1 < best_l)
			best_l = t2 - t1;
	}
	printf("40 rules: compile %.1f ms, lint %.1f ms (%zu findings), best of 5\n", best_c * 1e3,
	       best_l * 1e3, findings);
	return 0;
}
