/*
 * What the compiler understood, shown to the policy's author.
 *
 * policy_plan_english restates every step in canonical English
 * (render.c), in document order, under the headings of the policy and
 * beside each clause number and line:
 *
 *   2 Eligibility
 *     2.1 (line 19): require the credit score to be at least 660 (requirement)
 *     2.3 (line 23): decline the application when the net worth is below $250,000.00
 *
 * A step is restated once, beside its home: the sentence it was made from
 * (the step's sentence is that sentence's text), else the first sentence
 * that names it. Plans saved before plans carried a source map have no
 * sentences: their steps are restated by line.
 *
 * policy_plan_sources lists the source map itself: every sentence with
 * its place, class, text and steps, commentary included.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/render.h"

#define NO_HOME UINT32_MAX

typedef struct homes {
	uint32_t *home;        /* per step: the sentence it is restated beside */
	const char **clause;   /* per step: its home's clause number, or NULL */
	bool *shared;          /* per step: its home made other checks too */
} homes;

static bool is_check(const plan_step *s)
{
	return s->kind == POLICY_STEP_CHECK || s->kind == POLICY_STEP_REQUIRE;
}

typedef struct placed {
	unsigned line, column;
	uint32_t step;
} placed;

static int by_position(const void *x, const void *y)
{
	const placed *a = x, *b = y;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return a->step < b->step ? -1 : a->step > b->step;
}

static bool find_homes(const policy_plan *p, arena *a, homes *h)
{
	uint32_t n = p->nsteps ? p->nsteps : 1;
	h->home = arena_alloc(a, n * sizeof *h->home);
	h->clause = arena_zalloc(a, n * sizeof *h->clause);
	h->shared = arena_zalloc(a, n * sizeof *h->shared);
	if (!h->home || !h->clause || !h->shared)
		return false;
	for (uint32_t i = 0; i < p->nsteps; i++)
		h->home[i] = NO_HOME;
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t k = 0; k < p->nsentences; k++) {
			const plan_sentence *s = &p->sentences[k];
			for (uint32_t j = 0; j < s->nsteps; j++) {
				const plan_step *st = &p->steps[s->steps[j]];
				bool own = st->sentence && s->text && !strcmp(st->sentence, s->text);
				if (h->home[s->steps[j]] == NO_HOME && (pass || own)) {
					h->home[s->steps[j]] = k;
					h->clause[s->steps[j]] = s->clause;
				}
			}
		}
	/* Checks that share a place (clause and line) are told apart by what
	 * they require. */
	placed *c = arena_alloc(a, n * sizeof *c);
	if (!c)
		return false;
	uint32_t nc = 0;
	for (uint32_t i = 0; i < p->nsteps; i++)
		if (is_check(&p->steps[i]))
			c[nc++] = (placed){ p->steps[i].sp.line, 0, i };
	qsort(c, nc, sizeof *c, by_position);
	for (uint32_t i = 0; i + 1 < nc; i++)
		if (c[i].line == c[i + 1].line)
			h->shared[c[i].step] = h->shared[c[i + 1].step] = true;
	return true;
}

/* "2 Eligibility", "Purpose", "4.2" */
static bool put_place(buf *b, const char *section, const char *title)
{
	if (section)
		buf_puts(b, section);
	if (section && title)
		buf_putc(b, ' ');
	if (title)
		buf_puts(b, title);
	return section || title;
}

static bool same(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

static void restate(buf *b, const render_ctx *r, const plan_step *s, const char *clause,
                    unsigned line)
{
	buf_puts(b, "  ");
	if (clause)
		buf_printf(b, "%s (line %u): ", clause, line);
	else
		buf_printf(b, "line %u: ", line);
	render_step(b, r, s);
	buf_putc(b, '\n');
}

static policy_status finish(buf *b, arena *a, char **text, size_t *len)
{
	policy_status st = buf_export(b, text, len);
	buf_release(b);
	arena_release(a);
	return st;
}

policy_status policy_plan_english(const policy_plan *p, char **text, size_t *len)
{
	if (!p || !text)
		return POLICY_ERR_ARGUMENT;
	buf b;
	buf_init(&b, &p->m);
	arena a;
	arena_init(&a, &p->m);
	homes h;
	if (!find_homes(p, &a, &h)) {
		b.failed = true;
		return finish(&b, &a, text, len);
	}
	render_ctx r = { p, h.clause, h.shared };
	buf_printf(&b, "%s %s, effective %s: the policy as the compiler understood it\n", p->name,
	           p->version, p->effective);
	if (p->trigger)
		buf_printf(&b, "Case type: %s\n", p->trigger);
	const char *section = NULL, *title = NULL;
	bool first = true;
	unsigned commentary = 0;
	for (uint32_t k = 0; k < p->nsentences; k++) {
		const plan_sentence *s = &p->sentences[k];
		commentary += s->cls == CLASS_COMMENTARY;
		bool any = false;
		for (uint32_t j = 0; j < s->nsteps && !any; j++)
			any = h.home[s->steps[j]] == k;
		if (!any)
			continue;
		if (first || !same(section, s->section) || !same(title, s->title)) {
			buf_putc(&b, '\n');
			if (put_place(&b, s->section, s->title))
				buf_putc(&b, '\n');
			section = s->section;
			title = s->title;
			first = false;
		}
		for (uint32_t j = 0; j < s->nsteps; j++)
			if (h.home[s->steps[j]] == k)
				restate(&b, &r, &p->steps[s->steps[j]], s->clause, s->sp.line);
	}
	/* Steps no sentence names: all of them in a plan without a source map. */
	placed *rest = arena_alloc(&a, (p->nsteps ? p->nsteps : 1) * sizeof *rest);
	if (!rest) {
		b.failed = true;
		return finish(&b, &a, text, len);
	}
	uint32_t nrest = 0;
	for (uint32_t i = 0; i < p->nsteps; i++)
		if (h.home[i] == NO_HOME)
			rest[nrest++] = (placed){ p->steps[i].sp.line, p->steps[i].sp.column, i };
	qsort(rest, nrest, sizeof *rest, by_position);
	if (nrest) {
		buf_puts(&b, p->nsentences ? "\nNot tied to a sentence\n" : "\n");
		for (uint32_t i = 0; i < nrest; i++)
			restate(&b, &r, &p->steps[rest[i].step], NULL, rest[i].line);
	}
	if (commentary)
		buf_printf(&b, "\n%u sentence%s of commentary made no step (policy inspect --sources "
		           "lists them).\n", commentary, commentary == 1 ? "" : "s");
	return finish(&b, &a, text, len);
}

policy_status policy_plan_sources(const policy_plan *p, char **text, size_t *len)
{
	if (!p || !text)
		return POLICY_ERR_ARGUMENT;
	buf b;
	buf_init(&b, &p->m);
	arena a;
	arena_init(&a, &p->m);
	buf_printf(&b, "%s %s, effective %s: ", p->name, p->version, p->effective);
	if (!p->nsentences) {
		buf_puts(&b, "no source map (the plan was saved before plans carried one; compile "
		             "the policy again to see its sentences)\n");
		return finish(&b, &a, text, len);
	}
	unsigned count[CLASS_COUNT] = { 0 };
	for (uint32_t k = 0; k < p->nsentences; k++)
		count[p->sentences[k].cls]++;
	buf_printf(&b, "%u sentence%s", p->nsentences, p->nsentences == 1 ? "" : "s");
	static const char *const plural[CLASS_COUNT] = { "rules", "requirements", "definitions",
	                                                 "extractions", "commentary" };
	const char *sep = ": ";
	for (unsigned c = 0; c < CLASS_COUNT; c++)
		if (count[c]) {
			buf_printf(&b, "%s%u %s", sep, count[c],
			           count[c] == 1 || c == CLASS_COMMENTARY ? sentence_class_name(c)
			                                                  : plural[c]);
			sep = ", ";
		}
	buf_putc(&b, '\n');
	for (uint32_t k = 0; k < p->nsentences; k++) {
		const plan_sentence *s = &p->sentences[k];
		buf_printf(&b, "\nline %u:%u  %s", s->sp.line, s->sp.column, sentence_class_name(s->cls));
		if (s->section || s->title) {
			buf_puts(&b, "  ");
			if (s->section)
				buf_puts(&b, "section ");
			put_place(&b, s->section, s->title);
		}
		if (s->clause)
			buf_printf(&b, "%sclause %s", s->section || s->title ? ", " : "  ", s->clause);
		buf_printf(&b, "\n  \"%s\"\n", s->text ? s->text : "");
		if (s->cls == CLASS_COMMENTARY)
			continue;
		buf_puts(&b, "  steps:");
		if (!s->nsteps)
			buf_puts(&b, " none");
		for (uint32_t j = 0; j < s->nsteps; j++)
			buf_printf(&b, "%s %s", j ? "," : "", p->steps[s->steps[j]].id);
		buf_putc(&b, '\n');
	}
	return finish(&b, &a, text, len);
}
