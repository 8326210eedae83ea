/*
 * The phrase tables (see phrases.h).
 *
 * Longer phrases must be tried before their prefixes ("greater than or
 * equal to" before "greater than"); the parser matches the longest phrase,
 * so the order here is only for reading.
 */
#include "compile/phrases.h"

#include <stdlib.h>
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
	CMP("anything other than", CMP_NE, false, false),
	CMP("anything but", CMP_NE, false, false),
	CMP("anything except", CMP_NE, false, false),
	CMP("something other than", CMP_NE, false, false),
	CMP("any value other than", CMP_NE, false, false),
	CMP("classified as", CMP_EQ, true, false),
	CMP("shown as", CMP_EQ, true, false),
	CMP("listed as", CMP_EQ, true, false),
	CMP("marked as", CMP_EQ, true, false),
	CMP("recorded as", CMP_EQ, true, false),
	CMP("indicated as", CMP_EQ, true, false),
	CMP("entered as", CMP_EQ, true, false),
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
	{ "shown", PK_PRESENT, CMP_EQ, true, false },
	{ "entered", PK_PRESENT, CMP_EQ, true, false },
	{ "filled in", PK_PRESENT, CMP_EQ, true, false },
	{ "supplied", PK_PRESENT, CMP_EQ, true, false },
	{ "indicated", PK_PRESENT, CMP_EQ, true, false },
	{ "within", PK_WITHIN, CMP_LE, false, false },
};
const unsigned comparison_phrase_count = sizeof comparison_phrases / sizeof comparison_phrases[0];

const char *const aux_phrases[] = {
	"has been", "have been", "had been", "will be", "is", "are", "was", "were", "be", "been",
	"remains", "remain", "is currently", "are currently", "falls", "fall", "fell", "occurs",
	"occur", "occurred", "is dated", "was dated", "comes to", "come to", "amounts to",
	"amount to", "runs", "run",
};
const unsigned aux_phrase_count = sizeof aux_phrases / sizeof aux_phrases[0];

const char *const modal_phrases[] = {
	"must", "should", "shall", "needs to", "need to", "has to", "have to", "is required to",
	"are required to", "may not", "cannot", "can not", "will",
};
const unsigned modal_phrase_count = sizeof modal_phrases / sizeof modal_phrases[0];

static int compare_word(const void *key, const void *item)
{
	return strcmp((const char *)key, *(const char *const *)item);
}

/* The word tables below are sorted by byte value (a test checks it), so a
 * lookup is a binary search: the parser asks these questions of every
 * token many times over. */
static bool in_list(const char *w, const char *const *list, size_t n)
{
	return bsearch(w, list, n, sizeof *list, compare_word) != NULL;
}

#define IN(w, list) in_list(w, list, sizeof list / sizeof list[0])

/* The imperative verbs of business policies. An unknown verb still makes
 * an action where an action is expected (after "If ..., "); this list is
 * what lets the parser split "declare the vehicle a total loss and request
 * the title" into two actions and tell a verb from a noun. */
static const char *const action_verbs[] = {
	"accept", "acknowledge", "activate", "add", "adjust", "advance", "advise", "alert",
	"allocate", "allow", "amend", "apply", "appoint", "approve", "archive", "arrange",
	"assess", "assign", "attach", "audit", "authorise", "authorize", "award", "backdate",
	"bill", "block", "book", "bypass", "calculate", "call", "cancel", "capture", "certify",
	"change", "charge", "check", "clear", "close", "collect", "communicate", "compensate", "complete",
	"compute", "conduct", "confirm", "contact", "continue", "convert", "coordinate", "copy",
	"correct", "counsel", "credit", "cut", "deactivate", "debit", "declare", "decline",
	"deduct", "defer", "defund", "delay", "delete", "deliver", "demote", "deny", "deposit",
	"designate", "determine", "disallow", "disburse", "discontinue", "dismiss", "dispatch",
	"display", "document", "downgrade", "draft", "e-mail", "educate", "email", "enforce",
	"engage", "enroll", "enter", "escalate", "escrow", "establish", "evaluate", "exclude",
	"execute", "exempt", "expedite", "expire", "extend", "fast-track", "fax", "file",
	"finalize", "fine", "flag", "follow", "forward", "freeze", "fund", "generate", "give",
	"grant", "greenlight", "halt", "handle", "hire", "hold", "identify", "impose", "include",
	"increase", "inform", "initiate", "inspect", "instruct", "insure", "investigate",
	"invite", "invoice", "issue", "keep", "label", "levy", "limit", "list", "lock", "log",
	"lower", "mail", "maintain", "make", "manage", "mark", "monitor", "move", "nominate",
	"notarize", "note", "notify", "obtain", "offer", "onboard", "open", "order", "outsource",
	"override", "partner", "pause", "pay", "pend", "perform", "place", "post",
	"postpone", "prepare", "present", "price", "print", "prioritise", "prioritize", "proceed",
	"process", "produce", "prohibit", "provide", "publish", "purchase", "put", "quarantine",
	"queue", "quote", "raise", "rate", "reactivate", "reassess", "reassign", "recalculate",
	"recertify", "reclassify", "recommend", "reconcile", "record", "recover", "redeem",
	"redirect", "reduce", "refer", "refund", "refuse", "register", "reimburse", "reinspect",
	"reinstate", "reissue", "reject", "release", "remediate", "remind", "remit", "remove",
	"renew", "reopen", "repair", "replace", "report", "request", "require", "rerate",
	"reroute", "reschedule", "rescind", "reserve", "reset", "resolve", "respond", "restrict",
	"resubmit", "retain", "retire", "retry", "return", "reverse", "review", "revise",
	"revoke", "route", "run", "sanction", "scan", "schedule", "screen", "secure", "seek",
	"select", "send", "set", "settle", "share", "ship", "sign", "split", "stop", "store",
	"submit", "subrogate", "substitute", "summon", "supply", "suspend", "take", "tell",
	"terminate", "test", "track", "transfer", "transmit", "treat", "trigger", "unblock",
	"underwrite", "unfreeze", "update", "upgrade", "upload", "use", "validate", "verify",
	"visit", "void", "waive", "warn", "withdraw", "withhold", "write",
};

bool is_action_verb(const char *w)
{
	return IN(w, action_verbs);
}

static const char *const check_verb_words[] = {
	"ascertain", "assure", "check", "confirm", "ensure", "establish", "insure",
	"validate", "verify",
};

bool is_check_verb(const char *w)
{
	return IN(w, check_verb_words);
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

static const char *const extract_verb_words[] = {
	"capture", "collect", "extract", "gather", "get", "obtain", "pull", "read",
	"record", "take",
};

bool is_extract_verb(const char *w)
{
	return IN(w, extract_verb_words);
}

static const char *const lookup_verb_words[] = {
	"check", "fetch", "get", "obtain", "pull", "query", "request", "retrieve",
};

bool is_lookup_verb(const char *w)
{
	return IN(w, lookup_verb_words);
}

static const char *const system_noun_words[] = {
	"agency", "api", "authority", "board", "book", "bureau", "bureaus", "catalog",
	"catalogue", "commission", "core", "crm", "database", "department",
	"directory", "engine", "erp", "exchange", "feed", "index", "ledger", "list",
	"lookup", "mainframe", "master", "network", "office", "platform", "portal",
	"provider", "record", "records", "register", "registry", "repository",
	"screening", "service", "services", "system", "systems", "table", "tool",
	"vendor", "watchlist",
};

bool is_system_noun(const char *w)
{
	return IN(w, system_noun_words);
}

static const char *const presence_word_words[] = {
	"attached", "available", "completed", "delivered", "enclosed", "filed",
	"furnished", "included", "obtained", "present", "presented", "produced",
	"provided", "received", "signed", "submitted", "supplied", "uploaded",
};

bool is_presence_word(const char *w)
{
	return IN(w, presence_word_words);
}

static const char *const document_noun_words[] = {
	"agreement", "agreements", "application", "applications", "certificate", "certificates",
	"contract", "contracts", "correspondence", "declarations", "document", "documents", "email", "emails", "file", "files", "form", "forms", "invoice",
	"invoices", "letter", "letters", "memo", "narrative", "narratives", "note", "notes",
	"photo", "photos", "quotation", "quotations", "receipt", "receipts", "record", "records",
	"report", "reports", "statement", "statements", "transcript", "transcripts", "voucher",
	"vouchers", "worksheet", "worksheets",
};

bool is_document_noun(const char *w)
{
	return IN(w, document_noun_words);
}

static const char *const check_group_noun_words[] = {
	"action", "actions", "check", "checks", "circumstance", "circumstances", "condition",
	"conditions", "control", "controls", "criteria", "criterion",
	"ground", "grounds", "guideline", "guidelines", "item", "items", "limit", "limits",
	"outcome", "outcomes", "provision", "provisions", "requirement", "requirements", "rule",
	"rules", "situation", "situations", "standard", "standards", "test", "tests",
	"verification", "verifications",
};

bool is_check_group_noun(const char *w)
{
	return IN(w, check_group_noun_words);
}

static const char *const judgment_word_words[] = {
	"adequate", "adequately", "appear", "appears", "coherent", "compatible",
	"consistent", "contradict", "contradicts", "corroborate", "corroborates",
	"credible", "describe", "describes", "fraudulent", "genuine", "implausible",
	"inconsistent", "indicate", "indicates", "justifies", "justify", "likely",
	"plausible", "reasonable", "seem", "seems", "sufficient", "sufficiently",
	"suggest", "suggests", "support", "supports", "suspicious", "unlikely",
	"unreasonable",
};

bool is_judgment_word(const char *w)
{
	return IN(w, judgment_word_words);
}

static const char *const np_stop_word_words[] = {
	"and", "are", "be", "because", "been", "but", "can", "cannot", "did", "do",
	"does", "had", "has", "have", "if", "is", "may", "must", "nor", "or", "shall",
	"should", "so", "than", "that", "then", "unless", "was", "were", "when",
	"whenever", "where", "which", "while", "who", "whose", "will",
};

bool is_np_stop_word(const char *w)
{
	return IN(w, np_stop_word_words);
}

static const char *const aux_word_words[] = {
	"are", "be", "been", "being", "can", "cannot", "did", "do", "does", "had",
	"has", "have", "is", "may", "must", "shall", "should", "was", "were", "will",
};

bool is_aux_word(const char *w)
{
	return IN(w, aux_word_words);
}

static bool sorted(const char *const *list, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (strcmp(list[i - 1], list[i]) >= 0)
			return false;
	return true;
}

#define SORTED(list) sorted(list, sizeof list / sizeof list[0])

/* Verbs that name a condition the way "is" does, before "if" or "when":
 * "The candidate has a recent conviction if ...", "A claim needs nurse
 * review when ...", "A line exceeds its frequency limit if ...". */
static const char *const naming_verb_words[] = {
	"applies", "arises", "breach", "breaches", "counts", "earn", "earns", "exceed", "exceeds",
	"exhibits", "exist", "exists", "fails", "has", "have", "meets", "merits", "needs", "occur",
	"occurs", "passes", "poses", "qualifies", "receives", "require", "requires", "shows",
	"triggers", "violate", "violates", "warrants",
};

bool is_naming_verb(const char *w)
{
	return IN(w, naming_verb_words);
}

bool phrases_tables_sorted(void)
{
	return SORTED(action_verbs) &&
	       SORTED(check_verb_words) &&
	       SORTED(extract_verb_words) &&
	       SORTED(lookup_verb_words) &&
	       SORTED(system_noun_words) &&
	       SORTED(presence_word_words) &&
	       SORTED(document_noun_words) &&
	       SORTED(check_group_noun_words) &&
	       SORTED(judgment_word_words) &&
	       SORTED(np_stop_word_words) &&
	       SORTED(aux_word_words) &&
	       SORTED(naming_verb_words);
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

/* Whether a term's name ends in a noun whose values are words ("the claim
 * status", "the decision"): "is filed", "is received" give its value,
 * not that it is there. */
bool names_a_category(const char *key)
{
	static const char *const heads[] = { "category", "class",   "classification", "code",
	                                     "decision", "disposition", "kind", "level",
	                                     "outcome",  "result",  "stage", "state",
	                                     "status",   "tier",    "type" };
	const char *last = strrchr(key, ' ');
	last = last ? last + 1 : key;
	for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++)
		if (!strcmp(last, heads[h]))
			return true;
	return false;
}
