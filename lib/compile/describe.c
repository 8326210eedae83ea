/*
 * Descriptive definitions: a term defined by what it is, not how to
 * compute it.
 *
 * Definitions sections of real policies describe the values the rules
 * read: '"Notice Date" means the date the worker first told the employer
 * about the injury, as shown on the first report of injury.' Nothing here
 * can be computed; the sentence says which value on the case's documents
 * the term names. When a definition's body cannot be read as a value and
 * starts with a kind of value ("the date ...", "the amount ...", "the
 * number ..."), the term is read from a document instead:
 *
 *   the document the body names   "as shown on the X", "as stated in the
 *                                 X", "on the X", "from the X"
 *   a source sentence after it    "All of these dates are taken from the
 *                                 claim file audit worksheet."
 *   the case's own document       when a trigger names one
 *
 * and otherwise the term is an input of the plan (inputs.c): read from the
 * case's facts or any document by its name, with a warning. The description itself is kept as the step's sentence, so inspect
 * and the trail show what the author meant by the term.
 */
#include <string.h>

#include "compile/classify.h"
#include "compile/describe.h"
#include "compile/mention.h"

static const struct {
	const char *noun;
	policy_type type;
} kinds[] = {
	{ "age", POLICY_TYPE_NUMBER }, { "amount", POLICY_TYPE_MONEY },
	{ "category", POLICY_TYPE_TEXT }, { "channel", POLICY_TYPE_TEXT },
	{ "method", POLICY_TYPE_TEXT }, { "reason", POLICY_TYPE_TEXT },
	{ "balance", POLICY_TYPE_MONEY }, { "code", POLICY_TYPE_TEXT },
	{ "cost", POLICY_TYPE_MONEY }, { "count", POLICY_TYPE_COUNT },
	{ "date", POLICY_TYPE_DATE }, { "day", POLICY_TYPE_DATE },
	{ "fee", POLICY_TYPE_MONEY }, { "income", POLICY_TYPE_MONEY },
	{ "limit", POLICY_TYPE_MONEY }, { "name", POLICY_TYPE_TEXT },
	{ "number", POLICY_TYPE_NUMBER }, { "percentage", POLICY_TYPE_PERCENT },
	{ "price", POLICY_TYPE_MONEY }, { "rate", POLICY_TYPE_PERCENT },
	{ "ratio", POLICY_TYPE_RATIO }, { "score", POLICY_TYPE_NUMBER },
	{ "status", POLICY_TYPE_TEXT }, { "sum", POLICY_TYPE_MONEY },
	{ "total", POLICY_TYPE_MONEY }, { "type", POLICY_TYPE_TEXT },
	{ "value", POLICY_TYPE_MONEY }, { "outcome", POLICY_TYPE_TEXT },
	{ "charge", POLICY_TYPE_MONEY }, { "payment", POLICY_TYPE_MONEY },
	{ "premium", POLICY_TYPE_MONEY }, { "deposit", POLICY_TYPE_MONEY },
	{ "salary", POLICY_TYPE_MONEY }, { "wage", POLICY_TYPE_MONEY },
	{ "length", POLICY_TYPE_NUMBER }, { "duration", POLICY_TYPE_NUMBER },
	{ "result", POLICY_TYPE_TEXT }, { "decision", POLICY_TYPE_TEXT },
	{ "determination", POLICY_TYPE_TEXT }, { "finding", POLICY_TYPE_TEXT },
	{ "rating", POLICY_TYPE_TEXT }, { "grade", POLICY_TYPE_TEXT },
	{ "level", POLICY_TYPE_TEXT }, { "class", POLICY_TYPE_TEXT },
	{ "share", POLICY_TYPE_PERCENT }, { "proportion", POLICY_TYPE_PERCENT },
};

/* The kind of value the body starts with ("the date ...", "the first day
 * of ...", "the highest total ..."): its noun within the first words, or
 * NONE. */
static policy_type kind_at(const parser *p, uint32_t i, uint32_t end)
{
	enum { KIND_WITHIN = 4 };
	if (!(is_w(p, i, end, "the") || is_w(p, i, end, "a") || is_w(p, i, end, "an")))
		return POLICY_TYPE_NONE;
	uint32_t within = i + KIND_WITHIN;
	for (uint32_t w = i + 1; w < end && w <= within; w++) {
		if (p->tk[w].kind != T_WORD || is_w(p, w, end, "of"))
			return POLICY_TYPE_NONE;
		size_t wl = strlen(p->tk[w].low);
		if (w == i + 1 && wl > 2 && !strcmp(p->tk[w].low + wl - 2, "'s"))
			within++; /* "the applicant's average gross monthly income" */
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
			if (is_w(p, w, end, kinds[k].noun))
				return kinds[k].type;
	}
	return POLICY_TYPE_NONE;
}

/* "as shown on the X", "as stated in the X", "on the X", "from the X" at
 * the end of the body: X, as written. */
static const char *body_document(parser *p, uint32_t i, uint32_t end)
{
	static const char *const leads[] = {
		"as shown on", "as shown in", "as stated on", "as stated in", "as reported on",
		"as reported in", "as recorded on", "as recorded in", "as printed on", "as entered on",
		"as listed on", "as listed in", "as named on", "as named in", "as stamped on",
		"as carried on", "as coded on", "shown on", "stated on", "recorded on", "on", "from",
	};
	for (uint32_t k = end; k-- > i + 2;) {
		for (size_t v = 0; v < sizeof leads / sizeof leads[0]; v++) {
			uint32_t n = match(p, k, end, leads[v]);
			if (!n || k + n >= end)
				continue;
			if (k > 0 && is_punct(p, k - 1, end, ',') && v >= sizeof leads / sizeof leads[0] - 2)
				continue; /* ", from the claimant": who, not where */
			uint32_t f = skip_articles(p, k + n, end);
			if (f >= end)
				continue;
			bool words = true;
			for (uint32_t t = f; t < end; t++)
				if (p->tk[t].kind != T_WORD && !(p->tk[t].kind == T_PUNCT &&
				                                   p->tk[t].punct == '-'))
					words = false;
			if (!words)
				return NULL;
			const char *doc = slice_of(p, f, end - 1);
			for (uint32_t d = 0; d < p->c->ndocs; d++)
				if (!strcmp(p->c->docs[d], doc))
					return doc;
			/* a document the policy has not named yet: only after "as
			 * shown on" and the like, not a bare "on" or "from" */
			if (v < sizeof leads / sizeof leads[0] - 2)
				return doc;
		}
	}
	return NULL;
}

/* "All of these dates are taken from the claim file audit worksheet." in
 * the same section after the definition: its document, and the sentence
 * is marked read. */
static const char *source_sentence(parser *p, uint32_t si)
{
	const sentence *def_s = &p->s[si];
	uint32_t saved = p->cur;
	const char *doc = NULL;
	for (uint32_t k = si + 1; k < p->ns && k < si + 40 && !doc; k++) {
		sentence *s = &p->s[k];
		if (s->section != def_s->section && !(s->parent != NONE &&
		                                      p->s[s->parent].section == def_s->section))
			break;
		sentence_select(p, k);
		uint32_t end = s->n, j = 0;
		if (match(p, j, end, "all of these") || match(p, j, end, "all of the above"))
			j += 3;
		else if (is_w(p, j, end, "these") || is_w(p, j, end, "all") || is_w(p, j, end, "both"))
			j++;
		else
			continue;
		while (j < end && !is_w(p, j, end, "are") && !is_w(p, j, end, "come"))
			j++;
		if (is_w(p, j + 1, end, "also"))
			cut_tokens(p, j + 1, 1), end--; /* "both are also taken from ..." */
		uint32_t n = match(p, j, end, "are taken from");
		if (!n)
			n = match(p, j, end, "are read from");
		if (!n)
			n = match(p, j, end, "come from");
		if (!n)
			n = match(p, j, end, "are shown on");
		if (!n)
			continue;
		uint32_t f = skip_articles(p, j + n, end);
		bool words = f < end;
		for (uint32_t t = f; t < end && words; t++)
			words = p->tk[t].kind == T_WORD; /* not "..., as is the code billed" */
		if (!words)
			continue;
		doc = slice_of(p, f, end - 1);
		take_words(p, 0, end);
		s->done = true;
		s->described = true;
	}
	sentence_select(p, saved);
	return doc;
}

/* The noun after the article at i names a document, not a value. */
static bool document_head(const parser *p, uint32_t i, uint32_t end)
{
	return is_document_noun(tw(p, i + 1)) || is_w(p, i + 1, end, "bundle") ||
	       is_w(p, i + 1, end, "set") || is_w(p, i + 1, end, "packet");
}

/* "the officer who approves the exception", "the associate that enters
 * the wire": a noun of at most three words and a relative clause. */
static bool described_by_relative(const parser *p, uint32_t i, uint32_t end)
{
	enum { MAX_NOUN_WORDS = 3 };
	if (!(is_w(p, i, end, "the") || is_w(p, i, end, "a") || is_w(p, i, end, "an")))
		return false;
	if (document_head(p, i, end))
		return false; /* "the bundle of papers by which ...": a document */
	for (uint32_t k = i + 2; k < end && k <= i + 1 + MAX_NOUN_WORDS; k++) {
		if (p->tk[k].kind != T_WORD)
			return false;
		if (is_w(p, k, end, "who") || is_w(p, k, end, "that") || is_w(p, k, end, "which") ||
		    is_w(p, k, end, "whose"))
			return k + 1 < end;
	}
	return false;
}

bool describes_a_value(const parser *p, uint32_t i, uint32_t end)
{
	return kind_at(p, i, end) != POLICY_TYPE_NONE || described_by_relative(p, i, end);
}

bool definition_describes(parser *p, const sentence *s)
{
	uint32_t i = s->body_first, end = s->n;
	if (describes_a_value(p, i, end) || body_document(p, i, end))
		return true;
	for (uint32_t n = 0; n < s->nnotes; n++)
		if (!s->notes[n].lookup)
			return true; /* ", as shown on the cash report," */
	return false;
}

/* "the person to whom the reimbursement is paid", "the drug the
 * prescriber has selected", "the business entity or individual named as
 * borrower", "the round-trip distance for the trip as computed by the
 * mapping tool": someone or something a document names, described by a
 * relative clause or a participle, with nothing in it a rule could test
 * and nothing to compute ("the lesser of ..."). */
static bool describes_a_name(parser *p, uint32_t i, uint32_t end)
{
	enum { MAX_NOUN_WORDS = 8 };
	static const char *const participles[] = {
		"named", "selected", "designated", "listed", "identified", "shown", "chosen",
		"appointed", "computed", "calculated", "determined", "assigned", "reported",
		"recorded", "issued", "stamped", "entered",
	};
	static const char *const computing[] = {
		"lesser", "greater", "smaller", "larger", "higher", "lower", "sum", "difference",
		"product", "average", "mean", "maximum", "minimum", "number", "total", "ratio",
		"quotient", "combined", "aggregate",
	};
	if (!is_w(p, i, end, "the") || holds_a_test(p, i, end))
		return false;
	for (size_t v = 0; v < sizeof computing / sizeof computing[0]; v++)
		if (is_w(p, i + 1, end, computing[v]))
			return false;
	for (uint32_t k = i; k < end; k++) {
		op_match m;
		if (op_at(p, k, end, true, &m) && m.kind == PK_CMP)
			return false; /* "a price above the appraised value" compares */
	}
	if (document_head(p, i, end))
		return false; /* "the bundle of papers by which ...": a document */
	for (uint32_t k = i + 2; k < end && k <= i + 1 + MAX_NOUN_WORDS; k++) {
		if (p->tk[k].kind != T_WORD)
			return false;
		if (is_w(p, k, end, "who") || is_w(p, k, end, "whom") || is_w(p, k, end, "that") ||
		    is_w(p, k, end, "which") ||
		    ((is_w(p, k, end, "to") || is_w(p, k, end, "for") || is_w(p, k, end, "by")) &&
		     is_w(p, k + 1, end, "whom")))
			return k + 1 < end;
		for (size_t v = 0; v < sizeof participles / sizeof participles[0]; v++)
			if (is_w(p, k, end, participles[v]))
				return k + 1 < end;
		size_t wl = strlen(p->tk[k].low);
		if (wl > 4 && !strcmp(p->tk[k].low + wl - 2, "ed") && k + 1 < end &&
		    (is_w(p, k + 1, end, "to") || is_w(p, k + 1, end, "by") ||
		     is_w(p, k + 1, end, "on") || is_w(p, k + 1, end, "in") ||
		     is_w(p, k + 1, end, "for") || is_w(p, k + 1, end, "from")))
			return true; /* "the copayment applied to the claim" */
		if (is_w(p, k, end, "the") && !is_w(p, k - 1, end, "of") && !is_w(p, k - 1, end, "for") &&
		    !is_w(p, k - 1, end, "on") && !is_w(p, k - 1, end, "in")) {
			/* "the drug the prescriber has selected": a clause with its verb */
			for (uint32_t j = k + 2; j < end && j <= k + 4; j++)
				if (is_aux_word(p->tk[j].low))
					return true;
			return false;
		}
	}
	return false;
}

bool describe_definition(parser *p, sentence *s, def *d)
{
	uint32_t i = s->body_first, end = s->n;
	for (uint32_t k = i; k < end; k++)
		if (is_arith_word(p, k, end) || match(p, k, end, "number of") ||
		    match(p, k, end, "whole years") || match(p, k, end, "whole days") ||
		    match(p, k, end, "whole months") || match(p, k, end, "time from") ||
		    match(p, k, end, "time between"))
			return false; /* "the loan amount divided by the appraised value, ...",
			                 "the number of whole years from the date of birth
			                 ...": a computation whose reading failed, never a
			                 value read from a document */
	policy_type kind = kind_at(p, i, end);
	bool named = false;
	if (kind == POLICY_TYPE_NONE && !d->is_predicate && describes_a_name(p, i, end)) {
		kind = POLICY_TYPE_TEXT;
		named = true;
	}
	if (kind == POLICY_TYPE_NONE)
		return false;
	const char *doc = body_document(p, i, end);
	for (uint32_t n = 0; !doc && n < s->nnotes; n++)
		if (!s->notes[n].lookup)
			doc = s->notes[n].source; /* ", as shown on the X," cut out (sentences.c) */
	if (!doc)
		doc = s->src_doc;
	if (!doc)
		doc = source_sentence(p, p->cur);
	if (!doc)
		doc = p->c->trigger_doc;
	if (doc && !doc_note(p->c, doc))
		return true;
	/* no document named anywhere: an input, read from the case's facts or
	 * any document by its name, with the warning every input gets */
	d->kind = POLICY_STEP_EXTRACT;
	d->doc = doc;
	d->unsourced = doc == NULL;
	d->near = -1;
	if (d->strength < TYPE_NAME || d->type == POLICY_TYPE_NONE) {
		d->type = kind;
		d->strength = TYPE_NAME;
	}
	d->body_parsed = true;
	d->described_name = named;
	for (uint32_t k = i; k + 1 < end; k++)
		if (is_w(p, k, end, "if") && is_w(p, k + 1, end, "any"))
			d->may_be_absent = true; /* "the reason code, if any, that ..." */
	take_words(p, i, end - i);
	return true;
}
