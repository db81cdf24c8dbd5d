/*
 * Temperature readings: parsing what people type into tenths of a degree,
 * the plausible range and the fever threshold (core/temperature.h).
 */
#include "core/temperature.h"

#include "core/fold.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TEMP_TEXT_MAX 32

/* Drops a trailing unit: "℃" (U+2103), "°C", "°", "C" or "c", with
 * spaces before it. Returns the new length. */
static size_t strip_unit(const char *s, size_t len)
{
    static const char *const units[] = {"\xE2\x84\x83",
                                        "\xC2\xB0"
                                        "C",
                                        "\xC2\xB0"
                                        "c",
                                        "\xC2\xB0",
                                        "C",
                                        "c",
                                        "\xEF\xBC\xA3"};
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t n = strlen(units[i]);
        if (len >= n && memcmp(s + len - n, units[i], n) == 0) {
            len -= n;
            break;
        }
    }
    return len;
}

int temperature_parse(const char *s, size_t len, int *out_tenths)
{
    char a[TEMP_TEXT_MAX];
    int n, whole = 0, digits = 0, tenths = 0, decimals = 0, seen_point = 0;

    *out_tenths = 0;
    len = strip_unit(s, len);
    n = fold_ascii(s, len, a, sizeof a);
    if (n < 0)
        return TEMP_E_FORMAT;
    while (n > 0 && a[n - 1] == ' ')
        n--;
    if (n == 0)
        return TEMP_E_EMPTY;
    for (int i = 0; i < n; i++) {
        char ch = a[i];
        if (ch >= '0' && ch <= '9') {
            if (seen_point) {
                if (++decimals > 1)
                    return TEMP_E_FORMAT;
                tenths = ch - '0';
            } else {
                if (++digits > 3)
                    return TEMP_E_FORMAT;
                whole = whole * 10 + (ch - '0');
            }
        } else if ((ch == '.' || ch == ',') && !seen_point && digits > 0) {
            seen_point = 1;
        } else {
            return TEMP_E_FORMAT;
        }
    }
    if (digits == 0 || (seen_point && decimals == 0))
        return TEMP_E_FORMAT;
    int t = whole * 10 + tenths;
    if (t < TEMP_MIN || t > TEMP_MAX)
        return TEMP_E_RANGE;
    *out_tenths = t;
    return 0;
}

int temperature_from_double(double v, int *out_tenths)
{
    *out_tenths = 0;
    if (!isfinite(v))
        return TEMP_E_FORMAT;
    if (v < 0 || v > 1000)
        return TEMP_E_RANGE;
    double scaled = v * 10.0;
    double r = nearbyint(scaled);
    if (fabs(scaled - r) > 1e-6)
        return TEMP_E_FORMAT;
    int t = (int)r;
    if (t < TEMP_MIN || t > TEMP_MAX)
        return TEMP_E_RANGE;
    *out_tenths = t;
    return 0;
}

int temperature_is_fever(int tenths)
{
    return tenths >= TEMP_FEVER;
}

char *temperature_format(int tenths, char *out, size_t cap)
{
    snprintf(out, cap, "%d.%d", tenths / 10, tenths % 10);
    return out;
}
