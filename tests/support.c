/*
 * Helpers shared by the API tests (see support.h).
 */
#include "support.h"

#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

const char *source_root(void)
{
	const char *r = getenv("POLICY_SOURCE_ROOT");
	return r && *r ? r : ".";
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);
	assert_non_null(s);
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

char *read_file(const char *path, size_t *len)
{
	char *full = path[0] == '/' ? strdup(path) : join(source_root(), path);
	FILE *f = fopen(full, "rb");
	free(full);
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *data = malloc(cap);
	assert_non_null(data);
	for (;;) {
		if (cap - n < 4096) {
			cap *= 2;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		size_t got = fread(data + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

char *read_file_or_fail(const char *path, size_t *len)
{
	char *s = read_file(path, len);
	if (!s)
		fail_msg("cannot read %s (source root %s)", path, source_root());
	return s;
}

const char *corpus_dir(void)
{
	static char dir[4096];
	const char *env = getenv("POLICY_CORPUS_DIR");
	if (env && *env)
		snprintf(dir, sizeof dir, "%s", env);
	else
		snprintf(dir, sizeof dir, "%s/../shared/corpus/dev", source_root());
	struct stat st;
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **corpus_policies(void)
{
	const char *dir = corpus_dir();
	size_t n = 0, cap = 16;
	char **list = calloc(cap, sizeof *list);
	assert_non_null(list);
	DIR *d = dir ? opendir(dir) : NULL;
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char rel[1024];
			snprintf(rel, sizeof rel, "%s/%s/policy.txt", dir, e->d_name);
			struct stat st;
			if (stat(rel, &st) != 0)
				continue;
			if (n + 1 >= cap) {
				cap *= 2;
				list = realloc(list, cap * sizeof *list);
				assert_non_null(list);
			}
			list[n++] = strdup(e->d_name);
		}
		closedir(d);
	}
	qsort(list, n, sizeof *list, cmp_str);
	list[n] = NULL;
	return list;
}

void free_strings(char **list)
{
	if (!list)
		return;
	for (char **p = list; *p; p++)
		free(*p);
	free(list);
}

char *with_header(const char *body)
{
	static const char header[] = "Policy: Test\nVersion: 1.0.0\nEffective: 2026-01-01\n\n";
	size_t lh = strlen(header), lb = strlen(body);
	char *s = malloc(lh + lb + 2);
	assert_non_null(s);
	memcpy(s, header, lh);
	memcpy(s + lh, body, lb);
	s[lh + lb] = '\n';
	s[lh + lb + 1] = '\0';
	return s;
}

char *render(const policy_error *err, const char *filename, const char *text)
{
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(policy_error_render(err, filename, text, text ? strlen(text) : 0, &out, &len),
	                 POLICY_OK);
	assert_int_equal(strlen(out), len);
	char *copy = strdup(out);
	policy_free(out);
	return copy;
}

policy_plan *compile_ok(const char *text)
{
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_compile(text, strlen(text), NULL, &plan, &err);
	if (st != POLICY_OK) {
		char *r = err ? render(err, "policy", text) : strdup("(no error object)");
		policy_error_free(err);
		fail_msg("compile failed with %s:\n%s\n--- policy ---\n%s", policy_status_name(st), r,
		         text);
	}
	policy_error_free(err);
	assert_non_null(plan);
	return plan;
}

policy_plan *compile_body(const char *body)
{
	char *text = with_header(body);
	policy_plan *p = compile_ok(text);
	free(text);
	return p;
}

policy_error *compile_fails(const char *text, policy_status status)
{
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_compile(text, strlen(text), NULL, &plan, &err);
	if (st != status) {
		policy_plan_free(plan);
		policy_error_free(err);
		fail_msg("expected %s, got %s for:\n%s", policy_status_name(status),
		         policy_status_name(st), text);
	}
	assert_null(plan);
	assert_non_null(err);
	assert_int_equal(policy_error_code(err), status);
	return err;
}

char *save_plan(const policy_plan *plan, size_t *len)
{
	char *json = NULL;
	size_t n = 0;
	assert_int_equal(policy_plan_save(plan, &json, &n), POLICY_OK);
	assert_int_equal(strlen(json), n);
	char *copy = strdup(json);
	policy_free(json);
	if (len)
		*len = n;
	return copy;
}

policy_case *make_case(const char *spec)
{
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	const char *p = spec;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);
		assert_non_null(line);
		if (!strncmp(line, "doc ", 4)) {
			char *colon = strchr(line + 4, ':');
			if (!colon)
				fail_msg("bad case line: %s", line);
			*colon = '\0';
			char *text = colon + 1;
			while (*text == ' ')
				text++;
			for (char *q = text; *q; q++)
				if (*q == '|')
					*q = '\n';
			assert_int_equal(policy_case_add_document(c, line + 4, text, strlen(text)),
			                 POLICY_OK);
		} else if (!strncmp(line, "fact ", 5)) {
			char *eq = strstr(line + 5, " = ");
			if (!eq)
				fail_msg("bad case line: %s", line);
			*eq = '\0';
			assert_int_equal(policy_case_add_fact(c, line + 5, eq + 3, strlen(eq + 3)),
			                 POLICY_OK);
		} else if (!strncmp(line, "id ", 3)) {
			assert_int_equal(policy_case_set_id(c, line + 3), POLICY_OK);
		} else if (n) {
			fail_msg("bad case line: %s", line);
		}
		free(line);
		p = nl ? nl + 1 : NULL;
	}
	return c;
}

typedef struct strbuf {
	char *s;
	size_t len, cap;
} strbuf;

static void sb_add(strbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

char *decide(const policy_plan *plan, const char *spec)
{
	policy_case *c = make_case(spec);
	policy_exec *x = NULL;
	policy_error *err = NULL;
	policy_status st = policy_execute(plan, NULL, c, NULL, &x, &err);
	if (st != POLICY_OK)
		fail_msg("policy_execute: %s: %s", policy_status_name(st),
		         err ? policy_error_message(err) : "");
	strbuf b = { 0 };
	sb_add(&b, "");
	if (policy_exec_outcome(x) == POLICY_OUTCOME_FAILED) {
		sb_add(&b, "FAILED: ");
		sb_add(&b, policy_exec_failure(x) ? policy_exec_failure(x) : "(no reason)");
		assert_int_equal(policy_exec_action_count(x), 0);
	} else {
		assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
		for (size_t i = 0; i < policy_exec_action_count(x); i++) {
			if (i)
				sb_add(&b, "; ");
			sb_add(&b, policy_exec_action_text(x, i));
		}
		for (size_t i = 0; i < policy_exec_failed_check_count(x); i++) {
			sb_add(&b, " [check failed: ");
			sb_add(&b, policy_exec_failed_check_text(x, i));
			sb_add(&b, "]");
		}
	}
	policy_exec_free(x);
	policy_case_free(c);
	return b.s;
}

void expect_decision(const policy_plan *p, const char *spec, const char *want)
{
	char *got = decide(p, spec);
	if (strcmp(got, want))
		fail_msg("case: %s\n  expected: \"%s\"\n  got:      \"%s\"", spec, want, got);
	free(got);
}

void fails_naming(const char *body, const char *words)
{
	char *text = with_header(body);
	policy_error *err = compile_fails(text, POLICY_ERR_COMPILE);
	bool found = false;
	for (size_t i = 0; i < policy_error_diagnostic_count(err) && !found; i++)
		found = policy_error_diagnostic_severity(err, i) == POLICY_SEVERITY_ERROR &&
		        strstr(policy_error_diagnostic_message(err, i), words);
	if (!found)
		fail_msg("no error naming '%s' for:\n%s\nfirst: %s", words, body,
		         policy_error_diagnostic_count(err) ? policy_error_diagnostic_message(err, 0)
		                                            : "(none)");
	policy_error_free(err);
	free(text);
}

char *decide_body(const char *body, const char *spec)
{
	policy_plan *p = compile_body(body);
	char *d = decide(p, spec);
	policy_plan_free(p);
	return d;
}

/* ---- the counting allocator ---- */

static pthread_mutex_t *mutex_of(counting *c)
{
	if (!c->mutex) {
		pthread_mutex_t *m = malloc(sizeof *m);
		assert_non_null(m);
		pthread_mutex_init(m, NULL);
		c->mutex = m;
	}
	return c->mutex;
}

static bool should_fail(counting *c)
{
	c->calls++;
	if (c->fail_after && c->calls >= c->fail_after) {
		c->failed = true;
		return true;
	}
	return false;
}

static void *count_malloc(size_t size, void *ud)
{
	counting *c = ud;
	pthread_mutex_t *m = c->mutex;
	pthread_mutex_lock(m);
	void *p = NULL;
	if (!should_fail(c)) {
		p = malloc(size);
		if (p) {
			c->mallocs++;
			c->live++;
		}
	}
	pthread_mutex_unlock(m);
	return p;
}

static void *count_realloc(void *ptr, size_t size, void *ud)
{
	counting *c = ud;
	pthread_mutex_t *m = c->mutex;
	pthread_mutex_lock(m);
	void *p = NULL;
	if (!should_fail(c)) {
		p = realloc(ptr, size);
		if (p) {
			c->reallocs++;
			if (!ptr)
				c->live++;
		}
	}
	pthread_mutex_unlock(m);
	return p;
}

static void count_free(void *ptr, void *ud)
{
	counting *c = ud;
	if (!ptr)
		return;
	pthread_mutex_t *m = c->mutex;
	pthread_mutex_lock(m);
	c->frees++;
	c->live--;
	free(ptr);
	pthread_mutex_unlock(m);
}

policy_allocator counting_allocator(counting *c)
{
	mutex_of(c);
	policy_allocator a = { count_malloc, count_realloc, count_free, c };
	return a;
}

void counting_reset(counting *c)
{
	void *m = c->mutex;
	memset(c, 0, sizeof *c);
	c->mutex = m;
}

void counting_destroy(counting *c)
{
	if (c->mutex) {
		pthread_mutex_destroy(c->mutex);
		free(c->mutex);
		c->mutex = NULL;
	}
}

char **list_dir(const char *path)
{
	char *full = path[0] == '/' ? strdup(path) : join(source_root(), path);
	assert_non_null(full);
	DIR *d = opendir(full);
	free(full);
	if (!d)
		return NULL;
	size_t n = 0, cap = 16;
	char **list = calloc(cap, sizeof *list);
	assert_non_null(list);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n + 1 >= cap) {
			cap *= 2;
			list = realloc(list, cap * sizeof *list);
			assert_non_null(list);
		}
		list[n] = strdup(e->d_name);
		assert_non_null(list[n]);
		n++;
	}
	closedir(d);
	qsort(list, n, sizeof *list, cmp_str);
	list[n] = NULL;
	return list;
}
