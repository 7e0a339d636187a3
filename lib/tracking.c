#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "datetime.h"
#include "tracking.h"
#include "util.h"

static const char *const state_names[TS_COUNT] = {
	"in_transit", "out_for_delivery", "delivered", "exception", "returned"
};

static const char *const kind_names[NOTIFY_COUNT] = {
	"shipped", "out_for_delivery", "delayed", "delivered"
};

const char *
track_state_name(enum track_state s)
{
	return (int)s >= 0 && s < TS_COUNT ? state_names[s] : NULL;
}

int
track_state_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < TS_COUNT; i++)
		if (!strcasecmp(s, state_names[i]))
			return i;
	return -1;
}

/*
 * The item events of UPU standard M40 (EMSEVT v3) that say where a
 * postal parcel is.  Left out are those whose meaning for the customer
 * depends on the operator: EDH (waiting at a pick-up point), EXC
 * (returned from export customs, usually to go on), EXX and EDX
 * (export cancelled, import terminated); tracking.codes maps them.
 */
static const struct {
	const char *code;
	enum track_state state;
} upu_events[] = {
	{ "EMA", TS_IN_TRANSIT },	/* posting, collection */
	{ "EMB", TS_IN_TRANSIT },	/* arrival at outward office of
					   exchange */
	{ "EMC", TS_IN_TRANSIT },	/* departure from outward office */
	{ "EMD", TS_IN_TRANSIT },	/* arrival at inward office */
	{ "EME", TS_IN_TRANSIT },	/* held by import customs */
	{ "EMF", TS_IN_TRANSIT },	/* departure from inward office */
	{ "EMG", TS_IN_TRANSIT },	/* arrival at delivery office */
	{ "EMH", TS_EXCEPTION },	/* attempted, unsuccessful delivery */
	{ "EMI", TS_DELIVERED },	/* final delivery */
	{ "EMJ", TS_IN_TRANSIT },	/* arrival at transit office */
	{ "EMK", TS_IN_TRANSIT },	/* departure from transit office */
	{ "EDA", TS_IN_TRANSIT },	/* held at inward office */
	{ "EDB", TS_IN_TRANSIT },	/* presented to import customs */
	{ "EDC", TS_IN_TRANSIT },	/* returned from import customs */
	{ "EDD", TS_IN_TRANSIT },	/* into sorting centre */
	{ "EDE", TS_IN_TRANSIT },	/* out of sorting centre */
	{ "EDF", TS_IN_TRANSIT },	/* held at delivery depot */
	{ "EDG", TS_OUT_FOR_DELIVERY },	/* out for physical delivery */
	{ "EXA", TS_IN_TRANSIT },	/* presented to export customs */
	{ "EXB", TS_IN_TRANSIT },	/* held by export customs */
	{ "EXD", TS_IN_TRANSIT },	/* held at outward office */
};

static int
mapped(const struct config *cf, const char *carrier, const char *code)
{
	const struct track_code *tc;
	int i;

	for (i = 0; i < cf->tracking.ncodes; i++) {
		tc = &cf->tracking.codes[i];
		if ((carrier == NULL ? tc->carrier == NULL :
		    tc->carrier != NULL && !strcasecmp(tc->carrier, carrier)) &&
		    !strcasecmp(tc->code, code))
			return tc->state;
	}
	return -1;
}

int
track_state_for(const struct config *cf, const char *carrier,
    const char *code)
{
	size_t i;
	int s;

	if (code == NULL)
		return -1;
	if (cf != NULL && carrier != NULL &&
	    (s = mapped(cf, carrier, code)) >= 0)
		return s;
	if (cf != NULL && (s = mapped(cf, NULL, code)) >= 0)
		return s;
	for (i = 0; i < sizeof upu_events / sizeof upu_events[0]; i++)
		if (!strcasecmp(upu_events[i].code, code))
			return upu_events[i].state;
	return track_state_parse(code);
}

int
track_state_advances(int cur, const char *cur_at, enum track_state next,
    const char *next_at)
{
	if ((int)next < 0 || next >= TS_COUNT)
		return 0;
	if (cur < 0)
		return 1;
	if (next == (enum track_state)cur)
		return 0;
	/* Carriers' feeds arrive late and out of order; times decide. */
	if (cur_at != NULL && *cur_at != '\0' && next_at != NULL &&
	    *next_at != '\0' && strcmp(next_at, cur_at) < 0)
		return 0;
	if (cur == TS_RETURNED)
		return 0;
	/* A parcel refused at the door comes back after "delivered". */
	if (cur == TS_DELIVERED)
		return next == TS_RETURNED;
	return 1;
}

const char *
notify_kind_name(enum notify_kind k)
{
	return (int)k >= 0 && k < NOTIFY_COUNT ? kind_names[k] : NULL;
}

int
notify_kind_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < NOTIFY_COUNT; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

const struct notify_template *
notify_template(const struct config *cf, enum notify_kind k)
{
	int i;

	for (i = 0; i < cf->notifications.ntemplates; i++)
		if (cf->notifications.templates[i].kind == (int)k)
			return &cf->notifications.templates[i];
	return NULL;
}

/* The value of the placeholder of len characters at p; 0 if none. */
static int
placeholder(const char *p, size_t len, const struct track_vars *v,
    const char **out)
{
	static const char *const names[] = {
		"name", "email", "order", "channel", "tracking", "carrier",
		"service", "status", "expected", "promised", "location", "url"
	};
	static const struct track_vars none;
	const struct track_vars *w = v ? v : &none;
	const char *const values[] = {
		w->name, w->email, w->order, w->channel, w->tracking,
		w->carrier, w->service, w->status, w->expected, w->promised,
		w->location, w->url
	};
	size_t i;

	_Static_assert(sizeof values / sizeof values[0] ==
	    sizeof names / sizeof names[0], "a name for every value");
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == len && !strncmp(names[i], p, len)) {
			*out = values[i];
			return 1;
		}
	return 0;
}

char *
track_render(const char *tmpl, const struct track_vars *v, char *why,
    size_t n)
{
	struct buf b;
	const char *p, *end, *val;

	buf_init(&b);
	buf_adds(&b, "");	/* an empty template is "", not NULL */
	for (p = tmpl; *p != '\0'; p++) {
		if ((*p == '{' || *p == '}') && p[1] == *p) {
			buf_addc(&b, *p++);
			continue;
		}
		if (*p != '{') {
			buf_addc(&b, *p);
			continue;
		}
		if ((end = strpbrk(p + 1, "{}")) == NULL || *end == '{') {
			if (n > 0)
				snprintf(why, n, "'{' without '}': write '{{' "
				    "for a brace");
			goto fail;
		}
		if (!placeholder(p + 1, (size_t)(end - p - 1), v, &val)) {
			if (n > 0)
				snprintf(why, n, "unknown placeholder '%.*s'",
				    (int)(end - p + 1 > 40 ? 40 : end - p + 1),
				    p);
			goto fail;
		}
		if (val != NULL)
			buf_adds(&b, val);
		p = end;
	}
	return b.data;
fail:
	buf_free(&b);
	return NULL;
}

/* Days since 1970-01-01 of the day s starts with, or LLONG_MIN. */
static long long
day_number(const char *s)
{
	long long d;
	int i, y, m, dd;

	if (s == NULL)
		return LLONG_MIN;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' :
		    !isdigit((unsigned char)s[i]))
			return LLONG_MIN;
	y = atoi(s);
	m = atoi(s + 5);
	dd = atoi(s + 8);
	if (m < 1 || m > 12 || dd < 1)
		return LLONG_MIN;
	d = days_from_civil(y, m, dd);
	/* February 30 would be March 2: the next month must start later. */
	if (d >= (m == 12 ? days_from_civil(y + 1, 1, 1) :
	    days_from_civil(y, m + 1, 1)))
		return LLONG_MIN;
	return d;
}

/* a / b rounded down, b > 0: days before 1970 count too. */
static long long
floor_div(long long a, long long b)
{
	return a / b - (a % b != 0 && a < 0);
}

/* 0 for Monday to 6 for Sunday: 1970-01-05 was a Monday. */
static int
weekday(long long d)
{
	return (int)(d - 4 - 7 * floor_div(d - 4, 7));
}

/*
 * Business days from Monday 1970-01-05 up to and including d: counted
 * rather than stepped, so that a span of years costs no more than one
 * of days.
 */
static long long
business_count(long long d)
{
	long long w = floor_div(d - 4, 7);
	int r = weekday(d);

	return 5 * w + (r < 5 ? r + 1 : 5);
}

/* The business day whose business_count is c. */
static long long
business_nth(long long c)
{
	long long w = floor_div(c - 1, 5);

	return 4 + 7 * w + (c - 1 - 5 * w);
}

int
is_business_day(const char *day)
{
	long long d = day_number(day);

	return d == LLONG_MIN ? -1 : weekday(d) < 5;
}

int
business_days_between(const char *from, const char *to)
{
	long long a = day_number(from), b = day_number(to);

	if (a == LLONG_MIN || b == LLONG_MIN)
		return INT_MIN;
	return (int)(business_count(b) - business_count(a));
}

void
business_day_add(const char *day, int n, char out[11])
{
	long long d = day_number(day), c;
	struct tm tm;
	time_t t;
	char text[40];

	out[0] = '\0';
	if (d == LLONG_MIN)
		return;
	if (n != 0) {
		/* A weekend counts with the Friday before it. */
		c = business_count(d) + n + (n < 0 && weekday(d) >= 5);
		d = business_nth(c);
	}
	t = (time_t)d * 86400;
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 < 0 ||
	    tm.tm_year + 1900 > 9999)
		return;
	/* Exactly ten characters, which the compiler cannot see. */
	snprintf(text, sizeof text, "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, text, 11);
}
