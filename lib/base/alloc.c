/*
 * The allocator hook, arenas and buffers (see alloc.h).
 */
#include "base/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *libc_malloc(size_t size, void *ud) { (void)ud; return malloc(size); }
static void *libc_realloc(void *p, size_t size, void *ud) { (void)ud; return realloc(p, size); }
static void libc_free(void *p, void *ud) { (void)ud; free(p); }

mem mem_from(const policy_allocator *a)
{
	if (a && a->malloc && a->realloc && a->free)
		return *a;
	mem m = { libc_malloc, libc_realloc, libc_free, NULL };
	return m;
}

void *mem_alloc(const mem *m, size_t size)
{
	return m->malloc(size ? size : 1, m->user_data);
}

void *mem_calloc(const mem *m, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	void *p = mem_alloc(m, count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

void *mem_realloc(const mem *m, void *ptr, size_t size)
{
	return m->realloc(ptr, size ? size : 1, m->user_data);
}

void mem_free(const mem *m, void *ptr)
{
	if (ptr)
		m->free(ptr, m->user_data);
}

char *mem_strndup(const mem *m, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *p = mem_alloc(m, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* The header sits before an exported string; its size keeps the string
 * aligned like malloc's results. */
typedef union export_header {
	mem m;
	max_align_t align;
} export_header;

char *mem_export_room(const mem *m, size_t len)
{
	if (len > SIZE_MAX - sizeof(export_header) - 1)
		return NULL;
	export_header *h = mem_alloc(m, sizeof *h + len + 1);
	if (!h)
		return NULL;
	h->m = *m;
	char *s = (char *)(h + 1);
	s[len] = '\0';
	return s;
}

char *mem_export(const mem *m, const char *data, size_t len)
{
	char *s = mem_export_room(m, len);
	if (s && len)
		memcpy(s, data, len);
	return s;
}

void policy_free(void *string)
{
	if (!string)
		return;
	export_header *h = (export_header *)string - 1;
	mem m = h->m;
	mem_free(&m, h);
}

/* ---- arenas ---- */

struct arena_chunk {
	arena_chunk *next;
	max_align_t align[]; /* payload */
};

enum { ARENA_MIN_CHUNK = 4096 - sizeof(arena_chunk) };

void arena_init(arena *a, const mem *m)
{
	memset(a, 0, sizeof *a);
	a->m = *m;
}

void arena_release(arena *a)
{
	arena_chunk *c = a->head;
	while (c) {
		arena_chunk *next = c->next;
		mem_free(&a->m, c);
		c = next;
	}
	a->head = NULL;
	a->used = a->cap = a->total = 0;
	a->failed = false;
}

void arena_reset(arena *a)
{
	a->failed = false;
	if (!a->head)
		return;
	if (!a->head->next) {
		a->used = 0;
		a->total = a->cap;
		return;
	}
	/* Several chunks: one of their total size replaces them (if it cannot
	 * be had, the arena starts empty and grows again as it is used). */
	size_t want = a->total;
	arena_release(a);
	arena_chunk *c = mem_alloc(&a->m, sizeof(arena_chunk) + want);
	if (!c) {
		a->failed = true; /* said, like any failed allocation */
		return;
	}
	c->next = NULL;
	a->head = c;
	a->used = 0;
	a->cap = a->total = want;
}

void *arena_alloc(arena *a, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	if (size == 0)
		size = 16;
	if (!a->head || a->cap - a->used < size) {
		size_t want = size > ARENA_MIN_CHUNK ? size : ARENA_MIN_CHUNK;
		/* Grow chunk sizes with the arena so big inputs need few chunks. */
		if (a->total / 2 > want && a->total / 2 < ((size_t)1 << 26))
			want = a->total / 2;
		if (want > SIZE_MAX - sizeof(arena_chunk)) {
			a->failed = true;
			return NULL;
		}
		arena_chunk *c = mem_alloc(&a->m, sizeof(arena_chunk) + want);
		if (!c) {
			a->failed = true;
			return NULL;
		}
		c->next = a->head;
		a->head = c;
		a->used = 0;
		a->cap = want;
		a->total += want;
	}
	void *p = (char *)a->head->align + a->used;
	a->used += size;
	return p;
}

void *arena_zalloc(arena *a, size_t size)
{
	void *p = arena_alloc(a, size);
	if (p)
		memset(p, 0, size);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
	if (len == SIZE_MAX) {
		a->failed = true;
		return NULL;
	}
	char *p = arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void *arena_grow(arena *a, void *old, size_t old_count, size_t new_count, size_t elem)
{
	if (elem && new_count > SIZE_MAX / elem) {
		a->failed = true;
		return NULL;
	}
	void *p = arena_alloc(a, new_count * elem);
	if (p && old_count)
		memcpy(p, old, old_count * elem);
	return p;
}

/* ---- buffers ---- */

void buf_init(buf *b, const mem *m)
{
	memset(b, 0, sizeof *b);
	b->m = m;
}

void buf_release(buf *b)
{
	mem_free(b->m, b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static bool buf_reserve(buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > SIZE_MAX - b->len - 1) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = mem_realloc(b->m, b->data, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void buf_append_slow(buf *b, const char *s, size_t len)
{
	if (!buf_reserve(b, len))
		return;
	if (len)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_put_uint(buf *b, uint64_t v)
{
	char digits[20];
	size_t n = sizeof digits;
	do {
		digits[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_append(b, digits + n, sizeof digits - n);
}

void buf_put_int(buf *b, int64_t v)
{
	if (v < 0) {
		buf_putc(b, '-');
		buf_put_uint(b, (uint64_t)0 - (uint64_t)v);
	} else {
		buf_put_uint(b, (uint64_t)v);
	}
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, copy);
	va_end(copy);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if ((size_t)n < sizeof small) {
		buf_append(b, small, (size_t)n);
		return;
	}
	if (!buf_reserve(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *buf_cstr(buf *b)
{
	if (b->failed)
		return NULL;
	if (!b->data)
		return "";
	return b->data;
}

policy_status buf_export(buf *b, char **out, size_t *out_len)
{
	if (b->failed)
		return POLICY_ERR_NOMEM;
	char *s = mem_export(b->m, b->data ? b->data : "", b->len);
	if (!s)
		return POLICY_ERR_NOMEM;
	*out = s;
	if (out_len)
		*out_len = b->len;
	return POLICY_OK;
}

char *buf_to_arena(buf *b, arena *a)
{
	if (b->failed) {
		a->failed = true; /* the copy is lost to OOM like any arena_alloc */
		return NULL;
	}
	return arena_strndup(a, b->data ? b->data : "", b->len);
}
