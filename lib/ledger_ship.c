/*
 * The shipping part of the ledger layer: packed parcels to label, the
 * tracking serials each carrier hands out, labelled groups handed to
 * the carrier (their stock leaves the location), and the shipments a
 * channel has not yet been told of.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_internal.h"
#include "lifecycle.h"

#define PARCEL_COLUMNS \
	"p.parcel_id, p.group_id, g.order_id, p.parcel_no, " \
	"(SELECT count(*) FROM parcels p2 WHERE p2.group_id = p.group_id), " \
	"g.location, p.status, p.weight_g, p.length_mm, p.width_mm, " \
	"p.height_mm, " \
	"(SELECT CASE WHEN count(*) = count(pr.weight_g) " \
	" THEN sum(r.quantity * pr.weight_g) END FROM reservations r " \
	" LEFT JOIN products pr ON pr.sku = r.sku " \
	" WHERE r.group_id = p.group_id AND r.status = 'active'), " \
	"p.carrier, p.service, p.tracking_no, p.serial, c.name, " \
	"o.channel_order_no, o.ship_method, o.placed_at, o.currency, " \
	"o.ship_name, o.ship_company, o.ship_address1, o.ship_address2, " \
	"o.ship_city, o.ship_region, o.ship_postal_code, o.ship_country, " \
	"o.ship_phone, p.price, p.currency, p.promised_by, p.expected_by, " \
	"p.label, o.deliver_by"
#define PARCEL_FROM \
	"FROM parcels p JOIN shipment_groups g ON g.group_id = p.group_id " \
	"JOIN orders o ON o.order_id = g.order_id " \
	"JOIN channels c ON c.channel_id = o.channel_id "

/* Parcels of packed groups not yet labelled, by id. */
static const char SQL_TO_LABEL[] =
    "SELECT " PARCEL_COLUMNS " " PARCEL_FROM
    "WHERE (p.status = 'packed' OR p.status = 'labelling') "
    "AND g.status = 'packed' AND (?1 IS NULL OR g.location = ?1) "
    "AND p.parcel_id > ?2 ORDER BY p.parcel_id LIMIT ?3";
static const char SQL_PARCEL[] =
    "SELECT " PARCEL_COLUMNS " " PARCEL_FROM "WHERE p.parcel_id = ?1";
static const char SQL_SERIAL_NEXT[] =
    "INSERT INTO tracking_serials (carrier, last_serial) VALUES (?1, ?2) "
    "ON CONFLICT (carrier) DO UPDATE "
    "SET last_serial = tracking_serials.last_serial + 1 "
    "RETURNING last_serial";
static const char SQL_PARCEL_PLAN[] =
    "UPDATE parcels SET status = 'labelling', carrier = ?2, service = ?3, "
    "serial = ?4, price = ?5, currency = ?6, promised_by = ?7, "
    "expected_by = ?8, status_at = ?9 WHERE parcel_id = ?1 "
    "AND (status = 'packed' OR status = 'labelling')";
static const char SQL_PARCEL_LABELLED[] =
    "UPDATE parcels SET status = 'labelled', tracking_no = ?2, label = ?3, "
    "status_at = ?4 WHERE parcel_id = ?1 AND status = 'labelling'";
/* Packed groups whose every parcel has its label. */
static const char SQL_TO_SHIP[] =
    "SELECT g.group_id, g.order_id, g.location FROM shipment_groups g "
    "WHERE g.status = 'packed' AND (?1 IS NULL OR g.location = ?1) "
    "AND g.group_id > ?2 AND EXISTS (SELECT 1 FROM parcels p "
    "WHERE p.group_id = g.group_id) AND NOT EXISTS (SELECT 1 FROM parcels p "
    "WHERE p.group_id = g.group_id AND p.status <> 'labelled') "
    "ORDER BY g.group_id LIMIT ?3";
/* With the least advanced of the group's parcels, which holds it back. */
static const char SQL_GROUP_OF_TRACKING[] =
    "SELECT g.group_id, g.order_id, g.location, g.status, "
    "coalesce((SELECT min(p2.status) FROM parcels p2 "
    "WHERE p2.group_id = g.group_id AND p2.status <> 'labelled'), "
    "p.status) FROM parcels p "
    "JOIN shipment_groups g ON g.group_id = p.group_id "
    "WHERE p.tracking_no = ?1";
static const char SQL_GROUP_STOCK[] =
    "SELECT sku, sum(quantity) FROM reservations WHERE group_id = ?1 "
    "AND status = 'active' GROUP BY sku ORDER BY sku";
static const char SQL_GROUP_CONSUME[] =
    "UPDATE reservations SET status = 'consumed', ended_at = ?2 "
    "WHERE group_id = ?1 AND status = 'active'";
static const char SQL_GROUP_SHIPPED[] =
    "UPDATE shipment_groups SET status = 'shipped', closed_at = ?2 "
    "WHERE group_id = ?1 AND status = 'packed'";
static const char SQL_PARCELS_SHIPPED[] =
    "UPDATE parcels SET status = 'shipped', shipped_at = ?2, status_at = ?2 "
    "WHERE group_id = ?1 AND status = 'labelled'";
static const char SQL_FIRST_TRACKING[] =
    "SELECT min(tracking_no) FROM parcels WHERE group_id = ?1";
/* A line is shipped when none of its stock is still to go. */
static const char SQL_LINES_SHIPPED[] =
    "UPDATE order_lines SET status = 'shipped' WHERE order_id = ?1 "
    "AND status = 'released' AND NOT EXISTS (SELECT 1 FROM reservations r "
    "WHERE r.order_id = order_lines.order_id "
    "AND r.line_no = order_lines.line_no AND r.status = 'active')";
/*
 * What a channel has not been told: each shipped line of each parcel's
 * group, with the parcel's tracking number.  A group of several
 * parcels names each line once, with its first parcel.
 */
static const char SQL_NOTICES[] =
    "SELECT p.parcel_id, g.order_id, c.name, o.channel_order_no, "
    "r.line_no, l.channel_line_id, r.sku, sum(r.quantity), p.carrier, "
    "p.service, p.tracking_no, p.shipped_at "
    "FROM parcels p JOIN shipment_groups g ON g.group_id = p.group_id "
    "JOIN orders o ON o.order_id = g.order_id "
    "JOIN channels c ON c.channel_id = o.channel_id "
    "JOIN reservations r ON r.group_id = g.group_id "
    "AND r.status = 'consumed' "
    "JOIN order_lines l ON l.order_id = r.order_id AND l.line_no = r.line_no "
    "WHERE c.name = ?1 AND p.shipped_at IS NOT NULL "
    "AND p.parcel_no = 1 AND (CASE WHEN ?2 IS NULL "
    "THEN p.confirmed_at IS NULL ELSE p.shipped_at >= ?2 END) "
    "GROUP BY p.parcel_id, g.order_id, c.name, o.channel_order_no, "
    "r.line_no, l.channel_line_id, r.sku, p.carrier, p.service, "
    "p.tracking_no, p.shipped_at "
    "ORDER BY p.shipped_at, p.parcel_id, r.line_no, r.sku";
/* Every parcel of the group told at once: the notice names its lines. */
static const char SQL_CONFIRMED[] =
    "UPDATE parcels SET confirmed_at = ?2 WHERE confirmed_at IS NULL "
    "AND group_id = (SELECT group_id FROM parcels WHERE parcel_id = ?1)";

static long long
opt_int(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(s, i);
}

static int
each_parcel(struct ledger *l, sqlite3_stmt *s,
    int (*fn)(void *arg, const struct ship_parcel *p), void *arg)
{
	struct ship_parcel p;
	int rc, n = 0, stop = 0;

	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
#define T(i) ((const char *)sqlite3_column_text(s, (i)))
		p.parcel_id = sqlite3_column_int64(s, 0);
		p.group_id = sqlite3_column_int64(s, 1);
		p.order_id = sqlite3_column_int64(s, 2);
		p.parcel_no = sqlite3_column_int(s, 3);
		p.parcels = sqlite3_column_int(s, 4);
		p.location = T(5);
		p.status = T(6);
		p.weight_g = opt_int(s, 7);
		p.length_mm = opt_int(s, 8);
		p.width_mm = opt_int(s, 9);
		p.height_mm = opt_int(s, 10);
		p.catalogue_g = opt_int(s, 11);
		p.carrier = T(12);
		p.service = T(13);
		p.tracking = T(14);
		p.serial = opt_int(s, 15);
		p.channel = T(16);
		p.channel_order = T(17);
		p.ship_method = T(18);
		p.placed_at = T(19);
		p.currency = T(20);
		p.to.name = T(21);
		p.to.company = T(22);
		p.to.address1 = T(23);
		p.to.address2 = T(24);
		p.to.city = T(25);
		p.to.region = T(26);
		p.to.postal_code = T(27);
		p.to.country = T(28);
		p.to.phone = T(29);
		p.price = opt_int(s, 30);
		p.price_currency = T(31);
		p.promised_by = T(32);
		p.expected_by = T(33);
		p.label = T(34);
		p.deliver_by = T(35);
#undef T
		stop = fn(arg, &p);
		n++;
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "read parcels"), -1;
	return n;
}

int
ledger_parcels_to_label(struct ledger *l, const char *location,
    long long after, int limit,
    int (*fn)(void *arg, const struct ship_parcel *p), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_TO_LABEL);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, location);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int(s, 3, limit);
	return each_parcel(l, s, fn, arg);
}

int
ledger_parcel(struct ledger *l, long long parcel_id,
    int (*fn)(void *arg, const struct ship_parcel *p), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_PARCEL);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parcel_id);
	return each_parcel(l, s, fn, arg);
}

long long
ledger_tracking_serial(struct ledger *l, const char *carrier,
    long long first)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_SERIAL_NEXT);
	long long n = -1;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, carrier);
	sqlite3_bind_int64(s, 2, first);
	if (ledger_run(l, s, &n, "take a tracking serial") < 0)
		return -1;
	return n;
}

int
ledger_parcel_plan(struct ledger *l, long long parcel_id,
    const struct parcel_plan *pl)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_PARCEL_PLAN);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parcel_id);
	ledger_bind_text(s, 2, pl->carrier);
	ledger_bind_text(s, 3, pl->service);
	if (pl->serial >= 0)
		sqlite3_bind_int64(s, 4, pl->serial);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_int64(s, 5, pl->price);
	ledger_bind_text(s, 6, pl->currency);
	ledger_bind_text(s, 7, pl->promised_by);
	ledger_bind_text(s, 8, pl->expected_by);
	ledger_bind_text(s, 9, l->now);
	return ledger_run(l, s, NULL, "plan a parcel's shipping");
}

int
ledger_parcel_labelled(struct ledger *l, long long parcel_id,
    const char *tracking, const char *label)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_PARCEL_LABELLED);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parcel_id);
	ledger_bind_text(s, 2, tracking);
	ledger_bind_text(s, 3, label);
	ledger_bind_text(s, 4, l->now);
	if (ledger_run(l, s, NULL, "record a tracking number") < 0)
		return -1;
	return sqlite3_changes(l->db) > 0;
}

int
ledger_groups_to_ship(struct ledger *l, const char *location,
    long long after, int limit,
    void (*fn)(void *arg, long long group_id, long long order_id,
    const char *location), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_TO_SHIP);
	int rc, n = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, location);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int(s, 3, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fn(arg, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
		    (const char *)sqlite3_column_text(s, 2));
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read shipment groups"), -1;
	return n;
}

int
ledger_group_of_tracking(struct ledger *l, const char *tracking,
    struct group_info *g, char *parcel_status, size_t n)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_GROUP_OF_TRACKING);
	int rc;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, tracking);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		g->group_id = sqlite3_column_int64(s, 0);
		g->order_id = sqlite3_column_int64(s, 1);
		g->group_no = 0;
		snprintf(g->location, sizeof g->location, "%s",
		    (const char *)sqlite3_column_text(s, 2));
		snprintf(g->status, sizeof g->status, "%s",
		    (const char *)sqlite3_column_text(s, 3));
		snprintf(parcel_status, n, "%s",
		    (const char *)sqlite3_column_text(s, 4));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read parcels"), -1;
	return rc == SQLITE_ROW;
}

long long
ledger_group_ship(struct ledger *l, long long group_id, long long order_id,
    const char *location)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_FIRST_TRACKING);
	char tracking[128] = "", detail[300];
	struct { char sku[256]; long long q; } *v = NULL;
	int n = 0, cap = 0, rc, i, added;
	long long units = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(tracking, sizeof tracking, "%s",
		    (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return ledger_fail(l, "read parcels"), -1;
	/* Gathered first: the movements below change the stock rows. */
	if ((s = ledger_sql(l, SQL_GROUP_STOCK)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, (size_t)cap * sizeof *v);
		}
		snprintf(v[n].sku, sizeof v[n].sku, "%s",
		    (const char *)sqlite3_column_text(s, 0));
		v[n++].q = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return ledger_fail(l, "read reservations"), -1;
	}
	for (i = 0; i < n; i++) {
		struct movement m;

		memset(&m, 0, sizeof m);
		m.sku = v[i].sku;
		m.from = location;
		m.reason = "shipment";
		m.at = l->now;
		m.reference = tracking[0] ? tracking : NULL;
		m.quantity = v[i].q;
		if (ledger_location_reserved_add(l, v[i].sku, location,
		    -v[i].q) < 0 || ledger_reserved_add(l, v[i].sku,
		    -v[i].q) < 0 || ledger_move(l, &m, &added) < 0) {
			free(v);
			return -1;
		}
		units += v[i].q;
	}
	free(v);
	if ((s = ledger_sql(l, SQL_GROUP_CONSUME)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	ledger_bind_text(s, 2, l->now);
	if (ledger_run(l, s, NULL, "consume reservations") < 0 ||
	    (s = ledger_sql(l, SQL_GROUP_SHIPPED)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	ledger_bind_text(s, 2, l->now);
	if (ledger_run(l, s, NULL, "ship a group") < 0 ||
	    (s = ledger_sql(l, SQL_PARCELS_SHIPPED)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, group_id);
	ledger_bind_text(s, 2, l->now);
	if (ledger_run(l, s, NULL, "ship parcels") < 0 ||
	    (s = ledger_sql(l, SQL_LINES_SHIPPED)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	if (ledger_run(l, s, NULL, "ship order lines") < 0)
		return -1;
	snprintf(detail, sizeof detail, "group %lld shipped from %s: %lld "
	    "unit%s%s%s", group_id, location, units, units == 1 ? "" : "s",
	    tracking[0] ? ", tracking " : "", tracking);
	if (ledger_event(l, order_id, 0, "shipped", detail, 0) < 0)
		return -1;
	snprintf(detail, sizeof detail, "group %lld shipped from %s",
	    group_id, location);
	if (ledger_order_rederive(l, order_id, detail) < 0)
		return -1;
	return units;
}

int
ledger_ship_notices(struct ledger *l, const char *channel, const char *since,
    int (*fn)(void *arg, const struct ship_notice_row *n), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_NOTICES);
	struct ship_notice_row r;
	int rc, stop = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, channel);
	ledger_bind_text(s, 2, since);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
#define T(i) ((const char *)sqlite3_column_text(s, (i)))
		r.parcel_id = sqlite3_column_int64(s, 0);
		r.order_id = sqlite3_column_int64(s, 1);
		r.channel = T(2);
		r.channel_order = T(3);
		r.line_no = sqlite3_column_int(s, 4);
		r.channel_line = T(5);
		r.sku = T(6);
		r.quantity = sqlite3_column_int64(s, 7);
		r.carrier = T(8);
		r.service = T(9);
		r.tracking = T(10);
		r.shipped_at = T(11);
#undef T
		stop = fn(arg, &r);
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "read shipments"), -1;
	return 0;
}

int
ledger_ship_confirmed(struct ledger *l, long long parcel_id)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_CONFIRMED);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parcel_id);
	ledger_bind_text(s, 2, l->now);
	return ledger_run(l, s, NULL, "mark a shipment confirmed");
}
