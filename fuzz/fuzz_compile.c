/*
 * fuzz_compile: policy text -> policy_compile.
 *
 * Whatever the text, compiling returns a status with a matching error
 * object (rendered here against the text, carets and all) and leaks
 * nothing. When it compiles, the plan must be one the loader accepts:
 * save -> load -> save gives the same bytes; and it must run: every task
 * answered with a sample value of its type, the decision and the trail
 * come out and the trail reads back. When it does not compile, it is
 * compiled again with a compile-time assistant that declines, restates
 * the sentence as written with a word in front, cuts it in half (escapes
 * and all, so some replies are not JSON) or doubles it: the restatements
 * are placed, refused and taken out again, and the same must hold.
 */
#include "fuzz_common.h"

static policy_status fuzz_assist(const char *request, policy_reply *reply, void *user_data)
{
	unsigned *turn = user_data;
	const char *k = strstr(request, "\"sentence\":\"");
	if (!k) {
		policy_reply_set_error(reply, "no sentence in the request");
		return POLICY_ERR_CALLBACK;
	}
	k += 12;
	const char *e = k;
	while (*e && *e != '"')
		e += e[0] == '\\' && e[1] ? 2 : 1;
	int n = (int)(e - k);
	char *out = malloc((size_t)n * 2 + 64);
	if (!out)
		return POLICY_ERR_NOMEM;
	switch ((*turn)++ % 4) {
	case 0:
		strcpy(out, "{\"decline\": \"fuzz\"}");
		break;
	case 1:
		sprintf(out, "{\"restatements\": [\"Also, %.*s\"], \"model\": \"fuzz\"}", n, k);
		break;
	case 2:
		sprintf(out, "{\"restatements\": [\"%.*s\"]}", n / 2, k);
		break;
	default:
		sprintf(out, "{\"restatements\": [\"%.*s\", \"%.*s\"]}", n, k, n, k);
		break;
	}
	policy_status st = policy_reply_set_json(reply, out, strlen(out));
	free(out);
	return st;
}

/* The same checks for a compile with the assistant. */
static void fuzz_assisted(const char *text, size_t size, policy_compile_options o)
{
	unsigned turn = (unsigned)size;
	o.assist = fuzz_assist;
	o.assist_user_data = &turn;
	o.max_assisted = 8;
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_compile(text, size, &o, &plan, &err);
	FUZZ_CHECK((st == POLICY_OK) == (plan != NULL));
	FUZZ_CHECK(st == POLICY_OK || st == POLICY_ERR_COMPILE || st == POLICY_ERR_LIMIT ||
	           st == POLICY_ERR_BUDGET);
	fuzz_check_error(st, err, text, size);
	if (!plan)
		return;
	char *json = NULL, *again = NULL;
	size_t len = 0, alen = 0;
	FUZZ_CHECK(policy_plan_save(plan, &json, &len) == POLICY_OK);
	policy_load_options lo = POLICY_LOAD_OPTIONS_INIT;
	lo.allocator = &fuzz_allocator;
	policy_plan *loaded = NULL;
	FUZZ_CHECK(policy_plan_load(json, len, &lo, &loaded, NULL) == POLICY_OK);
	FUZZ_CHECK(policy_plan_save(loaded, &again, &alen) == POLICY_OK);
	FUZZ_CHECK(alen == len && memcmp(json, again, len) == 0);
	for (size_t i = 0; i < policy_plan_assisted_count(plan); i++)
		FUZZ_CHECK(policy_plan_assisted_step_count(plan, i) > 0);
	policy_free(json);
	policy_free(again);
	policy_plan_free(loaded);
	policy_plan_free(plan);
}

int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.allocator = &fuzz_allocator;
	/* Small limits keep each input fast and reach the limit paths. */
	o.max_text_bytes = 1 << 16;
	o.max_sentence_bytes = 4096;
	o.max_steps = 2000;
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_compile(text, size, &o, &plan, &err);
	FUZZ_CHECK((st == POLICY_OK) == (plan != NULL));
	FUZZ_CHECK(st == POLICY_OK || st == POLICY_ERR_COMPILE || st == POLICY_ERR_LIMIT ||
	           st == POLICY_ERR_BUDGET);
	if (st != POLICY_OK)
		FUZZ_CHECK(err != NULL);
	fuzz_check_error(st, err, text, size);
	if (plan) {
		char *json = NULL, *again = NULL;
		size_t len = 0, alen = 0;
		FUZZ_CHECK(policy_plan_save(plan, &json, &len) == POLICY_OK);
		fuzz_check_text(json, len);
		policy_load_options lo = POLICY_LOAD_OPTIONS_INIT;
		lo.allocator = &fuzz_allocator;
		policy_plan *loaded = NULL;
		err = NULL;
		st = policy_plan_load(json, len, &lo, &loaded, &err);
		if (st != POLICY_OK)
			fprintf(stderr, "fuzz: a compiled plan does not load: %s (line %u)\n",
			        policy_error_message(err), policy_error_line(err));
		FUZZ_CHECK(st == POLICY_OK);
		policy_error_free(err);
		FUZZ_CHECK(policy_plan_save(loaded, &again, &alen) == POLICY_OK);
		FUZZ_CHECK(alen == len && memcmp(json, again, len) == 0);
		FUZZ_CHECK(!strcmp(policy_plan_body_hash(plan), policy_plan_body_hash(loaded)));
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
		uint32_t seed = 0;
		for (size_t i = 0; i < size; i++)
			seed = seed * 31 + data[i];
		fuzz_run_with_samples(plan, seed);
		policy_plan_free(plan);
	}
	if (st == POLICY_ERR_COMPILE)
		fuzz_assisted(text, size, o);
	FUZZ_CHECK(fuzz_live_allocations() == 0);
	return 0;
}
