/*
 * Markdown tables read as lookups (docs/language.md, "Tables"): the
 * policy, its table and the decisions side by side, the way
 * test_compile.c reads. Each policy is compiled under with_header(), so its
 * body starts on line 5; the explanations cite table lines from there.
 *
 * Decisions are as support.c's decide() writes them: the actions fired,
 * "; "-separated, " [check failed: ...]" for each failed check, or
 * "FAILED: ..." when no decision can be made.
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

typedef struct expect {
	const char *spec;     /* make_case() */
	const char *decision; /* decide(); '*' in it stands for any text */
} expect;

static bool same_decision(const char *want, const char *got)
{
	if (!*want)
		return !*got;
	if (*want == '*')
		return same_decision(want + 1, got) || (*got && same_decision(want, got + 1));
	return *got == *want && same_decision(want + 1, got + 1);
}

static void check_decisions(const char *name, const char *body, const expect *rows, size_t n)
{
	policy_plan *p = compile_body(body);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		char *got = decide(p, rows[i].spec);
		if (!same_decision(rows[i].decision, got)) {
			print_error("%s, case %zu:\n  case:     %s\n  expected: \"%s\"\n  got:      \"%s\"\n",
			            name, i + 1, rows[i].spec, rows[i].decision, got);
			bad++;
		}
		free(got);
	}
	policy_plan_free(p);
	if (bad)
		fail_msg("%s: %d of %zu cases decided wrongly", name, bad, n);
}

#define CHECK(name, body, ...)                                                               \
	do {                                                                                 \
		static const expect rows_[] = { __VA_ARGS__ };                               \
		check_decisions(name, body, rows_, sizeof rows_ / sizeof rows_[0]);          \
	} while (0)

/* The explanation of the decision on one case. */
static char *explain(const char *body, const char *spec)
{
	policy_plan *p = compile_body(body);
	policy_case *c = make_case(spec);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(p, NULL, c, NULL, &x, NULL), POLICY_OK);
	char *text = NULL;
	assert_int_equal(policy_trail_explain(policy_exec_trail(x), &text, NULL), POLICY_OK);
	char *copy = strdup(text);
	policy_free(text);
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(p);
	return copy;
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("expected to find:\n  %s\nin:\n%s", part, text);
}

/* The rendered diagnostics of a body that must not compile. */
static char *errors_of(const char *body)
{
	char *text = with_header(body);
	policy_error *err = compile_fails(text, POLICY_ERR_COMPILE);
	char *r = render(err, "policy.txt", text);
	policy_error_free(err);
	free(text);
	return r;
}

/* ---- the forms of reference ---- */

/* "the maximum in the table below for the loan amount": the value column
 * by its words, the key column by the key's; bands in, both ends in. */
static const char *const jumbo =
	"When a new loan application arrives, extract the loan amount and the combined "
	"loan-to-value ratio from the application.\n"
	"\n"
	"Approve the application if the combined loan-to-value ratio does not exceed the maximum "
	"in the table below for the loan amount.\n"
	"\n"
	"| Loan Amount | Maximum Combined LTV |\n"
	"|---|---|\n"
	"| $0 to $417,000 | 100% |\n"
	"| $417,001 to $1,000,000 | 95% |\n"
	"| $1,000,001 to $2,500,000 | 90% |\n";

static void test_table_below_by_loan_amount(void **state)
{
	(void)state;
	CHECK("table below", jumbo,
	      { "doc application: Loan Amount: $417,000|Combined LTV: 100%", "Approve the application" },
	      { "doc application: Loan Amount: $417,001|Combined LTV: 100%", "" },
	      { "doc application: Loan Amount: $417,001|Combined LTV: 95%", "Approve the application" },
	      { "doc application: Loan Amount: $1,000,000|Combined LTV: 95.01%", "" },
	      { "doc application: Loan Amount: $2,500,000|Combined LTV: 90%", "Approve the application" },
	      { "doc application: Loan Amount: $0|Combined LTV: 80%", "Approve the application" });
}

/* No row fits: the decision fails and says which table and which value. */
static void test_table_unmatched_key_fails(void **state)
{
	(void)state;
	CHECK("unmatched key", jumbo,
	      { "doc application: Loan Amount: $2,600,000|Combined LTV: 50%",
	        "FAILED: no decision: \"Approve the application if the combined loan-to-value ratio "
	        "does not exceed the maximum in the table below for the loan amount\" (line 7) cannot "
	        "be decided: no row of the table at line 9 fits the loan amount $2,600,000.00*" },
	      { "doc application: Combined LTV: 50%",
	        "FAILED: *the loan amount is missing*" });
}

/* The explanation names the column, the table and the row. */
static void test_table_explanation_names_the_row(void **state)
{
	(void)state;
	char *text = explain(jumbo, "doc application: Loan Amount: $500,000|Combined LTV: 94%");
	assert_contains(text, "the combined loan-to-value ratio 94% (application, page 1, line 2) "
	                      "does not exceed the maximum combined LTV 95% (the table at line 9, "
	                      "row '$417,001 to $1,000,000')");
	free(text);
}

/* Words as keys: "the maximum for the collateral type shown below"; equal
 * ignoring capitals, "or" a list, "Any" every other case. */
static void test_table_text_keys_shown_below(void **state)
{
	(void)state;
	CHECK("collateral",
	      "When a new credit request arrives, extract the collateral type, the loan amount and "
	      "the collateral value from the credit request.\n"
	      "The loan-to-value ratio is the loan amount divided by the collateral value.\n"
	      "Refer the request to credit committee if the loan-to-value ratio exceeds the maximum "
	      "for the collateral type shown below.\n"
	      "\n"
	      "| Collateral Type | Maximum LTV |\n"
	      "|---|---|\n"
	      "| Real estate | 80% |\n"
	      "| Equipment | 70% |\n"
	      "| Vehicles or Rolling stock | 60% |\n"
	      "| Any | 50% |\n",
	      { "doc credit request: Collateral Type: REAL ESTATE|Loan Amount: $80,000|Collateral "
	        "Value: $100,000", "" },
	      { "doc credit request: Collateral Type: Equipment|Loan Amount: $71,000|Collateral "
	        "Value: $100,000", "Refer the request to credit committee" },
	      { "doc credit request: Collateral Type: rolling stock|Loan Amount: $60,000|Collateral "
	        "Value: $100,000", "" },
	      { "doc credit request: Collateral Type: Inventory|Loan Amount: $60,000|Collateral "
	        "Value: $100,000", "Refer the request to credit committee" });
}

/* "the maximum LTV for the applicant's tier": no table named and no tier
 * extracted; the one table with a Tier and a Maximum LTV column, its rows
 * found by the credit score column. Bands with a hyphen and an en dash,
 * an open end, "Below 620" with no value. */
static const char *const tiers =
	"When a new loan application arrives, extract the credit score, the loan-to-value ratio "
	"and the debt-to-income ratio from the application.\n"
	"\n"
	"| Tier | Credit Score | Maximum LTV | Maximum DTI |\n"
	"|------|--------------|-------------|-------------|\n"
	"| A | 740 or higher | 95% | 45% |\n"
	"| B | 680 - 739 | 90% | 43% |\n"
	"| C | 620\xE2\x80\x93" "679 | 80% | 40% |\n"
	"| D | Below 620 | N/A | N/A |\n"
	"\n"
	"Decline the application if the loan-to-value ratio exceeds the maximum LTV for the "
	"applicant's tier.\n"
	"Refer the application to an underwriter if the debt-to-income ratio is more than the "
	"maximum DTI for the applicant's tier.\n";

static void test_table_tier_by_its_columns(void **state)
{
	(void)state;
	CHECK("tiers", tiers,
	      { "doc application: Credit Score: 740|LTV: 95%|DTI: 45%", "" },
	      { "doc application: Credit Score: 739|LTV: 95%|DTI: 44%",
	        "Decline the application; Refer the application to an underwriter" },
	      { "doc application: Credit Score: 680|LTV: 90%|DTI: 43%", "" },
	      { "doc application: Credit Score: 679|LTV: 90%|DTI: 40%", "Decline the application" },
	      { "doc application: Credit Score: 620|LTV: 80%|DTI: 40.5%",
	        "Refer the application to an underwriter" },
	      { "doc application: Credit Score: 619|LTV: 50%|DTI: 20%",
	        "FAILED: *the table at line 7 gives no maximum LTV for the credit score 619 "
	        "(application, page 1, line 1): its row 'D, Below 620' says 'N/A'*" });
}

/* Two keys, a caption: "in Table 1 for the property type and the occupancy". */
static void test_table_two_keys_by_caption(void **state)
{
	(void)state;
	CHECK("two keys",
	      "When a new loan application arrives, extract the property type, the occupancy and the "
	      "loan-to-value ratio from the application.\n"
	      "\n"
	      "Table 1 - Maximum LTV by Property and Occupancy\n"
	      "\n"
	      "| Property Type | Occupancy | Max LTV |\n"
	      "|---|---|---|\n"
	      "| Single family | Primary residence | 97% |\n"
	      "| Single family | Investment | 85% |\n"
	      "| Condo | Primary residence | 90% |\n"
	      "| Condo | Investment | 75% |\n"
	      "\n"
	      "Flag the application if the loan-to-value ratio exceeds the maximum loan-to-value "
	      "ratio in Table 1 for the property type and the occupancy and the loan-to-value ratio "
	      "is above 60%.\n",
	      { "doc application: Property Type: Condo|Occupancy: Investment|LTV: 76%",
	        "Flag the application" },
	      { "doc application: Property Type: Condo|Occupancy: Investment|LTV: 75%", "" },
	      { "doc application: Property Type: Single Family|Occupancy: Investment|LTV: 86%",
	        "Flag the application" },
	      { "doc application: Property Type: Single Family|Occupancy: Primary Residence|LTV: 96%",
	        "" },
	      { "doc application: Property Type: Townhouse|Occupancy: Investment|LTV: 70%",
	        "FAILED: *no row of Table 1 at line 9 fits the property type Townhouse (application, "
	        "page 1, line 1) and the occupancy Investment (application, page 1, line 2)*" },
	      { "doc application: Property Type: Townhouse|Occupancy: Investment|LTV: 50%", "" });
}

/* A definition reads the table once; later rules compare with it; a row
 * with no value can be acted on with "is missing" and an Otherwise. */
static void test_table_in_a_definition(void **state)
{
	(void)state;
	CHECK("definition",
	      "When a new loan application arrives, extract the credit score and the loan-to-value "
	      "ratio from the application.\n"
	      "\n"
	      "The maximum LTV is the value in Table 2 for the credit score.\n"
	      "If the maximum LTV is missing, decline the application.\n"
	      "Otherwise, if the loan-to-value ratio exceeds the maximum LTV, refer the application "
	      "to an underwriter.\n"
	      "\n"
	      "### Table 2: Maximum LTV by Credit Score\n"
	      "\n"
	      "| Credit Score | Maximum LTV |\n"
	      "|---|---|\n"
	      "| Below 620 | Not eligible |\n"
	      "| 620 - 679 | 80% |\n"
	      "| 680 or higher | 90% |\n",
	      { "doc application: Credit Score: 590|LTV: 50%", "decline the application" },
	      { "doc application: Credit Score: 620|LTV: 80%", "" },
	      { "doc application: Credit Score: 679|LTV: 80.5%", "refer the application to an underwriter" },
	      { "doc application: Credit Score: 680|LTV: 90%", "" },
	      { "doc application: Credit Score: 680|LTV: 91%", "refer the application to an underwriter" });
	char *text = explain(
	      "When a new loan application arrives, extract the credit score and the loan-to-value "
	      "ratio from the application.\n"
	      "The maximum LTV is the value in Table 2 for the credit score.\n"
	      "If the maximum LTV is missing, decline the application.\n"
	      "\n"
	      "Table 2 - Maximum LTV\n"
	      "\n"
	      "| Credit Score | Maximum LTV |\n"
	      "|---|---|\n"
	      "| Below 620 | Not eligible |\n"
	      "| 620 or higher | 80% |\n",
	      "doc application: Credit Score: 590|LTV: 50%");
	assert_contains(text, "the maximum LTV is missing (Table 2 at line 11 gives no maximum LTV "
	                      "for the credit score 590 (application, page 1, line 1): its row "
	                      "'Below 620' says 'Not eligible')");
	free(text);
}

/* Without "for": the columns whose headers name terms are the keys. A
 * sentence ending in a colon may introduce the table. */
static void test_table_keys_from_headers(void **state)
{
	(void)state;
	CHECK("headers",
	      "When a new loan application arrives, extract the credit score and the loan-to-value "
	      "ratio from the application.\n"
	      "The loan-to-value ratio must not exceed the limits in the following table:\n"
	      "\n"
	      "| Credit Score | Maximum LTV |\n"
	      "|---|---|\n"
	      "| Under 680 | 80% |\n"
	      "| 680 or more | 90% |\n",
	      { "doc application: Credit Score: 679|LTV: 80%", "" },
	      { "doc application: Credit Score: 679|LTV: 81%",
	        " [check failed: The loan-to-value ratio must not exceed the limits in the following "
	        "table]" },
	      { "doc application: Credit Score: 680|LTV: 90%", "" });
}

/* The subject of a comparison; "the table" when it is the only one in its
 * section; a table named by its caption's words; a bad table reported once
 * however many sentences read it. */
static void test_table_other_references(void **state)
{
	(void)state;
	CHECK("subject and sections",
	      "# Limits\n"
	      "\n"
	      "When a new loan application arrives, extract the loan type, the loan amount and the "
	      "loan-to-value ratio from the application.\n"
	      "If the maximum LTV in the table for the loan type is below the loan-to-value ratio, "
	      "decline the application.\n"
	      "\n"
	      "| Loan Type | Maximum LTV |\n"
	      "|---|---|\n"
	      "| Conforming | 97% |\n"
	      "| Jumbo | 80% |\n"
	      "\n"
	      "# Amounts\n"
	      "\n"
	      "Refer the application to the jumbo desk if the loan amount exceeds the limit in the "
	      "amount table for the loan type.\n"
	      "\n"
	      "Table A - Amount limits\n"
	      "\n"
	      "| Loan Type | Limit |\n"
	      "|---|---|\n"
	      "| Conforming | $766,550 |\n"
	      "| Jumbo | $3M |\n",
	      { "doc application: Loan Type: Jumbo|Loan Amount: $3,000,000|LTV: 80%", "" },
	      { "doc application: Loan Type: Jumbo|Loan Amount: $3,000,001|LTV: 81%",
	        "decline the application; Refer the application to the jumbo desk" });
	char *r = errors_of("When a new loan application arrives, extract the credit score and the "
	                    "loan-to-value ratio from the application.\n"
	                    "Decline the application if the loan-to-value ratio exceeds the maximum "
	                    "in the table below for the credit score.\n"
	                    "Flag the application if the loan-to-value ratio is at least the maximum "
	                    "in the table below for the credit score.\n"
	                    "\n"
	                    "| Credit Score | Maximum LTV |\n"
	                    "|---|---|\n"
	                    "| 620 to | 80% |\n");
	const char *first = strstr(r, "I don't understand the table cell '620 to'");
	assert_non_null(first);
	assert_null(strstr(first + 1, "I don't understand the table cell"));
	free(r);
}

/* The canonical English restates a lookup row by row, so the author sees
 * how each cell was read. */
static void test_table_in_canonical_english(void **state)
{
	(void)state;
	policy_plan *p = compile_body(jumbo);
	char *text = NULL;
	assert_int_equal(policy_plan_english(p, &text, NULL), POLICY_OK);
	assert_contains(text, "approve the application when the combined loan-to-value ratio is at "
	                      "most the maximum combined LTV from the table at line 9 (100% if the "
	                      "loan amount is between $0.00 and $417,000.00; 95% if the loan amount "
	                      "is between $417,001.00 and $1,000,000.00; 90% if the loan amount is "
	                      "between $1,000,001.00 and $2,500,000.00; otherwise none)");
	policy_free(text);
	policy_plan_free(p);
	p = compile_body(tiers);
	assert_int_equal(policy_plan_english(p, &text, NULL), POLICY_OK);
	assert_contains(text, "no value if the credit score is below 620; otherwise none)");
	policy_free(text);
	policy_plan_free(p);
}

/* A term defined by a table: "X depends on K, as follows:", "X is set by K
 * according to the table below", "X is given by the table below for K";
 * a tier defined so is then a key of another lookup. */
static void test_table_definitions(void **state)
{
	(void)state;
	CHECK("defined by tables",
	      "When a new tuition request arrives, extract the degree level, the destination type, "
	      "the credit score, the LTV and the requested amount from the tuition request.\n"
	      "\n"
	      "The annual maximum depends on the degree level:\n"
	      "\n"
	      "| Degree level | Annual maximum |\n"
	      "|---|---|\n"
	      "| Undergraduate | $4,500 |\n"
	      "| Graduate | $5,000 |\n"
	      "\n"
	      "The daily meal rate depends on the destination type, as follows:\n"
	      "\n"
	      "| Destination type | Daily meal rate |\n"
	      "|---|---|\n"
	      "| In-state | $45.00 |\n"
	      "| International | $85.00 |\n"
	      "\n"
	      "The applicant's tier is set by the credit score according to the table below.\n"
	      "\n"
	      "| Tier | Credit Score |\n"
	      "|---|---|\n"
	      "| A | 590 and above |\n"
	      "| B | below 590 |\n"
	      "\n"
	      "The bonus is given by the table below for the degree level.\n"
	      "\n"
	      "| Degree Level | Bonus |\n"
	      "|---|---|\n"
	      "| Undergraduate | $100 |\n"
	      "| Graduate | $200 |\n"
	      "\n"
	      "| Tier | Maximum LTV |\n"
	      "|---|---|\n"
	      "| A | 130% |\n"
	      "| B | 110% |\n"
	      "\n"
	      "If the requested amount exceeds the annual maximum, deny the request.\n"
	      "If the requested amount is less than the daily meal rate, flag the request.\n"
	      "If the requested amount equals the bonus, pay the request.\n"
	      "If the LTV exceeds the maximum LTV for the applicant's tier, review the request.\n",
	      { "doc tuition request: Degree Level: Graduate|Destination Type: International|"
	        "Credit Score: 580|LTV: 111%|Requested Amount: $50",
	        "flag the request; review the request" },
	      { "doc tuition request: Degree Level: Undergraduate|Destination Type: In-state|"
	        "Credit Score: 590|LTV: 111%|Requested Amount: $4,500.01", "deny the request" },
	      { "doc tuition request: Degree Level: Undergraduate|Destination Type: In-state|"
	        "Credit Score: 600|LTV: 130%|Requested Amount: $100", "pay the request" });
}

/* Lengths of time: "Less than 12 months", "12 to 24 months" (both ends
 * months), "Over 24 months". */
static void test_table_time_bands(void **state)
{
	(void)state;
	CHECK("time in business",
	      "When a new line request arrives, extract the requested amount, the business start "
	      "date and the application date from the line request.\n"
	      "The time in business is the number of whole months from the business start date to "
	      "the application date.\n"
	      "The maximum line is the value in the table below for the time in business.\n"
	      "If the maximum line is missing, refer the request to a loan officer.\n"
	      "Otherwise, if the requested amount exceeds the maximum line, decline the request.\n"
	      "\n"
	      "| Time in Business | Maximum Line |\n"
	      "|---|---|\n"
	      "| Less than 12 months | Not eligible |\n"
	      "| 12 to 24 months | $50,000 |\n"
	      "| Over 24 months | $250K |\n",
	      { "doc line request: Requested Amount: $10|Business Start Date: 2025-01-02|"
	        "Application Date: 2026-01-01", "refer the request to a loan officer" },
	      { "doc line request: Requested Amount: $50,000.01|Business Start Date: 2025-01-01|"
	        "Application Date: 2026-01-01", "decline the request" },
	      { "doc line request: Requested Amount: $50,000|Business Start Date: 2024-01-01|"
	        "Application Date: 2026-01-01", "" },
	      { "doc line request: Requested Amount: $50,000|Business Start Date: 2023-12-31|"
	        "Application Date: 2026-01-01", "" },
	      { "doc line request: Requested Amount: $250,000|Business Start Date: 2023-12-01|"
	        "Application Date: 2026-01-01", "" });
}

/* Every key cell form, each a row above "Any": the points just inside and
 * just outside it. */
static void test_table_key_cell_forms(void **state)
{
	(void)state;
	static const struct {
		const char *cell, *in[2], *out[2];
	} forms[] = {
		{ "$0 to $417,000", { "$0", "$417,000" }, { "$417,000.01", NULL } },
		{ "$417,001 - $1,000,000", { "$417,001", "$1,000,000" }, { "$417,000", "$1,000,001" } },
		{ "$2,500,001 and above", { "$2,500,001", "$9,000,000" }, { "$2,500,000", NULL } },
		{ "Up to $100,000", { "$100,000", "$1" }, { "$100,000.01", NULL } },
		{ "Over $5M", { "$5,000,000.01", NULL }, { "$5,000,000", NULL } },
		{ "Less than $250K", { "$249,999.99", NULL }, { "$250,000", NULL } },
		{ "At least $1,000", { "$1,000", NULL }, { "$999.99", NULL } },
		{ "$1,000+", { "$1,000", NULL }, { "$999.99", NULL } },
		{ "$1,000 or less", { "$1,000", NULL }, { "$1,000.01", NULL } },
		{ "> $1,000", { "$1,000.01", NULL }, { "$1,000", NULL } },
		{ ">= $1,000", { "$1,000", NULL }, { "$999.99", NULL } },
		{ "< $1,000", { "$999.99", NULL }, { "$1,000", NULL } },
		{ "<= $1,000", { "$1,000", NULL }, { "$1,000.01", NULL } },
		{ "\xE2\x89\xA5 $1,000", { "$1,000", NULL }, { "$999.99", NULL } },
		{ "\xE2\x89\xA4$1,000", { "$1,000", NULL }, { "$1,000.01", NULL } },
		{ "Between $10 and $20", { "$10", "$20" }, { "$9.99", "$20.01" } },
		{ "From $10 to $20", { "$10", "$20" }, { "$9.99", "$20.01" } },
		{ "$500", { "$500", NULL }, { "$500.01", NULL } },
	};
	int bad = 0;
	for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
		char body[1024];
		snprintf(body, sizeof body,
		         "When a new claim arrives, extract the claimed amount.\n"
		         "The band is the value in the table below for the claimed amount.\n"
		         "If the band is \"inside\", flag the claim.\n"
		         "\n"
		         "| Claimed Amount | Band |\n"
		         "|---|---|\n"
		         "| %s | Inside |\n"
		         "| Any | Outside |\n", forms[f].cell);
		policy_plan *p = compile_body(body);
		for (int side = 0; side < 2; side++)
			for (int k = 0; k < 2; k++) {
				const char *amount = side ? forms[f].out[k] : forms[f].in[k];
				if (!amount)
					continue;
				char spec[128];
				snprintf(spec, sizeof spec, "doc claim: Claimed Amount: %s", amount);
				char *got = decide(p, spec);
				const char *want = side ? "" : "flag the claim";
				if (strcmp(got, want)) {
					print_error("cell '%s' with %s: expected \"%s\", got \"%s\"\n",
					            forms[f].cell, amount, want, got);
					bad++;
				}
				free(got);
			}
		policy_plan_free(p);
	}
	if (bad)
		fail_msg("%d cell decisions wrong", bad);
}

/* ---- errors: never a silent misreading ---- */

static void test_table_unused_is_an_error(void **state)
{
	(void)state;
	char *r = errors_of("When a new claim arrives, extract the claimed amount.\n"
	                    "If the claimed amount exceeds $500, review the claim.\n"
	                    "\n"
	                    "| Claimed Amount | Reviewer |\n"
	                    "|---|---|\n"
	                    "| Up to $5,000 | Adjuster |\n");
	assert_contains(r, "policy.txt:8:1: error: this table is not used by any rule");
	free(r);
	/* in a section of commentary, a table is commentary */
	policy_plan *p = compile_body("# Background\n"
	                              "\n"
	                              "| Year | Claims |\n"
	                              "|---|---|\n"
	                              "| 2025 | 310 |\n"
	                              "\n"
	                              "# Rules\n"
	                              "\n"
	                              "When a new claim arrives, extract the claimed amount.\n"
	                              "If the claimed amount exceeds $500, review the claim.\n");
	policy_plan_free(p);
}

static void test_table_errors(void **state)
{
	(void)state;
	static const struct {
		const char *table, *rule, *error;
	} cases[] = {
		{ "| Credit Score | Maximum LTV |\n|---|---|\n| 620 - 680 | 80% |\n| 680 - 720 | 85% |\n",
		  "the maximum in the table below for the credit score",
		  "policy.txt:11:1: error: the rows '620 - 680' (line 10) and '680 - 720' both hold for "
		  "some cases" },
		{ "| Credit Score | Maximum LTV |\n|---|---|\n| Any | 80% |\n| 680 or more | 85% |\n",
		  "the maximum in the table below for the credit score",
		  "error: the row 'Any' holds for every case, so the rows after it are never used" },
		{ "| Credit Score | Maximum LTV |\n|---|---|\n| 620 - 679 | 80% |\n| about 700 | 85% |\n",
		  "the maximum in the table below for the credit score",
		  "error: the cell 'about 700' is words, but '620 - 679' in the same column is a number "
		  "or a band" },
		{ "| Credit Score | Maximum LTV |\n|---|---|\n| 620 to | 80% |\n",
		  "the maximum in the table below for the credit score",
		  "policy.txt:10:3: error: I don't understand the table cell '620 to' as a condition" },
		{ "| Credit Score | Maximum LTV |\n|---|---|\n| 620 or more | 80% |\n",
		  "the maximum in Table 3 for the credit score",
		  "error: there is no table numbered '3'" },
		{ "| Credit Score | Maximum LTV |\n|---|---|\n| 620 or more | 80% |\n",
		  "the minimum in the table below for the credit score",
		  "error: no column of the table is 'minimum'" },
		{ "| Credit Score | Maximum LTV |\n|---|---|\n| 620 or more | 80% |\n",
		  "the maximum in the table above for the credit score",
		  "error: there is no table above" },
		{ "| Credit Score | Maximum LTV |\n|---|---|\n| 620 - 679 | 80% |\n| 680 or more | No limit |\n",
		  "the maximum in the table below for the credit score",
		  "error: 'No limit' is text, but '80%' in the same column is a percentage" },
		{ "| Credit Score | Maximum LTV |\n|---|---|\n| 620 - 679 | |\n",
		  "the maximum in the table below for the credit score",
		  "error: the table's cell under 'Maximum LTV' is empty" },
		{ "| Loan Amount | Maximum LTV |\n|---|---|\n| Up to $100,000 | 80% |\n",
		  "the maximum in the table below for the credit score",
		  "error: no column of the table is 'the credit score'" },
		{ "| Credit Score | Maximum LTV | Maximum DTI |\n|---|---|---|\n| 620 or more | 80% | 40% |\n",
		  "the maximum in the table below for the credit score",
		  "error: 'maximum' could mean more than one column of the table" },
		{ "| Tier | Maximum LTV |\n|---|---|\n| A | 80% |\n",
		  "the maximum LTV for the applicant's tier shown below",
		  "error: I can't tell how to find 'the applicant's tier' in the table: no other column "
		  "names a value the policy knows" },
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char body[1024];
		snprintf(body, sizeof body,
		         "When a new loan application arrives, extract the credit score and the "
		         "loan-to-value ratio from the application.\n"
		         "Decline the application if the loan-to-value ratio exceeds %s.\n"
		         "\n%s", cases[i].rule, cases[i].table);
		char *r = errors_of(body);
		if (!strstr(r, cases[i].error)) {
			print_error("case %zu: expected \"%s\" in:\n%s\n", i + 1, cases[i].error, r);
			bad++;
		}
		free(r);
	}
	if (bad)
		fail_msg("%d diagnostics wrong", bad);
}

/* ---- the plan ---- */

static cJSON *find_case(cJSON *e)
{
	if (!cJSON_IsObject(e))
		return NULL;
	cJSON *op = cJSON_GetObjectItem(e, "op");
	if (op && !strcmp(op->valuestring, "case"))
		return e;
	cJSON *a;
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(e, "args")) {
		cJSON *f = find_case(a);
		if (f)
			return f;
	}
	return NULL;
}

static policy_status load(const char *json, policy_error **err)
{
	policy_plan *p = NULL;
	policy_status st = policy_plan_load(json, strlen(json), NULL, &p, err);
	policy_plan_free(p);
	return st;
}

/* Save, load, save: the same bytes; the loader checks the new operator. */
static void test_table_plan_round_trip(void **state)
{
	(void)state;
	policy_plan *p = compile_body(tiers);
	size_t n1, n2;
	char *a = save_plan(p, &n1);
	policy_plan *q = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_plan_load(a, n1, NULL, &q, &err), POLICY_OK);
	char *b = save_plan(q, &n2);
	assert_int_equal(n1, n2);
	assert_string_equal(a, b);
	char *got = decide(q, "doc application: Credit Score: 739|LTV: 95%|DTI: 44%");
	assert_string_equal(got, "Decline the application; Refer the application to an underwriter");
	free(got);
	policy_plan_free(q);

	cJSON *root = cJSON_Parse(a);
	assert_non_null(root);
	cJSON *s, *kase = NULL;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(root, "steps")) {
		if (!kase)
			kase = find_case(cJSON_GetObjectItem(s, "guard"));
	}
	assert_non_null(kase);
	assert_string_equal(cJSON_GetObjectItem(kase, "table")->valuestring, "the table at line 7");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(kase, "args")), 8);
	/* the row "Below 620" gives no value: null, typed */
	cJSON *na = cJSON_GetArrayItem(cJSON_GetObjectItem(kase, "args"), 7);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(na, "value")));
	assert_string_equal(cJSON_GetObjectItem(na, "type")->valuestring, "percent");

	/* an odd number of arguments: a condition without its value */
	cJSON *args = cJSON_GetObjectItem(kase, "args");
	cJSON *last = cJSON_DetachItemFromArray(args, 7);
	char *bad = cJSON_PrintUnformatted(root);
	err = NULL;
	assert_int_equal(load(bad, &err), POLICY_ERR_PLAN);
	assert_non_null(strstr(policy_error_message(err), "pairs of a condition and a value"));
	policy_error_free(err);
	free(bad);
	/* a condition with no value */
	cJSON_AddItemToArray(args, last);
	cJSON *cond = cJSON_GetArrayItem(args, 6);
	cJSON_ReplaceItemInArray(args, 6, cJSON_Duplicate(last, true));
	bad = cJSON_PrintUnformatted(root);
	err = NULL;
	assert_int_equal(load(bad, &err), POLICY_ERR_PLAN);
	assert_non_null(strstr(policy_error_message(err), "only a table row's may have none"));
	policy_error_free(err);
	free(bad);
	(void)cond;
	/* "table" belongs to "case" only, and "case" needs it */
	cJSON_DeleteItemFromObject(kase, "table");
	bad = cJSON_PrintUnformatted(root);
	err = NULL;
	assert_int_equal(load(bad, &err), POLICY_ERR_PLAN);
	policy_error_free(err);
	free(bad);
	cJSON_Delete(root);
	free(a);
	free(b);
	policy_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_below_by_loan_amount),
		cmocka_unit_test(test_table_unmatched_key_fails),
		cmocka_unit_test(test_table_explanation_names_the_row),
		cmocka_unit_test(test_table_text_keys_shown_below),
		cmocka_unit_test(test_table_tier_by_its_columns),
		cmocka_unit_test(test_table_two_keys_by_caption),
		cmocka_unit_test(test_table_in_a_definition),
		cmocka_unit_test(test_table_keys_from_headers),
		cmocka_unit_test(test_table_other_references),
		cmocka_unit_test(test_table_definitions),
		cmocka_unit_test(test_table_in_canonical_english),
		cmocka_unit_test(test_table_time_bands),
		cmocka_unit_test(test_table_key_cell_forms),
		cmocka_unit_test(test_table_unused_is_an_error),
		cmocka_unit_test(test_table_errors),
		cmocka_unit_test(test_table_plan_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
