/*
 * The shared test vectors (tests/vectors/NAME), run from C exactly as
 * tests/vectors/README.md says and as the Python, Go and Node bindings run
 * them: compile policy.txt; make a case whose id is NAME; add the documents
 * of docs/ in file-name order (by byte value), the type being the file name
 * without ".txt" and a trailing ".N", underscores read as spaces; add each
 * fact of facts.json with its compact JSON text, in file order; execute
 * with no host callbacks, a clock reading 0 and one thread. The decision
 * JSON, the trail's JSON Lines and the explanation must equal expect.json,
 * trail.jsonl and explain.txt byte for byte.
 *
 * The same outputs are also required with four worker threads and from a
 * plan that went through save and load, and the trail must read back and
 * verify against its plan: the vectors pin down the whole pipeline, not
 * one path through it.
 */
#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

typedef struct outputs {
	char *decision, *trail, *explain;
	size_t decision_len, trail_len, explain_len;
} outputs;

static void outputs_free(outputs *o)
{
	free(o->decision);
	free(o->trail);
	free(o->explain);
	memset(o, 0, sizeof *o);
}

/* A string the library returned through char **, copied to malloc. */
static char *take(char *s, size_t len)
{
	assert_non_null(s);
	char *copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, s, len);
	copy[len] = '\0';
	policy_free(s);
	return copy;
}

/* "claim_form.txt" -> "claim form", "appraisal.2.txt" -> "appraisal": the
 * shell's ${type%.[0-9]*}, cutting at the last '.' followed by a digit. */
static char *doc_type(const char *file)
{
	size_t n = strlen(file);
	if (n >= 4 && !strcmp(file + n - 4, ".txt"))
		n -= 4;
	char *t = strndup(file, n);
	assert_non_null(t);
	for (size_t i = n; i-- > 0;)
		if (t[i] == '.' && t[i + 1] >= '0' && t[i + 1] <= '9') {
			t[i] = '\0';
			break;
		}
	for (char *p = t; *p; p++)
		if (*p == '_')
			*p = ' ';
	return t;
}

static char *vector_path(const char *name, const char *file)
{
	char *p = malloc(strlen(name) + strlen(file) + 32);
	assert_non_null(p);
	sprintf(p, "tests/vectors/%s/%s", name, file);
	return p;
}

static char *vector_file(const char *name, const char *file, size_t *len)
{
	char *path = vector_path(name, file);
	char *s = read_file_or_fail(path, len);
	free(path);
	return s;
}

static policy_case *vector_case(const char *name)
{
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_int_equal(policy_case_set_id(c, name), POLICY_OK);

	char *dir = vector_path(name, "docs");
	char **docs = list_dir(dir);
	free(dir);
	assert_non_null(docs);
	for (char **d = docs; *d; d++) {
		char *rel = malloc(strlen(*d) + 8);
		assert_non_null(rel);
		sprintf(rel, "docs/%s", *d);
		size_t len;
		char *text = vector_file(name, rel, &len);
		char *type = doc_type(*d);
		assert_int_equal(policy_case_add_document(c, type, text, len), POLICY_OK);
		free(type);
		free(text);
		free(rel);
	}
	free_strings(docs);

	char *facts_path = vector_path(name, "facts.json");
	size_t len;
	char *facts = read_file(facts_path, &len);
	free(facts_path);
	if (facts) {
		cJSON *root = cJSON_ParseWithLength(facts, len);
		if (!root || !cJSON_IsObject(root))
			fail_msg("%s/facts.json is not a JSON object", name);
		for (cJSON *it = root->child; it; it = it->next) {
			char *json = cJSON_PrintUnformatted(it);
			assert_non_null(json);
			assert_int_equal(policy_case_add_fact(c, it->string, json, strlen(json)),
			                 POLICY_OK);
			free(json);
		}
		cJSON_Delete(root);
		free(facts);
	}
	return c;
}

static outputs run(const policy_plan *plan, const policy_case *c, unsigned threads)
{
	policy_exec_options opts = POLICY_EXEC_OPTIONS_INIT;
	opts.threads = threads;
	policy_exec *x = NULL;
	policy_error *err = NULL;
	policy_status st = policy_execute(plan, NULL, c, &opts, &x, &err);
	if (st != POLICY_OK)
		fail_msg("policy_execute: %s: %s", policy_status_name(st),
		         err ? policy_error_message(err) : "(no error object)");
	assert_null(err);
	assert_int_not_equal(policy_exec_outcome(x), POLICY_OUTCOME_PENDING);

	outputs o = { 0 };
	char *s = NULL;
	size_t n = 0;
	assert_int_equal(policy_exec_decision_json(x, &s, &n), POLICY_OK);
	o.decision = take(s, n);
	o.decision_len = n;
	const policy_trail *t = policy_exec_trail(x);
	assert_non_null(t);
	assert_int_equal(policy_trail_to_jsonl(t, &s, &n), POLICY_OK);
	o.trail = take(s, n);
	o.trail_len = n;
	assert_int_equal(policy_trail_explain(t, &s, &n), POLICY_OK);
	o.explain = take(s, n);
	o.explain_len = n;
	policy_exec_free(x);
	return o;
}

/* Byte for byte; on a difference, show where, with some context. */
static void same_bytes(const char *vector, const char *what, const char *want, size_t want_len,
                       const char *got, size_t got_len)
{
	size_t i = 0;
	while (i < want_len && i < got_len && want[i] == got[i])
		i++;
	if (i == want_len && i == got_len)
		return;
	size_t from = i > 60 ? i - 60 : 0;
	int wn = (int)((want_len - from) < 120 ? want_len - from : 120);
	int gn = (int)((got_len - from) < 120 ? got_len - from : 120);
	fail_msg("%s: %s differs at byte %zu (expected %zu bytes, got %zu)\n"
	         "expected: ...%.*s...\n"
	         "got:      ...%.*s...",
	         vector, what, i, want_len, got_len, wn, want + from, gn, got + from);
}

static void expect_recorded(const char *name, const outputs *o)
{
	size_t len;
	char *want = vector_file(name, "expect.json", &len);
	same_bytes(name, "decision (expect.json)", want, len, o->decision, o->decision_len);
	free(want);
	want = vector_file(name, "trail.jsonl", &len);
	same_bytes(name, "trail (trail.jsonl)", want, len, o->trail, o->trail_len);
	free(want);
	want = vector_file(name, "explain.txt", &len);
	same_bytes(name, "explanation (explain.txt)", want, len, o->explain, o->explain_len);
	free(want);
}

static policy_plan *vector_plan(const char *name)
{
	size_t len;
	char *text = vector_file(name, "policy.txt", &len);
	policy_plan *plan = NULL;
	policy_error *err = NULL;
	policy_status st = policy_compile(text, len, NULL, &plan, &err);
	if (st != POLICY_OK) {
		char *r = err ? render(err, "policy.txt", text) : strdup("(no error object)");
		policy_error_free(err);
		fail_msg("%s/policy.txt does not compile (%s):\n%s", name, policy_status_name(st), r);
	}
	policy_error_free(err);
	free(text);
	return plan;
}

static void test_vector(void **state)
{
	const char *name = *state;
	policy_plan *plan = vector_plan(name);
	policy_case *c = vector_case(name);

	outputs one = run(plan, c, 1);
	expect_recorded(name, &one);

	/* Worker threads change nothing. */
	outputs four = run(plan, c, 4);
	expect_recorded(name, &four);
	outputs_free(&four);

	/* Nor does a trip through the plan's JSON. */
	size_t json_len;
	char *json = save_plan(plan, &json_len);
	policy_plan *loaded = NULL;
	policy_error *err = NULL;
	assert_int_equal(policy_plan_load(json, json_len, NULL, &loaded, &err), POLICY_OK);
	assert_null(err);
	free(json);
	outputs again = run(loaded, c, 1);
	expect_recorded(name, &again);
	outputs_free(&again);

	/* The recorded trail reads back, verifies against the plan and explains
	 * itself the same way. */
	policy_trail *t = NULL;
	assert_int_equal(policy_trail_load(one.trail, one.trail_len, NULL, &t, &err), POLICY_OK);
	assert_null(err);
	assert_int_equal(policy_trail_verify(t, plan, &err), POLICY_OK);
	assert_null(err);
	assert_int_equal(policy_trail_verify(t, loaded, &err), POLICY_OK);
	char *s = NULL;
	size_t n = 0;
	assert_int_equal(policy_trail_to_jsonl(t, &s, &n), POLICY_OK);
	char *reread = take(s, n);
	same_bytes(name, "reloaded trail", one.trail, one.trail_len, reread, n);
	free(reread);
	assert_int_equal(policy_trail_explain(t, &s, &n), POLICY_OK);
	char *explained = take(s, n);
	same_bytes(name, "reloaded explanation", one.explain, one.explain_len, explained, n);
	free(explained);
	policy_trail_free(t);

	outputs_free(&one);
	policy_plan_free(loaded);
	policy_case_free(c);
	policy_plan_free(plan);
}

static void test_document_types(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "claim_form.txt", "claim form" },
		{ "deposit_slip.2.txt", "deposit slip" },
		{ "appraisal.10.txt", "appraisal" },
		{ "financial_statement.txt", "financial statement" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = doc_type(cases[i][0]);
		assert_string_equal(t, cases[i][1]);
		free(t);
	}
}

int main(void)
{
	char **all = list_dir("tests/vectors");
	if (!all) {
		fprintf(stderr, "test_vectors: cannot list %s/tests/vectors "
		                "(set POLICY_SOURCE_ROOT to the repository)\n", source_root());
		return 1;
	}
	size_t n = 0;
	for (char **v = all; *v; v++)
		n++;
	struct CMUnitTest *tests = calloc(n + 1, sizeof *tests);
	if (!tests)
		return 1;
	size_t count = 0;
	tests[count++] = (struct CMUnitTest)cmocka_unit_test(test_document_types);
	for (char **v = all; *v; v++) {
		char *policy = vector_path(*v, "policy.txt");
		char *text = read_file(policy, NULL);
		free(policy);
		if (!text)
			continue; /* README.md, regen.sh */
		free(text);
		tests[count++] = (struct CMUnitTest)cmocka_unit_test_prestate(test_vector, *v);
		tests[count - 1].name = *v;
	}
	if (count < 7) {
		fprintf(stderr, "test_vectors: only %zu vectors found in %s/tests/vectors\n",
		        count - 1, source_root());
		return 1;
	}
	int failed = _cmocka_run_group_tests("vectors", tests, count, NULL, NULL);
	free(tests);
	free_strings(all);
	return failed;
}
