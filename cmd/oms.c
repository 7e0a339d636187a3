/*
 * oms: the front door.  `oms import ...` runs oms-import (as git runs
 * git-foo), so that tools added later, ours or a merchant's own
 * oms-something script, appear as subcommands with no change here.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ledger.h"
#include "util.h"

static char exec_dir[PATH_MAX];

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "oms - order management from the command line\n"
	    "usage: oms [--version] [--help] COMMAND [ARGS]\n"
	    "       oms init [--db PATH]     create an empty ledger\n"
	    "       oms help [COMMAND]       list commands, or show one's "
	    "manual\n"
	    "oms COMMAND runs oms-COMMAND with ARGS; see oms(1) and oms(7).\n");
}

/* The directory this executable lives in: its siblings come first. */
static void
find_exec_dir(const char *argv0)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (n > 0)
		self[n] = '\0';
	else if (strchr(argv0, '/') && realpath(argv0, self) != NULL)
		;
	else
		return;
	if ((slash = strrchr(self, '/')) != NULL) {
		*slash = '\0';
		snprintf(exec_dir, sizeof exec_dir, "%s", self);
	}
}

/* Put exec_dir first on PATH, so tools find their siblings too. */
static void
set_path(void)
{
	const char *old = getenv("PATH");
	struct buf b;

	if (exec_dir[0] == '\0')
		return;
	buf_init(&b);
	buf_adds(&b, exec_dir);
	if (old && *old) {
		buf_addc(&b, ':');
		buf_adds(&b, old);
	}
	setenv("PATH", b.data, 1);
	buf_free(&b);
}

static int
valid_command(const char *name)
{
	return *name && strchr(name, '/') == NULL && name[0] != '-';
}

static int
run_command(const char *name, char **argv)
{
	struct buf prog;

	buf_init(&prog);
	buf_printf(&prog, "oms-%s", name);
	argv[0] = prog.data;
	set_path();
	execvp(prog.data, argv);
	if (errno == ENOENT)
		die(EXIT_USAGE, "unknown command '%s': see 'oms help'", name);
	die(EXIT_INTERNAL, "cannot run %s: %s", prog.data, strerror(errno));
}

struct command {
	char *name;
	char *path;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct command *)a)->name,
	    ((const struct command *)b)->name);
}

/* The first line of `CMD --help` after "oms-x - ", as a summary. */
static void
summary(const char *path, char *out, size_t n)
{
	struct buf cmd;
	FILE *p;
	char line[256], *dash;
	const char *q;

	out[0] = '\0';
	buf_init(&cmd);
	buf_addc(&cmd, '\'');
	for (q = path; *q; q++) {
		if (*q == '\'')
			buf_adds(&cmd, "'\\''");
		else
			buf_addc(&cmd, *q);
	}
	buf_adds(&cmd, "' --help 2>/dev/null");
	if ((p = popen(cmd.data, "r")) != NULL) {
		if (fgets(line, sizeof line, p)) {
			line[strcspn(line, "\n")] = '\0';
			dash = strstr(line, " - ");
			snprintf(out, n, "%s", dash ? dash + 3 : line);
		}
		pclose(p);
	}
	buf_free(&cmd);
}

static void
list_commands(void)
{
	struct command *cmds = NULL;
	int ncmds = 0, cap = 0, i, width = 4;
	char *path = xstrdup(getenv("PATH") ? getenv("PATH") : "");
	char *dir, *save = NULL;
	struct buf dirs;

	buf_init(&dirs);
	if (exec_dir[0]) {
		buf_adds(&dirs, exec_dir);
		buf_addc(&dirs, ':');
	}
	buf_adds(&dirs, path);
	for (dir = strtok_r(dirs.data, ":", &save); dir;
	    dir = strtok_r(NULL, ":", &save)) {
		DIR *d = opendir(*dir ? dir : ".");
		struct dirent *e;

		if (d == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			struct buf full;
			int dup = 0;

			if (strncmp(e->d_name, "oms-", 4) != 0 ||
			    e->d_name[4] == '\0')
				continue;
			for (i = 0; i < ncmds; i++)
				dup |= strcmp(cmds[i].name, e->d_name + 4) == 0;
			buf_init(&full);
			buf_printf(&full, "%s/%s", dir, e->d_name);
			if (dup || access(full.data, X_OK) != 0) {
				buf_free(&full);
				continue;
			}
			if (ncmds == cap) {
				cap = cap ? cap * 2 : 16;
				cmds = xrealloc(cmds, (size_t)cap *
				    sizeof *cmds);
			}
			cmds[ncmds].name = xstrdup(e->d_name + 4);
			cmds[ncmds++].path = full.data;
		}
		closedir(d);
	}
	qsort(cmds, (size_t)ncmds, sizeof *cmds, by_name);
	printf("usage: oms COMMAND [ARGS]\n\n");
	printf("built in:\n  %-10s  %s\n  %-10s  %s\n\n", "init",
	    "create an empty ledger", "help", "list commands or show a manual");
	printf("commands:\n");
	for (i = 0; i < ncmds; i++)
		if ((int)strlen(cmds[i].name) > width)
			width = (int)strlen(cmds[i].name);
	for (i = 0; i < ncmds; i++) {
		char line[300];

		summary(cmds[i].path, line, sizeof line);
		printf("  %-*s  %s\n", width, cmds[i].name, line);
		free(cmds[i].name);
		free(cmds[i].path);
	}
	printf("\n'oms help COMMAND' shows a command's manual.\n");
	free(cmds);
	free(path);
	buf_free(&dirs);
}

/* `oms help CMD`: the manual, or --help where no manual is installed. */
static int
help(const char *name)
{
	struct buf page;
	char *argv[3];

	if (!valid_command(name))
		die(EXIT_USAGE, "unknown command '%s': see 'oms help'", name);
	buf_init(&page);
	buf_printf(&page, "oms-%s", name);
	if (strcmp(name, "init") == 0 || strcmp(name, "help") == 0)
		snprintf(page.data, page.cap, "oms");
	/* Run from a source tree: the page beside the executables. */
	if (exec_dir[0] && system("command -v man >/dev/null 2>&1") == 0) {
		static const char sections[] = "1578";
		struct buf local;
		int i;

		buf_init(&local);
		for (i = 0; sections[i]; i++) {
			buf_reset(&local);
			buf_printf(&local, "%s/../man/%s.%c", exec_dir,
			    page.data, sections[i]);
			if (access(local.data, R_OK) == 0) {
				execlp("man", "man", "-l", local.data,
				    (char *)NULL);
				break;
			}
		}
		buf_free(&local);
	}
	if (system("command -v man >/dev/null 2>&1") == 0) {
		struct buf check;
		int found;

		buf_init(&check);
		buf_printf(&check, "man -w %s >/dev/null 2>&1", page.data);
		found = system(check.data) == 0;
		buf_free(&check);
		if (found) {
			argv[0] = "man";
			argv[1] = page.data;
			argv[2] = NULL;
			execvp("man", argv);
		}
	}
	argv[0] = page.data;
	argv[1] = "--help";
	argv[2] = NULL;
	set_path();
	execvp(page.data, argv);
	die(EXIT_USAGE, "unknown command '%s': see 'oms help'", name);
}

static int
init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *path;
	struct ledger *l;
	int c, existed, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h':
			printf("usage: oms init [--db PATH]\n");
			return EXIT_OK;
		default:
			fprintf(stderr, "usage: oms init [--db PATH]\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		die(EXIT_USAGE, "init: unexpected argument '%s'", argv[optind]);
	path = ledger_default_path(db);
	existed = ledger_exists(path);
	status = ledger_open(&l, path, LEDGER_WRITE, "oms-init");
	if (status == 0)
		fprintf(stderr, "oms: %s ledger %s (schema version %d)\n",
		    existed ? "already have" : "created", path,
		    ledger_schema_version(l));
	ledger_close(l);
	return status;
}

int
main(int argc, char **argv)
{
	set_progname(argv[0]);
	progname = "oms";
	find_exec_dir(argv[0]);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("oms %s\n", OMS_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc > 2)
			return help(argv[2]);
		list_commands();
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "init"))
		return init(argc - 1, argv + 1);
	if (argv[1][0] == '-')
		die(EXIT_USAGE, "unknown option '%s': see 'oms --help'",
		    argv[1]);
	if (!valid_command(argv[1]))
		die(EXIT_USAGE, "unknown command '%s': see 'oms help'",
		    argv[1]);
	return run_command(argv[1], argv + 1);
}
