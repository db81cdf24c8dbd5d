/*
 * UTF-8 checks and repairs (utf8.h), strict as jansson is: a byte sequence
 * is a character only when jansson would take it for one.
 */
#include "util/utf8.h"

#include <string.h>

size_t utf8_char_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len;
    unsigned cp;

    if (n == 0)
        return 0;
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        len = 2, cp = p[0] & 0x1F;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        len = 3, cp = p[0] & 0x0F;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        len = 4, cp = p[0] & 0x07;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

int utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0, w; i < n; i += w)
        if (!(w = utf8_char_len(s + i, n - i)))
            return 0;
    return 1;
}

size_t utf8_repair(char *s)
{
    size_t n = strlen(s), in = 0, out = 0;

    while (in < n) {
        size_t w = utf8_char_len(s + in, n - in);
        if (!w) {
            in++;
            continue;
        }
        memmove(s + out, s + in, w);
        out += w;
        in += w;
    }
    s[out] = '\0';
    return out;
}
