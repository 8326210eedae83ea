/*
 * File helpers and the shared "plan or policy" loader for CLI commands.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "assist.h"
#include "cli.h"

char *read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		fprintf(stderr, "policy: cannot open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		if (cap > ((size_t)1 << 30)) {
			free(buf);
			buf = NULL;
			errno = EFBIG;
			break;
		}
		char *bigger = realloc(buf, cap * 2 + 1);
		if (!bigger) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	bool bad = !buf || ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		fprintf(stderr, "policy: cannot read %s: %s\n", path, strerror(errno ? errno : EIO));
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

bool write_file(const char *path, const char *data, size_t len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
	if (!f || fwrite(data, 1, len, f) != len || (f != stdout && fclose(f) != 0)) {
		fprintf(stderr, "policy: cannot write %s: %s\n", path, strerror(errno));
		return false;
	}
	return true;
}

bool has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

void print_error(const policy_error *err, const char *path, const char *src, size_t len)
{
	char *text = NULL;
	if (policy_error_render(err, path, src, len, &text, NULL) == POLICY_OK) {
		fputs(text, stderr);
		policy_free(text);
	} else {
		fprintf(stderr, "%s: error: %s\n", path, policy_error_message(err));
	}
}

int load_or_compile(const char *path, policy_plan **plan)
{
	/* a policy compiles with the restatements pinned beside it, never
	 * with an assistant (assist.h) */
	if (!has_suffix(path, ".json"))
		return assist_compile(path, NULL, plan);
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return EXIT_INPUT;
	policy_error *err = NULL;
	policy_status st = policy_plan_load(text, len, NULL, plan, &err);
	if (err)
		print_error(err, path, text, len);
	policy_error_free(err);
	free(text);
	if (st == POLICY_OK)
		return EXIT_OK;
	return st == POLICY_ERR_NOMEM ? EXIT_INTERNAL : EXIT_PLAN;
}

int64_t wall_clock(void *user_data)
{
	(void)user_data;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

int64_t fixed_clock(void *user_data)
{
	return *(const int64_t *)user_data;
}

static void print_decision(const policy_exec *x)
{
	if (policy_exec_outcome(x) == POLICY_OUTCOME_FAILED) {
		printf("Decision: failed\n  %s\n", policy_exec_failure(x));
		return;
	}
	printf("Decision: complete\n");
	size_t n = policy_exec_action_count(x);
	printf("Actions:%s\n", n ? "" : " none");
	for (size_t i = 0; i < n; i++)
		printf("  - %s\n", policy_exec_action_text(x, i));
	size_t f = policy_exec_failed_check_count(x);
	if (f)
		printf("Failed checks:\n");
	for (size_t i = 0; i < f; i++) {
		const char *why = policy_exec_failed_check_reason(x, i);
		printf("  - %s\n    %s\n", policy_exec_failed_check_text(x, i), why ? why : "");
	}
}

int print_run_result(const policy_exec *x, bool json)
{
	if (json) {
		char *out;
		size_t len;
		if (policy_exec_decision_json(x, &out, &len) != POLICY_OK)
			return EXIT_INTERNAL;
		fwrite(out, 1, len, stdout);
		policy_free(out);
		return EXIT_OK;
	}
	print_decision(x);
	char *text;
	if (policy_trail_explain(policy_exec_trail(x), &text, NULL) == POLICY_OK) {
		printf("\n%s", text);
		policy_free(text);
	}
	return EXIT_OK;
}
