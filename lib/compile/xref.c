/*
 * Cross-references: the parts of the policy a sentence names.
 *
 *   xref   := ("in" | "of" | "under" | "from") target
 *   target := "this" ("section" | "part" | "article" | "clause" | "subsection")
 *           | ["section" | "sections" | "part" | "parts" | "article" |
 *              "clause" | "clauses" | "paragraph"] id {("," | "and" | "or") id}
 *             [("to" | "through" | "-") id]
 *   id     := "4" | "4.2" | "II" | "B" (as the headings and clause numbers
 *             of the document write them, structure.h)
 *
 * The answer is a list of line ranges: a rule in the policy belongs to a
 * target when its line falls in one. "this section" is the section of
 * the sentence itself (its heading, not its clause).
 */
#include <string.h>
#include <strings.h>

#include "compile/mention.h"
#include "compile/xref.h"

static bool section_noun(const parser *p, uint32_t k, uint32_t end)
{
	static const char *const nouns[] = { "section", "sections", "part", "parts", "article",
	                                     "articles", "clause", "clauses", "subsection",
	                                     "subsections", "paragraph", "paragraphs", "step",
	                                     "steps", "rule", "rules", "item", "items" };
	for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
		if (is_w(p, k, end, nouns[i]))
			return true;
	return false;
}

/* The section whose id is the token at k, or NO_SECTION. */
static uint32_t section_by_id(const parser *p, uint32_t k, uint32_t end)
{
	if (k >= end)
		return NO_SECTION;
	const token *t = &p->tk[k];
	if (t->kind != T_WORD && t->kind != T_QUANTITY)
		return NO_SECTION;
	const lexed *lx = p->lx;
	for (uint32_t s = 0; s < lx->nsections; s++) {
		const char *id = lx->sections[s].id;
		if (id && strlen(id) == t->len && strncasecmp(id, t->text, t->len) == 0)
			return s;
	}
	return NO_SECTION;
}

static bool add_range(xref *x, uint32_t lo, uint32_t hi)
{
	if (x->n >= sizeof x->lo / sizeof x->lo[0])
		return false;
	x->lo[x->n] = lo;
	x->hi[x->n] = hi;
	x->n++;
	return true;
}

bool xref_at(parser *p, uint32_t *i, uint32_t end, xref *x)
{
	uint32_t k = *i;
	if (!(is_w(p, k, end, "in") || is_w(p, k, end, "of") || is_w(p, k, end, "under") ||
	      is_w(p, k, end, "from")))
		return false;
	k++;
	if (!xref_target_at(p, &k, end, x))
		return false;
	*i = k;
	return true;
}

/* The lines of the top-level list item marked by the token at k ("1" of
 * "1. Block the invoice ..."), stated before this sentence: 0 if none. */
static bool item_lines(const parser *p, uint32_t k, uint32_t end, uint32_t *lo, uint32_t *hi)
{
	if (k >= end)
		return false;
	const token *t = &p->tk[k];
	if (t->kind != T_WORD && t->kind != T_QUANTITY)
		return false;
	bool found = false;
	for (uint32_t si = 0; si < p->cur; si++) {
		const sentence *x = &p->s[si];
		if (!x->label || strlen(x->label) != t->len || strncasecmp(x->label, t->text, t->len))
			continue;
		if (!found)
			*lo = x->sp.line;
		*hi = x->sp.line;
		found = true;
	}
	return found;
}

/* "rules 1 through 3", "items 2 and 4": the numbered items of a list. */
static bool items_by_label(parser *p, uint32_t *i, uint32_t k, uint32_t end, xref *x)
{
	uint32_t lo, hi;
	if (!item_lines(p, k, end, &lo, &hi) || !add_range(x, lo, hi))
		return false;
	k++;
	for (;;) {
		uint32_t j = k;
		bool range = is_w(p, j, end, "to") || is_w(p, j, end, "through") ||
		             is_w(p, j, end, "thru") || is_punct(p, j, end, '-');
		if (!range && !is_punct(p, j, end, ',') && !is_w(p, j, end, "and") &&
		    !is_w(p, j, end, "or"))
			break;
		j++;
		if (is_w(p, j, end, "and") || is_w(p, j, end, "or"))
			j++;
		uint32_t lo2, hi2;
		if (!item_lines(p, j, end, &lo2, &hi2))
			break;
		if (range)
			x->hi[x->n - 1] = hi2;
		else if (!add_range(x, lo2, hi2))
			break;
		k = j + 1;
	}
	*i = k;
	return true;
}

bool xref_target_at(parser *p, uint32_t *i, uint32_t end, xref *x)
{
	uint32_t k = *i;
	x->n = 0;
	const lexed *lx = p->lx;
	if (is_w(p, k, end, "this") && section_noun(p, k + 1, end) &&
	    section_by_id(p, k + 2, end) != NO_SECTION)
		k++; /* "this Section 3": the number says which */
	else if (is_w(p, k, end, "this") && section_noun(p, k + 1, end)) {
		uint32_t s = p->s[p->cur].section;
		while (s != NO_SECTION && lx->sections[s].clause)
			s = lx->sections[s].parent;
		if (s == NO_SECTION)
			add_range(x, 1, lx->nlines); /* no headings: the whole policy */
		else
			add_range(x, lx->sections[s].line, lx->sections[s].last_line);
		*i = k + 2;
		return true;
	}
	bool noun = section_noun(p, k, end);
	if (noun)
		k++;
	uint32_t first = section_by_id(p, k, end);
	if (first == NO_SECTION && noun)
		return items_by_label(p, i, k, end, x); /* "rules 1 through 3" of a numbered list */
	if (first == NO_SECTION)
		return false;
	uint32_t prev = first;
	add_range(x, lx->sections[first].line, lx->sections[first].last_line);
	k++;
	for (;;) {
		uint32_t j = k;
		bool range = false;
		if (is_w(p, j, end, "to") || is_w(p, j, end, "through") || is_w(p, j, end, "thru") ||
		    is_punct(p, j, end, '-'))
			range = true;
		else if (!is_punct(p, j, end, ',') && !is_w(p, j, end, "and") && !is_w(p, j, end, "or"))
			break;
		j++;
		if (is_w(p, j, end, "and") || is_w(p, j, end, "or"))
			j++;
		if (section_noun(p, j, end))
			j++;
		uint32_t next = section_by_id(p, j, end);
		if (next == NO_SECTION)
			break;
		if (range)
			x->hi[x->n - 1] = lx->sections[next].last_line;
		else
			add_range(x, lx->sections[next].line, lx->sections[next].last_line);
		prev = next;
		k = j + 1;
	}
	(void)prev;
	*i = k;
	return true;
}

bool xref_holds(const xref *x, uint32_t line)
{
	for (uint32_t r = 0; r < x->n; r++)
		if (line >= x->lo[r] && line <= x->hi[r])
			return true;
	return false;
}


uint32_t xref_rule_conditions(parser *p, const xref *x, expr **conds, uint32_t cap)
{
	uint32_t n = 0;
	for (uint32_t d = 0; d < p->c->ndefs && n < cap; d++) {
		const def *y = &p->c->defs[d];
		if (y->kind != POLICY_STEP_ACTION || !y->guard || y->sentence_index >= p->cur ||
		    !xref_holds(x, y->sp.line))
			continue;
		bool seen = false;
		for (uint32_t j = 0; j < n && !seen; j++)
			seen = conds[j] == y->guard;
		if (!seen)
			conds[n++] = y->guard;
	}
	return n;
}

/* items[0..n) joined by op (the one item alone), or NULL when n is 0. */
static expr *joined(parser *p, expr_op op, expr **items, uint32_t n, span sp)
{
	if (!n)
		return NULL;
	expr *e = n == 1 ? items[0] : expr_nary(p->c, op, items, n, sp);
	if (e && n > 1)
		e->type = POLICY_TYPE_BOOLEAN;
	return e;
}

/* Whether the requirements stated in range r of x before this sentence
 * are all met; NULL when there are none. */
static expr *requirements_met(parser *p, const xref *x, uint32_t r, span sp)
{
	enum { MAX_REFS = 256 };
	expr *refs[MAX_REFS];
	uint32_t n = 0;
	for (uint32_t d = 0; d < p->c->ndefs && n < MAX_REFS; d++) {
		const def *y = &p->c->defs[d];
		if ((y->kind == POLICY_STEP_CHECK || y->kind == POLICY_STEP_REQUIRE) &&
		    y->sentence_index < p->cur && y->sp.line >= x->lo[r] && y->sp.line <= x->hi[r])
			refs[n++] = expr_ref(p->c, d, sp);
	}
	return joined(p, E_AND, refs, n, sp);
}

/* Whether the rules stated in range r of x apply (any of their conditions
 * holds); NULL when there are none. */
static expr *rules_apply(parser *p, const xref *x, uint32_t r, span sp)
{
	enum { MAX_CONDS = 256 };
	expr *conds[MAX_CONDS];
	xref one = { .lo = { x->lo[r] }, .hi = { x->hi[r] }, .n = 1 };
	return joined(p, E_OR, conds, xref_rule_conditions(p, &one, conds, MAX_CONDS), sp);
}

expr *xref_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, k = *i;
	xref x;
	if (!xref_target_at(p, &k, end, &x))
		return NULL;
	uint32_t vl = 0;
	bool pass = true;
	if (!is_pass_phrase(p, k, end, &vl, &pass) && !is_w(p, k, end, "nor"))
		return NULL; /* "5.1" alone is the first of "neither 5.1 nor 5.2 applies" */
	/* "is met" asks about requirements; "applies" about rules (and a
	 * requirement "applies" is not a question the policy answers) */
	bool about_requirements = vl && (match(p, k, end, "is met") || match(p, k, end, "are met") ||
	                                 match(p, k, end, "is not met") ||
	                                 match(p, k, end, "are not met") ||
	                                 match(p, k, end, "is satisfied") ||
	                                 match(p, k, end, "is not satisfied"));
	bool all = false;
	for (uint32_t j = s; j < k; j++) {
		if (is_w(p, j, end, "or"))
			all = false;
		else if (is_w(p, j, end, "and"))
			all = true; /* "5.1 and 5.2 apply": both */
	}
	span sp = span_of(p, s, k + vl - 1);
	expr *parts[16];
	for (uint32_t r = 0; r < x.n && about_requirements; r++)
		if (!(parts[r] = requirements_met(p, &x, r, sp)))
			about_requirements = false; /* "4.1 is met" of a rule: it applies */
	for (uint32_t r = 0; r < x.n && !about_requirements; r++) {
		if (!(parts[r] = rules_apply(p, &x, r, sp))) {
			if (!p->c->nomem)
				parser_error(p, s, k + vl - 1,
				             "refer to a clause before this sentence that has a condition, "
				             "or say 'meets' or 'fails' of a requirement",
				             "'%s' names no rule with a condition stated before it",
				             slice_of(p, s, k - 1));
			*i = k + vl;
			return NULL;
		}
	}
	for (uint32_t r = 0; r < x.n && !pass; r++)
		parts[r] = expr_not(p->c, parts[r]); /* "5.1 or 5.2 does not apply": one of them */
	take_words(p, s, k + vl - s);
	*i = k + vl;
	return joined(p, all ? E_AND : E_OR, parts, x.n, sp);
}
