/*
 * Pass 1: what the policy names.
 *
 * Before any rule is read, every term the policy introduces is registered,
 * so a rule may use a term defined further down (policies are written top
 * down: "verify contractor licensure" comes before the sentence that says
 * what licensure means). Terms come from:
 *
 *   - extraction clauses:  "extract the policy number, date of loss, and
 *     claimed amount from the claim form" (without "from", the document the
 *     trigger names); "extract the cash amount from each deposit slip";
 *     "whether the applicant uses tobacco" (a yes/no field);
 *   - lookups:  "look up the policy effective date in the carrier system";
 *   - appositives:  "the contractor license status, looked up in the state
 *     licensing registry, ..."; "..., both taken from the financial
 *     statement" (the definition's undefined terms are fields of it);
 *   - definitions:  "The X is ..." / "X means ..." (a value or a set) and
 *     "<clause> if <condition>" (a condition with a name: "the policy was
 *     active on the date of loss if ...").
 *
 * Triggers ("When a new insurance claim arrives, ...") are read here too:
 * they name the case type and are cut from the sentence.
 */
#include <stdio.h>
#include <string.h>

#include "compile/arith.h"
#include "compile/cases.h"
#include "compile/cond.h"
#include "compile/declare.h"
#include "compile/describe.h"
#include "compile/rules.h"
#include "compile/judgment.h"
#include "compile/mention.h"
#include "compile/openers.h"
#include "compile/classifications.h"
#include "compile/passive.h"
#include "compile/table.h"

/* "Contractor licensure is verified" at the start of a sentence is the
 * name "contractor licensure is verified"; "DSCR" stays as written. */
static const char *sentence_case(parser *p, const char *name, bool at_start)
{
	if (!at_start || !name[0] || !name[1] || name[0] < 'A' || name[0] > 'Z' ||
	    name[1] < 'a' || name[1] > 'z')
		return name;
	char *copy = arena_strdup(p->c->a, name);
	if (!copy) {
		p->c->nomem = true;
		return name;
	}
	copy[0] = (char)(copy[0] - 'A' + 'a');
	return copy;
}

/* The end of the clause starting at i: a comma, "and" or "then" followed by
 * the start of another clause, or the end. */
static uint32_t clause_end(const parser *p, uint32_t i, uint32_t end)
{
	for (uint32_t k = i + 1; k < end; k++) {
		uint32_t j = k;
		if (is_punct(p, j, end, ',')) {
			j++;
			if (is_w(p, j, end, "and") || is_w(p, j, end, "then"))
				j++;
		} else if (is_w(p, j, end, "and") || is_w(p, j, end, "then")) {
			j++;
		} else {
			continue;
		}
		if (j > k && is_clause_start(p, j, end)) {
			/* "..., invoice number and invoice total from the vendor
			 * invoice": "invoice" is no verb here when only the words
			 * after it name where the values come from */
			bool before = false, after = false;
			for (uint32_t a = i; a < k && !before; a++)
				before = is_w(p, a, end, "from") || is_w(p, a, end, "in");
			for (uint32_t a = j + 1; a < end && !after; a++)
				after = is_w(p, a, end, "from");
			if (!before && after && !is_w(p, j + 1, end, "the") && !is_w(p, j + 1, end, "a"))
				continue;
			return k;
		}
	}
	return end;
}

static void strip_trailing(const parser *p, uint32_t first, uint32_t *last)
{
	while (*last > first && (p->tk[*last - 1].kind == T_PUNCT ||
	                         is_w(p, *last - 1, *last, "and") || is_w(p, *last - 1, *last, "or")))
		(*last)--;
}

/* Whether the definition of `d` (a sentence before this one) describes a
 * value ("the officer who approves the exception", "the date the worker
 * told the employer") rather than computing one. */
static bool defined_earlier_as_description(parser *p, const def *d)
{
	uint32_t si = d->sentence_index, cur = p->cur;
	if (si >= p->ns || si == cur || p->s[si].definition != (int32_t)(d - p->c->defs))
		return false;
	sentence_select(p, si);
	bool described = definition_describes(p, &p->s[si]);
	sentence_select(p, cur);
	return described;
}

/* "the debt-to-income ratio (DTI)": the name, and its alias in parentheses.
 * Returns the alias key or NULL; *last is moved before the parenthesis. */
static const char *alias_of(parser *p, uint32_t first, uint32_t *last)
{
	uint32_t l = *last;
	if (l >= first + 4 && is_punct(p, l - 1, l, ')') && is_punct(p, l - 3, l, '(') &&
	    p->tk[l - 2].kind == T_WORD) {
		*last = l - 3;
		return key_of(p, l - 2, l - 1);
	}
	/* "PTI (payment to income)": the name and, in words, another */
	if (l >= first + 4 && is_punct(p, l - 1, l, ')')) {
		uint32_t o = l - 2;
		while (o > first && o + 8 > l && p->tk[o].kind == T_WORD)
			o--;
		if (o > first && o + 2 < l && is_punct(p, o, l, '(')) {
			*last = o;
			return key_of(p, o + 1, l - 1);
		}
	}
	return NULL;
}

static const char *lowered(parser *p, const char *s)
{
	char *l = arena_strdup(p->c->a, s);
	if (!l) {
		p->c->nomem = true;
		return s;
	}
	for (char *c = l; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return l;
}

/* The key of a name that ends in the unit it is counted in ("the loan
 * term in days", "the program length in credit hours"), without it; NULL
 * if the name does not, or the shorter key names another term. */
static const char *unit_free_key(parser *p, uint32_t first, uint32_t last)
{
	static const char *const units[] = { "days", "calendar days", "business days", "weeks",
	                                     "months", "years", "hours", "credit hours", "miles",
	                                     "dollars", "percent", "feet" };
	for (uint32_t k = first + 1; k + 1 < last; k++) {
		if (!is_w(p, k, last, "in"))
			continue;
		for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
			if (match(p, k + 1, last, units[u]) == last - k - 1) {
				char *key = key_of(p, first, k);
				return key && *key && term_find_key(p->c, key) < 0 ? key : NULL;
			}
	}
	return NULL;
}

static def *declare_term(parser *p, policy_step_kind kind, uint32_t first, uint32_t last,
                         bool whether)
{
	compiler *c = p->c;
	first = skip_articles(p, first, last);
	const char *alias = alias_of(p, first, &last);
	strip_trailing(p, first, &last);
	if (first >= last)
		return NULL;
	char *key = key_of(p, first, last);
	if (!key)
		return NULL;
	if (!*key)
		return NULL;
	span sp = span_of(p, first, last - 1);
	int32_t prev = term_find_key(c, key);
	if (prev >= 0) {
		def *d = &c->defs[prev];
		if (d->kind == kind && d->sentence == p->s[p->cur].text)
			diag_error(c, sp, NULL, "'%s' is named twice in this sentence", d->name);
		if (d->kind == POLICY_STEP_COMPUTE && !d->is_predicate && kind != POLICY_STEP_COMPUTE &&
		    defined_earlier_as_description(p, d))
			d->kind = kind; /* described before, read here (definition_body) */
		return d; /* a second mention of a known term */
	}
	def *d = def_add(c, kind, sp, p->s[p->cur].text);
	if (!d)
		return NULL;
	d->name = slice_of(p, first, last - 1);
	d->key = key;
	d->alias = alias;
	if (!alias)
		d->alias = unit_free_key(p, first, last); /* "the loan term in days": "the loan term" */
	const char *name = d->name;
	if (!words_split(c->a, name, strlen(name), WORDS_CONTENT, &d->words))
		c->nomem = true;
	if (whether) {
		d->type = POLICY_TYPE_BOOLEAN;
		d->strength = TYPE_DECLARED;
	} else {
		d->type = type_from_term_name(lowered(p, d->name));
		d->strength = d->type ? TYPE_NAME : TYPE_GUESS;
	}
	d->sentence_index = p->cur;
	return d;
}

/* "the wind and hail deductible": the "and" at i joins two words that
 * qualify one noun, so the item is one name. Only after "the" and one
 * word that names no kind of value ("the income and debt payments" are
 * two), before two or three words that end the item in a singular noun
 * ("the wind and hail deductibles" share the noun: distribute_noun). */
static bool names_one_thing(const parser *p, uint32_t i, uint32_t end)
{
	if (i < 2 || !is_w(p, i - 2, end, "the") || p->tk[i - 1].kind != T_WORD)
		return false;
	uint32_t k = i + 1;
	while (k < end && k < i + 5 && p->tk[k].kind == T_WORD && !is_w(p, k, end, "and") &&
	       !is_w(p, k, end, "from") && !is_w(p, k, end, "in") && !is_w(p, k, end, "of"))
		k++;
	if (k - (i + 1) < 2 || k - (i + 1) > 3 || is_determiner(tw(p, i + 1)) ||
	    (k < end && p->tk[k].kind == T_WORD && !is_w(p, k, end, "from") &&
	     !is_w(p, k, end, "in")))
		return false;
	const char *noun = tw(p, k - 1);
	size_t n = strlen(noun);
	return n > 2 && noun[n - 1] != 's' &&
	       !words_kinds(p->tk[i - 1].low, strlen(p->tk[i - 1].low)) &&
	       type_from_term_name(p->tk[i - 1].low) == POLICY_TYPE_NONE;
}

static bool is_item_separator(const parser *p, uint32_t i, uint32_t end, uint32_t *len)
{
	if (is_punct(p, i, end, ',')) {
		*len = 1;
		if (is_w(p, i + 1, end, "and") || is_w(p, i + 1, end, "or"))
			*len = 2;
		return true;
	}
	if ((is_w(p, i, end, "and") || is_punct(p, i, end, '&')) && !names_one_thing(p, i, end)) {
		*len = 1;
		return true;
	}
	if (match(p, i, end, "as well as")) {
		*len = 3;
		return true;
	}
	return false;
}

/* "the policy's effective and expiration dates": one-word items before a
 * last item with a plural noun share that noun (and the possessor):
 * "policy's effective date", "policy's expiration date". */
static bool distribute_noun(parser *p, uint32_t first, uint32_t last, policy_step_kind kind,
                            const char *source, bool each)
{
	uint32_t sep, k = first, starts[8], ends[8], n = 0;
	while (k < last && n < 8) {
		uint32_t e = k;
		while (e < last && !is_item_separator(p, e, last, &sep))
			e++;
		starts[n] = skip_articles(p, k, e);
		if (n && starts[n] != k)
			return false; /* "the applicant's age and the license status": two names */
		ends[n++] = e;
		k = e < last ? e + sep : e;
	}
	if (n < 2 || k < last)
		return false;
	uint32_t ls = starts[n - 1], le = ends[n - 1];
	const char *noun = tw(p, le - 1);
	size_t nl = strlen(noun);
	if (le - ls < 2 || nl < 4 || noun[nl - 1] != 's' || noun[nl - 2] == 's')
		return false;
	/* the earlier items: one word, after an optional possessor */
	const char *owner = NULL;
	for (uint32_t i = 0; i + 1 < n; i++) {
		uint32_t a = starts[i], e = ends[i];
		if (e - a == 2 && i == 0 && strstr(tw(p, a), "'")) {
			owner = slice_of(p, a, a);
			a++;
		}
		if (e - a != 1 || p->tk[a].kind != T_WORD || is_np_stop_word(tw(p, a)))
			return false;
	}
	char singular[64];
	size_t sl = word_singular(noun, nl, singular, sizeof singular);
	if (!sl || sl >= sizeof singular)
		return false;
	singular[sl] = '\0';
	if (!strcmp(singular, noun))
		return false; /* "status" is not a plural */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t a = starts[i] + (i == 0 && owner ? 1 : 0);
		uint32_t e = i + 1 < n ? ends[i] : le - 1;
		buf b;
		buf_init(&b, &p->c->a->m);
		if (owner)
			buf_printf(&b, "%s ", owner);
		buf_printf(&b, "%s %s", slice_of(p, a, e - 1), singular);
		const char *name = buf_to_arena(&b, p->c->a);
		buf_release(&b);
		if (!name)
			return false;
		char *key = words_key(p->c->a, name, strlen(name));
		if (!key || term_find_key(p->c, key) >= 0)
			continue;
		def *d = def_add(p->c, kind, span_of(p, a, e - 1), p->s[p->cur].text);
		if (!d)
			return false;
		d->name = name;
		d->key = key;
		d->type = type_from_term_name(singular);
		d->strength = d->type ? TYPE_NAME : TYPE_GUESS;
		d->sentence_index = p->cur;
		words_split(p->c->a, name, strlen(name), WORDS_CONTENT, &d->words);
		if (kind == POLICY_STEP_EXTRACT) {
			d->doc = source;
			d->each = each;
		} else {
			d->system = source;
		}
	}
	return true;
}

/* Declare the items of [first, last) as terms of `kind` from `source`. */
static void declare_items(parser *p, policy_step_kind kind, uint32_t first, uint32_t last,
                          const char *source, bool each)
{
	if (distribute_noun(p, first, last, kind, source, each))
		return;
	uint32_t i = first;
	while (i < last) {
		uint32_t k = i, sep = 0;
		while (k < last && !is_item_separator(p, k, last, &sep))
			k++;
		uint32_t a = i;
		bool whether = false;
		if (is_w(p, a, k, "whether") || is_w(p, a, k, "if")) {
			whether = true;
			a++;
		}
		def *d = declare_term(p, kind, a, k, whether);
		if (d) {
			if (kind == POLICY_STEP_EXTRACT) {
				if (!d->doc) {
					d->doc = source;
					d->each = each;
					/* prose may still label the value ("Presentation
					 * Date: ..." in a cover letter): read it first, and
					 * ask the model only when no line names it */
					if (!each && doc_is_free_text(source))
						d->llm_fallback = true;
				}
			} else if (!d->system) {
				d->system = source;
			}
		}
		i = k < last ? k + sep : k;
	}
}

/* The "and" at `k` is part of a document's name ("the errors and
 * omissions certificate"): no other source or clause follows it. */
static bool and_in_name(const parser *p, uint32_t k, uint32_t end)
{
	if (is_clause_start(p, k + 1, end))
		return false;
	for (uint32_t j = k + 1; j < end && !is_punct(p, j, end, ','); j++)
		if (is_w(p, j, end, "from") || is_w(p, j, end, "in") || is_w(p, j, end, "and"))
			return false;
	return true;
}

/* "extract A, B and C from DOC (and D from DOC2)". */
static void extract_clause(parser *p, uint32_t i, uint32_t end)
{
	/* an extraction names values and where they come from: all its words */
	take_words(p, i, end - i);
	uint32_t items = i;
	uint32_t k = i;
	while (k < end) {
		bool paren = is_punct(p, k, end, '(') && is_w(p, k + 1, end, "from");
		if (!is_w(p, k, end, "from") && !paren) {
			k++;
			continue;
		}
		uint32_t items_end = k;
		uint32_t d = k + (paren ? 2 : 1);
		bool each = false;
		if (is_w(p, d, end, "each") || is_w(p, d, end, "every") || is_w(p, d, end, "all")) {
			each = true;
			d++;
			if (is_w(p, d, end, "of") && is_w(p, d + 1, end, "the"))
				d += 2;
		}
		d = skip_articles(p, d, end);
		uint32_t de = d;
		bool later_from = false;
		while (de < end && !is_punct(p, de, end, ',') && !is_punct(p, de, end, ')') &&
		       !is_punct(p, de, end, ':') &&
		       !(is_w(p, de, end, "and") && !and_in_name(p, de, end))) {
			/* "the distance from the old home to the new office": a
			 * range in the name, not a document */
			later_from |= is_w(p, de, end, "from") || is_w(p, de, end, "to");
			de++;
		}
		if (later_from) {
			/* "the days away from work from the physician report": the
			 * first "from" belongs to the name */
			k++;
			continue;
		}
		if (de == d) {
			diag_error(p->c, span_of(p, k, k), "write the document, e.g. 'from the claim form'",
			           "'from' needs the document the values are taken from");
			return;
		}
		const char *doc = slice_of(p, d, de - 1);
		doc_note(p->c, doc);
		if (match(p, skip_articles(p, items, items_end), items_end, "following") &&
		    is_punct(p, de, end, ':')) {
			/* "capture the following from the loan application: a, b, and c" */
			uint32_t list_end = de + 1;
			while (list_end < end && !(is_punct(p, list_end, end, ',') &&
			                           is_w(p, list_end + 1, end, "and") &&
			                           is_clause_start(p, list_end + 2, end)))
				list_end++;
			declare_items(p, POLICY_STEP_EXTRACT, de + 1, list_end, doc, each);
			k = list_end;
			items = k;
			continue;
		}
		declare_items(p, POLICY_STEP_EXTRACT, items, items_end, doc, each);
		k = de;
		if (is_punct(p, k, end, ')'))
			k++;
		uint32_t sep;
		while (k < end && is_item_separator(p, k, end, &sep))
			k += sep;
		items = k;
	}
	if (items < end) {
		const char *doc = p->c->trigger_doc;
		if (!doc) {
			diag_error(p->c, span_of(p, items, end - 1),
			           "add the document, e.g. 'from the claim form', or start the policy "
			           "with 'When a new claim arrives, ...'",
			           "I can't tell which document to extract this from");
			return;
		}
		declare_items(p, POLICY_STEP_EXTRACT, items, end, doc, false);
	}
}

/* "look up A and B in SYSTEM", "look up A in S1 and B in S2". */
static void lookup_clause(parser *p, uint32_t i, uint32_t end)
{
	/* an extraction names values and where they come from: all its words */
	take_words(p, i, end - i);
	uint32_t next, split = next_lookup_at(p, i, end, &next);
	if (split != NONE) {
		lookup_clause(p, i, split);
		lookup_clause(p, next, end);
		return;
	}
	uint32_t prep = NONE, prep_len = 0;
	for (uint32_t k = i + 1; k < end; k++) {
		uint32_t n = system_prep(p, k, end);
		if (n) {
			prep = k;
			prep_len = n;
			k += n - 1;
		}
	}
	if (prep == NONE || prep + prep_len >= end) {
		diag_error(p->c, span_of(p, i, end - 1),
		           "name the system, e.g. 'look up the credit score in the credit bureau'",
		           "a lookup needs the system of record it asks");
		return;
	}
	uint32_t s = skip_articles(p, prep + prep_len, end);
	uint32_t se = end;
	strip_trailing(p, s, &se);
	const char *system = s < se ? slice_of(p, s, se - 1) : "";
	/* "... for the policy number": what identifies the facts. */
	uint32_t items_end = prep, key_at = NONE;
	for (uint32_t k = i + 1; k < prep; k++)
		if (is_w(p, k, prep, "for") || match(p, k, prep, "by") || match(p, k, prep, "using"))
			key_at = k;
	expr *key = NULL;
	expr *keys[8];
	uint32_t nkeys = 0;
	if (key_at != NONE) {
		/* "for the policy number and the date of loss": each a key */
		uint32_t a = key_at + 1;
		for (uint32_t k = a; k <= prep && nkeys < 8; k++) {
			if (k < prep && !is_punct(p, k, prep, ',') && !is_w(p, k, prep, "and"))
				continue;
			int32_t t = k > a ? resolve_np(p, a, k, POLICY_TYPE_NONE, false) : -1;
			if (t < 0) {
				nkeys = 0;
				break;
			}
			keys[nkeys] = expr_ref(p->c, (uint32_t)t, span_of(p, a, k - 1));
			if (!keys[nkeys])
				return;
			keys[nkeys++]->text = slice_of(p, a, k - 1);
			a = k + 1;
			while (a < prep && (is_w(p, a, prep, "and") || is_punct(p, a, prep, ',')))
				a++;
			k = a - 1;
		}
	}
	if (key_at != NONE && nkeys < 2) {
		nkeys = 0;
		int32_t d = resolve_np(p, key_at + 1, prep, POLICY_TYPE_NONE, false);
		if (d < 0) {
			/* "the poverty guideline for the household size", a size the
			 * policy never reads: asked for without it */
			diag_warning(p->c, span_of(p, key_at + 1, prep - 1),
			             "extract it too, if the system needs it to answer",
			             "'%s' is not a value the policy reads: the lookup is asked without it",
			             slice_of(p, key_at + 1, prep - 1));
			declare_items(p, POLICY_STEP_LOOKUP, i, key_at, system, false);
			return;
		}
		key = expr_ref(p->c, (uint32_t)d, span_of(p, key_at + 1, prep - 1));
		if (!key)
			return;
		key->text = slice_of(p, key_at + 1, prep - 1);
		keys[nkeys++] = key;
	}
	if (nkeys)
		items_end = key_at;
	uint32_t before = p->c->ndefs;
	declare_items(p, POLICY_STEP_LOOKUP, i, items_end, system, false);
	for (uint32_t d = before; nkeys && d < p->c->ndefs; d++) {
		def *x = &p->c->defs[d];
		if (x->kind != POLICY_STEP_LOOKUP)
			continue;
		x->keys = arena_alloc(p->c->a, nkeys * sizeof *x->keys);
		if (!x->keys) {
			p->c->nomem = true;
			return;
		}
		memcpy(x->keys, keys, nkeys * sizeof *keys);
		x->nkeys = nkeys;
	}
}

static bool clause_has_from_system(const parser *p, uint32_t i, uint32_t end, bool *system)
{
	*system = false;
	for (uint32_t k = i; k < end; k++) {
		if (!is_w(p, k, end, "from") && !is_w(p, k, end, "in"))
			continue;
		for (uint32_t j = k + 1; j < end; j++)
			if (p->tk[j].kind == T_WORD && is_system_noun(p->tk[j].low))
				*system = true;
		return true;
	}
	return false;
}

/* "X is looked up in S", "X are taken from D" in the clause at i: the
 * words that voice it [*at, *at + *len), and *verb "look" or "extract".
 * Only the clause's first "is" counts: "X is ..." otherwise says no
 * source. */
static bool passive_source(parser *p, uint32_t i, uint32_t end, uint32_t *at, uint32_t *len,
                           const char **verb)
{
	static const char *const taken[] = { "taken", "extracted", "read", "captured", "pulled",
	                                     "obtained", "drawn" };
	uint32_t ce = clause_end(p, i, end);
	for (uint32_t k = i + 1; k + 2 < ce; k++) {
		if (!is_w(p, k, ce, "is") && !is_w(p, k, ce, "are"))
			continue;
		uint32_t n = match(p, k + 1, ce, "looked up");
		if (!n)
			n = match(p, k + 1, ce, "retrieved");
		if (n && system_prep(p, k + 1 + n, ce)) {
			*at = k;
			*len = 1 + n;
			*verb = "look";
			return true;
		}
		for (size_t t = 0; t < sizeof taken / sizeof taken[0]; t++)
			if (is_w(p, k + 1, ce, taken[t]) && is_w(p, k + 2, ce, "from")) {
				*at = k;
				*len = 2;
				*verb = "extract";
				return true;
			}
		return false;
	}
	return false;
}

/* "The PEP result and the sanctions result are looked up in the screening
 * system.", "Payment history is taken from the credit report.", "The
 * purchasing manager takes the vendor name and the amount from the
 * requisition.", "The agent provides the year built on the application.":
 * a lookup or an extraction said in the passive, or of whoever gathers
 * the values. The words that voice it are cut, leaving the imperative's
 * clause ("look up X in S", "extract X from D") at i; *verb is "look" or
 * "extract" then, and the return is how many tokens were cut (0: none). */
static uint32_t other_voice(parser *p, uint32_t i, uint32_t end, const char **verb)
{
	static const char *const gathers[] = { "takes", "provides", "enters", "records", "captures",
	                                       "extracts", "reads", "pulls", "obtains", "collects",
	                                       "gathers", "supplies", "reports" };
	uint32_t ce = clause_end(p, i, end), at, len;
	if (passive_source(p, i, end, &at, &len, verb)) {
		cut_tokens(p, at, len);
		return len;
	}
	/* whoever gathers them: a few words, then the verb */
	for (uint32_t k = i + 1; k < ce && k <= i + 4; k++) {
		if (p->tk[k].kind != T_WORD)
			return 0;
		bool verb_here = false;
		for (size_t g = 0; g < sizeof gathers / sizeof gathers[0] && !verb_here; g++)
			verb_here = !strcmp(p->tk[k].low, gathers[g]);
		if (!verb_here)
			continue;
		bool from = false;
		for (uint32_t j = k + 1; j + 1 < ce; j++)
			if ((is_w(p, j, ce, "from") || is_w(p, j, ce, "on")) &&
			    (is_w(p, j + 1, ce, "the") || is_w(p, j + 1, ce, "a") || is_w(p, j + 1, ce, "an")))
				from = true;
		if (!from || match_term(p, i, k, false, &(uint32_t){ 0 }) >= 0)
			return 0;
		for (uint32_t j = k + 1; j + 1 < ce; j++)
			if (is_w(p, j, ce, "on") && (is_w(p, j + 1, ce, "the") || is_w(p, j + 1, ce, "a")))
				p->s[p->cur].tk[j].low = "from"; /* "provides X on the application" */
		cut_tokens(p, i, k + 1 - i);
		*verb = "extract";
		return k + 1 - i;
	}
	return 0;
}

/* Whether the clause [i, end) ends "from the <document>": a document the
 * policy names or the trigger's, or words ending in a document noun. */
static bool from_document(parser *p, uint32_t i, uint32_t end)
{
	uint32_t f = end;
	while (f > i && !is_w(p, f - 1, end, "from"))
		f--;
	if (f <= i || f >= end)
		return false;
	uint32_t d = skip_articles(p, f, end);
	if (d >= end || p->tk[end - 1].kind != T_WORD)
		return false;
	const char *doc = slice_of(p, d, end - 1);
	return is_document_noun(p->tk[end - 1].low) ||
	       (doc && p->c->trigger && strstr(p->c->trigger, doc) != NULL);
}

/* Past the ", and" or "then" that joins the clause ending at i to the next. */
static uint32_t next_clause(const parser *p, uint32_t i, uint32_t end)
{
	if (is_punct(p, i, end, ','))
		i++;
	if (is_w(p, i, end, "and") || is_w(p, i, end, "then"))
		i++;
	return i;
}

/* Extraction and lookup clauses at the start of a sentence; returns where
 * the rest of the sentence begins. */
static uint32_t declare_clauses(parser *p, uint32_t i, uint32_t end)
{
	if (is_w(p, i, end, "and") && i + 1 < end &&
	    (is_w(p, i + 1, end, "extract") || match(p, i + 1, end, "look up") ||
	     is_w(p, i + 1, end, "from")))
		i++; /* "...; and extract the audit score ... from ...", "...; and from ..." */
	if (is_w(p, i, end, "before") || is_w(p, i, end, "after") || is_w(p, i, end, "once")) {
		/* "Before a request is reviewed, the legal hold status is looked up
		 * in the hold register": when the sources are read, said of the
		 * case's own event; values are read whenever a rule needs them */
		uint32_t c = i + 1;
		while (c < end && c < i + 12 && p->tk[c].kind == T_WORD)
			c++;
		const char *v = NULL;
		uint32_t at, len;
		if (c + 1 < end && is_punct(p, c, end, ',') && c > i + 2 &&
		    (is_extract_verb(tw(p, c + 1)) || match(p, c + 1, end, "look up") ||
		     passive_source(p, c + 1, end, &at, &len, &v))) {
			take_words(p, i, c + 1 - i);
			i = c + 1;
		}
	}
	while (i < end) {
		if (is_w(p, i, end, "in") || is_w(p, i, end, "from")) {
			/* "From the operating statement, extract the net operating
			 * income", "In the card servicing system, look up the current
			 * limit and the open date": the source said first */
			uint32_t c = i + 1;
			while (c < end && !is_punct(p, c, end, ','))
				c++;
			uint32_t d = skip_articles(p, i + 1, c), vl = match(p, c + 1, end, "look up");
			bool extract = !vl && is_w(p, i, end, "from") && c + 1 < end &&
			               is_extract_verb(tw(p, c + 1));
			if (d >= c || (!vl && !extract)) {
				if (is_w(p, i, end, "from"))
					break;
			} else {
				const char *source = slice_of(p, d, c - 1);
				if (extract) {
					vl = 1;
					doc_note(p->c, source);
				}
				take_words(p, i, c + 1 + vl - i);
				uint32_t ce = clause_end(p, c + 1, end);
				declare_items(p, extract ? POLICY_STEP_EXTRACT : POLICY_STEP_LOOKUP, c + 1 + vl,
				              ce, source, false);
				i = next_clause(p, ce, end);
				continue;
			}
		}
		const char *voiced = NULL;
		uint32_t cut = other_voice(p, i, end, &voiced);
		end -= cut;
		if (voiced) {
			uint32_t ve = clause_end(p, i, end);
			if (!strcmp(voiced, "look"))
				lookup_clause(p, i, ve);
			else
				extract_clause(p, i, ve);
			i = next_clause(p, ve, end);
			continue;
		}
		uint32_t ce = clause_end(p, i, end);
		const char *w = tw(p, i);
		bool system;
		bool has_from = clause_has_from_system(p, i + 1, ce, &system);
		uint32_t verb = i;
		if (match(p, i, ce, "look up")) {
			lookup_clause(p, i + 2, ce);
		} else if (!strcmp(w, "lookup")) {
			lookup_clause(p, i + 1, ce);
		} else if (!strcmp(w, "extract") || !strcmp(w, "capture")) {
			extract_clause(p, i + 1, ce);
		} else if (is_lookup_verb(w) && has_from && system) {
			lookup_clause(p, i + 1, ce);
		} else if (is_extract_verb(w) && has_from && !system && strcmp(w, "record") &&
		           strcmp(w, "request") && strcmp(w, "check")) {
			extract_clause(p, i + 1, ce);
		} else if (!strcmp(w, "record") && has_from && from_document(p, i + 1, ce)) {
			/* "record the each occurrence limit, ... from the certificate
			 * of insurance": an extraction (not "record a late payment") */
			extract_clause(p, i + 1, ce);
		} else {
			break;
		}
		take_words(p, verb, 1);
		i = next_clause(p, ce, end);
	}
	return i;
}

static bool starts_statement_word(const char *w)
{
	static const char *const v[] = {
		"if", "when", "whenever", "unless", "otherwise", "for", "else", "provided", "except",
		"never", "do", "don't", "under", "in", "each", "every", "any", "all", "only", "no",
		"none", "always", "where", "once", "upon", "after", "before", "then", "also", "it",
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(w, v[i]))
			return true;
	return false;
}

/* A list introduced by "if any of the following is true:" or "When all of
 * these hold:" holds conditions, whatever they look like. */
static bool parent_is_condition(const parser *p, uint32_t parent)
{
	const sentence *s = &p->s[parent];
	if (s->n && s->tk[0].kind == T_WORD && !strcmp(s->tk[0].low, "for") &&
	    !(s->n > 1 && !strcmp(s->tk[1].low, "example")))
		return false; /* "For an employee whose ...:" names the cases of rules */
	for (uint32_t k = 0; k < s->n; k++) {
		const char *w = s->tk[k].kind == T_WORD ? s->tk[k].low : "";
		if (!strcmp(w, "if") || !strcmp(w, "when") || !strcmp(w, "unless") ||
		    !strcmp(w, "whose") || !strcmp(w, "following") || !strcmp(w, "whenever"))
			return true;
	}
	return false;
}

/* Words from `k` are a list of values: commas, and no term in them. */
static bool lists_values(parser *p, uint32_t k, uint32_t end)
{
	bool comma = false;
	for (uint32_t j = k; j < end; j++) {
		uint32_t tl;
		if (is_punct(p, j, end, ','))
			comma = true;
		else if (match_term(p, j, end, false, &tl) >= 0)
			return false;
	}
	return comma;
}

/* Verbs whose subject is a named part of the policy that holds for some
 * cases: "the hurricane deductible applies", "the request qualifies". */
static bool applies_verb(const char *w)
{
	return !strcmp(w, "applies") || !strcmp(w, "apply") || !strcmp(w, "qualifies") ||
	       !strcmp(w, "qualify");
}

/* Words after an adjective that narrow it: "eligible for FMLA leave". */
static bool is_qualifying_preposition(const char *w)
{
	return !strcmp(w, "for") || !strcmp(w, "under") || !strcmp(w, "to") ||
	       !strcmp(w, "in") || !strcmp(w, "with");
}

/* "An employee is eligible for FMLA leave only if ..." is named by "the
 * employee is eligible" too, when no other term is: the short name of a
 * named condition becomes its alias. Two named conditions with one short
 * name keep only their full names (mentions of the short one stay errors,
 * never a guess). */
static bool short_names(compiler *c)
{
	for (uint32_t d = 0; d < c->ndefs; d++) {
		const def *x = &c->defs[d];
		if (!x->short_key || x->alias || term_find_key(c, x->short_key) >= 0)
			continue;
		bool unique = true;
		for (uint32_t e = 0; e < c->ndefs && unique; e++)
			unique = e == d || !c->defs[e].short_key ||
			         strcmp(c->defs[e].short_key, x->short_key);
		if (unique && !term_add_alias(c, d, x->short_key))
			return false;
	}
	return true;
}

/* "the driver's date of birth" is named by "the date of birth" too, when
 * no other term is named so and no other value has that name after its
 * possessor (two people's dates of birth keep their full names). */
static bool possessor_free_names(compiler *c)
{
	for (uint32_t d = 0; d < c->ndefs; d++) {
		const def *x = &c->defs[d];
		const char *ap = x->name ? strstr(x->name, "'s ") : NULL;
		if ((x->kind != POLICY_STEP_EXTRACT && x->kind != POLICY_STEP_LOOKUP) || x->alias ||
		    !ap || strchr(x->name, ' ') < ap)
			continue; /* only "<word>'s <name>" */
		const char *rest = ap + 3;
		char *key = words_key(c->a, rest, strlen(rest));
		if (!key)
			return false;
		if (!*key || term_find_key(c, key) >= 0)
			continue;
		bool unique = true;
		for (uint32_t e = 0; e < c->ndefs && unique; e++) {
			const char *ep = e != d && c->defs[e].name ? strstr(c->defs[e].name, "'s ") : NULL;
			unique = !ep || strcmp(ep + 3, rest) != 0;
		}
		if (unique && !term_add_alias(c, d, key))
			return false;
	}
	return true;
}

/* Whether the word at k opens a quotation ('"CLTV"'). */
static bool quoted_at(const parser *p, uint32_t k)
{
	const token *t = &p->tk[k];
	return t->off > 0 && (p->lx->text[t->off - 1] == '"' ||
	                      (unsigned char)p->lx->text[t->off - 1] >= 0x80);
}

/* "a transfer that was initiated outside the United States", "an
 * applicant who holds a license": an article, a noun of at most three
 * words and a relative pronoun (its index in *rel). */
static bool kind_definition(const parser *p, uint32_t body, uint32_t end, uint32_t *rel)
{
	enum { MAX_KIND_NOUN_WORDS = 3 };
	if (!is_w(p, body, end, "a") && !is_w(p, body, end, "an"))
		return false;
	for (uint32_t k = body + 2; k < end && k <= body + 1 + MAX_KIND_NOUN_WORDS; k++) {
		if (p->tk[k].kind != T_WORD)
			return false;
		if (is_w(p, k, end, "that") || is_w(p, k, end, "who") || is_w(p, k, end, "which") ||
		    is_w(p, k, end, "whose") || is_w(p, k, end, "with") || is_w(p, k, end, "having")) {
			*rel = k; /* "a claim with at least one day of disability" too */
			return k + 1 < end;
		}
	}
	return false;
}

/* "depend on", "vary by" ahead of k, within a name's length. */
static bool depends_later(const parser *p, uint32_t k, uint32_t end)
{
	for (uint32_t j = k + 1; j < end && j < k + 10; j++)
		if (match(p, j, end, "depend on") || match(p, j, end, "vary by") ||
		    match(p, j, end, "vary with") || match(p, j, end, "vary according to"))
			return true;
	return false;
}

/* The second name of "A and B depend on X, as follows:" [pair + 1,
 * name_end): a definition with the same body, read from the same table. */
static void declare_pair(parser *p, sentence *s, uint32_t pair, uint32_t name_end,
                         uint32_t body, uint32_t end)
{
	uint32_t first = skip_articles(p, pair + 1, name_end);
	if (first >= name_end)
		return;
	char *key = key_of(p, first, name_end);
	if (!key || !*key || term_find_key(p->c, key) >= 0)
		return; /* already named: the first definition's error says so */
	def *d = def_add(p->c, POLICY_STEP_COMPUTE, span_of(p, first, name_end - 1), s->text);
	if (!d)
		return;
	d->name = slice_of(p, first, name_end - 1);
	d->key = key;
	d->sentence_index = p->cur;
	if (!words_split(p->c->a, d->name, strlen(d->name), WORDS_CONTENT, &d->words)) {
		p->c->nomem = true;
		return;
	}
	d->type = type_from_term_name(key);
	d->strength = d->type ? TYPE_NAME : TYPE_GUESS;
	d->body_first = body;
	d->body_last = end;
	take_words(p, pair, 1);
	s->definition_also = (int32_t)(d - p->c->defs);
}

/* The key of the words a, then b ("transaction" and "misuse"); NULL,
 * nomem set, on allocation failure. */
static char *joined_key(parser *p, const char *a, const char *b)
{
	size_t al = a ? strlen(a) : 0, bl = b ? strlen(b) : 0;
	char *both = a && b ? arena_alloc(p->c->a, al + bl + 2) : NULL;
	if (!both) {
		p->c->nomem = true;
		return NULL;
	}
	memcpy(both, a, al);
	both[al] = ' ';
	memcpy(both + al + 1, b, bl + 1);
	char *key = words_key(p->c->a, both, al + bl + 1);
	if (!key)
		p->c->nomem = true;
	return key;
}

/* "The X is ...", "X means ...", "<clause> if <condition>". */
static void declare_definition(parser *p, sentence *s, uint32_t i, uint32_t end)
{
	const char *w0 = tw(p, i);
	if (i >= end || p->tk[i].kind != T_WORD || starts_statement_word(w0) ||
	    match(p, i, end, "the following") || !strcmp(w0, "both") || !strcmp(w0, "these"))
		return; /* "both are shown on the worksheet": where, not a name */
	if ((is_action_verb(w0) || is_check_verb(w0) || is_extract_verb(w0)) &&
	    !is_aux_word(tw(p, i + 1)) && !quoted_at(p, i))
		return; /* but '"Report lag" is ...' names a term */
	uint32_t k = i + 1, cop_len = 0, or_alias = NONE;
	bool means = false, has = false, depends = false, sums = false;
	for (; k < end; k++) {
		const token *t = &p->tk[k];
		if (t->kind == T_PUNCT && t->punct == '=' && k > i) {
			cop_len = 1; /* "Projected hours worked = scheduled hours - ..." */
			means = true;
			break;
		}
		if (t->kind == T_PUNCT && t->punct != '-' && t->punct != '\'' && t->punct != '(' &&
		    t->punct != ')')
			return;
		if (is_punct(p, k, end, '(') && k > i) {
			/* "PTI (payment to income) is": the name said again in words */
			uint32_t c = k + 1;
			while (c < end && c < k + 8 && p->tk[c].kind == T_WORD)
				c++;
			if (is_punct(p, c, end, ')')) {
				k = c;
				continue;
			}
		}
		const char *w = tw(p, k);
		if (!strcmp(w, "or") && or_alias == NONE && quoted_at(p, i) && k + 2 < end &&
		    quoted_at(p, k + 1)) {
			/* '"Combined Loan-to-Value" or "CLTV" means': a second name */
			or_alias = k;
			k++;
			continue;
		}
		if (!strcmp(w, "is") || !strcmp(w, "are") || !strcmp(w, "was") || !strcmp(w, "were")) {
			cop_len = 1;
			break;
		}
		uint32_t adds = k > i ? (match(p, k, end, "adds together") ? 2 : match(p, k, end, "adds up") ? 2 :
		                         match(p, k, end, "sums up") ? 2 : is_w(p, k, end, "totals") ? 1 : 0) : 0;
		if (adds) {
			/* "The total risk score adds together A, B, and C": their sum */
			cop_len = adds;
			means = sums = true;
			break;
		}
		if (!strcmp(w, "means") || !strcmp(w, "mean") || !strcmp(w, "equals")) {
			cop_len = 1;
			means = true;
			break;
		}
		if (k > i && (match(p, k, end, "depends on") || match(p, k, end, "depend on") ||
		              match(p, k, end, "varies by") || match(p, k, end, "vary by") ||
		              match(p, k, end, "varies with") || match(p, k, end, "vary with") ||
		              match(p, k, end, "varies according to") ||
		              ((match(p, k, end, "comes from") || match(p, k, end, "come from") ||
		                match(p, k, end, "is set by") || match(p, k, end, "are set by")) &&
		               p->s[p->cur].end == ':')) &&
		    p->lx->ntables) {
			/* "The annual maximum depends on the degree level, as follows:"
			 * and a table (table.c reads the body from the verb on) */
			depends = true;
			break;
		}
		if (is_naming_verb(w) ||
		    (!strcmp(w, "may") && k + 1 < end && p->tk[k + 1].kind == T_WORD &&
		     !is_aux_word(p->tk[k + 1].low) && !is_w(p, k + 1, end, "not"))) {
			/* "A member may use remote deposit capture only when ...": a
			 * permission with its condition is a named condition */
			/* "The candidate has a recent conviction if ...": only a
			 * named condition, never a value */
			cop_len = 1;
			has = true;
			break;
		}
		if (!strcmp(w, "and") && p->lx->ntables && k > i && depends_later(p, k, end))
			continue; /* "A and B depend on X": two names */
		if (is_aux_word(w) || is_np_stop_word(w))
			return;
	}
	if ((!cop_len && !depends) || k >= end - 1)
		return;
	/* "The minimum driver age and the maximum radius depend on the weight
	 * class, as follows:": two names, one table */
	uint32_t pair = NONE, name_end_all = k;
	for (uint32_t a = i + 1; depends && a + 1 < k; a++)
		if (is_w(p, a, k, "and") && p->tk[a - 1].kind == T_WORD)
			pair = a;
	uint32_t aux = 0;
	const char *verb;
	uint32_t part;
	if (!means && !has && (part = passive_at(p, i, end, &aux, &verb)) != NONE && aux == k &&
	    !table_named_at(p, part + 1, end))
		return; /* "Applications below 600 are declined": a consequence (passive.c);
		           but "The bonus is given by the table below ..." defines */
	if (ineligible_at(p, k, end))
		return; /* "A loan with an LTV above 97% is not eligible": a requirement */
	if (is_w(p, k + 1, end, "required") || is_w(p, k + 1, end, "mandatory") ||
	    is_w(p, k + 1, end, "needed"))
		return; /* "A flood certificate is required": a requirement */
	if (s->parent != NONE && resolve_np(p, skip_articles(p, i, end), k, POLICY_TYPE_NONE, false) >= 0)
		return;
	uint32_t whole;
	if (s->parent != NONE && match_term(p, i, end, true, &whole) >= 0 && i + whole == end)
		return; /* "the customer is a politically exposed person": a yes/no field */
	if (s->parent != NONE && parent_is_condition(p, s->parent))
		return;
	/* A condition with a name: "<clause> if <condition>". */
	uint32_t q = NONE, qlen = 0;
	bool unless = false;
	for (uint32_t j = k + 1; j < end; j++) {
		static const char *const ifs[] = { "only if", "if and only if", "if", "when",
		                                   "only when", "whenever", "provided that",
		                                   "as long as" };
		if ((is_w(p, j + 1, end, "any") || is_w(p, j + 1, end, "applicable") ||
		     is_w(p, j + 1, end, "available")) && is_w(p, j, end, "if") &&
		    (j + 2 == end || p->tk[j + 2].kind == T_PUNCT))
			continue; /* "the reason code, if any, that ...": what it is */
		for (size_t v = 0; v < sizeof ifs / sizeof ifs[0]; v++) {
			uint32_t n = match(p, j, end, ifs[v]);
			if (n && n > qlen) {
				q = j;
				qlen = n;
			}
		}
		if (q == NONE && is_w(p, j, end, "in") && s->end == ':' &&
		    (match(p, j + 1, end, "either of these") || match(p, j + 1, end, "any of these") ||
		     match(p, j + 1, end, "any of the following") ||
		     match(p, j + 1, end, "either of the following"))) {
			/* "The refill is too soon in either of these situations:" */
			q = j;
			qlen = 1;
		}
		if (q == NONE && has && is_w(p, j, end, "unless")) {
			/* "The windstorm deductible applies unless the deductible
			 * is waived": named, and true when the condition is not */
			q = j;
			qlen = 1;
			unless = true;
		}
		if (q != NONE)
			break;
	}
	if (has && q == NONE)
		return;
	if (q != NONE && !has && value_then_case(p, k + cop_len, end)) {
		q = NONE; /* "The start date is the payer date if ...": a value, by cases */
		qlen = 0;
	}
	/* "the credit score is below 680" states a condition, not a name (but
	 * "coverage was in force ... if ..." names one). */
	op_match m;
	if (q == NONE && !means && op_at(p, k, end, false, &m) && m.kind != PK_EQ &&
	    !(m.kind == PK_IN && lists_values(p, k + m.len, end)) &&
	    !(m.kind == PK_PRESENT && table_named_at(p, k + m.len, end)))
		return; /* but "The eligible statuses are in force, grace period, ..." lists,
		           and "The bonus is given by the table below ..." defines */
	uint32_t name_first = skip_articles(p, i, end);
	uint32_t name_end = q != NONE ? q : pair != NONE ? pair : k;
	const char *alias = q == NONE ? alias_of(p, name_first, &name_end) : NULL;
	if (or_alias != NONE && q == NONE && !alias) {
		alias = key_of(p, or_alias + 1, name_end);
		name_end = or_alias;
	}
	if (q != NONE && is_punct(p, q - 1, end, ','))
		name_end = q - 1;
	if (name_first >= name_end)
		return;
	uint32_t body = q != NONE ? q + qlen : k + cop_len;
	bool predicate = q != NONE;
	if (!predicate && means && is_w(p, body, end, "that")) {
		predicate = true;
		body++;
		name_end = k;
	}
	uint32_t kind_noun = NONE, kind_rel = NONE;
	if (!predicate && kind_definition(p, body, end, &kind_rel)) {
		/* 'A "foreign transfer" is a transfer that was initiated abroad':
		 * a kind of case, a named condition read by its qualifier */
		predicate = true;
		kind_noun = body + 1;
	}
	if (!predicate) {
		static const char *const lead[] = { "defined as", "calculated as", "computed as",
		                                    "determined as", "equal to", "given by" };
		for (size_t v = 0; v < sizeof lead / sizeof lead[0]; v++) {
			uint32_t n = match(p, body, end, lead[v]);
			if (n) {
				body += n;
				break;
			}
		}
	}
	if (body >= end && !(predicate && s->end == ':'))
		return;
	char *key = key_of(p, name_first, name_end);
	if (!key || !*key)
		return;
	int32_t prev = term_find_key(p->c, key);
	span sp = span_of(p, name_first, name_end - 1);
	if (prev >= 0) {
		const def *d = &p->c->defs[prev];
		if (s->parent != NONE)
			return; /* a list item comparing a known term: a condition */
		if ((d->kind == POLICY_STEP_EXTRACT || d->kind == POLICY_STEP_LOOKUP) &&
		    describes_a_value(p, body, end)) {
			/* '"Settlement Date" means the date on which the entry
			 * settled', of a value the policy extracts: what it is */
			take_words(p, 0, end);
			s->done = true;
			s->described = true;
			return;
		}
		diag_error(p->c, sp, "use a different name, or remove one of the two",
		           "'%s' is already %s on line %u", d->name,
		           d->kind == POLICY_STEP_EXTRACT ? "extracted" :
		           d->kind == POLICY_STEP_LOOKUP ? "looked up" : "defined", d->sp.line);
		s->done = true;
		return;
	}
	def *d = def_add(p->c, POLICY_STEP_COMPUTE, sp, s->text);
	if (!d)
		return;
	/* A named condition reads as a clause, article and all ("the policy was
	 * active on the date of loss"); a named value without its article. */
	uint32_t shown = predicate ? i : name_first;
	/* a quoted term ('"Notice Date" means') keeps the author's capitals */
	const token *ft = &p->tk[shown];
	bool quoted = ft->off > 0 && (p->lx->text[ft->off - 1] == '"' ||
	                              (unsigned char)p->lx->text[ft->off - 1] >= 0x80);
	d->name = sentence_case(p, slice_of(p, shown, name_end - 1), shown == 0 && !quoted);
	if (kind_noun != NONE && shown < name_first && name_end == name_first + 1 &&
	    p->tk[name_first].kind == T_QUOTED) {
		/* 'A "lost-time claim" is a claim ...': "a lost-time claim" */
		const char *inner = p->tk[name_first].low;
		char *named = arena_alloc(p->c->a, strlen(inner) + 4);
		if (!named) {
			p->c->nomem = true;
			return;
		}
		sprintf(named, "%s %s", is_w(p, shown, end, "an") ? "an" : "a", inner);
		d->name = named;
	}
	d->key = key;
	d->alias = alias;
	d->sentence_index = p->cur;
	if (!words_split(p->c->a, d->name, strlen(d->name), WORDS_CONTENT, &d->words))
		p->c->nomem = true;
	if (predicate && kind_noun != NONE) {
		d->is_predicate = true;
		d->kind_of = true;
		p->c->npredicates++;
		d->type = POLICY_TYPE_BOOLEAN;
		d->strength = TYPE_DECLARED;
		/* "the transfer is a foreign transfer" names it too */
		const char *noun = slice_of(p, kind_noun, kind_rel - 1);
		size_t nl = noun ? strlen(noun) : 0, kl = strlen(d->name);
		char *both = noun ? arena_alloc(p->c->a, nl + kl + 2) : NULL;
		if (!both) {
			p->c->nomem = true;
			return;
		}
		memcpy(both, noun, nl);
		both[nl] = ' ';
		memcpy(both + nl + 1, d->name, kl + 1);
		if (!d->alias)
			d->alias = words_key(p->c->a, both, nl + kl + 1);
	} else if (predicate) {
		d->is_predicate = true;
		p->c->npredicates++;
		d->type = POLICY_TYPE_BOOLEAN;
		d->strength = TYPE_DECLARED;
		d->alt_key = key_of(p, name_first, k);
		d->unless = unless;
		if (has && is_w(p, k, end, "counts") && is_w(p, k + 1, end, "as") && k + 2 < name_end) {
			/* "A transaction counts as misuse if ...": then "the
			 * transaction is misuse", "a misuse transaction" */
			d->short_key = joined_key(p, key_of(p, name_first, k), key_of(p, k + 2, name_end));
			if (!d->short_key)
				return;
		} else if (has && applies_verb(tw(p, k)) && k + 2 < name_end &&
		    (is_w(p, k + 1, end, "to") || is_w(p, k + 1, end, "for"))) {
			/* "The hurricane deductible applies to a hurricane claim
			 * if ...", then "when the hurricane deductible applies"; a
			 * kind of case after "to" is a condition too */
			d->short_key = key_of(p, name_first, k + 1);
			if (is_w(p, k + 1, end, "to")) {
				d->applies_to = k + 2;
				d->applies_end = name_end;
			}
		} else if (cop_len && !means && k + 2 < name_end && p->tk[k + 1].kind == T_WORD &&
		    is_qualifying_preposition(tw(p, k + 2)))
			d->short_key = key_of(p, name_first, k + 2); /* "employee eligible" */
		else if (has && k >= name_first + 2 && k < name_end && p->tk[k - 1].kind == T_WORD) {
			/* "A budget modification request requires a grant adjustment if
			 * ...", then "if the request requires a grant adjustment" */
			d->short_key = joined_key(p, slice_of(p, k - 1, k - 1), slice_of(p, k, name_end - 1));
			if (!d->short_key)
				return;
		}
	} else {
		d->type = type_from_term_name(key);
		d->strength = d->type ? TYPE_NAME : TYPE_GUESS;
	}
	d->body_first = body;
	d->body_last = end;
	d->sum_body = sums;
	take_words(p, i, body - i); /* the name and "means", "is calculated as" */
	s->definition = (int32_t)(d - p->c->defs);
	s->body_first = body;
	if (depends && pair != NONE)
		declare_pair(p, s, pair, name_end_all, body, end);
}

static void declare_notes(parser *p, sentence *s)
{
	for (uint32_t i = 0; i < s->nnotes; i++) {
		const source_note *n = &s->notes[i];
		if (n->whole_sentence)
			continue;
		bool clause = false;
		for (uint32_t k = n->np_first; k <= n->np_last && k < p->n && !clause; k++)
			clause = p->tk[k].kind == T_PUNCT || is_w(p, k, p->n, "means") ||
			         is_w(p, k, p->n, "mean") || is_aux_word(tw(p, k));
		if (clause)
			continue; /* '"X" means the date ..., as shown on the form': the
			             definition's source (describe.c), not a new field */
		policy_step_kind kind = n->lookup ? POLICY_STEP_LOOKUP : POLICY_STEP_EXTRACT;
		if (!n->lookup) {
			/* "as reported by the bureau": a system, not a document */
			wordlist w;
			if (words_split(p->c->a, n->source, strlen(n->source), WORDS_CONTENT, &w) &&
			    w.n && is_system_noun(w.w[w.n - 1]))
				kind = POLICY_STEP_LOOKUP;
		}
		def *d = declare_term(p, kind, n->np_first, n->np_last + 1, false);
		if (!d)
			continue;
		if (kind == POLICY_STEP_EXTRACT && !d->doc) {
			d->doc = n->source;
			doc_note(p->c, n->source);
		}
		if (kind == POLICY_STEP_LOOKUP && !d->system)
			d->system = n->source;
	}
}

/* "For non-residents, require a passport, extract the passport expiry
 * date from the passport, and verify ...": values a rule reads from a
 * document it requires are extracted like any other (needed only when the
 * rule applies); parse_rules skips these clauses. */
static void declare_inner_clauses(parser *p, uint32_t i, uint32_t end)
{
	for (uint32_t k = i + 1; k < end; k++) {
		uint32_t at = k;
		if (!is_punct(p, k - 1, end, ',') && !is_w(p, k - 1, end, "and"))
			continue;
		bool extract = is_w(p, at, end, "extract") || is_w(p, at, end, "capture");
		bool lookup = match(p, at, end, "look up") > 0;
		if (!extract && !lookup)
			continue;
		uint32_t ce = clause_end(p, at, end);
		bool system;
		if (!clause_has_from_system(p, at + 1, ce, &system))
			continue;
		if (extract)
			extract_clause(p, at + 1, ce);
		else
			lookup_clause(p, at + 2, ce);
		k = ce;
	}
}

/* "must also be", "shall instead be", "must still be": the adverb says
 * nothing a rule tests, so it is cut and the modal meets its verb. */
static void cut_modal_adverbs(parser *p, sentence *s)
{
	static const char *const modals[] = { "must", "shall", "should", "will", "may", "cannot" };
	static const char *const adverbs[] = { "also", "instead", "still", "always", "likewise",
	                                       "similarly", "additionally", "then" };
	for (uint32_t k = 0; k + 2 < s->n; k++) {
		bool modal = false;
		for (size_t m = 0; m < sizeof modals / sizeof modals[0] && !modal; m++)
			modal = p->tk[k].kind == T_WORD && !strcmp(p->tk[k].low, modals[m]);
		if (!modal)
			continue;
		uint32_t a = k + 1;
		if (a < s->n && p->tk[a].kind == T_WORD && !strcmp(p->tk[a].low, "not"))
			a++;
		for (size_t v = 0; v < sizeof adverbs / sizeof adverbs[0]; v++)
			if (a + 1 < s->n && p->tk[a].kind == T_WORD && !strcmp(p->tk[a].low, adverbs[v]) &&
			    p->tk[a + 1].kind == T_WORD) {
				cut_tokens(p, a, 1);
				break;
			}
	}
}

bool declare_all(parser *p)
{
	compiler *c = p->c;
	for (uint32_t si = 0; si < p->ns && !c->nomem; si++) {
		sentence *s = &p->s[si];
		if (s->done)
			continue;
		sentence_select(p, si);
		cut_modal_adverbs(p, s);
		uint32_t i = skip_trigger(p, skip_lead_adverb(p, title_lead(p, s->n), s->n), s->n);
		if (i > 0 && !c->trigger_doc)
			c->trigger_doc = c->trigger;
		declare_notes(p, s);
		uint32_t based;
		if (declare_classification(p, i, s->n, &based)) {
			s->classify = (int32_t)(p->c->ndefs - 1);
			s->based = based;
			s->start = i;
			continue;
		}
		uint32_t rest = declare_clauses(p, i, s->n);
		s->start = rest;
		if (rest >= s->n && rest > i) {
			s->done = true;
			continue;
		}
		if (rest == i) {
			declare_definition(p, s, i, s->n);
			if (s->definition < 0)
				declare_conditional(p, s, i, s->n);
			if (s->definition < 0)
				declare_qualified_kind(p, s, i, s->n);
		}
		declare_inner_clauses(p, rest, s->n);
	}
	/* "..., both taken from the financial statement": the definition's
	 * terms not yet known are fields of that document. This reading is
	 * thrown away (pass 2 reads the sentence again), so it must not count
	 * as a use of anything. */
	if (!short_names(c) || !possessor_free_names(c))
		return false;
	bool *used = arena_alloc(c->a, (c->ndefs + 1) * sizeof *used);
	uint32_t before = c->ndefs;
	if (!used)
		return false;
	for (uint32_t d = 0; d < before; d++)
		used[d] = c->defs[d].used;
	for (uint32_t si = 0; si < p->ns && !c->nomem; si++) {
		sentence *s = &p->s[si];
		if (!s->src_doc || s->done)
			continue;
		sentence_select(p, si);
		p->declaring = true;
		p->declare_doc = s->src_doc;
		doc_note(c, s->src_doc);
		uint32_t i = s->definition >= 0 ? s->body_first : s->start;
		if (s->definition >= 0 && !c->defs[s->definition].is_predicate)
			parse_value(p, &i, s->n, 0);
		else
			parse_condition(p, i, s->n);
		p->declaring = false;
		p->declare_doc = NULL;
	}
	for (uint32_t d = 0; d < c->ndefs; d++)
		c->defs[d].used = d < before ? used[d] : false;
	return !c->nomem;
}
