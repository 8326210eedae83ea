/*
 * Replaying a recorded trail: re-executing a case from what its trail
 * recorded, with the recorded plan (the decision must come out the same)
 * or with another plan (what would it have decided?).
 *
 * The trail holds every value the world gave the execution: each extract's
 * and lookup's output (or why it was missing), the evidence consumers
 * recorded for it (document, page, line, snippet; fact and system), each
 * model answer with its rationale and quotes, and the tokens used. So the
 * replay needs no documents and no systems: it drives the sans-I/O core
 * (policy_exec_next / policy_exec_complete) and answers each task from the
 * record, matching steps by id and then by kind and label (a new plan may
 * order or number them differently). A task the record cannot answer (a
 * new plan that looks up a fact the old one never asked for) is answered
 * "missing", from the case's stored facts when the run's manifest has
 * them, and listed, so a changed decision that rests on it is visible as
 * such.
 *
 * What the trail does not hold is how many documents of each type the
 * case had, which requirements and document counts read. The run's
 * manifest (stored by `run --store`) says; for a bare trail file the
 * counts are rebuilt from the evidence ("appraisal 2 of 3") and from the
 * requirements' own reasons ("2 independent appraisals in the case; 3
 * required"). Stand-in documents of those types carry the recorded
 * snippets and model quotes, so a model answer's quotes are found again.
 *
 * The replay's clock reads the recorded run's first start time. A run
 * recorded with a fixed clock therefore replays to the same trail bytes,
 * hash chain and all; otherwise only the timestamps differ, and the
 * entries are compared without them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lifecycle.h"

static int64_t replay_clock(void *user_data)
{
	return *(const int64_t *)user_data;
}

void recorded_free(recorded *r)
{
	policy_trail_free(r->trail);
	cJSON_Delete(r->entries);
	cJSON_Delete(r->manifest);
	memset(r, 0, sizeof *r);
}

static const char *str_of(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

int recorded_load(const char *jsonl, size_t len, const char *manifest_json, const char *origin,
                  recorded *r)
{
	memset(r, 0, sizeof *r);
	policy_error *err = NULL;
	policy_status st = policy_trail_load(jsonl, len, NULL, &r->trail, &err);
	if (st != POLICY_OK) {
		print_error(err, origin, NULL, 0);
		policy_error_free(err);
		return st == POLICY_ERR_NOMEM ? EXIT_INTERNAL : EXIT_PLAN;
	}
	r->entries = cJSON_CreateArray();
	if (!r->entries) {
		recorded_free(r);
		return EXIT_INTERNAL;
	}
	policy_trail_iter *it;
	if (policy_trail_iter_new(r->trail, &it) != POLICY_OK) {
		recorded_free(r);
		return EXIT_INTERNAL;
	}
	while (policy_trail_iter_next(it)) {
		cJSON *e = cJSON_Parse(policy_trail_iter_json(it));
		if (!e || !cJSON_AddItemToArray(r->entries, e)) {
			cJSON_Delete(e);
			policy_trail_iter_free(it);
			recorded_free(r);
			return EXIT_INTERNAL;
		}
	}
	policy_trail_iter_free(it);
	const cJSON *first = cJSON_GetArrayItem(r->entries, 0);
	if (!first) {
		fprintf(stderr, "policy: %s: the trail has no entries\n", origin);
		recorded_free(r);
		return EXIT_PLAN;
	}
	r->case_id = str_of(first, "case");
	r->policy = str_of(first, "policy");
	r->version = str_of(first, "version");
	r->plan_hash = str_of(first, "plan");
	const cJSON *started = cJSON_GetObjectItemCaseSensitive(first, "started");
	r->clock = cJSON_IsNumber(started) ? (int64_t)started->valuedouble : 0;
	if (manifest_json && !(r->manifest = cJSON_Parse(manifest_json))) {
		fprintf(stderr, "policy: the run's manifest is not JSON\n");
		recorded_free(r);
		return EXIT_PLAN;
	}
	return EXIT_OK;
}

/* ---- the reconstructed case ---- */

typedef struct doc_count {
	char *type;
	unsigned count;
	char *text; /* snippets and quotes, newline-separated */
	size_t len;
} doc_count;

typedef struct docs {
	doc_count *v;
	size_t n;
	bool nomem;
} docs;

static doc_count *doc_find(docs *d, const char *type)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcasecmp(d->v[i].type, type))
			return &d->v[i];
	doc_count *v = realloc(d->v, (d->n + 1) * sizeof *v);
	if (!v) {
		d->nomem = true;
		return NULL;
	}
	d->v = v;
	doc_count *c = &v[d->n];
	memset(c, 0, sizeof *c);
	if (!(c->type = strdup(type))) {
		d->nomem = true;
		return NULL;
	}
	d->n++;
	return c;
}

static void doc_at_least(docs *d, const char *type, unsigned n)
{
	doc_count *c = doc_find(d, type);
	if (c && c->count < n)
		c->count = n;
}

static void doc_text(docs *d, doc_count *c, const char *s)
{
	if (!c || !s)
		return;
	size_t n = strlen(s);
	char *t = realloc(c->text, c->len + n + 2);
	if (!t) {
		d->nomem = true;
		return;
	}
	memcpy(t + c->len, s, n);
	c->len += n;
	t[c->len++] = '\n';
	t[c->len] = '\0';
	c->text = t;
}

static void docs_free(docs *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].type);
		free(d->v[i].text);
	}
	free(d->v);
}

/* One evidence object: {"document", "count", "snippet", ...}. */
static void from_evidence(docs *d, const cJSON *ev)
{
	const char *doc = str_of(ev, "document");
	if (!doc)
		return;
	const cJSON *count = cJSON_GetObjectItemCaseSensitive(ev, "count");
	const cJSON *index = cJSON_GetObjectItemCaseSensitive(ev, "index");
	unsigned n = cJSON_IsNumber(count) ? (unsigned)count->valuedouble :
	             cJSON_IsNumber(index) ? (unsigned)index->valuedouble : 1;
	doc_at_least(d, doc, n ? n : 1);
	doc_text(d, doc_find(d, doc), str_of(ev, "snippet"));
}

/* "2 independent appraisals in the case; 3 required" */
static void from_requirement(docs *d, const char *reason)
{
	if (!reason || !isdigit((unsigned char)reason[0]))
		return;
	char *end;
	unsigned long n = strtoul(reason, &end, 10);
	const char *tail = strstr(end, " in the case; ");
	if (*end != ' ' || !tail || tail == end + 1)
		return;
	char *type = strndup(end + 1, (size_t)(tail - end - 1));
	if (!type) {
		d->nomem = true;
		return;
	}
	doc_at_least(d, type, (unsigned)n);
	free(type);
}

static void collect_docs(const recorded *r, docs *d, cJSON **quotes)
{
	*quotes = cJSON_CreateArray();
	if (!*quotes)
		d->nomem = true;
	const cJSON *e, *in;
	cJSON_ArrayForEach(e, r->entries)
	{
		cJSON_ArrayForEach(in, cJSON_GetObjectItemCaseSensitive(e, "inputs"))
		{
			const cJSON *ev = cJSON_GetObjectItemCaseSensitive(in, "evidence");
			if (cJSON_IsArray(ev)) {
				const cJSON *item;
				cJSON_ArrayForEach(item, ev) from_evidence(d, item);
			} else if (cJSON_IsObject(ev)) {
				from_evidence(d, ev);
				const cJSON *q, *qs = cJSON_GetObjectItemCaseSensitive(ev, "quotes");
				cJSON_ArrayForEach(q, qs) if (cJSON_IsString(q) && *quotes)
					cJSON_AddItemToArray(*quotes, cJSON_CreateString(q->valuestring));
			}
		}
		const char *kind = str_of(e, "kind");
		if (kind && !strcmp(kind, "require"))
			from_requirement(d, str_of(e, "reason"));
	}
	if (r->manifest) {
		/* The stored manifest is exact: it replaces what was inferred. */
		const cJSON *n;
		cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(r->manifest, "documents"))
		{
			doc_count *c = cJSON_IsNumber(n) ? doc_find(d, n->string) : NULL;
			if (c)
				c->count = (unsigned)n->valuedouble;
		}
	}
}

/* Documents a plan's model steps read: a stand-in of each type, so a
 * recorded answer's quotes are found (a bare trail does not say these
 * documents existed; their model step's entry does). */
static void model_documents(const policy_plan *plan, const recorded *r, docs *d)
{
	if (r->manifest)
		return;
	char *json;
	size_t len;
	if (policy_plan_save(plan, &json, &len) != POLICY_OK) {
		d->nomem = true;
		return;
	}
	cJSON *p = cJSON_ParseWithLength(json, len);
	policy_free(json);
	const cJSON *s, *doc;
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(p, "steps"))
	{
		const cJSON *llm = cJSON_GetObjectItemCaseSensitive(s, "llm");
		const char *id = str_of(s, "id");
		bool recorded_answer = false;
		const cJSON *e;
		cJSON_ArrayForEach(e, r->entries) if (id && str_of(e, "step") && !strcmp(str_of(e, "step"), id))
			recorded_answer = true;
		if (!recorded_answer)
			continue;
		cJSON_ArrayForEach(doc, cJSON_GetObjectItemCaseSensitive(llm, "documents"))
			if (cJSON_IsString(doc))
				doc_at_least(d, doc->valuestring, 1);
	}
	cJSON_Delete(p);
}

static int build_case(const policy_plan *plan, const recorded *r, policy_case **out)
{
	*out = NULL;
	docs d = { 0 };
	cJSON *quotes = NULL;
	collect_docs(r, &d, &quotes);
	model_documents(plan, r, &d);
	policy_case *c = NULL;
	int rc = d.nomem || policy_case_new(NULL, &c) != POLICY_OK ? EXIT_INTERNAL : EXIT_OK;
	if (rc == EXIT_OK && r->case_id && policy_case_set_id(c, r->case_id) != POLICY_OK)
		rc = EXIT_INTERNAL;
	const cJSON *q;
	for (size_t i = 0; rc == EXIT_OK && i < d.n; i++) {
		cJSON_ArrayForEach(q, quotes) doc_text(&d, &d.v[i], q->valuestring);
		for (unsigned k = 0; rc == EXIT_OK && k < d.v[i].count; k++)
			if (d.nomem || policy_case_add_document(c, d.v[i].type, d.v[i].text ? d.v[i].text : "",
			                                        d.v[i].len) != POLICY_OK)
				rc = EXIT_INTERNAL;
	}
	cJSON_Delete(quotes);
	docs_free(&d);
	if (rc != EXIT_OK) {
		policy_case_free(c);
		return rc;
	}
	*out = c;
	return EXIT_OK;
}

/* ---- answering tasks from the record ---- */

static bool same_label(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	while (*a && *b) {
		if (isspace((unsigned char)*a) && isspace((unsigned char)*b)) {
			while (isspace((unsigned char)*a))
				a++;
			while (isspace((unsigned char)*b))
				b++;
			continue;
		}
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
	return !*a && !*b;
}

static const cJSON *find_entry(const recorded *r, const char *kind, const char *step,
                               const char *label)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, r->entries)
	{
		const char *k = str_of(e, "kind"), *s = str_of(e, "step");
		if (k && s && !strcmp(k, kind) && !strcmp(s, step))
			return e;
	}
	cJSON_ArrayForEach(e, r->entries)
	{
		const char *k = str_of(e, "kind");
		if (k && !strcmp(k, kind) && same_label(str_of(e, "label"), label))
			return e;
	}
	return NULL;
}

/* The evidence a consumer recorded for the recorded step `step`. */
static const cJSON *find_evidence(const recorded *r, const char *step)
{
	const cJSON *e, *in;
	cJSON_ArrayForEach(e, r->entries)
	{
		cJSON_ArrayForEach(in, cJSON_GetObjectItemCaseSensitive(e, "inputs"))
		{
			const char *s = str_of(in, "step");
			const cJSON *ev = cJSON_GetObjectItemCaseSensitive(in, "evidence");
			if (s && !strcmp(s, step) && ev && !cJSON_IsNull(ev))
				return ev;
		}
	}
	return NULL;
}

static bool add_copy(cJSON *obj, const char *key, const cJSON *v)
{
	cJSON *c = cJSON_Duplicate(v, true);
	if (!c || !cJSON_AddItemToObject(obj, key, c)) {
		cJSON_Delete(c);
		return false;
	}
	return true;
}

/* The label of the plan step a task is for. */
static const char *plan_label(const policy_plan *plan, const char *step)
{
	for (size_t i = 0; i < policy_plan_step_count(plan); i++)
		if (!strcmp(policy_plan_step_id(plan, i), step))
			return policy_plan_step_label(plan, i);
	return NULL;
}

/* A model answer rebuilt from the record: the recorded output under the
 * schema's answer key, the rationale and quotes consumers recorded as its
 * evidence, and the tokens used. */
static cJSON *model_answer(const cJSON *req, const cJSON *entry, const cJSON *ev)
{
	const char *key = NULL;
	const cJSON *k;
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(req, "schema"), "required"))
		if (cJSON_IsString(k) && strcmp(k->valuestring, "rationale") &&
		    strcmp(k->valuestring, "evidence"))
			key = k->valuestring;
	cJSON *a = cJSON_CreateObject(), *ans = cJSON_AddObjectToObject(a, "answer");
	cJSON *usage = cJSON_AddObjectToObject(a, "usage");
	if (!ans || !usage || !key)
		goto fail;
	if (!add_copy(ans, key, cJSON_GetObjectItemCaseSensitive(entry, "output")))
		goto fail;
	const char *why = str_of(ev, "rationale");
	if (!cJSON_AddStringToObject(ans, "rationale", why ? why : "replayed from the trail"))
		goto fail;
	const cJSON *quotes = cJSON_GetObjectItemCaseSensitive(ev, "quotes");
	if (!(cJSON_IsArray(quotes) ? add_copy(ans, "evidence", quotes) :
	                              cJSON_AddArrayToObject(ans, "evidence") != NULL))
		goto fail;
	const cJSON *tokens = cJSON_GetObjectItemCaseSensitive(entry, "tokens");
	if (!cJSON_AddNumberToObject(usage, "prompt_tokens",
	                             cJSON_IsNumber(tokens) ? tokens->valuedouble : 0) ||
	    !cJSON_AddNumberToObject(usage, "completion_tokens", 0))
		goto fail;
	return a;
fail:
	cJSON_Delete(a);
	return NULL;
}

/* A fact from the run's manifest, matched like the built-in lookup's
 * names (case and spacing aside). */
static const cJSON *manifest_fact(const recorded *r, const char *fact)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(r->manifest, "facts"))
		if (same_label(f->string, fact))
			return f;
	return NULL;
}

static char *answer_for(const policy_plan *plan, const recorded *r, const policy_task *task,
                        cJSON *unrecorded)
{
	policy_step_kind kind = policy_task_kind(task);
	const char *kname = policy_step_kind_name(kind);
	const char *step = policy_task_step_id(task);
	const char *label = plan_label(plan, step);
	cJSON *req = cJSON_Parse(policy_task_request_json(task));
	const cJSON *entry = find_entry(r, kname, step, label);
	const cJSON *ev = entry ? find_evidence(r, str_of(entry, "step")) : NULL;
	cJSON *a = NULL;
	if (!entry && kind == POLICY_STEP_LOOKUP && manifest_fact(r, label)) {
		a = cJSON_CreateObject();
		if (a && (!add_copy(a, "value", manifest_fact(r, label)) ||
		          !cJSON_AddStringToObject(a, "source", "case facts"))) {
			cJSON_Delete(a);
			a = NULL;
		}
	} else if (!entry) {
		char what[512];
		snprintf(what, sizeof what, "%s (%s)", label ? label : step, kname);
		cJSON_AddItemToArray(unrecorded, cJSON_CreateString(what));
		a = cJSON_CreateObject();
		if (a && !cJSON_AddStringToObject(a, "missing", "not recorded in the trail being replayed")) {
			cJSON_Delete(a);
			a = NULL;
		}
	} else {
		const cJSON *out = cJSON_GetObjectItemCaseSensitive(entry, "output");
		const char *error = str_of(entry, "error"), *reason = str_of(entry, "reason");
		a = cJSON_CreateObject();
		bool ok = a != NULL;
		if (ok && (!out || cJSON_IsNull(out))) {
			ok = error ? cJSON_AddStringToObject(a, "error", error) != NULL :
			             cJSON_AddStringToObject(a, "missing",
			                                     reason ? reason : "missing when recorded") != NULL;
		} else if (ok && kind == POLICY_STEP_LLM) {
			cJSON_Delete(a);
			a = model_answer(req, entry, ev);
			ok = a != NULL;
		} else if (ok && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(req, "each"))) {
			cJSON *vals = cJSON_AddArrayToObject(a, "values");
			const cJSON *v;
			const cJSON *list = cJSON_IsArray(out) ? out : NULL;
			int i = 0;
			ok = vals != NULL;
			cJSON_ArrayForEach(v, list)
			{
				cJSON *item = cJSON_CreateObject();
				const cJSON *evi = cJSON_IsArray(ev) ? cJSON_GetArrayItem(ev, i) : NULL;
				ok = ok && item && cJSON_AddItemToArray(vals, item) && add_copy(item, "value", v) &&
				     (!evi || cJSON_IsNull(evi) || add_copy(item, "evidence", evi));
				i++;
			}
		} else if (ok) {
			ok = add_copy(a, "value", out) && (!ev || add_copy(a, "evidence", ev));
		}
		if (!ok) {
			cJSON_Delete(a);
			a = NULL;
		}
	}
	char *json = a ? cJSON_PrintUnformatted(a) : NULL;
	cJSON_Delete(a);
	cJSON_Delete(req);
	return json;
}

/* ---- comparing with the record ---- */

static void strip_times(cJSON *e)
{
	cJSON_DeleteItemFromObjectCaseSensitive(e, "started");
	cJSON_DeleteItemFromObjectCaseSensitive(e, "ended");
	cJSON_DeleteItemFromObjectCaseSensitive(e, "prev");
	cJSON_DeleteItemFromObjectCaseSensitive(e, "hash");
}

static void compare(const recorded *r, replay *rp, const char *jsonl, size_t len)
{
	size_t rlen = 0;
	char *rec = NULL;
	rp->same_trail = policy_trail_to_jsonl(r->trail, &rec, &rlen) == POLICY_OK &&
	                 rlen == len && !memcmp(rec, jsonl, len);
	policy_free(rec);
	const char *p = jsonl, *end = jsonl + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		cJSON *e = cJSON_ParseWithLength(p, n);
		p += n + 1;
		if (!e)
			continue;
		rp->entries++;
		const char *step = str_of(e, "step");
		const cJSON *o;
		cJSON_ArrayForEach(o, r->entries)
		{
			if (!step || !str_of(o, "step") || strcmp(str_of(o, "step"), step))
				continue;
			cJSON *x = cJSON_Duplicate(o, true);
			strip_times(e);
			if (x) {
				strip_times(x);
				rp->same_entries += cJSON_Compare(x, e, true) != 0;
			}
			cJSON_Delete(x);
			break;
		}
		cJSON_Delete(e);
	}
}

void print_unrecorded(const char *lead, const cJSON *unrecorded)
{
	if (!cJSON_GetArraySize(unrecorded))
		return;
	fputs(lead, stdout);
	const cJSON *u;
	int k = 0;
	cJSON_ArrayForEach(u, unrecorded)
		printf("%s %s", k++ ? "," : "", u->valuestring);
	printf("\n");
}

void replay_free(replay *rp)
{
	policy_exec_free(rp->exec);
	policy_free(rp->trail_jsonl);
	decision_free(&rp->d);
	cJSON_Delete(rp->unrecorded);
	memset(rp, 0, sizeof *rp);
}

int replay_run(const policy_plan *plan, const recorded *r, replay *out)
{
	memset(out, 0, sizeof *out);
	policy_case *c;
	int rc = build_case(plan, r, &c);
	if (rc)
		return rc;
	out->unrecorded = cJSON_CreateArray();
	policy_exec_options opts = POLICY_EXEC_OPTIONS_INIT;
	opts.now = replay_clock;
	opts.now_user_data = (void *)&r->clock;
	policy_error *err = NULL;
	policy_status st = POLICY_ERR_NOMEM;
	if (out->unrecorded)
		st = policy_exec_new(plan, c, &opts, &out->exec, &err);
	policy_case_free(c);
	if (st != POLICY_OK) {
		fprintf(stderr, "policy: %s\n", err ? policy_error_message(err) : "out of memory");
		policy_error_free(err);
		return EXIT_INTERNAL;
	}
	for (;;) {
		const policy_task *task;
		if ((st = policy_exec_next(out->exec, &task)) != POLICY_OK || !task)
			break;
		char *answer = answer_for(plan, r, task, out->unrecorded);
		if (!answer) {
			st = POLICY_ERR_NOMEM;
			break;
		}
		st = policy_exec_complete(out->exec, task, answer, strlen(answer));
		free(answer);
		if (st != POLICY_OK)
			break;
	}
	if (st == POLICY_OK && policy_exec_outcome(out->exec) == POLICY_OUTCOME_PENDING) {
		fprintf(stderr, "policy: the replay stopped with tasks outstanding\n");
		return EXIT_INTERNAL;
	}
	char *dj = NULL;
	size_t dlen;
	if (st == POLICY_OK)
		st = policy_exec_decision_json(out->exec, &dj, &dlen);
	if (st == POLICY_OK)
		st = policy_trail_to_jsonl(policy_exec_trail(out->exec), &out->trail_jsonl,
		                           &out->trail_len);
	if (st != POLICY_OK) {
		policy_free(dj);
		fprintf(stderr, "policy: replay failed: %s\n", policy_status_name(st));
		return EXIT_INTERNAL;
	}
	cJSON *root = cJSON_ParseWithLength(dj, dlen);
	policy_free(dj);
	bool ok = root && decision_from_json(root, &out->d);
	cJSON_Delete(root);
	if (!ok)
		return EXIT_INTERNAL;
	compare(r, out, out->trail_jsonl, out->trail_len);
	return EXIT_OK;
}
