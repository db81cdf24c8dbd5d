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
    ratelimit_configure(RATELIMIT_PUBLIC, 6); /* one token every 10 s */
    for (int i = 0; i < 6; i++)
        assert_int_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 100.0), 0);
    int wait = ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 100.0);
    assert_in_range(wait, 10, 11);
    /* 5 s later: still nothing; 10 s: one more, and only one. */
    assert_int_not_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 105.0), 0);
    assert_int_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 110.5), 0);
    assert_int_not_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 110.5), 0);
    /* A long pause refills to the allowance, not beyond. */
    for (int i = 0; i < 6; i++)
        assert_int_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 10000.0), 0);
    assert_int_not_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 10000.0), 0);
}

static void addresses_are_kept_apart(void **state)
{
    (void)state;
    ratelimit_configure(RATELIMIT_PUBLIC, 2);
    assert_int_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 1.0), 0);
    assert_int_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 1.0), 0);
    assert_int_not_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 1.0), 0);
    assert_int_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.2", 1.0), 0);
    assert_int_equal(ratelimit_take(RATELIMIT_PUBLIC, "::1", 1.0), 0);
    /* Configuring again forgets every bucket. */
    ratelimit_configure(RATELIMIT_PUBLIC, 2);
    assert_int_equal(ratelimit_take(RATELIMIT_PUBLIC, "10.0.0.1", 1.0), 0);
}

/* 10.0.0.69 and 10.0.0.106 share a slot of the old unkeyed FNV-1a table
 * (hash mod 4096): alternating, each took a fresh bucket every time. */
static void colliding_addresses_get_no_fresh_bucket(void **state)
{
    int ok = 0;
    (void)state;
    ratelimit_configure(RATELIMIT_PUBLIC, 3);
    for (int i = 0; i < 20; i++)
        ok += ratelimit_take(RATELIMIT_PUBLIC, i % 2 ? "10.0.0.106" : "10.0.0.69", 1.0) == 0;
    assert_int_equal(ok, 6);
}

/* A table of one slot: every second key collides. The newcomer shares the
 * overflow bucket; the slot is given up only once its bucket is full. */
static void a_full_table_never_refills_by_eviction(void **state)
{
    struct ratelimit *r = ratelimit_new(3, 1);
    int a = 0, b = 0, c = 0;
    (void)state;

    assert_non_null(r);
    for (int i = 0; i < 30; i++) {
        a += ratelimit_check(r, "10.0.0.1", 1.0) == 0;
        b += ratelimit_check(r, "10.0.0.2", 1.0) == 0;
        c += ratelimit_check(r, "10.0.0.3", 1.0) == 0;
    }
    assert_int_equal(a, 3);     /* the slot's owner */
    assert_int_equal(b + c, 3); /* the overflow, shared */
    /* A minute later the owner's bucket is full again: the slot is free
     * for whoever comes first, with no more than a full bucket. */
    for (int i = 0; i < 10; i++)
        b += ratelimit_check(r, "10.0.0.2", 61.0) == 0;
    assert_int_equal(b + c, 6);
    /* The former owner now shares the overflow (refilled in that minute). */
    a = 0;
    for (int i = 0; i < 10; i++)
        a += ratelimit_check(r, "10.0.0.1", 61.0) == 0;
    assert_int_equal(a, 3);
    ratelimit_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_address_gets_its_allowance_then_waits),
        cmocka_unit_test(addresses_are_kept_apart),
        cmocka_unit_test(colliding_addresses_get_no_fresh_bucket),
        cmocka_unit_test(a_full_table_never_refills_by_eviction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
