/*
 * Is a restatement faithful to its sentence? (see faithful.h)
 *
 * Words are compared as words_split leaves them with WORDS_STEM (case
 * folded, singular, a light suffix off), a final "i" read as "y"
 * ("denied" -> "deni" -> "deny"), and irregular participles as their
 * verbs. Quantities are compared by value: "$50,000" and "50,000
 * dollars" are one amount, "3" and "three" one number.
 */
#include <stdio.h>
#include <string.h>

#include "base/words.h"
#include "compile/faithful.h"
#include "compile/passive.h"

/* The grammar's own words (docs/language.md): articles, pronouns,
 * prepositions, connectives, auxiliaries, comparison and presence
 * phrases, check and definition words, units of time. No action verbs
 * and no nouns that name things: those must come from the policy. */
static const char *const grammar_words[] = {
	"a", "an", "the", "this", "that", "these", "those", "it", "its", "they", "them", "their",
	"which", "who", "whose", "whom", "what", "any", "all", "each", "every", "either",
	"neither", "both", "none", "no", "some", "another", "other", "such", "same", "one",
	"of", "in", "on", "at", "to", "from", "for", "by", "with", "within", "without", "before",
	"after", "between", "under", "over", "above", "below", "into", "than", "as", "per",
	"upon", "about", "prior", "and", "or", "nor", "but", "if", "then", "else", "otherwise",
	"unless", "when", "whenever", "where", "while", "provided", "except", "only", "also",
	"not", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do",
	"does", "did", "must", "shall", "should", "may", "can", "cannot", "will", "would",
	"need", "exceed", "exceeds", "greater", "more", "less", "fewer", "least", "most",
	"equal", "equals", "exactly", "later", "earlier", "higher", "lower", "minimum",
	"maximum", "up", "true", "false", "yes", "missing", "blank", "absent", "present",
	"empty", "file", "verify", "ensure", "confirm", "check", "make", "sure", "require",
	"required", "means", "divided", "times", "plus", "minus", "sum", "total", "percent",
	"percentage", "average", "difference", "ratio", "multiplied", "number", "following",
	"case", "cases", "apply", "applies", "whether", "day", "week", "month", "year",
	"business", "calendar", "old", "age", "aged", "extract", "look", "there", "following",
};

struct faithful_vocab {
	const char **slot;
	size_t mask, n;
};

static size_t hash_of(const char *w)
{
	size_t h = 2166136261u;
	for (; *w; w++)
		h = (h ^ (unsigned char)*w) * 16777619u;
	return h;
}

static bool vocab_has(const faithful_vocab *v, const char *w)
{
	for (size_t k = hash_of(w) & v->mask; v->slot[k]; k = (k + 1) & v->mask)
		if (!strcmp(v->slot[k], w))
			return true;
	return false;
}

static bool vocab_put(arena *a, faithful_vocab *v, const char *w)
{
	if (vocab_has(v, w))
		return true;
	if (2 * (v->n + 1) > v->mask + 1) {
		size_t cap = (v->mask + 1) * 2;
		const char **slot = arena_zalloc(a, cap * sizeof *slot);
		if (!slot)
			return false;
		for (size_t i = 0; i <= v->mask; i++) {
			if (!v->slot[i])
				continue;
			size_t k = hash_of(v->slot[i]) & (cap - 1);
			while (slot[k])
				k = (k + 1) & (cap - 1);
			slot[k] = v->slot[i];
		}
		v->slot = slot;
		v->mask = cap - 1;
	}
	size_t k = hash_of(w) & v->mask;
	while (v->slot[k])
		k = (k + 1) & v->mask;
	v->slot[k] = w;
	v->n++;
	return true;
}

/* The stems of a phrase, each with a final "i" read as "y". */
static bool stems_of(arena *a, const char *s, size_t len, wordlist *out)
{
	const char *verb = irregular_participle(s, len); /* "sent" -> "send" (passive.c) */
	if (verb) {
		s = verb;
		len = strlen(s);
	}
	if (!words_split(a, s, len, WORDS_STEM, out))
		return false;
	for (size_t i = 0; i < out->n; i++) {
		size_t n = strlen(out->w[i]);
		if (n > 2 && out->w[i][n - 1] == 'i')
			((char *)out->w[i])[n - 1] = 'y';
	}
	return true;
}

static bool put_phrase(arena *a, faithful_vocab *v, const char *s, size_t len)
{
	wordlist wl;
	if (!stems_of(a, s, len, &wl))
		return false;
	for (size_t i = 0; i < wl.n; i++)
		if (!vocab_put(a, v, wl.w[i]))
			return false;
	return true;
}

faithful_vocab *faithful_vocab_new(arena *a, const lexed *lx)
{
	faithful_vocab *v = arena_zalloc(a, sizeof *v);
	if (!v)
		return NULL;
	v->mask = 255;
	v->slot = arena_zalloc(a, (v->mask + 1) * sizeof *v->slot);
	if (!v->slot)
		return NULL;
	for (size_t i = 0; i < sizeof grammar_words / sizeof grammar_words[0]; i++)
		if (!put_phrase(a, v, grammar_words[i], strlen(grammar_words[i])))
			return NULL;
	for (uint32_t i = 0; i < lx->ntoks; i++) {
		const token *t = &lx->toks[i];
		bool ok = true;
		if (t->kind == T_WORD)
			ok = put_phrase(a, v, t->low, strlen(t->low));
		else if (t->kind == T_QUOTED)
			ok = put_phrase(a, v, t->low, strlen(t->low));
		if (!ok)
			return NULL;
	}
	/* The header's words name the policy too ("Policy: Claims Intake"). */
	const header_field *h[] = { &lx->name, &lx->source };
	for (size_t i = 0; i < 2; i++)
		if (h[i]->value && !put_phrase(a, v, h[i]->value, strlen(h[i]->value)))
			return NULL;
	return v;
}

/* ---- quantities ---- */

/* A number word ("three"), or a quantity token, as a value. "one" is left
 * out: "one of the following" is grammar, not a count. */
static bool quantity_of(const token *t, value *out)
{
	if (t->kind == T_QUANTITY) {
		*out = t->val;
		return true;
	}
	if (t->kind != T_WORD || !strcmp(t->low, "one"))
		return false;
	int64_t n = number_word(t->low, strlen(t->low));
	if (n < 0)
		return false;
	*out = value_number(decimal_from_int(n));
	return true;
}

static bool same_quantity(const value *a, const value *b)
{
	if (type_is_numeric(a->type) && type_is_numeric(b->type))
		return decimal_cmp(a->u.num, b->u.num) == 0;
	if (a->type != b->type)
		return false;
	if (a->type == POLICY_TYPE_DATE)
		return a->u.date == b->u.date;
	if (a->type == POLICY_TYPE_DURATION)
		return a->u.dur.amount == b->u.dur.amount && a->u.dur.unit == b->u.dur.unit;
	return value_equal(a, b);
}

static const char *quantity_noun(policy_type t)
{
	switch (t) {
	case POLICY_TYPE_MONEY: return "the amount";
	case POLICY_TYPE_PERCENT: return "the percentage";
	case POLICY_TYPE_DATE: return "the date";
	case POLICY_TYPE_DURATION: return "the length of time";
	default: return "the number";
	}
}

static const char *describe(arena *a, const char *what, const char *text, size_t len,
                            const char *verb, const char *which)
{
	size_t n = strlen(verb) + strlen(what) + len + strlen(which) + 8;
	char *s = arena_alloc(a, n);
	if (s)
		snprintf(s, n, "%s %s '%.*s', %s", verb, what, (int)len, text, which);
	return s;
}

/* The restatement as the body of a policy of its own, so the lexer reads
 * its quantities and words as it reads the policy's. */
static bool lex_alone(arena *a, const char *restatement, lexed *out)
{
	static const char head[] = "Policy: restatement\nVersion: 1\nEffective: 2000-01-01\n\n";
	buf b;
	buf_init(&b, &a->m);
	buf_puts(&b, head);
	buf_puts(&b, restatement);
	buf_putc(&b, '\n');
	char *text = buf_to_arena(&b, a);
	size_t len = b.len;
	buf_release(&b);
	if (!text)
		return false;
	policy_error *diags = error_new(&a->m, POLICY_ERR_COMPILE);
	if (diags->is_static)
		return false;
	lex_limits limits = { len + 1, len + 1 };
	bool nomem = false;
	bool ok = lex(a, text, len, &limits, out, diags, &nomem);
	policy_error_free(diags);
	if (nomem)
		return false;
	if (!ok)
		out->ntoks = 0; /* the compile will say what is wrong with it */
	return true;
}

const char *faithful_difference(arena *a, const faithful_vocab *v, const lexed *lx,
                                uint32_t first, uint32_t last, const char *restatement,
                                bool *nomem)
{
	lexed r;
	if (!lex_alone(a, restatement, &r)) {
		*nomem = true;
		return NULL;
	}
	for (uint32_t i = 0; i < r.ntoks; i++) {
		const token *t = &r.toks[i];
		value q;
		if (quantity_of(t, &q)) {
			bool found = false;
			for (uint32_t k = first; k <= last && k < lx->ntoks && !found; k++) {
				value o;
				found = quantity_of(&lx->toks[k], &o) && same_quantity(&q, &o);
			}
			if (!found) {
				const char *d = describe(a, quantity_noun(q.type), t->text, t->len,
				                         "adds", "which the sentence does not have");
				*nomem |= !d;
				return d;
			}
			continue;
		}
		if (t->kind != T_WORD && t->kind != T_QUOTED)
			continue;
		wordlist wl;
		if (!stems_of(a, t->low, strlen(t->low), &wl)) {
			*nomem = true;
			return NULL;
		}
		for (size_t k = 0; k < wl.n; k++) {
			if (vocab_has(v, wl.w[k]))
				continue;
			const char *d = describe(a, "the word", t->text, t->len, "uses",
			                         "which neither the sentence nor the rest of the policy "
			                         "uses");
			*nomem |= !d;
			return d;
		}
	}
	return NULL;
}
