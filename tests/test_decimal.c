/*
 * Tests for exact decimals (lib/base/decimal.c).
 *
 * Policies decide money: "approve if the claim is at most 45% of the
 * limit" has to give the same answer for 4050 of 9000 on every machine,
 * so these tests pin down exactness (no binary floating point, compare
 * across scales), half-even rounding at every place rounding happens,
 * overflow reported at the edges of the 128-bit coefficient instead of
 * wrapping, and the exact text a number is parsed from and formatted to.
 *
 * Values are written as text on both sides, D("0.125") -> "0.12", so each
 * test reads as the arithmetic a person would check by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/decimal.h"

/* The largest coefficient, 2^127 - 1, the smallest, and one past each. */
#define MAX_COEF "170141183460469231731687303715884105727"
#define MAX_COEF_PLUS_1 "170141183460469231731687303715884105728"
#define NEG_MAX_COEF "-170141183460469231731687303715884105727"
#define NEG_MAX_COEF_MINUS_1 "-170141183460469231731687303715884105728"

static decimal D(const char *s)
{
	decimal d;
	if (!decimal_parse(s, strlen(s), &d))
		fail_msg("decimal_parse rejected \"%s\"", s);
	return d;
}

static bool parses(const char *s)
{
	decimal d;
	return decimal_parse(s, strlen(s), &d);
}

static void assert_format(decimal d, int min_scale, const char *expect)
{
	char buf[DECIMAL_FORMAT_MAX];
	size_t len = decimal_format(d, min_scale, buf);
	assert_string_equal(buf, expect);
	assert_int_equal(len, strlen(expect));
}

static void assert_grouped(decimal d, int min_scale, const char *expect)
{
	char buf[DECIMAL_FORMAT_MAX];
	size_t len = decimal_format_grouped(d, min_scale, buf);
	assert_string_equal(buf, expect);
	assert_int_equal(len, strlen(expect));
}

/* Equal in value, whatever the scales. */
static void assert_dec_equal(decimal d, const char *expect)
{
	if (decimal_cmp(d, D(expect)) != 0) {
		char buf[DECIMAL_FORMAT_MAX];
		decimal_format(d, 0, buf);
		fail_msg("got %s, expected %s", buf, expect);
	}
}

/* Equal in value and in scale: "13500.0000" is not "13500.00". */
static void assert_dec_exact(decimal d, const char *expect)
{
	decimal e = D(expect);
	assert_dec_equal(d, expect);
	assert_int_equal(d.scale, e.scale);
}

/* ---- parsing ---- */

static void parse_accepts_plain_and_grouped_numbers(void **state)
{
	(void)state;
	assert_dec_exact(D("1234"), "1234");
	assert_dec_exact(D("-1,234.56"), "-1234.56");
	assert_dec_exact(D("+7"), "7");
	assert_dec_exact(D("0.5"), "0.5");
	assert_dec_exact(D("1,234,567"), "1234567");
	assert_dec_exact(D("007"), "7");
	assert_dec_exact(D("-0"), "0");
	assert_false(decimal_is_negative(D("-0")));
}

static void parse_accepts_a_leading_point(void **state)
{
	(void)state;
	/* Forms write ".5"; it is unambiguous, so it is accepted. */
	assert_dec_exact(D(".5"), "0.5");
	assert_dec_exact(D("-.25"), "-0.25");
}

static void parse_keeps_the_written_scale(void **state)
{
	(void)state;
	assert_int_equal(D("72400.00").scale, 2);
	assert_int_equal(D("72400").scale, 0);
	assert_int_equal(D("1.500").scale, 3);
	assert_int_equal(D("1.500").coef, 1500);
}

static void parse_rejects_what_is_not_a_plain_number(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "-", "+", ".", "-.", "5.", "1.2.3", "1e5", "$5", "5%", " 5", "5 ", "1 000",
		"1,23", "12,3456", "1234,567", ",123", "1,,234", "1,234,", "0,123", "1,234.5,6",
		"--5", "-+5", "five", "0x10", "1_000", "\xef\xbc\x95",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (parses(bad[i]))
			fail_msg("decimal_parse accepted \"%s\"", bad[i]);
}

static void parse_honours_the_length_not_the_nul(void **state)
{
	(void)state;
	decimal d;
	assert_true(decimal_parse("12345", 3, &d));
	assert_dec_exact(d, "123");
	assert_false(decimal_parse("1.2", 0, &d));
}

static void parse_allows_extra_fraction_zeros_only(void **state)
{
	(void)state;
	/* 18 fraction digits is the limit ... */
	assert_dec_exact(D("0.000000000000000001"), "0.000000000000000001");
	/* ... beyond it, zeros carry no information and are dropped ... */
	decimal d = D("1.50000000000000000000000");
	assert_int_equal(d.scale, 18);
	assert_dec_equal(d, "1.5");
	/* ... but a digit that would need rounding is refused. */
	assert_false(parses("0.0000000000000000001"));
	assert_false(parses("1.0000000000000000005"));
}

static void parse_detects_overflow_at_the_coefficient_limit(void **state)
{
	(void)state;
	assert_format(D(MAX_COEF), 0, MAX_COEF);
	assert_format(D(NEG_MAX_COEF), 0, NEG_MAX_COEF);
	assert_false(parses(MAX_COEF_PLUS_1));
	/* The range is symmetric: -2^127 is refused too, so negation is
	 * always defined. */
	assert_false(parses(NEG_MAX_COEF_MINUS_1));
	assert_false(parses("1" MAX_COEF));
	/* The limit is on the coefficient, fraction digits included. */
	assert_true(parses("170141183460469231731.687303715884105727"));
	assert_false(parses("170141183460469231731.687303715884105728"));
}

/* ---- construction and predicates ---- */

static void make_and_from_int_build_exact_values(void **state)
{
	(void)state;
	assert_dec_exact(decimal_make(12345, 2), "123.45");
	assert_dec_exact(decimal_make(-5, 1), "-0.5");
	assert_dec_exact(decimal_from_int(INT64_MAX), "9223372036854775807");
	assert_dec_exact(decimal_from_int(INT64_MIN), "-9223372036854775808");
}

static void predicates_look_at_the_value(void **state)
{
	(void)state;
	assert_true(decimal_is_zero(D("0.000")));
	assert_false(decimal_is_zero(D("0.001")));
	assert_true(decimal_is_negative(D("-0.001")));
	assert_false(decimal_is_negative(D("0")));
	assert_true(decimal_is_integer(D("42.000")));
	assert_true(decimal_is_integer(D("-3")));
	assert_false(decimal_is_integer(D("42.001")));
}

/* ---- comparison ---- */

static void compare_is_exact_across_scales(void **state)
{
	(void)state;
	assert_int_equal(decimal_cmp(D("1.50"), D("1.5")), 0);
	assert_int_equal(decimal_cmp(D("0"), D("-0.000")), 0);
	assert_int_equal(decimal_cmp(D("1.5"), D("1.49999")), 1);
	assert_int_equal(decimal_cmp(D("-1.5"), D("-1.49")), -1);
	assert_int_equal(decimal_cmp(D("-1"), D("0.001")), -1);
	assert_int_equal(decimal_cmp(D("0.1"), D("0.100000000000000001")), -1);
	assert_int_equal(decimal_cmp(D("100"), D("99.999999999999999999")), 1);
}

static void compare_works_where_aligning_would_overflow(void **state)
{
	(void)state;
	/* Scaling the max coefficient to 18 places needs 187 bits. */
	assert_int_equal(decimal_cmp(D(MAX_COEF), D("1.000000000000000001")), 1);
	assert_int_equal(decimal_cmp(D(NEG_MAX_COEF), D("-1.000000000000000001")), -1);
	assert_int_equal(decimal_cmp(D("0.000000000000000001"), D(MAX_COEF)), -1);
}

/* ---- addition and subtraction ---- */

static void add_and_sub_are_exact(void **state)
{
	(void)state;
	decimal r;
	assert_true(decimal_add(D("0.1"), D("0.2"), &r));
	assert_dec_exact(r, "0.3");
	assert_true(decimal_add(D("72400.00"), D("0.5"), &r));
	assert_dec_exact(r, "72400.50");
	assert_true(decimal_sub(D("1"), D("0.000000000000000001"), &r));
	assert_dec_exact(r, "0.999999999999999999");
	assert_true(decimal_sub(D("-5"), D("-7.25"), &r));
	assert_dec_exact(r, "2.25");
}

static void add_reports_overflow(void **state)
{
	(void)state;
	decimal r;
	assert_true(decimal_add(D(MAX_COEF), D("0"), &r));
	assert_format(r, 0, MAX_COEF);
	assert_false(decimal_add(D(MAX_COEF), D("1"), &r));
	assert_false(decimal_add(D(NEG_MAX_COEF), D("-1"), &r));
	assert_false(decimal_sub(D(NEG_MAX_COEF), D("1"), &r));
	assert_false(decimal_sub(D(MAX_COEF), D("-1"), &r));
	/* The sum needs a fraction digit the huge operand has no room for. */
	assert_false(decimal_add(D(MAX_COEF), D("-0.5"), &r));
}

static void add_drops_trailing_zeros_before_giving_up(void **state)
{
	(void)state;
	decimal r;
	/* Aligning to "0.00"'s scale would overflow, but the sum is exact
	 * without it. */
	assert_true(decimal_add(D("170141183460469231731687303715884105726"), D("1.00"), &r));
	assert_format(r, 0, MAX_COEF);
}

static void add_is_exact_when_aligning_needs_more_than_128_bits(void **state)
{
	(void)state;
	decimal r;
	/* The first operand at five places needs 128 bits; the sum does not. */
	assert_true(decimal_add(D("2080798664319483163151894120108638.0256"),
	                        D("-1701411834604692317316873037158841.05727"), &r));
	assert_dec_exact(r, "379386829714790845835021082949796.96833");
}

/* ---- multiplication ---- */

static void mul_is_exact_and_adds_scales(void **state)
{
	(void)state;
	decimal r;
	/* 75% of an 18,000.00 limit. */
	assert_true(decimal_mul(D("0.75"), D("18000.00"), &r));
	assert_dec_exact(r, "13500.0000");
	assert_int_equal(decimal_cmp(r, D("13500.00")), 0);
	assert_true(decimal_mul(D("-1.5"), D("1.5"), &r));
	assert_dec_exact(r, "-2.25");
	assert_true(decimal_mul(D("-2"), D("-3"), &r));
	assert_dec_exact(r, "6");
	assert_true(decimal_mul(D("0"), D("-3.5"), &r));
	assert_false(decimal_is_negative(r));
}

static void mul_rounds_half_even_beyond_max_scale(void **state)
{
	(void)state;
	decimal r;
	/* 1.5e-18 and 2.5e-18 are ties at 18 places: both go to 2e-18. */
	assert_true(decimal_mul(D("0.000000001"), D("0.0000000015"), &r));
	assert_dec_exact(r, "0.000000000000000002");
	assert_true(decimal_mul(D("0.000000001"), D("0.0000000025"), &r));
	assert_dec_exact(r, "0.000000000000000002");
	assert_true(decimal_mul(D("-0.000000001"), D("0.0000000035"), &r));
	assert_dec_exact(r, "-0.000000000000000004");
	assert_true(decimal_mul(D("0.000000001"), D("0.00000000251"), &r));
	assert_dec_exact(r, "0.000000000000000003");
}

static void mul_rounds_products_wider_than_128_bits(void **state)
{
	(void)state;
	decimal r;
	/* The exact products need about 144 bits before rounding. */
	assert_true(decimal_mul(D("123456789.123456789012345678"), D("0.123456789012345678"), &r));
	assert_dec_exact(r, "15241578.766956257517146779");
	assert_true(decimal_mul(D("-123456789.123456789012345678"), D("987654321.987654321"), &r));
	assert_dec_exact(r, "-121932631356500531.359396431347203169");
}

static void mul_reports_overflow(void **state)
{
	(void)state;
	decimal r;
	assert_true(decimal_mul(D(MAX_COEF), D("1"), &r));
	assert_true(decimal_mul(D(MAX_COEF), D("-1"), &r));
	assert_format(r, 0, NEG_MAX_COEF);
	assert_false(decimal_mul(D(MAX_COEF), D("2"), &r));
	assert_false(decimal_mul(D(NEG_MAX_COEF), D("1.1"), &r));
	assert_false(decimal_mul(D("10000000000000000000"), D("100000000000000000000"), &r));
	/* Even after rounding to 18 places the product does not fit. */
	assert_false(decimal_mul(D("100000000000000000000.000000000000000001"),
	                         D("100000000000000000000.000000000000000001"), &r));
}

/* ---- division ---- */

static void div_is_exact_where_the_quotient_is(void **state)
{
	(void)state;
	decimal r;
	/* A 4,050 claim against a 9,000 limit is exactly 45%. */
	assert_true(decimal_div(D("4050"), D("9000"), DECIMAL_DIV_SCALE, &r));
	assert_int_equal(decimal_cmp(r, D("0.45")), 0);
	assert_int_equal(r.scale, DECIMAL_DIV_SCALE);
	assert_true(decimal_div(D("100.5"), D("0.5"), 2, &r));
	assert_dec_exact(r, "201.00");
	assert_true(decimal_div(D("0"), D("-3"), 4, &r));
	assert_dec_exact(r, "0.0000");
	assert_false(decimal_is_negative(r));
}

static void div_rounds_half_even_to_the_requested_scale(void **state)
{
	(void)state;
	decimal r;
	assert_true(decimal_div(D("1"), D("3"), 2, &r));
	assert_dec_exact(r, "0.33");
	assert_true(decimal_div(D("2"), D("3"), 2, &r));
	assert_dec_exact(r, "0.67");
	assert_true(decimal_div(D("1"), D("8"), 2, &r)); /* 0.125 */
	assert_dec_exact(r, "0.12");
	assert_true(decimal_div(D("3"), D("8"), 2, &r)); /* 0.375 */
	assert_dec_exact(r, "0.38");
	assert_true(decimal_div(D("-1"), D("8"), 2, &r));
	assert_dec_exact(r, "-0.12");
	assert_true(decimal_div(D("3"), D("-8"), 2, &r));
	assert_dec_exact(r, "-0.38");
	assert_true(decimal_div(D("5"), D("2"), 0, &r));
	assert_dec_exact(r, "2");
	assert_true(decimal_div(D("7"), D("2"), 0, &r));
	assert_dec_exact(r, "4");
	assert_true(decimal_div(D("1"), D("3"), DECIMAL_MAX_SCALE, &r));
	assert_dec_exact(r, "0.333333333333333333");
	assert_true(decimal_div(D("2"), D("3"), DECIMAL_MAX_SCALE, &r));
	assert_dec_exact(r, "0.666666666666666667");
}

static void div_handles_dividends_with_more_places_than_asked(void **state)
{
	(void)state;
	decimal r;
	/* The divisor is scaled up instead of the dividend. */
	assert_true(decimal_div(D("1.000000000000000000"), D("3"), 0, &r));
	assert_dec_exact(r, "0");
	assert_true(decimal_div(D("1.500000000000000000"), D("1"), 0, &r));
	assert_dec_exact(r, "2");
	assert_true(decimal_div(D("2.500000000000000000"), D("1"), 0, &r));
	assert_dec_exact(r, "2");
	assert_true(decimal_div(D("0.000000000000000001"), D(MAX_COEF), 0, &r));
	assert_dec_exact(r, "0");
}

static void div_reports_division_by_zero_and_overflow(void **state)
{
	(void)state;
	decimal r;
	assert_false(decimal_div(D("1"), D("0"), 2, &r));
	assert_false(decimal_div(D("0"), D("0.00"), 2, &r));
	assert_true(decimal_div(D(MAX_COEF), D("1"), 0, &r));
	assert_format(r, 0, MAX_COEF);
	assert_false(decimal_div(D(MAX_COEF), D("1"), 1, &r));
	assert_false(decimal_div(D(MAX_COEF), D("0.1"), 0, &r));
	/* A huge quotient that still fits after rounding. */
	assert_true(decimal_div(D("1" "0000000000000000000"), D("0.000000000000000001"), 0, &r));
	assert_dec_exact(r, "10000000000000000000000000000000000000");
}

/* ---- rounding and rescaling ---- */

static void round_is_half_even(void **state)
{
	(void)state;
	assert_dec_exact(decimal_round(D("0.125"), 2), "0.12");
	assert_dec_exact(decimal_round(D("0.135"), 2), "0.14");
	assert_dec_exact(decimal_round(D("-0.125"), 2), "-0.12");
	assert_dec_exact(decimal_round(D("-0.135"), 2), "-0.14");
	assert_dec_exact(decimal_round(D("0.1251"), 2), "0.13");
	assert_dec_exact(decimal_round(D("0.1249"), 2), "0.12");
	assert_dec_exact(decimal_round(D("2.5"), 0), "2");
	assert_dec_exact(decimal_round(D("3.5"), 0), "4");
	assert_dec_exact(decimal_round(D("-2.5"), 0), "-2");
	assert_dec_exact(decimal_round(D("-0.5"), 0), "0");
	assert_dec_exact(decimal_round(D("9.995"), 2), "10.00");
	assert_dec_exact(decimal_round(D("0.000000000000000005"), 17), "0.00000000000000000");
}

static void round_leaves_shorter_values_alone(void **state)
{
	(void)state;
	assert_dec_exact(decimal_round(D("1.5"), 2), "1.5");
	assert_dec_exact(decimal_round(D("7"), 2), "7");
	assert_dec_exact(decimal_round(D(MAX_COEF), 0), MAX_COEF);
}

/* A policy's own rounding: halves away from zero, down, up, to tens. */
static void round_to_as_a_policy_says(void **state)
{
	(void)state;
	decimal r;
	static const struct {
		const char *in;
		int places, mode;
		const char *out;
	} rows[] = {
		{ "10.5", 0, 0, "11" },     { "-10.5", 0, 0, "-11" },   { "10.49", 0, 0, "10" },
		{ "0.125", 2, 0, "0.13" },  { "18.999", 2, -1, "18.99" }, { "-18.999", 2, -1, "-18.99" },
		{ "18.001", 2, 1, "18.01" }, { "18.00", 2, 1, "18.00" },  { "1250", -3, 0, "1000" },
		{ "1500", -3, 0, "2000" },   { "1001", -3, 1, "2000" },   { "7", 2, 0, "7" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_true(decimal_round_to(D(rows[i].in), rows[i].places, rows[i].mode, &r));
		assert_dec_exact(r, rows[i].out);
	}
	assert_false(decimal_round_to(D("1"), -19, 0, &r));
	assert_false(decimal_round_to(D(MAX_COEF), -18, 1, &r));
}

static void trunc_goes_toward_zero(void **state)
{
	(void)state;
	assert_dec_exact(decimal_trunc(D("2.9")), "2");
	assert_dec_exact(decimal_trunc(D("-2.9")), "-2");
	assert_dec_exact(decimal_trunc(D("0.999999999999999999")), "0");
	assert_dec_exact(decimal_trunc(D("42")), "42");
}

static void normalize_removes_trailing_zeros(void **state)
{
	(void)state;
	assert_dec_exact(decimal_normalize(D("1.2500")), "1.25");
	assert_dec_exact(decimal_normalize(D("3.00")), "3");
	assert_dec_exact(decimal_normalize(D("-0.000")), "0");
	assert_dec_exact(decimal_normalize(D("100")), "100");
}

static void rescale_pads_or_rounds(void **state)
{
	(void)state;
	assert_dec_exact(decimal_rescale(D("1.5"), 2), "1.50");
	assert_dec_exact(decimal_rescale(D("1.555"), 2), "1.56");
	assert_dec_exact(decimal_rescale(D("1.565"), 2), "1.56");
	assert_dec_exact(decimal_rescale(D("-1.5"), 0), "-2");
	assert_dec_exact(decimal_rescale(D("7"), DECIMAL_MAX_SCALE), "7.000000000000000000");
}

static void rescale_stays_exact_when_zeros_do_not_fit(void **state)
{
	(void)state;
	/* 17014118346046923173168730371588410572.7 fits, ...72.70 does not. */
	decimal d = decimal_rescale(D("17014118346046923173168730371588410572.7"), 5);
	assert_dec_exact(d, "17014118346046923173168730371588410572.7");
	d = decimal_rescale(D("1701411834604692317316873037158841057.2"), 5);
	assert_dec_exact(d, "1701411834604692317316873037158841057.20");
}

static void neg_and_abs(void **state)
{
	(void)state;
	assert_dec_exact(decimal_neg(D("1.50")), "-1.50");
	assert_dec_exact(decimal_neg(D("-2")), "2");
	assert_dec_exact(decimal_abs(D("-2.5")), "2.5");
	assert_dec_exact(decimal_abs(D("2.5")), "2.5");
	assert_dec_exact(decimal_neg(D(NEG_MAX_COEF)), MAX_COEF);
}

static void to_int64_needs_an_integer_that_fits(void **state)
{
	(void)state;
	int64_t v = 0;
	assert_true(decimal_to_int64(D("42.00"), &v));
	assert_int_equal(v, 42);
	assert_true(decimal_to_int64(D("-9223372036854775808"), &v));
	assert_true(v == INT64_MIN);
	assert_true(decimal_to_int64(D("9223372036854775807"), &v));
	assert_true(v == INT64_MAX);
	assert_false(decimal_to_int64(D("9223372036854775808"), &v));
	assert_false(decimal_to_int64(D("-9223372036854775809"), &v));
	assert_false(decimal_to_int64(D("42.5"), &v));
}

/* ---- formatting ---- */

static void format_is_canonical(void **state)
{
	(void)state;
	assert_format(D("1234.5"), 0, "1234.5");
	assert_format(D("1234.500"), 0, "1234.5");
	assert_format(D("-0.5"), 0, "-0.5");
	assert_format(D("-0.000"), 0, "0");
	assert_format(D("3.00"), 0, "3");
	assert_format(D("0.000000000000000001"), 0, "0.000000000000000001");
	assert_format(D("1234567"), 0, "1234567");
}

static void format_pads_to_min_scale_and_trims_beyond(void **state)
{
	(void)state;
	assert_format(D("1234.5"), 2, "1234.50");
	assert_format(D("72400"), 2, "72400.00");
	assert_format(D("13500.0000"), 2, "13500.00");
	assert_format(D("1.005"), 2, "1.005");
	assert_format(D("0"), 2, "0.00");
	assert_format(D("-0.1"), 3, "-0.100");
}

static void format_grouped_adds_thousands_separators(void **state)
{
	(void)state;
	assert_grouped(D("1234.5"), 2, "1,234.50");
	assert_grouped(D("-1234567.891"), 2, "-1,234,567.891");
	assert_grouped(D("999"), 0, "999");
	assert_grouped(D("1000"), 0, "1,000");
	assert_grouped(D("123456"), 0, "123,456");
	assert_grouped(D("0.5"), 2, "0.50");
	assert_grouped(D("-100000.00"), 0, "-100,000");
}

static void format_fits_the_longest_value(void **state)
{
	(void)state;
	const char *longest = "-170,141,183,460,469,231,731,687,303,715,884,105,727.000000000000000000";
	assert_grouped(D(NEG_MAX_COEF), DECIMAL_MAX_SCALE, longest);
	assert_true(strlen(longest) < DECIMAL_FORMAT_MAX);
	assert_format(D("-1.701411834604692317"), 0, "-1.701411834604692317");
}

static void format_round_trips_through_parse(void **state)
{
	(void)state;
	static const char *const values[] = {
		"0", "1", "-1", "0.5", "-0.000000000000000001", "123456789.987654321",
		MAX_COEF, NEG_MAX_COEF, "0.100000000000000001",
	};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		char buf[DECIMAL_FORMAT_MAX];
		decimal d = D(values[i]);
		decimal_format_grouped(d, 0, buf);
		assert_int_equal(decimal_cmp(D(buf), d), 0);
		decimal_format(d, 0, buf);
		assert_string_equal(buf, values[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_accepts_plain_and_grouped_numbers),
		cmocka_unit_test(parse_accepts_a_leading_point),
		cmocka_unit_test(parse_keeps_the_written_scale),
		cmocka_unit_test(parse_rejects_what_is_not_a_plain_number),
		cmocka_unit_test(parse_honours_the_length_not_the_nul),
		cmocka_unit_test(parse_allows_extra_fraction_zeros_only),
		cmocka_unit_test(parse_detects_overflow_at_the_coefficient_limit),
		cmocka_unit_test(make_and_from_int_build_exact_values),
		cmocka_unit_test(predicates_look_at_the_value),
		cmocka_unit_test(compare_is_exact_across_scales),
		cmocka_unit_test(compare_works_where_aligning_would_overflow),
		cmocka_unit_test(add_and_sub_are_exact),
		cmocka_unit_test(add_reports_overflow),
		cmocka_unit_test(add_drops_trailing_zeros_before_giving_up),
		cmocka_unit_test(add_is_exact_when_aligning_needs_more_than_128_bits),
		cmocka_unit_test(mul_is_exact_and_adds_scales),
		cmocka_unit_test(mul_rounds_half_even_beyond_max_scale),
		cmocka_unit_test(mul_rounds_products_wider_than_128_bits),
		cmocka_unit_test(mul_reports_overflow),
		cmocka_unit_test(div_is_exact_where_the_quotient_is),
		cmocka_unit_test(div_rounds_half_even_to_the_requested_scale),
		cmocka_unit_test(div_handles_dividends_with_more_places_than_asked),
		cmocka_unit_test(div_reports_division_by_zero_and_overflow),
		cmocka_unit_test(round_is_half_even),
		cmocka_unit_test(round_leaves_shorter_values_alone),
		cmocka_unit_test(round_to_as_a_policy_says),
		cmocka_unit_test(trunc_goes_toward_zero),
		cmocka_unit_test(normalize_removes_trailing_zeros),
		cmocka_unit_test(rescale_pads_or_rounds),
		cmocka_unit_test(rescale_stays_exact_when_zeros_do_not_fit),
		cmocka_unit_test(neg_and_abs),
		cmocka_unit_test(to_int64_needs_an_integer_that_fits),
		cmocka_unit_test(format_is_canonical),
		cmocka_unit_test(format_pads_to_min_scale_and_trims_beyond),
		cmocka_unit_test(format_grouped_adds_thousands_separators),
		cmocka_unit_test(format_fits_the_longest_value),
		cmocka_unit_test(format_round_trips_through_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
