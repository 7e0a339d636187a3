/*
 * currency_exponent(): ISO 4217 minor units, and the inputs that are
 * not a currency code as ISO writes one.
 */
#include <stdio.h>

#include "currency.h"
#include "tap.h"

struct want {
	const char	*code;
	int		 exponent;
};

static const struct want cases[] = {
	/* The usual two decimal places. */
	{ "EUR", 2 }, { "USD", 2 }, { "GBP", 2 }, { "CHF", 2 },
	{ "CAD", 2 }, { "AUD", 2 }, { "NZD", 2 }, { "SEK", 2 },
	{ "NOK", 2 }, { "DKK", 2 }, { "PLN", 2 }, { "CZK", 2 },
	{ "HUF", 2 }, { "RON", 2 }, { "BGN", 2 }, { "CNY", 2 },
	{ "HKD", 2 }, { "SGD", 2 }, { "INR", 2 }, { "IDR", 2 },
	{ "BRL", 2 }, { "MXN", 2 }, { "ZAR", 2 }, { "TRY", 2 },
	{ "RUB", 2 }, { "AED", 2 }, { "SAR", 2 }, { "ILS", 2 },
	{ "XCD", 2 }, { "MGA", 2 }, { "MRU", 2 }, { "VES", 2 },
	{ "KES", 2 }, { "ZWG", 2 }, { "XCG", 2 }, { "SLE", 2 },

	/* None: ISO 4217 gives 0. */
	{ "JPY", 0 }, { "KRW", 0 }, { "ISK", 0 }, { "CLP", 0 },
	{ "VND", 0 }, { "XOF", 0 }, { "XAF", 0 }, { "XPF", 0 },
	{ "BIF", 0 }, { "DJF", 0 }, { "GNF", 0 }, { "KMF", 0 },
	{ "PYG", 0 }, { "RWF", 0 }, { "UGX", 0 }, { "UYI", 0 },
	{ "VUV", 0 },

	/* Three. */
	{ "BHD", 3 }, { "IQD", 3 }, { "JOD", 3 }, { "KWD", 3 },
	{ "LYD", 3 }, { "OMR", 3 }, { "TND", 3 },

	/* Four: the Chilean and Uruguayan units of account. */
	{ "CLF", 4 }, { "UYW", 4 },

	/* Funds codes alongside their currencies. */
	{ "BOV", 2 }, { "CHE", 2 }, { "CHW", 2 }, { "COU", 2 },
	{ "MXV", 2 }, { "USN", 2 },

	/* Recently replaced, still in older exports. */
	{ "HRK", 2 }, { "ZWL", 2 }, { "ANG", 2 }, { "SLL", 2 },

	/* The ends of the table. */
	{ "AAA", -1 }, { "AED", 2 }, { "ZWL", 2 }, { "ZZZ", -1 },

	/* ISO gives no minor unit: metals, units of account, tests. */
	{ "XAU", -1 }, { "XAG", -1 }, { "XPT", -1 }, { "XPD", -1 },
	{ "XDR", -1 }, { "XTS", -1 }, { "XXX", -1 }, { "XBA", -1 },
	{ "XSU", -1 }, { "XUA", -1 },

	/* Long withdrawn, or never codes at all. */
	{ "DEM", -1 }, { "FRF", -1 }, { "VEF", -1 }, { "MRO", -1 },
	{ "STD", -1 }, { "LTL", -1 }, { "BTC", -1 }, { "RMB", -1 },
	{ "ABC", -1 },

	/* Only three upper-case letters, exactly. */
	{ "", -1 }, { "E", -1 }, { "EU", -1 }, { "EURO", -1 },
	{ "EURX", -1 }, { "eur", -1 }, { "Eur", -1 }, { "EUr", -1 },
	{ " EUR", -1 }, { "EUR ", -1 }, { "EUR\n", -1 }, { "E R", -1 },
	{ "E.U", -1 }, { "€", -1 }, { "$", -1 }, { "978", -1 },
	{ "US$", -1 }, { "\xc3\x89UR", -1 },
};

int
main(void)
{
	char name[64], *p;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "currency_exponent(\"%s\")",
		    cases[i].code);
		/* One TAP line per check. */
		for (p = name; *p != '\0'; p++)
			if (*p == '\n')
				*p = ' ';
		is_int(currency_exponent(cases[i].code), cases[i].exponent,
		    name);
	}
	is_int(currency_exponent(NULL), -1, "currency_exponent(NULL)");

	return done_testing();
}
