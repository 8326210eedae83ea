/*
 * Allocation failure, SQLite style: every operation runs again and again
 * with the allocator hook failing the 1st allocation, then the 2nd, ...
 * (and every one after it) until the operation succeeds without a failure.
 * Each run must
 *
 *   - return POLICY_ERR_NOMEM, never another status, a crash or a silently
 *     degraded result (a run that saw a failed allocation and still says
 *     POLICY_OK is an error too);
 *   - leave no half-built handle: *out is NULL, and an error object, when
 *     asked for, says POLICY_ERR_NOMEM;
 *   - leak nothing: the hook counts live blocks, which must be zero once
 *     the handles are freed (and LeakSanitizer checks the same under
 *     scripts/sanitize.sh).
 *
 * Covered: compiling (a good policy, one that uses every type, one with
 * errors whose report is built under OOM), loading and saving plans,
 * inspecting, cases and hosts, policy_execute (one thread, worker threads,
 * host callbacks), the sans-I/O loop (complete, fail, built-in), decisions,
 * trails (export, load, verify, explain, iterate) and error rendering.
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

/* Labels in other words (issue 17): an acronym, a synonym, the head noun;
 * the trail's evidence and the explanation name them. */
static const char labels_policy[] =
	"Policy: Vendor Invoice Review\n"
	"Version: 1.0\n"
	"Effective: January 1, 2026\n"
	"\n"
	"When an invoice arrives, extract whether two-factor authentication is required, the "
	"percent complete and the invoice amount.\n"
	"If two-factor authentication is not required, hold the invoice.\n"
	"If the percent complete is below 50% or the invoice amount exceeds $10,000, escalate "
	"to procurement review.\n";

/* Every type, a set, a sum over each document, a requirement, a table. */
static const char sampler_policy[] =
	"Policy: Field Sampler\n"
	"Version: 1.0.0\n"
	"Effective: January 1, 2026\n"
	"\n"
	"When a new sample case arrives, extract the claimed amount, the date of loss, the interest "
	"rate, the coverage ratio, whether the applicant smokes, and the expense category from the "
	"sample form. Extract the deposit amount from each deposit slip.\n"
	"\n"
	"The allowed categories are airfare, lodging, and meals.\n"
	"The total deposits are the sum of the deposit amounts.\n"
	"\n"
	"Require two deposit slips.\n"
	"If the claimed amount exceeds $50,000 or the interest rate is more than 7.5%, escalate "
	"to review.\n"
	"If the coverage ratio is below 1.25x, flag the file.\n"
	"If the applicant smokes, apply tobacco rates.\n"
	"If the expense category is not one of the allowed categories, reject the sample.\n"
	"If the total deposits are between $8,000 and $10,000, file a report.\n"
	"The rate cap is the value in Table 1 for the expense category.\n"
	"If the interest rate exceeds the rate cap, flag the rate.\n"
	"\n"
	"Table 1 - Rate caps\n"
	"\n"
	"| Expense Category | Rate Cap |\n"
	"|---|---|\n"
	"| Airfare | 5% |\n"
	"| Lodging or meals | 7% |\n"
	"| Any | N/A |\n";

/* A document: headings, a Purpose paragraph (commentary), clauses, a
 * requirement group, a list of rules: the source map under OOM. */
static const char document_policy[] =
	"Policy: Term Lending\n"
	"Version: 1.0.0\n"
	"Effective: January 1, 2026\n"
	"\n"
	"## Purpose\n"
	"\n"
	"This policy sets the credit standards for term loans.\n"
	"\n"
	"## 1. Eligibility\n"
	"\n"
	"When a new loan application arrives, extract the loan amount and the credit score from "
	"the application form.\n"
	"\n"
	"1.1 The credit score must be at least 660.\n"
	"\n"
	"1.2 An application that fails any requirement in this section is declined.\n"
	"\n"
	"If the loan amount exceeds $1,000,000:\n"
	"- refer the application to the credit committee;\n"
	"- request two appraisals.\n";

/* Values no sentence sources (inputs read from facts or any document). */
static const char inputs_policy[] =
	"Policy: Inputs\n"
	"Version: 1\n"
	"Effective: January 1, 2026\n"
	"\n"
	"When a new loan application arrives, extract the loan amount from the loan application.\n"
	"If the credit score is less than 500, decline the application.\n"
	"If the loan amount exceeds the maximum loan amount, refer the application.\n"
	"If the property state is Florida, order a wind inspection.\n";

/* A judgment and its negation: one model step. */
static const char judged_policy[] =
	"Policy: Judged\n"
	"Version: 1\n"
	"Effective: January 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the cause of loss from the claim form.\n"
	"Confirm that the damage described in the adjuster notes is consistent with the cause of "
	"loss.\n"
	"If the damage is not consistent with the cause of loss, refer the claim to the special "
	"investigations unit.\n"
	"If the adjuster notes do not indicate that the damage is severe, close the review.\n";

/* Two errors and a hint: the report is built under OOM too. */
static const char bad_policy[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the claimed amount from the claim form.\n"
	"If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n"
	"Frobnicate the widgets thoroughly whenever.\n";

static const char claim_form[] =
	"NORTHWIND MUTUAL INSURANCE COMPANY\n"
	"Policy Number: HO-4471-0932\n"
	"\f"
	"Date of Loss: March 3, 2026\n"
	"Amount Claimed: $72,400.00\n";

static const char sample_form[] =
	"Claimed Amount: $12,000.00\n"
	"Date of Loss: 2026-02-01\n"
	"Interest Rate: 8.25%\n"
	"Coverage Ratio: 1.1x\n"
	"Applicant Smokes? [X] Yes [ ] No\n"
	"Expense Category: lodging\n";

/* ---- the loop ---- */

typedef policy_status (*oom_body)(const policy_allocator *a, void *ctx);

/* The second mode: only the n-th allocation fails and later ones succeed
 * again (SQLite's "transient" faults), which catches code that carries on
 * after a failure as if nothing happened. Atomic: worker threads
 * allocate too. */
typedef struct oneshot {
	size_t fail_at, calls;
	long live;
	bool failed;
} oneshot;

static bool oneshot_fails(oneshot *o)
{
	size_t call = __atomic_add_fetch(&o->calls, 1, __ATOMIC_SEQ_CST);
	if (call != o->fail_at)
		return false;
	__atomic_store_n(&o->failed, true, __ATOMIC_SEQ_CST);
	return true;
}

static void *oneshot_malloc(size_t size, void *ud)
{
	oneshot *o = ud;
	void *p = oneshot_fails(o) ? NULL : malloc(size);
	if (p)
		__atomic_add_fetch(&o->live, 1, __ATOMIC_SEQ_CST);
	return p;
}

static void *oneshot_realloc(void *ptr, size_t size, void *ud)
{
	oneshot *o = ud;
	void *p = oneshot_fails(o) ? NULL : realloc(ptr, size);
	if (p && !ptr)
		__atomic_add_fetch(&o->live, 1, __ATOMIC_SEQ_CST);
	return p;
}

static void oneshot_free(void *ptr, void *ud)
{
	oneshot *o = ud;
	if (ptr)
		__atomic_sub_fetch(&o->live, 1, __ATOMIC_SEQ_CST);
	free(ptr);
}

/* Run body with the n-th allocation failing, n = 1, 2, ... until a run
 * sees no failure: first with every allocation from the n-th on failing
 * (support.c's counting allocator), then with only the n-th failing.
 * Returns the number of allocations the operation made. */
static size_t oom_loop(const char *what, oom_body body, void *ctx)
{
	counting cnt = { 0 };
	policy_allocator a = counting_allocator(&cnt);
	size_t n;
	for (n = 1;; n++) {
		counting_reset(&cnt);
		cnt.fail_after = n;
		policy_status st = body(&a, ctx);
		if (cnt.live != 0)
			fail_msg("%s: %zu blocks leaked when allocation %zu failed (status %s)", what,
			         cnt.live, n, policy_status_name(st));
		if (!cnt.failed) {
			if (st != POLICY_OK)
				fail_msg("%s: no allocation failed but the call returned %s", what,
				         policy_status_name(st));
			break;
		}
		if (st != POLICY_ERR_NOMEM)
			fail_msg("%s: allocation %zu failed but the call returned %s", what, n,
			         policy_status_name(st));
		if (n > 200000)
			fail_msg("%s: does not finish", what);
	}
	counting_destroy(&cnt);
	assert_true(n > 1);
	size_t total = n - 1;
	for (n = 1;; n++) {
		oneshot o = { n, 0, 0, false };
		policy_allocator one = { oneshot_malloc, oneshot_realloc, oneshot_free, &o };
		policy_status st = body(&one, ctx);
		if (o.live != 0)
			fail_msg("%s: %ld blocks leaked when only allocation %zu failed (status %s)",
			         what, o.live, n, policy_status_name(st));
		if (!o.failed) {
			assert_int_equal(st, POLICY_OK);
			break;
		}
		if (st != POLICY_ERR_NOMEM)
			fail_msg("%s: only allocation %zu failed but the call returned %s", what, n,
			         policy_status_name(st));
	}
	return total;
}

/* A failed call's error object: NULL or an out-of-memory report. */
static void expect_nomem_error(policy_status st, policy_error *err)
{
	if (st == POLICY_ERR_NOMEM && err)
		assert_int_equal(policy_error_code(err), POLICY_ERR_NOMEM);
	policy_error_free(err);
}

/* ---- compiling ---- */

static policy_status compile_body_fn(const policy_allocator *a, void *ctx)
{
	const char *text = ctx;
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.allocator = a;
	policy_plan *plan = (policy_plan *)&plan; /* must be overwritten */
	policy_error *err = NULL;
	policy_status st = policy_compile(text, strlen(text), &o, &plan, &err);
	if (st != POLICY_OK) {
		assert_null(plan);
		assert_non_null(err);
	}
	expect_nomem_error(st, err);
	/* the views of a plan: inspect, the canonical English, the source map */
	policy_status (*const views[])(const policy_plan *, char **, size_t *) = {
		policy_plan_inspect, policy_plan_english, policy_plan_sources
	};
	for (size_t v = 0; v < sizeof views / sizeof views[0] && st == POLICY_OK; v++) {
		char *view = NULL;
		st = views[v](plan, &view, NULL);
		if (st != POLICY_OK)
			assert_null(view);
		policy_free(view);
	}
	policy_plan_free(plan);
	return st;
}

static void test_oom_compile(void **state)
{
	(void)state;
	size_t n = oom_loop("policy_compile (claims)", compile_body_fn, (void *)claims_policy);
	print_message("policy_compile (claims): %zu allocations\n", n);
	n = oom_loop("policy_compile (sampler)", compile_body_fn, (void *)sampler_policy);
	print_message("policy_compile (sampler): %zu allocations\n", n);
	n = oom_loop("policy_compile (document)", compile_body_fn, (void *)document_policy);
	print_message("policy_compile (document): %zu allocations\n", n);
	n = oom_loop("policy_compile (inputs)", compile_body_fn, (void *)inputs_policy);
	print_message("policy_compile (inputs): %zu allocations\n", n);
	n = oom_loop("policy_compile (judged)", compile_body_fn, (void *)judged_policy);
	print_message("policy_compile (judged): %zu allocations\n", n);
}

/* The compile-time assistant: two sentences restated, checked, placed,
 * the passes run again, the plan finished; then the same from the lock
 * alone; then a restatement that does not compile and one that adds an
 * amount, whose errors are built under OOM too. */
static const char assisted_policy[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the claimed amount and the loss type.\n"
	"If the claimed amount exceeds $50,000, escalate the claim to senior adjuster review.\n"
	"Otherwise, route the claim to standard processing.\n"
	"A loss type of theft sends the claim straight on to the special investigations unit.\n"
	"Claims whose loss type is fire go off to the fire marshal for a look.\n";

static policy_status oom_assistant(const char *request, policy_reply *reply, void *ud)
{
	const char *const *answers = ud;
	const char *r = strstr(request, "\"sentence\":\"Anything") ? answers[0] : answers[1];
	return policy_reply_set_json(reply, r, strlen(r));
}

typedef struct assist_ctx {
	const char *const *answers; /* theft, fire; NULL: no assistant */
	const char *lock;
	policy_status want;
} assist_ctx;

static policy_status assisted_fn(const policy_allocator *a, void *ctx)
{
	const assist_ctx *x = ctx;
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.allocator = a;
	if (x->answers) {
		o.assist = oom_assistant;
		o.assist_user_data = (void *)x->answers;
	}
	o.assist_lock = x->lock;
	o.assist_lock_len = x->lock ? strlen(x->lock) : 0;
	policy_plan *plan = (policy_plan *)&plan;
	policy_error *err = NULL;
	policy_status st =
	        policy_compile(assisted_policy, strlen(assisted_policy), &o, &plan, &err);
	if (st != POLICY_OK)
		assert_null(plan);
	if (st == POLICY_OK)
		assert_int_equal(policy_plan_assisted_count(plan), 2);
	if (st == POLICY_ERR_NOMEM)
		expect_nomem_error(st, err);
	else
		assert_int_equal(st, x->want);
	policy_error_free(err);
	policy_plan_free(plan);
	return st == x->want ? POLICY_OK : st;
}

static void test_oom_assist(void **state)
{
	(void)state;
	static const char *const good[] = {
		"{\"restatements\": [\"If the loss type is theft, route the claim to the special "
		"investigations unit.\"], \"model\": \"m\"}",
		"{\"restatements\": [\"If the loss type is fire, route the claim to the fire marshal.\"]}",
	};
	static const char *const bad[] = {
		"{\"restatements\": [\"If the loss type is theft route it whenever.\"]}",
		"{\"restatements\": [\"If the claimed amount exceeds $75,000, route the claim to the "
		"fire marshal.\"]}",
	};
	assist_ctx x = { good, NULL, POLICY_OK };
	size_t n = oom_loop("policy_compile (assisted)", assisted_fn, &x);
	print_message("policy_compile (assisted): %zu allocations\n", n);
	/* the lock a host would write */
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.assist = oom_assistant;
	o.assist_user_data = (void *)good;
	policy_plan *plan = NULL;
	assert_int_equal(policy_compile(assisted_policy, strlen(assisted_policy), &o, &plan, NULL),
	                 POLICY_OK);
	char lock[4096];
	int len = snprintf(lock, sizeof lock, "{\"format\": \"libpolicy-assist-lock/1\", \"entries\": [");
	for (size_t i = 0; i < policy_plan_assisted_count(plan); i++)
		len += snprintf(lock + len, sizeof lock - (size_t)len,
		                "%s{\"entry\": \"%s\", \"sentence\": \"%s\", \"restatement\": \"%s\"}",
		                i ? ", " : "", policy_plan_assisted_entry(plan, i),
		                policy_plan_assisted_sentence(plan, i),
		                policy_plan_assisted_restatement(plan, i));
	snprintf(lock + len, sizeof lock - (size_t)len, "]}");
	policy_plan_free(plan);
	x = (assist_ctx){ NULL, lock, POLICY_OK };
	oom_loop("policy_compile (from the lock)", assisted_fn, &x);
	x = (assist_ctx){ bad, NULL, POLICY_ERR_COMPILE };
	oom_loop("policy_compile (restatements refused)", assisted_fn, &x);
}

/* A policy with errors: under OOM the call is NOMEM; without, COMPILE with
 * the full report (its rendering is exercised below). */
static policy_status compile_errors_fn(const policy_allocator *a, void *ctx)
{
	(void)ctx;
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.allocator = a;
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_compile(bad_policy, strlen(bad_policy), &o, &plan, &err);
	assert_null(plan);
	assert_non_null(err);
	assert_int_equal(policy_error_code(err), st);
	if (st == POLICY_ERR_COMPILE)
		assert_int_equal(policy_error_diagnostic_count(err), 2);
	policy_error_free(err);
	return st == POLICY_ERR_COMPILE ? POLICY_OK : st;
}

static void test_oom_compile_errors(void **state)
{
	(void)state;
	oom_loop("policy_compile (errors)", compile_errors_fn, NULL);
}

/* Rendering a report that was built without trouble: the report's own
 * allocator fails while rendering. */
static void test_oom_error_render(void **state)
{
	(void)state;
	counting cnt = { 0 };
	policy_allocator a = counting_allocator(&cnt);
	size_t n;
	for (n = 1;; n++) {
		counting_reset(&cnt);
		policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
		o.allocator = &a;
		policy_plan *plan = NULL;
		policy_error *err = NULL;
		assert_int_equal(policy_compile(bad_policy, strlen(bad_policy), &o, &plan, &err),
		                 POLICY_ERR_COMPILE);
		cnt.fail_after = cnt.calls + n;
		char *out = NULL;
		size_t len = 0;
		policy_status st = policy_error_render(err, "claims.txt", bad_policy,
		                                       strlen(bad_policy), &out, &len);
		bool failed = cnt.failed;
		if (failed) {
			assert_int_equal(st, POLICY_ERR_NOMEM);
			assert_null(out);
		} else {
			assert_int_equal(st, POLICY_OK);
			assert_non_null(strstr(out, "claims.txt:6:4: error:"));
		}
		policy_free(out);
		policy_error_free(err);
		assert_int_equal(cnt.live, 0);
		if (!failed)
			break;
	}
	assert_true(n > 1);
	counting_destroy(&cnt);
}

/* ---- plans ---- */

static policy_status load_fn(const policy_allocator *a, void *ctx)
{
	const char *json = ctx;
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.allocator = a;
	policy_plan *plan = (policy_plan *)&plan;
	policy_error *err = NULL;
	policy_status st = policy_plan_load(json, strlen(json), &o, &plan, &err);
	if (st != POLICY_OK) {
		assert_null(plan);
		assert_non_null(err);
	}
	expect_nomem_error(st, err);
	if (st == POLICY_OK) {
		char *again = NULL;
		size_t len = 0;
		st = policy_plan_save(plan, &again, &len);
		if (st == POLICY_OK)
			assert_int_equal(len, strlen(json));
		else
			assert_null(again);
		policy_free(again);
	}
	policy_plan_free(plan);
	return st;
}

static void test_oom_plan_load(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(sampler_policy);
	char *json = save_plan(plan, NULL);
	policy_plan_free(plan);
	size_t n = oom_loop("policy_plan_load", load_fn, json);
	print_message("policy_plan_load + save: %zu allocations\n", n);
	free(json);
}

/* ---- cases, hosts ---- */

static policy_case *make_claims_case(const policy_allocator *a, policy_status *st)
{
	policy_case *c = (policy_case *)&c;
	*st = policy_case_new(a, &c);
	if (*st != POLICY_OK) {
		assert_null(c);
		return NULL;
	}
	if ((*st = policy_case_set_id(c, "CL-1")) != POLICY_OK ||
	    (*st = policy_case_add_document(c, "claim form", claim_form, strlen(claim_form))) !=
	            POLICY_OK ||
	    (*st = policy_case_add_fact(c, "policy effective date", "\"2025-06-01\"", 12)) !=
	            POLICY_OK ||
	    (*st = policy_case_add_fact(c, "policy expiration date", "\"2026-06-01\"", 12)) !=
	            POLICY_OK) {
		policy_case_free(c);
		return NULL;
	}
	return c;
}

static policy_case *make_labels_case(const policy_allocator *a, policy_status *st)
{
	static const char invoice[] = "ACME SUPPLY CO.\nInvoice No.: 4411\n2FA Required: Yes\n"
	                              "Progress: 70%\nLine Total: $12,500.00\n";
	policy_case *c = NULL;
	*st = policy_case_new(a, &c);
	if (*st != POLICY_OK)
		return NULL;
	if ((*st = policy_case_add_document(c, "invoice", invoice, strlen(invoice))) != POLICY_OK) {
		policy_case_free(c);
		return NULL;
	}
	return c;
}

/* The inputs policy's values: one from a fact, the others from documents
 * no sentence names, two of which agree. */
static policy_case *make_inputs_case(const policy_allocator *a, policy_status *st)
{
	static const char application[] = "Loan Amount: $200,000\nProperty State: Ohio\n"
	                                  "Credit Score: 610\n";
	static const char report[] = "CREDIT REPORT\nCredit Score: 610\n";
	policy_case *c = NULL;
	*st = policy_case_new(a, &c);
	if (*st != POLICY_OK)
		return NULL;
	if ((*st = policy_case_add_document(c, "loan application", application,
	                                    strlen(application))) != POLICY_OK ||
	    (*st = policy_case_add_document(c, "credit report", report, strlen(report))) !=
	            POLICY_OK ||
	    (*st = policy_case_add_fact(c, "maximum loan amount", "300000", 6)) != POLICY_OK) {
		policy_case_free(c);
		return NULL;
	}
	return c;
}

static policy_case *make_sample_case(const policy_allocator *a, policy_status *st)
{
	policy_case *c = NULL;
	*st = policy_case_new(a, &c);
	if (*st != POLICY_OK)
		return NULL;
	if ((*st = policy_case_add_document(c, "sample form", sample_form, strlen(sample_form))) !=
	            POLICY_OK ||
	    (*st = policy_case_add_document(c, "deposit slip", "Deposit Amount: $4,200.00\n", 26)) !=
	            POLICY_OK ||
	    (*st = policy_case_add_document(c, "deposit slip", "Deposit Amount: $4,300.00\n", 26)) !=
	            POLICY_OK) {
		policy_case_free(c);
		return NULL;
	}
	return c;
}

/* ---- executing ---- */

typedef struct exec_ctx {
	const policy_plan *plan;
	bool sampler;
	unsigned threads;
	bool host;
	bool inputs;
	bool labels;
} exec_ctx;

/* Everything a host reads from a finished execution. */
static policy_status use_results(policy_exec *x, const policy_plan *plan)
{
	char *s = NULL;
	policy_status st = policy_exec_decision_json(x, &s, NULL);
	policy_free(s);
	if (st != POLICY_OK)
		return st;
	const policy_trail *t = policy_exec_trail(x);
	assert_non_null(t);
	if ((st = policy_trail_verify(t, plan, NULL)) != POLICY_OK)
		return st;
	s = NULL;
	if ((st = policy_trail_explain(t, &s, NULL)) != POLICY_OK) {
		assert_null(s);
		return st;
	}
	policy_free(s);
	s = NULL;
	if ((st = policy_trail_to_jsonl(t, &s, NULL)) != POLICY_OK) {
		assert_null(s);
		return st;
	}
	policy_free(s);
	policy_trail_iter *it = NULL;
	if ((st = policy_trail_iter_new(t, &it)) != POLICY_OK)
		return st;
	while (policy_trail_iter_next(it))
		assert_non_null(policy_trail_iter_step_id(it));
	policy_trail_iter_free(it);
	return POLICY_OK;
}

static policy_status extract_cb(const char *doc_type, const char *field, policy_type type,
                                const char *request_json, policy_reply *reply, void *user_data)
{
	(void)doc_type;
	(void)request_json;
	(void)user_data;
	const char *answer = type == POLICY_TYPE_MONEY ? "{\"value\":\"72400.00\"}" :
	                     type == POLICY_TYPE_DATE ? "{\"value\":\"2026-03-03\"}" :
	                     strstr(field, "number") ? "{\"value\":\"HO-4471-0932\"}" :
	                                                "{\"missing\":\"not on the form\"}";
	return policy_reply_set_json(reply, answer, strlen(answer));
}

static policy_status lookup_cb(const char *fact, const char *request_json, policy_reply *reply,
                               void *user_data)
{
	(void)request_json;
	(void)user_data;
	const char *answer = strstr(fact, "expiration") ? "{\"value\":\"2026-06-01\"}"
	                                                : "{\"value\":\"2025-06-01\"}";
	return policy_reply_set_json(reply, answer, strlen(answer));
}

static int64_t test_clock(void *user_data)
{
	(void)user_data;
	return 1767225600000;
}

static policy_status execute_fn(const policy_allocator *a, void *ctx)
{
	const exec_ctx *e = ctx;
	policy_status st;
	policy_case *c = e->labels    ? make_labels_case(a, &st) :
	                 e->inputs    ? make_inputs_case(a, &st) :
	                 e->sampler   ? make_sample_case(a, &st) :
	                                make_claims_case(a, &st);
	if (!c)
		return st;
	policy_host *host = NULL;
	if (e->host) {
		if ((st = policy_host_new(a, &host)) != POLICY_OK) {
			assert_null(host);
			policy_case_free(c);
			return st;
		}
		policy_host_set_extract_func(host, extract_cb, NULL, NULL);
		policy_host_set_lookup_func(host, lookup_cb, NULL, NULL);
		policy_host_set_now_func(host, test_clock, NULL, NULL);
	}
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.allocator = a;
	o.threads = e->threads;
	policy_exec *x = (policy_exec *)&x;
	policy_error *err = NULL;
	st = policy_execute(e->plan, host, c, &o, &x, &err);
	if (st != POLICY_OK) {
		assert_null(x);
		assert_non_null(err);
	}
	expect_nomem_error(st, err);
	policy_case_free(c);
	policy_host_free(host);
	if (st == POLICY_OK) {
		assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
		st = use_results(x, e->plan);
	}
	policy_exec_free(x);
	return st;
}

static void test_oom_execute(void **state)
{
	(void)state;
	policy_plan *claims = compile_ok(claims_policy);
	policy_plan *sampler = compile_ok(sampler_policy);
	policy_plan *inputs = compile_ok(inputs_policy);
	policy_plan *labels = compile_ok(labels_policy);
	exec_ctx runs[] = {
		{ claims, false, 1, false, false, false },
		{ claims, false, 4, false, false, false },
		{ claims, false, 1, true, false, false },
		{ claims, false, 2, true, false, false },
		{ sampler, true, 1, false, false, false },
		{ sampler, true, 3, false, false, false },
		{ inputs, false, 1, false, true, false },
		{ labels, false, 1, false, false, true },
	};
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		char what[96];
		snprintf(what, sizeof what, "policy_execute (%s, %u thread(s)%s)",
		         runs[i].labels ? "labels" : runs[i].inputs ? "inputs" :
		         runs[i].sampler ? "sampler" : "claims",
		         runs[i].threads,
		         runs[i].host ? ", host callbacks" : "");
		size_t n = oom_loop(what, execute_fn, &runs[i]);
		print_message("%s: %zu allocations\n", what, n);
	}
	policy_plan_free(claims);
	policy_plan_free(sampler);
	policy_plan_free(inputs);
	policy_plan_free(labels);
}

/* The sans-I/O loop: tasks answered in turn with a JSON answer, a
 * failure, and the built-in extractor. */
static policy_status sans_io_fn(const policy_allocator *a, void *ctx)
{
	const policy_plan *plan = ctx;
	policy_status st;
	policy_case *c = make_claims_case(a, &st);
	if (!c)
		return st;
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.allocator = a;
	o.now = test_clock;
	policy_exec *x = (policy_exec *)&x;
	policy_error *err = NULL;
	st = policy_exec_new(plan, c, &o, &x, &err);
	policy_case_free(c);
	if (st != POLICY_OK) {
		assert_null(x);
		expect_nomem_error(st, err);
		return st;
	}
	assert_null(err);
	unsigned k = 0;
	for (;;) {
		const policy_task *t = NULL;
		if ((st = policy_exec_next(x, &t)) != POLICY_OK || !t)
			break;
		switch (k++ % 3) {
		case 0:
			st = policy_exec_complete_builtin(x, t);
			break;
		case 1: {
			const char *answer = policy_task_type(t) == POLICY_TYPE_DATE
			                             ? "{\"value\":\"2026-03-03\",\"evidence\":{\"page\":2}}"
			                             : "{\"value\":\"72400.00\"}";
			st = policy_exec_complete(x, t, answer, strlen(answer));
			break;
		}
		default:
			st = policy_exec_fail(x, t, "the system of record is down");
			break;
		}
		if (st != POLICY_OK)
			break;
	}
	if (st == POLICY_OK) {
		assert_int_not_equal(policy_exec_outcome(x), POLICY_OUTCOME_PENDING);
		st = use_results(x, plan);
	}
	policy_exec_free(x);
	return st;
}

static void test_oom_sans_io(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	size_t n = oom_loop("sans-I/O execution", sans_io_fn, plan);
	print_message("sans-I/O execution: %zu allocations\n", n);
	policy_plan_free(plan);
}

/* One execution deciding twice: typed answers, a reset, JSON answers;
 * what a host reads is made when it reads it, under OOM too. */
static policy_status answer_typed(policy_exec *x, const policy_task *t)
{
	switch (policy_task_type(t)) {
	case POLICY_TYPE_DATE:
		return policy_answer_date(x, t, 2026, 3, 3,
		                          policy_task_step(t) == 1 ? "{\"document\": \"claim form\"}" : NULL);
	case POLICY_TYPE_MONEY:
		return policy_answer_number(x, t, 7240000, 2, NULL);
	default:
		return policy_answer_text(x, t, "HO-4471-0932", 12, NULL);
	}
}

static policy_status reuse_fn(const policy_allocator *a, void *ctx)
{
	const policy_plan *plan = ctx;
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.allocator = a;
	o.now = test_clock;
	policy_exec *x = (policy_exec *)&x;
	policy_error *err = NULL;
	policy_status st = policy_exec_new(plan, NULL, &o, &x, &err);
	if (st != POLICY_OK) {
		assert_null(x);
		expect_nomem_error(st, err);
		return st;
	}
	for (int round = 0; round < 2 && st == POLICY_OK; round++) {
		if (round && (st = policy_exec_reset(x, NULL, &err)) != POLICY_OK) {
			expect_nomem_error(st, err);
			break;
		}
		for (;;) {
			const policy_task *t = NULL;
			if ((st = policy_exec_next(x, &t)) != POLICY_OK || !t)
				break;
			if (round == 0) {
				st = answer_typed(x, t);
			} else {
				const char *answer = policy_task_type(t) == POLICY_TYPE_DATE
				                             ? "{\"value\":\"2026-03-03\"}"
				                             : "{\"value\":\"72400.00\"}";
				st = policy_exec_complete(x, t, answer, strlen(answer));
			}
			if (st == POLICY_OK && !policy_task_request_json(t))
				st = POLICY_ERR_NOMEM;
			if (st != POLICY_OK)
				break;
		}
		if (st == POLICY_OK)
			st = use_results(x, plan);
	}
	policy_exec_free(x);
	return st;
}

static void test_oom_reuse(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	size_t n = oom_loop("typed answers, reset, JSON answers", reuse_fn, plan);
	print_message("typed answers, reset, JSON answers: %zu allocations\n", n);
	policy_plan_free(plan);
}

/* ---- trails read back ---- */

typedef struct trail_ctx {
	const char *jsonl;
	const policy_plan *plan;
} trail_ctx;

static policy_status trail_fn(const policy_allocator *a, void *ctx)
{
	const trail_ctx *tc = ctx;
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.allocator = a;
	policy_trail *t = (policy_trail *)&t;
	policy_error *err = NULL;
	policy_status st = policy_trail_load(tc->jsonl, strlen(tc->jsonl), &o, &t, &err);
	if (st != POLICY_OK) {
		assert_null(t);
		assert_non_null(err);
	}
	expect_nomem_error(st, err);
	if (st != POLICY_OK)
		return st;
	err = NULL;
	st = policy_trail_verify(t, tc->plan, &err);
	expect_nomem_error(st, err);
	char *s = NULL;
	if (st == POLICY_OK && (st = policy_trail_explain(t, &s, NULL)) == POLICY_OK) {
		policy_free(s);
		s = NULL;
		st = policy_trail_to_jsonl(t, &s, NULL);
		if (st == POLICY_OK)
			assert_string_equal(s, tc->jsonl);
		policy_free(s);
	}
	if (st == POLICY_OK) {
		policy_trail_iter *it = NULL;
		st = policy_trail_iter_new(t, &it);
		policy_trail_iter_free(it);
	}
	policy_trail_free(t);
	return st;
}

static void test_oom_trail(void **state)
{
	(void)state;
	policy_plan *plan = compile_ok(claims_policy);
	policy_status st;
	policy_case *c = make_claims_case(NULL, &st);
	assert_non_null(c);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(plan, NULL, c, NULL, &x, NULL), POLICY_OK);
	char *jsonl = NULL;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, NULL), POLICY_OK);
	trail_ctx tc = { jsonl, plan };
	size_t n = oom_loop("policy_trail_load", trail_fn, &tc);
	print_message("policy_trail_load + verify + explain + export: %zu allocations\n", n);
	policy_free(jsonl);
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_compile),
		cmocka_unit_test(test_oom_compile_errors),
		cmocka_unit_test(test_oom_assist),
		cmocka_unit_test(test_oom_error_render),
		cmocka_unit_test(test_oom_plan_load),
		cmocka_unit_test(test_oom_execute),
		cmocka_unit_test(test_oom_sans_io),
		cmocka_unit_test(test_oom_reuse),
		cmocka_unit_test(test_oom_trail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
