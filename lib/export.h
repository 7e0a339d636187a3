/*
 * Opening an export: the file (or stdin), its format (a given profile,
 * or the one whose columns its header has), its delimiter, and its
 * header line below any junk lines, bound to the profile.  oms-import
 * and oms-stock read their files through this.
 */
#ifndef OMS_EXPORT_H
#define OMS_EXPORT_H

#include <stdio.h>

#include "csvin.h"
#include "profile.h"
#include "util.h"

/* How far down a file its header may be (eBay puts junk above it). */
#define HEADER_SEARCH_ROWS 100

struct export {
	const char *file;	/* for messages: the path, or "stdin" */
	FILE *fp;
	struct csv_in in;
	struct profile *prof;
	char **header;		/* trimmed column names */
	int nheader;
	int nheader_used;	/* up to the last non-empty name */
	long header_line;
	struct buf header_raw;	/* the header as read, for --rejects */
};

/*
 * Open path ("-": stdin) and read up to its header.  The profile is
 * `given`, or the first of `candidates` (NULL-terminated, all of the
 * kind wanted) whose detect columns the header has.  Returns 0, or
 * EXIT_INPUT after a message ("FILE: unknown format: ...", "FILE:LINE:
 * missing column ...").  export_close in either case.
 */
int export_open(struct export *x, const char *path, struct profile *given,
    struct profile **candidates);
void export_close(struct export *x);

/*
 * The candidate called name (-f NAME), or NULL after "unknown format
 * 'NAME': the known WHAT are ..." (what: "formats", "stock formats").
 */
struct profile *export_named(struct profile **candidates, const char *name,
    const char *what);

/* Whether a header row (trimmed names) is the one a profile expects. */
int export_is_header(const struct profile *p, char **names, int n);

/* strerror(errno) in lower case, as oms messages are. */
const char *errno_text(void);

#endif
