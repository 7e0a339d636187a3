/*
 * oms-check.  The rules that are queries live in ledger_check.c; here
 * are the one that is a walk (each order's events, in the order they
 * were recorded, must lead to the order's status) and the reporting:
 * a record per problem on stdout, a line per problem on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lifecycle.h"
#include "util.h"

static const struct rec_field problem_fields[] = {
	{ "rule", 0 }, { "order", 1 }, { "subject", 0 }, { "found", 0 },
	{ "expected", 0 }, { "problem", 0 },
};

struct report {
	const struct check_options *opt;
	struct rec_writer w;
	long long problems;
	int damaged;		/* the file itself: its rows cannot be trusted */
};

static void
problem(struct report *r, const char *rule, long long order_id,
    const char *subject, const char *found, const char *expected,
    const char *what)
{
	char key[24];
	const char *v[6];

	v[0] = rule;
	v[1] = order_id > 0 ? fmt_int(order_id, key) : NULL;
	v[2] = subject;
	v[3] = found;
	v[4] = expected;
	v[5] = what;
	rec_write(&r->w, v);
	r->problems++;
	if (r->opt->quiet)
		return;
	if (strchr(subject, '\n')) {
		/* One line per problem on stderr (SQLite's text has several). */
		char *one = xstrdup(subject), *p;

		for (p = one; (p = strchr(p, '\n')) != NULL; )
			*p = ' ';
		warnx_("%s: %s: %s", rule, what, one);
		free(one);
		return;
	}
	if (found && expected)
		warnx_("%s: %s: %s (%s, not %s)", rule, what, subject, found,
		    expected);
	else
		warnx_("%s: %s: %s", rule, what, subject);
}

static void
on_storage(void *arg, const char *what, const char *detail)
{
	struct report *r = arg;
	int damaged = strstr(what, "refers") == NULL;

	r->damaged |= damaged;
	problem(r, damaged ? "integrity" : "foreign-key", 0, detail, NULL,
	    NULL, what);
}

static void
on_rule(void *arg, const struct ledger_rule *rule,
    const struct ledger_violation *v)
{
	char f[24], e[24];

	problem(arg, rule->name, v->order_id, v->subject,
	    fmt_int(v->found, f), fmt_int(v->expected, e), rule->what);
}

/*
 * The walk over events.  What each kind of event says of the status:
 * "imported as S with N lines", "A -> B" (a status event, with ": why"
 * after it when there is a reason) and "N units reserved; N lines
 * allocated, N backordered" (allocation, which moves an order to
 * allocated or backordered when the lifecycle lets it).  Other kinds
 * leave the status as it is.
 */
struct chain {
	struct report *r;
	long long order_id;
	int status;		/* where the events have led, or -1 */
	char now[32];		/* the order's status in the ledger */
	long long event_id;	/* the event that broke the chain */
	char why[160];
};

static int
word(const char *s, char *out, size_t n)
{
	size_t i = 0;

	while ((*s >= 'a' && *s <= 'z') || *s == '_') {
		if (i + 1 >= n)
			return -1;
		out[i++] = *s++;
	}
	out[i] = '\0';
	return i ? (int)i : -1;
}

static void
end_order(struct chain *c)
{
	char subject[96];

	if (c->order_id == 0)
		return;
	if (c->why[0]) {
		snprintf(subject, sizeof subject, "order %lld event %lld",
		    c->order_id, c->event_id);
		problem(c->r, "events-chain", c->order_id, subject, NULL, NULL,
		    c->why);
	} else if (c->status >= 0 &&
	    strcmp(order_status_name(c->status), c->now) != 0) {
		snprintf(subject, sizeof subject, "order %lld", c->order_id);
		problem(c->r, "events-status", c->order_id, subject,
		    c->now, order_status_name(c->status),
		    "an order's status is not where its events lead");
	}
}

static void
broken(struct chain *c, long long event_id, const char *fmt, const char *a,
    const char *b)
{
	if (c->why[0])
		return;	/* the first break is the one to read */
	c->event_id = event_id;
	snprintf(c->why, sizeof c->why, fmt, a, b);
}

/* "N units reserved; N lines allocated, B backordered": B, or -1. */
static long long
backordered_lines(const char *detail)
{
	const char *p = strstr(detail, " reserved; ");
	char *end;
	long long b;

	if (p == NULL || (p = strstr(p, " allocated, ")) == NULL)
		return -1;
	b = strtoll(p + 12, &end, 10);
	return end != p + 12 && strcmp(end, " backordered") == 0 ? b : -1;
}

static int
on_event(void *arg, const struct ledger_event_row *e)
{
	struct chain *c = arg;
	char a[32], b[32];
	long long back;
	int from, to;

	if (e->order_id != c->order_id) {
		end_order(c);
		c->order_id = e->order_id;
		c->status = -1;
		c->why[0] = '\0';
		snprintf(c->now, sizeof c->now, "%s", e->status);
	}
	if (strcmp(e->kind, "imported") == 0) {
		if (strncmp(e->detail, "imported as ", 12) != 0 ||
		    word(e->detail + 12, a, sizeof a) < 0 ||
		    (to = order_status_parse(a)) < 0)
			broken(c, e->event_id, "an import event names no "
			    "status: '%s'%s", e->detail, "");
		else
			c->status = to;
	} else if (strcmp(e->kind, "status") == 0) {
		int n = word(e->detail, a, sizeof a);

		if (n < 0 || strncmp(e->detail + n, " -> ", 4) != 0 ||
		    word(e->detail + n + 4, b, sizeof b) < 0 ||
		    (from = order_status_parse(a)) < 0 ||
		    (to = order_status_parse(b)) < 0)
			broken(c, e->event_id, "a status event names no "
			    "change: '%s'%s", e->detail, "");
		else if (c->status >= 0 && from != c->status)
			broken(c, e->event_id, "a status change starts from %s, "
			    "but the events had led to %s", a,
			    order_status_name(c->status));
		else
			c->status = to;
	} else if (strcmp(e->kind, "allocated") == 0) {
		if ((back = backordered_lines(e->detail)) < 0)
			broken(c, e->event_id, "an allocation event says no "
			    "outcome: '%s'%s", e->detail, "");
		else {
			to = back > 0 ? OS_BACKORDERED : OS_ALLOCATED;
			if (c->status >= 0 && to != c->status &&
			    order_can_move(c->status, to))
				c->status = to;
		}
	}
	return 0;
}

static int
check_events(struct ledger *l, struct report *r)
{
	struct chain c;

	memset(&c, 0, sizeof c);
	c.r = r;
	c.status = -1;
	if (ledger_each_event(l, on_event, &c) < 0)
		return -1;
	end_order(&c);
	return 0;
}

int
check_ledger(struct ledger *l, const struct check_options *opt, FILE *out)
{
	struct report r;
	long long orders, lines, events, movements;
	int status;

	memset(&r, 0, sizeof r);
	r.opt = opt;
	rec_writer_init(&r.w, out, opt->output, problem_fields, 6);
	rec_write_header(&r.w);
	if ((status = ledger_snapshot(l)) != 0)
		goto out;
	if (ledger_check_storage(l, on_storage, &r) < 0) {
		status = EXIT_LEDGER;
		goto out;
	}
	if (r.damaged) {
		/* Queries over a damaged file fail or mislead. */
		warnx_("the ledger file is damaged: the rules were not checked: "
		    "restore the ledger from a backup");
		status = EXIT_CHECK;
		goto out;
	}
	if (ledger_check_rules(l, CHECK_ALL, on_rule, &r) < 0 ||
	    check_events(l, &r) < 0 ||
	    ledger_check_counts(l, &orders, &lines, &events, &movements) < 0) {
		status = EXIT_LEDGER;
		goto out;
	}
	status = r.problems ? EXIT_CHECK : EXIT_OK;
	if (opt->quiet)
		goto out;
	if (r.problems)
		warnx_("%lld problem%s found", r.problems,
		    r.problems == 1 ? "" : "s");
	else
		warnx_("ledger ok: %lld order%s, %lld line%s, %lld event%s, "
		    "%lld movement%s checked", orders, orders == 1 ? "" : "s",
		    lines, lines == 1 ? "" : "s", events, events == 1 ? "" : "s",
		    movements, movements == 1 ? "" : "s");
out:
	ledger_rollback(l);
	rec_writer_free(&r.w);
	return status;
}

static const struct {
	const char *name, *scope, *what;
} walked[] = {
	{ "integrity", "storage", "the ledger file is damaged (SQLite's "
	  "integrity check)" },
	{ "foreign-key", "storage", "a row refers to one that does not "
	  "exist" },
	{ "events-chain", "events", "an order's events do not follow on "
	  "from each other" },
	{ "events-status", "events", "an order's status is not where its "
	  "events lead" },
};

static void
write_rule(struct rec_writer *w, const char *name, const char *scope,
    const char *what)
{
	const char *v[3] = { name, scope, what };

	rec_write(w, v);
}

/*
 * The storage rules first and the walked event rules last, in the order
 * oms-check runs them.
 */
int
check_list_rules(enum rec_format output, FILE *out)
{
	static const struct rec_field fields[] = {
		{ "rule", 0 }, { "scope", 0 }, { "rule_text", 0 },
	};
	const struct ledger_rule *rules;
	struct rec_writer w;
	size_t i, n;

	rec_writer_init(&w, out, output, fields, 3);
	rec_write_header(&w);
	for (i = 0; i < 2; i++)
		write_rule(&w, walked[i].name, walked[i].scope, walked[i].what);
	rules = ledger_rules(&n);
	for (i = 0; i < n; i++)
		write_rule(&w, rules[i].name, rules[i].scope == CHECK_STOCK ?
		    "stock" : rules[i].scope == CHECK_ORDERS ? "orders" :
		    "events", rules[i].what);
	for (i = 2; i < sizeof walked / sizeof walked[0]; i++)
		write_rule(&w, walked[i].name, walked[i].scope, walked[i].what);
	rec_writer_free(&w);
	return EXIT_OK;
}
