/*
 * The lexer: policy text -> header fields, blocks and tokens.
 *
 * Policies are written as people write memos: a few "Key: value" header
 * lines, then paragraphs and bulleted lists. The lexer validates and
 * NFC-normalizes the text, reads the header, and cuts the body into blocks
 * (a paragraph, or one bullet item with its continuation lines) made of
 * tokens. Quantities are recognized here, once: "$72,400.00", "$5M",
 * "$2.5 million", "45%", "45 percent", "1.25x", "March 1, 2026",
 * "2026-03-01", "03/01/2026". Number words ("three") stay words; the
 * parser reads them in context.
 *
 * Positions are 1-based lines and character columns in the normalized
 * text; the lexer records line starts so spans can be rendered.
 */
#ifndef POLICY_LEX_H
#define POLICY_LEX_H

#include <stdbool.h>
#include <stdint.h>

#include "base/alloc.h"
#include "base/error.h"
#include "plan/plan.h"
#include "compile/structure.h"
#include "base/value.h"

typedef enum tok_kind {
	T_WORD = 0,
	T_QUANTITY,  /* money, number, percent, ratio, date: see tok.val */
	T_PUNCT,     /* one of , ; : . ( ) ! ? / & + * = < > and dashes as '-' */
	T_QUOTED     /* "text" or 'text': the text without quotes */
} tok_kind;

typedef struct token {
	tok_kind kind;
	char punct;          /* T_PUNCT */
	const char *text;    /* as written (slice of the normalized source) */
	uint32_t len;
	const char *low;     /* T_WORD: lowercase, NUL-terminated; T_QUOTED: the
	                        inner text; T_QUANTITY: the text */
	value val;           /* T_QUANTITY */
	uint32_t line, col;  /* 1-based */
	uint32_t off;        /* byte offset in the normalized source */
} token;

/* The quote marks around a T_QUOTED token take 1 byte (") or 3 (the
 * typographic quotes the lexer reads as "): slices and spans that take the
 * marks in must not cut one in half (fuzzing found names starting with
 * the last byte of a curly quote, which is not UTF-8). */
static inline uint32_t tok_open_quote_len(const char *text, const token *t)
{
	return (unsigned char)text[t->off - 1] >= 0x80 ? 3 : 1;
}

static inline uint32_t tok_close_quote_len(const char *text, const token *t)
{
	return (unsigned char)text[t->off + t->len] >= 0x80 ? 3 : 1;
}

typedef struct block {
	bool bullet;         /* a list item */
	unsigned indent;     /* column of the bullet marker (or of the text) */
	uint32_t first, count; /* tokens [first, first+count) */
	uint32_t line;
	uint32_t section;    /* innermost section or clause (structure.h), or NO_SECTION */
	bool commentary;     /* under a commentary label ("Purpose.", "Note:") */
	bool definitions;    /* under a "Definitions:" label */
	const char *label;   /* a list item's marker without its marks: "a" for
	                        "(a)", "2" for "2.", "iii" for "iii)"; or NULL */
} block;

typedef struct header_field {
	const char *value;   /* trimmed; NULL if absent */
	span sp;             /* of the value */
} header_field;

typedef struct lexed {
	const char *text;    /* NFC-normalized, LF line ends */
	size_t len;
	header_field name, version, effective, source, token_budget;
	int32_t effective_date;
	uint64_t budget;
	token *toks;
	uint32_t ntoks;
	block *blocks;
	uint32_t nblocks;
	doc_section *sections; /* headings and numbered clauses, in document order */
	uint32_t nsections;
	doc_table *tables;
	uint32_t ntables;
	uint32_t *line_starts; /* byte offset of each line; [0] is line 1 */
	uint32_t nlines;
} lexed;

typedef struct lex_limits {
	size_t max_text_bytes;
	size_t max_sentence_bytes;
} lex_limits;

/* Lex `text`. Errors (bad UTF-8, NUL bytes, missing header lines, limits)
 * are added to `diags`; returns false if lexing could not go on or memory
 * ran out (*nomem set). */
bool lex(arena *a, const char *text, size_t len, const lex_limits *limits, lexed *out,
         policy_error *diags, bool *nomem);

/* The text of tokens [first, last] as written (a slice of the source). */
const char *tok_slice(const lexed *lx, uint32_t first, uint32_t last, uint32_t *len);

/* The span covering tokens [first, last]. */
span tok_span(const lexed *lx, uint32_t first, uint32_t last);

#endif
