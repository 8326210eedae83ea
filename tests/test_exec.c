/*
 * The executor: the sans-I/O task loop as a host drives it, the
 * synchronous driver over host callbacks, worker threads, failure
 * statuses, and exact decimals at the boundaries.
 *
 * The claims policy is the running example: three extractions, two
 * lookups keyed by the policy number, a named condition, a check and
 * three actions.

 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "support.h"

static const char claims_policy[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
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

static policy_plan *claims;

static int setup(void **state)
{
	(void)state;
	claims = compile_ok(claims_policy);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	policy_plan_free(claims);
	return 0;
}

static policy_exec *new_exec(const policy_plan *p, const policy_case *c)
{
	policy_exec *x = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_exec_new(p, c, NULL, &x, &err), POLICY_OK);
	assert_null(err);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_PENDING);
	return x;
}

static void complete(policy_exec *x, const policy_task *t, const char *answer)
{
	assert_int_equal(policy_exec_complete(x, t, answer, strlen(answer)), POLICY_OK);
}

/* The answer a test host gives for a task of the claims plan. */
static const char *claims_answer(const policy_task *t)
{
	const char *id = policy_task_step_id(t);
	if (!strcmp(id, "extract.policy_number"))
		return "{\"value\": \"HO-4471-0932\", \"evidence\": {\"document\": \"claim form\", "
		       "\"index\": 1, \"count\": 1, \"page\": 1, \"line\": 1}}";
	if (!strcmp(id, "extract.date_of_loss"))
		return "{\"value\": \"2026-03-03\"}";
	if (!strcmp(id, "extract.claimed_amount"))
		return "{\"value\": \"72400.00\", \"text\": \"$72,400.00\"}";
	if (!strcmp(id, "lookup.policy_effective_date"))
		return "{\"value\": \"2025-06-01\", \"source\": \"PAS v7\"}";
	if (!strcmp(id, "lookup.policy_expiration_date"))
		return "{\"value\": \"2026-06-01\"}";
	fail_msg("unexpected task %s", id);
	return NULL;
}

/* Drive to the end, answering each task with `answer`. */
static void drive(policy_exec *x, const char *(*answer)(const policy_task *))
{
	const policy_task *t;
	for (int guard = 0; guard < 1000; guard++) {
		assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
		if (!t)
			break;
		complete(x, t, answer(t));
	}
	assert_int_not_equal(policy_exec_outcome(x), POLICY_OUTCOME_PENDING);
}

/* ---- the task loop ---- */

static void test_task_loop(void **state)
{
	(void)state;
	policy_case *c = make_case("id CL-1");
	policy_exec *x = new_exec(claims, c);
	policy_case_free(c);

	/* The three extractions are independent: all are handed out before
	 * any is answered, in plan order. */
	const policy_task *t[3];
	static const char *const fields[] = { "policy number", "date of loss", "claimed amount" };
	static const policy_type types[] = { POLICY_TYPE_TEXT, POLICY_TYPE_DATE, POLICY_TYPE_MONEY };
	for (int i = 0; i < 3; i++) {
		assert_int_equal(policy_exec_next(x, &t[i]), POLICY_OK);
		assert_non_null(t[i]);
		assert_int_equal(policy_task_kind(t[i]), POLICY_STEP_EXTRACT);
		assert_string_equal(policy_task_document(t[i]), "claim form");
		assert_string_equal(policy_task_field(t[i]), fields[i]);
		assert_int_equal(policy_task_type(t[i]), types[i]);
		cJSON *req = cJSON_Parse(policy_task_request_json(t[i]));
		assert_non_null(req);
		assert_string_equal(cJSON_GetObjectItem(req, "step")->valuestring, policy_task_step_id(t[i]));
		assert_string_equal(cJSON_GetObjectItem(req, "kind")->valuestring, "extract");
		assert_string_equal(cJSON_GetObjectItem(req, "document")->valuestring, "claim form");
		assert_string_equal(cJSON_GetObjectItem(req, "field")->valuestring, fields[i]);
		assert_true(cJSON_IsFalse(cJSON_GetObjectItem(req, "each")));
		assert_string_equal(cJSON_GetObjectItem(req, "type")->valuestring,
		                    policy_type_name(types[i]));
		assert_string_equal(cJSON_GetObjectItem(req, "policy")->valuestring, "Claims Intake");
		assert_string_equal(cJSON_GetObjectItem(req, "version")->valuestring, "4.2.1");
		assert_string_equal(cJSON_GetObjectItem(req, "case")->valuestring, "CL-1");
		cJSON_Delete(req);
	}
	assert_string_equal(policy_task_step_id(t[0]), "extract.policy_number");
	assert_string_equal(policy_task_step_id(t[2]), "extract.claimed_amount");

	/* Nothing else is ready: the lookups wait for the policy number. */
	const policy_task *none = (const policy_task *)1;
	assert_int_equal(policy_exec_next(x, &none), POLICY_OK);
	assert_null(none);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_PENDING);
	assert_null(policy_exec_trail(x));
	char *json = NULL;
	assert_int_equal(policy_exec_decision_json(x, &json, NULL), POLICY_OK);
	assert_non_null(strstr(json, "\"status\": \"pending\""));
	policy_free(json);

	/* Answers may come in any order. */
	complete(x, t[2], claims_answer(t[2]));
	complete(x, t[1], claims_answer(t[1]));
	assert_int_equal(policy_exec_next(x, &none), POLICY_OK);
	assert_null(none);
	complete(x, t[0], claims_answer(t[0]));

	/* The lookups carry the key's value. */
	const policy_task *l[2];
	for (int i = 0; i < 2; i++) {
		assert_int_equal(policy_exec_next(x, &l[i]), POLICY_OK);
		assert_non_null(l[i]);
		assert_int_equal(policy_task_kind(l[i]), POLICY_STEP_LOOKUP);
		assert_null(policy_task_document(l[i]));
		assert_int_equal(policy_task_type(l[i]), POLICY_TYPE_DATE);
		cJSON *req = cJSON_Parse(policy_task_request_json(l[i]));
		assert_string_equal(cJSON_GetObjectItem(req, "kind")->valuestring, "lookup");
		assert_string_equal(cJSON_GetObjectItem(req, "fact")->valuestring, policy_task_field(l[i]));
		assert_string_equal(cJSON_GetObjectItem(req, "system")->valuestring,
		                    "policy administration system");
		assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(req, "keys"), "policy number")
		                            ->valuestring, "HO-4471-0932");
		cJSON_Delete(req);
	}
	assert_string_equal(policy_task_field(l[0]), "policy effective date");
	assert_string_equal(policy_task_field(l[1]), "policy expiration date");
	complete(x, l[0], claims_answer(l[0]));
	complete(x, l[1], claims_answer(l[1]));

	/* Everything else is internal: the next call decides. */
	assert_int_equal(policy_exec_next(x, &none), POLICY_OK);
	assert_null(none);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_null(policy_exec_failure(x));
	assert_int_equal(policy_exec_action_count(x), 1);
	assert_string_equal(policy_exec_action_text(x, 0), "escalate to senior adjuster review");
	assert_string_equal(policy_exec_action_verb(x, 0), "escalate");
	assert_string_equal(policy_exec_action_object(x, 0), "to senior adjuster review");
	assert_null(policy_exec_action_text(x, 1));
	assert_int_equal(policy_exec_failed_check_count(x), 0);
	assert_int_equal(policy_exec_tokens_used(x), 0);
	assert_non_null(policy_exec_trail(x));
	assert_int_equal(policy_trail_entry_count(policy_exec_trail(x)), policy_plan_step_count(claims));

	/* Finished: next keeps saying so. */
	assert_int_equal(policy_exec_next(x, &none), POLICY_OK);
	assert_null(none);

	assert_int_equal(policy_exec_decision_json(x, &json, NULL), POLICY_OK);
	cJSON *d = cJSON_Parse(json);
	assert_string_equal(cJSON_GetObjectItem(d, "status")->valuestring, "complete");
	cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "actions"), 0);
	assert_string_equal(cJSON_GetObjectItem(a, "text")->valuestring,
	                    "escalate to senior adjuster review");
	assert_string_equal(cJSON_GetObjectItem(a, "verb")->valuestring, "escalate");
	assert_string_equal(cJSON_GetObjectItem(a, "object")->valuestring, "to senior adjuster review");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(d, "error")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "failed_checks")), 0);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "policy"), "plan_hash")
	                            ->valuestring, policy_plan_body_hash(claims));
	cJSON_Delete(d);
	policy_free(json);
	policy_exec_free(x);
}

static void test_task_misuse(void **state)
{
	(void)state;
	policy_exec *x = new_exec(claims, NULL);
	policy_exec *y = new_exec(claims, NULL);
	const policy_task *t, *u;
	assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
	assert_int_equal(policy_exec_next(y, &u), POLICY_OK);

	/* A task of another execution. */
	assert_int_equal(policy_exec_complete(x, u, "{}", 2), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_fail(x, u, "no"), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_exec_complete_builtin(x, u), POLICY_ERR_ARGUMENT);
	/* An answer pointer that is NULL with a length. */
	assert_int_equal(policy_exec_complete(x, t, NULL, 5), POLICY_ERR_ARGUMENT);

	/* Completed once; a second answer does not fit the task's state. */
	complete(x, t, "{\"value\": \"HO-1\"}");
	assert_int_equal(policy_exec_complete(x, t, "{\"value\": \"HO-2\"}", 17), POLICY_ERR_STATE);
	assert_int_equal(policy_exec_fail(x, t, "late"), POLICY_ERR_STATE);
	assert_int_equal(policy_exec_complete_builtin(x, t), POLICY_ERR_STATE);

	/* A made-up task handle. */
	policy_task *fake = calloc(1, 256);
	assert_int_equal(policy_exec_complete(x, fake, "{}", 2), POLICY_ERR_ARGUMENT);
	free(fake);

	policy_exec_free(y);
	policy_exec_free(x);
}

/* policy_exec_fail: the step fails with the host's message; a decision
 * that needs it fails and says why. */
static void test_task_fail(void **state)
{
	(void)state;
	policy_exec *x = new_exec(claims, NULL);
	const policy_task *t;
	int n = 0;
	while (policy_exec_next(x, &t) == POLICY_OK && t) {
		if (!strcmp(policy_task_step_id(t), "extract.claimed_amount"))
			assert_int_equal(policy_exec_fail(x, t, "the OCR service timed out"), POLICY_OK);
		else
			complete(x, t, claims_answer(t));
		n++;
	}
	assert_int_equal(n, 5);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_FAILED);
	assert_int_equal(policy_exec_action_count(x), 0);
	const char *why = policy_exec_failure(x);
	assert_non_null(why);
	assert_non_null(strstr(why, "claimed amount"));
	assert_non_null(strstr(why, "the OCR service timed out"));
	/* The trail records the step's error. */
	policy_trail_iter *it;
	assert_int_equal(policy_trail_iter_new(policy_exec_trail(x), &it), POLICY_OK);
	bool seen = false;
	while (policy_trail_iter_next(it))
		if (!strcmp(policy_trail_iter_step_id(it), "extract.claimed_amount")) {
			assert_string_equal(policy_trail_iter_output_json(it), "null");
			assert_string_equal(policy_trail_iter_error(it), "the OCR service timed out");
			assert_non_null(strstr(policy_trail_iter_json(it),
			                       "\"error\":\"the OCR service timed out\""));
			seen = true;
		}
	assert_true(seen);
	policy_trail_iter_free(it);
	policy_exec_free(x);
}

/* The built-in extractor and facts, one task at a time. */
static void test_complete_builtin(void **state)
{
	(void)state;
	char spec[512];
	snprintf(spec, sizeof spec, "doc claim form: %s\nfact policy effective date = \"2025-06-01\"\n"
	         "fact policy expiration date = \"2026-06-01\"", "Policy Number: HO-1|"
	         "Date of Loss: 2026-03-03|Amount Claimed: $50,000.00");
	policy_case *c = make_case(spec);
	policy_exec *x = new_exec(claims, c);
	policy_case_free(c);
	const policy_task *t;
	while (policy_exec_next(x, &t) == POLICY_OK && t)
		assert_int_equal(policy_exec_complete_builtin(x, t), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_int_equal(policy_exec_action_count(x), 1);
	assert_string_equal(policy_exec_action_text(x, 0), "route the claim to standard processing");
	policy_exec_free(x);
}

/* ---- answers ---- */

typedef struct scripted {
	const char *step, *answer;
} scripted;

static const scripted *script;

static const char *scripted_answer(const policy_task *t)
{
	for (const scripted *s = script; s->step; s++)
		if (!strcmp(s->step, policy_task_step_id(t)))
			return s->answer;
	return claims_answer(t);
}

static policy_exec *run_scripted(const scripted *s)
{
	script = s;
	policy_exec *x = new_exec(claims, NULL);
	drive(x, scripted_answer);
	return x;
}

/* Bad answers fail their step, and the decision only if it needs the
 * value: here it does. */
static void test_bad_answers(void **state)
{
	(void)state;
	static const struct {
		const char *answer, *why;
	} bad[] = {
		{ "not json", "not valid JSON" },
		{ "[\"72400.00\"]", "not a JSON object" },
		{ "{\"value\": \"lots\"}", "the answer \"lots\" is not an amount" },
		{ "{\"value\": true}", "is not" },
		{ "{\"amount\": \"72400.00\"}", "no \"value\"" },
		{ "{\"error\": \"the page is unreadable\"}", "the page is unreadable" },
		{ "{\"missing\": \"no such line\"}", "no such line" },
		{ "{\"value\": null}", "null" },
		{ "{\"value\": \"72400.00\"", "not valid JSON" },
		{ "", "not valid JSON" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		scripted s[] = { { "extract.claimed_amount", bad[i].answer }, { NULL, NULL } };
		policy_exec *x = run_scripted(s);
		if (policy_exec_outcome(x) != POLICY_OUTCOME_FAILED)
			fail_msg("answer %s: the decision did not fail", bad[i].answer);
		const char *why = policy_exec_failure(x);
		if (!strstr(why, "claimed amount") || !strstr(why, bad[i].why))
			fail_msg("answer %s: the failure \"%s\" does not say \"%s\"", bad[i].answer, why,
			         bad[i].why);
		assert_int_equal(policy_exec_action_count(x), 0);
		policy_exec_free(x);
	}
	/* Form text is accepted where the canonical form is expected. */
	static const char *const good[] = { "{\"value\": \"$72,400.00\"}", "{\"value\": 72400}",
	                                    "{\"value\": \"72400\"}", "{\"value\": \"72,400.00\"}" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		scripted s[] = { { "extract.claimed_amount", good[i] }, { NULL, NULL } };
		policy_exec *x = run_scripted(s);
		assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
		assert_string_equal(policy_exec_action_text(x, 0), "escalate to senior adjuster review");
		policy_exec_free(x);
	}
}

/* A value the decision does not need may be missing or bad. */
static void test_missing_value_not_needed(void **state)
{
	(void)state;
	/* The policy number is not needed once the lookups are answered (the
	 * lookups get a null key). */
	static const scripted s1[] = { { "extract.policy_number", "{\"missing\": \"not on the form\"}" },
	                               { NULL, NULL } };
	policy_exec *x = run_scripted(s1);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_string_equal(policy_exec_action_text(x, 0), "escalate to senior adjuster review");
	policy_exec_free(x);

	/* A lapsed policy: the claimed amount does not matter. */
	static const scripted s2[] = { { "extract.claimed_amount", "{\"value\": \"garbage\"}" },
	                               { "lookup.policy_expiration_date", "{\"value\": \"2026-03-02\"}" },
	                               { NULL, NULL } };
	x = run_scripted(s2);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_int_equal(policy_exec_action_count(x), 1);
	assert_string_equal(policy_exec_action_text(x, 0), "deny the claim");
	assert_int_equal(policy_exec_failed_check_count(x), 1);
	assert_string_equal(policy_exec_failed_check_text(x, 0),
	                    "Verify that the policy was active on the date of loss");
	const char *reason = policy_exec_failed_check_reason(x, 0);
	assert_non_null(reason);
	assert_non_null(strstr(reason, "March 3, 2026"));
	assert_non_null(strstr(reason, "March 2, 2026"));
	assert_null(policy_exec_failed_check_text(x, 1));
	policy_exec_free(x);
}

/* Missing documents: the built-in extractor finds nothing; the failure
 * names the value and says why. */
static void test_missing_required_value(void **state)
{
	(void)state;
	char *d = decide(claims, "doc claim form: Policy Number: HO-1|Date of Loss: 2026-03-03\n"
	                         "fact policy effective date = \"2025-06-01\"\n"
	                         "fact policy expiration date = \"2026-06-01\"");
	assert_string_equal(d, "FAILED: no decision: \"If the claimed amount exceeds $50,000, "
	                       "escalate to senior adjuster review\" (line 12) cannot be decided: the "
	                       "claimed amount is missing (no line labelled like 'claimed amount' on "
	                       "the claim form)");
	free(d);
	/* No facts: the lookups answer "missing", naming the fact. */
	d = decide(claims, "doc claim form: Policy Number: HO-1|Date of Loss: 2026-03-03|"
	                   "Claimed Amount: $5");
	assert_true(strncmp(d, "FAILED: ", 8) == 0);
	assert_non_null(strstr(d, "policy effective date"));
	free(d);
}

/* ---- host callbacks ---- */

typedef struct host_log {
	pthread_mutex_t mu;
	int extracts, lookups, destroyed;
	const char *fail_field; /* extract of this field returns an error status */
	const char *error_field; /* ... answers with policy_reply_set_error */
} host_log;

static policy_status host_extract(const char *doc_type, const char *field, policy_type type,
                                  const char *request_json, policy_reply *reply, void *ud)
{
	host_log *h = ud;
	pthread_mutex_lock(&h->mu);
	h->extracts++;
	pthread_mutex_unlock(&h->mu);
	assert_string_equal(doc_type, "claim form");
	assert_non_null(strstr(request_json, field));
	if (h->fail_field && !strcmp(field, h->fail_field))
		return POLICY_ERR_CALLBACK;
	if (h->error_field && !strcmp(field, h->error_field))
		return policy_reply_set_error(reply, "the scanner jammed");
	const char *a = !strcmp(field, "policy number") ? "{\"value\": \"HO-9\"}" :
	                !strcmp(field, "date of loss") ? "{\"value\": \"March 3, 2026\"}" :
	                "{\"value\": \"49999.99\"}";
	assert_int_equal(type, !strcmp(field, "policy number") ? POLICY_TYPE_TEXT :
	                       !strcmp(field, "date of loss") ? POLICY_TYPE_DATE : POLICY_TYPE_MONEY);
	return policy_reply_set_json(reply, a, strlen(a));
}

static policy_status host_lookup(const char *fact, const char *request_json, policy_reply *reply,
                                 void *ud)
{
	host_log *h = ud;
	pthread_mutex_lock(&h->mu);
	h->lookups++;
	pthread_mutex_unlock(&h->mu);
	assert_non_null(strstr(request_json, "\"policy number\":\"HO-9\""));
	const char *a = !strcmp(fact, "policy effective date") ? "{\"value\": \"2025-06-01\"}" :
	                                                         "{\"value\": \"2026-06-01\"}";
	return policy_reply_set_json(reply, a, strlen(a));
}

static void host_destroy(void *ud)
{
	((host_log *)ud)->destroyed++;
}

static void test_host_callbacks(void **state)
{
	(void)state;
	host_log h = { .mu = PTHREAD_MUTEX_INITIALIZER };
	policy_host *host;
	assert_int_equal(policy_host_new(NULL, &host), POLICY_OK);
	policy_host_set_extract_func(host, host_extract, &h, host_destroy);
	policy_host_set_lookup_func(host, host_lookup, &h, host_destroy);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(claims, host, NULL, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(h.extracts, 3);
	assert_int_equal(h.lookups, 2);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_string_equal(policy_exec_action_text(x, 0), "route the claim to standard processing");
	policy_exec_free(x);

	/* A callback that fails, and one that answers with an error. */
	h.fail_field = "claimed amount";
	assert_int_equal(policy_execute(claims, host, NULL, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_FAILED);
	assert_non_null(strstr(policy_exec_failure(x), "POLICY_ERR_CALLBACK"));
	policy_exec_free(x);
	h.fail_field = NULL;
	h.error_field = "claimed amount";
	assert_int_equal(policy_execute(claims, host, NULL, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_FAILED);
	assert_non_null(strstr(policy_exec_failure(x), "the scanner jammed"));
	policy_exec_free(x);

	/* The host outlives the executions; its notifiers run once, at the
	 * end. */
	assert_int_equal(h.destroyed, 0);
	policy_host_free(host);
	assert_int_equal(h.destroyed, 2);
}

/* An answer larger than max_reply_bytes fails the step. */
static policy_status big_extract(const char *doc_type, const char *field, policy_type type,
                                 const char *request_json, policy_reply *reply, void *ud)
{
	(void)doc_type, (void)type, (void)request_json, (void)ud;
	static char big[4096];
	memset(big, ' ', sizeof big);
	const char *a = !strcmp(field, "claimed amount") ? "{\"value\": \"1.00\"}" : "{\"value\": \"x\"}";
	memcpy(big, a, strlen(a));
	return policy_reply_set_json(reply, big, sizeof big);
}

static void test_reply_limit(void **state)
{
	(void)state;
	policy_host *host;
	assert_int_equal(policy_host_new(NULL, &host), POLICY_OK);
	policy_host_set_extract_func(host, big_extract, NULL, NULL);
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.max_reply_bytes = 1000;
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(claims, host, NULL, &o, &x, NULL), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_FAILED);
	assert_non_null(strstr(policy_exec_failure(x), "larger than the limit"));
	policy_exec_free(x);
	policy_host_free(host);
}

/* ---- threads and determinism ---- */

/* A policy with many independent extractions, so worker threads have
 * something to share. */
static const char *const item_names[] = {
	"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
	"kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
	"uniform", "victor", "whiskey", "xray", "yankee", "zulu", "amber", "cobalt", "copper",
	"indigo", "ivory", "jade", "lemon", "maroon", "olive", "pearl", "ruby", "saffron", "topaz",
	"violet",
};
#define NITEMS (int)(sizeof item_names / sizeof item_names[0])

static char *wide_policy(void)
{
	size_t cap = 8192;
	char *s = malloc(cap);
	size_t k = (size_t)sprintf(s, "When a new loan application arrives, extract ");
	for (int i = 0; i < NITEMS; i++)
		k += (size_t)sprintf(s + k, "%sthe %s amount", i ? ", " : "", item_names[i]);
	k += (size_t)sprintf(s + k, " from the loan application.\nThe total is the sum of ");
	for (int i = 0; i < NITEMS; i++)
		k += (size_t)sprintf(s + k, "%sthe %s amount", i ? (i == NITEMS - 1 ? " and " : ", ") : "",
		                     item_names[i]);
	k += (size_t)sprintf(s + k, ".\nIf the total exceeds $1,000, refer the loan to underwriting.\n"
	                            "If the total is at most $1,000, approve the loan.\n");
	return s;
}

static int64_t tick(void *ud)
{
	int64_t *t = ud;
	return *t += 7; /* a clock that moves: the order of readings shows */
}

static policy_status slow_extract(const char *doc_type, const char *field, policy_type type,
                                  const char *request_json, policy_reply *reply, void *ud)
{
	(void)doc_type, (void)type, (void)request_json, (void)ud;
	/* Finish out of order: later fields sooner. */
	char buf[128];
	int n = snprintf(buf, sizeof buf, "{\"value\": \"%d.%02d\", \"evidence\": {\"field\": \"%s\"}}",
	                 (int)strlen(field), (int)(field[1] - 'a'), field);
	struct timespec ts = { 0, (long)(('z' - field[0]) * 20000) };
	nanosleep(&ts, NULL);
	return policy_reply_set_json(reply, buf, (size_t)n);
}

static void run_threads(const policy_plan *p, unsigned threads, bool host_callbacks,
                        const policy_case *c, char **decision, char **trail)
{
	int64_t clock = 1000;
	policy_host *host;
	assert_int_equal(policy_host_new(NULL, &host), POLICY_OK);
	policy_host_set_now_func(host, tick, &clock, NULL);
	if (host_callbacks)
		policy_host_set_extract_func(host, slow_extract, NULL, NULL);
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.threads = threads;
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(p, host, c, &o, &x, NULL), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_int_equal(policy_exec_decision_json(x, decision, NULL), POLICY_OK);
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), trail, NULL), POLICY_OK);
	policy_exec_free(x);
	policy_host_free(host);
}

static void test_threads_same_decision_and_trail(void **state)
{
	(void)state;
	char *text = wide_policy();
	policy_plan *p = compile_body(text);
	free(text);
	assert_int_equal(policy_plan_step_count(p), NITEMS + 3);
	/* The built-in extractor, then host callbacks that finish out of
	 * order. */
	char doc[8192] = "doc loan application: ";
	for (int i = 0; i < NITEMS; i++)
		sprintf(doc + strlen(doc), "%c%s Amount: $%d.%02d|", item_names[i][0] - 32,
		        item_names[i] + 1, i, i * 3 % 100);
	policy_case *c = make_case(doc);
	for (int cb = 0; cb < 2; cb++) {
		char *d1, *t1;
		run_threads(p, 1, cb, c, &d1, &t1);
		static const unsigned counts[] = { 0, 2, 8, 64 };
		for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
			for (int rep = 0; rep < 3; rep++) {
				char *d, *t;
				run_threads(p, counts[k], cb, c, &d, &t);
				if (strcmp(d, d1))
					fail_msg("threads=%u: another decision:\n%s\nvs\n%s", counts[k], d, d1);
				if (strcmp(t, t1))
					fail_msg("threads=%u (%s): another trail", counts[k],
					         cb ? "callbacks" : "built-in");
				policy_free(d);
				policy_free(t);
			}
		}
		/* The clock was read: the timestamps are not all zero. */
		assert_non_null(strstr(t1, "\"started\":1"));
		policy_free(d1);
		policy_free(t1);
	}
	policy_case_free(c);
	policy_plan_free(p);
}

/* One plan shared by many threads, each executing its own case. */
typedef struct shared_run {
	const policy_plan *plan;
	int index;
	bool ok;
} shared_run;

static void *run_shared(void *arg)
{
	shared_run *r = arg;
	char doc[256];
	snprintf(doc, sizeof doc, "Policy Number: HO-%d\nDate of Loss: 2026-03-03\n"
	                          "Claimed Amount: $%d.00\n", r->index, 49990 + r->index);
	policy_case *c;
	if (policy_case_new(NULL, &c) != POLICY_OK)
		return NULL;
	policy_case_add_document(c, "claim form", doc, strlen(doc));
	policy_case_add_fact(c, "policy effective date", "\"2025-06-01\"", 12);
	policy_case_add_fact(c, "policy expiration date", "\"2026-06-01\"", 12);
	for (int rep = 0; rep < 20; rep++) {
		policy_exec *x = NULL;
		if (policy_execute(r->plan, NULL, c, NULL, &x, NULL) != POLICY_OK)
			break;
		const char *want = 49990 + r->index > 50000 ? "escalate to senior adjuster review"
		                                            : "route the claim to standard processing";
		r->ok = policy_exec_outcome(x) == POLICY_OUTCOME_COMPLETE &&
		        policy_exec_action_count(x) == 1 && !strcmp(policy_exec_action_text(x, 0), want);
		policy_exec_free(x);
		if (!r->ok)
			break;
	}
	policy_case_free(c);
	return NULL;
}

static void test_plan_shared_across_threads(void **state)
{
	(void)state;
	pthread_t tid[16];
	shared_run runs[16];
	for (int i = 0; i < 16; i++) {
		runs[i] = (shared_run){ policy_plan_reference(claims), i, false };
		assert_int_equal(pthread_create(&tid[i], NULL, run_shared, &runs[i]), 0);
	}
	for (int i = 0; i < 16; i++) {
		pthread_join(tid[i], NULL);
		assert_true(runs[i].ok);
		policy_plan_free((policy_plan *)runs[i].plan);
	}
}

/* ---- exact decimals ---- */

static const char *output_of(const policy_exec *x, const char *step)
{
	static char out[256];
	policy_trail_iter *it;
	assert_int_equal(policy_trail_iter_new(policy_exec_trail(x), &it), POLICY_OK);
	out[0] = '\0';
	while (policy_trail_iter_next(it))
		if (!strcmp(policy_trail_iter_step_id(it), step))
			snprintf(out, sizeof out, "%s", policy_trail_iter_output_json(it));
	policy_trail_iter_free(it);
	if (!out[0])
		fail_msg("no trail entry for %s", step);
	return out;
}

/* Percentages of money round half-even to the cent. */
static void test_percent_of_money_rounds_half_even(void **state)
{
	(void)state;
	policy_plan *p = compile_body("When a new claim arrives, extract the claimed amount.\n"
	                              "The fee is 0.5% of the claimed amount.\n"
	                              "The reserve is 2.5% of the claimed amount.\n"
	                              "If the fee exceeds $0.02, review the fee.\n"
	                              "If the reserve is at least $25, review the reserve.");
	static const struct {
		const char *amount, *fee, *reserve, *decision;
	} rows[] = {
		/* 0.025 -> 0.02 (even), 0.125 -> 0.12 */
		{ "$5.00", "\"0.02\"", "\"0.12\"", "" },
		/* 0.035 -> 0.04 (even), 0.175 -> 0.18 */
		{ "$7.00", "\"0.04\"", "\"0.18\"", "review the fee" },
		/* 0.015 -> 0.02, 0.075 -> 0.08 */
		{ "$3.00", "\"0.02\"", "\"0.08\"", "" },
		/* 5.000500 -> 5.00; 25.0025 -> 25.00 */
		{ "$1,000.10", "\"5.00\"", "\"25.00\"", "review the fee; review the reserve" },
		/* 4.99995 -> 5.00; 24.99975 -> 25.00: at the threshold after rounding */
		{ "$999.99", "\"5.00\"", "\"25.00\"", "review the fee; review the reserve" },
		/* 24.9995 -> 25.00 ... 999.98 * 0.025 = 24.9995 */
		{ "$999.98", "\"5.00\"", "\"25.00\"", "review the fee; review the reserve" },
		/* 999.79 * 0.025 = 24.99475 -> 24.99 */
		{ "$999.79", "\"5.00\"", "\"24.99\"", "review the fee" },
		/* ties: 0.005 -> 0.00, 0.015 -> 0.02 */
		{ "$0.20", "\"0.00\"", "\"0.00\"", "" },
		{ "$0.60", "\"0.00\"", "\"0.02\"", "" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char spec[128];
		snprintf(spec, sizeof spec, "doc claim: Claimed Amount: %s", rows[i].amount);
		policy_case *c = make_case(spec);
		policy_exec *x = NULL;
		assert_int_equal(policy_execute(p, NULL, c, NULL, &x, NULL), POLICY_OK);
		const char *fee = output_of(x, "compute.fee");
		if (strcmp(fee, rows[i].fee))
			fail_msg("0.5%% of %s: expected %s, got %s", rows[i].amount, rows[i].fee, fee);
		const char *res = output_of(x, "compute.reserve");
		if (strcmp(res, rows[i].reserve))
			fail_msg("2.5%% of %s: expected %s, got %s", rows[i].amount, rows[i].reserve, res);
		policy_exec_free(x);
		policy_case_free(c);
		char *d = decide(p, spec);
		if (strcmp(d, rows[i].decision))
			fail_msg("%s: expected \"%s\", got \"%s\"", rows[i].amount, rows[i].decision, d);
		free(d);
	}
	policy_plan_free(p);
}

/* Ratios at their thresholds: exactly 45% is not more than 45%; one cent
 * more is. No binary floating point anywhere. */
static void test_ratios_exactly_at_thresholds(void **state)
{
	(void)state;
	policy_plan *p = compile_body(
		"When a new mortgage application arrives, extract the total monthly debt payments and "
		"the monthly gross income from the loan application.\n"
		"The debt-to-income ratio is the total monthly debt payments divided by the monthly "
		"gross income.\n"
		"If the debt-to-income ratio exceeds 45%, decline the application.\n"
		"If the debt-to-income ratio is no more than 45%, issue a conditional approval.");
	static const struct {
		const char *debt, *income, *decision;
	} rows[] = {
		{ "$4,500.00", "$10,000.00", "issue a conditional approval" },
		{ "$4,500.01", "$10,000.00", "decline the application" },
		{ "$3,000.00", "$6,666.67", "issue a conditional approval" },   /* 0.44999... */
		{ "$3,000.00", "$6,666.66", "decline the application" },        /* 0.450000045 */
		{ "$0.45", "$1.00", "issue a conditional approval" },
		{ "$1", "$3", "issue a conditional approval" },                  /* 1/3 */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char spec[200];
		snprintf(spec, sizeof spec, "doc loan application: Total Monthly Debt Payments: %s|"
		         "Monthly Gross Income: %s", rows[i].debt, rows[i].income);
		char *d = decide(p, spec);
		if (strcmp(d, rows[i].decision))
			fail_msg("%s / %s: expected \"%s\", got \"%s\"", rows[i].debt, rows[i].income,
			         rows[i].decision, d);
		free(d);
	}
	policy_plan_free(p);

	/* Sums of cents are exact: 0.10 + 0.20 is 0.30. */
	p = compile_body("When a customer's deposits for a business day arrive, extract the cash "
	                 "amount from each deposit slip.\n"
	                 "The total cash in is the sum of the cash amounts.\n"
	                 "If the total cash in equals $0.30, file a report.\n"
	                 "If the total cash in exceeds $10,000, file a currency transaction report.");
	char *d = decide(p, "doc deposit slip: Cash Amount: $0.10\ndoc deposit slip: Cash Amount: $0.20");
	assert_string_equal(d, "file a report");
	free(d);
	d = decide(p, "doc deposit slip: Cash Amount: $9,999.99\ndoc deposit slip: Cash Amount: $0.01");
	assert_string_equal(d, "");
	free(d);
	d = decide(p, "doc deposit slip: Cash Amount: $9,999.99\ndoc deposit slip: Cash Amount: $0.02");
	assert_string_equal(d, "file a currency transaction report");
	free(d);
	/* Large amounts keep every cent. */
	d = decide(p, "doc deposit slip: Cash Amount: $9,999,999,999,999.99\n"
	              "doc deposit slip: Cash Amount: $0.01");
	assert_string_equal(d, "file a currency transaction report");
	free(d);
	policy_plan_free(p);
}

/* A bad answer's message is a sentence: "'lots' is not an amount", not
 * "'lots' is not an money"; a JSON true is shown as it is, not as "'the
 * answer'". */
static void test_bad_answer_messages(void **state)
{
	(void)state;
	static const scripted s1[] = { { "extract.claimed_amount", "{\"value\": \"lots\"}" },
	                               { NULL, NULL } };
	policy_exec *x = run_scripted(s1);
	assert_non_null(strstr(policy_exec_failure(x), "the answer \"lots\" is not an amount"));
	policy_exec_free(x);
	static const scripted s2[] = { { "extract.claimed_amount", "{\"value\": true}" },
	                               { NULL, NULL } };
	x = run_scripted(s2);
	assert_null(strstr(policy_exec_failure(x), "'the answer'"));
	assert_null(strstr(policy_exec_failure(x), "an money"));
	policy_exec_free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_task_loop),
		cmocka_unit_test(test_task_misuse),
		cmocka_unit_test(test_task_fail),
		cmocka_unit_test(test_complete_builtin),
		cmocka_unit_test(test_bad_answers),
		cmocka_unit_test(test_missing_value_not_needed),
		cmocka_unit_test(test_missing_required_value),
		cmocka_unit_test(test_host_callbacks),
		cmocka_unit_test(test_reply_limit),
		cmocka_unit_test(test_threads_same_decision_and_trail),
		cmocka_unit_test(test_plan_shared_across_threads),
		cmocka_unit_test(test_percent_of_money_rounds_half_even),
		cmocka_unit_test(test_ratios_exactly_at_thresholds),
		cmocka_unit_test(test_bad_answer_messages),
	};
	return cmocka_run_group_tests_name("exec", tests, setup, teardown);
}
