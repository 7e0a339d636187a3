/*
 * csvin splits simple one-line rows itself and leaves the rest to
 * libcsv.  The two must agree: random lines built from the characters
 * that matter (delimiter, quote, CR, blanks, UTF-8) are parsed both
 * ways and compared field by field.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "tap.h"

struct fields {
	char *v[64];
	int n, rows;
};

static void
cb_field(void *s, size_t len, void *data)
{
	struct fields *f = data;

	if (f->rows == 0 && f->n < 64)
		f->v[f->n++] = strndup(s ? s : "", s ? len : 0);
}

static void
cb_row(int c, void *data)
{
	(void)c;
	((struct fields *)data)->rows++;
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
libcsv_parse(const char *line, size_t n, char delim, struct fields *f)
{
	struct csv_parser p;

	memset(f, 0, sizeof *f);
	csv_init(&p, CSV_APPEND_NULL);
	csv_set_delim(&p, (unsigned char)delim);
	csv_set_space_func(&p, no_space);
	csv_parse(&p, line, n, cb_field, cb_row, f);
	csv_fini(&p, cb_field, cb_row, f);
	csv_free(&p);
}

static unsigned long long seed = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

int
main(void)
{
	static const char *const atoms[] = { "a", "b", ",", ";", "\"", "\"\"",
	    " ", "\r", "\xc3\xa9", "\t", "x\"y", "\"q,q\"" };
	int i, agree = 0, compared = 0, mismatches = 0;

	for (i = 0; i < 20000; i++) {
		char line[256], name[64];
		size_t n = 0;
		int k, atomsn = (int)rnd(12), j;
		char delim = rnd(3) == 0 ? ';' : ',';
		struct fields want;
		struct csv_in in;
		struct csv_row *r = NULL;
		FILE *fp;

		for (k = 0; k < atomsn; k++) {
			const char *a = atoms[rnd(sizeof atoms / sizeof atoms[0])];

			memcpy(line + n, a, strlen(a));
			n += strlen(a);
		}
		line[n++] = '\n';
		line[n] = '\0';
		libcsv_parse(line, n, delim, &want);
		if (want.rows != 1) {
			for (j = 0; j < want.n; j++)
				free(want.v[j]);
			continue;	/* blank, or split by a CR: not comparable */
		}
		fp = fmemopen(line, n, "r");
		csvin_init(&in, fp, "random");
		csvin_set_format(&in, delim, '"', 0);
		compared++;
		if (csvin_next(&in, &r) == 1 && r->nfields == want.n) {
			for (j = 0; j < want.n; j++)
				if (strcmp(r->fields[j], want.v[j]) != 0)
					break;
			if (j == want.n)
				agree++;
		}
		if (compared - agree > mismatches) {
			mismatches++;
			if (mismatches <= 5) {
				snprintf(name, sizeof name, "line %d agrees", i);
				ok(0, name);
				printf("#   line: ");
				for (j = 0; j < (int)n; j++)
					printf(line[j] < 32 ? "\\x%02x" : "%c",
					    (unsigned char)line[j]);
				printf("\n");
			}
		}
		csvin_free(&in);
		fclose(fp);
		for (j = 0; j < want.n; j++)
			free(want.v[j]);
	}
	ok(compared > 10000, "compared more than 10000 random lines");
	is_int(agree, compared, "csvin and libcsv agree on every line");
	return done_testing();
}
