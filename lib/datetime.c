#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>

#include "datetime.h"

static const char *const months[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

long long
days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's algorithm: exact for every Gregorian date. */
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

/* Two digits at p, or -1. */
static int
two_digits(const char *p)
{
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

int
timezone_parse(const char *text, struct timezone_spec *tz)
{
	int h, m = 0;
	const char *p;
	struct stat sb;

	memset(tz, 0, sizeof *tz);
	if (strcmp(text, "UTC") == 0 || strcmp(text, "Z") == 0 ||
	    strcmp(text, "GMT") == 0) {
		tz->kind = TZ_UTC;
		return 0;
	}
	if (text[0] == '+' || text[0] == '-') {
		/* +hh, +hhmm or +hh:mm */
		p = text + 1;
		if ((h = two_digits(p)) < 0)
			return -1;
		p += 2;
		if (*p == ':')
			p++;
		if (*p && ((m = two_digits(p)) < 0 || p[2] != '\0'))
			return -1;
		if (h > 14 || m > 59 || (p[-1] == ':' && *p == '\0'))
			return -1;
		tz->kind = TZ_OFFSET;
		tz->offset = (text[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
		return 0;
	}
	if (strlen(text) < sizeof tz->name && strchr(text, '/') &&
	    strstr(text, "..") == NULL && text[0] != '/') {
		char path[128];

		snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", text);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			return -1;
		tz->kind = TZ_NAMED;
		strcpy(tz->name, text);
		return 0;
	}
	return -1;
}

/* Read 1..max digits; -1 when there is none. */
static int
digits(const char **p, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < min)
		return -1;
	*out = v;
	return 0;
}

static int
month_name(const char **p, int full, int *out)
{
	int i;

	for (i = 0; i < 12; i++) {
		size_t n = full ? strlen(months[i]) : 3;

		if (strncasecmp(*p, months[i], n) == 0) {
			*p += n;
			*out = i + 1;
			return 0;
		}
	}
	return -1;
}

/* Seconds east of UTC that zone `name` had at local time *tm. */
static long long
named_zone_epoch(const char *name, int y, int mo, int d, int h, int mi,
    int s, int *ok)
{
	static char current[64];
	struct tm tm;
	time_t t;

	if (strcmp(current, name) != 0) {
		/* oms runs no other local-time code: TZ is ours to set. */
		setenv("TZ", name, 1);
		tzset();
		snprintf(current, sizeof current, "%s", name);
	}
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	tm.tm_wday = -1;	/* mktime sets it on success; -1 is a real time */
	t = mktime(&tm);
	*ok = tm.tm_wday != -1;
	return (long long)t;
}

int
date_parse(const char *text, const char *format,
    const struct timezone_spec *tz, char out[21], const char **why)
{
	const char *p = text, *f = format;
	int y = -1, mo = 1, d = 1, h = 0, mi = 0, s = 0, pm = -1;
	int have_offset = 0, offset = 0, v, ok;
	long long epoch;
	time_t t;
	struct tm tm;
	char iso[64];

	*why = "not a date";
	while (*p == ' ')
		p++;
	for (; *f; f++) {
		if (*f == ' ') {
			if (*p != ' ')
				return -1;
			while (*p == ' ')
				p++;
			continue;
		}
		if (*f != '%') {
			if (*p++ != *f)
				return -1;
			continue;
		}
		switch (*++f) {
		case 'Y':
			if (digits(&p, 4, 4, &y) < 0)
				return -1;
			break;
		case 'y':
			if (digits(&p, 2, 2, &v) < 0)
				return -1;
			y = v < 69 ? 2000 + v : 1900 + v;
			break;
		case 'm':
			if (digits(&p, 1, 2, &mo) < 0)
				return -1;
			break;
		case 'd':
			if (digits(&p, 1, 2, &d) < 0)
				return -1;
			break;
		case 'H':
		case 'I':
			if (digits(&p, 1, 2, &h) < 0)
				return -1;
			break;
		case 'M':
			if (digits(&p, 2, 2, &mi) < 0)
				return -1;
			break;
		case 'S':
			if (digits(&p, 2, 2, &s) < 0)
				return -1;
			if (*p == '.' && isdigit((unsigned char)p[1]))
				for (p++; isdigit((unsigned char)*p); p++)
					;
			break;
		case 'p':
			if (strncasecmp(p, "am", 2) == 0)
				pm = 0;
			else if (strncasecmp(p, "pm", 2) == 0)
				pm = 1;
			else
				return -1;
			p += 2;
			break;
		case 'b':
		case 'B':
			if (month_name(&p, *f == 'B', &mo) < 0)
				return -1;
			break;
		case 'z': {
			int oh, om = 0, sign;

			if (*p == 'Z') {
				p++;
				have_offset = 1;
				offset = 0;
				break;
			}
			if (*p != '+' && *p != '-')
				return -1;
			sign = *p++ == '-' ? -1 : 1;
			if (digits(&p, 2, 2, &oh) < 0)
				return -1;
			if (*p == ':' && !isdigit((unsigned char)*++p))
				return -1;
			if (isdigit((unsigned char)*p) &&
			    digits(&p, 2, 2, &om) < 0)
				return -1;
			if (oh > 14 || om > 59)
				return -1;
			have_offset = 1;
			offset = sign * (oh * 3600 + om * 60);
			break;
		}
		case '%':
			if (*p++ != '%')
				return -1;
			break;
		default:
			*why = "bad date format in profile";
			return -1;
		}
	}
	while (*p == ' ')
		p++;
	if (*p != '\0' || y < 0)
		return -1;
	if (pm >= 0) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (pm ? 12 : 0);
	}
	*why = "no such date";
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || s > 60)
		return -1;
	if (s == 60)
		s = 59;		/* a leap second; the ledger has none */
	if (have_offset)
		epoch = days_from_civil(y, mo, d) * 86400 + h * 3600 +
		    mi * 60 + s - offset;
	else if (tz == NULL || tz->kind == TZ_UTC)
		epoch = days_from_civil(y, mo, d) * 86400 + h * 3600 +
		    mi * 60 + s;
	else if (tz->kind == TZ_OFFSET)
		epoch = days_from_civil(y, mo, d) * 86400 + h * 3600 +
		    mi * 60 + s - tz->offset;
	else {
		epoch = named_zone_epoch(tz->name, y, mo, d, h, mi, s, &ok);
		if (!ok)
			return -1;
	}
	t = (time_t)epoch;
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 1)
		return -1;
	/* Not strftime: glibc's %Y does not pad years before 1000. */
	snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	memcpy(out, iso, 21);
	*why = NULL;
	return 0;
}
