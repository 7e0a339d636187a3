/*
 * Weights and sizes as shipping needs them: whole grams and whole
 * millimetres, from a decimal number and a unit (g, kg, lb, oz; mm, cm,
 * m, in).  The catalogue reads them from stock files, oms.yaml from
 * carriers' rates; both convert here, in integers.
 */
#ifndef OMS_MEASURE_H
#define OMS_MEASURE_H

#include "money.h"

enum measure_kind {
	MEASURE_WEIGHT,		/* to grams */
	MEASURE_LENGTH		/* to millimetres */
};

/*
 * A unit's size in milligrams (or micrometres): "kg" is 1000000, "in"
 * 25400.  Case is ignored, and the long names ("kilograms", "inches")
 * are taken too.  0 for a unit of the other kind or none known.
 */
long long measure_unit(enum measure_kind kind, const char *unit);

/*
 * number, a decimal with up to 3 places (more are rounded when st asks
 * for rounding), times per_unit, as whole grams or millimetres, half
 * up.  Returns 0, or -1 with *why set to a static reason (money_parse's,
 * "negative" or "too large").
 */
int measure_value(const char *number, const struct money_style *st,
    long long per_unit, long long *out, const char **why);

/* Grams as "31.500 kg", millimetres as "120.0 cm", for messages. */
void measure_format(enum measure_kind kind, long long v, char out[32]);

#endif
