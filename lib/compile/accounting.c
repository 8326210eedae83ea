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

/* What the readings left, computed once: the lines with an error on them
 * and the sentences that made a step (a scan per sentence was quadratic:
 * a policy of 4,000 rules spent most of its compile here). */
typedef struct ledger {
	uint8_t *line_error; /* [line]: an error is reported on it */
	uint32_t nlines;
	uint8_t *stepped;    /* [sentence]: it made a step */
	uint8_t *list_error; /* [list head]: 0 not asked, 1 no error in it, 2 one */
} ledger;

static bool ledger_make(parser *p, ledger *l)
{
	l->nlines = p->lx->nlines + 2;
	l->line_error = arena_zalloc(p->c->a, l->nlines);
	l->stepped = arena_zalloc(p->c->a, p->ns + 1);
	l->list_error = arena_zalloc(p->c->a, p->ns + 1);
	if (!l->line_error || !l->stepped || !l->list_error) {
		p->c->nomem = true;
		return false;
	}
	const policy_error *e = p->c->diags;
	for (size_t i = 0; i < e->count; i++)
		if (e->diags[i].severity == POLICY_SEVERITY_ERROR && e->diags[i].line < l->nlines)
			l->line_error[e->diags[i].line] = 1;
	for (uint32_t d = 0; d < p->c->ndefs; d++)
		if (p->c->defs[d].sentence_index < p->ns)
			l->stepped[p->c->defs[d].sentence_index] = 1;
	return true;
}

/* Whether an error was reported on the sentence's lines. */
static bool reported(const ledger *l, const sentence *s)
{
	uint32_t first = s->tk[0].line, last = s->tk[s->n - 1].line;
	for (uint32_t line = first; line <= last && line < l->nlines; line++)
		if (l->line_error[line])
			return true;
	return false;
}

/* Whether an error is reported on the list headed by sentence `head` or
 * any of its items: an item its failed list left unread is not news. */
static bool list_reported(const parser *p, ledger *l, uint32_t head)
{
	if (l->list_error[head])
		return l->list_error[head] == 2;
	const sentence *h = &p->s[head];
	bool found = h->n && reported(l, h);
	for (uint32_t k = 0; k < h->nkids && !found; k++)
		found = p->s[h->kids[k]].n && reported(l, &p->s[h->kids[k]]);
	l->list_error[head] = found ? 2 : 1;
	return found;
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
	ledger l;
	if (!ledger_make(p, &l))
		return;
	uint32_t unread_head = NONE; /* one error for a list's unread items */
	for (uint32_t si = 0; si < p->ns && !p->c->nomem; si++) {
		sentence *s = &p->s[si];
		if (s->commentary || s->n == 0 || !s->used || s->consumed || reported(&l, s))
			continue;
		if (!l.stepped[si]) {
			if (s->parent != NONE && s->parent != unread_head && !any_word_read(s) &&
			    p->c->diags->count < 100 && !p->s[s->parent].commentary &&
			    !list_reported(p, &l, s->parent)) {
				unread_head = s->parent;
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
