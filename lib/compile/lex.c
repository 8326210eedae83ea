/*
 * The lexer (see lex.h).
 *
 * Three passes over the text, each linear:
 *   1. validate and normalize: UTF-8 and NUL check, NFC, BOM, CRLF -> LF;
 *   2. lines: header "Key: value" lines at the top, then body lines grouped
 *      into blocks (a paragraph runs to a blank line or a bullet; a bullet
 *      item takes the indented lines after it);
 *   3. tokens within each block.
 *
 * Typographic characters people paste from word processors are read as
 * their plain forms: curly quotes and apostrophes, en and em dashes, the
 * bullet sign, the multiplication sign in "1.25×", no-break spaces.
 */
#include "compile/lex.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/decimal.h"
#include "base/text.h"

typedef struct lexer {
	arena *a;
	lexed *lx;
	policy_error *diags;
	bool nomem;
	token *toks;
	uint32_t ntoks, cap;
	block *blocks;
	uint32_t nblocks, bcap;
	/* document structure (structure.h) */
	uint32_t scap, tcap;
	uint32_t heading;     /* the innermost heading's section, or NO_SECTION */
	uint32_t current;     /* the section new blocks belong to */
	bool commentary, definitions; /* the open block's label */
	uint32_t block_first;  /* the open block's first token */
	uint32_t skip_quote;   /* offset of a closing quote to drop, or 0 */
	const char *label;     /* the open item's marker ("a" for "(a)") */
	/* The last token's line, offset and column: tokens come in source
	 * order, so columns are counted on from there, not from the start of
	 * the line (which made a long line quadratic). */
	uint32_t pos_line, pos_off, pos_col;
} lexer;

/* ---- positions ---- */

static uint32_t line_of(const lexed *lx, uint32_t off)
{
	uint32_t lo = 0, hi = lx->nlines;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (lx->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo + 1;
}

static uint32_t col_of(const lexed *lx, uint32_t line, uint32_t off)
{
	uint32_t start = lx->line_starts[line - 1];
	return (uint32_t)text_columns(lx->text + start, off - start) + 1;
}

span tok_span(const lexed *lx, uint32_t first, uint32_t last)
{
	const token *f = &lx->toks[first], *l = &lx->toks[last];
	span s = { f->line, f->col, 1 };
	uint32_t end = l->off + l->len;
	if (l->kind == T_QUOTED)
		end += tok_close_quote_len(lx->text, l); /* the closing quote */
	if (l->line == f->line)
		s.length = (unsigned)text_columns(lx->text + f->off, end - f->off);
	else
		s.length = (unsigned)text_columns(lx->text + f->off,
		                                  lx->line_starts[f->line] - 1 - f->off);
	if (s.length == 0)
		s.length = 1;
	return s;
}

const char *tok_slice(const lexed *lx, uint32_t first, uint32_t last, uint32_t *len)
{
	const token *f = &lx->toks[first], *l = &lx->toks[last];
	uint32_t start = f->kind == T_QUOTED ? f->off - tok_open_quote_len(lx->text, f) : f->off;
	uint32_t end = l->off + l->len + (l->kind == T_QUOTED ? tok_close_quote_len(lx->text, l) : 0);
	*len = end - start;
	return lx->text + start;
}

/* ---- pass 1: normalize ---- */

static void diag_at_offset(lexer *L, const char *raw, size_t off, const char *msg)
{
	unsigned line = 1, col = 1;
	for (size_t i = 0; i < off; i++) {
		if (raw[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)raw[i] & 0xC0) != 0x80) {
			col++;
		}
	}
	error_add(L->diags, POLICY_SEVERITY_ERROR, line, col, 1, NULL, "%s", msg);
}

static bool normalize(lexer *L, const char *text, size_t len)
{
	char *nfc;
	size_t nlen, bad;
	text_status st = text_nfc(L->a, text, len, &nfc, &nlen, &bad);
	if (st == TEXT_NOMEM) {
		L->nomem = true;
		return false;
	}
	if (st == TEXT_BAD_UTF8) {
		diag_at_offset(L, text, bad, "the policy text is not valid UTF-8 here");
		return false;
	}
	if (st == TEXT_NUL) {
		diag_at_offset(L, text, bad, "the policy text contains a NUL byte");
		return false;
	}
	const char *s = nfc;
	if (nlen >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		nlen -= 3;
	}
	char *out = arena_alloc(L->a, nlen + 1);
	if (!out) {
		L->nomem = true;
		return false;
	}
	size_t o = 0;
	for (size_t i = 0; i < nlen; i++) {
		if (s[i] == '\r') {
			out[o++] = '\n';
			if (i + 1 < nlen && s[i + 1] == '\n')
				i++;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	L->lx->text = out;
	L->lx->len = o;
	return true;
}

static bool index_lines(lexer *L)
{
	lexed *lx = L->lx;
	uint32_t n = 1;
	for (size_t i = 0; i < lx->len; i++)
		n += lx->text[i] == '\n';
	lx->line_starts = arena_alloc(L->a, n * sizeof *lx->line_starts);
	if (!lx->line_starts) {
		L->nomem = true;
		return false;
	}
	uint32_t k = 0;
	lx->line_starts[k++] = 0;
	for (size_t i = 0; i < lx->len; i++)
		if (lx->text[i] == '\n')
			lx->line_starts[k++] = (uint32_t)i + 1;
	lx->nlines = n;
	return true;
}

/* ---- pass 2: header and blocks ---- */

static void line_bounds(const lexed *lx, uint32_t line, uint32_t *start, uint32_t *end)
{
	*start = lx->line_starts[line - 1];
	*end = line < lx->nlines ? lx->line_starts[line] - 1 : (uint32_t)lx->len;
}

static bool is_blank(const char *s, uint32_t start, uint32_t end)
{
	for (uint32_t i = start; i < end; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/* Header keys the policy language knows; a header line is "Key: value". */
static header_field *header_slot(lexed *lx, const char *key, size_t len)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "policy", offsetof(lexed, name) },
		{ "policy name", offsetof(lexed, name) },
		{ "version", offsetof(lexed, version) },
		{ "policy version", offsetof(lexed, version) },
		{ "effective", offsetof(lexed, effective) },
		{ "effective date", offsetof(lexed, effective) },
		{ "source", offsetof(lexed, source) },
		{ "token budget", offsetof(lexed, token_budget) },
	};
	char low[32];
	if (len >= sizeof low)
		return NULL;
	for (size_t i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)key[i]);
	low[len] = '\0';
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(low, keys[i].key) == 0)
			return (header_field *)((char *)lx + keys[i].off);
	return NULL;
}

/* Read header lines; returns the first body line. */
static uint32_t read_header(lexer *L)
{
	lexed *lx = L->lx;
	uint32_t line = 1;
	for (; line <= lx->nlines; line++) {
		uint32_t s, e;
		line_bounds(lx, line, &s, &e);
		if (is_blank(lx->text, s, e))
			continue;
		uint32_t k = s;
		while (k < e && isspace((unsigned char)lx->text[k]))
			k++;
		uint32_t key_start = k;
		while (k < e && (isalpha((unsigned char)lx->text[k]) || lx->text[k] == ' '))
			k++;
		if (k >= e || lx->text[k] != ':')
			break;
		uint32_t key_end = k;
		while (key_end > key_start && lx->text[key_end - 1] == ' ')
			key_end--;
		header_field *f = header_slot(lx, lx->text + key_start, key_end - key_start);
		if (!f)
			break;
		k++;
		while (k < e && isspace((unsigned char)lx->text[k]))
			k++;
		uint32_t ve = e;
		while (ve > k && isspace((unsigned char)lx->text[ve - 1]))
			ve--;
		f->value = arena_strndup(L->a, lx->text + k, ve - k);
		if (!f->value) {
			L->nomem = true;
			return line;
		}
		f->sp.line = line;
		f->sp.column = col_of(lx, line, k);
		f->sp.length = (unsigned)text_columns(lx->text + k, ve - k);
		if (f->sp.length == 0)
			f->sp.length = 1;
	}
	return line;
}

static bool check_header(lexer *L, uint32_t body_line)
{
	lexed *lx = L->lx;
	static const struct {
		size_t off;
		const char *key, *example;
	} required[] = {
		{ offsetof(lexed, name), "Policy", "Policy: Claims Intake" },
		{ offsetof(lexed, version), "Version", "Version: 1.0.0" },
		{ offsetof(lexed, effective), "Effective", "Effective: March 1, 2026" },
	};
	bool ok = true;
	for (size_t i = 0; i < 3; i++) {
		header_field *f = (header_field *)((char *)lx + required[i].off);
		if (f->value && *f->value)
			continue;
		char hint[96];
		snprintf(hint, sizeof hint, "start the policy with a line such as '%s'",
		         required[i].example);
		error_add(L->diags, POLICY_SEVERITY_ERROR, f->value ? f->sp.line : 1, 1, 1, hint,
		          "the policy has no '%s:' line", required[i].key);
		ok = false;
	}
	if (lx->effective.value && *lx->effective.value &&
	    !date_parse(lx->effective.value, strlen(lx->effective.value), &lx->effective_date)) {
		error_add(L->diags, POLICY_SEVERITY_ERROR, lx->effective.sp.line,
		          lx->effective.sp.column, lx->effective.sp.length,
		          "write a date such as 'March 1, 2026' or '2026-03-01'",
		          "'%s' is not a date", lx->effective.value);
		ok = false;
	}
	if (lx->token_budget.value) {
		decimal d;
		int64_t n;
		const char *v = lx->token_budget.value;
		size_t vl = strcspn(v, " ");
		if (!decimal_parse(v, vl, &d) || !decimal_to_int64(d, &n) || n <= 0) {
			error_add(L->diags, POLICY_SEVERITY_ERROR, lx->token_budget.sp.line,
			          lx->token_budget.sp.column, lx->token_budget.sp.length,
			          "write a whole number of tokens, e.g. 'Token budget: 2,000'",
			          "the token budget '%s' is not a whole number", v);
			ok = false;
		} else {
			lx->budget = (uint64_t)n;
		}
	}
	(void)body_line;
	return ok;
}

/* Bullet markers: - * + • – — and "1." "1)" "a)" "(a)" "(1)" "i." followed
 * by a space. Returns the marker's length in bytes, 0 if none. */
static uint32_t bullet_marker(const char *s, uint32_t i, uint32_t e)
{
	if (i >= e)
		return 0;
	unsigned char c = (unsigned char)s[i];
	uint32_t n = 0;
	if (c == '-' || c == '*' || c == '+')
		n = 1;
	else if (e - i >= 3 && (memcmp(s + i, "\xE2\x80\xA2", 3) == 0 ||
	                        memcmp(s + i, "\xE2\x80\x93", 3) == 0 ||
	                        memcmp(s + i, "\xE2\x80\x94", 3) == 0))
		n = 3;
	else if (c == '(') {
		uint32_t k = i + 1;
		while (k < e && k - i <= 3 && isalnum((unsigned char)s[k]))
			k++;
		if (k < e && s[k] == ')' && k > i + 1)
			n = k + 1 - i;
	} else if (isdigit(c)) {
		uint32_t k = i;
		while (k < e && k - i < 3 && isdigit((unsigned char)s[k]))
			k++;
		if (k < e && (s[k] == '.' || s[k] == ')'))
			n = k + 1 - i;
	} else if (islower(c) && i + 1 < e && s[i + 1] == ')') {
		n = 2;
	}
	if (n == 0 || i + n >= e || (s[i + n] != ' ' && s[i + n] != '\t'))
		return 0;
	return n;
}

/* ---- pass 3: tokens ---- */

static token *push_token(lexer *L)
{
	if (L->ntoks == L->cap) {
		uint32_t cap = L->cap ? L->cap * 2 : 256;
		token *t = arena_grow(L->a, L->toks, L->ntoks, cap, sizeof *t);
		if (!t) {
			L->nomem = true;
			return NULL;
		}
		L->toks = t;
		L->cap = cap;
	}
	token *t = &L->toks[L->ntoks++];
	memset(t, 0, sizeof *t);
	return t;
}

static bool is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* Typographic code points read as ASCII; returns the ASCII stand-in and the
 * sequence length, or 0. */
static char typographic(const char *s, uint32_t i, uint32_t e, uint32_t *n)
{
	if (e - i < 2)
		return 0;
	const unsigned char *u = (const unsigned char *)s + i;
	if (u[0] == 0xC2 && u[1] == 0xA0) {
		*n = 2;
		return ' ';
	}
	if (u[0] == 0xC3 && u[1] == 0x97) {
		*n = 2;
		return 'x';
	}
	if (e - i < 3 || u[0] != 0xE2 || u[1] != 0x80)
		return 0;
	*n = 3;
	switch (u[2]) {
	case 0x98: case 0x99: return '\'';
	case 0x9C: case 0x9D: return '"';
	case 0x93: case 0x94: return '-';
	case 0xA2: return '*';
	default: return 0;
	}
}

/* "≥" and "≤" (in table cells: "≥ 680"): signs, not letters. */
static bool is_math_sign(const char *s, uint32_t i, uint32_t e)
{
	return e - i >= 3 && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x89 &&
	       ((unsigned char)s[i + 2] == 0xA4 || (unsigned char)s[i + 2] == 0xA5);
}

static const char *const abbreviations[] = {
	"e.g", "i.e", "etc", "inc", "co", "corp", "ltd", "llc", "no", "vs", "mr", "ms", "mrs",
	"dr", "st", "jr", "sr", "approx", "dept", "u.s", "jan", "feb", "mar", "apr", "jun",
	"jul", "aug", "sep", "sept", "oct", "nov", "dec",
};

/* Units written short ("10,000 sq. ft.", "3 yrs."): the period is theirs
 * when the sentence goes on after it (a lowercase word, a digit, a comma),
 * and ends the sentence otherwise. */
static const char *const unit_abbreviations[] = {
	"ft", "hr", "hrs", "lb", "lbs", "mi", "mo", "mos", "oz", "sq", "yd", "yr", "yrs",
};

static bool unit_period(const char *low, const char *s, uint32_t k, uint32_t end)
{
	bool unit = false;
	for (size_t i = 0; i < sizeof unit_abbreviations / sizeof unit_abbreviations[0] && !unit; i++)
		unit = strcmp(low, unit_abbreviations[i]) == 0;
	if (!unit)
		return false;
	uint32_t n = k + 1;
	while (n < end && s[n] == ' ')
		n++;
	return n < end && (islower((unsigned char)s[n]) || isdigit((unsigned char)s[n]) ||
	                   s[n] == ',' || s[n] == ';' || s[n] == ')');
}

/* The length of a name like "7(a)", "401(k)", "501(c)(3)" at i: digits,
 * then one or more groups of one or two letters or digits in parentheses
 * with no space; 0 if there is none. */
static uint32_t section_name_len(const char *s, uint32_t i, uint32_t end)
{
	if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '$'))
		return 0;
	uint32_t k = i;
	while (k < end && k < i + 4 && isdigit((unsigned char)s[k]))
		k++;
	if (k == i)
		return 0;
	uint32_t groups = 0;
	while (k + 2 < end && s[k] == '(' && isalnum((unsigned char)s[k + 1])) {
		uint32_t c = k + 2;
		if (c < end && isalnum((unsigned char)s[c]))
			c++;
		if (c >= end || s[c] != ')')
			break;
		k = c + 1;
		groups++;
	}
	if (!groups || (k < end && isalnum((unsigned char)s[k])))
		return 0;
	return k - i;
}

static bool is_abbreviation(const char *low)
{
	for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
		if (strcmp(low, abbreviations[i]) == 0)
			return true;
	return false;
}

static char *lower_copy(lexer *L, const char *s, uint32_t len)
{
	char *p = arena_alloc(L->a, len + 1);
	if (!p) {
		L->nomem = true;
		return NULL;
	}
	uint32_t o = 0;
	for (uint32_t i = 0; i < len; i++) {
		uint32_t n;
		char c = typographic(s, i, len, &n);
		if (c == '\'') {
			p[o++] = '\'';
			i += n - 1;
			continue;
		}
		p[o++] = (char)tolower((unsigned char)s[i]);
	}
	p[o] = '\0';
	return p;
}

/* Length of a plain number at i: digits, optional comma groups, optional
 * fraction. 0 if none. */
static uint32_t scan_number(const char *s, uint32_t i, uint32_t e)
{
	uint32_t k = i;
	while (k < e && isdigit((unsigned char)s[k]))
		k++;
	if (k == i)
		return 0;
	while (k + 3 < e && s[k] == ',' && isdigit((unsigned char)s[k + 1]) &&
	       isdigit((unsigned char)s[k + 2]) && isdigit((unsigned char)s[k + 3]) &&
	       (k + 4 >= e || !isdigit((unsigned char)s[k + 4])))
		k += 4;
	if (k + 1 < e && s[k] == '.' && isdigit((unsigned char)s[k + 1])) {
		k++;
		while (k < e && isdigit((unsigned char)s[k]))
			k++;
	}
	return k - i;
}

static uint32_t skip_spaces(const char *s, uint32_t i, uint32_t e)
{
	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static bool word_at(const char *s, uint32_t i, uint32_t e, const char *w)
{
	size_t n = strlen(w);
	if (e - i < n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (tolower((unsigned char)s[i + k]) != w[k])
			return false;
	return i + n == e || !is_word_byte((unsigned char)s[i + n]);
}

/* "twenty-five", "one hundred and fifty", "five thousand dollars": numbers
 * of two or more words (one word, "three", stays a word the parser
 * counts with). Returns the length, 0 if none; the value in *out. */
static uint32_t scan_number_words(const char *s, uint32_t i, uint32_t e, int64_t *out)
{
	enum { NONE, UNIT, TEEN, TENS, HUNDRED, MAGNITUDE } last = NONE;
	static const struct {
		const char *w;
		int64_t mag;
	} mags[] = { { "thousand", 1000 }, { "million", 1000000 }, { "billion", 1000000000 } };
	int64_t total = 0, group = 0;
	unsigned words = 0;
	uint32_t k = i, end = i;
	while (k < e && isalpha((unsigned char)s[k])) {
		uint32_t w = k;
		while (w < e && isalpha((unsigned char)s[w]))
			w++;
		int64_t v = number_word(s + k, w - k);
		bool after_group = last == NONE || last == HUNDRED || last == MAGNITUDE;
		if (v >= 0 && v < 10 && (after_group || last == TENS)) {
			group += v;
			last = UNIT;
		} else if (v >= 10 && v < 100 && after_group) {
			group += v;
			last = v < 20 ? TEEN : TENS;
		} else if (v == 100 && last == UNIT && group < 10) {
			group *= 100;
			last = HUNDRED;
		} else {
			size_t m = 0;
			while (m < sizeof mags / sizeof mags[0] && !word_at(s, k, e, mags[m].w))
				m++;
			if (m == sizeof mags / sizeof mags[0] || group == 0 || last == MAGNITUDE ||
			    last == NONE)
				break;
			total += group * mags[m].mag;
			group = 0;
			last = MAGNITUDE;
		}
		words++;
		end = w;
		k = w;
		if (last == TENS && k + 1 < e && s[k] == '-' && isalpha((unsigned char)s[k + 1])) {
			k++; /* "twenty-five" */
			continue;
		}
		uint32_t sp = skip_spaces(s, k, e);
		if (sp == k)
			break;
		if ((last == HUNDRED || last == MAGNITUDE) && word_at(s, sp, e, "and"))
			sp = skip_spaces(s, sp + 3, e);
		k = sp;
	}
	if (words < 2)
		return 0;
	*out = total + group;
	return end - i;
}

/* Digits, a colon, then two or more digits ("13485:2016"): a standard's
 * code. A ratio's "1.25:1" has one digit after the colon. */
static uint32_t code_length(const char *s, uint32_t i, uint32_t e)
{
	if (i > 0 && is_word_byte((unsigned char)s[i - 1]))
		return 0;
	uint32_t k = i;
	while (k < e && isdigit((unsigned char)s[k]))
		k++;
	if (k == i || k + 2 >= e || s[k] != ':' || !isdigit((unsigned char)s[k + 1]) ||
	    !isdigit((unsigned char)s[k + 2]))
		return 0;
	k++;
	while (k < e && isdigit((unsigned char)s[k]))
		k++;
	return k < e && is_word_byte((unsigned char)s[k]) ? 0 : k - i;
}

/* "one-third", "two thirds", "one half", "three-quarters": a fraction, as
 * a share ("one-third of the revenue"). Returns the length, 0 if none. */
static uint32_t scan_fraction(const char *s, uint32_t i, uint32_t e, decimal *out)
{
	static const struct {
		const char *w;
		int64_t d;
	} parts[] = { { "halves", 2 }, { "half", 2 }, { "thirds", 3 }, { "third", 3 },
	              { "quarters", 4 }, { "quarter", 4 }, { "fourths", 4 }, { "fourth", 4 },
	              { "fifths", 5 }, { "fifth", 5 }, { "tenths", 10 }, { "tenth", 10 } };
	uint32_t w = i;
	while (w < e && isalpha((unsigned char)s[w]))
		w++;
	int64_t n = number_word(s + i, w - i);
	if (n < 1 || n > 9 || w + 1 >= e || (s[w] != '-' && s[w] != ' '))
		return 0;
	uint32_t k = w + 1;
	for (size_t f = 0; f < sizeof parts / sizeof parts[0]; f++) {
		if (!word_at(s, k, e, parts[f].w) || n >= parts[f].d)
			continue;
		if (!decimal_div(decimal_from_int(n), decimal_from_int(parts[f].d), DECIMAL_DIV_SCALE,
		                 out))
			return 0;
		*out = decimal_normalize(*out);
		return k + (uint32_t)strlen(parts[f].w) - i;
	}
	return 0;
}

/* Try the quantity forms at i; on success fill t and return the length. */
static uint32_t scan_quantity(const char *s, uint32_t i, uint32_t e, token *t)
{
	/* every number word begins with one of these letters */
	bool spelled_start = strchr("zotfsenhZOTFSENH", s[i]) && s[i] &&
	                     (i == 0 || !is_word_byte((unsigned char)s[i - 1]));
	decimal share;
	uint32_t fl = spelled_start ? scan_fraction(s, i, e, &share) : 0;
	if (fl) {
		t->val = value_percent(share);
		return fl;
	}
	int64_t spelled;
	uint32_t sl = spelled_start ? scan_number_words(s, i, e, &spelled) : 0;
	if (sl) {
		decimal d = decimal_from_int(spelled);
		uint32_t at = skip_spaces(s, i + sl, e);
		if (at > i + sl && word_at(s, at, e, "dollars")) {
			t->val = value_money(decimal_rescale(d, 2));
			return at + 7 - i;
		}
		if (at > i + sl && word_at(s, at, e, "percent")) {
			decimal hundred = decimal_from_int(100), f;
			if (!decimal_div(d, hundred, DECIMAL_MAX_SCALE, &f))
				return 0;
			t->val = value_percent(decimal_normalize(f));
			return at + 7 - i;
		}
		t->val = value_number(d);
		return sl;
	}
	/* Dates first: 2026-03-01, 03/01/2026, 01.03.2026, March 1, 2026, 1 March
	 * 2026. */
	static const uint32_t date_lens[] = { 10, 9, 8 };
	if (isdigit((unsigned char)s[i])) {
		for (size_t k = 0; k < 3; k++) {
			uint32_t n = date_lens[k];
			if (e - i >= n && (i + n == e || !is_word_byte((unsigned char)s[i + n])) &&
			    (memchr(s + i, '/', n) || memchr(s + i, '-', n) ||
			     (n == 10 && s[i + 2] == '.' && s[i + 5] == '.')) &&
			    date_parse(s + i, n, &t->val.u.date)) {
				t->val = value_date(t->val.u.date);
				return n;
			}
		}
	}
	uint32_t wl = 0;
	while (i + wl < e && isalpha((unsigned char)s[i + wl]))
		wl++;
	if (wl >= 3 && date_month_from_name(s + i, wl)) {
		/* Month D, YYYY */
		uint32_t k = i + wl;
		if (k < e && s[k] == '.')
			k++;
		k = skip_spaces(s, k, e);
		uint32_t d = scan_number(s, k, e);
		if (d >= 1 && d <= 2) {
			uint32_t m = k + d;
			while (m < e && isalpha((unsigned char)s[m]) && m - (k + d) < 2)
				m++; /* 14th */
			if (m < e && s[m] == ',')
				m++;
			m = skip_spaces(s, m, e);
			uint32_t y = scan_number(s, m, e);
			if (y == 4 && date_parse(s + i, m + 4 - i, &t->val.u.date)) {
				t->val = value_date(t->val.u.date);
				return m + 4 - i;
			}
		}
	}
	if (isdigit((unsigned char)s[i])) {
		/* D Month YYYY */
		uint32_t d = scan_number(s, i, e);
		uint32_t k = skip_spaces(s, i + d, e);
		uint32_t ml = 0;
		while (k + ml < e && isalpha((unsigned char)s[k + ml]))
			ml++;
		if (d <= 2 && k > i + d && ml >= 3 && date_month_from_name(s + k, ml)) {
			uint32_t m = skip_spaces(s, k + ml, e);
			if (scan_number(s, m, e) == 4 && date_parse(s + i, m + 4 - i, &t->val.u.date)) {
				t->val = value_date(t->val.u.date);
				return m + 4 - i;
			}
		}
	}

	/* Money: $N, $N.NM, $N million, USD N, N dollars. */
	uint32_t k = i;
	bool money = false;
	if (s[k] == '$') {
		money = true;
		k = skip_spaces(s, k + 1, e);
	} else if (word_at(s, k, e, "usd")) {
		money = true;
		k = skip_spaces(s, k + 3, e);
	}
	uint32_t nl = scan_number(s, k, e);
	if (nl == 0)
		return 0;
	decimal d;
	if (!decimal_parse(s + k, nl, &d))
		return 0;
	uint32_t end = k + nl;
	/* Suffixes: magnitudes, %, x, "percent", "dollars". */
	static const struct {
		const char *w;
		int zeros;
	} mags[] = { { "mm", 6 }, { "m", 6 }, { "k", 3 }, { "b", 9 }, { "bn", 9 },
	             { "million", 6 }, { "thousand", 3 }, { "billion", 9 } };
	int zeros = -1;
	uint32_t after = end;
	for (size_t m = 0; m < sizeof mags / sizeof mags[0]; m++) {
		bool word = strlen(mags[m].w) > 2;
		uint32_t at = word ? skip_spaces(s, end, e) : end;
		if (word && at == end)
			continue;
		if (!word && !money)
			continue; /* "5m" alone is ambiguous; "$5M" is not */
		if (word_at(s, at, e, mags[m].w)) {
			zeros = mags[m].zeros;
			after = at + (uint32_t)strlen(mags[m].w);
			break;
		}
	}
	if (zeros >= 0) {
		decimal scale = decimal_from_int(1);
		for (int z = 0; z < zeros; z++)
			scale.coef *= 10;
		if (!decimal_mul(d, scale, &d))
			return 0;
		d = decimal_normalize(d);
		end = after;
		if (!money) {
			uint32_t at = skip_spaces(s, end, e);
			if (word_at(s, at, e, "dollars")) {
				money = true;
				end = at + 7;
			}
		}
	}
	if (money) {
		t->val = value_money(d);
		return end - i;
	}
	if (end < e && s[end] == '%') {
		decimal hundred = decimal_from_int(100), f;
		if (!decimal_div(d, hundred, DECIMAL_MAX_SCALE, &f))
			return 0;
		t->val = value_percent(decimal_normalize(f));
		return end + 1 - i;
	}
	uint32_t n;
	char ty = typographic(s, end, e, &n);
	if (end < e && (s[end] == 'x' || s[end] == 'X' || ty == 'x')) {
		uint32_t xl = ty == 'x' ? n : 1;
		if (end + xl == e || !is_word_byte((unsigned char)s[end + xl])) {
			t->val = value_ratio(d);
			return end + xl - i;
		}
	}
	uint32_t at = skip_spaces(s, end, e);
	if (at > end && (word_at(s, at, e, "percent") || word_at(s, at, e, "pct"))) {
		decimal hundred = decimal_from_int(100), f;
		if (!decimal_div(d, hundred, DECIMAL_MAX_SCALE, &f))
			return 0;
		t->val = value_percent(decimal_normalize(f));
		return at + (word_at(s, at, e, "pct") ? 3 : 7) - i;
	}
	if (at > end && word_at(s, at, e, "dollars")) {
		t->val = value_money(d);
		return at + 7 - i;
	}
	uint32_t dash;
	if (end < e && is_word_byte((unsigned char)s[end]) && typographic(s, end, e, &dash) != '-')
		return 0; /* "2nd", "1099-MISC": a word; but "620–679" is a range */
	t->val = value_number(d);
	return end - i;
}

static void set_pos(lexer *L, token *t, uint32_t off, uint32_t len)
{
	t->off = off;
	t->len = len;
	t->text = L->lx->text + off;
	t->line = line_of(L->lx, off);
	if (t->line == L->pos_line && off >= L->pos_off)
		t->col = L->pos_col + (uint32_t)text_columns(L->lx->text + L->pos_off, off - L->pos_off);
	else
		t->col = col_of(L->lx, t->line, off);
	L->pos_line = t->line;
	L->pos_off = off;
	L->pos_col = t->col;
}

/* '"Debt Service Coverage Ratio" means ...': a quoted term at the start
 * of a sentence, being defined, is read as its words (the quotes mark the
 * defined term, as in legal drafting); the closing quote is dropped when
 * it is reached. */
static bool quoted_term_defined(lexer *L, uint32_t i, uint32_t end, uint32_t open_len)
{
	const char *s = L->lx->text;
	if (L->ntoks > L->block_first) {
		const token *prev = &L->toks[L->ntoks - 1];
		/* '..., and "Billed charges" means ...': a second definition */
		bool second = prev->kind == T_WORD && !strcmp(prev->low, "and") &&
		              L->ntoks - 1 > L->block_first && L->toks[L->ntoks - 2].kind == T_PUNCT &&
		              strchr(",;", L->toks[L->ntoks - 2].punct);
		if (!second && (prev->kind != T_PUNCT || !strchr(".;:", prev->punct)))
			return false;
	}
	uint32_t k = i + open_len;
	while (k < end) {
		uint32_t n2;
		if (s[k] == '"' || typographic(s, k, end, &n2) == '"')
			break;
		k++;
	}
	if (k >= end || k == i + open_len)
		return false;
	uint32_t close = k;
	uint32_t n2 = 1;
	if (s[k] != '"')
		typographic(s, k, end, &n2);
	k += n2;
	while (k < end && s[k] == ' ')
		k++;
	/* a second name first: '"Total Insured Value" (TIV) means', '"Combined
	 * Loan-to-Value" or "CLTV" means' */
	if (k < end && s[k] == '(') {
		uint32_t c = k;
		while (c < end && s[c] != ')' && s[c] != '\n')
			c++;
		if (c < end && s[c] == ')')
			k = c + 1;
	} else if (end - k > 4 && strncasecmp(s + k, "or ", 3) == 0 && s[k + 3] == '"') {
		uint32_t c = k + 4;
		while (c < end && s[c] != '"' && s[c] != '\n')
			c++;
		if (c < end && s[c] == '"')
			k = c + 1;
	}
	while (k < end && s[k] == ' ')
		k++;
	static const char *const verbs[] = { "means ", "mean ", "shall mean ", "is defined as ",
	                                     "are defined as ", "refers to ", "has the meaning ",
	                                     "is the ", "equals " };
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
		size_t n = strlen(verbs[v]);
		if (end - k >= n && strncasecmp(s + k, verbs[v], n) == 0) {
			L->skip_quote = close;
			return true;
		}
	}
	/* '"Released Liability" is $2.00 multiplied by ...', '"X" is 80% of ...' */
	if (end - k > 4 && strncasecmp(s + k, "is ", 3) == 0 &&
	    (s[k + 3] == '$' || isdigit((unsigned char)s[k + 3]))) {
		L->skip_quote = close;
		return true;
	}
	return false;
}

static bool tokenize(lexer *L, uint32_t start, uint32_t end)
{
	const char *s = L->lx->text;
	uint32_t i = start;
	while (i < end && !L->nomem) {
		unsigned char c = (unsigned char)s[i];
		uint32_t tn = 0;
		char ty = typographic(s, i, end, &tn);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\v' || ty == ' ') {
			i += ty == ' ' ? tn : 1;
			continue;
		}
		if (L->skip_quote && i == L->skip_quote && (c == '"' || ty == '"')) {
			L->skip_quote = 0;
			i += ty == '"' ? tn : 1;
			continue;
		}
		if ((c == '"' || ty == '"') && quoted_term_defined(L, i, end, ty == '"' ? tn : 1)) {
			i += ty == '"' ? tn : 1;
			continue;
		}
		token *t = push_token(L);
		if (!t)
			return false;
		if (c == '"' || ty == '"') {
			uint32_t q = i + (ty == '"' ? tn : 1), k = q;
			while (k < end) {
				uint32_t n2;
				if (s[k] == '"' || typographic(s, k, end, &n2) == '"')
					break;
				if (s[k] == '\n')
					break;
				k++;
			}
			if (k < end && s[k] != '\n') {
				t->kind = T_QUOTED;
				set_pos(L, t, q, k - q);
				t->low = lower_copy(L, s + q, k - q);
				uint32_t n2 = 1;
				if (s[k] != '"')
					typographic(s, k, end, &n2);
				i = k + n2;
				continue;
			}
			t->kind = T_PUNCT;
			t->punct = '"';
			set_pos(L, t, i, ty == '"' ? tn : 1);
			t->low = "\"";
			i += t->len;
			continue;
		}
		uint32_t code = code_length(s, i, end);
		if (code) {
			/* "ISO 13485:2016": a code, read as a word */
			t->kind = T_WORD;
			set_pos(L, t, i, code);
			t->low = lower_copy(L, s + i, code);
			i += code;
			continue;
		}
		if (c >= 'A' && c <= 'F' && i + 1 < end && (s[i + 1] == '+' || s[i + 1] == '-') &&
		    (i == 0 || !is_word_byte((unsigned char)s[i - 1])) &&
		    (i + 2 >= end || (!is_word_byte((unsigned char)s[i + 2]) && s[i + 2] != '+' &&
		                      s[i + 2] != '-'))) {
			/* "A+", "B-": a letter grade, one word */
			t->kind = T_WORD;
			set_pos(L, t, i, 2);
			t->low = lower_copy(L, s + i, 2);
			i += 2;
			continue;
		}
		uint32_t named = section_name_len(s, i, end);
		if (named) {
			/* "7(a)", "401(k)", "501(c)(3)": a name, one word */
			t->kind = T_WORD;
			set_pos(L, t, i, named);
			t->low = lower_copy(L, s + i, named);
			i += named;
			continue;
		}
		uint32_t q = scan_quantity(s, i, end, t);
		if (q) {
			t->kind = T_QUANTITY;
			set_pos(L, t, i, q);
			t->low = lower_copy(L, s + i, q);
			i += q;
			continue;
		}
		if (is_word_byte(c) && ty == 0 && !is_math_sign(s, i, end)) {
			uint32_t k = i;
			for (;;) {
				uint32_t n2;
				char t2 = typographic(s, k, end, &n2);
				if (k < end && is_word_byte((unsigned char)s[k]) && t2 == 0 &&
				    !is_math_sign(s, k, end)) {
					k++;
				} else if (k + 1 < end && k > i &&
				           (s[k] == '\'' || s[k] == '-' || t2 == '\'') &&
				           is_word_byte((unsigned char)s[k + (t2 ? n2 : 1)]) &&
				           typographic(s, k + (t2 ? n2 : 1), end, &n2) == 0) {
					k += t2 ? 3 : 1;
				} else if (k > i && k < end && (s[k] == '\'' || t2 == '\'') &&
				           (s[k - 1] == 's' || s[k - 1] == 'S') &&
				           (k + (t2 ? 3 : 1) >= end ||
				            !is_word_byte((unsigned char)s[k + (t2 ? 3 : 1)]))) {
					k += t2 ? 3 : 1; /* plural possessive: "applicants'" */
					break;
				} else {
					break;
				}
			}
			t->kind = T_WORD;
			set_pos(L, t, i, k - i);
			t->low = lower_copy(L, s + i, k - i);
			/* Abbreviations keep their period so it does not end a sentence. */
			if (t->low && k < end && s[k] == '.' && (is_abbreviation(t->low) ||
			    unit_period(t->low, s, k, end) ||
			    (k - i == 1 && k + 2 < end && isalpha((unsigned char)s[k + 1]) &&
			     s[k + 2] == '.'))) {
				uint32_t m = k + 1;
				while (m + 1 < end && isalpha((unsigned char)s[m]) && s[m + 1] == '.')
					m += 2;
				set_pos(L, t, i, m - i);
				t->low = lower_copy(L, s + i, m - i);
				if (t->low && t->low[m - i - 1] == '.')
					((char *)t->low)[m - i - 1] = '\0';
				k = m;
			}
			i = k;
			continue;
		}
		t->kind = T_PUNCT;
		t->punct = ty ? ty : (char)c;
		uint32_t n = ty ? tn : 1;
		if (!ty && c >= 0x80) {
			n = (uint32_t)text_utf8_len(s + i, end - i);
			if (n == 0)
				n = 1;
			t->punct = '?';
		}
		set_pos(L, t, i, n);
		t->low = arena_strndup(L->a, &t->punct, 1);
		if (!t->low)
			L->nomem = true;
		i += n;
	}
	return !L->nomem;
}

static bool push_block(lexer *L, bool bullet, unsigned indent, uint32_t first, uint32_t line)
{
	if (L->ntoks == first)
		return true;
	if (L->nblocks == L->bcap) {
		uint32_t cap = L->bcap ? L->bcap * 2 : 32;
		block *b = arena_grow(L->a, L->blocks, L->nblocks, cap, sizeof *b);
		if (!b) {
			L->nomem = true;
			return false;
		}
		L->blocks = b;
		L->bcap = cap;
	}
	block *b = &L->blocks[L->nblocks++];
	b->bullet = bullet;
	b->indent = indent;
	b->first = first;
	b->count = L->ntoks - first;
	b->line = line;
	b->section = L->current;
	b->commentary = L->commentary;
	b->definitions = L->definitions;
	b->label = bullet ? L->label : NULL;
	return true;
}

/* ---- document structure ---- */

static char *copy_trimmed(lexer *L, const char *s, uint32_t n)
{
	while (n && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char *c = arena_strndup(L->a, s, n);
	if (!c)
		L->nomem = true;
	return c;
}

static doc_section *push_section(lexer *L, uint32_t line, unsigned level, bool clause)
{
	lexed *lx = L->lx;
	if (lx->nsections == L->scap) {
		uint32_t cap = L->scap ? L->scap * 2 : 16;
		doc_section *d = arena_grow(L->a, lx->sections, lx->nsections, cap, sizeof *d);
		if (!d) {
			L->nomem = true;
			return NULL;
		}
		lx->sections = d;
		L->scap = cap;
	}
	doc_section *d = &lx->sections[lx->nsections];
	memset(d, 0, sizeof *d);
	d->line = line;
	d->level = level;
	d->clause = clause;
	d->parent = NO_SECTION;
	d->title = "";
	/* the enclosing section: the nearest open one of a lower level */
	for (uint32_t k = L->heading; k != NO_SECTION; k = lx->sections[k].parent)
		if (lx->sections[k].level < level) {
			d->parent = k;
			break;
		}
	d->kind = d->parent == NO_SECTION ? SECTION_RULES : lx->sections[d->parent].kind;
	lx->nsections++;
	return d;
}

static bool open_heading(lexer *L, const line_role *r, uint32_t line)
{
	lexed *lx = L->lx;
	unsigned level = r->level;
	if (!level && r->id_len) {
		level = 1;
		for (uint32_t k = 0; k < r->id_len; k++)
			level += r->id_start[k] == '.';
	}
	if (!level) {
		/* a title without '#' or number: a sibling of the last heading */
		level = L->heading == NO_SECTION ? 1 : lx->sections[L->heading].level;
	}
	doc_section *d = push_section(L, line, level, false);
	if (!d)
		return false;
	d->id = r->id_len ? copy_trimmed(L, r->id_start, r->id_len) : NULL;
	d->title = copy_trimmed(L, r->title_start, r->title_len);
	if (L->nomem)
		return false;
	section_kind k = structure_title_kind(d->title, (uint32_t)strlen(d->title));
	if (k != SECTION_RULES)
		d->kind = k;
	else if (d->parent == NO_SECTION || *d->title)
		d->kind = SECTION_RULES;
	L->heading = L->current = lx->nsections - 1;
	return true;
}

static bool open_clause(lexer *L, const line_role *r, uint32_t line)
{
	unsigned level = L->heading == NO_SECTION ? 1 : L->lx->sections[L->heading].level + 1;
	doc_section *d = push_section(L, line, level, true);
	if (!d)
		return false;
	d->id = copy_trimmed(L, r->id_start, r->id_len);
	L->current = L->lx->nsections - 1;
	return !L->nomem;
}

static bool is_rule_row(const char *s, uint32_t st, uint32_t e)
{
	for (uint32_t k = st; k < e; k++)
		if (!strchr("|-: \t", s[k]))
			return false;
	return true;
}

/* A Markdown table: cells split at '|', the rule row ("|---|") left out.
 * Each cell is tokenized too (its tokens belong to no block), so the
 * compiler reads cells with the sentence lexer's quantities. */
static bool read_table(lexer *L, uint32_t first, uint32_t last, const char *caption,
                       const char *number)
{
	lexed *lx = L->lx;
	const char *s = lx->text;
	uint32_t rows = 0, cols = 0;
	for (uint32_t line = first; line <= last; line++) {
		uint32_t st, e, n = 0;
		line_bounds(lx, line, &st, &e);
		if (is_rule_row(s, st, e))
			continue;
		for (uint32_t k = st; k < e; k++)
			n += s[k] == '|';
		rows++;
		/* "| a | b |" has 3 bars and 2 cells; "| a | b" has 2 and 2 */
		uint32_t k = e;
		while (k > st && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		uint32_t cells = k > st && s[k - 1] == '|' ? n - 1 : n;
		if (cells > cols)
			cols = cells;
	}
	if (cols == 0)
		cols = 1;
	if (lx->ntables == L->tcap) {
		uint32_t cap = L->tcap ? L->tcap * 2 : 4;
		doc_table *t = arena_grow(L->a, lx->tables, lx->ntables, cap, sizeof *t);
		if (!t) {
			L->nomem = true;
			return false;
		}
		lx->tables = t;
		L->tcap = cap;
	}
	doc_table *t = &lx->tables[lx->ntables++];
	memset(t, 0, sizeof *t);
	t->line = first;
	t->last_line = last;
	t->nrows = rows;
	t->ncols = cols;
	t->section = L->heading;
	t->caption = caption;
	t->number = number;
	size_t ncells = (size_t)rows * cols;
	t->cells = arena_zalloc(L->a, ncells * sizeof *t->cells + 1);
	t->tok_first = arena_zalloc(L->a, ncells * sizeof *t->tok_first + 1);
	t->tok_count = arena_zalloc(L->a, ncells * sizeof *t->tok_count + 1);
	t->row_line = arena_zalloc(L->a, rows * sizeof *t->row_line + 1);
	if (!t->cells || !t->tok_first || !t->tok_count || !t->row_line) {
		L->nomem = true;
		return false;
	}
	uint32_t r = 0;
	for (uint32_t line = first; line <= last; line++) {
		uint32_t st, e;
		line_bounds(lx, line, &st, &e);
		if (is_rule_row(s, st, e))
			continue;
		t->row_line[r] = line;
		uint32_t k = st;
		while (k < e && s[k] != '|')
			k++;
		for (uint32_t c = 0; c < cols && k < e; c++) {
			uint32_t cs = ++k;
			while (k < e && s[k] != '|')
				k++;
			size_t at = (size_t)r * cols + c;
			t->cells[at] = copy_trimmed(L, s + cs, k - cs);
			if (L->nomem)
				return false;
			L->block_first = L->ntoks;
			L->skip_quote = 0;
			t->tok_first[at] = L->ntoks;
			if (!tokenize(L, cs, k))
				return false;
			t->tok_count[at] = L->ntoks - t->tok_first[at];
		}
		for (uint32_t c = 0; c < cols; c++)
			if (!t->cells[r * cols + c])
				t->cells[r * cols + c] = "";
		r++;
	}
	return true;
}

/* Where each section ends: before the next one of its level or above. */
static void close_sections(lexed *lx)
{
	for (uint32_t i = 0; i < lx->nsections; i++) {
		doc_section *d = &lx->sections[i];
		d->last_line = lx->nlines;
		for (uint32_t j = i + 1; j < lx->nsections; j++)
			if (lx->sections[j].level <= d->level) {
				d->last_line = lx->sections[j].line - 1;
				break;
			}
	}
}

static bool line_is_blank(const lexed *lx, uint32_t line)
{
	if (line < 1 || line > lx->nlines)
		return true;
	uint32_t st, e;
	line_bounds(lx, line, &st, &e);
	return is_blank(lx->text, st, e);
}

/* Whether `line` begins as a sentence, a list item, a heading or a table
 * does: after a line in title case with no final punctuation, it is no
 * continuation of a wrapped sentence, so that line stands alone ("Roof
 * Payment Schedule" above "When a claim arrives, ..."). */
static bool line_starts_anew(const lexed *lx, uint32_t line)
{
	if (line < 1 || line > lx->nlines)
		return false;
	uint32_t st, e;
	line_bounds(lx, line, &st, &e);
	while (st < e && (lx->text[st] == ' ' || lx->text[st] == '\t'))
		st++;
	if (st >= e)
		return false;
	unsigned char c = (unsigned char)lx->text[st];
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c && strchr("#|-*(\"", c));
}

/* Whether the next line that is not blank, from `line` on, is a table's. */
static bool table_follows(const lexed *lx, uint32_t line)
{
	for (; line <= lx->nlines; line++) {
		uint32_t st, e;
		line_bounds(lx, line, &st, &e);
		while (st < e && (lx->text[st] == ' ' || lx->text[st] == '\t'))
			st++;
		if (st < e)
			return lx->text[st] == '|';
	}
	return false;
}

/* Group body lines into blocks and tokenize them; headings, clause
 * numbers, labels and tables are read on the way (structure.h). */
static bool read_body(lexer *L, uint32_t first_line)
{
	lexed *lx = L->lx;
	const char *s = lx->text;
	bool open = false, open_bullet = false;
	unsigned open_indent = 0;
	uint32_t open_first = 0, open_line = 0;
	const char *caption = NULL, *number = NULL; /* for the table that follows */
	L->heading = L->current = NO_SECTION;
	for (uint32_t line = first_line; line <= lx->nlines; line++) {
		uint32_t st, e;
		line_bounds(lx, line, &st, &e);
		if (is_blank(s, st, e)) {
			if (open && !push_block(L, open_bullet, open_indent, open_first, open_line))
				return false;
			open = false;
			continue;
		}
		uint32_t k = st;
		while (k < e && (s[k] == ' ' || s[k] == '\t' || s[k] == '\f'))
			k++;
		unsigned indent = (unsigned)(k - st);
		uint32_t m = bullet_marker(s, k, e);
		uint32_t id_s, id_n;
		if (!open && s[k] != '|' && structure_caption(s, st, e, &id_s, &id_n) &&
		    table_follows(lx, line + 1)) {
			caption = copy_trimmed(L, s + k, e - k);
			number = copy_trimmed(L, s + id_s, id_n);
			if (L->nomem)
				return false;
			continue;
		}
		bool alone = (!open || line == first_line) &&
		             (line_is_blank(lx, line + 1) || line_starts_anew(lx, line + 1));
		line_role r = structure_line(s, st, e, alone, !open || m > 0);
		if (r.kind != LINE_TEXT && open &&
		    !push_block(L, open_bullet, open_indent, open_first, open_line))
			return false;
		if (r.kind == LINE_HEADING) {
			open = false;
			if (!open_heading(L, &r, line))
				return false;
			continue;
		}
		if (r.kind == LINE_TABLE) {
			open = false;
			uint32_t last = line;
			while (last < lx->nlines) {
				uint32_t ns, ne;
				line_bounds(lx, last + 1, &ns, &ne);
				while (ns < ne && (s[ns] == ' ' || s[ns] == '\t'))
					ns++;
				if (ns >= ne || s[ns] != '|')
					break;
				last++;
			}
			if (!read_table(L, line, last, caption, number))
				return false;
			caption = number = NULL;
			line = last;
			continue;
		}
		bool continuation = open && !m && !r.clause && (!open_bullet || indent > 0);
		if (!continuation) {
			if (open && !push_block(L, open_bullet, open_indent, open_first, open_line))
				return false;
			if (r.clause) {
				if (!open_clause(L, &r, line))
					return false;
			} else if (!m) {
				L->current = L->heading; /* a paragraph after a clause: its section's */
			}
			L->label = NULL;
			if (m) {
				/* "(a)", "a)", "2." -> "a", "a", "2": what "neither (a) nor
				 * (b) applies" refers to */
				uint32_t ls = k, le = k + m;
				while (ls < le && (s[ls] == '(' || s[ls] == ' '))
					ls++;
				while (le > ls && (s[le - 1] == ')' || s[le - 1] == '.' || s[le - 1] == ' '))
					le--;
				bool word = le > ls;
				for (uint32_t q = ls; q < le; q++)
					word = word && isalnum((unsigned char)s[q]);
				if (word && !(L->label = arena_strndup(L->a, s + ls, le - ls))) {
					L->nomem = true;
					return false;
				}
			}
			L->commentary = r.labelled && r.label_kind == SECTION_COMMENTARY;
			L->definitions = r.labelled && r.label_kind == SECTION_DEFINITIONS;
			open = true;
			open_bullet = m > 0;
			open_indent = indent;
			open_first = L->block_first = L->ntoks;
			open_line = line;
		}
		uint32_t from = r.skip ? st + r.skip : m ? k + m : k;
		if (!tokenize(L, from, e))
			return false;
	}
	if (open && !push_block(L, open_bullet, open_indent, open_first, open_line))
		return false;
	close_sections(lx);
	lx->toks = L->toks;
	lx->ntoks = L->ntoks;
	lx->blocks = L->blocks;
	lx->nblocks = L->nblocks;
	return true;
}

bool lex(arena *a, const char *text, size_t len, const lex_limits *limits, lexed *out,
         policy_error *diags, bool *nomem)
{
	memset(out, 0, sizeof *out);
	lexer L = { .a = a, .lx = out, .diags = diags };
	*nomem = false;
	if (limits->max_text_bytes && len > limits->max_text_bytes) {
		error_add(diags, POLICY_SEVERITY_ERROR, 1, 1, 1,
		          "split the policy, or raise max_text_bytes in the compile options",
		          "the policy text is %zu bytes, more than the limit of %zu", len,
		          limits->max_text_bytes);
		return false;
	}
	if (!normalize(&L, text, len) || !index_lines(&L)) {
		*nomem = L.nomem;
		return false;
	}
	uint32_t body = read_header(&L);
	if (L.nomem) {
		*nomem = true;
		return false;
	}
	/* Header errors are reported; lexing goes on so the body's errors are
	 * reported in the same run. */
	check_header(&L, body);
	if (!read_body(&L, body)) {
		*nomem = L.nomem;
		return false;
	}
	return true;
}
