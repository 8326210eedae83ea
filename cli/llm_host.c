/*
 * The CLI's model host: how `policy run` answers llm tasks.
 *
 *   --llm-cmd "CMD"        CMD reads one request (JSON) on stdin and prints
 *                          the reply (JSON) on stdout: any model adapter can
 *                          sit behind it (examples/llm-adapter).
 *   --llm-replay FILE      answers from recorded replies, keyed by the hash of
 *                          the request: deterministic tests and audits.
 *   --record FILE          appends every request's hash and reply to FILE.
 *
 * A reply file is JSON Lines: {"request_hash": "<32 hex>", "step": "...",
 * "reply": {...}}. Requests are pure functions of the plan, the case and the
 * attempt, so a recorded run replays exactly.
 */
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "cli.h"

typedef struct recorded {
	char hash[33];
	char *reply;
} recorded;

struct llm_host {
	const char *cmd;
	recorded *replay;
	size_t nreplay;
	FILE *record;
	pthread_mutex_t lock;
};

void request_hash(const char *request, char out[33])
{
	XXH128_hash_t h = XXH3_128bits(request, strlen(request));
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, h);
	for (int i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", c.digest[i]);
}

static int load_replay(llm_host *h, const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return EXIT_INPUT;
	int rc = EXIT_OK;
	char *save = NULL;
	unsigned line = 0;
	for (char *l = strtok_r(text, "\n", &save); l && rc == EXIT_OK; l = strtok_r(NULL, "\n", &save)) {
		line++;
		if (!*l)
			continue;
		cJSON *o = cJSON_Parse(l);
		cJSON *hash = cJSON_GetObjectItemCaseSensitive(o, "request_hash");
		cJSON *reply = cJSON_GetObjectItemCaseSensitive(o, "reply");
		if (!cJSON_IsString(hash) || strlen(hash->valuestring) != 32 || !reply) {
			fprintf(stderr, "policy: %s:%u: not a recorded reply\n", path, line);
			rc = EXIT_INPUT;
		} else {
			recorded *r = realloc(h->replay, (h->nreplay + 1) * sizeof *r);
			char *json = cJSON_PrintUnformatted(reply);
			if (!r || !json) {
				free(json);
				rc = EXIT_INTERNAL;
			} else {
				h->replay = r;
				memcpy(r[h->nreplay].hash, hash->valuestring, 33);
				r[h->nreplay++].reply = json;
			}
		}
		cJSON_Delete(o);
	}
	free(text);
	return rc;
}

int llm_host_new(const char *cmd, const char *replay, const char *record, llm_host **out)
{
	llm_host *h = calloc(1, sizeof *h);
	if (!h)
		return EXIT_INTERNAL;
	h->cmd = cmd;
	pthread_mutex_init(&h->lock, NULL);
	int rc = EXIT_OK;
	if (replay)
		rc = load_replay(h, replay);
	if (rc == EXIT_OK && record && !(h->record = fopen(record, "a"))) {
		fprintf(stderr, "policy: cannot open %s for writing\n", record);
		rc = EXIT_INPUT;
	}
	if (rc != EXIT_OK) {
		llm_host_free(h);
		return rc;
	}
	*out = h;
	return EXIT_OK;
}

void llm_host_free(llm_host *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->nreplay; i++)
		free(h->replay[i].reply);
	free(h->replay);
	if (h->record)
		fclose(h->record);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

static char *format(const char *fmt, const char *a, int b)
{
	int n = a ? snprintf(NULL, 0, fmt, a) : snprintf(NULL, 0, fmt, b);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s) {
		if (a)
			snprintf(s, (size_t)n + 1, fmt, a);
		else
			snprintf(s, (size_t)n + 1, fmt, b);
	}
	return s;
}

/* Run the command with the request on stdin; its stdout is the reply. */
static char *run_command(const char *cmd, const char *request, char **error)
{
	char path[] = "/tmp/policy-llm-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		*error = strdup("cannot create a temporary file for the model request");
		return NULL;
	}
	size_t len = strlen(request);
	bool ok = write(fd, request, len) == (ssize_t)len;
	close(fd);
	char *full = NULL;
	if (ok) {
		size_t n = strlen(cmd) + strlen(path) + 4;
		full = malloc(n);
		if (full)
			snprintf(full, n, "%s < %s", cmd, path);
	}
	FILE *p = full ? popen(full, "r") : NULL;
	free(full);
	char *out = NULL;
	size_t n = 0, cap = 0;
	if (p) {
		char chunk[4096];
		size_t got;
		while ((got = fread(chunk, 1, sizeof chunk, p)) > 0) {
			if (n + got + 1 > cap) {
				cap = (n + got + 1) * 2;
				char *bigger = realloc(out, cap);
				if (!bigger)
					break;
				out = bigger;
			}
			memcpy(out + n, chunk, got);
			n += got;
		}
		int status = pclose(p);
		if (status != 0) {
			free(out);
			out = NULL;
			*error = format("the model command exited with status %d", NULL, status);
		}
	} else {
		*error = strdup("cannot run the model command");
	}
	unlink(path);
	if (out)
		out[n] = '\0';
	return out;
}

policy_status llm_host_answer(const char *request, policy_reply *reply, void *user_data)
{
	llm_host *h = user_data;
	char hash[33];
	request_hash(request, hash);
	const char *found = NULL;
	char *owned = NULL, *error = NULL;
	for (size_t i = 0; i < h->nreplay && !found; i++)
		if (!strcmp(h->replay[i].hash, hash))
			found = h->replay[i].reply;
	if (!found && h->cmd)
		found = owned = run_command(h->cmd, request, &error);
	if (!found) {
		char msg[160];
		snprintf(msg, sizeof msg, "%s", error ? error :
		         h->nreplay ? "no recorded reply for this request" : "no model command was given");
		free(error);
		policy_reply_set_error(reply, msg);
		return POLICY_ERR_CALLBACK;
	}
	if (h->record) {
		cJSON *req = cJSON_Parse(request);
		cJSON *step = cJSON_GetObjectItemCaseSensitive(req, "step");
		cJSON *rep = cJSON_Parse(found);
		char *rep_text = rep ? cJSON_PrintUnformatted(rep) : NULL;
		pthread_mutex_lock(&h->lock);
		fprintf(h->record, "{\"request_hash\":\"%s\",\"step\":\"%s\",\"reply\":%s}\n", hash,
		        cJSON_IsString(step) ? step->valuestring : "",
		        rep_text ? rep_text : "{\"error\":\"the model's reply was not JSON\"}");
		fflush(h->record);
		pthread_mutex_unlock(&h->lock);
		free(rep_text);
		cJSON_Delete(rep);
		cJSON_Delete(req);
	}
	policy_status st = policy_reply_set_json(reply, found, strlen(found));
	free(owned);
	return st;
}
