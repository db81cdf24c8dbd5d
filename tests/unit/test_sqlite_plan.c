/*
 * Tests of the SQLite plan check (store/db_sqlite_plan.c): which lines of
 * EXPLAIN QUERY PLAN it reports as a full scan of a table that grows with
 * the city, and which it leaves alone. A small schema of its own, in
 * memory; the check's stderr is caught in a temporary file.
 */
#include "store/db_sqlite_plan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static const char schema[] =
    "PRAGMA foreign_keys = ON;"
    "CREATE TABLE households (id INTEGER PRIMARY KEY, committee INTEGER NOT NULL);"
    "CREATE TABLE residents (id INTEGER PRIMARY KEY, committee INTEGER NOT NULL,"
    " household INTEGER REFERENCES households (id), grid INTEGER, colour INTEGER,"
    " doc_type INTEGER NOT NULL, doc_no TEXT NOT NULL, UNIQUE (doc_type, doc_no));"
    "CREATE INDEX residents_committee ON residents (committee, household);"
    "CREATE TABLE bookings (id INTEGER PRIMARY KEY,"
    " household INTEGER NOT NULL REFERENCES households (id));"
    "CREATE TABLE compounds (id INTEGER PRIMARY KEY, committee INTEGER NOT NULL);";

static int setup(void **state)
{
    sqlite3 *h = NULL;

    if (sqlite3_open(":memory:", &h) != SQLITE_OK ||
        sqlite3_exec(h, schema, NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return -1;
    }
    *state = h;
    return 0;
}

static int teardown(void **state)
{
    sqlite3_close(*state);
    return 0;
}

/* What the check wrote to stderr for sql, in a buffer of `size`. */
static void check(sqlite3 *h, const char *sql, char *out, size_t size)
{
    FILE *tmp = tmpfile();
    int saved;
    size_t n;

    assert_non_null(tmp);
    fflush(stderr);
    saved = dup(2);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(tmp), 2) >= 0);
    sqlite_plan_check(h, sql, -1);
    fflush(stderr);
    assert_true(dup2(saved, 2) >= 0);
    close(saved);
    rewind(tmp);
    n = fread(out, 1, size - 1, tmp);
    out[n] = 0;
    fclose(tmp);
}

static void assert_reported(sqlite3 *h, const char *sql, const char *table)
{
    char got[4096], want[128];

    check(h, sql, got, sizeof got);
    snprintf(want, sizeof want, "cordon: plan: full scan of %s ", table);
    if (!strstr(got, want))
        fail_msg("not reported as a scan of %s: %s\n(got: %s)", table, sql, got);
}

static void assert_quiet(sqlite3 *h, const char *sql)
{
    char got[4096];

    check(h, sql, got, sizeof got);
    if (got[0])
        fail_msg("reported: %s\n(got: %s)", sql, got);
}

/* A min() over a full scan is "SEARCH residents", naming no index: one
 * booking read a city's 25 million residents that way. */
static void test_a_min_over_a_full_scan_is_reported(void **state)
{
    assert_reported(*state, "SELECT min(colour) FROM residents WHERE household = ?1", "residents");
    assert_reported(*state, "SELECT id FROM residents WHERE doc_no = ?1", "residents");
    assert_quiet(*state, "SELECT min(colour) FROM residents WHERE committee = "
                         "(SELECT committee FROM households WHERE id = ?1) AND household = ?1");
    assert_quiet(*state, "SELECT id FROM residents WHERE doc_type IN (0, 1, 2, 3, 4, 5) AND "
                         "doc_no = ?1 ORDER BY id");
}

/* The last row by the primary key, and "is there a row at all?", read one
 * row each. */
static void test_one_row_reads_are_quiet(void **state)
{
    assert_quiet(*state, "SELECT coalesce(max(id), 0) FROM compounds");
    assert_quiet(*state, "SELECT id FROM residents LIMIT 1");
    assert_reported(*state, "SELECT id FROM residents WHERE colour = ?1 LIMIT 1", "residents");
}

/* A CTE is read as its own lines; its scan is of rows its statement chose. */
static void test_a_cte_is_not_a_table(void **state)
{
    assert_quiet(*state, "WITH q AS MATERIALIZED (SELECT id FROM residents WHERE committee = ?1) "
                         "SELECT count(*) FROM q");
    assert_reported(*state,
                    "WITH q AS MATERIALIZED (SELECT id FROM residents WHERE colour = ?1) "
                    "SELECT count(*) FROM q",
                    "residents");
}

/* A multi-row INSERT into households shows the foreign-key check of
 * bookings (a scan, no index on bookings.household), which SQLite runs only
 * while a deferred violation is outstanding; a table the INSERT reads is
 * still checked. */
static void test_an_inserts_foreign_key_checks_are_quiet(void **state)
{
    sqlite3_stmt *st = NULL;
    int scans_bookings = 0;

    /* The plan does show the scan the check leaves out. */
    assert_int_equal(sqlite3_prepare_v2(*state,
                                        "EXPLAIN QUERY PLAN INSERT INTO households (committee) "
                                        "VALUES (1), (2)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        scans_bookings |= strcmp((const char *)sqlite3_column_text(st, 3), "SCAN bookings") == 0;
    sqlite3_finalize(st);
    assert_true(scans_bookings);
    assert_quiet(*state, "INSERT INTO households (committee) VALUES (1), (2)");
    assert_reported(*state,
                    "INSERT INTO bookings (household) SELECT household FROM residents "
                    "WHERE colour = ?1",
                    "residents");
}

/* A statement marked as reading a whole set on purpose is not reported. */
static void test_a_bulk_read_is_marked(void **state)
{
    assert_quiet(*state, "SELECT id FROM residents WHERE colour = ?1 /* bulk */");
    assert_reported(*state, "SELECT id FROM residents WHERE id > ?1 AND colour = ?2 ORDER BY id",
                    "residents");
    assert_quiet(*state, "SELECT id FROM residents WHERE id > ?1 /* walk */ AND colour = ?2 "
                         "ORDER BY id");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_min_over_a_full_scan_is_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_row_reads_are_quiet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_cte_is_not_a_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_inserts_foreign_key_checks_are_quiet, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_bulk_read_is_marked, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
