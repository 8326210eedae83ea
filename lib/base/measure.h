/*
 * Units of measure written after a number: "500 feet", "0.2 miles",
 * "2,000 sq ft", "40 mph". A number keeps the unit it was written in, so
 * that "0.2 miles" compares with "500 feet" as the distances they are
 * (321.87 m and 152.4 m), not as 0.2 and 500. Units of one dimension
 * convert exactly (a foot is 0.3048 m by definition); units of different
 * dimensions (feet and acres) do not compare at all.
 *
 * Words that only name what is counted ("12 employees", "3 vehicles")
 * are not measures: the number is the count.
 */
#ifndef POLICY_MEASURE_H
#define POLICY_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/decimal.h"

typedef enum measure_unit {
	MEASURE_NONE = 0,
	MEASURE_INCH, MEASURE_FOOT, MEASURE_YARD, MEASURE_MILE,
	MEASURE_CENTIMETER, MEASURE_METER, MEASURE_KILOMETER,
	MEASURE_SQ_INCH, MEASURE_SQ_FOOT, MEASURE_SQ_YARD, MEASURE_SQ_MILE,
	MEASURE_SQ_CENTIMETER, MEASURE_SQ_METER, MEASURE_SQ_KILOMETER, MEASURE_ACRE,
	MEASURE_OUNCE, MEASURE_POUND, MEASURE_HUNDREDWEIGHT, MEASURE_SHORT_TON,
	MEASURE_KILOGRAM, MEASURE_TONNE,
	MEASURE_GALLON, MEASURE_LITER, MEASURE_BARREL,
	MEASURE_CU_INCH, MEASURE_CU_FOOT, MEASURE_CU_YARD, MEASURE_CU_METER,
	MEASURE_MPH, MEASURE_KPH,
	MEASURE_SECOND, MEASURE_MINUTE, MEASURE_HOUR,
	MEASURE_KWH, MEASURE_BUSHEL,
	MEASURE_SQUARE_OF, /* "sq" or "square", waiting for its length */
	MEASURE_CUBE_OF,   /* "cu" or "cubic", waiting for its length */
	MEASURE_UNITS
} measure_unit;

/* The unit after reading one more word of a number's unit: "sq" then "ft"
 * is MEASURE_SQ_FOOT, "cubic" then "feet" MEASURE_CU_FOOT; a counted noun ("employees") leaves `so_far` as it
 * is. Call measure_settled on the result once the words end. */
measure_unit measure_step(measure_unit so_far, const char *w, size_t len);

/* MEASURE_NONE for a "square" that never found its length. */
measure_unit measure_settled(measure_unit u);

/* The unit's name as the plan and displays write it ("ft", "sq ft"),
 * which measure_step reads back; NULL for MEASURE_NONE. */
const char *measure_name(measure_unit u);

/* The unit named by `s` ("sq ft", "miles"), or MEASURE_NONE. */
measure_unit measure_from_name(const char *s, size_t len);

/* Compare a amount `x` in unit `ux` with `y` in unit `uy` after converting
 * both to their dimension's base unit: -1, 0 or 1 in *out. False when the
 * units measure different things (feet and acres) or the conversion
 * overflows. */
bool measure_cmp(decimal x, measure_unit ux, decimal y, measure_unit uy, int *out);

#endif
