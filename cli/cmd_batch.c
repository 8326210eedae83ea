/*
 * policy batch PLAN --cases DIR|CASES.jsonl --out DECISIONS.jsonl
 *     [--threads N] [--trails DIR] [--store DB] [--fixed-clock MS]
 *     [--llm-cmd CMD] [--llm-replay FILE.jsonl] [--record FILE.jsonl]
 *     [--no-progress] [--json]
 *
 * Decide many cases with one plan through policy_execute_batch: the cases
 * are made on the library's worker threads (reading a case folder or
 * building a case from its JSON record runs in parallel, not only the
 * decision), and each decided case's line is written to DECISIONS.jsonl
 * in input order as soon as every case before it is written, so a batch
 * killed halfway leaves a prefix of whole lines. The writing is done by
 * one thread at a time, the one that finds the next case in order
 * decided, outside the lock that orders the cases: a thread that finishes
 * a case while another writes goes straight on to its next case instead
 * of waiting for the write (see case_done). Running the same command
 * again resumes: case ids already in the output are skipped, and a
 * partial last line is cut off first. A case that cannot be read (a
 * missing document, facts that are not a JSON object) gets a line with
 * status "error" and why; it never stops the batch.
 *
 * Case sources:
 *  - DIR: every subfolder in the `policy test` layout (docs/<type>[.<n>].txt,
 *    facts.json), sorted by name; the folder name is the case id.
 *  - CASES.jsonl: one JSON object a line, {"case": ID, "documents":
 *    [{"type": T, "text": S} | {"type": T, "path": P}], "facts": {...}};
 *    a path is relative to the JSONL file's folder.
 *
 * Output lines: {"case", "status": "complete"|"failed"|"error", "actions":
 * [text, ...], "failed_checks": [text, ...], "error": null|"..."}.
 *
 * Model steps are answered as `policy run` answers them (llm_host.c):
 * --llm-cmd runs a model adapter per request, --llm-replay answers from
 * recorded replies (a file may hold the replies of many cases: each
 * request names its case), --record appends every reply. The worker
 * threads ask concurrently, so several adapters may run at once.
 *
 * On a terminal (stdout and stderr both), stderr shows a progress bar:
 * cases done, rate, ETA. At the end a summary: counts by status and by
 * action, p50 and p99 time per case (reading the case included), rate.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lifecycle.h"

typedef struct bcase {
	char *id;
	cJSON *record;       /* CASES.jsonl: the parsed line; NULL for a folder */
	char *dir;           /* DIR: the case folder */
	cJSON *manifest;     /* documents and facts, for --store; NULL without */
	char *error;         /* why the case could not be made */
	int64_t started_ns, elapsed_ns;
	char *line;          /* the output line, once decided */
	char *trail;         /* JSON Lines, for --trails and --store */
	char *decision;      /* policy_exec_decision_json, for --store */
	const char *status;
	bool ready;          /* decided, waiting for the cases before it */
} bcase;

typedef struct batch_run {
	bcase *cases;        /* the cases still to decide, in input order */
	size_t n;
	const char *base;    /* the JSONL file's folder, for document paths */
	FILE *out;
	const char *out_path;
	const char *trails;  /* --trails DIR */
	policy_sqlite *db;   /* --store */
	pthread_mutex_t lock;
	pthread_cond_t drained; /* the writer moved `written` on */
	size_t written;      /* cases[0 .. written-1] are in the output */
	bool writing;        /* a thread is writing cases[written ..] */
	size_t done;
	bool progress;
	int64_t t0_ns, last_draw_ns;
	int io_error;        /* an exit code, once writing failed */
} batch_run;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static char *fmt(const char *f, const char *a, const char *b)
{
	size_t n = strlen(f) + strlen(a) + (b ? strlen(b) : 0) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, f, a, b ? b : "");
	return s;
}

/* ---- reading the cases: on the worker threads ---- */

static char *slurp(const char *path, size_t *len, char **error)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*error = fmt("cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap) {
			char *bigger = cap < ((size_t)1 << 28) ? realloc(buf, cap * 2 + 1) : NULL;
			if (!bigger) {
				free(buf);
				buf = NULL;
				errno = EFBIG;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	bool bad = !buf || ferror(f);
	fclose(f);
	if (bad) {
		*error = fmt("cannot read %s: %s", path, strerror(errno ? errno : EIO));
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static bool count_doc(cJSON *manifest, const char *type)
{
	if (!manifest)
		return true;
	cJSON *docs = cJSON_GetObjectItemCaseSensitive(manifest, "documents");
	cJSON *n = cJSON_GetObjectItemCaseSensitive(docs, type);
	if (n) {
		cJSON_SetNumberValue(n, n->valuedouble + 1);
		return true;
	}
	return cJSON_AddNumberToObject(docs, type, 1) != NULL;
}

static int add_doc(policy_case *c, cJSON *manifest, const char *type, const char *text,
                   size_t len)
{
	if (policy_case_add_document(c, type, text, len) != POLICY_OK || !count_doc(manifest, type))
		return EXIT_INTERNAL;
	return EXIT_OK;
}

/* {"fact": scalar, ...} into the case and the manifest (if any); `what`
 * names the source in errors. */
static int add_facts(policy_case *c, cJSON *manifest, const cJSON *facts, const char *what,
                     char **error)
{
	if (!cJSON_IsObject(facts)) {
		*error = fmt("%s: facts must be a JSON object {\"fact name\": value}", what, NULL);
		return EXIT_INPUT;
	}
	cJSON *mf = cJSON_GetObjectItemCaseSensitive(manifest, "facts");
	for (const cJSON *it = facts->child; it; it = it->next) {
		if (cJSON_IsObject(it) || cJSON_IsArray(it) || cJSON_IsNull(it)) {
			*error = fmt("%s: fact \"%s\" must be a string, number or boolean", what, it->string);
			return EXIT_INPUT;
		}
		char *json = cJSON_PrintUnformatted(it);
		bool ok = json && policy_case_add_fact(c, it->string, json, strlen(json)) == POLICY_OK;
		free(json);
		if (ok && !manifest)
			continue;
		cJSON *copy = ok ? cJSON_Duplicate(it, false) : NULL;
		if (!copy || !cJSON_AddItemToObject(mf, it->string, copy)) {
			cJSON_Delete(copy);
			return EXIT_INTERNAL;
		}
	}
	return EXIT_OK;
}

/* "appraisal.2.txt" -> "appraisal"; "claim_form.txt" -> "claim form"
 * (the `policy test` layout). */
static char *doc_type_of(const char *file)
{
	char *t = strdup(file);
	if (!t)
		return NULL;
	char *dot = strrchr(t, '.');
	if (dot && dot != t)
		*dot = '\0';
	dot = strrchr(t, '.');
	if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1))
		*dot = '\0';
	for (char *p = t; *p; p++)
		if (*p == '_')
			*p = ' ';
	return t;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int case_from_folder(const char *dir, policy_case *c, cJSON *manifest, char **error)
{
	char *docs = path_join(dir, "docs");
	if (!docs)
		return EXIT_INTERNAL;
	DIR *d = opendir(docs);
	if (!d && errno != ENOENT) {
		*error = fmt("cannot read %s: %s", docs, strerror(errno));
		free(docs);
		return EXIT_INPUT;
	}
	char **names = NULL;
	size_t n = 0;
	int rc = EXIT_OK;
	for (struct dirent *e; d && rc == EXIT_OK && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char **bigger = realloc(names, (n + 1) * sizeof *names);
		if (!bigger || !(bigger[n] = strdup(e->d_name)))
			rc = EXIT_INTERNAL;
		if (bigger)
			names = bigger;
		n += rc == EXIT_OK;
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
		char *type = doc_type_of(names[i]), *path = path_join(docs, names[i]);
		size_t len;
		char *text = type && path ? slurp(path, &len, error) : NULL;
		if (!type || !path)
			rc = EXIT_INTERNAL;
		else if (!text)
			rc = EXIT_INPUT;
		else
			rc = add_doc(c, manifest, type, text, len);
		free(text);
		free(type);
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(docs);
	char *fpath = rc == EXIT_OK ? path_join(dir, "facts.json") : NULL;
	if (rc == EXIT_OK && !fpath)
		rc = EXIT_INTERNAL;
	if (rc == EXIT_OK && access(fpath, F_OK) == 0) {
		size_t len;
		char *text = slurp(fpath, &len, error);
		cJSON *facts = text ? cJSON_ParseWithLength(text, len) : NULL;
		if (!text)
			rc = EXIT_INPUT;
		else
			rc = add_facts(c, manifest, facts, fpath, error);
		cJSON_Delete(facts);
		free(text);
	}
	free(fpath);
	return rc;
}

static int case_from_record(const batch_run *b, const cJSON *rec, policy_case *c,
                            cJSON *manifest, char **error)
{
	const cJSON *docs = cJSON_GetObjectItemCaseSensitive(rec, "documents");
	if (docs && !cJSON_IsArray(docs)) {
		*error = fmt("\"documents\" must be a list of {\"type\", \"text\" or \"path\"}", "", NULL);
		return EXIT_INPUT;
	}
	const cJSON *doc;
	cJSON_ArrayForEach(doc, docs)
	{
		const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "type"));
		const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "text"));
		const char *path = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "path"));
		if (!type || !(text || path)) {
			*error = fmt("a document needs a \"type\" and a \"text\" or a \"path\"", "", NULL);
			return EXIT_INPUT;
		}
		int rc;
		if (text) {
			rc = add_doc(c, manifest, type, text, strlen(text));
		} else {
			char *full = path[0] == '/' ? strdup(path) : path_join(b->base, path);
			size_t len;
			char *body = full ? slurp(full, &len, error) : NULL;
			rc = !full ? EXIT_INTERNAL : !body ? EXIT_INPUT : add_doc(c, manifest, type, body, len);
			free(body);
			free(full);
		}
		if (rc)
			return rc;
	}
	const cJSON *facts = cJSON_GetObjectItemCaseSensitive(rec, "facts");
	return facts ? add_facts(c, manifest, facts, "facts", error) : EXIT_OK;
}

static policy_status make_case(size_t index, policy_case **out, void *user_data)
{
	batch_run *b = user_data;
	bcase *k = &b->cases[index];
	k->started_ns = now_ns();
	if (k->error)
		return POLICY_ERR_ARGUMENT; /* the record itself was bad */
	policy_case *c = NULL;
	/* The manifest (the documents and facts a run was given) is only
	 * recorded with --store. */
	if ((b->db && !(k->manifest = manifest_new())) || policy_case_new(NULL, &c) != POLICY_OK ||
	    policy_case_set_id(c, k->id) != POLICY_OK) {
		policy_case_free(c);
		return POLICY_ERR_NOMEM;
	}
	int rc = k->record ? case_from_record(b, k->record, c, k->manifest, &k->error) :
	                     case_from_folder(k->dir, c, k->manifest, &k->error);
	if (rc != EXIT_OK) {
		if (!k->error)
			k->error = fmt("out of memory reading the case", "", NULL);
		policy_case_free(c);
		return rc == EXIT_INTERNAL ? POLICY_ERR_NOMEM : POLICY_ERR_ARGUMENT;
	}
	*out = c;
	return POLICY_OK;
}

/* ---- results: the line on the worker, the writing in input order ---- */

static char *result_line(const bcase *k, const policy_exec *x, const policy_error *err,
                         const char **status)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "case", k->id);
	cJSON *actions = NULL, *checks = NULL;
	const char *why = NULL;
	if (!x) {
		*status = "error";
		why = k->error ? k->error : err ? policy_error_message(err) : "the case was not decided";
	} else {
		*status = policy_exec_outcome(x) == POLICY_OUTCOME_COMPLETE ? "complete" : "failed";
		if (policy_exec_outcome(x) != POLICY_OUTCOME_COMPLETE)
			why = policy_exec_failure(x);
	}
	cJSON_AddStringToObject(o, "status", *status);
	actions = cJSON_AddArrayToObject(o, "actions");
	checks = cJSON_AddArrayToObject(o, "failed_checks");
	for (size_t i = 0; x && i < policy_exec_action_count(x); i++)
		cJSON_AddItemToArray(actions, cJSON_CreateString(policy_exec_action_text(x, i)));
	for (size_t i = 0; x && i < policy_exec_failed_check_count(x); i++)
		cJSON_AddItemToArray(checks, cJSON_CreateString(policy_exec_failed_check_text(x, i)));
	if (why)
		cJSON_AddStringToObject(o, "error", why);
	else
		cJSON_AddNullToObject(o, "error");
	char *line = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return line;
}

static void draw_progress(batch_run *b, bool final)
{
	int64_t t = now_ns();
	if (!final && t - b->last_draw_ns < 100000000)
		return;
	b->last_draw_ns = t;
	double secs = (double)(t - b->t0_ns) / 1e9;
	double rate = secs > 0 ? (double)b->done / secs : 0;
	double eta = rate > 0 ? (double)(b->n - b->done) / rate : 0;
	enum { WIDTH = 30 };
	size_t fill = b->n ? b->done * WIDTH / b->n : WIDTH;
	char bar[WIDTH + 1];
	for (size_t i = 0; i < WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[WIDTH] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu cases  %.0f/s  ETA %.0fs \033[K", bar, b->done, b->n, rate,
	        eta);
	if (final)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

static int write_trail(const batch_run *b, const bcase *k)
{
	char *name = malloc(strlen(k->id) + 7);
	if (!name)
		return EXIT_INTERNAL;
	/* A case id is a file name here: keep it one path component. */
	size_t j = 0;
	for (const char *p = k->id; *p; p++)
		name[j++] = *p == '/' ? '_' : *p;
	strcpy(name + j, ".jsonl");
	char *path = path_join(b->trails, name);
	free(name);
	bool ok = path && write_file(path, k->trail, strlen(k->trail));
	free(path);
	return ok ? EXIT_OK : EXIT_INPUT;
}

/* Write cases[from .. to-1], decided and in input order: each one's trail,
 * its run in the store, its line. Only the one writer calls this, and
 * outside the lock, so the other threads go on deciding meanwhile. The
 * lines go out together at the end; after a recorded run they are flushed
 * at once, so a batch killed here leaves at most the case in flight
 * recorded in the store without its line. */
static void write_cases(batch_run *b, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		bcase *k = &b->cases[i];
		bool stored = false;
		if (!b->io_error && k->trail && b->trails)
			b->io_error = write_trail(b, k);
		if (!b->io_error && k->trail && b->db) {
			char *manifest = k->manifest ? cJSON_PrintUnformatted(k->manifest) : NULL;
			policy_status st = policy_sqlite_record_run(b->db, k->id, k->trail, strlen(k->trail),
			                                            k->decision, manifest, NULL);
			free(manifest);
			if (st != POLICY_OK)
				b->io_error = store_error(b->db, st);
			stored = true;
		}
		if (!b->io_error && k->line &&
		    (fputs(k->line, b->out) == EOF || fputc('\n', b->out) == EOF ||
		     (stored && fflush(b->out)))) {
			fprintf(stderr, "policy: cannot write %s: %s\n", b->out_path, strerror(errno));
			b->io_error = EXIT_INPUT;
		}
		free(k->trail);
		free(k->decision);
		cJSON_Delete(k->manifest);
		k->trail = k->decision = NULL;
		k->manifest = NULL;
	}
	if (!b->io_error && fflush(b->out)) {
		fprintf(stderr, "policy: cannot write %s: %s\n", b->out_path, strerror(errno));
		b->io_error = EXIT_INPUT;
	}
}

/* With --trails or --store, how many cases a thread may decide ahead of
 * the output before it waits for the writer: a decided case holds its
 * trail until it is written, so a writer slower than the deciding (a
 * store's fsync per run, a slow disk) must not let memory grow with the
 * batch. (Without them a case holds only its line, kept anyway for the
 * summary.) */
#define AHEAD_MAX 4096

/* The case is decided: mark it, and if no thread is writing, become the
 * writer: write every decided case whose predecessors are written, in
 * runs, until the next case in order is not decided yet. The lock guards
 * only the flags and counters, never the writing (a write can take a
 * while, and a thread preempted while holding the lock would stop the
 * others), so a thread that finishes a case while another writes goes
 * straight on to its next case, and the writer picks its line up. */
static void case_done(size_t index, const policy_exec *x, const policy_error *err, void *user_data)
{
	batch_run *b = user_data;
	bcase *k = &b->cases[index];
	k->line = result_line(k, x, err, &k->status);
	if (x && (b->trails || b->db)) {
		if (policy_trail_to_jsonl(policy_exec_trail(x), &k->trail, NULL) != POLICY_OK)
			k->trail = NULL;
		if (b->db && policy_exec_decision_json(x, &k->decision, NULL) != POLICY_OK)
			k->decision = NULL;
		/* policy_free'd strings are copied so one free() fits all. */
		char *t = k->trail ? strdup(k->trail) : NULL, *d = k->decision ? strdup(k->decision) : NULL;
		policy_free(k->trail);
		policy_free(k->decision);
		k->trail = t;
		k->decision = d;
	}
	k->elapsed_ns = now_ns() - k->started_ns;
	pthread_mutex_lock(&b->lock);
	k->ready = true;
	b->done++;
	if (b->progress)
		draw_progress(b, false);
	if (!b->writing) {
		b->writing = true;
		while (b->written < b->n && b->cases[b->written].ready) {
			size_t from = b->written, to = from + 1;
			while (to < b->n && b->cases[to].ready)
				to++;
			pthread_mutex_unlock(&b->lock);
			write_cases(b, from, to);
			pthread_mutex_lock(&b->lock);
			b->written = to;
			pthread_cond_broadcast(&b->drained);
		}
		b->writing = false;
	}
	/* The thread deciding cases[written] never waits here, so a writer
	 * always comes. */
	while ((b->trails || b->db) && index >= b->written + AHEAD_MAX)
		pthread_cond_wait(&b->drained, &b->lock);
	pthread_mutex_unlock(&b->lock);
}

/* ---- the input, and what the output already holds ---- */

static void bcase_clear(bcase *k)
{
	free(k->id);
	cJSON_Delete(k->record);
	free(k->dir);
	cJSON_Delete(k->manifest);
	free(k->error);
	free(k->line);
	free(k->trail);
	free(k->decision);
	memset(k, 0, sizeof *k);
}

static void bcases_free(bcase *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bcase_clear(&v[i]);
	free(v);
}

static bool push_case(bcase **v, size_t *n, size_t *cap, bcase k)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 256;
		bcase *bigger = realloc(*v, c * sizeof *bigger);
		if (!bigger)
			return false;
		*v = bigger;
		*cap = c;
	}
	(*v)[(*n)++] = k;
	return true;
}

static int read_jsonl_cases(const char *path, bcase **v, size_t *n)
{
	size_t len, cap = 0;
	char *text = read_file(path, &len);
	if (!text)
		return EXIT_INPUT;
	int rc = EXIT_OK;
	size_t lineno = 0;
	for (char *p = text, *end = text + len; p < end && rc == EXIT_OK;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = p;
		p += l + 1;
		lineno++;
		if (strspn(line, " \t\r") >= l)
			continue;
		bcase k = { 0 };
		k.record = cJSON_ParseWithLength(line, l);
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(k.record, "case"));
		char fallback[64];
		snprintf(fallback, sizeof fallback, "line %zu", lineno);
		if (!cJSON_IsObject(k.record))
			k.error = fmt("%s: line %s is not a JSON object", path, fallback + 5);
		else if (!id)
			k.error = fmt("%s: %s has no \"case\" id", path, fallback);
		k.id = strdup(id ? id : fallback);
		if (!k.id || !push_case(v, n, &cap, k)) {
			free(k.id);
			free(k.error);
			cJSON_Delete(k.record);
			rc = EXIT_INTERNAL;
		}
	}
	free(text);
	return rc;
}

static int read_dir_cases(const char *dir, bcase **v, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "policy: cannot read %s: %s\n", dir, strerror(errno));
		return EXIT_INPUT;
	}
	char **names = NULL;
	size_t count = 0, cap = 0;
	int rc = EXIT_OK;
	for (struct dirent *e; rc == EXIT_OK && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char *path = path_join(dir, e->d_name);
		struct stat st;
		if (path && !stat(path, &st) && S_ISDIR(st.st_mode)) {
			char **bigger = realloc(names, (count + 1) * sizeof *names);
			if (!bigger || !(bigger[count] = strdup(e->d_name)))
				rc = EXIT_INTERNAL;
			if (bigger)
				names = bigger;
			count += rc == EXIT_OK;
		}
		free(path);
	}
	closedir(d);
	if (count)
		qsort(names, count, sizeof *names, cmp_str);
	for (size_t i = 0; i < count; i++) {
		bcase k = { .id = names[i], .dir = path_join(dir, names[i]) };
		if (rc == EXIT_OK && k.dir && push_case(v, n, &cap, k))
			continue;
		rc = EXIT_INTERNAL;
		free(k.id);
		free(k.dir);
	}
	free(names);
	return rc;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The case ids already in the output (sorted), after cutting off a
 * partial last line left by a batch that was killed while writing. */
static int read_done(const char *path, char ***ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	if (access(path, F_OK) != 0)
		return EXIT_OK;
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return EXIT_INPUT;
	size_t whole = len;
	while (whole && text[whole - 1] != '\n')
		whole--;
	if (whole != len && truncate(path, (off_t)whole) != 0) {
		fprintf(stderr, "policy: cannot cut the partial last line of %s: %s\n", path,
		        strerror(errno));
		free(text);
		return EXIT_INPUT;
	}
	int rc = EXIT_OK;
	for (char *p = text, *end = text + whole; p < end && rc == EXIT_OK;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		cJSON *o = cJSON_ParseWithLength(p, (size_t)(nl - p));
		p = nl + 1;
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "case"));
		char **bigger = id ? realloc(*ids, (*n + 1) * sizeof **ids) : NULL;
		if (id && (!bigger || !(bigger[*n] = strdup(id))))
			rc = EXIT_INTERNAL;
		if (bigger)
			*ids = bigger;
		*n += id && rc == EXIT_OK;
		cJSON_Delete(o);
	}
	free(text);
	if (*n)
		qsort(*ids, *n, sizeof **ids, cmp_id);
	return rc;
}

/* ---- the summary ---- */

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static double percentile_ms(const int64_t *sorted, size_t n, double p)
{
	if (!n)
		return 0;
	/* The nearest-rank percentile: the smallest value with p of them at
	 * or below it. */
	size_t i = (size_t)(p * (double)n);
	if ((double)i < p * (double)n)
		i++;
	i = i ? i - 1 : 0;
	return (double)sorted[i < n ? i : n - 1] / 1e6;
}

static void summarize(const batch_run *b, const policy_plan *plan, size_t skipped,
                      unsigned threads, double secs, bool json, FILE *f)
{
	cJSON *s = cJSON_CreateObject(), *by_status = cJSON_CreateObject(),
	      *by_action = cJSON_CreateObject();
	int64_t *ns = malloc((b->n ? b->n : 1) * sizeof *ns);
	size_t timed = 0;
	for (size_t i = 0; i < b->n; i++) {
		const bcase *k = &b->cases[i];
		if (!k->ready)
			continue;
		cJSON *c = cJSON_GetObjectItemCaseSensitive(by_status, k->status);
		if (c)
			cJSON_SetNumberValue(c, c->valuedouble + 1);
		else
			cJSON_AddNumberToObject(by_status, k->status, 1);
		cJSON *line = cJSON_Parse(k->line);
		const cJSON *a;
		cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(line, "actions"))
		{
			cJSON *n = cJSON_GetObjectItemCaseSensitive(by_action, a->valuestring);
			if (n)
				cJSON_SetNumberValue(n, n->valuedouble + 1);
			else
				cJSON_AddNumberToObject(by_action, a->valuestring, 1);
		}
		cJSON_Delete(line);
		if (ns)
			ns[timed++] = k->elapsed_ns;
	}
	if (ns)
		qsort(ns, timed, sizeof *ns, cmp_i64);
	double p50 = ns ? percentile_ms(ns, timed, 0.50) : 0, p99 = ns ? percentile_ms(ns, timed, 0.99) : 0;
	free(ns);
	char title[512];
	plan_title(plan, title, sizeof title);
	double rate = secs > 0 ? (double)b->done / secs : 0;
	if (json) {
		cJSON_AddStringToObject(s, "plan", title);
		cJSON_AddNumberToObject(s, "cases", (double)b->done);
		cJSON_AddNumberToObject(s, "skipped", (double)skipped);
		cJSON_AddItemToObject(s, "by_status", by_status);
		cJSON_AddItemToObject(s, "by_action", by_action);
		cJSON_AddNumberToObject(s, "p50_ms", p50);
		cJSON_AddNumberToObject(s, "p99_ms", p99);
		cJSON_AddNumberToObject(s, "seconds", secs);
		cJSON_AddNumberToObject(s, "cases_per_second", rate);
		cJSON_AddNumberToObject(s, "threads", threads);
		char *text = cJSON_Print(s);
		if (text)
			fprintf(f, "%s\n", text);
		free(text);
		cJSON_Delete(s);
		return;
	}
	fprintf(f, "Batch of %s: %zu case%s decided", title, b->done, b->done == 1 ? "" : "s");
	if (skipped)
		fprintf(f, ", %zu already in %s (skipped)", skipped, b->out_path);
	fprintf(f, ".\n  by status:");
	const cJSON *it;
	cJSON_ArrayForEach(it, by_status) fprintf(f, " %s %d", it->string, (int)it->valuedouble);
	fprintf(f, "\n  by action:%s\n", by_action->child ? "" : " none");
	cJSON_ArrayForEach(it, by_action) fprintf(f, "    %6d  %s\n", (int)it->valuedouble, it->string);
	fprintf(f, "  time per case: p50 %.3f ms, p99 %.3f ms; %.0f cases/s on %u thread%s (%.2f s)\n",
	        p50, p99, rate, threads, threads == 1 ? "" : "s", secs);
	cJSON_Delete(by_status);
	cJSON_Delete(by_action);
	cJSON_Delete(s);
}

int cmd_batch(int argc, char **argv)
{
	static const char usage[] =
		"usage: policy batch PLAN.json|POLICY.txt --cases DIR|CASES.jsonl --out DECISIONS.jsonl\n"
		"                    [--threads N] [--trails DIR] [--store DB] [--fixed-clock MS]\n"
		"                    [--llm-cmd CMD] [--llm-replay FILE.jsonl] [--record FILE.jsonl]\n"
		"                    [--no-progress] [--json]\n";
	const char *plan_path = NULL, *cases_path = NULL, *out_path = NULL, *trails = NULL,
	           *store = NULL, *llm_cmd = NULL, *llm_replay = NULL, *llm_record = NULL;
	unsigned threads = 1;
	bool json = false, no_progress = false, use_fixed = false;
	int64_t fixed = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool has = i + 1 < argc;
		if (!strcmp(a, "--cases") && has)
			cases_path = argv[++i];
		else if (!strcmp(a, "--out") && has)
			out_path = argv[++i];
		else if (!strcmp(a, "--trails") && has)
			trails = argv[++i];
		else if (!strcmp(a, "--store") && has)
			store = argv[++i];
		else if (!strcmp(a, "--llm-cmd") && has)
			llm_cmd = argv[++i];
		else if (!strcmp(a, "--llm-replay") && has)
			llm_replay = argv[++i];
		else if (!strcmp(a, "--record") && has)
			llm_record = argv[++i];
		else if (!strcmp(a, "--threads") && has) {
			char *end;
			unsigned long t = strtoul(argv[++i], &end, 10);
			if (*end || t == 0 || t > 64) {
				fprintf(stderr, "policy: --threads takes a number from 1 to 64\n");
				return EXIT_USAGE;
			}
			threads = (unsigned)t;
		} else if (!strcmp(a, "--fixed-clock") && has) {
			fixed = strtoll(argv[++i], NULL, 10);
			use_fixed = true;
		} else if (!strcmp(a, "--json"))
			json = true;
		else if (!strcmp(a, "--no-progress"))
			no_progress = true;
		else if (!plan_path && a[0] != '-')
			plan_path = a;
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!plan_path || !cases_path || !out_path) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (trails && mkdir(trails, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "policy: cannot create %s: %s\n", trails, strerror(errno));
		return EXIT_INPUT;
	}
	policy_plan *plan = NULL;
	int rc = load_or_compile(plan_path, &plan);
	batch_run b = { .out_path = out_path,
		         .trails = trails,
		         .lock = PTHREAD_MUTEX_INITIALIZER,
		         .drained = PTHREAD_COND_INITIALIZER };
	bcase *all = NULL;
	size_t nall = 0;
	char *base = NULL;
	struct stat st;
	if (rc == EXIT_OK && stat(cases_path, &st) != 0) {
		fprintf(stderr, "policy: cannot read %s: %s\n", cases_path, strerror(errno));
		rc = EXIT_INPUT;
	} else if (rc == EXIT_OK && S_ISDIR(st.st_mode)) {
		rc = read_dir_cases(cases_path, &all, &nall);
	} else if (rc == EXIT_OK) {
		base = strdup(cases_path);
		char *slash = base ? strrchr(base, '/') : NULL;
		if (slash)
			*slash = '\0';
		else if (base)
			strcpy(base, ".");
		b.base = base;
		rc = base ? read_jsonl_cases(cases_path, &all, &nall) : EXIT_INTERNAL;
	}
	/* Resume: leave out the cases the output already has. */
	char **done_ids = NULL;
	size_t ndone = 0, skipped = 0;
	bool to_stdout = !strcmp(out_path, "-");
	if (rc == EXIT_OK && !to_stdout)
		rc = read_done(out_path, &done_ids, &ndone);
	if (rc == EXIT_OK) {
		size_t keep = 0;
		for (size_t i = 0; i < nall; i++) {
			if (ndone && bsearch(&all[i].id, done_ids, ndone, sizeof *done_ids, cmp_id)) {
				bcase_clear(&all[i]);
				skipped++;
				continue;
			}
			all[keep++] = all[i];
		}
		nall = keep;
	}
	for (size_t i = 0; i < ndone; i++)
		free(done_ids[i]);
	free(done_ids);
	b.cases = all;
	b.n = nall;
	if (rc == EXIT_OK && store)
		rc = store_open(store, false, &b.db);
	if (rc == EXIT_OK) {
		b.out = to_stdout ? stdout : fopen(out_path, "ab");
		if (!b.out) {
			fprintf(stderr, "policy: cannot write %s: %s\n", out_path, strerror(errno));
			rc = EXIT_INPUT;
		}
	}
	policy_host *host = NULL;
	llm_host *model = NULL;
	if (rc == EXIT_OK && policy_host_new(NULL, &host) != POLICY_OK)
		rc = EXIT_INTERNAL;
	if (rc == EXIT_OK && (llm_cmd || llm_replay || llm_record))
		rc = llm_host_new(llm_cmd, llm_replay, llm_record, &model);
	double secs = 0;
	if (rc == EXIT_OK) {
		if (model)
			policy_host_set_llm_func(host, llm_host_answer, model, NULL);
		policy_host_set_now_func(host, use_fixed ? fixed_clock : wall_clock, &fixed, NULL);
		b.progress = !no_progress && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
		b.t0_ns = now_ns();
		policy_batch_options o = POLICY_BATCH_OPTIONS_INIT;
		o.threads = threads;
		o.make_case = make_case;
		o.done = case_done;
		o.user_data = &b;
		if (policy_execute_batch(plan, host, NULL, b.n, &o, NULL, NULL) != POLICY_OK)
			rc = EXIT_INTERNAL;
		secs = (double)(now_ns() - b.t0_ns) / 1e9;
		if (b.progress)
			draw_progress(&b, true);
		if (rc == EXIT_OK)
			rc = b.io_error;
	}
	if (rc == EXIT_OK) {
		summarize(&b, plan, skipped, threads, secs, json, to_stdout ? stderr : stdout);
		for (size_t i = 0; i < b.n; i++)
			if (!strcmp(b.cases[i].status, "error")) {
				rc = EXIT_INPUT;
				break;
			}
	}
	if (b.out && !to_stdout && fclose(b.out) != 0 && rc == EXIT_OK) {
		fprintf(stderr, "policy: cannot write %s: %s\n", out_path, strerror(errno));
		rc = EXIT_INPUT;
	}
	policy_sqlite_close(b.db);
	policy_host_free(host);
	llm_host_free(model);
	bcases_free(all, nall);
	free(base);
	policy_plan_free(plan);
	return rc;
}
