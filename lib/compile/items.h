/*
 * Items of lists named by their marks (items.c).
 */
#ifndef POLICY_ITEMS_H
#define POLICY_ITEMS_H

#include "compile/sentences.h"

/* "(a)", "(a) or (b) applies", "violation (a) occurs", "fails (a) or (b)",
 * "meets (a) and (b)" at *i: the conditions of the items so marked, in this
 * sentence's list, else in the one list of its section that has them.
 * NULL, consuming nothing, if the words are not that; NULL with an error
 * if they name no item or two lists. */
expr *item_atom(parser *p, uint32_t *i, uint32_t end);

/* A list item's title ("Eviction history:" of "* Eviction history: the
 * report shows ..."), taken: where its condition starts, 0 if none. */
uint32_t item_title(parser *p);

#endif
