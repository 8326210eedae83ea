/*
 * policy_plan_inspect: a plan as people read it.
 *
 *   Claims Intake 4.2.1, effective 2026-03-01
 *   When a new insurance claim arrives
 *
 *   Schema
 *     claimed amount     money   extracted from the claim form
 *     ...
 *   Inputs the policy does not source (1): ...
 *     credit score  number  (line 6)
 *   Steps (3 levels, 0 LLM tokens estimated)
 *     level 0
 *       extract.claimed_amount     extract  money  deterministic  line 5
 *         "When a new insurance claim arrives, extract ..."
 */
#include <string.h>

#include "plan/plan.h"

static const char *origin_phrase(policy_step_kind k)
{
	switch (k) {
	case POLICY_STEP_EXTRACT: return "extracted from";
	case POLICY_STEP_LOOKUP: return "looked up in";
	case POLICY_STEP_LLM: return "judged by a model";
	default: return "defined by the policy";
	}
}

#define ANY_SOURCE "read from the case's facts or any document"

/* Values the policy uses but never says where they come from: the author
 * may want to add a source, and the host must supply them. */
static void write_inputs(const policy_plan *p, buf *b)
{
	unsigned n = 0;
	size_t width = 4;
	for (uint32_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].kind == POLICY_STEP_EXTRACT && !p->steps[i].doc) {
			n++;
			if (strlen(p->steps[i].label) > width)
				width = strlen(p->steps[i].label);
		}
	if (!n)
		return;
	buf_printf(b, "\nInputs the policy does not source (%u): each is read from the case's facts "
	              "by its name, else from any document by a label that names it\n", n);
	for (uint32_t i = 0; i < p->nsteps; i++) {
		const plan_step *s = &p->steps[i];
		if (s->kind == POLICY_STEP_EXTRACT && !s->doc)
			buf_printf(b, "  %-*s  %-8s (line %u)\n", (int)width, s->label,
			           s->type ? policy_type_name(s->type) : "text", s->sp.line);
	}
}

policy_status policy_plan_inspect(const policy_plan *p, char **text, size_t *len)
{
	if (!p || !text)
		return POLICY_ERR_ARGUMENT;
	buf b;
	buf_init(&b, &p->m);
	buf_printf(&b, "%s %s, effective %s\n", p->name, p->version, p->effective);
	if (p->source)
		buf_printf(&b, "Source: %s\n", p->source);
	if (p->trigger)
		buf_printf(&b, "Case type: %s\n", p->trigger);
	buf_printf(&b, "Plan hash: %s\n", p->body_hash);
	size_t width = 4;
	for (uint32_t i = 0; i < p->nfields; i++)
		if (strlen(p->fields[i].name) > width)
			width = strlen(p->fields[i].name);
	buf_puts(&b, "\nSchema\n");
	for (uint32_t i = 0; i < p->nfields; i++) {
		const field_schema *f = &p->fields[i];
		const plan_step *st = &p->steps[f->step];
		if (f->origin == POLICY_STEP_EXTRACT && !st->doc) {
			buf_printf(&b, "  %-*s  %-8s %s\n", (int)width, f->name, policy_type_name(f->type),
			           ANY_SOURCE);
			continue;
		}
		buf_printf(&b, "  %-*s  %-8s %s", (int)width, f->name, policy_type_name(f->type),
		           origin_phrase(f->origin));
		if (f->source)
			buf_printf(&b, " the %s", f->source);
		buf_putc(&b, '\n');
	}
	write_inputs(p, &b);
	unsigned llm = 0;
	for (uint32_t i = 0; i < p->nsteps; i++)
		llm += !p->steps[i].deterministic;
	buf_printf(&b, "\nSteps: %u in %u levels; %u deterministic, %u LLM; estimated tokens: %llu",
	           p->nsteps, p->nlevels, p->nsteps - llm, llm, (unsigned long long)p->est_tokens);
	if (p->token_budget)
		buf_printf(&b, " of a budget of %llu", (unsigned long long)p->token_budget);
	buf_putc(&b, '\n');
	size_t idw = 4;
	for (uint32_t i = 0; i < p->nsteps; i++)
		if (strlen(p->steps[i].id) > idw)
			idw = strlen(p->steps[i].id);
	for (unsigned l = 0; l < p->nlevels; l++) {
		buf_printf(&b, "\n  Level %u (independent steps; may run in parallel)\n", l);
		for (uint32_t i = 0; i < p->nsteps; i++) {
			const plan_step *s = &p->steps[i];
			if (s->level != l)
				continue;
			buf_printf(&b, "    %-*s  %-8s %-8s ", (int)idw, s->id, policy_step_kind_name(s->kind),
			           s->type ? policy_type_name(s->type) : "-");
			if (s->deterministic)
				buf_puts(&b, "deterministic, 0 tokens");
			else
				buf_printf(&b, "LLM, ~%llu tokens", (unsigned long long)s->est_tokens);
			buf_printf(&b, "  (line %u)\n", s->sp.line);
			switch (s->kind) {
			case POLICY_STEP_EXTRACT:
				if (!s->doc)
					buf_printf(&b, "      %s, %s\n", s->label, ANY_SOURCE);
				else
					buf_printf(&b, "      %s from %s %s\n", s->label,
					           s->each ? "each" : "the", s->doc);
				break;
			case POLICY_STEP_LOOKUP:
				buf_printf(&b, "      %s in the %s\n", s->label, s->system);
				break;
			case POLICY_STEP_REQUIRE:
				buf_printf(&b, "      at least %u %s\n", s->min_count, s->doc);
				break;
			default:
				if (s->label)
					buf_printf(&b, "      %s\n", s->label);
				break;
			}
			if (s->ninputs) {
				buf_puts(&b, "      reads:");
				for (uint32_t k = 0; k < s->ninputs; k++)
					buf_printf(&b, " %s", p->steps[s->inputs[k]].id);
				buf_putc(&b, '\n');
			}
			if (s->sentence)
				buf_printf(&b, "      \"%s\"\n", s->sentence);
		}
	}
	policy_status st = buf_export(&b, text, len);
	buf_release(&b);
	return st;
}
