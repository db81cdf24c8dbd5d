/*
 * Mainland resident identity card numbers (GB 11643-1999): 18 characters,
 * 6 digits of region, 8 of birth date, 3 of sequence (odd for men) and an
 * ISO 7064 MOD 11-2 check character. Checking the number here catches most
 * typing errors at import and gives birth date and sex for free. Pure.
 */
#ifndef CORDON_CORE_IDCARD_H
#define CORDON_CORE_IDCARD_H

#include <stddef.h>
#include <stdint.h>

/* Characters in a number, and the buffer size for one with its NUL. */
#define IDCARD_LEN     18
#define IDCARD_STR_LEN 19

enum idcard_sex {
    IDCARD_MALE = 1,
    IDCARD_FEMALE = 2,
};

enum idcard_error {
    IDCARD_E_EMPTY = -1,    /* nothing but white space */
    IDCARD_E_LENGTH = -2,   /* not 18 characters */
    IDCARD_E_CHAR = -3,     /* not 17 digits and a digit or X */
    IDCARD_E_PROVINCE = -4, /* first two digits are no province code */
    IDCARD_E_BIRTH = -5,    /* digits 7-14 are no calendar date from 1900 */
    IDCARD_E_FUTURE = -6,   /* born after the caller's max_day */
    IDCARD_E_CHECK = -7,    /* check character does not match */
    IDCARD_E_NUMBER = -8,   /* a number in exponent form (3.30106E+17): a
                               spreadsheet made the ID a number, digits lost */
};

struct idcard {
    char number[IDCARD_STR_LEN]; /* normalised: ASCII, upper-case X */
    int32_t birth_day;           /* days since 1970-01-01 (core/date.h) */
    int sex;                     /* enum idcard_sex */
    int region;                  /* first six digits, e.g. 310105 */
};

/*
 * Checks and decodes an ID number as typed: surrounding white space (ASCII
 * and U+3000) is ignored, full-width digits and X count as their ASCII
 * twins, and x is accepted for X. `s` need not be NUL-terminated.
 * max_day is the latest acceptable birth day (the caller's today), or
 * DATE_NONE for no limit.
 *
 * Returns 0 with *out filled, or a negative enum idcard_error. Once the
 * characters are right (any error after IDCARD_E_CHAR) out->number already
 * holds the normalised number, so a caller reporting IDCARD_E_CHECK can say
 * which character was expected: idcard_make_check(out->number).
 */
int idcard_parse(const char *s, size_t len, int32_t max_day, struct idcard *out);

/*
 * The check character ('0'-'9' or 'X') that completes the 17 digits at
 * digits17 (only those 17 bytes are read), or -1 if one is not a digit.
 * Used to report the expected character and by the data generator.
 */
int idcard_make_check(const char digits17[17]);

/* 1 if code (e.g. 31 for Shanghai) is a province-level code, else 0. */
int idcard_province_valid(int code);

/* English text of an enum idcard_error. */
const char *idcard_strerror(int rc);

/* Stable short machine code of an enum idcard_error ("bad_check_digit"...). */
const char *idcard_errcode(int rc);

#endif
