/*
 * policy diff A B [--store DB] [--json]
 *
 * A semantic diff of two plans (policy_plan_diff): each of A and B is a
 * policy text, a plan JSON file, or NAME@VERSION in the registry. The
 * human output puts each change on a line with its line numbers
 * ("threshold on line 13: $50,000 -> $40,000 in ..."); --json prints the
 * library's JSON. Exit 0 when the plans decide alike, 1 when they differ.
 * --witness also asks libpolicy-lint for cases the two plans decide
 * differently, each as a region of inputs with an example case
 * (--witness-dir DIR writes them as case folders).
 *
 * Sentences the compile-time assistant restated are listed after the
 * changes, with their review state (from the lock beside a file; a
 * version in the store was published, so it was accepted); with --json
 * they are the "assisted" member: [{"side": "a"|"b"|"both", "line",
 * "sentence", "restatement", "entry", "review"}].
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assist.h"
#include "lifecycle.h"
#include "lint_out.h"

static const char *s(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static int num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valueint : 0;
}

static void where(const cJSON *c)
{
	int a = num(c, "line_a"), b = num(c, "line_b");
	if (a && b && a != b)
		printf(" on line %d (now line %d)", a, b);
	else if (b)
		printf(" on line %d", b);
	else if (a)
		printf(" (was line %d)", a);
}

static void rule(const cJSON *c)
{
	if (s(c, "label"))
		printf(" in \"%s\"", s(c, "label"));
	const cJSON *also = cJSON_GetObjectItemCaseSensitive(c, "also"), *o;
	int n = 0;
	cJSON_ArrayForEach(o, also) printf("%s\"%s\"", n++ ? ", " : " (also ", s(o, "label"));
	if (n)
		printf(")");
}

static const char *or_dash(const char *v)
{
	return v ? v : "-";
}

static void print_change(const cJSON *c)
{
	const char *kind = or_dash(s(c, "kind"));
	const char *old_text = s(c, "old_text") ? s(c, "old_text") : s(c, "old");
	const char *new_text = s(c, "new_text") ? s(c, "new_text") : s(c, "new");
	printf("  ");
	if (!strcmp(kind, "header")) {
		printf("%s: %s -> %s", or_dash(s(c, "field")), or_dash(s(c, "old")), or_dash(s(c, "new")));
	} else if (!strcmp(kind, "threshold")) {
		printf("%s", s(c, "where") && !strcmp(s(c, "where"), "count") ? "required count" :
		                                                              "threshold");
		where(c);
		printf(": %s -> %s", or_dash(old_text), or_dash(new_text));
		rule(c);
	} else if (!strcmp(kind, "operator")) {
		printf("comparison");
		where(c);
		printf(": %s -> %s", or_dash(old_text), or_dash(new_text));
		rule(c);
	} else if (!strcmp(kind, "reference")) {
		printf("reads another value");
		where(c);
		printf(": %s -> %s", or_dash(s(c, "old")), or_dash(s(c, "new")));
		rule(c);
	} else if (!strcmp(kind, "model") || !strcmp(kind, "guardrail")) {
		printf("%s %s changed", kind, or_dash(s(c, "field")));
		where(c);
		printf(": %s -> %s", or_dash(s(c, "old")), or_dash(s(c, "new")));
		rule(c);
	} else if (!strcmp(kind, "unit") || !strcmp(kind, "document") || !strcmp(kind, "system") ||
	           !strcmp(kind, "each") || !strcmp(kind, "type") || !strcmp(kind, "fallback")) {
		printf("%s changed", kind);
		where(c);
		printf(": %s -> %s", or_dash(s(c, "old")), or_dash(s(c, "new")));
		rule(c);
	} else if (!strncmp(kind, "condition", 9)) {
		printf("%s %s", or_dash(s(c, "where")),
		       !strcmp(kind, "condition_added") ? "added" :
		       !strcmp(kind, "condition_removed") ? "removed" : "rewritten");
		where(c);
		rule(c);
		printf("\n      - %s\n      + %s", or_dash(s(c, "old_text")), or_dash(s(c, "new_text")));
	} else if (!strcmp(kind, "action_renamed") || !strcmp(kind, "step_renamed")) {
		printf("%s renamed", !strcmp(kind, "action_renamed") ? "action" : or_dash(s(c, "step_kind")));
		where(c);
		printf(": \"%s\" -> \"%s\"", or_dash(s(c, "old")), or_dash(s(c, "new")));
	} else if (!strcmp(kind, "step_added") || !strcmp(kind, "step_removed")) {
		printf("%s %s", or_dash(s(c, "step_kind")),
		       !strcmp(kind, "step_added") ? "added" : "removed");
		where(c);
		printf(": \"%s\"", or_dash(s(c, "label")));
	} else if (!strcmp(kind, "document_added") || !strcmp(kind, "document_removed")) {
		printf("document %s: %s", !strcmp(kind, "document_added") ? "now required" :
		                                                             "no longer required",
		       or_dash(s(c, "field")));
	} else if (!strcmp(kind, "fact_added") || !strcmp(kind, "fact_removed")) {
		const char *sys = s(c, "new") ? s(c, "new") : s(c, "old");
		printf("fact %s: %s%s%s%s", !strcmp(kind, "fact_added") ? "now looked up" :
		                                                          "no longer looked up",
		       or_dash(s(c, "field")), sys ? " (" : "", sys ? sys : "", sys ? ")" : "");
	} else if (!strcmp(kind, "commentary_added") || !strcmp(kind, "commentary_removed")) {
		bool added = !strcmp(kind, "commentary_added");
		printf("commentary %s (line %d): \"%s\"", added ? "added" : "removed",
		       num(c, added ? "line_b" : "line_a"),
		       or_dash(added ? s(c, "new_text") : s(c, "old_text")));
	} else if (!strcmp(kind, "tokens")) {
		long long a = strtoll(or_dash(s(c, "old")), NULL, 10);
		long long b = strtoll(or_dash(s(c, "new")), NULL, 10);
		printf("token estimate: %lld -> %lld (%+lld)", a, b, b - a);
	} else {
		printf("%s", kind);
		where(c);
		rule(c);
	}
	printf("\n");
}

static void title(const char *arg, const cJSON *p, const char *mark)
{
	printf("%s %s %s (plan %.12s)  [%s]\n", mark, or_dash(s(p, "name")), or_dash(s(p, "version")),
	       or_dash(s(p, "plan_hash")), arg);
}

/* Cases the two plans decide differently (libpolicy-lint). */
static int print_witnesses(const policy_plan *pa, const policy_plan *pb, const char *dir, int rc)
{
	if (!policy_lint_available()) {
		fprintf(stderr, "policy diff: --witness needs the Z3 solver, and this build has none "
		                "(install libz3-dev and reconfigure)\n");
		return EXIT_NO_FEATURE;
	}
	policy_lint_report *r = NULL;
	char *msg = NULL;
	if (policy_lint_diff(pa, pb, NULL, &r, &msg) != POLICY_OK) {
		fprintf(stderr, "policy diff: %s\n", msg ? msg : "the analysis failed");
		policy_lint_free(msg);
		return EXIT_INTERNAL;
	}
	size_t n = policy_lint_count(r);
	if (n == 0)
		printf("No case found that the two plans decide differently.\n");
	else
		printf("Cases decided differently:\n");
	for (size_t i = 0; i < n; i++) {
		printf("  %s\n", policy_lint_finding_message(r, i));
		const char *v = policy_lint_finding_verified(r, i) ? "reproduced" : "NOT reproduced";
		char *folder = dir ? lint_write_witness(r, i, dir) : NULL;
		if (folder)
			printf("    witness: %s (%s by running both plans)\n", folder, v);
		else
			printf("    witness: %s by running both plans\n", v);
		free(folder);
	}
	policy_lint_report_free(r);
	return n ? EXIT_DIFFERENT : rc;
}

/* The review state of plan's assisted sentence i, `ref` being where the
 * plan came from. */
static const char *review_of(const char *ref, const cJSON *lock, const policy_plan *plan, size_t i)
{
	if (!lock)
		return access(ref, F_OK) == 0 ? "not in the lock" : "published";
	return assist_review_state(assist_lock_entry(lock, plan, i));
}

static cJSON *lock_of(const char *ref)
{
	if (access(ref, F_OK) != 0)
		return NULL;
	char *path = assist_lock_path(ref);
	cJSON *lock = path ? assist_lock_load(path) : NULL;
	free(path);
	return lock;
}

static bool pinned_in(const policy_plan *p, const char *entry, const char *restatement)
{
	for (size_t i = 0; i < policy_plan_assisted_count(p); i++)
		if (!strcmp(policy_plan_assisted_entry(p, i), entry) &&
		    !strcmp(policy_plan_assisted_restatement(p, i), restatement))
			return true;
	return false;
}

/* B's assisted sentences (and those of A that B no longer has). */
static cJSON *assisted(const char *ra, const policy_plan *a, const char *rb, const policy_plan *b)
{
	cJSON *out = cJSON_CreateArray();
	cJSON *la = lock_of(ra), *lb = lock_of(rb);
	for (int side = 1; side >= 0; side--) {
		const policy_plan *p = side ? b : a, *other = side ? a : b;
		for (size_t i = 0; i < policy_plan_assisted_count(p); i++) {
			const char *entry = policy_plan_assisted_entry(p, i);
			const char *restatement = policy_plan_assisted_restatement(p, i);
			bool both = pinned_in(other, entry, restatement);
			if (!side && both)
				continue;
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "side", both ? "both" : side ? "b" : "a");
			cJSON_AddNumberToObject(o, "line", policy_plan_assisted_line(p, i));
			cJSON_AddStringToObject(o, "sentence", policy_plan_assisted_sentence(p, i));
			cJSON_AddStringToObject(o, "restatement", restatement);
			cJSON_AddStringToObject(o, "entry", entry);
			cJSON_AddStringToObject(o, "review",
			                        review_of(side ? rb : ra, side ? lb : la, p, i));
			cJSON_AddItemToArray(out, o);
		}
	}
	cJSON_Delete(la);
	cJSON_Delete(lb);
	return out;
}

static void print_assisted(const cJSON *list)
{
	if (!cJSON_GetArraySize(list))
		return;
	printf("Assisted sentences (restated by the compile-time assistant):\n");
	const cJSON *o;
	cJSON_ArrayForEach(o, list)
	{
		const char *side = s(o, "side");
		printf("  %s line %d: \"%s\"\n      read as: \"%s\" (%s%s)\n",
		       !strcmp(side, "a") ? "-" : !strcmp(side, "b") ? "+" : " ", num(o, "line"),
		       or_dash(s(o, "sentence")), or_dash(s(o, "restatement")), or_dash(s(o, "review")),
		       !strcmp(side, "a") ? "; no longer assisted" : "");
	}
}

int cmd_diff(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy diff A B [--store DB] [--json] [--witness [--witness-dir DIR]]\n"
		"       (A, B: POLICY.txt, PLAN.json or NAME@VERSION in the store)\n";
	const char *a = NULL, *b = NULL, *store = NULL, *wdir = NULL;
	bool json = false, witness = false;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--store") && i + 1 < argc)
			store = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--witness"))
			witness = true;
		else if (!strcmp(argv[i], "--witness-dir") && i + 1 < argc)
			wdir = argv[++i];
		else if (!a && argv[i][0] != '-')
			a = argv[i];
		else if (!b && argv[i][0] != '-')
			b = argv[i];
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!a || !b) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	policy_plan *pa = NULL, *pb = NULL;
	char *wa = NULL, *wb = NULL;
	int rc = plan_from_ref(a, store, &pa, &wa);
	if (rc == EXIT_OK)
		rc = plan_from_ref(b, store, &pb, &wb);
	char *out = NULL;
	size_t len = 0;
	if (rc == EXIT_OK && policy_plan_diff(pa, pb, &out, &len) != POLICY_OK)
		rc = EXIT_INTERNAL;
	cJSON *d = rc == EXIT_OK ? cJSON_ParseWithLength(out, len) : NULL;
	if (rc == EXIT_OK && !d)
		rc = EXIT_INTERNAL;
	if (rc == EXIT_OK) {
		bool equal = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "equal"));
		const cJSON *changes = cJSON_GetObjectItemCaseSensitive(d, "changes");
		cJSON *list = assisted(a, pa, b, pb);
		if (json && cJSON_GetArraySize(list)) {
			cJSON_AddItemToObject(d, "assisted", list);
			list = NULL;
			char *text = cJSON_Print(d);
			if (text)
				printf("%s\n", text);
			cJSON_free(text);
		} else if (json) {
			fwrite(out, 1, len, stdout);
		} else {
			const cJSON *ja = cJSON_GetObjectItemCaseSensitive(d, "a");
			const cJSON *jb = cJSON_GetObjectItemCaseSensitive(d, "b");
			title(wa, ja, "---");
			title(wb, jb, "+++");
			const cJSON *c;
			cJSON_ArrayForEach(c, changes) print_change(c);
			int n = cJSON_GetArraySize(changes);
			if (equal && n)
				printf("No semantic changes: only commentary changed, which decides "
				       "nothing.\n");
			else if (equal)
				printf("No semantic changes: the plans decide every case alike%s.\n",
				       strcmp(or_dash(s(ja, "plan_hash")), or_dash(s(jb, "plan_hash"))) ?
				               " (they differ only in formatting: line numbers, spacing, "
				               "capitalization)" :
				               " (they are the same plan)");
			else
				printf("%d semantic change%s.\n", n, n == 1 ? "" : "s");
			print_assisted(list);
		}
		cJSON_Delete(list);
		rc = equal ? EXIT_OK : EXIT_DIFFERENT;
		if (witness && !json)
			rc = print_witnesses(pa, pb, wdir, rc);
	}
	cJSON_Delete(d);
	policy_free(out);
	free(wa);
	free(wb);
	policy_plan_free(pa);
	policy_plan_free(pb);
	return rc;
}
