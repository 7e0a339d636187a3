/*
 * Shipping labels: the sender, the recipient, the carrier's service,
 * the parcel's weight and the Code 128 barcode of its tracking number,
 * as ZPL II for a 203 dpi thermal printer or as a one-page PDF.
 *
 * A label is printed whole or not at all: every line is measured
 * against the width it gets, and a line that would be clipped is
 * refused with the field and the room there is, so that no parcel
 * leaves with half an address.  Fields that are NULL or empty are left
 * out; text is UTF-8.
 */
#ifndef OMS_LABEL_H
#define OMS_LABEL_H

#include <stddef.h>
#include <stdio.h>

enum label_format { LABEL_PDF, LABEL_ZPL };

/* 4x6 in (101.6x152.4 mm) and A6 (105x148 mm), portrait. */
enum label_size { LABEL_4X6, LABEL_A6 };

struct label_address {
	const char *name, *company, *address1, *address2;
	const char *postal_code, *city, *region;
	const char *country;	/* ISO 3166 alpha-2; printed as its name */
	const char *phone;
};

struct label {
	struct label_address from, to;
	const char *carrier;	/* "DHL Paket" */
	const char *service;	/* "Express" */
	const char *tracking;	/* the barcode's data: "RR123456785DE" */
	long long weight_g;	/* left out when 0 or less */
	const char *reference;	/* order reference: "shopify 1001 / oms 42" */
	int parcel_no, parcels;	/* "1/2"; left out when parcels is 0 */
	const char *ship_date;	/* "2026-11-28" */
};

/*
 * 0 when every line fits the label; else -1 and `why` (n bytes) says
 * which field and by how much: "recipient address1 is 61 characters,
 * the label has room for 38".  Also refused: text that is not UTF-8, a
 * tracking number with other than letters, digits, '-', '.' and '/',
 * a barcode that would be too narrow to scan, and parcel 3 of 2.
 */
int label_check(const struct label *lb, enum label_format f,
    enum label_size sz, char *why, size_t n);

/*
 * ZPL II for a 203 dpi printer, UTF-8 (^CI28), the barcode by ^BC.
 * Returns 0, or -1 when the label fails label_check (after a message,
 * with nothing written) or on a write error (errno says which).
 */
int label_write_zpl(const struct label *lb, enum label_size sz, FILE *out);

/*
 * A one-page PDF at path, its barcode drawn as rectangles from
 * libzint's vector output with the tracking number as text below.
 * Returns 0, or -1 with `why`: the label fails label_check, libharu
 * failed, or path cannot be written (nothing is left at path then).
 */
int label_write_pdf(const struct label *lb, enum label_size sz,
    const char *path, char *why, size_t n);

#endif
