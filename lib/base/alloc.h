/*
 * Memory: the allocator hook, arenas and growable buffers.
 *
 * Every allocation in lib/ goes through a policy_allocator, so hosts can
 * count, limit or fail allocations (the OOM tests fail the Nth one in turn).
 * Objects copy their allocator at creation; `mem` is that copy.
 *
 * Most data with one owner and one lifetime (an AST, a plan, an execution's
 * values) lives in an arena: allocation is a pointer bump and the whole
 * thing is released at once, which keeps every error path leak-free by
 * construction. Arenas grow in chunks taken from the allocator.
 *
 * A buf is a growable byte string with a sticky failure flag: code appends
 * freely and checks buf_failed() once at the end.
 */
#ifndef POLICY_ALLOC_H
#define POLICY_ALLOC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

typedef policy_allocator mem;

/* The allocator to use for `a` (NULL: libc). */
mem mem_from(const policy_allocator *a);

void *mem_alloc(const mem *m, size_t size);
void *mem_calloc(const mem *m, size_t count, size_t size);
void *mem_realloc(const mem *m, void *ptr, size_t size);
void mem_free(const mem *m, void *ptr);
char *mem_strndup(const mem *m, const char *s, size_t len);

/* Strings handed to hosts through `char **`: a hidden header remembers the
 * allocator so policy_free() can release them. */
char *mem_export(const mem *m, const char *data, size_t len);
/* Room for such a string of `len` bytes (and its NUL), to be written by the
 * caller; NULL on failure. */
char *mem_export_room(const mem *m, size_t len);

typedef struct arena_chunk arena_chunk;

typedef struct arena {
	mem m;
	arena_chunk *head;
	size_t used;   /* bytes used in head */
	size_t cap;    /* bytes available in head */
	size_t total;  /* bytes held, for limits and statistics */
	bool failed;   /* an allocation failed (sticky until release; also set
	                  by buf_to_arena from a failed buf), so code that reads
	                  "no result" can tell OOM from "no match" */
} arena;

void arena_init(arena *a, const mem *m);
void arena_release(arena *a);
/* Empty the arena for reuse: everything it holds is released, but one chunk
 * as big as all of it is kept, so an arena filled the same way again (an
 * execution reset for its next case) allocates nothing. If that chunk
 * cannot be had, the arena is empty and `failed` says so. */
void arena_reset(arena *a);
/* NULL on allocation failure; memory is 16-byte aligned, not zeroed. */
void *arena_alloc(arena *a, size_t size);
void *arena_zalloc(arena *a, size_t size);
/* A NUL-terminated copy; NULL on failure (s may be NULL only if len is 0). */
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);
/* Grow an array held in the arena: returns the new array or NULL. */
void *arena_grow(arena *a, void *old, size_t old_count, size_t new_count, size_t elem);

typedef struct buf {
	const mem *m;
	char *data;
	size_t len;
	size_t cap;
	bool failed;
} buf;

void buf_init(buf *b, const mem *m);
void buf_release(buf *b);
void buf_append_slow(buf *b, const char *s, size_t len);
/* Appends: inline while the bytes fit, which is nearly always. */
static inline void buf_append(buf *b, const char *s, size_t len)
{
	if (len < b->cap - b->len) { /* cap > len: room for the NUL too */
		if (len)
			__builtin_memcpy(b->data + b->len, s, len);
		b->len += len;
		b->data[b->len] = '\0';
		return;
	}
	buf_append_slow(b, s, len);
}
static inline void buf_putc(buf *b, char c)
{
	buf_append(b, &c, 1);
}
void buf_puts(buf *b, const char *s);
/* A whole number in decimal, as printf's %llu / %lld writes it. */
void buf_put_uint(buf *b, uint64_t v);
void buf_put_int(buf *b, int64_t v);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
static inline bool buf_failed(const buf *b) { return b->failed; }
/* The contents as a NUL-terminated string (an empty buf gives ""), or NULL
 * if any append failed. */
const char *buf_cstr(buf *b);
/* Hand the contents to the host as a policy_free-able string. */
policy_status buf_export(buf *b, char **out, size_t *out_len);
/* Copy the contents into an arena as a NUL-terminated string. */
char *buf_to_arena(buf *b, arena *a);

#endif
