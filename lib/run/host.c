/*
 * Cases and hosts (see case.h); replies are base/reply.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "run/case.h"
#include "base/json.h"
#include "plan/plan.h"
#include "plan/plan_json.h"
#include "base/words.h"

/* ---- cases ---- */

policy_status policy_case_new(const policy_allocator *allocator, policy_case **out)
{
	if (!out)
		return POLICY_ERR_ARGUMENT;
	*out = NULL;
	mem m = mem_from(allocator);
	policy_case *c = mem_calloc(&m, 1, sizeof *c);
	if (!c)
		return POLICY_ERR_NOMEM;
	c->m = m;
	arena_init(&c->a, &c->m);
	*out = c;
	return POLICY_OK;
}

void policy_case_free(policy_case *c)
{
	if (!c)
		return;
	arena_release(&c->a);
	mem m = c->m;
	mem_free(&m, c);
}

policy_status policy_case_set_id(policy_case *c, const char *id)
{
	if (!c || !id)
		return POLICY_ERR_ARGUMENT;
	const char *copy = arena_strdup(&c->a, id);
	if (!copy)
		return POLICY_ERR_NOMEM;
	c->id = copy;
	return POLICY_OK;
}

unsigned case_doc_count(const policy_case *c, const char *key)
{
	unsigned n = 0;
	for (size_t i = 0; i < c->ndocs; i++)
		n += strcmp(c->docs[i].key, key) == 0;
	return n;
}

policy_status policy_case_add_document(policy_case *c, const char *type, const char *text,
                                       size_t len)
{
	if (!c || !type || (!text && len))
		return POLICY_ERR_ARGUMENT;
	if (c->ndocs == c->docs_cap) {
		size_t cap = c->docs_cap ? c->docs_cap * 2 : 4;
		case_doc *d = arena_grow(&c->a, c->docs, c->ndocs, cap, sizeof *d);
		if (!d)
			return POLICY_ERR_NOMEM;
		c->docs = d;
		c->docs_cap = cap;
	}
	case_doc d = { 0 };
	d.type = arena_strdup(&c->a, type);
	d.key = words_key(&c->a, type, strlen(type));
	d.text = arena_strndup(&c->a, text ? text : "", len);
	if (!d.type || !d.key || !d.text)
		return POLICY_ERR_NOMEM;
	if (!*d.key)
		return POLICY_ERR_ARGUMENT;
	d.len = len;
	d.index = case_doc_count(c, d.key) + 1;
	c->docs[c->ndocs++] = d;
	return POLICY_OK;
}

policy_status policy_case_add_fact(policy_case *c, const char *name, const char *value_json,
                                   size_t len)
{
	if (!c || !name || !*name || !value_json)
		return POLICY_ERR_ARGUMENT;
	/* one JSON scalar, as the header says */
	arena scratch;
	arena_init(&scratch, &c->m);
	json_value *v;
	json_error je;
	json_limits lim = { 0, 2 };
	bool ok = json_parse(&scratch, value_json, len, &lim, &v, &je);
	bool scalar = ok && v->kind != JSON_ARRAY && v->kind != JSON_OBJECT;
	bool nomem = !ok && je.nomem;
	arena_release(&scratch);
	if (nomem)
		return POLICY_ERR_NOMEM;
	if (!scalar)
		return POLICY_ERR_ARGUMENT;
	if (c->nfacts == c->facts_cap) {
		size_t cap = c->facts_cap ? c->facts_cap * 2 : 4;
		case_fact *f = arena_grow(&c->a, c->facts, c->nfacts, cap, sizeof *f);
		if (!f)
			return POLICY_ERR_NOMEM;
		c->facts = f;
		c->facts_cap = cap;
	}
	case_fact f = { 0 };
	f.name = arena_strdup(&c->a, name);
	f.value_json = arena_strndup(&c->a, value_json, len);
	f.len = len;
	if (!f.name || !f.value_json)
		return POLICY_ERR_NOMEM;
	c->facts[c->nfacts++] = f;
	return POLICY_OK;
}

/* ---- hosts ---- */

policy_status policy_host_new(const policy_allocator *allocator, policy_host **out)
{
	if (!out)
		return POLICY_ERR_ARGUMENT;
	*out = NULL;
	mem m = mem_from(allocator);
	policy_host *h = mem_calloc(&m, 1, sizeof *h);
	if (!h)
		return POLICY_ERR_NOMEM;
	h->m = m;
	h->refs = 1;
	*out = h;
	return POLICY_OK;
}

policy_host *policy_host_reference(policy_host *host)
{
	if (host)
		__atomic_add_fetch(&host->refs, 1, __ATOMIC_RELAXED);
	return host;
}

static void slot_set(host_slot *s, void (*func)(void), void *user_data,
                     policy_destroy_func destroy)
{
	if (s->destroy)
		s->destroy(s->user_data);
	s->func = func;
	s->user_data = user_data;
	s->destroy = destroy;
}

void policy_host_free(policy_host *host)
{
	if (!host || __atomic_sub_fetch(&host->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (int i = 0; i < HOST_SLOTS; i++)
		slot_set(&host->slots[i], NULL, NULL, NULL);
	mem m = host->m;
	mem_free(&m, host);
}

#define HOST_SETTER(name, slot, type)                                                        \
	void policy_host_set_##name##_func(policy_host *host, type func, void *user_data,     \
	                                   policy_destroy_func destroy)                        \
	{                                                                                      \
		if (host)                                                                      \
			slot_set(&host->slots[slot], (void (*)(void))func, user_data, destroy); \
	}

HOST_SETTER(extract, HOST_EXTRACT, policy_extract_func)
HOST_SETTER(lookup, HOST_LOOKUP, policy_lookup_func)
HOST_SETTER(llm, HOST_LLM, policy_llm_func)
HOST_SETTER(store, HOST_STORE, policy_store_func)
HOST_SETTER(load, HOST_LOAD, policy_load_func)
HOST_SETTER(now, HOST_NOW, policy_now_func)

/* ---- plans through the host's store ---- */

policy_status policy_host_store_plan(const policy_host *host, const policy_plan *plan)
{
	if (!host || !plan)
		return POLICY_ERR_ARGUMENT;
	const host_slot *s = &host->slots[HOST_STORE];
	if (!s->func)
		return POLICY_ERR_STATE;
	const char *name = policy_plan_name(plan), *version = policy_plan_policy_version(plan);
	size_t klen = strlen(name) + strlen(version) + 2;
	char *key = mem_alloc(&host->m, klen);
	if (!key)
		return POLICY_ERR_NOMEM;
	snprintf(key, klen, "%s@%s", name, version);
	char *json;
	size_t len;
	policy_status st = policy_plan_save(plan, &json, &len);
	if (st == POLICY_OK) {
		st = ((policy_store_func)s->func)("plan", key, json, len, s->user_data);
		policy_free(json);
	}
	mem_free(&host->m, key);
	return st;
}

policy_status policy_host_load_plan(const policy_host *host, const char *key,
                                    const policy_load_options *opts, policy_plan **out,
                                    policy_error **err)
{
	if (err)
		*err = NULL;
	if (!host || !key || !out)
		return POLICY_ERR_ARGUMENT;
	*out = NULL;
	const host_slot *s = &host->slots[HOST_LOAD];
	if (!s->func)
		return POLICY_ERR_STATE;
	policy_load_options o = load_options(opts, PLAN_MAX_JSON_BYTES);
	mem m = mem_from(o.allocator);
	policy_reply reply;
	/* the same bound policy_plan_load applies */
	reply_init(&reply, &m, o.max_json_bytes);
	policy_status st = ((policy_load_func)s->func)("plan", key, &reply, s->user_data);
	if (st == POLICY_OK && !reply.json)
		st = POLICY_ERR_NOT_FOUND;
	if (st == POLICY_OK)
		st = policy_plan_load(reply.json, reply.len, opts, out, err);
	reply_release(&reply);
	return st;
}
