/*
 * Where a value comes from, said after a condition: "If the DSCR is below
 * 1.25x, based on trailing twelve-month financials, ...". The tail is read
 * only when it names the document or system a value the condition reads
 * comes from; otherwise its words stay unread, for accounting.c to report.
 */
#include <string.h>

#include "base/words.h"
#include "compile/provenance.h"

/* Phrases that say where a value comes from, after a complete condition:
 * "based on trailing twelve-month financials", "as shown on the form". */
bool provenance_tail(const parser *p, uint32_t k, uint32_t end)
{
	static const char *const v[] = { "based on", "according to", "as shown", "as stated",
	                                  "as reported", "as recorded", "as listed", "per",
	                                  "using", "from", "as determined", "as calculated" };
	if (is_punct(p, k, end, ','))
		k++;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (match(p, k, end, v[i]))
			return true;
	return false;
}

/* Whether a content word of tokens [k, end) is a word of the document or
 * system a value `e` reads comes from ("trailing twelve-month financials"
 * for values taken from the financial statement). */
static bool names_a_source(parser *p, const expr *e, uint32_t k, uint32_t end, unsigned depth)
{
	if (!e || depth > 16)
		return false;
	if (e->op == E_REF && e->step < p->c->ndefs) {
		const def *x = &p->c->defs[e->step];
		const char *src = x->kind == POLICY_STEP_EXTRACT ? x->doc :
		                  x->kind == POLICY_STEP_LOOKUP ? x->system : NULL;
		if (src) {
			wordlist w;
			if (!words_split(p->c->a, src, strlen(src), WORDS_CONTENT, &w)) {
				p->c->nomem = true;
				return false;
			}
			for (uint32_t t = k; t < end; t++) {
				if (p->tk[t].kind != T_WORD)
					continue;
				char one[64];
				size_t n = word_singular(p->tk[t].low, strlen(p->tk[t].low), one, sizeof one);
				for (size_t j = 0; n && n < sizeof one && j < w.n; j++)
					if (!strcmp(w.w[j], one))
						return true;
			}
		}
		if (x->kind == POLICY_STEP_COMPUTE && names_a_source(p, x->value, k, end, depth + 1))
			return true;
	}
	for (uint32_t a = 0; a < e->nargs; a++)
		if (names_a_source(p, e->args[a], k, end, depth + 1))
			return true;
	return false;
}

void cond_check_provenances(parser *p)
{
	for (uint32_t n = 0; n < p->nprovenances; n++) {
		uint32_t si = p->provenances[n].sentence;
		sentence_select(p, si);
		uint32_t k = p->provenances[n].first, end = p->provenances[n].end;
		if (end <= p->s[si].n && names_a_source(p, p->provenances[n].e, k, end, 0))
			memset(p->s[si].used + k, 1, end - k);
	}
}
