/*
 * policy_plan_diff: two policies side by side and what the diff must say
 * about them. Only the public API, as a host uses it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "policy.h"

#define HEADER "Policy: Claims Intake\nVersion: 4.2.1\nEffective: March 1, 2026\n\n"

static const char base[] =
	HEADER
	"When a new insurance claim arrives, extract the policy number, date of loss, and claimed "
	"amount from the claim form. Look up the policy effective date and the policy expiration "
	"date in the carrier system.\n"
	"\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy "
	"effective date and on or before the policy expiration date.\n"
	"\n"
	"Verify that the policy was active on the date of loss. If it was not, deny the claim.\n"
	"\n"
	"If the policy was active on the date of loss:\n"
	"- If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n"
	"- Otherwise, route the claim to standard processing.\n";

/* The same rules, written differently: line breaks, spacing, capitals. */
static const char reformatted[] =
	HEADER
	"When a new insurance claim arrives,   extract the Policy Number, date of loss,\n"
	"and claimed amount from the claim form.\n"
	"Look up the policy effective date and the policy expiration date in the carrier system.\n"
	"\n\n\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy\n"
	"effective date and on or before the policy expiration date.\n"
	"\n"
	"Verify that the policy was active on the date of loss.   If it was not, Deny the Claim.\n"
	"\n"
	"If the policy was active on the date of loss:\n"
	"- If the claimed amount exceeds $50,000, ESCALATE to senior adjuster review.\n"
	"- Otherwise, route the claim to standard processing.\n";

/* $50,000 -> $40,000 and "exceeds" -> "is at least", two lines further
 * down; the "Otherwise" action renamed; a new lookup and rule. */
static const char edited[] =
	"Policy: Claims Intake\nVersion: 4.3.0\nEffective: March 1, 2026\n\n"
	"When a new insurance claim arrives, extract the policy number, date of loss, and claimed "
	"amount from the claim form. Look up the policy effective date and the policy expiration "
	"date in the carrier system.\n"
	"\n"
	"Look up the fraud score in the fraud registry. If the fraud score exceeds 700, refer the "
	"claim to the special investigations unit.\n"
	"\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy "
	"effective date and on or before the policy expiration date.\n"
	"\n"
	"Verify that the policy was active on the date of loss. If it was not, deny the claim.\n"
	"\n"
	"If the policy was active on the date of loss:\n"
	"- If the claimed amount is at least $40,000, escalate to senior adjuster review.\n"
	"- Otherwise, route the claim to fast-track processing.\n";

static const char appraisals_three[] =
	"Policy: Construction Lending\nVersion: 2.0.0\nEffective: January 15, 2026\n\n"
	"When a new construction loan application arrives, extract the loan amount from the loan "
	"application.\n\n"
	"For construction loans exceeding $5M, require three independent appraisals.\n\n"
	"If the loan amount exceeds $5M, refer the loan to the chief credit officer.\n";

static const char appraisals_two[] =
	"Policy: Construction Lending\nVersion: 2.0.0\nEffective: January 15, 2026\n\n"
	"When a new construction loan application arrives, extract the loan amount from the loan "
	"application.\n\n"
	"For construction loans exceeding $5M, require two independent appraisals. For construction "
	"loans exceeding $5M, require a title report.\n\n"
	"If the loan amount exceeds $5M, refer the loan to the chief credit officer.\n";

static policy_plan *compile(const char *text)
{
	policy_plan *p = NULL;
	policy_error *err = NULL;
	if (policy_compile(text, strlen(text), NULL, &p, &err) != POLICY_OK)
		fail_msg("the policy does not compile: %s (line %u)", policy_error_message(err),
		         policy_error_line(err));
	policy_error_free(err);
	return p;
}

static cJSON *diff(const char *a, const char *b)
{
	policy_plan *pa = compile(a), *pb = compile(b);
	char *json, *again;
	size_t len, len2;
	assert_int_equal(policy_plan_diff(pa, pb, &json, &len), POLICY_OK);
	assert_int_equal(strlen(json), len);
	/* The same two plans give the same bytes. */
	assert_int_equal(policy_plan_diff(pa, pb, &again, &len2), POLICY_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(json, again, len);
	cJSON *d = cJSON_Parse(json);
	assert_non_null(d);
	assert_string_equal(cJSON_GetObjectItem(d, "format")->valuestring, "libpolicy-diff/1");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "a"), "plan_hash")->valuestring,
	                    policy_plan_body_hash(pa));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "b"), "plan_hash")->valuestring,
	                    policy_plan_body_hash(pb));
	policy_free(json);
	policy_free(again);
	policy_plan_free(pa);
	policy_plan_free(pb);
	return d;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);
	return cJSON_IsNumber(v) ? v->valueint : -1;
}

/* The n-th change of `kind` (and, if not NULL, field). */
static const cJSON *change(const cJSON *d, const char *kind, const char *field, int n)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(d, "changes"))
		if (!strcmp(str(c, "kind"), kind) && (!field || (str(c, "field") && !strcmp(str(c, "field"), field))) &&
		    n-- == 0)
			return c;
	return NULL;
}

static int changes(const cJSON *d)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(d, "changes"));
}

static void reformatted_text_diffs_as_equal(void **state)
{
	(void)state;
	cJSON *d = diff(base, reformatted);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "equal")));
	assert_int_equal(changes(d), 0);
	/* Even though the plans are not the same bytes. */
	assert_string_not_equal(str(cJSON_GetObjectItem(d, "a"), "plan_hash"),
	                        str(cJSON_GetObjectItem(d, "b"), "plan_hash"));
	cJSON_Delete(d);
}

static void a_plan_equals_itself(void **state)
{
	(void)state;
	cJSON *d = diff(base, base);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "equal")));
	assert_int_equal(changes(d), 0);
	cJSON_Delete(d);
}

static void thresholds_and_operators_are_reported_with_their_lines(void **state)
{
	(void)state;
	cJSON *d = diff(base, edited);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(d, "equal")));

	const cJSON *t = change(d, "threshold", NULL, 0);
	assert_non_null(t);
	assert_string_equal(str(t, "old"), "50000.00");
	assert_string_equal(str(t, "new"), "40000.00");
	assert_string_equal(str(t, "old_text"), "$50,000");
	assert_string_equal(str(t, "new_text"), "$40,000");
	assert_string_equal(str(t, "value_type"), "money");
	assert_string_equal(str(t, "step"), "action.escalate_to_senior_adjuster_review");
	/* Line 12 of the old text is line 14 of the new one. */
	assert_int_equal(num(t, "line_a"), 12);
	assert_int_equal(num(t, "line_b"), 14);
	/* The "Otherwise" shares that threshold: one change, two rules. */
	const cJSON *also = cJSON_GetObjectItem(t, "also");
	assert_int_equal(cJSON_GetArraySize(also), 1);
	assert_string_equal(str(cJSON_GetArrayItem(also, 0), "label"),
	                    "route the claim to fast-track processing");
	assert_null(change(d, "threshold", NULL, 1));

	const cJSON *op = change(d, "operator", NULL, 0);
	assert_non_null(op);
	assert_string_equal(str(op, "old"), "gt");
	assert_string_equal(str(op, "new"), "ge");
	assert_string_equal(str(op, "old_text"), "exceeds");
	assert_string_equal(str(op, "new_text"), "is at least");
	assert_int_equal(num(op, "line_b"), 14);
	cJSON_Delete(d);
}

static void steps_actions_facts_and_the_header(void **state)
{
	(void)state;
	cJSON *d = diff(base, edited);
	const cJSON *h = change(d, "header", "version", 0);
	assert_non_null(h);
	assert_string_equal(str(h, "old"), "4.2.1");
	assert_string_equal(str(h, "new"), "4.3.0");

	/* Renamed, not removed and added: the rule is recognisably the same. */
	const cJSON *r = change(d, "action_renamed", NULL, 0);
	assert_non_null(r);
	assert_string_equal(str(r, "old"), "route the claim to standard processing");
	assert_string_equal(str(r, "new"), "route the claim to fast-track processing");
	assert_string_equal(str(r, "old_step"), "action.route_the_claim_to_standard_processing");
	assert_null(change(d, "step_removed", NULL, 0));

	const cJSON *added = change(d, "step_added", NULL, 0);
	assert_non_null(added);
	assert_string_equal(str(added, "step"), "lookup.fraud_score");
	assert_int_equal(num(added, "line_b"), 7);
	added = change(d, "step_added", NULL, 1);
	assert_non_null(added);
	assert_string_equal(str(added, "step_kind"), "action");
	assert_string_equal(str(added, "label"), "refer the claim to the special investigations unit");
	assert_null(change(d, "step_added", NULL, 2));

	const cJSON *f = change(d, "fact_added", NULL, 0);
	assert_non_null(f);
	assert_string_equal(str(f, "field"), "fraud score");
	assert_string_equal(str(f, "new"), "fraud registry");
	assert_null(change(d, "document_added", NULL, 0));
	assert_int_equal(changes(d), 7);

	/* And the other way round: what the new plan no longer has. */
	cJSON *back = diff(edited, base);
	const cJSON *removed = change(back, "step_removed", NULL, 0);
	assert_non_null(removed);
	assert_string_equal(str(removed, "step"), "lookup.fraud_score");
	assert_int_equal(num(removed, "line_a"), 7);
	assert_non_null(change(back, "fact_removed", NULL, 0));
	cJSON_Delete(back);
	cJSON_Delete(d);
}

static void required_counts_and_new_documents(void **state)
{
	(void)state;
	cJSON *d = diff(appraisals_three, appraisals_two);
	const cJSON *t = change(d, "threshold", NULL, 0);
	assert_non_null(t);
	assert_string_equal(str(t, "where"), "count");
	assert_string_equal(str(t, "old"), "3");
	assert_string_equal(str(t, "new"), "2");
	const cJSON *doc = change(d, "document_added", NULL, 0);
	assert_non_null(doc);
	assert_string_equal(str(doc, "field"), "title report");
	const cJSON *step = change(d, "step_added", NULL, 0);
	assert_non_null(step);
	assert_string_equal(str(step, "step_kind"), "require");
	cJSON_Delete(d);
}

static const char fraud_rule[] =
	"Policy: Beneficiary Changes\nVersion: 1.0.0\nEffective: April 1, 2026\n\n"
	"When a change request arrives, extract the date received from the change form. Look up "
	"the last address change date in the policy system.\n\n"
	"Refer the request to the fraud unit if the date received is within 30 days of the last "
	"address change date.\n";

static const char fraud_rule_absent_ok[] =
	"Policy: Beneficiary Changes\nVersion: 1.0.0\nEffective: April 1, 2026\n\n"
	"When a change request arrives, extract the date received from the change form. Look up "
	"the last address change date in the policy system.\n\n"
	"Refer the request to the fraud unit if the date received is within 30 days of the last "
	"address change date. Many policies have no address change on record.\n";

/* "Many policies have no address change on record" changes what a missing
 * value decides: the diff says so. */
static void a_value_that_may_be_absent_is_a_change(void **state)
{
	(void)state;
	cJSON *d = diff(fraud_rule, fraud_rule_absent_ok);
	const cJSON *c = change(d, "may_be_absent", NULL, 0);
	assert_non_null(c);
	assert_string_equal(str(c, "old"), "no");
	assert_string_equal(str(c, "new"), "yes");
	cJSON_Delete(d);
}

static const char judged[] =
	"Policy: Claims Review\nVersion: 1.0.0\nEffective: April 1, 2026\n\n"
	"When a new insurance claim arrives, extract the cause of loss and the claimed amount from "
	"the claim form.\n\n"
	"Confirm that the damage described in the adjuster notes is consistent with the cause of "
	"loss. If it is not, refer the claim to the special investigations unit.\n\n"
	"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n";

static const char not_judged[] =
	"Policy: Claims Review\nVersion: 1.0.0\nEffective: April 1, 2026\n\n"
	"When a new insurance claim arrives, extract the cause of loss and the claimed amount from "
	"the claim form.\n\n"
	"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n";

static void model_steps_change_the_token_estimate(void **state)
{
	(void)state;
	policy_plan *p = compile(judged);
	uint64_t tokens = policy_plan_est_tokens(p);
	policy_plan_free(p);
	assert_true(tokens > 0);
	cJSON *d = diff(not_judged, judged);
	const cJSON *t = change(d, "tokens", NULL, 0);
	assert_non_null(t);
	assert_string_equal(str(t, "old"), "0");
	char want[32];
	snprintf(want, sizeof want, "%llu", (unsigned long long)tokens);
	assert_string_equal(str(t, "new"), want);
	/* The model reads the adjuster notes: a document now needed. */
	const cJSON *doc = change(d, "document_added", NULL, 0);
	assert_non_null(doc);
	assert_string_equal(str(doc, "field"), "adjuster notes");
	cJSON_Delete(d);
}

static void arguments_are_checked(void **state)
{
	(void)state;
	policy_plan *p = compile(base);
	char *json = (char *)1;
	assert_int_equal(policy_plan_diff(NULL, p, &json, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_diff(p, NULL, &json, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_diff(p, p, NULL, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_diff(p, p, &json, NULL), POLICY_OK);
	policy_free(json);
	policy_plan_free(p);
}

/* An allocator that fails its n-th allocation and counts what is live. */
typedef struct failing {
	long countdown; /* fail when it reaches 0; negative: never */
	long live;
} failing;

static void *f_malloc(size_t size, void *ud)
{
	failing *f = ud;
	if (f->countdown >= 0 && f->countdown-- == 0)
		return NULL;
	void *p = malloc(size);
	f->live += p != NULL;
	return p;
}

static void *f_realloc(void *ptr, size_t size, void *ud)
{
	failing *f = ud;
	if (f->countdown >= 0 && f->countdown-- == 0)
		return NULL;
	void *p = realloc(ptr, size);
	f->live += p && !ptr;
	return p;
}

static void f_free(void *ptr, void *ud)
{
	failing *f = ud;
	f->live -= ptr != NULL;
	free(ptr);
}

/* Every allocation the diff makes fails in turn: each time the diff
 * reports POLICY_ERR_NOMEM, returns nothing and leaks nothing; then it
 * succeeds with the same bytes as without the failures. */
static void every_allocation_failure_is_survived(void **state)
{
	(void)state;
	failing f = { -1, 0 };
	policy_allocator al = { f_malloc, f_realloc, f_free, &f };
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.allocator = &al;
	policy_plan *a, *b;
	assert_int_equal(policy_compile(base, strlen(base), &o, &a, NULL), POLICY_OK);
	assert_int_equal(policy_compile(edited, strlen(edited), NULL, &b, NULL), POLICY_OK);
	char *want;
	size_t want_len;
	assert_int_equal(policy_plan_diff(a, b, &want, &want_len), POLICY_OK);
	policy_free(want);
	long baseline = f.live;
	long n;
	for (n = 0;; n++) {
		f.countdown = n;
		char *json = (char *)1;
		size_t len = 7;
		policy_status st = policy_plan_diff(a, b, &json, &len);
		f.countdown = -1;
		if (st == POLICY_OK) {
			assert_non_null(json);
			policy_free(json);
			break;
		}
		assert_int_equal(st, POLICY_ERR_NOMEM);
		assert_null(json);
		assert_int_equal(f.live, baseline);
	}
	assert_true(n > 10);
	assert_int_equal(f.live, baseline);
	policy_plan_free(a);
	policy_plan_free(b);
	assert_int_equal(f.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reformatted_text_diffs_as_equal),
		cmocka_unit_test(a_plan_equals_itself),
		cmocka_unit_test(thresholds_and_operators_are_reported_with_their_lines),
		cmocka_unit_test(steps_actions_facts_and_the_header),
		cmocka_unit_test(required_counts_and_new_documents),
		cmocka_unit_test(model_steps_change_the_token_estimate),
		cmocka_unit_test(a_value_that_may_be_absent_is_a_change),
		cmocka_unit_test(arguments_are_checked),
		cmocka_unit_test(every_allocation_failure_is_survived),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
