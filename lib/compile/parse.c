/*
 * Pass 2: statements, in document order.
 *
 *   If C, A.   A if C.   A unless C.   When C, A.   If C: - ... - ...
 *   Otherwise, A.   Otherwise, if C, A.   (binds to the If before it in the
 *                   same list; an Otherwise-if chain is one rule)
 *   For <cases>, A, B and C.   For <cases>: - ... - ...   (a scope)
 *   Verify / Confirm / Ensure / Check that C.   X must ...   (checks)
 *   Require three independent appraisals.   (a requirement)
 *   <verb> ...   (an action, kept as written: "escalate to senior adjuster
 *                 review")
 *
 * A rule's guard is the conjunction of the scopes and conditions around it.
 * A condition that refers to checks ("if all of these requirements are
 * met") also takes those checks' scope, so "Otherwise, refer the loan" does
 * not fire for loans the requirements never applied to.
 *
 * Every sentence must be understood: one that is not is an error that
 * quotes it, and parsing goes on with the next sentence so a single run
 * reports every problem.
 */
#include <string.h>

#include "compile/cases.h"
#include "compile/cond.h"
#include "compile/provenance.h"
#include "compile/declare.h"
#include "compile/definitions.h"
#include "compile/guardrails.h"
#include "compile/judgment.h"
#include "compile/mention.h"
#include "compile/parse.h"
#include "compile/rules.h"
#include "compile/scope.h"
#include "compile/table_cells.h"
#include "compile/accounting.h"
#include "compile/atoms.h"
#include "compile/classify.h"
#include "compile/intro.h"
#include "compile/members.h"
#include "compile/passive.h"
#include "compile/section_scope.h"
#include "compile/source_map.h"
#include "compile/table.h"
#include "compile/xref.h"

typedef enum clause_mode {
	MODE_TOP,        /* a sentence of its own */
	MODE_SCOPE,      /* the rules of "For <cases>, ..." */
	MODE_CONSEQUENT  /* what "If C, ..." does */
} clause_mode;

static void sequence(parser *p, const uint32_t *items, uint32_t n, expr *guard);
static void statement(parser *p, uint32_t si, seq_ctx *ctx);

static void ctx_add_cond(parser *p, seq_ctx *ctx, expr *cond)
{
	if (!cond)
		return;
	if (ctx->nconds == ctx->cap) {
		uint32_t cap = ctx->cap ? ctx->cap * 2 : 8;
		expr **c = arena_grow(p->c->a, ctx->conds, ctx->nconds, cap, sizeof *c);
		if (!c) {
			p->c->nomem = true;
			return;
		}
		ctx->conds = c;
		ctx->cap = cap;
	}
	ctx->conds[ctx->nconds++] = cond;
}

static expr *clause(parser *p, uint32_t a, uint32_t b, expr *guard, clause_mode mode);
static void conditional(parser *p, uint32_t i, uint32_t end, seq_ctx *ctx, bool negate);

/* A list whose intro says its items must hold: "All of the following must
 * be true:", "Verify the following:", "The following conditions must be
 * met:". When all of them must, each item is a check of its own, so the
 * decision names the one that failed; "any of the following" and "none of
 * the following" are one check over the list. Items under "The following
 * documents are required:" or "Require the following:" are requirements.
 * The items form one group, for "if all of these checks pass". */
static void list_of_checks(parser *p, uint32_t a, uint32_t b, expr *guard, bool documents)
{
	uint32_t si = p->cur;
	bool all = true;
	for (uint32_t k = a; k < b && !match(p, k, b, "the following"); k++)
		if (is_w(p, k, b, "any") || is_w(p, k, b, "either") || is_w(p, k, b, "none") ||
		    is_w(p, k, b, "neither") || is_w(p, k, b, "no") ||
		    (is_w(p, k, b, "one") && !(k > a && (is_w(p, k - 1, b, "every") ||
		                                         is_w(p, k - 1, b, "each")))))
			all = false; /* but "every one of the following" is all */
	if (!all && !documents) {
		expr *cond = parse_condition(p, a, b);
		if (cond)
			add_check(p, a, b, cond, guard);
		return;
	}
	expr *which;
	if (!intro_cases(p, a, b, &which))
		return;
	guard = expr_and(p->c, guard, which);
	uint32_t first = p->c->ndefs;
	const sentence *s = &p->s[si];
	for (uint32_t c = 0; c < s->nkids; c++) {
		uint32_t kid = s->kids[c];
		p->s[kid].consumed = true;
		sentence_select(p, kid);
		uint32_t n = p->s[kid].n;
		uint32_t comma = NONE;
		for (uint32_t k = 1; k < n && comma == NONE && (is_w(p, 0, n, "if") ||
		                                               is_w(p, 0, n, "when")); k++)
			if (is_punct(p, k, n, ','))
				comma = k;
		if (documents) {
			requirement_of(p, 0, 0, n, guard);
		} else if (comma != NONE && comma + 1 < n && !is_clause_start(p, comma + 1, n)) {
			/* "f) if the amount is over $50,000, the officer is not the
			 * callback associate": a check where its condition holds */
			expr *when = parse_condition(p, 1, comma);
			expr *cond = when ? parse_condition(p, comma + 1, n) : NULL;
			if (cond)
				add_check(p, 0, n, cond, expr_and(p->c, guard, when));
		} else if (is_clause_start(p, 0, n)) {
			clause(p, 0, n, guard, MODE_TOP); /* "- Require proof of insurance." */
		} else {
			item_check(p, n, guard);
		}
	}
	sentence_select(p, si);
	for (uint32_t d = first; d < p->c->ndefs; d++)
		p->c->defs[d].group = si;
	p->last_group = si;
}

/* Add `key` to the keys of every lookup the expression reads. */
static void key_lookups(parser *p, const expr *e, uint32_t key, unsigned depth)
{
	if (!e || depth > 32 || p->c->nomem)
		return;
	if (e->op == E_REF && e->step < p->c->ndefs) {
		def *x = &p->c->defs[e->step];
		if (x->kind == POLICY_STEP_LOOKUP) {
			for (uint32_t k = 0; k < x->nkeys; k++)
				if (x->keys[k]->op == E_REF && x->keys[k]->step == key)
					return;
			expr **keys = arena_grow(p->c->a, x->keys, x->nkeys, x->nkeys + 1, sizeof *keys);
			expr *r = expr_ref(p->c, key, x->sp);
			if (!keys || !r) {
				p->c->nomem = true;
				return;
			}
			r->text = p->c->defs[key].name;
			keys[x->nkeys++] = r;
			x->keys = keys;
		} else if (x->kind == POLICY_STEP_COMPUTE) {
			key_lookups(p, x->value, key, depth + 1);
		}
	}
	for (uint32_t i = 0; i < e->nargs; i++)
		key_lookups(p, e->args[i], key, depth + 1);
}

/* "verify contractor licensure in the project state": the words after a
 * named condition say for which value its lookups are made, so the
 * value becomes a key of each ("look up the license status for the
 * project state"). Words that name no term are left to accounting.c. */
static void predicate_place(parser *p, uint32_t d, uint32_t k, uint32_t b)
{
	if (!(is_w(p, k, b, "in") || is_w(p, k, b, "for") || is_w(p, k, b, "under") ||
	      is_w(p, k, b, "with")) || k + 1 >= b)
		return;
	uint32_t f = skip_articles(p, k + 1, b);
	int32_t t = resolve_np(p, f, b, POLICY_TYPE_NONE, false);
	if (t < 0 || p->c->defs[t].kind == POLICY_STEP_ACTION)
		return;
	if (p->nplaces == sizeof p->places / sizeof p->places[0])
		return;
	take_words(p, k, b - k);
	/* the named condition may be defined further down: keyed at the end */
	p->places[p->nplaces].pred = d;
	p->places[p->nplaces].key = (uint32_t)t;
	p->nplaces++;
	p->c->defs[t].used = true;
}

static void key_places(parser *p)
{
	for (uint32_t i = 0; i < p->nplaces; i++)
		key_lookups(p, p->c->defs[p->places[i].pred].value, p->places[i].key, 0);
}

/* One action, check or requirement in [a, b). Returns the cases the
 * subject of a passive consequence names ("Loans over $1M are referred
 * ..."), which the consequences joined to it share; NULL if none. */
static expr *clause(parser *p, uint32_t a, uint32_t b, expr *guard, clause_mode mode)
{
	a = skip_lead_adverb(p, a, b);
	if (xref_switch_off(p, a, b, guard))
		return NULL; /* "..., and Sections 5 and 6 do not apply to it" */
	const char *w = tw(p, a);
	if (!strcmp(w, "if") || !strcmp(w, "when") || !strcmp(w, "whenever")) {
		seq_ctx sub = { .guard = guard };
		conditional(p, a + 1, b, &sub, false);
		return NULL;
	}
	unsigned opener = check_opener(w, tw(p, a + 1));
	if (opener == 2 && !is_w(p, a + 2, b, "that")) {
		/* "make sure the amount is ...": as if "that" were there */
		expr *cond = parse_condition(p, a + 2, b);
		if (cond)
			add_check(p, a, b, cond, guard);
		return NULL;
	}
	if (opener && !is_aux_word(tw(p, a + opener))) {
		a += opener - 1;
		if (introduces_list(p, a + 1, b) ||
		    (a + 2 == b && is_w(p, a + 1, b, "that") && p->s[p->cur].end == ':' &&
		     p->s[p->cur].nkids)) {
			/* "... and confirm that:" over a list: each item a check */
			list_of_checks(p, a + 1, b, guard, false);
			return NULL;
		}
		if (is_w(p, a + 1, b, "that") || is_w(p, a + 1, b, "whether")) {
			checks(p, a, a + 2, b, guard);
			return NULL;
		}
		uint32_t l;
		int32_t d = predicate_prefix(p, a + 1, b, &l);
		if (d >= 0) {
			/* "verify contractor licensure in the project state": the rest
			 * says where; the named condition says how. */
			expr *r = expr_ref(p->c, (uint32_t)d, span_of(p, a + 1, a + l));
			if (r)
				r->text = slice_of(p, a + 1, a + l);
			predicate_place(p, (uint32_t)d, a + 1 + l, b);
			add_check(p, a, b, r, guard);
			return NULL;
		}
		if (has_comparison(p, a + 1, b)) {
			expr *cond = parse_condition(p, a + 1, b);
			if (cond)
				add_check(p, a, b, cond, guard);
			return NULL;
		}
		add_action(p, a, b, guard);
		return NULL;
	}
	for (uint32_t c = a + 1; c + 1 < b && !strcmp(w, "require"); c++)
		if (is_punct(p, c, b, ':') && is_clause_start(p, c + 1, b)) {
			/* "require a site visit: schedule a site visit": what the
			 * requirement is, then the action that meets it */
			take_words(p, a, c + 1 - a);
			return clause(p, c + 1, b, guard, mode);
		}
	if ((!strcmp(w, "require") || !strcmp(w, "requires")) &&
	    (mode != MODE_CONSEQUENT || names_documents(p, a + 1, b))) {
		if (introduces_list(p, a + 1, b))
			list_of_checks(p, a + 1, b, guard, true);
		else
			requirement(p, a, b, guard);
		return NULL;
	}
	if ((!strcmp(w, "extract") || !strcmp(w, "capture") || match(p, a, b, "look up")) &&
	    inner_declaration(p, a, b))
		return NULL; /* declared with the terms (declare_inner_clauses) */
	if (!strcmp(w, "extract") || match(p, a, b, "look up")) {
		diag_error(p->c, span_of(p, a, b - 1),
		           "extract and look up values in a sentence of their own, before the rules",
		           "'%s' is inside a rule", slice_of(p, a, b - 1));
		return NULL;
	}
	if (p->tk[a].kind != T_WORD) {
		diag_error(p->c, span_of(p, a, b - 1), "start the action with a verb",
		           "I don't understand '%s'", slice_of(p, a, b - 1));
		return NULL;
	}
	if (is_determiner(w) && has_comparison(p, a, b)) {
		uint32_t f = skip_articles(p, a, b), tl;
		int32_t t = match_term(p, f, b, false, &tl);
		if (t < 0) {
			/* a term by its other name ("the loan term" of "the loan term
			 * in days"): up to the modal */
			uint32_t md = f;
			while (md < b && md < f + MAX_TERM_WORDS && !is_w(p, md, b, "must") &&
			       !is_w(p, md, b, "shall") && !is_w(p, md, b, "may") &&
			       !is_w(p, md, b, "cannot"))
				md++;
			if (md < b && md > f && (t = resolve_np(p, f, md, POLICY_TYPE_NONE, false)) >= 0)
				tl = md - f;
		}
		uint32_t be = f + tl + 1;
		bool passive = t >= 0 && is_w(p, be, b, "be") && be + 2 < b &&
		               p->tk[be + 1].kind == T_WORD && participle_verb(p, p->tk[be + 1].low) &&
		               is_action_verb(participle_verb(p, p->tk[be + 1].low));
		if (t >= 0 && !passive &&
		    (is_w(p, f + tl, b, "must") || is_w(p, f + tl, b, "shall") ||
		     (is_w(p, f + tl, b, "may") && is_w(p, f + tl + 1, b, "not")) ||
		     is_w(p, f + tl, b, "cannot"))) {
			/* "When the need is foreseeable, the notice period must be at
			 * least 30 days": a check under the condition */
			checks(p, a, a, b, guard);
			return NULL;
		}
	}
	for (uint32_t k = a + 1; k + 1 < b && k < a + 5 && is_determiner(w) && mode == MODE_CONSEQUENT;
	     k++)
		if ((is_w(p, k, b, "must") || is_w(p, k, b, "shall")) && is_party(p, a, k) &&
		    (is_w(p, k + 1, b, "have") || is_w(p, k + 1, b, "maintain") ||
		     is_w(p, k + 1, b, "keep") || is_w(p, k + 1, b, "carry"))) {
			/* "When the DTI is above 45%, the borrower must have at least six
			 * months of reserves": a check under the condition */
			if (!documents_required(p, a, k, b, guard))
				checks(p, a, a, b, guard);
			return NULL;
		}
	for (uint32_t k = a + 1; k + 1 < b && k < a + 8 && mode == MODE_CONSEQUENT; k++)
		if ((is_w(p, k, b, "is") || is_w(p, k, b, "are")) && k + 2 == b &&
		    required_documents(p, a, k, b, guard))
			return NULL; /* "If C, a provider certification is required." */
	expr *which;
	if (passive_consequence(p, a, b, guard, &which)) {
		if (which && mode == MODE_TOP && p->ctx) {
			/* "Loans over $1M are referred to the committee. Otherwise, ..." */
			ctx_add_cond(p, p->ctx, which);
			p->last_cond = which;
			p->ctx->chain = which;
			p->ctx->chain_guard = guard;
			p->ctx->chain_open = true;
		}
		return which;
	}
	uint32_t aux_at;
	const char *pverb;
	if (modal_documents(p, a, b, guard))
		return NULL; /* "If C, the report must be accompanied by three estimates" */
	if (is_determiner(w) || passive_at(p, a, b, &aux_at, &pverb) != NONE) {
		/* "Exempt status is recorded only after ...": a passive about
		 * something the policy does not know, never the verb "exempt" */
		diag_error(p->c, span_of(p, a, b - 1),
		           "say what to do with a verb first ('decline the application') or in the "
		           "passive ('the application is declined')",
		           "I can't tell what to do in '%s'", slice_of(p, a, b - 1));
		return NULL;
	}
	add_action(p, a, b, guard);
	return NULL;
}

static void otherwise(parser *p, uint32_t i, uint32_t end, seq_ctx *ctx, uint32_t kw_len);
static bool imperative_like(const parser *p, uint32_t k, uint32_t end);

/* Whether words [a, k) before a comma can be a consequence of their own: a
 * verb first, or an auxiliary in them ("the claim is denied"); not "Written
 * consent to destroy" in "Written consent to destroy, abandon or put to
 * another use any acreage is given ...", whose comma lists verbs. */
static bool clause_like(const parser *p, uint32_t a, uint32_t k)
{
	if (is_clause_start(p, a, k) || imperative_like(p, a, k))
		return true;
	for (uint32_t j = a; j < k; j++)
		if (p->tk[j].kind == T_WORD && is_aux_word(p->tk[j].low))
			return true;
	return false;
}

/* "the BSA Officer must be alerted and the event documented in the case
 * file": after "and", a subject and a participle with the auxiliary said
 * once before. The participle's index in *part. */
static bool gapped_at(parser *p, uint32_t j, uint32_t end, uint32_t *part)
{
	enum { MAX_SUBJECT_WORDS = 4 };
	if (!is_w(p, j, end, "the") && !is_w(p, j, end, "a") && !is_w(p, j, end, "an"))
		return false;
	for (uint32_t k = j + 1; k < end && k <= j + MAX_SUBJECT_WORDS + 1; k++) {
		if (p->tk[k].kind != T_WORD || is_aux_word(p->tk[k].low) ||
		    is_np_stop_word(p->tk[k].low))
			return false;
		const char *v = k > j + 1 ? participle_verb(p, p->tk[k].low) : NULL;
		if (v && is_action_verb(v)) {
			*part = k;
			return true;
		}
	}
	return false;
}

static void gapped_action(parser *p, uint32_t a, uint32_t part, uint32_t b, expr *guard)
{
	const char *verb = participle_verb(p, p->tk[part].low);
	const char *object = "";
	if (!verb || !action_words_read(p, part + 1, b, false))
		return;
	const char *text = passive_text(p, a, part, verb, part + 1, b, &object);
	if (!text)
		return;
	def *d = add_rule(p, POLICY_STEP_ACTION, a, b, guard);
	if (!d)
		return;
	d->text = text;
	d->verb = verb;
	d->object = object;
	d->type = POLICY_TYPE_BOOLEAN;
}
static bool has_trailing_condition(const parser *p, uint32_t i, uint32_t end);

static const char *const trailing_conds[] = {
	"if and only if", "only if", "if", "unless", "provided that", "as long as", "so long as",
	"except when", "except if", "except where", "whenever", "when", "but only if",
	"only when", "but only when", "until",
};

/* Whether the words from k hold a verb ("the W-9 form is received"), not
 * only a time ("the next billing cycle"). */
static bool clause_follows(const parser *p, uint32_t k, uint32_t end)
{
	for (; k < end && !is_punct(p, k, end, ','); k++)
		if (p->tk[k].kind == T_WORD && is_aux_word(p->tk[k].low))
			return true;
	return false;
}

/* The words before `k` end a phrase of manner, "as medical", "as
 * ineligible": an "only" at `k` then closes it. */
static bool as_phrase_ends(const parser *p, uint32_t i, uint32_t k)
{
	for (uint32_t j = k > i + 3 ? k - 3 : i; j + 1 < k; j++)
		if (is_w(p, j, k, "as"))
			return true;
	return false;
}

/* Actions and checks, one after another, with an optional condition at
 * the end that applies to all of them. */
static void consequent_read(parser *p, uint32_t i, uint32_t end, expr *guard, clause_mode mode,
                            seq_ctx *ctx);

/* A consequent, and the cases its subject names added to the condition it
 * stated: "A request of an ineligible type is declined unless the
 * applicant is a pawn shop" is declined for those requests only, and a
 * later "none of the rules above" reads both (it once read the "unless"
 * alone). */
static void consequent(parser *p, uint32_t i, uint32_t end, expr *guard, clause_mode mode,
                       seq_ctx *ctx)
{
	uint32_t before = p->c->ndefs, nconds = ctx ? ctx->nconds : 0;
	consequent_read(p, i, end, guard, mode, ctx);
	if (!ctx || ctx->nconds != nconds + 1)
		return;
	expr *c = ctx->conds[nconds];
	for (uint32_t d = before; d < p->c->ndefs; d++) {
		const expr *g = p->c->defs[d].guard;
		if (p->c->defs[d].kind != POLICY_STEP_ACTION || !g || g->op != E_AND || g->nargs != 2)
			continue;
		const expr *inner = g->args[0];
		if (inner != c && !(inner->op == E_AND && inner->nargs == 2 && inner->args[1] == c))
			continue;
		expr *both = expr_and(p->c, c, g->args[1]);
		if (ctx->chain == c)
			ctx->chain = both;
		if (p->last_cond == c)
			p->last_cond = both;
		ctx->conds[nconds] = both;
		return;
	}
}

static void consequent_read(parser *p, uint32_t i, uint32_t end, expr *guard, clause_mode mode,
                            seq_ctx *ctx)
{
	if (is_w(p, i, end, "then"))
		i++;
	if (i >= end) {
		diag_error(p->c, span_of(p, end ? end - 1 : 0, end ? end - 1 : 0),
		           "say what to do, e.g. 'escalate to senior adjuster review'",
		           "the rule has a condition but nothing to do");
		return;
	}
	const char *w0 = tw(p, i);
	if (!strcmp(w0, "if") || !strcmp(w0, "when") || !strcmp(w0, "whenever") ||
	    !strcmp(w0, "unless")) {
		seq_ctx sub = { .guard = guard };
		conditional(p, i + 1, end, &sub, !strcmp(w0, "unless"));
		return;
	}
	if (mode == MODE_TOP) {
		/* "Deny the claim if C, otherwise close the file" */
		for (uint32_t j = i + 2; j < end; j++) {
			if (!(is_punct(p, j - 1, end, ',') || is_punct(p, j - 1, end, ';')) ||
			    !(is_w(p, j, end, "otherwise") || is_w(p, j, end, "else")) ||
			    !has_trailing_condition(p, i, j))
				continue;
			consequent(p, i, j - 1, guard, mode, ctx);
			if (ctx->chain_open)
				otherwise(p, j, end, ctx, 1);
			return;
		}
	}
	for (uint32_t k = i + 1; k < end; k++) {
		uint32_t n = 0;
		size_t which = 0;
		for (size_t v = 0; v < sizeof trailing_conds / sizeof trailing_conds[0]; v++) {
			uint32_t x = match(p, k, end, trailing_conds[v]);
			if (x > n) {
				n = x;
				which = v;
			}
		}
		if (!n)
			continue;
		if (!strcmp(trailing_conds[which], "until") && !clause_follows(p, k + 1, end))
			continue; /* "suspended until the next billing cycle": when, not if */
		if (is_w(p, k, end, "only") && as_phrase_ends(p, i, k))
			continue; /* "close the claim as medical only if ...": "only" is the action's */
		/* "confirm that X is met when ..." is rare; a check's own "when"
		 * would be read here, which is what its author means anyway.
		 * Several may follow one another: "A if C, except when D". */
		expr *cond = NULL;
		uint32_t at = k, len = n;
		size_t kw_index = which;
		while (at < end) {
			uint32_t next = end, next_len = 0;
			size_t next_which = 0;
			for (uint32_t j = at + len + 1; j < end && next == end; j++) {
				if (!is_w(p, j, end, "unless") && !match(p, j, end, "except when") &&
				    !match(p, j, end, "except if") && !match(p, j, end, "provided that") &&
				    !(is_punct(p, j - 1, end, ',') && (is_w(p, j, end, "if") || is_w(p, j, end, "when"))))
					continue;
				for (size_t v = 0; v < sizeof trailing_conds / sizeof trailing_conds[0]; v++) {
					uint32_t x = match(p, j, end, trailing_conds[v]);
					if (x > next_len) {
						next_len = x;
						next_which = v;
						next = j;
					}
				}
			}
			uint32_t seg_end = next;
			while (seg_end > at + len && is_punct(p, seg_end - 1, end, ','))
				seg_end--;
			expr *c = parse_condition(p, at + len, seg_end);
			if (!c)
				return;
			const char *kw = trailing_conds[kw_index];
			if (!strcmp(kw, "unless") || !strncmp(kw, "except", 6) || !strcmp(kw, "until"))
				c = expr_not(p->c, c); /* "hold the payment until the W-9 is received" */
			cond = expr_and(p->c, cond, c);
			at = next;
			len = next_len;
			kw_index = next_which;
		}
		p->inherited_guard = NULL;
		ctx_add_cond(p, ctx, cond);
		p->last_cond = cond;
		if (mode == MODE_TOP) {
			/* "Non-renew the policy if C. Otherwise, renew it." */
			ctx->chain = cond;
			ctx->chain_guard = guard;
			ctx->chain_open = true;
		}
		guard = expr_and(p->c, guard, cond);
		/* "Require X whenever C" is "If C, require X": something to do */
		mode = MODE_CONSEQUENT;
		end = k;
		while (end > i && is_punct(p, end - 1, end, ','))
			end--;
		break;
	}
	uint32_t a = i;
	for (uint32_t k = i + 1; k <= end; k++) {
		bool split = false;
		uint32_t next = k;
		if (k == end) {
			split = true;
		} else {
			uint32_t j = k;
			if (is_punct(p, j, end, ','))
				j++;
			if (is_w(p, j, end, "and") || is_w(p, j, end, "then") || is_w(p, j, end, "or"))
				j++;
			if (is_w(p, j, end, "then"))
				j++;
			uint32_t aux_, part_;
			const char *verb_;
			if (j > k && (is_clause_start(p, j, end) ||
			              (is_w(p, j - 1, end, "and") &&
			               (passive_clause_at(p, j, end) ||
			                (xref_switch_off_at(p, j, end) &&
			                 !xref_switch_off_at(p, a, end)) || /* not "5 and 6" */
			                (is_punct(p, k, end, ',') && xref_switch_off_at(p, a, end)))) ||
			              (is_w(p, j - 1, end, "and") && gapped_at(p, j, end, &part_) &&
			               passive_at(p, a, k, &aux_, &verb_) != NONE))) {
				split = clause_like(p, a, k);
				next = j;
			}
		}
		if (!split)
			continue;
		uint32_t b = k;
		while (b > a && p->tk[b - 1].kind == T_PUNCT && p->tk[b - 1].punct != ')')
			b--;
		bool was = p->joined_consequence;
		p->joined_consequence = a > i || mode == MODE_CONSEQUENT || guard != NULL;
		uint32_t gap;
		expr *which = NULL;
		if (a > i && b > a && gapped_at(p, a, b, &gap))
			gapped_action(p, a, gap, b, guard); /* "... and the event documented" */
		else if (b > a)
			which = clause(p, a, b, guard, mode);
		p->joined_consequence = was;
		if (which && a == i)
			guard = expr_and(p->c, guard, which); /* "Loans over $1M are
			                                         declined, and a notice is sent" */
		if (next < end && ctx && ctx->chain_open &&
		    (is_w(p, next, end, "otherwise") || is_w(p, next, end, "else"))) {
			/* "If C, A, otherwise B": B where C does not hold */
			otherwise(p, next, end, ctx, 1);
			return;
		}
		a = next;
		k = next;
	}
}

/* Where "If C, A" turns from C to A: the first comma followed by the start
 * of a clause (a verb, "then"); else "then"; else the last comma. */
/* A verb we do not list, told by its object: "fast-track the claim",
 * "pend the file", "greenlight a request". Not a comparison ("exceeds
 * the limit"), an auxiliary or the start of a term. */
static bool imperative_like(const parser *p, uint32_t k, uint32_t end)
{
	static const char *const dets[] = { "the", "a", "an", "all", "any", "this", "each",
	                                    "every", "its", "their", "it", "them" };
	if (k + 1 >= end || p->tk[k].kind != T_WORD || is_aux_word(p->tk[k].low) ||
	    is_np_stop_word(p->tk[k].low) || is_determiner(p->tk[k].low))
		return false;
	size_t n = strlen(p->tk[k].low);
	if ((n > 4 && !strcmp(p->tk[k].low + n - 3, "ing")) ||
	    (n > 3 && !strcmp(p->tk[k].low + n - 2, "ed")))
		return false; /* "meaning the ...", "based the ..." are no commands */
	bool det = false;
	for (size_t d = 0; d < sizeof dets / sizeof dets[0] && !det; d++)
		det = is_w(p, k + 1, end, dets[d]);
	op_match m;
	uint32_t tl;
	return det && !op_at(p, k, end, true, &m) &&
	       match_term((parser *)p, k, end, false, &tl) < 0;
}

static bool split_consequent(const parser *p, uint32_t i, uint32_t end, uint32_t *cond_end,
                             uint32_t *body)
{
	/* "For goods from Cuba, Iran, or Syria:" over a list: the rules are
	 * the list, so a comma there ends no condition */
	const sentence *s = &p->s[p->cur];
	bool over_list = s->end == ':' && s->nkids;
	uint32_t last_comma = NONE;
	for (uint32_t j = i; j < end; j++) {
		if (!is_punct(p, j, end, ','))
			continue;
		uint32_t k = j + 1;
		if (is_w(p, k, end, "then"))
			k++;
		const char *w = tw(p, k);
		if (!strcmp(w, "and") || !strcmp(w, "or") || !strcmp(w, "either") || !strcmp(w, "nor"))
			continue;
		bool list_item = is_punct(p, k + 1, end, ',') || is_w(p, k + 1, end, "and") ||
		                 is_w(p, k + 1, end, "or");
		if (list_item && k + 1 < end) {
			last_comma = j; /* "one of wire, check, and ACH": a value, no verb */
			continue;
		}
		if (is_clause_start(p, k, end) || imperative_like(p, k, end) ||
		    passive_clause_at((parser *)p, k, end)) {
			/* "When C, a report must be filed with FinCEN ..." too */
			*cond_end = j;
			*body = k;
			return true;
		}
		last_comma = j;
	}
	for (uint32_t j = i + 1; j < end; j++)
		if (is_w(p, j, end, "then")) {
			*cond_end = j;
			*body = j + 1;
			return true;
		}
	if (last_comma != NONE && !over_list) {
		*cond_end = last_comma;
		*body = last_comma + 1;
		return true;
	}
	return false;
}

static void conditional(parser *p, uint32_t i, uint32_t end, seq_ctx *ctx, bool negate)
{
	sentence *s = &p->s[p->cur];
	uint32_t cond_end, body;
	bool list = false;
	if (!split_consequent(p, i, end, &cond_end, &body)) {
		if (s->end == ':' && s->nkids) {
			cond_end = end;
			body = end;
			list = true;
		} else if (s->end == ':') {
			diag_error(p->c, s->sp, "list the rules under it, one bullet each",
			           "'%s:' has no list of rules after it", s->text);
			return;
		} else {
			diag_error(p->c, span_of(p, i ? i - 1 : 0, end - 1),
			           "put a comma after the condition, e.g. 'If C, escalate to review.'",
			           "I can't tell where the condition ends and the action begins");
			return;
		}
	}
	p->inherited_guard = NULL;
	expr *cond = parse_condition(p, i, cond_end);
	if (!cond) {
		/* Already reported; an Otherwise after it would only repeat it. */
		ctx->chain = NULL;
		ctx->chain_open = true;
		return;
	}
	if (negate)
		cond = expr_not(p->c, cond);
	expr *base = expr_and(p->c, ctx->guard, p->inherited_guard);
	p->inherited_guard = NULL;
	expr *guard = expr_and(p->c, base, cond);
	ctx->chain = cond;
	ctx->chain_guard = base;
	ctx->chain_open = true;
	ctx_add_cond(p, ctx, cond);
	p->last_cond = cond;
	uint32_t own = ctx->nconds;
	if (list) {
		sequence(p, s->kids, s->nkids, guard);
		return;
	}
	consequent(p, body, end, guard, MODE_CONSEQUENT, ctx);
	if (own && ctx->nconds == own + 1) {
		/* "If C, hold the request until D": one rule, C and its own
		 * condition (a later "none of the rules above" once read D
		 * alone) */
		ctx->conds[own - 1] = expr_and(p->c, ctx->conds[own - 1], ctx->conds[own]);
		ctx->nconds = own;
	}
}

/* "For any other X on a new account, A": A where none of the list's
 * conditions so far held and the qualifier [q, k) does; the chain stays
 * open for an "in all other cases" after it. */
static void other_qualified(parser *p, uint32_t i, uint32_t q, uint32_t k, uint32_t end,
                            seq_ctx *ctx)
{
	if (!ctx->chain_open || !ctx->chain || !ctx->nconds) {
		diag_error(p->c, span_of(p, i, k - 1), "put it right after the rules it is the rest of",
		           "'%s' has no rules before it to be the rest of", slice_of(p, i, k - 1));
		return;
	}
	expr *extra = parse_scope_qualifier(p, q + 1, k);
	if (!extra)
		return; /* reported */
	take_words(p, i, k + 1 - i);
	expr *any = ctx->nconds == 1 ? ctx->conds[0]
	                             : expr_nary(p->c, E_OR, ctx->conds, ctx->nconds,
	                                         span_of(p, i, k - 1));
	if (any)
		any->type = POLICY_TYPE_BOOLEAN;
	expr *cond = expr_and(p->c, expr_not(p->c, any), extra);
	consequent(p, k + 1, end, expr_and(p->c, ctx->guard, cond), MODE_CONSEQUENT, ctx);
	ctx_add_cond(p, ctx, cond);
	ctx->chain = cond;
	ctx->chain_guard = ctx->guard;
	ctx->chain_open = true;
	p->last_cond = cond;
}

/* "The credit score must be at least 600; otherwise, decline the
 * application.": the checks just made are the If of an "Otherwise" that
 * follows them at once. */
static void otherwise_after_checks(parser *p, uint32_t before, seq_ctx *ctx)
{
	uint32_t next = p->cur + 1;
	if (next >= p->ns || p->s[next].parent != p->s[p->cur].parent || p->s[next].n == 0 ||
	    p->s[next].tk[0].kind != T_WORD || strcmp(p->s[next].tk[0].low, "otherwise"))
		return;
	expr *all = NULL;
	for (uint32_t d = before; d < p->c->ndefs; d++)
		if (p->c->defs[d].kind == POLICY_STEP_CHECK || p->c->defs[d].kind == POLICY_STEP_REQUIRE)
			all = expr_and(p->c, all, expr_ref(p->c, d, p->s[p->cur].sp));
	if (!all)
		return;
	ctx->chain = all;
	ctx->chain_guard = ctx->guard;
	ctx->chain_open = true;
}

static void otherwise(parser *p, uint32_t i, uint32_t end, seq_ctx *ctx, uint32_t kw_len)
{
	sentence *s = &p->s[p->cur];
	uint32_t start = i;
	span sp = span_of(p, i, i + kw_len - 1);
	bool all_other = is_w(p, i, end, "in"); /* "in all other cases" */
	i += kw_len;
	if (is_punct(p, i, end, ','))
		i++;
	if (!ctx->chain_open && otherwise_case(p, start, end))
		return; /* "...; otherwise the service date": a value's other case */
	if (!ctx->chain_open) {
		diag_error(p->c, sp, "put it right after an 'If ...' sentence in the same list",
		           "'Otherwise' has no 'If' before it");
		return;
	}
	if (!ctx->chain)
		return; /* its If had an error */
	expr *rest = expr_not(p->c, ctx->chain);
	expr *guard = expr_and(p->c, ctx->chain_guard, rest);
	if (all_other && ctx->nconds > 1) {
		/* "In all other cases" after a list of Ifs: none of them held */
		expr *any = expr_nary(p->c, E_OR, ctx->conds, ctx->nconds, sp);
		if (any)
			any->type = POLICY_TYPE_BOOLEAN;
		guard = expr_and(p->c, ctx->guard, expr_not(p->c, any));
	}
	if (is_w(p, i, end, "if") || is_w(p, i, end, "when")) {
		uint32_t cond_end, body;
		bool list = false;
		if (!split_consequent(p, i + 1, end, &cond_end, &body)) {
			if (!(s->end == ':' && s->nkids)) {
				diag_error(p->c, span_of(p, i, end - 1), "put a comma after the condition",
				           "I can't tell where the condition ends and the action begins");
				return;
			}
			cond_end = body = end;
			list = true;
		}
		expr *cond = parse_condition(p, i + 1, cond_end);
		if (!cond)
			return;
		guard = expr_and(p->c, guard, cond);
		expr *args[2] = { ctx->chain, cond };
		ctx->chain = expr_nary(p->c, E_OR, args, 2, cond->sp);
		if (ctx->chain)
			ctx->chain->type = POLICY_TYPE_BOOLEAN;
		ctx_add_cond(p, ctx, cond);
		p->last_cond = cond;
		if (list)
			sequence(p, s->kids, s->nkids, guard);
		else
			consequent(p, body, end, guard, MODE_CONSEQUENT, ctx);
		return;
	}
	ctx->chain_open = false;
	if (i >= end && s->end == ':' && s->nkids)
		sequence(p, s->kids, s->nkids, guard);
	else
		consequent(p, i, end, guard, MODE_CONSEQUENT, ctx);
}

static void scope(parser *p, uint32_t i, uint32_t end, seq_ctx *ctx)
{
	sentence *s = &p->s[p->cur];
	uint32_t q_end, body;
	bool list = false;
	uint32_t checks_at = following_checks_at(p, s, i, end);
	if (checks_at != NONE) {
		/* "For a request whose channel is telephone, all of the following
		 * controls must be met:" and the list: checks under the cases */
		size_t errors = p->c->diags->count;
		expr *q = parse_scope_qualifier(p, i, checks_at - 1);
		if (!q || p->c->diags->count != errors)
			return;
		take_words(p, i - 1, checks_at - (i - 1));
		list_of_checks(p, checks_at, end, expr_and(p->c, ctx->guard, q), false);
		return;
	}
	uint32_t colon = i + 1;
	while (colon + 1 < end && !is_punct(p, colon, end, ':'))
		colon++;
	if (colon + 1 < end) {
		/* "For software: if ..., deny the request": the cases end at
		 * the colon (read by the words after "if", they went unread) */
		q_end = colon;
		body = colon + 1;
	} else if (s->end == ':' && s->nkids && (q_end = says_what_decides(p, i, end)) != NONE) {
		/* "For a misuse transaction, the prior violation count sets the
		 * consequence:" over rules that test it: the cases, then the list */
		body = end;
		list = true;
	} else if (!split_consequent(p, i, end, &q_end, &body)) {
		if (!(s->end == ':' && s->nkids)) {
			diag_error(p->c, span_of(p, i - 1, end - 1),
			           "write 'For <cases>, <rules>' or end the line with ':' and list the rules",
			           "I can't tell where the cases end and the rules begin");
			return;
		}
		q_end = body = end;
		list = true;
	}
	size_t errors = p->c->diags->count;
	p->inherited_guard = NULL;
	expr *q = parse_scope_qualifier(p, i, q_end);
	if (q || (p->c->diags->count == errors && body == q_end + 1 && is_punct(p, q_end, end, ':')))
		take_words(p, i - 1, q_end + 1 - (i - 1)); /* "For loans over $5M": all of it */
	if (!q && p->c->diags->count != errors)
		return;
	expr *guard = expr_and(p->c, ctx->guard, q);
	if (list) {
		sequence(p, s->kids, s->nkids, guard);
		if (q && (ctx_add_cond(p, ctx, q), ctx->nconds)) {
			/* "For employees over 40 hours: ... In all other cases, ...":
			 * the cases the list did not name */
			ctx->chain = q;
			ctx->chain_guard = ctx->guard;
			ctx->chain_open = true;
		}
		return;
	}
	uint32_t before = ctx->nconds;
	expr *outer = ctx->guard;
	consequent(p, body, end, guard, MODE_SCOPE, ctx);
	if (!q)
		return;
	/* "for a debit card purchase, credit ...; in all other cases, ...":
	 * the cases named are the rule's condition, with any "if" of its own */
	for (uint32_t c = before; c < ctx->nconds; c++)
		ctx->conds[c] = expr_and(p->c, q, ctx->conds[c]);
	if (ctx->nconds == before)
		ctx_add_cond(p, ctx, q);
	if (ctx->nconds == 0)
		return; /* out of memory: c->nomem says so */
	ctx->chain = ctx->conds[ctx->nconds - 1];
	ctx->chain_guard = outer;
	ctx->chain_open = true;
	p->last_cond = ctx->chain;
}

/* Other words of obligation a check is stated with: "The total hours may
 * not exceed 60", "The applicant needs to be 18 or older". */
static bool obligation_at(const parser *p, uint32_t k, uint32_t end)
{
	static const char *const v[] = { "may not", "cannot", "can not", "needs to", "need to",
	                                  "has to", "have to", "will not", "shall not" };
	for (size_t x = 0; x < sizeof v / sizeof v[0]; x++)
		if (match(p, k, end, v[x]))
			return true;
	return false;
}


static bool has_trailing_condition(const parser *p, uint32_t i, uint32_t end)
{
	for (uint32_t k = i + 1; k < end; k++)
		for (size_t v = 0; v < sizeof trailing_conds / sizeof trailing_conds[0]; v++)
			if (match(p, k, end, trailing_conds[v]) &&
			    (strcmp(trailing_conds[v], "until") || clause_follows(p, k + 1, end)))
				return true;
	return false;
}

static bool is_read_value(const def *x)
{
	return x->kind == POLICY_STEP_EXTRACT || x->kind == POLICY_STEP_LOOKUP;
}

/* The term read or looked up at [k, ...) to a clause boundary, or -1. */
static int32_t read_term_at(parser *p, uint32_t k, uint32_t end, uint32_t *len)
{
	while (k < end && (is_w(p, k, end, "the") || is_w(p, k, end, "a") || is_w(p, k, end, "an")))
		k++, (*len)++;
	uint32_t tl;
	int32_t d = match_term(p, k, end, false, &tl);
	if (d >= 0 && (p->c->defs[d].kind == POLICY_STEP_EXTRACT ||
	               p->c->defs[d].kind == POLICY_STEP_LOOKUP)) {
		*len += tl;
		return d;
	}
	/* "no address change on record" for the last address change date: the
	 * one value read whose name has all the words */
	uint32_t e = k;
	while (e < end && p->tk[e].kind == T_WORD && !is_w(p, e, end, "on") &&
	       !is_w(p, e, end, "and") && !is_w(p, e, end, "in") && !is_aux_word(p->tk[e].low))
		e++;
	const char *text = e > k ? slice_of(p, k, e - 1) : NULL;
	wordlist w;
	if (!text || !words_split(p->c->a, text, strlen(text), WORDS_CONTENT, &w) || !w.n)
		return -1;
	int32_t found = term_with_words(p->c, &w, is_read_value);
	if (found >= 0)
		*len += e - k;
	return found;
}

/* "Many policies have no address change on record, and those requests are
 * not referred", "The return-to-work date may be blank": the value may be
 * absent, and then comparisons with it are false, not undecidable. */
static bool absence_note(parser *p, uint32_t i, uint32_t end)
{
	static const char *const blank[] = { "missing", "blank", "absent", "empty", "unavailable",
	                                     "omitted", "left blank", "not provided", "not on file",
	                                     "not on record" };
	static const char *const may[] = { "may be", "can be", "might be", "is sometimes",
	                                   "are sometimes", "is often", "are often", "is optional",
	                                   "are optional" };
	/* most sentences have none of the words: look no further */
	bool cue = false;
	for (uint32_t k = i; k < end && !cue; k++)
		cue = is_w(p, k, end, "no") || is_w(p, k, end, "may") || is_w(p, k, end, "can") ||
		      is_w(p, k, end, "might") || is_w(p, k, end, "sometimes") ||
		      is_w(p, k, end, "often") || is_w(p, k, end, "optional");
	if (!cue)
		return false;
	int32_t d = -1;
	uint32_t after = NONE;
	for (uint32_t k = i; k < end && d < 0; k++) {
		uint32_t len = 0;
		if (is_w(p, k, end, "no") && k > i &&
		    (is_w(p, k - 1, end, "have") || is_w(p, k - 1, end, "has") ||
		     is_w(p, k - 1, end, "show") || is_w(p, k - 1, end, "shows"))) {
			d = read_term_at(p, k + 1, end, &len);
			after = k + 1 + len;
			if (d >= 0 && (match(p, after, end, "on record") || match(p, after, end, "on file")))
				after += 2;
		} else if (k == i || is_w(p, k - 1, end, "the")) {
			int32_t t = read_term_at(p, k, end, &len);
			uint32_t m = 0, j = k + len;
			for (size_t v = 0; v < sizeof may / sizeof may[0] && t >= 0 && !m; v++)
				m = match(p, j, end, may[v]);
			if (!m)
				continue;
			j += m;
			uint32_t b = strstr(tw(p, j - 1), "optional") ? 1 : 0;
			for (size_t v = 0; v < sizeof blank / sizeof blank[0] && !b; v++)
				b = match(p, j, end, blank[v]) ? match(p, j, end, blank[v]) : 0;
			if (!b)
				continue;
			d = t;
			after = j + (strstr(tw(p, j - 1), "optional") ? 0 : b);
		}
	}
	if (d < 0 || after == NONE || is_w(p, i, end, "if") || is_w(p, i, end, "when") ||
	    is_w(p, i, end, "unless") || is_w(p, i, end, "where"))
		return false;
	/* what follows may say what absence means ("and those requests are
	 * not referred"), never something to do */
	for (uint32_t k = after; k < end; k++)
		if ((is_punct(p, k - 1, end, ',') || is_w(p, k - 1, end, "and") ||
		     is_w(p, k - 1, end, "so") || is_w(p, k - 1, end, "then")) &&
		    is_clause_start(p, k, end))
			return false;
	p->c->defs[d].may_be_absent = true;
	return true;
}

/* "Requests that meet 1400.4 are routed by total exposure as follows:"
 * over items "$250,000 or less: the request is assigned to an officer":
 * each item a band of the term after "by" and what to do in it, for the
 * cases the subject names. False if that is not the shape. */
static bool routed_by(parser *p, sentence *s, uint32_t i, uint32_t end, expr *guard)
{
	/* "routed by total exposure as follows:", "routed for approval
	 * according to its requisition amount:", "based on the score:" */
	uint32_t by = i + 1, after = 0;
	for (; by < end && !after; by++) {
		after = is_w(p, by, end, "by") ? 1 : match(p, by, end, "according to") ? 2 :
		        match(p, by, end, "based on") ? 2 : match(p, by, end, "depending on") ? 2 : 0;
		if (after)
			break;
	}
	uint32_t as = by + after;
	while (as < end && !match(p, as, end, "as follows"))
		as++;
	if (as >= end) {
		as = end; /* no "as follows": the term runs to the colon */
		while (as > by && p->tk[as - 1].kind == T_PUNCT)
			as--;
	}
	if (by >= end || as <= by + after)
		return false;
	uint32_t tl, f = skip_articles(p, by + after, as);
	if (is_w(p, f, as, "its") || is_w(p, f, as, "their"))
		f++;
	int32_t term = match_term(p, f, as, false, &tl);
	if (term < 0 || f + tl != as)
		return false;
	for (uint32_t c = 0; c < s->nkids; c++) {
		const sentence *kid = &p->s[s->kids[c]];
		uint32_t k = 0;
		while (k < kid->n && !(kid->tk[k].kind == T_PUNCT && kid->tk[k].punct == ':'))
			k++;
		if (k == 0 || k + 1 >= kid->n)
			return false; /* every item "<band>: <what to do>" */
	}
	/* the cases: the subject's qualifier ("Requests that meet 1400.4") */
	uint32_t aux = i;
	while (aux < by && !is_w(p, aux, end, "are") && !is_w(p, aux, end, "is"))
		aux++;
	expr *which = NULL;
	bool qualified = false;
	for (uint32_t q = i + 1; q < aux && !qualified; q++)
		qualified = is_w(p, q, aux, "that") || is_w(p, q, aux, "which") ||
		            is_w(p, q, aux, "whose") || is_w(p, q, aux, "who") ||
		            is_w(p, q, aux, "with");
	if (aux < by && qualified) {
		which = parse_scope_qualifier(p, i, aux);
		if (!which)
			return true; /* reported */
	}
	take_words(p, i, end - i);
	table_key key = { term, span_of(p, f, as - 1), p->c->defs[term].name };
	uint32_t si = p->cur;
	expr *base = expr_and(p->c, guard, which);
	for (uint32_t c = 0; c < s->nkids; c++) {
		uint32_t kid = s->kids[c];
		p->s[kid].consumed = true;
		sentence_select(p, kid);
		uint32_t n = p->s[kid].n, k = 0;
		while (!is_punct(p, k, n, ':'))
			k++;
		expr *band = band_condition(p, 0, k, &key);
		if (band)
			consequent(p, k + 1, n, expr_and(p->c, base, band), MODE_CONSEQUENT, NULL);
	}
	sentence_select(p, si);
	return true;
}

/* "A request is referred to Resolutions when either of the following is
 * true:": the list is the condition of what comes before, not rules of
 * their own. */
static bool condition_over_list(const parser *p, uint32_t i, uint32_t end)
{
	for (uint32_t k = i; k < end; k++) {
		if (match(p, k, end, "the following"))
			return false;
		if (is_w(p, k, end, "when") || is_w(p, k, end, "if") || is_w(p, k, end, "unless") ||
		    is_w(p, k, end, "whenever"))
			return k > i + 1;
	}
	return false;
}

static void statement_read(parser *p, uint32_t si, seq_ctx *ctx);

/* One sentence. In a Purpose, Scope or Background part, a sentence with no
 * comparison, threshold, imperative or condition that no reading can take
 * ("The Bank Secrecy Act requires the Bank to report large currency
 * transactions") is background: commentary, warned, not an error. */
static void statement(parser *p, uint32_t si, seq_ctx *ctx)
{
	size_t count = p->c->diags->count;
	size_t errors = error_count_severity(p->c->diags, POLICY_SEVERITY_ERROR);
	uint32_t ndefs = p->c->ndefs;
	statement_read(p, si, ctx);
	sentence *s = &p->s[si];
	if (error_count_severity(p->c->diags, POLICY_SEVERITY_ERROR) == errors ||
	    p->c->ndefs != ndefs || p->c->nomem)
		return; /* read, or a reading made steps: its errors stand */
	sentence_select(p, si);
	if (!background_sentence(p, s))
		return;
	error_truncate(p->c->diags, count);
	s->commentary = true;
	diag_warning(p->c, s->sp, "if it is a rule, state its condition and what to do",
	             "read as commentary: background with nothing to test");
}

static void statement_read(parser *p, uint32_t si, seq_ctx *ctx)
{
	sentence *s = &p->s[si];
	if (s->done || s->consumed)
		return;
	sentence_select(p, si);
	p->ctx = ctx;
	uint32_t i = s->start, end = s->n;
	if (s->definition >= 0) {
		definition_body(p, s);
		return;
	}
	if (s->classify >= 0) {
		classification_inputs(p, &p->c->defs[s->classify], s->based, s->n);
		return;
	}
	if (i >= end)
		return;
	const char *w = tw(p, i);
	uint32_t n;
	if (guardrail_statement(p, i, end, ctx->guard))
		return;
	if (xref_scope_statement(p, i, end) || xref_switch_off(p, i, end, ctx->guard)) {
		s->effect = true;
		return;
	}
	if (absence_note(p, i, end)) {
		s->effect = true;
		return;
	}
	{
		/* "In addition to Section 3, ...": the rules there still hold,
		 * which they do anyway */
		uint32_t k = i + 3, n = match(p, i, end, "in addition to");
		xref x;
		if (n && xref_target_at(p, &k, end, &x) && is_punct(p, k, end, ',')) {
			take_words(p, i, k + 1 - i);
			i = k + 1;
			w = tw(p, i);
		}
	}
	i = xref_except_prefix(p, i, end); /* "Except as provided in 5.2, ..." */
	w = tw(p, i);
	if ((is_w(p, i, end, "before") || match(p, i, end, "prior to") ||
	     match(p, i, end, "regardless of") || match(p, i, end, "in every case") ||
	     match(p, i, end, "in all cases")) &&
	    !is_clause_start(p, i + 1, end)) {
		/* "Before a contract is funded, every one of the following ...":
		 * when the rules are applied, which is whenever a case is decided */
		uint32_t k = i + 1;
		while (k < end && !is_punct(p, k, end, ','))
			k++;
		if (k + 1 < end) {
			take_words(p, i, k + 1 - i);
			i = k + 1;
			w = tw(p, i);
		}
	}
	if (!strcmp(w, "if") && model_fallback(p, i + 1, end)) {
		s->effect = true;
		return;
	}
	if (!strcmp(w, "if") || !strcmp(w, "when") || !strcmp(w, "whenever")) {
		conditional(p, i + 1, end, ctx, false);
		return;
	}
	if (!strcmp(w, "unless")) {
		conditional(p, i + 1, end, ctx, true);
		return;
	}
	if ((n = match(p, i, end, "except when")) || (n = match(p, i, end, "except if")) ||
	    (n = match(p, i, end, "except where"))) {
		conditional(p, i + n, end, ctx, true);
		return;
	}
	if ((n = match(p, i, end, "provided that")) || (n = match(p, i, end, "as long as")) ||
	    (n = match(p, i, end, "in the event that")) || (n = match(p, i, end, "in cases where")) ||
	    (n = match(p, i, end, "in case")) || (n = match(p, i, end, "in the event")) ||
	    (n = match(p, i, end, "where")) || (n = match(p, i, end, "wherever"))) {
		conditional(p, i + n, end, ctx, false);
		return;
	}
	if ((n = match(p, i, end, "otherwise")) || (n = match(p, i, end, "else")) ||
	    (n = match(p, i, end, "in all other cases")) ||
	    (n = match(p, i, end, "in any other case")) ||
	    (n = match(p, i, end, "in every other case")) || (n = match(p, i, end, "if not"))) {
		otherwise(p, i, end, ctx, n);
		return;
	}
	if (!strcmp(w, "for") && (is_w(p, i + 1, end, "every") || is_w(p, i + 1, end, "all") ||
	                          is_w(p, i + 1, end, "any")) && is_w(p, i + 2, end, "other")) {
		/* "For every other item category:", "For all other claims, ...":
		 * the cases the If before did not take */
		uint32_t k = i + 3;
		while (k < end && !is_punct(p, k, end, ','))
			k++;
		uint32_t q = i + 3;
		while (q < k && !is_w(p, q, k, "on") && !is_w(p, q, k, "with") && !is_w(p, q, k, "in") &&
		       !is_w(p, q, k, "under") && !is_w(p, q, k, "that") && !is_w(p, q, k, "whose") &&
		       !is_w(p, q, k, "which") && !is_w(p, q, k, "who") && !is_w(p, q, k, "where"))
			q++;
		if (q < k) {
			/* "For any other transaction type on a new account, ...": the
			 * cases not taken before, and of these only those qualified */
			other_qualified(p, i, q, k, end, ctx);
			return;
		}
		otherwise(p, i, end, ctx, k - i);
		return;
	}
	uint32_t band_comma;
	expr *band = leading_band(p, i, end, &band_comma);
	if (band) {
		consequent(p, band_comma + 1, end, expr_and(p->c, ctx->guard, band), MODE_TOP, ctx);
		return;
	}
	if (!strcmp(w, "for") && !is_w(p, i + 1, end, "example")) {
		scope(p, i + 1, end, ctx);
		return;
	}
	if (is_clause_start(p, i, end) || !strcmp(w, "require")) {
		consequent(p, i, end, ctx->guard, MODE_TOP, ctx);
		return;
	}
	if (p->tk[i].kind == T_WORD && !is_determiner(w) && has_trailing_condition(p, i, end)) {
		/* "Non-renew the policy if ...": an imperative with a verb we do
		 * not list, made clear by its condition. */
		consequent(p, i, end, ctx->guard, MODE_TOP, ctx);
		return;
	}
	if (titled_list(p, s, i, end)) {
		/* "Minimum coverage on the certificate:" over "must" items: a
		 * title, the items statements of their own */
		take_words(p, i, end - i);
		sequence(p, s->kids, s->nkids, ctx->guard);
		return;
	}
	if (duties_intro(p, s, i, end)) {
		/* "When an application is submitted, the underwriter shall:"
		 * over items that are statements of their own */
		take_words(p, i, end - i);
		sequence(p, s->kids, s->nkids, ctx->guard);
		return;
	}
	if (value_list(p, s, i, end, ctx->guard) || set_list(p, s, i, end))
		return;
	if (list_intro(p, s) && says_must(p, i, end)) {
		bool documents = false;
		for (uint32_t k = i; k < end; k++)
			if (is_w(p, k, end, "documents") || is_w(p, k, end, "document"))
				documents = true;
		list_of_checks(p, i, end, ctx->guard, documents);
		return;
	}
	if (s->end == ':' && s->nkids && routed_by(p, s, i, end, ctx->guard))
		return;
	if (none_may(p, i, end, ctx->guard))
		return;
	if (list_intro(p, s) && (prohibited_list(p, s, i, end, ctx->guard) ||
	                         member_list(p, s, i, end, ctx->guard)))
		return;
	if (list_intro(p, s) && !condition_over_list(p, i, end)) {
		expr *which = NULL;
		if (intro_scope(p, i, end, &which))
			sequence(p, s->kids, s->nkids, expr_and(p->c, ctx->guard, which));
		return;
	}
	if (subject_requires(p, i, end, ctx->guard) || ineligible_statement(p, i, end, ctx->guard))
		return;
	if (advice(p, s, i, end)) {
		/* "Departments that receive an invoice directly should forward
		 * it to Accounts Payable.": advice to someone, nothing to test */
		s->commentary = true;
		diag_warning(p->c, s->sp,
		             "if it is a rule, state its condition and what to do ('If ..., <action>.')",
		             "read as commentary: advice with nothing to test");
		return;
	}
	{
		uint32_t aux = i;
		const char *verb = NULL;
		uint32_t part = p->tk[i].kind == T_WORD ? passive_at(p, i, end, &aux, &verb) : NONE;
		bool status = false; /* "cannot be returned ... and is to be handled" */
		for (uint32_t k = aux; part != NONE && k < part; k++)
			status = status || is_w(p, k, end, "and");
		if (part != NONE && (is_w(p, aux, end, "is") || is_w(p, aux, end, "are") ||
		                     is_w(p, aux, end, "will") || status)) {
			/* "Applications below 600 are declined (if ...)." */
			consequent(p, i, end, ctx->guard, MODE_TOP, ctx);
			return;
		}
	}
	/* "X must be at least $1,000,000", "Two bank statements are required". */
	bool relative = false;
	for (uint32_t k = i; k < end; k++) {
		op_match m;
		if (is_w(p, k, end, "must") || is_w(p, k, end, "shall") || is_w(p, k, end, "should") ||
		    match(p, k, end, "is required") || match(p, k, end, "are required") ||
		    obligation_at(p, k, end)) {
			if (required_documents(p, i, k, end, ctx->guard))
				return;
			if (documents_required(p, i, k, end, ctx->guard) ||
			    passive_action(p, i, k, end, ctx->guard))
				return;
			uint32_t before = p->c->ndefs;
			checks(p, i, i, end, ctx->guard);
			otherwise_after_checks(p, before, ctx);
			return;
		}
		if (is_w(p, k, end, "that") || is_w(p, k, end, "which") || is_w(p, k, end, "who") ||
		    is_w(p, k, end, "whose") ||
		    (is_w(p, k, end, "of") && k + 1 < end && p->tk[k + 1].kind == T_QUANTITY))
			relative = true; /* "Any request that does not meet ... shall be declined",
			                    "A requisition of $5,000 or more must be supported by" */
		if (!relative && k > i && op_at(p, k, end, false, &m))
			break; /* but "At least three estimates must be attached" */
	}
	if (imperative_like(p, i, end)) {
		consequent(p, i, end, ctx->guard, MODE_TOP, ctx); /* "Fast-track the loan." */
		return;
	}
	if (prose(p, s)) {
		/* "The Bank finances stabilized property in the markets it knows.":
		 * nothing to test and no term of the policy; kept as commentary,
		 * and said so */
		s->commentary = true;
		diag_warning(p->c, s->sp,
		             "if it is a rule, state its condition and what to do ('If ..., <action>.')",
		             "read as commentary: this sentence states nothing to test");
		return;
	}
	diag_error(p->c, s->sp,
	           "a sentence can extract or look up values, define a term ('The X is ...'), "
	           "state a rule ('If ..., <action>.'), a check ('Verify that ...') or an action",
	           "I don't understand this sentence: '%s'", s->text);
}

/* After this many diagnostics the rest of the policy is not read: the
 * report is long enough to act on, and each unknown term costs a "did you
 * mean" search over every term, quadratic in a policy of nothing but typos
 * (found by measuring: 4,000 of them took 17 s). */
enum { MAX_DIAGNOSTICS = 100 };

static bool too_many_errors(parser *p, uint32_t si)
{
	static const char stop[] = "too many errors: the policy was not read past here";
	const policy_error *e = p->c->diags;
	if (e->count < MAX_DIAGNOSTICS)
		return false;
	if (strcmp(e->diags[e->count - 1].message, stop))
		diag_error(p->c, p->s[si].sp, "fix these first, then compile again", "%s", stop);
	return true;
}

/* Checks stated one sentence after another form one group: "Verify A.
 * Ensure B. If these checks pass, ..." means both. `block` is the group of
 * the checks just before, or NONE. */
static void statement_in_block(parser *p, uint32_t si, seq_ctx *ctx, uint32_t *block)
{
	uint32_t first = p->c->ndefs;
	statement(p, si, ctx);
	bool only_checks = p->c->ndefs > first;
	for (uint32_t d = first; d < p->c->ndefs; d++)
		if (p->c->defs[d].kind != POLICY_STEP_CHECK && p->c->defs[d].kind != POLICY_STEP_REQUIRE)
			only_checks = false;
	if (!only_checks) {
		*block = NONE;
		return;
	}
	if (*block == NONE) {
		*block = p->c->defs[first].group;
		return;
	}
	for (uint32_t d = first; d < p->c->ndefs; d++)
		p->c->defs[d].group = *block;
	p->last_group = *block;
}

static void sequence(parser *p, const uint32_t *items, uint32_t n, expr *guard)
{
	if (p->depth >= p->c->max_depth)
		return;
	p->depth++;
	uint32_t saved = p->cur;
	seq_ctx ctx = { .guard = guard };
	seq_ctx *outer = p->ctx;
	uint32_t block = NONE;
	/* Past the step limit (reported once, by def_add) nothing more can
	 * be added: stop, rather than parse the rest for nothing. */
	for (uint32_t k = 0; k < n && !p->c->nomem && !p->c->steps_exceeded &&
	                     !too_many_errors(p, items[k]); k++)
		statement_in_block(p, items[k], &ctx, &block);
	p->ctx = outer;
	sentence_select(p, saved);
	p->depth--;
}

bool parse_policy(compiler *c)
{
	parser p;
	memset(&p, 0, sizeof p);
	p.group_verb_sentence = UINT32_MAX;
	p.c = c;
	p.lx = c->lx;
	p.last_group = NONE;
	if (!build_sentences(&p))
		return false;
	classify_commentary(&p);
	if (!declare_all(&p))
		return false;
	seq_ctx top = { 0 };
	uint32_t block = NONE;
	for (uint32_t si = 0; si < p.ns && !c->nomem && !c->steps_exceeded; si++)
		if (p.s[si].parent == NONE && !too_many_errors(&p, si))
			statement_in_block(&p, si, &top, &block); /* (stops past the step limit, see sequence) */
	definitions_unread(&p);
	xref_apply_scopes(&p);
	key_places(&p);
	cond_check_provenances(&p);
	account_words(&p);
	table_check_unused(&p);
	if (!c->nomem)
		source_map_record(&p);
	return !c->nomem;
}
