/*
 * utf8_valid_prefix(), utf8_incomplete_tail(), cp1252_to_utf8() and
 * trim(): every kind of malformed UTF-8, the Windows-1252 table and
 * blanks including NBSP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "text.h"

/* Test strings are byte strings: their length is given, NULs allowed. */
#define S(lit) (const unsigned char *)(lit), sizeof(lit) - 1

static void
prefix(const unsigned char *s, size_t n, size_t want, const char *name)
{
	is_int(utf8_valid_prefix(s, n), want, name);
}

static void
tail(const unsigned char *s, size_t n, size_t want, const char *name)
{
	is_int(utf8_incomplete_tail(s, n), want, name);
}

static void
conv(const unsigned char *s, size_t n, const char *want, size_t want_len,
    const char *name)
{
	struct buf b;

	buf_init(&b);
	cp1252_to_utf8(&b, s, n);
	if (!ok(b.len == want_len && memcmp(b.data, want, want_len) == 0 &&
	    b.data[b.len] == '\0', name))
		printf("#   got %zu bytes '%s', want %zu\n", b.len,
		    b.data ? b.data : "(null)", want_len);
	buf_free(&b);
}

static void
trimmed(const char *in, const char *want)
{
	char *s = strdup(in), *r, name[96];

	r = trim(s);
	snprintf(name, sizeof name, "trim '%s' is '%s'", in, want);
	if (!ok(r == s && strcmp(r, want) == 0, name))
		printf("#   got '%s'%s\n", r, r == s ? "" : " (moved)");
	free(s);
}

int
main(void)
{
	/* Valid text. */
	prefix(S(""), 0, "empty");
	prefix(S("hello"), 5, "ASCII");
	prefix(S("a\0b"), 3, "NUL is valid UTF-8");
	prefix(S("\x7f"), 1, "DEL");
	prefix(S("caf\xc3\xa9"), 5, "2-byte é");
	prefix(S("\xc2\x80"), 2, "U+0080, smallest 2-byte");
	prefix(S("\xdf\xbf"), 2, "U+07FF, largest 2-byte");
	prefix(S("\xe0\xa0\x80"), 3, "U+0800, smallest 3-byte");
	prefix(S("\xe2\x82\xac"), 3, "€");
	prefix(S("\xed\x9f\xbf"), 3, "U+D7FF, below the surrogates");
	prefix(S("\xee\x80\x80"), 3, "U+E000, above the surrogates");
	prefix(S("\xef\xbf\xbd"), 3, "U+FFFD");
	prefix(S("\xef\xbf\xbf"), 3, "U+FFFF");
	prefix(S("\xf0\x90\x80\x80"), 4, "U+10000, smallest 4-byte");
	prefix(S("\xf0\x9f\x98\x80"), 4, "emoji");
	prefix(S("\xf4\x8f\xbf\xbf"), 4, "U+10FFFF, the last code point");
	prefix(S("\xef\xbb\xbf" "abc"), 6, "BOM is valid");

	/* Long ASCII runs around bad bytes (words of eight at a time). */
	prefix(S("12345678"), 8, "8 ASCII bytes");
	prefix(S("1234567890123456"), 16, "16 ASCII bytes");
	prefix(S("1234567\xff"), 7, "bad byte at 7");
	prefix(S("12345678\xff"), 8, "bad byte at 8");
	prefix(S("123456789\x80"), 9, "bad byte at 9");
	prefix(S("abcdefghijklmnopq\xc0\x80"), 17, "bad byte at 17");
	prefix(S("abc\xc3\xa9" "defghijklmn\xfe"), 16,
	    "é inside the first word, bad byte later");
	prefix(S("abcdefg\xe2\x82\xac" "hijklmnop"), 19,
	    "€ across a word boundary");
	prefix(S("abcdefgh\xe2\x82"), 8, "truncated after a word");
	prefix((const unsigned char *)"abcdefgh\xff", 8, 8,
	    "n ends at the bad byte");
	prefix((const unsigned char *)"abcdefghij\xff", 9, 9,
	    "n ends before the bad byte");

	/* Overlong forms. */
	prefix(S("\xc0\x80"), 0, "overlong NUL C0 80");
	prefix(S("\xc1\xbf"), 0, "overlong C1 BF");
	prefix(S("ab\xc0\xaf"), 2, "overlong '/' after ASCII");
	prefix(S("\xe0\x80\x80"), 0, "overlong 3-byte E0 80 80");
	prefix(S("\xe0\x9f\xbf"), 0, "overlong 3-byte E0 9F BF");
	prefix(S("\xf0\x80\x80\x80"), 0, "overlong 4-byte F0 80 80 80");
	prefix(S("\xf0\x8f\xbf\xbf"), 0, "overlong 4-byte F0 8F BF BF");

	/* Surrogates. */
	prefix(S("\xed\xa0\x80"), 0, "surrogate U+D800");
	prefix(S("x\xed\xbf\xbf"), 1, "surrogate U+DFFF");
	prefix(S("\xed\xa0\xbd\xed\xb8\x80"), 0, "CESU-8 surrogate pair");

	/* Past U+10FFFF and bytes that never appear. */
	prefix(S("\xf4\x90\x80\x80"), 0, "U+110000");
	prefix(S("\xf5\x80\x80\x80"), 0, "F5 lead");
	prefix(S("\xf8\x88\x80\x80\x80"), 0, "5-byte form");
	prefix(S("\xfc\x84\x80\x80\x80\x80"), 0, "6-byte form");
	prefix(S("ok\xfe"), 2, "FE");
	prefix(S("ok\xff"), 2, "FF");

	/* Continuation bytes out of place. */
	prefix(S("\x80"), 0, "lone continuation");
	prefix(S("abc\xbf"), 3, "continuation after ASCII");
	prefix(S("\xc3\xa9\xa9"), 2, "extra continuation after é");
	prefix(S("\xc3" "a"), 0, "2-byte lead then ASCII");
	prefix(S("\xe2\x28\xa1"), 0, "3-byte lead, bad 2nd byte");
	prefix(S("\xe2\x82\x28"), 0, "3-byte lead, bad 3rd byte");
	prefix(S("\xf0\x9f\x98" "a"), 0, "4-byte lead, bad 4th byte");

	/* Truncated sequences. */
	prefix(S("caf\xc3"), 3, "truncated 2-byte at end");
	prefix(S("x\xe2\x82"), 1, "truncated 3-byte at end");
	prefix(S("xy\xf0\x9f\x98"), 2, "truncated 4-byte at end");
	prefix((const unsigned char *)"\xe2\x82\xac", 2, 0,
	    "n cuts a sequence");
	prefix((const unsigned char *)"ab\xe2\x82\xac", 2, 2,
	    "n stops before a sequence");

	/* utf8_incomplete_tail. */
	tail(S(""), 0, "tail of empty");
	tail(S("abc"), 0, "tail of ASCII");
	tail(S("caf\xc3\xa9"), 0, "complete 2-byte");
	tail(S("x\xe2\x82\xac"), 0, "complete 3-byte");
	tail(S("\xf0\x9f\x98\x80"), 0, "complete 4-byte");
	tail(S("caf\xc3"), 1, "2-byte lead");
	tail(S("\xe2"), 1, "3-byte lead alone");
	tail(S("ab\xe2\x82"), 2, "3-byte lead and 1");
	tail(S("\xf0"), 1, "4-byte lead");
	tail(S("\xf0\x9f"), 2, "4-byte lead and 1");
	tail(S("z\xf0\x9f\x98"), 3, "4-byte lead and 2");
	tail(S("\x80\x80\x80"), 0, "continuations only");
	tail(S("a\x80"), 0, "continuation after ASCII");
	tail(S("\xc0"), 0, "C0 starts nothing");
	tail(S("\xf5\x80"), 0, "F5 starts nothing");
	tail(S("\xff"), 0, "FF starts nothing");
	tail(S("\xc3\xa9\xe2"), 1, "lead after a complete char");

	/* Windows-1252. */
	conv(S("plain"), "plain", 5, "cp1252 ASCII");
	conv(S(""), "", 0, "cp1252 empty");
	conv(S("\x80"), "\xe2\x82\xac", 3, "cp1252 0x80 is €");
	conv(S("\x81"), "\xef\xbf\xbd", 3, "cp1252 0x81 is U+FFFD");
	conv(S("\x8d\x8f\x90\x9d"),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 12,
	    "cp1252 other undefined bytes are U+FFFD");
	conv(S("\x82"), "\xe2\x80\x9a", 3, "cp1252 0x82 is ‚");
	conv(S("\x83"), "\xc6\x92", 2, "cp1252 0x83 is ƒ");
	conv(S("\x85"), "\xe2\x80\xa6", 3, "cp1252 0x85 is …");
	conv(S("\x8a"), "\xc5\xa0", 2, "cp1252 0x8A is Š");
	conv(S("\x92"), "\xe2\x80\x99", 3, "cp1252 0x92 is ’");
	conv(S("\x93\x94"), "\xe2\x80\x9c\xe2\x80\x9d", 6,
	    "cp1252 0x93 0x94 are “”");
	conv(S("\x96\x97"), "\xe2\x80\x93\xe2\x80\x94", 6,
	    "cp1252 0x96 0x97 are – —");
	conv(S("\x99"), "\xe2\x84\xa2", 3, "cp1252 0x99 is ™");
	conv(S("\x9f"), "\xc5\xb8", 2, "cp1252 0x9F is Ÿ");
	conv(S("\xa0"), "\xc2\xa0", 2, "cp1252 0xA0 is NBSP");
	conv(S("\xa3"), "\xc2\xa3", 2, "cp1252 0xA3 is £");
	conv(S("caf\xe9"), "caf\xc3\xa9", 5, "cp1252 0xE9 is é");
	conv(S("\xff"), "\xc3\xbf", 2, "cp1252 0xFF is ÿ");
	conv(S("a\0b"), "a\0b", 3, "cp1252 keeps NUL");
	{
		struct buf b;

		buf_init(&b);
		buf_adds(&b, "x=");
		cp1252_to_utf8(&b, S("\x80"));
		cp1252_to_utf8(&b, S("\xe9!"));
		is_str(b.data, "x=\xe2\x82\xac\xc3\xa9!", "cp1252 appends");
		is_int(b.len, 8, "cp1252 appends: length");
		buf_free(&b);
	}
	{
		/* Every byte converts to valid UTF-8. */
		unsigned char all[256];
		struct buf b;
		int i;

		for (i = 0; i < 256; i++)
			all[i] = (unsigned char)i;
		buf_init(&b);
		cp1252_to_utf8(&b, all, sizeof all);
		is_int(utf8_valid_prefix((unsigned char *)b.data, b.len), b.len,
		    "cp1252 of all 256 bytes is valid UTF-8");
		/* 128 ASCII, 27 3-byte, 5 FFFD, 96 2-byte for A0..FF. */
		is_int(b.len, 128 + 3 * 5 + (27 - 17) * 2 + 17 * 3 + 96 * 2,
		    "cp1252 of all 256 bytes: length");
		buf_free(&b);
	}

	/* trim. */
	trimmed("", "");
	trimmed("a", "a");
	trimmed("  a  ", "a");
	trimmed("\t\r\n a b \r\n\t", "a b");
	trimmed("   ", "");
	trimmed("\xc2\xa0", "");
	trimmed("\xc2\xa0x\xc2\xa0", "x");
	trimmed(" \xc2\xa0 x \xc2\xa0 ", "x");
	trimmed("a\xc2\xa0" "b", "a\xc2\xa0" "b");
	trimmed("caf\xc3\xa9 ", "caf\xc3\xa9");
	trimmed("\xc3\xa0", "\xc3\xa0");	/* à ends in A0 */
	trimmed(" \xc3\xa0 ", "\xc3\xa0");
	trimmed("\xe2\x80\xa0", "\xe2\x80\xa0");	/* † ends in 80 A0 */
	trimmed("\xa0x", "\xa0x");		/* a lone A0 is no blank */
	trimmed("x\xc2", "x\xc2");
	trimmed("\v x", "\v x");		/* only the documented blanks */

	return done_testing();
}
