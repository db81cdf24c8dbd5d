/*
 * Mainland mobile phone numbers: the only phone number cordon stores for a
 * resident, because it is the one a grid worker can call or text. Numbers
 * come in with spaces, dashes and country prefixes; they are stored as the
 * bare 11 digits. Pure.
 */
#ifndef CORDON_CORE_PHONE_H
#define CORDON_CORE_PHONE_H

#include <stddef.h>

/* Digits in a normalised number, and the buffer size with its NUL. */
#define PHONE_LEN     11
#define PHONE_STR_LEN 12

enum phone_error {
    PHONE_E_EMPTY = -1,      /* nothing but white space */
    PHONE_E_CHAR = -2,       /* a character other than digits, space, '-', leading '+' */
    PHONE_E_COUNTRY = -3,    /* an international prefix other than +86 */
    PHONE_E_LENGTH = -4,     /* not 11 digits once the prefix is removed */
    PHONE_E_NOT_MOBILE = -5, /* 11 digits, but not starting 13..19 */
};

/*
 * Checks a mainland mobile number as typed: surrounding white space is
 * ignored; spaces and '-' between digits are dropped; a leading +86, 0086,
 * or 86 (when 13 digits) is removed; full-width digits, '+', '-' and the
 * ideographic space count as their ASCII twins. What remains must be 11
 * digits starting 1 and 3-9. `s` need not be NUL-terminated.
 * Returns 0 with the digits in out_norm ("13812345678"), or a negative
 * enum phone_error with out_norm set to "".
 */
int phone_check(const char *s, size_t len, char out_norm[PHONE_STR_LEN]);

/* English text of an enum phone_error. */
const char *phone_strerror(int rc);

/* Stable short machine code of an enum phone_error ("not_mobile"...). */
const char *phone_errcode(int rc);

#endif
