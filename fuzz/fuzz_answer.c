/*
 * fuzz_answer: hosts' answers -> the sans-I/O loop (policy_exec_next,
 * policy_exec_complete, policy_exec_fail, policy_exec_complete_builtin).
 *
 * Answers are untrusted: a bad one fails its step, never the call or the
 * process. The first byte picks a policy; the rest is split at 0x1E bytes
 * into one record per task, in the order tasks are answered. A record's
 * first byte says how: complete with the rest as the JSON answer (most
 * values), fail with it as the message, answer with the built-in extractor,
 * or hold the task back and answer it after the next one (so answers
 * arrive out of order). The host also misuses the API on purpose:
 * answering a task twice must be POLICY_ERR_STATE.
 */
#include "fuzz_common.h"

typedef struct records {
	const char *p;
	size_t left;
	bool done;
} records;

static bool next_record(records *r, const char **rec, size_t *len)
{
	if (r->done)
		return false;
	const char *sep = memchr(r->p, 0x1E, r->left);
	*rec = r->p;
	*len = sep ? (size_t)(sep - r->p) : r->left;
	if (sep) {
		r->p = sep + 1;
		r->left -= *len + 1;
	} else {
		r->done = true;
	}
	return true;
}

static void answer(policy_exec *x, const policy_task *t, records *r, bool *twice)
{
	const char *rec;
	size_t len;
	policy_status st;
	if (!next_record(r, &rec, &len) || len == 0) {
		st = policy_exec_complete_builtin(x, t);
	} else {
		unsigned char how = (unsigned char)rec[0];
		if (how == 'F') {
			char msg[64];
			size_t n = len - 1 < sizeof msg - 1 ? len - 1 : sizeof msg - 1;
			memcpy(msg, rec + 1, n);
			msg[n] = '\0';
			st = policy_exec_fail(x, t, msg);
		} else if (how == 'B') {
			st = policy_exec_complete_builtin(x, t);
		} else {
			st = policy_exec_complete(x, t, rec + 1, len - 1);
		}
	}
	FUZZ_CHECK(st == POLICY_OK);
	if (!*twice) {
		*twice = true;
		FUZZ_CHECK(policy_exec_complete(x, t, "{}", 2) == POLICY_ERR_STATE);
		FUZZ_CHECK(policy_exec_fail(x, t, "again") == POLICY_ERR_STATE);
	}
}

int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const fuzz_policy *fp = &fuzz_policies[data[0] % FUZZ_POLICY_COUNT];
	const policy_plan *plan = fuzz_plan(data[0]);
	policy_case *c = NULL;
	FUZZ_CHECK(policy_case_new(&fuzz_allocator, &c) == POLICY_OK);
	for (unsigned f = 0; fp->facts[f]; f += 2)
		FUZZ_CHECK(policy_case_add_fact(c, fp->facts[f], fp->facts[f + 1],
		                                strlen(fp->facts[f + 1])) == POLICY_OK);
	int64_t clock = 0;
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	o.allocator = &fuzz_allocator;
	o.max_reply_bytes = 1 << 14;
	o.now = fuzz_clock;
	o.now_user_data = &clock;
	policy_exec *x = NULL;
	FUZZ_CHECK(policy_exec_new(plan, c, &o, &x, NULL) == POLICY_OK);
	policy_case_free(c);
	records r = { (const char *)data + 1, size - 1, false };
	const policy_task *held = NULL;
	bool twice = false;
	for (unsigned rounds = 0;; rounds++) {
		/* Each task at most twice (held, then answered); a step may be
		 * tasked again (model retries, fallbacks), but not without end. */
		FUZZ_CHECK(rounds <= 8 * policy_plan_step_count(plan) + 8);
		const policy_task *t = NULL;
		FUZZ_CHECK(policy_exec_next(x, &t) == POLICY_OK);
		if (!t) {
			if (!held)
				break;
			answer(x, held, &r, &twice);
			held = NULL;
			continue;
		}
		FUZZ_CHECK(policy_task_request_json(t) != NULL);
		(void)policy_task_document(t);
		(void)policy_task_field(t);
		if (!held && r.left && !r.done && r.p[0] == 'H') {
			/* Hold this one; its record stays for later. */
			held = t;
			r.p++;
			r.left--;
			continue;
		}
		answer(x, t, &r, &twice);
		if (held) {
			answer(x, held, &r, &twice);
			held = NULL;
		}
	}
	FUZZ_CHECK(policy_exec_outcome(x) != POLICY_OUTCOME_PENDING);
	fuzz_check_outputs(x, plan);
	policy_exec_free(x);
	FUZZ_CHECK(fuzz_live_allocations() == 0);
	return 0;
}
