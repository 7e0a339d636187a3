/*
 * Mapping: reading the value a profile's source names from a row of an
 * export.  Shared by every importer (orders, stock) so that a profile
 * means the same thing everywhere.
 */
#ifndef OMS_MAPPING_H
#define OMS_MAPPING_H

#include <stddef.h>

#include "profile.h"

/* A parsed row: NUL-terminated fields at data + off[i]. */
struct row_view {
	const char *data;
	const size_t *off;
	int n;
};

/* Field i of a row, or "" past its end. */
const char *row_field(const struct row_view *r, int i);

/* A field without the blanks around it, as a pointer and a length. */
const char *trimmed(const char *f, size_t *len);

/*
 * The value of a source in one row as a new string, or NULL when it is
 * empty.  With `packed`, the source's columns name keys inside that
 * cell ("name:Formal shoe|sku:A12"), separated by item_sep and kv_sep.
 */
char *value_in(const struct source *s, const struct row_view *r,
    const char *packed, char item_sep, char kv_sep);

/* Whether a rule's condition holds for a value (NULL: empty). */
int cond_true(const struct cond *c, const char *v);

/*
 * Whether this file has the field at all: the profile maps it and the
 * header has one of its columns (or it is a constant).
 */
int present(const struct source *s);

#endif
