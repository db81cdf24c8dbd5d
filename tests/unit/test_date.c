/*
 * Unit tests for core/date.c. Day numbers are checked against a naive
 * day-by-day calendar walk written here independently of the Hinnant
 * arithmetic, and against a few anchors computed outside this code base;
 * every accepted input form and every error has its own case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"

/* Month lengths by the rule as usually stated, not the code under test. */
static int walk_month_len(int y, int m)
{
    if (m == 2) {
        int leap = (y % 400 == 0) || (y % 4 == 0 && y % 100 != 0);
        return 28 + leap;
    }
    return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

static int parse(const char *s, int32_t *out)
{
    return date_parse(s, strlen(s), out);
}

static void expect_day(const char *s, int32_t want)
{
    int32_t got = 12345;
    int rc = parse(s, &got);
    if (rc != 0)
        print_error("input \"%s\": rc %d\n", s, rc);
    assert_int_equal(rc, 0);
    assert_int_equal(got, want);
}

static void expect_error(const char *s, int want_rc)
{
    int32_t got = 12345;
    int rc = parse(s, &got);
    if (rc != want_rc)
        print_error("input \"%s\": rc %d, wanted %d\n", s, rc, want_rc);
    assert_int_equal(rc, want_rc);
    assert_int_equal(got, 12345); /* untouched on error */
}

static void test_anchors(void **state)
{
    (void)state;
    /* Computed with Python's datetime.date, not with this code. */
    assert_int_equal(date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(date_from_ymd(1969, 12, 31), -1);
    assert_int_equal(date_from_ymd(1900, 1, 1), -25567);
    assert_int_equal(date_from_ymd(1949, 12, 31), -7306);
    assert_int_equal(date_from_ymd(2000, 2, 29), 11016);
    assert_int_equal(date_from_ymd(2020, 3, 9), 18330);
    assert_int_equal(date_from_ymd(2200, 12, 31), 84370);
}

static void test_walk_1900_to_2200(void **state)
{
    int y = 1900, m = 1, d = 1;
    int32_t day = -25567;
    (void)state;

    while (y <= 2200) {
        int gy, gm, gd;
        char buf[DATE_STR_LEN];
        int32_t back;

        assert_int_equal(date_from_ymd(y, m, d), day);
        date_to_ymd(day, &gy, &gm, &gd);
        assert_int_equal(gy, y);
        assert_int_equal(gm, m);
        assert_int_equal(gd, d);
        assert_true(date_valid(y, m, d));
        /* The day after the last of the month never exists. */
        assert_false(date_valid(y, m, walk_month_len(y, m) + 1));

        date_format(day, buf);
        assert_int_equal(strlen(buf), 10);
        assert_int_equal(date_parse(buf, strlen(buf), &back), 0);
        assert_int_equal(back, day);

        day++;
        if (++d > walk_month_len(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(day, 84371);
}

static void test_ymd_outside_valid_range(void **state)
{
    int y, m, d;
    (void)state;
    /* Conversions work outside 1900..2200 even though parsing refuses it. */
    date_to_ymd(date_from_ymd(1600, 2, 29), &y, &m, &d);
    assert_int_equal(y, 1600);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);
    date_to_ymd(date_from_ymd(-4713, 11, 24), &y, &m, &d);
    assert_int_equal(y, -4713);
    assert_int_equal(m, 11);
    assert_int_equal(d, 24);
    date_to_ymd(INT32_MAX, &y, &m, &d); /* must not overflow */
    date_to_ymd(INT32_MIN, &y, &m, &d);
}

static void test_leap_years(void **state)
{
    (void)state;
    assert_true(date_valid(2000, 2, 29));
    assert_false(date_valid(1900, 2, 29));
    assert_false(date_valid(2100, 2, 29));
    assert_false(date_valid(2200, 2, 29));
    assert_true(date_valid(2020, 2, 29));
    assert_true(date_valid(2024, 2, 29));
    assert_false(date_valid(2021, 2, 29));
    assert_false(date_valid(2000, 2, 30));
    assert_int_equal(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2);
    assert_int_equal(date_from_ymd(1900, 3, 1) - date_from_ymd(1900, 2, 28), 1);
    assert_int_equal(date_from_ymd(2100, 3, 1) - date_from_ymd(2100, 2, 28), 1);
}

static void test_valid_bounds(void **state)
{
    (void)state;
    assert_true(date_valid(1900, 1, 1));
    assert_false(date_valid(1899, 12, 31));
    assert_true(date_valid(2200, 12, 31));
    assert_false(date_valid(2201, 1, 1));
    assert_false(date_valid(2020, 0, 1));
    assert_false(date_valid(2020, 13, 1));
    assert_false(date_valid(2020, 1, 0));
    assert_false(date_valid(2020, 1, -1));
    assert_false(date_valid(2020, 4, 31));
    assert_true(date_valid(2020, 12, 31));
}

static void test_parse_iso(void **state)
{
    (void)state;
    expect_day("2020-03-09", 18330);
    expect_day("2020-3-9", 18330);
    expect_day("2020-03-9", 18330);
    expect_day("2020-3-09", 18330);
}

static void test_parse_slash_dot_compact(void **state)
{
    (void)state;
    expect_day("2020/3/9", 18330);
    expect_day("2020/03/09", 18330);
    expect_day("2020.3.9", 18330);
    expect_day("20200309", 18330);
}

static void test_parse_chinese(void **state)
{
    (void)state;
    expect_day("2020年3月9日", 18330);
    expect_day("2020年03月09日", 18330);
}

static void test_parse_full_width(void **state)
{
    (void)state;
    expect_day("２０２０－０３－０９", 18330);
    expect_day("２０２０／３／９", 18330);
    expect_day("２０２０．３．９", 18330);
    expect_day("２０２００３０９", 18330);
    expect_day("２０２０年３月９日", 18330);
    expect_day("2020－3－9", 18330);   /* half-width digits, full-width separators */
    expect_day("２０2０-3-９", 18330); /* mixed widths within one number */
}

static void test_parse_white_space(void **state)
{
    (void)state;
    expect_day("  2020-03-09", 18330);
    expect_day("2020-03-09 \t", 18330);
    expect_day("\t 20200309 \r\n", 18330);
    expect_day("\xE3\x80\x80"
               "2020年3月9日"
               "\xE3\x80\x80",
               18330);
    expect_day(" \xE3\x80\x80 2020/3/9\xE3\x80\x80\xE3\x80\x80 ", 18330);
}

static void test_parse_bounds(void **state)
{
    (void)state;
    expect_day("1900-01-01", -25567);
    expect_day("2200-12-31", 84370);
    expect_day("2000-02-29", 11016);
    expect_day("1970-01-01", 0);
}

static void test_parse_not_nul_terminated(void **state)
{
    const char buf[] = "2020-03-0999999";
    int32_t got;
    (void)state;
    assert_int_equal(date_parse(buf, 10, &got), 0);
    assert_int_equal(got, 18330);
    assert_int_equal(date_parse(buf, 11, &got), DATE_E_SYNTAX);
    /* Only len bytes are read: zero of them is an empty cell. */
    assert_int_equal(date_parse(buf, 0, &got), DATE_E_EMPTY);
}

static void test_error_empty(void **state)
{
    (void)state;
    expect_error("", DATE_E_EMPTY);
    expect_error("   ", DATE_E_EMPTY);
    expect_error("\t\r\n", DATE_E_EMPTY);
    expect_error("\xE3\x80\x80", DATE_E_EMPTY);
    expect_error(" \xE3\x80\x80\xE3\x80\x80 ", DATE_E_EMPTY);
}

static void test_error_syntax(void **state)
{
    (void)state;
    expect_error("2020-03-09x", DATE_E_SYNTAX);
    expect_error("2020/3/9 0:00", DATE_E_SYNTAX);
    expect_error("2020-03-09T00:00", DATE_E_SYNTAX);
    expect_error("2020-3/9", DATE_E_SYNTAX); /* mixed separators */
    expect_error("2020/3-9", DATE_E_SYNTAX);
    expect_error("20-3-9", DATE_E_SYNTAX); /* two-digit year */
    expect_error("020-3-9", DATE_E_SYNTAX);
    expect_error("02020-3-9", DATE_E_SYNTAX);
    expect_error("2020-003-09", DATE_E_SYNTAX);
    expect_error("2020-03-009", DATE_E_SYNTAX);
    expect_error("2020039", DATE_E_SYNTAX);   /* seven digits */
    expect_error("202003091", DATE_E_SYNTAX); /* nine digits */
    expect_error("2020123456789", DATE_E_SYNTAX);
    expect_error("2020-03", DATE_E_SYNTAX);
    expect_error("2020-03-", DATE_E_SYNTAX);
    expect_error("2020-3-9-", DATE_E_SYNTAX);
    expect_error("-2020-3-9", DATE_E_SYNTAX);
    expect_error("2020--3-9", DATE_E_SYNTAX);
    expect_error("2020 - 3 - 9", DATE_E_SYNTAX);
    expect_error("2020年3月9", DATE_E_SYNTAX);
    expect_error("2020年3月", DATE_E_SYNTAX);
    expect_error("2020年3-9", DATE_E_SYNTAX);
    expect_error("3月9日", DATE_E_SYNTAX);
    expect_error("2020年 3月 9日", DATE_E_SYNTAX);
    expect_error("2020年3月9日日", DATE_E_SYNTAX);
    expect_error("2020年3月009日", DATE_E_SYNTAX);
    expect_error("2020年003月9日", DATE_E_SYNTAX);
    expect_error("20年3月9日", DATE_E_SYNTAX);
    expect_error("9/3/2020", DATE_E_SYNTAX);
    expect_error("abc", DATE_E_SYNTAX);
    expect_error("43899", DATE_E_SYNTAX); /* an Excel serial number */
    expect_error("2020,3,9", DATE_E_SYNTAX);
    expect_error("2020年3月9\xE6\x97", DATE_E_SYNTAX); /* truncated 日 */
    expect_error("2020-03-0\xEF\xBC", DATE_E_SYNTAX);  /* truncated full-width */
    expect_error("\xFF\xFE", DATE_E_SYNTAX);
}

static void test_error_range(void **state)
{
    (void)state;
    expect_error("2021-02-29", DATE_E_RANGE);
    expect_error("1900-02-29", DATE_E_RANGE);
    expect_error("2100-02-29", DATE_E_RANGE);
    expect_error("2020-04-31", DATE_E_RANGE);
    expect_error("2020-13-01", DATE_E_RANGE);
    expect_error("2020-00-10", DATE_E_RANGE);
    expect_error("2020-01-00", DATE_E_RANGE);
    expect_error("2020-01-32", DATE_E_RANGE);
    expect_error("20201301", DATE_E_RANGE);
    expect_error("20210229", DATE_E_RANGE);
    expect_error("2020年2月30日", DATE_E_RANGE);
}

static void test_error_year(void **state)
{
    (void)state;
    expect_error("1899-12-31", DATE_E_YEAR);
    expect_error("2201-01-01", DATE_E_YEAR);
    expect_error("0000-01-01", DATE_E_YEAR);
    expect_error("18991231", DATE_E_YEAR);
    expect_error("9999年1月1日", DATE_E_YEAR);
}

static void test_format(void **state)
{
    char buf[DATE_STR_LEN];
    (void)state;
    date_format(0, buf);
    assert_string_equal(buf, "1970-01-01");
    date_format(18330, buf);
    assert_string_equal(buf, "2020-03-09");
    date_format(-25567, buf);
    assert_string_equal(buf, "1900-01-01");
    date_format(DATE_NONE, buf);
    assert_string_equal(buf, "");
    date_format(INT32_MAX, buf); /* year far beyond 9999 */
    assert_string_equal(buf, "");
}

static void test_messages(void **state)
{
    const int codes[] = {DATE_E_EMPTY, DATE_E_SYNTAX, DATE_E_RANGE, DATE_E_YEAR};
    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_string_not_equal(date_strerror(codes[i]), date_strerror(-99));
        assert_string_not_equal(date_errcode(codes[i]), date_errcode(-99));
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(date_strerror(codes[i]), date_strerror(codes[j]));
            assert_string_not_equal(date_errcode(codes[i]), date_errcode(codes[j]));
        }
    }
    assert_string_equal(date_errcode(DATE_E_RANGE), "no_such_date");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anchors),
        cmocka_unit_test(test_walk_1900_to_2200),
        cmocka_unit_test(test_ymd_outside_valid_range),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_valid_bounds),
        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_parse_slash_dot_compact),
        cmocka_unit_test(test_parse_chinese),
        cmocka_unit_test(test_parse_full_width),
        cmocka_unit_test(test_parse_white_space),
        cmocka_unit_test(test_parse_bounds),
        cmocka_unit_test(test_parse_not_nul_terminated),
        cmocka_unit_test(test_error_empty),
        cmocka_unit_test(test_error_syntax),
        cmocka_unit_test(test_error_range),
        cmocka_unit_test(test_error_year),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
