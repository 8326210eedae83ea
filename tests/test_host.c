/*
 * Host callbacks beyond extraction: where the trail and plans go through
 * store/load, and what an extract callback is told about the document.
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

typedef struct store {
	char kind[32], key[128];
	char *json;
	size_t len;
	unsigned stores, loads;
	policy_status fail_with;
} store;

static policy_status on_store(const char *kind, const char *key, const char *json, size_t len,
                              void *user_data)
{
	store *s = user_data;
	s->stores++;
	if (s->fail_with)
		return s->fail_with;
	snprintf(s->kind, sizeof s->kind, "%s", kind);
	snprintf(s->key, sizeof s->key, "%s", key);
	free(s->json);
	s->json = malloc(len + 1);
	memcpy(s->json, json, len);
	s->json[len] = '\0';
	s->len = len;
	return POLICY_OK;
}

static policy_status on_load(const char *kind, const char *key, policy_reply *reply,
                             void *user_data)
{
	store *s = user_data;
	s->loads++;
	if (strcmp(kind, s->kind) || strcmp(key, s->key))
		return POLICY_ERR_NOT_FOUND;
	return policy_reply_set_json(reply, s->json, s->len);
}

static const char policy_text[] =
	"When a new insurance claim arrives, extract the claimed amount.\n\n"
	"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n";

static void test_trail_is_stored_under_the_case_id(void **state)
{
	(void)state;
	policy_plan *p = compile_body(policy_text);
	policy_case *c = make_case("doc claim form: Claimed Amount: $72,400.00\n");
	assert_int_equal(policy_case_set_id(c, "CL-7"), POLICY_OK);
	policy_host *h;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	store s = { 0 };
	policy_host_set_store_func(h, on_store, &s, NULL);
	policy_exec *x;
	assert_int_equal(policy_execute(p, h, c, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(s.stores, 1);
	assert_string_equal(s.kind, "trail");
	assert_string_equal(s.key, "CL-7");
	char *jsonl;
	size_t len;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, &len), POLICY_OK);
	assert_int_equal(len, s.len);
	assert_memory_equal(jsonl, s.json, len);
	policy_free(jsonl);
	policy_exec_free(x);

	/* a store that fails fails the call: no decision without its record */
	s.fail_with = POLICY_ERR_CALLBACK;
	policy_error *err = NULL;
	x = (policy_exec *)1;
	assert_int_equal(policy_execute(p, h, c, NULL, &x, &err), POLICY_ERR_CALLBACK);
	assert_null(x);
	assert_non_null(strstr(policy_error_message(err), "could not be stored"));
	policy_error_free(err);
	free(s.json);
	policy_host_free(h);
	policy_case_free(c);
	policy_plan_free(p);
}

static void test_plans_through_store_and_load(void **state)
{
	(void)state;
	policy_plan *p = compile_body(policy_text);
	policy_host *h;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	policy_plan *q = NULL;
	assert_int_equal(policy_host_store_plan(h, p), POLICY_ERR_STATE);
	assert_int_equal(policy_host_load_plan(h, "Test@1.0.0", NULL, &q, NULL), POLICY_ERR_STATE);
	store s = { 0 };
	policy_host_set_store_func(h, on_store, &s, NULL);
	policy_host_set_load_func(h, on_load, &s, NULL);
	assert_int_equal(policy_host_store_plan(h, p), POLICY_OK);
	assert_string_equal(s.kind, "plan");
	assert_string_equal(s.key, "Test@1.0.0");
	assert_int_equal(policy_host_load_plan(h, "Test@1.0.0", NULL, &q, NULL), POLICY_OK);
	assert_string_equal(policy_plan_body_hash(q), policy_plan_body_hash(p));
	policy_plan_free(q);
	q = NULL;
	assert_int_equal(policy_host_load_plan(h, "Test@2.0.0", NULL, &q, NULL), POLICY_ERR_NOT_FOUND);
	assert_null(q);
	/* what comes back is validated like any plan */
	s.json[s.len / 2] ^= 0x01;
	policy_error *err = NULL;
	assert_int_not_equal(policy_host_load_plan(h, "Test@1.0.0", NULL, &q, &err), POLICY_OK);
	assert_null(q);
	policy_error_free(err);
	free(s.json);
	policy_host_free(h);
	policy_plan_free(p);
}

static char seen_doc[64];

static policy_status record_doc(const char *doc_type, const char *field, policy_type type,
                                const char *request, policy_reply *reply, void *user_data)
{
	(void)field;
	(void)type;
	(void)user_data;
	snprintf(seen_doc, sizeof seen_doc, "%s", doc_type);
	assert_non_null(strstr(request, "\"document\":\"claim form\""));
	const char answer[] = "{\"value\": \"72400.00\"}";
	return policy_reply_set_json(reply, answer, strlen(answer));
}

static void test_extract_callback_told_the_case_document(void **state)
{
	(void)state;
	/* the policy names no document; the case holds one kind */
	policy_plan *p = compile_body(policy_text);
	policy_case *c = make_case("doc claim form: Claimed Amount: $72,400.00\n");
	policy_host *h;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	policy_host_set_extract_func(h, record_doc, NULL, NULL);
	policy_exec *x;
	assert_int_equal(policy_execute(p, h, c, NULL, &x, NULL), POLICY_OK);
	assert_string_equal(seen_doc, "claim form");
	assert_int_equal(policy_exec_action_count(x), 1);
	policy_exec_free(x);
	policy_host_free(h);
	policy_case_free(c);
	policy_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trail_is_stored_under_the_case_id),
		cmocka_unit_test(test_plans_through_store_and_load),
		cmocka_unit_test(test_extract_callback_told_the_case_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
