/*
 * Unit tests for core/phone.c: the accepted ways of writing one number,
 * the boundaries of the mobile prefix and the length, and each error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/phone.h"

static void expect_ok(const char *s, const char *want)
{
    char out[PHONE_STR_LEN];
    int rc = phone_check(s, strlen(s), out);
    if (rc != 0)
        print_error("input \"%s\": rc %d\n", s, rc);
    assert_int_equal(rc, 0);
    assert_string_equal(out, want);
}

static void expect_error(const char *s, int want_rc)
{
    char out[PHONE_STR_LEN] = "dirty";
    int rc = phone_check(s, strlen(s), out);
    if (rc != want_rc)
        print_error("input \"%s\": rc %d, wanted %d\n", s, rc, want_rc);
    assert_int_equal(rc, want_rc);
    assert_string_equal(out, "");
}

static void test_plain(void **state)
{
    (void)state;
    expect_ok("13812345678", "13812345678");
    expect_ok("  13812345678\t", "13812345678");
    expect_ok("\xE3\x80\x80"
              "13812345678"
              "\xE3\x80\x80",
              "13812345678");
}

static void test_separators(void **state)
{
    (void)state;
    expect_ok("138 1234 5678", "13812345678");
    expect_ok("138-1234-5678", "13812345678");
    expect_ok("138 - 1234 - 5678", "13812345678");
    expect_ok("138\t1234\xE3\x80\x80"
              "5678",
              "13812345678");
    expect_ok("1-3-8-1-2-3-4-5-6-7-8", "13812345678");
}

static void test_country_prefixes(void **state)
{
    (void)state;
    expect_ok("+8613812345678", "13812345678");
    expect_ok("+86 138 1234 5678", "13812345678");
    expect_ok("+86-138-1234-5678", "13812345678");
    expect_ok("8613812345678", "13812345678");
    expect_ok("86 13812345678", "13812345678");
    expect_ok("008613812345678", "13812345678");
    expect_ok("0086 138-1234-5678", "13812345678");
}

static void test_full_width(void **state)
{
    (void)state;
    expect_ok("１３８１２３４５６７８", "13812345678");
    expect_ok("＋８６　１３８－１２３４－５６７８", "13812345678");
    expect_ok("138１２３4567８", "13812345678");
}

static void test_mobile_prefix_bounds(void **state)
{
    char num[] = "1x812345678";
    (void)state;
    for (char d = '0'; d <= '9'; d++) {
        char out[PHONE_STR_LEN];
        num[1] = d;
        assert_int_equal(phone_check(num, 11, out), d >= '3' ? 0 : PHONE_E_NOT_MOBILE);
        if (d >= '3')
            assert_string_equal(out, num);
    }
    expect_error("23812345678", PHONE_E_NOT_MOBILE);
    expect_error("03812345678", PHONE_E_NOT_MOBILE);
    expect_error("02112345678", PHONE_E_NOT_MOBILE); /* a Shanghai landline */
    expect_error("86123456789", PHONE_E_NOT_MOBILE); /* 11 digits: no prefix taken */
    expect_error("+8612345678901", PHONE_E_NOT_MOBILE);
}

static void test_length(void **state)
{
    (void)state;
    expect_error("1381234567", PHONE_E_LENGTH);
    expect_error("138123456789", PHONE_E_LENGTH);
    expect_error("861381234567", PHONE_E_LENGTH); /* 86 only taken from 13 digits */
    expect_error("86138123456789", PHONE_E_LENGTH);
    expect_error("+86", PHONE_E_LENGTH);
    expect_error("+861381234567", PHONE_E_LENGTH);
    expect_error("00861381234567", PHONE_E_LENGTH);
    expect_error("---", PHONE_E_LENGTH);
    expect_error("12345678901234567890", PHONE_E_LENGTH);
    expect_error("1 3 8 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8", PHONE_E_LENGTH);
}

static void test_country(void **state)
{
    (void)state;
    expect_error("+85291234567", PHONE_E_COUNTRY);
    expect_error("+1 415 555 0100", PHONE_E_COUNTRY);
    expect_error("0085291234567", PHONE_E_COUNTRY);
    expect_error("+", PHONE_E_COUNTRY);
}

static void test_bad_chars(void **state)
{
    (void)state;
    expect_error("1381234567a", PHONE_E_CHAR);
    expect_error("138.1234.5678", PHONE_E_CHAR);
    expect_error("138+12345678", PHONE_E_CHAR);
    expect_error("++8613812345678", PHONE_E_CHAR);
    expect_error("(138)12345678", PHONE_E_CHAR);
    expect_error("1.38123E+10", PHONE_E_CHAR);
    expect_error("138 1234 5678 转 12", PHONE_E_CHAR);
    expect_error("13812345678\xFF", PHONE_E_CHAR);
}

static void test_empty(void **state)
{
    (void)state;
    expect_error("", PHONE_E_EMPTY);
    expect_error(" \t ", PHONE_E_EMPTY);
    expect_error("\xE3\x80\x80", PHONE_E_EMPTY);
}

static void test_not_nul_terminated(void **state)
{
    char out[PHONE_STR_LEN];
    (void)state;
    assert_int_equal(phone_check("138123456789999", 11, out), 0);
    assert_string_equal(out, "13812345678");
    assert_int_equal(phone_check("138123456789999", 12, out), PHONE_E_LENGTH);
}

static void test_messages(void **state)
{
    const int codes[] = {PHONE_E_EMPTY, PHONE_E_CHAR, PHONE_E_COUNTRY, PHONE_E_LENGTH,
                         PHONE_E_NOT_MOBILE};
    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_string_not_equal(phone_strerror(codes[i]), phone_strerror(-99));
        assert_string_not_equal(phone_errcode(codes[i]), phone_errcode(-99));
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(phone_strerror(codes[i]), phone_strerror(codes[j]));
            assert_string_not_equal(phone_errcode(codes[i]), phone_errcode(codes[j]));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_separators),
        cmocka_unit_test(test_country_prefixes),
        cmocka_unit_test(test_full_width),
        cmocka_unit_test(test_mobile_prefix_bounds),
        cmocka_unit_test(test_length),
        cmocka_unit_test(test_country),
        cmocka_unit_test(test_bad_chars),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_not_nul_terminated),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
