/*
 * Fuzz target: a marketplace export or stock file through the real
 * importers (import_files, stock_import_files) into a scratch ledger in
 * memory, with each built-in profile.
 *
 * Input: the first byte chooses how, the rest is the file.
 *   bits 0-3  the profile: formats[] below, by index modulo its length
 *             (the last two entries let the header pick an order or a
 *             stock profile, as oms-import and oms-stock do without -f)
 *   bit 4     --strict
 *   bit 5     --rejects (to /dev/null)
 *   bit 6     import the file twice: the second pass finds its orders
 *             (or movements) in the ledger and updates or keeps them
 *   bit 7     records as JSON Lines instead of TSV
 * Each input starts from the same empty ledger, so that it does the
 * same whenever it runs, alone or after others.  Opening a ledger (and
 * migrating it) takes milliseconds, so the ledger is opened once and,
 * before each input, its database is put back to the image taken when
 * it was new (sqlite3_deserialize: microseconds).  The connection is
 * the ledger's own; SQLite hands it over through an auto extension,
 * which it calls for each connection opened, so the ledger's insides
 * stay private.
 */
#include "fuzz_common.h"
#include "fuzz_ledger.h"

#include <sqlite3.h>

#include "config.h"
#include "importer.h"
#include "ledger.h"
#include "profile.h"
#include "stock.h"
#include "util.h"

/*
 * Every built-in profile, by the index seeds use; kept stable so that
 * seeds and regression inputs keep their meaning.  A built-in profile
 * missing here stops the target at start (add it at the end).
 */
static const struct format {
	const char *name;	/* NULL: detect from the header */
	enum profile_kind kind;
} formats[] = {
	{ "amazon", KIND_ORDERS },		/* 0 */
	{ "amazon-orders", KIND_ORDERS },	/* 1 */
	{ "ebay", KIND_ORDERS },		/* 2 */
	{ "ebay-exchange", KIND_ORDERS },	/* 3 */
	{ "etsy-items", KIND_ORDERS },		/* 4 */
	{ "etsy-orders", KIND_ORDERS },		/* 5 */
	{ "shopify", KIND_ORDERS },		/* 6 */
	{ "woocommerce", KIND_ORDERS },		/* 7 */
	{ "stock-snapshot", KIND_SNAPSHOT },	/* 8 */
	{ "stock-movements", KIND_MOVEMENTS },	/* 9 */
	{ "stock-receipts", KIND_RECEIPTS },	/* 10 */
	{ NULL, KIND_ORDERS },			/* 11: oms-import, no -f */
	{ NULL, KIND_SNAPSHOT },		/* 12: oms-stock, no -f */
	{ "stock-catalogue", KIND_CATALOGUE },	/* 13 */
	{ "shopify-products", KIND_CATALOGUE },	/* 14 */
};
#define NFORMATS ((int)(sizeof formats / sizeof formats[0]))

/* The merchant the stock files are about (oms-stock needs locations). */
static const char config_yaml[] =
    "locations:\n"
    "  - id: BER\n"
    "    name: Warehouse Berlin\n"
    "  - id: HAM\n"
    "    type: store\n"
    "    channels: [shopify]\n"
    "  - id: PL-3PL\n"
    "    type: 3pl\n"
    "safety_stock:\n"
    "  - {location: HAM, quantity: 1}\n"
    "channel_buffers:\n"
    "  - {channel: amazon, quantity: 3}\n"
    "bundles:\n"
    "  MUG-SET:\n"
    "    MUG: 2\n";

static struct config *cfg;
static struct ledger *ledger;
static FILE *devnull;
static const char *input_path;
static int verbose;		/* FUZZ_VERBOSE: each file's summary too */
static char rejects_path[] = "/dev/null";

static void
check_formats(void)
{
	const struct builtin_profile *b;
	int i;

	for (b = builtin_profiles; b->name; b++) {
		for (i = 0; i < NFORMATS; i++)
			if (formats[i].name && !strcmp(formats[i].name, b->name))
				break;
		if (i == NFORMATS) {
			fprintf(stdout, "fuzz_import: built-in profile %s is "
			    "not in formats[]: add it\n", b->name);
			abort();
		}
	}
}

static void
ledger_open_once(void)
{
	ledger_catch();
	if (ledger_open(&ledger, ":memory:", LEDGER_SCRATCH, "oms-fuzz") != 0)
		abort();	/* an empty ledger in memory always opens */
	ledger_keep();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *cfg_path;

	check_formats();
	set_progname("oms-fuzz");
	/* A locked scratch ledger is a bug, not a reason to wait. */
	setenv("OMS_BUSY_TIMEOUT", "0", 1);
	cfg_path = fuzz_scratch(".yaml");
	fuzz_scratch_write(cfg_path, (const uint8_t *)config_yaml,
	    sizeof config_yaml - 1);
	if ((cfg = config_load(cfg_path, 1)) == NULL)
		abort();
	ledger_open_once();
	/* The same file serves as the input from now on. */
	input_path = cfg_path;
	if ((devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	verbose = getenv("FUZZ_VERBOSE") && *getenv("FUZZ_VERBOSE");
	fuzz_quiet();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct format *f;
	struct ledger *l;
	char *files[2];
	unsigned sel;
	int nfiles;

	if (size < 1)
		return 0;
	sel = data[0];
	f = &formats[(sel & 0x0f) % NFORMATS];
	nfiles = sel & 0x40 ? 2 : 1;
	fuzz_scratch_write(input_path, data + 1, size - 1);
	files[0] = files[1] = (char *)input_path;
	ledger_reset();
	l = ledger;
	if (f->kind == KIND_ORDERS) {
		struct import_options opt = { 0 };

		opt.format = f->name;
		opt.strict = !!(sel & 0x10);
		opt.rejects_path = sel & 0x20 ? rejects_path : NULL;
		opt.quiet = !verbose;
		opt.output = sel & 0x80 ? REC_JSONL : REC_TSV;
		import_files(l, files, nfiles, &opt, devnull);
	} else {
		struct stock_options opt = { 0 };

		opt.format = f->name;
		opt.strict = !!(sel & 0x10);
		opt.rejects_path = sel & 0x20 ? rejects_path : NULL;
		opt.quiet = !verbose;
		opt.output = sel & 0x80 ? REC_JSONL : REC_TSV;
		stock_import_files(l, cfg, files, nfiles, &opt, devnull);
	}
	return 0;
}
