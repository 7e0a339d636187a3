/* oms-allocate: reserve stock for order lines; never oversell. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocator.h"
#include "config.h"
#include "ledger.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "oms-allocate - reserve stock for orders, never more than there "
	    "is\n"
	    "usage: oms-allocate [--pending | --backorders] [--db PATH] "
	    "[--config PATH]\n"
	    "                    [--batch N] [-o tsv|csv|jsonl] [-q]\n"
	    "  (no option)      allocate the orders named by the order field "
	    "of the\n"
	    "                   record stream on standard input\n"
	    "  --pending        every order waiting for stock, by priority "
	    "then order time\n"
	    "  --backorders     only backordered orders (after stock "
	    "arrived)\n"
	    "  --batch N        orders per transaction (default 10000)\n"
	    "Exit: 0 done, 2 usage, 3 bad input, 4 ledger error, 5 ledger "
	    "busy (retry later),\n"
	    "      70 internal error.\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pending", no_argument, NULL, 'P' },
		{ "backorders", no_argument, NULL, 'B' },
		{ "batch", required_argument, NULL, 'b' },
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct alloc_options opt;
	const char *db = NULL, *config_opt = NULL;
	struct config *cfg;
	struct ledger *l;
	char *end;
	int c, status;

	set_progname(argv[0]);
	memset(&opt, 0, sizeof opt);
	opt.batch = 10000;
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'P': opt.pending = 1; break;
		case 'B': opt.backorders = 1; break;
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
		case 'V': printf("oms-allocate %s\n", OMS_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		die(EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
	if (opt.pending && opt.backorders)
		die(EXIT_USAGE, "--pending and --backorders exclude each other");
	cfg = config_load(config_default_path(config_opt),
	    (config_opt && *config_opt) || (getenv("OMS_CONFIG") &&
	    *getenv("OMS_CONFIG")));
	if (cfg == NULL)
		return EXIT_USAGE;
	status = ledger_open(&l, ledger_default_path(db), LEDGER_WRITE,
	    "oms-allocate");
	if (status == 0)
		status = allocate(l, cfg, &opt, stdin, stdout);
	ledger_close(l);
	config_free(cfg);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_INTERNAL, "write error on standard output");
	return status;
}
