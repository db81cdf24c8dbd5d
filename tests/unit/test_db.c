/*
 * Unit tests for the storage layer (store/db.c and the SQLite driver):
 * transactions roll back, migrations are idempotent, a newer schema is
 * refused, a foreign file is reported, $n parameters bind by number, the
 * statement cache survives nested use, bulk load inserts every row, and
 * multi-row inserts give each row its id.
 * The cases run on both passes of tests/run (see testutil.h); the ones about
 * files are SQLite's alone. PostgreSQL's own are in test_db_postgres.c.
 */
#include "store/db.h"
#include "store/db_driver.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static char path[512];

static int setup(void **state)
{
    (void)state;
    testutil_db_path(path, sizeof path, "db");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    testutil_db_remove(path);
    return 0;
}

static struct db *open_new(void)
{
    struct db *db = NULL;
    char err[DB_ERR_LEN];
    assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, err), 0);
    return db;
}

static int64_t count(struct db *db, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
    return n;
}

static void missing_file_is_not_created_without_flag(void **state)
{
    struct db *db = NULL;
    char err[DB_ERR_LEN] = "";
    (void)state;
    assert_int_equal(db_open(path, 0, &db, err), DB_E_NOTFOUND);
    assert_null(db);
    assert_non_null(strstr(err, "no such database"));
    if (!testutil_pg())
        assert_int_equal(access(path, F_OK), -1);
}

static void rollback_discards_writes(void **state)
{
    struct db *db = open_new();
    (void)state;
    assert_int_equal(db_exec(db, "CREATE TABLE t (x INTEGER)"), 0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_exec(db, "INSERT INTO t VALUES (1)"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM t"), 1);
    assert_int_equal(db_rollback(db), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM t"), 0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_exec(db, "INSERT INTO t VALUES (2)"), 0);
    assert_int_equal(db_commit(db), 0);
    db_close(db);
    db = open_new();
    assert_int_equal(count(db, "SELECT sum(x) FROM t"), 2);
    db_close(db);
}

static void migrations_are_idempotent(void **state)
{
    struct db *db = open_new();
    /* Every table, index and trigger of the schema, in either dialect. */
    const char *objects = testutil_pg()
                              ? "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = "
                                "current_schema()::regnamespace) + (SELECT count(*) FROM "
                                "pg_trigger WHERE NOT tgisinternal)"
                              : "SELECT count(*) FROM sqlite_master";
    int v1 = -1, v2 = -1;
    int64_t tables1, tables2;
    (void)state;
    assert_int_equal(db_schema_version(db, &v1), 0);
    assert_int_equal(v1, db_schema_latest(db_kind(db)));
    assert_true(v1 >= 1);
    tables1 = count(db, objects);
    db_close(db);
    db = open_new();
    assert_int_equal(db_schema_version(db, &v2), 0);
    assert_int_equal(v1, v2);
    tables2 = count(db, objects);
    assert_int_equal(tables1, tables2);
    assert_int_equal(count(db, "SELECT count(*) FROM schema_version"), 1);
    db_close(db);
}

static void newer_schema_is_refused(void **state)
{
    struct db *db = open_new();
    char err[DB_ERR_LEN] = "";
    (void)state;
    assert_int_equal(db_exec(db, "UPDATE schema_version SET version = 999"), 0);
    db_close(db);
    db = NULL;
    assert_int_equal(db_open(path, 0, &db, err), DB_E_NEWER);
    assert_null(db);
    assert_non_null(strstr(err, "999"));
    assert_non_null(strstr(err, "newer"));
}

static void foreign_file_is_reported(void **state)
{
    FILE *f = testutil_pg() ? NULL : fopen(path, "w");
    struct db *db = NULL;
    char err[DB_ERR_LEN] = "";
    (void)state;
    TESTUTIL_SQLITE_ONLY();
    assert_non_null(f);
    fputs("this is a spreadsheet, not a database, but long enough to look like a file header\n", f);
    fclose(f);
    assert_int_equal(db_open(path, 0, &db, err), DB_E_NOTADB);
    assert_null(db);
    assert_non_null(strstr(err, "not a cordon database"));
}

static void parameters_bind_by_number(void **state)
{
    struct db *db = open_new();
    struct db_stmt *st;
    (void)state;
    /* $2 appears before $1: SQLite would number them the other way round. */
    assert_int_equal(db_prepare(db, "SELECT $2 || '-' || $1 || '-' || $2", &st), 0);
    assert_int_equal(db_bind_text(st, 1, "a", -1), 0);
    assert_int_equal(db_bind_text(st, 2, "b", -1), 0);
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_column_text(st, 0), "b-a-b");
    assert_int_equal(db_bind_int64(st, 3, 1), DB_E_RANGE);
    db_done(st);
    db_close(db);
}

/* A migration on Citus runs one statement at a time: the script is cut at
 * the semicolons outside quotes, comments and dollar-quoted bodies. */
static void script_is_cut_between_statements_only(void **state)
{
    struct db *db = open_new();
    struct db_stmt *st;
    (void)state;
    assert_int_equal(db_citus_exec_script(db, 1,
                                          "CREATE TABLE split_t (a TEXT);\n"
                                          "INSERT INTO split_t VALUES ('x;y'); -- one; two\n"
                                          "/* a; b */ INSERT INTO split_t VALUES ('it''s; ok');\n"
                                          "-- the end;\n"),
                     0);
    if (db_kind(db) == DB_POSTGRES)
        assert_int_equal(db_citus_exec_script(db, 1,
                                              "INSERT INTO split_t VALUES ($q$c;d$q$);"
                                              "DO $$ BEGIN PERFORM 1; END $$"),
                         0);
    assert_int_equal(db_prepare(db, "SELECT a FROM split_t ORDER BY a", &st), 0);
    if (db_kind(db) == DB_POSTGRES) {
        assert_int_equal(db_step(st), DB_ROW);
        assert_string_equal(db_column_text(st, 0), "c;d");
    }
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_column_text(st, 0), "it's; ok");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_column_text(st, 0), "x;y");
    assert_int_equal(db_step(st), DB_DONE);
    db_done(st);
    db_close(db);
}

static void cache_survives_nested_use(void **state)
{
    struct db *db = open_new();
    struct db_stmt *outer, *inner;
    const char *sql =
        "SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2) AS t ORDER BY value";
    int rows = 0;
    (void)state;
    assert_int_equal(db_prepare(db, sql, &outer), 0);
    while (db_step(outer) == DB_ROW) {
        /* The same SQL while the first is mid-iteration: a second statement. */
        assert_int_equal(db_prepare(db, sql, &inner), 0);
        assert_ptr_not_equal(inner, outer);
        assert_int_equal(db_step(inner), DB_ROW);
        assert_int_equal(db_column_int64(inner, 0), 1);
        db_done(inner);
        rows++;
    }
    db_done(outer);
    assert_int_equal(rows, 2);
    /* After done, the cached statement is handed out again. */
    assert_int_equal(db_prepare(db, sql, &inner), 0);
    assert_ptr_equal(inner, outer);
    db_done(inner);
    db_close(db);
}

static void constraint_violation_is_named(void **state)
{
    struct db *db = open_new();
    (void)state;
    assert_int_equal(db_exec(db, "CREATE TABLE u (k INTEGER PRIMARY KEY)"), 0);
    assert_int_equal(db_exec(db, "INSERT INTO u VALUES (1)"), 0);
    assert_int_equal(db_exec(db, "INSERT INTO u VALUES (1)"), DB_E_CONSTRAINT);
    assert_non_null(strcasestr(db_errmsg(db), "unique"));
    db_close(db);
}

/* INSERT ... ON CONFLICT DO NOTHING RETURNING id gives no row when nothing
 * was inserted (the SQLite driver answers RETURNING id from the last
 * rowid, which would then be an earlier insert's). */
static void returning_id_gives_no_row_when_nothing_is_inserted(void **state)
{
    struct db *db = open_new();
    struct db_stmt *st;
    const char *ins = "INSERT INTO r (k) VALUES ($1) ON CONFLICT (k) DO NOTHING RETURNING id";
    int64_t first;
    (void)state;
    assert_int_equal(db_exec(db, db_kind(db) == DB_POSTGRES
                                     ? "CREATE TABLE r (id BIGINT GENERATED BY DEFAULT AS "
                                       "IDENTITY PRIMARY KEY, k TEXT UNIQUE)"
                                     : "CREATE TABLE r (id INTEGER PRIMARY KEY, k TEXT UNIQUE)"),
                     0);
    assert_int_equal(db_prepare(db, ins, &st), 0);
    db_bind_text(st, 1, "a", -1);
    assert_int_equal(db_step(st), DB_ROW);
    first = db_column_int64(st, 0);
    assert_int_equal(db_step(st), DB_DONE);
    db_bind_text(st, 1, "a", -1);
    assert_int_equal(db_step(st), DB_DONE); /* conflict: no row */
    db_bind_text(st, 1, "b", -1);
    assert_int_equal(db_step(st), DB_ROW);
    assert_true(db_column_int64(st, 0) > first);
    db_done(st);
    db_close(db);
}

static void bulk_load_inserts_all_rows(void **state)
{
    struct db *db = open_new();
    struct db_bulk *b;
    char name[32];
    (void)state;
    assert_int_equal(db_exec(db, "CREATE TABLE b (k INTEGER PRIMARY KEY, name TEXT, x INTEGER)"),
                     0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_bulk_begin(db, "b", "k, name, x", 3, &b), 0);
    for (int i = 0; i < 10000; i++) {
        struct db_value v[3] = {{DB_INT, i, NULL}, {DB_TEXT, 0, name}, {DB_NULL, 0, NULL}};
        snprintf(name, sizeof name, "n%d", i);
        assert_int_equal(db_bulk_row(b, v), 0);
    }
    assert_int_equal(db_bulk_end(b), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM b"), 10000);
    assert_int_equal(count(db, "SELECT count(*) FROM b WHERE name = 'n9999' AND x IS NULL"), 1);
    db_close(db);
}

/* db_rows_*: rows in a few statements, texts quoted (a quote, a
 * backslash), NULLs, and each row's id in the order added, across the
 * statements a batch of 450 takes. */
static void multi_row_inserts_give_each_row_its_id(void **state)
{
    static int64_t ids[450];
    struct db *db = open_new();
    struct db_rows *r;
    struct db_stmt *st;
    char name[32];
    (void)state;
    assert_int_equal(db_exec(db, db_kind(db) == DB_SQLITE
                                     ? "CREATE TABLE r (id INTEGER PRIMARY KEY, name TEXT, x "
                                       "BIGINT)"
                                     : "CREATE TABLE r (id BIGINT GENERATED BY DEFAULT AS "
                                       "IDENTITY PRIMARY KEY, name TEXT, x BIGINT)"),
                     0);
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(db_rows_begin(db, "r", "name, x", 2, "", 1, &r), 0);
    for (int i = 0; i < 450; i++) {
        struct db_value v[2] = {{DB_TEXT, 0, name}, {DB_INT, 1000 - i, NULL}};
        snprintf(name, sizeof name, "it's \\ n%d", i);
        if (i % 7 == 0)
            v[0].type = DB_NULL;
        assert_int_equal(db_rows_add(r, v), 0);
    }
    assert_int_equal(db_rows_end(r, ids, 450), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM r"), 450);
    assert_int_equal(count(db, "SELECT count(*) FROM r WHERE name IS NULL"), 65);
    for (int i = 0; i < 450; i += 61) {
        assert_int_equal(db_prepare(db, "SELECT name, x FROM r WHERE id = $1", &st), 0);
        assert_int_equal(db_bind_int64(st, 1, ids[i]), 0);
        assert_int_equal(db_step(st), DB_ROW);
        snprintf(name, sizeof name, "it's \\ n%d", i);
        assert_string_equal(db_column_text(st, 0), i % 7 == 0 ? "" : name);
        assert_int_equal(db_column_int64(st, 1), 1000 - i);
        db_done(st);
    }
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(missing_file_is_not_created_without_flag, setup, teardown),
        cmocka_unit_test_setup_teardown(rollback_discards_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(migrations_are_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(foreign_file_is_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(parameters_bind_by_number, setup, teardown),
        cmocka_unit_test_setup_teardown(cache_survives_nested_use, setup, teardown),
        cmocka_unit_test_setup_teardown(script_is_cut_between_statements_only, setup, teardown),
        cmocka_unit_test_setup_teardown(constraint_violation_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(returning_id_gives_no_row_when_nothing_is_inserted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(bulk_load_inserts_all_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(multi_row_inserts_give_each_row_its_id, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
