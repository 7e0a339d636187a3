/* oms-stock: the inventory ledger: import stock files, show, verify. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "datetime.h"
#include "ledger.h"
#include "stock.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "oms-stock - the inventory ledger: stock files in, stock out\n"
	    "usage: oms-stock [--db PATH] [--config PATH] COMMAND ...\n"
	    "  import [-f FORMAT | -p PROFILE] [--rejects FILE] [--strict] "
	    "[-n] [-q] [FILE ...]\n"
	    "         snapshots of on hand, movements (receipts, "
	    "adjustments, transfers),\n"
	    "         expected receipts (purchase orders), or the product "
	    "catalogue\n"
	    "  show [--sku SKU] [--location CODE] [--network | --channel "
	    "NAME]\n"
	    "         on hand, reserved, safety stock and available to "
	    "promise\n"
	    "  verify   prove on hand is the sum of its movements and "
	    "nothing is oversold\n"
	    "  feed --channel NAME [-f tsv|shopify|amazon] [--all | "
	    "--changed-since TIME]\n"
	    "         [--location-name NAME] [-n]\n"
	    "         what the channel may sell of each SKU and bundle; by "
	    "default only\n"
	    "         the SKUs whose figure changed since the last feed\n"
	    "  receipts [--sku SKU]\n"
	    "         expected receipts (purchase orders) not yet received "
	    "in full\n"
	    "  catalogue [--sku SKU]\n"
	    "         products: title, weight, dimensions, bin and tags\n"
	    "  formats  list the built-in stock formats\n"
	    "Every command takes -o tsv|csv|jsonl for its records.\n"
	    "Exit: 0 done, 1 some rows rejected, 2 usage, 3 nothing "
	    "imported, 4 ledger\n"
	    "      error, 5 ledger busy (retry later), 7 verify found a "
	    "violation, 70 internal.\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "profile", required_argument, NULL, 'p' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "output", required_argument, NULL, 'o' },
		{ "sku", required_argument, NULL, 'S' },
		{ "location", required_argument, NULL, 'L' },
		{ "channel", required_argument, NULL, 'C' },
		{ "network", no_argument, NULL, 'N' },
		{ "all", no_argument, NULL, 'A' },
		{ "changed-since", required_argument, NULL, 'T' },
		{ "location-name", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct stock_options opt;
	const char *db = NULL, *config_opt = NULL, *sku = NULL, *loc = NULL;
	const char *channel = NULL, *cmd, *path, *since = NULL;
	const char *location_name = "Shop location";
	int network = 0, all = 0, c, status;
	struct config *cfg;
	struct ledger *l;

	set_progname(argv[0]);
	memset(&opt, 0, sizeof opt);
	/* Options may come before or after the command. */
	while ((c = getopt_long(argc, argv, "f:p:nqo:h", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': config_opt = optarg; break;
		case 'f': opt.format = optarg; break;
		case 'p': opt.profile_path = optarg; break;
		case 'r': opt.rejects_path = optarg; break;
		case 's': opt.strict = 1; break;
		case 'n': opt.dry_run = 1; break;
		case 'q': opt.quiet = 1; break;
		case 'S': sku = optarg; break;
		case 'L': loc = optarg; break;
		case 'C': channel = optarg; break;
		case 'N': network = 1; break;
		case 'A': all = 1; break;
		case 'T': since = optarg; break;
		case 'M': location_name = optarg; break;
		case 'o':
			if (rec_format_parse(optarg, &opt.output) < 0)
				die(EXIT_USAGE, "-o: expected tsv, csv or "
				    "jsonl, not '%s'", optarg);
			break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("oms-stock %s\n", OMS_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind++];
	if (strcmp(cmd, "formats") == 0)
		return stock_list_formats(opt.output, stdout);
	if (strcmp(cmd, "import") && strcmp(cmd, "show") &&
	    strcmp(cmd, "verify") && strcmp(cmd, "feed") &&
	    strcmp(cmd, "receipts") && strcmp(cmd, "catalogue"))
		die(EXIT_USAGE, "unknown command '%s': expected import, show, "
		    "verify, feed, receipts, catalogue or formats", cmd);
	if (strcmp(cmd, "feed") == 0) {
		if (channel == NULL)
			die(EXIT_USAGE, "feed: --channel NAME is needed");
		if (opt.format == NULL)
			opt.format = "tsv";
		if (strcmp(opt.format, "tsv") && strcmp(opt.format,
		    "shopify") && strcmp(opt.format, "amazon"))
			die(EXIT_USAGE, "feed: -f: expected tsv, shopify or "
			    "amazon, not '%s'", opt.format);
		if (all && since)
			die(EXIT_USAGE, "feed: --all and --changed-since "
			    "exclude each other");
		if (since) {
			struct timezone_spec utc = { TZ_UTC, 0, "" };
			const char *why;
			static char iso[21];

			if (date_parse(since, "%Y-%m-%dT%H:%M:%S%z", &utc, iso,
			    &why) < 0 && date_parse(since, "%Y-%m-%d", &utc,
			    iso, &why) < 0)
				die(EXIT_USAGE, "--changed-since: %s: '%s' "
				    "(expected 2025-01-31T12:00:00Z or "
				    "2025-01-31)", why, since);
			since = iso;
		}
	}
	if (strcmp(cmd, "import") != 0 && optind < argc)
		die(EXIT_USAGE, "%s: unexpected argument '%s'", cmd,
		    argv[optind]);
	if (opt.format && opt.profile_path)
		die(EXIT_USAGE, "-f and -p exclude each other");
	if (network && channel)
		die(EXIT_USAGE, "--network and --channel exclude each other");
	cfg = config_load(config_default_path(config_opt),
	    (config_opt && *config_opt) || (getenv("OMS_CONFIG") &&
	    *getenv("OMS_CONFIG")));
	if (cfg == NULL)
		return EXIT_USAGE;
	path = ledger_default_path(db);
	if (strcmp(cmd, "import") == 0 || strcmp(cmd, "feed") == 0)
		status = ledger_open(&l, path, opt.dry_run &&
		    !ledger_exists(path) ? LEDGER_SCRATCH : LEDGER_WRITE,
		    "oms-stock");
	else
		status = ledger_open(&l, path, LEDGER_READ, "oms-stock");
	if (status != 0) {
		ledger_close(l);
		config_free(cfg);
		return status;
	}
	if (strcmp(cmd, "import") == 0)
		status = stock_import_files(l, cfg, argv + optind,
		    argc - optind, &opt, stdout);
	else if (strcmp(cmd, "feed") == 0) {
		struct feed_options fo;

		memset(&fo, 0, sizeof fo);
		fo.channel = channel;
		fo.format = !strcmp(opt.format, "shopify") ? FEED_SHOPIFY :
		    !strcmp(opt.format, "amazon") ? FEED_AMAZON : FEED_TSV;
		fo.all = all;
		fo.since = since;
		fo.shopify_location = location_name;
		fo.dry_run = opt.dry_run;
		fo.output = opt.output;
		status = stock_feed(l, cfg, &fo, stdout);
	} else if (strcmp(cmd, "receipts") == 0)
		status = stock_receipts(l, sku, opt.output, stdout);
	else if (strcmp(cmd, "catalogue") == 0)
		status = stock_catalogue(l, sku, opt.output, stdout);
	else if (strcmp(cmd, "show") == 0)
		status = stock_show(l, cfg, sku, loc, channel, network,
		    opt.output, stdout);
	else {
		long long bad = ledger_stock_verify(l);

		status = bad < 0 ? EXIT_LEDGER : bad > 0 ? EXIT_CHECK :
		    EXIT_OK;
		if (bad > 0)
			warnx_("verify: %lld violation%s", bad,
			    bad == 1 ? "" : "s");
	}
	ledger_close(l);
	config_free(cfg);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_INTERNAL, "write error on standard output");
	return status;
}
