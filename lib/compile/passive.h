/*
 * Consequences in the passive voice (passive.c): "the application is
 * declined" read as "decline the application".
 */
#ifndef POLICY_PASSIVE_H
#define POLICY_PASSIVE_H

#include "compile/sentences.h"

/* The verb of an irregular past participle ("sent" -> "send", "held" ->
 * "hold"), the `len` bytes at `w`; NULL if it is not one of them. */
const char *irregular_participle(const char *w, size_t len);

/* The verb of a past participle an action may use ("approved" ->
 * "approve", "sent" -> "send"), or NULL. */
const char *participle_verb(parser *p, const char *w);
/* The participle of a passive consequence in [a, b) ("is declined", "will
 * be referred", "must be escalated"): its index, with the subject's end
 * (the first auxiliary) in *aux and the verb ("decline") in *verb; NONE
 * if there is none. */
uint32_t passive_at(parser *p, uint32_t a, uint32_t b, uint32_t *aux, const char **verb);
/* The imperative of a passive consequence: verb, "the" + the subject's
 * head [a, marker), then the words [rest, b). *object points into it. */
const char *passive_text(parser *p, uint32_t a, uint32_t marker, const char *verb, uint32_t rest,
                         uint32_t b, const char **object);

/* Whether a passive consequence with its own subject starts at `i`
 * ("an adverse action notice must be sent to the applicant" after "the
 * application is declined, and"): a determiner or a name, a few words,
 * then an auxiliary and the participle of an action verb. */
bool passive_clause_at(parser *p, uint32_t i, uint32_t end);

/* Whether the subject [a, marker) names the case, a term, a document or
 * the policy: a passive sentence about anything else is not an action. */
bool passive_subject_known(parser *p, uint32_t a, uint32_t marker);

#endif
