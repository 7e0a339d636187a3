/*
 * geo: haversine distances against known ones (including the poles,
 * antipodes and the antimeridian), postal-code prefixes, centroid files
 * in both formats read back, lookups with their prefix fallback, the
 * first of duplicate rows, and every error with its exact message.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geo.h"
#include "tap.h"
#include "util.h"

static char dir[] = "/tmp/test_geo.XXXXXX";
static char errbuf[1024];	/* what the last load printed */
static const char *errmsg;	/* the same without "oms: PATH:" */

static void
near(double got, double want, double tolerance, const char *name)
{
	if (!ok(fabs(got - want) <= tolerance, name))
		printf("#   got %.6f, want %.6f +- %g\n", got, want, tolerance);
}

/* Write text to a file in the test's directory; returns its path. */
static const char *
file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		perror(path);
		exit(1);
	}
	return path;
}

/* Load a file with stderr captured: the messages are checked word for word. */
static struct geo_index *
capture(const char *path)
{
	struct geo_index *g;

	tap_stderr_begin();
	g = geo_load(path);
	tap_stderr_end(errbuf, sizeof errbuf);
	errmsg = tap_after_path(errbuf, progname, path);
	return g;
}

/* "LINE: message" for a file that must not load. */
static const char *
error_of(const char *text)
{
	const char *path = file("bad.txt", text);
	struct geo_index *g = capture(path);

	unlink(path);
	if (g != NULL) {
		geo_free(g);
		return "(loaded without error)";
	}
	return errmsg;
}

static void
bad(const char *text, const char *want, const char *name)
{
	is_str(error_of(text), want, name);
}

static void
test_distance(void)
{
	near(geo_distance_km(52.52, 13.405, 48.8566, 2.3522), 877.5, 1,
	    "Berlin to Paris");
	near(geo_distance_km(48.8566, 2.3522, 52.52, 13.405), 877.5, 1,
	    "Paris to Berlin: the same");
	near(geo_distance_km(51.5074, -0.1278, 40.7128, -74.0060), 5570, 1,
	    "London to New York");
	near(geo_distance_km(52.52, 13.405, 52.52, 13.405), 0, 1e-9,
	    "same point");
	near(geo_distance_km(0, 0, 0, 180), 20015.1, 0.1,
	    "antipodes on the equator: half the circumference");
	near(geo_distance_km(10, 20, -10, -160), 20015.1, 0.1,
	    "antipodes off the equator");
	near(geo_distance_km(90, 0, -90, 0), 20015.1, 0.1, "pole to pole");
	near(geo_distance_km(90, 0, 90, 123), 0, 1e-6,
	    "the pole at any longitude is one point");
	near(geo_distance_km(0, 0, 0, 1), 111.195, 0.001,
	    "one degree of the equator");
	near(geo_distance_km(0, 179.5, 0, -179.5), 111.195, 0.001,
	    "across the antimeridian: one degree, not 359");
	near(geo_distance_km(-16.5, 179.9, -16.5, -179.9), 21.32, 0.01,
	    "across the antimeridian in Fiji");
	near(geo_distance_km(0, -180, 0, 180), 0, 1e-6,
	    "-180 and 180 are one meridian");
}

static void
test_prefix(void)
{
	char out[16];

	is_int(postal_common_prefix("SW1A 1AA", "sw1a2aa"), 4,
	    "SW1A 1AA and sw1a2aa share 4");
	is_int(postal_common_prefix("SW1A 1AA", "SW1A1AA"), 7,
	    "same code, space or not");
	is_int(postal_common_prefix("75001", "75001"), 5, "identical");
	is_int(postal_common_prefix("75001", "75002"), 4, "last differs");
	is_int(postal_common_prefix("75001", "13001"), 0, "first differs");
	is_int(postal_common_prefix("1011-AB", "1011 ab"), 6,
	    "dash and space are both dropped");
	is_int(postal_common_prefix("10115", "101"), 3,
	    "one a prefix of the other");
	is_int(postal_common_prefix(" 1 0", "10"), 2,
	    "leading and inner spaces dropped");
	is_int(postal_common_prefix(NULL, "10115"), 0, "NULL first");
	is_int(postal_common_prefix("10115", NULL), 0, "NULL second");
	is_int(postal_common_prefix("", "10115"), 0, "empty first");
	is_int(postal_common_prefix("10115", ""), 0, "empty second");
	is_int(postal_common_prefix(" - ", " - "), 0,
	    "only separators: empty");

	is_int(postal_normalise("sw1a 1aa", out, sizeof out), 7,
	    "postal_normalise: length");
	is_str(out, "SW1A1AA", "postal_normalise: upper, no space");
	is_int(postal_normalise("a-b\tc", out, sizeof out), 3,
	    "postal_normalise: dash and TAB dropped");
	is_str(out, "ABC", "postal_normalise: ABC");
	is_int(postal_normalise("\xc3\xa9x", out, sizeof out), 3,
	    "postal_normalise: UTF-8 kept");
	is_str(out, "\xc3\xa9X", "postal_normalise: é kept as it is");
	is_int(postal_normalise("12345", out, 4), 5,
	    "postal_normalise: too long reports the whole length");
	is_str(out, "123", "postal_normalise: cut short, NUL-terminated");
}

/* A GeoNames row: 12 columns, the centroid in the 10th and 11th. */
#define GN(cc, code, place, lat, lon) \
	cc "\t" code "\t" place "\tAdmin1\tA1\tAdmin2\tA2\tAdmin3\tA3\t" \
	lat "\t" lon "\t4\n"

static void
lookup(const struct geo_index *g, const char *cc, const char *postal,
    double want_lat, double want_lon, const char *name)
{
	double lat = -999, lon = -999;

	if (!ok(geo_lookup(g, cc, postal, &lat, &lon) == 1 &&
	    fabs(lat - want_lat) < 1e-4 && fabs(lon - want_lon) < 1e-4, name))
		printf("#   got %f,%f, want %f,%f\n", lat, lon, want_lat,
		    want_lon);
}

static void
unknown(const struct geo_index *g, const char *cc, const char *postal,
    const char *name)
{
	double lat = -999, lon = -999;

	ok(geo_lookup(g, cc, postal, &lat, &lon) == 0 && lat == -999 &&
	    lon == -999, name);
}

static void
test_geonames(void)
{
	struct geo_index *g;

	g = capture(file("allCountries.txt",
	    GN("GB", "SW1A", "London", "51.5", "-0.1333")
	    GN("GB", "EC1A", "London", "51.5202", "-0.0979")
	    GN("DE", "10115", "Berlin", "52.5323", "13.3846")
	    /* Two places share a code: the first counts. */
	    GN("DE", "10117", "Berlin Mitte", "52.517", "13.3872")
	    GN("DE", "10117", "Somewhere else", "10", "10")
	    GN("NL", "1011 AB", "Amsterdam", "52.3747", "4.9036")
	    GN("FR", "75001", "Paris 01", "48.8592", "2.3417")
	    GN("FR", "75001", "PARIS 01 LOUVRE", "-48", "-2")
	    GN("US", "99501", "Anchorage", "61.2181", "-149.9003")
	    GN("FJ", "FJ-1", "Suva", "-18.1416", "178.4419")));
	ok(g != NULL, "GeoNames file loads");
	is_str(errbuf, "", "GeoNames file: nothing on stderr");
	if (g == NULL)
		return;
	is_int(geo_count(g), 8, "8 distinct codes (2 duplicates)");
	lookup(g, "DE", "10115", 52.5323, 13.3846, "exact: DE 10115");
	lookup(g, "de", "10115", 52.5323, 13.3846, "country in lower case");
	lookup(g, "DE", "10117", 52.517, 13.3872,
	    "duplicate code: the first row");
	lookup(g, "FR", "75001", 48.8592, 2.3417,
	    "duplicate code: the first row, FR");
	lookup(g, "US", "99501", 61.2181, -149.9003, "negative longitude");
	lookup(g, "FJ", "fj1", -18.1416, 178.4419,
	    "stored with its dash dropped, looked up without");
	lookup(g, "NL", "1011ab", 52.3747, 4.9036,
	    "stored with a space, looked up without, in lower case");
	lookup(g, "NL", "1011-AB", 52.3747, 4.9036,
	    "stored with a space, looked up with a dash");
	lookup(g, "GB", "SW1A", 51.5, -0.1333, "GB outward code exactly");
	lookup(g, "GB", "SW1A 1AA", 51.5, -0.1333,
	    "GB full code: falls back to the outward code");
	lookup(g, "gb", "ec1a 1bb", 51.5202, -0.0979,
	    "GB full code in lower case: its outward code");
	lookup(g, "DE", "101159999", 52.5323, 13.3846,
	    "longer code: its longest known prefix");
	lookup(g, "DE", "1011599999999999999999999999999999999999", 52.5323,
	    13.3846, "code longer than any stored: still its prefix");
	unknown(g, "DE", "99999", "unknown code");
	unknown(g, "DE", "20095", "unknown code sharing one character");
	unknown(g, "GB", "S", "one character: no 2-character prefix");
	unknown(g, "AT", "10115", "unknown country");
	unknown(g, "FR", "10115", "a code known in another country only");
	unknown(g, "DE", NULL, "NULL postal");
	unknown(g, "DE", "", "empty postal");
	unknown(g, "DE", " - ", "postal of separators only");
	unknown(g, NULL, "10115", "NULL country");
	unknown(g, "DEU", "10115", "alpha-3 country");
	unknown(g, "D", "10115", "one-letter country");
	unknown(g, "", "10115", "empty country");
	unknown(NULL, "DE", "10115", "no index");
	geo_free(g);
}

static void
test_short_form(void)
{
	struct geo_index *g;

	g = capture(file("short.tsv",
	    "# country, postal code, latitude, longitude\n"
	    "\n"
	    "fr\t13001\t43.2999\t5.3841\r\n"
	    "GB\tSW\t51.49\t-0.15\n"
	    "GB\tSW1A\t51.5\t-0.1333\n"
	    "\r\n"
	    "AQ\t1\t-90\t180\n"
	    "NZ\t9010\t-46.4\t-180\n"
	    "# the last line has no newline\n"
	    "DE\t10115\t52.5323\t13.3846"));
	ok(g != NULL, "short form loads");
	is_str(errbuf, "", "short form: nothing on stderr");
	if (g == NULL)
		return;
	is_int(geo_count(g), 6, "6 codes; comments and blank lines skipped");
	lookup(g, "FR", "13001", 43.2999, 5.3841,
	    "country in lower case in the file, CRLF line");
	lookup(g, "GB", "SW1A 2AA", 51.5, -0.1333,
	    "longest prefix first: SW1A");
	lookup(g, "GB", "SW9 9AA", 51.49, -0.15, "then SW");
	lookup(g, "AQ", "1", -90, 180,
	    "a one-character code: the whole code; edge coordinates");
	lookup(g, "NZ", "9010", -46.4, -180, "longitude -180");
	lookup(g, "DE", "10115", 52.5323, 13.3846, "last line without newline");
	unknown(g, "GB", "S1 1AA", "S1 is not SW");
	geo_free(g);

	g = capture(file("empty.tsv", "# nothing yet\n\n"));
	ok(g != NULL && errbuf[0] == '\0', "a file of comments loads");
	is_int(geo_count(g), 0, "and holds no code");
	unknown(g, "DE", "10115", "an empty index knows nothing");
	geo_free(g);

	/* Enough rows to grow the table several times. */
	{
		struct buf b;
		char name[64];
		int i, found = 0;
		double lat, lon;

		buf_init(&b);
		for (i = 0; i < 20000; i++)
			buf_printf(&b, "US\t%05d\t%d.5\t-%d.25\n", i, i % 90,
			    i % 180);
		/* And every row again: all duplicates. */
		for (i = 0; i < 20000; i++)
			buf_printf(&b, "US\t%05d\t0\t0\n", i);
		g = capture(file("many.tsv", b.data));
		buf_free(&b);
		ok(g != NULL, "20000 codes load");
		is_int(geo_count(g), 20000, "20000 distinct codes");
		for (i = 0; i < 20000; i++) {
			snprintf(name, sizeof name, "%05d", i);
			if (geo_lookup(g, "US", name, &lat, &lon) &&
			    lat == i % 90 + 0.5 && lon == -(i % 180) - 0.25)
				found++;
		}
		is_int(found, 20000, "each found with its first centroid");
		geo_free(g);
	}
}

static void
test_errors(void)
{
	char path[300], want[512];
	struct geo_index *g;

	bad("DE\t10115\t52.5\n", "1: 3 fields, want 4 (country, postal "
	    "code, latitude, longitude) or 12 (GeoNames)", "3 fields");
	bad("DE\t10115\t52.5\t13.4\n"
	    "DE\t10117\t52.5\t13.4\tx\n",
	    "2: 5 fields, want 4 (country, postal code, latitude, longitude) "
	    "or 12 (GeoNames)", "5 fields, on line 2");
	bad("DE 10115 52.5 13.4\n",
	    "1: 1 fields, want 4 (country, postal code, latitude, longitude) "
	    "or 12 (GeoNames)", "spaces, not TABs");
	bad(GN("DE", "10115", "Berlin", "52.5", "13.4\textra"),
	    "1: 13 fields, want 4 (country, postal code, latitude, longitude) "
	    "or 12 (GeoNames)", "13 fields");
	bad("# comment\n\nDEU\t10115\t52.5\t13.4\n",
	    "3: country 'DEU' is not two letters",
	    "alpha-3 country; comments and blank lines still counted");
	bad("D\t10115\t52.5\t13.4\n", "1: country 'D' is not two letters",
	    "one-letter country");
	bad("\t10115\t52.5\t13.4\n", "1: country '' is not two letters",
	    "empty country");
	bad("D1\t10115\t52.5\t13.4\n", "1: country 'D1' is not two letters",
	    "country with a digit");
	bad("DE\t\t52.5\t13.4\n", "1: empty postal code", "empty postal code");
	bad("DE\t - \t52.5\t13.4\n", "1: empty postal code",
	    "postal code of separators only");
	bad("DE\t123456789012345678901234567890123\t52.5\t13.4\n",
	    "1: postal code '123456789012345678901234567890123' is longer "
	    "than 32 characters", "postal code of 33 characters");
	bad("DE\tabc\t52,5\t13.4\n", "1: field 'latitude': not a number: '52,5'",
	    "decimal comma");
	bad("DE\tabc\t\t13.4\n", "1: field 'latitude': not a number: ''",
	    "empty latitude");
	bad("DE\tabc\tnorth\t13.4\n", "1: field 'latitude': not a number: 'north'",
	    "latitude a word");
	bad("DE\tabc\t 52.5\t13.4\n", "1: field 'latitude': not a number: ' 52.5'",
	    "latitude with a leading blank");
	bad("DE\tabc\t52.5 \t13.4\n", "1: field 'latitude': not a number: '52.5 '",
	    "latitude with a trailing blank");
	bad("DE\tabc\tnan\t13.4\n", "1: field 'latitude': not a number: 'nan'",
	    "latitude nan");
	bad("DE\tabc\t90.0001\t13.4\n",
	    "1: field 'latitude': out of range (-90 to 90): '90.0001'",
	    "latitude above 90");
	bad("DE\tabc\t-91\t13.4\n",
	    "1: field 'latitude': out of range (-90 to 90): '-91'",
	    "latitude below -90");
	bad("DE\tabc\tinf\t13.4\n",
	    "1: field 'latitude': out of range (-90 to 90): 'inf'", "latitude inf");
	bad("DE\tabc\t52.5\t\n", "1: field 'longitude': not a number: ''",
	    "empty longitude");
	bad("DE\tabc\t52.5\t13.4E\n", "1: field 'longitude': not a number: '13.4E'",
	    "longitude with a hemisphere letter");
	bad("DE\tabc\t52.5\t180.5\n",
	    "1: field 'longitude': out of range (-180 to 180): '180.5'",
	    "longitude above 180");
	bad("DE\tabc\t52.5\t-1e3\n",
	    "1: field 'longitude': out of range (-180 to 180): '-1e3'",
	    "longitude below -180");
	bad(GN("DE", "10115", "Berlin", "52.5", "13.4")
	    GN("DE", "10117", "Berlin", "x", "13.4"),
	    "2: field 'latitude': not a number: 'x'", "GeoNames: latitude column");
	bad(GN("DE", "10115", "Berlin", "52.5", "190"),
	    "1: field 'longitude': out of range (-180 to 180): '190'",
	    "GeoNames: longitude column");
	bad(GN("DEU", "10115", "Berlin", "52.5", "13.4"),
	    "1: country 'DEU' is not two letters", "GeoNames: country");
	bad("DE\t10115\t52.5\t13.4\n"
	    "DE\t10115\t52.5\t999\n",
	    "2: field 'longitude': out of range (-180 to 180): '999'",
	    "a bad duplicate is still an error");

	snprintf(path, sizeof path, "%s/missing.txt", dir);
	g = capture(path);
	ok(g == NULL, "missing file: NULL");
	snprintf(want, sizeof want, "%s: %s: cannot open: no such file or "
	    "directory", progname, path);
	is_str(errbuf, want, "missing file: message");

	g = capture(dir);
	ok(g == NULL, "a directory: NULL");
	snprintf(want, sizeof want, "%s: %s: read error: is a directory",
	    progname, dir);
	is_str(errbuf, want, "a directory: message");
}

int
main(void)
{
	char path[300];
	static const char *names[] = { "allCountries.txt", "short.tsv",
	    "empty.tsv", "many.tsv" };
	size_t i;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_distance();
	test_prefix();
	test_geonames();
	test_short_form();
	test_errors();
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return done_testing();
}
