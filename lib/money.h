/*
 * Money in exports comes as text in many shapes: "1,234.56", "1.234,56",
 * "$19.50", "406.0", "(3.00)".  The ledger holds integer minor units of
 * an ISO 4217 currency and never a float.
 */
#ifndef OMS_MONEY_H
#define OMS_MONEY_H

struct money_style {
	char decimal;		/* '.' or ',' */
	int round;		/* round half to even past the currency's places */
};

/*
 * Parse text into minor units of a currency with `exponent` decimal
 * places.  Currency symbols ($ £ € ¥ ₹) and blanks around the number are
 * ignored; thousands separators must group by three.  Returns 0, or -1
 * with *why set to a static reason ("not a number", "more than 2 decimal
 * places", "too large").
 */
int money_parse(const char *text, int exponent, const struct money_style *st,
    long long *minor, const char **why);

/* Format minor units as a decimal with `exponent` places ("-12.30"). */
void money_format(long long minor, int exponent, char out[32]);

#endif
