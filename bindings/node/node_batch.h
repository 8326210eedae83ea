/*
 * The Node addon's batch entry point (node_batch.c):
 *
 *   executeBatch(plan, [case, ...], options, sync) -> results | Promise<results>
 *
 * options: threads (workers deciding whole cases), caseThreads (threads
 * within one case), tokenBudget, maxDocumentBytes, maxReplyBytes. results:
 * one entry per case in input order, an execution handle or a PolicyError.
 */
#ifndef POLICY_NODE_BATCH_H
#define POLICY_NODE_BATCH_H

#include "policy_node.h"

napi_value js_execute_batch(napi_env env, napi_callback_info info);

#endif
