/*
 * Distances, postal-code prefixes and postal-code centroids.
 *
 * GeoNames' allCountries dump has about 1.5 million rows and oms-route
 * reads it once per run, so the index is kept small: every key
 * ("GBSW1A", the country code then the normalised postal code, NUL
 * terminated) lives in one growing buffer, an entry is that key's
 * offset and a float latitude and longitude (a centroid needs no more
 * than a float's metre or two), and an open-addressing table of entry
 * numbers finds a key in O(1).  That is 12 bytes an entry, 8 to 16 a
 * row for the table at its load factor of a half at most, and the key
 * itself: some 35 bytes a row.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "util.h"

#define EARTH_RADIUS_KM	6371.0088
#define DEG_TO_RAD	(3.14159265358979323846 / 180.0)

/* Columns of the two file formats, and where they keep the centroid. */
#define SHORT_FIELDS	4
#define SHORT_LAT	2
#define GEONAMES_FIELDS	12
#define GEONAMES_LAT	9

struct geo_entry {
	uint32_t off;		/* of the key in keys */
	float lat, lon;
};

struct geo_index {
	struct buf keys;
	struct geo_entry *v;
	uint32_t n, cap;
	uint32_t *slot;		/* entry number + 1; 0 is free */
	size_t nslot;		/* a power of two */
};

double
geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * DEG_TO_RAD, p2 = lat2 * DEG_TO_RAD;
	double sdp = sin((p2 - p1) / 2);
	double sdl = sin((lon2 - lon1) * DEG_TO_RAD / 2);
	double a = sdp * sdp + cos(p1) * cos(p2) * sdl * sdl;

	/* Rounding can push nearly antipodal points just past 1. */
	if (a > 1)
		a = 1;
	return 2 * EARTH_RADIUS_KM * asin(sqrt(a));
}

static int
postal_sep(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '-';
}

static unsigned char
upper(unsigned char c)
{
	/* ASCII only: the bytes of UTF-8 sequences pass unchanged. */
	return c >= 'a' && c <= 'z' ? (unsigned char)(c - 'a' + 'A') : c;
}

size_t
postal_normalise(const char *postal, char *out, size_t n)
{
	const unsigned char *p;
	size_t len = 0;

	for (p = (const unsigned char *)postal; *p != '\0'; p++) {
		if (postal_sep(*p))
			continue;
		if (len + 1 < n)
			out[len] = (char)upper(*p);
		len++;
	}
	if (n > 0)
		out[len < n ? len : n - 1] = '\0';
	return len;
}

int
postal_common_prefix(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	int n = 0;

	if (p == NULL || q == NULL)
		return 0;
	for (;;) {
		while (postal_sep(*p))
			p++;
		while (postal_sep(*q))
			q++;
		if (*p == '\0' || *q == '\0' || upper(*p) != upper(*q))
			return n;
		n++;
		p++;
		q++;
	}
}

/*
 * The slot that holds key[0..len), or the free slot where it would go.
 * The table is never full, so the probe ends.
 */
static uint32_t *
find(const struct geo_index *g, const char *key, size_t len)
{
	size_t mask = g->nslot - 1;
	size_t i = (size_t)fnv1a(FNV1A_INIT, key, len) & mask;
	const char *k;

	for (; g->slot[i] != 0; i = (i + 1) & mask) {
		k = g->keys.data + g->v[g->slot[i] - 1].off;
		if (strncmp(k, key, len) == 0 && k[len] == '\0')
			break;
	}
	return &g->slot[i];
}

static void
grow_table(struct geo_index *g)
{
	uint32_t i, *s;
	const char *k;

	free(g->slot);
	g->nslot = g->nslot ? g->nslot * 2 : 1024;
	g->slot = xcalloc(g->nslot, sizeof g->slot[0]);
	for (i = 0; i < g->n; i++) {
		k = g->keys.data + g->v[i].off;
		s = find(g, k, strlen(k));
		*s = i + 1;
	}
}

/*
 * Add key[0..len), NUL-terminated, unless it is there: GeoNames repeats
 * a code for every place that shares it, and the first row counts.
 */
static int
add(struct geo_index *g, const char *key, size_t len, double lat, double lon)
{
	uint32_t *s;

	/* Offsets and entry numbers are 32 bits; cap doubles. */
	if (g->n >= UINT32_MAX / 2 || g->keys.len + len + 1 > UINT32_MAX)
		return -1;
	if ((size_t)(g->n + 1) * 2 > g->nslot)
		grow_table(g);
	s = find(g, key, len);
	if (*s != 0)
		return 0;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->v = xrealloc(g->v, (size_t)g->cap * sizeof g->v[0]);
	}
	g->v[g->n].off = (uint32_t)g->keys.len;
	g->v[g->n].lat = (float)lat;
	g->v[g->n].lon = (float)lon;
	/* With its NUL, which ends the key in the arena. */
	buf_add(&g->keys, key, len + 1);
	*s = ++g->n;
	return 0;
}

/* strerror's text, lower-cased like the rest of oms's messages. */
static void
warn_errno(const char *path, const char *what, int e)
{
	char msg[128];

	snprintf(msg, sizeof msg, "%s", strerror(e));
	msg[0] = (char)tolower((unsigned char)msg[0]);
	warnx_("%s: %s: %s", path, what, msg);
}

/*
 * A latitude or longitude: 0, or -1 with a message.  strtod alone
 * would take leading blanks, "nan" and "inf".
 */
static int
coordinate(const char *path, long line, const char *what, const char *s,
    double limit, double *out)
{
	char *end;

	*out = strtod(s, &end);
	if (*s == '\0' || isspace((unsigned char)*s) || *end != '\0' ||
	    isnan(*out)) {
		warnx_("%s:%ld: field '%s': not a number: '%s'", path, line,
		    what, s);
		return -1;
	}
	if (!(fabs(*out) <= limit)) {
		warnx_("%s:%ld: field '%s': out of range (-%g to %g): '%s'",
		    path, line, what, limit, limit, s);
		return -1;
	}
	return 0;
}

/* One line split at its TABs (in place): 0, or -1 with a message. */
static int
parse_line(struct geo_index *g, const char *path, long line, char *s)
{
	char *field[GEONAMES_FIELDS], *p;
	char key[2 + GEO_POSTAL_MAX + 1];
	int nf = 0, ilat;
	size_t len;
	double lat, lon;

	for (p = s;; p++) {
		if (*p != '\t' && *p != '\0')
			continue;
		if (nf < GEONAMES_FIELDS)
			field[nf] = s;
		nf++;
		if (*p == '\0')
			break;
		*p = '\0';
		s = p + 1;
	}
	if (nf != SHORT_FIELDS && nf != GEONAMES_FIELDS) {
		warnx_("%s:%ld: %d fields, want %d (country, postal code, "
		    "latitude, longitude) or %d (GeoNames)", path, line, nf,
		    SHORT_FIELDS, GEONAMES_FIELDS);
		return -1;
	}
	if (!isalpha((unsigned char)field[0][0]) ||
	    !isalpha((unsigned char)field[0][1]) || field[0][2] != '\0') {
		warnx_("%s:%ld: country '%s' is not two letters", path, line,
		    field[0]);
		return -1;
	}
	key[0] = (char)upper((unsigned char)field[0][0]);
	key[1] = (char)upper((unsigned char)field[0][1]);
	len = postal_normalise(field[1], key + 2, sizeof key - 2);
	if (len == 0) {
		warnx_("%s:%ld: empty postal code", path, line);
		return -1;
	}
	if (len > GEO_POSTAL_MAX) {
		warnx_("%s:%ld: postal code '%s' is longer than %d characters",
		    path, line, field[1], GEO_POSTAL_MAX);
		return -1;
	}
	ilat = nf == SHORT_FIELDS ? SHORT_LAT : GEONAMES_LAT;
	if (coordinate(path, line, "latitude", field[ilat], 90, &lat) < 0 ||
	    coordinate(path, line, "longitude", field[ilat + 1], 180,
	    &lon) < 0)
		return -1;
	if (add(g, key, 2 + len, lat, lon) < 0) {
		warnx_("%s:%ld: too many postal codes", path, line);
		return -1;
	}
	return 0;
}

struct geo_index *
geo_load(const char *path)
{
	struct geo_index *g;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int failed = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		warn_errno(path, "cannot open", errno);
		return NULL;
	}
	g = xcalloc(1, sizeof *g);
	buf_init(&g->keys);
	while ((len = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (parse_line(g, path, lineno, line) < 0) {
			failed = 1;
			break;
		}
	}
	if (!failed && ferror(f)) {
		warn_errno(path, "read error", errno);
		failed = 1;
	}
	free(line);
	fclose(f);
	if (failed) {
		geo_free(g);
		return NULL;
	}
	/* Loading doubled the arrays; a run keeps them: give back the rest. */
	if (g->n > 0) {
		g->v = xrealloc(g->v, (size_t)g->n * sizeof g->v[0]);
		g->cap = g->n;
		g->keys.data = xrealloc(g->keys.data, g->keys.len + 1);
		g->keys.cap = g->keys.len + 1;
	}
	return g;
}

size_t
geo_count(const struct geo_index *g)
{
	return g != NULL ? g->n : 0;
}

int
geo_lookup(const struct geo_index *g, const char *country, const char *postal,
    double *lat, double *lon)
{
	char key[2 + GEO_POSTAL_MAX + 1];
	size_t len, shortest;
	uint32_t *s;

	/* An empty index has no table to probe. */
	if (g == NULL || g->n == 0 || country == NULL || postal == NULL ||
	    !isalpha((unsigned char)country[0]) ||
	    !isalpha((unsigned char)country[1]) || country[2] != '\0')
		return 0;
	key[0] = (char)upper((unsigned char)country[0]);
	key[1] = (char)upper((unsigned char)country[1]);
	len = postal_normalise(postal, key + 2, sizeof key - 2);
	/* A longer code cannot be in the index; its prefixes can. */
	if (len > GEO_POSTAL_MAX)
		len = GEO_POSTAL_MAX;
	shortest = len < 2 ? len : 2;
	for (; len > 0 && len >= shortest; len--) {
		s = find(g, key, 2 + len);
		if (*s != 0) {
			*lat = g->v[*s - 1].lat;
			*lon = g->v[*s - 1].lon;
			return 1;
		}
	}
	return 0;
}

void
geo_free(struct geo_index *g)
{
	if (g == NULL)
		return;
	buf_free(&g->keys);
	free(g->v);
	free(g->slot);
	free(g);
}
