/*
 * The executor: a plan, a case, and the host's answers -> a decision and a
 * why-trail.
 *
 * The core is sans-I/O. policy_exec_next() runs every internal step that
 * is ready (compute, check, require, action) and hands out the next step
 * that needs the world (extract, lookup, llm) as a task; the host answers
 * it (answer.c: JSON or a typed value). The host decides how tasks run: in
 * order, on a thread pool, from an event loop. policy_execute() is such a
 * host, over the policy_host callbacks.
 *
 * Deciding is kept apart from writing for people: a step records its
 * value and which reason explains it; the reason's English, the task's
 * request and the trail are made when first read (exec.h). An execution
 * can start over on another case (policy_exec_reset) with its memory.
 *
 * Determinism: tasks are handed out in plan order and the trail is written
 * in plan order, never in completion order; the clock is read only when a
 * step starts or ends, by the thread driving the execution. So the same
 * plan, case and answers give the same decision and the same trail bytes,
 * whatever the number of threads.
 *
 * Answers are untrusted: each is checked against the step's type (JSON is
 * parsed with size and depth limits first). A bad answer fails its step
 * (and the decision, if the decision needs that value), never the process.
 */
#include <pthread.h>
#include <string.h>

#include "base/error.h"
#include "run/answer.h"
#include "run/eval.h"
#include "run/exec.h"
#include "run/exec_llm.h"
#include "run/extract.h"
#include "run/input.h"
#include "run/label_cache.h"
#include "run/trail_write.h"
#include "base/json.h"
#include "base/text.h"
#include "base/words.h"
#include "run/doc.h"

static bool copy_case(policy_exec *x, const policy_case *c, policy_error **err)
{
	memset(&x->kase, 0, sizeof x->kase);
	x->kase.m = x->m;
	if (!c)
		return true;
	size_t limit = x->opts.max_document_bytes ? x->opts.max_document_bytes : (size_t)4 << 20;
	x->kase.id = exec_strdup(x, c->id);
	x->kase.docs = arena_alloc(&x->a, (c->ndocs ? c->ndocs : 1) * sizeof *x->kase.docs);
	x->kase.facts = arena_alloc(&x->a, (c->nfacts ? c->nfacts : 1) * sizeof *x->kase.facts);
	if (!x->kase.docs || !x->kase.facts) {
		x->nomem = true;
		return false;
	}
	for (size_t i = 0; i < c->ndocs; i++) {
		const case_doc *d = &c->docs[i];
		if (d->len > limit) {
			error_set(err, &x->m, POLICY_ERR_LIMIT, 0, 0,
			          "the %s (document %u of its type) is %zu bytes, more than the limit of %zu",
			          d->type, d->index, d->len, limit);
			return false;
		}
		case_doc *o = &x->kase.docs[x->kase.ndocs++];
		*o = *d;
		o->type = exec_strdup(x, d->type);
		o->key = exec_strdup(x, d->key);
		o->text = arena_strndup(&x->a, d->text, d->len);
		if (!o->text)
			x->nomem = true;
	}
	for (size_t i = 0; i < c->nfacts; i++) {
		case_fact *o = &x->kase.facts[x->kase.nfacts++];
		*o = (case_fact){ 0 };
		o->name = exec_strdup(x, c->facts[i].name);
		o->value_json = arena_strndup(&x->a, c->facts[i].value_json, c->facts[i].len);
		o->len = c->facts[i].len;
		if (!o->value_json)
			x->nomem = true;
	}
	return !x->nomem;
}

/* The caller's options over the defaults. A struct from an older header
 * is smaller: only its struct_size bytes are read, and the fields it lacks
 * keep their defaults. */
static policy_exec_options exec_options(const policy_exec_options *opts)
{
	policy_exec_options o = POLICY_EXEC_OPTIONS_INIT;
	if (opts)
		memcpy(&o, opts, opts->struct_size < sizeof o ? opts->struct_size : sizeof o);
	o.struct_size = sizeof o;
	return o;
}

/* What the plan alone decides, made once per execution and kept by
 * policy_exec_reset: the slots and tasks, and which checks actions read. */
static bool make_fixed(policy_exec *x)
{
	const policy_plan *p = x->plan;
	uint32_t n = p->nsteps ? p->nsteps : 1;
	x->slots = arena_zalloc(&x->fixed, n * sizeof *x->slots);
	x->tasks = arena_zalloc(&x->fixed, n * sizeof *x->tasks);
	x->read_by_actions = arena_zalloc(&x->fixed, n * sizeof *x->read_by_actions);
	x->lookup_evidence = arena_zalloc(&x->fixed, n * sizeof *x->lookup_evidence);
	if (!x->slots || !x->tasks || !x->read_by_actions || !x->lookup_evidence)
		return false;
	/* Checks an action reads ("If all of the checks above pass, ..."):
	 * their part of the decision is what those actions do. */
	for (uint32_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].kind == POLICY_STEP_ACTION)
			for (uint32_t k = 0; k < p->steps[i].ninputs; k++)
				x->read_by_actions[p->steps[i].inputs[k]] = true;
	return true;
}

/* A fresh start on case `c`: nothing decided, nothing tasked, the trail
 * unwritten. False when the case is too big (*err says why) or memory
 * ran out (x->nomem). */
static bool start(policy_exec *x, const policy_case *c, policy_error **err)
{
	uint32_t n = x->plan->nsteps ? x->plan->nsteps : 1;
	memset(x->slots, 0, n * sizeof *x->slots);
	memset(x->tasks, 0, n * sizeof *x->tasks);
	x->scan = 0;
	x->outstanding = 0;
	x->serial = 0;
	x->finished = false;
	x->outcome = POLICY_OUTCOME_PENDING;
	x->failure = NULL;
	x->fired = NULL;
	x->nfired = 0;
	x->failed_checks = NULL;
	x->nfailed = 0;
	x->tokens = 0;
	x->nomem = false;
	x->item_active = false;
	x->item_step = x->item_index = 0;
	x->trigger_docs = -1;
	x->trail.e = NULL;
	x->trail.n = x->trail.cap = 0;
	x->trail.unwritten = 0;
	policy_error *case_err = NULL;
	if (!copy_case(x, c, &case_err) && case_err) {
		if (err)
			*err = case_err;
		else
			policy_error_free(case_err);
		return false;
	}
	return !exec_nomem(x);
}

policy_status policy_exec_new(const policy_plan *plan, const policy_case *c,
                              const policy_exec_options *opts, policy_exec **out,
                              policy_error **err)
{
	if (err)
		*err = NULL;
	if (!plan || !out)
		return POLICY_ERR_ARGUMENT;
	*out = NULL;
	policy_exec_options o = exec_options(opts);
	mem m = mem_from(o.allocator);
	policy_exec *x = mem_calloc(&m, 1, sizeof *x);
	if (!x)
		return error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
	x->m = m;
	x->opts = o;
	arena_init(&x->a, &x->m);
	arena_init(&x->fixed, &x->m);
	arena_init(&x->scratch, &x->m);
	arena_init(&x->lazy, &x->m);
	arena_init(&x->docs_a, &x->m);
	pthread_mutex_init(&x->docs_lock, NULL);
	pthread_mutex_init(&x->lazy_lock, NULL);
	x->plan = policy_plan_reference((policy_plan *)plan);
	x->trail.m = m;
	x->trail.write = exec_write_trail;
	x->trail.owner = x;
	arena_init(&x->trail.a, &x->m);
	buf_init(&x->trail.line, &x->trail.m);
	buf_init(&x->work[0], &x->m);
	buf_init(&x->work[1], &x->m);
	for (size_t k = 0; k < sizeof x->lazy_bufs / sizeof x->lazy_bufs[0]; k++)
		buf_init(&x->lazy_bufs[k], &x->m);
	policy_status st = POLICY_OK;
	if (!make_fixed(x))
		st = POLICY_ERR_NOMEM;
	else if (!start(x, c, err))
		st = x->nomem ? POLICY_ERR_NOMEM : POLICY_ERR_LIMIT;
	if (st != POLICY_OK) {
		policy_exec_free(x);
		return st == POLICY_ERR_NOMEM ? error_set(err, &m, st, 0, 0, "out of memory") : st;
	}
	*out = x;
	return POLICY_OK;
}

policy_status policy_exec_reset(policy_exec *x, const policy_case *c, policy_error **err)
{
	if (err)
		*err = NULL;
	if (!x)
		return POLICY_ERR_ARGUMENT;
	/* Whatever a host thread may still be making (a request it asked for)
	 * is done before its arena is emptied. */
	pthread_mutex_lock(&x->lazy_lock);
	arena *arenas[] = { &x->a, &x->scratch, &x->lazy, &x->trail.a, &x->docs_a };
	/* What x->fixed holds is whole: a table that could not be made there
	 * (lookup_evidence) is made when next needed. */
	x->fixed.failed = false;
	bool short_of_memory = false;
	for (size_t k = 0; k < sizeof arenas / sizeof arenas[0]; k++) {
		arena_reset(arenas[k]);
		short_of_memory |= arenas[k]->failed;
	}
	pthread_mutex_unlock(&x->lazy_lock);
	if (short_of_memory) {
		for (size_t k = 0; k < sizeof arenas / sizeof arenas[0]; k++)
			arenas[k]->failed = false; /* said here; the next reset tries again */
		copy_case(x, NULL, NULL);
		x->finished = true;
		x->outcome = POLICY_OUTCOME_PENDING;
		return error_set(err, &x->m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
	}
	if (start(x, c, err))
		return POLICY_OK;
	/* No case: the execution waits for a reset that succeeds. */
	copy_case(x, NULL, NULL);
	x->finished = true;
	x->outcome = POLICY_OUTCOME_PENDING;
	if (x->nomem)
		return error_set(err, &x->m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
	return POLICY_ERR_LIMIT;
}

void policy_exec_free(policy_exec *x)
{
	if (!x)
		return;
	policy_plan_free(x->plan);
	buf_release(&x->trail.line);
	buf_release(&x->work[0]);
	buf_release(&x->work[1]);
	for (size_t k = 0; k < sizeof x->lazy_bufs / sizeof x->lazy_bufs[0]; k++)
		buf_release(&x->lazy_bufs[k]);
	arena_release(&x->trail.a);
	arena_release(&x->docs_a);
	pthread_mutex_destroy(&x->docs_lock);
	pthread_mutex_destroy(&x->lazy_lock);
	arena_release(&x->lazy);
	arena_release(&x->scratch);
	arena_release(&x->fixed);
	arena_release(&x->a);
	mem m = x->m;
	mem_free(&m, x);
}

/* ---- internal steps ---- */

static value tv_value(tv t)
{
	return t == TV_UNKNOWN ? value_missing(POLICY_TYPE_BOOLEAN) : value_bool(t == TV_TRUE);
}

/* An internal step's value, and which reason explains it (made when
 * first read: step_reason). */
static void run_internal(policy_exec *x, uint32_t i)
{
	const plan_step *s = &x->plan->steps[i];
	slot *sl = &x->slots[i];
	sl->started = exec_now(x);
	switch (s->kind) {
	case POLICY_STEP_COMPUTE:
		if (s->value && s->value->op == E_SET) {
			sl->v = value_text(s->value->text ? s->value->text : "", 0);
			sl->v.u.text.len = strlen(sl->v.u.text.s);
			sl->v.type = POLICY_TYPE_ENUM;
		} else if (s->type == POLICY_TYPE_BOOLEAN) {
			sl->v = tv_value(eval_bool(x, s->value));
			sl->why = WHY_VALUE;
		} else {
			sl->v = eval_value(x, s->value);
			if (!sl->v.known)
				sl->why = WHY_UNCOMPUTED;
		}
		break;
	case POLICY_STEP_CHECK:
	case POLICY_STEP_GUARDRAIL: {
		tv g = eval_bool(x, s->guard);
		tv c = g == TV_FALSE ? TV_TRUE : eval_bool(x, s->value);
		tv out = g == TV_FALSE ? TV_TRUE : g == TV_TRUE ? c : (c == TV_TRUE ? TV_TRUE : TV_UNKNOWN);
		sl->v = tv_value(out);
		sl->why = g == TV_FALSE ? WHY_NOT_APPLIES :
		          g == TV_UNKNOWN && c != TV_TRUE ? WHY_UNSURE : WHY_VALUE;
		break;
	}
	case POLICY_STEP_REQUIRE: {
		tv g = eval_bool(x, s->guard);
		bool met = count_documents(x, s->doc, s->doc_key) >= s->min_count;
		tv out = g == TV_FALSE ? TV_TRUE : met ? TV_TRUE : g == TV_TRUE ? TV_FALSE : TV_UNKNOWN;
		sl->v = tv_value(out);
		sl->why = g == TV_FALSE ? WHY_NOT_APPLIES : WHY_REQUIRE;
		break;
	}
	case POLICY_STEP_ACTION:
		sl->v = tv_value(eval_bool(x, s->guard));
		sl->why = WHY_GUARD;
		break;
	default:
		break;
	}
	sl->ended = exec_now(x);
	sl->state = SLOT_DONE;
}

static bool inputs_done(const policy_exec *x, uint32_t i)
{
	const plan_step *s = &x->plan->steps[i];
	for (uint32_t k = 0; k < s->ninputs; k++)
		if (x->slots[s->inputs[k]].state != SLOT_DONE)
			return false;
	return true;
}

static bool is_task_kind(policy_step_kind k)
{
	return k == POLICY_STEP_EXTRACT || k == POLICY_STEP_LOOKUP || k == POLICY_STEP_LLM;
}

/* An extract or lookup step's request (model steps make theirs when they
 * are tasked: llm_request), in x->lazy; NULL when memory ran out. Call
 * with x->lazy_lock held. */
static const char *task_request(policy_exec *x, const policy_task *t)
{
	const plan_step *s = &x->plan->steps[t->step];
	buf b;
	json_writer w;
	bool failed = false;
	request_start(x, &w, &b, s, policy_step_kind_name(s->kind));
	if (s->kind == POLICY_STEP_EXTRACT) {
		jw_key(&w, "document");
		jw_string(&w, t->doc);
		jw_key(&w, "field");
		jw_string(&w, s->label);
		jw_key(&w, "each");
		jw_bool(&w, s->each);
	} else if (s->kind == POLICY_STEP_LOOKUP) {
		jw_key(&w, "fact");
		jw_string(&w, s->label);
		jw_key(&w, "system");
		jw_string(&w, s->system ? s->system : "");
		jw_key(&w, "keys");
		jw_begin_object(&w);
		for (uint32_t k = 0; k < s->nkeys; k++) {
			const expr *key = s->keys[k];
			jw_key(&w, key->op == E_REF ? x->plan->steps[key->step].label : "key");
			buf v;
			buf_init(&v, &x->m);
			value val = eval_value(x, key);
			value_to_json(&v, &val);
			if (buf_failed(&v))
				failed = true;
			else
				jw_raw(&w, v.data, v.len);
			buf_release(&v);
		}
		jw_end_object(&w);
	}
	jw_key(&w, "type");
	jw_string(&w, s->type ? policy_type_name(s->type) : "text");
	if (failed)
		b.failed = true;
	return request_finish(x, &w, &b, &x->lazy);
}

static const char *task_document(policy_exec *x, uint32_t i);

static void finish(policy_exec *x);

policy_status policy_exec_next(policy_exec *x, const policy_task **task)
{
	if (!x || !task)
		return POLICY_ERR_ARGUMENT;
	*task = NULL;
	if (x->finished)
		return POLICY_OK;
	uint32_t n = x->plan->nsteps;
	while (x->scan < n && x->slots[x->scan].state != SLOT_WAITING)
		x->scan++;
	for (uint32_t i = x->scan; i < n; i++) {
		if (x->slots[i].state != SLOT_WAITING || !inputs_done(x, i))
			continue;
		const plan_step *s = &x->plan->steps[i];
		if (!is_task_kind(s->kind)) {
			run_internal(x, i);
			if (exec_nomem(x))
				return POLICY_ERR_NOMEM;
			continue;
		}
		if (llm_task(x, i) && !llm_budget_allows(x, i)) {
			x->slots[i].started = x->slots[i].ended = exec_now(x);
			x->slots[i].state = SLOT_DONE;
			if (x->nomem)
				return POLICY_ERR_NOMEM;
			continue;
		}
		policy_task *t = &x->tasks[i];
		t->exec = x;
		t->step = i;
		t->serial = ++x->serial;
		t->live = true;
		t->doc = s->kind == POLICY_STEP_EXTRACT ? task_document(x, i) : NULL;
		/* A model's request is made now (the prompt, the budget); an
		 * extraction's or lookup's when the host asks for it. */
		__atomic_store_n(&t->request, llm_task(x, i) ? llm_request(x, i) : NULL,
		                 __ATOMIC_RELEASE);
		if (exec_nomem(x))
			return POLICY_ERR_NOMEM;
		x->slots[i].state = SLOT_TASKED;
		if (!x->slots[i].started || x->slots[i].attempts == 0)
			x->slots[i].started = exec_now(x);
		x->outstanding++;
		*task = t;
		return POLICY_OK;
	}
	bool all_done = true;
	for (uint32_t i = x->scan; i < n && all_done; i++)
		all_done = x->slots[i].state == SLOT_DONE;
	if (all_done && x->outstanding == 0) {
		finish(x);
		if (exec_nomem(x))
			return POLICY_ERR_NOMEM;
	}
	return POLICY_OK;
}

/* The document an extract step reads. A policy that names none means the
 * case's own ("When a new claim arrives, extract the claimed amount"):
 * when the case holds documents of a single type, those. Hosts and the
 * built-in extractor are told the same. */
static const char *task_document(policy_exec *x, uint32_t i)
{
	const plan_step *s = &x->plan->steps[i];
	const char *doc = s->doc;
	if (!doc || !x->kase.ndocs || !x->plan->trigger || strcmp(doc, x->plan->trigger))
		return doc;
	/* Counted once per case: every step that reads the trigger asks. */
	if (x->trigger_docs < 0)
		x->trigger_docs = (int)count_documents(x, doc, s->doc_key);
	if (!x->trigger_docs) {
		bool one_type = true;
		for (size_t k = 1; k < x->kase.ndocs; k++)
			one_type &= !strcmp(x->kase.docs[k].key, x->kase.docs[0].key);
		if (one_type)
			doc = x->kase.docs[0].type;
	}
	return doc;
}

/* Read the case's documents (doc.h) the first time the built-in
 * extractor needs them: a PDF or a scan is read once per execution, and
 * not at all when the host extracts for itself. False when memory ran
 * out (a document read before stays read). */
static bool read_documents(policy_exec *x, label_cache *labels)
{
	doc_limits lim = { x->opts.max_document_pages, x->opts.max_page_pixels,
		           x->opts.max_ocr_ms, (int)x->opts.min_ocr_confidence };
	bool ok = true;
	pthread_mutex_lock(&x->docs_lock);
	for (size_t k = 0; k < x->kase.ndocs && ok; k++) {
		case_doc *d = &x->kase.docs[k];
		if (d->read)
			continue;
		doc_text t;
		ok = doc_read(&x->docs_a, d->text, d->len, &lim, &t);
		if (!ok)
			break;
		d->text = t.text;
		d->len = t.len;
		d->lines = t.lines;
		d->nlines = t.nlines;
		d->source = t.source;
		d->unreadable = t.unreadable;
		d->min_conf = t.min_conf;
		d->read = true;
		ok = builtin_index(&x->docs_a, d, labels);
	}
	pthread_mutex_unlock(&x->docs_lock);
	return ok;
}

/* The fields of the plan's extract steps and the facts of its lookups,
 * prepared for the built-in extractor (extract.h) once per plan and kept
 * with it (its run_cache[PLAN_CACHE_FIELDS]), so no execution of it,
 * reused or new, on any thread, prepares them again. By step; NULL for
 * other steps. */
typedef struct step_fields {
	plan_cache base;
	arena a;
	const builtin_field **by_step;
	const builtin_fact **facts;
} step_fields;

static void fields_free(plan_cache *c)
{
	step_fields *sf = (step_fields *)c;
	mem m = sf->a.m;
	arena_release(&sf->a);
	mem_free(&m, sf);
}

static const step_fields *plan_fields(policy_plan *p)
{
	plan_cache *c = __atomic_load_n(&p->run_cache[PLAN_CACHE_FIELDS], __ATOMIC_ACQUIRE);
	if (c)
		return (const step_fields *)c;
	/* Made with the plan's allocator: it lives as long as the plan. */
	step_fields *sf = mem_calloc(&p->m, 1, sizeof *sf);
	if (!sf)
		return NULL;
	sf->base.free = fields_free;
	arena_init(&sf->a, &p->m);
	size_t n = p->nsteps ? p->nsteps : 1;
	sf->by_step = arena_zalloc(&sf->a, n * sizeof *sf->by_step);
	sf->facts = arena_zalloc(&sf->a, n * sizeof *sf->facts);
	bool ok = sf->by_step && sf->facts;
	for (uint32_t i = 0; i < p->nsteps && ok; i++) {
		const plan_step *s = &p->steps[i];
		builtin_field *f;
		builtin_fact *fact;
		if (s->kind == POLICY_STEP_EXTRACT && s->doc && s->label) {
			ok = builtin_field_make(&sf->a, s->label, s->type, &f);
			sf->by_step[i] = f;
		} else if (s->kind == POLICY_STEP_LOOKUP && s->label) {
			ok = builtin_fact_make(&sf->a, s->label, &fact);
			sf->facts[i] = fact;
		}
	}
	plan_cache *none = NULL;
	if (!ok || !__atomic_compare_exchange_n(&p->run_cache[PLAN_CACHE_FIELDS], &none, &sf->base,
	                                        false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		fields_free(&sf->base); /* out of memory, or another thread made them first */
		return none ? (const step_fields *)none : NULL;
	}
	return sf;
}

/* The names of the case's facts as words, made once per execution by the
 * first lookup (under docs_lock: lookups may run on several threads). */
static bool index_facts(policy_exec *x, const step_fields *fields)
{
	label_cache *labels = label_cache_of(x->plan);
	pthread_mutex_lock(&x->docs_lock);
	bool ok = builtin_facts_index(&x->docs_a, &x->kase, fields->facts, x->plan->nsteps,
	                              labels);
	pthread_mutex_unlock(&x->docs_lock);
	return ok;
}

/* The built-in answer for a task, as JSON in `reply`. */
static bool builtin_answer(policy_exec *x, uint32_t i, buf *reply)
{
	const plan_step *s = &x->plan->steps[i];
	if (llm_task(x, i)) {
		buf_puts(reply, "{\"error\": \"no model is connected: set an llm callback\"}");
		return true;
	}
	if (s->kind == POLICY_STEP_EXTRACT && !read_documents(x, label_cache_of(x->plan)))
		return false;
	if (s->kind == POLICY_STEP_EXTRACT && !s->doc)
		return builtin_input(&x->kase, s->label, s->type, x->opts.max_document_bytes, reply);
	const step_fields *fields;
	if (s->kind == POLICY_STEP_EXTRACT)
		return (fields = plan_fields(x->plan)) &&
		       builtin_extract_field(&x->kase, x->tasks[i].doc, fields->by_step[i], s->each,
		                             x->opts.max_document_bytes, reply);
	if (s->kind == POLICY_STEP_LOOKUP && s->label)
		return (fields = plan_fields(x->plan)) && index_facts(x, fields) &&
		       builtin_lookup_fact(&x->kase, fields->facts[i], s->type, reply);
	if (s->kind == POLICY_STEP_LOOKUP)
		return builtin_lookup(&x->kase, s->label, s->type, reply);
	buf_puts(reply, "{\"error\": \"this step has no built-in answer\"}");
	return true;
}

policy_status policy_exec_complete_builtin(policy_exec *x, const policy_task *task)
{
	policy_status st = exec_check_task(x, task);
	if (st != POLICY_OK)
		return st;
	buf reply;
	buf_init(&reply, &x->m);
	if (!builtin_answer(x, task->step, &reply) || buf_failed(&reply)) {
		buf_release(&reply);
		return POLICY_ERR_NOMEM;
	}
	st = exec_complete_builtin_answer(x, task, reply.data ? reply.data : "", reply.len);
	buf_release(&reply);
	return st;
}

policy_step_kind policy_task_kind(const policy_task *t)
{
	if (!t)
		return POLICY_STEP_EXTRACT;
	return llm_task(t->exec, t->step) ? POLICY_STEP_LLM : t->exec->plan->steps[t->step].kind;
}

const char *policy_task_step_id(const policy_task *t)
{
	return t ? t->exec->plan->steps[t->step].id : NULL;
}

/* Made the first time it is asked for, perhaps on a host's thread while
 * the driving thread goes on: under lazy_lock, from done steps only. */
const char *policy_task_request_json(const policy_task *t)
{
	if (!t)
		return NULL;
	const char *r = __atomic_load_n(&t->request, __ATOMIC_ACQUIRE);
	if (r)
		return r;
	policy_exec *x = t->exec;
	pthread_mutex_lock(&x->lazy_lock);
	r = t->request;
	if (!r) {
		r = task_request(x, t);
		__atomic_store_n(&((policy_task *)t)->request, r, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&x->lazy_lock);
	return r;
}

const char *policy_task_document(const policy_task *t)
{
	if (!t || llm_task(t->exec, t->step))
		return NULL;
	return t->doc;
}

const char *policy_task_field(const policy_task *t)
{
	if (!t)
		return NULL;
	const plan_step *s = &t->exec->plan->steps[t->step];
	return s->kind == POLICY_STEP_LLM ? NULL : s->label;
}

size_t policy_task_step(const policy_task *t)
{
	return t ? t->step : (size_t)-1;
}

policy_type policy_task_type(const policy_task *t)
{
	return t ? t->exec->plan->steps[t->step].type : POLICY_TYPE_NONE;
}

/* ---- the decision and the trail ---- */

/* Room for one more item in an arena array of n items. The capacity is
 * implicit (8, then each power of two): growing by one item at a time
 * copied the whole array every time, quadratic in time and in arena
 * memory for a plan with thousands of rules that fire. */
static void *grow_one(policy_exec *x, void *arr, uint32_t n, size_t elem)
{
	if (n && (n < 8 || (n & (n - 1))))
		return arr;
	void *a = arena_grow(&x->a, arr, n, n ? (size_t)n * 2 : 8, elem);
	if (!a)
		x->nomem = true;
	return a;
}

static bool push_fired(policy_exec *x, uint32_t step)
{
	fired_action *a = grow_one(x, x->fired, x->nfired, sizeof *a);
	if (!a)
		return false;
	const plan_step *s = &x->plan->steps[step];
	a[x->nfired].step = step;
	a[x->nfired].text = s->label;
	a[x->nfired].verb = s->verb;
	a[x->nfired].object = s->object;
	x->fired = a;
	x->nfired++;
	return true;
}

static bool push_u32(policy_exec *x, uint32_t **arr, uint32_t *n, uint32_t v)
{
	uint32_t *a = grow_one(x, *arr, *n, sizeof **arr);
	if (!a)
		return false;
	a[(*n)++] = v;
	*arr = a;
	return true;
}

static bool same_text(const char *p, const char *q)
{
	for (; *p && *q; p++, q++)
		if ((*p | 0x20) != (*q | 0x20))
			return false;
	return !*p && !*q;
}

/* The same action fired by two rules (or brought in twice by guardrails)
 * is one action of the decision. The texts seen go in a hash table (by
 * same_text's folding), so thousands of actions are not compared pair by
 * pair; a decision's few fit in a table on the stack. */
static void dedupe_fired(policy_exec *x)
{
	size_t mask = 15;
	while (mask < 2 * (size_t)x->nfired)
		mask = mask * 2 + 1;
	uint32_t small[64];
	uint32_t *seen = small; /* index + 1; 0: empty */
	if (mask < 64)
		memset(small, 0, (mask + 1) * sizeof *small);
	else if (!(seen = mem_calloc(&x->m, mask + 1, sizeof *seen))) {
		x->nomem = true;
		return;
	}
	uint32_t n = 0;
	for (uint32_t i = 0; i < x->nfired; i++) {
		size_t h = 5381;
		for (const char *c = x->fired[i].text; *c; c++)
			h = h * 33 + (unsigned char)(*c | 0x20);
		size_t k = h & mask;
		bool dup = false;
		for (; seen[k] && !dup; k = (k + 1) & mask)
			dup = same_text(x->fired[seen[k] - 1].text, x->fired[i].text);
		if (dup)
			continue;
		x->fired[n] = x->fired[i];
		seen[k] = ++n;
	}
	if (seen != small)
		mem_free(&x->m, seen);
	x->nfired = n;
}

/* Why a rule cannot be decided, for the failure message. */
static const char *undecided_reason(policy_exec *x, uint32_t i)
{
	const char *r;
	pthread_mutex_lock(&x->lazy_lock);
	if (!step_reason(x, i, &r))
		x->nomem = true;
	pthread_mutex_unlock(&x->lazy_lock);
	return r ? r : "a value is missing";
}

static void decide(policy_exec *x)
{
	const policy_plan *p = x->plan;
	const char *failure = NULL;
	uint32_t failed_at = 0;
	for (uint32_t i = 0; i < p->nsteps; i++) {
		const plan_step *s = &p->steps[i];
		const slot *sl = &x->slots[i];
		x->tokens += sl->tokens;
		bool rule = s->kind == POLICY_STEP_ACTION || s->kind == POLICY_STEP_CHECK ||
		            s->kind == POLICY_STEP_REQUIRE;
		/* A guardrail's own step is not a rule of the decision: it acts on
		 * the actions (guardrails_apply). */
		if (!rule)
			continue;
		/* An undecided check that actions read fails the decision only
		 * through them: "Unless all of these requirements are met, deny"
		 * denies when one is known to fail, whatever the others. */
		if (!sl->v.known && s->kind != POLICY_STEP_ACTION && x->read_by_actions[i])
			continue;
		if (!sl->v.known) {
			if (!failure) {
				failure = "";
				failed_at = i;
			}
			continue;
		}
		if (s->kind == POLICY_STEP_ACTION && sl->v.u.boolean) {
			push_fired(x, i);
		} else if (s->kind != POLICY_STEP_ACTION && !sl->v.u.boolean) {
			push_u32(x, &x->failed_checks, &x->nfailed, i);
		}
	}
	guardrails_apply(x);
	dedupe_fired(x);
	x->outcome = failure ? POLICY_OUTCOME_FAILED : POLICY_OUTCOME_COMPLETE;
	if (failure) {
		const plan_step *s = &p->steps[failed_at];
		buf why;
		buf_init(&why, &x->m);
		buf_printf(&why, "no decision: \"%s\" (line %u) cannot be decided: %s",
		           s->sentence ? s->sentence : s->label, s->sp.line,
		           undecided_reason(x, failed_at));
		x->nfired = 0; /* no decision: no actions */
		x->failure = exec_take_buf(x, &why, &x->a);
	}
}

static void finish(policy_exec *x)
{
	decide(x);
	/* The trail is written from the slots when it is first read. */
	__atomic_store_n(&x->trail.unwritten, 1, __ATOMIC_RELEASE);
	x->finished = true;
}

/* ---- the synchronous driver ---- */

typedef struct job {
	policy_exec *x;
	const policy_host *host;
	uint32_t step;
	const char *doc;         /* extract: the document the step reads */
	policy_reply reply;
	policy_status status;
	bool builtin_ok;
	buf builtin;
} job;

static void perform(job *j)
{
	policy_exec *x = j->x;
	const plan_step *s = &x->plan->steps[j->step];
	const host_slot *slot = NULL;
	bool model = llm_task(x, j->step);
	if (j->host) {
		int k = model ? HOST_LLM : s->kind == POLICY_STEP_EXTRACT ? HOST_EXTRACT :
		        s->kind == POLICY_STEP_LOOKUP ? HOST_LOOKUP : HOST_LLM;
		if (j->host->slots[k].func)
			slot = &j->host->slots[k];
	}
	if (!slot) {
		buf_init(&j->builtin, &x->m);
		j->builtin_ok = builtin_answer(x, j->step, &j->builtin) && !buf_failed(&j->builtin);
		j->status = j->builtin_ok ? POLICY_OK : POLICY_ERR_NOMEM;
		return;
	}
	const char *request = policy_task_request_json(&x->tasks[j->step]);
	if (!request) {
		j->status = POLICY_ERR_NOMEM;
		return;
	}
	switch (model ? POLICY_STEP_LLM : s->kind) {
	case POLICY_STEP_EXTRACT:
		j->status = ((policy_extract_func)slot->func)(j->doc, s->label, s->type, request,
		                                              &j->reply, slot->user_data);
		break;
	case POLICY_STEP_LOOKUP:
		j->status = ((policy_lookup_func)slot->func)(s->label, request, &j->reply,
		                                             slot->user_data);
		break;
	default:
		j->status = ((policy_llm_func)slot->func)(request, &j->reply, slot->user_data);
		break;
	}
}

static void *worker(void *arg)
{
	job **queue = arg;
	for (job *j = queue[0]; j; j = *++queue)
		perform(j);
	return NULL;
}

static policy_status deliver(policy_exec *x, job *j)
{
	const policy_task *t = &x->tasks[j->step];
	policy_status st;
	if (j->builtin_ok) {
		st = exec_complete_builtin_answer(x, t, j->builtin.data ? j->builtin.data : "",
		                                  j->builtin.len);
		buf_release(&j->builtin);
		return st;
	}
	if (j->status == POLICY_ERR_NOMEM && !j->reply.json) {
		buf_release(&j->builtin); /* what the built-in wrote before it failed */
		reply_release(&j->reply);
		return POLICY_ERR_NOMEM;
	}
	if (j->status != POLICY_OK || !j->reply.json) {
		const char *msg = j->reply.error ? j->reply.error :
		                  j->reply.too_big ? "the callback's answer is larger than the limit" :
		                  j->status != POLICY_OK ? policy_status_name(j->status) :
		                  "the callback gave no answer";
		st = policy_exec_fail(x, t, msg);
	} else {
		st = policy_exec_complete(x, t, j->reply.json, j->reply.len);
	}
	reply_release(&j->reply);
	return st;
}

/* Persist the finished trail through the host: store("trail", case id or
 * plan hash, JSON Lines). A store that fails fails the call: the decision
 * is not returned without its record. */
static policy_status store_trail(policy_exec *x, const policy_host *host, policy_exec **out,
                                 policy_error **err)
{
	char *jsonl;
	size_t len;
	policy_status st = policy_trail_to_jsonl(&x->trail, &jsonl, &len);
	if (st == POLICY_OK) {
		const host_slot *s = &host->slots[HOST_STORE];
		st = ((policy_store_func)s->func)("trail", x->kase.id ? x->kase.id : x->plan->body_hash,
		                                  jsonl, len, s->user_data);
		policy_free(jsonl);
	}
	if (st != POLICY_OK) {
		mem m = x->m;
		policy_exec_free(x);
		return error_set(err, &m, st == POLICY_ERR_NOMEM ? st : POLICY_ERR_CALLBACK, 0, 0,
		                 "the trail could not be stored (%s)", policy_status_name(st));
	}
	*out = x;
	return POLICY_OK;
}

policy_status policy_execute(const policy_plan *plan, const policy_host *host,
                             const policy_case *c, const policy_exec_options *opts,
                             policy_exec **out, policy_error **err)
{
	if (err)
		*err = NULL;
	if (!plan || !out)
		return POLICY_ERR_ARGUMENT;
	*out = NULL;
	policy_exec_options o = exec_options(opts);
	if (host && host->slots[HOST_NOW].func) {
		o.now = (policy_now_func)host->slots[HOST_NOW].func;
		o.now_user_data = host->slots[HOST_NOW].user_data;
	}
	policy_exec *x;
	policy_status st = policy_exec_new(plan, c, &o, &x, err);
	if (st != POLICY_OK)
		return st;
	size_t max_reply = o.max_reply_bytes ? o.max_reply_bytes : (size_t)1 << 20;
	job *jobs = mem_calloc(&x->m, plan->nsteps ? plan->nsteps : 1, sizeof *jobs);
	job **order = mem_calloc(&x->m, (size_t)plan->nsteps + 1, sizeof *order);
	if (!jobs || !order) {
		mem m = x->m;
		mem_free(&m, jobs);
		mem_free(&m, order);
		policy_exec_free(x);
		return error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
	}
	unsigned threads = o.threads > 1 ? o.threads : 1;
	while (st == POLICY_OK && !x->finished) {
		/* Everything ready now is one batch; its tasks are independent. */
		uint32_t n = 0;
		const policy_task *t;
		while ((st = policy_exec_next(x, &t)) == POLICY_OK && t) {
			job *j = &jobs[t->step];
			memset(j, 0, sizeof *j);
			j->x = x;
			j->host = host;
			j->step = t->step;
			j->doc = t->doc;
			reply_init(&j->reply, &x->m, max_reply);
			order[n++] = j;
		}
		if (st != POLICY_OK || n == 0)
			break;
		unsigned workers = threads < n ? threads : n;
		if (workers <= 1) {
			for (uint32_t k = 0; k < n; k++)
				perform(order[k]);
		} else {
			/* Worker w performs jobs w, w + workers, ... */
			pthread_t tid[64];
			job **lists = mem_calloc(&x->m, (size_t)n + workers, sizeof *lists);
			if (!lists) {
				st = POLICY_ERR_NOMEM;
				break;
			}
			if (workers > 64)
				workers = 64;
			size_t at = 0;
			job **starts[64];
			for (unsigned w = 0; w < workers; w++) {
				starts[w] = &lists[at];
				for (uint32_t k = w; k < n; k += workers)
					lists[at++] = order[k];
				lists[at++] = NULL;
			}
			unsigned started = 0;
			for (unsigned w = 1; w < workers; w++)
				if (pthread_create(&tid[w], NULL, worker, starts[w]) == 0)
					started = w;
				else
					break;
			worker(starts[0]);
			for (unsigned w = 1; w <= started; w++)
				pthread_join(tid[w], NULL);
			/* Jobs of workers that failed to start run here. */
			for (unsigned w = started + 1; w < workers; w++)
				worker(starts[w]);
			mem_free(&x->m, lists);
		}
		for (uint32_t k = 0; k < n; k++) {
			if (st == POLICY_OK) {
				st = deliver(x, order[k]);
			} else {
				/* Delivery stopped (out of memory): release the answers
				 * the rest of the batch holds. */
				buf_release(&order[k]->builtin);
				reply_release(&order[k]->reply);
			}
		}
	}
	mem_free(&x->m, jobs);
	mem_free(&x->m, order);
	if (st == POLICY_OK && !x->finished)
		st = POLICY_ERR_STATE;
	if (st == POLICY_OK && host && host->slots[HOST_STORE].func)
		return store_trail(x, host, out, err);
	if (st != POLICY_OK) {
		mem m = x->m;
		policy_exec_free(x);
		return error_set(err, &m, st, 0, 0, "%s",
		                 st == POLICY_ERR_NOMEM ? "out of memory" : "the execution did not finish");
	}
	*out = x;
	return POLICY_OK;
}

/* ---- decision accessors ---- */

policy_outcome policy_exec_outcome(const policy_exec *x)
{
	return x ? x->outcome : POLICY_OUTCOME_PENDING;
}

const char *policy_exec_failure(const policy_exec *x)
{
	return x ? x->failure : NULL;
}

size_t policy_exec_action_count(const policy_exec *x)
{
	return x ? x->nfired : 0;
}

static const fired_action *fired(const policy_exec *x, size_t i)
{
	return x && i < x->nfired ? &x->fired[i] : NULL;
}

const char *policy_exec_action_text(const policy_exec *x, size_t i)
{
	const fired_action *a = fired(x, i);
	return a ? a->text : NULL;
}

const char *policy_exec_action_verb(const policy_exec *x, size_t i)
{
	const fired_action *a = fired(x, i);
	return a ? a->verb : NULL;
}

const char *policy_exec_action_object(const policy_exec *x, size_t i)
{
	const fired_action *a = fired(x, i);
	return a ? a->object : NULL;
}

size_t policy_exec_action_step(const policy_exec *x, size_t i)
{
	const fired_action *a = fired(x, i);
	return a ? a->step : (size_t)-1;
}

size_t policy_exec_failed_check_count(const policy_exec *x)
{
	return x ? x->nfailed : 0;
}

const char *policy_exec_failed_check_text(const policy_exec *x, size_t i)
{
	return x && i < x->nfailed ? x->plan->steps[x->failed_checks[i]].label : NULL;
}

/* A step's reason for a host: made when first read (step_reason), under
 * the lock that keeps two threads reading one execution from making it
 * twice. NULL when the step has none or memory ran out (*ok false). */
static const char *reason_for_host(const policy_exec *cx, uint32_t step, bool *ok)
{
	policy_exec *x = (policy_exec *)cx;
	const char *r;
	pthread_mutex_lock(&x->lazy_lock);
	if (!step_reason(x, step, &r))
		*ok = false;
	pthread_mutex_unlock(&x->lazy_lock);
	return r;
}

const char *policy_exec_failed_check_reason(const policy_exec *x, size_t i)
{
	bool ok = true;
	return x && i < x->nfailed ? reason_for_host(x, x->failed_checks[i], &ok) : NULL;
}

uint64_t policy_exec_tokens_used(const policy_exec *x)
{
	return x ? x->tokens : 0;
}

const policy_trail *policy_exec_trail(const policy_exec *x)
{
	return x && x->finished && x->outcome != POLICY_OUTCOME_PENDING ? &x->trail : NULL;
}

policy_status policy_exec_decision_json(const policy_exec *x, char **json, size_t *len)
{
	if (!x || !json)
		return POLICY_ERR_ARGUMENT;
	bool ok = true;
	buf b;
	buf_init(&b, &x->m);
	json_writer w;
	jw_init(&w, &b, true);
	jw_begin_object(&w);
	jw_key(&w, "status");
	jw_string(&w, x->outcome == POLICY_OUTCOME_COMPLETE ? "complete" :
	              x->outcome == POLICY_OUTCOME_FAILED ? "failed" : "pending");
	jw_key(&w, "actions");
	jw_begin_array(&w);
	for (uint32_t i = 0; i < x->nfired; i++) {
		const fired_action *a = &x->fired[i];
		const plan_step *s = &x->plan->steps[a->step];
		jw_begin_object(&w);
		jw_key(&w, "text");
		jw_string(&w, a->text);
		jw_key(&w, "verb");
		jw_string(&w, a->verb ? a->verb : "");
		jw_key(&w, "object");
		jw_string(&w, a->object ? a->object : "");
		jw_key(&w, "step");
		jw_string(&w, s->id);
		jw_member_string(&w, "because", reason_for_host(x, a->step, &ok));
		if (a->text != s->label) {
			jw_key(&w, "instead_of");
			jw_string(&w, s->label);
		}
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_key(&w, "failed_checks");
	jw_begin_array(&w);
	for (uint32_t i = 0; i < x->nfailed; i++) {
		const plan_step *s = &x->plan->steps[x->failed_checks[i]];
		jw_begin_object(&w);
		jw_key(&w, "step");
		jw_string(&w, s->id);
		jw_key(&w, "text");
		jw_string(&w, s->label);
		jw_member_string(&w, "reason", reason_for_host(x, x->failed_checks[i], &ok));
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_member_string(&w, "error", x->failure);
	jw_key(&w, "tokens");
	jw_uint(&w, x->tokens);
	jw_key(&w, "policy");
	jw_begin_object(&w);
	jw_key(&w, "name");
	jw_string(&w, x->plan->name);
	jw_key(&w, "version");
	jw_string(&w, x->plan->version);
	jw_key(&w, "plan_hash");
	jw_string(&w, x->plan->body_hash);
	jw_end_object(&w);
	jw_end_object(&w);
	buf_putc(&b, '\n');
	if (!ok)
		b.failed = true;
	policy_status st = buf_export(&b, json, len);
	buf_release(&b);
	return st;
}
