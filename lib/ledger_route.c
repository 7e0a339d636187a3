/*
 * The routing part of the ledger layer: orders waiting to be routed,
 * the units they hold, stock and capacity at each location, shipment
 * groups, and what fraud screening remembers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_internal.h"

#define ROUTE_COLUMNS \
	"s.order_id, s.status, s.hold_reason, s.held_by, s.queued_at, " \
	"c.name, o.ship_method, o.currency, o.total, cu.email, " \
	"coalesce(o.ship_phone, o.bill_phone, cu.phone), o.ship_address1, " \
	"o.ship_postal_code, o.ship_country, o.ship_region, o.bill_country, " \
	"o.placed_at, o.channel_risk, EXISTS (SELECT 1 FROM shipment_groups g " \
	"WHERE g.order_id = s.order_id AND g.status = 'rejected')"
#define ROUTE_FROM \
	"FROM order_state s JOIN orders o USING (order_id) " \
	"JOIN channels c USING (channel_id) " \
	"LEFT JOIN customers cu ON cu.customer_id = o.customer_id "

static const char SQL_CANDIDATES[] =
    "SELECT " ROUTE_COLUMNS " " ROUTE_FROM
    /* orders_routable's condition, so that it is used. */
    "WHERE s.status = 'allocated' "
    "AND (s.queued_at > ?1 OR (s.queued_at = ?1 AND s.order_id > ?2)) "
    "ORDER BY s.queued_at, s.order_id LIMIT ?3";
static const char SQL_RETRIES[] =
    "SELECT " ROUTE_COLUMNS " " ROUTE_FROM
    /* orders_open's condition, so that it is used. */
    "WHERE (s.status = 'imported' OR s.status = 'backordered' "
    "OR s.status = 'on_hold') AND s.status = 'on_hold' "
    "AND s.held_by = 'oms-route' "
    "AND substr(s.hold_reason, 1, 11) = 'unroutable:' "
    "AND (s.queued_at > ?1 OR (s.queued_at = ?1 AND s.order_id > ?2)) "
    "ORDER BY s.queued_at, s.order_id LIMIT ?3";
static const char SQL_ORDER[] =
    "SELECT " ROUTE_COLUMNS " " ROUTE_FROM "WHERE s.order_id = ?1";
/*
 * What routing moves: the reservations of stock on hand not yet at a
 * location, with their line's value and units (a bundle's line is
 * split over its parts by units).
 */
static const char SQL_UNITS[] =
    "SELECT r.reservation_id, r.line_no, r.sku, r.quantity, "
    "l.unit_price * l.quantity - l.discount, "
    "(SELECT sum(r2.quantity) FROM reservations r2 "
    " WHERE r2.order_id = r.order_id AND r2.line_no = r.line_no "
    " AND r2.status = 'active' AND r2.receipt_id IS NULL) "
    "FROM reservations r JOIN order_lines l "
    "ON l.order_id = r.order_id AND l.line_no = r.line_no "
    "WHERE r.order_id = ?1 AND r.status = 'active' "
    "AND r.receipt_id IS NULL AND r.location IS NULL "
    "AND l.status = 'allocated' ORDER BY r.line_no, r.sku, r.reservation_id";
static const char SQL_SKU_STOCK[] =
    "SELECT location, on_hand, reserved FROM stock WHERE sku = ?1";
static const char SQL_CAPACITY[] =
    "SELECT orders FROM capacity_used WHERE location = ?1 AND day = ?2";
static const char SQL_CAPACITY_ADD[] =
    "INSERT INTO capacity_used (location, day, orders) VALUES (?1, ?2, 1) "
    "ON CONFLICT (location, day) DO UPDATE "
    "SET orders = capacity_used.orders + 1";
static const char SQL_REJECTED[] =
    "SELECT count(*) FROM shipment_groups WHERE order_id = ?1 "
    "AND location = ?2 AND status = 'rejected'";
static const char SQL_GROUP_NEXT[] =
    "SELECT coalesce(max(group_no), 0) + 1 FROM shipment_groups "
    "WHERE order_id = ?1";
static const char SQL_GROUP_ADD[] =
    "INSERT INTO shipment_groups (order_id, group_no, location, strategy, "
    "rank_reason, distance_km, cost, currency, status, routed_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?9) "
    "RETURNING group_id";
static const char SQL_RES_MOVE[] =
    "UPDATE reservations SET location = ?2, group_id = ?3 "
    "WHERE reservation_id = ?1";
static const char SQL_RES_SHRINK[] =
    "UPDATE reservations SET quantity = quantity - ?2 "
    "WHERE reservation_id = ?1 AND quantity > ?2";
static const char SQL_RES_SPLIT[] =
    "INSERT INTO reservations (order_id, line_no, sku, location, quantity, "
    "status, created_at, group_id) SELECT order_id, line_no, sku, ?2, ?3, "
    "'active', created_at, ?4 FROM reservations WHERE reservation_id = ?1";
static const char SQL_LINES_ROUTED[] =
    "UPDATE order_lines SET status = 'routed' WHERE order_id = ?1 "
    "AND status = 'allocated'";
static const char SQL_SCREENED[] =
    "SELECT 1 FROM events WHERE order_id = ?1 AND kind = 'risk' LIMIT 1";
static const char SQL_HISTORY[] =
    "SELECT orders, total_sum, total_sumsq FROM risk_history "
    "WHERE key = ?1 AND currency = ?2";
static const char SQL_HISTORY_ADD[] =
    "INSERT INTO risk_history (key, currency, orders, total_sum, "
    "total_sumsq) VALUES (?1, ?2, 1, ?3, ?4) "
    "ON CONFLICT (key, currency) DO UPDATE SET "
    "orders = risk_history.orders + 1, "
    "total_sum = risk_history.total_sum + ?3, "
    "total_sumsq = risk_history.total_sumsq + ?4";
static const char SQL_KEY_COUNT[] =
    "SELECT count(*) FROM risk_keys WHERE key = ?1 AND at >= ?2 "
    "AND at <= ?3";
static const char SQL_KEY_ADD[] =
    "INSERT INTO risk_keys (key, at, order_id) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (key, at, order_id) DO NOTHING";

/* A dropship partner's open shipment groups, line by line. */
static const char SQL_DROPSHIP[] =
    "SELECT g.group_id, g.location, g.order_id, c.name, o.channel_order_no, "
    "g.routed_at, r.line_no, r.sku, sum(r.quantity), l.title, "
    "o.ship_name, o.ship_company, o.ship_address1, o.ship_address2, "
    "o.ship_city, o.ship_region, o.ship_postal_code, o.ship_country, "
    "o.ship_phone, o.ship_method "
    "FROM shipment_groups g JOIN reservations r ON r.group_id = g.group_id "
    "JOIN orders o ON o.order_id = g.order_id "
    "JOIN channels c ON c.channel_id = o.channel_id "
    "JOIN order_lines l ON l.order_id = r.order_id AND l.line_no = r.line_no "
    "WHERE g.location = ?1 AND g.status = 'open' AND r.status = 'active' "
    "AND g.routed_at >= ?2 "
    "GROUP BY g.group_id, g.location, g.order_id, c.name, "
    "o.channel_order_no, g.routed_at, r.line_no, r.sku, l.title, "
    "o.ship_name, o.ship_company, o.ship_address1, o.ship_address2, "
    "o.ship_city, o.ship_region, o.ship_postal_code, o.ship_country, "
    "o.ship_phone, o.ship_method "
    "ORDER BY g.group_id, r.line_no, r.sku";

int
ledger_dropship_lines(struct ledger *l, const char *location,
    const char *since, int (*fn)(void *arg, const char *const *v), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_DROPSHIP);
	const char *v[DROPSHIP_COLUMNS];
	int rc, i, stop = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, location);
	sqlite3_bind_text(s, 2, since ? since : "", -1, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < DROPSHIP_COLUMNS; i++)
			v[i] = (const char *)sqlite3_column_text(s, i);
		stop = fn(arg, v);
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "read shipment groups"), -1;
	return 0;
}

static int
each_order(struct ledger *l, sqlite3_stmt *s,
    void (*fn)(void *arg, const struct route_order *o), void *arg)
{
	struct route_order o;
	int rc, n = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
#define T(i) ((const char *)sqlite3_column_text(s, (i)))
		o.order_id = sqlite3_column_int64(s, 0);
		o.status = T(1);
		o.hold_reason = T(2);
		o.held_by = T(3);
		o.queued_at = T(4);
		o.channel = T(5);
		o.ship_method = T(6);
		o.currency = T(7);
		o.total = sqlite3_column_int64(s, 8);
		o.email = T(9);
		o.phone = T(10);
		o.address1 = T(11);
		o.postal_code = T(12);
		o.country = T(13);
		o.region = T(14);
		o.bill_country = T(15);
		o.placed_at = T(16);
		o.channel_risk = T(17);
		o.rejected = sqlite3_column_int(s, 18);
#undef T
		fn(arg, &o);
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read orders"), -1;
	return n;
}

int
ledger_route_candidates(struct ledger *l, int retries, const char *after_at,
    long long after_id, int limit,
    void (*fn)(void *arg, const struct route_order *o), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, retries ? SQL_RETRIES :
	    SQL_CANDIDATES);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, after_at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, after_id);
	sqlite3_bind_int(s, 3, limit);
	return each_order(l, s, fn, arg);
}

int
ledger_route_order(struct ledger *l, long long order_id,
    void (*fn)(void *arg, const struct route_order *o), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_ORDER);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	return each_order(l, s, fn, arg);
}

int
ledger_route_units(struct ledger *l, long long order_id,
    void (*fn)(void *arg, const struct route_unit *u), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_UNITS);
	struct route_unit u;
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		u.reservation_id = sqlite3_column_int64(s, 0);
		u.line_no = sqlite3_column_int(s, 1);
		u.sku = (const char *)sqlite3_column_text(s, 2);
		u.quantity = sqlite3_column_int64(s, 3);
		u.line_value = sqlite3_column_int64(s, 4);
		u.line_units = sqlite3_column_int64(s, 5);
		fn(arg, &u);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read reservations"), -1;
	return 0;
}

int
ledger_sku_stock(struct ledger *l, const char *sku,
    void (*fn)(void *arg, const char *location, long long on_hand,
    long long reserved), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_SKU_STOCK);
	int rc;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(arg, (const char *)sqlite3_column_text(s, 0),
		    sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read stock"), -1;
	return 0;
}

int
ledger_capacity_used(struct ledger *l, const char *location, const char *day,
    long long *used)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_CAPACITY);
	int rc;

	*used = 0;
	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, location);
	ledger_bind_text(s, 2, day);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*used = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read capacity"), -1;
	return 0;
}

int
ledger_location_rejected(struct ledger *l, long long order_id,
    const char *location)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_REJECTED);
	long long n = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	ledger_bind_text(s, 2, location);
	if (ledger_run(l, s, &n, "read shipment groups") < 0)
		return -1;
	return n > 0;
}

int
ledger_group_next(struct ledger *l, long long order_id)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_GROUP_NEXT);
	long long no = 1;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	if (ledger_run(l, s, &no, "number a shipment group") < 0)
		return -1;
	return (int)no;
}

long long
ledger_group_add(struct ledger *l, const struct shipment_group *g)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_GROUP_ADD);
	long long id = -1;
	char day[11];

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, g->order_id);
	sqlite3_bind_int64(s, 2, g->group_no);
	ledger_bind_text(s, 3, g->location);
	ledger_bind_text(s, 4, g->strategy);
	ledger_bind_text(s, 5, g->reason);
	if (g->distance_km >= 0)
		sqlite3_bind_int64(s, 6, g->distance_km);
	if (g->cost >= 0) {
		sqlite3_bind_int64(s, 7, g->cost);
		ledger_bind_text(s, 8, g->currency);
	}
	ledger_bind_text(s, 9, l->now);
	if (ledger_run(l, s, &id, "add a shipment group") < 0)
		return -1;
	/* A location's day is the UTC day of the routing. */
	snprintf(day, sizeof day, "%.10s", l->now);
	if ((s = ledger_sql(l, SQL_CAPACITY_ADD)) == NULL)
		return -1;
	ledger_bind_text(s, 1, g->location);
	ledger_bind_text(s, 2, day);
	if (ledger_run(l, s, NULL, "count capacity used") < 0)
		return -1;
	return id;
}

int
ledger_reservation_route(struct ledger *l, long long reservation_id,
    long long quantity, long long whole, const char *sku,
    const char *location, long long group_id)
{
	sqlite3_stmt *s;

	if (quantity == whole) {
		if ((s = ledger_sql(l, SQL_RES_MOVE)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, reservation_id);
		ledger_bind_text(s, 2, location);
		sqlite3_bind_int64(s, 3, group_id);
		if (ledger_run(l, s, NULL, "route a reservation") < 0)
			return -1;
	} else {
		/* Part of it: the rest stays where it was, to route next. */
		if ((s = ledger_sql(l, SQL_RES_SHRINK)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, reservation_id);
		sqlite3_bind_int64(s, 2, quantity);
		if (ledger_run(l, s, NULL, "split a reservation") < 0 ||
		    (s = ledger_sql(l, SQL_RES_SPLIT)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, reservation_id);
		ledger_bind_text(s, 2, location);
		sqlite3_bind_int64(s, 3, quantity);
		sqlite3_bind_int64(s, 4, group_id);
		if (ledger_run(l, s, NULL, "split a reservation") < 0)
			return -1;
	}
	return ledger_location_reserved_add(l, sku, location, quantity);
}

int
ledger_lines_routed(struct ledger *l, long long order_id)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LINES_ROUTED);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	return ledger_run(l, s, NULL, "route order lines");
}

int
ledger_order_screened(struct ledger *l, long long order_id)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_SCREENED);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read events"), -1;
	return rc == SQLITE_ROW;
}

int
ledger_risk_history(struct ledger *l, const char *key, const char *currency,
    long long *orders, double *sum, double *sumsq)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_HISTORY);
	int rc;

	*orders = 0;
	*sum = *sumsq = 0;
	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, key);
	ledger_bind_text(s, 2, currency);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*orders = sqlite3_column_int64(s, 0);
		*sum = sqlite3_column_double(s, 1);
		*sumsq = sqlite3_column_double(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read risk history"), -1;
	return 0;
}

int
ledger_risk_history_add(struct ledger *l, const char *key,
    const char *currency, long long total)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_HISTORY_ADD);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, key);
	ledger_bind_text(s, 2, currency);
	sqlite3_bind_int64(s, 3, total);
	sqlite3_bind_double(s, 4, (double)total * (double)total);
	return ledger_run(l, s, NULL, "record risk history");
}

int
ledger_risk_count(struct ledger *l, const char *key, const char *from,
    const char *to, long long *count)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_KEY_COUNT);
	int rc;

	*count = 0;
	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, key);
	ledger_bind_text(s, 2, from);
	ledger_bind_text(s, 3, to);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*count = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return ledger_fail(l, "count orders"), -1;
	return 0;
}

int
ledger_risk_key_add(struct ledger *l, const char *key, const char *at,
    long long order_id)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_KEY_ADD);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, key);
	ledger_bind_text(s, 2, at);
	sqlite3_bind_int64(s, 3, order_id);
	return ledger_run(l, s, NULL, "record a risk key");
}
