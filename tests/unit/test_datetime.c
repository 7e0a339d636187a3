/*
 * date_parse(), timezone_parse() and days_from_civil(): the date shapes
 * of marketplace exports, offsets, named zones with DST, impossible
 * dates and the format directives.
 */
#include <stdio.h>
#include <string.h>

#include "datetime.h"
#include "tap.h"

static struct timezone_spec utc = { TZ_UTC, 0, "" };

static void
good(const char *text, const char *format, const struct timezone_spec *tz,
    const char *want)
{
	char out[21], name[200];
	const char *why = "unset";
	int rc;

	memset(out, 0, sizeof out);
	rc = date_parse(text, format, tz, out, &why);
	snprintf(name, sizeof name, "'%s' by '%s'%s%s is %s", text, format,
	    tz && tz->kind == TZ_NAMED ? " in " : "",
	    tz && tz->kind == TZ_NAMED ? tz->name : "", want);
	if (!ok(rc == 0 && strcmp(out, want) == 0 && why == NULL, name))
		printf("#   rc %d, got '%s', why '%s'\n", rc, out,
		    why ? why : "(null)");
}

static void
bad(const char *text, const char *format, const struct timezone_spec *tz,
    const char *want_why)
{
	char out[21], name[200];
	const char *why = NULL;
	int rc;

	memset(out, 0, sizeof out);
	rc = date_parse(text, format, tz, out, &why);
	snprintf(name, sizeof name, "'%s' by '%s' refused: %s", text, format,
	    want_why);
	if (!ok(rc == -1 && why != NULL && strcmp(why, want_why) == 0, name))
		printf("#   rc %d, got '%s', why '%s'\n", rc, out,
		    why ? why : "(null)");
}

static void
zone(const char *text, int want_kind, int want_offset)
{
	struct timezone_spec tz;
	char name[128];
	int rc;

	rc = timezone_parse(text, &tz);
	snprintf(name, sizeof name, "timezone '%s' is kind %d offset %d",
	    text, want_kind, want_offset);
	if (!ok(rc == 0 && tz.kind == want_kind && tz.offset == want_offset &&
	    (want_kind != TZ_NAMED || strcmp(tz.name, text) == 0), name))
		printf("#   rc %d, kind %d, offset %d, name '%s'\n", rc,
		    tz.kind, tz.offset, tz.name);
}

static void
no_zone(const char *text)
{
	struct timezone_spec tz;
	char name[128];

	snprintf(name, sizeof name, "timezone '%s' refused", text);
	is_int(timezone_parse(text, &tz), -1, name);
}

/* Parse a zone the test relies on; a failure here is reported once. */
static struct timezone_spec
must_zone(const char *text)
{
	struct timezone_spec tz;

	if (timezone_parse(text, &tz) != 0) {
		printf("# cannot parse zone %s\n", text);
		memset(&tz, 0, sizeof tz);
	}
	return tz;
}

int
main(void)
{
	struct timezone_spec berlin, ny, kolkata, sydney, london, la, plus530,
	    minus4;

	/* days_from_civil. */
	is_int(days_from_civil(1970, 1, 1), 0, "days 1970-01-01");
	is_int(days_from_civil(1969, 12, 31), -1, "days 1969-12-31");
	is_int(days_from_civil(2000, 3, 1), 11017, "days 2000-03-01");
	is_int(days_from_civil(2024, 2, 29), 19782, "days 2024-02-29");
	is_int(days_from_civil(2038, 1, 19), 24855, "days 2038-01-19");
	is_int(days_from_civil(1600, 3, 1), -135080, "days 1600-03-01");
	is_int(days_from_civil(1, 1, 1), -719162, "days 0001-01-01");
	is_int(days_from_civil(9999, 12, 31), 2932896, "days 9999-12-31");

	/* timezone_parse. */
	zone("UTC", TZ_UTC, 0);
	zone("GMT", TZ_UTC, 0);
	zone("Z", TZ_UTC, 0);
	zone("+05:30", TZ_OFFSET, 19800);
	zone("-04:00", TZ_OFFSET, -14400);
	zone("-00:30", TZ_OFFSET, -1800);
	zone("+14:00", TZ_OFFSET, 50400);
	zone("+05", TZ_OFFSET, 18000);
	zone("-12", TZ_OFFSET, -43200);
	zone("Europe/Berlin", TZ_NAMED, 0);
	zone("America/New_York", TZ_NAMED, 0);
	zone("Asia/Kolkata", TZ_NAMED, 0);
	zone("America/Argentina/Buenos_Aires", TZ_NAMED, 0);
	no_zone("");
	no_zone("Mars/Olympus_Mons");
	no_zone("Europe/Berlinn");
	no_zone("../../etc/passwd");
	no_zone("/etc/passwd");
	no_zone("Europe/../../../etc/passwd");
	no_zone("+15:00");
	no_zone("+05:60");
	no_zone("+05:30x");
	no_zone("05:30");
	no_zone("+");
	no_zone("Berlin");
	no_zone("+-5:00");
	no_zone("+ 5:00");
	no_zone("+05:-3");
	no_zone("--1");
	no_zone("Europe/");
	no_zone("America/Argentina");

	/* The shapes from the header. */
	good("2025-05-11 09:55:16 -0400", "%Y-%m-%d %H:%M:%S %z", &utc,
	    "2025-05-11T13:55:16Z");
	good("04-30-22", "%m-%d-%y", &utc, "2022-04-30T00:00:00Z");
	good("2/20/12 4:02 PM", "%m/%d/%y %I:%M %p", &utc,
	    "2012-02-20T16:02:00Z");
	good("Jan-18-16", "%b-%d-%y", &utc, "2016-01-18T00:00:00Z");
	good("2025-05-11T13:55:16Z", "%Y-%m-%dT%H:%M:%S%z", &utc,
	    "2025-05-11T13:55:16Z");

	/* A NULL zone is UTC. */
	good("2024-06-01 12:00", "%Y-%m-%d %H:%M", NULL,
	    "2024-06-01T12:00:00Z");

	/* %z forms. */
	good("2024-01-01 10:00 Z", "%Y-%m-%d %H:%M %z", &utc,
	    "2024-01-01T10:00:00Z");
	good("2024-01-01 10:00 +05", "%Y-%m-%d %H:%M %z", &utc,
	    "2024-01-01T05:00:00Z");
	good("2024-01-01 10:00 +0530", "%Y-%m-%d %H:%M %z", &utc,
	    "2024-01-01T04:30:00Z");
	good("2024-01-01 10:00 +05:30", "%Y-%m-%d %H:%M %z", &utc,
	    "2024-01-01T04:30:00Z");
	good("2024-01-01 10:00 -09:30", "%Y-%m-%d %H:%M %z", &utc,
	    "2024-01-01T19:30:00Z");
	good("2024-01-01 10:00 -0000", "%Y-%m-%d %H:%M %z", &utc,
	    "2024-01-01T10:00:00Z");
	good("2024-01-01 10:00 +14:00", "%Y-%m-%d %H:%M %z", &utc,
	    "2023-12-31T20:00:00Z");
	bad("2024-01-01 10:00 +15:00", "%Y-%m-%d %H:%M %z", &utc,
	    "not a date");
	bad("2024-01-01 10:00 +05:60", "%Y-%m-%d %H:%M %z", &utc,
	    "not a date");
	bad("2024-01-01 10:00 +5", "%Y-%m-%d %H:%M %z", &utc, "not a date");
	bad("2024-01-01 10:00 +053", "%Y-%m-%d %H:%M %z", &utc, "not a date");
	bad("2024-01-01 10:00 EST", "%Y-%m-%d %H:%M %z", &utc, "not a date");
	bad("2024-01-01 10:00", "%Y-%m-%d %H:%M %z", &utc, "not a date");

	/* Offsets carry the date across days, months and years. */
	good("2024-12-31 23:30:00 -0100", "%Y-%m-%d %H:%M:%S %z", &utc,
	    "2025-01-01T00:30:00Z");
	good("2024-03-01 00:15:00 +01:00", "%Y-%m-%d %H:%M:%S %z", &utc,
	    "2024-02-29T23:15:00Z");
	good("2023-03-01 00:15:00 +01:00", "%Y-%m-%d %H:%M:%S %z", &utc,
	    "2023-02-28T23:15:00Z");

	/* An offset in the text wins over the zone given. */
	minus4 = must_zone("-04:00");
	good("2024-01-01 10:00 Z", "%Y-%m-%d %H:%M %z", &minus4,
	    "2024-01-01T10:00:00Z");

	/* Fixed offset zones. */
	plus530 = must_zone("+05:30");
	good("2024-01-01 00:00", "%Y-%m-%d %H:%M", &plus530,
	    "2023-12-31T18:30:00Z");
	good("2024-07-04 20:00", "%Y-%m-%d %H:%M", &minus4,
	    "2024-07-05T00:00:00Z");

	/* Named zones, in and out of DST. */
	berlin = must_zone("Europe/Berlin");
	ny = must_zone("America/New_York");
	kolkata = must_zone("Asia/Kolkata");
	sydney = must_zone("Australia/Sydney");
	london = must_zone("Europe/London");
	la = must_zone("America/Los_Angeles");
	good("2024-07-01 12:00:00", "%Y-%m-%d %H:%M:%S", &berlin,
	    "2024-07-01T10:00:00Z");
	good("2024-01-15 12:00:00", "%Y-%m-%d %H:%M:%S", &berlin,
	    "2024-01-15T11:00:00Z");
	good("2024-03-31 03:30:00", "%Y-%m-%d %H:%M:%S", &berlin,
	    "2024-03-31T01:30:00Z");
	good("2024-03-09 12:00", "%Y-%m-%d %H:%M", &ny,
	    "2024-03-09T17:00:00Z");
	good("2024-03-10 12:00", "%Y-%m-%d %H:%M", &ny,
	    "2024-03-10T16:00:00Z");
	good("2024-01-01 00:00", "%Y-%m-%d %H:%M", &kolkata,
	    "2023-12-31T18:30:00Z");
	good("2024-01-01 00:00", "%Y-%m-%d %H:%M", &sydney,
	    "2023-12-31T13:00:00Z");
	good("2024-06-01 00:30", "%Y-%m-%d %H:%M", &london,
	    "2024-05-31T23:30:00Z");
	good("2024-11-03 00:59", "%Y-%m-%d %H:%M", &la,
	    "2024-11-03T07:59:00Z");
	/* Switching zones back and forth must not keep the old one. */
	good("2024-07-01 12:00:00", "%Y-%m-%d %H:%M:%S", &berlin,
	    "2024-07-01T10:00:00Z");
	good("2024-07-01 12:00:00", "%Y-%m-%d %H:%M:%S", &utc,
	    "2024-07-01T12:00:00Z");
	good("2024-07-01 12:00:00", "%Y-%m-%d %H:%M:%S", &ny,
	    "2024-07-01T16:00:00Z");
	good("1970-01-01 01:00:00", "%Y-%m-%d %H:%M:%S", &berlin,
	    "1970-01-01T00:00:00Z");
	good("1970-01-01 00:59:59", "%Y-%m-%d %H:%M:%S", &berlin,
	    "1969-12-31T23:59:59Z");

	/* Leap years and impossible dates. */
	good("2024-02-29", "%Y-%m-%d", &utc, "2024-02-29T00:00:00Z");
	good("2000-02-29", "%Y-%m-%d", &utc, "2000-02-29T00:00:00Z");
	bad("2023-02-29", "%Y-%m-%d", &utc, "no such date");
	bad("1900-02-29", "%Y-%m-%d", &utc, "no such date");
	bad("2100-02-29", "%Y-%m-%d", &utc, "no such date");
	bad("2024-02-30", "%Y-%m-%d", &utc, "no such date");
	bad("2024-04-31", "%Y-%m-%d", &utc, "no such date");
	bad("2024-06-31", "%Y-%m-%d", &utc, "no such date");
	bad("2024-09-31", "%Y-%m-%d", &utc, "no such date");
	bad("2024-11-31", "%Y-%m-%d", &utc, "no such date");
	good("2024-12-31", "%Y-%m-%d", &utc, "2024-12-31T00:00:00Z");
	good("2024-01-31", "%Y-%m-%d", &utc, "2024-01-31T00:00:00Z");
	bad("2024-13-01", "%Y-%m-%d", &utc, "no such date");
	bad("2024-00-10", "%Y-%m-%d", &utc, "no such date");
	bad("2024-01-00", "%Y-%m-%d", &utc, "no such date");
	bad("2024-01-32", "%Y-%m-%d", &utc, "no such date");
	bad("2024-01-01 24:00", "%Y-%m-%d %H:%M", &utc, "no such date");
	bad("2024-01-01 23:60", "%Y-%m-%d %H:%M", &utc, "no such date");
	bad("2024-01-01 23:59:61", "%Y-%m-%d %H:%M:%S", &utc,
	    "no such date");
	good("2016-12-31 23:59:60", "%Y-%m-%d %H:%M:%S", &utc,
	    "2016-12-31T23:59:59Z");
	good("0001-01-01", "%Y-%m-%d", &utc, "0001-01-01T00:00:00Z");
	good("0999-01-01", "%Y-%m-%d", &utc, "0999-01-01T00:00:00Z");
	good("1000-01-01", "%Y-%m-%d", &utc, "1000-01-01T00:00:00Z");
	good("9999-12-31 23:59:59", "%Y-%m-%d %H:%M:%S", &utc,
	    "9999-12-31T23:59:59Z");
	bad("9999-12-31 23:00 -0100", "%Y-%m-%d %H:%M %z", &utc,
	    "no such date");

	/* %y pivots at 69. */
	good("01/01/68", "%m/%d/%y", &utc, "2068-01-01T00:00:00Z");
	good("01/01/69", "%m/%d/%y", &utc, "1969-01-01T00:00:00Z");
	good("01/01/00", "%m/%d/%y", &utc, "2000-01-01T00:00:00Z");
	good("01/01/99", "%m/%d/%y", &utc, "1999-01-01T00:00:00Z");
	bad("01/01/2024", "%m/%d/%y", &utc, "not a date");
	bad("01/01/4", "%m/%d/%y", &utc, "not a date");

	/* %p with %I. */
	good("2024-01-01 12:00 AM", "%Y-%m-%d %I:%M %p", &utc,
	    "2024-01-01T00:00:00Z");
	good("2024-01-01 12:30 PM", "%Y-%m-%d %I:%M %p", &utc,
	    "2024-01-01T12:30:00Z");
	good("2024-01-01 1:05 am", "%Y-%m-%d %I:%M %p", &utc,
	    "2024-01-01T01:05:00Z");
	good("2024-01-01 11:59 pm", "%Y-%m-%d %I:%M %p", &utc,
	    "2024-01-01T23:59:00Z");
	good("2024-01-01 11:59PM", "%Y-%m-%d %I:%M%p", &utc,
	    "2024-01-01T23:59:00Z");
	bad("2024-01-01 0:30 AM", "%Y-%m-%d %I:%M %p", &utc, "not a date");
	bad("2024-01-01 13:00 PM", "%Y-%m-%d %I:%M %p", &utc, "not a date");
	bad("2024-01-01 10:00 XM", "%Y-%m-%d %I:%M %p", &utc, "not a date");
	bad("2024-01-01 10:00", "%Y-%m-%d %I:%M %p", &utc, "not a date");

	/* Month names. */
	good("05 Mar 2024", "%d %b %Y", &utc, "2024-03-05T00:00:00Z");
	good("05 mar 2024", "%d %b %Y", &utc, "2024-03-05T00:00:00Z");
	good("05 DEC 2024", "%d %b %Y", &utc, "2024-12-05T00:00:00Z");
	good("September 9, 2024", "%B %d, %Y", &utc,
	    "2024-09-09T00:00:00Z");
	good("may 1, 2024", "%B %d, %Y", &utc, "2024-05-01T00:00:00Z");
	bad("05 Foo 2024", "%d %b %Y", &utc, "not a date");
	bad("Sept 9, 2024", "%B %d, %Y", &utc, "not a date");
	bad("January 9, 2024", "%b %d, %Y", &utc, "not a date");

	/* Digits, blanks, literals and the rest of the text. */
	good("2024-1-5", "%Y-%m-%d", &utc, "2024-01-05T00:00:00Z");
	good("01052024", "%m%d%Y", &utc, "2024-01-05T00:00:00Z");
	good("  2024-01-05  ", "%Y-%m-%d", &utc, "2024-01-05T00:00:00Z");
	good("2024-01-05    7:08", "%Y-%m-%d %H:%M", &utc,
	    "2024-01-05T07:08:00Z");
	good("2024-01-05 07:08:09.123456", "%Y-%m-%d %H:%M:%S", &utc,
	    "2024-01-05T07:08:09Z");
	good("100% 2024", "100%% %Y", &utc, "2024-01-01T00:00:00Z");
	bad("2024-01-05x", "%Y-%m-%d", &utc, "not a date");
	bad("2024/01/05", "%Y-%m-%d", &utc, "not a date");
	bad("2024-01-05", "%Y-%m-%d %H:%M", &utc, "not a date");
	bad("2024-01-05 7:8", "%Y-%m-%d %H:%M", &utc, "not a date");
	bad("2024-01-05 07:08:9", "%Y-%m-%d %H:%M:%S", &utc, "not a date");
	bad("2024-01-05 07:08:09.", "%Y-%m-%d %H:%M:%S", &utc,
	    "not a date");
	bad("2024-01-052", "%Y-%m-%d", &utc, "not a date");
	bad("24-01-05", "%Y-%m-%d", &utc, "not a date");
	bad("", "%Y-%m-%d", &utc, "not a date");
	bad("01-05", "%m-%d", &utc, "not a date");	/* no year */
	bad("2024-01-05", "%Y-%m-%Q", &utc, "bad date format in profile");

	return done_testing();
}
