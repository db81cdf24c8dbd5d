/*
 * Unified social credit codes (GB 32100-2015), the 18-character number
 * every enterprise and organisation registered in mainland China carries.
 * The 18th character is a MOD 31 check over the first 17, which catches
 * most mistyped codes on an enterprise form or import. Pure.
 */
#ifndef CORDON_CORE_CREDITCODE_H
#define CORDON_CORE_CREDITCODE_H

#include <stddef.h>

/* Characters in a code, and the buffer size with its NUL. */
#define CREDITCODE_LEN     18
#define CREDITCODE_STR_LEN 19

enum creditcode_error {
    CREDITCODE_E_EMPTY = -1,  /* nothing but white space */
    CREDITCODE_E_LENGTH = -2, /* not 18 characters */
    CREDITCODE_E_CHAR = -3,   /* outside 0-9 and A-Z without I, O, S, V, Z */
    CREDITCODE_E_CHECK = -4,  /* check character does not match */
};

/*
 * Checks a code as typed: surrounding white space (ASCII and U+3000) is
 * ignored, full-width characters count as their ASCII twins, letters are
 * upper-cased. `s` need not be NUL-terminated. Returns 0 with the code in
 * out_norm, or a negative enum creditcode_error. out_norm is "" after
 * CREDITCODE_E_EMPTY, _LENGTH and _CHAR, and holds the normalised code
 * after CREDITCODE_E_CHECK, so the caller can report
 * creditcode_make_check(out_norm) as the expected character.
 */
int creditcode_check(const char *s, size_t len, char out_norm[CREDITCODE_STR_LEN]);

/*
 * The check character that completes the 17 characters at code17 (only
 * those are read, upper-case alphabet only), or -1 if one is not in the
 * code alphabet. Used for error messages and by the data generator.
 */
int creditcode_make_check(const char code17[17]);

/* English text of an enum creditcode_error. */
const char *creditcode_strerror(int rc);

/* Stable short machine code of an enum creditcode_error ("bad_check_digit"...). */
const char *creditcode_errcode(int rc);

#endif
