/*
 * What every part of a run shares, below the task loop (exec.c) and the
 * model steps (exec_llm.c): strings in the run's arena, the frame of every
 * task request, and guardrail notes on a step's slot.
 *
 * Each helper records running out of memory in x->nomem rather than
 * returning an error, so callers check once at the end of a step.
 */
#include <string.h>

#include "base/json.h"
#include "run/exec.h"

int64_t exec_now(policy_exec *x)
{
	return x->opts.now ? x->opts.now(x->opts.now_user_data) : 0;
}

/* Whether memory ran out. Code that reads "no value" from a helper (a
 * value that did not parse, a copy that came back NULL) cannot always tell
 * it from OOM; the arena remembers every failed allocation, so an
 * execution that lost any is reported as POLICY_ERR_NOMEM, never decided
 * from a partial picture. (What is made when first read, in x->lazy, fails
 * where it is read instead.) */
bool exec_nomem(policy_exec *x)
{
	if (x->a.failed || x->fixed.failed)
		x->nomem = true;
	return x->nomem;
}

buf *exec_buf(policy_exec *x, int which)
{
	buf *b = &x->work[which];
	if (b->failed) {
		buf_release(b);
		buf_init(b, &x->m);
	}
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
	return b;
}

buf *lazy_buf(policy_exec *x, buf *own)
{
	unsigned n = sizeof x->lazy_bufs / sizeof x->lazy_bufs[0];
	if (x->lazy_bufs_taken >= n) {
		buf_init(own, &x->m);
		return own;
	}
	buf *b = &x->lazy_bufs[x->lazy_bufs_taken++];
	if (b->failed) {
		buf_release(b);
		buf_init(b, &x->m);
	}
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
	return b;
}

void lazy_buf_done(policy_exec *x, buf *b)
{
	unsigned n = sizeof x->lazy_bufs / sizeof x->lazy_bufs[0];
	if (b >= x->lazy_bufs && b < x->lazy_bufs + n)
		x->lazy_bufs_taken--;
	else
		buf_release(b);
}

char *exec_strdup(policy_exec *x, const char *s)
{
	if (!s)
		return NULL;
	char *d = arena_strdup(&x->a, s);
	if (!d)
		x->nomem = true;
	return d;
}

char *exec_take_buf(policy_exec *x, buf *b, arena *a)
{
	char *s = buf_to_arena(b, a);
	buf_release(b);
	if (!s)
		x->nomem = true;
	return s;
}

bool slot_guardrail(policy_exec *x, slot *sl, const char *name, const char *attempted,
                    const char *alternative)
{
	trail_guardrail *g = arena_grow(&x->a, sl->guardrails, sl->nguardrails,
	                                sl->nguardrails + 1, sizeof *g);
	if (!g) {
		x->nomem = true;
		return false;
	}
	g[sl->nguardrails].name = exec_strdup(x, name);
	g[sl->nguardrails].attempted = exec_strdup(x, attempted);
	g[sl->nguardrails].alternative = exec_strdup(x, alternative);
	sl->guardrails = g;
	sl->nguardrails++;
	return !x->nomem;
}

void request_start(policy_exec *x, json_writer *w, buf *b, const plan_step *s, const char *kind)
{
	buf_init(b, &x->m);
	jw_init(w, b, false);
	jw_begin_object(w);
	jw_key(w, "step");
	jw_string(w, s->id);
	jw_key(w, "kind");
	jw_string(w, kind);
}

const char *request_finish(policy_exec *x, json_writer *w, buf *b, arena *a)
{
	jw_key(w, "policy");
	jw_string(w, x->plan->name);
	jw_key(w, "version");
	jw_string(w, x->plan->version);
	jw_member_string(w, "case", x->kase.id);
	jw_end_object(w);
	if (a == &x->a)
		return exec_take_buf(x, b, a);
	char *s = buf_to_arena(b, a); /* made when first read: NULL says it failed */
	buf_release(b);
	return s;
}
