/*
 * ISO 4217 currencies and their minor units: how many decimal places an
 * amount has, so that money is held as an integer count of minor units.
 */
#ifndef OMS_CURRENCY_H
#define OMS_CURRENCY_H

/*
 * The number of decimal places of an active ISO 4217 currency code
 * (2 for EUR, 0 for JPY, 3 for KWD), or -1 when the code is unknown.
 * The code must be three upper-case letters exactly as ISO writes it.
 */
int currency_exponent(const char *code);

#endif
