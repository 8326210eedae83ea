/*
 * The plan lifecycle commands of the policy tool (publish, versions,
 * rollback, run --store, diff, test, replay, backtest) and what they share:
 * the store, case folders, decisions in comparable form, and replaying a
 * recorded trail.
 */
#ifndef POLICY_CLI_LIFECYCLE_H
#define POLICY_CLI_LIFECYCLE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "policy_sqlite.h"

/* Exit codes beyond cli.h's (documented in `policy --help`). */
enum {
	EXIT_DIFFERENT = 1, /* diff/test/replay/backtest: plans, decisions or expectations differ */
	EXIT_REFUSED = 7,   /* the store refused: a version already published with another
	                       plan, or already active */
	EXIT_NOT_FOUND = 8, /* no such policy, version, case or run in the store */
	EXIT_UNREVIEWED = 10 /* publish: an assisted sentence's restatement is not accepted in
	                       review (policy review) */
};

/* The store used when --store is not given. */
#define DEFAULT_STORE "policy.db"

/* Open the store at `path`. With must_exist, a missing file is an error
 * (a query should not create an empty database). Prints the error;
 * returns the exit code. */
int store_open(const char *path, bool must_exist, policy_sqlite **db);

/* The exit code for a store failure, after printing its message. */
int store_error(policy_sqlite *db, policy_status st);

/* A plan from a file (.json plan or policy text) or, when `ref` is not a
 * file and has the form NAME@VERSION, from the store (opened at
 * store_path, default DEFAULT_STORE). *what describes it for humans
 * (malloc'd). Returns the exit code. */
int plan_from_ref(const char *ref, const char *store_path, policy_plan **plan, char **what);

/* DIR/NAME, malloc'd (NULL when out of memory). */
char *path_join(const char *dir, const char *name);

/* "Claims Intake 4.2.1 (plan 1348f885a2e8)" into out. */
void plan_title(const policy_plan *plan, char *out, size_t cap);

/* ---- cases ---- */

/* Add a --doc TYPE=PATH argument; counts it in manifest.documents. */
int case_add_doc_arg(policy_case *c, const char *arg, cJSON *manifest);
/* Add FACTS.json (a flat object) to the case and to manifest.facts. */
int case_add_facts_file(policy_case *c, const char *path, cJSON *manifest);
/* A case folder in the corpus layout: docs/<type>[.<n>].txt (file names
 * sorted, underscores for spaces) and an optional facts.json. */
int case_from_dir(const char *dir, const char *case_id, policy_case **c, cJSON **manifest);
/* {"documents": {}, "facts": {}} */
cJSON *manifest_new(void);

/* ---- decisions, comparable ---- */

typedef struct decision {
	bool failed;          /* no decision could be made */
	char **actions;       /* texts as written, in order, no duplicates */
	size_t nactions;
	char **checks;        /* failed checks and requirements */
	size_t nchecks;
	char *error;          /* why it failed, when known */
} decision;

/* From policy_exec_decision_json output (or an expect.json, whose actions
 * may be strings or objects with "text"). */
bool decision_from_json(const cJSON *root, decision *d);
/* What a recorded trail decided: an action whose entry says true fired
 * (as the alternative a policy guardrail put in its place, if one did); a
 * check or requirement that says false failed; any rule that says null
 * (undecided) means no decision was made, as in the executor. */
bool decision_from_trail(const cJSON *entries, decision *d);
void decision_free(decision *d);
/* Actions compare case-insensitively, without articles or punctuation, as
 * sets (the corpus convention). */
bool action_same(const char *a, const char *b);
bool decision_same(const decision *a, const decision *b);
/* "complete: escalate to senior adjuster review" / "failed" / "complete:
 * no action" */
void decision_print(FILE *f, const decision *d);
cJSON *decision_to_json(const decision *d);

/* ---- replay ---- */

/* A recorded trail, parsed and verified, with what it recorded about the
 * case. */
typedef struct recorded {
	policy_trail *trail;  /* verified */
	cJSON *entries;       /* the lines, parsed */
	const char *case_id;  /* may be NULL */
	const char *policy, *version, *plan_hash;
	cJSON *manifest;      /* stored with the run, or NULL */
	int64_t clock;        /* the first entry's start: the replay's clock */
} recorded;

/* Parse and verify a trail (prints errors, returns the exit code).
 * `manifest_json` (may be NULL) is the run's manifest from the store. */
int recorded_load(const char *jsonl, size_t len, const char *manifest_json, const char *origin,
                  recorded *r);
void recorded_free(recorded *r);

typedef struct replay {
	policy_exec *exec;
	char *trail_jsonl;
	size_t trail_len;
	decision d;
	cJSON *unrecorded;    /* ["fraud score (lookup)", ...]: tasks the record
	                         could not answer, answered "missing" */
	size_t same_entries;  /* entries equal to the record's, timestamps aside */
	size_t entries;
	bool same_trail;      /* byte for byte, hash chain included */
} replay;

/* Execute `plan` with the recorded answers (sans-I/O loop). Returns the
 * exit code (0 when the replay ran, whatever it decided). */
int replay_run(const policy_plan *plan, const recorded *r, replay *out);
void replay_free(replay *rp);
/* The tasks a replay could not answer from the record, on one line after
 * `lead` ("<lead> fraud score (lookup), ..."); nothing when there are none. */
void print_unrecorded(const char *lead, const cJSON *unrecorded);

/* ---- commands ---- */

int cmd_publish(int argc, char **argv);
int cmd_versions(int argc, char **argv);
int cmd_rollback(int argc, char **argv);
int cmd_run_store(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_backtest(int argc, char **argv);
int cmd_batch(int argc, char **argv);

/* Does a `run` command line use the store (--store or --policy)? */
bool run_uses_store(int argc, char **argv);

#endif
