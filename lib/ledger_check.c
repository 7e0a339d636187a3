/*
 * The ledger's rules, as queries: each returns the rows that break its
 * rule, so that an empty answer is the proof.  oms-check runs them all,
 * oms-stock verify the stock ones.  A rule that cannot be a query (the
 * chain of an order's events) is walked in check.c over
 * ledger_each_event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_internal.h"

/*
 * Lines whose reservations are of their own SKU; a bundle's line holds
 * its parts, which the line's quantity does not count.
 */
/* Units shipped (consumed) cover a line as much as units held. */
#define LINE_RESERVED \
	"((SELECT coalesce(sum(r.quantity), 0) FROM reservations r " \
	"WHERE r.order_id = l.order_id AND r.line_no = l.line_no " \
	"AND r.sku = l.sku AND r.status = 'active' " \
	"AND r.receipt_id IS NULL) + " \
	"(SELECT coalesce(sum(r.quantity), 0) FROM reservations r " \
	"WHERE r.order_id = l.order_id AND r.line_no = l.line_no " \
	"AND r.sku = l.sku AND r.status = 'consumed' " \
	"AND r.receipt_id IS NULL))"
#define LINE_PROMISED \
	"(SELECT coalesce(sum(r.quantity), 0) FROM reservations r " \
	"WHERE r.order_id = l.order_id AND r.line_no = l.line_no " \
	"AND r.status = 'active' AND r.receipt_id IS NOT NULL)"
#define LINE_HOLDS \
	"(SELECT coalesce(sum(r.quantity), 0) FROM reservations r " \
	"WHERE r.order_id = l.order_id AND r.line_no = l.line_no " \
	"AND r.status = 'active')"
#define LINE_IS_BUNDLE \
	"EXISTS (SELECT 1 FROM reservations r WHERE r.order_id = l.order_id " \
	"AND r.line_no = l.line_no AND r.sku <> l.sku AND r.status = 'active')"
#define ORDER_HOLDS \
	"(SELECT coalesce(sum(r.quantity), 0) FROM reservations r " \
	"WHERE r.order_id = s.order_id AND r.status = 'active')"

/*
 * Each query returns: the order's ledger key or NULL, what the rule is
 * about, and the two numbers that disagree (found, expected).
 */
static const struct ledger_rule rules[] = {
	/* Stock: oms-stock verify. */
	{ "stock-sum", CHECK_STOCK,
	  "on hand is not the sum of its movements",
	  "WITH m AS (SELECT sku, location, sum(q) AS q FROM ("
	  "  SELECT sku, to_location AS location, quantity AS q FROM movements"
	  "  WHERE to_location IS NOT NULL UNION ALL"
	  "  SELECT sku, from_location, -quantity FROM movements"
	  "  WHERE from_location IS NOT NULL) AS x GROUP BY sku, location) "
	  "SELECT NULL, coalesce(m.sku, s.sku) || ' at ' || "
	  "coalesce(m.location, s.location), coalesce(s.on_hand, 0), "
	  "coalesce(m.q, 0) FROM m FULL OUTER JOIN stock s "
	  "ON s.sku = m.sku AND s.location = m.location "
	  "WHERE coalesce(s.on_hand, 0) <> coalesce(m.q, 0)" },
	{ "network-sum", CHECK_STOCK,
	  "network on hand is not the sum of its locations",
	  "SELECT NULL, coalesce(t.sku, s.sku), coalesce(t.on_hand, 0), "
	  "coalesce(s.q, 0) FROM sku_totals t FULL OUTER JOIN "
	  "(SELECT sku, sum(on_hand) AS q FROM stock GROUP BY sku) AS s "
	  "ON s.sku = t.sku WHERE coalesce(t.on_hand, 0) <> coalesce(s.q, 0)" },
	{ "reserved-sum", CHECK_STOCK,
	  "reserved is not the sum of the active reservations",
	  "SELECT NULL, coalesce(t.sku, r.sku), coalesce(t.reserved, 0), "
	  "coalesce(r.q, 0) FROM sku_totals t FULL OUTER JOIN "
	  "(SELECT sku, sum(quantity) AS q FROM reservations "
	  "WHERE status = 'active' AND receipt_id IS NULL GROUP BY sku) AS r "
	  "ON r.sku = t.sku "
	  "WHERE coalesce(t.reserved, 0) <> coalesce(r.q, 0)" },
	{ "promised-sum", CHECK_STOCK,
	  "promised is not the sum of the promises on a receipt",
	  "SELECT NULL, e.reference || ' ' || e.sku, e.promised, "
	  "coalesce((SELECT sum(r.quantity) FROM reservations r "
	  "WHERE r.receipt_id = e.receipt_id AND r.status = 'active'), 0) "
	  "FROM expected_receipts e WHERE e.promised <> coalesce((SELECT "
	  "sum(r.quantity) FROM reservations r WHERE r.receipt_id = "
	  "e.receipt_id AND r.status = 'active'), 0)" },
	{ "receipt-oversold", CHECK_STOCK,
	  "a receipt is promised beyond what is still to come (oversold)",
	  "SELECT NULL, e.reference || ' ' || e.sku || ' at ' || "
	  "coalesce(e.location, 'any location'), e.promised, "
	  "e.quantity - e.received FROM expected_receipts e "
	  "WHERE e.promised > 0 AND e.promised > e.quantity - e.received" },
	{ "open-line-reserved", CHECK_STOCK,
	  "an open line holds reservations (it would be reserved twice)",
	  "SELECT r.order_id, r.order_id || ' line ' || r.line_no, "
	  "sum(r.quantity), 0 "
	  "FROM reservations r JOIN order_lines l "
	  "ON l.order_id = r.order_id AND l.line_no = r.line_no "
	  "WHERE r.status = 'active' AND l.status = 'open' "
	  "GROUP BY r.order_id, r.line_no" },
	{ "negative-on-hand", CHECK_STOCK,
	  "on hand is negative",
	  "SELECT NULL, sku || ' at ' || location, on_hand, 0 FROM stock "
	  "WHERE on_hand < 0" },
	{ "network-oversold", CHECK_STOCK,
	  "reserved exceeds on hand in the network (oversold)",
	  "SELECT NULL, sku, reserved, on_hand FROM sku_totals "
	  "WHERE reserved > on_hand" },
	{ "location-oversold", CHECK_STOCK,
	  "reserved exceeds on hand at a location (oversold)",
	  "SELECT NULL, r.sku || ' at ' || r.location, sum(r.quantity), "
	  "coalesce(max(s.on_hand), 0) FROM reservations r LEFT JOIN stock s "
	  "ON s.sku = r.sku AND s.location = r.location "
	  "WHERE r.status = 'active' AND r.location IS NOT NULL "
	  "GROUP BY r.sku, r.location "
	  "HAVING sum(r.quantity) > coalesce(max(s.on_hand), 0)" },
	{ "location-reserved-sum", CHECK_STOCK,
	  "reserved at a location is not the sum of the reservations routed "
	  "there",
	  "SELECT NULL, coalesce(s.sku, r.sku) || ' at ' || "
	  "coalesce(s.location, r.location), coalesce(s.reserved, 0), "
	  "coalesce(r.q, 0) FROM stock s FULL OUTER JOIN "
	  "(SELECT sku, location, sum(quantity) AS q FROM reservations "
	  "WHERE status = 'active' AND location IS NOT NULL "
	  "AND receipt_id IS NULL GROUP BY sku, location) AS r "
	  "ON r.sku = s.sku AND r.location = s.location "
	  "WHERE coalesce(s.reserved, 0) <> coalesce(r.q, 0)" },
	{ "capacity-count", CHECK_STOCK,
	  "a location's capacity used on a day is not its shipment groups "
	  "that day",
	  "SELECT NULL, coalesce(c.location, g.location) || ' on ' || "
	  "coalesce(c.day, g.day), coalesce(c.orders, 0), coalesce(g.n, 0) "
	  "FROM capacity_used c FULL OUTER JOIN "
	  "(SELECT location, substr(routed_at, 1, 10) AS day, count(*) AS n "
	  "FROM shipment_groups GROUP BY location, substr(routed_at, 1, 10)) "
	  "AS g ON g.location = c.location AND g.day = c.day "
	  "WHERE coalesce(c.orders, 0) <> coalesce(g.n, 0)" },

	/* Orders and their lines. */
	{ "order-state", CHECK_ORDERS,
	  "an order has no state (no status)",
	  "SELECT o.order_id, 'order ' || o.order_id, 0, 1 FROM orders o "
	  "WHERE NOT EXISTS (SELECT 1 FROM order_state s "
	  "WHERE s.order_id = o.order_id)" },
	{ "line-counted-twice", CHECK_ORDERS,
	  "a line holds more than it ordered (counted twice)",
	  "SELECT order_id, subject, held, quantity FROM (SELECT l.order_id, "
	  "l.order_id || ' line ' || l.line_no AS subject, "
	  LINE_RESERVED " + " LINE_PROMISED " AS held, l.quantity "
	  "FROM order_lines l) AS x WHERE held > quantity" },
	{ "allocated-line-short", CHECK_ORDERS,
	  "an allocated or routed line is not wholly reserved",
	  "SELECT l.order_id, l.order_id || ' line ' || l.line_no, "
	  LINE_RESERVED ", l.quantity FROM order_lines l "
	  "WHERE l.status IN ('allocated', 'routed', 'released') AND NOT "
	  LINE_IS_BUNDLE
	  " AND " LINE_RESERVED " <> l.quantity" },
	{ "backordered-line-covered", CHECK_ORDERS,
	  "a backordered line is wholly reserved",
	  "SELECT l.order_id, l.order_id || ' line ' || l.line_no, "
	  LINE_RESERVED ", l.quantity - 1 FROM order_lines l "
	  "WHERE l.status = 'backordered' AND NOT " LINE_IS_BUNDLE
	  " AND " LINE_RESERVED " >= l.quantity" },
	{ "finished-line-holds", CHECK_ORDERS,
	  "a cancelled, shipped or returned line still holds stock",
	  "SELECT l.order_id, l.order_id || ' line ' || l.line_no || ' ' || "
	  "l.status, " LINE_HOLDS ", 0 FROM order_lines l "
	  "WHERE l.status IN ('cancelled', 'shipped', 'delivered', "
	  "'returned') AND " LINE_HOLDS " > 0" },
	{ "finished-order-holds", CHECK_ORDERS,
	  "a cancelled, shipped or returned order still holds stock",
	  "SELECT s.order_id, 'order ' || s.order_id || ' ' || s.status, "
	  ORDER_HOLDS ", 0 FROM order_state s "
	  "WHERE s.status IN ('cancelled', 'shipped', 'delivered', "
	  "'returned') AND " ORDER_HOLDS " > 0" },
	{ "allocated-order-waits", CHECK_ORDERS,
	  "an allocated order has a line still waiting for stock",
	  "SELECT s.order_id, 'order ' || s.order_id || ' line ' || "
	  "l.line_no || ' ' || l.status, 1, 0 FROM order_state s "
	  "JOIN order_lines l USING (order_id) WHERE s.status = 'allocated' "
	  "AND l.status IN ('open', 'backordered')" },
	{ "backordered-order-covered", CHECK_ORDERS,
	  "a backordered order has no line waiting for stock",
	  "SELECT s.order_id, 'order ' || s.order_id, 0, 1 "
	  "FROM order_state s WHERE s.status = 'backordered' AND NOT EXISTS "
	  "(SELECT 1 FROM order_lines l WHERE l.order_id = s.order_id "
	  "AND l.status IN ('open', 'backordered'))" },
	{ "waiting-order-allocated", CHECK_ORDERS,
	  "an order waiting for allocation already holds stock for a line "
	  "it will not allocate again",
	  "SELECT s.order_id, 'order ' || s.order_id || ' line ' || "
	  "l.line_no || ' ' || l.status, 1, 0 FROM order_state s "
	  "JOIN order_lines l USING (order_id) WHERE s.status = 'imported' "
	  "AND l.status = 'allocated'" },
	{ "routed-line-located", CHECK_ORDERS,
	  "a routed line holds stock at no location or in no shipment group, "
	  "or a line holds stock at a location outside a group",
	  "SELECT r.order_id, r.order_id || ' line ' || r.line_no || ' ' || "
	  "l.status, sum(r.quantity), 0 FROM reservations r JOIN order_lines l "
	  "ON l.order_id = r.order_id AND l.line_no = r.line_no "
	  "WHERE r.status = 'active' AND r.receipt_id IS NULL AND "
	  "CASE WHEN l.status IN ('routed', 'released') THEN "
	  "r.location IS NULL OR r.group_id IS NULL "
	  /*
	   * A line waiting again for what a location could not ship (a
	   * short pick, a rejection) keeps the rest where it was routed.
	   */
	  "ELSE (r.location IS NULL) <> (r.group_id IS NULL) END "
	  "GROUP BY r.order_id, r.line_no, l.status" },
	{ "group-reservation", CHECK_ORDERS,
	  "a reservation is in a shipment group of another order or location, "
	  "or in a cancelled one",
	  "SELECT r.order_id, 'reservation ' || r.reservation_id || ' group ' "
	  "|| g.group_id, 1, 0 FROM reservations r JOIN shipment_groups g "
	  "USING (group_id) WHERE r.status = 'active' AND (g.order_id <> "
	  "r.order_id OR g.location IS NOT r.location OR "
	  "g.status NOT IN ('open', 'released', 'picked', 'packed'))" },
	{ "released-line-groups", CHECK_ORDERS,
	  "a released line has stock in a group not released, or a line in "
	  "released groups only is not released",
	  "SELECT l.order_id, l.order_id || ' line ' || l.line_no || ' ' || "
	  "l.status, sum(g.status = 'open'), CASE WHEN l.status = "
	  "'released' THEN 0 ELSE 1 END FROM order_lines l "
	  "JOIN reservations r ON r.order_id = l.order_id "
	  "AND r.line_no = l.line_no AND r.status = 'active' "
	  "JOIN shipment_groups g USING (group_id) "
	  "WHERE l.status IN ('routed', 'released') "
	  "GROUP BY l.order_id, l.line_no, l.status "
	  "HAVING (l.status = 'released') <> (sum(g.status = 'open') = 0)" },
	{ "routed-order-groups", CHECK_ORDERS,
	  "a routed order has no open shipment group, a released one has one "
	  "or none released, or an order that holds no stock has one",
	  "SELECT s.order_id, 'order ' || s.order_id || ' ' || s.status, "
	  "(SELECT count(*) FROM shipment_groups g WHERE g.order_id = "
	  "s.order_id AND g.status = 'open'), CASE WHEN s.status = 'routed' "
	  "THEN 1 ELSE 0 END FROM order_state s "
	  "WHERE (s.status = 'routed' AND NOT EXISTS (SELECT 1 FROM "
	  "shipment_groups g WHERE g.order_id = s.order_id "
	  "AND g.status = 'open')) OR (s.status = 'released' AND (EXISTS "
	  "(SELECT 1 FROM shipment_groups g WHERE g.order_id = s.order_id "
	  "AND g.status = 'open') OR NOT EXISTS (SELECT 1 FROM "
	  "shipment_groups g WHERE g.order_id = s.order_id "
	  "AND g.status IN ('released', 'picked', 'packed')))) "
	  "OR (s.status IN ('cancelled', "
	  "'shipped', 'delivered', 'returned', 'imported') AND EXISTS "
	  "(SELECT 1 FROM shipment_groups g WHERE g.order_id = s.order_id "
	  "AND g.status IN ('open', 'released', 'picked', 'packed')))" },
	{ "group-status", CHECK_ORDERS,
	  "a shipment group has an unknown status, or a closed one no reason",
	  "SELECT order_id, 'group ' || group_id || ' ' || status, 0, 1 "
	  "FROM shipment_groups WHERE status NOT IN ('open', 'released', "
	  "'picked', 'packed', 'shipped', 'cancelled', 'rejected') "
	  "OR (status = 'rejected' AND closed_reason IS NULL)" },
	{ "parcel-state", CHECK_ORDERS,
	  "a parcel has an unknown status, or one handed over lacks its "
	  "tracking number or time, or one delivered its delivery time",
	  "SELECT g.order_id, 'parcel ' || p.parcel_id || ' ' || p.status, "
	  "0, 1 FROM parcels p JOIN shipment_groups g USING (group_id) "
	  "WHERE p.status NOT IN ('packed', 'labelling', 'labelled', "
	  "'shipped', 'in_transit', 'out_for_delivery', 'delivered', "
	  "'exception', 'returned') OR (p.status NOT IN ('packed', "
	  "'labelling', 'labelled') AND (p.tracking_no IS NULL "
	  "OR p.shipped_at IS NULL)) OR (p.status = 'delivered' "
	  "AND p.delivered_at IS NULL)" },
	{ "shipped-group-parcels", CHECK_ORDERS,
	  "a shipped group has a parcel not handed over, or a parcel handed "
	  "over is in a group not shipped",
	  "SELECT g.order_id, 'group ' || g.group_id || ' ' || g.status || "
	  "' parcel ' || p.parcel_id || ' ' || p.status, 0, 1 FROM parcels p "
	  "JOIN shipment_groups g USING (group_id) WHERE (g.status = "
	  "'shipped') <> (p.status NOT IN ('packed', 'labelling', "
	  "'labelled'))" },
	{ "parcel-group", CHECK_ORDERS,
	  "a parcel belongs to a group not packed, shipped or cancelled",
	  "SELECT g.order_id, 'parcel ' || p.parcel_id || ' group ' || "
	  "g.group_id || ' ' || g.status, 0, 1 FROM parcels p "
	  "JOIN shipment_groups g USING (group_id) "
	  "WHERE g.status NOT IN ('packed', 'shipped', 'cancelled')" },
	{ "cancelled-order-lines", CHECK_ORDERS,
	  "a cancelled order has a line that is not cancelled or finished",
	  "SELECT s.order_id, 'order ' || s.order_id || ' line ' || "
	  "l.line_no || ' ' || l.status, 1, 0 FROM order_state s "
	  "JOIN order_lines l USING (order_id) WHERE s.status = 'cancelled' "
	  "AND l.status IN ('open', 'allocated', 'backordered')" },
	{ "hold-reason", CHECK_ORDERS,
	  "an order on hold has no reason or no holder, or one not on hold "
	  "has a reason",
	  "SELECT order_id, 'order ' || order_id || ' ' || status, "
	  "(hold_reason IS NOT NULL) + (held_by IS NOT NULL), "
	  "CASE WHEN status = 'on_hold' THEN 2 ELSE 0 END FROM order_state "
	  "WHERE (status = 'on_hold') <> (hold_reason IS NOT NULL) "
	  "OR (status = 'on_hold') <> (held_by IS NOT NULL)" },
	{ "reservation-line", CHECK_ORDERS,
	  "a reservation names a line the order does not have",
	  "SELECT r.order_id, 'reservation ' || r.reservation_id || ' line ' "
	  "|| r.line_no, 0, 1 FROM reservations r WHERE NOT EXISTS "
	  "(SELECT 1 FROM order_lines l WHERE l.order_id = r.order_id "
	  "AND l.line_no = r.line_no)" },
	{ "reservation-ended", CHECK_ORDERS,
	  "a reservation is active with an end, or ended without one",
	  "SELECT order_id, 'reservation ' || reservation_id || ' ' || "
	  "status, ended_at IS NOT NULL, status <> 'active' "
	  "FROM reservations WHERE (status = 'active') = "
	  "(ended_at IS NOT NULL) OR status NOT IN ('active', 'released', "
	  "'consumed')" },

	/* Events, as far as a query can tell; check.c walks the chain. */
	{ "events-first", CHECK_EVENTS,
	  "an order's first event is not its import, or it has no import "
	  "event or more than one",
	  "SELECT o.order_id, 'order ' || o.order_id, "
	  "(SELECT count(*) FROM events e WHERE e.order_id = o.order_id "
	  "AND e.kind = 'imported'), 1 FROM orders o "
	  "WHERE (SELECT count(*) FROM events e WHERE e.order_id = o.order_id "
	  "AND e.kind = 'imported') <> 1 OR (SELECT e.kind FROM events e "
	  "WHERE e.order_id = o.order_id ORDER BY e.event_id LIMIT 1) "
	  "<> 'imported'" },
	{ "events-time", CHECK_EVENTS,
	  "an order's event is dated before the one recorded before it",
	  "SELECT order_id, 'order ' || order_id || ' event ' || event_id || "
	  "' at ' || at, 0, 1 FROM (SELECT order_id, event_id, at, "
	  "lag(at) OVER (PARTITION BY order_id ORDER BY event_id) AS prev "
	  "FROM events) AS e WHERE at < prev" },
};

long long
ledger_check_rules(struct ledger *l, unsigned scope,
    void (*fn)(void *arg, const struct ledger_rule *rule,
    const struct ledger_violation *v), void *arg)
{
	long long bad = 0;
	size_t i;

	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		sqlite3_stmt *s;
		int rc;

		if (!(rules[i].scope & scope))
			continue;
		if ((s = ledger_sql(l, rules[i].sql)) == NULL)
			return -1;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			struct ledger_violation v;

			v.order_id = sqlite3_column_type(s, 0) == SQLITE_NULL ?
			    0 : sqlite3_column_int64(s, 0);
			v.subject = (const char *)sqlite3_column_text(s, 1);
			v.found = sqlite3_column_int64(s, 2);
			v.expected = sqlite3_column_int64(s, 3);
			fn(arg, &rules[i], &v);
			bad++;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return ledger_fail(l, "check the ledger"), -1;
	}
	return bad;
}

static void
warn_violation(void *arg, const struct ledger_rule *rule,
    const struct ledger_violation *v)
{
	(void)arg;
	warnx_("%s: %s (%lld, not %lld)", rule->what, v->subject, v->found,
	    v->expected);
}

long long
ledger_stock_verify(struct ledger *l)
{
	return ledger_check_rules(l, CHECK_STOCK, warn_violation, NULL);
}

/*
 * SQLite's own checks: the file's structure and the foreign keys.
 * Each problem is one row of text.
 */
long long
ledger_check_storage(struct ledger *l,
    void (*fn)(void *arg, const char *what, const char *detail), void *arg)
{
	sqlite3_stmt *s;
	long long bad = 0;
	int rc;

	if ((s = ledger_sql(l, "PRAGMA integrity_check")) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		if (t && strcmp(t, "ok") != 0) {
			fn(arg, "the ledger file is damaged", t);
			bad++;
		}
	}
	if (rc != SQLITE_DONE &&
	    ((rc = sqlite3_errcode(l->db)) == SQLITE_CORRUPT ||
	    rc == SQLITE_NOTADB)) {
		/* The check itself can trip over the damage it reports. */
		fn(arg, "the ledger file is damaged", sqlite3_errmsg(l->db));
		sqlite3_reset(s);
		return bad + 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "check the ledger file"), -1;
	if (bad)
		return bad;	/* the rows cannot be trusted to say more */
	if ((s = ledger_sql(l, "PRAGMA foreign_key_check")) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		char detail[256];

		snprintf(detail, sizeof detail, "%s row %lld refers to a "
		    "missing %s row", (const char *)sqlite3_column_text(s, 0),
		    sqlite3_column_int64(s, 1),
		    (const char *)sqlite3_column_text(s, 2));
		fn(arg, "a row refers to one that does not exist", detail);
		bad++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "check foreign keys"), -1;
	return bad;
}

/*
 * Every event in order (by order, then as recorded), with the order's
 * status now; fn returns non-zero to stop.
 */
int
ledger_each_event(struct ledger *l,
    int (*fn)(void *arg, const struct ledger_event_row *e), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, "SELECT e.order_id, e.event_id, "
	    "e.kind, coalesce(e.detail, ''), s.status FROM events e "
	    "JOIN order_state s USING (order_id) "
	    "ORDER BY e.order_id, e.event_id");
	int rc, stop = 0;

	if (s == NULL)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ledger_event_row e;

		e.order_id = sqlite3_column_int64(s, 0);
		e.event_id = sqlite3_column_int64(s, 1);
		e.kind = (const char *)sqlite3_column_text(s, 2);
		e.detail = (const char *)sqlite3_column_text(s, 3);
		e.status = (const char *)sqlite3_column_text(s, 4);
		stop = fn(arg, &e);
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "read events"), -1;
	return 0;
}

/* How much there is: what a clean check says it looked at. */
int
ledger_check_counts(struct ledger *l, long long *orders, long long *lines,
    long long *events, long long *movements)
{
	sqlite3_stmt *s = ledger_sql(l, "SELECT (SELECT count(*) FROM orders), "
	    "(SELECT count(*) FROM order_lines), (SELECT count(*) FROM events), "
	    "(SELECT count(*) FROM movements)");

	if (s == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ledger_fail(l, "count the ledger"), -1;
	}
	*orders = sqlite3_column_int64(s, 0);
	*lines = sqlite3_column_int64(s, 1);
	*events = sqlite3_column_int64(s, 2);
	*movements = sqlite3_column_int64(s, 3);
	sqlite3_reset(s);
	return 0;
}

/*
 * A read transaction, so that every rule sees the same ledger while
 * writers go on; ledger_rollback ends it.
 */
int
ledger_snapshot(struct ledger *l)
{
	/*
	 * Whole-ledger reads sort and group every row: their temporary
	 * b-trees spill to files, so that memory stays flat however large
	 * the ledger (writers keep theirs in memory, where they are small).
	 */
	if (sqlite3_exec(l->db, "PRAGMA temp_store = FILE", NULL, NULL,
	    NULL) != SQLITE_OK)
		return ledger_fail(l, "configure a read");
	if (sqlite3_exec(l->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return ledger_fail(l, "begin a read");
	l->in_tx = 1;
	return 0;
}

const struct ledger_rule *
ledger_rules(size_t *n)
{
	*n = sizeof rules / sizeof rules[0];
	return rules;
}
