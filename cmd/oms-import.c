/* oms-import: capture orders from marketplace exports into the ledger. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "ledger.h"
#include "record.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "oms-import - capture orders from marketplace exports\n"
	    "usage: oms-import [-f FORMAT | -p PROFILE] [--channel NAME] "
	    "[--db PATH]\n"
	    "                  [--rejects FILE] [--strict] [--dry-run] "
	    "[-o tsv|csv|jsonl] [-q]\n"
	    "                  [FILE ...]\n"
	    "  -f, --format FORMAT   a built-in format (default: detect from "
	    "the header)\n"
	    "  -p, --profile FILE    a YAML mapping profile, see "
	    "oms-profile(5)\n"
	    "      --channel NAME    sales channel (default: the profile's "
	    "channel, else its name)\n"
	    "      --db PATH         ledger (default: $OMS_DB, else "
	    "./oms.db)\n"
	    "      --rejects FILE    write rejected rows, with the header, to "
	    "FILE\n"
	    "      --strict          reject the whole file on the first bad "
	    "order\n"
	    "  -n, --dry-run         parse and validate; change nothing\n"
	    "  -o, --output FMT      records as tsv (default), csv or jsonl\n"
	    "  -q, --quiet           no progress line, no summary\n"
	    "      --formats         list the built-in formats\n"
	    "  -h, --help            this help\n"
	    "      --version         print the version\n"
	    "With no FILE, or FILE -, read standard input.  Each FILE is one "
	    "transaction.\n"
	    "Exit: 0 all imported, 1 some rejected, 2 usage, 3 nothing "
	    "imported,\n"
	    "      4 ledger error, 5 ledger busy (retry later), 70 internal "
	    "error.\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "profile", required_argument, NULL, 'p' },
		{ "channel", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "formats", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	struct import_options opt;
	const char *db = NULL, *path;
	struct ledger *l;
	int c, status, list_formats = 0;

	set_progname(argv[0]);
	memset(&opt, 0, sizeof opt);
	while ((c = getopt_long(argc, argv, "f:p:no:qh", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'f': opt.format = optarg; break;
		case 'p': opt.profile_path = optarg; break;
		case 'c': opt.channel = optarg; break;
		case 'd': db = optarg; break;
		case 'r': opt.rejects_path = optarg; break;
		case 's': opt.strict = 1; break;
		case 'n': opt.dry_run = 1; break;
		case 'q': opt.quiet = 1; break;
		case 'o':
			if (rec_format_parse(optarg, &opt.output) < 0)
				die(EXIT_USAGE, "-o: expected tsv, csv or "
				    "jsonl, not '%s'", optarg);
			break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("oms-import %s\n", OMS_VERSION); return 0;
		case 'F': list_formats = 1; break;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (list_formats)
		return import_list_formats(opt.output, stdout);
	if (opt.format && opt.profile_path)
		die(EXIT_USAGE, "-f and -p exclude each other");
	if (opt.channel && *opt.channel == '\0')
		die(EXIT_USAGE, "--channel: empty name");
	path = ledger_default_path(db);
	status = ledger_open(&l, path, opt.dry_run && !ledger_exists(path) ?
	    LEDGER_SCRATCH : LEDGER_WRITE, "oms-import");
	if (status != 0) {
		ledger_close(l);
		return status;
	}
	status = import_files(l, argv + optind, argc - optind, &opt, stdout);
	ledger_close(l);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_INTERNAL, "write error on standard output");
	return status;
}
