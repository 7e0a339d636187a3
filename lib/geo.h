/*
 * Where orders go: distances between points on the Earth, postal codes
 * compared by their common prefix, and the centroids of postal codes
 * read from a GeoNames dump, for routing to the nearest location and
 * for fraud rules that compare a billing and a shipping address.
 */
#ifndef OMS_GEO_H
#define OMS_GEO_H

#include <stddef.h>

/* Normalised postal codes longer than this are refused by geo_load(). */
#define GEO_POSTAL_MAX	32

/*
 * Great-circle distance in km between two points given in degrees
 * (haversine, mean Earth radius 6371.0088 km).
 */
double geo_distance_km(double lat1, double lon1, double lat2, double lon2);

/*
 * A postal code's normal form: ASCII letters upper case, spaces, TABs
 * and dashes removed, other bytes kept.  Writes at most n - 1 bytes and
 * a NUL; returns the length of the whole normal form, so a result of n
 * or more means it was cut short (as snprintf does).
 */
size_t postal_normalise(const char *postal, char *out, size_t n);

/*
 * How many leading characters two postal codes share, after normalising
 * both: "SW1A 1AA" and "sw1a2aa" share 4.  0 when either is NULL or
 * empty.
 */
int postal_common_prefix(const char *a, const char *b);

/* Postal-code centroids, read from a file once per run. */
struct geo_index;

/*
 * Read a centroid file: GeoNames postal-code dumps (tab-separated:
 * country code, postal code, place name, admin1 name, admin1 code,
 * admin2 name, admin2 code, admin3 name, admin3 code, latitude,
 * longitude, accuracy; see
 * https://download.geonames.org/export/zip/readme.txt) or the short form
 * "country<TAB>postal code<TAB>latitude<TAB>longitude".  Lines starting
 * with '#' and empty lines are skipped; a CR before the newline is
 * ignored.  Of several rows for one country and postal code (GeoNames
 * lists every place sharing a code) the first counts.
 *
 * Returns NULL after printing "PATH:LINE: message" through warnx_ for
 * a bad line (wrong column count, latitude or longitude not a number
 * or out of range, country not two letters, postal code empty or
 * longer than GEO_POSTAL_MAX) or "PATH: cannot open: reason" and
 * "PATH: read error: reason"; exit statuses are the caller's business.
 */
struct geo_index *geo_load(const char *path);

/* How many distinct (country, postal code) pairs the index holds. */
size_t geo_count(const struct geo_index *g);

/*
 * The centroid of a postal code in a country (ISO alpha-2, any case):
 * 1 and *lat, *lon; tries the whole normalised code, then ever shorter
 * prefixes down to 2 characters (GeoNames has only outward codes for
 * GB, "SW1A"); 0 when none is known or postal is NULL.
 */
int geo_lookup(const struct geo_index *g, const char *country,
    const char *postal, double *lat, double *lon);

void geo_free(struct geo_index *g);

#endif
