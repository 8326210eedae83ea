/*
 * The phrase tables (see phrases.h).
 *
 * Longer phrases must be tried before their prefixes ("greater than or
 * equal to" before "greater than"); the parser matches the longest phrase,
 * so the order here is only for reading.
 */
#include "phrases.h"

#include <string.h>

#define CMP(w, op, aux, date) { w, PK_CMP, op, aux, date }

const comparison_phrase comparison_phrases[] = {
	/* greater */
	CMP("greater than", CMP_GT, false, false),
	CMP("more than", CMP_GT, false, false),
	CMP("higher than", CMP_GT, false, false),
	CMP("larger than", CMP_GT, false, false),
	CMP("bigger than", CMP_GT, false, false),
	CMP("longer than", CMP_GT, false, false),
	CMP("older than", CMP_GT, false, false),
	CMP("in excess of", CMP_GT, false, false),
	CMP("above", CMP_GT, true, false),
	CMP("over", CMP_GT, true, false),
	CMP("exceeds", CMP_GT, false, false),
	CMP("exceed", CMP_GT, false, false),
	CMP("exceeded", CMP_GT, false, false),
	CMP("exceeding", CMP_GT, false, false),
	CMP("surpasses", CMP_GT, false, false),
	CMP("surpass", CMP_GT, false, false),
	CMP("tops", CMP_GT, false, false),
	CMP("after", CMP_GT, true, true),
	CMP("later than", CMP_GT, false, true),
	/* greater or equal */
	CMP("at least", CMP_GE, false, false),
	CMP("greater than or equal to", CMP_GE, false, false),
	CMP("more than or equal to", CMP_GE, false, false),
	CMP("equal to or greater than", CMP_GE, false, false),
	CMP("equal to or more than", CMP_GE, false, false),
	CMP("equal to or higher than", CMP_GE, false, false),
	CMP("no less than", CMP_GE, false, false),
	CMP("no fewer than", CMP_GE, false, false),
	CMP("no lower than", CMP_GE, false, false),
	CMP("at or above", CMP_GE, false, false),
	CMP("a minimum of", CMP_GE, false, false),
	CMP("on or after", CMP_GE, false, true),
	CMP("no earlier than", CMP_GE, false, true),
	CMP("at or after", CMP_GE, false, true),
	/* less */
	CMP("less than", CMP_LT, false, false),
	CMP("fewer than", CMP_LT, false, false),
	CMP("lower than", CMP_LT, false, false),
	CMP("smaller than", CMP_LT, false, false),
	CMP("shorter than", CMP_LT, false, false),
	CMP("younger than", CMP_LT, false, false),
	CMP("below", CMP_LT, true, false),
	CMP("under", CMP_LT, true, false),
	CMP("falls below", CMP_LT, false, false),
	CMP("fall below", CMP_LT, false, false),
	CMP("fell below", CMP_LT, false, false),
	CMP("drops below", CMP_LT, false, false),
	CMP("before", CMP_LT, true, true),
	CMP("earlier than", CMP_LT, false, true),
	CMP("prior to", CMP_LT, true, true),
	/* less or equal */
	CMP("at most", CMP_LE, false, false),
	CMP("less than or equal to", CMP_LE, false, false),
	CMP("equal to or less than", CMP_LE, false, false),
	CMP("equal to or lower than", CMP_LE, false, false),
	CMP("no more than", CMP_LE, false, false),
	CMP("no greater than", CMP_LE, false, false),
	CMP("no higher than", CMP_LE, false, false),
	CMP("at or below", CMP_LE, false, false),
	CMP("a maximum of", CMP_LE, false, false),
	CMP("up to", CMP_LE, true, false),
	CMP("on or before", CMP_LE, false, true),
	CMP("no later than", CMP_LE, false, true),
	CMP("at or before", CMP_LE, false, true),
	/* equal */
	CMP("equal to", CMP_EQ, false, false),
	CMP("equals", CMP_EQ, false, false),
	CMP("equal", CMP_EQ, false, false),
	CMP("exactly", CMP_EQ, false, false),
	CMP("the same as", CMP_EQ, false, false),
	CMP("identical to", CMP_EQ, false, false),
	CMP("matches", CMP_EQ, false, false),
	CMP("match", CMP_EQ, false, false),
	CMP("other than", CMP_NE, false, false),
	CMP("classified as", CMP_EQ, true, false),
	CMP("categorized as", CMP_EQ, true, false),
	/* scopes: "loans of $5M or less" */
	{ "of", PK_EQ, CMP_EQ, true, false },
	CMP("different from", CMP_NE, false, false),
	/* ranges and sets */
	{ "between", PK_BETWEEN, CMP_EQ, false, false },
	{ "falls between", PK_BETWEEN, CMP_EQ, false, false },
	{ "within the range of", PK_BETWEEN, CMP_EQ, false, false },
	{ "one of", PK_IN, CMP_EQ, true, false },
	{ "any of", PK_IN, CMP_EQ, true, false },
	{ "among", PK_IN, CMP_EQ, true, false },
	{ "in", PK_IN, CMP_EQ, true, false },
	{ "included in", PK_IN, CMP_EQ, true, false },
	{ "listed in", PK_IN, CMP_EQ, true, false },
	{ "none of", PK_IN, CMP_NE, true, false },
	/* presence */
	{ "missing", PK_MISSING, CMP_EQ, true, false },
	{ "blank", PK_MISSING, CMP_EQ, true, false },
	{ "empty", PK_MISSING, CMP_EQ, true, false },
	{ "absent", PK_MISSING, CMP_EQ, true, false },
	{ "unavailable", PK_MISSING, CMP_EQ, true, false },
	{ "unknown", PK_MISSING, CMP_EQ, true, false },
	{ "omitted", PK_MISSING, CMP_EQ, true, false },
	{ "left blank", PK_MISSING, CMP_EQ, true, false },
	{ "provided", PK_PRESENT, CMP_EQ, true, false },
	{ "present", PK_PRESENT, CMP_EQ, true, false },
	{ "available", PK_PRESENT, CMP_EQ, true, false },
	{ "given", PK_PRESENT, CMP_EQ, true, false },
	{ "stated", PK_PRESENT, CMP_EQ, true, false },
	{ "recorded", PK_PRESENT, CMP_EQ, true, false },
	{ "on file", PK_PRESENT, CMP_EQ, true, false },
	{ "within", PK_WITHIN, CMP_LE, false, false },
};
const unsigned comparison_phrase_count = sizeof comparison_phrases / sizeof comparison_phrases[0];

const char *const aux_phrases[] = {
	"has been", "have been", "had been", "will be", "is", "are", "was", "were", "be", "been",
	"remains", "remain", "is currently", "are currently",
};
const unsigned aux_phrase_count = sizeof aux_phrases / sizeof aux_phrases[0];

const char *const modal_phrases[] = {
	"must", "should", "shall", "needs to", "need to", "has to", "have to", "is required to",
	"are required to", "may not", "cannot", "can not", "will",
};
const unsigned modal_phrase_count = sizeof modal_phrases / sizeof modal_phrases[0];

static bool in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

#define IN(w, list) in_list(w, list, sizeof list / sizeof list[0])

/* The imperative verbs of business policies. An unknown verb still makes
 * an action where an action is expected (after "If ..., "); this list is
 * what lets the parser split "declare the vehicle a total loss and request
 * the title" into two actions and tell a verb from a noun. */
static const char *const action_verbs[] = {
	"accept", "acknowledge", "activate", "add", "adjust", "advance", "advise", "alert",
	"allocate", "allow", "amend", "apply", "appoint", "approve", "archive", "arrange",
	"assess", "assign", "attach", "audit", "authorize", "authorise", "award", "backdate",
	"bill", "block", "book", "bypass", "calculate", "call", "cancel", "capture", "certify",
	"charge", "check", "clear", "close", "collect", "communicate", "compensate", "complete",
	"compute", "conduct", "confirm", "contact", "continue", "convert", "coordinate", "copy",
	"correct", "credit", "cut", "deactivate", "debit", "decline", "declare", "deduct",
	"defer", "delay", "delete", "deliver", "deny", "deposit", "designate", "determine",
	"disallow", "disburse", "discontinue", "dismiss", "dispatch", "display", "document",
	"downgrade", "draft", "email", "e-mail", "enforce", "engage", "enroll", "enter", "escalate",
	"escrow", "establish", "evaluate", "exclude", "execute", "exempt", "expedite", "extend",
	"fax", "file", "finalize", "fine", "flag", "follow", "forward", "freeze", "fund",
	"generate", "give", "grant", "halt", "handle", "hold", "identify", "impose", "include",
	"increase", "inform", "initiate", "inspect", "instruct", "insure", "investigate", "invite",
	"invoice", "issue", "keep", "label", "levy", "limit", "list", "lock", "log", "lower",
	"mail", "maintain", "make", "manage", "mark", "monitor", "move", "notify", "obtain",
	"offer", "open", "order", "override", "pause", "pay", "perform", "place", "post",
	"postpone", "prepare", "present", "price", "print", "prioritize", "prioritise",
	"proceed", "process", "produce", "prohibit", "provide", "publish", "purchase", "put",
	"queue", "quote", "raise", "rate", "reassess", "reassign", "recalculate", "recommend",
	"reconcile", "record", "recover", "redirect", "reduce", "refer", "refund", "refuse",
	"register", "reimburse", "reinstate", "reject", "release", "remind", "remit", "remove",
	"renew", "reopen", "repair", "replace", "report", "request", "require", "rerate",
	"reroute", "rescind", "reserve", "reset", "resolve", "respond", "restrict", "resubmit",
	"retain", "retire", "return", "reverse", "review", "revoke", "route", "run", "schedule",
	"screen", "secure", "seek", "select", "send", "set", "settle", "ship", "sign", "stop",
	"store", "submit", "subrogate", "supply", "suspend", "take", "tell", "terminate",
	"test", "track", "transfer", "treat", "trigger", "underwrite", "update", "upgrade",
	"upload", "use", "validate", "verify", "void", "waive", "warn", "withdraw", "withhold",
	"write",
};

bool is_action_verb(const char *w)
{
	return IN(w, action_verbs);
}

bool is_check_verb(const char *w)
{
	static const char *const v[] = { "verify", "confirm", "ensure", "check", "validate",
	                                  "ascertain", "establish", "assure", "insure" };
	return IN(w, v);
}

/* "make sure that", "see that", "determine that": two-word check openers. */
unsigned check_opener(const char *w1, const char *w2)
{
	if (is_check_verb(w1))
		return 1;
	if ((!strcmp(w1, "make") && !strcmp(w2, "sure")) ||
	    (!strcmp(w1, "double") && !strcmp(w2, "check")) ||
	    (!strcmp(w1, "see") && !strcmp(w2, "that")))
		return 2;
	return 0;
}

bool is_extract_verb(const char *w)
{
	static const char *const v[] = { "extract", "capture", "collect", "gather", "read",
	                                  "pull", "take", "obtain", "get", "record" };
	return IN(w, v);
}

bool is_lookup_verb(const char *w)
{
	static const char *const v[] = { "retrieve", "fetch", "query", "obtain", "pull", "get",
	                                  "request", "check" };
	return IN(w, v);
}

bool is_system_noun(const char *w)
{
	static const char *const v[] = {
		"system", "systems", "registry", "register", "bureau", "bureaus", "database",
		"service", "services", "ledger", "api", "index", "platform", "portal", "records",
		"record", "repository", "directory", "list", "watchlist", "crm", "erp", "core",
		"mainframe", "exchange", "network", "agency", "provider", "vendor", "feed", "table",
		"catalog", "catalogue", "master", "book", "engine", "tool", "screening", "lookup",
		"office", "department", "authority", "board", "commission",
	};
	return IN(w, v);
}

bool is_presence_word(const char *w)
{
	static const char *const v[] = {
		"attached", "submitted", "provided", "included", "received", "uploaded", "enclosed",
		"furnished", "present", "available", "supplied", "delivered", "filed", "presented",
		"produced", "obtained", "completed", "signed",
	};
	return IN(w, v);
}

bool is_check_group_noun(const char *w)
{
	static const char *const v[] = {
		"check", "checks", "requirement", "requirements", "condition", "conditions",
		"criterion", "criteria", "test", "tests", "verification", "verifications",
		"rule", "rules", "control", "controls",
	};
	return IN(w, v);
}

bool is_judgment_word(const char *w)
{
	static const char *const v[] = {
		"consistent", "inconsistent", "reasonable", "unreasonable", "plausible",
		"implausible", "credible", "suspicious", "appears", "appear", "seems", "seem",
		"suggests", "suggest", "indicates", "indicate", "describes", "describe",
		"supports", "support", "justifies", "justify", "contradicts", "contradict",
		"adequate", "adequately", "sufficient", "sufficiently", "likely", "unlikely",
		"fraudulent", "genuine", "coherent", "compatible", "corroborates", "corroborate",
	};
	return IN(w, v);
}

bool is_np_stop_word(const char *w)
{
	static const char *const v[] = {
		"and", "or", "but", "nor", "if", "unless", "when", "whenever", "then", "that",
		"which", "who", "whose", "where", "while", "because", "so", "than", "is", "are",
		"was", "were", "be", "been", "has", "have", "had", "does", "do", "did", "must",
		"should", "shall", "will", "may", "can", "cannot",
	};
	return IN(w, v);
}

bool is_aux_word(const char *w)
{
	static const char *const v[] = {
		"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "does",
		"do", "did", "must", "should", "shall", "will", "may", "can", "cannot",
	};
	return IN(w, v);
}

cmp_op cmp_negate(cmp_op op)
{
	switch (op) {
	case CMP_GT: return CMP_LE;
	case CMP_GE: return CMP_LT;
	case CMP_LT: return CMP_GE;
	case CMP_LE: return CMP_GT;
	case CMP_EQ: return CMP_NE;
	case CMP_NE: return CMP_EQ;
	default: return op;
	}
}
