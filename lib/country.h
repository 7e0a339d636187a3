/*
 * ISO 3166-1 countries: names, codes and the aliases that marketplace
 * exports use, normalised to the alpha-2 code the ledger stores.
 */
#ifndef OMS_COUNTRY_H
#define OMS_COUNTRY_H

/*
 * The ISO 3166-1 alpha-2 code for a country written as an alpha-2 or
 * alpha-3 code, an English short name, or a common alias ("UK", "USA",
 * "EIRE", "RSA", "Deutschland"), compared without regard to case,
 * surrounding blanks or punctuation.  NULL when the text names no
 * country (including "Unspecified" and the empty string).
 */
const char *country_code(const char *text);

/* The English short name for an alpha-2 code, or NULL. */
const char *country_name(const char *alpha2);

#endif
