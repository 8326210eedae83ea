/*
 * Mentions: where a noun phrase ends, which term a run of words names, and
 * the comparison phrase (with its auxiliaries and negations) at a position.
 *
 * A comparison's subject is the longest known term at the start (so "the
 * total cash in exceeds" is not read as "total cash" + "in"); failing that,
 * the words before the first comparison phrase, resolved as a mention
 * (terms.c). Term matching tries at most MAX_TERM_WORDS lengths at a
 * position, so work stays linear in the sentence. The comparison phrases
 * themselves are a table in phrases.c; op_at() is their one reader.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/measure.h"
#include "compile/mention.h"

/* ---- phrase boundaries ---- */

bool is_unit_word(const char *w, duration_unit *u)
{
	return duration_unit_from_word(w, strlen(w), u);
}

uint32_t measure_after(const parser *p, uint32_t s, uint32_t end, value *v)
{
	uint32_t after = s + 1;
	measure_unit u = MEASURE_NONE;
	while (v->type == POLICY_TYPE_NUMBER && after < end && p->tk[after].kind == T_WORD &&
	       is_measure_unit(p->tk[after].low, strlen(p->tk[after].low))) {
		u = measure_step(u, p->tk[after].low, strlen(p->tk[after].low));
		after++;
	}
	v->measure = (uint8_t)measure_settled(u);
	return after;
}

bool op_at(const parser *p, uint32_t i, uint32_t end, bool scope_mode, op_match *m)
{
	uint32_t k = i;
	bool neg = false, had_aux = false;
	for (unsigned v = 0; v < modal_phrase_count; v++) {
		uint32_t n = match(p, k, end, modal_phrases[v]);
		if (n) {
			if (!strcmp(modal_phrases[v], "may not") || !strcmp(modal_phrases[v], "cannot") ||
			    !strcmp(modal_phrases[v], "can not"))
				neg = !neg;
			k += n;
			had_aux = true;
			break;
		}
	}
	if (is_w(p, k, end, "not")) {
		neg = !neg;
		k++;
	}
	uint32_t best_aux = 0;
	for (unsigned v = 0; v < aux_phrase_count; v++) {
		uint32_t n = match(p, k, end, aux_phrases[v]);
		if (n > best_aux)
			best_aux = n;
	}
	if (best_aux) {
		k += best_aux;
		had_aux = true;
	}
	if (is_w(p, k, end, "not")) {
		neg = !neg;
		k++;
	}
	if (!had_aux && (match(p, k, end, "does not") || match(p, k, end, "do not") ||
	                 match(p, k, end, "did not"))) {
		neg = !neg;
		k += 2;
		had_aux = true;
	}
	uint32_t best = 0;
	const comparison_phrase *bp = NULL;
	char first = *tw(p, k);
	for (unsigned v = 0; v < comparison_phrase_count && first; v++) {
		if (comparison_phrases[v].words[0] != first)
			continue; /* most phrases fail on their first letter: skip them cheaply */
		uint32_t n = match(p, k, end, comparison_phrases[v].words);
		if (n > best) {
			best = n;
			bp = &comparison_phrases[v];
		}
	}
	if (bp && (!bp->needs_aux || had_aux || scope_mode)) {
		m->len = k + best - i;
		m->kind = bp->kind;
		m->cmp = bp->cmp;
		m->negated = neg;
		m->had_aux = had_aux;
		m->date_only = bp->date_only;
		m->phrase_first = k;
		return true;
	}
	if (had_aux && k > i && k < end) {
		m->len = k - i;
		m->kind = PK_EQ;
		m->cmp = CMP_EQ;
		m->negated = neg;
		m->had_aux = true;
		m->date_only = false;
		m->phrase_first = k;
		return true;
	}
	return false;
}

bool is_arith_word(const parser *p, uint32_t i, uint32_t end)
{
	const char *w = tw(p, i);
	return !strcmp(w, "plus") || !strcmp(w, "minus") || !strcmp(w, "times") ||
	       !strcmp(w, "divided") || !strcmp(w, "multiplied") || !strcmp(w, "+") ||
	       !strcmp(w, "*") || !strcmp(w, "/") ||
	       (!strcmp(w, "less") && !is_w(p, i + 1, end, "than"));
}

/* Where a noun phrase in value position stops. */
bool np_boundary(const parser *p, uint32_t i, uint32_t end)
{
	if (i >= end)
		return true;
	const token *t = &p->tk[i];
	if (t->kind == T_PUNCT && t->punct != '-' && t->punct != '\'')
		return true;
	if (t->kind != T_WORD)
		return false;
	const char *w = t->low;
	if (is_np_stop_word(w) || is_arith_word(p, i, end))
		return true;
	if (!strcmp(w, "to") || !strcmp(w, "from") || !strcmp(w, "based") ||
	    !strcmp(w, "according") || !strcmp(w, "per") || !strcmp(w, "as") ||
	    !strcmp(w, "inclusive") || !strcmp(w, "exclusive") || !strcmp(w, "since") ||
	    !strcmp(w, "until") || !strcmp(w, "through"))
		return true;
	op_match m;
	return op_at(p, i, end, false, &m) && m.kind != PK_EQ;
}

/* The end of a condition clause: where "and"/"or"/"," start the next one. */
bool clause_boundary(const parser *p, uint32_t i, uint32_t end)
{
	if (i >= end)
		return true;
	const char *w = tw(p, i);
	return !strcmp(w, ",") || !strcmp(w, ";") || !strcmp(w, "and") || !strcmp(w, "or") ||
	       !strcmp(w, "then") || !strcmp(w, "but") || !strcmp(w, "nor") ||
	       !strcmp(w, "based") || !strcmp(w, "according") || !strcmp(w, ")");
}

/* ---- terms ---- */

/* Whether the words [i, i + l) name a term whose own name ends in `w`
 * ("Total Cash In"): a filler word that belongs to the name. */
static bool term_ends_in(parser *p, uint32_t i, uint32_t l, const char *w)
{
	char *key = key_of(p, i, i + l);
	int32_t d = key ? term_find_key(p->c, key) : -1;
	if (d < 0 || !p->c->defs[d].name)
		return false;
	const char *name = p->c->defs[d].name;
	size_t n = strlen(name), wl = strlen(w);
	while (n && (name[n - 1] == '"' || name[n - 1] == ' '))
		n--;
	return n >= wl && !strncasecmp(name + n - wl, w, wl) &&
	       (n == wl || name[n - wl - 1] == ' ' || name[n - wl - 1] == '"');
}

/* Whether some value's name holds "and", looking only at the defs added
 * since the last call. */
static bool names_with_and(compiler *c)
{
	for (; c->and_scanned < c->ndefs && !c->and_names; c->and_scanned++) {
		const char *n = c->defs[c->and_scanned].name;
		c->and_names = n && strstr(n, " and ") && !c->defs[c->and_scanned].is_predicate;
	}
	return c->and_names;
}

int32_t match_term(parser *p, uint32_t i, uint32_t end, bool want_bool, uint32_t *len)
{
	uint32_t max = end - i < MAX_TERM_WORDS ? end - i : MAX_TERM_WORDS;
	/* No term begins with the span's first word: nothing to try. */
	uint32_t f = i;
	while (f < end && (is_w(p, f, end, "the") || is_w(p, f, end, "a") || is_w(p, f, end, "an")))
		f++;
	if (f < end && p->tk[f].kind == T_WORD && !is_aux_word(p->tk[f].low)) {
		char *k = key_of(p, f, f + 1);
		if (!k)
			return -1;
		if (*k && !strchr(k, ' ') && !term_first_word(p->c, k, strlen(k)))
			return -1;
	}
	for (uint32_t l = max; l >= 1; l--) {
		const token *last = &p->tk[i + l - 1];
		if (last->kind != T_WORD || is_aux_word(last->low) ||
		    !strcmp(last->low, "the") || !strcmp(last->low, "a") || !strcmp(last->low, "an"))
			continue;
		if (p->tk[i].kind == T_PUNCT)
			return -1;
		/* A term's words never end in a filler ("date and on or") nor hold
		 * a clause word: those keys would match by what they drop. */
		if (word_is_filler(last->low) && !term_ends_in(p, i, l, last->low))
			continue;
		/* A yes/no term may hold "or"/"and" ("whether the firm is owned by
		 * veterans or disabled persons"): the same words read as that
		 * term, never as two conditions. */
		bool inner_stop = false, inner_connective = false;
		for (uint32_t k = i; k < i + l; k++) {
			if (p->tk[k].kind == T_PUNCT)
				inner_stop = true;
			else if (is_np_stop_word(p->tk[k].low) && !is_aux_word(p->tk[k].low)) {
				if (!strcmp(p->tk[k].low, "or") || !strcmp(p->tk[k].low, "and"))
					inner_connective = true;
				else
					inner_stop = true;
			}
		}
		if (inner_stop || (inner_connective && !want_bool && !names_with_and(p->c)))
			continue;
		if (want_bool && !clause_boundary(p, i + l, end))
			continue;
		char *key = key_of(p, i, i + l);
		if (!key)
			return -1;
		int32_t d = term_find_key(p->c, key);
		if (d < 0)
			continue;
		/* a value's name holds "and" only as the policy named it: "the
		 * wind and hail deductible" */
		if (inner_connective && !want_bool &&
		    (!p->c->defs[d].name || !strstr(p->c->defs[d].name, " and ")))
			continue;
		if (want_bool && p->c->defs[d].type != POLICY_TYPE_BOOLEAN)
			continue;
		*len = l;
		return d;
	}
	return -1;
}

const char *np_text(parser *p, uint32_t first, uint32_t last, size_t *len)
{
	buf b;
	mem m = p->c->a->m;
	buf_init(&b, &m);
	for (uint32_t k = first; k < last; k++) {
		const token *t = &p->tk[k];
		if (t->kind == T_PUNCT)
			continue;
		if (b.len)
			buf_putc(&b, ' ');
		buf_append(&b, t->text, t->len);
	}
	char *s = buf_to_arena(&b, p->c->a);
	*len = b.len;
	buf_release(&b);
	if (!s)
		p->c->nomem = true;
	return s ? s : "";
}

int32_t resolve_np(parser *p, uint32_t first, uint32_t last, policy_type want, bool report)
{
	if (first >= last)
		return -1;
	if (last == first + 2 && (is_w(p, first, last, "that") || is_w(p, first, last, "this")) &&
	    p->c->last_ref >= 0) {
		/* "... shows a last payoff date and that date is within ...": the
		 * value just named, if its name ends in the noun */
		const def *x = &p->c->defs[p->c->last_ref];
		const char *w = tw(p, first + 1);
		size_t n = x->name ? strlen(x->name) : 0, wl = strlen(w);
		if (n >= wl && !strcmp(x->name + n - wl, w) && (n == wl || x->name[n - wl - 1] == ' '))
			return p->c->last_ref;
	}
	size_t len;
	const char *text = np_text(p, first, last, &len);
	buf cands;
	mem m = p->c->a->m;
	buf_init(&cands, &m);
	int32_t d = term_resolve(p->c, text, len, want, &cands);
	if (d >= 0 || !report || parser_quiet(p)) {
		buf_release(&cands);
		return d;
	}
	char hint[512];
	if (d == -2) {
		snprintf(hint, sizeof hint, "say which: '%s'", buf_cstr(&cands) ? buf_cstr(&cands) : "");
		parser_error(p, first, last - 1, hint, "'%s' could mean more than one thing", text);
	} else {
		const char *s = term_suggest(p->c, text, len);
		if (s)
			snprintf(hint, sizeof hint, "did you mean '%s'?", s);
		else
			snprintf(hint, sizeof hint,
			         "extract it from a document, look it up in a system, or define it");
		parser_error(p, first, last - 1, hint, "I don't know what '%s' is", text);
	}
	buf_release(&cands);
	return -1;
}

/* Declare an unknown noun phrase as a field of the sentence's source
 * document (pass 1, "both taken from the financial statement"). */
int32_t declare_np(parser *p, uint32_t first, uint32_t last)
{
	size_t len;
	const char *text = np_text(p, first, last, &len);
	char *key = words_key(p->c->a, text, len);
	if (!key || !*key)
		return -1;
	int32_t known = term_resolve(p->c, text, len, POLICY_TYPE_NONE, NULL);
	if (known >= 0)
		return known;
	def *d = def_add(p->c, POLICY_STEP_EXTRACT, span_of(p, first, last - 1),
	                 p->s[p->cur].text);
	if (!d)
		return -1;
	uint32_t f = first;
	while (f < last && (is_w(p, f, last, "the") || is_w(p, f, last, "a") || is_w(p, f, last, "an")))
		f++;
	d->name = slice_of(p, f, last - 1);
	d->key = key;
	d->doc = p->declare_doc;
	d->type = type_from_term_name(key);
	d->strength = d->type ? TYPE_NAME : TYPE_GUESS;
	d->sentence_index = p->cur;
	if (!words_split(p->c->a, d->name, strlen(d->name), WORDS_CONTENT, &d->words))
		p->c->nomem = true;
	return (int32_t)(d - p->c->defs);
}

bool is_pass_phrase(const parser *p, uint32_t k, uint32_t end, uint32_t *len, bool *pass)
{
	static const char *const passes[] = {
		"pass", "passes", "passed", "are met", "is met", "were met", "have been met",
		"has been met", "are satisfied", "is satisfied", "have been satisfied", "hold",
		"holds", "are true", "is true", "succeed", "succeeds", "are fulfilled", "is fulfilled",
		"apply", "applies", "are complete", "is complete", "are all met", "are both met",
		"are all satisfied", "are both satisfied", "are all true", "are both true", "all pass",
		"both pass", "all hold", "both hold", "are followed", "is followed",
		"have been followed", "are complied with", "is complied with", "are observed",
		"is observed", "are respected", "is respected", "are obeyed", "is obeyed",
		"is taken", "are taken", "was taken", "were taken", "has been taken",
	};
	static const char *const fails[] = {
		"fail", "fails", "failed", "is not met", "are not met", "were not met",
		"is not satisfied", "are not satisfied", "do not pass", "does not pass",
		"did not pass", "have not been met", "has not been met", "are not true",
		"is not true", "do not hold", "does not hold", "do not apply", "does not apply",
		"are not followed", "is not followed", "are broken", "is broken", "are violated",
		"is violated", "are breached", "is breached", "is not taken", "are not taken",
	};
	uint32_t best = 0;
	for (size_t v = 0; v < sizeof passes / sizeof passes[0]; v++) {
		uint32_t n = match(p, k, end, passes[v]);
		if (n > best) {
			best = n;
			*pass = true;
		}
	}
	for (size_t v = 0; v < sizeof fails / sizeof fails[0]; v++) {
		uint32_t n = match(p, k, end, fails[v]);
		if (n > best) {
			best = n;
			*pass = false;
		}
	}
	*len = best;
	return best > 0;
}

/* ---- where a lookup asks ---- */

/* "in the prior 12 months", "in the past year", "during the last 6 months":
 * a time window, part of a value's name, never its source. */
static bool time_window_at(const parser *p, uint32_t k, uint32_t end)
{
	if (!is_w(p, k, end, "in") && !is_w(p, k, end, "during") && !is_w(p, k, end, "within") &&
	    !is_w(p, k, end, "over"))
		return false;
	uint32_t j = k + 1;
	if (is_w(p, j, end, "the"))
		j++;
	if (!is_w(p, j, end, "past") && !is_w(p, j, end, "prior") && !is_w(p, j, end, "last") &&
	    !is_w(p, j, end, "preceding") && !is_w(p, j, end, "previous"))
		return false;
	j++;
	uint32_t cl;
	if (count_at(p, j, end, &cl) >= 0)
		j += cl;
	duration_unit u;
	return j < end && is_unit_word(tw(p, j), &u);
}

/* The words before a lookup's system; their length, or 0. */
uint32_t system_prep(const parser *p, uint32_t k, uint32_t end)
{
	if (time_window_at(p, k, end))
		return 0;
	static const char *const v[] = {
		"in", "from", "via", "using", "through", "with", "as reported by",
		"as provided by", "as recorded in", "as recorded by", "as shown in", "according to",
	};
	uint32_t best = 0;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint32_t n = match(p, k, end, v[i]);
		if (n > best)
			best = n;
	}
	if (!best && is_w(p, k, end, "at") && is_w(p, k + 1, end, "the") &&
	    !is_w(p, k + 2, end, "time") && !is_w(p, k + 2, end, "end") &&
	    !is_w(p, k + 2, end, "start"))
		best = 1; /* "at the credit bureau" */
	return best;
}

static bool is_system_prep(const parser *p, uint32_t k, uint32_t end)
{
	return system_prep(p, k, end) > 0;
}

/* Where "A in S1 and B in S2" divides: the "and" (or comma) after the first
 * system when another follows; NONE for one system. */
uint32_t next_lookup_at(const parser *p, uint32_t i, uint32_t end, uint32_t *next)
{
	uint32_t k = i + 1;
	while (k < end && !is_system_prep(p, k, end))
		k++;
	for (; k < end; k++) {
		uint32_t j = k;
		if (is_punct(p, j, end, ','))
			j++;
		if (is_w(p, j, end, "and"))
			j++;
		if (j == k || j >= end)
			continue;
		for (uint32_t m = j + 1; m < end; m++)
			if (is_system_prep(p, m, end)) {
				*next = j;
				return k;
			}
		return NONE;
	}
	return NONE;
}
