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

#include "base/json.h"
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

/* How a label matched, as the evidence's "match" says it (label_score.h). */
static const char *match_phrase(const char *match)
{
	static const struct {
		const char *match, *phrase;
	} phrases[] = {
		{ "words", "by the words it shares with the term" },
		{ "abbreviation", "as an abbreviation of the term's words" },
		{ "acronym", "as an acronym of the term's words" },
		{ "synonym", "through the synonym lexicon" },
		{ "head noun", "by its head noun alone, the only one of its kind and type" },
	};
	for (size_t i = 0; match && i < sizeof phrases / sizeof phrases[0]; i++)
		if (!strcmp(match, phrases[i].match))
			return phrases[i].phrase;
	return NULL;
}

/* A number of the evidence as it was written, if it is a short one. */
static const char *short_number(const json_value *v)
{
	return v && v->kind == JSON_NUMBER && v->len <= 24 ? v->str : NULL;
}

/* Where on its page a value of a PDF or a scan was, and how sure OCR was
 * of it: "; read by OCR with confidence 96 of 100, in the box (56.9,
 * 84.2)-(196.3, 93.1), points from the page's top left". The box and the
 * confidence are those of the label and its value (extract.c). */
static void place_words(buf *b, const json_value *ev)
{
	int64_t conf;
	bool ocr = json_get_int(ev, "confidence", 0, 100, &conf);
	const json_value *box = json_get(ev, "bbox");
	const char *xy[4] = { NULL, NULL, NULL, NULL };
	bool boxed = box && box->kind == JSON_ARRAY && box->count == 4;
	for (size_t k = 0; boxed && k < 4; k++)
		boxed = (xy[k] = short_number(box->items[k])) != NULL;
	const char *source = json_get_string(ev, "source");
	bool layer = !ocr && boxed && source && !strncmp(source, "pdf", 3);
	if (ocr)
		buf_printf(b, "; read by OCR with confidence %lld of 100", (long long)conf);
	else if (layer)
		buf_puts(b, "; from the PDF's text layer");
	if (boxed)
		buf_printf(b, "%s in the box (%s, %s)-(%s, %s), points from the page's top left",
		           ocr || layer ? "," : ";", xy[0], xy[1], xy[2], xy[3]);
}

/* One document value's label: "- invoice amount: "Line Total"
 * (invoice, page 1, line 6), score 500 of 1000, by ...", and for a PDF
 * or a scan where on the page it was (place_words). */
static void label_line(buf *b, const char *name, const json_value *ev)
{
	const char *label = json_get_string(ev, "label"), *doc = json_get_string(ev, "document");
	int64_t score, index = 0, count = 0, page = 0, line = 0;
	if (!label || !doc || !json_get_int(ev, "score", 0, 1000, &score))
		return;
	json_get_int(ev, "index", 0, INT32_MAX, &index);
	json_get_int(ev, "count", 0, INT32_MAX, &count);
	json_get_int(ev, "page", 0, INT32_MAX, &page);
	json_get_int(ev, "line", 0, INT32_MAX, &line);
	buf_printf(b, "- %s: \"%s\" (%s", name, label, doc);
	if (count > 1)
		buf_printf(b, " %lld of %lld", (long long)index, (long long)count);
	buf_printf(b, ", page %lld, line %lld), score %lld of 1000", (long long)(page ? page : 1),
	           (long long)line, (long long)score);
	const char *how = match_phrase(json_get_string(ev, "match"));
	if (how)
		buf_printf(b, ", %s", how);
	place_words(b, ev);
	buf_puts(b, ".\n");
}

/* The labels document values were read from, where the evidence names
 * them (a label that is not the term word for word, or any label of a PDF
 * or scan), once per value, in trail order. */
static void labels_read(const policy_trail *t, buf *b)
{
	arena a;
	arena_init(&a, &t->m);
	bool heading = false;
	for (uint32_t i = 0; i < t->n; i++) {
		for (uint32_t k = 0; k < t->e[i].ninputs; k++) {
			const trail_input *in = &t->e[i].inputs[k];
			if (!in->evidence || !strstr(in->evidence, "\"label\"") || !in->step || !in->name)
				continue;
			bool seen = false;
			for (uint32_t j = 0; j <= i && !seen; j++)
				for (uint32_t m = 0; m < (j < i ? t->e[j].ninputs : k) && !seen; m++)
					seen = t->e[j].inputs[m].step &&
					       !strcmp(t->e[j].inputs[m].step, in->step);
			if (seen)
				continue;
			json_value *ev;
			json_error je;
			json_limits lim = { 0, 16 };
			if (!json_parse(&a, in->evidence, strlen(in->evidence), &lim, &ev, &je)) {
				if (je.nomem)
					b->failed = true;
				continue;
			}
			size_t before = b->len;
			if (!heading)
				buf_puts(b, "\nDocument labels matched to the policy's terms:\n");
			size_t lines = b->len;
			if (ev->kind == JSON_OBJECT)
				label_line(b, in->name, ev);
			for (size_t n = 0; ev->kind == JSON_ARRAY && n < ev->count; n++)
				if (ev->items[n]->kind == JSON_OBJECT)
					label_line(b, in->name, ev->items[n]);
			if (b->len == lines)
				b->len = before; /* nothing to say after all */
			else
				heading = true;
		}
	}
	if (a.failed)
		b->failed = true;
	arena_release(&a);
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
	labels_read(t, &b);
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
