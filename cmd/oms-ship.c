/*
 * oms-ship: rate shopping, labels and tracking numbers for packed
 * parcels, the hand-over to the carrier, and the confirmations each
 * channel uploads.
 */
#include <getopt.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "datetime.h"
#include "ledger.h"
#include "shipping.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "oms-ship - labels, tracking numbers and hand-over of packed "
	    "parcels\n"
	    "usage: oms-ship rate [--explain] [--location L] [--db PATH] "
	    "[--config PATH]\n"
	    "                     [-o tsv|csv|jsonl]\n"
	    "       oms-ship label [--location L] [--labels DIR] "
	    "[--format pdf|zpl]\n"
	    "                      [--size 4x6|a6] [--timeout SECONDS] "
	    "[--db PATH]\n"
	    "                      [--config PATH] [-o tsv|csv|jsonl] [-q]\n"
	    "       oms-ship ship [--location L] [TRACKING...] [--db PATH] "
	    "[-o ...] [-q]\n"
	    "       oms-ship confirmations --channel NAME "
	    "[--format amazon|ebay|shopify|tsv]\n"
	    "                      [--since TIME] [--db PATH] [--config PATH] "
	    "[-q]\n"
	    "  rate           the service each packed parcel would take, and "
	    "its price;\n"
	    "                 --explain: every service, with why not\n"
	    "  label          choose the service, take a tracking number, write "
	    "the label\n"
	    "                 (DIR/TRACKING.pdf or .zpl; default DIR: labels)\n"
	    "  ship           the carrier took the labelled groups (all, or "
	    "those of the\n"
	    "                 tracking numbers): stock leaves, orders ship\n"
	    "  confirmations  the channel's shipments not yet told, in its "
	    "upload format;\n"
	    "                 --since: again, all shipped since TIME\n"
	    "Exit: 0 done, 1 some parcels not labelled or notices refused (the "
	    "rest done),\n"
	    "      2 usage or bad configuration, 3 unknown tracking number, 4 "
	    "ledger error,\n"
	    "      5 ledger busy (retry later), 6 a group not ready to hand "
	    "over, 70 internal\n"
	    "      error.\n");
}

static struct config *
load_config(const char *config_opt)
{
	struct config *cfg = config_load(config_default_path(config_opt),
	    (config_opt && *config_opt) || (getenv("OMS_CONFIG") &&
	    *getenv("OMS_CONFIG")));

	if (cfg == NULL)
		exit(EXIT_USAGE);
	return cfg;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "location", required_argument, NULL, 'L' },
		{ "labels", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "size", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "explain", no_argument, NULL, 'x' },
		{ "channel", required_argument, NULL, 'C' },
		{ "since", required_argument, NULL, 'S' },
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ship_options opt;
	const char *db = NULL, *config_opt = NULL, *verb, *format = NULL;
	struct config *cfg = NULL;
	struct ledger *l;
	char *end;
	int c, status, rate, label, ship, confirmations, i;
	int labels_given = 0, timeout_given = 0;
	enum shipconfirm_format cf;

	set_progname(argv[0]);
	memset(&opt, 0, sizeof opt);
	opt.labels_dir = "labels";
	opt.label_format = opt.label_size = opt.confirm_format = -1;
	opt.adapter_timeout = 120;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("oms-ship %s\n", OMS_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	verb = argv[optind];
	rate = strcmp(verb, "rate") == 0;
	label = strcmp(verb, "label") == 0;
	ship = strcmp(verb, "ship") == 0;
	confirmations = strcmp(verb, "confirmations") == 0;
	if (!rate && !label && !ship && !confirmations)
		die(EXIT_USAGE, "unknown command '%s' (rate, label, ship, "
		    "confirmations)", verb);
	argv += optind;
	argc -= optind;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'L': opt.location = optarg; break;
		case 'l': opt.labels_dir = optarg; labels_given = 1; break;
		case 'f': format = optarg; break;
		case 's':
			if (strcmp(optarg, "4x6") == 0)
				opt.label_size = LABEL_4X6;
			else if (strcasecmp(optarg, "a6") == 0)
				opt.label_size = LABEL_A6;
			else
				die(EXIT_USAGE, "--size: expected 4x6 or a6, "
				    "not '%s'", optarg);
			break;
		case 't':
			timeout_given = 1;
			opt.adapter_timeout = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || opt.adapter_timeout < 1 ||
			    opt.adapter_timeout > 86400)
				die(EXIT_USAGE, "--timeout: expected seconds "
				    "(1 to 86400), not '%s'", optarg);
			break;
		case 'x': opt.explain = 1; break;
		case 'C': opt.channel = optarg; break;
		case 'S': opt.since = optarg; break;
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
	if (ship) {
		opt.tracking = argv + optind;
		opt.ntracking = argc - optind;
	} else if (optind < argc)
		die(EXIT_USAGE, "%s: unexpected argument '%s'", verb,
		    argv[optind]);
	if (opt.explain && !rate)
		die(EXIT_USAGE, "%s: --explain is for rate", verb);
	if ((opt.channel || opt.since) && !confirmations)
		die(EXIT_USAGE, "%s: --channel and --since are for "
		    "confirmations", verb);
	if (confirmations && opt.channel == NULL)
		die(EXIT_USAGE, "confirmations: --channel is required");
	if (opt.since) {
		struct timezone_spec utc = { TZ_UTC, 0, "" };
		const char *why;
		static char iso[21];

		if (date_parse(opt.since, "%Y-%m-%dT%H:%M:%S%z", &utc, iso,
		    &why) < 0 && date_parse(opt.since, "%Y-%m-%d", &utc, iso,
		    &why) < 0)
			die(EXIT_USAGE, "--since: %s: '%s' (expected "
			    "2025-01-31T12:00:00Z or 2025-01-31)", why,
			    opt.since);
		opt.since = iso;
	}
	if (format && label) {
		if (strcmp(format, "pdf") == 0)
			opt.label_format = LABEL_PDF;
		else if (strcmp(format, "zpl") == 0)
			opt.label_format = LABEL_ZPL;
		else
			die(EXIT_USAGE, "--format: expected pdf or zpl, not "
			    "'%s'", format);
	} else if (format && confirmations) {
		if (shipconfirm_format_parse(format, &cf) < 0)
			die(EXIT_USAGE, "--format: expected amazon, ebay, "
			    "shopify or tsv, not '%s'", format);
		opt.confirm_format = cf;
	} else if (format)
		die(EXIT_USAGE, "%s: --format is for label and confirmations",
		    verb);
	if (!label && (opt.label_size >= 0 || labels_given ||
	    timeout_given))
		die(EXIT_USAGE, "%s: --labels, --size and --timeout are for "
		    "label", verb);
	if (opt.location && confirmations)
		die(EXIT_USAGE, "confirmations: --location is for rate, label "
		    "and ship");
	if (!ship || opt.location)
		cfg = load_config(config_opt);
	if (cfg && opt.location && config_location(cfg, opt.location) ==
	    NULL) {
		config_free(cfg);
		die(EXIT_USAGE, "--location: '%s' is not a location in %s",
		    opt.location, config_default_path(config_opt));
	}
	if ((rate || label) && cfg->ncarriers == 0) {
		config_free(cfg);
		die(EXIT_USAGE, "%s: %s has no carriers", verb,
		    config_default_path(config_opt));
	}
	for (i = 0; i < opt.ntracking; i++)
		if (*opt.tracking[i] == '\0')
			die(EXIT_USAGE, "ship: an empty tracking number");
	status = ledger_open(&l, ledger_default_path(db), rate ? LEDGER_READ :
	    LEDGER_WRITE, "oms-ship");
	if (status == 0) {
		if (rate)
			status = ship_rate(l, cfg, &opt, stdout);
		else if (label)
			status = ship_label(l, cfg, &opt, stdout);
		else if (ship)
			status = ship_ship(l, &opt, stdout);
		else
			status = ship_confirmations(l, cfg, &opt, stdout);
	}
	ledger_close(l);
	config_free(cfg);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_INTERNAL, "write error on standard output");
	return status;
}
