/*
 * Model steps: which sentences need a model and which stay code, token
 * estimates and budgets, and every guardrail, driven by a scripted fake
 * model that answers from a list of replies and records what it was asked.
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

/* ---- which sentences become llm steps ---- */

static const char declarations[] =
	"When a new insurance claim arrives, extract the claimed amount, the date of loss, the "
	"cause of loss, the loss description, the expense category, the credit score, the "
	"applicant's date of birth, the received date, the acknowledgment date and the debt-to-income "
	"ratio from the claim form. Look up the policy effective date and the policy expiration date "
	"in the carrier system.\n\n"
	"The applicant's age is the number of whole years from the applicant's date of birth to the "
	"date of loss.\n"
	"The allowed categories are airfare, lodging, and meals.\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy "
	"effective date and on or before the policy expiration date.\n\n";

static const struct {
	const char *sentence;
	unsigned llm_steps;
} split[] = {
	/* judgment over unstructured text: a model */
	{ "Confirm that the damage described in the adjuster notes is consistent with the cause "
	  "of loss.", 1 },
	{ "Verify that the repair estimate is reasonable for the damage described in the adjuster "
	  "notes.", 1 },
	{ "If the loss narrative appears suspicious, refer the claim to the special investigations "
	  "unit.", 1 },
	{ "Classify the claim as water, fire, theft or other based on the loss description.", 1 },
	{ "Check that the explanation in the customer letter is plausible.", 1 },
	{ "If the witness statement contradicts the loss description, flag the claim.", 1 },
	{ "Confirm that the medical records support the cause of loss.", 1 },
	/* everything expressible as code stays code */
	{ "If the claimed amount exceeds $50,000, escalate to senior adjuster review.", 0 },
	{ "Verify that the policy was active on the date of loss.", 0 },
	{ "If the debt-to-income ratio is no more than 45%, issue a conditional approval.", 0 },
	{ "Require three independent appraisals.", 0 },
	{ "If the acknowledgment date is more than 15 days after the received date, record a "
	  "timeliness violation.", 0 },
	{ "If the expense category is not one of the allowed categories, reject the expense "
	  "report.", 0 },
	{ "If the credit score is below 680, decline the application.", 0 },
	{ "Decline the application unless the applicant's age is between 18 and 65.", 0 },
	{ "If the cause of loss is flood, deny the claim.", 0 },
	{ "If the claimed amount is at least $5,000 and the claim form has no date of loss, "
	  "request a corrected form.", 0 },
	{ "If no police report is attached, request the police report.", 0 },
};

static unsigned count_llm(const policy_plan *p)
{
	unsigned n = 0;
	for (size_t i = 0; i < policy_plan_step_count(p); i++)
		n += !policy_plan_step_deterministic(p, i);
	return n;
}

static void test_deterministic_llm_split(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof split / sizeof split[0]; i++) {
		size_t n = strlen(declarations) + strlen(split[i].sentence) + 1;
		char *body = malloc(n);
		snprintf(body, n, "%s%s", declarations, split[i].sentence);
		policy_plan *p = compile_body(body);
		if (count_llm(p) != split[i].llm_steps)
			fail_msg("\"%s\": %u llm steps, expected %u", split[i].sentence, count_llm(p),
			         split[i].llm_steps);
		/* deterministic steps cost nothing; model steps have an estimate */
		for (size_t s = 0; s < policy_plan_step_count(p); s++)
			assert_true(policy_plan_step_deterministic(p, s) ==
			            (policy_plan_step_est_tokens(p, s) == 0));
		policy_plan_free(p);
		free(body);
	}
}

/* ---- a scripted fake model ---- */

typedef struct fake_model {
	const char *replies[8];
	unsigned nreplies;
	unsigned calls;
	char *last_request;
} fake_model;

static policy_status fake_llm(const char *request, policy_reply *reply, void *user_data)
{
	fake_model *m = user_data;
	free(m->last_request);
	m->last_request = strdup(request);
	const char *r = m->calls < m->nreplies ? m->replies[m->calls] : m->replies[m->nreplies - 1];
	m->calls++;
	return policy_reply_set_json(reply, r, strlen(r));
}

static int64_t zero_clock(void *user_data)
{
	(void)user_data;
	return 0;
}

static const char review_policy[] =
	"When a new insurance claim arrives, extract the claimed amount and the cause of loss from "
	"the claim form.\n\n"
	"Confirm that the damage described in the adjuster notes is consistent with the cause of "
	"loss. If it is not, refer the claim to the special investigations unit.\n"
	"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n";

static const char review_case[] =
	"doc claim form: Claimed Amount: $72,400.00|Cause of Loss: Burst supply line\n"
	"doc adjuster notes: Standing water in the kitchen.|Burst supply line under the sink.\n";

#define GOOD "{\"answer\":{\"consistent\":true,\"rationale\":\"water damage\",\"evidence\":[\"Burst supply line under the sink\"]},\"usage\":{\"prompt_tokens\":500,\"completion_tokens\":30}}"
#define BAD_KEY "{\"answer\":{\"consistent\":\"yes\",\"rationale\":\"x\",\"evidence\":[]}}"
#define MISSING_KEY "{\"answer\":{\"rationale\":\"x\",\"evidence\":[]}}"
#define HALLUCINATED "{\"answer\":{\"consistent\":true,\"rationale\":\"x\",\"evidence\":[\"the roof collapsed in a storm\"]}}"
#define TOO_LONG "{\"answer\":{\"consistent\":true,\"rationale\":\"x\",\"evidence\":[]},\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":5000}}"

typedef struct run {
	policy_exec *exec;
	char *decision;
	char *trail;
} run;

static run run_with(const char *policy, const char *spec, fake_model *m, uint64_t budget)
{
	policy_plan *p = compile_body(policy);
	policy_case *c = make_case(spec);
	policy_host *h;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	policy_host_set_llm_func(h, fake_llm, m, NULL);
	policy_host_set_now_func(h, zero_clock, NULL, NULL);
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.token_budget = budget;
	run r = { 0 };
	policy_error *err = NULL;
	assert_int_equal(policy_execute(p, h, c, &o, &r.exec, &err), POLICY_OK);
	assert_int_equal(policy_exec_decision_json(r.exec, &r.decision, NULL), POLICY_OK);
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(r.exec), &r.trail, NULL), POLICY_OK);
	policy_host_free(h);
	policy_case_free(c);
	policy_plan_free(p);
	return r;
}

static void run_free(run *r)
{
	policy_free(r->decision);
	policy_free(r->trail);
	policy_exec_free(r->exec);
}

static bool fired(const policy_exec *x, const char *text)
{
	for (size_t i = 0; i < policy_exec_action_count(x); i++)
		if (!strcmp(policy_exec_action_text(x, i), text))
			return true;
	return false;
}

static void test_valid_answer(void **state)
{
	(void)state;
	fake_model m = { { GOOD }, 1, 0, NULL };
	run r = run_with(review_policy, review_case, &m, 0);
	assert_int_equal(m.calls, 1);
	assert_int_equal(policy_exec_outcome(r.exec), POLICY_OUTCOME_COMPLETE);
	assert_true(fired(r.exec, "escalate to senior adjuster review"));
	assert_false(fired(r.exec, "refer the claim to the special investigations unit"));
	assert_int_equal(policy_exec_tokens_used(r.exec), 530);
	/* the request carries the sentence, the schema, the budget and the notes */
	cJSON *req = cJSON_Parse(m.last_request);
	assert_non_null(req);
	assert_string_equal(cJSON_GetObjectItem(req, "task")->valuestring, "judge");
	cJSON *schema = cJSON_GetObjectItem(req, "schema");
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(schema, "properties"), "consistent"));
	assert_int_equal(cJSON_GetObjectItem(req, "max_tokens")->valueint, 300);
	cJSON *docs = cJSON_GetObjectItem(req, "documents");
	assert_int_equal(cJSON_GetArraySize(docs), 1);
	assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(docs, 0), "text")->valuestring,
	                       "Burst supply line under the sink"));
	cJSON *inputs = cJSON_GetObjectItem(req, "inputs");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(inputs, 0), "name")->valuestring,
	                    "cause of loss");
	cJSON_Delete(req);
	/* the model's rationale is the judgment's evidence in the trail */
	assert_non_null(strstr(r.trail, "\"rationale\":\"water damage\""));
	free(m.last_request);
	run_free(&r);
}

static void test_schema_violation_then_recovery(void **state)
{
	(void)state;
	fake_model m = { { BAD_KEY, GOOD }, 2, 0, NULL };
	run r = run_with(review_policy, review_case, &m, 0);
	assert_int_equal(m.calls, 2);
	/* the second request says why the first answer was refused */
	assert_non_null(strstr(m.last_request, "\"attempt\":2"));
	assert_non_null(strstr(m.last_request, "must be true or false"));
	assert_int_equal(policy_exec_outcome(r.exec), POLICY_OUTCOME_COMPLETE);
	assert_true(fired(r.exec, "escalate to senior adjuster review"));
	assert_non_null(strstr(r.trail, "\"name\":\"schema\""));
	assert_non_null(strstr(r.trail, "asked the model once more"));
	free(m.last_request);
	run_free(&r);
}

static void test_schema_violation_twice_fails_the_same_way(void **state)
{
	(void)state;
	char *first_decision = NULL, *first_trail = NULL;
	for (int rerun = 0; rerun < 2; rerun++) {
		fake_model m = { { MISSING_KEY, BAD_KEY }, 2, 0, NULL };
		run r = run_with(review_policy, review_case, &m, 0);
		assert_int_equal(m.calls, 2); /* one retry, never more */
		/* the judgment is needed by "If it is not, refer ...": no decision */
		assert_int_equal(policy_exec_outcome(r.exec), POLICY_OUTCOME_FAILED);
		assert_non_null(strstr(policy_exec_failure(r.exec), "must be true or false"));
		assert_non_null(strstr(r.trail, "no answer is used; the step failed"));
		if (rerun == 0) {
			first_decision = strdup(r.decision);
			first_trail = strdup(r.trail);
		} else {
			assert_string_equal(first_decision, r.decision);
			assert_string_equal(first_trail, r.trail);
		}
		free(m.last_request);
		run_free(&r);
	}
	free(first_decision);
	free(first_trail);
}

static void test_budget_exceeded(void **state)
{
	(void)state;
	fake_model m = { { GOOD }, 1, 0, NULL };
	run r = run_with(review_policy, review_case, &m, 100);
	assert_int_equal(m.calls, 0); /* the call is not made */
	assert_int_equal(policy_exec_outcome(r.exec), POLICY_OUTCOME_FAILED);
	assert_non_null(strstr(r.trail, "\"name\":\"token budget\""));
	assert_non_null(strstr(r.trail, "no call was made"));
	run_free(&r);
}

static void test_answer_over_max_tokens_is_discarded(void **state)
{
	(void)state;
	fake_model m = { { TOO_LONG }, 1, 0, NULL };
	run r = run_with(review_policy, review_case, &m, 0);
	assert_int_equal(m.calls, 1);
	assert_int_equal(policy_exec_outcome(r.exec), POLICY_OUTCOME_FAILED);
	assert_non_null(strstr(r.trail, "more than the 300 allowed"));
	free(m.last_request);
	run_free(&r);
}

static void test_hallucinated_quote(void **state)
{
	(void)state;
	fake_model m = { { HALLUCINATED, GOOD }, 2, 0, NULL };
	run r = run_with(review_policy, review_case, &m, 0);
	assert_int_equal(m.calls, 2);
	assert_int_equal(policy_exec_outcome(r.exec), POLICY_OUTCOME_COMPLETE);
	assert_non_null(strstr(r.trail, "\"name\":\"evidence\""));
	assert_non_null(strstr(r.trail, "hallucinated evidence"));
	run_free(&r);

	fake_model twice = { { HALLUCINATED }, 1, 0, NULL };
	r = run_with(review_policy, review_case, &twice, 0);
	assert_int_equal(twice.calls, 2);
	assert_int_equal(policy_exec_outcome(r.exec), POLICY_OUTCOME_FAILED);
	free(m.last_request);
	free(twice.last_request);
	run_free(&r);
}

static void test_policy_guardrail_replaces_action(void **state)
{
	(void)state;
	const char *policy =
		"When a new insurance claim arrives, extract the claimed amount from the claim form.\n\n"
		"Never approve a claim above $100,000 automatically; route it to the claims committee "
		"instead.\n"
		"If the claimed amount is at most $250,000, approve the claim for payment.\n";
	fake_model m = { { GOOD }, 1, 0, NULL };
	run r = run_with(policy, "doc claim form: Claimed Amount: $120,000\n", &m, 0);
	assert_int_equal(policy_exec_action_count(r.exec), 1);
	assert_string_equal(policy_exec_action_text(r.exec, 0), "route it to the claims committee");
	assert_string_equal(policy_exec_action_verb(r.exec, 0), "route");
	assert_non_null(strstr(r.decision, "\"instead_of\": \"approve the claim for payment\""));
	assert_non_null(strstr(r.trail, "Never approve a claim above $100,000 automatically"));
	char *text;
	assert_int_equal(policy_trail_explain(policy_exec_trail(r.exec), &text, NULL), POLICY_OK);
	assert_non_null(strstr(text, "Routed it to the claims committee instead of \"approve the "
	                             "claim for payment\""));
	policy_free(text);
	run_free(&r);

	/* below the limit the action stands */
	r = run_with(policy, "doc claim form: Claimed Amount: $80,000\n", &m, 0);
	assert_int_equal(policy_exec_action_count(r.exec), 1);
	assert_string_equal(policy_exec_action_text(r.exec, 0), "approve the claim for payment");
	run_free(&r);
}

static void test_classification(void **state)
{
	(void)state;
	const char *policy =
		"When a new insurance claim arrives, extract the cause of loss from the claim form.\n\n"
		"Classify the claim as water, fire, theft, or other based on the cause of loss.\n"
		"If the claim is classified as water, request a plumber's report.\n";
	fake_model m = { { "{\"answer\":{\"category\":\"flood\",\"rationale\":\"x\",\"evidence\":[]}}",
	                   "{\"answer\":{\"category\":\"water\",\"rationale\":\"a pipe burst\",\"evidence\":[]}}" },
	                 2, 0, NULL };
	run r = run_with(policy, "doc claim form: Cause of Loss: Burst pipe\n", &m, 0);
	assert_int_equal(m.calls, 2);
	assert_non_null(strstr(r.trail, "\\\"flood\\\" is not one of the policy's choices"));
	assert_true(fired(r.exec, "request a plumber's report"));
	cJSON *req = cJSON_Parse(m.last_request);
	cJSON *props = cJSON_GetObjectItem(cJSON_GetObjectItem(req, "schema"), "properties");
	cJSON *choices = cJSON_GetObjectItem(cJSON_GetObjectItem(props, "category"), "enum");
	assert_int_equal(cJSON_GetArraySize(choices), 4);
	cJSON_Delete(req);
	free(m.last_request);
	run_free(&r);
}

static void test_model_fallback_only_when_allowed(void **state)
{
	(void)state;
	const char *policy =
		"When a new insurance claim arrives, extract the claimed amount from the claim form.\n\n"
		"If the claimed amount cannot be read from the claim form, ask the model.\n"
		"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n";
	const char *unreadable = "doc claim form: Claimed Amount: seventy two thousand|Remarks: none\n";
	fake_model m = { { "{\"answer\":{\"value\":\"72000\",\"rationale\":\"written in words\",\"evidence\":[\"seventy two thousand\"]}}" },
	                 1, 0, NULL };
	run r = run_with(policy, unreadable, &m, 0);
	assert_int_equal(m.calls, 1);
	assert_true(fired(r.exec, "escalate to senior adjuster review"));
	assert_non_null(strstr(r.trail, "\"name\":\"model fallback\""));
	run_free(&r);

	/* a readable form never asks the model */
	fake_model quiet = { { GOOD }, 1, 0, NULL };
	r = run_with(policy, "doc claim form: Claimed Amount: $72,000\n", &quiet, 0);
	assert_int_equal(quiet.calls, 0);
	assert_true(fired(r.exec, "escalate to senior adjuster review"));
	run_free(&r);

	/* without the sentence, no fallback: a missing value fails the decision */
	const char *strict =
		"When a new insurance claim arrives, extract the claimed amount from the claim form.\n\n"
		"If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n";
	fake_model none = { { GOOD }, 1, 0, NULL };
	r = run_with(strict, unreadable, &none, 0);
	assert_int_equal(none.calls, 0);
	assert_int_equal(policy_exec_outcome(r.exec), POLICY_OUTCOME_FAILED);
	free(m.last_request);
	run_free(&r);
}

static void test_free_text_extraction(void **state)
{
	(void)state;
	const char *policy =
		"When a new insurance claim arrives, extract the cause of loss from the adjuster "
		"narrative.\n\n"
		"If the cause of loss is flood, deny the claim.\n";
	policy_plan *p = compile_body(policy);
	assert_int_equal(count_llm(p), 1);
	policy_plan_free(p);
	fake_model m = { { "{\"answer\":{\"value\":\"flood\",\"rationale\":\"river overflow\",\"evidence\":[\"the river overflowed\"]}}" },
	                 1, 0, NULL };
	run r = run_with(policy, "doc adjuster narrative: On arrival the river overflowed into the home.\n",
	                 &m, 0);
	assert_true(fired(r.exec, "deny the claim"));
	free(m.last_request);
	run_free(&r);
}

static void test_sans_io_llm_task(void **state)
{
	(void)state;
	policy_plan *p = compile_body(review_policy);
	policy_case *c = make_case(review_case);
	policy_exec *x;
	assert_int_equal(policy_exec_new(p, c, NULL, &x, NULL), POLICY_OK);
	const policy_task *t;
	unsigned llm = 0;
	for (;;) {
		assert_int_equal(policy_exec_next(x, &t), POLICY_OK);
		if (!t)
			break;
		if (policy_task_kind(t) == POLICY_STEP_LLM) {
			llm++;
			assert_non_null(strstr(policy_task_request_json(t), "\"schema\""));
			assert_int_equal(policy_exec_complete(x, t, GOOD, strlen(GOOD)), POLICY_OK);
		} else {
			assert_int_equal(policy_exec_complete_builtin(x, t), POLICY_OK);
		}
	}
	assert_int_equal(llm, 1);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	policy_exec_free(x);
	policy_case_free(c);
	policy_plan_free(p);
}

static void test_token_budget_at_compile(void **state)
{
	(void)state;
	const char *over = "Policy: T\nVersion: 1\nEffective: 2026-01-01\nToken budget: 100\n\n"
	                   "When a new insurance claim arrives, extract the cause of loss from the "
	                   "claim form.\n\nConfirm that the damage described in the adjuster notes "
	                   "is consistent with the cause of loss. If it is not, deny the claim.\n";
	policy_error *err = compile_fails(over, POLICY_ERR_BUDGET);
	assert_non_null(strstr(policy_error_message(err), "more than the budget of 100"));
	assert_int_equal(policy_error_line(err), 4);
	char *text = render(err, "over.txt", over);
	assert_non_null(strstr(text, "this model step is estimated at"));
	free(text);
	policy_error_free(err);
	/* the same budget from the options */
	const char *body = strstr(over, "\n\n") + 2;
	char *src = with_header(body);
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.token_budget = 100;
	policy_plan *p = NULL;
	assert_int_equal(policy_compile(src, strlen(src), &o, &p, &err), POLICY_ERR_BUDGET);
	assert_null(p);
	policy_error_free(err);
	o.token_budget = 100000;
	assert_int_equal(policy_compile(src, strlen(src), &o, &p, &err), POLICY_OK);
	assert_true(policy_plan_est_tokens(p) > 100);
	/* the estimate survives save and load */
	size_t len;
	char *json = save_plan(p, &len);
	policy_plan *q;
	assert_int_equal(policy_plan_load(json, len, NULL, &q, NULL), POLICY_OK);
	assert_int_equal(policy_plan_est_tokens(q), policy_plan_est_tokens(p));
	policy_plan_free(q);
	free(json);
	policy_error_free(err);
	policy_plan_free(p);
	free(src);
}

/* ---- one meaning, one step ---- */

/* The llm steps of a plan, by question. */
static unsigned llm_steps(const policy_plan *p, const char **questions, unsigned cap)
{
	unsigned n = 0;
	for (size_t i = 0; i < policy_plan_step_count(p); i++)
		if (policy_plan_step_kind(p, i) == POLICY_STEP_LLM && n < cap)
			questions[n++] = policy_plan_step_label(p, i);
	return n;
}

static const struct {
	const char *body;
	unsigned llm;          /* model steps expected */
	const char *question;  /* what the (first) model step asks */
} same_meaning[] = {
	/* the Water Damage Review pattern: a judged check, then its negation */
	{ "Confirm that the damage described in the adjuster notes is consistent with the cause of "
	  "loss.\nIf the damage is not consistent with the cause of loss, refer the claim to the "
	  "special investigations unit.\n", 1,
	  "the damage described in the adjuster notes is consistent with the cause of loss" },
	/* a judgment and its denial with "do not" */
	{ "If the adjuster notes indicate that the damage is severe, refer the claim to a "
	  "specialist.\nIf the adjuster notes do not indicate that the damage is severe, close the "
	  "review.\n", 1, "the adjuster notes indicate that the damage is severe" },
	/* the denial first: the step still asks the affirmative question */
	{ "If the witness statement does not corroborate the cause of loss, flag the claim.\n"
	  "Confirm that the witness statement corroborates the cause of loss.\n", 1,
	  "the witness statement corroborates the cause of loss" },
	/* "unreasonable" is "not reasonable", and the same judgment written twice */
	{ "If the repair estimate is unreasonable for the damage described in the adjuster notes, "
	  "request a second estimate.\nIf the repair estimate is reasonable for the damage "
	  "described in the adjuster notes, approve the estimate.\nVerify that the repair estimate "
	  "is unreasonable for the damage described in the adjuster notes.\n", 1,
	  "the repair estimate is unreasonable for the damage described in the adjuster notes" },
	/* a negation inside "that ..." is part of the question, not its denial */
	{ "If the adjuster notes indicate that the damage is severe, refer the claim to a "
	  "specialist.\nIf the adjuster notes indicate that the damage is not severe, close the "
	  "review.\n", 2, "the adjuster notes indicate that the damage is severe" },
	/* different documents are different questions */
	{ "If the adjuster notes suggest that the roof was damaged before the storm, deny the "
	  "claim.\nIf the loss narrative suggests that the roof was damaged before the storm, refer "
	  "the claim to an adjuster.\n", 2, NULL },
	/* and so are different judgments of the same things */
	{ "Confirm that the damage described in the adjuster notes is consistent with the cause of "
	  "loss.\nIf the damage described in the adjuster notes is suspicious, refer the claim to "
	  "the special investigations unit.\n", 2, NULL },
};

static void test_one_meaning_one_step(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof same_meaning / sizeof same_meaning[0]; i++) {
		size_t n = strlen(declarations) + strlen(same_meaning[i].body) + 1;
		char *body = malloc(n);
		snprintf(body, n, "%s%s", declarations, same_meaning[i].body);
		policy_plan *p = compile_body(body);
		const char *q[4];
		unsigned got = llm_steps(p, q, 4);
		if (got != same_meaning[i].llm)
			fail_msg("case %zu: %u llm steps, expected %u", i, got, same_meaning[i].llm);
		if (same_meaning[i].question)
			assert_string_equal(q[0], same_meaning[i].question);
		policy_plan_free(p);
		free(body);
	}
}

static const char negation_policy[] =
	"When a new insurance claim arrives, extract the claimed amount and the cause of loss from "
	"the claim form.\n\n"
	"If the damage is not consistent with the cause of loss, refer the claim to the special "
	"investigations unit.\n"
	"Confirm that the damage described in the adjuster notes is consistent with the cause of "
	"loss.\n"
	"If the damage is consistent with the cause of loss, pay the claim.\n";

#define NOT_CONSISTENT "{\"answer\":{\"consistent\":false,\"rationale\":\"fire damage\",\"evidence\":[]},\"usage\":{\"prompt_tokens\":500,\"completion_tokens\":30}}"

/* Both rules read the one answer: asked once, the negation fires on "no",
 * the affirmation on "yes"; the request carries the notes that only the
 * second mention names. */
static void test_negation_reads_the_same_answer(void **state)
{
	(void)state;
	fake_model no = { { NOT_CONSISTENT }, 1, 0, NULL };
	run r = run_with(negation_policy, review_case, &no, 0);
	assert_int_equal(no.calls, 1);
	assert_int_equal(policy_exec_outcome(r.exec), POLICY_OUTCOME_COMPLETE);
	assert_true(fired(r.exec, "refer the claim to the special investigations unit"));
	assert_false(fired(r.exec, "pay the claim"));
	assert_non_null(strstr(no.last_request, "\"question\":\"the damage is consistent with the "
	                                        "cause of loss\""));
	assert_non_null(strstr(no.last_request, "Burst supply line under the sink"));
	free(no.last_request);
	run_free(&r);

	fake_model yes = { { GOOD }, 1, 0, NULL };
	r = run_with(negation_policy, review_case, &yes, 0);
	assert_int_equal(yes.calls, 1);
	assert_false(fired(r.exec, "refer the claim to the special investigations unit"));
	assert_true(fired(r.exec, "pay the claim"));
	free(yes.last_request);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic_llm_split),
		cmocka_unit_test(test_valid_answer),
		cmocka_unit_test(test_schema_violation_then_recovery),
		cmocka_unit_test(test_schema_violation_twice_fails_the_same_way),
		cmocka_unit_test(test_budget_exceeded),
		cmocka_unit_test(test_answer_over_max_tokens_is_discarded),
		cmocka_unit_test(test_hallucinated_quote),
		cmocka_unit_test(test_policy_guardrail_replaces_action),
		cmocka_unit_test(test_classification),
		cmocka_unit_test(test_model_fallback_only_when_allowed),
		cmocka_unit_test(test_free_text_extraction),
		cmocka_unit_test(test_sans_io_llm_task),
		cmocka_unit_test(test_token_budget_at_compile),
		cmocka_unit_test(test_one_meaning_one_step),
		cmocka_unit_test(test_negation_reads_the_same_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
