/*
 * fuzz_trail: JSON Lines -> policy_trail_load, verify, explain, iterate.
 *
 * A trail is untrusted input: whatever the bytes, loading returns a status
 * with a matching error and leaks nothing. Almost every mutation breaks the
 * hash chain, which is the point of the chain but would keep the fuzzer
 * out of the reader and the explainer behind it; so when the first byte is
 * odd the target re-signs the lines first (rewrites each "prev" and "hash"
 * the way the library computes them) and fuzzes the entries' contents. A
 * trail that loads must verify, export to the same lines, explain itself,
 * iterate, and verify against a plan as either a match or
 * POLICY_ERR_MISMATCH.
 */
#include <xxhash.h>

#include "fuzz_common.h"

static void hex128(const void *data, size_t len, char out[32])
{
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, XXH3_128bits(data, len));
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++) {
		out[2 * i] = hex[c.digest[i] >> 4];
		out[2 * i + 1] = hex[c.digest[i] & 15];
	}
}

/* Lines ending in ,"prev":"<32>","hash":"<32>"} get their chain rewritten:
 * prev is the previous line's hash (the first line's, its "plan"), hash is
 * XXH3-128 of the line without its ,"hash" member. */
static void resign(char *text, size_t len)
{
	static const char prev_key[] = ",\"prev\":\"", hash_key[] = "\",\"hash\":\"";
	const size_t tail = (sizeof prev_key - 1) + 32 + (sizeof hash_key - 1) + 32 + 2;
	char last[32];
	bool have_last = false;
	char *scratch = malloc(len + 2);
	FUZZ_CHECK(scratch != NULL);
	for (size_t pos = 0; pos < len;) {
		char *line = text + pos;
		char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + 1;
		if (n < tail || line[n - 1] != '}' || line[n - 2] != '"')
			continue;
		char *p = line + n - tail;
		char *h = p + (sizeof prev_key - 1) + 32;
		if (memcmp(p, prev_key, sizeof prev_key - 1) ||
		    memcmp(h, hash_key, sizeof hash_key - 1))
			continue;
		char *prev = p + sizeof prev_key - 1;
		if (have_last) {
			memcpy(prev, last, 32);
		} else {
			const char *plan = NULL;
			for (char *q = line; q + 8 + 32 <= p && !plan; q++)
				if (!memcmp(q, "\"plan\":\"", 8))
					plan = q + 8;
			if (plan)
				memmove(prev, plan, 32);
		}
		size_t body = (size_t)(h + 1 - line); /* up to the closing quote of prev */
		memcpy(scratch, line, body);
		scratch[body] = '}';
		char *hash = h + sizeof hash_key - 1;
		hex128(scratch, body + 1, hash);
		memcpy(last, hash, 32);
		have_last = true;
	}
	free(scratch);
}

static void iterate(const policy_trail *t)
{
	policy_trail_iter *it = NULL;
	policy_status st = policy_trail_iter_new(t, &it);
	FUZZ_CHECK(st == POLICY_OK || st == POLICY_ERR_NOMEM);
	if (!it)
		return;
	size_t n = 0;
	while (policy_trail_iter_next(it)) {
		n++;
		FUZZ_CHECK(policy_trail_iter_seq(it) == n);
		FUZZ_CHECK(policy_trail_iter_step_id(it) != NULL);
		FUZZ_CHECK(policy_trail_iter_json(it) != NULL);
		FUZZ_CHECK(strlen(policy_trail_iter_hash(it)) == 32);
		FUZZ_CHECK(strlen(policy_trail_iter_prev_hash(it)) == 32);
		FUZZ_CHECK(policy_trail_iter_output_json(it) != NULL);
		(void)policy_trail_iter_kind(it);
		(void)policy_trail_iter_policy_name(it);
		(void)policy_trail_iter_policy_version(it);
		(void)policy_trail_iter_plan_hash(it);
		(void)policy_trail_iter_sentence(it);
		(void)policy_trail_iter_line(it);
		(void)policy_trail_iter_reason(it);
		(void)policy_trail_iter_started_at(it);
		(void)policy_trail_iter_ended_at(it);
		(void)policy_trail_iter_tokens(it);
		for (size_t i = 0; i < policy_trail_iter_input_count(it); i++) {
			(void)policy_trail_iter_input_name(it, i);
			(void)policy_trail_iter_input_value(it, i);
			FUZZ_CHECK(policy_trail_iter_input_evidence_json(it, i) != NULL);
		}
		for (size_t i = 0; i < policy_trail_iter_guardrail_count(it); i++) {
			(void)policy_trail_iter_guardrail_name(it, i);
			(void)policy_trail_iter_guardrail_attempted(it, i);
			(void)policy_trail_iter_guardrail_alternative(it, i);
		}
	}
	FUZZ_CHECK(n == policy_trail_entry_count(t));
	FUZZ_CHECK(policy_trail_iter_next(it) == 0);
	policy_trail_iter_free(it);
}

int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t len = size - 1;
	char *text = malloc(len ? len : 1);
	FUZZ_CHECK(text != NULL);
	memcpy(text, data + 1, len);
	if (data[0] & 1)
		resign(text, len);
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	o.allocator = &fuzz_allocator;
	o.max_json_depth = 16;
	policy_trail *t = NULL;
	policy_error *err = NULL;
	policy_status st = policy_trail_load(text, len, &o, &t, &err);
	FUZZ_CHECK((st == POLICY_OK) == (t != NULL));
	FUZZ_CHECK(st == POLICY_OK || st == POLICY_ERR_TRAIL || st == POLICY_ERR_CHAIN ||
	           st == POLICY_ERR_LIMIT);
	fuzz_check_error(st, err, text, len);
	if (t) {
		FUZZ_CHECK(policy_trail_verify(t, NULL, NULL) == POLICY_OK);
		err = NULL;
		st = policy_trail_verify(t, fuzz_plan(data[0] >> 1), &err);
		FUZZ_CHECK(st == POLICY_OK || st == POLICY_ERR_MISMATCH);
		fuzz_check_error(st, err, NULL, 0);
		char *out = NULL;
		size_t olen = 0;
		FUZZ_CHECK(policy_trail_to_jsonl(t, &out, &olen) == POLICY_OK);
		policy_trail *again = NULL;
		FUZZ_CHECK(policy_trail_load(out, olen, &o, &again, NULL) == POLICY_OK);
		char *out2 = NULL;
		size_t olen2 = 0;
		FUZZ_CHECK(policy_trail_to_jsonl(again, &out2, &olen2) == POLICY_OK);
		FUZZ_CHECK(olen == olen2 && memcmp(out, out2, olen) == 0);
		policy_free(out);
		policy_free(out2);
		policy_trail_free(again);
		char *why = NULL;
		size_t wlen = 0;
		FUZZ_CHECK(policy_trail_explain(t, &why, &wlen) == POLICY_OK);
		fuzz_check_text(why, wlen);
		policy_free(why);
		iterate(t);
		policy_trail_free(t);
	}
	free(text);
	FUZZ_CHECK(fuzz_live_allocations() == 0);
	return 0;
}
