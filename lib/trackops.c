/*
 * oms-track's engine.  A file of carrier events is one transaction;
 * each event is recorded once (parcel, time and code), and moves its
 * parcel only when it is newer than what the parcel last heard, so
 * that files arriving out of order, or twice, end in the same state.
 * Notifications are recorded in the transaction that writes them, so
 * that none is sent twice.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "carrier.h"
#include "csvin.h"
#include "datetime.h"
#include "tracking.h"
#include "trackops.h"
#include "util.h"

/* Import. */

enum { E_TRACKING, E_AT, E_CODE, E_LOCATION, E_TEXT, E_NCOLS };

/* The names carriers give each column, lower case. */
static const char *const event_names[E_NCOLS][8] = {
	{ "tracking", "tracking_number", "tracking number", "tracking_no",
	  "trackingnumber", "tracking id", "shipment", NULL },
	{ "at", "time", "timestamp", "date", "datetime", "event_time",
	  "event time", NULL },
	{ "code", "status", "event_code", "event code", "status_code",
	  "event", NULL },
	{ "location", "place", "city", "event_location", NULL },
	{ "text", "description", "message", "details", "status_text",
	  NULL },
};
static const char *const event_fields[E_NCOLS] = {
	"tracking", "at", "code", "location", "text"
};

static const struct rec_field applied_fields[] = {
	{ "tracking", 0 }, { "order", 1 }, { "parcel", 1 }, { "at", 0 },
	{ "code", 0 }, { "state", 0 }, { "action", 0 }, { "parcel_status", 0 },
};
#define NAPPLIED ((int)(sizeof applied_fields / sizeof applied_fields[0]))

struct import {
	struct ledger *l;
	const struct config *cfg;
	struct rec_writer w;
	struct csv_in in;
	int col[E_NCOLS];
	long long counts[6];	/* new, moved, duplicate, older, rejected,
				   unchanged */
	int failed;
	struct {
		int found;
		long long parcel_id, order_id;
		char status[24], status_at[24], carrier[64], tracking[80];
	} p;
};

static int
copy_parcel(void *arg, const struct track_parcel *p)
{
	struct import *im = arg;

	im->p.found = 1;
	im->p.parcel_id = p->parcel_id;
	im->p.order_id = p->order_id;
	snprintf(im->p.status, sizeof im->p.status, "%s", p->status);
	snprintf(im->p.status_at, sizeof im->p.status_at, "%s",
	    p->status_at ? p->status_at : "");
	snprintf(im->p.carrier, sizeof im->p.carrier, "%s",
	    p->carrier ? p->carrier : "");
	snprintf(im->p.tracking, sizeof im->p.tracking, "%s", p->tracking);
	return 0;
}

/* A carrier's time: ISO-8601 with or without a zone (UTC), or blanks. */
static int
event_time(const char *v, char out[21])
{
	static const char *const formats[] = {
		"%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z",
		"%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M%z",
		"%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
	};
	struct timezone_spec utc = { TZ_UTC, 0, "" };
	const char *why;
	size_t i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (date_parse(v, formats[i], &utc, out, &why) == 0)
			return 0;
	return -1;
}

static void
applied_out(struct import *im, const char *at, const char *code,
    const char *state, const char *action)
{
	char o[24], pa[24];
	const char *v[NAPPLIED];

	v[0] = im->p.tracking;
	v[1] = fmt_int(im->p.order_id, o);
	v[2] = fmt_int(im->p.parcel_id, pa);
	v[3] = at;
	v[4] = code;
	v[5] = state;
	v[6] = action;
	v[7] = im->p.status;
	rec_write(&im->w, v);
}

/* A cell without the blanks around it (the row is ours to change). */
static const char *
cell(const struct import *im, const struct csv_row *row, int k)
{
	char *v, *end;

	if (im->col[k] < 0 || im->col[k] >= row->nfields)
		return NULL;
	v = row->fields[im->col[k]];
	while (isspace((unsigned char)*v))
		v++;
	for (end = v + strlen(v); end > v &&
	    isspace((unsigned char)end[-1]); end--)
		;
	*end = '\0';
	return *v ? v : NULL;
}

#define REJECT(...) do { \
	warnx_("%s:%ld: " __VA_ARGS__); \
	im->counts[4]++; \
	return 0; \
} while (0)

static int
apply_event(struct import *im, const struct csv_row *row)
{
	const char *tracking = cell(im, row, E_TRACKING);
	const char *at_text = cell(im, row, E_AT);
	const char *code = cell(im, row, E_CODE);
	const char *location = cell(im, row, E_LOCATION);
	const char *text = cell(im, row, E_TEXT);
	const char *name = im->in.name;
	char at[21], detail[400];
	int state, cur, added, rc;

	if (tracking == NULL)
		REJECT("field 'tracking': empty", name, row->line);
	if (at_text == NULL || event_time(at_text, at) < 0)
		REJECT("field 'at': not a time: '%s'", name, row->line,
		    at_text ? at_text : "");
	if (code == NULL)
		REJECT("field 'code': empty", name, row->line);
	im->p.found = 0;
	if ((rc = ledger_track_parcel(im->l, tracking, copy_parcel, im)) < 0)
		return -1;
	if (rc == 0)
		REJECT("field 'tracking': no parcel has tracking number '%s'",
		    name, row->line, tracking);
	if (strcmp(im->p.status, "labelled") == 0 ||
	    strcmp(im->p.status, "labelling") == 0 ||
	    strcmp(im->p.status, "packed") == 0)
		REJECT("field 'tracking': parcel %s is not handed to the "
		    "carrier yet (oms-ship ship)", name, row->line, tracking);
	if ((state = track_state_for(im->cfg, im->p.carrier, code)) < 0)
		REJECT("field 'code': '%s' of carrier %s means nothing to oms "
		    "(map it under tracking.codes in oms.yaml)", name,
		    row->line, code, im->p.carrier);
	if ((added = ledger_track_event(im->l, im->p.parcel_id, at, code,
	    track_state_name(state), location, text)) < 0)
		return -1;
	if (!added) {
		im->counts[2]++;
		applied_out(im, at, code, track_state_name(state),
		    "duplicate");
		return 0;
	}
	im->counts[0]++;
	/* A parcel just handed over has heard nothing from its carrier. */
	cur = strcmp(im->p.status, "shipped") == 0 ? -1 :
	    track_state_parse(im->p.status);
	if (!track_state_advances(cur, im->p.status_at, state, at)) {
		/* Another scan of where the parcel is says nothing new. */
		int same = cur == state;

		im->counts[same ? 5 : 3]++;
		applied_out(im, at, code, track_state_name(state), same ?
		    "unchanged" : "older");
		return 0;
	}
	if (ledger_parcel_state(im->l, im->p.parcel_id,
	    track_state_name(state), at) < 0)
		return -1;
	snprintf(im->p.status, sizeof im->p.status, "%s",
	    track_state_name(state));
	im->counts[1]++;
	if (state == TS_DELIVERED || state == TS_EXCEPTION ||
	    state == TS_RETURNED) {
		snprintf(detail, sizeof detail, "parcel %s %s%s%s%s%s",
		    tracking, state == TS_DELIVERED ? "delivered" :
		    state == TS_RETURNED ? "returned to sender" :
		    "held up", location ? " at " : "", location ? location :
		    "", text ? ": " : "", text ? text : "");
		if (ledger_event(im->l, im->p.order_id, 0,
		    track_state_name(state), detail, 0) < 0)
			return -1;
	}
	if (state == TS_DELIVERED) {
		snprintf(detail, sizeof detail, "parcel %s delivered",
		    tracking);
		if (ledger_order_delivered(im->l, im->p.order_id, detail) < 0)
			return -1;
	}
	applied_out(im, at, code, track_state_name(state), "applied");
	return 0;
}

/* Which column is which, from the header's names. */
static int
find_columns(struct import *im, const struct csv_row *h)
{
	int k, i, j;

	for (k = 0; k < E_NCOLS; k++) {
		im->col[k] = -1;
		for (i = 0; i < h->nfields && im->col[k] < 0; i++) {
			char name[64];
			const char *f = h->fields[i];
			size_t n;

			while (isspace((unsigned char)*f))
				f++;
			for (n = 0; f[n] && n < sizeof name - 1; n++)
				name[n] = (char)tolower((unsigned char)f[n]);
			while (n > 0 && isspace((unsigned char)name[n - 1]))
				n--;
			name[n] = '\0';
			for (j = 0; event_names[k][j]; j++)
				if (strcmp(name, event_names[k][j]) == 0)
					im->col[k] = i;
		}
	}
	for (k = 0; k <= E_CODE; k++)
		if (im->col[k] < 0) {
			warnx_("%s:%ld: missing field '%s' in header",
			    im->in.name, h->line, event_fields[k]);
			return -1;
		}
	return 0;
}

int
track_import(struct ledger *l, const struct config *cfg,
    const struct track_options *opt, FILE *in, const char *name, FILE *out)
{
	struct import im;
	struct csv_row *row;
	const char *peek;
	FILE *spool;
	char delim = ',';
	int rc, status = 0, header = 1;
	long commas = 0, semis = 0;
	const char *p;

	memset(&im, 0, sizeof im);
	im.l = l;
	im.cfg = cfg;
	if ((spool = spool_open()) == NULL) {
		return EXIT_INTERNAL;
	}
	csvin_init(&im.in, in, name);
	im.in.keep_raw = 0;
	/* TSV when the header has a tab; else CSV by , or ;. */
	peek = csvin_peek_lines(&im.in, 1, 1 << 16);
	for (p = peek ? peek : ""; *p && *p != '\n'; p++) {
		if (*p == '\t')
			delim = '\t';
		commas += *p == ',';
		semis += *p == ';';
	}
	if (delim != '\t' && semis > commas)
		delim = ';';
	csvin_set_format(&im.in, delim, '"', 0);
	rec_writer_init(&im.w, spool, opt->output, applied_fields, NAPPLIED);
	rec_write_header(&im.w);
	if ((status = ledger_begin(l)) != 0)
		goto out;
	while ((rc = csvin_next(&im.in, &row)) == 1) {
		if (row->error[0]) {
			warnx_("%s:%ld: %s", name, row->line, row->error);
			status = EXIT_INPUT;
			goto out;
		}
		if (header) {
			header = 0;
			if (find_columns(&im, row) < 0) {
				status = EXIT_INPUT;
				goto out;
			}
			continue;
		}
		if (row->nfields == 1 && row->fields[0][0] == '\0')
			continue;	/* a blank line */
		if (apply_event(&im, row) < 0) {
			status = EXIT_LEDGER;
			goto out;
		}
	}
	if (rc < 0 || im.in.fatal) {
		status = EXIT_INPUT;
		goto out;
	}
	if (header) {
		warnx_("%s: empty input, expected a header line", name);
		status = EXIT_INPUT;
		goto out;
	}
	rec_writer_free(&im.w);
	if ((status = ledger_commit(l)) != 0)
		goto out;
	copy_stream(spool, out);
	if (!opt->quiet)
		fprintf(stderr, "%s: %lld event%s new (%lld moved a parcel, "
		    "%lld older than its state, %lld unchanged), %lld "
		    "duplicate, %lld rejected\n", progname, im.counts[0],
		    im.counts[0] == 1 ? "" : "s", im.counts[1], im.counts[3],
		    im.counts[5], im.counts[2], im.counts[4]);
	if (im.counts[4])
		status = EXIT_PARTIAL;
out:
	if (status != 0 && status != EXIT_PARTIAL) {
		ledger_rollback(l);
		rec_writer_free(&im.w);
	}
	csvin_free(&im.in);
	fclose(spool);
	return status;
}

/* The status and timeline of orders. */

static const struct rec_field timeline_fields[] = {
	{ "order", 1 }, { "at", 0 }, { "source", 0 }, { "what", 0 },
	{ "detail", 0 }, { "tracking", 0 }, { "location", 0 },
};
#define NTIMELINE ((int)(sizeof timeline_fields / sizeof timeline_fields[0]))

struct show {
	const struct track_options *opt;
	struct rec_writer w;
	FILE *out;
	long long order_id;
	long long *ids;
	int nids, cap;
};

static void
keep_id(void *arg, long long id)
{
	struct show *sh = arg;
	int i;

	for (i = 0; i < sh->nids; i++)
		if (sh->ids[i] == id)
			return;
	if (sh->nids == sh->cap) {
		sh->cap = sh->cap ? sh->cap * 2 : 8;
		sh->ids = xrealloc(sh->ids, (size_t)sh->cap * sizeof *sh->ids);
	}
	sh->ids[sh->nids++] = id;
}

static int
order_head(void *arg, const struct order_state_row *r)
{
	struct show *sh = arg;

	fprintf(sh->out, "Order %lld: %s %s, %s", r->order_id, r->channel,
	    r->number, r->status);
	if (r->hold_reason)
		fprintf(sh->out, " (%s)", r->hold_reason);
	fputc('\n', sh->out);
	if (r->placed_at && *r->placed_at)
		fprintf(sh->out, "  placed %s\n", r->placed_at);
	return 0;
}

static int
parcel_line(void *arg, const struct track_parcel *p)
{
	struct show *sh = arg;

	fprintf(sh->out, "  parcel %s: %s%s%s %s%s%s%s%s\n",
	    p->tracking ? p->tracking : "(no label yet)", p->status,
	    p->carrier ? ", " : "", p->carrier ? p->carrier : "",
	    p->service ? p->service : "",
	    p->promised_by ? ", promised by " : "",
	    p->promised_by ? p->promised_by : "",
	    p->delayed_at ? ", DELAYED" : "",
	    p->delivered_at ? ", delivered" : "");
	return 0;
}

static int
timeline_line(void *arg, const char *const *v)
{
	struct show *sh = arg;
	char o[24];
	const char *r[NTIMELINE];

	if (sh->opt->document) {
		fprintf(sh->out, "  %s  %-8s %-16s %s%s%s%s%s\n", v[0], v[1],
		    v[2], v[3] ? v[3] : "", v[5] ? " (" : "", v[5] ? v[5] :
		    "", v[5] ? ")" : "", "");
		return 0;
	}
	r[0] = fmt_int(sh->order_id, o);
	memcpy(r + 1, v, 6 * sizeof *v);
	rec_write(&sh->w, r);
	return 0;
}

int
track_show(struct ledger *l, const struct track_options *opt, char **keys,
    int nkeys, FILE *out)
{
	struct show sh;
	int i, n, status;

	memset(&sh, 0, sizeof sh);
	sh.opt = opt;
	sh.out = out;
	if ((status = ledger_snapshot(l)) != 0)
		return status;
	for (i = 0; i < nkeys; i++) {
		if ((n = ledger_track_orders(l, keys[i], keep_id, &sh)) < 0) {
			status = EXIT_LEDGER;
			goto out;
		}
		if (n == 0) {
			warnx_("%s: no order, tracking number or customer "
			    "email", keys[i]);
			status = EXIT_INPUT;
			goto out;
		}
	}
	if (!opt->document) {
		rec_writer_init(&sh.w, out, opt->output, timeline_fields,
		    NTIMELINE);
		rec_write_header(&sh.w);
	}
	for (i = 0; i < sh.nids; i++) {
		sh.order_id = sh.ids[i];
		if (opt->document) {
			if (i > 0)
				fputc('\n', out);
			if (ledger_order_state(l, sh.order_id, order_head,
			    &sh) < 0 || ledger_order_parcels(l, sh.order_id,
			    parcel_line, &sh) < 0) {
				status = EXIT_LEDGER;
				break;
			}
		}
		if (ledger_timeline(l, sh.order_id, timeline_line, &sh) < 0) {
			status = EXIT_LEDGER;
			break;
		}
	}
	if (!opt->document)
		rec_writer_free(&sh.w);
out:
	ledger_rollback(l);
	free(sh.ids);
	return status;
}

/* Delays. */

#define DELAY_BATCH 1000

static const struct rec_field delay_fields[] = {
	{ "order", 1 }, { "parcel", 1 }, { "tracking", 0 }, { "carrier", 0 },
	{ "service", 0 }, { "status", 0 }, { "shipped", 0 },
	{ "promised_by", 0 }, { "projected", 0 }, { "usual_days", 1 },
	{ "basis", 0 },
};
#define NDELAY ((int)(sizeof delay_fields / sizeof delay_fields[0]))

/* The usual business days of a service, from its deliveries. */
struct usual {
	char carrier[64], service[64];
	int days;		/* -1: too few deliveries to say */
	int samples;
};

struct history {
	int v[200];
	int n;
};

static void
add_history(void *arg, const char *shipped, const char *delivered)
{
	struct history *h = arg;

	int d;

	if (h->n < 200 && shipped && delivered &&
	    (d = business_days_between(shipped, delivered)) != INT_MIN)
		h->v[h->n++] = d < 0 ? 0 : d;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct flight {
	struct track_parcel *v;
	int n, cap;
	struct arena a;
	long long after;
};

static void
keep_flight(void *arg, const struct track_parcel *p)
{
	struct flight *f = arg;
	struct track_parcel *k;

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->v = xrealloc(f->v, (size_t)f->cap * sizeof *f->v);
	}
	k = &f->v[f->n++];
	*k = *p;
#define K(x) k->x = p->x ? arena_strdup(&f->a, p->x) : NULL
	K(status); K(status_at); K(carrier); K(service); K(tracking);
	K(shipped_at); K(promised_by); K(expected_by); K(delivered_at);
	K(delayed_at); K(location); K(country); K(postal_code);
#undef K
	f->after = p->parcel_id;
}

/*
 * When a parcel may now arrive: its ship day plus the service's usual
 * days, but never before tomorrow for one not yet out for delivery
 * that is past them, nor before tomorrow for one held up.
 */
static void
project(const struct track_parcel *p, int usual, const char *today,
    char out[11])
{
	char ship[11], tomorrow[11];

	snprintf(ship, sizeof ship, "%.10s", p->shipped_at);
	business_day_add(ship, usual, out);
	business_day_add(today, 1, tomorrow);
	if (strcmp(p->status, "out_for_delivery") == 0) {
		if (strcmp(out, today) < 0)
			snprintf(out, 11, "%s", today);
		return;
	}
	if ((strcmp(out, today) <= 0 || strcmp(p->status, "exception") == 0) &&
	    strcmp(out, tomorrow) < 0)
		snprintf(out, 11, "%s", tomorrow);
}

/* The transit days oms.yaml gives a parcel's service to its zone; -1. */
static int
rate_card_days(const struct config *cfg, const struct track_parcel *p)
{
	const struct carrier *cr = config_carrier(cfg, p->carrier);
	const struct carrier_service *sv = carrier_service(cr, p->service);
	const struct carrier_zone *z;

	if (sv == NULL || p->country == NULL ||
	    (z = carrier_zone(cr, p->country, p->postal_code)) == NULL)
		return -1;
	return sv->zones[z - cr->zones].transit_days;
}

int
track_delays(struct ledger *l, const struct config *cfg,
    const struct track_options *opt, FILE *out)
{
	struct flight f;
	struct usual *u = NULL;
	struct rec_writer w;
	char now[21], today[11], projected[11], detail[400], o[24], pa[24],
	    ud[24], basis[48];
	int nu = 0, i, k, got, status, usual, late;
	long long flagged = 0;
	FILE *spool;

	if ((spool = spool_open()) == NULL) {
		return EXIT_INTERNAL;
	}
	memset(&f, 0, sizeof f);
	rec_writer_init(&w, spool, opt->output, delay_fields, NDELAY);
	rec_write_header(&w);
	if ((status = ledger_begin(l)) != 0)
		goto out;
	now_iso(now);
	snprintf(today, sizeof today, "%.10s", now);
	do {
		f.n = 0;
		arena_reset(&f.a);
		if ((got = ledger_parcels_in_flight(l, f.after, DELAY_BATCH,
		    keep_flight, &f)) < 0) {
			status = EXIT_LEDGER;
			goto out;
		}
		for (i = 0; i < f.n; i++) {
			struct track_parcel *p = &f.v[i];
			const char *v[NDELAY];

			if (p->shipped_at == NULL || p->carrier == NULL ||
			    p->service == NULL)
				continue;
			for (k = 0; k < nu; k++)
				if (strcmp(u[k].carrier, p->carrier) == 0 &&
				    strcmp(u[k].service, p->service) == 0)
					break;
			if (k == nu) {
				struct history h;

				h.n = 0;
				if (ledger_transit_history(l, p->carrier,
				    p->service, add_history, &h) < 0) {
					status = EXIT_LEDGER;
					goto out;
				}
				u = xrealloc(u, (size_t)(nu + 1) * sizeof *u);
				snprintf(u[k].carrier, sizeof u[k].carrier, "%s",
				    p->carrier);
				snprintf(u[k].service, sizeof u[k].service, "%s",
				    p->service);
				u[k].samples = h.n;
				u[k].days = -1;
				/* Five deliveries say more than the rate card. */
				if (h.n >= 5) {
					qsort(h.v, (size_t)h.n, sizeof h.v[0],
					    cmp_int);
					u[k].days = h.v[h.n / 2];
				}
				nu++;
			}
			if (u[k].days >= 0) {
				usual = u[k].days;
				snprintf(basis, sizeof basis, "%d deliveries",
				    u[k].samples);
			} else if ((usual = rate_card_days(cfg, p)) >= 0)
				snprintf(basis, sizeof basis, "rate card");
			else
				continue;
			project(p, usual, today, projected);
			late = business_days_between(p->promised_by, projected);
			if (late == INT_MIN || late <= cfg->tracking.delay_margin)
				continue;
			snprintf(detail, sizeof detail, "parcel %s delayed: now "
			    "expected %s, promised by %s (%s %s takes %d "
			    "business day%s, by %s)", p->tracking, projected,
			    p->promised_by, p->carrier, p->service, usual,
			    usual == 1 ? "" : "s", basis);
			if (ledger_parcel_delayed(l, p->parcel_id) < 0 ||
			    ledger_event(l, p->order_id, 0, "delayed", detail,
			    0) < 0) {
				status = EXIT_LEDGER;
				goto out;
			}
			flagged++;
			v[0] = fmt_int(p->order_id, o);
			v[1] = fmt_int(p->parcel_id, pa);
			v[2] = p->tracking;
			v[3] = p->carrier;
			v[4] = p->service;
			v[5] = p->status;
			v[6] = p->shipped_at;
			v[7] = p->promised_by;
			v[8] = projected;
			v[9] = fmt_int(usual, ud);
			v[10] = basis;
			rec_write(&w, v);
		}
	} while (got == DELAY_BATCH);
	rec_writer_free(&w);
	if ((status = ledger_commit(l)) != 0)
		goto out;
	copy_stream(spool, out);
	if (!opt->quiet)
		fprintf(stderr, "%s: %lld parcel%s flagged delayed\n",
		    progname, flagged, flagged == 1 ? "" : "s");
out:
	if (status != 0) {
		ledger_rollback(l);
		rec_writer_free(&w);
	}
	free(f.v);
	arena_free(&f.a);
	free(u);
	fclose(spool);
	return status;
}

/* Notifications. */

static const struct rec_field notify_fields[] = {
	{ "notification", 1 }, { "order", 1 }, { "parcel", 1 }, { "kind", 0 },
	{ "channel", 0 }, { "channel_order", 0 }, { "email", 0 },
	{ "name", 0 }, { "from", 0 }, { "subject", 0 }, { "body", 0 },
};
#define NNOTIFY ((int)(sizeof notify_fields / sizeof notify_fields[0]))

struct notifying {
	struct ledger *l;
	const struct config *cfg;
	const struct notify_template *t;
	struct rec_writer w;
	long long sent;
	int failed;
};

static int
notify_one(void *arg, const struct notify_row *r)
{
	struct notifying *ns = arg;
	const struct carrier *cr = r->carrier ? config_carrier(ns->cfg,
	    r->carrier) : NULL;
	struct track_vars vars;
	char *subject = NULL, *body = NULL, why[200], n[24], o[24], pa[24],
	    url[512];
	const char *v[NNOTIFY];
	long long id;

	memset(&vars, 0, sizeof vars);
	vars.name = r->name;
	vars.email = r->email;
	vars.order = r->channel_order;
	vars.channel = r->channel;
	vars.tracking = r->tracking;
	vars.carrier = cr && cr->name ? cr->name : r->carrier;
	vars.service = carrier_service_name(cr, r->service);
	vars.status = r->status;
	vars.expected = r->expected_by;
	vars.promised = r->promised_by;
	vars.location = r->location;
	if (carrier_tracking_url(cr, r->tracking, url, sizeof url) == 0)
		vars.url = url;
	if ((subject = track_render(ns->t->subject, &vars, why,
	    sizeof why)) == NULL || (body = track_render(ns->t->body, &vars,
	    why, sizeof why)) == NULL) {
		warnx_("notification %s of order %lld: %s", r->kind,
		    r->order_id, why);
		free(subject);
		ns->failed = EXIT_INTERNAL;
		return 1;
	}
	if ((id = ledger_notification_add(ns->l, r->order_id, r->parcel_id,
	    r->kind)) < 0) {
		ns->failed = EXIT_LEDGER;
		free(subject);
		free(body);
		return 1;
	}
	if (id > 0) {
		char *c;

		/* A subject is a mail header: one line, whatever a name held. */
		for (c = subject; *c; c++)
			if (*c == '\n' || *c == '\r')
				*c = ' ';
		v[0] = fmt_int(id, n);
		v[1] = fmt_int(r->order_id, o);
		v[2] = fmt_int(r->parcel_id, pa);
		v[3] = r->kind;
		v[4] = r->channel;
		v[5] = r->channel_order;
		v[6] = r->email;
		v[7] = r->name;
		v[8] = ns->cfg->notifications.from;
		v[9] = subject;
		v[10] = body;
		rec_write(&ns->w, v);
		ns->sent++;
	}
	free(subject);
	free(body);
	return 0;
}

int
track_notify(struct ledger *l, const struct config *cfg,
    const struct track_options *opt, FILE *out)
{
	struct notifying ns;
	char since[21];
	time_t t;
	struct tm tm;
	int k, status;
	FILE *spool;

	if ((spool = spool_open()) == NULL) {
		return EXIT_INTERNAL;
	}
	memset(&ns, 0, sizeof ns);
	ns.l = l;
	ns.cfg = cfg;
	rec_writer_init(&ns.w, spool, opt->output, notify_fields, NNOTIFY);
	rec_write_header(&ns.w);
	t = time(NULL) - (time_t)opt->window_days * 86400;
	gmtime_r(&t, &tm);
	strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((status = ledger_begin(l)) != 0)
		goto out;
	for (k = 0; k < NOTIFY_COUNT; k++) {
		/* The ledger's kinds are numbered as notify_kind's. */
		if ((ns.t = notify_template(cfg, (enum notify_kind)k)) == NULL)
			continue;	/* nothing to say of this kind */
		if (ledger_notifications_due(l, k, since, notify_one,
		    &ns) < 0 || ns.failed) {
			status = ns.failed ? ns.failed : EXIT_LEDGER;
			goto out;
		}
	}
	rec_writer_free(&ns.w);
	if ((status = ledger_commit(l)) != 0)
		goto out;
	copy_stream(spool, out);
	if (!opt->quiet)
		fprintf(stderr, "%s: %lld notification%s\n", progname, ns.sent,
		    ns.sent == 1 ? "" : "s");
out:
	if (status != 0) {
		ledger_rollback(l);
		rec_writer_free(&ns.w);
	}
	fclose(spool);
	return status;
}
