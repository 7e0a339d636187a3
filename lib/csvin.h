/*
 * Reading delimited exports row by row, in constant memory, with the
 * line and byte offset of each row for messages and its raw bytes for
 * --rejects.  libcsv does the quoting; this module adds what marketplace
 * files need around it: BOMs, Windows-1252, invalid UTF-8 reported with
 * its offset, CRLF, a missing final newline, unterminated quotes.
 */
#ifndef OMS_CSVIN_H
#define OMS_CSVIN_H

#include <csv.h>
#include <stdio.h>

#include "util.h"

/* Rows longer than this are refused: an unterminated quote, not data. */
#define CSVIN_ROW_MAX (64L * 1024 * 1024)

struct csv_row {
	char **fields;		/* NUL-terminated values */
	int nfields;
	long line;		/* physical line the row starts on */
	long long offset;	/* byte offset of that line */
	struct buf raw;		/* the row's bytes as read (if keep_raw) */
	size_t rawlen;		/* how many bytes the row took */
	char error[160];	/* a problem with the row, or "" */
	/* private */
	struct buf data;
	size_t *off;
	int cap;
};

struct csv_in {
	FILE *fp;
	const char *name;
	char delim, quote;
	int cp1252;
	int fatal;		/* a row too long: the file cannot go on */
	int keep_raw;		/* keep each row's raw bytes (default: yes) */
	/* private */
	struct csv_parser parser;
	int parser_ready, at_eof, finished;
	unsigned char *rbuf;
	size_t rpos, rlen;
	struct buf peeked;	/* bytes read ahead by csvin_peek_lines */
	size_t peekpos;
	int bom_done;
	struct buf line, conv;
	long lineno;
	long long offset;
	struct csv_row *cur;	/* the row being parsed */
	struct csv_row **queue;	/* complete rows not yet returned */
	int qhead, qlen, qcap;
	struct csv_row *returned;	/* the row the caller holds */
	struct csv_row *spare;	/* a row to reuse */
};

void csvin_init(struct csv_in *c, FILE *fp, const char *name);
/*
 * Read ahead up to max lines (without consuming them) and return them
 * in *out joined, so that a caller can sniff the header and delimiter.
 */
const char *csvin_peek_lines(struct csv_in *c, int max, size_t max_bytes);
/* Set how fields are split; call before the first csvin_next. */
void csvin_set_format(struct csv_in *c, char delim, char quote, int cp1252);
/*
 * 1 and *row set (valid until the next call), 0 at end of input, -1 on
 * a read error (message printed).
 */
int csvin_next(struct csv_in *c, struct csv_row **row);
void csvin_free(struct csv_in *c);

/*
 * Split one line of text the way the file's rows will be (used for
 * sniffing headers).  Returns the number of fields put in out (at most
 * max); values are trimmed copies the caller frees.
 */
int csv_split_line(const char *line, size_t len, char delim, char quote,
    char **out, int max);

#endif
