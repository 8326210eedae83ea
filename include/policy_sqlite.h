/*
 * libpolicy-sqlite: a plan registry and trail store on SQLite, for hosts of
 * libpolicy.
 *
 * libpolicy does no I/O: plans and why-trails reach storage through the
 * host's store/load callbacks (policy_host_set_store_func,
 * policy_host_set_load_func). This companion library is such a store, in
 * one SQLite database file:
 *
 *  - a registry of plans keyed by policy name + version + plan hash, with
 *    the policy text they were compiled from; a version, once published,
 *    never changes (publishing a different plan under it is refused);
 *  - an "active version" pointer per policy, kept as an append-only
 *    history of activations (publish, rollback), so every change of the
 *    active version is recorded with its time;
 *  - runs: one stored execution of a case (case id, policy, version, plan
 *    hash, the decision, the case's manifest of documents and facts) and
 *    its trail, one row per entry, append-only, indexed by case id, plan
 *    hash and time.
 *
 * The database uses WAL mode and a busy timeout, and writes each run in one
 * transaction, so several processes may record trails at once. Schema
 * versions are numbered (PRAGMA user_version) and migrated forward when a
 * database is opened.
 *
 * Conventions: functions return a policy_status; on failure the handle's
 * policy_sqlite_errmsg() says what went wrong. Strings returned through
 * `char **` are allocated with malloc and released with policy_sqlite_free.
 * A handle may be shared by threads (calls are serialized), but the error
 * message then belongs to whichever call failed last. Listings are JSON,
 * documented at each function.
 *
 * Link with `pkg-config --libs libpolicy-sqlite` (it brings libpolicy).
 */
#ifndef POLICY_SQLITE_H
#define POLICY_SQLITE_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(POLICY_SQLITE_BUILDING) && defined(__GNUC__)
#define POLICY_SQLITE_API __attribute__((visibility("default")))
#else
#define POLICY_SQLITE_API
#endif

/* The schema version this library creates and understands. */
#define POLICY_SQLITE_SCHEMA_VERSION 2

typedef struct policy_sqlite policy_sqlite;

typedef struct policy_sqlite_options {
	size_t struct_size;        /* sizeof(policy_sqlite_options) */
	unsigned busy_timeout_ms;  /* how long to wait for another writer; 0: 10000 */
	unsigned schema_version;   /* migrate up to this version; 0: the latest.
	                              For staged upgrades and their tests. */
	int read_only;             /* 1: open an existing database without
	                              creating or migrating it */
	policy_now_func now;       /* the clock for publish/activation/record
	                              times (ms since 1970); NULL: the system clock */
	void *now_user_data;
} policy_sqlite_options;

#define POLICY_SQLITE_OPTIONS_INIT { sizeof(policy_sqlite_options), 0, 0, 0, NULL, NULL }

/* Open (creating it if needed) the database at `path` and migrate its
 * schema to the latest version (or opts->schema_version). A database whose
 * schema is newer than this library is refused (POLICY_ERR_STATE). On
 * failure *out is NULL and, if `error` is not NULL, *error receives a
 * message (release with policy_sqlite_free). */
POLICY_SQLITE_API policy_status policy_sqlite_open(const char *path,
                                                   const policy_sqlite_options *opts,
                                                   policy_sqlite **out, char **error);
/* Close the database; NULL is ignored. */
POLICY_SQLITE_API void policy_sqlite_close(policy_sqlite *db);

/* The last failure's message, or "" when there was none. */
POLICY_SQLITE_API const char *policy_sqlite_errmsg(const policy_sqlite *db);

/* The database's schema version (PRAGMA user_version). */
POLICY_SQLITE_API unsigned policy_sqlite_schema_version(const policy_sqlite *db);

/* Release a string returned by this library. NULL is ignored. */
POLICY_SQLITE_API void policy_sqlite_free(void *p);

/* ------------------------------------------------------------------------ */
/* The plan registry                                                        */

/* Make the published version the active one. */
#define POLICY_SQLITE_ACTIVATE 1u

/* Publish `plan` under its policy name and version. `policy_text` (may be
 * NULL) is the text it was compiled from, kept for audits. If that version
 * is already published with the same plan hash, nothing is added and
 * *created (if not NULL) is 0; with a different plan hash the publication is
 * refused with POLICY_ERR_STATE: a version number names one plan forever.
 * With POLICY_SQLITE_ACTIVATE the version becomes active (recorded in the
 * history as "publish") unless it already is. */
POLICY_SQLITE_API policy_status policy_sqlite_publish(policy_sqlite *db, const policy_plan *plan,
                                                      const char *policy_text, size_t text_len,
                                                      unsigned flags, int *created);

/* Make an earlier version active again, recorded in the history as
 * "rollback". `version` NULL means the version that was active before the
 * current one. POLICY_ERR_NOT_FOUND for an unknown policy or version;
 * POLICY_ERR_STATE if it is already active. *activated (if not NULL)
 * receives the version now active. */
POLICY_SQLITE_API policy_status policy_sqlite_rollback(policy_sqlite *db, const char *name,
                                                       const char *version, char **activated);

/* The active version of a policy and its plan hash (either out pointer may
 * be NULL). POLICY_ERR_NOT_FOUND when the policy has none. */
POLICY_SQLITE_API policy_status policy_sqlite_active(policy_sqlite *db, const char *name,
                                                     char **version, char **plan_hash);

/* A published plan's JSON: by name and version (NULL: the active one), or
 * by plan hash. POLICY_ERR_NOT_FOUND when there is none. */
POLICY_SQLITE_API policy_status policy_sqlite_plan_json(policy_sqlite *db, const char *name,
                                                        const char *version, char **json,
                                                        size_t *len);
POLICY_SQLITE_API policy_status policy_sqlite_plan_json_by_hash(policy_sqlite *db,
                                                                const char *plan_hash,
                                                                char **json, size_t *len);

/* The same, loaded (and so validated) as a plan. */
POLICY_SQLITE_API policy_status policy_sqlite_load_plan(policy_sqlite *db, const char *name,
                                                        const char *version,
                                                        const policy_load_options *opts,
                                                        policy_plan **out, policy_error **err);

/* The policy text a version was published with (POLICY_ERR_NOT_FOUND if
 * the version is unknown or was published as a plan without its text). */
POLICY_SQLITE_API policy_status policy_sqlite_policy_text(policy_sqlite *db, const char *name,
                                                          const char *version, char **text,
                                                          size_t *len);

/* The policies in the registry, as JSON:
 * [{"name", "active": "4.2.1"|null, "versions": N}, ...] by name. */
POLICY_SQLITE_API policy_status policy_sqlite_policies(policy_sqlite *db, char **json,
                                                       size_t *len);

/* The published versions of a policy, oldest first, as JSON:
 * [{"version", "plan_hash", "text_hash", "effective", "published_at",
 *   "steps", "est_tokens", "active": true|false}, ...].
 * POLICY_ERR_NOT_FOUND when the policy has none. */
POLICY_SQLITE_API policy_status policy_sqlite_versions(policy_sqlite *db, const char *name,
                                                       char **json, size_t *len);

/* The history of the active pointer, oldest first, as JSON:
 * [{"version", "plan_hash", "action": "publish"|"rollback", "at"}, ...]. */
POLICY_SQLITE_API policy_status policy_sqlite_history(policy_sqlite *db, const char *name,
                                                      char **json, size_t *len);

/* ------------------------------------------------------------------------ */
/* Runs and their trails                                                    */

/* Record one execution of a case: its trail (JSON Lines as written by
 * policy_trail_to_jsonl), and optionally its decision
 * (policy_exec_decision_json) and the case's manifest (any JSON object;
 * the CLI writes {"documents": {"type": count}, "facts": {...}}). The
 * trail is verified first (hash chain, one plan, entries made for
 * `case_id` or for no case): POLICY_ERR_TRAIL, _CHAIN or _MISMATCH, and
 * nothing is stored. The run and every entry are written in one
 * transaction. *run_id (if not NULL) receives the run's id. */
POLICY_SQLITE_API policy_status policy_sqlite_record_run(policy_sqlite *db, const char *case_id,
                                                         const char *trail_jsonl, size_t len,
                                                         const char *decision_json,
                                                         const char *manifest_json,
                                                         int64_t *run_id);

typedef struct policy_sqlite_run_filter {
	size_t struct_size;     /* sizeof(policy_sqlite_run_filter) */
	const char *policy;     /* policy name; NULL: any */
	const char *case_id;    /* NULL: any */
	const char *plan_hash;  /* NULL: any */
	int64_t since, until;   /* recorded between (ms, inclusive); 0: open */
	size_t limit;           /* the most recent `limit` runs; 0: all */
} policy_sqlite_run_filter;

#define POLICY_SQLITE_RUN_FILTER_INIT { sizeof(policy_sqlite_run_filter), NULL, NULL, NULL, 0, 0, 0 }

/* Runs matching `filter` (NULL: all), oldest first, as JSON:
 * [{"run", "case", "policy", "version", "plan_hash", "recorded_at",
 *   "started_at", "entries", "head", "decision": {...}|null,
 *   "manifest": {...}|null}, ...]. "head" is the last entry's hash. */
POLICY_SQLITE_API policy_status policy_sqlite_runs(policy_sqlite *db,
                                                   const policy_sqlite_run_filter *filter,
                                                   char **json, size_t *len);

/* One run as JSON (the same object as in policy_sqlite_runs);
 * POLICY_ERR_NOT_FOUND if there is no such run. */
POLICY_SQLITE_API policy_status policy_sqlite_run(policy_sqlite *db, int64_t run_id, char **json,
                                                  size_t *len);

/* The most recent run of a case. POLICY_ERR_NOT_FOUND if none. */
POLICY_SQLITE_API policy_status policy_sqlite_latest_run(policy_sqlite *db, const char *case_id,
                                                         int64_t *run_id);

/* A run's trail as JSON Lines, exactly as recorded. */
POLICY_SQLITE_API policy_status policy_sqlite_trail(policy_sqlite *db, int64_t run_id,
                                                    char **jsonl, size_t *len);

/* ------------------------------------------------------------------------ */
/* policy_host callbacks                                                    */

/* A policy_store_func; user_data is the policy_sqlite handle. Kinds:
 *  "trail": `key` is the case id, `json` the trail's JSON Lines
 *           (policy_sqlite_record_run without decision or manifest);
 *  "plan":  `json` a plan; published under its own name and version
 *           (not activated). `key`, if not empty, must be NAME@VERSION
 *           of that plan;
 *  any other kind: kept as is under (kind, key), replacing what was there. */
POLICY_SQLITE_API policy_status policy_sqlite_store(const char *kind, const char *key,
                                                    const char *json, size_t len,
                                                    void *user_data);

/* A policy_load_func; user_data is the policy_sqlite handle. Kinds:
 *  "plan":  `key` NAME (the active version), NAME@VERSION, or a plan hash;
 *  "trail": `key` a case id: the trail of its most recent run;
 *  any other kind: what policy_sqlite_store kept under (kind, key).
 * POLICY_ERR_NOT_FOUND when there is nothing. */
POLICY_SQLITE_API policy_status policy_sqlite_load(const char *kind, const char *key,
                                                   policy_reply *reply, void *user_data);

/* What policy_sqlite_load would answer for (kind, key), as a string
 * (release with policy_sqlite_free): for hosts that read the store outside
 * a callback, and for tests. */
POLICY_SQLITE_API policy_status policy_sqlite_get(policy_sqlite *db, const char *kind,
                                                  const char *key, char **json, size_t *len);

/* Set both callbacks on `host` with `db` as their user_data (no destroy
 * notifier: the database must stay open while the host may call them). */
POLICY_SQLITE_API void policy_sqlite_install(policy_sqlite *db, policy_host *host);

#ifdef __cplusplus
}
#endif

#endif /* POLICY_SQLITE_H */
