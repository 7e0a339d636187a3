/*
 * carriers and shipping in oms.yaml, and carrier.h's rate shopping:
 * the sections read back field by field, every rejection with its
 * position, zones, brackets, volumetric weight, surcharges, ship and
 * delivery days around cut-offs and weekends, promises and the choice
 * between quotes, and tracking numbers with their check digits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carrier.h"
#include "config.h"
#include "measure.h"
#include "tap.h"
#include "yamlfile.h"
#include "util.h"


/*
 * A merchant with two locations: DHL and Deutsche Post collect in
 * Berlin (EUR), UPS in Hamburg (USD, which is allowed: no location has
 * both).  BER's own cut-off is 15:00; DHL's pickup is at 16:00.
 */
static const char base[] =
    "locations:\n"
    "  - {id: BER, cutoff: \"15:00\"}\n"
    "  - {id: HAM}\n"
    "carriers:\n"
    "  - code: dhl\n"
    "    name: DHL Paket\n"
    "    adapter: offline\n"
    "    locations: [BER]\n"
    "    cutoff: \"16:00\"\n"
    "    volumetric_divisor: 5000\n"
    "    tracking: {scheme: s10, prefix: RR, country: DE, first: 10000000,\n"
    "               last: 19999999}\n"
    "    services:\n"		/* before the zones they name */
    "      - code: paket\n"
    "        name: Paket\n"
    "        transit_days: {domestic: 2, islands: 3, eu: 4}\n"
    "        max_length: 120cm\n"
    "        rates:\n"
    "          domestic: [{up_to: 2kg, price: 4.99 EUR},\n"
    "                     {up_to: 5 kg, price: 6.99 EUR},\n"
    "                     {up_to: 31.5kg, price: 16.49 EUR}]\n"
    "          islands: [{up_to: 31.5kg, price: 16.49 EUR}]\n"
    "          eu: [{up_to: 5kg, price: 13.99 EUR},\n"
    "               {up_to: 31.5kg, price: 29.99 EUR}]\n"
    "        surcharges:\n"
    "          - {name: fuel, percent: 4.5}\n"
    "          - {name: bulky, longest_over: 100cm, amount: 25.00 EUR}\n"
    "          - {name: islands, zones: [islands], amount: 3.00 EUR}\n"
    "          - {name: heavy, weight_over: 20kg, amount: 10.00 EUR}\n"
    "      - code: express\n"
    "        transit_days: 1\n"
    "        rates: {domestic: [{up_to: 31.5kg, price: 24.90 EUR}]}\n"
    "    zones:\n"
    "      - {name: domestic, countries: [DE]}\n"
    "      - {name: islands, countries: [Germany],\n"
    "         postal_prefixes: [\"18565\", \"25-938\"]}\n"
    "      - {name: eu, countries: [AT, FR, NL, BE]}\n"
    "  - code: post\n"
    "    adapter: dpag\n"
    "    locations: [BER]\n"
    "    zones: [{name: de, countries: DE}]\n"
    "    tracking: {scheme: gs1, prefix: \"00340434\", length: 20,\n"
    "               first: 1, last: 99999999999}\n"
    "    services:\n"
    "      - code: warenpost\n"
    "        transit_days: {de: 3}\n"
    "        rates: {de: [{up_to: 1lb, price: 4.39 EUR}]}\n"
    "  - code: ups\n"
    "    locations: [HAM]\n"
    "    zones: [{name: world, countries: [US, GB]}]\n"
    "    services:\n"
    "      - code: saver\n"
    "        transit_days: 2\n"
    "        rates: {world: [{up_to: 70kg, price: 30 USD}]}\n"
    "shipping:\n"
    "  promises: {standard: 5, express: 1, Next-Day: 1}\n"
    "  default_promise: 5\n"
    "  label: zpl\n"
    "  label_size: a6\n";

static void
test_load(void)
{
	struct config *cf = load(base);
	const struct carrier *d, *p, *u;
	const struct carrier_service *s;

	if (!ok(cf != NULL && errbuf[0] == '\0', "the example loads")) {
		printf("#   %s\n", errbuf);
		exit(1);
	}
	is_int(cf->ncarriers, 3, "three carriers");
	d = config_carrier(cf, "dhl");
	p = config_carrier(cf, "post");
	u = config_carrier(cf, "ups");
	ok(d == &cf->carriers[0] && p == &cf->carriers[1] &&
	    u == &cf->carriers[2] && config_carrier(cf, "DHL") == NULL,
	    "config_carrier finds each by its code, case significant");
	is_str(d->name, "DHL Paket", "name");
	is_str(u->name, "ups", "name defaults to the code");
	is_str(d->adapter, "offline", "adapter");
	is_str(p->adapter, "dpag", "another adapter");
	is_str(u->adapter, "offline", "adapter defaults to offline");
	ok(carrier_collects(d, "BER") && !carrier_collects(d, "HAM") &&
	    !carrier_collects(d, NULL), "dhl collects from BER only");
	is_int(d->cutoff_minutes, 16 * 60, "cutoff");
	is_int(p->cutoff_minutes, -1, "no cutoff");
	is_int(d->volumetric_divisor, 5000, "volumetric_divisor");
	is_int(p->volumetric_divisor, 0, "no volumetric_divisor");
	is_str(d->currency, "EUR", "a carrier's currency");
	is_str(u->currency, "USD", "another carrier's currency");
	ok(d->tracking.scheme == TRACK_S10 &&
	    !strcmp(d->tracking.prefix, "RR") &&
	    !strcmp(d->tracking.country, "DE") &&
	    d->tracking.first == 10000000 && d->tracking.last == 19999999,
	    "s10 tracking");
	ok(p->tracking.scheme == TRACK_GS1 &&
	    !strcmp(p->tracking.prefix, "00340434") &&
	    p->tracking.length == 20 && p->tracking.first == 1 &&
	    p->tracking.last == 99999999999LL, "gs1 tracking");
	is_int(u->tracking.scheme, TRACK_NONE, "no tracking");
	is_int(d->nzones, 3, "zones");
	ok(!strcmp(d->zones[1].countries[0], "DE") &&
	    d->zones[1].npostal_prefixes == 2 &&
	    !strcmp(d->zones[1].postal_prefixes[1], "25938"),
	    "zone countries as codes, postal prefixes without the hyphen");
	is_int(d->nservices, 2, "services");
	s = &d->services[0];
	is_str(s->code, "paket", "service code");
	is_str(d->services[1].name, "express", "service name defaults");
	is_int(s->max_length_mm, 1200, "max_length in mm");
	ok(s->zones[0].transit_days == 2 && s->zones[1].transit_days == 3 &&
	    s->zones[2].transit_days == 4, "transit_days per zone");
	ok(d->services[1].zones[0].transit_days == 1 &&
	    d->services[1].zones[2].transit_days == 1 &&
	    d->services[1].zones[2].nbrackets == 0,
	    "one transit_days for every zone; no rates, no brackets");
	ok(s->zones[0].nbrackets == 3 &&
	    s->zones[0].brackets[0].up_to_g == 2000 &&
	    s->zones[0].brackets[1].up_to_g == 5000 &&
	    s->zones[0].brackets[2].up_to_g == 31500 &&
	    s->zones[0].brackets[2].price.minor == 1649 &&
	    !strcmp(s->zones[0].brackets[2].price.currency, "EUR"),
	    "brackets in grams and minor units");
	is_int(p->services[0].zones[0].brackets[0].up_to_g, 454,
	    "1lb is 454 g");
	is_int(s->nsurcharges, 4, "surcharges");
	ok(s->surcharges[0].basis_points == 450 &&
	    s->surcharges[0].amount.minor == 0 &&
	    s->surcharges[0].nzones == 0, "percent as basis points");
	ok(s->surcharges[1].longest_over_mm == 1000 &&
	    s->surcharges[1].amount.minor == 2500, "longest_over");
	ok(s->surcharges[2].nzones == 1 && s->surcharges[2].zones[0] == 1,
	    "zones as indexes");
	is_int(s->surcharges[3].weight_over_g, 20000, "weight_over");
	is_int(cf->shipping.npromises, 3, "promises");
	is_int(cf->shipping.default_promise, 5, "default_promise");
	is_int(cf->shipping.label, LABEL_ZPL, "label");
	is_int(cf->shipping.label_size, LABEL_A6, "label_size");
	config_free(cf);

	cf = load("locations: [{id: BER}]\n");
	ok(cf && cf->ncarriers == 0 && cf->shipping.npromises == 0 &&
	    cf->shipping.default_promise == -1 &&
	    cf->shipping.label == LABEL_PDF &&
	    cf->shipping.label_size == LABEL_4X6,
	    "without the sections: no carriers, no promise, pdf, 4x6");
	config_free(cf);
	cf = load("carriers:\nshipping: ~\n");
	ok(cf && cf->ncarriers == 0, "empty sections are none");
	config_free(cf);
}

static void
test_measure(void)
{
	char out[32];
	long long v;
	const char *why;

	is_int(measure_unit(MEASURE_WEIGHT, "KG"), 1000000, "kg, any case");
	is_int(measure_unit(MEASURE_WEIGHT, "cm"), 0, "cm is no weight");
	is_int(measure_unit(MEASURE_LENGTH, "in"), 25400, "inches");
	ok(measure_value("16", NULL, measure_unit(MEASURE_WEIGHT, "oz"), &v,
	    &why) == 0 && v == 454, "16 oz is 454 g");
	ok(measure_value("10", NULL, measure_unit(MEASURE_LENGTH, "in"), &v,
	    &why) == 0 && v == 254, "10 in is 254 mm");
	ok(measure_value("1.0005", NULL, 1000000, &v, &why) < 0 &&
	    !strcmp(why, "more than 3 decimal places"),
	    "a fourth decimal place without rounding");
	measure_format(MEASURE_WEIGHT, 31500, out);
	is_str(out, "31.500 kg", "grams as kg");
	measure_format(MEASURE_LENGTH, 1205, out);
	is_str(out, "120.5 cm", "mm as cm");
}

static void
test_zones(void)
{
	struct config *cf = load(base);
	const struct carrier *d = config_carrier(cf, "dhl");
	const struct carrier_zone *z;

#define ZONE(cc, pc) ((z = carrier_zone(d, (cc), (pc))) ? z->name : NULL)
	is_str(ZONE("DE", "10115"), "domestic", "a country's zone");
	is_str(ZONE("DE", "18565"), "islands", "a postal prefix beats the "
	    "country");
	is_str(ZONE("DE", "185651"), "islands", "a longer code with the "
	    "prefix");
	is_str(ZONE("DE", "18566"), "domestic", "another code");
	is_str(ZONE("DE", "259 38"), "islands", "blanks do not count");
	is_str(ZONE("DE", NULL), "domestic", "no postal code");
	is_str(ZONE("Germany", ""), "domestic", "a country by name");
	is_str(ZONE("FR", "18565"), "eu", "a prefix is for its countries");
	is_str(ZONE("US", "10001"), NULL, "a country in no zone");
	is_str(ZONE(NULL, NULL), NULL, "no country");
#undef ZONE
	config_free(cf);

	cf = load("carriers:\n"
	    "  - code: c\n"
	    "    zones:\n"
	    "      - {name: short, countries: [GB], postal_prefixes: [HS]}\n"
	    "      - {name: long, countries: [GB],"
	    " postal_prefixes: [hs1, ZE]}\n"
	    "    services:\n"
	    "      - {code: s, transit_days: 1, rates: {short: "
	    "[{up_to: 1kg, price: 1 GBP}]}}\n");
	d = config_carrier(cf, "c");
	ok(d && (z = carrier_zone(d, "GB", "HS1 2AB")) &&
	    !strcmp(z->name, "long"), "the longest prefix wins");
	ok(d && (z = carrier_zone(d, "GB", "hs2 2ab")) &&
	    !strcmp(z->name, "short"), "else the shorter, case ignored");
	ok(d && carrier_zone(d, "GB", "SW1A 1AA") == NULL,
	    "no zone for the rest of the country");
	config_free(cf);
}

/* Wednesday 25 November 2026, 10:00 UTC. */
#define WED	"2026-11-25T10:00:00Z"

/* The quote of a carrier's service among n. */
static const struct quote *
find(const struct quote *q, int n, const char *carrier, const char *service)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(q[i].carrier->code, carrier) &&
		    !strcmp(q[i].service->code, service))
			return &q[i];
	return NULL;
}

/* dhl paket's quote for a parcel to a German postal code at WED. */
static const struct quote *
paket(const struct config *cf, long long g, int l, int w, int h,
    const char *postal)
{
	static struct quote q[8];
	struct parcel_spec p = { g, l, w, h };
	int n = carrier_quotes(cf, "BER", &p, "DE", postal, WED, NULL, q, 8);

	return find(q, n, "dhl", "paket");
}

static void
test_quotes(void)
{
	struct config *cf = load(base);
	struct parcel_spec p = { 1000, 300, 200, 100 };
	const struct quote *q;
	struct quote v[8];
	int n;

	n = carrier_quotes(cf, "BER", &p, "DE", "10115", WED, NULL, v, 8);
	is_int(n, 3, "BER: dhl's two services and post's one");
	ok(n == 3 && v[0].service == &cf->carriers[0].services[0] &&
	    v[1].service == &cf->carriers[0].services[1] &&
	    v[2].carrier == &cf->carriers[1], "in oms.yaml's order");
	is_int(carrier_quotes(cf, "HAM", &p, "DE", NULL, WED, NULL, v, 8), 1,
	    "HAM: ups only");
	is_int(carrier_quotes(cf, NULL, &p, "DE", NULL, WED, NULL, v, 8), 4,
	    "no location: every carrier");
	is_int(carrier_quotes(cf, NULL, &p, "DE", NULL, WED, NULL, v, 2), 2,
	    "at most max");
	is_int(carrier_quotes(cf, "BER", &p, "DE", NULL, "yesterday", NULL, v,
	    8), -1, "now that is not a time");
	n = carrier_quotes(cf, "HAM", &p, "DE", NULL, WED, NULL, v, 8);
	is_str(v[0].why, "no zone of the carrier's takes the address",
	    "a country the carrier does not serve");
	n = carrier_quotes(cf, "BER", &p, "AT", NULL, WED, NULL, v, 8);
	is_str(find(v, n, "dhl", "express")->why, "no rates to zone 'eu'",
	    "a zone the service has no rates for");
	is_str(find(v, n, "dhl", "paket")->why, "", "the other service goes");
	is_str(find(v, n, "dhl", "paket")->zone, "eu", "in zone eu");

	/* Brackets, with 4.5% fuel on top of each. */
	q = paket(cf, 2000, 0, 0, 0, NULL);
	ok(q->base == 499 && q->surcharges == 22 && q->price == 521 &&
	    !strcmp(q->currency, "EUR") && !strcmp(q->applied, "fuel"),
	    "exactly 2 kg: the first bracket, 4.99 + 0.22 fuel");
	q = paket(cf, 2001, 0, 0, 0, NULL);
	ok(q->base == 699 && q->surcharges == 31 && q->price == 730,
	    "2.001 kg: the second, 6.99 + 0.31");
	q = paket(cf, 31500, 0, 0, 0, NULL);
	ok(q->why[0] == '\0' && q->base == 1649, "31.5 kg: the last");
	q = paket(cf, 40000, 0, 0, 0, NULL);
	is_str(q->why, "weight 40.000 kg above its brackets (31.500 kg)",
	    "above the last bracket: not quoted, and why");
	q = paket(cf, 0, 100, 100, 100, NULL);
	is_str(q->why, "weight not known", "no weight");

	/* Volumetric: mm3 / 5000 is grams, rounded up. */
	q = paket(cf, 500, 400, 300, 200, NULL);
	ok(q->billable_g == 4800 && q->base == 699,
	    "40 x 30 x 20 cm at 0.5 kg bills 4.8 kg");
	q = paket(cf, 1, 101, 101, 100, NULL);
	is_int(q->billable_g, 205, "1020100 mm3 / 5000 rounds up to 205 g");
	q = paket(cf, 6000, 400, 300, 200, NULL);
	is_int(q->billable_g, 6000, "the actual weight when it is more");
	q = paket(cf, 1000, 1000, 1000, 500, NULL);
	is_str(q->why, "volumetric weight 100.000 kg above its brackets "
	    "(31.500 kg)", "too large by volume");
	q = paket(cf, 1000, 0, 300, 200, NULL);
	is_int(q->billable_g, 1000, "no volume without every side");
	p.width_mm = 200;

	/* Each surcharge kind. */
	q = paket(cf, 1000, 1010, 50, 50, NULL);
	ok(q->base == 499 && q->surcharges == 22 + 2500 &&
	    !strcmp(q->applied, "fuel, bulky"), "longest side over 100 cm");
	q = paket(cf, 1000, 100, 1000, 100, NULL);
	is_str(q->applied, "fuel", "exactly 100 cm is not over");
	q = paket(cf, 1000, 100, 1210, 100, NULL);
	is_str(q->why, "longest side 121.0 cm above its maximum (120.0 cm)",
	    "above max_length: not quoted");
	{
		struct parcel_spec big = { 1000, 100, 1210, 100 };

		n = carrier_quotes(cf, "BER", &big, "DE", NULL, WED, NULL, v,
		    8);
		is_str(find(v, n, "dhl", "express")->why, "",
		    "a service without max_length takes it");
	}
	q = paket(cf, 1000, 0, 0, 0, "18565");
	ok(q->base == 1649 && q->surcharges == 74 + 300 &&
	    q->price == 2023 && !strcmp(q->applied, "fuel, islands") &&
	    !strcmp(q->zone, "islands"), "a zone's surcharge");
	q = paket(cf, 20001, 0, 0, 0, NULL);
	ok(q->surcharges == 74 + 1000 && !strcmp(q->applied, "fuel, heavy"),
	    "weight over 20 kg");
	q = paket(cf, 20000, 0, 0, 0, NULL);
	is_str(q->applied, "fuel", "exactly 20 kg is not over");
	q = paket(cf, 1000, 600, 500, 400, NULL);
	ok(q->billable_g == 24000 && !strcmp(q->applied, "fuel"),
	    "heavy goes by the actual weight, not the volumetric");
	config_free(cf);

	/* Percentages round half up, exactly. */
	cf = load("carriers:\n"
	    "  - code: c\n"
	    "    zones: [{name: z, countries: [DE]}]\n"
	    "    services:\n"
	    "      - code: s\n"
	    "        transit_days: 1\n"
	    "        rates: {z: [{up_to: 1kg, price: 1.00 EUR},"
	    " {up_to: 2kg, price: 0.30 EUR},\n"
	    "                    {up_to: 3kg, price: 99999999.99 EUR}]}\n"
	    "        surcharges:\n"
	    "          - {name: fuel, percent: 4.5}\n"
	    "          - {name: toll, percent: \"12.25\", zones: z}\n");
	if (ok(cf != NULL, "percent config loads")) {
		p.weight_g = 1000;
		carrier_quotes(cf, NULL, &p, "DE", NULL, WED, NULL, v, 1);
		/* 4.5 cents and 12.25 cents: half up, 5 and 12. */
		is_int(v[0].surcharges, 5 + 12, "4.5% of 1.00 is 0.05");
		p.weight_g = 2000;
		carrier_quotes(cf, NULL, &p, "DE", NULL, WED, NULL, v, 1);
		/* 1.35 and 3.675: 1 and 4 */
		is_int(v[0].surcharges, 1 + 4, "of 0.30: 0.01 and 0.04");
		p.weight_g = 3000;
		carrier_quotes(cf, NULL, &p, "DE", NULL, WED, NULL, v, 1);
		/* 449999999.955 -> 450000000, 1224999999.8775 -> 1225000000 */
		is_int(v[0].surcharges, 450000000LL + 1225000000LL,
		    "of 99999999.99, without overflow or float");
	}
	config_free(cf);
}

/* A service's quote for a 400 g parcel from a location to Berlin. */
static const struct quote *
at(const struct config *cf, const char *location, const char *now,
    const char *carrier, const char *service)
{
	static struct quote q[8];
	struct parcel_spec p = { 400, 0, 0, 0 };
	int n = carrier_quotes(cf, location, &p, "DE", "10115", now, NULL, q,
	    8);

	return find(q, n, carrier, service);
}

static void
test_days(void)
{
	struct config *cf = load(base);
	const struct quote *q;
	char day[11];

	q = at(cf, "BER", "2026-11-25T15:59:59Z", "dhl", "paket");
	ok(!strcmp(q->ship_day, "2026-11-25") &&
	    !strcmp(q->delivery_day, "2026-11-27") && q->transit_days == 2,
	    "before the cut-off: today, Wednesday to Friday");
	q = at(cf, "BER", "2026-11-25T16:00:00Z", "dhl", "paket");
	ok(!strcmp(q->ship_day, "2026-11-26") &&
	    !strcmp(q->delivery_day, "2026-11-30"),
	    "at the cut-off: Thursday, and over the weekend to Monday");
	q = at(cf, "BER", "2026-11-27T17:00:00Z", "dhl", "paket");
	ok(!strcmp(q->ship_day, "2026-11-30") &&
	    !strcmp(q->delivery_day, "2026-12-02"),
	    "Friday after the cut-off: Monday");
	q = at(cf, "BER", "2026-11-28T09:00:00Z", "dhl", "express");
	ok(!strcmp(q->ship_day, "2026-11-30") &&
	    !strcmp(q->delivery_day, "2026-12-01"),
	    "Saturday morning: Monday");
	q = at(cf, "BER", "2026-11-25T15:30:00Z", "post", "warenpost");
	ok(!strcmp(q->ship_day, "2026-11-26") &&
	    !strcmp(q->delivery_day, "2026-12-01"),
	    "no cut-off of its own: the location's (15:00)");
	q = at(cf, "BER", "2026-12-31T12:00:00Z", "post", "warenpost");
	is_str(q->delivery_day, "2027-01-05", "over the new year (no "
	    "holidays)");

	ok(carrier_promise_day(cf, "express", "2026-11-27T10:00:00Z",
	    day) == 0 && !strcmp(day, "2026-11-30"),
	    "express on a Friday: promised Monday");
	carrier_promise_day(cf, "EXPRESS", "2026-11-27T10:00:00Z", day);
	is_str(day, "2026-11-30", "ship methods without case");
	carrier_promise_day(cf, "next-day", "2026-11-28T10:00:00Z", day);
	is_str(day, "2026-11-30", "placed on Saturday: Monday");
	carrier_promise_day(cf, "standard", WED, day);
	is_str(day, "2026-12-02", "5 business days from Wednesday");
	carrier_promise_day(cf, "economy", WED, day);
	is_str(day, "2026-12-02", "a method not listed: default_promise");
	carrier_promise_day(cf, NULL, "2024-02-28T23:59:59Z", day);
	is_str(day, "2024-03-06", "no method, over February 29th");
	ok(carrier_promise_day(cf, "standard", "2026-02-30T10:00:00Z",
	    day) < 0 && day[0] == '\0', "no promise from a day that is not");
	config_free(cf);
	cf = load("shipping: {promises: {express: 0}}\n");
	ok(carrier_promise_day(cf, "economy", WED, day) < 0 && day[0] == '\0',
	    "no default_promise: no promise");
	carrier_promise_day(cf, "Express", WED, day);
	is_str(day, "2026-11-25",
	    "0 days: the day it was placed");
	config_free(cf);
}

static void
test_choice(void)
{
	struct config *cf = load(base);
	struct parcel_spec p = { 1000, 0, 0, 0 };
	struct quote v[8], t[4];
	int n, i;

	/* Wednesday: paket 5.21 Friday, express 24.90 Thursday, warenpost
	   (up to 1 lb: a 400 g parcel) 4.39 Monday. */
	p.weight_g = 400;
#define CHOSEN(promise) (n = carrier_quotes(cf, "BER", &p, "DE", "10115", \
	WED, (promise), v, 8), i = carrier_choose(v, n), \
	i < 0 ? "none" : v[i].service->code)
	is_str(CHOSEN(NULL), "warenpost", "no promise: the cheapest");
	ok(v[0].meets_promise && v[1].meets_promise && v[2].meets_promise,
	    "no promise is met by every quote");
	is_str(CHOSEN("2026-11-30"), "warenpost", "all meet Monday: the "
	    "cheapest");
	is_str(CHOSEN("2026-11-27"), "paket", "Friday: the cheapest of those "
	    "that meet it");
	ok(!v[2].meets_promise && v[0].meets_promise, "warenpost misses "
	    "Friday");
	is_str(CHOSEN("2026-11-26"), "express", "Thursday: only express");
	is_str(CHOSEN("2026-11-25"), "express", "none meets: the earliest "
	    "delivery");
	p.weight_g = 30000;
	is_str(CHOSEN(NULL), "express", "30 kg: heavy makes paket (27.23) "
	    "dearer than express");
	p.weight_g = 40000;
	is_str(CHOSEN(NULL), "none", "nothing could be quoted: -1");
#undef CHOSEN
	config_free(cf);

	memset(t, 0, sizeof t);
	for (i = 0; i < 4; i++)
		strcpy(t[i].delivery_day, "2026-12-01");
	t[0].price = 500;
	t[1].price = 400;
	t[2].price = 400;
	strcpy(t[2].delivery_day, "2026-11-30");
	t[3].price = 100;
	strcpy(t[3].why, "no rates");
	t[0].meets_promise = t[1].meets_promise = t[2].meets_promise = 1;
	is_int(carrier_choose(t, 4), 2, "equal prices: the earlier delivery");
	t[2].meets_promise = 0;
	is_int(carrier_choose(t, 4), 1, "one that meets beats an earlier one "
	    "that does not");
	t[0].meets_promise = t[1].meets_promise = 0;
	t[0].price = 300;
	strcpy(t[0].delivery_day, "2026-11-30");
	is_int(carrier_choose(t, 4), 0, "none meets: earliest, then cheaper");
	t[2].price = 300;
	is_int(carrier_choose(t, 4), 0, "all equal: the first");
	is_int(carrier_choose(t + 3, 1), -1, "none quoted");
	is_int(carrier_choose(t, 0), -1, "no quotes");
}

static void
test_tracking(void)
{
	struct config *cf = load(base);
	const struct carrier *d = config_carrier(cf, "dhl");
	const struct carrier *p = config_carrier(cf, "post");
	char out[48];

	/* The UPU's examples, and the two cases that are not 11 - r. */
	is_int(s10_check_digit("47312482"), 9, "RR473124829GB");
	is_int(s10_check_digit("87654321"), 6, "EE876543216CA");
	is_int(s10_check_digit("10000014"), 0, "a remainder of 1: 10 -> 0");
	is_int(s10_check_digit("10000002"), 5, "a remainder of 0: 11 -> 5");
	is_int(s10_check_digit("1234567x"), -1, "not digits");
	/* GS1's: an EAN-13 and a UPC-A as printed. */
	is_int(gs1_check_digit("400638133393"), 1, "4006381333931");
	is_int(gs1_check_digit("03600029145"), 2, "036000291452");
	is_int(gs1_check_digit("12a"), -1, "gs1: not digits");

	ok(tracking_format(d, 10000000, out, sizeof out) == 0 &&
	    !strcmp(out, "RR100000003DE"), "s10: the first serial");
	ok(tracking_format(d, 19999999, out, sizeof out) == 0 &&
	    !strcmp(out, "RR199999999DE"), "s10: the last");
	is_int(tracking_format(d, 9999999, out, sizeof out), -1,
	    "below first");
	is_int(tracking_format(d, 20000000, out, sizeof out), -1,
	    "above last");
	is_int(tracking_format(d, 10000000, out, 13), -1, "no room");
	ok(tracking_format(p, 1, out, sizeof out) == 0 &&
	    !strcmp(out, "00340434000000000017"), "gs1: prefix, zeros, "
	    "check digit");
	ok(tracking_format(p, 99999999999LL, out, sizeof out) == 0 &&
	    !strcmp(out, "00340434999999999993"), "gs1: the last");
	is_int(tracking_format(p, 0, out, sizeof out), -1, "gs1: below");
	is_int(tracking_format(config_carrier(cf, "ups"), 1, out, sizeof out),
	    -1, "no scheme");

	ok(tracking_valid("RR473124829GB"), "valid s10");
	ok(tracking_valid("EE876543216CA"), "another");
	ok(!tracking_valid("RR473124828GB"), "a wrong check digit");
	ok(!tracking_valid("rr473124829GB"), "s10 in lower case");
	ok(!tracking_valid("RR47312482GB"), "s10 a digit short");
	ok(tracking_valid("4006381333931"), "valid gs1");
	ok(tracking_valid("00340434000000000017"), "a formatted one");
	ok(!tracking_valid("036000291453"), "gs1 wrong");
	ok(!tracking_valid("1234565"), "too short to be a tracking number");
	ok(!tracking_valid(""), "nothing");
	config_free(cf);
}

/* A carrier to put one bad line into: line 5 is its services. */
#define HEAD								\
	"locations: [{id: BER}, {id: HAM}]\n"				\
	"carriers:\n"							\
	"  - code: dhl\n"						\
	"    zones: [{name: de, countries: DE}, {name: eu, countries: AT}]\n"
#define SVC(extra)							\
	"    services:\n"						\
	"      - code: paket\n"						\
	"        transit_days: {de: 2, eu: 4}\n"			\
	"        rates: {de: [{up_to: 2kg, price: 4.99 EUR}]}\n"	\
	extra

static void
test_errors(void)
{
	static const struct {
		const char *yaml, *want, *name;
	} cases[] = {
	{ HEAD SVC("") "    colour: yellow\n",
	  "9:5: carriers: unknown key 'colour'", "unknown carrier key" },
	{ HEAD SVC("        speed: fast\n"),
	  "9:9: services: unknown key 'speed'", "unknown service key" },
	{ HEAD "    services:\n"
	  "      - {code: p, transit_days: 1, rates: {de: [{up_to: 2kg,"
	  " cost: 1 EUR}]}}\n",
	  "6:62: rates: unknown key 'cost'", "unknown bracket key" },
	{ HEAD SVC("        surcharges: [{name: x, amount: 1 EUR, when: y}]\n"),
	  "9:47: surcharges: unknown key 'when'", "unknown surcharge key" },
	{ "carriers:\n  - code: c\n    zones: [{name: z, countries: DE,"
	  " cities: [Berlin]}]\n",
	  "3:38: zones: unknown key 'cities'", "unknown zone key" },
	{ HEAD SVC("") "    tracking: {scheme: s10, prefix: RR, country: DE,"
	  " first: 1, last: 2, step: 1}\n",
	  "9:73: tracking: unknown key 'step'", "unknown tracking key" },
	{ "shipping: {promise: {standard: 5}}\n",
	  "1:12: shipping: unknown key 'promise'", "unknown shipping key" },
	{ HEAD "    services:\n"
	  "      - code: p\n"
	  "        transit_days: 2\n"
	  "        rates:\n"
	  "          de: [{up_to: 5kg, price: 6.99 EUR},\n"
	  "               {up_to: 2kg, price: 4.99 EUR}]\n",
	  "10:24: up_to: 2.000 kg is not above the bracket before it "
	  "(5.000 kg): brackets go up", "brackets not ascending" },
	{ HEAD "    services:\n"
	  "      - code: p\n"
	  "        transit_days: 2\n"
	  "        rates:\n"
	  "          de: [{up_to: 2kg, price: 6.99 EUR},\n"
	  "               {up_to: 2000g, price: 4.99 EUR}]\n",
	  "10:24: up_to: 2.000 kg is not above the bracket before it "
	  "(2.000 kg): brackets go up", "the same bracket twice" },
	{ HEAD "    services:\n"
	  "      - code: p\n"
	  "        transit_days: 2\n"
	  "        rates: {islands: [{up_to: 2kg, price: 4.99 EUR}]}\n",
	  "8:17: rates: carrier 'dhl' has no zone 'islands'",
	  "a zone in rates that the carrier lacks" },
	{ HEAD "    services:\n"
	  "      - code: p\n"
	  "        transit_days: {de: 1, world: 5}\n"
	  "        rates: {de: [{up_to: 2kg, price: 4.99 EUR}]}\n",
	  "7:31: transit_days: carrier 'dhl' has no zone 'world'",
	  "a zone in transit_days that the carrier lacks" },
	{ HEAD SVC("        surcharges: [{name: x, amount: 1 EUR, zones: [eu,"
	  " us]}]\n"),
	  "9:59: zones: carrier 'dhl' has no zone 'us'",
	  "a zone in a surcharge that the carrier lacks" },
	{ HEAD "    services:\n"
	  "      - code: p\n"
	  "        transit_days: {de: 1}\n"
	  "        rates: {de: [{up_to: 2kg, price: 4.99 EUR}],\n"
	  "                eu: [{up_to: 2kg, price: 9.99 EUR}]}\n",
	  "9:17: rates: zone 'eu' needs transit_days",
	  "rates without transit_days" },
	{ HEAD "    services:\n"
	  "      - code: p\n"
	  "        transit_days: 1\n"
	  "        rates: {de: [{up_to: 2kg, price: 4.99 EUR},"
	  " {up_to: 5kg, price: 6.99 CHF}]}\n",
	  "8:73: price: CHF is not the EUR of the price on line 8: a "
	  "location's quotes must be comparable",
	  "two currencies in a carrier" },
	{ HEAD SVC("        surcharges: [{name: x, amount: 1 USD}]\n"),
	  "9:40: amount: USD is not the EUR of the price on line 8: a "
	  "location's quotes must be comparable",
	  "a surcharge in another currency" },
	{ HEAD SVC("")
	  "  - code: ch\n"
	  "    locations: [HAM, BER]\n"
	  "    zones: [{name: ch, countries: CH}]\n"
	  "    services: [{code: p, transit_days: 1,"
	  " rates: {ch: [{up_to: 1kg, price: 9 CHF}]}}]\n",
	  "12:76: price: CHF is not the EUR of carrier 'dhl', which also "
	  "collects from BER: a location's quotes must be comparable",
	  "carriers that share a location in two currencies" },
	{ HEAD "    locations: [BER]\n" SVC("")
	  "  - code: ch\n"
	  "    locations: [HAM]\n"
	  "    zones: [{name: ch, countries: CH}]\n"
	  "    services: [{code: p, transit_days: 1,"
	  " rates: {ch: [{up_to: 1kg, price: 9 CHF}]}}]\n"
	  "  - code: x\n",
	  "14:5: carriers: 'x' needs services",
	  "carriers at different locations may differ (the next error "
	  "is another)" },
	{ HEAD SVC("") "    tracking: {scheme: s10, prefix: RR, country: DE,"
	  " first: 1, last: 100000000}\n",
	  "9:70: last: 100000000 does not fit the 8-digit serial of s10",
	  "an s10 range too large" },
	{ HEAD SVC("") "    tracking: {scheme: gs1, prefix: \"1234\","
	  " length: 8, first: 0, last: 1000}\n",
	  "9:72: last: 1000 does not fit the 3-digit serial of this gs1 "
	  "number", "a gs1 range too large" },
	{ HEAD SVC("") "    tracking: {scheme: s10, prefix: RR, country: DE,"
	  " first: 5, last: 4}\n",
	  "9:70: last: 4 is below first (5)", "a range upside down" },
	{ HEAD SVC("") "    tracking: {scheme: s10, prefix: R1, country: DE,"
	  " first: 5, last: 6}\n",
	  "9:37: prefix: expected two capital letters, not 'R1'",
	  "an s10 prefix" },
	{ HEAD SVC("") "    tracking: {scheme: s10, prefix: RR,"
	  " country: Germany, first: 5, last: 6}\n",
	  "9:50: country: expected an ISO 3166 alpha-2 code in capitals, not "
	  "'Germany'", "an s10 country" },
	{ HEAD SVC("") "    tracking: {scheme: s10, prefix: RR, first: 5,"
	  " last: 6}\n",
	  "9:15: tracking: s10 needs a prefix and a country",
	  "an s10 without country" },
	{ HEAD SVC("") "    tracking: {scheme: gs1, length: 20, country: DE,"
	  " first: 5, last: 6}\n",
	  "9:50: tracking: gs1 takes no 'country'", "gs1 with a country" },
	{ HEAD SVC("") "    tracking: {scheme: ups, first: 5, last: 6}\n",
	  "9:24: scheme: expected s10 or gs1, not 'ups'", "a scheme" },
	{ HEAD SVC("") "  - code: dhl\n",
	  "9:11: carriers: duplicate code 'dhl'", "a carrier twice" },
	{ HEAD SVC("      - code: paket\n"),
	  "9:15: services: duplicate code 'paket'", "a service twice" },
	{ "carriers:\n  - code: c\n    zones: [{name: z, countries: DE},"
	  " {name: z, countries: AT}]\n",
	  "3:46: zones: duplicate name 'z'", "a zone name twice" },
	{ "carriers:\n  - code: c\n    zones: [{name: z, countries: DE},"
	  " {name: y, countries: [AT, Deutschland]}]\n",
	  "3:65: countries: DE is already in zone 'z'",
	  "a country in two zones" },
	{ "carriers:\n  - code: c\n    zones: [{name: z, countries: DE,"
	  " postal_prefixes: [\"1\"]},\n"
	  "            {name: y, countries: DE,"
	  " postal_prefixes: [\"2\", 1]}]\n",
	  "4:61: postal_prefixes: DE 1 is already in zone 'z'",
	  "a postal prefix in two zones" },
	{ "carriers:\n  - code: DHL\n",
	  "2:11: code: expected lower-case letters, digits, '_' and '-', "
	  "not 'DHL'", "a code in capitals" },
	{ "carriers:\n  - {code: c, adapter: \"../x\"}\n",
	  "2:24: adapter: expected lower-case letters, digits, '_' and '-', "
	  "not '../x'", "an adapter that is a path" },
	{ HEAD SVC("") "    locations: [BER, FRA]\n",
	  "9:22: locations: unknown location 'FRA'", "an unknown location" },
	{ HEAD "    services:\n",
	  "5:14: carriers: 'dhl' needs services", "no services" },
	{ HEAD "    services: [{code: p, transit_days: 1}]\n",
	  "5:16: services: 'p' needs rates", "a service without rates" },
	{ HEAD "    services: [{code: p, transit_days: 1, rates: {de: []}}]\n",
	  "5:55: de: expected at least one bracket (leave the zone out "
	  "where the service does not go)", "an empty zone of rates" },
	{ HEAD SVC("        max_length: 2 stone\n"),
	  "9:21: max_length: bad length '2 stone': expected a number and a "
	  "unit mm, cm, m or in, like 120cm", "a length" },
	{ HEAD "    services: [{code: p, transit_days: 1,"
	  " rates: {de: [{up_to: 1.0001kg, price: 1 EUR}]}}]\n",
	  "5:64: up_to: bad weight '1.0001kg': more than 3 decimal places",
	  "a weight past the gram" },
	{ HEAD "    services: [{code: p, transit_days: 1,"
	  " rates: {de: [{up_to: 0kg, price: 1 EUR}]}}]\n",
	  "5:64: up_to: bad weight '0kg': expected more than nothing",
	  "a weight of nothing" },
	{ HEAD SVC("        surcharges: [{name: fuel, percent: 4.555}]\n"),
	  "9:44: percent: expected a percentage from 0.01 to 1000 with at "
	  "most 2 decimal places, not '4.555'", "a percent" },
	{ HEAD SVC("        surcharges: [{name: fuel, percent: 4,"
	  " amount: 1 EUR}]\n"),
	  "9:44: surcharges: 'fuel' has a percent and an amount: expected "
	  "one of them", "percent and amount" },
	{ HEAD SVC("        surcharges: [{name: fuel}]\n"),
	  "9:22: surcharges: 'fuel' needs a percent or an amount",
	  "neither" },
	{ HEAD SVC("") "    volumetric_divisor: 5000.5\n",
	  "9:25: volumetric_divisor: expected an integer from 0 to 1000000, "
	  "not '5000.5'", "a divisor" },
	{ HEAD SVC("") "    cutoff: \"4pm\"\n",
	  "9:13: cutoff: expected a time HH:MM from 00:00 to 23:59, not "
	  "'4pm'", "a cut-off" },
	{ "shipping: {promises: {express: 1, Express: 2}}\n",
	  "1:35: promises: 'Express' is 'express' again",
	  "a ship method twice, in another case" },
	{ "shipping: {promises: {express: soon}}\n",
	  "1:32: express: expected an integer from 0 to 365, not 'soon'",
	  "promised days" },
	{ "shipping: {label: png}\n",
	  "1:19: label: expected pdf or zpl, not 'png'", "a label format" },
	{ "shipping: {label_size: 4x4}\n",
	  "1:24: label_size: expected 4x6 or a6, not '4x4'", "a label size" },
	{ HEAD SVC("") "    tracking_url: https://example.com/track\n",
	  "9:19: tracking_url: expected a link with {tracking} in it",
	  "a tracking link without the number" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(error_of(cases[i].yaml), cases[i].want, cases[i].name);
}

/* The link a customer follows a parcel by. */
static void
test_tracking_url(void)
{
	struct carrier cr;
	char out[64];

	memset(&cr, 0, sizeof cr);
	is_int(carrier_tracking_url(&cr, "RR1DE", out, sizeof out), -1,
	    "no tracking_url: no link");
	is_str(out, "", "no link is empty");
	cr.tracking_url = "https://t.example/{tracking}?q={tracking}";
	is_int(carrier_tracking_url(&cr, "RR1DE", out, sizeof out), 0,
	    "a link");
	is_str(out, "https://t.example/RR1DE?q=RR1DE",
	    "every {tracking} replaced");
	is_int(carrier_tracking_url(&cr, "RR1DE", out, 20), -1,
	    "a link that does not fit");
	is_str(out, "", "and is empty");
	is_int(carrier_tracking_url(NULL, "RR1DE", out, sizeof out), -1,
	    "no carrier");
}

int
main(void)
{
	progname = "oms";
	test_tracking_url();
	test_load();
	test_measure();
	test_zones();
	test_quotes();
	test_days();
	test_choice();
	test_tracking();
	test_errors();
	return done_testing();
}
