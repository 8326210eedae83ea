/*
 * policy run --policy NAME[@VERSION] --case ID [--store DB] --doc TYPE=PATH ...
 *            [--facts FACTS.json] [--json] [--trail OUT.jsonl] [--threads N]
 *            [--fixed-clock MS] [--llm-cmd CMD] [--llm-replay FILE] [--record FILE]
 * policy run PLAN.json|POLICY.txt --store DB --case ID ...
 *
 * `run` against the registry: execute the active version of a policy (or
 * the version named), then record the run in the store: the trail one row
 * per entry, the decision, and the case's manifest (document counts and
 * facts), which `replay` and `backtest` use to rebuild the case. Trails are
 * kept by case, so a case id is required. The plain `run` (cmd_run.c)
 * handles command lines without --store or --policy.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "lifecycle.h"

bool run_uses_store(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--store") || !strcmp(argv[i], "--policy"))
			return true;
	return false;
}

/* The registry's plan for NAME or NAME@VERSION. */
static int registry_plan(policy_sqlite *db, const char *ref, policy_plan **plan)
{
	const char *at = strrchr(ref, '@');
	char *name = at ? strndup(ref, (size_t)(at - ref)) : strdup(ref);
	if (!name)
		return EXIT_INTERNAL;
	policy_error *err = NULL;
	policy_status st = policy_sqlite_load_plan(db, name, at ? at + 1 : NULL, NULL, plan, &err);
	int rc = st == POLICY_OK ? EXIT_OK : store_error(db, st);
	policy_error_free(err);
	free(name);
	return rc;
}

typedef struct run_args {
	const char *plan_path, *policy, *store, *facts, *trail_path, *case_id;
	const char *llm_cmd, *llm_replay, *llm_record;
	bool json, use_fixed;
	unsigned threads;
	int64_t fixed;
} run_args;

static int record(policy_sqlite *db, const run_args *a, const policy_exec *x, cJSON *manifest,
                  const char *jsonl, size_t len)
{
	char *decision = NULL, *man = cJSON_PrintUnformatted(manifest);
	if (!man || policy_exec_decision_json(x, &decision, NULL) != POLICY_OK) {
		cJSON_free(man);
		return EXIT_INTERNAL;
	}
	int64_t run = 0;
	policy_status st = policy_sqlite_record_run(db, a->case_id, jsonl, len, decision, man, &run);
	policy_free(decision);
	cJSON_free(man);
	if (st != POLICY_OK)
		return store_error(db, st);
	fprintf(a->json ? stderr : stdout, "%sRecorded as run %lld of case %s in %s.\n",
	        a->json ? "policy: " : "\n", (long long)run, a->case_id, a->store);
	return EXIT_OK;
}

static int execute(const run_args *a, policy_sqlite *db, const policy_plan *plan, policy_case *c,
                   cJSON *manifest)
{
	policy_host *host = NULL;
	llm_host *model = NULL;
	policy_exec *x = NULL;
	int rc = policy_host_new(NULL, &host) == POLICY_OK ? EXIT_OK : EXIT_INTERNAL;
	if (rc == EXIT_OK && (a->llm_cmd || a->llm_replay || a->llm_record))
		rc = llm_host_new(a->llm_cmd, a->llm_replay, a->llm_record, &model);
	if (rc == EXIT_OK) {
		if (model)
			policy_host_set_llm_func(host, llm_host_answer, model, NULL);
		int64_t fixed = a->fixed;
		policy_host_set_now_func(host, a->use_fixed ? fixed_clock : wall_clock, &fixed, NULL);
		policy_exec_options opts = POLICY_EXEC_OPTIONS_INIT;
		opts.threads = a->threads;
		policy_error *err = NULL;
		if (policy_execute(plan, host, c, &opts, &x, &err) != POLICY_OK) {
			fprintf(stderr, "policy: %s\n", err ? policy_error_message(err) : "out of memory");
			rc = err && policy_error_code(err) == POLICY_ERR_LIMIT ? EXIT_INPUT : EXIT_INTERNAL;
		}
		policy_error_free(err);
	}
	char *jsonl = NULL;
	size_t len = 0;
	if (rc == EXIT_OK && policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, &len) != POLICY_OK)
		rc = EXIT_INTERNAL;
	if (rc == EXIT_OK && a->trail_path && !write_file(a->trail_path, jsonl, len))
		rc = EXIT_INPUT;
	if (rc == EXIT_OK)
		rc = print_run_result(x, a->json);
	if (rc == EXIT_OK)
		rc = record(db, a, x, manifest, jsonl, len);
	if (rc == EXIT_OK && policy_exec_outcome(x) == POLICY_OUTCOME_FAILED)
		rc = EXIT_FAILED_DECISION;
	policy_free(jsonl);
	policy_exec_free(x);
	policy_host_free(host);
	llm_host_free(model);
	return rc;
}

int cmd_run_store(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy run --policy NAME[@VERSION] --case ID [--store DB] --doc TYPE=PATH ...\n"
		"                  [--facts FACTS.json] [--json] [--trail OUT.jsonl] [--threads N]\n"
		"                  [--fixed-clock MS] [--llm-cmd CMD] [--llm-replay FILE.jsonl]\n"
		"                  [--record FILE.jsonl]\n"
		"       policy run PLAN.json|POLICY.txt --store DB --case ID ...\n";
	run_args a = { 0 };
	a.store = DEFAULT_STORE;
	a.threads = 1;
	cJSON *manifest = manifest_new();
	policy_case *c = NULL;
	int rc = manifest && policy_case_new(NULL, &c) == POLICY_OK ? EXIT_OK : EXIT_INTERNAL;
	for (int i = 0; i < argc && rc == EXIT_OK; i++) {
		const char *o = argv[i];
		bool has = i + 1 < argc;
		if (!strcmp(o, "--doc") && has)
			rc = case_add_doc_arg(c, argv[++i], manifest);
		else if (!strcmp(o, "--facts") && has)
			a.facts = argv[++i];
		else if (!strcmp(o, "--store") && has)
			a.store = argv[++i];
		else if (!strcmp(o, "--policy") && has)
			a.policy = argv[++i];
		else if (!strcmp(o, "--trail") && has)
			a.trail_path = argv[++i];
		else if (!strcmp(o, "--threads") && has)
			a.threads = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(o, "--case") && has)
			a.case_id = argv[++i];
		else if (!strcmp(o, "--llm-cmd") && has)
			a.llm_cmd = argv[++i];
		else if (!strcmp(o, "--llm-replay") && has)
			a.llm_replay = argv[++i];
		else if (!strcmp(o, "--record") && has)
			a.llm_record = argv[++i];
		else if (!strcmp(o, "--fixed-clock") && has) {
			a.fixed = strtoll(argv[++i], NULL, 10);
			a.use_fixed = true;
		} else if (!strcmp(o, "--json"))
			a.json = true;
		else if (!a.plan_path && o[0] != '-')
			a.plan_path = o;
		else
			rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK && (!a.plan_path == !a.policy || !a.case_id)) {
		if (!a.case_id)
			fprintf(stderr, "policy: a stored run needs --case ID (trails are kept by case)\n");
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_USAGE)
		fputs(usage, stderr);
	if (rc == EXIT_OK && a.facts)
		rc = case_add_facts_file(c, a.facts, manifest);
	if (rc == EXIT_OK && policy_case_set_id(c, a.case_id) != POLICY_OK)
		rc = EXIT_INTERNAL;
	policy_sqlite *db = NULL;
	policy_plan *plan = NULL;
	if (rc == EXIT_OK)
		rc = store_open(a.store, a.policy != NULL, &db);
	if (rc == EXIT_OK)
		rc = a.policy ? registry_plan(db, a.policy, &plan) : load_or_compile(a.plan_path, &plan);
	if (rc == EXIT_OK)
		rc = execute(&a, db, plan, c, manifest);
	policy_plan_free(plan);
	policy_sqlite_close(db);
	policy_case_free(c);
	cJSON_Delete(manifest);
	return rc;
}
