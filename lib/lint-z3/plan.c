/*
 * The plan as the analyzer reads it: policy_plan_save's JSON, parsed with
 * cJSON, and a table of steps with what each question needs (kind, label,
 * document, guard, condition, span). Only the public API and the saved
 * format (lib/plan_json.c defines it) are used, so the analyzer follows
 * the plan format, not the compiler's internals.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint.h"

const char *lp_str(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static lp_kind kind_of(const char *k)
{
	static const char *const names[] = { "extract", "lookup", "compute", "check",
		                             "require", "action", "llm", "guardrail" };
	for (size_t i = 0; k && i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(k, names[i]))
			return (lp_kind)i;
	return LP_OTHER;
}

static const cJSON *obj_or_null(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsObject(v) ? v : NULL;
}

long lp_find(const lp_plan *p, const char *id)
{
	for (size_t i = 0; id && i < p->n; i++)
		if (!strcmp(p->steps[i].id, id))
			return (long)i;
	return -1;
}

bool lp_load(const policy_plan *plan, lp_plan *out, char **message)
{
	memset(out, 0, sizeof *out);
	char *json = NULL;
	size_t len = 0;
	policy_status st = policy_plan_save(plan, &json, &len);
	if (st != POLICY_OK) {
		lint_set_message(message, "could not save the plan: %s", policy_status_name(st));
		return false;
	}
	out->root = cJSON_ParseWithLength(json, len);
	policy_free(json);
	const cJSON *steps = cJSON_GetObjectItemCaseSensitive(out->root, "steps");
	if (!out->root || !cJSON_IsArray(steps)) {
		lint_set_message(message, "the plan's JSON could not be read (out of memory?)");
		lp_free(out);
		return false;
	}
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(out->root, "policy");
	out->name = lp_str(pol, "name");
	out->version = lp_str(pol, "version");
	size_t n = (size_t)cJSON_GetArraySize(steps);
	out->steps = calloc(n ? n : 1, sizeof *out->steps);
	if (!out->steps) {
		lint_set_message(message, "out of memory");
		lp_free(out);
		return false;
	}
	const cJSON *s;
	cJSON_ArrayForEach(s, steps) {
		lp_step *t = &out->steps[out->n++];
		t->id = lp_str(s, "id");
		t->kind = kind_of(lp_str(s, "kind"));
		t->type = lp_str(s, "type");
		t->label = lp_str(s, "label");
		t->sentence = lp_str(s, "sentence");
		t->doc = lp_str(s, "document");
		t->system = lp_str(s, "system");
		t->verb = lp_str(s, "verb");
		t->object = lp_str(s, "object");
		t->each = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "each"));
		t->may_be_absent = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "may_be_absent"));
		const cJSON *mc = cJSON_GetObjectItemCaseSensitive(s, "min_count");
		t->min_count = cJSON_IsNumber(mc) ? (unsigned)mc->valuedouble : 0;
		const cJSON *sp = cJSON_GetObjectItemCaseSensitive(s, "span");
		t->line = (unsigned)cJSON_GetNumberValue(cJSON_GetArrayItem(sp, 0));
		t->column = (unsigned)cJSON_GetNumberValue(cJSON_GetArrayItem(sp, 1));
		t->value = obj_or_null(s, t->kind == LP_CHECK ? "condition" : "value");
		t->guard = obj_or_null(s, "guard");
		t->llm = obj_or_null(s, "llm");
		t->guardrail = obj_or_null(s, "guardrail");
		if (!t->id) {
			lint_set_message(message, "a step of the plan has no id");
			lp_free(out);
			return false;
		}
	}
	/* Who reads whom: "inputs" lists every step a step's expressions name. */
	size_t i = 0;
	cJSON_ArrayForEach(s, steps) {
		const cJSON *in;
		cJSON_ArrayForEach(in, cJSON_GetObjectItemCaseSensitive(s, "inputs")) {
			long k = lp_find(out, cJSON_GetStringValue(in));
			if (k < 0)
				continue;
			out->steps[k].read = true;
			if (out->steps[i].kind == LP_ACTION)
				out->steps[k].read_by_action = true;
		}
		i++;
	}
	return true;
}

void lp_free(lp_plan *p)
{
	cJSON_Delete(p->root);
	free(p->steps);
	memset(p, 0, sizeof *p);
}

/* Howard Hinnant's algorithms, the same calendar as lib/date.c. */
int64_t lp_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void lp_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

bool lp_parse_date(const char *s, int64_t *days)
{
	int y, m, d;
	char tail;
	if (!s || sscanf(s, "%d-%d-%d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31)
		return false;
	*days = lp_days_from_civil(y, (unsigned)m, (unsigned)d);
	return true;
}

void lp_action_key(const char *text, char *out, size_t cap)
{
	size_t n = 0;
	const char *p = text ? text : "";
	while (*p && n + 1 < cap) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		const char *w = p;
		while (*p && isalnum((unsigned char)*p))
			p++;
		size_t wl = (size_t)(p - w);
		if (!wl)
			break;
		if ((wl == 3 && !strncasecmp(w, "the", 3)) || (wl == 1 && (*w | 0x20) == 'a') ||
		    (wl == 2 && !strncasecmp(w, "an", 2)))
			continue;
		if (n && n + 1 < cap)
			out[n++] = ' ';
		for (size_t k = 0; k < wl && n + 1 < cap; k++)
			out[n++] = (char)tolower((unsigned char)w[k]);
	}
	out[n] = '\0';
}
