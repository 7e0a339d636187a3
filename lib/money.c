#include <stdio.h>
#include <string.h>

#include "money.h"

/* Ten quadrillion minor units: far above any order, far below overflow. */
#define MONEY_MAX 10000000000000000LL

static const char *const symbols[] = { "$", "\xc2\xa3", "\xe2\x82\xac",
    "\xc2\xa5", "\xe2\x82\xb9", NULL };

static const char *
skip_symbols_and_blanks(const char *p)
{
	int i, again;

	do {
		again = 0;
		while (*p == ' ' || *p == '\t')
			p++, again = 1;
		for (i = 0; symbols[i]; i++) {
			size_t n = strlen(symbols[i]);

			if (strncmp(p, symbols[i], n) == 0)
				p += n, again = 1;
		}
	} while (again);
	return p;
}

int
money_parse(const char *text, int exponent, const struct money_style *st,
    long long *minor, const char **why)
{
	const char *p = text;
	char dec = st ? st->decimal : '.';
	char sep = dec == '.' ? ',' : '.';
	int neg = 0, paren = 0, digits = 0, group = -1, places = 0, i;
	long long units = 0, frac = 0;
	int round_up = 0, sticky = 0, first_dropped = -1;

	*why = "not a number";
	p = skip_symbols_and_blanks(p);
	if (*p == '(')
		paren = 1, p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	p = skip_symbols_and_blanks(p);
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (units > MONEY_MAX / 10) {
				*why = "too large";
				return -1;
			}
			units = units * 10 + (*p - '0');
			digits++;
			if (group >= 0)
				group++;
		} else if (*p == sep || *p == '\'' || (*p == ' ' && dec == ',' &&
		    p[1] >= '0' && p[1] <= '9')) {
			/* Thousands separators must split groups of three. */
			if (digits == 0 || (group >= 0 && group != 3) ||
			    (group < 0 && digits > 3))
				return -1;
			group = 0;
		} else
			break;
	}
	if (group >= 0 && group != 3)
		return -1;
	if (*p == dec) {
		for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
			if (places < exponent) {
				frac = frac * 10 + (*p - '0');
				places++;
			} else if (first_dropped < 0)
				first_dropped = *p - '0';
			else if (*p != '0')
				sticky = 1;
		}
	}
	if (paren) {
		if (*p != ')')
			return -1;
		p++;
		neg = 1;
	}
	p = skip_symbols_and_blanks(p);
	if (*p != '\0' || digits == 0)
		return -1;
	for (i = places; i < exponent; i++)
		frac *= 10;
	for (i = 0; i < exponent; i++) {
		if (units > MONEY_MAX / 10) {
			*why = "too large";
			return -1;
		}
		units *= 10;
	}
	units += frac;
	if (first_dropped > 0 || sticky) {
		static char reason[48];

		if (!(st && st->round)) {
			snprintf(reason, sizeof reason,
			    "more than %d decimal place%s", exponent,
			    exponent == 1 ? "" : "s");
			*why = reason;
			return -1;
		}
		/* Half to even: the bankers' rounding accountants expect. */
		if (first_dropped > 5 || (first_dropped == 5 && sticky) ||
		    (first_dropped == 5 && !sticky && (units & 1)))
			round_up = 1;
		units += round_up;
	}
	if (units > MONEY_MAX) {
		*why = "too large";
		return -1;
	}
	*minor = neg ? -units : units;
	*why = NULL;
	return 0;
}

void
money_format(long long minor, int exponent, char out[32])
{
	unsigned long long u = minor < 0 ? -(unsigned long long)minor :
	    (unsigned long long)minor;
	char digits[24];
	int n, whole, i, k = 0;

	if (exponent < 0 || exponent > 4)
		exponent = 0;
	/* All the digits, at least exponent + 1 of them, then the point. */
	n = snprintf(digits, sizeof digits, "%0*llu", exponent + 1, u);
	whole = n - exponent;
	if (minor < 0)
		out[k++] = '-';
	for (i = 0; i < whole; i++)
		out[k++] = digits[i];
	if (exponent > 0) {
		out[k++] = '.';
		for (; i < n; i++)
			out[k++] = digits[i];
	}
	out[k] = '\0';
}
