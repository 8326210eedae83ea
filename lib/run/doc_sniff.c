/*
 * doc_sniff: what a document's bytes are, decided by the bytes.
 *
 * Hosts name documents by what they are for ("claim form"), not by their
 * format, and a file name may lie. So the kind of input is read from the
 * content: the signatures of PDF ("%PDF-", which the format allows after
 * up to 1 KiB of leading junk), PNG, JPEG, TIFF (both byte orders), and of
 * formats we recognise only to name them in an error (GIF, WebP, ZIP as in
 * Word and Excel files, UTF-16 text). Anything else is text when it looks
 * like text: at most one byte in ten of its first 64 KiB is a NUL, a
 * control character other than white space, or part of an invalid UTF-8
 * sequence. A form with one garbled line stays a form (the extractor
 * treats that line as noise); a file of random bytes is binary, and so
 * unreadable, never an empty document.
 */
#include <stdint.h>
#include <string.h>

#include "run/doc.h"
#include "base/text.h"

enum { SNIFF_WINDOW = 1 << 16, PDF_JUNK_MAX = 1024 };

static bool starts(const char *s, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(s, magic, n) == 0;
}

static bool pdf_signature(const char *s, size_t len)
{
	size_t n = len < PDF_JUNK_MAX + 5 ? len : PDF_JUNK_MAX + 5;
	for (const char *p = s, *end = s + n; end - p >= 5;) {
		p = memchr(p, '%', (size_t)(end - p) - 4);
		if (!p)
			return false;
		if (memcmp(p, "%PDF-", 5) == 0)
			return true;
		p++;
	}
	return false;
}

/* Whether none of the eight bytes at s needs a look: all are printable
 * ASCII (0x20 to 0x7e) or a new line. */
static bool plain_eight(const unsigned char *s)
{
	uint64_t v;
	memcpy(&v, s, 8);
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t nl = v ^ (ones * '\n');
	uint64_t is_nl = (nl - ones) & ~nl & high;                  /* exact where a byte is '\n' */
	uint64_t low = (v - ones * 0x20) & ~v & high;                /* below 0x20 */
	uint64_t del = v ^ (ones * 0x7f);
	uint64_t is_del = (del - ones) & ~del & high;                /* 0x7f */
	return ((v & high) | (low & ~is_nl) | is_del) == 0;
}

static bool looks_like_text(const char *s, size_t len)
{
	size_t n = len < SNIFF_WINDOW ? len : SNIFF_WINDOW, bad = 0, i = 0;
	while (i < n) {
		if (n - i >= 8 && plain_eight((const unsigned char *)s + i)) {
			i += 8;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c == 0 || (c < 0x20 && !strchr("\t\n\v\f\r\x1b", c)) || c == 0x7f)
				bad++;
			i++;
			continue;
		}
		size_t k = text_utf8_len(s + i, n - i);
		if (k == 0) {
			/* a sequence cut by the window's end is not bad */
			if (n < len || n - i >= 4)
				bad++;
			i++;
			continue;
		}
		i += k;
	}
	return bad * 10 <= n;
}

doc_kind doc_sniff(const char *bytes, size_t len)
{
	if (!bytes || len == 0)
		return DOC_KIND_TEXT;
	if (starts(bytes, len, "\x89PNG\r\n\x1a\n", 8))
		return DOC_KIND_PNG;
	if (starts(bytes, len, "\xff\xd8\xff", 3))
		return DOC_KIND_JPEG;
	if (starts(bytes, len, "II*\0", 4) || starts(bytes, len, "MM\0*", 4))
		return DOC_KIND_TIFF;
	if (starts(bytes, len, "GIF87a", 6) || starts(bytes, len, "GIF89a", 6) ||
	    (starts(bytes, len, "RIFF", 4) && len >= 12 && memcmp(bytes + 8, "WEBP", 4) == 0))
		return DOC_KIND_IMAGE;
	if (pdf_signature(bytes, len))
		return DOC_KIND_PDF;
	if (starts(bytes, len, "\xff\xfe", 2) || starts(bytes, len, "\xfe\xff", 2) ||
	    starts(bytes, len, "PK\x03\x04", 4))
		return DOC_KIND_BINARY;
	return looks_like_text(bytes, len) ? DOC_KIND_TEXT : DOC_KIND_BINARY;
}

const char *doc_kind_phrase(doc_kind k)
{
	switch (k) {
	case DOC_KIND_TEXT: return "text";
	case DOC_KIND_PDF: return "a PDF";
	case DOC_KIND_PNG: return "a PNG image";
	case DOC_KIND_JPEG: return "a JPEG image";
	case DOC_KIND_TIFF: return "a TIFF image";
	case DOC_KIND_IMAGE: return "an image in a format that is not read (GIF or WebP)";
	case DOC_KIND_BINARY: break;
	}
	return "binary data, not text, a PDF or an image";
}
