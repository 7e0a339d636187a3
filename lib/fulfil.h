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

/*
 * Apply a location's confirmations (records: group, status picked,
 * packed or rejected, and for lines, parcels and rejections the fields
 * oms-fulfil(1) lists) in one transaction, writing what each did.  A bad
 * record changes nothing (EXIT_INPUT); a record for a group past the
 * step it confirms is refused and the others applied (EXIT_PARTIAL).
 */
int fulfil_confirm(struct ledger *l, const struct fulfil_options *opt,
    FILE *in, const char *name, FILE *out);

/* Write a release's pick list again. */
int fulfil_picklist(struct ledger *l, const struct fulfil_options *opt,
    FILE *out);

#endif
