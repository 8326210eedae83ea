/*
 * How the cost of each stage grows with the size of hostile or just big
 * inputs: docs/limits.md quotes its output.
 *
 *   build/bench/limits          every shape, sizes doubling
 *
 * For each shape and size it prints the milliseconds of CPU time one run
 * takes (the median of three) and the growth exponent against the previous
 * size: log2(t(2n) / t(n)), so 1.0 is linear and 2.0 quadratic. Asserts
 * nothing; the tests (tests/test_limits.c) check the errors.
 */
#include <math.h>

#include "common.h"
#include "policy.h"

#define HEADER "Policy: Bench\nVersion: 1.0.0\nEffective: March 1, 2026\n\n"
#define EXTRACT "When a new claim arrives, extract the claimed amount from the claim form.\n"

typedef struct text {
	char *s;
	size_t len, cap;
} text;

static void put(text *t, const char *s)
{
	size_t n = strlen(s);
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
}

static void putf(text *t, const char *fmt, unsigned i)
{
	char line[256];
	snprintf(line, sizeof line, fmt, i, i, i);
	put(t, line);
}

/* ---- shapes of policy ---- */

static text long_sentence(unsigned n)
{
	text t = { 0 };
	put(&t, HEADER EXTRACT "If ");
	while (t.len < n)
		put(&t, "the claimed amount exceeds $5 and ");
	put(&t, "the claimed amount exceeds $1, deny the claim.\n");
	return t;
}

static text distinct_rules(unsigned n)
{
	text t = { 0 };
	put(&t, HEADER EXTRACT);
	for (unsigned i = 0; i < n; i++)
		putf(&t, "If the claimed amount exceeds $%u, notify reviewer %u.\n", i);
	return t;
}

static text identical_rules(unsigned n)
{
	text t = { 0 };
	put(&t, HEADER EXTRACT);
	for (unsigned i = 0; i < n; i++)
		putf(&t, "If the claimed amount exceeds $%u, deny the claim.\n", i);
	return t;
}

static text bullets(unsigned n)
{
	text t = { 0 };
	put(&t, HEADER EXTRACT "If the claimed amount exceeds $5:\n");
	for (unsigned i = 0; i < n; i++)
		putf(&t, "- notify reviewer %u.\n", i);
	return t;
}

/* n fields, each extracted and used by its own rule. */
static text many_terms(unsigned n)
{
	static const char *const words[] = { "alder", "birch", "cedar", "dogwood", "elm",
	                                     "fir", "gum", "hazel", "ironwood", "juniper" };
	text t = { 0 };
	put(&t, HEADER "When a new claim arrives, extract the claimed amount from the claim form.\n");
	char name[96];
	for (unsigned i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s %s %s amount", words[i % 10], words[i / 10 % 10],
		         words[i / 100 % 10]);
		char line[256];
		snprintf(line, sizeof line, "Extract the %s %u from the claim form.\n", name, i / 1000);
		put(&t, line);
	}
	for (unsigned i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s %s %s amount", words[i % 10], words[i / 10 % 10],
		         words[i / 100 % 10]);
		char line[256];
		snprintf(line, sizeof line, "If the %s %u exceeds $5, flag item %u.\n", name, i / 1000, i);
		put(&t, line);
	}
	return t;
}

/* n fields, and n rules that each misspell one: every mention is an
 * error with a "did you mean" search (the report stops at 100). */
static text many_typos(unsigned n)
{
	text t = many_terms(n);
	for (char *a = strstr(t.s, "If the "); a; a = strstr(a + 1, "If the ")) {
		char *m = strstr(a, " amount ");
		if (m)
			memcpy(m, " amont  ", 8);
	}
	return t;
}

/* ---- one run of each stage ---- */

typedef double (*stage)(unsigned n);

static double cpu_ms(void)
{
	return now_ns() / 1e6;
}

static policy_plan *compile_text(const text *t, double *ms, policy_status *st)
{
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.max_text_bytes = t->len + 1;
	o.max_sentence_bytes = t->len + 1;
	o.max_steps = 1000000;
	policy_plan *plan = NULL;
	double t0 = cpu_ms();
	*st = policy_compile(t->s, t->len, &o, &plan, NULL);
	*ms = cpu_ms() - t0;
	return plan;
}

static double compile_shape(text (*make)(unsigned), unsigned n)
{
	text t = make(n);
	double ms;
	policy_status st;
	policy_plan_free(compile_text(&t, &ms, &st));
	free(t.s);
	return ms;
}

static double c_long_sentence(unsigned n) { return compile_shape(long_sentence, n); }
static double c_distinct(unsigned n) { return compile_shape(distinct_rules, n); }
static double c_identical(unsigned n) { return compile_shape(identical_rules, n); }
static double c_bullets(unsigned n) { return compile_shape(bullets, n); }
static double c_terms(unsigned n) { return compile_shape(many_terms, n); }
static double c_typos(unsigned n) { return compile_shape(many_typos, n); }

/* The default limits: the time to the error. */
static double c_limit_error(unsigned n)
{
	text t = bullets(n);
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.max_text_bytes = t.len + 1;
	policy_plan *plan = NULL;
	double t0 = cpu_ms();
	policy_compile(t.s, t.len, &o, &plan, NULL);
	double ms = cpu_ms() - t0;
	free(t.s);
	return ms;
}

static double c_sentence_limit(unsigned n)
{
	text t = long_sentence(n);
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.max_text_bytes = t.len + 1;
	policy_plan *plan = NULL;
	double t0 = cpu_ms();
	policy_compile(t.s, t.len, &o, &plan, NULL);
	double ms = cpu_ms() - t0;
	free(t.s);
	return ms;
}

static policy_plan *plan_of(unsigned n)
{
	text t = distinct_rules(n);
	double ms;
	policy_status st;
	policy_plan *plan = compile_text(&t, &ms, &st);
	free(t.s);
	return plan;
}

static double l_plan(unsigned n)
{
	policy_plan *plan = plan_of(n);
	char *json = NULL;
	size_t len = 0;
	policy_plan_save(plan, &json, &len);
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.max_steps = 1000000;
	policy_plan *back = NULL;
	double t0 = cpu_ms();
	policy_plan_load(json, len, &o, &back, NULL);
	double ms = cpu_ms() - t0;
	policy_plan_free(back);
	policy_free(json);
	policy_plan_free(plan);
	return ms;
}

static policy_exec *run(const policy_plan *plan, double *ms)
{
	policy_case *c = NULL;
	policy_case_new(NULL, &c);
	const char form[] = "Claimed Amount: $72,400.00\n";
	policy_case_add_document(c, "claim form", form, strlen(form));
	policy_exec *x = NULL;
	double t0 = cpu_ms();
	policy_execute(plan, NULL, c, NULL, &x, NULL);
	*ms = cpu_ms() - t0;
	policy_case_free(c);
	return x;
}

static double e_rules(unsigned n)
{
	policy_plan *plan = plan_of(n);
	double ms;
	policy_exec_free(run(plan, &ms));
	policy_plan_free(plan);
	return ms;
}

static double t_trail(unsigned n)
{
	policy_plan *plan = plan_of(n);
	double ms;
	policy_exec *x = run(plan, &ms);
	char *jsonl = NULL;
	size_t len = 0;
	policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, &len);
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	policy_trail *t = NULL;
	char *why = NULL;
	double t0 = cpu_ms();
	policy_trail_load(jsonl, len, &o, &t, NULL);
	policy_trail_verify(t, plan, NULL);
	policy_trail_explain(t, &why, NULL);
	ms = cpu_ms() - t0;
	policy_free(why);
	policy_trail_free(t);
	policy_free(jsonl);
	policy_exec_free(x);
	policy_plan_free(plan);
	return ms;
}

/* The built-in extractor over a form of n lines, the field last. */
static double x_document(unsigned n)
{
	static policy_plan *plan;
	if (!plan) {
		text t = { 0 };
		put(&t, HEADER EXTRACT "If the claimed amount exceeds $5, deny the claim.\n");
		policy_compile(t.s, t.len, NULL, &plan, NULL);
		free(t.s);
	}
	text doc = { 0 };
	for (unsigned i = 0; i < n; i++)
		putf(&doc, "Remark %u: the adjuster called on day %u.\n", i);
	put(&doc, "Claimed Amount: $72,400.00\n");
	policy_case *c = NULL;
	policy_case_new(NULL, &c);
	policy_case_add_document(c, "claim form", doc.s, doc.len);
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.max_document_bytes = doc.len + 1;
	policy_exec *x = NULL;
	double t0 = cpu_ms();
	policy_execute(plan, NULL, c, &o, &x, NULL);
	double ms = cpu_ms() - t0;
	policy_exec_free(x);
	policy_case_free(c);
	free(doc.s);
	return ms;
}

static double median3(stage f, unsigned n)
{
	double a = f(n), b = f(n), c = f(n);
	if (a > b) {
		double t = a;
		a = b;
		b = t;
	}
	return c < a ? a : c > b ? b : c;
}

static void row(const char *what, const char *unit, stage f, const unsigned *sizes, size_t k)
{
	printf("%-44s", what);
	double prev = 0;
	for (size_t i = 0; i < k; i++) {
		double ms = median3(f, sizes[i]);
		if (i && prev > 0.05)
			printf(" %9.1f (%4.2f)", ms, log2(ms / prev) / log2((double)sizes[i] / sizes[i - 1]));
		else
			printf(" %9.1f       ", ms);
		prev = ms;
		fflush(stdout);
	}
	printf("   [%s]\n", unit);
}

int main(void)
{
	static const unsigned rules[] = { 1000, 2000, 4000, 8000 };
	static const unsigned bytes[] = { 16384, 65536, 262144, 1048576 };
	static const unsigned lines[] = { 12500, 25000, 50000, 100000 };
	static const unsigned many[] = { 25000, 50000, 100000, 200000 };
	printf("ms of CPU per run (growth exponent against the previous size)\n\n");
	printf("%-44s %15s %15s %15s %15s\n", "compile", "", "", "", "");
	row("one long sentence (bytes)", "16K 64K 256K 1M bytes", c_long_sentence, bytes, 4);
	row("distinct rules", "1K 2K 4K 8K rules", c_distinct, rules, 4);
	row("identical rules", "1K 2K 4K 8K rules", c_identical, rules, 4);
	row("bullets under one If", "1K 2K 4K 8K bullets", c_bullets, rules, 4);
	row("terms, each with its rule", "1K 2K 4K 8K terms", c_terms, rules, 4);
	row("terms, each rule misspelling its term", "1K 2K 4K 8K terms", c_typos, rules, 4);
	row("to the max_steps error (10000)", "25K 50K 100K 200K bullets", c_limit_error, many, 4);
	row("to the max_sentence_bytes error (16 KiB)", "16K 64K 256K 1M bytes", c_sentence_limit,
	    bytes, 4);
	printf("\n");
	row("policy_plan_load", "1K 2K 4K 8K rules", l_plan, rules, 4);
	row("policy_execute (built-in extractor)", "1K 2K 4K 8K rules", e_rules, rules, 4);
	row("trail load + verify + explain", "1K 2K 4K 8K entries", t_trail, rules, 4);
	row("built-in extractor, form of n lines", "12.5K 25K 50K 100K lines", x_document, lines,
	    4);
	return 0;
}
