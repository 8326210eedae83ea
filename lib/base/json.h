/*
 * A small, strict JSON reader and a canonical writer.
 *
 * lib/ does not use cJSON because cJSON's allocator hooks are process-wide
 * (cJSON_InitHooks): honouring each handle's allocator would mean changing
 * global state under the host's own use of cJSON. This reader allocates
 * from an arena, enforces depth and size limits, reports errors with line
 * and column, keeps numbers as their source text (no doubles: plans hold
 * exact decimals) and rejects what RFC 8259 rejects: trailing commas,
 * comments, bad escapes, unpaired surrogates, invalid UTF-8, duplicate
 * keys, leading zeros, NaN. The writer produces the canonical form plans
 * and trails are hashed in: keys in the order given, two-space indentation
 * (or compact), minimal escapes.
 */
#ifndef POLICY_JSON_H
#define POLICY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/alloc.h"

typedef enum json_kind {
	JSON_NULL = 0,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
} json_kind;

typedef struct json_value json_value;

struct json_value {
	json_kind kind;
	unsigned line, column;  /* where the value starts in the source */
	/* number: its source text; string: the unescaped UTF-8 (NUL-terminated;
	 * may contain NUL bytes, see len). */
	const char *str;
	size_t len;
	/* array items or object members, in source order */
	json_value **items;
	const char **keys;      /* object keys (NUL-terminated), parallel to items */
	size_t *key_lens;
	size_t count;
};

typedef struct json_limits {
	size_t max_bytes;    /* 0: no limit */
	unsigned max_depth;  /* 0: 64 */
} json_limits;

typedef struct json_error {
	unsigned line, column;
	bool nomem;         /* the failure was an allocation, not the input */
	bool limit;         /* a limit was exceeded */
	char message[160];
} json_error;

/* Parse exactly one JSON value (surrounding whitespace allowed). */
bool json_parse(arena *a, const char *text, size_t len, const json_limits *limits,
                json_value **out, json_error *err);

/* Object member by key, or NULL (also when `obj` is not an object). */
const json_value *json_get(const json_value *obj, const char *key);
/* Convenience: the member's string, or NULL if absent, not a string, or
 * holding a NUL byte (\u0000), which a C string would silently cut short. */
const char *json_get_string(const json_value *obj, const char *key);
/* An integer member; false if absent, not an integer or out of range. */
bool json_get_int(const json_value *obj, const char *key, int64_t min, int64_t max, int64_t *out);
bool json_is_int(const json_value *v, int64_t min, int64_t max, int64_t *out);

/* ---- reading what the writer wrote ---- */

/* A member's value as it stands in the text: "\"claim form\"", "3",
 * "{...}". */
typedef struct json_span {
	const char *p;
	size_t len;
} json_span;

/* The members of an object as this library's compact writer writes it
 * (jw_* not pretty: no white space, keys without escapes, no key twice),
 * without parsing it: for each of the `n` keys, the text of its value, or
 * {NULL, 0} when absent; *others (if not NULL) counts the members not
 * asked for. Strings and numbers are not checked, so read only JSON this
 * library wrote, or parsed and wrote again. False when the text is not
 * such an object (white space, a key asked for twice, nesting deeper than
 * 16): parse it then. */
bool json_written_members(const char *text, size_t len, const char *const *keys, size_t n,
                          json_span *out, size_t *others);

/* ---- writer ---- */

typedef struct json_writer {
	buf *b;
	bool pretty;         /* newline + two-space indentation */
	unsigned depth;
	bool need_comma;
	bool after_key;
} json_writer;

void jw_init(json_writer *w, buf *b, bool pretty);
void jw_begin_object(json_writer *w);
void jw_end_object(json_writer *w);
void jw_begin_array(json_writer *w);
void jw_end_array(json_writer *w);
void jw_key(json_writer *w, const char *key);
/* A key of `len` bytes, which may include NUL (as parsed keys can). */
void jw_key_n(json_writer *w, const char *key, size_t len);
/* A key already written as JSON, quotes and colon ("\"page\":"): jw_key
 * without a look at each byte, for the fixed keys of answers written many
 * times. jw_key_lit takes the key as a string literal that needs no
 * escaping (printable ASCII but '"' and '\\'). */
void jw_key_json(json_writer *w, const char *json, size_t len);
#define jw_key_lit(w, lit) jw_key_json((w), "\"" lit "\":", sizeof(lit) + 2)
void jw_string(json_writer *w, const char *s);
/* jw_key and jw_string: "key": "s", or "key": null when s is NULL. */
void jw_member_string(json_writer *w, const char *key, const char *s);
void jw_string_n(json_writer *w, const char *s, size_t len);
void jw_int(json_writer *w, int64_t v);
void jw_uint(json_writer *w, uint64_t v);
void jw_bool(json_writer *w, bool v);
void jw_null(json_writer *w);
/* Write pre-rendered JSON (a number's text, or a nested document). */
void jw_raw(json_writer *w, const char *json, size_t len);
/* jw_raw in place: the buffer to append one value's JSON to, which the
 * caller writes before anything else goes to the writer. */
buf *jw_raw_buf(json_writer *w);
/* Re-emit a parsed value in this writer's style. */
void jw_value(json_writer *w, const json_value *v);

/* Append `s` as a JSON string literal (with quotes) to b. */
void json_escape(buf *b, const char *s, size_t len);

#endif
