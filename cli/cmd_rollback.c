/*
 * policy rollback NAME [VERSION] [--store DB]
 *
 * Make an earlier published version active again (without VERSION: the
 * one active before the current one). Nothing is deleted: the rollback is
 * one more entry in the history of the active version.
 */
#include <string.h>

#include "lifecycle.h"

int cmd_rollback(int argc, char **argv)
{
	static const char usage[] = "usage: policy rollback NAME [VERSION] [--store DB]\n";
	const char *name = NULL, *version = NULL, *store = DEFAULT_STORE;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--store") && i + 1 < argc)
			store = argv[++i];
		else if (!name && argv[i][0] != '-')
			name = argv[i];
		else if (!version && argv[i][0] != '-')
			version = argv[i];
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!name) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	policy_sqlite *db;
	int rc = store_open(store, true, &db);
	if (rc)
		return rc;
	char *before = NULL, *now = NULL;
	policy_sqlite_active(db, name, &before, NULL);
	policy_status st = policy_sqlite_rollback(db, name, version, &now);
	if (st != POLICY_OK)
		rc = store_error(db, st);
	else
		printf("%s: %s is the active version again (it was %s); the rollback is recorded in the "
		       "history.\n",
		       name, now, before ? before : "none");
	policy_sqlite_free(before);
	policy_sqlite_free(now);
	policy_sqlite_close(db);
	return rc;
}
