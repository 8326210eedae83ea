/*
 * policy: compile, inspect, run and explain English business policies.
 */
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: policy COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  compile POLICY.txt [-o PLAN.json]   compile a policy into a plan (stdout by default)\n"
	"  inspect PLAN.json|POLICY.txt        show a plan's schema, steps and token estimate\n"
	"  run PLAN.json|POLICY.txt --doc TYPE=PATH ... [--facts FACTS.json]\n"
	"      [--trail OUT.jsonl] [--threads N] [--json] [--llm-cmd CMD]\n"
	"      [--llm-replay FILE.jsonl] [--record FILE.jsonl]\n"
	"                                      execute a plan on a case and print the decision\n"
	"  explain TRAIL.jsonl [--plan PLAN]   explain a decision in English; verify its hash chain\n"
	"  version                             print the library version\n"
	"\n"
	"exit codes:\n"
	"  0  success (run: a decision was made)\n"
	"  1  run: no decision could be made (the decision's status is \"failed\")\n"
	"  2  bad command line\n"
	"  3  a file could not be read or written\n"
	"  4  the policy has errors (diagnostics on stderr as file:line:col)\n"
	"  5  a plan or trail is invalid or has been tampered with\n"
	"  6  out of memory or an internal error\n";

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
	if (!strcmp(cmd, "inspect"))
		return cmd_inspect(argc - 2, argv + 2);
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(cmd, "explain"))
		return cmd_explain(argc - 2, argv + 2);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("policy %s\n", policy_version());
		return EXIT_OK;
	}
	fprintf(stderr, "policy: unknown command '%s'\n\n%s", cmd, usage);
	return EXIT_USAGE;
}
