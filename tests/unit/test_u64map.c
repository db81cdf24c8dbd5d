/*
 * Unit tests for util/u64map: put, get, replace, growth past many doublings
 * with keys that differ in their low digits only (ID card numbers), and the
 * reserved key 0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/u64map.h"

static void put_get_replace(void **state)
{
    struct u64map m;
    int64_t v = 0;
    (void)state;

    u64map_init(&m);
    assert_int_equal(u64map_get(&m, 7, &v), 0);
    assert_int_equal(u64map_put(&m, 7, 70), 0);
    assert_int_equal(u64map_get(&m, 7, &v), 1);
    assert_int_equal(v, 70);
    assert_int_equal(u64map_put(&m, 7, 71), 0);
    assert_int_equal(u64map_get(&m, 7, &v), 1);
    assert_int_equal(v, 71);
    assert_int_equal(m.used, 1);
    assert_int_equal(u64map_put(&m, 0, 1), -1); /* 0 means empty */
    assert_int_equal(u64map_get(&m, 0, &v), 0);
    u64map_cleanup(&m);
}

static void many_close_keys(void **state)
{
    const uint64_t base = 31010519800101000ULL * 11;
    struct u64map m;
    int64_t v;
    (void)state;

    u64map_init(&m);
    for (uint64_t i = 0; i < 200000; i++)
        assert_int_equal(u64map_put(&m, base + i * 11 + i % 11, (int64_t)i + 2), 0);
    assert_int_equal(m.used, 200000);
    for (uint64_t i = 0; i < 200000; i++) {
        assert_int_equal(u64map_get(&m, base + i * 11 + i % 11, &v), 1);
        assert_int_equal(v, (int64_t)i + 2);
        assert_int_equal(u64map_get(&m, base + i * 11 + (i + 1) % 11, &v), 0);
    }
    /* 16 bytes a slot, at most 4/3 of the keys rounded up to a power of two. */
    assert_true(u64map_bytes(&m) <= 16 * 2 * 262144);
    u64map_cleanup(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(put_get_replace),
        cmocka_unit_test(many_close_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
