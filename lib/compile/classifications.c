/*
 * Named conditions said with their condition first (pass 1): "If the
 * credit score is below 600, the borrower is considered high risk." names
 * "the borrower is considered high risk" (and "the borrower is high risk")
 * for "If the borrower is high risk, ..." later. Not a consequence in the
 * passive ("the claim is denied") nor a requirement ("a quote is
 * required"): a classification of the case.
 */
#include <stdio.h>
#include <string.h>

#include "compile/classifications.h"
#include "compile/mention.h"
#include "compile/passive.h"

/* "If the score is below 600, the applicant is high risk.", "When ..., the
 * business is considered small.": a named condition whose condition comes
 * first, for "If the applicant is high risk, ..." later. Not a passive
 * consequence ("the claim is denied"): a classification. */
/* "<lead><subject> is <complement>"; NULL, nomem set, on allocation failure. */
static char *is_sentence(parser *p, const char *lead, const char *subject, const char *complement)
{
	size_t n = strlen(lead) + strlen(subject) + strlen(complement) + 5;
	char *t = arena_alloc(p->c->a, n);
	if (!t) {
		p->c->nomem = true;
		return NULL;
	}
	snprintf(t, n, "%s%s is %s", lead, subject, complement);
	return t;
}

/* A named condition called `name`, for sentence s, unless a term has that
 * name already (then NULL: the reading of that term reports). */
static def *new_classification(parser *p, sentence *s, const char *name, span sp)
{
	char *key = words_key(p->c->a, name, strlen(name));
	if (!key) {
		p->c->nomem = true;
		return NULL;
	}
	if (term_find_key(p->c, key) >= 0)
		return NULL;
	def *d = def_add(p->c, POLICY_STEP_COMPUTE, sp, s->text);
	if (!d)
		return NULL;
	d->name = name;
	d->key = key;
	d->sentence_index = p->cur;
	d->is_predicate = true;
	d->conditional = true;
	d->type = POLICY_TYPE_BOOLEAN;
	d->strength = TYPE_DECLARED;
	p->c->npredicates++;
	if (!words_split(p->c->a, name, strlen(name), WORDS_CONTENT, &d->words))
		p->c->nomem = true;
	return d;
}

void declare_conditional(parser *p, sentence *s, uint32_t i, uint32_t end)
{
	if (!is_w(p, i, end, "if") && !is_w(p, i, end, "when") && !is_w(p, i, end, "where"))
		return;
	uint32_t c = i + 1;
	while (c < end && !is_punct(p, c, end, ','))
		c++;
	uint32_t subj = c + 1;
	if (c + 4 > end || is_w(p, subj, end, "then"))
		subj += is_w(p, subj, end, "then");
	uint32_t cop = subj;
	while (cop < end && cop < subj + 5 && p->tk[cop].kind == T_WORD &&
	       !is_w(p, cop, end, "is") && !is_w(p, cop, end, "are") && !is_w(p, cop, end, "qualifies") &&
	       !is_w(p, cop, end, "counts"))
		cop++;
	if (cop >= end || cop == subj || p->tk[cop].kind != T_WORD || cop >= subj + 5)
		return;
	uint32_t comp = cop + 1;
	static const char *const says[] = { "considered", "treated as", "deemed", "classified as",
	                                    "regarded as", "as" };
	for (size_t v = 0; v < sizeof says / sizeof says[0]; v++) {
		uint32_t n = match(p, comp, end, says[v]);
		if (n) {
			comp += n;
			break;
		}
	}
	if (comp >= end || end - comp > 4 || !(is_w(p, subj, end, "the") || is_w(p, subj, end, "a") ||
	                                       is_w(p, subj, end, "an")))
		return;
	for (uint32_t k = comp; k < end; k++)
		if (p->tk[k].kind != T_WORD || is_aux_word(p->tk[k].low) || is_np_stop_word(p->tk[k].low))
			return;
	uint32_t aux;
	const char *verb;
	if (comp == cop + 1 && passive_at(p, subj, end, &aux, &verb) != NONE)
		return; /* "the claim is denied": what to do */
	const char *pv = participle_verb(p, tw(p, comp));
	if (comp == cop + 1 && pv && (is_action_verb(pv) || is_check_verb(pv)))
		return; /* "the application is declined" */
	static const char *const modal[] = { "allowed", "mandatory", "necessary", "needed",
	                                     "permitted", "prohibited", "required" };
	for (size_t v = 0; v < sizeof modal / sizeof modal[0]; v++)
		if (is_w(p, comp, end, modal[v]))
			return; /* "a signed vendor quote is required": a requirement */
	if (comp == cop + 1 && op_at(p, cop, end, false, &(op_match){ 0 }) &&
	    match_term(p, skip_articles(p, subj, cop), cop, false, &(uint32_t){ 0 }) >= 0)
		return; /* "the status is active": a comparison of a value */
	/* the name as written ("the business qualifies as small"), and its
	 * short form, subject and complement ("the business is small") */
	const char *sw = slice_of(p, subj, cop - 1), *cw = slice_of(p, comp, end - 1);
	char *name = (char *)slice_of(p, subj, end - 1);
	if (!sw || !cw || !name)
		return;
	char *both = is_sentence(p, "", sw, cw);
	def *d = both ? new_classification(p, s, name, span_of(p, subj, end - 1)) : NULL;
	if (!d)
		return; /* a second "If ..., the applicant is high risk" is an error of its own */
	d->alt_key = key_of(p, skip_articles(p, subj, cop), cop);
	if (comp > cop + 1)
		d->short_key = words_key(p->c->a, both, strlen(both));
	d->body_first = i + 1;
	d->body_last = c;
	take_words(p, i, 1);
	take_words(p, c, end - c);
	s->definition = (int32_t)(d - p->c->defs);
	s->body_first = i + 1;
}

void declare_qualified_kind(parser *p, sentence *s, uint32_t i, uint32_t end)
{
	if (!is_w(p, i, end, "a") && !is_w(p, i, end, "an") && !is_w(p, i, end, "any"))
		return;
	uint32_t q = i + 1;
	while (q < end && q < i + 5 && p->tk[q].kind == T_WORD && !is_w(p, q, end, "with") &&
	       !is_w(p, q, end, "whose") && !is_w(p, q, end, "who") && !is_w(p, q, end, "that"))
		q++;
	if (q == i + 1 || q >= end || q >= i + 5 || p->tk[q].kind != T_WORD)
		return;
	uint32_t cop = end;
	for (uint32_t k = end; k-- > q + 1;)
		if ((is_w(p, k, end, "is") || is_w(p, k, end, "are")) &&
		    (is_w(p, k + 1, end, "a") || is_w(p, k + 1, end, "an"))) {
			cop = k;
			break;
		}
	if (cop >= end || cop + 2 >= end || end - (cop + 2) > 4)
		return;
	for (uint32_t k = cop + 2; k < end; k++)
		if (p->tk[k].kind != T_WORD || is_aux_word(p->tk[k].low) || is_np_stop_word(p->tk[k].low))
			return;
	/* "A driver with fewer than 3 years licensed is an inexperienced
	 * operator": the kind named by the qualifier, "the driver is an
	 * inexperienced operator", "For an inexperienced operator" */
	const char *noun = slice_of(p, i + 1, q - 1), *kind = slice_of(p, cop + 1, end - 1);
	if (!noun || !kind)
		return;
	char *name = is_sentence(p, "the ", noun, kind);
	def *d = name ? new_classification(p, s, name, span_of(p, i, end - 1)) : NULL;
	if (!d)
		return;
	d->alias = key_of(p, cop + 2, end);
	d->alt_key = key_of(p, i + 1, q);
	d->kind_of = true;
	d->body_first = i;
	d->body_last = cop;
	take_words(p, cop, end - cop);
	s->definition = (int32_t)(d - p->c->defs);
	s->body_first = i;
}
