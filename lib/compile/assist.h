/*
 * policy_compile: the entry point. Without an assistant or a lock it is
 * one compile pass (compile.c); with them, the compile-time assistant
 * (assist.c) drives the passes. The public declaration is in
 * include/policy.h; this header names the file's one job.
 *
 * A sentence the grammar cannot read is looked up in the lock, or else
 * the assistant (a host callback) is asked to restate it in the grammar's
 * canonical English. The restatement is checked (faithful.h), put in the
 * sentence's place (assist_text.h) and compiled with the whole policy by
 * the ordinary grammar, in rounds, until nothing changes:
 *
 *   round:  compile the text with the restatements placed so far;
 *           an error inside a restatement: it does not compile, take it
 *             out (a pinned one is asked of the assistant again);
 *           other errors: their sentences, looked up in the lock, and only
 *             when the lock placed nothing, asked of the assistant;
 *   then:   restatements the policy compiles without are taken out
 *           again (an error may have been another sentence's doing), so
 *           the plan and the lock hold only sentences the grammar cannot
 *           read, and a compile from the lock alone places the same ones.
 *
 * The plan keeps the restatements' steps, placed at the original
 * sentence, lists the assisted sentences with their lock entries, and is
 * hashed over the text as written. Runs never reach any of this: the
 * callback is only in the compile options.
 */
#ifndef POLICY_ASSIST_H
#define POLICY_ASSIST_H

#include "compile/compile.h"

#endif
