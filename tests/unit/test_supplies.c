/*
 * Unit tests for core/draw.c: the splitmix64 sequence against its published
 * first value for seed 0 (0xe220a8397b1dcdaf, Vigna's splitmix64.c) and an
 * independent Python implementation for the next ones; the shuffle the draw
 * uses, reproducible and a permutation; pickup codes of the alphabet, typed
 * in lower case accepted, anything else refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/draw.h"

static void splitmix64_sequence(void **state)
{
    uint64_t s = 0;

    (void)state;
    assert_true(draw_splitmix64(&s) == 0xe220a8397b1dcdafull);
    assert_true(draw_splitmix64(&s) == 7960286522194355700ull);
    assert_true(draw_splitmix64(&s) == 487617019471545679ull);
}

static void shuffle_is_seeded(void **state)
{
    /* Expected from the Python reference (the method string's recipe). */
    const int64_t want[10] = {9, 10, 6, 3, 4, 8, 1, 2, 5, 7};
    int64_t ids[10], again[10];

    (void)state;
    for (int i = 0; i < 10; i++)
        ids[i] = again[i] = i + 1;
    draw_shuffle(ids, 10, 20200310u);
    assert_memory_equal(ids, want, sizeof want);
    draw_shuffle(again, 10, 20200311u);
    assert_memory_not_equal(again, want, sizeof want);
    draw_shuffle(ids, 0, 1); /* nothing to do */
    draw_shuffle(ids, 1, 1);
    assert_int_equal(ids[0], 9);
}

static void pickup_codes(void **state)
{
    unsigned char raw[PICKUP_CODE_LEN] = {0, 1, 30, 31, 62, 255, 100, 7};
    char code[PICKUP_CODE_LEN + 1], norm[PICKUP_CODE_LEN + 1];

    (void)state;
    pickup_code_from(raw, code);
    assert_string_equal(code, "23Z22999"); /* raw % 31: 0,1,30,0,0,7,7,7 */
    assert_int_equal(pickup_code_normalise("abcdefgh", norm), 0);
    assert_string_equal(norm, "ABCDEFGH");
    assert_int_equal(pickup_code_normalise("ABCDEFG", norm), -1);   /* short */
    assert_int_equal(pickup_code_normalise("ABCDEFGHJ", norm), -1); /* long */
    assert_int_equal(pickup_code_normalise("ABCDEFG0", norm), -1);  /* 0 is not used */
    assert_int_equal(pickup_code_normalise("ABCDEFGI", norm), -1);  /* nor I */
    assert_int_equal(pickup_code_normalise("ABCD EFG", norm), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(splitmix64_sequence),
        cmocka_unit_test(shuffle_is_seeded),
        cmocka_unit_test(pickup_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
