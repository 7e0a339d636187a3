/*
 * oms-ship's engine.  Labelling talks to carriers, which the ledger
 * cannot roll back, so it goes in three steps per batch: a transaction
 * chooses each parcel's service and takes its tracking serial
 * ("labelling"); then the labels are made, by the offline carrier here
 * or by an adapter; then a transaction records the tracking numbers.
 * A run killed between them finds its parcels "labelling" with their
 * plan and asks again for the same numbers: the offline carrier
 * derives them from the serial, an adapter gets the same parcel key
 * (oms-carrier(7)).  The hand-over to the carrier is one transaction.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "carrier.h"
#include "country.h"
#include "label.h"
#include "shipping.h"
#include "util.h"

#define LABEL_BATCH 200
#define SHIP_BATCH 1000

/* A parcel of a batch, with its plan and what became of it. */
struct job {
	struct ship_parcel p;		/* strings in the batch's arena */
	struct parcel_plan plan;
	const struct carrier *carrier;
	const struct carrier_service *service;
	char tracking[80];
	char label[1024];
	char ship_day[11];
	char promised[11], expected[11], currency[4];	/* the plan's */
	char why[600];			/* why it failed; "" when it did not */
	int planned;
	int sent;			/* given to its adapter */
};

struct batch {
	struct job *v;
	int n, cap;
	struct arena a;
	long long after;
};

static const char *
keep(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static int
keep_parcel(void *arg, const struct ship_parcel *p)
{
	struct batch *b = arg;
	struct job *j;
	struct arena *a = &b->a;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->v = xrealloc(b->v, (size_t)b->cap * sizeof *b->v);
	}
	j = &b->v[b->n++];
	memset(j, 0, sizeof *j);
	j->p = *p;
	j->p.location = keep(a, p->location);
	j->p.status = keep(a, p->status);
	j->p.carrier = keep(a, p->carrier);
	j->p.service = keep(a, p->service);
	j->p.tracking = keep(a, p->tracking);
	j->p.channel = keep(a, p->channel);
	j->p.channel_order = keep(a, p->channel_order);
	j->p.ship_method = keep(a, p->ship_method);
	j->p.placed_at = keep(a, p->placed_at);
	j->p.currency = keep(a, p->currency);
	j->p.to.name = keep(a, p->to.name);
	j->p.to.company = keep(a, p->to.company);
	j->p.to.address1 = keep(a, p->to.address1);
	j->p.to.address2 = keep(a, p->to.address2);
	j->p.to.city = keep(a, p->to.city);
	j->p.to.region = keep(a, p->to.region);
	j->p.to.postal_code = keep(a, p->to.postal_code);
	j->p.to.country = keep(a, p->to.country);
	j->p.to.phone = keep(a, p->to.phone);
	j->p.price_currency = keep(a, p->price_currency);
	j->p.promised_by = keep(a, p->promised_by);
	j->p.expected_by = keep(a, p->expected_by);
	j->p.label = keep(a, p->label);
	j->p.deliver_by = keep(a, p->deliver_by);
	b->after = p->parcel_id;
	return 0;
}

static void
batch_reset(struct batch *b)
{
	b->n = 0;
	arena_reset(&b->a);
}

static void
batch_free(struct batch *b)
{
	free(b->v);
	arena_free(&b->a);
}

static int
nquotes(const struct config *cfg)
{
	int i, n = 0;

	for (i = 0; i < cfg->ncarriers; i++)
		n += cfg->carriers[i].nservices;
	return n > 0 ? n : 1;
}

/*
 * What a parcel weighs: what packing measured, else (a group in one
 * parcel) its units by the catalogue; -1 when neither says.
 */
static long long
parcel_weight(const struct ship_parcel *p)
{
	if (p->weight_g >= 0)
		return p->weight_g;
	return p->parcels == 1 ? p->catalogue_g : -1;
}

/*
 * Quote a parcel; returns the chosen quote's index, or -1 with why.
 * promise gets the day promised ("" when none).
 */
static int
quote_parcel(const struct config *cfg, const struct ship_parcel *p,
    const char *now, struct quote *q, int *nq, char promise[11],
    char *why, size_t n)
{
	struct parcel_spec spec;
	long long w = parcel_weight(p);
	int k, i, chosen;
	size_t len;

	promise[0] = '\0';
	*nq = 0;
	if (w < 0) {
		snprintf(why, n, "no weight: packing gave none and the "
		    "catalogue lacks one of its SKUs");
		return -1;
	}
	if (p->to.country == NULL) {
		snprintf(why, n, "no country to ship to");
		return -1;
	}
	memset(&spec, 0, sizeof spec);
	spec.weight_g = w;
	spec.length_mm = p->length_mm > 0 ? (int)p->length_mm : 0;
	spec.width_mm = p->width_mm > 0 ? (int)p->width_mm : 0;
	spec.height_mm = p->height_mm > 0 ? (int)p->height_mm : 0;
	/* The channel's own promise, else the ship method's in oms.yaml. */
	if (p->deliver_by)
		snprintf(promise, 11, "%.10s", p->deliver_by);
	else if (p->placed_at && carrier_promise_day(cfg, p->ship_method,
	    p->placed_at, promise) < 0)
		promise[0] = '\0';
	k = carrier_quotes(cfg, p->location, &spec, p->to.country,
	    p->to.postal_code, now, promise[0] ? promise : NULL, q,
	    nquotes(cfg));
	if (k < 0) {
		snprintf(why, n, "cannot quote at %s", now);
		return -1;
	}
	*nq = k;
	if ((chosen = carrier_choose(q, k)) >= 0)
		return chosen;
	if (k == 0) {
		snprintf(why, n, "no carrier collects from %s", p->location);
		return -1;
	}
	len = (size_t)snprintf(why, n, "no service can take it:");
	for (i = 0; i < k && len < n; i++)
		len += (size_t)snprintf(why + len, n - len, "%s %s %s: %s",
		    i ? ";" : "", q[i].carrier->code, q[i].service->code,
		    q[i].why);
	return -1;
}

/* Rate shopping, written out. */

static const struct rec_field rate_fields[] = {
	{ "order", 1 }, { "group", 1 }, { "parcel", 1 }, { "location", 0 },
	{ "weight_g", 1 }, { "carrier", 0 }, { "service", 0 }, { "zone", 0 },
	{ "billable_g", 1 }, { "price", 1 }, { "currency", 0 },
	{ "ship_day", 0 }, { "delivery_day", 0 }, { "promised_by", 0 },
	{ "on_time", 0 }, { "chosen", 0 }, { "why", 0 },
};
#define NRATE ((int)(sizeof rate_fields / sizeof rate_fields[0]))

static void
rate_out(struct rec_writer *w, const struct ship_parcel *p,
    const struct quote *q, const char *promise, int chosen, const char *why)
{
	char o[24], g[24], pa[24], wt[24], b[24], pr[24];
	const char *v[NRATE];
	long long weight = parcel_weight(p);

	memset(v, 0, sizeof v);
	v[0] = fmt_int(p->order_id, o);
	v[1] = fmt_int(p->group_id, g);
	v[2] = fmt_int(p->parcel_id, pa);
	v[3] = p->location;
	v[4] = weight >= 0 ? fmt_int(weight, wt) : NULL;
	if (q) {
		v[5] = q->carrier->code;
		v[6] = q->service->code;
		v[7] = q->zone;
		if (q->why[0] == '\0') {
			v[8] = fmt_int(q->billable_g, b);
			v[9] = fmt_int(q->price, pr);
			v[10] = q->currency;
			v[11] = q->ship_day;
			v[12] = q->delivery_day;
			v[14] = q->meets_promise ? "yes" : "no";
		}
	}
	v[13] = promise && *promise ? promise : NULL;
	v[15] = chosen ? "yes" : "no";
	v[16] = why && *why ? why : q && q->why[0] ? q->why : NULL;
	rec_write(w, v);
}

int
ship_rate(struct ledger *l, const struct config *cfg,
    const struct ship_options *opt, FILE *out)
{
	struct batch b;
	struct rec_writer w;
	struct quote *q = xcalloc((size_t)nquotes(cfg), sizeof *q);
	char now[21], promise[11], why[600];
	int got, i, k, nq, chosen, status, failed = 0;

	memset(&b, 0, sizeof b);
	if ((status = ledger_snapshot(l)) != 0) {
		free(q);
		return status;
	}
	now_iso(now);
	rec_writer_init(&w, out, opt->output, rate_fields, NRATE);
	rec_write_header(&w);
	do {
		batch_reset(&b);
		if ((got = ledger_parcels_to_label(l, opt->location, b.after,
		    LABEL_BATCH, keep_parcel, &b)) < 0) {
			status = EXIT_LEDGER;
			break;
		}
		for (i = 0; i < b.n; i++) {
			const struct ship_parcel *p = &b.v[i].p;

			chosen = quote_parcel(cfg, p, now, q, &nq, promise,
			    why, sizeof why);
			if (chosen < 0)
				failed++;
			if (chosen < 0 && (!opt->explain || nq == 0))
				rate_out(&w, p, NULL, promise, 0, why);
			for (k = 0; k < nq; k++)
				if (opt->explain || k == chosen)
					rate_out(&w, p, &q[k], promise,
					    k == chosen, NULL);
		}
	} while (got == LABEL_BATCH);
	rec_writer_free(&w);
	ledger_rollback(l);
	batch_free(&b);
	free(q);
	if (status == 0 && failed)
		status = EXIT_PARTIAL;
	return status;
}

/* Labels. */

static const struct rec_field label_fields[] = {
	{ "order", 1 }, { "group", 1 }, { "parcel", 1 }, { "location", 0 },
	{ "channel", 0 }, { "channel_order", 0 }, { "carrier", 0 },
	{ "service", 0 }, { "tracking", 0 }, { "label", 0 }, { "price", 1 },
	{ "currency", 0 }, { "promised_by", 0 }, { "expected_by", 0 },
	{ "action", 0 }, { "why", 0 },
};
#define NLABEL ((int)(sizeof label_fields / sizeof label_fields[0]))

static void
label_out(struct rec_writer *w, const struct job *j)
{
	char o[24], g[24], pa[24], pr[24];
	const char *v[NLABEL];
	int ok = j->why[0] == '\0';

	memset(v, 0, sizeof v);
	v[0] = fmt_int(j->p.order_id, o);
	v[1] = fmt_int(j->p.group_id, g);
	v[2] = fmt_int(j->p.parcel_id, pa);
	v[3] = j->p.location;
	v[4] = j->p.channel;
	v[5] = j->p.channel_order;
	if (j->planned) {
		v[6] = j->plan.carrier;
		v[7] = j->plan.service;
		v[10] = j->plan.price >= 0 ? fmt_int(j->plan.price, pr) : NULL;
		v[11] = j->plan.currency;
		v[12] = j->plan.promised_by;
		v[13] = j->plan.expected_by;
	}
	if (ok) {
		v[8] = j->tracking;
		v[9] = j->label;
	}
	v[14] = ok ? "labelled" : "failed";
	v[15] = ok ? NULL : j->why;
	rec_write(w, v);
}

/* Step 1, in a transaction: each new parcel's service and serial. */
static int
plan_parcel(struct ledger *l, const struct config *cfg, struct job *j,
    struct quote *q, const char *now)
{
	char promise[11];
	int nq, c;
	long long serial = -1;

	if (strcmp(j->p.status, "labelling") == 0) {
		/* Planned by a run that did not finish: the same again. */
		j->plan.carrier = j->p.carrier;
		j->plan.service = j->p.service;
		j->plan.serial = j->p.serial;
		j->plan.price = j->p.price;
		j->plan.currency = j->p.price_currency;
		j->plan.promised_by = j->p.promised_by;
		j->plan.expected_by = j->p.expected_by;
		j->planned = 1;
		snprintf(j->ship_day, sizeof j->ship_day, "%.10s", now);
		return 0;
	}
	if ((c = quote_parcel(cfg, &j->p, now, q, &nq, promise, j->why,
	    sizeof j->why)) < 0)
		return 0;
	j->carrier = q[c].carrier;
	j->service = q[c].service;
	if (strcmp(j->carrier->adapter, "offline") == 0) {
		if (j->carrier->tracking.scheme == TRACK_NONE) {
			snprintf(j->why, sizeof j->why, "carrier %s has neither "
			    "tracking numbers nor an adapter",
			    j->carrier->code);
			return 0;
		}
		if ((serial = ledger_tracking_serial(l, j->carrier->code,
		    j->carrier->tracking.first)) < 0)
			return -1;
		if (serial > j->carrier->tracking.last) {
			snprintf(j->why, sizeof j->why, "carrier %s has used "
			    "up its tracking numbers (last %lld)",
			    j->carrier->code, j->carrier->tracking.last);
			return 0;
		}
	}
	j->plan.carrier = j->carrier->code;
	j->plan.service = j->service->code;
	j->plan.serial = serial;
	j->plan.price = q[c].price;
	snprintf(j->currency, sizeof j->currency, "%s", q[c].currency);
	snprintf(j->promised, sizeof j->promised, "%s", promise);
	snprintf(j->expected, sizeof j->expected, "%s", q[c].delivery_day);
	j->plan.currency = j->currency[0] ? j->currency : NULL;
	j->plan.promised_by = j->promised[0] ? j->promised : NULL;
	j->plan.expected_by = j->expected;
	if (ledger_parcel_plan(l, j->p.parcel_id, &j->plan) < 0)
		return -1;
	snprintf(j->ship_day, sizeof j->ship_day, "%s", q[c].ship_day);
	j->planned = 1;
	return 0;
}

static void
fill_label(const struct config *cfg, const struct job *j, struct label *lb,
    char *reference, size_t n)
{
	const struct location *loc = config_location(cfg, j->p.location);
	const struct carrier *cr = config_carrier(cfg, j->plan.carrier);

	memset(lb, 0, sizeof *lb);
	if (loc) {
		lb->from.name = loc->name;
		lb->from.address1 = loc->address1;
		lb->from.postal_code = loc->postal_code;
		lb->from.city = loc->city;
		lb->from.region = loc->region;
		lb->from.country = loc->country;
	}
	lb->to.name = j->p.to.name;
	lb->to.company = j->p.to.company;
	lb->to.address1 = j->p.to.address1;
	lb->to.address2 = j->p.to.address2;
	lb->to.postal_code = j->p.to.postal_code;
	lb->to.city = j->p.to.city;
	lb->to.region = j->p.to.region;
	lb->to.country = j->p.to.country;
	lb->to.phone = j->p.to.phone;
	lb->carrier = cr ? cr->name : j->plan.carrier;
	lb->service = carrier_service_name(cr, j->plan.service);
	lb->tracking = j->tracking;
	lb->weight_g = parcel_weight(&j->p) < 0 ? 0 : parcel_weight(&j->p);
	snprintf(reference, n, "%s %s / order %lld", j->p.channel,
	    j->p.channel_order, j->p.order_id);
	lb->reference = reference;
	lb->parcel_no = j->p.parcel_no;
	lb->parcels = j->p.parcels;
	lb->ship_date = j->ship_day;
}

/* A label made here, written whole or not at all. */
static void
offline_label(const struct config *cfg, const struct ship_options *opt,
    struct job *j, int format, int size)
{
	struct label lb;
	char reference[300], tmp[1100], why[300];
	FILE *fp;
	int rc;

	if (tracking_format(j->carrier, j->plan.serial, j->tracking,
	    sizeof j->tracking) < 0) {
		snprintf(j->why, sizeof j->why, "serial %lld is outside "
		    "carrier %s's range", j->plan.serial, j->carrier->code);
		return;
	}
	fill_label(cfg, j, &lb, reference, sizeof reference);
	if (label_check(&lb, format, size, why, sizeof why) < 0) {
		snprintf(j->why, sizeof j->why, "label: %s", why);
		j->tracking[0] = '\0';
		return;
	}
	snprintf(j->label, sizeof j->label, "%s/%s.%s", opt->labels_dir,
	    j->tracking, format == LABEL_ZPL ? "zpl" : "pdf");
	snprintf(tmp, sizeof tmp, "%s.tmp", j->label);
	if (format == LABEL_ZPL) {
		if ((fp = fopen(tmp, "w")) == NULL) {
			rc = -1;
			snprintf(why, sizeof why, "%.200s: %s", tmp,
			    strerror(errno));
		} else {
			rc = label_write_zpl(&lb, size, fp);
			if (fclose(fp) != 0 || rc < 0) {
				rc = -1;
				snprintf(why, sizeof why, "%.200s: write "
				    "error", tmp);
			}
		}
	} else
		rc = label_write_pdf(&lb, size, tmp, why, sizeof why);
	if (rc == 0 && rename(tmp, j->label) != 0) {
		rc = -1;
		snprintf(why, sizeof why, "%.200s: %s", j->label,
		    strerror(errno));
	}
	if (rc < 0) {
		unlink(tmp);
		snprintf(j->why, sizeof j->why, "label: %s", why);
		j->tracking[0] = j->label[0] = '\0';
	}
}

/* The records an adapter reads (oms-carrier(7)). */
static const struct rec_field adapter_fields[] = {
	{ "parcel", 1 }, { "order", 1 }, { "group", 1 }, { "parcel_no", 1 },
	{ "parcels", 1 }, { "carrier", 0 }, { "service", 0 },
	{ "weight_g", 1 }, { "length_mm", 1 }, { "width_mm", 1 },
	{ "height_mm", 1 }, { "reference", 0 }, { "ship_date", 0 },
	{ "from_name", 0 }, { "from_address1", 0 }, { "from_postal_code", 0 },
	{ "from_city", 0 }, { "from_country", 0 }, { "to_name", 0 },
	{ "to_company", 0 }, { "to_address1", 0 }, { "to_address2", 0 },
	{ "to_postal_code", 0 }, { "to_city", 0 }, { "to_region", 0 },
	{ "to_country", 0 }, { "to_phone", 0 }, { "label_format", 0 },
	{ "label_size", 0 }, { "label_dir", 0 },
};
#define NADAPTER ((int)(sizeof adapter_fields / sizeof adapter_fields[0]))

static void
adapter_record(struct rec_writer *w, const struct config *cfg,
    const struct ship_options *opt, const struct job *j, int format,
    int size)
{
	struct label lb;
	char pa[24], o[24], g[24], pn[24], ps[24], wt[24], l[24], wd[24],
	    h[24], reference[300];
	const char *v[NADAPTER];

	fill_label(cfg, j, &lb, reference, sizeof reference);
	v[0] = fmt_int(j->p.parcel_id, pa);
	v[1] = fmt_int(j->p.order_id, o);
	v[2] = fmt_int(j->p.group_id, g);
	v[3] = fmt_int(j->p.parcel_no, pn);
	v[4] = fmt_int(j->p.parcels, ps);
	v[5] = j->plan.carrier;
	v[6] = j->plan.service;
	v[7] = fmt_int(lb.weight_g, wt);
	v[8] = j->p.length_mm >= 0 ? fmt_int(j->p.length_mm, l) : NULL;
	v[9] = j->p.width_mm >= 0 ? fmt_int(j->p.width_mm, wd) : NULL;
	v[10] = j->p.height_mm >= 0 ? fmt_int(j->p.height_mm, h) : NULL;
	v[11] = reference;
	v[12] = j->ship_day;
	v[13] = lb.from.name;
	v[14] = lb.from.address1;
	v[15] = lb.from.postal_code;
	v[16] = lb.from.city;
	v[17] = lb.from.country;
	v[18] = lb.to.name;
	v[19] = lb.to.company;
	v[20] = lb.to.address1;
	v[21] = lb.to.address2;
	v[22] = lb.to.postal_code;
	v[23] = lb.to.city;
	v[24] = lb.to.region;
	v[25] = lb.to.country;
	v[26] = lb.to.phone;
	v[27] = format == LABEL_ZPL ? "zpl" : "pdf";
	v[28] = size == LABEL_A6 ? "a6" : "4x6";
	v[29] = opt->labels_dir;
	rec_write(w, v);
}

/* Every parcel given to an adapter fails, for the same reason. */
static void __attribute__((format(printf, 3, 4)))
fail_adapter(struct job **v, int n, const char *fmt, ...)
{
	va_list ap;
	int i;

	for (i = 0; i < n; i++) {
		va_start(ap, fmt);
		vsnprintf(v[i]->why, sizeof v[i]->why, fmt, ap);
		va_end(ap);
		v[i]->tracking[0] = v[i]->label[0] = '\0';
	}
}

/* A tracking number as carriers write them: letters, digits, '-'. */
static int
good_tracking(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n >= 80)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return 0;
	return 1;
}

/*
 * Run oms-carrier-NAME label over the jobs that carrier takes.  Its
 * records are read from a file, not a pipe, so that an adapter that
 * stops reading or writing cannot stall us; past the timeout it is
 * killed.  Whatever it does not answer for, or answers wrongly, fails.
 */
static void
run_adapter(const struct config *cfg, const struct ship_options *opt,
    const char *adapter, struct job **v, int n, int format, int size)
{
	char program[300], name[320];
	struct rec_writer w;
	struct rec_reader rd;
	FILE *in = tmpfile(), *out = tmpfile();
	int i, rc, status, waited, cp, ct, cl;
	pid_t pid;

	snprintf(program, sizeof program, "oms-carrier-%s", adapter);
	if (in == NULL || out == NULL) {
		fail_adapter(v, n, "%s: cannot create a temporary file",
		    program);
		goto out;
	}
	rec_writer_init(&w, in, REC_TSV, adapter_fields, NADAPTER);
	rec_write_header(&w);
	for (i = 0; i < n; i++)
		adapter_record(&w, cfg, opt, v[i], format, size);
	rec_writer_free(&w);
	if (fflush(in) != 0 || fseek(in, 0, SEEK_SET) != 0) {
		fail_adapter(v, n, "%s: cannot write its input", program);
		goto out;
	}
	fflush(stderr);
	if ((pid = fork()) < 0) {
		fail_adapter(v, n, "%s: cannot start it", program);
		goto out;
	}
	if (pid == 0) {
		dup2(fileno(in), 0);
		dup2(fileno(out), 1);
		execlp(program, program, "label", (char *)NULL);
		fprintf(stderr, "%s: %s: %s\n", progname, program,
		    strerror(errno));
		_exit(127);
	}
	for (waited = 0;; waited += 50) {
		struct timespec ts = { 0, 50 * 1000000L };

		if ((rc = waitpid(pid, &status, WNOHANG)) == pid || (rc < 0 &&
		    errno != EINTR))
			break;
		if (waited >= opt->adapter_timeout * 1000) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fail_adapter(v, n, "%s: no answer within %d s",
			    program, opt->adapter_timeout);
			goto out;
		}
		nanosleep(&ts, NULL);
	}
	if (rc < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (rc >= 0 && WIFEXITED(status))
			fail_adapter(v, n, "%s: exit %d", program,
			    WEXITSTATUS(status));
		else
			fail_adapter(v, n, "%s: killed by signal %d",
			    program, rc >= 0 && WIFSIGNALED(status) ?
			    WTERMSIG(status) : 0);
		goto out;
	}
	rewind(out);
	snprintf(name, sizeof name, "%s's output", program);
	if (rec_reader_open(&rd, out, name) < 0) {
		fail_adapter(v, n, "%s: no records on its output",
		    program);
		goto out;
	}
	cp = rec_field_index(&rd, "parcel");
	ct = rec_field_index(&rd, "tracking");
	cl = rec_field_index(&rd, "label");
	if (cp < 0 || ct < 0 || cl < 0) {
		fail_adapter(v, n, "%s: its output lacks the fields parcel, "
		    "tracking and label", program);
		rec_reader_free(&rd);
		goto out;
	}
	/* Until it answers, each is failed. */
	fail_adapter(v, n, "%s: no answer for this parcel", program);
	while ((rc = rec_read(&rd)) == 1) {
		long long id = strtoll(rd.values[cp], NULL, 10);

		for (i = 0; i < n && v[i]->p.parcel_id != id; i++)
			;
		if (i == n)
			continue;
		if (!good_tracking(rd.values[ct]))
			snprintf(v[i]->why, sizeof v[i]->why, "%s: not a "
			    "tracking number: '%.80s'", program,
			    rd.values[ct]);
		else if (rd.values[cl][0] == '\0' ||
		    access(rd.values[cl], R_OK) != 0)
			snprintf(v[i]->why, sizeof v[i]->why, "%s: no label "
			    "file '%.200s'", program, rd.values[cl]);
		else {
			v[i]->why[0] = '\0';
			snprintf(v[i]->tracking, sizeof v[i]->tracking, "%s",
			    rd.values[ct]);
			snprintf(v[i]->label, sizeof v[i]->label, "%s",
			    rd.values[cl]);
		}
	}
	if (rc < 0)
		fail_adapter(v, n, "%s: its output is not records",
		    program);
	rec_reader_free(&rd);
out:
	if (in)
		fclose(in);
	if (out)
		fclose(out);
}

/* Step 2, outside any transaction: labels, here or by adapters. */
static void
make_labels(const struct config *cfg, const struct ship_options *opt,
    struct batch *b, int format, int size)
{
	struct job **group = xcalloc((size_t)b->n + 1, sizeof *group);
	int i, k, n;

	for (i = 0; i < b->n; i++) {
		struct job *j = &b->v[i];

		if (!j->planned || j->why[0])
			continue;
		if ((j->carrier = config_carrier(cfg, j->plan.carrier)) ==
		    NULL) {
			snprintf(j->why, sizeof j->why, "carrier %s is no "
			    "longer in the configuration", j->plan.carrier);
			continue;
		}
		if (strcmp(j->carrier->adapter, "offline") == 0)
			offline_label(cfg, opt, j, format, size);
	}
	/* Each adapter once for all its parcels of the batch. */
	for (i = 0; i < b->n; i++) {
		struct job *j = &b->v[i];
		const char *adapter;

		if (!j->planned || j->why[0] || j->carrier == NULL ||
		    strcmp(j->carrier->adapter, "offline") == 0 || j->sent)
			continue;
		adapter = j->carrier->adapter;
		for (n = 0, k = i; k < b->n; k++) {
			struct job *o = &b->v[k];

			if (o->planned && !o->why[0] && o->carrier &&
			    strcmp(o->carrier->adapter, adapter) == 0 &&
			    !o->sent) {
				o->sent = 1;
				group[n++] = o;
			}
		}
		run_adapter(cfg, opt, adapter, group, n, format, size);
	}
	free(group);
}

int
ship_label(struct ledger *l, const struct config *cfg,
    const struct ship_options *opt, FILE *out)
{
	struct batch b;
	struct rec_writer w;
	struct quote *q = xcalloc((size_t)nquotes(cfg), sizeof *q);
	char now[21], detail[400];
	int got, i, status = 0, format, size;
	long long labelled = 0, failed = 0;

	format = opt->label_format >= 0 ? opt->label_format :
	    (int)cfg->shipping.label;
	size = opt->label_size >= 0 ? opt->label_size :
	    (int)cfg->shipping.label_size;
	memset(&b, 0, sizeof b);
	if (mkdir(opt->labels_dir, 0777) != 0 && errno != EEXIST) {
		warnx_("%s: %s", opt->labels_dir, strerror(errno));
		free(q);
		return EXIT_USAGE;
	}
	rec_writer_init(&w, out, opt->output, label_fields, NLABEL);
	rec_write_header(&w);
	do {
		batch_reset(&b);
		if ((status = ledger_begin(l)) != 0)
			break;
		now_iso(now);
		if ((got = ledger_parcels_to_label(l, opt->location, b.after,
		    LABEL_BATCH, keep_parcel, &b)) < 0) {
			status = EXIT_LEDGER;
			break;
		}
		for (i = 0; i < b.n; i++) {
			if (plan_parcel(l, cfg, &b.v[i], q, now) < 0) {
				status = EXIT_LEDGER;
				break;
			}
		}
		if (status != 0 || (status = ledger_commit(l)) != 0)
			break;
		make_labels(cfg, opt, &b, format, size);
		if ((status = ledger_begin(l)) != 0)
			break;
		for (i = 0; i < b.n && status == 0; i++) {
			struct job *j = &b.v[i];

			if (j->why[0] || !j->planned)
				continue;
			snprintf(detail, sizeof detail, "parcel %d of group %lld "
			    "labelled: %s %s, tracking %s", j->p.parcel_no,
			    j->p.group_id, j->plan.carrier, j->plan.service,
			    j->tracking);
			if (ledger_parcel_labelled(l, j->p.parcel_id,
			    j->tracking, j->label) < 0 ||
			    ledger_event(l, j->p.order_id, 0, "labelled",
			    detail, 0) < 0)
				status = EXIT_LEDGER;
		}
		if (status != 0 || (status = ledger_commit(l)) != 0)
			break;
		for (i = 0; i < b.n; i++) {
			if (b.v[i].why[0]) {
				failed++;
				warnx_("parcel %lld (order %lld, group %lld): "
				    "%s", b.v[i].p.parcel_id,
				    b.v[i].p.order_id, b.v[i].p.group_id,
				    b.v[i].why);
			} else
				labelled++;
			label_out(&w, &b.v[i]);
		}
		fflush(out);
	} while (got == LABEL_BATCH);
	if (status != 0)
		ledger_rollback(l);
	rec_writer_free(&w);
	batch_free(&b);
	free(q);
	if (!opt->quiet)
		fprintf(stderr, "%s: %lld parcel%s labelled, %lld failed\n",
		    progname, labelled, labelled == 1 ? "" : "s", failed);
	if (status == 0 && failed)
		status = EXIT_PARTIAL;
	return status;
}

/* The hand-over. */

static const struct rec_field ship_fields[] = {
	{ "order", 1 }, { "group", 1 }, { "location", 0 }, { "units", 1 },
	{ "action", 0 },
};
#define NSHIP ((int)(sizeof ship_fields / sizeof ship_fields[0]))

struct groups {
	struct { long long group_id, order_id; char location[64]; } *v;
	int n, cap;
	long long after;
};

static void
keep_group(void *arg, long long group_id, long long order_id,
    const char *location)
{
	struct groups *g = arg;

	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = xrealloc(g->v, (size_t)g->cap * sizeof *g->v);
	}
	g->v[g->n].group_id = group_id;
	g->v[g->n].order_id = order_id;
	snprintf(g->v[g->n].location, sizeof g->v[g->n].location, "%s",
	    location);
	g->n++;
	g->after = group_id;
}

static void
ship_out(struct rec_writer *w, long long order_id, long long group_id,
    const char *location, long long units, const char *action)
{
	char o[24], g[24], u[24];
	const char *v[NSHIP];

	v[0] = fmt_int(order_id, o);
	v[1] = fmt_int(group_id, g);
	v[2] = location;
	v[3] = units >= 0 ? fmt_int(units, u) : NULL;
	v[4] = action;
	rec_write(w, v);
}

int
ship_ship(struct ledger *l, const struct ship_options *opt, FILE *out)
{
	struct groups g;
	struct rec_writer w;
	struct group_info gi;
	char pstatus[16];
	long long units, groups = 0, total = 0;
	int i, got, status, found;
	FILE *spool;

	if ((spool = spool_open()) == NULL) {
		return EXIT_INTERNAL;
	}
	memset(&g, 0, sizeof g);
	rec_writer_init(&w, spool, opt->output, ship_fields, NSHIP);
	rec_write_header(&w);
	if ((status = ledger_begin(l)) != 0)
		goto out;
	/* Named parcels: their groups, each once. */
	for (i = 0; i < opt->ntracking; i++) {
		if ((found = ledger_group_of_tracking(l, opt->tracking[i], &gi,
		    pstatus, sizeof pstatus)) < 0) {
			status = EXIT_LEDGER;
			goto out;
		}
		if (!found) {
			warnx_("%s: no parcel has this tracking number",
			    opt->tracking[i]);
			status = EXIT_INPUT;
			goto out;
		}
		if (strcmp(gi.status, "shipped") == 0) {
			ship_out(&w, gi.order_id, gi.group_id, gi.location, -1,
			    "unchanged");
			continue;
		}
		if (strcmp(gi.status, "packed") != 0 ||
		    strcmp(pstatus, "labelled") != 0) {
			warnx_("%s: group %lld (order %lld) is %s, a parcel "
			    "of it %s: only a packed group whose parcels all "
			    "have labels can be handed over",
			    opt->tracking[i], gi.group_id, gi.order_id,
			    gi.status, pstatus);
			status = EXIT_CONFLICT;
			goto out;
		}
		keep_group(&g, gi.group_id, gi.order_id, gi.location);
	}
	do {
		if (opt->ntracking == 0) {
			g.n = 0;
			if ((got = ledger_groups_to_ship(l, opt->location,
			    g.after, SHIP_BATCH, keep_group, &g)) < 0) {
				status = EXIT_LEDGER;
				goto out;
			}
		} else
			got = 0;
		for (i = 0; i < g.n; i++) {
			struct group_info now;

			/* A group named by two of its parcels ships once. */
			if (ledger_group_info(l, g.v[i].group_id, &now) != 1 ||
			    strcmp(now.status, "packed") != 0)
				continue;
			if ((units = ledger_group_ship(l, g.v[i].group_id,
			    g.v[i].order_id, g.v[i].location)) < 0) {
				status = EXIT_LEDGER;
				goto out;
			}
			ship_out(&w, g.v[i].order_id, g.v[i].group_id,
			    g.v[i].location, units, "shipped");
			groups++;
			total += units;
		}
	} while (got == SHIP_BATCH);
	rec_writer_free(&w);
	if ((status = ledger_commit(l)) != 0)
		goto out;
	copy_stream(spool, out);
	if (!opt->quiet)
		fprintf(stderr, "%s: %lld group%s handed to the carriers, %lld "
		    "unit%s shipped\n", progname, groups, groups == 1 ? "" :
		    "s", total, total == 1 ? "" : "s");
out:
	if (status != 0) {
		ledger_rollback(l);
		rec_writer_free(&w);
	}
	free(g.v);
	fclose(spool);
	return status;
}

/* Confirmations to the channels. */

struct notices {
	struct ledger *l;
	const struct config *cfg;
	struct shipconfirm *w;
	long long parcel;	/* the parcel being written */
	int parcel_ok, mark;
	long long written, refused;
	int failed;
};

static int
end_parcel(struct notices *ns)
{
	if (ns->parcel && ns->parcel_ok && ns->mark &&
	    ledger_ship_confirmed(ns->l, ns->parcel) < 0)
		return -1;
	return 0;
}

static int
notice_out(void *arg, const struct ship_notice_row *r)
{
	struct notices *ns = arg;
	const struct carrier *cr = r->carrier ? config_carrier(ns->cfg,
	    r->carrier) : NULL;
	struct ship_notice n;
	char url[512];

	if (r->parcel_id != ns->parcel) {
		if (end_parcel(ns) < 0) {
			ns->failed = 1;
			return 1;
		}
		ns->parcel = r->parcel_id;
		ns->parcel_ok = 1;
	}
	memset(&n, 0, sizeof n);
	n.order_id = r->order_id;
	n.channel = r->channel;
	n.channel_order = r->channel_order;
	n.line_no = r->line_no;
	n.channel_line = r->channel_line;
	n.sku = r->sku;
	n.quantity = r->quantity;
	n.carrier = r->carrier;
	n.carrier_name = cr ? cr->name : NULL;
	n.service = carrier_service_name(cr, r->service);
	n.tracking = r->tracking;
	n.shipped_at = r->shipped_at;
	if (carrier_tracking_url(cr, r->tracking, url, sizeof url) == 0)
		n.tracking_url = url;
	if (shipconfirm_write(ns->w, &n) < 0) {
		ns->parcel_ok = 0;
		ns->refused++;
	} else
		ns->written++;
	return 0;
}

int
ship_confirmations(struct ledger *l, const struct config *cfg,
    const struct ship_options *opt, FILE *out)
{
	struct notices ns;
	enum shipconfirm_format f;
	int status;
	FILE *spool;

	f = opt->confirm_format >= 0 ? (enum shipconfirm_format)
	    opt->confirm_format : shipconfirm_format_for(opt->channel);
	if ((spool = spool_open()) == NULL) {
		return EXIT_INTERNAL;
	}
	memset(&ns, 0, sizeof ns);
	ns.l = l;
	ns.cfg = cfg;
	ns.mark = opt->since == NULL;
	status = ns.mark ? ledger_begin(l) : ledger_snapshot(l);
	if (status != 0)
		goto out;
	ns.w = shipconfirm_open(f, spool);
	if (ledger_ship_notices(l, opt->channel, opt->since, notice_out,
	    &ns) < 0 || ns.failed || end_parcel(&ns) < 0) {
		shipconfirm_close(ns.w);
		status = EXIT_LEDGER;
		goto out;
	}
	if (shipconfirm_close(ns.w) < 0) {
		status = EXIT_INTERNAL;
		goto out;
	}
	if (ns.mark && (status = ledger_commit(l)) != 0)
		goto out;
	if (!ns.mark)
		ledger_rollback(l);
	copy_stream(spool, out);
	if (!opt->quiet)
		fprintf(stderr, "%s: %lld shipped line%s for %s (%s)%s, %lld "
		    "refused\n", progname, ns.written, ns.written == 1 ? "" :
		    "s", opt->channel, shipconfirm_format_name(f), ns.mark ?
		    ", marked told" : "", ns.refused);
	if (ns.refused)
		status = EXIT_PARTIAL;
out:
	if (status != 0 && status != EXIT_PARTIAL)
		ledger_rollback(l);
	fclose(spool);
	return status;
}
