/*
 * Record streams: what every oms tool writes to stdout and reads from
 * stdin.  TSV with a header line is the lingua franca; TAB, newline, CR
 * and backslash inside a value are escaped as \t \n \r \\.  Writers can
 * also speak CSV (RFC 4180) and JSON Lines for other programs.
 */
#ifndef OMS_RECORD_H
#define OMS_RECORD_H

#include <stdio.h>

#include "util.h"

enum rec_format { REC_TSV, REC_CSV, REC_JSONL };

/* Parse "tsv", "csv" or "jsonl"; -1 if none of them. */
int rec_format_parse(const char *s, enum rec_format *out);

/* A field of an output record: its name and whether JSON shows a number. */
struct rec_field {
	const char *name;
	int numeric;
};

struct rec_writer {
	FILE *fp;
	enum rec_format format;
	const struct rec_field *fields;
	int nfields;
	int header_written;
	struct buf line;
};

void rec_writer_init(struct rec_writer *w, FILE *fp, enum rec_format format,
    const struct rec_field *fields, int nfields);
/* Write the header now (it is otherwise written before the first record). */
void rec_write_header(struct rec_writer *w);
/* One record; values[i] belongs to fields[i], NULL meaning empty. */
void rec_write(struct rec_writer *w, const char *const *values);
void rec_writer_free(struct rec_writer *w);

/* Append value to b escaped for TSV. */
void tsv_escape(struct buf *b, const char *value);

struct rec_reader {
	FILE *fp;
	const char *name;	/* for messages: file name or "stdin" */
	long line;		/* line number of the record last read */
	int nfields;
	char **header;
	char **values;		/* valid until the next rec_read */
	struct buf raw;
	char **split;
	int splitcap;
};

/*
 * Read the header line.  Returns 0, or -1 with a message on stderr
 * ("NAME: empty input, expected a header line").
 */
int rec_reader_open(struct rec_reader *r, FILE *fp, const char *name);
/* Index of a header field, or -1 when the stream lacks it. */
int rec_field_index(const struct rec_reader *r, const char *field);
/*
 * Index of a field this caller cannot do without; -1 after printing
 * "NAME:1: missing field 'FIELD' in header".
 */
int rec_require(const struct rec_reader *r, const char *field);
/* 1 with values filled, 0 at end of input, -1 after a message on stderr. */
int rec_read(struct rec_reader *r);
void rec_reader_free(struct rec_reader *r);

/*
 * The next batch of order keys from field `col` of a stream: up to max
 * distinct keys, skipping empty values (a rejected order has none) and
 * the further records of the order just read (*last, kept between
 * calls).  Returns how many, 0 at the end, or -1 after a message
 * ("NAME:LINE: field 'order': not an order key: 'x'").
 */
int rec_read_order_keys(struct rec_reader *r, int col, long long *ids,
    int max, long long *last);

#endif
