/*
 * Available to promise, computed one way for every tool: what a SKU's
 * stock can still be sold for.
 */
#ifndef OMS_ATP_H
#define OMS_ATP_H

#include "config.h"

struct loc_qty {
	const char *location;
	long long on_hand;
};

/*
 * Over the configured locations (those serving the channel, when one
 * is named): on hand above each location's safety stock, less what is
 * reserved network-wide and the channel's buffer; never below 0.
 * Stock at locations oms.yaml no longer lists is not counted.
 * Reservations are counted against every channel's figure, which can
 * only understate what a channel may sell, never overstate it.
 */
long long atp(const struct config *c, const char *sku, const char *channel,
    const struct loc_qty *v, int n, long long reserved);

/* A location's part in the sum, looked up once. */
struct atp_loc {
	const struct location *loc;	/* NULL: not in oms.yaml (any more) */
	long long on_hand, safety;
};

/* The sum itself, for callers that keep the lookups. */
long long atp_sum(const struct atp_loc *v, int n, const char *channel,
    long long reserved, long long buffer);

/* The same, for one location: on hand less safety and reserved there. */
long long atp_location(const struct config *c, const char *sku,
    const char *location, long long on_hand, long long reserved);

#endif
