/*
 * One masking routine -- keep `head` characters and `tail` characters,
 * star the rest -- and the per-kind rules that choose head and tail from
 * the length. Characters are UTF-8 code points (a name with a combining
 * accent counts the accent separately; names in the registers are Han or
 * plain Latin, so grapheme clusters are not worth the tables).
 */
#include "core/mask.h"

#include <string.h>

/*
 * Bytes in the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0 if p does not start
 * one. The NUL terminator stops a truncated sequence, as a continuation
 * byte is never 0.
 */
static size_t utf8_seq(const unsigned char *p)
{
    unsigned char c = p[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if (c == 0xE0)
        lo = 0xA0; /* overlong */
    else if (c == 0xED)
        hi = 0x9F; /* surrogates */
    else if (c == 0xF0)
        lo = 0x90; /* overlong */
    else if (c == 0xF4)
        hi = 0x8F; /* past U+10FFFF */
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Characters in s: each well-formed sequence, and each stray byte, is one. */
static size_t count_chars(const unsigned char *s)
{
    size_t n = 0;
    while (*s) {
        size_t w = utf8_seq(s);
        s += w ? w : 1;
        n++;
    }
    return n;
}

/*
 * Writes in with all but the first `head` and last `tail` characters
 * replaced by '*' (a stray byte is starred wherever it is). Returns the
 * bytes written; see mask.h for the truncation rule.
 */
static size_t mask_keep(const char *in, size_t head, size_t tail, char *out, size_t out_size)
{
    const unsigned char *p = (const unsigned char *)(in ? in : "");
    size_t n = count_chars(p), len = 0;

    if (out_size == 0)
        return 0;
    for (size_t i = 0; *p; i++) {
        size_t w = utf8_seq(p);
        int keep = w > 0 && (i < head || i + tail >= n);
        size_t need = keep ? w : 1;

        if (len + need + 1 > out_size)
            break;
        if (keep)
            memcpy(out + len, p, w);
        else
            out[len] = '*';
        len += need;
        p += w ? w : 1;
    }
    out[len] = '\0';
    return len;
}

size_t mask_name(const char *in, char *out, size_t out_size)
{
    size_t n = count_chars((const unsigned char *)(in ? in : ""));
    return mask_keep(in, n > 1 ? 1 : 0, 0, out, out_size);
}

/* Head and tail kept for a number of n characters, given the length from
 * which the long form (3 and 4) applies. */
static size_t number_mask(const char *in, size_t long_from, char *out, size_t out_size)
{
    size_t n = count_chars((const unsigned char *)(in ? in : ""));

    if (n >= long_from)
        return mask_keep(in, 3, 4, out, out_size);
    if (n >= 3)
        return mask_keep(in, 1, 1, out, out_size);
    return mask_keep(in, 0, 0, out, out_size);
}

size_t mask_doc(const char *in, char *out, size_t out_size)
{
    return number_mask(in, 15, out, out_size);
}

size_t mask_phone(const char *in, char *out, size_t out_size)
{
    return number_mask(in, 11, out, out_size);
}
