/*
 * Labels prepared once per plan: what label_text_make (label_score.h)
 * makes of a label's bytes, kept for every execution of the plan and
 * shared by their threads. See label_cache.c.
 */
#ifndef POLICY_LABEL_CACHE_H
#define POLICY_LABEL_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/alloc.h"
#include "run/label_score.h"

typedef struct label_cache label_cache;

/* The plan's cache (its run_cache[PLAN_CACHE_LABELS]), made empty on
 * first use; NULL when memory ran out (everything works without). */
label_cache *label_cache_of(policy_plan *p);

/* The label `text` prepared (label_text_make), from the cache or, if
 * `add`, made into it now; NULL when the cache cannot say (no cache, not
 * there and not to be added, the label too long, the cache full or short
 * of memory, or a label label_text_make refuses): the caller then
 * prepares the label itself, with the same result. The label stays valid
 * as long as the cache; nobody may change it. */
const label_text *label_cache_get(label_cache *c, const char *text, size_t len, bool add);

/* A document with more label candidates than this is no form whose labels
 * come back (a log, a long list of remarks): its labels are looked up in
 * the cache but not added to it, so one such document cannot fill it. */
enum { LABEL_CACHE_FORM_MAX = 256 };

/* A phrase's canonical word set (words_set_make): a fact's name or a
 * document type, kept apart from labels (only the set is made); NULL as
 * for label_cache_get. */
const word_set *label_cache_words(label_cache *c, const char *text, size_t len);

#endif
