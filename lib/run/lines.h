/*
 * A read document's text as lines, and the label/value readings of a line:
 * what the built-in extractor (extract.c) scores. See lines.c for the
 * rules.
 */
#ifndef POLICY_LINES_H
#define POLICY_LINES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct line_reader {
	const char *text;
	size_t len;
	size_t pos;
	unsigned page, line;
	bool done;
} line_reader;

/* A non-empty line: the document's bytes [start, end), trimmed; its page
 * and line, both from 1 (lines count over the whole document). */
typedef struct line {
	size_t start, end;
	unsigned page, line;
} line;

typedef struct span {
	size_t b, e;
} span;

/* One reading of a line: a label and its value, bytes of the document. */
typedef struct candidate {
	span label, value;
} candidate;

/* Candidates of one line, at most. */
enum { LINE_CELLS_MAX = 16, CANDIDATES_MAX = 2 * LINE_CELLS_MAX };

void line_reader_init(line_reader *r, const char *text, size_t len);
/* The next non-empty line; false at the end. */
bool line_next(line_reader *r, line *out);
/* Every label/value reading of the line (at most CANDIDATES_MAX). */
size_t line_candidates(const char *text, const line *ln, candidate *out);

#endif
