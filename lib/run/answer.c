/*
 * The host's answers to tasks: JSON (policy_exec_complete), typed values
 * (policy_answer_*), failures (policy_exec_fail).
 *
 * Answers are untrusted: JSON is parsed with size and depth limits, and
 * every value is checked against the step's type. A bad answer fails its
 * step (and the decision, if the decision needs that value), never the
 * process.
 *
 * A typed answer is the JSON answer {"value": V, "evidence": E} without
 * the JSON: a number, date, yes/no or text handed over as such, so a host
 * that has the value in hand (a binding, a backtest) does not write JSON
 * for the library to parse back. It means exactly what that JSON means
 * (the same value, the same error for a value of the wrong type), and for
 * the steps whose answers are more than a value (a model's, a list of one
 * per document) it is that JSON, written here.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/decimal.h"
#include "base/json.h"
#include "base/text.h"
#include "run/exec.h"
#include "run/answer.h"
#include "run/exec_llm.h"

policy_status exec_check_task(policy_exec *x, const policy_task *t)
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
	x->slots[t->step].ended = exec_now(x);
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
/* A value written as text (a JSON string, or the digits of a JSON number)
 * as a value of the step's type. */
static bool text_value(policy_exec *x, const char *s, size_t len, policy_type type, value *out)
{
	if (type == POLICY_TYPE_NONE)
		type = POLICY_TYPE_TEXT;
	/* Canonical first ("0.45" is 45% as a fraction), then as written on a
	 * form ("45%", "$72,400"). */
	if (!value_parse_canonical(type, s, len, &x->a, out) && !value_parse(type, s, len, &x->a, out))
		return false;
	return out->type == type || (type_is_numeric(type) && type_is_numeric(out->type)) ||
	       (type == POLICY_TYPE_NUMBER && out->type == POLICY_TYPE_DURATION);
}

/* A JSON scalar answer -> a value of the step's type. */
static bool answer_value(policy_exec *x, const json_value *v, policy_type type, value *out)
{
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
		return text_value(x, v->str, v->len, type, out);
	default:
		return false;
	}
}

static const char *compact(policy_exec *x, const json_value *v)
{
	buf *b = exec_buf(x, 1);
	json_writer w;
	jw_init(&w, b, false);
	jw_value(&w, v);
	char *s = buf_to_arena(b, &x->a);
	if (!s)
		x->nomem = true;
	return s;
}

/* A lookup's evidence when the answer gives none: the fact, the system
 * the policy names, and the source the answer names (or the system). The
 * one without a source is made once per execution: it is the plan's. */
static const char *lookup_evidence(policy_exec *x, uint32_t i, const char *source)
{
	const plan_step *s = &x->plan->steps[i];
	if (!source && x->lookup_evidence[i])
		return x->lookup_evidence[i];
	buf *b = exec_buf(x, 1);
	json_writer w;
	jw_init(&w, b, false);
	jw_begin_object(&w);
	jw_key_lit(&w, "fact");
	jw_string(&w, s->label);
	jw_key_lit(&w, "system");
	jw_string(&w, s->system ? s->system : "");
	jw_key_lit(&w, "source");
	jw_string(&w, source ? source : s->system ? s->system : "");
	jw_end_object(&w);
	char *e = buf_to_arena(b, source ? &x->a : &x->fixed);
	if (!e)
		x->nomem = true;
	else if (!source)
		x->lookup_evidence[i] = e;
	return e;
}

/* What take_value needs of an answer: its value, and its evidence as a
 * parsed object or as compact JSON already (evidence_json), and the
 * "source" a lookup's answer names. */
typedef struct answer_parts {
	const json_value *value;
	const json_value *evidence;
	const char *evidence_json;
	size_t evidence_len;
	const json_value *source;
} answer_parts;

static void take_value(policy_exec *x, uint32_t i, const answer_parts *a);

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
	const json_value *e = json_get(root, "evidence");
	answer_parts parts = { v, e && e->kind == JSON_OBJECT ? e : NULL, NULL, 0,
		               json_get(root, "source") };
	take_value(x, i, &parts);
}

/* An answer's value and its evidence: the object the answer gives
 * (compacted), or, for a lookup, the fact and where it came from. */
static void take_value(policy_exec *x, uint32_t i, const answer_parts *a)
{
	const plan_step *s = &x->plan->steps[i];
	slot *sl = &x->slots[i];
	const json_value *v = a->value;
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
	if (a->evidence_json) {
		sl->evidence = arena_strndup(&x->a, a->evidence_json, a->evidence_len);
		if (!sl->evidence)
			x->nomem = true;
	} else if (a->evidence) {
		sl->evidence = compact(x, a->evidence);
	} else if (s->kind == POLICY_STEP_LOOKUP) {
		const json_value *src = a->source;
		sl->evidence = lookup_evidence(x, i, src && src->kind == JSON_STRING ? src->str : NULL);
	}
}

/* After an answer to an extract or lookup step: done, or, for an extract
 * step with a model fallback whose form had no value, asked of the model. */
static policy_status answered(policy_exec *x, policy_task *t)
{
	const plan_step *s = &x->plan->steps[t->step];
	const slot *sl = &x->slots[t->step];
	if (s->llm_fallback && !sl->v.known && !sl->error && llm_start_fallback(x, t->step))
		return task_ask_again(x, t);
	task_done(x, t);
	return exec_nomem(x) ? POLICY_ERR_NOMEM : POLICY_OK;
}

static size_t max_reply(const policy_exec *x)
{
	return x->opts.max_reply_bytes ? x->opts.max_reply_bytes : (size_t)1 << 20;
}

/* The scratch arena keeps one chunk for the next answer, unless an answer
 * made it big. */
static void scratch_done(policy_exec *x)
{
	if (x->scratch.total > (size_t)64 << 10)
		arena_release(&x->scratch);
	else
		arena_reset(&x->scratch);
}

policy_status policy_exec_complete(policy_exec *x, const policy_task *task,
                                   const char *answer_json, size_t len)
{
	policy_status st = exec_check_task(x, task);
	if (st != POLICY_OK)
		return st;
	if (!answer_json && len)
		return POLICY_ERR_ARGUMENT;
	policy_task *t = &x->tasks[task->step];
	slot *sl = &x->slots[t->step];
	size_t max = max_reply(x);
	if (len > max) {
		slot_error(x, sl, "the %s's answer is larger than the limit%s",
		           step_noun(x->plan->steps[t->step].kind), "");
		task_done(x, t);
		return exec_nomem(x) ? POLICY_ERR_NOMEM : POLICY_OK;
	}
	json_value *root;
	json_error je;
	json_limits lim = { max, 32 };
	if (!json_parse(&x->scratch, answer_json ? answer_json : "", len, &lim, &root, &je)) {
		if (je.nomem)
			x->nomem = true;
		else
			slot_error(x, sl, "the %s's answer is not valid JSON: %s",
			           step_noun(x->plan->steps[t->step].kind), je.message);
	} else if (llm_task(x, t->step)) {
		bool done = llm_take_answer(x, t->step, root);
		scratch_done(x);
		if (!done)
			return task_ask_again(x, t); /* refused once: ask again */
	} else {
		take_answer(x, t->step, root);
		scratch_done(x);
		return answered(x, t);
	}
	scratch_done(x);
	task_done(x, t);
	return exec_nomem(x) ? POLICY_ERR_NOMEM : POLICY_OK;
}

/* ---- the built-in extractor's answers ---- */

/* The built-in extractor and fact lookup (extract.h) write their answers
 * with this library's JSON writer: compact, every string through
 * json_escape, no key twice. Parsed and written again compactly, such an
 * object comes out as the same bytes, so a found value's answer,
 * {"value": V, "text": T, "evidence": {...}} or {"value": V, "source": S,
 * "fact": F}, is read here without building its tree: V (and S) parsed on
 * their own, the evidence kept as written. It means exactly what the JSON
 * path makes of it; any other answer (missing, an error, a list, a model's)
 * takes the JSON path. */

/* A scalar member (the value, a lookup's source) parsed on its own: a
 * string without escapes (the writer's strings are valid UTF-8 with no
 * control characters) or true, false or null read here, the rest by
 * json_parse. */
static const json_value *written_scalar(policy_exec *x, const char *p, size_t len, bool *ok)
{
	static const json_value literals[] = { { .kind = JSON_TRUE }, { .kind = JSON_FALSE },
		                               { .kind = JSON_NULL } };
	if (len == 4 && !memcmp(p, "true", 4))
		return &literals[0];
	if (len == 5 && !memcmp(p, "false", 5))
		return &literals[1];
	if (len == 4 && !memcmp(p, "null", 4))
		return &literals[2];
	if (len >= 2 && p[0] == '"' && !memchr(p + 1, '\\', len - 2)) {
		json_value *s = arena_zalloc(&x->scratch, sizeof *s);
		char *str = s ? arena_strndup(&x->scratch, p + 1, len - 2) : NULL;
		if (!str) {
			*ok = false;
			x->nomem = true;
			return NULL;
		}
		s->kind = JSON_STRING;
		s->str = str;
		s->len = len - 2;
		return s;
	}
	json_value *v;
	json_error je;
	json_limits lim = { 0, 1 };
	if (!json_parse(&x->scratch, p, len, &lim, &v, &je)) {
		*ok = false;
		if (je.nomem)
			x->nomem = true;
		return NULL;
	}
	if (v->kind == JSON_OBJECT || v->kind == JSON_ARRAY)
		*ok = false;
	return v;
}

policy_status exec_complete_builtin_answer(policy_exec *x, const policy_task *task,
                                           const char *json, size_t len)
{
	policy_status st = exec_check_task(x, task);
	if (st != POLICY_OK)
		return st;
	policy_task *t = &x->tasks[task->step];
	const plan_step *s = &x->plan->steps[t->step];
	/* The members a found value's answer has, and no others. */
	static const char *const keys[] = { "value", "evidence", "source", "text", "fact" };
	json_span m[5];
	size_t others;
	if (len > max_reply(x) || s->each || llm_task(x, t->step) ||
	    !json_written_members(json, len, keys, 5, m, &others) || others || !m[0].p ||
	    (m[1].p && *m[1].p != '{'))
		return policy_exec_complete(x, task, json, len);
	bool ok = true;
	answer_parts parts = { written_scalar(x, m[0].p, m[0].len, &ok), NULL, m[1].p, m[1].len,
		               NULL };
	if (ok && m[2].p && !m[1].p && s->kind == POLICY_STEP_LOOKUP)
		parts.source = written_scalar(x, m[2].p, m[2].len, &ok);
	if (!ok) { /* out of memory, or not a scalar: as the JSON path says */
		scratch_done(x);
		return policy_exec_complete(x, task, json, len);
	}
	x->slots[t->step].v = value_missing(s->type);
	take_value(x, t->step, &parts);
	scratch_done(x);
	return answered(x, t);
}

policy_status policy_exec_fail(policy_exec *x, const policy_task *task, const char *message)
{
	policy_status st = exec_check_task(x, task);
	if (st != POLICY_OK)
		return st;
	policy_task *t = &x->tasks[task->step];
	slot_error(x, &x->slots[t->step], "%s", message ? message : "the host could not do it",
	           NULL);
	task_done(x, t);
	return exec_nomem(x) ? POLICY_ERR_NOMEM : POLICY_OK;
}


/* ---- typed answers ---- */

/* A typed value: text as a JSON string would hold it (text, dates), the
 * digits of a JSON number, or a boolean. */
typedef struct typed {
	const char *text;
	size_t len;
	bool quoted;
	int boolean;     /* -1: not a boolean */
	/* What the text parses to for a step of the matching type, so it
	 * need not be parsed: a number (money, number, percent, ratio) or a
	 * date. */
	enum { DIRECT_NONE, DIRECT_NUMBER, DIRECT_DATE } direct;
	decimal num;
	int32_t days;
} typed;

/* The value as its JSON: what the answer would have said. */
static void typed_json(const typed *v, buf *b)
{
	if (v->boolean >= 0) {
		buf_puts(b, v->boolean ? "true" : "false");
	} else if (v->quoted) {
		json_writer w;
		jw_init(&w, b, false);
		jw_string_n(&w, v->text, v->len);
	} else {
		buf_append(b, v->text, v->len);
	}
}

/* The answer as JSON, for steps whose answers are more than one value. */
static policy_status complete_json(policy_exec *x, const policy_task *t, const char *key,
                                   const typed *v, const char *evidence_json)
{
	buf *b = exec_buf(x, 0);
	buf_putc(b, '{');
	json_escape(b, key, strlen(key));
	buf_putc(b, ':');
	if (v)
		typed_json(v, b);
	else
		buf_puts(b, "null");
	if (evidence_json) {
		buf_puts(b, ",\"evidence\":");
		buf_puts(b, evidence_json);
	}
	buf_putc(b, '}');
	if (buf_failed(b)) {
		x->nomem = true;
		return POLICY_ERR_NOMEM;
	}
	return policy_exec_complete(x, t, b->data, b->len);
}

static policy_status answer_typed(policy_exec *x, const policy_task *task, const typed *v,
                                  const char *evidence_json)
{
	policy_status st = exec_check_task(x, task);
	if (st != POLICY_OK)
		return st;
	policy_task *t = &x->tasks[task->step];
	const plan_step *s = &x->plan->steps[t->step];
	/* The answer of a model, a list, one with evidence, text that is not
	 * plain UTF-8 or that may be near the size limit: as its JSON. */
	if (evidence_json || s->each || llm_task(x, t->step) || v->len > max_reply(x) / 8 ||
	    (v->quoted && !text_valid_utf8(v->text, v->len)))
		return complete_json(x, task, "value", v, evidence_json);
	slot *sl = &x->slots[t->step];
	sl->v = value_missing(s->type);
	bool ok;
	if (v->boolean >= 0) {
		ok = s->type == POLICY_TYPE_BOOLEAN;
		if (ok)
			sl->v = value_bool(v->boolean);
	} else if (v->direct == DIRECT_NUMBER &&
	           (s->type == POLICY_TYPE_MONEY || s->type == POLICY_TYPE_NUMBER ||
	            s->type == POLICY_TYPE_PERCENT || s->type == POLICY_TYPE_RATIO)) {
		/* what value_parse_canonical makes of the digits */
		ok = true;
		sl->v = value_number(v->num);
		sl->v.type = s->type;
	} else if (v->direct == DIRECT_DATE && s->type == POLICY_TYPE_DATE) {
		ok = true;
		sl->v = value_date(v->days);
	} else {
		ok = !memchr(v->text, '\0', v->len) && text_value(x, v->text, v->len, s->type, &sl->v);
	}
	if (!ok) {
		buf m;
		buf_init(&m, &x->m);
		buf_puts(&m, "the answer ");
		typed_json(v, &m);
		buf_printf(&m, " is not %s", type_noun(s->type ? s->type : POLICY_TYPE_TEXT));
		sl->error = exec_take_buf(x, &m, &x->a);
		sl->v = value_missing(s->type);
	} else if (s->type != POLICY_TYPE_NONE && type_is_numeric(s->type) &&
	           type_is_numeric(sl->v.type)) {
		sl->v.type = s->type;
	}
	if (ok && s->kind == POLICY_STEP_LOOKUP)
		sl->evidence = lookup_evidence(x, t->step, NULL);
	return answered(x, t);
}

policy_status policy_answer_text(policy_exec *x, const policy_task *t, const char *text,
                                 size_t len, const char *evidence_json)
{
	if (!text && len)
		return POLICY_ERR_ARGUMENT;
	typed v = { text ? text : "", len, true, -1, DIRECT_NONE, { 0, 0 }, 0 };
	return answer_typed(x, t, &v, evidence_json);
}

policy_status policy_answer_number(policy_exec *x, const policy_task *t, int64_t units,
                                   int scale, const char *evidence_json)
{
	if (scale < 0 || scale > 18)
		return POLICY_ERR_ARGUMENT;
	/* units / 10^scale, written as its JSON number: "-724.00" */
	char digits[24], out[48];
	uint64_t u = units < 0 ? (uint64_t)0 - (uint64_t)units : (uint64_t)units;
	int n = 0;
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u || n <= scale);
	size_t len = 0;
	if (units < 0)
		out[len++] = '-';
	while (n > 0) {
		if (n == scale)
			out[len++] = '.';
		out[len++] = digits[--n];
	}
	typed v = { out, len, false, -1, DIRECT_NUMBER, decimal_make(units, scale), 0 };
	return answer_typed(x, t, &v, evidence_json);
}

policy_status policy_answer_date(policy_exec *x, const policy_task *t, int year, int month,
                                 int day, const char *evidence_json)
{
	int32_t days;
	if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 ||
	    day > date_days_in_month(year, month) || !date_from_ymd(year, month, day, &days))
		return POLICY_ERR_ARGUMENT;
	char out[11] = { (char)('0' + year / 1000), (char)('0' + year / 100 % 10),
		         (char)('0' + year / 10 % 10), (char)('0' + year % 10), '-',
		         (char)('0' + month / 10), (char)('0' + month % 10), '-',
		         (char)('0' + day / 10), (char)('0' + day % 10), '\0' };
	typed v = { out, 10, true, -1, DIRECT_DATE, { 0, 0 }, days };
	return answer_typed(x, t, &v, evidence_json);
}

policy_status policy_answer_bool(policy_exec *x, const policy_task *t, int yes,
                                 const char *evidence_json)
{
	typed v = { "", 0, false, yes != 0, DIRECT_NONE, { 0, 0 }, 0 };
	return answer_typed(x, t, &v, evidence_json);
}

policy_status policy_answer_missing(policy_exec *x, const policy_task *task, const char *why)
{
	policy_status st = exec_check_task(x, task);
	if (st != POLICY_OK)
		return st;
	policy_task *t = &x->tasks[task->step];
	const plan_step *s = &x->plan->steps[t->step];
	size_t len = why ? strlen(why) : 0;
	if (s->each || llm_task(x, t->step) || len > max_reply(x) / 8 || !text_valid_utf8(why, len)) {
		typed v = { why, len, true, -1, DIRECT_NONE, { 0, 0 }, 0 };
		return complete_json(x, task, "missing", why ? &v : NULL, NULL);
	}
	slot *sl = &x->slots[t->step];
	sl->v = value_missing(s->type);
	sl->why_missing = exec_strdup(x, why);
	return answered(x, t);
}
