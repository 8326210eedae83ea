/*
 * The cases a list's introduction names (intro.c).
 */
#ifndef POLICY_INTRO_H
#define POLICY_INTRO_H

#include "compile/sentences.h"

/* After a list of checks' "the following": "for <cases>", "when <cond>",
 * "unless <cond>" in tokens [a, b). *which is NULL for every case. False
 * if an error was reported. */
bool intro_cases(parser *p, uint32_t a, uint32_t b, expr **which);

/* "The following X applies [, according to Y,] [only] to <cases>" or
 * "... when <cond>" in [i, end); with no "applies", words that name cases
 * ("that", "whose", "only", ...) are an error. *which is NULL for every
 * case. False if an error was reported. */
bool intro_scope(parser *p, uint32_t i, uint32_t end, expr **which);

/* "the underwriter shall:", "the examiner must do the following:" over a
 * list: whoever does the steps and a modal, the items statements of their
 * own. */
bool duties_intro(parser *p, const sentence *s, uint32_t i, uint32_t end);

/* An item of a list of checks read as a condition, with its exception
 * ("..., except when ..."): a check of the sentence selected, n tokens. */
void item_check(parser *p, uint32_t n, expr *guard);

/* "No business whose prior grant status is Awarded may receive a second
 * grant": a check that the case is not one of those. False if that is not
 * the shape. */
bool none_may(parser *p, uint32_t i, uint32_t end, expr *guard);

/* "The entity type must be one of the following:" (or "must not be any of
 * the following:") over items that are values ("- corporation;", "- hotel
 * or motel;"): a check that the term is (not) one of them. False if that
 * is not the shape. */
bool value_list(parser *p, sentence *s, uint32_t i, uint32_t end, expr *guard);

/* "None of the following may be deposited remotely:" over items that
 * describe cases, or "The program does not write a building if any of the
 * following is true:" over conditions: a check that no item holds, the
 * items kept for "a building described in this section". False if that is
 * not the shape. */
bool prohibited_list(parser *p, sentence *s, uint32_t i, uint32_t end, expr *guard);

/* "The following merchant categories are blocked:" or "The blocked
 * merchant categories are:" over items that are values: the set "blocked
 * merchant categories", for "is one of the blocked categories". False if
 * that is not the shape. */
bool set_list(parser *p, sentence *s, uint32_t i, uint32_t end);

/* "Minimum coverage on the certificate:" over items that each say what
 * must be: a title over statements of their own (its head a word like
 * "coverage", "requirements", "limits", "standards"). */
bool titled_list(parser *p, const sentence *s, uint32_t i, uint32_t end);

#endif
