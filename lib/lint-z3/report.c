/*
 * The lint report: an ordered list of findings, each with its clauses
 * (steps, line:col) and its witness case, plus the accessors of
 * policy_lint.h and the report's JSON.
 *
 * The report is built with malloc and never half-built: an allocation that
 * fails marks the report, and the analysis returns POLICY_ERR_NOMEM
 * instead of a report with pieces missing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"

static const char *const kind_names[] = {
	"gap", "conflict", "dead_rule", "shadowed_rule", "always_true", "always_false",
	"unused_input", "duplicate_threshold", "overlapping_bands", "decision_changed",
};

const char *policy_lint_kind_name(policy_lint_kind kind)
{
	return (unsigned)kind < sizeof kind_names / sizeof kind_names[0] ? kind_names[kind] : NULL;
}

policy_lint_report *rep_new(void)
{
	return calloc(1, sizeof(policy_lint_report));
}

char *rep_strdup(policy_lint_report *r, const char *s)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		r->nomem = true;
	return d;
}

static char *vformat(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *rep_printf(policy_lint_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vformat(fmt, ap);
	va_end(ap);
	if (!s)
		r->nomem = true;
	return s;
}

void lint_set_message(char **message, const char *fmt, ...)
{
	if (!message)
		return;
	va_list ap;
	va_start(ap, fmt);
	*message = vformat(fmt, ap);
	va_end(ap);
}

lint_finding *rep_add(policy_lint_report *r, policy_lint_kind kind, policy_severity sev)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		lint_finding *f = realloc(r->f, cap * sizeof *f);
		if (!f) {
			r->nomem = true;
			return NULL;
		}
		r->f = f;
		r->cap = cap;
	}
	lint_finding *f = &r->f[r->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->severity = sev;
	return f;
}

void rep_clause(policy_lint_report *r, lint_finding *f, const char *step, const char *text,
                unsigned line, unsigned column)
{
	lint_clause *c = realloc(f->clauses, (f->nclauses + 1) * sizeof *c);
	if (!c) {
		r->nomem = true;
		return;
	}
	f->clauses = c;
	c[f->nclauses].step = rep_strdup(r, step ? step : "");
	c[f->nclauses].text = rep_strdup(r, text ? text : "");
	c[f->nclauses].line = line;
	c[f->nclauses].column = column;
	f->nclauses++;
}

void rep_doc(policy_lint_report *r, lint_finding *f, const char *type, const char *text)
{
	lint_doc *d = realloc(f->docs, (f->ndocs + 1) * sizeof *d);
	if (!d) {
		r->nomem = true;
		return;
	}
	f->docs = d;
	d[f->ndocs].type = rep_strdup(r, type);
	d[f->ndocs].text = rep_strdup(r, text);
	f->ndocs++;
}

static unsigned first_line(const lint_finding *f)
{
	return f->nclauses ? f->clauses[0].line : 0;
}

static int by_kind_line(const void *a, const void *b)
{
	const lint_finding *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	unsigned lx = first_line(x), ly = first_line(y);
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x->message ? x->message : "", y->message ? y->message : "");
}

void rep_sort(policy_lint_report *r)
{
	if (r->n > 1)
		qsort(r->f, r->n, sizeof *r->f, by_kind_line);
}

void policy_lint_free(void *string)
{
	free(string);
}

void policy_lint_report_free(policy_lint_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		lint_finding *f = &r->f[i];
		free(f->message);
		for (size_t j = 0; j < f->nclauses; j++) {
			free(f->clauses[j].step);
			free(f->clauses[j].text);
		}
		free(f->clauses);
		for (size_t j = 0; j < f->ndocs; j++) {
			free(f->docs[j].type);
			free(f->docs[j].text);
		}
		free(f->docs);
		free(f->facts);
		free(f->answers);
		free(f->expect);
	}
	free(r->f);
	free(r);
}

static const lint_finding *at(const policy_lint_report *r, size_t i)
{
	return r && i < r->n ? &r->f[i] : NULL;
}

static const lint_clause *clause_at(const policy_lint_report *r, size_t i, size_t j)
{
	const lint_finding *f = at(r, i);
	return f && j < f->nclauses ? &f->clauses[j] : NULL;
}

size_t policy_lint_count(const policy_lint_report *r)
{
	return r ? r->n : 0;
}

size_t policy_lint_report_inconclusive(const policy_lint_report *r)
{
	return r ? r->inconclusive : 0;
}

policy_lint_kind policy_lint_finding_kind(const policy_lint_report *r, size_t i)
{
	const lint_finding *f = at(r, i);
	return f ? f->kind : POLICY_LINT_GAP;
}

policy_severity policy_lint_finding_severity(const policy_lint_report *r, size_t i)
{
	const lint_finding *f = at(r, i);
	return f ? f->severity : POLICY_SEVERITY_ERROR;
}

const char *policy_lint_finding_message(const policy_lint_report *r, size_t i)
{
	const lint_finding *f = at(r, i);
	return f ? f->message : NULL;
}

size_t policy_lint_clause_count(const policy_lint_report *r, size_t i)
{
	const lint_finding *f = at(r, i);
	return f ? f->nclauses : 0;
}

const char *policy_lint_clause_step(const policy_lint_report *r, size_t i, size_t j)
{
	const lint_clause *c = clause_at(r, i, j);
	return c ? c->step : NULL;
}

const char *policy_lint_clause_text(const policy_lint_report *r, size_t i, size_t j)
{
	const lint_clause *c = clause_at(r, i, j);
	return c ? c->text : NULL;
}

unsigned policy_lint_clause_line(const policy_lint_report *r, size_t i, size_t j)
{
	const lint_clause *c = clause_at(r, i, j);
	return c ? c->line : 0;
}

unsigned policy_lint_clause_column(const policy_lint_report *r, size_t i, size_t j)
{
	const lint_clause *c = clause_at(r, i, j);
	return c ? c->column : 0;
}

int policy_lint_has_witness(const policy_lint_report *r, size_t i)
{
	const lint_finding *f = at(r, i);
	return f && f->has_witness;
}

int policy_lint_finding_verified(const policy_lint_report *r, size_t i)
{
	const lint_finding *f = at(r, i);
	return f && f->has_witness && f->verified;
}

size_t policy_lint_witness_document_count(const policy_lint_report *r, size_t i)
{
	const lint_finding *f = at(r, i);
	return f ? f->ndocs : 0;
}

const char *policy_lint_witness_document_type(const policy_lint_report *r, size_t i, size_t j)
{
	const lint_finding *f = at(r, i);
	return f && j < f->ndocs ? f->docs[j].type : NULL;
}

const char *policy_lint_witness_document_text(const policy_lint_report *r, size_t i, size_t j)
{
	const lint_finding *f = at(r, i);
	return f && j < f->ndocs ? f->docs[j].text : NULL;
}

const char *policy_lint_witness_facts_json(const policy_lint_report *r, size_t i)
{
	const lint_finding *f = at(r, i);
	return f ? f->facts : NULL;
}

const char *policy_lint_witness_model_answers(const policy_lint_report *r, size_t i)
{
	const lint_finding *f = at(r, i);
	return f ? f->answers : NULL;
}

const char *policy_lint_witness_expect_json(const policy_lint_report *r, size_t i)
{
	const lint_finding *f = at(r, i);
	return f ? f->expect : NULL;
}

/* cJSON allocates through its process-wide hooks; the report's JSON is a
 * string the caller frees with policy_lint_free, so it is copied out. */
static cJSON *finding_json(const lint_finding *f)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "kind", policy_lint_kind_name(f->kind));
	cJSON_AddStringToObject(o, "severity",
	                        f->severity == POLICY_SEVERITY_ERROR ? "error" : "warning");
	cJSON_AddStringToObject(o, "message", f->message ? f->message : "");
	cJSON *cl = cJSON_AddArrayToObject(o, "clauses");
	for (size_t j = 0; cl && j < f->nclauses; j++) {
		cJSON *c = cJSON_CreateObject();
		if (!c || !cJSON_AddItemToArray(cl, c)) {
			cJSON_Delete(c);
			cJSON_Delete(o);
			return NULL;
		}
		cJSON_AddStringToObject(c, "step", f->clauses[j].step);
		cJSON_AddNumberToObject(c, "line", f->clauses[j].line);
		cJSON_AddNumberToObject(c, "column", f->clauses[j].column);
		cJSON_AddStringToObject(c, "text", f->clauses[j].text);
	}
	if (!f->has_witness) {
		cJSON_AddNullToObject(o, "witness");
	} else {
		cJSON *w = cJSON_AddObjectToObject(o, "witness");
		cJSON *docs = w ? cJSON_AddArrayToObject(w, "documents") : NULL;
		for (size_t j = 0; docs && j < f->ndocs; j++) {
			cJSON *d = cJSON_CreateObject();
			if (!d || !cJSON_AddItemToArray(docs, d)) {
				cJSON_Delete(d);
				break;
			}
			cJSON_AddStringToObject(d, "type", f->docs[j].type);
			cJSON_AddStringToObject(d, "text", f->docs[j].text);
		}
		if (w) {
			cJSON *facts = f->facts ? cJSON_Parse(f->facts) : cJSON_CreateObject();
			if (facts)
				cJSON_AddItemToObject(w, "facts", facts);
			cJSON *expect = f->expect ? cJSON_Parse(f->expect) : cJSON_CreateNull();
			if (expect)
				cJSON_AddItemToObject(w, "expect", expect);
			if (f->answers)
				cJSON_AddStringToObject(w, "model_answers", f->answers);
		}
	}
	cJSON_AddBoolToObject(o, "verified", f->has_witness && f->verified);
	return o;
}

policy_status policy_lint_report_json(const policy_lint_report *r, char **json, size_t *len)
{
	if (!r || !json)
		return POLICY_ERR_ARGUMENT;
	*json = NULL;
	cJSON *root = cJSON_CreateObject();
	cJSON *arr = root ? cJSON_AddArrayToObject(root, "findings") : NULL;
	bool ok = arr != NULL;
	for (size_t i = 0; ok && i < r->n; i++) {
		cJSON *o = finding_json(&r->f[i]);
		ok = o && cJSON_AddItemToArray(arr, o);
		if (!ok)
			cJSON_Delete(o);
	}
	ok = ok && cJSON_AddNumberToObject(root, "inconclusive", (double)r->inconclusive);
	char *text = ok ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	if (!text)
		return POLICY_ERR_NOMEM;
	size_t n = strlen(text);
	char *out = malloc(n + 2);
	if (out) {
		memcpy(out, text, n);
		out[n] = '\n';
		out[n + 1] = '\0';
	}
	cJSON_free(text);
	if (!out)
		return POLICY_ERR_NOMEM;
	*json = out;
	if (len)
		*len = n + 1;
	return POLICY_OK;
}
