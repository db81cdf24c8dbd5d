/*
 * Tests of a first import, into an empty register, against the per-row
 * path of a later one (forced by one resident already registered): both
 * write the same residents, households, places and history, text with
 * backslashes, tabs and line breaks included, and the same live counts.
 * On PostgreSQL a first import takes the bulk path (store/residents_bulk.c);
 * on both it drops the residents' secondary indexes (on PostgreSQL also the
 * UNIQUE constraint and the foreign keys) and makes them again at its end
 * (store/residents_indexes.c): every index and constraint is there
 * afterwards, as it was, and a row the database refuses at the end, or an
 * index that cannot be built, leaves nothing behind, the indexes included.
 */
#include "demo/generate.h"
#include "app/units/hierarchy.h"
#include "app/register/import.h"
#include "app/register/register.h"
#include "core/date.h"
#include "core/idcard.h"
#include "store/residents.h"

#include "rows_helpers.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define QISHAN    310105002002LL
#define GENERATED 20000 /* more than two chunks of the bulk path */

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char bulk_path[512], rows_path[512];
static struct db *bulk_db, *rows_db;
static char *sheet;
static size_t sheet_len;

static void add(const char *s)
{
    rows_add(&sheet, &sheet_len, s);
}

/* The sheet: GENERATED people over 长宁区's committees from the generator,
 * a 网格 column added, and a few rows of awkward text at the end. */
static int make_sheet(struct db *db)
{
    char tmp[512], err[256], line[1024], id[4][19];
    FILE *f;
    int first = 1;

    testutil_tmp_path(tmp, sizeof tmp, "bulk-sheet.csv");
    if (!(f = fopen(tmp, "w+")))
        return -1;
    if (gen_residents_file(db, 310105, GENERATED, 5, f, err) < 0) {
        fprintf(stderr, "gen: %s\n", err);
        return -1;
    }
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        add(line);
        add(first ? ",网格\r\n" : ",\r\n");
        first = 0;
    }
    fclose(f);
    unlink(tmp);
    rows_id_of("31010519800101123", id[0]);
    rows_id_of("31010519800101124", id[1]);
    rows_id_of("31010519800101125", id[2]);
    rows_id_of("31010519800101126", id[3]);
    /* 小区,楼号,单元,室号,姓名,身份证号,手机号,在沪情况,返沪日期,来源地,隔离情况,
     * 隔离开始日期,隔离结束日期,健康状况,居委会代码,网格 */
    snprintf(line, sizeof line,
             "岐山村\\东,1号,1,101,反\\斜杠,%s,13800138001,近期返沪,2020-03-01,"
             "\"湖北\\武汉\",居家隔离,2020-03-01,,正常,310105002002,岐山第一网格\r\n"
             "岐山村\\东,1号,1,-102,\"换\n行\",%s,,境外返沪,2020-03-05,\"第一行\n第二行\","
             ",,,发热,310105002002,岐山第二网格\r\n"
             "\"岐山\t村\",2号,,B-502,制表\t符,%s,,一直在沪,,,,,,正常,310105002002,\r\n"
             ",,,,无住址,%s,,外出未返,,,,,,正常,310105002002,岐山第一网格\r\n",
             id[0], id[1], id[2], id[3]);
    add(line);
    return 0;
}

static int open_world(char *path, size_t size, const char *name, struct db **out)
{
    char err[256] = "";
    struct hierarchy_report hr;
    int64_t grid;

    testutil_db_path(path, size, name);
    if (db_open(path, DB_OPEN_CREATE, out, err) < 0 ||
        hierarchy_init_city(*out, 3101, &hr, &ae) < 0 ||
        hierarchy_grid_add(*out, QISHAN, "岐山第一网格", &grid, &ae) < 0 ||
        hierarchy_grid_add(*out, QISHAN, "岐山第二网格", &grid, &ae) < 0) {
        fprintf(stderr, "setup %s: %s%s\n", name, err, ae.message);
        return -1;
    }
    return 0;
}

static int setup(void **state)
{
    struct register_batch b;
    struct resident r;
    (void)state;
    setenv("CORDON_TODAY", "2020-03-09", 1);
    setenv("CORDON_NOW", "2020-03-09T10:00", 1);
    if (open_world(bulk_path, sizeof bulk_path, "bulk", &bulk_db) < 0 ||
        open_world(rows_path, sizeof rows_path, "rows", &rows_db) < 0 || make_sheet(bulk_db) < 0)
        return -1;
    /* One resident elsewhere (宝山区), so that the import into rows_db is no
     * first import and writes row by row. */
    if (register_begin(&b, rows_db, "test", "cli", &ae) < 0)
        return -1;
    memset(&r, 0, sizeof r);
    r.committee = 310113001001LL;
    snprintf(r.name, sizeof r.name, "先来的");
    r.doc_type = 1;
    snprintf(r.doc_no, sizeof r.doc_no, "DUMMY0001");
    r.birth = DATE_NONE;
    facts_init(&r.facts);
    if (register_put(&b, &r, NULL, "register", NULL, DATE_NONE) < 0)
        return -1;
    return register_commit(&b, &ae);
}

static int teardown(void **state)
{
    (void)state;
    db_close(bulk_db);
    db_close(rows_db);
    testutil_db_remove(bulk_path);
    testutil_db_remove(rows_path);
    free(sheet);
    unsetenv("CORDON_TODAY");
    unsetenv("CORDON_NOW");
    return 0;
}

static char *dump(struct db *db, const char *sql)
{
    return rows_dump(db, sql);
}

/* Everything an import writes, without ids and in an order of its own. */
static const char everything[] =
    "SELECT r.committee, r.grid, r.district, r.name, r.doc_type, r.doc_no, r.birth, r.sex, "
    "r.phone, r.presence, r.arrival_day, r.arrival_abroad, r.origin, r.quarantine, "
    "r.quarantine_from, r.quarantine_until, r.health, r.colour, r.next_change, r.updated_at, "
    "r.version, c.committee, c.grid, c.name, c.district, b.name, b.district, h.unit, h.room, "
    "h.floor, h.committee, h.district, f.version, f.kind, f.value, f.effective, f.recorded_at, "
    "f.recorded_by, f.source, f.colour, f.district FROM residents r "
    "LEFT JOIN households h ON h.id = r.household LEFT JOIN buildings b ON b.id = h.building "
    "LEFT JOIN compounds c ON c.id = b.compound JOIN fact_history f ON f.resident = r.id "
    /* the district too: on Citus a join of two distributed tables must name it */
    "AND f.district = r.district "
    "WHERE r.doc_no <> 'DUMMY0001' ORDER BY r.doc_no, f.version";

/* Live counts of every unit but the dummy resident's and its ancestors. */
static const char counts_sql[] =
    "SELECT unit, colour, n FROM colour_counts WHERE n <> 0 AND unit NOT IN (310113, "
    "310113001, 310113001001) ORDER BY unit, colour";

static char *recount(struct db *db)
{
    char *out;
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(store_counts_rebuild(db), 0);
    out = dump(db, counts_sql);
    assert_int_equal(db_rollback(db), 0);
    return out;
}

static void bulk_and_row_by_row_write_the_same(void **state)
{
    struct import_opts o = {0, NULL, 0, "test", NULL, 0, NULL};
    struct import_report rb, rr;
    struct app_error err;
    char *a, *b;
    (void)state;
    assert_int_equal(db_bulk_is_fast(bulk_db), testutil_pg() != NULL);
    if (import_residents(bulk_db, NULL, sheet, sheet_len, &o, &rb, &err) != 0)
        fail_msg("bulk import: %s", err.message);
    if (import_residents(rows_db, NULL, sheet, sheet_len, &o, &rr, &err) != 0)
        fail_msg("row-by-row import: %s", err.message);
    assert_int_equal(rb.created, GENERATED + 4);
    assert_int_equal(rb.created, rr.created);
    assert_int_equal(rb.households, rr.households);
    assert_int_equal(rb.rejected + rr.rejected, 0);
    import_report_cleanup(&rb);
    import_report_cleanup(&rr);

    a = dump(bulk_db, everything);
    b = dump(rows_db, everything);
    assert_true(strlen(a) > 1000000);
    assert_non_null(strstr(a, "|反\\斜杠|"));
    assert_non_null(strstr(a, "|换\n行|"));
    assert_non_null(strstr(a, "|制表\t符|"));
    assert_non_null(strstr(a, "第一行\\u000a第二行")); /* JSON in the history */
    assert_string_equal(a, b);
    free(a);
    free(b);

    /* The live counts: equal in both, and equal to a recount. */
    a = dump(bulk_db, counts_sql);
    b = dump(rows_db, counts_sql);
    assert_string_equal(a, b);
    free(b);
    b = recount(bulk_db);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* The indexes of residents, name and definition, on either database (on
 * PostgreSQL with the constraints of residents and households). */
static const char indexes_sqlite[] = "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                     "AND tbl_name = 'residents' ORDER BY name";
static const char indexes_pg[] =
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'residents' UNION ALL "
    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid IN "
    "('residents'::regclass, 'households'::regclass) ORDER BY 1, 2";

/* Two lists of indexes are the same (both freed), and on SQLite the file
 * passes its integrity check. */
static void assert_same_and_intact(struct db *db, char *a, char *b)
{
    assert_string_equal(a, b);
    free(a);
    free(b);
    if (!testutil_pg()) {
        a = dump(db, "PRAGMA integrity_check");
        assert_string_equal(a, "ok\n");
        free(a);
    }
}

/* A first import leaves every index of residents as a later one does (on
 * SQLite it built the secondary ones again at its end), and the file
 * intact. */
static void a_first_import_keeps_every_index(void **state)
{
    const char *q = testutil_pg() ? indexes_pg : indexes_sqlite;
    char *a, *b;
    int64_t n = 0;
    (void)state;
    /* After bulk_and_row_by_row_write_the_same: both have their rows. */
    assert_int_equal(db_query_int64(bulk_db, "SELECT count(*) FROM residents", 0, NULL, &n),
                     DB_ROW);
    assert_int_equal(n, GENERATED + 4);
    a = dump(bulk_db, q);
    b = dump(rows_db, q);
    assert_non_null(strstr(a, "residents_committee"));
    assert_non_null(strstr(a, "residents_name"));
    assert_non_null(strstr(a, "residents_phone"));
    assert_non_null(strstr(a, "residents_next_change"));
    assert_same_and_intact(bulk_db, a, b);
    if (!testutil_pg()) {
        /* It wrote with a rollback journal (db_bulk_journal) and went back
         * to the write-ahead log. */
        a = dump(bulk_db, "PRAGMA journal_mode");
        assert_string_equal(a, "wal\n");
        free(a);
    }
}

/* A first import on PostgreSQL leaves the planner the statistics of what it
 * wrote (store_residents_analyze: it used to plan from the empty tables
 * until autovacuum came by); SQLite gets none (its plans here use none). */
static void a_first_import_leaves_the_planner_its_statistics(void **state)
{
    int64_t n = 0;
    (void)state;
    /* After bulk_and_row_by_row_write_the_same, a first import on each. */
    if (!testutil_pg()) {
        assert_int_equal(db_query_int64(bulk_db,
                                        "SELECT count(*) FROM sqlite_master WHERE name = "
                                        "'sqlite_stat1'",
                                        0, NULL, &n),
                         DB_ROW);
        assert_int_equal(n, 0);
        return;
    }
    if (db_is_citus(bulk_db))
        skip(); /* the shards' statistics are their workers' */
    const char *tables[] = {"residents", "households", "buildings", "compounds"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = '%s'::regclass",
                 tables[i]);
        assert_int_equal(db_query_int64(bulk_db, sql, 0, NULL, &n), DB_ROW);
        assert_true(n > 0);
    }
    assert_int_equal(db_query_int64(bulk_db,
                                    "SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = "
                                    "'residents'::regclass",
                                    0, NULL, &n),
                     DB_ROW);
    assert_int_equal(n, GENERATED + 4);
}

/* The hand-made CHECK of the next test, per database. */
static const char no_mars_pg[] =
    "ALTER TABLE fact_history ADD CONSTRAINT no_mars CHECK (value NOT LIKE '%火星%')";
static const char no_mars_sqlite[] =
    "CREATE TRIGGER no_mars BEFORE INSERT ON fact_history WHEN NEW.value LIKE '%火星%' "
    "BEGIN SELECT RAISE(ABORT, 'no_mars'); END";

/* The database refuses the last row (a constraint the import does not
 * check, standing in for anything that fails while rows are sent): the
 * chunks sent before are gone with the rest. */
static void a_failure_in_a_late_chunk_leaves_nothing(void **state)
{
    struct import_opts o = {0, NULL, 0, "test", NULL, 0, NULL};
    struct import_report rep;
    struct app_error err;
    char path[512], row[512], id[19], *counts_before, *counts_after, *indexes_before,
        *indexes_after;
    struct db *db;
    int64_t n = -1;
    (void)state;
    assert_int_equal(open_world(path, sizeof path, "bulkfail", &db), 0);
    assert_int_equal(db_exec(db, testutil_pg() ? no_mars_pg : no_mars_sqlite), 0);
    indexes_before = dump(db, testutil_pg() ? indexes_pg : indexes_sqlite);
    rows_id_of("31010519800101127", id);
    snprintf(row, sizeof row, ",,,,最后一个,%s,,近期返沪,2020-03-02,火星,,,,正常,310105002002,\r\n",
             id);
    add(row);
    counts_before = dump(db, "SELECT unit, colour, n FROM colour_counts WHERE n <> 0");
    assert_true(import_residents(db, NULL, sheet, sheet_len, &o, &rep, &err) < 0);
    assert_non_null(strstr(err.message, "cannot write"));
    assert_non_null(strstr(err.message, "no_mars"));
    assert_int_equal(rep.committed, 0);
    import_report_cleanup(&rep);
    sheet_len -= strlen(row);
    sheet[sheet_len] = '\0';
    for (int i = 0; i < 4; i++) {
        static const char *const tables[] = {"residents", "fact_history", "households",
                                             "compounds"};
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
        assert_int_equal(n, 0);
    }
    counts_after = dump(db, "SELECT unit, colour, n FROM colour_counts WHERE n <> 0");
    assert_string_equal(counts_before, counts_after);
    free(counts_before);
    free(counts_after);
    indexes_after = dump(db, testutil_pg() ? indexes_pg : indexes_sqlite);
    assert_string_equal(indexes_before, indexes_after);
    free(indexes_before);
    free(indexes_after);
    db_close(db);
    testutil_db_remove(path);
}

/* An index of residents that cannot be built at the end of a first import
 * (a UNIQUE index on the phone, with two residents of one phone)
 * fails the import and leaves nothing behind: no rows, and every index as
 * it was, the one that failed included. */
static void an_index_that_cannot_be_built_leaves_nothing(void **state)
{
    struct import_opts o = {0, NULL, 0, "test", NULL, 0, NULL};
    struct import_report rep;
    struct app_error err;
    char path[512], row[512], id[19], *before;
    struct db *db;
    int64_t n = -1;
    const char *q = testutil_pg() ? indexes_pg : indexes_sqlite;
    (void)state;
    assert_int_equal(open_world(path, sizeof path, "indexfail", &db), 0);
    /* On Citus a unique index of a distributed table holds its district
     * (the two residents below share one). */
    assert_int_equal(db_exec(db, testutil_citus() ? "CREATE UNIQUE INDEX residents_one_phone ON "
                                                    "residents (phone, district)"
                                                  : "CREATE UNIQUE INDEX residents_one_phone ON "
                                                    "residents (phone)"),
                     0);
    before = dump(db, q);
    assert_non_null(strstr(before, "residents_one_phone"));
    rows_id_of("31010519800101128", id);
    snprintf(row, sizeof row, ",,,,同号,%s,13800138001,一直在沪,,,,,,正常,310105002002,\r\n", id);
    add(row);
    assert_true(import_residents(db, NULL, sheet, sheet_len, &o, &rep, &err) < 0);
    assert_non_null(strcasestr(err.message, "unique"));
    assert_int_equal(rep.committed, 0);
    import_report_cleanup(&rep);
    sheet_len -= strlen(row);
    sheet[sheet_len] = '\0';
    assert_int_equal(db_query_int64(db, "SELECT count(*) FROM residents", 0, NULL, &n), DB_ROW);
    assert_int_equal(n, 0);
    assert_same_and_intact(db, before, dump(db, q));
    db_close(db);
    testutil_db_remove(path);
}

/* SQLite: beside another connection to the file (a server running), a
 * first import cannot leave the write-ahead log and keeps it, without
 * waiting; the other connection reads the rows once committed. Alone, the
 * switch is made, and undone. */
static void a_first_import_beside_another_connection_keeps_the_log(void **state)
{
    struct import_opts o = {0, NULL, 0, "test", NULL, 0, NULL};
    struct import_report rep;
    struct app_error err;
    char path[512], dberr[256] = "";
    struct db *db, *other;
    int64_t n = -1;
    (void)state;
    TESTUTIL_SQLITE_ONLY();
    assert_int_equal(open_world(path, sizeof path, "beside", &db), 0);
    if (db_open(path, 0, &other, dberr) < 0)
        fail_msg("open: %s", dberr);
    assert_int_equal(db_bulk_journal(db, 1), 0);
    if (import_residents(db, NULL, sheet, sheet_len, &o, &rep, &err) != 0)
        fail_msg("import: %s", err.message);
    import_report_cleanup(&rep);
    assert_int_equal(db_query_int64(other, "SELECT count(*) FROM residents", 0, NULL, &n), DB_ROW);
    assert_int_equal(n, GENERATED + 4);
    db_close(other);
    assert_int_equal(db_bulk_journal(db, 1), 1);
    assert_int_equal(db_bulk_journal(db, 0), 0);
    db_close(db);
    testutil_db_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bulk_and_row_by_row_write_the_same),
        cmocka_unit_test(a_first_import_keeps_every_index),
        cmocka_unit_test(a_first_import_leaves_the_planner_its_statistics),
        cmocka_unit_test(a_failure_in_a_late_chunk_leaves_nothing),
        cmocka_unit_test(an_index_that_cannot_be_built_leaves_nothing),
        cmocka_unit_test(a_first_import_beside_another_connection_keeps_the_log),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
