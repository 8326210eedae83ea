/*
 * policy publish POLICY.txt|PLAN.json [--store DB] [--no-activate]
 *
 * Compile (or load) a policy, store its plan in the registry under its name
 * and version, and make that version the active one. A version number
 * names one plan forever: publishing a different plan under a published
 * version is refused (exit 7), with a semantic diff summary so the author
 * sees whether the rules changed or only their formatting.
 *
 * A plan with sentences the compile-time assistant restated is published
 * only when a person has accepted every restatement (policy review): the
 * review is read from the lock beside the file (POLICY.assist.json, or
 * PLAN.assist.json for PLAN.json), and the refusal (exit 10) names the
 * sentences still waiting.
 */
#include <stdlib.h>
#include <string.h>

#include "assist.h"
#include "lifecycle.h"

/* Why a republication was refused, in terms of rules. */
static void explain_conflict(policy_sqlite *db, const policy_plan *plan, const char *path)
{
	policy_plan *old = NULL;
	if (policy_sqlite_load_plan(db, policy_plan_name(plan), policy_plan_policy_version(plan), NULL,
	                            &old, NULL) != POLICY_OK)
		return;
	char *json = NULL;
	if (policy_plan_diff(old, plan, &json, NULL) == POLICY_OK) {
		cJSON *d = cJSON_Parse(json);
		int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(d, "changes"));
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "equal")))
			fprintf(stderr, "policy: the rules are the same; only the text's formatting differs, "
			                "which changes the plan's source positions and hash\n");
		else
			fprintf(stderr, "policy: %d semantic change%s; see: policy diff \"%s@%s\" %s\n", n,
			        n == 1 ? "" : "s", policy_plan_name(plan), policy_plan_policy_version(plan),
			        path);
		cJSON_Delete(d);
	}
	policy_free(json);
	policy_plan_free(old);
}

/* Every assisted sentence accepted in review, or a refusal naming the
 * others. */
static int check_reviewed(const char *path, const policy_plan *plan)
{
	char *lock_path = assist_lock_path(path);
	cJSON *lock = lock_path ? assist_lock_load(lock_path) : NULL;
	int rc = EXIT_OK;
	if (!lock) {
		rc = lock_path ? EXIT_INPUT : EXIT_INTERNAL;
	} else {
		size_t n = policy_plan_assisted_count(plan), unreviewed = 0;
		for (size_t i = 0; i < n; i++)
			unreviewed += strcmp(assist_review_state(assist_lock_entry(lock, plan, i)),
			                     "accepted") != 0;
		if (unreviewed) {
			fprintf(stderr, "policy: not published: %s has assisted sentences no one has "
			                "accepted in review:\n", path);
			assist_print_unreviewed(stderr, lock, plan, "  ");
			fprintf(stderr, "%zu of %zu assisted sentence%s not accepted; review with: "
			                "policy review %s\n", unreviewed, n, n == 1 ? "" : "s", path);
			rc = EXIT_UNREVIEWED;
		}
	}
	cJSON_Delete(lock);
	free(lock_path);
	return rc;
}

int cmd_publish(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy publish POLICY.txt|PLAN.json [--store DB] [--no-activate]\n";
	const char *path = NULL, *store = DEFAULT_STORE;
	bool activate = true;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--store") && i + 1 < argc)
			store = argv[++i];
		else if (!strcmp(argv[i], "--no-activate"))
			activate = false;
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!path) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	policy_plan *plan;
	int rc = load_or_compile(path, &plan);
	if (rc)
		return rc;
	if (policy_plan_assisted_count(plan) && (rc = check_reviewed(path, plan)) != EXIT_OK) {
		policy_plan_free(plan);
		return rc;
	}
	size_t len = 0;
	char *text = has_suffix(path, ".json") ? NULL : read_file(path, &len);
	policy_sqlite *db = NULL;
	if (!has_suffix(path, ".json") && !text)
		rc = EXIT_INPUT;
	if (rc == EXIT_OK)
		rc = store_open(store, false, &db);
	if (rc == EXIT_OK) {
		int created = 0;
		policy_status st = policy_sqlite_publish(db, plan, text, len,
		                                         activate ? POLICY_SQLITE_ACTIVATE : 0, &created);
		char title[512];
		plan_title(plan, title, sizeof title);
		if (st != POLICY_OK) {
			rc = store_error(db, st);
			if (st == POLICY_ERR_STATE)
				explain_conflict(db, plan, path);
		} else {
			char *active = NULL;
			policy_sqlite_active(db, policy_plan_name(plan), &active, NULL);
			printf("%s %s%s.\n", created ? "Published" : "Already published:", title,
			       created ? " to the registry" : " (nothing to add)");
			if (active && !strcmp(active, policy_plan_policy_version(plan)))
				printf("%s %s is the active version.\n", policy_plan_name(plan), active);
			else if (active)
				printf("The active version of %s is still %s.\n", policy_plan_name(plan), active);
			policy_sqlite_free(active);
		}
	}
	policy_sqlite_close(db);
	free(text);
	policy_plan_free(plan);
	return rc;
}
