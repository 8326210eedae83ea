/*
 * The term table: the things a policy names, and how a mention of one in a
 * later sentence is found again.
 *
 * People do not repeat a term verbatim. "Look up the owner's credit score"
 * is later "the credit score"; "the debt service coverage ratio" is later
 * "the borrower's debt service coverage ratio". Resolution tries, in order:
 *
 *   1. the same key (words_key: articles, possessives, plurals and word
 *      separators do not matter), then the same words in any order ("the
 *      amount claimed", "the date of loss" / "the loss date");
 *   2. a unique term whose words include all of the mention's words and
 *      end with the same head word, or begin with them (a shortened
 *      mention: "the number of accidents" for "the number of accidents in
 *      the last three years");
 *   3. a unique term whose words are all in the mention and whose head word
 *      is the mention's (a mention with a possessor or adjective more);
 *   4. with a wanted type, a unique term of that type sharing the mention's
 *      head word ("construction loans exceeding $5M" means the loan amount).
 *
 * In 3 and 4 the mention's other words may not name a condition of the
 * policy ("a qualifying applicant's credit score" when "an applicant
 * qualifies if ..."): that word would be dropped without a trace.
 *
 * Ambiguity is an error that lists the candidates; it is never a guess.
 */
#include <string.h>

#include "compile/compile.h"

def *def_add(compiler *c, policy_step_kind kind, span sp, const char *sentence)
{
	if (c->ndefs >= c->max_steps) {
		if (!c->steps_exceeded)
			diag_error(c, sp, "split the policy, or raise max_steps in the compile options",
			           "the policy needs more steps than the limit of %zu", c->max_steps);
		c->steps_exceeded = true;
		return NULL;
	}
	if (c->ndefs == c->cap) {
		uint32_t cap = c->cap ? c->cap * 2 : 32;
		def *d = arena_grow(c->a, c->defs, c->ndefs, cap, sizeof *d);
		if (!d) {
			c->nomem = true;
			return NULL;
		}
		c->defs = d;
		c->cap = cap;
	}
	def *d = &c->defs[c->ndefs++];
	memset(d, 0, sizeof *d);
	d->kind = kind;
	d->sp = sp;
	d->sentence = sentence;
	d->type = POLICY_TYPE_NONE;
	return d;
}

static bool is_term(const def *d)
{
	return d->kind == POLICY_STEP_EXTRACT || d->kind == POLICY_STEP_LOOKUP ||
	       d->kind == POLICY_STEP_COMPUTE || d->kind == POLICY_STEP_LLM;
}

/* ---- the key index ----
 *
 * The parser asks "is there a term with this key?" for every span it
 * considers, so keys live in an open-addressing table. It is filled
 * lazily: before each lookup, the defs added since the last one are
 * indexed (every def is complete by then: lookups happen before a new def
 * is added, never while one is being built). The first def with a key
 * wins, as a scan in policy order would find it; aliases are a second
 * table, consulted only when no key matches. */
typedef struct key_slot {
	const char *key;
	int32_t def;
} key_slot;

static size_t hash_key(const char *k)
{
	size_t h = 5381;
	for (; *k; k++)
		h = h * 33 + (unsigned char)*k;
	return h;
}

static key_slot *slot_for(key_slot *table, size_t mask, const char *key)
{
	for (size_t i = hash_key(key) & mask;; i = (i + 1) & mask)
		if (!table[i].key || !strcmp(table[i].key, key))
			return &table[i];
}

static bool index_grow(compiler *c)
{
	size_t mask = c->keys_mask ? c->keys_mask * 2 + 1 : 63;
	key_slot *keys = arena_zalloc(c->a, (mask + 1) * sizeof *keys);
	key_slot *aliases = arena_zalloc(c->a, (mask + 1) * sizeof *aliases);
	key_slot *firsts = arena_zalloc(c->a, (mask + 1) * sizeof *firsts);
	if (!keys || !aliases || !firsts) {
		c->nomem = true;
		return false;
	}
	for (size_t i = 0; c->keys && i <= c->keys_mask; i++) {
		if (c->keys[i].key)
			*slot_for(keys, mask, c->keys[i].key) = c->keys[i];
		if (c->aliases[i].key)
			*slot_for(aliases, mask, c->aliases[i].key) = c->aliases[i];
		if (c->firsts[i].key)
			*slot_for(firsts, mask, c->firsts[i].key) = c->firsts[i];
	}
	c->keys = keys;
	c->aliases = aliases;
	c->firsts = firsts;
	c->keys_mask = mask;
	return true;
}

static bool index_sync(compiler *c);

static void note_first_word(compiler *c, const char *key)
{
	size_t n = strcspn(key, " ");
	char *w = arena_strndup(c->a, key, n);
	if (!w) {
		c->nomem = true;
		return;
	}
	key_slot *s = slot_for(c->firsts, c->keys_mask, w);
	if (!s->key)
		*s = (key_slot){ w, 0 };
}

bool term_first_word(compiler *c, const char *w, size_t len)
{
	char word[64];
	if (len >= sizeof word || !index_sync(c))
		return true; /* cannot tell: do not filter */
	memcpy(word, w, len);
	word[len] = '\0';
	return slot_for(c->firsts, c->keys_mask, word)->key != NULL;
}

static bool index_sync(compiler *c)
{
	uint32_t n = c->ndefs;
	/* at most half full: each def adds at most one entry to each table */
	while (!c->keys || 2 * (size_t)n + 2 > c->keys_mask)
		if (!index_grow(c))
			return false;
	for (; c->keys_indexed < n; c->keys_indexed++) {
		const def *d = &c->defs[c->keys_indexed];
		if (!is_term(d))
			continue;
		if (d->key && *d->key) {
			key_slot *s = slot_for(c->keys, c->keys_mask, d->key);
			if (!s->key)
				*s = (key_slot){ d->key, (int32_t)c->keys_indexed };
			note_first_word(c, d->key);
		}
		if (d->alias && *d->alias) {
			key_slot *s = slot_for(c->aliases, c->keys_mask, d->alias);
			if (!s->key)
				*s = (key_slot){ d->alias, (int32_t)c->keys_indexed };
			note_first_word(c, d->alias);
		}
	}
	return true;
}

/* "type" and "types": a word and its plural in s. */
static bool same_or_plural(const char *a, const char *b)
{
	size_t al = strlen(a), bl = strlen(b);
	if (al == bl)
		return !strcmp(a, b);
	if (al + 1 == bl)
		return b[al] == 's' && !strncmp(a, b, al);
	if (bl + 1 == al)
		return a[bl] == 's' && !strncmp(a, b, bl);
	return false;
}

int32_t term_with_words(const compiler *c, const wordlist *w, bool (*accept)(const def *))
{
	int32_t found = -1;
	for (uint32_t d = 0; d < c->ndefs; d++) {
		const def *x = &c->defs[d];
		if (!accept(x))
			continue;
		bool all = true;
		for (size_t a = 0; a < w->n && all; a++) {
			bool has = false;
			for (size_t b = 0; b < x->words.n && !has; b++)
				has = same_or_plural(w->w[a], x->words.w[b]);
			all = has;
		}
		if (!all)
			continue;
		if (found >= 0)
			return -1;
		found = (int32_t)d;
	}
	return found;
}

bool term_add_alias(compiler *c, uint32_t d, const char *alias)
{
	if (!index_sync(c))
		return false;
	key_slot *s = slot_for(c->aliases, c->keys_mask, alias);
	if (s->key)
		return true;
	*s = (key_slot){ alias, (int32_t)d };
	note_first_word(c, alias);
	c->defs[d].alias = alias;
	return !c->nomem;
}

int32_t term_find_key(compiler *c, const char *key)
{
	if (!key || !*key || !index_sync(c))
		return -1;
	const key_slot *s = slot_for(c->keys, c->keys_mask, key);
	if (s->key)
		return s->def;
	/* an alias the policy gave in parentheses: "(DTI)" */
	s = slot_for(c->aliases, c->keys_mask, key);
	return s->key ? s->def : -1;
}

static const char *const negative_prefixes[] = { "un", "in", "dis", "non", "im", "ir", "il" };

/* Whether the word w[0..n) starts with a negative prefix and goes on. */
bool prefixed_word(const char *w, size_t n)
{
	for (size_t x = 0; x < sizeof negative_prefixes / sizeof negative_prefixes[0]; x++) {
		size_t xl = strlen(negative_prefixes[x]);
		if (n > xl + 3 && !strncmp(w, negative_prefixes[x], xl))
			return true;
	}
	return false;
}

/* Whether some named condition's name ends in a word with a negative
 * prefix ("unqualified"): only then is a prefix put on to find one. */
bool some_prefixed_condition(compiler *c)
{
	for (; c->opp_scanned < c->ndefs; c->opp_scanned++) {
		const def *d = &c->defs[c->opp_scanned];
		if (!d->is_predicate || !d->key)
			continue;
		const char *last = strrchr(d->key, ' ');
		last = last ? last + 1 : d->key;
		c->opp_prefixed = c->opp_prefixed || prefixed_word(last, strlen(last));
		if (d->short_key) {
			last = strrchr(d->short_key, ' ');
			last = last ? last + 1 : d->short_key;
			c->opp_prefixed = c->opp_prefixed || prefixed_word(last, strlen(last));
		}
	}
	return c->opp_prefixed;
}

int32_t term_find_antonym(compiler *c, const char *key)
{
	const char *const *prefixes = negative_prefixes;
	/* verbs of opposite meaning: "passes screening" of "fails screening" */
	static const char *const pairs[][2] = { { "pass", "fail" }, { "passes", "fails" },
	                                        { "passed", "failed" } };
	size_t kl = key ? strlen(key) : 0;
	char buf[256];
	if (!kl || kl + 4 >= sizeof buf)
		return -1;
	for (size_t w = 0; w < kl; w++) {
		if (w && key[w - 1] != ' ')
			continue;
		size_t we = w;
		while (we < kl && key[we] != ' ')
			we++;
		for (size_t x = 0; x < sizeof pairs / sizeof pairs[0]; x++)
			for (int side = 0; side < 2; side++) {
				const char *from = pairs[x][side], *to = pairs[x][!side];
				size_t fl = strlen(from), tl = strlen(to);
				if (we - w != fl || strncmp(key + w, from, fl) || kl - fl + tl >= sizeof buf)
					continue;
				memcpy(buf, key, w);
				memcpy(buf + w, to, tl);
				memcpy(buf + w + tl, key + we, kl - we + 1);
				int32_t d = term_find_key(c, buf);
				if (d >= 0 && c->defs[d].is_predicate && !c->defs[d].kind_of)
					return d;
			}
		if (we != kl)
			continue; /* the prefix goes on the last word: "is (un)qualified" */
		bool removable = prefixed_word(key + w, we - w);
		if (!removable && !some_prefixed_condition(c))
			continue; /* no "unqualified" to find by "qualified" */
		for (size_t x = 0; x < sizeof negative_prefixes / sizeof negative_prefixes[0]; x++) {
			size_t xl = strlen(prefixes[x]);
			bool has = we - w > xl + 3 && !strncmp(key + w, prefixes[x], xl);
			if (removable != has)
				continue;
			/* "qualified" <-> "unqualified": the word without, or with, it */
			if (has) {
				memcpy(buf, key, w);
				memcpy(buf + w, key + w + xl, kl - w - xl + 1);
			} else {
				memcpy(buf, key, w);
				memcpy(buf + w, prefixes[x], xl);
				memcpy(buf + w + xl, key + w, kl - w + 1);
			}
			int32_t d = term_find_key(c, buf);
			if (d >= 0 && c->defs[d].is_predicate && !c->defs[d].kind_of)
				return d;
		}
	}
	return -1;
}

static bool has_word(const wordlist *w, const char *word)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->w[i], word) == 0)
			return true;
	return false;
}

/* "claim" and "claimed", "loan" and "loans": one word for telling which
 * amount a noun means ("a claim above $100,000" is the claimed amount). */
static bool same_stem(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > lb)
		return same_stem(b, a);
	if (strncmp(a, b, la))
		return false;
	const char *rest = b + la;
	return !*rest || !strcmp(rest, "ed") || !strcmp(rest, "d") || !strcmp(rest, "s") ||
	       !strcmp(rest, "es") || !strcmp(rest, "ing");
}

static bool has_stem(const wordlist *w, const char *word)
{
	for (size_t i = 0; i < w->n; i++)
		if (same_stem(w->w[i], word))
			return true;
	return false;
}

static bool all_in(const wordlist *a, const wordlist *b)
{
	for (size_t i = 0; i < a->n; i++)
		if (!has_word(b, a->w[i]))
			return false;
	return true;
}

static const char *head(const wordlist *w)
{
	return w->n ? w->w[w->n - 1] : "";
}

/* "the number of at-fault accidents" begins "the number of at-fault
 * accidents in the last three years": a term cut short before what
 * qualifies it. Two words at least, so "the policy" is not "the policy
 * number". */
static bool is_prefix(const wordlist *mention, const wordlist *term)
{
	if (mention->n < 2 || mention->n >= term->n)
		return false;
	for (size_t i = 0; i < mention->n; i++)
		if (strcmp(mention->w[i], term->w[i]))
			return false;
	return true;
}

/* A mention may say more than the term ("the borrower's debt service
 * coverage ratio"), but not a word that makes it another quantity: "the
 * maximum loan amount" is not "the loan amount". */
static bool changes_meaning(const wordlist *mention, const wordlist *term)
{
	static const char *const v[] = {
		"maximum", "minimum", "max", "min", "average", "mean", "median", "total", "prior",
		"previous", "new", "old", "current", "original", "remaining", "available",
		"required", "allowed", "permitted", "permissible", "expected", "projected", "net",
		"gross", "annual", "monthly", "weekly", "daily", "yearly", "quarterly", "first",
		"last", "second", "third", "other", "additional", "combined", "lowest", "highest",
		"largest", "smallest", "target", "limit", "threshold", "adjusted", "revised",
		"initial", "final", "future", "past", "cumulative", "aggregate",
	};
	for (size_t i = 0; i < mention->n; i++) {
		if (has_word(term, mention->w[i]))
			continue;
		for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
			if (!strcmp(mention->w[i], v[k]))
				return true;
	}
	return false;
}

/* How w names a word x of a named condition: 1 the word or its stem
 * ("qualifying" of "qualifies"), -1 its opposite ("acceptable" of
 * "unacceptable"), 0 not. */
static int names_word(const char *w, const char *x)
{
	size_t wl = strlen(w), xl = strlen(x), n = 0;
	while (n < wl && n < xl && w[n] == x[n])
		n++;
	if ((n == wl && n == xl) || (n >= 6 && wl > 6 && xl > 6))
		return 1;
	if (xl > wl && !strcmp(x + xl - wl, w) && (xl - wl == 2 || xl - wl == 3) &&
	    (!strncmp(x, "un", 2) || !strncmp(x, "in", 2) || !strncmp(x, "non", 3) ||
	     !strncmp(x, "dis", 3)))
		return -1;
	return 0;
}

bool term_condition_word(const compiler *c, const char *w)
{
	for (uint32_t i = 0; c->npredicates && i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		/* its subject ("driver" of "a driver is unacceptable") says no
		 * condition */
		for (size_t k = d->words.n > 1; d->is_predicate && k < d->words.n; k++)
			if (names_word(w, d->words.w[k]))
				return true;
	}
	return false;
}

int32_t term_condition_of(const compiler *c, const char *noun, const char *adj, bool *negated)
{
	int32_t found = -1;
	for (uint32_t i = 0; c->npredicates && i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		if (!d->is_predicate || d->words.n != 2)
			continue;
		int a0 = names_word(adj, d->words.w[0]), a1 = names_word(adj, d->words.w[1]);
		int way = 0;
		if (a1 && names_word(noun, d->words.w[0]) == 1)
			way = a1; /* "a driver is unacceptable": driver, unacceptable */
		else if (a0 && names_word(noun, d->words.w[1]) == 1)
			way = a0;
		if (!way)
			continue;
		if (found >= 0)
			return -1;
		found = (int32_t)i;
		*negated = way < 0;
	}
	return found;
}

/* A mention's words the term lacks that name a condition: "a qualifying
 * applicant's credit score" is not the credit score of every applicant. */
static bool adds_a_condition(const compiler *c, const wordlist *mention, const wordlist *term)
{
	for (size_t i = 0; i < mention->n; i++)
		if (!has_word(term, mention->w[i]) && term_condition_word(c, mention->w[i]))
			return true;
	return false;
}

static bool type_fits(policy_type have, policy_type want)
{
	if (want == POLICY_TYPE_NONE || have == want)
		return true;
	return type_is_numeric(have) && type_is_numeric(want);
}

/* Keep the unique candidate; on a second distinct one, note ambiguity. */
static void consider(int32_t *best, int *count, int32_t i, buf *cands, const compiler *c)
{
	if (*best == i)
		return;
	(*count)++;
	if (cands) {
		if (cands->len)
			buf_puts(cands, "', '");
		buf_puts(cands, c->defs[i].name);
	}
	*best = i;
}

int32_t term_resolve(compiler *c, const char *text, size_t len, policy_type want, buf *cands)
{
	char *key = words_key(c->a, text, len);
	if (!key) {
		c->nomem = true;
		return -1;
	}
	int32_t exact = term_find_key(c, key);
	if (exact >= 0)
		return exact;
	wordlist m;
	if (!words_split(c->a, text, len, WORDS_CONTENT, &m)) {
		c->nomem = true;
		return -1;
	}
	if (m.n == 0)
		return -1;
	for (int pass = 1; pass <= 4; pass++) {
		int32_t best = -1;
		int count = 0;
		if (cands)
			cands->len = 0;
		for (uint32_t i = 0; i < c->ndefs; i++) {
			const def *d = &c->defs[i];
			/* a judgment is a question, found by its words (judgment.c),
			 * never a name a shorter mention stands for */
			if (!is_term(d) || !d->key || d->judge_core || !type_fits(d->type, want))
				continue;
			bool ok = false;
			if (pass == 1)
				/* the same words in another order: "the amount claimed" */
				ok = d->words.n == m.n && all_in(&m, &d->words) && all_in(&d->words, &m);
			else if (pass == 2)
				ok = (all_in(&m, &d->words) && strcmp(head(&m), head(&d->words)) == 0) ||
				     is_prefix(&m, &d->words);
			else if (pass == 3)
				ok = d->words.n && all_in(&d->words, &m) &&
				     strcmp(head(&m), head(&d->words)) == 0 && !changes_meaning(&m, &d->words) &&
				     !adds_a_condition(c, &m, &d->words);
			else if (want != POLICY_TYPE_NONE && d->type != POLICY_TYPE_NONE)
				/* "construction loans" is the loan amount: the mention names
				 * the thing, the term its measure. A mention ending in the
				 * term's own head ("the claimd amount") is a different term or
				 * a typo, never this one; nor is a mention that names a
				 * measure itself ("the report date" is not the date of
				 * loss). */
				ok = has_stem(&d->words, head(&m)) &&
				     (m.n == 1 || !same_stem(head(&m), head(&d->words))) &&
				     type_from_term_name(head(&m)) == POLICY_TYPE_NONE &&
				     !adds_a_condition(c, &m, &d->words);
			if (ok)
				consider(&best, &count, (int32_t)i, cands, c);
		}
		if (count == 1)
			return best;
		if (count > 1)
			return -2;
	}
	return -1;
}

int32_t term_near_spelling(compiler *c, const char *text, size_t len)
{
	char *key = words_key(c->a, text, len);
	if (!key) {
		c->nomem = true; /* no hint is not an answer when memory ran out */
		return -1;
	}
	if (!*key)
		return -1;
	size_t klen = strlen(key);
	unsigned cap = (unsigned)(klen / 3 + 2);
	unsigned best_d = cap + 1;
	int32_t best = -1;
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		if (!is_term(d) || !d->key)
			continue;
		unsigned dist = words_edit_distance(key, klen, d->key, strlen(d->key), cap);
		if (dist < best_d) {
			best_d = dist;
			best = (int32_t)i;
		}
	}
	return best;
}

const char *term_suggest(compiler *c, const char *text, size_t len)
{
	int32_t near = term_near_spelling(c, text, len);
	if (near >= 0)
		return c->defs[near].name;
	/* No near spelling: a term sharing the head word is still a fair hint. */
	wordlist m;
	if (!words_split(c->a, text, len, WORDS_CONTENT, &m) || m.n == 0)
		return NULL;
	for (uint32_t i = 0; i < c->ndefs; i++) {
		const def *d = &c->defs[i];
		if (is_term(d) && d->key && has_word(&d->words, head(&m)))
			return d->name;
	}
	return NULL;
}

/* The last word of a name says most about its type: "date of loss" is a
 * date because of its first word, so both ends are looked at. */
policy_type type_from_term_name(const char *name)
{
	static const struct {
		const char *word;
		policy_type type;
	} heads[] = {
		{ "date", POLICY_TYPE_DATE }, { "deadline", POLICY_TYPE_DATE },
		{ "birthday", POLICY_TYPE_DATE }, { "dob", POLICY_TYPE_DATE },
		{ "amount", POLICY_TYPE_MONEY }, { "cost", POLICY_TYPE_MONEY },
		{ "costs", POLICY_TYPE_MONEY }, { "value", POLICY_TYPE_MONEY },
		{ "price", POLICY_TYPE_MONEY }, { "income", POLICY_TYPE_MONEY },
		{ "revenue", POLICY_TYPE_MONEY }, { "revenues", POLICY_TYPE_MONEY },
		{ "limit", POLICY_TYPE_MONEY }, { "payment", POLICY_TYPE_MONEY },
		{ "payments", POLICY_TYPE_MONEY }, { "debt", POLICY_TYPE_MONEY },
		{ "debts", POLICY_TYPE_MONEY }, { "balance", POLICY_TYPE_MONEY },
		{ "fee", POLICY_TYPE_MONEY }, { "fees", POLICY_TYPE_MONEY },
		{ "premium", POLICY_TYPE_MONEY }, { "salary", POLICY_TYPE_MONEY },
		{ "deductible", POLICY_TYPE_MONEY }, { "service", POLICY_TYPE_MONEY },
		{ "expense", POLICY_TYPE_MONEY }, { "expenses", POLICY_TYPE_MONEY },
		{ "total", POLICY_TYPE_MONEY }, { "threshold", POLICY_TYPE_MONEY },
		{ "principal", POLICY_TYPE_MONEY }, { "assets", POLICY_TYPE_MONEY },
		{ "liabilities", POLICY_TYPE_MONEY }, { "earnings", POLICY_TYPE_MONEY },
		{ "wages", POLICY_TYPE_MONEY }, { "rent", POLICY_TYPE_MONEY },
		{ "spend", POLICY_TYPE_MONEY }, { "spending", POLICY_TYPE_MONEY },
		{ "charge", POLICY_TYPE_MONEY }, { "charges", POLICY_TYPE_MONEY },
		{ "budget", POLICY_TYPE_MONEY }, { "proceeds", POLICY_TYPE_MONEY },
		{ "deposit", POLICY_TYPE_MONEY }, { "deposits", POLICY_TYPE_MONEY },
		{ "withdrawal", POLICY_TYPE_MONEY }, { "withdrawals", POLICY_TYPE_MONEY },
		{ "reserve", POLICY_TYPE_MONEY }, { "reserves", POLICY_TYPE_MONEY },
		{ "refund", POLICY_TYPE_MONEY }, { "payout", POLICY_TYPE_MONEY },
		{ "subtotal", POLICY_TYPE_MONEY }, { "sales", POLICY_TYPE_MONEY },
		{ "profit", POLICY_TYPE_MONEY }, { "profits", POLICY_TYPE_MONEY },
		{ "equity", POLICY_TYPE_MONEY }, { "losses", POLICY_TYPE_MONEY },
		{ "pay", POLICY_TYPE_MONEY }, { "benefit", POLICY_TYPE_MONEY },
		{ "ebitda", POLICY_TYPE_MONEY }, { "ebit", POLICY_TYPE_MONEY }, { "allowance", POLICY_TYPE_MONEY },
		{ "worth", POLICY_TYPE_MONEY }, { "capital", POLICY_TYPE_MONEY },
		{ "hours", POLICY_TYPE_NUMBER }, { "weeks", POLICY_TYPE_NUMBER },
		{ "points", POLICY_TYPE_NUMBER }, { "gpa", POLICY_TYPE_NUMBER },
		{ "ratio", POLICY_TYPE_RATIO }, { "multiple", POLICY_TYPE_RATIO },
		{ "rate", POLICY_TYPE_PERCENT }, { "percentage", POLICY_TYPE_PERCENT },
		{ "share", POLICY_TYPE_PERCENT }, { "utilization", POLICY_TYPE_PERCENT },
		{ "score", POLICY_TYPE_NUMBER }, { "age", POLICY_TYPE_NUMBER },
		{ "count", POLICY_TYPE_COUNT }, { "years", POLICY_TYPE_NUMBER },
		{ "months", POLICY_TYPE_NUMBER }, { "days", POLICY_TYPE_NUMBER },
		{ "quantity", POLICY_TYPE_NUMBER }, { "units", POLICY_TYPE_NUMBER },
		{ "status", POLICY_TYPE_TEXT }, { "name", POLICY_TYPE_TEXT },
		{ "number", POLICY_TYPE_TEXT }, { "id", POLICY_TYPE_TEXT },
		{ "code", POLICY_TYPE_TEXT }, { "category", POLICY_TYPE_TEXT },
		{ "type", POLICY_TYPE_TEXT }, { "state", POLICY_TYPE_TEXT },
		{ "address", POLICY_TYPE_TEXT }, { "description", POLICY_TYPE_TEXT },
		{ "notes", POLICY_TYPE_TEXT }, { "reason", POLICY_TYPE_TEXT },
		{ "country", POLICY_TYPE_TEXT }, { "class", POLICY_TYPE_TEXT },
		{ "grade", POLICY_TYPE_TEXT }, { "tier", POLICY_TYPE_TEXT },
		{ "method", POLICY_TYPE_TEXT }, { "purpose", POLICY_TYPE_TEXT },
		{ "identifier", POLICY_TYPE_TEXT },
	};
	const char *last = strrchr(name, ' ');
	last = last ? last + 1 : name;
	size_t first_len = strcspn(name, " ");
	if (strncmp(name, "number of ", 10) == 0)
		return POLICY_TYPE_COUNT;
	/* "the hourly rate", "the daily rate": an amount per unit of time */
	if (!strcmp(last, "rate") && (strstr(name, "hourly") || strstr(name, "daily") ||
	                              strstr(name, "weekly") || strstr(name, "pay rate") ||
	                              strstr(name, "billing")))
		return POLICY_TYPE_MONEY;
	/* "the applicant's date of birth", "the date of service": the head
	 * comes before "of" */
	const char *of = strstr(name, " of ");
	if (of) {
		const char *head = of;
		while (head > name && head[-1] != ' ')
			head--;
		for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
			if (strlen(heads[i].word) == (size_t)(of - head) &&
			    !strncmp(head, heads[i].word, (size_t)(of - head)))
				return heads[i].type;
	}
	/* "the use of proceeds" is a use, not proceeds: one word after "of"
	 * names what the head is of ("the loss of use charge" is a charge) */
	bool of_one = of && !strchr(of + 4, ' ');
	for (size_t i = 0; i < sizeof heads / sizeof heads[0] && !of_one; i++)
		if (strcmp(last, heads[i].word) == 0)
			return heads[i].type;
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		if (heads[i].type == POLICY_TYPE_DATE && strlen(heads[i].word) == first_len &&
		    strncmp(name, heads[i].word, first_len) == 0)
			return POLICY_TYPE_DATE;
	/* "days pending", "years in business": a count of a unit of time */
	duration_unit u;
	if (first_len < strlen(name) && duration_unit_from_word(name, first_len, &u))
		return POLICY_TYPE_NUMBER;
	return POLICY_TYPE_NONE;
}

bool doc_note(compiler *c, const char *doc)
{
	for (uint32_t i = 0; i < c->ndocs; i++)
		if (strcmp(c->docs[i], doc) == 0)
			return true;
	if (c->ndocs == c->docs_cap) {
		uint32_t cap = c->docs_cap ? c->docs_cap * 2 : 8;
		const char **d = arena_grow(c->a, c->docs, c->ndocs, cap, sizeof *d);
		if (!d) {
			c->nomem = true;
			return false;
		}
		c->docs = d;
		c->docs_cap = cap;
	}
	c->docs[c->ndocs++] = doc;
	return true;
}

static void vdiag(compiler *c, policy_severity sev, span sp, const char *hint, const char *fmt,
                  va_list ap)
{
	buf b;
	mem m = c->a->m;
	buf_init(&b, &m);
	buf_vprintf(&b, fmt, ap);
	const char *msg = buf_cstr(&b);
	/* One expression read by several rules (an If and its Otherwise) is
	 * checked once per rule: say each thing once. */
	const policy_error *e = c->diags;
	for (size_t k = e->count; msg && k-- > 0 && e->count - k <= 16;) {
		const diagnostic *d = &e->diags[k];
		if (d->line == sp.line && d->column == sp.column && d->severity == sev &&
		    !strcmp(d->message, msg)) {
			buf_release(&b);
			return;
		}
	}
	if (!msg || !error_add(c->diags, sev, sp.line, sp.column, sp.length, hint, "%s", msg))
		c->nomem = true;
	buf_release(&b);
}

void diag_error(compiler *c, span sp, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(c, POLICY_SEVERITY_ERROR, sp, hint, fmt, ap);
	va_end(ap);
}

void diag_warning(compiler *c, span sp, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag(c, POLICY_SEVERITY_WARNING, sp, hint, fmt, ap);
	va_end(ap);
}

/* ---- expressions ---- */

expr *expr_new(compiler *c, expr_op op, span sp)
{
	expr *e = arena_zalloc(c->a, sizeof *e);
	if (!e) {
		c->nomem = true;
		return NULL;
	}
	e->op = op;
	e->sp = sp;
	return e;
}

expr *expr_ref(compiler *c, uint32_t d, span sp)
{
	expr *e = expr_new(c, E_REF, sp);
	if (e) {
		e->step = d;
		c->defs[d].used = true;
		c->last_ref = (int32_t)d;
	}
	return e;
}

expr *expr_const(compiler *c, value v, span sp, const char *text)
{
	expr *e = expr_new(c, E_CONST, sp);
	if (e) {
		e->val = v;
		e->type = v.type;
		e->text = text;
	}
	return e;
}

expr *expr_nary(compiler *c, expr_op op, expr **args, uint32_t n, span sp)
{
	for (uint32_t i = 0; i < n; i++)
		if (!args[i])
			return NULL;
	expr *e = expr_new(c, op, sp);
	if (!e)
		return NULL;
	e->args = arena_alloc(c->a, (n ? n : 1) * sizeof *e->args);
	if (!e->args) {
		c->nomem = true;
		return NULL;
	}
	memcpy(e->args, args, n * sizeof *args);
	e->nargs = n;
	return e;
}

expr *expr_unary(compiler *c, expr_op op, expr *a, span sp)
{
	return expr_nary(c, op, &a, 1, sp);
}

expr *expr_binary(compiler *c, expr_op op, expr *a, expr *b, span sp)
{
	expr *args[2] = { a, b };
	return expr_nary(c, op, args, 2, sp);
}

expr *expr_cmp(compiler *c, cmp_op cmp, expr *a, expr *b, span sp, const char *phrase)
{
	if ((cmp == CMP_EQ || cmp == CMP_NE) && b && b->op == E_REF && b->step < c->ndefs &&
	    c->defs[b->step].is_set) {
		/* "the source is not an excluded water source": not one of them */
		expr *in = expr_binary(c, E_IN, a, b, sp);
		if (!in)
			return NULL;
		in->type = POLICY_TYPE_BOOLEAN;
		in->text = "is one of";
		return cmp == CMP_NE ? expr_not(c, in) : in;
	}
	expr *e = expr_binary(c, E_CMP, a, b, sp);
	if (e) {
		e->cmp = cmp;
		e->text = phrase;
		e->type = POLICY_TYPE_BOOLEAN;
	}
	return e;
}

expr *expr_and(compiler *c, expr *a, expr *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	expr *e = expr_binary(c, E_AND, a, b, a->sp);
	if (e)
		e->type = POLICY_TYPE_BOOLEAN;
	return e;
}

expr *expr_or(compiler *c, expr *a, expr *b)
{
	if (!a || !b)
		return NULL;
	expr *args[2] = { a, b };
	expr *e = expr_nary(c, E_OR, args, 2, a->sp);
	if (e)
		e->type = POLICY_TYPE_BOOLEAN;
	return e;
}

expr *expr_not(compiler *c, expr *a)
{
	if (!a)
		return NULL;
	expr *e = expr_unary(c, E_NOT, a, a->sp);
	if (e)
		e->type = POLICY_TYPE_BOOLEAN;
	return e;
}
