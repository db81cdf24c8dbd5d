/*
 * Tests of app/tasks/tally_memo.c's counting ahead (tally_memo_warm): the
 * server's tick hands the city's and its districts' dashboard parts to the
 * task pool when their key (day, check-in slot) is new, so that the first
 * dashboard after a start or a new slot is served without counting. Here
 * the task pool is a stand-in that runs a job at once, later, or refuses
 * it, and the counts are stand-ins that count their calls; no database is
 * touched (the memo hands its db pointer to the count only).
 */
#include "app/tasks/tally_memo.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

static char fake_db_bytes[16];
#define FAKE_DB ((struct db *)fake_db_bytes)

static int big_calls, small_calls;

/* A part that counted a million rows: kept. Its figure is its call number,
 * so a served copy shows which count made it. */
static json_t *count_big(struct db *db, const struct tally_key *k, int64_t now, int64_t *out_rows,
                         int *out_rc)
{
    (void)db, (void)k, (void)now;
    *out_rows = 1000000;
    *out_rc = 0;
    return json_pack("{s:i}", "n", ++big_calls);
}

/* A part of a few rows: counted on every request, never kept. */
static json_t *count_small(struct db *db, const struct tally_key *k, int64_t now, int64_t *out_rows,
                           int *out_rc)
{
    (void)db, (void)k, (void)now;
    *out_rows = 3;
    *out_rc = 0;
    return json_pack("{s:i}", "n", ++small_calls);
}

static json_t *count_never(struct db *db, const struct tally_key *k, int64_t now, int64_t *out_rows,
                           int *out_rc)
{
    (void)db, (void)k, (void)now, (void)out_rows, (void)out_rc;
    fail_msg("counted for a request although the part was counted ahead");
    return NULL;
}

/* Task pools: one that runs a job at once, one that keeps it for later,
 * one that refuses. A pool frees the job's argument after running it. */
static int run_now(int (*fn)(struct db *db, void *arg), void *arg)
{
    fn(FAKE_DB, arg);
    free(arg);
    return 0;
}

static int (*later_fn)(struct db *db, void *arg);
static void *later_arg;

static int run_later(int (*fn)(struct db *db, void *arg), void *arg)
{
    assert_null(later_arg);
    later_fn = fn;
    later_arg = arg;
    return 0;
}

static void run_the_later_job(void)
{
    assert_non_null(later_arg);
    later_fn(FAKE_DB, later_arg);
    free(later_arg);
    later_arg = NULL;
}

static int refuse(int (*fn)(struct db *db, void *arg), void *arg)
{
    (void)fn, (void)arg;
    return -1;
}

/* Every test its own unit, since the memo is per process. */
static struct tally_key key(int64_t unit, int slot)
{
    struct tally_key k = {TALLY_TASKS, unit, 18330, 18330, slot};
    return k;
}

static void the_first_request_is_served_what_was_counted_ahead(void **state)
{
    struct tally_key k = key(3101, 0);
    uint64_t ahead = tally_memo_counted(TALLY_COUNTED_AHEAD);
    uint64_t inline_ = tally_memo_counted(TALLY_COUNTED_INLINE);
    json_t *part;
    int rc = -1, calls;

    (void)state;
    tally_memo_set_background(run_now);
    calls = big_calls;
    assert_int_equal(tally_memo_warm(&k, 0, count_big), 1);
    assert_int_equal(big_calls, calls + 1);
    assert_int_equal(tally_memo_counted(TALLY_COUNTED_AHEAD), ahead + 1);
    part = tally_memo_part(FAKE_DB, &k, 0, count_never, &rc);
    assert_non_null(part);
    assert_int_equal(rc, 0);
    assert_int_equal(json_integer_value(json_object_get(part, "n")), calls + 1);
    json_decref(part);
    assert_int_equal(tally_memo_counted(TALLY_COUNTED_INLINE), inline_);
    /* The next tick: nothing to do for the same day and slot. */
    assert_int_equal(tally_memo_warm(&k, 0, count_big), 0);
    assert_int_equal(big_calls, calls + 1);
    tally_memo_set_background(NULL);
}

static void a_key_is_handed_once_while_its_count_runs(void **state)
{
    struct tally_key k = key(310115, 0);
    int calls = big_calls;

    (void)state;
    tally_memo_set_background(run_later);
    assert_int_equal(tally_memo_warm(&k, 0, count_big), 1);
    assert_int_equal(tally_memo_warm(&k, 0, count_big), 0);
    run_the_later_job();
    assert_int_equal(big_calls, calls + 1);
    assert_int_equal(tally_memo_warm(&k, 0, count_big), 0);
    tally_memo_set_background(NULL);
}

static void a_new_slot_is_counted_ahead_again(void **state)
{
    struct tally_key morning = key(310104, 0), noon = key(310104, 1);
    int calls = big_calls;

    (void)state;
    tally_memo_set_background(run_now);
    assert_int_equal(tally_memo_warm(&morning, 0, count_big), 1);
    assert_int_equal(tally_memo_warm(&noon, 0, count_big), 1);
    assert_int_equal(big_calls, calls + 2);
    assert_int_equal(tally_memo_warm(&noon, 0, count_big), 0);
    tally_memo_set_background(NULL);
}

static void a_small_part_is_counted_ahead_once_and_not_kept(void **state)
{
    struct tally_key k = key(310105, 0);
    uint64_t inline_ = tally_memo_counted(TALLY_COUNTED_INLINE);
    json_t *part;
    int rc = -1, calls = small_calls;

    (void)state;
    tally_memo_set_background(run_now);
    assert_int_equal(tally_memo_warm(&k, 0, count_small), 1);
    assert_int_equal(tally_memo_warm(&k, 0, count_small), 0);
    assert_int_equal(small_calls, calls + 1);
    /* Not kept: a request counts it, and shows its own count. */
    part = tally_memo_part(FAKE_DB, &k, 0, count_small, &rc);
    assert_non_null(part);
    assert_int_equal(json_integer_value(json_object_get(part, "n")), calls + 2);
    assert_int_equal(tally_memo_counted(TALLY_COUNTED_INLINE), inline_ + 1);
    json_decref(part);
    tally_memo_set_background(NULL);
}

static void without_a_pool_the_key_waits_for_the_next_tick(void **state)
{
    struct tally_key k = key(310106, 0);
    uint64_t ahead = tally_memo_counted(TALLY_COUNTED_AHEAD);
    int calls = big_calls;

    (void)state;
    tally_memo_set_background(NULL);
    assert_int_equal(tally_memo_warm(&k, 0, count_big), -1);
    tally_memo_set_background(refuse);
    assert_int_equal(tally_memo_warm(&k, 0, count_big), -1);
    assert_int_equal(big_calls, calls);
    assert_int_equal(tally_memo_counted(TALLY_COUNTED_AHEAD), ahead);
    /* A refused key was not taken as handed. */
    tally_memo_set_background(run_now);
    assert_int_equal(tally_memo_warm(&k, 0, count_big), 1);
    assert_int_equal(big_calls, calls + 1);
    tally_memo_set_background(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_first_request_is_served_what_was_counted_ahead),
        cmocka_unit_test(a_key_is_handed_once_while_its_count_runs),
        cmocka_unit_test(a_new_slot_is_counted_ahead_again),
        cmocka_unit_test(a_small_part_is_counted_ahead_once_and_not_kept),
        cmocka_unit_test(without_a_pool_the_key_waits_for_the_next_tick),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
