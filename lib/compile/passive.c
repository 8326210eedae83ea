/*
 * Consequences in the passive voice, read as the imperative they mean.
 *
 *   passive := subject aux [adverb] participle rest
 *   aux     := is | are | will be | shall be | must be | should be |
 *              is to be | are to be | will then be | is then
 *
 * "The application is declined" is "decline the application"; "Loans over
 * $500,000 are referred to the credit committee" is "refer the loan to the
 * credit committee" for loans over $500,000; "will be escalated to a
 * supervisor" after "If ..., the claim" is "escalate the claim to a
 * supervisor". The subject's qualifier ("over $500,000", "that fails any
 * requirement in this section") is a condition of the action; the
 * action's text is the imperative, so a decision reads the same however
 * the policy phrased it. "may be approved" grants a permission and "is not
 * approved" states a negative: neither is an action, and neither is read
 * here.
 */
#include <string.h>

#include "base/words.h"
#include "compile/passive.h"
#include "compile/phrases.h"

static const char *const irregular_participles[][2] = {
	{ "sent", "send" }, { "paid", "pay" }, { "held", "hold" }, { "made", "make" },
	{ "given", "give" }, { "taken", "take" }, { "put", "put" }, { "kept", "keep" },
	{ "frozen", "freeze" }, { "withheld", "withhold" }, { "written", "write" },
	{ "set", "set" }, { "run", "run" }, { "cut", "cut" }, { "sought", "seek" },
	{ "told", "tell" }, { "withdrawn", "withdraw" }, { "undertaken", "undertake" },
};

const char *irregular_participle(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof irregular_participles / sizeof irregular_participles[0]; i++)
		if (strlen(irregular_participles[i][0]) == len &&
		    !strncmp(w, irregular_participles[i][0], len))
			return irregular_participles[i][1];
	return NULL;
}

static const char *verb_copy(parser *p, const char *w)
{
	char *c = arena_strdup(p->c->a, w);
	if (!c)
		p->c->nomem = true;
	return c;
}

/* The verb of a past participle, when it is one: "approved" -> "approve",
 * "denied" -> "deny", "referred" -> "refer", "sent" -> "send"; NULL if
 * the word is not the participle of a verb an action may use. */
const char *participle_verb(parser *p, const char *w)
{
	size_t n = strlen(w);
	const char *irregular = irregular_participle(w, n);
	if (irregular)
		return irregular;
	if (n < 4 || strcmp(w + n - 2, "ed"))
		return NULL;
	char cand[64];
	if (n >= sizeof cand)
		return NULL;
	const size_t cut[] = { 1, 2, 3 }; /* approve-d, review-ed, refer-red */
	for (size_t c = 0; c < 3; c++) {
		if (cut[c] == 3 && w[n - 3] != w[n - 4])
			continue;
		memcpy(cand, w, n - cut[c]);
		cand[n - cut[c]] = '\0';
		if (is_action_verb(cand))
			return verb_copy(p, cand);
	}
	if (n > 4 && !strcmp(w + n - 3, "ied")) { /* deni-ed -> deny */
		memcpy(cand, w, n - 3);
		memcpy(cand + n - 3, "y", 2);
		if (is_action_verb(cand))
			return verb_copy(p, cand);
	}
	return NULL;
}


static const char *const auxiliaries[] = {
	"is to be", "are to be", "will then be", "shall then be", "must also be", "will also be",
	"shall also be", "should also be", "is also", "are also", "will be", "shall be",
	"must be", "should be", "is then", "are then", "is", "are",
};

/* Participles that say how a value or a condition is arrived at, not
 * what to do: "is calculated as", "is verified when", "is considered
 * late if". */
static bool defining_verb(const char *v)
{
	static const char *const verbs[] = {
		"allow", "base", "calculate", "check", "compute", "confirm", "consider", "deem",
		"define", "derive", "determine", "ensure", "establish", "expect", "express",
		"measure", "meet", "need", "permit", "prohibit", "require", "satisfy", "set", "treat",
		"validate", "verify",
	};
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(v, verbs[i]))
			return true;
	return false;
}

/* Verbs that dispose of a case ("the application is declined"), not
 * states a rule may name ("the damage is excluded"). */
static bool disposition_verb(const char *v)
{
	static const char *const verbs[] = { "approve", "cancel", "close", "decline", "deny",
	                                     "escalate", "pay", "refer", "reject", "return",
	                                     "suspend", "terminate" };
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(v, verbs[i]))
			return true;
	return false;
}

static bool is_condition_word(const char *w)
{
	return !strcmp(w, "if") || !strcmp(w, "unless") || !strcmp(w, "when") ||
	       !strcmp(w, "whenever") || !strcmp(w, "whether") || !strcmp(w, "once") ||
	       !strcmp(w, "while");
}

/* Whether token b of s is inside a condition: a condition word before it
 * and no comma between. */
static bool inside_condition(const sentence *s, uint32_t b)
{
	while (b-- > 0) {
		if (s->tk[b].kind == T_PUNCT && s->tk[b].punct == ',')
			return false;
		if (s->tk[b].kind == T_WORD && is_condition_word(s->tk[b].low))
			return true;
	}
	return false;
}

/* Whether another sentence uses the words [a, part] ("the participant is
 * excluded") as a condition ("If the participant is not excluded, ..."):
 * then they name a yes/no term the sentence defines, not an action. */
static bool used_as_condition(parser *p, uint32_t a, uint32_t part)
{
	const char *want[16];
	uint32_t nw = 0;
	for (uint32_t k = a; k <= part && nw < 16; k++) {
		const char *w = tw(p, k);
		if (p->tk[k].kind != T_WORD || !strcmp(w, "the") || !strcmp(w, "a") ||
		    !strcmp(w, "an") || is_aux_word(w))
			continue;
		want[nw++] = w;
	}
	if (nw < 2)
		return false;
	uint32_t cur = p->cur;
	bool found = false;
	for (uint32_t si = 0; si < p->ns && !found; si++) {
		if (si == cur)
			continue;
		const sentence *s = &p->s[si];
		for (uint32_t k = 0; k < s->n && !found; k++) {
			uint32_t j = k, m = 0;
			while (j < s->n && m < nw) {
				const token *t = &s->tk[j];
				if (t->kind != T_WORD)
					break;
				const char *w = t->low;
				if (!strcmp(w, want[m])) {
					m++;
					j++;
				} else if (m > 0 && (is_aux_word(w) || !strcmp(w, "not") ||
				                     !strcmp(w, "the") || !strcmp(w, "a"))) {
					j++;
				} else {
					break;
				}
			}
			if (m != nw)
				continue;
			/* only where a condition starts: "If the damage is excluded",
			 * "... and the participant is not excluded" (an "and" inside
			 * the condition, not one between consequences after its comma) */
			for (uint32_t b = k > 3 ? k - 3 : 0; b < k && !found; b++) {
				const char *w = s->tk[b].kind == T_WORD ? s->tk[b].low : "";
				found = is_condition_word(w) ||
				        ((!strcmp(w, "and") || !strcmp(w, "or")) && inside_condition(s, b));
			}
		}
	}
	return found;
}

/* "is not eligible for the program and" / "is not a member business loan
 * and": the end of a status clause that an "and" with a passive
 * consequence after it closes; b if there is none. */
static uint32_t end_of_status(parser *p, uint32_t j, uint32_t b)
{
	for (uint32_t k = j; k + 1 < b; k++) {
		if (!is_w(p, k, b, "and"))
			continue;
		for (size_t v = 0; v < sizeof auxiliaries / sizeof auxiliaries[0]; v++) {
			uint32_t n = match(p, k + 1, b, auxiliaries[v]);
			if (n && k + 1 + n < b && participle_verb(p, tw(p, k + 1 + n)))
				return k + 1;
		}
	}
	return b;
}

uint32_t passive_at(parser *p, uint32_t a, uint32_t b, uint32_t *aux, const char **verb)
{
	bool status_seen = false, relative = false;
	uint32_t first_aux = a;
	uint32_t from = a;
	for (uint32_t f = a + 1; f + 1 < b; f++) {
		/* "Claims whose cause is flood fall outside this schedule and are
		 * referred to ...": where the cases fall, then what is done */
		if (!w_starts(p, f, "f") ||
		    !(is_w(p, f, b, "fall") || is_w(p, f, b, "falls")) ||
		    !(is_w(p, f + 1, b, "outside") || is_w(p, f + 1, b, "under") ||
		      is_w(p, f + 1, b, "within") || is_w(p, f + 1, b, "beyond")))
			continue;
		uint32_t e = end_of_status(p, f + 1, b);
		if (e < b) {
			status_seen = true;
			first_aux = f;
			from = e;
		}
		break;
	}
	for (uint32_t k = from; k < b; k++) {
		if (is_w(p, k, b, "whose") || is_w(p, k, b, "that") || is_w(p, k, b, "which") ||
		    is_w(p, k, b, "who"))
			relative = true;
		uint32_t neg = 0;
		if (!status_seen && ((neg = match(p, k, b, "cannot be")) || (neg = match(p, k, b, "can not be")) ||
		                     (neg = match(p, k, b, "may not be")) || (neg = match(p, k, b, "must not be")) ||
		                     (neg = match(p, k, b, "shall not be")))) {
			/* "cannot be returned through the network and is to be handled
			 * as a dispute": what may not happen, then what does */
			uint32_t e = end_of_status(p, k + neg, b);
			if (e >= b)
				return NONE;
			status_seen = true;
			first_aux = k;
			k = e - 1;
			continue;
		}
		uint32_t n = 0;
		for (size_t v = 0; v < sizeof auxiliaries / sizeof auxiliaries[0] && !n; v++)
			n = match(p, k, b, auxiliaries[v]);
		if (!n)
			continue;
		uint32_t j = k + n;
		if (!status_seen && (is_w(p, j, end_of_status(p, j, b), "not") ||
		                     is_w(p, j, b, "ineligible") || is_w(p, j, b, "eligible"))) {
			/* "is not eligible for the program and will be referred to
			 * ...": the status says what the action does; read on to it */
			uint32_t e = end_of_status(p, j, b);
			if (e < b) {
				status_seen = true;
				first_aux = k;
				k = e - 1;
				continue;
			}
		}
		size_t wl = strlen(tw(p, j));
		if (j + 1 < b && wl > 4 && !strcmp(tw(p, j) + wl - 2, "ly") && p->tk[j].kind == T_WORD)
			j++; /* "is automatically declined" */
		if (j >= b || p->tk[j].kind != T_WORD) {
			if (relative && !status_seen && j < b)
				continue; /* "whose percentage is 90% ... will be referred" */
			return NONE;
		}
		const char *v = participle_verb(p, p->tk[j].low);
		if (!v && relative && !status_seen)
			continue; /* "a claim whose date is late ... is denied": the
			             relative clause's own "is" */
		bool set_after_if = p->joined_consequence && !strcmp(v ? v : "", "set");
		/* "The application is declined if ..." then "If the application
		 * is not declined, ...": an action, which the other sentence
		 * asks about; "A fee is waived automatically when ..." names a
		 * condition */
		if (!v || (defining_verb(v) && !set_after_if) ||
		    (!p->joined_consequence && !(is_w(p, a, b, "the") && disposition_verb(v)) &&
		     used_as_condition(p, a, j)))
			return NONE; /* the first "is" decides: "the amount is above ..."; "is
			                set to the notice date" after a condition sets it */
		*aux = status_seen ? first_aux : k;
		*verb = v;
		return j;
	}
	return NONE;
}

/* Whether `text` has the word `w` (singular, lowercase) among its words. */
static bool words_have(compiler *c, const char *text, const char *w)
{
	wordlist l;
	if (!words_split(c->a, text, strlen(text), WORDS_CONTENT, &l)) {
		c->nomem = true;
		return false;
	}
	for (size_t i = 0; i < l.n; i++)
		if (!strcmp(l.w[i], w))
			return true;
	return false;
}

static bool is_determiner_word(const char *w)
{
	static const char *const dets[] = { "the", "a", "an", "any", "each", "every", "all",
	                                    "such", "this", "that", "these", "those" };
	for (size_t i = 0; i < sizeof dets / sizeof dets[0]; i++)
		if (!strcmp(w, dets[i]))
			return true;
	return false;
}

bool passive_clause_at(parser *p, uint32_t i, uint32_t end)
{
	enum { MAX_SUBJECT_WORDS = 8 };
	if (i >= end || p->tk[i].kind != T_WORD)
		return false;
	const char *w = p->tk[i].text;
	if (!is_determiner_word(p->tk[i].low) && !(w[0] >= 'A' && w[0] <= 'Z'))
		return false;
	uint32_t aux, stop = i;
	while (stop < end && stop - i <= MAX_SUBJECT_WORDS + 4 && p->tk[stop].kind == T_WORD &&
	       !is_w(p, stop, end, "and") && !is_w(p, stop, end, "or"))
		stop++;
	const char *verb;
	uint32_t part = passive_at(p, i, stop, &aux, &verb);
	return part != NONE && aux > i && aux - i <= MAX_SUBJECT_WORDS && is_action_verb(verb);
}

/* Whether the word at k names the case (a word of the trigger, singular):
 * "applications" when a new loan application arrives. */
static bool names_case_word(parser *p, uint32_t k)
{
	const char *t = p->c->trigger;
	if (!t || p->tk[k].kind != T_WORD)
		return true; /* no trigger: as before, the head noun */
	char one[64];
	const char *w = p->tk[k].low;
	size_t n = word_singular(w, strlen(w), one, sizeof one);
	return n && n < sizeof one && words_have(p->c, t, one);
}

/* "the application" for the subject [a, marker): its words as written
 * with "the" before them; a bare plural ("Loans") in the singular, since
 * a decision is about one case. "it" and "they" stand for the case. */
static const char *object_of(parser *p, uint32_t a, uint32_t marker)
{
	bool determiner = false;
	while (a < marker && p->tk[a].kind == T_WORD && is_determiner_word(p->tk[a].low)) {
		determiner = true;
		a++;
	}
	if (a >= marker)
		return NULL;
	if (a + 1 == marker && (is_w(p, a, marker, "it") || is_w(p, a, marker, "they"))) {
		const char *t = p->c->trigger;
		if (!t)
			return slice_of(p, a, a);
		const char *last = strrchr(t, ' ');
		last = last ? last + 1 : t;
		size_t n = strlen(last);
		char *o = arena_alloc(p->c->a, n + 5);
		if (!o) {
			p->c->nomem = true;
			return NULL;
		}
		memcpy(o, "the ", 4);
		memcpy(o + 4, last, n + 1);
		return o;
	}
	/* the case's head noun, not what follows it: "Applications for a
	 * loan"; but anything else keeps its words: "a notice of
	 * ineligibility" is not "a notice" */
	for (uint32_t k = a + 1; k < marker; k++)
		if (is_w(p, k, marker, "for") || is_w(p, k, marker, "of") || is_w(p, k, marker, "from") ||
		    is_w(p, k, marker, "with") || is_w(p, k, marker, "in") || is_w(p, k, marker, "on") ||
		    is_w(p, k, marker, "under") || is_w(p, k, marker, "to") || is_w(p, k, marker, "by")) {
			if (names_case_word(p, k - 1))
				marker = k;
			break;
		}
	/* "Unqualified applicants are rejected": the words before the case's
	 * noun say which cases (the rule's condition), not what is acted on:
	 * "reject the applicant". Words of the case's own name stay ("the
	 * loan application"). */
	while (a + 1 < marker && p->c->trigger && names_case_word(p, marker - 1) &&
	       !names_case_word(p, a) && p->tk[a].kind == T_WORD && !p->tk[a].val.known &&
	       p->tk[a].kind != T_QUANTITY)
		a++;
	const char *head = slice_of(p, a, marker - 1);
	if (!head)
		return NULL;
	if (a == 0 && head[0] >= 'A' && head[0] <= 'Z' && head[1] >= 'a' && head[1] <= 'z') {
		char *low = arena_strdup(p->c->a, head); /* "Applications ..." starts the sentence */
		if (!low) {
			p->c->nomem = true;
			return NULL;
		}
		low[0] = (char)(low[0] - 'A' + 'a');
		head = low;
	}
	size_t hl = strlen(head);
	char *o = arena_alloc(p->c->a, hl + 5);
	if (!o) {
		p->c->nomem = true;
		return NULL;
	}
	memcpy(o, "the ", 4);
	memcpy(o + 4, head, hl + 1);
	if (!determiner) {
		const char *w = p->tk[marker - 1].low;
		char sing[64];
		size_t sl = word_singular(w, strlen(w), sing, sizeof sing);
		size_t wl = p->tk[marker - 1].len;
		if (sl && sl < sizeof sing && sl <= wl && strcmp(sing, w) != 0)
			memcpy(o + 4 + hl - wl, sing, sl + 1);
	}
	return o;
}

const char *passive_text(parser *p, uint32_t a, uint32_t marker, const char *verb, uint32_t rest,
                         uint32_t b, const char **object)
{
	/* "is approved by the branch manager": the agent does the action; the
	 * imperative leaves it out (the step keeps the sentence) */
	if (is_w(p, rest, b, "by")) {
		uint32_t k = rest + 1;
		while (k < b && p->tk[k].kind == T_WORD && !is_w(p, k, b, "to") &&
		       !is_w(p, k, b, "for") && !is_w(p, k, b, "with") && !is_w(p, k, b, "within"))
			k++;
		rest = k;
	}
	const char *obj = a < marker ? object_of(p, a, marker) : NULL;
	const char *tail = rest < b ? slice_of(p, rest, b - 1) : NULL;
	size_t n = strlen(verb) + (obj ? strlen(obj) + 1 : 0) + (tail ? strlen(tail) + 1 : 0) + 1;
	char *t = arena_alloc(p->c->a, n);
	if (!t) {
		p->c->nomem = true;
		return NULL;
	}
	strcpy(t, verb);
	char *o = t + strlen(t);
	if (obj) {
		strcat(t, " ");
		strcat(t, obj);
	}
	if (tail) {
		strcat(t, " ");
		strcat(t, tail);
	}
	*object = *o ? o + 1 : "";
	return t;
}

/* Whether the subject [a, marker) of a passive consequence names
 * something of the policy: the case ("the claim" when a new insurance
 * claim arrives), a term, a document, the policy's own name, or "it". A
 * sentence about anything else is not read as an action. */
bool passive_subject_known(parser *p, uint32_t a, uint32_t marker)
{
	while (a < marker && p->tk[a].kind == T_WORD && is_determiner_word(p->tk[a].low))
		a++;
	if (a >= marker || p->joined_consequence)
		return true; /* "must be declined", after "If ..., the claim"; "and a
		                notice is sent" after another consequence */
	if (a + 1 == marker && (is_w(p, a, marker, "it") || is_w(p, a, marker, "they")))
		return true;
	const char *w = p->tk[marker - 1].low;
	if (p->tk[marker - 1].kind != T_WORD || !w)
		return false;
	char head[64];
	size_t hl = word_singular(w, strlen(w), head, sizeof head);
	if (!hl || hl >= sizeof head)
		return false;
	const char *names[4] = { p->c->trigger, p->lx->name.value, NULL, NULL };
	for (size_t i = 0; i < 2; i++)
		if (names[i] && words_have(p->c, names[i], head))
			return true;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if (x->words.n) { /* split once, when the term was declared */
			for (size_t w = 0; w < x->words.n; w++)
				if (!strcmp(x->words.w[w], head))
					return true;
		} else if (x->name && words_have(p->c, x->name, head)) {
			return true;
		}
	}
	for (uint32_t d = 0; d < p->c->ndocs; d++)
		if (words_have(p->c, p->c->docs[d], head))
			return true;
	return false;
}
