/*
 * label: the fit rules with their exact messages (characters, not
 * bytes; empty fields left out; the country's code when its name is
 * too long), ZPL held to a small syntax checker with its escapes, and
 * PDFs read back with pdftotext and measured by their MediaBox.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "label.h"
#include "tap.h"
#include "util.h"

static char dir[] = "/tmp/test_label.XXXXXX";
static char why[256];

static struct label
base(void)
{
	struct label lb = {
		.from = { "Lager Nord", "Beispiel Handel GmbH",
		    "Industriestraße 7", NULL, "20095", "Hamburg", NULL, "DE",
		    "+49 40 1234567" },
		.to = { "Jürgen Müller", NULL, "Hauptstraße 5", "",
		    "10115", "Berlin", NULL, "DE", NULL },
		.carrier = "DHL Paket",
		.service = "Express",
		.tracking = "RR123456785DE",
		.weight_g = 1250,
		.reference = "shopify 1001 / oms 42",
		.parcel_no = 1,
		.parcels = 2,
		.ship_date = "2026-11-28",
	};
	return lb;
}

/* A field of n copies of the UTF-8 character c. */
static const char *
rep(const char *c, int n)
{
	static char s[8][512];
	static int k;
	char *p = s[k++ % 8];

	p[0] = '\0';
	while (n-- > 0)
		strcat(p, c);
	return p;
}

static int
check(const struct label *lb, enum label_format f, enum label_size sz)
{
	why[0] = '\0';
	return label_check(lb, f, sz, why, sizeof why);
}

static void
fit_rules(void)
{
	struct label lb = base();

	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), 0, "zpl 4x6: accepted");
	is_str(why, "", "zpl 4x6: no message");
	is_int(check(&lb, LABEL_ZPL, LABEL_A6), 0, "zpl a6: accepted");
	is_int(check(&lb, LABEL_PDF, LABEL_4X6), 0, "pdf 4x6: accepted");
	is_str(why, "", "pdf 4x6: no message");
	is_int(check(&lb, LABEL_PDF, LABEL_A6), 0, "pdf a6: accepted");

	lb.to.address1 = rep("A", 60);
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), -1, "zpl: 60 characters "
	    "refused");
	is_str(why, "recipient address1 is 60 characters, the label has "
	    "room for 31", "zpl: the field and the room named");
	is_int(check(&lb, LABEL_ZPL, LABEL_A6), -1, "zpl a6: refused");
	is_str(why, "recipient address1 is 60 characters, the label has "
	    "room for 32", "zpl a6: its room");
	/* Helvetica-Bold's A is 722/1000 em: 12 pt each of 264 pt. */
	is_int(check(&lb, LABEL_PDF, LABEL_4X6), -1, "pdf: refused");
	is_str(why, "recipient address1 is 60 characters, the label has "
	    "room for 30", "pdf: the room measured");
	/* Narrow letters fit where wide ones do not. */
	lb.to.address1 = rep("i", 60);
	is_int(check(&lb, LABEL_PDF, LABEL_4X6), 0, "pdf: 60 i fit");
	lb.to.address1 = rep("W", 60);
	is_int(check(&lb, LABEL_PDF, LABEL_4X6), -1, "pdf: 60 W do not");
	is_str(why, "recipient address1 is 60 characters, the label has "
	    "room for 23", "pdf: fewer W than A");

	lb = base();
	lb.to.name = rep("W", 31);
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), 0, "zpl: 31 W name fits");
	lb.to.name = rep("W", 32);
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), -1, "zpl: 32 do not");
	is_str(why, "recipient name is 32 characters, the label has room "
	    "for 31", "zpl: name message");
	lb.to.name = "Anna Schmidt";
	is_int(check(&lb, LABEL_PDF, LABEL_A6), 0, "pdf: a short name fits");

	/* 62 bytes, 31 characters. */
	lb.to.name = rep("ü", 31);
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), 0, "zpl: utf-8 counted as "
	    "characters");
	lb.to.name = rep("€", 40);
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), -1, "zpl: 40 euro signs");
	is_str(why, "recipient name is 40 characters, the label has room "
	    "for 31", "zpl: characters, not 120 bytes");
	lb.to.name = rep("ü", 40);
	is_int(check(&lb, LABEL_PDF, LABEL_4X6), -1, "pdf: 40 u-umlauts");
	is_str(why, "recipient name is 40 characters, the label has room "
	    "for 36", "pdf: measured in characters too");

	lb = base();
	lb.from = (struct label_address){ 0 };
	lb.to.company = "";
	lb.reference = NULL;
	lb.service = "";
	lb.weight_g = 0;
	lb.parcels = 0;
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), 0, "empty fields skipped");
	is_int(check(&lb, LABEL_PDF, LABEL_4X6), 0, "pdf: empty fields "
	    "skipped");

	lb = base();
	lb.reference = rep("r", 40);
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), -1, "zpl: long reference");
	is_str(why, "reference is 40 characters, the label has room for 36",
	    "zpl: the reference's room, without its caption");
	lb = base();
	lb.carrier = "DHL Paket International Premium";
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), -1, "zpl: long carrier");
	is_str(why, "carrier is 31 characters, the label has room for 23",
	    "zpl: carrier message");

	lb = base();
	lb.to.city = "Berl\xffn";
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), -1, "bad utf-8 refused");
	is_str(why, "recipient postal code and city is not valid UTF-8",
	    "bad utf-8: named");
	lb = base();
	lb.parcel_no = 3;
	is_int(check(&lb, LABEL_PDF, LABEL_4X6), -1, "parcel 3 of 2");
	is_str(why, "parcel 3 of 2", "parcel message");
	lb = base();
	lb.tracking = "RR123^45";
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), -1, "tracking with ^");
	is_str(why, "tracking has a character other than letters, digits, "
	    "'-', '.' and '/'", "tracking charset message");
	lb.tracking = rep("AB", 22);
	is_int(check(&lb, LABEL_ZPL, LABEL_4X6), -1, "zpl: long tracking");
	is_str(why, "tracking needs a barcode of 519 modules, the label has "
	    "room for 362", "zpl: barcode message");
	is_int(check(&lb, LABEL_PDF, LABEL_A6), -1, "pdf: long tracking");
	is_int(check(&lb, 7, LABEL_A6), -1, "unknown format");
	is_str(why, "unknown label format or size", "unknown format message");
}

/*
 * ZPL as the printer parses it: ^XA first and ^XZ last, every command a
 * caret or tilde and two letters or digits, data only between ^FD and
 * ^FS, every ^FD closed before the next field.  NULL, or what is wrong.
 */
static const char *
zpl_syntax(const char *s)
{
	static char err[128];
	const char *p, *end;
	int in_field = 0;

	end = s + strlen(s);
	while (end > s && end[-1] == '\n')
		end--;
	if (strncmp(s, "^XA", 3) != 0)
		return "does not start with ^XA";
	if (end - s < 6 || strncmp(end - 3, "^XZ", 3) != 0)
		return "does not end with ^XZ";
	for (p = s; p < end; p++) {
		if (*p != '^' && *p != '~')
			continue;
		if (!((p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= '0' &&
		    p[1] <= '9')) || !((p[2] >= 'A' && p[2] <= 'Z') ||
		    (p[2] >= '0' && p[2] <= '9'))) {
			snprintf(err, sizeof err, "bad command at %d",
			    (int)(p - s));
			return err;
		}
		if (strncmp(p, "^FD", 3) == 0) {
			if (in_field)
				return "^FD inside a field";
			in_field = 1;
			/* The data runs to the next caret, which must be ^FS. */
			p += 3;
			while (p < end && *p != '^' && *p != '~' &&
			    *p != '\n')
				p++;
			if (strncmp(p, "^FS", 3) != 0) {
				snprintf(err, sizeof err, "^FD not closed by "
				    "^FS at %d", (int)(p - s));
				return err;
			}
			in_field = 0;
			p += 2;
		} else if (strncmp(p, "^XZ", 3) == 0 && p + 3 != end)
			return "^XZ before the end";
	}
	return NULL;
}

/* The ZPL of a label, as a string to free. */
static char *
zpl(const struct label *lb, enum label_size sz, int *rc)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f;

	if ((f = open_memstream(&s, &n)) == NULL) {
		perror("open_memstream");
		exit(1);
	}
	*rc = label_write_zpl(lb, sz, f);
	fclose(f);
	return s;
}

/* The data of the field with command cmd ("^BC"), or NULL. */
static const char *
field_data(const char *s, const char *cmd)
{
	static char data[256];
	const char *p, *d, *e;

	if ((p = strstr(s, cmd)) == NULL || (d = strstr(p, "^FD")) == NULL ||
	    (e = strstr(d, "^FS")) == NULL || e - d - 3 >= (int)sizeof data)
		return NULL;
	memcpy(data, d + 3, e - d - 3);
	data[e - d - 3] = '\0';
	return data;
}

static void
zpl_output(void)
{
	struct label lb = base();
	const char *err;
	char msg[512], *s;
	int rc;
	FILE *f;

	s = zpl(&lb, LABEL_4X6, &rc);
	is_int(rc, 0, "zpl: written");
	err = zpl_syntax(s);
	is_str(err, NULL, "zpl 4x6: well formed");
	ok(strstr(s, "^CI28") != NULL, "zpl: utf-8");
	ok(strstr(s, "^PW812\n^LL1218") != NULL, "zpl: 4x6 at 203 dpi");
	is_str(field_data(s, "^BC"), "RR123456785DE", "zpl: tracking in ^BC");
	ok(strstr(s, "^FDJürgen Müller^FS") != NULL, "zpl: name as utf-8");
	ok(strstr(s, "^FDWeight: 1.250 kg^FS") != NULL, "zpl: weight");
	ok(strstr(s, "^FDParcel: 1/2^FS") != NULL, "zpl: parcel");
	ok(strstr(s, "^FD10115 Berlin^FS") != NULL, "zpl: postal code, city");
	ok(strstr(s, "^FDGermany^FS") != NULL, "zpl: country name");
	ok(strstr(s, "^FD^FS") == NULL, "zpl: no empty fields");
	free(s);

	lb.to.address2 = "c/o ^Smith ~x_y";
	s = zpl(&lb, LABEL_A6, &rc);
	is_int(rc, 0, "zpl a6: written");
	err = zpl_syntax(s);
	is_str(err, NULL, "zpl a6: well formed with ^ and ~ in data");
	ok(strstr(s, "^PW839\n^LL1182") != NULL, "zpl: a6 at 203 dpi");
	ok(strstr(s, "^FH^FDc/o _5ESmith _7Ex_5Fy^FS") != NULL,
	    "zpl: ^, ~ and _ escaped under ^FH");
	free(s);

	/* A name too long for a country's line gives way to its code. */
	lb = base();
	lb.to.country = "CD";
	s = zpl(&lb, LABEL_4X6, &rc);
	is_int(rc, 0, "zpl: long country name");
	ok(strstr(s, "^FDCD^FS") != NULL, "zpl: its code instead");
	free(s);

	lb = base();
	lb.to.address1 = rep("A", 60);
	tap_stderr_begin();
	s = zpl(&lb, LABEL_4X6, &rc);
	tap_stderr_end(msg, sizeof msg);
	is_int(rc, -1, "zpl: a misfit is not written");
	is_str(s, "", "zpl: nothing written");
	is_str(msg, "test_label: recipient address1 is 60 characters, the "
	    "label has room for 31", "zpl: why, on stderr");
	free(s);

	if ((f = fopen("/dev/full", "w")) != NULL) {
		lb = base();
		is_int(label_write_zpl(&lb, LABEL_4X6, f), -1,
		    "zpl: write error");
		fclose(f);
	}
}

/* pdftotext -layout's text of a PDF, as a string to free. */
static char *
pdftext(const char *path)
{
	char cmd[512], *s = xmalloc(65536);
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - 2>&1", path);
	if ((p = popen(cmd, "r")) == NULL) {
		perror("popen");
		exit(1);
	}
	n = fread(s, 1, 65535, p);
	s[n] = '\0';
	pclose(p);
	return s;
}

/* The page's MediaBox width and height; libharu writes it plainly. */
static int
mediabox(const char *path, double *w, double *h)
{
	char buf[65536], *p;
	double x0, y0;
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Not a C string: the compressed streams have NULs. */
	for (p = buf; p < buf + n; p++)
		if (strncmp(p, "/MediaBox", 9) == 0 && sscanf(p + 9,
		    " [ %lf %lf %lf %lf", &x0, &y0, w, h) == 4)
			return 0;
	return -1;
}

static void
pdf_output(void)
{
	struct label lb = base();
	char path[256], *t;
	double w = 0, h = 0;

	snprintf(path, sizeof path, "%s/4x6.pdf", dir);
	why[0] = '\0';
	is_int(label_write_pdf(&lb, LABEL_4X6, path, why, sizeof why), 0,
	    "pdf 4x6: written");
	is_str(why, "", "pdf 4x6: no message");
	t = pdftext(path);
	ok(strstr(t, "Jürgen Müller") != NULL, "pdf: name with umlauts");
	ok(strstr(t, "RR123456785DE") != NULL, "pdf: tracking number");
	ok(strstr(t, "1.250 kg") != NULL, "pdf: weight");
	ok(strstr(t, "Express") != NULL, "pdf: service");
	ok(strstr(t, "DHL Paket") != NULL, "pdf: carrier");
	ok(strstr(t, "Hauptstraße 5") != NULL, "pdf: sharp s");
	ok(strstr(t, "shopify 1001 / oms 42") != NULL, "pdf: reference");
	if (!ok(strstr(t, "Industriestraße 7") != NULL, "pdf: sender"))
		printf("# %s\n", t);
	free(t);
	is_int(mediabox(path, &w, &h), 0, "pdf 4x6: has a MediaBox");
	ok(fabs(w - 288) < 0.01 && fabs(h - 432) < 0.01, "pdf: 288x432 pt");

	lb.to.name = "Łukasz € Nowak";
	snprintf(path, sizeof path, "%s/a6.pdf", dir);
	is_int(label_write_pdf(&lb, LABEL_A6, path, why, sizeof why), 0,
	    "pdf a6: written");
	t = pdftext(path);
	if (!ok(strstr(t, "?ukasz € Nowak") != NULL, "pdf: outside "
	    "Windows-1252 is ?, the euro sign is kept"))
		printf("# %s\n", t);
	free(t);
	is_int(mediabox(path, &w, &h), 0, "pdf a6: has a MediaBox");
	if (!ok(fabs(w - 297.64) < 0.1 && fabs(h - 419.53) < 0.1,
	    "pdf: 105x148 mm"))
		printf("#   got %g x %g\n", w, h);

	lb = base();
	snprintf(path, sizeof path, "%s/no/such/dir.pdf", dir);
	is_int(label_write_pdf(&lb, LABEL_4X6, path, why, sizeof why), -1,
	    "pdf: unwritable path");
	ok(strstr(why, "/no/such/dir.pdf: no such file or directory") !=
	    NULL, "pdf: the path and the reason");

	lb.to.address1 = rep("A", 60);
	snprintf(path, sizeof path, "%s/misfit.pdf", dir);
	is_int(label_write_pdf(&lb, LABEL_4X6, path, why, sizeof why), -1,
	    "pdf: a misfit is not written");
	is_str(why, "recipient address1 is 60 characters, the label has "
	    "room for 30", "pdf: the same message as label_check");
	ok(access(path, F_OK) == -1, "pdf: no file left");
}

int
main(void)
{
	char cmd[64];

	set_progname("test_label");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	fit_rules();
	zpl_output();
	pdf_output();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return done_testing();
}
