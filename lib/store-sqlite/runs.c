/*
 * Runs and their trails: recording an execution, listing runs, reading a
 * trail back byte for byte.
 *
 * A trail is stored one row per entry, keyed by (run, seq) and indexed by
 * case id, plan hash and start time, so "every decision this plan made"
 * and "everything that happened to case CL-1" are index scans. Each
 * entry's JSON line is kept exactly as the library wrote it: the hash
 * chain covers those bytes, so a trail read back verifies as the original
 * did, and any later edit of a row (which the triggers refuse anyway)
 * would show.
 *
 * Nothing unverified gets in: the trail is loaded with policy_trail_load,
 * which checks the chain, before a single row is written, and all its
 * entries must come from one plan and one case. The run row and its entries
 * are written in one BEGIN IMMEDIATE transaction: another process sees a
 * run whole or not at all, and concurrent writers queue on the write lock
 * (within the busy timeout) instead of failing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static policy_status check_trail(policy_sqlite *db, const policy_trail *t, const char **hash)
{
	*hash = NULL;
	policy_trail_iter *it;
	if (policy_trail_iter_new(t, &it) != POLICY_OK)
		return store_fail(db, POLICY_ERR_NOMEM, "out of memory");
	policy_status st = POLICY_OK;
	while (st == POLICY_OK && policy_trail_iter_next(it)) {
		const char *h = policy_trail_iter_plan_hash(it);
		if (!*hash)
			*hash = h;
		else if (strcmp(*hash, h))
			st = store_fail(db, POLICY_ERR_MISMATCH,
			                "entry %llu was made by plan %.12s, the first by %.12s: a trail "
			                "comes from one plan",
			                (unsigned long long)policy_trail_iter_seq(it), h, *hash);
	}
	policy_trail_iter_free(it);
	return st;
}

static policy_status insert_entries(policy_sqlite *db, int64_t run, const char *case_id,
                                    const policy_trail *t)
{
	sqlite3_stmt *q = store_prepare(db, "INSERT INTO trail_entries (run_id, seq, case_id, "
	                                    "plan_hash, step, kind, started_at, ended_at, prev, "
	                                    "hash, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	                                    "?9, ?10, ?11)");
	if (!q)
		return POLICY_ERR_CALLBACK;
	policy_trail_iter *it;
	if (policy_trail_iter_new(t, &it) != POLICY_OK) {
		sqlite3_finalize(q);
		return store_fail(db, POLICY_ERR_NOMEM, "out of memory");
	}
	policy_status st = POLICY_OK;
	while (st == POLICY_OK && policy_trail_iter_next(it)) {
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, run);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)policy_trail_iter_seq(it));
		sqlite3_bind_text(q, 3, case_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, policy_trail_iter_plan_hash(it), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, policy_trail_iter_step_id(it), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 6, policy_step_kind_name(policy_trail_iter_kind(it)), -1,
		                  SQLITE_STATIC);
		sqlite3_bind_int64(q, 7, policy_trail_iter_started_at(it));
		sqlite3_bind_int64(q, 8, policy_trail_iter_ended_at(it));
		sqlite3_bind_text(q, 9, policy_trail_iter_prev_hash(it), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 10, policy_trail_iter_hash(it), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 11, policy_trail_iter_json(it), -1, SQLITE_STATIC);
		st = store_step_done(db, q, "storing a trail entry");
	}
	policy_trail_iter_free(it);
	sqlite3_finalize(q);
	if (st != POLICY_OK)
		return st;
	/* Entries name their case; it must be this one (or none). */
	q = store_prepare(db, "SELECT json_extract(line, '$.case') FROM trail_entries "
	                      "WHERE run_id = ?1 AND json_extract(line, '$.case') IS NOT NULL "
	                      "AND json_extract(line, '$.case') != ?2 LIMIT 1");
	if (!q)
		return POLICY_ERR_CALLBACK;
	sqlite3_bind_int64(q, 1, run);
	sqlite3_bind_text(q, 2, case_id, -1, SQLITE_STATIC);
	st = store_step_row(db, q, "checking the case id");
	if (st == POLICY_OK)
		st = store_fail(db, POLICY_ERR_MISMATCH, "the trail is of case \"%s\", not \"%s\"",
		                (const char *)sqlite3_column_text(q, 0), case_id);
	else if (st == POLICY_ERR_NOT_FOUND)
		st = POLICY_OK;
	sqlite3_finalize(q);
	return st;
}

static policy_status record_locked(policy_sqlite *db, const char *case_id, const policy_trail *t,
                                   const char *plan_hash, const char *decision,
                                   const char *manifest, int64_t *run_id)
{
	policy_trail_iter *it;
	if (policy_trail_iter_new(t, &it) != POLICY_OK)
		return store_fail(db, POLICY_ERR_NOMEM, "out of memory");
	char name[256] = "", version[256] = "", head[33] = "";
	int64_t started = 0;
	for (bool first = true; policy_trail_iter_next(it); first = false) {
		if (first) {
			snprintf(name, sizeof name, "%s", policy_trail_iter_policy_name(it));
			snprintf(version, sizeof version, "%s", policy_trail_iter_policy_version(it));
			started = policy_trail_iter_started_at(it);
		}
		snprintf(head, sizeof head, "%s", policy_trail_iter_hash(it));
	}
	policy_trail_iter_free(it);

	sqlite3_stmt *q = store_prepare(db, "INSERT INTO runs (case_id, policy, version, plan_hash, "
	                                    "started_at, recorded_at, entries, head, decision, "
	                                    "manifest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	                                    "?10)");
	if (!q)
		return POLICY_ERR_CALLBACK;
	sqlite3_bind_text(q, 1, case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, plan_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, started);
	sqlite3_bind_int64(q, 6, store_now(db));
	sqlite3_bind_int64(q, 7, (sqlite3_int64)policy_trail_entry_count(t));
	sqlite3_bind_text(q, 8, head, -1, SQLITE_STATIC);
	if (decision)
		sqlite3_bind_text(q, 9, decision, -1, SQLITE_STATIC);
	if (manifest)
		sqlite3_bind_text(q, 10, manifest, -1, SQLITE_STATIC);
	policy_status st = store_step_done(db, q, "storing the run");
	sqlite3_finalize(q);
	if (st == POLICY_ERR_STATE)
		return store_fail(db, POLICY_ERR_ARGUMENT,
		                  "the decision and the manifest must be JSON (%s)", db->msg);
	if (st != POLICY_OK)
		return st;
	int64_t run = sqlite3_last_insert_rowid(db->db);
	st = insert_entries(db, run, case_id, t);
	if (st == POLICY_OK && run_id)
		*run_id = run;
	return st;
}

policy_status policy_sqlite_record_run(policy_sqlite *db, const char *case_id,
                                       const char *trail_jsonl, size_t len,
                                       const char *decision_json, const char *manifest_json,
                                       int64_t *run_id)
{
	if (run_id)
		*run_id = 0;
	if (!db || !case_id || !*case_id || !trail_jsonl)
		return POLICY_ERR_ARGUMENT;
	policy_trail *t = NULL;
	policy_error *err = NULL;
	policy_status st = policy_trail_load(trail_jsonl, len, NULL, &t, &err);
	store_enter(db);
	if (st != POLICY_OK) {
		if (err && policy_error_line(err))
			store_fail(db, st, "the trail is not valid: line %u: %s", policy_error_line(err),
			           policy_error_message(err));
		else
			store_fail(db, st, "the trail is not valid: %s",
			           err ? policy_error_message(err) : "out of memory");
	} else if (policy_trail_entry_count(t) == 0) {
		st = store_fail(db, POLICY_ERR_TRAIL, "the trail has no entries");
	}
	policy_error_free(err);
	const char *plan_hash = NULL;
	if (st == POLICY_OK)
		st = check_trail(db, t, &plan_hash);
	if (st == POLICY_OK && (st = store_begin(db)) == POLICY_OK) {
		st = record_locked(db, case_id, t, plan_hash, decision_json, manifest_json, run_id);
		if (st == POLICY_OK)
			st = store_commit(db);
		else
			store_rollback(db);
	}
	if (st != POLICY_OK && run_id)
		*run_id = 0;
	store_leave(db);
	policy_trail_free(t);
	return st;
}

#define RUN_JSON                                                                               \
	"json_object('run', id, 'case', case_id, 'policy', policy, 'version', version, "         \
	"'plan_hash', plan_hash, 'recorded_at', recorded_at, 'started_at', started_at, "        \
	"'entries', entries, 'head', head, 'decision', json(decision), 'manifest', "            \
	"json(manifest))"

policy_status policy_sqlite_runs(policy_sqlite *db, const policy_sqlite_run_filter *filter,
                                 char **json, size_t *len)
{
	if (!db || !json)
		return POLICY_ERR_ARGUMENT;
	*json = NULL;
	policy_sqlite_run_filter f = POLICY_SQLITE_RUN_FILTER_INIT;
	if (filter)
		memcpy(&f, filter, filter->struct_size < sizeof f ? filter->struct_size : sizeof f);
	/* Unset filters bind NULL and match everything; the limit keeps the
	 * most recent runs, listed oldest first. */
	static const char sql[] =
		"SELECT " RUN_JSON " FROM (SELECT * FROM runs "
		"WHERE (?1 IS NULL OR policy = ?1) AND (?2 IS NULL OR case_id = ?2) "
		"AND (?3 IS NULL OR plan_hash = ?3) AND (?4 IS NULL OR recorded_at >= ?4) "
		"AND (?5 IS NULL OR recorded_at <= ?5) ORDER BY id DESC LIMIT ?6) ORDER BY id";
	store_enter(db);
	sqlite3_stmt *q = store_prepare(db, sql);
	policy_status st = POLICY_ERR_CALLBACK;
	if (q) {
		if (f.policy)
			sqlite3_bind_text(q, 1, f.policy, -1, SQLITE_STATIC);
		if (f.case_id)
			sqlite3_bind_text(q, 2, f.case_id, -1, SQLITE_STATIC);
		if (f.plan_hash)
			sqlite3_bind_text(q, 3, f.plan_hash, -1, SQLITE_STATIC);
		if (f.since)
			sqlite3_bind_int64(q, 4, f.since);
		if (f.until)
			sqlite3_bind_int64(q, 5, f.until);
		sqlite3_bind_int64(q, 6, f.limit ? (sqlite3_int64)f.limit : -1);
		st = store_json_rows(db, q, "listing runs", json, len, NULL);
	}
	sqlite3_finalize(q);
	store_leave(db);
	return st;
}

policy_status policy_sqlite_run(policy_sqlite *db, int64_t run_id, char **json, size_t *len)
{
	if (!db || !json)
		return POLICY_ERR_ARGUMENT;
	*json = NULL;
	store_enter(db);
	sqlite3_stmt *q = store_prepare(db, "SELECT " RUN_JSON " FROM runs WHERE id = ?1");
	policy_status st = POLICY_ERR_CALLBACK;
	if (q) {
		sqlite3_bind_int64(q, 1, run_id);
		st = store_step_row(db, q, "reading the run");
		if (st == POLICY_ERR_NOT_FOUND)
			store_fail(db, st, "there is no run %lld", (long long)run_id);
		else if (st == POLICY_OK)
			st = store_column_text(db, q, 0, json, len);
	}
	sqlite3_finalize(q);
	store_leave(db);
	return st;
}

policy_status policy_sqlite_latest_run(policy_sqlite *db, const char *case_id, int64_t *run_id)
{
	if (!db || !case_id || !run_id)
		return POLICY_ERR_ARGUMENT;
	*run_id = 0;
	store_enter(db);
	sqlite3_stmt *q = store_prepare(db, "SELECT id FROM runs WHERE case_id = ?1 "
	                                    "ORDER BY id DESC LIMIT 1");
	policy_status st = POLICY_ERR_CALLBACK;
	if (q) {
		sqlite3_bind_text(q, 1, case_id, -1, SQLITE_STATIC);
		st = store_step_row(db, q, "finding the case");
		if (st == POLICY_ERR_NOT_FOUND)
			store_fail(db, st, "no run of case \"%s\" is stored", case_id);
		else if (st == POLICY_OK)
			*run_id = sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	store_leave(db);
	return st;
}

policy_status policy_sqlite_trail(policy_sqlite *db, int64_t run_id, char **jsonl, size_t *len)
{
	if (!db || !jsonl)
		return POLICY_ERR_ARGUMENT;
	*jsonl = NULL;
	if (len)
		*len = 0;
	store_enter(db);
	sqlite3_stmt *q = store_prepare(db, "SELECT line FROM trail_entries WHERE run_id = ?1 "
	                                    "ORDER BY seq");
	policy_status st = q ? POLICY_OK : POLICY_ERR_CALLBACK;
	size_t cap = 0, n = 0;
	char *out = NULL;
	int rc = SQLITE_DONE;
	if (q) {
		sqlite3_bind_int64(q, 1, run_id);
		while (st == POLICY_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
			const char *line = (const char *)sqlite3_column_text(q, 0);
			size_t ll = (size_t)sqlite3_column_bytes(q, 0);
			if (!line) {
				st = store_fail(db, POLICY_ERR_NOMEM, "out of memory");
				break;
			}
			if (n + ll + 2 > cap) {
				size_t c = cap ? cap : 4096;
				while (n + ll + 2 > c)
					c *= 2;
				char *bigger = realloc(out, c);
				if (!bigger) {
					st = store_fail(db, POLICY_ERR_NOMEM, "out of memory");
					break;
				}
				out = bigger;
				cap = c;
			}
			memcpy(out + n, line, ll);
			n += ll;
			out[n++] = '\n';
		}
		if (st == POLICY_OK && rc != SQLITE_DONE)
			st = store_sqlite_fail(db, rc, "reading the trail");
		if (st == POLICY_OK && n == 0)
			st = store_fail(db, POLICY_ERR_NOT_FOUND, "there is no run %lld",
			                (long long)run_id);
	}
	sqlite3_finalize(q);
	store_leave(db);
	if (st != POLICY_OK) {
		free(out);
		return st;
	}
	out[n] = '\0';
	*jsonl = out;
	if (len)
		*len = n;
	return POLICY_OK;
}
