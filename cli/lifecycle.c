/*
 * What the lifecycle commands share: opening the store, naming plans
 * (files or NAME@VERSION in the registry), reading cases (--doc/--facts or
 * a corpus case folder) and comparing decisions.
 *
 * A case's manifest records what the host gave the execution that the
 * trail does not: how many documents of each type (requirements such as
 * "require three independent appraisals" count them) and the facts
 * supplied. `run --store` keeps it with the run so a replay can rebuild
 * the case exactly.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lifecycle.h"

int store_open(const char *path, bool must_exist, policy_sqlite **db)
{
	*db = NULL;
	if (must_exist && access(path, F_OK) != 0) {
		fprintf(stderr, "policy: no store at %s (publish a policy first, or give --store)\n",
		        path);
		return EXIT_INPUT;
	}
	char *msg = NULL;
	policy_status st = policy_sqlite_open(path, NULL, db, &msg);
	if (st != POLICY_OK) {
		fprintf(stderr, "policy: %s\n", msg ? msg : "cannot open the store");
		policy_sqlite_free(msg);
		return st == POLICY_ERR_NOMEM ? EXIT_INTERNAL : st == POLICY_ERR_STATE ? EXIT_REFUSED :
		                                                                         EXIT_INPUT;
	}
	return EXIT_OK;
}

int store_error(policy_sqlite *db, policy_status st)
{
	const char *m = db ? policy_sqlite_errmsg(db) : "";
	fprintf(stderr, "policy: %s\n", *m ? m : policy_status_name(st));
	switch (st) {
	case POLICY_ERR_NOT_FOUND: return EXIT_NOT_FOUND;
	case POLICY_ERR_STATE: return EXIT_REFUSED;
	case POLICY_ERR_PLAN:
	case POLICY_ERR_HASH:
	case POLICY_ERR_TRAIL:
	case POLICY_ERR_CHAIN:
	case POLICY_ERR_MISMATCH: return EXIT_PLAN;
	case POLICY_ERR_CALLBACK: return EXIT_INPUT;
	case POLICY_ERR_ARGUMENT: return EXIT_USAGE;
	default: return EXIT_INTERNAL;
	}
}

char *path_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (p) {
		memcpy(p, dir, a);
		p[a] = '/';
		memcpy(p + a + 1, name, b + 1);
	}
	return p;
}

void plan_title(const policy_plan *plan, char *out, size_t cap)
{
	snprintf(out, cap, "%s %s (plan %.12s)", policy_plan_name(plan) ? policy_plan_name(plan) : "?",
	         policy_plan_policy_version(plan) ? policy_plan_policy_version(plan) : "?",
	         policy_plan_body_hash(plan));
}

int plan_from_ref(const char *ref, const char *store_path, policy_plan **plan, char **what)
{
	*plan = NULL;
	*what = NULL;
	const char *at = strrchr(ref, '@');
	if (access(ref, F_OK) == 0 || !at || at == ref || !at[1]) {
		int rc = load_or_compile(ref, plan);
		if (rc == EXIT_OK && !(*what = strdup(ref)))
			rc = EXIT_INTERNAL;
		return rc;
	}
	policy_sqlite *db;
	int rc = store_open(store_path ? store_path : DEFAULT_STORE, true, &db);
	if (rc)
		return rc;
	char *name = strndup(ref, (size_t)(at - ref));
	policy_error *err = NULL;
	policy_status st = name ? policy_sqlite_load_plan(db, name, at + 1, NULL, plan, &err) :
	                          POLICY_ERR_NOMEM;
	if (st != POLICY_OK) {
		rc = store_error(db, st);
		if (err)
			fprintf(stderr, "policy: %s\n", policy_error_message(err));
	} else if (!(*what = strdup(ref))) {
		rc = EXIT_INTERNAL;
	}
	policy_error_free(err);
	free(name);
	policy_sqlite_close(db);
	return rc;
}

/* ---- cases ---- */

cJSON *manifest_new(void)
{
	cJSON *m = cJSON_CreateObject();
	if (m && (!cJSON_AddObjectToObject(m, "documents") || !cJSON_AddObjectToObject(m, "facts"))) {
		cJSON_Delete(m);
		return NULL;
	}
	return m;
}

static bool manifest_count(cJSON *manifest, const char *type)
{
	if (!manifest)
		return true;
	cJSON *docs = cJSON_GetObjectItemCaseSensitive(manifest, "documents");
	cJSON *n = cJSON_GetObjectItemCaseSensitive(docs, type);
	if (n) {
		cJSON_SetNumberValue(n, n->valuedouble + 1);
		return true;
	}
	return cJSON_AddNumberToObject(docs, type, 1) != NULL;
}

static int add_doc(policy_case *c, const char *type, const char *path, cJSON *manifest)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return EXIT_INPUT;
	int rc = EXIT_OK;
	policy_status st = policy_case_add_document(c, type, text, len);
	if (st == POLICY_ERR_ARGUMENT) {
		fprintf(stderr, "policy: '%s' is not a document type\n", type);
		rc = EXIT_USAGE;
	} else if (st != POLICY_OK || !manifest_count(manifest, type)) {
		rc = EXIT_INTERNAL;
	}
	free(text);
	return rc;
}

int case_add_doc_arg(policy_case *c, const char *arg, cJSON *manifest)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1]) {
		fprintf(stderr, "policy: --doc needs TYPE=PATH, e.g. --doc \"claim form=claim.txt\"\n");
		return EXIT_USAGE;
	}
	char *type = strndup(arg, (size_t)(eq - arg));
	if (!type)
		return EXIT_INTERNAL;
	int rc = add_doc(c, type, eq + 1, manifest);
	free(type);
	return rc;
}

int case_add_facts_file(policy_case *c, const char *path, cJSON *manifest)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return EXIT_INPUT;
	cJSON *root = cJSON_ParseWithLength(text, len);
	free(text);
	if (!root || !cJSON_IsObject(root)) {
		fprintf(stderr, "policy: %s: facts must be a JSON object {\"fact name\": value}\n", path);
		cJSON_Delete(root);
		return EXIT_INPUT;
	}
	cJSON *facts = manifest ? cJSON_GetObjectItemCaseSensitive(manifest, "facts") : NULL;
	int rc = EXIT_OK;
	for (cJSON *it = root->child; it && rc == EXIT_OK; it = it->next) {
		if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
			fprintf(stderr, "policy: %s: fact \"%s\" must be a string, number or boolean\n",
			        path, it->string);
			rc = EXIT_INPUT;
			break;
		}
		char *json = cJSON_PrintUnformatted(it);
		if (!json || policy_case_add_fact(c, it->string, json, strlen(json)) != POLICY_OK)
			rc = EXIT_INTERNAL;
		free(json);
		if (rc == EXIT_OK && facts) {
			cJSON *copy = cJSON_Duplicate(it, false);
			if (!copy || !cJSON_AddItemToObject(facts, it->string, copy)) {
				cJSON_Delete(copy);
				rc = EXIT_INTERNAL;
			}
		}
	}
	cJSON_Delete(root);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "appraisal.2.txt" -> "appraisal"; "claim_form.txt" -> "claim form". */
static char *doc_type(const char *file)
{
	char *t = strdup(file);
	if (!t)
		return NULL;
	char *dot = strrchr(t, '.');
	if (dot && dot != t)
		*dot = '\0';
	dot = strrchr(t, '.');
	if (dot && dot[1]) {
		bool digits = true;
		for (const char *p = dot + 1; *p; p++)
			digits &= isdigit((unsigned char)*p) != 0;
		if (digits)
			*dot = '\0';
	}
	for (char *p = t; *p; p++)
		if (*p == '_')
			*p = ' ';
	return t;
}

int case_from_dir(const char *dir, const char *case_id, policy_case **out, cJSON **manifest)
{
	*out = NULL;
	*manifest = manifest_new();
	policy_case *c = NULL;
	if (!*manifest || policy_case_new(NULL, &c) != POLICY_OK)
		return EXIT_INTERNAL;
	int rc = case_id && policy_case_set_id(c, case_id) != POLICY_OK ? EXIT_INTERNAL : EXIT_OK;
	char *path = path_join(dir, "docs");
	DIR *d = path ? opendir(path) : NULL;
	char **names = NULL;
	size_t n = 0, cap = 0;
	if (!path) {
		rc = EXIT_INTERNAL;
	} else if (!d && errno != ENOENT) {
		fprintf(stderr, "policy: cannot read %s: %s\n", path, strerror(errno));
		rc = EXIT_INPUT;
	}
	for (struct dirent *e; rc == EXIT_OK && d && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			char **bigger = realloc(names, cap * sizeof *names);
			if (!bigger) {
				rc = EXIT_INTERNAL;
				break;
			}
			names = bigger;
		}
		if (!(names[n] = strdup(e->d_name)))
			rc = EXIT_INTERNAL;
		else
			n++;
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
		char *type = doc_type(names[i]);
		char *file = path_join(path, names[i]);
		rc = type && file ? add_doc(c, type, file, *manifest) : EXIT_INTERNAL;
		free(type);
		free(file);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(path);
	path = path_join(dir, "facts.json");
	if (rc == EXIT_OK && !path)
		rc = EXIT_INTERNAL;
	if (rc == EXIT_OK && access(path, F_OK) == 0)
		rc = case_add_facts_file(c, path, *manifest);
	free(path);
	if (rc != EXIT_OK) {
		policy_case_free(c);
		cJSON_Delete(*manifest);
		*manifest = NULL;
		return rc;
	}
	*out = c;
	return EXIT_OK;
}

/* ---- decisions ---- */

static bool push(char ***arr, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (action_same((*arr)[i], s))
			return true;
	char **bigger = realloc(*arr, (*n + 1) * sizeof **arr);
	if (!bigger)
		return false;
	*arr = bigger;
	if (!(bigger[*n] = strdup(s)))
		return false;
	(*n)++;
	return true;
}

void decision_free(decision *d)
{
	for (size_t i = 0; i < d->nactions; i++)
		free(d->actions[i]);
	for (size_t i = 0; i < d->nchecks; i++)
		free(d->checks[i]);
	free(d->actions);
	free(d->checks);
	free(d->error);
	memset(d, 0, sizeof *d);
}

static const char *item_text(const cJSON *it)
{
	if (cJSON_IsString(it))
		return it->valuestring;
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "text");
	return cJSON_IsString(t) ? t->valuestring : NULL;
}

bool decision_from_json(const cJSON *root, decision *d)
{
	memset(d, 0, sizeof *d);
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(root, "status");
	d->failed = cJSON_IsString(status) && strcmp(status->valuestring, "complete") != 0;
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (cJSON_IsString(err) && !(d->error = strdup(err->valuestring)))
		return false;
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "actions"))
		if (item_text(it) && !push(&d->actions, &d->nactions, item_text(it)))
			return false;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "failed_checks"))
		if (item_text(it) && !push(&d->checks, &d->nchecks, item_text(it)))
			return false;
	return true;
}

bool decision_from_trail(const cJSON *entries, decision *d)
{
	memset(d, 0, sizeof *d);
	const cJSON *e;
	cJSON_ArrayForEach(e, entries)
	{
		const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "kind"));
		const char *label = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "label"));
		const cJSON *out = cJSON_GetObjectItemCaseSensitive(e, "output");
		if (!kind || !label)
			continue;
		bool rule = !strcmp(kind, "action") || !strcmp(kind, "check") || !strcmp(kind, "require");
		if (!rule)
			continue;
		if (!out || cJSON_IsNull(out)) {
			if (!d->failed) {
				const char *why = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "reason"));
				char msg[1024];
				snprintf(msg, sizeof msg, "\"%s\" cannot be decided%s%s", label, why ? ": " : "",
				         why ? why : "");
				if (!(d->error = strdup(msg)))
					return false;
			}
			d->failed = true;
		} else if (!strcmp(kind, "action") && cJSON_IsTrue(out)) {
			/* A policy guardrail replaced the action with its alternative. */
			const char *text = label;
			const cJSON *g;
			cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(e, "guardrails"))
			{
				const char *alt = cJSON_GetStringValue(
					cJSON_GetObjectItemCaseSensitive(g, "alternative"));
				if (alt)
					text = alt;
			}
			if (!push(&d->actions, &d->nactions, text))
				return false;
		} else if (strcmp(kind, "action") && cJSON_IsFalse(out)) {
			if (!push(&d->checks, &d->nchecks, label))
				return false;
		}
	}
	if (d->failed) {
		/* As the executor does: no decision, no actions. */
		for (size_t i = 0; i < d->nactions; i++)
			free(d->actions[i]);
		d->nactions = 0;
	}
	return true;
}

/* The corpus convention (shared/corpus/run-corpus): lowercase, trailing
 * '.', ';' and ':' dropped, quotes and parentheses removed, words split on
 * spaces, articles left out. */
static void normalize(const char *s, char *out, size_t cap)
{
	char tmp[1024];
	size_t n = 0;
	for (const char *p = s; *p && n + 1 < sizeof tmp; p++)
		if (!strchr("\"'`()", *p))
			tmp[n++] = (char)tolower((unsigned char)*p);
	tmp[n] = '\0';
	while (n && (isspace((unsigned char)tmp[n - 1]) || strchr(".;:", tmp[n - 1])))
		tmp[--n] = '\0';
	size_t o = 0;
	for (char *save = NULL, *w = strtok_r(tmp, " \t\n\r", &save); w;
	     w = strtok_r(NULL, " \t\n\r", &save)) {
		if (!strcmp(w, "the") || !strcmp(w, "a") || !strcmp(w, "an"))
			continue;
		int k = snprintf(out + o, cap - o, "%s%s", o ? " " : "", w);
		if (k < 0 || (size_t)k >= cap - o)
			break;
		o += (size_t)k;
	}
	out[o < cap ? o : cap - 1] = '\0';
}

bool action_same(const char *a, const char *b)
{
	char x[1024], y[1024];
	normalize(a, x, sizeof x);
	normalize(b, y, sizeof y);
	return !strcmp(x, y);
}

static bool same_set(char **a, size_t na, char **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t j = 0; j < nb && !found; j++)
			found = action_same(a[i], b[j]);
		if (!found)
			return false;
	}
	return true;
}

bool decision_same(const decision *a, const decision *b)
{
	return a->failed == b->failed && same_set(a->actions, a->nactions, b->actions, b->nactions) &&
	       same_set(a->checks, a->nchecks, b->checks, b->nchecks);
}

void decision_print(FILE *f, const decision *d)
{
	if (d->failed) {
		fprintf(f, "failed (no decision)");
		return;
	}
	fprintf(f, "complete: ");
	if (!d->nactions)
		fprintf(f, "no action");
	for (size_t i = 0; i < d->nactions; i++)
		fprintf(f, "%s%s", i ? "; " : "", d->actions[i]);
	if (d->nchecks)
		fprintf(f, " (%zu failed check%s)", d->nchecks, d->nchecks == 1 ? "" : "s");
}

cJSON *decision_to_json(const decision *d)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "status", d->failed ? "failed" : "complete");
	cJSON *a = cJSON_AddArrayToObject(o, "actions");
	for (size_t i = 0; a && i < d->nactions; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(d->actions[i]));
	cJSON *c = cJSON_AddArrayToObject(o, "failed_checks");
	for (size_t i = 0; c && i < d->nchecks; i++)
		cJSON_AddItemToArray(c, cJSON_CreateString(d->checks[i]));
	if (d->error)
		cJSON_AddStringToObject(o, "error", d->error);
	else
		cJSON_AddNullToObject(o, "error");
	return o;
}
