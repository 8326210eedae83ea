/*
 * Plans as JSON (plan_json.c): the canonical writer whose bytes the body
 * hash covers, and the options every loader of untrusted JSON (plans here,
 * trails in run/trail.c) resolves its limits with.
 */
#ifndef POLICY_PLAN_JSON_H
#define POLICY_PLAN_JSON_H

#include "base/alloc.h"
#include "plan/plan.h"

/* Canonical JSON of the plan body (everything but the body hash itself),
 * which body_hash covers; and the full document policy_plan_save writes. */
void plan_write_body(const policy_plan *p, buf *b);
void plan_write(const policy_plan *p, buf *b);

/* Loading plans and trails. The caller's options over the
 * defaults, every limit resolved (a 0 in policy_load_options means the
 * default): a struct from an older header is smaller, so only its
 * struct_size bytes are read and the fields it lacks keep their defaults.
 * Plans and trails differ only in the default byte limit. */
#define PLAN_MAX_JSON_BYTES ((size_t)16 << 20)
#define TRAIL_MAX_JSON_BYTES ((size_t)64 << 20)
policy_load_options load_options(const policy_load_options *opts, size_t default_max_json_bytes);

#endif
