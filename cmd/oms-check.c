/* oms-check: prove the ledger keeps every rule, or say which it breaks. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ledger.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "oms-check - check the ledger against every rule oms keeps\n"
	    "usage: oms-check [--db PATH] [-o tsv|csv|jsonl] [-q]\n"
	    "       oms-check --rules [-o tsv|csv|jsonl]\n"
	    "  (no option)  SQLite's integrity and foreign key checks, stock "
	    "and\n"
	    "               reservations, orders and their lines, and each "
	    "order's\n"
	    "               events; a record per problem on standard output\n"
	    "  --rules      list the rules\n"
	    "  -q           no line per problem and no summary on stderr\n"
	    "Exit: 0 the ledger keeps every rule, 2 usage, 4 ledger error, "
	    "5 ledger busy,\n"
	    "      7 a rule is broken, 70 internal.\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "rules", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct check_options opt;
	const char *db = NULL;
	struct ledger *l;
	int c, status, list = 0;

	set_progname(argv[0]);
	memset(&opt, 0, sizeof opt);
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'q': opt.quiet = 1; break;
		case 'R': list = 1; break;
		case 'o':
			if (rec_format_parse(optarg, &opt.output) < 0)
				die(EXIT_USAGE, "-o: expected tsv, csv or "
				    "jsonl, not '%s'", optarg);
			break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("oms-check %s\n", OMS_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		die(EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
	if (list)
		status = check_list_rules(opt.output, stdout);
	else {
		status = ledger_open(&l, ledger_default_path(db), LEDGER_READ,
		    "oms-check");
		if (status == 0)
			status = check_ledger(l, &opt, stdout);
		ledger_close(l);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_INTERNAL, "write error on standard output");
	return status;
}
