/*
 * Unit tests for core/mask.c: the documented examples, every length of an
 * ASCII number against the rule written out here, truncation at every
 * buffer size, and malformed UTF-8 (including a pseudo-random sweep) never
 * overrunning the buffer or producing malformed output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/mask.h"

typedef size_t (*mask_fn)(const char *in, char *out, size_t out_size);

/* Independent well-formedness check of UTF-8 (RFC 3629 table 3-7). */
static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        int n;
        if (p[0] < 0x80) {
            p++;
            continue;
        }
        if ((p[0] & 0xE0) == 0xC0) {
            n = 2;
            cp = p[0] & 0x1F;
        } else if ((p[0] & 0xF0) == 0xE0) {
            n = 3;
            cp = p[0] & 0x0F;
        } else if ((p[0] & 0xF8) == 0xF0) {
            n = 4;
            cp = p[0] & 0x07;
        } else {
            return 0;
        }
        for (int i = 1; i < n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (p[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n;
    }
    return 1;
}

static void expect(mask_fn fn, const char *in, const char *want)
{
    char out[128];
    size_t n = fn(in, out, sizeof out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
}

static void test_name_examples(void **state)
{
    (void)state;
    expect(mask_name, "张三", "张*");
    expect(mask_name, "欧阳娜娜", "欧***");
    expect(mask_name, "司马相如", "司***");
    expect(mask_name, "John Smith", "J*********");
    expect(mask_name, "Jo", "J*");
    expect(mask_name, "李", "*");
    expect(mask_name, "J", "*");
    expect(mask_name, "", "");
    expect(mask_name, NULL, "");
    expect(mask_name, "阿卜杜·热合曼", "阿******");
}

static void test_doc_examples(void **state)
{
    (void)state;
    expect(mask_doc, "31010519800101123X", "310***********123X");
    expect(mask_doc, "11010519491231002X", "110***********002X");
    expect(mask_doc, "E12345678", "E*******8");
    expect(mask_doc, "ABC", "A*C");
    expect(mask_doc, "AB", "**");
    expect(mask_doc, "A", "*");
    expect(mask_doc, "", "");
}

static void test_phone_examples(void **state)
{
    (void)state;
    expect(mask_phone, "13812345678", "138****5678");
    expect(mask_phone, "62345678", "6******8");
    expect(mask_phone, "12", "**");
}

/* The rule of mask.h for an ASCII number of length n, written out. */
static void reference(const char *in, size_t long_from, char *out)
{
    size_t n = strlen(in), head = 0, tail = 0;
    if (n >= long_from) {
        head = 3;
        tail = 4;
    } else if (n >= 3) {
        head = 1;
        tail = 1;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = (i < head || i >= n - tail) ? in[i] : '*';
    out[n] = '\0';
}

static void test_numbers_every_length(void **state)
{
    const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    (void)state;
    for (size_t n = 0; n <= 30; n++) {
        char in[32], want[32], got[32];
        memcpy(in, digits, n);
        in[n] = '\0';

        reference(in, 15, want);
        assert_int_equal(mask_doc(in, got, sizeof got), n);
        assert_string_equal(got, want);

        reference(in, 11, want);
        assert_int_equal(mask_phone(in, got, sizeof got), n);
        assert_string_equal(got, want);
    }
}

static void test_doc_boundary(void **state)
{
    (void)state;
    expect(mask_doc, "ABCDEFGHIJKLMN", "A************N");   /* 14 */
    expect(mask_doc, "ABCDEFGHIJKLMNO", "ABC********LMNO"); /* 15 */
    expect(mask_phone, "1381234567", "1********7");         /* 10 */
}

static void test_truncation_every_size(void **state)
{
    static const char *const full = "欧***"; /* what "欧阳娜娜" masks to */
    (void)state;
    for (size_t size = 0; size <= 8; size++) {
        char out[16];
        size_t n;
        memset(out, '#', sizeof out);
        n = mask_name("欧阳娜娜", out, size);
        if (size == 0) {
            assert_int_equal(n, 0);
            assert_int_equal(out[0], '#');
            continue;
        }
        /* Whole characters only: 欧 is 3 bytes, each star 1. */
        size_t want = size < 4 ? 0 : size - 1 > 6 ? 6 : size - 1;
        assert_int_equal(n, want);
        assert_int_equal(out[n], '\0');
        assert_memory_equal(out, full, n);
        assert_int_equal(out[size], '#'); /* nothing past out_size */
        assert_true(valid_utf8(out));
    }
}

static void test_truncation_keeps_whole_kept_chars(void **state)
{
    char out[16];
    (void)state;
    /* 阳****娜 is 10 bytes: the kept 娜 goes whole or not at all. */
    memset(out, '#', sizeof out);
    assert_int_equal(mask_doc("阳阳阳阳阳娜", out, 10), 7);
    assert_string_equal(out, "阳****");
    assert_int_equal(out[8], '#');
    assert_int_equal(mask_doc("阳阳阳阳阳娜", out, 11), 10);
    assert_string_equal(out, "阳****娜");
    assert_int_equal(mask_doc("阳阳阳阳阳娜", out, 3), 0);
    assert_string_equal(out, "");
}

static void test_invalid_utf8(void **state)
{
    char out[64];
    (void)state;
    expect(mask_name, "\xFF\xFE", "**");
    expect(mask_name,
           "\x80"
           "abc",
           "****");                     /* stray continuation first */
    expect(mask_name, "张\xE5", "张*"); /* truncated sequence at the end */
    expect(mask_name,
           "\xE5\xBC"
           "三",
           "***");                                 /* truncated in the middle */
    expect(mask_name, "\xC0\x80", "**");           /* overlong NUL */
    expect(mask_name, "\xED\xA0\x80", "***");      /* surrogate */
    expect(mask_name, "\xF4\x90\x80\x80", "****"); /* past U+10FFFF */
    expect(mask_name,
           "\xF0\x9F\x98\x80"
           "x",
           "\xF0\x9F\x98\x80*"); /* valid 4-byte kept */
    expect(mask_doc,
           "\xFF"
           "1010519800101123X",
           "*10***********123X");
    expect(mask_doc, "31010519800101123\xFF", "310***********123*");
    mask_name("\xE6\x9D\x8E\xE6", out, sizeof out);
    assert_true(valid_utf8(out));
}

static void test_random_bytes(void **state)
{
    static const mask_fn fns[] = {mask_name, mask_doc, mask_phone};
    uint32_t seed = 12345;
    (void)state;
    for (int round = 0; round < 20000; round++) {
        char in[24], out[40];
        size_t len = (size_t)(round % 23), size = (size_t)(round % 41);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            /* Bias toward bytes that start or continue sequences. */
            in[i] = (char)((seed >> 16) % 3 ? 0x80 | (seed >> 8 & 0x7F) : (seed >> 8 & 0xFF) | 1);
        }
        in[len] = '\0';
        for (size_t f = 0; f < 3; f++) {
            memset(out, '#', sizeof out);
            size_t n = fns[f](in, out, size);
            if (size == 0) {
                assert_int_equal(n, 0);
                continue;
            }
            assert_true(n < size);
            assert_int_equal(out[n], '\0');
            assert_int_equal(strlen(out), n);
            assert_true(valid_utf8(out));
            if (size < sizeof out)
                assert_int_equal(out[size], '#');
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_examples),
        cmocka_unit_test(test_doc_examples),
        cmocka_unit_test(test_phone_examples),
        cmocka_unit_test(test_numbers_every_length),
        cmocka_unit_test(test_doc_boundary),
        cmocka_unit_test(test_truncation_every_size),
        cmocka_unit_test(test_truncation_keeps_whole_kept_chars),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
