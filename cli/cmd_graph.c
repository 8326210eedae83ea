/*
 * The plan as a picture: Graphviz DOT, Mermaid, and an SVG drawn here.
 *
 * A plan is a DAG whose levels are its natural columns: every step of a
 * level reads only steps of earlier levels. So the layout needs no graph
 * drawing library: levels run left to right, the steps of a level stack
 * top to bottom in plan order, and each data edge is a curve from a
 * step's right side to a reader's left side. DOT and Mermaid get the same
 * structure (a cluster or subgraph per level) and leave the drawing to
 * their tools. Every node shows the step's kind, what it is about (its
 * label) and the source line; DOT and SVG carry the sentence too, as a
 * tooltip and a title. Kinds are styled apart with one palette, the
 * table below, shared by the three outputs.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "graph.h"

typedef struct kind_style {
	const char *fill, *stroke, *dot_shape;
} kind_style;

static kind_style style_of(policy_step_kind k)
{
	switch (k) {
	case POLICY_STEP_EXTRACT: return (kind_style){ "#dbeafe", "#1d4ed8", "box" };
	case POLICY_STEP_LOOKUP: return (kind_style){ "#dcfce7", "#15803d", "cylinder" };
	case POLICY_STEP_COMPUTE: return (kind_style){ "#f3f4f6", "#4b5563", "ellipse" };
	case POLICY_STEP_CHECK: return (kind_style){ "#fef9c3", "#a16207", "hexagon" };
	case POLICY_STEP_REQUIRE: return (kind_style){ "#ffedd5", "#c2410c", "hexagon" };
	case POLICY_STEP_ACTION: return (kind_style){ "#fee2e2", "#b91c1c", "box" };
	case POLICY_STEP_LLM: return (kind_style){ "#f3e8ff", "#7e22ce", "box" };
	case POLICY_STEP_GUARDRAIL: return (kind_style){ "#e0e7ff", "#4338ca", "octagon" };
	}
	return (kind_style){ "#ffffff", "#000000", "box" };
}

/* At most `max` bytes of s (cut at a UTF-8 boundary), with "..." when cut. */
static void clip(const char *s, size_t max, char *out, size_t cap)
{
	size_t n = s ? strlen(s) : 0;
	if (n <= max && n < cap) {
		memcpy(out, s ? s : "", n + 1);
		return;
	}
	size_t k = max < cap - 4 ? max : cap - 4;
	while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	memcpy(out, s, k);
	strcpy(out + k, "...");
}

static size_t step_index(const policy_plan *plan, const char *id)
{
	size_t n = policy_plan_step_count(plan);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(policy_plan_step_id(plan, i), id))
			return i;
	return n;
}

/* ---- DOT ---- */

static void dot_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

void graph_dot(const policy_plan *plan, FILE *f)
{
	char title[512], buf[256], label[512];
	snprintf(title, sizeof title, "%s %s", policy_plan_name(plan), policy_plan_policy_version(plan));
	fputs("digraph ", f);
	dot_string(f, title);
	fputs(" {\n"
	      "  rankdir=LR;\n"
	      "  graph [fontname=\"Helvetica\", fontsize=12, labelloc=t, nodesep=0.25, ranksep=0.6];\n"
	      "  node [fontname=\"Helvetica\", fontsize=10, style=\"filled,rounded\", penwidth=1.2];\n"
	      "  edge [color=\"#6b7280\", arrowsize=0.7];\n"
	      "  label=",
	      f);
	dot_string(f, title);
	fputs(";\n", f);
	size_t n = policy_plan_step_count(plan);
	for (size_t l = 0; l < policy_plan_level_count(plan); l++) {
		fprintf(f, "  subgraph cluster_level%zu {\n    label=\"level %zu\"; style=dashed; "
		           "color=\"#9ca3af\"; fontsize=10;\n", l, l);
		for (size_t i = 0; i < n; i++) {
			if (policy_plan_step_level(plan, i) != l)
				continue;
			policy_step_kind k = policy_plan_step_kind(plan, i);
			kind_style st = style_of(k);
			clip(policy_plan_step_label(plan, i), 48, buf, sizeof buf);
			snprintf(label, sizeof label, "%s\n%s\nline %u", policy_step_kind_name(k), buf,
			         policy_plan_step_line(plan, i));
			fputs("    ", f);
			dot_string(f, policy_plan_step_id(plan, i));
			fprintf(f, " [shape=%s, fillcolor=\"%s\", color=\"%s\"%s, label=", st.dot_shape,
			        st.fill, st.stroke, k == POLICY_STEP_LLM ? ", style=\"filled,rounded,dashed\"" :
			        k == POLICY_STEP_ACTION ? ", style=\"filled,rounded,bold\"" : "");
			dot_string(f, label);
			fputs(", tooltip=", f);
			dot_string(f, policy_plan_step_sentence(plan, i));
			fputs("];\n", f);
		}
		fputs("  }\n", f);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < policy_plan_step_input_count(plan, i); j++) {
			fputs("  ", f);
			dot_string(f, policy_plan_step_input(plan, i, j));
			fputs(" -> ", f);
			dot_string(f, policy_plan_step_id(plan, i));
			fputs(";\n", f);
		}
	fputs("}\n", f);
}

/* ---- Mermaid ---- */

/* Mermaid labels are quoted; quotes and angle brackets become entities. */
static void mermaid_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '"': fputs("#quot;", f); break;
		case '<': fputs("#lt;", f); break;
		case '>': fputs("#gt;", f); break;
		case '\n': fputc(' ', f); break;
		default: fputc(*s, f);
		}
	}
}

void graph_mermaid(const policy_plan *plan, FILE *f)
{
	char buf[256];
	size_t n = policy_plan_step_count(plan);
	fputs("flowchart LR\n", f);
	for (size_t l = 0; l < policy_plan_level_count(plan); l++) {
		fprintf(f, "  subgraph L%zu[\"level %zu\"]\n", l, l);
		for (size_t i = 0; i < n; i++) {
			if (policy_plan_step_level(plan, i) != l)
				continue;
			policy_step_kind k = policy_plan_step_kind(plan, i);
			clip(policy_plan_step_label(plan, i), 48, buf, sizeof buf);
			fprintf(f, "    s%zu[\"%s: ", i, policy_step_kind_name(k));
			mermaid_text(f, buf);
			fprintf(f, " (line %u)\"]\n", policy_plan_step_line(plan, i));
		}
		fputs("  end\n", f);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < policy_plan_step_input_count(plan, i); j++) {
			size_t from = step_index(plan, policy_plan_step_input(plan, i, j));
			if (from < n)
				fprintf(f, "  s%zu --> s%zu\n", from, i);
		}
	for (int k = POLICY_STEP_EXTRACT; k <= POLICY_STEP_GUARDRAIL; k++) {
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			if ((int)policy_plan_step_kind(plan, i) != k)
				continue;
			fprintf(f, "%s%zu", any ? ",s" : "  class s", i);
			any = true;
		}
		if (!any)
			continue;
		kind_style st = style_of((policy_step_kind)k);
		fprintf(f, " %s\n  classDef %s fill:%s,stroke:%s%s\n", policy_step_kind_name(k),
		        policy_step_kind_name(k), st.fill, st.stroke,
		        k == POLICY_STEP_LLM ? ",stroke-dasharray:4 3" : "");
	}
}

/* ---- SVG ---- */

void xml_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

enum { NODE_W = 210, NODE_H = 58, COL_GAP = 70, ROW_GAP = 16, MARGIN = 20 };

void graph_svg(const policy_plan *plan, const int *marks, FILE *f)
{
	size_t n = policy_plan_step_count(plan), levels = policy_plan_level_count(plan);
	size_t *row = calloc(n ? n : 1, sizeof *row), *per_level = calloc(levels + 1, sizeof *per_level);
	if (!row || !per_level) {
		free(row);
		free(per_level);
		return;
	}
	size_t rows = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned l = policy_plan_step_level(plan, i);
		row[i] = per_level[l]++;
		if (per_level[l] > rows)
			rows = per_level[l];
	}
	int width = MARGIN * 2 + (int)levels * NODE_W + (int)(levels ? levels - 1 : 0) * COL_GAP;
	int height = MARGIN * 2 + 18 + (int)rows * NODE_H + (int)(rows - 1) * ROW_GAP;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plan-graph\" "
	           "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
	        width, height, width, height);
	xml_text(f, policy_plan_name(plan));
	fputs(" plan graph\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
	      "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 "
	      "L0,10 z\" fill=\"#6b7280\"/></marker><marker id=\"arrow-taken\" viewBox=\"0 0 10 10\" "
	      "refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
	      "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#b91c1c\"/></marker></defs>\n",
	      f);
	for (size_t l = 0; l < levels; l++)
		fprintf(f, "<text class=\"level\" x=\"%d\" y=\"%d\">level %zu</text>\n",
		        MARGIN + (int)l * (NODE_W + COL_GAP), MARGIN + 8, l);
#define NODE_X(i) (MARGIN + (int)policy_plan_step_level(plan, i) * (NODE_W + COL_GAP))
#define NODE_Y(i) (MARGIN + 18 + (int)row[i] * (NODE_H + ROW_GAP))
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < policy_plan_step_input_count(plan, i); j++) {
			size_t from = step_index(plan, policy_plan_step_input(plan, i, j));
			if (from >= n)
				continue;
			bool taken = marks && (marks[from] == GRAPH_TAKEN || marks[from] == GRAPH_FIRED) &&
			             (marks[i] == GRAPH_TAKEN || marks[i] == GRAPH_FIRED);
			int x1 = NODE_X(from) + NODE_W, y1 = NODE_Y(from) + NODE_H / 2;
			int x2 = NODE_X(i), y2 = NODE_Y(i) + NODE_H / 2;
			fprintf(f, "<path class=\"edge%s\" d=\"M%d,%d C%d,%d %d,%d %d,%d\" "
			           "marker-end=\"url(#arrow%s)\"/>\n",
			        taken ? " taken" : "", x1, y1, x1 + COL_GAP / 2, y1, x2 - COL_GAP / 2, y2,
			        x2, y2, taken ? "-taken" : "");
		}
	char buf[256];
	for (size_t i = 0; i < n; i++) {
		policy_step_kind k = policy_plan_step_kind(plan, i);
		kind_style st = style_of(k);
		int x = NODE_X(i), y = NODE_Y(i);
		static const char *const mark_class[] = { "", " taken", " fired", " skipped" };
		int m = marks ? marks[i] : GRAPH_PLAIN;
		fprintf(f, "<g class=\"node %s%s\" id=\"node-", policy_step_kind_name(k), mark_class[m]);
		xml_text(f, policy_plan_step_id(plan, i));
		fputs("\"><title>", f);
		xml_text(f, policy_plan_step_sentence(plan, i));
		fprintf(f, "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"8\" "
		           "fill=\"%s\" stroke=\"%s\"%s/>",
		        x, y, NODE_W, NODE_H, st.fill, st.stroke,
		        k == POLICY_STEP_LLM ? " stroke-dasharray=\"5 3\"" : "");
		fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"kind\">%s \xc2\xb7 line %u</text>", x + 10,
		        y + 17, policy_step_kind_name(k), policy_plan_step_line(plan, i));
		/* The label on two lines, broken at a space. */
		const char *label = policy_plan_step_label(plan, i);
		label = label ? label : "";
		size_t len = strlen(label), cut = len;
		if (len > 30) {
			cut = 30;
			while (cut > 10 && label[cut] != ' ')
				cut--;
			if (label[cut] != ' ')
				cut = 30;
		}
		while (cut && cut < len && ((unsigned char)label[cut] & 0xC0) == 0x80)
			cut--;
		snprintf(buf, sizeof buf, "%.*s", (int)cut, label);
		fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"label\">", x + 10, y + 35);
		xml_text(f, buf);
		fputs("</text>", f);
		if (cut < len) {
			clip(label + cut + (label[cut] == ' '), 30, buf, sizeof buf);
			fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"label\">", x + 10, y + 50);
			xml_text(f, buf);
			fputs("</text>", f);
		}
		fputs("</g>\n", f);
	}
#undef NODE_X
#undef NODE_Y
	fputs("</svg>\n", f);
	free(row);
	free(per_level);
}
