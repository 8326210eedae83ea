/*
 * Commentary: the sentences of a policy that state nothing to test.
 *
 * Policies written as documents carry prose around their rules: "This
 * policy sets the minimum credit standards for term loans." under a
 * Purpose heading, a Scope paragraph, a note on where the policy came
 * from. Such a sentence makes no step; it is kept in the plan's source map
 * and shown by inspect. A sentence is commentary only when both hold:
 *
 *   - its place says it is prose: a section whose heading is Purpose,
 *     Scope, Background, ... (structure.h), a paragraph labelled so
 *     ("Note: ..."), or a sentence about the document itself ("This
 *     policy ...", "These guidelines ...", "The purpose of ...");
 *   - it holds nothing a rule could test or do: no comparison, no amount,
 *     percentage or number, no modal ("must", "shall", "may not",
 *     "required"), no condition word ("if", "unless"), no consequence
 *     ("are declined", "is referred"), and it does not start with an
 *     action verb.
 *
 * Anything else is read as a rule, and is an error if it cannot be: a
 * Purpose paragraph never silently absorbs a threshold.
 */
#include <string.h>

#include "compile/classify.h"
#include "compile/mention.h"
#include "compile/passive.h"
#include "compile/phrases.h"

static bool modal_word(const char *w)
{
	static const char *const modal[] = { "must", "shall", "required", "requires", "require",
	                                     "prohibited", "mandatory" };
	for (size_t i = 0; i < sizeof modal / sizeof modal[0]; i++)
		if (!strcmp(w, modal[i]))
			return true;
	return false;
}

static bool condition_word(const char *w)
{
	static const char *const cond[] = { "if", "unless", "otherwise" };
	for (size_t i = 0; i < sizeof cond / sizeof cond[0]; i++)
		if (!strcmp(w, cond[i]))
			return true;
	return false;
}

/* A threshold: a comparison phrase, or "up to" / "a maximum of", next to
 * an amount, percentage or number. */
bool threshold_at(parser *p, uint32_t k, uint32_t end)
{
	op_match m;
	uint32_t n = 0;
	if (op_at(p, k, end, true, &m) && m.kind != PK_EQ && m.kind != PK_IN)
		n = m.len;
	else if (!(n = match(p, k, end, "up to")) && !(n = match(p, k, end, "a maximum of")) &&
	         !(n = match(p, k, end, "a minimum of")) && !(n = match(p, k, end, "or more")) &&
	         !(n = match(p, k, end, "or less")))
		return false;
	bool before = k > 0 && p->tk[k - 1].kind == T_QUANTITY;
	bool after = k + n < end && p->tk[k + n].kind == T_QUANTITY;
	return before || after;
}

/* A verb after which "when" or "if" starts what it tells, not a condition:
 * "sets out when", "explains if", "applies when an account holder reports
 * ..." (the event the policy is for; "applies only when" limits it). */
static bool tells_which(const char *w)
{
	static const char *const verbs[] = { "applies", "apply", "covers", "decides", "defines",
	                                     "describes",
	                                     "determines", "explains", "governs", "out",
	                                     "outlines", "specifies", "states", "sets" };
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(w, verbs[i]))
			return true;
	return false;
}

bool has_testable_content(parser *p, uint32_t i, uint32_t end)
{
	if (i < end && is_clause_start(p, i, end))
		return true;
	static const char *const imperative[] = { "please", "be", "do", "never", "always", "avoid",
	                                          "remember", "ask", "use", "don't", "treat" };
	for (size_t v = 0; v < sizeof imperative / sizeof imperative[0]; v++)
		if (is_w(p, i, end, imperative[v]))
			return true; /* "Please be careful with large claims": an instruction */
	bool told = false;
	for (uint32_t k = i; k < end; k++) {
		const token *t = &p->tk[k];
		if (threshold_at(p, k, end))
			return true;
		if (t->kind != T_WORD)
			continue;
		const char *w = t->low;
		if (modal_word(w) || condition_word(w))
			return true;
		if (tells_which(w))
			told = true;
		/* "This procedure applies only when ...": a condition, never
		 * commentary (it once was); "sets out when ..." tells */
		if (!strcmp(w, "only") && !(k > i && is_w(p, k - 1, end, "not")))
			return true;
		if ((!strcmp(w, "when") || !strcmp(w, "whenever")) && !told)
			return true;
		if (k > i && is_punct(p, k - 1, end, ',') && is_clause_start(p, k, end))
			return true; /* "When a claim arrives, extract ..." */
		if (!strcmp(w, "extract") || !strcmp(w, "capture") || match(p, k, end, "look up"))
			return true;
		if ((!strcmp(w, "is") || !strcmp(w, "are") || !strcmp(w, "be") || !strcmp(w, "been")) &&
		    k + 1 < end && participle_verb(p, tw(p, k + 1)) &&
		    !(k > i && (is_w(p, k - 1, end, "may") || is_w(p, k - 1, end, "can") ||
		                is_w(p, k - 1, end, "might") || is_w(p, k - 1, end, "could"))))
			return true; /* "are declined", "is referred"; not "may be placed" */
	}
	return false;
}

/* "This policy ...", "These guidelines ...", "The purpose of ...". */
static bool about_the_document(parser *p, uint32_t end)
{
	static const char *const nouns[] = { "policy", "policies", "section", "sections", "part",
	                                     "procedure", "procedures", "guideline", "guidelines",
	                                     "document", "standard", "standards", "manual",
	                                     "chapter", "article", "program", "appendix",
	                                     "screen", "checklist", "process", "worksheet",
	                                     "guide" };
	uint32_t k = 0;
	if (match(p, k, end, "it is the policy of") || match(p, k, end, "it is the intent of") ||
	    match(p, k, end, "it is the purpose of"))
		return true;
	if (is_w(p, k, end, "the") &&
	    (is_w(p, k + 1, end, "purpose") || is_w(p, k + 1, end, "scope") ||
	     is_w(p, k + 1, end, "intent") || is_w(p, k + 1, end, "objective") ||
	     is_w(p, k + 1, end, "goal")) &&
	    is_w(p, k + 2, end, "of"))
		return true;
	if (!is_w(p, k, end, "this") && !is_w(p, k, end, "these"))
		return false;
	for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
		if (is_w(p, k + 1, end, nouns[i]))
			return true;
	return false;
}

static bool in_commentary(const parser *p, const sentence *s)
{
	if (s->commentary_label)
		return true;
	const lexed *lx = p->lx;
	return s->section != NO_SECTION && s->section < lx->nsections &&
	       lx->sections[s->section].kind == SECTION_COMMENTARY;
}

/* What commentary may never hold (issue 15): a comparison or a threshold,
 * an action in the imperative, a condition, an extraction. Modals and
 * passives are not in it: "The Act requires the Bank to report large
 * transactions" describes. */
bool holds_a_test(parser *p, uint32_t i, uint32_t end)
{
	if (i < end && is_clause_start(p, i, end))
		return true;
	bool told = false; /* after "sets out", "states": what it tells */
	for (uint32_t k = i; k < end; k++) {
		const token *t = &p->tk[k];
		if (threshold_at(p, k, end))
			return true;
		if (t->kind != T_WORD)
			continue;
		if (tells_which(t->low))
			told = true; /* "it states what follows when ...": what it tells */
		if (!strcmp(t->low, "only") && !(k > i && is_w(p, k - 1, end, "not")))
			return true; /* "applies only to ...": it limits the policy */
		if ((condition_word(t->low) || !strcmp(t->low, "when") || !strcmp(t->low, "whenever")) &&
		    !told)
			return true; /* but "This procedure sets out when ..." asks no question */
		if (k > i && (is_punct(p, k - 1, end, ',') || is_punct(p, k - 1, end, ';')) &&
		    is_clause_start(p, k, end))
			return true;
		if (!strcmp(t->low, "extract") || match(p, k, end, "look up"))
			return true;
	}
	return false;
}

bool background_sentence(parser *p, const sentence *s)
{
	return !s->nkids && s->parent == NONE && (in_commentary(p, s) || about_the_document(p, s->n)) &&
	       !holds_a_test(p, 0, s->n);
}

/* Whether the sentence after s writes the quantity t too: "1. Under 21.
 * If the applicant's age is under 21, ...". */
static bool next_says(const parser *p, const sentence *s, const token *t)
{
	const sentence *next = s + 1;
	if ((uint32_t)(next - p->s) >= p->ns)
		return false;
	for (uint32_t k = 0; k < next->n; k++)
		if (next->tk[k].kind == T_QUANTITY && next->tk[k].len == t->len &&
		    !memcmp(next->tk[k].text, t->text, t->len))
			return true;
	return false;
}

/* "3.1 Large deposits. If the total ... ": a clause's title, a few words
 * with no verb before the clause's sentences (a number only if the
 * sentence after repeats it). */
static bool clause_title(parser *p, const sentence *s)
{
	const lexed *lx = p->lx;
	bool clause = s->bullet || (s->section != NO_SECTION &&
	                            lx->sections[s->section].clause &&
	                            lx->sections[s->section].line == s->sp.line);
	if (!clause || !s->opens_block || !s->block_goes_on || s->end != '.')
		return false;
	unsigned words = 0, depth = 0;
	for (uint32_t k = 0; k < s->n; k++) {
		const token *t = &p->tk[k];
		if (t->kind == T_PUNCT && t->punct == '(')
			depth++;
		else if (t->kind == T_PUNCT && t->punct == ')' && depth)
			depth--;
		if (depth)
			continue; /* "Acknowledgment (section 2695.5(e))": a citation */
		if ((t->kind == T_QUANTITY && !next_says(p, s, t)) || ++words > 6)
			return false;
		if (t->kind != T_WORD)
			continue;
		if (is_aux_word(t->low) || is_action_verb(t->low) || is_check_verb(t->low) ||
		    participle_verb(p, t->low) || !strcmp(t->low, "if") || !strcmp(t->low, "unless"))
			return false;
	}
	return true;
}

/* "In this policy:", "As used in this section:", "For purposes of this
 * policy:", "The following definitions apply:" over a list: the items are
 * read as sentences of their own. */
static bool definitions_intro(parser *p, const sentence *s)
{
	if (s->end != ':' || !s->nkids)
		return false;
	uint32_t n = s->n;
	static const char *const forms[] = { "in this", "as used in this", "for purposes of this",
	                                     "for the purposes of this", "as used in these",
	                                     "in these", "for this", "for these",
	                                     "for purposes of these" };
	for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
		uint32_t k = match(p, 0, n, forms[f]);
		if (k && k + 1 == n)
			return true; /* "In this policy" */
	}
	return match(p, 0, n, "the following definitions apply") == n ||
	       match(p, 0, n, "the following terms apply") == n ||
	       match(p, 0, n, "the following terms are used") == n ||
	       match(p, 0, n, "definitions") == n;
}

void classify_commentary(parser *p)
{
	for (uint32_t si = 0; si < p->ns; si++) {
		sentence *s = &p->s[si];
		if (s->done || s->n == 0)
			continue;
		sentence_select(p, si);
		if (definitions_intro(p, s)) {
			s->commentary = true;
			s->done = true;
			for (uint32_t k = 0; k < s->nkids; k++)
				p->s[s->kids[k]].parent = NONE;
			s->nkids = 0;
			continue;
		}
		if (clause_title(p, s)) {
			s->commentary = true;
			s->done = true;
			continue;
		}
		bool place = in_commentary(p, s) || about_the_document(p, s->n);
		if (s->parent != NONE && p->s[s->parent].commentary)
			place = true;
		if (!place || s->nkids || has_testable_content(p, 0, s->n))
			continue;
		s->commentary = true;
		s->done = true;
	}
}

/* A sentence no reading took, with nothing a rule could test or do and
 * no value of the policy in it: prose among the rules. */
bool prose(parser *p, const sentence *s)
{
	if (s->parent != NONE || s->nkids || has_testable_content(p, 0, s->n))
		return false;
	for (uint32_t k = 0; k < s->n; k++) {
		uint32_t tl;
		if (p->tk[k].kind == T_WORD && match_term(p, k, s->n, false, &tl) >= 0)
			return false;
	}
	return true;
}

/* "X should Y" with nothing testable in it and no term of the policy:
 * advice, not a requirement (a "must" or "shall" is one, and is read or
 * is an error). */
bool advice(parser *p, const sentence *s, uint32_t i, uint32_t end)
{
	uint32_t k = i + 1;
	while (k < end && !is_w(p, k, end, "should"))
		k++;
	return k < end && !is_w(p, k + 1, end, "be") && prose(p, s);
}
