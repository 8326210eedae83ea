/*
 * Table cells: what the cells of a lookup table say (see table_cells.h).
 *
 *   key cell   := "Any" | band | open | compare value | value | words ("or" words)*
 *   band       := value ("to" | "-" | "through") value | ("between" | "from") value
 *                 ("and" | "to") value                    both ends in
 *   open       := value ("or more" | "or higher" | "and above" | "+" | "or less" | ...)
 *   compare    := a comparison phrase ("Below", "Over", "Up to", "At least") | ">" ...
 *                 [("up to" | "to" | "through") value]  "over $35,000 up to $50,000"
 *   value      := a quantity, with a unit of time ("12 months") or a measure
 *   value cell := value | "Yes" | "No" | words | "N/A" | "Not eligible" | "-"
 *
 * A cell is read with the parser's own helpers over the cell's tokens (the
 * lexer tokenized each cell, structure.h): the parser's token window is
 * moved onto the cell and back.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "compile/mention.h"
#include "compile/table_cells.h"

/* Past this many rows, overlaps are not looked for (pairs are quadratic). */
enum { MAX_OVERLAP_ROWS = 256 };

/* The longest of `set` that ends the cell at k: its length, or 0. */
static uint32_t ending(const parser *p, uint32_t k, uint32_t n, const char *const *set, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		uint32_t m = match(p, k, n, set[i]);
		if (m && k + m == n)
			return m;
	}
	return 0;
}

typedef struct cell_mode {
	const token *tk;
	uint32_t n;
} cell_mode;

static cell_mode cell_enter(parser *p, const doc_table *t, size_t at)
{
	cell_mode saved = { p->tk, p->n };
	p->tk = p->lx->toks + t->tok_first[at];
	p->n = t->tok_count[at];
	return saved;
}

static void cell_leave(parser *p, cell_mode saved)
{
	p->tk = saved.tk;
	p->n = saved.n;
}

static bool cell_is(const char *cell, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(cell, set[i]))
			return true;
	return false;
}

/* A quantity in a cell: "$417,000", "680", "12 months", "80%". */
static expr *cell_quantity(parser *p, uint32_t *k, uint32_t n)
{
	uint32_t s = *k, cl;
	duration_unit u;
	if (s >= n)
		return NULL;
	const token *t = &p->tk[s];
	if (t->kind == T_QUANTITY) {
		if (t->val.type == POLICY_TYPE_NUMBER && is_unit_word(tw(p, s + 1), &u)) {
			int64_t v;
			if (!decimal_is_integer(t->val.u.num) || !decimal_to_int64(t->val.u.num, &v))
				return NULL;
			*k = s + 2;
			return expr_const(p->c, value_duration(v, u), span_of(p, s, s + 1),
			                  slice_of(p, s, s + 1));
		}
		value v = t->val;
		uint32_t after = measure_after(p, s, n, &v);
		*k = after;
		return expr_const(p->c, v, span_of(p, s, after - 1), slice_of(p, s, after - 1));
	}
	int64_t v = count_at(p, s, n, &cl);
	if (v >= 0 && t->kind == T_WORD && is_unit_word(tw(p, s + 1), &u)) {
		*k = s + 2;
		return expr_const(p->c, value_duration(v, u), span_of(p, s, s + 1), slice_of(p, s, s + 1));
	}
	return NULL;
}

/* "12 to 24 months": the lower end is months too. */
static void same_unit(expr *lo, const expr *hi)
{
	int64_t n;
	if (lo && hi && lo->op == E_CONST && hi->op == E_CONST &&
	    lo->val.type == POLICY_TYPE_NUMBER && hi->val.type == POLICY_TYPE_DURATION &&
	    decimal_is_integer(lo->val.u.num) && decimal_to_int64(lo->val.u.num, &n)) {
		lo->val = value_duration(n, hi->val.u.dur.unit);
		lo->type = POLICY_TYPE_DURATION;
	}
}

/* "or more", "and above", "+": at least; "or less", "and under": at most. */
static bool open_end(parser *p, uint32_t *k, uint32_t n, cmp_op *cmp)
{
	static const char *const up[] = {
		"or more", "or higher", "or greater", "or above", "or over", "or older", "or longer",
		"or later", "and above", "and over", "and up", "and higher", "and greater",
		"and older", "and more", "and longer", "plus", "+", "or more years",
	};
	static const char *const down[] = {
		"or less", "or lower", "or below", "or under", "or fewer", "or younger", "or shorter",
		"or earlier", "and below", "and under", "and less", "and lower", "and fewer",
		"and younger", "and shorter", "or less years",
	};
	uint32_t m;
	if ((m = ending(p, *k, n, up, sizeof up / sizeof up[0]))) {
		*cmp = CMP_GE;
		*k += m;
		return true;
	}
	if ((m = ending(p, *k, n, down, sizeof down / sizeof down[0]))) {
		*cmp = CMP_LE;
		*k += m;
		return true;
	}
	return false;
}

/* '>', '>=', '<', '<=', '≥', '≤' at k. */
static bool symbol_cmp(parser *p, uint32_t *k, uint32_t n, cmp_op *cmp)
{
	if (*k >= n)
		return false;
	const token *t = &p->tk[*k];
	if (t->len == 3 && !memcmp(t->text, "\xE2\x89\xA5", 3)) {
		*cmp = CMP_GE;
		(*k)++;
		return true;
	}
	if (t->len == 3 && !memcmp(t->text, "\xE2\x89\xA4", 3)) {
		*cmp = CMP_LE;
		(*k)++;
		return true;
	}
	if (t->kind != T_PUNCT || (t->punct != '>' && t->punct != '<'))
		return false;
	bool eq = is_punct(p, *k + 1, n, '=');
	*cmp = t->punct == '>' ? (eq ? CMP_GE : CMP_GT) : (eq ? CMP_LE : CMP_LT);
	*k += eq ? 2 : 1;
	return true;
}

static expr *key_expr(parser *p, const table_key *kc)
{
	expr *e = expr_ref(p->c, (uint32_t)kc->term, kc->sp);
	if (e)
		e->text = kc->text;
	return e;
}

static void set_bound(table_band *b, bool lo, const expr *v, bool open)
{
	if (!v || v->op != E_CONST)
		return;
	if (lo) {
		b->has_lo = true;
		b->lo = v->val;
		b->lo_open = open;
	} else {
		b->has_hi = true;
		b->hi = v->val;
		b->hi_open = open;
	}
}

static expr *cmp_band(parser *p, const table_key *kc, cmp_op cmp, expr *v, table_band *b, span sp)
{
	set_bound(b, cmp == CMP_GT || cmp == CMP_GE || cmp == CMP_EQ, v,
	          cmp == CMP_GT || cmp == CMP_LT);
	if (cmp == CMP_EQ)
		set_bound(b, false, v, false);
	return expr_cmp(p->c, cmp, key_expr(p, kc), v, sp, NULL);
}

/* A key cell in cell mode, tokens [0, n): its condition on the key. */
static expr *key_condition(parser *p, const table_key *kc, const char *cell, table_band *b,
                           bool report)
{
	static const char *const every[] = { "any", "all", "other", "others", "all other",
	                                     "all others", "otherwise", "else", "everything else",
	                                     "any other", "*", "all other cases" };
	uint32_t n = p->n, k = 0;
	span sp = span_of(p, 0, n - 1);
	memset(b, 0, sizeof *b);
	if (cell_is(cell, every, sizeof every / sizeof every[0])) {
		b->any = true;
		return expr_const(p->c, value_bool(true), sp, cell);
	}
	expr *e = NULL;
	cmp_op cmp;
	op_match m;
	if (is_w(p, k, n, "from") || is_w(p, k, n, "between")) {
		uint32_t j = k + 1;
		expr *lo = cell_quantity(p, &j, n);
		if (lo && (is_w(p, j, n, "to") || is_w(p, j, n, "and") || is_w(p, j, n, "through") ||
		           is_punct(p, j, n, '-'))) {
			j++;
			expr *hi = cell_quantity(p, &j, n);
			same_unit(lo, hi);
			if (hi && j == n) {
				expr *args[3] = { key_expr(p, kc), lo, hi };
				e = expr_nary(p->c, E_BETWEEN, args, 3, sp);
				set_bound(b, true, lo, false);
				set_bound(b, false, hi, false);
				k = n;
			}
		}
	} else if (symbol_cmp(p, &k, n, &cmp) ||
	           (op_at(p, k, n, true, &m) && m.kind == PK_CMP &&
	            ((cmp = m.negated ? cmp_negate(m.cmp) : m.cmp), (k += m.len), true))) {
		/* "Below 620", "Over $5M", "Up to $100,000", ">= 680" */
		expr *v = cell_quantity(p, &k, n);
		uint32_t up = (cmp == CMP_GT || cmp == CMP_GE)
		                      ? (match(p, k, n, "up to") ? 2 : match(p, k, n, "to") ? 1 :
		                         match(p, k, n, "through") ? 1 : match(p, k, n, "and up to") ? 3 : 0)
		                      : 0;
		if (v && k == n) {
			e = cmp_band(p, kc, cmp, v, b, sp);
		} else if (v && up) {
			/* "over $35,000 up to $50,000": above the one, to the other */
			uint32_t j = k + up;
			expr *hi = cell_quantity(p, &j, n);
			same_unit(v, hi);
			if (hi && j == n) {
				expr *lo_e = cmp_band(p, kc, cmp, v, b, sp);
				set_bound(b, false, hi, false);
				expr *hi_e = expr_cmp(p->c, CMP_LE, key_expr(p, kc), hi, sp, NULL);
				e = lo_e && hi_e ? expr_and(p->c, lo_e, hi_e) : NULL;
				k = j;
			}
		}
	} else {
		uint32_t j = 0;
		expr *lo = cell_quantity(p, &j, n);
		if (lo && j == n) {
			e = cmp_band(p, kc, CMP_EQ, lo, b, sp); /* "700" */
			k = n;
		} else if (lo && open_end(p, &j, n, &cmp)) {
			e = cmp_band(p, kc, cmp, lo, b, sp); /* "680 or higher" */
			k = n;
		} else if (lo && (is_w(p, j, n, "to") || is_w(p, j, n, "through") ||
		                  is_w(p, j, n, "thru") || is_punct(p, j, n, '-'))) {
			j++;
			expr *hi = cell_quantity(p, &j, n);
			same_unit(lo, hi);
			if (hi && j == n) {
				/* "$0 to $417,000", "620 - 679": both ends in */
				expr *args[3] = { key_expr(p, kc), lo, hi };
				e = expr_nary(p->c, E_BETWEEN, args, 3, sp);
				set_bound(b, true, lo, false);
				set_bound(b, false, hi, false);
				k = n;
			}
		} else if (!lo && p->tk[0].kind != T_QUANTITY) {
			/* words: "Real estate", "Tier 1", "Condo or Co-op", "Condo, Co-op" */
			expr *items[32];
			uint32_t ni = 0, a = 0;
			while (a < n && ni < 32) {
				uint32_t z = a;
				while (z < n && !is_punct(p, z, n, ',') && !is_punct(p, z, n, ';') &&
				       !is_w(p, z, n, "or"))
					z++;
				if (z == a)
					break;
				const char *w = z == a + 1 && p->tk[a].kind == T_QUOTED ? p->tk[a].low
				                                                        : slice_of(p, a, z - 1);
				items[ni] = w ? expr_const(p->c, value_text(w, strlen(w)), span_of(p, a, z - 1), w)
				              : NULL;
				if (!items[ni++])
					return NULL; /* out of memory: c->nomem says so */
				a = z;
				if (a < n)
					a++;
			}
			if (ni == 1 && a >= n) {
				e = expr_cmp(p->c, CMP_EQ, key_expr(p, kc), items[0], sp, NULL);
				b->text = true;
				b->word = items[0]->text;
				k = n;
			} else if (ni > 1 && a >= n) {
				expr *set = expr_nary(p->c, E_SET, items, ni, sp);
				if (set)
					set->text = cell;
				e = expr_binary(p->c, E_IN, key_expr(p, kc), set, sp);
				if (e)
					e->type = POLICY_TYPE_BOOLEAN;
				k = n;
			}
		}
	}
	if (!e || k != n) {
		if (!p->c->nomem && report)
			parser_error(p, 0, n - 1,
			             "write a band ('620 - 679', '$0 to $417,000'), an open end ('680 or "
			             "higher', 'Below 620', 'Up to $100,000'), a value ('Real estate') or "
			             "'Any'", "I don't understand the table cell '%s' as a condition", cell);
		return NULL;
	}
	return e;
}

/* A value cell in cell mode: a quantity, yes or no, words, or no value. */
static expr *value_cell(parser *p, const char *cell)
{
	static const char *const none[] = { "n/a", "na", "n.a.", "not applicable", "not eligible",
	                                    "ineligible", "not allowed", "not permitted",
	                                    "not available", "not offered", "-", "--",
	                                    "\xE2\x80\x94", "\xE2\x80\x93" };
	uint32_t n = p->n, k = 0;
	span sp = span_of(p, 0, n - 1);
	if (cell_is(cell, none, sizeof none / sizeof none[0]))
		return expr_const(p->c, value_missing(POLICY_TYPE_NONE), sp, cell);
	expr *q = cell_quantity(p, &k, n);
	if (q && k == n)
		return q;
	if (n == 1 && (is_w(p, 0, n, "yes") || is_w(p, 0, n, "no")))
		return expr_const(p->c, value_bool(is_w(p, 0, n, "yes")), sp, cell);
	const char *w = n == 1 && p->tk[0].kind == T_QUOTED ? p->tk[0].low : cell;
	return expr_const(p->c, value_text(w, strlen(w)), sp, cell);
}

/* ---- overlaps ---- */

static bool below(const value *a, bool a_open, const value *b, bool b_open)
{
	/* a upper end below b lower end: no common point (or no telling) */
	int r;
	if (!value_cmp(a, b, &r))
		return true;
	return r < 0 || (r == 0 && (a_open || b_open));
}

static bool bands_meet(const table_band *x, const table_band *y)
{
	if (x->any || y->any)
		return false; /* "Any" rows are fallbacks, meant to come last */
	if (x->text || y->text)
		return x->text && y->text && !strcasecmp(x->word, y->word);
	if (!(x->has_lo || x->has_hi) || !(y->has_lo || y->has_hi))
		return false;
	if (x->has_hi && y->has_lo && below(&x->hi, x->hi_open, &y->lo, y->lo_open))
		return false;
	if (y->has_hi && x->has_lo && below(&y->hi, y->hi_open, &x->lo, x->lo_open))
		return false;
	return true;
}

/* Rows where one would hide another: every key meets, or a row of "Any"
 * that is not last. Reported at the later row. */
bool table_rows_exclusive(parser *p, const doc_table *t, const table_band *b, uint32_t nk,
                          const char *const *labels, bool report)
{
	uint32_t rows = t->nrows - 1;
	for (uint32_t r = 0; r < rows; r++) {
		bool all_any = true;
		for (uint32_t k = 0; k < nk; k++)
			all_any = all_any && b[r * nk + k].any;
		if (all_any && r + 1 < rows) {
			char msg[256];
			snprintf(msg, sizeof msg, "the row '%s' holds for every case, so the rows after it "
			         "are never used", labels[r]);
			if (report)
				diag_error(p->c, (span){ t->row_line[r + 1], 1, 1 }, "put it last", "%s", msg);
			return false;
		}
	}
	for (uint32_t k = 0; k < nk; k++) {
		int32_t numeric = -1, text = -1;
		for (uint32_t r = 0; r < rows; r++) {
			const table_band *x = &b[r * nk + k];
			if (x->text && text < 0)
				text = (int32_t)r;
			else if ((x->has_lo || x->has_hi) && numeric < 0)
				numeric = (int32_t)r;
		}
		if (numeric >= 0 && text >= 0) {
			char msg[300];
			snprintf(msg, sizeof msg, "the cell '%s' is words, but '%s' in the same column is "
			         "a number or a band", b[text * nk + k].word, labels[numeric]);
			if (report)
				diag_error(p->c, (span){ t->row_line[text + 1], 1, 1 },
			           "write a number, a band ('620 - 679'), an open end ('680 or higher') or "
			           "'Any'", "%s", msg);
			return false;
		}
	}
	if (rows > MAX_OVERLAP_ROWS)
		return true;
	for (uint32_t r = 1; r < rows; r++)
		for (uint32_t q = 0; q < r; q++) {
			bool meet = true;
			for (uint32_t k = 0; k < nk && meet; k++)
				meet = bands_meet(&b[q * nk + k], &b[r * nk + k]);
			if (!meet)
				continue;
			char msg[300];
			snprintf(msg, sizeof msg, "the rows '%s' (line %u) and '%s' both hold for some "
			         "cases", labels[q], t->row_line[q + 1], labels[r]);
			if (report)
				diag_error(p->c, (span){ t->row_line[r + 1], 1, 1 },
			           "make the rows' keys exclusive, e.g. '620 - 679' and '680 or higher'",
			           "%s", msg);
			return false;
		}
	return true;
}


/* The cell at (row, col), which must not be empty, read by `read` in the
 * parser's token window moved onto it. */
static bool empty_cell(parser *p, const doc_table *t, uint32_t row, uint32_t col, const char *hint,
                       bool report)
{
	if (t->tok_count[(size_t)row * t->ncols + col])
		return false;
	if (report)
		diag_error(p->c, (span){ t->row_line[row], 1, 1 }, hint,
		           "the table's cell under '%s' is empty", t->cells[col]);
	return true;
}

expr *band_condition(parser *p, uint32_t first, uint32_t end, const table_key *key)
{
	for (uint32_t m = first + 1; m + 1 < end; m++)
		if (is_w(p, m, end, "but") || (is_w(p, m, end, "and") && !is_w(p, m - 1, end, "to"))) {
			/* "more than $250,000 but not more than $1,000,000" */
			expr *lo = band_condition(p, first, m, key);
			expr *hi = lo ? band_condition(p, m + 1, end, key) : NULL;
			if (hi)
				take_words(p, m, 1);
			return hi ? expr_and(p->c, lo, hi) : NULL;
		}
	cell_mode saved = { p->tk, p->n };
	p->tk += first;
	p->n = end - first;
	table_band b;
	const char *text = slice_of(p, 0, p->n - 1);
	expr *e = text ? key_condition(p, key, text, &b, true) : NULL;
	cell_leave(p, saved);
	if (e && b.any)
		e = NULL; /* "Any" is a cell's word, not a band of a list */
	if (e)
		take_words(p, first, end - first);
	return e;
}

expr *table_key_cell(parser *p, const doc_table *t, uint32_t row, uint32_t col,
                     const table_key *key, table_band *b, bool report)
{
	memset(b, 0, sizeof *b);
	if (empty_cell(p, t, row, col, "write the key, or 'Any'", report))
		return NULL;
	size_t at = (size_t)row * t->ncols + col;
	cell_mode saved = cell_enter(p, t, at);
	expr *e = key_condition(p, key, t->cells[at], b, report);
	cell_leave(p, saved);
	return e;
}

expr *table_value_cell(parser *p, const doc_table *t, uint32_t row, uint32_t col, bool report)
{
	if (empty_cell(p, t, row, col, "write the value, or 'N/A'", report))
		return NULL;
	size_t at = (size_t)row * t->ncols + col;
	cell_mode saved = cell_enter(p, t, at);
	expr *e = value_cell(p, t->cells[at]);
	cell_leave(p, saved);
	return e;
}
