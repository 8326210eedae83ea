/*
 * The built-in extractor's answers reach an execution by a short path:
 * read without parsing their evidence (answer.c,
 * exec_complete_builtin_answer), their labels, document types and fact
 * names prepared once per plan (run/label_cache.c) and shared by threads.
 * None of that may change a byte. Every case of tests/policies (and of the
 * development corpus, when it is there) is decided:
 *
 *   - through a host whose extract and lookup callbacks hand over the
 *     built-in extractor's JSON (builtin_extract, builtin_lookup,
 *     builtin_input on the host's own case), which policy_exec_complete
 *     parses as any host's answer: the reference;
 *   - with no host, on a plan that has never seen the case's labels (a
 *     plan compiled for the case);
 *   - again, on the plan that has seen them now;
 *   - in a batch of every case of the policy, twice, on two threads, all
 *     sharing one plan.
 *
 * Each gives the same trail (JSON Lines, with its hash chain, on a fixed
 * clock) and the same decision, byte for byte.
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

#include <pthread.h>

#include "run/case.h"
#include "run/extract.h"
#include "run/input.h"
#include "run/label_cache.h"
#include "support.h"

static int64_t fixed_clock(void *user_data)
{
	(void)user_data;
	return 1700000000000;
}

static policy_exec_options options(void)
{
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.now = fixed_clock;
	return o;
}

/* "claim_form.2.txt" -> "claim form" */
static char *doc_type(const char *file)
{
	char *t = strdup(file);
	char *dot = strchr(t, '.');
	if (dot)
		*dot = '\0';
	for (char *p = t; *p; p++)
		if (*p == '_')
			*p = ' ';
	return t;
}

/* A case folder as ../shared/corpus/run-corpus passes it: docs/ in name
 * order, facts.json member by member. */
static policy_case *load_case(const char *dir)
{
	policy_case *c;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	char path[8192];
	snprintf(path, sizeof path, "%s/docs", dir);
	char **docs = list_dir(path);
	for (size_t i = 0; docs && docs[i]; i++) {
		snprintf(path, sizeof path, "%s/docs/%s", dir, docs[i]);
		size_t len;
		char *text = read_file_or_fail(path, &len);
		char *type = doc_type(docs[i]);
		assert_int_equal(policy_case_add_document(c, type, text, len), POLICY_OK);
		free(type);
		free(text);
	}
	free_strings(docs);
	snprintf(path, sizeof path, "%s/facts.json", dir);
	char *facts = read_file(path, NULL);
	cJSON *o = facts ? cJSON_Parse(facts) : NULL;
	const cJSON *f;
	cJSON_ArrayForEach(f, o) {
		char *v = cJSON_PrintUnformatted(f);
		assert_int_equal(policy_case_add_fact(c, f->string, v, strlen(v)), POLICY_OK);
		free(v);
	}
	cJSON_Delete(o);
	free(facts);
	return c;
}

/* ---- the reference: the built-in's JSON through a host ---- */

static policy_status reply_with(buf *b, bool ok, policy_reply *reply)
{
	policy_status st = ok ? policy_reply_set_json(reply, b->data ? b->data : "", b->len)
	                      : POLICY_ERR_NOMEM;
	buf_release(b);
	return st;
}

static policy_status json_extract(const char *doc, const char *field, policy_type type,
                                  const char *request_json, policy_reply *reply, void *user_data)
{
	const policy_case *c = user_data;
	cJSON *request = cJSON_Parse(request_json);
	bool each = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(request, "each"));
	cJSON_Delete(request);
	mem m = mem_from(NULL);
	buf b;
	buf_init(&b, &m);
	bool ok = doc ? builtin_extract(c, doc, field, type, each, 0, &b)
	              : builtin_input(c, field, type, 0, &b);
	return reply_with(&b, ok, reply);
}

static policy_status json_lookup(const char *fact, const char *request_json, policy_reply *reply,
                                 void *user_data)
{
	const policy_case *c = user_data;
	cJSON *request = cJSON_Parse(request_json);
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(request, "type");
	policy_type t = POLICY_TYPE_NONE;
	for (int k = 0; k <= POLICY_TYPE_ENUM; k++) {
		const char *name = policy_type_name((policy_type)k);
		if (name && cJSON_IsString(type) && !strcmp(type->valuestring, name))
			t = (policy_type)k;
	}
	cJSON_Delete(request);
	mem m = mem_from(NULL);
	buf b;
	buf_init(&b, &m);
	bool ok = builtin_lookup(c, fact, t, &b);
	return reply_with(&b, ok, reply);
}

/* The trail and the decision of a finished execution, one string. */
static char *outcome(policy_exec *x)
{
	char *jsonl, *decision;
	size_t n1, n2;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, &n1), POLICY_OK);
	assert_int_equal(policy_exec_decision_json(x, &decision, &n2), POLICY_OK);
	char *both = malloc(n1 + n2 + 1);
	memcpy(both, jsonl, n1);
	memcpy(both + n1, decision, n2 + 1);
	policy_free(jsonl);
	policy_free(decision);
	return both;
}

static char *decide_with(const policy_plan *p, const policy_host *host, const policy_case *c)
{
	policy_exec_options o = options();
	policy_exec *x;
	assert_int_equal(policy_execute(p, host, c, &o, &x, NULL), POLICY_OK);
	char *out = outcome(x);
	policy_exec_free(x);
	return out;
}

static void same(const char *what, const char *policy, const char *kase, const char *want,
                 const char *got)
{
	if (strcmp(want, got) != 0)
		fail_msg("%s/%s: %s differs from the built-in's JSON through a host:\n%s\n----\n%s",
		         policy, kase, what, want, got);
}

/* Every case of the policies in `root` (a folder of policy folders). */
static size_t check_policies(const char *root)
{
	size_t checked = 0;
	char **policies = list_dir(root);
	for (size_t i = 0; policies && policies[i]; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s/policy.txt", root, policies[i]);
		char *text = read_file(path, NULL);
		if (!text)
			continue;
		policy_plan *shared = compile_ok(text);
		snprintf(path, sizeof path, "%s/%s/cases", root, policies[i]);
		char **cases = list_dir(path);
		size_t n = 0;
		while (cases && cases[n])
			n++;
		policy_case **all = calloc(2 * n + 1, sizeof *all);
		char **want = calloc(n + 1, sizeof *want);
		for (size_t k = 0; k < n; k++) {
			snprintf(path, sizeof path, "%s/%s/cases/%s", root, policies[i], cases[k]);
			policy_case *c = load_case(path);
			all[k] = all[n + k] = c;

			policy_host *host;
			assert_int_equal(policy_host_new(NULL, &host), POLICY_OK);
			policy_host_set_extract_func(host, json_extract, c, NULL);
			policy_host_set_lookup_func(host, json_lookup, c, NULL);
			want[k] = decide_with(shared, host, c);
			policy_host_free(host);

			/* a plan that has not seen these labels, then has */
			policy_plan *fresh = compile_ok(text);
			char *cold = decide_with(fresh, NULL, c);
			char *warm = decide_with(fresh, NULL, c);
			same("a new plan", policies[i], cases[k], want[k], cold);
			same("the plan again", policies[i], cases[k], want[k], warm);
			free(cold);
			free(warm);
			policy_plan_free(fresh);
			checked++;
		}
		/* the cases twice over, on two threads, one plan */
		if (n) {
			policy_exec_options o = options();
			policy_batch_options bo = POLICY_BATCH_OPTIONS_INIT;
			bo.threads = 2;
			bo.exec = &o;
			policy_exec **execs = calloc(2 * n, sizeof *execs);
			policy_error **errors = calloc(2 * n, sizeof *errors);
			assert_int_equal(policy_execute_batch(shared, NULL, (const policy_case *const *)all,
			                                      2 * n, &bo, execs, errors),
			                 POLICY_OK);
			for (size_t k = 0; k < 2 * n; k++) {
				assert_non_null(execs[k]);
				char *got = outcome(execs[k]);
				same("a batch on two threads", policies[i], cases[k % n], want[k % n], got);
				free(got);
				policy_exec_free(execs[k]);
			}
			free(execs);
			free(errors);
		}
		for (size_t k = 0; k < n; k++) {
			policy_case_free(all[k]);
			free(want[k]);
		}
		free(all);
		free(want);
		free_strings(cases);
		policy_plan_free(shared);
		free(text);
	}
	free_strings(policies);
	return checked;
}

static void our_policies_decide_alike_every_way(void **state)
{
	(void)state;
	char root[4096];
	snprintf(root, sizeof root, "%s/tests/policies", source_root());
	assert_true(check_policies(root) > 100);
}

static void corpus_policies_decide_alike_every_way(void **state)
{
	(void)state;
	const char *dir = corpus_dir();
	if (!dir)
		skip();
	assert_true(check_policies(dir) > 10);
}

/* ---- the plan's labels ---- */

static const char *const claim_labels[] = {
	"Claimant", "Policy Number", "Phone", "Date of Loss", "Cause of Loss", "Amount Claimed",
	"Date of Lss", "Amount Claime", "Policy Numbers", "DOB", "Loss Date", "Claimed Amount",
};
enum { NLABELS = sizeof claim_labels / sizeof claim_labels[0] };

static policy_plan *small_plan(void)
{
	return compile_body("When a new claim arrives, extract the claimed amount.\n\n"
	                    "If the claimed amount exceeds $50,000, escalate to review.");
}

/* What the cache gives is what label_text_make makes of the same bytes:
 * the same text and the same words. */
static void same_label(const label_text *got, const char *label)
{
	assert_non_null(got);
	assert_int_equal(got->len, strlen(label));
	assert_memory_equal(got->text, label, got->len);
	mem m = mem_from(NULL);
	arena a;
	arena_init(&a, &m);
	label_text made;
	assert_true(label_text_make(&a, label, strlen(label), &made));
	assert_int_equal(got->words.n, made.words.n);
	assert_int_equal(got->ntokens, made.ntokens);
	assert_int_equal(got->ngroups, made.ngroups);
	assert_int_equal(words_set_match(got->words.reading[0], made.words.reading[0]), 1000);
	arena_release(&a);
}

/* Labels that differ by a letter, or are a prefix of another, are kept
 * apart; a label and a phrase of the same bytes too (a phrase is only its
 * word set). The cache is the plan's: one per plan, the same every time. */
static void the_plan_keeps_each_label_apart(void **state)
{
	(void)state;
	policy_plan *p = small_plan();
	label_cache *c = label_cache_of(p);
	assert_non_null(c);
	assert_ptr_equal(label_cache_of(p), c);
	const label_text *first[NLABELS];
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < NLABELS; i++) {
			const label_text *l = label_cache_get(c, claim_labels[i], strlen(claim_labels[i]), true);
			same_label(l, claim_labels[i]);
			if (round)
				assert_ptr_equal(l, first[i]);
			first[i] = l;
		}
	}
	const word_set *w = label_cache_words(c, "Policy Number", 13);
	assert_non_null(w);
	assert_ptr_not_equal(w, first[1]->words.reading[0]);
	assert_int_equal(words_set_match(w, first[1]->words.reading[0]), 1000);
	assert_ptr_equal(label_cache_words(c, "Policy Number", 13), w);
	/* a label of invalid UTF-8 is the caller's to refuse */
	assert_null(label_cache_get(c, "Amount \xff", 8, true));
	assert_null(label_cache_get(NULL, "Phone", 5, true));
	policy_plan_free(p);
}

/* A plan meets a stream of labels it will never see again (OCR noise, a
 * thousand forms): the cache stops growing, and the labels it already
 * holds are still given. */
static void the_plan_keeps_a_bounded_number_of_labels(void **state)
{
	(void)state;
	policy_plan *p = small_plan();
	label_cache *c = label_cache_of(p);
	const label_text *kept = label_cache_get(c, "Date of Loss", 12, true);
	assert_non_null(kept);
	size_t cached = 0, refused = 0;
	for (int i = 0; i < 5000; i++) {
		char label[64];
		snprintf(label, sizeof label, "Remark %d of the adjuster", i);
		const label_text *l = label_cache_get(c, label, strlen(label), true);
		if (l) {
			same_label(l, label);
			cached++;
		} else {
			refused++;
		}
	}
	assert_true(cached > 100);
	assert_true(refused > 1000);
	assert_ptr_equal(label_cache_get(c, "Date of Loss", 12, true), kept);
	/* too long to keep */
	char longer[400];
	memset(longer, 'a', sizeof longer);
	assert_null(label_cache_get(c, longer, sizeof longer, true));
	/* looked up only: given if there, never added */
	assert_ptr_equal(label_cache_get(c, "Date of Loss", 12, false), kept);
	policy_plan_free(p);

	/* A form adds its labels; a document of more candidates than
	 * LABEL_CACHE_FORM_MAX only looks them up. */
	p = small_plan();
	c = label_cache_of(p);
	policy_case *kase;
	assert_int_equal(policy_case_new(NULL, &kase), POLICY_OK);
	const char *form = "Inspector: R. Diaz\nInspection Date: 03/04/2026\n";
	assert_int_equal(policy_case_add_document(kase, "inspection form", form, strlen(form)),
	                 POLICY_OK);
	size_t cap = 64 * (LABEL_CACHE_FORM_MAX + 10), len = 0;
	char *log = malloc(cap);
	for (int i = 0; i < LABEL_CACHE_FORM_MAX + 10; i++)
		len += (size_t)snprintf(log + len, cap - len, "Remark %d: checked\n", i);
	assert_int_equal(policy_case_add_document(kase, "site log", log, len), POLICY_OK);
	free(log);
	mem m = mem_from(NULL);
	arena a;
	arena_init(&a, &m);
	for (size_t i = 0; i < kase->ndocs; i++)
		assert_true(builtin_index(&a, &kase->docs[i], c));
	assert_non_null(label_cache_get(c, "Inspection Date", 15, false));
	assert_null(label_cache_get(c, "Remark 7", 8, false));
	arena_release(&a);
	policy_case_free(kase);
	policy_plan_free(p);
}

typedef struct racer {
	label_cache *c;
	unsigned seed;
	const label_text *seen[NLABELS];
} racer;

static void *race(void *arg)
{
	racer *r = arg;
	for (int k = 0; k < 2000; k++) {
		size_t i = (r->seed + (unsigned)k * 7u) % NLABELS;
		const label_text *l = label_cache_get(r->c, claim_labels[i], strlen(claim_labels[i]), true);
		if (!l || (r->seen[i] && r->seen[i] != l))
			return "a label given twice";
		r->seen[i] = l;
	}
	return NULL;
}

/* Threads meeting the same labels at once get one prepared label each. */
static void threads_share_one_label_each(void **state)
{
	(void)state;
	policy_plan *p = small_plan();
	label_cache *c = label_cache_of(p);
	enum { N = 4 };
	racer r[N];
	pthread_t tid[N];
	for (unsigned t = 0; t < N; t++) {
		r[t] = (racer){ c, t * 5u, { NULL } };
		assert_int_equal(pthread_create(&tid[t], NULL, race, &r[t]), 0);
	}
	for (unsigned t = 0; t < N; t++) {
		void *why;
		pthread_join(tid[t], &why);
		if (why)
			fail_msg("%s", (const char *)why);
	}
	for (size_t i = 0; i < NLABELS; i++) {
		for (unsigned t = 1; t < N; t++)
			assert_ptr_equal(r[t].seen[i], r[0].seen[i]);
		same_label(r[0].seen[i], claim_labels[i]);
	}
	policy_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(our_policies_decide_alike_every_way),
		cmocka_unit_test(corpus_policies_decide_alike_every_way),
		cmocka_unit_test(the_plan_keeps_each_label_apart),
		cmocka_unit_test(the_plan_keeps_a_bounded_number_of_labels),
		cmocka_unit_test(threads_share_one_label_each),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
