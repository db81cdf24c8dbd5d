/*
 * Folding what people type into plain ASCII before a code is checked: ID
 * numbers, phone numbers, document numbers and credit codes arrive with
 * full-width digits (１２３), full-width letters and ideographic spaces when
 * typed with a Chinese input method. Shared by core/idcard.c, document.c,
 * phone.c and creditcode.c. Pure.
 */
#ifndef CORDON_CORE_FOLD_H
#define CORDON_CORE_FOLD_H

#include <stddef.h>

/* Byte written for a character that folds to nothing ASCII: no check
 * accepts it. */
#define FOLD_OTHER '\x80'

/*
 * Copies s (len bytes, UTF-8) into out as one ASCII byte per character:
 * full-width forms U+FF01..U+FF5E become their ASCII twins, U+3000 a space,
 * any other non-ASCII character FOLD_OTHER. White space at both ends is
 * dropped (inside, it is kept). Returns the length written (out is not
 * NUL-terminated), or -1 if more than cap characters remain.
 */
int fold_ascii(const char *s, size_t len, char *out, size_t cap);

#endif
