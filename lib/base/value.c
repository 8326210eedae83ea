/*
 * Typed values (see value.h): parsing what forms and policies write,
 * displaying values to people, writing them as JSON, comparing them.
 *
 * Parsing is typed: the caller knows the field is money, so "$5M" and
 * "5 million dollars" both mean 5000000.00, and a bare "41.2" in a percent
 * field means 41.2%. Each type has one small parser over a cursor (a
 * `scan`) that must consume the whole string; the shared pieces (a number,
 * a word, a currency mark, a scale word like "million") are helpers so a
 * new spelling is added in one place. Before any of that, surrounding
 * spaces and one trailing '.' or ',' are dropped: extractors hand us text
 * cut out of sentences ("... was $72,400.00.").
 *
 * Literals in policies (value_parse_literal) have no declared type, so the
 * text has to say what it is: a currency mark makes money, '%' or
 * "percent" a percentage, a trailing 'x' a ratio, a unit a duration, a
 * calendar form a date, and anything else that is a number a number.
 *
 * Numbers are exact decimals throughout. A percentage is stored as a
 * fraction (45% is 0.45); dividing by 100 just moves the point, so it is
 * exact unless the text had more than 16 fraction digits. Money keeps the
 * digits it was written with but at least two ("72400" is 72400.00).
 *
 * Display is for people and rounds money to cents; JSON is for machines
 * and is exact ("13500.0000" money is written "13500.00", but "1.005"
 * stays "1.005"). Strings go through json_escape, so a value in a trail is
 * escaped exactly like everything around it.
 *
 * Comparisons are exact and only between types that mean the same kind of
 * thing: any numeric with any numeric (a percent is a fraction, so 45%
 * equals a ratio of 0.45), dates with dates, durations with durations when
 * their units convert exactly (weeks to days, years to months), booleans
 * with booleans, text and enums with each other, ignoring ASCII case and
 * surrounding spaces.
 */
#include "base/value.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/json.h"
#include "base/measure.h"

/* ---- constructors ---- */

/* The type's name as plans and trails write it; NULL for none. */
const char *policy_type_name(policy_type type)
{
	static const char *const names[] = {
		[POLICY_TYPE_NONE] = NULL, [POLICY_TYPE_MONEY] = "money",
		[POLICY_TYPE_NUMBER] = "number", [POLICY_TYPE_PERCENT] = "percent",
		[POLICY_TYPE_RATIO] = "ratio", [POLICY_TYPE_COUNT] = "count",
		[POLICY_TYPE_DATE] = "date", [POLICY_TYPE_DURATION] = "duration",
		[POLICY_TYPE_BOOLEAN] = "boolean", [POLICY_TYPE_TEXT] = "text",
		[POLICY_TYPE_ENUM] = "enum",
	};
	return (unsigned)type < sizeof names / sizeof names[0] ? names[type] : NULL;
}

value value_missing(policy_type type)
{
	value v;
	memset(&v, 0, sizeof v);
	v.type = type;
	v.known = false;
	return v;
}

static value known_value(policy_type type)
{
	value v = value_missing(type);
	v.known = true;
	return v;
}

static value numeric_value(policy_type type, decimal d)
{
	value v = known_value(type);
	v.u.num = d;
	return v;
}

value value_money(decimal d) { return numeric_value(POLICY_TYPE_MONEY, d); }
value value_number(decimal d) { return numeric_value(POLICY_TYPE_NUMBER, d); }
value value_percent(decimal fraction) { return numeric_value(POLICY_TYPE_PERCENT, fraction); }
value value_ratio(decimal d) { return numeric_value(POLICY_TYPE_RATIO, d); }
value value_count(int64_t n) { return numeric_value(POLICY_TYPE_COUNT, decimal_from_int(n)); }

value value_date(int32_t days)
{
	value v = known_value(POLICY_TYPE_DATE);
	v.u.date = days;
	return v;
}

value value_duration(int64_t amount, duration_unit unit)
{
	value v = known_value(POLICY_TYPE_DURATION);
	v.u.dur.amount = amount;
	v.u.dur.unit = unit;
	return v;
}

value value_bool(bool b)
{
	value v = known_value(POLICY_TYPE_BOOLEAN);
	v.u.boolean = b;
	return v;
}

value value_text(const char *s, size_t len)
{
	value v = known_value(POLICY_TYPE_TEXT);
	v.u.text.s = s;
	v.u.text.len = len;
	return v;
}

bool type_is_numeric(policy_type t)
{
	return t == POLICY_TYPE_MONEY || t == POLICY_TYPE_NUMBER || t == POLICY_TYPE_PERCENT ||
	       t == POLICY_TYPE_RATIO || t == POLICY_TYPE_COUNT;
}

/* ---- ASCII helpers ---- */

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	c = ascii_lower(c);
	return c >= 'a' && c <= 'z';
}

/* s[0..len) equals the NUL-terminated lowercase `word`, ignoring case. */
static bool word_is(const char *s, size_t len, const char *word)
{
	size_t i = 0;
	for (; i < len; i++)
		if (word[i] == '\0' || ascii_lower(s[i]) != word[i])
			return false;
	return word[i] == '\0';
}

static void trim_spaces(const char **s, size_t *len)
{
	while (*len > 0 && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*s)[*len - 1]))
		(*len)--;
}

/* Spaces, then one trailing '.' or ',' (end of a sentence or list item),
 * then spaces again. */
static void trim_value_text(const char **s, size_t *len)
{
	trim_spaces(s, len);
	if (*len > 0 && ((*s)[*len - 1] == '.' || (*s)[*len - 1] == ','))
		(*len)--;
	trim_spaces(s, len);
}

/* ---- names and words ---- */

static const char *const type_names[] = {
	[POLICY_TYPE_MONEY] = "money",       [POLICY_TYPE_NUMBER] = "number",
	[POLICY_TYPE_PERCENT] = "percent",   [POLICY_TYPE_RATIO] = "ratio",
	[POLICY_TYPE_COUNT] = "count",       [POLICY_TYPE_DATE] = "date",
	[POLICY_TYPE_DURATION] = "duration", [POLICY_TYPE_BOOLEAN] = "boolean",
	[POLICY_TYPE_TEXT] = "text",         [POLICY_TYPE_ENUM] = "enum",
};

policy_type type_from_name(const char *name, size_t len)
{
	for (size_t t = 1; t < sizeof type_names / sizeof type_names[0]; t++)
		if (type_names[t] && word_is(name, len, type_names[t]))
			return (policy_type)t;
	return POLICY_TYPE_NONE;
}

static const struct {
	const char *word;
	duration_unit unit;
} unit_words[] = {
	{ "day", UNIT_DAYS },     { "days", UNIT_DAYS },
	{ "week", UNIT_WEEKS },   { "weeks", UNIT_WEEKS },   { "wk", UNIT_WEEKS },
	{ "wks", UNIT_WEEKS },    { "month", UNIT_MONTHS },  { "months", UNIT_MONTHS },
	{ "mo", UNIT_MONTHS },    { "mos", UNIT_MONTHS },    { "year", UNIT_YEARS },
	{ "years", UNIT_YEARS },  { "yr", UNIT_YEARS },      { "yrs", UNIT_YEARS },
};

bool duration_unit_from_word(const char *w, size_t len, duration_unit *out)
{
	for (size_t i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++) {
		if (word_is(w, len, unit_words[i].word)) {
			*out = unit_words[i].unit;
			return true;
		}
	}
	return false;
}

const char *duration_unit_name(duration_unit u, bool plural)
{
	switch (u) {
	case UNIT_DAYS: return plural ? "days" : "day";
	case UNIT_WEEKS: return plural ? "weeks" : "week";
	case UNIT_MONTHS: return plural ? "months" : "month";
	case UNIT_YEARS: return plural ? "years" : "year";
	}
	return plural ? "days" : "day";
}

static const struct {
	const char *word;
	int64_t n;
} number_words[] = {
	{ "zero", 0 },      { "one", 1 },        { "two", 2 },       { "three", 3 },
	{ "four", 4 },      { "five", 5 },       { "six", 6 },       { "seven", 7 },
	{ "eight", 8 },     { "nine", 9 },       { "ten", 10 },      { "eleven", 11 },
	{ "twelve", 12 },   { "thirteen", 13 },  { "fourteen", 14 }, { "fifteen", 15 },
	{ "sixteen", 16 },  { "seventeen", 17 }, { "eighteen", 18 }, { "nineteen", 19 },
	{ "twenty", 20 },   { "thirty", 30 },    { "forty", 40 },    { "fifty", 50 },
	{ "sixty", 60 },    { "seventy", 70 },   { "eighty", 80 },   { "ninety", 90 },
	{ "hundred", 100 },
};

int64_t number_word(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof number_words / sizeof number_words[0]; i++)
		if (word_is(w, len, number_words[i].word))
			return number_words[i].n;
	return -1;
}

/* ---- the scanner ---- */

typedef struct scan {
	const char *p, *end;
} scan;

static void scan_spaces(scan *c)
{
	while (c->p < c->end && is_space(*c->p))
		c->p++;
}

static bool scan_done(scan *c)
{
	scan_spaces(c);
	return c->p == c->end;
}

static bool scan_char(scan *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

/* A run of letters, whatever it says. */
static bool scan_letters(scan *c, const char **w, size_t *len)
{
	const char *start = c->p;
	while (c->p < c->end && is_alpha(*c->p))
		c->p++;
	*w = start;
	*len = (size_t)(c->p - start);
	return *len > 0;
}

/* The whole run of letters at the cursor is `word` (lowercase); on a
 * mismatch the cursor does not move. */
static bool scan_word(scan *c, const char *word)
{
	scan saved = *c;
	const char *w;
	size_t len;
	if (scan_letters(c, &w, &len) && word_is(w, len, word))
		return true;
	*c = saved;
	return false;
}

/* A plain decimal as decimal_parse reads it; with allow_sign a leading '-'
 * or '+'. */
static bool scan_decimal(scan *c, bool allow_sign, decimal *out)
{
	const char *start = c->p;
	if (allow_sign && c->p < c->end && (*c->p == '-' || *c->p == '+'))
		c->p++;
	while (c->p < c->end && (is_digit(*c->p) || *c->p == ',' || *c->p == '.'))
		c->p++;
	return decimal_parse(start, (size_t)(c->p - start), out);
}

/* A non-negative whole number: digits ("1,200") or a number word. */
static bool scan_whole(scan *c, int64_t *out)
{
	scan saved = *c;
	decimal d;
	if (scan_decimal(c, false, &d))
		return decimal_to_int64(d, out);
	*c = saved;
	const char *w;
	size_t len;
	if (scan_letters(c, &w, &len) && (*out = number_word(w, len)) >= 0)
		return true;
	*c = saved;
	return false;
}

/* ---- numbers with marks ---- */

/* n% as a fraction: moving the point two places is exact while the scale
 * allows; beyond that, round half-even at DECIMAL_MAX_SCALE. */
static bool percent_to_fraction(decimal n, decimal *out)
{
	if (n.scale + 2 <= DECIMAL_MAX_SCALE) {
		out->coef = n.coef;
		out->scale = n.scale + 2;
		return true;
	}
	return decimal_div(n, decimal_from_int(100), DECIMAL_MAX_SCALE, out);
}

/* '%', "percent", "per cent" or "pct" after a number. */
static bool scan_percent_mark(scan *c)
{
	scan_spaces(c);
	if (scan_char(c, '%') || scan_word(c, "percent") || scan_word(c, "pct"))
		return true;
	scan saved = *c;
	if (scan_word(c, "per")) {
		scan_spaces(c);
		if (scan_word(c, "cent"))
			return true;
	}
	*c = saved;
	return false;
}

/* 'x' or ":1" after a ratio ("1.25x", "1.25:1"). */
static bool scan_ratio_mark(scan *c)
{
	scan_spaces(c);
	if (scan_word(c, "x"))
		return true;
	scan saved = *c;
	if (scan_char(c, ':')) {
		scan_spaces(c);
		if (scan_char(c, '1') && (c->p == c->end || !is_digit(*c->p)))
			return true;
	}
	*c = saved;
	return false;
}

/* "$", "US$" or "USD" before an amount. */
static bool scan_currency_prefix(scan *c)
{
	if (scan_char(c, '$'))
		return true;
	scan saved = *c;
	if (scan_word(c, "us") && scan_char(c, '$'))
		return true;
	*c = saved;
	return scan_word(c, "usd");
}

/* "dollars" or "USD" after an amount. */
static bool scan_currency_suffix(scan *c)
{
	scan_spaces(c);
	return scan_word(c, "dollars") || scan_word(c, "dollar") || scan_word(c, "usd");
}

static const struct {
	const char *word;
	int exponent;
} scale_words[] = {
	{ "k", 3 },        { "thousand", 3 }, { "m", 6 },  { "mm", 6 },       { "mn", 6 },
	{ "mil", 6 },      { "million", 6 },  { "b", 9 },  { "bn", 9 },       { "billion", 9 },
};

/* An optional "k", "M", "million", "bn", ... multiplying `amount`; false
 * only if the product overflows. "$1.234567 million" is 1234567, not
 * 1234567.000000: the point moves, it does not gain digits. */
static bool scan_scale_word(scan *c, decimal *amount)
{
	scan saved = *c;
	scan_spaces(c);
	for (size_t i = 0; i < sizeof scale_words / sizeof scale_words[0]; i++) {
		if (scan_word(c, scale_words[i].word)) {
			int64_t factor = 1;
			for (int e = 0; e < scale_words[i].exponent; e++)
				factor *= 10;
			if (!decimal_mul(*amount, decimal_from_int(factor), amount))
				return false;
			*amount = decimal_normalize(*amount);
			return true;
		}
	}
	*c = saved;
	return true;
}

/* ---- one parser per type ---- */

/* $72,400.00  72400  USD 1,000  $5M  $2.5 million  72,400.00 dollars
 * -$500  $-500  (1,000.00). With need_currency (policy literals) a
 * currency mark is required. */
/* "/hr", "per month": an amount's unit of time, which the field's name
 * already says ("hourly rate: $22.00/hr"). */
static void scan_rate_unit(scan *c)
{
	static const char *const units[] = { "h", "hr", "hrs", "hour", "day", "wk", "week", "mo",
	                                     "month", "yr", "year", "annum" };
	scan at = *c;
	scan_spaces(c);
	if (!scan_char(c, '/') && !scan_word(c, "per")) {
		*c = at;
		return;
	}
	scan_spaces(c);
	const char *w;
	size_t len;
	if (scan_letters(c, &w, &len))
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
			if (word_is(w, len, units[i]))
				return;
	*c = at;
}

static bool parse_money(scan c, bool need_currency, decimal *out)
{
	bool parenthesized = scan_char(&c, '(');
	scan_spaces(&c);
	bool negative = scan_char(&c, '-');
	scan_spaces(&c);
	bool currency = scan_currency_prefix(&c);
	scan_spaces(&c);
	if (!negative)
		negative = scan_char(&c, '-');
	decimal d;
	if (!scan_decimal(&c, false, &d) || !scan_scale_word(&c, &d))
		return false;
	if (scan_currency_suffix(&c))
		currency = true;
	scan_rate_unit(&c);
	scan_spaces(&c);
	if (parenthesized && (negative || !scan_char(&c, ')')))
		return false;
	if (!scan_done(&c) || (need_currency && !currency))
		return false;
	if (negative || parenthesized)
		d = decimal_neg(d);
	*out = d.scale < 2 ? decimal_rescale(d, 2) : d;
	return true;
}

/* 41.2%  41.2 percent  -5 pct; a bare number n means n% unless need_mark. */
static bool parse_percent(scan c, bool need_mark, decimal *out)
{
	decimal n;
	if (!scan_decimal(&c, true, &n))
		return false;
	bool marked = scan_percent_mark(&c);
	if (!scan_done(&c) || (need_mark && !marked))
		return false;
	return percent_to_fraction(n, out);
}

/* 1.18x  1.25:1  1.18  118%; need_mark (policy literals) requires the x. */
static bool parse_ratio(scan c, bool need_mark, decimal *out)
{
	decimal n;
	if (!scan_decimal(&c, true, &n))
		return false;
	scan at_mark = c;
	if (!need_mark && scan_percent_mark(&c) && scan_done(&c))
		return percent_to_fraction(n, out);
	c = at_mark;
	bool marked = scan_ratio_mark(&c);
	if (!scan_done(&c) || (need_mark && !marked))
		return false;
	*out = n;
	return true;
}

/* 680  1,234.5  -3  three */
/* Units of measure that may follow a number without changing what it is:
 * "55 mph", "1,200 sq ft", "12 employees". The number is the value. */
static const char *const measure_units[] = {
	"ac", "acre", "acres", "basis", "bbl", "bed", "bedroom", "bedrooms", "beds", "bps", "bu",
	"bushel", "bushels", "cm", "credit", "credits", "cu", "cubic", "cwt", "employee", "employees",
	"feet", "foot", "ft", "gal", "gallon", "gallons", "head", "hour", "hours", "hrs", "inch",
	"inches", "items", "kg", "kilogram", "kilograms", "kilometer", "kilometers", "km", "kph",
	"kwh", "lb", "lbs", "liter", "liters", "meter", "meters", "mi", "mile", "miles", "mins",
	"minute", "minutes", "mph", "mt", "old", "oz", "pcs", "people", "percentile", "person",
	"persons", "pieces", "point", "points", "pound", "pounds", "pts", "room", "rooms", "seat",
	"seats", "second", "seconds", "sf", "sq", "sqft", "square", "star", "stars", "stories",
	"story", "ton", "tonnes", "tons", "unit", "units", "vehicle", "vehicles", "visit", "visits",
	"yard", "yards",
};

bool is_measure_unit(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof measure_units / sizeof measure_units[0]; i++)
		if (word_is(w, len, measure_units[i]))
			return true;
	return false;
}

/* Skip unit words ("sq ft", "basis points") at the end of a number; the
 * unit of measure they name, if any, in *measure. */
static void skip_units(scan *c, uint8_t *measure)
{
	measure_unit u = MEASURE_NONE;
	for (;;) {
		scan_spaces(c);
		scan at = *c;
		const char *w;
		size_t len;
		if (!scan_letters(c, &w, &len) || !is_measure_unit(w, len)) {
			*c = at;
			*measure = (uint8_t)measure_settled(u);
			return;
		}
		u = measure_step(u, w, len);
	}
}

static bool parse_number(scan c, decimal *out, uint8_t *measure)
{
	scan saved = c;
	*measure = MEASURE_NONE;
	if (scan_decimal(&c, true, out) && (skip_units(&c, measure), scan_done(&c)))
		return true;
	c = saved;
	decimal of;
	if (scan_decimal(&c, true, out)) {
		/* "80 / 100", "4 out of 5": a score out of its maximum */
		scan_spaces(&c);
		bool slash = scan_char(&c, '/');
		if (!slash && scan_word(&c, "out")) {
			scan_spaces(&c);
			slash = scan_word(&c, "of");
		}
		scan_spaces(&c);
		if (slash && scan_decimal(&c, true, &of) && scan_done(&c) &&
		    decimal_cmp(*out, of) <= 0 && !decimal_is_zero(of))
			return true;
	}
	c = saved;
	int64_t n;
	if (scan_whole(&c, &n) && (skip_units(&c, measure), scan_done(&c))) {
		*out = decimal_from_int(n);
		return true;
	}
	return false;
}

/* 3  1,200  three */
static bool parse_count(scan c, int64_t *out)
{
	return scan_whole(&c, out) && scan_done(&c);
}

/* 30 days  2 years  six months  a year  30-day  90 calendar days */
static bool parse_duration(scan c, int64_t *amount, duration_unit *unit)
{
	scan saved = c;
	if (!(scan_word(&c, "a") || scan_word(&c, "an"))) {
		c = saved;
		if (!scan_whole(&c, amount))
			return false;
	} else {
		*amount = 1;
	}
	scan_spaces(&c);
	if (scan_char(&c, '-'))
		scan_spaces(&c);
	if (scan_word(&c, "calendar"))
		scan_spaces(&c);
	const char *w;
	size_t len;
	return scan_letters(&c, &w, &len) && duration_unit_from_word(w, len, unit) &&
	       scan_done(&c);
}

static const struct {
	const char *word;
	bool truth;
} boolean_words[] = {
	{ "yes", true },      { "no", false },       { "true", true },
	{ "false", false },   { "y", true },         { "n", false },
	{ "x", true },        { "checked", true },   { "unchecked", false },
};

static bool parse_boolean(const char *s, size_t len, bool *out)
{
	for (size_t i = 0; i < sizeof boolean_words / sizeof boolean_words[0]; i++) {
		if (word_is(s, len, boolean_words[i].word)) {
			*out = boolean_words[i].truth;
			return true;
		}
	}
	return false;
}

static bool parse_text(policy_type type, const char *s, size_t len, arena *a, value *out)
{
	if (len == 0 || !a)
		return false;
	char *copy = arena_strndup(a, s, len);
	if (!copy)
		return false;
	*out = value_text(copy, len);
	out->type = type;
	return true;
}

static bool parse_one(policy_type type, const char *s, size_t len, arena *a, value *out);

/* "655 (VantageScore 3.0)", "$1,200.00 (estimated)": a number with a note
 * after it in parentheses is the number; the note is tried without only
 * when the whole does not parse. */
bool value_parse(policy_type type, const char *s, size_t len, arena *a, value *out)
{
	if (!s)
		return false;
	if (parse_one(type, s, len, a, out))
		return true;
	if (type == POLICY_TYPE_TEXT || type == POLICY_TYPE_ENUM || len < 4 || s[len - 1] != ')')
		return false;
	size_t open = len - 1;
	while (open > 0 && s[open] != '(')
		open--;
	if (open < 2 || s[open - 1] != ' ')
		return false;
	return parse_one(type, s, open - 1, a, out);
}

static bool parse_one(policy_type type, const char *s, size_t len, arena *a, value *out)
{
	trim_value_text(&s, &len);
	if (len == 0)
		return false;
	scan c = { s, s + len };
	decimal d;
	int64_t n;
	int32_t days;
	duration_unit unit;
	uint8_t measure;
	bool b;
	switch (type) {
	case POLICY_TYPE_MONEY:
		if (!parse_money(c, false, &d))
			return false;
		*out = value_money(d);
		return true;
	case POLICY_TYPE_NUMBER:
		if (!parse_number(c, &d, &measure) && parse_percent(c, true, &d)) {
			/* "Cov. Level: 75%": a share the policy multiplies by */
			*out = value_percent(d);
			return true;
		}
		if (!parse_number(c, &d, &measure)) {
			/* "Roof Age: 22 years": a number of a unit of time is that
			 * duration, so it compares with "20 years" in its own unit */
			if (!parse_duration(c, &n, &unit))
				return false;
			*out = value_duration(n, unit);
			return true;
		}
		*out = value_number(d);
		out->measure = measure;
		return true;
	case POLICY_TYPE_PERCENT:
		if (!parse_percent(c, false, &d))
			return false;
		*out = value_percent(d);
		return true;
	case POLICY_TYPE_RATIO:
		if (!parse_ratio(c, false, &d))
			return false;
		*out = value_ratio(d);
		return true;
	case POLICY_TYPE_COUNT:
		if (!parse_count(c, &n))
			return false;
		*out = value_count(n);
		return true;
	case POLICY_TYPE_DATE:
		if (!date_parse(s, len, &days) && !date_parse(s, date_without_time(s, len), &days))
			return false;
		*out = value_date(days);
		return true;
	case POLICY_TYPE_DURATION:
		if (!parse_duration(c, &n, &unit))
			return false;
		*out = value_duration(n, unit);
		return true;
	case POLICY_TYPE_BOOLEAN:
		if (!parse_boolean(s, len, &b))
			return false;
		*out = value_bool(b);
		return true;
	case POLICY_TYPE_TEXT:
	case POLICY_TYPE_ENUM:
		return parse_text(type, s, len, a, out);
	case POLICY_TYPE_NONE:
		break;
	}
	return false;
}

static bool iso_digits(const char *s)
{
	static const int at[8] = { 0, 1, 2, 3, 5, 6, 8, 9 };
	for (int i = 0; i < 8; i++)
		if (s[at[i]] < '0' || s[at[i]] > '9')
			return false;
	return true;
}

/* "0.2 mi": a number in a unit of measure, as value_to_json writes it. */
static bool canonical_measure(const char *s, size_t len, value *out)
{
	const char *space = memchr(s, ' ', len);
	decimal d;
	if (!space || !decimal_parse(s, (size_t)(space - s), &d) || memchr(s, ',', len))
		return false;
	measure_unit u = measure_from_name(space + 1, len - (size_t)(space - s) - 1);
	if (u == MEASURE_NONE)
		return false;
	*out = value_number(d);
	out->measure = (uint8_t)u;
	return true;
}

bool value_parse_canonical(policy_type type, const char *s, size_t len, arena *a, value *out)
{
	if (!s)
		return false;
	decimal d;
	int32_t days;
	scan c = { s, s + len };
	int64_t n;
	duration_unit unit;
	switch (type) {
	case POLICY_TYPE_NUMBER:
		if (canonical_measure(s, len, out))
			return true;
		/* fall through */
	case POLICY_TYPE_MONEY:
	case POLICY_TYPE_PERCENT:
	case POLICY_TYPE_RATIO:
		if (!decimal_parse(s, len, &d) || memchr(s, ',', len))
			return false;
		*out = numeric_value(type, d);
		return true;
	case POLICY_TYPE_COUNT:
		if (!decimal_parse(s, len, &d) || !decimal_to_int64(d, &n) || n < 0)
			return false;
		*out = value_count(n);
		return true;
	case POLICY_TYPE_DATE:
		if (len != 10 || s[4] != '-' || s[7] != '-')
			return false;
		if (iso_digits(s)) {
			/* what date_parse makes of YYYY-MM-DD, without its search */
			int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
			if (y < 1000 || !date_from_ymd(y, (s[5] - '0') * 10 + (s[6] - '0'),
			                               (s[8] - '0') * 10 + (s[9] - '0'), &days))
				return false;
		} else if (!date_parse(s, len, &days)) {
			return false;
		}
		*out = value_date(days);
		return true;
	case POLICY_TYPE_DURATION:
		if (!parse_duration(c, &n, &unit))
			return false;
		*out = value_duration(n, unit);
		return true;
	case POLICY_TYPE_BOOLEAN:
		if (len == 4 && !memcmp(s, "true", 4))
			*out = value_bool(true);
		else if (len == 5 && !memcmp(s, "false", 5))
			*out = value_bool(false);
		else
			return false;
		return true;
	case POLICY_TYPE_TEXT:
	case POLICY_TYPE_ENUM:
		return parse_text(type, s, len, a, out);
	case POLICY_TYPE_NONE:
		break;
	}
	return false;
}

bool value_parse_literal(const char *s, size_t len, value *out)
{
	if (!s)
		return false;
	trim_value_text(&s, &len);
	if (len == 0)
		return false;
	scan c = { s, s + len };
	decimal d;
	int64_t n;
	int32_t days;
	duration_unit unit;
	uint8_t measure;
	if (parse_money(c, true, &d))
		*out = value_money(d);
	else if (parse_percent(c, true, &d))
		*out = value_percent(d);
	else if (parse_ratio(c, true, &d))
		*out = value_ratio(d);
	else if (parse_duration(c, &n, &unit))
		*out = value_duration(n, unit);
	else if (date_parse(s, len, &days))
		*out = value_date(days);
	else if (parse_number(c, &d, &measure)) {
		*out = value_number(d);
		out->measure = measure;
	}
	else
		return false;
	return true;
}

/* ---- display ---- */

/* Numbers and counts are formatted straight into the display buffer. */
_Static_assert(VALUE_DISPLAY_MAX >= DECIMAL_FORMAT_MAX, "display buffer holds any decimal");

/* Display text is put together by hand rather than with snprintf: values
 * are displayed in every trail entry and reason. `out` holds
 * VALUE_DISPLAY_MAX bytes; these write at most a formatted decimal
 * (DECIMAL_FORMAT_MAX with its NUL) plus a few characters. */
_Static_assert(VALUE_DISPLAY_MAX >= DECIMAL_FORMAT_MAX + 4, "room for a unit after a decimal");

/* "$72,400.00", "-$5.00": rounded to cents, grouped. */
static void display_money(decimal d, char *out)
{
	char digits[DECIMAL_FORMAT_MAX];
	size_t n = decimal_format_grouped(decimal_round(d, 2), 2, digits);
	bool negative = digits[0] == '-';
	size_t at = 0;
	if (negative)
		out[at++] = '-';
	out[at++] = '$';
	memcpy(out + at, digits + negative, n - negative + 1);
}

/* The fraction as a percentage, "41.05%": the point moves two places,
 * which never overflows (a scale below 2 just gains zeros in the text). */
static void display_percent(decimal f, char *out)
{
	size_t n;
	if (f.scale >= 2) {
		decimal p = { f.coef, f.scale - 2 };
		n = decimal_format(p, 0, out);
	} else {
		decimal whole = { f.coef, 0 };
		n = decimal_format(whole, 0, out);
		const char *zeros = f.coef == 0 ? "" : f.scale == 1 ? "0" : "00";
		while (*zeros)
			out[n++] = *zeros++;
	}
	out[n++] = '%';
	out[n] = '\0';
}

static void display_known(const value *v, char *out)
{
	switch (v->type) {
	case POLICY_TYPE_MONEY:
		display_money(v->u.num, out);
		return;
	case POLICY_TYPE_PERCENT:
		display_percent(v->u.num, out);
		return;
	case POLICY_TYPE_RATIO: {
		size_t n = decimal_format(v->u.num, 0, out);
		out[n++] = 'x';
		out[n] = '\0';
		return;
	}
	case POLICY_TYPE_NUMBER:
	case POLICY_TYPE_COUNT: {
		size_t n = decimal_format(v->u.num, 0, out);
		const char *unit = measure_name(v->measure); /* at most 10 bytes */
		if (unit)
			snprintf(out + n, VALUE_DISPLAY_MAX - n, " %s", unit);
		return;
	}
	case POLICY_TYPE_DATE:
		date_format_long(v->u.date, out);
		return;
	case POLICY_TYPE_DURATION: {
		int64_t n = v->u.dur.amount;
		snprintf(out, VALUE_DISPLAY_MAX, "%" PRId64 " %s", n,
		         duration_unit_name(v->u.dur.unit, n != 1 && n != -1));
		return;
	}
	case POLICY_TYPE_BOOLEAN:
		strcpy(out, v->u.boolean ? "yes" : "no");
		return;
	case POLICY_TYPE_TEXT:
	case POLICY_TYPE_ENUM:
	case POLICY_TYPE_NONE:
		break;
	}
	out[0] = '\0';
}

const char *value_display(const value *v, char *buf, size_t cap)
{
	if (v->known && (v->type == POLICY_TYPE_TEXT || v->type == POLICY_TYPE_ENUM))
		return v->u.text.s ? v->u.text.s : "";
	if (!buf || cap == 0)
		return "";
	/* Render at full size, then copy what fits: callers with small buffers
	 * get a truncated string, never an overrun. */
	if (cap >= VALUE_DISPLAY_MAX) {
		if (v->known)
			display_known(v, buf);
		else
			strcpy(buf, "(missing)");
		return buf;
	}
	char full[VALUE_DISPLAY_MAX];
	if (v->known)
		display_known(v, full);
	else
		strcpy(full, "(missing)");
	size_t n = strlen(full);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, full, n);
	buf[n] = '\0';
	return buf;
}

/* ---- JSON ---- */

static void json_decimal(buf *b, decimal d, int min_scale)
{
	char digits[DECIMAL_FORMAT_MAX];
	size_t n = decimal_format(d, min_scale, digits);
	json_escape(b, digits, n);
}

void value_to_json(buf *b, const value *v)
{
	if (!v->known) {
		buf_puts(b, "null");
		return;
	}
	char text[VALUE_DISPLAY_MAX];
	int64_t n;
	switch (v->type) {
	case POLICY_TYPE_MONEY:
		json_decimal(b, v->u.num, 2);
		return;
	case POLICY_TYPE_NUMBER:
		if (v->measure) { /* "0.2 mi": the unit is part of the value */
			display_known(v, text);
			json_escape(b, text, strlen(text));
			return;
		}
		json_decimal(b, v->u.num, 0);
		return;
	case POLICY_TYPE_PERCENT:
	case POLICY_TYPE_RATIO:
		json_decimal(b, v->u.num, 0);
		return;
	case POLICY_TYPE_COUNT:
		if (decimal_to_int64(v->u.num, &n))
			buf_put_int(b, n);
		else
			json_decimal(b, v->u.num, 0);
		return;
	case POLICY_TYPE_DATE: {
		size_t len = date_format_iso(v->u.date, text);
		json_escape(b, text, len);
		return;
	}
	case POLICY_TYPE_DURATION:
		display_known(v, text);
		json_escape(b, text, strlen(text));
		return;
	case POLICY_TYPE_BOOLEAN:
		buf_puts(b, v->u.boolean ? "true" : "false");
		return;
	case POLICY_TYPE_TEXT:
	case POLICY_TYPE_ENUM:
		json_escape(b, v->u.text.s, v->u.text.len); /* NULL writes "" */
		return;
	case POLICY_TYPE_NONE:
		break;
	}
	buf_puts(b, "null");
}

/* ---- comparison ---- */

static int cmp_int128(__int128 a, __int128 b)
{
	return (a > b) - (a < b);
}

/* Days and weeks compare as days, months and years as months; a day count
 * and a month count do not compare (a month is not a fixed number of
 * days). */
static bool cmp_durations(const value *a, const value *b, int *out)
{
	bool a_days = a->u.dur.unit == UNIT_DAYS || a->u.dur.unit == UNIT_WEEKS;
	bool b_days = b->u.dur.unit == UNIT_DAYS || b->u.dur.unit == UNIT_WEEKS;
	if (a_days != b_days)
		return false;
	/* 128-bit products: an int64 amount times 7 or 12 cannot overflow. */
	__int128 x = (__int128)a->u.dur.amount * (a->u.dur.unit == UNIT_WEEKS ? 7 :
	                                          a->u.dur.unit == UNIT_YEARS ? 12 : 1);
	__int128 y = (__int128)b->u.dur.amount * (b->u.dur.unit == UNIT_WEEKS ? 7 :
	                                          b->u.dur.unit == UNIT_YEARS ? 12 : 1);
	*out = cmp_int128(x, y);
	return true;
}

/* "the United States" names what "United States" does. */
static void skip_the(const char **s, size_t *len)
{
	if (*len > 4 && ascii_lower((*s)[0]) == 't' && ascii_lower((*s)[1]) == 'h' &&
	    ascii_lower((*s)[2]) == 'e' && (*s)[3] == ' ') {
		*s += 4;
		*len -= 4;
		trim_spaces(s, len);
	}
}

static int cmp_text(const char *a, size_t alen, const char *b, size_t blen)
{
	trim_spaces(&a, &alen);
	trim_spaces(&b, &blen);
	skip_the(&a, &alen);
	skip_the(&b, &blen);
	for (size_t i = 0; i < alen && i < blen; i++) {
		unsigned char x = (unsigned char)ascii_lower(a[i]);
		unsigned char y = (unsigned char)ascii_lower(b[i]);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return (alen > blen) - (alen < blen);
}

static bool is_textual(policy_type t)
{
	return t == POLICY_TYPE_TEXT || t == POLICY_TYPE_ENUM;
}

bool value_cmp(const value *a, const value *b, int *out)
{
	if (!a->known || !b->known)
		return false;
	if (type_is_numeric(a->type) && type_is_numeric(b->type)) {
		/* "0.2 mi" and "500 ft" as distances; a number without a unit is
		 * taken to be in the other's unit, as the author wrote it */
		if (a->measure && b->measure && a->measure != b->measure)
			return measure_cmp(a->u.num, a->measure, b->u.num, b->measure, out);
		*out = decimal_cmp(a->u.num, b->u.num);
		return true;
	}
	/* "24 days is under 85% of the days supply (25.5)": a plain number
	 * counts the duration's units, as the compiler types it */
	if (a->type == POLICY_TYPE_DURATION &&
	    (b->type == POLICY_TYPE_NUMBER || b->type == POLICY_TYPE_COUNT)) {
		*out = decimal_cmp(decimal_from_int(a->u.dur.amount), b->u.num);
		return true;
	}
	if (b->type == POLICY_TYPE_DURATION &&
	    (a->type == POLICY_TYPE_NUMBER || a->type == POLICY_TYPE_COUNT)) {
		*out = decimal_cmp(a->u.num, decimal_from_int(b->u.dur.amount));
		return true;
	}
	if (is_textual(a->type) && is_textual(b->type)) {
		*out = cmp_text(a->u.text.s ? a->u.text.s : "", a->u.text.s ? a->u.text.len : 0,
		                b->u.text.s ? b->u.text.s : "", b->u.text.s ? b->u.text.len : 0);
		return true;
	}
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case POLICY_TYPE_DATE:
		*out = (a->u.date > b->u.date) - (a->u.date < b->u.date);
		return true;
	case POLICY_TYPE_DURATION:
		return cmp_durations(a, b, out);
	case POLICY_TYPE_BOOLEAN:
		*out = (int)a->u.boolean - (int)b->u.boolean;
		return true;
	default:
		return false;
	}
}

bool value_equal(const value *a, const value *b)
{
	int c;
	return value_cmp(a, b, &c) && c == 0;
}

const char *type_noun(policy_type t)
{
	switch (t) {
	case POLICY_TYPE_MONEY: return "an amount";
	case POLICY_TYPE_NUMBER: return "a number";
	case POLICY_TYPE_PERCENT: return "a percentage";
	case POLICY_TYPE_RATIO: return "a ratio";
	case POLICY_TYPE_COUNT: return "a count";
	case POLICY_TYPE_DATE: return "a date";
	case POLICY_TYPE_DURATION: return "a length of time";
	case POLICY_TYPE_BOOLEAN: return "a yes/no value";
	case POLICY_TYPE_TEXT: return "text";
	case POLICY_TYPE_ENUM: return "a choice from a list";
	default: return "a value";
	}
}
