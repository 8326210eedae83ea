/*
 * Witness cases: from a Z3 model to documents, facts and model answers,
 * and back through the executor.
 *
 * A document is written as the forms of the corpus are: "Label: value"
 * lines the built-in extractor reads, one document per type the model
 * counts (several of a type are copies). A fact goes in the flat facts
 * object `policy run --facts` reads. A model step's answer becomes the
 * reply a model host would give; running the case records the request
 * each step was given, so the witness carries replay lines (the format
 * `policy run --llm-replay` reads).
 *
 * Running the witness is how a finding earns "verified": the claim is
 * checked against what policy_execute's machinery really decides, not
 * against the encoding.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xxhash.h>

#include "witness.h"

typedef struct sbuf {
	char *s;
	size_t n, cap;
	bool failed;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *t = realloc(b->s, cap);
		if (!t) {
			b->failed = true;
			return;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

static char *sb_take(sbuf *b)
{
	if (b->failed) {
		free(b->s);
		return NULL;
	}
	if (!b->s)
		return strdup("");
	return b->s;
}

static void thousands(int64_t whole, char *out, size_t cap)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%" PRId64, whole);
	size_t n = strlen(digits), o = 0;
	for (size_t i = 0; i < n && o + 2 < cap; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

/* Ten-thousandths as a decimal without trailing zeros. */
static void decimal4(int64_t raw, char *out, size_t cap)
{
	const char *sign = raw < 0 ? "-" : "";
	uint64_t a = raw < 0 ? (uint64_t)(-(raw + 1)) + 1 : (uint64_t)raw;
	char frac[8];
	snprintf(frac, sizeof frac, "%04" PRIu64, a % 10000);
	for (int i = 3; i >= 0 && frac[i] == '0'; i--)
		frac[i] = '\0';
	if (*frac)
		snprintf(out, cap, "%s%" PRIu64 ".%s", sign, a / 10000, frac);
	else
		snprintf(out, cap, "%s%" PRIu64, sign, a / 10000);
}

void wit_format(const leaf *l, int64_t raw, char *out, size_t cap, bool canonical)
{
	switch (l->sort) {
	case S_DATE: {
		int64_t y;
		unsigned m, d;
		lp_civil_from_days(raw, &y, &m, &d);
		snprintf(out, cap, "%04" PRId64 "-%02u-%02u", y, m, d);
		return;
	}
	case S_NUM:
		if (l->money) {
			char w[40];
			if (canonical) {
				snprintf(out, cap, "%" PRId64 ".%02" PRId64, raw / 100, raw % 100);
				return;
			}
			thousands(raw / 100, w, sizeof w);
			snprintf(out, cap, "$%s.%02" PRId64, w, raw % 100);
		} else if (l->count) {
			snprintf(out, cap, "%" PRId64, raw);
		} else if (l->duration) {
			snprintf(out, cap, "%" PRId64 " day%s", raw, raw == 1 ? "" : "s");
		} else if (l->percent && !canonical) {
			/* raw is the fraction in ten-thousandths: percent hundredths */
			int64_t a = raw < 0 ? -raw : raw;
			if (a % 100 == 0)
				snprintf(out, cap, "%s%" PRId64 "%%", raw < 0 ? "-" : "", a / 100);
			else
				snprintf(out, cap, "%s%" PRId64 ".%02" PRId64 "%%", raw < 0 ? "-" : "", a / 100, a % 100);
		} else {
			decimal4(raw, out, cap);
		}
		return;
	default:
		snprintf(out, cap, "%" PRId64, raw);
		return;
	}
}

static bool model_int(world *w, Z3_model m, Z3_ast a, int64_t *out)
{
	Z3_ast v = NULL;
	if (!Z3_model_eval(w->z, m, a, true, &v) || !v)
		return false;
	return Z3_get_numeral_int64(w->z, v, out);
}

static bool model_bool(world *w, Z3_model m, Z3_ast a)
{
	Z3_ast v = NULL;
	if (!Z3_model_eval(w->z, m, a, true, &v) || !v)
		return false;
	return Z3_get_bool_value(w->z, v) == Z3_L_TRUE;
}

/* The value of a leaf as form text (canonical false) or canonical text;
 * text values not named by the policy get a made-up word. */
static bool leaf_text(world *w, Z3_model m, const leaf *l, char *out, size_t cap, bool canonical)
{
	if (!model_bool(w, m, l->present))
		return false;
	if (l->sort == S_BOOL) {
		bool v = model_bool(w, m, l->raw);
		snprintf(out, cap, "%s", canonical ? (v ? "true" : "false") : (v ? "Yes" : "No"));
		return true;
	}
	int64_t raw = 0;
	if (!model_int(w, m, l->raw, &raw))
		return false;
	if (l->sort == S_TEXT) {
		const char *t = enc_text(w, raw);
		if (t)
			snprintf(out, cap, "%s", t);
		else
			snprintf(out, cap, "Other%" PRId64, raw);
		return true;
	}
	wit_format(l, raw, out, cap, canonical);
	return true;
}

bool wit_leaf_display(world *w, Z3_model m, const leaf *l, char *out, size_t cap)
{
	if (!model_bool(w, m, l->present)) {
		snprintf(out, cap, "missing");
		return true;
	}
	if (!leaf_text(w, m, l, out, cap, false))
		return false;
	if (l->sort == S_TEXT) {
		char tmp[300];
		snprintf(tmp, sizeof tmp, "\"%s\"", out);
		snprintf(out, cap, "%s", tmp);
	}
	return true;
}

static void title_case(const char *label, char *out, size_t cap)
{
	size_t n = 0;
	bool start = true;
	for (const char *p = label ? label : "value"; *p && n + 1 < cap; p++) {
		out[n++] = start ? (char)toupper((unsigned char)*p) : *p;
		start = *p == ' ';
	}
	out[n] = '\0';
}

static bool same_doc(world *w, const char *a, const char *b)
{
	(void)w;
	return a && b && !strcasecmp(a, b);
}

static char *reply_for(world *w, Z3_model m, const leaf *l)
{
	const cJSON *llm = l->step->llm;
	const char *key = lp_str(llm, "answer_key");
	cJSON *root = cJSON_CreateObject(), *ans = cJSON_AddObjectToObject(root, "answer");
	char text[300];
	bool have = leaf_text(w, m, l, text, sizeof text, true);
	if (ans && key) {
		if (l->sort == S_BOOL) {
			cJSON_AddBoolToObject(ans, key, have && !strcmp(text, "true"));
		} else {
			const char *v = text;
			const cJSON *c;
			cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(llm, "choices"))
				if (cJSON_IsString(c) && !strcasecmp(c->valuestring, text))
					v = c->valuestring;
			cJSON_AddStringToObject(ans, key, have ? v : "");
		}
		cJSON_AddStringToObject(ans, "rationale", "witness answer from policy lint");
		cJSON_AddArrayToObject(ans, "evidence");
	}
	cJSON *usage = cJSON_AddObjectToObject(root, "usage");
	if (usage) {
		cJSON_AddNumberToObject(usage, "prompt_tokens", 0);
		cJSON_AddNumberToObject(usage, "completion_tokens", 0);
	}
	char *s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	char *out = s ? strdup(s) : NULL;
	cJSON_free(s);
	return out;
}

bool wit_from_model(world *w, Z3_model m, const lp_plan *p, const size_t *focus, size_t nfocus,
                    wit_case *out)
{
	memset(out, 0, sizeof *out);
	bool ok = true;
	size_t total = 0;
	int64_t *counts = calloc(w->ndocs ? w->ndocs : 1, sizeof *counts);
	if (!counts)
		return false;
	for (size_t d = 0; d < w->ndocs; d++) {
		if (!model_int(w, m, w->docs[d].n, &counts[d]))
			counts[d] = 0;
		total += (size_t)counts[d];
	}
	out->types = calloc(total ? total : 1, sizeof *out->types);
	out->texts = calloc(total ? total : 1, sizeof *out->texts);
	ok = out->types && out->texts;
	for (size_t d = 0; ok && d < w->ndocs; d++) {
		if (counts[d] <= 0)
			continue;
		sbuf b = { 0 };
		sb_puts(&b, "Witness document written by policy lint\n");
		for (size_t i = 0; i < w->nleaves; i++) {
			const leaf *l = &w->leaves[i];
			char val[300], label[300];
			if (l->kind != LP_EXTRACT || !same_doc(w, l->step->doc, w->docs[d].type) ||
			    !leaf_text(w, m, l, val, sizeof val, false))
				continue;
			title_case(l->step->label, label, sizeof label);
			sb_puts(&b, label);
			sb_puts(&b, ": ");
			sb_puts(&b, val);
			sb_puts(&b, "\n");
		}
		char *text = sb_take(&b);
		for (int64_t k = 0; ok && k < counts[d]; k++) {
			out->types[out->ndocs] = strdup(w->docs[d].type);
			out->texts[out->ndocs] = text ? strdup(text) : NULL;
			ok = out->types[out->ndocs] && out->texts[out->ndocs];
			out->ndocs++;
		}
		free(text);
	}
	free(counts);
	/* facts */
	cJSON *facts = ok ? cJSON_CreateObject() : NULL;
	ok = ok && facts;
	for (size_t i = 0; ok && i < w->nleaves; i++) {
		const leaf *l = &w->leaves[i];
		char val[300];
		if (l->kind != LP_LOOKUP || !leaf_text(w, m, l, val, sizeof val, true))
			continue;
		if (l->sort == S_BOOL)
			cJSON_AddBoolToObject(facts, l->step->label, !strcmp(val, "true"));
		else if (l->count)
			cJSON_AddItemToObject(facts, l->step->label, cJSON_CreateRaw(val));
		else
			cJSON_AddStringToObject(facts, l->step->label, val);
	}
	char *f = ok ? cJSON_Print(facts) : NULL;
	cJSON_Delete(facts);
	out->facts = f ? strdup(f) : NULL;
	cJSON_free(f);
	ok = ok && out->facts;
	/* model answers, matched to this plan's llm steps */
	out->llm = calloc(p->n ? p->n : 1, sizeof *out->llm);
	ok = ok && out->llm;
	for (size_t i = 0; ok && i < p->n; i++) {
		if (p->steps[i].kind != LP_LLM)
			continue;
		for (size_t k = 0; k < w->nleaves; k++) {
			const leaf *l = &w->leaves[k];
			if (l->kind != LP_LLM || strcmp(l->step->id, p->steps[i].id))
				continue;
			out->llm[out->nllm].step = strdup(p->steps[i].id);
			out->llm[out->nllm].reply = reply_for(w, m, l);
			ok = out->llm[out->nllm].step && out->llm[out->nllm].reply;
			out->nllm++;
			break;
		}
	}
	/* summary: focus leaves first, then the other inputs that are given */
	sbuf s = { 0 };
	size_t listed = 0;
	for (size_t pass = 0; ok && pass < 2; pass++) {
		for (size_t i = 0; i < w->nleaves; i++) {
			bool in_focus = false;
			for (size_t k = 0; k < nfocus; k++)
				in_focus |= focus[k] == i;
			if (in_focus != (pass == 0))
				continue;
			const leaf *l = &w->leaves[i];
			char val[300];
			if (!wit_leaf_display(w, m, l, val, sizeof val))
				continue;
			if (listed++)
				sb_puts(&s, ", ");
			sb_puts(&s, "the ");
			sb_puts(&s, l->step->label ? l->step->label : "value");
			sb_puts(&s, !strcmp(val, "missing") ? " is " : " is ");
			sb_puts(&s, val);
		}
	}
	out->summary = sb_take(&s);
	ok = ok && out->summary;
	if (!ok)
		wit_case_free(out);
	return ok;
}

void wit_case_free(wit_case *c)
{
	for (size_t i = 0; i < c->ndocs; i++) {
		free(c->types[i]);
		free(c->texts[i]);
	}
	free(c->types);
	free(c->texts);
	free(c->facts);
	for (size_t i = 0; i < c->nllm; i++) {
		free(c->llm[i].step);
		free(c->llm[i].reply);
	}
	free(c->llm);
	free(c->answers);
	free(c->summary);
	memset(c, 0, sizeof *c);
}

void wit_run_free(wit_run *r)
{
	for (size_t i = 0; i < r->nactions; i++)
		free(r->actions[i]);
	free(r->actions);
	memset(r, 0, sizeof *r);
}

static bool add_facts(policy_case *kase, const char *facts)
{
	cJSON *o = cJSON_Parse(facts ? facts : "{}"), *it;
	if (!o)
		return false;
	bool ok = true;
	cJSON_ArrayForEach(it, o) {
		char *v = cJSON_PrintUnformatted(it);
		ok = ok && v && policy_case_add_fact(kase, it->string, v, strlen(v)) == POLICY_OK;
		cJSON_free(v);
	}
	cJSON_Delete(o);
	return ok;
}

static void hash_hex(const char *s, char out[33])
{
	XXH128_hash_t h = XXH3_128bits(s, strlen(s));
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, h);
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", c.digest[i]);
}

bool wit_run_plan(const policy_plan *plan, wit_case *c, wit_run *out)
{
	memset(out, 0, sizeof *out);
	policy_case *kase = NULL;
	if (policy_case_new(NULL, &kase) != POLICY_OK)
		return false;
	/* No case id: a model request names its case, so the recorded answers
	 * are keyed by the requests of a case without one, which is what
	 * `policy run` without --case (and a host that sets no id) sends. */
	bool ok = true;
	for (size_t i = 0; ok && i < c->ndocs; i++)
		ok = policy_case_add_document(kase, c->types[i], c->texts[i], strlen(c->texts[i])) == POLICY_OK;
	ok = ok && add_facts(kase, c->facts);
	policy_exec *x = NULL;
	policy_error *err = NULL;
	if (ok && policy_exec_new(plan, kase, NULL, &x, &err) != POLICY_OK)
		ok = false;
	policy_error_free(err);
	sbuf lines = { 0 };
	for (unsigned guard = 0; ok && guard < 100000; guard++) {
		const policy_task *t = NULL;
		if (policy_exec_next(x, &t) != POLICY_OK) {
			ok = false;
			break;
		}
		if (!t)
			break;
		if (policy_task_kind(t) != POLICY_STEP_LLM) {
			ok = policy_exec_complete_builtin(x, t) == POLICY_OK;
			continue;
		}
		const char *reply = NULL;
		for (size_t i = 0; i < c->nllm; i++)
			if (!strcmp(c->llm[i].step, policy_task_step_id(t)))
				reply = c->llm[i].reply;
		if (!reply) {
			ok = policy_exec_fail(x, t, "no answer in the witness") == POLICY_OK;
			continue;
		}
		char hash[33];
		hash_hex(policy_task_request_json(t), hash);
		cJSON *line = cJSON_CreateObject();
		cJSON *r = cJSON_Parse(reply);
		if (line && r) {
			cJSON_AddStringToObject(line, "request_hash", hash);
			cJSON_AddStringToObject(line, "step", policy_task_step_id(t));
			cJSON_AddItemToObject(line, "reply", r);
			r = NULL;
			char *txt = cJSON_PrintUnformatted(line);
			if (txt) {
				sb_puts(&lines, txt);
				sb_puts(&lines, "\n");
			} else {
				lines.failed = true;
			}
			cJSON_free(txt);
		} else {
			lines.failed = true;
		}
		cJSON_Delete(r);
		cJSON_Delete(line);
		ok = policy_exec_complete(x, t, reply, strlen(reply)) == POLICY_OK;
	}
	if (ok) {
		out->outcome = policy_exec_outcome(x);
		size_t n = policy_exec_action_count(x);
		out->actions = calloc(n ? n : 1, sizeof *out->actions);
		ok = out->actions != NULL;
		for (size_t i = 0; ok && i < n; i++) {
			out->actions[i] = strdup(policy_exec_action_text(x, i));
			ok = out->actions[i] != NULL;
			out->nactions++;
		}
	}
	if (ok && lines.n && !c->answers)
		c->answers = sb_take(&lines);
	else
		free(lines.s);
	policy_exec_free(x);
	policy_case_free(kase);
	if (!ok)
		wit_run_free(out);
	return ok;
}

bool wit_fired(const wit_run *r, const char *text)
{
	char a[512], b[512];
	lp_action_key(text, a, sizeof a);
	for (size_t i = 0; i < r->nactions; i++) {
		lp_action_key(r->actions[i], b, sizeof b);
		if (!strcmp(a, b))
			return true;
	}
	return false;
}

void wit_attach(policy_lint_report *rep, lint_finding *f, const wit_case *c, const wit_run *r)
{
	f->has_witness = true;
	for (size_t i = 0; i < c->ndocs; i++)
		rep_doc(rep, f, c->types[i], c->texts[i]);
	f->facts = rep_strdup(rep, c->facts);
	if (c->answers)
		f->answers = rep_strdup(rep, c->answers);
	cJSON *e = cJSON_CreateObject();
	if (e) {
		cJSON_AddStringToObject(e, "status", r->outcome == POLICY_OUTCOME_COMPLETE ? "complete" : "failed");
		cJSON *acts = cJSON_AddArrayToObject(e, "actions");
		for (size_t i = 0; acts && i < r->nactions; i++)
			cJSON_AddItemToArray(acts, cJSON_CreateString(r->actions[i]));
		char *s = cJSON_PrintUnformatted(e);
		f->expect = rep_strdup(rep, s);
		cJSON_free(s);
		cJSON_Delete(e);
	} else {
		rep->nomem = true;
	}
}
