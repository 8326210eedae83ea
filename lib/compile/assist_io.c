/*
 * The assistant's request and reply, and the lock (see assist_io.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "compile/assist_io.h"
#include "compile/assist_text.h"

/* What `policy inspect --english` prints and docs/language.md documents,
 * in a paragraph a model can follow. */
const char assist_forms[] =
	"Restate the sentence as one or more sentences in the plain English the policy compiler "
	"reads, each ending with a period. Use the policy's own names for its values (the terms) "
	"and its actions as the policy writes them; resolve 'it', 'such claims' or 'anything' to "
	"the term meant. Never add a number, amount, percentage, date, term or action the sentence "
	"does not have. Forms: 'If CONDITION, ACTION.' ('If C, A; otherwise, B.'; 'Otherwise, A.' "
	"right after an If); 'ACTION if CONDITION.'; 'ACTION unless CONDITION.'; checks 'Verify "
	"that CONDITION.' and 'The X must be at least V.', 'The X must not exceed V.'; named "
	"conditions 'The claim is late if CONDITION.'; definitions 'The X is the A divided by the "
	"B.', 'The X is the A plus the B.', 'The X is 75% of the Y.'; requirements 'Require two "
	"bank statements.'; extraction 'Extract the X and the Y from the DOCUMENT.'; lookups "
	"'Look up the X in the SYSTEM.'. A condition compares a term with a value or another term: "
	"exceeds, is more than, is at least, is below, is at most, is, is not, is one of A, B, and "
	"C, is between A and B, is before, is on or after, is within N days of, is missing, is "
	"provided; conditions join with and, or, not. Actions are imperatives with the verbs "
	"the policy uses; a consequence in the passive ('the claim is declined') is the "
	"imperative of its verb ('decline the claim'). Reply "
	"{\"restatements\": [\"...\"]} or, when the sentence cannot be restated without guessing, "
	"{\"decline\": \"why\"}.";

/* ---- the lock ---- */

static bool is_hex32(const char *h)
{
	bool ok = strlen(h) == 32;
	for (int j = 0; ok && j < 32; j++)
		ok = (h[j] >= '0' && h[j] <= '9') || (h[j] >= 'a' && h[j] <= 'f');
	return ok;
}

/* The restatements of an array, joined by a space and collapsed; NULL if
 * the array is not 1 to 16 non-empty strings (*nomem on OOM). */
static const char *joined(arena *a, const json_value *arr, bool *nomem)
{
	if (!arr || arr->kind != JSON_ARRAY || arr->count == 0 || arr->count > 16)
		return NULL;
	buf b;
	buf_init(&b, &a->m);
	for (size_t i = 0; i < arr->count; i++) {
		const json_value *s = arr->items[i];
		if (s->kind != JSON_STRING || strlen(s->str) != s->len) {
			buf_release(&b);
			return NULL;
		}
		if (i)
			buf_putc(&b, ' ');
		buf_append(&b, s->str, s->len);
	}
	const char *c = buf_cstr(&b);
	char *out = c ? text_collapse(a, c, b.len) : NULL;
	buf_release(&b);
	if (!out) {
		*nomem = true;
		return NULL;
	}
	return *out ? out : NULL;
}

bool assist_lock_parse(arena *a, const char *json, size_t len, lock_entry **out, uint32_t *n,
                       char *why, size_t why_cap, bool *nomem)
{
	*out = NULL;
	*n = 0;
	json_limits lim = { (size_t)64 << 20, 16 };
	json_value *root;
	json_error je;
	if (!json_parse(a, json ? json : "", len, &lim, &root, &je)) {
		*nomem = je.nomem;
		snprintf(why, why_cap, "it is not valid JSON (line %u, column %u: %s)", je.line,
		         je.column, je.message);
		return false;
	}
	const char *format = json_get_string(root, "format");
	if (!format || strcmp(format, ASSIST_LOCK_FORMAT)) {
		snprintf(why, why_cap, "its \"format\" is not \"%s\"", ASSIST_LOCK_FORMAT);
		return false;
	}
	const json_value *entries = json_get(root, "entries");
	if (!entries || entries->kind != JSON_ARRAY) {
		snprintf(why, why_cap, "it has no \"entries\" array");
		return false;
	}
	lock_entry *v = arena_zalloc(a, (entries->count ? entries->count : 1) * sizeof *v);
	if (!v) {
		*nomem = true;
		return false;
	}
	for (size_t i = 0; i < entries->count; i++) {
		const json_value *e = entries->items[i];
		const char *entry = json_get_string(e, "entry");
		const char *sentence = json_get_string(e, "sentence");
		const char *review = json_get_string(e, "review");
		const char *restatement = json_get_string(e, "restatement");
		const char *decline = json_get_string(e, "decline");
		if (!entry || !is_hex32(entry) || !sentence || !restatement == !decline) {
			snprintf(why, why_cap, "entry %zu needs \"entry\" (32 hex digits), \"sentence\" and "
			         "either \"restatement\" or \"decline\" (strings)", i + 1);
			return false;
		}
		v[i].entry = entry;
		v[i].sentence = text_collapse(a, sentence, strlen(sentence));
		v[i].restatement = restatement ? text_collapse(a, restatement, strlen(restatement)) : NULL;
		v[i].decline = decline;
		v[i].rejected = review && !strcmp(review, "rejected");
		if (!v[i].sentence || (restatement && !v[i].restatement)) {
			*nomem = true;
			return false;
		}
		if (restatement && !*v[i].restatement) {
			snprintf(why, why_cap, "entry %zu has an empty \"restatement\"", i + 1);
			return false;
		}
	}
	*out = v;
	*n = (uint32_t)entries->count;
	return true;
}

const lock_entry *assist_lock_find(const lock_entry *v, uint32_t n, const char *entry,
                                   const char *sentence)
{
	for (uint32_t i = 0; i < n; i++)
		if (!strcmp(v[i].entry, entry) && !strcmp(v[i].sentence, sentence))
			return &v[i];
	return NULL;
}

/* ---- requests and replies ---- */

char *assist_request_json(arena *a, const assist_request *r)
{
	buf b;
	buf_init(&b, &a->m);
	json_writer w;
	jw_init(&w, &b, false);
	jw_begin_object(&w);
	jw_member_string(&w, "format", ASSIST_REQUEST_FORMAT);
	jw_member_string(&w, "entry", r->entry);
	jw_member_string(&w, "sentence", r->sentence);
	jw_key(&w, "line");
	jw_uint(&w, r->sp.line);
	jw_key(&w, "column");
	jw_uint(&w, r->sp.column);
	jw_member_string(&w, "section", r->section);
	jw_member_string(&w, "policy", r->policy);
	jw_key(&w, "errors");
	jw_begin_array(&w);
	for (uint32_t i = 0; i < r->nerrors; i++)
		jw_string(&w, r->errors[i]);
	jw_end_array(&w);
	jw_key(&w, "terms");
	jw_begin_array(&w);
	for (uint32_t i = 0; r->notes && i < r->notes->nterms; i++) {
		const pass_term *t = &r->notes->terms[i];
		bool seen = false;
		for (uint32_t k = 0; k < i && !seen; k++)
			seen = !strcmp(r->notes->terms[k].name, t->name);
		if (seen)
			continue;
		jw_begin_object(&w);
		jw_member_string(&w, "name", t->name);
		jw_member_string(&w, "type", t->type ? policy_type_name(t->type) : "unknown");
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_key(&w, "actions");
	jw_begin_array(&w);
	for (uint32_t i = 0; r->notes && i < r->notes->nactions; i++) {
		bool seen = false;
		for (uint32_t k = 0; k < i && !seen; k++)
			seen = !strcmp(r->notes->actions[k], r->notes->actions[i]);
		if (!seen)
			jw_string(&w, r->notes->actions[i]);
	}
	jw_end_array(&w);
	if (r->rejected) {
		jw_key(&w, "rejected");
		jw_begin_array(&w);
		jw_string(&w, r->rejected);
		jw_end_array(&w);
	}
	jw_member_string(&w, "forms", assist_forms);
	jw_end_object(&w);
	char *out = buf_to_arena(&b, a);
	buf_release(&b);
	return out;
}

bool assist_reply_parse(arena *a, const char *json, size_t len, assist_answer *out, char *why,
                        size_t why_cap, bool *nomem)
{
	out->restatement = out->decline = NULL;
	json_limits lim = { (size_t)1 << 20, 16 };
	json_value *root;
	json_error je;
	if (!json_parse(a, json ? json : "", len, &lim, &root, &je)) {
		*nomem = je.nomem;
		snprintf(why, why_cap, "it is not JSON (%s)", je.message);
		return false;
	}
	if (root->kind != JSON_OBJECT) {
		snprintf(why, why_cap, "it is not a JSON object");
		return false;
	}
	const json_value *decline = json_get(root, "decline");
	const json_value *restatements = json_get(root, "restatements");
	if (decline && !restatements) {
		if (decline->kind != JSON_STRING || strlen(decline->str) != decline->len) {
			snprintf(why, why_cap, "\"decline\" must be a string saying why");
			return false;
		}
		out->decline = decline->len ? decline->str : "no reason given";
		return true;
	}
	if (!restatements || decline) {
		snprintf(why, why_cap, "it has neither \"restatements\" nor \"decline\" (exactly one "
		         "is expected)");
		return false;
	}
	out->restatement = joined(a, restatements, nomem);
	if (!out->restatement) {
		if (!*nomem)
			snprintf(why, why_cap, "\"restatements\" must be 1 to 16 non-empty strings");
		return false;
	}
	return true;
}
