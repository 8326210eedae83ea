/*
 * Exact decimal arithmetic for money, percentages and ratios.
 *
 * A decimal is coef / 10^scale with a 128-bit signed coefficient and
 * 0 <= scale <= DECIMAL_MAX_SCALE. No binary floating point is used
 * anywhere. Operations report overflow instead of wrapping.
 *
 * Rounding is always explicit and always half-even ("banker's rounding"):
 *  - add, sub and mul are exact; a product whose scale would exceed
 *    DECIMAL_MAX_SCALE is rounded half-even to DECIMAL_MAX_SCALE;
 *  - div rounds half-even to the scale the caller asks for;
 *  - decimal_round rounds half-even to a given scale (money: 2).
 */
#ifndef POLICY_DECIMAL_H
#define POLICY_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DECIMAL_MAX_SCALE 18
/* Scale of quotients nobody asked to round: enough for ratios and
 * percentages to compare exactly at any precision people write. */
#define DECIMAL_DIV_SCALE 12
/* The longest text decimal_format writes, with the NUL: a 39-digit
 * coefficient grouped, a sign, a point and 18 padded fraction digits need
 * 72 bytes. */
#define DECIMAL_FORMAT_MAX 80

typedef struct decimal {
	__int128 coef;
	int scale;
} decimal;

decimal decimal_from_int(int64_t v);
/* Exact value coef / 10^scale; scale must be in 0..DECIMAL_MAX_SCALE. */
decimal decimal_make(int64_t coef, int scale);
bool decimal_is_zero(decimal a);
bool decimal_is_negative(decimal a);
bool decimal_is_integer(decimal a);

/* Parse a plain decimal: optional sign ('-' or '+'), digits with optional
 * thousands commas (groups of three after a first group of 1-3 digits not
 * starting with 0), optional '.' and fraction digits. ".5" is accepted;
 * "5." is not (callers strip trailing punctuation). Nothing else (no '$',
 * '%', spaces, exponents). The scale is the number of fraction digits
 * written ("1.50" has scale 2). False if not a number, if it has more than
 * DECIMAL_MAX_SCALE fraction digits that are not zeros, or if it
 * overflows. */
bool decimal_parse(const char *s, size_t len, decimal *out);

/* -1, 0, 1; exact regardless of scales. */
int decimal_cmp(decimal a, decimal b);

bool decimal_add(decimal a, decimal b, decimal *out);
bool decimal_sub(decimal a, decimal b, decimal *out);
bool decimal_mul(decimal a, decimal b, decimal *out);
/* a / b rounded half-even to `scale` fraction digits; false on division by
 * zero or overflow. */
bool decimal_div(decimal a, decimal b, int scale, decimal *out);
decimal decimal_neg(decimal a);
decimal decimal_abs(decimal a);
/* Round half-even to `scale` digits (a no-op if a has fewer). */
decimal decimal_round(decimal a, int scale);
/* Round toward zero to an integer. */
decimal decimal_trunc(decimal a);
/* Round to `places` fraction digits (negative: to tens, hundreds, ...) the
 * way a policy says: mode 0 to the nearest, halves away from zero ("rounded
 * to the nearest dollar": 10.50 -> 11); -1 toward zero ("rounded down"); 1
 * away from zero ("rounded up"). False if the result overflows. */
bool decimal_round_to(decimal a, int places, int mode, decimal *out);
/* Remove trailing fraction zeros: 1.2500 -> 1.25, 3.00 -> 3. */
decimal decimal_normalize(decimal a);
/* Set the scale exactly (adding zeros or rounding half-even). If the added
 * zeros would overflow the coefficient, as many are added as fit: the value
 * is always exact, only the scale falls short. */
decimal decimal_rescale(decimal a, int scale);
/* The integer value if `a` is an integer (1.00 is) and fits, else false. */
bool decimal_to_int64(decimal a, int64_t *out);

/* Canonical text: "-1234.5", with at least `min_scale` fraction digits
 * (padding zeros; trailing zeros beyond min_scale are removed). Returns
 * the length. buf must hold DECIMAL_FORMAT_MAX bytes. */
size_t decimal_format(decimal a, int min_scale, char *buf);
/* Like decimal_format with thousands separators: "1,234.50". */
size_t decimal_format_grouped(decimal a, int min_scale, char *buf);

#endif
