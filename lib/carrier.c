#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "carrier.h"
#include "country.h"
#include "measure.h"
#include "tracking.h"

/*
 * The day a carrier takes a parcel handed over at now: that day if it
 * is a business day and now is before the cut-off (the carrier's, else
 * the location's), else the next business day.  -1 if now is not a
 * time.
 */
static int
ship_day(const struct config *cf, const struct carrier *cr,
    const char *location, const char *now, char out[11])
{
	const struct location *l = config_location(cf, location);
	int cutoff = cr->cutoff_minutes, minutes, business;

	if ((business = is_business_day(now)) < 0 || strlen(now) < 16 ||
	    now[10] != 'T' || !isdigit((unsigned char)now[11]) ||
	    !isdigit((unsigned char)now[14]))
		return -1;
	if (cutoff < 0 && l != NULL)
		cutoff = l->cutoff_minutes;
	minutes = atoi(now + 11) * 60 + atoi(now + 14);
	business_day_add(now, !business || (cutoff >= 0 && minutes >= cutoff),
	    out);
	return 0;
}

const struct carrier_zone *
carrier_zone(const struct carrier *cr, const char *country,
    const char *postal)
{
	const struct carrier_zone *z, *best = NULL;
	const char *cc;
	char key[64];
	size_t j = 0, len, best_len = 0;
	int i, m, p;

	if (country == NULL || (cc = country_code(country)) == NULL)
		return NULL;
	/* As config.c keeps the prefixes: no case, blanks or hyphens. */
	for (; postal && *postal && j + 1 < sizeof key; postal++)
		if (*postal != ' ' && *postal != '\t' && *postal != '-')
			key[j++] = (char)toupper((unsigned char)*postal);
	key[j] = '\0';
	for (i = 0; i < cr->nzones; i++) {
		z = &cr->zones[i];
		for (m = 0; m < z->ncountries &&
		    strcmp(z->countries[m], cc); m++)
			;
		if (m == z->ncountries)
			continue;
		if (z->npostal_prefixes == 0) {
			if (best == NULL)
				best = z;
			continue;
		}
		for (p = 0; p < z->npostal_prefixes; p++) {
			len = strlen(z->postal_prefixes[p]);
			if (len > best_len &&
			    !strncmp(key, z->postal_prefixes[p], len)) {
				best = z;
				best_len = len;
			}
		}
	}
	return best;
}

/*
 * base x percent, half up to the minor unit.  Split at 10000 so that
 * the product stays inside long long for any amount oms holds.
 */
static long long
percent_of(long long base, int basis_points)
{
	return base / 10000 * basis_points +
	    (base % 10000 * basis_points + 5000) / 10000;
}

static int
surcharge_applies(const struct surcharge *sc, int zone, int longest,
    long long weight)
{
	int i;

	if (sc->longest_over_mm > 0 && longest <= sc->longest_over_mm)
		return 0;
	if (sc->weight_over_g > 0 && weight <= sc->weight_over_g)
		return 0;
	if (sc->nzones == 0)
		return 1;
	for (i = 0; i < sc->nzones; i++)
		if (sc->zones[i] == zone)
			return 1;
	return 0;
}

/* The parcel's volume in mm3 over the divisor, rounded up, in grams. */
static long long
volumetric_g(const struct parcel_spec *p, int divisor)
{
	long long v;

	if (divisor <= 0 || p->length_mm <= 0 || p->width_mm <= 0 ||
	    p->height_mm <= 0)
		return 0;
	/* mm3 / (cm3 per kg) is grams: 1 kg per divisor cm3. */
	if (__builtin_mul_overflow((long long)p->length_mm, p->width_mm, &v) ||
	    __builtin_mul_overflow(v, (long long)p->height_mm, &v))
		return LLONG_MAX;
	return v / divisor + (v % divisor != 0);
}

static void
quote_service(const struct carrier *cr, const struct carrier_service *sv,
    int zone, const struct parcel_spec *p, int longest, const char *ship,
    const char *promise_day, struct quote *q)
{
	const struct service_zone *sz;
	const struct rate_bracket *b = NULL;
	char w[32], lim[32];
	long long vol, extra;
	int i;

	if (zone < 0) {
		snprintf(q->why, sizeof q->why, "no zone of the carrier's "
		    "takes the address");
		return;
	}
	sz = &sv->zones[zone];
	if (sz->nbrackets == 0) {
		snprintf(q->why, sizeof q->why, "no rates to zone '%s'",
		    q->zone);
		return;
	}
	if (p->weight_g <= 0) {
		snprintf(q->why, sizeof q->why, "weight not known");
		return;
	}
	if (sv->max_length_mm > 0 && longest > sv->max_length_mm) {
		measure_format(MEASURE_LENGTH, longest, w);
		measure_format(MEASURE_LENGTH, sv->max_length_mm, lim);
		snprintf(q->why, sizeof q->why, "longest side %s above its "
		    "maximum (%s)", w, lim);
		return;
	}
	vol = volumetric_g(p, cr->volumetric_divisor);
	q->billable_g = vol > p->weight_g ? vol : p->weight_g;
	for (i = 0; i < sz->nbrackets && b == NULL; i++)
		if (q->billable_g <= sz->brackets[i].up_to_g)
			b = &sz->brackets[i];
	if (b == NULL) {
		measure_format(MEASURE_WEIGHT, q->billable_g, w);
		measure_format(MEASURE_WEIGHT,
		    sz->brackets[sz->nbrackets - 1].up_to_g, lim);
		snprintf(q->why, sizeof q->why, "%sweight %s above its "
		    "brackets (%s)", vol > p->weight_g ? "volumetric " : "",
		    w, lim);
		return;
	}
	q->base = b->price.minor;
	for (i = 0; i < sv->nsurcharges; i++) {
		const struct surcharge *sc = &sv->surcharges[i];
		size_t len = strlen(q->applied);

		if (!surcharge_applies(sc, zone, longest, p->weight_g))
			continue;
		extra = sc->basis_points ? percent_of(q->base,
		    sc->basis_points) : sc->amount.minor;
		q->surcharges += extra;
		snprintf(q->applied + len, sizeof q->applied - len, "%s%s",
		    len ? ", " : "", sc->name);
	}
	q->price = q->base + q->surcharges;
	q->transit_days = sz->transit_days;
	business_day_add(ship, q->transit_days, q->delivery_day);
	q->meets_promise = promise_day == NULL ||
	    strcmp(q->delivery_day, promise_day) <= 0;
}

int
carrier_quotes(const struct config *cf, const char *location,
    const struct parcel_spec *p, const char *country, const char *postal,
    const char *now, const char *promise_day, struct quote *out, int max)
{
	const struct carrier *cr;
	const struct carrier_zone *z;
	int i, j, n = 0, zone, longest;
	char ship[11];

	longest = p->length_mm;
	if (p->width_mm > longest)
		longest = p->width_mm;
	if (p->height_mm > longest)
		longest = p->height_mm;
	for (i = 0; i < cf->ncarriers; i++) {
		cr = &cf->carriers[i];
		if (location != NULL && !carrier_collects(cr, location))
			continue;
		if (ship_day(cf, cr, location, now, ship) == -1)
			return -1;
		z = carrier_zone(cr, country, postal);
		zone = z ? (int)(z - cr->zones) : -1;
		for (j = 0; j < cr->nservices && n < max; j++) {
			struct quote *q = &out[n++];

			memset(q, 0, sizeof *q);
			q->carrier = cr;
			q->service = &cr->services[j];
			q->zone = z ? z->name : NULL;
			memcpy(q->currency, cr->currency, sizeof q->currency);
			memcpy(q->ship_day, ship, sizeof q->ship_day);
			quote_service(cr, q->service, zone, p, longest, ship,
			    promise_day, q);
		}
	}
	return n;
}

int
carrier_choose(const struct quote *q, int n)
{
	const struct quote *a, *b;
	int i, best = -1, d;

	for (i = 0; i < n; i++) {
		if (q[i].why[0] != '\0')
			continue;
		if (best < 0) {
			best = i;
			continue;
		}
		a = &q[i];
		b = &q[best];
		if (a->meets_promise != b->meets_promise) {
			if (a->meets_promise)
				best = i;
			continue;
		}
		d = strcmp(a->delivery_day, b->delivery_day);
		if (a->meets_promise ? a->price < b->price ||
		    (a->price == b->price && d < 0) :
		    d < 0 || (d == 0 && a->price < b->price))
			best = i;
	}
	return best;
}

int
carrier_promise_day(const struct config *cf, const char *ship_method,
    const char *placed_at, char out[11])
{
	const struct shipping_config *sc = &cf->shipping;
	int i, days = sc->default_promise;

	out[0] = '\0';
	for (i = 0; ship_method && i < sc->npromises; i++)
		if (!strcasecmp(sc->promises[i].ship_method, ship_method)) {
			days = sc->promises[i].days;
			break;
		}
	if (days < 0)
		return -1;
	business_day_add(placed_at, days, out);
	return out[0] != '\0' ? 0 : -1;
}

int
s10_check_digit(const char serial8[8])
{
	static const int w[8] = { 8, 6, 4, 2, 3, 5, 9, 7 };
	int i, sum = 0, c;

	for (i = 0; i < 8; i++) {
		if (!isdigit((unsigned char)serial8[i]))
			return -1;
		sum += (serial8[i] - '0') * w[i];
	}
	c = 11 - sum % 11;
	return c == 10 ? 0 : c == 11 ? 5 : c;
}

/* From the right, weights 3, 1, 3, ...; what takes the sum to a ten. */
int
gs1_check_digit(const char *digits)
{
	size_t i, n = strlen(digits);
	int sum = 0;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)digits[n - 1 - i]))
			return -1;
		sum += (digits[n - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
	}
	return (10 - sum % 10) % 10;
}

int
tracking_format(const struct carrier *c, long long serial, char *out,
    size_t n)
{
	const struct tracking_spec *t = &c->tracking;
	char num[48];
	int w, len;

	if (t->scheme == TRACK_NONE || serial < t->first || serial > t->last)
		return -1;
	if (t->scheme == TRACK_S10) {
		snprintf(num, sizeof num, "%08lld", serial);
		len = snprintf(out, n, "%s%s%d%s", t->prefix, num,
		    s10_check_digit(num), t->country);
	} else {
		w = t->length - (int)strlen(t->prefix) - 1;
		snprintf(num, sizeof num, "%s%0*lld", t->prefix, w, serial);
		len = snprintf(out, n, "%s%d", num, gs1_check_digit(num));
	}
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

int
tracking_valid(const char *s)
{
	char body[48];
	size_t n = strlen(s);
	int i;

	if (n == 13 && isupper((unsigned char)s[0]) &&
	    isupper((unsigned char)s[1]) && isupper((unsigned char)s[11]) &&
	    isupper((unsigned char)s[12])) {
		for (i = 2; i < 11; i++)
			if (!isdigit((unsigned char)s[i]))
				return 0;
		return s10_check_digit(s + 2) == s[10] - '0';
	}
	if (n < 8 || n > 40 || s[strspn(s, "0123456789")] != '\0')
		return 0;
	memcpy(body, s, n - 1);
	body[n - 1] = '\0';
	return gs1_check_digit(body) == s[n - 1] - '0';
}

int
carrier_tracking_url(const struct carrier *cr, const char *tracking,
    char *out, size_t n)
{
	const char *p, *hit;
	size_t len = 0, k;

	if (n == 0)
		return -1;
	out[0] = '\0';
	if (cr == NULL || cr->tracking_url == NULL || tracking == NULL)
		return -1;
	for (p = cr->tracking_url; (hit = strstr(p, "{tracking}")) != NULL;
	    p = hit + 10) {
		k = (size_t)(hit - p);
		if (len + k + strlen(tracking) >= n)
			goto toolong;
		memcpy(out + len, p, k);
		len += k;
		memcpy(out + len, tracking, strlen(tracking));
		len += strlen(tracking);
	}
	if (len + strlen(p) >= n)
		goto toolong;
	memcpy(out + len, p, strlen(p) + 1);
	return 0;
toolong:
	out[0] = '\0';
	return -1;
}

const struct carrier_service *
carrier_service(const struct carrier *cr, const char *code)
{
	int i;

	if (cr == NULL || code == NULL)
		return NULL;
	for (i = 0; i < cr->nservices; i++)
		if (strcmp(cr->services[i].code, code) == 0)
			return &cr->services[i];
	return NULL;
}

const char *
carrier_service_name(const struct carrier *cr, const char *code)
{
	const struct carrier_service *sv = carrier_service(cr, code);

	return sv && sv->name ? sv->name : code;
}
