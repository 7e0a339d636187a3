/*
 * Tracking for oms-track: what a carrier's event codes mean for a
 * parcel, whether an event changes what the ledger believes, the
 * customer notifications of oms.yaml's notifications section, and the
 * business days that delay projection and rate shopping (carrier.h)
 * count in.  Pure functions of oms.yaml (config.h): no ledger, no I/O.
 * Business days are Monday to Friday, UTC, without public holidays.
 */
#ifndef OMS_TRACKING_H
#define OMS_TRACKING_H

#include <stddef.h>

#include "config.h"

/* Where a parcel is, as oms keeps it; the names are oms.yaml's. */
enum track_state {
	TS_IN_TRANSIT,		/* "in_transit" */
	TS_OUT_FOR_DELIVERY,	/* "out_for_delivery" */
	TS_DELIVERED,		/* "delivered": final, but for returned */
	TS_EXCEPTION,		/* "exception": held, damaged, not delivered */
	TS_RETURNED,		/* "returned": final */
	TS_COUNT
};

/* The name of a state; NULL outside the enum. */
const char *track_state_name(enum track_state s);
/* The state a name means, case ignored; -1 if none. */
int track_state_parse(const char *s);

/*
 * The state a carrier's event code means: the carrier's own mapping in
 * tracking.codes, then its "*" mapping, then the UPU EMSEVT v3 events
 * postal operators send (EMA to EMK, EDA to EDG, EXA, EXB, EXD; EDG is
 * out_for_delivery, EMH exception, EMI delivered, the rest in_transit),
 * then the state names themselves ("delivered").  Codes and carriers
 * are matched with case ignored; cf or carrier NULL skips the mappings.
 * -1 when the code means nothing known.
 */
int track_state_for(const struct config *cf, const char *carrier,
    const char *code);

/*
 * Whether a new event of state next at next_at changes a parcel now in
 * cur as of cur_at (cur -1: no event yet).  Times are ISO UTC
 * ("2026-11-25T10:00:00Z") and compare as text; NULL or empty is not
 * known and orders nothing.  An event older than the current one never
 * overrides it; one at the same time counts as later.  The same state
 * again changes nothing.  delivered is final but for a later returned;
 * returned is final.
 */
int track_state_advances(int cur, const char *cur_at, enum track_state next,
    const char *next_at);

/* What a notification is for: the keys of notifications.templates. */
enum notify_kind {
	NOTIFY_SHIPPED,		/* "shipped" */
	NOTIFY_OUT_FOR_DELIVERY,	/* "out_for_delivery" */
	NOTIFY_DELAYED,		/* "delayed" */
	NOTIFY_DELIVERED,	/* "delivered" */
	NOTIFY_COUNT
};

/* The name of a kind; NULL outside the enum. */
const char *notify_kind_name(enum notify_kind k);
/* The kind a name means, case significant as in oms.yaml; -1 if none. */
int notify_kind_parse(const char *s);
/* The template for a kind, or NULL: that kind sends nothing. */
const struct notify_template *notify_template(const struct config *cf,
    enum notify_kind k);

/* What a template's placeholders stand for; NULL renders as empty. */
struct track_vars {
	const char *name, *email, *order, *channel, *tracking, *carrier,
	    *service, *status, *expected, *promised, *location, *url;
};

/*
 * Render a template: each {name}, {email}, {order}, {channel},
 * {tracking}, {carrier}, {service}, {status}, {expected}, {promised},
 * {location} and {url} by its value (v NULL: all empty), {{ and }} as
 * a brace; a } alone is itself.  Returns a malloc'd string, or NULL
 * with why (if n > 0) at an unknown placeholder or a { without its }.
 */
char *track_render(const char *tmpl, const struct track_vars *v, char *why,
    size_t n);

/*
 * Business days.  A day is YYYY-MM-DD; what follows its tenth character
 * is ignored, so an ISO time is its day.
 */
/* 1 for Monday to Friday, 0 for a weekend, -1 if not a day. */
int is_business_day(const char *day);
/*
 * The business days after from up to and including to: Friday to
 * Monday is 1, Saturday to Monday 1, Friday to Sunday 0; negative when
 * to is before from (Monday to the Friday before is -1).  INT_MIN when
 * either is not a day.
 */
int business_days_between(const char *from, const char *to);
/*
 * The day n business days after day (n < 0: before); 0 is day itself,
 * even at a weekend.  Saturday plus 1 is Monday, minus 1 Friday.  out
 * is empty when day is not a day, or the result is past year 9999.
 */
void business_day_add(const char *day, int n, char out[11]);

#endif
