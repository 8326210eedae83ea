/*
 * Labels prepared once per plan (label_cache.h).
 *
 * Forms of one kind print the same labels on every case ("Policy Number",
 * "Date of Loss"); only the values change. Preparing a label takes each of
 * its words through the whole word pipeline (folding, splitting, the
 * singular, the word tables, stems: words.h), then its acronym tokens and
 * its lexicon groups (label_score.h): about four thousand instructions for
 * a label of two words, and a function of the label's bytes alone. So a
 * plan keeps the labels its executions prepared, and a document whose
 * labels the plan has met before takes them from here: the same
 * label_text, so the same scores and answers, byte for byte
 * (tests/test_builtin_paths.c decides every case of two corpora both ways).
 * The names of facts and the types of documents, matched by their word
 * sets alone, are kept the same way as phrases, apart from labels.
 *
 * BOUNDS. At most LABEL_CACHE_MAX entries of at most LABEL_CACHE_LEN bytes
 * each, and about LABEL_CACHE_BYTES in all: a stream of OCR noise cannot
 * make a plan grow without end, and a long document adds none of its
 * labels (LABEL_CACHE_FORM_MAX). Once full, labels are prepared per
 * document, as they are without a cache.
 *
 * THREADS. A plan runs on many threads at once. An entry is written whole,
 * then published with a release store at the head of its bucket's list;
 * it never changes or goes away until the plan is freed, so lookups take
 * no lock (acquire loads). Adding takes the cache's lock, which also
 * guards its arena, and looks again first, so two threads that meet a
 * label together prepare it once.
 *
 * MEMORY. The cache's own arena, from the plan's allocator. A failed
 * allocation leaves the cache as it was (the arena's sticky flag then
 * stops it adding), and the caller prepares the label itself: running out
 * of memory here never fails an execution.
 */
#include "run/label_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "base/text.h"
#include "base/words.h"
#include "plan/plan.h"

enum {
	LABEL_CACHE_MAX = 1024,
	LABEL_CACHE_LEN = 160,
	LABEL_CACHE_BYTES = 1 << 19,
	LABEL_CACHE_BUCKETS = 256 /* a power of two */
};

typedef struct cached_label {
	struct cached_label *next; /* in its bucket, set before it is published */
	uint32_t hash;
	bool phrase;               /* only the word set (label_cache_words) */
	size_t len;
	const char *bytes;
	label_text text;           /* a phrase: text.words.reading[0] only */
} cached_label;

struct label_cache {
	plan_cache base;
	mem m;
	pthread_mutex_t lock; /* adding; guards `a` and `n` */
	arena a;
	size_t n;
	cached_label *buckets[LABEL_CACHE_BUCKETS]; /* atomic heads */
};

static void cache_free(plan_cache *pc)
{
	label_cache *c = (label_cache *)pc;
	mem m = c->m;
	arena_release(&c->a);
	pthread_mutex_destroy(&c->lock);
	mem_free(&m, c);
}

label_cache *label_cache_of(policy_plan *p)
{
	plan_cache *pc = __atomic_load_n(&p->run_cache[PLAN_CACHE_LABELS], __ATOMIC_ACQUIRE);
	if (pc)
		return (label_cache *)pc;
	/* Made with the plan's allocator: it lives as long as the plan. */
	label_cache *c = mem_calloc(&p->m, 1, sizeof *c);
	if (!c)
		return NULL;
	c->base.free = cache_free;
	c->m = p->m;
	arena_init(&c->a, &c->m);
	pthread_mutex_init(&c->lock, NULL);
	plan_cache *none = NULL;
	if (!__atomic_compare_exchange_n(&p->run_cache[PLAN_CACHE_LABELS], &none, &c->base, false,
	                                 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		cache_free(&c->base); /* another thread made it first */
		return (label_cache *)none;
	}
	return c;
}

/* FNV-1a */
static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static const cached_label *find(cached_label *const *head, uint32_t h, bool phrase,
                                const char *text, size_t len)
{
	for (const cached_label *e = __atomic_load_n(head, __ATOMIC_ACQUIRE); e; e = e->next)
		if (e->hash == h && e->phrase == phrase && e->len == len &&
		    !memcmp(e->bytes, text, len))
			return e;
	return NULL;
}

/* A phrase's word set where a label's readings go: reading 0 alone. */
static bool phrase_make(arena *a, const char *text, size_t len, label_text *out)
{
	memset(out, 0, sizeof *out);
	const word_set **r = arena_alloc(a, sizeof *r);
	word_set *set;
	if (!r || !words_set_make(a, text, len, &set))
		return false;
	r[0] = set;
	out->text = text;
	out->len = len;
	out->words.reading = r;
	out->words.n = 1;
	return true;
}

/* Under the lock: the label or phrase prepared into the cache, or NULL. */
static const cached_label *add(label_cache *c, cached_label **head, uint32_t h, bool phrase,
                               const char *text, size_t len)
{
	if (c->n >= LABEL_CACHE_MAX || c->a.total > LABEL_CACHE_BYTES || c->a.failed ||
	    !text_valid_utf8(text, len))
		return NULL;
	cached_label *e = arena_alloc(&c->a, sizeof *e);
	char *bytes = e ? arena_strndup(&c->a, text, len) : NULL;
	if (!bytes || !(phrase ? phrase_make(&c->a, bytes, len, &e->text)
	                       : label_text_make(&c->a, bytes, len, &e->text)))
		return NULL; /* what was taken stays in the arena, unused */
	e->hash = h;
	e->phrase = phrase;
	e->len = len;
	e->bytes = bytes;
	e->next = *head;
	__atomic_store_n(head, e, __ATOMIC_RELEASE);
	c->n++;
	return e;
}

static const label_text *get(label_cache *c, bool phrase, const char *text, size_t len,
                             bool may_add)
{
	if (!c || !text || len > LABEL_CACHE_LEN)
		return NULL;
	uint32_t h = hash_bytes(text, len);
	cached_label **head = &c->buckets[h & (LABEL_CACHE_BUCKETS - 1)];
	const cached_label *e = find(head, h, phrase, text, len);
	if (!e && may_add) {
		pthread_mutex_lock(&c->lock);
		e = find(head, h, phrase, text, len);
		if (!e)
			e = add(c, head, h, phrase, text, len);
		pthread_mutex_unlock(&c->lock);
	}
	return e ? &e->text : NULL;
}

const label_text *label_cache_get(label_cache *c, const char *text, size_t len, bool add)
{
	return get(c, false, text, len, add);
}

const word_set *label_cache_words(label_cache *c, const char *text, size_t len)
{
	const label_text *l = get(c, true, text, len, true);
	return l ? l->words.reading[0] : NULL;
}
