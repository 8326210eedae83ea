/*
 * Tests for calendar dates (lib/base/date.c).
 *
 * Policies say "the applicant is at least 18", "filed within 30 days of the
 * loss", "the lease runs two years": these tests pin down the calendar
 * those phrases are evaluated in. Day numbering is checked exhaustively
 * over every valid date; parsing is checked form by form against the ways
 * dates appear on real forms, and each rejection is a typo a person could
 * make; birthdays and month ends are checked at their edges (the day
 * before, the day of, Feb 29).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "base/date.h"

static int32_t ymd(int y, int m, int d)
{
	int32_t days;
	if (!date_from_ymd(y, m, d, &days))
		fail_msg("%04d-%02d-%02d is not a valid date", y, m, d);
	return days;
}

static void assert_parses_to(const char *text, int y, int m, int d)
{
	int32_t days;
	if (!date_parse(text, strlen(text), &days))
		fail_msg("date_parse rejected \"%s\"", text);
	char iso[DATE_FORMAT_MAX], want[DATE_FORMAT_MAX];
	date_format_iso(days, iso);
	date_format_iso(ymd(y, m, d), want);
	if (strcmp(iso, want) != 0)
		fail_msg("\"%s\" parsed as %s, expected %s", text, iso, want);
}

static void assert_rejected(const char *text)
{
	int32_t days;
	if (date_parse(text, strlen(text), &days))
		fail_msg("date_parse accepted \"%s\"", text);
}

static void assert_iso(int32_t days, const char *expect)
{
	char buf[DATE_FORMAT_MAX];
	size_t len = date_format_iso(days, buf);
	assert_string_equal(buf, expect);
	assert_int_equal(len, strlen(expect));
}

/* ---- the calendar ---- */

static void days_count_from_the_unix_epoch(void **state)
{
	(void)state;
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(1970, 1, 2), 1);
	assert_int_equal(ymd(1969, 12, 31), -1);
	assert_int_equal(ymd(2000, 3, 1), 11017);
	assert_int_equal(ymd(2026, 3, 14), 20526);
	assert_int_equal(ymd(1958, 4, 2), -4292);
	assert_int_equal(ymd(1, 1, 1), -719162);
	assert_int_equal(ymd(9999, 12, 31), 2932896);
}

static void every_valid_date_round_trips(void **state)
{
	(void)state;
	/* Walk the whole calendar day by day: numbering has no gaps, and
	 * converting back gives the same date. */
	int32_t expect = ymd(1, 1, 1);
	for (int y = 1; y <= 9999; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= date_days_in_month(y, m); d++) {
				int32_t days;
				int yy, mm, dd;
				if (!date_from_ymd(y, m, d, &days) || days != expect)
					fail_msg("%04d-%02d-%02d numbered wrongly", y, m, d);
				date_to_ymd(days, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("day %d came back as %d-%d-%d", (int)days, yy, mm, dd);
				expect++;
			}
		}
	}
	assert_int_equal(expect - 1, ymd(9999, 12, 31));
}

static void leap_years_follow_the_gregorian_rule(void **state)
{
	(void)state;
	assert_true(date_is_leap(2024));
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(1600));
	assert_false(date_is_leap(2026));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2100));
}

static void months_have_their_lengths(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2026, 2), 28);
	assert_int_equal(date_days_in_month(2026, 1), 31);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 12), 31);
	assert_int_equal(date_days_in_month(2026, 0), 0);
	assert_int_equal(date_days_in_month(2026, 13), 0);
}

static void from_ymd_rejects_impossible_dates(void **state)
{
	(void)state;
	int32_t days;
	assert_false(date_from_ymd(2026, 2, 30, &days));
	assert_false(date_from_ymd(2026, 2, 29, &days));
	assert_true(date_from_ymd(2024, 2, 29, &days));
	assert_false(date_from_ymd(2026, 4, 31, &days));
	assert_false(date_from_ymd(2026, 13, 1, &days));
	assert_false(date_from_ymd(2026, 0, 1, &days));
	assert_false(date_from_ymd(2026, 1, 0, &days));
	assert_false(date_from_ymd(2026, 1, -1, &days));
	assert_false(date_from_ymd(0, 1, 1, &days));
	assert_false(date_from_ymd(10000, 1, 1, &days));
}

static void to_ymd_handles_any_day_number(void **state)
{
	(void)state;
	int y, m, d;
	date_to_ymd(INT32_MIN, &y, &m, &d);
	assert_true(y < 0);
	assert_in_range(m, 1, 12);
	assert_in_range(d, 1, 31);
	date_to_ymd(INT32_MAX, &y, &m, &d);
	assert_true(y > 5000000);
	assert_in_range(m, 1, 12);
	assert_in_range(d, 1, 31);
}

/* ---- parsing: one test per written form ---- */

static void parse_iso(void **state)
{
	(void)state;
	assert_parses_to("2026-03-14", 2026, 3, 14);
	assert_parses_to("2026-3-4", 2026, 3, 4);
	assert_parses_to("2026/03/14", 2026, 3, 14);
	assert_parses_to("  2026-03-14\t", 2026, 3, 14);
}

static void parse_us_slashes(void **state)
{
	(void)state;
	assert_parses_to("03/14/2026", 2026, 3, 14);
	assert_parses_to("3/14/2026", 2026, 3, 14);
	assert_parses_to("3/4/2026", 2026, 3, 4);
	assert_parses_to("03-14-2026", 2026, 3, 14);
	/* dots: the European order, day first */
	assert_parses_to("14.03.2026", 2026, 3, 14);
	assert_parses_to("01.02.2026", 2026, 2, 1);
}

static void parse_two_digit_years_pivot_at_69(void **state)
{
	(void)state;
	assert_parses_to("3/14/26", 2026, 3, 14);
	assert_parses_to("1/1/00", 2000, 1, 1);
	assert_parses_to("12/31/69", 2069, 12, 31);
	assert_parses_to("1/1/70", 1970, 1, 1);
	assert_parses_to("4/2/58", 2058, 4, 2);
	assert_parses_to("4/2/99", 1999, 4, 2);
}

static void parse_day_month_year(void **state)
{
	(void)state;
	assert_parses_to("14-Mar-2026", 2026, 3, 14);
	assert_parses_to("14-mar-26", 2026, 3, 14);
	assert_parses_to("4-JUL-1976", 1976, 7, 4);
	assert_parses_to("14 March 2026", 2026, 3, 14);
	assert_parses_to("14th March 2026", 2026, 3, 14);
	assert_parses_to("14 March, 2026", 2026, 3, 14);
	assert_parses_to("1 Sept 2026", 2026, 9, 1);
}

static void parse_month_day_year(void **state)
{
	(void)state;
	assert_parses_to("March 14, 2026", 2026, 3, 14);
	assert_parses_to("March 14 2026", 2026, 3, 14);
	assert_parses_to("March 14,2026", 2026, 3, 14);
	assert_parses_to("March 14th, 2026", 2026, 3, 14);
	assert_parses_to("March 1st, 2026", 2026, 3, 1);
	assert_parses_to("March 2nd 2026", 2026, 3, 2);
	assert_parses_to("March 3rd, 2026", 2026, 3, 3);
	assert_parses_to("Mar. 14, 2026", 2026, 3, 14);
	assert_parses_to("Mar 14, 2026", 2026, 3, 14);
	assert_parses_to("Sept. 30, 2026", 2026, 9, 30);
	assert_parses_to("Sep 30, 2026", 2026, 9, 30);
	assert_parses_to("SEPTEMBER 30, 2026", 2026, 9, 30);
	assert_parses_to("february 29, 2024", 2024, 2, 29);
	assert_parses_to("May 5, 2026", 2026, 5, 5);
	assert_parses_to("  December   25 ,  2026  ", 2026, 12, 25);
}

static void parse_rejects_dates_that_do_not_exist(void **state)
{
	(void)state;
	assert_rejected("2026-02-30");
	assert_rejected("February 29, 2026");
	assert_rejected("2026-13-01");
	assert_rejected("13/14/2026"); /* month/day: there is no month 13 */
	assert_rejected("2026-04-31");
	assert_rejected("0/1/2026");
	assert_rejected("1/0/2026");
	assert_rejected("31-Apr-2026");
	assert_rejected("March 0, 2026");
	assert_rejected("March 32, 2026");
}

static void parse_rejects_out_of_range_years(void **state)
{
	(void)state;
	assert_rejected("0999-01-01");
	assert_rejected("10000-01-01");
	assert_rejected("1/1/999");
	assert_rejected("1/1/026");
	assert_rejected("March 14, 26026");
	assert_rejected("March 14, 999");
}

static void parse_rejects_garbage(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "   ", "today", "2026", "2026-03", "03/14", "March 2026", "March 14",
		"14 March", "2026-03-14T00:00:00", "2026-03-14 extra", "2026-03/14", "03/14-2026",
		"2026--03-14", "Marchh 14, 2026", "Marc 14, 2026", "Ma 14, 2026", "14-Mar 2026",
		"March14, 2026", "March 142026", "March 14th2026", "March 14xx, 2026", "14.03.26x",
		"2026-003-14", "123/14/2026", "March -14, 2026", "Mar.. 14, 2026", "Smarch 14, 2026",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_rejected(bad[i]);
}

static void parse_honours_the_length(void **state)
{
	(void)state;
	int32_t days;
	assert_true(date_parse("2026-03-14 and more", 10, &days));
	assert_int_equal(days, ymd(2026, 3, 14));
	assert_true(date_parse("2026-03-14", 9, &days)); /* "2026-03-1" */
	assert_int_equal(days, ymd(2026, 3, 1));
	assert_false(date_parse("2026-03-14", 8, &days));
}

static void month_names_and_abbreviations(void **state)
{
	(void)state;
	assert_int_equal(date_month_from_name("March", 5), 3);
	assert_int_equal(date_month_from_name("mar", 3), 3);
	assert_int_equal(date_month_from_name("Mar.", 4), 3);
	assert_int_equal(date_month_from_name("JANUARY", 7), 1);
	assert_int_equal(date_month_from_name("Sept", 4), 9);
	assert_int_equal(date_month_from_name("Sept.", 5), 9);
	assert_int_equal(date_month_from_name("sep", 3), 9);
	assert_int_equal(date_month_from_name("May", 3), 5);
	assert_int_equal(date_month_from_name("Dec", 3), 12);
	assert_int_equal(date_month_from_name("Marc", 4), 0);
	assert_int_equal(date_month_from_name("Ma", 2), 0);
	assert_int_equal(date_month_from_name("Junee", 5), 0);
	assert_int_equal(date_month_from_name("Octo", 4), 0);
	assert_int_equal(date_month_from_name("", 0), 0);
	assert_int_equal(date_month_from_name(".", 1), 0);
	assert_int_equal(date_month_from_name("Mayday", 6), 0);
}

/* ---- formatting ---- */

static void format_iso_and_long(void **state)
{
	(void)state;
	char buf[DATE_FORMAT_MAX];
	assert_iso(ymd(2026, 3, 14), "2026-03-14");
	assert_iso(ymd(1, 1, 1), "0001-01-01");
	assert_iso(0, "1970-01-01");
	assert_int_equal(date_format_long(ymd(2026, 3, 14), buf), strlen("March 14, 2026"));
	assert_string_equal(buf, "March 14, 2026");
	date_format_long(ymd(1999, 9, 5), buf);
	assert_string_equal(buf, "September 5, 1999");
}

static void format_then_parse_is_the_identity(void **state)
{
	(void)state;
	char buf[DATE_FORMAT_MAX];
	for (int32_t days = ymd(1999, 1, 1); days <= ymd(2031, 1, 1); days += 7) {
		int32_t back;
		size_t len = date_format_iso(days, buf);
		assert_true(date_parse(buf, len, &back));
		assert_int_equal(back, days);
		len = date_format_long(days, buf);
		assert_true(date_parse(buf, len, &back));
		assert_int_equal(back, days);
	}
}

/* ---- month arithmetic ---- */

static void add_months_clamps_to_the_month_end(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(ymd(2026, 1, 31), 1), ymd(2026, 2, 28));
	assert_int_equal(date_add_months(ymd(2024, 1, 31), 1), ymd(2024, 2, 29));
	assert_int_equal(date_add_months(ymd(2026, 3, 31), -1), ymd(2026, 2, 28));
	assert_int_equal(date_add_months(ymd(2026, 5, 31), 1), ymd(2026, 6, 30));
	assert_int_equal(date_add_months(ymd(2026, 1, 30), 1), ymd(2026, 2, 28));
	assert_int_equal(date_add_months(ymd(2026, 1, 15), 1), ymd(2026, 2, 15));
}

static void add_months_crosses_years(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(ymd(2026, 12, 15), 1), ymd(2027, 1, 15));
	assert_int_equal(date_add_months(ymd(2026, 1, 15), -1), ymd(2025, 12, 15));
	assert_int_equal(date_add_months(ymd(2026, 3, 14), -13), ymd(2025, 2, 14));
	assert_int_equal(date_add_months(ymd(2026, 3, 14), 120), ymd(2036, 3, 14));
	assert_int_equal(date_add_months(ymd(2026, 3, 14), 0), ymd(2026, 3, 14));
}

static void add_years_moves_feb_29_to_feb_28(void **state)
{
	(void)state;
	assert_int_equal(date_add_years(ymd(2024, 2, 29), 1), ymd(2025, 2, 28));
	assert_int_equal(date_add_years(ymd(2024, 2, 29), 4), ymd(2028, 2, 29));
	assert_int_equal(date_add_years(ymd(2024, 2, 29), -1), ymd(2023, 2, 28));
	assert_int_equal(date_add_years(ymd(2026, 3, 14), 2), ymd(2028, 3, 14));
	assert_int_equal(date_add_years(ymd(2000, 2, 29), 100), ymd(2100, 2, 28));
}

static void month_arithmetic_saturates_at_the_calendar_ends(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(ymd(9999, 12, 1), 1), ymd(9999, 12, 31));
	assert_int_equal(date_add_months(ymd(9999, 11, 30), 1), ymd(9999, 12, 30));
	assert_int_equal(date_add_months(ymd(2026, 3, 14), INT_MAX), ymd(9999, 12, 31));
	assert_int_equal(date_add_months(ymd(2026, 3, 14), INT_MIN), ymd(1, 1, 1));
	assert_int_equal(date_add_years(ymd(2026, 3, 14), INT_MAX), ymd(9999, 12, 31));
	assert_int_equal(date_add_years(ymd(2026, 3, 14), INT_MIN), ymd(1, 1, 1));
	assert_int_equal(date_add_years(ymd(1, 6, 1), -1), ymd(1, 1, 1));
}

/* ---- whole years and months ---- */

static void whole_years_counts_birthdays(void **state)
{
	(void)state;
	int32_t born = ymd(1958, 4, 2);
	assert_int_equal(date_whole_years(born, ymd(2026, 4, 1)), 67);
	assert_int_equal(date_whole_years(born, ymd(2026, 4, 2)), 68);
	assert_int_equal(date_whole_years(born, ymd(2026, 4, 3)), 68);
	assert_int_equal(date_whole_years(born, born), 0);
	assert_int_equal(date_whole_years(born, ymd(1959, 4, 1)), 0);
	assert_int_equal(date_whole_years(born, ymd(1959, 4, 2)), 1);
	assert_int_equal(date_whole_years(ymd(2008, 3, 14), ymd(2026, 3, 13)), 17);
	assert_int_equal(date_whole_years(ymd(2008, 3, 14), ymd(2026, 3, 14)), 18);
}

static void whole_years_feb_29_birthdays_fall_on_feb_28(void **state)
{
	(void)state;
	int32_t leapling = ymd(2000, 2, 29);
	assert_int_equal(date_whole_years(leapling, ymd(2001, 2, 27)), 0);
	assert_int_equal(date_whole_years(leapling, ymd(2001, 2, 28)), 1);
	assert_int_equal(date_whole_years(leapling, ymd(2001, 3, 1)), 1);
	assert_int_equal(date_whole_years(leapling, ymd(2004, 2, 28)), 3);
	assert_int_equal(date_whole_years(leapling, ymd(2004, 2, 29)), 4);
	assert_int_equal(date_whole_years(leapling, ymd(2018, 2, 28)), 18);
}

static void whole_years_is_negative_backwards(void **state)
{
	(void)state;
	int32_t born = ymd(1958, 4, 2);
	assert_int_equal(date_whole_years(ymd(2026, 4, 2), born), -68);
	assert_int_equal(date_whole_years(ymd(2026, 4, 1), born), -67);
	assert_int_equal(date_whole_years(ymd(2026, 3, 14), ymd(2026, 1, 1)), 0);
}

static void whole_years_agrees_with_add_years(void **state)
{
	(void)state;
	/* n years after d is exactly when n whole years have passed. */
	int32_t starts[] = { ymd(2000, 2, 29), ymd(2026, 1, 31), ymd(1958, 4, 2), ymd(2026, 12, 31) };
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		for (int n = 0; n <= 30; n++) {
			int32_t anniversary = date_add_years(starts[i], n);
			assert_int_equal(date_whole_years(starts[i], anniversary), n);
			assert_int_equal(date_whole_years(starts[i], anniversary - 1), n - 1 < 0 ? 0 : n - 1);
		}
	}
}

static void whole_months_count_month_anniversaries(void **state)
{
	(void)state;
	assert_int_equal(date_whole_months(ymd(2026, 1, 15), ymd(2026, 3, 14)), 1);
	assert_int_equal(date_whole_months(ymd(2026, 1, 15), ymd(2026, 3, 15)), 2);
	assert_int_equal(date_whole_months(ymd(2026, 1, 31), ymd(2026, 2, 27)), 0);
	assert_int_equal(date_whole_months(ymd(2026, 1, 31), ymd(2026, 2, 28)), 1);
	assert_int_equal(date_whole_months(ymd(2026, 1, 31), ymd(2026, 3, 30)), 1);
	assert_int_equal(date_whole_months(ymd(2026, 1, 31), ymd(2026, 3, 31)), 2);
	assert_int_equal(date_whole_months(ymd(2025, 3, 14), ymd(2026, 3, 14)), 12);
	assert_int_equal(date_whole_months(ymd(2026, 3, 14), ymd(2026, 1, 15)), -1);
	assert_int_equal(date_whole_months(ymd(2026, 3, 14), ymd(2026, 3, 14)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(days_count_from_the_unix_epoch),
		cmocka_unit_test(every_valid_date_round_trips),
		cmocka_unit_test(leap_years_follow_the_gregorian_rule),
		cmocka_unit_test(months_have_their_lengths),
		cmocka_unit_test(from_ymd_rejects_impossible_dates),
		cmocka_unit_test(to_ymd_handles_any_day_number),
		cmocka_unit_test(parse_iso),
		cmocka_unit_test(parse_us_slashes),
		cmocka_unit_test(parse_two_digit_years_pivot_at_69),
		cmocka_unit_test(parse_day_month_year),
		cmocka_unit_test(parse_month_day_year),
		cmocka_unit_test(parse_rejects_dates_that_do_not_exist),
		cmocka_unit_test(parse_rejects_out_of_range_years),
		cmocka_unit_test(parse_rejects_garbage),
		cmocka_unit_test(parse_honours_the_length),
		cmocka_unit_test(month_names_and_abbreviations),
		cmocka_unit_test(format_iso_and_long),
		cmocka_unit_test(format_then_parse_is_the_identity),
		cmocka_unit_test(add_months_clamps_to_the_month_end),
		cmocka_unit_test(add_months_crosses_years),
		cmocka_unit_test(add_years_moves_feb_29_to_feb_28),
		cmocka_unit_test(month_arithmetic_saturates_at_the_calendar_ends),
		cmocka_unit_test(whole_years_counts_birthdays),
		cmocka_unit_test(whole_years_feb_29_birthdays_fall_on_feb_28),
		cmocka_unit_test(whole_years_is_negative_backwards),
		cmocka_unit_test(whole_years_agrees_with_add_years),
		cmocka_unit_test(whole_months_count_month_anniversaries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
