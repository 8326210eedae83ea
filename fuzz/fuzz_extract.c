/*
 * fuzz_extract: documents -> the built-in extractor, through the public
 * API as a host uses it.
 *
 * The first byte picks a policy (fuzz_common.h) and whether worker threads
 * run the extractions; the rest is split at 0x1E bytes into documents,
 * given the policy's document types in turn. policy_execute runs the
 * built-in extractor over them; the same case is then driven through the
 * sans-I/O loop with policy_exec_complete_builtin, which must give the
 * same decision and the same trail bytes (the clock reads 0 in both).
 */
#include "fuzz_common.h"

static char *decision(const policy_exec *x, size_t *len)
{
	char *json = NULL;
	FUZZ_CHECK(policy_exec_decision_json(x, &json, len) == POLICY_OK);
	return json;
}

static char *trail_bytes(const policy_exec *x, size_t *len)
{
	char *jsonl = NULL;
	FUZZ_CHECK(policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, len) == POLICY_OK);
	return jsonl;
}

int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const fuzz_policy *fp = &fuzz_policies[data[0] % FUZZ_POLICY_COUNT];
	const policy_plan *plan = fuzz_plan(data[0]);
	policy_case *c = NULL;
	FUZZ_CHECK(policy_case_new(&fuzz_allocator, &c) == POLICY_OK);
	FUZZ_CHECK(policy_case_set_id(c, "FUZZ-1") == POLICY_OK);
	const char *text = (const char *)data + 1;
	size_t left = size - 1;
	unsigned types = 0;
	while (types < 4 && fp->doc_types[types])
		types++;
	for (unsigned d = 0; d < 16; d++) {
		const char *sep = memchr(text, 0x1E, left);
		size_t n = sep ? (size_t)(sep - text) : left;
		FUZZ_CHECK(policy_case_add_document(c, fp->doc_types[d % types], text, n) ==
		           POLICY_OK);
		if (!sep)
			break;
		text += n + 1;
		left -= n + 1;
	}
	for (unsigned f = 0; fp->facts[f]; f += 2)
		FUZZ_CHECK(policy_case_add_fact(c, fp->facts[f], fp->facts[f + 1],
		                                strlen(fp->facts[f + 1])) == POLICY_OK);

	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.allocator = &fuzz_allocator;
	o.threads = data[0] & 0x80 ? 3 : 1;
	o.max_document_bytes = 1 << 16;
	/* PDFs and images go through poppler and OCR: small limits keep each
	 * input fast, and their errors are part of what is fuzzed. */
	o.max_document_pages = 4;
	o.max_page_pixels = 1 << 20;
	o.max_ocr_ms = 2000;
	policy_exec *x = NULL;
	policy_error *err = NULL;
	policy_status st = policy_execute(plan, NULL, c, &o, &x, &err);
	FUZZ_CHECK((st == POLICY_OK) == (x != NULL));
	FUZZ_CHECK(st == POLICY_OK || st == POLICY_ERR_LIMIT);
	fuzz_check_error(st, err, NULL, 0);
	if (x) {
		FUZZ_CHECK(policy_exec_outcome(x) != POLICY_OUTCOME_PENDING);
		fuzz_check_outputs(x, plan);

		policy_exec *y = NULL;
		st = policy_exec_new(plan, c, &o, &y, NULL);
		FUZZ_CHECK(st == POLICY_OK);
		const policy_task *t;
		while ((st = policy_exec_next(y, &t)) == POLICY_OK && t)
			FUZZ_CHECK(policy_exec_complete_builtin(y, t) == POLICY_OK);
		FUZZ_CHECK(st == POLICY_OK);
		size_t l1, l2, t1, t2;
		char *d1 = decision(x, &l1), *d2 = decision(y, &l2);
		char *j1 = trail_bytes(x, &t1), *j2 = trail_bytes(y, &t2);
		FUZZ_CHECK(l1 == l2 && memcmp(d1, d2, l1) == 0);
		FUZZ_CHECK(t1 == t2 && memcmp(j1, j2, t1) == 0);
		policy_free(d1);
		policy_free(d2);
		policy_free(j1);
		policy_free(j2);
		policy_exec_free(y);
		policy_exec_free(x);
	}
	policy_case_free(c);
	FUZZ_CHECK(fuzz_live_allocations() == 0);
	return 0;
}
