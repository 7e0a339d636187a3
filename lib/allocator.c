/*
 * Allocation.  Each batch of orders is one transaction, taken with
 * BEGIN IMMEDIATE: no other writer changes stock or reservations while
 * it runs, so what it reads of them stays true until it commits, and
 * two allocators can never both promise the same unit.  Within a batch
 * each SKU's stock is read once into a small table and kept up to date
 * as orders reserve it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "allocator.h"
#include "atp.h"
#include "lifecycle.h"

/* A SKU's stock as this batch sees it. */
struct sku_state {
	char *sku;
	unsigned long hash;
	struct loc_qty *locs;
	int nlocs;
	struct atp_loc *atp;	/* per location, looked up once */
	char buffer_channel[64];	/* the channel buffer last asked for */
	long long buffer;
	long long reserved;	/* in the ledger at the batch's start */
	long long delta;	/* reserved by this batch so far */
};

/* Open addressing over pointers: a SKU's state never moves. */
struct sku_table {
	struct sku_state **v;
	size_t cap, n;
};

/* One line of the order being allocated, and what it gets. */
struct line_plan {
	int line_no;
	char *sku;
	long long quantity;
	long long reserved;	/* units of the line covered, before and now */
	int was_open;		/* no reservations yet: none to look up */
	char promised[21];	/* latest date of its promises, or "" */
	struct arena *strings;	/* where its SKUs are kept */
	struct part {
		char *sku;
		struct sku_state *st;	/* looked up once per order */
		long long need;		/* for the whole line */
		long long have;		/* reserved before this run */
		long long add;		/* to reserve now */
	} *parts;
	int nparts, capparts;
};

struct allocation {
	struct ledger *l;
	const struct config *cfg;
	const struct alloc_options *opt;
	struct rec_writer w;
	struct sku_table skus;
	struct line_plan *lines;
	int nlines, caplines;
	struct arena line_strings;	/* the order's SKUs, until the next */
	int failed;
	long long orders, allocated, backordered, units;	/* units: new */
	/* the batch being read */
	struct alloc_order *batch;
	int nbatch, capbatch;
	struct arena batch_strings;	/* the batch's texts, until the next */
	long long data_version;	/* as of this process's last commit */
	struct alloc_writes *writes;	/* the batch's, not yet written */
	FILE *out;		/* where records go once their batch commits */
	FILE *spool;		/* the batch's records until then */
};

static const struct rec_field alloc_fields[] = {
	{ "order", 1 }, { "line", 1 }, { "sku", 0 }, { "quantity", 1 },
	{ "reserved", 1 }, { "backordered", 1 }, { "promised", 0 },
	{ "status", 0 },
};

static unsigned long
hash(const char *s)
{
	return (unsigned long)fnv1a(FNV1A_INIT, s, strlen(s));
}

static void
sku_table_clear(struct sku_table *t)
{
	size_t i;
	int k;

	for (i = 0; i < t->cap; i++) {
		struct sku_state *st = t->v[i];

		if (st == NULL)
			continue;
		for (k = 0; k < st->nlocs; k++)
			free((char *)st->locs[k].location);
		free(st->locs);
		free(st->atp);
		free(st->sku);
		free(st);
	}
	free(t->v);
	memset(t, 0, sizeof *t);
}

static void
add_location(void *arg, const char *location, long long on_hand)
{
	struct sku_state *s = arg;

	s->locs = xrealloc(s->locs, (size_t)(s->nlocs + 1) * sizeof *s->locs);
	s->locs[s->nlocs].location = xstrdup(location);
	s->locs[s->nlocs++].on_hand = on_hand;
}

static struct sku_state *
sku_get(struct allocation *a, const char *sku)
{
	struct sku_table *t = &a->skus;
	unsigned long h = hash(sku);
	struct sku_state *st;
	size_t i;
	int k;

	if (t->n * 2 >= t->cap) {
		struct sku_table bigger;

		bigger.cap = t->cap ? t->cap * 2 : 256;
		bigger.n = t->n;
		bigger.v = xcalloc(bigger.cap, sizeof *bigger.v);
		for (i = 0; i < t->cap; i++) {
			size_t j;

			if (t->v[i] == NULL)
				continue;
			j = t->v[i]->hash & (bigger.cap - 1);
			while (bigger.v[j])
				j = (j + 1) & (bigger.cap - 1);
			bigger.v[j] = t->v[i];
		}
		free(t->v);
		*t = bigger;
	}
	for (i = h & (t->cap - 1); t->v[i]; i = (i + 1) & (t->cap - 1))
		if (t->v[i]->hash == h && strcmp(t->v[i]->sku, sku) == 0)
			return t->v[i];
	st = t->v[i] = xcalloc(1, sizeof *st);
	st->sku = xstrdup(sku);
	st->hash = h;
	t->n++;
	if (ledger_sku_locations(a->l, sku, add_location, st) < 0 ||
	    ledger_sku_reserved(a->l, sku, &st->reserved) < 0) {
		a->failed = 1;
		/* Nothing to add up; the batch ends. */
		for (k = 0; k < st->nlocs; k++)
			free((char *)st->locs[k].location);
		st->nlocs = 0;
		return st;
	}
	st->atp = xcalloc((size_t)st->nlocs + 1, sizeof *st->atp);
	for (k = 0; k < st->nlocs; k++) {
		st->atp[k].loc = config_location(a->cfg, st->locs[k].location);
		st->atp[k].on_hand = st->locs[k].on_hand;
		st->atp[k].safety = config_safety(a->cfg, sku,
		    st->locs[k].location);
	}
	return st;
}

/* atp(), with the lookups made when the SKU was loaded. */
static long long
available(struct allocation *a, struct sku_state *s, const char *channel)
{
	if (channel && strcmp(s->buffer_channel, channel) != 0) {
		s->buffer = config_buffer(a->cfg, s->sku, channel);
		if (strlen(channel) < sizeof s->buffer_channel)
			strcpy(s->buffer_channel, channel);
	}
	return atp_sum(s->atp, s->nlocs, channel, s->reserved + s->delta,
	    s->buffer);
}

/*
 * Write the batch's reservations into the SKUs' totals.  The table is
 * kept for the next batch, which checks first that no other process
 * has committed in between.
 */
static int
flush_skus(struct allocation *a)
{
	size_t i;

	for (i = 0; i < a->skus.cap; i++) {
		struct sku_state *s = a->skus.v[i];

		if (s && s->delta) {
			if (ledger_reserved_add(a->l, s->sku, s->delta) < 0)
				return -1;
			s->reserved += s->delta;
			s->delta = 0;
		}
	}
	return 0;
}

static void
add_part(void *arg, const char *sku, long long qty)
{
	struct line_plan *lp = arg;

	if (lp->nparts == lp->capparts) {
		lp->capparts = lp->capparts ? lp->capparts * 2 : 4;
		lp->parts = xrealloc(lp->parts, (size_t)lp->capparts *
		    sizeof *lp->parts);
	}
	memset(&lp->parts[lp->nparts], 0, sizeof lp->parts[0]);
	lp->parts[lp->nparts].sku = arena_strdup(lp->strings, sku);
	lp->parts[lp->nparts++].need = qty;
}

static void
take_line(void *arg, const struct alloc_line *line)
{
	struct allocation *a = arg;
	struct line_plan *lp;

	if (a->nlines == a->caplines) {
		a->caplines = a->caplines ? a->caplines * 2 : 8;
		a->lines = xrealloc(a->lines, (size_t)a->caplines *
		    sizeof *a->lines);
		memset(a->lines + a->nlines, 0, (size_t)(a->caplines -
		    a->nlines) * sizeof *a->lines);
	}
	lp = &a->lines[a->nlines++];
	/* The part array stays from an earlier order: one malloc, not many. */
	{
		struct part *parts = lp->parts;
		int cap = lp->capparts;

		memset(lp, 0, sizeof *lp);
		lp->parts = parts;
		lp->capparts = cap;
	}
	lp->line_no = line->line_no;
	lp->strings = &a->line_strings;
	lp->sku = arena_strdup(&a->line_strings, line->sku);
	lp->quantity = line->quantity;
	lp->was_open = strcmp(line->status, "open") == 0;
	config_explode(a->cfg, line->sku, line->quantity, add_part, lp);
}

static void
free_lines(struct allocation *a)
{
	int i;

	for (i = 0; i < a->nlines; i++)
		a->lines[i].nparts = 0;
	a->nlines = 0;
	arena_reset(&a->line_strings);
}

/*
 * Plan a line: take what is available of each part, up to what the
 * line still needs; a bundle counts only whole units (every part of a
 * unit reserved), so its parts are taken in step.
 */
static void
plan_line(struct allocation *a, struct line_plan *lp, const char *channel)
{
	long long units = lp->quantity;
	int k;

	for (k = 0; k < lp->nparts; k++) {
		struct part *p = &lp->parts[k];
		long long per = p->need / lp->quantity, can;

		p->st = sku_get(a, p->sku);
		can = available(a, p->st, channel);
		if (can > p->need - p->have)
			can = p->need - p->have;
		if (per > 0 && (p->have + can) / per < units)
			units = (p->have + can) / per;
	}
	for (k = 0; k < lp->nparts; k++) {
		struct part *p = &lp->parts[k];
		long long per = p->need / lp->quantity;

		p->add = units * per - p->have;
		if (p->add < 0)
			p->add = 0;
		p->st->delta += p->add;
	}
	lp->reserved = units;
}

static void
undo_plan(struct allocation *a)
{
	int i, k;

	for (i = 0; i < a->nlines; i++) {
		struct line_plan *lp = &a->lines[i];

		for (k = 0; k < lp->nparts; k++) {
			lp->parts[k].st->delta -= lp->parts[k].add;
			lp->parts[k].add = 0;
		}
		lp->reserved = 0;
		for (k = 0; k < lp->nparts; k++) {
			long long per = lp->parts[k].need / lp->quantity;
			long long u = per ? lp->parts[k].have / per : 0;

			if (k == 0 || u < lp->reserved)
				lp->reserved = u;
		}
	}
}

struct promise_ctx {
	struct allocation *a;
	const struct alloc_order *o;
	struct line_plan *lp;
	long long need;
	int failed;
};

static int
promise_from(void *arg, long long receipt_id, const char *location,
    long long free, const char *expected_at)
{
	struct promise_ctx *p = arg;
	const struct location *loc;
	long long q;

	if (location) {
		loc = config_location(p->a->cfg, location);
		if (loc == NULL || !location_serves(loc, p->o->channel))
			return 0;
	}
	q = free < p->need ? free : p->need;
	if (ledger_promise(p->a->l, p->o->order_id, p->lp->line_no,
	    p->lp->sku, receipt_id, q) < 0) {
		p->failed = 1;
		return 1;
	}
	p->need -= q;
	(void)expected_at;
	return p->need == 0;
}

/*
 * With allocation.preorder, what a line still lacks is promised from
 * expected receipts, earliest first; promises it no longer needs go
 * back.  A bundle's parts are not promised: it waits for stock.
 */
static int
promise_line(struct allocation *a, const struct alloc_order *o,
    struct line_plan *lp)
{
	struct promise_ctx p = { a, o, lp, 0, 0 };
	long long promised;

	lp->promised[0] = '\0';
	if (!a->cfg->allow_preorder)
		return 0;
	if (ledger_line_promised(a->l, o->order_id, lp->line_no, &promised,
	    lp->promised) < 0)
		return -1;
	p.need = lp->quantity - lp->reserved;
	if (promised > p.need) {
		/* Covered, or covered by more stock now: start again. */
		if (ledger_release_promises(a->l, o->order_id, lp->line_no) < 0)
			return -1;
		promised = 0;
		lp->promised[0] = '\0';
	}
	/*
	 * Promises kept stay as they are, so that a run with nothing new
	 * changes nothing; only what they do not cover is promised.
	 */
	p.need -= promised;
	if (p.need > 0 && lp->nparts == 1 &&
	    strcmp(lp->parts[0].sku, lp->sku) == 0) {
		if (ledger_receipts_free(a->l, lp->sku, promise_from, &p) < 0 ||
		    p.failed)
			return -1;
		if (ledger_line_promised(a->l, o->order_id, lp->line_no,
		    &promised, lp->promised) < 0)
			return -1;
	}
	return 0;
}

static void
write_line(struct allocation *a, long long order_id,
    const struct line_plan *lp, const char *status)
{
	char o[24], n[24], q[24], r[24], b[24];
	const char *v[8];

	v[0] = fmt_int(order_id, o);
	v[1] = fmt_int(lp->line_no, n);
	v[2] = lp->sku;
	v[3] = fmt_int(lp->quantity, q);
	v[4] = fmt_int(lp->reserved, r);
	v[5] = fmt_int(lp->quantity - lp->reserved, b);
	v[6] = lp->promised[0] ? lp->promised : NULL;
	v[7] = status;
	rec_write(&a->w, v);
}

static int
allocate_order(struct allocation *a, const struct alloc_order *o)
{
	int i, k, full = 1, none = 1, next;
	int cur = order_status_parse(o->status);
	long long added = 0, short_lines = 0;
	char detail[256];

	free_lines(a);
	if (ledger_alloc_lines(a->l, o->order_id, take_line, a) < 0)
		return -1;
	if (a->nlines == 0)
		return 0;
	a->orders++;
	for (i = 0; i < a->nlines && !a->failed; i++) {
		struct line_plan *lp = &a->lines[i];

		for (k = 0; k < lp->nparts && !lp->was_open; k++)
			if (ledger_line_reserved(a->l, o->order_id,
			    lp->line_no, lp->parts[k].sku,
			    &lp->parts[k].have) < 0)
				return -1;
		plan_line(a, lp, o->channel);
		full &= lp->reserved == lp->quantity;
	}
	if (a->failed)
		return -1;
	if (!full && !a->cfg->allow_partial)
		undo_plan(a);	/* all or nothing: keep what it had */
	full = 1;
	for (i = 0; i < a->nlines; i++) {
		full &= a->lines[i].reserved == a->lines[i].quantity;
		none &= a->lines[i].reserved < a->lines[i].quantity;
	}
	/*
	 * The usual cases, every line covered or none, go with the batch's
	 * other orders in one statement.
	 */
	if (full || none)
		ledger_queue_lines(a->writes, o->order_id, full ? "allocated" :
		    "backordered");
	for (i = 0; i < a->nlines; i++) {
		struct line_plan *lp = &a->lines[i];
		int covered = lp->reserved == lp->quantity;

		for (k = 0; k < lp->nparts; k++) {
			struct part *p = &lp->parts[k];

			if (p->add > 0)
				ledger_queue_reserve(a->writes, o->order_id,
				    lp->line_no, p->sku, p->add);
			added += p->add;
		}
		if (!full && !none)
			ledger_queue_line_status(a->writes, o->order_id,
			    lp->line_no, covered ? "allocated" :
			    "backordered");
		if (promise_line(a, o, lp) < 0)
			return -1;
		short_lines += !covered;
		write_line(a, o->order_id, lp, covered ? "allocated" :
		    "backordered");
	}
	next = short_lines ? OS_BACKORDERED : OS_ALLOCATED;
	if (next != cur && order_can_move(cur, next))
		ledger_queue_order_status(a->writes, o->order_id,
		    order_status_name(next));
	if (short_lines)
		a->backordered++;
	else
		a->allocated++;
	a->units += added;
	if (added == 0 && next == cur)
		return 0;	/* nothing changed: no event */
	snprintf(detail, sizeof detail, "%lld unit%s reserved; %d line%s "
	    "allocated, %lld backordered", added, added == 1 ? "" : "s",
	    a->nlines - (int)short_lines, a->nlines - short_lines == 1 ?
	    "" : "s", short_lines);
	ledger_queue_event(a->writes, o->order_id, "allocated", detail);
	return 0;
}

static struct alloc_order *
batch_slot(struct allocation *a)
{
	if (a->nbatch == a->capbatch) {
		a->capbatch = a->capbatch ? a->capbatch * 2 : 256;
		a->batch = xrealloc(a->batch, (size_t)a->capbatch *
		    sizeof *a->batch);
	}
	memset(&a->batch[a->nbatch], 0, sizeof a->batch[0]);
	return &a->batch[a->nbatch++];
}

static void
keep_order(void *arg, const struct alloc_order *o)
{
	struct allocation *a = arg;
	struct alloc_order *k;

	k = batch_slot(a);
	k->order_id = o->order_id;
	k->placed_at = arena_strdup(&a->batch_strings, o->placed_at ?
	    o->placed_at : "");
	k->channel = arena_strdup(&a->batch_strings, o->channel ? o->channel :
	    "");
	k->ship_method = o->ship_method ? arena_strdup(&a->batch_strings,
	    o->ship_method) : NULL;
	k->status = arena_strdup(&a->batch_strings, o->status);
}

static void
free_batch(struct allocation *a)
{
	a->nbatch = 0;
	arena_reset(&a->batch_strings);
}

/*
 * Records of a batch go out only once it has committed: then they are
 * true.  keep 0 drops them (the batch was rolled back).
 */
static void
spool_out(struct allocation *a, int keep)
{
	if (keep) {
		copy_stream(a->spool, a->out);
		fflush(a->out);
	}
	rewind(a->spool);
	if (ftruncate(fileno(a->spool), 0) != 0)
		a->failed = 1;
}

/*
 * Begin a batch: the locations table follows oms.yaml inside the same
 * transaction, so a run that ends in an error leaves no trace.
 */
static int
begin_batch(struct allocation *a)
{
	int status = ledger_begin(a->l);

	if (status == 0 && ledger_sync_locations(a->l, a->cfg) < 0) {
		ledger_rollback(a->l);
		status = EXIT_LEDGER;
	}
	/* Another writer committed since ours: what we read may be stale. */
	if (status == 0 && ledger_data_version(a->l) != a->data_version)
		sku_table_clear(&a->skus);
	return status;
}

static int
end_batch(struct allocation *a, int status)
{
	long long version;

	/*
	 * The version is read before the commit: our own commit does not
	 * change it, but another writer's right after would, and reading it
	 * then would hide that commit from the next batch's check, keeping
	 * stock figures that a short pick or a count has since lowered.
	 */
	if (status == 0 && !a->failed &&
	    ledger_alloc_flush(a->l, a->writes) == 0 && flush_skus(a) == 0 &&
	    (version = ledger_data_version(a->l)) >= 0 &&
	    (status = ledger_commit(a->l)) == 0) {
		a->data_version = version;
		spool_out(a, 1);
		return 0;
	}
	spool_out(a, 0);
	sku_table_clear(&a->skus);
	ledger_alloc_writes_free(a->writes);
	a->writes = ledger_alloc_writes();
	ledger_rollback(a->l);
	return status ? status : EXIT_LEDGER;
}

/* The priorities in use, highest first, each once. */
static int
priority_levels(const struct config *cfg, int *levels)
{
	int n = 0, i, k, t;

	levels[n++] = 0;
	for (i = 0; i < cfg->npriorities; i++) {
		for (k = 0; k < n; k++)
			if (levels[k] == cfg->priorities[i].priority)
				break;
		if (k == n)
			levels[n++] = cfg->priorities[i].priority;
	}
	for (i = 0; i < n; i++)
		for (k = i + 1; k < n; k++)
			if (levels[k] > levels[i]) {
				t = levels[i];
				levels[i] = levels[k];
				levels[k] = t;
			}
	return n;
}

static int
allocate_waiting(struct allocation *a)
{
	int *levels = xcalloc((size_t)a->cfg->npriorities + 1, sizeof *levels);
	int nlevels = priority_levels(a->cfg, levels), li, i, status = 0;

	for (li = 0; li < nlevels && status == 0; li++) {
		char after[21] = "";
		long long after_id = 0;
		int got;

		do {
			if ((status = begin_batch(a)) != 0)
				break;
			free_batch(a);
			got = ledger_alloc_candidates(a->l, after, after_id,
			    a->opt->batch, a->opt->backorders, keep_order, a);
			if (got < 0) {
				status = end_batch(a, EXIT_LEDGER);
				break;
			}
			for (i = 0; i < a->nbatch && status == 0; i++) {
				const struct alloc_order *o = &a->batch[i];

				if (config_priority(a->cfg, o->channel,
				    o->ship_method) == levels[li] &&
				    allocate_order(a, o) < 0)
					status = EXIT_LEDGER;
			}
			if (a->nbatch) {
				snprintf(after, sizeof after, "%s",
				    a->batch[a->nbatch - 1].placed_at);
				after_id = a->batch[a->nbatch - 1].order_id;
			}
			if ((status = end_batch(a, status)) != 0)
				break;
		} while (got == a->opt->batch);
	}
	free(levels);
	return status;
}

/* Allocation takes imported and backordered orders; holds wait. */
static int
waits_for_stock(const char *status)
{
	return strcmp(status, "imported") == 0 ||
	    strcmp(status, "backordered") == 0;
}

/*
 * Orders named by a record stream, in the order they come.  A batch of
 * keys is read before the write lock is taken: an allocator at the end
 * of a pipe must not hold the ledger while it waits for its input.
 */
static int
allocate_named(struct allocation *a, FILE *in)
{
	struct rec_reader r;
	int col, status = 0, i, nids;
	long long last = 0, *ids = xcalloc((size_t)a->opt->batch, sizeof *ids);

	if (rec_reader_open(&r, in, "stdin") < 0) {
		free(ids);
		return EXIT_INPUT;
	}
	if ((col = rec_require(&r, "order")) < 0) {
		rec_reader_free(&r);
		free(ids);
		return EXIT_INPUT;
	}
	while (status == 0) {
		if ((nids = rec_read_order_keys(&r, col, ids, a->opt->batch,
		    &last)) < 0) {
			status = EXIT_INPUT;
			break;
		}
		if (nids == 0)
			break;
		if ((status = begin_batch(a)) != 0)
			break;
		for (i = 0; i < nids && status == 0; i++) {
			free_batch(a);
			if (ledger_alloc_order(a->l, ids[i], keep_order, a) < 0)
				status = EXIT_LEDGER;
			else if (a->nbatch == 0)
				warnx_("order %lld: not in the ledger", ids[i]);
			else if (waits_for_stock(a->batch[0].status) &&
			    allocate_order(a, &a->batch[0]) < 0)
				status = EXIT_LEDGER;
		}
		status = end_batch(a, status);
	}
	rec_reader_free(&r);
	free(ids);
	return status;
}

static void
expire_one(void *arg, long long order_id)
{
	struct allocation *a = arg;
	struct alloc_order *k = batch_slot(a);

	k->order_id = order_id;
	k->placed_at = "";
	k->channel = "";
	k->status = "on_hold";
}

/* Reservations of orders held past allocation.expire_after go back. */
static int
expire_holds(struct allocation *a)
{
	char before[21], why[64];
	time_t t = time(NULL) - a->cfg->expire_seconds;
	struct tm tm;
	int i, got, status;

	if (a->cfg->expire_seconds <= 0)
		return 0;
	gmtime_r(&t, &tm);
	strftime(before, sizeof before, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(why, sizeof why, "reserved longer than %lds while on hold",
	    a->cfg->expire_seconds);
	do {
		if ((status = begin_batch(a)) != 0)
			return status;
		free_batch(a);
		got = ledger_expired_holds(a->l, before, a->opt->batch,
		    expire_one, a);
		if (got < 0)
			return end_batch(a, EXIT_LEDGER);
		for (i = 0; i < a->nbatch; i++) {
			long long freed;

			if (ledger_release(a->l, a->batch[i].order_id, 0, why,
			    &freed) < 0 || ledger_lines_reopen(a->l,
			    a->batch[i].order_id) < 0)
				return end_batch(a, EXIT_LEDGER);
		}
		/* Released totals were written by ledger_release itself. */
		sku_table_clear(&a->skus);
		if ((status = ledger_commit(a->l)) != 0)
			return status;
	} while (got == a->opt->batch);
	return 0;
}

int
allocate(struct ledger *l, const struct config *cfg,
    const struct alloc_options *opt, FILE *in, FILE *out)
{
	struct allocation a;
	int status, i;

	memset(&a, 0, sizeof a);
	a.data_version = -1;
	a.writes = ledger_alloc_writes();
	a.l = l;
	a.cfg = cfg;
	a.opt = opt;
	if ((a.spool = spool_open()) == NULL) {
		status = EXIT_INTERNAL;
		goto out;
	}
	a.out = out;
	rec_writer_init(&a.w, a.spool, opt->output, alloc_fields, 8);
	a.w.header_written = 1;
	if ((status = expire_holds(&a)) != 0)
		goto out;
	{
		/* The header goes out first, on its own. */
		struct rec_writer h;

		rec_writer_init(&h, out, opt->output, alloc_fields, 8);
		rec_write_header(&h);
		rec_writer_free(&h);
		fflush(out);
	}
	if (opt->pending || opt->backorders)
		status = allocate_waiting(&a);
	else
		status = allocate_named(&a, in);
	if (status == 0 && !opt->quiet)
		fprintf(stderr, "%s: %lld order%s: %lld allocated, %lld "
		    "backordered; %lld unit%s newly reserved\n", progname,
		    a.orders, a.orders == 1 ? "" : "s", a.allocated,
		    a.backordered, a.units, a.units == 1 ? "" : "s");
out:
	free_lines(&a);
	for (i = 0; i < a.caplines; i++)
		free(a.lines[i].parts);
	free(a.lines);
	free_batch(&a);
	free(a.batch);
	arena_free(&a.batch_strings);
	arena_free(&a.line_strings);
	sku_table_clear(&a.skus);
	ledger_alloc_writes_free(a.writes);
	rec_writer_free(&a.w);
	if (a.spool)
		fclose(a.spool);
	return status;
}
