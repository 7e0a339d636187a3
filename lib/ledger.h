/*
 * The ledger: one SQLite file that is the truth about orders.  Every
 * statement oms runs lives in ledger.c, with bound parameters only, in
 * SQL that PostgreSQL also accepts where SQLite allows it.
 */
#ifndef OMS_LEDGER_H
#define OMS_LEDGER_H

#include "order.h"

struct ledger;

enum ledger_mode {
	LEDGER_WRITE,		/* create the file if missing, writers allowed */
	LEDGER_READ,		/* an existing ledger, read only */
	LEDGER_SCRATCH		/* an empty ledger in memory (--dry-run) */
};

/* The ledger path: the --db option if given, else $OMS_DB, else oms.db. */
const char *ledger_default_path(const char *option);

/*
 * Open (and create or migrate) the ledger.  Returns 0, or an exit status
 * (EXIT_LEDGER, EXIT_BUSY) after printing why.
 */
int ledger_open(struct ledger **lp, const char *path, enum ledger_mode mode,
    const char *tool);
void ledger_close(struct ledger *l);
int ledger_schema_version(struct ledger *l);
/* Whether the ledger file exists (a dry run does not create it). */
int ledger_exists(const char *path);

/*
 * One unit of work: BEGIN IMMEDIATE takes the write lock up front so
 * that two writers never both read, then both write.  Returns 0, or
 * EXIT_BUSY / EXIT_LEDGER after a message.
 */
int ledger_begin(struct ledger *l);
int ledger_commit(struct ledger *l);
void ledger_rollback(struct ledger *l);

/* The channel's id, created on first use; -1 after a message. */
long long ledger_channel(struct ledger *l, const char *name);

/* Record an import run; its id marks the orders it writes. */
long long ledger_import_start(struct ledger *l, const char *source,
    const char *format, long long channel_id);
int ledger_import_finish(struct ledger *l, long long import_id,
    const long long counts[4]);

enum put_result {
	PUT_OK,			/* stored: see res->action */
	PUT_REPEATED,		/* the order already came earlier in this run */
	PUT_FAILED		/* ledger error: message printed, roll back */
};

/*
 * Store an order from an import: new, updated (with an event per
 * change) or unchanged.  Warnings for the operator (a channel status the
 * lifecycle refuses) go to res->note.
 */
/*
 * Append an event to an order's history (line_no 0: the whole order;
 * import_id 0: not an import's).
 */
int ledger_event(struct ledger *l, long long order_id, int line_no,
    const char *kind, const char *detail, long long import_id);

/* Where an order waiting for stock stands, from its lines (enum). */
int ledger_derive_status(struct ledger *l, long long order_id);

/* Whether this import already stored an order with that number. */
int ledger_order_in_import(struct ledger *l, long long channel_id,
    long long import_id, const char *number);

enum put_result ledger_put_order(struct ledger *l, long long channel_id,
    long long import_id, const struct order *o, struct order_result *res);

/* Inventory (ledger_stock.c). */

struct config;

/* A change of on hand: from and to are location codes, NULL outside. */
struct movement {
	const char *sku, *from, *to, *reason, *at, *reference;
	const char *source_key;	/* the same key twice is one movement */
	long long quantity;	/* > 0 */
};

/*
 * Bring the locations table in line with the configuration: new and
 * renamed locations, and those no longer configured marked inactive
 * (never deleted: movements name them).
 */
int ledger_sync_locations(struct ledger *l, const struct config *c);

/*
 * On hand of a SKU at a location now, and the time of the newest
 * snapshot applied there (or ""); *known is 0 when the ledger has never
 * had the SKU there.
 */
int ledger_stock_get(struct ledger *l, const char *sku, const char *location,
    long long *on_hand, char snapshot_at[21], int *known);

/* On hand as of a time: the sum of the movements up to it. */
int ledger_stock_at(struct ledger *l, const char *sku, const char *location,
    const char *at, long long *on_hand);

/*
 * Record a movement and what it does to stock; *added is 0 when its
 * source key was recorded before (and nothing is done).
 */
int ledger_move(struct ledger *l, const struct movement *m, int *added);

/*
 * Record an expected receipt (a purchase order line): 1 when new, 2
 * when its quantity or date changed, 0 when the same; -1 on error.
 */
int ledger_expect(struct ledger *l, const char *reference, const char *sku,
    const char *location, long long quantity, const char *expected_at);

/* One expected receipt, for listings. */
struct receipt_row {
	const char *reference, *sku, *location, *expected_at;
	long long quantity, received;
};

/* Call fn for each expected receipt not yet received in full. */
int ledger_receipts_list(struct ledger *l, const char *sku,
    int (*fn)(void *arg, const struct receipt_row *r), void *arg);

/* Whether a movement with this source key is recorded; -1 on error. */
int ledger_movement_known(struct ledger *l, const char *source_key);

/* Remember the time of the snapshot just applied to a SKU's stock. */
int ledger_snapshot_mark(struct ledger *l, const char *sku,
    const char *location, const char *at);

/* One row of a stock listing. */
struct stock_row {
	const char *sku, *location;	/* location NULL: the network */
	long long on_hand, reserved;
};

/*
 * Call fn for each SKU (or one, if sku is set) and location (or one),
 * in SKU then location order; with network set, one row per SKU for the
 * whole network instead.  fn returning non-zero stops.
 */
int ledger_stock_list(struct ledger *l, const char *sku, const char *location,
    int network, int (*fn)(void *arg, const struct stock_row *r), void *arg);

/* What is reserved of a SKU network-wide. */
int ledger_sku_reserved(struct ledger *l, const char *sku, long long *reserved);

/*
 * The quantity last sent to a channel for a SKU: 1 and *quantity set,
 * 0 when none was sent, -1 on error.
 */
int ledger_watermark_get(struct ledger *l, const char *channel,
    const char *sku, long long *quantity);
int ledger_watermark_set(struct ledger *l, const char *channel,
    const char *sku, long long quantity);

/*
 * Whether a SKU's stock or reservations changed after a time (a
 * movement recorded, a reservation made or ended); -1 on error.
 */
int ledger_sku_changed_since(struct ledger *l, const char *sku,
    const char *since);

/*
 * Check the inventory invariants; each violation is written to stderr
 * as one line.  Returns the number of violations, or -1 on error.
 */
long long ledger_stock_verify(struct ledger *l);

/* The ledger's rules (ledger_check.c), for oms-check. */

enum {
	CHECK_STOCK = 1,	/* on hand, reservations, receipts */
	CHECK_ORDERS = 2,	/* orders, their lines and reservations */
	CHECK_EVENTS = 4,	/* what a query can tell of the events */
	CHECK_ALL = 7
};

struct ledger_rule {
	const char *name;	/* short and stable, for scripts */
	unsigned scope;
	const char *what;	/* the broken rule, in words */
	const char *sql;
};

struct ledger_violation {
	long long order_id;	/* 0: not about one order */
	const char *subject;
	long long found, expected;
};

/*
 * Run the rules in scope, calling fn for each violation; returns how
 * many there were, or -1 on error.
 */
long long ledger_check_rules(struct ledger *l, unsigned scope,
    void (*fn)(void *arg, const struct ledger_rule *rule,
    const struct ledger_violation *v), void *arg);
/* SQLite's integrity and foreign key checks, likewise. */
long long ledger_check_storage(struct ledger *l,
    void (*fn)(void *arg, const char *what, const char *detail), void *arg);

struct ledger_event_row {
	long long order_id, event_id;
	const char *kind, *detail;
	const char *status;	/* the order's status now */
};

/* Every event, by order and as recorded; fn returns non-zero to stop. */
int ledger_each_event(struct ledger *l,
    int (*fn)(void *arg, const struct ledger_event_row *e), void *arg);
int ledger_check_counts(struct ledger *l, long long *orders, long long *lines,
    long long *events, long long *movements);
/* The rules that are queries, for listing. */
const struct ledger_rule *ledger_rules(size_t *n);
/* Begin a read transaction: one view of the ledger until the rollback. */
int ledger_snapshot(struct ledger *l);

/* Allocation (ledger_alloc.c). */

/* An order waiting for stock, as allocation sees it. */
struct alloc_order {
	long long order_id;
	const char *placed_at;	/* "" when unknown */
	const char *channel, *ship_method, *status;
};

/*
 * Call fn for up to `limit` orders waiting for stock (imported,
 * backordered or on hold; only backordered with backorders_only) that
 * come after (after_at, after_id) in order time, in that order.
 * Returns how many, or -1.
 */
int ledger_alloc_candidates(struct ledger *l, const char *after_at,
    long long after_id, int limit, int backorders_only,
    void (*fn)(void *arg, const struct alloc_order *o), void *arg);

/* One order, if it exists (1), for allocating orders named on stdin. */
int ledger_alloc_order(struct ledger *l, long long order_id,
    void (*fn)(void *arg, const struct alloc_order *o), void *arg);

/* A line that still needs stock, with what it has reserved so far. */
struct alloc_line {
	int line_no;
	const char *sku;
	long long quantity;
	const char *status;
};

/* Call fn for each open or backordered line of an order. */
int ledger_alloc_lines(struct ledger *l, long long order_id,
    void (*fn)(void *arg, const struct alloc_line *line), void *arg);

/* Units of sku reserved for an order line now. */
int ledger_line_reserved(struct ledger *l, long long order_id, int line_no,
    const char *sku, long long *reserved);

/* Call fn for each location holding a SKU, with its on hand. */
int ledger_sku_locations(struct ledger *l, const char *sku,
    void (*fn)(void *arg, const char *location, long long on_hand),
    void *arg);

/*
 * A number that changes whenever another connection commits to the
 * ledger: while it stays the same, what this process read is still
 * true.
 */
long long ledger_data_version(struct ledger *l);

/* Set an order's allocated and backordered lines open again. */
int ledger_lines_reopen(struct ledger *l, long long order_id);

/*
 * Promises on expected receipts: what a line was promised of stock to
 * come, and the latest date among them ("" when none).
 */
int ledger_line_promised(struct ledger *l, long long order_id, int line_no,
    long long *promised, char date[21]);
/* Call fn for each expected receipt of a SKU with units not promised. */
int ledger_receipts_free(struct ledger *l, const char *sku,
    int (*fn)(void *arg, long long receipt_id, const char *location,
    long long free, const char *expected_at), void *arg);
/* Promise units of an expected receipt to an order line. */
int ledger_promise(struct ledger *l, long long order_id, int line_no,
    const char *sku, long long receipt_id, long long quantity);
/* Give back every promise a line holds. */
int ledger_release_promises(struct ledger *l, long long order_id,
    int line_no);

/* Reserve units of a SKU for an order line, network-wide. */
int ledger_reserve(struct ledger *l, long long order_id, int line_no,
    const char *sku, long long quantity);
/* Add to (or, negative, take from) a SKU's reserved total. */
int ledger_reserved_add(struct ledger *l, const char *sku, long long delta);
int ledger_line_status(struct ledger *l, long long order_id, int line_no,
    const char *status);

/* Add to (or take from) what is reserved of a SKU at a location. */
int ledger_location_reserved_add(struct ledger *l, const char *sku,
    const char *location, long long delta);

/*
 * Release the active reservations of an order (or of one line, when
 * line_no > 0), with an event saying why; *released is the units freed.
 * Releasing a whole order also cancels its open shipment groups.
 */
int ledger_release(struct ledger *l, long long order_id, int line_no,
    const char *why, long long *released);

/*
 * Orders on hold whose reservations were made before `before`: call fn
 * for each (at most limit).  Returns how many, or -1.
 */
int ledger_expired_holds(struct ledger *l, const char *before, int limit,
    void (*fn)(void *arg, long long order_id), void *arg);

/*
 * An allocation batch's writes, gathered and written in multi-row
 * statements: a statement's fixed cost, paid once per row, was most of
 * what allocation took.
 */
struct alloc_writes;

struct alloc_writes *ledger_alloc_writes(void);
void ledger_alloc_writes_free(struct alloc_writes *w);
void ledger_queue_reserve(struct alloc_writes *w, long long order_id,
    int line_no, const char *sku, long long quantity);
/*
 * Every open or backordered line of the order takes the status, a
 * static string ("allocated", "backordered").
 */
void ledger_queue_lines(struct alloc_writes *w, long long order_id,
    const char *status);
void ledger_queue_order_status(struct alloc_writes *w, long long order_id,
    const char *status);
/* status: a static string ("allocated", "backordered"). */
void ledger_queue_line_status(struct alloc_writes *w, long long order_id,
    int line_no, const char *status);
void ledger_queue_event(struct alloc_writes *w, long long order_id,
    const char *kind, const char *detail);
/* Write what is queued; the queue is empty after. */
int ledger_alloc_flush(struct ledger *l, struct alloc_writes *w);

/* Routing and fraud screening (ledger_route.c). */

/* An order to screen and route; strings live until fn returns. */
struct route_order {
	long long order_id;
	const char *status, *hold_reason, *held_by, *queued_at;
	const char *channel, *ship_method, *currency;
	long long total;
	const char *email, *phone;	/* NULL when unknown */
	const char *address1, *postal_code, *country, *region;	/* ship to */
	const char *bill_country;
	const char *placed_at;	/* NULL when unknown */
	const char *channel_risk;	/* the channel's risk level, or NULL */
	int rejected;		/* a location has rejected one of its groups */
};

/*
 * Up to `limit` orders to route after (after_at, after_id) in order
 * time: allocated ones, or with retries, those oms-route held as
 * unroutable.  Returns how many, or -1.
 */
int ledger_route_candidates(struct ledger *l, int retries, const char *after_at,
    long long after_id, int limit,
    void (*fn)(void *arg, const struct route_order *o), void *arg);
/* One order, if it exists (1). */
int ledger_route_order(struct ledger *l, long long order_id,
    void (*fn)(void *arg, const struct route_order *o), void *arg);

/* A reservation of an allocated line not yet at a location. */
struct route_unit {
	long long reservation_id;
	int line_no;
	const char *sku;
	long long quantity;
	long long line_value;	/* the line's price less discount */
	long long line_units;	/* all the units its reservations hold */
};

int ledger_route_units(struct ledger *l, long long order_id,
    void (*fn)(void *arg, const struct route_unit *u), void *arg);
/* Each location's on hand and routed reservations of a SKU. */
int ledger_sku_stock(struct ledger *l, const char *sku,
    void (*fn)(void *arg, const char *location, long long on_hand,
    long long reserved), void *arg);
/* Shipment groups a location took on a UTC day (YYYY-MM-DD). */
int ledger_capacity_used(struct ledger *l, const char *location,
    const char *day, long long *used);

struct shipment_group {
	long long order_id;
	int group_no;		/* 1, 2, ... within the order */
	const char *location, *strategy, *reason;
	long long distance_km;	/* -1: unknown */
	long long cost;		/* -1: unknown */
	const char *currency;
};

/* Whether the location rejected a shipment group of the order: 1, 0, -1. */
int ledger_location_rejected(struct ledger *l, long long order_id,
    const char *location);
/* The number the order's next shipment group takes (1 for its first). */
int ledger_group_next(struct ledger *l, long long order_id);
/*
 * Record a shipment group and the capacity it uses today; returns its
 * id, or -1.
 */
long long ledger_group_add(struct ledger *l, const struct shipment_group *g);
/*
 * Move `quantity` units of a reservation (of `whole` units) to a
 * location and shipment group, splitting the reservation when it is
 * part of it, and count them reserved there.
 */
int ledger_reservation_route(struct ledger *l, long long reservation_id,
    long long quantity, long long whole, const char *sku,
    const char *location, long long group_id);
/* The order's allocated lines become routed. */
int ledger_lines_routed(struct ledger *l, long long order_id);
/* Whether fraud screening has seen the order (a risk event); -1. */
int ledger_order_screened(struct ledger *l, long long order_id);
/* What screening saw of a key's order totals in a currency. */
int ledger_risk_history(struct ledger *l, const char *key,
    const char *currency, long long *orders, double *sum, double *sumsq);
int ledger_risk_history_add(struct ledger *l, const char *key,
    const char *currency, long long total);
/* Orders screened with a key at times in [from, to]. */
int ledger_risk_count(struct ledger *l, const char *key, const char *from,
    const char *to, long long *count);
int ledger_risk_key_add(struct ledger *l, const char *key, const char *at,
    long long order_id);

/*
 * The lines of a dropship partner's open shipment groups routed at or
 * after `since` (NULL: all), as text in the order of these columns:
 * group, location, order, channel, channel_order, routed_at, line, sku,
 * quantity, title, then ship_to's name, company, address1, address2,
 * city, region, postal_code, country, phone, and the ship method.
 */
#define DROPSHIP_COLUMNS 20
int ledger_dropship_lines(struct ledger *l, const char *location,
    const char *since, int (*fn)(void *arg, const char *const *v), void *arg);

/* The product catalogue (ledger_stock.c). */

struct product {
	const char *sku, *title, *bin;
	const char *tags;	/* comma-separated, lower case */
	long long weight_g, length_mm, width_mm, height_mm;	/* -1: none */
};

/*
 * Store what a catalogue row says of a product; what the row leaves
 * out (NULL or -1) is kept.  *action is "new", "updated" or
 * "unchanged".
 */
int ledger_product_put(struct ledger *l, const struct product *p,
    const char **action);
/* Each product (or one), by SKU; fn returning non-zero stops. */
int ledger_products(struct ledger *l, const char *sku,
    int (*fn)(void *arg, const struct product *p), void *arg);

/* Fulfilment (ledger_fulfil.c). */

/* The number the next release takes, and the last one's (0: none). */
long long ledger_release_next(struct ledger *l);
long long ledger_release_last(struct ledger *l);

/* An open shipment group of a routed order, to release. */
struct release_group {
	long long group_id, order_id;
	const char *location, *ship_method, *routed_at;
};

/*
 * Up to `limit` shipment groups ready to release (open, of orders that
 * are routed and not on hold) with ids after `after`, at a location
 * (NULL: all); returns how many, or -1.
 */
int ledger_releasable(struct ledger *l, const char *location,
    long long after, int limit,
    void (*fn)(void *arg, const struct release_group *g), void *arg);
/* Release a group to its location in a release and pick wave. */
int ledger_group_release(struct ledger *l, long long group_id,
    long long release_no, const char *wave);
/*
 * The order's lines whose stock is all in released groups become
 * released; with no group left open, so does the order ("routed ->
 * released: why").
 */
int ledger_order_release(struct ledger *l, long long order_id,
    const char *why);

/* A line to pick, of a released shipment group. */
struct pick_line {
	const char *wave, *location, *ship_method, *channel, *channel_order;
	long long order_id, group_id;
	int line_no;
	const char *sku, *title, *bin;	/* title, bin: NULL when unknown */
	long long quantity;
};

/* The lines of a release, by location, wave, bin and SKU. */
int ledger_pick_lines(struct ledger *l, long long release_no,
    int (*fn)(void *arg, const struct pick_line *p), void *arg);

/* A shipment group as its location's confirmations see it. */
struct group_info {
	long long group_id, order_id;
	int group_no;
	char location[64];
	char status[16];	/* open, released, picked, packed, shipped,
				   cancelled, rejected */
};

/* 1 with *g filled, 0 when there is no such group, -1 on error. */
int ledger_group_info(struct ledger *l, long long group_id,
    struct group_info *g);
/*
 * Units of a group's line still reserved (of one SKU, or of every SKU
 * when sku is NULL), and how many SKUs hold them; the one SKU's name
 * goes to one_sku when there is exactly one.
 */
int ledger_group_line_units(struct ledger *l, long long group_id,
    int line_no, const char *sku, long long *units, int *skus,
    char *one_sku, size_t n);
/* Units a group still holds. */
int ledger_group_units(struct ledger *l, long long group_id,
    long long *units);
/*
 * A group moves on: to "picked" (from released), "packed" (from
 * released or picked) or, with a reason, "rejected" or "cancelled".
 * Returns 1 when it moved, 0 when it was not in a status to, -1.
 */
int ledger_group_move(struct ledger *l, long long group_id, const char *to,
    const char *reason);
/*
 * `missing` units of a group's line were not on the shelf: its
 * reservations there shrink, the location's on hand goes down by a
 * "short-pick" movement, and the line waits for stock again
 * (backordered), with an event.
 */
int ledger_short_pick(struct ledger *l, const struct group_info *g,
    int line_no, const char *sku, long long missing, long long picked);
/*
 * What a group holds goes back to the network: its reservations leave
 * the location and the group, and their lines wait to be routed again
 * (allocated).  Returns the units moved, or -1.
 */
long long ledger_group_unroute(struct ledger *l, const struct group_info *g);

/* A parcel as packing reports it; -1: not measured. */
struct parcel_in {
	int parcel_no;
	long long weight_g, length_mm, width_mm, height_mm;
};

/*
 * Record a packed parcel of a group.  *action: "new", "updated" (its
 * figures changed) or "unchanged"; a parcel already given to a carrier
 * is not changed (returns 0 with *action "shipped").
 */
int ledger_parcel_put(struct ledger *l, long long group_id,
    const struct parcel_in *p, const char **action);
/*
 * Where an order stands now from its lines, after a location's
 * confirmation: moved there with an event ("from -> to: why") when its
 * status may move so.
 */
int ledger_order_rederive(struct ledger *l, long long order_id,
    const char *why);

/* Shipping (ledger_ship.c). */

/* A ship-to address as the order has it; NULL: none. */
struct ship_address {
	const char *name, *company, *address1, *address2, *city, *region,
	    *postal_code, *country, *phone;
};

/* A parcel with what labelling it needs; -1: unknown. */
struct ship_parcel {
	long long parcel_id, group_id, order_id;
	int parcel_no, parcels;		/* "1 of 2" */
	const char *location, *status;
	long long weight_g, length_mm, width_mm, height_mm;
	long long catalogue_g;	/* the group's units by the catalogue */
	const char *carrier, *service, *tracking;	/* once planned */
	long long serial;
	const char *channel, *channel_order, *ship_method, *placed_at;
	const char *currency;	/* the order's */
	struct ship_address to;
	long long price;
	const char *price_currency, *promised_by, *expected_by, *label;
	const char *deliver_by;	/* the day the channel promised, or NULL */
};

/*
 * Up to `limit` parcels of packed groups still without a label, with
 * ids after `after`, at a location (NULL: all); fn returning non-zero
 * stops.  Returns how many, or -1.
 */
int ledger_parcels_to_label(struct ledger *l, const char *location,
    long long after, int limit,
    int (*fn)(void *arg, const struct ship_parcel *p), void *arg);
/* One parcel (1 when found). */
int ledger_parcel(struct ledger *l, long long parcel_id,
    int (*fn)(void *arg, const struct ship_parcel *p), void *arg);
/*
 * The next tracking serial of a carrier (`first` for its first), never
 * handed out twice; -1 on error.
 */
long long ledger_tracking_serial(struct ledger *l, const char *carrier,
    long long first);

/* What rate shopping chose for a parcel. */
struct parcel_plan {
	const char *carrier, *service;
	long long serial;		/* -1: the adapter numbers it */
	long long price;
	const char *currency, *promised_by, *expected_by;
};

/* A parcel to be labelled with its plan ("labelling"). */
int ledger_parcel_plan(struct ledger *l, long long parcel_id,
    const struct parcel_plan *pl);
/* Its label came: tracking number and label file (1; 0: not planned). */
int ledger_parcel_labelled(struct ledger *l, long long parcel_id,
    const char *tracking, const char *label);
/* Packed groups whose every parcel is labelled, after `after`. */
int ledger_groups_to_ship(struct ledger *l, const char *location,
    long long after, int limit,
    void (*fn)(void *arg, long long group_id, long long order_id,
    const char *location), void *arg);
/*
 * The group of a tracking number, and the status of its parcels
 * ("labelled" when all are, else one that is not): 1, 0, -1.
 */
int ledger_group_of_tracking(struct ledger *l, const char *tracking,
    struct group_info *g, char *parcel_status, size_t n);
/*
 * The carrier took a packed group: its reservations are consumed, the
 * stock leaves the location ("shipment" movements), its lines whose
 * stock has all gone are shipped and the order follows, with events.
 * Returns the units shipped, or -1.
 */
long long ledger_group_ship(struct ledger *l, long long group_id,
    long long order_id, const char *location);

/* A shipped line of a parcel, for the channel's confirmation. */
struct ship_notice_row {
	long long parcel_id, order_id;
	const char *channel, *channel_order;
	int line_no;
	const char *channel_line, *sku;
	long long quantity;
	const char *carrier, *service, *tracking, *shipped_at;
};

/*
 * The shipped lines a channel has not been told of (since NULL), or
 * all shipped since a time; fn returning non-zero stops.
 */
int ledger_ship_notices(struct ledger *l, const char *channel,
    const char *since,
    int (*fn)(void *arg, const struct ship_notice_row *n), void *arg);
/* Mark a parcel's group told to its channel. */
int ledger_ship_confirmed(struct ledger *l, long long parcel_id);

/* Tracking (ledger_track.c). */

/* A shipped parcel as tracking sees it; strings NULL when unknown. */
struct track_parcel {
	long long parcel_id, group_id, order_id;
	const char *status, *status_at, *carrier, *service, *tracking;
	const char *shipped_at, *promised_by, *expected_by, *delivered_at;
	const char *delayed_at, *location, *country, *postal_code;
};

/* The parcel of a tracking number: 1 (fn called), 0, -1. */
int ledger_track_parcel(struct ledger *l, const char *tracking,
    int (*fn)(void *arg, const struct track_parcel *p), void *arg);
/* A carrier's event: 1 when new, 0 when the ledger has it, -1. */
int ledger_track_event(struct ledger *l, long long parcel_id, const char *at,
    const char *code, const char *state, const char *location,
    const char *text);
/* A parcel's state and its time (a delivery's time too). */
int ledger_parcel_state(struct ledger *l, long long parcel_id,
    const char *state, const char *at);
/*
 * A shipped order whose every parcel is delivered becomes delivered,
 * its lines too ("shipped -> delivered: why"): 1 when it did, 0, -1.
 */
int ledger_order_delivered(struct ledger *l, long long order_id,
    const char *why);
/* Parcels on their way with a promise, not yet flagged delayed. */
int ledger_parcels_in_flight(struct ledger *l, long long after, int limit,
    void (*fn)(void *arg, const struct track_parcel *p), void *arg);
/* Ship and delivery days of a service's last delivered parcels. */
int ledger_transit_history(struct ledger *l, const char *carrier,
    const char *service,
    void (*fn)(void *arg, const char *shipped, const char *delivered),
    void *arg);
/* Flag a parcel delayed (now). */
int ledger_parcel_delayed(struct ledger *l, long long parcel_id);
/*
 * The orders a key names: a ledger key, else a tracking number's, else
 * (with an '@') an email's; returns how many, -1.
 */
int ledger_track_orders(struct ledger *l, const char *key,
    void (*fn)(void *arg, long long order_id), void *arg);
int ledger_order_parcels(struct ledger *l, long long order_id,
    int (*fn)(void *arg, const struct track_parcel *p), void *arg);
/*
 * An order's timeline by time: v[0] at, v[1] "oms" or "carrier", v[2]
 * kind or state, v[3] detail, v[4] tracking, v[5] location.
 */
int ledger_timeline(struct ledger *l, long long order_id,
    int (*fn)(void *arg, const char *const *v), void *arg);

/* A notification due: a parcel's change a customer is to be told of. */
struct notify_row {
	long long parcel_id, order_id;
	const char *kind, *channel, *channel_order, *email, *name;
	const char *tracking, *carrier, *service, *status, *expected_by;
	const char *promised_by, *location;
};

/*
 * Notifications due of kind 0 shipped, 1 out_for_delivery, 2 delayed,
 * 3 delivered, for changes since `since`, not yet sent.
 */
int ledger_notifications_due(struct ledger *l, int kind, const char *since,
    int (*fn)(void *arg, const struct notify_row *r), void *arg);
/* Record one sent: its id, 0 when it was sent before, -1. */
long long ledger_notification_add(struct ledger *l, long long order_id,
    long long parcel_id, const char *kind);

/* Orders by hand (ledger_order.c). */

/* Where an order stands; strings live until the callback returns. */
struct order_state_row {
	long long order_id;
	const char *channel, *number, *status;
	const char *hold_reason, *held_by;	/* NULL when not on hold */
	const char *since;	/* when the status last changed */
	const char *placed_at, *currency;
	long long total;
};

/* One order: 1 after calling fn, 0 when there is no such order, -1. */
int ledger_order_state(struct ledger *l, long long order_id,
    int (*fn)(void *arg, const struct order_state_row *r), void *arg);
/* An order's key from its channel and number; 0 when unknown, -1. */
long long ledger_order_find(struct ledger *l, const char *channel,
    const char *number);
/*
 * Orders on hold, longest held first; reason (a reason, or the word
 * before its ':') and held_by narrow the list when set.  fn returning
 * non-zero stops.
 */
int ledger_holds(struct ledger *l, const char *reason, const char *held_by,
    int (*fn)(void *arg, const struct order_state_row *r), void *arg);
/*
 * Move an order from one status to another (enum order_status), with
 * the hold's reason and holder when `to` is on_hold, and its event:
 * "from -> to: why", or "on hold: why" for a hold that changes hands.
 */
int ledger_set_state(struct ledger *l, long long order_id, int from, int to,
    const char *hold_reason, const char *held_by, const char *why);
/* How many of an order's lines are in each enum line_status. */
int ledger_line_counts(struct ledger *l, long long order_id,
    long long *counts);
/* Cancel the lines not yet shipped, delivered or returned. */
int ledger_lines_cancel(struct ledger *l, long long order_id);

#endif
