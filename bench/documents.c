/*
 * bench/documents: how long reading a document takes, per page, through
 * the built-in extractor's own entry point (doc_read: sniffing, poppler's
 * text layer or rendering, OCR, the layout of lines).
 *
 *   build/bench/documents FILE...     one JSON line per file:
 *     {"file": F, "source": "pdf"|"pdf+ocr"|"ocr"|"text", "pages": N,
 *      "runs": R, "wall_ms_per_page": W, "cpu_ms_per_page": C,
 *      "unreadable": null|"why"}
 *
 * Each file is read at least once and again until 0.2 s have passed (at
 * most 50 times); W and C are the medians of the runs, divided by the
 * pages. Wall time is what a host waits; CPU time counts every thread of
 * the process (Tesseract may use OpenMP threads: set OMP_THREAD_LIMIT=1 for
 * "one core"). bench/ocr.py runs it over the scanned corpus.
 *
 * Not a test: it checks nothing but that the file could be opened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "common.h"
#include "run/doc.h"

enum { RUNS_MAX = 50 };
#define RUNS_WALL_MS 200.0

static double wall_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double median(double *v, unsigned n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++)
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	putchar('"');
}

int main(int argc, char **argv)
{
	mem m = mem_from(NULL);
	for (int i = 1; i < argc; i++) {
		size_t len;
		char *bytes = read_all(argv[i], &len);
		if (!bytes) {
			fprintf(stderr, "documents: cannot read %s\n", argv[i]);
			return 1;
		}
		double wall[RUNS_MAX], cpu[RUNS_MAX], spent = 0;
		unsigned runs = 0, pages = 0;
		char source[16] = "", why[512] = "";
		while (runs < RUNS_MAX && (runs == 0 || spent < RUNS_WALL_MS)) {
			arena a;
			arena_init(&a, &m);
			doc_text t;
			double w0 = wall_ms(), c0 = now_ns();
			bool ok = doc_read(&a, bytes, len, NULL, &t);
			cpu[runs] = (now_ns() - c0) / 1e6;
			wall[runs] = wall_ms() - w0;
			spent += wall[runs++];
			if (!ok) {
				fprintf(stderr, "documents: out of memory on %s\n", argv[i]);
				return 1;
			}
			pages = 1;
			for (size_t k = 0; k < t.len; k++)
				pages += t.text[k] == '\f';
			snprintf(source, sizeof source, "%s", t.source ? t.source : "");
			snprintf(why, sizeof why, "%s", t.unreadable ? t.unreadable : "");
			arena_release(&a);
		}
		printf("{\"file\": ");
		json_str(argv[i]);
		printf(", \"source\": ");
		json_str(source);
		printf(", \"pages\": %u, \"runs\": %u, \"wall_ms_per_page\": %.3f, "
		       "\"cpu_ms_per_page\": %.3f, \"unreadable\": ",
		       pages, runs, median(wall, runs) / pages, median(cpu, runs) / pages);
		if (why[0])
			json_str(why);
		else
			printf("null");
		printf("}\n");
		fflush(stdout);
		free(bytes);
	}
	return 0;
}
