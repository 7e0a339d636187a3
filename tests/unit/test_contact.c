/*
 * contact: the keys of e-mail addresses, phone numbers and street
 * addresses, written and from oms.yaml's blocklist lines; every way to
 * get -1, and buffers one byte too small.
 */
#include <stdio.h>
#include <string.h>

#include "contact.h"
#include "tap.h"

/* A test name with control characters shown as '^', to keep TAP lines. */
static void
label(char *name, size_t size, const char *what, const char *in,
    const char *want)
{
	char *p;

	snprintf(name, size, "%s '%s' -> %s", what, in ? in : "(null)",
	    want ? want : "-1");
	for (p = name; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			*p = '^';
}

/* A key that must come out as want; NULL: must be -1 with out empty. */
static void
email(const char *in, const char *want)
{
	char out[64], name[160];
	int rc;

	memset(out, 'x', sizeof out);
	rc = contact_email_key(in, out, sizeof out);
	label(name, sizeof name, "email", in, want);
	if (want == NULL) {
		if (!ok(rc == -1 && out[0] == '\0', name))
			printf("#   got %d '%.64s'\n", rc, out);
	} else if (!ok(rc == 0 && strcmp(out, want) == 0, name))
		printf("#   got %d '%.64s'\n", rc, out);
}

static void
phone(const char *in, const char *want)
{
	char out[64], name[160];
	int rc;

	memset(out, 'x', sizeof out);
	rc = contact_phone_key(in, out, sizeof out);
	label(name, sizeof name, "phone", in, want);
	if (want == NULL) {
		if (!ok(rc == -1 && out[0] == '\0', name))
			printf("#   got %d '%.64s'\n", rc, out);
	} else if (!ok(rc == 0 && strcmp(out, want) == 0, name))
		printf("#   got %d '%.64s'\n", rc, out);
}

static void
address(const char *a1, const char *postal, const char *country,
    const char *want, const char *name)
{
	char out[128];
	int rc;

	memset(out, 'x', sizeof out);
	rc = contact_address_key(a1, postal, country, out, sizeof out);
	if (want == NULL) {
		if (!ok(rc == -1 && out[0] == '\0', name))
			printf("#   got %d '%.128s'\n", rc, out);
	} else if (!ok(rc == 0 && strcmp(out, want) == 0, name))
		printf("#   got %d '%.128s', want '%s'\n", rc, out, want);
}

static void
written(const char *in, const char *want, const char *name)
{
	char out[128];
	int rc;

	memset(out, 'x', sizeof out);
	rc = contact_address_text_key(in, out, sizeof out);
	if (want == NULL) {
		if (!ok(rc == -1 && out[0] == '\0', name))
			printf("#   got %d '%.128s'\n", rc, out);
	} else if (!ok(rc == 0 && strcmp(out, want) == 0, name))
		printf("#   got %d '%.128s', want '%s'\n", rc, out, want);
}

static void
test_email(void)
{
	char out[16];

	email("Ann+Shop@Example.COM ", "ann@example.com");
	email("Ann@Example.com ", "ann@example.com");
	email("ann+shop@example.com", "ann@example.com");
	email("ann@example.com", "ann@example.com");
	email("\t ANN@EXAMPLE.COM\r\n", "ann@example.com");
	email("\xc2\xa0" "ann@example.com" "\xc2\xa0", "ann@example.com");
	email("ann+a+b@example.com", "ann@example.com");
	email("a.n.n@example.com", "a.n.n@example.com");
	email("ann@Example+Shop.com", "ann@example+shop.com");
	email("\"a@b\"@example.com", "\"a@b\"@example.com");
	email("J\xc3\x96RG@Example.de", "j\xc3\x96rg@example.de");
	email("a@b", "a@b");
	email("", NULL);
	email("   ", NULL);
	email(NULL, NULL);
	email("ann.example.com", NULL);
	email("@example.com", NULL);
	email("ann@", NULL);
	email("ann@ ", NULL);
	email(" @example.com", NULL);
	email("+shop@example.com", NULL);
	email("@", NULL);

	is_int(contact_email_key("ann@example.com", out, 16), 0,
	    "email: 15 characters fit in 16");
	is_str(out, "ann@example.com", "email: exactly fitting");
	is_int(contact_email_key("ann@example.com", out, 15), -1,
	    "email: 15 characters do not fit in 15");
	is_str(out, "", "email: too small leaves out empty");
	is_int(contact_email_key("Ann+Shop-Long-Tag@example.com", out, 16), 0,
	    "email: the dropped tag needs no room");
	is_int(contact_email_key("ann@example.com", out, 0), -1,
	    "email: no room at all");
}

static void
test_phone(void)
{
	char out[10];

	phone("+49 30 1234567", "301234567");
	phone("0049301234567", "301234567");
	phone("030 1234567", "301234567");
	phone("(030) 123-4567", "301234567");
	phone("+1 (415) 555-0100", "155550100");
	phone("415.555.0100", "155550100");
	phone("123456", "123456");
	phone("12-34-56-78", "12345678");
	phone("tel: 123 456 789", "123456789");
	phone("12345", NULL);
	phone("", NULL);
	phone("+44 ---", NULL);
	phone(NULL, NULL);

	is_int(contact_phone_key("+49 30 1234567", out, 10), 0,
	    "phone: 9 digits fit in 10");
	is_str(out, "301234567", "phone: exactly fitting");
	is_int(contact_phone_key("+49 30 1234567", out, 9), -1,
	    "phone: 9 digits do not fit in 9");
	is_str(out, "", "phone: too small leaves out empty");
	is_int(contact_phone_key("123456", out, 7), 0,
	    "phone: 6 digits fit in 7");
}

static void
test_address(void)
{
	char out[32];

	address("12, Fraud  Street", "75 001", "fr", "12 fraud street|75001|FR",
	    "the example");
	address("  12 Fraud Street ", "75001", "FR", "12 fraud street|75001|FR",
	    "blanks around");
	address("12-14 Rue de l'\xc3\x89glise", "75-001", " fr ",
	    "12 14 rue de l \xc3\x89glise|75001|FR",
	    "dashes and apostrophes separate words, UTF-8 kept, country "
	    "trimmed");
	address("Flat 3/B; 7 High St.", "sw1a 1aa", "gb",
	    "flat 3 b 7 high st|SW1A1AA|GB", "GB postcode upper, no space");
	address("Hauptstra\xc3\x9f" "e 5", "10115", "Germany",
	    "hauptstra\xc3\x9f" "e 5|10115|DE", "country name: its code");
	address("Main St 1", "", "US", "main st 1||US", "empty postal code");
	address("Main St 1", NULL, "US", "main st 1||US", "NULL postal code");
	address("Main St 1", "1", "xk", "main st 1|1|XK",
	    "a code country_code() may not know: upper case");
	address("Main St 1", "1", "Atlantis", "main st 1|1|ATLANTIS",
	    "an unknown name: upper case as written");
	address("", "75001", "FR", NULL, "empty street");
	address(" ,.- ", "75001", "FR", NULL, "street with no word");
	address(NULL, "75001", "FR", NULL, "NULL street");
	address("12 Fraud Street", "75001", "", NULL, "empty country");
	address("12 Fraud Street", "75001", "  ", NULL, "blank country");
	address("12 Fraud Street", "75001", NULL, NULL, "NULL country");

	is_int(contact_address_key("12 Fraud St", "75001", "FR", out, 21), 0,
	    "address: 20 characters fit in 21");
	is_str(out, "12 fraud st|75001|FR", "address: exactly fitting");
	is_int(contact_address_key("12 Fraud St", "75001", "FR", out, 20), -1,
	    "address: 20 characters do not fit in 20");
	is_str(out, "", "address: too small leaves out empty");
	is_int(contact_address_key("12 Fraud St", "75001", "FR", out, 12), -1,
	    "address: no room for the postal code");
	is_int(contact_address_key("12 Fraud St", "75001", "FR", out, 15), -1,
	    "address: postal code cut short");
	is_int(contact_address_key("12 Fraud St", "75001", "FR", out, 5), -1,
	    "address: street cut short");
}

static void
test_written(void)
{
	char out[21];

	written("12 Fraud Street, 75 001, FR", "12 fraud street|75001|FR",
	    "written: the blocklist form");
	written("12 Fraud Street,75001,fr", "12 fraud street|75001|FR",
	    "written: no blanks, country in lower case");
	written("12 Fraud Street, 75001, France", "12 fraud street|75001|FR",
	    "written: country name");
	written("1 Downing St, SW1A 2AA, United Kingdom",
	    "1 downing st|SW1A2AA|GB", "written: another name");
	written("1 Downing St, SW1A 2AA, UK", "1 downing st|SW1A2AA|GB",
	    "written: an alias");
	written("1 Main St, , USA", "1 main st||US",
	    "written: empty postal code");
	written("12 Fraud Street, 75001", NULL, "written: two parts");
	written("12 Fraud Street", NULL, "written: one part");
	written("12, Fraud Street, 75001, FR", NULL,
	    "written: four parts (a comma in the street)");
	written("12 Fraud Street, 75001, Atlantis", NULL,
	    "written: unknown country");
	written("12 Fraud Street, 75001, ", NULL, "written: empty country");
	written(", 75001, FR", NULL, "written: empty street");
	written("", NULL, "written: empty");
	written(NULL, NULL, "written: NULL");

	is_int(contact_address_text_key("12 Fraud St, 75001, France", out,
	    21), 0, "written: 20 characters fit in 21");
	is_str(out, "12 fraud st|75001|FR", "written: exactly fitting");
	is_int(contact_address_text_key("12 Fraud St, 75001, France", out,
	    20), -1, "written: 20 characters do not fit in 20");
	is_str(out, "", "written: too small leaves out empty");
}

/* The point of the keys: spellings of one contact agree. */
static void
test_agree(void)
{
	char a[64], b[64];

	contact_address_key("12, Fraud  Street", "75 001", "fr", a, sizeof a);
	contact_address_text_key("12 FRAUD STREET, 75001, France", b,
	    sizeof b);
	is_str(a, b, "an order's address and a blocklist line agree");
	contact_email_key("Ann+Shop@Example.COM ", a, sizeof a);
	contact_email_key("ann@example.com", b, sizeof b);
	is_str(a, b, "two spellings of one e-mail agree");
	contact_phone_key("+49 30 1234567", a, sizeof a);
	contact_phone_key("030 1234567", b, sizeof b);
	is_str(a, b, "international and national phone numbers agree");
}

int
main(void)
{
	test_email();
	test_phone();
	test_address();
	test_written();
	test_agree();
	return done_testing();
}
