/*
 * oms-ship's engine: rate shopping for packed parcels, their labels
 * and tracking numbers (from the built-in offline carrier or an
 * adapter, oms-carrier(7)), the hand-over to the carrier that takes
 * the stock out of the location, and the confirmations a channel
 * uploads.
 */
#ifndef OMS_SHIPPING_H
#define OMS_SHIPPING_H

#include <stdio.h>

#include "config.h"
#include "ledger.h"
#include "record.h"
#include "shipconfirm.h"

struct ship_options {
	const char *location;		/* only this location's parcels */
	const char *labels_dir;		/* where label files go */
	int label_format;		/* enum label_format; -1: oms.yaml's */
	int label_size;			/* enum label_size; -1: oms.yaml's */
	int explain;			/* rate: every quote, with why */
	int adapter_timeout;		/* seconds an adapter may take */
	const char *channel;		/* confirmations: this channel's */
	const char *since;		/* confirmations: again, since */
	int confirm_format;		/* enum shipconfirm_format; -1: the
					   channel's own */
	char **tracking;		/* ship: these parcels' groups only */
	int ntracking;
	int quiet;
	enum rec_format output;
};

/* Quotes for the parcels waiting for a label; changes nothing. */
int ship_rate(struct ledger *l, const struct config *cfg,
    const struct ship_options *opt, FILE *out);
/*
 * Label the packed parcels: choose a service, take a tracking number
 * (or ask the carrier's adapter), write the label.  A parcel that
 * cannot be labelled (no service takes it, an address too long for
 * the label, an adapter that fails) keeps waiting and the run ends
 * with EXIT_PARTIAL; nothing is lost.
 */
int ship_label(struct ledger *l, const struct config *cfg,
    const struct ship_options *opt, FILE *out);
/* The carrier took the labelled groups: their stock leaves. */
int ship_ship(struct ledger *l, const struct ship_options *opt, FILE *out);
/* What a channel has not been told of, in its upload format. */
int ship_confirmations(struct ledger *l, const struct config *cfg,
    const struct ship_options *opt, FILE *out);

#endif
