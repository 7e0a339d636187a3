/*
 * Normal forms of contact details, so that fraud rules see
 * "Ann@Example.com " and "ann+shop@example.com" as one customer, and a
 * blocklist entry as written in oms.yaml matches the orders it means.
 *
 * Each function writes a NUL-terminated key into out[0..n) and returns
 * 0, or returns -1 and leaves out empty (when n > 0).
 */
#ifndef OMS_CONTACT_H
#define OMS_CONTACT_H

#include <stddef.h>

/*
 * Trimmed, lower case, "+tag" dropped from the local part:
 * "Ann+Shop@Example.COM " -> "ann@example.com".  The domain is what
 * follows the last '@'.  -1 when there is no '@' with text on both
 * sides (a local part that is all tag has none) or the result does not
 * fit in n.
 */
int contact_email_key(const char *email, char *out, size_t n);

/*
 * The last 9 digits of a phone number (all digits if fewer), so that
 * "+49 30 1234567", "0049301234567" and "030 1234567" agree.  -1 when
 * fewer than 6 digits or the result does not fit.
 */
int contact_phone_key(const char *phone, char *out, size_t n);

/*
 * A street address as one key: the words of address1 (ASCII letters and
 * digits, lower case, UTF-8 bytes >= 0x80 kept as they are, other
 * characters separate words) joined by one space, then '|', the postal
 * code upper case without spaces or dashes (lib/geo.h's
 * postal_normalise; NULL is empty), '|', the country code upper case:
 * ("12, Fraud  Street", "75 001", "fr") -> "12 fraud street|75001|FR".
 * A country that country_code() knows ("France") becomes its code.
 * -1 when address1 has no word, country is empty or the key does not
 * fit.
 */
int contact_address_key(const char *address1, const char *postal_code,
    const char *country, char *out, size_t n);

/*
 * The same key from one written line "STREET, POSTAL, COUNTRY", as a
 * blocklist in oms.yaml writes it: exactly three comma-separated parts
 * (so no comma in the street), the country an ISO code or a name that
 * country_code() knows.  -1 when it is not three parts, the country is
 * unknown or contact_address_key() fails.
 */
int contact_address_text_key(const char *written, char *out, size_t n);

#endif
