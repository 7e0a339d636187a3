/*
 * The tracking part of the ledger layer: carriers' events of each
 * parcel, the state they put it in, delivery of whole orders, delay
 * flags, the timeline of an order, and the notifications customers
 * are sent, once each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_internal.h"
#include "lifecycle.h"

#define TRACK_COLUMNS \
	"p.parcel_id, p.group_id, g.order_id, p.status, p.status_at, " \
	"p.carrier, p.service, p.tracking_no, p.shipped_at, p.promised_by, " \
	"p.expected_by, p.delivered_at, p.delayed_at, g.location, " \
	"o.ship_country, o.ship_postal_code"
#define TRACK_FROM \
	"FROM parcels p JOIN shipment_groups g ON g.group_id = p.group_id " \
	"JOIN orders o ON o.order_id = g.order_id "

static const char SQL_BY_TRACKING[] =
    "SELECT " TRACK_COLUMNS " " TRACK_FROM "WHERE p.tracking_no = ?1";
static const char SQL_EVENT_ADD[] =
    "INSERT INTO tracking_events (parcel_id, at, code, state, location, "
    "text, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (parcel_id, at, code) DO NOTHING";
static const char SQL_PARCEL_STATE[] =
    "UPDATE parcels SET status = ?2, status_at = ?3, "
    "delivered_at = CASE WHEN ?2 = 'delivered' THEN ?3 "
    "ELSE delivered_at END WHERE parcel_id = ?1";
/* Shipped groups' parcels of the order not yet delivered. */
static const char SQL_UNDELIVERED[] =
    "SELECT count(*) FROM parcels p JOIN shipment_groups g "
    "ON g.group_id = p.group_id WHERE g.order_id = ?1 "
    "AND g.status = 'shipped' AND p.status <> 'delivered'";
static const char SQL_LINES_DELIVERED[] =
    "UPDATE order_lines SET status = 'delivered' WHERE order_id = ?1 "
    "AND status = 'shipped'";
static const char SQL_STATUS[] =
    "SELECT status FROM order_state WHERE order_id = ?1";
/* Parcels on their way with a promise, not yet flagged late. */
static const char SQL_IN_FLIGHT[] =
    "SELECT " TRACK_COLUMNS " " TRACK_FROM
    "WHERE (p.status = 'shipped' OR p.status = 'in_transit' "
    "OR p.status = 'out_for_delivery' OR p.status = 'exception') "
    "AND p.promised_by IS NOT NULL AND p.delayed_at IS NULL "
    "AND p.parcel_id > ?1 ORDER BY p.parcel_id LIMIT ?2";
static const char SQL_HISTORY[] =
    "SELECT substr(shipped_at, 1, 10), substr(delivered_at, 1, 10) "
    "FROM parcels WHERE carrier = ?1 AND service = ?2 "
    "AND status = 'delivered' AND shipped_at IS NOT NULL "
    "ORDER BY delivered_at DESC LIMIT 200";
static const char SQL_DELAYED[] =
    "UPDATE parcels SET delayed_at = ?2 WHERE parcel_id = ?1 "
    "AND delayed_at IS NULL";
static const char SQL_ORDERS_BY_EMAIL[] =
    "SELECT o.order_id FROM orders o JOIN customers cu "
    "ON cu.customer_id = o.customer_id WHERE cu.email = ?1 "
    "ORDER BY o.order_id";
static const char SQL_ORDER_OF_TRACKING[] =
    "SELECT g.order_id FROM parcels p JOIN shipment_groups g "
    "ON g.group_id = p.group_id WHERE p.tracking_no = ?1";
static const char SQL_ORDER_PARCELS[] =
    "SELECT " TRACK_COLUMNS " " TRACK_FROM
    "WHERE g.order_id = ?1 ORDER BY p.parcel_id";
/*
 * An order's timeline: what oms did that a customer would ask about,
 * and what the carriers said, by time.
 */
static const char SQL_TIMELINE[] =
    "SELECT at, 'oms', kind, detail, NULL, NULL FROM events "
    "WHERE order_id = ?1 AND kind IN ('imported', 'status', 'hold', "
    "'short_pick', 'rejected', 'packed', 'labelled', 'shipped', "
    "'delayed', 'delivered', 'exception', 'returned') "
    "UNION ALL SELECT t.at, 'carrier', t.state, "
    "coalesce(t.text, t.code), p.tracking_no, t.location "
    "FROM tracking_events t JOIN parcels p ON p.parcel_id = t.parcel_id "
    "JOIN shipment_groups g ON g.group_id = p.group_id "
    "WHERE g.order_id = ?1 ORDER BY 1, 2";
static const char SQL_NOTIFY_ADD[] =
    "INSERT INTO notifications (order_id, parcel_id, kind, created_at) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (parcel_id, kind) DO NOTHING "
    "RETURNING notification_id";

#define NOTIFY_COLUMNS \
	"p.parcel_id, g.order_id, c.name, o.channel_order_no, cu.email, " \
	"coalesce(o.ship_name, cu.name), p.tracking_no, p.carrier, " \
	"p.service, p.status, p.expected_by, p.promised_by, " \
	"(SELECT t.location FROM tracking_events t WHERE t.parcel_id = " \
	"p.parcel_id ORDER BY t.at DESC LIMIT 1)"
#define NOTIFY_FROM \
	"FROM parcels p JOIN shipment_groups g ON g.group_id = p.group_id " \
	"JOIN orders o ON o.order_id = g.order_id " \
	"JOIN channels c ON c.channel_id = o.channel_id " \
	"LEFT JOIN customers cu ON cu.customer_id = o.customer_id "
/* A customer without an email has nobody to write to. */
#define NOT_TOLD(kind) \
	" AND cu.email IS NOT NULL AND cu.email <> '' " \
	"AND NOT EXISTS (SELECT 1 FROM notifications n WHERE " \
	"n.parcel_id = p.parcel_id AND n.kind = '" kind "')"

/* What is due, per kind, since a time: changes older than it are news no more. */
static const char *const SQL_DUE[] = {
	"SELECT " NOTIFY_COLUMNS " " NOTIFY_FROM
	"WHERE p.shipped_at IS NOT NULL AND p.shipped_at >= ?1 "
	NOT_TOLD("shipped") " ORDER BY p.parcel_id",
	"SELECT " NOTIFY_COLUMNS " " NOTIFY_FROM
	"WHERE p.shipped_at IS NOT NULL AND p.status = 'out_for_delivery' "
	"AND p.status_at >= ?1 " NOT_TOLD("out_for_delivery")
	" ORDER BY p.parcel_id",
	"SELECT " NOTIFY_COLUMNS " " NOTIFY_FROM
	"WHERE p.delayed_at IS NOT NULL AND p.delayed_at >= ?1 "
	"AND p.status <> 'delivered' " NOT_TOLD("delayed")
	" ORDER BY p.parcel_id",
	"SELECT " NOTIFY_COLUMNS " " NOTIFY_FROM
	"WHERE p.status = 'delivered' AND p.delivered_at >= ?1 "
	NOT_TOLD("delivered") " ORDER BY p.parcel_id",
};
static const char *const notify_kinds[] = {
	"shipped", "out_for_delivery", "delayed", "delivered"
};

static void
track_row(sqlite3_stmt *s, struct track_parcel *p)
{
#define T(i) ((const char *)sqlite3_column_text(s, (i)))
	p->parcel_id = sqlite3_column_int64(s, 0);
	p->group_id = sqlite3_column_int64(s, 1);
	p->order_id = sqlite3_column_int64(s, 2);
	p->status = T(3);
	p->status_at = T(4);
	p->carrier = T(5);
	p->service = T(6);
	p->tracking = T(7);
	p->shipped_at = T(8);
	p->promised_by = T(9);
	p->expected_by = T(10);
	p->delivered_at = T(11);
	p->delayed_at = T(12);
	p->location = T(13);
	p->country = T(14);
	p->postal_code = T(15);
#undef T
}

int
ledger_track_parcel(struct ledger *l, const char *tracking,
    int (*fn)(void *arg, const struct track_parcel *p), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_BY_TRACKING);
	struct track_parcel p;
	int rc;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, tracking);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		track_row(s, &p);
		fn(arg, &p);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read parcels"), -1;
	return rc == SQLITE_ROW;
}

int
ledger_track_event(struct ledger *l, long long parcel_id, const char *at,
    const char *code, const char *state, const char *location,
    const char *text)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_EVENT_ADD);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parcel_id);
	ledger_bind_text(s, 2, at);
	ledger_bind_text(s, 3, code);
	ledger_bind_text(s, 4, state);
	ledger_bind_text(s, 5, location);
	ledger_bind_text(s, 6, text);
	ledger_bind_text(s, 7, l->now);
	if (ledger_run(l, s, NULL, "record a tracking event") < 0)
		return -1;
	return sqlite3_changes(l->db) > 0;
}

int
ledger_parcel_state(struct ledger *l, long long parcel_id, const char *state,
    const char *at)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_PARCEL_STATE);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parcel_id);
	ledger_bind_text(s, 2, state);
	ledger_bind_text(s, 3, at);
	return ledger_run(l, s, NULL, "update a parcel's state");
}

int
ledger_order_delivered(struct ledger *l, long long order_id, const char *why)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_UNDELIVERED);
	long long left = -1;
	int rc, cur = -1;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	if (ledger_run(l, s, &left, "read parcels") < 0)
		return -1;
	if (left != 0 || (s = ledger_sql(l, SQL_STATUS)) == NULL)
		return left < 0 ? -1 : 0;
	sqlite3_bind_int64(s, 1, order_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		cur = order_status_parse((const char *)sqlite3_column_text(s,
		    0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return ledger_fail(l, "read an order's status"), -1;
	/* A partly shipped order is delivered when the rest is. */
	if (cur != OS_SHIPPED)
		return 0;
	if ((s = ledger_sql(l, SQL_LINES_DELIVERED)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	if (ledger_run(l, s, NULL, "deliver order lines") < 0)
		return -1;
	return ledger_set_state(l, order_id, OS_SHIPPED, OS_DELIVERED, NULL,
	    NULL, why) < 0 ? -1 : 1;
}

int
ledger_parcels_in_flight(struct ledger *l, long long after, int limit,
    void (*fn)(void *arg, const struct track_parcel *p), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_IN_FLIGHT);
	struct track_parcel p;
	int rc, n = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int(s, 2, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		track_row(s, &p);
		fn(arg, &p);
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read parcels"), -1;
	return n;
}

int
ledger_transit_history(struct ledger *l, const char *carrier,
    const char *service,
    void (*fn)(void *arg, const char *shipped, const char *delivered),
    void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_HISTORY);
	int rc;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, carrier);
	ledger_bind_text(s, 2, service);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(arg, (const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read delivered parcels"), -1;
	return 0;
}

int
ledger_parcel_delayed(struct ledger *l, long long parcel_id)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_DELAYED);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parcel_id);
	ledger_bind_text(s, 2, l->now);
	return ledger_run(l, s, NULL, "flag a parcel delayed");
}

int
ledger_track_orders(struct ledger *l, const char *key,
    void (*fn)(void *arg, long long order_id), void *arg)
{
	sqlite3_stmt *s;
	long long id;
	char *end;
	int rc, n = 0;

	/* A ledger key, a tracking number or an email, in that order. */
	id = strtoll(key, &end, 10);
	if (*key && *end == '\0' && id > 0) {
		if ((s = ledger_sql(l, SQL_STATUS)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_ROW) {
			fn(arg, id);
			return 1;
		}
	}
	s = ledger_sql(l, strchr(key, '@') ? SQL_ORDERS_BY_EMAIL :
	    SQL_ORDER_OF_TRACKING);
	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, key);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fn(arg, sqlite3_column_int64(s, 0));
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "find orders"), -1;
	return n;
}

int
ledger_order_parcels(struct ledger *l, long long order_id,
    int (*fn)(void *arg, const struct track_parcel *p), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_ORDER_PARCELS);
	struct track_parcel p;
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		track_row(s, &p);
		fn(arg, &p);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read parcels"), -1;
	return 0;
}

int
ledger_timeline(struct ledger *l, long long order_id,
    int (*fn)(void *arg, const char *const *v), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_TIMELINE);
	const char *v[6];
	int rc, i;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < 6; i++)
			v[i] = (const char *)sqlite3_column_text(s, i);
		fn(arg, v);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read an order's timeline"), -1;
	return 0;
}

int
ledger_notifications_due(struct ledger *l, int kind, const char *since,
    int (*fn)(void *arg, const struct notify_row *r), void *arg)
{
	sqlite3_stmt *s;
	struct notify_row r;
	int rc, stop = 0;

	if (kind < 0 || kind >= 4 || (s = ledger_sql(l, SQL_DUE[kind])) ==
	    NULL)
		return -1;
	ledger_bind_text(s, 1, since);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
#define T(i) ((const char *)sqlite3_column_text(s, (i)))
		r.parcel_id = sqlite3_column_int64(s, 0);
		r.order_id = sqlite3_column_int64(s, 1);
		r.channel = T(2);
		r.channel_order = T(3);
		r.email = T(4);
		r.name = T(5);
		r.tracking = T(6);
		r.carrier = T(7);
		r.service = T(8);
		r.status = T(9);
		r.expected_by = T(10);
		r.promised_by = T(11);
		r.location = T(12);
		r.kind = notify_kinds[kind];
#undef T
		stop = fn(arg, &r);
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "read notifications due"), -1;
	return 0;
}

long long
ledger_notification_add(struct ledger *l, long long order_id,
    long long parcel_id, const char *kind)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_NOTIFY_ADD);
	long long id = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int64(s, 2, parcel_id);
	ledger_bind_text(s, 3, kind);
	ledger_bind_text(s, 4, l->now);
	if (ledger_run(l, s, &id, "record a notification") < 0)
		return -1;
	return id;
}
