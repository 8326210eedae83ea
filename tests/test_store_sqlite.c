/*
 * libpolicy-sqlite: the registry, the run store, the callbacks, the
 * schema's migrations and its append-only guarantees, against real
 * database files and real plans and trails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <sys/time.h>
#include <unistd.h>

#include "policy_sqlite.h"
#include "store_fixture.h"

static char dir[] = "/tmp/policy-store-test-XXXXXX";
static int db_counter;

/* A path for a new database in the test's directory. */
static const char *new_db_path(void)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/store-%d.db", dir, ++db_counter);
	return path;
}

static policy_sqlite *open_new(void)
{
	policy_sqlite *db = NULL;
	char *msg = NULL;
	assert_int_equal(policy_sqlite_open(new_db_path(), NULL, &db, &msg), POLICY_OK);
	assert_null(msg);
	return db;
}

static cJSON *parse(char *json)
{
	cJSON *v = cJSON_Parse(json);
	assert_non_null(v);
	policy_sqlite_free(json);
	return v;
}

/* A second, raw connection to the same file, as another process would. */
static sqlite3 *raw(policy_sqlite *db, const char *path)
{
	(void)db;
	sqlite3 *r;
	assert_int_equal(sqlite3_open(path, &r), SQLITE_OK);
	return r;
}

static int count(sqlite3 *r, const char *sql)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(r, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* ---- opening and migrations ---- */

static void open_creates_the_latest_schema_in_wal_mode(void **state)
{
	(void)state;
	const char *path = new_db_path();
	policy_sqlite *db;
	assert_int_equal(policy_sqlite_open(path, NULL, &db, NULL), POLICY_OK);
	assert_int_equal(policy_sqlite_schema_version(db), POLICY_SQLITE_SCHEMA_VERSION);
	sqlite3 *r = raw(db, path);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(r, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	assert_int_equal(count(r, "SELECT count(*) FROM sqlite_master WHERE name IN ('plans', "
	                          "'activations', 'runs', 'trail_entries', 'kv')"),
	                 5);
	/* Trails are indexed by case id, plan hash and time. */
	assert_int_equal(count(r, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
	                          "name IN ('trail_by_case', 'trail_by_plan', 'trail_by_time')"),
	                 3);
	sqlite3_close(r);
	policy_sqlite_close(db);
}

static void a_version_one_database_is_migrated_and_keeps_its_plans(void **state)
{
	(void)state;
	const char *path = new_db_path();
	policy_sqlite_options o = POLICY_SQLITE_OPTIONS_INIT;
	o.schema_version = 1;
	policy_sqlite *db;
	assert_int_equal(policy_sqlite_open(path, &o, &db, NULL), POLICY_OK);
	assert_int_equal(policy_sqlite_schema_version(db), 1);
	policy_plan *p = fixture_plan(claims_v1);
	assert_int_equal(policy_sqlite_publish(db, p, NULL, 0, POLICY_SQLITE_ACTIVATE, NULL), POLICY_OK);
	/* Version 1 has no run store yet. */
	size_t len;
	char *jsonl = fixture_trail(p, "CL-1", 0, &len);
	assert_int_not_equal(policy_sqlite_record_run(db, "CL-1", jsonl, len, NULL, NULL, NULL),
	                     POLICY_OK);
	policy_sqlite_close(db);

	/* Opening it with this library migrates it to the latest version. */
	assert_int_equal(policy_sqlite_open(path, NULL, &db, NULL), POLICY_OK);
	assert_int_equal(policy_sqlite_schema_version(db), POLICY_SQLITE_SCHEMA_VERSION);
	char *version;
	assert_int_equal(policy_sqlite_active(db, "Claims Intake", &version, NULL), POLICY_OK);
	assert_string_equal(version, "4.2.1");
	policy_sqlite_free(version);
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", jsonl, len, NULL, NULL, NULL), POLICY_OK);
	policy_free(jsonl);
	policy_plan_free(p);
	policy_sqlite_close(db);
}

static void a_newer_schema_is_refused(void **state)
{
	(void)state;
	const char *path = new_db_path();
	sqlite3 *r;
	assert_int_equal(sqlite3_open(path, &r), SQLITE_OK);
	assert_int_equal(sqlite3_exec(r, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(r);
	policy_sqlite *db = (policy_sqlite *)1;
	char *msg = NULL;
	assert_int_equal(policy_sqlite_open(path, NULL, &db, &msg), POLICY_ERR_STATE);
	assert_null(db);
	assert_non_null(strstr(msg, "newer"));
	policy_sqlite_free(msg);
}

static void read_only_needs_an_existing_store(void **state)
{
	(void)state;
	policy_sqlite_options o = POLICY_SQLITE_OPTIONS_INIT;
	o.read_only = 1;
	policy_sqlite *db;
	char *msg = NULL;
	assert_int_not_equal(policy_sqlite_open(new_db_path(), &o, &db, &msg), POLICY_OK);
	assert_non_null(msg);
	policy_sqlite_free(msg);
	const char *path = new_db_path();
	assert_int_equal(policy_sqlite_open(path, NULL, &db, NULL), POLICY_OK);
	policy_sqlite_close(db);
	assert_int_equal(policy_sqlite_open(path, &o, &db, NULL), POLICY_OK);
	policy_plan *p = fixture_plan(claims_v1);
	assert_int_not_equal(policy_sqlite_publish(db, p, NULL, 0, 0, NULL), POLICY_OK);
	policy_plan_free(p);
	policy_sqlite_close(db);
}

/* ---- the registry ---- */

static void publishing_is_keyed_by_name_version_and_hash(void **state)
{
	(void)state;
	policy_sqlite *db = open_new();
	policy_plan *v1 = fixture_plan(claims_v1), *edited = fixture_plan(claims_v1_edited);
	int created = -1;
	assert_int_equal(policy_sqlite_publish(db, v1, claims_v1, strlen(claims_v1),
	                                       POLICY_SQLITE_ACTIVATE, &created),
	                 POLICY_OK);
	assert_int_equal(created, 1);
	/* The same plan again: nothing added. */
	assert_int_equal(policy_sqlite_publish(db, v1, NULL, 0, POLICY_SQLITE_ACTIVATE, &created),
	                 POLICY_OK);
	assert_int_equal(created, 0);
	/* A different plan under 4.2.1: refused, and the registry unchanged. */
	assert_int_equal(policy_sqlite_publish(db, edited, NULL, 0, POLICY_SQLITE_ACTIVATE, &created),
	                 POLICY_ERR_STATE);
	assert_non_null(strstr(policy_sqlite_errmsg(db), "already published with a different plan"));
	char *json;
	size_t len;
	assert_int_equal(policy_sqlite_plan_json(db, "Claims Intake", "4.2.1", &json, &len), POLICY_OK);
	char *saved;
	size_t saved_len;
	assert_int_equal(policy_plan_save(v1, &saved, &saved_len), POLICY_OK);
	assert_int_equal(len, saved_len);
	assert_memory_equal(json, saved, len);
	policy_sqlite_free(json);
	/* By hash, and the active version when none is named. */
	assert_int_equal(policy_sqlite_plan_json_by_hash(db, policy_plan_body_hash(v1), &json, &len),
	                 POLICY_OK);
	assert_memory_equal(json, saved, len);
	policy_sqlite_free(json);
	assert_int_equal(policy_sqlite_plan_json(db, "Claims Intake", NULL, &json, &len), POLICY_OK);
	assert_memory_equal(json, saved, len);
	policy_sqlite_free(json);
	policy_free(saved);
	/* The text it was compiled from is kept. */
	char *text;
	assert_int_equal(policy_sqlite_policy_text(db, "Claims Intake", "4.2.1", &text, &len), POLICY_OK);
	assert_string_equal(text, claims_v1);
	policy_sqlite_free(text);
	/* Unknown names and versions. */
	assert_int_equal(policy_sqlite_plan_json(db, "Claims Intake", "9.9", &json, &len),
	                 POLICY_ERR_NOT_FOUND);
	assert_int_equal(policy_sqlite_plan_json(db, "Nothing", NULL, &json, &len),
	                 POLICY_ERR_NOT_FOUND);
	assert_int_equal(policy_sqlite_plan_json_by_hash(db, "00000000000000000000000000000000", &json,
	                                                 &len),
	                 POLICY_ERR_NOT_FOUND);
	policy_plan_free(v1);
	policy_plan_free(edited);
	policy_sqlite_close(db);
}

static void the_active_version_has_a_history_and_rolls_back(void **state)
{
	(void)state;
	policy_sqlite *db = open_new();
	policy_plan *v1 = fixture_plan(claims_v1), *v2 = fixture_plan(claims_v2);
	assert_int_equal(policy_sqlite_publish(db, v1, NULL, 0, POLICY_SQLITE_ACTIVATE, NULL), POLICY_OK);
	assert_int_equal(policy_sqlite_publish(db, v2, NULL, 0, POLICY_SQLITE_ACTIVATE, NULL), POLICY_OK);
	char *version, *hash;
	assert_int_equal(policy_sqlite_active(db, "Claims Intake", &version, &hash), POLICY_OK);
	assert_string_equal(version, "4.3.0");
	assert_string_equal(hash, policy_plan_body_hash(v2));
	policy_sqlite_free(version);
	policy_sqlite_free(hash);

	/* Without a version: back to the one active before. */
	char *now;
	assert_int_equal(policy_sqlite_rollback(db, "Claims Intake", NULL, &now), POLICY_OK);
	assert_string_equal(now, "4.2.1");
	policy_sqlite_free(now);
	assert_int_equal(policy_sqlite_rollback(db, "Claims Intake", "4.2.1", NULL), POLICY_ERR_STATE);
	assert_int_equal(policy_sqlite_rollback(db, "Claims Intake", "5.0", NULL), POLICY_ERR_NOT_FOUND);
	assert_int_equal(policy_sqlite_rollback(db, "Nothing", NULL, NULL), POLICY_ERR_NOT_FOUND);
	/* Loading by name gives the active plan. */
	policy_plan *active;
	assert_int_equal(policy_sqlite_load_plan(db, "Claims Intake", NULL, NULL, &active, NULL),
	                 POLICY_OK);
	assert_string_equal(policy_plan_body_hash(active), policy_plan_body_hash(v1));
	policy_plan_free(active);

	char *json;
	assert_int_equal(policy_sqlite_history(db, "Claims Intake", &json, NULL), POLICY_OK);
	cJSON *h = parse(json);
	assert_int_equal(cJSON_GetArraySize(h), 3);
	const char *actions[] = { "publish", "publish", "rollback" };
	const char *versions[] = { "4.2.1", "4.3.0", "4.2.1" };
	for (int i = 0; i < 3; i++) {
		cJSON *e = cJSON_GetArrayItem(h, i);
		assert_string_equal(cJSON_GetObjectItem(e, "action")->valuestring, actions[i]);
		assert_string_equal(cJSON_GetObjectItem(e, "version")->valuestring, versions[i]);
		assert_true(cJSON_IsNumber(cJSON_GetObjectItem(e, "at")));
	}
	cJSON_Delete(h);

	assert_int_equal(policy_sqlite_versions(db, "Claims Intake", &json, NULL), POLICY_OK);
	cJSON *v = parse(json);
	assert_int_equal(cJSON_GetArraySize(v), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(v, 0), "version")->valuestring, "4.2.1");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(v, 0), "active")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(v, 1), "active")));
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(v, 1), "steps")->valueint,
	                 (int)policy_plan_step_count(v2));
	cJSON_Delete(v);
	assert_int_equal(policy_sqlite_versions(db, "Nothing", &json, NULL), POLICY_ERR_NOT_FOUND);

	assert_int_equal(policy_sqlite_policies(db, &json, NULL), POLICY_OK);
	cJSON *ps = parse(json);
	assert_int_equal(cJSON_GetArraySize(ps), 1);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(ps, 0), "active")->valuestring,
	                    "4.2.1");
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(ps, 0), "versions")->valueint, 2);
	cJSON_Delete(ps);
	policy_plan_free(v1);
	policy_plan_free(v2);
	policy_sqlite_close(db);
}

static void publishing_without_activation_keeps_the_active_version(void **state)
{
	(void)state;
	policy_sqlite *db = open_new();
	policy_plan *v1 = fixture_plan(claims_v1), *v2 = fixture_plan(claims_v2);
	assert_int_equal(policy_sqlite_publish(db, v1, NULL, 0, POLICY_SQLITE_ACTIVATE, NULL), POLICY_OK);
	assert_int_equal(policy_sqlite_publish(db, v2, NULL, 0, 0, NULL), POLICY_OK);
	char *version;
	assert_int_equal(policy_sqlite_active(db, "Claims Intake", &version, NULL), POLICY_OK);
	assert_string_equal(version, "4.2.1");
	policy_sqlite_free(version);
	char *text;
	size_t len;
	/* Published as a plan without its text. */
	assert_int_equal(policy_sqlite_policy_text(db, "Claims Intake", "4.3.0", &text, &len),
	                 POLICY_ERR_NOT_FOUND);
	policy_plan_free(v1);
	policy_plan_free(v2);
	policy_sqlite_close(db);
}

/* ---- runs and trails ---- */

static void a_run_is_stored_one_row_per_entry_and_read_back_byte_for_byte(void **state)
{
	(void)state;
	const char *path = new_db_path();
	policy_sqlite *db;
	assert_int_equal(policy_sqlite_open(path, NULL, &db, NULL), POLICY_OK);
	policy_plan *v1 = fixture_plan(claims_v1), *v2 = fixture_plan(claims_v2);
	size_t l1, l2, l3;
	char *t1 = fixture_trail(v1, "CL-1", 1000, &l1);
	char *t2 = fixture_trail(v1, "CL-2", 2000, &l2);
	char *t3 = fixture_trail(v2, "CL-1", 3000, &l3);
	int64_t r1, r2, r3;
	const char *decision = "{\"status\": \"complete\", \"actions\": []}";
	const char *manifest = "{\"documents\": {\"claim form\": 1}, \"facts\": {}}";
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", t1, l1, decision, manifest, &r1), POLICY_OK);
	assert_int_equal(policy_sqlite_record_run(db, "CL-2", t2, l2, NULL, NULL, &r2), POLICY_OK);
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", t3, l3, NULL, NULL, &r3), POLICY_OK);
	assert_true(r1 < r2 && r2 < r3);

	char *back;
	size_t len;
	assert_int_equal(policy_sqlite_trail(db, r1, &back, &len), POLICY_OK);
	assert_int_equal(len, l1);
	assert_memory_equal(back, t1, l1);
	policy_trail *t;
	assert_int_equal(policy_trail_load(back, len, NULL, &t, NULL), POLICY_OK);
	assert_int_equal(policy_trail_verify(t, v1, NULL), POLICY_OK);
	size_t entries = policy_trail_entry_count(t);
	policy_trail_free(t);
	policy_sqlite_free(back);

	sqlite3 *r = raw(db, path);
	assert_int_equal(count(r, "SELECT count(*) FROM trail_entries WHERE run_id = 1"), (int)entries);
	assert_int_equal(count(r, "SELECT count(*) FROM trail_entries WHERE case_id = 'CL-1'"),
	                 (int)(2 * entries));
	sqlite3_close(r);

	/* The latest run of a case, and the load callback's view of it. */
	int64_t latest;
	assert_int_equal(policy_sqlite_latest_run(db, "CL-1", &latest), POLICY_OK);
	assert_int_equal(latest, r3);
	assert_int_equal(policy_sqlite_get(db, "trail", "CL-1", &back, &len), POLICY_OK);
	assert_int_equal(len, l3);
	assert_memory_equal(back, t3, l3);
	policy_sqlite_free(back);
	assert_int_equal(policy_sqlite_latest_run(db, "CL-9", &latest), POLICY_ERR_NOT_FOUND);

	/* One run's record, with its decision and manifest as JSON. */
	char *json;
	assert_int_equal(policy_sqlite_run(db, r1, &json, NULL), POLICY_OK);
	cJSON *run = parse(json);
	assert_string_equal(cJSON_GetObjectItem(run, "case")->valuestring, "CL-1");
	assert_string_equal(cJSON_GetObjectItem(run, "version")->valuestring, "4.2.1");
	assert_string_equal(cJSON_GetObjectItem(run, "plan_hash")->valuestring,
	                    policy_plan_body_hash(v1));
	assert_int_equal(cJSON_GetObjectItem(run, "entries")->valueint, (int)entries);
	assert_int_equal(cJSON_GetObjectItem(run, "started_at")->valueint, 1000);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "decision"), "status")->valuestring,
	                    "complete");
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "manifest"),
	                                                         "documents"),
	                                     "claim form")->valueint,
	                 1);
	cJSON_Delete(run);
	assert_int_equal(policy_sqlite_run(db, 999, &json, NULL), POLICY_ERR_NOT_FOUND);

	/* Filters: by case, by plan, by policy, the most recent N. */
	policy_sqlite_run_filter f = POLICY_SQLITE_RUN_FILTER_INIT;
	f.case_id = "CL-1";
	assert_int_equal(policy_sqlite_runs(db, &f, &json, NULL), POLICY_OK);
	cJSON *list = parse(json);
	assert_int_equal(cJSON_GetArraySize(list), 2);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0), "run")->valueint, (int)r1);
	cJSON_Delete(list);
	f.case_id = NULL;
	f.plan_hash = policy_plan_body_hash(v2);
	assert_int_equal(policy_sqlite_runs(db, &f, &json, NULL), POLICY_OK);
	list = parse(json);
	assert_int_equal(cJSON_GetArraySize(list), 1);
	cJSON_Delete(list);
	f.plan_hash = NULL;
	f.policy = "Claims Intake";
	f.limit = 2;
	assert_int_equal(policy_sqlite_runs(db, &f, &json, NULL), POLICY_OK);
	list = parse(json);
	assert_int_equal(cJSON_GetArraySize(list), 2);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0), "run")->valueint, (int)r2);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 1), "run")->valueint, (int)r3);
	cJSON_Delete(list);
	f.policy = "Nothing";
	f.limit = 0;
	assert_int_equal(policy_sqlite_runs(db, &f, &json, NULL), POLICY_OK);
	list = parse(json);
	assert_int_equal(cJSON_GetArraySize(list), 0);
	cJSON_Delete(list);

	policy_free(t1);
	policy_free(t2);
	policy_free(t3);
	policy_plan_free(v1);
	policy_plan_free(v2);
	policy_sqlite_close(db);
}

static int runs_in(policy_sqlite *db)
{
	char *json;
	assert_int_equal(policy_sqlite_runs(db, NULL, &json, NULL), POLICY_OK);
	cJSON *list = parse(json);
	int n = cJSON_GetArraySize(list);
	cJSON_Delete(list);
	return n;
}

static void nothing_unverified_gets_in(void **state)
{
	(void)state;
	policy_sqlite *db = open_new();
	policy_plan *v1 = fixture_plan(claims_v1);
	size_t len;
	char *t = fixture_trail(v1, "CL-1", 0, &len);

	/* Tampered: the claimed amount edited in the third entry. */
	char *bad = strdup(t);
	char *at = strstr(bad, "\"72400.00\"");
	assert_non_null(at);
	at[1] = '1';
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", bad, len, NULL, NULL, NULL),
	                 POLICY_ERR_CHAIN);
	assert_non_null(strstr(policy_sqlite_errmsg(db), "not valid"));
	free(bad);
	/* Another case's trail under this case id. */
	assert_int_equal(policy_sqlite_record_run(db, "CL-2", t, len, NULL, NULL, NULL),
	                 POLICY_ERR_MISMATCH);
	/* Not a trail; an empty one; a decision that is not JSON. */
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", "{\"seq\": 1}\n", 11, NULL, NULL, NULL),
	                 POLICY_ERR_TRAIL);
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", "", 0, NULL, NULL, NULL), POLICY_ERR_TRAIL);
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", t, len, "not json", NULL, NULL),
	                 POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_sqlite_record_run(db, "", t, len, NULL, NULL, NULL), POLICY_ERR_ARGUMENT);
	/* None of it left a row behind. */
	assert_int_equal(runs_in(db), 0);
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", t, len, NULL, NULL, NULL), POLICY_OK);
	assert_int_equal(runs_in(db), 1);
	policy_free(t);
	policy_plan_free(v1);
	policy_sqlite_close(db);
}

static void history_cannot_be_rewritten(void **state)
{
	(void)state;
	const char *path = new_db_path();
	policy_sqlite *db;
	assert_int_equal(policy_sqlite_open(path, NULL, &db, NULL), POLICY_OK);
	policy_plan *v1 = fixture_plan(claims_v1);
	assert_int_equal(policy_sqlite_publish(db, v1, NULL, 0, POLICY_SQLITE_ACTIVATE, NULL), POLICY_OK);
	size_t len;
	char *t = fixture_trail(v1, "CL-1", 0, &len);
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", t, len, NULL, NULL, NULL), POLICY_OK);
	sqlite3 *r = raw(db, path);
	static const char *const edits[] = {
		"UPDATE trail_entries SET line = 'x' WHERE seq = 1",
		"DELETE FROM trail_entries",
		"UPDATE runs SET case_id = 'CL-2'",
		"DELETE FROM runs",
		"UPDATE plans SET plan_json = '{}'",
		"DELETE FROM plans",
		"UPDATE activations SET version = '0'",
		"DELETE FROM activations",
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		char *msg = NULL;
		assert_int_not_equal(sqlite3_exec(r, edits[i], NULL, NULL, &msg), SQLITE_OK);
		assert_non_null(msg);
		assert_true(strstr(msg, "append-only") || strstr(msg, "never"));
		sqlite3_free(msg);
	}
	sqlite3_close(r);
	char *back;
	assert_int_equal(policy_sqlite_trail(db, 1, &back, &len), POLICY_OK);
	assert_memory_equal(back, t, len);
	policy_sqlite_free(back);
	policy_free(t);
	policy_plan_free(v1);
	policy_sqlite_close(db);
}

/* ---- the callbacks ---- */

static void the_store_callback_files_kinds_where_they_belong(void **state)
{
	(void)state;
	policy_sqlite *db = open_new();
	policy_plan *v1 = fixture_plan(claims_v1);
	char *plan_json;
	size_t plan_len;
	assert_int_equal(policy_plan_save(v1, &plan_json, &plan_len), POLICY_OK);

	/* "plan": published under its own name and version, not activated. */
	assert_int_equal(policy_sqlite_store("plan", "Claims Intake@4.3.0", plan_json, plan_len, db),
	                 POLICY_ERR_MISMATCH);
	assert_int_equal(policy_sqlite_store("plan", "Claims Intake@4.2.1", plan_json, plan_len, db),
	                 POLICY_OK);
	assert_int_equal(policy_sqlite_active(db, "Claims Intake", NULL, NULL), POLICY_ERR_NOT_FOUND);
	char *json;
	size_t len;
	assert_int_equal(policy_sqlite_get(db, "plan", "Claims Intake@4.2.1", &json, &len), POLICY_OK);
	assert_memory_equal(json, plan_json, plan_len);
	policy_sqlite_free(json);
	assert_int_equal(policy_sqlite_get(db, "plan", policy_plan_body_hash(v1), &json, &len),
	                 POLICY_OK);
	policy_sqlite_free(json);
	/* A plan that is not one. */
	assert_int_equal(policy_sqlite_store("plan", "", "{}", 2, db), POLICY_ERR_PLAN);

	/* "trail": a run of the case named by the key. */
	size_t tl;
	char *t = fixture_trail(v1, "CL-7", 0, &tl);
	assert_int_equal(policy_sqlite_store("trail", "CL-7", t, tl, db), POLICY_OK);
	assert_int_equal(policy_sqlite_get(db, "trail", "CL-7", &json, &len), POLICY_OK);
	assert_int_equal(len, tl);
	policy_sqlite_free(json);
	policy_free(t);

	/* Anything else: kept as is, the last write winning. */
	assert_int_equal(policy_sqlite_store("note", "CL-7", "{\"a\": 1}", 8, db), POLICY_OK);
	assert_int_equal(policy_sqlite_store("note", "CL-7", "{\"a\": 2}", 8, db), POLICY_OK);
	assert_int_equal(policy_sqlite_get(db, "note", "CL-7", &json, &len), POLICY_OK);
	assert_string_equal(json, "{\"a\": 2}");
	policy_sqlite_free(json);
	assert_int_equal(policy_sqlite_get(db, "note", "CL-8", &json, &len), POLICY_ERR_NOT_FOUND);
	assert_int_equal(policy_sqlite_store(NULL, "k", "{}", 2, db), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_sqlite_load("plan", "x", NULL, db), POLICY_ERR_ARGUMENT);
	policy_free(plan_json);
	policy_plan_free(v1);
	policy_sqlite_close(db);
}

/* A host whose systems of record live in the store: the lookup callback
 * answers each fact with policy_sqlite_load. */
static policy_status lookup_from_store(const char *fact, const char *request_json,
                                       policy_reply *reply, void *user_data)
{
	(void)request_json;
	return policy_sqlite_load("fact", fact, reply, user_data);
}

static void the_load_callback_answers_a_host(void **state)
{
	(void)state;
	policy_sqlite *db = open_new();
	const char *eff = "{\"value\": \"2025-06-01\", \"source\": \"store\"}";
	const char *exp = "{\"value\": \"2026-06-01\", \"source\": \"store\"}";
	assert_int_equal(policy_sqlite_store("fact", "policy effective date", eff, strlen(eff), db),
	                 POLICY_OK);
	assert_int_equal(policy_sqlite_store("fact", "policy expiration date", exp, strlen(exp), db),
	                 POLICY_OK);
	policy_plan *v1 = fixture_plan(claims_v1);
	policy_host *h;
	assert_int_equal(policy_host_new(NULL, &h), POLICY_OK);
	policy_sqlite_install(db, h);
	policy_host_set_lookup_func(h, lookup_from_store, db, NULL);
	policy_case *c;
	assert_int_equal(policy_case_new(NULL, &c), POLICY_OK);
	assert_int_equal(policy_case_add_document(c, "claim form", claim_form, strlen(claim_form)),
	                 POLICY_OK);
	policy_exec *x;
	assert_int_equal(policy_execute(v1, h, c, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_COMPLETE);
	assert_int_equal(policy_exec_action_count(x), 1);
	assert_string_equal(policy_exec_action_text(x, 0), "escalate to senior adjuster review");
	policy_exec_free(x);

	/* Without the facts in the store, the lookups have nothing to say. */
	policy_sqlite *empty = open_new();
	policy_host_set_lookup_func(h, lookup_from_store, empty, NULL);
	assert_int_equal(policy_execute(v1, h, c, NULL, &x, NULL), POLICY_OK);
	assert_int_equal(policy_exec_outcome(x), POLICY_OUTCOME_FAILED);
	policy_exec_free(x);
	policy_case_free(c);
	policy_host_free(h);
	policy_plan_free(v1);
	policy_sqlite_close(empty);
	policy_sqlite_close(db);
}

/* ---- waiting for other writers ---- */

static int64_t ms_now(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void a_writer_waits_for_the_busy_timeout_then_reports_busy(void **state)
{
	(void)state;
	const char *path = new_db_path();
	policy_sqlite_options o = POLICY_SQLITE_OPTIONS_INIT;
	o.busy_timeout_ms = 300;
	policy_sqlite *db;
	assert_int_equal(policy_sqlite_open(path, &o, &db, NULL), POLICY_OK);
	policy_plan *v1 = fixture_plan(claims_v1);
	size_t len;
	char *t = fixture_trail(v1, "CL-1", 0, &len);

	/* Another connection holds the write lock. */
	sqlite3 *r = raw(db, path);
	assert_int_equal(sqlite3_exec(r, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	int64_t start = ms_now();
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", t, len, NULL, NULL, NULL),
	                 POLICY_ERR_CALLBACK);
	int64_t waited = ms_now() - start;
	assert_true(waited >= 250);
	assert_non_null(strstr(policy_sqlite_errmsg(db), "busy"));
	/* Readers are not blocked by the writer (WAL). */
	char *json;
	assert_int_equal(policy_sqlite_runs(db, NULL, &json, NULL), POLICY_OK);
	policy_sqlite_free(json);
	assert_int_equal(sqlite3_exec(r, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(r);
	/* Once the lock is free the write goes through. */
	assert_int_equal(policy_sqlite_record_run(db, "CL-1", t, len, NULL, NULL, NULL), POLICY_OK);
	policy_free(t);
	policy_plan_free(v1);
	policy_sqlite_close(db);
}

static void the_clock_option_dates_the_records(void **state)
{
	(void)state;
	int64_t at = 1767225600000; /* 2026-01-01 */
	policy_sqlite_options o = POLICY_SQLITE_OPTIONS_INIT;
	o.now = fixture_clock;
	o.now_user_data = &at;
	policy_sqlite *db;
	assert_int_equal(policy_sqlite_open(new_db_path(), &o, &db, NULL), POLICY_OK);
	policy_plan *v1 = fixture_plan(claims_v1);
	assert_int_equal(policy_sqlite_publish(db, v1, NULL, 0, POLICY_SQLITE_ACTIVATE, NULL), POLICY_OK);
	char *json;
	assert_int_equal(policy_sqlite_versions(db, "Claims Intake", &json, NULL), POLICY_OK);
	cJSON *v = parse(json);
	assert_true(cJSON_GetObjectItem(cJSON_GetArrayItem(v, 0), "published_at")->valuedouble ==
	            (double)at);
	cJSON_Delete(v);
	policy_plan_free(v1);
	policy_sqlite_close(db);
}

static void arguments_are_checked(void **state)
{
	(void)state;
	policy_sqlite *db = NULL;
	assert_int_equal(policy_sqlite_open(NULL, NULL, &db, NULL), POLICY_ERR_ARGUMENT);
	policy_sqlite_options o = POLICY_SQLITE_OPTIONS_INIT;
	o.schema_version = POLICY_SQLITE_SCHEMA_VERSION + 1;
	char *msg = NULL;
	assert_int_equal(policy_sqlite_open(new_db_path(), &o, &db, &msg), POLICY_ERR_ARGUMENT);
	policy_sqlite_free(msg);
	char *msg2 = NULL;
	assert_int_not_equal(policy_sqlite_open("/nonexistent-dir/x.db", NULL, &db, &msg2), POLICY_OK);
	assert_non_null(msg2);
	assert_non_null(strstr(msg2, "/nonexistent-dir/x.db"));
	policy_sqlite_free(msg2);
	assert_int_equal(policy_sqlite_publish(NULL, NULL, NULL, 0, 0, NULL), POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_sqlite_record_run(NULL, "c", "", 0, NULL, NULL, NULL),
	                 POLICY_ERR_ARGUMENT);
	assert_int_equal(policy_sqlite_rollback(NULL, "x", NULL, NULL), POLICY_ERR_ARGUMENT);
	policy_sqlite_close(NULL);
	assert_string_equal(policy_sqlite_errmsg(NULL), "no database");
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(open_creates_the_latest_schema_in_wal_mode),
		cmocka_unit_test(a_version_one_database_is_migrated_and_keeps_its_plans),
		cmocka_unit_test(a_newer_schema_is_refused),
		cmocka_unit_test(read_only_needs_an_existing_store),
		cmocka_unit_test(publishing_is_keyed_by_name_version_and_hash),
		cmocka_unit_test(the_active_version_has_a_history_and_rolls_back),
		cmocka_unit_test(publishing_without_activation_keeps_the_active_version),
		cmocka_unit_test(a_run_is_stored_one_row_per_entry_and_read_back_byte_for_byte),
		cmocka_unit_test(nothing_unverified_gets_in),
		cmocka_unit_test(history_cannot_be_rewritten),
		cmocka_unit_test(the_store_callback_files_kinds_where_they_belong),
		cmocka_unit_test(the_load_callback_answers_a_host),
		cmocka_unit_test(a_writer_waits_for_the_busy_timeout_then_reports_busy),
		cmocka_unit_test(the_clock_option_dates_the_records),
		cmocka_unit_test(arguments_are_checked),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
