/*
 * Full-width to ASCII folding (see fold.h).
 */
#include "core/fold.h"

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

int fold_ascii(const char *s, size_t len, char *out, size_t cap)
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
