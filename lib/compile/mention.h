/*
 * Mentions (mention.c): phrase boundaries, the terms words name, and the
 * comparison phrase at a position.
 */
#ifndef POLICY_MENTION_H
#define POLICY_MENTION_H

#include "compile/sentences.h"

/* Term matching tries at most this many words at a position, so work is
 * linear in the sentence up to a constant. */
#define MAX_TERM_WORDS 14

/* The comparison phrase at i, if any: its tokens, kind and operator, with
 * the auxiliaries and negations before it ("may not be", "does not"). */
typedef struct op_match {
	uint32_t len;
	phrase_kind kind;
	cmp_op cmp;
	bool negated;
	bool had_aux;
	bool date_only;
	uint32_t phrase_first;  /* tokens of the phrase proper (for the text) */
} op_match;
bool op_at(const parser *p, uint32_t i, uint32_t end, bool scope_mode, op_match *m);

/* A duration unit word ("days", "years"). */
bool is_unit_word(const char *w, duration_unit *u);
/* The unit words after the number at s ("500 feet", "2,000 sq ft", "12
 * employees"): returns the index after them, and sets the unit of measure
 * they name on *v (measure.h; none for "employees"). */
uint32_t measure_after(const parser *p, uint32_t s, uint32_t end, value *v);
/* An arithmetic operator at i ("plus", "minus", "times", "divided", "+",
 * "less" but not "less than"). */
bool is_arith_word(const parser *p, uint32_t i, uint32_t end);
/* Where a noun phrase in value position stops. */
bool np_boundary(const parser *p, uint32_t i, uint32_t end);
/* The end of a condition clause: where "and"/"or"/"," start the next one. */
bool clause_boundary(const parser *p, uint32_t i, uint32_t end);

/* The longest term (or, with want_bool, boolean term) whose key matches
 * tokens [i, i+len) ending at a phrase boundary; -1 if none. */
int32_t match_term(parser *p, uint32_t i, uint32_t end, bool want_bool, uint32_t *len);
/* The words of tokens [first, last) joined by single spaces, punctuation
 * left out (in the compiler's arena). */
const char *np_text(parser *p, uint32_t first, uint32_t last, size_t *len);
/* Resolve tokens [first, last) to a term, reporting an unknown or
 * ambiguous one; -1 on failure. */
int32_t resolve_np(parser *p, uint32_t first, uint32_t last, policy_type want, bool report);
/* Declare an unknown noun phrase as a field of the sentence's source
 * document (pass 1, "both taken from the financial statement"). */
int32_t declare_np(parser *p, uint32_t first, uint32_t last);

/* "are met", "passes", "is true" (*pass true) or "fail", "are not met",
 * "does not apply" (*pass false) at k; its length in *len. */
bool is_pass_phrase(const parser *p, uint32_t k, uint32_t end, uint32_t *len, bool *pass);

/* The words before a lookup's system at k ("in", "from", "as reported
 * by", "at the"): their length, or 0 (a time window, "in the last 12
 * months", is none). */
uint32_t system_prep(const parser *p, uint32_t k, uint32_t end);
/* Where "look up A in S1 and B in S2" divides: the "and" (or comma) after
 * the first system when another follows (*next: the second lookup's
 * start); NONE for one system. */
uint32_t next_lookup_at(const parser *p, uint32_t i, uint32_t end, uint32_t *next);

#endif
