/*
 * Fuzz target: a carrier's events file (what `oms-track import` reads:
 * CSV, TSV or ;-separated, with columns tracking, at, code, location
 * and text under any of the names oms-track knows) through
 * track_import, on a ledger with parcels in flight.
 *
 * Input: the events file, nothing else.
 *
 * The ledger is built once, at start, the way the tools build it, as
 * tests/140-track.bats does: a stock snapshot and a catalogue
 * (stock_import_files), a Shopify export (import_files), allocate,
 * route, fulfil_release, fulfil_confirm (packed), ship_label (ZPL, in a
 * directory removed right after) and ship_ship:
 *   RR100000003DE  order 1, parcel 1: shipped
 *   RR100000017DE  order 2, parcel 2: shipped
 *   RR100000025DE  order 3, parcel 3: labelled, not handed over
 * with the carrier dhl and its codes PU, OFD, DLV and NH in oms.yaml.
 * track_import commits what it did, so each input starts from that
 * ledger again: it lives in memory, and before each input its database
 * is put back to the image taken after the set-up (sqlite3_deserialize,
 * as fuzz_import.c does with its empty ledger).  An input that changed
 * no row keeps the ledger it found, which is still that one.
 */
#include "fuzz_common.h"
#include "fuzz_ledger.h"

#include <dirent.h>
#include <sqlite3.h>
#include <time.h>

#include "allocator.h"
#include "config.h"
#include "fulfil.h"
#include "importer.h"
#include "label.h"
#include "ledger.h"
#include "router.h"
#include "shipping.h"
#include "stock.h"
#include "trackops.h"
#include "util.h"

/* tests/route.bash's locations and tests/140-track.bats's carrier. */
static const char config_yaml[] =
    "locations:\n"
    "  - id: BER\n"
    "    address: {city: Berlin, postal_code: \"10115\", country: DE}\n"
    "    latitude: 52.53\n"
    "    longitude: 13.38\n"
    "  - id: MUC\n"
    "    address: {city: Munich, postal_code: \"80331\", country: DE}\n"
    "    latitude: 48.14\n"
    "    longitude: 11.57\n"
    "shipping:\n"
    "  promises: {standard: 10, express: 1}\n"
    "carriers:\n"
    "  - code: dhl\n"
    "    name: DHL Paket\n"
    "    tracking: {scheme: s10, prefix: RR, country: DE, "
    "first: 10000000, last: 19999999}\n"
    "    zones: [{name: domestic, countries: [DE]}]\n"
    "    services:\n"
    "      - code: paket\n"
    "        name: Paket\n"
    "        transit_days: 2\n"
    "        rates:\n"
    "          domestic: [{up_to: 31.5kg, price: 4.99 EUR}]\n"
    "tracking:\n"
    "  codes:\n"
    "    dhl: {PU: in_transit, OFD: out_for_delivery, DLV: delivered, "
    "NH: exception}\n";

static const char snapshot_tsv[] =
    "sku\tlocation\ton_hand\n"
    "A\tBER\t20\n";

static const char catalogue_tsv[] =
    "sku\tweight_g\n"
    "A\t400\n";

#define RHDR "Name,Email,Phone,Financial Status,Fulfillment Status," \
    "Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price," \
    "Lineitem sku,Lineitem requires shipping,Shipping Name," \
    "Shipping Address1,Shipping City,Shipping Zip,Shipping Country," \
    "Billing Country,Shipping Method\n"
/* Order N, one unit of A, placed now (%s). */
#define OLINE(n) "#" n ",c" n "@example.com,,paid,unfulfilled,EUR,%s,1,A," \
    "10.00,A,true,Ann,\"1 Main St\",Munich,80333,DE,DE,Standard\n"

static struct ledger *ledger;
static struct config *cfg;
static FILE *devnull;
static int verbose;		/* FUZZ_VERBOSE: what each input did too */

/* A step of the set-up that fails is a broken harness: say which. */
static void
must(int status, const char *what)
{
	if (status != 0) {
		fprintf(stdout, "fuzz_track: set-up: %s: exit %d "
		    "(FUZZ_VERBOSE=1 says why)\n", what, status);
		abort();
	}
}

static void
put(const char *path, const char *text)
{
	fuzz_scratch_write(path, (const uint8_t *)text, strlen(text));
}

/* Orders in the scratch file imported, allocated, routed, released. */
static void
released(const char *path)
{
	struct import_options io = { 0 };
	struct alloc_options ao = { 0 };
	struct route_options ro = { 0 };
	struct fulfil_options fo = { 0 };
	char *files[1] = { (char *)path };
	FILE *none;

	if ((none = fopen("/dev/null", "r")) == NULL)
		abort();
	io.quiet = ao.quiet = ro.quiet = fo.quiet = 1;
	io.format = "shopify";
	must(import_files(ledger, files, 1, &io, devnull), "import");
	ao.pending = ro.pending = 1;
	ao.batch = ro.batch = 10000;
	must(allocate(ledger, cfg, &ao, none, devnull), "allocate");
	must(route(ledger, cfg, &ro, none, devnull), "route");
	must(fulfil_release(ledger, cfg, &fo, devnull), "release");
	fclose(none);
}

/* The groups named in text packed, and their parcels labelled. */
static void
labelled(const char *text, const char *labels)
{
	struct fulfil_options fo = { 0 };
	struct ship_options so = { 0 };
	FILE *in;

	if ((in = fmemopen((void *)text, strlen(text), "r")) == NULL)
		abort();
	fo.quiet = 1;
	must(fulfil_confirm(ledger, &fo, in, "set-up", devnull), "confirm");
	fclose(in);
	so.labels_dir = labels;
	so.label_format = LABEL_ZPL;
	so.label_size = -1;
	so.confirm_format = -1;
	so.adapter_timeout = 120;
	so.quiet = 1;
	must(ship_label(ledger, cfg, &so, devnull), "label");
}

static void
remove_dir(const char *dir)
{
	char path[4096 + 256 + 2];	/* dir and a name */
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.') {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
	closedir(d);
	rmdir(dir);
}

static void
ledger_build(const char *path)
{
	struct stock_options st = { 0 };
	struct ship_options so = { 0 };
	char *files[1] = { (char *)path };
	char now[40], orders[2048], labels[4096];
	const char *dir = getenv("TMPDIR");
	time_t t = time(NULL);

	put(path, config_yaml);
	if ((cfg = config_load(path, 1)) == NULL)
		must(EXIT_USAGE, "config_load");
	ledger_catch();
	must(ledger_open(&ledger, ":memory:", LEDGER_SCRATCH, "oms-fuzz"),
	    "ledger_open");
	if (ledger_db == NULL)
		abort();
	snprintf(labels, sizeof labels, "%s/oms-fuzz-labels-XXXXXX",
	    dir && *dir ? dir : "/tmp");
	if (mkdtemp(labels) == NULL) {
		perror(labels);
		abort();
	}
	st.quiet = 1;
	put(path, snapshot_tsv);
	must(stock_import_files(ledger, cfg, files, 1, &st, devnull),
	    "stock snapshot");
	put(path, catalogue_tsv);
	must(stock_import_files(ledger, cfg, files, 1, &st, devnull),
	    "catalogue");
	strftime(now, sizeof now, "%Y-%m-%d %H:%M:%S +0000", gmtime(&t));
	/* Orders 1 and 2 handed to the carrier. */
	snprintf(orders, sizeof orders, RHDR OLINE("1") OLINE("2"), now, now);
	put(path, orders);
	released(path);
	labelled("group\tstatus\n1\tpacked\n2\tpacked\n", labels);
	so.quiet = 1;
	must(ship_ship(ledger, &so, devnull), "ship");
	/* Order 3 labelled only. */
	snprintf(orders, sizeof orders, RHDR OLINE("3"), now);
	put(path, orders);
	released(path);
	labelled("group\tstatus\n3\tpacked\n", labels);
	remove_dir(labels);
	ledger_keep();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	set_progname("oms-fuzz");
	/* A locked scratch ledger is a bug, not a reason to wait. */
	setenv("OMS_BUSY_TIMEOUT", "0", 1);
	if ((devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	verbose = getenv("FUZZ_VERBOSE") && *getenv("FUZZ_VERBOSE");
	fuzz_quiet();
	ledger_build(fuzz_scratch(".txt"));
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct track_options opt = { 0 };
	FILE *in;

	ledger_reset();
	/* fmemopen wants a byte at least; an empty input is /dev/null. */
	in = size ? fmemopen((void *)data, size, "r") :
	    fopen("/dev/null", "r");
	if (in == NULL)
		abort();
	opt.quiet = !verbose;
	track_import(ledger, cfg, &opt, in, "fuzz", verbose ? stdout :
	    devnull);
	fclose(in);
	return 0;
}
