/*
 * Writing an execution's trail from its slots when it is first read
 * (trail_write.c).
 */
#ifndef POLICY_TRAIL_WRITE_H
#define POLICY_TRAIL_WRITE_H

#include "run/trail.h"

/* The hook of an execution's trail (policy_trail.write): writes every
 * entry; false if memory ran out (reading again tries again). */
bool exec_write_trail(policy_trail *t);

#endif
