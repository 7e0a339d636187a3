/*
 * oms-track's engine: carriers' tracking events applied to parcels and
 * orders, the timeline of an order, delay warnings, and notifications
 * for customers, each sent once.
 */
#ifndef OMS_TRACKOPS_H
#define OMS_TRACKOPS_H

#include <stdio.h>

#include "config.h"
#include "ledger.h"
#include "record.h"

struct track_options {
	int document;		/* show: for a person, not records */
	int window_days;	/* notify: changes of the last N days */
	int quiet;
	enum rec_format output;
};

/*
 * Apply a file of carrier events (CSV or TSV: tracking, time, code,
 * location, text) in one transaction.  An event for an unknown
 * tracking number or with a code oms.yaml does not map is rejected
 * (EXIT_PARTIAL); the others are applied.
 */
int track_import(struct ledger *l, const struct config *cfg,
    const struct track_options *opt, FILE *in, const char *name, FILE *out);
/* The status and timeline of the orders each key names. */
int track_show(struct ledger *l, const struct track_options *opt,
    char **keys, int nkeys, FILE *out);
/* Flag the parcels that will miss their promise, from their history. */
int track_delays(struct ledger *l, const struct config *cfg,
    const struct track_options *opt, FILE *out);
/* The notifications due, each written and recorded once. */
int track_notify(struct ledger *l, const struct config *cfg,
    const struct track_options *opt, FILE *out);

#endif
