/*
 * The compile-time assistant through the public API (docs/assist.md),
 * with a scripted assistant that answers from a table and records what
 * it was asked: good restatements, the plan's record of them, a
 * restatement that does not compile, one that adds a threshold or a new
 * word, a decline, a failing assistant, a reply that is not the expected
 * JSON, the lock reused (byte-identical plans, nothing asked), a changed
 * sentence asked again, a rejected restatement, the plan JSON round
 * trip and the loader's checks, and callers built against the older,
 * shorter options struct.
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

static const char claims[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the claimed amount and the loss type.\n"
	"If the claimed amount exceeds $50,000, escalate the claim to senior adjuster review.\n"
	"Otherwise, route the claim to standard processing.\n"
	"A loss type of theft sends the claim straight on to the special investigations unit.\n"
	"Claims whose loss type is fire go off to the fire marshal for a look.\n";

#define THEFT "A loss type of theft sends the claim straight on to the special investigations unit."
#define FIRE "Claims whose loss type is fire go off to the fire marshal for a look."
#define THEFT_OK "If the loss type is theft, route the claim to the special investigations unit."
#define FIRE_OK "If the loss type is fire, route the claim to the fire marshal."

/* ---- a scripted assistant ---- */

typedef struct answer {
	const char *sentence;
	const char *reply; /* JSON; NULL: fail the call */
} answer;

typedef struct scripted {
	const answer *table;
	size_t n;
	unsigned calls;
	cJSON *requests; /* every request, parsed */
} scripted;

static policy_status scripted_answer(const char *request, policy_reply *reply, void *user_data)
{
	scripted *s = user_data;
	s->calls++;
	cJSON *rq = cJSON_Parse(request);
	assert_non_null(rq);
	cJSON_AddItemToArray(s->requests, rq);
	const char *sentence = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rq, "sentence"));
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->table[i].sentence, sentence))
			continue;
		if (!s->table[i].reply) {
			policy_reply_set_error(reply, "the model server is down");
			return POLICY_ERR_CALLBACK;
		}
		return policy_reply_set_json(reply, s->table[i].reply, strlen(s->table[i].reply));
	}
	static const char no[] = "{\"decline\": \"not in the table\"}";
	return policy_reply_set_json(reply, no, sizeof no - 1);
}

static scripted script(const answer *table, size_t n)
{
	return (scripted){ table, n, 0, cJSON_CreateArray() };
}

static const answer good[] = {
	{ THEFT, "{\"restatements\": [\"" THEFT_OK "\"], \"model\": \"test-7b\"}" },
	{ FIRE, "{\"restatements\": [\"" FIRE_OK "\"]}" },
};

static policy_status compile_with(const char *text, scripted *s, const char *lock,
                                  policy_plan **plan, policy_error **err)
{
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	if (s) {
		o.assist = scripted_answer;
		o.assist_user_data = s;
	}
	o.assist_lock = lock;
	o.assist_lock_len = lock ? strlen(lock) : 0;
	return policy_compile(text, strlen(text), &o, plan, err);
}

/* Whether some diagnostic of `err` at `line` says all of `parts`. */
static bool says(const policy_error *err, unsigned line, policy_severity sev, const char *a,
                 const char *b)
{
	for (size_t i = 0; i < policy_error_diagnostic_count(err); i++) {
		const char *m = policy_error_diagnostic_message(err, i);
		if (policy_error_diagnostic_line(err, i) == line &&
		    policy_error_diagnostic_severity(err, i) == sev && strstr(m, a) &&
		    (!b || strstr(m, b)))
			return true;
	}
	return false;
}

/* The lock a host would write for `plan`, every entry with `review`. */
static char *lock_for(const policy_plan *plan, const char *review)
{
	cJSON *l = cJSON_CreateObject();
	cJSON_AddStringToObject(l, "format", "libpolicy-assist-lock/1");
	cJSON *entries = cJSON_AddArrayToObject(l, "entries");
	for (size_t i = 0; i < policy_plan_assisted_count(plan); i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "entry", policy_plan_assisted_entry(plan, i));
		cJSON_AddStringToObject(e, "sentence", policy_plan_assisted_sentence(plan, i));
		cJSON_AddStringToObject(e, "restatement", policy_plan_assisted_restatement(plan, i));
		cJSON_AddStringToObject(e, "review", review);
		cJSON_AddItemToArray(entries, e);
	}
	char *text = cJSON_PrintUnformatted(l);
	cJSON_Delete(l);
	return text;
}

/* `s` with the first `from` replaced by `to` (malloc'd). */
static char *replaced(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	assert_non_null(p);
	size_t fl = strlen(from), tl = strlen(to);
	char *out = malloc(strlen(s) - fl + tl + 1);
	memcpy(out, s, (size_t)(p - s));
	memcpy(out + (p - s), to, tl);
	strcpy(out + (p - s) + tl, p + fl);
	return out;
}

/* ---- restated, compiled, recorded ---- */

static void test_good_restatements(void **state)
{
	(void)state;
	scripted s = script(good, 2);
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	assert_int_equal(compile_with(claims, &s, NULL, &plan, &err), POLICY_OK);
	policy_error_free(err);
	assert_int_equal(s.calls, 2);
	assert_int_equal(policy_plan_assisted_count(plan), 2);
	assert_string_equal(policy_plan_assisted_sentence(plan, 0), THEFT);
	assert_string_equal(policy_plan_assisted_restatement(plan, 0), THEFT_OK);
	assert_int_equal(policy_plan_assisted_line(plan, 0), 8);
	assert_int_equal(policy_plan_assisted_column(plan, 0), 1);
	assert_int_equal(strlen(policy_plan_assisted_entry(plan, 0)), 32);
	assert_string_equal(policy_plan_assisted_sentence(plan, 1), FIRE);
	assert_int_equal(policy_plan_assisted_step_count(plan, 1), 1);
	assert_string_equal(policy_plan_assisted_step(plan, 1, 0),
	                    "action.route_the_claim_to_the_fire_marshal");
	assert_null(policy_plan_assisted_sentence(plan, 2));
	/* the steps sit at the sentence as written and read as restated */
	for (size_t i = 0; i < policy_plan_step_count(plan); i++)
		if (!strcmp(policy_plan_step_id(plan, i), "action.route_the_claim_to_the_fire_marshal")) {
			assert_int_equal(policy_plan_step_line(plan, i), 9);
			assert_int_equal(policy_plan_step_column(plan, i), 1);
			assert_string_equal(policy_plan_step_sentence(plan, i),
			                    "If the loss type is fire, route the claim to the fire marshal");
		}
	/* the text hash is that of the text as written */
	policy_plan *plain = NULL;
	policy_error *perr = NULL;
	assert_int_equal(policy_compile(claims, strlen(claims), NULL, &plain, &perr),
	                 POLICY_ERR_COMPILE);
	policy_error_free(perr);
	/* what the assistant was told */
	const cJSON *rq = cJSON_GetArrayItem(s.requests, 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(rq, "format")),
	                    "libpolicy-assist/1");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(rq, "sentence")), THEFT);
	assert_int_equal(cJSON_GetObjectItem(rq, "line")->valueint, 8);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(rq, "entry")),
	                    policy_plan_assisted_entry(plan, 0));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(rq, "policy")), "Claims Intake");
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(rq, "errors")) &&
	            cJSON_GetArraySize(cJSON_GetObjectItem(rq, "errors")) >= 1);
	char *terms = cJSON_PrintUnformatted(cJSON_GetObjectItem(rq, "terms"));
	assert_non_null(strstr(terms, "{\"name\":\"claimed amount\",\"type\":\"money\"}"));
	assert_non_null(strstr(terms, "{\"name\":\"loss type\",\"type\":\"text\"}"));
	free(terms);
	char *actions = cJSON_PrintUnformatted(cJSON_GetObjectItem(rq, "actions"));
	assert_non_null(strstr(actions, "\"route the claim to standard processing\""));
	free(actions);
	assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(rq, "forms")), "If CONDITION"));
	/* and the plan decides with the restatement */
	char *d = decide(plan, "doc insurance claim: Claimed Amount: $1,000|Loss Type: fire");
	assert_string_equal(d, "route the claim to standard processing; route the claim to the fire "
	                       "marshal");
	free(d);
	cJSON_Delete(s.requests);
	policy_plan_free(plan);
}

static void test_plan_json_round_trip(void **state)
{
	(void)state;
	scripted s = script(good, 2);
	policy_plan *plan = NULL;
	assert_int_equal(compile_with(claims, &s, NULL, &plan, NULL), POLICY_OK);
	size_t len;
	char *json = save_plan(plan, &len);
	assert_non_null(strstr(json, "\"assisted\": ["));
	policy_plan *loaded = NULL;
	assert_int_equal(policy_plan_load(json, len, NULL, &loaded, NULL), POLICY_OK);
	assert_int_equal(policy_plan_assisted_count(loaded), 2);
	assert_string_equal(policy_plan_assisted_restatement(loaded, 1), FIRE_OK);
	assert_string_equal(policy_plan_assisted_step(loaded, 0, 0),
	                    policy_plan_assisted_step(plan, 0, 0));
	size_t len2;
	char *again = save_plan(loaded, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(json, again, len);
	/* the record is hashed: a changed restatement breaks the hash */
	char *tampered = replaced(json, "route the claim to the fire marshal.\"",
	                          "route the claim to the fire brigade.\"");
	policy_error *err = NULL;
	policy_plan *bad = NULL;
	assert_int_equal(policy_plan_load(tampered, strlen(tampered), NULL, &bad, &err),
	                 POLICY_ERR_HASH);
	policy_error_free(err);
	/* and checked like everything else in a plan */
	static const struct {
		const char *from, *to, *why;
	} edits[] = {
		{ "\"restatement\": \"If the loss type is fire", "\"restated\": \"If the loss type is fire",
		  "unknown member" },
		{ "marshal.\",\n      \"steps\": [\n        \"action.route_the_claim_to_the_fire_marshal\"",
		  "marshal.\",\n      \"steps\": [\n        \"action.route_the_claim_to_the_fire_marsh_l\"",
		  "names a step the plan does not have" },
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		char *k = replaced(json, edits[i].from, edits[i].to);
		err = NULL;
		assert_int_equal(policy_plan_load(k, strlen(k), NULL, &bad, &err), POLICY_ERR_PLAN);
		if (!strstr(policy_error_message(err), edits[i].why))
			fail_msg("expected '%s' in: %s", edits[i].why, policy_error_message(err));
		policy_error_free(err);
		free(k);
	}
	free(tampered);
	free(json);
	free(again);
	cJSON_Delete(s.requests);
	policy_plan_free(loaded);
	policy_plan_free(plan);
}

/* ---- restatements that are not taken ---- */

static void test_restatement_that_does_not_compile(void **state)
{
	(void)state;
	static const answer table[] = {
		{ THEFT, "{\"restatements\": [\"If the loss type is theft route the claim whenever.\"]}" },
		{ FIRE, "{\"restatements\": [\"" FIRE_OK "\"]}" },
	};
	scripted s = script(table, 2);
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	assert_int_equal(compile_with(claims, &s, NULL, &plan, &err), POLICY_ERR_COMPILE);
	assert_null(plan);
	assert_true(says(err, 8, POLICY_SEVERITY_ERROR, "the restatement of '" THEFT "' does not compile",
	                 "'If the loss type is theft route the claim whenever.'"));
	assert_true(says(err, 8, POLICY_SEVERITY_ERROR, "I don't understand this sentence", NULL));
	assert_false(says(err, 9, POLICY_SEVERITY_ERROR, "", NULL));
	policy_error_free(err);
	cJSON_Delete(s.requests);
}

static void test_unfaithful_restatements(void **state)
{
	(void)state;
	static const answer table[] = {
		{ THEFT, "{\"restatements\": [\"If the loss type is theft, deny the claim.\"]}" },
		{ FIRE, "{\"restatements\": [\"If the loss type is fire and the claimed amount exceeds "
		        "$75,000, route the claim to the fire marshal.\"]}" },
	};
	scripted s = script(table, 2);
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	assert_int_equal(compile_with(claims, &s, NULL, &plan, &err), POLICY_ERR_COMPILE);
	assert_true(says(err, 9, POLICY_SEVERITY_ERROR,
	                 "the restatement of '" FIRE "' is not faithful: it adds the amount "
	                 "'$75,000', which the sentence does not have",
	                 "'If the loss type is fire and the claimed amount exceeds $75,000, route the "
	                 "claim to the fire marshal.'"));
	assert_true(says(err, 8, POLICY_SEVERITY_ERROR, "is not faithful: it uses the word 'deny'",
	                 NULL));
	policy_error_free(err);
	cJSON_Delete(s.requests);

	/* what a restatement may do: resolve "anything" and "it" to the terms,
	 * reorder, use the grammar's words and the policy's verbs; numbers it
	 * repeats, and number words for digits, are fine */
	static const char counted[] =
		"Policy: Loans\nVersion: 1\nEffective: 2026-01-01\n\n"
		"When a new loan application arrives, extract the loan amount and the number of pay "
		"stubs.\n"
		"If the loan amount is below $5,000, approve the loan.\n"
		"Anything short of 2 pay stubs, we decline it.\n";
	static const answer ok[] = {
		{ "Anything short of 2 pay stubs, we decline it.",
		  "{\"restatements\": [\"If the number of pay stubs is fewer than two, decline the "
		  "loan.\"]}" },
	};
	s = script(ok, 1);
	err = NULL;
	assert_int_equal(compile_with(counted, &s, NULL, &plan, &err), POLICY_OK);
	policy_error_free(err);
	assert_int_equal(policy_plan_assisted_count(plan), 1);
	policy_plan_free(plan);
	cJSON_Delete(s.requests);
}

static void test_decline_failure_and_bad_replies(void **state)
{
	(void)state;
	static const answer declined[] = {
		{ THEFT, "{\"decline\": \"who flags a claim?\"}" },
		{ FIRE, "{\"restatements\": [\"" FIRE_OK "\"]}" },
	};
	scripted s = script(declined, 2);
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	assert_int_equal(compile_with(claims, &s, NULL, &plan, &err), POLICY_ERR_COMPILE);
	assert_true(says(err, 8, POLICY_SEVERITY_WARNING,
	                 "the assistant did not restate this sentence: who flags a claim?", NULL));
	assert_true(says(err, 8, POLICY_SEVERITY_ERROR, "I don't understand this sentence", NULL));
	assert_false(says(err, 9, POLICY_SEVERITY_ERROR, "", NULL));
	policy_error_free(err);
	cJSON_Delete(s.requests);

	/* a failing assistant is not asked about the next sentence */
	static const answer down[] = { { THEFT, NULL }, { FIRE, "{\"restatements\": [\"x.\"]}" } };
	s = script(down, 2);
	err = NULL;
	assert_int_equal(compile_with(claims, &s, NULL, &plan, &err), POLICY_ERR_COMPILE);
	assert_int_equal(s.calls, 1);
	assert_true(says(err, 8, POLICY_SEVERITY_ERROR,
	                 "the assistant failed on this sentence: the model server is down", NULL));
	policy_error_free(err);
	cJSON_Delete(s.requests);

	static const answer odd[] = {
		{ THEFT, "Sure! Here it is." },
		{ FIRE, "{\"restatements\": \"" FIRE_OK "\"}" },
	};
	s = script(odd, 2);
	err = NULL;
	assert_int_equal(compile_with(claims, &s, NULL, &plan, &err), POLICY_ERR_COMPILE);
	assert_int_equal(s.calls, 2);
	assert_true(says(err, 8, POLICY_SEVERITY_ERROR,
	                 "the assistant's reply for this sentence is not the expected JSON: it is not "
	                 "JSON", NULL));
	assert_true(says(err, 9, POLICY_SEVERITY_ERROR,
	                 "\"restatements\" must be 1 to 16 non-empty strings", NULL));
	policy_error_free(err);
	cJSON_Delete(s.requests);
}

/* ---- pinned ---- */

static void test_lock_reused(void **state)
{
	(void)state;
	scripted s = script(good, 2);
	policy_plan *first = NULL;
	assert_int_equal(compile_with(claims, &s, NULL, &first, NULL), POLICY_OK);
	char *lock = lock_for(first, "pending");
	size_t len;
	char *want = save_plan(first, &len);
	/* the lock alone, and the lock with an assistant that is not asked */
	for (int with = 0; with < 2; with++) {
		scripted t = script(good, 2);
		policy_plan *again = NULL;
		assert_int_equal(compile_with(claims, with ? &t : NULL, lock, &again, NULL), POLICY_OK);
		assert_int_equal(t.calls, 0);
		size_t len2;
		char *got = save_plan(again, &len2);
		assert_int_equal(len, len2);
		assert_memory_equal(want, got, len);
		free(got);
		policy_plan_free(again);
		cJSON_Delete(t.requests);
	}
	/* a changed sentence is asked again; the other comes from the lock */
	char *changed = replaced(claims, "sends the claim straight on", "sends the claim right on");
	static const answer edited[] = {
		{ "A loss type of theft sends the claim right on to the special investigations unit.",
		  "{\"restatements\": [\"" THEFT_OK "\"]}" },
	};
	scripted t = script(edited, 1);
	policy_plan *p2 = NULL;
	policy_error *err = NULL;
	assert_int_equal(compile_with(changed, &t, lock, &p2, &err), POLICY_OK);
	policy_error_free(err);
	assert_int_equal(t.calls, 1);
	assert_int_equal(policy_plan_assisted_count(p2), 2);
	assert_string_not_equal(policy_plan_assisted_entry(p2, 0), policy_plan_assisted_entry(first, 0));
	assert_string_equal(policy_plan_assisted_entry(p2, 1), policy_plan_assisted_entry(first, 1));
	policy_plan_free(p2);
	cJSON_Delete(t.requests);
	/* without the assistant, the changed sentence is an error again */
	err = NULL;
	assert_int_equal(compile_with(changed, NULL, lock, &p2, &err), POLICY_ERR_COMPILE);
	assert_true(says(err, 8, POLICY_SEVERITY_ERROR, "I don't understand this sentence", NULL));
	assert_false(says(err, 9, POLICY_SEVERITY_ERROR, "", NULL));
	policy_error_free(err);
	/* a rejected restatement is not used, and the assistant hears of it */
	char *rejected = lock_for(first, "rejected");
	err = NULL;
	assert_int_equal(compile_with(claims, NULL, rejected, &p2, &err), POLICY_ERR_COMPILE);
	assert_true(says(err, 9, POLICY_SEVERITY_WARNING, "rejected in review", NULL));
	policy_error_free(err);
	t = script(good, 2);
	assert_int_equal(compile_with(claims, &t, rejected, &p2, NULL), POLICY_OK);
	assert_int_equal(t.calls, 2);
	const cJSON *rq = cJSON_GetArrayItem(t.requests, 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(rq, "rejected"), 0)),
	                    FIRE_OK);
	policy_plan_free(p2);
	cJSON_Delete(t.requests);
	/* a lock that is not one is an error */
	err = NULL;
	assert_int_equal(compile_with(claims, NULL, "{\"entries\": []}", &p2, &err),
	                 POLICY_ERR_COMPILE);
	assert_true(says(err, 0, POLICY_SEVERITY_ERROR, "the assist lock is not valid", NULL));
	policy_error_free(err);
	free(rejected);
	free(changed);
	free(want);
	free(lock);
	cJSON_Delete(s.requests);
	policy_plan_free(first);
}

/* A sentence whose error was another's doing is not kept assisted. */
static void test_only_needed_sentences_are_assisted(void **state)
{
	(void)state;
	static const char text[] =
		"Policy: Claims Intake\nVersion: 3.0\nEffective: March 1, 2026\n\n"
		"When a new insurance claim arrives, extract the claimed amount and the loss type.\n"
		"If the claim is urgent, escalate the claim to senior adjuster review.\n"
		"Fire sort stuff makes a claim urgent, as everyone knows.\n"
		"If the claimed amount exceeds $9,000, route the claim to standard processing.\n";
	static const answer table[] = {
		{ "If the claim is urgent, escalate the claim to senior adjuster review.",
		  "{\"restatements\": [\"Escalate the claim to senior adjuster review if the claim is "
		  "urgent.\"]}" },
		{ "Fire sort stuff makes a claim urgent, as everyone knows.",
		  "{\"restatements\": [\"The claim is urgent if the loss type is fire.\"]}" },
	};
	scripted s = script(table, 2);
	policy_plan *plan = NULL;
	assert_int_equal(compile_with(text, &s, NULL, &plan, NULL), POLICY_OK);
	assert_int_equal(s.calls, 2);
	assert_int_equal(policy_plan_assisted_count(plan), 1);
	assert_int_equal(policy_plan_assisted_line(plan, 0), 7);
	char *lock = lock_for(plan, "accepted");
	policy_plan *again = NULL;
	assert_int_equal(compile_with(text, NULL, lock, &again, NULL), POLICY_OK);
	size_t a, b;
	char *ja = save_plan(plan, &a), *jb = save_plan(again, &b);
	assert_int_equal(a, b);
	assert_memory_equal(ja, jb, a);
	free(ja);
	free(jb);
	free(lock);
	policy_plan_free(again);
	policy_plan_free(plan);
	cJSON_Delete(s.requests);
}

/* ---- who is asked, and when ---- */

static void test_not_asked_when_not_needed(void **state)
{
	(void)state;
	static const char fine[] =
		"Policy: Claims Intake\nVersion: 1\nEffective: March 1, 2026\n\n"
		"When a new insurance claim arrives, extract the claimed amount.\n"
		"If the claimed amount exceeds $50,000, escalate the claim to senior adjuster review.\n";
	scripted s = script(good, 2);
	policy_plan *plan = NULL, *plain = NULL;
	assert_int_equal(compile_with(fine, &s, NULL, &plan, NULL), POLICY_OK);
	assert_int_equal(s.calls, 0);
	assert_int_equal(policy_plan_assisted_count(plan), 0);
	assert_int_equal(policy_compile(fine, strlen(fine), NULL, &plain, NULL), POLICY_OK);
	assert_string_equal(policy_plan_body_hash(plan), policy_plan_body_hash(plain));
	policy_plan_free(plan);
	policy_plan_free(plain);
	/* a header error is no sentence's: nothing to ask */
	static const char headless[] =
		"Version: 1\n\nWhen a new claim arrives, extract the claimed amount.\n"
		"If the claimed amount exceeds $500, close the claim.\n";
	policy_error *err = NULL;
	assert_int_not_equal(compile_with(headless, &s, NULL, &plan, &err), POLICY_OK);
	assert_int_equal(s.calls, 0);
	policy_error_free(err);
	/* a caller built against the shorter struct has no assistant */
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.assist = scripted_answer;
	o.assist_user_data = &s;
	o.struct_size = offsetof(policy_compile_options, assist);
	err = NULL;
	assert_int_equal(policy_compile(claims, strlen(claims), &o, &plan, &err), POLICY_ERR_COMPILE);
	assert_int_equal(s.calls, 0);
	policy_error_free(err);
	/* the limit of sentences asked */
	o.struct_size = sizeof o;
	o.max_assisted = 1;
	err = NULL;
	assert_int_equal(policy_compile(claims, strlen(claims), &o, &plan, &err), POLICY_ERR_COMPILE);
	assert_int_equal(s.calls, 1);
	assert_true(says(err, 0, POLICY_SEVERITY_WARNING, "the assistant was asked about 1 sentences",
	                 NULL));
	policy_error_free(err);
	cJSON_Delete(s.requests);
}

/* Prose the grammar keeps as commentary (with a warning) is a sentence
 * it cannot read too: the assistant may restate it; a decline or a
 * refused restatement leaves it commentary, with warnings, not errors. */
static void test_commentary_sentences(void **state)
{
	(void)state;
	static const char text[] =
		"Policy: Claims Intake\nVersion: 1\nEffective: March 1, 2026\n\n"
		"When a new insurance claim arrives, extract the claimed amount and the loss type.\n"
		"If the claimed amount exceeds $50,000, escalate the claim to senior adjuster review.\n"
		"Our adjusters work hard in every season.\n"
		"Hail is a matter for the hail desk, we route those there.\n";
#define PROSE "Our adjusters work hard in every season."
#define HAIL "Hail is a matter for the hail desk, we route those there."
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	assert_int_equal(compile_with(text, NULL, NULL, &plan, &err), POLICY_ERR_COMPILE);
	assert_true(says(err, 7, POLICY_SEVERITY_WARNING, "read as commentary", NULL));
	assert_true(says(err, 8, POLICY_SEVERITY_ERROR, "I don't understand", NULL));
	policy_error_free(err);
	static const answer table[] = {
		{ PROSE, "{\"decline\": \"commentary\"}" },
		{ HAIL, "{\"restatements\": [\"If the loss type is hail, route the claim to the hail "
		        "desk.\"]}" },
	};
	scripted s = script(table, 2);
	err = NULL;
	assert_int_equal(compile_with(text, &s, NULL, &plan, &err), POLICY_OK);
	assert_int_equal(s.calls, 2);
	assert_int_equal(policy_plan_assisted_count(plan), 1);
	assert_string_equal(policy_plan_assisted_sentence(plan, 0), HAIL);
	assert_true(says(err, 7, POLICY_SEVERITY_WARNING, "read as commentary", NULL));
	assert_true(says(err, 7, POLICY_SEVERITY_WARNING,
	                 "the assistant did not restate this sentence: commentary", NULL));
	policy_error_free(err);
	/* a pinned decline is not asked again */
	char *lock = lock_for(plan, "accepted");
	char *with_decline = replaced(lock, "]}", ",{\"entry\":\"ENTRY\",\"sentence\":\"" PROSE
	                                          "\",\"decline\":\"commentary\"}]}");
	const cJSON *rq = cJSON_GetArrayItem(s.requests, 0);
	char *pinned = replaced(with_decline, "ENTRY",
	                        cJSON_GetStringValue(cJSON_GetObjectItem(rq, "entry")));
	policy_plan_free(plan);
	cJSON_Delete(s.requests);
	s = script(table, 2);
	err = NULL;
	assert_int_equal(compile_with(text, &s, pinned, &plan, &err), POLICY_OK);
	assert_int_equal(s.calls, 0);
	assert_int_equal(policy_plan_assisted_count(plan), 1);
	assert_true(says(err, 7, POLICY_SEVERITY_WARNING, "the assistant did not restate", NULL));
	policy_error_free(err);
	policy_plan_free(plan);
	cJSON_Delete(s.requests);
	/* an unfaithful restatement of prose leaves it prose: a warning */
	static const answer inventive[] = {
		{ PROSE, "{\"restatements\": [\"If the claimed amount exceeds $10,000, escalate the "
		         "claim to senior adjuster review.\"]}" },
		{ HAIL, "{\"restatements\": [\"If the loss type is hail, route the claim to the hail "
		        "desk.\"]}" },
	};
	s = script(inventive, 2);
	err = NULL;
	assert_int_equal(compile_with(text, &s, NULL, &plan, &err), POLICY_OK);
	assert_true(says(err, 7, POLICY_SEVERITY_WARNING, "is not faithful: it adds the amount "
	                 "'$10,000'", PROSE));
	policy_error_free(err);
	policy_plan_free(plan);
	cJSON_Delete(s.requests);
	free(pinned);
	free(with_decline);
	free(lock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_restatements),
		cmocka_unit_test(test_plan_json_round_trip),
		cmocka_unit_test(test_restatement_that_does_not_compile),
		cmocka_unit_test(test_unfaithful_restatements),
		cmocka_unit_test(test_decline_failure_and_bad_replies),
		cmocka_unit_test(test_lock_reused),
		cmocka_unit_test(test_only_needed_sentences_are_assisted),
		cmocka_unit_test(test_not_asked_when_not_needed),
		cmocka_unit_test(test_commentary_sentences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
