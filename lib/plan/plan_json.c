/*
 * Plans as JSON: the canonical writer and the validating loader.
 *
 * The writer is the definition of the format: members in a fixed order,
 * two-space indentation, decimals as strings. The body hash covers the
 * canonical text of everything but "hashes", so the loader recomputes it
 * from what it understood (not from the bytes it read): any change to the
 * meaning of a plan, however it is formatted, breaks the hash, and saving a
 * loaded plan reproduces the original bytes.
 *
 * The loader treats the JSON as hostile. Every member is checked for type
 * and range, unknown members are rejected (nothing can ride along
 * unhashed), expressions are checked operator by operator (arity, operand
 * kinds, constants that parse as their declared type), step references
 * must name existing steps, the steps must be in level order with the
 * levels the dependencies give, and the hash must match. Each rejection
 * says what was wrong and where (line and column in the JSON).
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/json.h"
#include "plan/llm.h"
#include "plan/plan.h"
#include "plan/plan_json.h"

/* ---- writing ---- */

static void write_span(json_writer *w, span sp)
{
	jw_begin_array(w);
	w->pretty = false;
	jw_uint(w, sp.line);
	jw_uint(w, sp.column);
	jw_uint(w, sp.length);
	jw_end_array(w);
}

static void write_const(json_writer *w, const value *v)
{
	jw_key(w, "type");
	jw_string(w, policy_type_name(v->type));
	jw_key(w, "value");
	buf tmp;
	buf_init(&tmp, w->b->m);
	value_to_json(&tmp, v);
	if (buf_failed(&tmp))
		w->b->failed = true;
	else
		jw_raw(w, tmp.data ? tmp.data : "null", tmp.len ? tmp.len : 4);
	buf_release(&tmp);
}

static void write_expr(json_writer *w, const policy_plan *p, const expr *e)
{
	if (!e) {
		jw_null(w);
		return;
	}
	bool pretty = w->pretty;
	jw_begin_object(w);
	jw_key(w, "op");
	jw_string(w, expr_op_name(e->op));
	switch (e->op) {
	case E_REF:
	case E_ANY:
	case E_ALL:
		jw_key(w, "step");
		jw_string(w, p->steps[e->step].id);
		break;
	case E_CONST:
		write_const(w, &e->val);
		break;
	case E_CMP:
		jw_key(w, "cmp");
		jw_string(w, cmp_op_name(e->cmp));
		break;
	case E_ELAPSED:
	case E_WITHIN:
		jw_key(w, "unit");
		jw_string(w, duration_unit_name(e->unit, true));
		break;
	case E_DOC_COUNT:
		jw_key(w, "document");
		jw_string(w, e->doc);
		break;
	case E_CASE:
		jw_key(w, "table");
		jw_string(w, e->table ? e->table : "");
		break;
	default:
		break;
	}
	if (e->op != E_CONST) {
		jw_key(w, "type");
		jw_string(w, e->type ? policy_type_name(e->type) : "none");
	}
	jw_member_string(w, "text", e->text);
	jw_key(w, "span");
	write_span(w, e->sp);
	w->pretty = pretty;
	if (e->nargs) {
		jw_key(w, "args");
		jw_begin_array(w);
		for (uint32_t i = 0; i < e->nargs; i++)
			write_expr(w, p, e->args[i]);
		jw_end_array(w);
	}
	jw_end_object(w);
}

/* Written only when set, so plans without it keep their bytes and hash. */
static void write_may_be_absent(json_writer *w, const plan_step *s)
{
	if (!s->may_be_absent)
		return;
	jw_key(w, "may_be_absent");
	jw_bool(w, true);
}

static void write_step(json_writer *w, const policy_plan *p, const plan_step *s)
{
	jw_begin_object(w);
	jw_key(w, "id");
	jw_string(w, s->id);
	jw_key(w, "kind");
	jw_string(w, policy_step_kind_name(s->kind));
	jw_key(w, "level");
	jw_uint(w, s->level);
	jw_key(w, "type");
	jw_string(w, s->type ? policy_type_name(s->type) : "none");
	jw_key(w, "deterministic");
	jw_bool(w, s->deterministic);
	jw_key(w, "est_tokens");
	jw_uint(w, s->est_tokens);
	jw_key(w, "inputs");
	jw_begin_array(w);
	for (uint32_t i = 0; i < s->ninputs; i++)
		jw_string(w, p->steps[s->inputs[i]].id);
	jw_end_array(w);
	jw_key(w, "span");
	bool pretty = w->pretty;
	write_span(w, s->sp);
	w->pretty = pretty;
	jw_member_string(w, "sentence", s->sentence);
	jw_member_string(w, "label", s->label);
	switch (s->kind) {
	case POLICY_STEP_EXTRACT:
		jw_member_string(w, "document", s->doc);
		jw_key(w, "each");
		jw_bool(w, s->each);
		jw_key(w, "llm_fallback");
		jw_bool(w, s->llm_fallback);
		write_may_be_absent(w, s);
		break;
	case POLICY_STEP_LOOKUP:
		jw_member_string(w, "system", s->system);
		jw_key(w, "keys");
		jw_begin_array(w);
		for (uint32_t k = 0; k < s->nkeys; k++)
			write_expr(w, p, s->keys[k]);
		jw_end_array(w);
		write_may_be_absent(w, s);
		break;
	case POLICY_STEP_COMPUTE:
		jw_key(w, "value");
		write_expr(w, p, s->value);
		break;
	case POLICY_STEP_CHECK:
		jw_key(w, "condition");
		write_expr(w, p, s->value);
		jw_key(w, "guard");
		write_expr(w, p, s->guard);
		break;
	case POLICY_STEP_REQUIRE:
		jw_member_string(w, "document", s->doc);
		jw_key(w, "min_count");
		jw_uint(w, s->min_count);
		jw_key(w, "guard");
		write_expr(w, p, s->guard);
		break;
	case POLICY_STEP_ACTION:
		jw_member_string(w, "verb", s->verb);
		jw_member_string(w, "object", s->object);
		jw_key(w, "guard");
		write_expr(w, p, s->guard);
		break;
	case POLICY_STEP_LLM: {
		const llm_spec *l = s->llm;
		jw_key(w, "llm");
		jw_begin_object(w);
		jw_key(w, "task");
		jw_string(w, llm_kind_name(l->kind));
		jw_member_string(w, "question", l->question);
		jw_member_string(w, "answer_key", l->answer_key);
		jw_key(w, "choices");
		jw_begin_array(w);
		for (uint32_t k = 0; k < l->nchoices; k++)
			jw_string(w, l->choices[k]);
		jw_end_array(w);
		jw_key(w, "documents");
		jw_begin_array(w);
		for (uint32_t k = 0; k < l->ndocuments; k++)
			jw_string(w, l->documents[k]);
		jw_end_array(w);
		jw_key(w, "max_tokens");
		jw_uint(w, l->max_tokens);
		jw_end_object(w);
		jw_key(w, "reads");
		jw_begin_array(w);
		for (uint32_t k = 0; k < s->nkeys; k++)
			write_expr(w, p, s->keys[k]);
		jw_end_array(w);
		jw_key(w, "guard");
		write_expr(w, p, s->guard);
		break;
	}
	case POLICY_STEP_GUARDRAIL:
		jw_key(w, "guardrail");
		jw_begin_object(w);
		jw_member_string(w, "verb", s->guardrail->verb);
		jw_member_string(w, "object", s->guardrail->object);
		jw_member_string(w, "alternative", s->guardrail->alternative);
		jw_end_object(w);
		jw_key(w, "value");
		write_expr(w, p, s->value);
		jw_key(w, "guard");
		write_expr(w, p, s->guard);
		break;
	}
	jw_end_object(w);
}

/* The source map; written only when there is one, so plans saved before
 * it existed keep their bytes and hash. */
static void write_sentences(json_writer *w, const policy_plan *p)
{
	if (!p->nsentences)
		return;
	jw_key(w, "sources");
	jw_begin_array(w);
	for (uint32_t i = 0; i < p->nsentences; i++) {
		const plan_sentence *s = &p->sentences[i];
		jw_begin_object(w);
		jw_key(w, "span");
		bool pretty = w->pretty;
		write_span(w, s->sp);
		w->pretty = pretty;
		jw_member_string(w, "text", s->text);
		jw_key(w, "class");
		jw_string(w, sentence_class_name(s->cls));
		jw_member_string(w, "section", s->section);
		jw_member_string(w, "title", s->title);
		jw_member_string(w, "clause", s->clause);
		jw_key(w, "steps");
		jw_begin_array(w);
		for (uint32_t k = 0; k < s->nsteps; k++)
			jw_string(w, p->steps[s->steps[k]].id);
		jw_end_array(w);
		jw_end_object(w);
	}
	jw_end_array(w);
}

/* Sentences the compile-time assistant restated; written only when there
 * are some, so other plans keep their bytes and hash. */
static void write_assisted(json_writer *w, const policy_plan *p)
{
	if (!p->nassisted)
		return;
	jw_key(w, "assisted");
	jw_begin_array(w);
	for (uint32_t i = 0; i < p->nassisted; i++) {
		const plan_assist *a = &p->assisted[i];
		jw_begin_object(w);
		jw_member_string(w, "entry", a->entry);
		jw_key(w, "span");
		bool pretty = w->pretty;
		write_span(w, a->sp);
		w->pretty = pretty;
		jw_member_string(w, "sentence", a->sentence);
		jw_member_string(w, "restatement", a->restatement);
		jw_key(w, "steps");
		jw_begin_array(w);
		for (uint32_t k = 0; k < a->nsteps; k++)
			jw_string(w, p->steps[a->steps[k]].id);
		jw_end_array(w);
		jw_end_object(w);
	}
	jw_end_array(w);
}

static void write_document(const policy_plan *p, buf *b, bool with_hashes)
{
	json_writer w;
	jw_init(&w, b, true);
	jw_begin_object(&w);
	jw_key(&w, "format");
	jw_string(&w, POLICY_PLAN_FORMAT);
	jw_key(&w, "policy");
	jw_begin_object(&w);
	jw_member_string(&w, "name", p->name);
	jw_member_string(&w, "version", p->version);
	jw_member_string(&w, "effective", p->effective);
	jw_member_string(&w, "source", p->source);
	jw_member_string(&w, "trigger", p->trigger);
	jw_end_object(&w);
	jw_key(&w, "token_budget");
	jw_uint(&w, p->token_budget);
	jw_key(&w, "est_tokens");
	jw_uint(&w, p->est_tokens);
	jw_key(&w, "levels");
	jw_uint(&w, p->nlevels);
	jw_key(&w, "schema");
	jw_begin_array(&w);
	for (uint32_t i = 0; i < p->nfields; i++) {
		const field_schema *f = &p->fields[i];
		jw_begin_object(&w);
		jw_key(&w, "name");
		jw_string(&w, f->name);
		jw_key(&w, "type");
		jw_string(&w, policy_type_name(f->type));
		jw_key(&w, "origin");
		jw_string(&w, policy_step_kind_name(f->origin));
		jw_member_string(&w, "source", f->source);
		jw_key(&w, "step");
		jw_string(&w, p->steps[f->step].id);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_key(&w, "steps");
	jw_begin_array(&w);
	for (uint32_t i = 0; i < p->nsteps; i++)
		write_step(&w, p, &p->steps[i]);
	jw_end_array(&w);
	write_sentences(&w, p);
	write_assisted(&w, p);
	/* The body hash covers everything but itself, the text hash included:
	 * no byte of a saved plan can change unnoticed. */
	jw_key(&w, "hashes");
	jw_begin_object(&w);
	jw_key(&w, "text");
	jw_string(&w, p->text_hash);
	if (with_hashes) {
		jw_key(&w, "body");
		jw_string(&w, p->body_hash);
	}
	jw_end_object(&w);
	jw_end_object(&w);
	buf_putc(b, '\n');
}

void plan_write_body(const policy_plan *p, buf *b)
{
	write_document(p, b, false);
}

void plan_write(const policy_plan *p, buf *b)
{
	write_document(p, b, true);
}

policy_status policy_plan_save(const policy_plan *plan, char **json, size_t *len)
{
	if (!plan || !json)
		return POLICY_ERR_ARGUMENT;
	buf b;
	buf_init(&b, &plan->m);
	plan_write(plan, &b);
	policy_status st = buf_export(&b, json, len);
	buf_release(&b);
	return st;
}

/* ---- loading ---- */

typedef struct loader {
	policy_plan *p;
	const json_value *steps_json;
	char msg[256];
	unsigned line, column;
	bool nomem;
	bool limit; /* the failure is a configured limit (POLICY_ERR_LIMIT) */
	/* Step ids -> index + 1 (0: empty), open addressing: every reference
	 * is looked up, and a linear scan made loading quadratic in steps. */
	uint32_t *index;
	size_t index_mask;
} loader;

static bool fail(loader *L, const json_value *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(loader *L, const json_value *at, const char *fmt, ...)
{
	if (L->msg[0])
		return false;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(L->msg, sizeof L->msg, fmt, ap);
	va_end(ap);
	if (at) {
		L->line = at->line;
		L->column = at->column;
	}
	return false;
}

/* Every member of `obj` must be one of `allowed` (NULL-terminated). */
static bool only_members(loader *L, const json_value *obj, const char *what,
                         const char *const *allowed)
{
	for (size_t i = 0; i < obj->count; i++) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			if (!strcmp(obj->keys[i], *a))
				ok = true;
		if (!ok)
			return fail(L, obj->items[i], "%s has an unknown member \"%s\"", what,
			            obj->keys[i]);
	}
	return true;
}

static bool get_string(loader *L, const json_value *obj, const char *key, bool nullable,
                       const char **out, const char *what)
{
	const json_value *v = json_get(obj, key);
	if (!v)
		return fail(L, obj, "%s has no \"%s\"", what, key);
	if (v->kind == JSON_NULL && nullable) {
		*out = NULL;
		return true;
	}
	if (v->kind != JSON_STRING || strlen(v->str) != v->len)
		return fail(L, v, "\"%s\" of %s must be a string", key, what);
	*out = v->str;
	return true;
}

static bool get_uint(loader *L, const json_value *obj, const char *key, uint64_t max,
                     uint64_t *out, const char *what)
{
	const json_value *v = json_get(obj, key);
	int64_t n;
	if (!v)
		return fail(L, obj, "%s has no \"%s\"", what, key);
	if (!json_is_int(v, 0, (int64_t)(max > INT64_MAX ? INT64_MAX : max), &n))
		return fail(L, v, "\"%s\" of %s must be a whole number from 0 to %llu", key, what,
		            (unsigned long long)max);
	*out = (uint64_t)n;
	return true;
}

static bool get_bool(loader *L, const json_value *obj, const char *key, bool *out,
                     const char *what)
{
	const json_value *v = json_get(obj, key);
	if (!v)
		return fail(L, obj, "%s has no \"%s\"", what, key);
	if (v->kind != JSON_TRUE && v->kind != JSON_FALSE)
		return fail(L, v, "\"%s\" of %s must be true or false", key, what);
	*out = v->kind == JSON_TRUE;
	return true;
}

static bool get_type(loader *L, const json_value *obj, const char *key, bool none_ok,
                     policy_type *out, const char *what)
{
	const char *s;
	if (!get_string(L, obj, key, false, &s, what))
		return false;
	if (none_ok && !strcmp(s, "none")) {
		*out = POLICY_TYPE_NONE;
		return true;
	}
	*out = type_from_name(s, strlen(s));
	if (*out == POLICY_TYPE_NONE)
		return fail(L, json_get(obj, key), "\"%s\" is not a type", s);
	return true;
}

static bool get_span(loader *L, const json_value *obj, span *out, const char *what)
{
	const json_value *v = json_get(obj, "span");
	int64_t a, b, c;
	if (!v)
		return fail(L, obj, "%s has no \"span\"", what);
	if (v->kind != JSON_ARRAY || v->count != 3 || !json_is_int(v->items[0], 0, UINT32_MAX, &a) ||
	    !json_is_int(v->items[1], 0, UINT32_MAX, &b) ||
	    !json_is_int(v->items[2], 0, UINT32_MAX, &c))
		return fail(L, v, "the span of %s must be [line, column, length]", what);
	out->line = (unsigned)a;
	out->column = (unsigned)b;
	out->length = (unsigned)c;
	return true;
}

static size_t id_slot(const loader *L, const char *id)
{
	size_t h = 5381;
	for (const char *c = id; *c; c++)
		h = h * 33 + (unsigned char)*c;
	size_t k = h & L->index_mask;
	while (L->index[k] && strcmp(L->p->steps[L->index[k] - 1].id, id))
		k = (k + 1) & L->index_mask;
	return k;
}

static int32_t step_index(const loader *L, const char *id)
{
	if (!L->index)
		return -1;
	uint32_t i = L->index[id_slot(L, id)];
	return i ? (int32_t)i - 1 : -1;
}

static char *copy(loader *L, const char *s)
{
	if (!s)
		return NULL;
	char *d = arena_strdup(&L->p->a, s);
	if (!d)
		L->nomem = true;
	return d;
}

/* How many arguments each operator takes: min, max (0 = none). */
static void arity(expr_op op, uint32_t *min, uint32_t *max)
{
	switch (op) {
	case E_REF: case E_CONST: case E_DOC_COUNT: *min = *max = 0; break;
	case E_LIST_COUNT: case E_MISSING: case E_NOT: case E_ANY: case E_ALL: case E_AVG:
		*min = *max = 1; break;
	case E_ADD: case E_SUB: case E_MUL: case E_DIV: case E_PCT_OF: case E_ELAPSED:
	case E_CMP: case E_IN: *min = *max = 2; break;
	case E_BETWEEN: case E_WITHIN: case E_ROUND: *min = *max = 3; break;
	case E_SET: case E_SUM: case E_MIN: case E_MAX: *min = 1; *max = 4096; break;
	case E_AND: case E_OR: *min = 2; *max = 1u << 20; break;
	case E_CASE: *min = 2; *max = 2 * 4096; break; /* pairs: checked by the loader */
	default: *min = *max = 0; break;
	}
}

static expr *load_expr(loader *L, const json_value *v, const char *what, unsigned depth)
{
	static const char *const members[] = { "op", "step", "type", "value", "cmp", "unit",
	                                       "document", "table", "text", "span", "args", NULL };
	if (depth > 200) {
		fail(L, v, "an expression of %s is nested too deeply", what);
		return NULL;
	}
	if (v->kind != JSON_OBJECT) {
		fail(L, v, "an expression of %s must be an object", what);
		return NULL;
	}
	if (!only_members(L, v, "an expression", members))
		return NULL;
	expr *e = arena_zalloc(&L->p->a, sizeof *e);
	if (!e) {
		L->nomem = true;
		return NULL;
	}
	const char *op;
	if (!get_string(L, v, "op", false, &op, "an expression"))
		return NULL;
	if (!expr_op_from_name(op, &e->op)) {
		fail(L, json_get(v, "op"), "\"%s\" is not an operator", op);
		return NULL;
	}
	const char *text;
	if (!get_string(L, v, "text", true, &text, "an expression") ||
	    !get_span(L, v, &e->sp, "an expression"))
		return NULL;
	e->text = copy(L, text);
	switch (e->op) {
	case E_REF:
	case E_ANY:
	case E_ALL: {
		const char *id;
		if (!get_string(L, v, "step", false, &id, "a reference"))
			return NULL;
		int32_t k = step_index(L, id);
		if (k < 0) {
			fail(L, json_get(v, "step"), "the reference to \"%s\" names no step", id);
			return NULL;
		}
		e->step = (uint32_t)k;
		break;
	}
	case E_CONST: {
		policy_type t;
		if (!get_type(L, v, "type", false, &t, "a constant"))
			return NULL;
		const json_value *val = json_get(v, "value");
		if (!val) {
			fail(L, v, "a constant has no \"value\"");
			return NULL;
		}
		bool ok = false;
		if (val->kind == JSON_NULL) {
			/* a table cell with no value ("N/A"): only a row's value may be
			 * one, which the "case" that holds it checks */
			ok = true;
			e->val = value_missing(t);
		} else if (t == POLICY_TYPE_COUNT) {
			int64_t n;
			ok = json_is_int(val, 0, INT64_MAX, &n);
			if (ok)
				e->val = value_count(n);
		} else if (t == POLICY_TYPE_BOOLEAN) {
			ok = val->kind == JSON_TRUE || val->kind == JSON_FALSE;
			if (ok)
				e->val = value_bool(val->kind == JSON_TRUE);
		} else if (val->kind == JSON_STRING && strlen(val->str) == val->len) {
			ok = value_parse_canonical(t, val->str, val->len, &L->p->a, &e->val) &&
			     e->val.type == t;
		}
		if (!ok) {
			fail(L, val, "the constant is not a valid %s", policy_type_name(t));
			return NULL;
		}
		e->type = t;
		break;
	}
	case E_CMP: {
		const char *c;
		if (!get_string(L, v, "cmp", false, &c, "a comparison"))
			return NULL;
		if (!cmp_op_from_name(c, &e->cmp)) {
			fail(L, json_get(v, "cmp"), "\"%s\" is not a comparison", c);
			return NULL;
		}
		break;
	}
	case E_ELAPSED:
	case E_WITHIN: {
		const char *u;
		if (!get_string(L, v, "unit", false, &u, "an elapsed time"))
			return NULL;
		if (!duration_unit_from_word(u, strlen(u), &e->unit)) {
			fail(L, json_get(v, "unit"), "\"%s\" is not a unit of time", u);
			return NULL;
		}
		break;
	}
	case E_DOC_COUNT: {
		const char *d;
		if (!get_string(L, v, "document", false, &d, "a document count"))
			return NULL;
		if (!*d) {
			fail(L, json_get(v, "document"), "a document count needs a document type");
			return NULL;
		}
		e->doc = copy(L, d);
		break;
	}
	case E_CASE: {
		const char *t;
		if (!get_string(L, v, "table", false, &t, "a table lookup"))
			return NULL;
		e->table = copy(L, t);
		break;
	}
	default:
		break;
	}
	if (e->op != E_CONST && !get_type(L, v, "type", true, &e->type, "an expression"))
		return NULL;
	/* Members that belong to other operators are not tolerated. */
	static const struct {
		const char *key;
		expr_op op1, op2;
	} owned[] = {
		{ "value", E_CONST, E_CONST }, { "cmp", E_CMP, E_CMP },
		{ "unit", E_ELAPSED, E_WITHIN }, { "document", E_DOC_COUNT, E_DOC_COUNT },
		{ "table", E_CASE, E_CASE },
	};
	if (json_get(v, "step") && e->op != E_REF && e->op != E_ANY && e->op != E_ALL) {
		fail(L, json_get(v, "step"), "\"step\" does not belong to a \"%s\" expression", op);
		return NULL;
	}
	for (size_t k = 0; k < sizeof owned / sizeof owned[0]; k++)
		if (json_get(v, owned[k].key) && e->op != owned[k].op1 && e->op != owned[k].op2) {
			fail(L, json_get(v, owned[k].key), "\"%s\" does not belong to a \"%s\" expression",
			     owned[k].key, op);
			return NULL;
		}
	uint32_t min, max;
	arity(e->op, &min, &max);
	const json_value *args = json_get(v, "args");
	size_t n = 0;
	if (args) {
		if (args->kind != JSON_ARRAY) {
			fail(L, args, "\"args\" must be an array");
			return NULL;
		}
		n = args->count;
	}
	if (n < min || n > max || (args && n == 0)) {
		fail(L, args ? args : v, "a \"%s\" expression takes %u to %u arguments, not %zu", op,
		     min, max, n);
		return NULL;
	}
	if (n) {
		e->args = arena_alloc(&L->p->a, n * sizeof *e->args);
		if (!e->args) {
			L->nomem = true;
			return NULL;
		}
		for (size_t k = 0; k < n; k++) {
			e->args[k] = load_expr(L, args->items[k], what, depth + 1);
			if (!e->args[k])
				return NULL;
		}
		e->nargs = (uint32_t)n;
	}
	if (e->op == E_SET)
		for (uint32_t k = 0; k < e->nargs; k++)
			if (e->args[k]->op != E_CONST) {
				fail(L, args->items[k], "a set holds only constants");
				return NULL;
			}
	if (e->op == E_MISSING && e->args[0]->op != E_REF) {
		fail(L, args->items[0], "\"missing\" applies to a step's value");
		return NULL;
	}
	if (e->op == E_CASE && e->nargs % 2) {
		fail(L, args, "a \"case\" takes pairs of a condition and a value, not %u arguments",
		     e->nargs);
		return NULL;
	}
	for (uint32_t k = 0; k < e->nargs; k++)
		if (e->args[k]->op == E_CONST && !e->args[k]->val.known && (e->op != E_CASE || k % 2 == 0)) {
			fail(L, args->items[k], "a constant needs a value; only a table row's may have none");
			return NULL;
		}
	return e;
}

/* An expression a step holds: a constant there needs a value. */
static expr *load_top_expr(loader *L, const json_value *v, const char *what)
{
	expr *e = load_expr(L, v, what, 0);
	if (e && e->op == E_CONST && !e->val.known) {
		fail(L, v, "a constant needs a value; only a table row's may have none");
		return NULL;
	}
	return e;
}

static bool load_opt_expr(loader *L, const json_value *step, const char *key, bool required,
                          expr **out, const char *id)
{
	const json_value *v = json_get(step, key);
	if (!v)
		return fail(L, step, "step \"%s\" has no \"%s\"", id, key);
	if (v->kind == JSON_NULL) {
		if (required)
			return fail(L, v, "step \"%s\" needs a \"%s\"", id, key);
		*out = NULL;
		return true;
	}
	*out = load_top_expr(L, v, id);
	return *out != NULL;
}

static bool load_keys(loader *L, const json_value *step, plan_step *s)
{
	const json_value *keys = json_get(step, "keys");
	if (!keys || keys->kind != JSON_ARRAY)
		return fail(L, keys ? keys : step, "lookup step \"%s\" needs a \"keys\" array", s->id);
	if (keys->count > 64)
		return fail(L, keys, "lookup step \"%s\" has too many keys", s->id);
	s->keys = arena_alloc(&L->p->a, (keys->count ? keys->count : 1) * sizeof *s->keys);
	if (!s->keys) {
		L->nomem = true;
		return false;
	}
	for (size_t k = 0; k < keys->count; k++) {
		s->keys[k] = load_top_expr(L, keys->items[k], s->id);
		if (!s->keys[k])
			return false;
	}
	s->nkeys = (uint32_t)keys->count;
	return true;
}

static bool load_strings(loader *L, const json_value *obj, const char *key, const char ***out,
                         uint32_t *n, const char *id)
{
	const json_value *a = json_get(obj, key);
	if (!a || a->kind != JSON_ARRAY || a->count > 256)
		return fail(L, a ? a : obj, "step \"%s\" needs a \"%s\" array of at most 256 strings",
		            id, key);
	const char **v = arena_alloc(&L->p->a, (a->count ? a->count : 1) * sizeof *v);
	if (!v) {
		L->nomem = true;
		return false;
	}
	for (size_t i = 0; i < a->count; i++) {
		const json_value *it = a->items[i];
		if (it->kind != JSON_STRING || strlen(it->str) != it->len || !it->len)
			return fail(L, it, "\"%s\" of step \"%s\" holds only non-empty strings", key, id);
		v[i] = copy(L, it->str);
	}
	*out = v;
	*n = (uint32_t)a->count;
	return !L->nomem;
}

static bool load_llm(loader *L, const json_value *step, plan_step *s)
{
	static const char *const members[] = { "task", "question", "answer_key", "choices",
	                                       "documents", "max_tokens", NULL };
	const json_value *v = json_get(step, "llm");
	if (!v || v->kind != JSON_OBJECT)
		return fail(L, v ? v : step, "llm step \"%s\" needs an \"llm\" object", s->id);
	if (!only_members(L, v, "\"llm\"", members))
		return false;
	llm_spec *l = arena_zalloc(&L->p->a, sizeof *l);
	if (!l) {
		L->nomem = true;
		return false;
	}
	const char *task, *question, *key;
	uint64_t max;
	if (!get_string(L, v, "task", false, &task, "\"llm\"") ||
	    !get_string(L, v, "question", false, &question, "\"llm\"") ||
	    !get_string(L, v, "answer_key", false, &key, "\"llm\"") ||
	    !get_uint(L, v, "max_tokens", 100000, &max, "\"llm\"") ||
	    !load_strings(L, v, "choices", &l->choices, &l->nchoices, s->id) ||
	    !load_strings(L, v, "documents", &l->documents, &l->ndocuments, s->id))
		return false;
	if (!llm_kind_from_name(task, &l->kind))
		return fail(L, json_get(v, "task"), "\"%s\" is not a model task", task);
	if (!*key)
		return fail(L, json_get(v, "answer_key"), "the answer key must not be empty");
	if ((l->kind == LLM_CLASSIFY) != (l->nchoices > 0))
		return fail(L, json_get(v, "choices"), "only a classification has choices, and it needs them");
	l->question = copy(L, question);
	l->answer_key = copy(L, key);
	l->max_tokens = (uint32_t)max;
	s->llm = l;
	const json_value *reads = json_get(step, "reads");
	if (!reads || reads->kind != JSON_ARRAY || reads->count > 64)
		return fail(L, reads ? reads : step, "llm step \"%s\" needs a \"reads\" array", s->id);
	s->keys = arena_alloc(&L->p->a, (reads->count ? reads->count : 1) * sizeof *s->keys);
	if (!s->keys) {
		L->nomem = true;
		return false;
	}
	for (size_t k = 0; k < reads->count; k++)
		if (!(s->keys[k] = load_top_expr(L, reads->items[k], s->id)))
			return false;
	s->nkeys = (uint32_t)reads->count;
	uint64_t bound = llm_estimate(L->p, s);
	if (!bound) {
		L->nomem = true;
		return false;
	}
	if (s->est_tokens != bound)
		return fail(L, json_get(step, "est_tokens"),
		            "step \"%s\" estimates %llu tokens, but its request is bounded by %llu",
		            s->id, (unsigned long long)s->est_tokens, (unsigned long long)bound);
	return !L->nomem;
}

static bool load_guardrail(loader *L, const json_value *step, plan_step *s)
{
	static const char *const members[] = { "verb", "object", "alternative", NULL };
	const json_value *v = json_get(step, "guardrail");
	if (!v || v->kind != JSON_OBJECT)
		return fail(L, v ? v : step, "guardrail step \"%s\" needs a \"guardrail\" object", s->id);
	if (!only_members(L, v, "\"guardrail\"", members))
		return false;
	guardrail_spec *g = arena_zalloc(&L->p->a, sizeof *g);
	if (!g) {
		L->nomem = true;
		return false;
	}
	const char *verb, *object, *alt;
	if (!get_string(L, v, "verb", false, &verb, "\"guardrail\"") ||
	    !get_string(L, v, "object", false, &object, "\"guardrail\"") ||
	    !get_string(L, v, "alternative", false, &alt, "\"guardrail\""))
		return false;
	if (!*verb || !*alt)
		return fail(L, v, "a guardrail needs the action it forbids and an alternative");
	g->verb = copy(L, verb);
	g->object = copy(L, object);
	g->alternative = copy(L, alt);
	s->guardrail = g;
	return !L->nomem;
}

static bool load_step(loader *L, const json_value *v, plan_step *s)
{
	static const char *const common[] = {
		"id", "kind", "level", "type", "deterministic", "est_tokens", "inputs", "span",
		"sentence", "label", "document", "each", "system", "value", "condition", "guard",
		"min_count", "verb", "object", "keys", "llm_fallback", "llm", "reads", "guardrail",
		"may_be_absent", NULL,
	};
	if (!only_members(L, v, "a step", common))
		return false;
	const char *kind, *sentence, *label;
	uint64_t level, tokens;
	if (!get_string(L, v, "kind", false, &kind, "a step"))
		return false;
	if (!step_kind_from_name(kind, &s->kind))
		return fail(L, json_get(v, "kind"), "\"%s\" is not a kind of step", kind);
	if (!get_uint(L, v, "level", 1u << 20, &level, "a step") ||
	    !get_type(L, v, "type", true, &s->type, "a step") ||
	    !get_bool(L, v, "deterministic", &s->deterministic, "a step") ||
	    !get_uint(L, v, "est_tokens", UINT32_MAX, &tokens, "a step") ||
	    !get_span(L, v, &s->sp, "a step") ||
	    !get_string(L, v, "sentence", true, &sentence, "a step") ||
	    !get_string(L, v, "label", true, &label, "a step"))
		return false;
	s->level = (unsigned)level;
	s->est_tokens = tokens;
	s->sentence = copy(L, sentence);
	s->label = copy(L, label);
	/* deterministic/est_tokens are checked against the step's kind and
	 * model fallback once the step is read (below). */
	if (s->deterministic && tokens)
		return fail(L, json_get(v, "est_tokens"),
		            "step \"%s\" is deterministic but estimates tokens", s->id);
	const json_value *inputs = json_get(v, "inputs");
	if (!inputs || inputs->kind != JSON_ARRAY)
		return fail(L, inputs ? inputs : v, "step \"%s\" needs an \"inputs\" array", s->id);
	/* Which members each kind has, beyond the common ones. */
	static const struct {
		policy_step_kind kind;
		const char *members[5];
	} shape[] = {
		{ POLICY_STEP_EXTRACT, { "document", "each", "llm_fallback", "may_be_absent" } },
		{ POLICY_STEP_LOOKUP, { "system", "keys", "may_be_absent" } },
		{ POLICY_STEP_COMPUTE, { "value" } },
		{ POLICY_STEP_CHECK, { "condition", "guard" } },
		{ POLICY_STEP_REQUIRE, { "document", "min_count", "guard" } },
		{ POLICY_STEP_ACTION, { "verb", "object", "guard" } },
		{ POLICY_STEP_LLM, { "llm", "reads", "guard" } },
		{ POLICY_STEP_GUARDRAIL, { "guardrail", "value", "guard" } },
	};
	static const char *const kind_members[] = { "document", "each", "system", "value",
	                                            "condition", "guard", "min_count", "verb",
	                                            "object", "keys", "llm_fallback", "llm",
	                                            "reads", "guardrail", "may_be_absent" };
	for (size_t k = 0; k < sizeof kind_members / sizeof kind_members[0]; k++) {
		if (!json_get(v, kind_members[k]))
			continue;
		bool ok = false;
		for (int m = 0; m < 5 && shape[s->kind].members[m]; m++)
			if (!strcmp(shape[s->kind].members[m], kind_members[k]))
				ok = true;
		if (!ok)
			return fail(L, json_get(v, kind_members[k]),
			            "a %s step has no \"%s\"", kind, kind_members[k]);
	}
	const char *str;
	uint64_t n;
	if (json_get(v, "may_be_absent")) {
		/* present only when true: a false one would change no bytes'
		 * meaning but would break save -> load -> save */
		if (!get_bool(L, v, "may_be_absent", &s->may_be_absent, "a step"))
			return false;
		if (!s->may_be_absent)
			return fail(L, json_get(v, "may_be_absent"),
			            "\"may_be_absent\" is written only when true");
	}
	switch (s->kind) {
	case POLICY_STEP_EXTRACT:
		if (!get_string(L, v, "document", true, &str, "an extract step") ||
		    !get_bool(L, v, "each", &s->each, "an extract step") ||
		    !get_bool(L, v, "llm_fallback", &s->llm_fallback, "an extract step"))
			return false;
		/* null: an input the policy never sources, read from the case's
		 * facts or any document by its name; one value, no form to fall
		 * back from */
		if (!str && (s->each || s->llm_fallback))
			return fail(L, json_get(v, "document"),
			            "extract step \"%s\" reads any document (\"document\": null), so it "
			            "can be neither \"each\" nor \"llm_fallback\"", s->id);
		s->doc = str ? copy(L, str) : NULL;
		if (!label)
			return fail(L, v, "extract step \"%s\" has no field (\"label\")", s->id);
		break;
	case POLICY_STEP_LOOKUP:
		if (!get_string(L, v, "system", false, &str, "a lookup step"))
			return false;
		s->system = copy(L, str);
		if (!label)
			return fail(L, v, "lookup step \"%s\" has no fact (\"label\")", s->id);
		if (!load_keys(L, v, s))
			return false;
		break;
	case POLICY_STEP_COMPUTE:
		if (!load_opt_expr(L, v, "value", true, &s->value, s->id))
			return false;
		break;
	case POLICY_STEP_CHECK:
		if (!load_opt_expr(L, v, "condition", true, &s->value, s->id) ||
		    !load_opt_expr(L, v, "guard", false, &s->guard, s->id))
			return false;
		break;
	case POLICY_STEP_REQUIRE:
		if (!get_string(L, v, "document", false, &str, "a require step") ||
		    !get_uint(L, v, "min_count", 1000000, &n, "a require step") ||
		    !load_opt_expr(L, v, "guard", false, &s->guard, s->id))
			return false;
		if (n == 0)
			return fail(L, json_get(v, "min_count"), "a requirement needs at least one document");
		s->doc = copy(L, str);
		s->min_count = (uint32_t)n;
		break;
	case POLICY_STEP_ACTION:
		if (!get_string(L, v, "verb", false, &str, "an action step"))
			return false;
		s->verb = copy(L, str);
		if (!get_string(L, v, "object", false, &str, "an action step"))
			return false;
		s->object = copy(L, str);
		if (!label)
			return fail(L, v, "action step \"%s\" has no text (\"label\")", s->id);
		if (!load_opt_expr(L, v, "guard", false, &s->guard, s->id))
			return false;
		break;
	case POLICY_STEP_LLM:
		if (!load_llm(L, v, s) || !load_opt_expr(L, v, "guard", false, &s->guard, s->id))
			return false;
		break;
	case POLICY_STEP_GUARDRAIL:
		if (!load_guardrail(L, v, s) ||
		    !load_opt_expr(L, v, "value", false, &s->value, s->id) ||
		    !load_opt_expr(L, v, "guard", false, &s->guard, s->id))
			return false;
		break;
	}
	bool model = s->kind == POLICY_STEP_LLM || (s->kind == POLICY_STEP_EXTRACT && s->llm_fallback);
	if (s->deterministic == model)
		return fail(L, json_get(v, "deterministic"),
		            "step \"%s\": only model steps and model fallbacks are non-deterministic",
		            s->id);
	uint64_t bound = s->kind == POLICY_STEP_EXTRACT && s->llm_fallback ? llm_estimate(L->p, s) : 0;
	if (s->kind == POLICY_STEP_EXTRACT && s->llm_fallback && !bound) {
		L->nomem = true;
		return false;
	}
	if (s->kind == POLICY_STEP_EXTRACT && s->llm_fallback && s->est_tokens != bound)
		return fail(L, json_get(v, "est_tokens"),
		            "step \"%s\" estimates %llu tokens, but its fallback is bounded by %llu",
		            s->id, (unsigned long long)s->est_tokens, (unsigned long long)bound);
	return !L->nomem;
}

/* The source map (optional: plans saved before it have none). Its step
 * references are read before the plan is linked and renumbered with the
 * steps; a sentence's class must be the one its steps give. */
static bool load_sentences(loader *L, const json_value *root)
{
	policy_plan *p = L->p;
	const json_value *v = json_get(root, "sources");
	if (!v)
		return true;
	if (v->kind != JSON_ARRAY || v->count > UINT32_MAX)
		return fail(L, v, "\"sources\" must be an array");
	if (!v->count)
		return fail(L, v, "\"sources\" is written only when the policy has sentences");
	p->sentences = arena_zalloc(&p->a, v->count * sizeof *p->sentences);
	if (!p->sentences) {
		L->nomem = true;
		return false;
	}
	static const char *const members[] = { "span", "text", "class", "section", "title",
	                                       "clause", "steps", NULL };
	for (size_t i = 0; i < v->count; i++) {
		const json_value *sv = v->items[i];
		plan_sentence *s = &p->sentences[i];
		const char *text, *cls, *section, *title, *clause;
		if (sv->kind != JSON_OBJECT)
			return fail(L, sv, "sentence %zu of \"sources\" must be an object", i + 1);
		if (!only_members(L, sv, "a sentence", members) ||
		    !get_span(L, sv, &s->sp, "a sentence") ||
		    !get_string(L, sv, "text", false, &text, "a sentence") ||
		    !get_string(L, sv, "class", false, &cls, "a sentence") ||
		    !get_string(L, sv, "section", true, &section, "a sentence") ||
		    !get_string(L, sv, "title", true, &title, "a sentence") ||
		    !get_string(L, sv, "clause", true, &clause, "a sentence"))
			return false;
		if (!sentence_class_from_name(cls, &s->cls))
			return fail(L, json_get(sv, "class"), "\"%s\" is not a class of sentence", cls);
		const json_value *steps = json_get(sv, "steps");
		if (!steps)
			return fail(L, sv, "a sentence has no \"steps\"");
		if (steps->kind != JSON_ARRAY || steps->count > p->nsteps)
			return fail(L, steps, "the \"steps\" of a sentence must be an array of step ids");
		s->steps = arena_alloc(&p->a, (steps->count ? steps->count : 1) * sizeof *s->steps);
		if (!s->steps) {
			L->nomem = true;
			return false;
		}
		for (size_t k = 0; k < steps->count; k++) {
			const json_value *id = steps->items[k];
			if (id->kind != JSON_STRING || strlen(id->str) != id->len)
				return fail(L, id, "the \"steps\" of a sentence must be an array of step ids");
			int32_t at = step_index(L, id->str);
			if (at < 0)
				return fail(L, id, "the sentence names no step \"%s\"", id->str);
			if (k && (uint32_t)at <= s->steps[k - 1])
				return fail(L, id, "the steps of a sentence must be in plan order, once each");
			s->steps[k] = (uint32_t)at;
		}
		s->nsteps = (uint32_t)steps->count;
		sentence_class want = sentence_class_of(p, s->steps, s->nsteps);
		if (s->nsteps && s->cls != want)
			return fail(L, json_get(sv, "class"),
			            "the sentence's steps make it \"%s\", not \"%s\"",
			            sentence_class_name(want), cls);
		s->text = copy(L, text);
		s->section = copy(L, section);
		s->title = copy(L, title);
		s->clause = copy(L, clause);
		if (L->nomem)
			return false;
		p->nsentences++;
	}
	return true;
}

static bool is_hex32(const char *h)
{
	bool ok = strlen(h) == 32;
	for (int j = 0; ok && j < 32; j++)
		ok = (h[j] >= '0' && h[j] <= '9') || (h[j] >= 'a' && h[j] <= 'f');
	return ok;
}

/* "assisted": sentences the compile-time assistant restated. Optional;
 * when present, not empty (the writer leaves it out then), each entry's
 * steps named, in source order, entries distinct. */
static bool load_assisted(loader *L, const json_value *v)
{
	policy_plan *p = L->p;
	if (!v)
		return true;
	if (v->kind != JSON_ARRAY || v->count == 0)
		return fail(L, v, "\"assisted\" must be a non-empty array");
	if (v->count > p->nsteps + 1000u)
		return fail(L, v, "\"assisted\" has more entries than the plan could have");
	p->assisted = arena_zalloc(&p->a, v->count * sizeof *p->assisted);
	if (!p->assisted) {
		L->nomem = true;
		return false;
	}
	static const char *const members[] = { "entry", "span", "sentence", "restatement", "steps",
	                                        NULL };
	for (size_t i = 0; i < v->count; i++) {
		const json_value *e = v->items[i];
		plan_assist *a = &p->assisted[i];
		const char *entry, *sentence, *restatement;
		if (e->kind != JSON_OBJECT)
			return fail(L, e, "assisted sentence %zu must be an object", i + 1);
		if (!only_members(L, e, "an assisted sentence", members) ||
		    !get_string(L, e, "entry", false, &entry, "an assisted sentence") ||
		    !get_span(L, e, &a->sp, "an assisted sentence") ||
		    !get_string(L, e, "sentence", false, &sentence, "an assisted sentence") ||
		    !get_string(L, e, "restatement", false, &restatement, "an assisted sentence"))
			return false;
		if (!is_hex32(entry))
			return fail(L, json_get(e, "entry"), "an assisted sentence's entry must be 32 "
			            "lowercase hex digits");
		if (!*sentence || !*restatement)
			return fail(L, e, "an assisted sentence needs its sentence and its restatement");
		for (size_t k = 0; k < i; k++) {
			if (!strcmp(p->assisted[k].entry, entry))
				return fail(L, json_get(e, "entry"), "two assisted sentences have the entry "
				            "\"%s\"", entry);
			const span *q = &p->assisted[k].sp;
			if (q->line > a->sp.line || (q->line == a->sp.line && q->column >= a->sp.column))
				return fail(L, e, "the assisted sentences are not in source order");
		}
		const json_value *steps = json_get(e, "steps");
		if (!steps || steps->kind != JSON_ARRAY)
			return fail(L, steps ? steps : e, "an assisted sentence needs a \"steps\" array");
		if (steps->count > p->nsteps)
			return fail(L, steps, "an assisted sentence names more steps than the plan has");
		a->steps = arena_alloc(&p->a, (steps->count ? steps->count : 1) * sizeof *a->steps);
		if (!a->steps) {
			L->nomem = true;
			return false;
		}
		for (size_t k = 0; k < steps->count; k++) {
			const json_value *id = steps->items[k];
			int32_t at = id->kind == JSON_STRING ? step_index(L, id->str) : -1;
			if (at < 0)
				return fail(L, id, "an assisted sentence names a step the plan does not have");
			if (k && (uint32_t)at <= a->steps[k - 1])
				return fail(L, id, "an assisted sentence's steps must be in plan order, once");
			a->steps[k] = (uint32_t)at;
		}
		a->nsteps = (uint32_t)steps->count;
		a->entry = copy(L, entry);
		a->sentence = copy(L, sentence);
		a->restatement = copy(L, restatement);
		if (L->nomem)
			return false;
		p->nassisted = (uint32_t)(i + 1);
	}
	return true;
}

static bool load_plan(loader *L, const json_value *root)
{
	policy_plan *p = L->p;
	static const char *const top[] = { "format", "policy", "token_budget", "est_tokens",
	                                   "levels", "schema", "steps", "sources", "assisted",
	                                   "hashes",
	                                   NULL };
	if (root->kind != JSON_OBJECT)
		return fail(L, root, "a plan must be a JSON object");
	if (!only_members(L, root, "the plan", top))
		return false;
	const char *format;
	if (!get_string(L, root, "format", false, &format, "the plan"))
		return false;
	if (strcmp(format, POLICY_PLAN_FORMAT))
		return fail(L, json_get(root, "format"), "the plan's format is \"%s\", not \"%s\"",
		            format, POLICY_PLAN_FORMAT);
	const json_value *pol = json_get(root, "policy");
	static const char *const pol_members[] = { "name", "version", "effective", "source",
	                                           "trigger", NULL };
	if (!pol || pol->kind != JSON_OBJECT)
		return fail(L, pol ? pol : root, "the plan needs a \"policy\" object");
	if (!only_members(L, pol, "\"policy\"", pol_members))
		return false;
	const char *name, *version, *effective, *source, *trigger;
	if (!get_string(L, pol, "name", false, &name, "\"policy\"") ||
	    !get_string(L, pol, "version", false, &version, "\"policy\"") ||
	    !get_string(L, pol, "effective", false, &effective, "\"policy\"") ||
	    !get_string(L, pol, "source", true, &source, "\"policy\"") ||
	    !get_string(L, pol, "trigger", true, &trigger, "\"policy\""))
		return false;
	int32_t day;
	char iso[DATE_FORMAT_MAX];
	if (!date_parse(effective, strlen(effective), &day) ||
	    (date_format_iso(day, iso), strcmp(iso, effective)))
		return fail(L, json_get(pol, "effective"), "the effective date must be YYYY-MM-DD");
	p->name = copy(L, name);
	p->version = copy(L, version);
	p->effective = copy(L, effective);
	p->source = copy(L, source);
	p->trigger = copy(L, trigger);
	uint64_t budget, est, levels;
	if (!get_uint(L, root, "token_budget", UINT32_MAX, &budget, "the plan") ||
	    !get_uint(L, root, "est_tokens", UINT32_MAX, &est, "the plan") ||
	    !get_uint(L, root, "levels", 1u << 20, &levels, "the plan"))
		return false;
	p->token_budget = budget;
	p->est_tokens = est;
	const json_value *steps = json_get(root, "steps");
	if (!steps || steps->kind != JSON_ARRAY)
		return fail(L, steps ? steps : root, "the plan needs a \"steps\" array");
	if (steps->count > L->p->nsteps) { /* nsteps holds the limit until now */
		L->limit = !L->msg[0];
		return fail(L, steps, "the plan has %zu steps, more than the limit of %u",
		            steps->count, L->p->nsteps);
	}
	p->nsteps = (uint32_t)steps->count;
	p->steps = arena_zalloc(&p->a, (p->nsteps ? p->nsteps : 1) * sizeof *p->steps);
	if (!p->steps) {
		L->nomem = true;
		return false;
	}
	/* Ids first, so references can point forward in the file. */
	for (L->index_mask = 15; L->index_mask < 2 * (size_t)p->nsteps;)
		L->index_mask = L->index_mask * 2 + 1;
	L->index = arena_zalloc(&p->a, (L->index_mask + 1) * sizeof *L->index);
	if (!L->index) {
		L->nomem = true;
		return false;
	}
	for (uint32_t i = 0; i < p->nsteps; i++) {
		const json_value *sv = steps->items[i];
		if (sv->kind != JSON_OBJECT)
			return fail(L, sv, "step %u must be an object", i + 1);
		const char *id;
		if (!get_string(L, sv, "id", false, &id, "a step"))
			return false;
		if (!*id)
			return fail(L, json_get(sv, "id"), "a step's id must not be empty");
		if (step_index(L, id) >= 0)
			return fail(L, json_get(sv, "id"), "two steps have the id \"%s\"", id);
		p->steps[i].id = copy(L, id);
		if (L->nomem)
			return false;
		L->index[id_slot(L, id)] = i + 1;
	}
	for (uint32_t i = 0; i < p->nsteps; i++)
		if (!load_step(L, steps->items[i], &p->steps[i]))
			return false;
	/* Declared inputs and levels must be what the expressions imply. */
	uint32_t *levels_given = arena_alloc(&p->a, (p->nsteps ? p->nsteps : 1) * sizeof(uint32_t));
	const json_value **inputs_given = arena_alloc(&p->a, (p->nsteps ? p->nsteps : 1) * sizeof(void *));
	if (!levels_given || !inputs_given) {
		L->nomem = true;
		return false;
	}
	for (uint32_t i = 0; i < p->nsteps; i++) {
		levels_given[i] = p->steps[i].level;
		inputs_given[i] = json_get(steps->items[i], "inputs");
	}
	const json_value *schema = json_get(root, "schema");
	if (!schema || schema->kind != JSON_ARRAY)
		return fail(L, schema ? schema : root, "the plan needs a \"schema\" array");
	p->nfields = (uint32_t)schema->count;
	p->fields = arena_zalloc(&p->a, (p->nfields ? p->nfields : 1) * sizeof *p->fields);
	if (!p->fields) {
		L->nomem = true;
		return false;
	}
	static const char *const field_members[] = { "name", "type", "origin", "source", "step",
	                                             NULL };
	for (uint32_t i = 0; i < p->nfields; i++) {
		const json_value *fv = schema->items[i];
		field_schema *f = &p->fields[i];
		const char *fname, *origin, *fsource, *fstep;
		if (fv->kind != JSON_OBJECT)
			return fail(L, fv, "schema entry %u must be an object", i + 1);
		if (!only_members(L, fv, "a schema entry", field_members) ||
		    !get_string(L, fv, "name", false, &fname, "a schema entry") ||
		    !get_type(L, fv, "type", false, &f->type, "a schema entry") ||
		    !get_string(L, fv, "origin", false, &origin, "a schema entry") ||
		    !get_string(L, fv, "source", true, &fsource, "a schema entry") ||
		    !get_string(L, fv, "step", false, &fstep, "a schema entry"))
			return false;
		int32_t k = step_index(L, fstep);
		if (k < 0)
			return fail(L, json_get(fv, "step"), "schema entry \"%s\" names no step", fname);
		if (!step_kind_from_name(origin, &f->origin) || f->origin != p->steps[k].kind)
			return fail(L, json_get(fv, "origin"), "schema entry \"%s\" has the wrong origin",
			            fname);
		if (f->type != p->steps[k].type)
			return fail(L, json_get(fv, "type"), "schema entry \"%s\" has the wrong type",
			            fname);
		f->name = copy(L, fname);
		f->source = copy(L, fsource);
		f->step = (uint32_t)k;
	}
	if (!load_sentences(L, root))
		return false;
	char why[256];
	const char **ids = arena_alloc(&p->a, (p->nsteps ? p->nsteps : 1) * sizeof *ids);
	if (!ids) {
		L->nomem = true;
		return false;
	}
	for (uint32_t i = 0; i < p->nsteps; i++)
		ids[i] = p->steps[i].id;
	if (!plan_link(p, why, sizeof why)) {
		if (!strcmp(why, "out of memory")) {
			L->nomem = true;
			return false;
		}
		return fail(L, steps, "%s", why);
	}
	for (uint32_t i = 0; i < p->nsteps; i++) {
		if (p->steps[i].id != ids[i])
			return fail(L, steps->items[i], "the steps are not in level order at \"%s\"", ids[i]);
		if (p->steps[i].level != levels_given[i])
			return fail(L, json_get(steps->items[i], "level"),
			            "step \"%s\" is at level %u but its inputs put it at level %u",
			            ids[i], levels_given[i], p->steps[i].level);
		const json_value *in = inputs_given[i];
		bool same = in->count == p->steps[i].ninputs;
		for (uint32_t k = 0; same && k < in->count; k++)
			same = in->items[k]->kind == JSON_STRING &&
			       !strcmp(in->items[k]->str, p->steps[p->steps[i].inputs[k]].id);
		if (!same)
			return fail(L, in, "the inputs of step \"%s\" do not match what it reads", ids[i]);
	}
	if (!load_assisted(L, json_get(root, "assisted")))
		return false;
	if (p->nlevels != levels)
		return fail(L, json_get(root, "levels"), "the plan says %llu levels but its steps make %u",
		            (unsigned long long)levels, p->nlevels);
	uint64_t total = 0;
	for (uint32_t i = 0; i < p->nsteps; i++)
		total += p->steps[i].est_tokens;
	if (total != p->est_tokens)
		return fail(L, json_get(root, "est_tokens"),
		            "the plan's est_tokens is not the sum of its steps'");
	const json_value *hashes = json_get(root, "hashes");
	static const char *const hash_members[] = { "text", "body", NULL };
	if (!hashes || hashes->kind != JSON_OBJECT)
		return fail(L, hashes ? hashes : root, "the plan needs a \"hashes\" object");
	if (!only_members(L, hashes, "\"hashes\"", hash_members))
		return false;
	const char *th, *bh;
	if (!get_string(L, hashes, "text", false, &th, "\"hashes\"") ||
	    !get_string(L, hashes, "body", false, &bh, "\"hashes\""))
		return false;
	for (int k = 0; k < 2; k++) {
		if (!is_hex32(k ? bh : th))
			return fail(L, json_get(hashes, k ? "body" : "text"),
			            "a hash must be 32 lowercase hex digits");
	}
	memcpy(p->text_hash, th, 33);
	return true;
}

policy_load_options load_options(const policy_load_options *opts, size_t default_max_json_bytes)
{
	policy_load_options o = POLICY_LOAD_OPTIONS_INIT;
	if (opts)
		memcpy(&o, opts, opts->struct_size < sizeof o ? opts->struct_size : sizeof o);
	if (!o.max_json_bytes)
		o.max_json_bytes = default_max_json_bytes;
	if (!o.max_json_depth)
		o.max_json_depth = 64;
	if (!o.max_steps)
		o.max_steps = 10000;
	return o;
}

policy_status policy_plan_load(const char *json, size_t len, const policy_load_options *opts,
                               policy_plan **out, policy_error **err)
{
	if (err)
		*err = NULL;
	if (!out || (!json && len))
		return POLICY_ERR_ARGUMENT;
	*out = NULL;
	policy_load_options o = load_options(opts, PLAN_MAX_JSON_BYTES);
	mem m = mem_from(o.allocator);
	if (len > o.max_json_bytes)
		return error_set(err, &m, POLICY_ERR_LIMIT, 0, 0,
		                 "the plan is %zu bytes, more than the limit of %zu", len,
		                 o.max_json_bytes);
	arena scratch;
	arena_init(&scratch, &m);
	json_limits lim = { o.max_json_bytes, o.max_json_depth };
	json_value *root;
	json_error je;
	if (!json_parse(&scratch, json ? json : "", len, &lim, &root, &je)) {
		arena_release(&scratch);
		if (je.nomem)
			return error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
		return error_set(err, &m, je.limit ? POLICY_ERR_LIMIT : POLICY_ERR_PLAN, je.line,
		                 je.column, "the plan is not valid JSON: %s", je.message);
	}
	policy_plan *p = plan_new(&m);
	if (!p) {
		arena_release(&scratch);
		return error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
	}
	loader L = { .p = p };
	p->nsteps = (uint32_t)o.max_steps;
	bool ok = load_plan(&L, root);
	policy_status st = POLICY_OK;
	if (ok && !L.nomem) {
		buf body;
		buf_init(&body, &m);
		plan_write_body(p, &body);
		if (buf_failed(&body)) {
			L.nomem = true;
		} else {
			hash128_hex(body.data ? body.data : "", body.len, p->body_hash);
			const json_value *h = json_get(json_get(root, "hashes"), "body");
			if (strcmp(h->str, p->body_hash)) {
				st = error_set(err, &m, POLICY_ERR_HASH, h->line, h->column,
				               "the plan's body does not match its hash (expected %s, the "
				               "body hashes to %s): it was changed after it was saved",
				               h->str, p->body_hash);
			}
		}
		buf_release(&body);
	}
	if (L.nomem)
		st = error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
	else if (!ok)
		st = error_set(err, &m, L.limit ? POLICY_ERR_LIMIT : POLICY_ERR_PLAN, L.line, L.column,
		               "invalid plan: %s", L.msg);
	arena_release(&scratch);
	if (st != POLICY_OK) {
		policy_plan_free(p);
		return st;
	}
	*out = p;
	return POLICY_OK;
}
