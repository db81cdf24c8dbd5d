/*
 * Unit tests for app/register/group_counts.c against the real storage: a job's count
 * changes reach the live counts only if the job ended well, once per group,
 * without rolling up the tree twice; outside a group nothing is deferred;
 * and a group that ended badly leaves nothing behind for the next one.
 */
#include "app/register/group_counts.h"
#include "app/units/hierarchy.h"
#include "store/residents.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define QISHAN 310105002002LL

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char path[512];
static struct db *db;

static int setup(void **state)
{
    char err[256];
    struct hierarchy_report rep;

    (void)state;
    testutil_db_path(path, sizeof path, "group_counts");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0)
        return -1;
    return hierarchy_init_city(db, 3101, &rep, &ae) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    group_counts_close();
    db_close(db);
    testutil_db_remove(path);
    return 0;
}

static int64_t n_of(int64_t unit, enum colour c)
{
    int64_t counts[COLOUR_COUNT];
    assert_int_equal(store_counts_get(db, unit, counts), 0);
    return counts[c];
}

/* One job's tally: `d` residents of colour c in Qishan (rolled up). */
static int defer_one(enum colour c, int64_t d)
{
    struct tally t;
    int rc;

    tally_init(&t);
    assert_int_equal(tally_add(&t, QISHAN, c, d), 0);
    rc = group_counts_defer(&t);
    tally_cleanup(&t);
    return rc;
}

static void kept_jobs_count_once_and_failed_ones_not_at_all(void **state)
{
    (void)state;
    /* No group open: the caller writes the counts itself. */
    assert_int_equal(defer_one(COLOUR_GREEN, 1), 0);

    group_counts_open();
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(defer_one(COLOUR_GREEN, 2), 1);
    group_counts_job_end(0); /* kept */
    assert_int_equal(defer_one(COLOUR_RED, 5), 1);
    group_counts_job_end(-1); /* rolled back: dropped */
    assert_int_equal(defer_one(COLOUR_GREEN, 3), 1);
    assert_int_equal(defer_one(COLOUR_BLUE, 1), 1); /* two batches in one job */
    group_counts_job_end(0);
    /* Nothing written before the end of the group. */
    assert_int_equal(n_of(QISHAN, COLOUR_GREEN), 0);
    assert_int_equal(group_counts_flush(db), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(n_of(QISHAN, COLOUR_GREEN), 5);
    assert_int_equal(n_of(QISHAN, COLOUR_BLUE), 1);
    assert_int_equal(n_of(QISHAN, COLOUR_RED), 0);
    /* Rolled up once: the street, district and city as the committee. */
    assert_int_equal(n_of(310105002, COLOUR_GREEN), 5);
    assert_int_equal(n_of(310105, COLOUR_GREEN), 5);
    assert_int_equal(n_of(3101, COLOUR_GREEN), 5);
    /* The group is closed: nothing is deferred any more. */
    assert_int_equal(defer_one(COLOUR_GREEN, 1), 0);
}

static void a_group_that_rolled_back_leaves_nothing(void **state)
{
    (void)state;
    group_counts_open();
    assert_int_equal(defer_one(COLOUR_PURPLE, 7), 1);
    group_counts_job_end(0);
    group_counts_close(); /* the group rolled back */
    group_counts_open();
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(group_counts_flush(db), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(n_of(QISHAN, COLOUR_PURPLE), 0);
    /* An open left by a failed group is forgotten by the next open. */
    group_counts_open();
    assert_int_equal(defer_one(COLOUR_PURPLE, 7), 1);
    group_counts_job_end(0);
    group_counts_open();
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(group_counts_flush(db), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(n_of(QISHAN, COLOUR_PURPLE), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(kept_jobs_count_once_and_failed_ones_not_at_all, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_group_that_rolled_back_leaves_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
