/*
 * Golden diagnostics: a policy in, the exact text policy_error_render
 * draws out (file:line:col, the message, the source line with a caret
 * under the span, the hint). These are what an underwriter reads, so the
 * words matter as much as the positions.

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

#define HEADER "Policy: Claims Intake\nVersion: 4.2.1\nEffective: March 1, 2026\n\n"

/* Compile `text`; it must fail with `status` and render exactly as
 * `expected` under the name "claims.txt". */
static void golden(const char *text, policy_status status, const char *expected)
{
	policy_error *err = compile_fails(text, status);
	char *got = render(err, "claims.txt", text);
	if (strcmp(got, expected))
		fail_msg("--- expected\n%s--- got\n%s---", expected, got);
	free(got);
	policy_error_free(err);
}

static void test_undefined_term_did_you_mean(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the policy number, date of loss, and "
	       "claimed amount.\n"
	       "If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:4: error: I don't know what 'the claimed amont' is\n"
	       " 6 | If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n"
	       "   |    ^~~~~~~~~~~~~~~~~\n"
	       "hint: did you mean 'claimed amount'?\n");
}

/* Inside a bullet, the caret still lands under the term. */
static void test_undefined_term_in_a_list(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the policy number, date of loss, and "
	       "claimed amount.\n"
	       "\n"
	       "If the date of loss is after March 1, 2026:\n"
	       "- If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n"
	       "- Otherwise, route the claim to standard processing.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:8:6: error: I don't know what 'the claimed amont' is\n"
	       " 8 | - If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n"
	       "   |      ^~~~~~~~~~~~~~~~~\n"
	       "hint: did you mean 'claimed amount'?\n");
}

/* A term that is nothing like a known one gets the general hint. */
static void test_undefined_term_without_suggestion(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "If the adjuster is late, deny the claim.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:4: error: I don't know what 'the adjuster' is\n"
	       " 6 | If the adjuster is late, deny the claim.\n"
	       "   |    ^~~~~~~~~~~~\n"
	       "hint: extract it from a document, look it up in a system, or define it\n");
}

/* A value no sentence sources is an input of the plan, and a warning says
 * so where it is first used. */
static void test_unsourced_input_warning(void **state)
{
	(void)state;
	static const char text[] = HEADER
		"When a new insurance claim arrives, extract the claimed amount.\n"
		"If the adjuster rating exceeds 5, deny the claim.\n"
		"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n";
	policy_plan *p = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_compile(text, strlen(text), NULL, &p, &err), POLICY_OK);
	char *got = render(err, "claims.txt", text);
	assert_string_equal(got,
		"claims.txt:6:4: warning: 'adjuster rating' is not extracted, looked up or defined; it "
		"is read from the case's facts or documents by its name\n"
		" 6 | If the adjuster rating exceeds 5, deny the claim.\n"
		"   |    ^~~~~~~~~~~~~~~~~~~\n"
		"hint: add a sentence saying where it comes from, e.g. 'Look up the adjuster rating in "
		"...' or 'Extract the adjuster rating from ...'\n");
	free(got);
	policy_error_free(err);
	policy_plan_free(p);
}

/* Two unsourced inputs spelled nearly alike: the one used less is a typo,
 * whichever comes first. */
static void test_unsourced_typo(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "If the adjuster ratng exceeds 5, deny the claim.\n"
	       "If the adjuster rating exceeds 7, refer the claim.\n"
	       "If the adjuster rating is below 2, close the claim.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:4: error: I don't know what 'adjuster ratng' is\n"
	       " 6 | If the adjuster ratng exceeds 5, deny the claim.\n"
	       "   |    ^~~~~~~~~~~~~~~~~~\n"
	       "hint: did you mean 'adjuster rating'?\n"
	       "claims.txt:7:4: warning: 'adjuster rating' is not extracted, looked up or defined; "
	       "it is read from the case's facts or documents by its name\n"
	       " 7 | If the adjuster rating exceeds 7, refer the claim.\n"
	       "   |    ^~~~~~~~~~~~~~~~~~~\n"
	       "hint: add a sentence saying where it comes from, e.g. 'Look up the adjuster rating in "
	       "...' or 'Extract the adjuster rating from ...'\n");
}

static void test_comparison_without_value(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "If the claimed amount exceeds, escalate to senior adjuster review.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:23: error: 'exceeds' needs a number or amount after it\n"
	       " 6 | If the claimed amount exceeds, escalate to senior adjuster review.\n"
	       "   |                       ^~~~~~~\n"
	       "hint: write a value, e.g. 'exceeds $50,000'\n");
	golden(HEADER
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "If the claimed amount is at least, escalate to senior adjuster review.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:23: error: 'is at least' needs a number or amount after it\n"
	       " 6 | If the claimed amount is at least, escalate to senior adjuster review.\n"
	       "   |                       ^~~~~~~~~~~\n"
	       "hint: write a value, e.g. 'is at least $50,000'\n");
}

static void test_type_mismatch_date_subject(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the date of loss and the claimed amount.\n"
	       "If the date of loss is after the claimed amount, deny the claim.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:21: error: cannot compare a date with an amount\n"
	       " 6 | If the date of loss is after the claimed amount, deny the claim.\n"
	       "   |                     ^~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
	       "hint: compare like with like: amounts with amounts, dates with dates\n");
}

static void test_type_mismatch_amount_subject(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the date of loss and the claimed amount.\n"
	       "If the claimed amount is before the date of loss, deny the claim.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:23: error: cannot compare an amount with a date\n"
	       " 6 | If the claimed amount is before the date of loss, deny the claim.\n"
	       "   |                       ^~~~~~~~~~~~~~~~~~~~~~~~~~\n"
	       "hint: compare like with like: amounts with amounts, dates with dates\n");
}

/* Whatever words the message uses, a date compared with an amount must
 * not compile. */
static void test_date_compared_with_money(void **state)
{
	(void)state;
	policy_error *err = compile_fails(HEADER
		"When a new insurance claim arrives, extract the date of loss.\n"
		"If the date of loss exceeds $50,000, deny the claim.\n", POLICY_ERR_COMPILE);
	assert_non_null(strstr(policy_error_message(err), "cannot compare"));
	assert_int_equal(policy_error_line(err), 6);
	policy_error_free(err);
}

static void test_amount_compared_with_date(void **state)
{
	(void)state;
	policy_error *err = compile_fails(HEADER
		"When a new insurance claim arrives, extract the claimed amount.\n"
		"If the claimed amount is after March 1, 2026, deny the claim.\n", POLICY_ERR_COMPILE);
	assert_non_null(strstr(policy_error_message(err), "cannot compare"));
	assert_int_equal(policy_error_line(err), 6);
	policy_error_free(err);
}

/* What the compiler does not understand it quotes, whole. */
static void test_sentence_not_understood(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "Please be careful with large claims.\n"
	       "If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:1: error: I don't understand this sentence: 'Please be careful with "
	       "large claims'\n"
	       " 6 | Please be careful with large claims.\n"
	       "   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
	       "hint: a sentence can extract or look up values, define a term ('The X is ...'), "
	       "state a rule ('If ..., <action>.'), a check ('Verify that ...') or an action\n");
}

/* A condition without a comma before its action. */
static void test_condition_without_comma(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "If the claimed amount exceeds $50,000 escalate to senior adjuster review.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:1: error: I can't tell where the condition ends and the action begins\n"
	       " 6 | If the claimed amount exceeds $50,000 escalate to senior adjuster review.\n"
	       "   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
	       "hint: put a comma after the condition, e.g. 'If C, escalate to review.'\n");
}

static void test_missing_header_lines(void **state)
{
	(void)state;
	golden("Policy: Claims Intake\n"
	       "Effective: March 1, 2026\n"
	       "\n"
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:1:1: error: the policy has no 'Version:' line\n"
	       " 1 | Policy: Claims Intake\n"
	       "   | ^\n"
	       "hint: start the policy with a line such as 'Version: 1.0.0'\n");
	golden("When a new insurance claim arrives, extract the claimed amount.\n"
	       "If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:1:1: error: the policy has no 'Policy:' line\n"
	       " 1 | When a new insurance claim arrives, extract the claimed amount.\n"
	       "   | ^\n"
	       "hint: start the policy with a line such as 'Policy: Claims Intake'\n"
	       "claims.txt:1:1: error: the policy has no 'Version:' line\n"
	       " 1 | When a new insurance claim arrives, extract the claimed amount.\n"
	       "   | ^\n"
	       "hint: start the policy with a line such as 'Version: 1.0.0'\n"
	       "claims.txt:1:1: error: the policy has no 'Effective:' line\n"
	       " 1 | When a new insurance claim arrives, extract the claimed amount.\n"
	       "   | ^\n"
	       "hint: start the policy with a line such as 'Effective: March 1, 2026'\n");
}

static void test_otherwise_without_if(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "Otherwise, route the claim to standard processing.\n"
	       "If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:1: error: 'Otherwise' has no 'If' before it\n"
	       " 6 | Otherwise, route the claim to standard processing.\n"
	       "   | ^~~~~~~~~\n"
	       "hint: put it right after an 'If ...' sentence in the same list\n");
}

static void test_bad_effective_date(void **state)
{
	(void)state;
	golden("Policy: Claims Intake\nVersion: 4.2.1\nEffective: Mrch 1, 2026\n\n"
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:3:12: error: 'Mrch 1, 2026' is not a date\n"
	       " 3 | Effective: Mrch 1, 2026\n"
	       "   |            ^~~~~~~~~~~~\n"
	       "hint: write a date such as 'March 1, 2026' or '2026-03-01'\n");
	golden("Policy: Claims Intake\nVersion: 4.2.1\nEffective: 2026-02-30\n\n"
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:3:12: error: '2026-02-30' is not a date\n"
	       " 3 | Effective: 2026-02-30\n"
	       "   |            ^~~~~~~~~~\n"
	       "hint: write a date such as 'March 1, 2026' or '2026-03-01'\n");
}

/* Several problems, one run, in source order; line numbers of two widths
 * keep the gutter aligned. */
static void test_several_diagnostics_rendered(void **state)
{
	(void)state;
	golden(HEADER
	       "When a new insurance claim arrives, extract the claimed amount.\n"
	       "If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n"
	       "\n"
	       "\n"
	       "\n"
	       "Please be careful with large claims.\n",
	       POLICY_ERR_COMPILE,
	       "claims.txt:6:4: error: I don't know what 'the claimed amont' is\n"
	       " 6 | If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n"
	       "   |    ^~~~~~~~~~~~~~~~~\n"
	       "hint: did you mean 'claimed amount'?\n"
	       "claims.txt:10:1: error: I don't understand this sentence: 'Please be careful with "
	       "large claims'\n"
	       " 10 | Please be careful with large claims.\n"
	       "    | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
	       "hint: a sentence can extract or look up values, define a term ('The X is ...'), "
	       "state a rule ('If ..., <action>.'), a check ('Verify that ...') or an action\n");
}

/* Warnings render too, and do not stop compilation. */
static void test_warning_rendered(void **state)
{
	(void)state;
	static const char text[] = HEADER
		"When a new insurance claim arrives, extract the claimed amount and the deductible.\n"
		"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n";
	policy_plan *p = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_compile(text, strlen(text), NULL, &p, &err), POLICY_OK);
	char *got = render(err, "claims.txt", text);
	assert_string_equal(got,
		"claims.txt:5:72: warning: 'deductible' is extracted but never used\n"
		" 5 | When a new insurance claim arrives, extract the claimed amount and the "
		"deductible.\n"
		"   |                                                                        ^~~~~~~~~~\n"
		"hint: use it in a rule, or stop extracting it\n");
	free(got);
	policy_error_free(err);
	policy_plan_free(p);
}

/* Limits are errors with a message, not crashes. */
static void test_limit_rendered(void **state)
{
	(void)state;
	static const char text[] = HEADER
		"When a new insurance claim arrives, extract the claimed amount.\n"
		"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n";
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.max_text_bytes = 100;
	policy_plan *p = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_compile(text, strlen(text), &o, &p, &err), POLICY_ERR_LIMIT);
	assert_null(p);
	char *got = render(err, "claims.txt", text);
	char expected[400];
	snprintf(expected, sizeof expected,
	         "claims.txt:1:1: error: the policy text is %zu bytes, more than the limit of 100\n"
	         " 1 | Policy: Claims Intake\n"
	         "   | ^\n"
	         "hint: split the policy, or raise max_text_bytes in the compile options\n",
	         strlen(text));
	assert_string_equal(got, expected);
	free(got);
	policy_error_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_undefined_term_did_you_mean),
		cmocka_unit_test(test_undefined_term_in_a_list),
		cmocka_unit_test(test_undefined_term_without_suggestion),
		cmocka_unit_test(test_unsourced_input_warning),
		cmocka_unit_test(test_unsourced_typo),
		cmocka_unit_test(test_comparison_without_value),
		cmocka_unit_test(test_sentence_not_understood),
		cmocka_unit_test(test_condition_without_comma),
		cmocka_unit_test(test_missing_header_lines),
		cmocka_unit_test(test_otherwise_without_if),
		cmocka_unit_test(test_bad_effective_date),
		cmocka_unit_test(test_several_diagnostics_rendered),
		cmocka_unit_test(test_warning_rendered),
		cmocka_unit_test(test_limit_rendered),
		cmocka_unit_test(test_type_mismatch_date_subject),
		cmocka_unit_test(test_type_mismatch_amount_subject),
		cmocka_unit_test(test_date_compared_with_money),
		cmocka_unit_test(test_amount_compared_with_date),
	};
	return cmocka_run_group_tests_name("diagnostics", tests, NULL, NULL);
}
