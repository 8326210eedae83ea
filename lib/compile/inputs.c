/*
 * Inputs the policy never sources.
 *
 * Real policies rarely say where each value comes from: "The borrower is
 * not eligible if the credit score is less than 500." names the credit
 * score and stops. A value a rule uses that no sentence extracts, looks up
 * or defines becomes an input of the plan: an extract step with no
 * document, which the runtime answers from the case's facts by its name,
 * else from any of the case's documents by a label that names it, else
 * "missing" (the decision fails as for any missing value, naming it). The
 * compiler warns, so the author can add the source.
 *
 * Only a phrase that plausibly names a value becomes an input; anything
 * else stays the error it was ("I don't know what ... is"):
 *
 *   - a phrase spelled nearly like a known term is a typo ("the credit
 *     scroe"), with the hint "did you mean ..." (a whole word more or
 *     less is another quantity: "the maximum loan amount");
 *   - a phrase with a verb, a negation, a comparison word, a number, a
 *     pronoun or a preposition other than "of" is a misreading, not a
 *     name ("the damage in the adjuster notes", "the amount paid by", "a
 *     self-employed applicant provides");
 *   - a phrase that names a document, a party or the case rather than a
 *     value ("the adjuster notes", "the applicant", "the vehicle") is not
 *     an input; otherwise its name must say what kind of value it is
 *     ("... score", "... date", "... amount", "... type"), or it must be
 *     compared with an amount, a number or a date ("the mileage exceeds
 *     100,000").
 *
 * Two unsourced inputs spelled nearly alike are a typo in one of them: the
 * one used less (the later one, when used as often) is the error.
 */
#include <stdio.h>
#include <string.h>

#include "compile/inputs.h"
#include "compile/mention.h"

/* At most this many words name an input ("the borrower's average monthly
 * gross income" is five). */
#define MAX_INPUT_WORDS 6

static bool in_list(const char *w, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w, v[i]))
			return true;
	return false;
}

#define IN_LIST(w, v) in_list(w, v, sizeof v / sizeof v[0])

/* Words that never stand in a name of a value. */
static bool foreign_word(const char *w)
{
	static const char *const v[] = {
		/* negations and pronouns */
		"not", "no", "never", "none", "it", "its", "they", "their", "them", "this", "that",
		"these", "those", "he", "she", "his", "her", "we", "our", "you", "your", "which",
		"what", "who", "whom",
		/* prepositions but "of" */
		"about", "after", "against", "among", "at", "before", "between", "by", "during",
		"for", "from", "in", "into", "on", "over", "per", "since", "than", "through", "to",
		"toward", "under", "until", "upon", "via", "with", "within", "without",
		/* comparison words */
		"above", "below", "equal", "equals", "exceed", "exceeded", "exceeding", "exceeds",
		"fewer", "greater", "higher", "least", "less", "lower", "more", "most", "only",
		"same",
	};
	return IN_LIST(w, v);
}

/* Nouns that name a party or the case, not a value: "the applicant is
 * younger than 21" wants an age, "the vehicle exceeds 10,000" a mileage or
 * a price. */
static bool party_noun(const char *w)
{
	static const char *const v[] = {
		"account", "accounts", "agent", "applicant", "applicants", "application", "borrower",
		"borrowers", "business", "buyer", "case", "claim", "claimant", "claimants", "claims",
		"client", "company", "contractor", "customer", "customers", "dealer", "driver",
		"drivers", "employee", "employees", "employer", "insured", "loan", "loans", "member",
		"members", "merchant", "order", "orders", "participant", "patient", "patients",
		"person", "policyholder", "property", "provider", "request", "requests", "seller",
		"student", "students", "supplier", "tenant", "transaction", "transactions", "vehicle",
		"vendor",
	};
	return IN_LIST(w, v);
}

/* A verb in the third person ending the phrase: "a self-employed
 * applicant provides (fewer than three ...)". The common ones by name;
 * any word in -s after a party ("the borrower owns"). */
static bool ends_in_a_verb(const parser *p, uint32_t f, uint32_t last)
{
	static const char *const v[] = {
		"carries", "contains", "earns", "employs", "gets", "has", "holds", "includes",
		"lists", "maintains", "makes", "meets", "needs", "operates", "owes", "owns", "pays",
		"provides", "receives", "requests", "shows", "submits", "takes", "uses",
	};
	const char *w = p->tk[last - 1].low;
	size_t n = strlen(w);
	if (IN_LIST(w, v))
		return true;
	return last - f >= 2 && n > 2 && w[n - 1] == 's' && w[n - 2] != 's' &&
	       party_noun(p->tk[last - 2].low);
}

static bool names_a_document(compiler *c, const char *key)
{
	for (uint32_t d = 0; d < c->ndocs; d++) {
		char *k = words_key(c->a, c->docs[d], strlen(c->docs[d]));
		if (!k) {
			c->nomem = true;
			return true;
		}
		if (!strcmp(k, key))
			return true;
	}
	return false;
}

static bool quantity_type(policy_type t)
{
	return t == POLICY_TYPE_MONEY || t == POLICY_TYPE_NUMBER || t == POLICY_TYPE_PERCENT ||
	       t == POLICY_TYPE_RATIO || t == POLICY_TYPE_COUNT || t == POLICY_TYPE_DATE ||
	       t == POLICY_TYPE_DURATION;
}

/* Whether tokens [first, last) plausibly name a value (see the top). */
static bool plausible_input(parser *p, uint32_t first, uint32_t last, policy_type want,
                            const char *key)
{
	uint32_t f = skip_articles(p, first, last);
	if (f >= last || last - f > MAX_INPUT_WORDS)
		return false;
	for (uint32_t k = f; k < last; k++) {
		const token *t = &p->tk[k];
		if (t->kind != T_WORD || !t->low)
			return false;
		uint32_t n;
		if (is_aux_word(t->low) || is_np_stop_word(t->low) || is_judgment_word(t->low) ||
		    foreign_word(t->low) || count_at(p, k, last, &n) >= 0)
			return false;
		if (term_condition_word(p->c, t->low))
			return false; /* "a qualifying applicant's credit score": which cases */
		op_match m;
		if (strcmp(t->low, "of") && op_at(p, k, last, true, &m))
			return false; /* "of" names ("the type of claim"), with no number */
		if (!strcmp(t->low, "of") && k + 1 < last &&
		    (is_w(p, k + 1, last, "a") || is_w(p, k + 1, last, "an") ||
		     is_w(p, k + 1, last, "any") || is_w(p, k + 1, last, "each")))
			return false; /* "the balance of a business account": of some cases */
	}
	/* the head noun: before "of" ("the type of claim" names a type) */
	uint32_t h = last - 1;
	for (uint32_t k = f + 1; k < last; k++)
		if (is_w(p, k, last, "of")) {
			h = k - 1;
			break;
		}
	const char *head = p->tk[h].low;
	if (is_document_noun(head) || party_noun(head) || ends_in_a_verb(p, f, last) ||
	    names_a_document(p->c, key))
		return false;
	return type_from_term_name(key) != POLICY_TYPE_NONE ||
	       type_from_term_name(head) != POLICY_TYPE_NONE || quantity_type(want);
}

static unsigned word_count(const char *key)
{
	unsigned n = *key != '\0';
	for (; *key; key++)
		n += *key == ' ';
	return n;
}

/* Near spellings that differ by whole words name other quantities ("the
 * maximum loan amount" is not "the loan amount", docs/decisions.md): not a
 * typo, unless the words were run together ("creditscore"). */
static bool a_typo(const char *key, const char *other)
{
	if (word_count(key) == word_count(other))
		return true;
	return words_edit_distance(key, strlen(key), other, strlen(other), 3) <= 2;
}

int32_t input_named(parser *p, const char *name, span sp, policy_type type, const char *doc)
{
	char *key = words_key(p->c->a, name, strlen(name));
	if (!key) {
		p->c->nomem = true;
		return -1;
	}
	int32_t d = term_find_key(p->c, key);
	if (d >= 0)
		return p->c->defs[d].type == type || !p->c->defs[d].type ? d : -1;
	def *x = def_add(p->c, POLICY_STEP_EXTRACT, sp, p->s[p->cur].text);
	if (!x)
		return -1;
	x->name = name;
	x->key = key;
	x->unsourced = doc == NULL;
	x->doc = doc;
	x->near = -1;
	x->type = type;
	x->strength = TYPE_DECLARED;
	x->sentence_index = p->cur;
	if (!words_split(p->c->a, x->name, strlen(x->name), WORDS_CONTENT, &x->words))
		p->c->nomem = true;
	return (int32_t)(x - p->c->defs);
}

int32_t input_resolve(parser *p, uint32_t first, uint32_t last, policy_type want)
{
	int32_t d = resolve_np(p, first, last, want, false);
	if (d >= 0 || d == -2 || parser_quiet(p) || first >= last || p->c->nomem)
		return d >= 0 ? d : resolve_np(p, first, last, want, true);
	size_t len;
	const char *text = np_text(p, first, last, &len);
	char *key = words_key(p->c->a, text, len);
	if (!key) {
		p->c->nomem = true;
		return -1;
	}
	int32_t near = term_near_spelling(p->c, text, len);
	if (near >= 0 && !a_typo(key, p->c->defs[near].key))
		near = -1;
	if (!*key || (near >= 0 && !p->c->defs[near].unsourced) ||
	    !plausible_input(p, first, last, want, key))
		return resolve_np(p, first, last, want, true); /* the error, with its hint */
	def *x = def_add(p->c, POLICY_STEP_EXTRACT, span_of(p, first, last - 1), p->s[p->cur].text);
	if (!x)
		return -1;
	uint32_t f = skip_articles(p, first, last);
	x->name = slice_of(p, f, last - 1);
	x->key = key;
	x->unsourced = true;
	x->near = near;
	x->type = type_from_term_name(key);
	x->strength = x->type ? TYPE_NAME : TYPE_GUESS;
	x->sentence_index = p->cur;
	if (!words_split(p->c->a, x->name, strlen(x->name), WORDS_CONTENT, &x->words))
		p->c->nomem = true;
	return (int32_t)(x - p->c->defs);
}

/* ---- after the parse ---- */

static void count_refs(const expr *e, uint32_t *refs, uint32_t ndefs, unsigned depth)
{
	if (!e || depth > 256)
		return;
	if ((e->op == E_REF || e->op == E_ANY || e->op == E_ALL) && e->step < ndefs)
		refs[e->step]++;
	for (uint32_t i = 0; i < e->nargs; i++)
		count_refs(e->args[i], refs, ndefs, depth + 1);
}

/* Whether `key`'s words stand together in `text`'s. */
static bool key_in_text(compiler *c, const char *key, const char *text)
{
	char *k = words_key(c->a, text, strlen(text));
	if (!k) {
		c->nomem = true;
		return false;
	}
	size_t n = strlen(key);
	for (const char *at = strstr(k, key); at; at = strstr(at + 1, key))
		if ((at == k || at[-1] == ' ') && (at[n] == ' ' || at[n] == '\0'))
			return true;
	return false;
}

/* "Record the report date from the police report." is an action (record
 * needs "extract" or a rule around it), so nothing extracts the report
 * date a later rule compares: the author meant an extraction. */
static int32_t extracting_action(compiler *c, const def *input)
{
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *a = &c->defs[i];
		char verb[32];
		size_t n = a->verb ? strlen(a->verb) : 0;
		if (a->kind != POLICY_STEP_ACTION || !a->text || !n || n >= sizeof verb)
			continue;
		for (size_t k = 0; k <= n; k++)
			verb[k] = (char)(a->verb[k] >= 'A' && a->verb[k] <= 'Z' ? a->verb[k] + 32 : a->verb[k]);
		if (is_extract_verb(verb) && key_in_text(c, input->key, a->text))
			return (int32_t)i;
	}
	return -1;
}

bool inputs_report(compiler *c)
{
	uint32_t unsourced = 0;
	for (uint32_t i = 0; i < c->ndefs; i++)
		unsourced += c->defs[i].unsourced;
	if (!unsourced)
		return true;
	uint32_t *refs = arena_zalloc(c->a, c->ndefs * sizeof *refs);
	bool *typo = arena_zalloc(c->a, c->ndefs * sizeof *typo);
	if (!refs || !typo) {
		c->nomem = true;
		return false;
	}
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		count_refs(d->value, refs, c->ndefs, 0);
		count_refs(d->guard, refs, c->ndefs, 0);
		for (uint32_t k = 0; k < d->nkeys; k++)
			count_refs(d->keys[k], refs, c->ndefs, 0);
	}
	/* Two inputs spelled nearly alike: the one used less is the typo. */
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		if (!d->unsourced || d->near < 0)
			continue;
		uint32_t a = (uint32_t)d->near, b = i; /* a was declared first */
		uint32_t bad = refs[a] > refs[b] || refs[a] == refs[b] ? b : a;
		uint32_t good = bad == a ? b : a;
		typo[bad] = true;
		char hint[256];
		snprintf(hint, sizeof hint, "did you mean '%s'?", c->defs[good].name);
		diag_error(c, c->defs[bad].sp, hint, "I don't know what '%s' is", c->defs[bad].name);
	}
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		if (!d->unsourced || typo[i])
			continue;
		int32_t act = extracting_action(c, d);
		if (act >= 0) {
			char hint[256];
			snprintf(hint, sizeof hint, "to read it from a document, write 'Extract the %s from "
			                            "...'", d->name);
			diag_error(c, c->defs[act].sp, hint,
			           "'%s' is read as an action, so nothing extracts '%s'",
			           c->defs[act].text, d->name);
			continue;
		}
		char hint[256];
		snprintf(hint, sizeof hint,
		         "add a sentence saying where it comes from, e.g. 'Look up the %s in ...' or "
		         "'Extract the %s from ...'",
		         d->name, d->name);
		diag_warning(c, d->sp, hint,
		             "'%s' is not extracted, looked up or defined; it is read from the case's "
		             "facts or documents by its name",
		             d->name);
	}
	return !c->nomem;
}
