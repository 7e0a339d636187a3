/*
 * country_code() and country_name(): ISO codes and names, the aliases
 * found in marketplace exports, and the spellings that must not match.
 */
#include <stdio.h>
#include <string.h>

#include "country.h"
#include "tap.h"

struct want {
	const char	*text;
	const char	*code;		/* NULL: must not match */
};

static const struct want cases[] = {
	/* Codes, in any case. */
	{ "GB", "GB" },
	{ "gb", "GB" },
	{ "Gb", "GB" },
	{ "GBR", "GB" },
	{ "gbr", "GB" },
	{ "US", "US" },
	{ "USA", "US" },
	{ "usa", "US" },
	{ "DEU", "DE" },
	{ "IRL", "IE" },
	{ "ZAF", "ZA" },
	{ "KOR", "KR" },
	{ "PRK", "KP" },
	{ "CIV", "CI" },
	{ "NA", "NA" },

	/* ISO short names. */
	{ "United Kingdom", "GB" },
	{ "United States", "US" },
	{ "Germany", "DE" },
	{ "Ireland", "IE" },
	{ "South Africa", "ZA" },
	{ "Korea, Republic of", "KR" },
	{ "Korea, Democratic People's Republic of", "KP" },
	{ "Côte d'Ivoire", "CI" },
	{ "Guinea-Bissau", "GW" },
	{ "Guinea", "GN" },
	{ "Niger", "NE" },
	{ "Nigeria", "NG" },
	{ "Congo", "CG" },
	{ "Congo, The Democratic Republic of the", "CD" },
	{ "Virgin Islands, U.S.", "VI" },
	{ "Virgin Islands, British", "VG" },
	{ "Saint Helena, Ascension and Tristan da Cunha", "SH" },
	{ "South Georgia and the South Sandwich Islands", "GS" },
	{ "Falkland Islands (Malvinas)", "FK" },
	{ "Holy See (Vatican City State)", "VA" },
	{ "Åland Islands", "AX" },
	{ "Jersey", "JE" },
	{ "Guernsey", "GG" },
	{ "Isle of Man", "IM" },
	{ "Georgia", "GE" },

	/* ISO common and official names. */
	{ "South Korea", "KR" },
	{ "North Korea", "KP" },
	{ "United States of America", "US" },
	{ "United Kingdom of Great Britain and Northern Ireland", "GB" },
	{ "Republic of South Africa", "ZA" },
	{ "Federal Republic of Germany", "DE" },

	/* Aliases from marketplace and retail exports. */
	{ "UK", "GB" },
	{ "Great Britain", "GB" },
	{ "England", "GB" },
	{ "Scotland", "GB" },
	{ "Wales", "GB" },
	{ "Northern Ireland", "GB" },
	{ "America", "US" },
	{ "EIRE", "IE" },
	{ "Eire", "IE" },
	{ "Éire", "IE" },
	{ "ÉIRE", "IE" },
	{ "RSA", "ZA" },
	{ "Deutschland", "DE" },
	{ "España", "ES" },
	{ "ESPAÑA", "ES" },
	{ "Espana", "ES" },
	{ "Brasil", "BR" },
	{ "Czech Republic", "CZ" },
	{ "Czechia", "CZ" },
	{ "Holland", "NL" },
	{ "The Netherlands", "NL" },
	{ "Netherlands", "NL" },
	{ "Russia", "RU" },
	{ "Russian Federation", "RU" },
	{ "Vietnam", "VN" },
	{ "Viet Nam", "VN" },
	{ "Iran", "IR" },
	{ "Syria", "SY" },
	{ "Bolivia", "BO" },
	{ "Venezuela", "VE" },
	{ "Tanzania", "TZ" },
	{ "Taiwan", "TW" },
	{ "Laos", "LA" },
	{ "Moldova", "MD" },
	{ "Macedonia", "MK" },
	{ "North Macedonia", "MK" },
	{ "Turkey", "TR" },
	{ "Türkiye", "TR" },
	{ "TÜRKIYE", "TR" },
	{ "Turkiye", "TR" },
	{ "Ivory Coast", "CI" },
	{ "Cote d'Ivoire", "CI" },
	{ "Côte d\xe2\x80\x99Ivoire", "CI" },
	{ "Hong Kong", "HK" },
	{ "Macau", "MO" },
	{ "Macao", "MO" },
	{ "Palestine", "PS" },
	{ "Vatican", "VA" },
	{ "Vatican City", "VA" },
	{ "UAE", "AE" },
	{ "U.A.E.", "AE" },
	{ "Swaziland", "SZ" },
	{ "Burma", "MM" },
	{ "Cape Verde", "CV" },
	{ "DRC", "CD" },
	{ "Congo - Kinshasa", "CD" },
	{ "Congo - Brazzaville", "CG" },
	{ "Bosnia & Herzegovina", "BA" },
	{ "Trinidad & Tobago", "TT" },
	{ "St. Lucia", "LC" },
	{ "St. Kitts & Nevis", "KN" },
	{ "St. Barthélemy", "BL" },
	{ "U.S. Virgin Islands", "VI" },
	{ "U.S. Outlying Islands", "UM" },
	{ "Curaçao", "CW" },
	{ "CURAÇAO", "CW" },
	{ "Curacao", "CW" },
	{ "Réunion", "RE" },
	{ "Reunion", "RE" },
	{ "Österreich", "AT" },

	/* Blanks, dots, punctuation and case. */
	{ "  United Kingdom  ", "GB" },
	{ "\tGermany\n", "DE" },
	{ "United   Kingdom", "GB" },
	{ "United \t Kingdom", "GB" },
	{ "united kingdom", "GB" },
	{ "UNITED KINGDOM", "GB" },
	{ "uNiTeD kInGdOm", "GB" },
	{ "U.S.A.", "US" },
	{ "U.S.A", "US" },
	{ "U.S.", "US" },
	{ "U.K.", "GB" },
	{ "u.k.", "GB" },
	{ " U.K. ", "GB" },
	{ "UK.", "GB" },
	{ ".UK", "GB" },
	{ "\"UK\"", "GB" },
	{ "UK,", "GB" },
	{ "UK ;", "GB" },
	{ "Guinea Bissau", "GW" },
	{ "Timor Leste", "TL" },
	{ "Timor-Leste", "TL" },
	{ "United\xc2\xa0Kingdom", "GB" },
	{ "\xc2\xa0UK\xc2\xa0", "GB" },

	/* Not countries, or not one country. */
	{ "", NULL },
	{ " ", NULL },
	{ "   \t ", NULL },
	{ ".", NULL },
	{ "...", NULL },
	{ "\"\"", NULL },
	{ "Unspecified", NULL },
	{ "unspecified", NULL },
	{ "European Community", NULL },
	{ "Channel Islands", NULL },
	{ "Korea", NULL },
	{ "EU", NULL },
	{ "Atlantis", NULL },
	{ "G", NULL },
	{ "GBRR", NULL },
	{ "XX", NULL },
	{ "ZZZ", NULL },
	{ "United", NULL },
	{ "United Kingdo", NULL },
	{ "United Kingdomm", NULL },
	{ "UnitedKingdom", NULL },
	{ "N/A", NULL },
	{ "\xc3", NULL },
	{ "\xe2\x80", NULL },
};

/* A test name on one TAP line whatever bytes the input holds. */
static const char *
describe(const char *text)
{
	static char name[256];
	const unsigned char *p;
	size_t n;

	n = (size_t)snprintf(name, sizeof(name), "country_code(\"");
	for (p = (const unsigned char *)text; *p != '\0' &&
	    n + 8 < sizeof(name); p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '\\')
			name[n++] = *p;
		else
			n += (size_t)snprintf(name + n, sizeof(name) - n,
			    "\\x%02x", *p);
	}
	snprintf(name + n, sizeof(name) - n, "\")");
	return name;
}

static void
check_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(country_code(cases[i].text), cases[i].code,
		    describe(cases[i].text));
}

/*
 * Every alpha-2 code, found by brute force so that a mis-sorted table
 * shows up as a missing country.
 */
static void
check_every_code(void)
{
	char code[3], lower[3];
	const char *name, *got;
	int a, b, n = 0, bad = 0;

	for (a = 'A'; a <= 'Z'; a++) {
		for (b = 'A'; b <= 'Z'; b++) {
			code[0] = a;
			code[1] = b;
			code[2] = '\0';
			if ((name = country_name(code)) == NULL)
				continue;
			n++;
			lower[0] = a - 'A' + 'a';
			lower[1] = b - 'A' + 'a';
			lower[2] = '\0';
			if (country_name(lower) != name) {
				printf("# country_name(\"%s\") differs\n",
				    lower);
				bad++;
			}
			if ((got = country_code(code)) == NULL ||
			    strcmp(got, code) != 0) {
				printf("# country_code(\"%s\") = %s\n",
				    code, got ? got : "(null)");
				bad++;
			}
			if ((got = country_code(lower)) == NULL ||
			    strcmp(got, code) != 0) {
				printf("# country_code(\"%s\") = %s\n",
				    lower, got ? got : "(null)");
				bad++;
			}
			if ((got = country_code(name)) == NULL ||
			    strcmp(got, code) != 0) {
				printf("# country_code(\"%s\") = %s, want %s\n",
				    name, got ? got : "(null)", code);
				bad++;
			}
		}
	}
	is_int(n, 249, "country_name knows all 249 ISO 3166-1 codes");
	is_int(bad, 0, "every code and name round-trips");
}

static void
check_long(void)
{
	static char buf[10000];

	memset(buf, 'a', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	is_str(country_code(buf), NULL, "10,000 letters match nothing");

	memset(buf, ' ', sizeof(buf) - 1);
	memcpy(buf + 4000, "GB", 2);
	is_str(country_code(buf), "GB",
	    "a code padded with thousands of blanks");

	memset(buf, '.', sizeof(buf) - 1);
	memcpy(buf + 4000, "GB", 2);
	is_str(country_code(buf), "GB",
	    "a code padded with thousands of dots");

	memset(buf, 0, sizeof(buf));
	memset(buf, 'x', 63);
	is_str(country_code(buf), NULL, "63 letters match nothing");
	memset(buf, 'x', 64);
	is_str(country_code(buf), NULL, "64 letters match nothing");
	snprintf(buf, sizeof(buf), "%s%-100s", "United Kingdom", "");
	is_str(country_code(buf), "GB", "trailing blanks beyond the buffer");
}

int
main(void)
{
	const char *a, *b;

	check_table();
	check_every_code();
	check_long();

	is_str(country_code(NULL), NULL, "country_code(NULL) is NULL");
	a = country_code("UK");
	b = country_code("United Kingdom");
	ok(a != NULL && a == b && a == country_code("GBR"),
	    "every spelling returns the same static string");

	is_str(country_name("GB"), "United Kingdom", "country_name(GB)");
	is_str(country_name("gb"), "United Kingdom", "country_name(gb)");
	is_str(country_name("US"), "United States", "country_name(US)");
	is_str(country_name("DE"), "Germany", "country_name(DE)");
	is_str(country_name("IE"), "Ireland", "country_name(IE)");
	is_str(country_name("ZA"), "South Africa", "country_name(ZA)");
	is_str(country_name("KR"), "Korea, Republic of", "country_name(KR)");
	is_str(country_name("CI"), "Côte d'Ivoire", "country_name(CI)");
	is_str(country_name("AD"), "Andorra", "country_name(AD), first");
	is_str(country_name("ZW"), "Zimbabwe", "country_name(ZW), last");
	is_str(country_name(NULL), NULL, "country_name(NULL)");
	is_str(country_name(""), NULL, "country_name(\"\")");
	is_str(country_name("G"), NULL, "country_name(G)");
	is_str(country_name("GBR"), NULL, "country_name wants alpha-2");
	is_str(country_name("UK"), NULL, "country_name(UK) is not a code");
	is_str(country_name("XX"), NULL, "country_name(XX)");
	is_str(country_name(" GB"), NULL, "country_name does not trim");
	is_str(country_name("G1"), NULL, "country_name(G1)");

	return done_testing();
}
