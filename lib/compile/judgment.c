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

/* Where a run of plain words that may name a document ends: "the adjuster
 * notes" in "described in the adjuster notes is ...". */
static uint32_t np_chunk_end(const parser *p, uint32_t k, uint32_t end)
{
	static const char *const stops[] = { "described", "reported", "for", "to", "with",
	                                     "in", "from", "on", "of", "based" };
	uint32_t e = k;
	while (e < end && p->tk[e].kind == T_WORD && !is_np_stop_word(p->tk[e].low) &&
	       !is_judgment_word(p->tk[e].low) && !is_aux_word(p->tk[e].low)) {
		bool stop = false;
		for (size_t v = 0; v < sizeof stops / sizeof stops[0] && !stop; v++)
			stop = !strcmp(p->tk[e].low, stops[v]);
		if (stop)
			break;
		e++;
	}
	return e;
}

/* The document a chunk [k, e) names ("the adjuster notes"), as written;
 * NULL if it names none. */
static const char *chunk_document(parser *p, uint32_t k, uint32_t e)
{
	uint32_t f = k;
	while (f < e && (is_w(p, f, e, "the") || is_w(p, f, e, "a") || is_w(p, f, e, "an")))
		f++;
	if (f >= e)
		return NULL;
	char *key = key_of(p, f, e);
	const char *doc = slice_of(p, f, e - 1);
	return key && (known_document(p, key) || doc_is_free_text(doc)) ? doc : NULL;
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
			uint32_t e = np_chunk_end(p, k, end);
			if (e > k) {
				const char *doc = chunk_document(p, k, e);
				if (doc)
					add_document(p, s, doc);
				k = e;
				continue;
			}
		}
		k++;
	}
}

/* ---- one meaning, one step ----
 *
 * "Confirm that the damage described in the adjuster notes is consistent
 * with the cause of loss." and "If the damage is not consistent with the
 * cause of loss, ..." ask the model one question. A judgment is known by
 * its core: its words without articles, auxiliaries, negations and the
 * documents it points into (with the words that lead to them, "described
 * in"), stemmed ("indicates" is "indicate"); "inconsistent" is "not
 * consistent". Two mentions with the same core are one step when their
 * documents agree (one names none, or both name the same): the mention
 * whose negations are odd against the step's question reads NOT of it.
 */

static const struct {
	const char *negative, *positive;
} antonyms[] = {
	{ "implausible", "plausible" },   { "inadequate", "adequate" },
	{ "incoherent", "coherent" },     { "incompatible", "compatible" },
	{ "inconsistent", "consistent" }, { "insufficient", "sufficient" },
	{ "unlikely", "likely" },         { "unreasonable", "reasonable" },
};

static bool is_lead_in(const char *w)
{
	static const char *const v[] = {
		"according", "as", "by", "contained", "described", "documented", "found", "from",
		"given", "in", "mentioned", "noted", "on", "recorded", "reported", "stated", "to",
		"within", "written",
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(w, v[i]))
			return true;
	return false;
}

typedef struct judgment_id {
	const char *core;    /* stemmed content words */
	bool negated;        /* an odd number of negations */
	const char **docs;   /* words_key of each document named */
	uint32_t ndocs;
} judgment_id;

static bool id_add_doc(parser *p, judgment_id *id, const char *doc)
{
	char *key = words_key(p->c->a, doc, strlen(doc));
	const char **v = key ? arena_grow(p->c->a, id->docs, id->ndocs, id->ndocs + 1, sizeof *v)
	                     : NULL;
	if (!v) {
		p->c->nomem = true;
		return false;
	}
	v[id->ndocs++] = key;
	id->docs = v;
	return true;
}

/* "the notes indicate that the damage is not severe" denies the severity,
 * not the indication: past "that" (or "whether"), a negation is a word of
 * the question. */
static bool opens_clause(const token *t)
{
	return t->kind == T_WORD && (!strcmp(t->low, "that") || !strcmp(t->low, "whether"));
}

/* One word of a judgment, for its core: NULL to leave it out. */
static const char *core_word(const token *t, bool embedded, bool *negated)
{
	if (t->kind == T_PUNCT)
		return NULL;
	if (t->kind != T_WORD)
		return t->low ? t->low : NULL;
	const char *w = t->low;
	if (!strcmp(w, "not") || !strcmp(w, "never") || !strcmp(w, "cannot")) {
		if (embedded)
			return "not";
		*negated = !*negated;
		return NULL;
	}
	if (is_aux_word(w) || !strcmp(w, "the") || !strcmp(w, "a") || !strcmp(w, "an") ||
	    !strcmp(w, "considered") || !strcmp(w, "deemed"))
		return NULL;
	for (size_t i = 0; i < sizeof antonyms / sizeof antonyms[0] && !embedded; i++)
		if (!strcmp(w, antonyms[i].negative)) {
			*negated = !*negated;
			return antonyms[i].positive;
		}
	return w;
}

static bool judgment_identify(parser *p, uint32_t s, uint32_t ce, judgment_id *id)
{
	memset(id, 0, sizeof *id);
	const char **words = arena_zalloc(p->c->a, (ce - s + 1) * sizeof *words);
	if (!words) {
		p->c->nomem = true;
		return false;
	}
	bool embedded = false;
	for (uint32_t k = s; k < ce;) {
		uint32_t tl;
		int32_t t = match_term(p, k, ce, false, &tl);
		if (t >= 0 && !p->c->defs[t].judge_core) {
			for (uint32_t j = k; j < k + tl; j++)
				words[j - s] = core_word(&p->tk[j], embedded, &id->negated);
			k += tl;
			continue;
		}
		uint32_t e = p->tk[k].kind == T_WORD && !is_np_stop_word(p->tk[k].low)
		                     ? np_chunk_end(p, k, ce) : k;
		const char *doc = e > k ? chunk_document(p, k, e) : NULL;
		if (doc) {
			if (!id_add_doc(p, id, doc))
				return false;
			for (uint32_t j = k; j > s && words[j - 1 - s] && is_lead_in(words[j - 1 - s]); j--)
				words[j - 1 - s] = NULL;
			k = e;
			continue;
		}
		if (e == k)
			e = k + 1;
		for (; k < e; k++) {
			embedded |= opens_clause(&p->tk[k]);
			words[k - s] = core_word(&p->tk[k], embedded, &id->negated);
		}
	}
	buf b;
	buf_init(&b, &p->c->a->m);
	for (uint32_t k = 0; k < ce - s; k++)
		if (words[k])
			buf_printf(&b, "%s%s", b.len ? " " : "", words[k]);
	wordlist w;
	bool ok = !buf_failed(&b) &&
	          words_split(p->c->a, b.data ? b.data : "", b.len, WORDS_CONTENT | WORDS_STEM, &w);
	buf_release(&b);
	if (!ok) {
		p->c->nomem = true;
		return false;
	}
	buf_init(&b, &p->c->a->m);
	for (size_t i = 0; i < w.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", w.w[i]);
	id->core = buf_to_arena(&b, p->c->a);
	buf_release(&b);
	if (!id->core)
		p->c->nomem = true;
	return id->core != NULL;
}

static bool doc_in(parser *p, const char *key, const char *const *docs, uint32_t n, bool keyed)
{
	for (uint32_t i = 0; i < n; i++) {
		const char *k = keyed ? docs[i] : words_key(p->c->a, docs[i], strlen(docs[i]));
		if (!k) {
			p->c->nomem = true;
			return false;
		}
		if (!strcmp(k, key))
			return true;
	}
	return false;
}

/* One names no document, or both name the same ones. */
static bool documents_agree(parser *p, const llm_spec *s, const judgment_id *id)
{
	if (!id->ndocs || !s->ndocuments)
		return true;
	for (uint32_t k = 0; k < id->ndocs; k++)
		if (!doc_in(p, id->docs[k], s->documents, s->ndocuments, false))
			return false;
	for (uint32_t i = 0; i < s->ndocuments; i++) {
		char *key = words_key(p->c->a, s->documents[i], strlen(s->documents[i]));
		if (!key) {
			p->c->nomem = true;
			return false;
		}
		if (!doc_in(p, key, id->docs, id->ndocs, true))
			return false;
	}
	return true;
}

static int32_t same_judgment(parser *p, const judgment_id *id)
{
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if (x->kind == POLICY_STEP_LLM && x->judge_core && x->llm &&
		    !strcmp(x->judge_core, id->core) && documents_agree(p, x->llm, id))
			return (int32_t)d;
	}
	return -1;
}

/* A verb after "does not" / "did not" as the affirmative says it:
 * "support" -> "supports" / "supported". */
static const char *inflect(parser *p, const char *aux, const char *verb)
{
	size_t n = strlen(verb);
	buf b;
	buf_init(&b, &p->c->a->m);
	bool y = n > 1 && verb[n - 1] == 'y' && !strchr("aeiou", verb[n - 2]);
	if (!strcmp(aux, "does")) {
		if (y)
			buf_printf(&b, "%.*sies", (int)(n - 1), verb);
		else if ((n && strchr("sxzo", verb[n - 1])) ||
		         (n > 1 && (verb[n - 1] == 'h') && strchr("sc", verb[n - 2])))
			buf_printf(&b, "%ses", verb);
		else
			buf_printf(&b, "%ss", verb);
	} else if (!strcmp(aux, "did")) {
		if (y)
			buf_printf(&b, "%.*sied", (int)(n - 1), verb);
		else
			buf_printf(&b, "%s%s", verb, n && verb[n - 1] == 'e' ? "d" : "ed");
	} else {
		buf_puts(&b, verb);
	}
	const char *out = buf_to_arena(&b, p->c->a);
	buf_release(&b);
	if (!out)
		p->c->nomem = true;
	return out;
}

/* The clause [s, ce) without its one negation (before any "that"), where
 * English allows it ("the damage is not consistent with X" -> "the damage
 * is consistent with X", "the notes do not indicate that ..." -> "the
 * notes indicate that ..."); NULL if it has none or more than one, or says
 * it otherwise. */
static const char *affirmative(parser *p, uint32_t s, uint32_t ce)
{
	uint32_t at = NONE;
	for (uint32_t k = s; k < ce && !opens_clause(&p->tk[k]); k++)
		if (is_w(p, k, ce, "not") || is_w(p, k, ce, "never") || is_w(p, k, ce, "cannot")) {
			if (at != NONE)
				return NULL;
			at = k;
		}
	if (at == NONE || at == s || !is_w(p, at, ce, "not") || at + 1 >= ce)
		return NULL;
	const char *aux = tw(p, at - 1);
	buf b;
	buf_init(&b, &p->c->a->m);
	if (!strcmp(aux, "do") || !strcmp(aux, "does") || !strcmp(aux, "did")) {
		if (p->tk[at + 1].kind != T_WORD || is_aux_word(p->tk[at + 1].low)) {
			buf_release(&b);
			return NULL;
		}
		if (at - 1 > s)
			buf_printf(&b, "%s ", slice_of(p, s, at - 2));
		const char *verb = inflect(p, aux, p->tk[at + 1].low);
		if (!verb) {
			buf_release(&b);
			return NULL;
		}
		buf_puts(&b, verb);
		if (at + 2 < ce)
			buf_printf(&b, " %s", slice_of(p, at + 2, ce - 1));
	} else if (is_aux_word(aux)) {
		buf_printf(&b, "%s %s", slice_of(p, s, at - 1), slice_of(p, at + 1, ce - 1));
	} else {
		buf_release(&b);
		return NULL;
	}
	const char *out = buf_to_arena(&b, p->c->a);
	buf_release(&b);
	if (!out)
		p->c->nomem = true;
	return out;
}

/* A words_key of a clause with auxiliaries dropped, like key_of. */
static char *clause_key(parser *p, const char *text)
{
	wordlist w;
	if (!words_split(p->c->a, text, strlen(text), 0, &w)) {
		p->c->nomem = true;
		return NULL;
	}
	buf b;
	buf_init(&b, &p->c->a->m);
	for (size_t i = 0; i < w.n; i++)
		if (!is_aux_word(w.w[i]) && strcmp(w.w[i], "considered") && strcmp(w.w[i], "deemed"))
			buf_printf(&b, "%s%s", b.len ? " " : "", w.w[i]);
	char *key = buf_failed(&b) ? NULL : words_key(p->c->a, b.data ? b.data : "", b.len);
	buf_release(&b);
	if (!key)
		p->c->nomem = true;
	return key;
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
	judgment_id id;
	if (!key || !judgment_identify(p, s, ce, &id))
		return NULL;
	int32_t known = term_find_key(p->c, key);
	if (known < 0)
		known = same_judgment(p, &id);
	bool negate = false;
	if (known < 0) {
		def *d = def_add(p->c, POLICY_STEP_LLM, span_of(p, s, ce - 1), p->s[p->cur].text);
		if (!d)
			return NULL;
		/* The step asks the affirmative question where English allows it;
		 * the denying mention reads its negation. */
		const char *yes = affirmative(p, s, ce);
		d->name = yes ? yes : slice_of(p, s, ce - 1);
		d->key = yes ? clause_key(p, yes) : key;
		if (!d->key)
			return NULL;
		d->judge_core = id.core;
		d->judge_negated = id.negated != (yes != NULL);
		negate = yes != NULL;
		d->type = POLICY_TYPE_BOOLEAN;
		d->strength = TYPE_DECLARED;
		d->sentence_index = p->cur;
		if (!words_split(p->c->a, d->name, strlen(d->name), WORDS_CONTENT, &d->words)) {
			p->c->nomem = true;
			return NULL;
		}
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
	} else if (p->c->defs[known].judge_core) {
		/* the same judgment again: what this mention names is read too */
		def *d = &p->c->defs[known];
		negate = d->judge_negated != id.negated;
		if (!parser_quiet(p))
			gather_inputs(p, d, d->llm, s, ce);
	}
	*i = ce;
	expr *r = expr_ref(p->c, (uint32_t)known, span_of(p, s, ce - 1));
	if (r)
		r->text = slice_of(p, s, ce - 1);
	return negate ? expr_not(p->c, r) : r;
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
