#include <string.h>

#include "text.h"

size_t
utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c;
		size_t len, k;
		unsigned cp;

		/* Exports are mostly ASCII: skip it eight bytes at a time. */
		while (i + 8 <= n) {
			unsigned long long w;

			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return i;
		if (i + len > n)
			return i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and code points past U+10FFFF. */
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return i;
		i += len;
	}
	return n;
}

size_t
utf8_incomplete_tail(const unsigned char *s, size_t n)
{
	size_t k;

	for (k = 1; k <= 3 && k <= n; k++) {
		unsigned c = s[n - k];

		if ((c & 0xc0) == 0x80)
			continue;
		if ((c >= 0xc2 && c <= 0xdf && k < 2) ||
		    (c >= 0xe0 && c <= 0xef && k < 3) ||
		    (c >= 0xf0 && c <= 0xf4 && k < 4))
			return k;
		return 0;
	}
	return 0;
}

/* Code points of Windows-1252 bytes 0x80..0x9f; 0 where it has none. */
static const unsigned short cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

void
cp1252_to_utf8(struct buf *out, const unsigned char *s, size_t n)
{
	size_t i;

	buf_grow(out, n * 3);
	for (i = 0; i < n; i++) {
		unsigned cp = s[i];
		char *w = out->data + out->len;

		if (cp >= 0x80 && cp < 0xa0)
			cp = cp1252_high[cp - 0x80] ? cp1252_high[cp - 0x80] :
			    0xfffd;
		if (cp < 0x80) {
			*w++ = (char)cp;
		} else if (cp < 0x800) {
			*w++ = (char)(0xc0 | cp >> 6);
			*w++ = (char)(0x80 | (cp & 0x3f));
		} else {
			*w++ = (char)(0xe0 | cp >> 12);
			*w++ = (char)(0x80 | (cp >> 6 & 0x3f));
			*w++ = (char)(0x80 | (cp & 0x3f));
		}
		out->len = (size_t)(w - out->data);
	}
	out->data[out->len] = '\0';
}

static int
blank_at(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
		*len = 1;
		return 1;
	}
	if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0) {
		*len = 2;
		return 1;
	}
	return 0;
}

char *
trim(char *s)
{
	size_t n, k;
	char *start = s;

	while (blank_at(start, &k))
		start += k;
	n = strlen(start);
	for (;;) {
		if (n >= 1 && (start[n - 1] == ' ' || start[n - 1] == '\t' ||
		    start[n - 1] == '\r' || start[n - 1] == '\n'))
			n--;
		else if (n >= 2 && (unsigned char)start[n - 2] == 0xc2 &&
		    (unsigned char)start[n - 1] == 0xa0)
			n -= 2;
		else
			break;
	}
	if (start != s)
		memmove(s, start, n);
	s[n] = '\0';
	return s;
}
