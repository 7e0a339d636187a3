/*
 * The inventory part of the ledger layer.  On hand at a location is
 * the sum of its movements; the stock and sku_totals tables keep those
 * sums (and the reservations') up to date in the same transaction, so
 * that allocation reads one row per SKU, and ledger_stock_verify proves
 * that they agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ledger_internal.h"

static const char SQL_LOCATION_UPSERT[] =
    "INSERT INTO locations (location, name, type, active, created_at) "
    "VALUES (?1, ?2, ?3, 1, ?4) ON CONFLICT (location) DO UPDATE SET "
    "name = excluded.name, type = excluded.type, active = 1";
static const char SQL_LOCATIONS_ALL[] =
    "SELECT location FROM locations WHERE active = 1";
static const char SQL_LOCATION_RETIRE[] =
    "UPDATE locations SET active = 0 WHERE location = ?1";
static const char SQL_STOCK_GET[] =
    "SELECT on_hand, snapshot_at FROM stock "
    "WHERE sku = ?1 AND location = ?2";
static const char SQL_STOCK_AT[] =
    "SELECT coalesce(sum(CASE WHEN to_location = ?2 THEN quantity "
    "ELSE -quantity END), 0) FROM movements "
    "WHERE sku = ?1 AND (to_location = ?2 OR from_location = ?2) "
    "AND at <= ?3";
static const char SQL_MOVE[] =
    "INSERT INTO movements (sku, from_location, to_location, quantity, "
    "reason, at, reference, source_key, recorded_at, tool) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (source_key) DO NOTHING";
static const char SQL_STOCK_ADD[] =
    "INSERT INTO stock (sku, location, on_hand) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (sku, location) DO UPDATE "
    "SET on_hand = stock.on_hand + excluded.on_hand";
static const char SQL_TOTAL_ADD[] =
    "INSERT INTO sku_totals (sku, on_hand, reserved) VALUES (?1, ?2, 0) "
    "ON CONFLICT (sku) DO UPDATE "
    "SET on_hand = sku_totals.on_hand + excluded.on_hand";
static const char SQL_SNAPSHOT_MARK[] =
    "UPDATE stock SET snapshot_at = ?3 WHERE sku = ?1 AND location = ?2";
static const char SQL_LIST[] =
    "SELECT s.sku, s.location, s.on_hand, coalesce((SELECT sum(quantity) "
    "FROM reservations r WHERE r.sku = s.sku AND r.location = s.location "
    "AND r.status = 'active'), 0) FROM stock s "
    "WHERE (?1 IS NULL OR s.sku = ?1) AND (?2 IS NULL OR s.location = ?2) "
    "ORDER BY s.sku, s.location";
static const char SQL_LIST_NETWORK[] =
    "SELECT sku, on_hand, reserved FROM sku_totals "
    "WHERE (?1 IS NULL OR sku = ?1) ORDER BY sku";

static const char SQL_EXPECT_GET[] =
    "SELECT quantity, expected_at FROM expected_receipts "
    "WHERE reference = ?1 AND sku = ?2 AND location IS ?3";
/* Receipts recorded before the line count, as if it had been there. */
static const char SQL_EXPECT_ADD[] =
    "INSERT INTO expected_receipts (reference, sku, location, quantity, "
    "expected_at, received) VALUES (?1, ?2, ?3, ?4, ?5, "
    "min(?4, (SELECT coalesce(sum(quantity), 0) FROM movements "
    "WHERE reference = ?1 AND sku = ?2 AND from_location IS NULL "
    "AND (?3 IS NULL OR to_location = ?3))))";
static const char SQL_EXPECT_SET[] =
    "UPDATE expected_receipts SET quantity = ?4, expected_at = ?5 "
    "WHERE reference = ?1 AND sku = ?2 AND location IS ?3";
static const char SQL_RECEIVE[] =
    "UPDATE expected_receipts SET received = "
    "min(quantity, received + ?4) WHERE reference = ?1 AND sku = ?2 "
    "AND (location IS NULL OR location = ?3)";
static const char SQL_ARRIVED_PROMISES[] =
    "SELECT r.reservation_id, r.order_id, r.line_no, r.quantity, "
    "r.receipt_id, e.promised - (e.quantity - e.received) "
    "FROM reservations r JOIN expected_receipts e "
    "USING (receipt_id) WHERE e.reference = ?1 AND e.sku = ?2 "
    "AND (e.location IS NULL OR e.location = ?3) AND r.status = 'active' "
    "ORDER BY r.receipt_id, r.reservation_id";
/* Newest first: the oldest orders keep what is still to come. */
static const char SQL_CUT_PROMISES[] =
    "SELECT r.reservation_id, r.order_id, r.line_no, r.quantity, "
    "r.receipt_id, e.promised - (e.quantity - e.received) "
    "FROM reservations r JOIN expected_receipts e "
    "USING (receipt_id) WHERE e.reference = ?1 AND e.sku = ?2 "
    "AND e.location IS ?3 AND r.status = 'active' "
    "ORDER BY r.reservation_id DESC";
static const char SQL_PROMISE_END[] =
    "UPDATE reservations SET status = 'released', ended_at = ?2 "
    "WHERE reservation_id = ?1";
static const char SQL_PROMISE_BACK[] =
    "UPDATE expected_receipts SET promised = promised - ?2 "
    "WHERE receipt_id = ?1";
static const char SQL_RECEIPTS[] =
    "SELECT reference, sku, location, expected_at, quantity, received "
    "FROM expected_receipts WHERE received < quantity "
    "AND (?1 IS NULL OR sku = ?1) ORDER BY expected_at, reference, sku";

int
ledger_sync_locations(struct ledger *l, const struct config *c)
{
	sqlite3_stmt *s;
	static const char *const types[] = { "warehouse", "store", "3pl",
	    "dropship" };
	char retire[64][64];
	int i, n = 0, rc;

	for (i = 0; i < c->nlocations; i++) {
		const struct location *loc = &c->locations[i];

		if ((s = ledger_sql(l, SQL_LOCATION_UPSERT)) == NULL)
			return -1;
		ledger_bind_text(s, 1, loc->code);
		ledger_bind_text(s, 2, loc->name ? loc->name : loc->code);
		ledger_bind_text(s, 3, types[loc->type]);
		ledger_bind_text(s, 4, l->now);
		if (ledger_run(l, s, NULL, "record a location") < 0)
			return -1;
	}
	/* Retire what the configuration no longer names. */
	do {
		n = 0;
		if ((s = ledger_sql(l, SQL_LOCATIONS_ALL)) == NULL)
			return -1;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < 64) {
			const char *code = (const char *)sqlite3_column_text(s,
			    0);

			if (config_location(c, code) == NULL)
				snprintf(retire[n++], sizeof retire[0], "%s",
				    code);
		}
		sqlite3_reset(s);
		for (i = 0; i < n; i++) {
			if ((s = ledger_sql(l, SQL_LOCATION_RETIRE)) == NULL)
				return -1;
			ledger_bind_text(s, 1, retire[i]);
			if (ledger_run(l, s, NULL, "retire a location") < 0)
				return -1;
		}
	} while (n == 64);
	return 0;
}

int
ledger_stock_get(struct ledger *l, const char *sku, const char *location,
    long long *on_hand, char snapshot_at[21], int *known)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_STOCK_GET);
	int rc;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	ledger_bind_text(s, 2, location);
	*on_hand = 0;
	*known = 0;
	if (snapshot_at)
		snapshot_at[0] = '\0';
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *at = sqlite3_column_text(s, 1);

		*known = 1;
		*on_hand = sqlite3_column_int64(s, 0);
		if (snapshot_at && at)
			snprintf(snapshot_at, 21, "%s", (const char *)at);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read stock"), -1;
	return 0;
}

int
ledger_stock_at(struct ledger *l, const char *sku, const char *location,
    const char *at, long long *on_hand)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_STOCK_AT);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	ledger_bind_text(s, 2, location);
	ledger_bind_text(s, 3, at);
	*on_hand = 0;
	return ledger_run(l, s, on_hand, "read stock movements");
}

static int
stock_add(struct ledger *l, const char *sku, const char *location,
    long long delta)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_STOCK_ADD);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	ledger_bind_text(s, 2, location);
	sqlite3_bind_int64(s, 3, delta);
	return ledger_run(l, s, NULL, "update stock");
}

/*
 * Ends promises read by s (bound by the caller; rows: reservation,
 * order, line, quantity, receipt, units promised beyond what is still
 * to come), in s's order: per receipt, enough to cover `at_least` units
 * and whatever is promised beyond what can still come.  The lines that
 * held them wait as backordered for oms-allocate.
 */
static int
end_promises(struct ledger *l, sqlite3_stmt *s, const char *reference,
    long long at_least, const char *why)
{
	struct {
		long long id, order_id, quantity, receipt_id, over;
		int line_no;
	} *v = NULL;
	int n = 0, cap = 0, rc, i;
	long long receipt = 0, to_end = 0, ended = 0;
	char detail[320];

	/* Gathered first: the loop below changes the rows read here. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, (size_t)cap * sizeof *v);
		}
		v[n].id = sqlite3_column_int64(s, 0);
		v[n].order_id = sqlite3_column_int64(s, 1);
		v[n].line_no = sqlite3_column_int(s, 2);
		v[n].quantity = sqlite3_column_int64(s, 3);
		v[n].receipt_id = sqlite3_column_int64(s, 4);
		v[n++].over = sqlite3_column_int64(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return ledger_fail(l, "read promises"), -1;
	}
	for (i = 0; i < n; i++) {
		if (i == 0 || v[i].receipt_id != receipt) {
			receipt = v[i].receipt_id;
			to_end = v[i].over > at_least ? v[i].over : at_least;
			ended = 0;
		}
		if (ended >= to_end)
			continue;
		ended += v[i].quantity;
		if ((s = ledger_sql(l, SQL_PROMISE_END)) == NULL)
			goto fail;
		sqlite3_bind_int64(s, 1, v[i].id);
		ledger_bind_text(s, 2, l->now);
		if (ledger_run(l, s, NULL, "end a promise") < 0 ||
		    (s = ledger_sql(l, SQL_PROMISE_BACK)) == NULL)
			goto fail;
		sqlite3_bind_int64(s, 1, v[i].receipt_id);
		sqlite3_bind_int64(s, 2, v[i].quantity);
		if (ledger_run(l, s, NULL, "end a promise") < 0)
			goto fail;
		snprintf(detail, sizeof detail, "line %d: %lld unit%s promised "
		    "on %s released: %s", v[i].line_no, v[i].quantity,
		    v[i].quantity == 1 ? "" : "s", reference, why);
		if (ledger_event(l, v[i].order_id, v[i].line_no, "released",
		    detail, 0) < 0)
			goto fail;
	}
	free(v);
	return 0;
fail:
	free(v);
	return -1;
}

/*
 * Stock a purchase order promised has come: the oldest promises end, as
 * many as the arrival covers, so that oms-allocate hands the stock to
 * the oldest lines.  Later promises stay while the order still has
 * units to come for them; a short delivery that completes the line
 * leaves none to come, and ends them all.
 */
static int
arrived(struct ledger *l, const char *reference, const char *sku,
    const char *location, long long quantity)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_ARRIVED_PROMISES);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, reference);
	ledger_bind_text(s, 2, sku);
	ledger_bind_text(s, 3, location);
	return end_promises(l, s, reference, quantity, "the stock arrived");
}

int
ledger_move(struct ledger *l, const struct movement *m, int *added)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_MOVE);
	long long network = 0;

	*added = 0;
	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, m->sku);
	ledger_bind_text(s, 2, m->from);
	ledger_bind_text(s, 3, m->to);
	sqlite3_bind_int64(s, 4, m->quantity);
	ledger_bind_text(s, 5, m->reason);
	ledger_bind_text(s, 6, m->at);
	ledger_bind_text(s, 7, m->reference);
	ledger_bind_text(s, 8, m->source_key);
	ledger_bind_text(s, 9, l->now);
	ledger_bind_text(s, 10, l->tool);
	if (ledger_run(l, s, NULL, "record a movement") < 0)
		return -1;
	if (sqlite3_changes(l->db) == 0)
		return 0;	/* this movement is in the ledger already */
	*added = 1;
	/* A receipt against a purchase order counts it received. */
	if (m->from == NULL && m->reference) {
		if ((s = ledger_sql(l, SQL_RECEIVE)) == NULL)
			return -1;
		ledger_bind_text(s, 1, m->reference);
		ledger_bind_text(s, 2, m->sku);
		ledger_bind_text(s, 3, m->to);
		sqlite3_bind_int64(s, 4, m->quantity);
		if (ledger_run(l, s, NULL, "receive against an order") < 0)
			return -1;
	}
	if (m->from == NULL && m->reference &&
	    arrived(l, m->reference, m->sku, m->to, m->quantity) < 0)
		return -1;
	if (m->from && stock_add(l, m->sku, m->from, -m->quantity) < 0)
		return -1;
	if (m->to && stock_add(l, m->sku, m->to, m->quantity) < 0)
		return -1;
	/* A transfer moves stock inside the network; its total stays. */
	if (m->from == NULL)
		network = m->quantity;
	else if (m->to == NULL)
		network = -m->quantity;
	if (network) {
		if ((s = ledger_sql(l, SQL_TOTAL_ADD)) == NULL)
			return -1;
		ledger_bind_text(s, 1, m->sku);
		sqlite3_bind_int64(s, 2, network);
		if (ledger_run(l, s, NULL, "update stock totals") < 0)
			return -1;
	}
	return 0;
}

static const char SQL_WATERMARK_GET[] =
    "SELECT quantity FROM feed_watermarks WHERE channel = ?1 AND sku = ?2";
static const char SQL_WATERMARK_SET[] =
    "INSERT INTO feed_watermarks (channel, sku, quantity, sent_at) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (channel, sku) DO UPDATE "
    "SET quantity = excluded.quantity, sent_at = excluded.sent_at";
static const char SQL_SKU_CHANGED[] =
    "SELECT EXISTS (SELECT 1 FROM movements WHERE sku = ?1 "
    "AND recorded_at > ?2) OR EXISTS (SELECT 1 FROM reservations "
    "WHERE sku = ?1 AND (created_at > ?2 OR ended_at > ?2))";

int
ledger_watermark_get(struct ledger *l, const char *channel, const char *sku,
    long long *quantity)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_WATERMARK_GET);
	int rc;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, channel);
	ledger_bind_text(s, 2, sku);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*quantity = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read feed watermarks"), -1;
	return rc == SQLITE_ROW;
}

int
ledger_watermark_set(struct ledger *l, const char *channel, const char *sku,
    long long quantity)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_WATERMARK_SET);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, channel);
	ledger_bind_text(s, 2, sku);
	sqlite3_bind_int64(s, 3, quantity);
	ledger_bind_text(s, 4, l->now);
	return ledger_run(l, s, NULL, "record a feed watermark");
}

int
ledger_sku_changed_since(struct ledger *l, const char *sku, const char *since)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_SKU_CHANGED);
	long long changed = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	ledger_bind_text(s, 2, since);
	if (ledger_run(l, s, &changed, "read stock changes") < 0)
		return -1;
	return changed != 0;
}

int
ledger_expect(struct ledger *l, const char *reference, const char *sku,
    const char *location, long long quantity, const char *expected_at)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_EXPECT_GET);
	int rc, same = 0, exists;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, reference);
	ledger_bind_text(s, 2, sku);
	ledger_bind_text(s, 3, location);
	rc = sqlite3_step(s);
	exists = rc == SQLITE_ROW;
	if (exists)
		same = sqlite3_column_int64(s, 0) == quantity &&
		    strcmp((const char *)sqlite3_column_text(s, 1),
		    expected_at) == 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read expected receipts"), -1;
	if (same)
		return 0;
	if ((s = ledger_sql(l, exists ? SQL_EXPECT_SET : SQL_EXPECT_ADD)) ==
	    NULL)
		return -1;
	ledger_bind_text(s, 1, reference);
	ledger_bind_text(s, 2, sku);
	ledger_bind_text(s, 3, location);
	sqlite3_bind_int64(s, 4, quantity);
	ledger_bind_text(s, 5, expected_at);
	if (ledger_run(l, s, NULL, "record an expected receipt") < 0)
		return -1;
	if (exists) {
		/* A line cut below what it promised gives the excess back. */
		if ((s = ledger_sql(l, SQL_CUT_PROMISES)) == NULL)
			return -1;
		ledger_bind_text(s, 1, reference);
		ledger_bind_text(s, 2, sku);
		ledger_bind_text(s, 3, location);
		if (end_promises(l, s, reference, 0, "the purchase order "
		    "was cut") < 0)
			return -1;
	}
	return exists ? 2 : 1;
}

int
ledger_receipts_list(struct ledger *l, const char *sku,
    int (*fn)(void *arg, const struct receipt_row *r), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_RECEIPTS);
	struct receipt_row r;
	int rc, stop = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.reference = (const char *)sqlite3_column_text(s, 0);
		r.sku = (const char *)sqlite3_column_text(s, 1);
		r.location = (const char *)sqlite3_column_text(s, 2);
		r.expected_at = (const char *)sqlite3_column_text(s, 3);
		r.quantity = sqlite3_column_int64(s, 4);
		r.received = sqlite3_column_int64(s, 5);
		stop = fn(arg, &r);
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "list expected receipts"), -1;
	return 0;
}

static const char SQL_MOVEMENT_KNOWN[] =
    "SELECT 1 FROM movements WHERE source_key = ?1";

int
ledger_movement_known(struct ledger *l, const char *source_key)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_MOVEMENT_KNOWN);
	int rc;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, source_key);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "read movements"), -1;
	return rc == SQLITE_ROW;
}

static const char SQL_SKU_RESERVED[] =
    "SELECT reserved FROM sku_totals WHERE sku = ?1";

int
ledger_sku_reserved(struct ledger *l, const char *sku, long long *reserved)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_SKU_RESERVED);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	*reserved = 0;
	return ledger_run(l, s, reserved, "read reservations");
}

int
ledger_snapshot_mark(struct ledger *l, const char *sku, const char *location,
    const char *at)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_SNAPSHOT_MARK);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	ledger_bind_text(s, 2, location);
	ledger_bind_text(s, 3, at);
	return ledger_run(l, s, NULL, "record a snapshot");
}

int
ledger_stock_list(struct ledger *l, const char *sku, const char *location,
    int network, int (*fn)(void *arg, const struct stock_row *r), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, network ? SQL_LIST_NETWORK :
	    SQL_LIST);
	struct stock_row r;
	int rc, stop = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	if (!network)
		ledger_bind_text(s, 2, location);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.sku = (const char *)sqlite3_column_text(s, 0);
		if (network) {
			r.location = NULL;
			r.on_hand = sqlite3_column_int64(s, 1);
			r.reserved = sqlite3_column_int64(s, 2);
		} else {
			r.location = (const char *)sqlite3_column_text(s, 1);
			r.on_hand = sqlite3_column_int64(s, 2);
			r.reserved = sqlite3_column_int64(s, 3);
		}
		stop = fn(arg, &r);
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "list stock"), -1;
	return 0;
}


static const char SQL_PRODUCT_GET[] =
    "SELECT sku, title, bin, tags, coalesce(weight_g, -1), "
    "coalesce(length_mm, -1), coalesce(width_mm, -1), "
    "coalesce(height_mm, -1) FROM products WHERE sku = ?1";
static const char SQL_PRODUCTS[] =
    "SELECT sku, title, bin, tags, coalesce(weight_g, -1), "
    "coalesce(length_mm, -1), coalesce(width_mm, -1), "
    "coalesce(height_mm, -1) FROM products WHERE ?1 IS NULL OR sku = ?1 "
    "ORDER BY sku";
static const char SQL_PRODUCT_PUT[] =
    "INSERT INTO products (sku, title, bin, tags, weight_g, length_mm, "
    "width_mm, height_mm, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    "?8, ?9) ON CONFLICT (sku) DO UPDATE SET title = excluded.title, "
    "bin = excluded.bin, tags = excluded.tags, "
    "weight_g = excluded.weight_g, length_mm = excluded.length_mm, "
    "width_mm = excluded.width_mm, height_mm = excluded.height_mm, "
    "updated_at = excluded.updated_at";

static void
product_row(sqlite3_stmt *s, struct product *p)
{
	p->sku = (const char *)sqlite3_column_text(s, 0);
	p->title = (const char *)sqlite3_column_text(s, 1);
	p->bin = (const char *)sqlite3_column_text(s, 2);
	p->tags = (const char *)sqlite3_column_text(s, 3);
	p->weight_g = sqlite3_column_int64(s, 4);
	p->length_mm = sqlite3_column_int64(s, 5);
	p->width_mm = sqlite3_column_int64(s, 6);
	p->height_mm = sqlite3_column_int64(s, 7);
}

static int
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static void
bind_measure(sqlite3_stmt *s, int i, long long v)
{
	if (v >= 0)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

int
ledger_product_put(struct ledger *l, const struct product *in,
    const char **action)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_PRODUCT_GET);
	struct product old, p = *in;
	char *keep[3] = { NULL, NULL, NULL };
	int rc, found, status = -1;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, in->sku);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		return ledger_fail(l, "read a product"), -1;
	}
	found = rc == SQLITE_ROW;
	if (found) {
		product_row(s, &old);
		/* What the row leaves out, the ledger keeps. */
		if (p.title == NULL && old.title)
			p.title = keep[0] = xstrdup(old.title);
		if (p.bin == NULL && old.bin)
			p.bin = keep[1] = xstrdup(old.bin);
		if (p.tags == NULL && old.tags)
			p.tags = keep[2] = xstrdup(old.tags);
		if (p.weight_g < 0)
			p.weight_g = old.weight_g;
		if (p.length_mm < 0)
			p.length_mm = old.length_mm;
		if (p.width_mm < 0)
			p.width_mm = old.width_mm;
		if (p.height_mm < 0)
			p.height_mm = old.height_mm;
		if (same_text(p.title, old.title) && same_text(p.bin, old.bin) &&
		    same_text(p.tags, old.tags) && p.weight_g == old.weight_g &&
		    p.length_mm == old.length_mm && p.width_mm == old.width_mm &&
		    p.height_mm == old.height_mm) {
			sqlite3_reset(s);
			*action = "unchanged";
			status = 0;
			goto out;
		}
	}
	sqlite3_reset(s);
	if ((s = ledger_sql(l, SQL_PRODUCT_PUT)) == NULL)
		goto out;
	ledger_bind_text(s, 1, p.sku);
	ledger_bind_text(s, 2, p.title);
	ledger_bind_text(s, 3, p.bin);
	ledger_bind_text(s, 4, p.tags);
	bind_measure(s, 5, p.weight_g);
	bind_measure(s, 6, p.length_mm);
	bind_measure(s, 7, p.width_mm);
	bind_measure(s, 8, p.height_mm);
	ledger_bind_text(s, 9, l->now);
	if (ledger_run(l, s, NULL, "record a product") < 0)
		goto out;
	*action = found ? "updated" : "new";
	status = 0;
out:
	free(keep[0]);
	free(keep[1]);
	free(keep[2]);
	return status;
}

int
ledger_products(struct ledger *l, const char *sku,
    int (*fn)(void *arg, const struct product *p), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_PRODUCTS);
	struct product p;
	int rc, stop = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		product_row(s, &p);
		stop = fn(arg, &p);
	}
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "read products"), -1;
	return 0;
}
