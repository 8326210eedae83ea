/*
 * The planner: compile-time defs -> an immutable plan.
 *
 * Steps get readable, stable ids from what they are ("extract.claimed_amount",
 * "action.escalate_to_senior_adjuster_review"), so trails read well and
 * plans of two versions can be compared step by step. Expressions and
 * strings are copied into the plan's own arena: the compiler's memory is
 * released when compilation ends.
 *
 * plan_link() orders the steps: a step's level is one more than the highest
 * level of the steps it reads, steps are sorted by level (keeping policy
 * order within a level), and references are renumbered. Definitions may
 * refer to terms defined further down the policy, so this is a real
 * topological sort; a cycle ("X is Y plus 1", "Y is X minus 1") is an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "compile/compile.h"
#include "base/date.h"
#include "plan/llm.h"

static const char *const kind_names[] = { "extract", "lookup", "compute", "check",
                                          "require", "action", "llm", "guardrail" };

const char *policy_step_kind_name(policy_step_kind kind)
{
	return (unsigned)kind < sizeof kind_names / sizeof kind_names[0] ? kind_names[kind] : NULL;
}

bool step_kind_from_name(const char *s, policy_step_kind *out)
{
	for (unsigned i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
		if (!strcmp(s, kind_names[i])) {
			*out = (policy_step_kind)i;
			return true;
		}
	return false;
}

static const char *const cmp_names[] = { "gt", "ge", "lt", "le", "eq", "ne" };

const char *cmp_op_name(cmp_op op)
{
	return (unsigned)op < CMP_COUNT ? cmp_names[op] : "?";
}

bool cmp_op_from_name(const char *s, cmp_op *out)
{
	for (unsigned i = 0; i < CMP_COUNT; i++)
		if (!strcmp(s, cmp_names[i])) {
			*out = (cmp_op)i;
			return true;
		}
	return false;
}

static const char *const op_names[E_OP_COUNT] = {
	[E_REF] = "ref", [E_CONST] = "const", [E_SET] = "set", [E_ADD] = "add", [E_SUB] = "sub",
	[E_MUL] = "mul", [E_DIV] = "div", [E_PCT_OF] = "pct_of", [E_SUM] = "sum", [E_MIN] = "min",
	[E_MAX] = "max", [E_ELAPSED] = "elapsed", [E_DOC_COUNT] = "doc_count",
	[E_LIST_COUNT] = "list_count", [E_CMP] = "cmp", [E_BETWEEN] = "between", [E_IN] = "in",
	[E_WITHIN] = "within", [E_MISSING] = "missing", [E_AND] = "and", [E_OR] = "or",
	[E_NOT] = "not", [E_ANY] = "any", [E_ALL] = "all", [E_AVG] = "avg", [E_ROUND] = "round",
};

const char *expr_op_name(expr_op op)
{
	return (unsigned)op < E_OP_COUNT ? op_names[op] : "?";
}

bool expr_op_from_name(const char *s, expr_op *out)
{
	for (unsigned i = 0; i < E_OP_COUNT; i++)
		if (!strcmp(s, op_names[i])) {
			*out = (expr_op)i;
			return true;
		}
	return false;
}

void hash128_hex(const void *data, size_t len, char out[33])
{
	XXH128_hash_t h = XXH3_128bits(data, len);
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, h);
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++) {
		out[2 * i] = hex[c.digest[i] >> 4];
		out[2 * i + 1] = hex[c.digest[i] & 15];
	}
	out[32] = '\0';
}

policy_plan *plan_new(const mem *m)
{
	policy_plan *p = mem_calloc(m, 1, sizeof *p);
	if (!p)
		return NULL;
	p->m = *m;
	p->refs = 1;
	arena_init(&p->a, &p->m);
	return p;
}

/* ---- linking ---- */

static void visit(const expr *e, expr_visit_fn fn, void *ctx)
{
	if (!e)
		return;
	fn(e, ctx);
	for (uint32_t i = 0; i < e->nargs; i++)
		visit(e->args[i], fn, ctx);
}

void step_visit_exprs(const plan_step *s, expr_visit_fn fn, void *ctx)
{
	visit(s->guard, fn, ctx);
	visit(s->value, fn, ctx);
	for (uint32_t k = 0; k < s->nkeys; k++)
		visit(s->keys[k], fn, ctx);
}

typedef struct collect {
	uint32_t *refs;
	uint32_t n, cap;
	bool overflow;
} collect;

static void collect_ref(const expr *e, void *ctx)
{
	collect *c = ctx;
	if (e->op != E_REF && e->op != E_ANY && e->op != E_ALL)
		return;
	for (uint32_t i = 0; i < c->n; i++)
		if (c->refs[i] == e->step)
			return;
	if (c->n == c->cap) {
		c->overflow = true;
		return;
	}
	c->refs[c->n++] = e->step;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void renumber(const expr *e, void *ctx)
{
	const uint32_t *map = ctx;
	if (e->op == E_REF || e->op == E_ANY || e->op == E_ALL)
		((expr *)e)->step = map[e->step];
}

bool plan_link(policy_plan *p, char *why, size_t why_cap)
{
	uint32_t n = p->nsteps;
	if (n == 0) {
		p->nlevels = 0;
		return true;
	}
	/* Inputs: the distinct steps each step's expressions read. */
	uint32_t *scratch = arena_alloc(&p->a, (size_t)n * sizeof *scratch);
	if (!scratch) {
		snprintf(why, why_cap, "out of memory");
		return false;
	}
	for (uint32_t i = 0; i < n; i++) {
		plan_step *s = &p->steps[i];
		collect c = { scratch, 0, n, false };
		step_visit_exprs(s, collect_ref, &c);
		for (uint32_t k = 0; k < c.n; k++) {
			if (c.refs[k] >= n) {
				snprintf(why, why_cap, "step '%s' reads a step that does not exist", s->id);
				return false;
			}
			if (c.refs[k] == i) {
				snprintf(why, why_cap, "step '%s' reads its own output", s->id);
				return false;
			}
		}
		qsort(c.refs, c.n, sizeof *c.refs, cmp_u32);
		s->inputs = arena_alloc(&p->a, (c.n ? c.n : 1) * sizeof *s->inputs);
		if (!s->inputs) {
			snprintf(why, why_cap, "out of memory");
			return false;
		}
		memcpy(s->inputs, c.refs, c.n * sizeof *c.refs);
		s->ninputs = c.n;
	}
	/* Levels by Kahn's algorithm over "reads" edges. */
	uint32_t *pending = arena_zalloc(&p->a, (size_t)n * sizeof *pending);
	uint32_t *queue = arena_alloc(&p->a, (size_t)n * sizeof *queue);
	uint32_t *level = arena_zalloc(&p->a, (size_t)n * sizeof *level);
	uint32_t *nreaders = arena_zalloc(&p->a, (size_t)n * sizeof *nreaders);
	uint32_t *reader_start = arena_zalloc(&p->a, ((size_t)n + 1) * sizeof *reader_start);
	if (!pending || !queue || !level || !nreaders || !reader_start) {
		snprintf(why, why_cap, "out of memory");
		return false;
	}
	size_t edges = 0;
	for (uint32_t i = 0; i < n; i++) {
		pending[i] = p->steps[i].ninputs;
		for (uint32_t k = 0; k < p->steps[i].ninputs; k++)
			nreaders[p->steps[i].inputs[k]]++;
		edges += p->steps[i].ninputs;
	}
	uint32_t *readers = arena_alloc(&p->a, (edges ? edges : 1) * sizeof *readers);
	if (!readers) {
		snprintf(why, why_cap, "out of memory");
		return false;
	}
	for (uint32_t i = 0; i < n; i++)
		reader_start[i + 1] = reader_start[i] + nreaders[i];
	memset(nreaders, 0, (size_t)n * sizeof *nreaders);
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t k = 0; k < p->steps[i].ninputs; k++) {
			uint32_t src = p->steps[i].inputs[k];
			readers[reader_start[src] + nreaders[src]++] = i;
		}
	uint32_t head = 0, tail = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!pending[i])
			queue[tail++] = i;
	while (head < tail) {
		uint32_t s = queue[head++];
		for (uint32_t r = reader_start[s]; r < reader_start[s + 1]; r++) {
			uint32_t t = readers[r];
			if (level[t] < level[s] + 1)
				level[t] = level[s] + 1;
			if (--pending[t] == 0)
				queue[tail++] = t;
		}
	}
	if (tail != n) {
		for (uint32_t i = 0; i < n; i++)
			if (pending[i]) {
				snprintf(why, why_cap, "'%s' depends on itself through other definitions",
				         p->steps[i].label ? p->steps[i].label : p->steps[i].id);
				break;
			}
		return false;
	}
	/* Stable order by level. */
	uint32_t nlevels = 0;
	for (uint32_t i = 0; i < n; i++)
		if (level[i] + 1 > nlevels)
			nlevels = level[i] + 1;
	uint32_t *order = queue;
	uint32_t k = 0;
	for (uint32_t l = 0; l < nlevels; l++)
		for (uint32_t i = 0; i < n; i++)
			if (level[i] == l)
				order[k++] = i;
	uint32_t *map = pending; /* old index -> new index */
	for (uint32_t i = 0; i < n; i++)
		map[order[i]] = i;
	plan_step *sorted = arena_alloc(&p->a, (size_t)n * sizeof *sorted);
	if (!sorted) {
		snprintf(why, why_cap, "out of memory");
		return false;
	}
	for (uint32_t i = 0; i < n; i++) {
		sorted[i] = p->steps[order[i]];
		sorted[i].level = level[order[i]];
	}
	for (uint32_t i = 0; i < n; i++) {
		step_visit_exprs(&sorted[i], renumber, map);
		for (uint32_t j = 0; j < sorted[i].ninputs; j++)
			sorted[i].inputs[j] = map[sorted[i].inputs[j]];
		qsort(sorted[i].inputs, sorted[i].ninputs, sizeof *sorted[i].inputs, cmp_u32);
	}
	for (uint32_t f = 0; f < p->nfields; f++)
		p->fields[f].step = map[p->fields[f].step];
	p->steps = sorted;
	p->nlevels = nlevels;
	return true;
}

/* ---- building from the compiler's defs ---- */

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
	char why[256];
	bool linked = plan_link(p, why, sizeof why);
	if (linked) {
		/* Model steps, and form fields the model may read when the form
		 * cannot be: both may spend tokens, so neither is deterministic. */
		for (uint32_t i = 0; i < p->nsteps; i++)
			if (p->steps[i].kind == POLICY_STEP_LLM || p->steps[i].llm_fallback) {
				p->steps[i].deterministic = false;
				p->steps[i].est_tokens = llm_estimate(p, &p->steps[i]);
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

policy_plan *policy_plan_reference(policy_plan *plan)
{
	if (plan)
		__atomic_add_fetch(&plan->refs, 1, __ATOMIC_RELAXED);
	return plan;
}

void policy_plan_free(policy_plan *plan)
{
	if (!plan || __atomic_sub_fetch(&plan->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	arena_release(&plan->a);
	mem m = plan->m;
	mem_free(&m, plan);
}

/* ---- accessors ---- */

const char *policy_plan_name(const policy_plan *p) { return p ? p->name : NULL; }
const char *policy_plan_policy_version(const policy_plan *p) { return p ? p->version : NULL; }
const char *policy_plan_effective(const policy_plan *p) { return p ? p->effective : NULL; }
const char *policy_plan_source(const policy_plan *p) { return p ? p->source : NULL; }
const char *policy_plan_text_hash(const policy_plan *p) { return p ? p->text_hash : NULL; }
const char *policy_plan_body_hash(const policy_plan *p) { return p ? p->body_hash : NULL; }
uint64_t policy_plan_est_tokens(const policy_plan *p) { return p ? p->est_tokens : 0; }
size_t policy_plan_step_count(const policy_plan *p) { return p ? p->nsteps : 0; }
size_t policy_plan_level_count(const policy_plan *p) { return p ? p->nlevels : 0; }

static const plan_step *step_at(const policy_plan *p, size_t i)
{
	return p && i < p->nsteps ? &p->steps[i] : NULL;
}

const char *policy_plan_step_id(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->id : NULL;
}

policy_step_kind policy_plan_step_kind(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->kind : POLICY_STEP_EXTRACT;
}

unsigned policy_plan_step_level(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->level : 0;
}

policy_type policy_plan_step_type(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->type : POLICY_TYPE_NONE;
}

int policy_plan_step_deterministic(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->deterministic : 0;
}

uint64_t policy_plan_step_est_tokens(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->est_tokens : 0;
}

unsigned policy_plan_step_line(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->sp.line : 0;
}

unsigned policy_plan_step_column(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->sp.column : 0;
}

const char *policy_plan_step_sentence(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->sentence : NULL;
}

const char *policy_plan_step_label(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->label : NULL;
}

size_t policy_plan_step_input_count(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s ? s->ninputs : 0;
}

const char *policy_plan_step_input(const policy_plan *p, size_t i, size_t j)
{
	const plan_step *s = step_at(p, i);
	return s && j < s->ninputs ? p->steps[s->inputs[j]].id : NULL;
}
