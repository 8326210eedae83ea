/*
 * The source map (source_map.c): every sentence of the policy and the defs
 * it produced, recorded when pass 2 ends for the plan to carry.
 */
#ifndef POLICY_SOURCE_MAP_H
#define POLICY_SOURCE_MAP_H

#include "compile/sentences.h"

/* Fill p->c->sentences from the parser's sentences and the defs made from
 * them; false on OOM (c->nomem set). */
bool source_map_record(parser *p);

#endif
