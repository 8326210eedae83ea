/*
 * The plan registry: publishing versions, the active-version pointer and
 * its history, and reading plans back.
 *
 * A version is a promise: "Claims Intake 4.2.1" names one plan, by its body
 * hash, forever. Publishing the same plan again is harmless (nothing is
 * added); publishing a different plan under a published version is
 * refused, because trails recorded under that version would then point at
 * rules that no longer exist. The active version is not a column that
 * changes but the latest row of an append-only history of activations
 * ("publish", "rollback"), so the question "which rules were in force on
 * March 3?" has an answer.
 *
 * Check-then-write sequences run inside one BEGIN IMMEDIATE transaction:
 * two processes publishing the same version at once cannot both see it
 * absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

policy_status store_json_rows(policy_sqlite *db, sqlite3_stmt *q, const char *what,
                               char **json, size_t *len, size_t *count)
{
	size_t cap = 256, n = 0, rows = 0;
	char *out = malloc(cap);
	if (!out)
		return store_fail(db, POLICY_ERR_NOMEM, "out of memory");
	out[n++] = '[';
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *row = (const char *)sqlite3_column_text(q, 0);
		size_t rl = (size_t)sqlite3_column_bytes(q, 0);
		if (!row) {
			free(out);
			return store_fail(db, POLICY_ERR_NOMEM, "out of memory");
		}
		if (n + rl + 8 > cap) {
			while (n + rl + 8 > cap)
				cap *= 2;
			char *bigger = realloc(out, cap);
			if (!bigger) {
				free(out);
				return store_fail(db, POLICY_ERR_NOMEM, "out of memory");
			}
			out = bigger;
		}
		if (rows++)
			out[n++] = ',';
		out[n++] = '\n';
		memcpy(out + n, row, rl);
		n += rl;
	}
	if (rc != SQLITE_DONE) {
		free(out);
		return store_sqlite_fail(db, rc, what);
	}
	if (rows)
		out[n++] = '\n';
	out[n++] = ']';
	out[n++] = '\n';
	out[n] = '\0';
	*json = out;
	if (len)
		*len = n;
	if (count)
		*count = rows;
	return POLICY_OK;
}

/* The active version and plan hash of `name` (copied into the buffers);
 * POLICY_ERR_NOT_FOUND when it has none. */
static policy_status current(policy_sqlite *db, const char *name, char version[256],
                             char hash[33])
{
	sqlite3_stmt *q = store_prepare(db, "SELECT version, plan_hash FROM activations "
	                                    "WHERE name = ?1 ORDER BY id DESC LIMIT 1");
	if (!q)
		return POLICY_ERR_CALLBACK;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	policy_status st = store_step_row(db, q, "reading the active version");
	if (st == POLICY_OK) {
		const char *v = (const char *)sqlite3_column_text(q, 0);
		const char *h = (const char *)sqlite3_column_text(q, 1);
		snprintf(version, 256, "%s", v ? v : "");
		snprintf(hash, 33, "%s", h ? h : "");
	}
	sqlite3_finalize(q);
	return st;
}

static policy_status activate(policy_sqlite *db, const char *name, const char *version,
                              const char *hash, const char *action)
{
	sqlite3_stmt *q = store_prepare(db, "INSERT INTO activations (name, version, plan_hash, "
	                                    "action, at) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!q)
		return POLICY_ERR_CALLBACK;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, store_now(db));
	policy_status st = store_step_done(db, q, "recording the activation");
	sqlite3_finalize(q);
	return st;
}

/* Publish under the lock and inside a transaction the caller opened. */
static policy_status publish_locked(policy_sqlite *db, const policy_plan *plan,
                                    const char *plan_json, size_t json_len, const char *text,
                                    size_t text_len, unsigned flags, int *created)
{
	const char *name = policy_plan_name(plan), *version = policy_plan_policy_version(plan);
	const char *hash = policy_plan_body_hash(plan);
	if (!name || !*name || !version || !*version)
		return store_fail(db, POLICY_ERR_STATE,
		                  "a plan needs a policy name and a version to be published "
		                  "(the policy's \"Policy:\" and \"Version:\" lines)");
	sqlite3_stmt *q = store_prepare(db, "SELECT plan_hash FROM plans "
	                                    "WHERE name = ?1 AND version = ?2");
	if (!q)
		return POLICY_ERR_CALLBACK;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, version, -1, SQLITE_STATIC);
	policy_status st = store_step_row(db, q, "looking up the version");
	char have[33] = "";
	if (st == POLICY_OK) {
		const char *h = (const char *)sqlite3_column_text(q, 0);
		snprintf(have, sizeof have, "%s", h ? h : "");
	}
	sqlite3_finalize(q);
	if (st != POLICY_OK && st != POLICY_ERR_NOT_FOUND)
		return st;
	bool is_new = st == POLICY_ERR_NOT_FOUND;
	if (!is_new && strcmp(have, hash))
		return store_fail(db, POLICY_ERR_STATE,
		                  "%s %s is already published with a different plan (%.12s, this one "
		                  "is %.12s); publish the change under a new version",
		                  name, version, have, hash);
	if (is_new) {
		q = store_prepare(db, "INSERT INTO plans (name, version, plan_hash, text_hash, "
		                      "effective, steps, est_tokens, plan_json, policy_text, "
		                      "published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
		if (!q)
			return POLICY_ERR_CALLBACK;
		sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, version, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, policy_plan_text_hash(plan), -1, SQLITE_STATIC);
		const char *eff = policy_plan_effective(plan);
		if (eff)
			sqlite3_bind_text(q, 5, eff, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 6, (sqlite3_int64)policy_plan_step_count(plan));
		sqlite3_bind_int64(q, 7, (sqlite3_int64)policy_plan_est_tokens(plan));
		sqlite3_bind_text(q, 8, plan_json, (int)json_len, SQLITE_STATIC);
		if (text)
			sqlite3_bind_text(q, 9, text, (int)text_len, SQLITE_STATIC);
		sqlite3_bind_int64(q, 10, store_now(db));
		st = store_step_done(db, q, "storing the plan");
		sqlite3_finalize(q);
		if (st != POLICY_OK)
			return st;
	}
	if (created)
		*created = is_new;
	if (flags & POLICY_SQLITE_ACTIVATE) {
		char active[256], active_hash[33];
		st = current(db, name, active, active_hash);
		if (st == POLICY_ERR_NOT_FOUND || (st == POLICY_OK && strcmp(active, version)))
			st = activate(db, name, version, hash, "publish");
		if (st != POLICY_OK)
			return st;
	}
	return POLICY_OK;
}

/* Publish a plan given as JSON (the "plan" kind of the store callback):
 * loaded first, so only a valid plan gets in. */
policy_status store_publish_json(policy_sqlite *db, const char *plan_json, size_t len,
                                 const char *key, int *created)
{
	policy_plan *plan;
	policy_error *err = NULL;
	policy_status st = policy_plan_load(plan_json, len, NULL, &plan, &err);
	if (st != POLICY_OK) {
		store_fail(db, st, "the plan is not valid: %s",
		           err ? policy_error_message(err) : "out of memory");
		policy_error_free(err);
		return st;
	}
	if (key && *key) {
		const char *name = policy_plan_name(plan), *version = policy_plan_policy_version(plan);
		const char *at = strrchr(key, '@');
		if (!name || !version || !at || (size_t)(at - key) != strlen(name) ||
		    strncmp(key, name, (size_t)(at - key)) || strcmp(at + 1, version)) {
			st = store_fail(db, POLICY_ERR_MISMATCH,
			                "the plan is %s %s, not \"%s\"", name ? name : "(unnamed)",
			                version ? version : "(no version)", key);
			policy_plan_free(plan);
			return st;
		}
	}
	st = policy_sqlite_publish(db, plan, NULL, 0, 0, created);
	policy_plan_free(plan);
	return st;
}

policy_status policy_sqlite_publish(policy_sqlite *db, const policy_plan *plan,
                                    const char *policy_text, size_t text_len, unsigned flags,
                                    int *created)
{
	if (!db || !plan || (!policy_text && text_len))
		return POLICY_ERR_ARGUMENT;
	char *json;
	size_t len;
	if (policy_plan_save(plan, &json, &len) != POLICY_OK)
		return POLICY_ERR_NOMEM;
	store_enter(db);
	policy_status st = store_begin(db);
	if (st == POLICY_OK) {
		st = publish_locked(db, plan, json, len, policy_text, text_len, flags, created);
		if (st == POLICY_OK)
			st = store_commit(db);
		else
			store_rollback(db);
	}
	store_leave(db);
	policy_free(json);
	return st;
}

static bool version_exists(policy_sqlite *db, const char *name, const char *version,
                           char hash[33], policy_status *st)
{
	sqlite3_stmt *q = store_prepare(db, "SELECT plan_hash FROM plans "
	                                    "WHERE name = ?1 AND version = ?2");
	if (!q) {
		*st = POLICY_ERR_CALLBACK;
		return false;
	}
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, version, -1, SQLITE_STATIC);
	*st = store_step_row(db, q, "looking up the version");
	bool found = *st == POLICY_OK;
	if (found) {
		const char *h = (const char *)sqlite3_column_text(q, 0);
		snprintf(hash, 33, "%s", h ? h : "");
	}
	if (*st == POLICY_ERR_NOT_FOUND)
		*st = POLICY_OK;
	sqlite3_finalize(q);
	return found;
}

static policy_status rollback_locked(policy_sqlite *db, const char *name, const char *version,
                                     char target[256])
{
	char active[256], active_hash[33], hash[33];
	policy_status st = current(db, name, active, active_hash);
	if (st == POLICY_ERR_NOT_FOUND)
		return store_fail(db, st, "no policy named \"%s\" has been published", name);
	if (st != POLICY_OK)
		return st;
	if (!version) {
		sqlite3_stmt *q = store_prepare(db, "SELECT version FROM activations "
		                                    "WHERE name = ?1 AND version != ?2 "
		                                    "ORDER BY id DESC LIMIT 1");
		if (!q)
			return POLICY_ERR_CALLBACK;
		sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, active, -1, SQLITE_STATIC);
		st = store_step_row(db, q, "reading the history");
		if (st == POLICY_OK) {
			const char *v = (const char *)sqlite3_column_text(q, 0);
			snprintf(target, 256, "%s", v ? v : "");
		}
		sqlite3_finalize(q);
		if (st == POLICY_ERR_NOT_FOUND)
			return store_fail(db, st, "%s has had no other active version than %s", name,
			                  active);
		if (st != POLICY_OK)
			return st;
	} else {
		snprintf(target, 256, "%s", version);
	}
	if (!version_exists(db, name, target, hash, &st)) {
		if (st != POLICY_OK)
			return st;
		return store_fail(db, POLICY_ERR_NOT_FOUND, "%s has no published version %s", name,
		                  target);
	}
	if (!strcmp(target, active))
		return store_fail(db, POLICY_ERR_STATE, "%s %s is already the active version", name,
		                  target);
	return activate(db, name, target, hash, "rollback");
}

policy_status policy_sqlite_rollback(policy_sqlite *db, const char *name, const char *version,
                                     char **activated)
{
	if (activated)
		*activated = NULL;
	if (!db || !name)
		return POLICY_ERR_ARGUMENT;
	char target[256] = "";
	store_enter(db);
	policy_status st = store_begin(db);
	if (st == POLICY_OK) {
		st = rollback_locked(db, name, version, target);
		if (st == POLICY_OK)
			st = store_commit(db);
		else
			store_rollback(db);
	}
	if (st == POLICY_OK && activated && !(*activated = strdup(target)))
		st = store_fail(db, POLICY_ERR_NOMEM, "out of memory");
	store_leave(db);
	return st;
}

policy_status policy_sqlite_active(policy_sqlite *db, const char *name, char **version,
                                   char **plan_hash)
{
	if (version)
		*version = NULL;
	if (plan_hash)
		*plan_hash = NULL;
	if (!db || !name)
		return POLICY_ERR_ARGUMENT;
	char v[256], h[33];
	store_enter(db);
	policy_status st = current(db, name, v, h);
	if (st == POLICY_ERR_NOT_FOUND)
		store_fail(db, st, "no policy named \"%s\" has been published", name);
	if (st == POLICY_OK && version && !(*version = strdup(v)))
		st = store_fail(db, POLICY_ERR_NOMEM, "out of memory");
	if (st == POLICY_OK && plan_hash && !(*plan_hash = strdup(h))) {
		if (version) {
			free(*version);
			*version = NULL;
		}
		st = store_fail(db, POLICY_ERR_NOMEM, "out of memory");
	}
	store_leave(db);
	return st;
}

/* A column of the plans row for name + version (NULL: active). */
static policy_status plan_column(policy_sqlite *db, const char *column, const char *name,
                                 const char *version, char **out, size_t *len)
{
	*out = NULL;
	if (len)
		*len = 0;
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT %s FROM plans WHERE name = ?1 AND version = coalesce(?2, "
	         "(SELECT version FROM activations WHERE name = ?1 ORDER BY id DESC LIMIT 1))",
	         column);
	store_enter(db);
	sqlite3_stmt *q = store_prepare(db, sql);
	policy_status st = q ? POLICY_OK : POLICY_ERR_CALLBACK;
	if (q) {
		sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
		if (version)
			sqlite3_bind_text(q, 2, version, -1, SQLITE_STATIC);
		st = store_step_row(db, q, "reading the plan");
		if (st == POLICY_ERR_NOT_FOUND) {
			if (version)
				store_fail(db, st, "%s has no published version %s", name, version);
			else
				store_fail(db, st, "no policy named \"%s\" has an active version", name);
		} else if (st == POLICY_OK && sqlite3_column_type(q, 0) == SQLITE_NULL) {
			st = store_fail(db, POLICY_ERR_NOT_FOUND, "%s %s was published without its text",
			                name, version ? version : "(active)");
		} else if (st == POLICY_OK) {
			st = store_column_text(db, q, 0, out, len);
		}
		sqlite3_finalize(q);
	}
	store_leave(db);
	return st;
}

policy_status policy_sqlite_plan_json(policy_sqlite *db, const char *name, const char *version,
                                      char **json, size_t *len)
{
	if (!db || !name || !json)
		return POLICY_ERR_ARGUMENT;
	return plan_column(db, "plan_json", name, version, json, len);
}

policy_status policy_sqlite_policy_text(policy_sqlite *db, const char *name, const char *version,
                                        char **text, size_t *len)
{
	if (!db || !name || !text)
		return POLICY_ERR_ARGUMENT;
	return plan_column(db, "policy_text", name, version, text, len);
}

policy_status policy_sqlite_plan_json_by_hash(policy_sqlite *db, const char *plan_hash,
                                              char **json, size_t *len)
{
	if (!db || !plan_hash || !json)
		return POLICY_ERR_ARGUMENT;
	*json = NULL;
	store_enter(db);
	sqlite3_stmt *q = store_prepare(db, "SELECT plan_json FROM plans WHERE plan_hash = ?1 "
	                                    "ORDER BY id LIMIT 1");
	policy_status st = q ? POLICY_OK : POLICY_ERR_CALLBACK;
	if (q) {
		sqlite3_bind_text(q, 1, plan_hash, -1, SQLITE_STATIC);
		st = store_step_row(db, q, "reading the plan");
		if (st == POLICY_ERR_NOT_FOUND)
			store_fail(db, st, "no published plan has the hash %s", plan_hash);
		else if (st == POLICY_OK)
			st = store_column_text(db, q, 0, json, len);
		sqlite3_finalize(q);
	}
	store_leave(db);
	return st;
}

policy_status policy_sqlite_load_plan(policy_sqlite *db, const char *name, const char *version,
                                      const policy_load_options *opts, policy_plan **out,
                                      policy_error **err)
{
	if (err)
		*err = NULL;
	if (!out)
		return POLICY_ERR_ARGUMENT;
	*out = NULL;
	char *json;
	size_t len;
	policy_status st = policy_sqlite_plan_json(db, name, version, &json, &len);
	if (st != POLICY_OK)
		return st;
	st = policy_plan_load(json, len, opts, out, err);
	free(json);
	if (st != POLICY_OK) {
		store_enter(db);
		store_fail(db, st, "the stored plan of %s %s does not load", name,
		           version ? version : "(active)");
		store_leave(db);
	}
	return st;
}

policy_status policy_sqlite_policies(policy_sqlite *db, char **json, size_t *len)
{
	if (!db || !json)
		return POLICY_ERR_ARGUMENT;
	*json = NULL;
	store_enter(db);
	sqlite3_stmt *q = store_prepare(
		db, "SELECT json_object('name', name, 'active', (SELECT version FROM activations a "
		    "WHERE a.name = p.name ORDER BY id DESC LIMIT 1), 'versions', count(*)) "
		    "FROM plans p GROUP BY name ORDER BY name");
	policy_status st = q ? store_json_rows(db, q, "listing policies", json, len, NULL) :
	                       POLICY_ERR_CALLBACK;
	sqlite3_finalize(q);
	store_leave(db);
	return st;
}

policy_status policy_sqlite_versions(policy_sqlite *db, const char *name, char **json,
                                     size_t *len)
{
	if (!db || !name || !json)
		return POLICY_ERR_ARGUMENT;
	*json = NULL;
	store_enter(db);
	sqlite3_stmt *q = store_prepare(
		db, "SELECT json_object('version', version, 'plan_hash', plan_hash, 'text_hash', "
		    "text_hash, 'effective', effective, 'published_at', published_at, 'steps', steps, "
		    "'est_tokens', est_tokens, 'active', json(iif(version IS (SELECT version FROM "
		    "activations a WHERE a.name = p.name ORDER BY id DESC LIMIT 1), 'true', 'false'))) "
		    "FROM plans p WHERE name = ?1 ORDER BY id");
	policy_status st = POLICY_ERR_CALLBACK;
	size_t n = 0;
	if (q) {
		sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
		st = store_json_rows(db, q, "listing versions", json, len, &n);
		if (st == POLICY_OK && n == 0) {
			free(*json);
			*json = NULL;
			st = store_fail(db, POLICY_ERR_NOT_FOUND,
			                "no policy named \"%s\" has been published", name);
		}
	}
	sqlite3_finalize(q);
	store_leave(db);
	return st;
}

policy_status policy_sqlite_history(policy_sqlite *db, const char *name, char **json,
                                    size_t *len)
{
	if (!db || !name || !json)
		return POLICY_ERR_ARGUMENT;
	*json = NULL;
	store_enter(db);
	sqlite3_stmt *q = store_prepare(
		db, "SELECT json_object('version', version, 'plan_hash', plan_hash, 'action', action, "
		    "'at', at) FROM activations WHERE name = ?1 ORDER BY id");
	policy_status st = POLICY_ERR_CALLBACK;
	if (q) {
		sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
		st = store_json_rows(db, q, "reading the history", json, len, NULL);
	}
	sqlite3_finalize(q);
	store_leave(db);
	return st;
}
