/*
 * Inputs the policy never sources (inputs.c): a value a rule uses that no
 * sentence extracts, looks up or defines is read from the case's facts or
 * documents by its name.
 */
#ifndef POLICY_INPUTS_H
#define POLICY_INPUTS_H

#include "compile/sentences.h"

/* Resolve tokens [first, last) in value position like resolve_np, with
 * reporting; an unknown phrase that plausibly names a value becomes an
 * unsourced input (an extract step with no document) instead of an
 * error. -1 on failure (reported). */
int32_t input_resolve(parser *p, uint32_t first, uint32_t last, policy_type want);

/* The input named `name` (words as written, "number of attorneys", "firm
 * has sued a client for unpaid fees") of type `type`, extracted from `doc`
 * or, when `doc` is NULL, unsourced: the term already keyed so, or a new
 * one. -1 if a term of that name has another type, or on allocation
 * failure. */
int32_t input_named(parser *p, const char *name, span sp, policy_type type, const char *doc);

/* After the parse: two unsourced inputs spelled nearly alike are an error
 * (a typo in the one used less); every other one is a warning that says
 * where it will be read from. False on allocation failure. */
bool inputs_report(compiler *c);

#endif
