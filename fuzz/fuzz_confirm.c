/*
 * Fuzz target: a location's confirmations (what `oms-fulfil confirm`
 * reads: records with group, status, line, sku, quantity, parcel,
 * weight_g, length_mm, width_mm, height_mm, reason, order) through
 * fulfil_confirm, on a ledger where groups 1 to 4 are released.
 *
 * Input: the record stream, nothing else.
 *
 * The ledger is built once, at start, the way the tools build it: a
 * stock snapshot and a catalogue (stock_import_files), a Shopify export
 * (import_files), then allocate, route and fulfil_release, as in
 * tests/120-fulfil.bats:
 *   group 1  order 1 at BER: line 1 A x2, line 2 B x1
 *   group 2  order 2 at MUC: line 1 C x1 (Express)
 *   group 3  order 3 at BER: line 1 A x1
 *   group 4  order 4 at BER: line 1 MUG-SET x1, a bundle of 2 MUG
 * fulfil_confirm commits what it did, so each input starts from that
 * ledger again: it lives in memory, and before each input its database
 * is put back to the image taken after the release (sqlite3_deserialize,
 * as fuzz_import.c does with its empty ledger).  An input that changed
 * no row keeps the ledger it found, which is still that one.
 */
#include "fuzz_common.h"
#include "fuzz_ledger.h"

#include <sqlite3.h>

#include "allocator.h"
#include "config.h"
#include "fulfil.h"
#include "importer.h"
#include "ledger.h"
#include "router.h"
#include "stock.h"
#include "util.h"

/* tests/route.bash's locations, BER with a cutoff as in 120-fulfil. */
static const char config_yaml[] =
    "locations:\n"
    "  - id: BER\n"
    "    cutoff: \"00:00\"\n"
    "    address: {city: Berlin, postal_code: \"10115\", country: DE}\n"
    "    latitude: 52.53\n"
    "    longitude: 13.38\n"
    "  - id: MUC\n"
    "    address: {city: Munich, postal_code: \"80331\", country: DE}\n"
    "    latitude: 48.14\n"
    "    longitude: 11.57\n"
    "  - id: PAR\n"
    "    address: {city: Paris, postal_code: \"75001\", country: FR}\n"
    "    latitude: 48.86\n"
    "    longitude: 2.35\n"
    "bundles:\n"
    "  MUG-SET:\n"
    "    MUG: 2\n";

static const char snapshot_tsv[] =
    "sku\tlocation\ton_hand\n"
    "A\tBER\t9\n"
    "B\tBER\t9\n"
    "C\tMUC\t9\n"
    "MUG\tBER\t9\n";

static const char catalogue_tsv[] =
    "sku\ttitle\tweight_g\tbin\n"
    "A\tAlpha\t100\tB-2\n"
    "B\tBeta\t200\tA-1\n";

#define RHDR "Name,Email,Phone,Financial Status,Fulfillment Status," \
    "Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price," \
    "Lineitem sku,Lineitem requires shipping,Shipping Name," \
    "Shipping Address1,Shipping City,Shipping Zip,Shipping Country," \
    "Billing Country,Shipping Method\n"
#define OLINE(n, sku, qty, method) "#" n ",c" n "@example.com,,paid," \
    "unfulfilled,EUR,2025-05-01 10:00:00 +0000," qty "," sku ",10.00," \
    sku ",true,Ann,\"1 Main St\",Munich,80333,DE,DE," method "\n"

static const char orders_csv[] = RHDR
    OLINE("1", "A", "2", "Standard")
    OLINE("1", "B", "1", "Standard")
    OLINE("2", "C", "1", "Express")
    OLINE("3", "A", "1", "Standard")
    OLINE("4", "MUG-SET", "1", "Standard");

static struct ledger *ledger;
static FILE *devnull;
static int verbose;		/* FUZZ_VERBOSE: what each input did too */

/* A step of the set-up that fails is a broken harness: say which. */
static void
must(int status, const char *what)
{
	if (status != 0) {
		fprintf(stdout, "fuzz_confirm: set-up: %s: exit %d "
		    "(FUZZ_VERBOSE=1 says why)\n", what, status);
		abort();
	}
}

static void
ledger_build(const char *path)
{
	struct config *cfg;
	struct stock_options so = { 0 };
	struct import_options io = { 0 };
	struct alloc_options ao = { 0 };
	struct route_options ro = { 0 };
	struct fulfil_options fo = { 0 };
	char *files[1] = { (char *)path };
	FILE *none;

	fuzz_scratch_write(path, (const uint8_t *)config_yaml,
	    sizeof config_yaml - 1);
	if ((cfg = config_load(path, 1)) == NULL)
		must(EXIT_USAGE, "config_load");
	ledger_catch();
	must(ledger_open(&ledger, ":memory:", LEDGER_SCRATCH, "oms-fuzz"),
	    "ledger_open");
	if (ledger_db == NULL || (none = fopen("/dev/null", "r")) == NULL)
		abort();
	so.quiet = io.quiet = ao.quiet = ro.quiet = fo.quiet = 1;
	fuzz_scratch_write(path, (const uint8_t *)snapshot_tsv,
	    sizeof snapshot_tsv - 1);
	must(stock_import_files(ledger, cfg, files, 1, &so, devnull),
	    "stock snapshot");
	fuzz_scratch_write(path, (const uint8_t *)catalogue_tsv,
	    sizeof catalogue_tsv - 1);
	must(stock_import_files(ledger, cfg, files, 1, &so, devnull),
	    "catalogue");
	fuzz_scratch_write(path, (const uint8_t *)orders_csv,
	    sizeof orders_csv - 1);
	io.format = "shopify";
	must(import_files(ledger, files, 1, &io, devnull), "import");
	ao.pending = 1;
	ao.batch = ro.batch = 10000;
	must(allocate(ledger, cfg, &ao, none, devnull), "allocate");
	ro.pending = 1;
	must(route(ledger, cfg, &ro, none, devnull), "route");
	must(fulfil_release(ledger, cfg, &fo, devnull), "release");
	fclose(none);
	config_free(cfg);
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
	struct fulfil_options opt = { 0 };
	FILE *in;

	ledger_reset();
	/* fmemopen wants a byte at least; an empty input is /dev/null. */
	in = size ? fmemopen((void *)data, size, "r") :
	    fopen("/dev/null", "r");
	if (in == NULL)
		abort();
	opt.quiet = !verbose;
	fulfil_confirm(ledger, &opt, in, "fuzz", verbose ? stdout : devnull);
	fclose(in);
	return 0;
}
