/*
 * What the store tests share: a real policy, a real claim, and the plans
 * and trails libpolicy makes of them (the store is tested with what it
 * will hold, not with hand-written JSON).
 */
#ifndef POLICY_TEST_STORE_FIXTURE_H
#define POLICY_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static const char claims_v1[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the policy number, date of loss, and claimed\n"
	"amount from the claim form. Look up the policy effective date and the policy expiration\n"
	"date in the carrier system.\n"
	"\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy\n"
	"effective date and on or before the policy expiration date.\n"
	"\n"
	"Verify that the policy was active on the date of loss. If it was not, deny the claim.\n"
	"\n"
	"If the policy was active on the date of loss:\n"
	"- If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n"
	"- Otherwise, route the claim to standard processing.\n";

/* The same version number with a different threshold: a different plan. */
static const char claims_v1_edited[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the policy number, date of loss, and claimed\n"
	"amount from the claim form. Look up the policy effective date and the policy expiration\n"
	"date in the carrier system.\n"
	"\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy\n"
	"effective date and on or before the policy expiration date.\n"
	"\n"
	"Verify that the policy was active on the date of loss. If it was not, deny the claim.\n"
	"\n"
	"If the policy was active on the date of loss:\n"
	"- If the claimed amount exceeds $40,000, escalate to senior adjuster review.\n"
	"- Otherwise, route the claim to standard processing.\n";

static const char claims_v2[] =
	"Policy: Claims Intake\n"
	"Version: 4.3.0\n"
	"Effective: April 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the policy number, date of loss, and claimed\n"
	"amount from the claim form. Look up the policy effective date and the policy expiration\n"
	"date in the carrier system.\n"
	"\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy\n"
	"effective date and on or before the policy expiration date.\n"
	"\n"
	"Verify that the policy was active on the date of loss. If it was not, deny the claim.\n"
	"\n"
	"If the policy was active on the date of loss:\n"
	"- If the claimed amount exceeds $10,000, escalate to senior adjuster review.\n"
	"- Otherwise, route the claim to standard processing.\n";

static const char claim_form[] =
	"NORTHWIND MUTUAL INSURANCE COMPANY\n"
	"Policy Number: HO-4471-0932\n"
	"Date of Loss: March 3, 2026\n"
	"Amount Claimed: $72,400.00\n";

static inline policy_plan *fixture_plan(const char *text)
{
	policy_plan *p = NULL;
	policy_error *err = NULL;
	if (policy_compile(text, strlen(text), NULL, &p, &err) != POLICY_OK) {
		fprintf(stderr, "fixture policy does not compile: %s\n", policy_error_message(err));
		abort();
	}
	policy_error_free(err);
	return p;
}

static inline int64_t fixture_clock(void *user_data)
{
	return *(const int64_t *)user_data;
}

/* The trail of `plan` deciding the claim above as case `case_id`, with
 * the clock reading `at`. Release with policy_free. */
static inline char *fixture_trail(const policy_plan *plan, const char *case_id, int64_t at,
                                  size_t *len)
{
	policy_case *c;
	policy_exec *x;
	char *jsonl = NULL;
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.now = fixture_clock;
	o.now_user_data = &at;
	if (policy_case_new(NULL, &c) != POLICY_OK || policy_case_set_id(c, case_id) != POLICY_OK ||
	    policy_case_add_document(c, "claim form", claim_form, strlen(claim_form)) != POLICY_OK ||
	    policy_case_add_fact(c, "policy effective date", "\"2025-06-01\"", 12) != POLICY_OK ||
	    policy_case_add_fact(c, "policy expiration date", "\"2026-06-01\"", 12) != POLICY_OK)
		abort();
	policy_host *h;
	if (policy_host_new(NULL, &h) != POLICY_OK)
		abort();
	policy_host_set_now_func(h, fixture_clock, &at, NULL);
	if (policy_execute(plan, h, c, &o, &x, NULL) != POLICY_OK ||
	    policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, len) != POLICY_OK)
		abort();
	policy_exec_free(x);
	policy_host_free(h);
	policy_case_free(c);
	return jsonl;
}

#endif
