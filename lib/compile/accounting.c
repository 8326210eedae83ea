/*
 * Every word accounted for.
 *
 * A sentence that carries a condition or a consequence compiles only if
 * its reading used all of its words: a word no reading took is a word the
 * compiler did not understand, and ignoring it is how a rule gets
 * misread without a word ("verify contractor licensure in the project
 * state" checked licensure anywhere). Readings take their words through
 * span_of (sentences.c), which marks the tokens of every expression,
 * action and definition it builds. After both passes, the words of a
 * sentence that no reading took, less the words that only join or
 * introduce ("if", "the", "must", a comma), are an error naming them.
 *
 * Commentary, sentences that already have an error, and list items read
 * by the sentence that introduces them are not checked here: the first
 * says nothing to test, the second is reported, the third is accounted
 * through its parent's condition.
 */
#include <string.h>

#include "compile/accounting.h"

/* Words that join, introduce or qualify grammatically, without meaning
 * of their own that a rule could drop. */
static bool function_word(const char *w)
{
	static const char *const words[] = {
		"a", "above", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
		"being", "below", "both", "but", "by", "can", "capture", "case", "cases", "check",
		"collect", "confirm", "could", "did", "do", "does", "each", "either", "else", "ensure",
		"every", "extract", "finally", "following", "for", "from", "gather", "get", "had",
		"has", "have", "here", "if", "in", "is", "it", "its", "make", "may", "must", "neither",
		"no", "nor", "not", "obtain", "of", "on", "only", "or", "otherwise", "pull", "read",
		"shall", "should", "so", "such", "sure", "take", "than", "that", "the", "their", "them",
		"then", "there", "these", "they", "this", "those", "to", "unless", "verify", "was",
		"were", "when", "whenever", "where", "whether", "which", "who", "whose", "will", "with",
		"would",
	};
	size_t lo = 0, hi = sizeof words / sizeof words[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w, words[mid]);
		if (!c)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

static bool meaningful(const token *t)
{
	if (t->kind == T_QUANTITY || t->kind == T_QUOTED)
		return true;
	return t->kind == T_WORD && t->low && !function_word(t->low);
}

/* Whether a diagnostic is already reported on the sentence's lines. */
static bool reported(const parser *p, const sentence *s)
{
	const policy_error *e = p->c->diags;
	uint32_t first = s->tk[0].line, last = s->tk[s->n - 1].line;
	for (size_t i = 0; i < e->count; i++)
		if (e->diags[i].severity == POLICY_SEVERITY_ERROR && e->diags[i].line >= first &&
		    e->diags[i].line <= last)
			return true;
	return false;
}

static bool made_steps(const parser *p, uint32_t si)
{
	for (uint32_t d = 0; d < p->c->ndefs; d++)
		if (p->c->defs[d].sentence_index == si)
			return true;
	return false;
}

/* Whether an error is reported on the list headed by sentence `head` or
 * any of its items: an item its failed list left unread is not news. */
static bool list_reported(const parser *p, uint32_t head)
{
	const sentence *h = &p->s[head];
	if (reported(p, h))
		return true;
	for (uint32_t k = 0; k < h->nkids; k++)
		if (p->s[h->kids[k]].n && reported(p, &p->s[h->kids[k]]))
			return true;
	return false;
}

/* Whether any meaningful word of `s` was taken by some reading. */
static bool any_word_read(const sentence *s)
{
	for (uint32_t k = 0; k < s->n; k++)
		if (s->used[k] && meaningful(&s->tk[k]))
			return true;
	return false;
}

/* The accounting errors come after the readings' ones: put every
 * diagnostic back in source order (stable, so one sentence's keep theirs). */
static void source_order(policy_error *e)
{
	for (size_t i = 1; i < e->count; i++) {
		diagnostic d = e->diags[i];
		size_t j = i;
		while (j > 0 && (e->diags[j - 1].line > d.line ||
		                 (e->diags[j - 1].line == d.line && e->diags[j - 1].column > d.column))) {
			e->diags[j] = e->diags[j - 1];
			j--;
		}
		e->diags[j] = d;
	}
}

void account_words(parser *p)
{
	for (uint32_t si = 0; si < p->ns && !p->c->nomem; si++) {
		sentence *s = &p->s[si];
		if (s->commentary || s->n == 0 || !s->used || s->consumed || reported(p, s))
			continue;
		if (!made_steps(p, si)) {
			if (s->parent != NONE && !any_word_read(s) && p->c->diags->count < 100 &&
			    !p->s[s->parent].commentary && !list_reported(p, s->parent)) {
				/* a list item its list never read ("... is posted as
				 * follows:" read as one action): never silent */
				diag_error(p->c, s->sp,
				           "make the sentence before the list a rule or a check that the "
				           "items complete",
				           "I understood nothing in this list item: '%s'", s->text);
				continue;
			}
			if (s->parent != NONE || s->done || s->effect || s->nkids ||
			    p->c->diags->count >= 100)
				continue; /* read with its list or in pass 1, changes others,
				             heads a list read item by item, or the policy was
				             not read this far (too many errors) */
			/* "Release the payment if ...", lost on the way: never silent */
			diag_error(p->c, s->sp,
			           "rephrase it as a rule ('If ..., <action>.'), a check or a definition",
			           "I understood nothing to do in this sentence: '%s'", s->text);
			continue;
		}
		uint32_t k = 0;
		while (k < s->n && (s->used[k] || !meaningful(&s->tk[k])))
			k++;
		if (k == s->n)
			continue;
		/* the run of words around the first one no reading took */
		uint32_t first = k, last = k;
		while (last + 1 < s->n && !s->used[last + 1])
			last++;
		while (first > 0 && !s->used[first - 1] && s->tk[first - 1].kind != T_PUNCT)
			first--;
		sentence_select(p, si);
		p->no_mark = true;
		span sp = span_of(p, first, last);
		p->no_mark = false;
		diag_error(p->c, sp,
		           "rephrase it, or split the sentence: every word of a rule must be understood",
		           "I don't understand '%s' in this sentence", slice_of(p, first, last));
	}
	source_order(p->c->diags);
}
