/*
 * The plan model: the names of kinds and operators, a new plan, linking
 * (levels and order), the plan hash, references and the public accessors.
 *
 * plan_link() orders the steps: a step's level is one more than the highest
 * level of the steps it reads, steps are sorted by level (keeping policy
 * order within a level), and references are renumbered. Definitions may
 * refer to terms defined further down the policy, so this is a real
 * topological sort; a cycle ("X is Y plus 1", "Y is X minus 1") is an error.
 * Both the compiler (compile/emit.c) and the loader (plan_json.c) link the
 * plans they make.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "base/words.h"
#include "plan/plan.h"

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

static const char *const class_names[CLASS_COUNT] = { "rule", "requirement", "definition",
                                                       "extraction", "commentary" };

const char *sentence_class_name(sentence_class c)
{
	return (unsigned)c < CLASS_COUNT ? class_names[c] : "?";
}

bool sentence_class_from_name(const char *s, sentence_class *out)
{
	for (unsigned i = 0; i < CLASS_COUNT; i++)
		if (!strcmp(s, class_names[i])) {
			*out = (sentence_class)i;
			return true;
		}
	return false;
}

static sentence_class class_of_kind(policy_step_kind k)
{
	switch (k) {
	case POLICY_STEP_EXTRACT:
	case POLICY_STEP_LOOKUP:
	case POLICY_STEP_LLM: return CLASS_EXTRACTION;
	case POLICY_STEP_COMPUTE: return CLASS_DEFINITION;
	case POLICY_STEP_CHECK:
	case POLICY_STEP_REQUIRE: return CLASS_REQUIREMENT;
	default: return CLASS_RULE; /* action, guardrail */
	}
}

sentence_class sentence_class_of(const policy_plan *p, const uint32_t *steps, uint32_t n)
{
	sentence_class c = CLASS_COMMENTARY;
	for (uint32_t i = 0; i < n; i++) {
		sentence_class k = class_of_kind(p->steps[steps[i]].kind);
		if (k < c)
			c = k;
	}
	return c;
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
	[E_CASE] = "case",
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

static void key_document(const expr *e, void *ctx)
{
	if (e->op == E_DOC_COUNT && e->doc && !e->doc_key)
		((expr *)e)->doc_key = words_key(ctx, e->doc, strlen(e->doc));
}

/* Document types as the run matches them against a case's documents
 * (words_key), made once here rather than on every decision. A type that
 * has no key (not UTF-8) stays NULL and matches no document, as before;
 * false only when memory ran out. */
static bool key_documents(policy_plan *p)
{
	for (uint32_t i = 0; i < p->nsteps; i++) {
		plan_step *s = &p->steps[i];
		if (s->doc && !s->doc_key)
			s->doc_key = words_key(&p->a, s->doc, strlen(s->doc));
		step_visit_exprs(s, key_document, &p->a);
	}
	return !p->a.failed;
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
	if (!key_documents(p)) {
		snprintf(why, why_cap, "out of memory");
		return false;
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
	for (uint32_t k = 0; k < p->nsentences; k++) {
		plan_sentence *ps = &p->sentences[k];
		for (uint32_t j = 0; j < ps->nsteps; j++)
			ps->steps[j] = map[ps->steps[j]];
		qsort(ps->steps, ps->nsteps, sizeof *ps->steps, cmp_u32);
	}
	for (uint32_t k = 0; k < p->nassisted; k++) {
		plan_assist *pa = &p->assisted[k];
		for (uint32_t j = 0; j < pa->nsteps; j++)
			pa->steps[j] = map[pa->steps[j]];
		qsort(pa->steps, pa->nsteps, sizeof *pa->steps, cmp_u32);
	}
	p->steps = sorted;
	p->nlevels = nlevels;
	return true;
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
	for (int i = 0; i < PLAN_CACHES; i++) {
		plan_cache *c = __atomic_load_n(&plan->run_cache[i], __ATOMIC_ACQUIRE);
		if (c)
			c->free(c);
	}
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

const char *policy_plan_step_document(const policy_plan *p, size_t i)
{
	const plan_step *s = step_at(p, i);
	return s && (s->kind == POLICY_STEP_EXTRACT || s->kind == POLICY_STEP_REQUIRE) ? s->doc : NULL;
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

/* ---- the source map ---- */

static const plan_sentence *sentence_at(const policy_plan *p, size_t i)
{
	return p && i < p->nsentences ? &p->sentences[i] : NULL;
}

size_t policy_plan_sentence_count(const policy_plan *p) { return p ? p->nsentences : 0; }

unsigned policy_plan_sentence_line(const policy_plan *p, size_t i)
{
	const plan_sentence *s = sentence_at(p, i);
	return s ? s->sp.line : 0;
}

unsigned policy_plan_sentence_column(const policy_plan *p, size_t i)
{
	const plan_sentence *s = sentence_at(p, i);
	return s ? s->sp.column : 0;
}

const char *policy_plan_sentence_text(const policy_plan *p, size_t i)
{
	const plan_sentence *s = sentence_at(p, i);
	return s ? s->text : NULL;
}

const char *policy_plan_sentence_class(const policy_plan *p, size_t i)
{
	const plan_sentence *s = sentence_at(p, i);
	return s ? sentence_class_name(s->cls) : NULL;
}

const char *policy_plan_sentence_section(const policy_plan *p, size_t i)
{
	const plan_sentence *s = sentence_at(p, i);
	return s ? s->section : NULL;
}

const char *policy_plan_sentence_title(const policy_plan *p, size_t i)
{
	const plan_sentence *s = sentence_at(p, i);
	return s ? s->title : NULL;
}

const char *policy_plan_sentence_clause(const policy_plan *p, size_t i)
{
	const plan_sentence *s = sentence_at(p, i);
	return s ? s->clause : NULL;
}

size_t policy_plan_sentence_step_count(const policy_plan *p, size_t i)
{
	const plan_sentence *s = sentence_at(p, i);
	return s ? s->nsteps : 0;
}

const char *policy_plan_sentence_step(const policy_plan *p, size_t i, size_t j)
{
	const plan_sentence *s = sentence_at(p, i);
	return s && j < s->nsteps ? p->steps[s->steps[j]].id : NULL;
}

/* ---- assisted sentences ---- */

size_t policy_plan_assisted_count(const policy_plan *p) { return p ? p->nassisted : 0; }

static const plan_assist *assisted_at(const policy_plan *p, size_t i)
{
	return p && i < p->nassisted ? &p->assisted[i] : NULL;
}

unsigned policy_plan_assisted_line(const policy_plan *p, size_t i)
{
	const plan_assist *a = assisted_at(p, i);
	return a ? a->sp.line : 0;
}

unsigned policy_plan_assisted_column(const policy_plan *p, size_t i)
{
	const plan_assist *a = assisted_at(p, i);
	return a ? a->sp.column : 0;
}

const char *policy_plan_assisted_sentence(const policy_plan *p, size_t i)
{
	const plan_assist *a = assisted_at(p, i);
	return a ? a->sentence : NULL;
}

const char *policy_plan_assisted_restatement(const policy_plan *p, size_t i)
{
	const plan_assist *a = assisted_at(p, i);
	return a ? a->restatement : NULL;
}

const char *policy_plan_assisted_entry(const policy_plan *p, size_t i)
{
	const plan_assist *a = assisted_at(p, i);
	return a ? a->entry : NULL;
}

size_t policy_plan_assisted_step_count(const policy_plan *p, size_t i)
{
	const plan_assist *a = assisted_at(p, i);
	return a ? a->nsteps : 0;
}

const char *policy_plan_assisted_step(const policy_plan *p, size_t i, size_t j)
{
	const plan_assist *a = assisted_at(p, i);
	return a && j < a->nsteps ? p->steps[a->steps[j]].id : NULL;
}
