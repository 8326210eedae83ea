/*
 * doc_read: a document's bytes to the text lines the extractor reads (see
 * doc.h).
 *
 * The kind comes from doc_sniff. Text passes through untouched, so a text
 * form reads exactly as it always did. A PDF goes to doc_pdf (its text
 * layer; pages without one to OCR), an image to doc_ocr; both give words
 * with boxes, and doc_layout makes lines of them. Every way of failing
 * ends in out->unreadable, a reason written to follow "the claim form
 * could not be read: ": the format without the feature this build lacks,
 * a damaged or encrypted PDF, a page past a limit, a document with no
 * words at all.
 */
#include <string.h>

#include "run/doc.h"

static doc_limits limits_or_defaults(const doc_limits *lim)
{
	doc_limits l = { DOC_MAX_PAGES, DOC_MAX_PIXELS, DOC_MAX_MS, DOC_MIN_CONF };
	if (lim) {
		if (lim->max_pages)
			l.max_pages = lim->max_pages;
		if (lim->max_pixels)
			l.max_pixels = lim->max_pixels;
		if (lim->max_ms)
			l.max_ms = lim->max_ms;
		if (lim->min_conf)
			l.min_conf = lim->min_conf;
	}
	return l;
}

bool doc_read(arena *a, const char *bytes, size_t len, const doc_limits *lim, doc_text *out)
{
	memset(out, 0, sizeof *out);
	doc_limits l = limits_or_defaults(lim);
	out->min_conf = l.min_conf;
	doc_kind kind = doc_sniff(bytes, len);
	doc_words ws = { 0 };
	const char *why = NULL;
	bool ocr = false;
	switch (kind) {
	case DOC_KIND_TEXT:
		out->text = bytes ? bytes : "";
		out->len = len;
		out->source = "text";
		return true;
	case DOC_KIND_PDF:
		if (!doc_have_pdf())
			return doc_whyf(a, &out->unreadable,
			           "it is %s, and this libpolicy was built without PDF support "
			           "(poppler-glib)", doc_kind_phrase(kind));
		if (!doc_pdf_words(a, bytes, len, &l, &ws, &ocr, &why))
			return false;
		out->source = ocr ? "pdf+ocr" : "pdf";
		break;
	case DOC_KIND_PNG:
	case DOC_KIND_JPEG:
	case DOC_KIND_TIFF:
		if (!doc_have_ocr())
			return doc_whyf(a, &out->unreadable,
			           "it is %s, and this libpolicy was built without OCR (Tesseract)",
			           doc_kind_phrase(kind));
		if (!doc_ocr_image(a, bytes, len, &l, &ws, &why))
			return false;
		ocr = true;
		out->source = "ocr";
		break;
	default:
		return doc_whyf(a, &out->unreadable, "it is %s", doc_kind_phrase(kind));
	}
	if (why) {
		out->unreadable = why;
		return true;
	}
	if (ws.n == 0)
		return doc_whyf(a, &out->unreadable, "%s", ocr ? "no words were recognized on any page"
		                                           : "it has no text on any page");
	return doc_layout(a, &ws, out);
}
