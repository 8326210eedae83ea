/*
 * The compiler's shared state: what the parser learns from the sentences
 * and the analyzer and emitter (emit.c) turn into a plan.
 *
 * A policy defines things (terms) and states rules. Both become "defs",
 * the compile-time form of plan steps:
 *
 *   terms:  extract  "extract the claimed amount from the claim form"
 *           lookup   "look up the policy effective date in the carrier system"
 *           compute  "the loan-to-value ratio is the loan amount divided by
 *                     the appraised value"; a set ("the allowed categories
 *                     are ..."); a condition ("the policy was active on the
 *                     date of loss if ...")
 *           llm      judgment over unstructured text (llm.h)
 *   rules:  check, require, action, guardrail
 *
 * Expressions reference defs by index (expr.step holds the def index until
 * the emitter renumbers them as step indices).
 *
 * Types are inferred: a term starts with a guess from its name ("... date"
 * is a date, "... amount" is money) and is then fixed by how the policy
 * uses it (compared with $50,000, it is money). The strength records how
 * sure we are, so usage beats names and a conflict between two usages is
 * reported as a type error.
 */
#ifndef POLICY_COMPILE_H
#define POLICY_COMPILE_H

#include "base/error.h"
#include "compile/lex.h"
#include "plan/plan.h"
#include "base/words.h"

typedef enum type_strength {
	TYPE_GUESS = 0,  /* nothing known yet */
	TYPE_NAME,       /* from the term's name */
	TYPE_USE,        /* from a comparison or computation */
	TYPE_DECLARED    /* "whether ...", a set, a definition's arithmetic */
} type_strength;

typedef struct def {
	policy_step_kind kind;
	/* terms */
	const char *name;      /* as written, without articles: "claimed amount" */
	const char *key;       /* words_key(name) */
	const char *alias;     /* a short name given in parentheses: "dti" for
	                          "the debt-to-income ratio (DTI)" */
	const char *alt_key;   /* predicates: the subject alone ("contractor
	                          licensure" for "contractor licensure is
	                          verified"), so "verify contractor licensure"
	                          finds it */
	wordlist words;        /* content words, for mention matching */
	wordlist said;         /* action, requirement: the words of its text or
	                        * documents as a state, "not" out (taken.c) */
	int8_t said_state;     /* 0 not yet split, 1 a state, -1 not one */
	policy_type type;
	type_strength strength;
	span type_sp;          /* where the type was fixed by use */
	bool is_set;           /* compute: a set of literal values */
	bool is_predicate;     /* compute: a condition defined by a clause */
	bool described_name;   /* extract: described by a relative clause ("the person
	                        * to whom ..."); a glossary entry if no rule uses it */
	bool glossary;         /* compute: defined, unread and unused: its value is
	                          its description as text (definitions.c) */
	bool kind_of;          /* predicate: 'a "K" is a NOUN that ...', its
	                          body a qualifier of the case (scope.c) */
	bool unless;           /* predicate: "X applies unless C", true when C is not */
	uint32_t applies_to, applies_end; /* predicate "X applies to a K if ...":
	                          the tokens of "a K", a qualifier of the case (0 if none) */
	const char *short_key; /* predicate "S is ADJ for P": the key of "S is
	                          ADJ", its name where no other term has it */
	const char *doc;       /* extract: document type as written */
	bool each;             /* extract: from each document of the type */
	bool llm_fallback;     /* extract: ask the model when the form has no value */
	bool may_be_absent;    /* extract/lookup: the policy says it may be missing */
	bool unsourced;        /* extract: no sentence says where it comes from; read
	                          from the case's facts or any document by its name
	                          (inputs.c); `doc` is NULL */
	int32_t near;          /* unsourced: an earlier unsourced term spelled
	                          nearly the same (a typo in one of them), or -1 */
	const char *system;    /* lookup */
	expr **keys;
	uint32_t nkeys;
	/* definitions and rules */
	expr *value;           /* compute value; check condition; llm input */
	expr *guard;
	uint32_t body_first, body_last; /* compute: tokens of the definition body */
	bool body_parsed;
	bool sum_body;         /* compute: "X adds together A, B and C" */
	bool conditional;      /* predicate: "If C, the applicant is high risk": its
	                          body [body_first, body_last) is before its name */
	bool listed;           /* set: "The following X are blocked:" and a list;
	                          unused, an error (intro.c) */
	const char *text, *verb, *object; /* action */
	uint32_t min_count;    /* require */
	uint32_t group;        /* the sentence a check or requirement came from */
	struct llm_spec *llm;
	const char *judge_core; /* llm judge: its words without negations, articles
	                           and documents, stemmed (judgment.c): one meaning,
	                           one step */
	bool judge_negated;     /* llm judge: its question denies judge_core */
	struct guardrail_spec *guardrail;
	/* where */
	span sp;
	const char *sentence;
	uint32_t sentence_index;
	bool used;
	uint32_t step;         /* emit.c: the step index */
} def;

/* One sentence of the policy for the plan's source map (source_map.c fills
 * these when pass 2 ends; emit.c copies them into the plan). */
typedef struct map_sentence {
	span sp;
	const char *text;
	uint32_t section;      /* lx->sections index, or NO_SECTION */
	bool commentary;
	uint32_t *defs;        /* the defs it produced or feeds, ascending */
	uint32_t ndefs;
} map_sentence;

typedef struct compiler {
	arena *a;
	policy_error *diags;
	bool nomem;
	const lexed *lx;
	const policy_compile_options *opts;
	unsigned max_depth;
	size_t max_steps;
	bool steps_exceeded;   /* def_add refused a step (reported once) */
	def *defs;
	uint32_t ndefs, cap;
	int32_t last_ref;      /* the term an expression named last, for "that date" */
	uint32_t npredicates;  /* named conditions declared */
	uint32_t and_scanned;  /* defs looked at for names with "and" (mention.c) */
	bool and_names;        /* a value's name holds "and" ("wind and hail deductible") */
	uint32_t opp_scanned;  /* defs looked at for opp_prefixed (terms.c) */
	bool opp_prefixed;     /* a named condition's last word starts "un", "in", ... */
	const char *trigger;   /* case type */
	const char *trigger_doc; /* the document meant when "from" is absent */
	/* term keys and aliases -> def, filled as defs are added (terms.c) */
	struct key_slot *keys, *aliases, *firsts; /* firsts: the first word of
	                          every key and alias, to skip spans that start
	                          no term */
	size_t keys_mask;
	uint32_t keys_indexed;
	unsigned char *table_flags; /* lx->ntables of TABLE_USED, TABLE_REPORTED (table.c);
	                          NULL until a table is read */
	uint32_t ndocs;        /* document types named (for hints) */
	const char **docs;
	uint32_t docs_cap;
	map_sentence *sentences; /* every sentence, in document order */
	uint32_t nsentences;
} compiler;

enum { TABLE_USED = 1, TABLE_REPORTED = 2 };

/* Add a def; NULL (and c->nomem or a limit diagnostic) on failure. */
def *def_add(compiler *c, policy_step_kind kind, span sp, const char *sentence);

/* Whether some term's key or alias begins with the word `w` (a word of a
 * key: lowercase, singular, no possessive). */
bool term_first_word(compiler *c, const char *w, size_t len);

/* Find a term by exact key; -1 if none. */
int32_t term_find_key(compiler *c, const char *key);
/* The named condition whose key is `key` with one word's negative prefix
 * taken off or put on ("applicant qualified" finds "applicant
 * unqualified", "request ineligible" finds "request eligible"): it means
 * the opposite. -1 if none. */
int32_t term_find_antonym(compiler *c, const char *key);
/* Whether w[0..n) starts with a negative prefix ("un", "in", "dis", ...). */
bool prefixed_word(const char *w, size_t n);
/* Whether a named condition's name ends in such a word ("unqualified"). */
bool some_prefixed_condition(compiler *c);
/* Give def `d` a second name (an alias, consulted when no key matches);
 * false on allocation failure. An alias another def has is left alone. */
bool term_add_alias(compiler *c, uint32_t d, const char *alias);
/* The one term `accept` takes whose content words include every word of
 * `w` ("address change" for "last address change date"); -1 if none or
 * more than one. */
int32_t term_with_words(const compiler *c, const wordlist *w, bool (*accept)(const def *));

/* Whether w is a word of a named condition's name, its stem or its
 * opposite ("qualifying" of "an applicant qualifies", "acceptable" of "a
 * driver is unacceptable"): a word that says which cases, not a name. */
bool term_condition_word(const compiler *c, const char *w);
/* The one named condition of two words that says `adj` of `noun` ("an
 * applicant qualifies" for "qualifying" and "applicant"), *negated when
 * adj is its opposite ("acceptable" of "a driver is unacceptable"); -1
 * if none or several. */
int32_t term_condition_of(const compiler *c, const char *noun, const char *adj, bool *negated);

/* Resolve a mention ("the credit score") to a term: exact key, then a
 * unique term whose words contain the mention's (same head word), then a
 * unique term whose words the mention contains (a possessor or adjective
 * more: "the borrower's debt service coverage ratio"). `want` narrows by
 * type (POLICY_TYPE_NONE: any). Returns -1 if none, -2 if ambiguous (the
 * candidates' names are written to `cands`). */
int32_t term_resolve(compiler *c, const char *text, size_t len, policy_type want, buf *cands);

/* The closest term name to `text`, for "did you mean" hints; NULL if none
 * is close. */
const char *term_suggest(compiler *c, const char *text, size_t len);
/* The term whose key is spelled nearest to `text`'s, within the distance
 * a typo makes (term_suggest's first choice); -1 if none. */
int32_t term_near_spelling(compiler *c, const char *text, size_t len);

/* A guessed type for a term from its name; POLICY_TYPE_NONE if no guess. */
policy_type type_from_term_name(const char *name);

/* Record a document type the policy names. */
bool doc_note(compiler *c, const char *doc);

void diag_error(compiler *c, span sp, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warning(compiler *c, span sp, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Expression construction (arena). */
expr *expr_new(compiler *c, expr_op op, span sp);
expr *expr_ref(compiler *c, uint32_t def, span sp);
expr *expr_const(compiler *c, value v, span sp, const char *text);
expr *expr_unary(compiler *c, expr_op op, expr *a, span sp);
expr *expr_binary(compiler *c, expr_op op, expr *a, expr *b, span sp);
expr *expr_nary(compiler *c, expr_op op, expr **args, uint32_t n, span sp);
expr *expr_cmp(compiler *c, cmp_op cmp, expr *a, expr *b, span sp, const char *phrase);
/* a AND b, where either may be NULL (meaning true). */
expr *expr_and(compiler *c, expr *a, expr *b);
/* a or b, a boolean; NULL if either is (unlike expr_and, which keeps the
 * other: a missing alternative is never dropped). */
expr *expr_or(compiler *c, expr *a, expr *b);
expr *expr_not(compiler *c, expr *a);

/* ---- compile.c: one pass over a text ---- */

/* The terms and actions a pass found, for the assistant's requests. */
typedef struct pass_term {
	const char *name;
	policy_type type;
} pass_term;

typedef struct pass_notes {
	arena *a;               /* where the notes are copied (the caller's) */
	pass_term *terms;
	uint32_t nterms;
	const char **actions;
	uint32_t nactions;
	bool nomem;
} pass_notes;

/* policy_compile without the assistant: `opts` is a whole, current struct
 * (policy_compile resolves the caller's), `out` is not NULL. `notes`, when
 * not NULL, receives the terms and actions the pass declared. */
policy_status compile_pass(const char *text, size_t len, const policy_compile_options *opts,
                           policy_plan **out, policy_error **err, pass_notes *notes);

#endif
