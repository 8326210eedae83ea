/*
 * Named conditions said without their subject: "is not timely" after "the
 * claim is covered but", "claims that are both covered and timely".
 */
#include <string.h>

#include "compile/complements.h"
#include "compile/mention.h"
#include "compile/xref.h"

/* The named condition "<subject> is <complement>" for a complement said
 * without its subject: "is not timely" after "the claim is covered but",
 * "covered" in "claims that are both covered and timely". Reads an
 * auxiliary and "not" before the complement, up to a clause boundary. */
expr *complement_atom(parser *p, const char *subject_key, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	bool negated = false;
	while (k < end && p->tk[k].kind == T_WORD &&
	       (is_aux_word(p->tk[k].low) || !strcmp(p->tk[k].low, "not"))) {
		negated ^= !strcmp(p->tk[k].low, "not");
		k++;
	}
	uint32_t j = k;
	while (j < end && !clause_boundary(p, j, end)) {
		uint32_t x = j;
		xref where = { .n = 0 };
		if (j > k && is_w(p, j, end, "under") && xref_at(p, &x, end, &where))
			break; /* "eligible under Section 3": the caller's */
		j++;
	}
	if (j == k || !subject_key)
		return NULL;
	char *rest = key_of(p, k, j);
	if (!rest)
		return NULL;
	size_t sl = strlen(subject_key), rl = strlen(rest);
	char *both = arena_alloc(p->c->a, sl + rl + 2);
	if (!both) {
		p->c->nomem = true;
		return NULL;
	}
	memcpy(both, subject_key, sl);
	both[sl] = ' ';
	memcpy(both + sl + 1, rest, rl + 1);
	char *key = words_key(p->c->a, both, sl + rl + 1);
	int32_t d = key ? term_find_key(p->c, key) : -1;
	if (d < 0 || !p->c->defs[d].is_predicate)
		return NULL;
	expr *e = expr_ref(p->c, (uint32_t)d, span_of(p, *i, j - 1));
	if (!e)
		return NULL;
	e->text = slice_of(p, *i, j - 1);
	*i = j;
	return negated ? expr_not(p->c, e) : e;
}

/* The subject of the named condition that ends `a`, as a key. */
const char *last_predicate_subject(const parser *p, const expr *a)
{
	while (a && (a->op == E_AND || a->op == E_OR || a->op == E_NOT) && a->nargs)
		a = a->args[a->nargs - 1];
	if (!a || a->op != E_REF || a->step >= p->c->ndefs)
		return NULL;
	const def *x = &p->c->defs[a->step];
	return x->is_predicate ? x->alt_key : NULL;
}

/* "claims that are both covered and timely": complements joined by "and"
 * or "or", each a named condition of the subject. */
expr *complements(parser *p, const char *subject_key, uint32_t *i, uint32_t end)
{
	uint32_t k = *i;
	while (k < end && p->tk[k].kind == T_WORD && is_aux_word(p->tk[k].low))
		k++;
	if (is_w(p, k, end, "both") || is_w(p, k, end, "either"))
		k++;
	expr *e = complement_atom(p, subject_key, &k, end);
	while (e && k < end) {
		uint32_t j = k;
		if (is_punct(p, j, end, ','))
			j++;
		bool and = is_w(p, j, end, "and") || is_w(p, j, end, "but");
		if (!and && !is_w(p, j, end, "or"))
			break;
		j++;
		expr *b = complement_atom(p, subject_key, &j, end);
		if (!b)
			break;
		if (and) {
			e = expr_and(p->c, e, b);
		} else {
			e = expr_or(p->c, e, b);
		}
		k = j;
	}
	if (e)
		*i = k;
	return e;
}

int32_t qualifier_named(parser *p, uint32_t s, uint32_t end, bool *negated)
{
	if (!p->c->npredicates || s + 3 >= end || !w_starts(p, s, "aet") ||
	    !(is_w(p, s, end, "a") || is_w(p, s, end, "an") || is_w(p, s, end, "the") ||
	      is_w(p, s, end, "each")) ||
	    p->tk[s + 1].kind != T_WORD || p->tk[s + 2].kind != T_WORD)
		return -1;
	const char *adj = p->tk[s + 1].low, *noun = p->tk[s + 2].low;
	char one[64];
	size_t nl = strlen(noun);
	if (nl > 2 && !strcmp(noun + nl - 2, "'s"))
		nl -= 2;
	nl = word_singular(noun, nl, one, sizeof one);
	if (!nl || nl >= sizeof one || !term_condition_word(p->c, adj))
		return -1;
	return term_condition_of(p->c, one, adj, negated);
}

/* "it is late-reported" for "A claim is considered late-reported if ...":
 * the one named condition whose complement the words after "it" say. */
expr *it_is_named(parser *p, uint32_t *i, uint32_t end)
{
	expr *found = NULL;
	uint32_t at = 0;
	const char *seen = NULL;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if (!x->is_predicate || !x->alt_key || (seen && !strcmp(seen, x->alt_key)))
			continue;
		uint32_t j = *i + 1;
		size_t errors = p->c->diags->count;
		expr *e = complement_atom(p, x->alt_key, &j, end);
		error_truncate(p->c->diags, errors);
		if (!e)
			continue;
		if (found)
			return NULL; /* two subjects would fit: not guessed */
		found = e;
		at = j;
		seen = x->alt_key;
	}
	if (found)
		*i = at;
	return found;
}
