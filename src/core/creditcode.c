/*
 * GB 32100-2015 check: the 31-character alphabet (digits and capitals
 * without I, O, S, V, Z, which are too easily misread), weights 3^i mod 31,
 * and check value 31 - (sum mod 31). The registration-authority, type and
 * region fields are not checked: their code lists change, and the check
 * character already rejects random typing errors.
 */
#include "core/creditcode.h"

#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Weight of each of the first 17 characters: 3^i mod 31. */
static const unsigned char weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};

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

/* Value of c in the code alphabet, or -1. NUL is not in it. */
static int char_value(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

int creditcode_make_check(const char code17[17])
{
    unsigned sum = 0;

    for (int i = 0; i < 17; i++) {
        int v = char_value(code17[i]);
        if (v < 0)
            return -1;
        sum += (unsigned)v * weights[i];
    }
    return alphabet[(31 - sum % 31) % 31];
}

int creditcode_check(const char *s, size_t len, char out_norm[CREDITCODE_STR_LEN])
{
    char buf[CREDITCODE_LEN];
    int n;

    out_norm[0] = '\0';
    n = fold(s, len, buf, sizeof buf);
    if (n == 0)
        return CREDITCODE_E_EMPTY;
    if (n != CREDITCODE_LEN)
        return CREDITCODE_E_LENGTH;
    for (int i = 0; i < CREDITCODE_LEN; i++) {
        if (buf[i] >= 'a' && buf[i] <= 'z')
            buf[i] = (char)(buf[i] - 'a' + 'A');
        if (char_value(buf[i]) < 0)
            return CREDITCODE_E_CHAR;
    }
    memcpy(out_norm, buf, CREDITCODE_LEN);
    out_norm[CREDITCODE_LEN] = '\0';
    if (creditcode_make_check(buf) != buf[17])
        return CREDITCODE_E_CHECK;
    return 0;
}

const char *creditcode_strerror(int rc)
{
    switch (rc) {
    case 0:
        return "success";
    case CREDITCODE_E_EMPTY:
        return "the credit code is empty";
    case CREDITCODE_E_LENGTH:
        return "a unified social credit code has 18 characters";
    case CREDITCODE_E_CHAR:
        return "a credit code has only digits and capital letters other than I, O, S, V, Z";
    case CREDITCODE_E_CHECK:
        return "the last character of the credit code does not match its check character";
    default:
        return "unknown credit code error";
    }
}

const char *creditcode_errcode(int rc)
{
    switch (rc) {
    case 0:
        return "ok";
    case CREDITCODE_E_EMPTY:
        return "empty";
    case CREDITCODE_E_LENGTH:
        return "bad_length";
    case CREDITCODE_E_CHAR:
        return "bad_char";
    case CREDITCODE_E_CHECK:
        return "bad_check_digit";
    default:
        return "unknown";
    }
}
