/*
 * oms-route's engine: screen each allocated order for fraud, choose
 * where it ships from by the strategies of oms.yaml, and turn its
 * network reservations into reservations at those locations, in
 * shipment groups.
 */
#ifndef OMS_ROUTER_H
#define OMS_ROUTER_H

#include <stdio.h>

#include "config.h"
#include "ledger.h"
#include "record.h"

struct route_options {
	int pending;		/* every order waiting to be routed */
	int batch;		/* orders per transaction */
	int explain;		/* say why, in words; change nothing */
	int quiet;
	enum rec_format output;
};

/*
 * Route the orders named by the record stream `in` (its order field)
 * or, with pending, the allocated orders and those held as unroutable,
 * in order time.  Writes one record per shipment group line (or per
 * order held); returns the exit status.
 */
int route(struct ledger *l, const struct config *cfg,
    const struct route_options *opt, FILE *in, FILE *out);

/*
 * Route the waiting orders under the configuration and under `other`,
 * each in a transaction rolled back, and write how they compare.
 */
int route_what_if(struct ledger *l, const struct config *cfg,
    const struct config *other, const struct route_options *opt, FILE *out);

/*
 * The purchase-order records of dropship partners (one, or all): a
 * record per line of each open shipment group routed to them at or
 * after `since` (NULL: all).
 */
int route_purchase_orders(struct ledger *l, const struct config *cfg,
    const char *location, const char *since, enum rec_format output,
    FILE *out);

#endif
