/*
 * Opening the store: connection settings, schema migrations, and the small
 * helpers the other files share.
 *
 * Several processes may use one database file at once (a CLI recording a
 * run while a service records others), so the connection is set up for
 * it: WAL mode (readers never block the writer and the writer never blocks
 * readers), a busy timeout (a writer waits for another instead of failing
 * at once), and every write is a BEGIN IMMEDIATE transaction, which takes
 * the write lock up front: a transaction that began as a reader and later
 * wanted to write could be refused without waiting (SQLite's deadlock
 * avoidance), and that is the one SQLITE_BUSY a busy timeout cannot cure.
 * synchronous=FULL makes each committed run durable, which an audit trail
 * needs more than speed.
 *
 * The schema is versioned with PRAGMA user_version. migrations[i] takes a
 * database from version i to i + 1; opening applies the missing ones in
 * one write transaction, re-reading the version under the lock, so
 * processes that open a new file at the same moment migrate it once. A
 * database newer than this library is refused rather than misread. Old
 * migrations are never edited: a change is a new migration.
 *
 * Published plans, the activation history, runs and trail entries are
 * append-only, enforced by triggers, so neither this library nor an
 * ad-hoc SQL session can rewrite history by accident.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"

static const char *const migrations[POLICY_SQLITE_SCHEMA_VERSION] = {
	/* 0 -> 1: the plan registry. */
	"CREATE TABLE plans ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  plan_hash TEXT NOT NULL,"
	"  text_hash TEXT NOT NULL,"
	"  effective TEXT,"
	"  steps INTEGER NOT NULL,"
	"  est_tokens INTEGER NOT NULL,"
	"  plan_json TEXT NOT NULL,"
	"  policy_text TEXT,"
	"  published_at INTEGER NOT NULL,"
	"  UNIQUE (name, version));"
	"CREATE INDEX plans_by_hash ON plans(plan_hash);"
	"CREATE TABLE activations ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  plan_hash TEXT NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('publish', 'rollback')),"
	"  at INTEGER NOT NULL,"
	"  FOREIGN KEY (name, version) REFERENCES plans(name, version));"
	"CREATE INDEX activations_by_name ON activations(name, id);"
	"CREATE TRIGGER plans_never_change BEFORE UPDATE ON plans"
	"  BEGIN SELECT RAISE(ABORT, 'a published plan never changes'); END;"
	"CREATE TRIGGER plans_never_go BEFORE DELETE ON plans"
	"  BEGIN SELECT RAISE(ABORT, 'a published plan is never deleted'); END;"
	"CREATE TRIGGER activations_never_change BEFORE UPDATE ON activations"
	"  BEGIN SELECT RAISE(ABORT, 'the activation history is append-only'); END;"
	"CREATE TRIGGER activations_never_go BEFORE DELETE ON activations"
	"  BEGIN SELECT RAISE(ABORT, 'the activation history is append-only'); END;",

	/* 1 -> 2: runs, their trails one row per entry, and other kinds. */
	"CREATE TABLE runs ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id TEXT NOT NULL,"
	"  policy TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  plan_hash TEXT NOT NULL,"
	"  started_at INTEGER NOT NULL,"
	"  recorded_at INTEGER NOT NULL,"
	"  entries INTEGER NOT NULL,"
	"  head TEXT NOT NULL,"
	"  decision TEXT CHECK (decision IS NULL OR json_valid(decision)),"
	"  manifest TEXT CHECK (manifest IS NULL OR json_valid(manifest)));"
	"CREATE INDEX runs_by_case ON runs(case_id, id);"
	"CREATE INDEX runs_by_policy ON runs(policy, id);"
	"CREATE INDEX runs_by_plan ON runs(plan_hash, id);"
	"CREATE INDEX runs_by_time ON runs(recorded_at);"
	"CREATE TABLE trail_entries ("
	"  run_id INTEGER NOT NULL REFERENCES runs(id),"
	"  seq INTEGER NOT NULL,"
	"  case_id TEXT NOT NULL,"
	"  plan_hash TEXT NOT NULL,"
	"  step TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  started_at INTEGER NOT NULL,"
	"  ended_at INTEGER NOT NULL,"
	"  prev TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  line TEXT NOT NULL,"
	"  PRIMARY KEY (run_id, seq)) WITHOUT ROWID;"
	"CREATE INDEX trail_by_case ON trail_entries(case_id, started_at);"
	"CREATE INDEX trail_by_plan ON trail_entries(plan_hash, started_at);"
	"CREATE INDEX trail_by_time ON trail_entries(started_at);"
	"CREATE TRIGGER runs_never_change BEFORE UPDATE ON runs"
	"  BEGIN SELECT RAISE(ABORT, 'runs are append-only'); END;"
	"CREATE TRIGGER runs_never_go BEFORE DELETE ON runs"
	"  BEGIN SELECT RAISE(ABORT, 'runs are append-only'); END;"
	"CREATE TRIGGER trail_never_changes BEFORE UPDATE ON trail_entries"
	"  BEGIN SELECT RAISE(ABORT, 'trails are append-only'); END;"
	"CREATE TRIGGER trail_never_goes BEFORE DELETE ON trail_entries"
	"  BEGIN SELECT RAISE(ABORT, 'trails are append-only'); END;"
	"CREATE TABLE kv ("
	"  kind TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  json TEXT NOT NULL,"
	"  stored_at INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, key)) WITHOUT ROWID;",
};

/* ---- helpers ---- */

void store_enter(policy_sqlite *db)
{
	pthread_mutex_lock(&db->lock);
	db->msg[0] = '\0';
}

void store_leave(policy_sqlite *db)
{
	pthread_mutex_unlock(&db->lock);
}

policy_status store_fail(policy_sqlite *db, policy_status st, const char *fmt, ...)
{
	/* The arguments may include db->msg itself (a message wrapped in
	 * another): format apart, then copy, as vsnprintf's output must not
	 * overlap its input (valgrind found this one). */
	char text[sizeof db->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	memcpy(db->msg, text, sizeof text);
	return st;
}

policy_status store_sqlite_fail(policy_sqlite *db, int rc, const char *what)
{
	const char *m = db->db ? sqlite3_errmsg(db->db) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return store_fail(db, POLICY_ERR_NOMEM, "%s: out of memory", what);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return store_fail(db, POLICY_ERR_CALLBACK,
		                  "%s: the database is busy (another writer held it for more than %u ms)",
		                  what, db->busy_timeout_ms);
	case SQLITE_CONSTRAINT:
		return store_fail(db, POLICY_ERR_STATE, "%s: %s", what, m);
	default:
		return store_fail(db, POLICY_ERR_CALLBACK, "%s: %s", what, m);
	}
}

int64_t store_now(policy_sqlite *db)
{
	if (db->now)
		return db->now(db->now_user_data);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

sqlite3_stmt *store_prepare(policy_sqlite *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		store_sqlite_fail(db, rc, "preparing a query");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

policy_status store_exec(policy_sqlite *db, const char *sql)
{
	int rc = sqlite3_exec(db->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? POLICY_OK : store_sqlite_fail(db, rc, "updating the database");
}

policy_status store_begin(policy_sqlite *db)
{
	int rc = sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	return rc == SQLITE_OK ? POLICY_OK : store_sqlite_fail(db, rc, "starting a transaction");
}

policy_status store_commit(policy_sqlite *db)
{
	int rc = sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return POLICY_OK;
	policy_status st = store_sqlite_fail(db, rc, "committing");
	store_rollback(db);
	return st;
}

void store_rollback(policy_sqlite *db)
{
	if (!sqlite3_get_autocommit(db->db))
		sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
}

policy_status store_step_row(policy_sqlite *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return POLICY_OK;
	if (rc == SQLITE_DONE)
		return POLICY_ERR_NOT_FOUND;
	return store_sqlite_fail(db, rc, what);
}

policy_status store_step_done(policy_sqlite *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return POLICY_OK;
	return store_sqlite_fail(db, rc, what);
}

policy_status store_column_text(policy_sqlite *db, sqlite3_stmt *st, int col, char **out,
                                size_t *len)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);
	if (!s && sqlite3_column_type(st, col) != SQLITE_NULL)
		return store_fail(db, POLICY_ERR_NOMEM, "out of memory");
	char *copy = malloc(n + 1);
	if (!copy)
		return store_fail(db, POLICY_ERR_NOMEM, "out of memory");
	if (n)
		memcpy(copy, s, n);
	copy[n] = '\0';
	*out = copy;
	if (len)
		*len = n;
	return POLICY_OK;
}

void policy_sqlite_free(void *p)
{
	free(p);
}

const char *policy_sqlite_errmsg(const policy_sqlite *db)
{
	return db ? db->msg : "no database";
}

/* ---- opening ---- */

static unsigned user_version(policy_sqlite *db, policy_status *st)
{
	sqlite3_stmt *q = store_prepare(db, "PRAGMA user_version");
	if (!q) {
		*st = POLICY_ERR_CALLBACK;
		return 0;
	}
	unsigned v = 0;
	*st = store_step_row(db, q, "reading the schema version");
	if (*st == POLICY_OK)
		v = (unsigned)sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return v;
}

unsigned policy_sqlite_schema_version(const policy_sqlite *db)
{
	if (!db)
		return 0;
	policy_sqlite *m = (policy_sqlite *)db;
	store_enter(m);
	policy_status st;
	unsigned v = user_version(m, &st);
	store_leave(m);
	return v;
}

static policy_status migrate(policy_sqlite *db, unsigned target)
{
	policy_status st;
	unsigned have = user_version(db, &st);
	if (st != POLICY_OK)
		return st;
	if (have > POLICY_SQLITE_SCHEMA_VERSION)
		return store_fail(db, POLICY_ERR_STATE,
		                  "the database's schema (version %u) is newer than this library "
		                  "understands (version %u)",
		                  have, POLICY_SQLITE_SCHEMA_VERSION);
	if (have >= target)
		return POLICY_OK;
	if ((st = store_begin(db)) != POLICY_OK)
		return st;
	/* Another process may have migrated while we waited for the lock. */
	have = user_version(db, &st);
	for (unsigned v = have; st == POLICY_OK && v < target; v++) {
		int rc = sqlite3_exec(db->db, migrations[v], NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			char what[64];
			snprintf(what, sizeof what, "migrating the schema to version %u", v + 1);
			st = store_sqlite_fail(db, rc, what);
			break;
		}
		char sql[48];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %u", v + 1);
		st = store_exec(db, sql);
	}
	if (st != POLICY_OK) {
		store_rollback(db);
		return st;
	}
	return store_commit(db);
}

/* journal_mode=WAL takes an exclusive lock for a moment, and SQLite does
 * not always wait on it with the busy handler, so retry like one. */
static policy_status use_wal(policy_sqlite *db)
{
	int64_t deadline = 0;
	for (;;) {
		sqlite3_stmt *q = store_prepare(db, "PRAGMA journal_mode = WAL");
		if (!q)
			return POLICY_ERR_CALLBACK;
		int rc = sqlite3_step(q);
		sqlite3_finalize(q);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			return POLICY_OK;
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			return store_sqlite_fail(db, rc, "switching to WAL mode");
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		if (!deadline)
			deadline = now + db->busy_timeout_ms;
		if (now >= deadline)
			return store_sqlite_fail(db, rc, "switching to WAL mode");
		sqlite3_sleep(5);
	}
}

static void open_failed(policy_sqlite *db, char **error)
{
	if (error) {
		*error = strdup(db->msg[0] ? db->msg : "cannot open the database");
	}
	sqlite3_close(db->db);
	pthread_mutex_destroy(&db->lock);
	free(db);
}

policy_status policy_sqlite_open(const char *path, const policy_sqlite_options *opts,
                                 policy_sqlite **out, char **error)
{
	if (error)
		*error = NULL;
	if (!path || !out)
		return POLICY_ERR_ARGUMENT;
	*out = NULL;
	policy_sqlite_options o = POLICY_SQLITE_OPTIONS_INIT;
	if (opts)
		memcpy(&o, opts, opts->struct_size < sizeof o ? opts->struct_size : sizeof o);
	if (o.schema_version > POLICY_SQLITE_SCHEMA_VERSION) {
		if (error)
			*error = strdup("the schema version asked for is newer than this library's");
		return POLICY_ERR_ARGUMENT;
	}
	policy_sqlite *db = calloc(1, sizeof *db);
	if (!db)
		return POLICY_ERR_NOMEM;
	if (pthread_mutex_init(&db->lock, NULL) != 0) {
		free(db);
		return POLICY_ERR_NOMEM;
	}
	db->busy_timeout_ms = o.busy_timeout_ms ? o.busy_timeout_ms : 10000;
	db->now = o.now;
	db->now_user_data = o.now_user_data;
	int flags = (o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
	            SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &db->db, flags, NULL);
	policy_status st = POLICY_OK;
	if (rc != SQLITE_OK) {
		store_fail(db, (rc & 0xff) == SQLITE_NOMEM ? POLICY_ERR_NOMEM : POLICY_ERR_CALLBACK,
		           "cannot open %s: %s", path,
		           db->db ? sqlite3_errmsg(db->db) : sqlite3_errstr(rc));
		st = (rc & 0xff) == SQLITE_NOMEM ? POLICY_ERR_NOMEM : POLICY_ERR_CALLBACK;
	}
	if (st == POLICY_OK) {
		sqlite3_busy_timeout(db->db, (int)db->busy_timeout_ms);
		sqlite3_extended_result_codes(db->db, 1);
		if (!o.read_only)
			st = use_wal(db);
	}
	if (st == POLICY_OK)
		st = store_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL");
	if (st == POLICY_OK && !o.read_only)
		st = migrate(db, o.schema_version ? o.schema_version : POLICY_SQLITE_SCHEMA_VERSION);
	if (st == POLICY_OK && o.read_only) {
		unsigned v = user_version(db, &st);
		if (st == POLICY_OK && v == 0)
			st = store_fail(db, POLICY_ERR_STATE, "%s is not a policy store", path);
		else if (st == POLICY_OK && v < POLICY_SQLITE_SCHEMA_VERSION)
			st = store_fail(db, POLICY_ERR_STATE,
			                "%s has schema version %u; open it writable once to migrate it "
			                "to version %u",
			                path, v, POLICY_SQLITE_SCHEMA_VERSION);
		else if (st == POLICY_OK && v > POLICY_SQLITE_SCHEMA_VERSION)
			st = store_fail(db, POLICY_ERR_STATE,
			                "the database's schema (version %u) is newer than this library "
			                "understands (version %u)",
			                v, POLICY_SQLITE_SCHEMA_VERSION);
	}
	if (st != POLICY_OK) {
		if (!db->msg[0])
			store_fail(db, st, "cannot open %s", path);
		open_failed(db, error);
		return st;
	}
	*out = db;
	return POLICY_OK;
}

void policy_sqlite_close(policy_sqlite *db)
{
	if (!db)
		return;
	sqlite3_close(db->db);
	pthread_mutex_destroy(&db->lock);
	free(db);
}
