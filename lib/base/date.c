/*
 * Calendar dates (see date.h).
 *
 * A date is a count of days since 1970-01-01 in the proleptic Gregorian
 * calendar, so "30 days after the loss date" is plain addition and two
 * dates compare as integers. Conversions to and from year/month/day use
 * Howard Hinnant's days_from_civil / civil_from_days algorithms, which
 * shift the year to start in March (so the leap day is the last day of
 * the shifted year) and count 400-year eras of exactly 146097 days. They
 * are exact for every int32 day count and need no tables.
 *
 * Valid dates are those in years 1..9999: anything else on a form is a
 * typo, and the bound keeps all arithmetic far from int32 overflow. Month
 * arithmetic saturates at those bounds instead of failing, because its
 * callers ("two years after the policy date") have no error path.
 *
 * Parsing tries each written form in turn against the whole string; each
 * form is a small function over a cursor. Forms, with what they accept:
 *   numeric:         2026-03-14, 2026/3/14 (year first, four digits)
 *                    03/14/2026, 3/14/26, 03-14-2026 (US month/day/year)
 *   day month year:  14-Mar-2026, 14-Mar-26, 14 March 2026, 14th March 2026
 *   month day year:  March 14, 2026; March 14th, 2026; Mar. 14, 2026;
 *                    Sept 14 2026
 * Written years must have four digits (1000..9999) or two (00..69 mean
 * 2000..2069, 70..99 mean 1970..1999).
 *
 * Anniversaries (date_whole_years, date_whole_months) follow
 * date_add_months: the anniversary of Jan 31 in February is Feb 28 (or 29),
 * and of Feb 29 in a common year is Feb 28, so a person born on Feb 29 2000
 * turns 1 on Feb 28 2001. This keeps whole_years(d, add_years(d, n)) == n.
 */
#include "base/date.h"

#include <stdio.h>
#include <string.h>

#define YEAR_MIN 1
#define YEAR_MAX 9999

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};

bool date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap(year))
		return 29;
	return days[month - 1];
}

/* ---- conversions ---- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                                  /* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;         /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int32_t days, int *year, int *month, int *day)
{
	int64_t z = (int64_t)days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                                    /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);            /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                                  /* [0, 11] */
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

bool date_from_ymd(int year, int month, int day, int32_t *out)
{
	if (year < YEAR_MIN || year > YEAR_MAX || day < 1 || day > date_days_in_month(year, month))
		return false;
	*out = (int32_t)days_from_civil(year, month, day);
	return true;
}

/* ---- month arithmetic ---- */

/* Months counted from January of year 0, so month arithmetic is integer
 * arithmetic; saturated to the valid years. */
static int32_t add_months64(int32_t days, int64_t months)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	const int64_t lo = (int64_t)YEAR_MIN * 12, hi = (int64_t)YEAR_MAX * 12 + 11;
	int64_t index = (int64_t)y * 12 + (m - 1);
	/* Both terms are far below 2^62, so the sum cannot overflow. */
	if (months < -(hi - lo) - 1 || index + months < lo)
		return (int32_t)days_from_civil(YEAR_MIN, 1, 1);
	if (months > hi - lo + 1 || index + months > hi)
		return (int32_t)days_from_civil(YEAR_MAX, 12, 31);
	index += months;
	y = (int)(index / 12);
	m = (int)(index % 12) + 1;
	int last = date_days_in_month(y, m);
	return (int32_t)days_from_civil(y, m, d < last ? d : last);
}

int32_t date_add_months(int32_t days, int months)
{
	return add_months64(days, months);
}

int32_t date_add_years(int32_t days, int years)
{
	return add_months64(days, (int64_t)years * 12);
}

/* Anniversaries of `from` on or before `to`, counted in months; to >= from. */
static int whole_months_forward(int32_t from, int32_t to)
{
	int fy, fm, fd, ty, tm, td;
	date_to_ymd(from, &fy, &fm, &fd);
	date_to_ymd(to, &ty, &tm, &td);
	int months = (ty - fy) * 12 + (tm - fm);
	int last = date_days_in_month(ty, tm);
	int anniversary_day = fd < last ? fd : last;
	if (td < anniversary_day)
		months--;
	return months;
}

int date_whole_months(int32_t from, int32_t to)
{
	return to >= from ? whole_months_forward(from, to) : -whole_months_forward(to, from);
}

int date_whole_years(int32_t from, int32_t to)
{
	/* A year is twelve months here, so the Feb 29 rule comes for free:
	 * the February anniversary is clamped like any month end. */
	return date_whole_months(from, to) / 12;
}

/* ---- month names ---- */

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_alpha(char c)
{
	c = ascii_lower(c);
	return c >= 'a' && c <= 'z';
}

/* Does s[0..len) equal the first `len` letters of `name`, ignoring case? */
static bool prefix_of_name(const char *s, size_t len, const char *name)
{
	for (size_t i = 0; i < len; i++)
		if (name[i] == '\0' || ascii_lower(s[i]) != ascii_lower(name[i]))
			return false;
	return true;
}

int date_month_from_name(const char *s, size_t len)
{
	if (len > 0 && s[len - 1] == '.')
		len--;
	for (int m = 0; m < 12; m++) {
		const char *name = month_names[m];
		size_t full = 0;
		while (name[full])
			full++;
		/* The full name, the three-letter abbreviation, or "Sept". */
		bool fits = len == full || len == 3 || (m == 8 && len == 4);
		if (fits && prefix_of_name(s, len, name))
			return m + 1;
	}
	return 0;
}

/* ---- parsing ---- */

typedef struct cursor {
	const char *p, *end;
} cursor;

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool skip_spaces(cursor *c)
{
	const char *start = c->p;
	while (c->p < c->end && is_space(*c->p))
		c->p++;
	return c->p > start;
}

static bool eat(cursor *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

/* A run of 1..max_digits digits not followed by another digit. */
static bool read_number(cursor *c, int max_digits, int *value, int *ndigits)
{
	int v = 0, n = 0;
	while (c->p < c->end && is_digit(*c->p)) {
		if (++n > max_digits)
			return false;
		v = v * 10 + (*c->p++ - '0');
	}
	*value = v;
	*ndigits = n;
	return n > 0;
}

/* A day of the month as written: one or two digits, maybe "st", "nd",
 * "rd" or "th". */
static bool read_day(cursor *c, int *day)
{
	int n;
	if (!read_number(c, 2, day, &n))
		return false;
	static const char *const suffixes[] = { "st", "nd", "rd", "th" };
	for (size_t i = 0; i < 4; i++) {
		if (c->end - c->p >= 2 && prefix_of_name(c->p, 2, suffixes[i])) {
			c->p += 2;
			break;
		}
	}
	return c->p == c->end || !is_alpha(*c->p);
}

/* A month name, maybe abbreviated and followed by '.'. */
static int read_month(cursor *c)
{
	const char *start = c->p;
	while (c->p < c->end && is_alpha(*c->p))
		c->p++;
	eat(c, '.');
	return date_month_from_name(start, (size_t)(c->p - start));
}

static bool year_from_digits(int value, int ndigits, int *year)
{
	if (ndigits == 4 && value >= 1000) {
		*year = value;
		return true;
	}
	if (ndigits == 2) {
		*year = value <= 69 ? 2000 + value : 1900 + value;
		return true;
	}
	return false;
}

static bool read_year(cursor *c, int *year)
{
	int value, n;
	return read_number(c, 4, &value, &n) && year_from_digits(value, n, year);
}

static bool at_end(cursor *c)
{
	skip_spaces(c);
	return c->p == c->end;
}

/* 2026-03-14, 2026/3/14, 03/14/2026, 3/14/26, 03-14-2026; with dots the
 * European way, day first: 14.03.2026. */
static bool parse_numeric(cursor c, int *y, int *m, int *d)
{
	int a, b, last, na, nb, nlast;
	if (!read_number(&c, 4, &a, &na))
		return false;
	char sep = c.p < c.end ? *c.p : '\0';
	if ((sep != '-' && sep != '/' && sep != '.') || !eat(&c, sep) || !read_number(&c, 2, &b, &nb) ||
	    !eat(&c, sep) || !read_number(&c, 4, &last, &nlast) || !at_end(&c))
		return false;
	if (na == 4) {
		*m = b;
		*d = last;
		return nlast <= 2 && year_from_digits(a, na, y);
	}
	if (na > 2)
		return false;
	*m = sep == '.' ? b : a;
	*d = sep == '.' ? a : b;
	return year_from_digits(last, nlast, y);
}

/* 14-Mar-2026, 14 March 2026, 14th March, 2026. */
static bool parse_day_month_year(cursor c, int *y, int *m, int *d)
{
	if (!read_day(&c, d))
		return false;
	bool dashed = eat(&c, '-');
	if (!dashed && !skip_spaces(&c))
		return false;
	if ((*m = read_month(&c)) == 0)
		return false;
	if (dashed) {
		if (!eat(&c, '-'))
			return false;
	} else {
		bool comma = eat(&c, ',');
		if (!skip_spaces(&c) && !comma)
			return false;
	}
	return read_year(&c, y) && at_end(&c);
}

/* March 14, 2026; March 14th 2026; Mar. 14, 2026. */
static bool parse_month_day_year(cursor c, int *y, int *m, int *d)
{
	if ((*m = read_month(&c)) == 0 || !skip_spaces(&c) || !read_day(&c, d))
		return false;
	bool spaced = skip_spaces(&c);
	bool comma = eat(&c, ',');
	skip_spaces(&c);
	if (!spaced && !comma)
		return false;
	return read_year(&c, y) && at_end(&c);
}

size_t date_without_time(const char *s, size_t len)
{
	size_t e = len;
	while (e > 0 && s[e - 1] == ' ')
		e--;
	size_t z = e; /* a zone: "ET", "UTC", "Z" */
	while (z > 0 && z + 4 > e && s[z - 1] >= 'A' && s[z - 1] <= 'Z')
		z--;
	if (z < e && (z == 0 || s[z - 1] == ' ' || (e - z == 1 && s[e - 1] == 'Z')))
		e = z;
	while (e > 0 && s[e - 1] == ' ')
		e--;
	if (e >= 2 && (s[e - 1] == 'M' || s[e - 1] == 'm') &&
	    (s[e - 2] == 'A' || s[e - 2] == 'P' || s[e - 2] == 'a' || s[e - 2] == 'p'))
		e -= 2; /* AM, PM */
	while (e > 0 && s[e - 1] == ' ')
		e--;
	size_t t = e;
	unsigned colons = 0, digits = 0;
	while (t > 0 && ((s[t - 1] >= '0' && s[t - 1] <= '9') || s[t - 1] == ':')) {
		colons += s[t - 1] == ':';
		digits += s[t - 1] != ':';
		t--;
	}
	if (colons < 1 || colons > 2 || digits < 3 || t == 0 || (s[t - 1] != ' ' && s[t - 1] != 'T'))
		return len;
	t--;
	while (t > 0 && s[t - 1] == ' ')
		t--;
	return t;
}

bool date_parse(const char *s, size_t len, int32_t *out)
{
	cursor c = { s, s + len };
	skip_spaces(&c);
	int y, m, d;
	if (parse_numeric(c, &y, &m, &d) || parse_day_month_year(c, &y, &m, &d) ||
	    parse_month_day_year(c, &y, &m, &d))
		return date_from_ymd(y, m, d, out);
	return false;
}

/* ---- formatting ---- */

/* printf's %0*d, without printf (dates are formatted for every trail
 * entry and reason): at least `width` characters, the sign counted. */
static size_t put_int(char *out, int v, int width)
{
	char digits[12];
	int n = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	size_t len = 0;
	if (v < 0) {
		out[len++] = '-';
		width--;
	}
	for (int i = n; i < width; i++)
		out[len++] = '0';
	while (n)
		out[len++] = digits[--n];
	return len;
}

size_t date_format_iso(int32_t days, char *buf)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	size_t n = put_int(buf, y, 4);
	buf[n++] = '-';
	n += put_int(buf + n, m, 2);
	buf[n++] = '-';
	n += put_int(buf + n, d, 2);
	buf[n] = '\0';
	return n;
}

size_t date_format_long(int32_t days, char *buf)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	size_t n = strlen(month_names[m - 1]);
	memcpy(buf, month_names[m - 1], n);
	buf[n++] = ' ';
	n += put_int(buf + n, d, 0);
	buf[n++] = ',';
	buf[n++] = ' ';
	n += put_int(buf + n, y, 0);
	buf[n] = '\0';
	return n;
}
