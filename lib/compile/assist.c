/*
 * policy_compile and the compile-time assistant (see assist.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/reply.h"
#include "compile/assist.h"
#include "compile/assist_io.h"
#include "compile/assist_text.h"
#include "compile/faithful.h"
#include "plan/plan_json.h"

#define MAX_REPLY_BYTES ((size_t)1 << 20)
#define MAX_SENTENCE_ERRORS 8

/* A diagnostic of the assistant's own, at a sentence. */
typedef struct note {
	bool set;
	policy_severity sev;
	const char *message, *hint;
} note;

typedef struct item {
	uint32_t sentence;         /* index into the sentences */
	char entry[33];            /* its lock entry */
	const char *text;          /* the sentence, collapsed */
	const char *restatement;   /* placed in its stead */
	bool placed, from_lock;
	uint32_t edit;             /* its edit in the latest pass, when placed */
	bool lock_tried, asked;
	bool failing;              /* it is unread in the latest pass */
	bool erring;               /* ... with an error */
	const char *errors[MAX_SENTENCE_ERRORS];
	uint32_t nerrors;
	const char *rejected;      /* a pinned restatement a person rejected */
	note why;                  /* why it is not placed */
} item;

typedef struct assist {
	const policy_compile_options *o;
	mem m;
	arena a;
	lexed lx;                  /* the text as written */
	text_sentence *sent;
	uint32_t nsent;
	item *items;               /* by sentence */
	uint32_t nitems, cap;
	lock_entry *lock;
	uint32_t nlock;
	faithful_vocab *vocab;
	bool broken;               /* the assistant failed: ask it nothing more */
	unsigned asked, max_asked;
	note limit_note;
	bool nomem;
	/* the latest pass */
	policy_plan *plan;
	policy_error *diags;
	policy_status status;
	text_edit *edits;
	uint32_t nedits;
	pass_notes notes;
} assist;

/* ---- items ---- */

static item *item_get(assist *st, uint32_t sentence)
{
	uint32_t lo = 0, hi = st->nitems;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (st->items[mid].sentence < sentence)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < st->nitems && st->items[lo].sentence == sentence)
		return &st->items[lo];
	if (st->nitems == st->cap) {
		uint32_t cap = st->cap ? st->cap * 2 : 8;
		item *g = arena_grow(&st->a, st->items, st->nitems, cap, sizeof *g);
		if (!g)
			return NULL;
		st->items = g;
		st->cap = cap;
	}
	memmove(&st->items[lo + 1], &st->items[lo], (st->nitems - lo) * sizeof *st->items);
	st->nitems++;
	item *it = &st->items[lo];
	memset(it, 0, sizeof *it);
	it->sentence = sentence;
	const text_sentence *s = &st->sent[sentence];
	it->text = text_collapse(&st->a, st->lx.text + s->start, s->end - s->start);
	if (!it->text)
		return NULL;
	hash128_hex(it->text, strlen(it->text), it->entry);
	return it;
}

static const char *fmt(assist *st, const char *f, ...) __attribute__((format(printf, 2, 3)));

static const char *fmt(assist *st, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	char *s = n >= 0 ? arena_alloc(&st->a, (size_t)n + 1) : NULL;
	if (!s) {
		st->nomem = true;
		return "";
	}
	va_start(ap, f);
	vsnprintf(s, (size_t)n + 1, f, ap);
	va_end(ap);
	return s;
}

static void set_note(item *it, policy_severity sev, const char *message, const char *hint)
{
	it->why = (note){ true, sev, message, hint };
}

/* Whether a diagnostic says the grammar took no reading of its sentence:
 * an error, or the warning of prose kept as commentary because nothing in
 * it could be read (parse.c). Those sentences are the assistant's. */
static bool unread(const diagnostic *g)
{
	static const char *const kept_unread[] = { "read as commentary:" };
	if (!g->line)
		return false;
	if (g->severity == POLICY_SEVERITY_ERROR)
		return true;
	for (size_t i = 0; i < sizeof kept_unread / sizeof kept_unread[0]; i++)
		if (g->message && !strncmp(g->message, kept_unread[i], strlen(kept_unread[i])))
			return true;
	return false;
}

/* The sentence (as written) a diagnostic of the latest pass is at, or -1;
 * *in is the edit it falls in, or -1. */
static int32_t sentence_of(const assist *st, const diagnostic *g, int32_t *in)
{
	span o = text_map_span(st->sent, st->edits, st->nedits,
	                       (span){ g->line, g->column, g->length }, in);
	if (*in >= 0)
		return (int32_t)st->edits[*in].sentence;
	return text_sentence_at(&st->lx, st->sent, st->nsent, o.line, o.column);
}

/* How many diagnostics of the latest pass leave a sentence unread. */
static size_t unread_count(const assist *st)
{
	size_t n = 0;
	for (size_t d = 0; st->diags && d < st->diags->count; d++)
		n += unread(&st->diags->diags[d]);
	return n;
}

/* ---- passes ---- */

static void drop_pass(assist *st)
{
	policy_plan_free(st->plan);
	policy_error_free(st->diags);
	st->plan = NULL;
	st->diags = NULL;
}

/* Compile the text with every placed restatement in its sentence's place. */
static void run_pass(assist *st)
{
	drop_pass(st);
	uint32_t n = 0;
	for (uint32_t i = 0; i < st->nitems; i++)
		n += st->items[i].placed;
	st->edits = arena_alloc(&st->a, (n ? n : 1) * sizeof *st->edits);
	if (!st->edits) {
		st->nomem = true;
		return;
	}
	st->nedits = 0;
	for (uint32_t i = 0; i < st->nitems; i++) {
		item *it = &st->items[i];
		if (!it->placed)
			continue;
		it->edit = st->nedits;
		st->edits[st->nedits++] = (text_edit){ .sentence = it->sentence, .with = it->restatement };
	}
	size_t len = st->lx.len;
	const char *text = st->lx.text;
	if (n && !(text = text_apply(&st->a, &st->lx, st->sent, st->edits, n, &len))) {
		st->nomem = true;
		return;
	}
	st->notes = (pass_notes){ .a = &st->a };
	st->status = compile_pass(text, len, st->o, &st->plan, &st->diags, &st->notes);
	if (st->status == POLICY_ERR_NOMEM || st->notes.nomem)
		st->nomem = true;
}

/* ---- restatements ---- */

static bool can_ask(const assist *st)
{
	return st->o->assist && !st->broken;
}

/* The restatement ready to place: collapsed, ending as a sentence does
 * (as the original ends, when it does not say). NULL with a note when it
 * cannot be placed. */
static const char *prepare(assist *st, item *it, const char *r)
{
	const text_sentence *s = &st->sent[it->sentence];
	size_t n = strlen(r);
	size_t limit = st->o->max_sentence_bytes ? st->o->max_sentence_bytes : 16384;
	if (n > limit) {
		set_note(it, POLICY_SEVERITY_ERROR, fmt(st, "the restatement of '%s' is longer than "
		         "a sentence may be", it->text), NULL);
		return NULL;
	}
	if (!n || strchr("#-*|", r[0])) {
		set_note(it, POLICY_SEVERITY_ERROR, fmt(st, "the restatement of '%s' does not start "
		         "as a sentence does: '%s'", it->text, r), NULL);
		return NULL;
	}
	char *out = arena_alloc(&st->a, n + 2);
	if (!out) {
		st->nomem = true;
		return NULL;
	}
	memcpy(out, r, n + 1);
	char last = out[n - 1];
	if (s->final == ':' && last == '.')
		out[n - 1] = ':'; /* it introduces the list after it, as the original did */
	else if (!strchr(".!?;:", last)) {
		out[n] = s->final && s->final != ';' ? s->final : '.';
		out[n + 1] = '\0';
	}
	return out;
}

/* Check a restatement and place it; false (with a note) if it cannot be. */
static bool try_place(assist *st, item *it, const char *r, bool from_lock)
{
	const char *ready = prepare(st, it, r);
	if (!ready)
		return false;
	if (!strcmp(ready, it->text)) {
		set_note(it, POLICY_SEVERITY_WARNING, "the assistant restated this sentence as it is "
		         "written", NULL);
		return false;
	}
	if (!st->vocab && !(st->vocab = faithful_vocab_new(&st->a, &st->lx))) {
		st->nomem = true;
		return false;
	}
	const text_sentence *s = &st->sent[it->sentence];
	const char *adds = faithful_difference(&st->a, st->vocab, &st->lx, s->first, s->last, ready,
	                                       &st->nomem);
	if (st->nomem)
		return false;
	if (adds) {
		/* A pinned restatement that is not faithful (an edited lock) is
		 * asked of the assistant again when there is one. */
		if (from_lock && can_ask(st))
			return false;
		set_note(it, POLICY_SEVERITY_ERROR,
		         fmt(st, "the restatement of '%s' is not faithful: it %s: '%s'", it->text,
		             adds, ready),
		         from_lock ? "the restatement comes from the lock file; remove its entry, or "
		                     "rephrase the sentence" :
		                     "rephrase the sentence, or ask the assistant again");
		return false;
	}
	it->restatement = ready;
	it->placed = true;
	it->from_lock = from_lock;
	it->why.set = false;
	return true;
}

/* Ask the assistant about one sentence; true if its answer was placed. */
static bool ask(assist *st, item *it)
{
	const text_sentence *s = &st->sent[it->sentence];
	const char *section = NULL;
	if (s->section != NO_SECTION && s->section < st->lx.nsections) {
		const doc_section *d = &st->lx.sections[s->section];
		section = fmt(st, "%s%s%s", d->id ? d->id : "", d->id && d->title && *d->title ? " " : "",
		              d->title ? d->title : "");
	}
	assist_request rq = { it->entry, it->text, s->sp, section, st->lx.name.value, it->errors,
	                      it->nerrors, &st->notes, it->rejected };
	const char *request = assist_request_json(&st->a, &rq);
	if (!request || st->nomem) {
		st->nomem = true;
		return false;
	}
	policy_reply r;
	reply_init(&r, &st->m, MAX_REPLY_BYTES);
	policy_status cs = st->o->assist(request, &r, st->o->assist_user_data);
	bool placed = false;
	if (cs == POLICY_ERR_NOMEM) {
		st->nomem = true;
	} else if (cs != POLICY_OK || !r.json) {
		/* a failing assistant (a command that cannot run, a timeout) will
		 * fail the next sentence too */
		st->broken = true;
		const char *why = r.too_big ? "its reply is larger than 1 MiB" :
		                  r.error   ? r.error :
		                  cs == POLICY_OK ? "it gave no reply" : policy_status_name(cs);
		set_note(it, POLICY_SEVERITY_ERROR,
		         fmt(st, "the assistant failed on this sentence: %s", why),
		         "the other sentences were not sent to it either");
	} else {
		char why[200];
		assist_answer ans;
		if (!assist_reply_parse(&st->a, r.json, r.len, &ans, why, sizeof why, &st->nomem)) {
			if (!st->nomem)
				set_note(it, POLICY_SEVERITY_ERROR,
				         fmt(st, "the assistant's reply for this sentence is not the expected "
				             "JSON: %s", why),
				         "reply {\"restatements\": [\"...\"]} or {\"decline\": \"why\"}");
		} else if (ans.decline) {
			set_note(it, POLICY_SEVERITY_WARNING,
			         fmt(st, "the assistant did not restate this sentence: %s", ans.decline),
			         NULL);
		} else {
			placed = try_place(st, it, ans.restatement, false);
		}
	}
	reply_release(&r);
	return placed;
}

/* One round: read the latest pass's errors, take out restatements that
 * did not compile, place what the lock has, else what the assistant
 * says. True if the text changed. */
static bool round_of(assist *st)
{
	if (st->status != POLICY_ERR_COMPILE && st->status != POLICY_OK)
		return false;
	for (uint32_t i = 0; i < st->nitems; i++) {
		st->items[i].failing = false;
		st->items[i].nerrors = 0;
	}
	bool changed = false;
	for (size_t d = 0; st->diags && d < st->diags->count && !st->nomem; d++) {
		const diagnostic *g = &st->diags->diags[d];
		if (!unread(g))
			continue;
		int32_t in;
		int32_t si = sentence_of(st, g, &in);
		if (si < 0)
			continue;
		item *it = item_get(st, (uint32_t)si);
		if (!it) {
			st->nomem = true;
			break;
		}
		if (in >= 0) {
			if (!it->placed)
				continue; /* taken out already */
			it->placed = false;
			changed = true;
			if (it->from_lock && can_ask(st) && !it->asked)
				continue; /* the assistant is asked in a later round */
			set_note(it, POLICY_SEVERITY_ERROR,
			         fmt(st, "the restatement of '%s' does not compile: '%s': %s", it->text,
			             it->restatement, g->message),
			         g->hint ? fmt(st, "%s", g->hint) : NULL);
			continue;
		}
		it->failing = true;
		if (it->nerrors < MAX_SENTENCE_ERRORS)
			it->errors[it->nerrors++] = fmt(st, "%s", g->message);
	}
	if (changed || st->nomem)
		return changed;
	/* The lock first: only when it has nothing for these sentences is the
	 * assistant asked, so a compile from a complete lock asks nothing. */
	bool pinned = false;
	for (uint32_t i = 0; i < st->nitems && !st->nomem; i++) {
		item *it = &st->items[i];
		if (!it->failing || it->placed || it->lock_tried)
			continue;
		it->lock_tried = true;
		const lock_entry *e = assist_lock_find(st->lock, st->nlock, it->entry, it->text);
		if (!e)
			continue;
		if (e->decline) {
			/* pinned too: the assistant is not asked again */
			it->asked = true;
			set_note(it, POLICY_SEVERITY_WARNING,
			         fmt(st, "the assistant did not restate this sentence: %s", e->decline),
			         "its answer is pinned in the lock; remove the entry to ask again");
			continue;
		}
		if (e->rejected) {
			it->rejected = e->restatement;
			if (!can_ask(st))
				set_note(it, POLICY_SEVERITY_WARNING,
				         fmt(st, "the restatement pinned for this sentence was rejected in "
				             "review: '%s'", e->restatement),
				         "rephrase the sentence, or compile with the assistant to ask again");
			continue;
		}
		pinned |= try_place(st, it, e->restatement, true);
	}
	if (pinned || st->nomem)
		return pinned;
	for (uint32_t i = 0; i < st->nitems && can_ask(st) && !st->nomem; i++) {
		item *it = &st->items[i];
		if (!it->failing || it->placed || it->asked)
			continue;
		if (st->asked >= st->max_asked) {
			st->limit_note = (note){ true, POLICY_SEVERITY_WARNING,
			                         fmt(st, "the assistant was asked about %u sentences, the "
			                             "limit for one compile", st->max_asked),
			                         "raise max_assisted" };
			break;
		}
		it->asked = true;
		st->asked++;
		changed |= ask(st, it);
	}
	return changed;
}

/* Take out restatements the policy compiles without: their sentences'
 * errors were another sentence's doing. */
static void keep_needed(assist *st)
{
	for (uint32_t i = 0; i < st->nitems && !st->nomem; i++) {
		item *it = &st->items[i];
		if (!it->placed)
			continue;
		policy_plan *plan = st->plan;
		policy_error *diags = st->diags;
		text_edit *edits = st->edits;
		uint32_t nedits = st->nedits;
		size_t unread_before = unread_count(st);
		st->plan = NULL;
		st->diags = NULL;
		it->placed = false;
		run_pass(st);
		if (st->status == POLICY_OK && !st->nomem && unread_count(st) <= unread_before) {
			policy_plan_free(plan);
			policy_error_free(diags);
			continue;
		}
		drop_pass(st);
		it->placed = true;
		st->plan = plan;
		st->diags = diags;
		st->edits = edits;
		st->nedits = nedits;
		st->status = POLICY_OK;
		for (uint32_t k = 0, e = 0; k < st->nitems; k++)
			if (st->items[k].placed)
				st->items[k].edit = e++;
	}
}

/* ---- the plan ---- */

typedef struct remap {
	const assist *st;
} remap;

static void remap_expr(const expr *e, void *ctx)
{
	const assist *st = ((remap *)ctx)->st;
	int32_t in;
	((expr *)e)->sp = text_map_span(st->sent, st->edits, st->nedits, e->sp, &in);
}

/* Positions back to the text as written, the assisted sentences listed,
 * the hashes over the text as written. False if a restatement produced no
 * step (it hid its sentence instead of restating it): it is taken out. */
static bool finish_plan(assist *st)
{
	policy_plan *p = st->plan;
	uint32_t *owner = arena_alloc(&st->a, (p->nsteps ? p->nsteps : 1) * sizeof *owner);
	uint32_t *count = arena_zalloc(&st->a, (st->nedits ? st->nedits : 1) * sizeof *count);
	if (!owner || !count) {
		st->nomem = true;
		return true;
	}
	remap ctx = { st };
	for (uint32_t i = 0; i < p->nsteps; i++) {
		plan_step *s = &p->steps[i];
		int32_t in;
		s->sp = text_map_span(st->sent, st->edits, st->nedits, s->sp, &in);
		owner[i] = in >= 0 ? (uint32_t)in : UINT32_MAX;
		if (in >= 0)
			count[in]++;
		step_visit_exprs(s, remap_expr, &ctx);
	}
	/* the source map's sentences too: a restatement's sentences sit at the
	 * sentence they restate */
	for (uint32_t i = 0; i < p->nsentences; i++) {
		int32_t in;
		p->sentences[i].sp = text_map_span(st->sent, st->edits, st->nedits, p->sentences[i].sp,
		                                   &in);
	}
	bool hid = false;
	for (uint32_t i = 0; i < st->nitems; i++) {
		item *it = &st->items[i];
		if (!it->placed || count[it->edit])
			continue;
		it->placed = false;
		hid = true;
		set_note(it, POLICY_SEVERITY_ERROR,
		         fmt(st, "the restatement of '%s' gives the plan no step: '%s'", it->text,
		             it->restatement),
		         "a restatement must say what the sentence does");
	}
	if (hid)
		return false;
	p->assisted = arena_zalloc(&p->a, (st->nedits ? st->nedits : 1) * sizeof *p->assisted);
	if (!p->assisted) {
		st->nomem = true;
		return true;
	}
	for (uint32_t i = 0; i < st->nitems; i++) {
		const item *it = &st->items[i];
		if (!it->placed)
			continue;
		plan_assist *a = &p->assisted[it->edit];
		a->entry = arena_strdup(&p->a, it->entry);
		a->sp = st->sent[it->sentence].sp;
		a->sentence = arena_strdup(&p->a, it->text);
		a->restatement = arena_strdup(&p->a, it->restatement);
		a->steps = arena_alloc(&p->a, count[it->edit] * sizeof *a->steps);
		if (!a->entry || !a->sentence || !a->restatement || !a->steps) {
			st->nomem = true;
			return true;
		}
		for (uint32_t k = 0; k < p->nsteps; k++)
			if (owner[k] == it->edit)
				a->steps[a->nsteps++] = k;
	}
	p->nassisted = st->nedits;
	hash128_hex(st->lx.text, st->lx.len, p->text_hash);
	buf body;
	buf_init(&body, &p->m);
	plan_write_body(p, &body);
	if (buf_failed(&body))
		st->nomem = true;
	else
		hash128_hex(body.data ? body.data : "", body.len, p->body_hash);
	buf_release(&body);
	return true;
}

/* ---- the report ---- */

static void add_note(policy_error *e, const note *n, span sp, bool *nomem)
{
	if (n->set && !error_add(e, n->sev, sp.line, sp.column, sp.length, n->hint, "%s", n->message))
		*nomem = true;
}

/* The latest pass's diagnostics at their places in the text as written,
 * then, if it failed, why sentences were not restated; in line order. */
static policy_error *report(assist *st)
{
	policy_error *e = error_new(&st->m, st->status);
	if (e->is_static) {
		st->nomem = true;
		return e;
	}
	bool failed = st->status != POLICY_OK; /* or a sentence is unread */
	/* Why a sentence was not restated is said where it is still unread,
	 * as an error only where the sentence is an error itself: with or
	 * without an assistant, the same sentences fail a compile. */
	for (uint32_t i = 0; i < st->nitems; i++)
		st->items[i].failing = st->items[i].erring = false;
	for (size_t d = 0; st->diags && d < st->diags->count; d++) {
		const diagnostic *g = &st->diags->diags[d];
		int32_t in = -1, si = unread(g) ? sentence_of(st, g, &in) : -1;
		failed |= si >= 0;
		for (uint32_t i = 0; si >= 0 && in < 0 && i < st->nitems; i++)
			if (st->items[i].sentence == (uint32_t)si) {
				st->items[i].failing = true;
				st->items[i].erring |= g->severity == POLICY_SEVERITY_ERROR;
			}
	}
	for (size_t d = 0; st->diags && d < st->diags->count; d++) {
		const diagnostic *g = &st->diags->diags[d];
		int32_t in;
		span sp = text_map_span(st->sent, st->edits, st->nedits,
		                        (span){ g->line, g->column, g->length }, &in);
		bool ok = in >= 0 ?
		        error_add(e, g->severity, sp.line, sp.column, sp.length, g->hint,
		                  "in the restatement '%s': %s", st->edits[in].with, g->message) :
		        error_add(e, g->severity, sp.line, sp.column, sp.length, g->hint, "%s",
		                  g->message);
		st->nomem |= !ok;
	}
	for (uint32_t i = 0; i < st->nitems; i++) {
		item *it = &st->items[i];
		if (!it->why.set || !it->failing)
			continue;
		if (!it->erring)
			it->why.sev = POLICY_SEVERITY_WARNING;
		add_note(e, &it->why, st->sent[it->sentence].sp, &st->nomem);
	}
	if (failed)
		add_note(e, &st->limit_note, (span){ 0, 0, 0 }, &st->nomem);
	/* stable, by line: a note follows the errors of its sentence */
	for (size_t i = 1; i < e->count; i++) {
		diagnostic d = e->diags[i];
		size_t k = i;
		while (k > 0 && e->diags[k - 1].line > d.line) {
			e->diags[k] = e->diags[k - 1];
			k--;
		}
		e->diags[k] = d;
	}
	return e;
}

static policy_status deliver(assist *st, policy_plan **out, policy_error **err)
{
	policy_error *e = st->nomem ? NULL : report(st);
	policy_status code = st->nomem ? POLICY_ERR_NOMEM : st->status;
	if (code == POLICY_ERR_NOMEM) {
		if (e)
			policy_error_free(e);
		e = &error_nomem;
	}
	if (code == POLICY_OK) {
		*out = st->plan;
		st->plan = NULL;
	}
	drop_pass(st);
	if (e->count == 0 && code == POLICY_OK) {
		policy_error_free(e);
		e = NULL;
	}
	if (e && e != &error_nomem)
		e->code = code;
	if (err)
		*err = e;
	else
		policy_error_free(e);
	return code;
}

static policy_status assisted_compile(const char *text, size_t len,
                                      const policy_compile_options *o, policy_plan **out,
                                      policy_error **err)
{
	assist st = { .o = o, .m = mem_from(o->allocator) };
	arena_init(&st.a, &st.m);
	st.max_asked = o->max_assisted ? o->max_assisted : 32;
	st.notes = (pass_notes){ .a = &st.a };
	st.status = compile_pass(text, len, o, &st.plan, &st.diags, &st.notes);
	if (st.status != POLICY_ERR_COMPILE && (st.status != POLICY_OK || !unread_count(&st))) {
		/* it reads, or cannot be helped (a limit, the budget, memory) */
		*out = st.plan;
		if (err)
			*err = st.diags;
		else
			policy_error_free(st.diags);
		arena_release(&st.a);
		return st.status;
	}
	lex_limits limits = { o->max_text_bytes ? o->max_text_bytes : (size_t)1 << 20,
	                      o->max_sentence_bytes ? o->max_sentence_bytes : 16384 };
	policy_error *scratch = error_new(&st.m, POLICY_ERR_COMPILE);
	bool lexed = false;
	if (scratch->is_static)
		st.nomem = true;
	else
		lexed = lex(&st.a, text ? text : "", len, &limits, &st.lx, scratch, &st.nomem);
	policy_error_free(scratch);
	if (lexed && !st.nomem && !text_sentences(&st.a, &st.lx, &st.sent, &st.nsent))
		st.nomem = true;
	if (lexed && !st.nomem && o->assist_lock) {
		char why[240];
		if (!assist_lock_parse(&st.a, o->assist_lock, o->assist_lock_len, &st.lock, &st.nlock,
		                       why, sizeof why, &st.nomem) && !st.nomem) {
			error_add(st.diags, POLICY_SEVERITY_ERROR, 0, 0, 0,
			          "delete the lock file to ask the assistant afresh",
			          "the assist lock is not valid: %s", why);
			lexed = false;
		}
	}
	if (st.notes.nomem)
		st.nomem = true;
	unsigned rounds = 4 + 2 * st.max_asked;
	while (lexed && !st.nomem && rounds--) {
		if (!round_of(&st) || st.nomem)
			break;
		run_pass(&st);
	}
	if (lexed && !st.nomem && st.status == POLICY_OK) {
		keep_needed(&st);
		/* again without restatements that hid their sentences, if any */
		while (!st.nomem && st.status == POLICY_OK && !finish_plan(&st) && !st.nomem)
			run_pass(&st);
	}
	policy_status code = deliver(&st, out, err);
	arena_release(&st.a);
	return code;
}

policy_status policy_compile(const char *text, size_t len, const policy_compile_options *opts,
                             policy_plan **out, policy_error **err)
{
	if (err)
		*err = NULL;
	if (!out || (!text && len))
		return POLICY_ERR_ARGUMENT;
	*out = NULL;
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	if (opts)
		memcpy(&o, opts, opts->struct_size < sizeof o ? opts->struct_size : sizeof o);
	o.struct_size = sizeof o;
	if (!o.assist && !o.assist_lock)
		return compile_pass(text, len, &o, out, err, NULL);
	return assisted_compile(text, len, &o, out, err);
}
