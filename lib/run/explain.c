/*
 * policy_trail_explain: the decision in plain English, from the trail
 * alone (so a trail read back from JSON Lines years later explains itself
 * exactly as it did the day it was made).
 *
 *   Claims Intake 4.2.1 (plan 72efd97b...), case CL-1: decision made.
 *
 *   Escalated to senior adjuster review because the claimed amount
 *   $72,400.00 (claim form, page 2, line 7) exceeds $50,000.00 (policy
 *   Claims Intake 4.2.1, line 11).
 *
 *   Check failed: "Verify that ..." (line 9): ...
 *
 * Actions are the action entries whose output is true; failed checks the
 * check and require entries whose output is false; a rule whose output is
 * null could not be decided, and the first such rule's reason says which
 * value was missing.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "run/exec.h"
#include "run/trail.h"

static const struct {
	const char *verb, *past;
} irregular[] = {
	{ "send", "sent" }, { "pay", "paid" }, { "hold", "held" }, { "put", "put" },
	{ "set", "set" }, { "take", "took" }, { "make", "made" }, { "give", "gave" },
	{ "write", "wrote" }, { "run", "ran" }, { "keep", "kept" }, { "tell", "told" },
	{ "get", "got" }, { "seek", "sought" }, { "cut", "cut" }, { "withhold", "withheld" },
	{ "withdraw", "withdrew" }, { "rerun", "reran" }, { "forward", "forwarded" },
	{ "refer", "referred" }, { "transfer", "transferred" }, { "defer", "deferred" },
	{ "submit", "submitted" }, { "permit", "permitted" }, { "admit", "admitted" },
	{ "commit", "committed" }, { "remit", "remitted" }, { "flag", "flagged" },
	{ "stop", "stopped" }, { "ship", "shipped" }, { "bar", "barred" },
	{ "log", "logged" }, { "tag", "tagged" }, { "plan", "planned" },
	{ "upgrade", "upgraded" }, { "e-mail", "e-mailed" },
};

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* An action written in the passive voice ("Loans above $1M must be approved
 * by a senior underwriter") is quoted, not put in the past tense. */
static bool is_passive(const char *action)
{
	static const char *const modals[] = { " must be ", " shall be ", " should be ",
	                                       " will be ", " is to be ", " are to be " };
	for (size_t i = 0; i < sizeof modals / sizeof modals[0]; i++)
		if (strstr(action, modals[i]))
			return true;
	return false;
}

void past_tense(const char *action, buf *b)
{
	if (is_passive(action)) {
		buf_printf(b, "\"%s\" applied", action);
		return;
	}
	size_t n = strcspn(action, " ");
	char verb[48];
	if (n == 0 || n >= sizeof verb) {
		buf_puts(b, action);
		return;
	}
	for (size_t i = 0; i < n; i++)
		verb[i] = (char)tolower((unsigned char)action[i]);
	verb[n] = '\0';
	char past[64];
	const char *p = NULL;
	for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++)
		if (!strcmp(verb, irregular[i].verb))
			p = irregular[i].past;
	if (!p) {
		if (verb[n - 1] == 'e')
			snprintf(past, sizeof past, "%sd", verb);
		else if (verb[n - 1] == 'y' && n > 1 && !is_vowel(verb[n - 2]))
			snprintf(past, sizeof past, "%.*sied", (int)n - 1, verb);
		else
			snprintf(past, sizeof past, "%sed", verb);
		p = past;
	}
	buf_putc(b, (char)toupper((unsigned char)p[0]));
	buf_puts(b, p + 1);
	buf_puts(b, action + n);
}

static bool is_rule(policy_step_kind k)
{
	return k == POLICY_STEP_ACTION || k == POLICY_STEP_CHECK || k == POLICY_STEP_REQUIRE;
}

policy_status policy_trail_explain(const policy_trail *t, char **out, size_t *len)
{
	if (!t || !out)
		return POLICY_ERR_ARGUMENT;
	if (!trail_ready(t))
		return POLICY_ERR_NOMEM;
	buf b;
	buf_init(&b, &t->m);
	if (t->n == 0) {
		buf_puts(&b, "The trail is empty.\n");
		policy_status st = buf_export(&b, out, len);
		buf_release(&b);
		return st;
	}
	const trail_entry *first = &t->e[0];
	const trail_entry *undecided = NULL;
	unsigned actions = 0, failed = 0;
	uint64_t tokens = 0;
	for (uint32_t i = 0; i < t->n; i++) {
		const trail_entry *e = &t->e[i];
		tokens += e->tokens;
		if (!is_rule(e->kind))
			continue;
		if (!strcmp(e->output, "null")) {
			if (!undecided)
				undecided = e;
		} else if (e->kind == POLICY_STEP_ACTION && !strcmp(e->output, "true")) {
			actions++;
		} else if (e->kind != POLICY_STEP_ACTION && !strcmp(e->output, "false")) {
			failed++;
		}
	}
	buf_printf(&b, "%s %s (plan %.12s)", first->policy_name, first->policy_version,
	           first->plan_hash);
	if (first->case_id)
		buf_printf(&b, ", case %s", first->case_id);
	if (undecided) {
		buf_printf(&b, ": no decision could be made.\n\n\"%s\" (line %u) needs a value that is "
		           "not there: %s.\n", undecided->sentence ? undecided->sentence : undecided->label,
		           undecided->line, undecided->reason ? undecided->reason : "a value is missing");
	} else {
		buf_printf(&b, ": decision made; %u action%s, %u failed check%s.\n", actions,
		           actions == 1 ? "" : "s", failed, failed == 1 ? "" : "s");
		for (uint32_t i = 0; i < t->n; i++) {
			const trail_entry *e = &t->e[i];
			if (e->kind != POLICY_STEP_ACTION || strcmp(e->output, "true"))
				continue;
			buf_putc(&b, '\n');
			/* A policy guardrail replaced the action: say what was done. */
			const trail_guardrail *instead = NULL;
			for (uint32_t g = 0; g < e->nguardrails; g++)
				if (e->guardrails[g].attempted && e->label &&
				    !strcmp(e->guardrails[g].attempted, e->label) && e->guardrails[g].alternative)
					instead = &e->guardrails[g];
			if (instead) {
				past_tense(instead->alternative, &b);
				buf_printf(&b, " instead of \"%s\", as the guardrail %s requires; the rule",
				           e->label, instead->name ? instead->name : "");
				buf_puts(&b, " applied");
			} else {
				past_tense(e->label ? e->label : e->step, &b);
			}
			if (e->reason && strcmp(e->reason, "it always applies"))
				buf_printf(&b, " because %s", e->reason);
			/* the rule's line, unless the reason already points at it */
			char at[32];
			snprintf(at, sizeof at, "line %u)", e->line);
			if (e->reason && strstr(e->reason, at))
				buf_puts(&b, ".\n");
			else
				buf_printf(&b, " (rule on line %u).\n", e->line);
		}
		if (actions == 0)
			buf_puts(&b, "\nNo action applies.\n");
	}
	for (uint32_t i = 0; i < t->n; i++) {
		const trail_entry *e = &t->e[i];
		if (e->kind == POLICY_STEP_ACTION || !is_rule(e->kind) || strcmp(e->output, "false"))
			continue;
		buf_printf(&b, "\nCheck failed: \"%s\" (line %u)", e->label ? e->label : e->step,
		           e->line);
		if (e->reason)
			buf_printf(&b, ": %s", e->reason);
		buf_puts(&b, ".\n");
	}
	for (uint32_t i = 0; i < t->n; i++)
		for (uint32_t g = 0; g < t->e[i].nguardrails; g++)
			if (t->e[i].kind != POLICY_STEP_ACTION)
				buf_printf(&b, "\nGuardrail %s at %s: %s was attempted; instead, %s.\n",
				           t->e[i].guardrails[g].name ? t->e[i].guardrails[g].name : "",
				           t->e[i].step,
				           t->e[i].guardrails[g].attempted ? t->e[i].guardrails[g].attempted : "",
				           t->e[i].guardrails[g].alternative ? t->e[i].guardrails[g].alternative
				                                             : "");
	if (tokens)
		buf_printf(&b, "\nModel tokens used: %llu.\n", (unsigned long long)tokens);
	policy_status st = buf_export(&b, out, len);
	buf_release(&b);
	return st;
}
