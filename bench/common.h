/*
 * What the benchmarks share: a monotonic clock, file reading, and a timing
 * loop that reports nanoseconds per operation.
 *
 * measure() runs `op` in batches until MIN_TOTAL_NS have passed (at least
 * MIN_BATCHES batches, each at least MIN_BATCH_NS long) and reports the
 * median batch's time per operation, so a stray interruption does not
 * move the number much. Time is the process's CPU time
 * (CLOCK_PROCESS_CPUTIME_ID): the operations measured run on one thread,
 * and CPU time does not count the time other processes on a busy machine
 * take from it.
 */
#ifndef POLICY_BENCH_COMMON_H
#define POLICY_BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef POLICY_SOURCE_ROOT
#define POLICY_SOURCE_ROOT "."
#endif

enum { MIN_BATCHES = 7 };
#define MIN_BATCH_NS 20000000.0  /* 20 ms */
#define MIN_TOTAL_NS 300000000.0 /* 0.3 s */

static inline double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *s = malloc(cap);
	for (;;) {
		if (cap - n < 4096) {
			cap *= 2;
			s = realloc(s, cap);
		}
		size_t got = fread(s + n, 1, cap - n - 1, f);
		if (!got)
			break;
		n += got;
	}
	fclose(f);
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Nanoseconds per call of op(ctx), the median over batches. */
static inline double measure(void (*op)(void *), void *ctx)
{
	/* Warm up, and size a batch. */
	unsigned per_batch = 1;
	for (;;) {
		double t0 = now_ns();
		for (unsigned i = 0; i < per_batch; i++)
			op(ctx);
		double dt = now_ns() - t0;
		if (dt >= MIN_BATCH_NS)
			break;
		per_batch = dt < MIN_BATCH_NS / 100 ? per_batch * 10 : per_batch * 2;
	}
	double samples[64];
	int n = 0;
	double total = 0;
	while (n < 64 && (n < MIN_BATCHES || total < MIN_TOTAL_NS)) {
		double t0 = now_ns();
		for (unsigned i = 0; i < per_batch; i++)
			op(ctx);
		double dt = now_ns() - t0;
		total += dt;
		samples[n++] = dt / per_batch;
	}
	qsort(samples, (size_t)n, sizeof samples[0], cmp_double);
	return samples[n / 2];
}

#endif
