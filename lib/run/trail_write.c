/*
 * An execution's trail, written from its slots when it is first read.
 *
 * While an execution decides, what its trail will say is in the slots:
 * each step's value, evidence, error, times and tokens, and which reason
 * explains it. Nothing is formatted then. The first time the host reads
 * the trail (iterates it, exports it, explains or verifies it, or
 * policy_execute stores it), exec_write_trail writes every entry in plan
 * order: the values as JSON and as people read them, the English reasons
 * (step_reason), and the hash chain (trail_append). The plan, the case and
 * the slots do not change once the execution is finished, so the entries
 * are the bytes they would have been had they been written at the end of
 * the decision, which is when they used to be written.
 *
 * Writing takes the execution's lazy_lock, so two threads reading one
 * finished execution's trail write it once.
 */
#include <string.h>

#include "base/json.h"
#include "run/eval.h"
#include "run/exec.h"
#include "run/trail_write.h"
#include "run/trail.h"

static const char *value_json_of(policy_exec *x, const slot *sl)
{
	buf own, *b = lazy_buf(x, &own);
	if (sl->is_list) {
		buf_putc(b, '[');
		for (uint32_t k = 0; k < sl->nitems; k++) {
			if (k)
				buf_putc(b, ',');
			value_to_json(b, &sl->items[k]);
		}
		buf_putc(b, ']');
	} else {
		value_to_json(b, &sl->v);
	}
	char *s = buf_to_arena(b, &x->trail.a);
	lazy_buf_done(x, b);
	return s;
}

static const char *display_of(policy_exec *x, const slot *sl)
{
	char tmp[VALUE_DISPLAY_MAX];
	if (sl->is_list) {
		buf own, *b = lazy_buf(x, &own);
		for (uint32_t k = 0; k < sl->nitems; k++) {
			if (k)
				buf_puts(b, ", ");
			buf_puts(b, value_display(&sl->items[k], tmp, sizeof tmp));
		}
		if (!sl->nitems)
			buf_puts(b, "(none)");
		char *s = buf_to_arena(b, &x->trail.a);
		lazy_buf_done(x, b);
		return s;
	}
	return arena_strdup(&x->trail.a, value_display(&sl->v, tmp, sizeof tmp));
}

/* A JSON string (or null) into an arena, through a lazy buffer. */
static const char *json_str(policy_exec *x, arena *a, const char *s)
{
	buf own, *b = lazy_buf(x, &own);
	if (s)
		json_escape(b, s, strlen(s));
	else
		buf_puts(b, "null");
	char *out = buf_to_arena(b, a);
	lazy_buf_done(x, b);
	return out;
}

/* Each step's value as JSON and as people read it (and that as a JSON
 * string), made once: a value is in its own entry and in the entry of
 * every step that reads it. */
typedef struct shown {
	const char *json, *display, *display_str;
} shown;

static const shown *shown_of(policy_exec *x, shown *all, uint32_t i)
{
	shown *s = &all[i];
	if (!s->json) {
		s->json = value_json_of(x, &x->slots[i]);
		s->display = display_of(x, &x->slots[i]);
		s->display_str = s->display ? json_str(x, &x->trail.a, s->display) : NULL;
	}
	return s;
}

/* The parts of each step's trail line that only the plan decides, written
 * as trail_append writes them, once per plan: kept with the plan (its
 * run_cache[PLAN_CACHE_TRAIL]), so every execution of it, reused or new,
 * on any thread, quotes them. */
typedef struct trail_parts {
	plan_cache base;
	arena a;
	const char **plan_json, **line_json;
	const char ***input_head;
} trail_parts;

static void parts_free(plan_cache *c)
{
	trail_parts *tp = (trail_parts *)c;
	mem m = tp->a.m;
	arena_release(&tp->a);
	mem_free(&m, tp);
}

static void put_member(buf *b, const char *key, const char *value)
{
	buf_puts(b, key);
	if (value)
		json_escape(b, value, strlen(value));
	else
		buf_puts(b, "null");
}

static bool make_parts(policy_exec *x, trail_parts *tp)
{
	const policy_plan *p = x->plan;
	uint32_t n = p->nsteps ? p->nsteps : 1;
	tp->plan_json = arena_zalloc(&tp->a, n * sizeof *tp->plan_json);
	tp->line_json = arena_zalloc(&tp->a, n * sizeof *tp->line_json);
	tp->input_head = arena_zalloc(&tp->a, n * sizeof *tp->input_head);
	if (!tp->plan_json || !tp->line_json || !tp->input_head)
		return false;
	buf own, *b = lazy_buf(x, &own);
	bool ok = true;
	for (uint32_t i = 0; i < p->nsteps && ok; i++) {
		const plan_step *s = &p->steps[i];
		b->len = 0;
		put_member(b, ",\"step\":", s->id);
		put_member(b, ",\"kind\":", policy_step_kind_name(s->kind));
		put_member(b, ",\"policy\":", p->name);
		put_member(b, ",\"version\":", p->version);
		put_member(b, ",\"plan\":", p->body_hash);
		buf_puts(b, ",\"case\":");
		tp->plan_json[i] = buf_to_arena(b, &tp->a);
		b->len = 0;
		buf_puts(b, ",\"line\":");
		buf_put_uint(b, s->sp.line);
		put_member(b, ",\"sentence\":", s->sentence);
		put_member(b, ",\"label\":", s->label);
		buf_puts(b, ",\"inputs\":[");
		tp->line_json[i] = buf_to_arena(b, &tp->a);
		tp->input_head[i] = arena_zalloc(&tp->a, (s->ninputs ? s->ninputs : 1) *
		                                         sizeof *tp->input_head[i]);
		ok = tp->plan_json[i] && tp->line_json[i] && tp->input_head[i];
		for (uint32_t k = 0; k < s->ninputs && ok; k++) {
			const plan_step *in = &p->steps[s->inputs[k]];
			b->len = 0;
			put_member(b, "{\"name\":", in->label ? in->label : in->id);
			put_member(b, ",\"step\":", in->id);
			buf_puts(b, ",\"value\":");
			ok = (tp->input_head[i][k] = buf_to_arena(b, &tp->a)) != NULL;
		}
	}
	lazy_buf_done(x, b);
	return ok;
}

static const trail_parts *parts_of(policy_exec *x)
{
	policy_plan *p = x->plan;
	plan_cache *c = __atomic_load_n(&p->run_cache[PLAN_CACHE_TRAIL], __ATOMIC_ACQUIRE);
	if (c)
		return (const trail_parts *)c;
	/* Made with the plan's allocator: it lives as long as the plan. */
	trail_parts *tp = mem_calloc(&p->m, 1, sizeof *tp);
	if (!tp)
		return NULL;
	tp->base.free = parts_free;
	arena_init(&tp->a, &p->m);
	plan_cache *none = NULL;
	if (!make_parts(x, tp) ||
	    !__atomic_compare_exchange_n(&p->run_cache[PLAN_CACHE_TRAIL], &none, &tp->base, false,
	                                 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		parts_free(&tp->base); /* out of memory, or another thread made them first */
		return none ? (const trail_parts *)none : NULL;
	}
	return tp;
}

/* Every entry, in plan order; false when memory ran out. */
static bool write_entries(policy_exec *x)
{
	const policy_plan *p = x->plan;
	shown *all = arena_zalloc(&x->trail.a, (p->nsteps ? p->nsteps : 1) * sizeof *all);
	const trail_parts *parts = parts_of(x);
	const char *case_str = json_str(x, &x->trail.a, x->kase.id);
	if (!all || !parts || !case_str)
		return false;
	for (uint32_t i = 0; i < p->nsteps; i++) {
		const plan_step *s = &p->steps[i];
		const slot *sl = &x->slots[i];
		const char *reason;
		if (!step_reason(x, i, &reason))
			return false;
		trail_entry e;
		memset(&e, 0, sizeof e);
		e.seq = i + 1;
		e.step = s->id;
		e.kind = s->kind;
		e.policy_name = p->name;
		e.policy_version = p->version;
		e.plan_hash = p->body_hash;
		e.case_id = x->kase.id;
		e.sentence = s->sentence;
		e.line = s->sp.line;
		e.label = s->label;
		const shown *own = shown_of(x, all, i);
		e.output = own->json;
		e.display = own->display;
		e.display_str = own->display_str;
		e.plan_json = parts->plan_json[i];
		e.case_str = case_str;
		e.line_json = parts->line_json[i];
		e.reason = reason ? reason : sl->why_missing;
		e.error = sl->error;
		e.started = sl->started;
		e.ended = sl->ended;
		e.tokens = sl->tokens;
		e.guardrails = sl->guardrails;
		e.nguardrails = sl->nguardrails;
		e.ninputs = s->ninputs;
		e.inputs = arena_zalloc(&x->trail.a, (s->ninputs ? s->ninputs : 1) * sizeof *e.inputs);
		if (!e.inputs || !e.output || !e.display || !e.display_str)
			return false;
		for (uint32_t k = 0; k < s->ninputs; k++) {
			const plan_step *in = &p->steps[s->inputs[k]];
			const slot *is = &x->slots[s->inputs[k]];
			e.inputs[k].name = in->label ? in->label : in->id;
			e.inputs[k].step = in->id;
			const shown *v = shown_of(x, all, s->inputs[k]);
			e.inputs[k].value = v->display;
			e.inputs[k].value_json = v->json;
			e.inputs[k].evidence = is->evidence;
			e.inputs[k].head_json = parts->input_head[i][k];
			e.inputs[k].value_str = v->display_str;
			if (!e.inputs[k].value || !e.inputs[k].value_json || !e.inputs[k].value_str)
				return false;
		}
		if (!trail_append(&x->trail, &e))
			return false;
	}
	return true;
}

bool exec_write_trail(policy_trail *t)
{
	policy_exec *x = t->owner;
	bool ok = true;
	pthread_mutex_lock(&x->lazy_lock);
	if (__atomic_load_n(&t->unwritten, __ATOMIC_ACQUIRE)) {
		t->e = NULL;
		t->n = t->cap = 0;
		ok = write_entries(x);
		if (ok)
			__atomic_store_n(&t->unwritten, 0, __ATOMIC_RELEASE);
		else
			t->n = 0; /* try again when next read */
	}
	pthread_mutex_unlock(&x->lazy_lock);
	return ok;
}
