/*
 * Sentences as text, for the compile-time assistant (assist.c).
 *
 * The assistant works on the policy's text, not on the parser's
 * structures: it finds the sentence an error belongs to, puts a
 * restatement in its place and compiles the new text from scratch. So
 * this file cuts sentences from the lexer's blocks alone (a block runs to
 * '.', '!' or '?', or to its end; a ':' ends one only at the end of its
 * block; a list item's "; or" connector stays outside), builds the text
 * with restatements in place, and maps positions in that text back to
 * the text as written.
 *
 * Line numbers never move: a restatement takes as many lines as the
 * sentence it replaces (its words are spread over them, each line keeping
 * the original's indentation), so everything after it stays on its line,
 * and only columns on the sentence's last line shift.
 */
#ifndef POLICY_ASSIST_TEXT_H
#define POLICY_ASSIST_TEXT_H

#include "compile/lex.h"

typedef struct text_sentence {
	uint32_t start, end;    /* bytes [start, end) of the normalized text,
	                           final punctuation included */
	uint32_t first, last;   /* tokens [first, last] of the sentence, its
	                           final punctuation included */
	char final;             /* '.', '!', '?', ';', ':' or 0 */
	span sp;                /* line and column of its start; the length runs
	                           to its end or to the end of its first line */
	uint32_t section;       /* lx->sections index, or NO_SECTION */
} text_sentence;

/* The sentences of a lexed text, in order. False on OOM. */
bool text_sentences(arena *a, const lexed *lx, text_sentence **out, uint32_t *n);

/* The sentence holding the position (1-based line and column in the
 * normalized text), or -1. */
int32_t text_sentence_at(const lexed *lx, const text_sentence *s, uint32_t n, unsigned line,
                         unsigned column);

/* Text with runs of white space made one space, trimmed: how a sentence is
 * shown, hashed (the lock entry) and compared. NULL on OOM. */
char *text_collapse(arena *a, const char *s, size_t len);

/* One sentence replaced. */
typedef struct text_edit {
	uint32_t sentence;      /* index into the sentences */
	const char *with;       /* the restatement, collapsed, ending in
	                           punctuation */
	/* filled by text_apply: where the replacement sits in the new text */
	unsigned line, column;          /* its start (as the original's) */
	unsigned end_line, end_column;  /* just past it (end_line is the
	                                   original's last line) */
	unsigned orig_end_column;       /* just past the original there */
} text_edit;

/* The normalized text with each edit's sentence replaced by its `with`
 * (edits in sentence order, distinct sentences). NULL on OOM. */
char *text_apply(arena *a, const lexed *lx, const text_sentence *s, text_edit *edits,
                 uint32_t nedits, size_t *out_len);

/* Map a position in the new text back to the text as written: *in_edit
 * is the index of the edit whose replacement holds it (the position is
 * then that sentence's start), or -1. */
span text_map_span(const text_sentence *s, const text_edit *edits, uint32_t nedits, span sp,
                   int32_t *in_edit);

#endif
