/*
 * The allocation part of the ledger layer: orders waiting for stock,
 * their lines, reservations and their release.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_internal.h"

static const char SQL_CANDIDATES[] =
    "SELECT s.order_id, s.queued_at, c.name, o.ship_method, s.status "
    "FROM order_state s JOIN orders o USING (order_id) "
    "JOIN channels c USING (channel_id) "
    /*
     * The same words as orders_open's condition, so that it is used;
     * orders on hold wait for their hold to lift.
     */
    "WHERE (s.status = 'imported' OR s.status = 'backordered' "
    "OR s.status = 'on_hold') AND s.status <> 'on_hold' "
    "AND (?4 = 0 OR s.status = 'backordered') "
    "AND (s.queued_at > ?1 OR (s.queued_at = ?1 AND s.order_id > ?2)) "
    "ORDER BY s.queued_at, s.order_id LIMIT ?3";
static const char SQL_ORDER[] =
    "SELECT s.order_id, s.queued_at, c.name, o.ship_method, s.status "
    "FROM order_state s JOIN orders o USING (order_id) "
    "JOIN channels c USING (channel_id) WHERE s.order_id = ?1";
static const char SQL_LINES[] =
    "SELECT line_no, sku, quantity, status FROM order_lines "
    "WHERE order_id = ?1 AND (status = 'open' OR status = 'backordered') "
    "ORDER BY line_no";
/*
 * Reservations of stock on hand; a promise on a receipt is not one.
 * Units already shipped from a reservation (consumed) count: a line
 * short-picked or rejected in part ships the rest and must not be
 * given those units twice.
 */
static const char SQL_LINE_RESERVED[] =
    "SELECT (SELECT coalesce(sum(quantity), 0) FROM reservations "
    "WHERE order_id = ?1 AND line_no = ?2 AND sku = ?3 "
    "AND status = 'active' AND receipt_id IS NULL) + "
    /* Two sums, so that each reads its own partial index. */
    "(SELECT coalesce(sum(quantity), 0) FROM reservations "
    "WHERE order_id = ?1 AND line_no = ?2 AND sku = ?3 "
    "AND status = 'consumed' AND receipt_id IS NULL)";
static const char SQL_LINE_PROMISED[] =
    "SELECT coalesce(sum(r.quantity), 0), max(e.expected_at) "
    "FROM reservations r JOIN expected_receipts e USING (receipt_id) "
    "WHERE r.order_id = ?1 AND r.line_no = ?2 AND r.status = 'active'";
static const char SQL_RECEIPTS_FREE[] =
    "SELECT receipt_id, location, quantity - received - promised, "
    "expected_at FROM expected_receipts WHERE sku = ?1 "
    "AND quantity - received - promised > 0 "
    "ORDER BY expected_at, receipt_id";
static const char SQL_PROMISE[] =
    "INSERT INTO reservations (order_id, line_no, sku, receipt_id, "
    "quantity, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'active', "
    "?6)";
static const char SQL_PROMISED_ADD[] =
    "UPDATE expected_receipts SET promised = promised + ?2 "
    "WHERE receipt_id = ?1";
static const char SQL_RELEASE_PROMISES[] =
    "SELECT receipt_id, sum(quantity) FROM reservations WHERE order_id = ?1 "
    "AND (?2 = 0 OR line_no = ?2) AND status = 'active' "
    "AND receipt_id IS NOT NULL GROUP BY receipt_id";
static const char SQL_RELEASE_LINE_PROMISES[] =
    "UPDATE reservations SET status = 'released', ended_at = ?3 "
    "WHERE order_id = ?1 AND line_no = ?2 AND status = 'active' "
    "AND receipt_id IS NOT NULL";
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
static const char SQL_DATA_VERSION[] = "PRAGMA data_version";
static const char SQL_LINES_REOPEN[] =
    "UPDATE order_lines SET status = 'open' WHERE order_id = ?1 "
    "AND (status = 'allocated' OR status = 'backordered' "
    "OR status = 'routed')";
static const char SQL_RELEASE_SUMS[] =
    "SELECT sku, location, sum(quantity) FROM reservations "
    "WHERE order_id = ?1 AND (?2 = 0 OR line_no = ?2) "
    "AND status = 'active' AND receipt_id IS NULL GROUP BY sku, location";
static const char SQL_LOCATION_RESERVED_ADD[] =
    "UPDATE stock SET reserved = reserved + ?3 WHERE sku = ?1 "
    "AND location = ?2";
static const char SQL_GROUPS_CANCEL[] =
    "UPDATE shipment_groups SET status = 'cancelled', closed_at = ?2, "
    "closed_reason = ?3 WHERE order_id = ?1 "
    "AND (status = 'open' OR status = 'released' OR status = 'picked' "
    "OR status = 'packed')";
static const char SQL_RELEASE[] =
    "UPDATE reservations SET status = 'released', ended_at = ?3 "
    "WHERE order_id = ?1 AND (?2 = 0 OR line_no = ?2) "
    "AND status = 'active'";
static const char SQL_EXPIRED[] =
    "SELECT DISTINCT r.order_id FROM reservations r "
    "JOIN order_state s USING (order_id) WHERE r.status = 'active' "
    "AND s.status = 'on_hold' AND r.created_at < ?1 "
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

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	ledger_bind_text(s, 3, sku);
	*reserved = 0;
	return ledger_run(l, s, reserved, "read reservations");
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
ledger_line_promised(struct ledger *l, long long order_id, int line_no,
    long long *promised, char date[21])
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LINE_PROMISED);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	*promised = 0;
	date[0] = '\0';
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *d = sqlite3_column_text(s, 1);

		*promised = sqlite3_column_int64(s, 0);
		if (d)
			snprintf(date, 21, "%s", (const char *)d);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return ledger_fail(l, "read promises"), -1;
	return 0;
}

int
ledger_receipts_free(struct ledger *l, const char *sku,
    int (*fn)(void *arg, long long receipt_id, const char *location,
    long long free, const char *expected_at), void *arg)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_RECEIPTS_FREE);
	int rc, stop = 0;

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(arg, sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    sqlite3_column_int64(s, 2),
		    (const char *)sqlite3_column_text(s, 3));
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ledger_fail(l, "read expected receipts"), -1;
	return 0;
}

int
ledger_promise(struct ledger *l, long long order_id, int line_no,
    const char *sku, long long receipt_id, long long quantity)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_PROMISE);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	ledger_bind_text(s, 3, sku);
	sqlite3_bind_int64(s, 4, receipt_id);
	sqlite3_bind_int64(s, 5, quantity);
	ledger_bind_text(s, 6, l->now);
	if (ledger_run(l, s, NULL, "promise stock to come") < 0 ||
	    (s = ledger_sql(l, SQL_PROMISED_ADD)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, receipt_id);
	sqlite3_bind_int64(s, 2, quantity);
	return ledger_run(l, s, NULL, "promise stock to come");
}

int
ledger_release_promises(struct ledger *l, long long order_id, int line_no)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_RELEASE_PROMISES);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_stmt *u = ledger_sql(l, SQL_PROMISED_ADD);

		if (u == NULL) {
			sqlite3_reset(s);
			return -1;
		}
		sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
		sqlite3_bind_int64(u, 2, -sqlite3_column_int64(s, 1));
		if (ledger_run(l, u, NULL, "give a promise back") < 0) {
			sqlite3_reset(s);
			return -1;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read promises"), -1;
	if ((s = ledger_sql(l, SQL_RELEASE_LINE_PROMISES)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	ledger_bind_text(s, 3, l->now);
	return ledger_run(l, s, NULL, "release promises");
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
ledger_lines_reopen(struct ledger *l, long long order_id)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LINES_REOPEN);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	return ledger_run(l, s, NULL, "reopen lines");
}

long long
ledger_data_version(struct ledger *l)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_DATA_VERSION);
	long long v = -1;

	if (s == NULL)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return v;
}

int
ledger_location_reserved_add(struct ledger *l, const char *sku,
    const char *location, long long delta)
{
	sqlite3_stmt *s = ledger_sql(l, SQL_LOCATION_RESERVED_ADD);

	if (s == NULL)
		return -1;
	ledger_bind_text(s, 1, sku);
	ledger_bind_text(s, 2, location);
	sqlite3_bind_int64(s, 3, delta);
	return ledger_run(l, s, NULL, "count what a location has reserved");
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
		const char *sku = (const char *)sqlite3_column_text(s, 0);
		const char *at = (const char *)sqlite3_column_text(s, 1);
		long long q = sqlite3_column_int64(s, 2);

		if (ledger_reserved_add(l, sku, -q) < 0 || (at &&
		    ledger_location_reserved_add(l, sku, at, -q) < 0)) {
			sqlite3_reset(s);
			return -1;
		}
		*released += q;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read reservations"), -1;
	/* Promises on expected receipts go back to their receipts. */
	if ((s = ledger_sql(l, SQL_RELEASE_PROMISES)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, order_id);
	sqlite3_bind_int(s, 2, line_no);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_stmt *u = ledger_sql(l, SQL_PROMISED_ADD);
		long long q = sqlite3_column_int64(s, 1);

		if (u == NULL) {
			sqlite3_reset(s);
			return -1;
		}
		sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
		sqlite3_bind_int64(u, 2, -q);
		if (ledger_run(l, u, NULL, "give a promise back") < 0) {
			sqlite3_reset(s);
			return -1;
		}
		*released += q;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, "read promises"), -1;
	if (line_no == 0) {
		/* Nothing left to ship from where it was routed. */
		if ((s = ledger_sql(l, SQL_GROUPS_CANCEL)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, order_id);
		ledger_bind_text(s, 2, l->now);
		ledger_bind_text(s, 3, why);
		if (ledger_run(l, s, NULL, "cancel shipment groups") < 0)
			return -1;
	}
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

/* Rows per multi-row statement. */
#define CHUNK LEDGER_CHUNK

struct queued_reserve {
	long long order_id;
	int line_no;
	char *sku;
	long long quantity;
};

struct queued_status {
	long long order_id;
	const char *status;	/* a static name from lifecycle.c */
};

struct queued_line {
	long long order_id;
	int line_no;
	const char *status;
};

struct queued_event {
	long long order_id;
	const char *kind;
	char *detail;
};

struct alloc_writes {
	struct queued_reserve *res;
	int nres, capres;
	struct queued_status *lines;	/* every waiting line of the order */
	int nlines, caplines;
	struct queued_status *st;
	int nst, capst;
	struct queued_line *ls;
	int nls, capls;
	struct queued_event *ev;
	int nev, capev;
	struct arena strings;	/* SKUs and event texts, until the flush */
};

struct alloc_writes *
ledger_alloc_writes(void)
{
	return xcalloc(1, sizeof(struct alloc_writes));
}

static void
clear_writes(struct alloc_writes *w)
{
	w->nres = w->nlines = w->nst = w->nev = w->nls = 0;
	arena_reset(&w->strings);
}

void
ledger_alloc_writes_free(struct alloc_writes *w)
{
	if (w == NULL)
		return;
	clear_writes(w);
	free(w->res);
	free(w->lines);
	free(w->st);
	free(w->ls);
	free(w->ev);
	arena_free(&w->strings);
	free(w);
}

#define GROW(v, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 256;			\
		(v) = xrealloc((v), (size_t)(cap) * sizeof *(v));	\
	}								\
} while (0)

void
ledger_queue_reserve(struct alloc_writes *w, long long order_id, int line_no,
    const char *sku, long long quantity)
{
	GROW(w->res, w->nres, w->capres);
	w->res[w->nres].order_id = order_id;
	w->res[w->nres].line_no = line_no;
	w->res[w->nres].sku = arena_strdup(&w->strings, sku);
	w->res[w->nres++].quantity = quantity;
}

void
ledger_queue_lines(struct alloc_writes *w, long long order_id,
    const char *status)
{
	GROW(w->lines, w->nlines, w->caplines);
	w->lines[w->nlines].order_id = order_id;
	w->lines[w->nlines++].status = status;
}

void
ledger_queue_order_status(struct alloc_writes *w, long long order_id,
    const char *status)
{
	GROW(w->st, w->nst, w->capst);
	w->st[w->nst].order_id = order_id;
	w->st[w->nst++].status = status;
}

void
ledger_queue_line_status(struct alloc_writes *w, long long order_id,
    int line_no, const char *status)
{
	GROW(w->ls, w->nls, w->capls);
	w->ls[w->nls].order_id = order_id;
	w->ls[w->nls].line_no = line_no;
	w->ls[w->nls++].status = status;
}

void
ledger_queue_event(struct alloc_writes *w, long long order_id,
    const char *kind, const char *detail)
{
	GROW(w->ev, w->nev, w->capev);
	w->ev[w->nev].order_id = order_id;
	w->ev[w->nev].kind = kind;
	w->ev[w->nev++].detail = arena_strdup(&w->strings, detail);
}

/*
 * "head (row),(row),..." for n rows, built once per kind and size and
 * kept, so that ledger_sql caches the statement by its address.
 */
static const char *
multi(char **cache, int n, const char *head, const char *row,
    const char *tail)
{
	struct buf b;
	int i;

	if (cache[n])
		return cache[n];
	buf_init(&b);
	buf_adds(&b, head);
	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, ',');
		buf_adds(&b, row);
	}
	buf_adds(&b, tail);
	cache[n] = b.data;
	return cache[n];
}


/*
 * The statement for q: a full chunk's is kept prepared; a shorter
 * remainder's is prepared for this once (finish() finalizes it), so
 * that the cache holds one statement per kind, not one per size.
 */
static sqlite3_stmt *
chunk_stmt(struct ledger *l, const char *q, int n)
{
	sqlite3_stmt *s;

	if (n == CHUNK)
		return ledger_sql(l, q);
	if (sqlite3_prepare_v2(l->db, q, -1, &s, NULL) != SQLITE_OK) {
		ledger_fail(l, "prepare");
		return NULL;
	}
	return s;
}

static int
finish(struct ledger *l, sqlite3_stmt *s, int n, const char *what)
{
	int rc = ledger_run(l, s, NULL, what);

	if (n != CHUNK)
		sqlite3_finalize(s);
	return rc;
}

static int
flush_reserves(struct ledger *l, struct alloc_writes *w)
{
	int i, k, n;

	for (i = 0; i < w->nres; i += n) {
		sqlite3_stmt *s;

		n = w->nres - i < CHUNK ? w->nres - i : CHUNK;
		s = chunk_stmt(l, multi(l->chunk_sql[CHUNK_RESERVE], n,
		    "INSERT INTO reservations (order_id, line_no, sku, "
		    "quantity, status, created_at) VALUES ",
		    "(?, ?, ?, ?, 'active', ?)", ""), n);
		if (s == NULL)
			return -1;
		for (k = 0; k < n; k++) {
			const struct queued_reserve *r = &w->res[i + k];

			sqlite3_bind_int64(s, 5 * k + 1, r->order_id);
			sqlite3_bind_int(s, 5 * k + 2, r->line_no);
			ledger_bind_text(s, 5 * k + 3, r->sku);
			sqlite3_bind_int64(s, 5 * k + 4, r->quantity);
			ledger_bind_text(s, 5 * k + 5, l->now);
		}
		if (finish(l, s, n, "reserve stock") < 0)
			return -1;
	}
	return 0;
}

/*
 * Rows that take one of a few statuses (allocated, backordered): for
 * each status, "head" with an IN list of their order ids, CHUNK at a
 * time.  The status is parameter 1; with_time binds the time as 2.
 */
static int
flush_by_status(struct ledger *l, const struct queued_status *v, int nv,
    char **cache, const char *head, int with_time, const char *what)
{
	int i, k, n, first, *done_at = xcalloc((size_t)nv + 1, sizeof *done_at);
	int fixed = with_time ? 2 : 1, done = 0;
	long long ids[CHUNK];

	for (first = 0; first < nv; first++) {
		const char *status = v[first].status;

		if (done_at[first])
			continue;
		for (i = first; ; ) {
			sqlite3_stmt *s;

			for (n = 0; i < nv && n < CHUNK; i++)
				if (!done_at[i] && v[i].status == status) {
					done_at[i] = 1;
					ids[n++] = v[i].order_id;
				}
			if (n == 0)
				break;
			s = chunk_stmt(l, multi(cache, n, head, "?", ")"), n);
			if (s == NULL)
				goto out;
			ledger_bind_text(s, 1, status);
			if (with_time)
				ledger_bind_text(s, 2, l->now);
			for (k = 0; k < n; k++)
				sqlite3_bind_int64(s, fixed + k + 1, ids[k]);
			if (finish(l, s, n, what) < 0)
				goto out;
		}
	}
	done = 1;
out:
	free(done_at);
	return done ? 0 : -1;
}

static int
flush_lines(struct ledger *l, struct alloc_writes *w)
{
	return flush_by_status(l, w->lines, w->nlines,
	    l->chunk_sql[CHUNK_LINES],
	    "UPDATE order_lines SET status = ?1 WHERE (status = 'open' OR "
	    "status = 'backordered') AND order_id IN (", 0,
	    "update lines' status");
}

static int
flush_statuses(struct ledger *l, struct alloc_writes *w)
{
	return flush_by_status(l, w->st, w->nst, l->chunk_sql[CHUNK_STATUS],
	    "UPDATE order_state SET status = ?1, updated_at = ?2 "
	    "WHERE order_id IN (", 1, "update orders' status");
}

/*
 * Lines of orders only partly covered, one statement each: a row-value
 * IN list here made SQLite scan every line of every order.
 */
static int
flush_line_statuses(struct ledger *l, struct alloc_writes *w)
{
	int i;

	for (i = 0; i < w->nls; i++)
		if (ledger_line_status(l, w->ls[i].order_id, w->ls[i].line_no,
		    w->ls[i].status) < 0)
			return -1;
	return 0;
}

static int
flush_events(struct ledger *l, struct alloc_writes *w)
{
	int i, k, n;

	for (i = 0; i < w->nev; i += n) {
		sqlite3_stmt *s;

		n = w->nev - i < CHUNK ? w->nev - i : CHUNK;
		s = chunk_stmt(l, multi(l->chunk_sql[CHUNK_EVENT], n,
		    "INSERT INTO events (order_id, at, tool, kind, detail) "
		    "VALUES ", "(?, ?, ?, ?, ?)", ""), n);
		if (s == NULL)
			return -1;
		for (k = 0; k < n; k++) {
			const struct queued_event *e = &w->ev[i + k];

			sqlite3_bind_int64(s, 5 * k + 1, e->order_id);
			ledger_bind_text(s, 5 * k + 2, l->now);
			ledger_bind_text(s, 5 * k + 3, l->tool);
			ledger_bind_text(s, 5 * k + 4, e->kind);
			ledger_bind_text(s, 5 * k + 5, e->detail);
		}
		if (finish(l, s, n, "record events") < 0)
			return -1;
	}
	return 0;
}

int
ledger_alloc_flush(struct ledger *l, struct alloc_writes *w)
{
	int rc = flush_reserves(l, w) < 0 || flush_lines(l, w) < 0 ||
	    flush_line_statuses(l, w) < 0 || flush_statuses(l, w) < 0 ||
	    flush_events(l, w) < 0 ? -1 : 0;

	clear_writes(w);
	return rc;
}
