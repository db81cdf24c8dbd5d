/*
 * Normalisation and check of mainland mobile numbers. The rule is the
 * numbering plan's shape (11 digits, 1 then 3-9) rather than a list of
 * carrier prefixes, which changes every few years and would start rejecting
 * real numbers; what it catches is a digit too many or too few, a landline,
 * or a foreign number typed in the wrong column.
 */
#include "core/phone.h"

#include "core/fold.h"
#include <string.h>

/* Longest input, in characters after trimming, worth looking at: the most
 * generous spacing of "+86 138 1234 5678" with dashes is far below this. */
#define PHONE_MAX_CHARS 40

/* Most digits kept while scanning; more means the length is wrong anyway. */
#define PHONE_MAX_DIGITS 16

static int starts_with(const char *digits, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(digits, prefix, k) == 0;
}

int phone_check(const char *s, size_t len, char out_norm[PHONE_STR_LEN])
{
    char buf[PHONE_MAX_CHARS], digits[PHONE_MAX_DIGITS];
    size_t nd = 0, skip = 0;
    int n, plus = 0;

    out_norm[0] = '\0';
    n = fold_ascii(s, len, buf, sizeof buf);
    if (n == 0)
        return PHONE_E_EMPTY;
    if (n < 0)
        return PHONE_E_LENGTH;

    for (int i = 0; i < n; i++) {
        char c = buf[i];
        if (c >= '0' && c <= '9') {
            if (nd == sizeof digits)
                return PHONE_E_LENGTH;
            digits[nd++] = c;
        } else if (c == '+' && i == 0) {
            plus = 1;
        } else if (c != ' ' && c != '-') {
            return PHONE_E_CHAR;
        }
    }

    if (plus) {
        if (!starts_with(digits, nd, "86"))
            return PHONE_E_COUNTRY;
        skip = 2;
    } else if (starts_with(digits, nd, "0086")) {
        skip = 4;
    } else if (starts_with(digits, nd, "00")) {
        return PHONE_E_COUNTRY; /* 00 dials out of mainland China */
    } else if (nd == PHONE_LEN + 2 && starts_with(digits, nd, "86")) {
        skip = 2;
    }

    if (nd - skip != PHONE_LEN)
        return PHONE_E_LENGTH;
    if (digits[skip] != '1' || digits[skip + 1] < '3')
        return PHONE_E_NOT_MOBILE;
    memcpy(out_norm, digits + skip, PHONE_LEN);
    out_norm[PHONE_LEN] = '\0';
    return 0;
}
