/*
 * The policy_host callbacks: policy_store_func and policy_load_func over
 * the registry and the run store.
 *
 * The callbacks speak in (kind, key) pairs, the vocabulary hosts and
 * bindings share, and map them onto the richer API: a "trail" stored under
 * a case id becomes a run; a "plan" is published under its own name and
 * version; a "plan" is loaded by NAME (the active version), NAME@VERSION or
 * plan hash; a "trail" is loaded as the case's most recent run. Kinds this
 * library does not model are kept verbatim in a key-value table, so a host
 * can persist its own records next to its trails.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"

static bool is_hash(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == 32;
}

static policy_status store_other(policy_sqlite *db, const char *kind, const char *key,
                                 const char *json, size_t len)
{
	store_enter(db);
	sqlite3_stmt *q = store_prepare(db, "INSERT OR REPLACE INTO kv (kind, key, json, stored_at) "
	                                    "VALUES (?1, ?2, ?3, ?4)");
	policy_status st = POLICY_ERR_CALLBACK;
	if (q) {
		sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, json, (int)len, SQLITE_STATIC);
		sqlite3_bind_int64(q, 4, store_now(db));
		st = store_step_done(db, q, "storing");
	}
	sqlite3_finalize(q);
	store_leave(db);
	return st;
}

static policy_status load_other(policy_sqlite *db, const char *kind, const char *key,
                                char **json, size_t *len)
{
	store_enter(db);
	sqlite3_stmt *q = store_prepare(db, "SELECT json FROM kv WHERE kind = ?1 AND key = ?2");
	policy_status st = POLICY_ERR_CALLBACK;
	if (q) {
		sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
		st = store_step_row(db, q, "loading");
		if (st == POLICY_ERR_NOT_FOUND)
			store_fail(db, st, "nothing is stored as %s \"%s\"", kind, key);
		else if (st == POLICY_OK)
			st = store_column_text(db, q, 0, json, len);
	}
	sqlite3_finalize(q);
	store_leave(db);
	return st;
}

policy_status policy_sqlite_store(const char *kind, const char *key, const char *json, size_t len,
                                  void *user_data)
{
	policy_sqlite *db = user_data;
	if (!db || !kind || !key || (!json && len))
		return POLICY_ERR_ARGUMENT;
	if (!json)
		json = "";
	if (!strcmp(kind, "trail"))
		return policy_sqlite_record_run(db, key, json, len, NULL, NULL, NULL);
	if (!strcmp(kind, "plan"))
		return store_publish_json(db, json, len, key, NULL);
	return store_other(db, kind, key, json, len);
}

static policy_status load_plan_json(policy_sqlite *db, const char *key, char **json, size_t *len)
{
	if (is_hash(key))
		return policy_sqlite_plan_json_by_hash(db, key, json, len);
	const char *at = strrchr(key, '@');
	if (!at)
		return policy_sqlite_plan_json(db, key, NULL, json, len);
	char *name = strndup(key, (size_t)(at - key));
	if (!name)
		return POLICY_ERR_NOMEM;
	policy_status st = policy_sqlite_plan_json(db, name, at + 1, json, len);
	free(name);
	return st;
}

policy_status policy_sqlite_get(policy_sqlite *db, const char *kind, const char *key,
                                char **json, size_t *len)
{
	if (!db || !kind || !key || !json)
		return POLICY_ERR_ARGUMENT;
	*json = NULL;
	if (len)
		*len = 0;
	if (!strcmp(kind, "plan"))
		return load_plan_json(db, key, json, len);
	if (!strcmp(kind, "trail")) {
		int64_t run;
		policy_status st = policy_sqlite_latest_run(db, key, &run);
		return st == POLICY_OK ? policy_sqlite_trail(db, run, json, len) : st;
	}
	return load_other(db, kind, key, json, len);
}

policy_status policy_sqlite_load(const char *kind, const char *key, policy_reply *reply,
                                 void *user_data)
{
	policy_sqlite *db = user_data;
	if (!db || !kind || !key || !reply)
		return POLICY_ERR_ARGUMENT;
	char *json = NULL;
	size_t len = 0;
	policy_status st = policy_sqlite_get(db, kind, key, &json, &len);
	if (st == POLICY_OK)
		st = policy_reply_set_json(reply, json, len);
	else if (st != POLICY_ERR_NOT_FOUND)
		policy_reply_set_error(reply, db->msg);
	free(json);
	return st;
}

void policy_sqlite_install(policy_sqlite *db, policy_host *host)
{
	if (!db || !host)
		return;
	policy_host_set_store_func(host, policy_sqlite_store, db, NULL);
	policy_host_set_load_func(host, policy_sqlite_load, db, NULL);
}
