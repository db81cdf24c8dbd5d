/*
 * Tests of util/keyset.c, the building-entry writer's set of today's
 * workers: a key is added once and found after; the table grows past its
 * first size keeping every key; keys sharing a home slot (same first 8
 * bytes) are told apart; a clear empties the set and it fills again.
 */
#include "util/keyset.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void key_of(uint32_t n, uint8_t out[KEYSET_KEY])
{
    uint64_t h = (uint64_t)n * 0x9e3779b97f4a7c15u;

    memset(out, 0, KEYSET_KEY);
    memcpy(out, &h, sizeof h);
    memcpy(out + 12, &n, sizeof n);
}

static void added_once_and_found(void **state)
{
    struct keyset s;
    uint8_t k[KEYSET_KEY];

    (void)state;
    keyset_init(&s);
    key_of(1, k);
    assert_false(keyset_has(&s, k));
    assert_int_equal(keyset_add(&s, k), 1);
    assert_int_equal(keyset_add(&s, k), 0);
    assert_true(keyset_has(&s, k));
    key_of(2, k);
    assert_false(keyset_has(&s, k));
    assert_int_equal(keyset_count(&s), 1);
    keyset_cleanup(&s);
}

static void grows_keeping_every_key(void **state)
{
    struct keyset s;
    uint8_t k[KEYSET_KEY];

    (void)state;
    keyset_init(&s);
    for (uint32_t i = 0; i < 100000; i++) {
        key_of(i, k);
        assert_int_equal(keyset_add(&s, k), 1);
    }
    assert_int_equal(keyset_count(&s), 100000);
    assert_true(s.cap >= 200000);
    for (uint32_t i = 0; i < 100000; i++) {
        key_of(i, k);
        assert_true(keyset_has(&s, k));
        assert_int_equal(keyset_add(&s, k), 0);
    }
    key_of(100000, k);
    assert_false(keyset_has(&s, k));
    keyset_cleanup(&s);
}

/* Every key with the same first 8 bytes: one home slot, a chain of probes. */
static void colliding_keys_are_told_apart(void **state)
{
    struct keyset s;
    uint8_t k[KEYSET_KEY];

    (void)state;
    keyset_init(&s);
    for (uint32_t i = 0; i < 200; i++) {
        memset(k, 0xab, KEYSET_KEY);
        memcpy(k + 12, &i, sizeof i);
        assert_int_equal(keyset_add(&s, k), 1);
    }
    for (uint32_t i = 0; i < 200; i++) {
        memset(k, 0xab, KEYSET_KEY);
        memcpy(k + 12, &i, sizeof i);
        assert_true(keyset_has(&s, k));
    }
    memset(k, 0xab, KEYSET_KEY);
    k[15] = 0x01; /* same first 8 bytes, never added */
    assert_false(keyset_has(&s, k));
    assert_int_equal(keyset_count(&s), 200);
    keyset_cleanup(&s);
}

static void clear_empties_and_it_fills_again(void **state)
{
    struct keyset s;
    uint8_t k[KEYSET_KEY];
    size_t cap;

    (void)state;
    keyset_init(&s);
    keyset_clear(&s); /* never filled: nothing to clear */
    for (uint32_t i = 0; i < 1000; i++) {
        key_of(i, k);
        assert_int_equal(keyset_add(&s, k), 1);
    }
    cap = s.cap;
    keyset_clear(&s);
    assert_int_equal(keyset_count(&s), 0);
    assert_int_equal(s.cap, cap);
    for (uint32_t i = 0; i < 1000; i++) {
        key_of(i, k);
        assert_false(keyset_has(&s, k));
    }
    key_of(7, k);
    assert_int_equal(keyset_add(&s, k), 1);
    assert_true(keyset_has(&s, k));
    keyset_cleanup(&s);
    assert_false(keyset_has(&s, k));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(added_once_and_found),
        cmocka_unit_test(grows_keeping_every_key),
        cmocka_unit_test(colliding_keys_are_told_apart),
        cmocka_unit_test(clear_empties_and_it_fills_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
