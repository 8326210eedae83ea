/*
 * bench/labels: label matching for a page of ten fields (issue 17: under
 * 20 µs), through the built-in extractor's own entry points.
 *
 *   build/bench/labels            the table below
 *   build/bench/labels --calls N  each mode N times without timing, for
 *                                 valgrind --tool=callgrind --toggle-collect=page_indexed
 *                                 (or page_line_by_line, long_form_line_by_line,
 *                                 plan_fields)
 *
 * The page is a small-business loan application of 17 lines; the fields
 * are named as a policy names them, with labels the form prints its own
 * way (word order, "EIN", "FICO", an acronym of the field's words, a
 * percent sign). Per page:
 *
 *   indexed       what an execution does: the page's labels prepared once
 *                 (builtin_index), then the ten fields found
 *                 (builtin_extract_field, the fields prepared with the
 *                 plan, once for all its executions), each answer
 *                 written as JSON
 *   line by line  the ten fields found with no index: every line read and
 *                 every label prepared again for each field (what the
 *                 extractor does for a document past BUILTIN_INDEX_MAX,
 *                 and what it did for every document before the index)
 *   long form     one field at the end of a form of 12,500 remark lines,
 *                 past BUILTIN_INDEX_MAX, so line by line (per form, not
 *                 per page; bench/limits has the same form)
 *   plan fields   the ten fields prepared (builtin_field_make), what a
 *                 plan does once, at its first execution
 *
 * Not a test: it checks only that every field is found.
 */
#include <stdbool.h>

#include "common.h"
#include "run/case.h"
#include "run/extract.h"

static const char page[] =
	"FIRST STATE BANK - SMALL BUSINESS LOAN APPLICATION\n"
	"Page 1 of 1\n"
	"Applicant Business Name: Riverside Bakery LLC\n"
	"EIN: 84-1234567\n"
	"Date Business Established: 03/15/2019\n"
	"Amount Requested: $250,000.00\n"
	"Loan Purpose: Equipment purchase\n"
	"Annual Sales: $1,240,000\n"
	"Net Operating Income: $310,000\n"
	"Annual Debt Service: $180,000\n"
	"DSCR: 1.72x\n"
	"Number of Employees: 14\n"
	"Owner FICO: 712\n"
	"LMI Census Tract: Yes\n"
	"Percent Owned by Applicant: 100%\n"
	"Collateral Value: $400,000\n"
	"Signature: ________________   Date: 04/02/2026\n";

static const struct {
	const char *field;
	policy_type type;
} fields[] = {
	{ "business name", POLICY_TYPE_TEXT },
	{ "requested amount", POLICY_TYPE_MONEY },
	{ "business start date", POLICY_TYPE_DATE },
	{ "annual revenue", POLICY_TYPE_MONEY },
	{ "net operating income", POLICY_TYPE_MONEY },
	{ "debt service coverage ratio", POLICY_TYPE_RATIO },
	{ "employee count", POLICY_TYPE_COUNT },
	{ "owner credit score", POLICY_TYPE_NUMBER },
	{ "low-to-moderate income census tract", POLICY_TYPE_BOOLEAN },
	{ "percent owned by the applicant", POLICY_TYPE_PERCENT },
};
enum { NFIELDS = sizeof fields / sizeof fields[0] };

typedef struct bench {
	policy_case *c;
	mem m;
	buf reply;
	size_t found;
	builtin_field *prepared[NFIELDS]; /* as a plan keeps them */
} bench;

static void find_all(bench *b, bool prepared)
{
	b->found = 0;
	for (size_t i = 0; i < NFIELDS; i++) {
		b->reply.len = 0;
		if (prepared ? !builtin_extract_field(b->c, "loan application", b->prepared[i], false,
		                                      0, &b->reply)
		             : !builtin_extract(b->c, "loan application", fields[i].field,
		                                fields[i].type, false, 0, &b->reply)) {
			fprintf(stderr, "labels: out of memory\n");
			exit(1);
		}
		b->found += b->reply.len > 9 && !memcmp(b->reply.data, "{\"value\":", 9);
	}
}

__attribute__((noinline)) static void page_indexed(void *ctx)
{
	bench *b = ctx;
	arena a;
	arena_init(&a, &b->m);
	case_doc *d = &b->c->docs[0];
	if (!builtin_index(&a, d, NULL)) {
		fprintf(stderr, "labels: out of memory\n");
		exit(1);
	}
	find_all(b, true);
	d->labels = NULL;
	d->nlabels = 0;
	d->type_words = NULL;
	arena_release(&a);
}

__attribute__((noinline)) static void page_line_by_line(void *ctx)
{
	find_all(ctx, false);
}

static bool prepare_fields(arena *a, builtin_field **out)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (!builtin_field_make(a, fields[i].field, fields[i].type, &out[i]))
			return false;
	return true;
}

__attribute__((noinline)) static void plan_fields(void *ctx)
{
	bench *b = ctx;
	builtin_field *f[NFIELDS];
	arena a;
	arena_init(&a, &b->m);
	if (!prepare_fields(&a, f)) {
		fprintf(stderr, "labels: out of memory\n");
		exit(1);
	}
	b->found = NFIELDS;
	arena_release(&a);
}

static policy_case *long_form;

__attribute__((noinline)) static void long_form_line_by_line(void *ctx)
{
	bench *b = ctx;
	b->reply.len = 0;
	if (!builtin_extract(long_form, "claim form", "claimed amount", POLICY_TYPE_MONEY, false, 0,
	                     &b->reply)) {
		fprintf(stderr, "labels: out of memory\n");
		exit(1);
	}
	b->found = b->reply.len > 9 && !memcmp(b->reply.data, "{\"value\":", 9);
}

static policy_case *make_long_form(void)
{
	size_t cap = 1 << 20, n = 0;
	char *doc = malloc(cap);
	for (unsigned i = 0; i < 12500; i++)
		n += (size_t)snprintf(doc + n, cap - n, "Remark %u: the adjuster called on day %u.\n",
		                      i, i);
	n += (size_t)snprintf(doc + n, cap - n, "Claimed Amount: $72,400.00\n");
	policy_case *c = NULL;
	if (policy_case_new(NULL, &c) != POLICY_OK ||
	    policy_case_add_document(c, "claim form", doc, n) != POLICY_OK)
		exit(1);
	free(doc);
	return c;
}

int main(int argc, char **argv)
{
	bench b;
	if (policy_case_new(NULL, &b.c) != POLICY_OK ||
	    policy_case_add_document(b.c, "loan application", page, sizeof page - 1) != POLICY_OK)
		return 1;
	b.m = mem_from(NULL);
	buf_init(&b.reply, &b.m);
	arena fields_a;
	arena_init(&fields_a, &b.m);
	if (!prepare_fields(&fields_a, b.prepared))
		return 1;
	long_form = make_long_form();
	static const struct {
		const char *name;
		void (*op)(void *);
		int fields;
	} modes[] = { { "indexed", page_indexed, NFIELDS },
		      { "line by line", page_line_by_line, NFIELDS },
		      { "long form", long_form_line_by_line, 1 },
		      { "plan fields", plan_fields, NFIELDS } };

	if (argc == 3 && !strcmp(argv[1], "--calls")) {
		long n = atol(argv[2]);
		for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
			for (long i = 0; i < n; i++)
				modes[m].op(&b);
		buf_release(&b.reply);
		arena_release(&fields_a);
		policy_case_free(b.c);
		policy_case_free(long_form);
		return 0;
	}
	printf("libpolicy %s: the built-in extractor, %d fields of a %zu-byte page, "
	       "median of batches\n\n", policy_version(), (int)NFIELDS, sizeof page - 1);
	printf("%-14s %12s %12s %8s\n", "mode", "ns/form", "ns/field", "found");
	for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
		modes[m].op(&b);
		size_t found = b.found;
		double ns = measure(modes[m].op, &b);
		printf("%-14s %12.0f %12.0f %5zu/%d\n", modes[m].name, ns, ns / modes[m].fields, found,
		       modes[m].fields);
	}
	buf_release(&b.reply);
	arena_release(&fields_a);
	policy_case_free(b.c);
	policy_case_free(long_form);
	return 0;
}
