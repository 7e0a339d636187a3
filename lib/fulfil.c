/*
 * oms-fulfil's engine.  A release is one transaction: every group it
 * takes is released, numbered and put in a wave, the lines and orders
 * whose stock is all released follow, and the pick list is read back
 * from the ledger, so that what is printed is what was recorded.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fulfil.h"
#include "util.h"

#define RELEASE_BATCH 1000

static const struct rec_field pick_fields[] = {
	{ "release", 1 }, { "wave", 0 }, { "location", 0 }, { "bin", 0 },
	{ "sku", 0 }, { "title", 0 }, { "quantity", 1 }, { "order", 1 },
	{ "channel", 0 }, { "channel_order", 0 }, { "line", 1 },
	{ "group", 1 }, { "ship_method", 0 },
};
#define NPICK ((int)(sizeof pick_fields / sizeof pick_fields[0]))

/*
 * The wave a group joins: its location, the cut-off it must leave by
 * (today's if not yet past, else tomorrow's; the day alone for a
 * location without one) and its shipping method, in words a picker
 * reads: "BER 2026-11-28 15:00 express".
 */
static void
wave_name(const struct config *cfg, const char *location,
    const char *ship_method, const char *now, char *out, size_t n)
{
	const struct location *loc = config_location(cfg, location);
	char method[48], day[11];
	int h, m, minutes, i, j;
	struct tm tm;
	time_t t;

	for (i = j = 0; ship_method && ship_method[i] &&
	    j < (int)sizeof method - 1; i++)
		method[j++] = isspace((unsigned char)ship_method[i]) ? '-' :
		    (char)tolower((unsigned char)ship_method[i]);
	method[j] = '\0';
	snprintf(day, sizeof day, "%.10s", now);
	if (loc == NULL || loc->cutoff_minutes < 0) {
		snprintf(out, n, "%s %s %s", location, day, j ? method :
		    "standard");
		return;
	}
	h = atoi(now + 11);
	m = atoi(now + 14);
	minutes = loc->cutoff_minutes;
	if (h * 60 + m >= minutes) {
		/* Past today's cut-off: tomorrow's. */
		memset(&tm, 0, sizeof tm);
		tm.tm_year = atoi(now) - 1900;
		tm.tm_mon = atoi(now + 5) - 1;
		tm.tm_mday = atoi(now + 8) + 1;
		tm.tm_hour = 12;
		t = timegm(&tm);
		gmtime_r(&t, &tm);
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
	}
	snprintf(out, n, "%s %s %02d:%02d %s", location, day, minutes / 60,
	    minutes % 60, j ? method : "standard");
}

struct batch {
	struct release_group *v;
	int n, cap;
	struct arena strings;
};

static void
keep_group(void *arg, const struct release_group *g)
{
	struct batch *b = arg;
	struct release_group *k;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->v = xrealloc(b->v, (size_t)b->cap * sizeof *b->v);
	}
	k = &b->v[b->n++];
	*k = *g;
	k->location = arena_strdup(&b->strings, g->location);
	k->ship_method = g->ship_method ? arena_strdup(&b->strings,
	    g->ship_method) : NULL;
	k->routed_at = arena_strdup(&b->strings, g->routed_at);
}

struct list {
	const struct fulfil_options *opt;
	long long release_no;
	struct rec_writer w;
	FILE *out;
	char wave[160];		/* of the document's current section */
	long long lines, units, section_lines, section_units;
};

static void
end_section(struct list *ls)
{
	if (ls->wave[0])
		fprintf(ls->out, "  %lld line%s, %lld unit%s\n",
		    ls->section_lines, ls->section_lines == 1 ? "" : "s",
		    ls->section_units, ls->section_units == 1 ? "" : "s");
}

static int
pick_out(void *arg, const struct pick_line *p)
{
	struct list *ls = arg;
	char r[24], q[24], o[24], ln[24], g[24];
	const char *v[NPICK];

	ls->lines++;
	ls->units += p->quantity;
	if (ls->opt->document) {
		if (strcmp(ls->wave, p->wave) != 0) {
			end_section(ls);
			fprintf(ls->out, "%sPick list %s, release %lld\n"
			    "  %-10s %-16s %5s  %-28s %s\n", ls->wave[0] ?
			    "\n" : "", p->wave, ls->release_no, "bin", "sku",
			    "qty", "title", "order");
			snprintf(ls->wave, sizeof ls->wave, "%s", p->wave);
			ls->section_lines = ls->section_units = 0;
		}
		fprintf(ls->out, "  %-10s %-16s %5lld  %-28.28s %lld %s %s\n",
		    p->bin ? p->bin : "-", p->sku, p->quantity,
		    p->title ? p->title : "", p->order_id, p->channel,
		    p->channel_order);
		ls->section_lines++;
		ls->section_units += p->quantity;
		return 0;
	}
	v[0] = fmt_int(ls->release_no, r);
	v[1] = p->wave;
	v[2] = p->location;
	v[3] = p->bin;
	v[4] = p->sku;
	v[5] = p->title;
	v[6] = fmt_int(p->quantity, q);
	v[7] = fmt_int(p->order_id, o);
	v[8] = p->channel;
	v[9] = p->channel_order;
	v[10] = fmt_int(p->line_no, ln);
	v[11] = fmt_int(p->group_id, g);
	v[12] = p->ship_method;
	rec_write(&ls->w, v);
	return 0;
}

static int
write_list(struct ledger *l, const struct fulfil_options *opt,
    long long release_no, FILE *out, struct list *ls)
{
	int rc;

	memset(ls, 0, sizeof *ls);
	ls->opt = opt;
	ls->release_no = release_no;
	ls->out = out;
	rec_writer_init(&ls->w, out, opt->output, pick_fields, NPICK);
	if (!opt->document)
		rec_write_header(&ls->w);
	rc = release_no > 0 ? ledger_pick_lines(l, release_no, pick_out, ls) :
	    0;
	if (opt->document)
		end_section(ls);
	rec_writer_free(&ls->w);
	return rc < 0 ? EXIT_LEDGER : 0;
}

int
fulfil_release(struct ledger *l, const struct config *cfg,
    const struct fulfil_options *opt, FILE *out)
{
	struct batch b;
	struct list ls;
	char now[21], wave[160], why[200];
	long long release_no = 0, after = 0, groups = 0;
	int got, i, status;
	FILE *spool;

	if ((spool = spool_open()) == NULL) {
		return EXIT_INTERNAL;
	}
	memset(&b, 0, sizeof b);
	if ((status = ledger_begin(l)) != 0)
		goto out;
	now_iso(now);
	if ((release_no = ledger_release_next(l)) < 0) {
		status = EXIT_LEDGER;
		goto out;
	}
	do {
		b.n = 0;
		arena_reset(&b.strings);
		got = ledger_releasable(l, opt->location, after,
		    RELEASE_BATCH, keep_group, &b);
		if (got < 0) {
			status = EXIT_LEDGER;
			goto out;
		}
		for (i = 0; i < b.n; i++) {
			const struct release_group *g = &b.v[i];

			wave_name(cfg, g->location, g->ship_method, now, wave,
			    sizeof wave);
			snprintf(why, sizeof why, "release %lld, wave %s",
			    release_no, wave);
			if (ledger_group_release(l, g->group_id, release_no,
			    wave) < 0 || ledger_order_release(l, g->order_id,
			    why) < 0) {
				status = EXIT_LEDGER;
				goto out;
			}
			after = g->group_id;
			groups++;
		}
	} while (got == RELEASE_BATCH);
	if ((status = write_list(l, opt, groups ? release_no : 0, spool,
	    &ls)) != 0)
		goto out;
	if (groups == 0)
		ledger_rollback(l);	/* nothing to release: no number */
	else if ((status = ledger_commit(l)) != 0)
		goto out;
	copy_stream(spool, out);
	if (!opt->quiet) {
		if (groups)
			fprintf(stderr, "%s: release %lld: %lld shipment "
			    "group%s, %lld line%s, %lld unit%s\n", progname,
			    release_no, groups, groups == 1 ? "" : "s",
			    ls.lines, ls.lines == 1 ? "" : "s", ls.units,
			    ls.units == 1 ? "" : "s");
		else
			fprintf(stderr, "%s: nothing to release\n", progname);
	}
out:
	if (status != 0)
		ledger_rollback(l);
	free(b.v);
	arena_free(&b.strings);
	fclose(spool);
	return status;
}

int
fulfil_picklist(struct ledger *l, const struct fulfil_options *opt,
    FILE *out)
{
	struct list ls;
	long long n = opt->release_no;
	int status;

	if ((status = ledger_snapshot(l)) != 0)
		return status;
	if (n == 0 && (n = ledger_release_last(l)) < 0)
		status = EXIT_LEDGER;
	else if (n == 0 && !opt->quiet)
		warnx_("no release yet");
	if (status == 0)
		status = write_list(l, opt, n, out, &ls);
	ledger_rollback(l);
	return status;
}

/* Confirmations from the locations. */

static const struct rec_field confirm_fields[] = {
	{ "order", 1 }, { "group", 1 }, { "location", 0 }, { "status", 0 },
	{ "line", 1 }, { "sku", 0 }, { "picked", 1 }, { "missing", 1 },
	{ "parcel", 1 }, { "action", 0 }, { "group_status", 0 },
};
#define NCONFIRM ((int)(sizeof confirm_fields / sizeof confirm_fields[0]))

enum { C_GROUP, C_ORDER, C_STATUS, C_LINE, C_SKU, C_QUANTITY, C_PARCEL,
	C_WEIGHT, C_LENGTH, C_WIDTH, C_HEIGHT, C_REASON, C_NCOLS };
static const char *const confirm_columns[C_NCOLS] = {
	"group", "order", "status", "line", "sku", "quantity", "parcel",
	"weight_g", "length_mm", "width_mm", "height_mm", "reason",
};

struct confirm {
	struct ledger *l;
	struct rec_reader rd;
	struct rec_writer w;
	int col[C_NCOLS];
	struct group_info g;
	long long counts[5];	/* picked, short, packed, rejected, unchanged */
	long long missing_units, refused;
};

static const char *
field(const struct confirm *c, int k)
{
	const char *v = c->col[k] < 0 ? NULL : c->rd.values[c->col[k]];

	return v && *v ? v : NULL;
}

/* A whole number >= min from field k: its value, -1 when empty, -2 bad. */
static long long
number(const struct confirm *c, int k, long long min)
{
	const char *v = field(c, k);
	long long n;
	char *end;

	if (v == NULL)
		return -1;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*end || errno || n < min || n > 1000000000000LL) {
		warnx_("%s:%ld: field '%s': %s: '%s'", c->rd.name, c->rd.line,
		    confirm_columns[k], *end || errno ? "not a whole number" :
		    "out of range", v);
		return -2;
	}
	return n;
}

static void
confirm_out(struct confirm *c, const char *status, int line_no,
    const char *sku, long long picked, long long missing, int parcel,
    const char *action)
{
	char o[24], g[24], ln[24], p[24], m[24], pa[24];
	const char *v[NCONFIRM];
	struct group_info now;

	if (ledger_group_info(c->l, c->g.group_id, &now) != 1)
		now = c->g;
	v[0] = fmt_int(c->g.order_id, o);
	v[1] = fmt_int(c->g.group_id, g);
	v[2] = c->g.location;
	v[3] = status;
	v[4] = line_no > 0 ? fmt_int(line_no, ln) : NULL;
	v[5] = sku;
	v[6] = picked >= 0 ? fmt_int(picked, p) : NULL;
	v[7] = missing >= 0 ? fmt_int(missing, m) : NULL;
	v[8] = parcel > 0 ? fmt_int(parcel, pa) : NULL;
	v[9] = action;
	v[10] = now.status;
	rec_write(&c->w, v);
}

static int
in_status(const struct group_info *g, const char *a, const char *b,
    const char *d)
{
	return strcmp(g->status, a) == 0 || (b && strcmp(g->status, b) == 0) ||
	    (d && strcmp(g->status, d) == 0);
}

/*
 * A record for a group past what it confirms: the channel cancelled
 * the order while the warehouse packed it, say.  That is news for the
 * location, not bad input: the record is refused and the rest applied.
 */
static int
conflict(struct confirm *c, const char *status, int line_no,
    const char *what)
{
	warnx_("%s:%ld: group %lld (order %lld at %s) is %s: %s", c->rd.name,
	    c->rd.line, c->g.group_id, c->g.order_id, c->g.location,
	    c->g.status, what);
	c->refused++;
	confirm_out(c, status, line_no, NULL, -1, -1, 0, "refused");
	return 0;
}

/* The group as a whole was picked. */
static int
group_picked(struct confirm *c)
{
	char why[160];
	int moved;

	if (!in_status(&c->g, "released", "picked", NULL) &&
	    !in_status(&c->g, "packed", "shipped", NULL))
		return conflict(c, "picked", 0, "there is nothing to pick");
	if ((moved = ledger_group_move(c->l, c->g.group_id, "picked",
	    NULL)) < 0)
		return EXIT_LEDGER;
	if (moved) {
		snprintf(why, sizeof why, "group %lld picked at %s",
		    c->g.group_id, c->g.location);
		if (ledger_event(c->l, c->g.order_id, 0, "picked", why, 0) < 0)
			return EXIT_LEDGER;
	}
	c->counts[moved ? 0 : 4]++;
	confirm_out(c, "picked", 0, NULL, -1, -1, 0, moved ? "picked" :
	    "unchanged");
	return 0;
}

/*
 * A line picked, with as many units as were found: fewer than the pick
 * list is a short pick.  The record states what was picked, not what
 * is missing, so the same file read twice changes nothing the second
 * time.
 */
static int
line_picked(struct confirm *c, int line_no)
{
	const char *sku_field = field(c, C_SKU);
	long long units, picked, missing;
	char sku[256], why[200];
	long long left;
	int skus;

	if ((picked = number(c, C_QUANTITY, 0)) == -2)
		return EXIT_INPUT;
	if (ledger_group_line_units(c->l, c->g.group_id, line_no, sku_field,
	    &units, &skus, sku, sizeof sku) < 0)
		return EXIT_LEDGER;
	if (skus == 0 && picked == 0) {
		c->counts[4]++;		/* reported short before */
		confirm_out(c, "picked", line_no, sku_field, 0, 0, 0,
		    "unchanged");
		return 0;
	}
	if (skus == 0) {
		warnx_("%s:%ld: group %lld holds nothing of line %d%s%s",
		    c->rd.name, c->rd.line, c->g.group_id, line_no,
		    sku_field ? " of SKU " : "", sku_field ? sku_field : "");
		return EXIT_INPUT;
	}
	if (skus > 1) {
		warnx_("%s:%ld: line %d of group %lld is a bundle of %d SKUs: "
		    "field 'sku' must name one", c->rd.name, c->rd.line,
		    line_no, c->g.group_id, skus);
		return EXIT_INPUT;
	}
	if (picked < 0)
		picked = units;
	if (picked > units) {
		warnx_("%s:%ld: field 'quantity': %lld picked, but group %lld "
		    "holds %lld of line %d (%s)", c->rd.name, c->rd.line,
		    picked, c->g.group_id, units, line_no, sku);
		return EXIT_INPUT;
	}
	missing = units - picked;
	if (!in_status(&c->g, "released", "picked", NULL) &&
	    !in_status(&c->g, "packed", "shipped", NULL))
		return conflict(c, "picked", line_no, "there is nothing to "
		    "pick");
	if (missing > 0 && !in_status(&c->g, "released", "picked", NULL))
		return conflict(c, "picked", line_no, "a short pick must come "
		    "before packing");
	if (missing > 0) {
		if (ledger_short_pick(c->l, &c->g, line_no, sku, missing,
		    picked) < 0 ||
		    ledger_group_units(c->l, c->g.group_id, &left) < 0)
			return EXIT_LEDGER;
		if (left == 0 && ledger_group_move(c->l, c->g.group_id,
		    "cancelled", "nothing left to pick") < 0)
			return EXIT_LEDGER;
		snprintf(why, sizeof why, "short pick at %s, group %lld",
		    c->g.location, c->g.group_id);
		if (ledger_order_rederive(c->l, c->g.order_id, why) < 0)
			return EXIT_LEDGER;
		c->missing_units += missing;
		c->counts[1]++;
	} else
		c->counts[4]++;
	confirm_out(c, "picked", line_no, sku, picked, missing, 0,
	    missing ? "short" : "unchanged");
	return 0;
}

static int
packed(struct confirm *c)
{
	struct parcel_in p;
	const char *action;
	long long n;
	char why[200];
	int moved;

	if ((n = number(c, C_PARCEL, 1)) == -2)
		return EXIT_INPUT;
	p.parcel_no = n < 0 ? 1 : (int)n;
	if (n > 999) {
		warnx_("%s:%ld: field 'parcel': more than 999 parcels: '%lld'",
		    c->rd.name, c->rd.line, n);
		return EXIT_INPUT;
	}
	if ((p.weight_g = number(c, C_WEIGHT, 0)) == -2 ||
	    (p.length_mm = number(c, C_LENGTH, 0)) == -2 ||
	    (p.width_mm = number(c, C_WIDTH, 0)) == -2 ||
	    (p.height_mm = number(c, C_HEIGHT, 0)) == -2)
		return EXIT_INPUT;
	if (!in_status(&c->g, "released", "picked", "packed") &&
	    !in_status(&c->g, "shipped", NULL, NULL))
		return conflict(c, "packed", 0, "there is nothing to pack");
	if ((moved = ledger_group_move(c->l, c->g.group_id, "packed",
	    NULL)) < 0 || ledger_parcel_put(c->l, c->g.group_id, &p,
	    &action) < 0)
		return EXIT_LEDGER;
	if (strcmp(action, "shipped") == 0)
		return conflict(c, "packed", 0, "its parcel has gone to the "
		    "carrier");
	if (moved || strcmp(action, "unchanged") != 0) {
		int k = snprintf(why, sizeof why, "group %lld packed at %s: "
		    "parcel %d", c->g.group_id, c->g.location, p.parcel_no);

		if (p.weight_g >= 0)
			k += snprintf(why + k, sizeof why - k, ", %lld g",
			    p.weight_g);
		if (p.length_mm >= 0 && p.width_mm >= 0 && p.height_mm >= 0)
			snprintf(why + k, sizeof why - k, ", %lldx%lldx%lld mm",
			    p.length_mm, p.width_mm, p.height_mm);
		if (ledger_event(c->l, c->g.order_id, 0, "packed", why, 0) < 0)
			return EXIT_LEDGER;
		c->counts[2]++;
	} else
		c->counts[4]++;
	confirm_out(c, "packed", 0, NULL, -1, -1, p.parcel_no, moved ? "packed" :
	    action);
	return 0;
}

/* The location will not ship the group: its stock goes to routing. */
static int
rejected(struct confirm *c)
{
	const char *reason = field(c, C_REASON);
	char why[400];
	long long units;

	if (in_status(&c->g, "rejected", NULL, NULL)) {
		c->counts[4]++;
		confirm_out(c, "rejected", 0, NULL, -1, -1, 0, "unchanged");
		return 0;
	}
	if (!in_status(&c->g, "released", "picked", NULL))
		return conflict(c, "rejected", 0, "only a released or picked "
		    "group can be rejected");
	snprintf(why, sizeof why, "rejected by %s%s%s", c->g.location,
	    reason ? ": " : "", reason ? reason : "");
	if ((units = ledger_group_unroute(c->l, &c->g)) < 0 ||
	    ledger_group_move(c->l, c->g.group_id, "rejected", why) < 0 ||
	    ledger_event(c->l, c->g.order_id, 0, "rejected", why, 0) < 0)
		return EXIT_LEDGER;
	snprintf(why, sizeof why, "group %lld rejected by %s, to be routed "
	    "again", c->g.group_id, c->g.location);
	if (ledger_order_rederive(c->l, c->g.order_id, why) < 0)
		return EXIT_LEDGER;
	c->counts[3]++;
	confirm_out(c, "rejected", 0, NULL, -1, -1, 0, "rejected");
	return 0;
}

static int
confirm_one(struct confirm *c)
{
	const char *status = field(c, C_STATUS);
	long long group, order, line;
	int found;

	if ((group = number(c, C_GROUP, 1)) == -2 ||
	    (order = number(c, C_ORDER, 1)) == -2 ||
	    (line = number(c, C_LINE, 1)) == -2)
		return EXIT_INPUT;
	if (group < 0) {
		warnx_("%s:%ld: field 'group': empty", c->rd.name, c->rd.line);
		return EXIT_INPUT;
	}
	if (status == NULL || (strcmp(status, "picked") &&
	    strcmp(status, "packed") && strcmp(status, "rejected"))) {
		warnx_("%s:%ld: field 'status': expected picked, packed or "
		    "rejected: '%s'", c->rd.name, c->rd.line,
		    status ? status : "");
		return EXIT_INPUT;
	}
	if ((found = ledger_group_info(c->l, group, &c->g)) < 0)
		return EXIT_LEDGER;
	if (!found) {
		warnx_("%s:%ld: field 'group': no shipment group %lld",
		    c->rd.name, c->rd.line, group);
		return EXIT_INPUT;
	}
	if (order > 0 && order != c->g.order_id) {
		warnx_("%s:%ld: field 'order': group %lld is order %lld's, not "
		    "%lld's", c->rd.name, c->rd.line, group, c->g.order_id,
		    order);
		return EXIT_INPUT;
	}
	if (strcmp(status, "picked") == 0)
		return line > 0 ? line_picked(c, (int)line) : group_picked(c);
	if (strcmp(status, "packed") == 0)
		return packed(c);
	return rejected(c);
}

int
fulfil_confirm(struct ledger *l, const struct fulfil_options *opt, FILE *in,
    const char *name, FILE *out)
{
	struct confirm c;
	FILE *spool;
	int status, rc, k, records = 0;

	memset(&c, 0, sizeof c);
	c.l = l;
	if (rec_reader_open(&c.rd, in, name) < 0)
		return EXIT_INPUT;
	for (k = 0; k < C_NCOLS; k++)
		c.col[k] = rec_field_index(&c.rd, confirm_columns[k]);
	if (rec_require(&c.rd, "group") < 0 ||
	    rec_require(&c.rd, "status") < 0) {
		rec_reader_free(&c.rd);
		return EXIT_INPUT;
	}
	if ((spool = spool_open()) == NULL) {
		rec_reader_free(&c.rd);
		return EXIT_INTERNAL;
	}
	rec_writer_init(&c.w, spool, opt->output, confirm_fields, NCONFIRM);
	rec_write_header(&c.w);
	if ((status = ledger_begin(l)) != 0)
		goto out;
	while ((rc = rec_read(&c.rd)) == 1) {
		records++;
		if ((status = confirm_one(&c)) != 0)
			goto out;
	}
	if (rc < 0) {
		status = EXIT_INPUT;
		goto out;
	}
	fflush(spool);
	if ((status = ledger_commit(l)) != 0)
		goto out;
	copy_stream(spool, out);
	if (!opt->quiet)
		fprintf(stderr, "%s: %d record%s: %lld picked, %lld short "
		    "(%lld unit%s missing), %lld packed, %lld rejected, %lld "
		    "unchanged, %lld refused\n", progname, records,
		    records == 1 ? "" : "s", c.counts[0], c.counts[1],
		    c.missing_units, c.missing_units == 1 ? "" : "s",
		    c.counts[2], c.counts[3], c.counts[4], c.refused);
	if (c.refused)
		status = EXIT_PARTIAL;
out:
	if (status != 0 && status != EXIT_PARTIAL)
		ledger_rollback(l);
	rec_writer_free(&c.w);
	rec_reader_free(&c.rd);
	fclose(spool);
	return status;
}
