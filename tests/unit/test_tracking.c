/*
 * tracking and notifications in oms.yaml, and tracking.h: what event
 * codes mean and in which order mappings are asked, which events may
 * change a parcel's state, templates rendered, business days across
 * weekends (against a day-by-day count), and every rejection at load
 * with its position.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "datetime.h"
#include "tap.h"
#include "yamlfile.h"
#include "tracking.h"
#include "util.h"


#define CARRIERS							\
    "carriers:\n"							\
    "  - {code: dhl, zones: [{name: de, countries: DE}],\n"		\
    "     services: [{code: p, transit_days: 1,\n"			\
    "                 rates: {de: [{up_to: 1kg, price: 1 EUR}]}}]}\n"	\
    "  - {code: post, zones: [{name: de, countries: DE}],\n"		\
    "     services: [{code: p, transit_days: 1,\n"			\
    "                 rates: {de: [{up_to: 1kg, price: 1 EUR}]}}]}\n"

/*
 * tracking before the carriers its codes name: the file's order must
 * not matter.
 */
static const char base[] =
    "tracking:\n"
    "  codes:\n"
    "    dhl: {PU: in_transit, AF: in_transit, OFD: out_for_delivery,\n"
    "          DLV: delivered, NH: exception, RTS: returned,\n"
    "          X1: returned, EMI: exception}\n"
    "    \"*\": {X1: exception, EMG: out_for_delivery, EDH: "
    "Out_For_Delivery}\n"
    "  delay_margin: 2\n"
    CARRIERS
    "notifications:\n"
    "  from: \"Shop <shop@example.com>\"\n"
    "  templates:\n"
    "    shipped:\n"
    "      subject: \"Your order {order} is on its way\"\n"
    "      body: |\n"
    "        Hello {name},\n"
    "        your parcel {tracking} left us with {carrier} today.\n"
    "        Expected: {expected}. {{not a placeholder}}\n"
    "    delivered: {subject: \"Delivered: {order}\", body: \"Enjoy.\"}\n";

static void
test_load(void)
{
	struct config *cf = load(base);
	const struct notify_template *t;

	if (!ok(cf != NULL && errbuf[0] == '\0', "the example loads")) {
		printf("#   %s\n", errbuf);
		exit(1);
	}
	is_int(cf->tracking.ncodes, 11, "eleven codes");
	ok(!strcmp(cf->tracking.codes[0].carrier, "dhl") &&
	    !strcmp(cf->tracking.codes[0].code, "PU") &&
	    cf->tracking.codes[0].state == TS_IN_TRANSIT,
	    "a carrier's code, in order");
	ok(!strcmp(cf->tracking.codes[5].code, "RTS") &&
	    cf->tracking.codes[5].state == TS_RETURNED, "returned");
	ok(cf->tracking.codes[8].carrier == NULL &&
	    !strcmp(cf->tracking.codes[8].code, "X1") &&
	    cf->tracking.codes[8].state == TS_EXCEPTION,
	    "\"*\" is a NULL carrier");
	is_int(cf->tracking.codes[10].state, TS_OUT_FOR_DELIVERY,
	    "a state name with case ignored");
	is_int(cf->tracking.delay_margin, 2, "delay_margin");
	is_str(cf->notifications.from, "Shop <shop@example.com>", "from");
	is_int(cf->notifications.ntemplates, 2, "two templates");
	t = notify_template(cf, NOTIFY_SHIPPED);
	ok(t != NULL && t->kind == NOTIFY_SHIPPED &&
	    !strcmp(t->subject, "Your order {order} is on its way"),
	    "shipped's subject as written");
	is_str(t ? t->body : NULL, "Hello {name},\n"
	    "your parcel {tracking} left us with {carrier} today.\n"
	    "Expected: {expected}. {{not a placeholder}}\n",
	    "its body, a block");
	t = notify_template(cf, NOTIFY_DELIVERED);
	is_str(t ? t->body : NULL, "Enjoy.", "delivered's body");
	ok(notify_template(cf, NOTIFY_DELAYED) == NULL &&
	    notify_template(cf, NOTIFY_OUT_FOR_DELIVERY) == NULL,
	    "kinds without a template send nothing");
	config_free(cf);

	cf = load("locations: [{id: BER}]\n");
	ok(cf && cf->tracking.ncodes == 0 && cf->tracking.delay_margin == 0 &&
	    cf->notifications.from == NULL &&
	    cf->notifications.ntemplates == 0,
	    "without the sections: no codes, margin 0, no from, no templates");
	config_free(cf);
	cf = load("tracking:\nnotifications: ~\n");
	ok(cf && cf->tracking.ncodes == 0 && cf->notifications.ntemplates == 0,
	    "empty sections are none");
	config_free(cf);
	cf = load("tracking: {codes: {\"*\": ~}}\n"
	    "notifications: {templates: {}}\n");
	ok(cf && cf->tracking.ncodes == 0 && cf->notifications.ntemplates == 0,
	    "empty codes and templates are none");
	config_free(cf);
}

static void
test_names(void)
{
	int i, all = 1;

	for (i = 0; i < TS_COUNT; i++)
		if (track_state_parse(track_state_name(i)) != i)
			all = 0;
	ok(all, "each state's name parses back to it");
	is_str(track_state_name(TS_OUT_FOR_DELIVERY), "out_for_delivery",
	    "a state's name");
	is_int(track_state_parse("RETURNED"), TS_RETURNED, "case ignored");
	is_int(track_state_parse("in transit"), -1, "no such state");
	is_int(track_state_parse(NULL), -1, "no name");
	ok(track_state_name(TS_COUNT) == NULL &&
	    track_state_name((enum track_state)-1) == NULL,
	    "no name outside the enum");
	for (i = 0, all = 1; i < NOTIFY_COUNT; i++)
		if (notify_kind_parse(notify_kind_name(i)) != i)
			all = 0;
	ok(all, "each kind's name parses back to it");
	is_int(notify_kind_parse("Shipped"), -1, "kinds as oms.yaml spells "
	    "them");
}

static void
test_codes(void)
{
	struct config *cf = load(base);

#define FOR(carrier, code) track_state_for(cf, (carrier), (code))
	is_int(FOR("dhl", "PU"), TS_IN_TRANSIT, "a carrier's own code");
	is_int(FOR("dhl", "OFD"), TS_OUT_FOR_DELIVERY, "out for delivery");
	is_int(FOR("dhl", "DLV"), TS_DELIVERED, "delivered");
	is_int(FOR("dhl", "NH"), TS_EXCEPTION, "exception");
	is_int(FOR("dhl", "RTS"), TS_RETURNED, "returned");
	is_int(FOR("dhl", "X1"), TS_RETURNED, "the carrier's before \"*\"");
	is_int(FOR("post", "X1"), TS_EXCEPTION, "else \"*\"");
	is_int(FOR("post", "PU"), -1, "another carrier's code is not "
	    "post's");
	is_int(FOR(NULL, "X1"), TS_EXCEPTION, "no carrier: \"*\"");
	is_int(FOR("dhl", "EMI"), TS_EXCEPTION, "the carrier's before the "
	    "UPU's");
	is_int(FOR("post", "EMI"), TS_DELIVERED, "else the UPU's");
	is_int(FOR("post", "EMG"), TS_OUT_FOR_DELIVERY, "\"*\" before the "
	    "UPU's");
	is_int(FOR("dhl", "EDH"), TS_OUT_FOR_DELIVERY, "\"*\" maps what the "
	    "UPU's leave out");
	is_int(FOR("post", "EMA"), TS_IN_TRANSIT, "EMA: posting");
	is_int(FOR("post", "EME"), TS_IN_TRANSIT, "EME: held by customs");
	is_int(FOR("post", "EMH"), TS_EXCEPTION, "EMH: delivery attempted");
	is_int(FOR("post", "EMK"), TS_IN_TRANSIT, "EMK: leaving a transit "
	    "office");
	is_int(FOR("post", "EDG"), TS_OUT_FOR_DELIVERY, "EDG: out for "
	    "delivery");
	is_int(FOR("post", "EXC"), -1, "EXC is left to oms.yaml");
	is_int(FOR("post", "delivered"), TS_DELIVERED, "then the state "
	    "names");
	is_int(FOR("dhl", "Out_For_Delivery"), TS_OUT_FOR_DELIVERY,
	    "a name in any case");
	is_int(FOR("dhl", "pu"), TS_IN_TRANSIT, "a code in any case");
	is_int(FOR("DHL", "Rts"), TS_RETURNED, "a carrier in any case");
	is_int(FOR("dhl", "x1"), TS_RETURNED, "precedence with case ignored");
	is_int(FOR("post", "emi"), TS_DELIVERED, "UPU codes in any case");
	is_int(FOR("dhl", "ZZ"), -1, "an unknown code");
	is_int(FOR("dhl", ""), -1, "an empty code");
	is_int(FOR("dhl", NULL), -1, "no code");
	is_int(FOR("ups", "X1"), TS_EXCEPTION, "a carrier oms.yaml does not "
	    "map gets \"*\"");
#undef FOR
	is_int(track_state_for(NULL, "dhl", "EMI"), TS_DELIVERED,
	    "no configuration: the UPU's");
	is_int(track_state_for(NULL, "dhl", "PU"), -1,
	    "no configuration: no carrier codes");
	config_free(cf);
}

#define T10	"2026-11-25T10:00:00Z"
#define T11	"2026-11-25T11:00:00Z"
#define T12	"2026-11-25T12:00:00Z"

static void
test_advances(void)
{
	int i, all = 1;

	for (i = 0; i < TS_COUNT; i++)
		if (!track_state_advances(-1, NULL, i, T10))
			all = 0;
	ok(all, "the first event sets any state");
	ok(track_state_advances(-1, NULL, TS_DELIVERED, NULL),
	    "even without a time");
	ok(track_state_advances(TS_IN_TRANSIT, T10, TS_OUT_FOR_DELIVERY, T11),
	    "a later event moves on");
	ok(!track_state_advances(TS_OUT_FOR_DELIVERY, T11, TS_IN_TRANSIT, T10),
	    "an older event does not take it back");
	ok(!track_state_advances(TS_IN_TRANSIT, T11, TS_DELIVERED, T10),
	    "an older event does not move it on either");
	ok(track_state_advances(TS_OUT_FOR_DELIVERY, T10, TS_IN_TRANSIT, T11),
	    "a later in_transit does: the parcel was rerouted");
	ok(track_state_advances(TS_EXCEPTION, T10, TS_IN_TRANSIT, T11),
	    "out of an exception");
	ok(!track_state_advances(TS_IN_TRANSIT, T10, TS_IN_TRANSIT, T10),
	    "a duplicate changes nothing");
	ok(!track_state_advances(TS_IN_TRANSIT, T10, TS_IN_TRANSIT, T11),
	    "nor does the same state later");
	ok(track_state_advances(TS_IN_TRANSIT, T10, TS_EXCEPTION, T10),
	    "another state at the same time counts as later");
	ok(track_state_advances(TS_OUT_FOR_DELIVERY, "", TS_IN_TRANSIT, T10) &&
	    track_state_advances(TS_OUT_FOR_DELIVERY, T11, TS_IN_TRANSIT,
	    NULL), "a time not known orders nothing");
	ok(!track_state_advances(TS_DELIVERED, T11, TS_IN_TRANSIT, T12) &&
	    !track_state_advances(TS_DELIVERED, T11, TS_EXCEPTION, T12) &&
	    !track_state_advances(TS_DELIVERED, T11, TS_OUT_FOR_DELIVERY,
	    T12), "delivered is final");
	ok(track_state_advances(TS_DELIVERED, T11, TS_RETURNED, T12),
	    "but for a later returned");
	ok(!track_state_advances(TS_DELIVERED, T11, TS_RETURNED, T10),
	    "not an older one");
	ok(!track_state_advances(TS_RETURNED, T11, TS_DELIVERED, T12) &&
	    !track_state_advances(TS_RETURNED, T11, TS_IN_TRANSIT, T12) &&
	    !track_state_advances(TS_RETURNED, T11, TS_EXCEPTION, T12),
	    "returned is final");
	ok(track_state_advances(TS_EXCEPTION, T10, TS_RETURNED, T11) &&
	    track_state_advances(TS_IN_TRANSIT, T10, TS_DELIVERED, T11),
	    "to a final state");
	ok(!track_state_advances(TS_IN_TRANSIT, T10, TS_COUNT, T11),
	    "no state is no change");
}

static void
test_render(void)
{
	struct track_vars v = {
		"Ada", "ada@example.com", "1001", "shopify", "RR100000003DE",
		"dhl", "paket", "in_transit", "2026-11-27", "2026-11-30",
		"Berlin", "https://t.example/RR100000003DE"
	};
	struct track_vars some = { .name = "Ada", .order = "1001" };
	char why[128], *s;

	s = track_render("{name} {email} {order} {channel} {tracking} "
	    "{carrier} {service} {status} {expected} {promised} {location} "
	    "{url}", &v, why, sizeof why);
	is_str(s, "Ada ada@example.com 1001 shopify RR100000003DE dhl paket "
	    "in_transit 2026-11-27 2026-11-30 Berlin "
	    "https://t.example/RR100000003DE", "every placeholder");
	free(s);
	s = track_render("Hello {name}, order {order}{tracking}.\n"
	    "Expected: {expected}", &some, why, sizeof why);
	is_str(s, "Hello Ada, order 1001.\nExpected: ", "values not given "
	    "are empty");
	free(s);
	s = track_render("{name}{url}", NULL, why, sizeof why);
	is_str(s, "", "no values at all");
	free(s);
	s = track_render("", &v, why, sizeof why);
	is_str(s, "", "an empty template");
	free(s);
	s = track_render("{{order}} is {order}; {{{order}}}", &v, why,
	    sizeof why);
	is_str(s, "{order} is 1001; {1001}", "doubled braces are braces");
	free(s);
	s = track_render("a } alone, and }} two", &v, why, sizeof why);
	is_str(s, "a } alone, and } two", "a } alone is itself");
	free(s);
	s = track_render("{name} {nme}", &v, why, sizeof why);
	ok(s == NULL && !strcmp(why, "unknown placeholder '{nme}'"),
	    "an unknown placeholder");
	free(s);
	s = track_render("{Name}", &v, why, sizeof why);
	ok(s == NULL && !strcmp(why, "unknown placeholder '{Name}'"),
	    "placeholders are lower case");
	free(s);
	s = track_render("{}", &v, why, sizeof why);
	ok(s == NULL && !strcmp(why, "unknown placeholder '{}'"),
	    "an empty placeholder");
	free(s);
	s = track_render("Hello {name", &v, why, sizeof why);
	ok(s == NULL && !strcmp(why, "'{' without '}': write '{{' for a "
	    "brace"), "a { without its }");
	free(s);
	s = track_render("{na{me}", &v, why, sizeof why);
	ok(s == NULL && !strcmp(why, "'{' without '}': write '{{' for a "
	    "brace"), "a { inside a placeholder");
	free(s);
	ok(track_render("{x}", &v, NULL, 0) == NULL, "no room for why");
}

/* The same, a day at a time, as carrier.c used to: the reference. */
static int
step_weekend(time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm.tm_wday == 0 || tm.tm_wday == 6;
}

static void
step_add(time_t t, int n, char out[11])
{
	struct tm tm;

	for (; n > 0; n--)
		do
			t += 86400;
		while (step_weekend(t));
	for (; n < 0; n++)
		do
			t -= 86400;
		while (step_weekend(t));
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void
test_days(void)
{
	char out[11], day[11], want[11];
	int i, n, all, sum;
	/* Noon, so that whole days added never land on another. */
	time_t t0 = (time_t)days_from_civil(2026, 1, 1) * 86400 + 43200, t;
	struct tm tm;

	/* 2026-11-27 is a Friday. */
	is_int(business_days_between("2026-11-27", "2026-11-30"), 1,
	    "Friday to Monday: 1");
	is_int(business_days_between("2026-11-28", "2026-11-30"), 1,
	    "Saturday to Monday: 1");
	is_int(business_days_between("2026-11-27", "2026-11-29"), 0,
	    "Friday to Sunday: 0");
	is_int(business_days_between("2026-11-25", "2026-11-25"), 0,
	    "a day to itself");
	is_int(business_days_between("2026-11-23", "2026-12-07"), 10,
	    "two weeks: 10");
	is_int(business_days_between("2026-11-30", "2026-11-27"), -1,
	    "Monday to the Friday before: -1");
	is_int(business_days_between("2026-12-02", "2026-11-25"), -5,
	    "back a week: -5");
	is_int(business_days_between("2026-11-25T23:59:59Z",
	    "2026-11-26T00:00:00Z"), 1, "ISO times are their days");
	is_int(business_days_between("2024-02-28", "2024-03-01"), 2,
	    "over February 29th");
	is_int(business_days_between("2026-12-31", "2027-01-04"), 2,
	    "over the new year (no holidays)");
	is_int(business_days_between("2026-02-30", "2026-03-02"), INT_MIN,
	    "a day that is not");
	is_int(business_days_between("2026-11-25", "soon"), INT_MIN,
	    "not a day at all");
	is_int(business_days_between(NULL, "2026-11-25"), INT_MIN, "no day");

	business_day_add("2026-11-27", 1, out);
	is_str(out, "2026-11-30", "Friday plus 1 is Monday");
	business_day_add("2026-11-28", 1, out);
	is_str(out, "2026-11-30", "Saturday plus 1 is Monday");
	business_day_add("2026-11-28", 0, out);
	is_str(out, "2026-11-28", "plus 0 is the day itself");
	business_day_add("2026-11-25T10:00:00Z", 5, out);
	is_str(out, "2026-12-02", "Wednesday plus 5, from an ISO time");
	business_day_add("2026-11-30", -1, out);
	is_str(out, "2026-11-27", "Monday minus 1 is Friday");
	business_day_add("2026-11-29", -1, out);
	is_str(out, "2026-11-27", "Sunday minus 1 is Friday");
	business_day_add("2026-11-29", -2, out);
	is_str(out, "2026-11-26", "Sunday minus 2 is Thursday");
	business_day_add("2024-02-28", 2, out);
	is_str(out, "2024-03-01", "over February 29th");
	business_day_add("1969-12-31", 2, out);
	is_str(out, "1970-01-02", "across 1970");
	business_day_add("2026-02-29", 1, out);
	is_str(out, "", "not a day: empty");
	business_day_add("9999-12-30", 5, out);
	is_str(out, "", "past 9999: empty");
	business_day_add("2026-11-25", INT_MAX, out);
	is_str(out, "", "far past 9999: empty");
	is_int(is_business_day("2026-11-27"), 1, "Friday is a business day");
	is_int(is_business_day("2026-11-28T09:00:00Z"), 0, "Saturday is not");
	is_int(is_business_day("2026-13-01"), -1, "month 13 is no day");

	/* Every day of 2026 and the next, and every n from -12 to 12. */
	for (i = 0, all = 1; i < 730 && all; i++) {
		t = t0 + (time_t)i * 86400;
		gmtime_r(&t, &tm);
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
		for (n = -12; n <= 12 && all; n++) {
			business_day_add(day, n, out);
			step_add(t, n, want);
			if (strcmp(out, want)) {
				printf("#   %s %+d: got %s, want %s\n", day, n,
				    out, want);
				all = 0;
			}
		}
		/* between counts the business days in (day, day + n]. */
		for (n = 1, sum = 0; n <= 12 && all; n++) {
			t += 86400;
			sum += !step_weekend(t);
			gmtime_r(&t, &tm);
			strftime(want, sizeof want, "%Y-%m-%d", &tm);
			if (business_days_between(day, want) != sum ||
			    business_days_between(want, day) != -sum) {
				printf("#   %s to %s: got %d, want %d\n", day,
				    want, business_days_between(day, want),
				    sum);
				all = 0;
			}
		}
	}
	ok(all, "add and between agree with stepping a day at a time");
}

static void
test_errors(void)
{
	static const struct {
		const char *yaml, *want, *name;
	} cases[] = {
	{ CARRIERS "tracking: {codes: {dhl: {PU: transit}}}\n",
	  "8:30: PU: unknown state 'transit': expected in_transit, "
	  "out_for_delivery, delivered, exception or returned",
	  "an unknown state" },
	{ CARRIERS "tracking:\n  codes:\n    fedex: {PU: in_transit}\n",
	  "10:5: codes: unknown carrier 'fedex'",
	  "a carrier not in carriers" },
	{ "tracking: {codes: {dhl: {PU: in_transit}}}\n",
	  "1:20: codes: unknown carrier 'dhl'", "no carriers at all" },
	{ CARRIERS "tracking: {codes: {\"*\": {pu: in_transit, "
	  "PU: returned}}}\n",
	  "8:42: codes: 'PU' is 'pu' again",
	  "a code twice, in another case" },
	{ CARRIERS "tracking: {codes: {dhl: [PU]}}\n",
	  "8:25: dhl: expected keys and values", "codes not a mapping" },
	{ "tracking: {codes: {\"*\": {\"\": in_transit}}}\n",
	  "1:26: codes: expected an event code", "an empty code" },
	{ "tracking: {delay_margin: -1}\n",
	  "1:26: delay_margin: expected an integer from 0 to 365, not '-1'",
	  "a negative delay_margin" },
	{ "tracking: {margin: 1}\n",
	  "1:12: tracking: unknown key 'margin'", "an unknown tracking key" },
	{ "tracking: [codes]\n",
	  "1:11: tracking: expected keys and values", "tracking not a mapping" },
	{ "notifications: {to: x}\n",
	  "1:17: notifications: unknown key 'to'",
	  "an unknown notifications key" },
	{ "notifications: {from: \"a\\nb\"}\n",
	  "1:23: from: expected one line", "from on two lines" },
	{ "notifications:\n  templates:\n    shiped: {subject: s, body: b}\n",
	  "3:5: templates: unknown kind 'shiped': expected shipped, "
	  "out_for_delivery, delayed or delivered",
	  "an unknown kind" },
	{ "notifications:\n  templates:\n"
	  "    shipped: {subject: \"Order {ordr}\", body: b}\n",
	  "3:24: subject: unknown placeholder '{ordr}'",
	  "an unknown placeholder in a subject" },
	{ "notifications:\n  templates:\n    delayed:\n"
	  "      subject: Late\n"
	  "      body: |\n"
	  "        Hello {name},\n"
	  "        {Tracking} is late.\n",
	  "5:13: body: unknown placeholder '{Tracking}'",
	  "an unknown placeholder in a body" },
	{ "notifications:\n  templates:\n"
	  "    delivered: {subject: s, body: \"Hi {name\"}\n",
	  "3:35: body: '{' without '}': write '{{' for a brace",
	  "a brace not closed" },
	{ "notifications:\n  templates:\n    shipped: {body: b}\n",
	  "3:14: templates: 'shipped' needs a subject",
	  "a template without a subject" },
	{ "notifications:\n  templates:\n    shipped:\n      subject: s\n",
	  "4:7: templates: 'shipped' needs a body",
	  "a template without a body" },
	{ "notifications:\n  templates:\n"
	  "    shipped: {subject: s, body: b, html: h}\n",
	  "3:36: templates: unknown key 'html'", "an unknown template key" },
	{ "notifications:\n  templates:\n"
	  "    shipped: {subject: \"\", body: b}\n",
	  "3:24: subject: expected a value", "an empty subject" },
	{ "notifications:\n  templates:\n    shipped:\n"
	  "      subject: |\n        Your order\n        {order}\n"
	  "      body: b\n",
	  "4:16: subject: expected one line", "a subject on two lines" },
	{ "notifications:\n  templates:\n    shipped: hello\n",
	  "3:14: shipped: expected keys and values",
	  "a template not a mapping" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(error_of(cases[i].yaml), cases[i].want, cases[i].name);
}

int
main(void)
{
	progname = "oms";
	test_load();
	test_names();
	test_codes();
	test_advances();
	test_render();
	test_days();
	test_errors();
	return done_testing();
}
