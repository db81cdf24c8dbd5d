/*
 * Unit tests for http/ratelimit.c with a clock passed in: the allowance,
 * refilling with time, the wait it announces, and addresses kept apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/ratelimit.h"

static void an_address_gets_its_allowance_then_waits(void **state)
{
    (void)state;
    ratelimit_configure(6); /* one token every 10 s */
    for (int i = 0; i < 6; i++)
        assert_int_equal(ratelimit_take("10.0.0.1", 100.0), 0);
    int wait = ratelimit_take("10.0.0.1", 100.0);
    assert_in_range(wait, 10, 11);
    /* 5 s later: still nothing; 10 s: one more, and only one. */
    assert_int_not_equal(ratelimit_take("10.0.0.1", 105.0), 0);
    assert_int_equal(ratelimit_take("10.0.0.1", 110.5), 0);
    assert_int_not_equal(ratelimit_take("10.0.0.1", 110.5), 0);
    /* A long pause refills to the allowance, not beyond. */
    for (int i = 0; i < 6; i++)
        assert_int_equal(ratelimit_take("10.0.0.1", 10000.0), 0);
    assert_int_not_equal(ratelimit_take("10.0.0.1", 10000.0), 0);
}

static void addresses_are_kept_apart(void **state)
{
    (void)state;
    ratelimit_configure(2);
    assert_int_equal(ratelimit_take("10.0.0.1", 1.0), 0);
    assert_int_equal(ratelimit_take("10.0.0.1", 1.0), 0);
    assert_int_not_equal(ratelimit_take("10.0.0.1", 1.0), 0);
    assert_int_equal(ratelimit_take("10.0.0.2", 1.0), 0);
    assert_int_equal(ratelimit_take("::1", 1.0), 0);
    /* Configuring again forgets every bucket. */
    ratelimit_configure(2);
    assert_int_equal(ratelimit_take("10.0.0.1", 1.0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_address_gets_its_allowance_then_waits),
        cmocka_unit_test(addresses_are_kept_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
