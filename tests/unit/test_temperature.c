/*
 * Unit tests for core/temperature.c: the ways a reading is typed, the
 * plausible range at both ends, the fever threshold and JSON numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "core/temperature.h"

static void expect_ok(const char *s, int want)
{
    int t = -1;
    int rc = temperature_parse(s, strlen(s), &t);
    if (rc != 0)
        print_error("input \"%s\": rc %d\n", s, rc);
    assert_int_equal(rc, 0);
    assert_int_equal(t, want);
}

static void expect_error(const char *s, int want_rc)
{
    int t = 99;
    int rc = temperature_parse(s, strlen(s), &t);
    if (rc != want_rc)
        print_error("input \"%s\": rc %d, wanted %d\n", s, rc, want_rc);
    assert_int_equal(rc, want_rc);
    assert_int_equal(t, 0);
}

static void test_forms(void **state)
{
    (void)state;
    expect_ok("37.3", 373);
    expect_ok("37", 370);
    expect_ok(" 36.5 ", 365);
    expect_ok("37,3", 373);
    expect_ok("\xEF\xBC\x93\xEF\xBC\x97\xEF\xBC\x8E\xEF\xBC\x93", 373); /* ３７．３ */
    expect_ok("37.3\xE2\x84\x83", 373);                                 /* ℃ */
    expect_ok("37.3 \xC2\xB0"
              "C",
              373);
    expect_ok("36.8C", 368);
}

static void test_bounds(void **state)
{
    (void)state;
    expect_ok("34.0", TEMP_MIN);
    expect_ok("43.0", TEMP_MAX);
    expect_error("33.9", TEMP_E_RANGE);
    expect_error("43.1", TEMP_E_RANGE);
    expect_error("98.6", TEMP_E_RANGE);
    expect_error("0", TEMP_E_RANGE);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("", TEMP_E_EMPTY);
    expect_error("   ", TEMP_E_EMPTY);
    expect_error("36.65", TEMP_E_FORMAT);
    expect_error("37.", TEMP_E_FORMAT);
    expect_error(".5", TEMP_E_FORMAT);
    expect_error("-37", TEMP_E_FORMAT);
    expect_error("37.3.1", TEMP_E_FORMAT);
    expect_error("abc", TEMP_E_FORMAT);
    expect_error("1000", TEMP_E_FORMAT);
    expect_error("\xE5\x8F\x91\xE7\x83\xAD", TEMP_E_FORMAT); /* 发热 */
}

static void test_fever(void **state)
{
    (void)state;
    assert_false(temperature_is_fever(372));
    assert_true(temperature_is_fever(373));
    assert_true(temperature_is_fever(400));
    char buf[8];
    assert_string_equal(temperature_format(373, buf, sizeof buf), "37.3");
    assert_string_equal(temperature_format(360, buf, sizeof buf), "36.0");
}

static void test_double(void **state)
{
    (void)state;
    int t;
    assert_int_equal(temperature_from_double(37.3, &t), 0);
    assert_int_equal(t, 373);
    assert_int_equal(temperature_from_double(36, &t), 0);
    assert_int_equal(t, 360);
    assert_int_equal(temperature_from_double(36.65, &t), TEMP_E_FORMAT);
    assert_int_equal(temperature_from_double(33.9, &t), TEMP_E_RANGE);
    assert_int_equal(temperature_from_double(43.1, &t), TEMP_E_RANGE);
    assert_int_equal(temperature_from_double(-1, &t), TEMP_E_RANGE);
    assert_int_equal(temperature_from_double(NAN, &t), TEMP_E_FORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms), cmocka_unit_test(test_bounds), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_fever), cmocka_unit_test(test_double),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
