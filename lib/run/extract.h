/*
 * The built-in plain-text extractor and fact lookup.
 *
 * Documents are text as OCR'd forms look: "Label: value" lines among noise
 * lines, form feeds between pages. A field is found by its label (fuzzy,
 * words.h) and its value parsed by the field's type (value.h). The answer
 * is written as the same JSON a host's extract callback returns (see
 * docs/host-protocol.md), so it means what a host's answer means; the
 * executor reads it without parsing its evidence, which the JSON writer
 * (json.h) wrote compactly (answer.c, exec_complete_builtin_answer).
 */
#ifndef POLICY_EXTRACT_H
#define POLICY_EXTRACT_H

#include <stdbool.h>

#include "base/alloc.h"
#include "run/case.h"
#include "policy.h"

/* Find `field` in the case's documents of type `doc_type` (matched by
 * words_key) and write the answer JSON to `reply`:
 *   found:     {"value": V, "text": "$72,400.00", "evidence": {...}}
 *   each:      {"values": [{"value", "text", "evidence"}, ...]} one per
 *              document of the type that has the field
 *   not found: {"missing": "why"}
 *   ambiguous: {"error": "why, with both locations"}
 * V is the canonical JSON of the typed value (value_to_json).
 * `max_doc_bytes` bounds the text examined per document (0: no bound).
 * Returns false only on allocation failure. */
bool builtin_extract(const policy_case *c, const char *doc_type, const char *field,
                     policy_type type, bool each, size_t max_doc_bytes, buf *reply);

/* A field as a plan's step names it, prepared once for every execution
 * of the plan (its words, its readings through the lexicon, its words as
 * written for acronyms): builtin_extract_field then answers exactly as
 * builtin_extract does, without preparing it again. Read-only once made,
 * so executions on several threads share it. */
typedef struct builtin_field builtin_field;

/* Prepare `field`, for values of `type`, in `a` (a field that is not
 * valid UTF-8 or names no words is prepared too: its answer says so).
 * False only on allocation failure. */
bool builtin_field_make(arena *a, const char *field, policy_type type, builtin_field **out);

/* builtin_extract with a prepared field. */
bool builtin_extract_field(const policy_case *c, const char *doc_type, const builtin_field *f,
                           bool each, size_t max_doc_bytes, buf *reply);

/* Prepare the labels of a read document once, for every field an
 * execution asks of it: each "Label: value" candidate with its label's
 * words (run/label_score.h), in `a`, or taken from `labels` (NULL: none),
 * a plan's labels prepared before (label_cache.h). builtin_extract then
 * scores the prepared labels instead of reading the lines again, with the
 * same answers. A document with more than BUILTIN_INDEX_MAX candidates, or
 * an unreadable one, gets no index and is read line by line as before.
 * False only on allocation failure. */
enum { BUILTIN_INDEX_MAX = 4096 };
struct label_cache;
bool builtin_index(arena *a, case_doc *d, struct label_cache *labels);

/* Answer a lookup of `fact` from the case's facts (keys matched like
 * labels): {"value": V, "source": "case facts"} or {"missing": "why"}.
 * Returns false only on allocation failure. */
bool builtin_lookup(const policy_case *c, const char *fact, policy_type type, buf *reply);

/* A fact as a plan's lookup step names it, prepared once per plan (its
 * words), like builtin_field; read-only once made. */
typedef struct builtin_fact builtin_fact;
bool builtin_fact_make(arena *a, const char *fact, builtin_fact **out);

/* builtin_lookup with a prepared fact. */
bool builtin_lookup_fact(const policy_case *c, const builtin_fact *f, policy_type type,
                         buf *reply);

/* Prepare the names of the case's facts once, for every lookup an
 * execution makes (case_fact.words): a name written as one of the plan's
 * `nknown` facts (entries may be NULL) takes its words, else from
 * `labels` (may be NULL) or made in `a`. False only on allocation
 * failure. */
bool builtin_facts_index(arena *a, policy_case *c, const builtin_fact *const *known,
                         size_t nknown, struct label_cache *labels);

#endif
