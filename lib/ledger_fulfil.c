/*
 * The fulfilment part of the ledger layer: shipment groups released to
 * their locations, in numbered releases, and the pick lines of a
 * release.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_internal.h"
#include "lifecycle.h"

static const char SQL_RELEASE_NEXT[] =
    "SELECT coalesce(max(release_no), 0) + 1 FROM shipment_groups";
static const char SQL_RELEASE_LAST[] =
    "SELECT coalesce(max(release_no), 0) FROM shipment_groups";
/* Orders on hold keep their groups until the hold lifts. */
static const char SQL_RELEASABLE[] =
    "SELECT g.group_id, g.order_id, g.location, o.ship_method, g.routed_at "
    "FROM shipment_groups g JOIN order_state s ON s.order_id = g.order_id "
    "JOIN orders o ON o.order_id = g.order_id "
    "WHERE g.status = 'open' AND s.status = 'routed' "
    "AND (?1 IS NULL OR g.location = ?1) AND g.group_id > ?2 "
    "ORDER BY g.group_id LIMIT ?3";
static const char SQL_GROUP_RELEASE[] =
    "UPDATE shipment_groups SET status = 'released', release_no = ?2, "
    "wave = ?3, released_at = ?4 WHERE group_id = ?1 AND status = 'open'";
/* A line is released when none of its stock is in a group still open. */
static const char SQL_LINES_RELEASED[] =
    "UPDATE order_lines SET status = 'released' WHERE order_id = ?1 "
    "AND status = 'routed' AND NOT EXISTS (SELECT 1 FROM reservations r "
    "JOIN shipment_groups g ON g.group_id = r.group_id "
    "WHERE r.order_id = order_lines.order_id "
    "AND r.line_no = order_lines.line_no AND r.status = 'active' "
    "AND g.status = 'open')";
static const char SQL_GROUPS_OPEN[] =
    "SELECT count(*) FROM shipment_groups WHERE order_id = ?1 "
    "AND status = 'open'";
static const char SQL_PICK_LINES[] =
    "SELECT g.wave, g.location, o.ship_method, c.name, o.channel_order_no, "
    "g.order_id, g.group_id, r.line_no, r.sku, l.title, p.bin, "
    "sum(r.quantity) "
    "FROM shipment_groups g JOIN reservations r ON r.group_id = g.group_id "
    "AND r.status = 'active' "
    "JOIN orders o ON o.order_id = g.order_id "
    "JOIN channels c ON c.channel_id = o.channel_id "
    "JOIN order_lines l ON l.order_id = r.order_id AND l.line_no = r.line_no "
    "LEFT JOIN products p ON p.sku = r.sku "
    "WHERE g.release_no = ?1 AND g.status = 'released' "
    "GROUP BY g.wave, g.location, o.ship_method, c.name, "
    "o.channel_order_no, g.order_id, g.group_id, r.line_no, r.sku, "
    "l.title, p.bin "
    /* By bin, as a picker walks; SKUs without one at the end. */
    "ORDER BY g.location, g.wave, p.bin IS NULL, p.bin, r.sku, g.order_id, "
    "r.line_no";

static long long
one_number(struct ledger *l, const char *q, long long arg, const char *what)
{
	sqlite3_stmt *s = ledger_sql(l, q);
	long long n = -1;

	if (s == NULL)
		return -1;
	if (arg >= 0)
		sqlite3_bind_int64(s, 1, arg);
	if (ledger_run(l, s, &n, what) < 0)
		return -1;
	return n;
}

long long
ledger_release_next(struct ledger *l)
{
	return one_number(l, SQL_RELEASE_NEXT, -1, "number a release");
}

long long
ledger_release_last(struct ledger *l)
{
	return one_number(l, SQL_RELEASE_LAST, -1, "read releases");
}

int
ledger_releasable(struct ledger *l, const char *location, long long after,
    int limit, void (*fn)(void *arg, const struct release_group *g),
    void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_RELEASABLE);
	struct release_group g;
	int rc, n = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, location);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int(s, 3, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		g.group_id = sqlite3_column_int64(s, 0);
		g.order_id = sqlite3_column_int64(s, 1);
		g.location = (const char *)sqlite3_column_text(s, 2);
		g.ship_method = (const char *)sqlite3_column_text(s, 3);
		g.routed_at = (const char *)sqlite3_column_text(s, 4);
		fn(arg, &g);
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read shipment groups"), -1;
	return n;
}

int
ledger_group_release(struct ledger *l, long long group_id,
    long long release_no, const char *wave)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_GROUP_RELEASE);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	sqlite3_bind_int64(s, 2, release_no);
	ledger_bind_text(s, 3, wave);
	ledger_bind_text(s, 4, l->now);
	return ledger_run(l, s, NULL, "release a shipment group");
}

int
ledger_order_release(struct ledger *l, long long order_id, const char *why)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LINES_RELEASED);
	long long open;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	if (ledger_run(l, s, NULL, "release order lines") < 0 ||
	    (open = one_number(l, SQL_GROUPS_OPEN, order_id,
	    "read shipment groups")) < 0)
		return -1;
	if (open > 0)
		return 0;	/* the rest is still to be released */
	return ledger_set_state(l, order_id, OS_ROUTED, OS_RELEASED, NULL,
	    NULL, why);
}

int
ledger_pick_lines(struct ledger *l, long long release_no,
    int (*fn)(void *arg, const struct pick_line *p), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_PICK_LINES);
	struct pick_line p;
	int rc, stop = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, release_no);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
#define T(i) ((const char *)sqlite3_column_text(s, (i)))
		p.wave = T(0);
		p.location = T(1);
		p.ship_method = T(2);
		p.channel = T(3);
		p.channel_order = T(4);
		p.order_id = sqlite3_column_int64(s, 5);
		p.group_id = sqlite3_column_int64(s, 6);
		p.line_no = sqlite3_column_int(s, 7);
		p.sku = T(8);
		p.title = T(9);
		p.bin = T(10);
		p.quantity = sqlite3_column_int64(s, 11);
#undef T
		stop = fn(arg, &p);
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "read pick lines"), -1;
	return 0;
}
