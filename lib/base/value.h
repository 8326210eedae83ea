/*
 * Typed values: what extraction, lookups and computations produce and what
 * conditions compare.
 *
 * Numbers of every kind are exact decimals (decimal.h): money in currency
 * units ("72400.00"), percentages as fractions (45% is 0.45, so a ratio of
 * 0.45 and 45% compare equal), ratios as plain decimals (1.25x is 1.25),
 * counts as integers. Dates are days since 1970-01-01 (date.h). Durations
 * keep their unit because "two years" is not a fixed number of days.
 *
 * A value may be missing (known == false) with a reason; comparisons over
 * missing values are unknown (three-valued logic, see exec).
 */
#ifndef POLICY_VALUE_H
#define POLICY_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/alloc.h"
#include "base/decimal.h"
#include "policy.h"

typedef enum duration_unit {
	UNIT_DAYS = 0,
	UNIT_WEEKS,
	UNIT_MONTHS,
	UNIT_YEARS
} duration_unit;

typedef struct value {
	policy_type type;
	bool known;
	uint8_t measure; /* a number's unit of measure (measure.h), or 0 */
	union {
		decimal num;   /* money, number, percent, ratio, count */
		int32_t date;
		struct {
			int64_t amount;
			duration_unit unit;
		} dur;
		bool boolean;
		struct {
			const char *s; /* NUL-terminated; owned by an arena */
			size_t len;
		} text;            /* text, enum */
	} u;
} value;

/* The longest text value_display writes for non-text values, with NUL. */
#define VALUE_DISPLAY_MAX 96

value value_missing(policy_type type);
value value_money(decimal d);
value value_number(decimal d);
value value_percent(decimal fraction);
value value_ratio(decimal d);
value value_count(int64_t n);
value value_date(int32_t days);
value value_duration(int64_t amount, duration_unit unit);
value value_bool(bool b);
value value_text(const char *s, size_t len); /* borrows s */

bool type_is_numeric(policy_type t); /* money, number, percent, ratio, count */

/* "money" -> POLICY_TYPE_MONEY; POLICY_TYPE_NONE if unknown. */
policy_type type_from_name(const char *name, size_t len);
/* "days" / "day" / "years" ... -> unit; false if not a unit word. */
bool duration_unit_from_word(const char *w, size_t len, duration_unit *out);
const char *duration_unit_name(duration_unit u, bool plural);

/* "an amount", "a date", ...: a type in a sentence. */
const char *type_noun(policy_type t);

/* "mph", "sq", "ft", "employees": units of measure that may follow a
 * number ("55 mph") without changing its value. */
bool is_measure_unit(const char *w, size_t len);

/* Small number words: "zero".."twenty", "thirty".."ninety", "hundred",
 * "a dozen"? no: only single words; returns -1 if `w` is not one. */
int64_t number_word(const char *w, size_t len);

/* Parse text as written on a form or in a fact into a value of `type`:
 *  money:    $72,400.00  72400  USD 1,000  $5M  1.25M  $2.5 million  72,400.00 dollars
 *            $10k  $1.2 billion  -$500  (1,000.00) is -1000.00. Scale words:
 *            k thousand m mm mn mil million b bn billion. Never rounded: the
 *            digits as written, but at least two places ("72400" is 72400.00).
 *  number:   680  1,234.5  -3  55 mph (a unit of measure is dropped);
 *            22 years (a unit of time makes it that duration)  three
 *  percent:  41.2%  41.2 percent  41.2 pct  -> 0.412. A bare number n means
 *            n%: "41.2" is 0.412 and "0.412" is 0.00412, never 41.2%.
 *  ratio:    1.18x  1.18  1.25:1  118%
 *  count:    3  1,200  three (a non-negative integer)
 *  date:     see date.h
 *  duration: 30 days  2 years  six months  a year  30-day  90 calendar days
 *  boolean:  yes no true false y n x checked unchecked (any case)
 *  text/enum: the trimmed text (copied into `a`).
 * Leading/trailing spaces and one trailing '.' or ',' are ignored. False if
 * the text is not a value of the type (empty text is none), or for text and
 * enum if `a` is NULL or out of memory; other types do not use `a`. */
bool value_parse(policy_type type, const char *s, size_t len, arena *a, value *out);

/* Parse the canonical form value_to_json writes (the string inside the
 * quotes for decimals, dates, durations and text): "72400.00", "0.45" (a
 * percent as a fraction), "2026-03-14", "30 days", text as is. Plans and
 * callback answers use it; form text goes through value_parse. */
bool value_parse_canonical(policy_type type, const char *s, size_t len, arena *a, value *out);

/* Parse a policy quantity with its own type: "$50,000" (money), "45%"
 * (percent), "1.25x" (ratio), "March 1, 2026" (date), "30 days"
 * (duration), "680" (number). The text must say its type: money needs a
 * currency mark ("5M" is not money), a ratio its 'x' ("1.18" is a number);
 * number words are numbers ("three"). False if `s` is none of these. */
bool value_parse_literal(const char *s, size_t len, value *out);

/* How people read it: "$72,400.00", "45%", "1.25x", "March 14, 2026",
 * "30 days", "yes", "680", the text itself. "(missing)" when missing.
 * Money is rounded half-even to cents and grouped; other numbers are
 * ungrouped with trailing zeros trimmed (0.4105 percent is "41.05%").
 * Returns a pointer to buf (truncated to cap), or to the text for text
 * values. */
const char *value_display(const value *v, char *buf, size_t cap);

/* Canonical JSON scalar: decimals as strings ("72400.00", "0.45"), dates
 * "2026-03-14", durations "30 days", counts as numbers, booleans, text as
 * a string, null when missing. Exact, unlike value_display: money has at
 * least two places but keeps any others ("1.005"); other decimals have
 * trailing zeros trimmed. */
void value_to_json(buf *b, const value *v);

/* Exact comparison of two known values of comparable types (numeric with
 * numeric, date with date, ...): -1, 0, 1; returns false if the types do
 * not compare or either value is missing. Durations compare when their
 * units convert exactly (weeks with days, years with months); 30 days and
 * 1 month do not compare. false < true. Text and enum compare with each
 * other case-insensitively (ASCII folding) after trimming. */
bool value_cmp(const value *a, const value *b, int *out);
/* value_cmp gives 0; false when missing or incomparable. */
bool value_equal(const value *a, const value *b);

#endif
