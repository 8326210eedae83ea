/*
 * --assist-cmd CMD: the compile-time assistant as a command (assist.h).
 *
 * For each sentence the grammar cannot read, the library hands over one
 * JSON request; CMD (run by /bin/sh, in a process group of its own) reads
 * it on stdin and prints its reply on stdout. A command that runs longer
 * than the timeout is killed, group and all; one that exits with a
 * status other than 0, or prints more than 1 MiB, fails the sentence
 * (and the library asks it nothing more). The reply's shape is the
 * library's to check.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "assist.h"

#define MAX_REPLY ((size_t)1 << 20)

typedef struct answered {
	char entry[33];
	char *model;
	char when[32];
	char *sentence;  /* the request's */
	int line;
	char *decline;   /* the reply's, when it declined */
} answered;

struct assist_host {
	char *cmd;
	double timeout;
	answered *v;
	size_t n;
};

assist_host *assist_host_new(const char *cmd, double timeout_s)
{
	assist_host *h = calloc(1, sizeof *h);
	if (!h || !(h->cmd = strdup(cmd))) {
		free(h);
		return NULL;
	}
	h->timeout = timeout_s > 0 ? timeout_s : 60;
	/* a command that exits without reading its request must not take
	 * the tool down with it */
	signal(SIGPIPE, SIG_IGN);
	return h;
}

void assist_host_free(assist_host *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].model);
		free(h->v[i].sentence);
		free(h->v[i].decline);
	}
	free(h->v);
	free(h->cmd);
	free(h);
}

void assist_now(char *out, size_t cap)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *failure(const char *fmt, double a, int b)
{
	char msg[200];
	if (b >= 0)
		snprintf(msg, sizeof msg, fmt, b);
	else
		snprintf(msg, sizeof msg, fmt, a);
	return strdup(msg);
}

/* Wait for the child until the deadline; kill its group after it. */
static int reap(pid_t pid, double deadline, bool *timed_out)
{
	int status = 0;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			return status;
		if (now_s() >= deadline) {
			*timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return status;
		}
		struct timespec nap = { 0, 10 * 1000 * 1000 };
		nanosleep(&nap, NULL);
	}
}

/* Run cmd with `input` on its stdin; its stdout, or NULL with *error. */
static char *run_command(const assist_host *h, const char *input, size_t *out_len, char **error)
{
	int in[2], out[2];
	if (pipe(in) < 0)
		return (*error = strdup("cannot start the assist command: no pipe")), NULL;
	if (pipe(out) < 0) {
		close(in[0]);
		close(in[1]);
		return (*error = strdup("cannot start the assist command: no pipe")), NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		return (*error = strdup("cannot start the assist command: fork failed")), NULL;
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execl("/bin/sh", "sh", "-c", h->cmd, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	close(in[0]);
	close(out[1]);
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	double deadline = now_s() + h->timeout;
	size_t sent = 0, len = strlen(input), n = 0, cap = 4096;
	char *buf = malloc(cap);
	bool timed_out = false, too_big = false, open_in = true;
	while (buf) {
		double left = deadline - now_s();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		struct pollfd p[2] = { { out[0], POLLIN, 0 }, { in[1], POLLOUT, 0 } };
		int r = poll(p, open_in ? 2 : 1, (int)(left * 1000) + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		if (open_in && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = write(in[1], input + sent, len - sent);
			if (w > 0)
				sent += (size_t)w;
			if (w < 0 && errno != EAGAIN && errno != EINTR)
				sent = len; /* it stopped reading: its answer tells */
			if (sent == len) {
				close(in[1]);
				open_in = false;
			}
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (n + 4096 > cap) {
				char *g = realloc(buf, cap * 2);
				if (!g) {
					free(buf);
					buf = NULL;
					break;
				}
				buf = g;
				cap *= 2;
			}
			ssize_t got = read(out[0], buf + n, cap - n - 1);
			if (got == 0)
				break;
			if (got > 0)
				n += (size_t)got;
			if (n > MAX_REPLY) {
				too_big = true;
				break;
			}
		}
	}
	if (open_in)
		close(in[1]);
	close(out[0]);
	if (timed_out || too_big || !buf) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	int status = reap(pid, timed_out ? now_s() : deadline, &timed_out);
	if (!buf) {
		*error = strdup("out of memory reading the assist command's reply");
	} else if (timed_out) {
		*error = failure("the assist command did not answer within %g seconds (--assist-timeout)", h->timeout, -1);
	} else if (too_big) {
		*error = strdup("the assist command's reply is larger than 1 MiB");
	} else if (WIFSIGNALED(status)) {
		*error = failure("the assist command was killed by signal %d", 0, WTERMSIG(status));
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		*error = failure("the assist command exited with status %d", 0, WEXITSTATUS(status));
	} else {
		buf[n] = '\0';
		*out_len = n;
		return buf;
	}
	free(buf);
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void remember(assist_host *h, const cJSON *request, const char *reply)
{
	const char *entry = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(request, "entry"));
	if (!entry)
		return;
	answered *g = realloc(h->v, (h->n + 1) * sizeof *g);
	if (!g)
		return;
	h->v = g;
	answered *a = &h->v[h->n++];
	memset(a, 0, sizeof *a);
	snprintf(a->entry, sizeof a->entry, "%s", entry);
	assist_now(a->when, sizeof a->when);
	const cJSON *line = cJSON_GetObjectItemCaseSensitive(request, "line");
	a->line = cJSON_IsNumber(line) ? line->valueint : 0;
	a->sentence =
	        dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(request, "sentence")));
	cJSON *r = cJSON_Parse(reply);
	a->model = dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "model")));
	if (!cJSON_GetObjectItemCaseSensitive(r, "restatements"))
		a->decline =
		        dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "decline")));
	cJSON_Delete(r);
}

policy_status assist_host_answer(const char *request, policy_reply *reply, void *user_data)
{
	assist_host *h = user_data;
	cJSON *rq = cJSON_Parse(request);
	const cJSON *line = cJSON_GetObjectItemCaseSensitive(rq, "line");
	fprintf(stderr, "policy: asking the assistant about line %d\n",
	        cJSON_IsNumber(line) ? line->valueint : 0);
	char *error = NULL;
	size_t len = 0;
	char *out = run_command(h, request, &len, &error);
	policy_status st;
	if (!out) {
		policy_reply_set_error(reply, error ? error : "the assist command failed");
		st = POLICY_ERR_CALLBACK;
	} else {
		remember(h, rq, out);
		st = policy_reply_set_json(reply, out, len);
	}
	free(out);
	free(error);
	cJSON_Delete(rq);
	return st;
}

size_t assist_host_declines(const assist_host *h, cJSON *entries)
{
	size_t n = 0;
	for (size_t i = 0; h && i < h->n; i++) {
		const answered *a = &h->v[i];
		if (!a->decline || !a->sentence)
			continue;
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "entry", a->entry);
		cJSON_AddNumberToObject(e, "line", a->line);
		cJSON_AddStringToObject(e, "sentence", a->sentence);
		cJSON_AddStringToObject(e, "decline", a->decline);
		if (a->model)
			cJSON_AddStringToObject(e, "model", a->model);
		else
			cJSON_AddNullToObject(e, "model");
		cJSON_AddStringToObject(e, "assisted_at", a->when);
		cJSON_AddItemToArray(entries, e);
		n++;
	}
	return n;
}

const char *assist_host_model(const assist_host *h, const char *entry, const char **when)
{
	for (size_t i = h ? h->n : 0; i-- > 0;)
		if (!strcmp(h->v[i].entry, entry)) {
			*when = h->v[i].when;
			return h->v[i].model ? h->v[i].model : "unnamed";
		}
	return NULL;
}
