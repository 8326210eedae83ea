/*
 * Named parts of a policy that hold for some cases, and the clauses that
 * use them (docs/language.md, "Named conditions"):
 *
 *   - "The flood surcharge applies to a coastal policy unless ...": a named
 *     condition, true when its condition is not; the kind of case after
 *     "to" is a condition too, the case's own noun none;
 *   - "when the flood surcharge applies", "if it does not apply";
 *   - "A request qualifies only when ...", then "a request that does not
 *     qualify" and "a qualifying request";
 *   - "the permit status is filed" is one of the status's values;
 *   - "Each of the following is a violation:" over items, then "violation
 *     (a) occurs", "any violation occurs", "there is no violation";
 *   - "a contract that fails (a) or (b)", "meets (a) and (b)".
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



static void test_applies_unless_and_to_a_kind(void **state)
{
	(void)state;
	policy_plan *p = compile_body(
		"When a renewal arrives, extract the zone, the elevation certificate status and the "
		"premium from the renewal form.\n"
		"A renewal is a coastal renewal when the zone is V.\n"
		"The flood surcharge applies to a coastal renewal unless the elevation certificate "
		"status is filed.\n"
		"When the flood surcharge applies, add the flood surcharge to the premium.\n"
		"If the flood surcharge does not apply, issue the renewal at the base premium.\n"
		"Where the flood surcharge applies and the premium exceeds $3,000, refer the renewal "
		"to an underwriter.\n");
	expect_decision(p, "doc renewal form: Zone: V|Elevation Certificate Status: none|Premium: $4,000",
	                "add the flood surcharge to the premium; refer the renewal to an underwriter");
	expect_decision(p, "doc renewal form: Zone: V|Elevation Certificate Status: filed|Premium: $4,000",
	                "issue the renewal at the base premium");
	/* "to a coastal renewal": a zone A renewal has no surcharge */
	expect_decision(p, "doc renewal form: Zone: A|Elevation Certificate Status: none|Premium: $2,000",
	                "issue the renewal at the base premium");
	policy_plan_free(p);
	/* "to the claim": the case's own noun, every case */
	p = compile_body("When a claim arrives, extract the cause of loss and the deductible waiver "
	                 "from the claim form.\n"
	                 "The wind deductible applies to the claim if the cause of loss is wind, "
	                 "unless the deductible waiver is yes.\n"
	                 "When the wind deductible applies, apply the wind deductible.\n");
	expect_decision(p, "doc claim form: Cause of Loss: wind|Deductible Waiver: no",
	                "apply the wind deductible");
	expect_decision(p, "doc claim form: Cause of Loss: wind|Deductible Waiver: yes", "");
	expect_decision(p, "doc claim form: Cause of Loss: hail|Deductible Waiver: no", "");
	policy_plan_free(p);
	/* a kind after "to" that names no cases is an error, never dropped */
	fails_naming("When a claim arrives, extract the cause of loss from the claim form.\n"
	             "The wind deductible applies to a large claim unless the cause of loss is hail.\n"
	             "When the wind deductible applies, apply the wind deductible.\n",
	             "I can't tell which cases 'large claim' covers");
}

static void test_qualifies_said_of_the_case(void **state)
{
	(void)state;
	policy_plan *p = compile_body(
		"When a scholarship request arrives, extract the grade average, the credit hours and "
		"the tuition amount from the request form.\n"
		"A request qualifies only when each of the following is true:\n"
		"- the grade average is at least 3.0; and\n"
		"- the credit hours are at least 12.\n"
		"A request that does not qualify is returned to the student.\n"
		"For a qualifying request:\n"
		"- pay the tuition amount if the tuition amount is at most $4,000;\n"
		"- refer the request to the dean if the tuition amount exceeds $4,000.\n");
	expect_decision(p, "doc request form: Grade Average: 3.0|Credit Hours: 12|Tuition Amount: $4,000",
	                "pay the tuition amount");
	expect_decision(p, "doc request form: Grade Average: 3.5|Credit Hours: 15|Tuition Amount: $4,500",
	                "refer the request to the dean");
	expect_decision(p, "doc request form: Grade Average: 2.9|Credit Hours: 15|Tuition Amount: $1,000",
	                "return the request to the student");
	policy_plan_free(p);
	/* a participle that no named condition has stays an error */
	fails_naming("When a scholarship request arrives, extract the grade average from the request "
	             "form.\n"
	             "A request qualifies when the grade average is at least 3.0.\n"
	             "For a pending request, refer the request to the dean.\n",
	             "pending request");
}

/* "the permit status is filed" compares the status with "filed"; it was
 * read as "the permit status is there", true for every status. */
static void test_status_words_are_values(void **state)
{
	(void)state;
	policy_plan *p = compile_body(
		"When a permit request arrives, extract the permit status and the inspection date "
		"from the permit request.\n"
		"If the permit status is filed, schedule the plan review.\n"
		"If the permit status is not received, call the applicant.\n"
		"If the inspection date is provided, close the request.\n");
	expect_decision(p, "doc permit request: Permit Status: filed|Inspection Date: 2026-03-01",
	                "schedule the plan review; call the applicant; close the request");
	expect_decision(p, "doc permit request: Permit Status: received",
	                "");
	policy_plan_free(p);
}

/* "Each of the following is a violation of this policy:" over labelled
 * items: each item a named condition, the kind one that any item makes
 * true. The introduction once went unread. */
static void test_lists_of_a_kind(void **state)
{
	(void)state;
	policy_plan *p = compile_body(
		"When a fuel purchase arrives, extract the purchase amount, the fuel grade and the "
		"receipt lag from the fuel card statement.\n"
		"## Part 1 - Exceptions\n"
		"Each of the following is an exception under this policy:\n"
		"(a) the purchase amount exceeds $300;\n"
		"(b) the fuel grade is premium;\n"
		"(c) the receipt lag is more than 10 days.\n"
		"## Part 2 - Handling\n"
		"If exception (a) occurs, lock the card.\n"
		"If any exception occurs, email the driver's manager.\n"
		"If there is no exception, post the purchase.\n");
	expect_decision(p, "doc fuel card statement: Purchase Amount: $320|Fuel Grade: regular|Receipt Lag: 2 days",
	                "lock the card; email the driver's manager");
	expect_decision(p, "doc fuel card statement: Purchase Amount: $80|Fuel Grade: premium|Receipt Lag: 2 days",
	                "email the driver's manager");
	expect_decision(p, "doc fuel card statement: Purchase Amount: $300|Fuel Grade: regular|Receipt Lag: 10 days",
	                "post the purchase");
	policy_plan_free(p);
	/* "are events of default": the plural kind, singular in its uses */
	p = compile_body("When a loan review arrives, extract the days past due and the debt service "
	                 "coverage ratio from the loan review.\n"
	                 "The following are events of default:\n"
	                 "- the days past due exceed 90;\n"
	                 "- the debt service coverage ratio is below 1.0.\n"
	                 "If an event of default occurs, accelerate the loan.\n");
	expect_decision(p, "doc loan review: Days Past Due: 91|Debt Service Coverage Ratio: 1.3",
	                "accelerate the loan");
	expect_decision(p, "doc loan review: Days Past Due: 90|Debt Service Coverage Ratio: 1.0", "");
	policy_plan_free(p);
	/* an item mark no list has is an error */
	fails_naming("When a fuel purchase arrives, extract the purchase amount from the statement.\n"
	             "Each of the following is an exception:\n"
	             "(a) the purchase amount exceeds $300.\n"
	             "If exception (d) occurs, lock the card.\n",
	             "exception (d");
}

/* "fails (a) or (b)", "meets (a) and (b)": the verb said once over items
 * of the section's list; "fails (a) or (b)" once read "(b)" as passing. */
static void test_items_named_with_a_verb(void **state)
{
	(void)state;
	policy_plan *p = compile_body(
		"When a lease contract arrives, extract the maintenance plan price, the equipment cost "
		"and the hour meter reading from the contract.\n"
		"## 3.2 Maintenance plans\n"
		"(a) The maintenance plan price may not exceed 15% of the equipment cost.\n"
		"(b) The hour meter reading must not exceed 8,000.\n"
		"A contract that fails (a) or (b) will be returned to the vendor.\n"
		"A contract that meets (a) and (b) is booked.\n");
	expect_decision(p, "doc contract: Maintenance Plan Price: $1,500|Equipment Cost: $10,000|Hour Meter Reading: 8,000",
	                "book the contract");
	expect_decision(p, "doc contract: Maintenance Plan Price: $1,000|Equipment Cost: $10,000|Hour Meter Reading: 9,000",
	                "return the contract to the vendor [check failed: The hour meter reading must "
	                "not exceed 8,000]");
	policy_plan_free(p);
}

/* "The program does not write a building if any of the following is
 * true:" over conditions, one with its own "unless": a check that none
 * holds, and the cases "described in this section". */
static void test_cases_a_program_does_not_take(void **state)
{
	(void)state;
	policy_plan *p = compile_body(
		"When a submission arrives, extract the state, the protection class, the story count "
		"and the sprinkler status from the submission.\n"
		"The program does not write a building if any of the following is true:\n"
		"- the state is not Oregon;\n"
		"- the protection class is 8 or higher;\n"
		"- the story count is more than 3, unless the sprinkler status is full.\n"
		"A submission for a building described in this section is declined.\n");
	expect_decision(p, "doc submission: State: Oregon|Protection Class: 5|Story Count: 4|Sprinkler Status: full",
	                "");
	expect_decision(p, "doc submission: State: Oregon|Protection Class: 5|Story Count: 4|Sprinkler Status: partial",
	                "decline the submission [check failed: The program does not write a building "
	                "if any of the following is true]");
	policy_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_applies_unless_and_to_a_kind),
		cmocka_unit_test(test_qualifies_said_of_the_case),
		cmocka_unit_test(test_status_words_are_values),
		cmocka_unit_test(test_lists_of_a_kind),
		cmocka_unit_test(test_items_named_with_a_verb),
		cmocka_unit_test(test_cases_a_program_does_not_take),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
