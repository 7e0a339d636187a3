/*
 * Fraud screening.  Each rule is a plain test on the order and on what
 * screening has seen before it; the points of the rules that hold add
 * up to the score.  The history is kept by screening itself (the
 * risk_history and risk_keys tables), so that a rule reads one row or
 * one index range, not every earlier order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "contact.h"
#include "currency.h"
#include "datetime.h"
#include "fraud.h"
#include "money.h"

#define KEY_MAX 320

void
fraud_result_init(struct fraud_result *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->reasons);
	buf_init(&r->detail);
}

void
fraud_result_free(struct fraud_result *r)
{
	buf_free(&r->reasons);
	buf_free(&r->detail);
}

/* "YYYY-MM-DDTHH:MM:SSZ" less some seconds, in the same form. */
static int
iso_minus(const char *iso, long seconds, char out[21])
{
	int y, mo, d, h, mi, s;
	long long t;
	time_t tt;
	struct tm tm;

	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi,
	    &s) != 6)
		return -1;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
	    seconds;
	tt = (time_t)t;
	if (gmtime_r(&tt, &tm) == NULL)
		return -1;
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}

static void
money_text(long long minor, const char *currency, char out[48])
{
	char n[32];
	int e = currency_exponent(currency);

	money_format(minor, e < 0 ? 2 : e, n);
	snprintf(out, 48, "%s %s", n, currency);
}

static void
held(struct fraud_result *res, const struct fraud_rule *r,
    const char *fmt, const char *a, const char *b)
{
	char figures[256];

	res->score += r->points;
	if (res->reasons.len)
		buf_adds(&res->reasons, ", ");
	buf_adds(&res->reasons, r->reason);
	snprintf(figures, sizeof figures, fmt, a, b);
	buf_printf(&res->detail, "; %s +%d (%s)", r->reason, r->points,
	    figures);
}

/* The order's keys in screening's tables; "" when it has none. */
struct keys {
	char email[KEY_MAX], phone[KEY_MAX], address[KEY_MAX];
	char channel[KEY_MAX];
};

static void
make_keys(const struct route_order *o, struct keys *k)
{
	char v[KEY_MAX - 16];

	k->email[0] = k->phone[0] = k->address[0] = '\0';
	if (o->email && contact_email_key(o->email, v, sizeof v) == 0)
		snprintf(k->email, sizeof k->email, "email:%s", v);
	if (o->phone && contact_phone_key(o->phone, v, sizeof v) == 0)
		snprintf(k->phone, sizeof k->phone, "phone:%s", v);
	if (o->address1 && o->country && contact_address_key(o->address1,
	    o->postal_code ? o->postal_code : "", o->country, v,
	    sizeof v) == 0)
		snprintf(k->address, sizeof k->address, "address:%s", v);
	snprintf(k->channel, sizeof k->channel, "channel:%s", o->channel);
}

/*
 * Whether a total is far above what a key's history says is usual:
 * more than z standard deviations above the mean or, when every order
 * had the same total, more than twice it.
 */
static int
unusual(struct ledger *l, const char *key, const struct route_order *o,
    const struct fraud_rule *r, double *mean_out, int *err)
{
	long long n;
	double sum, sumsq, mean, var, sd;

	*err = 0;
	if (ledger_risk_history(l, key, o->currency, &n, &sum, &sumsq) < 0) {
		*err = 1;
		return 0;
	}
	if (n < r->min_history)
		return 0;
	mean = sum / (double)n;
	var = sumsq / (double)n - mean * mean;
	sd = var > 0 ? sqrt(var) : 0;
	*mean_out = mean;
	if (sd < 0.5)
		return (double)o->total > 2 * mean;
	return ((double)o->total - mean) / sd > r->z;
}

/* Whether a normal form is on a list (whose entries may be NULL). */
static int
listed(char *const *keys, int n, const char *key)
{
	int i;

	for (i = 0; *key && i < n; i++)
		if (keys[i] && strcmp(keys[i], key) == 0)
			return 1;
	return 0;
}

/* The order's keys carry their kind ("email:"); the lists do not. */
static int
blocked(const struct fraud_rule *r, const struct keys *k,
    const char **what)
{
	*what = listed(r->email_keys, r->nemails, k->email[0] ?
	    k->email + 6 : "") ? "email" : listed(r->phone_keys, r->nphones,
	    k->phone[0] ? k->phone + 6 : "") ? "phone" :
	    listed(r->address_keys, r->naddresses, k->address[0] ?
	    k->address + 8 : "") ? "address" : NULL;
	return *what != NULL;
}

int
fraud_screen(struct ledger *l, const struct config *cfg,
    const struct route_order *o, const struct fraud_units *units, int nunits,
    int remember, struct fraud_result *res)
{
	const struct fraud_config *fc = &cfg->fraud;
	struct keys k;
	char at[21], from[21], a[64], b[64];
	const char *per_key, *what;
	long long count;
	double mean;
	int i, j, err;

	buf_reset(&res->reasons);
	buf_reset(&res->detail);
	res->score = 0;
	res->hold = 0;
	make_keys(o, &k);
	/* An order's time is when it was placed; else now. */
	snprintf(at, sizeof at, "%s", o->placed_at && *o->placed_at ?
	    o->placed_at : o->queued_at && *o->queued_at ? o->queued_at :
	    "");
	if (at[0] == '\0')
		now_iso(at);
	for (i = 0; i < fc->nrules; i++) {
		const struct fraud_rule *r = &fc->rules[i];
		int same_currency = strcmp(r->above.currency, o->currency) == 0;

		switch (r->kind) {
		case FRAUD_ORDER_VALUE:
			if (same_currency && o->total > r->above.minor) {
				money_text(o->total, o->currency, a);
				money_text(r->above.minor, o->currency, b);
				held(res, r, "total %s above %s", a, b);
			}
			break;
		case FRAUD_UNUSUAL_VALUE:
			if (k.email[0] && unusual(l, k.email, o, r, &mean,
			    &err)) {
				money_text(o->total, o->currency, a);
				money_text((long long)llround(mean), o->currency,
				    b);
				held(res, r, "total %s, the customer's mean %s",
				    a, b);
			} else if (err)
				return -1;
			else if (unusual(l, k.channel, o, r, &mean, &err)) {
				money_text(o->total, o->currency, a);
				money_text((long long)llround(mean), o->currency,
				    b);
				held(res, r, "total %s, the channel's mean %s",
				    a, b);
			} else if (err)
				return -1;
			break;
		case FRAUD_VELOCITY:
			per_key = r->per == FKEY_EMAIL ? k.email :
			    r->per == FKEY_PHONE ? k.phone : k.address;
			if (*per_key == '\0' ||
			    iso_minus(at, r->window_seconds, from) < 0)
				break;
			if (ledger_risk_count(l, per_key, from, at, &count) < 0)
				return -1;
			if (count >= r->max_orders) {
				snprintf(a, sizeof a, "%lld", count + 1);
				snprintf(b, sizeof b, "%s in %lds",
				    r->per == FKEY_EMAIL ? "email" :
				    r->per == FKEY_PHONE ? "phone" : "address",
				    r->window_seconds);
				held(res, r, "order %s of one %s", a, b);
			}
			break;
		case FRAUD_COUNTRY_MISMATCH:
			if (o->bill_country && o->country &&
			    strcasecmp(o->bill_country, o->country) != 0)
				held(res, r, "billing %s, shipping %s",
				    o->bill_country, o->country);
			break;
		case FRAUD_NEW_CUSTOMER:
			if (!same_currency || o->total <= r->above.minor ||
			    k.email[0] == '\0')
				break;
			if (ledger_risk_count(l, k.email, "0000-00-00T00:00:00Z", at,
			    &count) < 0)
				return -1;
			if (count == 0) {
				money_text(o->total, o->currency, a);
				money_text(r->above.minor, o->currency, b);
				held(res, r, "first order, total %s above %s",
				    a, b);
			}
			break;
		case FRAUD_BLOCKED:
			if (blocked(r, &k, &what))
				held(res, r, "%s on the blocked list%s", what,
				    "");
			break;
		case FRAUD_CHANNEL_RISK:
			for (j = 0; o->channel_risk && j < r->nlevels; j++)
				if (strcmp(o->channel_risk, r->levels[j]) == 0) {
					held(res, r, "the channel rates it %s%s",
					    o->channel_risk, "");
					break;
				}
			break;
		case FRAUD_MANY_UNITS:
			for (j = 0; j < nunits; j++)
				if (units[j].quantity >= r->units) {
					snprintf(a, sizeof a, "%lld",
					    units[j].quantity);
					held(res, r, "%s units of %s", a,
					    units[j].sku);
					break;
				}
			break;
		}
	}
	res->hold = fc->hold_score > 0 && res->score >= fc->hold_score;
	if (!remember)
		return 0;
	if ((k.email[0] && (ledger_risk_history_add(l, k.email, o->currency,
	    o->total) < 0 || ledger_risk_key_add(l, k.email, at,
	    o->order_id) < 0)) ||
	    ledger_risk_history_add(l, k.channel, o->currency, o->total) < 0 ||
	    (k.phone[0] && ledger_risk_key_add(l, k.phone, at,
	    o->order_id) < 0) ||
	    (k.address[0] && ledger_risk_key_add(l, k.address, at,
	    o->order_id) < 0))
		return -1;
	return 0;
}
