/*
 * Unicode text: validation, NFC and case folding (see text.h).
 *
 * utf8proc does the Unicode work, but its convenient entry point,
 * utf8proc_map, allocates with malloc, and every allocation in lib/ must go
 * through the object's allocator. So we run utf8proc_map's three steps
 * ourselves on memory taken from an arena:
 *
 *   1. utf8proc_decompose with a NULL buffer tells how many code points the
 *      decomposed (and, for text_fold, case-folded) text needs;
 *   2. a second utf8proc_decompose fills an arena buffer of that size, one
 *      slot larger so that step 3 has room for the terminating NUL;
 *   3. utf8proc_normalize_utf32 recomposes the code points (NFC) in place
 *      and utf8proc_reencode turns them into UTF-8, again in place: UTF-8
 *      never takes more bytes than the UTF-32 it comes from.
 *
 * The arena buffer then holds the result; nothing is copied twice.
 *
 * We validate the UTF-8 ourselves before utf8proc sees it, for two reasons:
 * utf8proc reports only "invalid UTF-8", while a diagnostic needs the byte
 * offset of the first bad byte; and a NUL byte, which is valid UTF-8, would
 * silently truncate the C strings the rest of the library hands around.
 * The rules are those of RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF.
 *
 * Most of what we normalize (labels, policy sentences) is ASCII, where NFC
 * changes nothing and case folding is ASCII lowercasing, so ASCII input
 * takes a fast path that skips utf8proc entirely.
 */
#include "base/text.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

size_t text_utf8_len(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	if (len == 0)
		return 0;
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	size_t need;
	uint32_t min;
	uint32_t cp;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
		min = 0x80;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		min = 0x800;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		min = 0x10000;
		cp = c & 0x07;
	} else {
		return 0; /* a continuation byte, an overlong lead (C0, C1) or F5..FF */
	}
	if (len < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return need;
}

bool text_valid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = text_utf8_len(s + i, len - i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

size_t text_columns(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Check the whole string; on failure say where and why. Also tells whether
 * the text is pure ASCII, which lets the callers skip utf8proc. */
static text_status validate(const char *s, size_t len, size_t *bad_offset, bool *ascii)
{
	*ascii = true;
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0) {
			if (bad_offset)
				*bad_offset = i;
			return TEXT_NUL;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		*ascii = false;
		size_t n = text_utf8_len(s + i, len - i);
		if (n == 0) {
			if (bad_offset)
				*bad_offset = i;
			return TEXT_BAD_UTF8;
		}
		i += n;
	}
	return TEXT_OK;
}

static text_status copy_ascii(arena *a, const char *s, size_t len, bool lower, char **out,
                              size_t *out_len)
{
	char *p = arena_strndup(a, s, len);
	if (!p)
		return TEXT_NOMEM;
	if (lower) {
		for (size_t i = 0; i < len; i++)
			if (p[i] >= 'A' && p[i] <= 'Z')
				p[i] = (char)(p[i] - 'A' + 'a');
	}
	*out = p;
	if (out_len)
		*out_len = len;
	return TEXT_OK;
}

/* utf8proc_map's steps on arena memory (see the comment at the top). */
static text_status normalize(arena *a, const char *s, size_t len, utf8proc_option_t options,
                             char **out, size_t *out_len)
{
	if (len > (size_t)PTRDIFF_MAX / 4)
		return TEXT_NOMEM;
	const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t need = utf8proc_decompose(in, (utf8proc_ssize_t)len, NULL, 0, options);
	if (need < 0)
		return need == UTF8PROC_ERROR_NOMEM || need == UTF8PROC_ERROR_OVERFLOW
		               ? TEXT_NOMEM
		               : TEXT_BAD_UTF8;
	if ((size_t)need >= SIZE_MAX / sizeof(utf8proc_int32_t) - 1)
		return TEXT_NOMEM;
	utf8proc_int32_t *cps = arena_alloc(a, ((size_t)need + 1) * sizeof *cps);
	if (!cps)
		return TEXT_NOMEM;
	utf8proc_ssize_t n = utf8proc_decompose(in, (utf8proc_ssize_t)len, cps, need, options);
	if (n < 0 || n > need)
		return TEXT_BAD_UTF8;
	n = utf8proc_normalize_utf32(cps, n, options);
	if (n < 0)
		return TEXT_BAD_UTF8;
	/* Already composed: encoding needs no further normalization options. */
	utf8proc_ssize_t bytes = utf8proc_reencode(cps, n, UTF8PROC_STABLE);
	if (bytes < 0)
		return TEXT_BAD_UTF8;
	*out = (char *)cps;
	if (out_len)
		*out_len = (size_t)bytes;
	return TEXT_OK;
}

enum { SHORT_TEXT = 256 };

static text_status transform(arena *a, const char *s, size_t len, bool fold, char **out,
                             size_t *out_len, size_t *bad_offset)
{
	if (!s) {
		if (len)
			return TEXT_BAD_UTF8;
		s = "";
	}
	/* A short ASCII text without NUL, nearly every label and name: checked
	 * and copied in one pass; anything else goes the whole way below (a
	 * short text that is not ASCII leaves its few bytes in the arena) */
	char *p = NULL;
	if (len <= SHORT_TEXT && !(p = arena_alloc(a, len + 1)))
		return TEXT_NOMEM;
	size_t i = 0;
	for (; p && i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0 || c >= 0x80)
			break;
		p[i] = fold && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : (char)c;
	}
	if (p && i == len) {
		p[len] = '\0';
		*out = p;
		if (out_len)
			*out_len = len;
		return TEXT_OK;
	}
	bool ascii;
	text_status st = validate(s, len, bad_offset, &ascii);
	if (st != TEXT_OK)
		return st;
	if (ascii)
		return copy_ascii(a, s, len, fold, out, out_len);
	utf8proc_option_t options = UTF8PROC_COMPOSE | UTF8PROC_STABLE;
	if (fold)
		options |= UTF8PROC_CASEFOLD;
	return normalize(a, s, len, options, out, out_len);
}

text_status text_nfc(arena *a, const char *s, size_t len, char **out, size_t *out_len,
                     size_t *bad_offset)
{
	return transform(a, s, len, false, out, out_len, bad_offset);
}

text_status text_fold(arena *a, const char *s, size_t len, char **out, size_t *out_len,
                      size_t *bad_offset)
{
	return transform(a, s, len, true, out, out_len, bad_offset);
}
