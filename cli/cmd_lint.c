/*
 * policy lint POLICY.txt|PLAN.json [--json] [--witness-dir DIR] [--every-case]
 *
 * Static analysis of a policy (include/policy_lint.h): gaps, conflicting
 * actions, dead and shadowed rules, always-true or always-false
 * conditions, unused inputs, repeated thresholds, overlapping bands. Each
 * finding prints as file:line:col with a sentence; one with a witness can
 * be written as a case folder `policy run` (or `policy test`) reproduces.
 * Exit 0 when there is nothing to report, 1 when there are findings, 9
 * when this build has no solver.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "lint_out.h"

static bool make_dir(const char *path)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return true;
	fprintf(stderr, "policy: cannot create %s: %s\n", path, strerror(errno));
	return false;
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

static bool put(const char *dir, const char *name, const char *text)
{
	char *p = join(dir, name);
	bool ok = p && write_file(p, text, strlen(text));
	free(p);
	return ok;
}

char *lint_write_witness(const policy_lint_report *r, size_t i, const char *dir)
{
	if (!policy_lint_has_witness(r, i) || !make_dir(dir))
		return NULL;
	char name[64];
	snprintf(name, sizeof name, "%02zu_%s", i + 1,
	         policy_lint_kind_name(policy_lint_finding_kind(r, i)));
	char *folder = join(dir, name), *docs = folder ? join(folder, "docs") : NULL;
	bool ok = docs && make_dir(folder) && make_dir(docs);
	size_t n = policy_lint_witness_document_count(r, i);
	for (size_t j = 0; ok && j < n; j++) {
		const char *type = policy_lint_witness_document_type(r, i, j);
		size_t same = 0, index = 0;
		for (size_t k = 0; k < n; k++)
			if (!strcmp(policy_lint_witness_document_type(r, i, k), type)) {
				same++;
				if (k < j)
					index++;
			}
		char file[512];
		size_t o = 0;
		for (const char *c = type; *c && o + 1 < 400; c++)
			file[o++] = *c == ' ' ? '_' : *c == '/' ? '-' : *c;
		file[o] = '\0';
		if (same > 1)
			snprintf(file + o, sizeof file - o, ".%zu.txt", index + 1);
		else
			snprintf(file + o, sizeof file - o, ".txt");
		ok = put(docs, file, policy_lint_witness_document_text(r, i, j));
	}
	const char *facts = policy_lint_witness_facts_json(r, i);
	const char *expect = policy_lint_witness_expect_json(r, i);
	const char *answers = policy_lint_witness_model_answers(r, i);
	ok = ok && put(folder, "facts.json", facts ? facts : "{}");
	ok = ok && (!expect || put(folder, "expect.json", expect));
	ok = ok && (!answers || put(folder, "model-replies.jsonl", answers));
	const char *why = policy_lint_finding_message(r, i);
	ok = ok && put(folder, "WHY.txt", why ? why : "");
	free(docs);
	if (!ok) {
		free(folder);
		return NULL;
	}
	return folder;
}

bool lint_print(const policy_lint_report *r, const char *path, const char *dir)
{
	bool ok = true;
	for (size_t i = 0; i < policy_lint_count(r); i++) {
		unsigned line = policy_lint_clause_line(r, i, 0), col = policy_lint_clause_column(r, i, 0);
		printf("%s:%u:%u: %s: [%s] %s\n", path, line, col,
		       policy_lint_finding_severity(r, i) == POLICY_SEVERITY_ERROR ? "error" : "warning",
		       policy_lint_kind_name(policy_lint_finding_kind(r, i)),
		       policy_lint_finding_message(r, i));
		for (size_t j = 1; j < policy_lint_clause_count(r, i); j++)
			printf("  also %s:%u:%u: %s\n", path, policy_lint_clause_line(r, i, j),
			       policy_lint_clause_column(r, i, j), policy_lint_clause_text(r, i, j));
		if (!policy_lint_has_witness(r, i))
			continue;
		const char *v = policy_lint_finding_verified(r, i) ?
			"reproduced by running the plan" : "NOT reproduced by running the plan";
		if (dir) {
			char *folder = lint_write_witness(r, i, dir);
			if (folder)
				printf("  witness: %s (%s)\n", folder, v);
			ok = ok && folder;
			free(folder);
		} else {
			printf("  witness: %s (--witness-dir DIR writes it as a case folder)\n", v);
		}
	}
	return ok;
}

int cmd_lint(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy lint POLICY.txt|PLAN.json [--json] [--witness-dir DIR] [--every-case]\n";
	const char *path = NULL, *dir = NULL;
	bool json = false;
	policy_lint_options opts = POLICY_LINT_OPTIONS_INIT;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--witness-dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--every-case"))
			opts.every_case = 1;
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!path) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!policy_lint_available()) {
		fprintf(stderr, "policy lint: this build has no SMT solver: install libz3-dev "
		                "(scripts/deps.sh does) and reconfigure with -Dlint=enabled\n");
		return EXIT_NO_FEATURE;
	}
	policy_plan *plan = NULL;
	int rc = load_or_compile(path, &plan);
	if (rc != EXIT_OK)
		return rc;
	policy_lint_report *r = NULL;
	char *msg = NULL;
	policy_status st = policy_lint_plan(plan, &opts, &r, &msg);
	policy_plan_free(plan);
	if (st != POLICY_OK) {
		fprintf(stderr, "policy lint: %s\n", msg ? msg : policy_status_name(st));
		policy_lint_free(msg);
		return st == POLICY_ERR_STATE ? EXIT_NO_FEATURE : st == POLICY_ERR_PLAN ? EXIT_PLAN : EXIT_INTERNAL;
	}
	size_t n = policy_lint_count(r);
	if (json) {
		char *out = NULL;
		size_t len = 0;
		if (policy_lint_report_json(r, &out, &len) != POLICY_OK) {
			policy_lint_report_free(r);
			return EXIT_INTERNAL;
		}
		fwrite(out, 1, len, stdout);
		policy_lint_free(out);
		for (size_t i = 0; dir && i < n; i++) {
			char *folder = lint_write_witness(r, i, dir);
			free(folder);
		}
	} else {
		if (!lint_print(r, path, dir))
			rc = EXIT_INPUT;
		if (n == 0)
			printf("%s: no findings.\n", path);
		if (policy_lint_report_inconclusive(r))
			printf("note: %zu question%s could not be answered (timeout or non-linear "
			       "arithmetic); see docs/lint.md\n", policy_lint_report_inconclusive(r),
			       policy_lint_report_inconclusive(r) == 1 ? "" : "s");
	}
	policy_lint_report_free(r);
	return rc != EXIT_OK ? rc : n ? 1 : EXIT_OK;
}
