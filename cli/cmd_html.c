/*
 * policy explain TRAIL.jsonl --plan PLAN --html OUT.html: the audit report.
 *
 * One file an examiner can open, mail or print, with nothing fetched from
 * anywhere (no scripts, fonts or images outside it): the decision and its
 * actions, the policy's name, version and plan hash, whether the hash
 * chain verifies (and against which plan), the plan graph as inline SVG
 * with the path the case took drawn in red, the explanation in English,
 * and every step of the trail with its inputs, output and evidence: the
 * document, page and line, and the snippet with the value marked. Model
 * steps show their tokens, the rationale and quotes they gave, and what
 * each guardrail did.
 *
 * "The path taken" is read from the trail: the actions that fired and the
 * checks that failed, and every step they read, transitively, through the
 * plan's inputs. Actions that did not fire are drawn faded.
 *
 * The report is built only from what the trail recorded and the plan; a
 * trail whose chain does not verify is refused before any report is
 * written (exit 5), so a report always speaks for an intact record.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "graph.h"
#include "lifecycle.h"

static const char css[] =
	"body{font:14px/1.45 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#111827;"
	"max-width:1100px;margin:24px auto;padding:0 16px}"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;"
	"border-bottom:1px solid #e5e7eb;padding-bottom:4px}"
	".meta{color:#4b5563}.meta code,td code,.hash{font:12px ui-monospace,Menlo,Consolas,monospace}"
	".decision{border:2px solid #15803d;background:#f0fdf4;border-radius:8px;padding:12px 16px;"
	"margin:16px 0}.decision.failed{border-color:#b91c1c;background:#fef2f2}"
	".decision .status{font-weight:700;font-size:16px}.decision ul{margin:6px 0 0 0}"
	".chain{border-radius:6px;padding:8px 12px;background:#ecfdf5;border:1px solid #10b981}"
	".plan-graph{max-width:100%;height:auto}.graph{overflow-x:auto;border:1px solid #e5e7eb;border-radius:8px;padding:8px}"
	".plan-graph text{font:11px Helvetica,Arial,sans-serif;fill:#111827}"
	".plan-graph text.kind{font-size:10px;fill:#4b5563;text-transform:uppercase;letter-spacing:.03em}"
	".plan-graph text.level{font-size:11px;fill:#6b7280}"
	".plan-graph .edge{fill:none;stroke:#9ca3af;stroke-width:1.2}"
	".plan-graph .edge.taken{stroke:#b91c1c;stroke-width:2.4}"
	".plan-graph .node.taken rect{stroke:#b91c1c;stroke-width:2.5}"
	".plan-graph .node.fired rect{stroke:#b91c1c;stroke-width:4}"
	".plan-graph .node.skipped{opacity:.4}"
	".legend span{display:inline-block;margin-right:14px;font-size:12px;color:#374151}"
	".legend i{display:inline-block;width:22px;height:0;border-top:3px solid #b91c1c;"
	"vertical-align:middle;margin-right:4px}"
	".explain p{margin:6px 0}"
	"table.steps{border-collapse:collapse;width:100%}"
	"table.steps td,table.steps th{border:1px solid #e5e7eb;padding:6px 8px;vertical-align:top;"
	"text-align:left}table.steps th{background:#f9fafb}"
	"tr.taken td:first-child{border-left:4px solid #b91c1c}"
	".kindtag{display:inline-block;border-radius:4px;padding:0 5px;font-size:11px;"
	"text-transform:uppercase;background:#f3f4f6}"
	".sentence{color:#374151;font-style:italic}"
	".ev{font-size:12px;color:#374151;margin-top:2px}"
	"mark{background:#fde68a;padding:0 1px}"
	".guard{color:#7e22ce}.err{color:#b91c1c}"
	"@media print{body{margin:0;max-width:none;font-size:11px}.graph{overflow:visible}"
	".plan-graph{max-width:100%;height:auto}tr{break-inside:avoid}h2{break-after:avoid}"
	".decision,.chain{break-inside:avoid}}";

static const char *jstr(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* The snippet with the first occurrence of `value` (case aside) marked. */
static void marked_snippet(FILE *f, const char *snippet, const char *value)
{
	size_t vn = value ? strlen(value) : 0;
	const char *at = NULL;
	for (const char *p = snippet; vn && *p && !at; p++)
		if (!strncasecmp(p, value, vn))
			at = p;
	if (!at) {
		/* "Label: value": mark what follows the label. */
		const char *colon = strstr(snippet, ": ");
		if (colon) {
			at = colon + 2;
			vn = strlen(at);
		}
	}
	if (!at) {
		xml_text(f, snippet);
		return;
	}
	char *head = strndup(snippet, (size_t)(at - snippet)), *mid = strndup(at, vn);
	xml_text(f, head);
	fputs("<mark>", f);
	xml_text(f, mid);
	fputs("</mark>", f);
	xml_text(f, at + vn);
	free(head);
	free(mid);
}

static void evidence_html(FILE *f, const cJSON *ev, const char *value)
{
	if (cJSON_IsArray(ev)) {
		const cJSON *item;
		cJSON_ArrayForEach(item, ev) evidence_html(f, item, value);
		return;
	}
	if (!cJSON_IsObject(ev))
		return;
	fputs("<div class=\"ev\">", f);
	const char *doc = jstr(ev, "document"), *fact = jstr(ev, "fact");
	if (doc) {
		const cJSON *idx = cJSON_GetObjectItemCaseSensitive(ev, "index"),
		            *cnt = cJSON_GetObjectItemCaseSensitive(ev, "count"),
		            *page = cJSON_GetObjectItemCaseSensitive(ev, "page"),
		            *line = cJSON_GetObjectItemCaseSensitive(ev, "line");
		fputs("in the ", f);
		xml_text(f, doc);
		if (cJSON_IsNumber(cnt) && cnt->valuedouble > 1 && cJSON_IsNumber(idx))
			fprintf(f, " %d of %d", (int)idx->valuedouble, (int)cnt->valuedouble);
		if (cJSON_IsNumber(page))
			fprintf(f, ", page %d", (int)page->valuedouble);
		if (cJSON_IsNumber(line))
			fprintf(f, ", line %d", (int)line->valuedouble);
	} else if (fact) {
		fputs("fact ", f);
		xml_text(f, fact);
		if (jstr(ev, "source")) {
			fputs(" from ", f);
			xml_text(f, jstr(ev, "source"));
		}
	}
	const char *snippet = jstr(ev, "snippet");
	if (snippet) {
		fputs(": \"", f);
		marked_snippet(f, snippet, value);
		fputs("\"", f);
	}
	/* the label as the form wrote it, where it is not the term word for
	 * word, with its match score (docs/documents.md) */
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(ev, "score");
	if (jstr(ev, "label") && cJSON_IsNumber(score)) {
		fputs("<br>label \"", f);
		xml_text(f, jstr(ev, "label"));
		fprintf(f, "\", score %d of 1000", (int)score->valuedouble);
		if (jstr(ev, "match")) {
			fputs(" (", f);
			xml_text(f, jstr(ev, "match"));
			fputs(")", f);
		}
	}
	if (jstr(ev, "rationale")) {
		fputs("<br>rationale: ", f);
		xml_text(f, jstr(ev, "rationale"));
	}
	const cJSON *q;
	cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(ev, "quotes")) if (cJSON_IsString(q))
	{
		fputs("<br>quote: \"<mark>", f);
		xml_text(f, q->valuestring);
		fputs("</mark>\"", f);
	}
	fputs("</div>", f);
}

/* The evidence recorded for step `id` by any step that read it. */
static const cJSON *evidence_for(const cJSON *entries, const char *id, const char **value)
{
	const cJSON *e, *in;
	cJSON_ArrayForEach(e, entries)
		cJSON_ArrayForEach(in, cJSON_GetObjectItemCaseSensitive(e, "inputs"))
	{
		const cJSON *ev = cJSON_GetObjectItemCaseSensitive(in, "evidence");
		const char *s = jstr(in, "step");
		if (s && !strcmp(s, id) && ev && !cJSON_IsNull(ev)) {
			*value = jstr(in, "value");
			return ev;
		}
	}
	return NULL;
}

/* GRAPH_* for every plan step, from what the trail recorded. */
static int *path_marks(const policy_plan *plan, const cJSON *entries)
{
	size_t n = policy_plan_step_count(plan);
	int *marks = calloc(n ? n : 1, sizeof *marks);
	if (!marks)
		return NULL;
	const cJSON *e;
	cJSON_ArrayForEach(e, entries)
	{
		const char *step = jstr(e, "step"), *kind = jstr(e, "kind");
		const cJSON *out = cJSON_GetObjectItemCaseSensitive(e, "output");
		for (size_t i = 0; step && kind && i < n; i++) {
			if (strcmp(policy_plan_step_id(plan, i), step))
				continue;
			bool action = !strcmp(kind, "action");
			bool rule = action || !strcmp(kind, "check") || !strcmp(kind, "require");
			if (action && cJSON_IsTrue(out))
				marks[i] = GRAPH_FIRED;
			else if (action)
				marks[i] = GRAPH_SKIPPED;
			else if (rule && cJSON_IsFalse(out))
				marks[i] = GRAPH_FIRED;
		}
	}
	/* Steps come in plan order (levels ascending): walking backwards
	 * reaches every reader before the steps it reads. */
	for (size_t i = n; i-- > 0;) {
		if (marks[i] != GRAPH_FIRED && marks[i] != GRAPH_TAKEN)
			continue;
		for (size_t j = 0; j < policy_plan_step_input_count(plan, i); j++) {
			const char *in = policy_plan_step_input(plan, i, j);
			for (size_t k = 0; k < n; k++)
				if (!strcmp(policy_plan_step_id(plan, k), in) && marks[k] == GRAPH_PLAIN)
					marks[k] = GRAPH_TAKEN;
		}
	}
	return marks;
}

static void time_html(FILE *f, const cJSON *ms)
{
	if (!cJSON_IsNumber(ms))
		return;
	time_t t = (time_t)(ms->valuedouble / 1000);
	struct tm tm;
	char when[64];
	if (gmtime_r(&t, &tm) && strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm))
		fputs(when, f);
}

static void steps_html(FILE *f, const cJSON *entries, const policy_plan *plan, const int *marks)
{
	fputs("<table class=\"steps\"><thead><tr><th>#</th><th style=\"width:36%\">Step</th>"
	      "<th style=\"width:38%\">Inputs and evidence</th>"
	      "<th>Output</th></tr></thead><tbody>\n",
	      f);
	const cJSON *e;
	cJSON_ArrayForEach(e, entries)
	{
		const char *step = jstr(e, "step"), *kind = jstr(e, "kind");
		bool taken = false;
		for (size_t i = 0; plan && marks && step && i < policy_plan_step_count(plan); i++)
			if (!strcmp(policy_plan_step_id(plan, i), step))
				taken = marks[i] == GRAPH_TAKEN || marks[i] == GRAPH_FIRED;
		const cJSON *seq = cJSON_GetObjectItemCaseSensitive(e, "seq"),
		            *line = cJSON_GetObjectItemCaseSensitive(e, "line");
		fprintf(f, "<tr class=\"step%s\" id=\"step-", taken ? " taken" : "");
		xml_text(f, step);
		fprintf(f, "\"><td>%d</td><td><span class=\"kindtag\">", (int)(seq ? seq->valuedouble : 0));
		xml_text(f, kind);
		fputs("</span> <b>", f);
		xml_text(f, jstr(e, "label"));
		fputs("</b><br><code>", f);
		xml_text(f, step);
		fprintf(f, "</code> &middot; line %d", (int)(line ? line->valuedouble : 0));
		if (jstr(e, "sentence")) {
			fputs("<div class=\"sentence\">\"", f);
			xml_text(f, jstr(e, "sentence"));
			fputs("\"</div>", f);
		}
		fputs("</td><td>", f);
		const cJSON *in;
		int nin = 0;
		cJSON_ArrayForEach(in, cJSON_GetObjectItemCaseSensitive(e, "inputs"))
		{
			fputs(nin++ ? "<br>" : "", f);
			xml_text(f, jstr(in, "name"));
			fputs(" = <b>", f);
			xml_text(f, jstr(in, "value"));
			fputs("</b>", f);
			evidence_html(f, cJSON_GetObjectItemCaseSensitive(in, "evidence"), jstr(in, "value"));
		}
		if (kind && (!strcmp(kind, "extract") || !strcmp(kind, "lookup") || !strcmp(kind, "llm"))) {
			const char *value = NULL;
			const cJSON *ev = step ? evidence_for(entries, step, &value) : NULL;
			if (ev) {
				fputs(nin ? "<br>" : "", f);
				fputs("found: ", f);
				evidence_html(f, ev, value ? value : jstr(e, "display"));
			} else if (!nin) {
				fputs("&mdash;", f);
			}
		} else if (!nin) {
			fputs("&mdash;", f);
		}
		fputs("</td><td><b>", f);
		xml_text(f, jstr(e, "display") ? jstr(e, "display") : "(none)");
		fputs("</b>", f);
		if (jstr(e, "reason")) {
			fputs("<div class=\"ev\">", f);
			xml_text(f, jstr(e, "reason"));
			fputs("</div>", f);
		}
		if (jstr(e, "error")) {
			fputs("<div class=\"err\">error: ", f);
			xml_text(f, jstr(e, "error"));
			fputs("</div>", f);
		}
		const cJSON *tokens = cJSON_GetObjectItemCaseSensitive(e, "tokens");
		if (kind && !strcmp(kind, "llm"))
			fprintf(f, "<div class=\"guard\">model step: %d tokens</div>",
			        (int)(cJSON_IsNumber(tokens) ? tokens->valuedouble : 0));
		const cJSON *g;
		cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(e, "guardrails"))
		{
			fputs("<div class=\"guard\">guardrail ", f);
			xml_text(f, jstr(g, "name"));
			if (jstr(g, "attempted")) {
				fputs(": attempted ", f);
				xml_text(f, jstr(g, "attempted"));
			}
			if (jstr(g, "alternative")) {
				fputs("; instead: ", f);
				xml_text(f, jstr(g, "alternative"));
			}
			fputs("</div>", f);
		}
		if (kind && !strcmp(kind, "llm") && !cJSON_GetArraySize(
			cJSON_GetObjectItemCaseSensitive(e, "guardrails")))
			fputs("<div class=\"guard\">guardrails: passed</div>", f);
		fputs("<div class=\"ev\">", f);
		time_html(f, cJSON_GetObjectItemCaseSensitive(e, "started"));
		fputs("</div><div class=\"hash\" title=\"this entry's hash\">#", f);
		xml_text(f, jstr(e, "hash"));
		fputs("</div></td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

int html_report(const policy_trail *trail, const policy_plan *plan, const char *trail_path,
                const char *out_path)
{
	cJSON *entries = cJSON_CreateArray();
	policy_trail_iter *it = NULL;
	if (!entries || policy_trail_iter_new(trail, &it) != POLICY_OK) {
		cJSON_Delete(entries);
		return EXIT_INTERNAL;
	}
	while (policy_trail_iter_next(it)) {
		cJSON *e = cJSON_Parse(policy_trail_iter_json(it));
		if (e)
			cJSON_AddItemToArray(entries, e);
	}
	policy_trail_iter_free(it);
	decision d;
	char *explained = NULL;
	int *marks = plan ? path_marks(plan, entries) : NULL;
	if (!decision_from_trail(entries, &d) ||
	    policy_trail_explain(trail, &explained, NULL) != POLICY_OK || (plan && !marks)) {
		decision_free(&d);
		policy_free(explained);
		free(marks);
		cJSON_Delete(entries);
		return EXIT_INTERNAL;
	}
	FILE *f = fopen(out_path, "w");
	if (!f) {
		perror(out_path);
		decision_free(&d);
		policy_free(explained);
		free(marks);
		cJSON_Delete(entries);
		return EXIT_INPUT;
	}
	const cJSON *first = cJSON_GetArrayItem(entries, 0);
	const char *name = jstr(first, "policy"), *version = jstr(first, "version"),
	           *hash = jstr(first, "plan"), *case_id = jstr(first, "case");
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:\">\n<title>Audit report: ",
	      f);
	xml_text(f, name);
	fputs(case_id ? ", case " : "", f);
	xml_text(f, case_id);
	fprintf(f, "</title>\n<style>%s</style></head><body>\n<h1>Audit report: ", css);
	xml_text(f, name);
	fputs(" ", f);
	xml_text(f, version);
	fputs("</h1>\n<div class=\"meta\">", f);
	if (case_id) {
		fputs("Case <b id=\"case-id\">", f);
		xml_text(f, case_id);
		fputs("</b> &middot; ", f);
	}
	fputs("policy <b>", f);
	xml_text(f, name);
	fputs("</b> version <b>", f);
	xml_text(f, version);
	fputs("</b> &middot; plan hash <code id=\"plan-hash\">", f);
	xml_text(f, hash);
	fputs("</code><br>trail: <code>", f);
	xml_text(f, trail_path);
	fputs("</code> &middot; decided ", f);
	time_html(f, cJSON_GetObjectItemCaseSensitive(first, "started"));
	fputs("</div>\n", f);

	fprintf(f, "<section class=\"decision%s\" id=\"decision\"><div class=\"status\">Decision: %s</div>",
	        d.failed ? " failed" : "", d.failed ? "failed (no decision could be made)" : "complete");
	if (d.failed && d.error) {
		fputs("<div>", f);
		xml_text(f, d.error);
		fputs("</div>", f);
	}
	if (!d.failed) {
		fputs("<div>Actions:</div><ul class=\"actions\">", f);
		for (size_t i = 0; i < d.nactions; i++) {
			fputs("<li class=\"action\">", f);
			xml_text(f, d.actions[i]);
			fputs("</li>", f);
		}
		fputs(d.nactions ? "</ul>" : "<li>none</li></ul>", f);
	}
	if (d.nchecks) {
		fputs("<div>Failed checks:</div><ul class=\"failed-checks\">", f);
		for (size_t i = 0; i < d.nchecks; i++) {
			fputs("<li>", f);
			xml_text(f, d.checks[i]);
			fputs("</li>", f);
		}
		fputs("</ul>", f);
	}
	fputs("</section>\n", f);

	fprintf(f, "<div class=\"chain\" id=\"chain\">&#10004; <b>Hash chain verified</b>: %zu "
	           "entries, each entry's hash matches its content and links to the one before; "
	           "the first is bound to plan ",
	        policy_trail_entry_count(trail));
	xml_text(f, hash);
	fputs(plan ? ", the plan given, which made every entry.</div>\n" :
	             ". No plan was given to check it against.</div>\n",
	      f);

	if (plan) {
		fputs("<h2>The plan, and the path this case took</h2>\n<div class=\"legend\">"
		      "<span><i></i>path taken (read by the decision)</span>"
		      "<span><b style=\"color:#b91c1c\">&#9633;</b> action fired or check failed</span>"
		      "<span style=\"opacity:.5\">&#9633; action not fired</span></div>\n"
		      "<div class=\"graph\">\n",
		      f);
		graph_svg(plan, marks, f);
		fputs("</div>\n", f);
	}
	fputs("<h2>Why</h2>\n<div class=\"explain\">", f);
	for (char *p = explained, *end; p && *p; p = end) {
		end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *para = strndup(p, n);
		if (para && *para) {
			fputs("<p>", f);
			xml_text(f, para);
			fputs("</p>", f);
		}
		free(para);
		end = end ? end + 2 : p + n;
	}
	fputs("</div>\n<h2>Every step</h2>\n", f);
	steps_html(f, entries, plan, marks);
	fprintf(f, "<p class=\"meta\">Written by policy %s from the trail above; nothing in this "
	           "file is fetched from elsewhere.</p>\n</body></html>\n",
	        policy_version());
	bool ok = !ferror(f);
	ok = fclose(f) == 0 && ok;
	decision_free(&d);
	policy_free(explained);
	free(marks);
	cJSON_Delete(entries);
	if (!ok) {
		fprintf(stderr, "policy: cannot write %s\n", out_path);
		return EXIT_INPUT;
	}
	return EXIT_OK;
}
