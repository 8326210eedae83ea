/*
 * Calendar dates: proleptic Gregorian, as days since 1970-01-01.
 *
 * Parsing accepts the ways people write dates on forms: 2026-03-14,
 * 03/14/2026, 3/14/26, 14-Mar-2026, March 14, 2026, March 14th 2026,
 * Mar. 14, 2026, 14 March 2026 (also 2026/03/14, 03-14-2026, Sept 14 2026).
 * Slash dates are month/day/year (US forms); two-digit years are 20xx when
 * <= 69, else 19xx. Written years 1000..9999.
 *
 * Valid dates are years 1..9999 (date_from_ymd refuses others); month and
 * year arithmetic saturates at 0001-01-01 and 9999-12-31.
 */
#ifndef POLICY_DATE_H
#define POLICY_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATE_FORMAT_MAX 32

bool date_from_ymd(int year, int month, int day, int32_t *out);
void date_to_ymd(int32_t days, int *year, int *month, int *day);
bool date_is_leap(int year);
int date_days_in_month(int year, int month);

/* The whole string must be a date (surrounding spaces allowed). */
bool date_parse(const char *s, size_t len, int32_t *out);
/* The length of `s` without a time of day after the date ("July 8, 2026
 * 11:30", "2026-07-08T11:30:00Z", "7/8/2026 9:05 AM ET"), or `len` when there
 * is none. Forms print one; a date compares without it. */
size_t date_without_time(const char *s, size_t len);

/* Months: 1..12 for "March", "mar", "Mar."; 0 if not a month name. */
int date_month_from_name(const char *s, size_t len);

/* "2026-03-14"; returns length. buf holds DATE_FORMAT_MAX bytes. */
size_t date_format_iso(int32_t days, char *buf);
/* "March 14, 2026". */
size_t date_format_long(int32_t days, char *buf);

/* Add calendar months or years; the day is clamped to the month's end
 * (Jan 31 + 1 month = Feb 28/29). */
int32_t date_add_months(int32_t days, int months);
int32_t date_add_years(int32_t days, int years);

/* Whole years from `from` to `to` as birthdays count them: the number of
 * anniversaries of `from` on or before `to` (Feb 29 anniversaries fall on
 * Feb 28 in common years). Negative if to < from. */
int date_whole_years(int32_t from, int32_t to);
/* Whole calendar months, the same way. */
int date_whole_months(int32_t from, int32_t to);

#endif
