/*
 * oms-order's engine.  The state of each named order is read inside the
 * transaction that changes it, so that a hold, release or cancel never
 * acts on what another writer has already changed, and a run killed
 * half-way leaves every order as it was.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lifecycle.h"
#include "orderops.h"
#include "util.h"

static const struct rec_field action_fields[] = {
	{ "order", 1 }, { "channel", 0 }, { "channel_order", 0 },
	{ "was", 0 }, { "status", 0 }, { "action", 0 },
	{ "hold_reason", 0 }, { "held_by", 0 },
};

static const struct rec_field hold_fields[] = {
	{ "order", 1 }, { "channel", 0 }, { "channel_order", 0 },
	{ "status", 0 }, { "hold_reason", 0 }, { "held_by", 0 },
	{ "since", 0 }, { "placed_at", 0 }, { "total", 1 }, { "currency", 0 },
};

/* An order's state, copied out of the row that read it. */
struct state {
	int found;
	long long order_id;
	int status;
	char *channel, *number, *hold_reason, *held_by;
};

static int
keep_state(void *arg, const struct order_state_row *r)
{
	struct state *st = arg;

	st->found = 1;
	st->order_id = r->order_id;
	st->status = order_status_parse(r->status);
	st->channel = xstrdup(r->channel);
	st->number = xstrdup(r->number);
	st->hold_reason = r->hold_reason ? xstrdup(r->hold_reason) : NULL;
	st->held_by = r->held_by ? xstrdup(r->held_by) : NULL;
	return 0;
}

static void
state_free(struct state *st)
{
	free(st->channel);
	free(st->number);
	free(st->hold_reason);
	free(st->held_by);
	memset(st, 0, sizeof *st);
}

struct run {
	struct ledger *l;
	const struct order_action_options *opt;
	struct rec_writer w;	/* to the spool, copied out after commit */
	FILE *spool;
	int in_tx;
	long long changed, unchanged;
};

static int
same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* One order: 0 done (or nothing to do), else an exit status. */
static int
act(struct run *r, struct state *st)
{
	const struct order_action_options *opt = r->opt;
	struct ledger *l = r->l;
	int from = st->status, to = from;
	char why[512], key[24];
	const char *v[8], *action = "unchanged";
	long long lines[LS_COUNT], freed;

	switch (opt->action) {
	case ACT_HOLD:
		if (from == OS_ON_HOLD && same(st->hold_reason, opt->reason) &&
		    same(st->held_by, opt->by))
			break;
		if (from != OS_ON_HOLD && !order_can_move(from, OS_ON_HOLD)) {
			warnx_("order %lld: cannot be held: it is %s",
			    st->order_id, order_status_name(from));
			return EXIT_CONFLICT;
		}
		to = OS_ON_HOLD;
		if (from == OS_ON_HOLD)
			snprintf(why, sizeof why, "%s (was %s, by %s)",
			    opt->reason, st->hold_reason ? st->hold_reason :
			    "?", st->held_by ? st->held_by : "?");
		else
			snprintf(why, sizeof why, "%s", opt->reason);
		if (ledger_set_state(l, st->order_id, from, to, opt->reason,
		    opt->by, why) < 0)
			return EXIT_LEDGER;
		action = "held";
		break;
	case ACT_RELEASE:
		if (from != OS_ON_HOLD)
			break;
		if (ledger_line_counts(l, st->order_id, lines) < 0)
			return EXIT_LEDGER;
		to = order_status_from_lines(lines);
		snprintf(why, sizeof why, "hold '%s' released by %s",
		    st->hold_reason ? st->hold_reason : "?", opt->by);
		if (ledger_set_state(l, st->order_id, from, to, NULL, NULL,
		    why) < 0)
			return EXIT_LEDGER;
		action = "released";
		break;
	case ACT_CANCEL:
		if (from == OS_CANCELLED)
			break;
		if (!order_can_move(from, OS_CANCELLED)) {
			warnx_("order %lld: cannot be cancelled: it is %s",
			    st->order_id, order_status_name(from));
			return EXIT_CONFLICT;
		}
		to = OS_CANCELLED;
		snprintf(why, sizeof why, "cancelled by %s", opt->by);
		if (ledger_release(l, st->order_id, 0, why, &freed) < 0 ||
		    ledger_lines_cancel(l, st->order_id) < 0 ||
		    ledger_set_state(l, st->order_id, from, to, NULL, NULL,
		    why) < 0)
			return EXIT_LEDGER;
		action = "cancelled";
		break;
	}
	if (strcmp(action, "unchanged") == 0)
		r->unchanged++;
	else {
		r->changed++;
		if (opt->note && *opt->note) {
			snprintf(why, sizeof why, "%s: %s", opt->by, opt->note);
			if (ledger_event(l, st->order_id, 0, "note", why, 0) < 0)
				return EXIT_LEDGER;
		}
	}
	v[0] = fmt_int(st->order_id, key);
	v[1] = st->channel;
	v[2] = st->number;
	v[3] = order_status_name(from);
	v[4] = order_status_name(to);
	v[5] = action;
	v[6] = to == OS_ON_HOLD ? (from == to && !strcmp(action,
	    "unchanged") ? st->hold_reason : opt->reason) : NULL;
	v[7] = to == OS_ON_HOLD ? (from == to && !strcmp(action,
	    "unchanged") ? st->held_by : opt->by) : NULL;
	rec_write(&r->w, v);
	return 0;
}

/* The write lock, taken at the first order: a pipe's writer may be slow. */
static int
begin_once(struct run *r)
{
	int status;

	if (r->in_tx)
		return 0;
	if ((status = ledger_begin(r->l)) != 0)
		return status;
	r->in_tx = 1;
	return 0;
}

/* Act on an order by its ledger key. */
static int
act_on(struct run *r, long long id)
{
	struct state st;
	int status, got;

	memset(&st, 0, sizeof st);
	if ((status = begin_once(r)) != 0)
		return status;
	if ((got = ledger_order_state(r->l, id, keep_state, &st)) < 0)
		return EXIT_LEDGER;
	if (got == 0) {
		warnx_("order %lld: not in the ledger", id);
		return EXIT_INPUT;
	}
	status = act(r, &st);
	state_free(&st);
	return status;
}

/* An argument: a ledger key, or with a channel, its order number. */
static int
one(struct run *r, const char *what)
{
	long long id;
	int status;
	char *end;

	if (r->opt->channel) {
		if ((status = begin_once(r)) != 0)
			return status;
		if ((id = ledger_order_find(r->l, r->opt->channel, what)) < 0)
			return EXIT_LEDGER;
		if (id == 0) {
			warnx_("%s order '%s': not in the ledger",
			    r->opt->channel, what);
			return EXIT_INPUT;
		}
		return act_on(r, id);
	}
	errno = 0;
	id = strtoll(what, &end, 10);
	if (*what == '\0' || *end || id <= 0 || errno) {
		warnx_("'%s': not an order key (a ledger key; --channel takes "
		    "the channel's numbers)", what);
		return EXIT_INPUT;
	}
	return act_on(r, id);
}

/* The orders of a record stream, one at a time as they come. */
static int
from_stream(struct run *r, FILE *in)
{
	struct rec_reader rd;
	long long id, last = 0;
	int col, n, status = 0;

	if (rec_reader_open(&rd, in, "stdin") < 0)
		return EXIT_INPUT;
	if ((col = rec_require(&rd, "order")) < 0) {
		rec_reader_free(&rd);
		return EXIT_INPUT;
	}
	while (status == 0 &&
	    (n = rec_read_order_keys(&rd, col, &id, 1, &last)) == 1)
		status = act_on(r, id);
	if (status == 0 && n < 0)
		status = EXIT_INPUT;
	rec_reader_free(&rd);
	return status;
}

int
order_act(struct ledger *l, const struct order_action_options *opt,
    char *const *keys, int nkeys, FILE *in, FILE *out)
{
	struct run r;
	int status = 0, i;

	memset(&r, 0, sizeof r);
	r.l = l;
	r.opt = opt;
	if ((r.spool = spool_open()) == NULL) {
		return EXIT_INTERNAL;
	}
	rec_writer_init(&r.w, r.spool, opt->output, action_fields,
	    sizeof action_fields / sizeof action_fields[0]);
	rec_write_header(&r.w);
	if (nkeys > 0)
		for (i = 0; i < nkeys && status == 0; i++)
			status = one(&r, keys[i]);
	else
		status = from_stream(&r, in);
	if (r.in_tx) {
		if (status == 0)
			status = ledger_commit(l);
		else
			ledger_rollback(l);
	}
	rec_writer_free(&r.w);
	if (status == 0)
		copy_stream(r.spool, out);
	fclose(r.spool);
	if (status == 0 && !opt->quiet)
		fprintf(stderr, "%s: %lld order%s %s, %lld unchanged\n",
		    progname, r.changed, r.changed == 1 ? "" : "s",
		    opt->action == ACT_HOLD ? "held" : opt->action ==
		    ACT_RELEASE ? "released" : "cancelled", r.unchanged);
	else if (status != 0 && status != EXIT_BUSY && !opt->quiet)
		fprintf(stderr, "%s: nothing changed\n", progname);
	return status;
}

struct listing {
	struct rec_writer w;
	long long n;
};

static int
list_one(void *arg, const struct order_state_row *r)
{
	struct listing *ls = arg;
	char key[24], total[24];
	const char *v[10];

	v[0] = fmt_int(r->order_id, key);
	v[1] = r->channel;
	v[2] = r->number;
	v[3] = r->status;
	v[4] = r->hold_reason;
	v[5] = r->held_by;
	v[6] = r->since;
	v[7] = r->placed_at;
	v[8] = fmt_int(r->total, total);
	v[9] = r->currency;
	rec_write(&ls->w, v);
	ls->n++;
	return 0;
}

int
order_list_holds(struct ledger *l, const char *reason, const char *by,
    enum rec_format output, FILE *out)
{
	struct listing ls;
	int status = 0;

	memset(&ls, 0, sizeof ls);
	rec_writer_init(&ls.w, out, output, hold_fields,
	    sizeof hold_fields / sizeof hold_fields[0]);
	rec_write_header(&ls.w);
	if ((status = ledger_snapshot(l)) == 0) {
		if (ledger_holds(l, reason, by, list_one, &ls) < 0)
			status = EXIT_LEDGER;
		ledger_rollback(l);
	}
	rec_writer_free(&ls.w);
	return status;
}
