/*
 * The built-in answer for an input the policy never sources (see input.h).
 *
 * "The borrower is not eligible if the credit score is less than 500."
 * says nothing of where the credit score comes from, so the plan's extract
 * step has no document ("document": null) and the built-in host looks in
 * order:
 *
 *   1. the case's facts, by the input's name (as a lookup would: "credit
 *      score" finds the fact "Credit Score");
 *   2. every document of the case, one type at a time, by a label that
 *      names it (as an extraction from that type would). Documents that
 *      agree are one answer; two that disagree are an error naming both;
 *      a document that cannot be read is an error, since the value may be
 *      in it;
 *   3. else missing: the decision fails as for any missing value, naming
 *      it.
 *
 * It reuses builtin_lookup and builtin_extract as they are and only
 * combines their answers, so the extractor's reading of documents stays
 * in one place (extract.c).
 */
#include <string.h>

#include "base/json.h"
#include "run/extract.h"
#include "run/input.h"

static bool parse_answer(arena *a, const buf *b, json_value **out)
{
	json_error je;
	json_limits lim = { 0, 32 };
	if (json_parse(a, b->data ? b->data : "", b->len, &lim, out, &je))
		return true;
	*out = NULL;
	return !je.nomem; /* our own extractor's JSON: only memory can fail it */
}

static bool copy_answer(buf *reply, const buf *answer)
{
	buf_append(reply, answer->data ? answer->data : "", answer->len);
	return !buf_failed(reply);
}

/* {"value": V, "evidence": {"source": "case facts", "fact": NAME}}: an
 * extract step's answer, its evidence saying which fact answered. */
static bool answer_from_fact(buf *reply, const json_value *root)
{
	const json_value *v = json_get(root, "value");
	const char *fact = json_get_string(root, "fact");
	json_writer w;
	jw_init(&w, reply, false);
	jw_begin_object(&w);
	jw_key(&w, "value");
	jw_value(&w, v);
	jw_key(&w, "evidence");
	jw_begin_object(&w);
	jw_member_string(&w, "source", "case facts");
	jw_member_string(&w, "fact", fact ? fact : "");
	jw_end_object(&w);
	jw_end_object(&w);
	return !buf_failed(reply);
}

static const char *value_text(const json_value *v)
{
	const json_value *value = json_get(v, "value");
	const char *text = json_get_string(v, "text");
	if (text)
		return text;
	if (value && (value->kind == JSON_STRING || value->kind == JSON_NUMBER))
		return value->str;
	return "?";
}

/* Whether two answers hold the same canonical value. */
static bool same_value(const json_value *x, const json_value *y, const mem *m, bool *nomem)
{
	buf bx, by;
	buf_init(&bx, m);
	buf_init(&by, m);
	json_writer w;
	jw_init(&w, &bx, false);
	jw_value(&w, json_get(x, "value"));
	jw_init(&w, &by, false);
	jw_value(&w, json_get(y, "value"));
	*nomem = buf_failed(&bx) || buf_failed(&by);
	bool same = bx.len == by.len && (!bx.len || !memcmp(bx.data, by.data, bx.len));
	buf_release(&bx);
	buf_release(&by);
	return same;
}

/* {"error": MSG} or {"missing": MSG}; `msg` is released. */
static bool answer_message(buf *reply, const char *key, buf *msg)
{
	json_writer w;
	jw_init(&w, reply, false);
	jw_begin_object(&w);
	jw_key(&w, key);
	jw_string_n(&w, msg->data ? msg->data : "", msg->len);
	jw_end_object(&w);
	bool ok = !buf_failed(msg);
	buf_release(msg);
	return ok && !buf_failed(reply);
}

/* The documents, one type at a time: the one answer they agree on. */
static bool from_documents(const policy_case *c, arena *a, const char *field, policy_type type,
                           size_t max_doc_bytes, buf *reply)
{
	buf found;
	buf_init(&found, &c->m);
	json_value *first = NULL;
	const char *first_doc = NULL;
	bool ok = true, answered = false;
	for (size_t i = 0; i < c->ndocs && ok && !answered; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(c->docs[k].key, c->docs[i].key);
		if (seen)
			continue;
		buf one;
		buf_init(&one, &c->m);
		json_value *v = NULL;
		ok = builtin_extract(c, c->docs[i].type, field, type, false, max_doc_bytes, &one) &&
		     parse_answer(a, &one, &v);
		bool nomem = false;
		if (!ok || !v) {
			/* nothing to combine */
		} else if (json_get(v, "error")) {
			ok = copy_answer(reply, &one);
			answered = true;
		} else if (json_get(v, "value") && !first) {
			first = v;
			first_doc = c->docs[i].type;
			ok = copy_answer(&found, &one);
		} else if (json_get(v, "value") && !same_value(first, v, &c->m, &nomem) && !nomem) {
			buf msg;
			buf_init(&msg, &c->m);
			buf_printf(&msg, "the %s and the %s give different values for '%s': %s and %s",
			           first_doc, c->docs[i].type, field, value_text(first), value_text(v));
			ok = answer_message(reply, "error", &msg);
			answered = true;
		} else {
			ok = !nomem;
		}
		buf_release(&one);
	}
	if (ok && !answered && first) {
		ok = copy_answer(reply, &found);
	} else if (ok && !answered) {
		buf msg;
		buf_init(&msg, &c->m);
		buf_printf(&msg, "no case fact named like '%s' and no document line labelled like it",
		           field);
		ok = answer_message(reply, "missing", &msg);
	}
	buf_release(&found);
	return ok;
}

static bool input_in(const policy_case *c, arena *a, const char *field, policy_type type,
                     size_t max_doc_bytes, buf *reply)
{
	buf ans;
	buf_init(&ans, &c->m);
	json_value *root = NULL;
	bool ok = builtin_lookup(c, field, type, &ans) && parse_answer(a, &ans, &root);
	if (ok && root && json_get(root, "value"))
		ok = answer_from_fact(reply, root);
	else if (ok && (!root || json_get(root, "error")))
		ok = copy_answer(reply, &ans);
	else if (ok)
		ok = from_documents(c, a, field, type, max_doc_bytes, reply);
	buf_release(&ans);
	return ok;
}

bool builtin_input(const policy_case *c, const char *field, policy_type type,
                   size_t max_doc_bytes, buf *reply)
{
	if (!c || !field || !reply)
		return false;
	arena a;
	arena_init(&a, &c->m);
	bool ok = input_in(c, &a, field, type, max_doc_bytes, reply);
	ok = ok && !a.failed;
	arena_release(&a);
	return ok && !buf_failed(reply);
}
