/*
 * Documents: the bytes a host hands us, read into text lines.
 *
 * A case document is untrusted bytes. Before the built-in extractor looks
 * for "Label: value" lines, doc_read decides what the bytes are by their
 * content, never by a name (doc_sniff.c), and turns them into the text the
 * extractor reads: lines ending at \n, a \f before each page after the
 * first. Plain text passes through as it is. A PDF's text layer
 * (doc_pdf.c, poppler) and the words OCR finds on images and on pages with
 * no text (doc_ocr.c, Tesseract) become words with a page and a box, and
 * doc_layout.c rebuilds lines from their positions, with wide gaps written
 * as three spaces so that columns and table cells stay cells. Such a text
 * also carries, per line, where on the page it was and, for OCR, how sure
 * the recognizer was: the evidence the trail records.
 *
 * A document that cannot be read is not an empty document: doc_read says
 * why ("a PDF, and this libpolicy was built without PDF support"), and the
 * extractor fails every step that reads it with that reason.
 */
#ifndef POLICY_DOC_H
#define POLICY_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/alloc.h"

typedef enum doc_kind {
	DOC_KIND_TEXT,
	DOC_KIND_PDF,
	DOC_KIND_PNG,
	DOC_KIND_JPEG,
	DOC_KIND_TIFF,
	DOC_KIND_IMAGE,  /* another image format we know but do not read (GIF, BMP, WebP) */
	DOC_KIND_BINARY  /* none of the above, and not text */
} doc_kind;

/* What the bytes are (doc_sniff.c). Text is UTF-8 with at most a few
 * stray bytes: a form with one garbled line is still a form. */
doc_kind doc_sniff(const char *bytes, size_t len);
/* "a PDF", "a PNG image", "binary data", ... for messages. */
const char *doc_kind_phrase(doc_kind k);

/* A box on a page in points (1/72 inch), from the top left corner. */
typedef struct doc_box {
	double x0, y0, x1, y1;
} doc_box;

typedef struct doc_word {
	const char *text; /* UTF-8, no white space */
	size_t len;
	unsigned page;    /* from 1 */
	doc_box box;
	int conf;         /* OCR confidence 0..100; -1 for a text layer */
} doc_word;

typedef struct doc_words {
	doc_word *w;
	size_t n, cap;
	unsigned pages;
} doc_words;

/* Append a word (the text is copied); false when memory ran out. */
bool doc_words_add(arena *a, doc_words *ws, const char *text, size_t len, unsigned page,
                   doc_box box, int conf);

/* One word of a read document's text: its bytes [b, e) of the text, its
 * box and its OCR confidence (-1 for a text layer). */
typedef struct doc_span {
	size_t b, e;
	doc_box box;
	int conf;
} doc_span;

/* Where one line of a read document came from. */
typedef struct doc_line_info {
	unsigned page;
	doc_box box;
	int conf; /* the lowest word confidence on the line; -1 for a text layer */
	const doc_span *words; /* the line's words in text order */
	size_t nwords;
} doc_line_info;

/* Where the bytes [b, e) of line `li` are: the union of the boxes of the
 * words they touch and the lowest confidence among them (the evidence of
 * one label and its value, not of the whole line, which on a two-column
 * page holds another field). The line's own box and confidence when they
 * touch no word. */
void doc_line_place(const doc_line_info *li, size_t b, size_t e, doc_box *box, int *conf);

typedef struct doc_limits {
	unsigned max_pages;  /* pages read per document */
	uint64_t max_pixels; /* per page image, OCR'd or decoded */
	unsigned max_ms;     /* OCR time per document, milliseconds */
	int min_conf;        /* OCR words below this confidence make their line unreadable */
} doc_limits;

enum {
	DOC_MAX_PAGES = 50,
	DOC_MAX_MS = 60000,
	DOC_OCR_DPI = 300,
	DOC_MIN_CONF = 60
};
#define DOC_MAX_PIXELS ((uint64_t)40 << 20)

typedef struct doc_text {
	const char *text;            /* lines end at \n; \f starts pages 2.. */
	size_t len;
	const doc_line_info *lines;  /* line k (from 1) is lines[k - 1]; NULL for plain text */
	size_t nlines;
	const char *source;          /* "text", "pdf", "ocr", "pdf+ocr" */
	const char *unreadable;      /* why it could not be read, or NULL */
	int min_conf;                /* lines OCR read less surely are not trusted */
} doc_text;

/* *why = the formatted message, in `a`; false when memory ran out. */
bool doc_whyf(arena *a, const char **why, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Read a document's bytes. The result lives in `a`. Returns false only
 * when memory ran out; a document that cannot be read is out->unreadable. */
bool doc_read(arena *a, const char *bytes, size_t len, const doc_limits *lim, doc_text *out);

/* Whether this build reads PDFs (poppler) and scans (Tesseract). */
bool doc_have_pdf(void);
bool doc_have_ocr(void);

/* doc_pdf.c: the words of a PDF, page by page; pages without a text layer
 * are OCR'd when doc_have_ocr(). False only when memory ran out; *why
 * says why a PDF could not be read. */
bool doc_pdf_words(arena *a, const char *bytes, size_t len, const doc_limits *lim,
                   doc_words *out, bool *used_ocr, const char **why);

/* doc_ocr.c: the words of an image file (PNG, JPEG, TIFF), every page
 * of it. */
bool doc_ocr_image(arena *a, const char *bytes, size_t len, const doc_limits *lim,
                   doc_words *out, const char **why);
/* The words of one page already in memory: 8-bit gray or 32-bit pixels
 * (cairo's RGB24), `dpi` dots per inch. *spent_ms grows by the time OCR
 * took; the deadline is lim->max_ms for the whole document. */
bool doc_ocr_pixels(arena *a, const unsigned char *data, int width, int height, int bytes_per_pixel,
                    int stride, int dpi, unsigned page, const doc_limits *lim, unsigned *spent_ms,
                    doc_words *out, const char **why);

/* doc_layout.c: words to lines in reading order. False only when memory
 * ran out. */
bool doc_layout(arena *a, const doc_words *ws, doc_text *out);

#endif
