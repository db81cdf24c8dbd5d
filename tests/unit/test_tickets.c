/*
 * Unit tests for core/tickets.c: the ticket kinds read back from their
 * codes and Chinese labels, unknown ones refused, and who may move a
 * ticket (the specialist and the street work it, the enterprise only
 * withdraws its own); and core/resume_groups.c: a group waits for every
 * member neither approved nor open.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/tasks.h"
#include "core/resume_groups.h"
#include "core/tickets.h"

static void test_kinds_round_trip(void **state)
{
    enum ticket_kind k;

    (void)state;
    for (int i = 0; i < TICKET_KIND_COUNT; i++) {
        assert_int_equal(ticket_kind_parse(ticket_kind_code((enum ticket_kind)i), &k), 0);
        assert_int_equal(k, i);
        assert_int_equal(ticket_kind_parse(ticket_kind_label_zh((enum ticket_kind)i), &k), 0);
        assert_int_equal(k, i);
    }
    assert_int_equal(ticket_kind_parse("staff_quarantine", &k), 0);
    assert_int_equal(k, TICKET_STAFF_QUARANTINE);
    assert_int_equal(ticket_kind_parse("员工隔离", &k), 0);
    assert_int_equal(k, TICKET_STAFF_QUARANTINE);
    assert_int_equal(ticket_kind_parse("rubbish", &k), -1);
    assert_int_equal(ticket_kind_parse("", &k), -1);
    assert_string_equal(ticket_kind_code(TICKET_KIND_COUNT), "?");
}

static void test_who_moves(void **state)
{
    (void)state;
    for (int to = TASK_ACCEPTED; to <= TASK_CANCELLED; to++) {
        assert_true(ticket_may_move(TICKET_BY_SPECIALIST, to, 0));
        assert_true(ticket_may_move(TICKET_BY_STREET, to, 0));
    }
    assert_false(ticket_may_move(TICKET_BY_ENTERPRISE, TASK_ACCEPTED, 1));
    assert_false(ticket_may_move(TICKET_BY_ENTERPRISE, TASK_DONE, 1));
    assert_true(ticket_may_move(TICKET_BY_ENTERPRISE, TASK_CANCELLED, 1));
    assert_false(ticket_may_move(TICKET_BY_ENTERPRISE, TASK_CANCELLED, 0));
}

static void test_group_waits_for_unapproved_members(void **state)
{
    enum resumption_status all[] = {RS_APPROVED, RS_PARTLY_OPEN, RS_FULLY_OPEN};
    enum resumption_status some[] = {RS_FULLY_OPEN, RS_CLOSED, RS_APPLIED, RS_APPROVED};

    (void)state;
    assert_int_equal(group_waiting(all, 3), 0);
    assert_int_equal(group_waiting(some, 4), 2);
    assert_int_equal(group_waiting(some, 0), 0);
    assert_false(group_member_ready(RS_APPLIED));
    assert_true(group_member_ready(RS_APPROVED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_round_trip),
        cmocka_unit_test(test_who_moves),
        cmocka_unit_test(test_group_waits_for_unapproved_members),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
