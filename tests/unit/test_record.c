/*
 * Record streams: the TSV, CSV and JSON Lines writers with their
 * escaping, and the TSV reader with its header, unescaping, blank lines,
 * short and long rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "tap.h"

static const struct rec_field fields3[] = {
	{ "id", 0 }, { "total", 1 }, { "note", 0 }
};

/* What a writer in format f prints for the given records. */
static char *
written(enum rec_format f, const struct rec_field *fields, int nfields,
    const char *const *values, int nrecords)
{
	struct rec_writer w;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;
	int i;

	if ((fp = open_memstream(&out, &len)) == NULL) {
		perror("open_memstream");
		exit(1);
	}
	rec_writer_init(&w, fp, f, fields, nfields);
	for (i = 0; i < nrecords; i++)
		rec_write(&w, values + (size_t)i * (size_t)nfields);
	rec_writer_free(&w);
	fclose(fp);
	return out;
}

static void
writes(enum rec_format f, const char *a, const char *b, const char *c,
    const char *want, const char *name)
{
	const char *v[3] = { a, b, c };
	char *got = written(f, fields3, 3, v, 1);

	is_str(got, want, name);
	free(got);
}

static void
escapes(const char *value, const char *want)
{
	struct buf b;
	char name[96];

	buf_init(&b);
	buf_adds(&b, "<");
	tsv_escape(&b, value);
	buf_adds(&b, ">");
	snprintf(name, sizeof name, "tsv_escape is '%s'", want);
	is_str(b.data, want, name);
	buf_free(&b);
}

/* A reader over a copy of text; *fpp is closed by the caller. */
static int
open_reader(struct rec_reader *r, const char *text, FILE **fpp)
{
	FILE *fp;

	if ((fp = tmpfile()) == NULL) {
		perror("tmpfile");
		exit(1);
	}
	fputs(text, fp);
	rewind(fp);
	*fpp = fp;
	return rec_reader_open(r, fp, "test");
}

int
main(void)
{
	enum rec_format f;
	struct rec_reader r;
	FILE *fp;
	char *out;

	/* Format names. */
	ok(rec_format_parse("tsv", &f) == 0 && f == REC_TSV, "format tsv");
	ok(rec_format_parse("csv", &f) == 0 && f == REC_CSV, "format csv");
	ok(rec_format_parse("jsonl", &f) == 0 && f == REC_JSONL,
	    "format jsonl");
	is_int(rec_format_parse("TSV", &f), -1, "format TSV refused");
	is_int(rec_format_parse("json", &f), -1, "format json refused");
	is_int(rec_format_parse("", &f), -1, "format '' refused");
	is_int(rec_format_parse("tsv ", &f), -1, "format 'tsv ' refused");

	/* tsv_escape. */
	escapes("", "<>");
	escapes("plain text", "<plain text>");
	escapes("a\tb", "<a\\tb>");
	escapes("a\nb", "<a\\nb>");
	escapes("a\rb", "<a\\rb>");
	escapes("a\\b", "<a\\\\b>");
	escapes("\\n", "<\\\\n>");
	escapes("\r\n\t\\", "<\\r\\n\\t\\\\>");
	escapes("caf\xc3\xa9 \"q\" ,;", "<caf\xc3\xa9 \"q\" ,;>");

	/* TSV records. */
	writes(REC_TSV, "A1", "12.50", "hello",
	    "id\ttotal\tnote\nA1\t12.50\thello\n", "tsv record with header");
	writes(REC_TSV, "A1", NULL, NULL, "id\ttotal\tnote\nA1\t\t\n",
	    "tsv NULL is empty");
	writes(REC_TSV, "A\t1", "", "line1\nline2\r\\end",
	    "id\ttotal\tnote\nA\\t1\t\tline1\\nline2\\r\\\\end\n",
	    "tsv escapes TAB, newline, CR, backslash");

	/* CSV records. */
	writes(REC_CSV, "A1", "12.50", "hello",
	    "id,total,note\nA1,12.50,hello\n", "csv plain");
	writes(REC_CSV, "a,b", "1", "say \"hi\"",
	    "id,total,note\n\"a,b\",1,\"say \"\"hi\"\"\"\n",
	    "csv quotes comma and doubles quotes");
	writes(REC_CSV, "x\ny", "\r", "\"",
	    "id,total,note\n\"x\ny\",\"\r\",\"\"\"\"\n",
	    "csv quotes newline, CR and a lone quote");
	writes(REC_CSV, NULL, "", " sp ", "id,total,note\n,, sp \n",
	    "csv empty and blanks unquoted");
	writes(REC_CSV, "a\tb", "x'y", "\\", "id,total,note\na\tb,x'y,\\\n",
	    "csv leaves TAB, apostrophe, backslash");

	/* JSON Lines records. */
	writes(REC_JSONL, "A1", "12.50", "hello",
	    "{\"id\":\"A1\",\"total\":12.50,\"note\":\"hello\"}\n",
	    "jsonl has no header, numbers bare");
	writes(REC_JSONL, "A1", NULL, "",
	    "{\"id\":\"A1\",\"total\":null,\"note\":\"\"}\n",
	    "jsonl empty number is null, empty string is \"\"");
	writes(REC_JSONL, "-", "-3", "",
	    "{\"id\":\"-\",\"total\":-3,\"note\":\"\"}\n",
	    "jsonl negative number");
	writes(REC_JSONL, "a", "+1", "",
	    "{\"id\":\"a\",\"total\":\"+1\",\"note\":\"\"}\n",
	    "jsonl: a numeric field that is no JSON number is a string");
	writes(REC_JSONL, "a", "mixed currencies", "",
	    "{\"id\":\"a\",\"total\":\"mixed currencies\","
	    "\"note\":\"\"}\n", "jsonl: words in a numeric field");
	writes(REC_JSONL, "a", "1e3", "",
	    "{\"id\":\"a\",\"total\":1e3,\"note\":\"\"}\n",
	    "jsonl: an exponent is a number");
	writes(REC_JSONL, "a", "012", "",
	    "{\"id\":\"a\",\"total\":\"012\",\"note\":\"\"}\n",
	    "jsonl: a leading zero is not JSON");
	writes(REC_JSONL, "a", "1.", "",
	    "{\"id\":\"a\",\"total\":\"1.\",\"note\":\"\"}\n",
	    "jsonl: a bare point is not JSON");
	writes(REC_JSONL, "q\"b\\", "0", "t\tn\nr\r",
	    "{\"id\":\"q\\\"b\\\\\",\"total\":0,"
	    "\"note\":\"t\\tn\\nr\\r\"}\n",
	    "jsonl escapes quote, backslash, TAB, newline, CR");
	writes(REC_JSONL, "\x01\x1f", "1", "\x7f" "caf\xc3\xa9/",
	    "{\"id\":\"\\u0001\\u001f\",\"total\":1,"
	    "\"note\":\"\x7f" "caf\xc3\xa9/\"}\n",
	    "jsonl control characters as \\u00XX, UTF-8 as is");
	{
		static const struct rec_field odd[] = { { "a\"b", 0 } };
		const char *v[1] = { "x" };

		out = written(REC_JSONL, odd, 1, v, 1);
		is_str(out, "{\"a\\\"b\":\"x\"}\n", "jsonl escapes names");
		free(out);
	}

	/* Several records, the header once. */
	{
		const char *v[6] = { "1", "2", "3", "4", "5", "6" };

		out = written(REC_TSV, fields3, 3, v, 2);
		is_str(out, "id\ttotal\tnote\n1\t2\t3\n4\t5\t6\n",
		    "tsv header once for two records");
		free(out);
		out = written(REC_CSV, fields3, 3, v, 2);
		is_str(out, "id,total,note\n1,2,3\n4,5,6\n",
		    "csv header once for two records");
		free(out);
		out = written(REC_JSONL, fields3, 3, v, 2);
		is_str(out, "{\"id\":\"1\",\"total\":2,\"note\":\"3\"}\n"
		    "{\"id\":\"4\",\"total\":5,\"note\":\"6\"}\n",
		    "jsonl two records");
		free(out);
	}

	/* rec_write_header alone, twice. */
	{
		enum rec_format fs[3] = { REC_TSV, REC_CSV, REC_JSONL };
		const char *want[3] = { "id\ttotal\tnote\n", "id,total,note\n",
		    "" };
		const char *names[3] = { "tsv header without records",
		    "csv header without records",
		    "jsonl header without records is nothing" };
		int i;

		for (i = 0; i < 3; i++) {
			struct rec_writer w;
			size_t len = 0;

			out = NULL;
			fp = open_memstream(&out, &len);
			rec_writer_init(&w, fp, fs[i], fields3, 3);
			rec_write_header(&w);
			rec_write_header(&w);
			rec_writer_free(&w);
			fclose(fp);
			is_str(out, want[i], names[i]);
			free(out);
		}
	}

	/* Reading: header, fields, values. */
	if (open_reader(&r, "id\ttotal\tnote\nA1\t12.50\thello\n"
	    "A2\t\tx\\ty\\nz\\\\w\\r\n", &fp) == 0) {
		is_int(r.nfields, 3, "reader: three fields");
		is_str(r.header[0], "id", "reader: header 0");
		is_str(r.header[2], "note", "reader: header 2");
		is_int(rec_field_index(&r, "id"), 0, "index of id");
		is_int(rec_field_index(&r, "note"), 2, "index of note");
		is_int(rec_field_index(&r, "missing"), -1,
		    "index of a missing field");
		is_int(rec_field_index(&r, "ID"), -1,
		    "field names are case-sensitive");
		is_int(rec_field_index(&r, ""), -1, "index of ''");
		is_int(rec_require(&r, "total"), 1, "require total");
		is_int(rec_require(&r, "sku"), -1, "require a missing field");
		is_int(rec_read(&r), 1, "read record 1");
		is_str(r.values[0], "A1", "record 1 id");
		is_str(r.values[1], "12.50", "record 1 total");
		is_str(r.values[2], "hello", "record 1 note");
		is_int(r.line, 2, "record 1 on line 2");
		is_int(rec_read(&r), 1, "read record 2");
		is_str(r.values[1], "", "record 2 empty total");
		is_str(r.values[2], "x\ty\nz\\w\r", "record 2 unescaped");
		is_int(rec_read(&r), 0, "then end of input");
		is_int(rec_read(&r), 0, "and end of input again");
		rec_reader_free(&r);
	} else
		ok(0, "open reader");
	fclose(fp);

	/* CRLF, blank lines, no final newline, short rows. */
	if (open_reader(&r, "a\tb\r\n1\t2\r\n\r\n\n3\r\n4\t\r\n5\t6",
	    &fp) == 0) {
		is_str(r.header[1], "b", "CRLF header: no CR in the name");
		is_int(rec_read(&r), 1, "CRLF record");
		is_str(r.values[1], "2", "CRLF: no CR in the value");
		is_int(rec_read(&r), 1, "short record after blank lines");
		is_int(r.line, 5, "blank lines count for line numbers");
		is_str(r.values[0], "3", "short record: first field");
		is_str(r.values[1], "", "short record: missing field empty");
		is_int(rec_read(&r), 1, "record with trailing TAB");
		is_str(r.values[0], "4", "trailing TAB: first field");
		is_str(r.values[1], "", "trailing TAB: empty second");
		is_int(rec_read(&r), 1, "last record without newline");
		is_str(r.values[1], "6", "last record value");
		is_int(r.line, 7, "last record line");
		is_int(rec_read(&r), 0, "end of input");
		rec_reader_free(&r);
	} else
		ok(0, "open reader");
	fclose(fp);

	/* Too many fields. */
	if (open_reader(&r, "a\tb\n1\t2\t3\n4\t5\n", &fp) == 0) {
		is_int(rec_read(&r), -1, "more fields than header: error");
		is_int(r.line, 2, "error on line 2");
		is_int(rec_read(&r), 1, "reading goes on after the error");
		is_str(r.values[0], "4", "next record read");
		rec_reader_free(&r);
	} else
		ok(0, "open reader");
	fclose(fp);

	/* Odd escapes. */
	if (open_reader(&r, "v\tw\n\\q\ttail\\\n", &fp) == 0) {
		is_int(rec_read(&r), 1, "odd escapes: read");
		is_str(r.values[0], "q", "unknown escape \\q is q");
		is_str(r.values[1], "tail\\", "trailing backslash kept");
		rec_reader_free(&r);
	} else
		ok(0, "open reader");
	fclose(fp);

	/* Header only, escaped header names, empty input. */
	if (open_reader(&r, "x\\ty\tz\n", &fp) == 0) {
		is_int(r.nfields, 2, "escaped header: two fields");
		is_int(rec_field_index(&r, "x\ty"), 0, "header name unescaped");
		is_int(rec_read(&r), 0, "header only: no records");
		rec_reader_free(&r);
	} else
		ok(0, "open reader");
	fclose(fp);
	{
		int rc = open_reader(&r, "", &fp);

		is_int(rc, -1, "empty input: no header");
		fclose(fp);
	}
	if (open_reader(&r, "only", &fp) == 0) {
		is_int(r.nfields, 1, "header without newline");
		is_str(r.header[0], "only", "header without newline: name");
		is_int(rec_read(&r), 0, "header without newline: no records");
		rec_reader_free(&r);
	} else
		ok(0, "open reader");
	fclose(fp);

	/* Round trip of awkward values through the TSV writer and reader. */
	{
		static const struct rec_field two[] = {
			{ "k", 0 }, { "v", 0 }
		};
		const char *v[] = {
			"1", "tab\there",
			"2", "nl\nhere\r\n",
			"3", "\\t is not a tab",
			"4", "end\\",
			"5", "",
			"6", "caf\xc3\xa9 \"q\"",
		};
		int n = (int)(sizeof v / sizeof v[0]) / 2, i;

		out = written(REC_TSV, two, 2, v, n);
		if (open_reader(&r, out, &fp) == 0) {
			for (i = 0; i < n; i++) {
				char name[64];

				snprintf(name, sizeof name, "round trip %d", i);
				ok(rec_read(&r) == 1 &&
				    strcmp(r.values[0], v[2 * i]) == 0 &&
				    strcmp(r.values[1], v[2 * i + 1]) == 0,
				    name);
			}
			is_int(rec_read(&r), 0, "round trip: end");
			rec_reader_free(&r);
		} else
			ok(0, "open reader");
		fclose(fp);
		free(out);
	}

	/* A single-column stream with an empty value. */
	{
		static const struct rec_field one[] = { { "note", 0 } };
		const char *v[] = { "a", "", "b" };

		out = written(REC_TSV, one, 1, v, 3);
		is_str(out, "note\na\n\nb\n",
		    "one column: empty value written");
		if (open_reader(&r, out, &fp) == 0) {
			is_int(rec_read(&r), 1, "one column: read a");
			is_str(r.values[0], "a", "one column: a");
			is_int(rec_read(&r), 1, "one column: read ''");
			is_str(r.values[0], "", "one column: ''");
			is_int(rec_read(&r), 1, "one column: read b");
			is_str(r.values[0], "b", "one column: b");
			rec_reader_free(&r);
		} else
			ok(0, "open reader");
		fclose(fp);
		free(out);
	}

	return done_testing();
}
