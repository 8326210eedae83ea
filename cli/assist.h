/*
 * The compile-time assistant on the command line (docs/assist.md).
 *
 *   policy compile POLICY.txt --assist-cmd CMD [--assist-timeout S]
 *       asks CMD (one JSON request on stdin, one JSON reply on stdout) to
 *       restate the sentences the grammar cannot read, and pins the
 *       answers in POLICY.assist.json beside the policy;
 *   every command that compiles POLICY.txt reads that lock, and never runs
 *       an assistant;
 *   policy review POLICY.txt   a person accepts or rejects each pinned
 *       restatement; policy publish refuses a plan with one not accepted.
 *
 * The lock file:
 *
 *   {"format": "libpolicy-assist-lock/1", "policy": "claims.txt",
 *    "entries": [{"entry": "<32 hex>", "line": 7, "sentence": "...",
 *                 "restatement": "...", "model": "...", "assisted_at": "...",
 *                 "review": "pending"|"accepted"|"rejected",
 *                 "reviewer": null|"...", "reviewed_at": null|"..."},
 *                {"entry", "line", "sentence", "decline": "why", "model",
 *                 "assisted_at"}]}
 *
 * A decline is pinned like a restatement: the sentence is not sent again
 * (remove the entry to ask again).
 */
#ifndef POLICY_CLI_ASSIST_H
#define POLICY_CLI_ASSIST_H

#include <cjson/cJSON.h>

#include "cli.h"

/* ---- assist_cmd.c: the assistant behind --assist-cmd ---- */

typedef struct assist_host assist_host;

/* A host that runs `cmd` (through /bin/sh) per sentence, killing it after
 * `timeout_s` seconds. NULL when out of memory. */
assist_host *assist_host_new(const char *cmd, double timeout_s);
void assist_host_free(assist_host *h);
/* The policy_assist_func; user_data is the assist_host. */
policy_status assist_host_answer(const char *request, policy_reply *reply, void *user_data);
/* The model named in the reply the command gave for lock entry `entry`,
 * and when (ISO 8601, UTC); NULL when it was not asked. */
const char *assist_host_model(const assist_host *h, const char *entry, const char **when);
/* Append an entry for each sentence the command declined (pinned, so it
 * is not asked again); how many. */
size_t assist_host_declines(const assist_host *h, cJSON *entries);

/* ---- assist_lock.c: POLICY.assist.json ---- */

/* POLICY.assist.json for POLICY.txt (or PLAN.assist.json for PLAN.json);
 * malloc'd. */
char *assist_lock_path(const char *policy_path);
/* The lock's text, or NULL when there is no lock file (*len 0). */
char *assist_lock_read_text(const char *lock_path, size_t *len);
/* The lock parsed; an empty lock when there is none. NULL (with a
 * message) when it cannot be read. */
cJSON *assist_lock_load(const char *lock_path);
bool assist_lock_save(const char *lock_path, const cJSON *lock);
/* The lock as it should be after compiling `plan` from `policy_text`: one
 * entry per assisted sentence, kept (with its review) when the lock
 * already pins the same restatement, new and pending otherwise (model and
 * time from `h`); then the declines, the assistant's of this compile and
 * the lock's whose sentences the policy still has. */
cJSON *assist_lock_for_plan(const cJSON *old, const policy_plan *plan, const char *policy_path,
                            const char *policy_text, const assist_host *h);
/* The lock's entry for the plan's assisted sentence i, when it pins the
 * same restatement; else NULL. */
cJSON *assist_lock_entry(const cJSON *lock, const policy_plan *plan, size_t i);
/* "accepted", "pending", "rejected" or "not in the lock". */
const char *assist_review_state(const cJSON *entry);
/* Print the plan's assisted sentences whose restatement is not accepted,
 * one per line under `lead`; returns how many. */
size_t assist_print_unreviewed(FILE *f, const cJSON *lock, const policy_plan *plan,
                               const char *lead);
/* The UTC time now, ISO 8601, into out (at least 21 bytes). */
void assist_now(char *out, size_t cap);

/* Compile a policy text with its lock (and the assistant, when h is not
 * NULL), printing diagnostics; the exit code. */
int assist_compile(const char *path, assist_host *h, policy_plan **plan);

int cmd_review(int argc, char **argv);

#endif
