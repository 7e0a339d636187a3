/*
 * An order as an importer hands it to the ledger: normalised (money in
 * minor units, times in UTC, countries as ISO codes) and validated.
 */
#ifndef OMS_ORDER_H
#define OMS_ORDER_H

#include "util.h"

/* In this order everywhere: fields, columns, keep_* bits. */
struct address {
	char *name, *company, *address1, *address2, *city, *region,
	    *postal_code, *country, *phone;
};

struct order_line {
	char *channel_line_id, *sku, *title;
	long long quantity, unit_price, discount, tax;
	int requires_shipping;
	int status;		/* enum line_status, or -1: follow the order */
};

struct order {
	char *number;		/* the channel's order number */
	char *placed_at;	/* UTC ISO-8601, or NULL */
	char currency[4];
	char *email, *phone, *customer_name;
	char *ship_method;	/* the channel's shipping service */
	char *risk;		/* the channel's risk level, lower case */
	char *deliver_by;	/* YYYY-MM-DD the channel promised, or NULL */
	long long shipping, tax, discount, total;
	int has_total;
	long long total_mismatch;	/* stated total minus computed */
	int status;		/* enum order_status the channel reports */
	char *hold_reason;	/* a profile hold rule matched, or NULL */
	int needs_shipping;
	int address_complete;
	struct address ship_to, bill_to;
	int has_lines;		/* the export carries lines at all */
	unsigned unmapped;	/* UNMAPPED_*: fields an update keeps */
	/*
	 * The hold reasons this export can judge, space-separated: those
	 * of its profile's hold rules, and "address" when it has a street.
	 * A hold it cannot judge is left as it is.
	 */
	const char *judges;
	unsigned keep_ship_to;	/* bit i: address field i is not mapped */
	unsigned keep_bill_to;
	struct order_line *lines;
	int nlines, linecap;
	unsigned long long fingerprint;
};

/*
 * Fields the export does not carry at all (its profile maps no column
 * to them): an update keeps what the ledger has instead of blanking it.
 */
enum {
	UNMAPPED_CUSTOMER = 4,
	UNMAPPED_PLACED_AT = 8, UNMAPPED_SHIPPING = 16,
	/* Amounts an export without lines cannot work out either. */
	UNMAPPED_AMOUNTS = 32,
	UNMAPPED_LINE_TITLE = 64
};

/* What became of an order in the ledger, for the output record. */
struct order_result {
	long long order_id;
	const char *status;
	const char *action;	/* new, updated, unchanged, rejected */
	int nlines;
	long long units;
	long long total;
	struct buf note;	/* flags for the operator: hold, mismatch */
};

void order_clear(struct order *o);
/* Free an address's fields and zero it. */
void address_clear(struct address *a);

/*
 * Whether a ship-to address is complete enough to ship to: a street,
 * a city, a country, and a postal code where the country uses them.
 */
int address_complete(const struct address *a);
struct order_line *order_add_line(struct order *o);

/* Fingerprint the normalised order so re-imports can say "unchanged". */
unsigned long long order_fingerprint(const struct order *o);

#endif
