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

/* A definition's body that reads a table: "The annual maximum depends on
 * the degree level, as follows:", "The applicant's tier is set by the
 * credit score according to the table below." (`name` is the defined
 * term's, which names the value column; without a table named, the one
 * right after the sentence). NULL with *i unchanged when the body is not
 * one; NULL with *i moved after an error (reported). */
expr *table_definition(parser *p, const char *name, uint32_t *i, uint32_t end);

/* Whether a table is named at i: "by the table below", "in Table 2",
 * "shown below" ("The bonus is given by the table below ..." defines the
 * bonus; it is no passive consequence). */
bool table_named_at(const parser *p, uint32_t i, uint32_t end);

/* After pass 2: a table in a section of rules that no rule reads is an
 * error, never silently ignored. */
void table_check_unused(parser *p);

/* "is listed above", "is shown in the table below": at *i, the values of
 * the table's column that names `subject` (its first column if none does),
 * as a set to compare it with; NULL if the words are not there (or
 * reported, *i moved). */
expr *table_listed(parser *p, expr *subject, uint32_t *i, uint32_t end);

#endif
