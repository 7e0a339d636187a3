#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atp.h"
#include "datetime.h"
#include "export.h"
#include "mapping.h"
#include "measure.h"
#include "money.h"
#include "stock.h"

static const struct rec_field stock_fields[] = {
	{ "sku", 0 }, { "location", 0 }, { "change", 1 }, { "on_hand", 1 },
	{ "reason", 0 }, { "at", 0 }, { "action", 0 }, { "note", 0 },
};
#define NSTOCK_FIELDS (int)(sizeof stock_fields / sizeof stock_fields[0])

struct stock_import {
	const struct stock_options *opt;
	const struct config *cfg;
	struct ledger *l;
	struct export *x;
	struct rec_writer w;
	FILE *spool, *rejects;
	int rejects_header_done, failed, status;
	long long counts[5];	/* by the enum below */
	/* the row at hand */
	struct row_view row;
	size_t *off;		/* the row's field offsets, kept for the next */
	int offcap;
	long line;
	char err[400];
	int at_given;		/* the row has a time of its own */
};

enum { S_NEW, S_UNCHANGED, S_REJECTED, S_SKIPPED, S_UPDATED };

static void
bad(struct stock_import *s, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
bad(struct stock_import *s, const char *field, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (s->err[0])
		return;
	if (field)
		n = snprintf(s->err, sizeof s->err, "field '%s': ", field);
	va_start(ap, fmt);
	vsnprintf(s->err + n, sizeof s->err - (size_t)n, fmt, ap);
	va_end(ap);
}

static char *
value(struct stock_import *s, const struct source *src)
{
	return value_in(src, &s->row, NULL, 0, 0);
}

/* A location the row names, checked against oms.yaml. */
static char *
location(struct stock_import *s, const struct source *src, const char *field)
{
	char *v = value(s, src);

	if (v && config_location(s->cfg, v) == NULL) {
		bad(s, field, "unknown location '%s' (not in %s)", v,
		    s->cfg->path);
		free(v);
		return NULL;
	}
	return v;
}

static int
quantity(struct stock_import *s, long long *q)
{
	char *v = value(s, &s->x->prof->stock.quantity), *end;
	long long n;

	if (v == NULL) {
		bad(s, "quantity", "empty");
		return -1;
	}
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*end == '.') {
		/* "5.0" from spreadsheets */
		for (end++; *end == '0'; end++)
			;
	}
	if (end == v || *end || errno || n > 1000000000LL ||
	    n < -1000000000LL) {
		bad(s, "quantity", "not a whole number: '%s'", v);
		free(v);
		return -1;
	}
	free(v);
	*q = n;
	return 0;
}

/* The row's time: the mapped column, else the transaction's. */
static int
row_time(struct stock_import *s, char out[21], const char *now)
{
	const struct profile *p = s->x->prof;
	char *v = value(s, &p->stock.at);
	const char *why = "not a date";
	int i;

	s->at_given = v != NULL;
	if (v == NULL) {
		snprintf(out, 21, "%s", now);
		return 0;
	}
	for (i = 0; i < p->ndate_formats; i++)
		if (date_parse(v, p->date_formats[i], &p->tz, out, &why) == 0)
			break;
	if (i == p->ndate_formats)
		bad(s, "at", "%s: '%s' (expected %s)", why, v,
		    p->date_formats[0]);
	free(v);
	return i == p->ndate_formats ? -1 : 0;
}

static void
record(struct stock_import *s, const char *sku, const char *loc,
    long long change, long long on_hand, const char *reason, const char *at,
    const char *action, const char *note)
{
	char c[24], h[24];
	const char *v[NSTOCK_FIELDS];

	snprintf(c, sizeof c, "%lld", change);
	snprintf(h, sizeof h, "%lld", on_hand);
	v[0] = sku;
	v[1] = loc;
	/* on_hand -1: an expected receipt, whose change is its quantity. */
	v[2] = loc || on_hand < 0 ? c : NULL;
	v[3] = loc && on_hand >= 0 ? h : NULL;
	v[4] = reason;
	v[5] = at;
	v[6] = action;
	v[7] = note;
	rec_write(&s->w, v);
}

static void
reject(struct stock_import *s, const struct csv_row *r, const char *sku)
{
	char note[480];

	warnx_("%s:%ld: %s", s->x->file, s->line, s->err);
	snprintf(note, sizeof note, "line %ld: %s", s->line, s->err);
	record(s, sku, NULL, 0, 0, NULL, NULL, "rejected", note);
	if (s->rejects) {
		if (!s->rejects_header_done) {
			fwrite(s->x->header_raw.data, 1, s->x->header_raw.len,
			    s->rejects);
			s->rejects_header_done = 1;
		}
		fwrite(r->raw.data, 1, r->raw.len, s->rejects);
		if (r->raw.len && r->raw.data[r->raw.len - 1] != '\n')
			fputc('\n', s->rejects);
	}
	s->counts[S_REJECTED]++;
	if (s->opt->strict) {
		warnx_("%s: --strict: nothing imported from this file",
		    s->x->file);
		s->failed = 1;
	}
}

/* An absolute count: the movement that makes the ledger agree with it. */
static void
snapshot_row(struct stock_import *s, const char *sku, const char *loc,
    long long count, const char *at)
{
	long long now, then, delta;
	char last[21], key[256];
	struct movement m;
	int known, added;

	if (count < 0) {
		bad(s, "quantity", "negative on hand in a snapshot: %lld",
		    count);
		return;
	}
	if (ledger_stock_get(s->l, sku, loc, &now, last, &known) < 0 ||
	    ledger_stock_at(s->l, sku, loc, at, &then) < 0) {
		s->failed = 1;
		s->status = EXIT_LEDGER;
		return;
	}
	if (last[0] && strcmp(at, last) < 0) {
		bad(s, "at", "snapshot of %s is older than the ledger's (%s)",
		    at, last);
		return;
	}
	delta = count - then;
	if (now + delta < 0) {
		/* A lower count back then, with stock gone out since. */
		bad(s, "quantity", "a count of %lld as of %s would take on "
		    "hand of '%s' at '%s' below zero (on hand %lld now)", count,
		    at, sku, loc, now);
		return;
	}
	memset(&m, 0, sizeof m);
	m.sku = sku;
	m.reason = "snapshot";
	m.at = at;
	m.quantity = delta < 0 ? -delta : delta;
	if (delta > 0)
		m.to = loc;
	else
		m.from = loc;
	/*
	 * The count and what the ledger had then make the key: the same
	 * snapshot again is one movement, a corrected count another.
	 */
	snprintf(key, sizeof key, "snapshot %s %s %s =%lld from %lld", loc,
	    at, sku, count, then);
	m.source_key = key;
	added = 0;
	if (delta != 0 && ledger_move(s->l, &m, &added) < 0) {
		s->failed = 1;
		s->status = EXIT_LEDGER;
		return;
	}
	if (ledger_snapshot_mark(s->l, sku, loc, at) < 0) {
		s->failed = 1;
		s->status = EXIT_LEDGER;
		return;
	}
	record(s, sku, loc, added ? delta : 0, now + (added ? delta : 0),
	    "snapshot", at, added ? "new" : "unchanged", NULL);
	s->counts[added ? S_NEW : S_UNCHANGED]++;
}

/*
 * A movement's identity: the id column where the profile maps one, else
 * its content (two identical rows are one movement: map an id where a
 * system writes true duplicates).
 */
static void
movement_key(struct stock_import *s, const struct movement *m, char *id,
    char *out, size_t n)
{
	unsigned long long h = FNV1A_INIT;
	/* Without a time of its own, at is the import's: not part of it. */
	const char *parts[6] = { m->sku, m->from, m->to, m->reason,
	    s->at_given ? m->at : NULL, m->reference };
	int i;

	if (id) {
		snprintf(out, n, "%s id %s", s->x->prof->name, id);
		return;
	}
	for (i = 0; i < 6; i++) {
		h = fnv1a(h, parts[i] ? parts[i] : "", parts[i] ?
		    strlen(parts[i]) + 1 : 1);
	}
	h = fnv1a(h, &m->quantity, sizeof m->quantity);
	snprintf(out, n, "%s row %016llx", s->x->prof->name, h);
}

static int
check_out(struct stock_import *s, const char *sku, const char *loc,
    long long q)
{
	long long on_hand;
	int known;

	if (ledger_stock_get(s->l, sku, loc, &on_hand, NULL, &known) < 0) {
		s->failed = 1;
		s->status = EXIT_LEDGER;
		return -1;
	}
	if (!known) {
		bad(s, "sku", "unknown SKU '%s' at location '%s'", sku, loc);
		return -1;
	}
	if (on_hand < q) {
		bad(s, "quantity", "would take on hand of '%s' at '%s' below "
		    "zero (on hand %lld, moving %lld)", sku, loc, on_hand, q);
		return -1;
	}
	return 0;
}

static void
movement_row(struct stock_import *s, const char *sku, char *from, char *to,
    long long q, const char *at)
{
	const struct stock_map *map = &s->x->prof->stock;
	char *reason = value(s, &map->reason), *ref, *id, key[256];
	struct movement m;
	long long on_hand;
	int added, known;

	ref = value(s, &map->reference);
	id = value(s, &map->id);
	if (q < 0 && (from == NULL) != (to == NULL)) {
		/* A negative adjustment: stock leaves the location. */
		char *t = from;

		from = to;
		to = t;
		q = -q;
	}
	if (q <= 0)
		bad(s, "quantity", "must not be %s", q == 0 ? "0" :
		    "negative in a transfer");
	else if (from == NULL && to == NULL)
		bad(s, "to", "a movement needs a location");
	else if (from && to && strcmp(from, to) == 0)
		bad(s, "to", "a transfer from '%s' to itself", from);
	if (s->err[0])
		goto out;
	memset(&m, 0, sizeof m);
	m.sku = sku;
	m.from = from;
	m.to = to;
	m.quantity = q;
	m.reason = reason ? reason : from && to ? "transfer" : to ?
	    "receipt" : "adjustment";
	m.at = at;
	m.reference = ref;
	movement_key(s, &m, id, key, sizeof key);
	m.source_key = key;
	/* A movement read before is not checked against today's stock. */
	if ((known = ledger_movement_known(s->l, key)) < 0) {
		s->failed = 1;
		s->status = EXIT_LEDGER;
		goto out;
	}
	if (!known && from && check_out(s, sku, from, q) < 0)
		goto out;
	if (ledger_move(s->l, &m, &added) < 0) {
		s->failed = 1;
		s->status = EXIT_LEDGER;
		goto out;
	}
	s->counts[added ? S_NEW : S_UNCHANGED]++;
	if (from) {
		ledger_stock_get(s->l, sku, from, &on_hand, NULL, &known);
		record(s, sku, from, added ? -q : 0, on_hand, m.reason, at,
		    added ? "new" : "unchanged", NULL);
	}
	if (to) {
		ledger_stock_get(s->l, sku, to, &on_hand, NULL, &known);
		record(s, sku, to, added ? q : 0, on_hand, m.reason, at,
		    added ? "new" : "unchanged", NULL);
	}
out:
	free(reason);
	free(ref);
	free(id);
	free(from);
	free(to);
}

/*
 * An expected receipt: a purchase order line, stock that is to come.
 * Its reference, SKU and location identify it; a later file may change
 * its quantity or date.
 */
static void
receipt_row(struct stock_import *s, const char *sku, long long q,
    const char *at)
{
	const struct stock_map *map = &s->x->prof->stock;
	char *loc = location(s, &map->location, "location");
	char *ref = value(s, &map->reference);
	int rc;

	if (!s->at_given)
		bad(s, "at", "empty: an expected receipt needs its date");
	else if (ref == NULL)
		bad(s, "reference", "empty");
	else if (q <= 0)
		bad(s, "quantity", "must be greater than 0: %lld", q);
	if (s->err[0])
		goto out;
	if ((rc = ledger_expect(s->l, ref, sku, loc, q, at)) < 0) {
		s->failed = 1;
		s->status = EXIT_LEDGER;
		goto out;
	}
	record(s, sku, loc, q, -1, "expected", at, rc == 1 ? "new" :
	    rc == 2 ? "updated" : "unchanged", ref);
	s->counts[rc == 1 ? S_NEW : rc == 2 ? S_UPDATED : S_UNCHANGED]++;
out:
	free(loc);
	free(ref);
}

/*
 * A weight or a size: a decimal number in the row's unit, as whole
 * grams or millimetres (measure.h), or -1 when the row has none.
 */
static long long
measure(struct stock_import *s, const struct source *src,
    const struct source *unit_src, const char *field, int weight)
{
	struct money_style style = s->x->prof->money;
	char *v = value(s, src), *u = NULL;
	const char *why, *unit;
	long long per, out = -1;

	if (v == NULL)
		return -1;
	u = value(s, unit_src);
	unit = u ? u : weight ? "g" : "mm";
	per = measure_unit(weight ? MEASURE_WEIGHT : MEASURE_LENGTH, unit);
	style.round = 1;
	if (per == 0)
		bad(s, weight ? "weight_unit" : "length_unit", "unknown unit "
		    "'%s' (%s)", unit, weight ? "g, kg, lb or oz" :
		    "mm, cm, m or in");
	else if (measure_value(v, &style, per, &out, &why) < 0)
		bad(s, field, "%s: '%s'", why, v);
	free(v);
	free(u);
	if (s->err[0])
		return -1;
	return out;
}

/* Tags as the catalogue keeps them: lower case, comma-separated. */
static char *
tag_list(const char *v)
{
	struct buf b;
	const char *p = v;

	buf_init(&b);
	while (*p) {
		size_t n = strcspn(p, ",;"), a = 0, e = n;

		while (a < e && isspace((unsigned char)p[a]))
			a++;
		while (e > a && isspace((unsigned char)p[e - 1]))
			e--;
		if (e > a) {
			if (b.len)
				buf_addc(&b, ',');
			for (; a < e; a++)
				buf_addc(&b, (char)tolower((unsigned char)p[a]));
		}
		p += n;
		if (*p)
			p++;
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return b.data;
}

/* A catalogue row: what the row says of the product, the rest kept. */
static void
catalogue_row(struct stock_import *s, const char *sku)
{
	const struct stock_map *map = &s->x->prof->stock;
	struct product p;
	char *title = value(s, &map->title), *bin = value(s, &map->bin);
	char *tags_in = value(s, &map->tags), *tags = NULL;
	const char *action = NULL;
	struct buf note;

	memset(&p, 0, sizeof p);
	p.sku = sku;
	p.title = title;
	p.bin = bin;
	p.tags = tags = tags_in ? tag_list(tags_in) : NULL;
	p.weight_g = measure(s, &map->weight, &map->weight_unit, "weight", 1);
	p.length_mm = measure(s, &map->length, &map->length_unit, "length",
	    0);
	p.width_mm = measure(s, &map->width, &map->length_unit, "width", 0);
	p.height_mm = measure(s, &map->height, &map->length_unit, "height",
	    0);
	if (s->err[0])
		goto out;
	if (ledger_product_put(s->l, &p, &action) < 0) {
		s->failed = 1;
		s->status = EXIT_LEDGER;
		goto out;
	}
	/* What the row said, in the record's note. */
	buf_init(&note);
	if (p.weight_g >= 0)
		buf_printf(&note, "weight_g=%lld ", p.weight_g);
	if (p.length_mm >= 0)
		buf_printf(&note, "length_mm=%lld ", p.length_mm);
	if (p.width_mm >= 0)
		buf_printf(&note, "width_mm=%lld ", p.width_mm);
	if (p.height_mm >= 0)
		buf_printf(&note, "height_mm=%lld ", p.height_mm);
	if (bin)
		buf_printf(&note, "bin=%s ", bin);
	if (tags)
		buf_printf(&note, "tags=%s ", tags);
	if (note.len)
		note.data[--note.len] = '\0';
	record(s, sku, NULL, 0, 0, "catalogue", NULL, action,
	    note.len ? note.data : NULL);
	buf_free(&note);
	s->counts[!strcmp(action, "new") ? S_NEW : !strcmp(action,
	    "updated") ? S_UPDATED : S_UNCHANGED]++;
out:
	free(title);
	free(bin);
	free(tags_in);
	free(tags);
}

static void
take_row(struct stock_import *s, const struct csv_row *r, const char *now)
{
	const struct stock_map *map = &s->x->prof->stock;
	char *sku = NULL, at[21];
	long long q;
	int i, blank = 1, extra = 0;

	s->row.data = r->data.data;
	s->row.off = NULL;
	s->line = r->line;
	s->err[0] = '\0';
	/* csvin's fields, as the mapping reads rows. */
	{
		size_t *off;

		if (s->offcap < r->nfields + 1) {
			s->offcap = r->nfields + 1;
			s->off = xrealloc(s->off, (size_t)s->offcap *
			    sizeof *s->off);
		}
		off = s->off;
		for (i = 0; i < r->nfields; i++) {
			size_t len;

			off[i] = (size_t)(r->fields[i] - r->data.data);
			trimmed(r->fields[i], &len);
			blank &= len == 0;
			if (i >= s->x->nheader)
				extra |= len != 0;
		}
		s->row.off = off;
		s->row.n = r->nfields;
	}
	if (blank) {
		s->counts[S_SKIPPED]++;
		return;
	}
	for (i = 0; i < s->x->prof->skip.n; i++) {
		char *v = value(s, &s->x->prof->skip.v[i].src);
		int hit = cond_true(&s->x->prof->skip.v[i], v);

		free(v);
		if (hit) {
			s->counts[S_SKIPPED]++;
			return;
		}
	}
	if (r->error[0])
		bad(s, NULL, "%s", r->error);
	else if (extra || r->nfields < s->x->nheader_used)
		bad(s, NULL, "%d fields, header has %d", r->nfields,
		    s->x->nheader);
	if (!s->err[0] && (sku = value(s, &map->sku)) == NULL)
		bad(s, "sku", "empty");
	if (!s->err[0] && s->x->prof->kind == KIND_CATALOGUE)
		catalogue_row(s, sku);
	else if (!s->err[0] && quantity(s, &q) == 0 &&
	    row_time(s, at, now) == 0) {
		if (s->x->prof->kind == KIND_RECEIPTS)
			receipt_row(s, sku, q, at);
		else if (s->x->prof->kind == KIND_SNAPSHOT) {
			char *loc = location(s, &map->location, "location");

			if (loc == NULL && !s->err[0])
				bad(s, "location", "empty");
			if (!s->err[0])
				snapshot_row(s, sku, loc, q, at);
			free(loc);
		} else {
			char *from = location(s, &map->from, "from");
			char *to = location(s, &map->to, "to");

			if (!s->err[0])
				movement_row(s, sku, from, to, q, at);
			else {
				free(from);
				free(to);
			}
		}
	}
	if (s->err[0] && !s->failed)
		reject(s, r, sku);
	free(sku);
}

static int
import_one(struct ledger *l, const struct config *cfg, const char *path,
    const struct stock_options *opt, struct profile *given,
    struct profile **builtins, FILE *rejects, struct rec_writer *out)
{
	struct stock_import s;
	struct export x;
	struct csv_row *r = NULL;
	int rc, status;
	char now[21];

	memset(&s, 0, sizeof s);
	s.opt = opt;
	s.cfg = cfg;
	s.l = l;
	s.x = &x;
	s.rejects = rejects;
	if ((status = export_open(&x, path, given, builtins)) != 0)
		goto out;
	status = EXIT_INPUT;
	if (profile_bind(x.prof, x.header, x.nheader, x.file,
	    x.header_line) < 0)
		goto out;
	if ((s.spool = spool_open()) == NULL) {
		status = EXIT_INTERNAL;
		goto out;
	}
	rec_writer_init(&s.w, s.spool, opt->output, stock_fields,
	    NSTOCK_FIELDS);
	s.w.header_written = 1;
	if ((status = ledger_begin(l)) != 0)
		goto out;
	if (ledger_sync_locations(l, cfg) < 0) {
		ledger_rollback(l);
		status = EXIT_LEDGER;
		goto out;
	}
	now_iso(now);
	while (!s.failed && (rc = csvin_next(&x.in, &r)) == 1)
		take_row(&s, r, now);
	if (!s.failed && (rc < 0 || x.in.fatal)) {
		s.failed = 1;
		s.status = EXIT_INPUT;
	}
	if (s.failed || opt->dry_run || s.counts[S_NEW] + s.counts[S_UPDATED] +
	    s.counts[S_UNCHANGED] == 0) {
		ledger_rollback(l);
		if (s.failed) {
			status = s.status ? s.status : EXIT_INPUT;
			goto out;
		}
	} else if ((status = ledger_commit(l)) != 0)
		goto out;
	rec_write_header(out);
	fflush(out->fp);
	copy_stream(s.spool, out->fp);
	if (!opt->quiet)
		fprintf(stderr, "%s: %s: %lld new, %lld updated, %lld "
		    "unchanged, %lld rejected%s\n", progname, x.file,
		    s.counts[S_NEW], s.counts[S_UPDATED], s.counts[S_UNCHANGED],
		    s.counts[S_REJECTED],
		    opt->dry_run ? " (dry run: nothing written)" : "");
	if (s.counts[S_REJECTED] == 0)
		status = EXIT_OK;
	else if (s.counts[S_NEW] + s.counts[S_UPDATED] + s.counts[S_UNCHANGED])
		status = EXIT_PARTIAL;
	else
		status = EXIT_INPUT;
out:
	if (s.spool)
		fclose(s.spool);
	if (s.spool)
		rec_writer_free(&s.w);
	free(s.off);
	export_close(&x);
	return status;
}

int
stock_import_files(struct ledger *l, const struct config *cfg,
    char *const *files, int nfiles, const struct stock_options *opt,
    FILE *outfp)
{
	static char *const stdin_only[] = { "-" };
	struct profile **builtins, *given = NULL;
	struct rec_writer out;
	FILE *rejects = NULL;
	int i, k, status = EXIT_OK, worst = EXIT_OK, ok_files = 0;

	if ((builtins = profile_builtins(KIND_SNAPSHOT)) == NULL)
		return EXIT_INTERNAL;
	for (k = 0; k < 3; k++) {
		/* Every stock kind is a candidate. */
		struct profile **more = profile_builtins(k == 0 ?
		    KIND_MOVEMENTS : k == 1 ? KIND_RECEIPTS : KIND_CATALOGUE);
		int n = 0, m = 0;

		if (more == NULL) {
			profile_builtins_free(builtins);
			return EXIT_INTERNAL;
		}
		while (builtins[n])
			n++;
		while (more[m])
			m++;
		builtins = xrealloc(builtins, (size_t)(n + m + 1) *
		    sizeof *builtins);
		memcpy(builtins + n, more, (size_t)(m + 1) * sizeof *more);
		free(more);
	}
	if (opt->profile_path &&
	    (given = profile_load_file(opt->profile_path)) == NULL) {
		status = EXIT_USAGE;
		goto out;
	}
	if (given && given->kind == KIND_ORDERS) {
		warnx_("%s: an orders profile: order exports go to oms-import",
		    opt->profile_path);
		status = EXIT_USAGE;
		goto out;
	}
	if (opt->format && (given = export_named(builtins, opt->format,
	    "stock formats")) == NULL) {
		status = EXIT_USAGE;
		goto out;
	}
	if (opt->rejects_path &&
	    (rejects = fopen(opt->rejects_path, "w")) == NULL) {
		warnx_("%s: %s", opt->rejects_path, errno_text());
		status = EXIT_USAGE;
		goto out;
	}
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	rec_writer_init(&out, outfp, opt->output, stock_fields, NSTOCK_FIELDS);
	for (i = 0; i < nfiles; i++) {
		int st = import_one(l, cfg, files[i], opt, given, builtins,
		    rejects, &out);

		if (st == EXIT_BUSY || st == EXIT_LEDGER || st == EXIT_INTERNAL) {
			worst = st;
			break;
		}
		if (st == EXIT_OK || st == EXIT_PARTIAL)
			ok_files++;
		if (st > worst)
			worst = st;
	}
	if (worst != EXIT_BUSY && worst != EXIT_LEDGER && worst != EXIT_INTERNAL)
		rec_write_header(&out);
	rec_writer_free(&out);
	status = worst == EXIT_INPUT && ok_files ? EXIT_PARTIAL : worst;
out:
	if (rejects)
		fclose(rejects);
	if (given && opt->profile_path)
		profile_free(given);
	profile_builtins_free(builtins);
	return status;
}

/* stock_show: rows come per SKU and location; a SKU's are gathered. */
struct show {
	const struct config *cfg;
	const char *channel;
	int network;
	struct ledger *l;
	struct rec_writer w;
	char *sku;
	struct loc_qty *v;
	char **names;
	int n, cap;
	long long reserved_here;
};

static void
show_flush(struct show *s)
{
	char a[24], b[24], c[24], d[24];
	long long on_hand = 0, safety = 0, reserved = 0;
	const char *f[7];
	int i;

	if (s->sku == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		const struct location *loc = config_location(s->cfg,
		    s->v[i].location);

		if (loc == NULL || (s->channel &&
		    !location_serves(loc, s->channel)))
			continue;
		on_hand += s->v[i].on_hand;
		safety += config_safety(s->cfg, s->sku, s->v[i].location);
	}
	ledger_sku_reserved(s->l, s->sku, &reserved);
	snprintf(a, sizeof a, "%lld", on_hand);
	snprintf(b, sizeof b, "%lld", reserved);
	snprintf(c, sizeof c, "%lld", safety + (s->channel ?
	    config_buffer(s->cfg, s->sku, s->channel) : 0));
	snprintf(d, sizeof d, "%lld", atp(s->cfg, s->sku, s->channel, s->v,
	    s->n, reserved));
	f[0] = s->channel ? "channel" : "network";
	f[1] = s->sku;
	f[2] = s->channel ? s->channel : NULL;
	f[3] = a;
	f[4] = b;
	f[5] = c;
	f[6] = d;
	rec_write(&s->w, f);
	for (i = 0; i < s->n; i++)
		free(s->names[i]);
	s->n = 0;
	free(s->sku);
	s->sku = NULL;
}

static int
show_row(void *arg, const struct stock_row *r)
{
	struct show *s = arg;
	char a[24], b[24], c[24], d[24];
	const char *f[7];
	long long safety;

	if (!s->network && !s->channel) {
		safety = config_safety(s->cfg, r->sku, r->location);
		snprintf(a, sizeof a, "%lld", r->on_hand);
		snprintf(b, sizeof b, "%lld", r->reserved);
		snprintf(c, sizeof c, "%lld", safety);
		snprintf(d, sizeof d, "%lld", atp_location(s->cfg, r->sku,
		    r->location, r->on_hand, r->reserved));
		f[0] = config_location(s->cfg, r->location) ? "location" :
		    "retired";
		f[1] = r->sku;
		f[2] = r->location;
		f[3] = a;
		f[4] = b;
		f[5] = c;
		f[6] = d;
		rec_write(&s->w, f);
		return 0;
	}
	if (s->sku && strcmp(s->sku, r->sku) != 0)
		show_flush(s);
	if (s->sku == NULL)
		s->sku = xstrdup(r->sku);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc(s->v, (size_t)s->cap * sizeof *s->v);
		s->names = xrealloc(s->names, (size_t)s->cap *
		    sizeof *s->names);
	}
	s->names[s->n] = xstrdup(r->location);
	s->v[s->n].location = s->names[s->n];
	s->v[s->n].on_hand = r->on_hand;
	s->n++;
	return 0;
}

static const struct rec_field show_fields[] = {
	{ "scope", 0 }, { "sku", 0 }, { "location", 0 }, { "on_hand", 1 },
	{ "reserved", 1 }, { "safety", 1 }, { "atp", 1 },
};

int
stock_show(struct ledger *l, const struct config *cfg, const char *sku,
    const char *location, const char *channel, int network,
    enum rec_format format, FILE *out)
{
	struct show s;
	int rc;

	memset(&s, 0, sizeof s);
	s.cfg = cfg;
	s.channel = channel;
	s.network = network || channel;
	s.l = l;
	rec_writer_init(&s.w, out, format, show_fields, 7);
	rec_write_header(&s.w);
	rc = ledger_stock_list(l, sku, s.network ? NULL : location, 0,
	    show_row, &s);
	show_flush(&s);
	free(s.v);
	free(s.names);
	rec_writer_free(&s.w);
	return rc < 0 ? EXIT_LEDGER : EXIT_OK;
}

int
stock_list_formats(enum rec_format format, FILE *out)
{
	static const struct rec_field fields[] = { { "format", 0 },
	    { "kind", 0 }, { "description", 0 } };
	enum profile_kind kinds[4] = { KIND_SNAPSHOT, KIND_MOVEMENTS,
	    KIND_RECEIPTS, KIND_CATALOGUE };
	struct rec_writer w;
	int k, i;

	rec_writer_init(&w, out, format, fields, 3);
	rec_write_header(&w);
	for (k = 0; k < 4; k++) {
		struct profile **v = profile_builtins(kinds[k]);

		if (v == NULL) {
			rec_writer_free(&w);
			return EXIT_INTERNAL;
		}
		for (i = 0; v[i]; i++) {
			const char *f[3] = { v[i]->name,
			    profile_kind_name(kinds[k]),
			    v[i]->description };

			rec_write(&w, f);
		}
		profile_builtins_free(v);
	}
	rec_writer_free(&w);
	return EXIT_OK;
}

/* stock_feed: a SKU's locations are gathered, then its figure decided. */
struct feed {
	struct ledger *l;
	const struct config *cfg;
	const struct feed_options *opt;
	struct rec_writer w;
	char *sku;
	struct loc_qty *v;
	char **names;
	int n, cap, failed;
	long long sent;
};

static const struct rec_field feed_tsv_fields[] = {
	{ "channel", 0 }, { "sku", 0 }, { "quantity", 1 },
};
static const struct rec_field feed_shopify_fields[] = {
	{ "Handle", 0 }, { "Title", 0 }, { "Option1 Name", 0 },
	{ "Option1 Value", 0 }, { "Option2 Name", 0 }, { "Option2 Value", 0 },
	{ "Option3 Name", 0 }, { "Option3 Value", 0 }, { "SKU", 0 },
	{ "HS Code", 0 }, { "COO", 0 }, { "Location", 0 }, { "Incoming", 0 },
	{ "Unavailable", 0 }, { "Committed", 0 }, { "Available", 0 },
	{ "On hand", 0 },
};
static const struct rec_field feed_amazon_fields[] = {
	{ "sku", 0 }, { "price", 0 }, { "minimum-seller-allowed-price", 0 },
	{ "maximum-seller-allowed-price", 0 }, { "quantity", 0 },
	{ "handling-time", 0 }, { "fulfillment-channel", 0 },
};

static void
feed_write(struct feed *f, const char *sku, long long q)
{
	char num[24];
	const char *v[17];

	memset(v, 0, sizeof v);
	fmt_int(q, num);
	switch (f->opt->format) {
	case FEED_TSV:
		v[0] = f->opt->channel;
		v[1] = sku;
		v[2] = fmt_int(q, num);
		break;
	case FEED_SHOPIFY:
		v[8] = sku;
		v[11] = f->opt->shopify_location;
		v[15] = fmt_int(q, num);
		break;
	case FEED_AMAZON:
		v[0] = sku;
		v[4] = fmt_int(q, num);
		break;
	}
	rec_write(&f->w, v);
	f->sent++;
}

/* Whether to send a SKU's figure, and remember what was sent. */
static void
feed_decide(struct feed *f, const char *sku, long long q, int changed)
{
	long long last;
	int known;

	if (f->opt->since)
		known = changed;
	else if (f->opt->all)
		known = 1;
	else {
		known = ledger_watermark_get(f->l, f->opt->channel, sku, &last);
		if (known < 0) {
			f->failed = 1;
			return;
		}
		known = known == 0 || last != q;
	}
	if (!known)
		return;
	feed_write(f, sku, q);
	if (ledger_watermark_set(f->l, f->opt->channel, sku, q) < 0)
		f->failed = 1;
}

static int
feed_changed(struct feed *f, const char *sku)
{
	int c;

	if (f->opt->since == NULL)
		return 0;
	if ((c = ledger_sku_changed_since(f->l, sku, f->opt->since)) < 0)
		f->failed = 1;
	return c > 0;
}

static void
feed_flush(struct feed *f)
{
	long long reserved = 0;
	int i;

	if (f->sku == NULL)
		return;
	if (config_bundle(f->cfg, f->sku) == NULL) {
		if (ledger_sku_reserved(f->l, f->sku, &reserved) < 0)
			f->failed = 1;
		feed_decide(f, f->sku, atp(f->cfg, f->sku, f->opt->channel,
		    f->v, f->n, reserved), feed_changed(f, f->sku));
	}
	for (i = 0; i < f->n; i++)
		free(f->names[i]);
	f->n = 0;
	free(f->sku);
	f->sku = NULL;
}

static int
feed_row(void *arg, const struct stock_row *r)
{
	struct feed *f = arg;

	if (f->sku && strcmp(f->sku, r->sku) != 0)
		feed_flush(f);
	if (f->sku == NULL)
		f->sku = xstrdup(r->sku);
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->v = xrealloc(f->v, (size_t)f->cap * sizeof *f->v);
		f->names = xrealloc(f->names, (size_t)f->cap *
		    sizeof *f->names);
	}
	f->names[f->n] = xstrdup(r->location);
	f->v[f->n].location = f->names[f->n];
	f->v[f->n].on_hand = r->on_hand;
	f->n++;
	return f->failed;
}

/* A part of a bundle: its own figure, read afresh. */
struct part_sum {
	struct feed *f;
	long long min;
	int first, changed;
};

static void
gather_loc(void *arg, const char *location, long long on_hand)
{
	struct feed *f = arg;

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->v = xrealloc(f->v, (size_t)f->cap * sizeof *f->v);
		f->names = xrealloc(f->names, (size_t)f->cap *
		    sizeof *f->names);
	}
	f->names[f->n] = xstrdup(location);
	f->v[f->n].location = f->names[f->n];
	f->v[f->n++].on_hand = on_hand;
}

static void
bundle_part(void *arg, const char *sku, long long qty)
{
	struct part_sum *ps = arg;
	struct feed *f = ps->f;
	long long reserved = 0, units;
	int i;

	f->n = 0;
	if (ledger_sku_locations(f->l, sku, gather_loc, f) < 0 ||
	    ledger_sku_reserved(f->l, sku, &reserved) < 0) {
		f->failed = 1;
		return;
	}
	units = atp(f->cfg, sku, f->opt->channel, f->v, f->n, reserved) / qty;
	for (i = 0; i < f->n; i++)
		free(f->names[i]);
	f->n = 0;
	if (ps->first || units < ps->min)
		ps->min = units;
	ps->first = 0;
	ps->changed |= feed_changed(f, sku);
}

int
stock_feed(struct ledger *l, const struct config *cfg,
    const struct feed_options *opt, FILE *out)
{
	struct feed f;
	FILE *spool;
	int status, i;

	memset(&f, 0, sizeof f);
	f.l = l;
	f.cfg = cfg;
	f.opt = opt;
	if ((spool = spool_open()) == NULL) {
		return EXIT_INTERNAL;
	}
	switch (opt->format) {
	case FEED_TSV:
		rec_writer_init(&f.w, spool, opt->output, feed_tsv_fields, 3);
		break;
	case FEED_SHOPIFY:
		rec_writer_init(&f.w, spool, REC_CSV, feed_shopify_fields, 17);
		break;
	case FEED_AMAZON:
		rec_writer_init(&f.w, spool, REC_TSV, feed_amazon_fields, 7);
		break;
	}
	rec_write_header(&f.w);
	if ((status = ledger_begin(l)) != 0)
		goto out;
	if (ledger_stock_list(l, NULL, NULL, 0, feed_row, &f) < 0)
		f.failed = 1;
	feed_flush(&f);
	/* Bundles: as many as their scarcest part allows. */
	for (i = 0; i < cfg->nbundles && !f.failed; i++) {
		struct part_sum ps = { &f, 0, 1, 0 };

		config_explode(cfg, cfg->bundles[i].sku, 1, bundle_part, &ps);
		if (!f.failed)
			feed_decide(&f, cfg->bundles[i].sku, ps.min,
			    ps.changed);
	}
	if (f.failed) {
		ledger_rollback(l);
		status = EXIT_LEDGER;
		goto out;
	}
	if (opt->dry_run)
		ledger_rollback(l);
	else if ((status = ledger_commit(l)) != 0)
		goto out;
	/* The feed goes out once the watermarks say it was sent. */
	copy_stream(spool, out);
	status = EXIT_OK;
out:
	rec_writer_free(&f.w);
	free(f.v);
	free(f.names);
	fclose(spool);
	return status;
}

static const struct rec_field receipt_fields[] = {
	{ "reference", 0 }, { "sku", 0 }, { "location", 0 }, { "quantity", 1 },
	{ "received", 1 }, { "outstanding", 1 }, { "expected_at", 0 },
};

static int
receipt_out(void *arg, const struct receipt_row *r)
{
	struct rec_writer *w = arg;
	char q[24], rv[24], o[24];
	const char *v[7] = { r->reference, r->sku, r->location,
	    fmt_int(r->quantity, q), fmt_int(r->received, rv),
	    fmt_int(r->quantity - r->received, o), r->expected_at };

	rec_write(w, v);
	return 0;
}

int
stock_receipts(struct ledger *l, const char *sku, enum rec_format format,
    FILE *out)
{
	struct rec_writer w;
	int rc;

	rec_writer_init(&w, out, format, receipt_fields, 7);
	rec_write_header(&w);
	rc = ledger_receipts_list(l, sku, receipt_out, &w);
	rec_writer_free(&w);
	return rc < 0 ? EXIT_LEDGER : EXIT_OK;
}

static const struct rec_field catalogue_fields[] = {
	{ "sku", 0 }, { "title", 0 }, { "weight_g", 1 }, { "length_mm", 1 },
	{ "width_mm", 1 }, { "height_mm", 1 }, { "bin", 0 }, { "tags", 0 },
};

static int
catalogue_out(void *arg, const struct product *p)
{
	char w[24], a[24], b[24], c[24];
	const char *v[8];

	v[0] = p->sku;
	v[1] = p->title;
	v[2] = p->weight_g >= 0 ? fmt_int(p->weight_g, w) : NULL;
	v[3] = p->length_mm >= 0 ? fmt_int(p->length_mm, a) : NULL;
	v[4] = p->width_mm >= 0 ? fmt_int(p->width_mm, b) : NULL;
	v[5] = p->height_mm >= 0 ? fmt_int(p->height_mm, c) : NULL;
	v[6] = p->bin;
	v[7] = p->tags;
	rec_write(arg, v);
	return 0;
}

int
stock_catalogue(struct ledger *l, const char *sku, enum rec_format format,
    FILE *out)
{
	struct rec_writer w;
	int rc;

	rec_writer_init(&w, out, format, catalogue_fields, 8);
	rec_write_header(&w);
	rc = ledger_products(l, sku, catalogue_out, &w);
	rec_writer_free(&w);
	return rc < 0 ? EXIT_LEDGER : EXIT_OK;
}
