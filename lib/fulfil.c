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

	if ((spool = tmpfile()) == NULL) {
		warnx_("cannot create a temporary file: %s", strerror(errno));
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
