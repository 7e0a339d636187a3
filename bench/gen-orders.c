/*
 * gen-orders: write a Shopify "Export orders" CSV of N synthetic orders
 * to standard output, for the import benchmark.
 *
 *	gen-orders [-s seed] [-k skus] n
 *
 * The file looks like what Shopify exports: the 79-column header, one
 * row per line item, order-level fields on the first row of an order
 * only, RFC 4180 quoting, UTF-8 names, an occasional note spanning two
 * lines.  The amounts are consistent the way the importer checks them:
 *
 *	Subtotal = sum(quantity * price - line discount)
 *	Total    = Subtotal + Shipping + Taxes - Discount Amount
 *	Taxes    = sum(Tax N Value)
 *
 * with Discount Amount always 0.00.  The output depends only on the
 * seed, the SKU count and n; memory use does not depend on n.
 */
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

/* The columns of a Shopify order export, in order. */
enum {
	C_NAME, C_EMAIL, C_FINANCIAL_STATUS, C_PAID_AT, C_FULFILLMENT_STATUS,
	C_FULFILLED_AT, C_ACCEPTS_MARKETING, C_CURRENCY, C_SUBTOTAL,
	C_SHIPPING, C_TAXES, C_TOTAL, C_DISCOUNT_CODE, C_DISCOUNT_AMOUNT,
	C_SHIPPING_METHOD, C_CREATED_AT, C_LI_QUANTITY, C_LI_NAME,
	C_LI_PRICE, C_LI_COMPARE_AT, C_LI_SKU, C_LI_REQUIRES_SHIPPING,
	C_LI_TAXABLE, C_LI_FULFILLMENT_STATUS,
	C_BILLING_NAME,		/* 11 billing columns, then 10 shipping */
	C_SHIPPING_NAME = C_BILLING_NAME + 10,
	C_NOTES = C_SHIPPING_NAME + 10, C_NOTE_ATTRIBUTES, C_CANCELLED_AT,
	C_PAYMENT_METHOD, C_PAYMENT_REFERENCE, C_REFUNDED_AMOUNT, C_VENDOR,
	C_OUTSTANDING_BALANCE, C_EMPLOYEE, C_LOCATION, C_DEVICE_ID, C_ID,
	C_TAGS, C_RISK_LEVEL, C_SOURCE, C_LI_DISCOUNT,
	C_TAX1_NAME,		/* 5 pairs of Tax N Name, Tax N Value */
	C_PHONE = C_TAX1_NAME + 10, C_RECEIPT_NUMBER, C_DUTIES,
	C_BILLING_PROVINCE_NAME, C_SHIPPING_PROVINCE_NAME, C_PAYMENT_ID,
	C_PAYMENT_TERMS_NAME, C_NEXT_PAYMENT_DUE_AT, C_PAYMENT_REFERENCES,
	NCOLUMNS
};

/* Offsets within a block of address columns (billing or shipping). */
enum {
	A_NAME, A_STREET, A_ADDRESS1, A_ADDRESS2, A_COMPANY, A_CITY, A_ZIP,
	A_PROVINCE, A_COUNTRY, A_PHONE
};

static const char header[] =
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,"
    "Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,"
    "Discount Code,Discount Amount,Shipping Method,Created at,"
    "Lineitem quantity,Lineitem name,Lineitem price,"
    "Lineitem compare at price,Lineitem sku,Lineitem requires shipping,"
    "Lineitem taxable,Lineitem fulfillment status,Billing Name,"
    "Billing Street,Billing Address1,Billing Address2,Billing Company,"
    "Billing City,Billing Zip,Billing Province,Billing Country,"
    "Billing Phone,Shipping Name,Shipping Street,Shipping Address1,"
    "Shipping Address2,Shipping Company,Shipping City,Shipping Zip,"
    "Shipping Province,Shipping Country,Shipping Phone,Notes,"
    "Note Attributes,Cancelled at,Payment Method,Payment Reference,"
    "Refunded Amount,Vendor,Outstanding Balance,Employee,Location,"
    "Device ID,Id,Tags,Risk Level,Source,Lineitem discount,Tax 1 Name,"
    "Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,"
    "Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,"
    "Duties,Billing Province Name,Shipping Province Name,Payment ID,"
    "Payment Terms Name,Next Payment Due At,Payment References\n";

struct name {
	const char	*text;		/* as written */
	const char	*mail;		/* ASCII, for the e-mail address */
};

static const struct name first_names[] = {
	{ "James", "james" }, { "Mary", "mary" }, { "Olivia", "olivia" },
	{ "Liam", "liam" }, { "Emma", "emma" }, { "Noah", "noah" },
	{ "Sophie", "sophie" }, { "Lukas", "lukas" }, { "Zoë", "zoe" },
	{ "José", "jose" }, { "Amélie", "amelie" }, { "Jan", "jan" },
	{ "Anna", "anna" }, { "Mohammed", "mohammed" }, { "Chloé", "chloe" },
	{ "Finn", "finn" }, { "Léa", "lea" }, { "Jürgen", "juergen" },
	{ "Aisha", "aisha" }, { "William", "william" }
};

static const struct name last_names[] = {
	{ "Smith", "smith" }, { "Johnson", "johnson" }, { "Brown", "brown" },
	{ "O'Brien", "obrien" }, { "Müller", "mueller" },
	{ "Schmidt", "schmidt" }, { "Dubois", "dubois" },
	{ "Martin", "martin" }, { "de Vries", "devries" },
	{ "Jansen", "jansen" }, { "Tremblay", "tremblay" }, { "Roy", "roy" },
	{ "Williams", "williams" }, { "Taylor", "taylor" },
	{ "García", "garcia" }, { "Nguyen", "nguyen" }, { "Lefèvre", "lefevre" },
	{ "Becker", "becker" }, { "Patel", "patel" }, { "Wilson", "wilson" }
};

static const char *const companies[] = {
	"Acme, Inc.", "Müller GmbH", "Dupont & Fils", "Van Dijk B.V.",
	"Northwind Traders", "\"Best\" Goods Ltd"
};

/*
 * Zip and phone patterns: '#' is a digit, 'A' an upper-case letter,
 * anything else stands for itself.
 */
struct city {
	const char	*name;
	const char	*province;	/* code, as Shopify exports it */
	const char	*province_name;
	const char	*zip;
};

struct country {
	const char	*code;
	int		 weight;	/* relative share of the customers */
	const char	*phone;
	const char	*unit;		/* prefix of Address2 */
	int		 number_first;	/* "12 Main St" or "Hauptstraße 12" */
	const char	*streets[4];
	struct city	 cities[3];
	/* Additive taxes: names and rates in thousandths of a percent. */
	const char	*tax_name[3][2];
	int		 tax_rate[3][2];
};

static const struct country countries[] = {
	{ "US", 35, "+1 ### 555 ####", "Apt ", 1,
	  { "Main St", "Oak Ave", "Maple Dr", "Broadway" },
	  { { "New York", "NY", "New York", "100##" },
	    { "Los Angeles", "CA", "California", "900##" },
	    { "Boston", "MA", "Massachusetts", "021##" } },
	  { { "NY State Tax 8.875%" }, { "CA State Tax 7.25%" },
	    { "MA State Tax 6.25%" } },
	  { { 8875 }, { 7250 }, { 6250 } } },
	{ "CA", 10, "+1 ### 555 ####", "Unit ", 1,
	  { "King St W", "Rue Sainte-Catherine", "Granville St", "Yonge St" },
	  { { "Toronto", "ON", "Ontario", "M#A #A#" },
	    { "Vancouver", "BC", "British Columbia", "V#A #A#" },
	    { "Montréal", "QC", "Quebec", "H#A #A#" } },
	  { { "HST 13%" }, { "GST 5%", "PST 7%" }, { "GST 5%", "QST 9.975%" } },
	  { { 13000 }, { 5000, 7000 }, { 5000, 9975 } } },
	{ "GB", 15, "+44 20 #### ####", "Flat ", 1,
	  { "High Street", "Station Road", "Church Lane", "Victoria Road" },
	  { { "London", "ENG", "England", "SW# #AA" },
	    { "Manchester", "ENG", "England", "M# #AA" },
	    { "Edinburgh", "SCT", "Scotland", "EH# #AA" } },
	  { { "VAT 20%" }, { "VAT 20%" }, { "VAT 20%" } },
	  { { 20000 }, { 20000 }, { 20000 } } },
	{ "DE", 20, "+49 30 #######", "Whg. ", 0,
	  { "Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße" },
	  { { "Berlin", "BE", "Berlin", "10###" },
	    { "München", "BY", "Bayern", "80###" },
	    { "Hamburg", "HH", "Hamburg", "20###" } },
	  { { "MwSt 19%" }, { "MwSt 19%" }, { "MwSt 19%" } },
	  { { 19000 }, { 19000 }, { 19000 } } },
	{ "FR", 12, "+33 1 ## ## ## ##", "Appt ", 1,
	  { "rue de la Paix", "avenue Victor Hugo", "boulevard Voltaire",
	    "rue du Moulin" },
	  { { "Paris", "IDF", "Île-de-France", "750##" },
	    { "Lyon", "ARA", "Auvergne-Rhône-Alpes", "6900#" },
	    { "Marseille", "PAC", "Provence-Alpes-Côte d'Azur", "130##" } },
	  { { "TVA 20%" }, { "TVA 20%" }, { "TVA 20%" } },
	  { { 20000 }, { 20000 }, { 20000 } } },
	{ "NL", 8, "+31 20 ### ####", "Unit ", 0,
	  { "Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsplein" },
	  { { "Amsterdam", "NH", "Noord-Holland", "10## AA" },
	    { "Rotterdam", "ZH", "Zuid-Holland", "30## AA" },
	    { "Utrecht", "UT", "Utrecht", "35## AA" } },
	  { { "BTW 21%" }, { "BTW 21%" }, { "BTW 21%" } },
	  { { 21000 }, { 21000 }, { 21000 } } }
};

static const char *const products[] = {
	"Classic T-Shirt", "Hoodie", "Canvas Tote Bag", "Coffee Mug, Ceramic",
	"12\" Vinyl Record", "Wool Beanie", "Water Bottle", "Notebook",
	"Sneakers", "Phone Case", "Scented Candle", "Linen Apron",
	"Desk Lamp", "Yoga Mat", "Socks (3-pack)", "Rain Jacket"
};
static const char *const colours[] = {
	"Black", "White", "Navy", "Red", "Forest Green", "Sand", "Grey"
};
static const char *const sizes[] = { "XS", "S", "M", "L", "XL" };
static const char *const vendors[] = {
	"Northwind", "Atelier Léon", "Blue Harbor Co.", "Kettle & Crane",
	"Hofmann Werkstatt"
};

/* A pseudo-random generator: xorshift64*, seeded through splitmix64. */
static uint64_t
splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t
next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static uint64_t
seeded(uint64_t seed, uint64_t stream, uint64_t key)
{
	uint64_t s;

	s = splitmix64(seed ^ splitmix64(stream ^ splitmix64(key)));
	return s != 0 ? s : 1;
}

/* A number in [0, n): the high bits, which xorshift64* makes best. */
static uint32_t
below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((next(s) >> 32) * n) >> 32);
}

/* True with a probability of p per mille. */
static int
chance(uint64_t *s, uint32_t p)
{
	return below(s, 1000) < p;
}

/*
 * The output buffer.  Every row is far shorter than SLACK, so a row is
 * written without bounds checks once flush_if_full() has made room.
 */
#define OUTSIZE	(1 << 20)
#define SLACK	(16 << 10)

static char	 out[OUTSIZE];
static char	*op = out;
static int	 column;		/* of the row being written */

static void
flush(void)
{
	const char *p = out;
	ssize_t n;

	while (p < op) {
		if ((n = write(STDOUT_FILENO, p, op - p)) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "write");
		}
		p += n;
	}
	op = out;
}

static void
flush_if_full(void)
{
	if (op - out > OUTSIZE - SLACK)
		flush();
}

static void
put_raw(const char *s)
{
	size_t n = strlen(s);

	memcpy(op, s, n);
	op += n;
}

/* A field, quoted per RFC 4180 when it holds a comma, quote or newline. */
static void
put_text(const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		put_raw(s);
		return;
	}
	*op++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"')
			*op++ = '"';
		*op++ = *s;
	}
	*op++ = '"';
}

static void
put_uint(uint64_t v)
{
	char tmp[20], *p = tmp + sizeof(tmp);

	do
		*--p = '0' + v % 10;
	while ((v /= 10) != 0);
	memcpy(op, p, tmp + sizeof(tmp) - p);
	op += tmp + sizeof(tmp) - p;
}

/* Digits of v, zero-padded to width w. */
static void
put_digits(unsigned v, int w)
{
	int i;

	for (i = w - 1; i >= 0; i--, v /= 10)
		op[i] = '0' + v % 10;
	op += w;
}

static void
put_money(int64_t cents)
{
	if (cents < 0) {
		*op++ = '-';
		cents = -cents;
	}
	put_uint(cents / 100);
	*op++ = '.';
	put_digits(cents % 100, 2);
}

/* A pattern of '#' digits and 'A' letters. */
static void
put_pattern(uint64_t *s, const char *pat)
{
	for (; *pat != '\0'; pat++) {
		if (*pat == '#')
			*op++ = '0' + below(s, 10);
		else if (*pat == 'A')
			*op++ = 'A' + below(s, 26);
		else
			*op++ = *pat;
	}
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/*
 * The store keeps New York time: UTC-4 from 07:00 UTC on the second
 * Sunday of March to 06:00 UTC on the first Sunday of November, else
 * UTC-5.  The bounds are cached per year.
 */
static int
utc_offset(int64_t t)
{
	static int64_t year = -1, dst_start, dst_end;
	int64_t days, y, first;
	unsigned m, d;

	days = (t >= 0 ? t : t - 86399) / 86400;
	civil_from_days(days, &y, &m, &d);
	if (y != year) {
		year = y;
		first = days_from_civil(y, 3, 1);	/* 1970-01-01: Thursday */
		first += (7 - (first + 4) % 7) % 7 + 7;
		dst_start = first * 86400 + 7 * 3600;
		first = days_from_civil(y, 11, 1);
		first += (7 - (first + 4) % 7) % 7;
		dst_end = first * 86400 + 6 * 3600;
	}
	return t >= dst_start && t < dst_end ? -4 : -5;
}

/* "2025-05-11 09:55:16 -0400" */
static void
put_time(int64_t t)
{
	int64_t y, days, secs;
	unsigned m, d;
	int off;

	off = utc_offset(t);
	t += off * 3600;
	days = (t >= 0 ? t : t - 86399) / 86400;
	secs = t - days * 86400;
	civil_from_days(days, &y, &m, &d);
	put_digits((unsigned)y, 4);
	*op++ = '-';
	put_digits(m, 2);
	*op++ = '-';
	put_digits(d, 2);
	*op++ = ' ';
	put_digits(secs / 3600, 2);
	*op++ = ':';
	put_digits(secs / 60 % 60, 2);
	*op++ = ':';
	put_digits(secs % 60, 2);
	put_raw(off < 0 ? " -" : " +");
	put_digits(off < 0 ? -off : off, 2);
	put_raw("00");
}

/* Move to column c of the row, writing the separators on the way. */
static void
to(int c)
{
	while (column < c) {
		*op++ = ',';
		column++;
	}
}

static void
end_row(void)
{
	to(NCOLUMNS - 1);
	*op++ = '\n';
	column = 0;
	flush_if_full();
}

/* Columns the rows of an order fill; each to() must go forward. */
static void
col_text(int c, const char *s)
{
	to(c);
	put_text(s);
}

static void
col_money(int c, int64_t cents)
{
	to(c);
	put_money(cents);
}

static void
col_time(int c, int64_t t)
{
	to(c);
	put_time(t);
}

struct address {
	const struct country *country;
	const struct city *city;
	const char	*company;
	int		 number, unit;	/* unit 0: no Address2 */
	int		 street;
	uint64_t	 zip_seed, phone_seed;	/* 0: no phone */
};

struct customer {
	uint64_t	 id;
	const struct name *first, *last;
	int		 marketing;
	struct address	 ship, bill;
	const char	*bill_first;	/* billing name, when it differs */
};

static const struct country *
pick_country(uint64_t *s)
{
	uint32_t total = 0, r;
	size_t i;

	for (i = 0; i < nitems(countries); i++)
		total += countries[i].weight;
	r = below(s, total);
	for (i = 0; r >= (uint32_t)countries[i].weight; i++)
		r -= countries[i].weight;
	return &countries[i];
}

static void
make_address(uint64_t *s, struct address *a, const struct country *co)
{
	a->country = co;
	a->city = &co->cities[below(s, nitems(co->cities))];
	a->company = chance(s, 100) ? companies[below(s, nitems(companies))] :
	    NULL;
	a->street = below(s, nitems(co->streets));
	a->number = 1 + below(s, 250);
	a->unit = chance(s, 300) ? 1 + below(s, 40) : 0;
	a->zip_seed = next(s) | 1;
	a->phone_seed = chance(s, 700) ? next(s) | 1 : 0;
}

/* Everything about a customer follows from the seed and the id. */
static void
make_customer(uint64_t seed, uint64_t id, struct customer *c)
{
	uint64_t s = seeded(seed, 2, id);

	c->id = id;
	c->first = &first_names[below(&s, nitems(first_names))];
	c->last = &last_names[below(&s, nitems(last_names))];
	c->marketing = chance(&s, 400);
	make_address(&s, &c->ship, pick_country(&s));
	if (chance(&s, 150)) {
		make_address(&s, &c->bill, c->ship.country);
		c->bill_first = first_names[below(&s, nitems(first_names))].text;
	} else {
		c->bill = c->ship;
		c->bill_first = c->first->text;
	}
}

static void
put_email(const struct customer *c)
{
	put_raw(c->first->mail);
	*op++ = '.';
	put_raw(c->last->mail);
	put_uint(c->id);
	put_raw("@example.com");
}

/* The ten columns of an address block starting at column c. */
static void
put_address(int c, const struct address *a, const char *first,
    const char *last)
{
	const struct country *co = a->country;
	const char *street = co->streets[a->street];
	char name[64], *start, *end;
	uint64_t s;

	end = stpcpy(name, first);
	*end++ = ' ';
	strcpy(end, last);
	col_text(c + A_NAME, name);

	/* Street is Address1 and Address2 joined by a comma. */
	to(c + A_STREET);
	if (a->unit != 0)
		*op++ = '"';
	start = op;
	if (co->number_first) {
		put_uint(a->number);
		*op++ = ' ';
		put_raw(street);
	} else {
		put_raw(street);
		*op++ = ' ';
		put_uint(a->number);
	}
	end = op;
	if (a->unit != 0) {
		put_raw(", ");
		put_raw(co->unit);
		put_uint(a->unit);
		*op++ = '"';
	}
	to(c + A_ADDRESS1);
	memcpy(op, start, end - start);
	op += end - start;
	if (a->unit != 0) {
		to(c + A_ADDRESS2);
		put_raw(co->unit);
		put_uint(a->unit);
	}
	if (a->company != NULL)
		col_text(c + A_COMPANY, a->company);
	col_text(c + A_CITY, a->city->name);
	to(c + A_ZIP);
	s = a->zip_seed;
	put_pattern(&s, a->city->zip);
	col_text(c + A_PROVINCE, a->city->province);
	col_text(c + A_COUNTRY, co->code);
	if (a->phone_seed != 0) {
		to(c + A_PHONE);
		s = a->phone_seed;
		put_pattern(&s, co->phone);
	}
}

/* A product, its price and vendor follow from the seed and the SKU. */
struct product {
	unsigned	 sku;
	char		 name[80];
	int64_t		 price, compare_at;	/* compare_at 0: none */
	const char	*vendor;
};

static void
make_product(uint64_t seed, unsigned sku, struct product *p)
{
	uint64_t s = seeded(seed, 3, sku);
	uint32_t u;
	char *end;

	p->sku = sku;
	end = stpcpy(p->name, products[below(&s, nitems(products))]);
	end = stpcpy(end, " - ");
	end = stpcpy(end, colours[below(&s, nitems(colours))]);
	end = stpcpy(end, " / ");
	stpcpy(end, sizes[below(&s, nitems(sizes))]);
	/* 1.00 to 500.00, cheap ones far more common. */
	u = below(&s, 1000);
	p->price = 100 + (int64_t)49900 * u * u * u / (999LL * 999 * 999);
	p->compare_at = chance(&s, 250) ? p->price * 5 / 4 : 0;
	p->vendor = vendors[below(&s, nitems(vendors))];
}

struct line {
	struct product	 product;
	int		 quantity;
	int64_t		 discount;
};

/* A SKU number in [1, nsku], the low ones the best sellers. */
static unsigned
pick_sku(uint64_t *s, unsigned nsku)
{
	uint64_t u = below(s, 1u << 16);

	return 1 + (unsigned)(u * u * nsku >> 32);
}

static int
pick_quantity(uint64_t *s)
{
	uint32_t r = below(s, 100);

	return r < 60 ? 1 : r < 80 ? 2 : r < 90 ? 3 : r < 95 ? 4 : 5;
}

static void
put_sku(unsigned sku)
{
	put_raw("SKU-");
	put_digits(sku, sku < 100000 ? 5 : sku < 1000000 ? 6 : 7);
}

static void
put_line(const struct line *l, int fulfilled)
{
	const struct product *p = &l->product;

	to(C_LI_QUANTITY);
	put_uint(l->quantity);
	col_text(C_LI_NAME, p->name);
	col_money(C_LI_PRICE, p->price);
	if (p->compare_at != 0)
		col_money(C_LI_COMPARE_AT, p->compare_at);
	to(C_LI_SKU);
	put_sku(p->sku);
	col_text(C_LI_REQUIRES_SHIPPING, "true");
	col_text(C_LI_TAXABLE, "true");
	col_text(C_LI_FULFILLMENT_STATUS, fulfilled ? "fulfilled" : "pending");
}

static const char *const notes[] = {
	"Please leave the parcel with the neighbour.",
	"Gift - no invoice in the box, please",
	"Ring twice.\nThe bell is broken, knock if needed."
};

static void
usage(void)
{
	fprintf(stderr, "usage: gen-orders [-u] [-s seed] [-k skus] n\n");
	exit(1);
}

static uint64_t
number(const char *s, uint64_t min, uint64_t max, const char *what)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 ||
	    v < min || v > max)
		errx(1, "%s: %s: out of range or not a number", what, s);
	return v;
}

int
main(int argc, char *argv[])
{
	struct customer cust;
	struct line lines[3];
	uint64_t seed = 1, norders, ncustomers, i, s;
	unsigned nsku = 5000;
	int64_t t, subtotal, shipping, taxes, total, tax[2];
	int ch, nlines, j, k, cancelled, pending, refunded, fulfilled, express;
	int open_orders = 0;
	const struct country *co;
	int ci;

	while ((ch = getopt(argc, argv, "s:k:u")) != -1) {
		switch (ch) {
		case 'u':
			/* Every order paid and waiting: the allocation bench. */
			open_orders = 1;
			break;
		case 's':
			seed = number(optarg, 0, UINT64_MAX, "seed");
			break;
		case 'k':
			nsku = number(optarg, 1, 9999999, "skus");
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	norders = number(argv[0], 0, UINT64_MAX / 4, "n");

	put_raw(header);
	s = seeded(seed, 1, 0);
	ncustomers = norders / 2 + 1;
	t = days_from_civil(2024, 6, 1) * 86400 + 4 * 3600;
	for (i = 0; i < norders; i++) {
		t += 1 + below(&s, 119);
		make_customer(seed, below(&s, ncustomers > UINT32_MAX ?
		    UINT32_MAX : (uint32_t)ncustomers), &cust);

		/* 1 to 3 lines, 2 on average, each SKU once per order. */
		k = below(&s, 10);
		nlines = k < 3 ? 1 : k < 7 ? 2 : 3;
		if (nsku < (unsigned)nlines)
			nlines = nsku;
		subtotal = 0;
		for (j = 0; j < nlines; j++) {
			unsigned sku;

			do {
				sku = pick_sku(&s, nsku);
				for (k = 0; k < j; k++)
					if (lines[k].product.sku == sku)
						break;
			} while (k < j);
			make_product(seed, sku, &lines[j].product);
			lines[j].quantity = pick_quantity(&s);
			lines[j].discount = chance(&s, 30) ?
			    lines[j].quantity * lines[j].product.price / 10 : 0;
			subtotal += lines[j].quantity *
			    lines[j].product.price - lines[j].discount;
		}

		co = cust.ship.country;
		ci = cust.ship.city - co->cities;
		tax[0] = tax[1] = taxes = 0;
		if (!chance(&s, 50)) {		/* 5% are tax exempt */
			for (k = 0; k < 2 && co->tax_name[ci][k] != NULL; k++) {
				tax[k] = (subtotal * co->tax_rate[ci][k] +
				    50000) / 100000;
				taxes += tax[k];
			}
		}
		express = chance(&s, 100);
		if (express)
			shipping = chance(&s, 500) ? 1495 : 1995;
		else if (subtotal >= 10000)
			shipping = 0;
		else
			shipping = chance(&s, 500) ? 495 : 695;
		total = subtotal + shipping + taxes;

		cancelled = chance(&s, 20);
		refunded = cancelled && chance(&s, 500);
		pending = !cancelled && chance(&s, 20);
		fulfilled = !cancelled && !pending &&
		    i < norders - norders / 50;
		if (open_orders)
			cancelled = refunded = pending = fulfilled = 0;

		/* The first row: the order and its first line. */
		flush_if_full();
		to(C_NAME);
		*op++ = '#';
		put_uint(1000 + i);
		to(C_EMAIL);
		put_email(&cust);
		col_text(C_FINANCIAL_STATUS, cancelled ?
		    (refunded ? "refunded" : "voided") :
		    pending ? "pending" : "paid");
		if (!pending && (!cancelled || refunded))
			col_time(C_PAID_AT, t + 1 + below(&s, 30));
		col_text(C_FULFILLMENT_STATUS, fulfilled ? "fulfilled" :
		    "unfulfilled");
		if (fulfilled)
			col_time(C_FULFILLED_AT, t + 3600 + below(&s, 3 * 86400));
		col_text(C_ACCEPTS_MARKETING, cust.marketing ? "yes" : "no");
		col_text(C_CURRENCY, "EUR");
		col_money(C_SUBTOTAL, subtotal);
		col_money(C_SHIPPING, shipping);
		col_money(C_TAXES, taxes);
		col_money(C_TOTAL, total);
		col_money(C_DISCOUNT_AMOUNT, 0);
		col_text(C_SHIPPING_METHOD, express ? "Express" : "Standard Shipping");
		col_time(C_CREATED_AT, t);
		put_line(&lines[0], fulfilled);
		put_address(C_BILLING_NAME, &cust.bill, cust.bill_first,
		    cust.last->text);
		put_address(C_SHIPPING_NAME, &cust.ship, cust.first->text,
		    cust.last->text);
		if (chance(&s, 10))
			col_text(C_NOTES, notes[below(&s, nitems(notes))]);
		if (chance(&s, 20))
			col_text(C_NOTE_ATTRIBUTES, "gift_wrap: yes");
		if (cancelled)
			col_time(C_CANCELLED_AT, t + 600 + below(&s, 2 * 86400));
		col_text(C_PAYMENT_METHOD, pending ? "Bank Deposit" :
		    chance(&s, 200) ? "PayPal Express Checkout" :
		    "Shopify Payments");
		if (!pending) {
			to(C_PAYMENT_REFERENCE);
			put_raw("c");
			put_uint(27000000000000ULL + i * 7);
			put_raw(".1");
		}
		col_money(C_REFUNDED_AMOUNT, refunded ? total : 0);
		col_text(C_VENDOR, lines[0].product.vendor);
		col_money(C_OUTSTANDING_BALANCE, pending ? total : 0);
		to(C_ID);
		put_uint(5600000000000ULL + i * 3 + below(&s, 3));
		if (chance(&s, 50))
			col_text(C_TAGS, chance(&s, 500) ? "vip" :
			    "wholesale, repeat");
		col_text(C_RISK_LEVEL, chance(&s, 10) ? "High" :
		    chance(&s, 30) ? "Medium" : "Low");
		col_text(C_SOURCE, chance(&s, 50) ? "shopify_draft_order" :
		    "web");
		col_money(C_LI_DISCOUNT, lines[0].discount);
		for (k = 0; k < 2 && tax[k] != 0; k++) {
			col_text(C_TAX1_NAME + 2 * k, co->tax_name[ci][k]);
			col_money(C_TAX1_NAME + 2 * k + 1, tax[k]);
		}
		if (cust.ship.phone_seed != 0) {
			uint64_t ps = cust.ship.phone_seed;

			to(C_PHONE);
			put_pattern(&ps, co->phone);
		}
		col_text(C_BILLING_PROVINCE_NAME, cust.bill.city->province_name);
		col_text(C_SHIPPING_PROVINCE_NAME, cust.ship.city->province_name);
		if (!pending) {
			to(C_PAYMENT_ID);
			put_raw("p");
			put_uint(next(&s) >> 12);
			to(C_PAYMENT_REFERENCES);
			put_raw("c");
			put_uint(27000000000000ULL + i * 7);
			put_raw(".1");
		}
		end_row();

		/* Further lines repeat only Name, Email, Created at, Phone. */
		for (j = 1; j < nlines; j++) {
			to(C_NAME);
			*op++ = '#';
			put_uint(1000 + i);
			to(C_EMAIL);
			put_email(&cust);
			col_time(C_CREATED_AT, t);
			put_line(&lines[j], fulfilled);
			col_text(C_VENDOR, lines[j].product.vendor);
			col_money(C_LI_DISCOUNT, lines[j].discount);
			if (cust.ship.phone_seed != 0) {
				uint64_t ps = cust.ship.phone_seed;

				to(C_PHONE);
				put_pattern(&ps, co->phone);
			}
			end_row();
		}
	}
	flush();
	return 0;
}
