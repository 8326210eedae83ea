/*
 * policy test POLICY.txt|PLAN.json CASES_DIR [--json] [-v]
 *
 * Run every case folder of CASES_DIR against a policy and compare each
 * decision with the case's expect.json: the corpus layout (docs/, an
 * optional facts.json, expect.json with "status" and "actions", and
 * optionally "failed_checks"; a model-replies.jsonl, if present, answers
 * model steps as `run --llm-replay` would). One line per case, PASS or
 * FAIL with the decision and the first difference; exit 0 when every case
 * passes, 1 when one does not, so policy authors can keep cases next to
 * their policies and run them in CI.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lifecycle.h"

static int64_t zero_clock(void *user_data)
{
	(void)user_data;
	return 0;
}

static bool has_action(char **list, size_t n, const char *a)
{
	for (size_t i = 0; i < n; i++)
		if (action_same(list[i], a))
			return true;
	return false;
}

/* The first way `got` differs from `want`, or NULL when it does not. */
static char *first_difference(const decision *want, const decision *got, bool check_checks)
{
	char buf[2048];
	if (want->failed != got->failed) {
		snprintf(buf, sizeof buf, "expected %s, got %s%s%s", want->failed ? "failed" : "complete",
		         got->failed ? "failed" : "complete", got->error ? ": " : "",
		         got->error ? got->error : "");
		return strdup(buf);
	}
	if (want->failed)
		return NULL;
	for (size_t i = 0; i < want->nactions; i++)
		if (!has_action(got->actions, got->nactions, want->actions[i])) {
			snprintf(buf, sizeof buf, "expected action \"%s\" did not fire", want->actions[i]);
			return strdup(buf);
		}
	for (size_t i = 0; i < got->nactions; i++)
		if (!has_action(want->actions, want->nactions, got->actions[i])) {
			snprintf(buf, sizeof buf, "unexpected action \"%s\"", got->actions[i]);
			return strdup(buf);
		}
	if (!check_checks)
		return NULL;
	for (size_t i = 0; i < want->nchecks; i++)
		if (!has_action(got->checks, got->nchecks, want->checks[i])) {
			snprintf(buf, sizeof buf, "expected check \"%s\" to fail; it did not", want->checks[i]);
			return strdup(buf);
		}
	for (size_t i = 0; i < got->nchecks; i++)
		if (!has_action(want->checks, want->nchecks, got->checks[i])) {
			snprintf(buf, sizeof buf, "unexpected failed check \"%s\"", got->checks[i]);
			return strdup(buf);
		}
	return NULL;
}

static bool exists(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	bool yes = path && access(path, F_OK) == 0;
	free(path);
	return yes;
}

static int run_case(const policy_plan *plan, const char *dir, const char *name, decision *got)
{
	policy_case *c;
	cJSON *manifest;
	int rc = case_from_dir(dir, name, &c, &manifest);
	if (rc)
		return rc;
	cJSON_Delete(manifest);
	policy_host *host = NULL;
	llm_host *model = NULL;
	policy_exec *x = NULL;
	if (policy_host_new(NULL, &host) != POLICY_OK)
		rc = EXIT_INTERNAL;
	char *replies = path_join(dir, "model-replies.jsonl");
	if (!replies)
		rc = EXIT_INTERNAL;
	if (rc == EXIT_OK && access(replies, F_OK) == 0)
		rc = llm_host_new(NULL, replies, NULL, &model);
	free(replies);
	if (rc == EXIT_OK) {
		if (model)
			policy_host_set_llm_func(host, llm_host_answer, model, NULL);
		policy_host_set_now_func(host, zero_clock, NULL, NULL);
		policy_error *err = NULL;
		if (policy_execute(plan, host, c, NULL, &x, &err) != POLICY_OK) {
			fprintf(stderr, "policy: %s: %s\n", name, err ? policy_error_message(err) : "out of memory");
			rc = EXIT_INTERNAL;
		}
		policy_error_free(err);
	}
	char *json = NULL;
	size_t len;
	if (rc == EXIT_OK && policy_exec_decision_json(x, &json, &len) != POLICY_OK)
		rc = EXIT_INTERNAL;
	cJSON *root = json ? cJSON_ParseWithLength(json, len) : NULL;
	if (rc == EXIT_OK && (!root || !decision_from_json(root, got)))
		rc = EXIT_INTERNAL;
	cJSON_Delete(root);
	policy_free(json);
	policy_exec_free(x);
	policy_host_free(host);
	llm_host_free(model);
	policy_case_free(c);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Case folders: subdirectories holding an expect.json, sorted. */
static int list_cases(const char *dir, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "policy: cannot read %s: %s\n", dir, strerror(errno));
		return EXIT_INPUT;
	}
	int rc = EXIT_OK;
	for (struct dirent *e; rc == EXIT_OK && (e = readdir(d));) {
		struct stat st;
		char *path = path_join(dir, e->d_name);
		bool is_case = path && e->d_name[0] != '.' && !stat(path, &st) && S_ISDIR(st.st_mode) &&
		               exists(path, "expect.json");
		free(path);
		if (!is_case)
			continue;
		char **bigger = realloc(*out, (*n + 1) * sizeof **out);
		if (!bigger || !(bigger[*n] = strdup(e->d_name))) {
			if (bigger)
				*out = bigger;
			rc = EXIT_INTERNAL;
			break;
		}
		*out = bigger;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_str);
	return rc;
}

int cmd_test(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy test POLICY.txt|PLAN.json CASES_DIR [--json] [-v]\n";
	const char *policy = NULL, *dir = NULL;
	bool json = false, verbose = false;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
			verbose = true;
		else if (!policy && argv[i][0] != '-')
			policy = argv[i];
		else if (!dir && argv[i][0] != '-')
			dir = argv[i];
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!policy || !dir) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	policy_plan *plan;
	int rc = load_or_compile(policy, &plan);
	if (rc)
		return rc;
	char **names;
	size_t n;
	rc = list_cases(dir, &names, &n);
	if (rc == EXIT_OK && n == 0) {
		fprintf(stderr, "policy: %s has no case folders (each needs an expect.json)\n", dir);
		rc = EXIT_INPUT;
	}
	cJSON *report = cJSON_CreateObject(), *cases = cJSON_AddArrayToObject(report, "cases");
	if (!cases)
		rc = EXIT_INTERNAL;
	size_t passed = 0, failed = 0;
	for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
		char *path = path_join(dir, names[i]);
		char *epath = path ? path_join(path, "expect.json") : NULL;
		size_t len;
		char *text = epath ? read_file(epath, &len) : NULL;
		cJSON *exp = text ? cJSON_ParseWithLength(text, len) : NULL;
		free(text);
		decision want = { 0 }, got = { 0 };
		if (!exp || !cJSON_IsObject(exp)) {
			fprintf(stderr, "policy: %s/expect.json is not a JSON object\n", names[i]);
			rc = EXIT_INPUT;
		} else if (!decision_from_json(exp, &want)) {
			rc = EXIT_INTERNAL;
		} else {
			/* An expectation without "status" means a decision. */
			const cJSON *st = cJSON_GetObjectItemCaseSensitive(exp, "status");
			if (!cJSON_IsString(st))
				want.failed = false;
			rc = run_case(plan, path, names[i], &got);
		}
		if (rc == EXIT_OK) {
			bool checks = cJSON_HasObjectItem(exp, "failed_checks");
			char *diff = first_difference(&want, &got, checks);
			if (diff)
				failed++;
			else
				passed++;
			cJSON *row = cJSON_CreateObject();
			cJSON_AddItemToArray(cases, row);
			cJSON_AddStringToObject(row, "case", names[i]);
			cJSON_AddBoolToObject(row, "ok", diff == NULL);
			cJSON_AddItemToObject(row, "decision", decision_to_json(&got));
			cJSON_AddItemToObject(row, "expected", decision_to_json(&want));
			if (diff)
				cJSON_AddStringToObject(row, "difference", diff);
			else
				cJSON_AddNullToObject(row, "difference");
			if (!json) {
				printf("%s %s: ", diff ? "FAIL" : "PASS", names[i]);
				if (diff) {
					printf("%s\n     decision: ", diff);
					decision_print(stdout, &got);
				} else {
					decision_print(stdout, &got);
				}
				printf("\n");
				if (verbose && got.failed && got.error)
					printf("     %s\n", got.error);
			}
			free(diff);
		}
		decision_free(&want);
		decision_free(&got);
		cJSON_Delete(exp);
		free(path);
		free(epath);
	}
	if (rc == EXIT_OK) {
		char title[512];
		plan_title(plan, title, sizeof title);
		if (json) {
			cJSON_AddStringToObject(report, "policy", title);
			cJSON_AddNumberToObject(report, "passed", (double)passed);
			cJSON_AddNumberToObject(report, "failed", (double)failed);
			char *out = cJSON_Print(report);
			if (out)
				printf("%s\n", out);
			cJSON_free(out);
		} else {
			printf("%s: %zu passed, %zu failed (%zu case%s)\n", title, passed, failed, n,
			       n == 1 ? "" : "s");
		}
		rc = failed ? EXIT_DIFFERENT : EXIT_OK;
	}
	cJSON_Delete(report);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	policy_plan_free(plan);
	return rc;
}
