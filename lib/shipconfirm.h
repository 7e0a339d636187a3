/*
 * Shipment confirmations back to the sales channels: the file a
 * merchant uploads once to give a channel its tracking numbers, in
 * that channel's own upload format (an Amazon shipping confirmation
 * flat file, an eBay File Exchange status file, a CSV for a Shopify
 * bulk fulfilment app), or as an oms record stream for anything else.
 */
#ifndef OMS_SHIPCONFIRM_H
#define OMS_SHIPCONFIRM_H

#include <stdio.h>

enum shipconfirm_format { SC_AMAZON, SC_EBAY, SC_SHOPIFY, SC_TSV };

/* Parse "amazon", "ebay", "shopify" or "tsv"; -1 if none of them. */
int shipconfirm_format_parse(const char *name, enum shipconfirm_format *f);

/* The name shipconfirm_format_parse takes for f. */
const char *shipconfirm_format_name(enum shipconfirm_format f);

/*
 * The format a channel uploads by default: its platform when the
 * channel's name starts with amazon, ebay or shopify ("amazon-de"),
 * else tsv.
 */
enum shipconfirm_format shipconfirm_format_for(const char *channel);

/*
 * One shipped line, or the part of it in one parcel.  NULL strings are
 * empty.  channel_line is the channel's line id; quantity <= 0 says
 * none; carrier is an oms carrier code ("dhl"), carrier_name what
 * people call it ("DHL Paket"), service its product ("Paket");
 * shipped_at is UTC ISO-8601 ("2026-11-28T14:05:00Z").
 */
struct ship_notice {
	long long order_id;	/* ledger key */
	const char *channel;
	const char *channel_order;
	int line_no;
	const char *channel_line;
	const char *sku;
	long long quantity;
	const char *carrier;
	const char *carrier_name;
	const char *service;
	const char *tracking;
	const char *tracking_url;
	const char *shipped_at;
};

/* A writer: streaming, one row per notice, constant memory. */
struct shipconfirm;

/* Start a file in format f on out; its header is written at once. */
struct shipconfirm *shipconfirm_open(enum shipconfirm_format f, FILE *out);

/*
 * Write one notice.  Returns 0, or -1 without writing it after a
 * message when the format cannot do without a field the notice lacks
 * ("order 7 line 2: amazon needs the channel's order number").
 */
int shipconfirm_write(struct shipconfirm *w, const struct ship_notice *n);

/*
 * Flush and free the writer (out stays open).  Returns 0, or -1 after
 * a message when out had a write error.
 */
int shipconfirm_close(struct shipconfirm *w);

#endif
