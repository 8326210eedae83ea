/*
 * Inputs the policy never sources: "The borrower is not eligible if the
 * credit score is less than 500." names a value no sentence extracts,
 * looks up or defines. It becomes an input of the plan, read from the
 * case's facts by its name, else from any document by a label that names
 * it, else missing; the compiler warns; typos and phrases that are not
 * names stay errors.
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

static const char lending[] =
	"When a new loan application arrives, extract the loan amount.\n"
	"The borrower is not eligible if the credit score is less than 500.\n"
	"If the borrower is not eligible, decline the application.\n"
	"If the loan amount exceeds the maximum loan amount, refer the application to "
	"underwriting.\n"
	"If the property state is Florida, order a wind inspection.\n";

/* The index of the step with this id, or -1. */
static long step_of(const policy_plan *p, const char *id)
{
	for (size_t i = 0; i < policy_plan_step_count(p); i++)
		if (!strcmp(policy_plan_step_id(p, i), id))
			return (long)i;
	return -1;
}

/* ---- compiling ---- */

static void test_unsourced_values_are_inputs(void **state)
{
	(void)state;
	char *text = with_header(lending);
	policy_plan *p = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_compile(text, strlen(text), NULL, &p, &err), POLICY_OK);
	/* one warning per input, where it is first used */
	assert_non_null(err);
	assert_int_equal(policy_error_diagnostic_count(err), 3);
	static const char *const names[] = { "credit score", "maximum loan amount",
	                                     "property state" };
	static const unsigned lines[] = { 6, 8, 9 };
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(policy_error_diagnostic_severity(err, i), POLICY_SEVERITY_WARNING);
		assert_int_equal(policy_error_diagnostic_line(err, i), lines[i]);
		char want[160];
		snprintf(want, sizeof want,
		         "'%s' is not extracted, looked up or defined; it is read from the case's "
		         "facts or documents by its name",
		         names[i]);
		assert_string_equal(policy_error_diagnostic_message(err, i), want);
		assert_non_null(strstr(policy_error_diagnostic_hint(err, i), "where it comes from"));
	}
	/* each an extract step with no document, typed by its use */
	long s = step_of(p, "extract.credit_score");
	assert_true(s >= 0);
	assert_int_equal(policy_plan_step_kind(p, (size_t)s), POLICY_STEP_EXTRACT);
	assert_int_equal(policy_plan_step_type(p, (size_t)s), POLICY_TYPE_NUMBER);
	s = step_of(p, "extract.maximum_loan_amount");
	assert_true(s >= 0);
	assert_int_equal(policy_plan_step_type(p, (size_t)s), POLICY_TYPE_MONEY);
	/* saved as "document": null, and save -> load -> save is the same bytes */
	size_t len;
	char *json = save_plan(p, &len);
	cJSON *root = cJSON_Parse(json);
	cJSON *step = NULL, *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "steps"))
		if (!strcmp(cJSON_GetObjectItem(it, "id")->valuestring, "extract.credit_score"))
			step = it;
	assert_non_null(step);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(step, "document")));
	cJSON_Delete(root);
	policy_plan *q = NULL;
	assert_int_equal(policy_plan_load(json, len, NULL, &q, NULL), POLICY_OK);
	size_t len2;
	char *json2 = save_plan(q, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(json, json2, len);
	free(json);
	free(json2);
	policy_plan_free(q);
	policy_error_free(err);
	policy_plan_free(p);
	free(text);
}

/* A date no sentence sources, in a difference of dates and within a
 * window: read like any other input. */
static void test_unsourced_dates(void **state)
{
	(void)state;
	policy_plan *p = compile_body(
		"When a new claim arrives, extract the date of loss.\n"
		"If the inspection date is more than 30 days after the date of loss, deny the claim.\n"
		"If the notice date is within 10 days of the date of loss, accept the notice.\n");
	char *d = decide(p, "doc claim: Date of Loss: March 1, 2026\n"
	                    "doc inspection report: Inspection Date: April 15, 2026\n"
	                    "fact notice date = \"2026-03-05\"");
	assert_string_equal(d, "deny the claim; accept the notice");
	free(d);
	d = decide(p, "doc claim: Date of Loss: March 1, 2026|Notice Date: March 30, 2026\n"
	              "doc inspection report: Inspection Date: March 20, 2026");
	assert_string_equal(d, "");
	free(d);
	policy_plan_free(p);
}

static void test_inspect_lists_inputs(void **state)
{
	(void)state;
	policy_plan *p = compile_body(lending);
	char *text;
	size_t len;
	assert_int_equal(policy_plan_inspect(p, &text, &len), POLICY_OK);
	assert_non_null(strstr(text, "Inputs the policy does not source (3)"));
	assert_non_null(strstr(text, "  credit score         number   (line 6)\n"));
	assert_non_null(strstr(text, "  maximum loan amount  money    (line 8)\n"));
	assert_non_null(strstr(text, "credit score, read from the case's facts or any document"));
	/* a sourced value is not listed */
	assert_null(strstr(text, "  loan amount          money    (line"));
	policy_free(text);
	/* the restatement says where an input is read from */
	assert_int_equal(policy_plan_english(p, &text, &len), POLICY_OK);
	if (!strstr(text, "line 6: read the credit score (number) from the case's facts or any "
	                  "document\n"))
		fail_msg("%s", text);
	policy_free(text);
	policy_plan_free(p);
}

/* What stays an error: typos of known terms, and phrases that are not
 * names of values. */
static const struct {
	const char *body;
	const char *message;
	const char *hint;   /* NULL: not checked */
} still_errors[] = {
	{ "When a new loan application arrives, extract the credit score.\n"
	  "If the credit scroe is below 500, decline the application.\n",
	  "I don't know what 'the credit scroe' is", "did you mean 'credit score'?" },
	/* a person, not a value */
	{ "When a new loan application arrives, extract the loan amount.\n"
	  "If the applicant is a veteran, waive the fee.\n",
	  "I don't know what 'the applicant' is", NULL },
	/* compared with a number, a party is still not a value (an age is meant) */
	{ "When a new loan application arrives, extract the loan amount.\n"
	  "If the applicant is younger than 21, require a co-signer.\n",
	  "I don't know what 'the applicant' is", NULL },
	/* "record" reads a value only from a document ("Record the report date
	 * from the police report." does): from anything else it is an action,
	 * and nothing would source the report date */
	{ "When a new claim arrives, extract the date of loss.\n"
	  "Record the report date from the police.\n"
	  "If the report date is more than 30 days after the date of loss, deny the claim.\n",
	  "'Record the report date from the police' is read as an action, so nothing "
	  "extracts 'report date'",
	  "to read it from a document, write 'Extract the report date from ...'" },
	/* a verb ends the phrase: a count of documents was meant */
	{ "When a new loan application arrives, extract the loan amount.\n"
	  "If a self-employed borrower provides fewer than two tax returns, pend the file.\n",
	  "I don't know what 'a self-employed borrower provides' is", NULL },
	{ "When a new loan application arrives, extract the loan amount.\n"
	  "If the borrower owns more than 4 properties, refer the file.\n",
	  "I don't know what 'the borrower owns' is", NULL },
	/* a document, not a value */
	{ "When a new loan application arrives, extract the loan amount.\n"
	  "If the appraisal report is incomplete, order a new appraisal.\n",
	  "I don't know what 'the appraisal report' is", NULL },
	/* a preposition: a misreading more likely than a name */
	{ "When a new loan application arrives, extract the loan amount.\n"
	  "If the balance in the escrow account exceeds $500, refund the excess.\n",
	  "I don't know what 'the balance in the escrow account' is", NULL },
	/* a number inside */
	{ "When a new loan application arrives, extract the loan amount.\n"
	  "If the payments in 12 months exceed $500, refer the file.\n",
	  "I don't know what 'the payments in 12 months' is", NULL },
	/* two inputs spelled nearly alike: the one used less is the typo */
	{ "When a new loan application arrives, extract the loan amount.\n"
	  "If the appraised valeu is below $100, refer the file.\n"
	  "If the appraised value is below $50,000, decline the application.\n"
	  "If the appraised value exceeds $1,000,000, refer the file to the chief appraiser.\n",
	  "I don't know what 'appraised valeu' is", "did you mean 'appraised value'?" },
};

static void test_what_stays_an_error(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof still_errors / sizeof still_errors[0]; i++) {
		char *text = with_header(still_errors[i].body);
		policy_error *err = compile_fails(text, POLICY_ERR_COMPILE);
		bool found = false;
		for (size_t k = 0; k < policy_error_diagnostic_count(err) && !found; k++)
			if (policy_error_diagnostic_severity(err, k) == POLICY_SEVERITY_ERROR &&
			    !strcmp(policy_error_diagnostic_message(err, k), still_errors[i].message)) {
				found = true;
				if (still_errors[i].hint)
					assert_string_equal(policy_error_diagnostic_hint(err, k),
					                    still_errors[i].hint);
			}
		if (!found)
			fail_msg("case %zu: no error \"%s\" (first: %s)", i, still_errors[i].message,
			         policy_error_message(err));
		policy_error_free(err);
		free(text);
	}
}

/* ---- running ---- */

static void test_read_from_facts_or_any_document(void **state)
{
	(void)state;
	policy_plan *p = compile_body(lending);
	static const struct {
		const char *spec;
		const char *decision;
	} cases[] = {
		/* from a document no sentence names */
		{ "doc loan application: Loan Amount: $200,000|Property State: Ohio\n"
		  "doc credit report: CREDIT REPORT|Credit Score: 480\n"
		  "fact maximum loan amount = 300000",
		  "decline the application" },
		/* a fact by its name comes first */
		{ "doc loan application: Loan Amount: $200,000|Property State: Florida\n"
		  "doc credit report: Credit Score: 480\n"
		  "fact Credit Score = 720\n"
		  "fact maximum loan amount = \"$150,000\"",
		  "refer the application to underwriting; order a wind inspection" },
		/* documents that agree are one answer */
		{ "doc loan application: Loan Amount: $200,000|Credit Score: 610|Property State: Ohio\n"
		  "doc credit report: Credit Score: 610\n"
		  "fact maximum loan amount = 300000",
		  "" },
		/* documents that disagree: no guess */
		{ "doc loan application: Loan Amount: $200,000|Credit Score: 450|Property State: Ohio\n"
		  "doc credit report: Credit Score: 610\n"
		  "fact maximum loan amount = 300000",
		  "FAILED: no decision: \"If the borrower is not eligible, decline the application\" "
		  "(line 7) cannot be decided: the credit score is missing (the loan application and the credit "
		  "report give different values for 'credit score': 450 and 610)" },
		/* nowhere: the decision fails, naming it */
		{ "doc loan application: Loan Amount: $200,000|Property State: Ohio\n"
		  "fact maximum loan amount = 300000",
		  "FAILED: no decision: \"If the borrower is not eligible, decline the application\" "
		  "(line 7) cannot be decided: the credit score is missing (no case fact named like 'credit "
		  "score' and no document line labelled like it)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *d = decide(p, cases[i].spec);
		if (strcmp(d, cases[i].decision))
			fail_msg("case %zu: got \"%s\", expected \"%s\"", i, d, cases[i].decision);
		free(d);
	}
	policy_plan_free(p);
}

/* The explanation says where the value was found. */
static void test_evidence_of_an_input(void **state)
{
	(void)state;
	policy_plan *p = compile_body(lending);
	static const char *const specs[] = {
		"doc loan application: Loan Amount: $90,000|Property State: Ohio\n"
		"doc credit report: Credit Score: 480\nfact maximum loan amount = 300000",
		"doc loan application: Loan Amount: $90,000|Property State: Ohio\n"
		"fact credit score = 480\nfact maximum loan amount = 300000",
	};
	static const char *const because[] = {
		"the credit score 480 (credit report, page 1, line 1) is less than 500",
		"the credit score 480 (case facts) is less than 500",
	};
	for (size_t i = 0; i < 2; i++) {
		policy_case *c = make_case(specs[i]);
		policy_exec *x = NULL;
		assert_int_equal(policy_execute(p, NULL, c, NULL, &x, NULL), POLICY_OK);
		char *json;
		assert_int_equal(policy_exec_decision_json(x, &json, NULL), POLICY_OK);
		if (!strstr(json, because[i]))
			fail_msg("no \"%s\" in %s", because[i], json);
		policy_free(json);
		policy_exec_free(x);
		policy_case_free(c);
	}
	policy_plan_free(p);
}

/* A host that extracts for itself is asked with no document type, and the
 * request says "document": null. */
typedef struct seen {
	unsigned any, typed;
	bool null_in_request;
} seen;

static policy_status host_extract(const char *doc_type, const char *field, policy_type type,
                                  const char *request, policy_reply *reply, void *user_data)
{
	(void)type;
	seen *s = user_data;
	if (!doc_type) {
		s->any++;
		s->null_in_request |= strstr(request, "\"document\":null") != NULL;
		if (!strcmp(field, "credit score"))
			return policy_reply_set_json(reply, "{\"value\": \"455\"}", 16);
		return policy_reply_set_json(reply, "{\"value\": \"1000000.00\"}", 23);
	}
	s->typed++;
	if (!strcmp(field, "loan amount"))
		return policy_reply_set_json(reply, "{\"value\": \"5000.00\"}", 20);
	return policy_reply_set_json(reply, "{\"missing\": \"no\"}", 17);
}

static void test_host_callback_gets_no_document(void **state)
{
	(void)state;
	policy_plan *p = compile_body(lending);
	seen s = { 0 };
	policy_host *h = NULL;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	policy_host_set_extract_func(h, host_extract, &s, NULL);
	policy_case *c = make_case("doc loan application: Loan Amount: $5,000");
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(p, h, c, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(s.any, 3);
	assert_int_equal(s.typed, 1);
	assert_true(s.null_in_request);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_int_equal(policy_exec_action_count(x), 1);
	assert_string_equal(policy_exec_action_text(x, 0), "decline the application");
	policy_exec_free(x);
	policy_case_free(c);
	policy_host_free(h);

	/* sans-I/O: the task has no document */
	c = make_case("doc loan application: Loan Amount: $5,000|Credit Score: 700|State: Ohio\n"
	              "fact maximum loan amount = 300000\nfact property state = \"Ohio\"");
	assert_int_equal(policy_exec_new(p, c, NULL, &x, NULL), POLICY_OK);
	unsigned any = 0;
	for (;;) {
		const policy_task *t;
		assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
		if (!t)
			break;
		if (!policy_task_document(t))
			any++;
		assert_int_equal(policy_exec_complete_builtin(x, t), POLICY_OK);
	}
	assert_int_equal(any, 3);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_int_equal(policy_exec_action_count(x), 0);
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unsourced_values_are_inputs),
		cmocka_unit_test(test_unsourced_dates),
		cmocka_unit_test(test_inspect_lists_inputs),
		cmocka_unit_test(test_what_stays_an_error),
		cmocka_unit_test(test_read_from_facts_or_any_document),
		cmocka_unit_test(test_evidence_of_an_input),
		cmocka_unit_test(test_host_callback_gets_no_document),
	};
	return cmocka_run_group_tests_name("inputs", tests, NULL, NULL);
}
