/*
 * Unit tests for core/creditcode.c. The reference check character is
 * computed here from the standard's definition (weights 3^i mod 31, not a
 * copied table); published codes are asserted only after the reference
 * confirms them, and every single substitution and adjacent transposition
 * of them must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/creditcode.h"

static const char ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Codes cited as valid in public documents. */
static const char *const PUBLISHED[] = {
    "91350100M000100Y43",
    "91110000802100433B",
    "91310000132149237G",
};
#define NPUBLISHED (sizeof PUBLISHED / sizeof PUBLISHED[0])

static int ref_value(char c)
{
    const char *p = strchr(ALPHABET, c);
    return p && c ? (int)(p - ALPHABET) : -1;
}

static char ref_check(const char *c17)
{
    int sum = 0, w = 1;
    for (int i = 0; i < 17; i++) {
        sum += ref_value(c17[i]) * w;
        w = w * 3 % 31;
    }
    return ALPHABET[(31 - sum % 31) % 31];
}

static int check(const char *s, char out[CREDITCODE_STR_LEN])
{
    return creditcode_check(s, strlen(s), out);
}

static void test_published_codes(void **state)
{
    char out[CREDITCODE_STR_LEN];
    (void)state;
    for (size_t k = 0; k < NPUBLISHED; k++) {
        assert_int_equal(ref_check(PUBLISHED[k]), PUBLISHED[k][17]);
        assert_int_equal(creditcode_make_check(PUBLISHED[k]), PUBLISHED[k][17]);
        assert_int_equal(check(PUBLISHED[k], out), 0);
        assert_string_equal(out, PUBLISHED[k]);
    }
}

static void test_make_check_matches_reference(void **state)
{
    char code[18] = "91310000MA1FL0000";
    int seen[31] = {0};
    (void)state;
    /* Vary two positions over the whole alphabet: every check value shows up,
     * including 0 (sum divisible by 31). */
    for (int a = 0; a < 31; a++) {
        for (int b = 0; b < 31; b++) {
            code[10] = ALPHABET[a];
            code[16] = ALPHABET[b];
            char want = ref_check(code);
            assert_int_equal(creditcode_make_check(code), want);
            seen[ref_value(want)] = 1;
        }
    }
    for (int i = 0; i < 31; i++)
        assert_true(seen[i]);
}

static void test_every_substitution_rejected(void **state)
{
    char out[CREDITCODE_STR_LEN];
    (void)state;
    for (size_t k = 0; k < NPUBLISHED; k++) {
        for (int pos = 0; pos < 18; pos++) {
            for (const char *a = ALPHABET; *a; a++) {
                char code[19];
                memcpy(code, PUBLISHED[k], 19);
                if (code[pos] == *a)
                    continue;
                code[pos] = *a;
                assert_int_equal(check(code, out), CREDITCODE_E_CHECK);
                assert_string_equal(out, code); /* normalised code kept */
            }
        }
    }
}

static void test_adjacent_transpositions_rejected(void **state)
{
    char out[CREDITCODE_STR_LEN];
    (void)state;
    for (size_t k = 0; k < NPUBLISHED; k++) {
        for (int i = 0; i < 17; i++) {
            char code[19];
            memcpy(code, PUBLISHED[k], 19);
            if (code[i] == code[i + 1])
                continue;
            code[i] = PUBLISHED[k][i + 1];
            code[i + 1] = PUBLISHED[k][i];
            assert_int_equal(check(code, out), CREDITCODE_E_CHECK);
        }
    }
}

static void test_normalisation(void **state)
{
    char out[CREDITCODE_STR_LEN];
    (void)state;
    assert_int_equal(check("91350100m000100y43", out), 0);
    assert_string_equal(out, "91350100M000100Y43");
    assert_int_equal(check("  91350100M000100Y43\t", out), 0);
    assert_int_equal(check("\xE3\x80\x80"
                           "91350100M000100Y43"
                           "\xE3\x80\x80",
                           out),
                     0);
    assert_int_equal(check("９１３５０１００Ｍ０００１００Ｙ４３", out), 0);
    assert_string_equal(out, "91350100M000100Y43");
    assert_int_equal(check("９１３５０１００ｍ０００１００ｙ４３", out), 0);
    assert_string_equal(out, "91350100M000100Y43");
}

static void test_forbidden_letters(void **state)
{
    static const char forbidden[] = "IOSVZiosvz";
    char out[CREDITCODE_STR_LEN];
    (void)state;
    for (const char *f = forbidden; *f; f++) {
        char code[19];
        memcpy(code, PUBLISHED[0], 19);
        code[8] = *f; /* where the M is */
        assert_int_equal(check(code, out), CREDITCODE_E_CHAR);
        assert_string_equal(out, "");
        memcpy(code, PUBLISHED[0], 19);
        code[17] = *f; /* as the check character */
        assert_int_equal(check(code, out), CREDITCODE_E_CHAR);
    }
    assert_int_equal(check("91350100M000100Y4-", out), CREDITCODE_E_CHAR);
    assert_int_equal(check("91350100M00 100Y43", out), CREDITCODE_E_CHAR);
    assert_int_equal(check("91350100M000100Y4中", out), CREDITCODE_E_CHAR);
    assert_int_equal(check("91350100M000100Y4\xFF", out), CREDITCODE_E_CHAR);
    assert_int_equal(creditcode_make_check("91350100I000100Y4"), -1);
    assert_int_equal(creditcode_make_check("91350100m000100Y4"), -1);
}

static void test_length_and_empty(void **state)
{
    char out[CREDITCODE_STR_LEN];
    (void)state;
    assert_int_equal(check("", out), CREDITCODE_E_EMPTY);
    assert_int_equal(check(" \xE3\x80\x80 ", out), CREDITCODE_E_EMPTY);
    assert_int_equal(check("91350100M000100Y4", out), CREDITCODE_E_LENGTH);
    assert_int_equal(check("91350100M000100Y433", out), CREDITCODE_E_LENGTH);
    assert_int_equal(check("350100M000100Y4", out), CREDITCODE_E_LENGTH); /* old 15-char */
    assert_int_equal(check("91350100M000100Y4391350100M000100Y43", out), CREDITCODE_E_LENGTH);
    assert_string_equal(out, "");
    /* Only len bytes are read. */
    assert_int_equal(creditcode_check("91350100M000100Y43ZZZ", 18, out), 0);
}

static void test_messages(void **state)
{
    const int codes[] = {CREDITCODE_E_EMPTY, CREDITCODE_E_LENGTH, CREDITCODE_E_CHAR,
                         CREDITCODE_E_CHECK};
    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_string_not_equal(creditcode_strerror(codes[i]), creditcode_strerror(-99));
        assert_string_not_equal(creditcode_errcode(codes[i]), creditcode_errcode(-99));
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(creditcode_strerror(codes[i]), creditcode_strerror(codes[j]));
            assert_string_not_equal(creditcode_errcode(codes[i]), creditcode_errcode(codes[j]));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_codes),
        cmocka_unit_test(test_make_check_matches_reference),
        cmocka_unit_test(test_every_substitution_rejected),
        cmocka_unit_test(test_adjacent_transpositions_rejected),
        cmocka_unit_test(test_normalisation),
        cmocka_unit_test(test_forbidden_letters),
        cmocka_unit_test(test_length_and_empty),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
