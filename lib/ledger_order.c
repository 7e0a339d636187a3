/*
 * The operator part of the ledger layer: an order's state read and
 * changed by hand (holds, releases, cancellations), each change with
 * its event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_internal.h"
#include "lifecycle.h"

#define STATE_COLUMNS \
	"s.order_id, c.name, o.channel_order_no, s.status, s.hold_reason, " \
	"s.held_by, s.updated_at, coalesce(o.placed_at, ''), o.currency, " \
	"o.total"

static const char SQL_STATE[] =
    "SELECT " STATE_COLUMNS " FROM order_state s JOIN orders o "
    "USING (order_id) JOIN channels c USING (channel_id) "
    "WHERE s.order_id = ?1";
static const char SQL_FIND[] =
    "SELECT o.order_id FROM orders o JOIN channels c USING (channel_id) "
    "WHERE c.name = ?1 AND o.channel_order_no = ?2";
/* The same words as orders_open's condition, so that it is used. */
static const char SQL_HOLDS[] =
    "SELECT " STATE_COLUMNS " FROM order_state s JOIN orders o "
    "USING (order_id) JOIN channels c USING (channel_id) "
    "WHERE (s.status = 'imported' OR s.status = 'backordered' "
    "OR s.status = 'on_hold') AND s.status = 'on_hold' "
    "AND (?1 IS NULL OR s.hold_reason = ?1 "
    "OR substr(s.hold_reason, 1, length(?1) + 1) = ?1 || ':') "
    "AND (?2 IS NULL OR s.held_by = ?2) "
    "ORDER BY s.updated_at, s.order_id";
static const char SQL_SET_STATE[] =
    "UPDATE order_state SET status = ?2, hold_reason = ?3, held_by = ?4, "
    "updated_at = ?5 WHERE order_id = ?1";
static const char SQL_LINE_COUNTS[] =
    "SELECT status, count(*) FROM order_lines WHERE order_id = ?1 "
    "GROUP BY status";
/* Lines already on their way, or back, are facts a cancel cannot undo. */
static const char SQL_LINES_CANCEL[] =
    "UPDATE order_lines SET status = 'cancelled' WHERE order_id = ?1 "
    "AND status NOT IN ('cancelled', 'shipped', 'delivered', 'returned')";

static int
state_row(struct ledger *l, sqlite3_stmt *s,
    int (*fn)(void *arg, const struct order_state_row *r), void *arg)
{
	struct order_state_row r;

	r.order_id = sqlite3_column_int64(s, 0);
	r.channel = (const char *)sqlite3_column_text(s, 1);
	r.number = (const char *)sqlite3_column_text(s, 2);
	r.status = (const char *)sqlite3_column_text(s, 3);
	r.hold_reason = (const char *)sqlite3_column_text(s, 4);
	r.held_by = (const char *)sqlite3_column_text(s, 5);
	r.since = (const char *)sqlite3_column_text(s, 6);
	r.placed_at = (const char *)sqlite3_column_text(s, 7);
	r.currency = (const char *)sqlite3_column_text(s, 8);
	r.total = sqlite3_column_int64(s, 9);
	return fn(arg, &r);
}

int
ledger_order_state(struct ledger *l, long long order_id,
    int (*fn)(void *arg, const struct order_state_row *r), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_STATE);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		state_row(l, s, fn, arg);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read an order"), -1;
	return 0;
}

long long
ledger_order_find(struct ledger *l, const char *channel, const char *number)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_FIND);
	long long id = 0;
	int rc;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, channel);
	ledger_bind_text(s, 2, number);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ledger_fail(l, "find an order"), -1;
	return id;
}

int
ledger_holds(struct ledger *l, const char *reason, const char *held_by,
    int (*fn)(void *arg, const struct order_state_row *r), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_HOLDS);
	int rc, stop = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, reason);
	ledger_bind_text(s, 2, held_by);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = state_row(l, s, fn, arg);
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "read holds"), -1;
	return 0;
}

int
ledger_set_state(struct ledger *l, long long order_id, int from, int to,
    const char *hold_reason, const char *held_by, const char *why)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_SET_STATE);
	char detail[512];

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	ledger_bind_text(s, 2, order_status_name(to));
	ledger_bind_text(s, 3, to == OS_ON_HOLD ? hold_reason : NULL);
	ledger_bind_text(s, 4, to == OS_ON_HOLD ? held_by : NULL);
	ledger_bind_text(s, 5, l->now);
	if (ledger_run(l, s, NULL, "record an order's status") < 0)
		return -1;
	if (from == to && to == OS_ON_HOLD)
		snprintf(detail, sizeof detail, "on hold: %s", why);
	else if (from == to)
		return 0;
	else
		snprintf(detail, sizeof detail, "%s -> %s%s%s",
		    order_status_name(from), order_status_name(to),
		    why && *why ? ": " : "", why ? why : "");
	return ledger_event(l, order_id, 0, from == to ? "hold" : "status",
	    detail, 0);
}

int
ledger_line_counts(struct ledger *l, long long order_id,
    long long *counts)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LINE_COUNTS);
	int rc, ls;

	memset(counts, 0, LS_COUNT * sizeof counts[0]);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((ls = line_status_parse((const char *)
		    sqlite3_column_text(s, 0))) >= 0)
			counts[ls] = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read order lines"), -1;
	return 0;
}

int
ledger_lines_cancel(struct ledger *l, long long order_id)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LINES_CANCEL);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	return ledger_run(l, s, NULL, "cancel order lines");
}
