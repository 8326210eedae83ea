/*
 * The public entry point that belongs to no stage: the library's version.
 *
 * The names of statuses and types live with what they name, in the base
 * stage (base/error.c, base/value.c), since every stage prints them.
 */
#include "policy.h"

const char *policy_version(void)
{
	return POLICY_VERSION_STRING;
}
