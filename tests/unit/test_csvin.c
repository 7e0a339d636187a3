/*
 * csvin: delimited exports row by row.  BOMs, CRLF, quoted newlines and
 * the line numbers after them, a missing final newline, blank lines,
 * invalid UTF-8 with its offset, Windows-1252, unterminated quotes, TAB
 * files without quoting, raw bytes, peeking and csv_split_line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "tap.h"

#define MAXROWS 8
#define MAXFIELDS 8

/* Copies of what csvin_next handed out, to check after the fact. */
struct rows {
	int n, rc;
	int nfields[MAXROWS];
	int null_ended[MAXROWS];
	char *f[MAXROWS][MAXFIELDS];
	long line[MAXROWS];
	long long off[MAXROWS];
	char *raw[MAXROWS];
	size_t rawlen[MAXROWS];
	size_t took[MAXROWS];	/* row->rawlen */
	char error[MAXROWS][160];
};

static FILE *
file_of(const char *bytes, size_t len)
{
	FILE *fp;

	if ((fp = tmpfile()) == NULL) {
		perror("tmpfile");
		exit(1);
	}
	if (len)
		fwrite(bytes, 1, len, fp);
	rewind(fp);
	return fp;
}

static void
collect(struct csv_in *c, struct rows *g)
{
	struct csv_row *row;
	int i, rc;

	memset(g, 0, sizeof *g);
	while ((rc = csvin_next(c, &row)) == 1) {
		if (g->n == MAXROWS) {
			g->n++;
			continue;
		}
		if (g->n > MAXROWS)
			continue;
		g->nfields[g->n] = row->nfields;
		g->null_ended[g->n] = row->fields[row->nfields] == NULL;
		for (i = 0; i < row->nfields && i < MAXFIELDS; i++)
			g->f[g->n][i] = strdup(row->fields[i]);
		g->line[g->n] = row->line;
		g->off[g->n] = row->offset;
		g->raw[g->n] = malloc(row->raw.len + 1);
		memcpy(g->raw[g->n], row->raw.data ? row->raw.data : "",
		    row->raw.len);
		g->raw[g->n][row->raw.len] = '\0';
		g->rawlen[g->n] = row->raw.len;
		g->took[g->n] = row->rawlen;
		snprintf(g->error[g->n], sizeof g->error[g->n], "%s",
		    row->error);
		g->n++;
	}
	g->rc = rc;
	/* At the end it stays at the end. */
	if (rc == 0 && csvin_next(c, &row) != 0)
		g->rc = 99;
}

static void
rows_free(struct rows *g)
{
	int r, i;

	for (r = 0; r < MAXROWS; r++) {
		for (i = 0; i < MAXFIELDS; i++)
			free(g->f[r][i]);
		free(g->raw[r]);
	}
}

/* Read all of bytes[0..len) as delim/quote/cp1252. */
static void
slurp(const char *bytes, size_t len, char delim, char quote, int cp1252,
    struct rows *g)
{
	struct csv_in c;
	FILE *fp = file_of(bytes, len);

	csvin_init(&c, fp, "test");
	csvin_set_format(&c, delim, quote, cp1252);
	collect(&c, g);
	csvin_free(&c);
	fclose(fp);
}

#define SLURP(lit, d, q, cp, g)						\
	slurp((lit), sizeof(lit) - 1, (d), (q), (cp), (g))

static void
is_field(const struct rows *g, int r, int i, const char *want,
    const char *name)
{
	is_str(r < g->n && i < g->nfields[r] ? g->f[r][i] : NULL, want, name);
}

static void
is_raw(const struct rows *g, int r, const char *want, size_t wlen,
    const char *name)
{
	int same = r < g->n && g->rawlen[r] == wlen &&
	    memcmp(g->raw[r], want, wlen) == 0;

	if (!ok(same, name) && r < g->n)
		printf("#   got %zu bytes '%s'\n", g->rawlen[r], g->raw[r]);
}

#define IS_RAW(g, r, lit, name) is_raw((g), (r), (lit), sizeof(lit) - 1, (name))

static void
split(const char *line, char delim, char quote, int max, int want_n,
    const char *const *want, const char *name)
{
	char *out[8], buf[160];
	int n, i, same;

	n = csv_split_line(line, strlen(line), delim, quote, out, max);
	same = n == want_n;
	for (i = 0; i < n; i++) {
		if (same && strcmp(out[i], want[i]) != 0)
			same = 0;
	}
	snprintf(buf, sizeof buf, "csv_split_line: %s", name);
	if (!ok(same, buf)) {
		printf("#   got %d fields:", n);
		for (i = 0; i < n; i++)
			printf(" '%s'", out[i]);
		printf("\n");
	}
	for (i = 0; i < n; i++)
		free(out[i]);
}

int
main(void)
{
	struct rows g;

	/* The plain case. */
	SLURP("id,name\n1,Ann\n2,Bob\n", ',', '"', 0, &g);
	is_int(g.n, 3, "plain: 3 rows");
	is_int(g.rc, 0, "plain: then end of input");
	is_int(g.nfields[0], 2, "plain: header has 2 fields");
	ok(g.null_ended[1], "plain: fields[nfields] is NULL");
	is_field(&g, 0, 1, "name", "plain: header field");
	is_field(&g, 2, 1, "Bob", "plain: last field");
	is_int(g.line[2], 3, "plain: row 3 on line 3");
	is_int(g.off[1], 8, "plain: row 2 at offset 8");
	is_int(g.off[2], 14, "plain: row 3 at offset 14");
	IS_RAW(&g, 1, "1,Ann\n", "plain: raw bytes");
	is_int(g.took[1], 6, "plain: rawlen");
	is_int(g.took[2], 6, "plain: rawlen of the last row");
	is_str(g.error[1], "", "plain: no error");
	rows_free(&g);

	/* BOM and CRLF. */
	SLURP("\xef\xbb\xbfid,name\r\n1,Ann\r\n", ',', '"', 0, &g);
	is_int(g.n, 2, "BOM CRLF: 2 rows");
	is_field(&g, 0, 0, "id", "BOM stripped from the first field");
	is_field(&g, 0, 1, "name", "CRLF: no CR in the last field");
	is_field(&g, 1, 1, "Ann", "CRLF: no CR in a data row");
	is_int(g.nfields[1], 2, "CRLF: no extra field");
	is_int(g.line[1], 2, "BOM CRLF: row 2 on line 2");
	is_int(g.off[1], 12, "BOM CRLF: offset counts the BOM");
	IS_RAW(&g, 1, "1,Ann\r\n", "CRLF kept in raw");
	is_str(g.error[0], "", "BOM: no UTF-8 error");
	rows_free(&g);

	/* A BOM alone or a BOM in a later line. */
	SLURP("\xef\xbb\xbf", ',', '"', 0, &g);
	is_int(g.n, 0, "only a BOM: no rows");
	rows_free(&g);
	SLURP("a\n\xef\xbb\xbf" "b\n", ',', '"', 0, &g);
	is_field(&g, 1, 0, "\xef\xbb\xbf" "b", "BOM in line 2 is data");
	rows_free(&g);

	/* A quoted newline: the row starts on its first line. */
	SLURP("a,b\n1,\"x\ny\"\n2,z\n", ',', '"', 0, &g);
	is_int(g.n, 3, "quoted newline: 3 rows");
	is_field(&g, 1, 1, "x\ny", "quoted newline kept in the value");
	is_int(g.line[1], 2, "quoted newline: row starts on line 2");
	is_int(g.off[1], 4, "quoted newline: row offset");
	IS_RAW(&g, 1, "1,\"x\ny\"\n", "quoted newline: raw has both lines");
	is_int(g.took[1], 8, "quoted newline: rawlen counts both lines");
	is_int(g.line[2], 4, "after a quoted newline: next row on line 4");
	is_int(g.off[2], 12, "after a quoted newline: next row offset");
	is_field(&g, 2, 1, "z", "after a quoted newline: next row value");
	rows_free(&g);

	/* Quoted CRLF and quoted blank lines. */
	SLURP("\"x\r\ny\",2\r\n\"p\n\n\nq\"\nlast\n", ',', '"', 0, &g);
	is_int(g.n, 3, "quoted CRLF and blank lines: 3 rows");
	is_field(&g, 0, 0, "x\r\ny", "quoted CRLF kept");
	is_field(&g, 0, 1, "2", "after quoted CRLF");
	is_field(&g, 1, 0, "p\n\n\nq", "blank lines inside quotes kept");
	is_int(g.line[1], 3, "row with quoted blank lines on line 3");
	is_int(g.line[2], 7, "row after it on line 7");
	rows_free(&g);

	/* Missing final newline. */
	SLURP("a,b\n1,2", ',', '"', 0, &g);
	is_int(g.n, 2, "no final newline: 2 rows");
	is_field(&g, 1, 1, "2", "no final newline: last value");
	IS_RAW(&g, 1, "1,2", "no final newline: raw");
	is_str(g.error[1], "", "no final newline: no error");
	rows_free(&g);
	SLURP("a,\"b\nc\"", ',', '"', 0, &g);
	is_int(g.n, 1, "quoted newline at EOF without newline: 1 row");
	is_field(&g, 0, 1, "b\nc", "quoted newline at EOF: value");
	is_str(g.error[0], "", "quoted newline at EOF: no error");
	rows_free(&g);

	/* Blank lines are skipped but counted. */
	SLURP("a\n\n\r\n\nb\n\n", ',', '"', 0, &g);
	is_int(g.n, 2, "blank lines: 2 rows");
	is_field(&g, 1, 0, "b", "blank lines: second row");
	is_int(g.line[1], 5, "blank lines: second row on line 5");
	is_int(g.off[1], 6, "blank lines: second row offset");
	IS_RAW(&g, 1, "b\n", "blank lines: raw without them");
	rows_free(&g);
	SLURP("\n\n", ',', '"', 0, &g);
	is_int(g.n, 0, "only blank lines: no rows");
	is_int(g.rc, 0, "only blank lines: end of input");
	rows_free(&g);
	SLURP("", ',', '"', 0, &g);
	is_int(g.n, 0, "empty file: no rows");
	is_int(g.rc, 0, "empty file: end of input");
	rows_free(&g);
	SLURP(" \n", ',', '"', 0, &g);
	is_int(g.n, 1, "a line of one blank is a row");
	is_field(&g, 0, 0, " ", "blanks are kept");
	rows_free(&g);

	/* Fields: empty, blanks, escaped quotes, stray quotes. */
	SLURP(",,\na,\n a , b \n\"he said \"\"hi\"\"\",x\n\"\",\"\"\n",
	    ',', '"', 0, &g);
	is_int(g.nfields[0], 3, "',,' is 3 fields");
	is_field(&g, 0, 2, "", "',,' last field empty");
	is_int(g.nfields[1], 2, "'a,' is 2 fields");
	is_field(&g, 1, 1, "", "'a,' second field empty");
	is_field(&g, 2, 0, " a ", "blanks around a value kept");
	is_field(&g, 2, 1, " b ", "blanks before the newline kept");
	is_field(&g, 3, 0, "he said \"hi\"", "doubled quotes");
	is_field(&g, 4, 0, "", "quoted empty field");
	is_int(g.nfields[4], 2, "two quoted empty fields");
	rows_free(&g);
	SLURP("5\" screen,ok\n", ',', '"', 0, &g);
	is_field(&g, 0, 0, "5\" screen", "a quote inside an unquoted field");
	is_field(&g, 0, 1, "ok", "after a stray quote");
	rows_free(&g);

	/* Other delimiters. */
	SLURP("a;b\n1,5;\"x;y\"\n", ';', '"', 0, &g);
	is_field(&g, 1, 0, "1,5", "semicolon file: comma is data");
	is_field(&g, 1, 1, "x;y", "semicolon file: quoted semicolon");
	rows_free(&g);
	SLURP("a\tb\n\"x\"\t5\" screen\nq,r\t\"\n", '\t', 0, 0, &g);
	is_int(g.n, 3, "TAB without quoting: 3 rows");
	is_field(&g, 1, 0, "\"x\"", "TAB without quoting keeps quotes");
	is_field(&g, 1, 1, "5\" screen", "TAB without quoting: inner quote");
	is_field(&g, 2, 0, "q,r", "TAB file: comma is data");
	is_field(&g, 2, 1, "\"", "TAB without quoting: a lone quote");
	is_int(g.line[2], 3, "TAB without quoting: a lone quote opens nothing");
	is_str(g.error[2], "", "TAB without quoting: no error");
	rows_free(&g);
	SLURP("\"a\tb\"\tc\n", '\t', '"', 0, &g);
	is_field(&g, 0, 0, "a\tb", "TAB with quoting: quoted TAB");
	is_field(&g, 0, 1, "c", "TAB with quoting: next field");
	rows_free(&g);

	/* Invalid UTF-8: reported with the byte offset in the file. */
	SLURP("id,name\n1,caf\xe9\n2,ok\n", ',', '"', 0, &g);
	is_int(g.n, 3, "invalid UTF-8: all rows returned");
	is_str(g.error[1], "invalid UTF-8 at byte offset 13",
	    "invalid UTF-8: offset in the file");
	is_str(g.error[0], "", "invalid UTF-8: header fine");
	is_str(g.error[2], "", "invalid UTF-8: next row fine");
	is_field(&g, 1, 1, "caf\xe9", "invalid UTF-8: bytes kept");
	IS_RAW(&g, 1, "1,caf\xe9\n", "invalid UTF-8: raw kept");
	rows_free(&g);
	SLURP("h\n\"a\nb\xff\"\nc\xc3\xa9\n", ',', '"', 0, &g);
	is_str(g.error[1], "invalid UTF-8 at byte offset 6",
	    "invalid UTF-8 on a row's second line");
	is_str(g.error[2], "", "valid é after it");
	rows_free(&g);
	SLURP("\xef\xbb\xbf\xff,a\n", ',', '"', 0, &g);
	is_str(g.error[0], "invalid UTF-8 at byte offset 3",
	    "invalid UTF-8 after a BOM: offset counts the BOM");
	rows_free(&g);
	SLURP("x\xed\xa0\x80y,\xc0\xaf\n", ',', '"', 0, &g);
	is_str(g.error[0], "invalid UTF-8 at byte offset 1",
	    "surrogate: first bad byte reported");
	rows_free(&g);
	SLURP("a\n\n\xe2\x82\n", ',', '"', 0, &g);
	is_str(g.error[1], "invalid UTF-8 at byte offset 3",
	    "truncated sequence after a blank line");
	is_int(g.line[1], 3, "truncated sequence: line 3");
	rows_free(&g);

	/* Windows-1252. */
	SLURP("name,price\ncaf\xe9,\x80" "5\n\x81\n", ',', '"', 1, &g);
	is_field(&g, 1, 0, "caf\xc3\xa9", "cp1252: é converted");
	is_field(&g, 1, 1, "\xe2\x82\xac" "5", "cp1252: 0x80 is €");
	is_field(&g, 2, 0, "\xef\xbf\xbd", "cp1252: 0x81 is U+FFFD");
	is_str(g.error[1], "", "cp1252: no UTF-8 error");
	IS_RAW(&g, 1, "caf\xe9,\x80" "5\n", "cp1252: raw bytes unconverted");
	is_int(g.off[2], 19, "cp1252: offsets in file bytes");
	rows_free(&g);

	/* An unterminated quote runs to the end of the file. */
	SLURP("a,b\n1,\"open\n2,3\n", ',', '"', 0, &g);
	is_int(g.n, 2, "unterminated quote: 2 rows");
	is_int(g.line[1], 2, "unterminated quote: row on line 2");
	is_str(g.error[1], "unterminated quoted field: it runs to the "
	    "end of the file", "unterminated quote: error");
	IS_RAW(&g, 1, "1,\"open\n2,3\n", "unterminated quote: raw to the end");
	is_str(g.error[0], "", "unterminated quote: header fine");
	is_int(g.rc, 0, "unterminated quote: then end of input");
	rows_free(&g);
	SLURP("a\n\"x", ',', '"', 0, &g);
	is_int(g.n, 2, "unterminated quote without newline: 2 rows");
	is_int(g.line[1], 2, "unterminated quote without newline: line 2");
	is_str(g.error[1], "unterminated quoted field: it runs to the "
	    "end of the file", "unterminated quote without newline: error");
	rows_free(&g);

	/* Without raw bytes: lengths, lines and offsets all the same. */
	{
		static const char text[] = "a,b\n\n1,\"x\ny\"\n\r\n2,3";
		struct csv_in c;
		FILE *fp = file_of(text, sizeof text - 1);

		csvin_init(&c, fp, "noraw");
		c.keep_raw = 0;
		collect(&c, &g);
		is_int(g.n, 3, "no raw: 3 rows");
		ok(g.rawlen[0] == 0 && g.rawlen[1] == 0 && g.rawlen[2] == 0,
		    "no raw: raw buffers empty");
		is_int(g.took[0], 4, "no raw: rawlen of row 1");
		is_int(g.took[1], 8, "no raw: rawlen of a two-line row");
		is_int(g.took[2], 3, "no raw: rawlen of the last row");
		is_int(g.line[1], 3, "no raw: blank line skipped, row on line 3");
		is_int(g.line[2], 6, "no raw: last row on line 6");
		is_int(g.off[2], 15, "no raw: last row offset");
		is_field(&g, 1, 1, "x\ny", "no raw: quoted newline value");
		is_field(&g, 2, 1, "3", "no raw: last value");
		rows_free(&g);
		csvin_free(&c);
		fclose(fp);
	}

	/* Peeking does not consume. */
	{
		static const char text[] = "a,b\nc,d\ne,f\n";
		struct csv_in c;
		FILE *fp = file_of(text, sizeof text - 1);
		const char *p;

		csvin_init(&c, fp, "peek");
		p = csvin_peek_lines(&c, 2, 4096);
		is_str(p, "a,b\nc,d\n", "peek 2 lines");
		collect(&c, &g);
		is_int(g.n, 3, "after a peek: every row");
		is_field(&g, 0, 0, "a", "after a peek: first row");
		is_field(&g, 2, 1, "f", "after a peek: last row");
		is_int(g.line[2], 3, "after a peek: line numbers");
		is_int(g.off[1], 4, "after a peek: offsets");
		IS_RAW(&g, 1, "c,d\n", "after a peek: raw");
		rows_free(&g);
		csvin_free(&c);
		fclose(fp);
	}
	{
		static const char text[] = "\xef\xbb\xbfx;y\n1;\"2\n3\"";
		struct csv_in c;
		FILE *fp = file_of(text, sizeof text - 1);
		const char *p;

		csvin_init(&c, fp, "peek");
		p = csvin_peek_lines(&c, 10, 4096);
		is_str(p, text, "peek the whole file, BOM and all");
		csvin_set_format(&c, ';', '"', 0);
		collect(&c, &g);
		is_int(g.n, 2, "after peeking everything: 2 rows");
		is_field(&g, 0, 0, "x", "after peeking: BOM stripped");
		is_field(&g, 1, 1, "2\n3", "after peeking: quoted newline");
		is_int(g.line[1], 2, "after peeking: line 2");
		rows_free(&g);
		csvin_free(&c);
		fclose(fp);
	}
	{
		struct csv_in c;
		FILE *fp = file_of("", 0);

		csvin_init(&c, fp, "peek");
		is_str(csvin_peek_lines(&c, 5, 4096), "", "peek an empty file");
		csvin_free(&c);
		fclose(fp);
	}

	/* A file larger than the read buffer, é split across reads. */
	{
		struct buf b;
		struct csv_in c;
		struct csv_row *row;
		FILE *fp;
		long n = 0, bad = 0, last_line = 0;
		long long last_off = 0, want_off;
		int i, rc;

		buf_init(&b);
		buf_adds(&b, "n,text\n");
		for (i = 1; i <= 30000; i++)
			buf_printf(&b, "%d,caf\xc3\xa9 %s\n", i,
			    i % 2 ? "odd" : "\"even, quoted\"");
		want_off = (long long)b.len;
		buf_adds(&b, "end,\"multi\nline\"\n");
		fp = file_of(b.data, b.len);
		csvin_init(&c, fp, "big");
		while ((rc = csvin_next(&c, &row)) == 1) {
			n++;
			if (row->error[0] != '\0')
				bad++;
			last_line = row->line;
			last_off = row->offset;
		}
		is_int(rc, 0, "big file: end of input");
		is_int(n, 30002, "big file: every row");
		is_int(bad, 0,
		    "big file: no UTF-8 errors at buffer boundaries");
		is_int(last_line, 30002, "big file: last row's line");
		is_int(last_off, want_off, "big file: last row's offset");
		csvin_free(&c);
		fclose(fp);
		buf_free(&b);
	}

	/* csv_split_line. */
	{
		static const char *const w1[] = { "a", "b,c", "d" };
		static const char *const w2[] = { "id", "name" };
		static const char *const w3[] = { "a", "b" };
		static const char *const w4[] = { "\"q\"", "x,y" };
		static const char *const w5[] = { "", "" };
		static const char *const w6[] = { "a b" };

		split("a,\"b,c\", d \r\n", ',', '"', 8, 3, w1,
		    "quoted comma, values trimmed");
		split("\xef\xbb\xbfid,name", ',', '"', 8, 2, w2,
		    "BOM stripped");
		split("a,b,c,d", ',', '"', 2, 2, w3, "at most max fields");
		split("\"q\"\tx,y", '\t', 0, 8, 2, w4, "TAB without quoting");
		split(",", ',', '"', 8, 2, w5, "two empty fields");
		split("\xc2\xa0" "a b\xc2\xa0", ',', '"', 8, 1, w6,
		    "NBSP trimmed");
		split("", ',', '"', 8, 0, NULL, "empty line, no fields");
	}

	return done_testing();
}
