/*
 * Yes/no statements about the case, read as facts.
 *
 *   statement := subject [negation] verb rest
 *   subject   := [determiner] up to four words, "'s" allowed
 *   negation  := does not | do not | did not | has not | have not |
 *                had not | was not | were not | is not | never
 *
 * Real policies test things no value names: "the firm has sued a client
 * for unpaid fees", "the worker's supervisor witnessed the accident", "the
 * statement discloses an employee relationship". When no comparison,
 * term, judgment or other atom reads such a clause, it is a yes/no input of
 * the plan named by the statement in the affirmative ("firm has sued a
 * client for unpaid fees"): read like any input the policy does not source
 * (inputs.c), from the case's facts by that name or from a document line
 * whose label says it ("Has the firm ever sued a client for unpaid fees?
 * No"), and missing otherwise, so the decision fails naming it. The
 * compiler warns, so the author sees the reading.
 *
 * Not a statement, so still an error: a clause with a number, a
 * comparison or a judgment word (those have readings of their own, and
 * a failure there is a real misreading); a verb about the policy itself
 * ("qualifies", "applies", "meets", "fails", "satisfies"): those name
 * rules, not facts; and the case undergoing an action the policy has
 * already stated ("the application was declined" after "decline the
 * application"): that is the action.
 */
#include <string.h>
#include <strings.h>

#include "base/words.h"
#include "compile/inputs.h"
#include "compile/mention.h"
#include "compile/passive.h"
#include "compile/phrases.h"
#include "compile/statement.h"

enum { MAX_SUBJECT_WORDS = 4, MAX_STATEMENT_WORDS = 16 };

static bool word_in(const char *w, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w, v[i]))
			return true;
	return false;
}

#define WORD_IN(w, v) word_in(w, v, sizeof v / sizeof v[0])

/* Verbs that refer to the policy's own rules, never to a fact. */
static bool rule_verb(const char *w)
{
	static const char *const v[] = {
		"apply", "applies", "applied", "comply", "complies", "complied", "fail", "fails",
		"failed", "meet", "meets", "met", "pass", "passes", "passed", "qualify", "qualifies",
		"qualified", "satisfy", "satisfies", "satisfied", "exceed", "exceeds", "exceeded",
		"equal", "equals", "equaled", "total", "totals", "totaled",
	};
	return WORD_IN(w, v);
}

/* The past tense of a verb after "did not": "have" -> "had", else by
 * rule. */
static const char *past_of(const char *w)
{
	static const char *const irregular[][2] = {
		{ "have", "had" },   { "be", "was" },       { "know", "knew" },   { "see", "saw" },
		{ "make", "made" },  { "give", "gave" },    { "take", "took" },   { "hold", "held" },
		{ "pay", "paid" },   { "send", "sent" },    { "tell", "told" },   { "get", "got" },
		{ "keep", "kept" },  { "sign", "signed" },  { "find", "found" },  { "file", "filed" },
		{ "do", "did" },     { "sell", "sold" },    { "buy", "bought" },  { "lose", "lost" },
	};
	for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++)
		if (!strcmp(w, irregular[i][0]))
			return irregular[i][1];
	return NULL;
}

/* Whether `w` reads as a finite verb after a subject: "has", "holds",
 * "witnessed", "sued", "knew". */
static bool finite_verb(const char *w)
{
	static const char *const irregular[] = {
		"has", "have", "had", "holds", "held", "knew", "knows", "saw", "sees", "made",
		"makes", "gave", "gives", "took", "takes", "paid", "pays", "sent", "sends", "told",
		"tells", "got", "gets", "kept", "keeps", "found", "finds", "sold", "sells", "bought",
		"buys", "lost", "loses", "owns", "owned", "serves", "served", "uses", "used",
		"was", "were", "contains", "contain", "involves", "involve", "requests",
	};
	if (WORD_IN(w, irregular))
		return true;
	size_t n = strlen(w);
	return n > 4 && !strcmp(w + n - 2, "ed");
}

/* A verb in -s, told from a plural noun by the determiner after it:
 * "discloses an employee relationship", "lists a co-owner". */
static bool present_verb(const parser *p, uint32_t k, uint32_t end)
{
	const char *w = p->tk[k].low;
	size_t n = strlen(w);
	if (n < 4 || w[n - 1] != 's' || w[n - 2] == 's' || w[n - 2] == 'u' || w[n - 2] == 'i')
		return false;
	return is_w(p, k + 1, end, "a") || is_w(p, k + 1, end, "an") || is_w(p, k + 1, end, "the") ||
	       is_w(p, k + 1, end, "any") || is_w(p, k + 1, end, "its") ||
	       is_w(p, k + 1, end, "their");
}

/* The policy's document the subject ending before v names by its head
 * word ("the receipt", "the CLUE report"), or NULL. */
static const char *names_a_document(parser *p, uint32_t v)
{
	const char *head = p->tk[v - 1].low;
	char one[64];
	size_t n = word_singular(head, strlen(head), one, sizeof one);
	if (!n || n >= sizeof one)
		return NULL;
	for (uint32_t d = 0; d < p->c->ndocs; d++) {
		const char *doc = p->c->docs[d];
		const char *last = strrchr(doc, ' ');
		last = last ? last + 1 : doc;
		if (!strcmp(last, one))
			return doc;
	}
	return NULL;
}

/* "or more" after a count is part of it, not a second clause. */
static bool or_more(const parser *p, uint32_t k, uint32_t end)
{
	uint32_t cl;
	return k > 0 && (p->tk[k - 1].kind == T_QUANTITY || count_at(p, k - 1, end, &cl) >= 0) &&
	       (match(p, k, end, "or more") || match(p, k, end, "or fewer") ||
	        match(p, k, end, "or less") || match(p, k, end, "or greater"));
}

/* Verbs by which a document says something: "shows", "reports"; the
 * plain forms ("show") only after a relative pronoun ("invoices that show
 * ..."), where they cannot be the document's own noun ("the report"). */
static bool says_verb(const char *w, bool plain)
{
	static const char *const v[] = {
		"contain", "contained", "contains", "discloses", "disclosed", "lists", "listed", "notes",
		"noted", "recorded", "records", "reported", "reports", "showed", "shows", "stated",
		"states",
	};
	static const char *const plain_forms[] = { "disclose", "list", "note", "record", "report",
		                                   "show", "state" };
	return WORD_IN(w, v) || (plain && WORD_IN(w, plain_forms));
}

bool policy_acts(const parser *p, const char *verb, bool before)
{
	for (uint32_t d = 0; d < p->c->ndefs; d++)
		if (p->c->defs[d].kind == POLICY_STEP_ACTION && p->c->defs[d].verb &&
		    !strcasecmp(p->c->defs[d].verb, verb) &&
		    (!before || p->c->defs[d].sentence_index < p->cur))
			return true;
	return false;
}

/* Whether `w` reads as a past participle: "initiated", "known". */
static bool past_participle(const char *w)
{
	static const char *const irregular[] = {
		"born", "bought", "done", "found", "given", "held", "kept", "known", "lost", "made",
		"paid", "seen", "sent", "shown", "sold", "taken", "told", "written",
	};
	size_t n = strlen(w);
	return (n > 4 && !strcmp(w + n - 2, "ed")) || WORD_IN(w, irregular);
}

/* The subject [s, v): a short noun phrase, no clause or stop word. */
static bool subject_words(const parser *p, uint32_t s, uint32_t v)
{
	uint32_t a = s;
	if (a < v && (is_w(p, a, v, "the") || is_w(p, a, v, "a") || is_w(p, a, v, "an") ||
	              is_w(p, a, v, "any") || is_w(p, a, v, "each") || is_w(p, a, v, "its") ||
	              is_w(p, a, v, "their")))
		a++;
	if (a >= v || v - a > MAX_SUBJECT_WORDS)
		return false;
	for (uint32_t k = a; k < v; k++) {
		const token *t = &p->tk[k];
		if (t->kind != T_WORD || is_aux_word(t->low) || is_np_stop_word(t->low) ||
		    is_judgment_word(t->low) || finite_verb(t->low))
			return false;
	}
	return true;
}

/* "promptly", "unreasonably": how something was done is a judgment. */
static bool manner_adverb(const char *w)
{
	static const char *const not_adverbs[] = {
		"daily", "early", "elderly", "family", "likely", "monthly", "only", "quarterly",
		"supply", "weekly", "yearly", "assembly", "apply", "reply", "rely", "ally",
	};
	size_t n = strlen(w);
	return n > 4 && !strcmp(w + n - 2, "ly") && !WORD_IN(w, not_adverbs);
}

/* Words of the rest [a, b): no number, comparison or judgment. */
static bool plain_rest(parser *p, uint32_t a, uint32_t b)
{
	for (uint32_t k = a; k < b; k++) {
		const token *t = &p->tk[k];
		if (t->kind == T_QUANTITY)
			return false;
		if (t->kind != T_WORD)
			continue;
		if (is_judgment_word(t->low) || rule_verb(t->low) || manner_adverb(t->low) ||
		    is_aux_word(t->low))
			return false; /* a second verb: "the body part injured is one of" */
		static const char *const comparison_words[] = {
			"above", "after", "before", "below", "between", "equal", "equals", "exceed",
			"exceeded", "exceeding", "exceeds", "fewer", "greater", "higher", "least", "less",
			"lower", "more", "most", "over", "than", "under",
		};
		if (WORD_IN(t->low, comparison_words))
			return false;
	}
	return true;
}

/* The statement's name in the affirmative: the words [s, b) but the
 * relative pronoun at `skip` (NONE if none), with the negation dropped and
 * the verb after it put back in tense. */
static char *affirmative(parser *p, uint32_t s, uint32_t b, uint32_t skip, uint32_t neg,
                         uint32_t neg_len)
{
	buf out;
	mem m = p->c->a->m;
	buf_init(&out, &m);
	uint32_t a = s;
	if (is_w(p, a, b, "the") || is_w(p, a, b, "a") || is_w(p, a, b, "an"))
		a++;
	for (uint32_t k = a; k < b; k++) {
		const token *t = &p->tk[k];
		if (neg_len && k >= neg && k < neg + neg_len) {
			/* "does not have" -> "has", "did not know" -> "knew" */
			const char *aux = p->tk[neg].low;
			if (!strcmp(aux, "does") || !strcmp(aux, "did")) {
				k = neg + neg_len;
				const char *w = p->tk[k].low, *past = past_of(w);
				if (out.len)
					buf_putc(&out, ' ');
				if (!strcmp(aux, "did")) {
					if (past)
						buf_puts(&out, past);
					else {
						size_t n = strlen(w);
						buf_puts(&out, w);
						buf_puts(&out, n && w[n - 1] == 'e' ? "d" : "ed");
					}
				} else if (!strcmp(w, "have")) {
					buf_puts(&out, "has");
				} else {
					buf_puts(&out, w);
					buf_putc(&out, 's');
				}
				continue;
			}
			if (strcmp(t->low, "not") && strcmp(t->low, "never") && strcmp(aux, "do")) {
				if (out.len)
					buf_putc(&out, ' ');
				buf_append(&out, t->text, t->len); /* "has" of "has not" */
			}
			continue;
		}
		if (t->kind == T_PUNCT || k == skip)
			continue;
		if (out.len)
			buf_putc(&out, ' ');
		buf_append(&out, t->text, t->len);
	}
	char *name = buf_to_arena(&out, p->c->a);
	buf_release(&out);
	if (!name)
		p->c->nomem = true;
	return name;
}

/* The negation at v, if any: its length in words. */
static uint32_t negation_at(const parser *p, uint32_t v, uint32_t end)
{
	static const char *const forms[] = {
		"does not", "do not", "did not", "has not", "have not", "had not", "was not",
		"were not", "is not", "has never", "have never", "had never", "never",
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		uint32_t n = match(p, v, end, forms[i]);
		if (n)
			return n;
	}
	return 0;
}

/* "at least two", "more than one", "3 or more": the comparison and count at
 * k, with *k after them; false if there is none. */
static bool count_phrase(const parser *p, uint32_t *k, uint32_t b, cmp_op *cmp, int64_t *n,
                         uint32_t *first)
{
	op_match m;
	uint32_t cl, at = *k;
	*first = at;
	if (op_at(p, at, b, true, &m) && m.kind == PK_CMP) {
		at += m.len;
		if ((*n = count_at(p, at, b, &cl)) < 0)
			return false;
		*cmp = m.negated ? cmp_negate(m.cmp) : m.cmp;
		*k = at + cl;
		return true;
	}
	if ((*n = count_at(p, at, b, &cl)) < 0)
		return false;
	at += cl;
	if (match(p, at, b, "or more") || match(p, at, b, "or greater")) {
		*cmp = CMP_GE;
		at += 2;
	} else if (match(p, at, b, "or fewer") || match(p, at, b, "or less")) {
		*cmp = CMP_LE;
		at += 2;
	} else {
		*cmp = CMP_EQ;
	}
	*k = at;
	return true;
}

/* "the CLUE report shows 3 or more paid losses in the past 3 years": the
 * number of paid losses in the past 3 years on that document, compared;
 * "the statement discloses an employee relationship": whether the document
 * shows one (a yes/no value of the document, named by the thing). `doc`
 * is NULL for a document the policy names nowhere else: the value is then
 * an input read from any document (inputs.c). */
/* Words that start no mass noun: "neither a license number nor ...". */
static bool quantifier_word(const char *w)
{
	static const char *const v[] = { "the", "this", "that", "these", "those", "its", "their",
	                                  "no", "not", "neither", "either", "both", "all", "each",
	                                  "every", "some", "one", "none" };
	return WORD_IN(w, v);
}

static expr *document_says(parser *p, uint32_t *i, uint32_t s, uint32_t verb, uint32_t b,
                           const char *doc)
{
	uint32_t k = verb + 1, first;
	cmp_op cmp = CMP_EQ;
	int64_t n = 0;
	policy_type type = POLICY_TYPE_BOOLEAN;
	const char *prefix = "";
	if (is_w(p, k, b, "that")) {
		/* "the report shows that a transaction was abandoned ...": the
		 * yes/no value of that name, or that statement read from it */
		uint32_t tl;
		int32_t d = match_term(p, k + 1, b, true, &tl);
		if (d >= 0 && k + 1 + tl == b) {
			expr *e = expr_ref(p->c, (uint32_t)d, span_of(p, k + 1, b - 1));
			if (!e)
				return NULL;
			e->text = p->c->defs[d].name;
			take_words(p, s, b - s);
			*i = b;
			return e;
		}
		return NULL;
	}
	if (count_phrase(p, &k, b, &cmp, &n, &first)) {
		type = POLICY_TYPE_COUNT;
		prefix = "number of ";
	} else if (is_w(p, k, b, "a") || is_w(p, k, b, "an") || is_w(p, k, b, "any")) {
		k++;
	} else if (k >= b || p->tk[k].kind != T_WORD || quantifier_word(p->tk[k].low)) {
		return NULL; /* a mass noun stays: "contains confidential information" */
	}
	if (k >= b || parser_quiet(p))
		return NULL;
	uint32_t known_len;
	int32_t known = type == POLICY_TYPE_BOOLEAN ? match_term(p, k, b, false, &known_len) : -1;
	if (known >= 0 && k + known_len == b) {
		/* "invoices that show a purchase order number": the value is there */
		expr *r = expr_ref(p->c, (uint32_t)known, span_of(p, k, b - 1));
		expr *m = r ? expr_unary(p->c, E_MISSING, r, span_of(p, s, b - 1)) : NULL;
		if (!m)
			return NULL;
		m->type = POLICY_TYPE_BOOLEAN;
		m->text = slice_of(p, s, b - 1);
		take_words(p, s, b - s);
		*i = b;
		return expr_not(p->c, m);
	}
	for (uint32_t w = k; w < b; w++) {
		/* a window belongs to the name: "in the past 3 years" */
		bool window = w > k && p->tk[w].kind == T_QUANTITY &&
		              (is_w(p, w - 1, b, "past") || is_w(p, w - 1, b, "last"));
		const char *x = p->tk[w].low;
		if (!window && (p->tk[w].kind != T_WORD || is_judgment_word(x) || rule_verb(x) ||
		                manner_adverb(x) || is_aux_word(x)))
			return NULL;
	}
	const char *thing = slice_of(p, k, b - 1);
	size_t pl = strlen(prefix), tl = thing ? strlen(thing) : 0;
	char *name = thing ? arena_alloc(p->c->a, pl + tl + 1) : NULL;
	if (!name) {
		p->c->nomem = true;
		return NULL;
	}
	memcpy(name, prefix, pl);
	memcpy(name + pl, thing, tl + 1);
	int32_t d = input_named(p, name, span_of(p, k, b - 1), type, doc);
	if (d < 0)
		return NULL;
	take_words(p, s, b - s);
	expr *e = expr_ref(p->c, (uint32_t)d, span_of(p, k, b - 1));
	if (!e)
		return NULL;
	e->text = p->c->defs[d].name;
	if (type == POLICY_TYPE_COUNT) {
		expr *c = expr_const(p->c, value_count(n), span_of(p, first, k - 1),
		                     slice_of(p, first, k - 1));
		e = c ? expr_cmp(p->c, cmp, e, c, span_of(p, s, b - 1), slice_of(p, verb, k - 1))
		      : NULL;
	}
	if (e)
		*i = b;
	return e;
}

/* The statement whose subject is [s, subj_end) and whose verb group starts
 * at v (v == subj_end, or after a relative pronoun), ending at b. */
static expr *statement_at(parser *p, uint32_t *i, uint32_t s, uint32_t subj_end, uint32_t v,
                          uint32_t b)
{
	uint32_t neg_len = negation_at(p, v, b);
	bool relative = subj_end < v;
	bool passive = (is_w(p, v, b, "is") || is_w(p, v, b, "are")) && v + 1 < b &&
	               past_participle(p->tk[v + 1].low);
	if (!neg_len && !passive &&
	    !(p->tk[v].kind == T_WORD &&
	      (finite_verb(p->tk[v].low) || says_verb(p->tk[v].low, relative) ||
	       present_verb(p, v, b))))
		return NULL;
	if (!subject_words(p, s, subj_end))
		return NULL;
	uint32_t tl, f = skip_articles(p, s, subj_end);
	if (match_term(p, f, subj_end, false, &tl) >= 0 && f + tl == subj_end)
		return NULL; /* "the screening status is cleared": that term compared */
	uint32_t verb = v + neg_len;
	/* the word that says what happened: after "is", "was" ("is attached") */
	bool be = is_w(p, v, b, "is") || is_w(p, v, b, "are") || is_w(p, v, b, "was") ||
	          is_w(p, v, b, "were");
	uint32_t content = !neg_len && be ? v + 1 : verb;
	op_match m;
	if (be && op_at(p, v, b, true, &m) && m.kind != PK_PRESENT &&
	    !(m.kind == PK_EQ && m.len == 1 + (uint32_t)neg_len))
		return NULL; /* "is classified as water", "is not one of": comparisons */
	const char *doc = names_a_document(p, subj_end);
	bool document = doc || is_document_noun(p->tk[subj_end - 1].low);
	if (document && !neg_len && verb + 1 < b && says_verb(p->tk[verb].low, relative))
		return document_says(p, i, s, verb, b, doc);
	if (document ||
	    (content < b && is_presence_word(p->tk[content].low) &&
	     (content + 1 == b || is_aux_word(p->tk[content - 1].low))))
		return NULL; /* "a receipt is attached": the document (atoms.c) */
	if (verb >= b || p->tk[verb].kind != T_WORD || rule_verb(p->tk[verb].low) ||
	    (neg_len && verb + 1 >= b) || !plain_rest(p, verb + 1, b))
		return NULL;
	if (is_w(p, v, b, "was") || is_w(p, v, b, "were") || is_w(p, v, b, "is") ||
	    is_w(p, v, b, "are")) {
		/* "the transfer was initiated abroad": a state; but an action of
		 * the policy ("was declined") is the action, not a fact */
		uint32_t part = neg_len ? verb : verb + 1;
		const char *w = part < b ? p->tk[part].low : "";
		const char *pv = part < b ? participle_verb(p, w) : NULL;
		if ((pv && policy_acts(p, pv, false)) || !past_participle(w))
			return NULL; /* "is not one of ...": a comparison */
		if (!neg_len && !plain_rest(p, part + 1, b))
			return NULL;
	}
	/* A term of the policy among the words: the author means the term, and
	 * a reading that misses it is no reading. */
	for (uint32_t k = verb + 1; k < b; k++)
		if (p->tk[k].kind == T_WORD && match_term(p, k, b, false, &tl) >= 0)
			return NULL;
	if (parser_quiet(p))
		return NULL;
	char *name = affirmative(p, s, b, subj_end < v ? subj_end : NONE, v, neg_len);
	if (!name)
		return NULL;
	int32_t d = input_named(p, name, span_of(p, s, b - 1), POLICY_TYPE_BOOLEAN, NULL);
	if (d < 0)
		return NULL;
	take_words(p, s, b - s);
	expr *e = expr_ref(p->c, (uint32_t)d, span_of(p, s, b - 1));
	if (!e)
		return NULL;
	e->text = slice_of(p, s, b - 1);
	*i = b;
	return neg_len ? expr_not(p->c, e) : e;
}

/* The end of a statement starting at s: the clause boundary, "3 or more"
 * kept whole; NONE if it runs too long. */
static uint32_t statement_end(const parser *p, uint32_t s, uint32_t end)
{
	uint32_t b = s;
	while (b < end && b - s < MAX_STATEMENT_WORDS &&
	       (!clause_boundary(p, b, end) || or_more(p, b, end)))
		b++;
	return b < end && !clause_boundary(p, b, end) ? NONE : b;
}

expr *statement_atom(parser *p, uint32_t *i, uint32_t end)
{
	uint32_t s = *i, b = statement_end(p, s, end);
	if (b == NONE || b - s < 3)
		return NULL;
	/* the verb: the first word after a short subject that is one */
	/* "no major derogatory event is reported ...": the statement denied */
	bool none = is_w(p, s, b, "no");
	uint32_t v = s + 1;
	for (; v < b && v <= s + MAX_SUBJECT_WORDS + 1; v++)
		if (negation_at(p, v, b) ||
		    (p->tk[v].kind == T_WORD && (finite_verb(p->tk[v].low) ||
		                                 says_verb(p->tk[v].low, false) ||
		                                 present_verb(p, v, b))) ||
		    ((is_w(p, v, b, "is") || is_w(p, v, b, "are")) && v + 1 < b &&
		     past_participle(p->tk[v + 1].low)))
			break;
	if (v >= b || v > s + MAX_SUBJECT_WORDS + 1)
		return NULL;
	if (p->tk[v - 1].kind == T_WORD && names_a_category(p->tk[v - 1].low) &&
	    (is_w(p, v, b, "is") || is_w(p, v, b, "are")))
		return NULL; /* "the license status is suspended": its value */
	if (!none)
		return statement_at(p, i, s, v, v, b);
	if (negation_at(p, v, b))
		return NULL; /* "no X is not ...": say it plainly */
	expr *e = statement_at(p, i, s + 1, v, v, b);
	if (e)
		take_words(p, s, 1);
	return e ? expr_not(p->c, e) : NULL;
}

expr *statement_relative(parser *p, uint32_t subject, uint32_t rel, uint32_t *i, uint32_t end)
{
	uint32_t b = statement_end(p, rel + 1, end);
	if (b == NONE || rel <= subject || b <= rel + 1)
		return NULL;
	expr *e = statement_at(p, i, subject, rel, rel + 1, b);
	return e;
}
