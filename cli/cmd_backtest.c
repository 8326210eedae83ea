/*
 * policy backtest NAME NEW.txt|PLAN.json [--store DB] [--latest] [--json] [-v]
 *
 * Replay every stored run of policy NAME (every version) with a new plan,
 * from the runs' trails and manifests (see replay.c), and report how many
 * decisions would change and which: the case, the run, the version that
 * decided it, the decision then and now, and any input the new plan needed
 * that the record does not hold. --latest keeps only each case's most
 * recent run. Exit 0 when no decision changes, 1 when some do.
 */
#include <stdlib.h>
#include <string.h>

#include "lifecycle.h"

static const char *s(const cJSON *o, const char *key)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
	return v ? v : "";
}

/* Is there a later run of the same case in `runs` after `row`? */
static bool superseded(const cJSON *row)
{
	for (const cJSON *n = row->next; n; n = n->next)
		if (!strcmp(s(n, "case"), s(row, "case")))
			return true;
	return false;
}

static int backtest_run(policy_sqlite *db, const policy_plan *plan, const cJSON *row,
                        bool *changed, decision *before, replay *after)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(row, "run");
	char *jsonl = NULL, *manifest = NULL;
	size_t len;
	policy_status st = policy_sqlite_trail(db, (int64_t)id->valuedouble, &jsonl, &len);
	if (st != POLICY_OK)
		return store_error(db, st);
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(row, "manifest");
	int rc = EXIT_OK;
	if (m && !cJSON_IsNull(m) && !(manifest = cJSON_PrintUnformatted(m)))
		rc = EXIT_INTERNAL;
	recorded r = { 0 };
	char origin[64];
	snprintf(origin, sizeof origin, "run %lld", (long long)id->valuedouble);
	if (rc == EXIT_OK)
		rc = recorded_load(jsonl, len, manifest, origin, &r);
	if (rc == EXIT_OK && !decision_from_trail(r.entries, before))
		rc = EXIT_INTERNAL;
	if (rc == EXIT_OK)
		rc = replay_run(plan, &r, after);
	if (rc == EXIT_OK)
		*changed = !decision_same(before, &after->d);
	recorded_free(&r);
	policy_sqlite_free(jsonl);
	cJSON_free(manifest);
	return rc;
}

int cmd_backtest(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy backtest NAME NEW.txt|PLAN.json [--store DB] [--latest] [--json] [-v]\n";
	const char *name = NULL, *path = NULL, *store = DEFAULT_STORE;
	bool json = false, latest = false, verbose = false;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--store") && i + 1 < argc)
			store = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--latest"))
			latest = true;
		else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
			verbose = true;
		else if (!name && argv[i][0] != '-')
			name = argv[i];
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!name || !path) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	policy_plan *plan;
	int rc = load_or_compile(path, &plan);
	if (rc)
		return rc;
	policy_sqlite *db = NULL;
	rc = store_open(store, true, &db);
	char *list = NULL;
	if (rc == EXIT_OK) {
		policy_sqlite_run_filter f = POLICY_SQLITE_RUN_FILTER_INIT;
		f.policy = name;
		policy_status st = policy_sqlite_runs(db, &f, &list, NULL);
		if (st != POLICY_OK)
			rc = store_error(db, st);
	}
	cJSON *runs = list ? cJSON_Parse(list) : NULL;
	if (rc == EXIT_OK && !runs)
		rc = EXIT_INTERNAL;
	if (rc == EXIT_OK && cJSON_GetArraySize(runs) == 0) {
		fprintf(stderr, "policy: no run of \"%s\" is stored in %s\n", name, store);
		rc = EXIT_NOT_FOUND;
	}
	char title[512];
	plan_title(plan, title, sizeof title);
	if (rc == EXIT_OK && !json)
		printf("Backtest of %s [%s] over the stored runs of %s:\n", title, path, name);
	cJSON *report = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(report, "runs");
	size_t total = 0, changes = 0, unrecorded = 0;
	const cJSON *row, *all = rc == EXIT_OK ? runs : NULL;
	cJSON_ArrayForEach(row, all)
	{
		if (latest && superseded(row))
			continue;
		bool changed = false;
		decision before = { 0 };
		replay after = { 0 };
		rc = backtest_run(db, plan, row, &changed, &before, &after);
		if (rc != EXIT_OK) {
			decision_free(&before);
			replay_free(&after);
			break;
		}
		total++;
		changes += changed;
		int nu = cJSON_GetArraySize(after.unrecorded);
		unrecorded += nu > 0;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToArray(rows, o);
		cJSON_AddStringToObject(o, "case", s(row, "case"));
		cJSON_AddNumberToObject(o, "run", cJSON_GetObjectItemCaseSensitive(row, "run")->valuedouble);
		cJSON_AddStringToObject(o, "version", s(row, "version"));
		cJSON_AddBoolToObject(o, "changed", changed);
		cJSON_AddItemToObject(o, "before", decision_to_json(&before));
		cJSON_AddItemToObject(o, "after", decision_to_json(&after.d));
		cJSON_AddItemToObject(o, "unrecorded", cJSON_Duplicate(after.unrecorded, true));
		if (!json && (changed || verbose)) {
			printf("  %-8s %s (run %d, %s): ", changed ? "changed" : "same", s(row, "case"),
			       (int)cJSON_GetObjectItemCaseSensitive(row, "run")->valuedouble,
			       s(row, "version"));
			decision_print(stdout, &before);
			if (changed) {
				printf("\n           -> ");
				decision_print(stdout, &after.d);
			}
			printf("\n");
			print_unrecorded("           not in the record:", after.unrecorded);
		}
		decision_free(&before);
		replay_free(&after);
	}
	if (rc == EXIT_OK) {
		if (json) {
			cJSON_AddStringToObject(report, "policy", name);
			cJSON_AddStringToObject(report, "plan", title);
			cJSON_AddNumberToObject(report, "decisions", (double)total);
			cJSON_AddNumberToObject(report, "changed", (double)changes);
			cJSON_AddNumberToObject(report, "with_unrecorded_inputs", (double)unrecorded);
			char *text = cJSON_Print(report);
			if (text)
				printf("%s\n", text);
			cJSON_free(text);
		} else {
			printf("%zu of %zu decision%s would change.", changes, total, total == 1 ? "" : "s");
			if (unrecorded)
				printf(" %zu replay%s needed inputs the record does not hold.", unrecorded,
				       unrecorded == 1 ? "" : "s");
			printf("\n");
		}
		rc = changes ? EXIT_DIFFERENT : EXIT_OK;
	}
	cJSON_Delete(report);
	cJSON_Delete(runs);
	policy_sqlite_free(list);
	policy_sqlite_close(db);
	policy_plan_free(plan);
	return rc;
}
