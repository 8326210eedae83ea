/*
 * Table cells (table_cells.c): a key cell read as a condition on its key
 * ("620 - 679", "680 or higher", "Real estate", "Any"), a value cell read
 * as a value ("95%", "$50,000", "N/A"), and the check that a table's rows
 * exclude one another.
 */
#ifndef POLICY_TABLE_CELLS_H
#define POLICY_TABLE_CELLS_H

#include "compile/sentences.h"

/* The term a key column is compared with, as the sentence named it. */
typedef struct table_key {
	int32_t term;
	span sp;
	const char *text;
} table_key;

/* What a key cell holds for, to find rows that overlap. */
typedef struct table_band {
	bool any;            /* "Any": every case */
	bool text;           /* equal to a word */
	const char *word;
	bool has_lo, has_hi, lo_open, hi_open;
	value lo, hi;
} table_band;

/* The condition the cell at (row, col) states on `key`, and its band;
 * NULL after an error (reported when `report`). */
expr *table_key_cell(parser *p, const doc_table *t, uint32_t row, uint32_t col,
                     const table_key *key, table_band *b, bool report);

/* The words [first, end) of the current sentence read as a band of
 * `key` ("$250,000 or less", "more than $250,000 but not more than
 * $1,000,000", "Below 620"): the condition, or NULL after an error
 * (reported). */
expr *band_condition(parser *p, uint32_t first, uint32_t end, const table_key *key);

/* The value of the cell at (row, col): a constant, one with no value for
 * "N/A" or "Not eligible"; NULL after an error (reported when `report`). */
expr *table_value_cell(parser *p, const doc_table *t, uint32_t row, uint32_t col, bool report);

/* Whether the data rows (bands[r * nkeys + k] for data row r, key k) can
 * hold only one at a time: no overlap, no "Any" row before others, no
 * words among numbers in a key column. Reported when `report`; labels[r]
 * names row r. */
bool table_rows_exclusive(parser *p, const doc_table *t, const table_band *bands,
                          uint32_t nkeys, const char *const *labels, bool report);

#endif
