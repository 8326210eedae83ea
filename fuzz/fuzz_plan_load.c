/*
 * fuzz_plan_load: plan JSON -> policy_plan_load.
 *
 * A plan is untrusted input: whatever the bytes, loading returns a status
 * with a matching error and leaks nothing. Mutated plans nearly always
 * fail the body hash, which would keep the fuzzer out of everything after
 * it; so when the only problem is the hash (POLICY_ERR_HASH), the target
 * writes the hash the error reports into the plan and loads it again,
 * which must then succeed. A loaded plan must save, load and save to the
 * same bytes, inspect (the plan, its English, its source map), and run to
 * a decision with sample answers.
 */
#include "fuzz_common.h"

/* The byte offset of 1-based (line, column) in text; columns count
 * characters (UTF-8 lead bytes). */
static size_t offset_of(const char *text, size_t len, unsigned line, unsigned column)
{
	size_t i = 0;
	for (unsigned l = 1; l < line && i < len; i++)
		if (text[i] == '\n')
			l++;
	for (unsigned c = 1; i < len; i++) {
		if (((unsigned char)text[i] & 0xC0) == 0x80)
			continue;
		if (c++ == column)
			break;
	}
	return i;
}

static void use_plan(policy_plan *plan, uint32_t seed)
{
	char *json = NULL, *again = NULL;
	size_t len = 0, alen = 0;
	FUZZ_CHECK(policy_plan_save(plan, &json, &len) == POLICY_OK);
	policy_load_options lo = POLICY_LOAD_OPTIONS_INIT;
	lo.allocator = &fuzz_allocator;
	policy_plan *loaded = NULL;
	policy_error *err = NULL;
	policy_status st = policy_plan_load(json, len, &lo, &loaded, &err);
	if (st != POLICY_OK)
		fprintf(stderr, "fuzz: a saved plan does not load: %s\n", policy_error_message(err));
	FUZZ_CHECK(st == POLICY_OK);
	policy_error_free(err);
	FUZZ_CHECK(policy_plan_save(loaded, &again, &alen) == POLICY_OK);
	FUZZ_CHECK(alen == len && memcmp(json, again, len) == 0);
	policy_free(json);
	policy_free(again);
	policy_plan_free(loaded);

	policy_status (*const views[])(const policy_plan *, char **, size_t *) = {
		policy_plan_inspect, policy_plan_english, policy_plan_sources
	};
	for (size_t v = 0; v < sizeof views / sizeof views[0]; v++) {
		char *view = NULL;
		size_t vlen = 0;
		FUZZ_CHECK(views[v](plan, &view, &vlen) == POLICY_OK);
		fuzz_check_text(view, vlen);
		policy_free(view);
	}
	for (size_t i = 0; i < policy_plan_sentence_count(plan); i++) {
		FUZZ_CHECK(policy_plan_sentence_text(plan, i) != NULL);
		FUZZ_CHECK(policy_plan_sentence_class(plan, i) != NULL);
		for (size_t k = 0; k < policy_plan_sentence_step_count(plan, i); k++)
			FUZZ_CHECK(policy_plan_sentence_step(plan, i, k) != NULL);
	}
	(void)policy_plan_name(plan);
	(void)policy_plan_source(plan);
	(void)policy_plan_est_tokens(plan);
	size_t n = policy_plan_step_count(plan);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(policy_plan_step_id(plan, i) != NULL);
		FUZZ_CHECK(policy_step_kind_name(policy_plan_step_kind(plan, i)) != NULL);
		(void)policy_plan_step_label(plan, i);
		(void)policy_plan_step_sentence(plan, i);
		for (size_t k = 0; k < policy_plan_step_input_count(plan, i); k++)
			FUZZ_CHECK(policy_plan_step_input(plan, i, k) != NULL);
	}
	fuzz_run_with_samples(plan, seed);
}

int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.allocator = &fuzz_allocator;
	o.max_steps = 500;
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_plan_load((const char *)data, size, &o, &plan, &err);
	FUZZ_CHECK((st == POLICY_OK) == (plan != NULL));
	FUZZ_CHECK(st == POLICY_OK || st == POLICY_ERR_PLAN || st == POLICY_ERR_HASH ||
	           st == POLICY_ERR_LIMIT);
	if (st == POLICY_ERR_HASH) {
		/* "... (expected <32 hex>, the body hashes to <32 hex>) ..." */
		const char *msg = policy_error_message(err);
		const char *at = msg ? strstr(msg, "hashes to ") : NULL;
		size_t off = offset_of((const char *)data, size, policy_error_line(err),
		                       policy_error_column(err));
		FUZZ_CHECK(at && strlen(at) >= 10 + 32);
		FUZZ_CHECK(off + 1 + 32 <= size && data[off] == '"');
		char *fixed = malloc(size);
		FUZZ_CHECK(fixed != NULL);
		memcpy(fixed, data, size);
		memcpy(fixed + off + 1, at + 10, 32);
		fuzz_check_error(st, err, (const char *)data, size);
		err = NULL;
		st = policy_plan_load(fixed, size, &o, &plan, &err);
		if (st != POLICY_OK)
			fprintf(stderr, "fuzz: with its hash fixed the plan still fails: %s\n",
			        policy_error_message(err));
		FUZZ_CHECK(st == POLICY_OK);
		free(fixed);
	}
	fuzz_check_error(st, err, (const char *)data, size);
	if (plan) {
		uint32_t seed = 0;
		for (size_t i = 0; i < size; i += 7)
			seed = seed * 31 + data[i];
		use_plan(plan, seed);
		policy_plan_free(plan);
	}
	FUZZ_CHECK(fuzz_live_allocations() == 0);
	return 0;
}
