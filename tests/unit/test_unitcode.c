/*
 * Unit tests for core/unitcode: levels, parents, ancestors and scope checks
 * derived from division codes alone.
 */
#include "core/unitcode.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static void levels_follow_digit_count(void **state)
{
    (void)state;
    assert_int_equal(unitcode_level(3101), LEVEL_CITY);
    assert_int_equal(unitcode_level(310105), LEVEL_DISTRICT);
    assert_int_equal(unitcode_level(310105002), LEVEL_STREET);
    assert_int_equal(unitcode_level(310105002002LL), LEVEL_COMMITTEE);
    assert_int_equal(unitcode_level(310105002002001LL), LEVEL_GRID);
    assert_int_equal(unitcode_level(31), 0);
    assert_int_equal(unitcode_level(31010), 0);
    /* A level's own part may not be all zeros. */
    assert_int_equal(unitcode_level(310105000), 0);
    assert_int_equal(unitcode_level(310105002000LL), 0);
    /* Cities without districts: one pseudo-district 00 (东莞 441900). */
    assert_int_equal(unitcode_level(441900), LEVEL_DISTRICT);
    assert_int_equal(unitcode_parent(441900003), 441900);
    assert_int_equal(unitcode_level(3100), 0);
}

static void parents_and_ancestors(void **state)
{
    (void)state;
    assert_int_equal(unitcode_parent(310105002002001LL), 310105002002LL);
    assert_int_equal(unitcode_parent(310105002002LL), 310105002);
    assert_int_equal(unitcode_parent(310105002), 310105);
    assert_int_equal(unitcode_parent(310105), 3101);
    assert_int_equal(unitcode_parent(3101), 0);
    assert_int_equal(unitcode_at_level(310105002002LL, LEVEL_DISTRICT), 310105);
    assert_int_equal(unitcode_at_level(310105002002LL, LEVEL_CITY), 3101);
    assert_int_equal(unitcode_at_level(310105002002LL, LEVEL_COMMITTEE), 310105002002LL);
    assert_int_equal(unitcode_at_level(310105, LEVEL_STREET), 0);
    assert_int_equal(unitcode_province(310105002002LL), 31);
}

static void within_scope(void **state)
{
    (void)state;
    assert_true(unitcode_within(310105002002LL, 3101));
    assert_true(unitcode_within(310105002002LL, 310105));
    assert_true(unitcode_within(310105002002LL, 310105002002LL));
    assert_false(unitcode_within(310105002003LL, 310105002002LL));
    assert_false(unitcode_within(310106002002LL, 310105));
    assert_false(unitcode_within(310105, 310105002));
    /* A neighbouring code with the scope as a decimal prefix of another
     * level is not inside it. */
    assert_false(unitcode_within(3101050020LL, 310105002));
}

static void parse_accepts_and_rejects(void **state)
{
    int64_t c = 0;
    (void)state;
    assert_int_equal(unitcode_parse("310105002002", 12, &c), 0);
    assert_int_equal(c, 310105002002LL);
    assert_int_equal(unitcode_parse(" 3101 ", 6, &c), 0);
    assert_int_equal(c, 3101);
    assert_int_equal(unitcode_parse("", 0, &c), UNITCODE_E_EMPTY);
    assert_int_equal(unitcode_parse("31a1", 4, &c), UNITCODE_E_DIGITS);
    assert_int_equal(unitcode_parse("31010", 5, &c), UNITCODE_E_LENGTH);
    assert_int_equal(unitcode_parse("3101050020020011", 16, &c), UNITCODE_E_LENGTH);
    assert_int_equal(unitcode_parse("0101", 4, &c), UNITCODE_E_ZERO);
    assert_int_equal(unitcode_parse("310105000", 9, &c), UNITCODE_E_ZERO);
}

static void committee_ranges(void **state)
{
    int64_t lo = 0, hi = 0;
    (void)state;
    assert_int_equal(unitcode_committee_range(310105, &lo, &hi), 0);
    assert_int_equal(lo, 310105000000LL);
    assert_int_equal(hi, 310106000000LL);
    assert_int_equal(unitcode_committee_range(3101, &lo, &hi), 0);
    assert_int_equal(lo, 310100000000LL);
    assert_int_equal(hi, 310200000000LL);
    assert_int_equal(unitcode_committee_range(310105002, &lo, &hi), 0);
    assert_int_equal(lo, 310105002000LL);
    assert_int_equal(hi, 310105003000LL);
    assert_int_equal(unitcode_committee_range(310105002002LL, &lo, &hi), 0);
    assert_int_equal(lo, 310105002002LL);
    assert_int_equal(hi, 310105002003LL);
    assert_int_equal(unitcode_committee_range(310105002002001LL, &lo, &hi), -1);
    assert_int_equal(unitcode_committee_range(31010, &lo, &hi), -1);
}

/* Formatting a code of each level gives its digits, and parsing them gives
 * the code back. */
static void format_round_trip(void **state)
{
    static const struct {
        int64_t code;
        const char *text;
    } cases[] = {{3101LL, "3101"},
                 {310105LL, "310105"},
                 {310105002LL, "310105002"},
                 {310105002002LL, "310105002002"},
                 {310105002002001LL, "310105002002001"}};
    char s[UNITCODE_STR_LEN];
    int64_t back;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unitcode_format(cases[i].code, s);
        assert_string_equal(s, cases[i].text);
        back = 0;
        assert_int_equal(unitcode_parse(s, strlen(s), &back), 0);
        assert_int_equal(back, cases[i].code);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(levels_follow_digit_count),
        cmocka_unit_test(parents_and_ancestors),
        cmocka_unit_test(within_scope),
        cmocka_unit_test(parse_accepts_and_rejects),
        cmocka_unit_test(committee_ranges),
        cmocka_unit_test(format_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
