/*
 * Error objects and their rendering (see error.h).
 */
#include "base/error.h"
#include "base/text.h"

#include <stdio.h>
#include <string.h>

policy_error error_nomem = {
	.code = POLICY_ERR_NOMEM,
	.is_static = true,
};

static const char nomem_message[] = "out of memory";

policy_error *error_new(const mem *m, policy_status code)
{
	policy_error *e = mem_calloc(m, 1, sizeof *e);
	if (!e)
		return &error_nomem;
	e->m = *m;
	e->code = code;
	return e;
}

static char *vformat(const mem *m, const char *fmt, va_list ap)
{
	buf b;
	buf_init(&b, m);
	buf_vprintf(&b, fmt, ap);
	if (buf_failed(&b)) {
		buf_release(&b);
		return NULL;
	}
	if (!b.data)
		return mem_strndup(m, "", 0);
	return b.data; /* the buf's storage becomes the message */
}

static bool error_vadd(policy_error *e, policy_severity sev, unsigned line, unsigned column,
                       unsigned length, const char *hint, const char *fmt, va_list ap)
{
	if (e->is_static)
		return false;
	if (e->count == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 4;
		diagnostic *d = mem_realloc(&e->m, e->diags, cap * sizeof *d);
		if (!d)
			return false;
		e->diags = d;
		e->cap = cap;
	}
	char *msg = vformat(&e->m, fmt, ap);
	char *h = hint ? mem_strndup(&e->m, hint, strlen(hint)) : NULL;
	if (!msg || (hint && !h)) {
		mem_free(&e->m, msg);
		mem_free(&e->m, h);
		return false;
	}
	diagnostic *d = &e->diags[e->count++];
	d->severity = sev;
	d->line = line;
	d->column = column;
	d->length = length;
	d->message = msg;
	d->hint = h;
	return true;
}

bool error_add(policy_error *e, policy_severity sev, unsigned line, unsigned column,
               unsigned length, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool ok = error_vadd(e, sev, line, column, length, hint, fmt, ap);
	va_end(ap);
	return ok;
}

void error_truncate(policy_error *e, size_t count)
{
	while (!e->is_static && e->count > count) {
		e->count--;
		mem_free(&e->m, e->diags[e->count].message);
		mem_free(&e->m, e->diags[e->count].hint);
	}
}

size_t error_count_severity(const policy_error *e, policy_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < e->count; i++)
		n += e->diags[i].severity == sev;
	return n;
}

policy_status error_set(policy_error **err, const mem *m, policy_status code, unsigned line,
                        unsigned column, const char *fmt, ...)
{
	if (!err)
		return code;
	if (code == POLICY_ERR_NOMEM) {
		*err = &error_nomem;
		return code;
	}
	policy_error *e = error_new(m, code);
	if (e->is_static) {
		*err = e;
		return code;
	}
	va_list ap;
	va_start(ap, fmt);
	bool ok = error_vadd(e, POLICY_SEVERITY_ERROR, line, column, 0, NULL, fmt, ap);
	va_end(ap);
	if (!ok) {
		policy_error_free(e);
		e = &error_nomem;
	}
	*err = e;
	return code;
}

/* ---- public accessors ---- */

/* The status's enumerator as written in policy.h, for logs and bindings. */
const char *policy_status_name(policy_status status)
{
	switch (status) {
	case POLICY_OK: return "POLICY_OK";
	case POLICY_ERR_NOMEM: return "POLICY_ERR_NOMEM";
	case POLICY_ERR_ARGUMENT: return "POLICY_ERR_ARGUMENT";
	case POLICY_ERR_COMPILE: return "POLICY_ERR_COMPILE";
	case POLICY_ERR_LIMIT: return "POLICY_ERR_LIMIT";
	case POLICY_ERR_PLAN: return "POLICY_ERR_PLAN";
	case POLICY_ERR_HASH: return "POLICY_ERR_HASH";
	case POLICY_ERR_BUDGET: return "POLICY_ERR_BUDGET";
	case POLICY_ERR_STATE: return "POLICY_ERR_STATE";
	case POLICY_ERR_CALLBACK: return "POLICY_ERR_CALLBACK";
	case POLICY_ERR_TRAIL: return "POLICY_ERR_TRAIL";
	case POLICY_ERR_CHAIN: return "POLICY_ERR_CHAIN";
	case POLICY_ERR_MISMATCH: return "POLICY_ERR_MISMATCH";
	case POLICY_ERR_NOT_FOUND: return "POLICY_ERR_NOT_FOUND";
	}
	return "POLICY_ERR_UNKNOWN";
}

policy_status policy_error_code(const policy_error *err)
{
	return err ? err->code : POLICY_OK;
}

/* The diagnostic the single-error accessors describe: the first error, or
 * the first diagnostic of a warnings-only report. */
static const diagnostic *primary(const policy_error *err)
{
	if (!err || err->count == 0)
		return NULL;
	for (size_t i = 0; i < err->count; i++)
		if (err->diags[i].severity == POLICY_SEVERITY_ERROR)
			return &err->diags[i];
	return &err->diags[0];
}

const char *policy_error_message(const policy_error *err)
{
	const diagnostic *d = primary(err);
	if (d)
		return d->message;
	if (err && err->code == POLICY_ERR_NOMEM)
		return nomem_message;
	return err ? policy_status_name(err->code) : "";
}

unsigned policy_error_line(const policy_error *err)
{
	const diagnostic *d = primary(err);
	return d ? d->line : 0;
}

unsigned policy_error_column(const policy_error *err)
{
	const diagnostic *d = primary(err);
	return d ? d->column : 0;
}

const char *policy_error_hint(const policy_error *err)
{
	const diagnostic *d = primary(err);
	return d ? d->hint : NULL;
}

size_t policy_error_diagnostic_count(const policy_error *err)
{
	return err ? err->count : 0;
}

static const diagnostic *diag_at(const policy_error *err, size_t i)
{
	return err && i < err->count ? &err->diags[i] : NULL;
}

policy_severity policy_error_diagnostic_severity(const policy_error *err, size_t i)
{
	const diagnostic *d = diag_at(err, i);
	return d ? d->severity : POLICY_SEVERITY_ERROR;
}

const char *policy_error_diagnostic_message(const policy_error *err, size_t i)
{
	const diagnostic *d = diag_at(err, i);
	return d ? d->message : NULL;
}

const char *policy_error_diagnostic_hint(const policy_error *err, size_t i)
{
	const diagnostic *d = diag_at(err, i);
	return d ? d->hint : NULL;
}

unsigned policy_error_diagnostic_line(const policy_error *err, size_t i)
{
	const diagnostic *d = diag_at(err, i);
	return d ? d->line : 0;
}

unsigned policy_error_diagnostic_column(const policy_error *err, size_t i)
{
	const diagnostic *d = diag_at(err, i);
	return d ? d->column : 0;
}

void policy_error_free(policy_error *err)
{
	if (!err || err->is_static)
		return;
	for (size_t i = 0; i < err->count; i++) {
		mem_free(&err->m, err->diags[i].message);
		mem_free(&err->m, err->diags[i].hint);
	}
	mem_free(&err->m, err->diags);
	mem m = err->m;
	mem_free(&m, err);
}

/* ---- rendering ---- */

/* The byte range of 1-based line `line` in `src`. */
static bool find_line(const char *src, size_t len, unsigned line, size_t *start, size_t *end)
{
	size_t pos = 0;
	for (unsigned l = 1; l < line; l++) {
		const char *nl = memchr(src + pos, '\n', len - pos);
		if (!nl)
			return false;
		pos = (size_t)(nl - src) + 1;
	}
	if (pos > len)
		return false;
	const char *nl = memchr(src + pos, '\n', len - pos);
	size_t e = nl ? (size_t)(nl - src) : len;
	if (e > pos && src[e - 1] == '\r')
		e--;
	*start = pos;
	*end = e;
	return true;
}

/* Columns count characters, not bytes, so the caret lands under the right
 * character in any terminal that shows one cell per character. */
static void render_excerpt(buf *b, const diagnostic *d, const char *src, size_t len)
{
	size_t s, e;
	if (!src || d->line == 0 || !find_line(src, len, d->line, &s, &e))
		return;
	/* Columns are counted in the text the lexer read, without a BOM. */
	if (s == 0 && e >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		s = 3;
	int width = snprintf(NULL, 0, "%u", d->line);
	buf_printf(b, " %u | ", d->line);
	/* The source may be what was wrong (a NUL byte, invalid UTF-8, control
	 * characters): echo those as U+FFFD so the report stays one valid
	 * UTF-8 string, without embedded NULs, that terminals and bindings can
	 * print. Each stand-in is one column, like the byte it replaces. */
	for (size_t i = s; i < e;) {
		unsigned char c = (unsigned char)src[i];
		size_t n = c < 0x80 ? 1 : text_utf8_len(src + i, e - i);
		if (c == '\t')
			buf_putc(b, ' ');
		else if (n == 0 || c < 0x20 || c == 0x7F)
			buf_puts(b, "\xEF\xBF\xBD");
		else
			buf_append(b, src + i, n);
		i += n ? n : 1;
	}
	buf_putc(b, '\n');
	buf_printf(b, " %*s | ", width, "");
	unsigned col = 1;
	for (size_t i = s; i < e && col < d->column;) {
		size_t n = text_utf8_len(src + i, e - i);
		buf_putc(b, ' ');
		col++;
		i += n ? n : 1;
	}
	buf_putc(b, '^');
	for (unsigned i = 1; i < d->length; i++)
		buf_putc(b, '~');
	buf_putc(b, '\n');
}

policy_status policy_error_render(const policy_error *err, const char *filename,
                                  const char *source, size_t source_len, char **out,
                                  size_t *out_len)
{
	if (!err || !out)
		return POLICY_ERR_ARGUMENT;
	mem m = err->is_static ? mem_from(NULL) : err->m;
	buf b;
	buf_init(&b, &m);
	const char *name = filename ? filename : "policy";
	if (err->count == 0)
		buf_printf(&b, "%s: error: %s\n", name, policy_error_message(err));
	for (size_t i = 0; i < err->count; i++) {
		const diagnostic *d = &err->diags[i];
		const char *sev = d->severity == POLICY_SEVERITY_ERROR ? "error" : "warning";
		if (d->line)
			buf_printf(&b, "%s:%u:%u: %s: %s\n", name, d->line, d->column, sev, d->message);
		else
			buf_printf(&b, "%s: %s: %s\n", name, sev, d->message);
		render_excerpt(&b, d, source, source_len);
		if (d->hint)
			buf_printf(&b, "hint: %s\n", d->hint);
	}
	policy_status st = buf_export(&b, out, out_len);
	buf_release(&b);
	return st;
}
