/*
 * doc_words: the words read from a page, and the reasons a document could
 * not be read, shared by the readers (doc_pdf, doc_ocr) and doc_read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "run/doc.h"

bool doc_words_add(arena *a, doc_words *ws, const char *text, size_t len, unsigned page,
                   doc_box box, int conf)
{
	if (ws->n == ws->cap) {
		size_t cap = ws->cap ? ws->cap * 2 : 64;
		doc_word *w = arena_grow(a, ws->w, ws->n, cap, sizeof *w);
		if (!w)
			return false;
		ws->w = w;
		ws->cap = cap;
	}
	char *copy = arena_strndup(a, text, len);
	if (!copy)
		return false;
	ws->w[ws->n++] = (doc_word){ copy, len, page, box, conf };
	if (page > ws->pages)
		ws->pages = page;
	return true;
}

bool doc_whyf(arena *a, const char **why, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	*why = arena_strdup(a, tmp);
	return *why != NULL;
}
