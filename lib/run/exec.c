/*
 * The executor: a plan, a case, and the host's answers -> a decision and a
 * why-trail.
 *
 * The core is sans-I/O. policy_exec_next() runs every internal step that
 * is ready (compute, check, require, action) and hands out the next step
 * that needs the world (extract, lookup, llm) as a task with a JSON
 * request; policy_exec_complete() takes the JSON answer. The host decides
 * how tasks run: in order, on a thread pool, from an event loop.
 * policy_execute() is such a host, over the policy_host callbacks.
 *
 * Determinism: tasks are handed out in plan order and the trail is written
 * in plan order when the execution ends, never in completion order; the
 * clock is read only when a task is handed out or completed, by the
 * thread driving the execution. So the same plan, case and answers give
 * the same decision and the same trail bytes, whatever the number of
 * threads.
 *
 * Answers are untrusted: each is parsed with size and depth limits and
 * checked against the step's type. A bad answer fails its step (and the
 * decision, if the decision needs that value), never the process.
 */
#include <pthread.h>
#include <string.h>

#include "base/error.h"
#include "run/eval.h"
#include "run/exec.h"
#include "run/exec_llm.h"
#include "run/extract.h"
#include "run/input.h"
#include "base/json.h"
#include "base/text.h"
#include "base/words.h"
#include "run/doc.h"

static int64_t now(policy_exec *x)
{
	return x->opts.now ? x->opts.now(x->opts.now_user_data) : 0;
}

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
	arena_init(&x->docs_a, &x->m);
	pthread_mutex_init(&x->docs_lock, NULL);
	x->plan = policy_plan_reference((policy_plan *)plan);
	x->trail.m = m;
	arena_init(&x->trail.a, &x->m);
	uint32_t n = plan->nsteps ? plan->nsteps : 1;
	x->slots = arena_zalloc(&x->a, n * sizeof *x->slots);
	x->tasks = arena_zalloc(&x->a, n * sizeof *x->tasks);
	if (!x->slots || !x->tasks)
		x->nomem = true;
	policy_error *case_err = NULL;
	if (!x->nomem && !copy_case(x, c, &case_err) && case_err) {
		policy_exec_free(x);
		if (err)
			*err = case_err;
		else
			policy_error_free(case_err);
		return POLICY_ERR_LIMIT;
	}
	if (x->nomem) {
		policy_exec_free(x);
		return error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
	}
	x->outcome = POLICY_OUTCOME_PENDING;
	*out = x;
	return POLICY_OK;
}

void policy_exec_free(policy_exec *x)
{
	if (!x)
		return;
	policy_plan_free(x->plan);
	arena_release(&x->trail.a);
	arena_release(&x->docs_a);
	pthread_mutex_destroy(&x->docs_lock);
	arena_release(&x->a);
	mem m = x->m;
	mem_free(&m, x);
}

/* ---- internal steps ---- */

static char *reason_of(policy_exec *x, const expr *e, const char *prefix)
{
	buf b;
	buf_init(&b, &x->m);
	if (prefix)
		buf_puts(&b, prefix);
	eval_reason(x, e, &b);
	return exec_take_buf(x, &b, &x->a);
}

static value tv_value(tv t)
{
	return t == TV_UNKNOWN ? value_missing(POLICY_TYPE_BOOLEAN) : value_bool(t == TV_TRUE);
}

static void run_internal(policy_exec *x, uint32_t i)
{
	const plan_step *s = &x->plan->steps[i];
	slot *sl = &x->slots[i];
	sl->started = now(x);
	switch (s->kind) {
	case POLICY_STEP_COMPUTE:
		if (s->value && s->value->op == E_SET) {
			sl->v = value_text(s->value->text ? s->value->text : "", 0);
			sl->v.u.text.len = strlen(sl->v.u.text.s);
			sl->v.type = POLICY_TYPE_ENUM;
		} else if (s->type == POLICY_TYPE_BOOLEAN) {
			sl->v = tv_value(eval_bool(x, s->value));
			sl->reason = reason_of(x, s->value, NULL);
		} else {
			sl->v = eval_value(x, s->value);
			if (!sl->v.known)
				sl->reason = reason_of(x, s->value, "cannot be computed: ");
		}
		break;
	case POLICY_STEP_CHECK:
	case POLICY_STEP_GUARDRAIL: {
		tv g = eval_bool(x, s->guard);
		tv c = g == TV_FALSE ? TV_TRUE : eval_bool(x, s->value);
		tv out = g == TV_FALSE ? TV_TRUE : g == TV_TRUE ? c : (c == TV_TRUE ? TV_TRUE : TV_UNKNOWN);
		sl->v = tv_value(out);
		if (g == TV_FALSE)
			sl->reason = reason_of(x, s->guard, "does not apply: ");
		else if (g == TV_UNKNOWN && c != TV_TRUE)
			sl->reason = reason_of(x, s->guard, "cannot tell whether it applies: ");
		else
			sl->reason = reason_of(x, s->value, NULL);
		break;
	}
	case POLICY_STEP_REQUIRE: {
		tv g = eval_bool(x, s->guard);
		unsigned have = count_documents(x, s->doc);
		bool met = have >= s->min_count;
		tv out = g == TV_FALSE ? TV_TRUE : met ? TV_TRUE : g == TV_TRUE ? TV_FALSE : TV_UNKNOWN;
		sl->v = tv_value(out);
		buf b;
		buf_init(&b, &x->m);
		if (g == TV_FALSE) {
			buf_puts(&b, "does not apply: ");
			eval_reason(x, s->guard, &b);
		} else {
			buf_printf(&b, "%u %s in the case; %u required", have, s->doc, s->min_count);
		}
		sl->reason = buf_to_arena(&b, &x->a);
		buf_release(&b);
		break;
	}
	case POLICY_STEP_ACTION: {
		tv g = eval_bool(x, s->guard);
		sl->v = tv_value(g);
		sl->reason = reason_of(x, s->guard, NULL);
		break;
	}
	default:
		break;
	}
	sl->ended = now(x);
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

static const char *task_document(policy_exec *x, uint32_t i);

static const char *task_request(policy_exec *x, uint32_t i)
{
	if (llm_task(x, i))
		return llm_request(x, i);
	const plan_step *s = &x->plan->steps[i];
	buf b;
	json_writer w;
	request_start(x, &w, &b, s, policy_step_kind_name(s->kind));
	if (s->kind == POLICY_STEP_EXTRACT) {
		jw_key(&w, "document");
		jw_string(&w, task_document(x, i));
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
				x->nomem = true;
			else
				jw_raw(&w, v.data, v.len);
			buf_release(&v);
		}
		jw_end_object(&w);
	}
	jw_key(&w, "type");
	jw_string(&w, s->type ? policy_type_name(s->type) : "text");
	return request_finish(x, &w, &b);
}

static void finish(policy_exec *x);

/* Whether memory ran out. Code that reads "no value" from a helper (a
 * value that did not parse, a copy that came back NULL) cannot always tell
 * it from OOM; the arenas remember every failed allocation, so an
 * execution that lost any is reported as POLICY_ERR_NOMEM, never decided
 * from a partial picture. */
static bool exec_nomem(policy_exec *x)
{
	if (x->a.failed || x->trail.a.failed)
		x->nomem = true;
	return x->nomem;
}

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
			x->slots[i].started = x->slots[i].ended = now(x);
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
		t->request = task_request(x, i);
		if (exec_nomem(x))
			return POLICY_ERR_NOMEM;
		x->slots[i].state = SLOT_TASKED;
		if (!x->slots[i].started || x->slots[i].attempts == 0)
			x->slots[i].started = now(x);
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

static policy_status check_task(policy_exec *x, const policy_task *t)
{
	/* Compare addresses before reading the task: a task of another (maybe
	 * freed) execution must not be dereferenced. */
	if (!x || !t || t < x->tasks || t >= x->tasks + x->plan->nsteps)
		return POLICY_ERR_ARGUMENT;
	if (t->exec != x || &x->tasks[t->step] != t)
		return POLICY_ERR_ARGUMENT;
	if (!t->live || x->slots[t->step].state != SLOT_TASKED)
		return POLICY_ERR_STATE;
	return POLICY_OK;
}

static void task_done(policy_exec *x, policy_task *t)
{
	t->live = false;
	x->slots[t->step].state = SLOT_DONE;
	x->slots[t->step].ended = now(x);
	x->outstanding--;
}

/* The task is withdrawn and its step waits to be tasked again: a refused
 * model answer is asked for once more, and a form with no value is asked
 * of the model instead. */
static policy_status task_ask_again(policy_exec *x, policy_task *t)
{
	t->live = false;
	x->slots[t->step].state = SLOT_WAITING;
	x->outstanding--;
	if (t->step < x->scan)
		x->scan = t->step;
	return x->nomem ? POLICY_ERR_NOMEM : POLICY_OK;
}

static const char *step_noun(policy_step_kind k)
{
	return k == POLICY_STEP_LOOKUP ? "lookup" : k == POLICY_STEP_LLM ? "model" : "extractor";
}

static void slot_error(policy_exec *x, slot *sl, const char *fmt, const char *a, const char *b)
{
	buf raw, m;
	buf_init(&raw, &x->m);
	buf_init(&m, &x->m);
	buf_printf(&raw, fmt, a, b);
	/* A host's message (policy_exec_fail, a callback's reply error) is
	 * untrusted text that reaches the trail and its explanation: bytes
	 * that are not UTF-8 become U+FFFD here, once. */
	for (size_t i = 0; i < raw.len;) {
		size_t n = text_utf8_len(raw.data + i, raw.len - i);
		if (n)
			buf_append(&m, raw.data + i, n);
		else
			buf_puts(&m, "\xEF\xBF\xBD");
		i += n ? n : 1;
	}
	if (buf_failed(&raw))
		m.failed = true;
	buf_release(&raw);
	sl->error = exec_take_buf(x, &m, &x->a);
	sl->v = value_missing(sl->v.type);
}

/* A JSON scalar answer -> a value of the step's type. */
static bool answer_value(policy_exec *x, const json_value *v, policy_type type, value *out)
{
	if (type == POLICY_TYPE_NONE)
		type = POLICY_TYPE_TEXT;
	switch (v->kind) {
	case JSON_TRUE:
	case JSON_FALSE:
		if (type != POLICY_TYPE_BOOLEAN)
			return false;
		*out = value_bool(v->kind == JSON_TRUE);
		return true;
	case JSON_NUMBER:
	case JSON_STRING:
		if (v->kind == JSON_STRING && strlen(v->str) != v->len)
			return false;
		/* Canonical first ("0.45" is 45% as a fraction), then as written
		 * on a form ("45%", "$72,400"). */
		if (!value_parse_canonical(type, v->str, v->len, &x->a, out) &&
		    !value_parse(type, v->str, v->len, &x->a, out))
			return false;
		return out->type == type || (type_is_numeric(type) && type_is_numeric(out->type)) ||
		       (type == POLICY_TYPE_NUMBER && out->type == POLICY_TYPE_DURATION);
	default:
		return false;
	}
}

static const char *compact(policy_exec *x, const json_value *v)
{
	buf b;
	buf_init(&b, &x->m);
	json_writer w;
	jw_init(&w, &b, false);
	jw_value(&w, v);
	return exec_take_buf(x, &b, &x->a);
}

static void take_answer(policy_exec *x, uint32_t i, const json_value *root)
{
	const plan_step *s = &x->plan->steps[i];
	slot *sl = &x->slots[i];
	sl->v = value_missing(s->type);
	const char *who = step_noun(s->kind);
	if (root->kind != JSON_OBJECT) {
		slot_error(x, sl, "the %s's answer is not a JSON object", who, NULL);
		return;
	}
	const json_value *err = json_get(root, "error");
	if (err) {
		slot_error(x, sl, "%s", err->kind == JSON_STRING ? err->str : "the step failed", NULL);
		return;
	}
	const json_value *miss = json_get(root, "missing");
	if (miss) {
		sl->why_missing = miss->kind == JSON_STRING ? exec_strdup(x, miss->str) : NULL;
		if (s->each)
			sl->is_list = true;
		return;
	}
	if (s->each) {
		const json_value *vals = json_get(root, "values");
		if (!vals || vals->kind != JSON_ARRAY) {
			slot_error(x, sl, "the %s's answer for '%s' has no \"values\" list", who, s->label);
			return;
		}
		sl->is_list = true;
		sl->items = arena_alloc(&x->a, (vals->count ? vals->count : 1) * sizeof *sl->items);
		if (!sl->items) {
			x->nomem = true;
			return;
		}
		buf ev;
		buf_init(&ev, &x->m);
		buf_putc(&ev, '[');
		for (size_t k = 0; k < vals->count; k++) {
			const json_value *item = vals->items[k];
			const json_value *iv = item->kind == JSON_OBJECT ? json_get(item, "value") : item;
			if (!iv || !answer_value(x, iv, s->type, &sl->items[sl->nitems])) {
				buf_release(&ev);
				slot_error(x, sl, "value %s of '%s' does not have the expected type",
				           iv && iv->kind == JSON_STRING ? iv->str : "?", s->label);
				sl->nitems = 0;
				return;
			}
			sl->nitems++;
			const json_value *e = item->kind == JSON_OBJECT ? json_get(item, "evidence") : NULL;
			if (k)
				buf_putc(&ev, ',');
			const char *c = e ? compact(x, e) : "null";
			buf_puts(&ev, c ? c : "null");
		}
		buf_putc(&ev, ']');
		sl->evidence = buf_to_arena(&ev, &x->a);
		buf_release(&ev);
		return;
	}
	const json_value *v = json_get(root, "value");
	if (!v) {
		slot_error(x, sl, "the %s's answer for '%s' has no \"value\", \"missing\" or \"error\"",
		           who, s->label);
		return;
	}
	if (v->kind == JSON_NULL) {
		sl->why_missing = exec_strdup(x, "the answer was null");
		return;
	}
	if (!answer_value(x, v, s->type, &sl->v)) {
		buf m;
		buf_init(&m, &x->m);
		const char *shown = compact(x, v);
		buf_printf(&m, "the answer %s is not %s", shown ? shown : "",
		           type_noun(s->type ? s->type : POLICY_TYPE_TEXT));
		sl->error = buf_to_arena(&m, &x->a);
		buf_release(&m);
		sl->v = value_missing(s->type);
		return;
	}
	if (s->type != POLICY_TYPE_NONE && type_is_numeric(s->type) && type_is_numeric(sl->v.type))
		sl->v.type = s->type;
	const json_value *text = json_get(root, "text");
	if (text && text->kind == JSON_STRING)
		sl->answer_text = exec_strdup(x, text->str);
	const json_value *e = json_get(root, "evidence");
	if (e && e->kind == JSON_OBJECT) {
		sl->evidence = compact(x, e);
	} else if (s->kind == POLICY_STEP_LOOKUP) {
		const json_value *src = json_get(root, "source");
		buf b;
		buf_init(&b, &x->m);
		json_writer w;
		jw_init(&w, &b, false);
		jw_begin_object(&w);
		jw_key(&w, "fact");
		jw_string(&w, s->label);
		jw_key(&w, "system");
		jw_string(&w, s->system ? s->system : "");
		jw_key(&w, "source");
		jw_string(&w, src && src->kind == JSON_STRING ? src->str : s->system ? s->system : "");
		jw_end_object(&w);
		sl->evidence = buf_to_arena(&b, &x->a);
		buf_release(&b);
	}
}

policy_status policy_exec_complete(policy_exec *x, const policy_task *task,
                                   const char *answer_json, size_t len)
{
	policy_status st = check_task(x, task);
	if (st != POLICY_OK)
		return st;
	if (!answer_json && len)
		return POLICY_ERR_ARGUMENT;
	policy_task *t = &x->tasks[task->step];
	slot *sl = &x->slots[t->step];
	size_t max = x->opts.max_reply_bytes ? x->opts.max_reply_bytes : (size_t)1 << 20;
	if (len > max) {
		slot_error(x, sl, "the %s's answer is larger than the limit%s",
		           step_noun(x->plan->steps[t->step].kind), "");
	} else {
		arena scratch;
		arena_init(&scratch, &x->m);
		json_value *root;
		json_error je;
		json_limits lim = { max, 32 };
		if (!json_parse(&scratch, answer_json ? answer_json : "", len, &lim, &root, &je)) {
			if (je.nomem)
				x->nomem = true;
			else
				slot_error(x, sl, "the %s's answer is not valid JSON: %s",
				           step_noun(x->plan->steps[t->step].kind), je.message);
		} else if (llm_task(x, t->step)) {
			if (!llm_take_answer(x, t->step, root)) {
				/* refused once: ask again */
				arena_release(&scratch);
				return task_ask_again(x, t);
			}
		} else {
			take_answer(x, t->step, root);
			const plan_step *s = &x->plan->steps[t->step];
			if (s->llm_fallback && !sl->v.known && !sl->error && llm_start_fallback(x, t->step)) {
				arena_release(&scratch);
				return task_ask_again(x, t);
			}
		}
		arena_release(&scratch);
	}
	task_done(x, t);
	return exec_nomem(x) ? POLICY_ERR_NOMEM : POLICY_OK;
}

policy_status policy_exec_fail(policy_exec *x, const policy_task *task, const char *message)
{
	policy_status st = check_task(x, task);
	if (st != POLICY_OK)
		return st;
	policy_task *t = &x->tasks[task->step];
	slot_error(x, &x->slots[t->step], "%s", message ? message : "the host could not do it",
	           NULL);
	task_done(x, t);
	return exec_nomem(x) ? POLICY_ERR_NOMEM : POLICY_OK;
}

/* The document an extract step reads. A policy that names none means the
 * case's own ("When a new claim arrives, extract the claimed amount"):
 * when the case holds documents of a single type, those. Hosts and the
 * built-in extractor are told the same. */
static const char *task_document(policy_exec *x, uint32_t i)
{
	const plan_step *s = &x->plan->steps[i];
	const char *doc = s->doc;
	if (doc && x->plan->trigger && !strcmp(doc, x->plan->trigger) &&
	    !count_documents(x, doc) && x->kase.ndocs) {
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
static bool read_documents(policy_exec *x)
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
	}
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
	if (s->kind == POLICY_STEP_EXTRACT && !read_documents(x))
		return false;
	if (s->kind == POLICY_STEP_EXTRACT && !s->doc)
		return builtin_input(&x->kase, s->label, s->type, x->opts.max_document_bytes, reply);
	if (s->kind == POLICY_STEP_EXTRACT)
		return builtin_extract(&x->kase, task_document(x, i), s->label, s->type, s->each,
		                       x->opts.max_document_bytes, reply);
	if (s->kind == POLICY_STEP_LOOKUP)
		return builtin_lookup(&x->kase, s->label, s->type, reply);
	buf_puts(reply, "{\"error\": \"this step has no built-in answer\"}");
	return true;
}

policy_status policy_exec_complete_builtin(policy_exec *x, const policy_task *task)
{
	policy_status st = check_task(x, task);
	if (st != POLICY_OK)
		return st;
	buf reply;
	buf_init(&reply, &x->m);
	if (!builtin_answer(x, task->step, &reply) || buf_failed(&reply)) {
		buf_release(&reply);
		return POLICY_ERR_NOMEM;
	}
	st = policy_exec_complete(x, task, reply.data ? reply.data : "", reply.len);
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

const char *policy_task_request_json(const policy_task *t)
{
	return t ? t->request : NULL;
}

const char *policy_task_document(const policy_task *t)
{
	if (!t || llm_task(t->exec, t->step))
		return NULL;
	const plan_step *s = &t->exec->plan->steps[t->step];
	return s->kind == POLICY_STEP_EXTRACT ? task_document(t->exec, t->step) : NULL;
}

const char *policy_task_field(const policy_task *t)
{
	if (!t)
		return NULL;
	const plan_step *s = &t->exec->plan->steps[t->step];
	return s->kind == POLICY_STEP_LLM ? NULL : s->label;
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
 * pair. */
static void dedupe_fired(policy_exec *x)
{
	size_t mask = 15;
	while (mask < 2 * (size_t)x->nfired)
		mask = mask * 2 + 1;
	uint32_t *seen = mem_calloc(&x->m, mask + 1, sizeof *seen); /* index + 1; 0: empty */
	if (!seen) {
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
	mem_free(&x->m, seen);
	x->nfired = n;
}

/* Checks an action reads ("If all of the checks above pass, ..."): their
 * part of the decision is what those actions do. */
static bool *checks_read_by_actions(policy_exec *x)
{
	const policy_plan *p = x->plan;
	bool *read = mem_calloc(&x->m, p->nsteps ? p->nsteps : 1, sizeof *read);
	if (!read) {
		x->nomem = true;
		return NULL;
	}
	for (uint32_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].kind == POLICY_STEP_ACTION)
			for (uint32_t k = 0; k < p->steps[i].ninputs; k++)
				read[p->steps[i].inputs[k]] = true;
	return read;
}

static void decide(policy_exec *x)
{
	const policy_plan *p = x->plan;
	buf why;
	buf_init(&why, &x->m);
	bool failed = false;
	bool *read = checks_read_by_actions(x);
	for (uint32_t i = 0; i < p->nsteps && read; i++) {
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
		if (!sl->v.known && s->kind != POLICY_STEP_ACTION && read[i])
			continue;
		if (!sl->v.known) {
			if (!failed) {
				buf_printf(&why, "no decision: \"%s\" (line %u) cannot be decided: %s",
				           s->sentence ? s->sentence : s->label, s->sp.line,
				           sl->reason ? sl->reason : "a value is missing");
			}
			failed = true;
			continue;
		}
		if (s->kind == POLICY_STEP_ACTION && sl->v.u.boolean) {
			push_fired(x, i);
		} else if (s->kind != POLICY_STEP_ACTION && !sl->v.u.boolean) {
			push_u32(x, &x->failed_checks, &x->nfailed, i);
		}
	}
	mem_free(&x->m, read);
	guardrails_apply(x);
	dedupe_fired(x);
	x->outcome = failed ? POLICY_OUTCOME_FAILED : POLICY_OUTCOME_COMPLETE;
	if (failed) {
		x->nfired = 0; /* no decision: no actions */
		x->failure = buf_to_arena(&why, &x->a);
		if (!x->failure)
			x->nomem = true;
	}
	buf_release(&why);
}

static const char *value_json_of(policy_exec *x, const slot *sl)
{
	buf b;
	buf_init(&b, &x->m);
	if (sl->is_list) {
		buf_putc(&b, '[');
		for (uint32_t k = 0; k < sl->nitems; k++) {
			if (k)
				buf_putc(&b, ',');
			value_to_json(&b, &sl->items[k]);
		}
		buf_putc(&b, ']');
	} else {
		value_to_json(&b, &sl->v);
	}
	return exec_take_buf(x, &b, &x->trail.a);
}

static const char *display_of(policy_exec *x, const slot *sl)
{
	char tmp[VALUE_DISPLAY_MAX];
	if (sl->is_list) {
		buf b;
		buf_init(&b, &x->m);
		for (uint32_t k = 0; k < sl->nitems; k++) {
			if (k)
				buf_puts(&b, ", ");
			buf_puts(&b, value_display(&sl->items[k], tmp, sizeof tmp));
		}
		if (!sl->nitems)
			buf_puts(&b, "(none)");
		char *s = buf_to_arena(&b, &x->trail.a);
		buf_release(&b);
		return s;
	}
	return arena_strdup(&x->trail.a, value_display(&sl->v, tmp, sizeof tmp));
}

static void write_trail(policy_exec *x)
{
	const policy_plan *p = x->plan;
	for (uint32_t i = 0; i < p->nsteps && !x->nomem; i++) {
		const plan_step *s = &p->steps[i];
		const slot *sl = &x->slots[i];
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
		e.output = value_json_of(x, sl);
		e.display = display_of(x, sl);
		e.reason = sl->reason ? sl->reason : sl->why_missing;
		e.error = sl->error;
		e.started = sl->started;
		e.ended = sl->ended;
		e.tokens = sl->tokens;
		e.guardrails = sl->guardrails;
		e.nguardrails = sl->nguardrails;
		e.ninputs = s->ninputs;
		e.inputs = arena_zalloc(&x->trail.a, (s->ninputs ? s->ninputs : 1) * sizeof *e.inputs);
		if (!e.inputs || !e.output || !e.display) {
			x->nomem = true;
			return;
		}
		for (uint32_t k = 0; k < s->ninputs; k++) {
			const plan_step *in = &p->steps[s->inputs[k]];
			const slot *is = &x->slots[s->inputs[k]];
			e.inputs[k].name = in->label ? in->label : in->id;
			e.inputs[k].step = in->id;
			e.inputs[k].value = display_of(x, is);
			e.inputs[k].value_json = value_json_of(x, is);
			e.inputs[k].evidence = is->evidence;
		}
		if (!trail_append(&x->trail, &e))
			x->nomem = true;
	}
}

static void finish(policy_exec *x)
{
	decide(x);
	write_trail(x);
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
	const char *request = x->tasks[j->step].request;
	if (!slot) {
		buf_init(&j->builtin, &x->m);
		j->builtin_ok = builtin_answer(x, j->step, &j->builtin) && !buf_failed(&j->builtin);
		j->status = j->builtin_ok ? POLICY_OK : POLICY_ERR_NOMEM;
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
		st = policy_exec_complete(x, t, j->builtin.data ? j->builtin.data : "", j->builtin.len);
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
			j->doc = task_document(x, t->step);
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

size_t policy_exec_failed_check_count(const policy_exec *x)
{
	return x ? x->nfailed : 0;
}

const char *policy_exec_failed_check_text(const policy_exec *x, size_t i)
{
	return x && i < x->nfailed ? x->plan->steps[x->failed_checks[i]].label : NULL;
}

const char *policy_exec_failed_check_reason(const policy_exec *x, size_t i)
{
	return x && i < x->nfailed ? x->slots[x->failed_checks[i]].reason : NULL;
}

uint64_t policy_exec_tokens_used(const policy_exec *x)
{
	return x ? x->tokens : 0;
}

const policy_trail *policy_exec_trail(const policy_exec *x)
{
	return x && x->finished ? &x->trail : NULL;
}

policy_status policy_exec_decision_json(const policy_exec *x, char **json, size_t *len)
{
	if (!x || !json)
		return POLICY_ERR_ARGUMENT;
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
		jw_member_string(&w, "because", x->slots[a->step].reason);
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
		jw_member_string(&w, "reason", x->slots[x->failed_checks[i]].reason);
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
	policy_status st = buf_export(&b, json, len);
	buf_release(&b);
	return st;
}
