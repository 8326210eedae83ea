/*
 * Exact decimal arithmetic (see decimal.h).
 *
 * A decimal is coef / 10^scale. Policies talk about money, percentages and
 * ratios, and a rule like "the claim exceeds 45% of the limit" must decide
 * the same way on every machine, so there is no binary floating point
 * anywhere in this file: every operation is integer arithmetic on the
 * coefficient, and every overflow is reported instead of wrapping.
 *
 * Two invariants keep the code short:
 *
 *  - A coefficient is never INT128_MIN. Coefficients live in the symmetric
 *    range -COEF_MAX..COEF_MAX, so negating or taking the magnitude of any
 *    decimal we produce is always defined. Results outside the range are
 *    overflow.
 *
 *  - Anything that cannot be done exactly in 128 bits is done on 256-bit
 *    magnitudes (u256 below). A product of two coefficients, or a
 *    coefficient scaled by up to 10^36 for a division, needs at most
 *    127 + 120 = 247 bits (a sum of two such, 248), so the 256-bit helpers
 *    never overflow and need no checks of their own. Only the final result
 *    is checked against COEF_MAX. This is what lets add, mul and div give
 *    the exact or correctly rounded answer whenever that answer fits, even
 *    when the intermediate does not fit in 128 bits (two 18-digit
 *    fractions multiplied, or a 38-digit amount plus a 5-place fraction).
 *
 * All rounding goes through divide_round(), which rounds a quotient of
 * magnitudes half-even; the sign is applied afterwards, so -0.125 rounds to
 * -0.12 exactly as 0.125 rounds to 0.12.
 *
 * Parsing is deliberately strict (the looser "form" syntaxes such as "$5M"
 * or "41.2%" live in value.c and end up here): an optional sign, digits
 * with optional thousands commas in groups of three, an optional fraction.
 * ".5" is accepted because people write it on forms; "5." is not, because a
 * trailing point is punctuation and callers strip it before asking.
 */
#include "base/decimal.h"

#include <string.h>

typedef unsigned __int128 u128;

#define COEF_MAX ((__int128)(((u128)1 << 127) - 1))
#define TEN_18 ((u128)1000000000000000000ULL)

/* Powers of ten up to 10^36: the largest factor any operation scales by
 * (a division to 18 places of a dividend with scale 0 by a divisor with
 * scale 18). */
#define POW10_MAX 36
static const u128 pow10_table[POW10_MAX + 1] = {
	(u128)1ULL,
	(u128)10ULL,
	(u128)100ULL,
	(u128)1000ULL,
	(u128)10000ULL,
	(u128)100000ULL,
	(u128)1000000ULL,
	(u128)10000000ULL,
	(u128)100000000ULL,
	(u128)1000000000ULL,
	(u128)10000000000ULL,
	(u128)100000000000ULL,
	(u128)1000000000000ULL,
	(u128)10000000000000ULL,
	(u128)100000000000000ULL,
	(u128)1000000000000000ULL,
	(u128)10000000000000000ULL,
	(u128)100000000000000000ULL,
	TEN_18,
	(u128)10ULL * TEN_18,
	(u128)100ULL * TEN_18,
	(u128)1000ULL * TEN_18,
	(u128)10000ULL * TEN_18,
	(u128)100000ULL * TEN_18,
	(u128)1000000ULL * TEN_18,
	(u128)10000000ULL * TEN_18,
	(u128)100000000ULL * TEN_18,
	(u128)1000000000ULL * TEN_18,
	(u128)10000000000ULL * TEN_18,
	(u128)100000000000ULL * TEN_18,
	(u128)1000000000000ULL * TEN_18,
	(u128)10000000000000ULL * TEN_18,
	(u128)100000000000000ULL * TEN_18,
	(u128)1000000000000000ULL * TEN_18,
	(u128)10000000000000000ULL * TEN_18,
	(u128)100000000000000000ULL * TEN_18,
	TEN_18 * TEN_18,
};

static int clamp_scale(int scale)
{
	if (scale < 0)
		return 0;
	if (scale > DECIMAL_MAX_SCALE)
		return DECIMAL_MAX_SCALE;
	return scale;
}

/* |c| without overflow, even for INT128_MIN (unsigned negation wraps by
 * definition). */
static u128 magnitude(__int128 c)
{
	return c < 0 ? (u128)0 - (u128)c : (u128)c;
}

static decimal make(__int128 coef, int scale)
{
	decimal d = { coef, scale };
	return d;
}

/* ---- 256-bit magnitudes ---- */

typedef struct u256 {
	u128 hi, lo;
} u256;

static u256 u256_from(u128 v)
{
	u256 r = { 0, v };
	return r;
}

/* The full product of two 128-bit magnitudes, by 64-bit halves. */
static u256 u256_mul(u128 a, u128 b)
{
	const u128 mask = ((u128)1 << 64) - 1;
	u128 a0 = a & mask, a1 = a >> 64;
	u128 b0 = b & mask, b1 = b >> 64;
	u128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	/* Each partial product fits; the middle column can carry into hi. */
	u128 mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
	u256 r;
	r.lo = (mid << 64) | (p00 & mask);
	r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
	return r;
}

static int u256_cmp(u256 a, u256 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

static u256 u256_add(u256 a, u256 b)
{
	u256 r;
	r.lo = a.lo + b.lo;
	r.hi = a.hi + b.hi + (r.lo < a.lo);
	return r;
}

static u256 u256_sub(u256 a, u256 b)
{
	u256 r;
	r.lo = a.lo - b.lo;
	r.hi = a.hi - b.hi - (a.lo < b.lo);
	return r;
}

static u256 u256_shl1(u256 a)
{
	u256 r;
	r.hi = (a.hi << 1) | (a.lo >> 127);
	r.lo = a.lo << 1;
	return r;
}

static bool u256_bit(u256 a, int i)
{
	return i >= 128 ? (a.hi >> (i - 128)) & 1 : (a.lo >> i) & 1;
}

static int u256_top_bit(u256 a)
{
	for (int i = 255; i >= 0; i--)
		if (u256_bit(a, i))
			return i;
	return -1;
}

/* Schoolbook binary long division. Operands stay below 2^248 (see the top
 * of the file), so doubling the remainder cannot overflow. */
static void u256_divmod(u256 num, u256 den, u256 *quot, u256 *rem)
{
	if (num.hi == 0 && den.hi == 0) {
		*quot = u256_from(num.lo / den.lo);
		*rem = u256_from(num.lo % den.lo);
		return;
	}
	u256 q = { 0, 0 }, r = { 0, 0 };
	for (int i = u256_top_bit(num); i >= 0; i--) {
		r = u256_shl1(r);
		r.lo |= (u128)u256_bit(num, i);
		if (u256_cmp(r, den) >= 0) {
			r = u256_sub(r, den);
			if (i >= 128)
				q.hi |= (u128)1 << (i - 128);
			else
				q.lo |= (u128)1 << i;
		}
	}
	*quot = q;
	*rem = r;
}

static bool u256_fits_coef(u256 a)
{
	return a.hi == 0 && a.lo <= (u128)COEF_MAX;
}

static __int128 signed_coef(u128 m, bool negative)
{
	return negative ? -(__int128)m : (__int128)m;
}

/* num / den rounded half-even, with the sign applied afterwards; false if
 * the rounded quotient does not fit a coefficient. */
static bool divide_round(u256 num, u256 den, bool negative, __int128 *out)
{
	u256 q, r;
	u256_divmod(num, den, &q, &r);
	int half = u256_cmp(u256_shl1(r), den);
	if (half > 0 || (half == 0 && (q.lo & 1))) {
		q.lo += 1;
		if (q.lo == 0)
			q.hi += 1;
	}
	if (!u256_fits_coef(q))
		return false;
	*out = signed_coef(q.lo, negative);
	return true;
}

/* ---- construction and predicates ---- */

decimal decimal_from_int(int64_t v)
{
	return make(v, 0);
}

decimal decimal_make(int64_t coef, int scale)
{
	/* Out-of-range scales are a caller bug; clamping keeps the decimal
	 * valid for every other function rather than poisoning it. */
	return make(coef, clamp_scale(scale));
}

bool decimal_is_zero(decimal a)
{
	return a.coef == 0;
}

bool decimal_is_negative(decimal a)
{
	return a.coef < 0;
}

bool decimal_is_integer(decimal a)
{
	return magnitude(a.coef) % pow10_table[clamp_scale(a.scale)] == 0;
}

/* ---- parsing ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Append one digit to a non-negative coefficient; false on overflow. */
static bool push_digit(__int128 *coef, char c)
{
	return !__builtin_mul_overflow(*coef, 10, coef) &&
	       !__builtin_add_overflow(*coef, c - '0', coef);
}

/* The integer part: plain digits, or 1-3 digits then ",ddd" groups. A
 * grouped number may not start with 0 ("0,123" is a European decimal). */
static bool parse_integer_part(const char *s, size_t len, size_t *i, __int128 *coef)
{
	size_t start = *i, digits = 0;
	bool grouped = false;
	while (*i < len && (is_digit(s[*i]) || s[*i] == ',')) {
		if (s[*i] == ',') {
			if (digits == 0 || (!grouped && (digits > 3 || s[start] == '0')) ||
			    (grouped && digits != 3))
				return false;
			grouped = true;
			digits = 0;
		} else {
			if (!push_digit(coef, s[*i]))
				return false;
			digits++;
		}
		(*i)++;
	}
	return !grouped || digits == 3;
}

/* Fraction digits beyond DECIMAL_MAX_SCALE are accepted only as zeros. */
static bool parse_fraction(const char *s, size_t len, size_t *i, __int128 *coef, int *scale)
{
	size_t start = *i;
	while (*i < len && is_digit(s[*i])) {
		if (*scale < DECIMAL_MAX_SCALE) {
			if (!push_digit(coef, s[*i]))
				return false;
			(*scale)++;
		} else if (s[*i] != '0') {
			return false;
		}
		(*i)++;
	}
	return *i > start;
}

bool decimal_parse(const char *s, size_t len, decimal *out)
{
	size_t i = 0;
	bool negative = false;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		negative = s[i++] == '-';
	size_t int_start = i;
	__int128 coef = 0;
	int scale = 0;
	if (!parse_integer_part(s, len, &i, &coef))
		return false;
	bool has_int = i > int_start;
	if (i < len && s[i] == '.') {
		i++;
		if (!parse_fraction(s, len, &i, &coef, &scale))
			return false;
	} else if (!has_int) {
		return false;
	}
	if (i != len)
		return false;
	*out = make(negative ? -coef : coef, scale);
	return true;
}

/* ---- comparison and arithmetic ---- */

static int sign_of(__int128 c)
{
	return (c > 0) - (c < 0);
}

int decimal_cmp(decimal a, decimal b)
{
	int sa = sign_of(a.coef), sb = sign_of(b.coef);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (a.scale == b.scale)
		return a.coef < b.coef ? -1 : a.coef > b.coef;
	int scale = a.scale > b.scale ? a.scale : b.scale;
	u256 ma = u256_mul(magnitude(a.coef), pow10_table[scale - a.scale]);
	u256 mb = u256_mul(magnitude(b.coef), pow10_table[scale - b.scale]);
	int c = u256_cmp(ma, mb);
	return sa < 0 ? -c : c;
}

/* The same value with `scale` fraction digits (scale >= a.scale); false if
 * the coefficient would overflow. */
static bool scale_up(decimal a, int scale, decimal *out)
{
	__int128 coef;
	if (__builtin_mul_overflow(a.coef, (__int128)pow10_table[scale - a.scale], &coef) ||
	    coef < -COEF_MAX)
		return false;
	*out = make(coef, scale);
	return true;
}

/* a + b with both aligned in 256 bits, for when 128 did not do. The exact
 * sum has the larger scale; if it does not fit there but ends in zeros
 * (huge + 1.00), it is still exact with fewer of them. */
static bool wide_sum(decimal a, decimal b, decimal *out)
{
	int scale = a.scale > b.scale ? a.scale : b.scale;
	u256 ma = u256_mul(magnitude(a.coef), pow10_table[scale - a.scale]);
	u256 mb = u256_mul(magnitude(b.coef), pow10_table[scale - b.scale]);
	bool a_neg = a.coef < 0, b_neg = b.coef < 0;
	u256 sum;
	bool negative;
	if (a_neg == b_neg) {
		sum = u256_add(ma, mb);
		negative = a_neg;
	} else if (u256_cmp(ma, mb) >= 0) {
		sum = u256_sub(ma, mb);
		negative = a_neg;
	} else {
		sum = u256_sub(mb, ma);
		negative = b_neg;
	}
	const u256 ten = u256_from(10);
	while (!u256_fits_coef(sum) && scale > 0) {
		u256 q, r;
		u256_divmod(sum, ten, &q, &r);
		if (r.lo != 0)
			return false;
		sum = q;
		scale--;
	}
	if (!u256_fits_coef(sum))
		return false;
	*out = make(signed_coef(sum.lo, negative), scale);
	return true;
}

bool decimal_add(decimal a, decimal b, decimal *out)
{
	__int128 sum;
	if (a.scale == b.scale && !__builtin_add_overflow(a.coef, b.coef, &sum) &&
	    sum >= -COEF_MAX) {
		*out = make(sum, a.scale);
		return true;
	}
	return wide_sum(a, b, out);
}

bool decimal_sub(decimal a, decimal b, decimal *out)
{
	return decimal_add(a, decimal_neg(b), out);
}

bool decimal_mul(decimal a, decimal b, decimal *out)
{
	int scale = a.scale + b.scale;
	__int128 coef;
	if (scale <= DECIMAL_MAX_SCALE && !__builtin_mul_overflow(a.coef, b.coef, &coef) &&
	    coef >= -COEF_MAX) {
		*out = make(coef, scale);
		return true;
	}
	/* The exact product needs more than 128 bits or more than
	 * DECIMAL_MAX_SCALE digits: compute it in 256 bits and round. */
	int drop = scale > DECIMAL_MAX_SCALE ? scale - DECIMAL_MAX_SCALE : 0;
	u256 product = u256_mul(magnitude(a.coef), magnitude(b.coef));
	bool negative = (a.coef < 0) != (b.coef < 0);
	if (!divide_round(product, u256_from(pow10_table[drop]), negative, &coef))
		return false;
	*out = make(coef, scale - drop);
	return true;
}

bool decimal_div(decimal a, decimal b, int scale, decimal *out)
{
	if (b.coef == 0)
		return false;
	scale = clamp_scale(scale);
	/* a/b = (ca/cb) * 10^(sb-sa); asking for `scale` digits means computing
	 * ca * 10^e / cb with e = scale + sb - sa, scaling the divisor instead
	 * when e is negative. |e| <= 36. */
	int e = scale + b.scale - a.scale;
	u256 num, den;
	if (e >= 0) {
		num = u256_mul(magnitude(a.coef), pow10_table[e]);
		den = u256_from(magnitude(b.coef));
	} else {
		num = u256_from(magnitude(a.coef));
		den = u256_mul(magnitude(b.coef), pow10_table[-e]);
	}
	__int128 coef;
	if (!divide_round(num, den, (a.coef < 0) != (b.coef < 0), &coef))
		return false;
	*out = make(coef, scale);
	return true;
}

decimal decimal_neg(decimal a)
{
	/* Negating INT128_MIN would be undefined; such a coefficient can only
	 * come from a hand-built struct, and saturating keeps UBSan quiet. */
	return make(a.coef < -COEF_MAX ? COEF_MAX : -a.coef, a.scale);
}

decimal decimal_abs(decimal a)
{
	return a.coef < 0 ? decimal_neg(a) : a;
}

decimal decimal_round(decimal a, int scale)
{
	scale = clamp_scale(scale);
	if (a.scale <= scale)
		return a;
	__int128 coef = 0;
	/* The rounded magnitude never grows past the original: this cannot
	 * fail. */
	divide_round(u256_from(magnitude(a.coef)), u256_from(pow10_table[a.scale - scale]),
	             a.coef < 0, &coef);
	return make(coef, scale);
}

bool decimal_round_to(decimal a, int places, int mode, decimal *out)
{
	if (places < -18 || places > DECIMAL_MAX_SCALE)
		return false;
	if (places >= a.scale) {
		*out = a;
		return true;
	}
	int drop = a.scale - places; /* digits to remove: at most 36 */
	__int128 f = 1;
	for (int k = 0; k < drop; k++)
		f *= 10;
	__int128 q = a.coef / f, r = a.coef % f, sign = a.coef < 0 ? -1 : 1;
	__int128 rm = r < 0 ? -r : r;
	if ((mode == 0 && rm >= f - rm) || (mode > 0 && rm != 0))
		q += sign;
	if (places < 0) {
		for (int k = 0; k < -places; k++) {
			if (q > COEF_MAX / 10 || q < -(COEF_MAX / 10))
				return false;
			q *= 10;
		}
		*out = make(q, 0);
	} else {
		*out = make(q, places);
	}
	return true;
}

decimal decimal_trunc(decimal a)
{
	return make(a.coef / (__int128)pow10_table[a.scale], 0);
}

decimal decimal_normalize(decimal a)
{
	if (a.coef == 0)
		return make(0, 0);
	while (a.scale > 0 && a.coef % 10 == 0) {
		a.coef /= 10;
		a.scale--;
	}
	return a;
}

decimal decimal_rescale(decimal a, int scale)
{
	scale = clamp_scale(scale);
	if (scale <= a.scale)
		return decimal_round(a, scale);
	/* Padding zeros can overflow a huge coefficient; the value is still
	 * exact with fewer of them, so settle for the most that fit. */
	decimal r;
	for (; scale > a.scale; scale--)
		if (scale_up(a, scale, &r))
			return r;
	return a;
}

bool decimal_to_int64(decimal a, int64_t *out)
{
	if (!decimal_is_integer(a))
		return false;
	__int128 v = decimal_trunc(a).coef;
	if (v < INT64_MIN || v > INT64_MAX)
		return false;
	*out = (int64_t)v;
	return true;
}

/* ---- formatting ---- */

/* Digits of the magnitude, least significant first, padded with zeros so
 * there is at least one digit before the point. Returns the count. */
static int reversed_digits(decimal a, char *rev)
{
	u128 m = magnitude(a.coef);
	int n = 0;
	while (m > UINT64_MAX) { /* 128-bit division only where it is needed */
		rev[n++] = (char)('0' + (int)(m % 10));
		m /= 10;
	}
	uint64_t small = (uint64_t)m;
	do {
		rev[n++] = (char)('0' + (int)(small % 10));
		small /= 10;
	} while (small);
	while (n <= a.scale)
		rev[n++] = '0';
	return n;
}

/* The longest output: '-', 39 integer digits with 12 commas, '.', 18
 * fraction digits and the NUL: 72 bytes. */
static size_t format_decimal(decimal a, int min_scale, bool grouped, char *out)
{
	char rev[48];
	int scale = clamp_scale(a.scale);
	a.scale = scale;
	min_scale = clamp_scale(min_scale);
	int n = reversed_digits(a, rev);

	/* Drop trailing fraction zeros down to min_scale. */
	int first = 0, frac = scale;
	while (frac > min_scale && rev[first] == '0') {
		first++;
		frac--;
	}

	size_t len = 0;
	if (a.coef < 0)
		out[len++] = '-';
	for (int i = n - 1; i >= scale; i--) {
		out[len++] = rev[i];
		int left = i - scale; /* integer digits still to come */
		if (grouped && left > 0 && left % 3 == 0)
			out[len++] = ',';
	}
	if (frac > 0 || min_scale > 0) {
		out[len++] = '.';
		for (int i = scale - 1; i >= first; i--)
			out[len++] = rev[i];
		for (int i = frac; i < min_scale; i++)
			out[len++] = '0';
	}
	out[len] = '\0';
	return len;
}

size_t decimal_format(decimal a, int min_scale, char *buf)
{
	return format_decimal(a, min_scale, false, buf);
}

size_t decimal_format_grouped(decimal a, int min_scale, char *buf)
{
	return format_decimal(a, min_scale, true, buf);
}
