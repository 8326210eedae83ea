/*
 * doc_layout: words with boxes to lines in reading order.
 *
 * A PDF draws its text in any order and OCR finds words block by block,
 * so lines are rebuilt from geometry alone:
 *
 * ROWS. Words are sorted by page, then by the middle of their box; a word
 * joins the current row when its middle is within ROW_SLACK of the row's
 * height from the row's middle, so a label and its value on one baseline
 * are one row even when a scan is slightly rotated, and two columns side
 * by side are one row whose halves are far apart. Within a row, words go
 * left to right.
 *
 * CELLS. A gap wider than CELL_GAP character widths (the row's median
 * width per character) is written as three spaces, which is what the
 * extractor reads as a cell break (two columns, table cells, "Label
 * <wide gap> value"); a narrower gap is one space.
 *
 * VALUE BELOW ITS LABEL. Boxed forms print a label and write the value
 * under it. A row of short cells with no ':' value (each cell a label, or
 * ending in ':') directly above a row with as many cells, each starting
 * under its label and without ':' of its own, becomes one line "Label:
 * value   Label: value" whose box covers both rows. Anything else keeps its
 * rows as they are: this never invents a pairing the positions do not
 * show.
 *
 * OUTPUT. Each row is one line ending in \n; a \f follows the \n before
 * the first line of every later page (empty pages too), so the extractor's
 * page and line numbers are the rows', and lines[k - 1] tells where line
 * k is: its page, the union of its words' boxes, its lowest confidence,
 * and each of its words with its bytes of the text, its box and its
 * confidence (doc_line_place: where one label and its value are).
 */
#include <stdlib.h>
#include <string.h>

#include "run/doc.h"
#include "base/text.h"

#define ROW_SLACK 0.6
#define CELL_GAP 2.5
#define BELOW_GAP 2.2   /* at most this many row heights from label to value */
#define BELOW_CELL_MAX 60 /* bytes in a label cell of a label row */

typedef struct row {
	size_t first, n; /* into the sorted words */
	unsigned page;
	double cy, h;
	doc_box box;
	int conf;
} row;

static double mid(const doc_word *w)
{
	return (w->box.y0 + w->box.y1) / 2;
}

static int by_page_then_middle(const void *pa, const void *pb)
{
	const doc_word *a = pa, *b = pb;
	if (a->page != b->page)
		return a->page < b->page ? -1 : 1;
	double ma = mid(a), mb = mid(b);
	if (ma != mb)
		return ma < mb ? -1 : 1;
	return a->box.x0 < b->box.x0 ? -1 : a->box.x0 > b->box.x0;
}

static int by_x(const void *pa, const void *pb)
{
	const doc_word *a = pa, *b = pb;
	return a->box.x0 < b->box.x0 ? -1 : a->box.x0 > b->box.x0;
}

static int by_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return a < b ? -1 : a > b;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n ? n : 1;
}

/* The row's median width of a character, from words of 2+ characters. */
static double char_width(arena *a, const doc_word *w, size_t n)
{
	double *v = arena_alloc(a, (n ? n : 1) * sizeof *v);
	if (!v)
		return 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		size_t c = utf8_chars(w[i].text, w[i].len);
		if (c >= 2)
			v[k++] = (w[i].box.x1 - w[i].box.x0) / (double)c;
	}
	if (k == 0)
		for (size_t i = 0; i < n; i++)
			v[k++] = (w[i].box.x1 - w[i].box.x0) / (double)utf8_chars(w[i].text, w[i].len);
	qsort(v, k, sizeof *v, by_double);
	return k ? v[k / 2] : 0;
}

static void box_union(doc_box *b, const doc_box *o)
{
	b->x0 = o->x0 < b->x0 ? o->x0 : b->x0;
	b->y0 = o->y0 < b->y0 ? o->y0 : b->y0;
	b->x1 = o->x1 > b->x1 ? o->x1 : b->x1;
	b->y1 = o->y1 > b->y1 ? o->y1 : b->y1;
}

/* A cell of a row: words [b, e) of the sorted array. */
typedef struct cell {
	size_t b, e;
	double x0, x1;
} cell;

enum { CELLS_MAX = 16 };

static size_t row_cells(const doc_word *w, const row *r, double cw, cell *cells)
{
	size_t n = 0;
	for (size_t i = r->first; i < r->first + r->n; i++) {
		bool wide = i > r->first && w[i].box.x0 - w[i - 1].box.x1 > CELL_GAP * cw;
		if (i == r->first || (wide && n < CELLS_MAX)) {
			cells[n++] = (cell){ i, i + 1, w[i].box.x0, w[i].box.x1 };
		} else {
			cells[n - 1].e = i + 1;
			cells[n - 1].x1 = w[i].box.x1;
		}
	}
	return n;
}

static bool has_colon(const doc_word *w, size_t b, size_t e, bool *ends_with)
{
	bool any = false;
	*ends_with = false;
	for (size_t i = b; i < e; i++)
		if (memchr(w[i].text, ':', w[i].len)) {
			any = true;
			*ends_with = i + 1 == e && w[i].text[w[i].len - 1] == ':' &&
			             !memchr(w[i].text, ':', w[i].len - 1);
		}
	return any;
}

static size_t cell_bytes(const doc_word *w, const cell *c)
{
	size_t n = 0;
	for (size_t i = c->b; i < c->e; i++)
		n += w[i].len + 1;
	return n;
}

/* Labels in `top`, their values under them in `below` (see VALUE BELOW
 * ITS LABEL). */
static bool label_row_over_values(const doc_word *w, const row *top, const row *below, double cw,
                                  cell *lc, cell *vc, size_t *ncells)
{
	if (top->page != below->page || below->cy - top->cy > BELOW_GAP * top->h)
		return false;
	size_t nl = row_cells(w, top, cw, lc), nv = row_cells(w, below, cw, vc);
	if (nl != nv || nl == 0)
		return false;
	for (size_t k = 0; k < nl; k++) {
		bool ends;
		if (has_colon(w, lc[k].b, lc[k].e, &ends) && !ends)
			return false; /* "Label: value" already */
		if (has_colon(w, vc[k].b, vc[k].e, &ends))
			return false; /* the row below has labels of its own */
		if (cell_bytes(w, &lc[k]) > BELOW_CELL_MAX)
			return false; /* prose, not a label */
		/* the value starts under its label, not under the next one */
		double tol = 2 * cw;
		if (vc[k].x0 < lc[k].x0 - tol || vc[k].x0 > lc[k].x1 + tol)
			return false;
		if (k + 1 < nl && vc[k].x1 > lc[k + 1].x0 - cw)
			return false;
		/* a label holds a letter */
		bool letter = false;
		for (size_t i = lc[k].b; i < lc[k].e && !letter; i++)
			for (size_t j = 0; j < w[i].len && !letter; j++) {
				char c = w[i].text[j];
				letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
			}
		if (!letter)
			return false;
	}
	*ncells = nl;
	return true;
}

/* The words as written, each with its span of the text (see doc_span). */
typedef struct spans {
	doc_span *s;
	size_t n;
} spans;

static void put_word(buf *b, const doc_word *w, spans *sp)
{
	size_t at = b->len;
	buf_append(b, w->text, w->len);
	sp->s[sp->n++] = (doc_span){ at, at + w->len, w->box, w->conf };
}

static void put_words(buf *b, const doc_word *w, size_t from, size_t to, spans *sp)
{
	for (size_t i = from; i < to; i++) {
		if (i > from)
			buf_putc(b, ' ');
		put_word(b, &w[i], sp);
	}
}

static void put_row(buf *b, const doc_word *w, const row *r, double cw, spans *sp)
{
	for (size_t i = r->first; i < r->first + r->n; i++) {
		if (i > r->first)
			buf_puts(b, w[i].box.x0 - w[i - 1].box.x1 > CELL_GAP * cw ? "   " : " ");
		put_word(b, &w[i], sp);
	}
}

bool doc_layout(arena *a, const doc_words *ws, doc_text *out)
{
	size_t n = ws->n;
	doc_word *w = arena_alloc(a, (n ? n : 1) * sizeof *w);
	row *rows = arena_alloc(a, (n ? n : 1) * sizeof *rows);
	if (!w || !rows)
		return false;
	memcpy(w, ws->w, n * sizeof *w);
	qsort(w, n, sizeof *w, by_page_then_middle);

	size_t nrows = 0;
	for (size_t i = 0; i < n; i++) {
		double h = w[i].box.y1 - w[i].box.y0;
		row *r = nrows ? &rows[nrows - 1] : NULL;
		if (r && r->page == w[i].page && (mid(&w[i]) - r->cy) <= ROW_SLACK * r->h) {
			r->n++;
			box_union(&r->box, &w[i].box);
			if (w[i].conf < r->conf)
				r->conf = w[i].conf;
			continue;
		}
		rows[nrows++] = (row){ i, 1, w[i].page, mid(&w[i]), h > 0 ? h : 1, w[i].box, w[i].conf };
	}
	for (size_t k = 0; k < nrows; k++)
		qsort(w + rows[k].first, rows[k].n, sizeof *w, by_x);

	doc_line_info *lines = arena_alloc(a, (nrows ? nrows : 1) * sizeof *lines);
	spans sp = { arena_alloc(a, (n ? n : 1) * sizeof *sp.s), 0 };
	if (!lines || !sp.s)
		return false;
	buf b;
	buf_init(&b, &a->m);
	unsigned page = 1;
	size_t nlines = 0;
	for (size_t k = 0; k < nrows; k++) {
		const row *r = &rows[k];
		for (; page < r->page; page++)
			buf_putc(&b, '\f');
		double cw = char_width(a, w + r->first, r->n);
		cell lc[CELLS_MAX], vc[CELLS_MAX];
		size_t nc;
		doc_line_info info = { r->page, r->box, r->conf, sp.s + sp.n, 0 };
		if (k + 1 < nrows && label_row_over_values(w, r, &rows[k + 1], cw, lc, vc, &nc)) {
			for (size_t c = 0; c < nc; c++) {
				if (c)
					buf_puts(&b, "   ");
				put_words(&b, w, lc[c].b, lc[c].e, &sp);
				bool ends;
				has_colon(w, lc[c].b, lc[c].e, &ends);
				buf_puts(&b, ends ? " " : ": ");
				put_words(&b, w, vc[c].b, vc[c].e, &sp);
			}
			box_union(&info.box, &rows[k + 1].box);
			if (rows[k + 1].conf < info.conf)
				info.conf = rows[k + 1].conf;
			k++;
		} else {
			put_row(&b, w, r, cw, &sp);
		}
		buf_putc(&b, '\n');
		info.nwords = (size_t)(sp.s + sp.n - info.words);
		lines[nlines++] = info;
	}
	for (; page < ws->pages; page++)
		buf_putc(&b, '\f');
	if (buf_failed(&b) || a->failed) {
		buf_release(&b);
		return false;
	}
	out->len = b.len;
	out->text = b.data ? buf_to_arena(&b, a) : "";
	buf_release(&b);
	if (!out->text)
		return false;
	out->lines = lines;
	out->nlines = nlines;
	return true;
}

void doc_line_place(const doc_line_info *li, size_t b, size_t e, doc_box *box, int *conf)
{
	*box = li->box;
	*conf = li->conf;
	bool any = false;
	for (size_t i = 0; i < li->nwords; i++) {
		const doc_span *w = &li->words[i];
		if (w->e <= b || w->b >= e)
			continue;
		if (!any) {
			*box = w->box;
			*conf = w->conf;
			any = true;
			continue;
		}
		box_union(box, &w->box);
		if (w->conf < *conf)
			*conf = w->conf;
	}
}
