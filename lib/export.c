#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "text.h"

static const char delimiters[] = { ',', '\t', ';' };

const char *
errno_text(void)
{
	static char msg[128];

	snprintf(msg, sizeof msg, "%s", strerror(errno));
	msg[0] = (char)tolower((unsigned char)msg[0]);
	return msg;
}

int
export_is_header(const struct profile *p, char **names, int n)
{
	const struct source *key = p->kind == KIND_ORDERS ? &p->order.number :
	    &p->stock.sku;
	int i, k;

	if (p->ndetect)
		return profile_matches(p, names, n);
	for (k = 0; k < key->ncolumns; k++)
		for (i = 0; i < n; i++)
			if (strcmp(names[i], key->columns[k]) == 0)
				return 1;
	return 0;
}

/* The names of the candidates, comma-separated, for messages. */
static void
export_names(struct profile **candidates, struct buf *out)
{
	int i;

	for (i = 0; candidates[i]; i++) {
		if (i)
			buf_adds(out, ", ");
		buf_adds(out, candidates[i]->name);
	}
}

struct profile *
export_named(struct profile **candidates, const char *name, const char *what)
{
	struct profile *p = profile_find(candidates, name);
	struct buf names;

	if (p)
		return p;
	buf_init(&names);
	export_names(candidates, &names);
	warnx_("unknown format '%s': the known %s are %s", name, what,
	    names.data);
	buf_free(&names);
	return NULL;
}

/*
 * Find the profile and delimiter of an export from its first lines.
 * With `given`, only the delimiter is sought (when the profile leaves it
 * open); otherwise every candidate is tried.
 */
static struct profile *
sniff(const char *text, struct profile *given, struct profile **candidates,
    char *delim)
{
	const char *line = text;
	char *names[512];
	int n, i, d, b;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		for (d = 0; d < 3; d++) {
			struct profile *hit = NULL;

			if (given && given->delimiter &&
			    given->delimiter != delimiters[d])
				continue;
			n = csv_split_line(line, len, delimiters[d],
			    given ? given->quote : '"', names, 512);
			if (given && export_is_header(given, names, n))
				hit = given;
			for (b = 0; !given && candidates[b] && !hit; b++)
				if ((candidates[b]->delimiter == 0 ||
				    candidates[b]->delimiter == delimiters[d]) &&
				    export_is_header(candidates[b], names, n))
					hit = candidates[b];
			for (i = 0; i < n; i++)
				free(names[i]);
			if (hit) {
				*delim = delimiters[d];
				return hit;
			}
		}
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	return NULL;
}

static void
free_names(char **names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Read rows up to and including the header; 0 when found. */
static int
read_header(struct export *x)
{
	struct csv_row *r = NULL;
	int rows = 0, rc, i;

	while ((rc = csvin_next(&x->in, &r)) == 1) {
		char **names = xcalloc((size_t)r->nfields + 1, sizeof *names);

		for (i = 0; i < r->nfields; i++)
			names[i] = trim(xstrdup(r->fields[i]));
		if (export_is_header(x->prof, names, r->nfields)) {
			if (r->error[0]) {
				warnx_("%s:%ld: header: %s", x->file, r->line,
				    r->error);
				free_names(names, r->nfields);
				return -1;
			}
			x->header = names;
			x->nheader = r->nfields;
			for (i = 0; i < r->nfields; i++)
				if (*names[i])
					x->nheader_used = i + 1;
			x->header_line = r->line;
			buf_add(&x->header_raw, r->raw.data, r->raw.len);
			return 0;
		}
		free_names(names, r->nfields);
		if (++rows >= HEADER_SEARCH_ROWS)
			break;
	}
	if (rc < 0)
		return -1;
	warnx_("%s: no header for profile %s in the first %d rows", x->file,
	    x->prof->name, rows);
	return -1;
}

int
export_open(struct export *x, const char *path, struct profile *given,
    struct profile **candidates)
{
	const char *peek;
	char delim = 0;

	memset(x, 0, sizeof *x);
	buf_init(&x->header_raw);
	x->file = strcmp(path, "-") == 0 ? "stdin" : path;
	x->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (x->fp == NULL) {
		warnx_("%s: %s", path, errno_text());
		return EXIT_INPUT;
	}
	csvin_init(&x->in, x->fp, x->file);
	peek = csvin_peek_lines(&x->in, HEADER_SEARCH_ROWS, 1 << 20);
	if (*peek == '\0') {
		warnx_("%s: empty file: expected a header line", x->file);
		return EXIT_INPUT;
	}
	x->prof = sniff(peek, given, candidates, &delim);
	if (x->prof == NULL) {
		struct buf names;

		buf_init(&names);
		export_names(candidates, &names);
		if (given)
			warnx_("%s: no header with the columns profile %s "
			    "expects in the first %d lines", x->file,
			    given->name, HEADER_SEARCH_ROWS);
		else
			warnx_("%s: unknown format: the header matches none "
			    "of %s; name one with -f or describe the file "
			    "with -p PROFILE", x->file, names.data);
		buf_free(&names);
		return EXIT_INPUT;
	}
	csvin_set_format(&x->in, delim, x->prof->quote, x->prof->windows1252);
	return read_header(x) < 0 ? EXIT_INPUT : 0;
}

void
export_close(struct export *x)
{
	if (x->fp == NULL)
		return;
	csvin_free(&x->in);
	if (x->fp != stdin)
		fclose(x->fp);
	if (x->header)
		free_names(x->header, x->nheader);
	buf_free(&x->header_raw);
	x->fp = NULL;
}
