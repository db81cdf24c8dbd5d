/*
 * Unit tests for core/quarantine.c: moving a case's last day — extension,
 * shortening that keeps the case running, a release as of yesterday that
 * ends it now, the day before the first day as the earliest of all, no
 * release further in the past, at most a year, and the same day again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/quarantine.h"

/* A case from day 100 to day 113 (fourteen days). */
#define FROM  100
#define UNTIL 113

static int check(int32_t next, int32_t today, enum quarantine_change *out)
{
    *out = (enum quarantine_change)99; /* not an answer */
    return quarantine_until_check(FROM, UNTIL, next, today, out);
}

static void test_extend_and_shorten(void **state)
{
    enum quarantine_change c;

    (void)state;
    assert_int_equal(check(120, 105, &c), 0);
    assert_int_equal(c, QCHANGE_EXTEND);
    assert_int_equal(check(UNTIL, 105, &c), 0);
    assert_int_equal(c, QCHANGE_NONE);
    assert_int_equal(check(108, 105, &c), 0);
    assert_int_equal(c, QCHANGE_SHORTEN);
    /* Today as the last day: still in quarantine today. */
    assert_int_equal(check(105, 105, &c), 0);
    assert_int_equal(c, QCHANGE_SHORTEN);
    /* Yesterday: released today, the case ends now. */
    assert_int_equal(check(104, 105, &c), 0);
    assert_int_equal(c, QCHANGE_END_NOW);
}

static void test_first_day_bounds(void **state)
{
    enum quarantine_change c;

    (void)state;
    /* Opened today, released today: until is the day before from. */
    assert_int_equal(check(FROM - 1, FROM, &c), 0);
    assert_int_equal(c, QCHANGE_END_NOW);
    assert_int_equal(check(FROM - 2, FROM, &c), QUNTIL_E_BEFORE_FROM);
    assert_string_equal(quarantine_until_errcode(QUNTIL_E_BEFORE_FROM), "inconsistent");
}

static void test_no_release_in_the_past(void **state)
{
    enum quarantine_change c;

    (void)state;
    assert_int_equal(check(103, 105, &c), QUNTIL_E_PAST);
    assert_int_equal(c, 99); /* untouched */
    assert_int_equal(check(FROM, 105, &c), QUNTIL_E_PAST);
    assert_string_equal(quarantine_until_errcode(QUNTIL_E_PAST), "out_of_range");
}

static void test_at_most_a_year(void **state)
{
    enum quarantine_change c;

    (void)state;
    assert_int_equal(check(FROM + QUARANTINE_DAYS_MAX, 105, &c), 0);
    assert_int_equal(c, QCHANGE_EXTEND);
    assert_int_equal(check(FROM + QUARANTINE_DAYS_MAX + 1, 105, &c), QUNTIL_E_TOO_LONG);
    assert_int_equal(check(INT32_MAX, 105, &c), QUNTIL_E_TOO_LONG);
    assert_int_equal(check(INT32_MIN, 105, &c), QUNTIL_E_BEFORE_FROM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extend_and_shorten),
        cmocka_unit_test(test_first_day_bounds),
        cmocka_unit_test(test_no_release_in_the_past),
        cmocka_unit_test(test_at_most_a_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
