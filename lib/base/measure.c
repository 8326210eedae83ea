/*
 * Units of measure and their exact conversions (see measure.h). Factors
 * are the legal definitions: the international foot and pound (1959), the
 * US gallon, short ton and hundredweight, the 42-gallon oil barrel.
 */
#include "base/measure.h"

#include <string.h>


typedef enum dimension {
	DIM_NONE, DIM_LENGTH, DIM_AREA, DIM_WEIGHT, DIM_VOLUME, DIM_SPEED, DIM_TIME,
	DIM_ENERGY, DIM_BUSHEL
} dimension;

static const struct {
	const char *name;
	dimension dim;
	const char *factor; /* in the dimension's base unit */
	measure_unit square; /* the area of a square this long on a side */
	measure_unit cube;   /* the volume of a cube this long on a side */
} units[MEASURE_UNITS] = {
#define LENGTH(n, f, sq, cu) { .name = n, .dim = DIM_LENGTH, .factor = f, .square = sq, .cube = cu }
#define UNIT(n, d, f) { .name = n, .dim = d, .factor = f }
	[MEASURE_INCH] = LENGTH("in", "0.0254", MEASURE_SQ_INCH, MEASURE_CU_INCH),
	[MEASURE_FOOT] = LENGTH("ft", "0.3048", MEASURE_SQ_FOOT, MEASURE_CU_FOOT),
	[MEASURE_YARD] = LENGTH("yd", "0.9144", MEASURE_SQ_YARD, MEASURE_CU_YARD),
	[MEASURE_MILE] = LENGTH("mi", "1609.344", MEASURE_SQ_MILE, MEASURE_NONE),
	[MEASURE_CENTIMETER] = LENGTH("cm", "0.01", MEASURE_SQ_CENTIMETER, MEASURE_NONE),
	[MEASURE_METER] = LENGTH("meters", "1", MEASURE_SQ_METER, MEASURE_CU_METER),
	[MEASURE_KILOMETER] = LENGTH("km", "1000", MEASURE_SQ_KILOMETER, MEASURE_NONE),
	[MEASURE_SQ_INCH] = UNIT("sq in", DIM_AREA, "0.00064516"),
	[MEASURE_SQ_FOOT] = UNIT("sq ft", DIM_AREA, "0.09290304"),
	[MEASURE_SQ_YARD] = UNIT("sq yd", DIM_AREA, "0.83612736"),
	[MEASURE_SQ_MILE] = UNIT("sq mi", DIM_AREA, "2589988.110336"),
	[MEASURE_SQ_CENTIMETER] = UNIT("sq cm", DIM_AREA, "0.0001"),
	[MEASURE_SQ_METER] = UNIT("sq meters", DIM_AREA, "1"),
	[MEASURE_SQ_KILOMETER] = UNIT("sq km", DIM_AREA, "1000000"),
	[MEASURE_ACRE] = UNIT("acres", DIM_AREA, "4046.8564224"),
	[MEASURE_OUNCE] = UNIT("oz", DIM_WEIGHT, "0.028349523125"),
	[MEASURE_POUND] = UNIT("lb", DIM_WEIGHT, "0.45359237"),
	[MEASURE_HUNDREDWEIGHT] = UNIT("cwt", DIM_WEIGHT, "45.359237"),
	[MEASURE_SHORT_TON] = UNIT("tons", DIM_WEIGHT, "907.18474"),
	[MEASURE_KILOGRAM] = UNIT("kg", DIM_WEIGHT, "1"),
	[MEASURE_TONNE] = UNIT("tonnes", DIM_WEIGHT, "1000"),
	[MEASURE_GALLON] = UNIT("gal", DIM_VOLUME, "3.785411784"),
	[MEASURE_LITER] = UNIT("liters", DIM_VOLUME, "1"),
	[MEASURE_BARREL] = UNIT("bbl", DIM_VOLUME, "158.987294928"),
	[MEASURE_CU_INCH] = UNIT("cu in", DIM_VOLUME, "0.016387064"),
	[MEASURE_CU_FOOT] = UNIT("cu ft", DIM_VOLUME, "28.316846592"),
	[MEASURE_CU_YARD] = UNIT("cu yd", DIM_VOLUME, "764.554857984"),
	[MEASURE_CU_METER] = UNIT("cu meters", DIM_VOLUME, "1000"),
	[MEASURE_MPH] = UNIT("mph", DIM_SPEED, "1.609344"),
	[MEASURE_KPH] = UNIT("kph", DIM_SPEED, "1"),
	[MEASURE_SECOND] = UNIT("seconds", DIM_TIME, "1"),
	[MEASURE_MINUTE] = UNIT("minutes", DIM_TIME, "60"),
	[MEASURE_HOUR] = UNIT("hours", DIM_TIME, "3600"),
	[MEASURE_KWH] = UNIT("kWh", DIM_ENERGY, "1"),
	[MEASURE_BUSHEL] = UNIT("bu", DIM_BUSHEL, "1"),
#undef LENGTH
#undef UNIT
};

/* Every spelling, the canonical names included. "in" only after "sq":
 * alone it is a preposition. */
static const struct {
	const char *word;
	measure_unit unit;
} spellings[] = {
	{ "inch", MEASURE_INCH }, { "inches", MEASURE_INCH },
	{ "ft", MEASURE_FOOT }, { "foot", MEASURE_FOOT }, { "feet", MEASURE_FOOT },
	{ "yd", MEASURE_YARD }, { "yard", MEASURE_YARD }, { "yards", MEASURE_YARD },
	{ "mi", MEASURE_MILE }, { "mile", MEASURE_MILE }, { "miles", MEASURE_MILE },
	{ "cm", MEASURE_CENTIMETER }, { "meter", MEASURE_METER }, { "meters", MEASURE_METER },
	{ "metre", MEASURE_METER }, { "metres", MEASURE_METER }, { "km", MEASURE_KILOMETER },
	{ "kilometer", MEASURE_KILOMETER }, { "kilometers", MEASURE_KILOMETER },
	{ "sf", MEASURE_SQ_FOOT }, { "sqft", MEASURE_SQ_FOOT },
	{ "ac", MEASURE_ACRE }, { "acre", MEASURE_ACRE }, { "acres", MEASURE_ACRE },
	{ "oz", MEASURE_OUNCE }, { "ounce", MEASURE_OUNCE }, { "ounces", MEASURE_OUNCE },
	{ "lb", MEASURE_POUND }, { "lbs", MEASURE_POUND }, { "pound", MEASURE_POUND },
	{ "pounds", MEASURE_POUND }, { "cwt", MEASURE_HUNDREDWEIGHT },
	{ "ton", MEASURE_SHORT_TON }, { "tons", MEASURE_SHORT_TON },
	{ "kg", MEASURE_KILOGRAM }, { "kilogram", MEASURE_KILOGRAM },
	{ "kilograms", MEASURE_KILOGRAM }, { "mt", MEASURE_TONNE }, { "tonne", MEASURE_TONNE },
	{ "tonnes", MEASURE_TONNE }, { "gal", MEASURE_GALLON }, { "gallon", MEASURE_GALLON },
	{ "gallons", MEASURE_GALLON }, { "liter", MEASURE_LITER }, { "liters", MEASURE_LITER },
	{ "litre", MEASURE_LITER }, { "litres", MEASURE_LITER }, { "bbl", MEASURE_BARREL },
	{ "mph", MEASURE_MPH }, { "kph", MEASURE_KPH },
	{ "second", MEASURE_SECOND }, { "seconds", MEASURE_SECOND },
	{ "minute", MEASURE_MINUTE }, { "minutes", MEASURE_MINUTE }, { "mins", MEASURE_MINUTE },
	{ "hour", MEASURE_HOUR }, { "hours", MEASURE_HOUR }, { "hrs", MEASURE_HOUR },
	{ "kwh", MEASURE_KWH }, { "bu", MEASURE_BUSHEL }, { "bushel", MEASURE_BUSHEL },
	{ "bushels", MEASURE_BUSHEL },
};

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_word(const char *s, size_t len, const char *word)
{
	size_t i = 0;
	for (; i < len; i++)
		if (word[i] == '\0' || lower(s[i]) != lower(word[i]))
			return false;
	return word[i] == '\0';
}

static measure_unit spelled(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
		if (same_word(w, len, spellings[i].word))
			return spellings[i].unit;
	return MEASURE_NONE;
}

measure_unit measure_step(measure_unit so_far, const char *w, size_t len)
{
	if (so_far == MEASURE_NONE && (same_word(w, len, "sq") || same_word(w, len, "square")))
		return MEASURE_SQUARE_OF;
	if (so_far == MEASURE_NONE && (same_word(w, len, "cu") || same_word(w, len, "cubic")))
		return MEASURE_CUBE_OF;
	if (so_far == MEASURE_SQUARE_OF || so_far == MEASURE_CUBE_OF) {
		measure_unit side = same_word(w, len, "in") ? MEASURE_INCH : spelled(w, len);
		if (units[side].dim != DIM_LENGTH)
			return MEASURE_NONE;
		return so_far == MEASURE_SQUARE_OF ? units[side].square : units[side].cube;
	}
	measure_unit u = spelled(w, len);
	return u != MEASURE_NONE ? u : so_far;
}

measure_unit measure_settled(measure_unit u)
{
	return u == MEASURE_SQUARE_OF || u == MEASURE_CUBE_OF || (unsigned)u >= MEASURE_UNITS
	               ? MEASURE_NONE
	               : u;
}

const char *measure_name(measure_unit u)
{
	u = measure_settled(u);
	return u == MEASURE_NONE ? NULL : units[u].name;
}

measure_unit measure_from_name(const char *s, size_t len)
{
	measure_unit u = MEASURE_NONE;
	size_t i = 0;
	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		size_t start = i;
		while (i < len && s[i] != ' ')
			i++;
		if (i > start) {
			measure_unit next = measure_step(u, s + start, i - start);
			if (next == u || next == MEASURE_NONE)
				return MEASURE_NONE; /* a word that is no unit */
			u = next;
		}
	}
	return measure_settled(u);
}

static bool to_base(decimal x, measure_unit u, decimal *out)
{
	decimal f;
	return decimal_parse(units[u].factor, strlen(units[u].factor), &f) &&
	       decimal_mul(x, f, out);
}

bool measure_cmp(decimal x, measure_unit ux, decimal y, measure_unit uy, int *out)
{
	ux = measure_settled(ux);
	uy = measure_settled(uy);
	if (ux == MEASURE_NONE || uy == MEASURE_NONE || units[ux].dim != units[uy].dim)
		return false;
	decimal bx, by;
	if (!to_base(x, ux, &bx) || !to_base(y, uy, &by))
		return false;
	*out = decimal_cmp(bx, by);
	return true;
}
