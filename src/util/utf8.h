/*
 * UTF-8 checks and repairs for text that leaves the program (JSON answers,
 * error messages): a message cut at a byte count (snprintf "%.40s", a
 * fixed buffer) may end inside a character, and jansson refuses the whole
 * answer. The checks are strict (no overlong forms, no surrogates, nothing
 * above U+10FFFF), as jansson's are.
 */
#ifndef CORDON_UTIL_UTF8_H
#define CORDON_UTIL_UTF8_H

#include <stddef.h>

/* The length of the valid character at s[0..n), or 0 when the bytes there
 * are not one. */
size_t utf8_char_len(const char *s, size_t n);

/* Whether the n bytes at s are valid UTF-8. */
int utf8_valid(const char *s, size_t n);

/* Removes, in place, every byte of s (NUL-terminated) that is not part of
 * a valid character: a character cut by a byte limit disappears whole.
 * Returns the new length. */
size_t utf8_repair(char *s);

#endif
