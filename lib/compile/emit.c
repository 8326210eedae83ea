/*
 * The emitter: the compiler's defs -> an immutable plan.
 *
 * Steps get readable, stable ids from what they are ("extract.claimed_amount",
 * "action.escalate_to_senior_adjuster_review"), so trails read well and
 * plans of two versions can be compared step by step. Expressions and
 * strings are copied into the plan's own arena: the compiler's memory is
 * released when compilation ends. The plan is then linked (plan/plan.c),
 * its model steps are costed and both hashes are taken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "compile/compile.h"
#include "compile/emit.h"
#include "plan/llm.h"
#include "plan/plan_json.h"

/* The step ids handed out so far, in an open-addressing table sized for
 * every step up front; a base id ("action.deny_the_claim") also keeps the
 * next number to try for it. Without it, a policy with thousands of rules
 * of one wording compared each new id with every earlier one for every
 * candidate number: cubic in the number of rules. */
typedef struct id_slot {
	const char *id;
	unsigned next;
} id_slot;

typedef struct builder {
	compiler *c;
	policy_plan *p;
	bool nomem;
	id_slot *ids;
	size_t ids_mask;
} builder;

static const char *dup(builder *b, const char *s)
{
	if (!s)
		return NULL;
	char *d = arena_strdup(&b->p->a, s);
	if (!d)
		b->nomem = true;
	return d;
}

static expr *copy_expr(builder *b, const expr *e, unsigned depth)
{
	if (!e || depth > 256)
		return NULL;
	expr *x = arena_alloc(&b->p->a, sizeof *x);
	if (!x) {
		b->nomem = true;
		return NULL;
	}
	*x = *e;
	x->text = dup(b, e->text);
	x->doc = dup(b, e->doc);
	x->table = dup(b, e->table);
	if (e->op == E_CONST && (e->val.type == POLICY_TYPE_TEXT || e->val.type == POLICY_TYPE_ENUM) &&
	    e->val.known) {
		x->val.u.text.s = dup(b, e->val.u.text.s);
	}
	if (e->op == E_REF || e->op == E_ANY || e->op == E_ALL)
		x->step = b->c->defs[e->step].step;
	if (e->nargs) {
		x->args = arena_alloc(&b->p->a, e->nargs * sizeof *x->args);
		if (!x->args) {
			b->nomem = true;
			return NULL;
		}
		for (uint32_t i = 0; i < e->nargs; i++)
			x->args[i] = copy_expr(b, e->args[i], depth + 1);
	}
	return x;
}

/* "Escalate to senior adjuster review" -> "escalate_to_senior_adjuster_review". */
static void slug(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	bool sep = false;
	for (; *s && o + 2 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (sep && o)
				out[o++] = '_';
			out[o++] = (char)c;
			sep = false;
		} else if (c >= 'A' && c <= 'Z') {
			if (sep && o)
				out[o++] = '_';
			out[o++] = (char)(c - 'A' + 'a');
			sep = false;
		} else if (c != '\'') {
			sep = true;
		}
	}
	out[o] = '\0';
}

/* The slot of `id`: where it is, or the empty slot where it would go. */
static id_slot *id_slot_of(builder *b, const char *id)
{
	size_t h = 5381;
	for (const char *c = id; *c; c++)
		h = h * 33 + (unsigned char)*c;
	for (size_t i = h & b->ids_mask;; i = (i + 1) & b->ids_mask)
		if (!b->ids[i].id || !strcmp(b->ids[i].id, id))
			return &b->ids[i];
}

/* "kind.base", or for the n-th step with that base "kind.base_n" (the
 * smallest n >= 2 not taken). */
static const char *make_id(builder *b, uint32_t i, const char *kind, const char *label)
{
	char base[72], id[96];
	slug(label ? label : "", base, 48);
	if (!*base)
		snprintf(base, sizeof base, "%u", i + 1);
	snprintf(id, sizeof id, "%s.%s", kind, base);
	id_slot *first = id_slot_of(b, id), *slot = first;
	for (unsigned n = first->next ? first->next : 2; slot->id; n++) {
		snprintf(id, sizeof id, "%s.%s_%u", kind, base, n);
		slot = id_slot_of(b, id);
		first->next = n + 1;
	}
	slot->id = dup(b, id);
	return slot->id;
}

static const char **copy_strings(builder *b, const char *const *v, uint32_t n)
{
	const char **out = arena_alloc(&b->p->a, (n ? n : 1) * sizeof *out);
	if (!out) {
		b->nomem = true;
		return NULL;
	}
	for (uint32_t i = 0; i < n; i++)
		out[i] = dup(b, v[i]);
	return out;
}

static llm_spec *copy_llm(builder *b, const llm_spec *in)
{
	llm_spec *o = arena_alloc(&b->p->a, sizeof *o);
	if (!o)
		return NULL;
	*o = *in;
	o->question = dup(b, in->question);
	o->answer_key = dup(b, in->answer_key);
	o->choices = copy_strings(b, in->choices, in->nchoices);
	o->documents = copy_strings(b, in->documents, in->ndocuments);
	return b->nomem ? NULL : o;
}

static guardrail_spec *copy_guardrail(builder *b, const guardrail_spec *in)
{
	guardrail_spec *o = arena_alloc(&b->p->a, sizeof *o);
	if (!o)
		return NULL;
	o->verb = dup(b, in->verb);
	o->object = dup(b, in->object);
	o->alternative = dup(b, in->alternative);
	return b->nomem ? NULL : o;
}

/* What a step's id is made from: the term, the documents required, or
 * the rule's words without a leading "verify that". */
static const char *id_basis(const def *d)
{
	if (d->name)
		return d->name;
	if (d->kind == POLICY_STEP_REQUIRE && d->doc)
		return d->doc;
	const char *t = d->text ? d->text : "";
	if (d->kind == POLICY_STEP_CHECK) {
		const char *sp = strchr(t, ' ');
		if (sp && !strncmp(sp + 1, "that ", 5))
			return sp + 6;
	}
	return t;
}

/* The source map: each sentence with its part of the document, its steps
 * (def indices are step indices until the plan is linked, which renumbers
 * them) and its class. */
static bool copy_sentences(builder *b)
{
	const compiler *c = b->c;
	const lexed *lx = c->lx;
	policy_plan *p = b->p;
	p->sentences = arena_zalloc(&p->a, (c->nsentences ? c->nsentences : 1) * sizeof *p->sentences);
	if (!p->sentences)
		return false;
	for (uint32_t i = 0; i < c->nsentences; i++) {
		const map_sentence *ms = &c->sentences[i];
		plan_sentence *ps = &p->sentences[i];
		ps->sp = ms->sp;
		ps->text = dup(b, ms->text);
		const doc_section *sec = ms->section < lx->nsections ? &lx->sections[ms->section] : NULL;
		if (sec && sec->clause) {
			ps->clause = dup(b, sec->id);
			sec = sec->parent < lx->nsections ? &lx->sections[sec->parent] : NULL;
		}
		if (sec) {
			ps->section = dup(b, sec->id);
			ps->title = sec->title && *sec->title ? dup(b, sec->title) : NULL;
		}
		ps->steps = arena_alloc(&p->a, (ms->ndefs ? ms->ndefs : 1) * sizeof *ps->steps);
		if (!ps->steps)
			return false;
		memcpy(ps->steps, ms->defs, ms->ndefs * sizeof *ps->steps);
		ps->nsteps = ms->ndefs;
		/* A sentence that makes no step and is not commentary only says
		 * something about the inputs: the case type ("When a new claim
		 * arrives."), a value that may be absent. */
		ps->cls = ps->nsteps ? sentence_class_of(p, ps->steps, ps->nsteps) :
		          ms->commentary ? CLASS_COMMENTARY : CLASS_EXTRACTION;
		p->nsentences++;
	}
	return !b->nomem;
}

policy_plan *plan_build(compiler *c, const mem *m)
{
	policy_plan *p = plan_new(m);
	if (!p) {
		c->nomem = true; /* so the caller reports NOMEM, not COMPILE */
		return NULL;
	}
	builder b = { .c = c, .p = p };
	const lexed *lx = c->lx;
	p->name = dup(&b, lx->name.value);
	p->version = dup(&b, lx->version.value);
	char iso[DATE_FORMAT_MAX];
	date_format_iso(lx->effective_date, iso);
	p->effective = dup(&b, iso);
	p->source = dup(&b, lx->source.value);
	p->trigger = dup(&b, c->trigger);
	p->token_budget = lx->budget ? lx->budget : c->opts->token_budget;
	p->nsteps = c->ndefs;
	p->steps = arena_zalloc(&p->a, (c->ndefs ? c->ndefs : 1) * sizeof *p->steps);
	if (!p->steps)
		goto nomem;
	for (uint32_t i = 0; i < c->ndefs; i++)
		c->defs[i].step = i;
	for (b.ids_mask = 15; b.ids_mask < 2 * (size_t)c->ndefs; b.ids_mask = b.ids_mask * 2 + 1)
		;
	b.ids = arena_zalloc(c->a, (b.ids_mask + 1) * sizeof *b.ids);
	if (!b.ids)
		goto nomem;
	uint32_t nfields = 0;
	for (uint32_t i = 0; i < c->ndefs; i++)
		nfields += c->defs[i].key != NULL && !c->defs[i].is_set;
	p->fields = arena_zalloc(&p->a, (nfields ? nfields : 1) * sizeof *p->fields);
	if (!p->fields)
		goto nomem;
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		plan_step *s = &p->steps[i];
		s->kind = d->kind;
		s->type = d->type;
		s->deterministic = d->kind != POLICY_STEP_LLM;
		s->est_tokens = 0;
		s->sp = d->sp;
		s->sentence = dup(&b, d->sentence);
		s->label = dup(&b, d->name ? d->name : d->text);
		s->doc = dup(&b, d->doc);
		s->each = d->each;
		s->llm_fallback = d->llm_fallback;
		s->may_be_absent = d->may_be_absent;
		s->system = dup(&b, d->system);
		s->min_count = d->min_count;
		s->verb = dup(&b, d->verb);
		s->object = dup(&b, d->object);
		s->value = copy_expr(&b, d->value, 0);
		if (d->nkeys) {
			s->keys = arena_alloc(&p->a, d->nkeys * sizeof *s->keys);
			if (!s->keys)
				goto nomem;
			for (uint32_t k = 0; k < d->nkeys; k++)
				s->keys[k] = copy_expr(&b, d->keys[k], 0);
			s->nkeys = d->nkeys;
		}
		s->guard = copy_expr(&b, d->guard, 0);
		s->id = make_id(&b, i, policy_step_kind_name(d->kind), id_basis(d));
		if (d->llm && !(s->llm = copy_llm(&b, d->llm)))
			goto nomem;
		if (d->guardrail && !(s->guardrail = copy_guardrail(&b, d->guardrail)))
			goto nomem;
		if (d->key && !d->is_set) {
			field_schema *f = &p->fields[p->nfields++];
			f->name = s->label;
			f->type = d->type;
			f->origin = d->kind;
			f->source = d->kind == POLICY_STEP_EXTRACT ? s->doc :
			            d->kind == POLICY_STEP_LOOKUP ? s->system : NULL;
			f->step = i;
		}
		if (b.nomem)
			goto nomem;
	}
	if (!copy_sentences(&b))
		goto nomem;
	char why[256];
	bool linked = plan_link(p, why, sizeof why);
	if (linked) {
		/* Model steps, and form fields the model may read when the form
		 * cannot be: both may spend tokens, so neither is deterministic. */
		for (uint32_t i = 0; i < p->nsteps; i++)
			if (p->steps[i].kind == POLICY_STEP_LLM || p->steps[i].llm_fallback) {
				p->steps[i].deterministic = false;
				p->steps[i].est_tokens = llm_estimate(p, &p->steps[i]);
				if (!p->steps[i].est_tokens)
					goto nomem;
				p->est_tokens += p->steps[i].est_tokens;
			}
	}
	if (!linked) {
		if (!strcmp(why, "out of memory"))
			goto nomem;
		diag_error(c, (span){ 1, 1, 1 }, "remove the circular definition", "%s", why);
		policy_plan_free(p);
		return NULL;
	}
	hash128_hex(lx->text, lx->len, p->text_hash);
	buf body;
	buf_init(&body, m);
	plan_write_body(p, &body);
	if (buf_failed(&body)) {
		buf_release(&body);
		goto nomem;
	}
	hash128_hex(body.data ? body.data : "", body.len, p->body_hash);
	buf_release(&body);
	return p;
nomem:
	c->nomem = true;
	policy_plan_free(p);
	return NULL;
}
