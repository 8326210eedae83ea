/*
 * libpolicy-lint without Z3: the same API, and every analysis says the
 * feature is missing (the library was configured without libz3-dev).
 */
#include "lint.h"

static policy_status missing(policy_lint_report **out, char **message)
{
	if (out)
		*out = NULL;
	lint_set_message(message, "policy lint needs the Z3 solver, and this build of "
	                          "libpolicy-lint has none (install libz3-dev and reconfigure)");
	return POLICY_ERR_STATE;
}

int policy_lint_available(void)
{
	return 0;
}

policy_status policy_lint_plan(const policy_plan *plan, const policy_lint_options *opts,
                               policy_lint_report **out, char **message)
{
	(void)plan;
	(void)opts;
	return missing(out, message);
}

policy_status policy_lint_diff(const policy_plan *a, const policy_plan *b,
                               const policy_lint_options *opts, policy_lint_report **out,
                               char **message)
{
	(void)a;
	(void)b;
	(void)opts;
	return missing(out, message);
}
