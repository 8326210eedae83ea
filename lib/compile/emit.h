/*
 * The emitter (emit.c): the compiler's defs -> a linked, hashed plan.
 */
#ifndef POLICY_EMIT_H
#define POLICY_EMIT_H

#include "compile/compile.h"

/* The plan of the defs in `c`; NULL with c->nomem set on OOM, or with a
 * diagnostic when the definitions are circular. */
policy_plan *plan_build(compiler *c, const mem *m);

#endif
