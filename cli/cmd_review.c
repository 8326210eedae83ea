/*
 * policy review POLICY.txt [--accept-all --reviewer NAME] [--json]
 *
 * A person reads each restatement the assistant gave beside the sentence
 * as written and the steps it produced, and accepts or rejects it. The
 * verdict goes into POLICY.assist.json (reviewer, time); publish refuses
 * a plan while one is not accepted, and a rejected restatement is no
 * longer used (compile --assist-cmd asks again, telling the assistant
 * what was rejected).
 *
 * On a terminal the review is interactive. --accept-all --reviewer NAME
 * accepts every pending one (scripts); --json prints the sentences, their
 * steps and review state. Without either, off a terminal, it lists them.
 * Exit 0 when every assisted sentence is accepted, 1 when some are not.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assist.h"

static const char usage[] =
	"usage: policy review POLICY.txt [--accept-all --reviewer NAME] [--json]\n";

static int step_index(const policy_plan *plan, const char *id)
{
	for (size_t i = 0; i < policy_plan_step_count(plan); i++)
		if (!strcmp(policy_plan_step_id(plan, i), id))
			return (int)i;
	return -1;
}

static void show(const policy_plan *plan, size_t i, const cJSON *entry)
{
	const char *model = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "model"));
	const char *reviewer =
	        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "reviewer"));
	const char *state = assist_review_state(entry);
	printf("line %u [%s%s%s]\n", policy_plan_assisted_line(plan, i), state,
	       reviewer ? " by " : "", reviewer ? reviewer : "");
	printf("  written:  %s\n", policy_plan_assisted_sentence(plan, i));
	printf("  read as:  %s\n", policy_plan_assisted_restatement(plan, i));
	if (model)
		printf("  model:    %s\n", model);
	for (size_t k = 0; k < policy_plan_assisted_step_count(plan, i); k++) {
		const char *id = policy_plan_assisted_step(plan, i, k);
		int s = step_index(plan, id);
		printf("  %s %s  %s: %s\n", k ? "       " : "steps:", id,
		       policy_step_kind_name(policy_plan_step_kind(plan, (size_t)s)),
		       policy_plan_step_label(plan, (size_t)s) ? policy_plan_step_label(plan, (size_t)s) :
		                                                 "");
	}
}

static void set_review(cJSON *entry, const char *verdict, const char *reviewer)
{
	char now[32];
	assist_now(now, sizeof now);
	cJSON_DeleteItemFromObjectCaseSensitive(entry, "review");
	cJSON_DeleteItemFromObjectCaseSensitive(entry, "reviewer");
	cJSON_DeleteItemFromObjectCaseSensitive(entry, "reviewed_at");
	cJSON_AddStringToObject(entry, "review", verdict);
	cJSON_AddStringToObject(entry, "reviewer", reviewer);
	cJSON_AddStringToObject(entry, "reviewed_at", now);
}

/* One line from the terminal, trimmed; false at end of input. */
static bool ask_line(const char *prompt, char *out, size_t cap)
{
	printf("%s", prompt);
	fflush(stdout);
	if (!fgets(out, (int)cap, stdin))
		return false;
	size_t n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' '))
		out[--n] = '\0';
	return true;
}

/* Ask about each pending restatement; true if the lock changed. */
static bool interactive(const policy_plan *plan, cJSON *lock, const char *reviewer)
{
	char name[128], answer[32];
	bool changed = false;
	for (size_t i = 0; i < policy_plan_assisted_count(plan); i++) {
		cJSON *e = assist_lock_entry(lock, plan, i);
		if (!e || strcmp(assist_review_state(e), "pending"))
			continue;
		show(plan, i, e);
		for (;;) {
			if (!ask_line("Accept this reading? [a]ccept, [r]eject, [s]kip, [q]uit: ", answer,
			              sizeof answer))
				return changed;
			if (answer[0] == 'q')
				return changed;
			if (answer[0] == 's')
				break;
			if (answer[0] != 'a' && answer[0] != 'r')
				continue;
			while (!reviewer || !*reviewer) {
				if (!ask_line("Your name, for the record: ", name, sizeof name))
					return changed;
				reviewer = name;
			}
			set_review(e, answer[0] == 'a' ? "accepted" : "rejected", reviewer);
			changed = true;
			break;
		}
		printf("\n");
	}
	return changed;
}

static cJSON *as_json(const char *path, const char *lock_path, const policy_plan *plan,
                      const cJSON *lock, size_t unreviewed)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "policy", path);
	cJSON_AddStringToObject(o, "lock", lock_path);
	cJSON *arr = cJSON_AddArrayToObject(o, "sentences");
	for (size_t i = 0; i < policy_plan_assisted_count(plan); i++) {
		const cJSON *e = assist_lock_entry(lock, plan, i);
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "entry", policy_plan_assisted_entry(plan, i));
		cJSON_AddNumberToObject(s, "line", policy_plan_assisted_line(plan, i));
		cJSON_AddStringToObject(s, "sentence", policy_plan_assisted_sentence(plan, i));
		cJSON_AddStringToObject(s, "restatement", policy_plan_assisted_restatement(plan, i));
		static const char *const copied[] = { "model", "assisted_at", "reviewer", "reviewed_at" };
		for (size_t k = 0; k < sizeof copied / sizeof copied[0]; k++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, copied[k]);
			cJSON_AddItemToObject(s, copied[k], v ? cJSON_Duplicate(v, true) : cJSON_CreateNull());
		}
		cJSON_AddStringToObject(s, "review", assist_review_state(e));
		cJSON *steps = cJSON_AddArrayToObject(s, "steps");
		for (size_t k = 0; k < policy_plan_assisted_step_count(plan, i); k++) {
			const char *id = policy_plan_assisted_step(plan, i, k);
			int si = step_index(plan, id);
			cJSON *st = cJSON_CreateObject();
			cJSON_AddStringToObject(st, "id", id);
			cJSON_AddStringToObject(st, "kind",
			                        policy_step_kind_name(policy_plan_step_kind(plan, (size_t)si)));
			const char *label = policy_plan_step_label(plan, (size_t)si);
			if (label)
				cJSON_AddStringToObject(st, "label", label);
			else
				cJSON_AddNullToObject(st, "label");
			cJSON_AddItemToArray(steps, st);
		}
		cJSON_AddItemToArray(arr, s);
	}
	cJSON_AddNumberToObject(o, "unreviewed", (double)unreviewed);
	return o;
}

int cmd_review(int argc, char **argv)
{
	const char *path = NULL, *reviewer = NULL;
	bool accept_all = false, json = false;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--accept-all"))
			accept_all = true;
		else if (!strcmp(argv[i], "--reviewer") && i + 1 < argc)
			reviewer = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!path && argv[i][0] != '-' && !has_suffix(argv[i], ".json"))
			path = argv[i];
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!path || (accept_all && (!reviewer || !*reviewer))) {
		if (accept_all)
			fprintf(stderr, "policy: --accept-all needs --reviewer NAME, for the record\n");
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	policy_plan *plan = NULL;
	int rc = assist_compile(path, NULL, &plan);
	if (rc)
		return rc;
	char *lock_path = assist_lock_path(path);
	cJSON *lock = lock_path ? assist_lock_load(lock_path) : NULL;
	if (!lock) {
		free(lock_path);
		policy_plan_free(plan);
		return lock_path ? EXIT_INPUT : EXIT_INTERNAL;
	}
	size_t n = policy_plan_assisted_count(plan);
	bool changed = false;
	if (accept_all) {
		for (size_t i = 0; i < n; i++) {
			cJSON *e = assist_lock_entry(lock, plan, i);
			if (e && !strcmp(assist_review_state(e), "pending")) {
				set_review(e, "accepted", reviewer);
				changed = true;
			}
		}
	} else if (!json && isatty(0) && isatty(1) && n) {
		changed = interactive(plan, lock, reviewer);
	}
	if (changed && !assist_lock_save(lock_path, lock))
		rc = EXIT_INPUT;
	size_t unreviewed = 0;
	for (size_t i = 0; i < n; i++)
		unreviewed += strcmp(assist_review_state(assist_lock_entry(lock, plan, i)), "accepted") != 0;
	if (rc == EXIT_OK && json) {
		cJSON *o = as_json(path, lock_path, plan, lock, unreviewed);
		char *text = o ? cJSON_Print(o) : NULL;
		if (text)
			printf("%s\n", text);
		else
			rc = EXIT_INTERNAL;
		cJSON_free(text);
		cJSON_Delete(o);
	} else if (rc == EXIT_OK) {
		if (!n)
			printf("No assisted sentences in %s: nothing to review.\n", path);
		for (size_t i = 0; i < n && !changed; i++) {
			show(plan, i, assist_lock_entry(lock, plan, i));
			printf("\n");
		}
		if (n)
			printf("%zu assisted sentence%s, %zu not accepted%s%s.\n", n, n == 1 ? "" : "s",
			       unreviewed, changed ? "; review recorded in " : "",
			       changed ? lock_path : "");
	}
	if (rc == EXIT_OK && unreviewed)
		rc = 1;
	cJSON_Delete(lock);
	free(lock_path);
	policy_plan_free(plan);
	return rc;
}
