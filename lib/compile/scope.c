/*
 * Scope qualifiers: who a rule applies to.
 *
 *   "For construction loans exceeding $5M, ..."   a kind and a comparison
 *   "For claims of type water or fire, ..."       set membership
 *   "For applicants aged 65 or older, ..."        an aged qualifier
 *   "For loans described as jumbo, ..."           a described kind
 *
 * A qualifier names the case ("loans", "claims") and what narrows it; the
 * narrowing is read with the condition grammar (cond.c), so anything a
 * condition may say, a scope may say too.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "compile/arith.h"
#include "compile/atoms.h"
#include "compile/compare.h"
#include "compile/complements.h"
#include "compile/cond.h"
#include "compile/dates.h"
#include "compile/mention.h"
#include "compile/passive.h"
#include "compile/scope.h"
#include "compile/statement.h"
#include "compile/taken.h"
#include "compile/xref.h"

/* "high-cost procedures" naming a set: the value of the one field whose
 * name shares the set's noun ("procedure code") is one of them. */
static bool is_set_def(const def *x)
{
	return x->is_set;
}

/* The one set whose name has every word of [np, end): "an eligible
 * status" for "the eligible policy statuses". */
static int32_t set_named_by(parser *p, uint32_t np, uint32_t end)
{
	const char *text = slice_of(p, np, end - 1);
	wordlist w;
	if (!text || !words_split(p->c->a, text, strlen(text), WORDS_CONTENT, &w) || !w.n)
		return -1;
	return term_with_words(p->c, &w, is_set_def);
}

static expr *set_membership(parser *p, uint32_t np, uint32_t end)
{
	uint32_t tl;
	int32_t set = match_term(p, np, end, false, &tl);
	if (set < 0 || np + tl != end || !p->c->defs[set].is_set)
		set = set_named_by(p, np, end);
	if (set < 0)
		return NULL;
	const def *sd = &p->c->defs[set];
	const char *noun = sd->words.n ? sd->words.w[sd->words.n - 1] : "";
	int32_t field = -1;
	unsigned found = 0;
	for (uint32_t i = 0; i < p->c->ndefs; i++) {
		const def *x = &p->c->defs[i];
		if ((int32_t)i == set || x->is_set || !x->key || x->kind == POLICY_STEP_CHECK ||
		    x->kind == POLICY_STEP_ACTION || x->kind == POLICY_STEP_REQUIRE)
			continue;
		for (size_t w = 0; w < x->words.n; w++)
			if (!strcmp(x->words.w[w], noun)) {
				field = (int32_t)i;
				found++;
				break;
			}
	}
	if (found > 1 && !parser_quiet(p)) {
		/* two values the set could be of ("procedure code", "procedure
		 * fee"): never a guess, and never a text compared with the name */
		diag_error(p->c, span_of(p, np, end - 1),
		           "say which value, e.g. 'For requests whose procedure code is one of the "
		           "high-cost procedures'",
		           "I can't tell which value is one of the %s", sd->name);
		return expr_const(p->c, value_bool(true), span_of(p, np, end - 1), NULL);
	}
	if (found != 1)
		return NULL;
	expr *subject = expr_ref(p->c, (uint32_t)field, span_of(p, np, end - 1));
	expr *ref = expr_ref(p->c, (uint32_t)set, span_of(p, np, end - 1));
	if (!subject || !ref)
		return NULL;
	subject->text = p->c->defs[field].name;
	ref->text = slice_of(p, np, end - 1);
	expr *e = expr_binary(p->c, E_IN, subject, ref, span_of(p, np, end - 1));
	if (e) {
		e->type = POLICY_TYPE_BOOLEAN;
		e->text = "is one of";
	}
	return e;
}

/* "For construction loans exceeding $5M", "For applicants whose age is
 * between 18 and 65": the cases a scope covers. NULL with no diagnostic
 * means it covers every case ("For all claims"). */
/* The qualifier `a` is the case type `b` with only words that every case
 * has: "new claims", "incoming applications". */
static bool only_adds_new(parser *p, uint32_t np, uint32_t end, const char *a, const char *b)
{
	if (!strstr(a, b))
		return false;
	static const char *const every[] = { "new", "incoming", "submitted", "received", "all",
	                                     "every", "each", "any" };
	wordlist tw_, cw;
	const char *q = slice_of(p, np, end - 1);
	if (!q || !words_split(p->c->a, q, strlen(q), WORDS_CONTENT, &tw_) ||
	    !words_split(p->c->a, b, strlen(b), WORDS_CONTENT, &cw))
		return false;
	for (size_t i = 0; i < tw_.n; i++) {
		bool known = false;
		for (size_t j = 0; j < cw.n && !known; j++)
			known = !strcmp(tw_.w[i], cw.w[j]);
		for (size_t j = 0; j < sizeof every / sizeof every[0] && !known; j++)
			known = !strcmp(tw_.w[i], every[j]);
		if (!known)
			return false;
	}
	return true;
}

/* Whether `key` is a run of whole words of `name`'s key. */
static bool key_within(parser *p, const char *key, const char *name)
{
	char *b = name ? words_key(p->c->a, name, strlen(name)) : NULL;
	size_t n = strlen(key);
	for (const char *at = b ? strstr(b, key) : NULL; at; at = strstr(at + 1, key))
		if ((at == b || at[-1] == ' ') && (at[n] == ' ' || at[n] == '\0'))
			return true;
	return false;
}

/* The words name the case the policy decides, whatever its kind: the
 * noun of its trigger ("new claims" when a new claim arrives), of its
 * title, or of a document it reads ("lease applications" of the lease
 * application). */
static bool names_the_case(parser *p, uint32_t np, uint32_t end)
{
	char *a = key_of(p, np, end);
	if (!a || !*a)
		return false;
	const char *trigger = p->c->trigger;
	if (trigger) {
		char *b = words_key(p->c->a, trigger, strlen(trigger));
		if (b && (key_within(p, a, trigger) || only_adds_new(p, np, end, a, b)))
			return true;
	}
	if (key_within(p, a, p->lx->name.value))
		return true;
	for (uint32_t d = 0; d < p->c->ndocs; d++)
		if (key_within(p, a, p->c->docs[d]))
			return true;
	return false;
}

/* "non-exempt employees", "fire claims": a value of the one text field
 * whose name has the phrase's last word ("employee classification",
 * "claim type"), "non-" denying it. */
/* The one field of the policy that holds a kind of thing (a status, a
 * class, a type ...), or -1: what a person is said to be ("non-exempt
 * employees") when no field is named after the person. */
static int32_t only_category_field(const parser *p)
{
	int32_t found = -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if ((x->kind != POLICY_STEP_EXTRACT && x->kind != POLICY_STEP_LOOKUP) || !x->key ||
		    (x->type != POLICY_TYPE_TEXT && x->type != POLICY_TYPE_NONE) ||
		    !names_a_category(x->key))
			continue;
		if (found >= 0)
			return -1;
		found = (int32_t)d;
	}
	return found;
}

static expr *kind_qualifier(parser *p, uint32_t np, uint32_t end)
{
	if (end - np < 2)
		return NULL;
	const token *head = &p->tk[end - 1];
	wordlist hw;
	if (head->kind != T_WORD ||
	    !words_split(p->c->a, head->text, head->len, WORDS_CONTENT, &hw) || hw.n != 1)
		return NULL;
	int32_t found = -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if ((x->kind != POLICY_STEP_EXTRACT && x->kind != POLICY_STEP_LOOKUP) ||
		    x->words.n < 2 || (x->type != POLICY_TYPE_TEXT && x->type != POLICY_TYPE_NONE))
			continue;
		/* a field of kinds ("claim type"), not any field with the word
		 * ("temporary lodging nights" for "temporary lodging") */
		if (!names_a_category(x->key) && !(x->type == POLICY_TYPE_TEXT && x->strength >= TYPE_NAME))
			continue;
		bool has = false;
		for (size_t k = 0; k < x->words.n && !has; k++)
			has = !strcmp(x->words.w[k], hw.w[0]);
		if (!has)
			continue;
		if (found >= 0)
			return NULL;
		found = (int32_t)d;
	}
	if (found < 0 && (words_kinds(hw.w[0], strlen(hw.w[0])) & KIND_PARTY))
		found = only_category_field(p); /* "non-exempt employees": the FLSA status */
	if (found < 0)
		return NULL;
	uint32_t vf = np;
	bool non = false;
	if (is_w(p, vf, end, "non") && is_punct(p, vf + 1, end, '-')) {
		non = true;
		vf += 2;
	} else if (p->tk[vf].kind == T_WORD && !strncmp(tw(p, vf), "non-", 4)) {
		non = true;
	}
	if (vf >= end - 1)
		return NULL;
	const char *text = slice_of(p, vf, end - 2);
	if (!text)
		return NULL;
	if (non && !strncmp(text, "non-", 4))
		text += 4;
	expr *r = expr_ref(p->c, (uint32_t)found, span_of(p, end - 1, end - 1));
	expr *v = expr_const(p->c, value_text(text, strlen(text)), span_of(p, vf, end - 2), text);
	if (!r || !v)
		return NULL;
	r->text = p->c->defs[found].name;
	return expr_cmp(p->c, non ? CMP_NE : CMP_EQ, r, v, span_of(p, np, end - 1),
	                non ? "is not" : "is");
}

/* `key` with its last word in the singular ("employee" for "employees"),
 * or NULL if it is not a plural (or on allocation failure). */
static char *singular_key(compiler *c, const char *key)
{
	const char *last = strrchr(key, ' ');
	last = last ? last + 1 : key;
	char one[64];
	size_t n = word_singular(last, strlen(last), one, sizeof one);
	if (!n || n >= sizeof one || !strcmp(one, last))
		return NULL;
	size_t head = (size_t)(last - key);
	char *out = arena_alloc(c->a, head + n + 1);
	if (!out) {
		c->nomem = true;
		return NULL;
	}
	memcpy(out, key, head);
	memcpy(out + head, one, n + 1);
	return out;
}

/* The named condition "<subject> <verb> ..." (declare.c: "A request
 * qualifies only when ...") read from a subject said once and the words
 * after it, auxiliaries and "not" out: "a request that does not qualify",
 * "a qualifying request" (verb = the participle's stem). NULL if no named
 * condition has those words. */
static expr *subject_predicate(parser *p, uint32_t np, uint32_t k, uint32_t c, uint32_t end,
                               const char *verb)
{
	buf b;
	buf_init(&b, &p->c->a->m);
	unsigned nots = 0;
	for (uint32_t j = np; j < end; j++) {
		const token *t = &p->tk[j];
		if (j == k && verb) {
			buf_putc(&b, ' ');
			buf_append(&b, verb, strlen(verb));
		}
		if (j >= k && j < c)
			continue;
		if (t->kind != T_WORD || (j >= c && is_aux_word(t->low)))
			continue;
		if (j >= c && (!strcmp(t->low, "not") || !strcmp(t->low, "never"))) {
			nots++;
			continue;
		}
		if (b.len)
			buf_putc(&b, ' ');
		buf_append(&b, t->text, t->len);
	}
	if (verb && k >= end) {
		buf_putc(&b, ' ');
		buf_append(&b, verb, strlen(verb));
	}
	const char *text = buf_cstr(&b);
	char *key = text ? words_key(p->c->a, text, b.len) : NULL;
	buf_release(&b);
	if (!key) {
		p->c->nomem = true;
		return NULL;
	}
	int32_t d = term_find_key(p->c, key);
	if (d < 0 && (d = term_find_antonym(p->c, key)) >= 0)
		nots++; /* "requests that pass screening" of "fails screening if" */
	if (d < 0 || !p->c->defs[d].is_predicate || p->c->defs[d].kind_of)
		return NULL;
	expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, np, end - 1));
	if (!r)
		return NULL;
	r->text = slice_of(p, np, end - 1);
	take_words(p, np, end - np);
	return nots % 2 ? expr_not(p->c, r) : r;
}

/* "issue ages 71 through 75", "loan amounts of $100,000 to $250,000": a
 * term (its name, the last word perhaps plural) and a range, both ends
 * included. */
static expr *range_qualifier(parser *p, uint32_t np, uint32_t end)
{
	uint32_t r = np + 1;
	while (r < end && p->tk[r].kind != T_QUANTITY)
		r++;
	if (r >= end)
		return NULL;
	uint32_t name_end = r;
	if (is_w(p, name_end - 1, end, "of") || is_w(p, name_end - 1, end, "from") ||
	    is_w(p, name_end - 1, end, "between"))
		name_end--;
	uint32_t f = skip_articles(p, np, name_end);
	char *key = f < name_end ? key_of(p, f, name_end) : NULL;
	int32_t d = key ? term_find_key(p->c, key) : -1;
	char *one = d < 0 && key ? singular_key(p->c, key) : NULL;
	if (one)
		d = term_find_key(p->c, one);
	if (d < 0 || p->c->defs[d].is_predicate)
		return NULL;
	uint32_t j = r;
	expr *lo = parse_value(p, &j, end, V_STOP_AND);
	if (!lo || !(is_w(p, j, end, "through") || is_w(p, j, end, "to") || is_w(p, j, end, "and") ||
	             is_punct(p, j, end, '-')))
		return NULL;
	j++;
	expr *hi = parse_value(p, &j, end, 0);
	if (!hi || j != end)
		return NULL;
	expr *ref = expr_ref(p->c, (uint32_t)d, span_of(p, f, name_end - 1));
	if (!ref)
		return NULL;
	ref->text = p->c->defs[d].name;
	take_words(p, np, end - np);
	expr *args[3] = { ref, lo, hi };
	expr *e = expr_nary(p->c, E_BETWEEN, args, 3, span_of(p, np, end - 1));
	if (e) {
		e->type = POLICY_TYPE_BOOLEAN;
		e->text = "is between";
	}
	return e;
}

/* "participants aged 65 or older", "applicants aged under 21", "members
 * aged 18 to 64": the age of the people named, by the policy's own age or
 * from their date of birth. */
static expr *aged_qualifier(parser *p, uint32_t np, uint32_t end)
{
	uint32_t k = np;
	while (k < end && !is_w(p, k, end, "aged") && !is_w(p, k, end, "age"))
		k++;
	if (k == np || k + 1 >= end)
		return NULL;
	uint32_t at = k + 1;
	cmp_op cmp = CMP_EQ;
	const char *phrase = "is";
	cmp_phrase(p, &at, end, at, &cmp, &phrase);
	uint32_t cl, cl2 = 0;
	int64_t n = count_at(p, at, end, &cl), hi = -1;
	if (n < 0)
		return NULL;
	uint32_t j = at + cl;
	duration_unit u = UNIT_YEARS;
	if (is_unit_word(tw(p, j), &u))
		j++;
	if (cmp == CMP_EQ && (match(p, j, end, "or older") || match(p, j, end, "or over") ||
	                      match(p, j, end, "and over") || match(p, j, end, "and older") ||
	                      match(p, j, end, "or above") || match(p, j, end, "and above"))) {
		cmp = CMP_GE;
		phrase = "is at least";
		j += 2;
	} else if (cmp == CMP_EQ && (match(p, j, end, "or younger") || match(p, j, end, "or under") ||
	                             match(p, j, end, "and under") || match(p, j, end, "or less"))) {
		cmp = CMP_LE;
		phrase = "is at most";
		j += 2;
	} else if (cmp == CMP_EQ && (is_w(p, j, end, "to") || is_w(p, j, end, "through")) &&
	           (hi = count_at(p, j + 1, end, &cl2)) >= 0) {
		j += 1 + cl2;
	} else if (cmp == CMP_EQ) {
		return NULL;
	}
	if (j != end)
		return NULL;
	int32_t own = defined_age_of(p, np, k);
	expr *age;
	if (own >= 0) {
		age = expr_ref(p->c, (uint32_t)own, span_of(p, np, k - 1));
		if (age)
			age->text = p->c->defs[own].name;
	} else {
		int32_t born = birth_date_term(p);
		if (born < 0)
			return NULL;
		uint32_t jj = end;
		age = age_since(p, &jj, np, k, &jj, end, born, u);
	}
	expr *a = expr_const(p->c, value_duration(n, u), span_of(p, at, at + cl - 1), NULL);
	if (!age || !a)
		return NULL;
	if (hi >= 0) {
		expr *b = expr_const(p->c, value_duration(hi, u), span_of(p, j - cl2, j - 1), NULL);
		expr *args[3] = { age, a, b };
		expr *e = b ? expr_nary(p->c, E_BETWEEN, args, 3, span_of(p, k, end - 1)) : NULL;
		if (e) {
			e->type = POLICY_TYPE_BOOLEAN;
			e->text = "is between";
		}
		return e;
	}
	return expr_cmp(p->c, cmp, age, a, span_of(p, k, end - 1), phrase);
}

/* "non-resident applicants" for "An applicant is a non-resident when
 * ...": the named condition whose complement and subject the words say. */
/* Whether `e` (depth-limited) compares a term with the text `want` (a
 * words key): the term in *term. Two different terms: *term = -2. */
static void compared_with(const compiler *c, const expr *e, const char *want, int32_t *term,
                          unsigned depth)
{
	if (!e || depth > 64 || *term == -2)
		return;
	if (e->op == E_CMP && e->cmp == CMP_EQ && e->nargs == 2 && e->args[0]->op == E_REF &&
	    e->args[1]->op == E_CONST && e->args[1]->val.type == POLICY_TYPE_TEXT) {
		const char *t = e->args[1]->text;
		char *k = t ? words_key(c->a, t, strlen(t)) : NULL;
		if (k && !strcmp(k, want)) {
			int32_t d = (int32_t)e->args[0]->step;
			*term = *term == -1 || *term == d ? d : -2;
		}
	}
	for (uint32_t a = 0; a < e->nargs; a++)
		compared_with(c, e->args[a], want, term, depth + 1);
}

/* "for a debit card purchase": the one term the policy compares with the
 * value "debit card purchase" ("the transaction type is debit card
 * purchase"), equal to it; NULL if none or several. */
static expr *value_as_kind(parser *p, uint32_t np, uint32_t end)
{
	char *want = key_of(p, np, end);
	if (!want || !*want)
		return NULL;
	int32_t term = -1;
	for (uint32_t d = 0; d < p->c->ndefs && term != -2; d++) {
		compared_with(p->c, p->c->defs[d].value, want, &term, 0);
		compared_with(p->c, p->c->defs[d].guard, want, &term, 0);
	}
	if (term < 0)
		return NULL;
	const char *text = slice_of(p, np, end - 1);
	expr *ref = expr_ref(p->c, (uint32_t)term, span_of(p, np, end - 1));
	expr *v = text ? expr_const(p->c, value_text(text, strlen(text)), span_of(p, np, end - 1),
	                            text)
	               : NULL;
	if (!ref || !v)
		return NULL;
	ref->text = p->c->defs[term].name;
	return expr_cmp(p->c, CMP_EQ, ref, v, span_of(p, np, end - 1), "is");
}

static int32_t described_by(parser *p, uint32_t np, uint32_t end)
{
	char *want = key_of(p, np, end);
	if (!want)
		return -1;
	for (uint32_t d = 0; d < p->c->ndefs; d++) {
		const def *x = &p->c->defs[d];
		if (!x->is_predicate || !x->name)
			continue;
		const char *cop = strstr(x->name, " is ");
		size_t cl = 4;
		if (!cop) {
			cop = strstr(x->name, " are ");
			cl = 5;
		}
		if (!cop)
			continue;
		const char *compl = cop + cl;
		size_t sl = (size_t)(cop - x->name), ml = strlen(compl);
		char *both = arena_alloc(p->c->a, sl + ml + 2);
		if (!both) {
			p->c->nomem = true;
			return -1;
		}
		memcpy(both, compl, ml);
		both[ml] = ' ';
		memcpy(both + ml + 1, x->name, sl);
		both[sl + ml + 1] = '\0';
		char *k = words_key(p->c->a, both, sl + ml + 1);
		if (k && !strcmp(k, want))
			return (int32_t)d;
		/* "a new account" for 'the account is a "new account" if ...':
		 * the complement names the kind itself */
		char *ck = words_key(p->c->a, compl, ml);
		if (ck && *ck && !strcmp(ck, want) && strchr(ck, ' '))
			return (int32_t)d;
	}
	return -1;
}

/* "an item described in this section", "an application described by any
 * item in Section 4": one of the items of a "None of the following ..."
 * list there holds (parse.c). NULL if that is not the shape. */
static expr *described_in(parser *p, uint32_t np, uint32_t end)
{
	uint32_t k = np;
	while (k < end && !is_w(p, k, end, "described"))
		k++;
	if (k >= end || k == np)
		return NULL;
	uint32_t j = k + 1;
	if (is_w(p, j, end, "by") && (is_w(p, j + 1, end, "any") || is_w(p, j + 1, end, "an")) &&
	    is_w(p, j + 2, end, "item"))
		j += 3;
	xref x = { .n = 0 };
	if (!xref_at(p, &j, end, &x) || j != end)
		return NULL;
	expr *found = NULL;
	for (uint32_t d = 0; d < p->ndescribed; d++)
		if (xref_holds(&x, p->described[d].line)) {
			if (found) {
				expr *args[2] = { found, p->described[d].any };
				found = expr_nary(p->c, E_OR, args, 2, span_of(p, np, end - 1));
				if (found)
					found->type = POLICY_TYPE_BOOLEAN;
			} else {
				found = p->described[d].any;
			}
		}
	if (!found) {
		parser_error(p, np, end - 1, "list the cases with 'None of the following may ...:' there",
		             "'%s' refers to a list of cases, but there is none there before it",
		             slice_of(p, np, end - 1));
		return NULL;
	}
	take_words(p, np, end - np);
	return found;
}

/* "Job-related courses" when the policy reads whether the course is job
 * related: the words before the noun, said of it, name a yes/no value. */
static expr *yes_no_kind(parser *p, uint32_t np, uint32_t end)
{
	if (end < np + 2 || p->tk[end - 1].kind != T_WORD)
		return NULL;
	char one[64];
	const char *noun = p->tk[end - 1].low;
	size_t n = word_singular(noun, strlen(noun), one, sizeof one);
	const char *adj = slice_of(p, np, end - 2);
	if (!n || n >= sizeof one || !adj)
		return NULL;
	size_t al = strlen(adj);
	char *both = arena_alloc(p->c->a, n + al + 5);
	if (!both) {
		p->c->nomem = true;
		return NULL;
	}
	sprintf(both, "%s is %s", one, adj);
	char *key = words_key(p->c->a, both, strlen(both));
	int32_t d = key ? term_find_key(p->c, key) : -1;
	if (d < 0 || p->c->defs[d].type != POLICY_TYPE_BOOLEAN)
		return NULL;
	take_words(p, np, end - np);
	expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, np, end - 1));
	if (r)
		r->text = slice_of(p, np, end - 1);
	return r;
}

static expr *qualifier_read(parser *p, uint32_t first, uint32_t end)
{
	for (uint32_t m = first + 1; m + 1 < end; m++) {
		/* "requests that raise the limit, meaning the requested limit is
		 * higher than the current limit": the words after say it exactly */
		uint32_t n = 0;
		if (is_punct(p, m, end, ',') &&
		    ((n = match(p, m + 1, end, "meaning")) || (n = match(p, m + 1, end, "that is")) ||
		     (n = match(p, m + 1, end, "i.e.")) || (n = match(p, m + 1, end, "namely")))) {
			take_words(p, first, m + 1 + n - first);
			if (is_w(p, m + 1 + n, end, "one") || is_w(p, m + 1 + n, end, "those") ||
			    is_w(p, m + 1 + n, end, "any"))
				return parse_scope_qualifier(p, m + 1 + n, end); /* "meaning one whose ..." */
			return parse_condition(p, m + 1 + n, end);
		}
	}
	uint32_t k = first;
	while (is_w(p, k, end, "all") || is_w(p, k, end, "any") || is_w(p, k, end, "each") ||
	       is_w(p, k, end, "every") || is_w(p, k, end, "the") || is_w(p, k, end, "a") ||
	       is_w(p, k, end, "an"))
		k++;
	uint32_t np = k;
	for (uint32_t d = np; d < end; d++)
		if (is_w(p, d, end, "described")) {
			size_t errors = p->c->diags->count;
			expr *e = described_in(p, np, end);
			if (e || p->c->diags->count != errors)
				return e;
			break;
		}
	expr *yes = yes_no_kind(p, np, end);
	if (yes || p->c->nomem)
		return yes;
	uint32_t whole;
	int32_t named = np < end ? match_term(p, np, end, true, &whole) : -1;
	if (named >= 0 && np + whole == end) {
		/* "For a three-way match invoice:": the named kind, whatever
		 * words in it read as a comparison ("match") */
		expr *r = expr_ref(p->c, (uint32_t)named, span_of(p, np, end - 1));
		if (r)
			r->text = slice_of(p, np, end - 1);
		return r;
	}
	size_t wl = np + 1 < end ? p->tk[np].len : 0;
	if (wl > 6 && p->tk[np].kind == T_WORD && !strcmp(p->tk[np].low + wl - 3, "ing")) {
		/* "a qualifying request": "the request qualifies" */
		char stem[64];
		snprintf(stem, sizeof stem, "%.*s", (int)(wl - 3), p->tk[np].low);
		expr *named = subject_predicate(p, np + 1, end, end, end, stem);
		if (named || p->c->nomem)
			return named;
	}
	if (np + 1 < end && p->tk[np].kind == T_WORD) {
		/* "a qualified applicant" of "An applicant is unqualified when
		 * ...": the opposite */
		char *noun = key_of(p, np + 1, end);
		size_t nl = noun ? strlen(noun) : 0, al = p->tk[np].len;
		char *both = noun ? arena_alloc(p->c->a, nl + al + 2) : NULL;
		if (both) {
			memcpy(both, noun, nl);
			both[nl] = ' ';
			memcpy(both + nl + 1, p->tk[np].low, al);
			both[nl + 1 + al] = '\0';
			char *key = words_key(p->c->a, both, nl + al + 1);
			int32_t d = key ? term_find_key(p->c, key) : -1;
			bool opposite = false;
			if (key && (d < 0 || !p->c->defs[d].is_predicate)) {
				d = term_find_antonym(p->c, key);
				opposite = true;
			}
			if (d >= 0 && !p->c->defs[d].is_predicate)
				d = -1;
			expr *r = d >= 0 ? expr_ref(p->c, (uint32_t)d, span_of(p, np, end - 1)) : NULL;
			if (r) {
				/* "a misuse transaction" of "A transaction counts as
				 * misuse if ..." too */
				r->text = p->c->defs[d].name;
				take_words(p, np, end - np);
				return opposite ? expr_not(p->c, r) : r;
			}
		}
	}
	expr *ranged = range_qualifier(p, np, end);
	if (ranged || p->c->nomem)
		return ranged;
	for (; k < end; k++) {
		const char *w = tw(p, k);
		if (!strcmp(w, "whose") || !strcmp(w, "where") || !strcmp(w, "with") ||
		    !strcmp(w, "that") || !strcmp(w, "which") || !strcmp(w, "who") ||
		    !strcmp(w, "having") || !strcmp(w, "when") || !strcmp(w, "if") ||
		    !strcmp(w, "without")) {
			uint32_t c = k + 1;
			if ((!strcmp(w, "that") || !strcmp(w, "which") || !strcmp(w, "who")) &&
			    (is_w(p, c, end, "has") || is_w(p, c, end, "have")) &&
			    !is_w(p, c + 1, end, "been")) {
				w = "with"; /* "an order that has a total above $500" */
				c++;
			}
			if (!strcmp(w, "without")) {
				uint32_t j = k;
				expr *e = without_atom(p, &j, end);
				if (e && j == end)
					return e;
			}
			if (!strcmp(w, "with") || !strcmp(w, "having")) {
				/* "loans with a loan-to-value ratio above 80%" */
				bool was = p->verbless;
				p->verbless = true;
				expr *e = parse_condition(p, c, end);
				p->verbless = was;
				return e;
			}
			if (!strcmp(w, "that") || !strcmp(w, "which") || !strcmp(w, "who")) {
				expr *named = subject_predicate(p, np, k, c, end, NULL);
				if (named || p->c->nomem)
					return named; /* "a request that does not qualify" */
			}
			bool group = is_w(p, c, end, "meets") || is_w(p, c, end, "meet") ||
			             is_w(p, c, end, "fails") || is_w(p, c, end, "fail") ||
			             ((is_w(p, c, end, "falls") || is_w(p, c, end, "fall")) &&
			              is_w(p, c + 1, end, "under")) ||
			             is_w(p, c, end, "satisfies") || is_w(p, c, end, "satisfy") ||
			             ((is_w(p, c, end, "does") || is_w(p, c, end, "do")) &&
			              is_w(p, c + 1, end, "not"));
			if (group && (!strcmp(w, "that") || !strcmp(w, "which") || !strcmp(w, "who")))
				return parse_condition(p, c, end); /* "that fails any requirement ..." */
			if (!strcmp(w, "that") || !strcmp(w, "which") || !strcmp(w, "who")) {
				char *subject = key_of(p, np, k);
				uint32_t j = c;
				expr *named = subject ? complements(p, subject, &j, end) : NULL;
				char *one = !named && subject ? singular_key(p->c, subject) : NULL;
				if (one) {
					j = c; /* "employees who are eligible": "the employee is" */
					named = complements(p, one, &j, end);
				}
				const expr *ref = named && named->op == E_NOT ? named->args[0] : named;
				if (ref && ref->op == E_REF)
					j = under_defining_section(p, j, end, ref->step);
				if (named && j == end)
					return named;
				uint32_t tj = c;
				size_t errors = p->c->diags->count;
				bool was = p->trial;
				p->trial = true;
				expr *done = taken_atom(p, &tj, end);
				p->trial = was;
				error_truncate(p->c->diags, errors);
				if (done)
					return parse_condition(p, c, end); /* "an application that is
					                                      not declined under
					                                      Section 4" (taken.c) */
				uint32_t sj = c;
				expr *fact = statement_relative(p, np, k, &sj, end);
				if (fact && sj == end)
					return fact; /* "a transfer that was initiated abroad" */
				op_match m;
				if (!fact && op_at(p, c, end, true, &m)) {
					uint32_t j = c;
					expr *e = comparison_rest(p, &j, end, NULL, np, k, &m, NULL);
					if (e && j < end)
						parser_error(p, j, end - 1, NULL, "I don't understand '%s' here",
						             slice_of(p, j, end - 1));
					return j == end ? e : NULL;
				}
			}
			return parse_condition(p, c, end);
		}
		op_match m;
		if (k > np && op_at(p, k, end, true, &m) && m.kind == PK_IN &&
		    match_term(p, np, k, false, &(uint32_t){ 0 }) < 0) {
			/* "policies in an eligible status": the status is one of them */
			uint32_t a = k + m.len;
			while (a < end && (is_w(p, a, end, "a") || is_w(p, a, end, "an") ||
			                   is_w(p, a, end, "the")))
				a++;
			expr *in = a < end ? set_membership(p, a, end) : NULL;
			if (in || p->c->nomem)
				return in;
		}
		if (k > np && op_at(p, k, end, true, &m)) {
			uint32_t j = k;
			expr *subject = NULL;
			expr *e = comparison_rest(p, &j, end, NULL, np, k, &m, &subject);
			op_match m2;
			while (e && subject && j + 1 < end &&
			       (is_w(p, j, end, "but") || is_w(p, j, end, "and")) &&
			       op_at(p, j + 1, end, true, &m2) && m2.kind != PK_EQ) {
				/* "of $5,000 or more but less than $30,000": both bounds */
				uint32_t j2 = j + 1;
				expr *b = comparison_rest(p, &j2, end, subject, 0, 0, &m2, NULL);
				if (!b)
					break;
				take_words(p, j, 1);
				e = expr_and(p->c, e, b);
				j = j2;
			}
			if (e && j + 1 < end && (is_w(p, j, end, "with") || is_w(p, j, end, "having"))) {
				/* "A requisition over $10,000.00 with fewer than three
				 * quotations attached": both */
				bool was = p->verbless;
				p->verbless = true;
				expr *more = parse_condition(p, j + 1, end);
				p->verbless = was;
				if (!more)
					return NULL;
				take_words(p, j, 1);
				return expr_and(p->c, e, more);
			}
			if (e && j < end) {
				parser_error(p, j, end - 1, NULL, "I don't understand '%s' in the scope",
				             slice_of(p, j, end - 1));
				return NULL;
			}
			return e;
		}
	}
	/* A bare noun phrase: a yes/no term, a defined set ("For high-cost
	 * procedures:" means the procedure code is one of them), the case
	 * type, or everything. */
	if (np < end) {
		uint32_t tl;
		int32_t d = match_term(p, np, end, true, &tl);
		if (d >= 0 && np + tl == end)
			return expr_ref(p->c, (uint32_t)d, span_of(p, np, end - 1));
		expr *in = set_membership(p, np, end);
		if (in || p->c->nomem)
			return in;

		d = described_by(p, np, end);
		if (d >= 0)
			return expr_ref(p->c, (uint32_t)d, span_of(p, np, end - 1));
		expr *valued = value_as_kind(p, np, end);
		if (valued || p->c->nomem)
			return valued;
		expr *taken = taken_kind(p, np, end);
		if (taken || p->c->nomem)
			return taken; /* "For approved applications:" (taken.c) */
		expr *aged = aged_qualifier(p, np, end);
		if (aged || p->c->nomem)
			return aged;

		for (uint32_t k2 = np + 1; k2 + 1 < end; k2++) {
			/* "claims on program crops", "loans for eligible purposes" */
			if (!is_w(p, k2, end, "on") && !is_w(p, k2, end, "for") &&
			    !is_w(p, k2, end, "of") && !is_w(p, k2, end, "involving") &&
			    !is_w(p, k2, end, "covering") && !is_w(p, k2, end, "in") &&
			    !is_w(p, k2, end, "to") && !is_w(p, k2, end, "into"))
				continue;
			uint32_t a = k2 + 1;
			while (a < end && (is_w(p, a, end, "a") || is_w(p, a, end, "an") ||
			                   is_w(p, a, end, "the")))
				a++;
			if (a < end && (in = set_membership(p, a, end)))
				return in;
			/* "a deposit to a new account": the kind named after it,
			 * when the words before name the case */
			int32_t kind_d = a < end ? described_by(p, a, end) : -1;
			if (kind_d >= 0 && p->c->trigger) {
				char *head = key_of(p, np, k2);
				char *b = words_key(p->c->a, p->c->trigger, strlen(p->c->trigger));
				if (head && b && *head && strstr(b, head)) {
					take_words(p, np, end - np);
					return expr_ref(p->c, (uint32_t)kind_d, span_of(p, a, end - 1));
				}
			}
		}
		expr *kind = kind_qualifier(p, np, end);
		if (kind || p->c->nomem)
			return kind;
		if (names_the_case(p, np, end))
			return NULL; /* "For new claims": every case; "For fire claims" is not */
		parser_error(p, np, end - 1, "say which cases, e.g. 'For loans exceeding $5M, ...'",
		             "I can't tell which cases '%s' covers", slice_of(p, np, end - 1));
	}
	return NULL;
}

/* "An application outside that range", "a request outside those limits"
 * after a requirement of bounds: the cases that fail it. [np, end) is
 * the subject after its determiner; NULL if it is not that. */
static expr *outside_the_range(parser *p, uint32_t first, uint32_t np, uint32_t end)
{
	uint32_t o = np;
	while (o < end && !is_w(p, o, end, "outside"))
		o++;
	if (o == np || o + 3 != end || !names_the_case(p, np, o) ||
	    !(is_w(p, o + 1, end, "that") || is_w(p, o + 1, end, "this") ||
	      is_w(p, o + 1, end, "the") || is_w(p, o + 1, end, "those") ||
	      is_w(p, o + 1, end, "these")) ||
	    !(is_w(p, o + 2, end, "range") || is_w(p, o + 2, end, "limits") ||
	      is_w(p, o + 2, end, "bounds")))
		return NULL;
	for (uint32_t d = p->c->ndefs; d-- > 0;) {
		const def *y = &p->c->defs[d];
		if (y->sentence_index >= p->cur)
			continue;
		if (y->kind != POLICY_STEP_CHECK || !y->value ||
		    !(y->value->op == E_BETWEEN || y->value->op == E_AND))
			break; /* only a requirement of bounds, stated last */
		expr *r = expr_ref(p->c, d, span_of(p, o, end - 1));
		if (!r)
			return NULL;
		take_words(p, first, end - first);
		return expr_not(p->c, r);
	}
	parser_error(p, o, end - 1, "state the bounds as a requirement right before this",
	             "'%s' follows no requirement of bounds", slice_of(p, o, end - 1));
	return NULL;
}

/* The words before a relative clause say which cases too: "an approved
 * application whose ...", "a large application whose ..." (adjectives
 * that an earlier version dropped without a word). */
expr *parse_scope_qualifier(parser *p, uint32_t first, uint32_t end)
{
	uint32_t np = first;
	while (np < end && (is_w(p, np, end, "all") || is_w(p, np, end, "any") ||
	                    is_w(p, np, end, "each") || is_w(p, np, end, "every") ||
	                    is_w(p, np, end, "the") || is_w(p, np, end, "a") || is_w(p, np, end, "an")))
		np++;
	expr *outside = outside_the_range(p, first, np, end);
	if (outside || p->c->nomem)
		return outside;
	for (uint32_t v = np + 1; v < end && v <= np + 3 && p->tk[v].kind == T_WORD; v++)
		if (participle_verb(p, p->tk[v].low) && names_event_date(p, v, end)) {
			/* "claims filed more than 30 days after the loss date": the
			 * filing date, not a value called "claims filed" */
			take_words(p, first, np - first);
			uint32_t whose = v + 1;
			while (whose < end && !is_w(p, whose, end, "whose"))
				whose++;
			if (whose + 1 >= end)
				return parse_condition(p, np, end);
			/* "... after the loss date whose cause is wind or hail": the
			 * relative clause's condition, with its own "or" */
			take_words(p, whose, 1);
			expr *when = parse_condition(p, np, whose);
			expr *what = when ? parse_condition(p, whose + 1, end) : NULL;
			return what ? expr_and(p->c, when, what) : NULL;
		}
	uint32_t k = np;
	while (k < end && p->tk[k].kind == T_WORD && !is_w(p, k, end, "whose") &&
	       !is_w(p, k, end, "that") && !is_w(p, k, end, "which") && !is_w(p, k, end, "who") &&
	       !is_w(p, k, end, "with") && !is_w(p, k, end, "where") && !is_w(p, k, end, "having"))
		k++;
	bool phrase = false; /* "deposits from members who ...": the clause is the members' */
	for (uint32_t w = np; w < k && !phrase; w++)
		phrase = is_w(p, w, k, "from") || is_w(p, w, k, "of") || is_w(p, w, k, "for") ||
		         is_w(p, w, k, "to") || is_w(p, w, k, "in") || is_w(p, w, k, "on") ||
		         is_w(p, w, k, "by");
	if (k >= end || k < np + 2 || p->tk[k].kind != T_WORD || phrase)
		return qualifier_read(p, first, end);
	size_t errors = p->c->diags->count;
	expr *head = qualifier_read(p, first, k);
	if (p->c->diags->count != errors || p->c->nomem)
		return NULL; /* reported: "I can't tell which cases 'large application' covers" */
	expr *rest = qualifier_read(p, first, end);
	return head && rest ? expr_and(p->c, head, rest) : rest;
}

expr *leading_band(parser *p, uint32_t i, uint32_t end, uint32_t *comma)
{
	op_match m;
	if (!op_at(p, i, end, true, &m) || m.kind != PK_CMP || m.len == 0 || i + m.len >= end ||
	    p->tk[i + m.len].kind != T_QUANTITY)
		return NULL;
	uint32_t q = i + m.len, c = q + 1;
	while (c < end && c < q + 6 && p->tk[c].kind == T_WORD)
		c++;
	if (c >= end || !is_punct(p, c, end, ',') || c == q + 1)
		return NULL;
	uint32_t tl;
	int32_t d = match_term(p, q + 1, c, false, &tl);
	if (d < 0 || q + 1 + tl != c || p->c->defs[d].is_predicate)
		return NULL;
	/* "Over 37.5 projected hours, route the form to the supervisor": the
	 * projected hours over 37.5 */
	expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, q + 1, c - 1));
	expr *v = expr_const(p->c, p->tk[q].val, span_of(p, q, q), slice_of(p, q, q));
	if (!r || !v)
		return NULL;
	r->text = p->c->defs[d].name;
	take_words(p, i, c + 1 - i);
	*comma = c;
	return expr_cmp(p->c, m.negated ? cmp_negate(m.cmp) : m.cmp, r, v, span_of(p, i, c - 1),
	                slice_of(p, i, i + m.len - 1));
}

/* "must be true", "shall be met", "are required", "need to hold" */
bool says_must(const parser *p, uint32_t i, uint32_t end)
{
	static const char *const v[] = { "must", "shall", "should", "need to", "needs to",
	                                  "has to", "have to", "is required", "are required" };
	for (uint32_t k = i; k < end; k++)
		for (size_t x = 0; x < sizeof v / sizeof v[0]; x++)
			if (match(p, k, end, v[x]))
				return true;
	return false;
}

/* In "For <cases>, all of the following controls must be met:" over a
 * list, where the checks begin (after the comma); NONE if not that. */
uint32_t following_checks_at(parser *p, const sentence *s, uint32_t i, uint32_t end)
{
	if (s->end != ':' || !s->nkids)
		return NONE;
	for (uint32_t j = i + 1; j + 1 < end; j++) {
		if (!is_punct(p, j, end, ','))
			continue;
		uint32_t k = j + 1;
		while (k < end && !match(p, k, end, "the following"))
			k++;
		if (k < end && k <= j + 4 && says_must(p, k, end))
			return j + 1;
	}
	return NONE;
}

/* In "For <cases>, the prior violation count sets the consequence:", the
 * comma before a value of the policy that "sets", "determines" or
 * "decides" the outcome (which the list's rules then test); its words
 * read. NONE if not that. */
uint32_t says_what_decides(parser *p, uint32_t i, uint32_t end)
{
	for (uint32_t c = i + 1; c + 3 < end; c++) {
		if (!is_punct(p, c, end, ','))
			continue;
		uint32_t f = skip_articles(p, c + 1, end), tl;
		if (match_term(p, f, end, false, &tl) < 0)
			continue;
		uint32_t v = f + tl;
		if (!(is_w(p, v, end, "sets") || is_w(p, v, end, "determines") ||
		      is_w(p, v, end, "decides") || is_w(p, v, end, "governs")) ||
		    !is_w(p, v + 1, end, "the") || v + 3 != end)
			continue;
		take_words(p, c, end - c);
		return c;
	}
	return NONE;
}
