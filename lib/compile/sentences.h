/*
 * The parser's state and the sentences it reads (sentences.c), shared by
 * every file of the parser. The parser's files, in the order they build on
 * each other (a file calls only the files above it in this list):
 *
 *   sentences.c    blocks -> sentences, lists attached to the sentence that
 *                  introduces them with ':', appositive sources cut out
 *                  ("the license status, looked up in the state registry,");
 *                  token helpers over the current sentence
 *   mention.c      phrase boundaries, terms named by words, the comparison
 *                  phrase at a position
 *   inputs.c       values no sentence sources ("the credit score" alone):
 *                  inputs read from the case's facts or documents by name
 *   passive.c      consequences in the passive voice ("is declined")
 *   classify.c     commentary: prose with nothing to test
 *   xref.c         cross-references to parts of the document
 *   table_cells.c  a table's key cells as conditions ("620 - 679", "Any"),
 *                  its value cells as values ("95%", "N/A")
 *   table.c        Markdown tables a sentence reads as lookups ("the maximum
 *                  in the table below for the loan amount")
 *   arith.c        values: quantities, terms, arithmetic
 *   compare.c      what follows a comparison phrase
 *   dates.c        ages, tenure and event dates
 *   atoms.c        the other condition atoms (presence, absence, possession,
 *                  quantified comparisons, the plain comparison)
 *   judgment.c     conditions and terms that need a model
 *   cond.c         conditions: and, or, not, lists, groups of checks
 *   scope.c        who a rule applies to ("For loans over $5M, ...")
 *   section_scope.c  when a part of the policy applies ("Sections 4 and 5
 *                  apply only to timely notices")
 *   rules.c        checks, requirements, actions
 *   guardrails.c   limits on actions
 *   cases.c        values defined by cases ("30 days for flexible tickets and
 *                  7 days for basic tickets", "... if ...; otherwise ...")
 *   definitions.c  what a defined term is
 *   declare.c      pass 1: what the policy extracts, looks up and defines,
 *                  so later sentences can refer to anything by name
 *   parse.c        pass 2: statements (conditionals, scopes, checks,
 *                  requirements, actions) in document order
 *
 * Each sentence has its own token array (a filtered copy of the lexer's),
 * and parsing functions take token indices into the current sentence.
 */
#ifndef POLICY_SENTENCES_H
#define POLICY_SENTENCES_H

#include "compile/compile.h"
#include "compile/phrases.h"

#define NONE UINT32_MAX

typedef struct source_note {
	uint32_t np_first, np_last; /* the noun phrase it follows (sentence tokens) */
	bool lookup;                /* looked up in a system, or taken from a document */
	const char *source;         /* the system or document as written */
	bool whole_sentence;        /* "both taken from the financial statement" */
} source_note;

typedef struct sentence {
	token *tk;              /* the sentence's tokens, without final punctuation */
	uint32_t n;
	char end;               /* '.', ';', ':', '!', '?' or 0 */
	bool bullet;
	unsigned indent;
	uint32_t parent;        /* the sentence whose list this item is in, or NONE */
	uint32_t *kids;
	uint32_t nkids, kcap;
	const char *text;       /* as written */
	span sp;
	source_note *notes;
	uint32_t nnotes;
	const char *src_doc;    /* "both taken from X": source of undefined terms */
	uint32_t start;         /* first token pass 2 reads (after a trigger and
	                           the extraction clauses pass 1 took) */
	bool done;              /* pass 1 took the whole sentence */
	int32_t definition;     /* the def this sentence defines, or -1 */
	int32_t definition_also; /* "A and B depend on X:": B's def, or -1 */
	bool inverted;          /* "In no case may X ..." put as "X may not ...": its
	                           rules quote the sentence as written */
	uint32_t body_first;    /* definition body tokens */
	bool consumed;          /* a parent's condition used it */
	int32_t classify;       /* "Classify the X as ...": its def, or -1 */
	uint32_t section;       /* lx->sections index, or NO_SECTION */
	bool commentary_label;  /* its paragraph starts "Purpose." / "Note:" */
	bool definitions_label; /* its paragraph starts "Definitions:" */
	bool commentary;        /* classed as commentary: no steps, kept in the source map */
	uint8_t *used;          /* per token: some reading took it (accounting.c) */
	bool described;         /* "All of these dates are taken from X" (describe.c) */
	bool unread;            /* a definition whose body could not be read: an
	                           error if used (definitions_unread) */
	const char *label;      /* its list item's marker ("a" for "(a)"), or NULL */
	bool effect;            /* changes other steps without making one ("X may be
	                           missing", "Sections 4 and 5 apply only to ...") */
	bool opens_block;       /* the first sentence of its paragraph or item ... */
	bool block_goes_on;     /* ... and more sentences follow it there */
	uint32_t based;         /* what the classification is based on */
} sentence;

/* Per-sequence state for Otherwise and "none of the above". */
typedef struct seq_ctx {
	expr *guard;            /* from enclosing scopes and conditions */
	expr **conds;           /* conditions of the Ifs so far in this sequence */
	uint32_t nconds, cap;
	expr *chain;            /* OR of the open If / Otherwise-if chain */
	expr *chain_guard;
	bool chain_open;
} seq_ctx;

/* The parts of the document a cross-reference names, as line ranges. */
typedef struct xref {
	uint32_t lo[16], hi[16];
	uint32_t n;
} xref;

/* "Sections 4 and 5 apply only to timely notices" (xref.c). */
typedef struct section_scope {
	xref where;
	expr *cond;
	uint32_t sentence;
	bool except; /* "Except as provided in 5.2, ...": the sentence's rules
	                hold where the rules of `where` do not */
} section_scope;

typedef struct parser {
	compiler *c;
	const lexed *lx;
	sentence *s;
	uint32_t ns;
	/* the sentence being read */
	uint32_t cur;
	const token *tk;
	uint32_t n;
	unsigned depth;
	seq_ctx *ctx;
	expr *inherited_guard;  /* guard of the checks a group reference names */
	expr *last_cond;        /* what "it" and "if not" refer to */
	uint32_t last_group;    /* the latest checks' group (sentences of checks in a row); NONE */
	expr **last_list;       /* the latest bulleted conditions, for "if any of them ..." */
	uint32_t last_list_n;
	uint32_t last_list_at;  /* its sentence */
	uint32_t group_verb_end; /* after "does not meet the standard in 3.1": where
	                            "or the standard in 3.2" shares its verb */
	int group_verb_lead;    /* that verb: 1 meets, -1 fails, 0 none */
	uint32_t group_verb_sentence;
	bool declaring;         /* pass 1: unknown terms in values are declared */
	bool trial;             /* trying a reading that may be abandoned: quiet */
	bool verbless;          /* "with a score below 620": comparisons without a verb */
	bool joined_consequence; /* a clause after a condition, or after "and" that
	                            follows a consequence: a passive there is an
	                            action whatever its subject */
	const char *declare_doc;
	section_scope scopes[32];
	uint32_t nscopes;
	struct {
		uint32_t pred, key;
	} places[16];           /* "verify licensure in the project state" (parse.c) */
	uint32_t nplaces;
	struct {
		uint32_t line;      /* of the list's introduction */
		expr *any;          /* one of its items holds */
	} described[16];        /* "None of the following may be deposited:" lists, for
	                           "an item described in this section" (scope.c) */
	uint32_t ndescribed;
	struct {
		expr *e;
		uint32_t sentence, first, end;
	} provenances[32];      /* "exceeds 1.25x based on ... financials" (cond.c) */
	uint32_t nprovenances;
	int32_t ref_before_object; /* what "that date" meant before a comparison's
	                           object was read (compare.c) */
	bool no_mark;           /* a span that does not take its words (a check's
	                           whole clause: its condition takes them) */
} parser;

/* sentences.c */
bool build_sentences(parser *p);
void sentence_select(parser *p, uint32_t si);
span span_of(const parser *p, uint32_t first, uint32_t last);
const char *slice_of(parser *p, uint32_t first, uint32_t last);

/* Token helpers over the current sentence. */
const char *tw(const parser *p, uint32_t i);        /* lowercase word or punct, or "" */
bool is_w(const parser *p, uint32_t i, uint32_t end, const char *w);
/* Whether token i is a word that starts with one of `letters`: a cheap
 * test before several is_w. */
bool w_starts(const parser *p, uint32_t i, const char *letters);
bool is_punct(const parser *p, uint32_t i, uint32_t end, char c);
/* Mark tokens [first, first+n) of the current sentence as read. */
void take_words(const parser *p, uint32_t first, uint32_t n);
/* Remove tokens [first, first + n) from the current sentence: words that
 * only say how a clause is voiced ("are looked up"), cut so the clause
 * reads in its one form. */
void cut_tokens(parser *p, uint32_t first, uint32_t n);
/* Tokens matched by `phrase` (space-separated lowercase words) at i, or 0. */
uint32_t match(const parser *p, uint32_t i, uint32_t end, const char *phrase);
/* A words_key of tokens [first, last) with auxiliaries dropped. */
char *key_of(parser *p, uint32_t first, uint32_t last);
/* A number written as digits or a word ("three"); -1 if none. */
int64_t count_at(const parser *p, uint32_t i, uint32_t end, uint32_t *len);

/* Quiet while declaring (pass 1) or trying a reading that may be
 * abandoned: the real reading reports. */
bool parser_quiet(const parser *p);
/* An error over tokens [first, last], unless the parser is quiet. */
void parser_error(parser *p, uint32_t first, uint32_t last, const char *hint, const char *fmt,
                  const char *arg);

/* i past any articles ("the", "a", "an"). */
uint32_t skip_articles(const parser *p, uint32_t i, uint32_t end);
/* Whether a clause (an imperative, "if", "otherwise", ...) starts at i. */
bool is_clause_start(const parser *p, uint32_t i, uint32_t end);
/* i past a sequencing adverb ("also", "then", "finally") that starts a
 * clause. */
uint32_t skip_lead_adverb(const parser *p, uint32_t i, uint32_t end);

#endif
