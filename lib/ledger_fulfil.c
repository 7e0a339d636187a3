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
    /* An order may have shipped from one location before the next. */
    "WHERE g.status = 'open' AND (s.status = 'routed' "
    "OR s.status = 'partially_shipped') "
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
    /* What the locations still have to do, as it stands now. */
    "WHERE g.release_no = ?1 AND (g.status = 'released' "
    "OR g.status = 'picked' OR g.status = 'packed') "
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
	return ledger_order_rederive(l, order_id, why);
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
	/*
	 * The pick list is sorted whole (location, wave, bin): a release of
	 * every order of a day would sort in memory, so its sort goes to a
	 * temporary file, as SQLite spills a large one.
	 */
	if (sqlite3_exec(l->db, "PRAGMA temp_store = FILE", NULL, NULL,
	    NULL) != SQLITE_OK)
		return ledger_fail(l, "sort the pick list"), -1;
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
	if (sqlite3_exec(l->db, "PRAGMA temp_store = MEMORY", NULL, NULL,
	    NULL) != SQLITE_OK)
		return ledger_fail(l, "sort the pick list"), -1;
	return 0;
}

/* Confirmations from the locations. */

static const char SQL_GROUP_INFO[] =
    "SELECT group_id, order_id, group_no, location, status "
    "FROM shipment_groups WHERE group_id = ?1";
static const char SQL_GROUP_LINE_UNITS[] =
    "SELECT coalesce(sum(quantity), 0), count(DISTINCT sku), min(sku) "
    "FROM reservations WHERE group_id = ?1 AND line_no = ?2 "
    "AND (?3 IS NULL OR sku = ?3) AND status = 'active'";
static const char SQL_GROUP_UNITS[] =
    "SELECT coalesce(sum(quantity), 0) FROM reservations "
    "WHERE group_id = ?1 AND status = 'active'";
static const char SQL_GROUP_PICKED[] =
    "UPDATE shipment_groups SET status = 'picked', picked_at = ?2 "
    "WHERE group_id = ?1 AND status = 'released'";
static const char SQL_GROUP_PACKED[] =
    "UPDATE shipment_groups SET status = 'packed', "
    "picked_at = coalesce(picked_at, ?2), packed_at = ?2 "
    "WHERE group_id = ?1 AND (status = 'released' OR status = 'picked')";
static const char SQL_GROUP_CLOSE[] =
    "UPDATE shipment_groups SET status = ?2, closed_at = ?3, "
    "closed_reason = ?4 WHERE group_id = ?1 AND (status = 'released' "
    "OR status = 'picked' OR status = 'packed')";
/* Newest first: a short pick takes back what was split off last. */
static const char SQL_LINE_RESERVATIONS[] =
    "SELECT reservation_id, quantity FROM reservations WHERE group_id = ?1 "
    "AND line_no = ?2 AND sku = ?3 AND status = 'active' "
    "ORDER BY reservation_id DESC";
static const char SQL_RES_END[] =
    "UPDATE reservations SET status = 'released', ended_at = ?2 "
    "WHERE reservation_id = ?1";
static const char SQL_RES_CUT[] =
    "UPDATE reservations SET quantity = quantity - ?2 "
    "WHERE reservation_id = ?1 AND quantity > ?2";
static const char SQL_LINE_WAITS[] =
    "UPDATE order_lines SET status = 'backordered' WHERE order_id = ?1 "
    "AND line_no = ?2 AND (status = 'routed' OR status = 'released')";
static const char SQL_GROUP_SKUS[] =
    "SELECT sku, sum(quantity) FROM reservations WHERE group_id = ?1 "
    "AND status = 'active' GROUP BY sku ORDER BY sku";
static const char SQL_GROUP_UNROUTE[] =
    "UPDATE reservations SET location = NULL, group_id = NULL "
    "WHERE group_id = ?1 AND status = 'active'";
/* Lines with stock back in the network wait to be routed again. */
static const char SQL_LINES_UNROUTED[] =
    "UPDATE order_lines SET status = 'allocated' WHERE order_id = ?1 "
    "AND (status = 'routed' OR status = 'released') AND EXISTS "
    "(SELECT 1 FROM reservations r WHERE r.order_id = order_lines.order_id "
    "AND r.line_no = order_lines.line_no AND r.status = 'active' "
    "AND r.receipt_id IS NULL AND r.location IS NULL)";
static const char SQL_PARCEL_GET[] =
    "SELECT weight_g, length_mm, width_mm, height_mm, status FROM parcels "
    "WHERE group_id = ?1 AND parcel_no = ?2";
static const char SQL_PARCEL_ADD[] =
    "INSERT INTO parcels (group_id, parcel_no, weight_g, length_mm, "
    "width_mm, height_mm, packed_at, status, status_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'packed', ?7)";
static const char SQL_PARCEL_SET[] =
    "UPDATE parcels SET weight_g = ?3, length_mm = ?4, width_mm = ?5, "
    "height_mm = ?6, packed_at = ?7, status_at = ?7 "
    "WHERE group_id = ?1 AND parcel_no = ?2 AND status = 'packed'";
static const char SQL_ORDER_STATUS[] =
    "SELECT status FROM order_state WHERE order_id = ?1";

int
ledger_group_info(struct ledger *l, long long group_id, struct group_info *g)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_GROUP_INFO);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		g->group_id = sqlite3_column_int64(s, 0);
		g->order_id = sqlite3_column_int64(s, 1);
		g->group_no = sqlite3_column_int(s, 2);
		snprintf(g->location, sizeof g->location, "%s",
		    (const char *)sqlite3_column_text(s, 3));
		snprintf(g->status, sizeof g->status, "%s",
		    (const char *)sqlite3_column_text(s, 4));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read a shipment group"), -1;
	return rc == SQLITE_ROW;
}

int
ledger_group_line_units(struct ledger *l, long long group_id, int line_no,
    const char *sku, long long *units, int *skus, char *one_sku, size_t n)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_GROUP_LINE_UNITS);
	int rc;

	*units = 0;
	*skus = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	sqlite3_bind_int(s, 2, line_no);
	ledger_bind_text(s, 3, sku);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*units = sqlite3_column_int64(s, 0);
		*skus = sqlite3_column_int(s, 1);
		if (*skus == 1)
			snprintf(one_sku, n, "%s",
			    (const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return ledger_fail(l, "read reservations"), -1;
	return 0;
}

int
ledger_group_units(struct ledger *l, long long group_id, long long *units)
{
	long long n = one_number(l, SQL_GROUP_UNITS, group_id,
	    "read reservations");

	*units = n < 0 ? 0 : n;
	return n < 0 ? -1 : 0;
}

int
ledger_group_move(struct ledger *l, long long group_id, const char *to,
    const char *reason)
{
	sqlite3_stmt *s;

	if (strcmp(to, "picked") == 0)
		s = ledger_sql(l, SQL_GROUP_PICKED);
	else if (strcmp(to, "packed") == 0)
		s = ledger_sql(l, SQL_GROUP_PACKED);
	else
		s = ledger_sql(l, SQL_GROUP_CLOSE);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	if (strcmp(to, "picked") == 0 || strcmp(to, "packed") == 0)
		ledger_bind_text(s, 2, l->now);
	else {
		ledger_bind_text(s, 2, to);
		ledger_bind_text(s, 3, l->now);
		ledger_bind_text(s, 4, reason);
	}
	if (ledger_run(l, s, NULL, "update a shipment group") < 0)
		return -1;
	return sqlite3_changes(l->db) > 0;
}

int
ledger_short_pick(struct ledger *l, const struct group_info *g, int line_no,
    const char *sku, long long missing, long long picked)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LINE_RESERVATIONS);
	struct { long long id, quantity; } v[64];
	struct movement m;
	long long left = missing;
	char ref[48], detail[400];
	int n = 0, rc, i, added;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, g->group_id);
	sqlite3_bind_int(s, 2, line_no);
	ledger_bind_text(s, 3, sku);
	/* A line's reservations in one group: one, or a few split ones. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < 64) {
		v[n].id = sqlite3_column_int64(s, 0);
		v[n++].quantity = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return ledger_fail(l, "read reservations"), -1;
	for (i = 0; i < n && left > 0; i++) {
		if (v[i].quantity <= left) {
			if ((s = ledger_sql(l, SQL_RES_END)) == NULL)
				return -1;
			sqlite3_bind_int64(s, 1, v[i].id);
			ledger_bind_text(s, 2, l->now);
			left -= v[i].quantity;
		} else {
			if ((s = ledger_sql(l, SQL_RES_CUT)) == NULL)
				return -1;
			sqlite3_bind_int64(s, 1, v[i].id);
			sqlite3_bind_int64(s, 2, left);
			left = 0;
		}
		if (ledger_run(l, s, NULL, "cut a reservation") < 0)
			return -1;
	}
	if (left > 0)
		return ledger_fail(l, "cut a reservation: fewer units reserved "
		    "than missing"), -1;
	snprintf(ref, sizeof ref, "group %lld", g->group_id);
	memset(&m, 0, sizeof m);
	m.sku = sku;
	m.from = g->location;
	m.reason = "short-pick";
	m.at = l->now;
	m.reference = ref;
	m.quantity = missing;
	if (ledger_location_reserved_add(l, sku, g->location, -missing) < 0 ||
	    ledger_reserved_add(l, sku, -missing) < 0 ||
	    ledger_move(l, &m, &added) < 0)
		return -1;
	if ((s = ledger_sql(l, SQL_LINE_WAITS)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, g->order_id);
	sqlite3_bind_int(s, 2, line_no);
	if (ledger_run(l, s, NULL, "update a line's status") < 0)
		return -1;
	snprintf(detail, sizeof detail, "line %d: %s: picked %lld, %lld "
	    "missing at %s (group %lld); on hand corrected, the line waits "
	    "for stock", line_no, sku, picked, missing, g->location,
	    g->group_id);
	return ledger_event(l, g->order_id, line_no, "short_pick", detail, 0);
}

long long
ledger_group_unroute(struct ledger *l, const struct group_info *g)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_GROUP_SKUS);
	long long units = 0;
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, g->group_id);
	/* stock is another table: it may change while this reads. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long q = sqlite3_column_int64(s, 1);

		if (ledger_location_reserved_add(l, (const char *)
		    sqlite3_column_text(s, 0), g->location, -q) < 0) {
			sqlite3_reset(s);
			return -1;
		}
		units += q;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read reservations"), -1;
	if ((s = ledger_sql(l, SQL_GROUP_UNROUTE)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, g->group_id);
	if (ledger_run(l, s, NULL, "move reservations") < 0 ||
	    (s = ledger_sql(l, SQL_LINES_UNROUTED)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, g->order_id);
	if (ledger_run(l, s, NULL, "update order lines") < 0)
		return -1;
	return units;
}

static void
bind_measure(sqlite3_stmt *s, int i, long long v)
{
	if (v < 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

static long long
column_measure(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(s, i);
}

int
ledger_parcel_put(struct ledger *l, long long group_id,
    const struct parcel_in *p, const char **action)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_PARCEL_GET);
	long long have[4];
	int rc, same = 0, packed = 0, i;

	*action = "new";
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	sqlite3_bind_int(s, 2, p->parcel_no);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < 4; i++)
			have[i] = column_measure(s, i);
		same = have[0] == p->weight_g && have[1] == p->length_mm &&
		    have[2] == p->width_mm && have[3] == p->height_mm;
		packed = strcmp((const char *)sqlite3_column_text(s, 4),
		    "packed") == 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read parcels"), -1;
	if (rc == SQLITE_ROW) {
		*action = same ? "unchanged" : packed ? "updated" : "shipped";
		if (same || !packed)
			return 0;
	}
	if ((s = ledger_sql(l, rc == SQLITE_ROW ? SQL_PARCEL_SET :
	    SQL_PARCEL_ADD)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	sqlite3_bind_int(s, 2, p->parcel_no);
	bind_measure(s, 3, p->weight_g);
	bind_measure(s, 4, p->length_mm);
	bind_measure(s, 5, p->width_mm);
	bind_measure(s, 6, p->height_mm);
	ledger_bind_text(s, 7, l->now);
	return ledger_run(l, s, NULL, "record a parcel");
}

int
ledger_order_rederive(struct ledger *l, long long order_id, const char *why)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_ORDER_STATUS);
	long long counts[LS_COUNT];
	int rc, cur = -1, to;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		cur = order_status_parse((const char *)sqlite3_column_text(s,
		    0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return ledger_fail(l, "read an order's status"), -1;
	if (ledger_line_counts(l, order_id, counts) < 0)
		return -1;
	to = order_status_from_lines(counts);
	if (to == cur || !order_can_move(cur, to))
		return 0;
	return ledger_set_state(l, order_id, cur, to, NULL, NULL, why);
}
