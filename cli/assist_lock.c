/*
 * POLICY.assist.json: the restatements pinned beside a policy, and their
 * review (assist.h). The library reads the entries' "entry", "sentence",
 * "restatement" and "review"; the rest is this tool's record of who
 * answered, when, and who reviewed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assist.h"

#define LOCK_FORMAT "libpolicy-assist-lock/1"

char *assist_lock_path(const char *policy_path)
{
	const char *slash = strrchr(policy_path, '/');
	const char *base = slash ? slash + 1 : policy_path;
	const char *dot = strrchr(base, '.');
	size_t stem = dot && dot != base ? (size_t)(dot - policy_path) : strlen(policy_path);
	char *p = malloc(stem + sizeof ".assist.json");
	if (p) {
		memcpy(p, policy_path, stem);
		strcpy(p + stem, ".assist.json");
	}
	return p;
}

char *assist_lock_read_text(const char *lock_path, size_t *len)
{
	*len = 0;
	if (access(lock_path, F_OK) != 0)
		return NULL;
	return read_file(lock_path, len);
}

static cJSON *empty_lock(void)
{
	cJSON *l = cJSON_CreateObject();
	if (l) {
		cJSON_AddStringToObject(l, "format", LOCK_FORMAT);
		cJSON_AddItemToObject(l, "entries", cJSON_CreateArray());
	}
	return l;
}

cJSON *assist_lock_load(const char *lock_path)
{
	if (access(lock_path, F_OK) != 0)
		return empty_lock();
	size_t len;
	char *text = read_file(lock_path, &len);
	if (!text)
		return NULL;
	cJSON *l = cJSON_ParseWithLength(text, len);
	free(text);
	const char *format = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "format"));
	if (!l || !format || strcmp(format, LOCK_FORMAT) ||
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(l, "entries"))) {
		fprintf(stderr, "policy: %s is not an assist lock (\"format\": \"%s\")\n", lock_path,
		        LOCK_FORMAT);
		cJSON_Delete(l);
		return NULL;
	}
	return l;
}

bool assist_lock_save(const char *lock_path, const cJSON *lock)
{
	char *text = cJSON_Print(lock);
	if (!text) {
		fprintf(stderr, "policy: out of memory\n");
		return false;
	}
	size_t n = strlen(text);
	/* write beside it, then rename: a reader never sees half a lock */
	size_t plen = strlen(lock_path) + 8;
	char *tmp = malloc(plen);
	bool ok = tmp != NULL;
	if (ok) {
		snprintf(tmp, plen, "%s.tmp", lock_path);
		text[n] = '\n';
		ok = write_file(tmp, text, n + 1);
		if (ok && rename(tmp, lock_path) != 0) {
			fprintf(stderr, "policy: cannot write %s: %s\n", lock_path, strerror(errno));
			unlink(tmp);
			ok = false;
		}
	}
	free(tmp);
	cJSON_free(text);
	return ok;
}

static const char *str(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static cJSON *find(const cJSON *lock, const char *entry, const char *restatement)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(lock, "entries"))
	{
		const char *k = str(e, "entry"), *r = str(e, "restatement");
		if (k && r && !strcmp(k, entry) && !strcmp(r, restatement))
			return (cJSON *)e;
	}
	return NULL;
}

cJSON *assist_lock_entry(const cJSON *lock, const policy_plan *plan, size_t i)
{
	return find(lock, policy_plan_assisted_entry(plan, i),
	            policy_plan_assisted_restatement(plan, i));
}

static void add_nullable(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* An entry, members in the order the file shows them. */
static cJSON *make_entry(const policy_plan *plan, size_t i, const char *model, const char *when,
                         const char *review, const char *reviewer, const char *reviewed_at)
{
	cJSON *e = cJSON_CreateObject();
	if (!e)
		return NULL;
	cJSON_AddStringToObject(e, "entry", policy_plan_assisted_entry(plan, i));
	cJSON_AddNumberToObject(e, "line", policy_plan_assisted_line(plan, i));
	cJSON_AddStringToObject(e, "sentence", policy_plan_assisted_sentence(plan, i));
	cJSON_AddStringToObject(e, "restatement", policy_plan_assisted_restatement(plan, i));
	add_nullable(e, "model", model);
	add_nullable(e, "assisted_at", when);
	cJSON_AddStringToObject(e, "review", review);
	add_nullable(e, "reviewer", reviewer);
	add_nullable(e, "reviewed_at", reviewed_at);
	return e;
}

/* Text with runs of white space made one space (malloc'd). */
static char *collapsed(const char *s)
{
	char *out = malloc(strlen(s) + 1);
	size_t n = 0;
	bool space = false;
	for (; out && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = true;
			continue;
		}
		if (space && n)
			out[n++] = ' ';
		space = false;
		out[n++] = *s;
	}
	if (out)
		out[n] = '\0';
	return out;
}

static bool has_entry(const cJSON *entries, const char *entry)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, entries)
	{
		const char *k = str(e, "entry");
		if (k && !strcmp(k, entry))
			return true;
	}
	return false;
}

cJSON *assist_lock_for_plan(const cJSON *old, const policy_plan *plan, const char *policy_path,
                            const char *policy_text, const assist_host *h)
{
	cJSON *l = cJSON_CreateObject();
	if (!l)
		return NULL;
	const char *slash = strrchr(policy_path, '/');
	cJSON_AddStringToObject(l, "format", LOCK_FORMAT);
	cJSON_AddStringToObject(l, "policy", slash ? slash + 1 : policy_path);
	cJSON *entries = cJSON_AddArrayToObject(l, "entries");
	for (size_t i = 0; entries && i < policy_plan_assisted_count(plan); i++) {
		const cJSON *kept = assist_lock_entry(old, plan, i);
		cJSON *e;
		if (kept) {
			e = make_entry(plan, i, str(kept, "model"), str(kept, "assisted_at"),
			               assist_review_state(kept), str(kept, "reviewer"),
			               str(kept, "reviewed_at"));
		} else {
			const char *when = NULL;
			const char *model = assist_host_model(h, policy_plan_assisted_entry(plan, i), &when);
			char now[32];
			assist_now(now, sizeof now);
			e = make_entry(plan, i, model, when ? when : now, "pending", NULL, NULL);
		}
		if (e)
			cJSON_AddItemToArray(entries, e);
	}
	assist_host_declines(h, entries);
	char *text = collapsed(policy_text);
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(old, "entries"))
	{
		const char *k = str(e, "entry"), *sentence = str(e, "sentence");
		if (str(e, "decline") && k && sentence && text && strstr(text, sentence) &&
		    !has_entry(entries, k))
			cJSON_AddItemToArray(entries, cJSON_Duplicate(e, true));
	}
	free(text);
	return l;
}

const char *assist_review_state(const cJSON *entry)
{
	if (!entry)
		return "not in the lock";
	const char *r = str(entry, "review");
	if (r && (!strcmp(r, "accepted") || !strcmp(r, "rejected")))
		return r;
	return "pending";
}

size_t assist_print_unreviewed(FILE *f, const cJSON *lock, const policy_plan *plan,
                               const char *lead)
{
	size_t n = 0;
	for (size_t i = 0; i < policy_plan_assisted_count(plan); i++) {
		const char *state = assist_review_state(assist_lock_entry(lock, plan, i));
		if (!strcmp(state, "accepted"))
			continue;
		fprintf(f, "%sline %u: \"%s\"\n%s  read as: \"%s\" (%s)\n", lead,
		        policy_plan_assisted_line(plan, i), policy_plan_assisted_sentence(plan, i), lead,
		        policy_plan_assisted_restatement(plan, i), state);
		n++;
	}
	return n;
}

int assist_compile(const char *path, assist_host *h, policy_plan **plan)
{
	*plan = NULL;
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return EXIT_INPUT;
	char *lock_path = assist_lock_path(path);
	size_t lock_len = 0;
	char *lock = lock_path ? assist_lock_read_text(lock_path, &lock_len) : NULL;
	policy_compile_options o = POLICY_COMPILE_OPTIONS_INIT;
	o.assist_lock = lock;
	o.assist_lock_len = lock_len;
	if (h) {
		o.assist = assist_host_answer;
		o.assist_user_data = h;
	}
	policy_error *err = NULL;
	policy_status st = policy_compile(text, len, &o, plan, &err);
	if (err)
		print_error(err, path, text, len);
	policy_error_free(err);
	free(lock);
	free(lock_path);
	free(text);
	if (st == POLICY_OK)
		return EXIT_OK;
	return st == POLICY_ERR_NOMEM ? EXIT_INTERNAL : EXIT_COMPILE;
}
