/*
 * Sentences that need a model (judgment.c): judgments, classifications and
 * model fallbacks.
 */
#ifndef POLICY_JUDGMENT_H
#define POLICY_JUDGMENT_H

#include "compile/sentences.h"

expr *judgment_atom(parser *p, uint32_t *i, uint32_t end);
bool declare_classification(parser *p, uint32_t i, uint32_t end, uint32_t *based);
void classification_inputs(parser *p, def *d, uint32_t based, uint32_t end);
bool doc_is_free_text(const char *doc);
bool model_fallback(parser *p, uint32_t i, uint32_t end);

#endif
