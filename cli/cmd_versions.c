/*
 * policy versions [NAME] [--store DB] [--json]
 *
 * Without a name, the policies in the registry and their active versions;
 * with one, its published versions (the active one marked) and the history
 * of the active pointer: every publish and rollback, with its time.
 */
#include <string.h>
#include <time.h>

#include "lifecycle.h"

static void print_time(double ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[32];
	if (gmtime_r(&t, &tm) && strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm))
		fputs(buf, stdout);
	else
		fputs("?", stdout);
}

static const char *s(const cJSON *o, const char *key)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
	return v ? v : "-";
}

static double n(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static int list_policies(policy_sqlite *db, bool json)
{
	char *out;
	policy_status st = policy_sqlite_policies(db, &out, NULL);
	if (st != POLICY_OK)
		return store_error(db, st);
	cJSON *list = cJSON_Parse(out);
	if (json) {
		fputs(out, stdout);
	} else if (!cJSON_GetArraySize(list)) {
		printf("No policy has been published yet.\n");
	} else {
		const cJSON *p;
		cJSON_ArrayForEach(p, list)
			printf("%s: %d version%s, active %s\n", s(p, "name"), (int)n(p, "versions"),
			       n(p, "versions") == 1 ? "" : "s", s(p, "active"));
	}
	cJSON_Delete(list);
	policy_sqlite_free(out);
	return EXIT_OK;
}

int cmd_versions(int argc, char **argv)
{
	static const char usage[] = "usage: policy versions [NAME] [--store DB] [--json]\n";
	const char *name = NULL, *store = DEFAULT_STORE;
	bool json = false;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--store") && i + 1 < argc)
			store = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!name && argv[i][0] != '-')
			name = argv[i];
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	policy_sqlite *db;
	int rc = store_open(store, true, &db);
	if (rc)
		return rc;
	if (!name) {
		rc = list_policies(db, json);
		policy_sqlite_close(db);
		return rc;
	}
	char *versions = NULL, *history = NULL;
	policy_status st = policy_sqlite_versions(db, name, &versions, NULL);
	if (st == POLICY_OK)
		st = policy_sqlite_history(db, name, &history, NULL);
	if (st != POLICY_OK) {
		rc = store_error(db, st);
	} else {
		cJSON *v = cJSON_Parse(versions), *h = cJSON_Parse(history);
		if (json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "policy", name);
			cJSON_AddItemToObject(o, "versions", v);
			cJSON_AddItemToObject(o, "history", h);
			char *text = cJSON_Print(o);
			if (text)
				printf("%s\n", text);
			else
				rc = EXIT_INTERNAL;
			cJSON_free(text);
			cJSON_Delete(o);
		} else {
			printf("%s\n", name);
			const cJSON *e;
			cJSON_ArrayForEach(e, v)
			{
				bool active = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "active"));
				printf("%s %-10s plan %.12s  effective %s  %d steps  published ", active ? "*" : " ",
				       s(e, "version"), s(e, "plan_hash"), s(e, "effective"), (int)n(e, "steps"));
				print_time(n(e, "published_at"));
				printf("%s\n", active ? "  (active)" : "");
			}
			printf("History of the active version:\n");
			cJSON_ArrayForEach(e, h)
			{
				printf("  ");
				print_time(n(e, "at"));
				printf("  %-8s  %s (plan %.12s)\n", s(e, "action"), s(e, "version"),
				       s(e, "plan_hash"));
			}
			cJSON_Delete(v);
			cJSON_Delete(h);
		}
	}
	policy_sqlite_free(versions);
	policy_sqlite_free(history);
	policy_sqlite_close(db);
	return rc;
}
