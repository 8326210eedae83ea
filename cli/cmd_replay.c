/*
 * policy replay TRAIL.jsonl [--plan NEW] [--store DB] [--json]
 * policy replay --case ID [--run N] [--store DB] [--plan NEW] [--json]
 *
 * Re-execute a recorded case from its trail (see replay.c): with the plan
 * that made it, to show the same plan gives the identical decision (and,
 * for a run recorded with a fixed clock, the identical trail bytes); and
 * with a new plan, to show what it would have decided instead. The
 * recorded plan is found by its hash in the store, or is the --plan given
 * when its hash matches.
 *
 * Exit 0: the recorded plan reproduces the recorded decision and the new
 * plan (if any) decides the same; 1: the new plan decides differently;
 * 5: the trail is invalid, or the recorded plan does not reproduce it.
 */
#include <stdlib.h>
#include <string.h>

#include "lifecycle.h"

static void print_change(const decision *before, const decision *after)
{
	if (before->failed != after->failed) {
		printf("  the decision changes: %s -> %s\n", before->failed ? "failed" : "complete",
		       after->failed ? "failed" : "complete");
		return;
	}
	printf("  the decision changes:");
	const char *sep = " ";
	for (size_t i = 0; i < before->nactions; i++) {
		bool kept = false;
		for (size_t j = 0; j < after->nactions && !kept; j++)
			kept = action_same(before->actions[i], after->actions[j]);
		if (!kept) {
			printf("%s- %s", sep, before->actions[i]);
			sep = "; ";
		}
	}
	for (size_t j = 0; j < after->nactions; j++) {
		bool had = false;
		for (size_t i = 0; i < before->nactions && !had; i++)
			had = action_same(before->actions[i], after->actions[j]);
		if (!had) {
			printf("%s+ %s", sep, after->actions[j]);
			sep = "; ";
		}
	}
	if (before->nchecks != after->nchecks)
		printf("%sfailed checks %zu -> %zu", sep, before->nchecks, after->nchecks);
	printf("\n");
}

static cJSON *replay_json(const char *title, const replay *rp, bool changed)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "plan", title);
	cJSON_AddItemToObject(o, "decision", decision_to_json(&rp->d));
	cJSON_AddBoolToObject(o, "same_decision", !changed);
	cJSON_AddNumberToObject(o, "entries", (double)rp->entries);
	cJSON_AddNumberToObject(o, "same_entries", (double)rp->same_entries);
	cJSON_AddBoolToObject(o, "same_trail", rp->same_trail);
	cJSON_AddItemToObject(o, "unrecorded", cJSON_Duplicate(rp->unrecorded, true));
	return o;
}

typedef struct source {
	char *jsonl;
	size_t len;
	char *manifest;
	long long run;
	const char *origin;
} source;

static int from_store(policy_sqlite *db, const char *case_id, long long run, source *src)
{
	int64_t id = run;
	policy_status st = run ? POLICY_OK : policy_sqlite_latest_run(db, case_id, &id);
	char *json = NULL;
	if (st == POLICY_OK)
		st = policy_sqlite_run(db, id, &json, NULL);
	if (st == POLICY_OK)
		st = policy_sqlite_trail(db, id, &src->jsonl, &src->len);
	if (st != POLICY_OK) {
		policy_sqlite_free(json);
		return store_error(db, st);
	}
	cJSON *r = cJSON_Parse(json);
	policy_sqlite_free(json);
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(r, "manifest");
	if (m && !cJSON_IsNull(m) && !(src->manifest = cJSON_PrintUnformatted(m))) {
		cJSON_Delete(r);
		return EXIT_INTERNAL;
	}
	const char *c = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "case"));
	if (case_id && c && strcmp(c, case_id)) {
		fprintf(stderr, "policy: run %lld is of case %s, not %s\n", (long long)id, c, case_id);
		cJSON_Delete(r);
		return EXIT_NOT_FOUND;
	}
	cJSON_Delete(r);
	src->run = id;
	return EXIT_OK;
}

/* The plan that recorded the trail: from the store by hash, or `given` if
 * its hash is the recorded one. NULL (EXIT_OK) when neither has it. */
static int original_plan(policy_sqlite *db, const recorded *r, policy_plan *given,
                         policy_plan **out)
{
	*out = NULL;
	if (given && !strcmp(policy_plan_body_hash(given), r->plan_hash)) {
		*out = policy_plan_reference(given);
		return EXIT_OK;
	}
	if (!db)
		return EXIT_OK;
	char *json;
	size_t len;
	policy_status st = policy_sqlite_plan_json_by_hash(db, r->plan_hash, &json, &len);
	if (st == POLICY_ERR_NOT_FOUND)
		return EXIT_OK;
	if (st != POLICY_OK)
		return store_error(db, st);
	policy_error *err = NULL;
	st = policy_plan_load(json, len, NULL, out, &err);
	policy_sqlite_free(json);
	if (st != POLICY_OK) {
		fprintf(stderr, "policy: the stored plan %.12s does not load: %s\n", r->plan_hash,
		        err ? policy_error_message(err) : "out of memory");
		policy_error_free(err);
		return EXIT_PLAN;
	}
	return EXIT_OK;
}

int cmd_replay(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy replay TRAIL.jsonl [--plan NEW] [--store DB] [--json]\n"
		"       policy replay --case ID [--run N] [--store DB] [--plan NEW] [--json]\n";
	const char *trail_path = NULL, *case_id = NULL, *store = NULL, *plan_path = NULL;
	long long run = 0;
	bool json = false;
	for (int i = 0; i < argc; i++) {
		bool has = i + 1 < argc;
		if (!strcmp(argv[i], "--store") && has)
			store = argv[++i];
		else if (!strcmp(argv[i], "--case") && has)
			case_id = argv[++i];
		else if (!strcmp(argv[i], "--run") && has)
			run = strtoll(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--plan") && has)
			plan_path = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!trail_path && argv[i][0] != '-')
			trail_path = argv[i];
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!trail_path == !(case_id || run)) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	source src = { 0 };
	policy_sqlite *db = NULL;
	int rc = EXIT_OK;
	if (!trail_path || store)
		rc = store_open(store ? store : DEFAULT_STORE, true, &db);
	if (rc == EXIT_OK && trail_path) {
		src.origin = trail_path;
		if (!(src.jsonl = read_file(trail_path, &src.len)))
			rc = EXIT_INPUT;
	} else if (rc == EXIT_OK) {
		src.origin = "the stored trail";
		rc = from_store(db, case_id, run, &src);
	}
	recorded r = { 0 };
	if (rc == EXIT_OK)
		rc = recorded_load(src.jsonl, src.len, src.manifest, src.origin, &r);
	policy_plan *given = NULL, *orig = NULL;
	if (rc == EXIT_OK && plan_path)
		rc = load_or_compile(plan_path, &given);
	if (rc == EXIT_OK)
		rc = original_plan(db, &r, given, &orig);
	if (rc == EXIT_OK && !orig && !given) {
		if (db)
			fprintf(stderr, "policy: the trail was made by plan %.12s, which is not in the "
			                "store; give it with --plan\n",
			        r.plan_hash);
		else
			fprintf(stderr, "policy: the trail was made by plan %.12s (%s %s); give it with "
			                "--plan, or --store to find it in the registry\n",
			        r.plan_hash, r.policy ? r.policy : "?", r.version ? r.version : "?");
		rc = EXIT_NOT_FOUND;
	}
	decision before = { 0 };
	if (rc == EXIT_OK && !decision_from_trail(r.entries, &before))
		rc = EXIT_INTERNAL;
	replay same = { 0 }, other = { 0 };
	bool reproduced = true, changed = false;
	policy_plan *newp = given && given != orig && (!orig || strcmp(policy_plan_body_hash(given),
	                                                               policy_plan_body_hash(orig))) ?
	                            given :
	                            NULL;
	if (rc == EXIT_OK && orig && (rc = replay_run(orig, &r, &same)) == EXIT_OK)
		reproduced = decision_same(&before, &same.d);
	if (rc == EXIT_OK && newp && (rc = replay_run(newp, &r, &other)) == EXIT_OK)
		changed = !decision_same(&before, &other.d);
	if (rc == EXIT_OK) {
		char t_orig[512] = "", t_new[512] = "";
		if (orig)
			plan_title(orig, t_orig, sizeof t_orig);
		if (newp)
			plan_title(newp, t_new, sizeof t_new);
		if (json) {
			cJSON *o = cJSON_CreateObject(), *rec = cJSON_AddObjectToObject(o, "recorded");
			if (r.case_id)
				cJSON_AddStringToObject(o, "case", r.case_id);
			else
				cJSON_AddNullToObject(o, "case");
			if (src.run)
				cJSON_AddNumberToObject(o, "run", (double)src.run);
			cJSON_AddStringToObject(rec, "policy", r.policy ? r.policy : "");
			cJSON_AddStringToObject(rec, "version", r.version ? r.version : "");
			cJSON_AddStringToObject(rec, "plan_hash", r.plan_hash ? r.plan_hash : "");
			cJSON_AddNumberToObject(rec, "entries", (double)policy_trail_entry_count(r.trail));
			cJSON_AddItemToObject(rec, "decision", decision_to_json(&before));
			if (orig)
				cJSON_AddItemToObject(o, "original", replay_json(t_orig, &same, !reproduced));
			else
				cJSON_AddNullToObject(o, "original");
			if (newp)
				cJSON_AddItemToObject(o, "new", replay_json(t_new, &other, changed));
			else
				cJSON_AddNullToObject(o, "new");
			char *text = cJSON_Print(o);
			if (text)
				printf("%s\n", text);
			cJSON_free(text);
			cJSON_Delete(o);
		} else {
			printf("Case %s", r.case_id ? r.case_id : "(no id)");
			if (src.run)
				printf(" (run %lld)", src.run);
			printf(", recorded by %s %s (plan %.12s), %zu entries\n", r.policy, r.version,
			       r.plan_hash, policy_trail_entry_count(r.trail));
			printf("  recorded decision: ");
			decision_print(stdout, &before);
			printf("\n");
			if (orig) {
				printf("Replay with the recorded plan, %s:\n  decision: ", t_orig);
				decision_print(stdout, &same.d);
				printf("\n  %s; %zu of %zu entries identical%s\n",
				       reproduced ? "identical decision" : "THE DECISION DIFFERS",
				       same.same_entries, same.entries,
				       same.same_trail ? "; the trail is byte-for-byte the same, hash chain "
				                         "included" :
				                         " (timestamps aside)");
				if (!reproduced)
					print_change(&before, &same.d);
			} else {
				printf("The recorded plan %.12s is not available (not in the store); comparing "
				       "with the decision the trail records.\n",
				       r.plan_hash);
			}
			if (newp) {
				printf("Replay with %s [%s]:\n  decision: ", t_new, plan_path);
				decision_print(stdout, &other.d);
				printf("\n");
				if (changed)
					print_change(&before, &other.d);
				else
					printf("  the decision is the same\n");
				print_unrecorded("  not in the record (answered as missing):", other.unrecorded);
			}
		}
		rc = !reproduced ? EXIT_PLAN : changed ? EXIT_DIFFERENT : EXIT_OK;
	}
	decision_free(&before);
	replay_free(&same);
	replay_free(&other);
	policy_plan_free(orig);
	policy_plan_free(given);
	recorded_free(&r);
	free(src.jsonl);
	cJSON_free(src.manifest);
	policy_sqlite_close(db);
	return rc;
}
