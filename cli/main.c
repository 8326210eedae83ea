/*
 * policy: compile, inspect, run and explain English business policies.
 */
#include <string.h>

#include "assist.h"
#include "cli.h"
#include "lifecycle.h"
#include "lint_out.h"

static const char usage[] =
	"usage: policy COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  compile POLICY.txt [-o PLAN.json] [--assist-cmd CMD [--assist-timeout S]]\n"
	"                                      compile a policy into a plan (stdout by default);\n"
	"                                      CMD restates sentences the grammar cannot read,\n"
	"                                      pinned in POLICY.assist.json (docs/assist.md)\n"
	"  review POLICY.txt [--accept-all --reviewer NAME] [--json]\n"
	"                                      accept or reject the assistant's restatements\n"
	"  inspect PLAN.json|POLICY.txt [--dot | --mermaid | --english | --sources]\n"
	"                                      show a plan's schema, steps and token estimate, or\n"
	"                                      its graph for Graphviz or Mermaid\n"
	"      --english: every rule restated in canonical English, clause by clause\n"
	"      --sources: every sentence with its line, class, section and steps\n"
	"  run PLAN.json|POLICY.txt --doc TYPE=PATH ... [--facts FACTS.json]\n"
	"      [--trail OUT.jsonl] [--threads N] [--json] [--llm-cmd CMD]\n"
	"      [--llm-replay FILE.jsonl] [--record FILE.jsonl]\n"
	"                                      execute a plan on a case and print the decision\n"
	"  explain TRAIL.jsonl [--plan PLAN] [--html OUT.html]\n"
	"                                      explain a decision in English; verify its hash chain;\n"
	"                                      or write a self-contained HTML audit report\n"
	"  batch PLAN --cases DIR|CASES.jsonl --out DECISIONS.jsonl [--threads N]\n"
	"      [--trails DIR] [--store DB] [--fixed-clock MS] [--no-progress] [--json]\n"
	"      [--llm-cmd CMD] [--llm-replay FILE.jsonl] [--record FILE.jsonl]\n"
	"                                      decide many cases, one JSON line each, in input\n"
	"                                      order; resumable; progress bar on a terminal\n"
	"\n"
	"plan lifecycle (registry and trails in a SQLite store: --store DB, default ./policy.db):\n"
	"  publish POLICY.txt|PLAN.json [--no-activate]\n"
	"                                      store a version and make it active; a published\n"
	"                                      version never changes\n"
	"  versions [NAME] [--json]            published versions, the active one, its history\n"
	"  rollback NAME [VERSION]             make an earlier version active again\n"
	"  run --policy NAME[@VERSION] --case ID --doc TYPE=PATH ... [--facts FACTS.json]\n"
	"                                      run the active version; store the run and its trail\n"
	"  diff A B [--json]                   semantic diff of plans (A, B: POLICY.txt, PLAN.json\n"
	"                                      or NAME@VERSION): thresholds, operators, steps,\n"
	"                                      actions, documents, facts, tokens\n"
	"  test POLICY.txt CASES_DIR [--json]  run case folders (docs/, facts.json, expect.json)\n"
	"  replay TRAIL.jsonl|--case ID [--run N] [--plan NEW] [--json]\n"
	"                                      re-execute a case from its trail: same plan, same\n"
	"                                      decision; and what NEW would decide\n"
	"  backtest NAME NEW.txt [--latest] [--json]\n"
	"                                      replay every stored run of NAME with NEW; list the\n"
	"                                      decisions that would change\n"
	"  lint POLICY.txt|PLAN.json [--json] [--witness-dir DIR] [--every-case]\n"
	"                                      find gaps, conflicting actions, dead rules, ...\n"
	"                                      each with an example case (docs/lint.md)\n"
	"  version                             print the library version\n"
	"\n"
	"exit codes:\n"
	"  0  success (run: a decision was made; diff: no semantic change; test: every case\n"
	"     passed; replay: the recorded plan reproduced the decision and NEW decides the same;\n"
	"     backtest: no decision would change)\n"
	"  1  run: no decision could be made (the decision's status is \"failed\"); diff: the\n"
	"     plans differ; test: a case failed; replay, backtest: NEW decides differently\n"
	"  2  bad command line\n"
	"  3  a file could not be read or written (batch: a case could not be read; its line\n"
	"     says why)\n"
	"  4  the policy has errors (diagnostics on stderr as file:line:col)\n"
	"  5  a plan or trail is invalid or has been tampered with (replay: the recorded plan\n"
	"     does not reproduce the recorded decision)\n"
	"  6  out of memory or an internal error\n"
	"  7  the store refused: the version is published with a different plan, or is\n"
	"     already active\n"
	"  8  not in the store: no such policy, version, case or run\n"
	"  9  lint: this build has no SMT solver (Z3)\n"
	"  10 publish: an assisted sentence's restatement is not accepted in review\n"
	"  (lint: 0 no findings, 1 findings; review: 0 when every assisted sentence is\n"
	"  accepted, 1 when some are not)\n";

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "compile"))
		return cmd_compile(argc - 2, argv + 2);
	if (!strcmp(cmd, "review"))
		return cmd_review(argc - 2, argv + 2);
	if (!strcmp(cmd, "inspect"))
		return cmd_inspect(argc - 2, argv + 2);
	if (!strcmp(cmd, "run"))
		return run_uses_store(argc - 2, argv + 2) ? cmd_run_store(argc - 2, argv + 2) :
		                                             cmd_run(argc - 2, argv + 2);
	if (!strcmp(cmd, "explain"))
		return cmd_explain(argc - 2, argv + 2);
	if (!strcmp(cmd, "batch"))
		return cmd_batch(argc - 2, argv + 2);
	if (!strcmp(cmd, "publish"))
		return cmd_publish(argc - 2, argv + 2);
	if (!strcmp(cmd, "versions"))
		return cmd_versions(argc - 2, argv + 2);
	if (!strcmp(cmd, "rollback"))
		return cmd_rollback(argc - 2, argv + 2);
	if (!strcmp(cmd, "diff"))
		return cmd_diff(argc - 2, argv + 2);
	if (!strcmp(cmd, "test"))
		return cmd_test(argc - 2, argv + 2);
	if (!strcmp(cmd, "replay"))
		return cmd_replay(argc - 2, argv + 2);
	if (!strcmp(cmd, "lint"))
		return cmd_lint(argc - 2, argv + 2);
	if (!strcmp(cmd, "backtest"))
		return cmd_backtest(argc - 2, argv + 2);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("policy %s\n", policy_version());
		return EXIT_OK;
	}
	fprintf(stderr, "policy: unknown command '%s'\n\n%s", cmd, usage);
	return EXIT_USAGE;
}
