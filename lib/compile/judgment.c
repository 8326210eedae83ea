/*
 * The sentences that need a model.
 *
 * A condition becomes a model judgment only when it asks for judgment (a
 * word such as "consistent", "reasonable", "suspicious") and cannot be read
 * as a deterministic comparison: "the damage described in the adjuster
 * notes is consistent with the reported cause of loss". Its inputs are the
 * terms it names and the documents it points into ("in the adjuster
 * notes"), so the model sees those and nothing else.
 *
 *   Classify the claim as water, fire, theft or other based on the loss
 *   description.           -> the term "claim classification", one of four
 *   extract the cause of loss from the adjuster narrative
 *                           -> a model extraction (free text, not a form)
 *   If the claimed amount cannot be read from the claim form, ask the model.
 *                           -> the form field gets a model fallback
 *
 * The guardrails that limit actions ("Never approve a claim above $100,000
 * automatically.") are guardrails.c's.
 */
#include <string.h>

#include "compile/judgment.h"
#include "compile/mention.h"
#include "plan/llm.h"

static bool is_free_text_noun(const char *w)
{
	static const char *const v[] = {
		"notes", "note", "narrative", "narratives", "description", "descriptions",
		"statement", "statements", "letter", "letters", "email", "emails", "transcript",
		"transcripts", "comments", "comment", "remarks", "story", "essay",
		"explanation", "correspondence", "memo", "memorandum", "report", "reports",
		"photos", "recording", "diary", "log", "notes",
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(w, v[i]))
			return true;
	return false;
}

/* "adjuster notes", "loss narrative": documents of prose, not forms. A
 * "report" counts only with a prose word ("incident report" is a form). */
bool doc_is_free_text(const char *doc)
{
	const char *last = strrchr(doc, ' ');
	last = last ? last + 1 : doc;
	char low[32];
	size_t n = strlen(last);
	if (n >= sizeof low)
		return false;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)(last[i] >= 'A' && last[i] <= 'Z' ? last[i] - 'A' + 'a' : last[i]);
	if (!strcmp(low, "report") || !strcmp(low, "reports") || !strcmp(low, "log") ||
	    !strcmp(low, "statement") || !strcmp(low, "statements"))
		return strstr(doc, "narrative") || strstr(doc, "adjuster") || strstr(doc, "witness");
	return is_free_text_noun(low);
}

static llm_spec *new_spec(parser *p, llm_kind kind, const char *question, const char *key,
                          uint32_t max_tokens)
{
	llm_spec *s = arena_zalloc(p->c->a, sizeof *s);
	if (!s) {
		p->c->nomem = true;
		return NULL;
	}
	s->kind = kind;
	s->question = question;
	s->answer_key = key;
	s->max_tokens = max_tokens;
	return s;
}

static bool add_document(parser *p, llm_spec *s, const char *doc)
{
	for (uint32_t i = 0; i < s->ndocuments; i++)
		if (!strcmp(s->documents[i], doc))
			return true;
	const char **d = arena_grow(p->c->a, s->documents, s->ndocuments, s->ndocuments + 1,
	                            sizeof *d);
	if (!d) {
		p->c->nomem = true;
		return false;
	}
	d[s->ndocuments++] = doc;
	s->documents = d;
	doc_note(p->c, doc);
	return true;
}

static bool add_input(parser *p, def *d, uint32_t term, span sp, const char *text)
{
	for (uint32_t i = 0; i < d->nkeys; i++)
		if (d->keys[i]->step == term)
			return true;
	expr *r = expr_ref(p->c, term, sp);
	if (!r)
		return false;
	r->text = text;
	expr **k = arena_grow(p->c->a, d->keys, d->nkeys, d->nkeys + 1, sizeof *k);
	if (!k) {
		p->c->nomem = true;
		return false;
	}
	k[d->nkeys++] = r;
	d->keys = k;
	return true;
}

static bool known_document(const parser *p, const char *key)
{
	for (uint32_t d = 0; d < p->c->ndocs; d++) {
		char *k = words_key(p->c->a, p->c->docs[d], strlen(p->c->docs[d]));
		if (k && !strcmp(k, key))
			return true;
	}
	return false;
}

/* The terms and documents a model question names, as its inputs. */
static void gather_inputs(parser *p, def *d, llm_spec *s, uint32_t first, uint32_t end)
{
	for (uint32_t k = first; k < end;) {
		uint32_t tl;
		int32_t t = match_term(p, k, end, false, &tl);
		if (t >= 0 && (uint32_t)t != (uint32_t)(d - p->c->defs)) {
			add_input(p, d, (uint32_t)t, span_of(p, k, k + tl - 1), slice_of(p, k, k + tl - 1));
			k += tl;
			continue;
		}
		/* A noun phrase that names a document: "in the adjuster notes". */
		if (p->tk[k].kind == T_WORD && !is_np_stop_word(p->tk[k].low)) {
			uint32_t e = k;
			while (e < end && p->tk[e].kind == T_WORD && !is_np_stop_word(p->tk[e].low) &&
			       !is_judgment_word(p->tk[e].low) && !is_aux_word(p->tk[e].low) &&
			       strcmp(p->tk[e].low, "described") && strcmp(p->tk[e].low, "reported") &&
			       strcmp(p->tk[e].low, "for") && strcmp(p->tk[e].low, "to") &&
			       strcmp(p->tk[e].low, "with") && strcmp(p->tk[e].low, "in") &&
			       strcmp(p->tk[e].low, "from") && strcmp(p->tk[e].low, "on") &&
			       strcmp(p->tk[e].low, "of") && strcmp(p->tk[e].low, "based"))
				e++;
			if (e > k) {
				uint32_t f = k;
				while (f < e && (is_w(p, f, e, "the") || is_w(p, f, e, "a") || is_w(p, f, e, "an")))
					f++;
				if (f < e) {
					char *key = key_of(p, f, e);
					const char *doc = slice_of(p, f, e - 1);
					if (key && (known_document(p, key) || doc_is_free_text(doc)))
						add_document(p, s, doc);
				}
				k = e;
				continue;
			}
		}
		k++;
	}
}

static const char *judgment_key(const parser *p, uint32_t first, uint32_t end)
{
	static const char *const adjectives[] = {
		"consistent", "inconsistent", "reasonable", "unreasonable", "plausible",
		"implausible", "credible", "suspicious", "adequate", "sufficient", "likely",
		"unlikely", "fraudulent", "genuine", "coherent", "compatible",
	};
	for (uint32_t k = first; k < end; k++)
		for (size_t a = 0; a < sizeof adjectives / sizeof adjectives[0]; a++)
			if (is_w(p, k, end, adjectives[a]))
				return adjectives[a];
	return "holds";
}

expr *judgment_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, ce = s;
	bool judgment = false;
	while (ce < end && !is_punct(p, ce, end, ',') && !is_punct(p, ce, end, ';') &&
	       !is_w(p, ce, end, "and") && !is_w(p, ce, end, "or") && !is_w(p, ce, end, "then")) {
		if (p->tk[ce].kind == T_WORD && is_judgment_word(p->tk[ce].low))
			judgment = true;
		ce++;
	}
	if (!judgment || ce == s)
		return NULL;
	/* A provenance tail is the author's note, not part of the question. */
	for (uint32_t k = s + 1; k < ce; k++)
		if (match(p, k, ce, "based on") || match(p, k, ce, "according to")) {
			ce = k;
			break;
		}
	char *key = key_of(p, s, ce);
	if (!key)
		return NULL;
	int32_t known = term_find_key(p->c, key);
	if (known < 0) {
		def *d = def_add(p->c, POLICY_STEP_LLM, span_of(p, s, ce - 1), p->s[p->cur].text);
		if (!d)
			return NULL;
		d->name = slice_of(p, s, ce - 1);
		d->key = key;
		d->type = POLICY_TYPE_BOOLEAN;
		d->strength = TYPE_DECLARED;
		d->sentence_index = p->cur;
		words_split(p->c->a, d->name, strlen(d->name), WORDS_CONTENT, &d->words);
		llm_spec *spec = new_spec(p, LLM_JUDGE, d->name, judgment_key(p, s, ce), 300);
		if (!spec)
			return NULL;
		d->llm = spec;
		gather_inputs(p, d, spec, s, ce);
		if (!d->nkeys && !spec->ndocuments && !p->trial && !p->declaring) {
			diag_error(p->c, d->sp,
			           "say what the model should read, e.g. '... described in the adjuster notes'",
			           "'%s' needs judgment, but names nothing to judge from", d->name);
			return NULL;
		}
		known = (int32_t)(d - p->c->defs);
	}
	*i = ce;
	expr *r = expr_ref(p->c, (uint32_t)known, span_of(p, s, ce - 1));
	if (r)
		r->text = slice_of(p, s, ce - 1);
	return r;
}

/* "Classify the claim as water, fire, theft or other based on the loss
 * description." Pass 1 names the term; pass 2 (classify_inputs) reads what
 * it is based on, when every term is known. */
bool declare_classification(parser *p, uint32_t i, uint32_t end, uint32_t *based)
{
	if (!is_w(p, i, end, "classify") && !is_w(p, i, end, "categorize") &&
	    !is_w(p, i, end, "categorise"))
		return false;
	uint32_t as = NONE;
	for (uint32_t k = i + 1; k < end; k++)
		if (is_w(p, k, end, "as") || is_w(p, k, end, "into")) {
			as = k;
			break;
		}
	if (as == NONE || as == i + 1)
		return false;
	uint32_t tail = end;
	static const char *const bases[] = { "based on", "using", "from", "according to", "by" };
	for (uint32_t k = as + 1; k < end && tail == end; k++)
		for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++)
			if (match(p, k, end, bases[b])) {
				tail = k;
				*based = k + (uint32_t)(strchr(bases[b], ' ') ? 2 : 1);
				break;
			}
	if (tail == end)
		*based = end;
	uint32_t of = i + 1;
	while (of < as && (is_w(p, of, as, "the") || is_w(p, of, as, "a") || is_w(p, of, as, "each")))
		of++;
	if (of >= as)
		return false;
	const char *object = slice_of(p, of, as - 1);
	buf name;
	buf_init(&name, &p->c->a->m);
	buf_printf(&name, "%s classification", object);
	const char *nm = buf_to_arena(&name, p->c->a);
	buf_release(&name);
	if (!nm)
		return false;
	def *d = def_add(p->c, POLICY_STEP_LLM, span_of(p, i, end - 1), p->s[p->cur].text);
	if (!d)
		return false;
	d->name = nm;
	d->key = words_key(p->c->a, nm, strlen(nm));
	d->alt_key = key_of(p, of, as);
	d->type = POLICY_TYPE_ENUM;
	d->strength = TYPE_DECLARED;
	d->sentence_index = p->cur;
	words_split(p->c->a, nm, strlen(nm), WORDS_CONTENT, &d->words);
	llm_spec *spec = new_spec(p, LLM_CLASSIFY, p->s[p->cur].text, "category", 200);
	if (!spec)
		return false;
	d->llm = spec;
	/* the choices: "water, fire, theft(,) or other" */
	uint32_t k = as + 1;
	while (k < tail) {
		while (k < tail && (is_punct(p, k, tail, ',') || is_w(p, k, tail, "or") ||
		                    is_w(p, k, tail, "and") || is_w(p, k, tail, "either")))
			k++;
		uint32_t e = k;
		while (e < tail && !is_punct(p, e, tail, ',') && !is_w(p, e, tail, "or") &&
		       !is_w(p, e, tail, "and"))
			e++;
		if (e == k)
			break;
		const char **c = arena_grow(p->c->a, spec->choices, spec->nchoices, spec->nchoices + 1,
		                            sizeof *c);
		if (!c) {
			p->c->nomem = true;
			return false;
		}
		c[spec->nchoices++] = p->tk[k].kind == T_QUOTED && e == k + 1 ? p->tk[k].low
		                                                             : slice_of(p, k, e - 1);
		spec->choices = c;
		k = e;
	}
	if (spec->nchoices < 2) {
		diag_error(p->c, d->sp, "list the classes, e.g. 'as water, fire, theft or other'",
		           "a classification needs at least two classes");
		return false;
	}
	d->used = true; /* its value is in the decision's trail even if no rule reads it */
	return true;
}

void classification_inputs(parser *p, def *d, uint32_t based, uint32_t end)
{
	if (based >= end) {
		diag_error(p->c, d->sp, "add what it is based on, e.g. '... based on the loss description'",
		           "the model needs something to classify from");
		return;
	}
	gather_inputs(p, d, d->llm, based, end);
	if (!d->nkeys && !d->llm->ndocuments)
		diag_error(p->c, span_of(p, based, end - 1),
		           "name an extracted field or a document, e.g. 'the loss description'",
		           "I don't know what '%s' is", slice_of(p, based, end - 1));
}

/* "If the claimed amount cannot be read from the claim form, ask the model." */
bool model_fallback(parser *p, uint32_t i, uint32_t end)
{
	static const char *const cannot[] = { "cannot be read", "cannot be found", "cannot be extracted",
	                                      "cannot be determined", "can not be read", "is unreadable",
	                                      "is illegible", "is not legible", "cannot be located" };
	static const char *const ask[] = { "ask the model", "use the model", "ask the language model",
	                                   "ask the ai", "use the ai", "consult the model",
	                                   "query the model", "ask an llm", "use an llm", "ask the llm",
	                                   "use the llm", "let the model read it" };
	uint32_t c = NONE, clen = 0;
	for (uint32_t k = i; k < end && c == NONE; k++)
		for (size_t v = 0; v < sizeof cannot / sizeof cannot[0]; v++)
			if ((clen = match(p, k, end, cannot[v]))) {
				c = k;
				break;
			}
	if (c == NONE)
		return false;
	bool asks = false;
	for (uint32_t k = c; k < end && !asks; k++)
		for (size_t v = 0; v < sizeof ask / sizeof ask[0]; v++)
			if (match(p, k, end, ask[v]))
				asks = true;
	if (!asks)
		return false;
	int32_t d = resolve_np(p, i, c, POLICY_TYPE_NONE, true);
	if (d < 0)
		return true;
	def *x = &p->c->defs[d];
	if (x->kind != POLICY_STEP_EXTRACT) {
		diag_error(p->c, span_of(p, i, c - 1), "a model fallback applies to values read from forms",
		           "'%s' is not extracted from a document", x->name);
		return true;
	}
	x->llm_fallback = true;
	return true;
}
