/*
 * Label scoring (run/label_score.h) and the lexicon it reads
 * (data/label-synonyms.txt through base/lexicon.h), as specifications:
 * the label a form prints, the term a policy asks for, and how well and
 * by which signal the one names the other.
 *
 * Each signal has labels it must find and labels it must leave alone; the
 * order between a label in the term's own words and one that needs a
 * signal is checked too, since the extractor's margin works on it. The
 * extraction-level behaviour (the head rule's uniqueness, ambiguity
 * errors, evidence) is in test_extract.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/lexicon.h"
#include "base/words.h"
#include "run/label_score.h"

static mem test_mem;

static int setup(void **state)
{
	arena *a = test_malloc(sizeof *a);
	test_mem = mem_from(NULL);
	arena_init(a, &test_mem);
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	arena *a = *state;
	arena_release(a);
	test_free(a);
	return 0;
}

/* The label against the term on a document of type doc, for values of
 * type. */
static label_match score_on(arena *a, const char *label, const char *term, const char *doc,
                            policy_type type)
{
	word_set *set;
	assert_true(words_set_make(a, term, strlen(term), &set));
	word_set *doc_set;
	assert_true(words_set_make(a, doc, strlen(doc), &doc_set));
	label_term t;
	assert_true(label_term_make(a, term, strlen(term), set, doc_set, type, true, &t));
	label_text l;
	assert_true(label_text_make(a, label, strlen(label), &l));
	label_match m;
	label_score(a, &t, &l, &m);
	assert_false(a->failed);
	return m;
}

static label_match score(arena *a, const char *label, const char *term)
{
	return score_on(a, label, term, "form", POLICY_TYPE_TEXT);
}

typedef struct pair {
	const char *label; /* as the form prints it */
	const char *term;  /* as the policy writes it */
} pair;

/* Every pair scores at least `min` by signal `how`. */
static void assert_pairs(arena *a, const pair *pairs, size_t n, label_how how, int min, int max)
{
	for (size_t i = 0; i < n; i++) {
		label_match m = score(a, pairs[i].label, pairs[i].term);
		if (m.score < min || m.score > max || m.how != how)
			fail_msg("'%s' for '%s': score %d by %s, expected %d..%d by %s", pairs[i].label,
			         pairs[i].term, m.score, label_how_name(m.how) ? label_how_name(m.how) : "none",
			         min, max, label_how_name(how));
	}
}

/* No pair reaches the extractor's threshold (WORDS_MATCH_LABEL). */
static void assert_no_match(arena *a, const pair *pairs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		label_match m = score(a, pairs[i].label, pairs[i].term);
		if (m.score >= WORDS_MATCH_LABEL)
			fail_msg("'%s' must not name '%s': score %d by %s", pairs[i].label,
			         pairs[i].term, m.score, label_how_name(m.how));
	}
}

#define PAIRS(p) (p), sizeof(p) / sizeof((p)[0])

/* ---- words: exact, normalized, plurals, stems, the tables' abbreviations ---- */

static void labels_in_the_terms_words_score_1000(void **state)
{
	arena *a = *state;
	static const pair exact[] = {
		{ "Claimed Amount", "claimed amount" },
		{ "CLAIMED AMOUNT", "the claimed amount" },
		{ "Amount Claimed", "claimed amount" },       /* order */
		{ "Claimed Amounts", "claimed amount" },      /* plural */
		{ "Date of Loss", "loss date" },              /* filler words */
		{ "Owner's Credit Scores", "owner credit score" },
		{ "Amt. Claimed", "claimed amount" },         /* "Amt" */
		{ "Policy No.", "policy number" },            /* "No." */
		{ "DOB", "date of birth" },
		{ "Qty", "quantity" },
		{ "DSCR", "debt service coverage ratio" },
		{ "2nd Lien Payoff", "second lien payoff" }, /* ordinals in digits */
		{ "Home or Mobile Phone", "mobile phone" },  /* one side of an "or" */
		{ "Headcount (FT + PT) as of 3/1/2024", "headcount" }, /* the date it is as of */
		{ "Shipped Outside the U.S.", "shipped outside the United States" },
	};
	assert_pairs(a, PAIRS(exact), LABEL_WORDS, 1000, 1000);
	/* stems and partial overlap score less, still by words */
	static const pair partial[] = {
		{ "Date Reviewed", "review date" },        /* stems */
		{ "Total Estimate", "estimated repair cost" },
		{ "Monthly Debts", "total monthly debt payments" },
	};
	assert_pairs(a, PAIRS(partial), LABEL_WORDS, WORDS_MATCH_LABEL, 999);
}

/* ---- abbreviations the tables do not know ---- */

static void abbreviations_shorten_one_word_of_the_term(void **state)
{
	arena *a = *state;
	static const pair found[] = {
		{ "Bldg Value", "building value" },           /* its consonants */
		{ "Mkt Value", "market value" },
		{ "Mfr", "manufacturer" },
		{ "Cert. Expiration Date", "certificate expiration date" }, /* cut with a period */
		{ "Gross Inc.", "gross income" },
		{ "Cond. Grade", "condition grade" },
		{ "Appraised Prod. (unharvested)", "appraised production" },
	};
	assert_pairs(a, PAIRS(found), LABEL_ABBREVIATION, 800, 950);
	static const pair not_found[] = {
		{ "Net Pay", "nonexempt pay" },   /* a word with vowels is no contraction */
		{ "Cert Number", "certificate expiration date" }, /* no period, no skeleton */
		{ "St.", "street state" },        /* two words it may shorten: no guess */
		{ "Bld", "bold" },                /* not shorter by two letters */
	};
	assert_no_match(a, PAIRS(not_found));
}

/* ---- acronyms ---- */

static void acronyms_spell_the_terms_initials(void **state)
{
	arena *a = *state;
	static const pair found[] = {
		{ "2FA Required", "whether two-factor authentication is required" },
		{ "2FA Required", "two-factor authentication is required" },
		{ "LMI", "low-to-moderate income" },      /* a filler inside, skipped */
		{ "LMI Area", "low-to-moderate income area" },
		{ "RTW Date", "return to work date" },    /* a filler inside, spelled */
		{ "PEP", "politically exposed person" },
		{ "3PL Provider", "third-party logistics provider" },
		{ "KYC Status", "know your customer status" }, /* a filler spelled */
	};
	assert_pairs(a, PAIRS(found), LABEL_ACRONYM, 900, 950);
	/* the other way round: capitals in the term, the words on the form */
	static const pair spelled[] = {
		{ "Standard Entry Class (SEC) Code", "SEC code" },
		{ "Two-Factor Authentication", "2FA" },
	};
	assert_pairs(a, PAIRS(spelled), LABEL_ACRONYM, 900, 950);
	static const pair not_found[] = {
		{ "PO Number", "policy owner" },     /* "PO" means purchase order */
		{ "ABC", "accrued benefit" },        /* a letter too many */
		{ "Fax", "federal annual excise" },  /* not in capitals */
		{ "TIA", "the income amount" },      /* starts on a filler word */
	};
	assert_no_match(a, PAIRS(not_found));
	/* An acronym is worth 19/20 of the words it stands for, no more:
	 * covering part of the term, it scores as that part does. */
	assert_int_equal(score(a, "AB", "accrued benefit cost").score,
	                 score(a, "Accrued Benefit", "accrued benefit cost").score * 19 / 20);
	/* a word, not initials: only the word it shares counts */
	assert_int_equal(score(a, "NET", "net earnings total").how, LABEL_WORDS);
	/* The term's own words beat its acronym by more than the margin. */
	label_match words = score(a, "Two-Factor Authentication Required",
	                          "two-factor authentication is required");
	label_match acronym = score(a, "2FA Required", "two-factor authentication is required");
	assert_int_equal(words.score, 1000);
	assert_true(words.score - acronym.score > 30);
}

/* ---- the lexicon ---- */

static void synonyms_come_from_the_lexicon(void **state)
{
	arena *a = *state;
	static const pair found[] = {
		{ "Progress", "percent complete" },
		{ "Progress", "the percent complete" },
		{ "% Complete", "progress" },
		{ "Work Complete", "percent complete" },
		{ "Retention", "retainage" },
		{ "Nationality", "citizenship" },
		{ "Visit Date", "date of service" },
		{ "Bill No.", "invoice number" },
		{ "Two-Step Verification Enabled", "two-factor authentication is enabled" },
	};
	assert_pairs(a, PAIRS(found), LABEL_SYNONYM, 800, 900);
	static const pair not_found[] = {
		{ "Progress Notes", "percent complete date" },
		{ "Retention", "deductible" },
	};
	assert_no_match(a, PAIRS(not_found));
	label_match own = score(a, "Percent Complete", "percent complete");
	label_match synonym = score(a, "Progress", "percent complete");
	assert_int_equal(own.score, 1000);
	assert_true(own.score - synonym.score > 30);
}

/* Every phrase is written as the words normalize it, so it can be found;
 * every group has a name and a domain; the longest phrase wins. */
static void the_lexicon_is_in_normal_form(void **state)
{
	arena *a = *state;
	size_t n = lexicon_phrase_count();
	assert_true(n >= 2);
	assert_true(lexicon_group_count() >= 1);
	for (size_t i = 0; i < n; i++) {
		unsigned g;
		const char *p = lexicon_phrase(i, &g);
		assert_non_null(p);
		if (i > 0 && strcmp(lexicon_phrase(i - 1, NULL), p) >= 0)
			fail_msg("lexicon: '%s' must sort after '%s'", p, lexicon_phrase(i - 1, NULL));
		assert_true(g < lexicon_group_count());
		assert_non_null(lexicon_group_name(g));
		assert_non_null(lexicon_group_domain(g));
		wordlist w;
		assert_true(words_split(a, p, strlen(p), WORDS_CONTENT | WORDS_CANON, &w));
		char normal[256] = "";
		for (size_t k = 0; k < w.n; k++) {
			if (k)
				strncat(normal, " ", sizeof normal - strlen(normal) - 1);
			strncat(normal, w.w[k], sizeof normal - strlen(normal) - 1);
		}
		if (strcmp(normal, p) != 0)
			fail_msg("data/label-synonyms.txt: '%s' is never seen; the words normalize "
			         "to '%s'",
			         p, normal);
	}
	/* each group's name is one of its phrases */
	for (unsigned g = 0; g < lexicon_group_count(); g++) {
		bool named = false;
		for (size_t i = 0; i < n && !named; i++) {
			unsigned pg;
			const char *p = lexicon_phrase(i, &pg);
			named = pg == g && !strcmp(p, lexicon_group_name(g));
		}
		if (!named)
			fail_msg("lexicon group %u: its name '%s' is not one of its phrases", g,
			         lexicon_group_name(g));
	}
	/* the longest phrase: "gross living area", not "living area" */
	lexicon_word words[] = { { "gross", 5 }, { "living", 6 }, { "area", 4 } };
	unsigned g1, g2;
	assert_int_equal(lexicon_match(words, 3, 0, &g1), 3);
	assert_int_equal(lexicon_match(words, 3, 1, &g2), 2);
	assert_int_equal(g1, g2);
	assert_string_equal(lexicon_group_name(g1), "living area");
	assert_int_equal(lexicon_match(words, 3, 2, &g1), 0);
	assert_null(lexicon_group_name((unsigned)lexicon_group_count()));
	assert_null(lexicon_phrase(n, NULL));
}

/* ---- the head noun and the value's type ---- */

static void the_head_noun_flags_labels_of_the_terms_kind(void **state)
{
	arena *a = *state;
	/* "the invoice amount" on an invoice asks for an amount and nothing
	 * else: "Line Total" names nothing but an amount. */
	label_match m = score_on(a, "Line Total", "invoice amount", "invoice", POLICY_TYPE_MONEY);
	assert_true(m.typed);
	assert_true(m.head_only);
	assert_true(m.score < WORDS_MATCH_LABEL); /* the extractor decides, seeing the page */
	m = score_on(a, "Amount Due", "invoice amount", "invoice", POLICY_TYPE_MONEY);
	assert_true(m.typed && m.head_only);
	m = score_on(a, "Balance", "the invoice amount", "Invoice", POLICY_TYPE_MONEY);
	assert_true(m.typed && m.head_only);
	/* another amount: typed, but it says what it is */
	m = score_on(a, "Shipping Cost", "invoice amount", "invoice", POLICY_TYPE_MONEY);
	assert_true(m.typed);
	assert_false(m.head_only);
	/* not an amount */
	m = score_on(a, "Invoice Date", "invoice amount", "invoice", POLICY_TYPE_MONEY);
	assert_false(m.typed);
	/* the term says more than its kind and its document: the rule is off */
	m = score_on(a, "Line Total", "invoice amount", "vendor access request",
	             POLICY_TYPE_MONEY);
	assert_false(m.typed);
	m = score_on(a, "Line Total", "deductible amount", "invoice", POLICY_TYPE_MONEY);
	assert_false(m.typed);
	/* a type with no kind of its own (text) never uses the rule */
	m = score_on(a, "Line Total", "invoice amount", "invoice", POLICY_TYPE_TEXT);
	assert_false(m.typed);
	/* dates and rates have heads too */
	m = score_on(a, "Date", "invoice date", "invoice", POLICY_TYPE_DATE);
	assert_true(m.typed && m.head_only);
	m = score_on(a, "Rate", "loan rate", "loan", POLICY_TYPE_PERCENT);
	assert_true(m.typed && m.head_only);
}

/* The value's type says the term's kind, so the label need not:
 * "Inspection Completed" holds the date the inspection is completed. */
static void the_value_says_the_terms_kind(void **state)
{
	arena *a = *state;
	static const struct {
		const char *label, *term;
		policy_type type;
	} found[] = {
		{ "Bank Statements Received", "statement receipt date", POLICY_TYPE_DATE },
		{ "Furnace Installed", "furnace installation date", POLICY_TYPE_DATE },
		{ "Roof Inspection Completed", "roof inspection completion date", POLICY_TYPE_DATE },
		{ "Professional Liability - Each Claim", "professional liability limit",
		  POLICY_TYPE_MONEY },
		{ "Customer Balance Due", "customer balance", POLICY_TYPE_MONEY },
	};
	for (size_t i = 0; i < sizeof found / sizeof found[0]; i++) {
		label_match m = score_on(a, found[i].label, found[i].term, "form", found[i].type);
		if (m.score < WORDS_MATCH_LABEL || m.score > 900 || m.how != LABEL_KIND)
			fail_msg("'%s' for '%s': %d by %s", found[i].label, found[i].term, m.score,
			         label_how_name(m.how) ? label_how_name(m.how) : "none");
	}
	/* a label whose head names another kind, a term left with one word
	 * against a label of more, and the document's own name stay below */
	static const struct {
		const char *label, *term, *doc;
		policy_type type;
	} kept[] = {
		{ "Date Refunded", "refunded amount", "form", POLICY_TYPE_MONEY },
		{ "Vehicle Towed", "vehicle date", "form", POLICY_TYPE_DATE },
		{ "Invoice", "invoice amount", "invoice", POLICY_TYPE_MONEY },
	};
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		label_match m = score_on(a, kept[i].label, kept[i].term, kept[i].doc, kept[i].type);
		if (m.how == LABEL_KIND)
			fail_msg("'%s' for '%s': %d by the value's kind", kept[i].label, kept[i].term,
			         m.score);
	}
	/* with the kind word the label names the term in its words */
	label_match m = score_on(a, "Statement Receipt Date", "statement receipt date", "form",
	                         POLICY_TYPE_DATE);
	assert_int_equal(m.score, 1000);
	assert_int_equal(m.how, LABEL_WORDS);
}

static void names_of_the_signals(void **state)
{
	(void)state;
	assert_string_equal(label_how_name(LABEL_WORDS), "words");
	assert_string_equal(label_how_name(LABEL_ABBREVIATION), "abbreviation");
	assert_string_equal(label_how_name(LABEL_ACRONYM), "acronym");
	assert_string_equal(label_how_name(LABEL_SYNONYM), "synonym");
	assert_string_equal(label_how_name(LABEL_HEAD), "head noun");
	assert_string_equal(label_how_name(LABEL_KIND), "kind said by the value");
	assert_null(label_how_name(LABEL_NONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(labels_in_the_terms_words_score_1000, setup, teardown),
		cmocka_unit_test_setup_teardown(abbreviations_shorten_one_word_of_the_term, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(acronyms_spell_the_terms_initials, setup, teardown),
		cmocka_unit_test_setup_teardown(synonyms_come_from_the_lexicon, setup, teardown),
		cmocka_unit_test_setup_teardown(the_lexicon_is_in_normal_form, setup, teardown),
		cmocka_unit_test_setup_teardown(the_head_noun_flags_labels_of_the_terms_kind, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(the_value_says_the_terms_kind, setup, teardown),
		cmocka_unit_test(names_of_the_signals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
