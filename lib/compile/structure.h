/*
 * Document structure: what a policy document is made of besides sentences.
 *
 * Real policies are documents: a title, headings ("## 3. Eligibility",
 * "Section B - Pricing", "Part II"), clause numbers ("4.1", "A.2", "(a)"),
 * labelled paragraphs ("Purpose.", "Scope:"), and Markdown tables. The
 * lexer asks this file what each body line is before it cuts sentences:
 * headings open sections and are not sentences; clause numbers and labels
 * are taken off the front of their line and remembered; table lines are
 * kept apart as tables. Everything keeps its line, so diagnostics, the
 * source map and the trail can cite "section 4.2, line 18".
 *
 * A section's kind says what its prose is for: rules (the default),
 * commentary (Purpose, Scope, Background, ...: prose with nothing to
 * test) or definitions. The parser uses it to class sentences; the kind
 * never hides a sentence that holds a condition or a consequence.
 */
#ifndef POLICY_STRUCTURE_H
#define POLICY_STRUCTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/alloc.h"

#define NO_SECTION UINT32_MAX

typedef enum section_kind {
	SECTION_RULES = 0,
	SECTION_COMMENTARY,  /* purpose, scope, background, ... */
	SECTION_DEFINITIONS
} section_kind;

typedef struct doc_section {
	const char *id;      /* "4", "4.2", "II", "B" as written; NULL if unnumbered */
	const char *title;   /* "Approval Authority"; may be empty */
	unsigned level;      /* 1 = top; a clause is one deeper than its section */
	uint32_t line;       /* of the heading or clause number */
	uint32_t parent;     /* enclosing section, or NO_SECTION */
	uint32_t last_line;  /* the section runs to this line (inclusive) */
	section_kind kind;
	bool clause;         /* a numbered clause ("4.1 ..."), not a heading */
} doc_section;

/* A Markdown table. Its cells are also tokens (lx->toks, outside every
 * block), so the compiler reads "$417,001 to $1,000,000" or "680 or
 * higher" with the same lexer as sentences (table.c). */
typedef struct doc_table {
	uint32_t line;       /* first line (the header row) */
	uint32_t last_line;
	uint32_t nrows, ncols;
	const char **cells;  /* nrows * ncols, trimmed; the header row first */
	uint32_t *tok_first; /* nrows * ncols: each cell's first token ... */
	uint32_t *tok_count; /* ... and how many (0 for an empty cell) */
	uint32_t *row_line;  /* nrows: the line of each row */
	const char *caption; /* "Table 1 - Maximum LTV" on the line above; NULL if none */
	const char *number;  /* "1" of "Table 1"; NULL if none */
	uint32_t section;
} doc_table;

typedef enum line_kind {
	LINE_TEXT = 0,
	LINE_HEADING,
	LINE_TABLE
} line_kind;

/* What one body line is. */
typedef struct line_role {
	line_kind kind;
	uint32_t skip;       /* LINE_TEXT: bytes of clause number or label to skip */
	/* LINE_HEADING: */
	const char *id_start;
	uint32_t id_len;
	const char *title_start;
	uint32_t title_len;
	unsigned level;      /* Markdown '#' count; 0 when not Markdown */
	/* LINE_TEXT with a clause number or label */
	bool clause;
	section_kind label_kind; /* a "Purpose." / "Definitions:" label */
	bool labelled;
} line_role;

/* Classify the body line s[start, end) (without its newline). `alone` is
 * whether the line is a paragraph by itself (blank or nothing before and
 * after it), `starts_block` whether it begins a new paragraph or item. */
line_role structure_line(const char *s, uint32_t start, uint32_t end, bool alone,
                         bool starts_block);

/* A table's caption: the body line s[start, end) reads "Table 1 - ...",
 * "Table B: ...", "**Table 2.** ..." or "### Table 3 ...". Sets the id
 * ("1", "B") and returns true; the lexer takes the line as the caption of
 * the table right after it (blank lines between allowed). */
bool structure_caption(const char *s, uint32_t start, uint32_t end, uint32_t *id_start,
                       uint32_t *id_len);

/* The kind of prose a heading or label title announces. */
section_kind structure_title_kind(const char *title, uint32_t len);

#endif
