/*
 * oms-route's engine.  For each order: screen it (once), choose the
 * strategy whose conditions hold, find the locations that may ship it,
 * rank them, and choose the plan with the fewest shipments that the
 * strategy's split rules allow; then move its reservations to those
 * locations in shipment groups.  Every write goes through the ledger
 * layer; a batch of orders is one transaction.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "currency.h"
#include "fraud.h"
#include "geo.h"
#include "lifecycle.h"
#include "money.h"
#include "router.h"
#include "util.h"

/* Locations tried in pairs, triples...: C(12, 3) is 220 plans. */
#define COMBO_CANDIDATES 12
#define MAX_GROUPS 20

static const struct rec_field route_fields[] = {
	{ "order", 1 }, { "group", 1 }, { "location", 0 }, { "line", 1 },
	{ "sku", 0 }, { "quantity", 1 }, { "status", 0 }, { "strategy", 0 },
	{ "reason", 0 },
};
#define NFIELDS ((int)(sizeof route_fields / sizeof route_fields[0]))

struct unit {
	long long reservation_id;
	int line_no;
	char *sku;
	long long quantity;
	long long value;	/* its share of the line's value */
	int need;		/* index in needs */
};

struct need {
	char *sku;
	long long quantity;
};

/* How a location (or a plan of several) ranks. */
struct score {
	int dclass;		/* 0 km, 1 same country, 2 same zone, 3 other */
	double dval;		/* km, or minus the postal prefix shared */
	int cost_known;
	long long cost;
	long long remaining;	/* capacity left today; LLONG_MAX: no limit */
	int priority;
};

struct cand {
	char *code;
	const struct location *loc;	/* NULL: no longer configured */
	char *excluded;		/* why not, or NULL */
	long long *avail;	/* per need, after safety stock */
	int has_any, has_all;
	struct score sc;
	char cost_currency[4];
	long long km;		/* -1: unknown */
	long long capacity, used;
};

struct assign {
	int unit, cand;
	long long q;
};

struct stats {
	long long orders, routed, risk, unroutable, groups, km_n, cost_n;
	double km_sum;
	long long cost_sum;
	char cost_currency[4];	/* of the first cost counted */
	int mixed;		/* costs in more than one currency */
};

/* Capacity a location has used today, as this batch knows it. */
struct capacity_seen {
	char *code;
	long long used;
};

struct router {
	struct ledger *l;
	const struct config *cfg;
	const struct route_options *opt;
	struct geo_index *geo;
	struct route_strategy fallback;
	struct arena order_strings, batch_strings;
	struct unit *units;
	int nunits, capunits;
	struct need *needs;
	int nneeds, capneeds;
	struct cand *cands;
	int ncands, capcands;
	struct assign *asg;
	int nasg, capasg;
	long long *work;	/* assign()'s, kept between calls */
	size_t capwork;
	int plan[MAX_GROUPS], nplan;
	struct route_order *batch;
	int nbatch, capbatch;
	struct capacity_seen *capacity;	/* reset with each batch */
	int ncapacity, capcapacity;
	struct arena capacity_strings;
	struct rec_writer w;
	FILE *spool, *out;
	struct buf text, reason;
	char today[21];
	const char *currency;	/* the order's */
	int explain;		/* write words, not records */
	int simulate;		/* one transaction, rolled back by the caller */
	int in_tx;
	struct stats st;
};

static char *
keep(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static void
copy_order(void *arg, const struct route_order *o)
{
	struct router *r = arg;
	struct route_order *k;
	struct arena *a = &r->batch_strings;

	if (r->nbatch == r->capbatch) {
		r->capbatch = r->capbatch ? r->capbatch * 2 : 64;
		r->batch = xrealloc(r->batch, (size_t)r->capbatch * sizeof *r->batch);
	}
	k = &r->batch[r->nbatch++];
	*k = *o;
	k->status = keep(a, o->status);
	k->hold_reason = keep(a, o->hold_reason);
	k->held_by = keep(a, o->held_by);
	k->queued_at = keep(a, o->queued_at);
	k->channel = keep(a, o->channel);
	k->ship_method = keep(a, o->ship_method);
	k->currency = keep(a, o->currency);
	k->email = keep(a, o->email);
	k->phone = keep(a, o->phone);
	k->address1 = keep(a, o->address1);
	k->postal_code = keep(a, o->postal_code);
	k->country = keep(a, o->country);
	k->region = keep(a, o->region);
	k->bill_country = keep(a, o->bill_country);
	k->placed_at = keep(a, o->placed_at);
	k->channel_risk = keep(a, o->channel_risk);
}

static void
add_unit(void *arg, const struct route_unit *u)
{
	struct router *r = arg;
	struct unit *k;
	int i;

	if (r->nunits == r->capunits) {
		r->capunits = r->capunits ? r->capunits * 2 : 16;
		r->units = xrealloc(r->units, (size_t)r->capunits * sizeof *r->units);
	}
	k = &r->units[r->nunits++];
	k->reservation_id = u->reservation_id;
	k->line_no = u->line_no;
	k->sku = arena_strdup(&r->order_strings, u->sku);
	k->quantity = u->quantity;
	/* A bundle's line value is shared by its parts' units. */
	k->value = u->line_units > 0 ? u->line_value * u->quantity /
	    u->line_units : 0;
	for (i = 0; i < r->nneeds && strcmp(r->needs[i].sku, k->sku); i++)
		;
	if (i == r->nneeds) {
		if (r->nneeds == r->capneeds) {
			r->capneeds = r->capneeds ? r->capneeds * 2 : 16;
			r->needs = xrealloc(r->needs, (size_t)r->capneeds * sizeof *r->needs);
		}
		r->needs[i].sku = k->sku;
		r->needs[i].quantity = 0;
		r->nneeds++;
	}
	r->needs[i].quantity += k->quantity;
	k->need = i;
}

static int
in_list(char **v, int n, const char *s, int nocase)
{
	int i;

	if (s == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (nocase ? strcasecmp(v[i], s) == 0 : strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* Whether a strategy's conditions all hold for the order. */
static int
applies(const struct router *r, const struct route_strategy *s,
    const struct route_order *o)
{
	int i, j, tagged;

	if (s->nchannels && !in_list(s->channels, s->nchannels, o->channel, 0))
		return 0;
	if (s->ncountries && !in_list(s->countries, s->ncountries, o->country,
	    1))
		return 0;
	if (s->nregions && !in_list(s->regions, s->nregions, o->region, 1))
		return 0;
	if (s->nship_methods && !in_list(s->ship_methods, s->nship_methods,
	    o->ship_method, 1))
		return 0;
	if (s->value_above.minor >= 0 && (strcmp(s->value_above.currency,
	    o->currency) != 0 || o->total <= s->value_above.minor))
		return 0;
	if (s->value_below.minor >= 0 && (strcmp(s->value_below.currency,
	    o->currency) != 0 || o->total >= s->value_below.minor))
		return 0;
	if (s->nsku_tags) {
		tagged = 0;
		for (i = 0; i < r->nneeds && !tagged; i++)
			for (j = 0; j < s->nsku_tags && !tagged; j++)
				tagged = config_sku_has_tag(r->cfg,
				    r->needs[i].sku, s->sku_tags[j]);
		if (!tagged)
			return 0;
	}
	return 1;
}

static const struct route_strategy *
choose_strategy(const struct router *r, const struct route_order *o)
{
	const struct routing_config *rc = &r->cfg->routing;
	int i;

	if (rc->nstrategies == 0)
		return &r->fallback;
	for (i = 0; i < rc->nstrategies; i++)
		if (applies(r, &rc->strategies[i], o))
			return &rc->strategies[i];
	return NULL;
}

static struct cand *
cand_get(struct router *r, const char *code)
{
	struct cand *c;
	int i;

	for (i = 0; i < r->ncands; i++)
		if (strcmp(r->cands[i].code, code) == 0)
			return &r->cands[i];
	if (r->ncands == r->capcands) {
		r->capcands = r->capcands ? r->capcands * 2 : 16;
		r->cands = xrealloc(r->cands, (size_t)r->capcands * sizeof *r->cands);
	}
	c = &r->cands[r->ncands++];
	memset(c, 0, sizeof *c);
	c->code = arena_strdup(&r->order_strings, code);
	c->loc = config_location(r->cfg, code);
	c->avail = xcalloc((size_t)r->nneeds + 1, sizeof *c->avail);
	c->km = -1;
	return c;
}

struct stock_visit {
	struct router *r;
	const struct route_strategy *s;
	int need;
};

static void
on_stock(void *arg, const char *location, long long on_hand,
    long long reserved)
{
	struct stock_visit *v = arg;
	struct router *r = v->r;
	struct cand *c = cand_get(r, location);
	long long a = on_hand - reserved;

	if ((v->s->exclude & EXCL_STOCK) && c->loc)
		a -= config_safety(r->cfg, r->needs[v->need].sku, location);
	c->avail[v->need] = a > 0 ? a : 0;
}

static void
exclude(struct router *r, struct cand *c, const char *fmt, const char *a)
{
	char why[256];

	if (c->excluded)
		return;
	snprintf(why, sizeof why, fmt, a);
	c->excluded = arena_strdup(&r->order_strings, why);
}

/*
 * What a location has used of its capacity today: read once a batch
 * (nobody else writes while the batch holds the ledger), then counted
 * here as groups are added.
 */
static struct capacity_seen *
capacity_find(struct router *r, const char *code)
{
	int i;

	for (i = 0; i < r->ncapacity; i++)
		if (strcmp(r->capacity[i].code, code) == 0)
			return &r->capacity[i];
	return NULL;
}

static int
capacity_used(struct router *r, const char *code, long long *used)
{
	struct capacity_seen *c = capacity_find(r, code);

	if (c == NULL) {
		if (ledger_capacity_used(r->l, code, r->today, used) < 0)
			return -1;
		if (r->ncapacity == r->capcapacity) {
			r->capcapacity = r->capcapacity ? r->capcapacity * 2 :
			    16;
			r->capacity = xrealloc(r->capacity,
			    (size_t)r->capcapacity * sizeof *r->capacity);
		}
		c = &r->capacity[r->ncapacity++];
		c->code = arena_strdup(&r->capacity_strings, code);
		c->used = *used;
	}
	*used = c->used;
	return 0;
}

static void
capacity_taken(struct router *r, const char *code)
{
	struct capacity_seen *c = capacity_find(r, code);

	if (c)
		c->used++;
}

/* Distance and cost of a location for the order's destination. */
static void
measure(struct router *r, struct cand *c, const struct route_order *o,
    int have_point, double lat, double lon)
{
	const struct location *loc = c->loc;
	const struct zone *to, *from;
	struct amount cost;

	c->sc.dclass = 3;
	c->sc.dval = 0;
	if (have_point && loc->has_coordinates) {
		double km = geo_distance_km(lat, lon, loc->latitude,
		    loc->longitude);

		c->sc.dclass = 0;
		c->sc.dval = km;
		c->km = llround(km);
	} else if (o->country && loc->country &&
	    strcmp(o->country, loc->country) == 0) {
		c->sc.dclass = 1;
		c->sc.dval = -postal_common_prefix(o->postal_code,
		    loc->postal_code);
	} else if (o->country && loc->country &&
	    (to = config_zone(r->cfg, o->country)) != NULL &&
	    (from = config_zone(r->cfg, loc->country)) != NULL && to == from)
		c->sc.dclass = 2;
	to = o->country ? config_zone(r->cfg, o->country) : NULL;
	c->sc.cost_known = to && config_zone_cost(r->cfg, c->code, to->name,
	    &cost);
	c->sc.cost = c->sc.cost_known ? cost.minor : 0;
	if (c->sc.cost_known)
		memcpy(c->cost_currency, cost.currency, 4);
	c->sc.priority = loc->priority;
}

/*
 * The locations that may ship the order: those holding any of what it
 * needs, less those the strategy excludes.
 */
static int
find_candidates(struct router *r, const struct route_strategy *s,
    const struct route_order *o, const struct location *pickup)
{
	struct stock_visit v;
	double lat = 0, lon = 0;
	int have_point = 0, i, k;

	v.r = r;
	v.s = s;
	for (v.need = 0; v.need < r->nneeds; v.need++)
		if (ledger_sku_stock(r->l, r->needs[v.need].sku, on_stock,
		    &v) < 0)
			return -1;
	if (r->geo && o->country && o->postal_code)
		have_point = geo_lookup(r->geo, o->country, o->postal_code,
		    &lat, &lon);
	for (i = 0; i < r->ncands; i++) {
		struct cand *c = &r->cands[i];

		c->has_all = 1;
		for (k = 0; k < r->nneeds; k++) {
			if (c->avail[k] > 0)
				c->has_any = 1;
			if (c->avail[k] < r->needs[k].quantity)
				c->has_all = 0;
		}
		if (c->loc == NULL) {
			exclude(r, c, "not in the configuration%s", "");
			continue;
		}
		if (pickup && c->loc != pickup)
			exclude(r, c, "not the pickup store %s", pickup->code);
		/* A location that turned the order down is not asked again. */
		if (o->rejected) {
			int no = ledger_location_rejected(r->l, o->order_id,
			    c->code);

			if (no < 0)
				return -1;
			if (no)
				exclude(r, c, "rejected this order%s", "");
		}
		if ((s->exclude & EXCL_CHANNEL) &&
		    !location_serves(c->loc, o->channel))
			exclude(r, c, "does not serve channel %s", o->channel);
		if ((s->exclude & EXCL_COUNTRY) && o->country &&
		    !location_ships_to(c->loc, o->country))
			exclude(r, c, "does not ship to %s", o->country);
		c->capacity = c->loc->capacity;
		if (capacity_used(r, c->code, &c->used) < 0)
			return -1;
		c->sc.remaining = c->capacity > 0 ? c->capacity - c->used :
		    LLONG_MAX;
		if ((s->exclude & EXCL_CAPACITY) && c->capacity > 0 &&
		    c->used >= c->capacity) {
			char n[64];

			snprintf(n, sizeof n, "%lld of %lld", c->used,
			    c->capacity);
			exclude(r, c, "at capacity today (%s orders)", n);
		}
		if (!c->has_any)
			exclude(r, c, "has none of the SKUs%s",
			    (s->exclude & EXCL_STOCK) ? " after safety stock" :
			    "");
		measure(r, c, o, have_point, lat, lon);
	}
	return 0;
}

/* <0 when a ranks before b by one criterion. */
static int
cmp_one(enum route_criterion k, const struct score *a, const struct score *b)
{
	switch (k) {
	case RANK_DISTANCE:
		if (a->dclass != b->dclass)
			return a->dclass < b->dclass ? -1 : 1;
		if (a->dval != b->dval)
			return a->dval < b->dval ? -1 : 1;
		return 0;
	case RANK_COST:
		if (a->cost_known != b->cost_known)
			return a->cost_known ? -1 : 1;
		if (a->cost != b->cost)
			return a->cost < b->cost ? -1 : 1;
		return 0;
	case RANK_CAPACITY:
		if (a->remaining != b->remaining)
			return a->remaining > b->remaining ? -1 : 1;
		return 0;
	case RANK_PRIORITY:
		if (a->priority != b->priority)
			return a->priority > b->priority ? -1 : 1;
		return 0;
	}
	return 0;
}

/* Compare by the strategy's chain; *by is the criterion that decided. */
static int
cmp_score(const struct route_strategy *s, const struct score *a,
    const struct score *b, int *by)
{
	int i, c;

	for (i = 0; i < s->nrank; i++)
		if ((c = cmp_one(s->rank[i], a, b)) != 0) {
			if (by)
				*by = s->rank[i];
			return c;
		}
	if (by)
		*by = -1;
	return 0;
}

static const struct route_strategy *sort_strategy;

static int
cmp_cands(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int c;

	/* Excluded last, and among equals the configuration's order. */
	if ((a->excluded == NULL) != (b->excluded == NULL))
		return a->excluded == NULL ? -1 : 1;
	if (a->excluded == NULL &&
	    (c = cmp_score(sort_strategy, &a->sc, &b->sc, NULL)) != 0)
		return c;
	if (a->loc && b->loc)
		return a->loc < b->loc ? -1 : a->loc > b->loc;
	return strcmp(a->code, b->code);
}

/* A plan's score: its farthest location, its summed cost, ... */
static void
plan_score(const struct router *r, const int *idx, int k, struct score *out)
{
	int i;

	*out = r->cands[idx[0]].sc;
	for (i = 1; i < k; i++) {
		const struct score *c = &r->cands[idx[i]].sc;

		if (c->dclass > out->dclass || (c->dclass == out->dclass &&
		    c->dval > out->dval)) {
			out->dclass = c->dclass;
			out->dval = c->dval;
		}
		out->cost_known = out->cost_known && c->cost_known;
		out->cost += c->cost;
		if (c->remaining < out->remaining)
			out->remaining = c->remaining;
		if (c->priority < out->priority)
			out->priority = c->priority;
	}
}

static void
push_assign(struct router *r, int unit, int cand, long long q)
{
	if (r->nasg == r->capasg) {
		r->capasg = r->capasg ? r->capasg * 2 : 32;
		r->asg = xrealloc(r->asg, (size_t)r->capasg * sizeof *r->asg);
	}
	r->asg[r->nasg].unit = unit;
	r->asg[r->nasg].cand = cand;
	r->asg[r->nasg].q = q;
	r->nasg++;
}

/*
 * Share the units among a plan's locations: each reservation whole at
 * the first location that can take it, else split in the plan's order.
 * Returns 0, or -1 when the plan cannot hold them all or leaves a
 * location with nothing or with less than the minimum value.
 */
static int
assign(struct router *r, const int *idx, int k, const struct split_rules *sp,
    long long min_value)
{
	long long value[MAX_GROUPS], *w;
	int i, j, u;

	/* What each location of the plan has left, SKU by SKU. */
	if ((size_t)k * (size_t)r->nneeds > r->capwork) {
		r->capwork = (size_t)k * (size_t)r->nneeds;
		r->work = xrealloc(r->work, r->capwork * sizeof *r->work);
	}
	w = r->work;
#define work(j, i) w[(size_t)(j) * (size_t)r->nneeds + (size_t)(i)]
	r->nasg = 0;
	for (j = 0; j < k; j++) {
		value[j] = 0;
		for (i = 0; i < r->nneeds; i++)
			work(j, i) = r->cands[idx[j]].avail[i];
	}
	for (u = 0; u < r->nunits; u++) {
		const struct unit *un = &r->units[u];
		long long q = un->quantity, t;

		for (j = 0; j < k && work(j, un->need) < q; j++)
			;
		if (j < k) {
			work(j, un->need) -= q;
			value[j] += un->value;
			push_assign(r, u, j, q);
			continue;
		}
		for (j = 0; j < k && q > 0; j++) {
			if ((t = work(j, un->need)) <= 0)
				continue;
			if (t > q)
				t = q;
			work(j, un->need) -= t;
			value[j] += un->value * t / un->quantity;
			push_assign(r, u, j, t);
			q -= t;
		}
		if (q > 0)
			return -1;
	}
	for (j = 0; j < k; j++) {
		for (i = 0; i < r->nasg && r->asg[i].cand != j; i++)
			;
		if (i == r->nasg)
			return -1;	/* a smaller plan does it */
		if (k > 1 && min_value > 0 && value[j] < min_value)
			return -1;
	}
	return 0;
#undef work
}

/* Next k-combination of [0, n) in lexicographic order. */
static int
next_combo(int *c, int k, int n)
{
	int i = k - 1;

	while (i >= 0 && c[i] == n - k + i)
		i--;
	if (i < 0)
		return 0;
	c[i]++;
	for (i++; i < k; i++)
		c[i] = c[i - 1] + 1;
	return 1;
}

static void
describe_distance(const struct router *r, const struct cand *c, char *out,
    size_t n)
{
	if (c->sc.dclass == 0)
		snprintf(out, n, "%lld km", c->km);
	else if (c->sc.dclass == 1)
		snprintf(out, n, "same country, postal prefix %d",
		    (int)-c->sc.dval);
	else if (c->sc.dclass == 2)
		snprintf(out, n, "same zone");
	else
		snprintf(out, n, "farther");
}

static void
describe(const struct router *r, const struct cand *c, int by, char *out,
    size_t n)
{
	char d[32];

	switch (by) {
	case RANK_DISTANCE:
		describe_distance(r, c, out, n);
		break;
	case RANK_COST:
		if (c->sc.cost_known) {
			int e = currency_exponent(c->cost_currency);

			money_format(c->sc.cost, e < 0 ? 2 : e, d);
			snprintf(out, n, "cost %s %s", d, c->cost_currency);
		} else
			snprintf(out, n, "cost unknown");
		break;
	case RANK_CAPACITY:
		if (c->sc.remaining == LLONG_MAX)
			snprintf(out, n, "no capacity limit");
		else
			snprintf(out, n, "%lld order%s left today",
			    c->sc.remaining, c->sc.remaining == 1 ? "" : "s");
		break;
	case RANK_PRIORITY:
		snprintf(out, n, "priority %d", c->sc.priority);
		break;
	default:
		snprintf(out, n, "first configured");
	}
}

static const char *const criterion_words[] = {
	[RANK_DISTANCE] = "nearest", [RANK_COST] = "cheapest",
	[RANK_CAPACITY] = "most capacity left",
	[RANK_PRIORITY] = "highest priority",
};

/*
 * Choose the plan: the fewest shipments the split rules allow, and of
 * those the best by the strategy's ranking.  Returns 0 with r->plan
 * and r->asg set and r->reason saying why, or 1 with r->reason saying
 * why the order cannot be routed.
 */
static int
choose_plan(struct router *r, const struct route_strategy *s,
    const struct location *pickup)
{
	const struct split_rules *sp = &s->split;
	int n = 0, k, maxk, combo[MAX_GROUPS], best[MAX_GROUPS], found, by;
	int runner = -1, i;
	struct score bs, cs;
	char a[96], b[96];

	/* A minimum in another currency than the order's says nothing. */
	long long min_value = sp->min_value.minor > 0 &&
	    strcmp(sp->min_value.currency, r->currency) == 0 ?
	    sp->min_value.minor : 0;

	sort_strategy = s;
	qsort(r->cands, (size_t)r->ncands, sizeof *r->cands, cmp_cands);
	while (n < r->ncands && r->cands[n].excluded == NULL)
		n++;
	buf_reset(&r->reason);
	if (n == 0) {
		/* Say why not, as far as one line can. */
		if (pickup) {
			buf_printf(&r->reason, "unroutable: pickup at %s: ",
			    pickup->code);
			for (i = 0; i < r->ncands &&
			    strcmp(r->cands[i].code, pickup->code); i++)
				;
			buf_adds(&r->reason, i < r->ncands ?
			    r->cands[i].excluded : "has none of the SKUs");
			return 1;
		}
		buf_adds(&r->reason, "unroutable: no location may ship it");
		for (i = 0; i < r->ncands && i < 3; i++)
			buf_printf(&r->reason, "%s %s %s", i ? ";" : ":",
			    r->cands[i].code, r->cands[i].excluded);
		if (r->ncands > 3)
			buf_adds(&r->reason, "; ...");
		return 1;
	}
	maxk = sp->policy == SPLIT_NONE || pickup ? 1 : sp->max_shipments;
	if (maxk > MAX_GROUPS)
		maxk = MAX_GROUPS;
	for (k = 1; k <= maxk && k <= n; k++) {
		int lim = k == 1 ? n : n < COMBO_CANDIDATES ? n :
		    COMBO_CANDIDATES;

		if (k > lim)
			break;
		found = 0;
		for (i = 0; i < k; i++)
			combo[i] = i;
		do {
			if (assign(r, combo, k, sp, min_value) < 0)
				continue;
			plan_score(r, combo, k, &cs);
			if (!found || cmp_score(s, &cs, &bs, NULL) < 0) {
				if (found && k == 1)
					runner = best[0];
				found = 1;
				bs = cs;
				memcpy(best, combo, sizeof combo[0] * k);
			} else if (k == 1 && runner < 0)
				runner = combo[0];
		} while (next_combo(combo, k, lim));
		if (found)
			break;
	}
	if (k > maxk || k > n) {
		for (i = 0; i < r->nneeds; i++) {
			long long have = 0;
			int j;

			for (j = 0; j < n; j++)
				have += r->cands[j].avail[i];
			if (have < r->needs[i].quantity) {
				buf_printf(&r->reason, "unroutable: the "
				    "locations that may ship it have %lld of "
				    "%lld %s", have, r->needs[i].quantity,
				    r->needs[i].sku);
				return 1;
			}
		}
		if (pickup)
			buf_printf(&r->reason, "unroutable: pickup at %s: "
			    "lacks stock", pickup->code);
		else if (sp->policy == SPLIT_NONE)
			buf_adds(&r->reason, "unroutable: no single location "
			    "has it all (split: none)");
		else if (min_value > 0) {
			int e = currency_exponent(r->currency);

			money_format(min_value, e < 0 ? 2 : e, a);
			buf_printf(&r->reason, "unroutable: no split in %d "
			    "shipment%s or fewer has each worth %s %s", maxk,
			    maxk == 1 ? "" : "s", a, r->currency);
		} else
			buf_printf(&r->reason, "unroutable: needs more than "
			    "%d shipment%s", maxk, maxk == 1 ? "" : "s");
		return 1;
	}
	memcpy(r->plan, best, sizeof best[0] * k);
	r->nplan = k;
	if (assign(r, r->plan, k, sp, min_value) < 0)
		return 1;	/* cannot be: it was assigned before */
	if (pickup)
		buf_printf(&r->reason, "pickup at %s", pickup->code);
	else if (k > 1)
		buf_printf(&r->reason, "split in %d: no single location has "
		    "it all", k);
	else if (runner < 0)
		buf_adds(&r->reason, "the only location that can ship it");
	else {
		cmp_score(s, &r->cands[best[0]].sc, &r->cands[runner].sc, &by);
		describe(r, &r->cands[best[0]], by, a, sizeof a);
		describe(r, &r->cands[runner], by, b, sizeof b);
		if (by < 0)
			buf_printf(&r->reason, "first of equals (next %s)",
			    r->cands[runner].code);
		else
			buf_printf(&r->reason, "%s: %s (next %s: %s)",
			    criterion_words[by], a, r->cands[runner].code, b);
	}
	return 0;
}

static void
write_record(struct router *r, long long order_id, long long group,
    const char *location, int line, const char *sku, long long q,
    const char *status, const char *strategy, const char *reason)
{
	char k[24], g[24], ln[24], qt[24];
	const char *v[NFIELDS];

	v[0] = fmt_int(order_id, k);
	v[1] = group > 0 ? fmt_int(group, g) : NULL;
	v[2] = location;
	v[3] = line > 0 ? fmt_int(line, ln) : NULL;
	v[4] = sku;
	v[5] = q > 0 ? fmt_int(q, qt) : NULL;
	v[6] = status;
	v[7] = strategy;
	v[8] = reason;
	rec_write(&r->w, v);
}

/* Put an order on hold (or change the reason of oms-route's hold). */
static int
hold(struct router *r, const struct route_order *o, const char *reason)
{
	int from = order_status_parse(o->status);

	if (from == OS_ON_HOLD && o->hold_reason &&
	    strcmp(o->hold_reason, reason) == 0)
		return 0;
	return ledger_set_state(r->l, o->order_id, from, OS_ON_HOLD, reason,
	    "oms-route", reason);
}

static void
explain_order(struct router *r, const struct route_order *o,
    const struct route_strategy *s)
{
	char m[32];
	int e = currency_exponent(o->currency), i;

	money_format(o->total, e < 0 ? 2 : e, m);
	fprintf(r->out, "order %lld (%s %s, %s %s, to %s %s):", o->order_id,
	    o->channel, o->status, m, o->currency,
	    o->country ? o->country : "?", o->postal_code ? o->postal_code :
	    "");
	for (i = 0; i < r->nneeds; i++)
		fprintf(r->out, " %lld %s", r->needs[i].quantity,
		    r->needs[i].sku);
	fprintf(r->out, "\n  strategy %s\n", s ? s->name : "(none applies)");
}

static void
explain_candidates(struct router *r)
{
	char d[64], c[64], cap[64];
	int i, k;

	for (i = 0; i < r->ncands; i++) {
		const struct cand *x = &r->cands[i];

		fprintf(r->out, "  %-10s ", x->code);
		if (x->excluded) {
			fprintf(r->out, "excluded: %s\n", x->excluded);
			continue;
		}
		describe(r, x, RANK_DISTANCE, d, sizeof d);
		describe(r, x, RANK_COST, c, sizeof c);
		describe(r, x, RANK_CAPACITY, cap, sizeof cap);
		fprintf(r->out, "candidate: %s, %s, %s, priority %d; has", d,
		    c, cap, x->sc.priority);
		for (k = 0; k < r->nneeds; k++)
			fprintf(r->out, " %lld %s", x->avail[k],
			    r->needs[k].sku);
		fputc('\n', r->out);
	}
}

/* Write the chosen plan: groups, reservations, lines, status, events. */
static int
commit_plan(struct router *r, const struct route_order *o,
    const struct route_strategy *s)
{
	long long gid[MAX_GROUPS];
	struct shipment_group g;
	struct buf *t = &r->text;
	int j, i, from = order_status_parse(o->status), next;

	if ((next = ledger_group_next(r->l, o->order_id)) < 0)
		return -1;
	buf_reset(t);
	buf_printf(t, "%d shipment%s by strategy %s:", r->nplan,
	    r->nplan == 1 ? "" : "s", s->name);
	for (j = 0; j < r->nplan; j++) {
		const struct cand *c = &r->cands[r->plan[j]];
		const struct zone *z = o->country ? config_zone(r->cfg,
		    o->country) : NULL;
		struct amount cost;

		memset(&g, 0, sizeof g);
		g.order_id = o->order_id;
		g.group_no = next + j;
		g.location = c->code;
		g.strategy = s->name;
		g.reason = r->reason.data;
		g.distance_km = c->km;
		g.cost = -1;
		if (z && config_zone_cost(r->cfg, c->code, z->name, &cost)) {
			g.cost = cost.minor;
			g.currency = cost.currency;
			if (r->st.cost_n == 0)
				memcpy(r->st.cost_currency, cost.currency, 4);
			else if (strcmp(r->st.cost_currency, cost.currency))
				r->st.mixed = 1;
			r->st.cost_sum += cost.minor;
			r->st.cost_n++;
		}
		if (c->km >= 0) {
			r->st.km_sum += (double)c->km;
			r->st.km_n++;
		}
		if ((gid[j] = ledger_group_add(r->l, &g)) < 0)
			return -1;
		capacity_taken(r, c->code);
		buf_printf(t, "%s %s", j ? ";" : "", c->code);
		for (i = 0; i < r->nasg; i++)
			if (r->asg[i].cand == j)
				buf_printf(t, " %lld %s", r->asg[i].q,
				    r->units[r->asg[i].unit].sku);
	}
	r->st.groups += r->nplan;
	for (i = 0; i < r->nasg; i++) {
		const struct assign *a = &r->asg[i];
		const struct unit *u = &r->units[a->unit];
		const struct cand *c = &r->cands[r->plan[a->cand]];

		if (ledger_reservation_route(r->l, u->reservation_id, a->q,
		    u->quantity, u->sku, c->code, gid[a->cand]) < 0)
			return -1;
		/* A reservation split over locations is smaller now. */
		r->units[a->unit].quantity -= a->q;
	}
	buf_printf(t, " (%s)", r->reason.data);
	if (ledger_lines_routed(r->l, o->order_id) < 0 ||
	    ledger_event(r->l, o->order_id, 0, "routed", t->data, 0) < 0 ||
	    ledger_set_state(r->l, o->order_id, from, OS_ROUTED, NULL, NULL,
	    s->name) < 0)
		return -1;
	for (i = 0; i < r->nasg; i++) {
		const struct assign *a = &r->asg[i];
		const struct unit *u = &r->units[a->unit];

		if (!r->explain)
			write_record(r, o->order_id, gid[a->cand],
			    r->cands[r->plan[a->cand]].code, u->line_no,
			    u->sku, a->q, "routed", s->name, r->reason.data);
	}
	return 0;
}

static void
reset_order(struct router *r)
{
	int i;

	for (i = 0; i < r->ncands; i++)
		free(r->cands[i].avail);
	r->ncands = r->nunits = r->nneeds = r->nasg = r->nplan = 0;
	arena_reset(&r->order_strings);
}

/* Screen, then route, one order; 0, or -1 after a ledger error. */
static int
route_one(struct router *r, const struct route_order *o)
{
	const struct config *cfg = r->cfg;
	const struct route_strategy *s;
	const struct location *pickup;
	int status = order_status_parse(o->status), screened, i, rc = 0;

	if (status != OS_ALLOCATED && !(status == OS_ON_HOLD && o->held_by &&
	    strcmp(o->held_by, "oms-route") == 0 && o->hold_reason &&
	    strncmp(o->hold_reason, "unroutable:", 11) == 0)) {
		if (r->explain)
			fprintf(r->out, "order %lld: %s, not waiting to be "
			    "routed\n", o->order_id, o->status);
		return 0;
	}
	reset_order(r);
	r->currency = o->currency;
	r->st.orders++;
	if (ledger_route_units(r->l, o->order_id, add_unit, r) < 0)
		return -1;
	if (r->nunits == 0) {
		/* Its stock went back while it waited: allocation's again. */
		long long n[LS_COUNT];
		int to;

		if (ledger_line_counts(r->l, o->order_id, n) < 0)
			return -1;
		to = order_status_from_lines(n);
		if (r->explain)
			fprintf(r->out, "order %lld: holds no stock to route: "
			    "back to %s\n", o->order_id,
			    order_status_name(to));
		if (to == status || !order_can_move(status, to))
			return 0;
		if (ledger_set_state(r->l, o->order_id, status, to, NULL, NULL,
		    "holds no stock to route") < 0)
			return -1;
		if (!r->explain)
			write_record(r, o->order_id, 0, NULL, 0, NULL, 0,
			    order_status_name(to), NULL,
			    "holds no stock to route");
		return 0;
	}
	if (status == OS_ALLOCATED && cfg->fraud.nrules > 0) {
		struct fraud_result fr;
		struct fraud_units *fu;
		char why[1024];

		if ((screened = ledger_order_screened(r->l, o->order_id)) < 0)
			return -1;
		if (!screened) {
			fu = xcalloc((size_t)r->nneeds + 1, sizeof *fu);
			for (i = 0; i < r->nneeds; i++) {
				fu[i].sku = r->needs[i].sku;
				fu[i].quantity = r->needs[i].quantity;
			}
			fraud_result_init(&fr);
			rc = fraud_screen(r->l, cfg, o, fu, r->nneeds, 1, &fr);
			free(fu);
			snprintf(why, sizeof why, "score %d of %d%s", fr.score,
			    cfg->fraud.hold_score, fr.detail.len ?
			    fr.detail.data : "");
			if (rc == 0)
				rc = ledger_event(r->l, o->order_id, 0, "risk",
				    why, 0);
			if (r->explain && rc == 0)
				fprintf(r->out, "order %lld: risk %s\n",
				    o->order_id, why);
			if (rc == 0 && fr.hold) {
				snprintf(why, sizeof why, "risk: %s",
				    fr.reasons.len ? fr.reasons.data : "");
				rc = hold(r, o, why);
				r->st.risk++;
				if (rc == 0 && !r->explain)
					write_record(r, o->order_id, 0, NULL,
					    0, NULL, 0, "on_hold", NULL, why);
				if (r->explain && rc == 0)
					fprintf(r->out, "  -> on hold: %s\n",
					    why);
				fraud_result_free(&fr);
				return rc;
			}
			fraud_result_free(&fr);
			if (rc < 0)
				return -1;
		}
	}
	s = choose_strategy(r, o);
	if (r->explain)
		explain_order(r, o, s);
	if (s == NULL) {
		r->st.unroutable++;
		if (r->explain) {
			fprintf(r->out, "  -> on hold: unroutable: no routing "
			    "strategy applies\n");
			return hold(r, o, "unroutable: no routing strategy "
			    "applies");
		}
		write_record(r, o->order_id, 0, NULL, 0, NULL, 0, "on_hold",
		    NULL, "unroutable: no routing strategy applies");
		return hold(r, o, "unroutable: no routing strategy applies");
	}
	pickup = config_pickup_location(cfg, o->ship_method);
	if (find_candidates(r, s, o, pickup) < 0)
		return -1;
	rc = choose_plan(r, s, pickup);
	if (r->explain)
		explain_candidates(r);
	if (rc == 1) {
		r->st.unroutable++;
		if (r->explain)
			fprintf(r->out, "  -> on hold: %s\n", r->reason.data);
		else
			write_record(r, o->order_id, 0, NULL, 0, NULL, 0,
			    "on_hold", s->name, r->reason.data);
		return hold(r, o, r->reason.data);
	}
	if (r->explain) {
		fprintf(r->out, "  ->");
		for (i = 0; i < r->nplan; i++) {
			int j;

			fprintf(r->out, "%s %s:", i ? ";" : "",
			    r->cands[r->plan[i]].code);
			for (j = 0; j < r->nasg; j++)
				if (r->asg[j].cand == i)
					fprintf(r->out, " line %d %lld %s",
					    r->units[r->asg[j].unit].line_no,
					    r->asg[j].q,
					    r->units[r->asg[j].unit].sku);
		}
		fprintf(r->out, " (%s)\n", r->reason.data);
	}
	r->st.routed++;
	return commit_plan(r, o, s);
}

/* End a batch: commit (or, explaining, roll back) and write it out. */
static int
end_batch(struct router *r, int status)
{
	if (r->simulate)
		return status;
	if (status != 0 || r->explain) {
		ledger_rollback(r->l);
		if (status == 0 && r->explain)
			fflush(r->out);
		return status;
	}
	if ((status = ledger_commit(r->l)) != 0)
		return status;
	/* The batch's records are true now; the spool starts afresh. */
	copy_stream(r->spool, r->out);
	fflush(r->out);
	rewind(r->spool);
	if (ftruncate(fileno(r->spool), 0) != 0) {
		warnx_("cannot reuse a temporary file: %s", strerror(errno));
		return EXIT_INTERNAL;
	}
	return 0;
}

static int
begin_batch(struct router *r)
{
	int status = 0;

	if (!r->simulate || !r->in_tx)
		status = ledger_begin(r->l);
	if (status == 0)
		r->in_tx = 1;
	r->nbatch = 0;
	arena_reset(&r->batch_strings);
	/* Another writer may have routed between two batches. */
	if (!r->simulate) {
		r->ncapacity = 0;
		arena_reset(&r->capacity_strings);
	}
	return status;
}

static int
route_waiting(struct router *r)
{
	char after[32];
	long long after_id;
	int pass, got, i, status = 0;

	for (pass = 1; pass >= 0 && status == 0; pass--) {
		after[0] = '\0';
		after_id = 0;
		do {
			if ((status = begin_batch(r)) != 0)
				return status;
			now_iso(r->today);
			r->today[10] = '\0';
			got = ledger_route_candidates(r->l, pass, after,
			    after_id, r->opt->batch, copy_order, r);
			if (got < 0)
				status = EXIT_LEDGER;
			for (i = 0; i < r->nbatch && status == 0; i++)
				if (route_one(r, &r->batch[i]) < 0)
					status = EXIT_LEDGER;
			if (r->nbatch) {
				snprintf(after, sizeof after, "%s",
				    r->batch[r->nbatch - 1].queued_at);
				after_id = r->batch[r->nbatch - 1].order_id;
			}
			if ((status = end_batch(r, status)) != 0)
				return status;
		} while (got == r->opt->batch);
	}
	return status;
}

/* Orders named by a record stream; a batch of keys per transaction. */
static int
route_named(struct router *r, FILE *in)
{
	struct rec_reader rd;
	long long *ids = xcalloc((size_t)r->opt->batch, sizeof *ids), last = 0;
	int col, status = 0, nids, i;

	if (rec_reader_open(&rd, in, "stdin") < 0) {
		free(ids);
		return EXIT_INPUT;
	}
	if ((col = rec_require(&rd, "order")) < 0) {
		rec_reader_free(&rd);
		free(ids);
		return EXIT_INPUT;
	}
	while (status == 0) {
		if ((nids = rec_read_order_keys(&rd, col, ids, r->opt->batch,
		    &last)) < 0) {
			status = EXIT_INPUT;
			break;
		}
		if (nids == 0)
			break;
		if ((status = begin_batch(r)) != 0)
			break;
		now_iso(r->today);
		r->today[10] = '\0';
		for (i = 0; i < nids && status == 0; i++) {
			int got;

			r->nbatch = 0;
			if ((got = ledger_route_order(r->l, ids[i], copy_order,
			    r)) < 0)
				status = EXIT_LEDGER;
			else if (got == 0)
				warnx_("order %lld: not in the ledger", ids[i]);
			else if (route_one(r, &r->batch[0]) < 0)
				status = EXIT_LEDGER;
		}
		status = end_batch(r, status);
	}
	rec_reader_free(&rd);
	free(ids);
	return status;
}

static int
router_init(struct router *r, struct ledger *l, const struct config *cfg,
    const struct route_options *opt, FILE *out)
{
	static enum route_criterion default_rank[4] = {
		RANK_DISTANCE, RANK_COST, RANK_CAPACITY, RANK_PRIORITY
	};

	memset(r, 0, sizeof *r);
	r->l = l;
	r->cfg = cfg;
	r->opt = opt;
	r->out = out;
	r->explain = opt->explain;
	r->fallback.name = "default";
	r->fallback.exclude = EXCL_ALL;
	r->fallback.value_above.minor = r->fallback.value_below.minor = -1;
	memcpy(r->fallback.rank, default_rank, sizeof default_rank);
	r->fallback.nrank = 4;
	r->fallback.split = cfg->routing.split;
	if (r->fallback.split.max_shipments < 1)
		r->fallback.split.max_shipments = 3;
	buf_init(&r->text);
	buf_init(&r->reason);
	if (cfg->routing.coordinates &&
	    (r->geo = geo_load(cfg->routing.coordinates)) == NULL)
		return EXIT_USAGE;
	if ((r->spool = spool_open()) == NULL) {
		return EXIT_INTERNAL;
	}
	rec_writer_init(&r->w, r->spool, opt->output, route_fields, NFIELDS);
	return 0;
}

static void
router_free(struct router *r)
{
	reset_order(r);
	free(r->units);
	free(r->needs);
	free(r->cands);
	free(r->asg);
	free(r->work);
	free(r->batch);
	free(r->capacity);
	arena_free(&r->capacity_strings);
	arena_free(&r->order_strings);
	arena_free(&r->batch_strings);
	buf_free(&r->text);
	buf_free(&r->reason);
	rec_writer_free(&r->w);
	if (r->spool)
		fclose(r->spool);
	geo_free(r->geo);
}

int
route(struct ledger *l, const struct config *cfg,
    const struct route_options *opt, FILE *in, FILE *out)
{
	struct router r;
	int status;

	if ((status = router_init(&r, l, cfg, opt, out)) != 0) {
		router_free(&r);
		return status;
	}
	if (!opt->explain) {
		/* The header first, on its own, as oms-allocate does. */
		struct rec_writer h;

		rec_writer_init(&h, out, opt->output, route_fields, NFIELDS);
		rec_write_header(&h);
		rec_writer_free(&h);
		r.w.header_written = 1;
		fflush(out);
	}
	status = opt->pending ? route_waiting(&r) : route_named(&r, in);
	fflush(out);
	if (status == 0 && !opt->quiet)
		fprintf(stderr, "%s: %lld order%s: %lld routed in %lld "
		    "shipment%s, %lld held for risk, %lld unroutable%s\n",
		    progname, r.st.orders, r.st.orders == 1 ? "" : "s",
		    r.st.routed, r.st.groups, r.st.groups == 1 ? "" : "s",
		    r.st.risk, r.st.unroutable, opt->explain ?
		    " (explained; nothing changed)" : "");
	router_free(&r);
	return status;
}

/* Route every waiting order in one transaction, then roll it back. */
static int
simulate(struct ledger *l, const struct config *cfg,
    const struct route_options *opt, struct stats *st)
{
	struct route_options o = *opt;
	struct router r;
	FILE *devnull = fopen("/dev/null", "w");
	int status;

	if (devnull == NULL) {
		warnx_("/dev/null: %s", strerror(errno));
		return EXIT_INTERNAL;
	}
	o.pending = 1;
	o.explain = 0;
	if ((status = router_init(&r, l, cfg, &o, devnull)) == 0) {
		r.simulate = 1;
		status = route_waiting(&r);
		ledger_rollback(l);
	}
	*st = r.st;
	router_free(&r);
	fclose(devnull);
	return status;
}

static void
metric(struct rec_writer *w, const char *name, double a, double b,
    int decimals)
{
	char x[64], y[64], d[64];
	const char *v[4];

	snprintf(x, sizeof x, "%.*f", decimals, a);
	snprintf(y, sizeof y, "%.*f", decimals, b);
	snprintf(d, sizeof d, "%+.*f", decimals, b - a);
	v[0] = name;
	v[1] = x;
	v[2] = y;
	v[3] = d;
	rec_write(w, v);
}

/*
 * The summed shipping cost, money as money: in the costs' currency,
 * formatted from minor units.  Costs in several currencies cannot be
 * added up, and say so.
 */
static void
cost_metric(struct rec_writer *w, const struct stats *a,
    const struct stats *b)
{
	const char *cur = a->cost_n ? a->cost_currency : b->cost_currency;
	char x[32], y[32], diff[32], d[40], name[40];
	const char *v[4];
	int e = currency_exponent(cur);

	snprintf(name, sizeof name, "shipping_cost%s%s", *cur ? "_" : "",
	    cur);
	v[0] = name;
	if (a->mixed || b->mixed || (a->cost_n && b->cost_n &&
	    strcmp(a->cost_currency, b->cost_currency) != 0)) {
		v[1] = v[2] = v[3] = "mixed currencies";
		rec_write(w, v);
		return;
	}
	money_format(a->cost_sum, e < 0 ? 2 : e, x);
	money_format(b->cost_sum, e < 0 ? 2 : e, y);
	money_format(b->cost_sum - a->cost_sum, e < 0 ? 2 : e, diff);
	snprintf(d, sizeof d, "%s%s", b->cost_sum >= a->cost_sum ? "+" : "",
	    diff);
	v[1] = x;
	v[2] = y;
	v[3] = d;
	rec_write(w, v);
}

int
route_what_if(struct ledger *l, const struct config *cfg,
    const struct config *other, const struct route_options *opt, FILE *out)
{
	static const struct rec_field fields[] = {
		{ "metric", 0 }, { "current", 1 }, { "other", 1 },
		{ "change", 1 },
	};
	struct stats a, b;
	struct rec_writer w;
	int status;

	if ((status = simulate(l, cfg, opt, &a)) != 0 ||
	    (status = simulate(l, other, opt, &b)) != 0)
		return status;
	rec_writer_init(&w, out, opt->output, fields, 4);
	rec_write_header(&w);
	metric(&w, "orders", (double)a.orders, (double)b.orders, 0);
	metric(&w, "routed", (double)a.routed, (double)b.routed, 0);
	metric(&w, "held_for_risk", (double)a.risk, (double)b.risk, 0);
	metric(&w, "unroutable", (double)a.unroutable, (double)b.unroutable,
	    0);
	metric(&w, "shipments", (double)a.groups, (double)b.groups, 0);
	metric(&w, "shipments_per_order", a.routed ? (double)a.groups /
	    (double)a.routed : 0, b.routed ? (double)b.groups /
	    (double)b.routed : 0, 2);
	cost_metric(&w, &a, &b);
	metric(&w, "mean_distance_km", a.km_n ? a.km_sum / (double)a.km_n : 0,
	    b.km_n ? b.km_sum / (double)b.km_n : 0, 1);
	rec_writer_free(&w);
	return 0;
}

static const struct rec_field po_fields[] = {
	{ "po", 0 }, { "group", 1 }, { "location", 0 }, { "order", 1 },
	{ "channel", 0 }, { "channel_order", 0 }, { "routed_at", 0 },
	{ "line", 1 }, { "sku", 0 }, { "quantity", 1 }, { "title", 0 },
	{ "ship_name", 0 }, { "ship_company", 0 }, { "ship_address1", 0 },
	{ "ship_address2", 0 }, { "ship_city", 0 }, { "ship_region", 0 },
	{ "ship_postal_code", 0 }, { "ship_country", 0 }, { "ship_phone", 0 },
	{ "ship_method", 0 },
};

static int
write_po(void *arg, const char *const *v)
{
	struct rec_writer *w = arg;
	const char *out[DROPSHIP_COLUMNS + 1];
	char po[128];

	/* The partner's reference: the location and the group's key. */
	snprintf(po, sizeof po, "%s-%s", v[1], v[0]);
	out[0] = po;
	memcpy(out + 1, v, sizeof out - sizeof out[0]);
	rec_write(w, out);
	return 0;
}

int
route_purchase_orders(struct ledger *l, const struct config *cfg,
    const char *location, const char *since, enum rec_format output,
    FILE *out)
{
	struct rec_writer w;
	int i, status;

	if (location) {
		const struct location *loc = config_location(cfg, location);

		if (loc == NULL || loc->type != LOC_DROPSHIP) {
			warnx_("--location: '%s' is not a dropship location in "
			    "%s", location, cfg->path);
			return EXIT_USAGE;
		}
	}
	rec_writer_init(&w, out, output, po_fields,
	    sizeof po_fields / sizeof po_fields[0]);
	rec_write_header(&w);
	if ((status = ledger_snapshot(l)) == 0) {
		for (i = 0; i < cfg->nlocations && status == 0; i++) {
			const struct location *loc = &cfg->locations[i];

			if (loc->type != LOC_DROPSHIP || (location &&
			    strcmp(location, loc->code) != 0))
				continue;
			if (ledger_dropship_lines(l, loc->code, since, write_po,
			    &w) < 0)
				status = EXIT_LEDGER;
		}
		ledger_rollback(l);
	}
	rec_writer_free(&w);
	return status;
}
