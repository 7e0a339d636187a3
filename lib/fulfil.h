/*
 * oms-fulfil's engine: routed shipment groups released to their
 * locations as fulfilment requests, in numbered releases and pick
 * waves, with the pick lists a WMS or a person at a store works from.
 */
#ifndef OMS_FULFIL_H
#define OMS_FULFIL_H

#include <stdio.h>

#include "config.h"
#include "ledger.h"
#include "record.h"

struct fulfil_options {
	const char *location;	/* only this location's groups */
	long long release_no;	/* picklist: this release (0: the last) */
	int document;		/* a readable pick list, not records */
	int quiet;
	enum rec_format output;
};

/*
 * Release every shipment group ready to go (of routed orders not on
 * hold) in one transaction, and write the release's pick list.
 */
int fulfil_release(struct ledger *l, const struct config *cfg,
    const struct fulfil_options *opt, FILE *out);

/* Write a release's pick list again. */
int fulfil_picklist(struct ledger *l, const struct fulfil_options *opt,
    FILE *out);

#endif
