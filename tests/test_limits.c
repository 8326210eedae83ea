/*
 * Limits and pathological inputs: every configured limit is enforced with
 * POLICY_ERR_LIMIT and an error that says where, and hostile shapes of
 * input (deep nesting, a 1 MB sentence, 10^5 bullets, invalid UTF-8, NUL
 * bytes, CRLF, a BOM) give an error with a position, or the same result
 * as the plain form, instead of a crash or a hang.
 *
 * The limits (policy.h; docs/limits.md has their defaults and the cost of
 * each stage):
 *   compile  max_text_bytes, max_sentence_bytes, max_depth, max_steps
 *   load     max_json_bytes, max_json_depth, max_steps (plans and trails)
 *   execute  max_document_bytes, max_reply_bytes; answers' JSON depth 32
 *
 * These tests assert errors and positions only; how long the big inputs
 * take is measured by bench/limits.c, not asserted here.
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

#define HEADER "Policy: Limits\nVersion: 1.0.0\nEffective: March 1, 2026\n\n"
#define EXTRACT "When a new claim arrives, extract the claimed amount from the claim form.\n"

/* ---- helpers ---- */

typedef struct text {
	char *s;
	size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void puts_(text *t, const char *s)
{
	put(t, s, strlen(s));
}

/* Compile expecting `status`, with the first error at line:column (0: do
 * not check) and its message containing `msg`; returns the error. */
static policy_error *compile_expect(const char *src, size_t len, const policy_compile_options *o,
                                    policy_status status, unsigned line, unsigned column,
                                    const char *msg)
{
	policy_plan *plan = (policy_plan *)&plan;
	policy_error *err = NULL;
	policy_status st = policy_compile(src, len, o, &plan, &err);
	if (st != status)
		fail_msg("expected %s, got %s: %s", policy_status_name(status), policy_status_name(st),
		         err ? policy_error_message(err) : "(no error)");
	assert_null(plan);
	assert_non_null(err);
	assert_int_equal(policy_error_code(err), status);
	if (msg && !strstr(policy_error_message(err), msg))
		fail_msg("message \"%s\" does not say \"%s\"", policy_error_message(err), msg);
	if (line) {
		assert_int_equal(policy_error_line(err), line);
		assert_int_equal(policy_error_column(err), column);
	}
	return err;
}

static char *saved(const char *src, size_t len, const policy_compile_options *o)
{
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_compile(src, len, o, &plan, &err);
	if (st != POLICY_OK)
		fail_msg("does not compile: %s", policy_error_message(err));
	policy_error_free(err);
	char *json = save_plan(plan, NULL);
	policy_plan_free(plan);
	return json;
}

/* ---- policy text ---- */

static void test_max_text_bytes(void **state)
{
	(void)state;
	const char src[] = HEADER EXTRACT "If the claimed amount exceeds $5, deny the claim.\n";
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.max_text_bytes = 100;
	policy_error_free(compile_expect(src, strlen(src), &o, POLICY_ERR_LIMIT, 1, 1,
	                                 "more than the limit of 100"));
	o.max_text_bytes = strlen(src);
	policy_plan *plan = NULL;
	assert_int_equal(policy_compile(src, strlen(src), &o, &plan, NULL), POLICY_OK);
	policy_plan_free(plan);

	/* The default is 1 MiB. */
	text t = { 0 };
	puts_(&t, HEADER EXTRACT);
	while (t.len <= (size_t)1 << 20)
		puts_(&t, "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n");
	policy_error_free(compile_expect(t.s, t.len, NULL, POLICY_ERR_LIMIT, 1, 1,
	                                 "more than the limit of 1048576"));
	free(t.s);
}

/* A sentence of a million bytes: an error at the sentence, found in one
 * pass (the lexer counted columns from the start of the line for every
 * token, quadratic on one long line, before this was fixed). */
static void test_one_megabyte_sentence(void **state)
{
	(void)state;
	text t = { 0 };
	puts_(&t, HEADER EXTRACT "If ");
	while (t.len < 1000000)
		puts_(&t, "the claimed amount exceeds $5 and ");
	puts_(&t, "the claimed amount exceeds $1, deny the claim.\n");
	policy_error *err = compile_expect(t.s, t.len, NULL, POLICY_ERR_LIMIT, 6, 1,
	                                   "more than the limit of 16384");
	/* The report renders, caret and all. */
	char *r = render(err, "big.txt", t.s);
	assert_non_null(strstr(r, "big.txt:6:1: error: this sentence is "));
	free(r);
	policy_error_free(err);

	/* The limit is an option. */
	const char src[] = HEADER EXTRACT "If the claimed amount exceeds $5, deny the claim.\n";
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.max_sentence_bytes = 20;
	policy_error_free(compile_expect(src, strlen(src), &o, POLICY_ERR_LIMIT, 5, 1,
	                                 "more than the limit of 20"));
	free(t.s);
}

static char *nested_lists(unsigned depth)
{
	text t = { 0 };
	puts_(&t, HEADER EXTRACT);
	for (unsigned i = 0; i < depth; i++) {
		char line[160];
		snprintf(line, sizeof line, "%*s- If the claimed amount exceeds $%u:\n", (int)(2 * i), "",
		         i + 1);
		puts_(&t, i ? line : line + 2);
	}
	char last[160];
	snprintf(last, sizeof last, "%*s- deny the claim.\n", (int)(2 * depth), "");
	puts_(&t, last);
	return t.s;
}

static void test_max_depth(void **state)
{
	(void)state;
	/* Lists nested 40 deep; the default limit is 32: the error is at the
	 * 33rd level's sentence (line 5 + 33 - 1 = 37, after its indent). */
	char *src = nested_lists(40);
	policy_error *err = compile_expect(src, strlen(src), NULL, POLICY_ERR_LIMIT, 0, 0,
	                                   "nested deeper than the limit of 32");
	assert_int_equal(policy_error_line(err), 38);
	assert_int_equal(policy_error_column(err), 2 * 32 + 3);
	policy_error_free(err);
	free(src);

	/* The limit is an option: 4 levels pass with max_depth 4... */
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.max_depth = 4;
	src = nested_lists(3);
	char *json = saved(src, strlen(src), &o);
	free(json);
	free(src);
	/* ...and 6 do not. */
	src = nested_lists(6);
	policy_error_free(compile_expect(src, strlen(src), &o, POLICY_ERR_LIMIT, 10, 11,
	                                 "nested deeper than the limit of 4"));
	free(src);

	/* Conditions nested in words: "it is not the case that" 40 times. */
	text t = { 0 };
	puts_(&t, HEADER EXTRACT "If ");
	for (int i = 0; i < 40; i++)
		puts_(&t, "it is not the case that ");
	puts_(&t, "the claimed amount exceeds $5, deny the claim.\n");
	policy_error_free(compile_expect(t.s, t.len, NULL, POLICY_ERR_LIMIT, 6, 4 + 24 * 32,
	                                 "the condition is nested deeper than the limit of 32"));
	free(t.s);
}

/* 10^5 bullets: past max_steps the compiler reports the limit once, at
 * the step that crossed it, and stops. */
static void test_hundred_thousand_bullets(void **state)
{
	(void)state;
	text t = { 0 };
	puts_(&t, HEADER EXTRACT "If the claimed amount exceeds $5:\n");
	for (int i = 0; i < 100000; i++) {
		char line[64];
		snprintf(line, sizeof line, "- notify reviewer %d.\n", i);
		puts_(&t, line);
	}
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.max_text_bytes = t.len;
	/* Step 1 is the extraction; bullet k (from 0, on line 7 + k) is step
	 * k + 2, so step 10001 is bullet 9999, on line 10006, after "- ". */
	policy_error_free(compile_expect(t.s, t.len, &o, POLICY_ERR_LIMIT, 10006, 3,
	                                 "the policy needs more steps than the limit of 10000"));
	/* Without raising max_text_bytes, the text limit comes first. */
	policy_error_free(compile_expect(t.s, t.len, NULL, POLICY_ERR_LIMIT, 1, 1,
	                                 "more than the limit of 1048576"));
	/* A smaller max_steps. */
	o.max_steps = 5;
	policy_error_free(compile_expect(t.s, t.len, &o, POLICY_ERR_LIMIT, 11, 3,
	                                 "the limit of 5"));
	free(t.s);
}

/* Many rules of one wording: step ids stay unique ("action.deny_the_claim",
 * "..._2", ...) without comparing every id with every other. */
static void test_many_identical_rules(void **state)
{
	(void)state;
	text t = { 0 };
	puts_(&t, HEADER EXTRACT);
	for (int i = 0; i < 5000; i++) {
		char line[96];
		snprintf(line, sizeof line, "If the claimed amount exceeds $%d, deny the claim.\n", i);
		puts_(&t, line);
	}
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.max_text_bytes = t.len;
	policy_plan *plan = NULL;
	assert_int_equal(policy_compile(t.s, t.len, &o, &plan, NULL), POLICY_OK);
	assert_int_equal(policy_plan_step_count(plan), 5001);
	assert_string_equal(policy_plan_step_id(plan, 1), "action.deny_the_claim");
	assert_string_equal(policy_plan_step_id(plan, 2), "action.deny_the_claim_2");
	assert_string_equal(policy_plan_step_id(plan, 5000), "action.deny_the_claim_5000");
	policy_plan_free(plan);
	free(t.s);
}

/* A policy of nothing but mistakes: the report stops at 100 errors with a
 * last one that says so (each unknown term costs a "did you mean" search
 * over every term, so reading on would be quadratic). */
static void test_too_many_errors(void **state)
{
	(void)state;
	text t = { 0 };
	puts_(&t, HEADER EXTRACT);
	for (int i = 0; i < 3000; i++) {
		char line[96];
		snprintf(line, sizeof line, "If the claimed amont %d exceeds $5, deny the claim.\n", i);
		puts_(&t, line);
	}
	policy_error *err = compile_expect(t.s, t.len, NULL, POLICY_ERR_COMPILE, 6, 4,
	                                   "I don't know what 'the claimed amont 0' is");
	assert_int_equal(policy_error_diagnostic_count(err), 101);
	assert_string_equal(policy_error_diagnostic_message(err, 100),
	                    "too many errors: the policy was not read past here");
	assert_int_equal(policy_error_diagnostic_line(err, 100), 106);
	assert_int_equal(policy_error_diagnostic_column(err, 100), 1);
	policy_error_free(err);
	free(t.s);
}

/* ---- bytes that do not belong ---- */

static void test_invalid_utf8(void **state)
{
	(void)state;
	const char src[] = HEADER EXTRACT "If the claimed amount exceeds $5, deny \xff the claim.\n";
	policy_error *err = compile_expect(src, sizeof src - 1, NULL, POLICY_ERR_COMPILE, 6, 40,
	                                   "not valid UTF-8");
	/* The report is valid UTF-8 itself: the bad byte shows as U+FFFD. */
	char *r = render(err, "p.txt", src);
	assert_non_null(strstr(r, "deny \xEF\xBF\xBD the claim"));
	assert_non_null(strstr(r, "\n   |                                        ^\n"));
	free(r);
	policy_error_free(err);

	/* A truncated sequence at the very end, an overlong form, a surrogate. */
	const char *bad[] = { HEADER EXTRACT "Deny the claim \xe2\x82",
	                      HEADER EXTRACT "Deny the claim \xc0\xaf.",
	                      HEADER EXTRACT "Deny the claim \xed\xa0\x80." };
	for (size_t i = 0; i < 3; i++)
		policy_error_free(compile_expect(bad[i], strlen(bad[i]), NULL, POLICY_ERR_COMPILE, 6, 16,
		                                 "not valid UTF-8"));
}

static void test_nul_bytes(void **state)
{
	(void)state;
	const char src[] = HEADER EXTRACT "If the claimed amount exceeds $5, deny\0 the claim.\n";
	policy_error *err = compile_expect(src, sizeof src - 1, NULL, POLICY_ERR_COMPILE, 6, 39,
	                                   "NUL byte");
	char *r = NULL;
	size_t n = 0;
	assert_int_equal(policy_error_render(err, "p.txt", src, sizeof src - 1, &r, &n), POLICY_OK);
	/* No NUL echoed into the report: it is one C string. */
	assert_int_equal(strlen(r), n);
	assert_non_null(strstr(r, "deny\xEF\xBF\xBD the claim.\n"));
	assert_non_null(strstr(r, "\n   |                                       ^\n"));
	policy_free(r);
	policy_error_free(err);
}

static void test_crlf_and_bom(void **state)
{
	(void)state;
	const char lf[] = HEADER EXTRACT "If the claimed amount exceeds $5, deny the claim.\n";
	const char crlf[] = "Policy: Limits\r\nVersion: 1.0.0\r\nEffective: March 1, 2026\r\n\r\n"
	                    "When a new claim arrives, extract the claimed amount from the claim form.\r\n"
	                    "If the claimed amount exceeds $5, deny the claim.\r\n";
	const char cr[] = "Policy: Limits\rVersion: 1.0.0\rEffective: March 1, 2026\r\r"
	                  "When a new claim arrives, extract the claimed amount from the claim form.\r"
	                  "If the claimed amount exceeds $5, deny the claim.\r";
	char bom[sizeof crlf + 3] = "\xEF\xBB\xBF";
	memcpy(bom + 3, crlf, sizeof crlf);
	/* All four are the same policy: the same plan, byte for byte. */
	char *a = saved(lf, strlen(lf), NULL);
	char *b = saved(crlf, strlen(crlf), NULL);
	char *c = saved(cr, strlen(cr), NULL);
	char *d = saved(bom, strlen(bom), NULL);
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	assert_string_equal(a, d);
	free(a);
	free(b);
	free(c);
	free(d);

	/* Errors point at the same line and column, and the caret is under
	 * the right character even on a BOM's first line. */
	const char bad_lf[] = "Policy: Limits\nVersion: 1.0.0\nEffective: Marsh 1, 2026\n\n" EXTRACT;
	const char bad_bom[] = "\xEF\xBB\xBFPolicy: Limits\r\nVersion: 1.0.0\r\n"
	                       "Effective: Marsh 1, 2026\r\n\r\n" EXTRACT;
	policy_error *e1 = compile_expect(bad_lf, strlen(bad_lf), NULL, POLICY_ERR_COMPILE, 3, 12,
	                                  "is not a date");
	policy_error *e2 = compile_expect(bad_bom, strlen(bad_bom), NULL, POLICY_ERR_COMPILE, 3, 12,
	                                  "is not a date");
	char *r1 = render(e1, "p.txt", bad_lf), *r2 = render(e2, "p.txt", bad_bom);
	assert_string_equal(r1, r2);
	free(r1);
	free(r2);
	policy_error_free(e1);
	policy_error_free(e2);

	const char bad_first[] = "\xEF\xBB\xBFPolicy Name Is Missing\r\n";
	policy_error *e3 = compile_expect(bad_first, strlen(bad_first), NULL, POLICY_ERR_COMPILE, 1,
	                                  1, NULL);
	char *r3 = render(e3, "p.txt", bad_first);
	assert_non_null(strstr(r3, " 1 | Policy Name Is Missing\n   | ^"));
	free(r3);
	policy_error_free(e3);
}

/* ---- plans and trails ---- */

static void test_plan_json_limits(void **state)
{
	(void)state;
	/* 100000 '[': rejected at the 65th (default depth 64), not recursed. */
	size_t n = 100000;
	char *deep = malloc(n);
	memset(deep, '[', n);
	policy_plan *plan = (policy_plan *)&plan;
	policy_error *err = NULL;
	assert_int_equal(policy_plan_load(deep, n, NULL, &plan, &err), POLICY_ERR_LIMIT);
	assert_null(plan);
	assert_int_equal(policy_error_line(err), 1);
	assert_int_equal(policy_error_column(err), 65);
	policy_error_free(err);

	/* max_json_depth is an option. */
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.max_json_depth = 3;
	const char nested[] = "{\"a\": {\"b\": {\"c\": {\"d\": 1}}}}";
	assert_int_equal(policy_plan_load(nested, strlen(nested), &o, &plan, &err), POLICY_ERR_LIMIT);
	assert_int_equal(policy_error_line(err), 1);
	assert_int_equal(policy_error_column(err), 19);
	policy_error_free(err);

	/* max_json_bytes. */
	o = (policy_load_options)POLICY_LOAD_OPTIONS_INIT;
	o.max_json_bytes = 10;
	assert_int_equal(policy_plan_load(nested, strlen(nested), &o, &plan, &err), POLICY_ERR_LIMIT);
	assert_non_null(strstr(policy_error_message(err), "more than the limit of 10"));
	policy_error_free(err);

	/* Invalid UTF-8 and NUL bytes in a plan: where they are. */
	const char bad[] = "{\n  \"format\": \"libpolicy-plan\xff/1\"\n}";
	assert_int_equal(policy_plan_load(bad, strlen(bad), NULL, &plan, &err), POLICY_ERR_PLAN);
	assert_int_equal(policy_error_line(err), 2);
	assert_int_equal(policy_error_column(err), 28);
	policy_error_free(err);
	const char nul[] = "{\n  \"format\": \"libpolicy\0plan/1\"\n}";
	assert_int_equal(policy_plan_load(nul, sizeof nul - 1, NULL, &plan, &err), POLICY_ERR_PLAN);
	assert_int_equal(policy_error_line(err), 2);
	assert_int_equal(policy_error_column(err), 23);
	policy_error_free(err);

	/* CRLF and a BOM: JSON allows neither a BOM nor (for us) a changed
	 * body, but CRLF is whitespace and loads. */
	policy_plan *p = compile_body("When a new claim arrives, extract the claimed amount.\n"
	                              "If the claimed amount exceeds $5, deny the claim.");
	size_t len;
	char *json = save_plan(p, &len);
	text t = { 0 };
	for (size_t i = 0; i < len; i++)
		put(&t, json[i] == '\n' ? "\r\n" : &json[i], json[i] == '\n' ? 2 : 1);
	policy_plan *q = NULL;
	assert_int_equal(policy_plan_load(t.s, t.len, NULL, &q, NULL), POLICY_OK);
	assert_string_equal(policy_plan_body_hash(p), policy_plan_body_hash(q));
	policy_plan_free(q);
	char *bom = malloc(len + 3);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, json, len);
	assert_int_equal(policy_plan_load(bom, len + 3, NULL, &q, &err), POLICY_ERR_PLAN);
	assert_int_equal(policy_error_line(err), 1);
	assert_int_equal(policy_error_column(err), 1);
	policy_error_free(err);
	free(bom);
	free(t.s);
	free(json);
	policy_plan_free(p);
	free(deep);
}

static void test_trail_limits(void **state)
{
	(void)state;
	policy_trail *t = (policy_trail *)&t;
	policy_error *err = NULL;
	/* Line 2 is 100000 '[': a depth error on line 2. */
	text s = { 0 };
	puts_(&s, "{\"seq\": 1}\n");
	for (int i = 0; i < 100000; i++)
		puts_(&s, "[");
	assert_int_equal(policy_trail_load(s.s, s.len, NULL, &t, &err), POLICY_ERR_TRAIL);
	assert_null(t);
	assert_int_equal(policy_error_line(err), 1);
	policy_error_free(err);
	s.len = 0;
	puts_(&s, "\n\n");
	for (int i = 0; i < 100000; i++)
		puts_(&s, "[");
	assert_int_equal(policy_trail_load(s.s, s.len, NULL, &t, &err), POLICY_ERR_TRAIL);
	assert_int_equal(policy_error_line(err), 3);
	assert_int_equal(policy_error_column(err), 65);
	assert_non_null(strstr(policy_error_message(err), "line 3 of the trail is not valid JSON"));
	policy_error_free(err);
	free(s.s);

	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.max_json_bytes = 4;
	assert_int_equal(policy_trail_load("{}\n{}\n", 6, &o, &t, &err), POLICY_ERR_LIMIT);
	assert_non_null(strstr(policy_error_message(err), "more than the limit of 4"));
	policy_error_free(err);

	/* A NUL byte on line 2. */
	const char nul[] = "\n{\"seq\"\0: 1}\n";
	assert_int_equal(policy_trail_load(nul, sizeof nul - 1, NULL, &t, &err), POLICY_ERR_TRAIL);
	assert_int_equal(policy_error_line(err), 2);
	assert_int_equal(policy_error_column(err), 7);
	policy_error_free(err);
}

/* ---- executing ---- */

static const char claims_body[] =
	"When a new claim arrives, extract the claimed amount and the date of loss from the claim "
	"form.\n"
	"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n"
	"If the date of loss is after March 1, 2026, flag the claim.";

static void test_document_limits(void **state)
{
	(void)state;
	policy_plan *plan = compile_body(claims_body);
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	const char form[] = "Claimed Amount: $72,400.00\nDate of Loss: March 3, 2026\n";
	assert_int_equal(policy_case_add_document(c, "claim form", form, strlen(form)), POLICY_OK);
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.max_document_bytes = 20;
	policy_exec *x = (policy_exec *)&x;
	policy_error *err = NULL;
	assert_int_equal(policy_execute(plan, NULL, c, &o, &x, &err), POLICY_ERR_LIMIT);
	assert_null(x);
	assert_non_null(strstr(policy_error_message(err),
	                       "the claim form (document 1 of its type) is 55 bytes, more than the "
	                       "limit of 20"));
	policy_error_free(err);
	assert_int_equal(policy_exec_new(plan, c, &o, &x, &err), POLICY_ERR_LIMIT);
	assert_null(x);
	policy_error_free(err);
	policy_case_free(c);

	/* A document of 10^5 lines, one of a megabyte, NULs, invalid UTF-8,
	 * CRLF and a BOM: the two fields are still found, on the right lines. */
	text t = { 0 };
	puts_(&t, "\xEF\xBB\xBFNORTHWIND MUTUAL\r\n");
	for (int i = 0; i < 100000; i++)
		puts_(&t, "Remarks: none\r\n");
	while (t.len < 2000000)
		puts_(&t, "x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x ");
	puts_(&t, "\r\nBad \xff\xfe line: $1\r\nNul ");
	put(&t, "\0", 1);
	puts_(&t, " line: $2\r\nClaimed Amount: $72,400.00\r\nDate of Loss: March 3, 2026\r\n");
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "claim form", t.s, t.len), POLICY_OK);
	o.max_document_bytes = 0;
	assert_int_equal(policy_execute(plan, NULL, c, &o, &x, &err), POLICY_OK);
	assert_null(err);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_int_equal(policy_exec_action_count(x), 2);
	policy_trail_iter *it = NULL;
	assert_int_equal(policy_trail_iter_new(policy_exec_trail(x), &it), POLICY_OK);
	assert_true(policy_trail_iter_next(it));
	assert_string_equal(policy_trail_iter_output_json(it), "\"72400.00\"");
	policy_trail_iter_free(it);
	char *why = NULL;
	assert_int_equal(policy_trail_explain(policy_exec_trail(x), &why, NULL), POLICY_OK);
	assert_non_null(strstr(why, "(claim form, page 1, line 100005)"));
	assert_non_null(strstr(why, "(claim form, page 1, line 100006)"));
	policy_free(why);
	policy_exec_free(x);
	policy_case_free(c);
	free(t.s);
	policy_plan_free(plan);
}

/* A trail has one entry per step: policy_load_options.max_steps bounds
 * its entries too. */
static void test_trail_max_steps(void **state)
{
	(void)state;
	policy_plan *plan = compile_body(claims_body);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(plan, NULL, NULL, NULL, &x, NULL), POLICY_OK);
	char *jsonl = NULL;
	size_t len = 0;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, &len), POLICY_OK);
	assert_int_equal(policy_trail_entry_count(policy_exec_trail(x)), 4);
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.max_steps = 4;
	policy_trail *t = NULL;
	assert_int_equal(policy_trail_load(jsonl, len, &o, &t, NULL), POLICY_OK);
	policy_trail_free(t);
	o.max_steps = 3;
	policy_error *err = NULL;
	assert_int_equal(policy_trail_load(jsonl, len, &o, &t, &err), POLICY_ERR_LIMIT);
	assert_null(t);
	assert_int_equal(policy_error_line(err), 4);
	assert_non_null(strstr(policy_error_message(err), "more than 3 entries"));
	policy_error_free(err);
	policy_free(jsonl);
	policy_exec_free(x);
	policy_plan_free(plan);
}

/* Answers: larger than max_reply_bytes, nested deeper than 32, not UTF-8,
 * with NULs: each fails its step (the decision then fails for want of the
 * value), never the call. */
static void test_answer_limits(void **state)
{
	(void)state;
	policy_plan *plan = compile_body(claims_body);
	text deep = { 0 };
	puts_(&deep, "{\"value\": ");
	for (int i = 0; i < 100000; i++)
		puts_(&deep, "[");
	const struct {
		const char *answer;
		size_t len;
		const char *why;
	} cases[] = {
		{ "{\"value\": \"72400.00\", \"text\": \"...................................\"}", 0,
		  "larger than the limit" },
		{ deep.s, deep.len, "not valid JSON" },
		{ "{\"value\": \"72400\xff.00\"}", 0, "not valid JSON" },
		{ "{\"value\": \"72400\\u0000.00\"}", 0, "is not a" },
		{ "{\"value\": \"72400.00\"}\0garbage", 30, "not valid JSON" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
		o.max_reply_bytes = k == 0 ? 40 : 0;
		policy_exec *x = NULL;
		assert_int_equal(policy_exec_new(plan, NULL, &o, &x, NULL), POLICY_OK);
		const policy_task *t;
		while (policy_exec_next(x, &t) == POLICY_OK && t) {
			const char *a = "{\"value\": \"2026-03-03\"}";
			size_t n = strlen(a);
			if (!strcmp(policy_task_field(t), "claimed amount")) {
				a = cases[k].answer;
				n = cases[k].len ? cases[k].len : strlen(a);
			}
			assert_int_equal(policy_exec_complete(x, t, a, n), POLICY_OK);
		}
		assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_FAILED);
		const char *f = policy_exec_failure(x);
		if (!strstr(f, cases[k].why))
			fail_msg("case %zu: \"%s\" does not say \"%s\"", k, f, cases[k].why);
		policy_exec_free(x);
	}
	free(deep.s);
	policy_plan_free(plan);
}

static policy_status big_extract(const char *doc_type, const char *field, policy_type type,
                                 const char *request_json, policy_reply *reply, void *user_data)
{
	(void)doc_type;
	(void)field;
	(void)type;
	(void)request_json;
	size_t *n = user_data;
	char *a = malloc(*n + 1);
	memset(a, ' ', *n);
	memcpy(a, "{\"missing\": \"no\"}", 17);
	policy_status st = policy_reply_set_json(reply, a, *n);
	free(a);
	return st;
}

/* Through a callback: policy_reply_set_json refuses an answer over the
 * limit with POLICY_ERR_LIMIT, and the step fails saying so. */
static void test_reply_limit_in_callbacks(void **state)
{
	(void)state;
	policy_plan *plan = compile_body(claims_body);
	policy_host *h = NULL;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	size_t size = 2000;
	policy_host_set_extract_func(h, big_extract, &size, NULL);
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.max_reply_bytes = 1000;
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(plan, h, NULL, &o, &x, NULL), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_FAILED);
	assert_non_null(strstr(policy_exec_failure(x), "larger than the limit"));
	policy_exec_free(x);
	size = 1000;
	assert_int_equal(policy_execute(plan, h, NULL, &o, &x, NULL), POLICY_OK);
	assert_non_null(strstr(policy_exec_failure(x), "the claimed amount is missing (no)"));
	policy_exec_free(x);
	policy_host_free(h);
	policy_plan_free(plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_text_bytes),
		cmocka_unit_test(test_one_megabyte_sentence),
		cmocka_unit_test(test_max_depth),
		cmocka_unit_test(test_hundred_thousand_bullets),
		cmocka_unit_test(test_many_identical_rules),
		cmocka_unit_test(test_too_many_errors),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_plan_json_limits),
		cmocka_unit_test(test_trail_limits),
		cmocka_unit_test(test_document_limits),
		cmocka_unit_test(test_trail_max_steps),
		cmocka_unit_test(test_answer_limits),
		cmocka_unit_test(test_reply_limit_in_callbacks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
