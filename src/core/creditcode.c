/*
 * GB 32100-2015 check: the 31-character alphabet (digits and capitals
 * without I, O, S, V, Z, which are too easily misread), weights 3^i mod 31,
 * and check value 31 - (sum mod 31). The registration-authority, type and
 * region fields are not checked: their code lists change, and the check
 * character already rejects random typing errors.
 */
#include "core/creditcode.h"

#include "core/fold.h"
#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Weight of each of the first 17 characters: 3^i mod 31. */
static const unsigned char weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};

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
    n = fold_ascii(s, len, buf, sizeof buf);
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
