/*
 * oms-fulfil: release routed orders to their locations, pick lists,
 * and what the locations confirm.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fulfil.h"
#include "ledger.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "oms-fulfil - release routed orders to their locations; pick lists "
	    "and confirmations\n"
	    "usage: oms-fulfil release [--location L] [--document] [--db PATH] "
	    "[--config PATH]\n"
	    "                          [-o tsv|csv|jsonl] [-q]\n"
	    "       oms-fulfil picklist [--release N] [--document] [--db PATH] "
	    "[-o tsv|csv|jsonl]\n"
	    "       oms-fulfil confirm [FILE] [--db PATH] [-o tsv|csv|jsonl] "
	    "[-q]\n"
	    "  release        every shipment group of a routed order not on "
	    "hold (or one\n"
	    "                 location's) goes to its location, in pick waves "
	    "by cut-off\n"
	    "                 and shipping method; writes the pick list\n"
	    "  picklist       a release's pick list again (default: the "
	    "last)\n"
	    "  confirm        what a location did, as records (group, status "
	    "picked,\n"
	    "                 packed or rejected; line, sku, quantity picked; "
	    "parcel,\n"
	    "                 weight_g, length_mm, width_mm, height_mm; "
	    "reason), from\n"
	    "                 FILE or standard input: a short pick corrects "
	    "on hand and\n"
	    "                 sends the line back to allocation, a rejection "
	    "to routing\n"
	    "  --document     a pick list for a person, not records\n"
	    "Exit: 0 done, 1 a confirmation refused (a group past that step; "
	    "the rest\n"
	    "      applied), 2 usage or bad configuration, 3 bad input "
	    "(nothing changed),\n"
	    "      4 ledger error, 5 ledger busy (retry later), 70 internal "
	    "error.\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "location", required_argument, NULL, 'L' },
		{ "release", required_argument, NULL, 'R' },
		{ "document", no_argument, NULL, 'D' },
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct fulfil_options opt;
	const char *db = NULL, *config_opt = NULL, *verb, *file = NULL;
	struct config *cfg = NULL;
	struct ledger *l;
	char *end;
	int c, status, release, confirm;
	FILE *in = stdin;

	set_progname(argv[0]);
	memset(&opt, 0, sizeof opt);
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("oms-fulfil %s\n", OMS_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	verb = argv[optind];
	if (strcmp(verb, "release") && strcmp(verb, "picklist") &&
	    strcmp(verb, "confirm"))
		die(EXIT_USAGE, "unknown command '%s' (release, picklist, "
		    "confirm)", verb);
	release = strcmp(verb, "release") == 0;
	confirm = strcmp(verb, "confirm") == 0;
	argv += optind;
	argc -= optind;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'L': opt.location = optarg; break;
		case 'R':
			opt.release_no = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end || opt.release_no < 1)
				die(EXIT_USAGE, "--release: expected a release "
				    "number, not '%s'", optarg);
			break;
		case 'D': opt.document = 1; break;
		case 'd': db = optarg; break;
		case 'c': config_opt = optarg; break;
		case 'q': opt.quiet = 1; break;
		case 'o':
			if (rec_format_parse(optarg, &opt.output) < 0)
				die(EXIT_USAGE, "-o: expected tsv, csv or "
				    "jsonl, not '%s'", optarg);
			break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (confirm && optind < argc)
		file = argv[optind++];
	if (optind < argc)
		die(EXIT_USAGE, "%s: unexpected argument '%s'", verb,
		    argv[optind]);
	if (confirm && (opt.location || opt.release_no || opt.document))
		die(EXIT_USAGE, "confirm: --location, --release and --document "
		    "are for release and picklist");
	if (file && strcmp(file, "-") && (in = fopen(file, "r")) == NULL)
		die(EXIT_INPUT, "%s: %s", file, strerror(errno));
	if (release && opt.release_no)
		die(EXIT_USAGE, "release: --release is for picklist");
	if (!release && !confirm && opt.location)
		die(EXIT_USAGE, "picklist: --location is for release");
	if (release) {
		cfg = config_load(config_default_path(config_opt),
		    (config_opt && *config_opt) || (getenv("OMS_CONFIG") &&
		    *getenv("OMS_CONFIG")));
		if (cfg == NULL)
			return EXIT_USAGE;
		if (opt.location && config_location(cfg, opt.location) ==
		    NULL) {
			config_free(cfg);
			die(EXIT_USAGE, "--location: '%s' is not a location in "
			    "%s", opt.location, config_default_path(config_opt));
		}
	}
	status = ledger_open(&l, ledger_default_path(db), release || confirm ?
	    LEDGER_WRITE : LEDGER_READ, "oms-fulfil");
	if (status == 0 && confirm)
		status = fulfil_confirm(l, &opt, in, file && strcmp(file, "-") ?
		    file : "stdin", stdout);
	else if (status == 0)
		status = release ? fulfil_release(l, cfg, &opt, stdout) :
		    fulfil_picklist(l, &opt, stdout);
	if (in != stdin)
		fclose(in);
	ledger_close(l);
	config_free(cfg);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_INTERNAL, "write error on standard output");
	return status;
}
