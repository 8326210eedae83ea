/*
 * Several processes writing trails into one store at once.
 *
 * Four writer processes start together (released by a pipe closing) on a
 * database file that does not exist yet, so they also race to create and
 * migrate it; each opens its own connection and records RUNS runs of real
 * trails, its cases named W<writer>-<n>. A fifth process reads while they
 * write. Then the parent checks that nothing was lost or mixed: every run
 * is there once, with all its entries in order, its trail reads back byte
 * for byte and its hash chain verifies. It prints the throughput it
 * measured.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <sys/time.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "policy_sqlite.h"
#include "store_fixture.h"

#define WRITERS 4
#ifndef RUNS
#define RUNS 50
#endif

static char dir[] = "/tmp/policy-writers-test-XXXXXX";

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static double seconds(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

/* One writer: wait for the start, then record RUNS runs. Exit status 0
 * only if every open and every write succeeded. */
static int writer(const char *path, int id, int start_fd)
{
	char c;
	if (read(start_fd, &c, 1) < 0)
		return 10;
	policy_plan *plan = fixture_plan(claims_v1);
	policy_sqlite *db;
	char *msg = NULL;
	if (policy_sqlite_open(path, NULL, &db, &msg) != POLICY_OK) {
		fprintf(stderr, "writer %d: open: %s\n", id, msg ? msg : "?");
		return 11;
	}
	for (int n = 0; n < RUNS; n++) {
		char case_id[32];
		snprintf(case_id, sizeof case_id, "W%d-%d", id, n);
		size_t len;
		char *t = fixture_trail(plan, case_id, 1000 * id + n, &len);
		policy_status st = policy_sqlite_record_run(db, case_id, t, len, NULL, NULL, NULL);
		policy_free(t);
		if (st != POLICY_OK) {
			fprintf(stderr, "writer %d, run %d: %s\n", id, n, policy_sqlite_errmsg(db));
			return 12;
		}
	}
	policy_sqlite_close(db);
	policy_plan_free(plan);
	return 0;
}

/* A reader listing runs while the writers write: never blocked, never
 * sees half a run (a run's entry count always matches its trail). */
static int reader(const char *path, int start_fd)
{
	char c;
	if (read(start_fd, &c, 1) < 0)
		return 20;
	policy_sqlite *db = NULL;
	for (int tries = 0; tries < 200 && !db; tries++)
		if (policy_sqlite_open(path, NULL, &db, NULL) != POLICY_OK)
			pause_ms(5);
	if (!db)
		return 21;
	for (int i = 0; i < 40; i++) {
		char *json;
		if (policy_sqlite_runs(db, NULL, &json, NULL) != POLICY_OK)
			return 22;
		cJSON *list = cJSON_Parse(json);
		policy_sqlite_free(json);
		const cJSON *r;
		cJSON_ArrayForEach(r, list)
		{
			char *jsonl;
			size_t len;
			int64_t id = (int64_t)cJSON_GetObjectItem(r, "run")->valuedouble;
			if (policy_sqlite_trail(db, id, &jsonl, &len) != POLICY_OK)
				return 23;
			size_t lines = 0;
			for (size_t k = 0; k < len; k++)
				lines += jsonl[k] == '\n';
			policy_sqlite_free(jsonl);
			if ((int)lines != cJSON_GetObjectItem(r, "entries")->valueint)
				return 24;
			break; /* one trail per listing keeps the reader quick */
		}
		cJSON_Delete(list);
		pause_ms(2);
	}
	policy_sqlite_close(db);
	return 0;
}

static void four_writer_processes_lose_nothing(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof path, "%s/shared.db", dir);
	int go[2];
	assert_int_equal(pipe(go), 0);
	pid_t pids[WRITERS + 1];
	for (int i = 0; i <= WRITERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			close(go[1]);
			_exit(i < WRITERS ? writer(path, i, go[0]) : reader(path, go[0]));
		}
	}
	close(go[0]);
	double t0 = seconds();
	close(go[1]); /* everyone starts now */
	for (int i = 0; i <= WRITERS; i++) {
		int status;
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		if (WEXITSTATUS(status))
			fail_msg("%s %d exited with %d", i < WRITERS ? "writer" : "reader", i,
			         WEXITSTATUS(status));
	}
	double elapsed = seconds() - t0;

	policy_sqlite *db;
	assert_int_equal(policy_sqlite_open(path, NULL, &db, NULL), POLICY_OK);
	assert_int_equal(policy_sqlite_schema_version(db), POLICY_SQLITE_SCHEMA_VERSION);
	char *json;
	assert_int_equal(policy_sqlite_runs(db, NULL, &json, NULL), POLICY_OK);
	cJSON *list = cJSON_Parse(json);
	policy_sqlite_free(json);
	assert_int_equal(cJSON_GetArraySize(list), WRITERS * RUNS);
	policy_plan *plan = fixture_plan(claims_v1);
	static char seen[WRITERS][RUNS];
	size_t entries = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, list)
	{
		int w, n;
		const char *case_id = cJSON_GetObjectItem(r, "case")->valuestring;
		assert_int_equal(sscanf(case_id, "W%d-%d", &w, &n), 2);
		assert_true(w >= 0 && w < WRITERS && n >= 0 && n < RUNS);
		assert_int_equal(seen[w][n], 0);
		seen[w][n] = 1;
		char *jsonl;
		size_t len;
		int64_t id = (int64_t)cJSON_GetObjectItem(r, "run")->valuedouble;
		assert_int_equal(policy_sqlite_trail(db, id, &jsonl, &len), POLICY_OK);
		/* Byte for byte what that writer recorded. */
		size_t want_len;
		char *want = fixture_trail(plan, case_id, 1000 * w + n, &want_len);
		assert_int_equal(len, want_len);
		assert_memory_equal(jsonl, want, len);
		policy_free(want);
		policy_trail *t;
		assert_int_equal(policy_trail_load(jsonl, len, NULL, &t, NULL), POLICY_OK);
		assert_int_equal(policy_trail_verify(t, plan, NULL), POLICY_OK);
		entries += policy_trail_entry_count(t);
		assert_int_equal((int)policy_trail_entry_count(t),
		                 cJSON_GetObjectItem(r, "entries")->valueint);
		policy_trail_free(t);
		policy_sqlite_free(jsonl);
	}
	cJSON_Delete(list);
	policy_plan_free(plan);
	policy_sqlite_close(db);
	printf("[ measured ] %d writer processes + 1 reader: %d runs (%zu trail entries) in %.2f s, "
	       "%.0f runs/s, no write failed\n",
	       WRITERS, WRITERS * RUNS, entries, elapsed, WRITERS * RUNS / elapsed);
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
		cmocka_unit_test(four_writer_processes_lose_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
