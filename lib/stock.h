/*
 * oms-stock's engine: stock files in (absolute snapshots of on hand,
 * or movements: receipts, adjustments, transfers), movements in the
 * ledger, one record per row out; and the stock queries.
 */
#ifndef OMS_STOCK_H
#define OMS_STOCK_H

#include <stdio.h>

#include "config.h"
#include "ledger.h"
#include "record.h"

struct stock_options {
	const char *format;		/* -f: a built-in stock profile */
	const char *profile_path;	/* -p */
	const char *rejects_path;	/* --rejects */
	int strict, dry_run, quiet;
	enum rec_format output;
};

/* Import stock files, each one transaction; the exit status. */
int stock_import_files(struct ledger *l, const struct config *cfg,
    char *const *files, int nfiles, const struct stock_options *opt,
    FILE *out);

/*
 * Write on hand, reserved, safety stock and available to promise per
 * SKU and location (or per SKU for the network, or for what a channel
 * may sell); sku, location, channel NULL for all.
 */
int stock_show(struct ledger *l, const struct config *cfg, const char *sku,
    const char *location, const char *channel, int network,
    enum rec_format format, FILE *out);

enum feed_format { FEED_TSV, FEED_SHOPIFY, FEED_AMAZON };

struct feed_options {
	const char *channel;
	enum feed_format format;
	int all;		/* every SKU, not only those that changed */
	const char *since;	/* SKUs whose stock changed after this */
	const char *shopify_location;	/* Shopify's name for the location */
	int dry_run;
	enum rec_format output;	/* for FEED_TSV */
};

/*
 * The stock sync back to a channel: what it may sell of each SKU and
 * bundle (available to promise over the locations serving it, less its
 * buffer), in its upload format; by default only the SKUs whose figure
 * differs from the one last sent, which is remembered.
 */
int stock_feed(struct ledger *l, const struct config *cfg,
    const struct feed_options *opt, FILE *out);

/*
 * The expected receipts not yet received in full (for one SKU, or all),
 * earliest first.
 */
/* The product catalogue (or one SKU's), as records. */
int stock_catalogue(struct ledger *l, const char *sku, enum rec_format format,
    FILE *out);
int stock_receipts(struct ledger *l, const char *sku, enum rec_format format,
    FILE *out);

/* The built-in stock formats as a record stream. */
int stock_list_formats(enum rec_format format, FILE *out);

#endif
