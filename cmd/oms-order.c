/* oms-order: hold, release and cancel orders by hand; list the holds. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "orderops.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "oms-order - hold, release and cancel orders by hand\n"
	    "usage: oms-order holds [--reason R] [--by NAME] [--db PATH] "
	    "[-o tsv|csv|jsonl]\n"
	    "       oms-order hold --reason R [--note TEXT] [--by NAME] "
	    "[--channel C] [ORDER...]\n"
	    "       oms-order release [--note TEXT] [--by NAME] [--channel C] "
	    "[ORDER...]\n"
	    "       oms-order cancel [--note TEXT] [--by NAME] [--channel C] "
	    "[ORDER...]\n"
	    "  holds         list orders on hold, longest held first\n"
	    "  hold          stop orders, keeping what they have reserved\n"
	    "  release       let held orders go on where they stood\n"
	    "  cancel        cancel orders and free their stock\n"
	    "  ORDER         ledger keys; none: the order field of the record\n"
	    "                stream on standard input\n"
	    "  --channel C   the ORDERs are channel C's order numbers\n"
	    "  --reason R    why (hold); with holds, only this reason\n"
	    "  --note TEXT   recorded with each change\n"
	    "  --by NAME     who (default $USER); with holds, only this "
	    "holder\n"
	    "Exit: 0 done, 2 usage, 3 bad input (an unknown order), 4 ledger "
	    "error,\n"
	    "      5 ledger busy (retry later), 6 refused (the order is past "
	    "it), 70 internal.\n"
	    "Nothing changes unless every order named can take the action.\n");
}

/* Free text for the ledger: one line, printable, not too long. */
static void
check_text(const char *opt, const char *v, size_t max)
{
	const unsigned char *p;

	if (*v == '\0')
		die(EXIT_USAGE, "%s: expected a value", opt);
	if (strlen(v) > max)
		die(EXIT_USAGE, "%s: longer than %zu bytes", opt, max);
	for (p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			die(EXIT_USAGE, "%s: control characters are not "
			    "allowed", opt);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ "by", required_argument, NULL, 'b' },
		{ "channel", required_argument, NULL, 'C' },
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct order_action_options opt;
	const char *db = NULL, *verb, *by = NULL;
	struct ledger *l;
	int c, status, listing = 0;

	set_progname(argv[0]);
	memset(&opt, 0, sizeof opt);
	while ((c = getopt_long(argc, argv, "+o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("oms-order %s\n", OMS_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	verb = argv[optind++];
	if (strcmp(verb, "holds") == 0)
		listing = 1;
	else if (strcmp(verb, "hold") == 0)
		opt.action = ACT_HOLD;
	else if (strcmp(verb, "release") == 0)
		opt.action = ACT_RELEASE;
	else if (strcmp(verb, "cancel") == 0)
		opt.action = ACT_CANCEL;
	else
		die(EXIT_USAGE, "unknown command '%s' (holds, hold, release, "
		    "cancel)", verb);
	argv += optind - 1;
	argc -= optind - 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': check_text("--reason", optarg, 200);
			opt.reason = optarg; break;
		case 'n': check_text("--note", optarg, 1000);
			opt.note = optarg; break;
		case 'b': check_text("--by", optarg, 64); by = optarg; break;
		case 'C': check_text("--channel", optarg, 200);
			opt.channel = optarg; break;
		case 'd': db = optarg; break;
		case 'q': opt.quiet = 1; break;
		case 'o':
			if (rec_format_parse(optarg, &opt.output) < 0)
				die(EXIT_USAGE, "-o: expected tsv, csv or "
				    "jsonl, not '%s'", optarg);
			break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("oms-order %s\n", OMS_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (listing) {
		if (optind < argc)
			die(EXIT_USAGE, "holds: unexpected argument '%s'",
			    argv[optind]);
		if (opt.note || opt.channel)
			die(EXIT_USAGE, "holds: takes --reason and --by only");
		status = ledger_open(&l, ledger_default_path(db), LEDGER_READ,
		    "oms-order");
		if (status == 0)
			status = order_list_holds(l, opt.reason, by, opt.output,
			    stdout);
		goto out;
	}
	if (opt.action == ACT_HOLD && opt.reason == NULL)
		die(EXIT_USAGE, "hold: --reason is required");
	if (opt.action != ACT_HOLD && opt.reason)
		die(EXIT_USAGE, "%s: --reason is for hold and holds", verb);
	if (opt.channel && optind == argc)
		die(EXIT_USAGE, "--channel: name the orders as arguments");
	if (by == NULL && ((by = getenv("USER")) == NULL || *by == '\0' ||
	    strlen(by) > 64))
		by = "oms-order";
	opt.by = by;
	status = ledger_open(&l, ledger_default_path(db), LEDGER_WRITE,
	    "oms-order");
	if (status == 0)
		status = order_act(l, &opt, argv + optind, argc - optind, stdin,
		    stdout);
out:
	ledger_close(l);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_INTERNAL, "write error on standard output");
	return status;
}
