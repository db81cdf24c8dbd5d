/*
 * Unit tests for app/enterprises/entry_day.c against the real storage, the
 * writer's "counted once a day" of building entries: a worker counts once
 * a day and again the next day; a group that fails to commit leaves none
 * of its workers counted (neither in the set nor in the place's counts);
 * the day's set is read back from the table (rows written before this
 * process, as after a restart); the place's counts add up over groups.
 */
#include "app/enterprises/entry_day.h"
#include "app/units/hierarchy.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define QISHAN 310105002002LL
#define STREET 310105002LL
#define PLACE  7

static struct app_error ae;
static char path[512];
static struct db *db;

static int setup(void **state)
{
    char err[256];
    struct hierarchy_report rep;
    const struct db_value args[] = {DB_ARG_INT(PLACE), DB_ARG_INT(QISHAN)};

    (void)state;
    testutil_db_path(path, sizeof path, "entry_day");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0 || hierarchy_init_city(db, 3101, &rep, &ae) < 0)
        return -1;
    return db_run(db,
                  "INSERT INTO places (id, committee, grid, kind, name, district) VALUES ($1, "
                  "$2, $2, 'office', '大楼', 310105)",
                  args, 2);
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    return 0;
}

static struct entry_row row_of(int32_t day, const char *worker, int fever)
{
    struct entry_row e = {.day = day,
                          .worker = worker,
                          .place = PLACE,
                          .street = STREET,
                          .district = 310105,
                          .tenths = fever ? 380 : 365,
                          .fever = fever};
    return e;
}

/* One group of one entry, as the writer runs it; `commit` 0: the group
 * fails after its jobs (the transaction rolled back, no committed()).
 * Returns 1 when the entry counted in its group, 0 when seen before. */
static int group(int32_t day, const char *worker, int fever, int commit)
{
    struct entry_row e = row_of(day, worker, fever);
    uint8_t key[KEYSET_KEY];
    int seen;

    entry_day_key(worker, key);
    assert_int_equal(db_begin_write(db), 0);
    entry_day_group_begin();
    assert_int_equal(entry_day_seen(db, day, key, &seen), 0);
    if (!seen) {
        assert_int_equal(store_entry_add(db, &e), 0);
        assert_int_equal(entry_day_record(&e, key), 0);
    }
    assert_int_equal(entry_day_group_end(db), 0);
    if (commit) {
        assert_int_equal(db_commit(db), 0);
        entry_day_committed();
    } else {
        db_rollback(db);
    }
    return !seen;
}

struct counts {
    int64_t on_site, fevers;
};

static int keep(void *arg, const struct entry_place *p)
{
    struct counts *c = arg;

    if (p->id == PLACE) {
        c->on_site = p->on_site;
        c->fevers = p->fevers;
    }
    return 0;
}

static struct counts counts_of(int32_t day)
{
    struct counts c = {0, 0};

    assert_int_equal(store_entry_places(db, STREET, STREET + 1, day, keep, &c), 0);
    return c;
}

static void counted_once_a_day(void **state)
{
    (void)state;
    assert_int_equal(group(100, "w1", 0, 1), 1);
    assert_int_equal(group(100, "w1", 0, 1), 0);
    assert_int_equal(group(100, "w2", 1, 1), 1);
    assert_int_equal(group(101, "w1", 0, 1), 1); /* the next day */
    assert_int_equal(group(101, "w1", 0, 1), 0);
    assert_int_equal(counts_of(100).on_site, 1);
    assert_int_equal(counts_of(100).fevers, 1);
    assert_int_equal(counts_of(101).on_site, 1);
}

static void a_failed_group_counts_nobody(void **state)
{
    (void)state;
    assert_int_equal(group(200, "w1", 0, 1), 1);
    assert_int_equal(group(200, "w3", 0, 0), 1); /* rolled back */
    assert_int_equal(group(200, "w3", 0, 1), 1); /* so it counts now */
    assert_int_equal(group(200, "w3", 0, 1), 0);
    assert_int_equal(group(200, "w1", 0, 1), 0); /* the set read again still has w1 */
    assert_int_equal(counts_of(200).on_site, 2);
}

static void the_day_is_read_back_from_the_table(void **state)
{
    struct entry_row e = row_of(300, "w9", 0);

    (void)state;
    /* Written by an earlier run of the server (or by the demo's load). */
    assert_int_equal(store_entry_add(db, &e), 0);
    assert_int_equal(group(300, "w9", 0, 1), 0);
    assert_int_equal(group(300, "w8", 0, 1), 1);
    assert_int_equal(store_entry_days_recount(db, STREET, 300), 0);
    assert_int_equal(counts_of(300).on_site, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counted_once_a_day),
        cmocka_unit_test(a_failed_group_counts_nobody),
        cmocka_unit_test(the_day_is_read_back_from_the_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
