/*
 * policy compile POLICY.txt [-o PLAN.json] [--assist-cmd CMD [--assist-timeout S]]
 * policy inspect PLAN.json|POLICY.txt [--dot | --mermaid | --english | --sources]
 *
 * compile reads the restatements pinned in POLICY.assist.json; with
 * --assist-cmd it also asks CMD to restate the sentences the grammar
 * cannot read and pins its answers there (assist.h, docs/assist.md).
 */
#include <stdlib.h>
#include <string.h>

#include "assist.h"
#include "cli.h"
#include "graph.h"

static const char compile_usage[] =
	"usage: policy compile POLICY.txt [-o PLAN.json] [--assist-cmd CMD [--assist-timeout S]]\n";

/* Pin what the assistant said beside the policy. */
static int pin(const char *path, const policy_plan *plan, const assist_host *h)
{
	size_t len;
	char *text = read_file(path, &len);
	char *lock_path = assist_lock_path(path);
	cJSON *old = lock_path && text ? assist_lock_load(lock_path) : NULL;
	cJSON *lock = old ? assist_lock_for_plan(old, plan, path, text, h) : NULL;
	int rc = EXIT_INTERNAL;
	free(text);
	bool none = lock && !cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(lock, "entries")) &&
	            !cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(old, "entries"));
	if (lock_path && !old)
		rc = EXIT_INPUT;
	else if (none)
		rc = EXIT_OK; /* nothing to pin, and nothing was pinned */
	else if (lock)
		rc = assist_lock_save(lock_path, lock) ? EXIT_OK : EXIT_INPUT;
	if (rc == EXIT_OK && policy_plan_assisted_count(plan)) {
		size_t pending = assist_print_unreviewed(stderr, lock, plan, "policy:   ");
		if (pending)
			fprintf(stderr, "policy: %zu assisted sentence%s pinned in %s await%s review "
			                "(policy review %s)\n", pending, pending == 1 ? "" : "s", lock_path,
			        pending == 1 ? "s" : "", path);
	}
	cJSON_Delete(lock);
	cJSON_Delete(old);
	free(lock_path);
	return rc;
}

int cmd_compile(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *assist_cmd = NULL;
	double timeout = 60;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else if (!strcmp(argv[i], "--assist-cmd") && i + 1 < argc) {
			assist_cmd = argv[++i];
		} else if (!strcmp(argv[i], "--assist-timeout") && i + 1 < argc) {
			char *end;
			timeout = strtod(argv[++i], &end);
			if (*end || !(timeout > 0)) {
				fprintf(stderr, "policy: --assist-timeout needs a number of seconds\n");
				return EXIT_USAGE;
			}
		} else if (!in && (argv[i][0] != '-' || !strcmp(argv[i], "-"))) {
			in = argv[i];
		} else {
			fputs(compile_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!in || (assist_cmd && (!strcmp(in, "-") || has_suffix(in, ".json")))) {
		if (in)
			fprintf(stderr, "policy: --assist-cmd needs a policy file, to pin its answers "
			                "beside it\n");
		fputs(compile_usage, stderr);
		return EXIT_USAGE;
	}
	assist_host *h = NULL;
	if (assist_cmd && !(h = assist_host_new(assist_cmd, timeout))) {
		fprintf(stderr, "policy: out of memory\n");
		return EXIT_INTERNAL;
	}
	policy_plan *plan = NULL;
	int rc = has_suffix(in, ".json") || !strcmp(in, "-") ? load_or_compile(in, &plan) :
	                                                       assist_compile(in, h, &plan);
	if (rc == EXIT_OK && h)
		rc = pin(in, plan, h);
	assist_host_free(h);
	if (rc) {
		if (plan)
			policy_plan_free(plan);
		return rc;
	}
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
