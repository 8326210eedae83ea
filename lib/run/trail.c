/*
 * The why-trail: entries, their JSON lines and hash chain, loading and
 * verification, and iteration (see trail.h).
 *
 * A line is compact JSON with members in a fixed order, ending in
 * "prev" and "hash":
 *
 *   {"seq":1,"step":"extract.claimed_amount","kind":"extract",...,
 *    "prev":"<32 hex>","hash":"<32 hex>"}
 *
 * "hash" is XXH3-128 of the line with its ,"hash":"..." member removed.
 * Loading re-hashes each line as it is written (byte for byte), so any
 * edit, even to whitespace, is detected.
 */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "base/json.h"
#include "plan/plan.h"
#include "plan/plan_json.h"
#include "run/trail.h"

/* The members of a line, written as jw_* would write them in a compact
 * object, keys and all, but straight into the buffer: a trail has many
 * lines and they are the bulk of what an audited decision costs. */
static void put_lit(buf *b, const char *s, size_t n)
{
	buf_append(b, s, n);
}

#define LIT(b, s) put_lit((b), (s), sizeof(s) - 1)

static void put_str(buf *b, const char *s)
{
	if (s)
		json_escape(b, s, strlen(s));
	else
		LIT(b, "null");
}

static void put_raw(buf *b, const char *json)
{
	if (json)
		buf_puts(b, json);
	else
		LIT(b, "null");
}

bool trail_append(policy_trail *t, trail_entry *e)
{
	const char *prev = t->n ? t->e[t->n - 1].hash : e->plan_hash;
	memcpy(e->prev, prev, 32);
	e->prev[32] = '\0';
	buf *b = &t->line;
	b->len = 0;
	LIT(b, "{\"seq\":");
	buf_put_uint(b, e->seq);
	if (e->plan_json) {
		buf_puts(b, e->plan_json);
	} else {
		LIT(b, ",\"step\":");
		put_str(b, e->step);
		LIT(b, ",\"kind\":");
		put_str(b, policy_step_kind_name(e->kind));
		LIT(b, ",\"policy\":");
		put_str(b, e->policy_name);
		LIT(b, ",\"version\":");
		put_str(b, e->policy_version);
		LIT(b, ",\"plan\":");
		put_str(b, e->plan_hash);
		LIT(b, ",\"case\":");
	}
	if (e->case_str)
		buf_puts(b, e->case_str);
	else
		put_str(b, e->case_id);
	if (e->line_json) {
		buf_puts(b, e->line_json);
	} else {
		LIT(b, ",\"line\":");
		buf_put_uint(b, e->line);
		LIT(b, ",\"sentence\":");
		put_str(b, e->sentence);
		LIT(b, ",\"label\":");
		put_str(b, e->label);
		LIT(b, ",\"inputs\":[");
	}
	for (uint32_t i = 0; i < e->ninputs; i++) {
		const trail_input *in = &e->inputs[i];
		if (i)
			buf_putc(b, ',');
		if (in->head_json) {
			buf_puts(b, in->head_json);
		} else {
			LIT(b, "{\"name\":");
			put_str(b, in->name);
			LIT(b, ",\"step\":");
			put_str(b, in->step);
			LIT(b, ",\"value\":");
		}
		if (in->value_str)
			buf_puts(b, in->value_str);
		else
			put_str(b, in->value ? in->value : "");
		LIT(b, ",\"json\":");
		put_raw(b, in->value_json);
		LIT(b, ",\"evidence\":");
		put_raw(b, in->evidence);
		buf_putc(b, '}');
	}
	LIT(b, "],\"output\":");
	put_raw(b, e->output);
	LIT(b, ",\"display\":");
	if (e->display_str)
		buf_puts(b, e->display_str);
	else
		put_str(b, e->display);
	LIT(b, ",\"reason\":");
	put_str(b, e->reason);
	LIT(b, ",\"error\":");
	put_str(b, e->error);
	LIT(b, ",\"started\":");
	buf_put_int(b, e->started);
	LIT(b, ",\"ended\":");
	buf_put_int(b, e->ended);
	LIT(b, ",\"tokens\":");
	buf_put_uint(b, e->tokens);
	LIT(b, ",\"guardrails\":[");
	for (uint32_t i = 0; i < e->nguardrails; i++) {
		if (i)
			buf_putc(b, ',');
		LIT(b, "{\"name\":");
		put_str(b, e->guardrails[i].name);
		LIT(b, ",\"attempted\":");
		put_str(b, e->guardrails[i].attempted);
		LIT(b, ",\"alternative\":");
		put_str(b, e->guardrails[i].alternative);
		buf_putc(b, '}');
	}
	LIT(b, "],\"prev\":\"");
	put_lit(b, e->prev, 32);
	LIT(b, "\"}");
	if (buf_failed(b)) {
		buf_release(b);
		buf_init(b, &t->m);
		return false;
	}
	hash128_hex(b->data, b->len, e->hash);
	b->len--; /* reopen the object */
	LIT(b, ",\"hash\":\"");
	put_lit(b, e->hash, 32);
	LIT(b, "\"}");
	char *line = buf_to_arena(b, &t->a);
	if (!line) {
		buf_release(b);
		buf_init(b, &t->m);
		return false;
	}
	e->json = line;
	e->json_len = b->len;
	trail_entry *arr = t->e;
	if (t->n == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 16;
		arr = arena_grow(&t->a, t->e, t->n, cap, sizeof *arr);
		if (!arr)
			return false;
		t->e = arr;
		t->cap = cap;
	}
	t->e[t->n++] = *e;
	return true;
}

bool trail_ready(const policy_trail *t)
{
	if (!__atomic_load_n(&t->unwritten, __ATOMIC_ACQUIRE))
		return true;
	return t->write((policy_trail *)t);
}

policy_status policy_trail_to_jsonl(const policy_trail *t, char **out, size_t *len)
{
	if (!t || !out)
		return POLICY_ERR_ARGUMENT;
	if (!trail_ready(t))
		return POLICY_ERR_NOMEM;
	size_t total = 0;
	for (uint32_t i = 0; i < t->n; i++)
		total += t->e[i].json_len + 1;
	char *s = mem_export_room(&t->m, total);
	if (!s)
		return POLICY_ERR_NOMEM;
	size_t at = 0;
	for (uint32_t i = 0; i < t->n; i++) {
		memcpy(s + at, t->e[i].json, t->e[i].json_len);
		at += t->e[i].json_len;
		s[at++] = '\n';
	}
	*out = s;
	if (len)
		*len = total;
	return POLICY_OK;
}

size_t policy_trail_entry_count(const policy_trail *t)
{
	return t && trail_ready(t) ? t->n : 0;
}

/* ---- verification ---- */

/* Split a line into the hashed part and its stated hash; false if it does
 * not end in ,"hash":"<32 lowercase hex>"}. */
static bool split_hash(const char *line, size_t len, size_t *body_len, char hash[33])
{
	static const char tail[] = ",\"hash\":\"";
	size_t need = sizeof tail - 1 + 32 + 2;
	if (len < need + 1 || line[len - 1] != '}' || line[len - 2] != '"')
		return false;
	size_t at = len - need;
	if (memcmp(line + at, tail, sizeof tail - 1))
		return false;
	for (int i = 0; i < 32; i++) {
		char c = line[at + sizeof tail - 1 + i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
		hash[i] = c;
	}
	hash[32] = '\0';
	*body_len = at;
	return true;
}

/* Hash of a line's body: the line up to ,"hash" with its closing brace. */
static void body_hash(const mem *m, const char *line, size_t body_len, char out[33], bool *nomem)
{
	buf b;
	buf_init(&b, m);
	buf_append(&b, line, body_len);
	buf_putc(&b, '}');
	if (buf_failed(&b)) {
		*nomem = true;
		out[0] = '\0';
	} else {
		hash128_hex(b.data, b.len, out);
	}
	buf_release(&b);
}

/* Whether a line that lost its hash was an entry: it begins as entries
 * do and still has the "prev" member that comes right before "hash". */
static bool looks_like_entry(const char *line, size_t len)
{
	static const char prev[] = ",\"prev\":\"";
	if (len < 7 || memcmp(line, "{\"seq\":", 7))
		return false;
	for (size_t i = 7; i + sizeof prev - 1 <= len; i++)
		if (!memcmp(line + i, prev, sizeof prev - 1))
			return true;
	return false;
}

/* The first line (from 1) whose bytes show that it was altered: it ends
 * in ,"hash":"<32 hex>"} but does not hash to that, or it is one byte away
 * from ending so (the byte changed is in the framing). 0 if there is none.
 * This is how a changed byte that also breaks the JSON, or splits the
 * line, is still reported as tampering. */
static unsigned altered_line(const mem *m, const char *text, size_t len, bool *nomem)
{
	static const char key[] = ",\"hash\":\"";
	const size_t klen = sizeof key - 1, tail = klen + 32 + 2;
	unsigned line = 0;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *s = text + pos;
		size_t l = end - pos;
		line++;
		pos = end + 1;
		if (l < tail + 1)
			continue;
		const char *t = s + l - tail;
		unsigned off = 0;
		for (size_t i = 0; i < klen; i++)
			off += t[i] != key[i];
		for (size_t i = 0; i < 32; i++) {
			char c = t[klen + i];
			off += !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
		}
		off += (t[tail - 2] != '"') + (t[tail - 1] != '}');
		if (off == 1)
			return line;
		if (off)
			continue;
		char actual[33];
		body_hash(m, s, l - tail, actual, nomem);
		if (*nomem)
			return 0;
		if (memcmp(actual, t + klen, 32))
			return line;
	}
	return 0;
}

static policy_status verify_entries(const policy_trail *t, const policy_plan *plan,
                                    policy_error **err)
{
	for (uint32_t i = 0; i < t->n; i++) {
		const trail_entry *e = &t->e[i];
		size_t bl;
		char stated[33], actual[33];
		bool nomem = false;
		if (!split_hash(e->json, e->json_len, &bl, stated))
			return error_set(err, &t->m, POLICY_ERR_CHAIN, i + 1, 1,
			                 "entry %u has no hash at its end", i + 1);
		body_hash(&t->m, e->json, bl, actual, &nomem);
		if (nomem)
			return error_set(err, &t->m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
		if (strcmp(stated, actual) || strcmp(stated, e->hash))
			return error_set(err, &t->m, POLICY_ERR_CHAIN, i + 1, 1,
			                 "entry %u (step %s) does not match its hash: it was altered", i + 1,
			                 e->step ? e->step : "?");
		const char *expect = i ? t->e[i - 1].hash : e->plan_hash;
		if (!expect || strcmp(e->prev, expect))
			return error_set(err, &t->m, POLICY_ERR_CHAIN, i + 1, 1,
			                 "entry %u does not follow entry %u: the chain is broken (an entry "
			                 "was removed, inserted or reordered)", i + 1, i);
		if (e->seq != i + 1)
			return error_set(err, &t->m, POLICY_ERR_CHAIN, i + 1, 1,
			                 "entry %u says it is entry %llu", i + 1,
			                 (unsigned long long)e->seq);
		if (i && strcmp(e->plan_hash, t->e[0].plan_hash))
			return error_set(err, &t->m, POLICY_ERR_CHAIN, i + 1, 1,
			                 "entry %u was made by another plan than entry 1", i + 1);
		if (plan && strcmp(e->plan_hash, plan->body_hash))
			return error_set(err, &t->m, POLICY_ERR_MISMATCH, i + 1, 1,
			                 "the trail was made by plan %s, not by the plan given (%s)",
			                 e->plan_hash, plan->body_hash);
	}
	/* One entry per step of the plan, in plan order (exec.c write_trail):
	 * with the plan at hand, entries cut from the end of a trail, which
	 * leave its chain intact, are found too. */
	if (plan && t->n != plan->nsteps)
		return error_set(err, &t->m, POLICY_ERR_CHAIN, 0, 0,
		                 "the trail has %u entries but its plan has %u steps: entries were "
		                 "removed or added", t->n, plan->nsteps);
	for (uint32_t i = 0; plan && i < t->n; i++)
		if (!t->e[i].step || strcmp(t->e[i].step, plan->steps[i].id))
			return error_set(err, &t->m, POLICY_ERR_CHAIN, i + 1, 1,
			                 "entry %u is for step %s, but step %u of its plan is %s", i + 1,
			                 t->e[i].step ? t->e[i].step : "?", i + 1, plan->steps[i].id);
	return POLICY_OK;
}

policy_status policy_trail_verify(const policy_trail *t, const policy_plan *plan,
                                  policy_error **err)
{
	if (err)
		*err = NULL;
	if (!t)
		return POLICY_ERR_ARGUMENT;
	if (!trail_ready(t))
		return error_set(err, &t->m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
	return verify_entries(t, plan, err);
}

/* ---- loading ---- */

typedef struct reader {
	policy_trail *t;
	char msg[200];
	bool nomem;
} reader;

static const char *take(reader *r, const json_value *obj, const char *key, bool nullable,
                        bool *ok)
{
	const json_value *v = json_get(obj, key);
	if (v && v->kind == JSON_NULL && nullable)
		return NULL;
	if (!v || v->kind != JSON_STRING || strlen(v->str) != v->len) {
		if (!r->msg[0])
			snprintf(r->msg, sizeof r->msg, "\"%s\" is missing or not a string", key);
		*ok = false;
		return NULL;
	}
	char *s = arena_strdup(&r->t->a, v->str);
	if (!s) {
		r->nomem = true;
		*ok = false; /* callers read what they took once ok holds */
	}
	return s;
}

static const char *take_raw(reader *r, const json_value *v)
{
	if (!v)
		return NULL;
	buf b;
	buf_init(&b, &r->t->m);
	json_writer w;
	jw_init(&w, &b, false);
	jw_value(&w, v);
	char *s = buf_to_arena(&b, &r->t->a);
	buf_release(&b);
	if (!s)
		r->nomem = true;
	return s;
}

static bool take_int(reader *r, const json_value *obj, const char *key, int64_t min,
                     int64_t max, int64_t *out)
{
	if (json_get_int(obj, key, min, max, out))
		return true;
	if (!r->msg[0])
		snprintf(r->msg, sizeof r->msg, "\"%s\" is missing or not a whole number", key);
	return false;
}

static bool read_entry(reader *r, const json_value *o, trail_entry *e)
{
	bool ok = true;
	int64_t n;
	if (o->kind != JSON_OBJECT) {
		snprintf(r->msg, sizeof r->msg, "an entry must be a JSON object");
		return false;
	}
	if (!take_int(r, o, "seq", 1, INT64_MAX, &n))
		return false;
	e->seq = (uint64_t)n;
	e->step = take(r, o, "step", false, &ok);
	const char *kind = take(r, o, "kind", false, &ok);
	if (ok && !step_kind_from_name(kind, &e->kind)) {
		snprintf(r->msg, sizeof r->msg, "\"%s\" is not a kind of step", kind);
		return false;
	}
	e->policy_name = take(r, o, "policy", false, &ok);
	e->policy_version = take(r, o, "version", false, &ok);
	e->plan_hash = take(r, o, "plan", false, &ok);
	e->case_id = take(r, o, "case", true, &ok);
	if (!take_int(r, o, "line", 0, UINT32_MAX, &n))
		return false;
	e->line = (unsigned)n;
	e->sentence = take(r, o, "sentence", true, &ok);
	e->label = take(r, o, "label", true, &ok);
	e->output = take_raw(r, json_get(o, "output"));
	e->display = take(r, o, "display", true, &ok);
	e->reason = take(r, o, "reason", true, &ok);
	e->error = take(r, o, "error", true, &ok);
	if (!take_int(r, o, "started", INT64_MIN, INT64_MAX, &e->started) ||
	    !take_int(r, o, "ended", INT64_MIN, INT64_MAX, &e->ended) ||
	    !take_int(r, o, "tokens", 0, INT64_MAX, &n))
		return false;
	e->tokens = (uint64_t)n;
	const char *prev = take(r, o, "prev", false, &ok);
	const char *hash = take(r, o, "hash", false, &ok);
	if (!ok)
		return false;
	if (!e->output) {
		snprintf(r->msg, sizeof r->msg, "\"output\" is missing");
		return false;
	}
	if (strlen(prev) != 32 || strlen(hash) != 32 || strlen(e->plan_hash) != 32) {
		snprintf(r->msg, sizeof r->msg, "hashes must be 32 hex digits");
		return false;
	}
	memcpy(e->prev, prev, 33);
	memcpy(e->hash, hash, 33);
	const json_value *inputs = json_get(o, "inputs");
	const json_value *guards = json_get(o, "guardrails");
	if (!inputs || inputs->kind != JSON_ARRAY || !guards || guards->kind != JSON_ARRAY) {
		snprintf(r->msg, sizeof r->msg, "\"inputs\" and \"guardrails\" must be arrays");
		return false;
	}
	e->inputs = arena_zalloc(&r->t->a, (inputs->count ? inputs->count : 1) * sizeof *e->inputs);
	e->guardrails = arena_zalloc(&r->t->a, (guards->count ? guards->count : 1) *
	                                       sizeof *e->guardrails);
	if (!e->inputs || !e->guardrails) {
		r->nomem = true;
		return false;
	}
	for (size_t i = 0; i < inputs->count; i++) {
		const json_value *in = inputs->items[i];
		if (in->kind != JSON_OBJECT) {
			snprintf(r->msg, sizeof r->msg, "an input must be an object");
			return false;
		}
		trail_input *ti = &e->inputs[e->ninputs++];
		ti->name = take(r, in, "name", false, &ok);
		ti->step = take(r, in, "step", false, &ok);
		ti->value = take(r, in, "value", false, &ok);
		ti->value_json = take_raw(r, json_get(in, "json"));
		const json_value *ev = json_get(in, "evidence");
		ti->evidence = ev && ev->kind != JSON_NULL ? take_raw(r, ev) : NULL;
	}
	for (size_t i = 0; i < guards->count; i++) {
		const json_value *g = guards->items[i];
		if (g->kind != JSON_OBJECT) {
			snprintf(r->msg, sizeof r->msg, "a guardrail must be an object");
			return false;
		}
		trail_guardrail *tg = &e->guardrails[e->nguardrails++];
		tg->name = take(r, g, "name", true, &ok);
		tg->attempted = take(r, g, "attempted", true, &ok);
		tg->alternative = take(r, g, "alternative", true, &ok);
	}
	return ok && !r->nomem;
}

policy_status policy_trail_load(const char *jsonl, size_t len, const policy_load_options *opts,
                                policy_trail **out, policy_error **err)
{
	if (err)
		*err = NULL;
	if (!out || (!jsonl && len))
		return POLICY_ERR_ARGUMENT;
	*out = NULL;
	policy_load_options o = load_options(opts, TRAIL_MAX_JSON_BYTES);
	mem m = mem_from(o.allocator);
	if (len > o.max_json_bytes)
		return error_set(err, &m, POLICY_ERR_LIMIT, 0, 0,
		                 "the trail is %zu bytes, more than the limit of %zu", len,
		                 o.max_json_bytes);
	policy_trail *t = mem_calloc(&m, 1, sizeof *t);
	if (!t)
		return error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
	t->m = m;
	t->owned = true;
	arena_init(&t->a, &t->m);
	reader r = { .t = t };
	policy_status st = POLICY_OK;
	unsigned line = 0;
	size_t pos = 0;
	while (pos < len && st == POLICY_OK) {
		const char *nl = memchr(jsonl + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - jsonl) : len;
		line++;
		size_t l = end - pos;
		if (l == 0) {
			pos = end + 1;
			continue;
		}
		/* One entry per step: a trail longer than a plan may be is refused
		 * before it is read (max_steps, like plans). */
		if (t->n >= o.max_steps) {
			st = error_set(err, &m, POLICY_ERR_LIMIT, line, 1,
			               "the trail has more than %zu entries, the limit of max_steps",
			               o.max_steps);
			break;
		}
		/* Bytes before JSON: a line framed as an entry (it ends in
		 * ,"hash":"<32 hex>"}, or it begins with {"seq": and has a "prev")
		 * whose bytes do not hash to the hash it states was altered,
		 * wherever the byte is, even where the change breaks the JSON:
		 * that is tampering (POLICY_ERR_CHAIN), not a malformed trail. */
		size_t bl;
		char stated[33], actual[33];
		bool framed = split_hash(jsonl + pos, l, &bl, stated);
		if (framed || looks_like_entry(jsonl + pos, l)) {
			bool nomem = false;
			if (framed)
				body_hash(&m, jsonl + pos, bl, actual, &nomem);
			if (nomem) {
				st = error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
				break;
			}
			if (!framed || strcmp(stated, actual)) {
				st = error_set(err, &m, POLICY_ERR_CHAIN, line, 1,
				               "line %u of the trail does not match its hash: the entry was "
				               "altered", line);
				break;
			}
		}
		arena scratch;
		arena_init(&scratch, &m);
		json_value *v;
		json_error je;
		json_limits lim = { 0, o.max_json_depth };
		trail_entry e;
		memset(&e, 0, sizeof e);
		if (!json_parse(&scratch, jsonl + pos, l, &lim, &v, &je)) {
			st = je.nomem ? error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory")
			              : error_set(err, &m, POLICY_ERR_TRAIL, line, je.column,
			                          "line %u of the trail is not valid JSON: %s", line,
			                          je.message);
		} else if (!read_entry(&r, v, &e)) {
			st = r.nomem ? error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory")
			             : error_set(err, &m, POLICY_ERR_TRAIL, line, 1,
			                         "line %u of the trail is not a trail entry: %s", line,
			                         r.msg);
		} else {
			char *copy = arena_strndup(&t->a, jsonl + pos, l);
			trail_entry *arr = t->n == t->cap ? arena_grow(&t->a, t->e, t->n,
			                                               t->cap ? t->cap * 2 : 16, sizeof *arr)
			                                  : t->e;
			if (!copy || !arr) {
				st = error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory");
			} else {
				if (arr != t->e) {
					t->e = arr;
					t->cap = t->cap ? t->cap * 2 : 16;
				}
				e.json = copy;
				e.json_len = l;
				t->e[t->n++] = e;
			}
		}
		arena_release(&scratch);
		pos = end + 1;
	}
	if (st == POLICY_ERR_TRAIL) {
		/* A line that is no entry because a byte of the trail was changed
		 * (say, to a line break before "seq") is tampering, not a
		 * malformed trail: say so. */
		bool nomem = false;
		unsigned bad = altered_line(&m, jsonl, len, &nomem);
		if (nomem || bad) {
			if (err)
				policy_error_free(*err);
			st = nomem ? error_set(err, &m, POLICY_ERR_NOMEM, 0, 0, "out of memory")
			           : error_set(err, &m, POLICY_ERR_CHAIN, bad, 1,
			                       "line %u of the trail does not match its hash: the entry "
			                       "was altered", bad);
		}
	}
	if (st == POLICY_OK && t->n == 0)
		st = error_set(err, &m, POLICY_ERR_TRAIL, 0, 0, "the trail has no entries");
	if (st == POLICY_OK)
		st = verify_entries(t, NULL, err);
	if (st != POLICY_OK) {
		policy_trail_free(t);
		return st;
	}
	*out = t;
	return POLICY_OK;
}

void policy_trail_free(policy_trail *t)
{
	if (!t || !t->owned)
		return;
	arena_release(&t->a);
	mem m = t->m;
	mem_free(&m, t);
}

/* ---- iteration ---- */

struct policy_trail_iter {
	const policy_trail *t;
	uint32_t next;
	const trail_entry *cur;
};

policy_status policy_trail_iter_new(const policy_trail *t, policy_trail_iter **out)
{
	if (!t || !out)
		return POLICY_ERR_ARGUMENT;
	if (!trail_ready(t))
		return POLICY_ERR_NOMEM;
	policy_trail_iter *it = mem_calloc(&t->m, 1, sizeof *it);
	if (!it)
		return POLICY_ERR_NOMEM;
	it->t = t;
	*out = it;
	return POLICY_OK;
}

int policy_trail_iter_next(policy_trail_iter *it)
{
	if (!it || it->next >= it->t->n) {
		if (it)
			it->cur = NULL;
		return 0;
	}
	it->cur = &it->t->e[it->next++];
	return 1;
}

void policy_trail_iter_free(policy_trail_iter *it)
{
	if (it) {
		mem m = it->t->m;
		mem_free(&m, it);
	}
}

#define CUR(it) ((it) ? (it)->cur : NULL)

uint64_t policy_trail_iter_seq(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->seq : 0;
}

const char *policy_trail_iter_step_id(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->step : NULL;
}

policy_step_kind policy_trail_iter_kind(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->kind : POLICY_STEP_EXTRACT;
}

const char *policy_trail_iter_policy_name(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->policy_name : NULL;
}

const char *policy_trail_iter_policy_version(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->policy_version : NULL;
}

const char *policy_trail_iter_plan_hash(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->plan_hash : NULL;
}

const char *policy_trail_iter_sentence(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->sentence : NULL;
}

unsigned policy_trail_iter_line(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->line : 0;
}

const char *policy_trail_iter_output_json(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->output : NULL;
}

const char *policy_trail_iter_label(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->label : NULL;
}

const char *policy_trail_iter_display(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->display : NULL;
}

const char *policy_trail_iter_error(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->error : NULL;
}

const char *policy_trail_iter_case_id(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->case_id : NULL;
}

const char *policy_trail_iter_reason(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->reason : NULL;
}

int64_t policy_trail_iter_started_at(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->started : 0;
}

int64_t policy_trail_iter_ended_at(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->ended : 0;
}

uint64_t policy_trail_iter_tokens(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->tokens : 0;
}

size_t policy_trail_iter_input_count(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->ninputs : 0;
}

static const trail_input *input_at(const policy_trail_iter *it, size_t i)
{
	return CUR(it) && i < it->cur->ninputs ? &it->cur->inputs[i] : NULL;
}

const char *policy_trail_iter_input_name(const policy_trail_iter *it, size_t i)
{
	const trail_input *in = input_at(it, i);
	return in ? in->name : NULL;
}

const char *policy_trail_iter_input_value(const policy_trail_iter *it, size_t i)
{
	const trail_input *in = input_at(it, i);
	return in ? in->value : NULL;
}

const char *policy_trail_iter_input_evidence_json(const policy_trail_iter *it, size_t i)
{
	const trail_input *in = input_at(it, i);
	if (!in)
		return NULL;
	return in->evidence ? in->evidence : "null";
}

size_t policy_trail_iter_guardrail_count(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->nguardrails : 0;
}

static const trail_guardrail *guard_at(const policy_trail_iter *it, size_t i)
{
	return CUR(it) && i < it->cur->nguardrails ? &it->cur->guardrails[i] : NULL;
}

const char *policy_trail_iter_guardrail_name(const policy_trail_iter *it, size_t i)
{
	const trail_guardrail *g = guard_at(it, i);
	return g ? g->name : NULL;
}

const char *policy_trail_iter_guardrail_attempted(const policy_trail_iter *it, size_t i)
{
	const trail_guardrail *g = guard_at(it, i);
	return g ? g->attempted : NULL;
}

const char *policy_trail_iter_guardrail_alternative(const policy_trail_iter *it, size_t i)
{
	const trail_guardrail *g = guard_at(it, i);
	return g ? g->alternative : NULL;
}

const char *policy_trail_iter_hash(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->hash : NULL;
}

const char *policy_trail_iter_prev_hash(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->prev : NULL;
}

const char *policy_trail_iter_json(const policy_trail_iter *it)
{
	return CUR(it) ? it->cur->json : NULL;
}
