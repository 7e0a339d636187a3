#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

int
rec_format_parse(const char *s, enum rec_format *out)
{
	if (strcmp(s, "tsv") == 0)
		*out = REC_TSV;
	else if (strcmp(s, "csv") == 0)
		*out = REC_CSV;
	else if (strcmp(s, "jsonl") == 0)
		*out = REC_JSONL;
	else
		return -1;
	return 0;
}

void
rec_writer_init(struct rec_writer *w, FILE *fp, enum rec_format format,
    const struct rec_field *fields, int nfields)
{
	w->fp = fp;
	w->format = format;
	w->fields = fields;
	w->nfields = nfields;
	w->header_written = 0;
	buf_init(&w->line);
}

void
rec_writer_free(struct rec_writer *w)
{
	buf_free(&w->line);
}

void
tsv_escape(struct buf *b, const char *v)
{
	for (;;) {
		size_t plain = strcspn(v, "\t\n\r\\");

		buf_add(b, v, plain);
		v += plain;
		if (*v == '\0')
			return;
		switch (*v) {
		case '\t': buf_add(b, "\\t", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		}
		v++;
	}
}

static void
csv_escape(struct buf *b, const char *v)
{
	if (strpbrk(v, ",\"\r\n") == NULL) {
		buf_adds(b, v);
		return;
	}
	buf_addc(b, '"');
	for (; *v; v++) {
		if (*v == '"')
			buf_addc(b, '"');
		buf_addc(b, *v);
	}
	buf_addc(b, '"');
}

static void
json_escape(struct buf *b, const char *v)
{
	buf_addc(b, '"');
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;

		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c == '\n')
			buf_add(b, "\\n", 2);
		else if (c == '\r')
			buf_add(b, "\\r", 2);
		else if (c == '\t')
			buf_add(b, "\\t", 2);
		else if (c < 0x20)
			buf_printf(b, "\\u%04x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

void
rec_write_header(struct rec_writer *w)
{
	int i;

	if (w->header_written)
		return;
	w->header_written = 1;
	if (w->format == REC_JSONL)
		return;
	buf_reset(&w->line);
	for (i = 0; i < w->nfields; i++) {
		if (i)
			buf_addc(&w->line, w->format == REC_TSV ? '\t' : ',');
		buf_adds(&w->line, w->fields[i].name);
	}
	buf_addc(&w->line, '\n');
	fwrite(w->line.data, 1, w->line.len, w->fp);
}

/*
 * Whether text is a JSON number: a numeric field holds one, but a
 * field that is numeric for its tool may still say "+1" or "mixed", and
 * JSON Lines must stay JSON.
 */
static int
json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!(*++s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

void
rec_write(struct rec_writer *w, const char *const *values)
{
	int i;

	rec_write_header(w);
	buf_reset(&w->line);
	if (w->format == REC_JSONL)
		buf_addc(&w->line, '{');
	for (i = 0; i < w->nfields; i++) {
		const char *v = values[i] ? values[i] : "";

		switch (w->format) {
		case REC_TSV:
			if (i)
				buf_addc(&w->line, '\t');
			tsv_escape(&w->line, v);
			break;
		case REC_CSV:
			if (i)
				buf_addc(&w->line, ',');
			csv_escape(&w->line, v);
			break;
		case REC_JSONL:
			if (i)
				buf_addc(&w->line, ',');
			json_escape(&w->line, w->fields[i].name);
			buf_addc(&w->line, ':');
			if (w->fields[i].numeric && *v == '\0')
				buf_adds(&w->line, "null");
			else if (w->fields[i].numeric && json_number(v))
				buf_adds(&w->line, v);
			else
				json_escape(&w->line, v);
			break;
		}
	}
	if (w->format == REC_JSONL)
		buf_addc(&w->line, '}');
	buf_addc(&w->line, '\n');
	fwrite(w->line.data, 1, w->line.len, w->fp);
}

/* Read one physical line into r->raw without its newline; 0 at EOF. */
static int
read_line(struct rec_reader *r)
{
	int c;

	buf_reset(&r->raw);
	while ((c = getc(r->fp)) != EOF && c != '\n')
		buf_addc(&r->raw, (char)c);
	if (c == EOF && r->raw.len == 0)
		return 0;
	if (r->raw.len && r->raw.data[r->raw.len - 1] == '\r')
		r->raw.data[--r->raw.len] = '\0';
	r->line++;
	return 1;
}

/*
 * Split r->raw in place at TABs and undo the escapes.  Returns the
 * number of fields.  The unescaped value is never longer than the
 * escaped one, so the line buffer holds both.
 */
static int
split_line(struct rec_reader *r, char ***out, int *cap)
{
	char *p = r->raw.data, *w;
	int n = 0;

	if (p == NULL) {
		buf_addc(&r->raw, '\0');
		p = r->raw.data;
	}
	for (;;) {
		if (n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*out = xrealloc(*out, (size_t)*cap * sizeof(char *));
		}
		(*out)[n++] = w = p;
		for (; *p && *p != '\t'; p++) {
			if (*p == '\\' && p[1]) {
				p++;
				switch (*p) {
				case 't': *w++ = '\t'; break;
				case 'n': *w++ = '\n'; break;
				case 'r': *w++ = '\r'; break;
				default: *w++ = *p; break;
				}
			} else
				*w++ = *p;
		}
		if (*p == '\0') {
			*w = '\0';
			return n;
		}
		*w = '\0';
		p++;
	}
}

int
rec_reader_open(struct rec_reader *r, FILE *fp, const char *name)
{
	int cap = 0, i;
	char **fields = NULL;

	memset(r, 0, sizeof *r);
	r->fp = fp;
	r->name = name;
	buf_init(&r->raw);
	if (!read_line(r)) {
		warnx_("%s: empty input, expected a header line", name);
		return -1;
	}
	r->nfields = split_line(r, &fields, &cap);
	r->header = xcalloc((size_t)r->nfields, sizeof(char *));
	for (i = 0; i < r->nfields; i++)
		r->header[i] = xstrdup(fields[i]);
	free(fields);
	r->values = xcalloc((size_t)r->nfields, sizeof(char *));
	return 0;
}

int
rec_field_index(const struct rec_reader *r, const char *field)
{
	int i;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->header[i], field) == 0)
			return i;
	return -1;
}

int
rec_require(const struct rec_reader *r, const char *field)
{
	int i = rec_field_index(r, field);

	if (i < 0)
		warnx_("%s:1: missing field '%s' in header", r->name, field);
	return i;
}

int
rec_read(struct rec_reader *r)
{
	int n, i;

	/*
	 * A blank line is an empty value in a one-field stream and noise
	 * in any other.
	 */
	do {
		if (!read_line(r))
			return 0;
	} while (r->raw.len == 0 && r->nfields > 1);
	n = split_line(r, &r->split, &r->splitcap);
	if (n > r->nfields) {
		warnx_("%s:%ld: %d fields, header has %d", r->name, r->line,
		    n, r->nfields);
		return -1;
	}
	for (i = 0; i < r->nfields; i++)
		r->values[i] = i < n ? r->split[i] : "";
	return 1;
}

void
rec_reader_free(struct rec_reader *r)
{
	int i;

	for (i = 0; i < r->nfields; i++)
		free(r->header[i]);
	free(r->header);
	free(r->values);
	free(r->split);
	buf_free(&r->raw);
}

int
rec_read_order_keys(struct rec_reader *r, int col, long long *ids, int max,
    long long *last)
{
	int n = 0, rc = 1, i;

	while (n < max && (rc = rec_read(r)) == 1) {
		const char *v = r->values[col];
		char *end;
		long long id;

		if (*v == '\0')
			continue;
		errno = 0;
		id = strtoll(v, &end, 10);
		if (*end || id <= 0 || errno) {
			warnx_("%s:%ld: field '%s': not an order key: '%s'",
			    r->name, r->line, r->header[col], v);
			return -1;
		}
		if (id == *last)
			continue;
		*last = id;
		for (i = 0; i < n && ids[i] != id; i++)
			;
		if (i == n)
			ids[n++] = id;
	}
	return n == max || rc >= 0 ? n : -1;
}
