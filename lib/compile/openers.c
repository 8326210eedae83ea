/*
 * What opens a sentence before its rule: the trigger that names the case
 * ("When a new insurance claim arrives, ", "As soon as a loss is logged on
 * a homeowners policy, ") and a title said before a colon ("A Schedule II
 * drug is never refilled: if ...").
 */
#include <string.h>

#include "compile/openers.h"

static const char *const trigger_verbs[] = {
	"arrives", "arrive", "is received", "are received", "is submitted", "are submitted",
	"comes in", "come in", "is filed", "are filed", "is opened", "is created", "is reported",
	"is lodged", "is made", "is entered", "is logged", "is presented", "is registered",
	"is started", "is initiated", "is requested", "is opened", "is booked",
};

/* "For each posted card transaction, extract ...": the words up to the
 * comma name the case only when sources follow it. */
static bool trigger_then_sources(parser *p, uint32_t k, uint32_t end)
{
	uint32_t c = k + 2;
	while (c < end && c < k + 10 && p->tk[c].kind == T_WORD)
		c++;
	return c > k + 2 && is_punct(p, c, end, ',') &&
	       (is_extract_verb(tw(p, c + 1)) || match(p, c + 1, end, "look up"));
}

/* "When a new insurance claim arrives, " -> records "insurance claim" and
 * returns the index after the comma; returns i if there is no trigger. */
static uint32_t trigger_end(parser *p, uint32_t i, uint32_t end)
{
	uint32_t k = i;
	bool receipt = false;
	if (is_w(p, k, end, "when") || is_w(p, k, end, "whenever") || is_w(p, k, end, "once"))
		k++;
	else if (match(p, k, end, "as soon as"))
		k += 3;
	else if (match(p, k, end, "each time") || match(p, k, end, "every time") ||
	         match(p, k, end, "any time"))
		k += 2; /* "Each time a vendor invoice is released for payment, extract ..." */
	else if (match(p, k, end, "upon receipt of"))
		k += 3, receipt = true;
	else if (match(p, k, end, "on receipt of"))
		k += 3, receipt = true;
	else if (match(p, k, end, "upon receiving") || match(p, k, end, "on receiving"))
		k += 2, receipt = true;
	else if (match(p, k, end, "for each new") || match(p, k, end, "for every new"))
		k += 3, receipt = true;
	else if ((match(p, k, end, "for each") || match(p, k, end, "for every") ||
	          match(p, k, end, "at each") || match(p, k, end, "at every") ||
	          match(p, k, end, "on each") || match(p, k, end, "on every")) &&
	         trigger_then_sources(p, k, end))
		k += 2, receipt = true; /* "For each posted card transaction, extract ...",
		                           "At each annual renewal, take ..." */
	else
		return i;
	if (is_w(p, k, end, "a") || is_w(p, k, end, "an") || is_w(p, k, end, "the") ||
	    is_w(p, k, end, "any") || is_w(p, k, end, "each") || is_w(p, k, end, "every"))
		k++;
	bool fresh = false;
	if (is_w(p, k, end, "new")) {
		k++;
		fresh = true;
	}
	uint32_t np = k;
	while (k < end && p->tk[k].kind == T_WORD && !is_punct(p, k, end, ',')) {
		if (!receipt) {
			bool verb = false;
			for (size_t v = 0; v < sizeof trigger_verbs / sizeof trigger_verbs[0]; v++) {
				uint32_t n = match(p, k, end, trigger_verbs[v]);
				if (n && (is_w(p, k + n, end, "for") || is_w(p, k + n, end, "to") ||
				          is_w(p, k + n, end, "on") || is_w(p, k + n, end, "in") ||
				          is_w(p, k + n, end, "by") || is_w(p, k + n, end, "under") ||
				          is_w(p, k + n, end, "against") || is_w(p, k + n, end, "with"))) {
					/* "is submitted for underwriting,", "is logged on a
					 * homeowners policy,": what for, where */
					uint32_t c = k + n + 1;
					while (c < end && c <= k + n + 4 && p->tk[c].kind == T_WORD)
						c++;
					if (c > k + n + 1 && is_punct(p, c, end, ','))
						n = c - k;
				}
				if (n && (is_punct(p, k + n, end, ',') || k + n == end)) {
					verb = true;
					if (k > np) {
						p->c->trigger = slice_of(p, np, k - 1);
						uint32_t after = k + n;
						return is_punct(p, after, end, ',') ? after + 1 : after;
					}
				}
			}
			if (verb)
				break;
		}
		k++;
	}
	/* "When a new overdraft event occurs, ...": whatever the verb, a new
	 * thing arriving is the trigger; its name is what comes before the verb
	 * (an auxiliary, or the last word with its particle: "comes in"). */
	if (!receipt && fresh && k > np + 1 && is_punct(p, k, end, ',')) {
		uint32_t v = k - 1;
		static const char *const particles[] = { "in", "up", "out", "through", "due" };
		for (size_t q = 0; q < sizeof particles / sizeof particles[0]; q++)
			if (is_w(p, v, end, particles[q]) && v - 1 > np)
				v--;
		for (uint32_t a = np + 1; a < v; a++)
			if (is_aux_word(tw(p, a))) {
				v = a;
				break;
			}
		p->c->trigger = slice_of(p, np, v - 1);
		return k + 1;
	}
	/* "When a small business applies for a term loan, extract ...": a
	 * clause followed by extraction names the case, whatever its verb. */
	if (!receipt && k > np && is_punct(p, k, end, ',') &&
	    (is_extract_verb(tw(p, k + 1)) || match(p, k + 1, end, "look up"))) {
		/* "a vendor invoice is released for payment": the case is what
		 * comes before its verb */
		uint32_t v = np + 1;
		while (v < k && !is_aux_word(tw(p, v)))
			v++;
		p->c->trigger = slice_of(p, np, v - 1);
		return k + 1;
	}
	if (receipt && k > np && is_punct(p, k, end, ',')) {
		p->c->trigger = slice_of(p, np, k - 1);
		return k + 1;
	}
	return i;
}

uint32_t skip_trigger(parser *p, uint32_t i, uint32_t end)
{
	uint32_t k = trigger_end(p, i, end);
	take_words(p, i, k - i); /* the trigger names the case */
	return k;
}

/* Whether the rule [from, end) writes the quantity t too. */
static bool said_again(const parser *p, const token *t, uint32_t from, uint32_t end)
{
	for (uint32_t k = from; k < end; k++)
		if (p->tk[k].kind == T_QUANTITY && p->tk[k].len == t->len &&
		    !memcmp(p->tk[k].text, t->text, t->len))
			return true;
	return false;
}

/* "A Schedule II drug is never refilled: if the DEA schedule is II, deny
 * the claim.": the words before the colon title the rule after it, which
 * says the same with its condition. A title holds no condition of its own
 * and no number the rule does not repeat ("Members over 60 are limited
 * to $2,500: if the age is over 60 and ... exceeds $2,500, ..."); else it
 * is a rule, read as one. Returns where the
 * rule starts, or 0. */
uint32_t title_lead(parser *p, uint32_t end)
{
	uint32_t c = 1;
	while (c < end && c < 16 && !is_punct(p, c, end, ':'))
		c++;
	if (c >= end || c >= 16 || c + 2 >= end ||
	    !(is_w(p, c + 1, end, "if") || is_w(p, c + 1, end, "when") ||
	      is_w(p, c + 1, end, "unless") || is_w(p, c + 1, end, "where")))
		return 0;
	static const char *const stops[] = { "if", "when", "unless", "only", "except", "must",
	                                     "shall", "may", "should", "cannot", "not" };
	bool verb = false;
	for (uint32_t k = 0; k < c; k++) {
		const token *t = &p->tk[k];
		if (t->kind == T_QUANTITY && !said_again(p, t, c + 1, end))
			return 0;
		for (size_t v = 0; t->kind == T_WORD && v < sizeof stops / sizeof stops[0]; v++)
			if (!strcmp(t->low, stops[v]))
				return 0;
		verb = verb || is_w(p, k, c, "is") || is_w(p, k, c, "are");
	}
	/* a clause ("... is never refilled"), not a scope ("For new
	 * customers: if ...") */
	static const char *const scopes[] = { "after", "at", "before", "by", "during", "for",
	                                      "from", "in", "on", "once", "under", "upon", "with",
	                                      "within" };
	for (size_t v = 0; v < sizeof scopes / sizeof scopes[0]; v++)
		if (is_w(p, 0, c, scopes[v]))
			return 0;
	if (!verb || p->tk[0].kind != T_WORD)
		return 0;
	take_words(p, 0, c + 1);
	return c + 1;
}

