/*
 * GB 11643-1999 resident ID numbers: normalisation of what people type,
 * the structural checks (province, birth date) and the ISO 7064 MOD 11-2
 * check character. Structural errors are reported before a check-character
 * mismatch because they point at the wrong digits; the check character is
 * the last line of defence against a typo that still looks plausible.
 */
#include "core/idcard.h"

#include "core/fold.h"
#include "core/date.h"

#include <string.h>

/* Weight of each of the first 17 digits: 2^(17-i) mod 11. */
static const unsigned char weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

/* Check character for each value of the weighted sum mod 11. */
static const char check_map[] = "10X98765432";

/* Province-level codes of GB/T 2260, first two digits of a region. */
static const struct {
    unsigned char lo, hi;
} provinces[] = {
    {11, 15}, /* 北京 天津 河北 山西 内蒙古 */
    {21, 23}, /* 辽宁 吉林 黑龙江 */
    {31, 37}, /* 上海 江苏 浙江 安徽 福建 江西 山东 */
    {41, 46}, /* 河南 湖北 湖南 广东 广西 海南 */
    {50, 54}, /* 重庆 四川 贵州 云南 西藏 */
    {61, 65}, /* 陕西 甘肃 青海 宁夏 新疆 */
    {71, 71}, /* 台湾 */
    {81, 82}, /* 香港 澳门 */
};

int idcard_province_valid(int code)
{
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        if (code >= provinces[i].lo && code <= provinces[i].hi)
            return 1;
    return 0;
}

int idcard_make_check(const char digits17[17])
{
    unsigned sum = 0;

    for (int i = 0; i < 17; i++) {
        if (digits17[i] < '0' || digits17[i] > '9')
            return -1;
        sum += (unsigned)(digits17[i] - '0') * weights[i];
    }
    return check_map[sum % 11];
}

/* Value of n decimal digits at p, which the caller has checked. */
static int digits_value(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

/* "3.30106E+17", "3.3E17": how a spreadsheet shows a long number. */
static int exponent_form(const char *b, size_t n)
{
    size_t i = 0, digits = 0;

    while (i < n && b[i] >= '0' && b[i] <= '9')
        i++, digits++;
    if (i < n && b[i] == '.')
        for (i++; i < n && b[i] >= '0' && b[i] <= '9'; i++)
            digits++;
    if (!digits || i >= n || (b[i] != 'E' && b[i] != 'e'))
        return 0;
    if (++i < n && b[i] == '+')
        i++;
    if (i >= n)
        return 0;
    while (i < n && b[i] >= '0' && b[i] <= '9')
        i++;
    return i == n;
}

int idcard_parse(const char *s, size_t len, int32_t max_day, struct idcard *out)
{
    char buf[IDCARD_LEN];
    int n, y, m, d;
    int32_t birth;

    memset(out, 0, sizeof *out);
    out->birth_day = DATE_NONE;

    n = fold_ascii(s, len, buf, sizeof buf);
    if (n == 0)
        return IDCARD_E_EMPTY;
    if (n > 0 && exponent_form(buf, (size_t)n))
        return IDCARD_E_NUMBER;
    if (n != IDCARD_LEN)
        return IDCARD_E_LENGTH;
    for (int i = 0; i < 17; i++)
        if (buf[i] < '0' || buf[i] > '9')
            return IDCARD_E_CHAR;
    if (buf[17] == 'x')
        buf[17] = 'X';
    if ((buf[17] < '0' || buf[17] > '9') && buf[17] != 'X')
        return IDCARD_E_CHAR;
    memcpy(out->number, buf, IDCARD_LEN);
    out->number[IDCARD_LEN] = '\0';

    if (!idcard_province_valid(digits_value(buf, 2)))
        return IDCARD_E_PROVINCE;
    y = digits_value(buf + 6, 4);
    m = digits_value(buf + 10, 2);
    d = digits_value(buf + 12, 2);
    if (!date_valid(y, m, d))
        return IDCARD_E_BIRTH;
    birth = date_from_ymd(y, m, d);
    if (max_day != DATE_NONE && birth > max_day)
        return IDCARD_E_FUTURE;
    if (idcard_make_check(buf) != buf[17])
        return IDCARD_E_CHECK;

    out->birth_day = birth;
    out->sex = (buf[16] - '0') % 2 ? IDCARD_MALE : IDCARD_FEMALE;
    out->region = digits_value(buf, 6);
    return 0;
}
