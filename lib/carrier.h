/*
 * Rate shopping for oms-ship: what each carrier's services would charge
 * for a parcel from a location to an address, when it would arrive, and
 * which to take; the promise made to the customer; tracking numbers.
 * Pure functions of oms.yaml's carriers and shipping (config.h): no
 * ledger, no I/O.  Business days are tracking.h's: Monday to Friday,
 * UTC, without public holidays.
 */
#ifndef OMS_CARRIER_H
#define OMS_CARRIER_H

#include <stddef.h>

#include "config.h"

/* A parcel as the catalogue measures it; 0 where not known. */
struct parcel_spec {
	long long weight_g;
	int length_mm, width_mm, height_mm;
};

struct quote {
	const struct carrier *carrier;
	const struct carrier_service *service;
	const char *zone;		/* the carrier's zone; NULL: none */
	long long billable_g;		/* weight, or volumetric if more */
	long long base, surcharges, price;	/* minor units; price is
						   base + surcharges */
	char currency[4];
	char applied[160];		/* surcharges added: "fuel, bulky" */
	int transit_days;		/* business days */
	char ship_day[11], delivery_day[11];	/* YYYY-MM-DD */
	int meets_promise;		/* delivered by the promise day, or
					   there is none */
	char why[200];			/* empty when quoted; else why not:
					   "weight 40.000 kg above its
					   brackets (31.500 kg)" */
};

/*
 * Quote every service of every carrier that collects from location
 * (NULL: every carrier), in oms.yaml's order, for a parcel to country
 * (alpha-2) and postal code (NULL or "": none), handed over at now (ISO
 * UTC: that day if a business day before the carrier's cut-off, else
 * the next business day), against promise_day (YYYY-MM-DD, or NULL:
 * none).  A service that cannot take the parcel is written too, with
 * why.  Returns the number written, at most max, or -1 if now is not a
 * time.
 */
int carrier_quotes(const struct config *cf, const char *location,
    const struct parcel_spec *p, const char *country, const char *postal,
    const char *now, const char *promise_day, struct quote *out, int max);

/*
 * The index of the quote to take: the cheapest that meets the promise
 * (ties: the earlier delivery, then the first); if none does, the
 * earliest delivery (ties: the cheaper, then the first).  -1 when
 * nothing could be quoted.
 */
int carrier_choose(const struct quote *q, int n);

/*
 * The day an order placed at placed_at (ISO UTC) is promised by: its
 * ship method's business days in shipping.promises (case ignored), else
 * shipping.default_promise.  Returns 0, or -1 with out empty when no
 * promise applies or placed_at is not a date.
 */
int carrier_promise_day(const struct config *cf, const char *ship_method,
    const char *placed_at, char out[11]);

/* The zone an address is in: the longest postal prefix, else the country. */
const struct carrier_zone *carrier_zone(const struct carrier *cr,
    const char *country, const char *postal);

/*
 * Tracking numbers.  The ledger hands out each carrier's serials from
 * tracking.first to tracking.last; these make and check the numbers.
 */
/* UPU S10: weights 8 6 4 2 3 5 9 7, 11 - sum % 11, 10 -> 0, 11 -> 5. */
int s10_check_digit(const char serial8[8]);
/* GS1 mod 10 of digits, the check digit left off; -1 if not digits. */
int gs1_check_digit(const char *digits);
/*
 * The carrier's number for a serial into out; -1 outside first..last,
 * without a tracking scheme, or when n is too small.
 */
int tracking_format(const struct carrier *c, long long serial, char *out,
    size_t n);
/* Whether s is an S10 number, or 8 to 40 digits, with a right check digit. */
int tracking_valid(const char *s);

/* A carrier's service by its code, or NULL. */
const struct carrier_service *carrier_service(const struct carrier *cr,
    const char *code);
/* What people call a service: its name, else its code. */
const char *carrier_service_name(const struct carrier *cr, const char *code);

/*
 * The link where a parcel is followed: the carrier's tracking_url with
 * each {tracking} replaced.  Returns 0, or -1 (out empty) when the
 * carrier has none or it does not fit.
 */
int carrier_tracking_url(const struct carrier *cr, const char *tracking,
    char *out, size_t n);

#endif
