/*
 * A strict JSON reader and a canonical writer (see json.h for the contract).
 *
 * THE READER
 *
 * Plans and trails arrive from disk or from the network, so everything here
 * treats its input as hostile: the reader must accept exactly RFC 8259, in
 * time and memory linear in the input, and never read past `len` (the text
 * need not be NUL-terminated).
 *
 * It is a recursive-descent parser with one function per grammar rule. The
 * recursion is bounded by json_limits.max_depth, checked on entry to every
 * array and object, so a document of a million '[' cannot exhaust the stack.
 * Everything it builds is allocated from the caller's arena; arrays of items
 * grow by doubling, so the copies left behind sum to less than the final
 * array and the total stays linear.
 *
 * Strings take two passes. The first finds where the string stops (its
 * closing quote, a raw control character or the end of input) so that the
 * second can decode into one arena allocation that is big enough: decoding
 * never makes a string longer (an escape of 2, 6 or 12 bytes becomes 1 to 4
 * bytes of UTF-8). The second pass validates UTF-8 byte by byte (no
 * overlongs, no encoded surrogates, nothing above U+10FFFF), resolves
 * escapes and pairs \u surrogates, rejecting lone ones.
 *
 * Duplicate keys are found when an object closes. Small objects, the common
 * case, compare every pair; larger ones sort an index of their keys with a
 * merge sort (n log n comparisons whatever the input), so a hostile
 * 100000-member object costs milliseconds, not hours. Either way the error
 * names the earliest key, in source order, that repeats an earlier one.
 *
 * Positions are 1-based lines and columns counted in characters (UTF-8 lead
 * bytes). Each value records where it starts; the column is kept in a cache
 * that only moves forward along the current line, so recording positions
 * costs linear time even for a document on one long line. An error is
 * reported once, so it simply recounts from the start of the text.
 *
 * THE WRITER
 *
 * The writer produces the canonical text that plans and trails are hashed
 * in, so its output is a pure function of the calls made: keys in call
 * order, numbers as given, and strings with the minimal escapes (\" \\ \b
 * \f \n \r \t, \u00xx in lower case for other control characters, all else
 * raw). Pretty mode puts every member and item on its own line indented by
 * two spaces per level, with "key": value; empty containers stay "{}" and
 * "[]". Compact mode emits no whitespace at all. Neither mode ends the
 * document with a newline: that is the caller's framing (a JSON Lines trail
 * adds one per record).
 *
 * Bytes that are not valid UTF-8 cannot appear in JSON text, so the writer
 * replaces each such byte with U+FFFD rather than emit a document its own
 * reader would refuse.
 */
#include "base/json.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum {
	DEFAULT_MAX_DEPTH = 64,
	/* Objects up to this size check for duplicate keys pair by pair. */
	PAIRWISE_KEY_CHECK_MAX = 16,
	/* Longest piece of a key or word quoted in an error message. */
	PREVIEW_BYTES = 48
};

/* ------------------------------------------------------------------------ */
/* UTF-8                                                                    */

typedef enum utf8_problem {
	UTF8_OK = 0,
	UTF8_CONTINUATION,  /* a continuation byte where a character starts */
	UTF8_BAD_BYTE,      /* 0xF5..0xFF never appear in UTF-8 */
	UTF8_OVERLONG,
	UTF8_SURROGATE,
	UTF8_TOO_LARGE,     /* above U+10FFFF */
	UTF8_TRUNCATED      /* a sequence cut short */
} utf8_problem;

static bool is_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * Check the multi-byte sequence starting at s (s[0] >= 0x80), which may
 * use bytes up to `end`. Returns its length, or 0 and sets *problem.
 * The ranges are those of RFC 3629, section 4.
 */
static size_t utf8_sequence(const unsigned char *s, const unsigned char *end, utf8_problem *problem)
{
	unsigned char c = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xBF;  /* allowed range of the second byte */
	utf8_problem below = UTF8_TRUNCATED, above = UTF8_TRUNCATED;

	if (c < 0xC0) {
		*problem = UTF8_CONTINUATION;
		return 0;
	} else if (c < 0xC2) {
		*problem = UTF8_OVERLONG;
		return 0;
	} else if (c < 0xE0) {
		n = 2;
	} else if (c < 0xF0) {
		n = 3;
		if (c == 0xE0) {
			lo = 0xA0;
			below = UTF8_OVERLONG;
		} else if (c == 0xED) {
			hi = 0x9F;
			above = UTF8_SURROGATE;
		}
	} else if (c < 0xF5) {
		n = 4;
		if (c == 0xF0) {
			lo = 0x90;
			below = UTF8_OVERLONG;
		} else if (c == 0xF4) {
			hi = 0x8F;
			above = UTF8_TOO_LARGE;
		}
	} else {
		*problem = UTF8_BAD_BYTE;
		return 0;
	}

	if (end - s < 2 || !is_continuation(s[1])) {
		*problem = UTF8_TRUNCATED;
		return 0;
	}
	if (s[1] < lo || s[1] > hi) {
		*problem = s[1] < lo ? below : above;
		return 0;
	}
	for (size_t i = 2; i < n; i++) {
		if ((size_t)(end - s) <= i || !is_continuation(s[i])) {
			*problem = UTF8_TRUNCATED;
			return 0;
		}
	}
	*problem = UTF8_OK;
	return n;
}

/* Encode a code point (not a surrogate, at most U+10FFFF); returns the
 * number of bytes written to out. */
static size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* ------------------------------------------------------------------------ */
/* Reader state and errors                                                  */

typedef struct parser {
	arena *a;
	const char *text;       /* the whole input, for locating errors */
	const char *end;
	const char *p;          /* the next byte to read */
	unsigned depth;         /* arrays and objects currently open */
	unsigned max_depth;
	unsigned line;          /* line of p */
	const char *line_start;
	/* Column cache: `col` is the column of `col_at`, on the current line. */
	const char *col_at;
	unsigned col;
	json_error *err;
} parser;

static bool at_end(const parser *ps)
{
	return ps->p >= ps->end;
}

/* The 1-based line and column of `at`, counted from the start of the text.
 * Used only for errors, which happen once per parse. */
static void locate(const parser *ps, const char *at, unsigned *line, unsigned *column)
{
	unsigned l = 1, c = 1;
	for (const char *q = ps->text; q < at; q++) {
		if (*q == '\n') {
			l++;
			c = 1;
		} else if (!is_continuation((unsigned char)*q)) {
			c++;
		}
	}
	*line = l;
	*column = c;
}

/* The column of `at`, which must be on the current line, at or after every
 * position asked about before on this line. */
static unsigned column_of(parser *ps, const char *at)
{
	if (ps->col_at < ps->line_start || at < ps->col_at) {
		ps->col_at = ps->line_start;
		ps->col = 1;
	}
	for (; ps->col_at < at; ps->col_at++)
		if (!is_continuation((unsigned char)*ps->col_at))
			ps->col++;
	return ps->col;
}

static bool fail_at(parser *ps, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool fail_at(parser *ps, const char *at, const char *fmt, ...)
{
	json_error *err = ps->err;
	locate(ps, at, &err->line, &err->column);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return false;
}

static bool fail_nomem(parser *ps)
{
	fail_at(ps, ps->p, "out of memory");
	ps->err->nomem = true;
	return false;
}

static bool starts_comment(const parser *ps, const char *at)
{
	return ps->end - at >= 2 && at[0] == '/' && (at[1] == '/' || at[1] == '*');
}

/*
 * A token was expected at `at` and something else is there. `what` says
 * what was expected; the end of input and comments, the two most common
 * surprises, get said out loud.
 */
static bool fail_expected(parser *ps, const char *at, const char *what)
{
	if (at >= ps->end)
		return fail_at(ps, at, "%s, found end of input", what);
	if (starts_comment(ps, at))
		return fail_at(ps, at, "comments are not allowed in JSON");
	return fail_at(ps, at, "%s", what);
}

/*
 * Copy up to PREVIEW_BYTES of s into out (cap >= 16) for quoting in a
 * message: cut at a character boundary, marked with "...", with quotes,
 * backslashes and control characters escaped, so a hostile key can
 * neither forge nor overflow the message.
 */
static void preview(const char *s, size_t len, char *out, size_t cap)
{
	size_t o = 0;
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = 1;
		if (i >= PREVIEW_BYTES || o + 12 >= cap) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7F) {
			o += (size_t)snprintf(out + o, cap - o, "\\u%04x", c);
		} else if (c < 0x80) {
			out[o++] = (char)c;
		} else {
			utf8_problem problem;
			n = utf8_sequence((const unsigned char *)s + i, (const unsigned char *)s + len, &problem);
			if (n == 0) {
				out[o++] = '?';
				n = 1;
			} else {
				memcpy(out + o, s + i, n);
				o += n;
			}
		}
		i += n;
	}
	out[o] = '\0';
}

/* ------------------------------------------------------------------------ */
/* Whitespace and values                                                    */

static void skip_whitespace(parser *ps)
{
	while (!at_end(ps)) {
		char c = *ps->p;
		if (c == '\n') {
			ps->line++;
			ps->line_start = ps->p + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		ps->p++;
	}
}

static json_value *new_value(parser *ps, json_kind kind)
{
	json_value *v = arena_zalloc(ps->a, sizeof *v);
	if (!v) {
		fail_nomem(ps);
		return NULL;
	}
	v->kind = kind;
	v->line = ps->line;
	v->column = column_of(ps, ps->p);
	return v;
}

static bool parse_value(parser *ps, json_value **out);

/* ------------------------------------------------------------------------ */
/* Strings                                                                  */

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read the four hex digits after "\u" at s (s points at the backslash);
 * -1 if they are not all there before `stop`. */
static long read_u_escape(const char *s, const char *stop)
{
	if (stop - s < 6 || s[0] != '\\' || s[1] != 'u')
		return -1;
	long cp = 0;
	for (int i = 2; i < 6; i++) {
		int d = hex_digit(s[i]);
		if (d < 0)
			return -1;
		cp = cp * 16 + d;
	}
	return cp;
}

/*
 * Decode the escape at *sp (a backslash, before `stop`) into *dp, advancing
 * both. \u escapes combine surrogate pairs; a lone surrogate is an error.
 */
static bool decode_escape(parser *ps, const char **sp, char **dp, const char *stop)
{
	const char *s = *sp;
	static const char simple_in[] = "\"\\/bfnrt";
	static const char simple_out[] = "\"\\/\b\f\n\r\t";

	const char *hit = s[1] ? strchr(simple_in, s[1]) : NULL;
	if (hit) {
		*(*dp)++ = simple_out[hit - simple_in];
		*sp = s + 2;
		return true;
	}
	if (s[1] != 'u') {
		char shown[16];
		preview(s + 1, 1, shown, sizeof shown);
		return fail_at(ps, s, "invalid escape '\\%s' in a string", shown);
	}

	long cp = read_u_escape(s, stop);
	if (cp < 0)
		return fail_at(ps, s, "expected four hex digits after '\\u'");
	size_t used = 6;
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return fail_at(ps, s, "unpaired surrogate '\\u%04lX' in a string", (unsigned long)cp);
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		long low = read_u_escape(s + 6, stop);
		if (low < 0xDC00 || low > 0xDFFF)
			return fail_at(ps, s, "unpaired surrogate '\\u%04lX' in a string", (unsigned long)cp);
		cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
		used = 12;
	}
	*dp += utf8_encode((uint32_t)cp, *dp);
	*sp = s + used;
	return true;
}

static bool fail_utf8(parser *ps, const char *at, utf8_problem problem)
{
	switch (problem) {
	case UTF8_CONTINUATION:
		return fail_at(ps, at, "invalid UTF-8: unexpected continuation byte 0x%02X",
		               (unsigned char)*at);
	case UTF8_BAD_BYTE:
		return fail_at(ps, at, "invalid UTF-8: byte 0x%02X", (unsigned char)*at);
	case UTF8_OVERLONG:
		return fail_at(ps, at, "invalid UTF-8: overlong encoding");
	case UTF8_SURROGATE:
		return fail_at(ps, at, "invalid UTF-8: encoded surrogate");
	case UTF8_TOO_LARGE:
		return fail_at(ps, at, "invalid UTF-8: code point above U+10FFFF");
	case UTF8_TRUNCATED:
	case UTF8_OK:
		break;
	}
	return fail_at(ps, at, "invalid UTF-8: truncated sequence");
}

/* Where the string whose contents start at s stops: its closing quote, a
 * raw control character, or the end of input. Escapes are skipped whole
 * so that \" does not end the string. */
static const char *string_stop(const char *s, const char *end)
{
	while (s < end) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c < 0x20)
			return s;
		if (c == '\\')
			s += end - s >= 2 ? 2 : 1;
		else
			s++;
	}
	return end;
}

/* Parse the string at ps->p (a '"') into a NUL-terminated arena copy. */
static bool parse_string_contents(parser *ps, const char **out, size_t *out_len)
{
	const char *open = ps->p;
	const char *s = open + 1;
	const char *stop = string_stop(s, ps->end);

	char *dst = arena_alloc(ps->a, (size_t)(stop - s) + 1);
	if (!dst)
		return fail_nomem(ps);
	char *d = dst;
	while (s < stop) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\') {
			if (s + 1 == stop)
				break;  /* a backslash ends the input: unterminated */
			if (!decode_escape(ps, &s, &d, stop))
				return false;
		} else if (c < 0x80) {
			*d++ = (char)c;
			s++;
		} else {
			utf8_problem problem;
			size_t n = utf8_sequence((const unsigned char *)s, (const unsigned char *)stop, &problem);
			if (n == 0)
				return fail_utf8(ps, s, problem);
			memcpy(d, s, n);
			d += n;
			s += n;
		}
	}
	if (stop >= ps->end)
		return fail_at(ps, open, "unterminated string");
	if (*stop != '"')
		return fail_at(ps, stop, "control character U+%04X must be escaped in a string",
		               (unsigned char)*stop);
	*d = '\0';
	*out = dst;
	*out_len = (size_t)(d - dst);
	ps->p = stop + 1;
	return true;
}

static bool parse_string(parser *ps, json_value **out)
{
	json_value *v = new_value(ps, JSON_STRING);
	if (!v)
		return false;
	if (!parse_string_contents(ps, &v->str, &v->len))
		return false;
	*out = v;
	return true;
}

/* ------------------------------------------------------------------------ */
/* Numbers and words                                                        */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool has_prefix(const parser *ps, const char *at, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(ps->end - at) >= n && memcmp(at, word, n) == 0;
}

/* Skip digits at q; false if there is none. */
static bool skip_digits(const parser *ps, const char **q)
{
	const char *start = *q;
	while (*q < ps->end && is_digit(**q))
		(*q)++;
	return *q > start;
}

/*
 * number = [ "-" ] ( "0" / [1-9] *DIGIT ) [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "+" / "-" ] 1*DIGIT ]
 * The value keeps its text; converting is the caller's business (plans
 * hold exact decimals that a double would round).
 */
static bool parse_number(parser *ps, json_value **out)
{
	const char *start = ps->p;
	const char *q = start;
	if (*q == '-') {
		q++;
		if (has_prefix(ps, q, "Infinity"))
			return fail_at(ps, start, "Infinity is not a valid JSON number");
		if (q >= ps->end || !is_digit(*q))
			return fail_expected(ps, q, "expected a digit after '-'");
	}
	if (*q == '0' && q + 1 < ps->end && is_digit(q[1]))
		return fail_at(ps, start, "leading zeros are not allowed in numbers");
	skip_digits(ps, &q);
	if (q < ps->end && *q == '.') {
		q++;
		if (!skip_digits(ps, &q))
			return fail_expected(ps, q, "expected a digit after '.' in a number");
	}
	if (q < ps->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < ps->end && (*q == '+' || *q == '-'))
			q++;
		if (!skip_digits(ps, &q))
			return fail_expected(ps, q, "expected a digit in the exponent of a number");
	}

	json_value *v = new_value(ps, JSON_NUMBER);
	if (!v)
		return false;
	v->len = (size_t)(q - start);
	v->str = arena_strndup(ps->a, start, v->len);
	if (!v->str)
		return fail_nomem(ps);
	ps->p = q;
	*out = v;
	return true;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

/* true, false, null; any other word (NaN, True, undefined...) is named in
 * the error, since it is usually someone else's notion of JSON. */
static bool parse_word(parser *ps, json_value **out)
{
	static const struct {
		const char *word;
		json_kind kind;
	} words[] = {
		{ "true", JSON_TRUE },
		{ "false", JSON_FALSE },
		{ "null", JSON_NULL },
	};
	const char *start = ps->p;
	const char *q = start;
	while (q < ps->end && is_word_char(*q))
		q++;
	size_t len = (size_t)(q - start);

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strlen(words[i].word) == len && memcmp(start, words[i].word, len) == 0) {
			json_value *v = new_value(ps, words[i].kind);
			if (!v)
				return false;
			ps->p = q;
			*out = v;
			return true;
		}
	}
	char shown[PREVIEW_BYTES * 2];
	preview(start, len, shown, sizeof shown);
	if (strcmp(shown, "NaN") == 0 || strcmp(shown, "Infinity") == 0)
		return fail_at(ps, start, "%s is not a valid JSON number", shown);
	return fail_at(ps, start, "unknown word '%s' (expected true, false or null)", shown);
}

/* ------------------------------------------------------------------------ */
/* Arrays and objects                                                       */

/* Members of an object being parsed; the arrays grow together. */
typedef struct members {
	json_value **items;
	const char **keys;
	size_t *key_lens;
	const char **key_at;  /* where each key is in the source, for errors */
	size_t count, cap;
} members;

static bool enter_container(parser *ps)
{
	if (ps->depth >= ps->max_depth) {
		fail_at(ps, ps->p, "nesting is deeper than the limit of %u levels", ps->max_depth);
		ps->err->limit = true;
		return false;
	}
	ps->depth++;
	return true;
}

/* A bigger copy of an arena array, or NULL after reporting the failure.
 * The old copy is abandoned in the arena; capacities double, so the
 * abandoned copies add up to less than the final array. */
static void *grow_array(parser *ps, void *array, size_t count, size_t new_cap, size_t elem)
{
	void *p = arena_grow(ps->a, array, count, new_cap, elem);
	if (!p)
		fail_nomem(ps);
	return p;
}

static size_t next_capacity(size_t cap)
{
	return cap ? cap * 2 : 4;
}

static bool parse_array(parser *ps, json_value **out)
{
	json_value *v = new_value(ps, JSON_ARRAY);
	if (!v || !enter_container(ps))
		return false;
	ps->p++;  /* '[' */
	size_t cap = 0;
	skip_whitespace(ps);
	if (!at_end(ps) && *ps->p == ']') {
		ps->p++;
		ps->depth--;
		*out = v;
		return true;
	}
	for (;;) {
		json_value *item;
		if (!parse_value(ps, &item))
			return false;
		if (v->count == cap) {
			cap = next_capacity(cap);
			v->items = grow_array(ps, v->items, v->count, cap, sizeof *v->items);
			if (!v->items)
				return false;
		}
		v->items[v->count++] = item;

		skip_whitespace(ps);
		if (at_end(ps) || (*ps->p != ',' && *ps->p != ']'))
			return fail_expected(ps, ps->p, "expected ',' or ']' after an array item");
		if (*ps->p++ == ']')
			break;
		const char *comma = ps->p - 1;
		skip_whitespace(ps);
		if (!at_end(ps) && *ps->p == ']')
			return fail_at(ps, comma, "trailing comma before ']'");
	}
	ps->depth--;
	*out = v;
	return true;
}

static int compare_keys(const members *m, size_t i, size_t j)
{
	size_t n = m->key_lens[i] < m->key_lens[j] ? m->key_lens[i] : m->key_lens[j];
	int c = memcmp(m->keys[i], m->keys[j], n);
	if (c)
		return c;
	if (m->key_lens[i] != m->key_lens[j])
		return m->key_lens[i] < m->key_lens[j] ? -1 : 1;
	return 0;
}

static bool same_key(const members *m, size_t i, size_t j)
{
	return m->key_lens[i] == m->key_lens[j] &&
	       memcmp(m->keys[i], m->keys[j], m->key_lens[i]) == 0;
}

/* Bottom-up merge sort of member indexes by key; stable, so equal keys
 * stay in source order. Returns the sorted index (in one of the two
 * arrays given). */
static size_t *sort_member_index(const members *m, size_t *index, size_t *scratch)
{
	size_t n = m->count;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi)
				scratch[o++] = compare_keys(m, index[j], index[i]) < 0 ? index[j++] : index[i++];
			while (i < mid)
				scratch[o++] = index[i++];
			while (j < hi)
				scratch[o++] = index[j++];
		}
		size_t *t = index;
		index = scratch;
		scratch = t;
	}
	return index;
}

/*
 * The index of the first member (in source order) whose key repeats an
 * earlier one, or m->count if the keys are distinct; SIZE_MAX when memory
 * for the check ran out.
 */
static size_t find_duplicate_key(parser *ps, const members *m)
{
	if (m->count <= PAIRWISE_KEY_CHECK_MAX) {
		for (size_t j = 1; j < m->count; j++)
			for (size_t i = 0; i < j; i++)
				if (same_key(m, i, j))
					return j;
		return m->count;
	}

	size_t *index = arena_grow(ps->a, NULL, 0, m->count, sizeof *index);
	size_t *scratch = arena_grow(ps->a, NULL, 0, m->count, sizeof *scratch);
	if (!index || !scratch)
		return SIZE_MAX;
	for (size_t i = 0; i < m->count; i++)
		index[i] = i;
	index = sort_member_index(m, index, scratch);

	/* In each run of equal keys the second is that key's first repeat. */
	size_t first = m->count;
	for (size_t k = 1; k < m->count; k++) {
		bool starts_repeat = same_key(m, index[k - 1], index[k]) &&
		                     (k < 2 || !same_key(m, index[k - 2], index[k - 1]));
		if (starts_repeat && index[k] < first)
			first = index[k];
	}
	return first;
}

static bool add_member(parser *ps, members *m, const char *key, size_t key_len,
                       const char *key_at, json_value *item)
{
	if (m->count == m->cap) {
		size_t cap = next_capacity(m->cap);
		if (!(m->items = grow_array(ps, m->items, m->count, cap, sizeof *m->items)) ||
		    !(m->keys = grow_array(ps, m->keys, m->count, cap, sizeof *m->keys)) ||
		    !(m->key_lens = grow_array(ps, m->key_lens, m->count, cap, sizeof *m->key_lens)) ||
		    !(m->key_at = grow_array(ps, m->key_at, m->count, cap, sizeof *m->key_at)))
			return false;
		m->cap = cap;
	}
	m->items[m->count] = item;
	m->keys[m->count] = key;
	m->key_lens[m->count] = key_len;
	m->key_at[m->count] = key_at;
	m->count++;
	return true;
}

/* One "key": value member, starting at a '"'. */
static bool parse_member(parser *ps, members *m)
{
	const char *key_at = ps->p;
	const char *key;
	size_t key_len;
	if (!parse_string_contents(ps, &key, &key_len))
		return false;
	skip_whitespace(ps);
	if (at_end(ps) || *ps->p != ':')
		return fail_expected(ps, ps->p, "expected ':' after an object key");
	ps->p++;
	json_value *item;
	if (!parse_value(ps, &item))
		return false;
	return add_member(ps, m, key, key_len, key_at, item);
}

static bool fail_key_expected(parser *ps)
{
	if (!at_end(ps) && *ps->p == '\'')
		return fail_at(ps, ps->p, "strings must use double quotes");
	return fail_expected(ps, ps->p, "expected a string key in double quotes");
}

static bool check_duplicate_keys(parser *ps, const members *m)
{
	size_t dup = find_duplicate_key(ps, m);
	if (dup == SIZE_MAX)
		return fail_nomem(ps);
	if (dup == m->count)
		return true;
	char shown[PREVIEW_BYTES * 2];
	preview(m->keys[dup], m->key_lens[dup], shown, sizeof shown);
	return fail_at(ps, m->key_at[dup], "duplicate key \"%s\"", shown);
}

static bool parse_object(parser *ps, json_value **out)
{
	json_value *v = new_value(ps, JSON_OBJECT);
	if (!v || !enter_container(ps))
		return false;
	ps->p++;  /* '{' */
	members m = { 0 };
	skip_whitespace(ps);
	if (!at_end(ps) && *ps->p == '}') {
		ps->p++;
		ps->depth--;
		*out = v;
		return true;
	}
	for (;;) {
		if (at_end(ps) || *ps->p != '"')
			return fail_key_expected(ps);
		if (!parse_member(ps, &m))
			return false;

		skip_whitespace(ps);
		if (at_end(ps) || (*ps->p != ',' && *ps->p != '}'))
			return fail_expected(ps, ps->p, "expected ',' or '}' after an object member");
		if (*ps->p++ == '}')
			break;
		const char *comma = ps->p - 1;
		skip_whitespace(ps);
		if (!at_end(ps) && *ps->p == '}')
			return fail_at(ps, comma, "trailing comma before '}'");
	}
	if (!check_duplicate_keys(ps, &m))
		return false;
	v->items = m.items;
	v->keys = m.keys;
	v->key_lens = m.key_lens;
	v->count = m.count;
	ps->depth--;
	*out = v;
	return true;
}

/* A value where one must start, with a specific word for the usual
 * mistakes carried over from JavaScript. */
static bool fail_value_expected(parser *ps)
{
	const char *at = ps->p;
	if (at < ps->end) {
		switch (*at) {
		case '+':
			return fail_at(ps, at, "a number cannot start with '+'");
		case '.':
			return fail_at(ps, at, "a number cannot start with '.'");
		case '\'':
			return fail_at(ps, at, "strings must use double quotes");
		default:
			break;
		}
	}
	return fail_expected(ps, at, "expected a value");
}

static bool parse_value(parser *ps, json_value **out)
{
	skip_whitespace(ps);
	if (at_end(ps))
		return fail_value_expected(ps);
	char c = *ps->p;
	if (c == '{')
		return parse_object(ps, out);
	if (c == '[')
		return parse_array(ps, out);
	if (c == '"')
		return parse_string(ps, out);
	if (c == '-' || is_digit(c))
		return parse_number(ps, out);
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return parse_word(ps, out);
	return fail_value_expected(ps);
}

bool json_parse(arena *a, const char *text, size_t len, const json_limits *limits,
                json_value **out, json_error *err)
{
	json_error scratch;
	if (!err)
		err = &scratch;
	memset(err, 0, sizeof *err);
	if (!text) {
		text = "";
		len = 0;
	}

	parser ps = {
		.a = a,
		.text = text,
		.end = text + len,
		.p = text,
		.max_depth = limits && limits->max_depth ? limits->max_depth : DEFAULT_MAX_DEPTH,
		.line = 1,
		.line_start = text,
		.col_at = text,
		.col = 1,
		.err = err,
	};
	if (limits && limits->max_bytes && len > limits->max_bytes) {
		snprintf(err->message, sizeof err->message,
		         "the document is larger than the limit of %zu bytes", limits->max_bytes);
		err->limit = true;
		return false;
	}

	json_value *v;
	if (!parse_value(&ps, &v))
		return false;
	skip_whitespace(&ps);
	if (!at_end(&ps)) {
		if (starts_comment(&ps, ps.p))
			return fail_at(&ps, ps.p, "comments are not allowed in JSON");
		return fail_at(&ps, ps.p, "unexpected text after the JSON value");
	}
	*out = v;
	return true;
}

/* ------------------------------------------------------------------------ */
/* Looking things up                                                        */

const json_value *json_get(const json_value *obj, const char *key)
{
	if (!obj || obj->kind != JSON_OBJECT || !key)
		return NULL;
	size_t len = strlen(key);
	for (size_t i = 0; i < obj->count; i++)
		if (obj->key_lens[i] == len && memcmp(obj->keys[i], key, len) == 0)
			return obj->items[i];
	return NULL;
}

/* A string holding "\u0000" cannot be returned as a C string without
 * silently losing its tail, so it counts as "not a string" here; callers
 * that accept NUL bytes read v->str and v->len themselves. */
const char *json_get_string(const json_value *obj, const char *key)
{
	const json_value *v = json_get(obj, key);
	if (!v || v->kind != JSON_STRING || strlen(v->str) != v->len)
		return NULL;
	return v->str;
}

bool json_is_int(const json_value *v, int64_t min, int64_t max, int64_t *out)
{
	if (!v || v->kind != JSON_NUMBER || !v->str || v->len == 0)
		return false;
	const char *s = v->str, *end = v->str + v->len;
	bool negative = *s == '-';
	if (negative)
		s++;
	if (s == end)
		return false;
	/* Accumulate the magnitude unsigned: -2^63 has no positive int64. */
	uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t magnitude = 0;
	for (; s < end; s++) {
		if (!is_digit(*s))
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (magnitude > (limit - d) / 10)
			return false;
		magnitude = magnitude * 10 + d;
	}
	int64_t value;
	if (negative)
		value = magnitude == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)magnitude;
	else
		value = (int64_t)magnitude;
	if (value < min || value > max)
		return false;
	if (out)
		*out = value;
	return true;
}

bool json_get_int(const json_value *obj, const char *key, int64_t min, int64_t max, int64_t *out)
{
	return json_is_int(json_get(obj, key), min, max, out);
}

/* ------------------------------------------------------------------------ */
/* Reading what the writer wrote                                            */

enum { WRITTEN_DEPTH_MAX = 16 };

/* After the string whose opening quote is at p; NULL if it does not end.
 * A quote ends it unless an odd number of backslashes stands before it. */
static const char *written_string_end(const char *p, const char *end)
{
	for (const char *q = p + 1; q < end;) {
		const char *quote = memchr(q, '"', (size_t)(end - q));
		if (!quote)
			return NULL;
		const char *b = quote;
		while (b > p + 1 && b[-1] == '\\')
			b--;
		if ((quote - b) % 2 == 0)
			return quote + 1;
		q = quote + 1;
	}
	return NULL;
}

/* After the value at p: a string, an object or array (brackets counted
 * outside strings), or a scalar, which ends at the next ',' or the
 * object's end. NULL when there is none. */
static const char *written_value_end(const char *p, const char *end)
{
	if (p >= end)
		return NULL;
	if (*p == '"')
		return written_string_end(p, end);
	if (*p != '{' && *p != '[') {
		const char *q = p;
		while (q < end && *q != ',' && *q != '}' && *q != ']' && *q != '"' && *q != '{' &&
		       *q != '[' && *q != ' ' && *q != '\n')
			q++;
		return q > p ? q : NULL;
	}
	unsigned depth = 0;
	while (p < end) {
		char c = *p;
		if (c == '"') {
			p = written_string_end(p, end);
			if (!p)
				return NULL;
			continue;
		}
		if (c == '{' || c == '[') {
			if (++depth > WRITTEN_DEPTH_MAX)
				return NULL;
		} else if ((c == '}' || c == ']') && --depth == 0) {
			return p + 1;
		}
		p++;
	}
	return NULL;
}

bool json_written_members(const char *text, size_t len, const char *const *keys, size_t n,
                          json_span *out, size_t *others)
{
	for (size_t k = 0; k < n; k++)
		out[k] = (json_span){ NULL, 0 };
	if (others)
		*others = 0;
	if (!text || len < 2 || text[0] != '{' || text[len - 1] != '}')
		return false;
	const char *p = text + 1, *end = text + len - 1; /* the members, between the braces */
	while (p < end) {
		if (*p != '"')
			return false;
		const char *key = p + 1;
		const char *q = memchr(key, '"', (size_t)(end - key));
		if (!q || q + 1 >= end || q[1] != ':' || memchr(key, '\\', (size_t)(q - key)))
			return false;
		size_t klen = (size_t)(q - key);
		const char *v = q + 2, *ve = written_value_end(v, end);
		if (!ve)
			return false;
		size_t k = 0;
		while (k < n && !(keys[k][0] == key[0] && !strncmp(keys[k], key, klen) &&
		                  keys[k][klen] == '\0'))
			k++;
		if (k < n) {
			if (out[k].p)
				return false;
			out[k] = (json_span){ v, (size_t)(ve - v) };
		} else if (others) {
			(*others)++;
		}
		p = ve;
		if (p < end && *p++ != ',')
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------------ */
/* Writer                                                                   */

void jw_init(json_writer *w, buf *b, bool pretty)
{
	w->b = b;
	w->pretty = pretty;
	w->depth = 0;
	w->need_comma = false;
	w->after_key = false;
}

static void newline_and_indent(json_writer *w)
{
	buf_putc(w->b, '\n');
	for (unsigned i = 0; i < w->depth; i++)
		buf_append(w->b, "  ", 2);
}

/* Whatever goes between the previous item and the next one: a comma and,
 * in pretty mode, a new line. A value right after its key needs nothing. */
static void separate(json_writer *w)
{
	if (w->depth == 0)
		return;
	if (w->need_comma)
		buf_putc(w->b, ',');
	if (w->pretty)
		newline_and_indent(w);
}

static void before_value(json_writer *w)
{
	if (w->after_key)
		w->after_key = false;
	else
		separate(w);
}

static void after_value(json_writer *w)
{
	w->need_comma = true;
}

static void begin_container(json_writer *w, char open)
{
	before_value(w);
	buf_putc(w->b, open);
	w->depth++;
	w->need_comma = false;
}

/* need_comma still false means nothing was written inside: "{}" or "[]". */
static void end_container(json_writer *w, char close)
{
	bool empty = !w->need_comma;
	if (w->depth > 0)
		w->depth--;
	if (!empty && w->pretty)
		newline_and_indent(w);
	buf_putc(w->b, close);
	after_value(w);
}

void jw_begin_object(json_writer *w)
{
	begin_container(w, '{');
}

void jw_end_object(json_writer *w)
{
	end_container(w, '}');
}

void jw_begin_array(json_writer *w)
{
	begin_container(w, '[');
}

void jw_end_array(json_writer *w)
{
	end_container(w, ']');
}

void jw_key_n(json_writer *w, const char *key, size_t len)
{
	separate(w);
	json_escape(w->b, key, len);
	if (w->pretty)
		buf_append(w->b, ": ", 2);
	else
		buf_putc(w->b, ':');
	w->after_key = true;
}

void jw_key_json(json_writer *w, const char *json, size_t len)
{
	separate(w);
	buf_append(w->b, json, len);
	if (w->pretty)
		buf_putc(w->b, ' ');
	w->after_key = true;
}

void jw_key(json_writer *w, const char *key)
{
	jw_key_n(w, key ? key : "", key ? strlen(key) : 0);
}

void jw_string_n(json_writer *w, const char *s, size_t len)
{
	before_value(w);
	json_escape(w->b, s, len);
	after_value(w);
}

/* NULL is written as null: the absence of a string, not an empty one. */
void jw_string(json_writer *w, const char *s)
{
	if (!s)
		jw_null(w);
	else
		jw_string_n(w, s, strlen(s));
}

void jw_member_string(json_writer *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_string(w, s);
}

void jw_int(json_writer *w, int64_t v)
{
	before_value(w);
	buf_put_int(w->b, v);
	after_value(w);
}

void jw_uint(json_writer *w, uint64_t v)
{
	before_value(w);
	buf_put_uint(w->b, v);
	after_value(w);
}

void jw_bool(json_writer *w, bool v)
{
	jw_raw(w, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(json_writer *w)
{
	jw_raw(w, "null", 4);
}

void jw_raw(json_writer *w, const char *json, size_t len)
{
	before_value(w);
	buf_append(w->b, json, len);
	after_value(w);
}

buf *jw_raw_buf(json_writer *w)
{
	before_value(w);
	after_value(w);
	return w->b;
}

void jw_value(json_writer *w, const json_value *v)
{
	if (!v) {
		jw_null(w);
		return;
	}
	switch (v->kind) {
	case JSON_NULL:
		jw_null(w);
		break;
	case JSON_FALSE:
		jw_bool(w, false);
		break;
	case JSON_TRUE:
		jw_bool(w, true);
		break;
	case JSON_NUMBER:
		jw_raw(w, v->str, v->len);
		break;
	case JSON_STRING:
		jw_string_n(w, v->str, v->len);
		break;
	case JSON_ARRAY:
		jw_begin_array(w);
		for (size_t i = 0; i < v->count; i++)
			jw_value(w, v->items[i]);
		jw_end_array(w);
		break;
	case JSON_OBJECT:
		jw_begin_object(w);
		for (size_t i = 0; i < v->count; i++) {
			jw_key_n(w, v->keys[i], v->key_lens[i]);
			jw_value(w, v->items[i]);
		}
		jw_end_object(w);
		break;
	}
}

/* Bytes json_escape writes as they are: printable ASCII but '"' and '\\'.
 * The rest need a look: control characters and those two are escaped,
 * bytes from 0x80 start UTF-8 sequences (invalid ones become U+FFFD). */
static const bool plain_byte[256] = {
	['\x20'] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1,
	['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, [':'] = 1, [';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1,
	['@'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1,
	['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1,
	['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['['] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
	['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1, ['\x7f'] = 1,
};

/* The escape for ASCII byte c (not a plain byte). `small` holds the \u00xx
 * form for control characters without a short escape. */
static const char *escape_for(unsigned char c, char small[7])
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default: break;
	}
	static const char hex[] = "0123456789abcdef";
	memcpy(small, "\\u00", 4);
	small[4] = hex[c >> 4];
	small[5] = hex[c & 15];
	small[6] = '\0';
	return small;
}

void json_escape(buf *b, const char *s, size_t len)
{
	static const char replacement[] = "\xEF\xBF\xBD";  /* U+FFFD */
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *end = p + (s ? len : 0);
	const unsigned char *run = p;  /* start of bytes copied as they are */

	buf_putc(b, '"');
	while (p < end) {
		/* Eight bytes at a time while none needs a look: no byte below
		 * 0x20 or from 0x80, no '"', no '\\' (the tests are exact for
		 * "any", so a word that fails one goes byte by byte). */
		while (end - p >= 8) {
			uint64_t v;
			memcpy(&v, p, 8);
			const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
			uint64_t quote = v ^ (ones * '"'), slash = v ^ (ones * '\\');
			uint64_t look = (v & high) |                        /* from 0x80 */
			                ((v - ones * 0x20) & ~v & high) |      /* below 0x20 */
			                ((quote - ones) & ~quote & high) |     /* '"' */
			                ((slash - ones) & ~slash & high);      /* '\\' */
			if (look)
				break;
			p += 8;
		}
		if (p >= end)
			break;
		if (plain_byte[*p]) {
			p++;
			continue;
		}
		char small[7];
		const char *esc;
		size_t n = 1;
		if (*p >= 0x80) {
			utf8_problem problem;
			n = utf8_sequence(p, end, &problem);
			if (n) {
				p += n;
				continue;
			}
			esc = replacement;
			n = 1;
		} else {
			esc = escape_for(*p, small);
		}
		buf_append(b, (const char *)run, (size_t)(p - run));
		buf_puts(b, esc);
		p += n;
		run = p;
	}
	buf_append(b, (const char *)run, (size_t)(p - run));
	buf_putc(b, '"');
}
