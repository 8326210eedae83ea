/*
 * Printing lint findings and writing their witnesses as case folders
 * (cmd_lint.c), shared by `policy lint` and `policy diff --witness`.
 */
#ifndef POLICY_CLI_LINT_OUT_H
#define POLICY_CLI_LINT_OUT_H

#include <stdbool.h>

#include "policy_lint.h"

/* Exit code when lint is not built in (no Z3). */
#define EXIT_NO_FEATURE 9

/* Write finding i's witness under DIR/NN_KIND/ (docs/, facts.json,
 * expect.json, model-replies.jsonl, WHY.txt); returns the folder (malloc'd)
 * or NULL with a message on stderr. */
char *lint_write_witness(const policy_lint_report *r, size_t i, const char *dir);

/* Print the findings, file:line:col first; with dir, write witnesses. */
bool lint_print(const policy_lint_report *r, const char *path, const char *dir);

int cmd_lint(int argc, char **argv);

#endif
