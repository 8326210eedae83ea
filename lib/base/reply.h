/*
 * Replies: where a host callback puts its answer.
 *
 * Every callback that answers with JSON (the run-time extract, lookup, llm
 * and load callbacks, and the compile-time assistant) is handed a reply
 * and fills it with policy_reply_set_json or policy_reply_set_error. The
 * reply lives here, below plan, compile and run, because both the compiler
 * (the assistant) and the runtime hand replies out.
 */
#ifndef POLICY_REPLY_H
#define POLICY_REPLY_H

#include "base/alloc.h"
#include "policy.h"

struct policy_reply {
	const mem *m;
	char *json;
	size_t len;
	char *error;
	size_t max_bytes;   /* 0: no limit */
	bool too_big;       /* an answer over max_bytes was refused */
};

void reply_init(policy_reply *r, const mem *m, size_t max_bytes);
void reply_release(policy_reply *r);

#endif
