/*
 * policy run PLAN.json|POLICY.txt --doc TYPE=PATH ... [--facts FACTS.json]
 *     [--trail OUT.jsonl] [--threads N] [--json] [--case ID] [--fixed-clock MS]
 * policy explain TRAIL.jsonl [--plan PLAN.json|POLICY.txt] [--html OUT.html]
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lifecycle.h"

int cmd_run(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy run PLAN.json|POLICY.txt --doc TYPE=PATH ... [--facts FACTS.json]\n"
		"                  [--trail OUT.jsonl] [--threads N] [--json] [--case ID]\n"
		"                  [--fixed-clock MS] [--llm-cmd CMD] [--llm-replay FILE.jsonl]\n"
		"                  [--record FILE.jsonl]\n";
	const char *plan_path = NULL, *facts = NULL, *trail_path = NULL, *case_id = NULL;
	const char *llm_cmd = NULL, *llm_replay = NULL, *llm_record = NULL;
	bool json = false;
	unsigned threads = 1;
	int64_t fixed = 0;
	bool use_fixed = false;
	policy_case *c;
	if (policy_case_new(NULL, &c) != POLICY_OK)
		return EXIT_INTERNAL;
	int rc = EXIT_OK;
	for (int i = 0; i < argc && rc == EXIT_OK; i++) {
		const char *a = argv[i];
		bool has = i + 1 < argc;
		if (!strcmp(a, "--doc") && has)
			rc = case_add_doc_arg(c, argv[++i], NULL);
		else if (!strcmp(a, "--facts") && has)
			facts = argv[++i];
		else if (!strcmp(a, "--trail") && has)
			trail_path = argv[++i];
		else if (!strcmp(a, "--threads") && has)
			threads = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(a, "--llm-cmd") && has)
			llm_cmd = argv[++i];
		else if (!strcmp(a, "--llm-replay") && has)
			llm_replay = argv[++i];
		else if (!strcmp(a, "--record") && has)
			llm_record = argv[++i];
		else if (!strcmp(a, "--case") && has)
			case_id = argv[++i];
		else if (!strcmp(a, "--fixed-clock") && has) {
			fixed = strtoll(argv[++i], NULL, 10);
			use_fixed = true;
		} else if (!strcmp(a, "--json"))
			json = true;
		else if (!plan_path && a[0] != '-')
			plan_path = a;
		else {
			fputs(usage, stderr);
			rc = EXIT_USAGE;
		}
	}
	if (rc == EXIT_OK && !plan_path) {
		fputs(usage, stderr);
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK && facts)
		rc = case_add_facts_file(c, facts, NULL);
	if (rc == EXIT_OK && case_id && policy_case_set_id(c, case_id) != POLICY_OK)
		rc = EXIT_INTERNAL;
	policy_plan *plan = NULL;
	if (rc == EXIT_OK)
		rc = load_or_compile(plan_path, &plan);
	policy_host *host = NULL;
	policy_exec *x = NULL;
	llm_host *model = NULL;
	if (rc == EXIT_OK && policy_host_new(NULL, &host) != POLICY_OK)
		rc = EXIT_INTERNAL;
	if (rc == EXIT_OK && (llm_cmd || llm_replay || llm_record))
		rc = llm_host_new(llm_cmd, llm_replay, llm_record, &model);
	if (rc == EXIT_OK) {
		if (model)
			policy_host_set_llm_func(host, llm_host_answer, model, NULL);
		policy_host_set_now_func(host, use_fixed ? fixed_clock : wall_clock, &fixed, NULL);
		policy_exec_options opts = POLICY_EXEC_OPTIONS_INIT;
		opts.threads = threads;
		policy_error *err = NULL;
		if (policy_execute(plan, host, c, &opts, &x, &err) != POLICY_OK) {
			fprintf(stderr, "policy: %s\n", policy_error_message(err));
			rc = policy_error_code(err) == POLICY_ERR_LIMIT ? EXIT_INPUT : EXIT_INTERNAL;
		}
		policy_error_free(err);
	}
	if (rc == EXIT_OK && trail_path) {
		char *jsonl;
		size_t len;
		if (policy_trail_to_jsonl(policy_exec_trail(x), &jsonl, &len) != POLICY_OK) {
			rc = EXIT_INTERNAL;
		} else {
			if (!write_file(trail_path, jsonl, len))
				rc = EXIT_INPUT;
			policy_free(jsonl);
		}
	}
	if (rc == EXIT_OK)
		rc = print_run_result(x, json);
	if (rc == EXIT_OK && policy_exec_outcome(x) == POLICY_OUTCOME_FAILED)
		rc = EXIT_FAILED_DECISION;
	policy_exec_free(x);
	policy_host_free(host);
	llm_host_free(model);
	policy_plan_free(plan);
	policy_case_free(c);
	return rc;
}

int cmd_explain(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy explain TRAIL.jsonl [--plan PLAN.json|POLICY.txt] [--html OUT.html]\n";
	const char *trail_path = NULL, *plan_path = NULL, *html = NULL;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--plan") && i + 1 < argc)
			plan_path = argv[++i];
		else if (!strcmp(argv[i], "--html") && i + 1 < argc)
			html = argv[++i];
		else if (!trail_path && argv[i][0] != '-')
			trail_path = argv[i];
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!trail_path) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	size_t len;
	char *text = read_file(trail_path, &len);
	if (!text)
		return EXIT_INPUT;
	policy_trail *t = NULL;
	policy_error *err = NULL;
	policy_status st = policy_trail_load(text, len, NULL, &t, &err);
	int rc = EXIT_OK;
	if (st != POLICY_OK) {
		print_error(err, trail_path, NULL, 0);
		rc = st == POLICY_ERR_NOMEM ? EXIT_INTERNAL : EXIT_PLAN;
	}
	policy_error_free(err);
	err = NULL;
	free(text);
	policy_plan *plan = NULL;
	if (rc == EXIT_OK && plan_path)
		rc = load_or_compile(plan_path, &plan);
	if (rc == EXIT_OK && plan && policy_trail_verify(t, plan, &err) != POLICY_OK) {
		print_error(err, trail_path, NULL, 0);
		rc = EXIT_PLAN;
	}
	policy_error_free(err);
	if (rc == EXIT_OK && html) {
		rc = html_report(t, plan, trail_path, html);
		if (rc == EXIT_OK)
			printf("Wrote %s: the decision, the plan graph with the path taken, %zu steps with "
			       "their evidence; the hash chain verifies%s.\n",
			       html, policy_trail_entry_count(t), plan ? " against the plan given" : "");
	} else if (rc == EXIT_OK) {
		char *out;
		if (policy_trail_explain(t, &out, NULL) != POLICY_OK) {
			rc = EXIT_INTERNAL;
		} else {
			fputs(out, stdout);
			printf("\nThe trail's hash chain is intact (%zu entries)%s.\n",
			       policy_trail_entry_count(t), plan ? " and it was made by the plan given" : "");
			policy_free(out);
		}
	}
	policy_plan_free(plan);
	policy_trail_free(t);
	return rc;
}
