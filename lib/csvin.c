#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "text.h"

#define RBUF_SIZE (256 * 1024)

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;	/* keep blanks: trimming is the importer's choice */
}

static struct csv_row *
row_new(void)
{
	struct csv_row *r = xcalloc(1, sizeof *r);

	buf_init(&r->raw);
	buf_init(&r->data);
	return r;
}

static void
row_reset(struct csv_row *r)
{
	r->nfields = 0;
	r->line = 0;
	r->offset = 0;
	r->error[0] = '\0';
	r->rawlen = 0;
	buf_reset(&r->raw);
	buf_reset(&r->data);
}

static void
row_free(struct csv_row *r)
{
	if (r == NULL)
		return;
	buf_free(&r->raw);
	buf_free(&r->data);
	free(r->off);
	free(r->fields);
	free(r);
}

void
csvin_init(struct csv_in *c, FILE *fp, const char *name)
{
	memset(c, 0, sizeof *c);
	c->fp = fp;
	c->name = name;
	c->delim = ',';
	c->quote = '"';
	c->rbuf = xmalloc(RBUF_SIZE);
	c->keep_raw = 1;
	c->cur = row_new();
	buf_init(&c->peeked);
	buf_init(&c->line);
	buf_init(&c->conv);
}

void
csvin_set_format(struct csv_in *c, char delim, char quote, int cp1252)
{
	c->delim = delim;
	c->quote = quote;
	c->cp1252 = cp1252;
}

/* Append the next physical line (newline included) to out; 0 at EOF. */
static int
raw_line(struct csv_in *c, struct buf *out, int from_peek)
{
	size_t start = out->len;

	if (from_peek && c->peekpos < c->peeked.len) {
		char *s = c->peeked.data + c->peekpos;
		char *nl = memchr(s, '\n', c->peeked.len - c->peekpos);
		size_t n = nl ? (size_t)(nl - s) + 1 : c->peeked.len - c->peekpos;

		buf_add(out, s, n);
		c->peekpos += n;
		if (nl)
			return 1;
	}
	for (;;) {
		unsigned char *s, *nl;
		size_t n;

		if (c->rpos == c->rlen) {
			if (c->at_eof)
				break;
			c->rlen = fread(c->rbuf, 1, RBUF_SIZE, c->fp);
			c->rpos = 0;
			if (c->rlen == 0) {
				c->at_eof = 1;
				break;
			}
		}
		s = c->rbuf + c->rpos;
		nl = memchr(s, '\n', c->rlen - c->rpos);
		n = nl ? (size_t)(nl - s) + 1 : c->rlen - c->rpos;
		buf_add(out, s, n);
		c->rpos += n;
		if (nl)
			return 1;
		if (out->len - start > (size_t)CSVIN_ROW_MAX)
			return 1;	/* the caller refuses the row */
	}
	return out->len > start;
}

const char *
csvin_peek_lines(struct csv_in *c, int max, size_t max_bytes)
{
	int n = 0;

	while (n < max && c->peeked.len < max_bytes &&
	    raw_line(c, &c->peeked, 0))
		n++;
	return c->peeked.data ? c->peeked.data : "";
}

/* Start a field of r at byte `at` of its data. */
static void
add_field_at(struct csv_row *r, size_t at)
{
	if (r->nfields == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->off = xrealloc(r->off, (size_t)r->cap * sizeof *r->off);
	}
	r->off[r->nfields++] = at;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csv_in *c = data;
	struct csv_row *r = c->cur;

	add_field_at(r, r->data.len);
	buf_add(&r->data, s ? s : "", s ? len : 0);
	buf_addc(&r->data, '\0');
}

static void
on_row(int term, void *data)
{
	struct csv_in *c = data;
	struct csv_row *r = c->cur;

	(void)term;
	if (c->qlen == c->qcap) {
		int i, old = c->qcap;
		struct csv_row **q;

		c->qcap = c->qcap ? c->qcap * 2 : 4;
		q = xcalloc((size_t)c->qcap, sizeof *q);
		for (i = 0; i < c->qlen; i++)
			q[i] = c->queue[(c->qhead + i) % old];
		free(c->queue);
		c->queue = q;
		c->qhead = 0;
	}
	c->queue[(c->qhead + c->qlen++) % c->qcap] = r;
	if (c->spare) {
		c->cur = c->spare;
		c->spare = NULL;
		row_reset(c->cur);
	} else
		c->cur = row_new();
}

static void
finish_row_fields(struct csv_row *r)
{
	int i;

	r->fields = xrealloc(r->fields, ((size_t)r->nfields + 1) *
	    sizeof(char *));
	for (i = 0; i < r->nfields; i++)
		r->fields[i] = r->data.data + r->off[i];
	r->fields[r->nfields] = NULL;
}

static int
is_blank_line(const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '\n') ||
	    (n == 2 && s[0] == '\r' && s[1] == '\n');
}

/*
 * libcsv reads a byte at a time through callbacks; most rows of an
 * export need far less.  A row that stands on one line, whose quoted
 * fields close before a delimiter or the line's end and whose unquoted
 * fields hold no quote and no CR, is split here with the same result;
 * anything else (a quoted newline, a stray quote, a lone CR) is left to
 * libcsv.  Returns 1 when the row was taken.
 */
static int
split_simple_row(struct csv_in *c, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *q;
	struct csv_row *r = c->cur;
	char d = c->delim, quote = c->quote;

	/* The line's end: "\n", "\r\n", or the end of the input. */
	if (end > p && end[-1] == '\n')
		end--;
	if (end > p && end[-1] == '\r')
		end--;
	for (;;) {
		if (quote && p < end && *p == quote) {
			/* "...", with "" for a quote inside. */
			size_t start = r->data.len;

			for (p++;; p++) {
				q = p;
				while (q < end && *q != quote)
					q++;
				if (q == end)
					goto fallback;	/* runs past the line */
				buf_add(&r->data, p, (size_t)(q - p));
				p = q + 1;
				if (p < end && *p == quote) {
					buf_addc(&r->data, quote);
					continue;
				}
				break;
			}
			if (p < end && *p != d)
				goto fallback;		/* "abc"def */
			add_field_at(r, start);
		} else {
			q = p;
			while (q < end && *q != d) {
				if (*q == '\r' || (quote && *q == quote))
					goto fallback;
				q++;
			}
			add_field_at(r, r->data.len);
			buf_add(&r->data, p, (size_t)(q - p));
			p = q;
		}
		buf_addc(&r->data, '\0');
		if (p == end)
			break;
		p++;			/* the delimiter */
		if (p == end) {
			/* A trailing delimiter: one more, empty field. */
			add_field_at(r, r->data.len);
			buf_addc(&r->data, '\0');
			break;
		}
	}
	on_row('\n', c);
	return 1;
fallback:
	r->nfields = 0;
	buf_reset(&r->data);
	return 0;
}

/* Feed one physical line to the parser; rows it completes are queued. */
static void
feed_line(struct csv_in *c)
{
	const unsigned char *s = (const unsigned char *)c->line.data;
	size_t n = c->line.len;
	long long line_offset = c->offset;
	struct csv_row *r = c->cur;

	c->lineno++;
	c->offset += (long long)n;
	if (!c->bom_done) {
		c->bom_done = 1;
		if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
			s += 3;
			n -= 3;
		}
	}
	/* A row starts on its first non-blank line. */
	if (r->rawlen == 0 && r->nfields == 0 && c->parser.pstate == 0) {
		if (is_blank_line((const char *)s, n))
			return;
		r->line = c->lineno;
		r->offset = line_offset;
	}
	r->rawlen += n;
	if (c->keep_raw)
		buf_add(&r->raw, s, n);
	if (r->rawlen > (size_t)CSVIN_ROW_MAX) {
		c->fatal = 1;
		snprintf(r->error, sizeof r->error, "row longer than %ld MiB "
		    "(an unterminated quote?)", CSVIN_ROW_MAX >> 20);
		return;
	}
	if (c->cp1252) {
		buf_reset(&c->conv);
		cp1252_to_utf8(&c->conv, s, n);
		s = (const unsigned char *)c->conv.data;
		n = c->conv.len;
	} else if (r->error[0] == '\0') {
		size_t ok = utf8_valid_prefix(s, n);

		if (ok < n)
			snprintf(r->error, sizeof r->error,
			    "invalid UTF-8 at byte offset %lld",
			    line_offset + (long long)ok +
			    (long long)((const char *)s - c->line.data));
	}
	/* A whole row on one line, in the simple shapes: split it here. */
	if (r->nfields == 0 && c->parser.pstate == 0 &&
	    split_simple_row(c, (const char *)s, n))
		return;
	csv_parse(&c->parser, s, n, on_field, on_row, c);
}

static void
setup_parser(struct csv_in *c)
{
	csv_init(&c->parser, CSV_APPEND_NULL | CSV_STRICT_FINI);
	csv_set_delim(&c->parser, (unsigned char)c->delim);
	/* No quoting: a quote character that no text contains. */
	csv_set_quote(&c->parser, c->quote ? (unsigned char)c->quote : 0);
	csv_set_space_func(&c->parser, no_space);
	csv_set_realloc_func(&c->parser, xrealloc);
	c->parser_ready = 1;
}

int
csvin_next(struct csv_in *c, struct csv_row **row)
{
	if (!c->parser_ready)
		setup_parser(c);
	if (c->returned) {
		/* The caller is done with the row it had last. */
		if (c->spare == NULL)
			c->spare = c->returned;
		else
			row_free(c->returned);
		c->returned = NULL;
	}
	while (c->qlen == 0 && !c->finished && !c->fatal) {
		buf_reset(&c->line);
		if (raw_line(c, &c->line, 1)) {
			feed_line(c);
			continue;
		}
		if (ferror(c->fp)) {
			warnx_("%s: read error: %s", c->name, strerror(errno));
			return -1;
		}
		c->finished = 1;
		/*
		 * The last field opened a quote and never closed it.  (libcsv
		 * reports this only in strict mode, which would also refuse
		 * the stray quotes real exports have: 10" LP.)
		 */
		if (c->parser.quoted && c->parser.pstate == 2 &&
		    c->cur->error[0] == '\0')
			snprintf(c->cur->error, sizeof c->cur->error,
			    "unterminated quoted field: it runs to the end "
			    "of the file");
		if (csv_fini(&c->parser, on_field, on_row, c) != 0)
			on_row(-1, c);
	}
	if (c->fatal && c->qlen == 0) {
		/* Hand out the oversized row once, with its error. */
		c->fatal = 2;
		if (c->cur->error[0] == '\0')
			return 0;
		finish_row_fields(c->cur);
		*row = c->returned = c->cur;
		c->cur = row_new();
		c->cur->error[0] = '\0';
		c->finished = 1;
		return 1;
	}
	if (c->qlen == 0)
		return 0;
	*row = c->returned = c->queue[c->qhead];
	c->qhead = (c->qhead + 1) % c->qcap;
	c->qlen--;
	finish_row_fields(*row);
	return 1;
}

void
csvin_free(struct csv_in *c)
{
	int i;

	if (c->parser_ready)
		csv_free(&c->parser);
	for (i = 0; i < c->qlen; i++)
		row_free(c->queue[(c->qhead + i) % c->qcap]);
	free(c->queue);
	row_free(c->cur);
	row_free(c->spare);
	row_free(c->returned);
	free(c->rbuf);
	buf_free(&c->peeked);
	buf_free(&c->line);
	buf_free(&c->conv);
}

struct split_ctx {
	char **out;
	int n, max;
};

static void
split_field(void *s, size_t len, void *data)
{
	struct split_ctx *x = data;

	if (x->n < x->max) {
		x->out[x->n] = xstrndup(s ? s : "", s ? len : 0);
		trim(x->out[x->n]);
		x->n++;
	}
}

static void
split_row(int term, void *data)
{
	(void)term;
	(void)data;
}

int
csv_split_line(const char *line, size_t len, char delim, char quote,
    char **out, int max)
{
	struct csv_parser p;
	struct split_ctx x = { out, 0, max };

	if (len >= 3 && (unsigned char)line[0] == 0xef &&
	    (unsigned char)line[1] == 0xbb && (unsigned char)line[2] == 0xbf) {
		line += 3;
		len -= 3;
	}
	csv_init(&p, CSV_APPEND_NULL);
	csv_set_delim(&p, (unsigned char)delim);
	csv_set_quote(&p, quote ? (unsigned char)quote : 0);
	csv_set_space_func(&p, no_space);
	csv_parse(&p, line, len, split_field, split_row, &x);
	csv_fini(&p, split_field, split_row, &x);
	csv_free(&p);
	return x.n;
}
