/*
 * Tables (table.c): a Markdown table that a sentence refers to, read as a
 * lookup ("the maximum in the table below for the loan amount").
 */
#ifndef POLICY_TABLE_H
#define POLICY_TABLE_H

#include "compile/sentences.h"

/* A reference to a table at *i: an E_CASE whose rows test the key terms
 * and give the named column's cell. NULL with *i unchanged when no table
 * reference starts there; NULL with *i moved past the phrase after an
 * error (reported). `implicit` also allows a reference that names no
 * table ("the maximum LTV for the applicant's tier"), when exactly one
 * table has such columns. */
expr *table_ref(parser *p, uint32_t *i, uint32_t end, bool implicit);

/* After pass 2: a table in a section of rules that no rule reads is an
 * error, never silently ignored. */
void table_check_unused(parser *p);

#endif
