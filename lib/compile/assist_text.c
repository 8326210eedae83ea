/*
 * Sentences as text, for the compile-time assistant (see assist_text.h).
 */
#include <ctype.h>
#include <string.h>

#include "base/text.h"
#include "compile/assist_text.h"

/* ---- sentences ---- */

static uint32_t tok_start(const lexed *lx, const token *t)
{
	return t->kind == T_QUOTED ? t->off - tok_open_quote_len(lx->text, t) : t->off;
}

static uint32_t tok_end(const lexed *lx, const token *t)
{
	return t->off + t->len + (t->kind == T_QUOTED ? tok_close_quote_len(lx->text, t) : 0);
}

static bool is_connector(const token *t)
{
	return t->kind == T_WORD && (!strcmp(t->low, "or") || !strcmp(t->low, "and"));
}

static bool push(arena *a, const lexed *lx, uint32_t first, uint32_t last, uint32_t section,
                 text_sentence **v, uint32_t *n, uint32_t *cap)
{
	bool words = false;
	for (uint32_t i = first; i <= last && !words; i++)
		words = lx->toks[i].kind != T_PUNCT;
	if (!words)
		return true;
	if (*n == *cap) {
		uint32_t nc = *cap ? *cap * 2 : 32;
		text_sentence *g = arena_grow(a, *v, *n, nc, sizeof *g);
		if (!g)
			return false;
		*v = g;
		*cap = nc;
	}
	const token *f = &lx->toks[first], *l = &lx->toks[last];
	text_sentence *s = &(*v)[(*n)++];
	s->start = tok_start(lx, f);
	s->end = tok_end(lx, l);
	s->first = first;
	s->last = last;
	s->final = l->kind == T_PUNCT && strchr(".!?;:", l->punct) ? l->punct : 0;
	s->section = section;
	s->sp.line = f->line;
	s->sp.column = f->kind == T_QUOTED && f->col > 1 ? f->col - 1 : f->col;
	uint32_t eol = f->line < lx->nlines ? lx->line_starts[f->line] - 1 : (uint32_t)lx->len;
	uint32_t stop = s->end < eol ? s->end : eol;
	s->sp.length = stop > s->start ? (unsigned)text_columns(lx->text + s->start, stop - s->start) : 1;
	return true;
}

bool text_sentences(arena *a, const lexed *lx, text_sentence **out, uint32_t *n)
{
	*out = NULL;
	*n = 0;
	uint32_t cap = 0;
	for (uint32_t bi = 0; bi < lx->nblocks; bi++) {
		const block *b = &lx->blocks[bi];
		uint32_t start = b->first, end = b->first + b->count;
		for (uint32_t i = b->first; i < end; i++) {
			const token *t = &lx->toks[i];
			if (t->kind != T_PUNCT)
				continue;
			/* "- the credit score is below 680; or": the connector joins
			 * the list, it is not part of the sentence. */
			bool connector = t->punct == ';' && i + 2 == end && is_connector(&lx->toks[i + 1]);
			bool ends = t->punct == '.' || t->punct == '!' || t->punct == '?' || connector ||
			            (t->punct == ':' && i + 1 == end);
			if (!ends)
				continue;
			if (!push(a, lx, start, i, b->section, out, n, &cap))
				return false;
			start = connector ? end : i + 1;
			if (connector)
				break;
		}
		if (start < end && !push(a, lx, start, end - 1, b->section, out, n, &cap))
			return false;
	}
	return true;
}

/* The byte offset of a 1-based line and column, or UINT32_MAX. */
static uint32_t offset_of(const lexed *lx, unsigned line, unsigned column)
{
	if (line == 0 || line > lx->nlines || column == 0)
		return UINT32_MAX;
	uint32_t off = lx->line_starts[line - 1];
	for (unsigned c = 1; c < column && off < lx->len && lx->text[off] != '\n'; c++) {
		size_t k = text_utf8_len(lx->text + off, lx->len - off);
		off += k ? (uint32_t)k : 1;
	}
	return off;
}

int32_t text_sentence_at(const lexed *lx, const text_sentence *s, uint32_t n, unsigned line,
                         unsigned column)
{
	uint32_t off = offset_of(lx, line, column);
	if (off == UINT32_MAX)
		return -1;
	uint32_t lo = 0, hi = n;
	while (lo < hi) { /* the first sentence ending after off */
		uint32_t mid = lo + (hi - lo) / 2;
		if (s[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && s[lo].start <= off ? (int32_t)lo : -1;
}

char *text_collapse(arena *a, const char *s, size_t len)
{
	char *out = arena_alloc(a, len + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	bool space = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isspace(c)) {
			space = true;
			continue;
		}
		if (space && n)
			out[n++] = ' ';
		space = false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return out;
}

/* ---- restatements in place ---- */

/* Words of `with` (one space between them, as text_collapse leaves it). */
typedef struct words {
	const char **at;
	uint32_t *len;
	uint32_t n;
} words;

static bool split_words(arena *a, const char *with, words *w)
{
	uint32_t n = 1;
	for (const char *p = with; *p; p++)
		n += *p == ' ';
	w->at = arena_alloc(a, n * sizeof *w->at);
	w->len = arena_alloc(a, n * sizeof *w->len);
	if (!w->at || !w->len)
		return false;
	w->n = 0;
	for (const char *p = with; *p;) {
		size_t k = strcspn(p, " ");
		w->at[w->n] = p;
		w->len[w->n++] = (uint32_t)k;
		p += k;
		while (*p == ' ')
			p++;
	}
	return true;
}

/* A line may start with this word without being read as a bullet, a
 * clause number or a heading. */
static bool starts_line_safely(const char *w)
{
	return isalpha((unsigned char)*w) || (unsigned char)*w >= 0x80;
}

static void put_edit(buf *b, const lexed *lx, const text_sentence *s, text_edit *e, arena *a)
{
	unsigned first_line = s->sp.line;
	unsigned last_line = first_line;
	for (uint32_t i = s->start; i < s->end; i++)
		last_line += lx->text[i] == '\n';
	words w;
	if (!split_words(a, e->with, &w)) {
		b->failed = true;
		return;
	}
	uint32_t lines = last_line - first_line + 1, next = 0;
	size_t line_start = b->len;
	e->line = s->sp.line;
	e->column = s->sp.column;
	for (uint32_t j = 0; j < lines; j++) {
		if (j) {
			/* the original line's indentation, then its share of words */
			buf_putc(b, '\n');
			line_start = b->len;
			uint32_t ls = lx->line_starts[first_line - 1 + j];
			uint32_t k = ls;
			while (k < lx->len && (lx->text[k] == ' ' || lx->text[k] == '\t'))
				k++;
			buf_append(b, lx->text + ls, k - ls);
		}
		uint32_t stop = j + 1 == lines ? w.n : (uint32_t)((uint64_t)w.n * (j + 1) / lines);
		if (stop < next)
			stop = next;
		while (j + 1 < lines && stop < w.n && !starts_line_safely(w.at[stop]))
			stop++;
		for (uint32_t k = next; k < stop; k++) {
			if (k > next)
				buf_putc(b, ' ');
			buf_append(b, w.at[k], w.len[k]);
		}
		next = stop;
	}
	e->end_line = last_line;
	if (buf_failed(b))
		return;
	size_t cols = text_columns(b->data + line_start, b->len - line_start);
	e->end_column = (unsigned)(lines == 1 ? e->column + cols : cols + 1);
	uint32_t ls = lx->line_starts[last_line - 1];
	e->orig_end_column = (unsigned)text_columns(lx->text + ls, s->end - ls) + 1;
}

char *text_apply(arena *a, const lexed *lx, const text_sentence *s, text_edit *edits,
                 uint32_t nedits, size_t *out_len)
{
	buf b;
	buf_init(&b, &a->m);
	uint32_t at = 0;
	for (uint32_t i = 0; i < nedits; i++) {
		const text_sentence *ts = &s[edits[i].sentence];
		buf_append(&b, lx->text + at, ts->start - at);
		put_edit(&b, lx, ts, &edits[i], a);
		at = ts->end;
	}
	buf_append(&b, lx->text + at, lx->len - at);
	*out_len = b.len;
	char *out = buf_to_arena(&b, a);
	buf_release(&b);
	return out;
}

static bool before(unsigned l1, unsigned c1, unsigned l2, unsigned c2)
{
	return l1 < l2 || (l1 == l2 && c1 < c2);
}

span text_map_span(const text_sentence *s, const text_edit *edits, uint32_t nedits, span sp,
                   int32_t *in_edit)
{
	*in_edit = -1;
	const text_edit *shift = NULL;
	for (uint32_t i = 0; i < nedits; i++) {
		const text_edit *e = &edits[i];
		if (!before(sp.line, sp.column, e->line, e->column) &&
		    before(sp.line, sp.column, e->end_line, e->end_column)) {
			*in_edit = (int32_t)i;
			return s[e->sentence].sp;
		}
		if (e->end_line == sp.line && e->end_column <= sp.column &&
		    (!shift || shift->end_column < e->end_column))
			shift = e;
	}
	if (shift)
		sp.column = sp.column - shift->end_column + shift->orig_end_column;
	return sp;
}
