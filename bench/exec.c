/*
 * bench/exec: how long a decision takes for the claims plan.
 *
 *   build/bench/exec [POLICY.txt CASES_DIR]
 *
 * Default: examples/claims/policy.txt and its cases (each a folder with
 * claim_form.txt and facts.json; folders without both are skipped). For
 * each case, the values the built-in extractor and the facts give are
 * recorded once; then, per decision:
 *
 *   json        a new execution (policy_exec_new), every task answered
 *               with its JSON ({"value": "72400.00"}, parsed and checked
 *               by policy_exec_complete), the decision, the trail written
 *               as JSON Lines with its hash chain (policy_trail_to_jsonl),
 *               policy_exec_free. What a host without the typed calls does.
 *   typed       one execution started over for each decision
 *               (policy_exec_reset), every task answered with its typed
 *               value (policy_answer_number, _date, _text), the decision.
 *               The trail is kept: what it will say is in the execution,
 *               and it is written when first read; here nobody reads it.
 *   typed+trail the same, and the trail written as JSON Lines with its
 *               hash chain, as a host that stores every trail does.
 *   built-in    policy_execute with no host: the built-in plain-text
 *               extractor reads the claim form and the facts answer the
 *               lookups; then the trail as JSON Lines.
 *
 * The case objects are built once, outside the timing. Not a test.
 * After the table: allocations and bytes per decision of `typed`, counted
 * by an allocator hook once the execution has done a few decisions.
 *
 *   build/bench/exec --calls N [POLICY.txt CASES_DIR]
 *
 * runs each mode N times a case without timing, for instruction counts:
 *   valgrind --tool=callgrind --toggle-collect=decide_typed \
 *       build/bench/exec --calls 1000
 * (instructions / (N x cases) is the cost of one decision; the modes are
 * decide_json, decide_typed, decide_typed_trail and decide_builtin).
 *
 * build/bench/exec-cold is the same program built on the library's
 * static archive, with one more mode:
 *
 *   cold        built-in, the plan having forgotten the form labels,
 *               document types and fact names it prepared before
 *               (run/label_cache.c) ahead of each decision: what a
 *               decision costs on a form whose labels the plan meets for
 *               the first time (decide_builtin_cold). Compare it with
 *               the built-in column of the same binary.
 */
#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "common.h"
#include "policy.h"

enum answer_kind { A_NUMBER, A_DATE, A_BOOL, A_TEXT, A_MISSING };

typedef struct answer {
	const char *step;    /* the plan's step id */
	char *json;          /* the answer as JSON */
	enum answer_kind kind;
	int64_t units;
	int scale, year, month, day, yes;
	char *text;
} answer;

typedef struct bench_case {
	const policy_plan *plan;
	policy_case *kase;
	answer a[64];
	size_t n;
	policy_exec *reused;
} bench_case;

static void check(policy_status st, const char *what)
{
	if (st != POLICY_OK) {
		fprintf(stderr, "%s: %s\n", what, policy_status_name(st));
		exit(1);
	}
}

static bool is_number_type(policy_type t)
{
	return t == POLICY_TYPE_MONEY || t == POLICY_TYPE_NUMBER || t == POLICY_TYPE_PERCENT ||
	       t == POLICY_TYPE_RATIO || t == POLICY_TYPE_COUNT;
}

/* "72400.00" -> (7240000, 2); false if it is not a plain decimal. */
static bool decimal_of(const char *s, int64_t *units, int *scale)
{
	int64_t u = 0;
	int sc = -1;
	bool neg = *s == '-';
	s += neg;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s == '.' && sc < 0) {
			sc = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || u > (INT64_MAX - 9) / 10)
			return false;
		u = u * 10 + (*s - '0');
		if (sc >= 0)
			sc++;
	}
	*units = neg ? -u : u;
	*scale = sc < 0 ? 0 : sc;
	return *scale <= 18;
}

/* The typed form of a recorded value: by the step's type. */
static void make_typed(answer *a, policy_type type, const cJSON *v)
{
	if (!v || cJSON_IsNull(v)) {
		a->kind = A_MISSING;
	} else if (cJSON_IsBool(v)) {
		a->kind = A_BOOL;
		a->yes = cJSON_IsTrue(v);
	} else if (cJSON_IsString(v) && is_number_type(type) &&
	           decimal_of(v->valuestring, &a->units, &a->scale)) {
		a->kind = A_NUMBER;
	} else if (cJSON_IsString(v) && type == POLICY_TYPE_DATE &&
	           sscanf(v->valuestring, "%d-%d-%d", &a->year, &a->month, &a->day) == 3) {
		a->kind = A_DATE;
	} else {
		a->kind = A_TEXT;
		a->text = cJSON_IsString(v) ? strdup(v->valuestring) : cJSON_PrintUnformatted(v);
	}
}

/* Run once with the built-in answers and record them by step. */
static void record_answers(bench_case *b)
{
	policy_exec *x;
	check(policy_exec_new(b->plan, b->kase, NULL, &x, NULL), "policy_exec_new");
	const policy_task *t;
	policy_type types[64];
	for (;;) {
		check(policy_exec_next(x, &t), "policy_exec_next");
		if (!t)
			break;
		check(policy_exec_complete_builtin(x, t), "complete_builtin");
	}
	/* Each answer from the trail: the value as canonical JSON. */
	for (size_t i = 0; i < policy_plan_step_count(b->plan) && i < 64; i++)
		types[i] = policy_plan_step_type(b->plan, i);
	policy_trail_iter *it;
	check(policy_trail_iter_new(policy_exec_trail(x), &it), "iter");
	size_t seq = 0;
	while (policy_trail_iter_next(it)) {
		policy_step_kind k = policy_trail_iter_kind(it);
		seq++;
		if (k != POLICY_STEP_EXTRACT && k != POLICY_STEP_LOOKUP)
			continue;
		const char *out = policy_trail_iter_output_json(it);
		size_t need = strlen(out) + 32;
		char *json = malloc(need);
		if (!strcmp(out, "null"))
			snprintf(json, need, "{\"missing\": \"not found\"}");
		else
			snprintf(json, need, "{\"value\": %s}", out);
		answer *a = &b->a[b->n++];
		a->step = policy_trail_iter_step_id(it);
		a->json = json;
		cJSON *v = cJSON_Parse(out);
		make_typed(a, seq <= 64 ? types[seq - 1] : POLICY_TYPE_TEXT, v);
		cJSON_Delete(v);
	}
	policy_trail_iter_free(it);
	policy_exec_free(x);
}

static const answer *answer_for(const bench_case *b, const policy_task *t)
{
	const char *step = policy_task_step_id(t);
	for (size_t i = 0; i < b->n; i++)
		if (b->a[i].step == step) /* the plan's own string */
			return &b->a[i];
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->a[i].step, step))
			return &b->a[i];
	fprintf(stderr, "no answer for %s\n", step);
	exit(1);
}

static policy_status answer_typed(policy_exec *x, const policy_task *t, const answer *a)
{
	switch (a->kind) {
	case A_NUMBER: return policy_answer_number(x, t, a->units, a->scale, NULL);
	case A_DATE: return policy_answer_date(x, t, a->year, a->month, a->day, NULL);
	case A_BOOL: return policy_answer_bool(x, t, a->yes, NULL);
	case A_TEXT: return policy_answer_text(x, t, a->text, strlen(a->text), NULL);
	default: return policy_answer_missing(x, t, "not found");
	}
}

static void write_trail(policy_exec *x)
{
	char *jsonl;
	check(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, NULL), "policy_trail_to_jsonl");
	policy_free(jsonl);
}

static void finished(policy_exec *x)
{
	if (policy_exec_outcome(x) == POLICY_OUTCOME_PENDING) {
		fprintf(stderr, "the execution did not finish\n");
		exit(1);
	}
}

__attribute__((noinline)) static void decide_json(void *ctx)
{
	bench_case *b = ctx;
	policy_exec *x;
	check(policy_exec_new(b->plan, NULL, NULL, &x, NULL), "policy_exec_new");
	const policy_task *t;
	for (;;) {
		check(policy_exec_next(x, &t), "policy_exec_next");
		if (!t)
			break;
		const char *a = answer_for(b, t)->json;
		check(policy_exec_complete(x, t, a, strlen(a)), "policy_exec_complete");
	}
	finished(x);
	write_trail(x);
	policy_exec_free(x);
}

static void run_typed(bench_case *b)
{
	policy_exec *x = b->reused;
	check(policy_exec_reset(x, NULL, NULL), "policy_exec_reset");
	const policy_task *t;
	for (;;) {
		check(policy_exec_next(x, &t), "policy_exec_next");
		if (!t)
			break;
		check(answer_typed(x, t, answer_for(b, t)), "policy_answer_*");
	}
	finished(x);
}

__attribute__((noinline)) static void decide_typed(void *ctx)
{
	run_typed(ctx);
}

__attribute__((noinline)) static void decide_typed_trail(void *ctx)
{
	bench_case *b = ctx;
	run_typed(b);
	write_trail(b->reused);
}

__attribute__((noinline)) static void decide_builtin(void *ctx)
{
	bench_case *b = ctx;
	policy_exec *x;
	check(policy_execute(b->plan, NULL, b->kase, NULL, &x, NULL), "policy_execute");
	write_trail(x);
	policy_exec_free(x);
}

#ifdef EXEC_COLD
#include "plan/plan.h"

/* The plan forgets the labels it prepared: the next decision meets them
 * anew (one thread only, no execution running). */
static void forget_labels(const policy_plan *p)
{
	policy_plan *q = (policy_plan *)p;
	plan_cache *c = q->run_cache[PLAN_CACHE_LABELS];
	q->run_cache[PLAN_CACHE_LABELS] = NULL;
	if (c)
		c->free(c);
}

__attribute__((noinline)) static void decide_builtin_cold(void *ctx)
{
	bench_case *b = ctx;
	forget_labels(b->plan);
	decide_builtin(ctx);
}
#define COLD_HEAD " %10s"
#define COLD_ARG(x) , x
#else
#define COLD_HEAD "%s"
#define COLD_ARG(x) , ""
#endif

/* ---- counting allocations ---- */

typedef struct counter {
	size_t calls, bytes;
} counter;

static void *count_malloc(size_t size, void *ud)
{
	counter *c = ud;
	c->calls++;
	c->bytes += size;
	return malloc(size);
}

static void *count_realloc(void *p, size_t size, void *ud)
{
	counter *c = ud;
	c->calls++;
	c->bytes += size;
	return realloc(p, size);
}

static void count_free(void *p, void *ud)
{
	(void)ud;
	free(p);
}

/* Allocations per decision of `typed` in steady state, and the bytes the
 * execution holds (its arenas, measured by what a fresh one allocates). */
static void count_allocations(bench_case *b, double *calls, double *held)
{
	counter c = { 0, 0 };
	policy_allocator al = { count_malloc, count_realloc, count_free, &c };
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.allocator = &al;
	policy_exec *saved = b->reused;
	check(policy_exec_new(b->plan, NULL, &o, &b->reused, NULL), "policy_exec_new");
	for (int i = 0; i < 8; i++)
		run_typed(b);
	*held = (double)c.bytes;
	c.calls = c.bytes = 0;
	enum { N = 1000 };
	for (int i = 0; i < N; i++)
		run_typed(b);
	*calls = (double)c.calls / N;
	policy_exec_free(b->reused);
	b->reused = saved;
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
	long calls = 0;
	if (argc > 2 && !strcmp(argv[1], "--calls")) {
		calls = strtol(argv[2], NULL, 10);
		argc -= 2;
		argv += 2;
	}
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
	printf("%-14s %-28s %10s %10s %12s %10s" COLD_HEAD " %8s %8s\n", "case", "decision", "json",
	       "typed", "typed+trail", "built-in" COLD_ARG("cold"), "allocs", "bytes");
	printf("%-14s %-28s %10s %10s %12s %10s" COLD_HEAD " %8s %8s\n", "", "", "ns", "ns", "ns",
	       "ns" COLD_ARG("ns"), "/dec.", "held");
	for (int i = 0; i < n; i++) {
		bench_case b = { plan, load_case(cases_dir, names[i]), { { 0 } }, 0, NULL };
		record_answers(&b);
		check(policy_exec_new(plan, NULL, NULL, &b.reused, NULL), "policy_exec_new");
		policy_exec *x;
		check(policy_execute(plan, NULL, b.kase, NULL, &x, NULL), "policy_execute");
		char decision[256];
		if (policy_exec_outcome(x) == POLICY_OUTCOME_FAILED)
			snprintf(decision, sizeof decision, "failed");
		else
			snprintf(decision, sizeof decision, "%s",
			         policy_exec_action_count(x) ? policy_exec_action_text(x, 0) : "(no action)");
		policy_exec_free(x);
		double json = 0, typed = 0, typed_trail = 0, builtin = 0, cold = 0, allocs = 0, held = 0;
		if (calls > 0) {
			for (long k = 0; k < calls; k++)
				decide_json(&b);
			for (long k = 0; k < calls; k++)
				decide_typed(&b);
			for (long k = 0; k < calls; k++)
				decide_typed_trail(&b);
			for (long k = 0; k < calls; k++)
				decide_builtin(&b);
#ifdef EXEC_COLD
			for (long k = 0; k < calls; k++)
				decide_builtin_cold(&b);
#endif
		} else {
			json = measure(decide_json, &b);
			typed = measure(decide_typed, &b);
			typed_trail = measure(decide_typed_trail, &b);
			builtin = measure(decide_builtin, &b);
#ifdef EXEC_COLD
			cold = measure(decide_builtin_cold, &b);
#endif
			count_allocations(&b, &allocs, &held);
		}
		char cold_ns[32] = "";
#ifdef EXEC_COLD
		snprintf(cold_ns, sizeof cold_ns, " %10.0f", cold);
#endif
		(void)cold;
		printf("%-14s %-28.28s %10.0f %10.0f %12.0f %10.0f%s %8.1f %8.0f\n", names[i], decision,
		       json, typed, typed_trail, builtin, cold_ns, allocs, held);
		for (size_t k = 0; k < b.n; k++) {
			free(b.a[k].json);
			free(b.a[k].text);
		}
		policy_exec_free(b.reused);
		policy_case_free(b.kase);
		free(names[i]);
	}
	policy_plan_free(plan);
	return 0;
}
