/*
 * Replies (see reply.h): the answer a callback gives, copied with the
 * allocator of the object that asked.
 */
#include <string.h>

#include "base/reply.h"

void reply_init(policy_reply *r, const mem *m, size_t max_bytes)
{
	memset(r, 0, sizeof *r);
	r->m = m;
	r->max_bytes = max_bytes;
}

void reply_release(policy_reply *r)
{
	mem_free(r->m, r->json);
	mem_free(r->m, r->error);
	r->json = r->error = NULL;
}

policy_status policy_reply_set_json(policy_reply *reply, const char *json, size_t len)
{
	if (!reply || (!json && len))
		return POLICY_ERR_ARGUMENT;
	if (reply->max_bytes && len > reply->max_bytes) {
		reply->too_big = true;
		return POLICY_ERR_LIMIT;
	}
	char *copy = mem_strndup(reply->m, json ? json : "", len);
	if (!copy)
		return POLICY_ERR_NOMEM;
	mem_free(reply->m, reply->json);
	reply->json = copy;
	reply->len = len;
	return POLICY_OK;
}

policy_status policy_reply_set_error(policy_reply *reply, const char *message)
{
	if (!reply || !message)
		return POLICY_ERR_ARGUMENT;
	char *copy = mem_strndup(reply->m, message, strlen(message));
	if (!copy)
		return POLICY_ERR_NOMEM;
	mem_free(reply->m, reply->error);
	reply->error = copy;
	return POLICY_OK;
}
