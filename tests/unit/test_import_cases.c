/*
 * Tests of the set-wise opening of an import's quarantine cases
 * (app/register/import_cases.c, store/quarantines_bulk.c) against the
 * one-by-one path it replaces (quarantines_open_for_fact per row): the same
 * sheet imported into two like databases, once each way, leaves the same
 * rows in every table (ids, check-in links and row order aside): cases,
 * residents, history, audit, tasks, task events, counts. The sheet has a
 * few thousand generated people and rows made for the rules: two home
 * quarantines in one household (one rubbish task), one starting tomorrow
 * (no task), a resident whose case still runs (left alone) and one whose
 * open case is past its last day (ended, a new one opened), a grid with a
 * person (follows the case) and one without (the caller does). Refusals
 * (a row outside the caller's scope) fail both ways with the same message;
 * an account importing follows the cases of a grid without a person.
 * Runs on SQLite and, with CORDON_TEST_PG, on PostgreSQL.
 */
#include "demo/generate.h"
#include "app/accounts/accounts.h"
#include "app/units/hierarchy.h"
#include "app/register/import.h"
#include "core/date.h"
#include "core/idcard.h"
#include "store/orgs.h"
#include "store/quarantines.h"

#include "rows_helpers.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define QISHAN    310105002002LL
#define GENERATED 3000

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char *sheet;
static size_t sheet_len;

static void add(const char *s)
{
    rows_add(&sheet, &sheet_len, s);
}

/* 小区,楼号,单元,室号,姓名,身份证号,手机号,在沪情况,返沪日期,来源地,隔离情况,
 * 隔离开始日期,隔离结束日期,健康状况,居委会代码,网格 */
static void add_row(const char *seq, const char *room, const char *q, const char *from,
                    const char *until, const char *grid)
{
    char digits[18], id[19], line[512];

    snprintf(digits, sizeof digits, "310105198001%s", seq);
    rows_id_of(digits, id);
    snprintf(line, sizeof line,
             "岐山村,9号,1,%s,测%s,%s,,一直在沪,,,%s,%s,%s,正常,310105002002,%s\r\n", room, seq, id,
             q, from, until, grid);
    add(line);
}

/* The generated people with a 网格 column, then the rows of the rules. */
static void make_sheet(struct db *db)
{
    char tmp[512], err[256], line[1024];
    FILE *f;
    int first = 1;

    testutil_tmp_path(tmp, sizeof tmp, "cases-sheet.csv");
    assert_non_null(f = fopen(tmp, "w+"));
    assert_int_equal(gen_residents_file(db, 310105, GENERATED, 7, f, err), 0);
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        add(line);
        add(first ? ",网格\r\n" : ",\r\n");
        first = 0;
    }
    fclose(f);
    unlink(tmp);
    add_row("10001", "101", "居家隔离", "2020-03-08", "2020-03-21", "岐山第一网格");
    add_row("10002", "101", "居家隔离", "2020-03-07", "2020-03-20", "岐山第一网格");
    add_row("10003", "102", "居家隔离", "2020-03-10", "2020-03-23", "岐山第二网格");
    add_row("10004", "103", "集中隔离", "2020-03-01", "2020-03-14", "");
    add_row("10005", "104", "居家隔离", "2020-03-02", "2020-03-15", "岐山第二网格");
    add_row("10006", "105", "居家隔离", "2020-03-03", "2020-03-16", "岐山第一网格");
}

static void open_world(char *path, size_t size, const char *name, struct db **out)
{
    char err[256] = "", pw[ACCOUNTS_GENERATED_LEN];
    struct account_new a = {"g1", "grid_worker", QISHAN, 0, "password-g1", 0, 0};
    struct account_new c = {"qishan", "committee", QISHAN, 0, "password-qs", 0, 0};
    struct hierarchy_report hr;
    int64_t grid1, grid2, id;

    testutil_db_path(path, size, name);
    if (db_open(path, DB_OPEN_CREATE, out, err) < 0 ||
        hierarchy_init_city(*out, 3101, &hr, &ae) < 0 ||
        hierarchy_grid_add(*out, QISHAN, "岐山第一网格", &grid1, &ae) < 0 ||
        hierarchy_grid_add(*out, QISHAN, "岐山第二网格", &grid2, &ae) < 0)
        fail_msg("setup %s: %s%s", name, err, ae.message);
    a.grid = grid1;
    assert_int_equal(accounts_create(*out, &a, pw, &id, &ae), 0);
    assert_int_equal(store_grid_person_set(*out, grid1, id), 0);
    assert_int_equal(accounts_create(*out, &c, pw, &id, &ae), 0);
    (void)grid2;
}

/* Before the sheet: residents 10005 (its case still runs) and 10006 (its
 * open case ended before today), imported with their cases. */
static void before(struct db *db)
{
    struct import_opts o = {0, NULL, 0, "test", NULL, 0, NULL};
    struct import_report rep;
    char *all = sheet;
    size_t len = sheet_len;
    int64_t n;

    sheet = NULL;
    sheet_len = 0;
    add("小区,楼号,单元,室号,姓名,身份证号,手机号,在沪情况,返沪日期,来源地,隔离情况,"
        "隔离开始日期,隔离结束日期,健康状况,居委会代码,网格\r\n");
    add_row("10005", "104", "居家隔离", "2020-03-02", "2020-03-15", "岐山第二网格");
    add_row("10006", "105", "居家隔离", "2020-02-20", "2020-03-04", "岐山第一网格");
    if (import_residents(db, NULL, sheet, sheet_len, &o, &rep, &ae) != 0)
        fail_msg("before: %s", ae.message);
    import_report_cleanup(&rep);
    free(sheet);
    sheet = all;
    sheet_len = len;
    /* 10006's case as if opened on 02-20 and not ended since. */
    assert_int_equal(db_exec(db, "INSERT INTO quarantines (resident, household, unit, committee, "
                                 "district, kind, day_from, day_until, facility, follower, state, "
                                 "token_hash, created_at, created_by) SELECT id, household, "
                                 "committee, committee, district, 1, quarantine_from, "
                                 "quarantine_until, '', NULL, 0, 'old', 1582000000, 'test' "
                                 "FROM residents WHERE name = '测10006'"),
                     0);
    assert_int_equal(
        db_query_int64(db, "SELECT count(*) FROM quarantines WHERE state = 0", 0, NULL, &n),
        DB_ROW);
    assert_int_equal(n, 2);
}

static char *dump(struct db *db, const char *sql)
{
    return rows_dump(db, sql);
}

/* What a case opening writes, ids replaced by what they stand for. Two
 * distributed tables are joined on their district too, as Citus requires
 * (here each row lies in its resident's district). */
static const char *const tables[] = {
    "SELECT r.doc_no, r.committee, r.grid, r.district, r.quarantine, r.quarantine_from, "
    "r.quarantine_until, r.health, r.colour, r.next_change, r.updated_at, r.version "
    "FROM residents r ORDER BY r.doc_no",
    "SELECT r.doc_no, f.version, f.kind, f.value, f.effective, f.recorded_at, f.recorded_by, "
    "f.source, f.colour, f.district FROM fact_history f JOIN residents r ON r.id = f.resident "
    "AND r.district = f.district ORDER BY r.doc_no, f.version",
    "SELECT r.doc_no, h.room, q.unit, q.committee, q.district, q.kind, q.day_from, q.day_until, "
    "q.facility, a.name, q.state, q.closed_day, q.created_at, q.created_by FROM quarantines q "
    "JOIN residents r ON r.id = q.resident LEFT JOIN households h ON h.id = q.household "
    "LEFT JOIN accounts a ON a.id = q.follower ORDER BY r.doc_no, q.day_from",
    "SELECT r.doc_no, t.kind, t.title, t.place, h.room, c.name, t.grid, t.committee, t.street, "
    "t.district, t.org, a.name, t.state, t.urgent, t.day, t.deadline, t.escalated, t.note, "
    "t.created_at, t.created_by, t.updated_at FROM tasks t LEFT JOIN quarantines q ON q.id = "
    "t.quarantine LEFT JOIN residents r ON r.id = q.resident LEFT JOIN households h ON h.id = "
    "t.household LEFT JOIN compounds c ON c.id = t.compound LEFT JOIN accounts a ON a.id = "
    "t.assignee ORDER BY r.doc_no, t.kind",
    "SELECT r.doc_no, e.seq, e.at, e.kind, e.unit, e.recorded_by, e.detail, e.district FROM "
    "task_events e JOIN tasks t ON t.id = e.task LEFT JOIN quarantines q ON q.id = t.quarantine "
    "LEFT JOIN residents r ON r.id = q.resident AND r.district = e.district "
    "ORDER BY r.doc_no, e.seq",
    "SELECT r.doc_no, a.at, a.account, a.account_name, a.action, a.unit, a.address, a.detail, "
    "a.district FROM audit a LEFT JOIN residents r ON r.id = a.resident "
    "AND r.district = a.district "
    "ORDER BY r.doc_no, a.action, a.detail, a.at",
    "SELECT unit, colour, n FROM colour_counts ORDER BY unit, colour",
    "SELECT count(*) FROM quarantine_events",
};

/* How many rows each table has (a write to a table not listed above). */
static char *row_counts(struct db *db)
{
    const char *list = db_kind(db) == DB_SQLITE
                           ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                             "LIKE 'sqlite_%' ORDER BY name"
                           : "SELECT table_name FROM information_schema.tables WHERE "
                             "table_schema = 'public' ORDER BY table_name";
    char *names = dump(db, list), *out = NULL, *save = NULL;
    size_t len = 0;

    for (char *t = strtok_r(names, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
        char sql[160], row[200];
        int64_t n = -1;
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", t);
        assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
        snprintf(row, sizeof row, "%s %lld\n", t, (long long)n);
        assert_non_null(out = realloc(out, len + strlen(row) + 1));
        memcpy(out + len, row, strlen(row) + 1);
        len += strlen(row);
    }
    free(names);
    return out;
}

static void same_rows(struct db *a, struct db *b)
{
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char *x = dump(a, tables[i]), *y = dump(b, tables[i]);
        if (strcmp(x, y) != 0)
            fail_msg("differ: %s\n--- set-wise\n%.2000s\n--- one by one\n%.2000s", tables[i], x, y);
        free(x);
        free(y);
    }
    char *x = row_counts(a), *y = row_counts(b);
    assert_string_equal(x, y);
    free(x);
    free(y);
}

static int64_t count(struct db *db, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
    return n;
}

static void set_wise_writes_what_one_by_one_writes(void **state)
{
    struct import_opts o = {0, NULL, 0, "test", NULL, 0, NULL};
    struct import_report rs, ro;
    char ps[512], po[512];
    struct db *sw, *ob;
    (void)state;

    open_world(ps, sizeof ps, "cases_setwise", &sw);
    open_world(po, sizeof po, "cases_onebyone", &ob);
    make_sheet(sw);
    before(sw);
    before(ob);
    if (import_residents(sw, NULL, sheet, sheet_len, &o, &rs, &ae) != 0)
        fail_msg("set-wise: %s", ae.message);
    o.cases_later = IMPORT_CASES_ONE_BY_ONE;
    if (import_residents(ob, NULL, sheet, sheet_len, &o, &ro, &ae) != 0)
        fail_msg("one by one: %s", ae.message);
    assert_int_equal(rs.rejected + ro.rejected, 0);
    assert_int_equal(rs.cases, ro.cases);
    assert_true(rs.cases > 50);
    import_report_cleanup(&rs);
    import_report_cleanup(&ro);
    same_rows(sw, ob);
    /* The rules the sheet was made for, seen on one side. */
    assert_true(count(sw, "SELECT count(*) FROM tasks") > 20);
    assert_int_equal(count(sw,
                           "SELECT count(*) FROM tasks t JOIN households h ON h.id = "
                           "t.household WHERE h.room = '101' AND t.committee = 310105002002 "
                           "AND t.compound IN (SELECT id FROM compounds WHERE name = '岐山村')"),
                     1);
    assert_int_equal(count(sw, "SELECT count(*) FROM quarantines q JOIN residents r ON r.id = "
                               "q.resident WHERE r.name = '测10006' AND q.state = 1"),
                     1);
    assert_int_equal(count(sw, "SELECT count(*) FROM quarantines q JOIN residents r ON r.id = "
                               "q.resident WHERE r.name = '测10005'"),
                     1);
    assert_int_equal(count(sw, "SELECT count(*) FROM quarantines q JOIN accounts a ON a.id = "
                               "q.follower WHERE a.name = 'g1'"),
                     3);
    db_close(sw);
    db_close(ob);
    testutil_db_remove(ps);
    testutil_db_remove(po);
}

/* A caller of one committee importing a row of another (its case is out of
 * scope): nothing is opened, and both paths say so alike. */
static void a_refused_case_fails_alike(void **state)
{
    struct import_opts o = {0, NULL, 0, "test", NULL, 0, NULL};
    struct import_report rep;
    struct app_error es, eo;
    struct caller c;
    char ps[512], po[512], row[512], id[19];
    struct db *sw, *ob;
    (void)state;

    open_world(ps, sizeof ps, "refused_setwise", &sw);
    open_world(po, sizeof po, "refused_onebyone", &ob);
    memset(&c, 0, sizeof c);
    c.account = count(sw, "SELECT id FROM accounts WHERE name = 'qishan'");
    snprintf(c.name, sizeof c.name, "qishan");
    c.role = ROLE_COMMITTEE;
    c.unit = QISHAN;
    o.caller = &c;
    free(sheet);
    sheet = NULL;
    sheet_len = 0;
    add("小区,楼号,单元,室号,姓名,身份证号,手机号,在沪情况,返沪日期,来源地,隔离情况,"
        "隔离开始日期,隔离结束日期,健康状况,居委会代码,网格\r\n");
    add_row("20001", "201", "居家隔离", "2020-03-08", "2020-03-21", "岐山第二网格");
    rows_id_of("31010519800120002", id);
    snprintf(row, sizeof row,
             "愚园,1号,1,301,外人,%s,,一直在沪,,,集中隔离,2020-03-08,2020-03-21,正常,"
             "310105001001,\r\n",
             id);
    add(row);
    assert_true(import_residents(sw, NULL, sheet, sheet_len, &o, &rep, &es) < 0);
    import_report_cleanup(&rep);
    o.cases_later = IMPORT_CASES_ONE_BY_ONE;
    assert_true(import_residents(ob, NULL, sheet, sheet_len, &o, &rep, &eo) < 0);
    import_report_cleanup(&rep);
    assert_string_equal(es.code, eo.code);
    assert_non_null(strstr(es.message, "line 3: "));
    /* "no resident N": the ids agree, both databases being alike */
    assert_string_equal(es.message, eo.message);
    assert_int_equal(count(sw, "SELECT count(*) FROM quarantines"), 0);
    same_rows(sw, ob);
    db_close(sw);
    db_close(ob);
    testutil_db_remove(ps);
    testutil_db_remove(po);
}

/* An account imports (not the command line): it follows the cases of a
 * grid without a person, and its name and account are in the audit. */
static void an_account_imports_alike(void **state)
{
    struct import_opts o = {0, NULL, 0, "test", NULL, 0, NULL};
    struct import_report rs, ro;
    struct caller c;
    char ps[512], po[512];
    struct db *sw, *ob;
    (void)state;

    open_world(ps, sizeof ps, "account_setwise", &sw);
    open_world(po, sizeof po, "account_onebyone", &ob);
    memset(&c, 0, sizeof c);
    c.account = count(sw, "SELECT id FROM accounts WHERE name = 'qishan'");
    assert_int_equal(c.account, count(ob, "SELECT id FROM accounts WHERE name = 'qishan'"));
    snprintf(c.name, sizeof c.name, "qishan");
    snprintf(c.address, sizeof c.address, "192.0.2.7");
    c.role = ROLE_COMMITTEE;
    c.unit = QISHAN;
    o.caller = &c;
    free(sheet);
    sheet = NULL;
    sheet_len = 0;
    add("小区,楼号,单元,室号,姓名,身份证号,手机号,在沪情况,返沪日期,来源地,隔离情况,"
        "隔离开始日期,隔离结束日期,健康状况,居委会代码,网格\r\n");
    add_row("30001", "301", "居家隔离", "2020-03-08", "2020-03-21", "岐山第二网格");
    add_row("30002", "302", "居家隔离", "2020-03-08", "2020-03-21", "岐山第一网格");
    add_row("30003", "303", "集中隔离", "2020-03-09", "2020-03-22", "");
    if (import_residents(sw, NULL, sheet, sheet_len, &o, &rs, &ae) != 0)
        fail_msg("set-wise: %s", ae.message);
    o.cases_later = IMPORT_CASES_ONE_BY_ONE;
    if (import_residents(ob, NULL, sheet, sheet_len, &o, &ro, &ae) != 0)
        fail_msg("one by one: %s", ae.message);
    assert_int_equal(rs.cases, 3);
    assert_int_equal(ro.cases, 3);
    import_report_cleanup(&rs);
    import_report_cleanup(&ro);
    same_rows(sw, ob);
    assert_int_equal(count(sw, "SELECT count(*) FROM quarantines q JOIN accounts a ON a.id = "
                               "q.follower WHERE a.name = 'qishan'"),
                     2);
    assert_int_equal(count(sw, "SELECT count(*) FROM audit WHERE action = 'facts' AND "
                               "account_name = 'qishan' AND address = '192.0.2.7'"),
                     3);
    db_close(sw);
    db_close(ob);
    testutil_db_remove(ps);
    testutil_db_remove(po);
}

static int setup(void **state)
{
    (void)state;
    setenv("CORDON_TODAY", "2020-03-09", 1);
    setenv("CORDON_NOW", "2020-03-09T10:00", 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(sheet);
    unsetenv("CORDON_TODAY");
    unsetenv("CORDON_NOW");
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_wise_writes_what_one_by_one_writes),
        cmocka_unit_test(a_refused_case_fails_alike),
        cmocka_unit_test(an_account_imports_alike),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
