#include <stddef.h>
#include <stdio.h>
#include <strings.h>

#include "measure.h"

/* Far above any parcel, and small enough that the product below fits. */
#define MEASURE_MAX	1000000000000LL	/* in thousandths of a unit */

static const struct {
	const char *name;
	long long per_unit;	/* mg or micrometres per unit */
} weights[] = {
	{ "g", 1000 }, { "kg", 1000000 }, { "lb", 453592 },
	{ "oz", 28350 }, { "grams", 1000 }, { "kilograms", 1000000 },
	{ "pounds", 453592 }, { "ounces", 28350 },
}, lengths[] = {
	{ "mm", 1000 }, { "cm", 10000 }, { "m", 1000000 },
	{ "in", 25400 }, { "inches", 25400 },
};

long long
measure_unit(enum measure_kind kind, const char *unit)
{
	size_t i, n = kind == MEASURE_WEIGHT ?
	    sizeof weights / sizeof weights[0] :
	    sizeof lengths / sizeof lengths[0];

	if (unit == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (kind == MEASURE_WEIGHT ?
		    !strcasecmp(unit, weights[i].name) :
		    !strcasecmp(unit, lengths[i].name))
			return kind == MEASURE_WEIGHT ? weights[i].per_unit :
			    lengths[i].per_unit;
	return 0;
}

/*
 * The number is read in thousandths and scaled by the unit's size in
 * milligrams (or micrometres): 1.5 lb is 1500 x 453592 / 10^6 = 680 g.
 */
int
measure_value(const char *number, const struct money_style *st,
    long long per_unit, long long *out, const char **why)
{
	long long thousandths;

	if (money_parse(number, 3, st, &thousandths, why) < 0)
		return -1;
	if (thousandths < 0) {
		*why = "negative";
		return -1;
	}
	if (thousandths > MEASURE_MAX) {
		*why = "too large";
		return -1;
	}
	*out = (thousandths * per_unit + 500000) / 1000000;
	return 0;
}

void
measure_format(enum measure_kind kind, long long v, char out[32])
{
	if (kind == MEASURE_WEIGHT)
		snprintf(out, 32, "%lld.%03lld kg", v / 1000, v % 1000);
	else
		snprintf(out, 32, "%lld.%lld cm", v / 10, v % 10);
}
