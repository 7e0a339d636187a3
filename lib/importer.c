/*
 * The import engine.  Rows stream in from csvin; consecutive rows with
 * the same order number form one order (Shopify puts order fields on the
 * first row only, Amazon repeats them: both work, because an order
 * field is taken from the first row of the order that has it).  Each
 * order is normalised and validated whole, then handed to the ledger or
 * rejected whole.  Memory holds one order at a time.
 */
#include <ctype.h>
#include <pthread.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "country.h"
#include "csvin.h"
#include "export.h"
#include "currency.h"
#include "datetime.h"
#include "importer.h"
#include "lifecycle.h"
#include "mapping.h"
#include "money.h"
#include "profile.h"
#include "text.h"

/* Longest value a mapped field may hold; longer is an error, not data. */
#define FIELD_MAX 2048

const struct rec_field import_fields[] = {
	{ "order", 1 }, { "channel", 0 }, { "channel_order", 0 },
	{ "status", 0 }, { "lines", 1 }, { "units", 1 }, { "total", 1 },
	{ "currency", 0 }, { "action", 0 }, { "note", 0 },
};
const int import_nfields = sizeof import_fields / sizeof import_fields[0];

/* A row kept while its order is being read. */
struct grow {
	struct buf data;
	size_t *off;
	int n, cap;
	long line;
	int cancel;
	char error[160];
};

enum { NEW, UPDATED, UNCHANGED, REJECTED };

/* A kept row as the mapping functions read it. */
#define VIEW(g) (&(struct row_view){ (g)->data.data, (g)->off, (g)->n })

/* An order read and validated, on its way to the ledger. */
struct pending {
	struct pending *next;	/* on the queue's list of stored orders */
	struct order order;
	char *key;
	long first_line, err_line;
	char err[600];		/* why it is rejected, or "" */
	struct buf raw;		/* its rows as read, for --rejects */
};

#define QUEUE_LEN 256

struct order_queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	struct pending *v[QUEUE_LEN];
	int head, len;
	int reader_waits;	/* the storing side waits for orders */
	int writer_waits;	/* the reading side waits for room */
	struct pending *stored;	/* stored orders, for the reader to free */
	int done;		/* the reader has queued its last order */
	int stop;		/* the writer wants no more */
};

struct importer {
	const struct import_options *opt;
	struct ledger *l;
	struct profile *prof;
	const char *file;
	const char *channel;
	long long channel_id, import_id;
	struct export *x;	/* the file, its header */
	/* the order being read */
	struct grow *rows;
	int nrows, caprows;
	struct grow incoming;	/* the row just read */
	struct buf raw;		/* its raw rows, for --rejects */
	char *key;		/* its order number */
	struct order order;
	long err_line;
	char err[600];
	/* output */
	struct rec_writer w;
	FILE *spool;
	FILE *rejects;
	int rejects_header_done;
	long long counts[4], rows_read, rows_skipped;
	int failed;		/* file-level failure: roll back */
	int stopped;		/* reader: the writer said stop */
	int read_status;	/* reader: -1 on a read error */
	struct order_queue queue;
	char judges[256];	/* hold reasons this file can judge */
	int status;		/* exit status of the file */
	/* progress */
	int progress;
	time_t started, last_progress;
};

/* Clip a value for a message: long values would drown the reason. */
static const char *
clip(const char *v, char out[64])
{
	size_t n = strlen(v);

	if (n <= 40)
		return v;
	snprintf(out, 64, "%.40s...", v);
	return out;
}

static void
bad(struct importer *im, long line, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
bad(struct importer *im, long line, const char *field, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (im->err[0])
		return;		/* the first error of an order is reported */
	im->err_line = line;
	if (field)
		n = snprintf(im->err, sizeof im->err, "field '%s': ", field);
	va_start(ap, fmt);
	vsnprintf(im->err + n, sizeof im->err - (size_t)n, fmt, ap);
	va_end(ap);
}






static char *
row_value(struct importer *im, const struct source *s, const struct grow *r)
{
	return value_in(s, VIEW(r), NULL, 0, 0);
}

/* The first non-empty value of a source over the order's rows. */
static char *
order_value(struct importer *im, const struct source *s, long *line)
{
	int i;
	char *v;

	for (i = 0; i < im->nrows; i++) {
		if ((v = row_value(im, s, &im->rows[i])) != NULL) {
			if (line)
				*line = im->rows[i].line;
			return v;
		}
	}
	if (line)
		*line = im->nrows ? im->rows[0].line : 0;
	return NULL;
}


/* The first rule that holds for a row (or, with r NULL, the order). */
static const struct cond *
first_rule(struct importer *im, const struct rules *rs, const struct grow *r)
{
	int i;

	for (i = 0; i < rs->n; i++) {
		char *v = r ? row_value(im, &rs->v[i].src, r) :
		    order_value(im, &rs->v[i].src, NULL);
		int hit = cond_true(&rs->v[i], v);

		free(v);
		if (hit)
			return &rs->v[i];
	}
	return NULL;
}

static char *
checked_text(struct importer *im, char *v, long line, const char *field)
{
	if (v && strlen(v) > FIELD_MAX) {
		bad(im, line, field, "too long (%zu bytes, at most %d)",
		    strlen(v), FIELD_MAX);
		free(v);
		return NULL;
	}
	return v;
}

static char *
text_field(struct importer *im, const struct source *s, const char *field)
{
	long line;
	char *v = order_value(im, s, &line);

	return checked_text(im, v, line, field);
}

static int
parse_money(struct importer *im, const char *v, long line, const char *field,
    long long *out)
{
	const char *why;
	char c[64];

	if (money_parse(v, currency_exponent(im->order.currency),
	    &im->prof->money, out, &why) < 0) {
		bad(im, line, field, "%s: '%s'", why, clip(v, c));
		return -1;
	}
	return 0;
}

/*
 * An order-level amount: the first row's, or the sum over the rows when
 * the profile says so (Amazon lists shipping per line).  Returns 1 when
 * the export gives the amount, 0 when it is absent.
 */
static int
order_money(struct importer *im, const struct source *s, const char *field,
    long long *out)
{
	int i, found = 0;
	long long sum = 0, v;

	*out = 0;
	for (i = 0; i < im->nrows; i++) {
		char *text = row_value(im, s, &im->rows[i]);

		if (text == NULL)
			continue;
		if (parse_money(im, text, im->rows[i].line, field, &v) == 0) {
			sum += v;
			found = 1;
		}
		free(text);
		if (!s->sum)
			break;
	}
	*out = sum;
	return found;
}

static int
parse_quantity(struct importer *im, const char *v, long line, int cancel,
    long long *out)
{
	const char *p = v;
	char *end, c[64];
	long long q;

	errno = 0;
	q = strtoll(p, &end, 10);
	if (end == p || errno) {
		bad(im, line, "quantity", "not a number: '%s'", clip(v, c));
		return -1;
	}
	if (*end == '.') {
		/* "2.0" from spreadsheets; "1.5" is not a count of items. */
		for (end++; *end == '0'; end++)
			;
		if (isdigit((unsigned char)*end)) {
			bad(im, line, "quantity", "not a whole number: '%s'",
			    clip(v, c));
			return -1;
		}
	}
	if (*end != '\0') {
		bad(im, line, "quantity", "not a number: '%s'", clip(v, c));
		return -1;
	}
	if (cancel && q < 0)
		q = -q;		/* a cancellation row lists what it takes back */
	if (q <= 0) {
		bad(im, line, "quantity", "must be greater than 0: '%s'", v);
		return -1;
	}
	if (q > 1000000000LL) {
		bad(im, line, "quantity", "too large: '%s'", v);
		return -1;
	}
	*out = q;
	return 0;
}

static int
parse_bool_text(const char *v, int dflt)
{
	if (v == NULL)
		return dflt;
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcmp(v, "1") || !strcasecmp(v, "y"))
		return 1;
	if (!strcasecmp(v, "false") || !strcasecmp(v, "no") ||
	    !strcmp(v, "0") || !strcasecmp(v, "n"))
		return 0;
	return -1;
}

/* Words exports use for "no country": the address just lacks one. */
static int
no_country(const char *v)
{
	static const char *const words[] = { "unspecified", "unknown", "n/a",
	    "none", "-", "--", NULL };
	int i;

	for (i = 0; words[i]; i++)
		if (strcasecmp(v, words[i]) == 0)
			return 1;
	return 0;
}

static void
read_address(struct importer *im, const struct address_map *m,
    struct address *a, int ship)
{
	long line;
	char *country;

	/* Field names for messages, without formatting them per order. */
#define ADDR(f) a->f = text_field(im, &m->f,				\
	ship ? "ship_to." #f : "bill_to." #f)
	ADDR(name);
	ADDR(company);
	ADDR(address1);
	ADDR(address2);
	ADDR(city);
	ADDR(region);
	ADDR(postal_code);
	ADDR(phone);
#undef ADDR
	country = order_value(im, &m->country, &line);
	if (country && no_country(country)) {
		free(country);
		country = NULL;
	}
	if (country) {
		const char *code = country_code(country);
		char c[64];

		if (code == NULL)
			bad(im, line, ship ? "ship_to.country" : "bill_to.country",
			    "unknown country: '%s'", clip(country, c));
		else
			a->country = xstrdup(code);
		free(country);
	}
}


/* Bit i set: this file has nothing for address field i. */
static unsigned
address_unmapped(const struct address_map *m)
{
	const struct source *f[9] = { &m->name, &m->company, &m->address1,
	    &m->address2, &m->city, &m->region, &m->postal_code, &m->country,
	    &m->phone };
	unsigned bits = 0;
	int i;

	for (i = 0; i < 9; i++)
		if (!present(f[i]))
			bits |= 1u << i;
	return bits;
}

static void
read_line_fields(struct importer *im, const struct line_map *m,
    const struct grow *r, const char *packed)
{
	const struct profile *p = im->prof;
	struct order_line *ln = order_add_line(&im->order);
	char *v;
	long long total;
	const struct cond *rule;
	char c[64];

#define VAL(src) value_in(&m->src, VIEW(r), packed, p->packed.item_sep, \
	p->packed.kv_sep)
	ln->channel_line_id = checked_text(im, VAL(id), r->line, "line.id");
	ln->sku = checked_text(im, VAL(sku), r->line, "sku");
	if (ln->sku == NULL)
		bad(im, r->line, "sku", "empty");
	ln->title = checked_text(im, VAL(title), r->line, "title");
	if ((v = VAL(quantity)) == NULL)
		bad(im, r->line, "quantity", "empty");
	else
		parse_quantity(im, v, r->line, r->cancel, &ln->quantity);
	free(v);
	if (m->unit_price.set) {
		if ((v = VAL(unit_price)) == NULL)
			bad(im, r->line, "unit_price", "empty");
		else
			parse_money(im, v, r->line, "unit_price",
			    &ln->unit_price);
		free(v);
	} else {
		if ((v = VAL(line_total)) == NULL)
			bad(im, r->line, "line_total", "empty");
		else if (parse_money(im, v, r->line, "line_total", &total) == 0 &&
		    ln->quantity > 0) {
			if (total % ln->quantity != 0)
				bad(im, r->line, "line_total", "'%s' does not "
				    "divide into %lld equal unit prices",
				    clip(v, c), ln->quantity);
			ln->unit_price = total / ln->quantity;
		}
		free(v);
	}
	if (ln->unit_price < 0)
		bad(im, r->line, m->unit_price.set ? "unit_price" :
		    "line_total", "must not be negative");
	if ((v = VAL(discount)) != NULL)
		parse_money(im, v, r->line, "discount", &ln->discount);
	free(v);
	if ((v = VAL(tax)) != NULL)
		parse_money(im, v, r->line, "tax", &ln->tax);
	free(v);
	v = VAL(requires_shipping);
	ln->requires_shipping = parse_bool_text(v, 1);
	if (ln->requires_shipping < 0)
		bad(im, r->line, "requires_shipping", "not true or false: "
		    "'%s'", clip(v, c));
	free(v);
#undef VAL
	if (!packed && (rule = first_rule(im, &m->status, r)) != NULL)
		ln->status = line_status_parse(rule->result);
}

static void
read_lines(struct importer *im)
{
	const struct profile *p = im->prof;
	int i, k;

	for (i = 0; i < im->nrows; i++) {
		const struct grow *r = &im->rows[i];

		if (!p->packed.set) {
			read_line_fields(im, &p->line, r, NULL);
			continue;
		}
		for (k = 0; k < p->packed.nindex; k++) {
			const char *cell = row_field(VIEW(r), p->packed.index[k]);

			if (*cell)
				read_line_fields(im, &p->line, r, cell);
		}
	}
}

/*
 * Build and validate the order from its rows.  On return im->err is
 * empty when the order may go to the ledger.
 */
static void
build_order(struct importer *im)
{
	const struct profile *p = im->prof;
	struct order *o = &im->order;
	char *v, c[64];
	long line;
	const struct cond *rule;
	long long subtotal = 0, line_discounts = 0, line_taxes = 0, expected;
	long long discount, tax;
	int i, has_discount, has_tax;

	order_clear(o);
	o->number = xstrdup(im->key);
	for (i = 0; i < im->nrows; i++)
		if (im->rows[i].error[0]) {
			bad(im, im->rows[i].line, NULL, "%s",
			    im->rows[i].error);
			return;
		}
	/* The currency first: amounts cannot be read without it. */
	v = order_value(im, &p->order.currency, &line);
	if (v == NULL && p->currency)
		v = xstrdup(p->currency);
	if (v == NULL) {
		bad(im, line, "currency", "empty, and the profile sets no "
		    "default currency");
		return;
	}
	for (i = 0; v[i]; i++)
		v[i] = (char)toupper((unsigned char)v[i]);
	if (currency_exponent(v) < 0) {
		bad(im, line, "currency", "unknown currency: '%s'",
		    clip(v, c));
		free(v);
		return;
	}
	snprintf(o->currency, sizeof o->currency, "%s", v);
	free(v);

	if ((v = order_value(im, &p->order.placed_at, &line)) != NULL) {
		const char *why = NULL;
		char iso[21];

		for (i = 0; i < p->ndate_formats; i++)
			if (date_parse(v, p->date_formats[i], &p->tz, iso,
			    &why) == 0)
				break;
		if (i == p->ndate_formats)
			bad(im, line, "placed_at", "%s: '%s' (expected %s)",
			    why, clip(v, c), p->date_formats[0]);
		else
			o->placed_at = xstrdup(iso);
		free(v);
	}
	o->email = text_field(im, &p->order.email, "email");
	if (o->email)
		for (i = 0; o->email[i]; i++)
			o->email[i] = (char)tolower((unsigned char)o->email[i]);
	o->phone = text_field(im, &p->order.phone, "phone");
	o->customer_name = text_field(im, &p->order.customer_name,
	    "customer_name");
	o->ship_method = text_field(im, &p->order.ship_method, "ship_method");
	/* A promise of delivery is a day: the date it falls on, UTC. */
	if ((v = order_value(im, &p->order.deliver_by, &line)) != NULL) {
		const char *why = NULL;
		char iso[21];

		for (i = 0; i < p->ndate_formats; i++)
			if (date_parse(v, p->date_formats[i], &p->tz, iso,
			    &why) == 0)
				break;
		if (i == p->ndate_formats && date_parse(v, "%Y-%m-%d", &p->tz,
		    iso, &why) < 0)
			bad(im, line, "deliver_by", "%s: '%s' (expected %s)",
			    why, clip(v, c), p->date_formats[0]);
		else
			o->deliver_by = xstrndup(iso, 10);
		free(v);
	}
	if ((o->risk = text_field(im, &p->order.risk, "risk")) != NULL)
		for (i = 0; o->risk[i]; i++)
			o->risk[i] = (char)tolower((unsigned char)o->risk[i]);
	read_address(im, &p->order.ship_to, &o->ship_to, 1);
	read_address(im, &p->order.bill_to, &o->bill_to, 0);

	o->has_lines = p->has_lines;
	if (p->has_lines)
		read_lines(im);
	if (im->err[0])
		return;
	if (p->has_lines && o->nlines == 0) {
		bad(im, im->rows[0].line, NULL, "order has no lines");
		return;
	}

	order_money(im, &p->order.shipping, "shipping", &o->shipping);
	has_tax = order_money(im, &p->order.tax, "tax", &tax);
	has_discount = order_money(im, &p->order.discount, "discount",
	    &discount);
	o->has_total = order_money(im, &p->order.total, "total", &o->total);
	if (im->err[0])
		return;
	if (o->shipping < 0)
		bad(im, im->rows[0].line, "shipping", "must not be negative");

	o->needs_shipping = 0;
	for (i = 0; i < o->nlines; i++) {
		const struct order_line *ln = &o->lines[i];

		subtotal += ln->quantity * ln->unit_price;
		line_discounts += ln->discount;
		line_taxes += ln->tax;
		o->needs_shipping |= ln->requires_shipping;
	}
	if (!p->has_lines)
		o->needs_shipping = 1;
	/*
	 * The order discount, where given, includes the lines' (Shopify and
	 * WooCommerce count it that way); tax likewise.
	 */
	o->discount = has_discount ? discount : line_discounts;
	o->tax = has_tax ? tax : line_taxes;
	expected = subtotal - o->discount + o->shipping +
	    (p->prices_include_tax ? 0 : o->tax);
	if (!o->has_total)
		o->total = expected;
	else if (p->has_lines)
		o->total_mismatch = o->total - expected;

	o->status = OS_IMPORTED;
	if ((rule = first_rule(im, &p->status, NULL)) != NULL)
		o->status = order_status_parse(rule->result);
	for (i = 0; i < im->nrows; i++)
		if (im->rows[i].cancel)
			o->status = OS_CANCELLED;
	if ((rule = first_rule(im, &p->hold, NULL)) != NULL)
		o->hold_reason = xstrdup(rule->result);
	o->address_complete = address_complete(&o->ship_to);
	o->judges = im->judges;
	o->keep_ship_to = address_unmapped(&p->order.ship_to);
	o->keep_bill_to = address_unmapped(&p->order.bill_to);
	o->unmapped = (present(&p->order.email) ? 0 : UNMAPPED_CUSTOMER) |
	    (present(&p->order.placed_at) ? 0 : UNMAPPED_PLACED_AT) |
	    (present(&p->order.shipping) ? 0 : UNMAPPED_SHIPPING) |
	    (p->has_lines || present(&p->order.total) ? 0 :
	    UNMAPPED_AMOUNTS) |
	    (present(&p->line.title) || (p->packed.set && p->line.title.set) ?
	    0 : UNMAPPED_LINE_TITLE);
	o->fingerprint = order_fingerprint(o);
}

static void
write_record(struct importer *im, const struct pending *p,
    const struct order_result *res, const char *status, const char *action,
    const char *note)
{
	char id[24], lines[24], units[24], total[24];
	const char *v[10];

	/* A dry run's new orders have no key: the ledger never held them. */
	v[0] = res && res->order_id && !(im->opt->dry_run &&
	    strcmp(action, "new") == 0) ? fmt_int(res->order_id, id) : NULL;
	v[1] = im->channel;
	v[2] = p->key;
	v[3] = status;
	v[4] = res ? fmt_int(res->nlines, lines) : NULL;
	v[5] = res ? fmt_int(res->units, units) : NULL;
	v[6] = res ? fmt_int(res->total, total) : NULL;
	v[7] = res && p->order.currency[0] ? p->order.currency : NULL;
	v[8] = action;
	v[9] = note;
	rec_write(&im->w, v);
}

static void
write_rejects(struct importer *im, const struct pending *p)
{
	if (im->rejects == NULL || p->raw.len == 0)
		return;
	if (!im->rejects_header_done) {
		fwrite(im->x->header_raw.data, 1, im->x->header_raw.len, im->rejects);
		if (im->x->header_raw.len &&
		    im->x->header_raw.data[im->x->header_raw.len - 1] != '\n')
			fputc('\n', im->rejects);
		im->rejects_header_done = 1;
	}
	fwrite(p->raw.data, 1, p->raw.len, im->rejects);
	if (p->raw.data[p->raw.len - 1] != '\n')
		fputc('\n', im->rejects);
}

static void
reject(struct importer *im, const struct pending *p)
{
	char note[700];

	warnx_("%s:%ld: %s", im->file, p->err_line, p->err);
	snprintf(note, sizeof note, "line %ld: %s", p->err_line, p->err);
	write_record(im, p, NULL, NULL, "rejected", note);
	write_rejects(im, p);
	im->counts[REJECTED]++;
	if (im->opt->strict) {
		warnx_("%s: --strict: nothing imported from this file",
		    im->file);
		im->failed = 1;
	}
}

/*
 * An order whose rows are not adjacent was stored from its first rows
 * alone, possibly as an update that cancelled lines the later rows
 * list.  No order-by-order answer is right: the file is refused whole.
 */
static void
repeated(struct importer *im, struct pending *p)
{
	warnx_("%s:%ld: order '%s' appeared earlier in this file: the rows "
	    "of an order must be adjacent (sort the file by order number); "
	    "nothing imported from this file", im->file, p->first_line,
	    p->key);
	im->failed = 1;
	im->status = EXIT_INPUT;
}

/* Main thread: store a read order in the ledger, or reject it. */
static void
store_order(struct importer *im, struct pending *p)
{
	struct order_result res;

	memset(&res, 0, sizeof res);
	buf_init(&res.note);
	if (p->err[0]) {
		/* A stray later row of an order is the likelier story. */
		if (*p->key && ledger_order_in_import(im->l, im->channel_id,
		    im->import_id, p->key))
			repeated(im, p);
		else
			reject(im, p);
		goto out;
	}
	switch (ledger_put_order(im->l, im->channel_id, im->import_id,
	    &p->order, &res)) {
	case PUT_OK:
		write_record(im, p, &res, res.status, res.action,
		    res.note.data);
		im->counts[!strcmp(res.action, "new") ? NEW :
		    !strcmp(res.action, "updated") ? UPDATED : UNCHANGED]++;
		if (res.note.len && strstr(res.note.data, "conflict:"))
			warnx_("%s:%ld: order '%s': channel status ignored: "
			    "the order has moved on in oms", im->file,
			    p->first_line, p->key);
		break;
	case PUT_REPEATED:
		repeated(im, p);
		break;
	case PUT_FAILED:
		im->failed = 1;
		im->status = EXIT_LEDGER;
		break;
	}
out:
	buf_free(&res.note);
}

static void
pending_free(struct pending *p)
{
	order_clear(&p->order);
	free(p->order.lines);
	free(p->key);
	buf_free(&p->raw);
	free(p);
}

/*
 * Reading and storing overlap: a reader thread parses and validates
 * orders while the main thread writes the ledger, through a short
 * queue.  Order is kept; memory stays bounded by the queue's length.
 */
static int
queue_push(struct order_queue *q, struct pending *p)
{
	struct pending *stored, *next;
	int stop;

	pthread_mutex_lock(&q->lock);
	/*
	 * Freeing an order is forty-odd free()s: the reader, which has
	 * time to spare, does it for the writer, which has none.
	 */
	stored = q->stored;
	q->stored = NULL;
	if (q->len == QUEUE_LEN && !q->stop) {
		/* Sleep until half is free: no wake-up per order. */
		q->writer_waits = 1;
		while (q->len > QUEUE_LEN / 2 && !q->stop)
			pthread_cond_wait(&q->not_full, &q->lock);
		q->writer_waits = 0;
	}
	stop = q->stop;
	if (!stop) {
		q->v[(q->head + q->len++) % QUEUE_LEN] = p;
		if (q->reader_waits)
			pthread_cond_signal(&q->not_empty);
	}
	pthread_mutex_unlock(&q->lock);
	for (; stored; stored = next) {
		next = stored->next;
		pending_free(stored);
	}
	if (stop)
		pending_free(p);
	return stop ? -1 : 0;
}

/*
 * Hand back the order just stored (or NULL) and take the next one;
 * NULL once the reader is done.
 */
static struct pending *
queue_pop(struct order_queue *q, struct pending *stored)
{
	struct pending *p = NULL;

	pthread_mutex_lock(&q->lock);
	if (stored) {
		stored->next = q->stored;
		q->stored = stored;
	}
	q->reader_waits = 1;
	while (q->len == 0 && !q->done)
		pthread_cond_wait(&q->not_empty, &q->lock);
	q->reader_waits = 0;
	if (q->len) {
		p = q->v[q->head];
		q->head = (q->head + 1) % QUEUE_LEN;
		q->len--;
		if (q->writer_waits && q->len <= QUEUE_LEN / 2)
			pthread_cond_signal(&q->not_full);
	}
	pthread_mutex_unlock(&q->lock);
	return p;
}

static void
queue_stop(struct order_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->stop = 1;
	pthread_cond_broadcast(&q->not_full);
	pthread_mutex_unlock(&q->lock);
}

static void
queue_done(struct order_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->done = 1;
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

/* Reader thread: the order's rows are complete; validate and queue it. */
static void
finish_order(struct importer *im)
{
	struct pending *p;

	if (im->nrows == 0 || im->stopped)
		return;
	im->err[0] = '\0';
	build_order(im);
	p = xcalloc(1, sizeof *p);
	p->order = im->order;
	memset(&im->order, 0, sizeof im->order);
	p->key = xstrdup(im->key);
	p->first_line = im->rows[0].line;
	p->err_line = im->err_line;
	memcpy(p->err, im->err, sizeof p->err);
	p->raw = im->raw;
	buf_init(&im->raw);
	im->nrows = 0;
	if (queue_push(&im->queue, p) < 0)
		im->stopped = 1;
}

/*
 * Copy a parsed row into g: one copy of its bytes and offsets.  Values
 * are trimmed when they are read, so the many unmapped columns of a
 * wide export cost nothing more.
 */
static void
copy_row(struct grow *g, const struct csv_row *r)
{
	size_t base;
	int i;

	buf_reset(&g->data);
	if (g->cap < r->nfields) {
		g->cap = r->nfields;
		g->off = xrealloc(g->off, (size_t)g->cap * sizeof *g->off);
	}
	g->n = r->nfields;
	if (r->nfields > 0) {
		base = (size_t)(r->fields[0] - r->data.data);
		buf_add(&g->data, r->data.data + base, r->data.len - base);
		for (i = 0; i < r->nfields; i++)
			g->off[i] = (size_t)(r->fields[i] - r->fields[0]);
	}
	g->line = r->line;
	g->cancel = 0;
	if (r->error[0])
		memcpy(g->error, r->error, sizeof g->error);
	else
		g->error[0] = '\0';
}

/* Move the incoming row into the order, swapping buffers to reuse them. */
static void
append_row(struct importer *im, struct grow *g)
{
	struct grow tmp;

	if (im->nrows == im->caprows) {
		im->caprows = im->caprows ? im->caprows * 2 : 8;
		im->rows = xrealloc(im->rows, (size_t)im->caprows *
		    sizeof *im->rows);
		memset(im->rows + im->nrows, 0, (size_t)(im->caprows -
		    im->nrows) * sizeof *im->rows);
	}
	tmp = im->rows[im->nrows];
	im->rows[im->nrows++] = *g;
	*g = tmp;
}

static int
row_is_blank(const struct grow *g)
{
	size_t len;
	int i;

	for (i = 0; i < g->n; i++)
		if (*trimmed(row_field(VIEW(g), i), &len) && len)
			return 0;
	return 1;
}

static void
progress(struct importer *im, int done)
{
	time_t now;
	double secs;

	if (!im->progress)
		return;
	now = time(NULL);
	if (!done && now == im->last_progress)
		return;
	im->last_progress = now;
	secs = difftime(now, im->started);
	fprintf(stderr, "\r%s: %s: %lld rows, %.0f rows/s%s", progname,
	    im->file, im->rows_read,
	    secs > 0 ? (double)im->rows_read / secs : (double)im->rows_read,
	    done ? "\033[K\n" : "\033[K");
}

/* One data row: skip it, or add it to its order. */
static void
take_row(struct importer *im, const struct csv_row *r)
{
	struct grow *g = &im->incoming;
	char *key;
	int i, extra = 0;

	im->rows_read++;
	if ((im->rows_read & 4095) == 0)
		progress(im, 0);
	copy_row(g, r);
	if (row_is_blank(g) || first_rule(im, &im->prof->skip, g)) {
		im->rows_skipped++;
		return;
	}
	for (i = im->x->nheader; i < g->n; i++) {
		size_t len;

		trimmed(row_field(VIEW(g), i), &len);
		extra |= len != 0;
	}
	if (g->error[0] == '\0' && (extra || g->n < im->x->nheader_used))
		snprintf(g->error, sizeof g->error, "%d fields, header has "
		    "%d%s", g->n, im->x->nheader, extra ? "" :
		    " (a truncated row?)");
	g->cancel = first_rule(im, &im->prof->cancel, g) != NULL;
	key = row_value(im, &im->prof->order.number, g);
	if (key == NULL && g->error[0] == '\0')
		snprintf(g->error, sizeof g->error, "field 'number': empty");
	if (key == NULL || im->key == NULL || strcmp(key, im->key) != 0) {
		/* A new order begins: the one before it is complete. */
		finish_order(im);
		free(im->key);
		im->key = key ? key : xstrdup("");
	} else
		free(key);
	append_row(im, g);
	if (im->rejects)
		buf_add(&im->raw, r->raw.data, r->raw.len);
}

/* Reader thread: every data row of the file, into orders on the queue. */
static void *
read_orders(void *arg)
{
	struct importer *im = arg;
	struct csv_row *r = NULL;
	int rc;

	while (!im->stopped && (rc = csvin_next(&im->x->in, &r)) == 1)
		take_row(im, r);
	if (!im->stopped) {
		if (rc < 0)
			im->read_status = -1;
		else
			finish_order(im);
	}
	progress(im, 1);
	queue_done(&im->queue);
	return NULL;
}

static void
importer_free(struct importer *im)
{
	int i;

	for (i = 0; i < im->caprows; i++) {
		buf_free(&im->rows[i].data);
		free(im->rows[i].off);
	}
	free(im->rows);
	buf_free(&im->incoming.data);
	free(im->incoming.off);
	buf_free(&im->raw);
	free(im->key);
	order_clear(&im->order);
	free(im->order.lines);
	rec_writer_free(&im->w);
}

static void
warn_rules(struct importer *im, const struct rules *r, const char *what,
    long line)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!present(&r->v[i].src))
			warnx_("%s:%ld: column '%s' of a %s rule in %s is not "
			    "in the header: the rule reads it as empty",
			    im->file, line, r->v[i].src.columns[0], what,
			    im->prof->origin);
}

/*
 * A merchant's own profile that names a column the file lacks is most
 * likely a typo: say so once.  (Built-in profiles name columns that
 * only some variants of an export have.)
 */
static void
warn_absent_rules(struct importer *im, long line)
{
	const struct profile *p = im->prof;

	warn_rules(im, &p->skip, "skip", line);
	warn_rules(im, &p->cancel, "cancel", line);
	warn_rules(im, &p->hold, "hold", line);
	warn_rules(im, &p->status, "status", line);
	if (!p->packed.set)
		warn_rules(im, &p->line.status, "line status", line);
}

static void
set_judges(struct importer *im)
{
	const struct profile *p = im->prof;
	size_t n = 0;
	int i;

	im->judges[0] = '\0';
	if (present(&p->order.ship_to.address1))
		n += (size_t)snprintf(im->judges, sizeof im->judges, "address");
	for (i = 0; i < p->hold.n && n < sizeof im->judges; i++)
		if (present(&p->hold.v[i].src))
			n += (size_t)snprintf(im->judges + n,
			    sizeof im->judges - n, "%s%s", n ? " " : "",
			    p->hold.v[i].result);
}

/*
 * The header is read: bind the profile to it and note what it means
 * for this file (absent rule columns, holds it can judge).
 */
static int
bind_header(struct importer *im)
{
	struct export *x = im->x;

	if (profile_bind(im->prof, x->header, x->nheader, x->file,
	    x->header_line) < 0)
		return -1;
	if (im->opt->profile_path)
		warn_absent_rules(im, x->header_line);
	set_judges(im);
	return 0;
}

static void
summary(struct importer *im)
{
	if (im->opt->quiet)
		return;
	fprintf(stderr, "%s: %s: %lld rows, %lld orders: %lld new, %lld "
	    "updated, %lld unchanged, %lld rejected%s\n", progname, im->file,
	    im->rows_read, im->counts[NEW] + im->counts[UPDATED] +
	    im->counts[UNCHANGED] + im->counts[REJECTED], im->counts[NEW],
	    im->counts[UPDATED], im->counts[UNCHANGED], im->counts[REJECTED],
	    im->opt->dry_run ? " (dry run: nothing written)" : "");
}

static int
import_one(struct ledger *l, const char *path, const struct import_options *opt,
    struct profile *given, struct profile **builtins, FILE *rejects,
    struct rec_writer *out)
{
	struct importer im;
	struct export x;
	struct pending *p;
	pthread_t reader;
	int rc, status;

	memset(&im, 0, sizeof im);
	im.opt = opt;
	im.l = l;
	im.rejects = rejects;
	im.x = &x;
	status = export_open(&x, path, given, builtins);
	im.file = x.file;
	if (status != 0)
		goto out;
	im.prof = x.prof;
	status = EXIT_INPUT;
	if (bind_header(&im) < 0)
		goto out;
	x.in.keep_raw = rejects != NULL;	/* raw rows serve --rejects only */
	im.channel = opt->channel ? opt->channel :
	    im.prof->channel ? im.prof->channel : im.prof->name;
	if ((im.spool = spool_open()) == NULL) {
		status = EXIT_INTERNAL;
		goto out;
	}
	rec_writer_init(&im.w, im.spool, opt->output, import_fields,
	    import_nfields);
	im.w.header_written = 1;	/* the caller writes it once */
	if ((status = ledger_begin(l)) != 0)
		goto out;
	im.status = EXIT_OK;
	if ((im.channel_id = ledger_channel(l, im.channel)) < 0 ||
	    (im.import_id = ledger_import_start(l, im.file, im.prof->name,
	    im.channel_id)) < 0) {
		ledger_rollback(l);
		status = EXIT_LEDGER;
		goto out;
	}
	im.progress = !opt->quiet && isatty(2);
	im.started = time(NULL);
	pthread_mutex_init(&im.queue.lock, NULL);
	pthread_cond_init(&im.queue.not_empty, NULL);
	pthread_cond_init(&im.queue.not_full, NULL);
	if ((rc = pthread_create(&reader, NULL, read_orders, &im)) != 0) {
		/* The queue needs its reader: without one, stop cleanly. */
		warnx_("cannot start a thread: %s", strerror(rc));
		ledger_rollback(l);
		status = EXIT_INTERNAL;
		goto out;
	}
	p = NULL;
	while ((p = queue_pop(&im.queue, p)) != NULL) {
		if (!im.failed) {
			store_order(&im, p);
			if (im.failed)
				queue_stop(&im.queue);
		}
	}
	if (rc == 0)
		pthread_join(reader, NULL);
	while ((p = im.queue.stored) != NULL) {
		im.queue.stored = p->next;
		pending_free(p);
	}
	pthread_cond_destroy(&im.queue.not_full);
	pthread_cond_destroy(&im.queue.not_empty);
	pthread_mutex_destroy(&im.queue.lock);
	if (!im.failed && im.read_status < 0) {
		im.failed = 1;
		im.status = EXIT_INPUT;
	}
	if (x.in.fatal && !im.failed) {
		warnx_("%s: cannot go on past line %ld", im.file, x.in.lineno);
		im.failed = 1;
	}
	if (im.failed) {
		ledger_rollback(l);
		status = im.status != EXIT_OK ? im.status : EXIT_INPUT;
		goto out;
	}
	if (opt->dry_run || im.counts[NEW] + im.counts[UPDATED] +
	    im.counts[UNCHANGED] == 0)
		ledger_rollback(l);	/* nothing stored: leave no trace */
	else if (ledger_import_finish(l, im.import_id, im.counts) < 0 ||
	    (status = ledger_commit(l)) != 0) {
		ledger_rollback(l);
		status = status ? status : EXIT_LEDGER;
		goto out;
	}
	/* Records go out only once the ledger holds what they say. */
	fflush(im.spool);
	rec_write_header(out);
	fflush(out->fp);
	copy_stream(im.spool, out->fp);
	summary(&im);
	if (im.counts[REJECTED] == 0)
		status = EXIT_OK;
	else if (im.counts[NEW] + im.counts[UPDATED] + im.counts[UNCHANGED])
		status = EXIT_PARTIAL;
	else
		status = EXIT_INPUT;
out:
	if (im.spool)
		fclose(im.spool);
	export_close(&x);
	importer_free(&im);
	return status;
}

int
import_files(struct ledger *l, char *const *files, int nfiles,
    const struct import_options *opt, FILE *outfp)
{
	static char *const stdin_only[] = { "-" };
	struct profile *given = NULL, **builtins;
	struct rec_writer out;
	FILE *rejects = NULL;
	int i, status = EXIT_OK, worst = EXIT_OK, ok_files = 0;

	if ((builtins = profile_builtins(KIND_ORDERS)) == NULL)
		return EXIT_INTERNAL;
	if (opt->profile_path &&
	    (given = profile_load_file(opt->profile_path)) == NULL) {
		status = EXIT_USAGE;
		goto out;
	}
	if (given && given->kind != KIND_ORDERS) {
		warnx_("%s: a %s profile: stock files go to oms-stock",
		    opt->profile_path, profile_kind_name(given->kind));
		status = EXIT_USAGE;
		goto out;
	}
	if (opt->format && (given = export_named(builtins, opt->format,
	    "formats")) == NULL) {
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
	rec_writer_init(&out, outfp, opt->output, import_fields,
	    import_nfields);
	for (i = 0; i < nfiles; i++) {
		int s = import_one(l, files[i], opt, given, builtins, rejects,
		    &out);

		if (s == EXIT_BUSY || s == EXIT_LEDGER || s == EXIT_INTERNAL) {
			/* The ledger, not the file, is in trouble: stop. */
			worst = s;
			break;
		}
		if (s == EXIT_OK || s == EXIT_PARTIAL)
			ok_files++;
		if (s > worst)
			worst = s;
	}
	/* After a ledger failure, no header: nothing was said. */
	if (worst != EXIT_BUSY && worst != EXIT_LEDGER && worst != EXIT_INTERNAL)
		rec_write_header(&out);
	rec_writer_free(&out);
	status = worst;
	if (status == EXIT_INPUT && ok_files > 0)
		status = EXIT_PARTIAL;
out:
	if (rejects && fclose(rejects) != 0 && status == EXIT_OK) {
		warnx_("%s: %s", opt->rejects_path, errno_text());
		status = EXIT_INTERNAL;
	}
	if (given && opt->profile_path)
		profile_free(given);
	profile_builtins_free(builtins);
	return status;
}

int
import_list_formats(enum rec_format format, FILE *out)
{
	static const struct rec_field fields[] = { { "format", 0 },
	    { "channel", 0 }, { "description", 0 } };
	struct rec_writer w;
	int i;

	struct profile **v = profile_builtins(KIND_ORDERS);

	if (v == NULL)
		return EXIT_INTERNAL;
	rec_writer_init(&w, out, format, fields, 3);
	rec_write_header(&w);
	for (i = 0; v[i]; i++) {
		const char *f[3] = { v[i]->name, v[i]->channel ? v[i]->channel :
		    v[i]->name, v[i]->description };

		rec_write(&w, f);
	}
	rec_writer_free(&w);
	profile_builtins_free(v);
	return EXIT_OK;
}
