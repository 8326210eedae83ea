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

#include "compile/xref.h"

static bool section_noun(const parser *p, uint32_t k, uint32_t end)
{
	static const char *const nouns[] = { "section", "sections", "part", "parts", "article",
	                                     "articles", "clause", "clauses", "subsection",
	                                     "subsections", "paragraph", "paragraphs" };
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

