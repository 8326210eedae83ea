/*
 * What the fuzz targets share: a counting allocator, invariant checks, the
 * policies they run, and helpers that drive an execution to its end.
 *
 * Every target uses only include/policy.h, as a host would. Besides "does
 * not crash" (ASan, UBSan, LSan under libFuzzer) each target checks
 * invariants the API promises and aborts when one fails, so the fuzzer
 * reports it like a crash:
 *
 *   - a function that fails leaves no handle (*out NULL) and its error
 *     object carries the status it returned;
 *   - every allocation made through the allocator hook is released when
 *     the handles are freed (counted here, independently of LSan);
 *   - what the library writes, it reads back: a saved plan loads and saves
 *     to the same bytes; an exported trail loads, verifies against its plan
 *     and exports to the same bytes;
 *   - text it hands out (reports, decisions, trails, explanations) is valid
 *     UTF-8 without NUL bytes, whatever the input was.
 *
 * The same sources are compiled into tests/test_fuzz_regressions.c (with
 * FUZZ_ENTRY renamed per target), which replays fuzz/regressions/ under
 * the normal test suite: every input that once crashed stays a test.
 */
#ifndef POLICY_FUZZ_COMMON_H
#define POLICY_FUZZ_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

int FUZZ_ENTRY(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
			        #cond);                                                    \
			abort();                                                           \
		}                                                                          \
	} while (0)

/* ---- a counting allocator ---- */

/* Live allocations through fuzz_allocator; threads may allocate too. */
static long fuzz_live;

static inline void *fuzz_malloc(size_t size, void *ud)
{
	(void)ud;
	void *p = malloc(size);
	if (p)
		__atomic_add_fetch(&fuzz_live, 1, __ATOMIC_RELAXED);
	return p;
}

static inline void *fuzz_realloc(void *ptr, size_t size, void *ud)
{
	(void)ud;
	void *p = realloc(ptr, size);
	if (p && !ptr)
		__atomic_add_fetch(&fuzz_live, 1, __ATOMIC_RELAXED);
	return p;
}

static inline void fuzz_free(void *ptr, void *ud)
{
	(void)ud;
	if (ptr)
		__atomic_sub_fetch(&fuzz_live, 1, __ATOMIC_RELAXED);
	free(ptr);
}

__attribute__((unused)) static const policy_allocator fuzz_allocator = {
	fuzz_malloc, fuzz_realloc, fuzz_free, NULL
};

static inline long fuzz_live_allocations(void)
{
	return __atomic_load_n(&fuzz_live, __ATOMIC_RELAXED);
}

/* Text the library hands out is valid UTF-8 without NUL bytes, whatever
 * the input was: hosts print it and bindings decode it. */
static inline void fuzz_check_text(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		FUZZ_CHECK(c != 0);
		size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 :
		           c >= 0xF0 && c <= 0xF4 ? 4 : 0;
		FUZZ_CHECK(n != 0 && i + n <= len);
		for (size_t k = 1; k < n; k++)
			FUZZ_CHECK((p[i + k] & 0xC0) == 0x80);
		if (n == 3)
			FUZZ_CHECK(!(c == 0xE0 && p[i + 1] < 0xA0) && !(c == 0xED && p[i + 1] > 0x9F));
		if (n == 4)
			FUZZ_CHECK(!(c == 0xF0 && p[i + 1] < 0x90) && !(c == 0xF4 && p[i + 1] > 0x8F));
		i += n;
	}
}

/* A status and the error object that came with it agree. */
static inline void fuzz_check_error(policy_status st, policy_error *err, const char *source,
                                    size_t len)
{
	if (st == POLICY_OK) {
		FUZZ_CHECK(!err || policy_error_code(err) == POLICY_OK);
	} else if (err) {
		FUZZ_CHECK(policy_error_code(err) == st);
		FUZZ_CHECK(policy_error_message(err) != NULL);
	}
	if (err) {
		char *text = NULL;
		size_t n = 0;
		policy_status rs = policy_error_render(err, "fuzz", source, len, &text, &n);
		FUZZ_CHECK(rs == POLICY_OK || rs == POLICY_ERR_NOMEM);
		if (rs == POLICY_OK)
			fuzz_check_text(text, n);
		policy_free(text);
		size_t count = policy_error_diagnostic_count(err);
		for (size_t i = 0; i < count; i++) {
			const char *msg = policy_error_diagnostic_message(err, i);
			FUZZ_CHECK(msg != NULL);
			fuzz_check_text(msg, strlen(msg));
			(void)policy_error_diagnostic_line(err, i);
			(void)policy_error_diagnostic_column(err, i);
			(void)policy_error_diagnostic_hint(err, i);
		}
	}
	policy_error_free(err);
}

/* ---- policies ---- */

/* A policy that extracts one field of every type, from a form and from each
 * of several slips, looks up a fact by a key, and uses them all. */
__attribute__((unused)) static const char fuzz_policy_sampler[] =
	"Policy: Field Sampler\n"
	"Version: 1.0.0\n"
	"Effective: January 1, 2026\n"
	"\n"
	"When a new sample case arrives, extract the claimed amount, the date of loss, the policy "
	"number, the number of dependents, the interest rate, the coverage ratio, whether the "
	"applicant smokes, and the expense category from the sample form. Extract the deposit "
	"amount from each deposit slip. Look up the credit score for the policy number in the "
	"credit bureau.\n"
	"\n"
	"The allowed categories are airfare, lodging, and meals.\n"
	"The total deposits are the sum of the deposit amounts.\n"
	"The days late is the number of days from the date of loss to March 1, 2026.\n"
	"\n"
	"Require two deposit slips.\n"
	"Verify that the credit score is at least 620.\n"
	"If the claimed amount exceeds $50,000 or the interest rate is more than 7.5%, escalate "
	"to review.\n"
	"If the coverage ratio is below 1.25x, flag the file.\n"
	"If the applicant smokes, apply tobacco rates.\n"
	"If the expense category is not one of the allowed categories, reject the sample.\n"
	"If the total deposits are between $8,000 and $10,000, file a report.\n"
	"If the number of dependents is more than three, request a review.\n"
	"If the days late is more than 30, notify the manager.\n"
	"Otherwise, approve the sample.\n";

__attribute__((unused)) static const char fuzz_policy_claims[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the policy number, date of loss, and claimed "
	"amount from the claim form. Look up the policy effective date and the policy expiration "
	"date in the carrier system.\n"
	"\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy "
	"effective date and on or before the policy expiration date.\n"
	"\n"
	"Verify that the policy was active on the date of loss. If it was not, deny the claim.\n"
	"\n"
	"If the policy was active on the date of loss:\n"
	"- If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n"
	"- Otherwise, route the claim to standard processing.\n";

__attribute__((unused)) static const char fuzz_policy_construction[] =
	"Policy: Construction Lending Standards\n"
	"Version: 2.0.0\n"
	"Effective: January 15, 2026\n"
	"\n"
	"When a new construction loan application arrives, extract the loan amount, the project "
	"state, and the contractor name from the loan application.\n"
	"\n"
	"For construction loans exceeding $5M, require three independent appraisals, verify "
	"contractor licensure in the project state, and confirm that the borrower's debt service "
	"coverage ratio exceeds 1.25x based on trailing twelve-month financials.\n"
	"\n"
	"Contractor licensure is verified when the contractor license status, looked up in the "
	"state licensing registry, is active.\n"
	"\n"
	"The debt service coverage ratio is the net operating income divided by the annual debt "
	"service, both taken from the financial statement.\n"
	"\n"
	"If all of these requirements are met, approve the loan for credit committee. Otherwise, "
	"refer the loan to the chief credit officer.\n"
	"\n"
	"For construction loans of $5M or less, route the application to standard underwriting.\n";

__attribute__((unused)) static const char fuzz_policy_life[] =
	"Policy: Term Life Underwriting Tiers\n"
	"Version: 6.0.0\n"
	"Effective: March 15, 2026\n"
	"\n"
	"When a new life insurance application arrives, extract the applicant's date of birth, the "
	"application date, the face amount, and whether the applicant uses tobacco from the "
	"application.\n"
	"\n"
	"The applicant's age is the number of whole years from the date of birth to the "
	"application date.\n"
	"\n"
	"Decline the application unless the applicant's age is between 18 and 65.\n"
	"\n"
	"For applicants whose age is between 18 and 65:\n"
	"- approve under simplified issue if the face amount is at most $500,000;\n"
	"- order a paramedical exam if the face amount is more than $500,000;\n"
	"- request an inspection report if the face amount exceeds $2,000,000;\n"
	"- apply tobacco rates if the applicant uses tobacco.\n";

__attribute__((unused)) static const char fuzz_policy_acknowledgment[] =
	"Policy: Claim Acknowledgment Timeliness\n"
	"Version: 1.1.0\n"
	"Effective: July 1, 2025\n"
	"\n"
	"When a new claim file review arrives, extract the received date and the acknowledgment "
	"date from the claim log.\n"
	"\n"
	"If the acknowledgment date is more than 15 days after the received date, or the claim log "
	"has no acknowledgment date, record a timeliness violation and notify the compliance "
	"officer.\n"
	"Otherwise, mark the file as compliant.\n";

typedef struct fuzz_policy {
	const char *text;
	size_t len;
	/* Document types fuzzed documents are given, in turn. */
	const char *doc_types[4];
	/* Facts for the built-in lookup: name, JSON value; NULL-terminated. */
	const char *facts[6];
} fuzz_policy;

#define FUZZ_POLICY(t) t, sizeof t - 1

__attribute__((unused)) static const fuzz_policy fuzz_policies[] = {
	{ FUZZ_POLICY(fuzz_policy_sampler), { "sample form", "deposit slip", "deposit slip", NULL },
	  { "credit score", "700", NULL } },
	{ FUZZ_POLICY(fuzz_policy_claims), { "claim form", NULL },
	  { "policy effective date", "\"2025-06-01\"", "policy expiration date", "\"2026-06-01\"",
	    NULL } },
	{ FUZZ_POLICY(fuzz_policy_construction),
	  { "loan application", "appraisal", "financial statement", "appraisal" },
	  { "contractor license status", "\"active\"", NULL } },
	{ FUZZ_POLICY(fuzz_policy_life), { "application", NULL }, { NULL } },
	{ FUZZ_POLICY(fuzz_policy_acknowledgment), { "claim log", NULL }, { NULL } },
};

enum { FUZZ_POLICY_COUNT = sizeof fuzz_policies / sizeof fuzz_policies[0] };

/* The policies compiled once (with malloc; shared by every input). */
static inline policy_plan *fuzz_plan(size_t i)
{
	static policy_plan *plans[FUZZ_POLICY_COUNT];
	i %= FUZZ_POLICY_COUNT;
	if (!plans[i]) {
		policy_error *err = NULL;
		if (policy_compile(fuzz_policies[i].text, fuzz_policies[i].len, NULL, &plans[i],
		                   &err) != POLICY_OK) {
			fprintf(stderr, "fuzz: built-in policy %zu does not compile: %s\n", i,
			        policy_error_message(err));
			abort();
		}
		policy_error_free(err);
	}
	return plans[i];
}

/* ---- checks on an execution's outputs ---- */

/* The decision renders; the trail exports, loads back, verifies against
 * the plan, exports to the same bytes and explains itself. */
static inline void fuzz_check_outputs(const policy_exec *x, const policy_plan *plan)
{
	char *json = NULL;
	size_t len = 0;
	policy_status st = policy_exec_decision_json(x, &json, &len);
	FUZZ_CHECK(st == POLICY_OK || st == POLICY_ERR_NOMEM);
	if (json)
		fuzz_check_text(json, len);
	policy_free(json);
	(void)policy_exec_failure(x);
	for (size_t i = 0; i < policy_exec_action_count(x); i++)
		FUZZ_CHECK(policy_exec_action_text(x, i) != NULL);
	for (size_t i = 0; i < policy_exec_failed_check_count(x); i++)
		FUZZ_CHECK(policy_exec_failed_check_text(x, i) != NULL);
	const policy_trail *trail = policy_exec_trail(x);
	if (!trail)
		return;
	FUZZ_CHECK(policy_trail_verify(trail, plan, NULL) == POLICY_OK);
	char *jsonl = NULL;
	size_t jl = 0;
	if (policy_trail_to_jsonl(trail, &jsonl, &jl) != POLICY_OK)
		return;
	fuzz_check_text(jsonl, jl);
	if (jl == 0) {
		/* A plan without steps leaves an empty trail, which the loader
		 * rejects on purpose: a trail cut to nothing is no trail. */
		FUZZ_CHECK(policy_trail_entry_count(trail) == 0);
		policy_free(jsonl);
		return;
	}
	policy_load_options lo = POLICY_LOAD_OPTIONS_INIT;
	lo.allocator = &fuzz_allocator;
	policy_trail *back = NULL;
	policy_error *err = NULL;
	st = policy_trail_load(jsonl, jl, &lo, &back, &err);
	if (st != POLICY_OK)
		fprintf(stderr, "fuzz: the trail does not load back: %s\n%.*s\n",
		        policy_error_message(err), (int)jl, jsonl);
	FUZZ_CHECK(st == POLICY_OK || (st == POLICY_ERR_LIMIT && jl > ((size_t)64 << 20)));
	policy_error_free(err);
	if (back) {
		FUZZ_CHECK(policy_trail_verify(back, plan, NULL) == POLICY_OK);
		char *again = NULL;
		size_t al = 0;
		if (policy_trail_to_jsonl(back, &again, &al) == POLICY_OK)
			FUZZ_CHECK(al == jl && memcmp(again, jsonl, jl) == 0);
		policy_free(again);
		char *text = NULL;
		st = policy_trail_explain(back, &text, NULL);
		FUZZ_CHECK(st == POLICY_OK || st == POLICY_ERR_NOMEM);
		policy_free(text);
		policy_trail_free(back);
	}
	policy_free(jsonl);
	char *text = NULL;
	size_t tl = 0;
	st = policy_trail_explain(trail, &text, &tl);
	FUZZ_CHECK(st == POLICY_OK || st == POLICY_ERR_NOMEM);
	if (text)
		fuzz_check_text(text, tl);
	policy_free(text);
}

/* A canonical answer for a task of `type`; `pick` varies the value. */
static inline const char *fuzz_sample_answer(policy_type type, unsigned pick)
{
	static const char *const samples[][3] = {
		[POLICY_TYPE_NONE] = { "{\"value\":\"x\"}", "{\"missing\":\"no\"}", "{\"value\":\"\"}" },
		[POLICY_TYPE_MONEY] = { "{\"value\":\"72400.00\"}", "{\"value\":\"0.00\"}",
		                        "{\"value\":\"$9,000\"}" },
		[POLICY_TYPE_NUMBER] = { "{\"value\":\"680\"}", "{\"value\":\"-3.5\"}",
		                         "{\"value\":4}" },
		[POLICY_TYPE_PERCENT] = { "{\"value\":\"0.45\"}", "{\"value\":\"8%\"}",
		                          "{\"value\":\"0\"}" },
		[POLICY_TYPE_RATIO] = { "{\"value\":\"1.25\"}", "{\"value\":\"0.9x\"}",
		                        "{\"value\":\"3\"}" },
		[POLICY_TYPE_COUNT] = { "{\"value\":\"3\"}", "{\"value\":\"0\"}", "{\"value\":7}" },
		[POLICY_TYPE_DATE] = { "{\"value\":\"2026-03-14\"}", "{\"value\":\"1999-12-31\"}",
		                       "{\"value\":\"March 1, 2026\"}" },
		[POLICY_TYPE_DURATION] = { "{\"value\":\"30 days\"}", "{\"value\":\"2 years\"}",
		                           "{\"value\":\"0 days\"}" },
		[POLICY_TYPE_BOOLEAN] = { "{\"value\":true}", "{\"value\":false}",
		                          "{\"value\":\"Yes\"}" },
		[POLICY_TYPE_TEXT] = { "{\"value\":\"lodging\"}", "{\"value\":\"HO-4471\"}",
		                       "{\"value\":\"active\"}" },
		[POLICY_TYPE_ENUM] = { "{\"value\":\"meals\"}", "{\"value\":\"other\"}",
		                       "{\"value\":\"airfare\"}" },
	};
	if ((unsigned)type >= sizeof samples / sizeof samples[0])
		type = POLICY_TYPE_NONE;
	if (pick % 7 == 6)
		return "{\"missing\":\"not on the form\"}";
	return samples[type][pick % 3];
}

/* A clock that ticks: each reading is one millisecond later. */
static inline int64_t fuzz_clock(void *user_data)
{
	int64_t *t = user_data;
	return ++*t;
}

/* Run `plan` through the sans-I/O loop, answering every task with a
 * sample value of its type chosen from `seed`, then check the outputs. */
static inline void fuzz_run_with_samples(const policy_plan *plan, uint32_t seed)
{
	int64_t clock = 0;
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.allocator = &fuzz_allocator;
	o.now = fuzz_clock;
	o.now_user_data = &clock;
	policy_exec *x = NULL;
	policy_error *err = NULL;
	policy_status st = policy_exec_new(plan, NULL, &o, &x, &err);
	fuzz_check_error(st, err, NULL, 0);
	FUZZ_CHECK((st == POLICY_OK) == (x != NULL));
	if (!x)
		return;
	for (unsigned guard = 0; st == POLICY_OK; guard++) {
		const policy_task *t = NULL;
		st = policy_exec_next(x, &t);
		FUZZ_CHECK(st == POLICY_OK);
		if (!t)
			break;
		/* A step may be tasked more than once (a model asked again after
		 * a bad answer, a form field that falls back to the model), but
		 * not without end. */
		FUZZ_CHECK(guard <= 4 * policy_plan_step_count(plan));
		FUZZ_CHECK(policy_task_request_json(t) != NULL);
		FUZZ_CHECK(policy_task_step_id(t) != NULL);
		seed = seed * 1103515245u + 12345u;
		const char *answer = fuzz_sample_answer(policy_task_type(t), seed >> 16);
		st = policy_exec_complete(x, t, answer, strlen(answer));
		FUZZ_CHECK(st == POLICY_OK);
	}
	FUZZ_CHECK(policy_exec_outcome(x) != POLICY_OUTCOME_PENDING);
	fuzz_check_outputs(x, plan);
	policy_exec_free(x);
}

#endif
