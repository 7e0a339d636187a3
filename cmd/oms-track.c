/*
 * oms-track: carriers' tracking events, the status and timeline of an
 * order, delay warnings and customer notifications.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ledger.h"
#include "trackops.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "oms-track - carriers' tracking events, timelines, delays and "
	    "notifications\n"
	    "usage: oms-track import [FILE] [--db PATH] [--config PATH] "
	    "[-o tsv|csv|jsonl] [-q]\n"
	    "       oms-track ORDER|TRACKING|EMAIL... [--document] [--db PATH] "
	    "[-o ...]\n"
	    "       oms-track delays [--db PATH] [--config PATH] [-o ...] [-q]\n"
	    "       oms-track notify [--window DAYS] [--db PATH] [--config "
	    "PATH] [-o ...] [-q]\n"
	    "  import         carrier events (CSV or TSV: tracking, at, code, "
	    "location,\n"
	    "                 text) from FILE or standard input\n"
	    "  ORDER...       the status and timeline of orders named by "
	    "ledger key,\n"
	    "                 tracking number or customer email\n"
	    "  delays         flag parcels that will miss their promised day "
	    "by their\n"
	    "                 service's usual transit time\n"
	    "  notify         the notifications due (shipped, "
	    "out_for_delivery, delayed,\n"
	    "                 delivered), each once, for a mailer\n"
	    "  --document     the timeline for a person, not records\n"
	    "  --window DAYS  notify of changes of the last DAYS days "
	    "(default 7)\n"
	    "Exit: 0 done, 1 some events rejected (the rest applied), 2 usage "
	    "or bad\n"
	    "      configuration, 3 bad input or nothing found, 4 ledger error, "
	    "5 ledger\n"
	    "      busy (retry later), 70 internal error.\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "document", no_argument, NULL, 'D' },
		{ "window", required_argument, NULL, 'w' },
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct track_options opt;
	const char *db = NULL, *config_opt = NULL, *verb = NULL, *file = NULL;
	struct config *cfg = NULL;
	struct ledger *l;
	FILE *in = stdin;
	char *end;
	int c, status, import, delays, notify, show, window_given = 0;

	set_progname(argv[0]);
	memset(&opt, 0, sizeof opt);
	opt.window_days = 7;
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'D': opt.document = 1; break;
		case 'w':
			window_given = 1;
			opt.window_days = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || opt.window_days < 1 ||
			    opt.window_days > 3660)
				die(EXIT_USAGE, "--window: expected days (1 to "
				    "3660), not '%s'", optarg);
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
		case 'V': printf("oms-track %s\n", OMS_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	verb = argv[optind];
	import = strcmp(verb, "import") == 0;
	delays = strcmp(verb, "delays") == 0;
	notify = strcmp(verb, "notify") == 0;
	show = !import && !delays && !notify;
	if (import && argc - optind > 2)
		die(EXIT_USAGE, "import: unexpected argument '%s'",
		    argv[optind + 2]);
	if ((delays || notify) && argc - optind > 1)
		die(EXIT_USAGE, "%s: unexpected argument '%s'", verb,
		    argv[optind + 1]);
	if (import && argc - optind == 2)
		file = argv[optind + 1];
	if (opt.document && !show)
		die(EXIT_USAGE, "%s: --document is for the timeline", verb);
	if (window_given && !notify)
		die(EXIT_USAGE, "%s: --window is for notify", verb);
	if (!show) {
		cfg = config_load(config_default_path(config_opt),
		    (config_opt && *config_opt) || (getenv("OMS_CONFIG") &&
		    *getenv("OMS_CONFIG")));
		if (cfg == NULL)
			return EXIT_USAGE;
	}
	if (file && strcmp(file, "-") && (in = fopen(file, "r")) == NULL) {
		config_free(cfg);
		die(EXIT_INPUT, "%s: %s", file, strerror(errno));
	}
	status = ledger_open(&l, ledger_default_path(db), show ? LEDGER_READ :
	    LEDGER_WRITE, "oms-track");
	if (status == 0) {
		if (import)
			status = track_import(l, cfg, &opt, in, file &&
			    strcmp(file, "-") ? file : "stdin", stdout);
		else if (delays)
			status = track_delays(l, cfg, &opt, stdout);
		else if (notify)
			status = track_notify(l, cfg, &opt, stdout);
		else
			status = track_show(l, &opt, argv + optind,
			    argc - optind, stdout);
	}
	ledger_close(l);
	config_free(cfg);
	if (in != stdin)
		fclose(in);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_INTERNAL, "write error on standard output");
	return status;
}
