/*
 * Arithmetic on org-unit codes: digits count gives the level, integer
 * division gives the parent. See unitcode.h.
 */
#include "core/unitcode.h"

#include <stdio.h>

/* Number of decimal digits each level's codes have, and the divisor from
 * a level's code to its parent's. */
static const int level_digits[6] = {2, 4, 6, 9, 12, 15};
static const int64_t parent_divisor[6] = {0, 100, 100, 1000, 1000, 1000};

static int digits(int64_t v)
{
    int n = 0;
    if (v <= 0)
        return 0;
    while (v) {
        v /= 10;
        n++;
    }
    return n;
}

int unitcode_level(int64_t code)
{
    int n = digits(code);

    /* A level's own digits may not be all zeros, except a district's: the
     * cities without districts (东莞 4419, 中山 4420, 儋州 4604, 嘉峪关 6202)
     * have one pseudo-district numbered 00 (441900) holding their towns. */
    for (int l = LEVEL_CITY; l <= LEVEL_GRID; l++)
        if (level_digits[l] == n)
            return code % (parent_divisor[l]) == 0 && l != LEVEL_DISTRICT ? 0 : l;
    return 0;
}

int unitcode_parse(const char *s, size_t len, int64_t *out)
{
    int64_t v = 0;

    while (len && (s[0] == ' ' || s[0] == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0)
        return UNITCODE_E_EMPTY;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return UNITCODE_E_DIGITS;
        if (i >= 15)
            return UNITCODE_E_LENGTH;
        v = v * 10 + (s[i] - '0');
    }
    if (len != 4 && len != 6 && len != 9 && len != 12 && len != 15)
        return UNITCODE_E_LENGTH;
    if (s[0] == '0' || unitcode_level(v) == 0)
        return UNITCODE_E_ZERO;
    *out = v;
    return 0;
}

int64_t unitcode_parent(int64_t code)
{
    int l = unitcode_level(code);
    return l <= LEVEL_CITY ? 0 : code / parent_divisor[l];
}

int64_t unitcode_at_level(int64_t code, int level)
{
    int l = unitcode_level(code);

    if (l == 0 || level < LEVEL_CITY || level > l)
        return 0;
    while (l > level) {
        code /= parent_divisor[l];
        l--;
    }
    return code;
}

int unitcode_within(int64_t code, int64_t scope)
{
    int ls = unitcode_level(scope);
    return ls != 0 && unitcode_at_level(code, ls) == scope;
}

int unitcode_committee_range(int64_t unit, int64_t *out_lo, int64_t *out_hi)
{
    int level = unitcode_level(unit);
    int64_t lo = unit, hi = unit + 1;

    if (!level || level > LEVEL_COMMITTEE)
        return -1;
    for (int l = level + 1; l <= LEVEL_COMMITTEE; l++) {
        lo *= parent_divisor[l];
        hi *= parent_divisor[l];
    }
    *out_lo = lo;
    *out_hi = hi;
    return 0;
}

int unitcode_province(int64_t code)
{
    int64_t city = unitcode_at_level(code, LEVEL_CITY);
    return city ? (int)(city / 100) : 0;
}

void unitcode_format(int64_t code, char out[UNITCODE_STR_LEN])
{
    snprintf(out, UNITCODE_STR_LEN, "%lld", (long long)code);
}

const char *unitcode_level_name(int level)
{
    static const char *names[] = {"", "city", "district", "street", "committee", "grid"};
    return level >= 1 && level <= 5 ? names[level] : "";
}

const char *unitcode_level_name_zh(int level)
{
    static const char *names[] = {"", "市", "区", "街道/镇", "居委会/村", "网格"};
    return level >= 1 && level <= 5 ? names[level] : "";
}
