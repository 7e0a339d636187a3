/*
 * Keys for e-mail addresses, phone numbers and street addresses.
 *
 * Fraud rules count orders per customer and compare them with
 * blocklists, and customers type the same details differently from
 * one order to the next.  The keys fold only what is certain to be the
 * same contact (case, blanks, a "+tag", a country prefix, punctuation
 * in an address); anything cleverer, such as Gmail's ignored dots,
 * would merge customers who are not one.
 */
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "country.h"
#include "geo.h"
#include "util.h"

/* Digits a phone key keeps: a subscriber number without its prefixes. */
#define PHONE_DIGITS	9
#define PHONE_MIN	6

/* A key being written into out[0..n), remembering if it overflowed. */
struct key {
	char *out;
	size_t n, len;
	int over;
};

static void
put(struct key *k, char c)
{
	if (k->len + 1 < k->n)
		k->out[k->len++] = c;
	else
		k->over = 1;
}

static int
fail(char *out, size_t n)
{
	if (n > 0)
		out[0] = '\0';
	return -1;
}

/* 0 with the key NUL-terminated, or -1 with out empty. */
static int
finish(struct key *k, int ok)
{
	if (!ok || k->over || k->n == 0)
		return fail(k->out, k->n);
	k->out[k->len] = '\0';
	return 0;
}

static char
lower(unsigned char c)
{
	/* ASCII only: the bytes of UTF-8 sequences pass unchanged. */
	return (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

static char
upper(unsigned char c)
{
	return (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
}

/* The length of a blank (space, TAB, CR, LF, UTF-8 NBSP) at s, or 0. */
static size_t
blank_at(const unsigned char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	return 0;
}

/* s without the blanks around it: [*start, *end). */
static void
trim_span(const char *s, const char **start, const char **end)
{
	const unsigned char *b = (const unsigned char *)s, *e;
	size_t k;

	while ((k = blank_at(b)) > 0)
		b += k;
	e = b + strlen((const char *)b);
	for (;;) {
		if (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
		    e[-1] == '\n'))
			e--;
		else if (e - b >= 2 && e[-2] == 0xc2 && e[-1] == 0xa0)
			e -= 2;
		else
			break;
	}
	*start = (const char *)b;
	*end = (const char *)e;
}

int
contact_email_key(const char *email, char *out, size_t n)
{
	struct key k = { out, n, 0, 0 };
	const char *start, *end, *at, *local_end, *p;

	if (email == NULL)
		return finish(&k, 0);
	trim_span(email, &start, &end);
	/* A local part may hold a quoted '@'; a domain never does. */
	for (at = NULL, p = start; p < end; p++)
		if (*p == '@')
			at = p;
	if (at == NULL || at + 1 == end)
		return finish(&k, 0);
	for (local_end = start; local_end < at && *local_end != '+';
	    local_end++)
		continue;
	if (local_end == start)
		return finish(&k, 0);
	for (p = start; p < local_end; p++)
		put(&k, lower((unsigned char)*p));
	for (p = at; p < end; p++)
		put(&k, lower((unsigned char)*p));
	return finish(&k, 1);
}

int
contact_phone_key(const char *phone, char *out, size_t n)
{
	struct key k = { out, n, 0, 0 };
	const char *p;
	int digits = 0, skip;

	if (phone == NULL)
		return finish(&k, 0);
	for (p = phone; *p != '\0'; p++)
		if (*p >= '0' && *p <= '9')
			digits++;
	if (digits < PHONE_MIN)
		return finish(&k, 0);
	/* What comes before is a trunk or country prefix, written or not. */
	skip = digits > PHONE_DIGITS ? digits - PHONE_DIGITS : 0;
	for (p = phone; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			continue;
		if (skip > 0)
			skip--;
		else
			put(&k, *p);
	}
	return finish(&k, 1);
}

static int
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

int
contact_address_key(const char *address1, const char *postal_code,
    const char *country, char *out, size_t n)
{
	struct key k = { out, n, 0, 0 };
	const unsigned char *p;
	const char *code, *start, *end;
	size_t room, len;
	int words = 0, inword = 0;

	if (address1 == NULL || country == NULL)
		return finish(&k, 0);
	for (p = (const unsigned char *)address1; *p != '\0'; p++) {
		if (!word_byte(*p)) {
			inword = 0;
			continue;
		}
		if (!inword && words++ > 0)
			put(&k, ' ');
		inword = 1;
		put(&k, lower(*p));
	}
	trim_span(country, &start, &end);
	if (words == 0 || start == end)
		return finish(&k, 0);
	put(&k, '|');
	if (postal_code != NULL && !k.over) {
		/* One normal form of postal codes, the one geo.h looks up. */
		room = k.n - k.len;
		len = postal_normalise(postal_code, k.out + k.len, room);
		if (len >= room)
			k.over = 1;
		else
			k.len += len;
	}
	put(&k, '|');
	if ((code = country_code(country)) != NULL) {
		start = code;
		end = code + strlen(code);
	}
	for (; start < end; start++)
		put(&k, upper((unsigned char)*start));
	return finish(&k, 1);
}

int
contact_address_text_key(const char *written, char *out, size_t n)
{
	const char *comma[2], *p, *code;
	char *street, *postal, *country;
	int ncommas = 0, rc;

	if (written == NULL)
		return fail(out, n);
	for (p = written; *p != '\0'; p++) {
		if (*p != ',')
			continue;
		if (ncommas == 2)
			return fail(out, n);
		comma[ncommas++] = p;
	}
	if (ncommas != 2)
		return fail(out, n);
	street = xstrndup(written, (size_t)(comma[0] - written));
	postal = xstrndup(comma[0] + 1, (size_t)(comma[1] - comma[0] - 1));
	country = xstrdup(comma[1] + 1);
	/* A typo in a blocklist must not become a key that never matches. */
	if ((code = country_code(country)) == NULL)
		rc = fail(out, n);
	else
		rc = contact_address_key(street, postal, code, out, n);
	free(street);
	free(postal);
	free(country);
	return rc;
}
