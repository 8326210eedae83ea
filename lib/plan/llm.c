/*
 * Model steps at compile time: answer schemas and token estimates (see
 * llm.h for what becomes an llm step and why).
 */
#include <stdio.h>
#include <string.h>

#include "plan/llm.h"

const char llm_template[] =
	"You assist a deterministic policy engine. Answer one question about one case, "
	"using only the inputs given. Reply with a single JSON object that matches the "
	"schema exactly: no prose outside it, no extra keys. Quote evidence word for word "
	"from the inputs; if the inputs do not support an answer, say so in the rationale "
	"and answer conservatively.";

static const char *const kind_names[] = { "judge", "classify", "extract" };

const char *llm_kind_name(llm_kind k)
{
	return (unsigned)k < 3 ? kind_names[k] : "judge";
}

bool llm_kind_from_name(const char *s, llm_kind *out)
{
	for (unsigned i = 0; i < 3; i++)
		if (!strcmp(s, kind_names[i])) {
			*out = (llm_kind)i;
			return true;
		}
	return false;
}

void llm_schema(const llm_spec *spec, policy_type type, buf *b)
{
	(void)type;
	json_writer w;
	jw_init(&w, b, false);
	jw_begin_object(&w);
	jw_key(&w, "type");
	jw_string(&w, "object");
	jw_key(&w, "required");
	jw_begin_array(&w);
	jw_string(&w, spec->answer_key);
	jw_string(&w, "rationale");
	jw_string(&w, "evidence");
	jw_end_array(&w);
	jw_key(&w, "properties");
	jw_begin_object(&w);
	jw_key(&w, spec->answer_key);
	jw_begin_object(&w);
	jw_key(&w, "type");
	if (spec->kind == LLM_JUDGE) {
		jw_string(&w, "boolean");
	} else {
		jw_string(&w, "string");
		if (spec->kind == LLM_CLASSIFY) {
			jw_key(&w, "enum");
			jw_begin_array(&w);
			for (uint32_t i = 0; i < spec->nchoices; i++)
				jw_string(&w, spec->choices[i]);
			jw_end_array(&w);
		} else {
			jw_key(&w, "maxLength");
			jw_uint(&w, LLM_TEXT_CHARS);
		}
	}
	jw_end_object(&w);
	jw_key(&w, "rationale");
	jw_begin_object(&w);
	jw_key(&w, "type");
	jw_string(&w, "string");
	jw_key(&w, "maxLength");
	jw_uint(&w, 1000);
	jw_end_object(&w);
	jw_key(&w, "evidence");
	jw_begin_object(&w);
	jw_key(&w, "type");
	jw_string(&w, "array");
	jw_key(&w, "maxItems");
	jw_uint(&w, 5);
	jw_key(&w, "items");
	jw_begin_object(&w);
	jw_key(&w, "type");
	jw_string(&w, "string");
	jw_key(&w, "maxLength");
	jw_uint(&w, 300);
	jw_end_object(&w);
	jw_end_object(&w);
	jw_end_object(&w);
	jw_key(&w, "additionalProperties");
	jw_bool(&w, false);
	jw_end_object(&w);
}

void llm_fallback_spec(const plan_step *s, llm_spec *spec, char *question, const char **docs)
{
	memset(spec, 0, sizeof *spec);
	snprintf(question, 256, "What is the %s on the %s?", s->label ? s->label : "value",
	         s->doc ? s->doc : "document");
	docs[0] = s->doc ? s->doc : "document";
	spec->kind = LLM_EXTRACT;
	spec->question = question;
	spec->answer_key = "value";
	spec->documents = docs;
	spec->ndocuments = 1;
	spec->max_tokens = 200;
}

static uint64_t tokens_of(size_t chars)
{
	return (chars + LLM_CHARS_PER_TOKEN - 1) / LLM_CHARS_PER_TOKEN;
}

/* Prompt: template + sentence + question + every input at its bound +
 * schema; answer: max_tokens. Deterministic and an upper bound: what the
 * runtime sends is cut to the same bounds. */
uint64_t llm_estimate(const policy_plan *p, const plan_step *s)
{
	const llm_spec *spec = s->llm;
	llm_spec fallback;
	char question[256];
	const char *docs[1];
	if (!spec && s->kind == POLICY_STEP_EXTRACT && s->llm_fallback) {
		llm_fallback_spec(s, &fallback, question, docs);
		spec = &fallback;
	}
	if (!spec)
		return 0;
	uint64_t t = tokens_of(sizeof llm_template - 1);
	t += tokens_of(s->sentence ? strlen(s->sentence) : 0);
	t += tokens_of(spec->question ? strlen(spec->question) : 0);
	for (uint32_t i = 0; i < spec->ndocuments; i++)
		t += tokens_of(strlen(spec->documents[i])) + tokens_of(LLM_DOC_CHARS);
	for (uint32_t i = 0; spec != &fallback && i < s->nkeys; i++) {
		const expr *in = s->keys[i];
		const plan_step *src = in->op == E_REF && in->step < p->nsteps ? &p->steps[in->step] : NULL;
		size_t name = src && src->label ? strlen(src->label) : 8;
		bool text = src && (src->type == POLICY_TYPE_TEXT || src->type == POLICY_TYPE_ENUM);
		t += tokens_of(name) + (text ? tokens_of(LLM_TEXT_CHARS) : 16);
	}
	mem m = p->m;
	buf b;
	buf_init(&b, &m);
	llm_schema(spec, s->type, &b);
	bool failed = buf_failed(&b);
	t += tokens_of(b.len);
	buf_release(&b);
	return failed ? 0 : t + spec->max_tokens;
}
