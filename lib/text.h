/*
 * Text hygiene for imported values: UTF-8 validation with the offset of
 * the first bad byte, Windows-1252 to UTF-8, trimming.
 */
#ifndef OMS_TEXT_H
#define OMS_TEXT_H

#include <stddef.h>

#include "util.h"

/* Length of the valid UTF-8 prefix of s[0..n); n when all of it is valid. */
size_t utf8_valid_prefix(const unsigned char *s, size_t n);

/*
 * Of s[0..n), the length of a trailing part that could be the start of a
 * multi-byte sequence cut at a buffer boundary (0 to 3 bytes).
 */
size_t utf8_incomplete_tail(const unsigned char *s, size_t n);

/* Append s[0..n) converted from Windows-1252 to UTF-8. */
void cp1252_to_utf8(struct buf *out, const unsigned char *s, size_t n);

/* Trim blanks (space, TAB, CR, LF, NBSP) at both ends, in place. */
char *trim(char *s);

#endif
