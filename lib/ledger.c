/*
 * The ledger layer.  All SQL of oms is here.
 *
 * Durability: WAL with synchronous=NORMAL survives a killed process at
 * any instant (a power cut may lose the last commits, never corrupt).
 * Concurrency: writers take BEGIN IMMEDIATE and wait up to the busy
 * timeout ($OMS_BUSY_TIMEOUT ms, default 5000); past it they exit with
 * EXIT_BUSY so cron can retry.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "currency.h"
#include "ledger.h"
#include "ledger_internal.h"
#include "lifecycle.h"
#include "money.h"

#define SCHEMA_VERSION 6

/*
 * Forward migrations: migrations[i] takes user_version i to i + 1.
 * Never edit a released one; append.
 */
static const char *const migrations[] = {
	/* 0 -> 1: channels, customers, orders, lines, events, imports. */
	"CREATE TABLE channels ("
	"  channel_id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  created_at TEXT NOT NULL);"
	"CREATE TABLE customers ("
	"  customer_id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL UNIQUE,"
	"  name TEXT,"
	"  phone TEXT,"
	"  created_at TEXT NOT NULL);"
	"CREATE TABLE imports ("
	"  import_id INTEGER PRIMARY KEY,"
	"  started_at TEXT NOT NULL,"
	"  tool TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  format TEXT NOT NULL,"
	"  channel_id INTEGER NOT NULL REFERENCES channels,"
	"  orders_new INTEGER, orders_updated INTEGER,"
	"  orders_unchanged INTEGER, orders_rejected INTEGER);"
	"CREATE TABLE orders ("
	"  order_id INTEGER PRIMARY KEY,"
	"  channel_id INTEGER NOT NULL REFERENCES channels,"
	"  channel_order_no TEXT NOT NULL,"
	"  customer_id INTEGER REFERENCES customers,"
	"  status TEXT NOT NULL,"
	"  hold_reason TEXT,"
	"  held_by TEXT,"
	"  currency TEXT NOT NULL,"
	"  shipping INTEGER NOT NULL,"
	"  tax INTEGER NOT NULL,"
	"  discount INTEGER NOT NULL,"
	"  total INTEGER NOT NULL,"
	"  total_mismatch INTEGER NOT NULL,"
	"  placed_at TEXT,"
	"  needs_shipping INTEGER NOT NULL,"
	"  ship_name TEXT, ship_company TEXT, ship_address1 TEXT,"
	"  ship_address2 TEXT, ship_city TEXT, ship_region TEXT,"
	"  ship_postal_code TEXT, ship_country TEXT, ship_phone TEXT,"
	"  bill_name TEXT, bill_company TEXT, bill_address1 TEXT,"
	"  bill_address2 TEXT, bill_city TEXT, bill_region TEXT,"
	"  bill_postal_code TEXT, bill_country TEXT, bill_phone TEXT,"
	"  fingerprint INTEGER NOT NULL,"
	"  first_import_id INTEGER,"
	"  import_id INTEGER,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  UNIQUE (channel_id, channel_order_no));"
	"CREATE TABLE order_lines ("
	"  order_id INTEGER NOT NULL REFERENCES orders,"
	"  line_no INTEGER NOT NULL,"
	"  channel_line_id TEXT,"
	"  sku TEXT NOT NULL,"
	"  title TEXT,"
	"  quantity INTEGER NOT NULL CHECK (quantity > 0),"
	"  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),"
	"  discount INTEGER NOT NULL,"
	"  tax INTEGER NOT NULL,"
	"  requires_shipping INTEGER NOT NULL,"
	"  status TEXT NOT NULL,"
	"  PRIMARY KEY (order_id, line_no)) WITHOUT ROWID;"
	"CREATE TABLE events ("
	"  event_id INTEGER PRIMARY KEY,"
	"  order_id INTEGER NOT NULL REFERENCES orders,"
	"  line_no INTEGER,"
	"  at TEXT NOT NULL,"
	"  tool TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  detail TEXT NOT NULL,"
	"  import_id INTEGER);"
	"CREATE INDEX events_order ON events (order_id);"
	/* History is append-only: no tool may rewrite or delete it. */
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER orders_no_delete BEFORE DELETE ON orders"
	" BEGIN SELECT RAISE(ABORT, 'orders are never deleted'); END;"
	"CREATE TRIGGER order_lines_no_delete BEFORE DELETE ON order_lines"
	" BEGIN SELECT RAISE(ABORT, 'order lines are never deleted'); END;",

	/*
	 * 1 -> 2: inventory and allocation.  On hand at a location is the
	 * sum of its movements; stock and sku_totals hold those sums (and
	 * the reservations' sums) so that allocation reads one row, and
	 * oms-stock verify proves them.
	 */
	"ALTER TABLE orders ADD COLUMN ship_method TEXT;"
	/*
	 * Written with OR, not IN: SQLite builds a temporary b-tree for an
	 * IN list each time it tests a row, and every insert or status
	 * change of an order tests this index's condition.
	 */
	"CREATE INDEX orders_open ON orders (coalesce(placed_at, ''), order_id)"
	"  WHERE status = 'imported' OR status = 'backordered'"
	"  OR status = 'on_hold';"
	"CREATE TABLE locations ("
	"  location TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  active INTEGER NOT NULL,"
	"  created_at TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE movements ("
	"  movement_id INTEGER PRIMARY KEY,"
	"  sku TEXT NOT NULL,"
	"  from_location TEXT REFERENCES locations,"
	"  to_location TEXT REFERENCES locations,"
	"  quantity INTEGER NOT NULL CHECK (quantity > 0),"
	"  reason TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  reference TEXT,"
	"  source_key TEXT UNIQUE,"
	"  recorded_at TEXT NOT NULL,"
	"  tool TEXT NOT NULL,"
	"  CHECK (from_location IS NOT NULL OR to_location IS NOT NULL),"
	"  CHECK (from_location IS NOT to_location));"
	"CREATE INDEX movements_in ON movements (to_location, sku, at);"
	"CREATE INDEX movements_out ON movements (from_location, sku, at);"
	"CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements"
	" BEGIN SELECT RAISE(ABORT, 'movements are append-only'); END;"
	"CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements"
	" BEGIN SELECT RAISE(ABORT, 'movements are append-only'); END;"
	"CREATE TABLE stock ("
	"  sku TEXT NOT NULL,"
	"  location TEXT NOT NULL REFERENCES locations,"
	"  on_hand INTEGER NOT NULL,"
	"  snapshot_at TEXT,"
	"  PRIMARY KEY (sku, location)) WITHOUT ROWID;"
	"CREATE TABLE sku_totals ("
	"  sku TEXT PRIMARY KEY,"
	"  on_hand INTEGER NOT NULL,"
	"  reserved INTEGER NOT NULL CHECK (reserved >= 0)) WITHOUT ROWID;"
	"CREATE TABLE expected_receipts ("
	"  receipt_id INTEGER PRIMARY KEY,"
	"  reference TEXT NOT NULL,"
	"  sku TEXT NOT NULL,"
	"  location TEXT REFERENCES locations,"
	"  quantity INTEGER NOT NULL CHECK (quantity > 0),"
	"  promised INTEGER NOT NULL DEFAULT 0,"
	"  expected_at TEXT NOT NULL,"
	"  received INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (reference, sku, location));"
	"CREATE TABLE reservations ("
	"  reservation_id INTEGER PRIMARY KEY,"
	"  order_id INTEGER NOT NULL REFERENCES orders,"
	"  line_no INTEGER NOT NULL,"
	"  sku TEXT NOT NULL,"
	"  location TEXT REFERENCES locations,"
	"  receipt_id INTEGER REFERENCES expected_receipts,"
	"  quantity INTEGER NOT NULL CHECK (quantity > 0),"
	"  status TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  ended_at TEXT);"
	"CREATE INDEX reservations_order ON reservations (order_id, line_no)"
	"  WHERE status = 'active';"
	"CREATE TABLE feed_watermarks ("
	"  channel TEXT NOT NULL,"
	"  sku TEXT NOT NULL,"
	"  quantity INTEGER NOT NULL,"
	"  sent_at TEXT NOT NULL,"
	"  PRIMARY KEY (channel, sku)) WITHOUT ROWID;",

	/*
	 * 2 -> 3: a purchase order line recorded after its receipts counts
	 * them, found by reference without scanning every movement.
	 */
	"CREATE INDEX movements_reference ON movements (reference, sku)"
	"  WHERE reference IS NOT NULL AND from_location IS NULL;",

	/*
	 * 3 -> 4: where an order stands in oms moves out of the wide row
	 * of what the channel said, into a narrow row of its own.  Every
	 * tool changes an order's status, and rewriting 300 bytes of
	 * addresses for it was most of what allocation wrote.  queued_at
	 * is the order's placed_at (empty when unknown), copied so that
	 * the queue of open orders is one index.
	 */
	"CREATE TABLE order_state ("
	"  order_id INTEGER PRIMARY KEY REFERENCES orders,"
	"  status TEXT NOT NULL,"
	"  hold_reason TEXT,"
	"  held_by TEXT,"
	"  queued_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL);"
	"INSERT INTO order_state (order_id, status, hold_reason, held_by,"
	"  queued_at, updated_at) SELECT order_id, status, hold_reason,"
	"  held_by, coalesce(placed_at, ''), updated_at FROM orders;"
	"DROP INDEX orders_open;"
	"CREATE INDEX orders_open ON order_state (queued_at, order_id)"
	"  WHERE status = 'imported' OR status = 'backordered'"
	"  OR status = 'on_hold';"
	"ALTER TABLE orders DROP COLUMN status;"
	"ALTER TABLE orders DROP COLUMN hold_reason;"
	"ALTER TABLE orders DROP COLUMN held_by;"
	"ALTER TABLE orders DROP COLUMN updated_at;"
	"CREATE TRIGGER order_state_no_delete BEFORE DELETE ON order_state"
	" BEGIN SELECT RAISE(ABORT, 'orders are never deleted'); END;",

	/*
	 * 4 -> 5: routing and fraud screening (oms-route).  A routed
	 * reservation names its location and its shipment group; each
	 * location's stock row keeps what is reserved there, the sum of
	 * those reservations, so that routing reads one row.  Capacity used
	 * is counted per location and UTC day.  risk_history and risk_keys
	 * are what screening has seen: per customer and channel the count,
	 * sum and sum of squares of order totals, and per email, phone and
	 * address the times of orders, for velocity.  An order keeps the
	 * channel's own risk level (Shopify's Risk Level), for a rule.
	 */
	"ALTER TABLE orders ADD COLUMN channel_risk TEXT;"
	"ALTER TABLE stock ADD COLUMN reserved INTEGER NOT NULL DEFAULT 0"
	"  CHECK (reserved >= 0);"
	"CREATE TABLE shipment_groups ("
	"  group_id INTEGER PRIMARY KEY,"
	"  order_id INTEGER NOT NULL REFERENCES orders,"
	"  group_no INTEGER NOT NULL,"
	"  location TEXT NOT NULL REFERENCES locations,"
	"  strategy TEXT NOT NULL,"
	"  rank_reason TEXT NOT NULL,"
	"  distance_km INTEGER,"
	"  cost INTEGER,"
	"  currency TEXT,"
	"  status TEXT NOT NULL,"
	"  routed_at TEXT NOT NULL,"
	"  release_no INTEGER,"
	"  wave TEXT,"
	"  released_at TEXT,"
	"  UNIQUE (order_id, group_no));"
	"CREATE INDEX shipment_groups_open ON shipment_groups (location,"
	"  routed_at) WHERE status = 'open';"
	"CREATE INDEX shipment_groups_release ON shipment_groups (release_no)"
	"  WHERE release_no IS NOT NULL;"
	"ALTER TABLE reservations ADD COLUMN group_id INTEGER"
	"  REFERENCES shipment_groups;"
	"CREATE INDEX reservations_group ON reservations (group_id)"
	"  WHERE group_id IS NOT NULL;"
	"CREATE TABLE capacity_used ("
	"  location TEXT NOT NULL REFERENCES locations,"
	"  day TEXT NOT NULL,"
	"  orders INTEGER NOT NULL CHECK (orders >= 0),"
	"  PRIMARY KEY (location, day)) WITHOUT ROWID;"
	"CREATE TABLE risk_history ("
	"  key TEXT NOT NULL,"
	"  currency TEXT NOT NULL,"
	"  orders INTEGER NOT NULL,"
	"  total_sum INTEGER NOT NULL,"
	"  total_sumsq REAL NOT NULL,"
	"  PRIMARY KEY (key, currency)) WITHOUT ROWID;"
	"CREATE TABLE risk_keys ("
	"  key TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  order_id INTEGER NOT NULL REFERENCES orders,"
	"  PRIMARY KEY (key, at, order_id)) WITHOUT ROWID;"
	/*
	 * The product catalogue: what shipping weighs and measures, and
	 * where a picker finds a SKU.  Weights in grams, sizes in mm.
	 */
	"CREATE TABLE products ("
	"  sku TEXT PRIMARY KEY,"
	"  title TEXT,"
	"  weight_g INTEGER CHECK (weight_g >= 0),"
	"  length_mm INTEGER CHECK (length_mm >= 0),"
	"  width_mm INTEGER CHECK (width_mm >= 0),"
	"  height_mm INTEGER CHECK (height_mm >= 0),"
	"  bin TEXT,"
	"  tags TEXT,"
	"  updated_at TEXT NOT NULL) WITHOUT ROWID;"
	/* The queue of orders to route, as orders_open is allocation's. */
	"CREATE INDEX orders_routable ON order_state (queued_at, order_id)"
	"  WHERE status = 'allocated';",

	/*
	 * 5 -> 6: what the locations confirm and what shipping adds.  A
	 * released shipment group is picked, packed and shipped, or its
	 * location rejects it (closed_reason says why; routing then passes
	 * that location over for the order).  A packed group has parcels;
	 * shipping gives each its carrier, service, tracking number, label,
	 * price and the days promised and expected, and tracking the
	 * carrier's events, delivery and delay.  The ledger hands out each
	 * carrier's tracking serials, so that no two parcels share one and
	 * a re-run after a crash asks for the same number again.  An order
	 * may carry the day its channel promised delivery by.
	 */
	"ALTER TABLE orders ADD COLUMN deliver_by TEXT;"
	"ALTER TABLE shipment_groups ADD COLUMN picked_at TEXT;"
	"ALTER TABLE shipment_groups ADD COLUMN packed_at TEXT;"
	"ALTER TABLE shipment_groups ADD COLUMN closed_at TEXT;"
	"ALTER TABLE shipment_groups ADD COLUMN closed_reason TEXT;"
	"CREATE TABLE parcels ("
	"  parcel_id INTEGER PRIMARY KEY,"
	"  group_id INTEGER NOT NULL REFERENCES shipment_groups,"
	"  parcel_no INTEGER NOT NULL CHECK (parcel_no > 0),"
	"  weight_g INTEGER CHECK (weight_g >= 0),"
	"  length_mm INTEGER CHECK (length_mm >= 0),"
	"  width_mm INTEGER CHECK (width_mm >= 0),"
	"  height_mm INTEGER CHECK (height_mm >= 0),"
	"  packed_at TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  carrier TEXT,"
	"  service TEXT,"
	"  tracking_no TEXT UNIQUE,"
	"  serial INTEGER,"
	"  price INTEGER,"
	"  currency TEXT,"
	"  label TEXT,"
	"  promised_by TEXT,"
	"  expected_by TEXT,"
	"  shipped_at TEXT,"
	"  status_at TEXT,"
	"  confirmed_at TEXT,"
	"  delivered_at TEXT,"
	"  delayed_at TEXT,"
	"  UNIQUE (group_id, parcel_no));"
	/*
	 * The parcels still to label and those on their way, by id: the
	 * tools page through them, and the rest (shipped long ago) is
	 * most of the table.
	 */
	"CREATE INDEX parcels_waiting ON parcels (parcel_id)"
	"  WHERE status = 'packed' OR status = 'labelling';"
	"CREATE INDEX parcels_in_flight ON parcels (parcel_id)"
	"  WHERE status = 'shipped' OR status = 'in_transit'"
	"  OR status = 'out_for_delivery' OR status = 'exception';"
	/* What a line has shipped counts as covered (allocation, checks). */
	"CREATE INDEX reservations_consumed ON reservations (order_id, "
	"  line_no) WHERE status = 'consumed';"
	"CREATE TABLE tracking_serials ("
	"  carrier TEXT PRIMARY KEY,"
	"  last_serial INTEGER NOT NULL) WITHOUT ROWID;"
	/*
	 * What carriers report of each parcel (oms-track), once each:
	 * the same parcel, time and code twice is one event.  state is
	 * the oms state the code means.
	 */
	"CREATE TABLE tracking_events ("
	"  tracking_event_id INTEGER PRIMARY KEY,"
	"  parcel_id INTEGER NOT NULL REFERENCES parcels,"
	"  at TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  state TEXT NOT NULL,"
	"  location TEXT,"
	"  text TEXT,"
	"  recorded_at TEXT NOT NULL,"
	"  UNIQUE (parcel_id, at, code));"
	"CREATE TRIGGER tracking_events_no_update BEFORE UPDATE ON "
	"  tracking_events"
	" BEGIN SELECT RAISE(ABORT, 'tracking events are append-only'); END;"
	"CREATE TRIGGER tracking_events_no_delete BEFORE DELETE ON "
	"  tracking_events"
	" BEGIN SELECT RAISE(ABORT, 'tracking events are append-only'); END;"
	/* A customer is told of each change of a parcel once. */
	"CREATE TABLE notifications ("
	"  notification_id INTEGER PRIMARY KEY,"
	"  order_id INTEGER NOT NULL REFERENCES orders,"
	"  parcel_id INTEGER NOT NULL REFERENCES parcels,"
	"  kind TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  UNIQUE (parcel_id, kind));",
};

enum stmt_id {
	ST_CHANNEL_GET, ST_CHANNEL_ADD, ST_IMPORT_ADD, ST_IMPORT_FINISH,
	ST_CUSTOMER_GET, ST_CUSTOMER_ADD, ST_ORDER_FIND, ST_ORDER_ADD,
	ST_ORDER_UPDATE, ST_STATE_ADD, ST_STATE_SET, ST_LINE_ADD,
	ST_LINES_GET, ST_LINE_UPDATE, ST_ORDER_SEEN, ST_LINES_FOLLOW,
	ST_LINES_COUNT, ST_EVENT_ADD, ST_COUNT
};

/* What the channel said about an order: the columns bind_order binds. */
#define ORDER_FIELDS \
	"customer_id, currency, shipping, tax, discount, total, " \
	"total_mismatch, placed_at, needs_shipping, " \
	"ship_name, ship_company, ship_address1, ship_address2, ship_city, " \
	"ship_region, ship_postal_code, ship_country, ship_phone, " \
	"bill_name, bill_company, bill_address1, bill_address2, bill_city, " \
	"bill_region, bill_postal_code, bill_country, bill_phone, " \
	"fingerprint, import_id, ship_method, channel_risk, deliver_by"

static const char SQL_DERIVE[] =
    "SELECT count(*), coalesce(sum(status = 'open'), 0), "
    "coalesce(sum(status = 'backordered'), 0), "
    "coalesce(sum(status = 'allocated'), 0), "
    "coalesce(sum(status = 'routed' OR status = 'released'), 0), "
    "coalesce(sum(status = 'released'), 0) FROM order_lines "
    "WHERE order_id = ?1 AND status <> 'cancelled'";

/*
 * Columns of ST_ORDER_FIND: order_id, first_import_id, ORDER_FIELDS,
 * then the order's state.
 */
enum {
	F_ORDER_ID, F_FIRST_IMPORT, F_CUSTOMER, F_CURRENCY, F_SHIPPING, F_TAX,
	F_DISCOUNT, F_TOTAL, F_MISMATCH, F_PLACED_AT, F_NEEDS_SHIPPING,
	F_SHIP_TO, F_BILL_TO = F_SHIP_TO + 9, F_FINGERPRINT = F_BILL_TO + 9,
	F_IMPORT, F_SHIP_METHOD, F_CHANNEL_RISK, F_DELIVER_BY, F_STATUS,
	F_HOLD_REASON,
	F_HELD_BY
};

static const char *const sql[ST_COUNT] = {
	[ST_CHANNEL_GET] = "SELECT channel_id FROM channels WHERE name = ?1",
	[ST_CHANNEL_ADD] = "INSERT INTO channels (name, created_at) "
	    "VALUES (?1, ?2) RETURNING channel_id",
	[ST_IMPORT_ADD] = "INSERT INTO imports (started_at, tool, source, "
	    "format, channel_id) VALUES (?1, ?2, ?3, ?4, ?5) "
	    "RETURNING import_id",
	[ST_IMPORT_FINISH] = "UPDATE imports SET orders_new = ?2, "
	    "orders_updated = ?3, orders_unchanged = ?4, "
	    "orders_rejected = ?5 WHERE import_id = ?1",
	/* The first order that names a customer's name or phone keeps it. */
	[ST_CUSTOMER_GET] = "SELECT customer_id FROM customers "
	    "WHERE email = ?1",
	[ST_CUSTOMER_ADD] = "INSERT INTO customers (email, name, phone, "
	    "created_at) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT (email) DO NOTHING",
	[ST_ORDER_FIND] = "SELECT o.*, s.status, s.hold_reason, s.held_by "
	    "FROM (SELECT order_id, first_import_id, " ORDER_FIELDS
	    " FROM orders WHERE channel_id = ?1 AND channel_order_no = ?2) o "
	    "JOIN order_state s USING (order_id)",
	[ST_ORDER_ADD] = "INSERT INTO orders (channel_id, channel_order_no, "
	    "first_import_id, created_at, " ORDER_FIELDS ") "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, "
	    "?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36)",
	[ST_ORDER_UPDATE] = "UPDATE orders SET "
	    "customer_id = ?2, currency = ?3, shipping = ?4, tax = ?5, "
	    "discount = ?6, total = ?7, total_mismatch = ?8, placed_at = ?9, "
	    "needs_shipping = ?10, "
	    "ship_name = ?11, ship_company = ?12, ship_address1 = ?13, "
	    "ship_address2 = ?14, ship_city = ?15, ship_region = ?16, "
	    "ship_postal_code = ?17, ship_country = ?18, ship_phone = ?19, "
	    "bill_name = ?20, bill_company = ?21, bill_address1 = ?22, "
	    "bill_address2 = ?23, bill_city = ?24, bill_region = ?25, "
	    "bill_postal_code = ?26, bill_country = ?27, bill_phone = ?28, "
	    "fingerprint = ?29, import_id = ?30, ship_method = ?31, "
	    "channel_risk = ?32, deliver_by = ?33 "
	    "WHERE order_id = ?1",
	[ST_STATE_ADD] = "INSERT INTO order_state (order_id, status, "
	    "hold_reason, held_by, queued_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, coalesce(?5, ''), ?6)",
	[ST_STATE_SET] = "UPDATE order_state SET status = ?2, "
	    "hold_reason = ?3, held_by = ?4, queued_at = coalesce(?5, ''), "
	    "updated_at = ?6 "
	    "WHERE order_id = ?1",
	[ST_LINE_ADD] = "INSERT INTO order_lines (order_id, line_no, "
	    "channel_line_id, sku, title, quantity, unit_price, discount, tax, "
	    "requires_shipping, status) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[ST_LINES_GET] = "SELECT line_no, channel_line_id, sku, title, "
	    "quantity, unit_price, discount, tax, requires_shipping, status "
	    "FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
	[ST_LINE_UPDATE] = "UPDATE order_lines SET channel_line_id = ?3, "
	    "sku = ?4, title = ?5, quantity = ?6, unit_price = ?7, "
	    "discount = ?8, tax = ?9, requires_shipping = ?10, status = ?11 "
	    "WHERE order_id = ?1 AND line_no = ?2",
	[ST_ORDER_SEEN] = "UPDATE orders SET import_id = ?2 "
	    "WHERE order_id = ?1",
	/* Lines that hold stock keep their status until it is released. */
	[ST_LINES_FOLLOW] = "UPDATE order_lines SET status = ?2 "
	    "WHERE order_id = ?1 AND status <> 'cancelled' AND NOT "
	    "(?2 = 'open' AND (status = 'allocated' OR status = 'backordered' "
	    "OR status = 'routed'))",
	[ST_LINES_COUNT] = "SELECT count(*), coalesce(sum(quantity), 0) "
	    "FROM order_lines WHERE order_id = ?1",
	[ST_EVENT_ADD] = "INSERT INTO events (order_id, line_no, at, tool, "
	    "kind, detail, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};

_Static_assert(ST_COUNT <= LEDGER_NSTMT, "raise LEDGER_NSTMT");

#define fail ledger_fail
#define bind_text ledger_bind_text
#define run ledger_run
#define event ledger_event

const char *
ledger_default_path(const char *option)
{
	const char *env;

	if (option && *option)
		return option;
	if ((env = getenv("OMS_DB")) != NULL && *env)
		return env;
	return "oms.db";
}

int
ledger_exists(const char *path)
{
	struct stat sb;

	if (strncmp(path, "file:", 5) == 0)
		return 1;
	return stat(path, &sb) == 0;
}

static int
is_busy(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/*
 * Whether the ledger's -shm index is there but not writable: a reader
 * of a ledger that was read-only creates it with the ledger's mode, and
 * it stays after the ledger is made writable again.
 */
static int
shm_readonly(const struct ledger *l)
{
	char shm[4096];

	if (strncmp(l->path, "file:", 5) == 0 || (size_t)snprintf(shm,
	    sizeof shm, "%s-shm", l->path) >= sizeof shm)
		return 0;
	return access(shm, W_OK) != 0 && errno != ENOENT;
}

/*
 * Say what failed and map it to an exit status.  A full disk and a
 * ledger that cannot be written are for the operator to fix: say which,
 * and what to do, not SQLite's words.
 */
int
ledger_fail(struct ledger *l, const char *what)
{
	int rc = sqlite3_extended_errcode(l->db);

	if (is_busy(rc)) {
		warnx_("ledger %s: busy (locked by another writer), retry "
		    "later", l->path);
		return EXIT_BUSY;
	}
	/*
	 * SQLite says SQLITE_FULL for ENOSPC only: a quota (EDQUOT) is an
	 * I/O error, and sqlite3_system_errno() is not to be trusted to
	 * tell it apart (by a commit, a later call has reset errno).
	 */
	if ((rc & 0xff) == SQLITE_FULL) {
		warnx_("ledger %s: disk full, cannot %s: free space and run "
		    "again", l->path, what);
		return EXIT_LEDGER;
	}
	if (rc == SQLITE_READONLY_DIRECTORY) {
		warnx_("ledger %s: read-only directory, cannot %s: the "
		    "directory must be writable for the ledger's -wal and "
		    "-shm files", l->path, what);
		return EXIT_LEDGER;
	}
	if ((rc & 0xff) == SQLITE_READONLY) {
		if (shm_readonly(l))
			warnx_("ledger %s: read-only, cannot %s: %s-shm is "
			    "not writable (give it the ledger's owner and "
			    "mode)", l->path, what, l->path);
		else
			warnx_("ledger %s: read-only, cannot %s", l->path,
			    what);
		return EXIT_LEDGER;
	}
	warnx_("ledger %s: %s: %s", l->path, what, sqlite3_errmsg(l->db));
	return EXIT_LEDGER;
}

static sqlite3_stmt *
stmt(struct ledger *l, enum stmt_id id)
{
	sqlite3_stmt *s = l->st[id];

	if (s == NULL) {
		if (sqlite3_prepare_v3(l->db, sql[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &l->st[id], NULL) != SQLITE_OK) {
			fail(l, "prepare");
			return NULL;
		}
		return l->st[id];
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

sqlite3_stmt *
ledger_sql(struct ledger *l, const char *q)
{
	int i;

	for (i = 0; i < l->nextra; i++)
		if (l->extra[i].sql == q) {
			sqlite3_reset(l->extra[i].st);
			sqlite3_clear_bindings(l->extra[i].st);
			return l->extra[i].st;
		}
	if (l->nextra == LEDGER_NEXTRA) {
		warnx_("ledger: too many statements (raise LEDGER_NEXTRA)");
		return NULL;
	}
	if (sqlite3_prepare_v3(l->db, q, -1, SQLITE_PREPARE_PERSISTENT,
	    &l->extra[l->nextra].st, NULL) != SQLITE_OK) {
		ledger_fail(l, "prepare");
		return NULL;
	}
	l->extra[l->nextra].sql = q;
	return l->extra[l->nextra++].st;
}

void
ledger_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

/* Run a statement that returns no row, or one id. */
int
ledger_run(struct ledger *l, sqlite3_stmt *s, long long *id, const char *what)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		if (id)
			*id = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	}
	if (rc != SQLITE_DONE) {
		fail(l, what);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

static int
exec(struct ledger *l, const char *q, const char *what)
{
	char *err = NULL;

	if (sqlite3_exec(l->db, q, NULL, NULL, &err) != SQLITE_OK) {
		int status = fail(l, what);

		sqlite3_free(err);
		return status;
	}
	return 0;
}

static int
user_version(struct ledger *l)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(l->db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

int
ledger_schema_version(struct ledger *l)
{
	return user_version(l);
}

static int
migrate(struct ledger *l)
{
	int v = user_version(l), status;
	char q[64];

	if (v < 0)
		return fail(l, "read the schema version");
	if (v > SCHEMA_VERSION) {
		warnx_("ledger %s: schema version %d is newer than this oms "
		    "understands (%d): upgrade oms", l->path, v,
		    SCHEMA_VERSION);
		return EXIT_LEDGER;
	}
	if (v == SCHEMA_VERSION)
		return 0;
	/*
	 * A migration may rewrite a whole table: its statement journal goes
	 * to a file, not to memory, however large the ledger.
	 */
	if ((status = exec(l, "PRAGMA temp_store = FILE", "migrate")) != 0 ||
	    (status = exec(l, "BEGIN IMMEDIATE", "migrate")) != 0)
		return status;
	/* Another process may have migrated while we waited. */
	for (v = user_version(l); v < SCHEMA_VERSION; v++) {
		if ((status = exec(l, migrations[v], "migrate")) != 0) {
			sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
			return status;
		}
	}
	snprintf(q, sizeof q, "PRAGMA user_version = %d", SCHEMA_VERSION);
	if ((status = exec(l, q, "migrate")) != 0 ||
	    (status = exec(l, "COMMIT", "migrate")) != 0) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return status;
	}
	return exec(l, "PRAGMA temp_store = MEMORY", "migrate");
}

static int
busy_timeout_ms(void)
{
	const char *e = getenv("OMS_BUSY_TIMEOUT");
	char *end;
	long v;

	if (e == NULL || *e == '\0')
		return 5000;
	v = strtol(e, &end, 10);
	return *end == '\0' && v >= 0 && v <= 3600000 ? (int)v : 5000;
}

int
ledger_open(struct ledger **lp, const char *path, enum ledger_mode mode,
    const char *tool)
{
	struct ledger *l = xcalloc(1, sizeof *l);
	int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, status, fd;

	*lp = NULL;
	l->path = xstrdup(mode == LEDGER_SCRATCH ? ":memory:" : path);
	snprintf(l->tool, sizeof l->tool, "%s", tool);
	if (mode == LEDGER_READ)
		flags |= SQLITE_OPEN_READONLY;
	else
		flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (mode == LEDGER_WRITE && strncmp(path, "file:", 5) != 0 &&
	    !ledger_exists(path)) {
		/* The ledger holds customers' addresses: 0600 from birth. */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0 && errno != EEXIST) {
			warnx_("ledger %s: cannot create: %s", path,
			    strerror(errno));
			free(l->path);
			free(l);
			return EXIT_LEDGER;
		}
		if (fd >= 0)
			close(fd);
	}
	if (mode == LEDGER_READ && !ledger_exists(path)) {
		warnx_("ledger %s: no such file (create it with oms init)",
		    path);
		free(l->path);
		free(l);
		return EXIT_LEDGER;
	}
	/*
	 * SQLite's malloc statistics take a global lock on every
	 * allocation, and each connection has a mutex of its own; a tool
	 * has one connection, used by one thread, and keeps no statistics.
	 * Together they cost a tenth of an allocation run.  The call does
	 * nothing once SQLite has started, which is what a second ledger
	 * in the same process wants.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	flags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(l->path, &l->db, flags, NULL) != SQLITE_OK) {
		warnx_("ledger %s: cannot open: %s", path,
		    l->db ? sqlite3_errmsg(l->db) : "out of memory");
		sqlite3_close(l->db);
		free(l->path);
		free(l);
		return EXIT_LEDGER;
	}
	/* Room for SQLite's many small allocations without malloc. */
	sqlite3_db_config(l->db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 512, 2048);
	sqlite3_busy_timeout(l->db, busy_timeout_ms());
	sqlite3_extended_result_codes(l->db, 1);
	*lp = l;
	if (mode != LEDGER_READ && sqlite3_db_readonly(l->db, "main") == 1) {
		/* Why: no permission, a read-only file system, mode=ro. */
		if (access(path, W_OK) != 0 && errno != ENOENT)
			warnx_("ledger %s: read-only, cannot write: %s", path,
			    strerror(errno));
		else
			warnx_("ledger %s: read-only, cannot write", path);
		return EXIT_LEDGER;
	}
	if (mode == LEDGER_WRITE &&
	    (status = exec(l, "PRAGMA journal_mode = WAL", "set WAL")) != 0)
		return status;
	/*
	 * temp_store: with foreign keys on, every statement keeps a
	 * statement journal; in memory it costs little, on disk it costs
	 * a third of an import's time.
	 */
	if ((status = exec(l, "PRAGMA foreign_keys = ON; "
	    "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16000; "
	    "PRAGMA temp_store = MEMORY", "configure")) != 0)
		return status;
	if (mode == LEDGER_READ) {
		int v = user_version(l);

		if (v == 0) {
			/* Left by a first writer that never got to write. */
			warnx_("ledger %s: empty, not yet made a ledger (oms "
			    "init makes it)", path);
			return EXIT_LEDGER;
		}
		if (v != SCHEMA_VERSION) {
			warnx_("ledger %s: schema version %d, this oms reads "
			    "%d", path, v, SCHEMA_VERSION);
			return EXIT_LEDGER;
		}
		return 0;
	}
	return migrate(l);
}

void
ledger_close(struct ledger *l)
{
	int i;

	if (l == NULL)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(l->st[i]);
	for (i = 0; i < l->nextra; i++)
		sqlite3_finalize(l->extra[i].st);
	if (l->in_tx)
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(l->db);
	for (i = 0; i < CHUNK_KINDS * (LEDGER_CHUNK + 1); i++)
		free(l->chunk_sql[i / (LEDGER_CHUNK + 1)]
		    [i % (LEDGER_CHUNK + 1)]);
	free(l->path);
	free(l);
}

int
ledger_begin(struct ledger *l)
{
	int status = exec(l, "BEGIN IMMEDIATE", "begin a transaction");

	if (status == 0) {
		l->in_tx = 1;
		now_iso(l->now);
	}
	return status;
}

int
ledger_commit(struct ledger *l)
{
	int status = exec(l, "COMMIT", "commit");

	if (status == 0)
		l->in_tx = 0;
	else
		ledger_rollback(l);
	return status;
}

void
ledger_rollback(struct ledger *l)
{
	if (l->in_tx)
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	l->in_tx = 0;
}

long long
ledger_channel(struct ledger *l, const char *name)
{
	sqlite3_stmt *s = stmt(l, ST_CHANNEL_GET);
	long long id = -1;

	if (s == NULL)
		return -1;
	bind_text(s, 1, name);
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return id;
	}
	sqlite3_reset(s);
	if ((s = stmt(l, ST_CHANNEL_ADD)) == NULL)
		return -1;
	bind_text(s, 1, name);
	bind_text(s, 2, l->now);
	if (run(l, s, &id, "add a channel") < 0)
		return -1;
	return id;
}

long long
ledger_import_start(struct ledger *l, const char *source, const char *format,
    long long channel_id)
{
	sqlite3_stmt *s = stmt(l, ST_IMPORT_ADD);
	long long id = -1;

	if (s == NULL)
		return -1;
	bind_text(s, 1, l->now);
	bind_text(s, 2, l->tool);
	bind_text(s, 3, source);
	bind_text(s, 4, format);
	sqlite3_bind_int64(s, 5, channel_id);
	if (run(l, s, &id, "record the import") < 0)
		return -1;
	return id;
}

int
ledger_import_finish(struct ledger *l, long long import_id,
    const long long counts[4])
{
	sqlite3_stmt *s = stmt(l, ST_IMPORT_FINISH);
	int i;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, import_id);
	for (i = 0; i < 4; i++)
		sqlite3_bind_int64(s, 2 + i, counts[i]);
	return run(l, s, NULL, "record the import");
}

int
ledger_event(struct ledger *l, long long order_id, int line_no, const char *kind,
    const char *detail, long long import_id)
{
	sqlite3_stmt *s = stmt(l, ST_EVENT_ADD);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	if (line_no > 0)
		sqlite3_bind_int(s, 2, line_no);
	bind_text(s, 3, l->now);
	bind_text(s, 4, l->tool);
	bind_text(s, 5, kind);
	bind_text(s, 6, detail);
	if (import_id > 0)
		sqlite3_bind_int64(s, 7, import_id);
	return run(l, s, NULL, "record an event");
}

static long long
customer(struct ledger *l, const struct order *o)
{
	sqlite3_stmt *s;
	long long id = 0;

	if (o->email == NULL || *o->email == '\0')
		return 0;
	/*
	 * Insert first: most orders bring a new customer.  The rowid API
	 * is much cheaper here than RETURNING, which SQLite buffers.
	 */
	if ((s = stmt(l, ST_CUSTOMER_ADD)) == NULL)
		return -1;
	bind_text(s, 1, o->email);
	bind_text(s, 2, o->customer_name);
	bind_text(s, 3, o->phone);
	bind_text(s, 4, l->now);
	if (run(l, s, NULL, "add a customer") < 0)
		return -1;
	if (sqlite3_changes(l->db) == 1)
		return sqlite3_last_insert_rowid(l->db);
	if ((s = stmt(l, ST_CUSTOMER_GET)) == NULL)
		return -1;
	bind_text(s, 1, o->email);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return id > 0 ? id : -1;
}

/*
 * The status an imported order takes: the channel's word, except that
 * an open order that cannot ship yet goes on hold with a reason.
 */
static int
status_for_new(const struct order *o, const char **reason)
{
	*reason = NULL;
	if (o->status != OS_IMPORTED)
		return o->status;
	if (o->hold_reason) {
		*reason = o->hold_reason;
		return OS_ON_HOLD;
	}
	if (o->needs_shipping && !o->address_complete) {
		*reason = "address";
		return OS_ON_HOLD;
	}
	return OS_IMPORTED;
}

/* The values of ORDER_FIELDS for an order, as bound parameters. */
static void
bind_order(sqlite3_stmt *s, int first, long long customer_id,
    const struct order *o, long long import_id)
{
	const struct address *a[2] = { &o->ship_to, &o->bill_to };
	int i = first, k;

	if (customer_id > 0)
		sqlite3_bind_int64(s, i, customer_id);
	i++;
	bind_text(s, i++, o->currency);
	sqlite3_bind_int64(s, i++, o->shipping);
	sqlite3_bind_int64(s, i++, o->tax);
	sqlite3_bind_int64(s, i++, o->discount);
	sqlite3_bind_int64(s, i++, o->total);
	sqlite3_bind_int64(s, i++, o->total_mismatch);
	bind_text(s, i++, o->placed_at);
	sqlite3_bind_int(s, i++, o->needs_shipping);
	for (k = 0; k < 2; k++) {
		bind_text(s, i++, a[k]->name);
		bind_text(s, i++, a[k]->company);
		bind_text(s, i++, a[k]->address1);
		bind_text(s, i++, a[k]->address2);
		bind_text(s, i++, a[k]->city);
		bind_text(s, i++, a[k]->region);
		bind_text(s, i++, a[k]->postal_code);
		bind_text(s, i++, a[k]->country);
		bind_text(s, i++, a[k]->phone);
	}
	sqlite3_bind_int64(s, i++, (long long)o->fingerprint);
	sqlite3_bind_int64(s, i++, import_id);
	bind_text(s, i++, o->ship_method);
	bind_text(s, i++, o->risk);
	bind_text(s, i, o->deliver_by);
}

/*
 * Write an order's state (ST_STATE_ADD or ST_STATE_SET): who holds it
 * is kept only while it is on hold.
 */
static int
put_state(struct ledger *l, enum stmt_id id, long long order_id,
    int status, const char *hold, const char *held_by,
    const char *placed_at)
{
	sqlite3_stmt *s = stmt(l, id);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	bind_text(s, 2, order_status_name(status));
	bind_text(s, 3, hold);
	bind_text(s, 4, hold ? held_by : NULL);
	bind_text(s, 5, placed_at);
	bind_text(s, 6, l->now);
	return run(l, s, NULL, "record an order's status");
}

static int
line_status(const struct order_line *ln, int order_status)
{
	int ls = line_status_for_order(order_status);

	if (ln->status >= 0 && order_status != OS_CANCELLED)
		return ln->status;
	return ls >= 0 ? ls : LS_OPEN;
}

static int
add_line(struct ledger *l, long long order_id, int line_no,
    const struct order_line *ln, int status)
{
	sqlite3_stmt *s = stmt(l, ST_LINE_ADD);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	bind_text(s, 3, ln->channel_line_id);
	bind_text(s, 4, ln->sku);
	bind_text(s, 5, ln->title);
	sqlite3_bind_int64(s, 6, ln->quantity);
	sqlite3_bind_int64(s, 7, ln->unit_price);
	sqlite3_bind_int64(s, 8, ln->discount);
	sqlite3_bind_int64(s, 9, ln->tax);
	sqlite3_bind_int(s, 10, ln->requires_shipping);
	bind_text(s, 11, line_status_name(status));
	return run(l, s, NULL, "add an order line");
}

static void
note_add(struct order_result *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note_add(struct order_result *res, const char *fmt, ...)
{
	va_list ap;
	char tmp[256];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (res->note.len)
		buf_addc(&res->note, ' ');
	buf_adds(&res->note, tmp);
}

static void
mismatch_text(const struct order *o, char *out, size_t n)
{
	char stated[32], diff[32];
	int e = currency_exponent(o->currency);

	money_format(o->total, e, stated);
	money_format(o->total_mismatch, e, diff);
	snprintf(out, n, "stated total %s %s differs from lines, shipping "
	    "and tax by %s%s", stated, o->currency,
	    o->total_mismatch > 0 ? "+" : "", diff);
}

/* Lines and units as the ledger has them, for exports without lines. */
static int
ledger_totals(struct ledger *l, long long order_id, struct order_result *res)
{
	sqlite3_stmt *s = stmt(l, ST_LINES_COUNT);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		res->nlines = sqlite3_column_int(s, 0);
		res->units = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return 0;
}

static void
result_totals(struct order_result *res, const struct order *o)
{
	int i;

	res->nlines = o->nlines;
	res->units = 0;
	for (i = 0; i < o->nlines; i++)
		res->units += o->lines[i].quantity;
	res->total = o->total;
}

/* Copy s to p, not past end - 1; returns the new end of the string. */
static char *
append(char *p, char *end, const char *s)
{
	while (*s && p < end - 1)
		*p++ = *s++;
	*p = '\0';
	return p;
}

/*
 * "imported as shipped with 4 lines": written for every new order, so
 * put together by hand (snprintf costs a tenth of a second per 100,000).
 */
static void
imported_detail(char *out, size_t n, int status, int nlines)
{
	char num[24], *p = num + sizeof num - 1, *end = out + n;
	unsigned u = (unsigned)nlines;

	*p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	out = append(out, end, "imported as ");
	out = append(out, end, order_status_name(status));
	out = append(out, end, " with ");
	out = append(out, end, p);
	append(out, end, nlines == 1 ? " line" : " lines");
}

static enum put_result
put_new(struct ledger *l, long long channel_id, long long import_id,
    const struct order *o, struct order_result *res)
{
	const char *reason;
	int status = status_for_new(o, &reason), i;
	long long cust = customer(l, o), order_id;
	sqlite3_stmt *s;
	char detail[256];

	if (cust < 0 || (s = stmt(l, ST_ORDER_ADD)) == NULL)
		return PUT_FAILED;
	sqlite3_bind_int64(s, 1, channel_id);
	bind_text(s, 2, o->number);
	sqlite3_bind_int64(s, 3, import_id);
	bind_text(s, 4, l->now);
	bind_order(s, 5, cust, o, import_id);
	if (run(l, s, NULL, "add an order") < 0)
		return PUT_FAILED;
	order_id = sqlite3_last_insert_rowid(l->db);
	if (put_state(l, ST_STATE_ADD, order_id, status, reason, l->tool,
	    o->placed_at) < 0)
		return PUT_FAILED;
	for (i = 0; i < o->nlines; i++)
		if (add_line(l, order_id, i + 1, &o->lines[i],
		    line_status(&o->lines[i], status)) < 0)
			return PUT_FAILED;
	imported_detail(detail, sizeof detail, status, o->nlines);
	if (event(l, order_id, 0, "imported", detail, import_id) < 0)
		return PUT_FAILED;
	if (reason) {
		snprintf(detail, sizeof detail, "on hold: %s", reason);
		if (event(l, order_id, 0, "hold", detail, import_id) < 0)
			return PUT_FAILED;
		note_add(res, "hold:%s", reason);
	}
	if (o->total_mismatch) {
		mismatch_text(o, detail, sizeof detail);
		if (event(l, order_id, 0, "total_mismatch", detail,
		    import_id) < 0)
			return PUT_FAILED;
		note_add(res, "total_mismatch");
	}
	res->order_id = order_id;
	res->status = order_status_name(status);
	res->action = "new";
	result_totals(res, o);
	return PUT_OK;
}

/* A field that an update compares: its name and old and new text. */
static void
compare(struct buf *changes, const char *name, const unsigned char *old,
    const char *new)
{
	const char *o = old ? (const char *)old : "";
	const char *n = new ? new : "";

	if (strcmp(o, n) == 0)
		return;
	if (changes->len)
		buf_adds(changes, "; ");
	buf_printf(changes, "%s: '%s' -> '%s'", name, o, n);
}

static void
compare_int(struct buf *changes, const char *name, const unsigned char *old,
    long long new)
{
	char tmp[32];

	snprintf(tmp, sizeof tmp, "%lld", new);
	compare(changes, name, old, tmp);
}

static const char *const address_fields[9] = { "name", "company",
    "address1", "address2", "city", "region", "postal_code", "country",
    "phone" };

static void
compare_address(struct buf *changes, const char *prefix, sqlite3_stmt *s,
    int col, const struct address *a)
{
	const char *v[9] = { a->name, a->company, a->address1, a->address2,
	    a->city, a->region, a->postal_code, a->country, a->phone };
	char name[32];
	int i;

	for (i = 0; i < 9; i++) {
		snprintf(name, sizeof name, "%s.%s", prefix, address_fields[i]);
		compare(changes, name, sqlite3_column_text(s, col + i), v[i]);
	}
}

struct old_line {
	int line_no;
	char *channel_line_id, *sku, *title;
	long long quantity, unit_price, discount, tax;
	int requires_shipping, status, matched;
};

static void
free_old_lines(struct old_line *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(v[i].channel_line_id);
		free(v[i].sku);
		free(v[i].title);
	}
	free(v);
}

static char *
col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? xstrdup((const char *)t) : NULL;
}

static int
load_lines(struct ledger *l, long long order_id, struct old_line **out,
    int *n)
{
	sqlite3_stmt *s = stmt(l, ST_LINES_GET);
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct old_line *o;

		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		o = &(*out)[(*n)++];
		memset(o, 0, sizeof *o);
		o->line_no = sqlite3_column_int(s, 0);
		o->channel_line_id = col_dup(s, 1);
		o->sku = col_dup(s, 2);
		o->title = col_dup(s, 3);
		o->quantity = sqlite3_column_int64(s, 4);
		o->unit_price = sqlite3_column_int64(s, 5);
		o->discount = sqlite3_column_int64(s, 6);
		o->tax = sqlite3_column_int64(s, 7);
		o->requires_shipping = sqlite3_column_int(s, 8);
		o->status = line_status_parse(
		    (const char *)sqlite3_column_text(s, 9));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		fail(l, "read order lines");
		return -1;
	}
	return 0;
}

static int
streq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static struct old_line *
match_line(struct old_line *old, int nold, const struct order_line *ln,
    int position)
{
	int i;

	for (i = 0; i < nold; i++)
		if (!old[i].matched && ln->channel_line_id &&
		    streq(old[i].channel_line_id, ln->channel_line_id))
			return &old[i];
	for (i = 0; i < nold; i++)
		if (!old[i].matched && old[i].line_no == position &&
		    (ln->channel_line_id == NULL ||
		    old[i].channel_line_id == NULL))
			return &old[i];
	return NULL;
}

static int
update_line(struct ledger *l, long long order_id, int line_no,
    const struct order_line *ln, int status)
{
	sqlite3_stmt *s = stmt(l, ST_LINE_UPDATE);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	bind_text(s, 3, ln->channel_line_id);
	bind_text(s, 4, ln->sku);
	bind_text(s, 5, ln->title);
	sqlite3_bind_int64(s, 6, ln->quantity);
	sqlite3_bind_int64(s, 7, ln->unit_price);
	sqlite3_bind_int64(s, 8, ln->discount);
	sqlite3_bind_int64(s, 9, ln->tax);
	sqlite3_bind_int(s, 10, ln->requires_shipping);
	bind_text(s, 11, line_status_name(status));
	return run(l, s, NULL, "update an order line");
}

/* A line in one of these statuses holds stock (or a promise of it). */
#define HOLDS_STOCK(ls) \
	((ls) == LS_ALLOCATED || (ls) == LS_BACKORDERED || \
	(ls) == LS_ROUTED || (ls) == LS_RELEASED)

/*
 * Bring the lines in line with the export: changed lines are updated,
 * new ones added, and lines the channel no longer lists are cancelled
 * (never deleted).  Each change is an event.
 */
static int
sync_lines(struct ledger *l, long long order_id, long long import_id,
    const struct order *o, int status, int status_changed, int *changed)
{
	struct old_line *old, *m;
	int nold, i, next_no = 1, rc = -1;
	struct buf d;

	if (load_lines(l, order_id, &old, &nold) < 0)
		return -1;
	buf_init(&d);
	for (i = 0; i < nold; i++)
		if (old[i].line_no >= next_no)
			next_no = old[i].line_no + 1;
	for (i = 0; i < o->nlines; i++) {
		const struct order_line *ln = &o->lines[i];
		struct order_line keep_title;
		int ls = line_status(ln, status);
		char a[32], b[32];

		m = match_line(old, nold, ln, i + 1);
		if (m == NULL) {
			/* A new line holds no stock yet: it waits for some. */
			if (HOLDS_STOCK(ls))
				ls = LS_OPEN;
			if (add_line(l, order_id, next_no, ln, ls) < 0 ||
			    event(l, order_id, next_no, "line_added",
			    ln->sku, import_id) < 0)
				goto out;
			next_no++;
			*changed = 1;
			continue;
		}
		m->matched = 1;
		/* Lines keep the status oms gave them unless the order moved. */
		if (!status_changed && ln->status < 0)
			ls = m->status;
		/* Stock stays reserved until something releases it. */
		if (ls == LS_OPEN && HOLDS_STOCK(m->status))
			ls = m->status;
		if (ls == LS_CANCELLED && status != OS_CANCELLED &&
		    HOLDS_STOCK(m->status)) {
			long long freed;

			if (ledger_release(l, order_id, m->line_no,
			    "the channel cancelled the line", &freed) < 0)
				goto out;
		} else if ((ls == LS_SHIPPED || ls == LS_DELIVERED ||
		    ls == LS_RETURNED) && status != OS_SHIPPED &&
		    status != OS_DELIVERED && status != OS_RETURNED &&
		    HOLDS_STOCK(m->status)) {
			/*
			 * A partly shipped order names the lines that
			 * left; only theirs is free.  A whole order that
			 * left is released below, all at once.
			 */
			long long freed;

			if (ledger_release(l, order_id, m->line_no,
			    "the channel fulfilled the line", &freed) < 0)
				goto out;
		} else if ((m->quantity != ln->quantity ||
		    !streq(m->sku, ln->sku)) &&
		    HOLDS_STOCK(m->status)) {
			/* What it reserved no longer fits: allocate again. */
			long long freed;

			if (ledger_release(l, order_id, m->line_no,
			    "the line changed", &freed) < 0)
				goto out;
			/* It follows the order unless that means stock. */
			ls = line_status(ln, status);
			if (HOLDS_STOCK(ls))
				ls = LS_OPEN;
		}
		if (o->unmapped & UNMAPPED_LINE_TITLE) {
			/* No title column: the line keeps the one it has. */
			keep_title = *ln;
			keep_title.title = m->title;
			ln = &keep_title;
		}
		buf_reset(&d);
		compare(&d, "sku", (const unsigned char *)m->sku, ln->sku);
		compare(&d, "title", (const unsigned char *)m->title,
		    ln->title);
		snprintf(a, sizeof a, "%lld", m->quantity);
		compare_int(&d, "quantity", (const unsigned char *)a,
		    ln->quantity);
		snprintf(b, sizeof b, "%lld", m->unit_price);
		compare_int(&d, "unit_price", (const unsigned char *)b,
		    ln->unit_price);
		snprintf(a, sizeof a, "%lld", m->discount);
		compare_int(&d, "discount", (const unsigned char *)a,
		    ln->discount);
		snprintf(b, sizeof b, "%lld", m->tax);
		compare_int(&d, "tax", (const unsigned char *)b, ln->tax);
		compare(&d, "status",
		    (const unsigned char *)line_status_name(m->status),
		    line_status_name(ls));
		if (d.len == 0 && streq(m->channel_line_id,
		    ln->channel_line_id) &&
		    m->requires_shipping == ln->requires_shipping)
			continue;
		if (update_line(l, order_id, m->line_no, ln, ls) < 0 ||
		    (d.len && event(l, order_id, m->line_no, "line_changed",
		    d.data, import_id) < 0))
			goto out;
		*changed = 1;
	}
	for (i = 0; i < nold; i++) {
		struct order_line keep;
		long long freed;

		if (old[i].matched || old[i].status == LS_CANCELLED)
			continue;
		memset(&keep, 0, sizeof keep);
		keep.channel_line_id = old[i].channel_line_id;
		keep.sku = old[i].sku;
		keep.title = old[i].title;
		keep.quantity = old[i].quantity;
		keep.unit_price = old[i].unit_price;
		keep.discount = old[i].discount;
		keep.tax = old[i].tax;
		keep.requires_shipping = old[i].requires_shipping;
		if (update_line(l, order_id, old[i].line_no, &keep,
		    LS_CANCELLED) < 0 || event(l, order_id, old[i].line_no,
		    "line_removed", "no longer in the channel's export",
		    import_id) < 0 || ledger_release(l, order_id,
		    old[i].line_no, "the line was cancelled", &freed) < 0)
			goto out;
		*changed = 1;
	}
	rc = 0;
out:
	buf_free(&d);
	free_old_lines(old, nold);
	return rc;
}

/*
 * The status after an update.  The channel may cancel, ship or return
 * an order; it cannot undo what oms did, and the lifecycle decides what
 * is allowed.  A hold this tool placed (an address missing, a payment
 * pending) is weighed again against the new export; a hold placed by
 * anyone else stays until they lift it.
 */
/* Whether the word w is in the space-separated list. */
static int
word_in(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p = list;

	while (list && (p = strstr(p, w)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static int
status_for_update(struct ledger *l, const struct order *o, int cur,
    const char *cur_hold, const char *cur_held_by, const char **hold,
    int *decided, char *refused, size_t n)
{
	const char *reason;
	int want, ours = cur == OS_ON_HOLD && cur_held_by &&
	    strcmp(cur_held_by, l->tool) == 0 && cur_hold &&
	    word_in(o->judges, cur_hold);

	*hold = cur == OS_ON_HOLD ? cur_hold : NULL;
	*decided = 0;		/* the hold, if any, stays whose it was */
	refused[0] = '\0';
	if (o->status != OS_IMPORTED) {
		if (o->status == cur)
			return cur;
		if (order_can_move(cur, o->status)) {
			*hold = NULL;
			*decided = 1;
			return o->status;
		}
		snprintf(refused, n, "channel says %s, order is %s",
		    order_status_name(o->status), order_status_name(cur));
		return cur;
	}
	if (cur != OS_IMPORTED && !ours)
		return cur;
	want = status_for_new(o, &reason);
	*hold = reason;
	*decided = 1;
	return want;
}

/*
 * The address to store: the export's fields, but the ledger's where the
 * export has no such column (keep bit set).  kept holds the copies.
 */
static void
merge_address(sqlite3_stmt *s, int col, unsigned keep,
    const struct address *in, struct address *out, struct address *kept)
{
	char **o[9] = { &out->name, &out->company, &out->address1,
	    &out->address2, &out->city, &out->region, &out->postal_code,
	    &out->country, &out->phone };
	char **k[9] = { &kept->name, &kept->company, &kept->address1,
	    &kept->address2, &kept->city, &kept->region, &kept->postal_code,
	    &kept->country, &kept->phone };
	int i;

	*out = *in;
	for (i = 0; i < 9; i++)
		if (keep & 1u << i)
			*o[i] = *k[i] = col_dup(s, col + i);
}

static enum put_result
put_update(struct ledger *l, sqlite3_stmt *found, long long import_id,
    const struct order *in, struct order_result *res)
{
	long long order_id = sqlite3_column_int64(found, F_ORDER_ID), cust;
	int cur = order_status_parse((const char *)sqlite3_column_text(found,
	    F_STATUS));
	char *cur_hold = col_dup(found, F_HOLD_REASON);
	char *cur_held_by = col_dup(found, F_HELD_BY);
	long long old_customer = sqlite3_column_int64(found, F_CUSTOMER);
	const char *hold;
	char refused[128], detail[256];
	int status, line_changed = 0, decided;
	struct buf changes;
	enum put_result rc = PUT_FAILED;
	sqlite3_stmt *s;
	struct order o = *in;	/* with the fields the export lacks kept */
	struct address kept_ship, kept_bill;
	char *kept_placed = NULL;

	memset(&kept_ship, 0, sizeof kept_ship);
	memset(&kept_bill, 0, sizeof kept_bill);
	merge_address(found, F_SHIP_TO, in->keep_ship_to, &in->ship_to,
	    &o.ship_to, &kept_ship);
	merge_address(found, F_BILL_TO, in->keep_bill_to, &in->bill_to,
	    &o.bill_to, &kept_bill);
	o.address_complete = address_complete(&o.ship_to);
	if (in->unmapped & UNMAPPED_PLACED_AT)
		o.placed_at = kept_placed = col_dup(found, F_PLACED_AT);
	if (in->unmapped & UNMAPPED_SHIPPING)
		o.shipping = sqlite3_column_int64(found, F_SHIPPING);
	if (in->unmapped & UNMAPPED_AMOUNTS) {
		o.tax = sqlite3_column_int64(found, F_TAX);
		o.discount = sqlite3_column_int64(found, F_DISCOUNT);
		o.total = sqlite3_column_int64(found, F_TOTAL);
		o.total_mismatch = sqlite3_column_int64(found, F_MISMATCH);
	}

	buf_init(&changes);
	status = status_for_update(l, &o, cur, cur_hold, cur_held_by, &hold,
	    &decided, refused, sizeof refused);
	/* Compare before the statement is reused by other queries. */
	compare(&changes, "currency", sqlite3_column_text(found, F_CURRENCY),
	    o.currency);
	compare_int(&changes, "shipping", sqlite3_column_text(found,
	    F_SHIPPING), o.shipping);
	compare_int(&changes, "tax", sqlite3_column_text(found, F_TAX), o.tax);
	compare_int(&changes, "discount", sqlite3_column_text(found,
	    F_DISCOUNT), o.discount);
	compare_int(&changes, "total", sqlite3_column_text(found, F_TOTAL),
	    o.total);
	compare(&changes, "placed_at", sqlite3_column_text(found, F_PLACED_AT),
	    o.placed_at);
	compare_int(&changes, "needs_shipping",
	    sqlite3_column_text(found, F_NEEDS_SHIPPING), o.needs_shipping);
	compare(&changes, "channel_risk", sqlite3_column_text(found,
	    F_CHANNEL_RISK), o.risk);
	compare(&changes, "deliver_by", sqlite3_column_text(found,
	    F_DELIVER_BY), o.deliver_by);
	compare_address(&changes, "ship_to", found, F_SHIP_TO, &o.ship_to);
	compare_address(&changes, "bill_to", found, F_BILL_TO, &o.bill_to);
	sqlite3_reset(found);

	if (in->unmapped & UNMAPPED_CUSTOMER)
		cust = old_customer;
	else if ((cust = customer(l, &o)) < 0)
		goto out;
	if (cust != old_customer) {
		char a[24], b[24];

		snprintf(a, sizeof a, "%lld", old_customer);
		snprintf(b, sizeof b, "%lld", cust);
		compare(&changes, "customer_id", (const unsigned char *)
		    (old_customer ? a : ""), cust ? b : "");
	}
	if (o.has_lines && sync_lines(l, order_id, import_id, &o, status,
	    status != cur, &line_changed) < 0)
		goto out;
	/*
	 * The lines say where an order waiting for stock stands: changed or
	 * cancelled lines may leave it with less (or nothing) to wait for.
	 */
	if (line_changed && (status == OS_IMPORTED ||
	    status == OS_ALLOCATED || status == OS_BACKORDERED ||
	    status == OS_ROUTED)) {
		int derived = ledger_derive_status(l, order_id);

		if (derived < 0)
			goto out;
		if (derived != status && order_can_move(cur, derived))
			status = derived;
	}
	if (status == OS_CANCELLED && cur != OS_CANCELLED) {
		long long freed;

		if (ledger_release(l, order_id, 0, "the order was cancelled",
		    &freed) < 0)
			goto out;
	} else if (status != cur && (status == OS_SHIPPED ||
	    status == OS_DELIVERED || status == OS_RETURNED)) {
		/* Fulfilled by the channel: what oms held for it is free. */
		long long freed;

		if (ledger_release(l, order_id, 0, "the channel fulfilled the "
		    "order", &freed) < 0)
			goto out;
	}
	if (!o.has_lines && status != cur &&
	    line_status_for_order(status) >= 0) {
		/* The export has no lines: they follow the order. */
		if ((s = stmt(l, ST_LINES_FOLLOW)) == NULL)
			goto out;
		sqlite3_bind_int64(s, 1, order_id);
		bind_text(s, 2, line_status_name(line_status_for_order(status)));
		if (run(l, s, NULL, "update order lines") < 0)
			goto out;
	}
	if ((s = stmt(l, ST_ORDER_UPDATE)) == NULL)
		goto out;
	sqlite3_bind_int64(s, 1, order_id);
	bind_order(s, 2, cust, &o, import_id);
	if (run(l, s, NULL, "update an order") < 0 ||
	    put_state(l, ST_STATE_SET, order_id, status, hold,
	    decided ? l->tool : cur_held_by, o.placed_at) < 0)
		goto out;
	if (changes.len && event(l, order_id, 0, "changed", changes.data,
	    import_id) < 0)
		goto out;
	if (status != cur) {
		snprintf(detail, sizeof detail, "%s -> %s%s%s",
		    order_status_name(cur), order_status_name(status),
		    hold ? ": " : "", hold ? hold : "");
		if (event(l, order_id, 0, "status", detail, import_id) < 0)
			goto out;
	} else if (status == OS_ON_HOLD && hold && cur_hold &&
	    strcmp(hold, cur_hold) != 0) {
		snprintf(detail, sizeof detail, "on hold: %s (was %s)", hold,
		    cur_hold);
		if (event(l, order_id, 0, "hold", detail, import_id) < 0)
			goto out;
	}
	if (refused[0]) {
		if (event(l, order_id, 0, "channel_conflict", refused,
		    import_id) < 0)
			goto out;
		note_add(res, "conflict:%s", order_status_name(o.status));
	}
	if (hold)
		note_add(res, "hold:%s", hold);
	if (o.total_mismatch) {
		mismatch_text(&o, detail, sizeof detail);
		note_add(res, "total_mismatch");
		if (changes.len && event(l, order_id, 0, "total_mismatch",
		    detail, import_id) < 0)
			goto out;
	}
	res->order_id = order_id;
	res->status = order_status_name(status);
	/*
	 * Another export of the same orders (Etsy's orders and items
	 * downloads) has another fingerprint but may change nothing: say
	 * what happened to the order, not to the fingerprint.
	 */
	res->action = changes.len || line_changed || status != cur ||
	    !streq(hold, cur_hold) || refused[0] ? "updated" : "unchanged";
	result_totals(res, &o);
	if (!o.has_lines && ledger_totals(l, order_id, res) < 0)
		goto out;
	rc = PUT_OK;
out:
	free(cur_hold);
	free(cur_held_by);
	free(kept_placed);
	address_clear(&kept_ship);
	address_clear(&kept_bill);
	buf_free(&changes);
	return rc;
}

/*
 * Where an order waiting for stock stands, from its lines: cancelled
 * when none is left, imported while any is open, backordered while any
 * waits, released when all are, routed when all are routed or released,
 * else allocated; -1 on error.
 */
int
ledger_derive_status(struct ledger *l, long long order_id)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_DERIVE);
	long long open = 0, back = 0, total = 0, held = 0, routed = 0,
	    released = 0;
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		total = sqlite3_column_int64(s, 0);
		open = sqlite3_column_int64(s, 1);
		back = sqlite3_column_int64(s, 2);
		routed = sqlite3_column_int64(s, 4);
		held = sqlite3_column_int64(s, 3) + routed;
		released = sqlite3_column_int64(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return ledger_fail(l, "read order lines"), -1;
	/*
	 * Lines that hold stock beside lines that wait for it: the order
	 * is backordered, so that allocation takes the waiting ones only.
	 */
	if (total == 0)
		return OS_CANCELLED;
	if (open)
		return held ? OS_BACKORDERED : OS_IMPORTED;
	if (back)
		return OS_BACKORDERED;
	if (released == total)
		return OS_RELEASED;
	return routed == total ? OS_ROUTED : OS_ALLOCATED;
}

int
ledger_order_in_import(struct ledger *l, long long channel_id,
    long long import_id, const char *number)
{
	sqlite3_stmt *s = stmt(l, ST_ORDER_FIND);
	int seen = 0;

	if (s == NULL)
		return 0;
	sqlite3_bind_int64(s, 1, channel_id);
	bind_text(s, 2, number);
	if (sqlite3_step(s) == SQLITE_ROW)
		seen = sqlite3_column_int64(s, F_IMPORT) == import_id;
	sqlite3_reset(s);
	return seen;
}

enum put_result
ledger_put_order(struct ledger *l, long long channel_id, long long import_id,
    const struct order *o, struct order_result *res)
{
	sqlite3_stmt *s = stmt(l, ST_ORDER_FIND);
	int rc;

	if (s == NULL)
		return PUT_FAILED;
	sqlite3_bind_int64(s, 1, channel_id);
	bind_text(s, 2, o->number);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return put_new(l, channel_id, import_id, o, res);
	}
	if (rc != SQLITE_ROW) {
		fail(l, "look up an order");
		sqlite3_reset(s);
		return PUT_FAILED;
	}
	if (sqlite3_column_int64(s, F_IMPORT) == import_id) {
		res->order_id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return PUT_REPEATED;
	}
	if ((unsigned long long)sqlite3_column_int64(s, F_FINGERPRINT) ==
	    o->fingerprint) {
		res->order_id = sqlite3_column_int64(s, F_ORDER_ID);
		res->status = order_status_name(order_status_parse(
		    (const char *)sqlite3_column_text(s, F_STATUS)));
		res->action = "unchanged";
		result_totals(res, o);
		sqlite3_reset(s);
		/*
		 * Mark it seen by this import, so that a stray later row of
		 * the same order in this file is caught as one.
		 */
		if ((s = stmt(l, ST_ORDER_SEEN)) == NULL)
			return PUT_FAILED;
		sqlite3_bind_int64(s, 1, res->order_id);
		sqlite3_bind_int64(s, 2, import_id);
		if (run(l, s, NULL, "mark an order seen") < 0)
			return PUT_FAILED;
		if (!o->has_lines && ledger_totals(l, res->order_id, res) < 0)
			return PUT_FAILED;
		return PUT_OK;
	}
	return put_update(l, s, import_id, o, res);
}
