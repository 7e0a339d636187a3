/*
 * money_parse() and money_format(): the shapes amounts take in exports,
 * thousands grouping, symbols, negatives, half-even rounding and the
 * limits.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "money.h"
#include "tap.h"

static const struct money_style dot = { '.', 0 };
static const struct money_style comma = { ',', 0 };
static const struct money_style dot_round = { '.', 1 };
static const struct money_style comma_round = { ',', 1 };

/* text must parse to want minor units. */
static void
good(const char *text, int exponent, const struct money_style *st,
    long long want)
{
	char name[160];
	long long got = 0x7eadbeef;
	const char *why = "unset";
	int rc;

	rc = money_parse(text, exponent, st, &got, &why);
	snprintf(name, sizeof name, "parse '%s' (exp %d, decimal '%c'%s)",
	    text, exponent, st ? st->decimal : '.',
	    st && st->round ? ", round" : "");
	if (!ok(rc == 0 && got == want && why == NULL, name))
		printf("#   rc %d, got %lld, want %lld, why '%s'\n", rc, got,
		    want, why ? why : "(null)");
}

/* text must be refused with reason want_why. */
static void
bad(const char *text, int exponent, const struct money_style *st,
    const char *want_why)
{
	char name[160];
	long long got = 0;
	const char *why = NULL;
	int rc;

	rc = money_parse(text, exponent, st, &got, &why);
	snprintf(name, sizeof name, "refuse '%s' (exp %d, decimal '%c'%s): %s",
	    text, exponent, st ? st->decimal : '.',
	    st && st->round ? ", round" : "", want_why);
	if (!ok(rc == -1 && why != NULL && strcmp(why, want_why) == 0, name))
		printf("#   rc %d, got %lld, why '%s'\n", rc, got,
		    why ? why : "(null)");
}

static void
fmt(long long minor, int exponent, const char *want)
{
	char out[32], name[96];

	memset(out, 'x', sizeof out);
	money_format(minor, exponent, out);
	snprintf(name, sizeof name, "format %lld (exp %d) is '%s'", minor,
	    exponent, want);
	is_str(out, want, name);
}

int
main(void)
{
	/* Plain numbers. */
	good("0", 2, &dot, 0);
	good("19.50", 2, &dot, 1950);
	good("19.5", 2, &dot, 1950);
	good("19", 2, &dot, 1900);
	good("406.0", 2, &dot, 40600);
	good("0.01", 2, &dot, 1);
	good(".5", 2, &dot, 50);
	good("007.10", 2, &dot, 710);
	good("+3.25", 2, &dot, 325);
	good("-3.25", 2, &dot, -325);
	good("-0.05", 2, &dot, -5);
	good("19.50", 2, NULL, 1950);

	/* Trailing zeros past the currency's places are not precision. */
	good("1.2300", 2, &dot, 123);
	good("5.000000", 2, &dot, 500);

	/* Thousands separators, grouped by three. */
	good("1,234.56", 2, &dot, 123456);
	good("1,234,567.89", 2, &dot, 123456789);
	good("12,345", 2, &dot, 1234500);
	good("123,456", 2, &dot, 12345600);
	good("1'234.50", 2, &dot, 123450);
	good("1.234,56", 2, &comma, 123456);
	good("1.234.567,89", 2, &comma, 123456789);
	good("1 234,56", 2, &comma, 123456);
	good("1 234 567,89", 2, &comma, 123456789);
	good("1'234,50", 2, &comma, 123450);
	good("19,5", 2, &comma, 1950);
	bad("1,23,456.00", 2, &dot, "not a number");	/* lakh grouping */
	bad("12,34", 2, &dot, "not a number");
	bad("1,2345", 2, &dot, "not a number");
	bad("1234,567", 2, &dot, "not a number");
	bad(",123", 2, &dot, "not a number");
	bad("1,234,", 2, &dot, "not a number");
	bad("1,,234", 2, &dot, "not a number");
	bad("1,234.56.7", 2, &dot, "not a number");
	bad("1.234.56", 2, &comma, "not a number");
	/* With decimal '.', a blank is no thousands separator. */
	bad("1 234.56", 2, &dot, "not a number");

	/* Currency symbols and blanks on either side. */
	good("$19.50", 2, &dot, 1950);
	good("$ 19.50", 2, &dot, 1950);
	good("  19.50  ", 2, &dot, 1950);
	good("\t19.50\t", 2, &dot, 1950);
	good("\xc2\xa3" "5.00", 2, &dot, 500);			/* £ */
	good("\xe2\x82\xac" "7,25", 2, &comma, 725);		/* € */
	good("7,25 \xe2\x82\xac", 2, &comma, 725);
	good("7,25\xe2\x82\xac", 2, &comma, 725);
	good("100 \xe2\x82\xac", 2, &comma, 10000);
	good("1.234 \xe2\x82\xac", 2, &comma, 123400);
	good("100 ", 2, &comma, 10000);
	good("100 ", 2, &dot, 10000);
	good("\xc2\xa5" "1,000", 0, &dot, 1000);		/* ¥ */
	good("\xe2\x82\xb9" "1,234.50", 2, &dot, 123450);	/* ₹ */
	good("19.50$", 2, &dot, 1950);
	good("-$5.00", 2, &dot, -500);
	good("$-5.00", 2, &dot, -500);
	bad("19.50 EUR", 2, &dot, "not a number");
	bad("USD 19.50", 2, &dot, "not a number");
	bad("$", 2, &dot, "not a number");

	/* Parentheses mean negative. */
	good("(3.00)", 2, &dot, -300);
	good("($3.00)", 2, &dot, -300);
	good("(1,234.56)", 2, &dot, -123456);
	good("(3,00)", 2, &comma, -300);
	good(" (3.00) ", 2, &dot, -300);
	bad("(3.00", 2, &dot, "not a number");
	bad("3.00)", 2, &dot, "not a number");
	bad("()", 2, &dot, "not a number");

	/* Not numbers at all. */
	bad("", 2, &dot, "not a number");
	bad("   ", 2, &dot, "not a number");
	bad("abc", 2, &dot, "not a number");
	bad("1e5", 2, &dot, "not a number");
	bad("--5", 2, &dot, "not a number");
	bad("5-", 2, &dot, "not a number");
	bad("1.2.3", 2, &dot, "not a number");
	bad("12abc", 2, &dot, "not a number");
	bad("-", 2, &dot, "not a number");
	bad(".", 2, &dot, "not a number");
	bad("0x10", 2, &dot, "not a number");

	/* Too many decimal places, unless rounding. */
	bad("1.234", 2, &dot, "more than 2 decimal places");
	bad("0.001", 2, &dot, "more than 2 decimal places");
	bad("1.2301", 2, &dot, "more than 2 decimal places");
	bad("1,005", 2, &comma, "more than 2 decimal places");
	bad("1.5", 0, &dot, "more than 0 decimal places");
	bad("1.0005", 3, &dot, "more than 3 decimal places");
	bad("1.25", 1, &dot, "more than 1 decimal place");

	/* Half to even. */
	good("0.125", 2, &dot_round, 12);
	good("0.135", 2, &dot_round, 14);
	good("0.1251", 2, &dot_round, 13);
	good("0.12500", 2, &dot_round, 12);
	good("0.124", 2, &dot_round, 12);
	good("0.126", 2, &dot_round, 13);
	good("0.995", 2, &dot_round, 100);
	good("-0.125", 2, &dot_round, -12);
	good("-0.135", 2, &dot_round, -14);
	good("(0.135)", 2, &dot_round, -14);
	good("2.5", 0, &dot_round, 2);
	good("3.5", 0, &dot_round, 4);
	good("0.5", 0, &dot_round, 0);
	good("0.5000001", 0, &dot_round, 1);
	good("1,005", 2, &comma_round, 100);
	good("1,015", 2, &comma_round, 102);
	good("1.10", 2, &dot_round, 110);	/* nothing to round */

	/* Currencies with 0 and 3 places. */
	good("1000", 0, &dot, 1000);
	good("1,000", 0, &dot, 1000);
	good("1.000", 3, &dot, 1000);
	good("1.5", 3, &dot, 1500);
	good("12.345", 3, &dot, 12345);

	/* Limits: at most 10^16 minor units. */
	good("100000000000000", 2, &dot, 10000000000000000LL);
	good("10000000000000000", 0, &dot, 10000000000000000LL);
	good("-100000000000000.00", 2, &dot, -10000000000000000LL);
	bad("100000000000000.01", 2, &dot, "too large");
	bad("10000000000000001", 0, &dot, "too large");
	bad("1000000000000000", 2, &dot, "too large");
	bad("99999999999999999999999999", 2, &dot, "too large");
	bad("9223372036854775808", 0, &dot, "too large");
	good("99999999999999.995", 2, &dot_round, 10000000000000000LL);

	/* Formatting. */
	fmt(0, 2, "0.00");
	fmt(1, 2, "0.01");
	fmt(-1, 2, "-0.01");
	fmt(-5, 2, "-0.05");
	fmt(1230, 2, "12.30");
	fmt(-1230, 2, "-12.30");
	fmt(123456789, 2, "1234567.89");
	fmt(1000, 0, "1000");
	fmt(-1000, 0, "-1000");
	fmt(12345, 3, "12.345");
	fmt(5, 3, "0.005");
	fmt(5, 1, "0.5");
	fmt(12345, 4, "1.2345");
	fmt(10000000000000000LL, 2, "100000000000000.00");
	fmt(-10000000000000000LL, 2, "-100000000000000.00");
	fmt(1000000000000000000LL, 0, "1000000000000000000");
	fmt(LLONG_MAX, 2, "92233720368547758.07");
	fmt(LLONG_MIN, 2, "-92233720368547758.08");
	fmt(1000000000000000000LL, 2, "10000000000000000.00");

	/* Whatever money_format writes, money_parse reads back. */
	{
		static const long long v[] = { 0, 1, -1, 99, 100, -12345,
		    123456789012LL, -10000000000000000LL };
		size_t i;
		int e;

		for (i = 0; i < sizeof v / sizeof v[0]; i++)
			for (e = 0; e <= 3; e++) {
				char out[32], name[96];
				long long back = 0;
				const char *why;

				money_format(v[i], e, out);
				snprintf(name, sizeof name,
				    "round trip %lld (exp %d) via '%s'", v[i],
				    e, out);
				ok(money_parse(out, e, &dot, &back,
				    &why) == 0 && back == v[i], name);
			}
	}

	return done_testing();
}
