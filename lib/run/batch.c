/*
 * policy_execute_batch: many cases, one plan, one call.
 *
 * An operations team decides thousands of cases with one policy. The plan
 * is immutable and shared, so cases are independent: each worker thread
 * takes the next undecided case (a counter under a mutex), makes it if the
 * host supplies cases lazily, decides it with policy_execute, reports it,
 * and takes the next. Work is handed out a case at a time rather than in
 * fixed shares because cases differ in cost (a model step, a long
 * document), and a thread that cannot be started only means the others do
 * its share. Nothing here is shared but the counter, so the speedup is
 * the number of cores the host gives it.
 *
 * The batch adds no state and no failure of its own beyond its arguments:
 * every case's outcome (an execution or an error) lands in its own slot,
 * so results are in input order whatever order the threads finish in, and
 * one bad case never stops the rest.
 */
#include <pthread.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"

#define BATCH_MAX_THREADS 64

typedef struct batch {
	const policy_plan *plan;
	const policy_host *host;
	const policy_case *const *cases;
	size_t count;
	const policy_batch_options *opts;
	mem m; /* the executions' allocator, for errors made here */
	policy_exec **execs;
	policy_error **errors;
	pthread_mutex_t lock;
	size_t next; /* the next case to take, under lock */
} batch;

/* Take the next case's index; false when none is left. */
static bool batch_take(batch *b, size_t *index)
{
	pthread_mutex_lock(&b->lock);
	bool more = b->next < b->count;
	if (more)
		*index = b->next++;
	pthread_mutex_unlock(&b->lock);
	return more;
}

static void batch_decide(batch *b, size_t i)
{
	const policy_batch_options *o = b->opts;
	policy_case *made = NULL;
	const policy_case *c = b->cases ? b->cases[i] : NULL;
	policy_exec *x = NULL;
	policy_error *err = NULL;
	policy_status st = POLICY_OK;
	if (!b->cases) {
		st = o->make_case(i, &made, o->user_data);
		if (st == POLICY_OK && !made)
			st = POLICY_ERR_CALLBACK;
		if (st != POLICY_OK)
			error_set(&err, &b->m, st, 0, 0, "case %zu could not be made (%s)", i,
			          policy_status_name(st));
		c = made;
	}
	if (st == POLICY_OK)
		policy_execute(b->plan, b->host, c, o->exec, &x, &err);
	policy_case_free(made);
	if (o->done)
		o->done(i, x, err, o->user_data);
	if (b->execs)
		b->execs[i] = x;
	else
		policy_exec_free(x);
	if (b->errors)
		b->errors[i] = err;
	else
		policy_error_free(err);
}

static void *batch_worker(void *arg)
{
	batch *b = arg;
	size_t i;
	while (batch_take(b, &i))
		batch_decide(b, i);
	return NULL;
}

policy_status policy_execute_batch(const policy_plan *plan, const policy_host *host,
                                   const policy_case *const *cases, size_t count,
                                   const policy_batch_options *opts, policy_exec **execs,
                                   policy_error **errors)
{
	policy_batch_options o = POLICY_BATCH_OPTIONS_INIT;
	if (opts) {
		if (opts->struct_size < offsetof(policy_batch_options, user_data) + sizeof(void *))
			return POLICY_ERR_ARGUMENT;
		o = *opts;
	}
	if (!plan || (count && !cases && !o.make_case))
		return POLICY_ERR_ARGUMENT;
	for (size_t i = 0; i < count; i++) {
		if (execs)
			execs[i] = NULL;
		if (errors)
			errors[i] = NULL;
	}
	batch b = { .plan = plan, .host = host, .cases = cases, .count = count, .opts = &o,
	            .m = mem_from(o.exec ? o.exec->allocator : NULL), .execs = execs,
	            .errors = errors, .lock = PTHREAD_MUTEX_INITIALIZER };
	unsigned workers = o.threads > 1 ? o.threads : 1;
	if (workers > BATCH_MAX_THREADS)
		workers = BATCH_MAX_THREADS;
	if (workers > count)
		workers = count ? (unsigned)count : 1;
	pthread_t tid[BATCH_MAX_THREADS];
	unsigned started = 0;
	for (unsigned w = 1; w < workers; w++) {
		if (pthread_create(&tid[started], NULL, batch_worker, &b) != 0)
			break;
		started++;
	}
	/* The calling thread is a worker too; it finishes whatever threads
	 * that failed to start would have done. */
	batch_worker(&b);
	for (unsigned w = 0; w < started; w++)
		pthread_join(tid[w], NULL);
	return POLICY_OK;
}
