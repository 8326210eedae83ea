/*
 * Model steps at run time: the request, the validated answer, the
 * guardrails (see llm.h).
 *
 * A model's answer is treated like any untrusted callback answer, and more
 * strictly: it must be the schema's object (required keys, types, choices,
 * bounds, nothing extra), its evidence quotes must appear in the inputs it
 * was given, and it must not use more tokens than the request allowed. A
 * refused answer is asked for once more with the reason; a second refusal
 * fails the step. Each intervention is recorded on the step's trail entry.
 *
 * The request is a pure function of the plan, the case, the values read
 * and the attempt, so recorded answers replay exactly (CLI --llm-replay
 * keys answers by the hash of the request).
 */
#include <ctype.h>
#include <string.h>

#include "run/eval.h"
#include "run/exec.h"
#include "run/exec_llm.h"
#include "base/words.h"

static const llm_spec *spec_of(const policy_exec *x, uint32_t i)
{
	const slot *sl = &x->slots[i];
	return sl->fallback ? sl->spec : x->plan->steps[i].llm;
}

bool llm_task(const policy_exec *x, uint32_t i)
{
	return x->plan->steps[i].kind == POLICY_STEP_LLM || x->slots[i].fallback;
}

/* The case's text of a document type, cut to the prompt bound. */
static void put_documents(policy_exec *x, json_writer *w, const char *type)
{
	arena scratch;
	arena_init(&scratch, &x->m);
	char *key = words_key(&scratch, type, strlen(type));
	unsigned count = 0;
	for (size_t d = 0; key && d < x->kase.ndocs; d++) {
		const case_doc *doc = &x->kase.docs[d];
		if (strcmp(doc->key, key))
			continue;
		count++;
		size_t n = doc->len < LLM_DOC_CHARS ? doc->len : LLM_DOC_CHARS;
		while (n < doc->len && n > 0 && ((unsigned char)doc->text[n] & 0xC0) == 0x80)
			n--; /* never cut a character in two */
		jw_begin_object(w);
		jw_key(w, "document");
		jw_string(w, doc->type);
		jw_key(w, "index");
		jw_uint(w, doc->index);
		jw_key(w, "text");
		jw_string_n(w, doc->text, n);
		jw_key(w, "truncated");
		jw_bool(w, n < doc->len);
		jw_end_object(w);
	}
	if (!count) {
		jw_begin_object(w);
		jw_key(w, "document");
		jw_string(w, type);
		jw_key(w, "missing");
		jw_bool(w, true);
		jw_end_object(w);
	}
	arena_release(&scratch);
}

const char *llm_request(policy_exec *x, uint32_t i)
{
	const plan_step *s = &x->plan->steps[i];
	const slot *sl = &x->slots[i];
	const llm_spec *spec = spec_of(x, i);
	buf b;
	json_writer w;
	request_start(x, &w, &b, s, "llm");
	jw_key(&w, "task");
	jw_string(&w, llm_kind_name(spec->kind));
	jw_key(&w, "question");
	jw_string(&w, spec->question ? spec->question : "");
	jw_key(&w, "instruction");
	jw_string(&w, s->sentence ? s->sentence : "");
	jw_key(&w, "template");
	jw_string(&w, llm_template);
	jw_key(&w, "inputs");
	jw_begin_array(&w);
	for (uint32_t k = 0; k < s->nkeys && !sl->fallback; k++) {
		const expr *in = s->keys[k];
		value v = eval_value(x, in);
		jw_begin_object(&w);
		jw_key(&w, "name");
		jw_string(&w, in->op == E_REF ? x->plan->steps[in->step].label : in->text ? in->text : "");
		jw_key(&w, "value");
		char tmp[VALUE_DISPLAY_MAX];
		const char *shown = value_display(&v, tmp, sizeof tmp);
		size_t len = strlen(shown);
		jw_string_n(&w, shown, len < LLM_TEXT_CHARS ? len : LLM_TEXT_CHARS);
		jw_key(&w, "evidence");
		const char *ev = in->op == E_REF ? x->slots[in->step].evidence : NULL;
		if (ev)
			jw_raw(&w, ev, strlen(ev));
		else
			jw_null(&w);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_key(&w, "documents");
	jw_begin_array(&w);
	for (uint32_t k = 0; k < spec->ndocuments; k++)
		put_documents(x, &w, spec->documents[k]);
	jw_end_array(&w);
	jw_key(&w, "schema");
	buf schema;
	buf_init(&schema, &x->m);
	llm_schema(spec, s->type, &schema);
	if (buf_failed(&schema))
		x->nomem = true;
	else
		jw_raw(&w, schema.data, schema.len);
	buf_release(&schema);
	jw_key(&w, "max_tokens");
	jw_uint(&w, spec->max_tokens);
	jw_key(&w, "attempt");
	jw_uint(&w, sl->attempts + 1);
	jw_member_string(&w, "previous_error", sl->retry_reason);
	return request_finish(x, &w, &b, &x->a);
}

/* ---- budget ---- */

static uint64_t step_estimate(const policy_exec *x, uint32_t i)
{
	return x->plan->steps[i].est_tokens;
}

bool llm_budget_allows(policy_exec *x, uint32_t i)
{
	/* Without a budget in the options, the plan's estimate, doubled: every
	 * step may use its one retry. */
	uint64_t budget = x->opts.token_budget ? x->opts.token_budget : 2 * x->plan->est_tokens;
	uint64_t used = 0;
	for (uint32_t k = 0; k < x->plan->nsteps; k++)
		used += x->slots[k].tokens;
	uint64_t need = step_estimate(x, i);
	if (budget && used + need <= budget)
		return true;
	slot *sl = &x->slots[i];
	buf b;
	buf_init(&b, &x->m);
	buf_printf(&b, "a model call estimated at %llu tokens, with %llu of %llu already used",
	           (unsigned long long)need, (unsigned long long)used, (unsigned long long)budget);
	const char *attempted = buf_to_arena(&b, &x->a);
	buf_release(&b);
	slot_guardrail(x, sl, "token budget", attempted, "no call was made; the step failed");
	sl->error = exec_strdup(x, "the token budget does not allow this model call");
	sl->v = value_missing(x->plan->steps[i].type);
	return false;
}

/* ---- answers ---- */

static void normalize_quote(const char *s, size_t len, buf *b)
{
	bool space = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isspace(c)) {
			space = b->len > 0;
			continue;
		}
		if (space)
			buf_putc(b, ' ');
		space = false;
		buf_putc(b, (char)tolower(c));
	}
}

/* Is `quote` (normalized) in the inputs the model saw? */
static bool quote_found(policy_exec *x, uint32_t i, const char *quote, size_t len)
{
	const plan_step *s = &x->plan->steps[i];
	const llm_spec *spec = spec_of(x, i);
	buf q, hay;
	buf_init(&q, &x->m);
	buf_init(&hay, &x->m);
	/* Quotation marks and end punctuation are the model's, not the text's. */
	while (len && (strchr("\"'`.,;:", quote[len - 1])))
		len--;
	while (len && strchr("\"'`", quote[0])) {
		quote++;
		len--;
	}
	normalize_quote(quote, len, &q);
	bool found = q.len == 0;
	arena scratch;
	arena_init(&scratch, &x->m);
	for (uint32_t k = 0; k < spec->ndocuments && !found; k++) {
		char *key = words_key(&scratch, spec->documents[k], strlen(spec->documents[k]));
		for (size_t d = 0; key && d < x->kase.ndocs && !found; d++) {
			const case_doc *doc = &x->kase.docs[d];
			if (strcmp(doc->key, key))
				continue;
			hay.len = 0;
			normalize_quote(doc->text, doc->len < LLM_DOC_CHARS ? doc->len : LLM_DOC_CHARS, &hay);
			found = !buf_failed(&hay) && !buf_failed(&q) && hay.data && q.data &&
			        strstr(hay.data, q.data);
		}
	}
	for (uint32_t k = 0; k < s->nkeys && !found && !x->slots[i].fallback; k++) {
		value v = eval_value(x, s->keys[k]);
		char tmp[VALUE_DISPLAY_MAX];
		const char *shown = value_display(&v, tmp, sizeof tmp);
		hay.len = 0;
		normalize_quote(shown, strlen(shown), &hay);
		found = !buf_failed(&hay) && hay.data && q.data && strstr(hay.data, q.data);
	}
	arena_release(&scratch);
	buf_release(&q);
	buf_release(&hay);
	return found;
}

static bool refuse(policy_exec *x, uint32_t i, const char *guardrail, const char *why)
{
	slot *sl = &x->slots[i];
	sl->attempts++;
	if (sl->attempts < 2) {
		slot_guardrail(x, sl, guardrail, why, "asked the model once more, with the reason");
		sl->retry_reason = exec_strdup(x, why);
		return false;
	}
	slot_guardrail(x, sl, guardrail, why, "no answer is used; the step failed");
	sl->error = exec_strdup(x, why);
	sl->v = value_missing(x->plan->steps[i].type);
	return true;
}

static bool refusef(policy_exec *x, uint32_t i, const char *guardrail, const char *fmt,
                    const char *a)
{
	buf b;
	buf_init(&b, &x->m);
	buf_printf(&b, fmt, a);
	const char *why = buf_cstr(&b) ? exec_strdup(x, buf_cstr(&b)) : "invalid answer";
	buf_release(&b);
	return refuse(x, i, guardrail, why);
}

static uint64_t usage_of(const json_value *root)
{
	const json_value *u = json_get(root, "usage");
	int64_t n, total = 0;
	if (u && u->kind == JSON_OBJECT) {
		if (json_get_int(u, "prompt_tokens", 0, INT32_MAX, &n))
			total += n;
		if (json_get_int(u, "completion_tokens", 0, INT32_MAX, &n))
			total += n;
		if (json_get_int(u, "total_tokens", 0, INT32_MAX, &n) && total == 0)
			total = n;
	} else if (json_get_int(root, "tokens", 0, INT32_MAX, &n)) {
		total = n;
	}
	return (uint64_t)total;
}

static uint64_t completion_of(const json_value *root)
{
	const json_value *u = json_get(root, "usage");
	int64_t n;
	if (u && json_get_int(u, "completion_tokens", 0, INT32_MAX, &n))
		return (uint64_t)n;
	return 0;
}

bool llm_take_answer(policy_exec *x, uint32_t i, const json_value *root)
{
	const plan_step *s = &x->plan->steps[i];
	const llm_spec *spec = spec_of(x, i);
	slot *sl = &x->slots[i];
	if (root->kind != JSON_OBJECT)
		return refuse(x, i, "schema", "the model's reply is not a JSON object");
	const json_value *err = json_get(root, "error");
	if (err) {
		sl->error = exec_strdup(x, err->kind == JSON_STRING ? err->str : "the model call failed");
		sl->v = value_missing(s->type);
		return true;
	}
	sl->tokens += usage_of(root);
	uint64_t completion = completion_of(root);
	if (completion > spec->max_tokens) {
		buf b;
		buf_init(&b, &x->m);
		buf_printf(&b, "an answer of %llu tokens, more than the %u allowed",
		           (unsigned long long)completion, spec->max_tokens);
		slot_guardrail(x, sl, "token budget", buf_cstr(&b) ? buf_cstr(&b) : "",
		               "the answer was discarded; the step failed");
		buf_release(&b);
		sl->error = exec_strdup(x, "the model used more tokens than allowed");
		sl->v = value_missing(s->type);
		return true;
	}
	const json_value *a = json_get(root, "answer");
	if (!a || a->kind != JSON_OBJECT)
		return refuse(x, i, "schema", "the reply has no \"answer\" object");
	for (size_t k = 0; k < a->count; k++)
		if (strcmp(a->keys[k], spec->answer_key) && strcmp(a->keys[k], "rationale") &&
		    strcmp(a->keys[k], "evidence"))
			return refusef(x, i, "schema", "the answer has a key the schema does not allow: \"%s\"",
			               a->keys[k]);
	const json_value *v = json_get(a, spec->answer_key);
	const json_value *rationale = json_get(a, "rationale");
	const json_value *evidence = json_get(a, "evidence");
	if (!v)
		return refusef(x, i, "schema", "the answer has no \"%s\"", spec->answer_key);
	if (!rationale || rationale->kind != JSON_STRING || rationale->len > 1000)
		return refuse(x, i, "schema", "the answer needs a \"rationale\" string of at most 1000 characters");
	if (!evidence || evidence->kind != JSON_ARRAY || evidence->count > 5)
		return refuse(x, i, "schema", "the answer needs an \"evidence\" list of at most 5 quotes");
	for (size_t k = 0; k < evidence->count; k++) {
		const json_value *q = evidence->items[k];
		if (q->kind != JSON_STRING || q->len > 300)
			return refuse(x, i, "schema", "each evidence item must be a quote of at most 300 characters");
	}
	value out;
	switch (spec->kind) {
	case LLM_JUDGE:
		if (v->kind != JSON_TRUE && v->kind != JSON_FALSE)
			return refusef(x, i, "schema", "\"%s\" must be true or false", spec->answer_key);
		out = value_bool(v->kind == JSON_TRUE);
		break;
	case LLM_CLASSIFY: {
		bool ok = v->kind == JSON_STRING;
		for (uint32_t c = 0; ok && c < spec->nchoices; c++)
			if (!strcmp(v->str, spec->choices[c]))
				goto chosen;
		return refusef(x, i, "range", "\"%s\" is not one of the policy's choices",
		               v->kind == JSON_STRING ? v->str : "the answer");
	chosen:
		out = value_text(exec_strdup(x, v->str), v->len);
		out.type = POLICY_TYPE_ENUM;
		break;
	}
	default: {
		if (v->kind != JSON_STRING || v->len > LLM_TEXT_CHARS)
			return refuse(x, i, "schema", "\"value\" must be a string of at most 1000 characters");
		policy_type t = s->type ? s->type : POLICY_TYPE_TEXT;
		if (!value_parse_canonical(t, v->str, v->len, &x->a, &out) &&
		    !value_parse(t, v->str, v->len, &x->a, &out))
			return refusef(x, i, "range", "'%s' is not a value of the field's type", v->str);
		if (type_is_numeric(t))
			out.type = t;
		break;
	}
	}
	for (size_t k = 0; k < evidence->count; k++)
		if (!quote_found(x, i, evidence->items[k]->str, evidence->items[k]->len))
			return refusef(x, i, "evidence", "the quote \"%s\" is not in the inputs (hallucinated evidence)",
			               evidence->items[k]->str);
	sl->v = out;
	sl->error = NULL;
	/* The model's own account, kept as the value's evidence. */
	buf b;
	buf_init(&b, &x->m);
	json_writer w;
	jw_init(&w, &b, false);
	jw_begin_object(&w);
	jw_key(&w, "source");
	jw_string(&w, "model");
	jw_key(&w, "rationale");
	jw_value(&w, rationale);
	jw_key(&w, "quotes");
	jw_value(&w, evidence);
	jw_end_object(&w);
	sl->evidence = exec_take_buf(x, &b, &x->a);
	return true;
}

bool llm_start_fallback(policy_exec *x, uint32_t i)
{
	const plan_step *s = &x->plan->steps[i];
	slot *sl = &x->slots[i];
	llm_spec *spec = arena_zalloc(&x->a, sizeof *spec);
	char *question = arena_alloc(&x->a, 256);
	const char **docs = arena_alloc(&x->a, sizeof *docs);
	if (!spec || !question || !docs) {
		x->nomem = true;
		return false;
	}
	llm_fallback_spec(s, spec, question, docs);
	sl->spec = spec;
	sl->fallback = true;
	slot_guardrail(x, sl, "model fallback",
	               sl->why_missing ? sl->why_missing : "the form has no value",
	               "asked the model, as the policy allows");
	sl->why_missing = NULL;
	return true;
}

/* ---- policy guardrails ---- */

static bool shares_word(policy_exec *x, const char *object, const char *words)
{
	if (!words || !*words)
		return true;
	arena scratch;
	arena_init(&scratch, &x->m);
	wordlist a, b;
	bool hit = false;
	if (words_split(&scratch, object ? object : "", object ? strlen(object) : 0, WORDS_CONTENT, &a) &&
	    words_split(&scratch, words, strlen(words), WORDS_CONTENT, &b))
		for (size_t i = 0; i < b.n && !hit; i++)
			for (size_t j = 0; j < a.n && !hit; j++)
				hit = !strcmp(a.w[j], b.w[i]);
	arena_release(&scratch);
	return hit;
}

void guardrails_apply(policy_exec *x)
{
	const policy_plan *p = x->plan;
	for (uint32_t g = 0; g < p->nsteps; g++) {
		const plan_step *gs = &p->steps[g];
		if (gs->kind != POLICY_STEP_GUARDRAIL || !gs->guardrail)
			continue;
		const slot *gsl = &x->slots[g];
		/* A guardrail's output is whether it holds; it applies when its
		 * condition is true, or unknown (then it protects by default). */
		tv applies = eval_bool(x, gs->value);
		if (applies == TV_FALSE)
			continue;
		(void)gsl;
		for (uint32_t k = 0; k < x->nfired; k++) {
			fired_action *f = &x->fired[k];
			const plan_step *as = &p->steps[f->step];
			if (!as->verb || strcmp(as->verb, gs->guardrail->verb) ||
			    !shares_word(x, as->object, gs->guardrail->object))
				continue;
			buf b;
			buf_init(&b, &x->m);
			buf_printf(&b, "\"%s\" (line %u)", gs->label, gs->sp.line);
			const char *name = buf_cstr(&b) ? exec_strdup(x, buf_cstr(&b)) : gs->label;
			buf_release(&b);
			slot_guardrail(x, &x->slots[f->step], name, f->text, gs->guardrail->alternative);
			f->text = gs->guardrail->alternative;
			size_t n = strcspn(f->text, " ");
			f->verb = arena_strndup(&x->a, f->text, n);
			f->object = f->text[n] ? f->text + n + 1 : "";
			if (!f->verb)
				x->nomem = true;
		}
	}
}
