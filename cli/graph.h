/*
 * The plan as a picture (cmd_graph.c): DOT and Mermaid for `policy inspect
 * --dot/--mermaid`, and the inline SVG of the HTML audit report.
 */
#ifndef POLICY_CLI_GRAPH_H
#define POLICY_CLI_GRAPH_H

#include <stdio.h>

#include "policy.h"

/* How the SVG draws a step, by what the case did with it. */
enum {
	GRAPH_PLAIN = 0,   /* no case, or evaluated but not on the decision's path */
	GRAPH_TAKEN = 1,   /* read by a fired action or a failed check */
	GRAPH_FIRED = 2,   /* an action that fired, or a check that failed */
	GRAPH_SKIPPED = 3  /* an action that did not fire */
};

void graph_dot(const policy_plan *plan, FILE *f);
void graph_mermaid(const policy_plan *plan, FILE *f);
/* An <svg> element (no XML prolog), levels left to right; `marks` (NULL:
 * all plain) has one GRAPH_* per plan step. */
void graph_svg(const policy_plan *plan, const int *marks, FILE *f);
/* `s` with <, >, & and " escaped for HTML and XML. */
void xml_text(FILE *f, const char *s);

#endif
