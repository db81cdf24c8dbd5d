/*
 * Tests of the pure rules of return to work (core/resumption.c): the
 * status codes and their Chinese labels, which moves each actor may make
 * (the whole table, written out here again as the oracle from the issue:
 * an enterprise applies and opens, never approves itself; the street
 * approves or returns), and what counts as open.
 */
#include "core/resumption.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static void codes_and_labels_round_trip(void **state)
{
    enum resumption_status s;
    (void)state;
    for (int i = 0; i < RS_COUNT; i++) {
        assert_int_equal(resumption_parse(resumption_code((enum resumption_status)i), &s), 0);
        assert_int_equal(s, i);
        assert_int_equal(resumption_parse(resumption_label_zh((enum resumption_status)i), &s), 0);
        assert_int_equal(s, i);
    }
    assert_int_equal(resumption_parse("open", &s), -1);
    assert_int_equal(resumption_parse("", &s), -1);
    assert_string_equal(resumption_code(RS_PARTLY_OPEN), "partly_open");
    assert_string_equal(resumption_code((enum resumption_status)99), "?");
}

/* The oracle: "from>to" strings each actor may do. */
static const char *const ENTERPRISE_MAY[] = {
    "closed>applied",          "applied>applied",        "applied>closed",
    "approved>partly_open",    "approved>fully_open",    "approved>closed",
    "partly_open>partly_open", "partly_open>fully_open", "partly_open>closed",
    "fully_open>partly_open",  "fully_open>fully_open",  "fully_open>closed",
};
static const char *const STREET_MAY[] = {
    "closed>closed",      "applied>approved",        "applied>closed",
    "approved>approved",  "approved>partly_open",    "approved>fully_open",
    "approved>closed",    "partly_open>partly_open", "partly_open>fully_open",
    "partly_open>closed", "fully_open>partly_open",  "fully_open>fully_open",
    "fully_open>closed",
};

static int listed(const char *const *list, size_t n, int from, int to)
{
    char key[64];
    snprintf(key, sizeof key, "%s>%s", resumption_code((enum resumption_status)from),
             resumption_code((enum resumption_status)to));
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], key) == 0)
            return 1;
    return 0;
}

static void every_move_as_the_issue_says(void **state)
{
    (void)state;
    for (int from = 0; from < RS_COUNT; from++)
        for (int to = 0; to < RS_COUNT; to++) {
            int e =
                listed(ENTERPRISE_MAY, sizeof ENTERPRISE_MAY / sizeof *ENTERPRISE_MAY, from, to);
            int s = listed(STREET_MAY, sizeof STREET_MAY / sizeof *STREET_MAY, from, to);
            assert_int_equal(resumption_can_move(from, to, RA_ENTERPRISE), e);
            assert_int_equal(resumption_can_move(from, to, RA_STREET), s);
        }
    /* Never approves itself, from anywhere. */
    for (int from = 0; from < RS_COUNT; from++)
        assert_false(resumption_can_move(from, RS_APPROVED, RA_ENTERPRISE));
    assert_false(resumption_can_move(RS_COUNT, RS_CLOSED, RA_STREET));
    assert_false(resumption_can_move(RS_CLOSED, RS_COUNT, RA_STREET));
}

static void open_is_partly_or_fully(void **state)
{
    (void)state;
    assert_false(resumption_is_open(RS_CLOSED));
    assert_false(resumption_is_open(RS_APPLIED));
    assert_false(resumption_is_open(RS_APPROVED));
    assert_true(resumption_is_open(RS_PARTLY_OPEN));
    assert_true(resumption_is_open(RS_FULLY_OPEN));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codes_and_labels_round_trip),
        cmocka_unit_test(every_move_as_the_issue_says),
        cmocka_unit_test(open_is_partly_or_fully),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
