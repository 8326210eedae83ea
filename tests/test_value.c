/*
 * Tests for typed values (lib/base/value.c).
 *
 * A value travels: it is written on a form ("$72,400.00", "41.2%",
 * "six months"), parsed into its field's type, compared with a quantity
 * from the policy ("exceeds $50,000", "at least 45%"), shown to a person in
 * an explanation and written to the audit trail as JSON. Each group below
 * is one leg of that trip, with the text on the left and what it must
 * become on the right.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/date.h"
#include "base/value.h"

static arena scratch;

static int setup(void **state)
{
	(void)state;
	mem m = mem_from(NULL);
	arena_init(&scratch, &m);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&scratch);
	return 0;
}

static value parse(policy_type type, const char *text)
{
	value v;
	if (!value_parse(type, text, strlen(text), &scratch, &v))
		fail_msg("value_parse(type %d) rejected \"%s\"", (int)type, text);
	assert_true(v.known);
	assert_int_equal(v.type, type);
	return v;
}

static void assert_rejected(policy_type type, const char *text)
{
	value v;
	if (value_parse(type, text, strlen(text), &scratch, &v))
		fail_msg("value_parse accepted \"%s\"", text);
}

static decimal D(const char *s)
{
	decimal d;
	if (!decimal_parse(s, strlen(s), &d))
		fail_msg("bad decimal in test: %s", s);
	return d;
}

/* The number is `expect` in value and in scale ("72400.00", not "72400"). */
static void assert_num(value v, const char *expect)
{
	decimal e = D(expect);
	char got[DECIMAL_FORMAT_MAX];
	decimal_format(v.u.num, 0, got);
	if (decimal_cmp(v.u.num, e) != 0 || v.u.num.scale != e.scale)
		fail_msg("got %s (scale %d), expected %s", got, v.u.num.scale, expect);
}

static void assert_parses_num(policy_type type, const char *text, const char *expect)
{
	assert_num(parse(type, text), expect);
}

static void assert_display(value v, const char *expect)
{
	char buf[VALUE_DISPLAY_MAX];
	assert_string_equal(value_display(&v, buf, sizeof buf), expect);
}

static void assert_json(value v, const char *expect)
{
	mem m = mem_from(NULL);
	buf b;
	buf_init(&b, &m);
	value_to_json(&b, &v);
	assert_string_equal(buf_cstr(&b), expect);
	buf_release(&b);
}

static int cmp(value a, value b)
{
	int c = 99;
	if (!value_cmp(&a, &b, &c))
		fail_msg("values do not compare");
	return c;
}

static bool comparable(value a, value b)
{
	int c;
	return value_cmp(&a, &b, &c);
}

static value text(const char *s)
{
	return value_text(s, strlen(s));
}

static value literal(const char *s)
{
	value v;
	if (!value_parse_literal(s, strlen(s), &v))
		fail_msg("value_parse_literal rejected \"%s\"", s);
	return v;
}

/* ---- names and words ---- */

static void type_names_map_to_types(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		policy_type type;
	} names[] = {
		{ "money", POLICY_TYPE_MONEY },     { "number", POLICY_TYPE_NUMBER },
		{ "percent", POLICY_TYPE_PERCENT }, { "ratio", POLICY_TYPE_RATIO },
		{ "count", POLICY_TYPE_COUNT },     { "date", POLICY_TYPE_DATE },
		{ "duration", POLICY_TYPE_DURATION }, { "boolean", POLICY_TYPE_BOOLEAN },
		{ "text", POLICY_TYPE_TEXT },       { "enum", POLICY_TYPE_ENUM },
		{ "Money", POLICY_TYPE_MONEY },     { "currency", POLICY_TYPE_NONE },
		{ "", POLICY_TYPE_NONE },           { "moneys", POLICY_TYPE_NONE },
		{ "mone", POLICY_TYPE_NONE },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_int_equal(type_from_name(names[i].name, strlen(names[i].name)), names[i].type);
}

static void numeric_types_are_the_decimal_ones(void **state)
{
	(void)state;
	assert_true(type_is_numeric(POLICY_TYPE_MONEY));
	assert_true(type_is_numeric(POLICY_TYPE_NUMBER));
	assert_true(type_is_numeric(POLICY_TYPE_PERCENT));
	assert_true(type_is_numeric(POLICY_TYPE_RATIO));
	assert_true(type_is_numeric(POLICY_TYPE_COUNT));
	assert_false(type_is_numeric(POLICY_TYPE_DATE));
	assert_false(type_is_numeric(POLICY_TYPE_DURATION));
	assert_false(type_is_numeric(POLICY_TYPE_BOOLEAN));
	assert_false(type_is_numeric(POLICY_TYPE_TEXT));
	assert_false(type_is_numeric(POLICY_TYPE_NONE));
}

static void duration_units_in_words(void **state)
{
	(void)state;
	duration_unit u;
	assert_true(duration_unit_from_word("days", 4, &u));
	assert_int_equal(u, UNIT_DAYS);
	assert_true(duration_unit_from_word("Day", 3, &u));
	assert_int_equal(u, UNIT_DAYS);
	assert_true(duration_unit_from_word("weeks", 5, &u));
	assert_int_equal(u, UNIT_WEEKS);
	assert_true(duration_unit_from_word("month", 5, &u));
	assert_int_equal(u, UNIT_MONTHS);
	assert_true(duration_unit_from_word("YEARS", 5, &u));
	assert_int_equal(u, UNIT_YEARS);
	assert_true(duration_unit_from_word("yrs", 3, &u));
	assert_int_equal(u, UNIT_YEARS);
	assert_false(duration_unit_from_word("hours", 5, &u));
	assert_false(duration_unit_from_word("dayz", 4, &u));
	assert_false(duration_unit_from_word("", 0, &u));

	assert_string_equal(duration_unit_name(UNIT_DAYS, true), "days");
	assert_string_equal(duration_unit_name(UNIT_DAYS, false), "day");
	assert_string_equal(duration_unit_name(UNIT_WEEKS, true), "weeks");
	assert_string_equal(duration_unit_name(UNIT_MONTHS, false), "month");
	assert_string_equal(duration_unit_name(UNIT_YEARS, true), "years");
}

static void number_words_are_single_words(void **state)
{
	(void)state;
	static const char *const ones[] = {
		"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
		"eighteen", "nineteen", "twenty",
	};
	for (int i = 0; i <= 20; i++)
		assert_int_equal(number_word(ones[i], strlen(ones[i])), i);
	static const char *const tens[] = {
		"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
	};
	for (int i = 0; i < 7; i++)
		assert_int_equal(number_word(tens[i], strlen(tens[i])), 30 + 10 * i);
	assert_int_equal(number_word("hundred", 7), 100);
	assert_int_equal(number_word("Seven", 5), 7);
	assert_int_equal(number_word("a", 1), -1);
	assert_int_equal(number_word("an", 2), -1);
	assert_int_equal(number_word("twenty-one", 10), -1);
	assert_int_equal(number_word("fourty", 6), -1);
	assert_int_equal(number_word("thousand", 8), -1);
	assert_int_equal(number_word("", 0), -1);
	assert_int_equal(number_word("sevens", 6), -1);
}

/* ---- constructors ---- */

static void constructors_make_known_values(void **state)
{
	(void)state;
	value v = value_missing(POLICY_TYPE_MONEY);
	assert_false(v.known);
	assert_int_equal(v.type, POLICY_TYPE_MONEY);

	v = value_count(3);
	assert_true(v.known);
	assert_int_equal(v.type, POLICY_TYPE_COUNT);
	assert_num(v, "3");

	v = value_percent(D("0.45"));
	assert_int_equal(v.type, POLICY_TYPE_PERCENT);
	assert_num(v, "0.45");

	const char *s = "Approved";
	v = value_text(s, 8);
	assert_int_equal(v.type, POLICY_TYPE_TEXT);
	assert_ptr_equal(v.u.text.s, s); /* borrowed, not copied */

	v = value_duration(30, UNIT_DAYS);
	assert_int_equal(v.u.dur.amount, 30);
	assert_int_equal(v.u.dur.unit, UNIT_DAYS);
	assert_true(value_bool(true).u.boolean);
	assert_int_equal(value_date(20526).u.date, 20526);
}

/* ---- value_parse, type by type ---- */

static void money_parses_the_ways_forms_write_amounts(void **state)
{
	(void)state;
	assert_parses_num(POLICY_TYPE_MONEY, "$72,400.00", "72400.00");
	assert_parses_num(POLICY_TYPE_MONEY, "72400", "72400.00");
	assert_parses_num(POLICY_TYPE_MONEY, "72,400.00 dollars", "72400.00");
	assert_parses_num(POLICY_TYPE_MONEY, "USD 1,000", "1000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "usd1000", "1000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "1,000 USD", "1000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "US$1,000", "1000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$ 72,400.00", "72400.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$0.5", "0.50");
	assert_parses_num(POLICY_TYPE_MONEY, "$.99", "0.99");
	/* Extra digits are kept: parsing never rounds. */
	assert_parses_num(POLICY_TYPE_MONEY, "$1.005", "1.005");
}

static void money_understands_scale_words(void **state)
{
	(void)state;
	assert_parses_num(POLICY_TYPE_MONEY, "$5M", "5000000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "1.25M", "1250000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$2.5 million", "2500000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$10k", "10000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$10K", "10000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$1.2 billion", "1200000000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$3bn", "3000000000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$4.5MM", "4500000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "5 thousand dollars", "5000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$1.234567 million", "1234567.00");
}

static void money_negatives(void **state)
{
	(void)state;
	assert_parses_num(POLICY_TYPE_MONEY, "-$500", "-500.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$-500", "-500.00");
	assert_parses_num(POLICY_TYPE_MONEY, "-500.25", "-500.25");
	/* Accountants write losses in parentheses. */
	assert_parses_num(POLICY_TYPE_MONEY, "(1,000.00)", "-1000.00");
	assert_parses_num(POLICY_TYPE_MONEY, "($1,000)", "-1000.00");
}

static void money_rejects_what_is_not_an_amount(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "   ", "$", "abc", "$5 apples", "5%", "$1,23", "(-5)", "(5", "5)", "$5M M",
		"$$5", "5e3", "1.2.3", "$five", "five dollars", "$5 millions", "$5 k k", "€5",
		"$5 usd dollars", "--5", "- -5",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_rejected(POLICY_TYPE_MONEY, bad[i]);
	/* 170141183460469231731687303715884105727 is the largest coefficient. */
	assert_rejected(POLICY_TYPE_MONEY, "$170141183460469231731687303715884105727 billion");
}

static void number_parses_plain_numbers_and_words(void **state)
{
	(void)state;
	assert_parses_num(POLICY_TYPE_NUMBER, "680", "680");
	assert_parses_num(POLICY_TYPE_NUMBER, "1,234.5", "1234.5");
	assert_parses_num(POLICY_TYPE_NUMBER, "-3", "-3");
	assert_parses_num(POLICY_TYPE_NUMBER, "three", "3");
	assert_parses_num(POLICY_TYPE_NUMBER, " 0.75 ", "0.75");
	/* a unit of measure after the number names what is counted */
	assert_parses_num(POLICY_TYPE_NUMBER, "680 points", "680");
	assert_parses_num(POLICY_TYPE_NUMBER, "55 mph", "55");
	assert_parses_num(POLICY_TYPE_NUMBER, "1,200 sq ft", "1200");
	assert_rejected(POLICY_TYPE_NUMBER, "680 bananas");
	/* a unit of time makes it a duration, compared in its own unit */
	value age;
	assert_true(value_parse(POLICY_TYPE_NUMBER, "22 years", 8, &scratch, &age));
	assert_int_equal(age.type, POLICY_TYPE_DURATION);
	assert_int_equal(age.u.dur.amount, 22);
	assert_int_equal(age.u.dur.unit, UNIT_YEARS);
	assert_rejected(POLICY_TYPE_NUMBER, "680 points extra");
	assert_rejected(POLICY_TYPE_NUMBER, "$680");
	assert_rejected(POLICY_TYPE_NUMBER, "12abc");
	assert_rejected(POLICY_TYPE_NUMBER, "a");
	assert_rejected(POLICY_TYPE_NUMBER, "-three");
}

/* A distance, an area, a weight keeps its unit: "0.2 miles" is farther
 * than "500 feet", though 0.2 < 500; feet and acres do not compare. */
static void numbers_keep_their_unit_of_measure(void **state)
{
	(void)state;
	value mi = parse(POLICY_TYPE_NUMBER, "0.2 miles"), ft = parse(POLICY_TYPE_NUMBER, "500 feet");
	value area = parse(POLICY_TYPE_NUMBER, "1,200 square feet");
	value acres = parse(POLICY_TYPE_NUMBER, "2 acres"), bare = parse(POLICY_TYPE_NUMBER, "450");
	value people = parse(POLICY_TYPE_NUMBER, "12 employees");
	int c = 0;
	assert_true(value_cmp(&mi, &ft, &c));
	assert_int_equal(c, 1); /* 321.8688 m > 152.4 m */
	assert_true(value_cmp(&area, &acres, &c));
	assert_int_equal(c, -1);
	assert_false(value_cmp(&ft, &acres, &c)); /* a length is not an area */
	/* a number without a unit is in the unit the other side names */
	assert_true(value_cmp(&bare, &ft, &c));
	assert_int_equal(c, -1);
	assert_int_equal(people.measure, 0);
	value lb = parse(POLICY_TYPE_NUMBER, "2,000 lbs"), ton = parse(POLICY_TYPE_NUMBER, "1 ton");
	assert_true(value_cmp(&lb, &ton, &c));
	assert_int_equal(c, 0); /* a short ton is 2,000 pounds exactly */
	assert_display(mi, "0.2 mi");
	assert_display(area, "1200 sq ft");
	assert_json(acres, "\"2 acres\"");
	/* the JSON form reads back with its unit */
	value back;
	assert_true(value_parse_canonical(POLICY_TYPE_NUMBER, "1200 sq ft", 10, &scratch, &back));
	assert_true(value_equal(&back, &area));
	assert_int_equal(back.measure, area.measure);
	assert_false(value_parse_canonical(POLICY_TYPE_NUMBER, "12 bananas", 10, &scratch, &back));
}

static void percent_is_stored_as_a_fraction(void **state)
{
	(void)state;
	assert_parses_num(POLICY_TYPE_PERCENT, "41.2%", "0.412");
	assert_parses_num(POLICY_TYPE_PERCENT, "41.2 %", "0.412");
	assert_parses_num(POLICY_TYPE_PERCENT, "41.2 percent", "0.412");
	assert_parses_num(POLICY_TYPE_PERCENT, "41.2 Percent", "0.412");
	assert_parses_num(POLICY_TYPE_PERCENT, "41.2 pct", "0.412");
	assert_parses_num(POLICY_TYPE_PERCENT, "41.2 per cent", "0.412");
	assert_parses_num(POLICY_TYPE_PERCENT, "100%", "1.00");
	assert_parses_num(POLICY_TYPE_PERCENT, "-5%", "-0.05");
	assert_parses_num(POLICY_TYPE_PERCENT, "45%.", "0.45");
}

static void percent_without_a_mark_means_percent(void **state)
{
	(void)state;
	/* A percent field holding "41.2" means 41.2%; "0.412" means 0.412%,
	 * not 41.2%: the field says percent, so the number is one. */
	assert_parses_num(POLICY_TYPE_PERCENT, "41.2", "0.412");
	assert_parses_num(POLICY_TYPE_PERCENT, "0.412", "0.00412");
	assert_parses_num(POLICY_TYPE_PERCENT, "45", "0.45");
}

static void percent_with_many_digits_rounds_at_max_scale(void **state)
{
	(void)state;
	assert_parses_num(POLICY_TYPE_PERCENT, "0.1234567890123456%", "0.001234567890123456");
	assert_parses_num(POLICY_TYPE_PERCENT, "0.12345678901234565%", "0.001234567890123456");
	assert_parses_num(POLICY_TYPE_PERCENT, "0.12345678901234575%", "0.001234567890123458");
}

static void percent_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = { "", "%", "41.2%%", "abc%", "41.2x", "$41", "41.2 per", "forty%" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_rejected(POLICY_TYPE_PERCENT, bad[i]);
}

static void ratio_parses_x_colon_and_percent(void **state)
{
	(void)state;
	assert_parses_num(POLICY_TYPE_RATIO, "1.18x", "1.18");
	assert_parses_num(POLICY_TYPE_RATIO, "1.18X", "1.18");
	assert_parses_num(POLICY_TYPE_RATIO, "1.18 x", "1.18");
	assert_parses_num(POLICY_TYPE_RATIO, "1.18", "1.18");
	assert_parses_num(POLICY_TYPE_RATIO, "118%", "1.18");
	assert_parses_num(POLICY_TYPE_RATIO, "1.25:1", "1.25");
	assert_parses_num(POLICY_TYPE_RATIO, "1.25 : 1", "1.25");
	static const char *const bad[] = { "x", "1.18xx", "1.18:2", "1.18:10", "1.18 y", "118%x", "" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_rejected(POLICY_TYPE_RATIO, bad[i]);
}

static void count_parses_whole_numbers(void **state)
{
	(void)state;
	assert_parses_num(POLICY_TYPE_COUNT, "3", "3");
	assert_parses_num(POLICY_TYPE_COUNT, "three", "3");
	assert_parses_num(POLICY_TYPE_COUNT, "Twelve", "12");
	assert_parses_num(POLICY_TYPE_COUNT, "1,200", "1200");
	assert_parses_num(POLICY_TYPE_COUNT, "3.0", "3");
	static const char *const bad[] = { "3.5", "-1", "a", "three apples", "", "3 claims", "9223372036854775808" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_rejected(POLICY_TYPE_COUNT, bad[i]);
}

static void date_parses_through_date_parse(void **state)
{
	(void)state;
	int32_t expect;
	assert_true(date_from_ymd(2026, 3, 14, &expect));
	assert_int_equal(parse(POLICY_TYPE_DATE, "March 14, 2026").u.date, expect);
	assert_int_equal(parse(POLICY_TYPE_DATE, "3/14/26").u.date, expect);
	assert_int_equal(parse(POLICY_TYPE_DATE, " 2026-03-14. ").u.date, expect);
	assert_rejected(POLICY_TYPE_DATE, "Feb 30, 2026");
	assert_rejected(POLICY_TYPE_DATE, "soon");
}

static void assert_duration(const char *s, int64_t amount, duration_unit unit)
{
	value v = parse(POLICY_TYPE_DURATION, s);
	assert_int_equal(v.u.dur.amount, amount);
	assert_int_equal(v.u.dur.unit, unit);
}

static void duration_parses_amount_and_unit(void **state)
{
	(void)state;
	assert_duration("30 days", 30, UNIT_DAYS);
	assert_duration("1 day", 1, UNIT_DAYS);
	assert_duration("2 years", 2, UNIT_YEARS);
	assert_duration("six months", 6, UNIT_MONTHS);
	assert_duration("Three Weeks", 3, UNIT_WEEKS);
	assert_duration("a year", 1, UNIT_YEARS);
	assert_duration("an year", 1, UNIT_YEARS);
	assert_duration("30-day", 30, UNIT_DAYS);
	assert_duration("90 calendar days", 90, UNIT_DAYS);
	assert_duration("2 wks", 2, UNIT_WEEKS);
	assert_duration("1,000 days", 1000, UNIT_DAYS);
	static const char *const bad[] = {
		"30", "days", "-3 days", "1.5 years", "30 dayz", "30 hours", "30 days ago", "a", "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_rejected(POLICY_TYPE_DURATION, bad[i]);
}

static void boolean_parses_answers_and_checkboxes(void **state)
{
	(void)state;
	static const char *const yes[] = { "yes", "YES", "Yes", "true", "TRUE", "y", "Y", "x", "X", "checked", "Checked" };
	static const char *const no[] = { "no", "No", "false", "False", "n", "N", "unchecked", "UNCHECKED" };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_true(parse(POLICY_TYPE_BOOLEAN, yes[i]).u.boolean);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(parse(POLICY_TYPE_BOOLEAN, no[i]).u.boolean);
	assert_true(parse(POLICY_TYPE_BOOLEAN, " Yes. ").u.boolean);
	static const char *const bad[] = { "maybe", "", "yes!", "yess", "ye", "1", "checkedx", "not checked" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_rejected(POLICY_TYPE_BOOLEAN, bad[i]);
}

static void text_is_trimmed_and_copied_into_the_arena(void **state)
{
	(void)state;
	char input[] = "  Approved. ";
	value v = parse(POLICY_TYPE_TEXT, input);
	assert_string_equal(v.u.text.s, "Approved");
	assert_int_equal(v.u.text.len, 8);
	assert_true(v.u.text.s < input || v.u.text.s >= input + sizeof input);
	memset(input, 'z', sizeof input - 1); /* the copy does not borrow */
	assert_string_equal(v.u.text.s, "Approved");

	v = parse(POLICY_TYPE_ENUM, "Pending review,");
	assert_string_equal(v.u.text.s, "Pending review");
	assert_int_equal(v.type, POLICY_TYPE_ENUM);

	assert_rejected(POLICY_TYPE_TEXT, "   ");
	assert_rejected(POLICY_TYPE_ENUM, "");
}

static void *failing_malloc(size_t size, void *ud)
{
	(void)size;
	(void)ud;
	return NULL;
}

static void *failing_realloc(void *p, size_t size, void *ud)
{
	(void)p;
	(void)size;
	(void)ud;
	return NULL;
}

static void no_free(void *p, void *ud)
{
	(void)p;
	(void)ud;
}

static void text_reports_allocation_failure(void **state)
{
	(void)state;
	policy_allocator failing = { failing_malloc, failing_realloc, no_free, NULL };
	mem m = mem_from(&failing);
	arena a;
	arena_init(&a, &m);
	value v;
	assert_false(value_parse(POLICY_TYPE_TEXT, "Approved", 8, &a, &v));
	/* Types that need no memory do not touch the arena. */
	assert_true(value_parse(POLICY_TYPE_MONEY, "$5", 2, &a, &v));
	assert_true(value_parse(POLICY_TYPE_MONEY, "$5", 2, NULL, &v));
	assert_false(value_parse(POLICY_TYPE_TEXT, "Approved", 8, NULL, &v));
	arena_release(&a);
}

static void parse_ignores_surrounding_spaces_and_one_trailing_mark(void **state)
{
	(void)state;
	assert_parses_num(POLICY_TYPE_MONEY, "  $72,400.00.  ", "72400.00");
	assert_parses_num(POLICY_TYPE_MONEY, "$72,400.00,", "72400.00");
	assert_parses_num(POLICY_TYPE_NUMBER, "\t680\n", "680");
	assert_rejected(POLICY_TYPE_MONEY, "$72,400.00..");
	assert_rejected(POLICY_TYPE_NONE, "680");
}

/* ---- policy literals ---- */

static void literals_carry_their_own_type(void **state)
{
	(void)state;
	value v = literal("$50,000");
	assert_int_equal(v.type, POLICY_TYPE_MONEY);
	assert_num(v, "50000.00");

	v = literal("$5M");
	assert_int_equal(v.type, POLICY_TYPE_MONEY);
	assert_num(v, "5000000.00");

	v = literal("45%");
	assert_int_equal(v.type, POLICY_TYPE_PERCENT);
	assert_num(v, "0.45");

	v = literal("45 percent");
	assert_int_equal(v.type, POLICY_TYPE_PERCENT);
	assert_num(v, "0.45");

	v = literal("1.25x");
	assert_int_equal(v.type, POLICY_TYPE_RATIO);
	assert_num(v, "1.25");

	int32_t march_1;
	assert_true(date_from_ymd(2026, 3, 1, &march_1));
	v = literal("March 1, 2026");
	assert_int_equal(v.type, POLICY_TYPE_DATE);
	assert_int_equal(v.u.date, march_1);
	v = literal("2026-03-01");
	assert_int_equal(v.type, POLICY_TYPE_DATE);
	assert_int_equal(v.u.date, march_1);

	v = literal("30 days");
	assert_int_equal(v.type, POLICY_TYPE_DURATION);
	assert_int_equal(v.u.dur.amount, 30);
	assert_int_equal(v.u.dur.unit, UNIT_DAYS);

	v = literal("680");
	assert_int_equal(v.type, POLICY_TYPE_NUMBER);
	assert_num(v, "680");
}

static void literals_without_a_mark_are_numbers(void **state)
{
	(void)state;
	/* Only the text decides: 1.18 is a number, not a ratio; 5M without a
	 * currency mark is not money. */
	value v = literal("1.18");
	assert_int_equal(v.type, POLICY_TYPE_NUMBER);
	v = literal("three");
	assert_int_equal(v.type, POLICY_TYPE_NUMBER);
	assert_num(v, "3");
	v = literal("-1,000");
	assert_int_equal(v.type, POLICY_TYPE_NUMBER);
	assert_num(v, "-1000");
	v = literal("680.");
	assert_int_equal(v.type, POLICY_TYPE_NUMBER);
	value out;
	static const char *const bad[] = { "", "hello", "5M", "$", "5 apples", "yes", "%", "x", "a" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (value_parse_literal(bad[i], strlen(bad[i]), &out))
			fail_msg("value_parse_literal accepted \"%s\"", bad[i]);
}

/* ---- display ---- */

static void display_money_in_dollars_and_cents(void **state)
{
	(void)state;
	assert_display(value_money(D("72400")), "$72,400.00");
	assert_display(value_money(D("72400.00")), "$72,400.00");
	assert_display(value_money(D("0.5")), "$0.50");
	assert_display(value_money(D("13500.0000")), "$13,500.00");
	assert_display(value_money(D("-1234.565")), "-$1,234.56"); /* half-even */
	assert_display(value_money(D("1234.575")), "$1,234.58");
	assert_display(value_money(D("999.999")), "$1,000.00");
	assert_display(value_money(D("0")), "$0.00");
}

static void display_percent_as_a_percentage(void **state)
{
	(void)state;
	assert_display(value_percent(D("0.45")), "45%");
	assert_display(value_percent(D("0.4500")), "45%");
	assert_display(value_percent(D("0.4105")), "41.05%");
	assert_display(value_percent(D("0.412")), "41.2%");
	assert_display(value_percent(D("0.00412")), "0.412%");
	assert_display(value_percent(D("1")), "100%");
	assert_display(value_percent(D("0.5")), "50%");
	assert_display(value_percent(D("1.5")), "150%");
	assert_display(value_percent(D("45")), "4500%");
	assert_display(value_percent(D("0")), "0%");
	assert_display(value_percent(D("-0.05")), "-5%");
	assert_display(value_percent(D("170141183460469231731687303715884105727")),
	               "17014118346046923173168730371588410572700%");
}

static void display_other_types(void **state)
{
	(void)state;
	int32_t day;
	assert_true(date_from_ymd(2026, 3, 14, &day));
	assert_display(value_ratio(D("1.25")), "1.25x");
	assert_display(value_ratio(D("1.250")), "1.25x");
	assert_display(value_ratio(D("2")), "2x");
	assert_display(value_date(day), "March 14, 2026");
	assert_display(value_duration(30, UNIT_DAYS), "30 days");
	assert_display(value_duration(1, UNIT_DAYS), "1 day");
	assert_display(value_duration(0, UNIT_DAYS), "0 days");
	assert_display(value_duration(2, UNIT_YEARS), "2 years");
	assert_display(value_duration(1, UNIT_WEEKS), "1 week");
	assert_display(value_duration(6, UNIT_MONTHS), "6 months");
	assert_display(value_bool(true), "yes");
	assert_display(value_bool(false), "no");
	assert_display(value_number(D("680")), "680");
	assert_display(value_number(D("1234.50")), "1234.5");
	assert_display(value_count(3), "3");
	assert_display(value_missing(POLICY_TYPE_MONEY), "(missing)");
	assert_display(value_missing(POLICY_TYPE_TEXT), "(missing)");
}

static void display_text_returns_the_text_itself(void **state)
{
	(void)state;
	const char *s = "Approved";
	value v = value_text(s, 8);
	char buf[VALUE_DISPLAY_MAX];
	assert_ptr_equal(value_display(&v, buf, sizeof buf), s);
	v.type = POLICY_TYPE_ENUM;
	assert_ptr_equal(value_display(&v, buf, sizeof buf), s);
}

static void display_truncates_to_the_buffer(void **state)
{
	(void)state;
	value v = value_money(D("72400"));
	char buf[4] = { 'q', 'q', 'q', 'q' };
	assert_string_equal(value_display(&v, buf, 4), "$72");
	assert_string_equal(value_display(&v, NULL, 0), "");
	char one[1] = { 'q' };
	assert_string_equal(value_display(&v, one, 1), "");
}

/* ---- JSON ---- */

static void json_writes_decimals_as_exact_strings(void **state)
{
	(void)state;
	assert_json(value_money(D("72400")), "\"72400.00\"");
	assert_json(value_money(D("13500.0000")), "\"13500.00\"");
	assert_json(value_money(D("1.005")), "\"1.005\"");
	assert_json(value_money(D("-3.5")), "\"-3.50\"");
	assert_json(value_percent(D("0.4500")), "\"0.45\"");
	assert_json(value_ratio(D("1.250")), "\"1.25\"");
	assert_json(value_number(D("680")), "\"680\"");
}

static void json_writes_other_scalars(void **state)
{
	(void)state;
	int32_t day;
	assert_true(date_from_ymd(2026, 3, 14, &day));
	assert_json(value_count(3), "3");
	assert_json(value_date(day), "\"2026-03-14\"");
	assert_json(value_duration(30, UNIT_DAYS), "\"30 days\"");
	assert_json(value_duration(1, UNIT_YEARS), "\"1 year\"");
	assert_json(value_bool(true), "true");
	assert_json(value_bool(false), "false");
	assert_json(value_missing(POLICY_TYPE_MONEY), "null");
	assert_json(value_missing(POLICY_TYPE_TEXT), "null");
	assert_json(text("Approved"), "\"Approved\"");
}

static void json_escapes_text(void **state)
{
	(void)state;
	assert_json(text("say \"hi\""), "\"say \\\"hi\\\"\"");
	assert_json(text("C:\\dir"), "\"C:\\\\dir\"");
	assert_json(text("a\nb\tc\rd\be\ff"), "\"a\\nb\\tc\\rd\\be\\ff\"");
	assert_json(text("\x01\x1f"), "\"\\u0001\\u001f\"");
	assert_json(text("caf\xc3\xa9 /"), "\"caf\xc3\xa9 /\"");
	/* The length counts, not the NUL: embedded NULs are escaped. */
	assert_json(value_text("a\0b", 3), "\"a\\u0000b\"");
	/* Invalid UTF-8 cannot go into JSON; it becomes U+FFFD. */
	assert_json(text("a\xff"), "\"a\xef\xbf\xbd\"");
}

/* ---- comparison ---- */

static void numbers_compare_across_numeric_types(void **state)
{
	(void)state;
	assert_int_equal(cmp(value_money(D("50000.00")), value_number(D("50000"))), 0);
	assert_int_equal(cmp(value_money(D("72400.00")), value_money(D("50000"))), 1);
	assert_int_equal(cmp(value_percent(D("0.45")), value_ratio(D("0.450"))), 0);
	assert_int_equal(cmp(value_percent(D("0.412")), value_percent(D("0.45"))), -1);
	assert_int_equal(cmp(value_count(3), value_number(D("3.0"))), 0);
	assert_int_equal(cmp(value_count(2), value_count(3)), -1);
	assert_int_equal(cmp(value_ratio(D("1.18")), value_ratio(D("1.25"))), -1);
}

static void a_computed_percentage_matches_the_policy_threshold(void **state)
{
	(void)state;
	/* "claimed amount is at most 45% of the limit": 4,050 of 9,000. */
	decimal q;
	assert_true(decimal_div(D("4050"), D("9000"), DECIMAL_DIV_SCALE, &q));
	value computed = value_ratio(q);
	assert_int_equal(cmp(computed, literal("45%")), 0);
	value threshold = value_percent(D("0.45"));
	assert_true(value_equal(&computed, &threshold));
}

static void dates_and_durations_compare_within_their_kind(void **state)
{
	(void)state;
	int32_t a, b;
	assert_true(date_from_ymd(2026, 3, 14, &a));
	assert_true(date_from_ymd(2026, 3, 15, &b));
	assert_int_equal(cmp(value_date(a), value_date(b)), -1);
	assert_int_equal(cmp(value_date(b), value_date(b)), 0);

	assert_int_equal(cmp(value_duration(2, UNIT_WEEKS), value_duration(14, UNIT_DAYS)), 0);
	assert_int_equal(cmp(value_duration(30, UNIT_DAYS), value_duration(4, UNIT_WEEKS)), 1);
	assert_int_equal(cmp(value_duration(1, UNIT_YEARS), value_duration(12, UNIT_MONTHS)), 0);
	assert_int_equal(cmp(value_duration(2, UNIT_YEARS), value_duration(18, UNIT_MONTHS)), 1);
	assert_int_equal(cmp(value_duration(INT64_MAX, UNIT_WEEKS), value_duration(INT64_MAX, UNIT_DAYS)), 1);
	/* A month is not a fixed number of days. */
	assert_false(comparable(value_duration(30, UNIT_DAYS), value_duration(1, UNIT_MONTHS)));
	assert_false(comparable(value_duration(52, UNIT_WEEKS), value_duration(1, UNIT_YEARS)));
}

static void booleans_and_text_compare(void **state)
{
	(void)state;
	assert_int_equal(cmp(value_bool(true), value_bool(true)), 0);
	assert_int_equal(cmp(value_bool(false), value_bool(true)), -1);
	assert_int_equal(cmp(text("  Approved "), text("APPROVED")), 0);
	assert_int_equal(cmp(text("apple"), text("Banana")), -1);
	assert_int_equal(cmp(text("Approved"), text("Approve")), 1);
	value e = text("approved");
	e.type = POLICY_TYPE_ENUM;
	assert_int_equal(cmp(e, text("Approved")), 0);
	value shouted = text("APPROVED");
	assert_true(value_equal(&e, &shouted));
}

static void incomparable_values_do_not_compare(void **state)
{
	(void)state;
	int32_t day;
	assert_true(date_from_ymd(2026, 3, 14, &day));
	assert_false(comparable(value_money(D("5")), value_date(day)));
	assert_false(comparable(value_date(day), value_duration(30, UNIT_DAYS)));
	assert_false(comparable(text("5"), value_number(D("5"))));
	assert_false(comparable(value_bool(true), value_number(D("1"))));
	assert_false(comparable(value_bool(true), text("yes")));
	/* Missing values make a comparison unknown, not false. */
	assert_false(comparable(value_missing(POLICY_TYPE_MONEY), value_money(D("5"))));
	assert_false(comparable(value_money(D("5")), value_missing(POLICY_TYPE_MONEY)));
	value missing = value_missing(POLICY_TYPE_MONEY);
	assert_false(value_equal(&missing, &missing));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(type_names_map_to_types),
		cmocka_unit_test(numeric_types_are_the_decimal_ones),
		cmocka_unit_test(duration_units_in_words),
		cmocka_unit_test(number_words_are_single_words),
		cmocka_unit_test(constructors_make_known_values),
		cmocka_unit_test(money_parses_the_ways_forms_write_amounts),
		cmocka_unit_test(money_understands_scale_words),
		cmocka_unit_test(money_negatives),
		cmocka_unit_test(money_rejects_what_is_not_an_amount),
		cmocka_unit_test(number_parses_plain_numbers_and_words),
		cmocka_unit_test(numbers_keep_their_unit_of_measure),
		cmocka_unit_test(percent_is_stored_as_a_fraction),
		cmocka_unit_test(percent_without_a_mark_means_percent),
		cmocka_unit_test(percent_with_many_digits_rounds_at_max_scale),
		cmocka_unit_test(percent_rejects),
		cmocka_unit_test(ratio_parses_x_colon_and_percent),
		cmocka_unit_test(count_parses_whole_numbers),
		cmocka_unit_test(date_parses_through_date_parse),
		cmocka_unit_test(duration_parses_amount_and_unit),
		cmocka_unit_test(boolean_parses_answers_and_checkboxes),
		cmocka_unit_test(text_is_trimmed_and_copied_into_the_arena),
		cmocka_unit_test(text_reports_allocation_failure),
		cmocka_unit_test(parse_ignores_surrounding_spaces_and_one_trailing_mark),
		cmocka_unit_test(literals_carry_their_own_type),
		cmocka_unit_test(literals_without_a_mark_are_numbers),
		cmocka_unit_test(display_money_in_dollars_and_cents),
		cmocka_unit_test(display_percent_as_a_percentage),
		cmocka_unit_test(display_other_types),
		cmocka_unit_test(display_text_returns_the_text_itself),
		cmocka_unit_test(display_truncates_to_the_buffer),
		cmocka_unit_test(json_writes_decimals_as_exact_strings),
		cmocka_unit_test(json_writes_other_scalars),
		cmocka_unit_test(json_escapes_text),
		cmocka_unit_test(numbers_compare_across_numeric_types),
		cmocka_unit_test(a_computed_percentage_matches_the_policy_threshold),
		cmocka_unit_test(dates_and_durations_compare_within_their_kind),
		cmocka_unit_test(booleans_and_text_compare),
		cmocka_unit_test(incomparable_values_do_not_compare),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
