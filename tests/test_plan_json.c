/*
 * Plans as JSON: save -> load -> save is byte-identical, and the loader
 * treats a plan as hostile input.
 *
 * Round trips run over every policy of the development corpus and the
 * claims example. The rejection tests take the canonical JSON of three
 * plans (the claims policy; a "rich" policy with every kind of
 * deterministic step and most operators; a policy with model steps, a
 * model fallback and a guardrail) and edit its text: each edit is a pair
 * (old text, new text), and "@@" in the new text marks where the error
 * must point (line and column in the JSON). Every `fail(...)` in
 * lib/plan/plan_json.c has at least one row here, with its exact message (a
 * gcov run of this suite executes every one of them).
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

static const char claims_policy[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
	"Source: Claims Operations Manual, section 4.2\n"
	"\n"
	"When a new insurance claim arrives, extract the policy number, date of loss, and claimed "
	"amount from the claim form. Look up the policy effective date and the policy expiration "
	"date for the policy number in the policy administration system.\n"
	"\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy "
	"effective date and on or before the policy expiration date.\n"
	"\n"
	"Verify that the policy was active on the date of loss. If it was not, deny the claim.\n"
	"\n"
	"If the policy was active on the date of loss:\n"
	"- If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n"
	"- Otherwise, route the claim to standard processing.\n";

/* Every kind of deterministic step and most operators: set, in, elapsed,
 * sum, pct_of, between, within, doc_count, or, and, not. */
static const char rich_policy[] =
	"Policy: Rich\n"
	"Version: 1.0.0\n"
	"Effective: 2026-01-01\n"
	"\n"
	"When a new loan application arrives, extract the loan amount, the loan purpose, the date "
	"of birth, the application date, and the closing date from the loan application, and "
	"extract the balance from each bank statement. Look up the credit score for the loan "
	"amount in the credit bureau.\n"
	"\n"
	"The allowed purposes are purchase, refinance, and construction.\n"
	"The applicant's age is the number of whole years from the date of birth to the "
	"application date.\n"
	"The total balance is the sum of the balances.\n"
	"The reserve is 2.5% of the loan amount.\n"
	"\n"
	"Require at least two bank statements.\n"
	"Verify that the applicant's age is between 18 and 65.\n"
	"\n"
	"If the loan purpose is not one of the allowed purposes, decline the application.\n"
	"If the closing date is within 30 days of the application date and the total balance "
	"exceeds the reserve, approve the loan.\n"
	"If the credit score is below 600 or more than one appraisal was submitted, refer the loan "
	"to underwriting.\n";

/* Model steps: a judgment, a classification, a guardrail and a form field
 * with a model fallback. */
static const char review_policy[] =
	"Policy: Claims Intake with Damage Review\n"
	"Version: 4.3.0\n"
	"Effective: April 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the cause of loss and the claimed amount from "
	"the claim form.\n"
	"If the claimed amount cannot be read from the claim form, ask the model.\n"
	"\n"
	"Confirm that the damage described in the adjuster notes is consistent with the cause of "
	"loss.\n"
	"If it is not, refer the claim to the special investigations unit.\n"
	"\n"
	"Classify the claim as water, fire, theft, or other based on the cause of loss.\n"
	"If the claim is classified as water, request a plumber's report.\n"
	"\n"
	"Never approve a claim above $100,000 automatically; route it to the claims committee "
	"instead.\n"
	"If the claimed amount is at most $250,000, approve the claim for payment.\n";

enum { CLAIMS, RICH, REVIEW };

static char *base_json[3];

static int setup(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(claims_policy);
	base_json[CLAIMS] = save_plan(p, NULL);
	policy_plan_free(p);
	p = compile_ok(rich_policy);
	base_json[RICH] = save_plan(p, NULL);
	policy_plan_free(p);
	p = compile_ok(review_policy);
	base_json[REVIEW] = save_plan(p, NULL);
	policy_plan_free(p);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(base_json[CLAIMS]);
	free(base_json[RICH]);
	free(base_json[REVIEW]);
	return 0;
}

/* ---- round trips ---- */

/* compile -> save -> load -> save: the same bytes, the same plan. */
static void round_trip(const char *what, const char *text)
{
	policy_plan *p = compile_ok(text);
	size_t len1, len2;
	char *j1 = save_plan(p, &len1);
	policy_plan *q = NULL;
	policy_error *err = NULL;
	policy_status st = policy_plan_load(j1, len1, NULL, &q, &err);
	if (st != POLICY_OK)
		fail_msg("%s: the saved plan does not load: %s at %u:%u", what,
		         policy_error_message(err), policy_error_line(err), policy_error_column(err));
	assert_null(err);
	char *j2 = save_plan(q, &len2);
	if (len1 != len2 || memcmp(j1, j2, len1))
		fail_msg("%s: save -> load -> save is not byte-identical", what);

	assert_string_equal(policy_plan_name(q), policy_plan_name(p));
	assert_string_equal(policy_plan_policy_version(q), policy_plan_policy_version(p));
	assert_string_equal(policy_plan_effective(q), policy_plan_effective(p));
	if (policy_plan_source(p))
		assert_string_equal(policy_plan_source(q), policy_plan_source(p));
	else
		assert_null(policy_plan_source(q));
	assert_string_equal(policy_plan_text_hash(q), policy_plan_text_hash(p));
	assert_string_equal(policy_plan_body_hash(q), policy_plan_body_hash(p));
	assert_int_equal(policy_plan_est_tokens(q), policy_plan_est_tokens(p));
	assert_int_equal(policy_plan_step_count(q), policy_plan_step_count(p));
	assert_int_equal(policy_plan_level_count(q), policy_plan_level_count(p));
	for (size_t i = 0; i < policy_plan_step_count(p); i++) {
		assert_string_equal(policy_plan_step_id(q, i), policy_plan_step_id(p, i));
		assert_int_equal(policy_plan_step_kind(q, i), policy_plan_step_kind(p, i));
		assert_int_equal(policy_plan_step_level(q, i), policy_plan_step_level(p, i));
		assert_int_equal(policy_plan_step_type(q, i), policy_plan_step_type(p, i));
		assert_int_equal(policy_plan_step_line(q, i), policy_plan_step_line(p, i));
		assert_int_equal(policy_plan_step_column(q, i), policy_plan_step_column(p, i));
		assert_string_equal(policy_plan_step_label(q, i), policy_plan_step_label(p, i));
		assert_string_equal(policy_plan_step_sentence(q, i), policy_plan_step_sentence(p, i));
		assert_int_equal(policy_plan_step_input_count(q, i), policy_plan_step_input_count(p, i));
		for (size_t k = 0; k < policy_plan_step_input_count(p, i); k++)
			assert_string_equal(policy_plan_step_input(q, i, k), policy_plan_step_input(p, i, k));
	}
	/* The inspector shows the same thing for both. */
	char *i1, *i2;
	assert_int_equal(policy_plan_inspect(p, &i1, NULL), POLICY_OK);
	assert_int_equal(policy_plan_inspect(q, &i2, NULL), POLICY_OK);
	assert_string_equal(i1, i2);
	policy_free(i1);
	policy_free(i2);

	/* The JSON is what DESIGN.md section 3 says. */
	cJSON *root = cJSON_ParseWithLength(j1, len1);
	assert_non_null(root);
	assert_string_equal(cJSON_GetObjectItem(root, "format")->valuestring, "libpolicy-plan/1");
	cJSON *hashes = cJSON_GetObjectItem(root, "hashes");
	assert_string_equal(cJSON_GetObjectItem(hashes, "text")->valuestring, policy_plan_text_hash(p));
	assert_string_equal(cJSON_GetObjectItem(hashes, "body")->valuestring, policy_plan_body_hash(p));
	cJSON *steps = cJSON_GetObjectItem(root, "steps");
	assert_int_equal(cJSON_GetArraySize(steps), policy_plan_step_count(p));
	cJSON *s;
	cJSON_ArrayForEach(s, steps) {
		static const char *const common[] = { "id", "kind", "level", "type", "deterministic",
		                                      "est_tokens", "inputs", "span", "sentence", "label" };
		for (size_t k = 0; k < sizeof common / sizeof common[0]; k++)
			if (!cJSON_HasObjectItem(s, common[k]))
				fail_msg("%s: step without \"%s\"", what, common[k]);
	}
	cJSON_Delete(root);

	free(j2);
	free(j1);
	policy_plan_free(q);
	policy_plan_free(p);
}

static void test_round_trip_corpus(void **state)
{
	(void)state;
	char **names = corpus_policies();
	if (!names[0]) {
		free_strings(names);
		skip();
	}
	size_t n = 0;
	for (char **name = names; *name; name++, n++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s/policy.txt", corpus_dir(), *name);
		char *text = read_file_or_fail(path, NULL);
		round_trip(*name, text);
		free(text);
	}
	assert_true(n >= 10);
	free_strings(names);
}

static void test_round_trip_example(void **state)
{
	(void)state;
	char *text = read_file_or_fail("examples/claims/policy.txt", NULL);
	round_trip("examples/claims", text);
	free(text);
	round_trip("claims", claims_policy);
	round_trip("rich", rich_policy);
	round_trip("review", review_policy);
	char *review = read_file_or_fail("examples/claims/policy-review.txt", NULL);
	round_trip("examples/claims review", review);
	free(review);
	/* the members and operators plans gained later: a value that may be
	 * absent, a rounding */
	round_trip("absent and rounded",
	           "Policy: Later Members\nVersion: 1.0.0\nEffective: April 1, 2026\n\n"
	           "When a change request arrives, extract the date received and the annual premium "
	           "from the change form. Look up the last address change date in the policy "
	           "system.\n\n"
	           "The installment is the annual premium divided by 12, rounded to the nearest "
	           "dollar.\n"
	           "Refer the request to the fraud unit if the date received is within 30 days of "
	           "the last address change date. Many policies have no address change on record.\n"
	           "If the installment exceeds $100, bill monthly.\n");
}

/* The loader reads JSON, not bytes: the same plan reformatted (compact,
 * by another serializer) loads, and saves back to the canonical bytes. */
static void test_reformatted_plan_loads(void **state)
{
	(void)state;
	for (int b = CLAIMS; b <= REVIEW; b++) {
		cJSON *root = cJSON_Parse(base_json[b]);
		assert_non_null(root);
		char *compact = cJSON_PrintUnformatted(root);
		cJSON_Delete(root);
		policy_plan *p = NULL;
		policy_error *err = NULL;
		assert_int_equal(policy_plan_load(compact, strlen(compact), NULL, &p, &err), POLICY_OK);
		char *again = save_plan(p, NULL);
		assert_string_equal(again, base_json[b]);
		free(again);
		policy_plan_free(p);
		cJSON_free(compact);
	}
}

/* ---- rejections ---- */

#define MARK "@@"

/* Apply (old, new) pairs to `base` in turn, each to the first occurrence
 * of `old` in the current text; then find and remove the mark. */
static char *apply_edits(const char *base, const char *const *edits, unsigned *line,
                         unsigned *column)
{
	char *text = strdup(base);
	for (size_t i = 0; edits[i]; i += 2) {
		const char *old = edits[i], *new = edits[i + 1];
		char *at = strstr(text, old);
		if (!at)
			fail_msg("edit %zu: '%s' is not in the plan", i / 2, old);
		size_t pre = (size_t)(at - text), lo = strlen(old), ln = strlen(new),
		       lt = strlen(text);
		char *t = malloc(lt - lo + ln + 1);
		assert_non_null(t);
		memcpy(t, text, pre);
		memcpy(t + pre, new, ln);
		memcpy(t + pre + ln, at + lo, lt - pre - lo + 1);
		free(text);
		text = t;
	}
	*line = *column = 0;
	char *m = strstr(text, MARK);
	if (m) {
		unsigned l = 1, c = 1;
		for (const char *q = text; q < m; q++) {
			if (*q == '\n') {
				l++;
				c = 1;
			} else if (((unsigned char)*q & 0xC0) != 0x80) {
				c++;
			}
		}
		*line = l;
		*column = c;
		memmove(m, m + 2, strlen(m + 2) + 1);
		assert_null(strstr(text, MARK));
	}
	return text;
}

/* The line and column of `needle` in `json` (of the '{' before it when
 * `brace`). */
static void locate(const char *json, const char *needle, bool brace, unsigned *line,
                   unsigned *column)
{
	const char *at = strstr(json, needle);
	if (!at)
		fail_msg("'%s' is not in the plan", needle);
	if (brace)
		while (at > json && *at != '{')
			at--;
	unsigned l = 1, c = 1;
	for (const char *q = json; q < at; q++) {
		if (*q == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*column = c;
}

static void expect_rejected(const char *json, size_t len, const policy_load_options *opts,
                            policy_status status, const char *message, unsigned line,
                            unsigned column, const char *name)
{
	policy_plan *p = (policy_plan *)1;
	policy_error *err = NULL;
	policy_status st = policy_plan_load(json, len, opts, &p, &err);
	if (st != status)
		fail_msg("%s: expected %s, got %s (%s)", name, policy_status_name(status),
		         policy_status_name(st), err ? policy_error_message(err) : "no error");
	assert_null(p);
	assert_non_null(err);
	assert_int_equal(policy_error_code(err), status);
	if (strcmp(policy_error_message(err), message))
		fail_msg("%s:\n  expected message: %s\n  got:              %s", name, message,
		         policy_error_message(err));
	if (policy_error_line(err) != line || policy_error_column(err) != column)
		fail_msg("%s: expected the error at %u:%u, got %u:%u", name, line, column,
		         policy_error_line(err), policy_error_column(err));
	policy_error_free(err);
}

typedef struct rejection {
	const char *name;
	int base;
	const char *edits[9];
	policy_status status;
	const char *message;
} rejection;

/* Openings of step objects and of members in the canonical text. */
#define STEP(id) "{\n      \"id\": \"" id "\""
#define CLAIMS_CHECK "check.the_policy_was_active_on_the_date_of_loss"
#define CLAIMS_COMPUTE "compute.the_policy_was_active_on_the_date_of_loss"
#define DENY "action.deny_the_claim"
#define ESCALATE "action.escalate_to_senior_adjuster_review"

static const rejection rejections[] = {
	/* -- the document -- */
	{ "not JSON", CLAIMS, { "\"levels\": 4,", "\"levels\": 4,@@,", NULL }, POLICY_ERR_PLAN,
	  "the plan is not valid JSON: expected a string key in double quotes" },
	{ "duplicate member", CLAIMS, { "\"levels\": 4,", "\"levels\": 4,\n  @@\"levels\": 4,", NULL },
	  POLICY_ERR_PLAN, "the plan is not valid JSON: duplicate key \"levels\"" },
	{ "not an object", CLAIMS, { "{\n  \"format\"", "@@[{\n  \"format\"", "\n  }\n}", "\n  }\n}]",
	                             NULL },
	  POLICY_ERR_PLAN, "invalid plan: a plan must be a JSON object" },
	{ "unknown top-level member", CLAIMS,
	  { "\"levels\": 4,", "\"levels\": 4,\n  \"comment\": @@\"hi\",", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: the plan has an unknown member \"comment\"" },
	{ "wrong format", CLAIMS, { "\"format\": \"libpolicy-plan/1\"",
	                            "\"format\": @@\"libpolicy-plan/2\"", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: the plan's format is \"libpolicy-plan/2\", not \"libpolicy-plan/1\"" },
	{ "format not a string", CLAIMS, { "\"format\": \"libpolicy-plan/1\"", "\"format\": @@1", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"format\" of the plan must be a string" },
	{ "no format", CLAIMS, { "{\n  \"format\": \"libpolicy-plan/1\",", "@@{", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: the plan has no \"format\"" },
	{ "policy not an object", CLAIMS,
	  { "\"policy\": {\n    \"name\": \"Claims Intake\",\n    \"version\": \"4.2.1\",\n    "
	    "\"effective\": \"2026-03-01\",\n    \"source\": \"Claims Operations Manual, section 4.2\",\n"
	    "    \"trigger\": \"insurance claim\"\n  },",
	    "\"policy\": @@\"Claims Intake\",", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the plan needs a \"policy\" object" },
	{ "unknown policy member", CLAIMS, { "\"name\": \"Claims Intake\",",
	                                     "\"name\": \"Claims Intake\",\n    \"owner\": @@null,", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"policy\" has an unknown member \"owner\"" },
	{ "policy without a name", CLAIMS, { "\"policy\": {\n    \"name\": \"Claims Intake\",",
	                                     "\"policy\": @@{", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"policy\" has no \"name\"" },
	{ "null version", CLAIMS, { "\"version\": \"4.2.1\"", "\"version\": @@null", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"version\" of \"policy\" must be a string" },
	{ "effective not ISO", CLAIMS, { "\"effective\": \"2026-03-01\"",
	                                 "\"effective\": @@\"March 1, 2026\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the effective date must be YYYY-MM-DD" },
	{ "effective not a date", CLAIMS, { "\"effective\": \"2026-03-01\"",
	                                    "\"effective\": @@\"2026-02-30\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the effective date must be YYYY-MM-DD" },
	{ "string with a NUL", CLAIMS, { "\"source\": \"Claims", "\"source\": @@\"\\u0000Claims", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"source\" of \"policy\" must be a string" },
	{ "negative token budget", CLAIMS, { "\"token_budget\": 0", "\"token_budget\": @@-1", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: \"token_budget\" of the plan must be a whole number from 0 to 4294967295" },
	{ "fractional levels", CLAIMS, { "\"levels\": 4", "\"levels\": @@4.5", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: \"levels\" of the plan must be a whole number from 0 to 1048576" },
	{ "no est_tokens", CLAIMS, { "{\n  \"format\"", "@@{\n  \"format\"", "\"est_tokens\": 0,\n  \"levels\"",
	                             "\"levels\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the plan has no \"est_tokens\"" },
	{ "steps not an array", CLAIMS, { "\"steps\": [", "\"steps\": @@{\"x\": [", "\n  ],\n  \"hashes\"",
	                                  "\n  ]},\n  \"hashes\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the plan needs a \"steps\" array" },
	{ "schema not an array", CLAIMS, { "\"schema\": [", "\"schema\": @@{\"x\": [", "\n  ],\n  \"steps\"",
	                                   "\n  ]},\n  \"steps\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the plan needs a \"schema\" array" },
	{ "hashes not an object", CLAIMS, { "\"hashes\": {", "\"hashes\": @@[{", "\n  }\n}", "\n  }]\n}",
	                                    NULL },
	  POLICY_ERR_PLAN, "invalid plan: the plan needs a \"hashes\" object" },
	{ "unknown hash", CLAIMS, { "\"hashes\": {", "\"hashes\": {\n    \"sha\": @@\"00\",", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"hashes\" has an unknown member \"sha\"" },
	{ "short hash", CLAIMS, { "\"body\": \"", "\"body\": @@\"0", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: a hash must be 32 lowercase hex digits" },
	/* -- the source map -- */
	{ "sources not an array", CLAIMS, { "\"sources\": [", "\"sources\": @@{\"x\": [",
	                                    "\n  ],\n  \"hashes\"", "\n  ]},\n  \"hashes\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"sources\" must be an array" },
	{ "sentence not an object", CLAIMS, { "\"sources\": [", "\"sources\": [\n    @@\"x\",", NULL },
	  POLICY_ERR_PLAN, "invalid plan: sentence 1 of \"sources\" must be an object" },
	{ "unknown sentence member", CLAIMS, { "\"class\": \"extraction\",",
	                                       "\"class\": \"extraction\",\n      \"note\": @@1,", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a sentence has an unknown member \"note\"" },
	{ "sentence span", CLAIMS, { "\"span\": [6,1,115],\n      \"text\": \"When",
	                             "\"span\": @@[6,1],\n      \"text\": \"When", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the span of a sentence must be [line, column, length]" },
	{ "sentence text not a string", CLAIMS,
	  { "\"text\": \"When a new insurance claim arrives, extract the policy number, date of loss, "
	    "and claimed amount from the claim form\",",
	    "\"text\": @@1,", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"text\" of a sentence must be a string" },
	{ "unknown class", CLAIMS, { "\"class\": \"extraction\"", "\"class\": @@\"prose\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"prose\" is not a class of sentence" },
	{ "class its steps do not give", CLAIMS, { "\"class\": \"extraction\"", "\"class\": @@\"rule\"",
	                                           NULL },
	  POLICY_ERR_PLAN, "invalid plan: the sentence's steps make it \"extraction\", not \"rule\"" },
	{ "sentence without steps", CLAIMS,
	  { "\"sources\": [\n    {", "\"sources\": [\n    @@{",
	    "\"clause\": null,\n      \"steps\": [\n        \"extract.policy_number\",\n        "
	    "\"extract.date_of_loss\",\n        \"extract.claimed_amount\"\n      ]",
	    "\"clause\": null", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a sentence has no \"steps\"" },
	{ "sentence steps not an array", CLAIMS,
	  { "\"steps\": [\n        \"extract.policy_number\",\n        \"extract.date_of_loss\",\n        "
	    "\"extract.claimed_amount\"\n      ]",
	    "\"steps\": @@\"extract.policy_number\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the \"steps\" of a sentence must be an array of step ids" },
	{ "sentence step not a string", CLAIMS,
	  { "\"steps\": [\n        \"extract.policy_number\",", "\"steps\": [\n        @@7,", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the \"steps\" of a sentence must be an array of step ids" },
	{ "sentence names no step", CLAIMS,
	  { "\"extract.policy_number\",\n        \"extract.date_of_loss\"",
	    "\"extract.policy_number\",\n        @@\"extract.loss_date\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the sentence names no step \"extract.loss_date\"" },
	{ "sentence steps out of order", CLAIMS,
	  { "\"extract.policy_number\",\n        \"extract.date_of_loss\"",
	    "\"extract.date_of_loss\",\n        @@\"extract.policy_number\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the steps of a sentence must be in plan order, once each" },
	{ "sentence step twice", CLAIMS,
	  { "\"extract.policy_number\",\n        \"extract.date_of_loss\"",
	    "\"extract.policy_number\",\n        @@\"extract.policy_number\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the steps of a sentence must be in plan order, once each" },
	/* -- steps -- */
	{ "step not an object", CLAIMS, { "\"steps\": [", "\"steps\": [\n    @@\"extract\",", NULL },
	  POLICY_ERR_PLAN, "invalid plan: step 1 must be an object" },
	{ "step without an id", CLAIMS, { STEP("extract.policy_number") ",",
	                                  "@@{\n      \"idx\": \"extract.policy_number\",", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a step has no \"id\"" },
	{ "empty id", CLAIMS, { "\"id\": \"extract.policy_number\"", "\"id\": @@\"\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a step's id must not be empty" },
	{ "duplicate id", CLAIMS, { "\"id\": \"extract.date_of_loss\"",
	                            "\"id\": @@\"extract.policy_number\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: two steps have the id \"extract.policy_number\"" },
	{ "unknown step member", CLAIMS, { "\"kind\": \"extract\",",
	                                   "\"kind\": \"extract\",\n      \"prompt\": @@\"x\",", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a step has an unknown member \"prompt\"" },
	{ "unknown kind", CLAIMS, { "\"kind\": \"extract\"", "\"kind\": @@\"scrape\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"scrape\" is not a kind of step" },
	{ "level too high", CLAIMS, { "\"level\": 0", "\"level\": @@2000000", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: \"level\" of a step must be a whole number from 0 to 1048576" },
	{ "unknown type", CLAIMS, { "\"type\": \"text\",\n      \"deterministic\"",
	                            "\"type\": @@\"string\",\n      \"deterministic\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"string\" is not a type" },
	{ "deterministic not a boolean", CLAIMS, { "\"deterministic\": true", "\"deterministic\": @@1",
	                                           NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"deterministic\" of a step must be true or false" },
	{ "no deterministic", CLAIMS, { STEP("extract.policy_number"),
	                                "@@" STEP("extract.policy_number"),
	                                "\"deterministic\": true,\n", "", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a step has no \"deterministic\"" },
	{ "extract claims non-determinism", CLAIMS, { "\"deterministic\": true", "\"deterministic\": @@false",
	                                              NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: step \"extract.policy_number\": only model steps and model fallbacks are "
	  "non-deterministic" },
	{ "deterministic step with tokens", CLAIMS, { "\"est_tokens\": 0,\n      \"inputs\"",
	                                              "\"est_tokens\": @@12,\n      \"inputs\"", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: step \"extract.policy_number\" is deterministic but estimates tokens" },
	{ "no span", CLAIMS, { STEP("extract.policy_number"), "@@" STEP("extract.policy_number"),
	                       "\"span\": [6,49,13],\n", "", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a step has no \"span\"" },
	{ "span of two", CLAIMS, { "\"span\": [6,49,13]", "\"span\": @@[6,49]", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: the span of a step must be [line, column, length]" },
	{ "negative span", CLAIMS, { "\"span\": [6,49,13]", "\"span\": @@[6,-49,13]", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the span of a step must be [line, column, length]" },
	{ "sentence a number", CLAIMS, { "\"sentence\": \"When a new insurance claim arrives, extract the "
	                                 "policy number, date of loss, and claimed amount from the claim "
	                                 "form\"", "\"sentence\": @@7", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"sentence\" of a step must be a string" },
	{ "inputs not an array", CLAIMS, { "\"inputs\": []", "\"inputs\": @@{}", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: step \"extract.policy_number\" needs an \"inputs\" array" },
	{ "no inputs", CLAIMS, { STEP("extract.policy_number"), "@@" STEP("extract.policy_number"),
	                         "\"inputs\": [],\n", "", NULL },
	  POLICY_ERR_PLAN, "invalid plan: step \"extract.policy_number\" needs an \"inputs\" array" },
	{ "member of another kind", CLAIMS, { "\"each\": false,",
	                                      "\"each\": false,\n      \"min_count\": @@1,", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a extract step has no \"min_count\"" },
	{ "extract with a number for a document", CLAIMS, { "\"document\": \"claim form\"",
	                                                    "\"document\": @@7", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"document\" of an extract step must be a string" },
	/* null: an input the policy never sources, read from any document; one value */
	{ "any document for each document", CLAIMS,
	  { "\"document\": \"claim form\",\n      \"each\": false",
	    "\"document\": @@null,\n      \"each\": true", NULL },
	  POLICY_ERR_PLAN, "invalid plan: extract step \"extract.policy_number\" reads any document "
	                   "(\"document\": null), so it can be neither \"each\" nor \"llm_fallback\"" },
	{ "extract without each", CLAIMS, { STEP("extract.policy_number"),
	                                    "@@" STEP("extract.policy_number"), "\"each\": false,\n", "",
	                                    NULL },
	  POLICY_ERR_PLAN, "invalid plan: an extract step has no \"each\"" },
	{ "extract without a field", CLAIMS, { STEP("extract.policy_number"),
	                                       "@@" STEP("extract.policy_number"),
	                                       "\"label\": \"policy number\"", "\"label\": null", NULL },
	  POLICY_ERR_PLAN, "invalid plan: extract step \"extract.policy_number\" has no field (\"label\")" },
	{ "lookup without system", CLAIMS, { "\"system\": \"policy administration system\"",
	                                     "\"system\": @@[]", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"system\" of a lookup step must be a string" },
	{ "lookup without a fact", CLAIMS, { STEP("lookup.policy_effective_date"),
	                                     "@@" STEP("lookup.policy_effective_date"),
	                                     "\"label\": \"policy effective date\"", "\"label\": null", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: lookup step \"lookup.policy_effective_date\" has no fact (\"label\")" },
	{ "lookup keys not an array", CLAIMS, { "\"keys\": [", "\"keys\": @@{\"k\": [", "\n      ]\n    },\n"
	                                        "    {\n      \"id\": \"lookup.policy_expiration_date\"",
	                                        "\n      ]}\n    },\n    {\n      \"id\": "
	                                        "\"lookup.policy_expiration_date\"", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: lookup step \"lookup.policy_effective_date\" needs a \"keys\" array" },
	{ "check with a null condition", CLAIMS,
	  { "\"condition\": {\n        \"op\": \"ref\",\n        \"step\": \"" CLAIMS_COMPUTE "\",\n"
	    "        \"type\": \"boolean\",\n        \"text\": \"the policy was active on the date of "
	    "loss\",\n        \"span\": [10,13,41]\n      },",
	    "\"condition\": @@null,", NULL },
	  POLICY_ERR_PLAN, "invalid plan: step \"" CLAIMS_CHECK "\" needs a \"condition\"" },
	{ "check without guard", CLAIMS, { STEP(CLAIMS_CHECK), "@@" STEP(CLAIMS_CHECK),
	                                   ",\n      \"guard\": null\n    },\n    {\n      \"id\": \"" DENY,
	                                   "\n    },\n    {\n      \"id\": \"" DENY, NULL },
	  POLICY_ERR_PLAN, "invalid plan: step \"" CLAIMS_CHECK "\" has no \"guard\"" },
	{ "action without verb", CLAIMS, { "\"verb\": \"deny\"", "\"verb\": @@null", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"verb\" of an action step must be a string" },
	{ "action without object", CLAIMS, { STEP(DENY), "@@" STEP(DENY), "\"object\": \"the claim\",\n",
	                                     "", NULL },
	  POLICY_ERR_PLAN, "invalid plan: an action step has no \"object\"" },
	{ "action without text", CLAIMS, { STEP(DENY), "@@" STEP(DENY), "\"label\": \"deny the claim\"",
	                                   "\"label\": null", NULL },
	  POLICY_ERR_PLAN, "invalid plan: action step \"" DENY "\" has no text (\"label\")" },
	{ "require without document", RICH, { "\"document\": \"bank statements\"",
	                                      "\"document\": @@false", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"document\" of a require step must be a string" },
	{ "require of no documents", RICH, { "\"min_count\": 2", "\"min_count\": @@0", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a requirement needs at least one document" },
	{ "require of too many documents", RICH, { "\"min_count\": 2", "\"min_count\": @@1000001", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: \"min_count\" of a require step must be a whole number from 0 to 1000000" },

	/* -- expressions -- */
	{ "expression not an object", CLAIMS, { "\"guard\": {\n        \"op\": \"not\"",
	                                        "\"guard\": @@[{\n        \"op\": \"not\"",
	                                        "      }\n    },\n    {\n      \"id\": \"" ESCALATE,
	                                        "      }]\n    },\n    {\n      \"id\": \"" ESCALATE, NULL },
	  POLICY_ERR_PLAN, "invalid plan: an expression of " DENY " must be an object" },
	{ "unknown expression member", CLAIMS, { "\"op\": \"not\",", "\"op\": \"not\", \"why\": @@1,",
	                                         NULL },
	  POLICY_ERR_PLAN, "invalid plan: an expression has an unknown member \"why\"" },
	{ "expression without op", CLAIMS, { "\"guard\": {\n        \"op\": \"not\",",
	                                     "\"guard\": @@{", NULL },
	  POLICY_ERR_PLAN, "invalid plan: an expression has no \"op\"" },
	{ "unknown operator", CLAIMS, { "\"op\": \"not\"", "\"op\": @@\"nand\"", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: \"nand\" is not an operator" },
	{ "expression without span", CLAIMS, { "\"guard\": {\n        \"op\": \"not\",\n        "
	                                       "\"type\": \"boolean\",\n        \"text\": null,\n        "
	                                       "\"span\": [10,13,41],",
	                                       "\"guard\": @@{\n        \"op\": \"not\",\n        "
	                                       "\"type\": \"boolean\",\n        \"text\": null,", NULL },
	  POLICY_ERR_PLAN, "invalid plan: an expression has no \"span\"" },
	{ "expression text a number", CLAIMS, { "\"text\": \"the policy number\"", "\"text\": @@3", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"text\" of an expression must be a string" },
	{ "expression without type", CLAIMS, { "\"guard\": {\n        \"op\": \"not\",\n        "
	                                       "\"type\": \"boolean\",",
	                                       "\"guard\": @@{\n        \"op\": \"not\",", NULL },
	  POLICY_ERR_PLAN, "invalid plan: an expression has no \"type\"" },
	{ "reference to no step", CLAIMS, { "\"op\": \"ref\",\n          \"step\": \"extract.policy_number\"",
	                                    "\"op\": \"ref\",\n          \"step\": @@\"extract.policy_numbr\"",
	                                    NULL },
	  POLICY_ERR_PLAN, "invalid plan: the reference to \"extract.policy_numbr\" names no step" },
	{ "reference without step", CLAIMS, { "\"op\": \"ref\",\n          \"step\": \"extract.policy_number\",",
	                                      "\"op\": \"ref\",", "\"keys\": [\n        {",
	                                      "\"keys\": [\n        @@{", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a reference has no \"step\"" },
	{ "constant of unknown type", CLAIMS, { "\"type\": \"money\",\n                    \"value\"",
	                                        "\"type\": @@\"cash\",\n                    \"value\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"cash\" is not a type" },
	{ "constant without type", CLAIMS, { "\"op\": \"const\",\n                \"type\": \"money\",",
	                                     "\"op\": \"const\",", "\"args\": [\n              {\n"
	                                     "                \"op\": \"ref\",\n                \"step\": "
	                                     "\"extract.claimed_amount\",\n                \"type\": "
	                                     "\"money\",\n                \"text\": \"the claimed amount\",\n"
	                                     "                \"span\": [13,6,18]\n              },\n"
	                                     "              {",
	                                     "\"args\": [\n              {\n                \"op\": \"ref\",\n"
	                                     "                \"step\": \"extract.claimed_amount\",\n"
	                                     "                \"type\": \"money\",\n                \"text\": "
	                                     "\"the claimed amount\",\n                \"span\": [13,6,18]\n"
	                                     "              },\n              @@{", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a constant has no \"type\"" },
	{ "constant without value", CLAIMS, { "\"value\": \"50000.00\",\n", "", "\"args\": [\n              {\n"
	                                      "                \"op\": \"ref\",\n                \"step\": "
	                                      "\"extract.claimed_amount\",\n                \"type\": "
	                                      "\"money\",\n                \"text\": \"the claimed amount\",\n"
	                                      "                \"span\": [13,6,18]\n              },\n"
	                                      "              {",
	                                      "\"args\": [\n              {\n                \"op\": \"ref\",\n"
	                                      "                \"step\": \"extract.claimed_amount\",\n"
	                                      "                \"type\": \"money\",\n                \"text\": "
	                                      "\"the claimed amount\",\n                \"span\": [13,6,18]\n"
	                                      "              },\n              @@{", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a constant has no \"value\"" },
	{ "money constant not money", CLAIMS, { "\"value\": \"50000.00\"", "\"value\": @@\"fifty\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the constant is not a valid money" },
	{ "money constant as a JSON number", CLAIMS, { "\"value\": \"50000.00\"", "\"value\": @@50000.00",
	                                               NULL },
	  POLICY_ERR_PLAN, "invalid plan: the constant is not a valid money" },
	{ "money constant not canonical", CLAIMS, { "\"value\": \"50000.00\"", "\"value\": @@\"$50,000\"",
	                                            NULL },
	  POLICY_ERR_PLAN, "invalid plan: the constant is not a valid money" },
	{ "count constant negative", RICH, { "\"value\": 1", "\"value\": @@-1", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: the constant is not a valid count" },
	{ "duration constant not a duration", RICH, { "\"value\": \"30 days\"",
	                                              "\"value\": @@\"a month or so\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the constant is not a valid duration" },
	{ "unknown comparison", CLAIMS, { "\"cmp\": \"gt\"", "\"cmp\": @@\">\"", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: \">\" is not a comparison" },
	{ "comparison without cmp", CLAIMS, { "\"op\": \"cmp\",\n            \"cmp\": \"ge\",",
	                                      "\"op\": \"cmp\",", "\"args\": [\n          {\n            "
	                                      "\"op\": \"cmp\"",
	                                      "\"args\": [\n          @@{\n            \"op\": \"cmp\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a comparison has no \"cmp\"" },
	{ "unknown unit of time", RICH, { "\"unit\": \"years\"", "\"unit\": @@\"eons\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"eons\" is not a unit of time" },
	{ "document count without document", RICH, { "\"document\": \"appraisal\"", "\"document\": @@\"\"",
	                                             NULL },
	  POLICY_ERR_PLAN, "invalid plan: a document count needs a document type" },
	{ "member of another operator", CLAIMS, { "\"op\": \"not\",", "\"op\": \"not\", \"cmp\": @@\"gt\",",
	                                          NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"cmp\" does not belong to a \"not\" expression" },
	{ "step on a not expression", CLAIMS, { "\"op\": \"not\",", "\"op\": \"not\", \"step\": @@\"x\",",
	                                        NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"step\" does not belong to a \"not\" expression" },
	{ "args not an array", CLAIMS, { "\"span\": [10,13,41],\n        \"args\": [",
	                                 "\"span\": [10,13,41],\n        \"args\": @@{\"a\": [",
	                                 "\n        ]\n      }\n    },\n    {\n      \"id\": \"" ESCALATE,
	                                 "\n        ]}\n      }\n    },\n    {\n      \"id\": \"" ESCALATE,
	                                 NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"args\" must be an array" },
	{ "not with two args", CLAIMS, { "\"span\": [10,13,41],\n        \"args\": [",
	                                 "\"span\": [10,13,41],\n        \"args\": @@[\n          {\"op\": "
	                                 "\"const\", \"type\": \"boolean\", \"value\": true, \"text\": null, "
	                                 "\"span\": [1,1,1]},", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a \"not\" expression takes 1 to 1 arguments, not 2" },
	{ "ref with args", CLAIMS, { "\"text\": \"the policy number\",",
	                             "\"text\": \"the policy number\", \"args\": @@[{\"op\": \"const\", "
	                             "\"type\": \"boolean\", \"value\": true, \"text\": null, "
	                             "\"span\": [1,1,1]}],", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a \"ref\" expression takes 0 to 0 arguments, not 1" },
	{ "empty args", CLAIMS, { "\"text\": \"the policy number\",",
	                          "\"text\": \"the policy number\", \"args\": @@[],", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a \"ref\" expression takes 0 to 0 arguments, not 0" },
	{ "set of a reference", RICH, { "\"args\": [\n          {\n            \"op\": \"const\",\n"
	                                "            \"type\": \"text\",\n            \"value\": \"purchase\"",
	                                "\"args\": [\n          @@{\"op\": \"ref\", \"step\": "
	                                "\"extract.loan_purpose\", \"type\": \"text\", \"text\": null, "
	                                "\"span\": [1,1,1]},\n          {\n            \"op\": \"const\",\n"
	                                "            \"type\": \"text\",\n            \"value\": \"purchase\"",
	                                NULL },
	  POLICY_ERR_PLAN, "invalid plan: a set holds only constants" },
	{ "missing of a constant", CLAIMS, { "\"guard\": {\n        \"op\": \"not\",",
	                                     "\"guard\": {\n        \"op\": \"missing\",",
	                                     "\"args\": [\n          {\n            \"op\": \"ref\",\n"
	                                     "            \"step\": \"" CLAIMS_COMPUTE "\",\n"
	                                     "            \"type\": \"boolean\",\n            \"text\": "
	                                     "\"the policy was active on the date of loss\",\n"
	                                     "            \"span\": [10,13,41]\n          }\n        ]\n"
	                                     "      }\n    },\n    {\n      \"id\": \"" ESCALATE,
	                                     "\"args\": [\n          @@{\"op\": \"const\", \"type\": "
	                                     "\"boolean\", \"value\": true, \"text\": null, \"span\": "
	                                     "[1,1,1]}\n        ]\n      }\n    },\n    {\n      \"id\": \""
	                                     ESCALATE, NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"missing\" applies to a step's value" },

	/* -- model steps -- */
#define CLASSIFY "llm.claim_classification"
#define GUARDRAIL "guardrail.never_approve_a_claim_above_100_000_automatica"
	{ "llm not an object", REVIEW, { "\"llm\": {\n        \"task\": \"classify\"",
	                                 "\"llm\": @@[{\n        \"task\": \"classify\"",
	                                 "\"max_tokens\": 200\n      },", "\"max_tokens\": 200\n      }],",
	                                 NULL },
	  POLICY_ERR_PLAN, "invalid plan: llm step \"" CLASSIFY "\" needs an \"llm\" object" },
	{ "unknown llm member", REVIEW, { "\"task\": \"classify\",",
	                                  "\"task\": \"classify\",\n        \"temperature\": @@0,", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"llm\" has an unknown member \"temperature\"" },
	{ "task not a string", REVIEW, { "\"task\": \"classify\"", "\"task\": @@1", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"task\" of \"llm\" must be a string" },
	{ "unknown task", REVIEW, { "\"task\": \"classify\"", "\"task\": @@\"summarize\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"summarize\" is not a model task" },
	{ "no question", REVIEW, { "\"llm\": {\n        \"task\": \"classify\"",
	                           "\"llm\": @@{\n        \"task\": \"classify\"",
	                           "\"question\": \"Classify the claim as water, fire, theft, or other "
	                           "based on the cause of loss\",\n", "", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"llm\" has no \"question\"" },
	{ "max_tokens too large", REVIEW, { "\"max_tokens\": 200", "\"max_tokens\": @@100001", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: \"max_tokens\" of \"llm\" must be a whole number from 0 to 100000" },
	{ "choices not an array", REVIEW, { "\"choices\": [\n          \"water\",\n          \"fire\",\n"
	                                    "          \"theft\",\n          \"other\"\n        ],",
	                                    "\"choices\": @@\"water, fire, theft, other\",", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: step \"" CLASSIFY "\" needs a \"choices\" array of at most 256 strings" },
	{ "empty choice", REVIEW, { "\"choices\": [\n          \"water\"",
	                            "\"choices\": [\n          @@\"\"", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: \"choices\" of step \"" CLASSIFY "\" holds only non-empty strings" },
	{ "document not a string", REVIEW, { "\"documents\": [\n          \"adjuster notes\"",
	                                     "\"documents\": [\n          @@{}", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"documents\" of step "
	                   "\"llm.the_damage_described_in_the_adjuster_notes_is_c\" holds only "
	                   "non-empty strings" },
	{ "empty answer key", REVIEW, { "\"answer_key\": \"category\"", "\"answer_key\": @@\"\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the answer key must not be empty" },
	{ "classification without choices", REVIEW,
	  { "\"choices\": [\n          \"water\",\n          \"fire\",\n          \"theft\",\n"
	    "          \"other\"\n        ],", "\"choices\": @@[],", NULL },
	  POLICY_ERR_PLAN, "invalid plan: only a classification has choices, and it needs them" },
	{ "judgment with choices", REVIEW, { "\"choices\": [],", "\"choices\": @@[\"yes\", \"no\"],", NULL },
	  POLICY_ERR_PLAN, "invalid plan: only a classification has choices, and it needs them" },
	{ "no reads", REVIEW, { "\"reads\": [", "\"reads\": @@{\"r\": [", "\n      ],\n      \"guard\"",
	                        "\n      ]},\n      \"guard\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: llm step \"" CLASSIFY "\" needs a \"reads\" array" },
	{ "deterministic model step", REVIEW, { "\"type\": \"enum\",\n      \"deterministic\": false,\n"
	                                        "      \"est_tokens\": ",
	                                        "\"type\": \"enum\",\n      \"deterministic\": true,\n"
	                                        "      \"est_tokens\": @@", NULL },
	  POLICY_ERR_PLAN, "invalid plan: step \"" CLASSIFY "\" is deterministic but estimates tokens" },
	{ "fallback not a boolean", REVIEW, { "\"llm_fallback\": true", "\"llm_fallback\": @@\"yes\"",
	                                      NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"llm_fallback\" of an extract step must be true or false" },
	{ "guardrail not an object", REVIEW, { "\"guardrail\": {\n        \"verb\": \"approve\",\n"
	                                       "        \"object\": \"claim\",\n        \"alternative\": "
	                                       "\"route it to the claims committee\"\n      },",
	                                       "\"guardrail\": @@\"never\",", NULL },
	  POLICY_ERR_PLAN, "invalid plan: guardrail step \"" GUARDRAIL "\" needs a \"guardrail\" object" },
	{ "unknown guardrail member", REVIEW, { "\"verb\": \"approve\",",
	                                        "\"verb\": \"approve\",\n        \"reason\": @@\"x\",", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"guardrail\" has an unknown member \"reason\"" },
	{ "guardrail without alternative", REVIEW, { "\"guardrail\": {", "\"guardrail\": @@{",
	                                             ",\n        \"alternative\": \"route it to the claims "
	                                             "committee\"", "", NULL },
	  POLICY_ERR_PLAN, "invalid plan: \"guardrail\" has no \"alternative\"" },
	{ "guardrail forbidding nothing", REVIEW, { "\"guardrail\": {", "\"guardrail\": @@{",
	                                            "\"verb\": \"approve\"", "\"verb\": \"\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a guardrail needs the action it forbids and an alternative" },
	{ "guardrail member on an action", CLAIMS, { "\"verb\": \"deny\",",
	                                             "\"verb\": \"deny\",\n      \"guardrail\": @@{},", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a action step has no \"guardrail\"" },

	/* -- the schema -- */
	{ "schema entry not an object", CLAIMS, { "\"schema\": [", "\"schema\": [\n    @@7,", NULL },
	  POLICY_ERR_PLAN, "invalid plan: schema entry 1 must be an object" },
	{ "unknown schema member", CLAIMS, { "\"name\": \"policy number\",",
	                                     "\"name\": \"policy number\",\n      \"unit\": @@\"$\",", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a schema entry has an unknown member \"unit\"" },
	{ "schema entry without name", CLAIMS, { "{\n      \"name\": \"policy number\",",
	                                         "@@{", NULL },
	  POLICY_ERR_PLAN, "invalid plan: a schema entry has no \"name\"" },
	{ "schema entry naming no step", CLAIMS, { "\"step\": \"extract.policy_number\"\n    }",
	                                           "\"step\": @@\"extract.nothing\"\n    }", NULL },
	  POLICY_ERR_PLAN, "invalid plan: schema entry \"policy number\" names no step" },
	{ "schema entry with the wrong origin", CLAIMS, { "\"origin\": \"extract\"",
	                                                  "\"origin\": @@\"lookup\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: schema entry \"policy number\" has the wrong origin" },
	{ "schema entry with an unknown origin", CLAIMS, { "\"origin\": \"extract\"",
	                                                   "\"origin\": @@\"guess\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: schema entry \"policy number\" has the wrong origin" },
	{ "schema entry with the wrong type", CLAIMS, { "\"type\": \"text\",\n      \"origin\"",
	                                                "\"type\": @@\"money\",\n      \"origin\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: schema entry \"policy number\" has the wrong type" },

	/* -- the graph -- */
	{ "wrong level", CLAIMS, { "\"level\": 3", "\"level\": @@2", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: step \"" CLAIMS_CHECK "\" is at level 2 but its inputs put it at level 3" },
	{ "wrong inputs", CLAIMS, { "\"inputs\": [\n        \"extract.policy_number\"\n      ]",
	                            "\"inputs\": @@[\n        \"extract.date_of_loss\"\n      ]", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: the inputs of step \"lookup.policy_effective_date\" do not match what it reads" },
	{ "inputs not strings", CLAIMS, { "\"inputs\": [\n        \"extract.policy_number\"\n      ]",
	                                  "\"inputs\": @@[\n        1\n      ]", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: the inputs of step \"lookup.policy_effective_date\" do not match what it reads" },
	{ "missing input", CLAIMS, { "\"inputs\": [\n        \"extract.policy_number\"\n      ]",
	                             "\"inputs\": @@[]", NULL },
	  POLICY_ERR_PLAN,
	  "invalid plan: the inputs of step \"lookup.policy_effective_date\" do not match what it reads" },
	{ "wrong level count", CLAIMS, { "\"levels\": 4", "\"levels\": @@5", NULL }, POLICY_ERR_PLAN,
	  "invalid plan: the plan says 5 levels but its steps make 4" },
	{ "wrong token total", CLAIMS, { "\"est_tokens\": 0,\n  \"levels\"",
	                                 "\"est_tokens\": @@100,\n  \"levels\"", NULL },
	  POLICY_ERR_PLAN, "invalid plan: the plan's est_tokens is not the sum of its steps'" },
};

static void test_loader_rejections(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rejections / sizeof rejections[0]; i++) {
		const rejection *r = &rejections[i];
		if (!r->message)
			continue;
		unsigned line, column;
		char *json = apply_edits(base_json[r->base], r->edits, &line, &column);
		expect_rejected(json, strlen(json), NULL, r->status, r->message, line, column, r->name);
		free(json);
	}
}

/* The rows above whose message is built here. */
static void test_loader_rejections_built(void **state)
{
	(void)state;
	/* Trailing data after the plan. */
	const char *base = base_json[CLAIMS];
	size_t n = strlen(base);
	char *json = malloc(n + 8);
	memcpy(json, base, n);
	memcpy(json + n, "{}\n", 4);
	unsigned lines = 1;
	for (size_t i = 0; i < n; i++)
		lines += base[i] == '\n';
	policy_plan *p = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_plan_load(json, strlen(json), NULL, &p, &err), POLICY_ERR_PLAN);
	assert_true(strncmp(policy_error_message(err), "the plan is not valid JSON: ", 28) == 0);
	assert_int_equal(policy_error_line(err), lines);
	assert_int_equal(policy_error_column(err), 1);
	policy_error_free(err);
	free(json);

	/* Uppercase hex in the text hash. */
	const char *th = strstr(base, "\"hashes\": {\n    \"text\": \"") + 25;
	json = strdup(base);
	for (char *q = json + (th - base); *q != '"'; q++)
		if (*q >= 'a' && *q <= 'f')
			*q = (char)(*q - 'a' + 'A');
	if (!strpbrk(th, "abcdef"))
		skip(); /* a text hash of digits only: nothing to change */
	unsigned line = 1, col = 1;
	for (const char *q = base; q < th - 1; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: a hash must be 32 lowercase hex digits", line, col,
	                "uppercase hash");
	free(json);

	/* No body hash. */
	json = strdup(base);
	char *bh = strstr(json, ",\n    \"body\": \"");
	assert_non_null(bh);
	memmove(bh, bh + 48, strlen(bh + 48) + 1);
	unsigned hl, hc;
	locate(json, "\"hashes\": {", false, &hl, &hc);
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: \"hashes\" has no \"body\"", hl, hc + 10, "no body hash");
	free(json);

	/* Token estimates must be what the request is bounded by: for a
	 * model step and for a model fallback. */
	static const struct {
		const char *step;
		const char *what;
	} estimated[] = { { CLASSIFY, "its request" }, { "extract.claimed_amount", "its fallback" } };
	for (size_t k = 0; k < 2; k++) {
		json = strdup(base_json[REVIEW]);
		char needle[200];
		snprintf(needle, sizeof needle, "\"id\": \"%s\"", estimated[k].step);
		char *st = strstr(json, needle);
		assert_non_null(st);
		char *et = strstr(st, "\"est_tokens\": ") + 14;
		unsigned long long est = strtoull(et, NULL, 10);
		assert_true(est > 0);
		char *rest = strdup(et + strspn(et, "0123456789"));
		sprintf(et, "%llu%s", est + 1, rest);
		free(rest);
		unsigned el, ec;
		locate(json, needle, false, &el, &ec);
		{
			unsigned l2, c2;
			locate(strstr(json, needle), "\"est_tokens\": ", false, &l2, &c2);
			el += l2 - 1;
			ec = c2 + 14;
		}
		char msg[300];
		snprintf(msg, sizeof msg,
		         "invalid plan: step \"%s\" estimates %llu tokens, but %s is bounded by %llu",
		         estimated[k].step, est + 1, estimated[k].what, est);
		expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN, msg, el, ec, estimated[k].step);
		free(json);
	}

	/* At most 256 choices. */
	{
		const char *b = base_json[REVIEW];
		const char *ch = strstr(b, "\"choices\": [") + 11;
		const char *after = strstr(ch, "]") + 1;
		size_t pre = (size_t)(ch - b);
		json = malloc(strlen(b) + 257 * 8 + 8);
		memcpy(json, b, pre);
		size_t n = pre;
		n += (size_t)sprintf(json + n, "[");
		for (int k = 0; k < 257; k++)
			n += (size_t)sprintf(json + n, "%s\"c%d\"", k ? "," : "", k);
		n += (size_t)sprintf(json + n, "]");
		strcpy(json + n, after);
		unsigned cl, cc;
		locate(b, "\"choices\": [", false, &cl, &cc);
		expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
		                "invalid plan: step \"" CLASSIFY "\" needs a \"choices\" array of at most "
		                "256 strings", cl, cc + 11, "257 choices");
		free(json);
	}

	/* Empty input and whitespace. */
	expect_rejected("", 0, NULL, POLICY_ERR_PLAN,
	                "the plan is not valid JSON: expected a value, found end of input", 1, 1,
	                "empty");
	expect_rejected("  \n", 3, NULL, POLICY_ERR_PLAN,
	                "the plan is not valid JSON: expected a value, found end of input", 2, 1,
	                "whitespace");
	expect_rejected("null", 4, NULL, POLICY_ERR_PLAN, "invalid plan: a plan must be a JSON object",
	                1, 1, "null");
	expect_rejected("{}", 2, NULL, POLICY_ERR_PLAN, "invalid plan: the plan has no \"format\"", 1, 1,
	                "empty object");
}

static cJSON *find_step(cJSON *root, const char *id)
{
	cJSON *s;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(root, "steps"))
		if (!strcmp(cJSON_GetObjectItem(s, "id")->valuestring, id))
			return s;
	fail_msg("no step %s", id);
	return NULL;
}

/* Members an expression or a step cannot do without, removed or null. */
static void test_loader_rejects_missing_expressions(void **state)
{
	(void)state;
	unsigned line, col;
	char *json;

	cJSON *root = cJSON_Parse(base_json[CLAIMS]);
	cJSON_DeleteItemFromObject(find_step(root, CLAIMS_COMPUTE), "value");
	json = cJSON_Print(root);
	locate(json, "\"id\":\t\"" CLAIMS_COMPUTE "\"", true, &line, &col);
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: step \"" CLAIMS_COMPUTE "\" has no \"value\"", line, col,
	                "compute without value");
	cJSON_free(json);
	cJSON_Delete(root);

	root = cJSON_Parse(base_json[CLAIMS]);
	cJSON_ReplaceItemInObject(find_step(root, CLAIMS_COMPUTE), "value", cJSON_CreateNull());
	json = cJSON_Print(root);
	locate(json, "\"value\":\tnull", false, &line, &col);
	col += 9;
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: step \"" CLAIMS_COMPUTE "\" needs a \"value\"", line, col,
	                "compute with a null value");
	cJSON_free(json);
	cJSON_Delete(root);

	root = cJSON_Parse(base_json[CLAIMS]);
	cJSON_DeleteItemFromObject(find_step(root, CLAIMS_CHECK), "condition");
	json = cJSON_Print(root);
	locate(json, "\"id\":\t\"" CLAIMS_CHECK "\"", true, &line, &col);
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: step \"" CLAIMS_CHECK "\" has no \"condition\"", line, col,
	                "check without condition");
	cJSON_free(json);
	cJSON_Delete(root);

	/* "not" with an empty argument list, and with none. */
	root = cJSON_Parse(base_json[CLAIMS]);
	cJSON *guard = cJSON_GetObjectItem(find_step(root, DENY), "guard");
	cJSON_ReplaceItemInObject(guard, "args", cJSON_CreateArray());
	json = cJSON_Print(root);
	locate(json, "\"args\":\t[]", false, &line, &col);
	col += 8;
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: a \"not\" expression takes 1 to 1 arguments, not 0", line, col,
	                "not with no arguments");
	cJSON_free(json);
	cJSON_DeleteItemFromObject(guard, "args");
	json = cJSON_Print(root);
	locate(json, "\"id\":\t\"" DENY "\"", false, &line, &col);
	locate(strstr(json, "\"id\":\t\"" DENY "\""), "\"guard\":\t{", false, &line, &col);
	{
		unsigned l0, c0;
		locate(json, "\"id\":\t\"" DENY "\"", false, &l0, &c0);
		line += l0 - 1;
	}
	col += 9;
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: a \"not\" expression takes 1 to 1 arguments, not 0", line, col,
	                "not without arguments");
	cJSON_free(json);
	cJSON_Delete(root);
}

/* A cycle can only come from a tampered plan (the compiler reports it as
 * an error): two compute steps reading each other. */
static void test_loader_rejects_cycles(void **state)
{
	(void)state;
	cJSON *root = cJSON_Parse(base_json[CLAIMS]);
	cJSON *steps = cJSON_GetObjectItem(root, "steps");
	cJSON *compute = NULL, *s;
	cJSON_ArrayForEach(s, steps)
		if (!strcmp(cJSON_GetObjectItem(s, "id")->valuestring, CLAIMS_COMPUTE))
			compute = s;
	assert_non_null(compute);
	cJSON *ref = cJSON_CreateObject();
	cJSON_AddStringToObject(ref, "op", "ref");
	cJSON_AddStringToObject(ref, "step", CLAIMS_COMPUTE);
	cJSON_AddStringToObject(ref, "type", "boolean");
	cJSON_AddNullToObject(ref, "text");
	cJSON *span = cJSON_CreateArray();
	for (int k = 0; k < 3; k++)
		cJSON_AddItemToArray(span, cJSON_CreateNumber(1));
	cJSON_AddItemToObject(ref, "span", span);
	cJSON_ReplaceItemInObject(compute, "value", ref);
	char *json = cJSON_Print(root);
	/* The error points at the steps array. */
	const char *at = strstr(json, "\"steps\":\t[") + 10;
	unsigned line = 1, col = 1;
	for (const char *q = json; q < at - 1; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: step '" CLAIMS_COMPUTE "' reads its own output", line, col,
	                "self reference");
	cJSON_free(json);

	/* compute reads check, check reads compute. */
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(compute, "value"), "step",
	                          cJSON_CreateString(CLAIMS_CHECK));
	json = cJSON_Print(root);
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: 'the policy was active on the date of loss' depends on itself "
	                "through other definitions", line, col, "two-step cycle");
	cJSON_free(json);
	cJSON_Delete(root);
}

/* Steps must be listed level by level, as the writer lists them. */
static void test_loader_rejects_level_order(void **state)
{
	(void)state;
	cJSON *root = cJSON_Parse(base_json[CLAIMS]);
	cJSON *steps = cJSON_GetObjectItem(root, "steps");
	/* Move the first lookup (level 1) before the extracts (level 0). */
	cJSON *lookup = cJSON_DetachItemFromArray(steps, 3);
	cJSON_InsertItemInArray(steps, 0, lookup);
	char *json = cJSON_Print(root);
	const char *at = strstr(json, "\"steps\":\t[") + 10;
	at = strchr(at, '{');
	unsigned line = 1, col = 1;
	for (const char *q = json; q < at; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: the steps are not in level order at "
	                "\"lookup.policy_effective_date\"", line, col, "level order");
	cJSON_free(json);
	cJSON_Delete(root);
}

static void test_loader_rejects_deep_expressions(void **state)
{
	(void)state;
	/* 202 nested "not"s: the loader stops at depth 200. */
	const char *anchor = "\"guard\": {\n        \"op\": \"not\",";
	const char *base = base_json[CLAIMS];
	const char *at = strstr(base, anchor);
	assert_non_null(at);
	const char *args = strstr(at, "\"args\": [") + 9;
	size_t cap = strlen(base) + 202 * 120;
	char *json = malloc(cap);
	size_t n = (size_t)(args - base);
	memcpy(json, base, n);
	unsigned line = 0, col = 0;
	for (int d = 0; d < 202; d++) {
		if (d == 200) {
			line = 1;
			col = 1;
			for (size_t q = 0; q < n; q++) {
				if (json[q] == '\n') {
					line++;
					col = 1;
				} else {
					col++;
				}
			}
		}
		n += (size_t)sprintf(json + n, "{\"op\": \"not\", \"type\": \"boolean\", \"text\": null, "
		                                "\"span\": [1,1,1], \"args\": [");
	}
	/* The innermost: the original argument; then close every level. */
	const char *end = strstr(args, "]\n      }\n    },");
	assert_non_null(end);
	memcpy(json + n, args, (size_t)(end - args));
	n += (size_t)(end - args);
	for (int d = 0; d < 202; d++)
		n += (size_t)sprintf(json + n, "]}");
	strcpy(json + n, end);
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.max_json_depth = 1000;
	expect_rejected(json, strlen(json), &o, POLICY_ERR_PLAN,
	                "invalid plan: an expression of " DENY " is nested too deeply", line, col,
	                "deep expression");
	/* With the default depth limit the JSON parser stops it first. */
	policy_plan *p = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_plan_load(json, strlen(json), NULL, &p, &err), POLICY_ERR_LIMIT);
	assert_string_equal(policy_error_message(err),
	                    "the plan is not valid JSON: nesting is deeper than the limit of 64 levels");
	assert_true(policy_error_line(err) > 0);
	policy_error_free(err);
	free(json);
}

static void test_loader_rejects_too_many_keys(void **state)
{
	(void)state;
	const char *base = base_json[CLAIMS];
	const char *open = "\"keys\": [\n        ";
	const char *at = strstr(base, open);
	assert_non_null(at);
	at += strlen(open);
	const char *close = strstr(at, "\n        }");
	assert_non_null(close);
	size_t klen = (size_t)(close - at) + strlen("\n        }");
	size_t pre = (size_t)(at - base);
	char *json = malloc(strlen(base) + 65 * (klen + 4));
	memcpy(json, base, pre);
	size_t n = pre;
	for (int k = 0; k < 64; k++) {
		memcpy(json + n, at, klen);
		n += klen;
		memcpy(json + n, ", ", 2);
		n += 2;
	}
	strcpy(json + n, at);
	unsigned line, col;
	locate(base, "\"keys\": [", false, &line, &col);
	col += 8;
	expect_rejected(json, strlen(json), NULL, POLICY_ERR_PLAN,
	                "invalid plan: lookup step \"lookup.policy_effective_date\" has too many keys",
	                line, col, "65 keys");
	free(json);
}

/* ---- limits ---- */

static void test_limits(void **state)
{
	(void)state;
	const char *json = base_json[CLAIMS];
	size_t len = strlen(json);
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.max_json_bytes = len - 1;
	char msg[200];
	snprintf(msg, sizeof msg, "the plan is %zu bytes, more than the limit of %zu", len, len - 1);
	expect_rejected(json, len, &o, POLICY_ERR_LIMIT, msg, 0, 0, "max_json_bytes");
	o.max_json_bytes = len;
	policy_plan *p = NULL;
	assert_int_equal(policy_plan_load(json, len, &o, &p, NULL), POLICY_OK);
	policy_plan_free(p);

	o = (policy_load_options)POLICY_LOAD_OPTIONS_INIT;
	o.max_json_depth = 3;
	policy_error *err = NULL;
	assert_int_equal(policy_plan_load(json, len, &o, &p, &err), POLICY_ERR_LIMIT);
	assert_string_equal(policy_error_message(err),
	                    "the plan is not valid JSON: nesting is deeper than the limit of 3 levels");
	/* plan > steps > step > inputs: the fourth level opens at the first
	 * step's "inputs". */
	unsigned line, col;
	locate(json, "\"inputs\": [", false, &line, &col);
	assert_int_equal(policy_error_line(err), line);
	assert_int_equal(policy_error_column(err), col + 10);
	policy_error_free(err);

	/* max_steps: exactly the plan's steps is fine, one fewer is not. */
	o = (policy_load_options)POLICY_LOAD_OPTIONS_INIT;
	o.max_steps = 10;
	assert_int_equal(policy_plan_load(json, len, &o, &p, NULL), POLICY_OK);
	policy_plan_free(p);
	o.max_steps = 9;
	assert_int_equal(policy_plan_load(json, len, &o, &p, &err), POLICY_ERR_LIMIT);
	assert_null(p);
	assert_string_equal(policy_error_message(err),
	                    "invalid plan: the plan has 10 steps, more than the limit of 9");
	policy_error_free(err);
}

static void test_limit_max_steps_is_limit(void **state)
{
	(void)state;
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.max_steps = 9;
	policy_plan *p = NULL;
	assert_int_equal(policy_plan_load(base_json[CLAIMS], strlen(base_json[CLAIMS]), &o, &p, NULL),
	                 POLICY_ERR_LIMIT);
}

/* policy.h: max_json_bytes "0: 16 MiB". A plan padded with whitespace to
 * 5 MiB is under that default. */
static void test_default_json_limit_16mib(void **state)
{
	(void)state;
	size_t n = strlen(base_json[CLAIMS]), total = (size_t)5 << 20;
	char *json = malloc(total);
	memcpy(json, base_json[CLAIMS], n);
	memset(json + n, ' ', total - n);
	policy_plan *p = NULL;
	policy_error *err = NULL;
	policy_status st = policy_plan_load(json, total, NULL, &p, &err);
	if (st != POLICY_OK)
		fail_msg("%s: %s", policy_status_name(st), policy_error_message(err));
	policy_plan_free(p);
	free(json);
}

/* ---- tampering ---- */

static void test_flipped_threshold_is_hash_error(void **state)
{
	(void)state;
	const char *base = base_json[CLAIMS];
	char *json = strdup(base);
	char *t = strstr(json, "\"value\": \"50000.00\"");
	assert_non_null(t);
	t[10] = '6'; /* $50,000 -> $60,000: still a valid plan, a different one */
	const char *h = strstr(base, "\"body\": \"") + 8;
	unsigned line = 1, col = 1;
	for (const char *q = base; q < h; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	policy_plan *p = compile_ok(claims_policy);
	policy_error *err = NULL;
	policy_plan *loaded = NULL;
	assert_int_equal(policy_plan_load(json, strlen(json), NULL, &loaded, &err), POLICY_ERR_HASH);
	assert_null(loaded);
	assert_int_equal(policy_error_code(err), POLICY_ERR_HASH);
	assert_int_equal(policy_error_line(err), line);
	assert_int_equal(policy_error_column(err), col);
	/* "... (expected <the saved hash>, the body hashes to <32 hex>): ..." */
	char head[128];
	snprintf(head, sizeof head, "the plan's body does not match its hash (expected %s, the body "
	         "hashes to ", policy_plan_body_hash(p));
	const char *m = policy_error_message(err);
	assert_true(strncmp(m, head, strlen(head)) == 0);
	assert_string_equal(m + strlen(head) + 32, "): it was changed after it was saved");
	assert_memory_not_equal(m + strlen(head), policy_plan_body_hash(p), 32);
	policy_error_free(err);
	policy_plan_free(p);

	/* One flipped byte in the action's text, in a sentence, in the body
	 * hash itself. */
	static const char *const where[] = { "\"label\": \"deny the claim\"", "\"sentence\": \"Otherwise",
	                                     "\"body\": \"" };
	static const int offset[] = { 12, 15, 9 };
	for (int k = 0; k < 3; k++) {
		strcpy(json, base);
		char *w = strstr(json, where[k]);
		assert_non_null(w);
		w[offset[k]] ^= 0x01;
		assert_int_equal(policy_plan_load(json, strlen(json), NULL, &loaded, &err),
		                 POLICY_ERR_HASH);
		policy_error_free(err);
	}
	free(json);
}

/* Every single-bit flip anywhere in the plan: either the plan is rejected,
 * or (a flip in insignificant whitespace) it loads as exactly the same
 * plan. Nothing changes a plan without being noticed. */
static void test_every_bit_flip_is_detected_or_harmless(void **state)
{
	(void)state;
	const char *base = base_json[CLAIMS];
	size_t n = strlen(base);
	char *json = malloc(n + 1);
	size_t rejected = 0, harmless = 0;
	for (size_t i = 0; i < n; i++) {
		for (int bit = 0; bit < 8; bit += 5) { /* bits 0 and 5: letters, digits, case */
			memcpy(json, base, n + 1);
			json[i] = (char)(json[i] ^ (1 << bit));
			policy_plan *p = NULL;
			policy_status st = policy_plan_load(json, n, NULL, &p, NULL);
			if (st == POLICY_OK) {
				char *again = save_plan(p, NULL);
				if (strcmp(again, base))
					fail_msg("a flip at byte %zu (bit %d) changed the plan unnoticed", i, bit);
				free(again);
				policy_plan_free(p);
				harmless++;
			} else {
				assert_true(st == POLICY_ERR_PLAN || st == POLICY_ERR_HASH);
				rejected++;
			}
		}
	}
	assert_true(rejected > harmless);
	free(json);
}

/* A plan whose text hash was changed would claim to come from another
 * policy text: the body hash covers the text hash. */
static void test_flipped_text_hash_is_detected(void **state)
{
	(void)state;
	char *json = strdup(base_json[CLAIMS]);
	char *th = strstr(json, "\"hashes\": {\n    \"text\": \"") + 25;
	th[0] = th[0] == '0' ? '1' : '0';
	policy_plan *p = NULL;
	policy_status st = policy_plan_load(json, strlen(json), NULL, &p, NULL);
	policy_plan_free(p);
	free(json);
	assert_int_not_equal(st, POLICY_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_corpus),
		cmocka_unit_test(test_round_trip_example),
		cmocka_unit_test(test_reformatted_plan_loads),
		cmocka_unit_test(test_loader_rejections),
		cmocka_unit_test(test_loader_rejections_built),
		cmocka_unit_test(test_loader_rejects_missing_expressions),
		cmocka_unit_test(test_loader_rejects_cycles),
		cmocka_unit_test(test_loader_rejects_level_order),
		cmocka_unit_test(test_loader_rejects_deep_expressions),
		cmocka_unit_test(test_loader_rejects_too_many_keys),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_flipped_threshold_is_hash_error),
		cmocka_unit_test(test_every_bit_flip_is_detected_or_harmless),
		cmocka_unit_test(test_flipped_text_hash_is_detected),
		cmocka_unit_test(test_limit_max_steps_is_limit),
		cmocka_unit_test(test_default_json_limit_16mib),
	};
	return cmocka_run_group_tests_name("plan_json", tests, setup, teardown);
}
