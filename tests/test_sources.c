/*
 * What the compiler understood: the plan's source map and the canonical
 * English restatement (policy inspect --sources / --english).
 *
 * A policy shaped like a real document (a title, a Purpose paragraph,
 * numbered headings and clauses, a requirement group, a passive
 * consequence, If/Otherwise, a scope, a section scope, a rule list) is
 * compiled; every sentence's class, place and steps are checked, the map
 * survives save -> load -> save byte for byte, and each construct's
 * restatement is checked word for word. The restatement is generated from
 * the plan, so it says "exceeds" where the policy says "in excess of":
 * tests below pin that. Plans saved before plans carried a source map
 * still load.
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
#include <xxhash.h>

#include "support.h"

static const char lending[] =
	"Policy: Commercial Term Lending\n"
	"Version: 3.0\n"
	"Effective: January 1, 2026\n"
	"\n"
	"# Commercial Term Lending Standards\n"
	"\n"
	"## Purpose\n"
	"\n"
	"This policy sets the minimum credit standards for commercial term loans.\n"
	"\n"
	"## 1. Definitions\n"
	"\n"
	"When a new loan application arrives, extract the loan amount and the appraised value from "
	"the application form. Extract the credit score, the net worth and the business start date "
	"from the application form.\n"
	"\n"
	"The loan-to-value ratio is the loan amount divided by the appraised value.\n"
	"\n"
	"## 2. Eligibility\n"
	"\n"
	"2.1 The credit score must be at least 660.\n"
	"\n"
	"2.2 The loan-to-value ratio must not exceed 80%.\n"
	"\n"
	"2.3 Applications with a net worth below $250,000 are declined.\n"
	"\n"
	"2.4 An application that fails any requirement in this section is declined.\n"
	"\n"
	"## 3. Pricing\n"
	"\n"
	"If the loan amount exceeds $1,000,000, refer the application to the credit committee. "
	"Otherwise, approve the application.\n"
	"\n"
	"For loan amounts exceeding $2,000,000, require two appraisals.\n"
	"\n"
	"## 4. Seasoning\n"
	"\n"
	"Section 4 applies only to loan amounts over $500,000.\n"
	"\n"
	"If the business start date is after January 1, 2024:\n"
	"- flag the application for seasoning review;\n"
	"- request two years of tax returns.\n";

/* ---- the source map ---- */

typedef struct expected_sentence {
	unsigned line, column;
	const char *cls, *section, *title, *clause;
	const char *steps; /* ids joined by " " */
	const char *text;
} expected_sentence;

static const expected_sentence lending_map[] = {
	{ 9, 1, "commentary", NULL, "Purpose", NULL, "",
	  "This policy sets the minimum credit standards for commercial term loans" },
	{ 13, 1, "extraction", "1", "Definitions", NULL, "extract.loan_amount extract.appraised_value",
	  "When a new loan application arrives, extract the loan amount and the appraised value from "
	  "the application form" },
	{ 13, 113, "extraction", "1", "Definitions", NULL,
	  "extract.credit_score extract.net_worth extract.business_start_date",
	  "Extract the credit score, the net worth and the business start date from the application "
	  "form" },
	{ 15, 1, "definition", "1", "Definitions", NULL, "compute.loan_to_value_ratio",
	  "The loan-to-value ratio is the loan amount divided by the appraised value" },
	{ 19, 5, "requirement", "2", "Eligibility", "2.1", "check.the_credit_score_must_be_at_least_660",
	  "The credit score must be at least 660" },
	{ 21, 5, "requirement", "2", "Eligibility", "2.2",
	  "check.the_loan_to_value_ratio_must_not_exceed_80",
	  "The loan-to-value ratio must not exceed 80%" },
	{ 23, 5, "rule", "2", "Eligibility", "2.3", "action.decline_the_application",
	  "Applications with a net worth below $250,000 are declined" },
	{ 25, 5, "rule", "2", "Eligibility", "2.4", "action.decline_the_application_2",
	  "An application that fails any requirement in this section is declined" },
	{ 29, 1, "rule", "3", "Pricing", NULL, "action.refer_the_application_to_the_credit_committee",
	  "If the loan amount exceeds $1,000,000, refer the application to the credit committee" },
	{ 29, 87, "rule", "3", "Pricing", NULL, "action.approve_the_application",
	  "Otherwise, approve the application" },
	{ 31, 1, "requirement", "3", "Pricing", NULL, "require.appraisals",
	  "For loan amounts exceeding $2,000,000, require two appraisals" },
	/* a section scope makes no step of its own: it has the rules it limits */
	{ 35, 1, "rule", "4", "Seasoning", NULL,
	  "action.flag_the_application_for_seasoning_review action.request_two_years_of_tax_returns",
	  "Section 4 applies only to loan amounts over $500,000" },
	/* a sentence that introduces a list of rules has the rules of its items */
	{ 37, 1, "rule", "4", "Seasoning", NULL,
	  "action.flag_the_application_for_seasoning_review action.request_two_years_of_tax_returns",
	  "If the business start date is after January 1, 2024" },
	{ 38, 3, "rule", "4", "Seasoning", NULL, "action.flag_the_application_for_seasoning_review",
	  "flag the application for seasoning review" },
	{ 39, 3, "rule", "4", "Seasoning", NULL, "action.request_two_years_of_tax_returns",
	  "request two years of tax returns" },
};

static void same_or_null(const char *what, size_t i, const char *got, const char *want)
{
	if (want ? !got || strcmp(got, want) : got != NULL)
		fail_msg("sentence %zu: %s is %s%s%s, expected %s%s%s", i, what, got ? "\"" : "",
		         got ? got : "NULL", got ? "\"" : "", want ? "\"" : "", want ? want : "NULL",
		         want ? "\"" : "");
}

static void check_map(const policy_plan *p, const expected_sentence *want, size_t n)
{
	assert_int_equal(policy_plan_sentence_count(p), n);
	for (size_t i = 0; i < n; i++) {
		const expected_sentence *w = &want[i];
		if (policy_plan_sentence_line(p, i) != w->line ||
		    policy_plan_sentence_column(p, i) != w->column)
			fail_msg("sentence %zu is at %u:%u, expected %u:%u", i,
			         policy_plan_sentence_line(p, i), policy_plan_sentence_column(p, i),
			         w->line, w->column);
		same_or_null("the text", i, policy_plan_sentence_text(p, i), w->text);
		same_or_null("the class", i, policy_plan_sentence_class(p, i), w->cls);
		same_or_null("the section", i, policy_plan_sentence_section(p, i), w->section);
		same_or_null("the title", i, policy_plan_sentence_title(p, i), w->title);
		same_or_null("the clause", i, policy_plan_sentence_clause(p, i), w->clause);
		char ids[1024] = "";
		for (size_t j = 0; j < policy_plan_sentence_step_count(p, i); j++) {
			if (j)
				strcat(ids, " ");
			strcat(ids, policy_plan_sentence_step(p, i, j));
		}
		same_or_null("the steps", i, ids, w->steps);
	}
	/* past the end: nothing, not a crash */
	assert_null(policy_plan_sentence_text(p, n));
	assert_null(policy_plan_sentence_class(p, n));
	assert_int_equal(policy_plan_sentence_step_count(p, n), 0);
	assert_null(policy_plan_sentence_step(p, 0, 1000));
	assert_int_equal(policy_plan_sentence_line(p, n), 0);
}

static char *text_of(policy_status (*fn)(const policy_plan *, char **, size_t *),
                     const policy_plan *p)
{
	char *t = NULL;
	size_t len = 0;
	assert_int_equal(fn(p, &t, &len), POLICY_OK);
	assert_non_null(t);
	assert_int_equal(strlen(t), len);
	char *copy = strdup(t);
	policy_free(t);
	return copy;
}

static void test_source_map_of_a_document(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(lending);
	check_map(p, lending_map, sizeof lending_map / sizeof lending_map[0]);

	/* save -> load -> save: the same bytes, the same map, the same views */
	size_t len;
	char *json = save_plan(p, &len);
	policy_plan *q = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_plan_load(json, len, NULL, &q, &err), POLICY_OK);
	assert_null(err);
	char *again = save_plan(q, NULL);
	assert_string_equal(again, json);
	check_map(q, lending_map, sizeof lending_map / sizeof lending_map[0]);
	char *e1 = text_of(policy_plan_english, p), *e2 = text_of(policy_plan_english, q);
	char *s1 = text_of(policy_plan_sources, p), *s2 = text_of(policy_plan_sources, q);
	assert_string_equal(e1, e2);
	assert_string_equal(s1, s2);

	/* the JSON: "sources" after "steps", one object a sentence */
	cJSON *root = cJSON_Parse(json);
	cJSON *sources = cJSON_GetObjectItemCaseSensitive(root, "sources");
	assert_true(cJSON_IsArray(sources));
	assert_int_equal(cJSON_GetArraySize(sources), sizeof lending_map / sizeof lending_map[0]);
	cJSON *first = cJSON_GetArrayItem(sources, 0);
	assert_string_equal(cJSON_GetObjectItem(first, "class")->valuestring, "commentary");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(first, "steps")), 0);
	assert_true(strstr(json, "\"steps\": [") < strstr(json, "\"sources\": ["));
	cJSON_Delete(root);

	/* --sources: every sentence with its place, class and steps */
	assert_non_null(strstr(s1, "15 sentences: 8 rules, 3 requirements, 1 definition, 2 "
	                           "extractions, 1 commentary\n"));
	assert_non_null(strstr(s1, "\nline 9:1  commentary  Purpose\n"
	                           "  \"This policy sets the minimum credit standards for commercial "
	                           "term loans\"\n\n"));
	assert_non_null(strstr(s1, "\nline 19:5  requirement  section 2 Eligibility, clause 2.1\n"
	                           "  \"The credit score must be at least 660\"\n"
	                           "  steps: check.the_credit_score_must_be_at_least_660\n"));
	assert_non_null(strstr(s1, "\nline 13:113  extraction  section 1 Definitions\n"
	                           "  \"Extract the credit score, the net worth and the business "
	                           "start date from the application form\"\n"
	                           "  steps: extract.credit_score, extract.net_worth, "
	                           "extract.business_start_date\n"));
	free(s1);
	free(s2);
	free(e1);
	free(e2);
	free(again);
	free(json);
	policy_plan_free(q);
	policy_plan_free(p);
}

/* ---- the canonical English ---- */

static void expect_lines(const char *english, const char *const *lines)
{
	for (size_t i = 0; lines[i]; i++) {
		char want[1024];
		snprintf(want, sizeof want, "\n  %s\n", lines[i]);
		if (!strstr(english, want))
			fail_msg("the restatement has no line\n    %s\nin:\n%s", lines[i], english);
	}
}

static void test_english_of_a_document(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(lending);
	char *e = text_of(policy_plan_english, p);
	static const char *const lines[] = {
		/* definitions and extractions */
		"line 13: extract the loan amount (money) from the application form",
		"line 13: extract the business start date (date) from the application form",
		"line 15: the loan-to-value ratio is the loan amount divided by the appraised value",
		/* "must be at least": a requirement, by its clause */
		"2.1 (line 19): require the credit score to be at least 660 (requirement)",
		"2.2 (line 21): require the loan-to-value ratio to be at most 80% (requirement)",
		/* passive: "are declined" with the subject's qualifier as the condition */
		"2.3 (line 23): decline the application when the net worth is below $250,000.00",
		/* "fails any requirement in this section": the group, by clause */
		"2.4 (line 25): decline the application when requirement 2.1 (line 19) or 2.2 (line 21) "
		"is not met",
		/* If / Otherwise: the complement, in the fixed phrase */
		"line 29: refer the application to the credit committee when the loan amount exceeds "
		"$1,000,000.00",
		"line 29: approve the application when the loan amount does not exceed $1,000,000.00",
		/* a scope and a count of documents */
		"line 31: require at least 2 appraisals when the loan amount exceeds $2,000,000.00 "
		"(requirement)",
		/* a section scope joins the condition of the list above its rules */
		"line 38: flag the application for seasoning review when the loan amount exceeds "
		"$500,000.00 and the business start date is after January 1, 2024",
		"line 39: request two years of tax returns when the loan amount exceeds $500,000.00 and "
		"the business start date is after January 1, 2024",
		NULL,
	};
	expect_lines(e, lines);
	/* headings in document order; commentary makes no line, only a count */
	const char *h1 = strstr(e, "\n1 Definitions\n"), *h2 = strstr(e, "\n2 Eligibility\n"),
	           *h3 = strstr(e, "\n3 Pricing\n"), *h4 = strstr(e, "\n4 Seasoning\n");
	assert_true(h1 && h2 && h3 && h4 && h1 < h2 && h2 < h3 && h3 < h4);
	assert_null(strstr(e, "This policy sets"));
	assert_null(strstr(e, "\nPurpose\n"));
	assert_non_null(strstr(e, "\n1 sentence of commentary made no step"));
	assert_non_null(strstr(e, "Case type: loan application\n"));
	free(e);
	policy_plan_free(p);
}

/* The policy says it many ways; the restatement says it one way. */
static void test_english_is_generated_not_copied(void **state)
{
	(void)state;
	policy_plan *p = compile_body(
		"When a new claim arrives, extract the claimed amount, the loss type, the date of loss, "
		"the report date, and the adjuster email from the claim form, and extract the invoice "
		"amount from each invoice.\n"
		"The covered loss types are fire, theft, and hail.\n"
		"The total invoiced is the sum of the invoice amounts.\n"
		"A claim is late if the report date is more than 30 days after the date of loss.\n"
		"Acknowledge the claim.\n"
		"If the claimed amount is in excess of $10,000, refer the claim to a senior adjuster.\n"
		"If the claimed amount is no more than $500 and the loss type is one of the covered "
		"loss types, pay the claim.\n"
		"Deny the claim if the loss type is not one of the covered loss types or the claim is "
		"late.\n"
		"If the total invoiced is between $1,000 and $5,000, audit the invoices.\n"
		"If the adjuster email is missing, request the adjuster's contact details.\n"
		"If any invoice amount is under $10, flag the claim for review.\n"
		"Verify that the claim is not late.\n");
	char *e = text_of(policy_plan_english, p);
	static const char *const lines[] = {
		"line 5: extract the invoice amount (money) from each invoice",
		"line 6: the covered loss types are fire, theft and hail",
		"line 7: the total invoiced is the sum of the invoice amount of each invoice",
		"line 8: a claim is late when the number of whole days from the date of loss to the "
		"report date exceeds 30 days",
		/* an action without a condition says so */
		"line 9: acknowledge the claim in every case",
		/* "in excess of" -> exceeds; "no more than" -> is at most */
		"line 10: refer the claim to a senior adjuster when the claimed amount exceeds "
		"$10,000.00",
		"line 11: pay the claim when the claimed amount is at most $500.00 and the loss type is "
		"one of the covered loss types",
		"line 12: deny the claim when the loss type is not one of the covered loss types or a "
		"claim is late",
		"line 13: audit the invoices when the total invoiced is between $1,000.00 and $5,000.00",
		"line 14: request the adjuster's contact details when the adjuster email is missing",
		/* "under" -> is below; "any invoice amount" -> for some invoice */
		"line 15: flag the claim for review when for some invoice, the invoice amount is below "
		"$10.00",
		"line 16: require that not (a claim is late) (requirement)",
		NULL,
	};
	expect_lines(e, lines);
	/* every line of the restatement is generated: none of the words as
	 * written that the fixed phrases replace */
	assert_null(strstr(e, "in excess of"));
	assert_null(strstr(e, "no more than"));
	assert_null(strstr(e, "under $10"));
	free(e);
	policy_plan_free(p);
}

static void test_english_of_models_and_guardrails(void **state)
{
	(void)state;
	char *review = read_file_or_fail("examples/claims/policy-review.txt", NULL);
	policy_plan *p = compile_ok(review);
	char *e = text_of(policy_plan_english, p);
	static const char *const lines[] = {
		"line 8: ask the model whether the damage described in the adjuster notes is consistent "
		"with the cause of loss, reading the adjuster notes, given the cause of loss",
		"line 9: refer the claim to the special investigations unit when not (the damage "
		"described in the adjuster notes is consistent with the cause of loss)",
		"line 11: ask the model for the claim classification: one of water, fire, theft or "
		"other, given the cause of loss",
		"line 12: request a plumber's report when the claim classification is water",
		"line 16: never approve claim when the claimed amount exceeds $100,000.00; instead, "
		"route it to the claims committee (guardrail)",
		NULL,
	};
	expect_lines(e, lines);
	/* a judged check is a requirement, not a rule: the model only reads */
	char *s = text_of(policy_plan_sources, p);
	assert_non_null(strstr(s, "\nline 8:1  requirement\n"));
	assert_non_null(strstr(s, "\nline 11:1  extraction\n"));
	free(s);
	free(e);
	policy_plan_free(p);
	free(review);
}

/* Several checks on one line are told apart by what they require. */
static void test_checks_on_one_line(void **state)
{
	(void)state;
	policy_plan *p = compile_body(
		"When a new loan application arrives, extract the loan amount and the credit score "
		"from the application form.\n"
		"Require two bank statements and verify that the credit score is at least 600.\n"
		"If all of these requirements are met, approve the loan.\n");
	char *e = text_of(policy_plan_english, p);
	static const char *const lines[] = {
		"line 7: approve the loan when requirements on line 6 (at least 2 bank statements) and "
		"on line 6 (the credit score is at least 600) are met",
		NULL,
	};
	expect_lines(e, lines);
	free(e);
	policy_plan_free(p);
}

/* ---- plans saved before the source map ---- */

/* The JSON with its body hash made right again (the hash covers the body:
 * everything but the body hash itself). */
static char *rehash(const char *json)
{
	const char *at = strstr(json, ",\n    \"body\": \"");
	assert_non_null(at);
	size_t pre = (size_t)(at - json);
	const char *rest = at + strlen(",\n    \"body\": \"") + 32 + 1;
	char *body = malloc(strlen(json) + 1);
	assert_non_null(body);
	memcpy(body, json, pre);
	strcpy(body + pre, rest);
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, XXH3_128bits(body, strlen(body)));
	char hex[33];
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", c.digest[i]);
	char *out = malloc(strlen(json) + 1);
	assert_non_null(out);
	memcpy(out, json, pre);
	sprintf(out + pre, ",\n    \"body\": \"%s\"%s", hex, rest);
	free(body);
	return out;
}

static void test_plan_without_a_source_map(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(lending);
	char *json = save_plan(p, NULL);
	/* what the writer made before it wrote "sources" */
	char *start = strstr(json, ",\n  \"sources\": [");
	char *end = strstr(json, "\n  ],\n  \"hashes\"");
	assert_true(start && end && start < end);
	memmove(start, end + strlen("\n  ]"), strlen(end + strlen("\n  ]")) + 1);
	char *old = rehash(json);
	policy_plan *q = NULL;
	policy_error *err = NULL;
	if (policy_plan_load(old, strlen(old), NULL, &q, &err) != POLICY_OK)
		fail_msg("a plan without a source map does not load: %s", policy_error_message(err));
	assert_int_equal(policy_plan_sentence_count(q), 0);
	assert_null(policy_plan_sentence_text(q, 0));
	/* and saves back to its own bytes */
	char *again = save_plan(q, NULL);
	assert_string_equal(again, old);
	char *s = text_of(policy_plan_sources, q);
	assert_non_null(strstr(s, "no source map"));
	/* the restatement still says every step, by line */
	char *e = text_of(policy_plan_english, q);
	assert_non_null(strstr(e, "\n  line 19: require the credit score to be at least 660 "
	                          "(requirement)\n"));
	assert_non_null(strstr(e, "\n  line 23: decline the application when the net worth is below "
	                          "$250,000.00\n"));
	assert_null(strstr(e, "Not tied"));
	free(e);
	free(s);
	free(again);
	free(old);
	free(json);
	policy_plan_free(q);
	policy_plan_free(p);
}

/* An empty "sources" is never written (a plan without sentences has no
 * member), so it is not accepted either: save -> load -> save would not
 * give the same bytes. */
static void test_empty_source_map_rejected(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(lending);
	char *json = save_plan(p, NULL);
	cJSON *root = cJSON_Parse(json);
	cJSON_ReplaceItemInObject(root, "sources", cJSON_CreateArray());
	char *edited = cJSON_Print(root);
	policy_plan *q = (policy_plan *)1;
	policy_error *err = NULL;
	assert_int_equal(policy_plan_load(edited, strlen(edited), NULL, &q, &err), POLICY_ERR_PLAN);
	assert_null(q);
	assert_string_equal(policy_error_message(err),
	                    "invalid plan: \"sources\" is written only when the policy has sentences");
	policy_error_free(err);
	cJSON_free(edited);
	cJSON_Delete(root);
	free(json);
	policy_plan_free(p);
}

/* `text` with the first `from` replaced by `to` (malloc'd). */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	assert_non_null(at);
	char *out = malloc(strlen(text) - strlen(from) + strlen(to) + 1);
	assert_non_null(out);
	size_t pre = (size_t)(at - text);
	memcpy(out, text, pre);
	strcpy(out + pre, to);
	strcat(out, at + strlen(from));
	return out;
}

/* Commentary makes no step, so only the source maps show it changed:
 * the diff names it, and the plans still decide alike. */
static void test_commentary_in_diff(void **state)
{
	(void)state;
	static const char from[] =
		"This policy sets the minimum credit standards for commercial term loans.";
	char *edited = replaced(lending, from,
	                        "This policy states the credit standards for all term loans.");
	char *respaced = replaced(lending, from,
	                          "This  policy sets the MINIMUM credit standards for commercial "
	                          "term loans.");
	policy_plan *a = compile_ok(lending), *b = compile_ok(edited), *c = compile_ok(respaced);
	char *json = NULL;
	assert_int_equal(policy_plan_diff(a, b, &json, NULL), POLICY_OK);
	cJSON *d = cJSON_Parse(json);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "equal")));
	cJSON *changes = cJSON_GetObjectItem(d, "changes");
	assert_int_equal(cJSON_GetArraySize(changes), 2);
	cJSON *c0 = cJSON_GetArrayItem(changes, 0), *c1 = cJSON_GetArrayItem(changes, 1);
	assert_string_equal(cJSON_GetObjectItem(c0, "kind")->valuestring, "commentary_removed");
	assert_string_equal(cJSON_GetObjectItem(c0, "old_text")->valuestring,
	                    "This policy sets the minimum credit standards for commercial term loans");
	assert_int_equal(cJSON_GetObjectItem(c0, "line_a")->valueint, 9);
	assert_string_equal(cJSON_GetObjectItem(c1, "kind")->valuestring, "commentary_added");
	assert_string_equal(cJSON_GetObjectItem(c1, "new_text")->valuestring,
	                    "This policy states the credit standards for all term loans");
	cJSON_Delete(d);
	policy_free(json);
	/* the same commentary spaced and capitalized otherwise is the same */
	json = NULL;
	assert_int_equal(policy_plan_diff(a, c, &json, NULL), POLICY_OK);
	assert_non_null(strstr(json, "\"changes\": []"));
	policy_free(json);
	policy_plan_free(a);
	policy_plan_free(b);
	policy_plan_free(c);
	free(edited);
	free(respaced);
}

static void test_arguments(void **state)
{
	(void)state;
	char *t = (char *)1;
	assert_int_equal(policy_plan_english(NULL, &t, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_sources(NULL, &t, NULL), POLICY_ERR_ARGUMENT);
	policy_plan *p = compile_ok(lending);
	assert_int_equal(policy_plan_english(p, NULL, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_sources(p, NULL, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_sentence_count(NULL), 0);
	assert_null(policy_plan_sentence_class(NULL, 0));
	policy_plan_free(p);
}

/* Every dev corpus policy: every step is restated exactly once, and every
 * sentence that is not commentary names at least one step or says what
 * it is about. */
static void test_corpus_restated(void **state)
{
	(void)state;
	char **names = corpus_policies();
	if (!names[0]) {
		free_strings(names);
		skip();
	}
	for (char **name = names; *name; name++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s/policy.txt", corpus_dir(), *name);
		char *text = read_file_or_fail(path, NULL);
		policy_plan *p = compile_ok(text);
		char *e = text_of(policy_plan_english, p);
		size_t lines = 0;
		for (const char *c = e; (c = strstr(c, "\n  ")); c++)
			lines++;
		if (lines != policy_plan_step_count(p))
			fail_msg("%s: %zu restated lines for %zu steps:\n%s", *name, lines,
			         policy_plan_step_count(p), e);
		assert_null(strstr(e, "Not tied"));
		assert_true(policy_plan_sentence_count(p) > 0);
		free(e);
		policy_plan_free(p);
		free(text);
	}
	free_strings(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_map_of_a_document),
		cmocka_unit_test(test_english_of_a_document),
		cmocka_unit_test(test_english_is_generated_not_copied),
		cmocka_unit_test(test_english_of_models_and_guardrails),
		cmocka_unit_test(test_checks_on_one_line),
		cmocka_unit_test(test_plan_without_a_source_map),
		cmocka_unit_test(test_empty_source_map_rejected),
		cmocka_unit_test(test_commentary_in_diff),
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_corpus_restated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
