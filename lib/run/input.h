/*
 * Inputs the policy never sources (input.c): an extract step with no
 * document ("The borrower is not eligible if the credit score is less than
 * 500.", and no sentence says where the credit score comes from).
 */
#ifndef POLICY_INPUT_H
#define POLICY_INPUT_H

#include <stdbool.h>

#include "base/alloc.h"
#include "run/case.h"
#include "policy.h"

/* Answer `field` from the case's facts by its name, else from any of its
 * documents by a label that names it, as the JSON an extract callback
 * returns (docs/host-protocol.md): the fact's or the line's value and
 * evidence; an error when two documents disagree or a document cannot be
 * read; {"missing": "why"} when nothing names it. Returns false only on
 * allocation failure. */
bool builtin_input(const policy_case *c, const char *field, policy_type type,
                   size_t max_doc_bytes, buf *reply);

#endif
