/*
 * The parser's internals, shared by its four files:
 *
 *   sentences.c  blocks -> sentences, lists attached to the sentence that
 *                introduces them with ':', appositive sources cut out
 *                ("the license status, looked up in the state registry,")
 *   declare.c    pass 1: what the policy extracts, looks up and defines,
 *                so later sentences can refer to anything by name
 *   cond.c       conditions and values over the named terms
 *   parse.c      pass 2: statements (conditionals, scopes, checks,
 *                requirements, actions) in document order
 *
 * Each sentence has its own token array (a filtered copy of the lexer's),
 * and parsing functions take token indices into the current sentence.
 */
#ifndef POLICY_PARSE_H
#define POLICY_PARSE_H

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
	uint32_t body_first;    /* definition body tokens */
	bool consumed;          /* a parent's condition used it */
	int32_t classify;       /* "Classify the X as ...": its def, or -1 */
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
	bool declaring;         /* pass 1: unknown terms in values are declared */
	bool trial;             /* trying a reading that may be abandoned: quiet */
	bool verbless;          /* "with a score below 620": comparisons without a verb */
	const char *declare_doc;
} parser;

/* sentences.c */
bool build_sentences(parser *p);
void sentence_select(parser *p, uint32_t si);
span span_of(const parser *p, uint32_t first, uint32_t last);
const char *slice_of(parser *p, uint32_t first, uint32_t last);

/* Token helpers over the current sentence. */
const char *tw(const parser *p, uint32_t i);        /* lowercase word or punct, or "" */
bool is_w(const parser *p, uint32_t i, uint32_t end, const char *w);
bool is_punct(const parser *p, uint32_t i, uint32_t end, char c);
/* Tokens matched by `phrase` (space-separated lowercase words) at i, or 0. */
uint32_t match(const parser *p, uint32_t i, uint32_t end, const char *phrase);
/* A words_key of tokens [first, last) with auxiliaries dropped. */
char *key_of(parser *p, uint32_t first, uint32_t last);
/* A number written as digits or a word ("three"); -1 if none. */
int64_t count_at(const parser *p, uint32_t i, uint32_t end, uint32_t *len);

/* declare.c */
bool declare_all(parser *p);
bool is_clause_start(const parser *p, uint32_t i, uint32_t end);
uint32_t skip_trigger(parser *p, uint32_t i, uint32_t end);
uint32_t skip_lead_adverb(const parser *p, uint32_t i, uint32_t end);
/* i past any articles ("the", "a", "an"). */
uint32_t skip_articles(const parser *p, uint32_t i, uint32_t end);

/* cond.c */
expr *parse_condition(parser *p, uint32_t first, uint32_t end);
expr *parse_value(parser *p, uint32_t *i, uint32_t end, unsigned flags);
expr *parse_scope_qualifier(parser *p, uint32_t first, uint32_t end);
/* The longest term (or, with want_bool, boolean term) whose key matches
 * tokens [i, i+len) ending at a phrase boundary; -1 if none. */
int32_t match_term(parser *p, uint32_t i, uint32_t end, bool want_bool, uint32_t *len);
/* Resolve tokens [first, last) to a term, reporting an unknown or
 * ambiguous one; -1 on failure. */
int32_t resolve_np(parser *p, uint32_t first, uint32_t last, policy_type want, bool report);
/* The comparison phrase at i, if any (see cond.c). */
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

enum {
	V_LITERAL = 1 << 0,  /* unknown words become a text literal */
	V_STOP_AND = 1 << 1, /* "and" ends the value ("between A and B") */
	V_DECLARE = 1 << 2   /* unknown noun phrases become new fields */
};

/* model_rules.c */
expr *judgment_atom(parser *p, uint32_t *i, uint32_t end);
bool declare_classification(parser *p, uint32_t i, uint32_t end, uint32_t *based);
void classification_inputs(parser *p, def *d, uint32_t based, uint32_t end);
bool doc_is_free_text(const char *doc);
bool model_fallback(parser *p, uint32_t i, uint32_t end);
/* The participle at `verb` names an event whose date the policy has and a
 * comparison follows it: "(may not be) submitted more than 14 days after". */
bool names_event_date(parser *p, uint32_t verb, uint32_t end);
bool guardrail_statement(parser *p, uint32_t i, uint32_t end, expr *guard);
/* The verb of a past participle an action may use ("approved" ->
 * "approve", "sent" -> "send"), or NULL. */
const char *participle_verb(parser *p, const char *w);

/* parse.c */
bool parse_policy(compiler *c);

#endif
