/*
 * Labels prepared once per plan (label_cache.h).
 *
 * Forms of one kind print the same labels on every case ("Policy Number",
 * "Date of Loss"); only the values change. Preparing a label takes each of
 * its words through the whole word pipeline (folding, splitting, the
 * singular, six word tables, stems: words.h), then its acronym tokens and
 * its lexicon groups (label_score.h), about a thousand instructions a
 * word, and it is a function of the label's bytes alone. So a plan keeps
 * the labels its executions prepared, and a document whose labels the
 * plan has seen before reads them from here: the same label_text, so the
 * same scores and answers, byte for byte. Fact names and document types
 * are phrases prepared the same way (their first reading is their word
 * set).
 *
 * BOUNDS. At most LABEL_CACHE_MAX labels of at most LABEL_CACHE_LEN bytes
 * each and LABEL_CACHE_BYTES in all: a long text or a stream of OCR noise
 * cannot make a plan grow without end. Once full, labels are prepared per
 * document as they always were.
 *
 * THREADS. A plan runs on many threads at once. Entries are written
 * whole, then published with a release store at the head of their
 * bucket's list, and never change or go away until the plan is freed;
 * lookups take no lock (acquire loads). Adding takes the cache's lock,
 * which also guards its arena, and looks again first, so a label is
 * prepared once even when two threads meet it together.
 *
 * MEMORY. The cache's own arena, from the plan's allocator. A failed
 * allocation leaves the cache as it was (the arena's sticky flag then
 * stops it adding): the caller prepares the label itself, so running out
 * of memory here never fails an execution.
 */
#include "run/label_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

enum {
	LABEL_CACHE_MAX = 1024,
	LABEL_CACHE_LEN = 160,
	LABEL_CACHE_BYTES = 1 << 19,
	LABEL_CACHE_BUCKETS = 512 /* a power of two */
};

typedef struct cached_label {
	struct cached_label *next; /* in its bucket, set before it is published */
	uint32_t hash;
	size_t len;
	const char *bytes;
	label_text text;
} cached_label;

struct label_cache {
	mem m;
	pthread_mutex_t lock; /* adding; guards `a` and `n` */
	arena a;
	size_t n;
	cached_label *buckets[LABEL_CACHE_BUCKETS]; /* atomic heads */
};

label_cache *label_cache_new(const mem *m)
{
	label_cache *c = mem_calloc(m, 1, sizeof *c);
	if (!c)
		return NULL;
	c->m = *m;
	arena_init(&c->a, &c->m);
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void label_cache_free(label_cache *c)
{
	if (!c)
		return;
	mem m = c->m;
	arena_release(&c->a);
	pthread_mutex_destroy(&c->lock);
	mem_free(&m, c);
}

/* FNV-1a */
static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static const cached_label *find(cached_label *const *head, uint32_t h, const char *text,
                                size_t len)
{
	for (const cached_label *e = __atomic_load_n(head, __ATOMIC_ACQUIRE); e; e = e->next)
		if (e->hash == h && e->len == len && !memcmp(e->bytes, text, len))
			return e;
	return NULL;
}

/* Under the lock: the label prepared into the cache, or NULL. */
static const cached_label *add(label_cache *c, cached_label **head, uint32_t h, const char *text,
                               size_t len)
{
	if (c->n >= LABEL_CACHE_MAX || c->a.total > LABEL_CACHE_BYTES || c->a.failed)
		return NULL;
	cached_label *e = arena_alloc(&c->a, sizeof *e);
	char *bytes = e ? arena_strndup(&c->a, text, len) : NULL;
	if (!bytes || !label_text_make(&c->a, bytes, len, &e->text))
		return NULL; /* what was taken stays in the arena, unused */
	e->hash = h;
	e->len = len;
	e->bytes = bytes;
	e->next = *head;
	__atomic_store_n(head, e, __ATOMIC_RELEASE);
	c->n++;
	return e;
}

const label_text *label_cache_get(label_cache *c, const char *text, size_t len)
{
	if (!c || !text || len > LABEL_CACHE_LEN)
		return NULL;
	uint32_t h = hash_bytes(text, len);
	cached_label **head = &c->buckets[h & (LABEL_CACHE_BUCKETS - 1)];
	const cached_label *e = find(head, h, text, len);
	if (!e) {
		pthread_mutex_lock(&c->lock);
		e = find(head, h, text, len);
		if (!e)
			e = add(c, head, h, text, len);
		pthread_mutex_unlock(&c->lock);
	}
	return e ? &e->text : NULL;
}

const word_set *label_cache_words(label_cache *c, const char *text, size_t len)
{
	const label_text *l = label_cache_get(c, text, len);
	return l && l->words.n ? l->words.reading[0] : NULL;
}
