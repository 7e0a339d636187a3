/*
 * Dates in exports come in every shape ("2025-05-11 09:55:16 -0400",
 * "04-30-22", "2/20/12 4:02 PM", "Jan-18-16").  The ledger keeps UTC
 * ISO-8601: "2025-05-11T13:55:16Z".
 */
#ifndef OMS_DATETIME_H
#define OMS_DATETIME_H

/*
 * Where a date without an offset was written: UTC, a fixed offset
 * ("+05:30") or an IANA zone ("Europe/Berlin").
 */
struct timezone_spec {
	int kind;		/* TZ_UTC, TZ_OFFSET, TZ_NAMED */
	int offset;		/* seconds east of UTC, for TZ_OFFSET */
	char name[64];		/* for TZ_NAMED */
};
enum { TZ_UTC, TZ_OFFSET, TZ_NAMED };

/* Parse "UTC", "+05:30" or an IANA name; -1 if it names no zone. */
int timezone_parse(const char *text, struct timezone_spec *tz);

/*
 * Parse text by a strptime-like format and write UTC ISO-8601 to out.
 * Directives: %Y %y %m %d %H %I %M %S %p %z %b (English month
 * abbreviation) %B (full month name) %%; %m %d %H %I take one or two
 * digits; a blank in the format matches any run of blanks; %S accepts
 * fractional seconds; %z accepts Z, +hh, +hhmm and +hh:mm.  Without %z
 * the time is read in tz.  Returns 0, or -1 with *why set.
 */
int date_parse(const char *text, const char *format,
    const struct timezone_spec *tz, char out[21], const char **why);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
long long days_from_civil(int y, int m, int d);

#endif
