/*
 * The source map: which sentence made which steps, for the plan to carry.
 *
 * Every sentence of the policy is recorded, commentary included, with the
 * defs it produced (each def remembers its sentence). A sentence that
 * produces nothing itself but shapes the steps of others is given those
 * steps, so `policy inspect --sources` can point at them:
 *
 *   - a list item that is part of its parent's condition ("If any of the
 *     following: - ... - ...") has its parent's steps;
 *   - a sentence that introduces a list of rules ("If the claim is
 *     covered: - If ..., ... - Otherwise, ...") has its items' steps;
 *   - a section scope ("Sections 4 and 5 apply only to timely notices")
 *     has the steps of the rules it limits.
 *
 * The emitter (emit.c) turns def indices into step ids and gives each
 * sentence its class from the kinds of its steps.
 */
#include <stdlib.h>
#include <string.h>

#include "compile/source_map.h"
#include "compile/xref.h"

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The defs the rules of a section scope's parts hold. */
static bool scope_defs(parser *p, const section_scope *sc, map_sentence *m)
{
	compiler *c = p->c;
	uint32_t n = 0;
	for (int pass = 0; pass < 2; pass++) {
		n = 0;
		for (uint32_t d = 0; d < c->ndefs; d++) {
			const def *x = &c->defs[d];
			if ((x->kind != POLICY_STEP_CHECK && x->kind != POLICY_STEP_REQUIRE &&
			     x->kind != POLICY_STEP_ACTION) ||
			    x->sentence_index == sc->sentence || !xref_holds(&sc->where, x->sp.line))
				continue;
			if (pass)
				m->defs[n] = d;
			n++;
		}
		if (pass || !n)
			break;
		m->defs = arena_alloc(c->a, n * sizeof *m->defs);
		if (!m->defs)
			return false;
	}
	m->ndefs = n;
	return true;
}

/* The union of the defs of a sentence's list items, ascending. */
static bool kids_defs(parser *p, const sentence *s, map_sentence *m)
{
	compiler *c = p->c;
	uint32_t n = 0;
	for (uint32_t k = 0; k < s->nkids; k++)
		n += c->sentences[s->kids[k]].ndefs;
	if (!n)
		return true;
	uint32_t *all = arena_alloc(c->a, n * sizeof *all);
	if (!all)
		return false;
	n = 0;
	for (uint32_t k = 0; k < s->nkids; k++) {
		const map_sentence *kid = &c->sentences[s->kids[k]];
		memcpy(all + n, kid->defs, kid->ndefs * sizeof *all);
		n += kid->ndefs;
	}
	qsort(all, n, sizeof *all, cmp_u32);
	uint32_t u = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!u || all[u - 1] != all[i])
			all[u++] = all[i];
	m->defs = all;
	m->ndefs = u;
	return true;
}

bool source_map_record(parser *p)
{
	compiler *c = p->c;
	uint32_t n = p->ns;
	map_sentence *m = arena_zalloc(c->a, (n ? n : 1) * sizeof *m);
	uint32_t *start = arena_zalloc(c->a, ((size_t)n + 1) * sizeof *start);
	uint32_t *own = arena_alloc(c->a, (c->ndefs ? c->ndefs : 1) * sizeof *own);
	if (!m || !start || !own)
		goto nomem;
	/* Own defs, grouped by sentence in def order (ascending). */
	for (uint32_t d = 0; d < c->ndefs; d++)
		if (c->defs[d].sentence_index < n)
			start[c->defs[d].sentence_index + 1]++;
	for (uint32_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	for (uint32_t i = 0; i < n; i++) {
		const sentence *s = &p->s[i];
		m[i].sp = s->sp;
		m[i].text = s->text;
		m[i].section = s->section;
		m[i].commentary = s->commentary;
		m[i].defs = own + start[i];
	}
	for (uint32_t d = 0; d < c->ndefs; d++) {
		uint32_t si = c->defs[d].sentence_index;
		if (si < n)
			m[si].defs[m[si].ndefs++] = d;
	}
	c->sentences = m;
	c->nsentences = n;
	for (uint32_t k = 0; k < p->nscopes; k++) {
		uint32_t si = p->scopes[k].sentence;
		if (si < n && !m[si].ndefs && !scope_defs(p, &p->scopes[k], &m[si]))
			goto nomem;
	}
	/* List items come after the sentence that introduces them: items
	 * first (backwards), then items that are part of a condition
	 * (forwards). */
	for (uint32_t i = n; i-- > 0;)
		if (!m[i].ndefs && !m[i].commentary && p->s[i].nkids && !kids_defs(p, &p->s[i], &m[i]))
			goto nomem;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t parent = p->s[i].parent;
		if (!m[i].ndefs && !m[i].commentary && p->s[i].consumed && parent < n) {
			m[i].defs = m[parent].defs;
			m[i].ndefs = m[parent].ndefs;
		}
	}
	return true;
nomem:
	c->nomem = true;
	return false;
}
