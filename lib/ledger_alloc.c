/*
 * The allocation part of the ledger layer: orders waiting for stock,
 * their lines, reservations and their release.
 */
#include <stdio.h>
#include <string.h>

#include "ledger_internal.h"

static const char SQL_CANDIDATES[] =
    "SELECT o.order_id, coalesce(o.placed_at, ''), c.name, o.ship_method, "
    "o.status FROM orders o JOIN channels c USING (channel_id) "
    "WHERE o.status IN ('imported', 'backordered', 'on_hold') "
    "AND (?4 = 0 OR o.status = 'backordered') "
    "AND (coalesce(o.placed_at, '') > ?1 OR "
    "(coalesce(o.placed_at, '') = ?1 AND o.order_id > ?2)) "
    "ORDER BY coalesce(o.placed_at, ''), o.order_id LIMIT ?3";
static const char SQL_ORDER[] =
    "SELECT o.order_id, coalesce(o.placed_at, ''), c.name, o.ship_method, "
    "o.status FROM orders o JOIN channels c USING (channel_id) "
    "WHERE o.order_id = ?1";
static const char SQL_LINES[] =
    "SELECT line_no, sku, quantity, status FROM order_lines "
    "WHERE order_id = ?1 AND status IN ('open', 'backordered') "
    "ORDER BY line_no";
static const char SQL_LINE_RESERVED[] =
    "SELECT coalesce(sum(quantity), 0) FROM reservations "
    "WHERE order_id = ?1 AND line_no = ?2 AND sku = ?3 "
    "AND status = 'active'";
static const char SQL_SKU_LOCATIONS[] =
    "SELECT location, on_hand FROM stock WHERE sku = ?1";
static const char SQL_RESERVE[] =
    "INSERT INTO reservations (order_id, line_no, sku, quantity, status, "
    "created_at) VALUES (?1, ?2, ?3, ?4, 'active', ?5)";
static const char SQL_RESERVED_ADD[] =
    "UPDATE sku_totals SET reserved = reserved + ?2 WHERE sku = ?1";
static const char SQL_LINE_STATUS[] =
    "UPDATE order_lines SET status = ?3 WHERE order_id = ?1 "
    "AND line_no = ?2";
static const char SQL_ORDER_STATUS[] =
    "UPDATE orders SET status = ?2, updated_at = ?3 WHERE order_id = ?1";
static const char SQL_RELEASE_SUMS[] =
    "SELECT sku, sum(quantity) FROM reservations WHERE order_id = ?1 "
    "AND (?2 = 0 OR line_no = ?2) AND status = 'active' GROUP BY sku";
static const char SQL_RELEASE[] =
    "UPDATE reservations SET status = 'released', ended_at = ?3 "
    "WHERE order_id = ?1 AND (?2 = 0 OR line_no = ?2) "
    "AND status = 'active'";
static const char SQL_EXPIRED[] =
    "SELECT DISTINCT r.order_id FROM reservations r "
    "JOIN orders o USING (order_id) WHERE r.status = 'active' "
    "AND o.status = 'on_hold' AND r.created_at < ?1 "
    "ORDER BY r.order_id LIMIT ?2";

static int
each_order(struct ledger *l, sqlite3_stmt *s,
    void (*fn)(void *arg, const struct alloc_order *o), void *arg)
{
	struct alloc_order o;
	int rc, n = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		o.order_id = sqlite3_column_int64(s, 0);
		o.placed_at = (const char *)sqlite3_column_text(s, 1);
		o.channel = (const char *)sqlite3_column_text(s, 2);
		o.ship_method = (const char *)sqlite3_column_text(s, 3);
		o.status = (const char *)sqlite3_column_text(s, 4);
		fn(arg, &o);
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read orders"), -1;
	return n;
}

int
ledger_alloc_candidates(struct ledger *l, const char *after_at,
    long long after_id, int limit, int backorders_only,
    void (*fn)(void *arg, const struct alloc_order *o), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_CANDIDATES);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, after_at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, after_id);
	sqlite3_bind_int(s, 3, limit);
	sqlite3_bind_int(s, 4, backorders_only);
	return each_order(l, s, fn, arg);
}

int
ledger_alloc_order(struct ledger *l, long long order_id,
    void (*fn)(void *arg, const struct alloc_order *o), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_ORDER);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	return each_order(l, s, fn, arg);
}

int
ledger_alloc_lines(struct ledger *l, long long order_id,
    void (*fn)(void *arg, const struct alloc_line *line), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LINES);
	struct alloc_line a;
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		a.line_no = sqlite3_column_int(s, 0);
		a.sku = (const char *)sqlite3_column_text(s, 1);
		a.quantity = sqlite3_column_int64(s, 2);
		a.status = (const char *)sqlite3_column_text(s, 3);
		fn(arg, &a);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read order lines"), -1;
	return 0;
}

int
ledger_line_reserved(struct ledger *l, long long order_id, int line_no,
    const char *sku, long long *reserved)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LINE_RESERVED);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	ledger_bind_text(s, 3, sku);
	*reserved = 0;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*reserved = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return ledger_fail(l, "read reservations"), -1;
	return 0;
}

int
ledger_sku_locations(struct ledger *l, const char *sku,
    void (*fn)(void *arg, const char *location, long long on_hand),
    void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_SKU_LOCATIONS);
	int rc;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(arg, (const char *)sqlite3_column_text(s, 0),
		    sqlite3_column_int64(s, 1));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read stock"), -1;
	return 0;
}

int
ledger_reserve(struct ledger *l, long long order_id, int line_no,
    const char *sku, long long quantity)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_RESERVE);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	ledger_bind_text(s, 3, sku);
	sqlite3_bind_int64(s, 4, quantity);
	ledger_bind_text(s, 5, l->now);
	return ledger_run(l, s, NULL, "reserve stock");
}

int
ledger_reserved_add(struct ledger *l, const char *sku, long long delta)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_RESERVED_ADD);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	sqlite3_bind_int64(s, 2, delta);
	return ledger_run(l, s, NULL, "update reserved stock");
}

int
ledger_line_status(struct ledger *l, long long order_id, int line_no,
    const char *status)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LINE_STATUS);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	ledger_bind_text(s, 3, status);
	return ledger_run(l, s, NULL, "update a line's status");
}

int
ledger_order_status(struct ledger *l, long long order_id, const char *status)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_ORDER_STATUS);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	ledger_bind_text(s, 2, status);
	ledger_bind_text(s, 3, l->now);
	return ledger_run(l, s, NULL, "update an order's status");
}

int
ledger_release(struct ledger *l, long long order_id, int line_no,
    const char *why, long long *released)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_RELEASE_SUMS);
	int rc;
	char detail[320];

	*released = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	/* sku_totals is another table: it may change while this reads. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long q = sqlite3_column_int64(s, 1);

		if (ledger_reserved_add(l, (const char *)sqlite3_column_text(s,
		    0), -q) < 0) {
			sqlite3_reset(s);
			return -1;
		}
		*released += q;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read reservations"), -1;
	if (*released == 0)
		return 0;
	if ((s = ledger_sql(l, SQL_RELEASE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	ledger_bind_text(s, 3, l->now);
	if (ledger_run(l, s, NULL, "release reservations") < 0)
		return -1;
	if (line_no > 0)
		snprintf(detail, sizeof detail, "line %d: %lld unit%s released: "
		    "%s", line_no, *released, *released == 1 ? "" : "s", why);
	else
		snprintf(detail, sizeof detail, "%lld unit%s released: %s",
		    *released, *released == 1 ? "" : "s", why);
	return ledger_event(l, order_id, line_no, "released", detail, 0);
}

int
ledger_expired_holds(struct ledger *l, const char *before, int limit,
    void (*fn)(void *arg, long long order_id), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_EXPIRED);
	int rc, n = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, before);
	sqlite3_bind_int(s, 2, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fn(arg, sqlite3_column_int64(s, 0));
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read reservations"), -1;
	return n;
}
