/*
 * Structured model calls: where judgment is needed, and nowhere else.
 *
 * The compiler turns three kinds of sentences into llm steps; everything
 * expressible as extraction, lookup, arithmetic or comparison stays
 * deterministic code:
 *
 *   judge     "Confirm that the damage described in the adjuster notes is
 *             consistent with the reported cause of loss."
 *             -> {"consistent": boolean, "rationale": string,
 *                 "evidence": [quotes from the inputs]}
 *   classify  "Classify the claim as water, fire, theft or other based on
 *             the loss description."
 *             -> {"category": one of the choices, "rationale", "evidence"}
 *   extract   a field from free text ("extract the cause of loss from the
 *             adjuster narrative", "summarize the adjuster notes"), or the
 *             model fallback of a form field the policy allows ("if the
 *             amount cannot be read from the form, ask the model")
 *             -> {"value": string, "rationale", "evidence"}
 *
 * An llm step is one typed request and one validated answer, never a loop.
 * Its request holds the policy sentence, a fixed template, the inputs with
 * their evidence, the JSON schema of the answer and max_tokens. Its token
 * estimate is computed at compile time from those same parts, with each
 * input at its declared bound (documents are cut to LLM_DOC_CHARS in
 * prompts, text fields to LLM_TEXT_CHARS), so the estimate is an upper
 * bound of the prompt plus the answer budget.
 *
 * Guardrails, each recorded in the trail as what was attempted, which
 * guardrail intervened and what was done instead:
 *   schema      an answer that is not the schema's (types, required keys,
 *               choices, bounds): one retry with the reason, then the step
 *               fails;
 *   evidence    a quote not found in the inputs (hallucinated evidence):
 *               treated like a schema violation;
 *   tokens      the model used more than max_tokens, or the call would
 *               exceed the execution's token budget: the answer is
 *               discarded (or the call not made) and the step fails;
 *   policy      "Never approve a claim above $100,000 automatically.": an
 *               action that would break it is replaced by the policy's
 *               alternative, or "route to human review".
 */
#ifndef POLICY_LLM_H
#define POLICY_LLM_H

#include "base/alloc.h"
#include "base/json.h"
#include "plan/plan.h"

#define LLM_DOC_CHARS 6000   /* a document's share of a prompt */
#define LLM_TEXT_CHARS 1000  /* a text field's share */
#define LLM_CHARS_PER_TOKEN 4

typedef enum llm_kind { LLM_JUDGE = 0, LLM_CLASSIFY, LLM_EXTRACT } llm_kind;

typedef struct llm_spec {
	llm_kind kind;
	const char *question;    /* the clause the model answers */
	const char *answer_key;  /* "consistent", "category", "value" */
	const char **choices;    /* classify */
	uint32_t nchoices;
	const char **documents;  /* document types whose text is an input */
	uint32_t ndocuments;
	uint32_t max_tokens;     /* the answer's budget */
} llm_spec;

typedef struct guardrail_spec {
	const char *verb;        /* the action it forbids: "approve" */
	const char *object;      /* words the action's object must share: "claim" */
	const char *alternative; /* what to do instead, as an action's text */
} guardrail_spec;

const char *llm_kind_name(llm_kind k);
bool llm_kind_from_name(const char *s, llm_kind *out);

/* The JSON schema of the answer (compact, canonical). */
void llm_schema(const llm_spec *spec, policy_type type, buf *b);

/* The compile-time upper bound of tokens for one call of step s; 0 when
 * memory ran out (a model step always estimates more). */
uint64_t llm_estimate(const policy_plan *p, const plan_step *s);

/* The spec of an extract step's model fallback ("if the amount cannot be
 * read from the form, ask the model"): the same at compile time (for the
 * estimate) and at run time (for the request). `question` must hold 256
 * bytes; `docs` one entry. */
void llm_fallback_spec(const plan_step *s, llm_spec *spec, char *question, const char **docs);

/* The fixed prompt template every request starts with. */
extern const char llm_template[];

#endif
