/*
 * Words and text: how a form's label is found to name a policy's field.
 *
 * The pairs below are the label as a form prints it and the field as a
 * policy names it; most come from real forms of our development corpus
 * (claim forms, loan applications, deposit slips, ACORD 25 certificates,
 * life insurance applications). A pair that must match is checked against
 * WORDS_MATCH_LABEL, the score the extractor acts on; a pair that must not
 * match is checked to stay below it. Where a document holds both a right
 * and a wrong label for one field, the right one must score higher.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/text.h"
#include "base/words.h"

static mem test_mem;

static int setup(void **state)
{
	arena *a = test_malloc(sizeof *a);
	test_mem = mem_from(NULL);
	arena_init(a, &test_mem);
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	arena *a = *state;
	arena_release(a);
	test_free(a);
	return 0;
}

static int score(arena *a, const char *label, const char *field)
{
	return words_match(a, label, strlen(label), field, strlen(field));
}

/* ---- text ---- */

static void nfc_composes_and_fold_lowercases(void **state)
{
	arena *a = *state;
	char *out;
	size_t len, bad;
	/* "e" + COMBINING ACUTE ACCENT becomes the single code point U+00E9. */
	assert_int_equal(text_nfc(a, "Caf" "e\xCC\x81", 6, &out, &len, &bad), TEXT_OK);
	assert_string_equal(out, "Caf\xC3\xA9");
	assert_int_equal(len, 5);

	assert_int_equal(text_fold(a, "CAF\xC3\x89", 5, &out, &len, &bad), TEXT_OK);
	assert_string_equal(out, "caf\xC3\xA9");
	assert_int_equal(text_fold(a, "Stra\xC3\x9F" "e", 7, &out, &len, &bad), TEXT_OK);
	assert_string_equal(out, "strasse");
	assert_int_equal(text_fold(a, "Claimed AMOUNT", 14, &out, &len, &bad), TEXT_OK);
	assert_string_equal(out, "claimed amount");
	assert_int_equal(text_nfc(a, "", 0, &out, &len, &bad), TEXT_OK);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
}

static void invalid_utf8_is_reported_with_its_offset(void **state)
{
	arena *a = *state;
	char *out;
	size_t len, bad = 99;
	static const struct {
		const char *text;
		size_t len;
		text_status status;
		size_t offset;
	} cases[] = {
		{ "ab\xFF" "c", 4, TEXT_BAD_UTF8, 2 },       /* never valid */
		{ "Caf\xC3", 4, TEXT_BAD_UTF8, 3 },          /* truncated sequence */
		{ "x\xC0\xAF", 3, TEXT_BAD_UTF8, 1 },        /* overlong '/' */
		{ "\xE0\x80\xAF", 3, TEXT_BAD_UTF8, 0 },     /* overlong, 3 bytes */
		{ "ok \xED\xA0\x80", 6, TEXT_BAD_UTF8, 3 },  /* surrogate U+D800 */
		{ "\xF4\x90\x80\x80", 4, TEXT_BAD_UTF8, 0 }, /* above U+10FFFF */
		{ "\x80", 1, TEXT_BAD_UTF8, 0 },             /* lone continuation */
		{ "line\0more", 9, TEXT_NUL, 4 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bad = 99;
		assert_int_equal(text_nfc(a, cases[i].text, cases[i].len, &out, &len, &bad),
		                 cases[i].status);
		assert_int_equal(bad, cases[i].offset);
		bad = 99;
		assert_int_equal(text_fold(a, cases[i].text, cases[i].len, &out, &len, &bad),
		                 cases[i].status);
		assert_int_equal(bad, cases[i].offset);
	}
}

static void utf8_lengths_and_columns(void **state)
{
	(void)state;
	assert_int_equal(text_utf8_len("a", 1), 1);
	assert_int_equal(text_utf8_len("\xC3\xA9", 2), 2);
	assert_int_equal(text_utf8_len("\xE2\x82\xAC", 3), 3);     /* euro sign */
	assert_int_equal(text_utf8_len("\xF0\x9F\x98\x80", 4), 4); /* emoji */
	assert_int_equal(text_utf8_len("\xE2\x82", 2), 0);
	assert_int_equal(text_utf8_len("", 0), 0);
	assert_int_equal(text_columns("caf\xC3\xA9 \xE2\x82\xAC", 8), 6);
}

/* ---- singular, split, key ---- */

static void plurals_become_singular(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{ "payments", "payment" },   { "appraisals", "appraisal" },
		{ "categories", "category" }, { "statuses", "status" },
		{ "liabilities", "liability" }, { "taxes", "tax" },
		{ "addresses", "address" },   { "branches", "branch" },
		{ "expenses", "expense" },    { "debts", "debt" },
		{ "criteria", "criterion" },  { "premises", "premises" },
		{ "status", "status" },       { "gross", "gross" },
		{ "basis", "basis" },         { "loss", "loss" },
		{ "uses", "use" },            { "days", "day" },
		{ "yes", "yes" },             { "ratios", "ratio" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		char out[64];
		size_t n = word_singular(pairs[i][0], strlen(pairs[i][0]), out, sizeof out);
		assert_int_equal(n, strlen(pairs[i][1]));
		assert_string_equal(out, pairs[i][1]);
	}
	char tiny[4];
	assert_int_equal(word_singular("payments", 8, tiny, sizeof tiny), 3);
	assert_string_equal(tiny, "pay");
}

static void assert_words(arena *a, const char *phrase, unsigned flags, const char *expected)
{
	wordlist wl;
	assert_true(words_split(a, phrase, strlen(phrase), flags, &wl));
	char joined[256] = "";
	for (size_t i = 0; i < wl.n; i++) {
		if (i)
			strcat(joined, " ");
		strcat(joined, wl.w[i]);
	}
	assert_string_equal(joined, expected);
}

static void phrases_split_the_way_forms_write_them(void **state)
{
	arena *a = *state;
	assert_words(a, "The Owner's Credit Scores", 0, "the owner credit score");
	assert_words(a, "The Owner's Credit Scores", WORDS_CONTENT, "owner credit score");
	assert_words(a, "owners' names", WORDS_CONTENT, "owner name");
	assert_words(a, "Owner\xE2\x80\x99s Name", WORDS_CONTENT, "owner name");
	assert_words(a, "D.O.B.", WORDS_CONTENT, "dob");
	assert_words(a, "Form W-9", WORDS_CONTENT, "form w9");
	assert_words(a, "P&L Statement", WORDS_CONTENT, "p&l statement");
	assert_words(a, "Policy #", WORDS_CONTENT, "policy #");
	assert_words(a, "Ownership %", WORDS_CONTENT, "ownership percent");
	assert_words(a, "Remit-To Address", WORDS_CONTENT, "remit address");
	assert_words(a, "Date of Loss:", WORDS_CONTENT, "date loss");
	assert_words(a, "whether the applicant uses tobacco", WORDS_CONTENT,
	             "applicant use tobacco");
	assert_words(a, "CAF\xC3\x89 Receipts", WORDS_CONTENT, "caf\xC3\xA9 receipt");
	assert_words(a, "  --  ", WORDS_CONTENT, "");
}

static void canonical_words_expand_abbreviations_and_synonyms(void **state)
{
	arena *a = *state;
	unsigned canon = WORDS_CONTENT | WORDS_CANON;
	assert_words(a, "DOB", canon, "date birth");
	assert_words(a, "NOI", canon, "net operating income");
	assert_words(a, "ACV", canon, "actual cash value");
	assert_words(a, "Currency", canon, "cash");
	assert_words(a, "Date Business Established", canon, "date business start");
	assert_words(a, "Each Occurrence", canon, "general debt limit");
	assert_words(a, "Policy No.", canon, "policy number");
	assert_words(a, "Tel.", canon, "phone");
	assert_words(a, "Zip Code", canon, "postal code code");
	assert_words(a, "Estimated", WORDS_CONTENT | WORDS_STEM, "estimat");
	assert_words(a, "Estimate", WORDS_CONTENT | WORDS_STEM, "estimat");
	assert_words(a, "Estimator", WORDS_CONTENT | WORDS_STEM, "estimator");
}

static void invalid_utf8_does_not_split(void **state)
{
	arena *a = *state;
	wordlist wl;
	assert_false(words_split(a, "Claim\xFF", 6, WORDS_CONTENT, &wl));
	assert_null(words_key(a, "Claim\xFF", 6));
	assert_int_equal(words_match(a, "Claim\xFF", 6, "claim", 5), 0);
}

static void keys_are_equal_for_the_same_name(void **state)
{
	arena *a = *state;
	static const char *const same[][2] = {
		{ "The Owner's Credit Scores", "owner credit score" },
		{ "W-9 form", "w-9 form" },
		{ "W-9 Form", "W9 form" },
		{ "Claim Form", "claim form" },
		{ "Certificate of Insurance", "certificate  of   insurance" },
		{ "Bank Statements", "bank statement" },
		{ "CAF\xC3\x89 receipt", "caf\xC3\xA9 receipt" },
		{ "Cafe\xCC\x81 receipt", "caf\xC3\xA9 receipt" },
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		char *k1 = words_key(a, same[i][0], strlen(same[i][0]));
		char *k2 = words_key(a, same[i][1], strlen(same[i][1]));
		assert_non_null(k1);
		assert_non_null(k2);
		assert_string_equal(k1, k2);
	}
	assert_string_equal(words_key(a, "The Owner's Credit Scores", 25), "owner credit score");
	assert_string_equal(words_key(a, "W-9 form", 8), "w9 form");
	assert_string_equal(words_key(a, "claim form", 10), "claim form");
	assert_string_not_equal(words_key(a, "claim form", 10), words_key(a, "claim log", 9));
}

/* ---- matching ---- */

typedef struct pair {
	const char *label; /* as the form prints it */
	const char *field; /* as the policy names it */
} pair;

/* Labels that name the field. */
static const pair must_match[] = {
	{ "Amount Claimed", "claimed amount" },
	{ "Claimed Amount", "claimed amount" },
	{ "Loss Date", "date of loss" },
	{ "Date of Loss", "date of loss" },
	{ "DOL", "date of loss" },
	{ "Date of Occurrence", "date of loss" },
	{ "Date Received", "received date" },
	{ "Gross Monthly Income", "monthly gross income" },
	{ "Monthly Debts", "total monthly debt payments" },
	{ "Date Business Established", "business start date" },
	{ "Business Start Date", "business start date" },
	{ "DOB", "date of birth" },
	{ "D.O.B.", "the applicant's date of birth" },
	{ "NOI", "net operating income" },
	{ "ACV", "actual cash value" },
	{ "Total Estimate", "estimated repair cost" },
	{ "Estimated Repair Cost", "estimated repair cost" },
	{ "Currency", "cash amount" },
	{ "Cash Amount", "cash amount" },
	{ "Total Amount", "amount" },
	{ "Amount", "amount" },
	{ "Each Occurrence", "general liability limit" },
	{ "General Liability Limit", "general liability limit" },
	{ "Tobacco Use", "applicant uses tobacco" },
	{ "Tobacco Use", "whether the applicant uses tobacco" },
	{ "Smoker", "whether the applicant uses tobacco" },
	{ "Policy Expiration Date", "policy expiration date" },
	{ "Expiration Date", "policy expiration date" },
	{ "VIN", "vehicle identification number" },
	{ "Face Value", "face amount" },
	{ "Sum Insured", "coverage amount" },
	{ "Premium Due", "premium amount" },
	{ "FICO", "credit score" },
	{ "EIN", "employer identification number" },
	{ "SSN", "social security number" },
	{ "TIN", "taxpayer identification number" },
	{ "Tax ID No.", "taxpayer identification number" },
	{ "Zip", "postal code" },
	{ "Telephone", "phone number" },
	{ "DTI", "debt-to-income ratio" },
	{ "LTV", "loan-to-value ratio" },
	{ "DSCR", "debt service coverage ratio" },
	{ "P&L", "profit and loss" },
	{ "YTD Gross", "year-to-date gross pay" },
	{ "Gross Wages", "gross pay" },
	{ "Annual Sales", "annual revenue" },
	{ "Net Earnings", "net income" },
	{ "Date Submitted", "submission date" },
	{ "Acknowledgement Date", "acknowledgment date" },
	{ "Inception Date", "business start date" },
	{ "Date Opened", "account opening date" },
	{ "Supplier Name", "vendor name" },
	{ "Claimant", "claimant name" },
	{ "Vendor Name", "the vendor's name" },
	{ "Phone No.", "phone number" },
	{ "Invoice Total", "invoice amount" },
	{ "Number of Employees", "employee count" },
	{ "Payment Due", "payment due date" },
	{ "Income", "monthly gross income" },
	{ "Date Employer Notified", "date reported" },
	{ "Notice Date", "date reported" },
	{ "Entered Value", "declared value" },
	{ "Cumulative Grade Point Average", "cumulative GPA" },
	{ "EFC", "expected family contribution" },
	{ "MCC", "merchant category code" },
};

/* Labels that do not: the same form or a neighbouring one prints them. */
static const pair must_not_match[] = {
	{ "Policy Number", "policy expiration date" },
	{ "Policy Effective Date", "policy expiration date" },
	{ "Name", "vendor name" },
	{ "Insured", "vendor name" },
	{ "Estimator", "estimated repair cost" },
	{ "Repair Estimate #RE-20931", "estimated repair cost" },
	{ "Cause of Loss", "date of loss" },
	{ "Claim Number", "claimed amount" },
	{ "Application Date", "date of birth" },
	{ "Acknowledgment Date", "received date" },
	{ "Submission Date", "expense date" },
	{ "Expense Amount", "expense date" },
	{ "Loan Amount", "requested amount" },
	{ "Gross Rental Income", "net operating income" },
	{ "Operating Expenses", "net operating income" },
	{ "Annual Debt Service", "net operating income" },
	{ "General Aggregate", "general liability limit" },
	{ "Auto Liability Limit", "general liability limit" },
	{ "Checks", "cash amount" },
	{ "Teller", "cash amount" },
	{ "Business Date", "cash amount" },
	{ "Appraiser", "appraised value" },
	{ "As-Completed Market Value", "appraised value" },
	{ "Effective Date of Value", "appraised value" },
	{ "Intended Use", "applicant uses tobacco" },
	{ "Employer Name", "applicant name" },
	{ "Net Income", "gross income" },
	{ "Account Number", "account balance" },
	{ "Credit Limit", "credit score" },
	{ "Total", "amount" },
	{ "Signature", "date of loss" },
	{ "Department", "expense category" },
	{ "Loan Purpose", "loan amount" },
};

static void labels_that_name_the_field_match(void **state)
{
	arena *a = *state;
	for (size_t i = 0; i < sizeof must_match / sizeof must_match[0]; i++) {
		int s = score(a, must_match[i].label, must_match[i].field);
		if (s < WORDS_MATCH_LABEL)
			fail_msg("'%s' should name '%s' (score %d)", must_match[i].label,
			         must_match[i].field, s);
	}
}

static void labels_that_name_something_else_do_not(void **state)
{
	arena *a = *state;
	for (size_t i = 0; i < sizeof must_not_match / sizeof must_not_match[0]; i++) {
		int s = score(a, must_not_match[i].label, must_not_match[i].field);
		if (s >= WORDS_MATCH_LABEL)
			fail_msg("'%s' should not name '%s' (score %d)", must_not_match[i].label,
			         must_not_match[i].field, s);
	}
}

static void equal_word_sets_score_1000_and_nothing_else_does(void **state)
{
	arena *a = *state;
	assert_int_equal(score(a, "Amount Claimed", "claimed amount"), 1000);
	assert_int_equal(score(a, "LOSS DATE", "date of loss"), 1000);
	assert_int_equal(score(a, "Date Received", "received date"), 1000);
	assert_int_equal(score(a, "Gross Monthly Income", "monthly gross income"), 1000);
	assert_int_equal(score(a, "Date Business Established", "business start date"), 1000);
	assert_int_equal(score(a, "DOB", "date of birth"), 1000);
	assert_int_equal(score(a, "NOI", "net operating income"), 1000);
	assert_int_equal(score(a, "ACV", "actual cash value"), 1000);
	assert_int_equal(score(a, "Each Occurrence", "general liability limit"), 1000);
	assert_int_equal(score(a, "owner credit score", "The Owner's Credit Scores"), 1000);
	assert_int_equal(score(a, "Claimed-Amount", "claimed amount"), 1000);
	assert_true(score(a, "Monthly Debts", "total monthly debt payments") < 1000);
	assert_true(score(a, "Total Amount", "amount") < 1000);
	assert_true(score(a, "Currency", "cash amount") < 1000);
	assert_int_equal(score(a, "", "claimed amount"), 0);
	assert_int_equal(score(a, "Claimed Amount", ""), 0);
	assert_int_equal(score(a, "Adjuster", "claimed amount"), 0);
}

/* On one document, for one field: the labels in the order they must rank. */
static void the_right_label_outranks_its_neighbours(void **state)
{
	arena *a = *state;
	/* A repair estimate. */
	assert_true(score(a, "Estimated Repair Cost", "estimated repair cost") >
	            score(a, "Total Estimate", "estimated repair cost"));
	assert_true(score(a, "Total Estimate", "estimated repair cost") >
	            score(a, "Estimator", "estimated repair cost"));
	/* A mortgage application with both totals. */
	assert_true(score(a, "Total Monthly Debt Payments", "total monthly debt payments") >
	            score(a, "Monthly Debts", "total monthly debt payments"));
	/* A certificate of insurance. */
	assert_true(score(a, "Each Occurrence", "general liability limit") >
	            score(a, "Damage to Rented Premises (Ea occurrence)",
	                  "general liability limit"));
	assert_true(score(a, "Policy Expiration Date", "policy expiration date") >
	            score(a, "Policy Effective Date", "policy expiration date"));
	/* A claim form. */
	assert_true(score(a, "Date of Loss", "date of loss") >
	            score(a, "Cause of Loss", "date of loss"));
	/* Facts: the owner's credit score, said several ways. */
	assert_true(score(a, "owner credit score", "the owner's credit score") >
	            score(a, "credit score", "the owner's credit score"));
}

static void label_variants_match(void **state)
{
	arena *a = *state;
	static const char *const variants[] = {
		"CLAIMED AMOUNT", "claimed amount", "Claimed Amount:", "Amount Claimed",
		"Amount (Claimed)", "Claimed Amounts", "Amount, Claimed", "claimed_amount",
		"Claim Amount", "The Amount Claimed",
	};
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		int s = score(a, variants[i], "claimed amount");
		if (s < 900)
			fail_msg("'%s' scores %d for 'claimed amount'", variants[i], s);
	}
}

/* ---- tables ---- */

static void assert_sorted(const char *name, const char *const *words, size_t n,
                          size_t stride)
{
	for (size_t i = 1; i < n; i++) {
		const char *prev = *(const char *const *)((const char *)words + (i - 1) * stride);
		const char *cur = *(const char *const *)((const char *)words + i * stride);
		if (strcmp(prev, cur) >= 0)
			fail_msg("%s: '%s' must sort after '%s'", name, cur, prev);
	}
}

static void tables_are_sorted(void **state)
{
	(void)state;
	assert_sorted("fillers", words_filler_table, words_filler_count, sizeof(char *));
	assert_sorted("generic", words_generic_table, words_generic_count, sizeof(char *));
	assert_sorted("plurals", &words_plural_table[0].from, words_plural_count,
	              sizeof(word_pair));
	assert_sorted("synonyms", &words_synonym_table[0].from, words_synonym_count,
	              sizeof(word_pair));
	assert_sorted("expansions", &words_expansion_table[0].from, words_expansion_count,
	              sizeof(word_pair));
	assert_sorted("kinds", &words_kind_table[0].word, words_kind_count, sizeof(word_kind));
}

static bool is_synonym_key(const char *w)
{
	for (size_t i = 0; i < words_synonym_count; i++)
		if (strcmp(words_synonym_table[i].from, w) == 0)
			return true;
	return false;
}

/* A table entry that normalization would never produce is dead. */
static void table_entries_are_normalized(void **state)
{
	arena *a = *state;
	for (size_t i = 0; i < words_synonym_count; i++) {
		const word_pair *p = &words_synonym_table[i];
		const char *key = words_key(a, p->from, strlen(p->from));
		if (strcmp(p->from, "#") != 0 && (!key || strcmp(key, p->from) != 0))
			fail_msg("synonym '%s' is never seen: words normalize to '%s'", p->from,
			         key ? key : "(null)");
		if (is_synonym_key(p->to))
			fail_msg("synonym '%s' -> '%s' chains to another synonym", p->from, p->to);
	}
	for (size_t i = 0; i < words_expansion_count; i++) {
		const word_pair *p = &words_expansion_table[i];
		const char *key = words_key(a, p->from, strlen(p->from));
		if (!key || strcmp(key, p->from) != 0)
			fail_msg("expansion '%s' is never seen: words normalize to '%s'", p->from,
			         key ? key : "(null)");
		key = words_key(a, p->to, strlen(p->to));
		if (!key || strcmp(key, p->to) != 0)
			fail_msg("expansion '%s' -> '%s' is not in normal form", p->from, p->to);
	}
	/* Generic and kind words are looked up after synonyms: they must be
	 * canonical words themselves. */
	for (size_t i = 0; i < words_generic_count; i++)
		if (is_synonym_key(words_generic_table[i]))
			fail_msg("generic word '%s' is a synonym key", words_generic_table[i]);
	for (size_t i = 0; i < words_kind_count; i++)
		if (is_synonym_key(words_kind_table[i].word))
			fail_msg("kind word '%s' is a synonym key", words_kind_table[i].word);
	for (size_t i = 0; i < words_filler_count; i++)
		assert_true(word_is_filler(words_filler_table[i]));
	assert_false(word_is_filler("amount"));
	assert_false(word_is_filler("per"));
	assert_false(word_is_filler(NULL));
}

/* ---- edit distance ---- */

static void edit_distance_is_bounded_levenshtein(void **state)
{
	(void)state;
	assert_int_equal(words_edit_distance("kitten", 6, "sitting", 7, 10), 3);
	assert_int_equal(words_edit_distance("claimed amount", 14, "claimed amout", 13, 3), 1);
	assert_int_equal(words_edit_distance("", 0, "", 0, 2), 0);
	assert_int_equal(words_edit_distance("abc", 3, "", 0, 5), 3);
	assert_int_equal(words_edit_distance("", 0, "abcd", 4, 5), 4);
	assert_int_equal(words_edit_distance("flaw", 4, "lawn", 4, 5), 2);
	/* Past the cap the answer is cap + 1, whatever the true distance. */
	assert_int_equal(words_edit_distance("kitten", 6, "sitting", 7, 2), 3);
	assert_int_equal(words_edit_distance("abcdefgh", 8, "zyxwvuts", 8, 3), 4);
	assert_int_equal(words_edit_distance("a", 1, "abcdefgh", 8, 3), 4);
	assert_int_equal(words_edit_distance("same", 4, "same", 4, 0), 0);
	assert_int_equal(words_edit_distance("same", 4, "sane", 4, 0), 1);
	/* Long strings with a huge cap are lowered to WORDS_EDIT_CAP_MAX. */
	char x[600], y[600];
	memset(x, 'a', sizeof x);
	memset(y, 'b', sizeof y);
	assert_int_equal(words_edit_distance(x, sizeof x, y, sizeof y, 100000),
	                 WORDS_EDIT_CAP_MAX + 1);
	assert_int_equal(words_edit_distance(x, sizeof x, x, sizeof x, 100000), 0);
	y[0] = 'a';
	assert_int_equal(words_edit_distance(x, 10, y, 10, 20), 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(nfc_composes_and_fold_lowercases, setup, teardown),
		cmocka_unit_test_setup_teardown(invalid_utf8_is_reported_with_its_offset, setup,
		                                teardown),
		cmocka_unit_test(utf8_lengths_and_columns),
		cmocka_unit_test(plurals_become_singular),
		cmocka_unit_test_setup_teardown(phrases_split_the_way_forms_write_them, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(canonical_words_expand_abbreviations_and_synonyms,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(invalid_utf8_does_not_split, setup, teardown),
		cmocka_unit_test_setup_teardown(keys_are_equal_for_the_same_name, setup, teardown),
		cmocka_unit_test_setup_teardown(labels_that_name_the_field_match, setup, teardown),
		cmocka_unit_test_setup_teardown(labels_that_name_something_else_do_not, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(equal_word_sets_score_1000_and_nothing_else_does,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(the_right_label_outranks_its_neighbours, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(label_variants_match, setup, teardown),
		cmocka_unit_test(tables_are_sorted),
		cmocka_unit_test_setup_teardown(table_entries_are_normalized, setup, teardown),
		cmocka_unit_test(edit_distance_is_bounded_levenshtein),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
