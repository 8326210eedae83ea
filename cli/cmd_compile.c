/*
 * policy compile POLICY.txt [-o PLAN.json]
 * policy inspect PLAN.json|POLICY.txt [--dot | --mermaid | --english | --sources]
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "graph.h"

int cmd_compile(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!in && (argv[i][0] != '-' || !strcmp(argv[i], "-")))
			in = argv[i];
		else {
			fprintf(stderr, "usage: policy compile POLICY.txt [-o PLAN.json]\n");
			return EXIT_USAGE;
		}
	}
	if (!in) {
		fprintf(stderr, "usage: policy compile POLICY.txt [-o PLAN.json]\n");
		return EXIT_USAGE;
	}
	policy_plan *plan;
	int rc = load_or_compile(in, &plan);
	if (rc)
		return rc;
	char *json;
	size_t len;
	if (policy_plan_save(plan, &json, &len) != POLICY_OK) {
		policy_plan_free(plan);
		fprintf(stderr, "policy: out of memory\n");
		return EXIT_INTERNAL;
	}
	bool ok = write_file(out ? out : "-", json, len);
	policy_free(json);
	policy_plan_free(plan);
	return ok ? EXIT_OK : EXIT_INPUT;
}

int cmd_inspect(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy inspect PLAN.json|POLICY.txt [--dot | --mermaid | --english | --sources]\n";
	const char *path = NULL;
	enum { TEXT, DOT, MERMAID, ENGLISH, SOURCES } format = TEXT;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--dot") && format == TEXT)
			format = DOT;
		else if (!strcmp(argv[i], "--mermaid") && format == TEXT)
			format = MERMAID;
		else if (!strcmp(argv[i], "--english") && format == TEXT)
			format = ENGLISH;
		else if (!strcmp(argv[i], "--sources") && format == TEXT)
			format = SOURCES;
		else if (!path && (argv[i][0] != '-' || !strcmp(argv[i], "-")))
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
	if (format == DOT || format == MERMAID) {
		if (format == DOT)
			graph_dot(plan, stdout);
		else
			graph_mermaid(plan, stdout);
		policy_plan_free(plan);
		return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_INPUT;
	}
	char *text;
	size_t len;
	policy_status st = format == SOURCES ? policy_plan_sources(plan, &text, &len) :
	                   format == ENGLISH ? policy_plan_english(plan, &text, &len) :
	                                       policy_plan_inspect(plan, &text, &len);
	policy_plan_free(plan);
	if (st != POLICY_OK) {
		fprintf(stderr, "policy: out of memory\n");
		return EXIT_INTERNAL;
	}
	fwrite(text, 1, len, stdout);
	policy_free(text);
	return EXIT_OK;
}
