/*
 * A document's lines and their label/value candidates (see lines.h).
 *
 * LINES. Lines end at \n (a \r before it is dropped); a \f starts a new
 * page and also ends the text before it, even mid-line ("\fSECTION B" is
 * page 2). Pages count from 1, lines from 1 over the whole document (a \f
 * does not start a line). Evidence spans the trimmed line: the document's
 * bytes [start, end) are the snippet. (Lines that are not valid UTF-8 are
 * noise to the extractor, which checks.)
 *
 * CANDIDATES. A line is split into cells at tabs and runs of three or more
 * spaces (two-column forms). In a cell, the label ends at the first ':'
 * or '?' ("Smoker? Yes"; both readings are tried); failing that, at a dot
 * leader ("Label .... value") or a spaced dash ("Label - value"); a cell
 * without any of these is a label for the next cell ("Each Occurrence
 * <tab> $1,000,000"), or, last on its line, holds a value from its first
 * word that starts with '$' or is a formatted number or date ("EACH
 * OCCURRENCE $ 1,000,000", "Date of Loss 03/14/2026").
 * A label of more than LABEL_MAX bytes is noise, and a leading enumerator
 * ("1.", "b)") is not part of it.
 */
#include "run/lines.h"

#include <string.h>

enum { LABEL_MAX = 200, VALUE_MAX = 500, CELLS_MAX = LINE_CELLS_MAX };

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v';
}

static void trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e && is_blank(s[*b]))
		(*b)++;
	while (*e > *b && is_blank(s[*e - 1]))
		(*e)--;
}

void line_reader_init(line_reader *r, const char *text, size_t len)
{
	*r = (line_reader){ text, len, 0, 1, 1, false };
}

/* The next non-empty piece of text between \n and \f separators. */
bool line_next(line_reader *r, line *out)
{
	while (!r->done) {
		size_t b = r->pos, e = b;
		/* the next \n, or a \f before it (rare: memchr for both) */
		const char *nl = memchr(r->text + b, '\n', r->len - b);
		e = nl ? (size_t)(nl - r->text) : r->len;
		const char *ff = memchr(r->text + b, '\f', e - b);
		if (ff)
			e = (size_t)(ff - r->text);
		out->page = r->page;
		out->line = r->line;
		if (e >= r->len)
			r->done = true;
		else if (r->text[e] == '\n')
			r->line++;
		else
			r->page++;
		r->pos = e + 1;
		trim(r->text, &b, &e);
		if (b < e) {
			out->start = b;
			out->end = e;
			return true;
		}
	}
	return false;
}

/* ---- candidates ---- */

static bool is_alpha_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

static bool is_digit_byte(char c)
{
	return c >= '0' && c <= '9';
}

/* Bullets and numbering before a label are not part of it: "- ", "* ",
 * U+2022, "1. ", "12) ", "b) ", "(a) ". ("No. of Employees" keeps its "No.":
 * only digits or a single letter number an item.) */
static void skip_enumerator(const char *s, span *label)
{
	size_t b = label->b, e = label->e;
	while (b < e && (s[b] == '-' || s[b] == '*' || s[b] == '>' || s[b] == '(' || s[b] == ' '))
		b++;
	if (b + 3 <= e && memcmp(s + b, "\xE2\x80\xA2", 3) == 0)
		b += 3;
	while (b < e && s[b] == ' ')
		b++;
	size_t k = b;
	while (k < e && k - b < 3 && is_digit_byte(s[k]))
		k++;
	if (k == b && k < e && (unsigned char)s[k] < 0x80 && is_alpha_byte(s[k]))
		k = b + 1;
	if (k > b && k + 1 < e && (s[k] == '.' || s[k] == ')') && s[k + 1] == ' ')
		b = k + 2;
	label->b = b;
}

static bool good_label(const char *s, span *label)
{
	trim(s, &label->b, &label->e);
	skip_enumerator(s, label);
	trim(s, &label->b, &label->e);
	if (label->e <= label->b || label->e - label->b > LABEL_MAX)
		return false;
	for (size_t i = label->b; i < label->e; i++)
		if (is_alpha_byte(s[i]))
			return true;
	return false;
}

static bool good_value(const char *s, span *value)
{
	trim(s, &value->b, &value->e);
	return value->e > value->b && value->e - value->b <= VALUE_MAX;
}

/* Split [b, e) into cells at tabs and runs of 3+ spaces; returns the count
 * (at most `cap`; the last cell takes the rest). */
static size_t split_cells(const char *s, size_t b, size_t e, span *cells, size_t cap)
{
	size_t n = 0, start = b, i = b;
	while (i < e) {
		size_t gap = 0;
		if (s[i] == '\t') {
			gap = 1;
		} else if (s[i] == ' ') {
			while (i + gap < e && s[i + gap] == ' ')
				gap++;
			if (gap < 3)
				gap = 0;
		}
		if (gap == 0) {
			i++;
			continue;
		}
		size_t j = i + gap;
		while (j < e && is_blank(s[j]))
			j++;
		if (n + 1 < cap && i > start) {
			cells[n++] = (span){ start, i };
			start = j;
		}
		i = j;
	}
	if (start < e && n < cap)
		cells[n++] = (span){ start, e };
	return n;
}

/* A question mark ends a label ("Smoker? Yes") but may also sit inside
 * one ("Is the applicant a smoker? (Y/N): Y"), so a cell can have two
 * readings: up to the first '?' and up to the first ':'. Returns how many
 * separators it found (0..2). */
static size_t find_marks(const char *s, span cell, span *seps)
{
	size_t n = 0;
	const char *colon = memchr(s + cell.b, ':', cell.e - cell.b);
	const char *question = memchr(s + cell.b, '?', cell.e - cell.b);
	if (question && (!colon || question < colon)) {
		size_t i = (size_t)(question - s);
		seps[n++] = (span){ i, i + 1 };
	}
	if (colon) {
		size_t i = (size_t)(colon - s);
		/* "http://" does not end a label. */
		if (!(i + 2 < cell.e && s[i + 1] == '/' && s[i + 2] == '/'))
			seps[n++] = (span){ i, i + 1 };
	}
	return n;
}

/* Without ':' or '?': a dot leader ("Label ..... value", also U+2026) or a
 * spaced dash ("Label - value", also en and em dashes). */
static bool find_leader(const char *s, span cell, span *sep)
{
	for (size_t i = cell.b; i + 2 < cell.e; i++) {
		if (s[i] != '.' && s[i] != ' ' && s[i] != '\xE2')
			continue; /* none of the separators below starts here */
		size_t lead = 0;
		if (s[i] == '.' && s[i + 1] == '.' && s[i + 2] == '.')
			lead = 3;
		else if (memcmp(s + i, "\xE2\x80\xA6", 3) == 0)
			lead = 3;
		if (lead) {
			size_t j = i + lead;
			while (j < cell.e && (s[j] == '.' || s[j] == ' ' ||
			                      (j + 3 <= cell.e && memcmp(s + j, "\xE2\x80\xA6", 3) == 0)))
				j += s[j] == '\xE2' ? 3 : 1;
			*sep = (span){ i, j };
			return true;
		}
		if (s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ') {
			*sep = (span){ i, i + 3 };
			return true;
		}
		if (i + 4 < cell.e && s[i] == ' ' && memcmp(s + i + 1, "\xE2\x80", 2) == 0 &&
		    (s[i + 3] == '\x93' || s[i + 3] == '\x94') && s[i + 4] == ' ') {
			*sep = (span){ i, i + 5 };
			return true;
		}
	}
	return false;
}

/* Printed forms drop the colon: "EACH OCCURRENCE $ 1,000,000", "Date of
 * Loss 03/14/2026". In a cell with no separator at all, a value may start
 * at the first word that begins with '$' or is a formatted number or date
 * ("1,000,000", "03/14/2026", "1.25"), after a label that begins with a
 * letter. A bare integer is not enough: "Appraisal 1", "Slip 2" and "Suite
 * 400" are names, not values. */
static bool formatted_number(const char *s, size_t b, size_t e)
{
	bool punct = false;
	for (size_t i = b; i < e && s[i] != ' '; i++) {
		if (is_digit_byte(s[i]))
			continue;
		if (!strchr(",./-", s[i]) || i == b || i + 1 >= e || !is_digit_byte(s[i + 1]))
			return false;
		punct = true;
	}
	return punct;
}

static bool find_trailing_value(const char *s, span cell, span *at)
{
	if (cell.e <= cell.b || !is_alpha_byte(s[cell.b]))
		return false;
	for (size_t i = cell.b + 1; i + 1 < cell.e; i++) {
		if (s[i] != ' ')
			continue;
		if (s[i + 1] == '$' || (is_digit_byte(s[i + 1]) && formatted_number(s, i + 1, cell.e))) {
			*at = (span){ i + 1, i + 1 };
			return true;
		}
	}
	return false;
}

static void add_candidate(const char *s, span label, span value, candidate *out, size_t *n)
{
	candidate c = { label, value };
	if (*n < CANDIDATES_MAX && good_label(s, &c.label) && good_value(s, &c.value))
		out[(*n)++] = c;
}

size_t line_candidates(const char *s, const line *ln, candidate *out)
{
	span cells[CELLS_MAX];
	size_t ncells = split_cells(s, ln->start, ln->end, cells, CELLS_MAX);
	size_t n = 0;
	for (size_t i = 0; i < ncells; i++) {
		span seps[2], next[2], sep;
		size_t nsep = find_marks(s, cells[i], seps);
		if (nsep == 0 && find_leader(s, cells[i], &sep)) {
			seps[0] = sep;
			nsep = 1;
		}
		if (nsep == 0) {
			/* A bare label, its value in the next cell. */
			if (i + 1 < ncells && find_marks(s, cells[i + 1], next) == 0)
				add_candidate(s, cells[i], cells[i + 1], out, &n);
			else if (i + 1 == ncells && find_trailing_value(s, cells[i], &sep))
				add_candidate(s, (span){ cells[i].b, sep.b }, (span){ sep.b, cells[i].e },
				              out, &n);
			continue;
		}
		bool took_next = false;
		for (size_t k = 0; k < nsep; k++) {
			span label = { cells[i].b, seps[k].b }, value = { seps[k].e, cells[i].e };
			trim(s, &value.b, &value.e);
			if (value.b == value.e && i + 1 < ncells && !find_marks(s, cells[i + 1], next)) {
				/* "Label:      value": the value is the next cell. */
				value = cells[i + 1];
				took_next = true;
			}
			add_candidate(s, label, value, out, &n);
		}
		i += took_next;
	}
	return n;
}
