/*
 * Encoding a plan for Z3: inputs as leaves, expressions as three-valued
 * formulas, the decision as "complete" and "fires" formulas.
 *
 * The encoding follows lib/eval.c and lib/exec.c case by case, because a
 * witness must reproduce with `policy run`:
 *
 *  - a comparison over a missing value is unknown (true and false both
 *    unsatisfied); over a value the policy says may be absent, and is
 *    absent, it is false;
 *  - "and" is false when one side is false, true when all are true; "or"
 *    the dual; "not" swaps;
 *  - a check's output is true where its guard is false or its condition
 *    true, false where its guard is true and its condition false; a
 *    requirement likewise with "enough documents";
 *  - an action fires when its guard is true; the decision is complete when
 *    no action, and no check or requirement that no action reads, is
 *    undecided.
 *
 * Exactness: money is cents (an Int), other decimals ten-thousandths, so
 * every witness value can be written on a form; products and quotients
 * that make money are rounded half-even to the cent as lib/eval.c does.
 * Dates are day numbers; whole months and years between dates use the
 * (year, month, day) of date inputs, with days of the month kept at 28 or
 * less so no month-end clamping arises. What is not encoded exactly
 * (lists of values from several documents, rounding operators, averages)
 * becomes a free value: the solver may then find a witness the executor
 * does not reproduce, which the witness check catches (docs/lint.md).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"

#define NUM_SCALE 10000
#define DATE_MIN_YEAR 1970
#define DATE_MAX_YEAR 2099
#define DOCS_MAX 5

static void on_z3_error(Z3_context c, Z3_error_code e)
{
	(void)c;
	(void)e; /* checked where it matters: a NULL ast becomes "unknown" */
}

static bool push_axiom(world *w, Z3_ast a)
{
	if (!a)
		return false;
	if (w->naxioms == w->capaxioms) {
		size_t cap = w->capaxioms ? w->capaxioms * 2 : 32;
		Z3_ast *n = realloc(w->axioms, cap * sizeof *n);
		if (!n) {
			w->nomem = true;
			return false;
		}
		w->axioms = n;
		w->capaxioms = cap;
	}
	w->axioms[w->naxioms++] = a;
	return true;
}

bool enc_world_init(world *w, unsigned timeout_ms)
{
	memset(w, 0, sizeof *w);
	Z3_config cfg = Z3_mk_config();
	if (!cfg)
		return false;
	Z3_set_param_value(cfg, "model", "true");
	/* The solver's own timeout is not honoured by every tactic (non-linear
	 * arithmetic); the context's is. */
	char ms[32];
	snprintf(ms, sizeof ms, "%u", timeout_ms ? timeout_ms : 5000);
	Z3_set_param_value(cfg, "timeout", ms);
	w->z = Z3_mk_context(cfg);
	Z3_del_config(cfg);
	if (!w->z)
		return false;
	Z3_set_error_handler(w->z, on_z3_error);
	return true;
}

void enc_world_free(world *w)
{
	for (size_t i = 0; i < w->nleaves; i++)
		free(w->leaves[i].key);
	free(w->leaves);
	for (size_t i = 0; i < w->ndocs; i++) {
		free(w->docs[i].type);
		free(w->docs[i].key);
	}
	free(w->docs);
	for (size_t i = 0; i < w->ntexts; i++)
		free(w->texts[i]);
	free(w->texts);
	free(w->axioms);
	if (w->z)
		Z3_del_context(w->z);
	memset(w, 0, sizeof *w);
}

/* ---- small constructors ---- */

static Z3_sort s_bool(world *w) { return Z3_mk_bool_sort(w->z); }
static Z3_sort s_int(world *w) { return Z3_mk_int_sort(w->z); }
static Z3_sort s_real(world *w) { return Z3_mk_real_sort(w->z); }

Z3_ast enc_true(world *w) { return Z3_mk_true(w->z); }
static Z3_ast f_false(world *w) { return Z3_mk_false(w->z); }

Z3_ast enc_and2(world *w, Z3_ast a, Z3_ast b)
{
	Z3_ast args[2] = { a, b };
	return Z3_mk_and(w->z, 2, args);
}

Z3_ast enc_or2(world *w, Z3_ast a, Z3_ast b)
{
	Z3_ast args[2] = { a, b };
	return Z3_mk_or(w->z, 2, args);
}

Z3_ast enc_not(world *w, Z3_ast a) { return Z3_mk_not(w->z, a); }

static Z3_ast i64(world *w, int64_t v) { return Z3_mk_int64(w->z, v, s_int(w)); }

static Z3_ast fresh(world *w, Z3_sort s, const char *what)
{
	char name[64];
	snprintf(name, sizeof name, "%s!%u", what, w->fresh++);
	return Z3_mk_const(w->z, Z3_mk_string_symbol(w->z, name), s);
}

static Z3_ast add2(world *w, Z3_ast a, Z3_ast b)
{
	Z3_ast args[2] = { a, b };
	return Z3_mk_add(w->z, 2, args);
}

static Z3_ast sub2(world *w, Z3_ast a, Z3_ast b)
{
	Z3_ast args[2] = { a, b };
	return Z3_mk_sub(w->z, 2, args);
}

static Z3_ast mul2(world *w, Z3_ast a, Z3_ast b)
{
	Z3_ast args[2] = { a, b };
	return Z3_mk_mul(w->z, 2, args);
}

static enc e_bool(Z3_ast t, Z3_ast f)
{
	enc e = { .sort = S_BOOL, .t = t, .f = f };
	return e;
}

static enc e_val(enc_sort s, Z3_ast known, Z3_ast val)
{
	enc e = { .sort = s, .known = known, .val = val };
	return e;
}

/* A construct the encoding does not model exactly: a free value. */
static enc e_free(world *w, enc_sort s)
{
	w->approx++;
	if (s == S_BOOL)
		return e_bool(fresh(w, s_bool(w), "t"), fresh(w, s_bool(w), "f"));
	Z3_ast k = fresh(w, s_bool(w), "k");
	Z3_ast v = fresh(w, s == S_NUM ? s_real(w) : s_int(w), "v");
	return e_val(s == S_NONE ? S_NUM : s, k, v);
}

Z3_ast enc_is_true(world *w, enc e)
{
	if (e.sort == S_BOOL)
		return e.t;
	(void)w;
	return e.known; /* not a condition: never reached for well-typed plans */
}

Z3_ast enc_is_false(world *w, enc e)
{
	return e.sort == S_BOOL ? e.f : f_false(w);
}

Z3_ast enc_known(world *w, enc e)
{
	return e.sort == S_BOOL ? enc_or2(w, e.t, e.f) : e.known;
}

/* ---- interned text ---- */

static int64_t intern(world *w, const char *s)
{
	char tmp[512];
	size_t n = 0;
	for (const char *p = s ? s : ""; *p && n + 1 < sizeof tmp; p++)
		tmp[n++] = (char)tolower((unsigned char)*p);
	tmp[n] = '\0';
	for (size_t i = 0; i < w->ntexts; i++)
		if (!strcmp(w->texts[i], tmp))
			return (int64_t)i + 1;
	if (w->ntexts == w->captexts) {
		size_t cap = w->captexts ? w->captexts * 2 : 16;
		char **t = realloc(w->texts, cap * sizeof *t);
		if (!t) {
			w->nomem = true;
			return 0;
		}
		w->texts = t;
		w->captexts = cap;
	}
	w->texts[w->ntexts] = strdup(tmp);
	if (!w->texts[w->ntexts]) {
		w->nomem = true;
		return 0;
	}
	return (int64_t)++w->ntexts;
}

const char *enc_text(const world *w, int64_t id)
{
	return id >= 1 && (size_t)id <= w->ntexts ? w->texts[id - 1] : NULL;
}

/* ---- documents ---- */

/* Document types as words, plural "s" dropped: "Appraisals" and
 * "appraisal" are one type, as lib/words.c's keys make them. */
static char *doc_key(const char *type)
{
	size_t n = strlen(type ? type : "");
	char *k = malloc(n + 1), *o = k;
	if (!k)
		return NULL;
	const char *p = type ? type : "";
	while (*p) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		const char *wd = p;
		while (*p && isalnum((unsigned char)*p))
			p++;
		size_t wl = (size_t)(p - wd);
		if (!wl)
			break;
		if (wl > 3 && (wd[wl - 1] | 0x20) == 's' && (wd[wl - 2] | 0x20) != 's')
			wl--;
		if (o != k)
			*o++ = ' ';
		for (size_t i = 0; i < wl; i++)
			*o++ = (char)tolower((unsigned char)wd[i]);
	}
	*o = '\0';
	return k;
}

static docvar *doc_var(world *w, const char *type)
{
	char *key = doc_key(type);
	if (!key) {
		w->nomem = true;
		return NULL;
	}
	for (size_t i = 0; i < w->ndocs; i++)
		if (!strcmp(w->docs[i].key, key)) {
			free(key);
			return &w->docs[i];
		}
	if (w->ndocs == w->capdocs) {
		size_t cap = w->capdocs ? w->capdocs * 2 : 8;
		docvar *d = realloc(w->docs, cap * sizeof *d);
		if (!d) {
			free(key);
			w->nomem = true;
			return NULL;
		}
		w->docs = d;
		w->capdocs = cap;
	}
	docvar *d = &w->docs[w->ndocs];
	d->key = key;
	d->type = strdup(type);
	char name[300];
	snprintf(name, sizeof name, "docs:%s", key);
	d->n = Z3_mk_const(w->z, Z3_mk_string_symbol(w->z, name), s_int(w));
	if (!d->type) {
		free(key);
		w->nomem = true;
		return NULL;
	}
	w->ndocs++;
	push_axiom(w, Z3_mk_ge(w->z, d->n, i64(w, 0)));
	push_axiom(w, Z3_mk_le(w->z, d->n, i64(w, DOCS_MAX)));
	return d;
}

static bool word_in(const char *word, size_t wl, const char *key)
{
	const char *p = key;
	while (*p) {
		size_t l = strcspn(p, " ");
		if (l == wl && !strncmp(p, word, wl))
			return true;
		p += l;
		while (*p == ' ')
			p++;
	}
	return false;
}

static const char *last_word(const char *key)
{
	const char *sp = strrchr(key, ' ');
	return sp ? sp + 1 : key;
}

/* Does a document of type `have` count for a requirement naming `want`
 * ("appraisal" for "three independent appraisals")? */
static bool doc_subsumed(const char *have, const char *want)
{
	if (strcmp(last_word(have), last_word(want)))
		return false;
	const char *p = have;
	while (*p) {
		size_t l = strcspn(p, " ");
		if (!word_in(p, l, want))
			return false;
		p += l;
		while (*p == ' ')
			p++;
	}
	return true;
}

/* lib/eval.c's count_documents: documents of the type itself, else of
 * types it describes more closely. */
static Z3_ast doc_count(world *w, const char *type)
{
	docvar *d = doc_var(w, type);
	if (!d)
		return i64(w, 0);
	Z3_ast sub = i64(w, 0);
	for (size_t i = 0; i < w->ndocs; i++)
		if (&w->docs[i] != d && doc_subsumed(w->docs[i].key, d->key))
			sub = add2(w, sub, w->docs[i].n);
	return Z3_mk_ite(w->z, Z3_mk_gt(w->z, d->n, i64(w, 0)), d->n, sub);
}

/* ---- dates ---- */

/* Day number of (y, m, d) for y in the domain (era 4 or 5). */
static Z3_ast days_expr(world *w, Z3_ast y, Z3_ast m, Z3_ast d)
{
	Z3_context z = w->z;
	Z3_ast early = Z3_mk_le(z, m, i64(w, 2));
	Z3_ast yy = Z3_mk_ite(z, early, sub2(w, y, i64(w, 1)), y);
	Z3_ast era = Z3_mk_div(z, yy, i64(w, 400));
	Z3_ast yoe = sub2(w, yy, mul2(w, era, i64(w, 400)));
	Z3_ast mp = Z3_mk_ite(z, early, add2(w, m, i64(w, 9)), sub2(w, m, i64(w, 3)));
	Z3_ast doy = add2(w, Z3_mk_div(z, add2(w, mul2(w, i64(w, 153), mp), i64(w, 2)), i64(w, 5)),
	                  sub2(w, d, i64(w, 1)));
	Z3_ast doe = add2(w, mul2(w, yoe, i64(w, 365)),
	                  sub2(w, Z3_mk_div(z, yoe, i64(w, 4)), Z3_mk_div(z, yoe, i64(w, 100))));
	doe = add2(w, doe, doy);
	return sub2(w, add2(w, mul2(w, era, i64(w, 146097)), doe), i64(w, 719468));
}

/* (year, month, day) of a date leaf, linked to its day number. */
static bool leaf_ymd(world *w, leaf *l)
{
	if (l->ymd[0])
		return true;
	char name[300];
	static const char *const part[3] = { "y", "m", "d" };
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "%s#%s", l->key, part[i]);
		l->ymd[i] = Z3_mk_const(w->z, Z3_mk_string_symbol(w->z, name), s_int(w));
	}
	push_axiom(w, Z3_mk_ge(w->z, l->ymd[0], i64(w, DATE_MIN_YEAR)));
	push_axiom(w, Z3_mk_le(w->z, l->ymd[0], i64(w, DATE_MAX_YEAR)));
	push_axiom(w, Z3_mk_ge(w->z, l->ymd[1], i64(w, 1)));
	push_axiom(w, Z3_mk_le(w->z, l->ymd[1], i64(w, 12)));
	push_axiom(w, Z3_mk_ge(w->z, l->ymd[2], i64(w, 1)));
	push_axiom(w, Z3_mk_le(w->z, l->ymd[2], i64(w, 28)));
	push_axiom(w, Z3_mk_eq(w->z, l->raw, days_expr(w, l->ymd[0], l->ymd[1], l->ymd[2])));
	return true;
}

/* ---- leaves ---- */

static enc_sort sort_of_type(const char *t)
{
	if (!t)
		return S_NONE;
	if (!strcmp(t, "boolean"))
		return S_BOOL;
	if (!strcmp(t, "date"))
		return S_DATE;
	if (!strcmp(t, "text") || !strcmp(t, "enum"))
		return S_TEXT;
	if (!strcmp(t, "none"))
		return S_NONE;
	return S_NUM;
}

static char *leaf_key(const lp_step *s)
{
	char buf[1024];
	switch (s->kind) {
	case LP_EXTRACT:
		snprintf(buf, sizeof buf, "extract|%s|%s", s->doc ? s->doc : "", s->label ? s->label : "");
		break;
	case LP_LOOKUP:
		snprintf(buf, sizeof buf, "fact|%s", s->label ? s->label : "");
		break;
	default: {
		const char *q = lp_str(s->llm, "question");
		snprintf(buf, sizeof buf, "model|%s|%s", lp_str(s->llm, "answer_key") ? lp_str(s->llm, "answer_key") : "",
		         q ? q : s->id);
		break;
	}
	}
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return strdup(buf);
}

static leaf *get_leaf(world *w, const lp_step *s)
{
	char *key = leaf_key(s);
	if (!key) {
		w->nomem = true;
		return NULL;
	}
	for (size_t i = 0; i < w->nleaves; i++)
		if (!strcmp(w->leaves[i].key, key)) {
			free(key);
			return &w->leaves[i];
		}
	if (w->nleaves == w->capleaves) {
		size_t cap = w->capleaves ? w->capleaves * 2 : 16;
		leaf *n = realloc(w->leaves, cap * sizeof *n);
		if (!n) {
			free(key);
			w->nomem = true;
			return NULL;
		}
		w->leaves = n;
		w->capleaves = cap;
	}
	leaf *l = &w->leaves[w->nleaves++];
	memset(l, 0, sizeof *l);
	l->key = key;
	l->kind = s->kind;
	l->step = s;
	const char *type = s->type ? s->type : "text";
	const char *task = lp_str(s->llm, "task");
	if (s->kind == LP_LLM && task && !strcmp(task, "judge"))
		type = "boolean";
	else if (s->kind == LP_LLM && task && !strcmp(task, "classify"))
		type = "enum";
	l->sort = sort_of_type(type);
	if (l->sort == S_NONE)
		l->sort = S_TEXT;
	l->money = !strcmp(type, "money");
	l->count = !strcmp(type, "count");
	l->duration = !strcmp(type, "duration");
	l->percent = !strcmp(type, "percent");
	l->scale = l->money ? 100 : (l->count || l->duration) ? 1 : NUM_SCALE;
	Z3_context z = w->z;
	char name[1100];
	snprintf(name, sizeof name, "%s#present", key);
	l->present = Z3_mk_const(z, Z3_mk_string_symbol(z, name), s_bool(w));
	snprintf(name, sizeof name, "%s#value", key);
	l->raw = Z3_mk_const(z, Z3_mk_string_symbol(z, name), l->sort == S_BOOL ? s_bool(w) : s_int(w));
	if (l->sort == S_NUM) {
		int64_t lo = (l->money || l->count || l->duration) ? 0 : -(int64_t)1000000000000;
		push_axiom(w, Z3_mk_ge(z, l->raw, i64(w, lo)));
		push_axiom(w, Z3_mk_le(z, l->raw, i64(w, (int64_t)1000000000000)));
	} else if (l->sort == S_DATE) {
		push_axiom(w, Z3_mk_ge(z, l->raw, i64(w, lp_days_from_civil(DATE_MIN_YEAR, 1, 1))));
		push_axiom(w, Z3_mk_le(z, l->raw, i64(w, lp_days_from_civil(DATE_MAX_YEAR, 12, 31))));
	} else if (l->sort == S_TEXT) {
		push_axiom(w, Z3_mk_ge(z, l->raw, i64(w, 1)));
		push_axiom(w, Z3_mk_le(z, l->raw, i64(w, 100000)));
	}
	if (s->kind == LP_EXTRACT && s->doc) {
		docvar *d = doc_var(w, s->doc);
		if (d)
			push_axiom(w, Z3_mk_implies(z, l->present, Z3_mk_ge(z, d->n, i64(w, 1))));
	}
	if (s->kind == LP_LLM) {
		/* A model answer is always given (the witness supplies it). */
		push_axiom(w, l->present);
		const cJSON *choices = cJSON_GetObjectItemCaseSensitive(s->llm, "choices"), *c;
		if (l->sort == S_TEXT && cJSON_GetArraySize(choices) > 0) {
			Z3_ast any = f_false(w);
			cJSON_ArrayForEach(c, choices) {
				if (cJSON_IsString(c))
					any = enc_or2(w, any, Z3_mk_eq(z, l->raw, i64(w, intern(w, c->valuestring))));
			}
			push_axiom(w, any);
		}
	}
	return l;
}

static enc leaf_enc(world *w, leaf *l)
{
	if (l->sort == S_BOOL)
		return e_bool(enc_and2(w, l->present, l->raw), enc_and2(w, l->present, enc_not(w, l->raw)));
	Z3_ast v = l->raw;
	if (l->sort == S_NUM) {
		v = Z3_mk_int2real(w->z, l->raw);
		if (l->scale != 1)
			v = Z3_mk_div(w->z, v, Z3_mk_int(w->z, l->scale, s_real(w)));
	}
	enc e = e_val(l->sort, l->present, v);
	if (l->duration)
		e.unit = U_DAYS;
	return e;
}

/* ---- constants ---- */

static bool is_decimal(const char *s)
{
	if (!s || !*s)
		return false;
	if (*s == '-')
		s++;
	bool digits = false, dot = false;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits = true;
		else if (*s == '.' && !dot)
			dot = true;
		else
			return false;
	}
	return digits;
}

static enc_unit unit_of(const char *s)
{
	if (!s)
		return U_NONE;
	if (!strncmp(s, "day", 3))
		return U_DAYS;
	if (!strncmp(s, "week", 4))
		return U_WEEKS;
	if (!strncmp(s, "month", 5))
		return U_MONTHS;
	if (!strncmp(s, "year", 4))
		return U_YEARS;
	return U_NONE;
}

static enc enc_const(world *w, const cJSON *e)
{
	const char *type = lp_str(e, "type");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "value");
	enc_sort s = sort_of_type(type);
	Z3_ast yes = enc_true(w);
	if (cJSON_IsNull(v))
		return s == S_BOOL ? e_bool(f_false(w), f_false(w)) : e_val(s, f_false(w), s == S_NUM ? Z3_mk_real(w->z, 0, 1) : i64(w, 0));
	switch (s) {
	case S_BOOL:
		return cJSON_IsTrue(v) ? e_bool(yes, f_false(w)) : e_bool(f_false(w), yes);
	case S_DATE: {
		int64_t d;
		if (!lp_parse_date(cJSON_GetStringValue(v), &d))
			return e_free(w, S_DATE);
		return e_val(S_DATE, yes, i64(w, d));
	}
	case S_TEXT:
		return e_val(S_TEXT, yes, i64(w, intern(w, cJSON_GetStringValue(v))));
	case S_NUM: {
		if (cJSON_IsNumber(v)) {
			char tmp[64];
			snprintf(tmp, sizeof tmp, "%.0f", v->valuedouble);
			return e_val(S_NUM, yes, Z3_mk_numeral(w->z, tmp, s_real(w)));
		}
		const char *str = cJSON_GetStringValue(v);
		if (type && !strcmp(type, "duration") && str) {
			long long n = 0;
			char unit[32] = "";
			if (sscanf(str, "%lld %31s", &n, unit) != 2)
				return e_free(w, S_NUM);
			enc r = e_val(S_NUM, yes, Z3_mk_int64(w->z, n, s_real(w)));
			r.unit = unit_of(unit);
			return r;
		}
		if (!is_decimal(str))
			return e_free(w, S_NUM);
		return e_val(S_NUM, yes, Z3_mk_numeral(w->z, str, s_real(w)));
	}
	default:
		return e_free(w, S_NUM);
	}
}

/* ---- expressions ---- */

static const cJSON *arg(const cJSON *e, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "args"), i);
}

static int nargs(const cJSON *e)
{
	return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(e, "args"));
}

static bool op_is(const cJSON *e, const char *op)
{
	const char *o = lp_str(e, "op");
	return o && !strcmp(o, op);
}

/* The leaf a REF names when it is an input, else NULL. */
static leaf *ref_leaf(planenc *pe, const cJSON *e)
{
	if (!op_is(e, "ref"))
		return NULL;
	long k = lp_find(pe->p, lp_str(e, "step"));
	if (k < 0)
		return NULL;
	const lp_step *s = &pe->p->steps[k];
	if ((s->kind == LP_EXTRACT && !s->each) || s->kind == LP_LOOKUP || s->kind == LP_LLM)
		return get_leaf(pe->w, s);
	return NULL;
}

/* lib/eval.c's absent_by_policy: a value the policy says may be absent,
 * and is, makes the comparison false rather than unknown. */
static Z3_ast absent_by_policy(planenc *pe, const cJSON *e, int depth)
{
	world *w = pe->w;
	if (!e || depth > 8)
		return f_false(w);
	if (op_is(e, "ref")) {
		long k = lp_find(pe->p, lp_str(e, "step"));
		leaf *l = ref_leaf(pe, e);
		if (k >= 0 && l && pe->p->steps[k].may_be_absent)
			return enc_not(w, l->present);
		return f_false(w);
	}
	Z3_ast any = f_false(w);
	if (op_is(e, "elapsed") || op_is(e, "add") || op_is(e, "sub") || op_is(e, "mul") ||
	    op_is(e, "div"))
		for (int i = 0; i < nargs(e); i++)
			any = enc_or2(w, any, absent_by_policy(pe, arg(e, i), depth + 1));
	return any;
}

static enc compared(planenc *pe, const cJSON *e, enc r)
{
	world *w = pe->w;
	Z3_ast absent = f_false(w);
	for (int i = 0; i < nargs(e); i++)
		absent = enc_or2(w, absent, absent_by_policy(pe, arg(e, i), 0));
	r.f = enc_or2(w, r.f, enc_and2(w, enc_and2(w, enc_not(w, r.t), enc_not(w, r.f)), absent));
	return r;
}

static bool is_numeral(world *w, Z3_ast a)
{
	return Z3_is_numeral_ast(w->z, Z3_simplify(w->z, a));
}

static bool same_sort_values(enc *a, enc *b)
{
	if (a->sort == b->sort)
		return a->sort == S_NUM || a->sort == S_DATE || a->sort == S_TEXT || a->sort == S_BOOL;
	return false;
}

static Z3_ast cmp_ast(world *w, const char *cmp, Z3_ast a, Z3_ast b)
{
	Z3_context z = w->z;
	if (!strcmp(cmp, "gt"))
		return Z3_mk_gt(z, a, b);
	if (!strcmp(cmp, "ge"))
		return Z3_mk_ge(z, a, b);
	if (!strcmp(cmp, "lt"))
		return Z3_mk_lt(z, a, b);
	if (!strcmp(cmp, "le"))
		return Z3_mk_le(z, a, b);
	if (!strcmp(cmp, "ne"))
		return enc_not(w, Z3_mk_eq(z, a, b));
	return Z3_mk_eq(z, a, b);
}

static enc compare(planenc *pe, const char *cmp, enc a, enc b)
{
	world *w = pe->w;
	if (a.sort == S_BOOL && b.sort == S_BOOL) {
		Z3_ast known = enc_and2(w, enc_known(w, a), enc_known(w, b));
		Z3_ast c = Z3_mk_eq(w->z, a.t, b.t);
		if (cmp && !strcmp(cmp, "ne"))
			c = enc_not(w, c);
		return e_bool(enc_and2(w, known, c), enc_and2(w, known, enc_not(w, c)));
	}
	if (!same_sort_values(&a, &b))
		return e_free(w, S_BOOL);
	if (a.sort == S_TEXT && cmp && strcmp(cmp, "eq") && strcmp(cmp, "ne"))
		return e_free(w, S_BOOL);
	Z3_ast known = enc_and2(w, a.known, b.known);
	if (a.den || b.den) {
		/* n / d op y with y a number: n op y*d where d > 0, the mirror
		 * image where d < 0 */
		enc *q = a.den ? &a : &b, *y = a.den ? &b : &a;
		if (y->den || !is_numeral(w, y->val))
			return e_free(w, S_BOOL);
		Z3_ast scaled = mul2(w, y->val, q->den);
		const char *op = cmp ? cmp : "eq";
		static const char *const flip[][2] = { { "gt", "lt" }, { "ge", "le" }, { "lt", "gt" },
			                               { "le", "ge" }, { "eq", "eq" }, { "ne", "ne" } };
		const char *mirror = op;
		for (size_t i = 0; i < 6; i++)
			if (!strcmp(op, flip[i][0]))
				mirror = flip[i][1];
		Z3_ast pos = q == &a ? cmp_ast(w, op, q->num, scaled) : cmp_ast(w, op, scaled, q->num);
		Z3_ast neg = q == &a ? cmp_ast(w, mirror, q->num, scaled) : cmp_ast(w, mirror, scaled, q->num);
		Z3_ast zero = Z3_mk_real(w->z, 0, 1);
		Z3_ast c = Z3_mk_ite(w->z, Z3_mk_gt(w->z, q->den, zero), pos, neg);
		return e_bool(enc_and2(w, known, c), enc_and2(w, known, enc_not(w, c)));
	}
	Z3_ast c = cmp_ast(w, cmp ? cmp : "eq", a.val, b.val);
	return e_bool(enc_and2(w, known, c), enc_and2(w, known, enc_not(w, c)));
}

/* Round a non-negative real to cents, half to even (decimal_round). */
static Z3_ast round_cents(world *w, Z3_ast v)
{
	Z3_context z = w->z;
	Z3_ast q = mul2(w, v, Z3_mk_int(z, 100, s_real(w)));
	Z3_ast n = Z3_mk_real2int(z, q);
	Z3_ast r = sub2(w, q, Z3_mk_int2real(z, n));
	Z3_ast half = Z3_mk_real(z, 1, 2);
	Z3_ast even = Z3_mk_eq(z, Z3_mk_mod(z, n, i64(w, 2)), i64(w, 0));
	Z3_ast up = add2(w, n, i64(w, 1));
	Z3_ast rn = Z3_mk_ite(z, Z3_mk_gt(z, r, half), up,
	                      Z3_mk_ite(z, Z3_mk_lt(z, r, half), n, Z3_mk_ite(z, even, n, up)));
	return Z3_mk_div(z, Z3_mk_int2real(z, rn), Z3_mk_int(z, 100, s_real(w)));
}


static Z3_ast trunc_div(world *w, Z3_ast x, int64_t d)
{
	Z3_context z = w->z;
	Z3_ast neg = sub2(w, i64(w, 0), x);
	return Z3_mk_ite(z, Z3_mk_ge(z, x, i64(w, 0)), Z3_mk_div(z, x, i64(w, d)),
	                 sub2(w, i64(w, 0), Z3_mk_div(z, neg, i64(w, d))));
}

/* (y, m, d) of a date operand: a date input, or a constant. */
static bool date_parts(planenc *pe, const cJSON *e, Z3_ast out[3])
{
	world *w = pe->w;
	leaf *l = ref_leaf(pe, e);
	if (l && l->sort == S_DATE) {
		leaf_ymd(w, l);
		memcpy(out, l->ymd, sizeof l->ymd);
		return true;
	}
	if (op_is(e, "const")) {
		int64_t days, y;
		unsigned m, d;
		if (!lp_parse_date(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "value")), &days))
			return false;
		lp_civil_from_days(days, &y, &m, &d);
		out[0] = i64(w, y);
		out[1] = i64(w, m);
		out[2] = i64(w, d);
		return true;
	}
	return false;
}

/* Whole units from date a to date b (lib/date.c), an Int. */
static bool elapsed_units(planenc *pe, const cJSON *ea, const cJSON *eb, enc a, enc b,
                          enc_unit unit, Z3_ast *out)
{
	world *w = pe->w;
	Z3_ast days = sub2(w, b.val, a.val);
	switch (unit) {
	case U_DAYS:
		*out = days;
		return true;
	case U_WEEKS:
		*out = trunc_div(w, days, 7);
		return true;
	case U_MONTHS:
	case U_YEARS: {
		Z3_ast pa[3], pb[3];
		if (!date_parts(pe, ea, pa) || !date_parts(pe, eb, pb))
			return false;
		Z3_context z = w->z;
		Z3_ast ma = add2(w, mul2(w, pa[0], i64(w, 12)), pa[1]);
		Z3_ast mb = add2(w, mul2(w, pb[0], i64(w, 12)), pb[1]);
		Z3_ast diff = sub2(w, mb, ma);
		/* forward: one month less if the day is not reached; backward the
		 * mirror image */
		Z3_ast fwd = Z3_mk_ite(z, Z3_mk_lt(z, pb[2], pa[2]), sub2(w, diff, i64(w, 1)), diff);
		Z3_ast back = Z3_mk_ite(z, Z3_mk_lt(z, pa[2], pb[2]), add2(w, diff, i64(w, 1)), diff);
		Z3_ast months = Z3_mk_ite(z, Z3_mk_ge(z, b.val, a.val), fwd, back);
		*out = unit == U_MONTHS ? months : trunc_div(w, months, 12);
		return true;
	}
	default:
		return false;
	}
}

static enc enc_arith(planenc *pe, const cJSON *e, const char *op)
{
	world *w = pe->w;
	enc a = enc_expr(pe, arg(e, 0)), b = enc_expr(pe, arg(e, 1));
	const char *type = lp_str(e, "type");
	Z3_context z = w->z;
	if ((!strcmp(op, "add") || !strcmp(op, "sub")) && a.sort == S_DATE && b.sort == S_NUM) {
		Z3_ast n = Z3_mk_real2int(z, b.val);
		if (!strcmp(op, "sub"))
			n = sub2(w, i64(w, 0), n);
		Z3_ast known = enc_and2(w, a.known, b.known);
		if (b.unit == U_DAYS || b.unit == U_WEEKS)
			return e_val(S_DATE, known, add2(w, a.val, b.unit == U_WEEKS ? mul2(w, n, i64(w, 7)) : n));
		Z3_ast parts[3];
		if ((b.unit == U_MONTHS || b.unit == U_YEARS) && date_parts(pe, arg(e, 0), parts)) {
			Z3_ast months = b.unit == U_YEARS ? mul2(w, n, i64(w, 12)) : n;
			Z3_ast total = add2(w, add2(w, mul2(w, parts[0], i64(w, 12)), sub2(w, parts[1], i64(w, 1))), months);
			Z3_ast y = Z3_mk_div(z, total, i64(w, 12));
			Z3_ast m = add2(w, Z3_mk_mod(z, total, i64(w, 12)), i64(w, 1));
			return e_val(S_DATE, known, days_expr(w, y, m, parts[2]));
		}
		return e_free(w, S_DATE);
	}
	if (a.sort != S_NUM || b.sort != S_NUM || a.den || b.den)
		return e_free(w, sort_of_type(type)); /* arithmetic on a quotient: non-linear */
	Z3_ast known = enc_and2(w, a.known, b.known);
	Z3_ast quot_num = NULL, quot_den = NULL;
	Z3_ast v;
	if (!strcmp(op, "add"))
		v = add2(w, a.val, b.val);
	else if (!strcmp(op, "sub"))
		v = sub2(w, a.val, b.val);
	else if (!strcmp(op, "div")) {
		if (!is_numeral(w, b.val)) {
			quot_num = a.val;
			quot_den = b.val;
		}
		known = enc_and2(w, known, enc_not(w, Z3_mk_eq(z, b.val, Z3_mk_real(z, 0, 1))));
		v = Z3_mk_div(z, a.val, b.val);
	} else {
		if (!is_numeral(w, a.val) && !is_numeral(w, b.val)) {
			w->nonlinear = true;
			return e_free(w, S_NUM);
		}
		v = mul2(w, a.val, b.val);
	}
	if (type && !strcmp(type, "money") && (!strcmp(op, "mul") || !strcmp(op, "div") || !strcmp(op, "pct_of")))
		v = round_cents(w, v);
	if (quot_den && type && !strcmp(type, "money"))
		return e_free(w, S_NUM); /* a rounded quotient by an input */
	enc r = e_val(S_NUM, known, v);
	r.unit = a.unit ? a.unit : b.unit;
	r.num = quot_num;
	r.den = quot_den;
	return r;
}

static enc enc_step_ref(planenc *pe, const cJSON *e)
{
	long k = lp_find(pe->p, lp_str(e, "step"));
	if (k < 0)
		return e_free(pe->w, sort_of_type(lp_str(e, "type")));
	return enc_step(pe, (size_t)k);
}

static const cJSON *set_of(planenc *pe, const cJSON *e)
{
	if (op_is(e, "set"))
		return e;
	if (op_is(e, "ref")) {
		long k = lp_find(pe->p, lp_str(e, "step"));
		if (k >= 0 && op_is(pe->p->steps[k].value, "set"))
			return pe->p->steps[k].value;
	}
	return NULL;
}

/* A table lookup ("case", lib/run/eval.c): the value of the first row
 * whose condition holds; unknown when a condition before it is unknown,
 * when no row holds, or when that row gives no value ("N/A"). */
static enc enc_case(planenc *pe, const cJSON *e)
{
	world *w = pe->w;
	Z3_context z = w->z;
	enc_sort sort = sort_of_type(lp_str(e, "type"));
	int rows = nargs(e) / 2;
	if (rows < 1 || sort == S_SET || sort == S_NONE)
		return e_free(w, sort);
	Z3_ast before = enc_true(w); /* every condition so far is false */
	Z3_ast known = f_false(w), t = f_false(w), f = f_false(w);
	Z3_ast val = sort == S_NUM ? Z3_mk_real(z, 0, 1) : i64(w, 0);
	Z3_ast *sel = malloc((size_t)rows * sizeof *sel);
	enc *vals = malloc((size_t)rows * sizeof *vals);
	if (!sel || !vals) {
		free(sel);
		free(vals);
		w->nomem = true;
		return e_free(w, sort);
	}
	enc_unit unit = U_NONE;
	bool exact = true;
	for (int r = 0; r < rows && exact; r++) {
		enc c = enc_expr(pe, arg(e, 2 * r));
		vals[r] = enc_expr(pe, arg(e, 2 * r + 1));
		if (c.sort != S_BOOL || vals[r].sort != sort ||
		    (vals[r].unit != U_NONE && unit != U_NONE && vals[r].unit != unit)) {
			exact = false;
			break;
		}
		if (vals[r].unit != U_NONE)
			unit = vals[r].unit;
		sel[r] = enc_and2(w, before, c.t);
		before = enc_and2(w, before, c.f);
	}
	for (int r = rows; exact && r-- > 0;) {
		if (sort == S_BOOL) {
			t = enc_or2(w, t, enc_and2(w, sel[r], vals[r].t));
			f = enc_or2(w, f, enc_and2(w, sel[r], vals[r].f));
		} else {
			known = enc_or2(w, known, enc_and2(w, sel[r], vals[r].known));
			val = Z3_mk_ite(z, sel[r], vals[r].val, val);
		}
	}
	free(sel);
	free(vals);
	if (!exact)
		return e_free(w, sort);
	if (sort == S_BOOL)
		return e_bool(t, f);
	enc out = e_val(sort, known, val);
	out.unit = unit;
	return out;
}

enc enc_expr(planenc *pe, const cJSON *e)
{
	world *w = pe->w;
	Z3_context z = w->z;
	const char *op = lp_str(e, "op");
	if (!e || cJSON_IsNull(e) || !op)
		return e_bool(enc_true(w), f_false(w)); /* no guard: always applies */
	if (!strcmp(op, "const"))
		return enc_const(w, e);
	if (!strcmp(op, "ref"))
		return enc_step_ref(pe, e);
	if (!strcmp(op, "and") || !strcmp(op, "or")) {
		bool and = !strcmp(op, "and");
		Z3_ast t = and ? enc_true(w) : f_false(w), f = and ? f_false(w) : enc_true(w);
		for (int i = 0; i < nargs(e); i++) {
			enc x = enc_expr(pe, arg(e, i));
			if (x.sort != S_BOOL)
				x = e_free(w, S_BOOL);
			t = and ? enc_and2(w, t, x.t) : enc_or2(w, t, x.t);
			f = and ? enc_or2(w, f, x.f) : enc_and2(w, f, x.f);
		}
		return e_bool(t, f);
	}
	if (!strcmp(op, "not")) {
		enc x = enc_expr(pe, arg(e, 0));
		return x.sort == S_BOOL ? e_bool(x.f, x.t) : e_free(w, S_BOOL);
	}
	if (!strcmp(op, "cmp"))
		return compared(pe, e, compare(pe, lp_str(e, "cmp"), enc_expr(pe, arg(e, 0)), enc_expr(pe, arg(e, 1))));
	if (!strcmp(op, "between")) {
		enc a = enc_expr(pe, arg(e, 0));
		enc lo = compare(pe, "ge", a, enc_expr(pe, arg(e, 1)));
		enc hi = compare(pe, "le", a, enc_expr(pe, arg(e, 2)));
		return compared(pe, e, e_bool(enc_and2(w, lo.t, hi.t), enc_or2(w, lo.f, hi.f)));
	}
	if (!strcmp(op, "in")) {
		enc a = enc_expr(pe, arg(e, 0));
		const cJSON *set = set_of(pe, arg(e, 1)), *item;
		if (!set || a.sort == S_BOOL)
			return e_free(w, S_BOOL);
		Z3_ast any = f_false(w);
		cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(set, "args")) {
			enc c = enc_const(w, item);
			if (c.sort == a.sort)
				any = enc_or2(w, any, Z3_mk_eq(z, a.val, c.val));
		}
		return compared(pe, e, e_bool(enc_and2(w, a.known, any), enc_and2(w, a.known, enc_not(w, any))));
	}
	if (!strcmp(op, "within")) {
		enc a = enc_expr(pe, arg(e, 0)), b = enc_expr(pe, arg(e, 1)), n = enc_expr(pe, arg(e, 2));
		Z3_ast d;
		if (a.sort != S_DATE || b.sort != S_DATE || n.sort != S_NUM ||
		    !elapsed_units(pe, arg(e, 1), arg(e, 0), b, a, unit_of(lp_str(e, "unit")), &d))
			return e_free(w, S_BOOL);
		Z3_ast known = enc_and2(w, enc_and2(w, a.known, b.known), n.known);
		Z3_ast dr = Z3_mk_int2real(z, d);
		Z3_ast c = enc_and2(w, Z3_mk_le(z, dr, n.val), Z3_mk_ge(z, dr, Z3_mk_unary_minus(z, n.val)));
		return compared(pe, e, e_bool(enc_and2(w, known, c), enc_and2(w, known, enc_not(w, c))));
	}
	if (!strcmp(op, "missing")) {
		const cJSON *r = arg(e, 0);
		leaf *l = ref_leaf(pe, r);
		if (l)
			return e_bool(enc_not(w, l->present), l->present);
		long k = lp_find(pe->p, lp_str(r, "step"));
		if (k >= 0 && pe->p->steps[k].kind == LP_COMPUTE) {
			enc x = enc_step(pe, (size_t)k);
			Z3_ast known = enc_known(w, x);
			return e_bool(enc_not(w, known), known);
		}
		return e_free(w, S_BOOL);
	}
	if (!strcmp(op, "add") || !strcmp(op, "sub") || !strcmp(op, "mul") || !strcmp(op, "div") ||
	    !strcmp(op, "pct_of"))
		return enc_arith(pe, e, op);
	if ((!strcmp(op, "sum") || !strcmp(op, "min") || !strcmp(op, "max")) && nargs(e) > 1) {
		enc acc = enc_expr(pe, arg(e, 0));
		for (int i = 1; i < nargs(e) && acc.sort == S_NUM; i++) {
			enc x = enc_expr(pe, arg(e, i));
			if (x.sort != S_NUM)
				return e_free(w, S_NUM);
			Z3_ast v = !strcmp(op, "sum") ? add2(w, acc.val, x.val) :
			           Z3_mk_ite(z, !strcmp(op, "min") ? Z3_mk_lt(z, x.val, acc.val) : Z3_mk_gt(z, x.val, acc.val), x.val, acc.val);
			acc = e_val(S_NUM, enc_and2(w, acc.known, x.known), v);
		}
		return acc.sort == S_NUM ? acc : e_free(w, S_NUM);
	}
	if (!strcmp(op, "elapsed")) {
		enc a = enc_expr(pe, arg(e, 0)), b = enc_expr(pe, arg(e, 1));
		enc_unit u = unit_of(lp_str(e, "unit"));
		Z3_ast d;
		if (a.sort != S_DATE || b.sort != S_DATE || !elapsed_units(pe, arg(e, 0), arg(e, 1), a, b, u, &d))
			return e_free(w, S_NUM);
		enc r = e_val(S_NUM, enc_and2(w, a.known, b.known), Z3_mk_int2real(z, d));
		r.unit = u;
		return r;
	}
	if (!strcmp(op, "doc_count"))
		return e_val(S_NUM, enc_true(w), Z3_mk_int2real(z, doc_count(w, lp_str(e, "document"))));
	if (!strcmp(op, "case"))
		return enc_case(pe, e);
	/* lists (any, all, avg, list_count, sum of a list), rounding: free */
	return e_free(w, sort_of_type(lp_str(e, "type")));
}

enc enc_step(planenc *pe, size_t i)
{
	world *w = pe->w;
	const lp_step *s = &pe->p->steps[i];
	if (pe->state[i] == 2)
		return pe->out[i];
	if (pe->state[i] == 1)
		return e_free(w, sort_of_type(s->type)); /* a cycle: the loader forbids them */
	pe->state[i] = 1;
	enc r;
	switch (s->kind) {
	case LP_EXTRACT:
	case LP_LOOKUP:
	case LP_LLM: {
		leaf *l = s->each ? NULL : get_leaf(w, s);
		r = l ? leaf_enc(w, l) : e_free(w, sort_of_type(s->type));
		break;
	}
	case LP_COMPUTE:
		if (op_is(s->value, "set")) {
			r.sort = S_SET;
			r.set = s->value;
			r.t = r.f = r.known = r.val = NULL;
		} else {
			r = enc_expr(pe, s->value);
		}
		break;
	case LP_CHECK:
	case LP_GUARDRAIL: {
		enc g = enc_expr(pe, s->guard), c = enc_expr(pe, s->value);
		if (c.sort != S_BOOL)
			c = e_free(w, S_BOOL);
		r = e_bool(enc_or2(w, g.f, c.t), enc_and2(w, g.t, c.f));
		break;
	}
	case LP_REQUIRE: {
		enc g = enc_expr(pe, s->guard);
		Z3_ast met = Z3_mk_ge(w->z, doc_count(w, s->doc), i64(w, s->min_count));
		r = e_bool(enc_or2(w, g.f, met), enc_and2(w, g.t, enc_not(w, met)));
		break;
	}
	case LP_ACTION:
		r = enc_expr(pe, s->guard);
		if (r.sort != S_BOOL)
			r = e_free(w, S_BOOL);
		break;
	default:
		r = e_free(w, S_BOOL);
		break;
	}
	pe->out[i] = r;
	pe->state[i] = 2;
	return r;
}

/* Documents first: a count reads every type that may count for it. */
static void collect_docs(world *w, const lp_plan *p, const cJSON *e)
{
	if (!e)
		return;
	if (cJSON_IsObject(e) && op_is(e, "doc_count"))
		doc_var(w, lp_str(e, "document"));
	const cJSON *c;
	cJSON_ArrayForEach(c, e) {
		if (cJSON_IsObject(c) || cJSON_IsArray(c))
			collect_docs(w, p, c);
	}
}

static bool shares_word(const char *a, const char *b)
{
	char ka[512], kb[512];
	lp_action_key(a, ka, sizeof ka);
	lp_action_key(b, kb, sizeof kb);
	const char *p = ka;
	while (*p) {
		size_t l = strcspn(p, " ");
		if (l > 2 && word_in(p, l, kb))
			return true;
		p += l;
		while (*p == ' ')
			p++;
	}
	return false;
}

bool enc_plan(world *w, const lp_plan *p, planenc *pe)
{
	memset(pe, 0, sizeof *pe);
	pe->w = w;
	pe->p = p;
	size_t n = p->n ? p->n : 1;
	pe->out = calloc(n, sizeof *pe->out);
	pe->state = calloc(n, 1);
	pe->fire = calloc(n, sizeof *pe->fire);
	pe->unknown = calloc(n, sizeof *pe->unknown);
	pe->blocked = calloc(n, sizeof *pe->blocked);
	if (!pe->out || !pe->state || !pe->fire || !pe->unknown || !pe->blocked) {
		enc_plan_free(pe);
		return false;
	}
	for (size_t i = 0; i < p->n; i++) {
		const lp_step *s = &p->steps[i];
		if (s->doc && (s->kind == LP_EXTRACT || s->kind == LP_REQUIRE))
			doc_var(w, s->doc);
	}
	collect_docs(w, p, cJSON_GetObjectItemCaseSensitive(p->root, "steps"));
	Z3_ast failed = f_false(w);
	for (size_t i = 0; i < p->n; i++) {
		const lp_step *s = &p->steps[i];
		enc r = enc_step(pe, i);
		if (s->kind != LP_ACTION && s->kind != LP_CHECK && s->kind != LP_REQUIRE)
			continue;
		pe->unknown[i] = enc_and2(w, enc_not(w, r.t), enc_not(w, r.f));
		if (s->kind == LP_ACTION)
			pe->fire[i] = r.t;
		if (s->kind != LP_ACTION && s->read_by_action)
			continue;
		failed = enc_or2(w, failed, pe->unknown[i]);
	}
	pe->complete = enc_not(w, failed);
	/* lib/exec_llm.c's guardrails_apply: a guardrail whose condition is not
	 * false replaces fired actions of its verb that share a word of its
	 * object. */
	for (size_t i = 0; i < p->n; i++) {
		const lp_step *a = &p->steps[i];
		pe->blocked[i] = f_false(w);
		if (a->kind != LP_ACTION)
			continue;
		for (size_t g = 0; g < p->n; g++) {
			const lp_step *gs = &p->steps[g];
			const char *verb = lp_str(gs->guardrail, "verb");
			if (gs->kind != LP_GUARDRAIL || !verb || !a->verb || strcmp(verb, a->verb) ||
			    !shares_word(a->object, lp_str(gs->guardrail, "object")))
				continue;
			enc v = enc_expr(pe, gs->value);
			pe->blocked[i] = enc_or2(w, pe->blocked[i], enc_not(w, enc_is_false(w, v)));
		}
	}
	return !w->nomem;
}

void enc_plan_free(planenc *pe)
{
	free(pe->out);
	free(pe->state);
	free(pe->fire);
	free(pe->unknown);
	free(pe->blocked);
	memset(pe, 0, sizeof *pe);
}

static void leaves_walk(planenc *pe, const cJSON *e, size_t *out, size_t cap, size_t *n, int depth)
{
	if (!e || depth > 32)
		return;
	if (op_is(e, "ref")) {
		long k = lp_find(pe->p, lp_str(e, "step"));
		if (k < 0)
			return;
		const lp_step *s = &pe->p->steps[k];
		if (s->kind == LP_EXTRACT || s->kind == LP_LOOKUP || s->kind == LP_LLM) {
			for (size_t i = 0; i < *n; i++)
				if (out[i] == (size_t)k)
					return;
			if (*n < cap)
				out[(*n)++] = (size_t)k;
		} else if (s->kind == LP_COMPUTE) {
			leaves_walk(pe, s->value, out, cap, n, depth + 1);
		}
		return;
	}
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(e, "args"))
		leaves_walk(pe, c, out, cap, n, depth + 1);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

size_t enc_leaves_of(planenc *pe, const cJSON *e, size_t *out, size_t cap)
{
	size_t n = 0;
	leaves_walk(pe, e, out, cap, &n, 0);
	qsort(out, n, sizeof *out, cmp_size);
	return n;
}
