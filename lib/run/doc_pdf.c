/*
 * doc_pdf: the words of a PDF, with their pages and boxes (poppler-glib).
 *
 * poppler_page_get_text gives a page's text and poppler_page_get_text_layout
 * one rectangle per character of it, in points from the page's top left; a
 * word is a run of characters that are not white space, its box the union
 * of theirs. Reading order is not taken from the PDF's content stream
 * (which may draw a form in any order) but rebuilt from the boxes by
 * doc_layout.
 *
 * A page with no characters is a scan: it is rendered at DOC_OCR_DPI with
 * cairo and handed to doc_ocr, when this build has OCR; otherwise the PDF
 * is unreadable ("page 2 has no text layer ..."), never a page with
 * nothing on it.
 *
 * Limits: max_pages is checked before any page is read, max_pixels before
 * a page is rendered. poppler and glib allocate with g_malloc, which
 * aborts when memory runs out; our own allocations (the words) fail
 * cleanly. Opening a document initializes poppler's process-wide
 * parameters, which is not thread-safe, so PDFs are read one at a time
 * (pdf_lock).
 *
 * Without poppler (meson found no poppler-glib) doc_have_pdf() is false
 * and doc_read names the missing feature.
 */
#include "run/doc.h"

#ifdef POLICY_HAVE_POPPLER

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

#include "base/text.h"

static pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;

bool doc_have_pdf(void)
{
	return true;
}

static bool is_space_char(const char *s, size_t n)
{
	if (n == 1)
		return s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f' ||
		       s[0] == '\v';
	/* U+00A0 no-break space */
	return n == 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0;
}

/* The words of one page's text layer. */
static bool page_words(arena *a, PopplerPage *page, unsigned pageno, doc_words *out,
                       size_t *added)
{
	*added = 0;
	char *text = poppler_page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint nrects = 0;
	if (!text)
		return true;
	if (!poppler_page_get_text_layout(page, &rects, &nrects))
		nrects = 0;
	size_t len = strlen(text), i = 0, ci = 0, wb = 0;
	bool in_word = false;
	doc_box box = { 0, 0, 0, 0 };
	bool ok = true;
	while (ok && i <= len) {
		size_t n = i < len ? text_utf8_len(text + i, len - i) : 0;
		bool space = i == len || n == 0 || is_space_char(text + i, n);
		if (n == 0 && i < len)
			n = 1; /* invalid UTF-8 from a broken font map: a word break */
		if (space) {
			if (in_word) {
				ok = doc_words_add(a, out, text + wb, i - wb, pageno, box, -1);
				*added += ok;
			}
			in_word = false;
		} else if (ci < nrects) {
			PopplerRectangle r = rects[ci];
			doc_box b = { r.x1 < r.x2 ? r.x1 : r.x2, r.y1 < r.y2 ? r.y1 : r.y2,
				      r.x1 < r.x2 ? r.x2 : r.x1, r.y1 < r.y2 ? r.y2 : r.y1 };
			if (!in_word) {
				box = b;
				wb = i;
				in_word = true;
			} else {
				box.x0 = b.x0 < box.x0 ? b.x0 : box.x0;
				box.y0 = b.y0 < box.y0 ? b.y0 : box.y0;
				box.x1 = b.x1 > box.x1 ? b.x1 : box.x1;
				box.y1 = b.y1 > box.y1 ? b.y1 : box.y1;
			}
		}
		if (i == len)
			break;
		i += n;
		ci++;
	}
	g_free(rects);
	g_free(text);
	return ok;
}

/* Render a page at DOC_OCR_DPI and OCR it. */
static bool ocr_page(arena *a, PopplerPage *page, unsigned pageno, const doc_limits *lim,
                     unsigned *spent_ms, doc_words *out, const char **why)
{
	double pw, ph;
	poppler_page_get_size(page, &pw, &ph);
	double scale = DOC_OCR_DPI / 72.0;
	double wd = pw * scale, hd = ph * scale;
	if (!(wd >= 1 && hd >= 1) || wd > 100000 || hd > 100000 ||
	    (uint64_t)wd * (uint64_t)hd > lim->max_pixels)
		return doc_whyf(a, why,
		            "page %u is too large to read: at 300 dpi it is more than the limit of "
		            "%llu pixels",
		            pageno, (unsigned long long)lim->max_pixels);
	int w = (int)wd, h = (int)hd;
	cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return doc_whyf(a, why, "page %u could not be rendered for OCR (%llu bytes)", pageno,
		            (unsigned long long)w * (unsigned long long)h * 4);
	}
	cairo_t *cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render_for_printing(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(surface);
	bool ok = doc_ocr_pixels(a, cairo_image_surface_get_data(surface), w, h, 4,
	                         cairo_image_surface_get_stride(surface), DOC_OCR_DPI, pageno, lim,
	                         spent_ms, out, why);
	cairo_surface_destroy(surface);
	return ok;
}

static bool read_pdf(arena *a, PopplerDocument *doc, const doc_limits *lim, doc_words *out,
                     bool *used_ocr, const char **why)
{
	int n = poppler_document_get_n_pages(doc);
	if (n <= 0)
		return doc_whyf(a, why, "it is a PDF with no pages");
	if ((unsigned)n > lim->max_pages)
		return doc_whyf(a, why, "it has %u pages, more than the limit of %u", (unsigned)n,
		                lim->max_pages);
	unsigned spent_ms = 0;
	for (int i = 0; i < n && !*why; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		if (!page)
			return doc_whyf(a, why, "page %u of the PDF could not be read",
			                (unsigned)i + 1);
		size_t added;
		bool ok = page_words(a, page, (unsigned)i + 1, out, &added);
		if (ok && added == 0) {
			if (doc_have_ocr()) {
				*used_ocr = true;
				ok = ocr_page(a, page, (unsigned)i + 1, lim, &spent_ms, out, why);
			} else {
				ok = doc_whyf(a, why,
				          "page %u has no text layer (a scan?), and this libpolicy was "
				          "built without OCR (Tesseract)",
				          (unsigned)i + 1);
			}
		}
		g_object_unref(page);
		if (!ok)
			return false;
	}
	if (out->pages < (unsigned)n)
		out->pages = (unsigned)n;
	return true;
}

bool doc_pdf_words(arena *a, const char *bytes, size_t len, const doc_limits *lim,
                   doc_words *out, bool *used_ocr, const char **why)
{
	*why = NULL;
	*used_ocr = false;
	if (len > (size_t)INT32_MAX)
		return doc_whyf(a, why, "it is a PDF larger than 2 GiB");
	pthread_mutex_lock(&pdf_lock);
	GBytes *gb = g_bytes_new_static(bytes, len);
	GError *err = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, &err);
	bool ok = true;
	if (!doc) {
		bool locked = err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED;
		ok = doc_whyf(a, why, "%s",
		              locked ? "it is a password-protected PDF"
		                     : "it is a damaged PDF that could not be opened");
	} else {
		ok = read_pdf(a, doc, lim, out, used_ocr, why);
		g_object_unref(doc);
	}
	if (err)
		g_error_free(err);
	g_bytes_unref(gb);
	pthread_mutex_unlock(&pdf_lock);
	return ok;
}

#else

bool doc_have_pdf(void)
{
	return false;
}

bool doc_pdf_words(arena *a, const char *bytes, size_t len, const doc_limits *lim,
                   doc_words *out, bool *used_ocr, const char **why)
{
	(void)bytes, (void)len, (void)lim, (void)out;
	*used_ocr = false;
	return doc_whyf(a, why, "it is a PDF, and this libpolicy was built without PDF support "
	                "(poppler-glib)");
}

#endif
