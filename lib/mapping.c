#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mapping.h"
#include "text.h"
#include "util.h"

const char *
row_field(const struct row_view *r, int i)
{
	return i >= 0 && i < r->n ? r->data + r->off[i] : "";
}

static int
is_blank_char(const char *p)
{
	return *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' ||
	    ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0);
}

/* A field without the blanks around it, as a pointer and a length. */
const char *
trimmed(const char *f, size_t *len)
{
	const char *end;

	while (is_blank_char(f))
		f += *f == ' ' || *f == '\t' || *f == '\r' || *f == '\n' ? 1 : 2;
	end = f + strlen(f);
	while (end > f) {
		if (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
		    end[-1] == '\n')
			end--;
		else if (end - f >= 2 && (unsigned char)end[-2] == 0xc2 &&
		    (unsigned char)end[-1] == 0xa0)
			end -= 2;
		else
			break;
	}
	*len = (size_t)(end - f);
	return f;
}

static int
map_value(const struct source *s, const char *v, const char **out)
{
	int i;

	for (i = 0; i < s->nmap; i++) {
		if (strcmp(s->map_from[i], v) == 0 ||
		    (strcmp(s->map_from[i], "*") == 0 && *v)) {
			*out = s->map_to[i];
			return 1;
		}
	}
	return 0;
}

/*
 * The value of a source in one row, as a new string, or NULL when it
 * is empty.  Packed line cells pass their key/value text as `packed`.
 */
char *
value_in(const struct source *s, const struct row_view *r, const char *packed,
    char item_sep, char kv_sep)
{
	struct buf b;
	const char *v = NULL, *mapped;
	int i;

	if (!s->set)
		return NULL;
	if (s->constant)
		return *s->constant ? xstrdup(s->constant) : NULL;
	buf_init(&b);
	for (i = 0; i < s->ncolumns; i++) {
		const char *f;
		char *tmp = NULL;
		size_t flen;

		if (packed) {
			/* "name:Formal shoe|sku:A12|quantity:1" */
			size_t klen = strlen(s->columns[i]);
			const char *p = packed;

			f = "";
			while (*p) {
				const char *end = strchr(p, item_sep);
				size_t n = end ? (size_t)(end - p) : strlen(p);

				if (n > klen && strncmp(p, s->columns[i],
				    klen) == 0 && p[klen] == kv_sep) {
					tmp = xstrndup(p + klen + 1,
					    n - klen - 1);
					f = trim(tmp);
					break;
				}
				p += n + (end != NULL);
			}
		} else
			f = row_field(r, s->index ? s->index[i] : -1);
		f = trimmed(f, &flen);
		if (s->strip_prefix && strncmp(f, s->strip_prefix,
		    strlen(s->strip_prefix)) == 0) {
			flen -= strlen(s->strip_prefix);
			f += strlen(s->strip_prefix);
		}
		if (s->strip_suffix && flen >= strlen(s->strip_suffix) &&
		    memcmp(f + flen - strlen(s->strip_suffix), s->strip_suffix,
		    strlen(s->strip_suffix)) == 0)
			flen -= strlen(s->strip_suffix);
		if (flen) {
			if (s->join) {
				if (b.len)
					buf_adds(&b, s->join);
				buf_add(&b, f, flen);
			} else if (b.len == 0)
				buf_add(&b, f, flen);
		}
		free(tmp);
		if (b.len && !s->join)
			break;
	}
	v = b.len ? b.data : "";
	if (map_value(s, v, &mapped))
		v = mapped;
	if (*v == '\0' && s->fallback)
		v = s->fallback;
	v = *v ? xstrdup(v) : NULL;
	buf_free(&b);
	return (char *)v;
}

int
cond_true(const struct cond *c, const char *v)
{
	int i;

	v = v ? v : "";
	switch (c->op) {
	case COND_EMPTY:
		return *v == '\0';
	case COND_NONEMPTY:
		return *v != '\0';
	case COND_EQUALS:
	case COND_IN:
		for (i = 0; i < c->nvalues; i++)
			if (strcasecmp(v, c->values[i]) == 0)
				return 1;
		return 0;
	case COND_PREFIX:
		for (i = 0; i < c->nvalues; i++)
			if (strncmp(v, c->values[i], strlen(c->values[i])) == 0)
				return 1;
		return 0;
	}
	return 0;
}

/*
 * Whether this file has the field at all: the profile maps it and the
 * header has one of its columns (or it is a constant).
 */
int
present(const struct source *s)
{
	int i;

	if (!s->set)
		return 0;
	if (s->constant || s->fallback)
		return 1;
	for (i = 0; i < s->ncolumns; i++)
		if (s->index && s->index[i] >= 0)
			return 1;
	return 0;
}

