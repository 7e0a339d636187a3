/* oms-route: screen allocated orders for fraud and route them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "datetime.h"
#include "ledger.h"
#include "router.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "oms-route - screen orders for fraud, choose where they ship from\n"
	    "usage: oms-route [--pending] [--explain] [--db PATH] "
	    "[--config PATH]\n"
	    "                 [--batch N] [-o tsv|csv|jsonl] [-q]\n"
	    "       oms-route --what-if OTHER.yaml [--db PATH] "
	    "[--config PATH]\n"
	    "       oms-route --purchase-orders [--location L] [--since TIME] "
	    "[--db PATH]\n"
	    "  (no option)      route the orders named by the order field of "
	    "the\n"
	    "                   record stream on standard input\n"
	    "  --pending        every allocated order, and those held as "
	    "unroutable\n"
	    "  --explain        say, for each order, every location and why "
	    "it was\n"
	    "                   chosen or excluded; change nothing\n"
	    "  --what-if FILE   route the waiting orders under this "
	    "configuration and\n"
	    "                   the other, change nothing, and compare\n"
	    "  --purchase-orders  the lines routed to dropship partners, as "
	    "purchase-order\n"
	    "                   records (--location: one partner; --since: "
	    "routed since)\n"
	    "  --batch N        orders per transaction (default 10000)\n"
	    "Exit: 0 done, 2 usage or bad configuration, 3 bad input, 4 "
	    "ledger error,\n"
	    "      5 ledger busy (retry later), 70 internal error.\n");
}

static struct config *
load(const char *path, int required)
{
	return config_load(config_default_path(path), required);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pending", no_argument, NULL, 'P' },
		{ "explain", no_argument, NULL, 'E' },
		{ "what-if", required_argument, NULL, 'W' },
		{ "purchase-orders", no_argument, NULL, 'O' },
		{ "location", required_argument, NULL, 'L' },
		{ "since", required_argument, NULL, 'S' },
		{ "batch", required_argument, NULL, 'b' },
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct route_options opt;
	const char *db = NULL, *config_opt = NULL, *what_if = NULL;
	const char *location = NULL, *since = NULL;
	int purchase_orders = 0;
	struct config *cfg, *other = NULL;
	struct ledger *l;
	char *end;
	int c, status;

	set_progname(argv[0]);
	memset(&opt, 0, sizeof opt);
	opt.batch = 10000;
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'P': opt.pending = 1; break;
		case 'E': opt.explain = 1; break;
		case 'W': what_if = optarg; break;
		case 'O': purchase_orders = 1; break;
		case 'L': location = optarg; break;
		case 'S': since = optarg; break;
		case 'b':
			opt.batch = (int)strtol(optarg, &end, 10);
			if (*end || opt.batch < 1 || opt.batch > 1000000)
				die(EXIT_USAGE, "--batch: expected 1 to "
				    "1000000, not '%s'", optarg);
			break;
		case 'd': db = optarg; break;
		case 'c': config_opt = optarg; break;
		case 'q': opt.quiet = 1; break;
		case 'o':
			if (rec_format_parse(optarg, &opt.output) < 0)
				die(EXIT_USAGE, "-o: expected tsv, csv or "
				    "jsonl, not '%s'", optarg);
			break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("oms-route %s\n", OMS_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		die(EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
	if (what_if && (opt.explain || opt.pending))
		die(EXIT_USAGE, "--what-if routes the waiting orders itself: "
		    "no --pending or --explain");
	if (purchase_orders && (what_if || opt.explain || opt.pending))
		die(EXIT_USAGE, "--purchase-orders lists, it does not route: "
		    "no --pending, --explain or --what-if");
	if ((location || since) && !purchase_orders)
		die(EXIT_USAGE, "--location and --since are for "
		    "--purchase-orders");
	if (since) {
		struct timezone_spec utc = { TZ_UTC, 0, "" };
		const char *why;
		static char iso[21];

		if (date_parse(since, "%Y-%m-%dT%H:%M:%S%z", &utc, iso,
		    &why) < 0 && date_parse(since, "%Y-%m-%d", &utc, iso,
		    &why) < 0)
			die(EXIT_USAGE, "--since: %s: '%s' (expected "
			    "2025-01-31T12:00:00Z or 2025-01-31)", why, since);
		since = iso;
	}
	cfg = load(config_opt, (config_opt && *config_opt) ||
	    (getenv("OMS_CONFIG") && *getenv("OMS_CONFIG")));
	if (cfg == NULL)
		return EXIT_USAGE;
	if (what_if && (other = config_load(what_if, 1)) == NULL) {
		config_free(cfg);
		return EXIT_USAGE;
	}
	status = ledger_open(&l, ledger_default_path(db), purchase_orders ?
	    LEDGER_READ : LEDGER_WRITE, "oms-route");
	if (status == 0 && purchase_orders)
		status = route_purchase_orders(l, cfg, location, since,
		    opt.output, stdout);
	else if (status == 0 && what_if)
		status = route_what_if(l, cfg, other, &opt, stdout);
	else if (status == 0)
		status = route(l, cfg, &opt, stdin, stdout);
	ledger_close(l);
	config_free(cfg);
	config_free(other);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_INTERNAL, "write error on standard output");
	return status;
}
