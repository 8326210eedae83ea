/*
 * Cases and hosts: what the host gives an execution.
 *
 * A case holds the documents (type, text) and facts of one case. Document
 * types are matched by their words_key ("Claim Form" == "claim form"), and
 * several documents of one type are numbered 1..n in the order added.
 *
 * A host is a table of callbacks in the HarfBuzz "funcs" style: each slot
 * has a function, its user_data and a destroy notifier. A reply (base/reply.h)
 * is where a callback puts its answer.
 */
#ifndef POLICY_CASE_H
#define POLICY_CASE_H

#include "base/alloc.h"
#include "base/reply.h"
#include "policy.h"

typedef struct case_doc {
	const char *type;   /* as the host named it */
	const char *key;    /* words_key(type) */
	const char *text;
	size_t len;
	unsigned index;     /* 1-based among documents of this type */
	/* Once an execution has read it (doc.h): `text` is then what its lines
	 * say, `lines` where each was on its page (NULL for plain text), and
	 * `unreadable` why it could not be read (NULL if it could). */
	bool read;
	const struct doc_line_info *lines;
	size_t nlines;
	const char *source;
	const char *unreadable;
	int min_conf;
	/* Its labels and its type's words, prepared once by builtin_index
	 * (extract.h), or NULL. */
	const struct doc_label *labels;
	size_t nlabels;
	const struct word_set *type_words;
} case_doc;

typedef struct case_fact {
	const char *name;
	const char *value_json;
	size_t len;
	/* Its name's words, prepared once by builtin_facts_index (extract.h)
	 * when `indexed`: NULL for a name that is not valid UTF-8. */
	bool indexed;
	const struct word_set *words;
} case_fact;

struct policy_case {
	mem m;
	arena a;
	const char *id;
	case_doc *docs;
	size_t ndocs, docs_cap;
	case_fact *facts;
	size_t nfacts, facts_cap;
};

/* How many documents of (words_key) type `key` the case holds. */
unsigned case_doc_count(const policy_case *c, const char *key);

typedef struct host_slot {
	void (*func)(void);  /* cast to the slot's type when called */
	void *user_data;
	policy_destroy_func destroy;
} host_slot;

enum { HOST_EXTRACT, HOST_LOOKUP, HOST_LLM, HOST_STORE, HOST_LOAD, HOST_NOW, HOST_SLOTS };

struct policy_host {
	mem m;
	int refs; /* atomic */
	host_slot slots[HOST_SLOTS];
};

#endif
