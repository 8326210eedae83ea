/*
 * Tamper evidence: each kind of tampering is detected with its own status.
 *
 *   plan     a change to what a plan means (a threshold, a sentence, a
 *            step, the stated hash)                     POLICY_ERR_HASH
 *   trail    one byte changed anywhere in any entry; an entry removed
 *            (first, middle or last), inserted, or two swapped
 *                                                       POLICY_ERR_CHAIN
 *   trail    made by another plan than the one given to
 *            policy_trail_verify                        POLICY_ERR_MISMATCH
 *
 * and reformatting a plan (whitespace, CRLF) changes nothing, so it is no
 * tampering. What the chain cannot show: an edit whose author recomputed
 * every hash (XXH3 is a checksum, not a signature); see docs/limits.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

static const char claims_policy[] =
	"Policy: Claims Intake\n"
	"Version: 4.2.1\n"
	"Effective: March 1, 2026\n"
	"\n"
	"When a new insurance claim arrives, extract the policy number, date of loss, and claimed "
	"amount from the claim form. Look up the policy effective date and the policy expiration "
	"date for the policy number in the policy administration system.\n"
	"\n"
	"The policy was active on the date of loss if the date of loss is on or after the policy "
	"effective date and on or before the policy expiration date.\n"
	"\n"
	"Verify that the policy was active on the date of loss. If it was not, deny the claim.\n"
	"\n"
	"If the policy was active on the date of loss:\n"
	"- If the claimed amount exceeds $50,000, escalate to senior adjuster review.\n"
	"- Otherwise, route the claim to standard processing.\n";

static const char claim_form[] =
	"Policy Number: HO-4471-0932\n"
	"Date of Loss: March 3, 2026\n"
	"Amount Claimed: $72,400.00\n";

typedef struct fixture {
	policy_plan *plan;
	char *plan_json;
	size_t plan_len;
	char *trail; /* JSON Lines */
	size_t trail_len;
} fixture;

static char *replace(const char *s, const char *old, const char *new_)
{
	const char *at = strstr(s, old);
	assert_non_null(at);
	size_t n = strlen(s), o = strlen(old), w = strlen(new_);
	char *r = malloc(n - o + w + 1);
	memcpy(r, s, (size_t)(at - s));
	memcpy(r + (at - s), new_, w);
	memcpy(r + (at - s) + w, at + o, n - (size_t)(at - s) - o + 1);
	return r;
}

static char *run_trail(const policy_plan *plan, size_t *len)
{
	policy_case *c = NULL;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_int_equal(policy_case_set_id(c, "CL-1"), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "claim form", claim_form, strlen(claim_form)),
	                 POLICY_OK);
	assert_int_equal(policy_case_add_fact(c, "policy effective date", "\"2025-06-01\"", 12),
	                 POLICY_OK);
	assert_int_equal(policy_case_add_fact(c, "policy expiration date", "\"2026-06-01\"", 12),
	                 POLICY_OK);
	policy_exec *x = NULL;
	assert_int_equal(policy_execute(plan, NULL, c, NULL, &x, NULL), POLICY_OK);
	char *jsonl = NULL;
	assert_int_equal(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, len), POLICY_OK);
	char *copy = strdup(jsonl);
	policy_free(jsonl);
	policy_exec_free(x);
	policy_case_free(c);
	return copy;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->plan = compile_ok(claims_policy);
	f->plan_json = save_plan(f->plan, &f->plan_len);
	f->trail = run_trail(f->plan, &f->trail_len);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	policy_plan_free(f->plan);
	free(f->plan_json);
	free(f->trail);
	free(f);
	return 0;
}

/* ---- plans ---- */

static policy_status load_plan(const char *json, policy_error **err)
{
	policy_plan *p = (policy_plan *)&p;
	policy_status st = policy_plan_load(json, strlen(json), NULL, &p, err);
	if (st != POLICY_OK)
		assert_null(p);
	policy_plan_free(st == POLICY_OK ? p : NULL);
	return st;
}

static void expect_hash_error(const char *json, const fixture *f)
{
	policy_error *err = NULL;
	assert_int_equal(load_plan(json, &err), POLICY_ERR_HASH);
	assert_int_equal(policy_error_code(err), POLICY_ERR_HASH);
	/* The error points at the stated body hash. */
	const char *h = strstr(json, "\"body\": \"");
	assert_non_null(h);
	unsigned line = 1;
	for (const char *q = json; q < h; q++)
		line += *q == '\n';
	assert_int_equal(policy_error_line(err), line);
	assert_non_null(strstr(policy_error_message(err), "does not match its hash"));
	assert_non_null(strstr(policy_error_message(err), policy_plan_body_hash(f->plan)));
	policy_error_free(err);
}

static void test_plan_changes_break_the_hash(void **state)
{
	fixture *f = *state;
	const char *edits[][2] = {
		/* $50,000 -> $60,000: a different, valid plan */
		{ "\"value\": \"50000.00\"", "\"value\": \"60000.00\"" },
		/* the sentence a step came from */
		{ "route the claim to standard processing", "route the claim to expedited payment" },
		/* the version */
		{ "\"version\": \"4.2.1\"", "\"version\": \"4.2.2\"" },
		/* a comparison: exceeds -> is at least */
		{ "\"cmp\": \"gt\"", "\"cmp\": \"ge\"" },
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		char *json = replace(f->plan_json, edits[i][0], edits[i][1]);
		expect_hash_error(json, f);
		free(json);
	}
	/* The stated hash itself. */
	const char *h = policy_plan_body_hash(f->plan);
	char other[33];
	memcpy(other, h, 33);
	other[0] = other[0] == '0' ? '1' : '0';
	char *json = replace(f->plan_json, h, other);
	policy_error *err = NULL;
	assert_int_equal(load_plan(json, &err), POLICY_ERR_HASH);
	policy_error_free(err);
	free(json);
}

/* Reformatting is not tampering: the hash covers the meaning. */
static void test_plan_reformatting_is_harmless(void **state)
{
	fixture *f = *state;
	char *crlf = malloc(2 * f->plan_len + 1), *compact = malloc(f->plan_len + 1);
	size_t a = 0, b = 0;
	bool in_string = false;
	for (size_t i = 0; i < f->plan_len; i++) {
		char c = f->plan_json[i];
		if (c == '"' && (i == 0 || f->plan_json[i - 1] != '\\'))
			in_string = !in_string;
		if (c == '\n')
			crlf[a++] = '\r';
		crlf[a++] = c;
		if (in_string || (c != ' ' && c != '\n'))
			compact[b++] = c;
	}
	crlf[a] = compact[b] = '\0';
	assert_int_equal(load_plan(crlf, NULL), POLICY_OK);
	assert_int_equal(load_plan(compact, NULL), POLICY_OK);
	free(crlf);
	free(compact);
}

/* ---- trails ---- */

static policy_status load_trail(const char *jsonl, size_t len, policy_error **err)
{
	policy_trail *t = (policy_trail *)&t;
	policy_status st = policy_trail_load(jsonl, len, NULL, &t, err);
	if (st != POLICY_OK)
		assert_null(t);
	else
		policy_trail_free(t);
	return st;
}

/* One byte changed, anywhere in any entry, to three different values
 * (including a line break): POLICY_ERR_CHAIN, every time. */
static void test_every_altered_byte_breaks_the_chain(void **state)
{
	fixture *f = *state;
	assert_int_equal(load_trail(f->trail, f->trail_len, NULL), POLICY_OK);
	char *copy = malloc(f->trail_len + 1);
	size_t tried = 0;
	for (size_t i = 0; i < f->trail_len; i++) {
		if (f->trail[i] == '\n')
			continue;
		const char was = f->trail[i];
		const char to[] = { (char)(was ^ 0x01), (char)(was ^ 0x20), '\n' };
		for (size_t k = 0; k < sizeof to; k++) {
			if (to[k] == was || to[k] == '\0')
				continue;
			memcpy(copy, f->trail, f->trail_len + 1);
			copy[i] = to[k];
			policy_error *err = NULL;
			policy_status st = load_trail(copy, f->trail_len, &err);
			if (st != POLICY_ERR_CHAIN)
				fail_msg("byte %zu ('%c' -> 0x%02x): %s: %s", i, was, (unsigned char)to[k],
				         policy_status_name(st), policy_error_message(err));
			assert_int_equal(policy_error_code(err), POLICY_ERR_CHAIN);
			assert_true(policy_error_line(err) >= 1);
			policy_error_free(err);
			tried++;
		}
	}
	print_message("%zu altered trails, each POLICY_ERR_CHAIN\n", tried);
	free(copy);
}

typedef struct lines {
	char *buf;
	char *line[64];
	size_t n;
} lines;

static void split_lines(const fixture *f, lines *l)
{
	l->buf = strdup(f->trail);
	l->n = 0;
	for (char *p = strtok(l->buf, "\n"); p && l->n < 64; p = strtok(NULL, "\n"))
		l->line[l->n++] = p;
	assert_true(l->n >= 6);
}

/* Join lines[order[0]], lines[order[1]], ... (n of them). */
static char *join(const lines *l, const size_t *order, size_t n, size_t *len)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += strlen(l->line[order[i]]) + 1;
	char *s = malloc(total + 1);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++)
		strcat(strcat(s, l->line[order[i]]), "\n");
	*len = total;
	return s;
}

static void expect_chain(const lines *l, const size_t *order, size_t n, unsigned line,
                         const char *msg)
{
	size_t len;
	char *s = join(l, order, n, &len);
	policy_error *err = NULL;
	assert_int_equal(load_trail(s, len, &err), POLICY_ERR_CHAIN);
	assert_int_equal(policy_error_line(err), line);
	if (!strstr(policy_error_message(err), msg))
		fail_msg("\"%s\" does not say \"%s\"", policy_error_message(err), msg);
	policy_error_free(err);
	free(s);
}

static void test_removed_inserted_reordered_entries(void **state)
{
	fixture *f = *state;
	lines l;
	split_lines(f, &l);
	size_t order[70] = { 0 };
	size_t n = l.n;

	/* The first entry removed: the second does not follow the plan. */
	for (size_t i = 1; i < n; i++)
		order[i - 1] = i;
	expect_chain(&l, order, n - 1, 1, "the chain is broken");
	/* A middle entry removed. */
	for (size_t i = 0, k = 0; i < n; i++)
		if (i != 3)
			order[k++] = i;
	expect_chain(&l, order, n - 1, 4, "does not follow entry 3");
	/* An entry inserted twice. */
	for (size_t i = 0; i <= n; i++)
		order[i] = i <= 2 ? i : i - 1;
	expect_chain(&l, order, n + 1, 4, "does not follow entry 3");
	/* One appended at the end (a copy of the first). */
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	order[n] = 0;
	expect_chain(&l, order, n + 1, (unsigned)n + 1, "the chain is broken");
	/* Two swapped. */
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	order[2] = 3;
	order[3] = 2;
	expect_chain(&l, order, n, 3, "the chain is broken");

	/* The last entry removed leaves a chain that is whole: loading cannot
	 * tell, but verifying against the plan can (one entry per step). */
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	size_t len;
	char *s = join(&l, order, n - 1, &len);
	policy_trail *t = NULL;
	assert_int_equal(policy_trail_load(s, len, NULL, &t, NULL), POLICY_OK);
	assert_int_equal(policy_trail_verify(t, NULL, NULL), POLICY_OK);
	policy_error *err = NULL;
	assert_int_equal(policy_trail_verify(t, f->plan, &err), POLICY_ERR_CHAIN);
	assert_non_null(strstr(policy_error_message(err), "entries were removed or added"));
	policy_error_free(err);
	policy_trail_free(t);
	free(s);
	/* The whole trail verifies against its plan. */
	assert_int_equal(policy_trail_load(f->trail, f->trail_len, NULL, &t, NULL), POLICY_OK);
	assert_int_equal(policy_trail_verify(t, f->plan, NULL), POLICY_OK);
	policy_trail_free(t);
	free(l.buf);
}

/* A trail given with another plan: POLICY_ERR_MISMATCH, naming both. */
static void test_trail_from_another_plan(void **state)
{
	fixture *f = *state;
	char *text = replace(claims_policy, "$50,000", "$60,000");
	policy_plan *other = compile_ok(text);
	free(text);
	size_t len;
	char *other_trail = run_trail(other, &len);

	policy_trail *t = NULL;
	assert_int_equal(policy_trail_load(f->trail, f->trail_len, NULL, &t, NULL), POLICY_OK);
	policy_error *err = NULL;
	assert_int_equal(policy_trail_verify(t, other, &err), POLICY_ERR_MISMATCH);
	assert_int_equal(policy_error_code(err), POLICY_ERR_MISMATCH);
	assert_non_null(strstr(policy_error_message(err), policy_plan_body_hash(f->plan)));
	assert_non_null(strstr(policy_error_message(err), policy_plan_body_hash(other)));
	assert_int_equal(policy_error_line(err), 1);
	policy_error_free(err);
	policy_trail_free(t);

	/* And the other way round; the execution's own trail as well. */
	assert_int_equal(policy_trail_load(other_trail, len, NULL, &t, NULL), POLICY_OK);
	assert_int_equal(policy_trail_verify(t, f->plan, NULL), POLICY_ERR_MISMATCH);
	assert_int_equal(policy_trail_verify(t, other, NULL), POLICY_OK);
	policy_trail_free(t);

	/* A trail spliced from the two: the chain breaks where they meet. */
	const char *nl = strchr(strchr(f->trail, '\n') + 1, '\n');
	size_t head = (size_t)(nl - f->trail) + 1;
	const char *tail = strchr(strchr(other_trail, '\n') + 1, '\n') + 1;
	char *spliced = malloc(head + strlen(tail) + 1);
	memcpy(spliced, f->trail, head);
	strcpy(spliced + head, tail);
	assert_int_equal(load_trail(spliced, strlen(spliced), &err), POLICY_ERR_CHAIN);
	assert_int_equal(policy_error_line(err), 3);
	policy_error_free(err);
	free(spliced);
	free(other_trail);
	policy_plan_free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_changes_break_the_hash),
		cmocka_unit_test(test_plan_reformatting_is_harmless),
		cmocka_unit_test(test_every_altered_byte_breaks_the_chain),
		cmocka_unit_test(test_removed_inserted_reordered_entries),
		cmocka_unit_test(test_trail_from_another_plan),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
