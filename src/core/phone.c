/*
 * Normalisation and check of mainland mobile numbers. The rule is the
 * numbering plan's shape (11 digits, 1 then 3-9) rather than a list of
 * carrier prefixes, which changes every few years and would start rejecting
 * real numbers; what it catches is a digit too many or too few, a landline,
 * or a foreign number typed in the wrong column.
 */
#include "core/phone.h"

#include <string.h>

/* Longest input, in characters after trimming, worth looking at: the most
 * generous spacing of "+86 138 1234 5678" with dashes is far below this. */
#define PHONE_MAX_CHARS 40

/* Most digits kept while scanning; more means the length is wrong anyway. */
#define PHONE_MAX_DIGITS 16

/* Byte written for a character that folds to nothing ASCII: no check accepts it. */
#define FOLD_OTHER '\x80'

/* Bytes in the UTF-8 sequence led by p[0], or 1 for a stray byte. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t want = p[0] < 0xC2 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : p[0] < 0xF5 ? 4 : 1;
    if (want > n)
        return 1;
    for (size_t i = 1; i < want; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 1;
    return want;
}

/*
 * Copies s into out as one ASCII byte per character: full-width forms
 * U+FF01..U+FF5E become their ASCII twins, U+3000 a space, any other
 * non-ASCII character FOLD_OTHER. White space at both ends is dropped.
 * Returns the length written, or -1 if more than cap characters remain.
 * (Same helper as in core/idcard.c; see the note there.)
 */
static int fold(const char *s, size_t len, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0, spaces = 0, i = 0;

    while (i < len) {
        size_t w = p[i] < 0x80 ? 1 : utf8_len(p + i, len - i);
        int c = p[i];

        if (w == 3 && p[i] == 0xEF && p[i + 1] == 0xBC && p[i + 2] >= 0x81)
            c = 0x21 + (p[i + 2] - 0x81); /* U+FF01..FF3F */
        else if (w == 3 && p[i] == 0xEF && p[i + 1] == 0xBD && p[i + 2] <= 0x9E)
            c = 0x60 + (p[i + 2] - 0x80); /* U+FF40..FF5E */
        else if (w == 3 && p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x80)
            c = ' ';
        else if (c >= 0x80)
            c = (unsigned char)FOLD_OTHER;
        i += w;

        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (n > 0)
                spaces++; /* kept only if something follows */
            continue;
        }
        if (n + spaces + 1 > cap)
            return -1;
        while (spaces > 0) {
            out[n++] = ' ';
            spaces--;
        }
        out[n++] = (char)c;
    }
    return (int)n;
}

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
    n = fold(s, len, buf, sizeof buf);
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

const char *phone_strerror(int rc)
{
    switch (rc) {
    case 0:
        return "success";
    case PHONE_E_EMPTY:
        return "the phone number is empty";
    case PHONE_E_CHAR:
        return "a phone number has only digits, spaces, '-' and a leading '+'";
    case PHONE_E_COUNTRY:
        return "only mainland China (+86) numbers are accepted";
    case PHONE_E_LENGTH:
        return "a mobile number has 11 digits";
    case PHONE_E_NOT_MOBILE:
        return "a mobile number starts with 13 to 19";
    default:
        return "unknown phone number error";
    }
}

const char *phone_errcode(int rc)
{
    switch (rc) {
    case 0:
        return "ok";
    case PHONE_E_EMPTY:
        return "empty";
    case PHONE_E_CHAR:
        return "bad_char";
    case PHONE_E_COUNTRY:
        return "not_mainland";
    case PHONE_E_LENGTH:
        return "bad_length";
    case PHONE_E_NOT_MOBILE:
        return "not_mobile";
    default:
        return "unknown";
    }
}
