/*
 * Items of lists named by their marks: "if neither (a) nor (b) applies",
 * "violation (a) occurs" (an item of "Each of the following is a
 * violation:", members.c), "a contract that fails (a) or (b)".
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "compile/items.h"
#include "compile/mention.h"

/* The conditions of the items marked `label`: of the same list as this
 * sentence, else of the one earlier list in its section that has one
 * (0 found: NONE; two lists: an error, never a guess). */
static uint32_t item_conds(parser *p, const token *t, uint32_t k, expr **conds, uint32_t *n)
{
	uint32_t parent = p->s[p->cur].parent, list = NONE, list_line = 0;
	bool found = false;
	for (int pass = 0; pass < 2 && !found; pass++)
		for (uint32_t si = 0; si < p->cur; si++) {
			const sentence *x = &p->s[si];
			if ((pass == 0 ? x->parent != parent : x->section != p->s[p->cur].section) ||
			    !x->label || strlen(x->label) != t->len ||
			    strncasecmp(x->label, t->text, t->len) != 0)
				continue;
			if (found && x->parent != list) {
				char lines[64];
				snprintf(lines, sizeof lines, "%u or on line %u", list_line, x->sp.line);
				parser_error(p, k, k + 2, "name the item by its section, e.g. 'Section 4(a)'",
				             "the item could be the one on line %s", lines);
				return NONE;
			}
			if (!found)
				list_line = x->sp.line;
			found = true;
			list = x->parent;
			for (uint32_t d = 0; d < p->c->ndefs && *n < 64; d++) {
				const def *y = &p->c->defs[d];
				if (y->sentence_index != si)
					continue;
				if (y->kind == POLICY_STEP_ACTION && y->guard)
					conds[(*n)++] = y->guard;
				else if (y->kind == POLICY_STEP_CHECK || y->kind == POLICY_STEP_REQUIRE ||
				         (y->kind == POLICY_STEP_COMPUTE && y->is_predicate))
					conds[(*n)++] = expr_ref(p->c, d, span_of(p, k, k + 2));
			}
		}
	return found ? 0 : NONE;
}

/* "(a)" in "if neither (a) nor (b) applies", "violation (a) occurs" (an
 * item of "Each of the following is a violation:", members.c), "fails (a)
 * or (b)": the condition of the rule in the item so marked, in the same
 * list before this one, or in the one list of this section that has it. */
expr *item_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	bool verb_fails = false, verb = false;
	if (p->tk[k].kind == T_WORD && is_punct(p, k + 1, end, '(')) {
		verb_fails = is_w(p, k, end, "fails") || is_w(p, k, end, "fail") ||
		             is_w(p, k, end, "violates") || is_w(p, k, end, "violate");
		verb = verb_fails || is_w(p, k, end, "meets") || is_w(p, k, end, "meet") ||
		       is_w(p, k, end, "satisfies") || is_w(p, k, end, "satisfy");
		if (!verb) {
			/* "violation (a)": the kind's own item */
			const token *t = &p->tk[k + 2];
			char key[96];
			if (k + 3 >= end || !is_punct(p, k + 3, end, ')') || t->kind == T_QUOTED ||
			    snprintf(key, sizeof key, "%s (%.*s)", p->tk[k].low, (int)t->len, t->low) >=
			            (int)sizeof key)
				return NULL;
			int32_t d = term_find_key(p->c, key);
			if (d < 0 || !p->c->defs[d].is_predicate)
				return NULL;
			expr *e = expr_ref(p->c, (uint32_t)d, span_of(p, k, k + 3));
			if (!e)
				return NULL;
			e->text = p->c->defs[d].name;
			take_words(p, k, 4);
			k += 4;
			static const char *const occurs[] = { "occurs", "occurred", "has occurred",
			                                      "applies", "exists", "is present" };
			for (size_t v = 0; v < sizeof occurs / sizeof occurs[0]; v++) {
				uint32_t n = match(p, k, end, occurs[v]);
				if (n) {
					take_words(p, k, n);
					k += n;
					break;
				}
			}
			*i = k;
			return e;
		}
		k++;
	}
	if (!is_punct(p, k, end, '(') || k + 2 >= end || !is_punct(p, k + 2, end, ')') ||
	    p->tk[k + 1].kind == T_QUOTED)
		return NULL;
	expr *conds[64];
	uint32_t n = 0, first = k;
	char joiner = 0;
	for (;;) {
		uint32_t had = n;
		if (item_conds(p, &p->tk[k + 1], k, conds, &n) == NONE) {
			if (k == first && !verb)
				return NULL;
			if (had == n && error_count_severity(p->c->diags, POLICY_SEVERITY_ERROR) == 0)
				parser_error(p, k, k + 2, "refer to an item of a list before this sentence",
				             "'%s' names no item before it", slice_of(p, k, k + 2));
			*i = k + 3;
			return NULL;
		}
		take_words(p, k, 3);
		k += 3;
		/* "fails (a), (b) or (c)": each item, the verb said once */
		uint32_t sep = k + (is_punct(p, k, end, ',') ? 1 : 0);
		char j = is_w(p, sep, end, "or") ? 'o' : is_w(p, sep, end, "and") ? 'a' : 0;
		if (!verb || !(is_punct(p, sep + (j != 0), end, '(') ||
		               (sep > k && is_punct(p, sep, end, '('))))
			break;
		if (j && joiner && j != joiner)
			break;
		joiner = j ? j : joiner;
		take_words(p, k, sep + (j != 0) - k);
		k = sep + (j != 0);
	}
	if (verb)
		take_words(p, *i, 1);
	uint32_t vl;
	bool pass = true;
	if (!verb && is_pass_phrase(p, k, end, &vl, &pass))
		k += vl;
	if (n == 0) {
		parser_error(p, *i, k - 1, "refer to an item that states a rule",
		             "'%s' names an item with no rule in it", slice_of(p, *i, k - 1));
		*i = k;
		return NULL;
	}
	*i = k;
	if (verb) {
		/* "fails (a) or (b)": fails one of them; "meets (a) and (b)": both */
		for (uint32_t c = 0; c < n; c++)
			conds[c] = verb_fails ? expr_not(p->c, conds[c]) : conds[c];
		expr_op op = joiner == 'a' ? E_AND : joiner == 'o' ? E_OR : verb_fails ? E_OR : E_AND;
		expr *e = n == 1 ? conds[0] : expr_nary(p->c, op, conds, n, span_of(p, first, k - 1));
		if (e && n > 1)
			e->type = POLICY_TYPE_BOOLEAN;
		return e;
	}
	expr *e = n == 1 ? conds[0] : expr_nary(p->c, E_OR, conds, n, span_of(p, *i - 1, *i - 1));
	if (e && n > 1)
		e->type = POLICY_TYPE_BOOLEAN;
	return pass ? e : expr_not(p->c, e);
}

/* "* Eviction history: the report shows no eviction date": a list item's
 * title, a few capitalized words before a colon, is taken; where the
 * condition starts (0 if there is no title). */
uint32_t item_title(parser *p)
{
	uint32_t c = 0;
	while (c < p->n && c < 4 && p->tk[c].kind == T_WORD)
		c++;
	if (c == 0 || c >= 4 || c + 1 >= p->n || !is_punct(p, c, p->n, ':') || !p->tk[0].text ||
	    !isupper((unsigned char)p->tk[0].text[0]))
		return 0;
	take_words(p, 0, c + 1);
	return c + 1;
}
