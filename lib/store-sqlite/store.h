/*
 * libpolicy-sqlite internals: the handle and the helpers every file uses.
 *
 * One policy_sqlite is one SQLite connection plus a mutex (a handle may be
 * shared by threads; SQLite's own FULLMUTEX mode would keep the connection
 * consistent, but not our error message or a multi-statement transaction
 * such as publish's check-then-insert). Every public function takes the
 * lock, clears the error, does its work through the helpers below and
 * returns a policy_status; a failure leaves a message in db->msg.
 */
#ifndef POLICY_SQLITE_STORE_H
#define POLICY_SQLITE_STORE_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "policy_sqlite.h"

struct policy_sqlite {
	sqlite3 *db;
	pthread_mutex_t lock;
	unsigned busy_timeout_ms;
	policy_now_func now;
	void *now_user_data;
	char msg[512];
};

/* Clear the last error and take the handle's lock. */
void store_enter(policy_sqlite *db);
void store_leave(policy_sqlite *db);

/* Record a failure: the message (printf-style) and the status to return. */
policy_status store_fail(policy_sqlite *db, policy_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Map an SQLite result code to a status with `what` and SQLite's message. */
policy_status store_sqlite_fail(policy_sqlite *db, int rc, const char *what);

/* The current time in ms (the handle's clock, or the system's). */
int64_t store_now(policy_sqlite *db);

/* Prepare a statement; on failure records it and returns NULL. */
sqlite3_stmt *store_prepare(policy_sqlite *db, const char *sql);

/* Run SQL without results (several statements allowed). */
policy_status store_exec(policy_sqlite *db, const char *sql);

/* BEGIN IMMEDIATE (the write lock now, waiting up to the busy timeout)
 * and COMMIT or ROLLBACK. */
policy_status store_begin(policy_sqlite *db);
policy_status store_commit(policy_sqlite *db);
void store_rollback(policy_sqlite *db);

/* Step a statement expected to give one row (POLICY_OK), or none
 * (POLICY_ERR_NOT_FOUND, without a message: callers say what was not
 * found). */
policy_status store_step_row(policy_sqlite *db, sqlite3_stmt *st, const char *what);

/* Step a statement expected to give no row (INSERT, UPDATE). */
policy_status store_step_done(policy_sqlite *db, sqlite3_stmt *st, const char *what);

/* Copy column `col` of the current row into a malloc'd string. */
policy_status store_column_text(policy_sqlite *db, sqlite3_stmt *st, int col, char **out,
                                size_t *len);

/* Rows whose column 0 is a JSON object, as a JSON array, one per line;
 * *count (if not NULL) receives the number of rows. */
policy_status store_json_rows(policy_sqlite *db, sqlite3_stmt *q, const char *what, char **json,
                              size_t *len, size_t *count);

/* Publish a plan given as JSON without activating it (the store
 * callback's "plan" kind); `key`, if not empty, must be NAME@VERSION of
 * the plan. Takes the lock itself. */
policy_status store_publish_json(policy_sqlite *db, const char *plan_json, size_t len,
                                 const char *key, int *created);

#endif
