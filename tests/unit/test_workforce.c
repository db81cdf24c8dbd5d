/*
 * Unit tests for core/workforce.c: overlapping periods at their edges, the
 * shift of a time of day at 08:00 and 20:00, gaps, areas of codes of each
 * level, and parsing duties, kinds and shifts in English and Chinese.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/workforce.h"

static void test_overlaps(void **state)
{
    (void)state;
    assert_true(period_overlaps(10, 20, 20, 30));  /* sharing the last day */
    assert_true(period_overlaps(20, 30, 10, 20));  /* sharing the first day */
    assert_true(period_overlaps(10, 30, 15, 16));  /* inside */
    assert_true(period_overlaps(15, 15, 10, 30));  /* one day inside */
    assert_false(period_overlaps(10, 19, 20, 30)); /* end to end */
    assert_false(period_overlaps(31, 40, 20, 30));
}

static void test_shift_at(void **state)
{
    (void)state;
    assert_int_equal(shift_at(0), SHIFT_NIGHT);
    assert_int_equal(shift_at(8 * 3600 - 1), SHIFT_NIGHT);
    assert_int_equal(shift_at(8 * 3600), SHIFT_DAY);
    assert_int_equal(shift_at(20 * 3600 - 1), SHIFT_DAY);
    assert_int_equal(shift_at(20 * 3600), SHIFT_NIGHT);
}

static void test_gap(void **state)
{
    (void)state;
    assert_int_equal(staffing_gap(3, 1), 2);
    assert_int_equal(staffing_gap(3, 3), 0);
    assert_int_equal(staffing_gap(3, 5), 0);
    assert_int_equal(staffing_gap(0, 0), 0);
}

static void test_area(void **state)
{
    (void)state;
    assert_int_equal(workforce_area(3101), 310100000000LL);
    assert_int_equal(workforce_area(310105), 310105000000LL);
    assert_int_equal(workforce_area(310105002), 310105002000LL);
    assert_int_equal(workforce_area(310105002002), 310105002002LL);
    assert_int_equal(workforce_area(310105002002001), -1); /* a grid */
    assert_int_equal(workforce_area(0), -1);
}

static void test_parse(void **state)
{
    enum duty d;
    enum duty_post_kind k;
    enum shift s;

    (void)state;
    assert_int_equal(duty_parse("垃圾收运", &d), 0);
    assert_int_equal(d, DUTY_RUBBISH);
    assert_int_equal(duty_parse("gate", &d), 0);
    assert_int_equal(d, DUTY_GATE);
    assert_string_equal(duty_code(DUTY_COMMUNITY), "community");
    assert_string_equal(duty_name_zh(DUTY_CROWD), "人员疏导");
    assert_int_equal(duty_parse("Gate", &d), -1);
    assert_int_equal(duty_parse("", &d), -1);
    assert_int_equal(duty_parse(NULL, &d), -1);
    assert_null(duty_code(DUTY_COUNT));
    assert_int_equal(duty_post_kind_parse("地铁站", &k), 0);
    assert_int_equal(k, DPOST_METRO);
    assert_string_equal(duty_post_kind_code(DPOST_TOLL_GATE), "toll_gate");
    assert_int_equal(duty_post_kind_parse("harbour", &k), -1);
    assert_int_equal(shift_parse("夜班", &s), 0);
    assert_int_equal(s, SHIFT_NIGHT);
    assert_int_equal(shift_parse("noon", &s), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlaps), cmocka_unit_test(test_shift_at),
        cmocka_unit_test(test_gap),      cmocka_unit_test(test_area),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
