/*
 * oms-import's engine: marketplace exports in, orders in the ledger,
 * one record per order out.  One input file is one transaction.
 */
#ifndef OMS_IMPORTER_H
#define OMS_IMPORTER_H

#include <stdio.h>

#include "ledger.h"
#include "record.h"

struct import_options {
	const char *format;		/* -f: a built-in profile */
	const char *profile_path;	/* -p: a profile file */
	const char *channel;		/* --channel, else the profile name */
	const char *rejects_path;	/* --rejects */
	int strict;			/* --strict: first bad row fails the file */
	int dry_run;			/* --dry-run: roll back at the end */
	int quiet;			/* -q: no progress, no summary */
	enum rec_format output;
};

/*
 * Import every file ("-" is stdin) in order, each in its own
 * transaction, writing records to out once a file is committed.
 * Returns the exit status for the whole run (see oms(7)).
 */
int import_files(struct ledger *l, char *const *files, int nfiles,
    const struct import_options *opt, FILE *out);

/* List the built-in formats: name, channel and description, as TSV. */
int import_list_formats(enum rec_format format, FILE *out);

/* The record fields oms-import writes, in order. */
extern const struct rec_field import_fields[];
extern const int import_nfields;

#endif
