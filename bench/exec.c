/*
 * bench/exec: how long a decision takes for the claims plan.
 *
 *   build/bench/exec [POLICY.txt CASES_DIR]
 *
 * Default: examples/claims/policy.txt and its cases (each a folder with
 * claim_form.txt and facts.json; folders without both are skipped). For
 * each case, two numbers:
 *
 *   pre-extracted   the sans-I/O loop with precomputed answers: the
 *                   values the built-in extractor and facts gave, as JSON,
 *                   handed to policy_exec_complete. Pure plan evaluation:
 *                   policy_exec_new, every policy_exec_next and
 *                   policy_exec_complete (answers parsed and checked),
 *                   the decision, the hash-chained trail, policy_exec_free.
 *   built-in        policy_execute with no host: the built-in plain-text
 *                   extractor reads the claim form and the facts answer
 *                   the lookups, then the same as above.
 *
 * The case objects are built once, outside the timing. Not a test.
 */
#include <dirent.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "common.h"
#include "policy.h"

typedef struct answers {
	size_t n;
	char *step[64];
	char *json[64];
} answers;

typedef struct bench_case {
	const policy_plan *plan;
	policy_case *kase;
	answers pre;
} bench_case;

static void check(policy_status st, const char *what)
{
	if (st != POLICY_OK) {
		fprintf(stderr, "%s: %s\n", what, policy_status_name(st));
		exit(1);
	}
}

/* Run once with the built-in answers and record them by step. */
static void record_answers(bench_case *b)
{
	policy_exec *x;
	check(policy_exec_new(b->plan, b->kase, NULL, &x, NULL), "policy_exec_new");
	const policy_task *t;
	b->pre.n = 0;
	for (;;) {
		check(policy_exec_next(x, &t), "policy_exec_next");
		if (!t)
			break;
		/* The same answer the built-in would give, captured from the
		 * trail below; first let the built-in answer. */
		check(policy_exec_complete_builtin(x, t), "complete_builtin");
	}
	/* Rebuild each answer from the trail: the value as canonical JSON. */
	policy_trail_iter *it;
	check(policy_trail_iter_new(policy_exec_trail(x), &it), "iter");
	while (policy_trail_iter_next(it)) {
		policy_step_kind k = policy_trail_iter_kind(it);
		if (k != POLICY_STEP_EXTRACT && k != POLICY_STEP_LOOKUP)
			continue;
		const char *out = policy_trail_iter_output_json(it);
		size_t need = strlen(out) + 32;
		char *json = malloc(need);
		if (!strcmp(out, "null"))
			snprintf(json, need, "{\"missing\": \"not found\"}");
		else
			snprintf(json, need, "{\"value\": %s}", out);
		b->pre.step[b->pre.n] = strdup(policy_trail_iter_step_id(it));
		b->pre.json[b->pre.n++] = json;
	}
	policy_trail_iter_free(it);
	policy_exec_free(x);
}

static const char *answer_for(const answers *a, const char *step)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->step[i], step))
			return a->json[i];
	fprintf(stderr, "no answer for %s\n", step);
	exit(1);
}

static void decide_pre_extracted(void *ctx)
{
	bench_case *b = ctx;
	policy_exec *x;
	check(policy_exec_new(b->plan, NULL, NULL, &x, NULL), "policy_exec_new");
	const policy_task *t;
	for (;;) {
		check(policy_exec_next(x, &t), "policy_exec_next");
		if (!t)
			break;
		const char *a = answer_for(&b->pre, policy_task_step_id(t));
		check(policy_exec_complete(x, t, a, strlen(a)), "policy_exec_complete");
	}
	if (policy_exec_outcome(x) == POLICY_OUTCOME_PENDING) {
		fprintf(stderr, "the execution did not finish\n");
		exit(1);
	}
	policy_exec_free(x);
}

static void decide_builtin(void *ctx)
{
	bench_case *b = ctx;
	policy_exec *x;
	check(policy_execute(b->plan, NULL, b->kase, NULL, &x, NULL), "policy_execute");
	policy_exec_free(x);
}

static policy_case *load_case(const char *dir, const char *name)
{
	policy_case *c;
	check(policy_case_new(NULL, &c), "policy_case_new");
	policy_case_set_id(c, name);
	char path[8192];
	snprintf(path, sizeof path, "%s/%s/claim_form.txt", dir, name);
	size_t len;
	char *form = read_all(path, &len);
	if (!form) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	check(policy_case_add_document(c, "claim form", form, len), "add_document");
	free(form);
	snprintf(path, sizeof path, "%s/%s/facts.json", dir, name);
	char *facts = read_all(path, NULL);
	if (facts) {
		cJSON *o = cJSON_Parse(facts);
		cJSON *f;
		cJSON_ArrayForEach(f, o) {
			char *v = cJSON_PrintUnformatted(f);
			check(policy_case_add_fact(c, f->string, v, strlen(v)), "add_fact");
			cJSON_free(v);
		}
		cJSON_Delete(o);
		free(facts);
	}
	return c;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char policy_path[4096], cases_dir[4096];
	if (argc > 2) {
		snprintf(policy_path, sizeof policy_path, "%s", argv[1]);
		snprintf(cases_dir, sizeof cases_dir, "%s", argv[2]);
	} else {
		snprintf(policy_path, sizeof policy_path, "%s/examples/claims/policy.txt",
		         POLICY_SOURCE_ROOT);
		snprintf(cases_dir, sizeof cases_dir, "%s/examples/claims/cases", POLICY_SOURCE_ROOT);
	}
	size_t len;
	char *text = read_all(policy_path, &len);
	if (!text) {
		fprintf(stderr, "cannot read %s\n", policy_path);
		return 1;
	}
	policy_plan *plan;
	policy_error *err = NULL;
	if (policy_compile(text, len, NULL, &plan, &err) != POLICY_OK) {
		fprintf(stderr, "%s: %s\n", policy_path, policy_error_message(err));
		return 1;
	}
	policy_error_free(err);
	free(text);

	char *names[64];
	int n = 0;
	DIR *d = opendir(cases_dir);
	if (!d) {
		fprintf(stderr, "cannot open %s\n", cases_dir);
		return 1;
	}
	struct dirent *e;
	while ((e = readdir(d)) && n < 64) {
		if (e->d_name[0] == '.')
			continue;
		/* The cases of this plan: a claim form and the facts the lookups
		 * need (water_damage belongs to the model-review policy). */
		char form[8192], facts[8192];
		snprintf(form, sizeof form, "%s/%s/claim_form.txt", cases_dir, e->d_name);
		snprintf(facts, sizeof facts, "%s/%s/facts.json", cases_dir, e->d_name);
		struct stat st;
		if (stat(form, &st) == 0 && stat(facts, &st) == 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], cmp_str);

	printf("libpolicy %s: one decision of %s %s (%zu steps, %zu levels), median of batches\n\n",
	       policy_version(), policy_plan_name(plan), policy_plan_policy_version(plan),
	       policy_plan_step_count(plan), policy_plan_level_count(plan));
	printf("%-16s %-40s %16s %16s\n", "case", "decision", "pre-extracted", "built-in");
	printf("%-16s %-40s %16s %16s\n", "", "", "ns/decision", "ns/decision");
	for (int i = 0; i < n; i++) {
		bench_case b = { plan, load_case(cases_dir, names[i]), { 0 } };
		record_answers(&b);
		policy_exec *x;
		check(policy_execute(plan, NULL, b.kase, NULL, &x, NULL), "policy_execute");
		char decision[256];
		if (policy_exec_outcome(x) == POLICY_OUTCOME_FAILED)
			snprintf(decision, sizeof decision, "failed");
		else
			snprintf(decision, sizeof decision, "%s",
			         policy_exec_action_count(x) ? policy_exec_action_text(x, 0) : "(no action)");
		policy_exec_free(x);
		double pre = measure(decide_pre_extracted, &b);
		double builtin = measure(decide_builtin, &b);
		printf("%-16s %-40.40s %16.0f %16.0f\n", names[i], decision, pre, builtin);
		for (size_t k = 0; k < b.pre.n; k++) {
			free(b.pre.step[k]);
			free(b.pre.json[k]);
		}
		policy_case_free(b.kase);
		free(names[i]);
	}
	policy_plan_free(plan);
	return 0;
}
