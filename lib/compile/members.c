/*
 * Lists whose items are each an instance of a named kind:
 *
 *   intro := ("each of" | "any of" | "all of" | "") "the following"
 *            ("is" | "are" | "constitutes" | "is considered" | "counts as" ...)
 *            ["a" | "an"] kind ["of this policy" | "under this policy" ...] ":"
 *
 * "Each of the following is a violation of this policy:" over "(a) the
 * transaction amount exceeds the single transaction limit; (b) ...". Real
 * policies list violations, events of default, red flags and exceptions
 * this way, then act on them: "If violation (a) occurs, suspend the card",
 * "If any violation occurs, notify the cardholder", "If there is no event
 * of default, ...". Each item is a condition, named by its label ("violation
 * (a)", read by cond.c's item_atom); the kind is a named condition true when
 * any item holds ("a violation occurs", read by "a violation occurs" and
 * "there is a violation"). Such an introduction was read as a list of rules
 * whose words "is a violation" no reading took.
 */
#include "compile/members.h"

#include <ctype.h>
#include <string.h>

#include "compile/cond.h"
#include "compile/mention.h"

/* Words after the verb that say what the items must be, not what kind
 * they are: "Each of the following is required:", "... are true:". */
static bool not_a_kind(const char *w)
{
	static const char *const words[] = {
		"acceptable", "allowed",   "applicable", "condition",   "conditions", "criteria",
		"criterion",  "document",  "documents",  "eligible",    "excluded",   "exempt",
		"fulfilled",  "ineligible", "item",      "items",       "mandatory",  "met",
		"necessary",  "needed",    "not",        "permitted",   "present",    "prohibited",
		"required",   "requirement", "requirements", "rule",    "rules",      "satisfied",
		"standard",   "standards", "step",       "steps",       "the",        "true",
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(w, words[i]))
			return true;
	return false;
}

/* The words of the kind [a, b), singular: "events of default" -> "event of
 * default", "red flags" -> "red flag". NULL on allocation failure. */
static char *kind_name(parser *p, uint32_t a, uint32_t b)
{
	uint32_t head = b - 1;
	for (uint32_t k = a + 1; k < b; k++)
		if (is_w(p, k, b, "of")) {
			head = k - 1;
			break;
		}
	buf out;
	buf_init(&out, &p->c->a->m);
	for (uint32_t k = a; k < b; k++) {
		const token *t = &p->tk[k];
		if (out.len)
			buf_putc(&out, ' ');
		char one[64];
		size_t n = k == head && t->kind == T_WORD ? word_singular(t->low, t->len, one, sizeof one) : 0;
		if (n && n < sizeof one)
			buf_append(&out, one, n);
		else
			buf_append(&out, t->text, t->len);
	}
	const char *text = buf_cstr(&out);
	char *name = text ? arena_strdup(p->c->a, text) : NULL;
	buf_release(&out);
	if (!name)
		p->c->nomem = true;
	return name;
}

/* A named condition `name` with the value `value`, of sentence si. */
static def *named(parser *p, uint32_t si, const char *name, expr *value, span sp)
{
	def *d = def_add(p->c, POLICY_STEP_COMPUTE, sp, p->s[si].text);
	if (!d)
		return NULL;
	d->name = name;
	d->key = words_key(p->c->a, name, strlen(name));
	if (!d->key || !words_split(p->c->a, name, strlen(name), WORDS_CONTENT, &d->words)) {
		p->c->nomem = true;
		return NULL;
	}
	d->is_predicate = true;
	d->type = POLICY_TYPE_BOOLEAN;
	d->strength = TYPE_DECLARED;
	d->sentence_index = si;
	d->value = value;
	d->body_parsed = value != NULL;
	p->c->npredicates++;
	return d;
}

bool member_list(parser *p, sentence *s, uint32_t i, uint32_t end, expr *guard)
{
	static const char *const leads[] = { "each of the following", "any of the following",
	                                     "all of the following", "every one of the following",
	                                     "the following" };
	static const char *const verbs[] = { "is considered", "are considered", "is treated as",
	                                     "are treated as", "counts as", "count as",
	                                     "constitutes", "constitute", "is", "are" };
	uint32_t k = i, n = 0;
	for (size_t l = 0; l < sizeof leads / sizeof leads[0] && !n; l++)
		n = match(p, k, end, leads[l]);
	if (!n || !s->nkids)
		return false;
	k += n;
	n = 0;
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0] && !n; v++)
		n = match(p, k, end, verbs[v]);
	if (!n)
		return false;
	k += n;
	bool article = is_w(p, k, end, "a") || is_w(p, k, end, "an");
	uint32_t a = k + article, b = end;
	while (b > a && p->tk[b - 1].kind == T_PUNCT)
		b--;
	static const char *const tails[] = { "of this policy", "under this policy", "of this section",
	                                     "under this section", "for purposes of this policy",
	                                     "for the purposes of this policy" };
	for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
		uint32_t len = 0;
		for (uint32_t c = a + 1; c < b && !len; c++)
			if (match(p, c, b, tails[t]) && c + match(p, c, b, tails[t]) == b)
				len = b - c;
		b -= len;
	}
	if (a >= b || b - a > 6)
		return false;
	for (uint32_t c = a; c < b; c++)
		if (p->tk[c].kind != T_WORD || not_a_kind(p->tk[c].low) || is_aux_word(p->tk[c].low) ||
		    is_w(p, c, b, "if") || is_w(p, c, b, "when") || is_w(p, c, b, "for") ||
		    is_w(p, c, b, "unless"))
			return false;
	char *kind = kind_name(p, a, b);
	if (!kind)
		return false;
	take_words(p, i, end - i);
	uint32_t si = p->cur;
	expr **items = arena_alloc(p->c->a, s->nkids * sizeof *items);
	if (!items) {
		p->c->nomem = true;
		return true;
	}
	uint32_t m = 0;
	bool ok = true;
	for (uint32_t c = 0; c < s->nkids; c++) {
		uint32_t kid = s->kids[c];
		p->s[kid].consumed = true;
		sentence_select(p, kid);
		expr *e = expr_and(p->c, guard, parse_condition(p, 0, p->s[kid].n));
		const char *label = p->s[kid].label;
		if (e && label) {
			/* "violation (a)" */
			size_t kl = strlen(kind), ll = strlen(label);
			char *name = arena_alloc(p->c->a, kl + ll + 4);
			def *d = NULL;
			if (name) {
				memcpy(name, kind, kl);
				memcpy(name + kl, " (", 2);
				memcpy(name + kl + 2, label, ll);
				memcpy(name + kl + 2 + ll, ")", 2);
				d = named(p, kid, name, e, p->s[kid].sp);
				if (d) {
					/* keyed as written, "violation (a)" (items.c): its
					 * words alone would name every item */
					for (char *c = name; *c; c++)
						*c = (char)tolower((unsigned char)*c);
					d->key = name;
					d->words.n = 0;
				}
			} else {
				p->c->nomem = true;
			}
			e = d ? expr_ref(p->c, (uint32_t)(d - p->c->defs), p->s[kid].sp) : NULL;
			if (e)
				e->text = name;
		}
		if (e)
			items[m++] = e;
		else
			ok = false;
	}
	sentence_select(p, si);
	if (!ok || p->c->nomem)
		return true;
	expr *any = m == 1 ? items[0] : expr_nary(p->c, E_OR, items, m, s->sp);
	if (any && m > 1)
		any->type = POLICY_TYPE_BOOLEAN;
	/* "a violation occurs", also read as "there is a violation" (atoms.c) */
	size_t kl = strlen(kind);
	const char *art = article ? p->tk[a - 1].low : "";
	size_t al = strlen(art) + (article ? 1 : 0);
	char *name = arena_alloc(p->c->a, al + kl + 10);
	if (!name) {
		p->c->nomem = true;
		return true;
	}
	memcpy(name, art, al ? al - 1 : 0);
	if (al)
		name[al - 1] = ' ';
	memcpy(name + al, kind, kl);
	memcpy(name + al + kl, " occurs", 8);
	def *d = named(p, si, name, any, s->sp);
	if (d) {
		d->alt_key = words_key(p->c->a, kind, kl);
		if (!d->alt_key)
			p->c->nomem = true;
	}
	return true;
}
