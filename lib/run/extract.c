/*
 * The built-in extractor and fact lookup (see extract.h).
 *
 * A document is text as OCR'd forms look: "Label: value" lines among
 * noise, form feeds between pages. To find a field we read every line,
 * take the lines that hold a label and a value, keep those whose value
 * parses as the field's type (value.h) and rank them by how well the label
 * names the field (words.h). The type is half the test: "Policy Number:
 * HO-4471-0932" is no candidate for a date however its label scores, and
 * "Estimator: M. Okafor" none for an amount.
 *
 * LINES AND CANDIDATES. lines.c reads the text as lines and each line as
 * label/value readings; lines that are not valid UTF-8 are noise.
 *
 * RANKING. Each label is scored against the field (label_score.h: its
 * words, abbreviations, acronyms, the synonym lexicon; 0..1000) and must
 * score at least EXTRACT_MIN_SCORE. The best score wins; the earliest line
 * breaks ties. If another candidate within TIE_MARGIN of the best has a
 * different value, there is no way to tell which one the policy means: the
 * answer is an error naming each such line with its score. Equal values (a
 * header repeated on every page) are fine. Finding the best and then its
 * rivals takes two passes; pass 1 also counts the values of labels whose
 * head noun names the field's kind, for the head rule (label_score.h),
 * which decides between them. When nothing is found, the field is tried
 * again without the words its document's name says ("Amount" on a
 * transaction record). The answer's evidence names the label, its score
 * and how it matched when the label is not the field word for word.
 *
 * PREPARED LABELS AND FIELDS. An execution prepares each document's
 * labels once (builtin_index, when it first reads the documents) and every
 * field is scored against them, pass 1's scores and parsed values kept for
 * pass 2 and the answer. A document of more than BUILTIN_INDEX_MAX
 * candidates, or one no execution read (a host or a test calling
 * builtin_extract on its own case), is read line by line for each pass, in
 * constant memory; both ways give the same bytes. A label the plan has
 * prepared before (for an earlier document: label_cache.h) is taken from
 * it. A field is prepared once
 * per plan (builtin_field_make: its words, its lexicon reading, its words
 * as written), and only what its document decides (the head rule) is
 * worked out for each call, on a copy.
 *
 * DOCUMENTS. The documents of the type are those whose words_key equals
 * the requested type's; if none does, a single document type that
 * words_match scores at least DOC_TYPE_MIN_SCORE ("application" for
 * "application form"). Without `each`, all documents of the type are
 * searched together (one value, whichever document holds it); with `each`,
 * every document answers for itself.
 *
 * FACTS. builtin_lookup matches the requested fact with the case's fact
 * names the same way, with a higher bar (FACT_MIN_SCORE), and parses the
 * fact's JSON scalar as the requested type.
 *
 * Memory: scratch arenas from the case's allocator, released as we go; the
 * answer is appended to the caller's buf.
 */
#include "run/extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/doc.h"
#include "base/json.h"
#include "base/text.h"
#include "base/value.h"
#include "base/words.h"
#include "run/label_cache.h"
#include "run/label_score.h"
#include "run/lines.h"

enum {
	EXTRACT_MIN_SCORE = WORDS_MATCH_LABEL,
	TIE_MARGIN = 30,
	/* Document types are names, like facts, but a policy often shortens
	 * them ("the application" for "application form"): a near-equal set. */
	DOC_TYPE_MIN_SCORE = 800,
	FACT_MIN_SCORE = WORDS_MATCH_NAME,
	/* Release the per-line scratch arena when it holds this much. */
	SCRATCH_MAX = 1 << 16
};

/* ---- messages ---- */

static const char *type_phrase(policy_type t)
{
	switch (t) {
	case POLICY_TYPE_MONEY: return "an amount of money";
	case POLICY_TYPE_NUMBER: return "a number";
	case POLICY_TYPE_PERCENT: return "a percentage";
	case POLICY_TYPE_RATIO: return "a ratio";
	case POLICY_TYPE_COUNT: return "a count";
	case POLICY_TYPE_DATE: return "a date";
	case POLICY_TYPE_DURATION: return "a duration";
	case POLICY_TYPE_BOOLEAN: return "yes or no";
	case POLICY_TYPE_TEXT:
	case POLICY_TYPE_ENUM: return "text";
	default: return "a value";
	}
}

/* {"key": "message"} */
static void answer_message(buf *reply, const char *key, const char *message, size_t len)
{
	json_writer w;
	jw_init(&w, reply, false);
	jw_begin_object(&w);
	jw_key(&w, key);
	jw_string_n(&w, message, len);
	jw_end_object(&w);
}

static bool answer_printf(buf *reply, const mem *m, const char *key, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static bool answer_printf(buf *reply, const mem *m, const char *key, const char *fmt, ...)
{
	buf msg;
	buf_init(&msg, m);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	bool ok = !buf_failed(&msg);
	if (ok)
		answer_message(reply, key, msg.data ? msg.data : "", msg.len);
	buf_release(&msg);
	return ok && !buf_failed(reply);
}

static bool valid_utf8(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80 && s[i] != '\0') {
			i++; /* ASCII, most bytes: no call */
			continue;
		}
		if (s[i] == '\0')
			return false;
		size_t n = text_utf8_len(s + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/* ---- values ---- */

static bool is_alpha_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

static bool ascii_ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

/* A ticked box: "[X]", "(x)", U+2612, U+2611, U+25A0. Returns its length. */
static size_t tick_at(const char *s, size_t i, size_t e)
{
	if (i + 3 <= e && (s[i] == '[' || s[i] == '(') && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
	    (s[i + 2] == ']' || s[i + 2] == ')'))
		return 3;
	if (i + 3 <= e && (memcmp(s + i, "\xE2\x98\x92", 3) == 0 ||
	                   memcmp(s + i, "\xE2\x98\x91", 3) == 0 ||
	                   memcmp(s + i, "\xE2\x96\xA0", 3) == 0))
		return 3;
	return 0;
}

/* "Yes" or "No" at s[i] as a whole word: 1 yes, 0 no, -1 neither. */
static int yes_no_at(const char *s, size_t i, size_t e)
{
	int answer = -1;
	size_t n = 0;
	if (i + 3 <= e && ascii_ieq(s + i, "yes", 3))
		answer = 1, n = 3;
	else if (i + 2 <= e && ascii_ieq(s + i, "no", 2))
		answer = 0, n = 2;
	if (answer < 0 || (i + n < e && is_alpha_byte(s[i + n])))
		return -1;
	return answer;
}

/* Check-box answers: "[X] Yes [ ] No" or "Yes [ ] No [X]". Exactly one of
 * the two must be ticked. */
static bool parse_checkboxes(const char *s, span v, bool *out)
{
	int found = -1;
	for (size_t i = v.b; i < v.e; i++) {
		size_t t = tick_at(s, i, v.e);
		if (!t)
			continue;
		size_t after = i + t;
		while (after < v.e && s[after] == ' ')
			after++;
		int a = yes_no_at(s, after, v.e);
		if (a < 0) { /* the mark after its word: "Yes [X]" */
			size_t before = i;
			while (before > v.b && s[before - 1] == ' ')
				before--;
			if (before >= v.b + 3 && yes_no_at(s, before - 3, v.e) == 1)
				a = 1;
			else if (before >= v.b + 2 && yes_no_at(s, before - 2, v.e) == 0)
				a = 0;
		}
		if (a < 0)
			continue;
		if (found >= 0 && found != a)
			return false;
		found = a;
	}
	if (found < 0)
		return false;
	*out = found == 1;
	return true;
}

static bool parse_value(policy_type type, const char *s, span v, arena *a, value *out)
{
	if (value_parse(type, s + v.b, v.e - v.b, a, out) && out->known)
		return true;
	bool b;
	if (type == POLICY_TYPE_BOOLEAN && parse_checkboxes(s, v, &b)) {
		*out = value_bool(b);
		return true;
	}
	return false;
}

/* ---- scanning ---- */

typedef struct doc_label doc_label;

/* One candidate that scored: where it is. */
typedef struct hit {
	size_t doc;      /* index into c->docs */
	line ln;
	span value;
	int score;
	label_how how;
	span label;
	const value *kept; /* its value, parsed in the search's `keep` (an
	                      indexed candidate's, by pass 1); NULL: parse again */
} hit;

enum { RIVALS_MAX = 4 };

typedef struct search {
	const policy_case *c;
	policy_type type;
	label_term *term;
	arena scratch; /* per line, released as it grows */
	arena *keep;   /* the values of kept hits, as long as the search */
	bool nomem;
	bool head_rule; /* the head rule may apply in this search */
	bool first_pass;
	/* pass 1 */
	int top;
	/* a line whose label scored but whose value did not parse */
	hit unparsed;
	/* the best line OCR read less surely than its document's threshold */
	hit unsure;
	/* The head rule (label_score.h): the values of labels whose head noun
	 * names the term's kind (0, 1, or 2 for two or more different ones)
	 * and the first of them; the same of those that say nothing else
	 * ("Line Total"); then, for pass 2, whether the rule applies. */
	unsigned typed_values, head_values;
	value typed_value, head_value;
	bool head_on;
	/* pass 2 */
	hit best;         /* the earliest hit scoring `top` */
	bool have_best;
	/* the hits within the margin whose values differ, in document order:
	 * rivals[0] is the earliest hit within the margin */
	hit rivals[RIVALS_MAX];
	value rival_values[RIVALS_MAX];
	size_t nrivals;
	bool more_rivals; /* more different values than RIVALS_MAX */
} search;

static void scratch_tidy(search *s)
{
	if (s->scratch.total > SCRATCH_MAX) {
		arena_release(&s->scratch);
		arena_init(&s->scratch, &s->c->m);
	}
}

typedef void (*hit_func)(search *s, const hit *h, const value *v);

/* OCR read this line less surely than its document's threshold. */
static bool line_unsure(const case_doc *d, unsigned line)
{
	return d->lines && line >= 1 && line <= d->nlines && d->lines[line - 1].conf >= 0 &&
	       d->lines[line - 1].conf < d->min_conf;
}

/* Count the different values (0, 1, or 2 for two or more) of one class of
 * labels; the first is kept in `first`. */
static void count_value(search *s, const case_doc *d, span value_span, const value *v,
                        const value *kept, unsigned *count, value *first)
{
	if (*count == 0) {
		if (kept) {
			*first = *kept;
		} else if (!parse_value(s->type, d->text, value_span, s->keep, first)) {
			s->nomem = true; /* it parsed before: only memory can fail now */
			return;
		}
		*count = 1;
	} else if (*count == 1 && !value_equal(v, first)) {
		*count = 2;
	}
}

/* Pass 1 counts the values of labels of the term's kind, and of those
 * that name nothing else (the head rule). */
static void note_typed(search *s, const case_doc *d, span value_span, const value *v,
                       const value *kept, bool head_only, bool unsure)
{
	if (unsure) {
		s->typed_values = 2; /* a value nobody can trust: the rule cannot tell */
		return;
	}
	count_value(s, d, value_span, v, kept, &s->typed_values, &s->typed_value);
	if (head_only)
		count_value(s, d, value_span, v, kept, &s->head_values, &s->head_value);
}

/* One label/value candidate of a read document, its label prepared once
 * for every field an execution asks of the document (builtin_index). */
struct doc_label {
	line ln;
	span label, value;
	label_text text;
};

/* An indexed candidate's score and value, made by pass 1 for pass 2. */
typedef struct scored {
	label_match m;
	bool parsed;
	value v; /* in the search's `keep` */
} scored;

/* Pass a scored candidate on. An indexed candidate has `memo`: pass 1
 * parses its value there, pass 2 reads it. */
static void scan_candidate(search *s, size_t di, const line *ln, span label, span value_span,
                           label_match m, scored *memo, hit_func on_hit)
{
	const case_doc *d = &s->c->docs[di];
	value v;
	bool parsed;
	if (memo && !s->first_pass) {
		parsed = memo->parsed;
		if (parsed)
			v = memo->v;
	} else {
		/* a label that scores too little and names no kind of value
		 * has no value that matters */
		parsed = (m.score >= EXTRACT_MIN_SCORE || m.typed) &&
		         parse_value(s->type, d->text, value_span, memo ? s->keep : &s->scratch, &v);
		if (memo) {
			memo->parsed = parsed;
			if (parsed)
				memo->v = v;
		}
	}
	if (s->scratch.failed || s->keep->failed || s->term->a->failed) {
		/* "did not parse" or "no match" only because memory ran out:
		 * fail the search, never answer from a partial one */
		s->nomem = true;
		return;
	}
	if (m.score < EXTRACT_MIN_SCORE && !m.typed)
		return; /* (head_only is typed too) */
	const value *kept = memo && parsed ? &memo->v : NULL;
	bool unsure = line_unsure(d, ln->line);
	if (m.typed && parsed && s->first_pass)
		note_typed(s, d, value_span, &v, kept, m.head_only, unsure);
	if (s->head_on && m.head_only && parsed && m.score < LABEL_HEAD_SCORE) {
		m.score = LABEL_HEAD_SCORE;
		m.how = LABEL_HEAD;
	}
	if (m.score < EXTRACT_MIN_SCORE)
		return;
	hit h = { di, *ln, value_span, m.score, m.how, label, kept };
	if (unsure) {
		if (m.score > s->unsure.score)
			s->unsure = h;
		return;
	}
	if (!parsed) {
		if (m.score > s->unparsed.score)
			s->unparsed = h;
		return;
	}
	on_hit(s, &h, &v);
}

/* Every candidate of a document: from its index when an execution made
 * one (the scores of pass 1 kept for pass 2 in `memo`), else line by line,
 * each label prepared for this search alone. */
static void scan_document(search *s, size_t di, scored *memo, hit_func on_hit)
{
	const case_doc *d = &s->c->docs[di];
	if (d->labels) {
		for (size_t i = 0; i < d->nlabels && !s->nomem; i++) {
			const doc_label *l = &d->labels[i];
			if (s->first_pass)
				label_score(&s->scratch, s->term, &l->text, &memo[i].m);
			if (memo[i].m.score >= EXTRACT_MIN_SCORE || memo[i].m.typed) {
				scan_candidate(s, di, &l->ln, l->label, l->value, memo[i].m, &memo[i],
				               on_hit);
			} else {
				/* what scan_candidate does with a label that scores too
				 * little and names no kind of value: nothing */
				memo[i].parsed = false;
				s->nomem = s->scratch.failed || s->term->a->failed;
			}
			scratch_tidy(s);
		}
		return;
	}
	line_reader r;
	line_reader_init(&r, d->text, d->len);
	line ln;
	while (!s->nomem && line_next(&r, &ln)) {
		if (!valid_utf8(d->text + ln.start, ln.end - ln.start))
			continue;
		candidate cands[CANDIDATES_MAX];
		size_t n = line_candidates(d->text, &ln, cands);
		for (size_t i = 0; i < n && !s->nomem; i++) {
			label_text lt;
			label_match m = { 0, LABEL_NONE, false, false };
			if (label_text_make(&s->scratch, d->text + cands[i].label.b,
			                    cands[i].label.e - cands[i].label.b, &lt))
				label_score(&s->scratch, s->term, &lt, &m);
			scan_candidate(s, di, &ln, cands[i].label, cands[i].value, m, NULL, on_hit);
		}
		scratch_tidy(s);
	}
}

bool builtin_index(arena *a, case_doc *d, label_cache *cache)
{
	d->labels = NULL;
	d->nlabels = 0;
	d->type_words = d->type ? label_cache_words(cache, d->type, strlen(d->type)) : NULL;
	word_set *type_words;
	if (!d->type_words && d->type && words_set_make(a, d->type, strlen(d->type), &type_words))
		d->type_words = type_words;
	else if (!d->type_words && a->failed)
		return false;
	if (d->unreadable || !d->text)
		return true;
	/* The candidates, read once into a scratch arena; a document too long
	 * to keep prepared (reading stops there) is read line by line for
	 * each field, as before, in constant memory. The count takes the
	 * candidates of every line, the list those of lines of valid UTF-8. */
	typedef struct found {
		line ln;
		candidate cand;
	} found;
	arena tmp;
	arena_init(&tmp, &a->m);
	found *all = NULL;
	size_t count = 0, nall = 0, cap = 0;
	line_reader r;
	line ln;
	line_reader_init(&r, d->text, d->len);
	while (count <= BUILTIN_INDEX_MAX && line_next(&r, &ln)) {
		candidate cands[CANDIDATES_MAX];
		size_t k = line_candidates(d->text, &ln, cands);
		count += k;
		if (count > BUILTIN_INDEX_MAX || !k ||
		    !valid_utf8(d->text + ln.start, ln.end - ln.start))
			continue;
		if (nall + k > cap) {
			size_t grown = cap ? 2 * cap : 64;
			while (grown < nall + k)
				grown *= 2;
			if (!(all = arena_grow(&tmp, all, nall, grown, sizeof *all))) {
				arena_release(&tmp);
				return false;
			}
			cap = grown;
		}
		for (size_t i = 0; i < k; i++)
			all[nall++] = (found){ ln, cands[i] };
	}
	doc_label *labels = NULL;
	size_t n = 0;
	bool nomem = false;
	if (count > 0 && count <= BUILTIN_INDEX_MAX)
		nomem = !(labels = arena_alloc(a, count * sizeof *labels));
	for (size_t i = 0; labels && i < nall && !nomem; i++) {
		doc_label *l = &labels[n];
		l->ln = all[i].ln;
		l->label = all[i].cand.label;
		l->value = all[i].cand.value;
		const char *text = d->text + l->label.b;
		size_t len = l->label.e - l->label.b;
		const label_text *seen = label_cache_get(cache, text, len, nall <= LABEL_CACHE_FORM_MAX);
		if (seen) {
			/* the plan's copy: its text is the cache's bytes, the same */
			l->text = *seen;
			n++;
		} else if (label_text_make(a, text, len, &l->text)) {
			n++;
		} else {
			nomem = a->failed;
		}
	}
	arena_release(&tmp);
	if (nomem)
		return false;
	if (n) {
		d->labels = labels;
		d->nlabels = n;
	}
	return true;
}

static void pass_top(search *s, const hit *h, const value *v)
{
	(void)v;
	if (h->score > s->top)
		s->top = h->score;
}

static bool keep_value(search *s, const hit *h, value *out)
{
	const case_doc *d = &s->c->docs[h->doc];
	if (h->kept) {
		*out = *h->kept;
		return true;
	}
	if (!parse_value(s->type, d->text, h->value, s->keep, out)) {
		s->nomem = true; /* it parsed before: only memory can fail now */
		return false;
	}
	return true;
}

static void pass_band(search *s, const hit *h, const value *v)
{
	if (h->score < s->top - TIE_MARGIN)
		return;
	if (h->score == s->top && !s->have_best) {
		s->best = *h;
		s->have_best = true;
	}
	for (size_t i = 0; i < s->nrivals; i++)
		if (value_equal(v, &s->rival_values[i]))
			return;
	if (s->nrivals == RIVALS_MAX) {
		s->more_rivals = true;
		return;
	}
	if (keep_value(s, h, &s->rival_values[s->nrivals]))
		s->rivals[s->nrivals++] = *h;
}

/* Two passes over documents `docs` (indices into c->docs). */
static void run_search(search *s, const size_t *docs, size_t ndocs)
{
	s->top = 0;
	s->have_best = false;
	s->nrivals = 0;
	s->more_rivals = false;
	s->typed_values = s->head_values = 0;
	s->head_on = false;
	memset(&s->unparsed, 0, sizeof s->unparsed);
	memset(&s->unsure, 0, sizeof s->unsure);
	/* an indexed document's scores, pass 1's for pass 2 */
	scored **memo = arena_zalloc(s->keep, ndocs * sizeof *memo);
	if (!memo) {
		s->nomem = true;
		return;
	}
	for (size_t i = 0; i < ndocs; i++) {
		const case_doc *d = &s->c->docs[docs[i]];
		if (d->labels && !(memo[i] = arena_alloc(s->keep, d->nlabels * sizeof *memo[i]))) {
			s->nomem = true;
			return;
		}
	}
	s->first_pass = true;
	for (size_t i = 0; i < ndocs && !s->nomem; i++)
		scan_document(s, docs[i], memo[i], pass_top);
	s->first_pass = false;
	/* The head rule: one value of the term's kind on the document, under
	 * a label that names nothing but that kind ("Line Total"). Two such
	 * labels with different values ("Line Total", "Grand Total") are
	 * candidates alike, and the margin makes that an ambiguity error;
	 * beside another amount ("Shipping Cost") the rule says nothing. */
	if (s->head_rule &&
	    (s->head_values == 2 || (s->typed_values == 1 && s->head_values == 1))) {
		s->head_on = true;
		if (s->top < LABEL_HEAD_SCORE)
			s->top = LABEL_HEAD_SCORE;
	}
	if (s->top == 0 || s->nomem)
		return;
	for (size_t i = 0; i < ndocs && !s->nomem; i++)
		scan_document(s, docs[i], memo[i], pass_band);
}

/* ---- answers ---- */

static void describe_place(buf *b, const policy_case *c, const hit *h)
{
	const case_doc *d = &c->docs[h->doc];
	if (case_doc_count(c, d->key) > 1)
		buf_printf(b, "%s %u, ", d->type, d->index);
	buf_printf(b, "page %u, line %u", h->ln.page, h->ln.line);
}

/* A literal, written as it is: the evidence's keys need no escaping. */
#define PUT_LIT(b, lit) buf_append((b), "" lit, sizeof(lit) - 1)

/* The evidence object, written in place (jw_raw_buf): an answer of ten
 * fields writes it ten times, and its keys are fixed. */
static void write_evidence(json_writer *w, const policy_case *c, const hit *h)
{
	const case_doc *d = &c->docs[h->doc];
	jw_key_lit(w, "evidence");
	buf *b = jw_raw_buf(w);
	PUT_LIT(b, "{\"document\":");
	json_escape(b, d->type, strlen(d->type));
	PUT_LIT(b, ",\"index\":");
	buf_put_uint(b, d->index);
	PUT_LIT(b, ",\"count\":");
	buf_put_uint(b, case_doc_count(c, d->key));
	PUT_LIT(b, ",\"page\":");
	buf_put_uint(b, h->ln.page);
	PUT_LIT(b, ",\"line\":");
	buf_put_uint(b, h->ln.line);
	PUT_LIT(b, ",\"start\":");
	buf_put_uint(b, h->ln.start);
	PUT_LIT(b, ",\"end\":");
	buf_put_uint(b, h->ln.end);
	PUT_LIT(b, ",\"snippet\":");
	json_escape(b, d->text + h->ln.start, h->ln.end - h->ln.start);
	/* The label as written and its score, where the label does not name
	 * the field word for word (a score below 1000) and always on a PDF or
	 * a scan, with how it matched; a text document whose label names the
	 * field keeps the evidence it always had (the shared test vectors hold
	 * those bytes). A PDF or a scan says where the label and its value are
	 * on the page (their words' box, not the line's: a line of a
	 * two-column page holds another field) and how sure OCR was of them. */
	bool placed = d->lines && h->ln.line >= 1 && h->ln.line <= d->nlines;
	if (placed || h->score < 1000) {
		PUT_LIT(b, ",\"label\":");
		json_escape(b, d->text + h->label.b, h->label.e - h->label.b);
		PUT_LIT(b, ",\"score\":");
		buf_put_uint(b, (unsigned)(h->score > 0 ? h->score : 0));
		const char *how = label_how_name(h->how);
		if (h->score < 1000 && how) {
			PUT_LIT(b, ",\"match\":");
			json_escape(b, how, strlen(how));
		}
	}
	if (placed) {
		doc_box place;
		int conf;
		size_t from = h->label.b < h->value.b ? h->label.b : h->value.b;
		size_t to = h->label.e > h->value.e ? h->label.e : h->value.e;
		doc_line_place(&d->lines[h->ln.line - 1], from, to, &place, &conf);
		const char *source = d->source ? d->source : "pdf";
		PUT_LIT(b, ",\"source\":");
		json_escape(b, source, strlen(source));
		PUT_LIT(b, ",\"bbox\":[");
		const double box[4] = { place.x0, place.y0, place.x1, place.y1 };
		for (int k = 0; k < 4; k++) {
			/* points to one decimal, written without floating-point formatting */
			long tenths = (long)(box[k] * 10 + (box[k] < 0 ? -0.5 : 0.5));
			char num[32];
			snprintf(num, sizeof num, "%s%s%ld.%ld", k ? "," : "", tenths < 0 ? "-" : "",
			         labs(tenths) / 10, labs(tenths) % 10);
			buf_puts(b, num);
		}
		PUT_LIT(b, "]");
		if (conf >= 0) {
			PUT_LIT(b, ",\"confidence\":");
			buf_put_uint(b, (unsigned)conf);
		}
	}
	PUT_LIT(b, "}");
}

/* {"value": V, "text": "...", "evidence": {...}} */
static bool write_found(json_writer *w, search *s, const hit *h)
{
	value v;
	if (!keep_value(s, h, &v))
		return false;
	const case_doc *d = &s->c->docs[h->doc];
	jw_begin_object(w);
	jw_key_lit(w, "value");
	buf *json = jw_raw_buf(w);
	size_t before = json->len;
	value_to_json(json, &v);
	if (json->len == before)
		buf_puts(json, "null");
	jw_key_lit(w, "text");
	jw_string_n(w, d->text + h->value.b, h->value.e - h->value.b);
	write_evidence(w, s->c, h);
	jw_end_object(w);
	return !buf_failed(w->b);
}

/* How a score was reached, after "scoring N". */
static const char *how_phrase(label_how how)
{
	switch (how) {
	case LABEL_ABBREVIATION: return " as an abbreviation";
	case LABEL_ACRONYM: return " as an acronym";
	case LABEL_SYNONYM: return " through the synonym lexicon";
	case LABEL_HEAD: return " by its head noun alone";
	default: return "";
	}
}

/* No label wins by the margin, and the candidates give different values:
 * name each (up to RIVALS_MAX) with its place and score, in document
 * order. Never a guess. */
static bool answer_ambiguous(buf *reply, search *s, const char *doc_type, const char *field)
{
	const policy_case *c = s->c;
	buf msg;
	buf_init(&msg, &c->m);
	buf_printf(&msg, "the %s gives different values for '%s', and no label wins by the "
	           "margin of %d: ", doc_type, field, (int)TIE_MARGIN);
	for (size_t i = 0; i < s->nrivals; i++) {
		const hit *h = &s->rivals[i];
		const case_doc *d = &c->docs[h->doc];
		if (i)
			buf_puts(&msg, i + 1 == s->nrivals && !s->more_rivals ? " and " : ", ");
		buf_putc(&msg, '\'');
		buf_append(&msg, d->text + h->ln.start, h->ln.end - h->ln.start);
		buf_puts(&msg, "' (");
		describe_place(&msg, c, h);
		buf_printf(&msg, ") scoring %d%s", h->score, how_phrase(h->how));
	}
	if (s->more_rivals)
		buf_puts(&msg, ", and more");
	bool ok = !buf_failed(&msg);
	if (ok)
		answer_message(reply, "error", msg.data, msg.len);
	buf_release(&msg);
	return ok && !buf_failed(reply);
}

/* A line OCR was unsure of would have answered (or competed with the
 * answer): never trust it, never pass over it. */
static bool unsure_competes(const search *s)
{
	return s->unsure.score > 0 && (!s->have_best || s->unsure.score >= s->top - TIE_MARGIN);
}

static bool answer_unsure(buf *reply, search *s, const char *doc_type, const char *field)
{
	const policy_case *c = s->c;
	const hit *h = &s->unsure;
	const case_doc *d = &c->docs[h->doc];
	buf msg;
	buf_init(&msg, &c->m);
	buf_printf(&msg, "the %s could not be read surely enough for '%s': OCR read '", doc_type,
	           field);
	buf_append(&msg, d->text + h->ln.start, h->ln.end - h->ln.start);
	buf_puts(&msg, "' (");
	describe_place(&msg, c, h);
	buf_printf(&msg, ") with confidence %d%%, below the threshold of %d%%",
	           d->lines[h->ln.line - 1].conf, d->min_conf);
	bool ok = !buf_failed(&msg);
	if (ok)
		answer_message(reply, "error", msg.data, msg.len);
	buf_release(&msg);
	return ok && !buf_failed(reply);
}

static bool answer_missing_field(buf *reply, search *s, const char *doc_type, const char *field)
{
	const policy_case *c = s->c;
	if (s->unparsed.score == 0)
		return answer_printf(reply, &c->m, "missing", "no line labelled like '%s' on the %s",
		                     field, doc_type);
	const hit *h = &s->unparsed;
	const case_doc *d = &c->docs[h->doc];
	buf msg;
	buf_init(&msg, &c->m);
	buf_printf(&msg, "no %s on the %s: '", field, doc_type);
	buf_append(&msg, d->text + h->ln.start, h->ln.end - h->ln.start);
	buf_puts(&msg, "' (");
	describe_place(&msg, c, h);
	buf_printf(&msg, ") does not hold %s", type_phrase(s->type));
	bool ok = !buf_failed(&msg);
	if (ok)
		answer_message(reply, "missing", msg.data, msg.len);
	buf_release(&msg);
	return ok && !buf_failed(reply);
}

/* ---- documents of a type ---- */

/* The documents of the requested type, in case order; a unique best fuzzy
 * type if no key is equal. Indices go to the scratch arena. */
static bool find_documents(const policy_case *c, arena *a, const char *doc_type, size_t **out,
                           size_t *n, bool *exact)
{
	*out = NULL;
	*n = 0;
	*exact = true;
	/* a type named as the host named it has that document's key */
	const char *key = NULL;
	for (size_t i = 0; i < c->ndocs && !key; i++)
		if (!strcmp(c->docs[i].type, doc_type))
			key = c->docs[i].key;
	if (!key && !(key = words_key(a, doc_type, strlen(doc_type))))
		return false;
	size_t *idx = arena_alloc(a, (c->ndocs ? c->ndocs : 1) * sizeof *idx);
	if (!idx)
		return false;
	*out = idx;
	for (size_t i = 0; i < c->ndocs; i++)
		if (strcmp(c->docs[i].key, key) == 0)
			idx[(*n)++] = i;
	if (*n > 0 || c->ndocs == 0)
		return true;
	*exact = false;

	word_set *wanted;
	if (!words_set_make(a, doc_type, strlen(doc_type), &wanted))
		return false;
	const char *best_key = NULL;
	int best = 0;
	bool unique = false;
	for (size_t i = 0; i < c->ndocs; i++) {
		const case_doc *d = &c->docs[i];
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(c->docs[j].key, d->key) == 0;
		if (seen)
			continue;
		word_set *have;
		if (!words_set_make(a, d->type, strlen(d->type), &have))
			return false;
		int score = words_set_match(have, wanted);
		if (score > best) {
			best = score;
			best_key = d->key;
			unique = true;
		} else if (score == best) {
			unique = false;
		}
	}
	if (best < DOC_TYPE_MIN_SCORE || !unique)
		return true;
	for (size_t i = 0; i < c->ndocs; i++)
		if (strcmp(c->docs[i].key, best_key) == 0)
			idx[(*n)++] = i;
	return true;
}

static bool too_big(buf *reply, const policy_case *c, const size_t *docs, size_t n,
                    size_t max_doc_bytes, bool *answered)
{
	*answered = false;
	if (!max_doc_bytes)
		return true;
	for (size_t i = 0; i < n; i++) {
		const case_doc *d = &c->docs[docs[i]];
		if (d->len <= max_doc_bytes)
			continue;
		*answered = true;
		if (case_doc_count(c, d->key) > 1)
			return answer_printf(reply, &c->m, "error",
			                     "the %s %u is %zu bytes, which exceeds the document "
			                     "size limit of %zu bytes",
			                     d->type, d->index, d->len, max_doc_bytes);
		return answer_printf(reply, &c->m, "error",
		                     "the %s is %zu bytes, which exceeds the document size "
		                     "limit of %zu bytes",
		                     d->type, d->len, max_doc_bytes);
	}
	return true;
}

/* Each document answers for itself: {"values": [...]}. One ambiguous
 * document makes the whole answer an error. */
static bool extract_each(buf *reply, search *s, arena *a, const size_t *docs, size_t n,
                         const char *doc_type, const char *field)
{
	hit *found = arena_alloc(a, n * sizeof *found);
	if (!found)
		return false;
	size_t nfound = 0;
	for (size_t i = 0; i < n; i++) {
		run_search(s, &docs[i], 1);
		if (s->nomem)
			return false;
		if (unsure_competes(s))
			return answer_unsure(reply, s, doc_type, field);
		if (s->nrivals > 1)
			return answer_ambiguous(reply, s, doc_type, field);
		if (s->have_best)
			found[nfound++] = s->best;
	}
	json_writer w;
	jw_init(&w, reply, false);
	jw_begin_object(&w);
	jw_key(&w, "values");
	jw_begin_array(&w);
	for (size_t i = 0; i < nfound; i++)
		if (!write_found(&w, s, &found[i]))
			return false;
	jw_end_array(&w);
	jw_end_object(&w);
	return !buf_failed(reply);
}

/* Does the document's name say some of the field's words, but not all?
 * Then the form may leave them out: a "transaction record" labels the
 * transaction amount "Amount". */
static bool doc_says_some(const word_set *field, const word_set *doc)
{
	size_t in_doc = 0, n = words_set_count(field);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *w = words_set_word(field, i, &len);
		in_doc += words_set_has(doc, w, len);
	}
	return in_doc > 0 && in_doc < n;
}

/* The field without the words its document's name already says. False
 * only on allocation failure; *out is NULL when no word is left. */
static bool without_doc_words(arena *a, const word_set *field, const word_set *doc,
                              policy_type type, label_term **out)
{
	*out = NULL;
	size_t total = 1, n = words_set_count(field);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		words_set_word(field, i, &len);
		total += len + 1;
	}
	char *joined = arena_alloc(a, total);
	if (!joined)
		return false;
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t wl;
		const char *w = words_set_word(field, i, &wl);
		if (words_set_has(doc, w, wl))
			continue;
		if (len)
			joined[len++] = ' ';
		memcpy(joined + len, w, wl);
		len += wl;
	}
	joined[len] = '\0';
	word_set *set;
	label_term *t = arena_alloc(a, sizeof *t);
	if (!t || !words_set_make(a, joined, len, &set))
		return false;
	if (words_set_empty(set))
		return true;
	if (!label_term_make(a, joined, len, set, doc, type, true, t))
		return false;
	*out = t;
	return true;
}

/* The field whole, then without its document's words; the head rule
 * comes last, with the shorter field when there is one, so a label that
 * names the field in words always has its turn first. */
static bool extract_one(buf *reply, search *s, arena *a, const size_t *docs, size_t n,
                        const char *doc_type, const char *field, const word_set *doc)
{
	label_term *whole = s->term;
	bool shorter_exists = doc_says_some(whole->set, doc);
	s->head_rule = !shorter_exists;
	run_search(s, docs, n);
	if (s->nomem)
		return false;
	if (unsure_competes(s))
		return answer_unsure(reply, s, doc_type, field);
	if (!s->have_best) {
		hit unparsed = s->unparsed;
		label_term *shorter = NULL;
		if (shorter_exists && !without_doc_words(a, whole->set, doc, s->type, &shorter))
			return false;
		if (shorter) {
			s->term = shorter;
			s->head_rule = true;
			run_search(s, docs, n);
			if (s->nomem)
				return false;
			if (unsure_competes(s))
				return answer_unsure(reply, s, doc_type, field);
		}
		if (!s->have_best) {
			s->term = whole;
			s->unparsed = unparsed;
			return answer_missing_field(reply, s, doc_type, field);
		}
	}
	if (s->nrivals > 1)
		return answer_ambiguous(reply, s, doc_type, field);
	json_writer w;
	jw_init(&w, reply, false);
	return write_found(&w, s, &s->best) && !buf_failed(reply);
}

struct builtin_field {
	const char *text;
	policy_type type;
	bool utf8;              /* valid UTF-8: else its answer says so */
	const word_set *wanted; /* its words; NULL unless utf8 */
	label_term term;        /* for any document (label_term_prepare) */
};

bool builtin_field_make(arena *a, const char *field, policy_type type, builtin_field **out)
{
	builtin_field *f = arena_zalloc(a, sizeof *f);
	char *text = f ? arena_strdup(a, field) : NULL;
	*out = NULL;
	if (!text)
		return false;
	f->text = text;
	f->type = type;
	f->utf8 = valid_utf8(text, strlen(text));
	if (f->utf8) {
		word_set *wanted;
		if (!words_set_make(a, text, strlen(text), &wanted))
			return false;
		f->wanted = wanted;
		if (!words_set_empty(wanted) &&
		    !label_term_prepare(a, text, strlen(text), wanted, type, &f->term))
			return false;
	}
	*out = f;
	return true;
}

static bool extract_in(const policy_case *c, arena *a, const char *doc_type,
                       const builtin_field *f, bool each, size_t max_doc_bytes, buf *reply)
{
	const char *field = f->text;
	policy_type type = f->type;
	if (!valid_utf8(doc_type, strlen(doc_type)) || !f->utf8)
		return answer_printf(reply, &c->m, "error",
		                     "the document type or field name is not valid UTF-8");
	size_t *docs, n;
	bool exact;
	if (!find_documents(c, a, doc_type, &docs, &n, &exact))
		return false;
	if (n == 0) {
		if (each) {
			buf_puts(reply, "{\"values\":[]}");
			return !buf_failed(reply);
		}
		return answer_printf(reply, &c->m, "missing", "no %s in the case", doc_type);
	}
	bool answered;
	if (!too_big(reply, c, docs, n, max_doc_bytes, &answered))
		return false;
	if (answered)
		return true;
	for (size_t i = 0; i < n; i++) {
		const case_doc *d = &c->docs[docs[i]];
		if (!d->unreadable)
			continue;
		if (case_doc_count(c, d->key) > 1)
			return answer_printf(reply, &c->m, "error", "the %s %u could not be read: %s",
			                     d->type, d->index, d->unreadable);
		return answer_printf(reply, &c->m, "error", "the %s could not be read: %s", d->type,
		                     d->unreadable);
	}
	if (words_set_empty(f->wanted))
		return answer_printf(reply, &c->m, "error", "'%s' names no field", field);

	/* The type's words: kept by builtin_index for a document of this very
	 * key (the same content words make the same canonical set). */
	const word_set *doc = exact ? c->docs[docs[0]].type_words : NULL;
	word_set *made;
	if (!doc) {
		if (!words_set_make(a, doc_type, strlen(doc_type), &made))
			return false;
		doc = made;
	}
	label_term term = f->term;
	label_term_on(&term, a, doc, true);

	search s;
	memset(&s, 0, sizeof s);
	s.c = c;
	s.type = type;
	s.term = &term;
	s.head_rule = true;
	arena_init(&s.scratch, &c->m);
	s.keep = a;
	bool ok = each ? extract_each(reply, &s, a, docs, n, doc_type, field)
	               : extract_one(reply, &s, a, docs, n, doc_type, field, doc);
	ok = ok && !s.nomem;
	arena_release(&s.scratch);
	return ok;
}

bool builtin_extract_field(const policy_case *c, const char *doc_type, const builtin_field *f,
                           bool each, size_t max_doc_bytes, buf *reply)
{
	if (!c || !doc_type || !f || !reply)
		return false;
	arena a;
	arena_init(&a, &c->m);
	bool ok = extract_in(c, &a, doc_type, f, each, max_doc_bytes, reply);
	ok = ok && !a.failed; /* a parse or match that failed for want of memory */
	arena_release(&a);
	return ok && !buf_failed(reply);
}

bool builtin_extract(const policy_case *c, const char *doc_type, const char *field,
                     policy_type type, bool each, size_t max_doc_bytes, buf *reply)
{
	if (!c || !doc_type || !field || !reply)
		return false;
	arena a;
	arena_init(&a, &c->m);
	builtin_field *f;
	bool ok = builtin_field_make(&a, field, type, &f) &&
	          extract_in(c, &a, doc_type, f, each, max_doc_bytes, reply);
	ok = ok && !a.failed; /* a parse or match that failed for want of memory */
	arena_release(&a);
	return ok && !buf_failed(reply);
}

/* ---- facts ---- */

/* The fact's JSON scalar as the requested type. */
static bool fact_value(arena *a, const case_fact *f, policy_type type, value *out, bool *nomem)
{
	*nomem = false;
	json_value *j;
	json_error err;
	json_limits limits = { 0, 4 };
	if (!json_parse(a, f->value_json, f->len, &limits, &j, &err)) {
		*nomem = err.nomem;
		return false;
	}
	switch (j->kind) {
	case JSON_TRUE:
	case JSON_FALSE:
		if (type == POLICY_TYPE_BOOLEAN) {
			*out = value_bool(j->kind == JSON_TRUE);
			return true;
		}
		return value_parse(type, j->kind == JSON_TRUE ? "true" : "false",
		                   j->kind == JSON_TRUE ? 4 : 5, a, out) &&
		       out->known;
	case JSON_NUMBER:
	case JSON_STRING:
		if (j->kind == JSON_STRING && memchr(j->str, '\0', j->len))
			return false;
		return value_parse(type, j->str, j->len, a, out) && out->known;
	default:
		return false;
	}
}

struct builtin_fact {
	const char *text;
	const word_set *wanted; /* its words; NULL if not valid UTF-8 */
};

bool builtin_fact_make(arena *a, const char *fact, builtin_fact **out)
{
	builtin_fact *f = arena_zalloc(a, sizeof *f);
	char *text = f ? arena_strdup(a, fact) : NULL;
	*out = NULL;
	if (!text)
		return false;
	f->text = text;
	word_set *wanted;
	if (valid_utf8(text, strlen(text))) {
		if (!words_set_make(a, text, strlen(text), &wanted))
			return false;
		f->wanted = wanted;
	}
	*out = f;
	return true;
}

/* A fact's name as words: prepared by builtin_facts_index, else taken
 * from `cache` (may be NULL) or made now. */
static bool fact_words(arena *a, const case_fact *f, label_cache *cache, const word_set **out)
{
	if (f->indexed) {
		*out = f->words;
		return true;
	}
	*out = NULL;
	word_set *name;
	if (!valid_utf8(f->name, strlen(f->name)))
		return true;
	if ((*out = label_cache_words(cache, f->name, strlen(f->name))))
		return true;
	if (!words_set_make(a, f->name, strlen(f->name), &name))
		return false;
	*out = name;
	return true;
}

bool builtin_facts_index(arena *a, policy_case *c, const builtin_fact *const *known,
                         size_t nknown, label_cache *cache)
{
	for (size_t i = 0; i < c->nfacts; i++) {
		case_fact *f = &c->facts[i];
		if (f->indexed)
			continue;
		/* Named as the policy names it (the same bytes, so the same
		 * words), as a host's facts mostly are. */
		const word_set *words = NULL;
		for (size_t k = 0; k < nknown && !words; k++)
			if (known[k] && known[k]->wanted && !strcmp(known[k]->text, f->name))
				words = known[k]->wanted;
		if (!words && !fact_words(a, f, cache, &words))
			return false;
		f->words = words;
		f->indexed = true;
	}
	return true;
}

static bool lookup_in(const policy_case *c, arena *a, const builtin_fact *fact, policy_type type,
                      buf *reply)
{
	if (!fact->wanted)
		return answer_printf(reply, &c->m, "error", "the fact name is not valid UTF-8");
	const word_set *wanted = fact->wanted;
	const case_fact *best = NULL, *tie = NULL;
	int best_score = 0;
	for (size_t i = 0; i < c->nfacts; i++) {
		const case_fact *f = &c->facts[i];
		const word_set *name;
		if (!fact_words(a, f, NULL, &name))
			return false;
		if (!name)
			continue;
		int score = words_set_match(name, wanted);
		if (score < FACT_MIN_SCORE)
			continue;
		if (score > best_score) {
			best_score = score;
			best = f;
			tie = NULL;
		} else if (score == best_score && !tie) {
			tie = f;
		}
	}
	if (!best)
		return answer_printf(reply, &c->m, "missing", "no fact named like '%s' in the case",
		                     fact->text);
	if (tie && !(tie->len == best->len && memcmp(tie->value_json, best->value_json,
	                                             best->len) == 0))
		return answer_printf(reply, &c->m, "error",
		                     "the case facts '%s' and '%s' both match '%s' and differ",
		                     best->name, tie->name, fact->text);
	value v;
	bool nomem;
	if (!fact_value(a, best, type, &v, &nomem)) {
		if (nomem || a->failed)
			return false;
		if (best->len == 4 && memcmp(best->value_json, "null", 4) == 0)
			return answer_printf(reply, &c->m, "missing",
			                     "the case fact '%s' has no value", best->name);
		return answer_printf(reply, &c->m, "error", "the case fact '%s' is %.*s, not %s",
		                     best->name, (int)(best->len > 200 ? 200 : best->len),
		                     best->value_json, type_phrase(type));
	}
	json_writer w;
	jw_init(&w, reply, false);
	jw_begin_object(&w);
	jw_key_lit(&w, "value");
	buf *json = jw_raw_buf(&w);
	size_t before = json->len;
	value_to_json(json, &v);
	if (json->len == before)
		buf_puts(json, "null");
	jw_key_lit(&w, "source");
	jw_string(&w, "case facts");
	jw_key_lit(&w, "fact");
	jw_string(&w, best->name);
	jw_end_object(&w);
	return !buf_failed(reply);
}

bool builtin_lookup_fact(const policy_case *c, const builtin_fact *f, policy_type type,
                         buf *reply)
{
	if (!c || !f || !reply)
		return false;
	arena a;
	arena_init(&a, &c->m);
	bool ok = lookup_in(c, &a, f, type, reply);
	ok = ok && !a.failed; /* a fact that "did not parse" for want of memory */
	arena_release(&a);
	return ok && !buf_failed(reply);
}

bool builtin_lookup(const policy_case *c, const char *fact, policy_type type, buf *reply)
{
	if (!c || !fact || !reply)
		return false;
	arena a;
	arena_init(&a, &c->m);
	builtin_fact *f;
	bool ok = builtin_fact_make(&a, fact, &f) && lookup_in(c, &a, f, type, reply);
	ok = ok && !a.failed; /* a fact that "did not parse" for want of memory */
	arena_release(&a);
	return ok && !buf_failed(reply);
}
