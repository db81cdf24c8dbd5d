/*
 * Tests of the live counts' storage (store/counts.c) on the real database:
 * every row carries its unit's district and none is kept above a district;
 * a city's counts, live and daily, are the sum of its districts'; the two
 * write paths (one statement a count, multi-row upserts) agree; migration
 * 021 moves a database's counts to their districts and drops its city rows
 * without changing what a reader sees.
 */
#include "app/units/hierarchy.h"
#include "core/tally.h"
#include "core/unitcode.h"
#include "store/counts.h"
#include "store/db.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static struct app_error ae;
static char path[512];
static struct db *db;

#define CITY 3101

static int setup(void **state)
{
    char err[256];
    struct hierarchy_report rep;
    (void)state;
    testutil_db_path(path, sizeof path, "counts");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0)
        return -1;
    return hierarchy_init_city(db, CITY, &rep, &ae);
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    return 0;
}

static int64_t query(const char *sql)
{
    int64_t n = -1;
    assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
    return n;
}

/* The committees of the city as the hierarchy holds them, `want` of them
 * spread over its districts (every k-th). */
static int committees_of_city(int64_t *out, int want)
{
    struct db_stmt *st;
    int n = 0, seen = 0, every;
    int64_t total = query("SELECT count(*) FROM units WHERE code >= 310100000000 AND "
                          "code < 310200000000");

    every = total / want > 1 ? (int)(total / want) : 1;
    assert_int_equal(db_prepare(db,
                                "SELECT code FROM units WHERE code >= 310100000000 AND "
                                "code < 310200000000 ORDER BY code",
                                &st),
                     0);
    while (n < want && db_step(st) == DB_ROW)
        if (seen++ % every == 0)
            out[n++] = db_column_int64(st, 0);
    db_done(st);
    return n;
}

/* Writes a tally of `n` committees, `k`+1 residents of colour k % COLOUR_COUNT
 * each, and adds what it wrote to want[] (the city's expected counts). */
static void write_tally(const int64_t *committee, int n, int64_t want[COLOUR_COUNT])
{
    struct tally t;

    tally_init(&t);
    for (int i = 0; i < n; i++) {
        enum colour c = (enum colour)(i % COLOUR_COUNT);
        assert_int_equal(tally_add(&t, committee[i], c, i + 1), 0);
        want[c] += i + 1;
    }
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(store_counts_add_tally(db, &t), 0);
    assert_int_equal(db_commit(db), 0);
    tally_cleanup(&t);
}

/* The counts of every district of the city, added up colour by colour. */
static void sum_of_districts(int64_t out[COLOUR_COUNT])
{
    struct db_stmt *st;
    int64_t d[COLOUR_COUNT];
    int64_t codes[100];
    int n = 0;

    memset(out, 0, COLOUR_COUNT * sizeof out[0]);
    assert_int_equal(
        db_prepare(db, "SELECT code FROM units WHERE code >= 310100 AND code < 310200", &st), 0);
    while (n < 100 && db_step(st) == DB_ROW)
        codes[n++] = db_column_int64(st, 0);
    db_done(st);
    assert_true(n >= 16);
    for (int i = 0; i < n; i++) {
        assert_int_equal(store_counts_get(db, codes[i], d), 0);
        for (int c = 0; c < COLOUR_COUNT; c++)
            out[c] += d[c];
    }
}

/* Every count row lies in its unit's district; none lies above one. */
static void assert_rows_in_their_districts(const char *table)
{
    struct db_stmt *st;
    char sql[128];
    int rows = 0;

    snprintf(sql, sizeof sql, "SELECT unit, district FROM %s ORDER BY unit", table);
    assert_int_equal(db_prepare(db, sql, &st), 0);
    while (db_step(st) == DB_ROW) {
        int64_t unit = db_column_int64(st, 0), district = db_column_int64(st, 1);
        int64_t want = unitcode_at_level(unit, LEVEL_DISTRICT);
        if (!want || district != want)
            fail_msg("%s: unit %lld in district %lld", table, (long long)unit, (long long)district);
        rows++;
    }
    db_done(st);
    assert_true(rows > 0);
}

static int take_day(void *arg, int32_t day, const int64_t counts[COLOUR_COUNT])
{
    (void)day;
    memcpy(arg, counts, COLOUR_COUNT * sizeof counts[0]);
    return 0;
}

static void a_city_is_the_sum_of_its_districts(void **state)
{
    int64_t committee[80], want[COLOUR_COUNT] = {0}, city[COLOUR_COUNT], districts[COLOUR_COUNT];
    int64_t daily[COLOUR_COUNT] = {0}, one[COLOUR_COUNT];
    int n;
    (void)state;

    n = committees_of_city(committee, 80);
    assert_int_equal(n, 80);
    /* A small tally (one statement a count) and a large one (multi-row
     * upserts), over committees of every district. */
    write_tally(committee, 5, want);
    write_tally(committee, n, want);
    write_tally(committee + 7, 3, want);

    assert_int_equal(query("SELECT count(*) FROM colour_counts WHERE unit < 100000"), 0);
    assert_rows_in_their_districts("colour_counts");
    assert_int_equal(store_counts_get(db, CITY, city), 0);
    sum_of_districts(districts);
    for (int c = 0; c < COLOUR_COUNT; c++) {
        assert_int_equal(city[c], want[c]);
        assert_int_equal(districts[c], want[c]);
    }
    /* A committee reads its own row. */
    assert_int_equal(store_counts_get(db, committee[1], one), 0);
    assert_int_equal(one[1 % COLOUR_COUNT], 2 + 2);

    /* The day's snapshot: the city's day is its districts' days. */
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(store_counts_snapshot(db, 18000), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(query("SELECT count(*) FROM colour_daily WHERE unit < 100000"), 0);
    assert_rows_in_their_districts("colour_daily");
    assert_int_equal(store_counts_daily(db, CITY, 18000, 18000, take_day, daily), 0);
    for (int c = 0; c < COLOUR_COUNT; c++)
        assert_int_equal(daily[c], want[c]);

    /* A city written to alone stores nothing (its districts hold it). */
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(store_counts_add(db, CITY, want), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(query("SELECT count(*) FROM colour_counts WHERE unit < 100000"), 0);
}

static void the_daily_bulk_keeps_each_row_in_its_district(void **state)
{
    int64_t counts[COLOUR_COUNT] = {0}, got[COLOUR_COUNT] = {0};
    struct db_bulk *b;
    (void)state;

    counts[COLOUR_GREEN] = 7;
    counts[COLOUR_RED] = 2;
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(store_counts_daily_bulk(db, &b), 0);
    assert_int_equal(store_counts_daily_row(b, CITY, 17000, counts), 0);
    assert_int_equal(store_counts_daily_row(b, 310105, 17000, counts), 0);
    assert_int_equal(store_counts_daily_row(b, 310105002002LL, 17000, counts), 0);
    assert_int_equal(db_bulk_end(b), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(query("SELECT count(*) FROM colour_daily WHERE day = 17000"), 4);
    assert_int_equal(query("SELECT count(*) FROM colour_daily WHERE day = 17000 AND district = "
                           "310105"),
                     4);
    assert_int_equal(store_counts_daily(db, CITY, 17000, 17000, take_day, got), 0);
    assert_int_equal(got[COLOUR_GREEN], 7);
    assert_int_equal(got[COLOUR_RED], 2);
}

/* A database at schema 020, with the counts as they were (a city row
 * among them), migrated to 021: the rows get their districts, the city's
 * go, and a reader sees the same numbers. On Citus the tables were made
 * reference tables at 020 and stay so (db_citus.c): the migration runs on
 * them all the same. */
static void migration_021_puts_the_counts_in_their_districts(void **state)
{
    static const struct {
        int64_t unit, n, district;
    } rows[] = {
        {CITY, 10, 0},          {310105, 6, 310105},         {310112, 4, 310112},
        {310105002, 6, 310105}, {310105002002LL, 6, 310105}, {310105002002001LL, 2, 310105},
    };
    char old[512], err[DB_ERR_LEN], sql[256];
    struct db *o;
    int64_t got[COLOUR_COUNT], daily[COLOUR_COUNT] = {0};
    (void)state;

    testutil_db_path(old, sizeof old, "counts020");
    setenv("CORDON_SCHEMA_UPTO", "20", 1);
    assert_int_equal(db_open(old, DB_OPEN_CREATE, &o, err), 0);
    unsetenv("CORDON_SCHEMA_UPTO");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO colour_counts (unit, colour, n) VALUES (%lld, 0, %lld)",
                 (long long)rows[i].unit, (long long)rows[i].n);
        assert_int_equal(db_exec(o, sql), 0);
        snprintf(sql, sizeof sql,
                 "INSERT INTO colour_daily (unit, day, colour, n) VALUES (%lld, 100, 0, %lld)",
                 (long long)rows[i].unit, (long long)rows[i].n);
        assert_int_equal(db_exec(o, sql), 0);
    }
    db_close(o); /* opened again by a cordon of this schema, it migrates */
    assert_int_equal(db_open(old, 0, &o, err), 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        for (int t = 0; t < 2; t++) {
            int64_t d = -1;
            snprintf(sql, sizeof sql, "SELECT coalesce(max(district), 0) FROM %s WHERE unit = %lld",
                     t ? "colour_daily" : "colour_counts", (long long)rows[i].unit);
            assert_int_equal(db_query_int64(o, sql, 0, NULL, &d), DB_ROW);
            assert_int_equal(d, rows[i].district);
        }
    assert_int_equal(store_counts_get(o, CITY, got), 0);
    assert_int_equal(got[0], 10);
    assert_int_equal(store_counts_get(o, 310105002002LL, got), 0);
    assert_int_equal(got[0], 6);
    assert_int_equal(store_counts_daily(o, CITY, 100, 100, take_day, daily), 0);
    assert_int_equal(daily[0], 10);
    db_close(o);
    testutil_db_remove(old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_city_is_the_sum_of_its_districts),
        cmocka_unit_test(the_daily_bulk_keeps_each_row_in_its_district),
        cmocka_unit_test(migration_021_puts_the_counts_in_their_districts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
