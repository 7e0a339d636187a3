/*
 * oms-allocate's engine: reserve stock for order lines, never more
 * than is available to promise, across every channel at once.
 */
#ifndef OMS_ALLOCATOR_H
#define OMS_ALLOCATOR_H

#include <stdio.h>

#include "config.h"
#include "ledger.h"
#include "record.h"

struct alloc_options {
	int pending;		/* every order waiting for stock */
	int backorders;		/* only backordered orders */
	int batch;		/* orders per transaction */
	int quiet;
	enum rec_format output;
};

/*
 * Allocate the orders named by the record stream `in` (its order field)
 * or, with pending/backorders, the waiting orders by priority and then
 * order time; first release the reservations of orders held past the
 * configured time.  Writes one record per order line; returns the exit
 * status.
 */
int allocate(struct ledger *l, const struct config *cfg,
    const struct alloc_options *opt, FILE *in, FILE *out);

#endif
