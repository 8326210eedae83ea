/*
 * Unicode text: validation and normalization with utf8proc, allocating
 * only through our arenas (utf8proc_map would call malloc, so we use its
 * decompose/normalize/reencode steps on buffers we own).
 */
#ifndef POLICY_TEXT_H
#define POLICY_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/alloc.h"

typedef enum text_status {
	TEXT_OK = 0,
	TEXT_BAD_UTF8, /* invalid UTF-8 at *bad_offset */
	TEXT_NUL,      /* a NUL byte at *bad_offset */
	TEXT_NOMEM
} text_status;

/* Validate `s` and write its NFC form to the arena (NUL-terminated). */
text_status text_nfc(arena *a, const char *s, size_t len, char **out, size_t *out_len,
                     size_t *bad_offset);

/* NFC + Unicode case folding ("Straße" -> "strasse"). */
text_status text_fold(arena *a, const char *s, size_t len, char **out, size_t *out_len,
                      size_t *bad_offset);

/* Byte length of the valid UTF-8 sequence starting at s (1..4), or 0 if
 * the bytes there are not valid UTF-8. */
size_t text_utf8_len(const char *s, size_t len);

/* Whether all len bytes of s are valid UTF-8. */
bool text_valid_utf8(const char *s, size_t len);

/* Number of characters (code points) in a valid UTF-8 string: for columns. */
size_t text_columns(const char *s, size_t len);

#endif
