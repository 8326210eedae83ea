/*
 * Tests for the JSON reader and writer (lib/base/json.c).
 *
 * Plans and trails are loaded from untrusted files, so the reader's
 * rejections matter as much as its acceptances: every way a document can be
 * refused is a row in a table below, with the exact message and the line
 * and column a person would look at. The writer is the canonical form that
 * hashes are computed over, so its output is compared byte for byte, and
 * cJSON, an independent parser, confirms that what we write is JSON.
 *
 * Three properties tie reader and writer together:
 *  - canonical text survives parse -> jw_value unchanged, in both modes;
 *  - whatever the reader accepts, rewriting it is idempotent (checked on
 *    thousands of random mutations of a real document, which also feeds the
 *    sanitizers odd inputs);
 *  - no allocation failure, wherever it strikes, leaks or crashes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/json.h"

/* ------------------------------------------------------------------------ */
/* A counting allocator that can fail the Nth allocation                    */

typedef struct counting {
	long live;        /* allocations not yet freed */
	long calls;       /* malloc/realloc calls so far */
	long fail_call;   /* this call (1-based) fails; 0: none */
} counting;

static void *counting_malloc(size_t size, void *ud)
{
	counting *c = ud;
	if (++c->calls == c->fail_call)
		return NULL;
	void *p = malloc(size);
	if (p)
		c->live++;
	return p;
}

static void *counting_realloc(void *ptr, size_t size, void *ud)
{
	counting *c = ud;
	if (++c->calls == c->fail_call)
		return NULL;
	void *p = realloc(ptr, size);
	if (p && !ptr)
		c->live++;
	return p;
}

static void counting_free(void *ptr, void *ud)
{
	counting *c = ud;
	if (ptr)
		c->live--;
	free(ptr);
}

static mem counting_mem(counting *c)
{
	policy_allocator a = { counting_malloc, counting_realloc, counting_free, c };
	return mem_from(&a);
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

static mem libc;
static arena A;

static int setup(void **state)
{
	(void)state;
	libc = mem_from(NULL);
	arena_init(&A, &libc);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&A);
	return 0;
}

static const json_value *parse_ok(const char *text)
{
	json_value *v = NULL;
	json_error err;
	if (!json_parse(&A, text, strlen(text), NULL, &v, &err))
		fail_msg("rejected %s: %s at %u:%u", text, err.message, err.line, err.column);
	return v;
}

static void assert_string_value(const json_value *v, const char *bytes, size_t len)
{
	assert_non_null(v);
	assert_int_equal(v->kind, JSON_STRING);
	assert_int_equal(v->len, len);
	assert_memory_equal(v->str, bytes, len);
	assert_int_equal(v->str[len], '\0');
}

/* A document that must be refused: message and position are the product. */
typedef struct rejection {
	const char *text;
	size_t len;           /* 0: strlen(text) */
	const char *message;
	unsigned line, column;
} rejection;

static void check_rejections(const rejection *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const rejection *r = &rows[i];
		size_t len = r->len ? r->len : strlen(r->text);
		json_value *v = NULL;
		json_error err;
		bool ok = json_parse(&A, r->text, len, NULL, &v, &err);
		if (ok)
			fail_msg("row %zu (%s): accepted", i, r->text);
		if (strcmp(err.message, r->message) != 0 || err.line != r->line ||
		    err.column != r->column || err.nomem || err.limit)
			fail_msg("row %zu (%s): got \"%s\" at %u:%u, want \"%s\" at %u:%u", i, r->text,
			         err.message, err.line, err.column, r->message, r->line, r->column);
		assert_null(v);
	}
}

#define CHECK_REJECTIONS(rows) check_rejections(rows, sizeof rows / sizeof rows[0])

/* The writer's text for a parsed value. */
static char *rewrite(const json_value *v, bool pretty)
{
	buf b;
	buf_init(&b, &libc);
	json_writer w;
	jw_init(&w, &b, pretty);
	jw_value(&w, v);
	char *s = strdup(buf_cstr(&b));
	buf_release(&b);
	return s;
}

/* ------------------------------------------------------------------------ */
/* Accepted documents                                                       */

static void scalars_keep_their_kind_and_text(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("null")->kind, JSON_NULL);
	assert_int_equal(parse_ok("true")->kind, JSON_TRUE);
	assert_int_equal(parse_ok("false")->kind, JSON_FALSE);

	/* Numbers are kept as written: exact decimals must not pass through
	 * a double. */
	static const char *numbers[] = {
		"0", "-0", "7", "-12", "3.25", "-0.5", "1e10", "1E+2", "2.5e-3", "0e0",
		"123456789012345678901234567890.000000000000000000001",
	};
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		const json_value *v = parse_ok(numbers[i]);
		assert_int_equal(v->kind, JSON_NUMBER);
		assert_int_equal(v->len, strlen(numbers[i]));
		assert_string_equal(v->str, numbers[i]);
	}

	const json_value *spaced = parse_ok(" \t\r\n 42 \r\n\t ");
	assert_string_equal(spaced->str, "42");
	assert_int_equal(spaced->line, 2);
	assert_int_equal(spaced->column, 2);
}

static void strings_are_unescaped_utf8(void **state)
{
	(void)state;
	assert_string_value(parse_ok("\"\""), "", 0);
	assert_string_value(parse_ok("\"plain text\""), "plain text", 10);
	assert_string_value(parse_ok("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""),
	                    "\" \\ / \b \f \n \r \t", 15);
	assert_string_value(parse_ok("\"\\u0041\\u00e9\\u20AC\""), "A\xC3\xA9\xE2\x82\xAC", 6);
	/* A surrogate pair is one character, U+1F600. */
	assert_string_value(parse_ok("\"\\uD83D\\uDE00\""), "\xF0\x9F\x98\x80", 4);
	/* \u0000 is kept: len, not strlen, is the length. */
	assert_string_value(parse_ok("\"a\\u0000b\""), "a\0b", 3);
	/* Raw UTF-8 at the edges of each valid range. */
	assert_string_value(parse_ok("\"\xC2\x80\xDF\xBF\""), "\xC2\x80\xDF\xBF", 4);
	assert_string_value(parse_ok("\"\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\""),
	                    "\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF", 12);
	assert_string_value(parse_ok("\"\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\""),
	                    "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 8);
	/* DEL is not a control character in JSON. */
	assert_string_value(parse_ok("\"\x7F\""), "\x7F", 1);
}

static void containers_keep_source_order_and_positions(void **state)
{
	(void)state;
	const char *doc =
		"{\n"
		"  \"name\": \"caf\xC3\xA9\",\n"
		"\t\"n\": [1, true, {}, []],\n"
		"  \"\xC3\xA9\xC3\xA9\": null\n"
		"}";
	const json_value *v = parse_ok(doc);
	assert_int_equal(v->kind, JSON_OBJECT);
	assert_int_equal(v->line, 1);
	assert_int_equal(v->column, 1);
	assert_int_equal(v->count, 3);
	assert_string_equal(v->keys[0], "name");
	assert_string_equal(v->keys[1], "n");
	assert_string_equal(v->keys[2], "\xC3\xA9\xC3\xA9");
	assert_int_equal(v->key_lens[2], 4);

	const json_value *name = v->items[0];
	assert_string_value(name, "caf\xC3\xA9", 5);
	assert_int_equal(name->line, 2);
	assert_int_equal(name->column, 11);

	const json_value *n = v->items[1];
	assert_int_equal(n->kind, JSON_ARRAY);
	assert_int_equal(n->count, 4);
	assert_int_equal(n->line, 3);
	assert_int_equal(n->column, 7);  /* a tab is one column */
	assert_int_equal(n->items[0]->column, 8);
	assert_int_equal(n->items[1]->kind, JSON_TRUE);
	assert_int_equal(n->items[1]->column, 11);
	assert_int_equal(n->items[2]->kind, JSON_OBJECT);
	assert_int_equal(n->items[2]->count, 0);
	assert_int_equal(n->items[3]->kind, JSON_ARRAY);
	assert_int_equal(n->items[3]->count, 0);

	/* Columns count characters, not bytes: "éé" is two columns. */
	assert_int_equal(v->items[2]->line, 4);
	assert_int_equal(v->items[2]->column, 9);
}

static void keys_may_hold_nul_and_escapes(void **state)
{
	(void)state;
	const json_value *v = parse_ok("{\"a\\u0000b\": 1, \"a\": 2, \"\\u0062\": 3}");
	assert_int_equal(v->count, 3);
	assert_int_equal(v->key_lens[0], 3);
	assert_memory_equal(v->keys[0], "a\0b", 4);
	assert_string_equal(v->keys[2], "b");
	assert_string_equal(json_get(v, "a")->str, "2");
	assert_string_equal(json_get(v, "b")->str, "3");
}

static void input_need_not_be_nul_terminated(void **state)
{
	(void)state;
	json_value *v;
	json_error err;
	const char text[] = { '1', '2', '3', '4' };
	assert_true(json_parse(&A, text, 2, NULL, &v, &err));
	assert_string_equal(v->str, "12");

	const char word[] = { 't', 'r', 'u', 'e' };
	assert_false(json_parse(&A, word, 3, NULL, &v, &err));
	assert_string_equal(err.message, "unknown word 'tru' (expected true, false or null)");

	const char str[] = { '"', 'a', 'b', '"' };
	assert_false(json_parse(&A, str, 3, NULL, &v, &err));
	assert_string_equal(err.message, "unterminated string");
}

/* ------------------------------------------------------------------------ */
/* Rejected documents                                                       */

static void syntax_errors_point_at_the_problem(void **state)
{
	(void)state;
	static const rejection rows[] = {
		{ "", 0, "expected a value, found end of input", 1, 1 },
		{ "  \n  ", 0, "expected a value, found end of input", 2, 3 },
		{ "[1,2,]", 0, "trailing comma before ']'", 1, 5 },
		{ "{\"a\":1,}", 0, "trailing comma before '}'", 1, 7 },
		{ "{\"a\":1,\n}", 0, "trailing comma before '}'", 1, 7 },
		{ "[1 2]", 0, "expected ',' or ']' after an array item", 1, 4 },
		{ "[1,2", 0, "expected ',' or ']' after an array item, found end of input", 1, 5 },
		{ "{\"a\":1 \"b\":2}", 0, "expected ',' or '}' after an object member", 1, 8 },
		{ "{\"a\":1", 0, "expected ',' or '}' after an object member, found end of input", 1, 7 },
		{ "{\"a\" 1}", 0, "expected ':' after an object key", 1, 6 },
		{ "{\"a\"", 0, "expected ':' after an object key, found end of input", 1, 5 },
		{ "{a:1}", 0, "expected a string key in double quotes", 1, 2 },
		{ "{,}", 0, "expected a string key in double quotes", 1, 2 },
		{ "{", 0, "expected a string key in double quotes, found end of input", 1, 2 },
		{ "{'a':1}", 0, "strings must use double quotes", 1, 2 },
		{ "['a']", 0, "strings must use double quotes", 1, 2 },
		{ "{\"a\":}", 0, "expected a value", 1, 6 },
		{ "[,1]", 0, "expected a value", 1, 2 },
		{ "[1,,2]", 0, "expected a value", 1, 4 },
		{ "[", 0, "expected a value, found end of input", 1, 2 },
		{ "@", 0, "expected a value", 1, 1 },
		{ "\f1", 0, "expected a value", 1, 1 },           /* not JSON whitespace */
		{ "\xEF\xBB\xBF{}", 0, "expected a value", 1, 1 }, /* byte order mark */
		{ "[1,\0]", 5, "expected a value", 1, 4 },
		{ "truex", 0, "unknown word 'truex' (expected true, false or null)", 1, 1 },
		{ "[True]", 0, "unknown word 'True' (expected true, false or null)", 1, 2 },
		{ "undefined", 0, "unknown word 'undefined' (expected true, false or null)", 1, 1 },
		{ "// note\n{}", 0, "comments are not allowed in JSON", 1, 1 },
		{ "[1 /* one */]", 0, "comments are not allowed in JSON", 1, 4 },
		{ "{\"a\": /* x */ 1}", 0, "comments are not allowed in JSON", 1, 7 },
		{ "{} // done", 0, "comments are not allowed in JSON", 1, 4 },
		{ "{\"a\":1}x", 0, "unexpected text after the JSON value", 1, 8 },
		{ "1 2", 0, "unexpected text after the JSON value", 1, 3 },
		{ "[1]]", 0, "unexpected text after the JSON value", 1, 4 },
		{ "{}\n\n  ,", 0, "unexpected text after the JSON value", 3, 3 },
		{ "{\n  \"a\": 1,\n  \"b\" 2\n}", 0, "expected ':' after an object key", 3, 7 },
		/* Columns are characters: "héllo" is five of them. */
		{ "[\"h\xC3\xA9llo\" x]", 0, "expected ',' or ']' after an array item", 1, 10 },
		{ "\t[\t1\t", 0, "expected ',' or ']' after an array item, found end of input", 1, 6 },
	};
	CHECK_REJECTIONS(rows);
}

static void numbers_follow_rfc_8259(void **state)
{
	(void)state;
	static const rejection rows[] = {
		{ "01", 0, "leading zeros are not allowed in numbers", 1, 1 },
		{ "-01", 0, "leading zeros are not allowed in numbers", 1, 1 },
		{ "[00]", 0, "leading zeros are not allowed in numbers", 1, 2 },
		{ "+1", 0, "a number cannot start with '+'", 1, 1 },
		{ ".5", 0, "a number cannot start with '.'", 1, 1 },
		{ "[-.5]", 0, "expected a digit after '-'", 1, 3 },
		{ "-", 0, "expected a digit after '-', found end of input", 1, 2 },
		{ "1.", 0, "expected a digit after '.' in a number, found end of input", 1, 3 },
		{ "1.e5", 0, "expected a digit after '.' in a number", 1, 3 },
		{ "1e", 0, "expected a digit in the exponent of a number, found end of input", 1, 3 },
		{ "1e+", 0, "expected a digit in the exponent of a number, found end of input", 1, 4 },
		{ "[1E-x]", 0, "expected a digit in the exponent of a number", 1, 5 },
		{ "NaN", 0, "NaN is not a valid JSON number", 1, 1 },
		{ "[Infinity]", 0, "Infinity is not a valid JSON number", 1, 2 },
		{ "-Infinity", 0, "Infinity is not a valid JSON number", 1, 1 },
		{ "0x10", 0, "unexpected text after the JSON value", 1, 2 },
		{ "1.5.3", 0, "unexpected text after the JSON value", 1, 4 },
	};
	CHECK_REJECTIONS(rows);
}

static void strings_follow_rfc_8259(void **state)
{
	(void)state;
	static const rejection rows[] = {
		{ "\"abc", 0, "unterminated string", 1, 1 },
		{ "[\"abc\\", 0, "unterminated string", 1, 2 },
		{ "[\"a\\\"]", 0, "unterminated string", 1, 2 },
		{ "\"a\\x\"", 0, "invalid escape '\\x' in a string", 1, 3 },
		{ "\"\\'\"", 0, "invalid escape '\\'' in a string", 1, 2 },
		{ "\"\\U0041\"", 0, "invalid escape '\\U' in a string", 1, 2 },
		{ "\"\\u12\"", 0, "expected four hex digits after '\\u'", 1, 2 },
		{ "\"\\u12G4\"", 0, "expected four hex digits after '\\u'", 1, 2 },
		{ "\"\\uD800\"", 0, "unpaired surrogate '\\uD800' in a string", 1, 2 },
		{ "\"\\uD800\\u0041\"", 0, "unpaired surrogate '\\uD800' in a string", 1, 2 },
		{ "\"\\uD800\\uD800\"", 0, "unpaired surrogate '\\uD800' in a string", 1, 2 },
		{ "\"\\udbff\\n\"", 0, "unpaired surrogate '\\uDBFF' in a string", 1, 2 },
		{ "\"x\\uDC00\"", 0, "unpaired surrogate '\\uDC00' in a string", 1, 3 },
		{ "\"a\tb\"", 0, "control character U+0009 must be escaped in a string", 1, 3 },
		{ "\"a\nb\"", 0, "control character U+000A must be escaped in a string", 1, 3 },
		{ "\"\x1F\"", 0, "control character U+001F must be escaped in a string", 1, 2 },
		{ "\"a\0b\"", 5, "control character U+0000 must be escaped in a string", 1, 3 },
		{ "\"\\\n\"", 0, "invalid escape '\\\\u000a' in a string", 1, 2 },
	};
	CHECK_REJECTIONS(rows);
}

static void invalid_utf8_is_rejected(void **state)
{
	(void)state;
	static const rejection rows[] = {
		{ "\"\xC0\xAF\"", 0, "invalid UTF-8: overlong encoding", 1, 2 },
		{ "\"\xC1\xBF\"", 0, "invalid UTF-8: overlong encoding", 1, 2 },
		{ "\"\xE0\x80\xAF\"", 0, "invalid UTF-8: overlong encoding", 1, 2 },
		{ "\"\xE0\x9F\xBF\"", 0, "invalid UTF-8: overlong encoding", 1, 2 },
		{ "\"\xF0\x80\x80\xAF\"", 0, "invalid UTF-8: overlong encoding", 1, 2 },
		{ "\"\xF0\x8F\xBF\xBF\"", 0, "invalid UTF-8: overlong encoding", 1, 2 },
		{ "\"\xED\xA0\x80\"", 0, "invalid UTF-8: encoded surrogate", 1, 2 },
		{ "\"\xED\xBF\xBF\"", 0, "invalid UTF-8: encoded surrogate", 1, 2 },
		{ "\"\xF4\x90\x80\x80\"", 0, "invalid UTF-8: code point above U+10FFFF", 1, 2 },
		{ "\"\xF5\x80\x80\x80\"", 0, "invalid UTF-8: byte 0xF5", 1, 2 },
		{ "\"\xFF\"", 0, "invalid UTF-8: byte 0xFF", 1, 2 },
		{ "\"\x80\"", 0, "invalid UTF-8: unexpected continuation byte 0x80", 1, 2 },
		{ "\"\xC3\"", 0, "invalid UTF-8: truncated sequence", 1, 2 },
		{ "\"\xE2\x82\"", 0, "invalid UTF-8: truncated sequence", 1, 2 },
		{ "\"\xF0\x9F\x98(\"", 0, "invalid UTF-8: truncated sequence", 1, 2 },
		{ "\"ab\xC3", 0, "invalid UTF-8: truncated sequence", 1, 4 },
		{ "\"\xC3\xA9\xC3(\"", 0, "invalid UTF-8: truncated sequence", 1, 3 },
		/* Outside strings a non-ASCII byte is simply not JSON. */
		{ "\xC3\xA9", 0, "expected a value", 1, 1 },
	};
	CHECK_REJECTIONS(rows);
}

static void duplicate_keys_are_rejected(void **state)
{
	(void)state;
	static const rejection rows[] = {
		{ "{\"steps\":1,\"steps\":2}", 0, "duplicate key \"steps\"", 1, 12 },
		{ "{\"a\":1,\"b\":{\"a\":2},\"a\":3}", 0, "duplicate key \"a\"", 1, 20 },
		{ "{\"b\":{\"a\":2,\"a\":3}}", 0, "duplicate key \"a\"", 1, 13 },
		/* Keys compare after unescaping. */
		{ "{\"a\":1,\n \"\\u0061\":2}", 0, "duplicate key \"a\"", 2, 2 },
		{ "{\"a\\u0000\":1,\"a\\u0000\":2}", 0, "duplicate key \"a\\u0000\"", 1, 14 },
		/* The earliest repeat in source order is named, not the first in
		 * sort order. */
		{ "{\"z\":1,\"a\":2,\"z\":3,\"a\":4}", 0, "duplicate key \"z\"", 1, 14 },
		/* A key quoted in a message cannot run away with it. */
		{ "{\"\\\"\\\\\\n\":1,\"\\\"\\\\\\n\":2}", 0, "duplicate key \"\\\"\\\\\\u000a\"", 1, 13 },
	};
	CHECK_REJECTIONS(rows);
}

/* Objects bigger than the pair-by-pair threshold go through the sort. */
static void duplicate_keys_in_big_objects(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, &libc);
	buf_puts(&b, "{\n");
	for (int i = 0; i < 40; i++)
		buf_printf(&b, "\"k%d\": %d,\n", 39 - i, i);
	buf_puts(&b, "\"k7\": 0,\n\"k3\": 0\n}");
	json_value *v;
	json_error err;
	assert_false(json_parse(&A, buf_cstr(&b), b.len, NULL, &v, &err));
	assert_string_equal(err.message, "duplicate key \"k7\"");
	assert_int_equal(err.line, 42);
	assert_int_equal(err.column, 1);
	buf_release(&b);

	/* Long keys that differ only at their ends. */
	buf_init(&b, &libc);
	buf_putc(&b, '{');
	char prefix[201];
	memset(prefix, 'p', 200);
	prefix[200] = '\0';
	for (int i = 0; i < 100; i++)
		buf_printf(&b, "%s\"%s%d\":%d", i ? "," : "", prefix, i, i);
	buf_putc(&b, '}');
	assert_true(json_parse(&A, buf_cstr(&b), b.len, NULL, &v, &err));
	assert_int_equal(v->count, 100);
	b.len--;
	buf_printf(&b, ",\"%s42\":0}", prefix);
	assert_false(json_parse(&A, buf_cstr(&b), b.len, NULL, &v, &err));
	assert_true(strncmp(err.message, "duplicate key \"pppp", 19) == 0);
	assert_non_null(strstr(err.message, "...\""));  /* shortened */
	buf_release(&b);

	/* Escaped control characters take six bytes each in a message; the
	 * preview still ends cleanly. */
	buf_init(&b, &libc);
	buf_putc(&b, '{');
	for (int copy = 0; copy < 2; copy++) {
		buf_puts(&b, copy ? ",\"" : "\"");
		for (int i = 0; i < 40; i++)
			buf_puts(&b, "\\u0001");
		buf_puts(&b, "\":0");
	}
	buf_putc(&b, '}');
	assert_false(json_parse(&A, buf_cstr(&b), b.len, NULL, &v, &err));
	assert_true(strncmp(err.message, "duplicate key \"\\u0001\\u0001", 27) == 0);
	assert_non_null(strstr(err.message, "\\u0001...\""));
	assert_int_equal(err.column, 247);
	buf_release(&b);
}

/* ------------------------------------------------------------------------ */
/* Limits                                                                   */

static char *nested_arrays(size_t depth)
{
	char *s = malloc(2 * depth + 1);
	memset(s, '[', depth);
	memset(s + depth, ']', depth);
	s[2 * depth] = '\0';
	return s;
}

static void depth_limit_defaults_to_64(void **state)
{
	(void)state;
	json_value *v;
	json_error err;
	char *ok = nested_arrays(64);
	assert_true(json_parse(&A, ok, strlen(ok), NULL, &v, &err));
	free(ok);

	char *deep = nested_arrays(65);
	assert_false(json_parse(&A, deep, strlen(deep), NULL, &v, &err));
	assert_string_equal(err.message, "nesting is deeper than the limit of 64 levels");
	assert_true(err.limit);
	assert_false(err.nomem);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 65);
	free(deep);

	/* Far too deep for the stack, if the limit were not checked. */
	char *hostile = nested_arrays(1000000);
	assert_false(json_parse(&A, hostile, strlen(hostile), NULL, &v, &err));
	assert_true(err.limit);
	free(hostile);
}

static void depth_limit_counts_objects_and_arrays(void **state)
{
	(void)state;
	json_limits limits = { .max_depth = 2 };
	json_value *v;
	json_error err;
	const char *two = "{\"a\":[1, {}]}";
	assert_false(json_parse(&A, two, strlen(two), &limits, &v, &err));
	assert_string_equal(err.message, "nesting is deeper than the limit of 2 levels");
	assert_int_equal(err.column, 10);
	assert_true(err.limit);

	const char *nested = "{\"a\":[1], \"d\":[[]]}";
	assert_false(json_parse(&A, nested, strlen(nested), &limits, &v, &err));
	assert_int_equal(err.column, 16);  /* the inner '[' of [[]] */

	const char *fits = "[{\"a\":1}, [2], {}]";
	assert_true(json_parse(&A, fits, strlen(fits), &limits, &v, &err));
}

static void byte_limit(void **state)
{
	(void)state;
	json_limits limits = { .max_bytes = 10 };
	json_value *v;
	json_error err;
	assert_true(json_parse(&A, "[1,2,3,40]", 10, &limits, &v, &err));
	assert_false(json_parse(&A, "[1,2,3,400]", 11, &limits, &v, &err));
	assert_string_equal(err.message, "the document is larger than the limit of 10 bytes");
	assert_true(err.limit);
	assert_false(err.nomem);
	assert_int_equal(err.line, 0);   /* the whole document, not one place */
	assert_int_equal(err.column, 0);
}

/* ------------------------------------------------------------------------ */
/* Big inputs stay linear                                                   */

static void hundred_thousand_items(void **state)
{
	(void)state;
	enum { N = 100000 };
	buf b;
	buf_init(&b, &libc);
	buf_putc(&b, '[');
	for (int i = 0; i < N; i++)
		buf_printf(&b, "%s%d", i ? "," : "", i);
	buf_putc(&b, ']');
	json_value *v;
	json_error err;
	assert_true(json_parse(&A, buf_cstr(&b), b.len, NULL, &v, &err));
	assert_int_equal(v->count, N);
	assert_string_equal(v->items[N - 1]->str, "99999");
	/* All on one line: the column of the last item is its offset + 1. */
	assert_int_equal(v->items[N - 1]->line, 1);
	assert_int_equal(v->items[N - 1]->column, b.len - 5);
	buf_release(&b);
}

static void hundred_thousand_members(void **state)
{
	(void)state;
	enum { N = 100000 };
	buf b;
	buf_init(&b, &libc);
	buf_puts(&b, "{\n");
	for (int i = 0; i < N; i++)
		buf_printf(&b, "%s\"key%d\": %d", i ? ",\n" : "", i, i);
	size_t closed = b.len;
	buf_puts(&b, "\n}");
	json_value *v;
	json_error err;
	assert_true(json_parse(&A, buf_cstr(&b), b.len, NULL, &v, &err));
	assert_int_equal(v->count, N);
	assert_string_equal(v->keys[N - 1], "key99999");
	int64_t n;
	assert_true(json_get_int(v, "key54321", 0, N, &n));
	assert_int_equal(n, 54321);

	/* The same object with two late repeats: the earlier one is named. */
	b.len = closed;
	buf_puts(&b, ",\n\"key99998\": 0,\n\"key3\": 0\n}");
	assert_false(json_parse(&A, buf_cstr(&b), b.len, NULL, &v, &err));
	assert_string_equal(err.message, "duplicate key \"key99998\"");
	assert_int_equal(err.line, N + 2);
	assert_int_equal(err.column, 1);
	buf_release(&b);
}

/* ------------------------------------------------------------------------ */
/* Lookup helpers                                                           */

static void lookups(void **state)
{
	(void)state;
	const json_value *v = parse_ok(
		"{\"name\": \"refund\", \"limit\": 250, \"neg\": -3, \"big\": 9223372036854775807,"
		" \"small\": -9223372036854775808, \"over\": 9223372036854775808,"
		" \"under\": -9223372036854775809, \"huge\": 99999999999999999999999,"
		" \"frac\": 1.0, \"exp\": 1e2, \"zero\": -0, \"nul\": \"a\\u0000b\", \"t\": true}");

	assert_string_equal(json_get_string(v, "name"), "refund");
	assert_null(json_get_string(v, "limit"));     /* not a string */
	assert_null(json_get_string(v, "missing"));
	assert_null(json_get_string(v, "nul"));       /* would be cut short */
	assert_non_null(json_get(v, "nul"));
	assert_null(json_get(v->items[0], "name"));   /* not an object */
	assert_null(json_get(NULL, "name"));

	int64_t n = 0;
	assert_true(json_get_int(v, "limit", 0, 1000, &n));
	assert_int_equal(n, 250);
	assert_false(json_get_int(v, "limit", 0, 249, &n));
	assert_false(json_get_int(v, "limit", 251, 1000, &n));
	assert_true(json_get_int(v, "neg", -3, -3, &n));
	assert_int_equal(n, -3);
	assert_true(json_get_int(v, "big", INT64_MIN, INT64_MAX, &n));
	assert_true(n == INT64_MAX);
	assert_true(json_get_int(v, "small", INT64_MIN, INT64_MAX, &n));
	assert_true(n == INT64_MIN);
	assert_false(json_get_int(v, "over", INT64_MIN, INT64_MAX, &n));
	assert_false(json_get_int(v, "under", INT64_MIN, INT64_MAX, &n));
	assert_false(json_get_int(v, "huge", INT64_MIN, INT64_MAX, &n));
	assert_false(json_get_int(v, "frac", INT64_MIN, INT64_MAX, &n));
	assert_false(json_get_int(v, "exp", INT64_MIN, INT64_MAX, &n));
	assert_false(json_get_int(v, "name", INT64_MIN, INT64_MAX, &n));
	assert_false(json_get_int(v, "t", INT64_MIN, INT64_MAX, &n));
	assert_false(json_get_int(v, "missing", INT64_MIN, INT64_MAX, &n));
	assert_true(json_get_int(v, "zero", 0, 0, &n));
	assert_int_equal(n, 0);
	assert_true(json_is_int(json_get(v, "limit"), 0, 1000, NULL));
	assert_false(json_is_int(NULL, 0, 1000, NULL));
}

/* ------------------------------------------------------------------------ */
/* Writer                                                                   */

/* The same calls, in either mode. */
static void write_sample(json_writer *w)
{
	jw_begin_object(w);
	jw_key(w, "format");
	jw_string(w, "libpolicy-plan/1");
	jw_key(w, "steps");
	jw_begin_array(w);
	jw_begin_object(w);
	jw_key(w, "id");
	jw_int(w, 1);
	jw_key(w, "when");
	jw_string(w, "amount > 100");
	jw_end_object(w);
	jw_int(w, -5);
	jw_bool(w, true);
	jw_null(w);
	jw_begin_array(w);
	jw_end_array(w);
	jw_begin_object(w);
	jw_end_object(w);
	jw_end_array(w);
	jw_key(w, "empty");
	jw_begin_object(w);
	jw_end_object(w);
	jw_key(w, "big");
	jw_uint(w, UINT64_MAX);
	jw_key(w, "min");
	jw_int(w, INT64_MIN);
	jw_key(w, "amount");
	jw_raw(w, "12.50", 5);
	jw_key(w, "no");
	jw_bool(w, false);
	jw_key(w, "absent");
	jw_string(w, NULL);
	jw_end_object(w);
}

static const char sample_pretty[] =
	"{\n"
	"  \"format\": \"libpolicy-plan/1\",\n"
	"  \"steps\": [\n"
	"    {\n"
	"      \"id\": 1,\n"
	"      \"when\": \"amount > 100\"\n"
	"    },\n"
	"    -5,\n"
	"    true,\n"
	"    null,\n"
	"    [],\n"
	"    {}\n"
	"  ],\n"
	"  \"empty\": {},\n"
	"  \"big\": 18446744073709551615,\n"
	"  \"min\": -9223372036854775808,\n"
	"  \"amount\": 12.50,\n"
	"  \"no\": false,\n"
	"  \"absent\": null\n"
	"}";

static const char sample_compact[] =
	"{\"format\":\"libpolicy-plan/1\",\"steps\":[{\"id\":1,\"when\":\"amount > 100\"},"
	"-5,true,null,[],{}],\"empty\":{},\"big\":18446744073709551615,"
	"\"min\":-9223372036854775808,\"amount\":12.50,\"no\":false,\"absent\":null}";

static void writer_pretty_and_compact(void **state)
{
	(void)state;
	buf b;
	json_writer w;

	buf_init(&b, &libc);
	jw_init(&w, &b, true);
	write_sample(&w);
	assert_string_equal(buf_cstr(&b), sample_pretty);
	assert_int_equal(b.len, sizeof sample_pretty - 1);
	buf_release(&b);

	buf_init(&b, &libc);
	jw_init(&w, &b, false);
	write_sample(&w);
	assert_string_equal(buf_cstr(&b), sample_compact);
	buf_release(&b);
}

/* Fixed keys written whole (jw_key_lit) and values written in place
 * (jw_raw_buf), as the extractor writes its answers, give the bytes
 * jw_key and jw_raw give, in both modes. */
static void write_fixed(json_writer *w, bool fast)
{
	jw_begin_object(w);
	if (fast)
		jw_key_lit(w, "page");
	else
		jw_key(w, "page");
	jw_uint(w, 2);
	if (fast) {
		jw_key_lit(w, "evidence");
		buf_puts(jw_raw_buf(w), "{\"line\":7}");
	} else {
		jw_key(w, "evidence");
		jw_raw(w, "{\"line\":7}", 10);
	}
	jw_key(w, "list");
	jw_begin_array(w);
	for (int i = 0; i < 2; i++) {
		if (fast)
			buf_puts(jw_raw_buf(w), "12.50");
		else
			jw_raw(w, "12.50", 5);
	}
	jw_end_array(w);
	jw_end_object(w);
}

static void fixed_keys_and_values_in_place(void **state)
{
	(void)state;
	for (int pretty = 0; pretty <= 1; pretty++) {
		buf slow, fast;
		json_writer w;
		buf_init(&slow, &libc);
		jw_init(&w, &slow, pretty);
		write_fixed(&w, false);
		buf_init(&fast, &libc);
		jw_init(&w, &fast, pretty);
		write_fixed(&w, true);
		assert_string_equal(buf_cstr(&fast), buf_cstr(&slow));
		if (!pretty)
			assert_string_equal(buf_cstr(&fast), "{\"page\":2,\"evidence\":{\"line\":7},"
			                                     "\"list\":[12.50,12.50]}");
		buf_release(&slow);
		buf_release(&fast);
	}
}

static void writer_top_level_values(void **state)
{
	(void)state;
	for (int pretty = 0; pretty <= 1; pretty++) {
		buf b;
		json_writer w;
		buf_init(&b, &libc);
		jw_init(&w, &b, pretty);
		jw_begin_array(&w);
		jw_end_array(&w);
		assert_string_equal(buf_cstr(&b), "[]");
		buf_release(&b);
	}

	buf b;
	json_writer w;
	buf_init(&b, &libc);
	jw_init(&w, &b, true);
	jw_string(&w, "just a string");
	assert_string_equal(buf_cstr(&b), "\"just a string\"");
	buf_release(&b);

	buf_init(&b, &libc);
	jw_init(&w, &b, true);
	jw_begin_array(&w);
	jw_begin_array(&w);
	jw_begin_array(&w);
	jw_end_array(&w);
	jw_end_array(&w);
	jw_raw(&w, "{\"pre\":1}", 9);
	jw_end_array(&w);
	assert_string_equal(buf_cstr(&b), "[\n  [\n    []\n  ],\n  {\"pre\":1}\n]");
	buf_release(&b);
}

static void writer_escapes_minimally(void **state)
{
	(void)state;
	char all_controls[32];
	for (int i = 0; i < 32; i++)
		all_controls[i] = (char)i;
	buf b;
	buf_init(&b, &libc);
	json_escape(&b, all_controls, sizeof all_controls);
	assert_string_equal(buf_cstr(&b),
		"\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
		"\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
		"\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017"
		"\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"");
	buf_release(&b);

	/* Quotes and backslashes are escaped; '/', DEL and all non-ASCII
	 * characters (U+2028 included) are written as they are. */
	buf_init(&b, &libc);
	const char *text = "say \"hi\" \\ a/b \x7F caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE2\x80\xA8";
	json_escape(&b, text, strlen(text));
	assert_string_equal(buf_cstr(&b),
		"\"say \\\"hi\\\" \\\\ a/b \x7F caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE2\x80\xA8\"");
	buf_release(&b);

	/* Bytes that are not UTF-8 cannot be written as JSON: each becomes
	 * U+FFFD, so the output is always readable. */
	buf_init(&b, &libc);
	json_escape(&b, "a\xC0\xAF" "b\xE2\x82" "c\xFF", 8);
	assert_string_equal(buf_cstr(&b),
		"\"a\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD\"");
	buf_release(&b);

	buf_init(&b, &libc);
	json_writer w;
	jw_init(&w, &b, false);
	jw_begin_object(&w);
	jw_key_n(&w, "k\0ey", 4);
	jw_string_n(&w, "v\0al", 4);
	jw_key(&w, "tab\there");
	jw_string(&w, "");
	jw_end_object(&w);
	assert_string_equal(buf_cstr(&b), "{\"k\\u0000ey\":\"v\\u0000al\",\"tab\\there\":\"\"}");
	buf_release(&b);
}

/* cJSON, written by other people, agrees that our output is JSON and reads
 * the same values back. */
static void writer_output_is_json_to_cjson(void **state)
{
	(void)state;
	for (int pretty = 0; pretty <= 1; pretty++) {
		buf b;
		json_writer w;
		buf_init(&b, &libc);
		jw_init(&w, &b, pretty);
		write_sample(&w);
		cJSON *doc = cJSON_ParseWithLength(buf_cstr(&b), b.len);
		assert_non_null(doc);
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(doc, "format")->valuestring,
		                    "libpolicy-plan/1");
		cJSON *steps = cJSON_GetObjectItemCaseSensitive(doc, "steps");
		assert_int_equal(cJSON_GetArraySize(steps), 6);
		assert_int_equal(cJSON_GetArrayItem(steps, 1)->valueint, -5);
		assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(doc, "absent")));
		cJSON_Delete(doc);
		buf_release(&b);
	}

	/* Every character from the control set to the astral planes. */
	buf text;
	buf_init(&text, &libc);
	for (int c = 1; c < 0x80; c++)
		buf_putc(&text, (char)c);
	buf_puts(&text, "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
	buf b;
	json_writer w;
	buf_init(&b, &libc);
	jw_init(&w, &b, true);
	jw_begin_object(&w);
	jw_key(&w, buf_cstr(&text));
	jw_string(&w, buf_cstr(&text));
	jw_end_object(&w);
	cJSON *doc = cJSON_ParseWithLength(buf_cstr(&b), b.len);
	assert_non_null(doc);
	assert_string_equal(doc->child->string, buf_cstr(&text));
	assert_string_equal(doc->child->valuestring, buf_cstr(&text));
	cJSON_Delete(doc);

	/* And our reader reads it back the same. */
	json_value *v;
	json_error err;
	assert_true(json_parse(&A, buf_cstr(&b), b.len, NULL, &v, &err));
	assert_string_equal(json_get_string(v, buf_cstr(&text)), buf_cstr(&text));
	buf_release(&b);
	buf_release(&text);
}

/* ------------------------------------------------------------------------ */
/* Round trips                                                              */

static void canonical_text_round_trips(void **state)
{
	(void)state;
	static const char *compact[] = {
		sample_compact,
		"[]", "{}", "0", "-0.0e-0", "\"\"", "null",
		"[[[]],{\"a\":{\"b\":[1,2,{}]}},\"\\u0000\\u001f\\\"\\\\\\b\\f\\n\\r\\t\"]",
		"{\"\\u0000\":\"caf\xC3\xA9 \xF0\x9F\x98\x80\",\"x\":1E+400,\"y\":-1.5e-7}",
	};
	for (size_t i = 0; i < sizeof compact / sizeof compact[0]; i++) {
		char *out = rewrite(parse_ok(compact[i]), false);
		assert_string_equal(out, compact[i]);
		free(out);
	}

	char *out = rewrite(parse_ok(sample_pretty), true);
	assert_string_equal(out, sample_pretty);
	free(out);
	out = rewrite(parse_ok(sample_pretty), false);
	assert_string_equal(out, sample_compact);
	free(out);
	out = rewrite(parse_ok(sample_compact), true);
	assert_string_equal(out, sample_pretty);
	free(out);
}

static void rewriting_makes_text_canonical(void **state)
{
	(void)state;
	char *out = rewrite(parse_ok(" { \"a\" : [ 1 , 2 ] ,\n\"\\u0062\\/\" : \"\\u00e9\\uD83D\\uDE00\\u007f\" } "), false);
	assert_string_equal(out, "{\"a\":[1,2],\"b/\":\"\xC3\xA9\xF0\x9F\x98\x80\x7F\"}");
	free(out);
}

/* A tiny deterministic generator, so failures reproduce. */
static uint32_t next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

/*
 * Mutate a real document at random: the reader must never crash (the
 * sanitizer build watches), must always give a position inside the input,
 * and what it accepts cJSON accepts too and rewrites to a fixed point.
 */
static void random_mutations(void **state)
{
	(void)state;
	static const char alphabet[] = "{}[]\",:\\u0123456789.eE+-tfnrl \n\t/\x80\xC3\xA9\xED\xF4";
	uint32_t seed = 20240607;
	size_t base_len = strlen(sample_pretty);
	char *doc = malloc(base_len + 8);
	int accepted = 0;
	for (int round = 0; round < 20000; round++) {
		memcpy(doc, sample_pretty, base_len);
		size_t len = base_len;
		int edits = 1 + (int)(next_random(&seed) % 3);
		for (int e = 0; e < edits; e++) {
			size_t at = next_random(&seed) % len;
			char c = alphabet[next_random(&seed) % (sizeof alphabet - 1)];
			switch (next_random(&seed) % 3) {
			case 0:
				doc[at] = c;
				break;
			case 1:
				memmove(doc + at, doc + at + 1, len - at - 1);
				len--;
				break;
			default:
				memmove(doc + at + 1, doc + at, len - at);
				doc[at] = c;
				len++;
				break;
			}
		}

		arena a;
		arena_init(&a, &libc);
		json_value *v;
		json_error err;
		if (json_parse(&a, doc, len, NULL, &v, &err)) {
			accepted++;
			cJSON *theirs = cJSON_ParseWithLength(doc, len);
			if (!theirs)
				fail_msg("round %d: cJSON refused a document we accepted", round);
			cJSON_Delete(theirs);
			char *once = rewrite(v, false);
			json_value *again;
			assert_true(json_parse(&a, once, strlen(once), NULL, &again, &err));
			char *twice = rewrite(again, false);
			assert_string_equal(once, twice);
			free(once);
			free(twice);
		} else {
			assert_false(err.nomem);
			assert_true(err.line >= 1 && err.column >= 1);
			assert_true(err.column <= len + 1 && err.line <= len + 1);
			assert_true(err.message[0] != '\0');
		}
		arena_release(&a);
	}
	free(doc);
	assert_true(accepted > 100);  /* the test did exercise acceptance */
}

/* ------------------------------------------------------------------------ */
/* Allocation failures                                                      */

/* Fail each allocation in turn: the parse reports nomem, and releasing the
 * arena returns everything. */
static void every_allocation_failure_is_clean(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, &libc);
	buf_putc(&b, '[');
	for (int i = 0; i < 2000; i++)
		buf_printf(&b, "%s{\"k%d\": \"value %d\", \"n\": [%d]}", i ? "," : "", i, i, i);
	buf_putc(&b, ']');

	long failures = 0;
	for (long n = 1;; n++) {
		counting c = { .fail_call = n };
		mem m = counting_mem(&c);
		arena a;
		arena_init(&a, &m);
		json_value *v;
		json_error err;
		bool ok = json_parse(&a, buf_cstr(&b), b.len, NULL, &v, &err);
		if (!ok) {
			assert_true(err.nomem);
			assert_false(err.limit);
			assert_string_equal(err.message, "out of memory");
			failures++;
		}
		arena_release(&a);
		assert_int_equal(c.live, 0);
		if (ok) {
			assert_int_equal(v == NULL, 0);
			break;
		}
	}
	assert_true(failures > 3);
	buf_release(&b);

	/* The writer's failure is sticky and leaves nothing behind. */
	for (long n = 1; n < 4; n++) {
		counting c = { .fail_call = n };
		mem m = counting_mem(&c);
		buf out;
		buf_init(&out, &m);
		json_writer w;
		jw_init(&w, &out, true);
		for (int i = 0; i < 50; i++)
			write_sample(&w);
		assert_true(buf_failed(&out));
		assert_null(buf_cstr(&out));
		buf_release(&out);
		assert_int_equal(c.live, 0);
	}
}

/* The escaper reads plain text eight bytes at a time: every byte that
 * needs a look is found wherever it sits in a word, against a byte-by-byte
 * reading of the same rules. */
static void reference_escape(buf *b, const unsigned char *s, size_t n)
{
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c == '\n') {
			buf_puts(b, "\\n");
		} else if (c == 1) {
			buf_puts(b, "\\u0001");
		} else if (c == 0x1f) {
			buf_puts(b, "\\u001f");
		} else if (c == 0xC3 && i + 1 < n && s[i + 1] == 0xA9) {
			buf_append(b, (const char *)s + i, 2);
			i++;
		} else if (c >= 0x80) {
			buf_puts(b, "\xEF\xBF\xBD");
		} else {
			buf_putc(b, (char)c);
		}
	}
	buf_putc(b, '"');
}

static void writer_escapes_within_words(void **state)
{
	(void)state;
	static const char *const specials[] = { "\"", "\\", "\n", "\x01", "\x1f", "\xC3\xA9",
	                                        "\xFF", "\x7F", " ", "~" };
	for (size_t k = 0; k < sizeof specials / sizeof specials[0]; k++) {
		for (size_t len = 0; len <= 40; len++) {
			for (size_t at = 0; at <= len; at++) {
				char text[64];
				memset(text, 'a', sizeof text);
				size_t sl = strlen(specials[k]);
				memcpy(text + at, specials[k], sl);
				size_t n = len + sl;
				buf got, want;
				buf_init(&got, &libc);
				buf_init(&want, &libc);
				json_escape(&got, text, n);
				reference_escape(&want, (const unsigned char *)text, n);
				assert_int_equal(got.len, want.len);
				assert_memory_equal(got.data, want.data, got.len);
				buf_release(&got);
				buf_release(&want);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(scalars_keep_their_kind_and_text, setup, teardown),
		cmocka_unit_test_setup_teardown(strings_are_unescaped_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(containers_keep_source_order_and_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(keys_may_hold_nul_and_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(input_need_not_be_nul_terminated, setup, teardown),
		cmocka_unit_test_setup_teardown(syntax_errors_point_at_the_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(numbers_follow_rfc_8259, setup, teardown),
		cmocka_unit_test_setup_teardown(strings_follow_rfc_8259, setup, teardown),
		cmocka_unit_test_setup_teardown(invalid_utf8_is_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_keys_are_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_keys_in_big_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(depth_limit_defaults_to_64, setup, teardown),
		cmocka_unit_test_setup_teardown(depth_limit_counts_objects_and_arrays, setup, teardown),
		cmocka_unit_test_setup_teardown(byte_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(hundred_thousand_items, setup, teardown),
		cmocka_unit_test_setup_teardown(hundred_thousand_members, setup, teardown),
		cmocka_unit_test_setup_teardown(lookups, setup, teardown),
		cmocka_unit_test_setup_teardown(writer_pretty_and_compact, setup, teardown),
		cmocka_unit_test_setup_teardown(fixed_keys_and_values_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(writer_top_level_values, setup, teardown),
		cmocka_unit_test_setup_teardown(writer_escapes_minimally, setup, teardown),
		cmocka_unit_test_setup_teardown(writer_escapes_within_words, setup, teardown),
		cmocka_unit_test_setup_teardown(writer_output_is_json_to_cjson, setup, teardown),
		cmocka_unit_test_setup_teardown(canonical_text_round_trips, setup, teardown),
		cmocka_unit_test_setup_teardown(rewriting_makes_text_canonical, setup, teardown),
		cmocka_unit_test_setup_teardown(random_mutations, setup, teardown),
		cmocka_unit_test_setup_teardown(every_allocation_failure_is_clean, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
