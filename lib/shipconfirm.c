/*
 * Where each format's columns come from, and what it cannot say.
 *
 * amazon: Seller Central's Shipping Confirmation template, uploaded
 *   through "Upload order related files" (feed
 *   POST_FLAT_FILE_FULFILLMENT_DATA).  Columns as in the help page
 *   "Shipping confirmation template" (sellercentral.amazon.com/gp/help/
 *   external/G641, the same table on .co.uk, .fr, .sg, .com.au) and the
 *   template's Data Definitions tab:
 *     order-id order-item-id quantity ship-date carrier-code
 *     carrier-name tracking-number ship-method
 *   TAB-separated, no quoting: a TAB, CR or LF inside a value becomes a
 *   space, as there is no way to escape it.  order-id and ship-date are
 *   required.  order-item-id "is not required if you are confirming
 *   shipment of an entire order" (Data Definitions), so a notice
 *   without a channel line confirms the whole order, and says no
 *   quantity, which belongs to an item.  ship-date is yyyy-mm-dd, the
 *   only form the help pages give: the UTC date of shipped_at, which
 *   is a day ahead of the seller's in the evening west of UTC.
 *   carrier-code is required on every marketplace since 2022 (SP-API
 *   changelog "CarrierCode value required in shipment confirmations")
 *   and must be one of Amazon's codes, else "Other" with the carrier in
 *   carrier-name ("use only if carrier-code is Other", 1 to 50
 *   characters).  The codes below are those the help pages list (US,
 *   SG, AU) and the CarrierCode list of the XML feed schema as client
 *   libraries copy it; a marketplace accepts only some of them, which
 *   Amazon tells on upload.  Left out: Japan's TemplateType line and
 *   cod-collection-method column, and the ship-from address columns of
 *   newer templates.
 *
 * ebay: File Exchange's Status action, which Seller Hub Reports still
 *   takes as an upload:
 *     *Action ItemID TransactionID ShippingStatus ShippingCarrierUsed
 *     ShipmentTrackingNumber
 *   with Action "Status" and ShippingStatus 1 (shipped; 0 is not
 *   shipped), as in eBay's File Exchange instructions ("Updating Item
 *   Status").  A row names a line by ItemID and TransactionID, which
 *   oms keeps as the channel line "ItemID-TransactionID" (eBay's
 *   OrderLineItemID, see profiles/ebay.yaml); without it nothing can be
 *   confirmed, so it is required.  ShippingCarrierUsed and
 *   ShipmentTrackingNumber go together (Trading API,
 *   ShipmentTrackingDetailsType): a tracking number needs a carrier.
 *   The carrier is written as eBay's ShippingCarrierCodeType token when
 *   below, else as its name, which eBay may refuse.  The Action header
 *   names no site: ItemID and TransactionID are the same on every site.
 *   eBay takes tracking numbers of letters and digits only; they are
 *   written as given.
 *
 * shopify: Shopify itself imports no fulfilments from CSV.  Bulk
 *   fulfilment apps do, mapping the file's columns to Shopify's
 *   fulfilment fields (EZ Fulfill: highviewapps.com/kb, "How do I add a
 *   carrier to my fulfillment?"):
 *     Order Name,Tracking Number,Tracking Company,Tracking URL,
 *     Line Item SKU,Quantity,Notify Customer
 *   The values are those of the Admin API's FulfillmentTrackingInput
 *   (company, number, url) and notifyCustomer.  Order Name is the
 *   order's name ("#1001", oms's channel order), required.  Shopify
 *   builds the tracking URL itself only for a Tracking Company spelt
 *   exactly as in its list of carriers, so the carrier's name goes
 *   there and the notice's URL, when it has one, is sent as well.  A
 *   line is known by its SKU, which Shopify orders often lack; without
 *   one the app fulfils what it decides for the order.
 *
 * tsv: the oms record stream (lib/record.h): order, channel,
 *   channel_order, line, channel_line, sku, quantity, carrier,
 *   carrier_name, service, tracking, tracking_url, shipped_at.
 *
 * The CSV formats are RFC 4180 as rec_write writes them: a field with a
 * comma, quote, CR or LF is quoted, quotes doubled; lines end in LF.
 */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "record.h"
#include "shipconfirm.h"
#include "util.h"

struct shipconfirm {
	enum shipconfirm_format format;
	FILE *out;
	struct rec_writer rw;	/* ebay, shopify, tsv */
	struct buf line;	/* amazon */
};

static const struct {
	const char *name;
	enum shipconfirm_format format;
} formats[] = {
	{ "amazon", SC_AMAZON }, { "ebay", SC_EBAY },
	{ "shopify", SC_SHOPIFY }, { "tsv", SC_TSV },
};
#define NFORMATS (sizeof formats / sizeof formats[0])

static const char *const amazon_fields[] = {
	"order-id", "order-item-id", "quantity", "ship-date", "carrier-code",
	"carrier-name", "tracking-number", "ship-method",
};
#define AMAZON_NFIELDS 8

static const struct rec_field ebay_fields[] = {
	{ "*Action", 0 }, { "ItemID", 0 }, { "TransactionID", 0 },
	{ "ShippingStatus", 0 }, { "ShippingCarrierUsed", 0 },
	{ "ShipmentTrackingNumber", 0 },
};
static const struct rec_field shopify_fields[] = {
	{ "Order Name", 0 }, { "Tracking Number", 0 },
	{ "Tracking Company", 0 }, { "Tracking URL", 0 },
	{ "Line Item SKU", 0 }, { "Quantity", 0 }, { "Notify Customer", 0 },
};
static const struct rec_field tsv_fields[] = {
	{ "order", 1 }, { "channel", 0 }, { "channel_order", 0 },
	{ "line", 1 }, { "channel_line", 0 }, { "sku", 0 },
	{ "quantity", 1 }, { "carrier", 0 }, { "carrier_name", 0 },
	{ "service", 0 }, { "tracking", 0 }, { "tracking_url", 0 },
	{ "shipped_at", 0 },
};
#define NFIELDS(a) ((int)(sizeof a / sizeof a[0]))

/*
 * Amazon's carrier codes.  A carrier is found by its letters and
 * digits in lower case, so "royal_mail", "Royal Mail" and "royalmail"
 * are one; aliases add the names oms users are likely to give.
 */
struct carrier_code {
	const char *code;
	const char *alias;	/* another key that finds it, or NULL */
};

static const struct carrier_code amazon_carriers[] = {
	{ "4PX", NULL }, { "AFL/Fedex", NULL }, { "Aramex", NULL },
	{ "Blue Package", NULL }, { "BlueDart", NULL },
	{ "Canada Post", NULL }, { "China Post", NULL },
	{ "Chronopost", NULL }, { "City Link", NULL },
	{ "Couriers Please", NULL }, { "DHL", NULL },
	{ "DHL eCommerce", NULL }, { "DHL Global Mail", NULL },
	{ "DPD", NULL }, { "DTDC", NULL }, { "Delhivery", NULL },
	{ "Deutsche Post", NULL }, { "Fastway", NULL }, { "FedEx", NULL },
	{ "FedEx SmartPost", NULL }, { "First Flight", NULL },
	{ "GLS", NULL }, { "GO!", NULL },
	{ "Hermes Logistik Gruppe", "hermes" }, { "India Post", NULL },
	{ "La Poste", NULL }, { "Lasership", NULL }, { "Newgistics", NULL },
	{ "NipponExpress", NULL }, { "Ninjavan", NULL }, { "OSM", NULL },
	{ "OnTrac", NULL }, { "Overnite Express", NULL },
	{ "Parcelforce", NULL }, { "Poste Italiane", NULL },
	{ "Qxpress", NULL }, { "Royal Mail", NULL }, { "SDA", NULL },
	{ "SF Express", NULL }, { "SagawaExpress", "sagawa" },
	{ "Sendle", NULL }, { "Singapore Post", NULL },
	{ "Streamlite", NULL }, { "TNT", NULL }, { "Target", NULL },
	{ "UPS", NULL }, { "UPS Mail Innovations", "upsmi" }, { "USPS", NULL },
	{ "YamatoTransport", "yamato" }, { "Yanwen", NULL }, { "Yodel", NULL },
};

/* eBay's ShippingCarrierCodeType tokens, found the same way. */
static const struct carrier_code ebay_carriers[] = {
	{ "AnPost", NULL }, { "ARAMEX", NULL }, { "AustraliaPost", NULL },
	{ "Bartolini", "brt" }, { "BPost", NULL }, { "ChinaPost", NULL },
	{ "Chronopost", NULL }, { "Correos", NULL }, { "DeutschePost", NULL },
	{ "DHL", NULL }, { "FedEx", NULL }, { "Hermes", NULL },
	{ "iLoxx", NULL }, { "Nacex", NULL }, { "Seur", NULL },
	{ "UPS", NULL }, { "USPS", NULL },
};

/* s in lower case, letters and digits only, cut to fit key. */
static void
carrier_key(const char *s, char key[48])
{
	size_t n = 0;

	for (; s && *s && n < 47; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			key[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			key[n++] = c;
	}
	key[n] = '\0';
}

/* The code of carrier s in table t of n, or NULL. */
static const char *
carrier_find(const struct carrier_code *t, size_t n, const char *s)
{
	char key[48], code[48];
	size_t i;

	carrier_key(s, key);
	if (*key == '\0')
		return NULL;
	for (i = 0; i < n; i++) {
		carrier_key(t[i].code, code);
		if (strcmp(key, code) == 0 ||
		    (t[i].alias && strcmp(key, t[i].alias) == 0))
			return t[i].code;
	}
	return NULL;
}

#define AMAZON_CARRIER(s) carrier_find(amazon_carriers,			\
    sizeof amazon_carriers / sizeof amazon_carriers[0], (s))
#define EBAY_CARRIER(s) carrier_find(ebay_carriers,			\
    sizeof ebay_carriers / sizeof ebay_carriers[0], (s))

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* The carrier as people read it: its name, else its code. */
static const char *
carrier_text(const struct ship_notice *n)
{
	return !empty(n->carrier_name) ? n->carrier_name : n->carrier;
}

/* "order 7 line 2: FORMAT needs WHAT" */
static int
lacks(const struct ship_notice *n, enum shipconfirm_format f,
    const char *what)
{
	warnx_("order %lld line %d: %s needs %s", n->order_id, n->line_no,
	    shipconfirm_format_name(f), what);
	return -1;
}

int
shipconfirm_format_parse(const char *name, enum shipconfirm_format *f)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (strcmp(name, formats[i].name) == 0) {
			*f = formats[i].format;
			return 0;
		}
	return -1;
}

const char *
shipconfirm_format_name(enum shipconfirm_format f)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (formats[i].format == f)
			return formats[i].name;
	return "?";
}

enum shipconfirm_format
shipconfirm_format_for(const char *channel)
{
	size_t i;

	for (i = 0; channel && i < NFORMATS; i++)
		if (formats[i].format != SC_TSV &&
		    strncmp(channel, formats[i].name,
		    strlen(formats[i].name)) == 0)
			return formats[i].format;
	return SC_TSV;
}

/* A value of Amazon's flat file, which cannot escape TAB or newline. */
static void
amazon_value(struct buf *b, const char *v)
{
	for (; v && *v; v++)
		buf_addc(b, *v == '\t' || *v == '\n' || *v == '\r' ? ' ' : *v);
}

struct shipconfirm *
shipconfirm_open(enum shipconfirm_format f, FILE *out)
{
	struct shipconfirm *w = xcalloc(1, sizeof *w);
	int i;

	w->format = f;
	w->out = out;
	buf_init(&w->line);
	switch (f) {
	case SC_AMAZON:
		for (i = 0; i < AMAZON_NFIELDS; i++) {
			if (i)
				buf_addc(&w->line, '\t');
			buf_adds(&w->line, amazon_fields[i]);
		}
		buf_addc(&w->line, '\n');
		fwrite(w->line.data, 1, w->line.len, out);
		return w;
	case SC_EBAY:
		rec_writer_init(&w->rw, out, REC_CSV, ebay_fields,
		    NFIELDS(ebay_fields));
		break;
	case SC_SHOPIFY:
		rec_writer_init(&w->rw, out, REC_CSV, shopify_fields,
		    NFIELDS(shopify_fields));
		break;
	case SC_TSV:
		rec_writer_init(&w->rw, out, REC_TSV, tsv_fields,
		    NFIELDS(tsv_fields));
		break;
	}
	rec_write_header(&w->rw);
	return w;
}

/*
 * The UTC date of an ISO-8601 time (a date alone is taken as it is),
 * or -1 when it is none.
 */
static int
ship_date(const char *at, char date[11])
{
	static const struct timezone_spec utc = { TZ_UTC, 0, "" };
	const char *why;
	char iso[21];

	if (empty(at) || (date_parse(at, "%Y-%m-%dT%H:%M:%S%z", &utc, iso,
	    &why) < 0 && date_parse(at, "%Y-%m-%d", &utc, iso, &why) < 0))
		return -1;
	memcpy(date, iso, 10);
	date[10] = '\0';
	return 0;
}

static int
write_amazon(struct shipconfirm *w, const struct ship_notice *n)
{
	const char *v[AMAZON_NFIELDS], *code;
	char date[11], qty[24];
	int i;

	if (empty(n->channel_order))
		return lacks(n, w->format, "the channel's order number "
		    "(order-id)");
	if (ship_date(n->shipped_at, date) < 0)
		return lacks(n, w->format, "an ISO-8601 shipping time "
		    "(ship-date)");
	if (empty(n->carrier) && empty(n->carrier_name))
		return lacks(n, w->format, "a carrier (carrier-code)");
	if ((code = AMAZON_CARRIER(n->carrier)) == NULL)
		code = AMAZON_CARRIER(n->carrier_name);
	memset(v, 0, sizeof v);
	v[0] = n->channel_order;
	v[1] = n->channel_line;
	/* A quantity belongs to an item: none when confirming the order. */
	if (!empty(n->channel_line) && n->quantity > 0)
		v[2] = fmt_int(n->quantity, qty);
	v[3] = date;
	v[4] = code ? code : "Other";
	v[5] = code ? NULL : carrier_text(n);
	v[6] = n->tracking;
	v[7] = n->service;
	buf_reset(&w->line);
	for (i = 0; i < AMAZON_NFIELDS; i++) {
		if (i)
			buf_addc(&w->line, '\t');
		amazon_value(&w->line, v[i]);
	}
	buf_addc(&w->line, '\n');
	fwrite(w->line.data, 1, w->line.len, w->out);
	return 0;
}

static int
write_ebay(struct shipconfirm *w, const struct ship_notice *n)
{
	const char *v[6], *dash, *carrier;
	char *item;

	if (empty(n->channel_line) ||
	    (dash = strchr(n->channel_line, '-')) == NULL ||
	    dash == n->channel_line || dash[1] == '\0')
		return lacks(n, w->format, "the channel line as "
		    "ItemID-TransactionID");
	if (!empty(n->tracking) && empty(n->carrier) &&
	    empty(n->carrier_name))
		return lacks(n, w->format, "a carrier with a tracking number "
		    "(ShippingCarrierUsed)");
	if ((carrier = EBAY_CARRIER(n->carrier)) == NULL &&
	    (carrier = EBAY_CARRIER(n->carrier_name)) == NULL)
		carrier = carrier_text(n);
	item = xstrndup(n->channel_line, (size_t)(dash - n->channel_line));
	v[0] = "Status";
	v[1] = item;
	v[2] = dash + 1;
	v[3] = "1";
	v[4] = carrier;
	v[5] = n->tracking;
	rec_write(&w->rw, v);
	free(item);
	return 0;
}

static int
write_shopify(struct shipconfirm *w, const struct ship_notice *n)
{
	const char *v[7];
	char qty[24];

	if (empty(n->channel_order))
		return lacks(n, w->format, "the channel's order name "
		    "(Order Name)");
	v[0] = n->channel_order;
	v[1] = n->tracking;
	v[2] = carrier_text(n);
	v[3] = n->tracking_url;
	v[4] = n->sku;
	v[5] = n->quantity > 0 ? fmt_int(n->quantity, qty) : NULL;
	v[6] = "TRUE";
	rec_write(&w->rw, v);
	return 0;
}

static int
write_tsv(struct shipconfirm *w, const struct ship_notice *n)
{
	const char *v[13];
	char order[24], line[24], qty[24];

	v[0] = fmt_int(n->order_id, order);
	v[1] = n->channel;
	v[2] = n->channel_order;
	v[3] = fmt_int(n->line_no, line);
	v[4] = n->channel_line;
	v[5] = n->sku;
	v[6] = n->quantity > 0 ? fmt_int(n->quantity, qty) : NULL;
	v[7] = n->carrier;
	v[8] = n->carrier_name;
	v[9] = n->service;
	v[10] = n->tracking;
	v[11] = n->tracking_url;
	v[12] = n->shipped_at;
	rec_write(&w->rw, v);
	return 0;
}

int
shipconfirm_write(struct shipconfirm *w, const struct ship_notice *n)
{
	switch (w->format) {
	case SC_AMAZON:
		return write_amazon(w, n);
	case SC_EBAY:
		return write_ebay(w, n);
	case SC_SHOPIFY:
		return write_shopify(w, n);
	case SC_TSV:
		return write_tsv(w, n);
	}
	return -1;
}

int
shipconfirm_close(struct shipconfirm *w)
{
	int rc = 0;

	if (w == NULL)
		return 0;
	if (fflush(w->out) != 0 || ferror(w->out)) {
		warnx_("cannot write the %s shipment confirmations",
		    shipconfirm_format_name(w->format));
		rc = -1;
	}
	if (w->format != SC_AMAZON)
		rec_writer_free(&w->rw);
	buf_free(&w->line);
	free(w);
	return rc;
}
