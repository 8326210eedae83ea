/*
 * Small public entry points that belong to no stage: version, names.
 */
#include "policy.h"

const char *policy_version(void)
{
	return POLICY_VERSION_STRING;
}

const char *policy_status_name(policy_status status)
{
	switch (status) {
	case POLICY_OK: return "POLICY_OK";
	case POLICY_ERR_NOMEM: return "POLICY_ERR_NOMEM";
	case POLICY_ERR_ARGUMENT: return "POLICY_ERR_ARGUMENT";
	case POLICY_ERR_COMPILE: return "POLICY_ERR_COMPILE";
	case POLICY_ERR_LIMIT: return "POLICY_ERR_LIMIT";
	case POLICY_ERR_PLAN: return "POLICY_ERR_PLAN";
	case POLICY_ERR_HASH: return "POLICY_ERR_HASH";
	case POLICY_ERR_BUDGET: return "POLICY_ERR_BUDGET";
	case POLICY_ERR_STATE: return "POLICY_ERR_STATE";
	case POLICY_ERR_CALLBACK: return "POLICY_ERR_CALLBACK";
	case POLICY_ERR_TRAIL: return "POLICY_ERR_TRAIL";
	case POLICY_ERR_CHAIN: return "POLICY_ERR_CHAIN";
	case POLICY_ERR_MISMATCH: return "POLICY_ERR_MISMATCH";
	case POLICY_ERR_NOT_FOUND: return "POLICY_ERR_NOT_FOUND";
	}
	return "POLICY_ERR_UNKNOWN";
}

const char *policy_type_name(policy_type type)
{
	static const char *const names[] = {
		[POLICY_TYPE_NONE] = NULL, [POLICY_TYPE_MONEY] = "money",
		[POLICY_TYPE_NUMBER] = "number", [POLICY_TYPE_PERCENT] = "percent",
		[POLICY_TYPE_RATIO] = "ratio", [POLICY_TYPE_COUNT] = "count",
		[POLICY_TYPE_DATE] = "date", [POLICY_TYPE_DURATION] = "duration",
		[POLICY_TYPE_BOOLEAN] = "boolean", [POLICY_TYPE_TEXT] = "text",
		[POLICY_TYPE_ENUM] = "enum",
	};
	return (unsigned)type < sizeof names / sizeof names[0] ? names[type] : NULL;
}
