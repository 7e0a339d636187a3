/*
 * Shipping labels.  A label is first laid out as a list of items (text
 * lines and the barcode) in blocks, independent of the format; then the
 * format measures each line against its font and the label's width,
 * places the items top to bottom, and only then writes anything.  The
 * check and both writers go through the same layout, so whatever
 * label_check accepts prints whole.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <zint.h>

#include "country.h"
#include "label.h"
#include "text.h"
#include "util.h"

#define MAX_ITEMS	32
#define PT_PER_MM	(72 / 25.4)

enum style { ST_SENDER, ST_RECIPIENT, ST_CARRIER, ST_INFO, ST_TRACKING,
	NSTYLE };

struct item {
	int bar;		/* the barcode, not a line of text */
	enum style st;
	int block;		/* items of a new block get a rule above */
	char what[40];		/* the field, for messages */
	char *text;		/* UTF-8, control characters made spaces */
	const char *alt;	/* shorter text when text does not fit */
	int prefix;		/* characters of text before the field's own */
	double y;		/* top, from the top of the label */
};

struct font {
	double size;		/* ZPL: height in dots; PDF: points */
	double adv;		/* ZPL: the widest character, in dots */
	int bold;		/* PDF: Helvetica-Bold, not Helvetica */
	double lead;		/* from one line's top to the next's */
};

/* A label size in one format's units: dots at 203 dpi, or points. */
struct geom {
	double w, h, margin;
	double rule, gap;	/* a rule between blocks, space either side */
	struct font font[NSTYLE];
	double bar_h, bar_gap;	/* bar height, space to the text below */
	double x_min, x_max;	/* a Code 128 module's width */
};

/*
 * Font 0 is proportional and its metrics are the printer's, so a ZPL
 * line is measured as if every character were as wide as the font's
 * width parameter, which even its widest letters stay within: a line
 * that passes cannot run off any printer's label.  A module of 2 dots
 * (0.25 mm) is the narrowest that scanners at depots read reliably.
 */
static const struct geom zpl_geom[] = {
	[LABEL_4X6] = { 812, 1218, 24, 3, 14,
	    { { 20, 14, 0, 24 }, { 36, 24, 0, 42 }, { 48, 32, 0, 54 },
	      { 24, 16, 0, 28 }, { 28, 18, 0, 32 } },
	    180, 10, 2, 3 },
	[LABEL_A6] = { 839, 1182, 24, 3, 14,
	    { { 20, 14, 0, 24 }, { 36, 24, 0, 42 }, { 48, 32, 0, 54 },
	      { 24, 16, 0, 28 }, { 28, 18, 0, 32 } },
	    180, 10, 2, 3 },
};

/* PDF lines are measured exactly, with the base-14 fonts' metrics. */
static const struct geom pdf_geom[] = {
	[LABEL_4X6] = { 288, 432, 12, 0.8, 5,
	    { { 7, 0, 0, 8.5 }, { 12, 0, 1, 14 }, { 16, 0, 1, 19 },
	      { 9, 0, 0, 11 }, { 10, 0, 0, 12 } },
	    60, 3, 0.25 * PT_PER_MM, 0.5 * PT_PER_MM },
	[LABEL_A6] = { 105 * PT_PER_MM, 148 * PT_PER_MM, 12, 0.8, 5,
	    { { 7, 0, 0, 8.5 }, { 12, 0, 1, 14 }, { 16, 0, 1, 19 },
	      { 9, 0, 0, 11 }, { 10, 0, 0, 12 } },
	    60, 3, 0.25 * PT_PER_MM, 0.5 * PT_PER_MM },
};

/* Code 128 wants ten modules of white either side of the bars. */
#define QUIET_MODULES	20

struct pdf {
	HPDF_Doc doc;
	HPDF_Font regular, bold;
	HPDF_STATUS error, detail;	/* the first error libharu reported */
};

struct layout {
	enum label_format f;
	const struct geom *g;
	struct pdf *pdf;		/* for measuring, when f is LABEL_PDF */
	struct item it[MAX_ITEMS];
	int n, block;
	char bad[40];			/* a field that is not UTF-8 */
	struct zint_symbol *sym;	/* the tracking number's barcode */
	double x_dim;			/* the module width chosen */
};

/* Code points of Windows-1252 bytes 0x80..0x9f; 0 where it has none. */
static const unsigned short cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* Characters, not bytes, of valid UTF-8. */
static int
utf8_chars(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Valid UTF-8 to Windows-1252, the encoding of the base-14 fonts; what
 * it cannot show becomes '?', so a line keeps its count of characters.
 */
static char *
utf8_to_cp1252(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc(strlen(s) + 1), *o = out;
	unsigned cp;
	int k, len;

	while (*p != '\0') {
		if (*p < 0x80)
			cp = *p, len = 1;
		else if (*p < 0xe0)
			cp = *p & 0x1f, len = 2;
		else if (*p < 0xf0)
			cp = *p & 0x0f, len = 3;
		else
			cp = *p & 0x07, len = 4;
		for (k = 1; k < len; k++)
			cp = cp << 6 | (p[k] & 0x3f);
		p += len;
		if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) {
			*o++ = (char)cp;
			continue;
		}
		*o = '?';
		for (k = 0; k < 32; k++)
			if (cp1252_high[k] == cp)
				*o = (char)(0x80 + k);
		o++;
	}
	*o = '\0';
	return out;
}

static void HPDF_STDCALL
pdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *arg)
{
	struct pdf *p = arg;

	if (p->error == HPDF_OK) {
		p->error = error;
		p->detail = detail;
	}
}

static void
pdf_why(const struct pdf *p, char *why, size_t n)
{
	if (p->error == HPDF_FAILD_TO_ALLOC_MEM)
		snprintf(why, n, "pdf: out of memory");
	else
		snprintf(why, n, "pdf: libharu error 0x%04x (detail %u)",
		    (unsigned)p->error, (unsigned)p->detail);
}

static int
pdf_open(struct pdf *p, char *why, size_t n)
{
	memset(p, 0, sizeof *p);
	if ((p->doc = HPDF_New(pdf_error, p)) == NULL) {
		snprintf(why, n, "pdf: out of memory");
		return -1;
	}
	p->regular = HPDF_GetFont(p->doc, "Helvetica", "WinAnsiEncoding");
	p->bold = HPDF_GetFont(p->doc, "Helvetica-Bold", "WinAnsiEncoding");
	if (p->error != HPDF_OK || p->regular == NULL || p->bold == NULL) {
		pdf_why(p, why, n);
		HPDF_Free(p->doc);
		return -1;
	}
	return 0;
}

/*
 * Add a line, unless its field is NULL or empty.  A label has at most
 * 22 items, so MAX_ITEMS is never reached.
 */
static void
add(struct layout *lo, enum style st, const char *what, const char *prefix,
    const char *text, const char *alt)
{
	struct item *it;
	struct buf b;
	char *s;

	if (text == NULL || *text == '\0' || lo->n == MAX_ITEMS)
		return;
	if (utf8_valid_prefix((const unsigned char *)text, strlen(text)) !=
	    strlen(text)) {
		if (lo->bad[0] == '\0')
			snprintf(lo->bad, sizeof lo->bad, "%s", what);
		return;
	}
	it = &lo->it[lo->n++];
	memset(it, 0, sizeof *it);
	it->st = st;
	it->block = lo->block;
	snprintf(it->what, sizeof it->what, "%s", what);
	buf_init(&b);
	buf_adds(&b, prefix);
	buf_adds(&b, text);
	/* A tab or newline in an address would break the line, not wrap. */
	for (s = b.data; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
	it->text = b.data;
	it->alt = alt;
	it->prefix = utf8_chars(prefix);
}

static void
add_address(struct layout *lo, enum style st, const char *who,
    const struct label_address *a)
{
	char what[40];
	const char *name;
	struct buf both;

	lo->block++;
#define FIELD(f, label) do {						\
	snprintf(what, sizeof what, "%s %s", who, label);		\
	add(lo, st, what, "", a->f, NULL);				\
} while (0)
	FIELD(name, "name");
	FIELD(company, "company");
	FIELD(address1, "address1");
	FIELD(address2, "address2");
	if (a->postal_code != NULL && *a->postal_code != '\0' &&
	    a->city != NULL && *a->city != '\0') {
		snprintf(what, sizeof what, "%s postal code and city", who);
		buf_init(&both);
		buf_printf(&both, "%s %s", a->postal_code, a->city);
		add(lo, st, what, "", both.data, NULL);
		buf_free(&both);
	} else {
		FIELD(postal_code, "postal code");
		FIELD(city, "city");
	}
	FIELD(region, "region");
	if (a->country != NULL && (name = country_name(a->country)) != NULL) {
		snprintf(what, sizeof what, "%s country", who);
		add(lo, st, what, "", name, a->country);
	} else
		FIELD(country, "country");
#undef FIELD
}

/* The label's items, in the order they are printed. */
static void
items(struct layout *lo, const struct label *lb)
{
	char s[64];

	add_address(lo, ST_SENDER, "sender", &lb->from);
	add_address(lo, ST_RECIPIENT, "recipient", &lb->to);
	lo->block++;
	add(lo, ST_CARRIER, "carrier", "", lb->carrier, NULL);
	add(lo, ST_CARRIER, "service", "", lb->service, NULL);
	lo->block++;
	if (lb->weight_g > 0) {
		snprintf(s, sizeof s, "%lld.%03lld kg", lb->weight_g / 1000,
		    lb->weight_g % 1000);
		add(lo, ST_INFO, "weight", "Weight: ", s, NULL);
	}
	if (lb->parcels > 0) {
		snprintf(s, sizeof s, "%d/%d", lb->parcel_no, lb->parcels);
		add(lo, ST_INFO, "parcel", "Parcel: ", s, NULL);
	}
	add(lo, ST_INFO, "ship date", "Ship date: ", lb->ship_date, NULL);
	add(lo, ST_INFO, "reference", "Reference: ", lb->reference, NULL);
	lo->block++;
	if (lb->tracking != NULL && *lb->tracking != '\0' &&
	    lo->n < MAX_ITEMS) {
		lo->it[lo->n] = (struct item){ .bar = 1, .block = lo->block };
		snprintf(lo->it[lo->n].what, sizeof lo->it[lo->n].what,
		    "tracking");
		lo->n++;
		add(lo, ST_TRACKING, "tracking", "", lb->tracking, NULL);
	}
}

/* How many of the line's leading characters fit the label's width. */
static int
room(const struct layout *lo, const struct item *it)
{
	const struct font *ft = &lo->g->font[it->st];
	double width = lo->g->w - 2 * lo->g->margin;
	HPDF_TextWidth tw;
	HPDF_Font font;
	char *s;
	int fit;

	if (lo->f == LABEL_ZPL)
		return (int)(width / ft->adv);
	font = ft->bold ? lo->pdf->bold : lo->pdf->regular;
	s = utf8_to_cp1252(it->text);
	tw = HPDF_Font_TextWidth(font, (HPDF_BYTE *)s, (HPDF_UINT)strlen(s));
	if (tw.width * ft->size / 1000 <= width)
		fit = (int)strlen(s);
	else
		fit = (int)HPDF_Font_MeasureText(font, (HPDF_BYTE *)s,
		    (HPDF_UINT)strlen(s), width, ft->size, 0, 0, HPDF_FALSE,
		    NULL);
	free(s);
	return fit;
}

static int
fit_line(struct layout *lo, struct item *it, char *why, size_t n)
{
	int chars = utf8_chars(it->text), fits = room(lo, it);

	if (chars <= fits)
		return 0;
	/* A country's name is kinder to read, but its code is as good. */
	if (it->alt != NULL) {
		free(it->text);
		it->text = xstrdup(it->alt);
		it->alt = NULL;
		return fit_line(lo, it, why, n);
	}
	fits -= it->prefix;
	snprintf(why, n, "%s is %d characters, the label has room for %d",
	    it->what, chars - it->prefix, fits > 0 ? fits : 0);
	return -1;
}

/* Encode the tracking number and choose a module width that fits. */
static int
fit_barcode(struct layout *lo, const char *tracking, char *why, size_t n)
{
	const struct geom *g = lo->g;
	double width = g->w - 2 * g->margin;
	const char *p;
	int modules;

	for (p = tracking; *p != '\0'; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z') || *p == '-' || *p == '.' ||
		    *p == '/')) {
			snprintf(why, n, "tracking has a character other than "
			    "letters, digits, '-', '.' and '/'");
			return -1;
		}
	if ((lo->sym = ZBarcode_Create()) == NULL) {
		snprintf(why, n, "barcode: out of memory");
		return -1;
	}
	lo->sym->symbology = BARCODE_CODE128;
	lo->sym->show_hrt = 0;
	if (ZBarcode_Encode(lo->sym, (const unsigned char *)tracking,
	    (int)strlen(tracking)) >= ZINT_ERROR) {
		snprintf(why, n, "tracking cannot be a Code 128 barcode: %s",
		    lo->sym->errtxt);
		return -1;
	}
	modules = lo->sym->width + QUIET_MODULES;
	lo->x_dim = width / modules;
	if (lo->x_dim > g->x_max)
		lo->x_dim = g->x_max;
	if (lo->f == LABEL_ZPL)
		lo->x_dim = (int)lo->x_dim;	/* whole dots */
	if (lo->x_dim < g->x_min) {
		snprintf(why, n, "tracking needs a barcode of %d modules, "
		    "the label has room for %d", lo->sym->width,
		    (int)(width / g->x_min) - QUIET_MODULES);
		return -1;
	}
	return 0;
}

static void
layout_free(struct layout *lo)
{
	int i;

	for (i = 0; i < lo->n; i++)
		free(lo->it[i].text);
	ZBarcode_Delete(lo->sym);
	lo->n = 0;
	lo->sym = NULL;
}

/*
 * Lay the label out for format f: every line fitted, the barcode's
 * module chosen and each item placed.  On failure `why` says what does
 * not fit and the layout is freed.
 */
static int
layout(struct layout *lo, const struct label *lb, enum label_format f,
    enum label_size sz, struct pdf *pdf, char *why, size_t n)
{
	const struct geom *g;
	double y;
	int i, last = 0;

	memset(lo, 0, sizeof *lo);
	if ((f != LABEL_ZPL && f != LABEL_PDF) ||
	    (sz != LABEL_4X6 && sz != LABEL_A6)) {
		snprintf(why, n, "unknown label format or size");
		return -1;
	}
	lo->f = f;
	lo->g = g = f == LABEL_ZPL ? &zpl_geom[sz] : &pdf_geom[sz];
	lo->pdf = pdf;
	if (lb->parcels > 0 && (lb->parcel_no < 1 ||
	    lb->parcel_no > lb->parcels)) {
		snprintf(why, n, "parcel %d of %d", lb->parcel_no,
		    lb->parcels);
		return -1;
	}
	items(lo, lb);
	if (lo->bad[0] != '\0') {
		snprintf(why, n, "%s is not valid UTF-8", lo->bad);
		goto fail;
	}
	y = g->margin;
	for (i = 0; i < lo->n; i++) {
		struct item *it = &lo->it[i];

		if (it->bar) {
			if (fit_barcode(lo, lb->tracking, why, n) == -1)
				goto fail;
		} else if (fit_line(lo, it, why, n) == -1)
			goto fail;
		if (i > 0 && it->block != last)
			y += 2 * g->gap + g->rule;
		last = it->block;
		it->y = y;
		y += it->bar ? g->bar_h + g->bar_gap : g->font[it->st].lead;
	}
	/* The sizes are chosen so that this cannot happen; keep it so. */
	if (y > g->h - g->margin) {
		snprintf(why, n, "the label is too short for its lines");
		goto fail;
	}
	return 0;
fail:
	layout_free(lo);
	return -1;
}

int
label_check(const struct label *lb, enum label_format f, enum label_size sz,
    char *why, size_t n)
{
	struct layout lo;
	struct pdf pdf;
	int rc;

	if (f == LABEL_PDF && pdf_open(&pdf, why, n) == -1)
		return -1;
	rc = layout(&lo, lb, f, sz, &pdf, why, n);
	if (rc == 0)
		layout_free(&lo);
	if (f == LABEL_PDF)
		HPDF_Free(pdf.doc);
	return rc;
}

/*
 * Field data under ^FH: the characters that would start a command, and
 * the hex indicator itself, as _XX.
 */
static void
zpl_data(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '^')
			fputs("_5E", out);
		else if (*s == '~')
			fputs("_7E", out);
		else if (*s == '_')
			fputs("_5F", out);
		else
			putc(*s, out);
	}
}

int
label_write_zpl(const struct label *lb, enum label_size sz, FILE *out)
{
	struct layout lo;
	const struct geom *g;
	char why[256];
	int i, x;

	if (layout(&lo, lb, LABEL_ZPL, sz, NULL, why, sizeof why) == -1) {
		warnx_("%s", why);
		return -1;
	}
	g = lo.g;
	fprintf(out, "^XA\n^CI28\n^PW%d\n^LL%d\n^LH0,0\n", (int)g->w,
	    (int)g->h);
	for (i = 0; i < lo.n; i++) {
		const struct item *it = &lo.it[i];

		if (i > 0 && it->block != lo.it[i - 1].block)
			fprintf(out, "^FO%d,%d^GB%d,%d,%d^FS\n",
			    (int)g->margin, (int)(it->y - g->gap - g->rule),
			    (int)(g->w - 2 * g->margin), (int)g->rule,
			    (int)g->rule);
		if (it->bar) {
			x = (int)(g->w - lo.x_dim * lo.sym->width) / 2;
			fprintf(out, "^BY%d\n^FO%d,%d^BCN,%d,N,N,N,A^FD",
			    (int)lo.x_dim, x, (int)it->y, (int)g->bar_h);
			zpl_data(out, lb->tracking);
			fputs("^FS\n", out);
			continue;
		}
		fprintf(out, "^FO%d,%d^A0N,%d,%d", (int)g->margin, (int)it->y,
		    (int)g->font[it->st].size, (int)g->font[it->st].adv);
		/* Font 0's widths are the printer's: let it centre the text. */
		if (it->st == ST_TRACKING)
			fprintf(out, "^FB%d,1,0,C",
			    (int)(g->w - 2 * g->margin));
		fputs("^FH^FD", out);
		zpl_data(out, it->text);
		fputs("^FS\n", out);
	}
	fputs("^XZ\n", out);
	layout_free(&lo);
	if (fflush(out) == EOF || ferror(out))
		return -1;
	return 0;
}

/*
 * strerror in lower case, as oms messages are: export.h has the same,
 * but would bring the CSV reader and YAML into every program that
 * prints a label.
 */
static void
path_why(const char *path, char *why, size_t n)
{
	char msg[128];

	snprintf(msg, sizeof msg, "%s", strerror(errno));
	msg[0] = (char)tolower((unsigned char)msg[0]);
	snprintf(why, n, "%s: %s", path, msg);
}

/* The barcode from libzint's rectangles, scaled to x_dim and bar_h. */
static void
pdf_barcode(HPDF_Page page, const struct layout *lo, double top)
{
	const struct zint_vector *v = lo->sym->vector;
	const struct zint_vector_rect *r;
	double sx, sy, x0;

	sx = lo->x_dim * lo->sym->width / v->width;
	sy = lo->g->bar_h / v->height;
	x0 = (lo->g->w - lo->x_dim * lo->sym->width) / 2;
	for (r = v->rectangles; r != NULL; r = r->next)
		if (r->colour == -1)
			HPDF_Page_Rectangle(page, x0 + r->x * sx,
			    top - (r->y + r->height) * sy, r->width * sx,
			    r->height * sy);
	HPDF_Page_Fill(page);
}

/* The document as bytes to path; a file half written is removed. */
static int
pdf_save(struct pdf *p, const char *path, char *why, size_t n)
{
	HPDF_BYTE chunk[8192];
	HPDF_UINT32 len;
	HPDF_STATUS st;
	FILE *fp;

	if (HPDF_SaveToStream(p->doc) != HPDF_OK) {
		pdf_why(p, why, n);
		return -1;
	}
	if ((fp = fopen(path, "wb")) == NULL) {
		path_why(path, why, n);
		return -1;
	}
	do {
		len = sizeof chunk;
		st = HPDF_ReadFromStream(p->doc, chunk, &len);
		if (st != HPDF_OK && st != HPDF_STREAM_EOF) {
			pdf_why(p, why, n);
			goto fail;
		}
		if (len > 0 && fwrite(chunk, 1, len, fp) != len)
			goto fail_errno;
	} while (st == HPDF_OK);
	if (fclose(fp) == EOF) {
		fp = NULL;
		goto fail_errno;
	}
	return 0;
fail_errno:
	path_why(path, why, n);
fail:
	if (fp != NULL)
		fclose(fp);
	unlink(path);
	return -1;
}

int
label_write_pdf(const struct label *lb, enum label_size sz, const char *path,
    char *why, size_t n)
{
	struct layout lo;
	struct pdf pdf;
	const struct geom *g;
	HPDF_Page page;
	int i, rc = -1;

	if (pdf_open(&pdf, why, n) == -1)
		return -1;
	if (layout(&lo, lb, LABEL_PDF, sz, &pdf, why, n) == -1) {
		HPDF_Free(pdf.doc);
		return -1;
	}
	g = lo.g;
	HPDF_SetCompressionMode(pdf.doc, HPDF_COMP_ALL);
	page = HPDF_AddPage(pdf.doc);
	HPDF_Page_SetWidth(page, g->w);
	HPDF_Page_SetHeight(page, g->h);
	for (i = 0; i < lo.n; i++) {
		const struct item *it = &lo.it[i];
		const struct font *ft = &g->font[it->st];
		double top = g->h - it->y, x = g->margin;
		HPDF_Font font;
		char *s;

		if (i > 0 && it->block != lo.it[i - 1].block) {
			HPDF_Page_SetLineWidth(page, g->rule);
			HPDF_Page_MoveTo(page, g->margin,
			    top + g->gap + g->rule / 2);
			HPDF_Page_LineTo(page, g->w - g->margin,
			    top + g->gap + g->rule / 2);
			HPDF_Page_Stroke(page);
		}
		if (it->bar) {
			if (ZBarcode_Buffer_Vector(lo.sym, 0) >= ZINT_ERROR) {
				snprintf(why, n, "barcode: %s",
				    lo.sym->errtxt);
				goto done;
			}
			pdf_barcode(page, &lo, top);
			continue;
		}
		font = ft->bold ? pdf.bold : pdf.regular;
		s = utf8_to_cp1252(it->text);
		if (it->st == ST_TRACKING)
			x = (g->w - HPDF_Font_TextWidth(font, (HPDF_BYTE *)s,
			    (HPDF_UINT)strlen(s)).width * ft->size / 1000) / 2;
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, font, ft->size);
		/* The baseline, a Helvetica ascender below the line's top. */
		HPDF_Page_TextOut(page, x, top - ft->size * 0.718, s);
		HPDF_Page_EndText(page);
		free(s);
	}
	if (pdf.error != HPDF_OK) {
		pdf_why(&pdf, why, n);
		goto done;
	}
	rc = pdf_save(&pdf, path, why, n);
done:
	layout_free(&lo);
	HPDF_Free(pdf.doc);
	return rc;
}
