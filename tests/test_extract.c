/*
 * The built-in extractor and fact lookup, as specifications: a document as
 * the host hands it over, the field a policy asks for, and the answer with
 * its evidence. The documents are modeled on the forms of the development
 * corpus (claim forms, repair estimates, deposit slips, loan and life
 * insurance applications, certificates of insurance).
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

#include "run/case.h"
#include "run/extract.h"
#include "run/label_score.h"

/* ---- helpers ---- */

static policy_case *new_case(void)
{
	policy_case *c;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	return c;
}

static void add_doc(policy_case *c, const char *type, const char *text)
{
	assert_int_equal(policy_case_add_document(c, type, text, strlen(text)), POLICY_OK);
}

static void add_fact(policy_case *c, const char *name, const char *json)
{
	assert_int_equal(policy_case_add_fact(c, name, json, strlen(json)), POLICY_OK);
}

static mem libc_mem;

/* The reply as cJSON (the test owns it). */
static cJSON *extract_limited(policy_case *c, const char *doc, const char *field,
                              policy_type type, bool each, size_t max_doc_bytes)
{
	libc_mem = mem_from(NULL);
	buf b;
	buf_init(&b, &libc_mem);
	assert_true(builtin_extract(c, doc, field, type, each, max_doc_bytes, &b));
	cJSON *j = cJSON_ParseWithLength(b.data, b.len);
	if (!j)
		fail_msg("reply is not JSON: %.*s", (int)b.len, b.data);
	buf_release(&b);
	return j;
}

static cJSON *extract(policy_case *c, const char *doc, const char *field, policy_type type)
{
	return extract_limited(c, doc, field, type, false, 0);
}

static cJSON *lookup(policy_case *c, const char *fact, policy_type type)
{
	libc_mem = mem_from(NULL);
	buf b;
	buf_init(&b, &libc_mem);
	assert_true(builtin_lookup(c, fact, type, &b));
	cJSON *j = cJSON_ParseWithLength(b.data, b.len);
	if (!j)
		fail_msg("reply is not JSON: %.*s", (int)b.len, b.data);
	buf_release(&b);
	return j;
}

static void assert_json_equal(const cJSON *item, const char *expected)
{
	if (!item)
		fail_msg("missing member, expected %s", expected);
	char *got = cJSON_PrintUnformatted(item);
	if (strcmp(got, expected) != 0) {
		char msg[512];
		snprintf(msg, sizeof msg, "got %s, expected %s", got, expected);
		free(got);
		fail_msg("%s", msg);
	}
	free(got);
}

static int member_int(const cJSON *obj, const char *key)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsNumber(m))
		fail_msg("'%s' is not a number", key);
	return m->valueint;
}

static const char *member_string(const cJSON *obj, const char *key)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsString(m)) {
		char *all = cJSON_PrintUnformatted(obj);
		char msg[600];
		snprintf(msg, sizeof msg, "'%s' is not a string in %.500s", key, all);
		free(all);
		fail_msg("%s", msg);
	}
	return m->valuestring;
}

typedef struct expected {
	const char *value; /* canonical JSON */
	const char *text;  /* as written */
	const char *document;
	int index, count, page, line;
	const char *snippet;
} expected;

/* An answer (or an item of "values") against what the form shows. The
 * evidence span must be exactly the snippet's bytes in the document. */
static void assert_found_in(const cJSON *j, const expected *e, const char *doc_text)
{
	assert_json_equal(cJSON_GetObjectItemCaseSensitive(j, "value"), e->value);
	assert_string_equal(member_string(j, "text"), e->text);
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(j, "evidence");
	assert_non_null(ev);
	assert_string_equal(member_string(ev, "document"), e->document);
	assert_int_equal(member_int(ev, "index"), e->index);
	assert_int_equal(member_int(ev, "count"), e->count);
	assert_int_equal(member_int(ev, "page"), e->page);
	assert_int_equal(member_int(ev, "line"), e->line);
	assert_string_equal(member_string(ev, "snippet"), e->snippet);
	int start = member_int(ev, "start"), end = member_int(ev, "end");
	assert_true(start < end);
	if (doc_text) {
		assert_int_equal((size_t)(end - start), strlen(e->snippet));
		assert_memory_equal(doc_text + start, e->snippet, (size_t)(end - start));
	}
}

static void assert_value(const cJSON *j, const char *value_json)
{
	if (!cJSON_GetObjectItemCaseSensitive(j, "value")) {
		char *all = cJSON_PrintUnformatted(j);
		char msg[600];
		snprintf(msg, sizeof msg, "no value in %.500s (expected %s)", all, value_json);
		free(all);
		fail_msg("%s", msg);
	}
	assert_json_equal(cJSON_GetObjectItemCaseSensitive(j, "value"), value_json);
}

static void assert_says(const cJSON *j, const char *key, const char *part)
{
	const char *msg = member_string(j, key);
	if (!strstr(msg, part))
		fail_msg("\"%s\" does not say \"%s\"", msg, part);
}

/* ---- documents ---- */

static const char claim_form[] =
        "NORTHWIND MUTUAL INSURANCE COMPANY\n"
        "Property Loss Notice - Form PL-2\n"
        "1200 Harbor Way, Suite 400, Portland OR 97201\n"
        "Claimant: Dana Whitfield\n"
        "Policy Number: HO-4471-0932\n"
        "Phone: (503) 555-0148\n"
        "Page 1 of 2\n"
        "\fSECTION B - LOSS DETAILS\n"
        "Date of Loss: March 3, 2026\n"
        "Cause of Loss: Water damage from burst supply line\n"
        "Claimed Amount: $72,400.00\n"
        "I certify the above is true and complete.\n"
        "Signature: D. Whitfield\n"
        "Page 2 of 2\n";

static void claim_form_fields_with_page_and_line(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "Claim Form", claim_form);

	cJSON *j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_found_in(j, &(expected){ "\"72400.00\"", "$72,400.00", "Claim Form", 1, 1, 2, 11,
	                                "Claimed Amount: $72,400.00" },
	                claim_form);
	cJSON_Delete(j);

	j = extract(c, "claim form", "date of loss", POLICY_TYPE_DATE);
	assert_found_in(j, &(expected){ "\"2026-03-03\"", "March 3, 2026", "Claim Form", 1, 1, 2, 9,
	                                "Date of Loss: March 3, 2026" },
	                claim_form);
	cJSON_Delete(j);

	j = extract(c, "claim form", "policy number", POLICY_TYPE_TEXT);
	assert_found_in(j, &(expected){ "\"HO-4471-0932\"", "HO-4471-0932", "Claim Form", 1, 1, 1,
	                                5, "Policy Number: HO-4471-0932" },
	                claim_form);
	cJSON_Delete(j);
	policy_case_free(c);
}

static void claim_form_with_label_variants(void **state)
{
	(void)state;
	static const char form[] = "NORTHWIND MUTUAL INSURANCE COMPANY\n"
	                           "Policy Number: HO-4471-0932\n"
	                           "Page 1 of 2\n"
	                           "\fSECTION B - LOSS DETAILS\n"
	                           "Loss Date: 04/18/2026\n"
	                           "Amount Claimed: $12,850.00\n";
	policy_case *c = new_case();
	add_doc(c, "claim form", form);
	cJSON *j = extract(c, "claim form", "date of loss", POLICY_TYPE_DATE);
	assert_found_in(j, &(expected){ "\"2026-04-18\"", "04/18/2026", "claim form", 1, 1, 2, 5,
	                                "Loss Date: 04/18/2026" },
	                form);
	cJSON_Delete(j);
	j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_found_in(j, &(expected){ "\"12850.00\"", "$12,850.00", "claim form", 1, 1, 2, 6,
	                                "Amount Claimed: $12,850.00" },
	                form);
	cJSON_Delete(j);
	policy_case_free(c);
}

/* One line per format: the label, the value as written, the canonical JSON. */
static void every_value_format_parses(void **state)
{
	(void)state;
	static const struct {
		policy_type type;
		const char *field;
		const char *line;
		const char *json;
	} rows[] = {
		{ POLICY_TYPE_MONEY, "claimed amount", "Claimed Amount: $72,400.00", "\"72400.00\"" },
		{ POLICY_TYPE_MONEY, "claimed amount", "Claimed Amount: 72400", "\"72400.00\"" },
		{ POLICY_TYPE_MONEY, "claimed amount", "Claimed Amount: 1.25M", "\"1250000.00\"" },
		{ POLICY_TYPE_MONEY, "claimed amount", "Claimed Amount: $2.5 million", "\"2500000.00\"" },
		{ POLICY_TYPE_DATE, "date of loss", "Date of Loss: 03/14/2026", "\"2026-03-14\"" },
		{ POLICY_TYPE_DATE, "date of loss", "Date of Loss: March 14, 2026", "\"2026-03-14\"" },
		{ POLICY_TYPE_DATE, "date of loss", "Date of Loss: 2026-03-14", "\"2026-03-14\"" },
		{ POLICY_TYPE_DATE, "date of loss", "DATE OF LOSS 03/14/2026", "\"2026-03-14\"" },
		{ POLICY_TYPE_PERCENT, "debt-to-income ratio", "DTI: 41.2%", "\"0.412\"" },
		{ POLICY_TYPE_RATIO, "debt service coverage ratio", "DSCR: 1.18x", "\"1.18\"" },
		{ POLICY_TYPE_BOOLEAN, "applicant uses tobacco", "Tobacco Use: Yes", "true" },
		{ POLICY_TYPE_BOOLEAN, "applicant uses tobacco", "Tobacco Use: No", "false" },
		{ POLICY_TYPE_BOOLEAN, "applicant uses tobacco", "Tobacco Use: [X] Yes  [ ] No", "true" },
		{ POLICY_TYPE_BOOLEAN, "applicant uses tobacco", "Tobacco Use: Yes [ ] No [X]", "false" },
		{ POLICY_TYPE_BOOLEAN, "applicant is a smoker",
		  "Is the applicant a smoker? (Y/N): Y", "true" },
		{ POLICY_TYPE_COUNT, "comparable vehicles", "Comparable vehicles: 6", "6" },
		{ POLICY_TYPE_NUMBER, "credit score", "Credit Score: 702", "\"702\"" },
		{ POLICY_TYPE_TEXT, "project state", "Project State: Texas", "\"Texas\"" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char doc[256];
		snprintf(doc, sizeof doc, "HEADER LINE\nNoise: n/a\n%s\nFooter\n", rows[i].line);
		policy_case *c = new_case();
		add_doc(c, "form", doc);
		cJSON *j = extract(c, "form", rows[i].field, rows[i].type);
		assert_value(j, rows[i].json);
		const cJSON *ev = cJSON_GetObjectItemCaseSensitive(j, "evidence");
		assert_int_equal(member_int(ev, "line"), 3);
		assert_string_equal(member_string(ev, "snippet"), rows[i].line);
		cJSON_Delete(j);
		policy_case_free(c);
	}
}

static void labels_vary_in_case_punctuation_order_and_number(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"CLAIMED AMOUNT: $500.00",       "claimed amount: $500.00",
		"Amount Claimed: $500.00",       "Claimed Amounts: $500.00",
		"Claimed-Amount: $500.00",       "Claimed Amount ...... $500.00",
		"Claimed Amount - $500.00",      "Claimed Amount:\t$500.00",
		"  3. Claimed Amount: $500.00",  "(b) Amount Claimed: $500.00",
		"Claimed Amount      $500.00",   "Claim Amount: $500.00",
		"Claimed Amount:     $500.00",   "Claimed Amount? $500.00",
		"Claimed Amount \xE2\x80\x94 $500.00", "Claimed Amount\xE2\x80\xA6 $500.00",
		"\xE2\x80\xA2 Claimed Amount: $500.00", "CLAIMED AMOUNT $500.00",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		char doc[256];
		snprintf(doc, sizeof doc, "CLAIM\nPolicy Number: HO-1\n%s\n", lines[i]);
		policy_case *c = new_case();
		add_doc(c, "claim form", doc);
		cJSON *j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
		assert_value(j, "\"500.00\"");
		assert_string_equal(member_string(j, "text"), "$500.00");
		cJSON_Delete(j);
		policy_case_free(c);
	}
}

static void two_column_lines_hold_two_fields(void **state)
{
	(void)state;
	static const char form[] =
	        "CERTIFICATE OF LIABILITY INSURANCE\n"
	        "Policy Number: GL-77812      Policy Expiration Date: 08/31/2026\n"
	        "EACH OCCURRENCE\t$1,000,000\n"
	        "GENERAL AGGREGATE\t$2,000,000\n"
	        "COMBINED SINGLE LIMIT $ 1,000,000\n";
	policy_case *c = new_case();
	add_doc(c, "certificate of insurance", form);
	cJSON *j = extract(c, "certificate of insurance", "policy expiration date", POLICY_TYPE_DATE);
	assert_found_in(j, &(expected){ "\"2026-08-31\"", "08/31/2026", "certificate of insurance",
	                                1, 1, 1, 2,
	                                "Policy Number: GL-77812      Policy Expiration Date: "
	                                "08/31/2026" },
	                form);
	cJSON_Delete(j);
	j = extract(c, "certificate of insurance", "general liability limit", POLICY_TYPE_MONEY);
	assert_value(j, "\"1000000.00\"");
	assert_string_equal(member_string(j, "text"), "$1,000,000");
	cJSON_Delete(j);
	j = extract(c, "certificate of insurance", "combined single limit", POLICY_TYPE_MONEY);
	assert_value(j, "\"1000000.00\"");
	assert_string_equal(member_string(j, "text"), "$ 1,000,000");
	cJSON_Delete(j);
	policy_case_free(c);
}

/* ---- the corpus's label pairs, in their documents ---- */

static void repair_estimate_total_not_estimator(void **state)
{
	(void)state;
	static const char estimate[] = "CROSSTOWN COLLISION CENTER\n"
	                               "Repair Estimate #RE-20931\n"
	                               "Vehicle: 2019 Honda Accord EX\n"
	                               "Vehicle Identification Number: 1HGCV1F38KA012345\n"
	                               "Parts: see itemized list\n"
	                               "Total Estimate: $6,100.50\n"
	                               "Estimator: M. Okafor\n";
	policy_case *c = new_case();
	add_doc(c, "repair estimate", estimate);
	cJSON *j = extract(c, "repair estimate", "estimated repair cost", POLICY_TYPE_MONEY);
	assert_found_in(j, &(expected){ "\"6100.50\"", "$6,100.50", "repair estimate", 1, 1, 1, 6,
	                                "Total Estimate: $6,100.50" },
	                estimate);
	cJSON_Delete(j);
	j = extract(c, "repair estimate", "vehicle identification number", POLICY_TYPE_TEXT);
	assert_value(j, "\"1HGCV1F38KA012345\"");
	cJSON_Delete(j);
	/* As text, "Estimator: M. Okafor" parses; its label still does not name the cost. */
	j = extract(c, "repair estimate", "estimated repair cost", POLICY_TYPE_TEXT);
	assert_value(j, "\"$6,100.50\"");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void valuation_report_acv(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "vehicle valuation report",
	        "VEHICLE VALUATION REPORT\nProvider: AutoValue Analytics\nComparable vehicles: 6\n"
	        "Condition adjustment: -$350\nACV: $21,400\n");
	cJSON *j = extract(c, "vehicle valuation report", "actual cash value", POLICY_TYPE_MONEY);
	assert_value(j, "\"21400.00\"");
	assert_int_equal(member_int(cJSON_GetObjectItemCaseSensitive(j, "evidence"), "line"), 5);
	cJSON_Delete(j);
	policy_case_free(c);
}

static void mortgage_application_income_and_debts(void **state)
{
	(void)state;
	static const char app[] = "UNIFORM RESIDENTIAL LOAN APPLICATION\n"
	                          "Borrower: Priya Raman\n"
	                          "Loan Amount: $300,000\n"
	                          "\fSection 1b - Income\n"
	                          "Employer: Buckeye Health Systems\n"
	                          "Gross Monthly Income: $9,000\n"
	                          "Section 2c - Liabilities\n"
	                          "Monthly Debts: $4,600\n";
	policy_case *c = new_case();
	add_doc(c, "loan application", app);
	cJSON *j = extract(c, "loan application", "monthly gross income", POLICY_TYPE_MONEY);
	assert_found_in(j, &(expected){ "\"9000.00\"", "$9,000", "loan application", 1, 1, 2, 6,
	                                "Gross Monthly Income: $9,000" },
	                app);
	cJSON_Delete(j);
	j = extract(c, "loan application", "total monthly debt payments", POLICY_TYPE_MONEY);
	assert_found_in(j, &(expected){ "\"4600.00\"", "$4,600", "loan application", 1, 1, 2, 8,
	                                "Monthly Debts: $4,600" },
	                app);
	cJSON_Delete(j);
	j = extract(c, "loan application", "loan amount", POLICY_TYPE_MONEY);
	assert_value(j, "\"300000.00\"");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void business_application_start_date(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "application form",
	        "SMALL BUSINESS LOAN APPLICATION\nBusiness Name: Copper Kettle Bakery LLC\n"
	        "EIN: 84-2210937\nDate Business Established: 01/15/2025\n"
	        "Application Date: 05/12/2026\nRequested Amount: $60,000\n"
	        "Annual Revenue: $410,000\n");
	cJSON *j = extract(c, "application form", "business start date", POLICY_TYPE_DATE);
	assert_value(j, "\"2025-01-15\"");
	cJSON_Delete(j);
	j = extract(c, "application form", "application date", POLICY_TYPE_DATE);
	assert_value(j, "\"2026-05-12\"");
	cJSON_Delete(j);
	j = extract(c, "application form", "employer identification number", POLICY_TYPE_TEXT);
	assert_value(j, "\"84-2210937\"");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void life_application_dob_and_tobacco(void **state)
{
	(void)state;
	static const char app[] = "APPLICATION FOR TERM LIFE INSURANCE\n"
	                          "Part A - Proposed Insured\n"
	                          "Name: Jordan Ellis\n"
	                          "DOB: 04/02/1958\n"
	                          "Application Date: 04/01/2026\n"
	                          "\fPart B - Coverage\n"
	                          "Face Amount: $250,000\n"
	                          "Term: 20 years\n"
	                          "Tobacco Use: Yes\n";
	policy_case *c = new_case();
	add_doc(c, "application", app);
	cJSON *j = extract(c, "application", "the applicant's date of birth", POLICY_TYPE_DATE);
	assert_found_in(j, &(expected){ "\"1958-04-02\"", "04/02/1958", "application", 1, 1, 1, 4,
	                                "DOB: 04/02/1958" },
	                app);
	cJSON_Delete(j);
	j = extract(c, "application", "whether the applicant uses tobacco", POLICY_TYPE_BOOLEAN);
	assert_found_in(j, &(expected){ "true", "Yes", "application", 1, 1, 2, 9,
	                                "Tobacco Use: Yes" },
	                app);
	cJSON_Delete(j);
	j = extract(c, "application", "face amount", POLICY_TYPE_MONEY);
	assert_value(j, "\"250000.00\"");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void certificate_each_occurrence_is_the_gl_limit(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "certificate of insurance",
	        "CERTIFICATE OF LIABILITY INSURANCE\nInsured: Bluegill Facility Services Inc.\n"
	        "Insurer A: Great Lakes Casualty Co.\nEach Occurrence: $500,000\n"
	        "Policy Expiration Date: 2026-11-01\n"
	        "This certificate is issued as a matter of information only.\n");
	cJSON *j = extract(c, "certificate of insurance", "general liability limit",
	                   POLICY_TYPE_MONEY);
	assert_value(j, "\"500000.00\"");
	cJSON_Delete(j);
	j = extract(c, "certificate of insurance", "policy expiration date", POLICY_TYPE_DATE);
	assert_value(j, "\"2026-11-01\"");
	cJSON_Delete(j);
	/* "Insured" names a party, not the vendor's name. */
	j = extract(c, "certificate of insurance", "vendor name", POLICY_TYPE_TEXT);
	assert_says(j, "missing", "vendor name");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void policy_number_is_no_expiration_date(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "certificate of insurance",
	        "CERTIFICATE OF LIABILITY INSURANCE\nPolicy Number: 2026-11-01\n"
	        "Policy Effective Date: 2025-11-01\n");
	cJSON *j = extract(c, "certificate of insurance", "policy expiration date", POLICY_TYPE_DATE);
	assert_says(j, "missing",
	            "no line labelled like 'policy expiration date' on the certificate of insurance");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void vendor_name_is_not_another_forms_name(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "registration form",
	        "VENDOR REGISTRATION FORM\nVendor Name: Bluegill Facility Services Inc.\n"
	        "Registration Date: October 6, 2025\n");
	add_doc(c, "W-9 form", "Form W-9 Request for Taxpayer Identification Number\n"
	                       "Name: Other Company LLC\nTIN: 31-4408812\n");
	cJSON *j = extract(c, "registration form", "vendor name", POLICY_TYPE_TEXT);
	/* value_parse drops a trailing '.' from values; "text" keeps it. */
	assert_value(j, "\"Bluegill Facility Services Inc\"");
	assert_string_equal(member_string(j, "text"), "Bluegill Facility Services Inc.");
	cJSON_Delete(j);
	j = extract(c, "w-9 form", "vendor name", POLICY_TYPE_TEXT);
	assert_says(j, "missing", "no line labelled like 'vendor name' on the w-9 form");
	cJSON_Delete(j);
	j = extract(c, "W9 Form", "taxpayer identification number", POLICY_TYPE_TEXT);
	assert_value(j, "\"31-4408812\"");
	assert_string_equal(
	        member_string(cJSON_GetObjectItemCaseSensitive(j, "evidence"), "document"),
	        "W-9 form");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void amount_on_an_expense_report(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "expense report",
	        "EXPENSE REPORT\nEmployee: Marcus Lindqvist\nDepartment: Field Sales\n"
	        "Expense Category: Lodging\nTotal Amount: $684.00\n"
	        "Expense Date: February 9, 2026\nSubmission Date: February 20, 2026\n");
	cJSON *j = extract(c, "expense report", "amount", POLICY_TYPE_MONEY);
	assert_value(j, "\"684.00\"");
	cJSON_Delete(j);
	j = extract(c, "expense report", "expense category", POLICY_TYPE_ENUM);
	assert_value(j, "\"Lodging\"");
	cJSON_Delete(j);
	j = extract(c, "expense report", "expense date", POLICY_TYPE_DATE);
	assert_value(j, "\"2026-02-09\"");
	cJSON_Delete(j);
	policy_case_free(c);
}

/* ---- several documents ---- */

static const char slip1[] = "FIRST PRAIRIE BANK - DEPOSIT SLIP\nSlip 1\n"
                            "Business Date: 2026-02-17\nChecks: $0.00\nCash Amount: $4,200.00\n"
                            "Teller: 3381\n";
static const char slip2[] = "FIRST PRAIRIE BANK - DEPOSIT SLIP\nSlip 2\n"
                            "Business Date: 2026-02-17\nChecks: $0.00\nCash Amount: $3,900.00\n"
                            "Teller: 3381\n";
static const char slip3[] = "FIRST PRAIRIE BANK - DEPOSIT SLIP\nSlip 3\n"
                            "Business Date: 2026-02-17\nChecks: $0.00\nCurrency: $2,500.00\n"
                            "Teller: 3381\n";

static void each_deposit_slip_answers(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "deposit slip", slip1);
	add_doc(c, "Deposit Slip", slip2);
	add_doc(c, "deposit slip", slip3);
	cJSON *j = extract_limited(c, "deposit slips", "cash amount", POLICY_TYPE_MONEY, true, 0);
	const cJSON *values = cJSON_GetObjectItemCaseSensitive(j, "values");
	assert_true(cJSON_IsArray(values));
	assert_int_equal(cJSON_GetArraySize(values), 3);
	assert_found_in(cJSON_GetArrayItem(values, 0),
	                &(expected){ "\"4200.00\"", "$4,200.00", "deposit slip", 1, 3, 1, 5,
	                             "Cash Amount: $4,200.00" },
	                slip1);
	assert_found_in(cJSON_GetArrayItem(values, 1),
	                &(expected){ "\"3900.00\"", "$3,900.00", "Deposit Slip", 2, 3, 1, 5,
	                             "Cash Amount: $3,900.00" },
	                slip2);
	assert_found_in(cJSON_GetArrayItem(values, 2),
	                &(expected){ "\"2500.00\"", "$2,500.00", "deposit slip", 3, 3, 1, 5,
	                             "Currency: $2,500.00" },
	                slip3);
	cJSON_Delete(j);
	policy_case_free(c);
}

static void each_skips_documents_without_the_field(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "deposit slip", slip1);
	add_doc(c, "deposit slip", "FIRST PRAIRIE BANK - DEPOSIT SLIP\nChecks: $100.00\n");
	add_doc(c, "deposit slip", slip3);
	cJSON *j = extract_limited(c, "deposit slip", "cash amount", POLICY_TYPE_MONEY, true, 0);
	const cJSON *values = cJSON_GetObjectItemCaseSensitive(j, "values");
	assert_int_equal(cJSON_GetArraySize(values), 2);
	assert_int_equal(member_int(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(values, 1),
	                                                             "evidence"),
	                            "index"),
	                 3);
	cJSON_Delete(j);
	j = extract_limited(c, "bank statement", "cash amount", POLICY_TYPE_MONEY, true, 0);
	assert_json_equal(j, "{\"values\":[]}");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void one_value_over_several_documents(void **state)
{
	(void)state;
	policy_case *c = new_case();
	/* "Appraisal 1" numbers the document: it is not an appraised value of $1. */
	add_doc(c, "appraisal", "APPRAISAL\nAppraisal 1\nAppraiser Firm: Capitol Valuation Partners\n");
	add_doc(c, "appraisal", "APPRAISAL\nAppraised Value: $8,000,000\n");
	cJSON *j = extract(c, "appraisal", "appraised value", POLICY_TYPE_MONEY);
	assert_value(j, "\"8000000.00\"");
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(j, "evidence");
	assert_int_equal(member_int(ev, "index"), 2);
	assert_int_equal(member_int(ev, "count"), 2);
	cJSON_Delete(j);
	add_doc(c, "appraisal", "APPRAISAL\nAppraised Value: $7,900,000\n");
	j = extract(c, "appraisal", "appraised value", POLICY_TYPE_MONEY);
	assert_says(j, "error", "'Appraised Value: $8,000,000' (appraisal 2, page 1, line 2)");
	assert_says(j, "error", "'Appraised Value: $7,900,000' (appraisal 3, page 1, line 2)");
	cJSON_Delete(j);
	policy_case_free(c);
}

/* ---- labels in other words (issue 17): acronyms, synonyms, head nouns ---- */

/* The evidence of an answer names the label, its score and how it
 * matched, or (a label in the field's own words) none of them. */
static void assert_matched(const cJSON *j, const char *label, int score, const char *match)
{
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(j, "evidence");
	assert_non_null(ev);
	if (!label) {
		assert_null(cJSON_GetObjectItemCaseSensitive(ev, "label"));
		assert_null(cJSON_GetObjectItemCaseSensitive(ev, "score"));
		assert_null(cJSON_GetObjectItemCaseSensitive(ev, "match"));
		return;
	}
	assert_string_equal(member_string(ev, "label"), label);
	assert_int_equal(member_int(ev, "score"), score);
	assert_string_equal(member_string(ev, "match"), match);
}

static void acronyms_of_the_fields_words(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "vendor security questionnaire",
	        "VENDOR SECURITY QUESTIONNAIRE\n"
	        "Vendor: Northwind Data LLC\n"
	        "SSO Supported: No\n"
	        "2FA Required: Yes\n"
	        "Encryption at Rest: AES-256\n");
	cJSON *j = extract(c, "vendor security questionnaire",
	                   "two-factor authentication is required", POLICY_TYPE_BOOLEAN);
	assert_value(j, "true");
	assert_matched(j, "2FA Required", 950, "acronym");
	cJSON_Delete(j);
	policy_case_free(c);

	c = new_case();
	add_doc(c, "community lending worksheet",
	        "Census Tract: 48201-4521\n"
	        "LMI Tract (Y/N): Y\n"
	        "Median Family Income: $71,300\n");
	j = extract(c, "community lending worksheet", "low-to-moderate income tract",
	            POLICY_TYPE_BOOLEAN);
	assert_value(j, "true");
	assert_matched(j, "LMI Tract (Y/N)", 950, "acronym");
	cJSON_Delete(j);
	policy_case_free(c);

	c = new_case();
	add_doc(c, "physician statement",
	        "Patient: R. Alvarez\nDiagnosis: lumbar strain\nRTW Date: 04/20/2026\n");
	j = extract(c, "physician statement", "return to work date", POLICY_TYPE_DATE);
	assert_value(j, "\"2026-04-20\"");
	assert_matched(j, "RTW Date", 950, "acronym");
	cJSON_Delete(j);
	/* the words themselves, where the form has them, win by the margin */
	add_doc(c, "physician statement", "Return to Work Date: 05/01/2026\n");
	j = extract(c, "physician statement", "return to work date", POLICY_TYPE_DATE);
	assert_value(j, "\"2026-05-01\"");
	assert_matched(j, NULL, 0, NULL);
	cJSON_Delete(j);
	policy_case_free(c);
}

static void synonyms_from_the_lexicon(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "draw request",
	        "CONSTRUCTION DRAW REQUEST No. 4\n"
	        "Project: Riverside Commons\n"
	        "Progress: 70%\n"
	        "Retention: $48,000.00\n");
	cJSON *j = extract(c, "draw request", "percent complete", POLICY_TYPE_PERCENT);
	assert_value(j, "\"0.7\"");
	assert_matched(j, "Progress", 900, "synonym");
	cJSON_Delete(j);
	j = extract(c, "draw request", "retainage", POLICY_TYPE_MONEY);
	assert_value(j, "\"48000.00\"");
	assert_matched(j, "Retention", 900, "synonym");
	cJSON_Delete(j);
	policy_case_free(c);

	c = new_case();
	add_doc(c, "passport application", "Surname: Okafor\nNationality: Nigeria\n");
	j = extract(c, "passport application", "citizenship", POLICY_TYPE_TEXT);
	assert_value(j, "\"Nigeria\"");
	assert_matched(j, "Nationality", 900, "synonym");
	cJSON_Delete(j);
	policy_case_free(c);

	/* the field's own words beat the synonym by the margin */
	c = new_case();
	add_doc(c, "inspection report", "Progress: 70%\nPercent Complete: 65%\n");
	j = extract(c, "inspection report", "percent complete", POLICY_TYPE_PERCENT);
	assert_value(j, "\"0.65\"");
	assert_matched(j, NULL, 0, NULL);
	cJSON_Delete(j);
	policy_case_free(c);
}

/* "the invoice amount" on an invoice: the one amount on the page, under a
 * label that names nothing but an amount. */
static void the_only_amount_by_its_head_noun(void **state)
{
	(void)state;
	static const struct {
		const char *doc, *text, *field, *label, *value;
	} forms[] = {
		{ "invoice",
		  "ACME SUPPLY CO.\nInvoice No.: 4411\nDate: 03/02/2026\nDescription: Widgets\n"
		  "Qty: 50\nLine Total: $12,500.00\n",
		  "invoice amount", "Line Total", "\"12500.00\"" },
		{ "invoice", "Bill To: Harbor Dental\nInvoice No.: 88-2\nAmount Due: $980.00\n",
		  "the invoice amount", "Amount Due", "\"980.00\"" },
		{ "store receipt", "CORNER MARKET\n03/02/2026 14:02\nTotal: $43.10\n",
		  "receipt amount", "Total", "\"43.10\"" },
		/* the same total on every page is one value */
		{ "invoice", "Line Total: $700.00\n\fLine Total: $700.00\n", "invoice amount",
		  "Line Total", "\"700.00\"" },
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		policy_case *c = new_case();
		add_doc(c, forms[i].doc, forms[i].text);
		cJSON *j = extract(c, forms[i].doc, forms[i].field, POLICY_TYPE_MONEY);
		assert_value(j, forms[i].value);
		assert_matched(j, forms[i].label, LABEL_HEAD_SCORE, "head noun");
		cJSON_Delete(j);
		policy_case_free(c);
	}

	/* Careful: another amount on the page, and the rule says nothing */
	policy_case *c = new_case();
	add_doc(c, "invoice", "Line Total: $12,500.00\nShipping Cost: $13.00\n");
	cJSON *j = extract(c, "invoice", "invoice amount", POLICY_TYPE_MONEY);
	assert_says(j, "missing", "no line labelled like 'invoice amount'");
	cJSON_Delete(j);
	/* nor when the term says more than its kind and its document */
	j = extract(c, "invoice", "freight charge", POLICY_TYPE_MONEY);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(j, "missing"));
	cJSON_Delete(j);
	policy_case_free(c);
	c = new_case();
	add_doc(c, "vendor access request", "Line Total: $12,500.00\n");
	j = extract(c, "vendor access request", "invoice amount", POLICY_TYPE_MONEY);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(j, "missing"));
	cJSON_Delete(j);
	policy_case_free(c);

	/* A label in words, however weak, comes first. */
	c = new_case();
	add_doc(c, "invoice", "Invoice Total: $640.00\n");
	j = extract(c, "invoice", "invoice amount", POLICY_TYPE_MONEY);
	assert_value(j, "\"640.00\"");
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(j, "evidence");
	assert_string_equal(member_string(ev, "match"), "words");
	cJSON_Delete(j);
	policy_case_free(c);
}

/* No candidate wins by the margin: an error that names each with its
 * place and score, never a guess. */
static void candidates_within_the_margin_are_named_with_scores(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "invoice", "Invoice No.: 4411\nLine Total: $12,500.00\nGrand Total: $13,000.00\n");
	cJSON *j = extract(c, "invoice", "invoice amount", POLICY_TYPE_MONEY);
	assert_says(j, "error", "the invoice gives different values for 'invoice amount', and no "
	                        "label wins by the margin of 30: ");
	assert_says(j, "error", "'Line Total: $12,500.00' (page 1, line 2) scoring 500 by its "
	                        "head noun alone and 'Grand Total: $13,000.00' (page 1, line 3) "
	                        "scoring 500 by its head noun alone");
	cJSON_Delete(j);
	policy_case_free(c);

	c = new_case();
	add_doc(c, "inspection report", "Progress: 70%\nWork Complete: 60%\nInspector: L. Ng\n");
	j = extract(c, "inspection report", "percent complete", POLICY_TYPE_PERCENT);
	assert_says(j, "error", "'Progress: 70%' (page 1, line 1) scoring 900 through the synonym "
	                        "lexicon and 'Work Complete: 60%' (page 1, line 2) scoring 900 "
	                        "through the synonym lexicon");
	cJSON_Delete(j);
	policy_case_free(c);

	/* more values than are named */
	c = new_case();
	add_doc(c, "claim form",
	        "Claimed Amount: $1.00\nClaimed Amount: $2.00\nClaimed Amount: $3.00\n"
	        "Claimed Amount: $4.00\nClaimed Amount: $5.00\n");
	j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_says(j, "error", "'Claimed Amount: $4.00' (page 1, line 4) scoring 1000, and more");
	cJSON_Delete(j);
	policy_case_free(c);
}

/* An execution prepares each document's labels once (builtin_index) and
 * scores them for every field; a document past BUILTIN_INDEX_MAX, or a
 * host calling the extractor on a case no execution read, is read line by
 * line. Both must give the same answer, byte for byte; and so must a field
 * prepared once with its plan (builtin_field_make, builtin_extract_field),
 * either way, asked twice. */
static void indexed_and_line_by_line_answers_agree(void **state)
{
	(void)state;
	static const struct {
		const char *doc, *text;
	} docs[] = {
		{ "claim form", claim_form },
		{ "deposit slip", slip1 },
		{ "deposit slip", slip3 },
		{ "invoice", "Invoice No.: 4411\nLine Total: $12,500.00\nGrand Total: $13,000.00\n" },
		{ "receipt", "CORNER MARKET\nTotal: $43.10\n\fTotal: $43.10\n" },
		{ "questionnaire", "2FA Required: Yes\tSSO: No\nProgress: 70%   Work Complete: 60%\n"
		                   "Bldg Value .... $2,000,000\nLMI Tract (Y/N): Y\n"
		                   "Standard Entry Class (SEC) Code: PPD\n\xff bad line: 1\n" },
	};
	static const struct {
		const char *doc, *field;
		policy_type type;
		bool each;
	} fields[] = {
		{ "claim form", "claimed amount", POLICY_TYPE_MONEY, false },
		{ "claim form", "date of loss", POLICY_TYPE_DATE, false },
		{ "claim form", "vendor name", POLICY_TYPE_TEXT, false },
		{ "claim form", "policy expiration date", POLICY_TYPE_DATE, false },
		{ "deposit slip", "cash amount", POLICY_TYPE_MONEY, true },
		{ "deposit slip", "cash amount", POLICY_TYPE_MONEY, false },
		{ "invoice", "invoice amount", POLICY_TYPE_MONEY, false },
		{ "invoice", "invoice number", POLICY_TYPE_TEXT, false },
		{ "receipt", "receipt amount", POLICY_TYPE_MONEY, false },
		{ "questionnaire", "two-factor authentication is required", POLICY_TYPE_BOOLEAN,
		  false },
		{ "questionnaire", "percent complete", POLICY_TYPE_PERCENT, false },
		{ "questionnaire", "building value", POLICY_TYPE_MONEY, false },
		{ "questionnaire", "low-to-moderate income tract", POLICY_TYPE_BOOLEAN, false },
		{ "questionnaire", "SEC code", POLICY_TYPE_TEXT, false },
		{ "questionnaire", "bad line", POLICY_TYPE_NUMBER, false },
	};
	policy_case *c = new_case();
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		add_doc(c, docs[i].doc, docs[i].text);
	mem m = mem_from(NULL);
	char *streamed[sizeof fields / sizeof fields[0]];
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		buf b;
		buf_init(&b, &m);
		assert_true(builtin_extract(c, fields[i].doc, fields[i].field, fields[i].type,
		                            fields[i].each, 0, &b));
		streamed[i] = strndup(b.data, b.len);
		buf_release(&b);
	}
	arena a, plan;
	arena_init(&a, &m);
	arena_init(&plan, &m);
	builtin_field *prepared[sizeof fields / sizeof fields[0]];
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		assert_true(builtin_field_make(&plan, fields[i].field, fields[i].type, &prepared[i]));
	for (int indexed = 0; indexed <= 1; indexed++) {
		for (size_t i = 0; indexed && i < c->ndocs; i++) {
			assert_true(builtin_index(&a, &c->docs[i], NULL));
			assert_non_null(c->docs[i].labels);
		}
		for (int ask = 0; ask < 3; ask++) {
			for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
				if (!indexed && ask == 0)
					continue; /* streamed[i] itself */
				buf b;
				buf_init(&b, &m);
				assert_true(ask == 0 ? builtin_extract(c, fields[i].doc, fields[i].field,
				                                       fields[i].type, fields[i].each, 0,
				                                       &b)
				                     : builtin_extract_field(c, fields[i].doc, prepared[i],
				                                             fields[i].each, 0, &b));
				if (strlen(streamed[i]) != b.len || memcmp(streamed[i], b.data, b.len) != 0)
					fail_msg("'%s': line by line %s, %s%s %.*s", fields[i].field,
					         streamed[i], indexed ? "indexed" : "line by line",
					         ask ? ", prepared," : "", (int)b.len, b.data);
				buf_release(&b);
			}
		}
	}
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		free(streamed[i]);
	arena_release(&plan);
	for (size_t i = 0; i < c->ndocs; i++) {
		c->docs[i].labels = NULL;
		c->docs[i].type_words = NULL;
	}
	arena_release(&a);
	policy_case_free(c);
}

/* ---- ambiguity, missing, limits ---- */

static void different_values_for_one_field_are_ambiguous(void **state)
{
	(void)state;
	static const char form[] = "CLAIM FORM\n"
	                           "Policy Number: HO-4471-0932\n"
	                           "\fLOSS DETAILS\n"
	                           "Claimed Amount: $72,400.00\n"
	                           "Adjuster notes: none\n"
	                           "Amount Claimed: $8,900.00\n";
	policy_case *c = new_case();
	add_doc(c, "claim form", form);
	cJSON *j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_says(j, "error", "'claimed amount'");
	assert_says(j, "error", "'Claimed Amount: $72,400.00' (page 2, line 4)");
	assert_says(j, "error", "'Amount Claimed: $8,900.00' (page 2, line 6)");
	assert_says(j, "error", "(page 2, line 4) scoring 1000 and 'Amount Claimed");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void a_repeated_equal_value_is_not_ambiguous(void **state)
{
	(void)state;
	static const char form[] = "Claim Number: CA-2026-018832\n"
	                           "Received Date: 2026-02-02\n"
	                           "\fClaim Number: CA-2026-018832\n"
	                           "Date Received: February 2, 2026\n";
	policy_case *c = new_case();
	add_doc(c, "claim log", form);
	cJSON *j = extract(c, "claim log", "received date", POLICY_TYPE_DATE);
	assert_found_in(j, &(expected){ "\"2026-02-02\"", "2026-02-02", "claim log", 1, 1, 1, 2,
	                                "Received Date: 2026-02-02" },
	                form);
	cJSON_Delete(j);
	policy_case_free(c);
}

static void a_better_label_wins_over_a_weaker_one(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "loan application",
	        "Monthly Debts: $4,600\nTotal Monthly Debt Payments: $4,050.00\n");
	cJSON *j = extract(c, "loan application", "total monthly debt payments", POLICY_TYPE_MONEY);
	assert_value(j, "\"4050.00\"");
	cJSON_Delete(j);
	policy_case_free(c);
}

/* A form leaves out what its title says: the "Amount" on a transaction
 * record is the transaction amount. Only when no label names the field
 * whole. */
static void labels_may_leave_out_the_documents_words(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "transaction record", "CARD MONITOR\nAmount (USD): 2,000.00\nRisk Score: 612\n");
	cJSON *j = extract(c, "transaction record", "transaction amount", POLICY_TYPE_MONEY);
	assert_value(j, "\"2000.00\"");
	cJSON_Delete(j);
	policy_case_free(c);

	c = new_case();
	add_doc(c, "transaction record",
	        "Amount: 2,000.00\nTransaction Amount: 1,500.00\n");
	j = extract(c, "transaction record", "transaction amount", POLICY_TYPE_MONEY);
	assert_value(j, "\"1500.00\"");
	cJSON_Delete(j);
	policy_case_free(c);

	/* the shorter name is no licence to read another document's words */
	c = new_case();
	add_doc(c, "claim form", "Amount: 2,000.00\n");
	j = extract(c, "claim form", "transaction amount", POLICY_TYPE_MONEY);
	assert_says(j, "missing", "no line labelled like 'transaction amount'");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void a_missing_field_says_which(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "claim form",
	        "CLAIM FORM\nDate of Loss: March 9, 2026\nAdjuster: pending assignment\n");
	cJSON *j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_json_equal(j, "{\"missing\":\"no line labelled like 'claimed amount' on the claim "
	                     "form\"}");
	cJSON_Delete(j);
	policy_case_free(c);

	/* A label that names the field but holds no value of its type. */
	c = new_case();
	add_doc(c, "claim form", "CLAIM FORM\nClaimed Amount: see attached\n");
	j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_says(j, "missing", "'Claimed Amount: see attached' (page 1, line 2)");
	assert_says(j, "missing", "does not hold an amount of money");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void a_missing_document_says_which(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "loan application", "Loan Amount: $250,000\n");
	cJSON *j = extract(c, "appraisal report", "appraised value", POLICY_TYPE_MONEY);
	assert_json_equal(j, "{\"missing\":\"no appraisal report in the case\"}");
	cJSON_Delete(j);
	j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_json_equal(j, "{\"missing\":\"no claim form in the case\"}");
	cJSON_Delete(j);
	policy_case_free(c);

	c = new_case();
	j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_json_equal(j, "{\"missing\":\"no claim form in the case\"}");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void a_close_document_type_is_accepted_when_unique(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "Application Form", "Application Date: 2026-05-10\n");
	add_doc(c, "claim log", "Received Date: 2026-02-02\n");
	cJSON *j = extract(c, "application", "application date", POLICY_TYPE_DATE);
	assert_value(j, "\"2026-05-10\"");
	cJSON_Delete(j);
	j = extract(c, "insurance certificate", "received date", POLICY_TYPE_DATE);
	assert_says(j, "missing", "no insurance certificate in the case");
	cJSON_Delete(j);
	j = extract(c, "claim form", "received date", POLICY_TYPE_DATE);
	assert_says(j, "missing", "no claim form in the case");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void documents_over_the_size_limit_are_refused(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_doc(c, "claim form", claim_form);
	cJSON *j = extract_limited(c, "claim form", "claimed amount", POLICY_TYPE_MONEY, false, 64);
	assert_says(j, "error", "exceeds the document size limit");
	cJSON_Delete(j);
	j = extract_limited(c, "claim form", "claimed amount", POLICY_TYPE_MONEY, true, 64);
	assert_says(j, "error", "exceeds the document size limit");
	cJSON_Delete(j);
	j = extract_limited(c, "claim form", "claimed amount", POLICY_TYPE_MONEY, false,
	                    sizeof claim_form);
	assert_value(j, "\"72400.00\"");
	cJSON_Delete(j);
	policy_case_free(c);
}

/* ---- lines as OCR leaves them ---- */

static void crlf_and_form_feeds_mid_line(void **state)
{
	(void)state;
	static const char form[] = "CLAIM FORM\r\n"
	                           "Policy Number: HO-1\r\n"
	                           "Page 1 of 2\fSECTION B\r\n"
	                           "Date of Loss: 2026-06-01\r\n"
	                           "\f\fClaimed Amount: 50000\r\n";
	policy_case *c = new_case();
	add_doc(c, "claim form", form);
	cJSON *j = extract(c, "claim form", "date of loss", POLICY_TYPE_DATE);
	assert_found_in(j, &(expected){ "\"2026-06-01\"", "2026-06-01", "claim form", 1, 1, 2, 4,
	                                "Date of Loss: 2026-06-01" },
	                form);
	cJSON_Delete(j);
	j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_found_in(j, &(expected){ "\"50000.00\"", "50000", "claim form", 1, 1, 4, 5,
	                                "Claimed Amount: 50000" },
	                form);
	cJSON_Delete(j);
	policy_case_free(c);
}

static void invalid_utf8_and_noise_lines_are_skipped(void **state)
{
	(void)state;
	static const char form[] = "\xFF\xFE garbage: $1.00\n"
	                           "Claimed Amount \xC3: $5.00\n"
	                           ":::: ::::\n"
	                           "http://example.com/claim: $9\n"
	                           "Caf\xC3\xA9 Expenses: $12.00\n"
	                           "Claimed Amount: $7.00\n";
	policy_case *c = new_case();
	add_doc(c, "claim form", form);
	cJSON *j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_value(j, "\"7.00\"");
	cJSON_Delete(j);
	j = extract(c, "claim form", "caf\xC3\xA9 expenses", POLICY_TYPE_MONEY);
	assert_value(j, "\"12.00\"");
	cJSON_Delete(j);
	j = extract(c, "claim form\xFF", "claimed amount", POLICY_TYPE_MONEY);
	assert_says(j, "error", "not valid UTF-8");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void a_long_document_is_read_in_one_pass(void **state)
{
	(void)state;
	enum { LINES = 50000 };
	size_t cap = LINES * 48 + 256;
	char *doc = malloc(cap);
	assert_non_null(doc);
	size_t at = 0;
	for (int i = 0; i < LINES; i++)
		at += (size_t)snprintf(doc + at, cap - at, "Line item %d: widget, see page %d\n", i,
		                       i % 7);
	at += (size_t)snprintf(doc + at, cap - at, "%s", "Claimed Amount: $1,234.56\n");
	policy_case *c = new_case();
	assert_int_equal(policy_case_add_document(c, "claim form", doc, at), POLICY_OK);
	cJSON *j = extract(c, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_value(j, "\"1234.56\"");
	assert_int_equal(member_int(cJSON_GetObjectItemCaseSensitive(j, "evidence"), "line"),
	                 LINES + 1);
	cJSON_Delete(j);
	/* A label longer than any form's is noise. */
	memset(doc, 'x', 300);
	memcpy(doc + 300, " claimed amount: $5\n", 20);
	policy_case *c2 = new_case();
	assert_int_equal(policy_case_add_document(c2, "claim form", doc, 320), POLICY_OK);
	j = extract(c2, "claim form", "claimed amount", POLICY_TYPE_MONEY);
	assert_says(j, "missing", "claimed amount");
	cJSON_Delete(j);
	policy_case_free(c2);
	policy_case_free(c);
	free(doc);
}

/* ---- facts ---- */

static void facts_are_found_under_other_spellings(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_fact(c, "owner credit score", "702");
	add_fact(c, "policy effective date", "\"2025-06-01\"");
	add_fact(c, "policy expiration date", "\"2026-06-01\"");
	add_fact(c, "contractor license status", "\"Active\"");
	add_fact(c, "sanctions hit", "false");
	cJSON *j = lookup(c, "the owner's credit score", POLICY_TYPE_NUMBER);
	assert_json_equal(j, "{\"value\":\"702\",\"source\":\"case facts\",\"fact\":\"owner "
	                     "credit score\"}");
	cJSON_Delete(j);
	j = lookup(c, "Owner Credit Scores", POLICY_TYPE_NUMBER);
	assert_value(j, "\"702\"");
	cJSON_Delete(j);
	j = lookup(c, "credit score", POLICY_TYPE_NUMBER);
	assert_value(j, "\"702\"");
	cJSON_Delete(j);
	j = lookup(c, "policy expiration date", POLICY_TYPE_DATE);
	assert_value(j, "\"2026-06-01\"");
	assert_string_equal(member_string(j, "fact"), "policy expiration date");
	cJSON_Delete(j);
	j = lookup(c, "the policy effective date", POLICY_TYPE_DATE);
	assert_value(j, "\"2025-06-01\"");
	cJSON_Delete(j);
	j = lookup(c, "contractor license status", POLICY_TYPE_ENUM);
	assert_value(j, "\"Active\"");
	cJSON_Delete(j);
	j = lookup(c, "sanctions hit", POLICY_TYPE_BOOLEAN);
	assert_value(j, "false");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void facts_missing_null_or_of_the_wrong_type(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_fact(c, "owner credit score", "\"excellent\"");
	add_fact(c, "annual revenue", "null");
	/* a fact is one JSON scalar: a list is refused where it is added */
	assert_int_equal(policy_case_add_fact(c, "tags", "[1, 2]", 6), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_case_add_fact(c, "tags", "{", 1), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_case_add_fact(c, "", "1", 1), POLICY_ERR_ARGUMENT);
	add_fact(c, "tags", "\"red\"");
	cJSON *j = lookup(c, "sanctions screening status", POLICY_TYPE_TEXT);
	assert_says(j, "missing", "sanctions screening status");
	cJSON_Delete(j);
	j = lookup(c, "annual revenue", POLICY_TYPE_MONEY);
	assert_says(j, "missing", "has no value");
	cJSON_Delete(j);
	j = lookup(c, "owner credit score", POLICY_TYPE_NUMBER);
	assert_says(j, "error", "'owner credit score' is \"excellent\", not a number");
	cJSON_Delete(j);
	j = lookup(c, "tags", POLICY_TYPE_COUNT);
	assert_says(j, "error", "not a count");
	cJSON_Delete(j);
	policy_case_free(c);
}

static void facts_that_tie_with_different_values_are_an_error(void **state)
{
	(void)state;
	policy_case *c = new_case();
	add_fact(c, "Credit Score", "700");
	add_fact(c, "credit scores", "640");
	cJSON *j = lookup(c, "credit score", POLICY_TYPE_NUMBER);
	assert_says(j, "error", "'Credit Score' and 'credit scores'");
	cJSON_Delete(j);
	policy_case_free(c);
}

/* ---- allocation failures ---- */

typedef struct failing {
	long countdown; /* allocations left before failing; < 0: never fail */
	long live;
} failing;

static void *failing_malloc(size_t size, void *ud)
{
	failing *f = ud;
	if (f->countdown == 0)
		return NULL;
	if (f->countdown > 0)
		f->countdown--;
	void *p = malloc(size);
	if (p)
		f->live++;
	return p;
}

static void *failing_realloc(void *ptr, size_t size, void *ud)
{
	failing *f = ud;
	if (f->countdown == 0)
		return NULL;
	if (f->countdown > 0)
		f->countdown--;
	void *p = realloc(ptr, size);
	if (p && !ptr)
		f->live++;
	return p;
}

static void failing_free(void *ptr, void *ud)
{
	failing *f = ud;
	if (ptr)
		f->live--;
	free(ptr);
}

/* SQLite style: fail the 1st, 2nd, ... allocation in turn. Every run must
 * either report failure or give the same answer, and leak nothing. */
static void allocation_failures_are_reported_and_leak_nothing(void **state)
{
	(void)state;
	failing f = { -1, 0 };
	policy_allocator alloc = { failing_malloc, failing_realloc, failing_free, &f };
	policy_case *c;
	assert_int_equal(policy_case_new(&alloc, &c), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "claim form", claim_form, strlen(claim_form)),
	                 POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "deposit slip", slip1, strlen(slip1)),
	                 POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "deposit slip", slip3, strlen(slip3)),
	                 POLICY_OK);
	assert_int_equal(policy_case_add_fact(c, "owner credit score", "702", 3), POLICY_OK);
	/* labels in other words: an acronym, a synonym, a head noun, and two
	 * head nouns that tie */
	static const char *const others[][2] = {
		{ "vendor security questionnaire", "SSO Supported: No\n2FA Required: Yes\n" },
		{ "draw request", "Progress: 70%\nBldg Value: $2,000,000\n" },
		{ "invoice", "Invoice No.: 4411\nLine Total: $12,500.00\n" },
		{ "receipt", "Subtotal Amount: $40.00\nTotal: $43.10\n" },
	};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		assert_int_equal(policy_case_add_document(c, others[i][0], others[i][1],
		                                          strlen(others[i][1])),
		                 POLICY_OK);
	long base = f.live;
	mem m = mem_from(&alloc);

	static const struct {
		const char *doc, *field;
		policy_type type;
		bool each;
		bool lookup;
	} calls[] = {
		{ "claim form", "claimed amount", POLICY_TYPE_MONEY, false, false },
		{ "claim form", "policy number", POLICY_TYPE_TEXT, false, false },
		{ "deposit slip", "cash amount", POLICY_TYPE_MONEY, true, false },
		{ "claim form", "vendor name", POLICY_TYPE_TEXT, false, false },
		{ "appraisal", "appraised value", POLICY_TYPE_MONEY, false, false },
		{ NULL, "the owner's credit score", POLICY_TYPE_NUMBER, false, true },
		{ "vendor security questionnaire", "two-factor authentication is required",
		  POLICY_TYPE_BOOLEAN, false, false },
		{ "draw request", "percent complete", POLICY_TYPE_PERCENT, false, false },
		{ "draw request", "building value", POLICY_TYPE_MONEY, false, false },
		{ "invoice", "invoice amount", POLICY_TYPE_MONEY, false, false },
		{ "receipt", "receipt amount", POLICY_TYPE_MONEY, false, false },
		{ "vendor security questionnaire", "2FA", POLICY_TYPE_BOOLEAN, false, false },
	};
	for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++) {
		buf expected;
		f.countdown = -1;
		buf_init(&expected, &m);
		assert_true(calls[k].lookup
		                    ? builtin_lookup(c, calls[k].field, calls[k].type, &expected)
		                    : builtin_extract(c, calls[k].doc, calls[k].field, calls[k].type,
		                                      calls[k].each, 0, &expected));
		long before = f.live; /* with the expected answer's buffer */
		bool succeeded = false;
		for (long n = 0; !succeeded && n < 10000; n++) {
			buf out;
			buf_init(&out, &m);
			f.countdown = n;
			succeeded = calls[k].lookup
			                    ? builtin_lookup(c, calls[k].field, calls[k].type, &out)
			                    : builtin_extract(c, calls[k].doc, calls[k].field,
			                                      calls[k].type, calls[k].each, 0, &out);
			f.countdown = -1;
			if (succeeded) {
				assert_int_equal(out.len, expected.len);
				assert_memory_equal(out.data, expected.data, expected.len);
			}
			buf_release(&out);
			if (f.live != before)
				fail_msg("call %zu leaks when allocation %ld fails", k, n);
		}
		assert_true(succeeded);
		buf_release(&expected);
		assert_int_equal(f.live, base);
	}
	policy_case_free(c);
	assert_int_equal(f.live, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(claim_form_fields_with_page_and_line),
		cmocka_unit_test(claim_form_with_label_variants),
		cmocka_unit_test(every_value_format_parses),
		cmocka_unit_test(labels_vary_in_case_punctuation_order_and_number),
		cmocka_unit_test(two_column_lines_hold_two_fields),
		cmocka_unit_test(repair_estimate_total_not_estimator),
		cmocka_unit_test(valuation_report_acv),
		cmocka_unit_test(mortgage_application_income_and_debts),
		cmocka_unit_test(business_application_start_date),
		cmocka_unit_test(life_application_dob_and_tobacco),
		cmocka_unit_test(certificate_each_occurrence_is_the_gl_limit),
		cmocka_unit_test(policy_number_is_no_expiration_date),
		cmocka_unit_test(vendor_name_is_not_another_forms_name),
		cmocka_unit_test(amount_on_an_expense_report),
		cmocka_unit_test(each_deposit_slip_answers),
		cmocka_unit_test(each_skips_documents_without_the_field),
		cmocka_unit_test(one_value_over_several_documents),
		cmocka_unit_test(acronyms_of_the_fields_words),
		cmocka_unit_test(synonyms_from_the_lexicon),
		cmocka_unit_test(the_only_amount_by_its_head_noun),
		cmocka_unit_test(candidates_within_the_margin_are_named_with_scores),
		cmocka_unit_test(indexed_and_line_by_line_answers_agree),
		cmocka_unit_test(different_values_for_one_field_are_ambiguous),
		cmocka_unit_test(a_repeated_equal_value_is_not_ambiguous),
		cmocka_unit_test(a_better_label_wins_over_a_weaker_one),
		cmocka_unit_test(labels_may_leave_out_the_documents_words),
		cmocka_unit_test(a_missing_field_says_which),
		cmocka_unit_test(a_missing_document_says_which),
		cmocka_unit_test(a_close_document_type_is_accepted_when_unique),
		cmocka_unit_test(documents_over_the_size_limit_are_refused),
		cmocka_unit_test(crlf_and_form_feeds_mid_line),
		cmocka_unit_test(invalid_utf8_and_noise_lines_are_skipped),
		cmocka_unit_test(a_long_document_is_read_in_one_pass),
		cmocka_unit_test(facts_are_found_under_other_spellings),
		cmocka_unit_test(facts_missing_null_or_of_the_wrong_type),
		cmocka_unit_test(facts_that_tie_with_different_values_are_an_error),
		cmocka_unit_test(allocation_failures_are_reported_and_leak_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
