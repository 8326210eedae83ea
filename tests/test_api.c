/*
 * The public API, function by function, as a host sees it: only
 * include/policy.h, against the shared library.
 *
 * What every object promises (policy.h's conventions): NULL arguments are
 * POLICY_ERR_ARGUMENT, never a crash; options structs from older callers
 * (a smaller struct_size) are read only as far as they go; every
 * allocation goes through the allocator the object was made with, and
 * nothing is left behind when the objects are freed, even when an
 * allocation fails half way (the SQLite OOM loop); plans and hosts are
 * reference counted; errors carry a code, message, position and hint and
 * render with a caret.
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

static const char claim_form[] =
	"NORTHWIND MUTUAL INSURANCE COMPANY\n"
	"Policy Number: HO-4471-0932\n"
	"\f"
	"Date of Loss: March 3, 2026\n"
	"Amount Claimed: $72,400.00\n";

static bool is_hex32(const char *s)
{
	if (!s || strlen(s) != 32)
		return false;
	for (int i = 0; i < 32; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static policy_case *claims_case(const policy_allocator *a)
{
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(a, &c), POLICY_OK);
	assert_int_equal(policy_case_set_id(c, "CL-1"), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "claim form", claim_form, strlen(claim_form)),
	                 POLICY_OK);
	assert_int_equal(policy_case_add_fact(c, "policy effective date", "\"2025-06-01\"", 12),
	                 POLICY_OK);
	assert_int_equal(policy_case_add_fact(c, "policy expiration date", "\"2026-06-01\"", 12),
	                 POLICY_OK);
	return c;
}

/* ---- version and names ---- */

static void test_version(void **state)
{
	(void)state;
	assert_string_equal(policy_version(), POLICY_VERSION_STRING);
	char expect[32];
	snprintf(expect, sizeof expect, "%d.%d.%d", POLICY_VERSION_MAJOR, POLICY_VERSION_MINOR,
	         POLICY_VERSION_PATCH);
	assert_string_equal(policy_version(), expect);
	assert_string_equal(POLICY_PLAN_FORMAT, "libpolicy-plan/1");
}

static void test_status_names(void **state)
{
	(void)state;
	static const struct {
		policy_status st;
		const char *name;
	} names[] = {
		{ POLICY_OK, "POLICY_OK" },
		{ POLICY_ERR_NOMEM, "POLICY_ERR_NOMEM" },
		{ POLICY_ERR_ARGUMENT, "POLICY_ERR_ARGUMENT" },
		{ POLICY_ERR_COMPILE, "POLICY_ERR_COMPILE" },
		{ POLICY_ERR_LIMIT, "POLICY_ERR_LIMIT" },
		{ POLICY_ERR_PLAN, "POLICY_ERR_PLAN" },
		{ POLICY_ERR_HASH, "POLICY_ERR_HASH" },
		{ POLICY_ERR_BUDGET, "POLICY_ERR_BUDGET" },
		{ POLICY_ERR_STATE, "POLICY_ERR_STATE" },
		{ POLICY_ERR_CALLBACK, "POLICY_ERR_CALLBACK" },
		{ POLICY_ERR_TRAIL, "POLICY_ERR_TRAIL" },
		{ POLICY_ERR_CHAIN, "POLICY_ERR_CHAIN" },
		{ POLICY_ERR_MISMATCH, "POLICY_ERR_MISMATCH" },
		{ POLICY_ERR_NOT_FOUND, "POLICY_ERR_NOT_FOUND" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_string_equal(policy_status_name(names[i].st), names[i].name);
	/* A value from a newer library still gets a name, never NULL. */
	assert_non_null(policy_status_name((policy_status)999));
}

static void test_type_names(void **state)
{
	(void)state;
	static const char *const names[] = { NULL, "money", "number", "percent", "ratio", "count",
	                                     "date", "duration", "boolean", "text", "enum" };
	assert_int_equal(POLICY_TYPE_ENUM + 1, sizeof names / sizeof names[0]);
	for (int t = POLICY_TYPE_NONE; t <= POLICY_TYPE_ENUM; t++) {
		if (names[t])
			assert_string_equal(policy_type_name((policy_type)t), names[t]);
		else
			assert_null(policy_type_name((policy_type)t));
	}
	assert_null(policy_type_name((policy_type)(POLICY_TYPE_ENUM + 1)));
	assert_null(policy_type_name((policy_type)-1));
}

static void test_step_kind_names(void **state)
{
	(void)state;
	static const char *const names[] = { "extract", "lookup", "compute", "check",
	                                     "require", "action", "llm", "guardrail" };
	for (int k = POLICY_STEP_EXTRACT; k <= POLICY_STEP_GUARDRAIL; k++)
		assert_string_equal(policy_step_kind_name((policy_step_kind)k), names[k]);
	assert_null(policy_step_kind_name((policy_step_kind)(POLICY_STEP_GUARDRAIL + 1)));
	assert_null(policy_step_kind_name((policy_step_kind)-1));
}

/* ---- errors ---- */

static const char two_errors[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new claim arrives, extract the claimed amount and the deductible.\n"
	"If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n"
	"Please be careful with claims.\n";

static void test_error_accessors(void **state)
{
	(void)state;
	policy_error *err = compile_fails(two_errors, POLICY_ERR_COMPILE);
	assert_int_equal(policy_error_code(err), POLICY_ERR_COMPILE);
	assert_string_equal(policy_error_message(err), "I don't know what 'the claimed amont' is");
	assert_int_equal(policy_error_line(err), 6);
	assert_int_equal(policy_error_column(err), 4);
	assert_string_equal(policy_error_hint(err), "did you mean 'claimed amount'?");

	assert_int_equal(policy_error_diagnostic_count(err), 2);
	assert_int_equal(policy_error_diagnostic_severity(err, 0), POLICY_SEVERITY_ERROR);
	assert_string_equal(policy_error_diagnostic_message(err, 0),
	                    "I don't know what 'the claimed amont' is");
	assert_string_equal(policy_error_diagnostic_hint(err, 0), "did you mean 'claimed amount'?");
	assert_int_equal(policy_error_diagnostic_line(err, 0), 6);
	assert_int_equal(policy_error_diagnostic_column(err, 0), 4);
	assert_int_equal(policy_error_diagnostic_severity(err, 1), POLICY_SEVERITY_ERROR);
	assert_string_equal(policy_error_diagnostic_message(err, 1),
	                    "I don't understand this sentence: 'Please be careful with claims'");
	assert_int_equal(policy_error_diagnostic_line(err, 1), 7);
	assert_int_equal(policy_error_diagnostic_column(err, 1), 1);
	assert_non_null(policy_error_diagnostic_hint(err, 1));

	/* Out of range: no crash, nothing there. */
	assert_null(policy_error_diagnostic_message(err, 2));
	assert_null(policy_error_diagnostic_hint(err, 2));
	assert_int_equal(policy_error_diagnostic_line(err, 2), 0);
	assert_int_equal(policy_error_diagnostic_column(err, 2), 0);
	assert_null(policy_error_diagnostic_message(err, SIZE_MAX));
	policy_error_free(err);

	/* A NULL error reads as "no error". */
	assert_int_equal(policy_error_code(NULL), POLICY_OK);
	assert_non_null(policy_error_message(NULL));
	assert_int_equal(policy_error_line(NULL), 0);
	assert_int_equal(policy_error_column(NULL), 0);
	assert_null(policy_error_hint(NULL));
	assert_int_equal(policy_error_diagnostic_count(NULL), 0);
	assert_null(policy_error_diagnostic_message(NULL, 0));
	policy_error_free(NULL);
}

static void test_error_render(void **state)
{
	(void)state;
	policy_error *err = compile_fails(two_errors, POLICY_ERR_COMPILE);
	char *r = render(err, "claims.txt", two_errors);
	assert_string_equal(r,
		"claims.txt:6:4: error: I don't know what 'the claimed amont' is\n"
		" 6 | If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n"
		"   |    ^~~~~~~~~~~~~~~~~\n"
		"hint: did you mean 'claimed amount'?\n"
		"claims.txt:7:1: error: I don't understand this sentence: 'Please be careful with "
		"claims'\n"
		" 7 | Please be careful with claims.\n"
		"   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
		"hint: a sentence can extract or look up values, define a term ('The X is ...'), state "
		"a rule ('If ..., <action>.'), a check ('Verify that ...') or an action\n");
	free(r);

	/* Without a file name the source is called "policy"; without the
	 * source there is no excerpt. */
	r = render(err, NULL, NULL);
	assert_string_equal(r,
		"policy:6:4: error: I don't know what 'the claimed amont' is\n"
		"hint: did you mean 'claimed amount'?\n"
		"policy:7:1: error: I don't understand this sentence: 'Please be careful with "
		"claims'\n"
		"hint: a sentence can extract or look up values, define a term ('The X is ...'), state "
		"a rule ('If ..., <action>.'), a check ('Verify that ...') or an action\n");
	free(r);

	char *out = NULL;
	size_t len = 0;
	assert_int_equal(policy_error_render(NULL, "x", NULL, 0, &out, &len), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_error_render(err, "x", NULL, 0, NULL, &len), POLICY_ERR_ARGUMENT);
	/* out_len is optional. */
	assert_int_equal(policy_error_render(err, "x", NULL, 0, &out, NULL), POLICY_OK);
	assert_non_null(out);
	policy_free(out);
	policy_error_free(err);
}

/* The caret counts characters, not bytes: a line with multi-byte UTF-8
 * before the error puts the caret under the right character. */
static void test_error_render_utf8_column(void **state)
{
	(void)state;
	static const char text[] =
		"Policy: Café Claims\n"
		"Version: 1\n"
		"Effective: 2026-01-01\n"
		"\n"
		"When a new claim arrives, extract the claimed amount.\n"
		"If the “claimed” amount exceeds 50,000 €, escalate the claim.\n";
	policy_error *err = compile_fails(text, POLICY_ERR_COMPILE);
	assert_int_equal(policy_error_line(err), 6);
	/* Columns count characters: the curly quotes are 3 bytes each. */
	assert_int_equal(policy_error_column(err), 40);
	char *r = render(err, "p.txt", text);
	assert_non_null(strstr(r, "\n 6 | If the “claimed” amount exceeds 50,000 €, escalate the claim.\n"
	                          "   |                                        ^\n"));
	free(r);
	policy_error_free(err);
}

/* A policy that compiles with warnings: the plan is made, and *err holds a
 * report whose code is POLICY_OK. */
static void test_warnings_only_report(void **state)
{
	(void)state;
	char *text = with_header("When a new claim arrives, extract the claimed amount and the "
	                         "deductible.\nIf the claimed amount exceeds $5, escalate the claim.");
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_compile(text, strlen(text), NULL, &plan, &err), POLICY_OK);
	assert_non_null(plan);
	assert_non_null(err);
	assert_int_equal(policy_error_code(err), POLICY_OK);
	assert_int_equal(policy_error_diagnostic_count(err), 1);
	assert_int_equal(policy_error_diagnostic_severity(err, 0), POLICY_SEVERITY_WARNING);
	assert_string_equal(policy_error_message(err), "'deductible' is extracted but never used");
	assert_int_equal(policy_error_line(err), 5);
	char *r = render(err, "p.txt", text);
	assert_true(strncmp(r, "p.txt:5:", 8) == 0);
	assert_non_null(strstr(r, ": warning: 'deductible' is extracted but never used\n"));
	free(r);
	policy_error_free(err);
	policy_plan_free(plan);

	/* With err NULL the warnings are dropped quietly. */
	assert_int_equal(policy_compile(text, strlen(text), NULL, &plan, NULL), POLICY_OK);
	policy_plan_free(plan);

	/* A clean compile sets *err to NULL. */
	free(text);
	text = with_header("When a new claim arrives, extract the claimed amount.\n"
	                   "If the claimed amount exceeds $5, escalate the claim.");
	err = (policy_error *)&err; /* garbage the library must overwrite */
	assert_int_equal(policy_compile(text, strlen(text), NULL, &plan, &err), POLICY_OK);
	assert_null(err);
	policy_plan_free(plan);
	free(text);
}

/* Errors outside compilation (plan and trail loading) have a single
 * diagnostic and the same accessors. */
static void test_error_from_loader(void **state)
{
	(void)state;
	static const char bad[] = "{\n  \"format\": \"libpolicy-plan/0\"\n}\n";
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_plan_load(bad, strlen(bad), NULL, &plan, &err), POLICY_ERR_PLAN);
	assert_null(plan);
	assert_int_equal(policy_error_code(err), POLICY_ERR_PLAN);
	assert_int_equal(policy_error_diagnostic_count(err), 1);
	assert_int_equal(policy_error_line(err), 2);
	assert_int_equal(policy_error_column(err), 13);
	assert_null(policy_error_hint(err));
	char *r = render(err, "plan.json", bad);
	assert_non_null(strstr(r, "plan.json:2:13: error: invalid plan: "));
	assert_non_null(strstr(r, "\n 2 |   \"format\": \"libpolicy-plan/0\"\n"));
	assert_non_null(strstr(r, "\n   |             ^\n"));
	free(r);
	policy_error_free(err);
}

/* ---- options and struct_size ---- */

/* An "older" caller knows only the first members: what lies beyond its
 * struct_size must not be read. The bytes there are set to values that
 * would fail the call if they were. */
static void test_compile_options_struct_size(void **state)
{
	(void)state;
	char *text = with_header("When a new claim arrives, extract the claimed amount.\n"
	                         "If the claimed amount exceeds $5, escalate the claim.");
	policy_compile_options full = POLICY_COMPILE_OPTIONS_INIT;
	assert_int_equal(full.struct_size, sizeof full);
	full.max_text_bytes = 10;
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_compile(text, strlen(text), &full, &plan, &err), POLICY_ERR_LIMIT);
	assert_null(plan);
	assert_int_equal(policy_error_code(err), POLICY_ERR_LIMIT);
	policy_error_free(err);

	policy_compile_options old = full;
	old.struct_size = offsetof(policy_compile_options, max_text_bytes);
	old.max_sentence_bytes = 1;
	old.max_depth = 1;
	old.max_steps = 1;
	assert_int_equal(policy_compile(text, strlen(text), &old, &plan, &err), POLICY_OK);
	assert_non_null(plan);
	policy_plan_free(plan);

	/* The allocator member alone (the oldest caller). */
	counting cnt = { 0 };
	policy_allocator a = counting_allocator(&cnt);
	old.struct_size = offsetof(policy_compile_options, token_budget);
	old.allocator = &a;
	assert_int_equal(policy_compile(text, strlen(text), &old, &plan, &err), POLICY_OK);
	assert_true(cnt.mallocs > 0);
	policy_plan_free(plan);
	assert_int_equal(cnt.live, 0);

	/* struct_size 0: nothing is read, not even the allocator. */
	counting_reset(&cnt);
	old.struct_size = 0;
	assert_int_equal(policy_compile(text, strlen(text), &old, &plan, &err), POLICY_OK);
	assert_int_equal(cnt.mallocs, 0);
	policy_plan_free(plan);

	/* A newer caller's larger struct: the known members are used. */
	struct {
		policy_compile_options o;
		uint64_t future[4];
	} newer = { POLICY_COMPILE_OPTIONS_INIT, { 1, 2, 3, 4 } };
	newer.o.struct_size = sizeof newer;
	newer.o.max_text_bytes = 10;
	assert_int_equal(policy_compile(text, strlen(text), &newer.o, &plan, NULL), POLICY_ERR_LIMIT);
	counting_destroy(&cnt);
	free(text);
}

static void test_load_options_struct_size(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	size_t len;
	char *json = save_plan(plan, &len);
	policy_plan_free(plan);

	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	assert_int_equal(o.struct_size, sizeof o);
	o.max_json_bytes = 100;
	policy_error *err = NULL;
	assert_int_equal(policy_plan_load(json, len, &o, &plan, &err), POLICY_ERR_LIMIT);
	assert_null(plan);
	policy_error_free(err);
	o.max_json_bytes = 0;
	o.max_steps = 2;
	assert_int_equal(policy_plan_load(json, len, &o, &plan, &err), POLICY_ERR_LIMIT);
	policy_error_free(err);

	o.struct_size = offsetof(policy_load_options, max_json_bytes);
	o.max_json_bytes = 100;
	o.max_json_depth = 1;
	o.max_steps = 2;
	assert_int_equal(policy_plan_load(json, len, &o, &plan, &err), POLICY_OK);
	assert_null(err);
	policy_plan_free(plan);
	free(json);
}

static void test_exec_options_struct_size(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	policy_case *c = claims_case(NULL);
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	assert_int_equal(o.struct_size, sizeof o);
	o.max_document_bytes = 10;
	policy_exec *x = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_exec_new(plan, c, &o, &x, &err), POLICY_ERR_LIMIT);
	assert_null(x);
	assert_int_equal(policy_error_code(err), POLICY_ERR_LIMIT);
	assert_non_null(strstr(policy_error_message(err), "more than the limit of 10"));
	policy_error_free(err);

	o.struct_size = offsetof(policy_exec_options, max_document_bytes);
	assert_int_equal(policy_exec_new(plan, c, &o, &x, &err), POLICY_OK);
	policy_exec_free(x);
	assert_int_equal(policy_execute(plan, NULL, c, &o, &x, &err), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(plan);
}

/* ---- the allocator hook ---- */

/* One whole life cycle with one counting allocator: compile, save, load,
 * inspect, case, host, execute, decision, trail export, load, verify,
 * explain, iterate, render an error. Every allocation is seen and freed. */
static void test_allocator_sees_everything(void **state)
{
	(void)state;
	counting cnt = { 0 };
	policy_allocator a = counting_allocator(&cnt);

	policy_compile_options co = POLICY_COMPILE_OPTIONS_INIT;
	co.allocator = &a;
	policy_plan *plan = NULL;
	assert_int_equal(policy_compile(claims_policy, strlen(claims_policy), &co, &plan, NULL),
	                 POLICY_OK);
	size_t after_compile = cnt.mallocs + cnt.reallocs;
	assert_true(after_compile > 0);

	char *json = NULL, *text = NULL;
	size_t len = 0, tlen = 0;
	size_t before = cnt.mallocs + cnt.reallocs;
	assert_int_equal(policy_plan_save(plan, &json, &len), POLICY_OK);
	assert_int_equal(policy_plan_inspect(plan, &text, &tlen), POLICY_OK);
	assert_true(cnt.mallocs + cnt.reallocs > before);

	policy_load_options lo = POLICY_LOAD_OPTIONS_INIT;
	lo.allocator = &a;
	policy_plan *loaded = NULL;
	before = cnt.mallocs + cnt.reallocs;
	assert_int_equal(policy_plan_load(json, len, &lo, &loaded, NULL), POLICY_OK);
	assert_true(cnt.mallocs + cnt.reallocs > before);

	before = cnt.mallocs + cnt.reallocs;
	policy_case *c = claims_case(&a);
	policy_host *h = NULL;
	assert_int_equal(policy_host_new(&a, &h), POLICY_OK);
	assert_true(cnt.mallocs + cnt.reallocs > before);

	policy_exec_options eo = POLICY_EXEC_OPTIONS_INIT;
	eo.allocator = &a;
	policy_exec *x = NULL;
	before = cnt.mallocs + cnt.reallocs;
	assert_int_equal(policy_execute(loaded, h, c, &eo, &x, NULL), POLICY_OK);
	assert_true(cnt.mallocs + cnt.reallocs > before);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);

	char *decision = NULL, *jsonl = NULL, *why = NULL;
	size_t dlen, jlen, wlen;
	assert_int_equal(policy_exec_decision_json(x, &decision, &dlen), POLICY_OK);
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, &jlen), POLICY_OK);
	policy_trail *t = NULL;
	before = cnt.mallocs + cnt.reallocs;
	assert_int_equal(policy_trail_load(jsonl, jlen, &lo, &t, NULL), POLICY_OK);
	assert_true(cnt.mallocs + cnt.reallocs > before);
	assert_int_equal(policy_trail_verify(t, loaded, NULL), POLICY_OK);
	assert_int_equal(policy_trail_explain(t, &why, &wlen), POLICY_OK);
	policy_trail_iter *it = NULL;
	assert_int_equal(policy_trail_iter_new(t, &it), POLICY_OK);
	while (policy_trail_iter_next(it))
		;
	policy_trail_iter_free(it);

	/* An error made with the allocator, rendered with it. */
	policy_error *err = NULL;
	policy_plan *none = NULL;
	assert_int_equal(policy_compile(two_errors, strlen(two_errors), &co, &none, &err),
	                 POLICY_ERR_COMPILE);
	assert_null(none);
	char *r = NULL;
	assert_int_equal(policy_error_render(err, "x", two_errors, strlen(two_errors), &r, NULL),
	                 POLICY_OK);

	assert_true(cnt.live > 0);
	policy_free(r);
	policy_error_free(err);
	policy_free(why);
	policy_trail_free(t);
	policy_free(jsonl);
	policy_free(decision);
	policy_exec_free(x);
	policy_host_free(h);
	policy_case_free(c);
	policy_plan_free(loaded);
	policy_free(text);
	policy_free(json);
	policy_plan_free(plan);
	assert_int_equal(cnt.live, 0);
	counting_destroy(&cnt);
}

/* Inject an allocation failure at every allocation in turn: each call
 * fails cleanly with POLICY_ERR_NOMEM (or succeeds), and nothing leaks. */
typedef policy_status (*oom_body)(const policy_allocator *a, void *ctx);

static void oom_loop(const char *what, oom_body body, void *ctx)
{
	counting cnt = { 0 };
	policy_allocator a = counting_allocator(&cnt);
	size_t n;
	for (n = 1; n < 100000; n++) {
		counting_reset(&cnt);
		cnt.fail_after = n;
		policy_status st = body(&a, ctx);
		if (cnt.live != 0)
			fail_msg("%s: %zu blocks leaked when allocation %zu failed (status %s)", what,
			         cnt.live, n, policy_status_name(st));
		if (!cnt.failed) {
			assert_int_equal(st, POLICY_OK);
			break;
		}
		if (st != POLICY_ERR_NOMEM)
			fail_msg("%s: allocation %zu failed but the call returned %s", what, n,
			         policy_status_name(st));
	}
	assert_true(n > 1);
	counting_destroy(&cnt);
}

static policy_status oom_compile(const policy_allocator *a, void *ctx)
{
	const char *text = ctx;
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.allocator = a;
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_compile(text, strlen(text), &o, &plan, &err);
	if (st == POLICY_ERR_NOMEM) {
		assert_null(plan);
		assert_non_null(err);
		assert_int_equal(policy_error_code(err), POLICY_ERR_NOMEM);
	}
	policy_error_free(err);
	policy_plan_free(plan);
	return st;
}

static void test_oom_compile(void **state)
{
	(void)state;
	oom_loop("policy_compile", oom_compile, (void *)claims_policy);
}

/* A policy with errors: the report itself is built under OOM. */
static policy_status oom_compile_errors(const policy_allocator *a, void *ctx)
{
	(void)ctx;
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.allocator = a;
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_compile(two_errors, strlen(two_errors), &o, &plan, &err);
	assert_null(plan);
	policy_error_free(err);
	return st == POLICY_ERR_COMPILE ? POLICY_OK : st;
}

static void test_oom_compile_errors(void **state)
{
	(void)state;
	oom_loop("policy_compile (errors)", oom_compile_errors, NULL);
}

static policy_status oom_load(const policy_allocator *a, void *ctx)
{
	const char *json = ctx;
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.allocator = a;
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_plan_load(json, strlen(json), &o, &plan, &err);
	policy_error_free(err);
	if (st == POLICY_OK) {
		char *again = NULL;
		st = policy_plan_save(plan, &again, NULL);
		policy_free(again);
	}
	policy_plan_free(plan);
	return st;
}

static void test_oom_load_save(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	char *json = save_plan(plan, NULL);
	policy_plan_free(plan);
	oom_loop("policy_plan_load", oom_load, json);
	free(json);
}

static policy_status oom_execute(const policy_allocator *a, void *ctx)
{
	const policy_plan *plan = ctx;
	policy_case *c = NULL;
	policy_status st = policy_case_new(a, &c);
	if (st != POLICY_OK)
		return st;
	if ((st = policy_case_set_id(c, "CL-1")) != POLICY_OK ||
	    (st = policy_case_add_document(c, "claim form", claim_form, strlen(claim_form))) !=
	            POLICY_OK ||
	    (st = policy_case_add_fact(c, "policy effective date", "\"2025-06-01\"", 12)) !=
	            POLICY_OK ||
	    (st = policy_case_add_fact(c, "policy expiration date", "\"2026-06-01\"", 12)) !=
	            POLICY_OK) {
		policy_case_free(c);
		return st;
	}
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.allocator = a;
	policy_exec *x = NULL;
	policy_error *err = NULL;
	st = policy_execute(plan, NULL, c, &o, &x, &err);
	policy_error_free(err);
	policy_case_free(c);
	if (st == POLICY_OK) {
		assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
		char *s = NULL;
		st = policy_trail_to_jsonl(policy_exec_trail(x), &s, NULL);
		policy_free(s);
		if (st == POLICY_OK) {
			s = NULL;
			st = policy_trail_explain(policy_exec_trail(x), &s, NULL);
			policy_free(s);
		}
		if (st == POLICY_OK) {
			s = NULL;
			st = policy_exec_decision_json(x, &s, NULL);
			policy_free(s);
		}
	}
	policy_exec_free(x);
	return st;
}

static void test_oom_execute(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	oom_loop("policy_execute", oom_execute, plan);
	policy_plan_free(plan);
}

static policy_status oom_trail_load(const policy_allocator *a, void *ctx)
{
	const char *jsonl = ctx;
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.allocator = a;
	policy_trail *t = NULL;
	policy_error *err = NULL;
	policy_status st = policy_trail_load(jsonl, strlen(jsonl), &o, &t, &err);
	policy_error_free(err);
	if (st == POLICY_OK) {
		policy_trail_iter *it = NULL;
		st = policy_trail_iter_new(t, &it);
		policy_trail_iter_free(it);
	}
	policy_trail_free(t);
	return st;
}

static void test_oom_trail_load(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	policy_case *c = claims_case(NULL);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(plan, NULL, c, NULL, &x, NULL), POLICY_OK);
	char *jsonl = NULL;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, NULL), POLICY_OK);
	oom_loop("policy_trail_load", oom_trail_load, jsonl);
	policy_free(jsonl);
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(plan);
}

/* ---- plans ---- */

static void test_plan_accessors(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(claims_policy);
	assert_string_equal(policy_plan_name(p), "Claims Intake");
	assert_string_equal(policy_plan_policy_version(p), "4.2.1");
	assert_string_equal(policy_plan_effective(p), "2026-03-01");
	assert_string_equal(policy_plan_source(p), "Claims Operations Manual, section 4.2");
	assert_true(is_hex32(policy_plan_text_hash(p)));
	assert_true(is_hex32(policy_plan_body_hash(p)));
	assert_string_not_equal(policy_plan_text_hash(p), policy_plan_body_hash(p));
	assert_int_equal(policy_plan_est_tokens(p), 0);

	/* extract x3, lookup x2, the named condition, the check, three actions */
	assert_int_equal(policy_plan_step_count(p), 10);
	assert_int_equal(policy_plan_level_count(p), 4);
	static const struct {
		const char *id;
		policy_step_kind kind;
		unsigned level;
		policy_type type;
		unsigned line;
		const char *label;
		size_t ninputs;
	} want[] = {
		{ "extract.policy_number", POLICY_STEP_EXTRACT, 0, POLICY_TYPE_TEXT, 6, "policy number", 0 },
		{ "extract.date_of_loss", POLICY_STEP_EXTRACT, 0, POLICY_TYPE_DATE, 6, "date of loss", 0 },
		{ "extract.claimed_amount", POLICY_STEP_EXTRACT, 0, POLICY_TYPE_MONEY, 6, "claimed amount", 0 },
		{ "lookup.policy_effective_date", POLICY_STEP_LOOKUP, 1, POLICY_TYPE_DATE, 6,
		  "policy effective date", 1 },
		{ "lookup.policy_expiration_date", POLICY_STEP_LOOKUP, 1, POLICY_TYPE_DATE, 6,
		  "policy expiration date", 1 },
		{ "compute.the_policy_was_active_on_the_date_of_loss", POLICY_STEP_COMPUTE, 2,
		  POLICY_TYPE_BOOLEAN, 8, "the policy was active on the date of loss", 3 },
		{ "check.the_policy_was_active_on_the_date_of_loss", POLICY_STEP_CHECK, 3,
		  POLICY_TYPE_BOOLEAN, 10, "Verify that the policy was active on the date of loss", 1 },
		{ "action.deny_the_claim", POLICY_STEP_ACTION, 3, POLICY_TYPE_BOOLEAN, 10,
		  "deny the claim", 1 },
		{ "action.escalate_to_senior_adjuster_review", POLICY_STEP_ACTION, 3, POLICY_TYPE_BOOLEAN,
		  13, "escalate to senior adjuster review", 2 },
		{ "action.route_the_claim_to_standard_processing", POLICY_STEP_ACTION, 3,
		  POLICY_TYPE_BOOLEAN, 14, "route the claim to standard processing", 2 },
	};
	for (size_t i = 0; i < 10; i++) {
		assert_string_equal(policy_plan_step_id(p, i), want[i].id);
		assert_int_equal(policy_plan_step_kind(p, i), want[i].kind);
		assert_int_equal(policy_plan_step_level(p, i), want[i].level);
		assert_int_equal(policy_plan_step_type(p, i), want[i].type);
		assert_int_equal(policy_plan_step_line(p, i), want[i].line);
		assert_true(policy_plan_step_column(p, i) >= 1);
		assert_string_equal(policy_plan_step_label(p, i), want[i].label);
		assert_int_equal(policy_plan_step_input_count(p, i), want[i].ninputs);
		assert_true(policy_plan_step_deterministic(p, i));
		assert_int_equal(policy_plan_step_est_tokens(p, i), 0);
		assert_non_null(policy_plan_step_sentence(p, i));
		assert_null(policy_plan_step_input(p, i, want[i].ninputs));
	}
	assert_string_equal(policy_plan_step_sentence(p, 8),
	                    "If the claimed amount exceeds $50,000, escalate to senior adjuster review");
	assert_string_equal(policy_plan_step_input(p, 3, 0), "extract.policy_number");
	assert_string_equal(policy_plan_step_input(p, 5, 0), "extract.date_of_loss");
	assert_string_equal(policy_plan_step_input(p, 5, 1), "lookup.policy_effective_date");
	assert_string_equal(policy_plan_step_input(p, 5, 2), "lookup.policy_expiration_date");
	/* The action's column points at the action's text. */
	assert_int_equal(policy_plan_step_column(p, 8), 42);

	/* Out of range and NULL: no crash. */
	assert_null(policy_plan_step_id(p, 10));
	assert_null(policy_plan_step_label(p, 10));
	assert_null(policy_plan_step_sentence(p, 10));
	assert_null(policy_plan_step_input(p, 10, 0));
	assert_int_equal(policy_plan_step_input_count(p, 10), 0);
	assert_int_equal(policy_plan_step_line(p, 10), 0);
	assert_null(policy_plan_name(NULL));
	assert_null(policy_plan_source(NULL));
	assert_null(policy_plan_body_hash(NULL));
	assert_int_equal(policy_plan_step_count(NULL), 0);
	assert_int_equal(policy_plan_level_count(NULL), 0);
	assert_null(policy_plan_step_id(NULL, 0));

	/* Levels are ascending in plan order; every input is at a lower level. */
	for (size_t i = 1; i < policy_plan_step_count(p); i++)
		assert_true(policy_plan_step_level(p, i) >= policy_plan_step_level(p, i - 1));
	for (size_t i = 0; i < policy_plan_step_count(p); i++)
		for (size_t j = 0; j < policy_plan_step_input_count(p, i); j++) {
			const char *in = policy_plan_step_input(p, i, j);
			size_t k;
			for (k = 0; k < policy_plan_step_count(p); k++)
				if (!strcmp(policy_plan_step_id(p, k), in))
					break;
			assert_true(k < policy_plan_step_count(p));
			assert_true(policy_plan_step_level(p, k) < policy_plan_step_level(p, i));
		}
	policy_plan_free(p);
}

static void test_plan_without_source(void **state)
{
	(void)state;
	policy_plan *p = compile_body("When a new claim arrives, extract the claimed amount.\n"
	                              "If the claimed amount exceeds $5, escalate the claim.");
	assert_string_equal(policy_plan_name(p), "Test");
	assert_string_equal(policy_plan_policy_version(p), "1.0.0");
	assert_string_equal(policy_plan_effective(p), "2026-01-01");
	assert_null(policy_plan_source(p));
	policy_plan_free(p);
}

static void test_plan_inspect(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(claims_policy);
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(policy_plan_inspect(p, &text, &len), POLICY_OK);
	assert_int_equal(strlen(text), len);
	assert_true(strncmp(text, "Claims Intake 4.2.1, effective 2026-03-01\n", 42) == 0);
	assert_non_null(strstr(text, "Source: Claims Operations Manual, section 4.2\n"));
	assert_non_null(strstr(text, policy_plan_body_hash(p)));
	assert_non_null(strstr(text, "Steps: 10 in 4 levels"));
	for (size_t i = 0; i < policy_plan_step_count(p); i++)
		assert_non_null(strstr(text, policy_plan_step_id(p, i)));
	assert_non_null(strstr(text, "\"If the claimed amount exceeds $50,000, escalate to senior "
	                             "adjuster review\""));
	policy_free(text);
	assert_int_equal(policy_plan_inspect(NULL, &text, &len), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_inspect(p, NULL, &len), POLICY_ERR_ARGUMENT);
	policy_plan_free(p);
}

/* The same text always gives the same plan; the hashes move with it. */
static void test_plan_determinism(void **state)
{
	(void)state;
	policy_plan *a = compile_ok(claims_policy);
	policy_plan *b = compile_ok(claims_policy);
	char *ja = save_plan(a, NULL), *jb = save_plan(b, NULL);
	assert_string_equal(ja, jb);
	assert_string_equal(policy_plan_text_hash(a), policy_plan_text_hash(b));
	assert_string_equal(policy_plan_body_hash(a), policy_plan_body_hash(b));
	free(jb);
	policy_plan_free(b);

	/* A different threshold: a different body and text hash. */
	char *other = strdup(claims_policy);
	char *at = strstr(other, "$50,000");
	at[1] = '6';
	b = compile_ok(other);
	assert_string_not_equal(policy_plan_body_hash(a), policy_plan_body_hash(b));
	assert_string_not_equal(policy_plan_text_hash(a), policy_plan_text_hash(b));
	policy_plan_free(b);
	free(other);
	free(ja);
	policy_plan_free(a);
}

static void test_plan_reference_counting(void **state)
{
	(void)state;
	counting cnt = { 0 };
	policy_allocator al = counting_allocator(&cnt);
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.allocator = &al;
	policy_plan *p = NULL;
	assert_int_equal(policy_compile(claims_policy, strlen(claims_policy), &o, &p, NULL), POLICY_OK);
	size_t live = cnt.live;
	assert_ptr_equal(policy_plan_reference(p), p);
	assert_ptr_equal(policy_plan_reference(p), p);
	policy_plan_free(p);
	policy_plan_free(p);
	assert_int_equal(cnt.live, live); /* one reference left */
	assert_string_equal(policy_plan_name(p), "Claims Intake");

	/* An execution holds its own reference: the plan outlives the
	 * caller's. */
	policy_case *c = claims_case(NULL);
	policy_exec *x = NULL;
	assert_int_equal(policy_exec_new(p, c, NULL, &x, NULL), POLICY_OK);
	policy_plan_free(p);
	assert_int_equal(cnt.live, live);
	const policy_task *t;
	while (policy_exec_next(x, &t) == POLICY_OK && t)
		assert_int_equal(policy_exec_complete_builtin(x, t), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	policy_exec_free(x);
	assert_int_equal(cnt.live, 0);
	policy_case_free(c);

	assert_null(policy_plan_reference(NULL));
	policy_plan_free(NULL);
	counting_destroy(&cnt);
}

/* ---- cases ---- */

static void test_case_object(void **state)
{
	(void)state;
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_non_null(c);
	assert_int_equal(policy_case_set_id(c, "CL-1"), POLICY_OK);
	assert_int_equal(policy_case_set_id(c, "CL-2"), POLICY_OK); /* replaces */
	assert_int_equal(policy_case_add_document(c, "claim form", "A: 1", 4), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "appraisal", "", 0), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "appraisal", NULL, 0), POLICY_OK);
	assert_int_equal(policy_case_add_fact(c, "credit score", "680", 3), POLICY_OK);

	assert_int_equal(policy_case_new(NULL, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_case_set_id(NULL, "x"), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_case_set_id(c, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_case_add_document(NULL, "t", "x", 1), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_case_add_document(c, NULL, "x", 1), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_case_add_document(c, "t", NULL, 1), POLICY_ERR_ARGUMENT);
	/* A type with no words in it names nothing. */
	assert_int_equal(policy_case_add_document(c, "", "x", 1), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_case_add_fact(NULL, "f", "1", 1), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_case_add_fact(c, NULL, "1", 1), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_case_add_fact(c, "f", NULL, 1), POLICY_ERR_ARGUMENT);
	policy_case_free(c);
	policy_case_free(NULL);
}

/* The execution copies what it needs: the case may go away at once. */
static void test_case_freed_before_execution(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(claims_policy);
	policy_case *c = claims_case(NULL);
	policy_exec *x = NULL;
	assert_int_equal(policy_exec_new(p, c, NULL, &x, NULL), POLICY_OK);
	policy_case_free(c);
	const policy_task *t;
	while (policy_exec_next(x, &t) == POLICY_OK && t)
		assert_int_equal(policy_exec_complete_builtin(x, t), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_int_equal(policy_exec_action_count(x), 1);
	assert_string_equal(policy_exec_action_text(x, 0), "escalate to senior adjuster review");
	policy_exec_free(x);
	policy_plan_free(p);
}

/* ---- hosts and replies ---- */

typedef struct notes {
	int destroyed;
	int calls;
} notes;

static void note_destroy(void *ud)
{
	((notes *)ud)->destroyed++;
}

static policy_status lookup_json(const char *fact, const char *request_json, policy_reply *reply,
                                 void *ud)
{
	notes *n = ud;
	n->calls++;
	assert_non_null(strstr(request_json, "\"kind\":\"lookup\""));
	assert_int_equal(policy_reply_set_json(NULL, "{}", 2), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_reply_set_json(reply, NULL, 2), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_reply_set_error(NULL, "x"), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_reply_set_error(reply, NULL), POLICY_ERR_ARGUMENT);
	/* The last answer set is the one taken. */
	assert_int_equal(policy_reply_set_json(reply, "{\"value\": \"1999-01-01\"}", 23), POLICY_OK);
	if (!strcmp(fact, "policy effective date"))
		return policy_reply_set_json(reply, "{\"value\": \"2025-06-01\", \"source\": \"PAS\"}",
		                             40);
	return policy_reply_set_json(reply, "{\"value\": \"2026-06-01\"}", 23);
}

static void test_host_object(void **state)
{
	(void)state;
	policy_host *h = NULL;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	assert_int_equal(policy_host_new(NULL, NULL), POLICY_ERR_ARGUMENT);

	notes a = { 0 }, b = { 0 };
	policy_host_set_lookup_func(h, lookup_json, &a, note_destroy);
	/* Replacing a callback destroys the old user_data, once. */
	policy_host_set_lookup_func(h, lookup_json, &b, note_destroy);
	assert_int_equal(a.destroyed, 1);
	assert_int_equal(b.destroyed, 0);

	/* References: the callbacks stay until the last reference goes. */
	assert_ptr_equal(policy_host_reference(h), h);
	policy_host_free(h);
	assert_int_equal(b.destroyed, 0);

	policy_plan *p = compile_ok(claims_policy);
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "claim form", claim_form, strlen(claim_form)),
	                 POLICY_OK);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(p, h, c, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(b.calls, 2);
	assert_int_equal(a.calls, 0);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_string_equal(policy_exec_action_text(x, 0), "escalate to senior adjuster review");
	policy_exec_free(x);

	/* Unsetting (NULL) destroys too; then the case's facts answer, and
	 * this case has none. */
	policy_host_set_lookup_func(h, NULL, NULL, NULL);
	assert_int_equal(b.destroyed, 1);
	assert_int_equal(policy_execute(p, h, c, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_FAILED);
	policy_exec_free(x);

	/* Every setter calls the destroy notifier of what it replaces and the
	 * host's last free calls the rest. */
	notes s[6] = { { 0 } };
	policy_host_set_extract_func(h, NULL, &s[0], note_destroy);
	policy_host_set_lookup_func(h, NULL, &s[1], note_destroy);
	policy_host_set_llm_func(h, NULL, &s[2], note_destroy);
	policy_host_set_store_func(h, NULL, &s[3], note_destroy);
	policy_host_set_load_func(h, NULL, &s[4], note_destroy);
	policy_host_set_now_func(h, NULL, &s[5], note_destroy);
	for (int i = 0; i < 6; i++)
		assert_int_equal(s[i].destroyed, 0);
	policy_host_set_store_func(h, NULL, NULL, NULL);
	assert_int_equal(s[3].destroyed, 1);
	policy_host_free(h);
	for (int i = 0; i < 6; i++)
		assert_int_equal(s[i].destroyed, 1);

	/* NULL hosts are ignored by every function. */
	policy_host_set_extract_func(NULL, NULL, NULL, NULL);
	policy_host_set_now_func(NULL, NULL, NULL, NULL);
	assert_null(policy_host_reference(NULL));
	policy_host_free(NULL);
	policy_case_free(c);
	policy_plan_free(p);
}

/* ---- plans and trails through the host's store ---- */

typedef struct memstore {
	char kind[4][16], key[4][128];
	char *json[4];
	size_t len[4], n;
	bool fail;
	const char *tamper; /* replace this in what load returns... */
	const char *with;   /* ...with this */
} memstore;

static policy_status mem_store(const char *kind, const char *key, const char *json, size_t len,
                               void *ud)
{
	memstore *m = ud;
	if (m->fail)
		return POLICY_ERR_NOT_FOUND; /* any failure */
	assert_true(m->n < 4);
	snprintf(m->kind[m->n], sizeof m->kind[0], "%s", kind);
	snprintf(m->key[m->n], sizeof m->key[0], "%s", key);
	m->json[m->n] = malloc(len + 1);
	memcpy(m->json[m->n], json, len);
	m->json[m->n][len] = '\0';
	m->len[m->n++] = len;
	return POLICY_OK;
}

static policy_status mem_load(const char *kind, const char *key, policy_reply *reply, void *ud)
{
	memstore *m = ud;
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->kind[i], kind) && !strcmp(m->key[i], key)) {
			if (!m->tamper)
				return policy_reply_set_json(reply, m->json[i], m->len[i]);
			char *t = strdup(m->json[i]);
			char *at = strstr(t, m->tamper);
			assert_non_null(at);
			memcpy(at, m->with, strlen(m->with));
			policy_status st = policy_reply_set_json(reply, t, m->len[i]);
			free(t);
			return st;
		}
	return POLICY_ERR_NOT_FOUND;
}

static void memstore_free(memstore *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->json[i]);
	m->n = 0;
}

static void test_host_store_and_load_plan(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(claims_policy);
	policy_host *h;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	policy_plan *q = NULL;
	policy_error *err = NULL;
	/* No store or load callback: the call does not fit the host. */
	assert_int_equal(policy_host_store_plan(h, p), POLICY_ERR_STATE);
	assert_int_equal(policy_host_load_plan(h, "Claims Intake@4.2.1", NULL, &q, &err),
	                 POLICY_ERR_STATE);
	assert_int_equal(policy_host_store_plan(NULL, p), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_host_store_plan(h, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_host_load_plan(NULL, "k", NULL, &q, &err), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_host_load_plan(h, NULL, NULL, &q, &err), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_host_load_plan(h, "k", NULL, NULL, &err), POLICY_ERR_ARGUMENT);

	memstore m = { 0 };
	policy_host_set_store_func(h, mem_store, &m, NULL);
	policy_host_set_load_func(h, mem_load, &m, NULL);
	assert_int_equal(policy_host_store_plan(h, p), POLICY_OK);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.kind[0], "plan");
	assert_string_equal(m.key[0], "Claims Intake@4.2.1");
	char *saved = save_plan(p, NULL);
	assert_string_equal(m.json[0], saved);
	free(saved);

	assert_int_equal(policy_host_load_plan(h, "Claims Intake@4.2.1", NULL, &q, &err), POLICY_OK);
	assert_null(err);
	assert_string_equal(policy_plan_body_hash(q), policy_plan_body_hash(p));
	policy_plan_free(q);
	assert_int_equal(policy_host_load_plan(h, "Claims Intake@9", NULL, &q, &err),
	                 POLICY_ERR_NOT_FOUND);
	assert_null(q);
	policy_error_free(err);

	/* What the store gives back is validated like any plan. */
	m.tamper = "\"value\": \"50000.00\"";
	m.with = "\"value\": \"90000.00\"";
	assert_int_equal(policy_host_load_plan(h, "Claims Intake@4.2.1", NULL, &q, &err),
	                 POLICY_ERR_HASH);
	assert_null(q);
	assert_int_equal(policy_error_code(err), POLICY_ERR_HASH);
	policy_error_free(err);
	m.tamper = NULL;

	/* policy_execute stores the trail under the case id. */
	policy_case *c = claims_case(NULL);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(p, h, c, NULL, &x, &err), POLICY_OK);
	assert_int_equal(m.n, 2);
	assert_string_equal(m.kind[1], "trail");
	assert_string_equal(m.key[1], "CL-1");
	char *jsonl;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, NULL), POLICY_OK);
	assert_string_equal(m.json[1], jsonl);
	policy_free(jsonl);
	policy_trail *t;
	assert_int_equal(policy_trail_load(m.json[1], m.len[1], NULL, &t, NULL), POLICY_OK);
	assert_int_equal(policy_trail_verify(t, p, NULL), POLICY_OK);
	policy_trail_free(t);
	policy_exec_free(x);

	/* A store that fails fails the run: no decision without its record. */
	m.fail = true;
	x = (policy_exec *)1;
	assert_int_equal(policy_execute(p, h, c, NULL, &x, &err), POLICY_ERR_CALLBACK);
	assert_null(x);
	assert_int_equal(policy_error_code(err), POLICY_ERR_CALLBACK);
	assert_non_null(strstr(policy_error_message(err), "could not be stored"));
	policy_error_free(err);
	assert_int_not_equal(policy_host_store_plan(h, p), POLICY_OK);

	policy_case_free(c);
	policy_host_free(h);
	memstore_free(&m);
	policy_plan_free(p);
}

/* ---- plan diffs ---- */

static void test_plan_diff(void **state)
{
	(void)state;
	policy_plan *a = compile_ok(claims_policy);
	char *text = strdup(claims_policy);
	memcpy(strstr(text, "$50,000"), "$60,000", 7);
	memcpy(strstr(text, "4.2.1"), "4.2.2", 5);
	policy_plan *b = compile_ok(text);
	free(text);

	char *json = NULL;
	size_t len = 0;
	assert_int_equal(policy_plan_diff(a, a, &json, &len), POLICY_OK);
	assert_int_equal(strlen(json), len);
	cJSON *d = cJSON_Parse(json);
	assert_string_equal(cJSON_GetObjectItem(d, "format")->valuestring, "libpolicy-diff/1");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "equal")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "changes")), 0);
	cJSON_Delete(d);
	policy_free(json);

	assert_int_equal(policy_plan_diff(a, b, &json, NULL), POLICY_OK);
	d = cJSON_Parse(json);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(d, "equal")));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "a"), "plan_hash")->valuestring,
	                    policy_plan_body_hash(a));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "b"), "plan_hash")->valuestring,
	                    policy_plan_body_hash(b));
	cJSON *changes = cJSON_GetObjectItem(d, "changes");
	assert_int_equal(cJSON_GetArraySize(changes), 2);
	cJSON *h = cJSON_GetArrayItem(changes, 0);
	assert_string_equal(cJSON_GetObjectItem(h, "kind")->valuestring, "header");
	assert_string_equal(cJSON_GetObjectItem(h, "field")->valuestring, "version");
	assert_string_equal(cJSON_GetObjectItem(h, "old")->valuestring, "4.2.1");
	assert_string_equal(cJSON_GetObjectItem(h, "new")->valuestring, "4.2.2");
	cJSON *t = cJSON_GetArrayItem(changes, 1);
	assert_string_equal(cJSON_GetObjectItem(t, "kind")->valuestring, "threshold");
	assert_string_equal(cJSON_GetObjectItem(t, "step")->valuestring,
	                    "action.escalate_to_senior_adjuster_review");
	assert_string_equal(cJSON_GetObjectItem(t, "old")->valuestring, "50000.00");
	assert_string_equal(cJSON_GetObjectItem(t, "new")->valuestring, "60000.00");
	assert_string_equal(cJSON_GetObjectItem(t, "old_text")->valuestring, "$50,000");
	assert_string_equal(cJSON_GetObjectItem(t, "new_text")->valuestring, "$60,000");
	/* The Otherwise shares the threshold: one change, both rules. */
	cJSON *also = cJSON_GetObjectItem(t, "also");
	assert_int_equal(cJSON_GetArraySize(also), 1);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(also, 0), "step")->valuestring,
	                    "action.route_the_claim_to_standard_processing");
	cJSON_Delete(d);
	policy_free(json);

	/* Reformatted text, the same meaning: equal. */
	char *moved = malloc(sizeof claims_policy + 1);
	memcpy(moved, claims_policy, sizeof claims_policy);
	char *at = strstr(moved, "If the policy was active on the date of loss:");
	memmove(at + 1, at, strlen(at) + 1);
	*at = '\n';
	policy_plan *c = compile_ok(moved);
	free(moved);
	assert_int_equal(policy_plan_diff(a, c, &json, NULL), POLICY_OK);
	assert_non_null(strstr(json, "\"equal\": true"));
	policy_free(json);
	policy_plan_free(c);

	assert_int_equal(policy_plan_diff(NULL, b, &json, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_diff(a, NULL, &json, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_diff(a, b, NULL, NULL), POLICY_ERR_ARGUMENT);
	policy_plan_free(b);
	policy_plan_free(a);
}

/* ---- NULL arguments ---- */

static void test_null_arguments(void **state)
{
	(void)state;
	policy_plan *p = compile_ok(claims_policy);
	policy_plan *out = (policy_plan *)1;
	policy_error *err = NULL;
	char *s = NULL;
	size_t len = 0;

	assert_int_equal(policy_compile("x", 1, NULL, NULL, &err), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_compile(NULL, 5, NULL, &out, &err), POLICY_ERR_ARGUMENT);
	assert_null(err);
	assert_int_equal(policy_plan_load("{}", 2, NULL, NULL, &err), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_load(NULL, 5, NULL, &out, &err), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_save(NULL, &s, &len), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_save(p, NULL, &len), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_plan_inspect(NULL, &s, &len), POLICY_ERR_ARGUMENT);

	/* Empty input is not an argument error: it is a policy with errors, a
	 * plan that is not JSON. */
	out = NULL;
	assert_int_equal(policy_compile(NULL, 0, NULL, &out, &err), POLICY_ERR_COMPILE);
	assert_null(out);
	policy_error_free(err);
	assert_int_equal(policy_plan_load(NULL, 0, NULL, &out, &err), POLICY_ERR_PLAN);
	policy_error_free(err);

	policy_case *c = claims_case(NULL);
	policy_exec *x = NULL;
	assert_int_equal(policy_exec_new(NULL, c, NULL, &x, &err), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_new(p, c, NULL, NULL, &err), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_execute(NULL, NULL, c, NULL, &x, &err), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_execute(p, NULL, c, NULL, NULL, &err), POLICY_ERR_ARGUMENT);
	const policy_task *t = NULL;
	assert_int_equal(policy_exec_next(NULL, &t), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_complete(NULL, t, "{}", 2), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_fail(NULL, t, "x"), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_complete_builtin(NULL, t), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_decision_json(NULL, &s, &len), POLICY_ERR_ARGUMENT);

	/* A NULL case is an empty case. */
	assert_int_equal(policy_execute(p, NULL, NULL, NULL, &x, &err), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_FAILED);
	assert_int_equal(policy_exec_next(x, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_complete(x, NULL, "{}", 2), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_fail(x, NULL, "x"), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_complete_builtin(x, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_decision_json(x, NULL, &len), POLICY_ERR_ARGUMENT);
	const policy_trail *trail = policy_exec_trail(x);
	assert_non_null(trail);
	assert_int_equal(policy_trail_to_jsonl(NULL, &s, &len), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_trail_to_jsonl(trail, NULL, &len), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_trail_explain(NULL, &s, &len), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_trail_explain(trail, NULL, &len), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_trail_verify(NULL, p, &err), POLICY_ERR_ARGUMENT);
	policy_trail_iter *it = NULL;
	assert_int_equal(policy_trail_iter_new(NULL, &it), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_trail_iter_new(trail, NULL), POLICY_ERR_ARGUMENT);
	policy_trail *loaded = NULL;
	assert_int_equal(policy_trail_load("x", 1, NULL, NULL, &err), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_trail_load(NULL, 1, NULL, &loaded, &err), POLICY_ERR_ARGUMENT);
	policy_exec_free(x);

	/* Accessors on NULL objects answer "nothing". */
	assert_int_equal(policy_exec_outcome(NULL), POLICY_OUTCOME_PENDING);
	assert_null(policy_exec_failure(NULL));
	assert_int_equal(policy_exec_action_count(NULL), 0);
	assert_null(policy_exec_action_text(NULL, 0));
	assert_null(policy_exec_action_verb(NULL, 0));
	assert_null(policy_exec_action_object(NULL, 0));
	assert_int_equal(policy_exec_failed_check_count(NULL), 0);
	assert_null(policy_exec_failed_check_text(NULL, 0));
	assert_null(policy_exec_failed_check_reason(NULL, 0));
	assert_int_equal(policy_exec_tokens_used(NULL), 0);
	assert_null(policy_exec_trail(NULL));
	assert_null(policy_task_step_id(NULL));
	assert_null(policy_task_request_json(NULL));
	assert_null(policy_task_document(NULL));
	assert_null(policy_task_field(NULL));
	assert_int_equal(policy_task_type(NULL), POLICY_TYPE_NONE);
	assert_int_equal(policy_trail_entry_count(NULL), 0);
	assert_int_equal(policy_trail_iter_next(NULL), 0);
	assert_null(policy_trail_iter_step_id(NULL));
	assert_null(policy_trail_iter_json(NULL));
	assert_null(policy_trail_iter_input_name(NULL, 0));
	assert_null(policy_trail_iter_guardrail_name(NULL, 0));
	policy_trail_iter_free(NULL);
	policy_trail_free(NULL);
	policy_exec_free(NULL);
	policy_free(NULL);
	policy_case_free(c);
	policy_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_step_kind_names),
		cmocka_unit_test(test_error_accessors),
		cmocka_unit_test(test_error_render),
		cmocka_unit_test(test_error_render_utf8_column),
		cmocka_unit_test(test_warnings_only_report),
		cmocka_unit_test(test_error_from_loader),
		cmocka_unit_test(test_compile_options_struct_size),
		cmocka_unit_test(test_load_options_struct_size),
		cmocka_unit_test(test_exec_options_struct_size),
		cmocka_unit_test(test_allocator_sees_everything),
		cmocka_unit_test(test_oom_compile),
		cmocka_unit_test(test_oom_compile_errors),
		cmocka_unit_test(test_oom_load_save),
		cmocka_unit_test(test_oom_execute),
		cmocka_unit_test(test_oom_trail_load),
		cmocka_unit_test(test_plan_accessors),
		cmocka_unit_test(test_plan_without_source),
		cmocka_unit_test(test_plan_inspect),
		cmocka_unit_test(test_plan_determinism),
		cmocka_unit_test(test_plan_reference_counting),
		cmocka_unit_test(test_case_object),
		cmocka_unit_test(test_case_freed_before_execution),
		cmocka_unit_test(test_host_object),
		cmocka_unit_test(test_host_store_and_load_plan),
		cmocka_unit_test(test_plan_diff),
		cmocka_unit_test(test_null_arguments),
	};
	return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
