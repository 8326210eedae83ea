/*
 * bench/compile: how long policy_compile takes.
 *
 *   build/bench/compile [CORPUS_DIR]
 *   build/bench/compile --print N      (print the synthetic N-rule policy)
 *
 * Compiles each policy of the development corpus (default: the corpus
 * beside the repository, ../shared/corpus/dev), the claims example, and
 * synthetic policies of 25 and 40 rules (40 is about a printed page),
 * 250, 500, 1000, 2000 and 4000 rules, and
 * prints nanoseconds per compilation, per byte and per rule, so growth
 * with the size of a policy can be read off (linear growth keeps ns/rule
 * flat). Not a test: nothing is asserted about the numbers.
 *
 * The synthetic policies use made-up words for their terms ("the bakom
 * amount"), so no synonym or abbreviation table merges two of them, and
 * cycle through the common shapes of rules: a threshold, a conjunction, a
 * range, a check, a definition and the rule that reads it.
 */
#include <dirent.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "common.h"
#include "policy.h"

typedef struct input {
	const char *text;
	size_t len;
} input;

static void compile_once(void *ctx)
{
	const input *in = ctx;
	policy_plan *p = NULL;
	if (policy_compile(in->text, in->len, NULL, &p, NULL) != POLICY_OK) {
		fprintf(stderr, "compile failed\n");
		exit(1);
	}
	policy_plan_free(p);
}

/* ---- synthetic policies ---- */

typedef struct sbuf {
	char *s;
	size_t len, cap;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		b->cap = b->cap * 2 + (size_t)n + 1;
		b->s = realloc(b->s, b->cap);
	}
}

/* The i-th made-up word: consonant, vowel, consonant, vowel, consonant. */
static const char *word(unsigned i, char out[8])
{
	static const char c1[] = "bdfgklmnprtvz", v[] = "aeiou", c2[] = "kmnpt";
	out[0] = c1[i % 13];
	i /= 13;
	out[1] = v[i % 5];
	i /= 5;
	out[2] = c1[(i + 3) % 13];
	i /= 13;
	out[3] = v[(i + 2) % 5];
	i /= 5;
	out[4] = c2[i % 5];
	out[5] = '\0';
	return out;
}

static char *synthetic(unsigned rules, unsigned *nfields)
{
	sbuf b = { malloc(1 << 16), 0, 1 << 16 };
	b.s[0] = '\0';
	unsigned fields = rules / 5 < 8 ? 8 : rules / 5;
	if (fields > 400)
		fields = 400;
	*nfields = fields;
	char w[8], w2[8];
	put(&b, "Policy: Synthetic Lending Rules\nVersion: 1.0.0\nEffective: January 1, 2026\n\n");
	put(&b, "When a new loan application arrives, extract ");
	for (unsigned f = 0; f < fields; f++) {
		if (f && f % 20 == 0)
			put(&b, " from the loan application.\nExtract ");
		else if (f)
			put(&b, ", ");
		put(&b, "the %s amount", word(f, w));
	}
	put(&b, " from the loan application.\n\n");
	for (unsigned r = 0; r < rules; r++) {
		unsigned f = r % fields, g = (r * 7 + 3) % fields;
		if (g == f)
			g = (g + 1) % fields;
		word(f, w);
		word(g, w2);
		char act[8];
		word(1000 + r, act);
		unsigned t = 1000 + r * 37 % 9000;
		switch (r % 6) {
		case 0:
			put(&b, "If the %s amount exceeds $%u, flag the %s review.\n", w, t, act);
			break;
		case 1:
			put(&b, "If the %s amount is at most $%u and the %s amount is at least $%u, approve "
			        "the %s request.\n", w, t, w2, t / 2, act);
			break;
		case 2:
			put(&b, "If the %s amount is between $%u and $%u, refer the %s file to "
			        "underwriting.\n", w, t, t * 2, act);
			break;
		case 3:
			put(&b, "Verify that the %s amount is no more than $%u.\n", w, t * 10);
			break;
		case 4:
			put(&b, "The %s total is the %s amount plus the %s amount.\n", act, w, w2);
			break;
		case 5: {
			char prev[8];
			word(1000 + r - 1, prev);
			put(&b, "If the %s total exceeds $%u or the %s amount is below $%u, escalate the %s "
			        "case.\n", prev, t * 3, w, t / 3, act);
			break;
		}
		}
		if (r % 10 == 9)
			put(&b, "\n");
	}
	return b.s;
}

static void report(const char *name, const char *text, size_t len, unsigned rules)
{
	input in = { text, len };
	policy_plan *p = NULL;
	policy_error *err = NULL;
	if (policy_compile(text, len, NULL, &p, &err) != POLICY_OK) {
		fprintf(stderr, "%s does not compile: %s (line %u)\n", name, policy_error_message(err),
		        policy_error_line(err));
		exit(1);
	}
	size_t steps = policy_plan_step_count(p);
	policy_plan_free(p);
	policy_error_free(err);
	unsigned lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	double ns = measure(compile_once, &in);
	printf("%-28s %7zu %6u %6zu %6u %12.0f %9.1f %8.1f", name, len, lines, steps, rules, ns,
	       ns / 1000.0, ns / (double)len);
	if (rules)
		printf(" %9.0f", ns / rules);
	printf("\n");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char dir[4096];
	if (argc > 2 && !strcmp(argv[1], "--print")) {
		unsigned fields;
		char *s = synthetic((unsigned)atoi(argv[2]), &fields);
		fputs(s, stdout);
		free(s);
		return 0;
	}
	if (argc > 1)
		snprintf(dir, sizeof dir, "%s", argv[1]);
	else
		snprintf(dir, sizeof dir, "%s/../shared/corpus/dev", POLICY_SOURCE_ROOT);
	printf("libpolicy %s: policy_compile, median of batches\n\n", policy_version());
	printf("%-28s %7s %6s %6s %6s %12s %9s %8s %9s\n", "policy", "bytes", "lines", "steps",
	       "rules", "ns/op", "us/op", "ns/byte", "ns/rule");

	char *names[256];
	int n = 0;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) && n < 256)
			if (e->d_name[0] != '.')
				names[n++] = strdup(e->d_name);
		closedir(d);
	} else {
		fprintf(stderr, "(no corpus at %s)\n", dir);
	}
	qsort(names, (size_t)n, sizeof names[0], cmp_str);
	for (int i = 0; i < n; i++) {
		char path[8192];
		snprintf(path, sizeof path, "%s/%s/policy.txt", dir, names[i]);
		size_t len;
		char *text = read_all(path, &len);
		if (text)
			report(names[i], text, len, 0);
		free(text);
		free(names[i]);
	}
	char path[8192];
	snprintf(path, sizeof path, "%s/examples/claims/policy.txt", POLICY_SOURCE_ROOT);
	size_t len;
	char *text = read_all(path, &len);
	if (text)
		report("examples/claims", text, len, 0);
	free(text);

	printf("\n");
	static const unsigned sizes[] = { 25, 40, 250, 500, 1000, 2000, 4000 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		unsigned fields;
		char *s = synthetic(sizes[i], &fields);
		char name[64];
		snprintf(name, sizeof name, "synthetic %u rules", sizes[i]);
		report(name, s, strlen(s), sizes[i]);
		free(s);
	}
	return 0;
}
