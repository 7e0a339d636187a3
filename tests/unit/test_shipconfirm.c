/*
 * Shipment confirmations: each format's header and rows byte for byte
 * (Amazon's carrier codes and "Other", its ship date, CSV quoting, TSV
 * escaping), format names, the format a channel gets by default, and
 * the notices a format refuses, with their messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shipconfirm.h"
#include "util.h"
#include "tap.h"

#define AMAZON_HEADER "order-id\torder-item-id\tquantity\tship-date\t" \
	"carrier-code\tcarrier-name\ttracking-number\tship-method\n"
#define EBAY_HEADER "*Action,ItemID,TransactionID,ShippingStatus," \
	"ShippingCarrierUsed,ShipmentTrackingNumber\n"
#define SHOPIFY_HEADER "Order Name,Tracking Number,Tracking Company," \
	"Tracking URL,Line Item SKU,Quantity,Notify Customer\n"
#define TSV_HEADER "order\tchannel\tchannel_order\tline\tchannel_line\t" \
	"sku\tquantity\tcarrier\tcarrier_name\tservice\ttracking\t" \
	"tracking_url\tshipped_at\n"

/* A DHL parcel of two units of one Amazon line. */
static struct ship_notice
dhl_notice(void)
{
	struct ship_notice n;

	memset(&n, 0, sizeof n);
	n.order_id = 42;
	n.channel = "amazon-de";
	n.channel_order = "302-1234567-7654321";
	n.line_no = 1;
	n.channel_line = "05835637773450";
	n.sku = "MUG-RED";
	n.quantity = 2;
	n.carrier = "dhl";
	n.carrier_name = "DHL Paket";
	n.service = "Paket";
	n.tracking = "00340434161234567890";
	n.tracking_url = NULL;
	n.shipped_at = "2026-11-28T14:05:00Z";
	return n;
}

/*
 * What a writer in format f prints for the notices: *refused counts
 * the notices shipconfirm_write refused (1000 more if closing failed),
 * msg gets what was said on stderr.
 */
static char *
written(enum shipconfirm_format f, const struct ship_notice *n, int count,
    int *refused, char *msg, size_t msgsize)
{
	struct shipconfirm *w;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;
	int i;

	if ((fp = open_memstream(&out, &len)) == NULL) {
		perror("open_memstream");
		exit(1);
	}
	*refused = 0;
	tap_stderr_begin();
	w = shipconfirm_open(f, fp);
	for (i = 0; i < count; i++)
		if (shipconfirm_write(w, &n[i]) < 0)
			(*refused)++;
	if (shipconfirm_close(w) < 0)
		(*refused) += 1000;
	tap_stderr_end(msg, msgsize);
	fclose(fp);
	return out;
}

/* One notice in format f gives exactly want, and no message. */
static void
writes(enum shipconfirm_format f, const struct ship_notice *n,
    const char *want, const char *name)
{
	char msg[512], *got;
	int refused;

	got = written(f, n, 1, &refused, msg, sizeof msg);
	is_str(got, want, name);
	is_int(refused, 0, name);
	is_str(msg, "", name);
	free(got);
}

/* One notice in format f is refused with message want, and no row. */
static void
refuses(enum shipconfirm_format f, const struct ship_notice *n,
    const char *header, const char *want, const char *name)
{
	char msg[512], *got;
	int refused;

	got = written(f, n, 1, &refused, msg, sizeof msg);
	is_int(refused, 1, name);
	is_str(got, header, name);
	is_str(msg, want, name);
	free(got);
}

static void
test_formats(void)
{
	enum shipconfirm_format f;

	ok(shipconfirm_format_parse("amazon", &f) == 0 && f == SC_AMAZON,
	    "format amazon");
	ok(shipconfirm_format_parse("ebay", &f) == 0 && f == SC_EBAY,
	    "format ebay");
	ok(shipconfirm_format_parse("shopify", &f) == 0 && f == SC_SHOPIFY,
	    "format shopify");
	ok(shipconfirm_format_parse("tsv", &f) == 0 && f == SC_TSV,
	    "format tsv");
	is_int(shipconfirm_format_parse("Amazon", &f), -1,
	    "format Amazon refused");
	is_int(shipconfirm_format_parse("csv", &f), -1, "format csv refused");
	is_int(shipconfirm_format_parse("", &f), -1, "format '' refused");
	is_str(shipconfirm_format_name(SC_EBAY), "ebay", "name of ebay");

	is_int(shipconfirm_format_for("amazon"), SC_AMAZON, "amazon: amazon");
	is_int(shipconfirm_format_for("amazon-de"), SC_AMAZON,
	    "amazon-de: amazon");
	is_int(shipconfirm_format_for("ebay"), SC_EBAY, "ebay: ebay");
	is_int(shipconfirm_format_for("ebay-uk"), SC_EBAY, "ebay-uk: ebay");
	is_int(shipconfirm_format_for("shopify"), SC_SHOPIFY,
	    "shopify: shopify");
	is_int(shipconfirm_format_for("shopify-b2b"), SC_SHOPIFY,
	    "shopify-b2b: shopify");
	is_int(shipconfirm_format_for("etsy"), SC_TSV, "etsy: tsv");
	is_int(shipconfirm_format_for("woocommerce"), SC_TSV,
	    "woocommerce: tsv");
	is_int(shipconfirm_format_for("myamazon"), SC_TSV,
	    "myamazon: tsv (a prefix, not a substring)");
	is_int(shipconfirm_format_for(""), SC_TSV, "'': tsv");
	is_int(shipconfirm_format_for(NULL), SC_TSV, "NULL: tsv");
}

static void
test_amazon(void)
{
	struct ship_notice n = dhl_notice(), two[2];
	char msg[512], *got;
	int refused;

	writes(SC_AMAZON, &n, AMAZON_HEADER
	    "302-1234567-7654321\t05835637773450\t2\t2026-11-28\tDHL\t\t"
	    "00340434161234567890\tPaket\n",
	    "amazon: dhl is Amazon's DHL, no carrier-name, UTC date");

	n.carrier = "royal_mail";
	n.carrier_name = NULL;
	n.service = "Tracked 48";
	writes(SC_AMAZON, &n, AMAZON_HEADER
	    "302-1234567-7654321\t05835637773450\t2\t2026-11-28\tRoyal Mail"
	    "\t\t00340434161234567890\tTracked 48\n",
	    "amazon: royal_mail is 'Royal Mail'");

	n.carrier = "hermes";
	writes(SC_AMAZON, &n, AMAZON_HEADER
	    "302-1234567-7654321\t05835637773450\t2\t2026-11-28\t"
	    "Hermes Logistik Gruppe\t\t00340434161234567890\tTracked 48\n",
	    "amazon: hermes by its alias");

	n = dhl_notice();
	n.carrier = "speedy";
	n.carrier_name = "Speedy Parcels";
	writes(SC_AMAZON, &n, AMAZON_HEADER
	    "302-1234567-7654321\t05835637773450\t2\t2026-11-28\tOther\t"
	    "Speedy Parcels\t00340434161234567890\tPaket\n",
	    "amazon: an unknown carrier is Other with its name");

	n.carrier_name = NULL;
	writes(SC_AMAZON, &n, AMAZON_HEADER
	    "302-1234567-7654321\t05835637773450\t2\t2026-11-28\tOther\t"
	    "speedy\t00340434161234567890\tPaket\n",
	    "amazon: Other named by the code when there is no name");

	n.carrier = NULL;
	n.carrier_name = "Deutsche Post";
	writes(SC_AMAZON, &n, AMAZON_HEADER
	    "302-1234567-7654321\t05835637773450\t2\t2026-11-28\t"
	    "Deutsche Post\t\t00340434161234567890\tPaket\n",
	    "amazon: a carrier found by its name");

	/* A time with an offset is dated in UTC. */
	n = dhl_notice();
	n.shipped_at = "2026-11-29T00:30:00+01:00";
	writes(SC_AMAZON, &n, AMAZON_HEADER
	    "302-1234567-7654321\t05835637773450\t2\t2026-11-28\tDHL\t\t"
	    "00340434161234567890\tPaket\n",
	    "amazon: ship-date is the UTC date");
	n.shipped_at = "2026-11-28";
	writes(SC_AMAZON, &n, AMAZON_HEADER
	    "302-1234567-7654321\t05835637773450\t2\t2026-11-28\tDHL\t\t"
	    "00340434161234567890\tPaket\n",
	    "amazon: a date alone is the date");

	/* The whole order: no item, so no quantity. */
	n = dhl_notice();
	n.channel_line = NULL;
	writes(SC_AMAZON, &n, AMAZON_HEADER
	    "302-1234567-7654321\t\t\t2026-11-28\tDHL\t\t"
	    "00340434161234567890\tPaket\n",
	    "amazon: without order-item-id the whole order, no quantity");

	/* No escapes in a flat file: TAB and newlines become spaces. */
	n = dhl_notice();
	n.carrier = "other";
	n.carrier_name = "Tab\tand\r\nnewline \\ kept";
	n.service = NULL;
	n.tracking = NULL;
	n.quantity = 0;
	writes(SC_AMAZON, &n, AMAZON_HEADER
	    "302-1234567-7654321\t05835637773450\t\t2026-11-28\tOther\t"
	    "Tab and  newline \\ kept\t\t\n",
	    "amazon: TAB, CR, LF become spaces; empty fields stay");

	n = dhl_notice();
	n.channel_order = NULL;
	refuses(SC_AMAZON, &n, AMAZON_HEADER, "test_shipconfirm: order 42 "
	    "line 1: amazon needs the channel's order number (order-id)",
	    "amazon: no order-id refused");
	n = dhl_notice();
	n.shipped_at = "28.11.2026";
	refuses(SC_AMAZON, &n, AMAZON_HEADER, "test_shipconfirm: order 42 "
	    "line 1: amazon needs an ISO-8601 shipping time (ship-date)",
	    "amazon: a date in another shape refused");
	n.shipped_at = NULL;
	refuses(SC_AMAZON, &n, AMAZON_HEADER, "test_shipconfirm: order 42 "
	    "line 1: amazon needs an ISO-8601 shipping time (ship-date)",
	    "amazon: no ship-date refused");
	n = dhl_notice();
	n.carrier = "";
	n.carrier_name = NULL;
	refuses(SC_AMAZON, &n, AMAZON_HEADER, "test_shipconfirm: order 42 "
	    "line 1: amazon needs a carrier (carrier-code)",
	    "amazon: no carrier refused");

	/* A refused notice does not stop the ones after it. */
	two[0] = dhl_notice();
	two[0].channel_order = "";
	two[1] = dhl_notice();
	got = written(SC_AMAZON, two, 2, &refused, msg, sizeof msg);
	is_int(refused, 1, "amazon: one of two refused");
	is_str(got, AMAZON_HEADER
	    "302-1234567-7654321\t05835637773450\t2\t2026-11-28\tDHL\t\t"
	    "00340434161234567890\tPaket\n", "amazon: the other written");
	free(got);
}

static void
test_ebay(void)
{
	struct ship_notice n = dhl_notice();

	n.channel = "ebay";
	n.channel_order = "28-12345-67890";
	n.channel_line = "110012345678-2000123456";
	n.carrier = "dhl";
	writes(SC_EBAY, &n, EBAY_HEADER
	    "Status,110012345678,2000123456,1,DHL,00340434161234567890\n",
	    "ebay: Status row, ItemID and TransactionID from the line");

	n.channel_line = "110012345678-0";
	n.carrier = "deutsche-post";
	writes(SC_EBAY, &n, EBAY_HEADER
	    "Status,110012345678,0,1,DeutschePost,00340434161234567890\n",
	    "ebay: auction TransactionID 0; DeutschePost token");

	n.carrier = "speedy";
	n.carrier_name = "Speedy, \"Fast\" Parcels";
	writes(SC_EBAY, &n, EBAY_HEADER
	    "Status,110012345678,0,1,\"Speedy, \"\"Fast\"\" Parcels\","
	    "00340434161234567890\n",
	    "ebay: an unknown carrier by name, quoted per RFC 4180");

	n.tracking = NULL;
	n.carrier = NULL;
	n.carrier_name = NULL;
	writes(SC_EBAY, &n, EBAY_HEADER "Status,110012345678,0,1,,\n",
	    "ebay: shipped without tracking");

	n = dhl_notice();
	n.channel_line = NULL;
	refuses(SC_EBAY, &n, EBAY_HEADER, "test_shipconfirm: order 42 line 1: "
	    "ebay needs the channel line as ItemID-TransactionID",
	    "ebay: no channel line refused");
	n.channel_line = "110012345678";
	refuses(SC_EBAY, &n, EBAY_HEADER, "test_shipconfirm: order 42 line 1: "
	    "ebay needs the channel line as ItemID-TransactionID",
	    "ebay: a line without TransactionID refused");
	n.channel_line = "110012345678-";
	refuses(SC_EBAY, &n, EBAY_HEADER, "test_shipconfirm: order 42 line 1: "
	    "ebay needs the channel line as ItemID-TransactionID",
	    "ebay: an empty TransactionID refused");
	n.channel_line = "110012345678-1";
	n.carrier = NULL;
	n.carrier_name = "";
	refuses(SC_EBAY, &n, EBAY_HEADER, "test_shipconfirm: order 42 line 1: "
	    "ebay needs a carrier with a tracking number (ShippingCarrierUsed)",
	    "ebay: tracking without a carrier refused");
}

static void
test_shopify(void)
{
	struct ship_notice n = dhl_notice();

	n.channel = "shopify";
	n.channel_order = "#1001";
	n.channel_line = NULL;
	n.carrier_name = "DHL Express, Germany";
	n.tracking_url = "https://example.com/t?n=1&x=\"2\"";
	writes(SC_SHOPIFY, &n, SHOPIFY_HEADER
	    "#1001,00340434161234567890,\"DHL Express, Germany\","
	    "\"https://example.com/t?n=1&x=\"\"2\"\"\",MUG-RED,2,TRUE\n",
	    "shopify: carrier name with a comma and URL with quotes quoted");

	n.carrier_name = NULL;
	n.tracking_url = NULL;
	n.sku = NULL;
	n.quantity = 0;
	writes(SC_SHOPIFY, &n, SHOPIFY_HEADER
	    "#1001,00340434161234567890,dhl,,,,TRUE\n",
	    "shopify: the carrier code without a name; no SKU or quantity");

	n.carrier_name = "Line\nbreak";
	writes(SC_SHOPIFY, &n, SHOPIFY_HEADER
	    "#1001,00340434161234567890,\"Line\nbreak\",,,,TRUE\n",
	    "shopify: a newline is quoted");

	n.channel_order = "";
	refuses(SC_SHOPIFY, &n, SHOPIFY_HEADER, "test_shipconfirm: order 42 "
	    "line 1: shopify needs the channel's order name (Order Name)",
	    "shopify: no order name refused");
}

static void
test_tsv(void)
{
	struct ship_notice n = dhl_notice();

	n.tracking_url = "https://example.com/t?n=1";
	writes(SC_TSV, &n, TSV_HEADER
	    "42\tamazon-de\t302-1234567-7654321\t1\t05835637773450\tMUG-RED\t"
	    "2\tdhl\tDHL Paket\tPaket\t00340434161234567890\t"
	    "https://example.com/t?n=1\t2026-11-28T14:05:00Z\n",
	    "tsv: every field");

	n.channel_line = NULL;
	n.quantity = 0;
	n.carrier_name = "Tab\there\\ and\r\nnewline";
	n.tracking_url = NULL;
	writes(SC_TSV, &n, TSV_HEADER
	    "42\tamazon-de\t302-1234567-7654321\t1\t\tMUG-RED\t"
	    "\tdhl\tTab\\there\\\\ and\\r\\nnewline\tPaket\t"
	    "00340434161234567890\t\t2026-11-28T14:05:00Z\n",
	    "tsv: TAB, backslash, CR, LF escaped; NULL and no quantity empty");
}

static void
test_empty_and_errors(void)
{
	struct shipconfirm *w;
	char msg[512], *got;
	int refused;
	FILE *fp;

	got = written(SC_EBAY, NULL, 0, &refused, msg, sizeof msg);
	is_str(got, EBAY_HEADER, "an empty file still has its header");
	free(got);
	got = written(SC_TSV, NULL, 0, &refused, msg, sizeof msg);
	is_str(got, TSV_HEADER, "tsv: the header alone");
	free(got);

	/* A full disk: the error shows at close. */
	if ((fp = fopen("/dev/full", "w")) != NULL) {
		tap_stderr_begin();
		w = shipconfirm_open(SC_AMAZON, fp);
		refused = shipconfirm_close(w);
		tap_stderr_end(msg, sizeof msg);
		is_int(refused, -1, "close: a write error is -1");
		is_str(msg, "test_shipconfirm: cannot write the amazon "
		    "shipment confirmations", "close: its message");
		fclose(fp);
	}
}

int
main(int argc, char **argv)
{
	set_progname("test_shipconfirm");
	test_formats();
	test_amazon();
	test_ebay();
	test_shopify();
	test_tsv();
	test_empty_and_errors();
	return done_testing();
}
