/*
 * Tests of the resident spreadsheet import (app/register/import.c) on real storage:
 * a good sheet in Chinese, the same sheet in GB18030 and in English, a sheet
 * with bad rows (nothing written, every bad row reported by line and column
 * with its reason), re-import updating instead of duplicating, --skip-bad
 * with a rejects file, a missing required column, and a sheet spanning two
 * committees.
 */
#include "app/units/hierarchy.h"
#include "app/register/import.h"
#include "core/colour.h"
#include "store/residents.h"

#include "testutil.h"

#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define QISHAN 310105002002LL

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char path[512];
static struct db *db;

static const char good_sheet[] =
    "\xEF\xBB\xBF小区,楼号,单元,室号,姓名,身份证号,手机号,在沪情况,返沪日期,来源地,隔离情况,"
    "隔离开始日期,隔离结束日期,健康状况\r\n"
    "岐山村,12号,1,601,张三,310105198001010013,13812345678,一直在沪,,,无,,,正常\r\n"
    "岐山村,12号,1,601,李四,310105198505050027,139 1234 5678,近期返沪,2020/3/1,湖北武汉,居家隔离,"
    "2020-03-01,,正常\r\n"
    "岐山村,12号,2,302,王五,310105199009090032,,境外返沪,2020年3月5日,意大利,,,,正常\r\n"
    "\"江苏路480弄\",3号,,201,赵六,310105197511110044,,外出未返,,,,,,正常\r\n"
    "江苏路480弄,3号,,202,钱七,420101198808080055,,一直在沪,,,,,,发热\r\n";

static int setup(void **state)
{
    char err[256];
    struct hierarchy_report rep;
    (void)state;
    setenv("CORDON_TODAY", "2020-03-09", 1);
    testutil_db_path(path, sizeof path, "import");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0)
        return -1;
    return hierarchy_init_city(db, 3101, &rep, &ae);
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    unsetenv("CORDON_TODAY");
    return 0;
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
    return n;
}

static int run(const char *data, size_t len, int64_t committee, FILE *rejects,
               struct import_report *rep, struct app_error *err)
{
    struct import_opts o = {committee, rejects, 0, "test", NULL, 0, NULL};
    return import_residents(db, NULL, data, len, &o, rep, err);
}

static void good_sheet_imports_with_the_right_colours(void **state)
{
    struct import_report rep;
    struct app_error err;
    int64_t c[COLOUR_COUNT];
    struct resident r;
    (void)state;
    assert_int_equal(run(good_sheet, sizeof good_sheet - 1, QISHAN, NULL, &rep, &err), 0);
    assert_int_equal(rep.rows, 5);
    assert_int_equal(rep.created, 5);
    assert_int_equal(rep.households, 4);
    assert_string_equal(rep.encoding, "UTF-8 with BOM");
    import_report_cleanup(&rep);
    assert_int_equal(store_counts_get(db, QISHAN, c), 0);
    /* 2020-03-09: 张三 green, 李四 orange (home quarantine until 03-14), 王五
     * yellow (abroad 03-05), 赵六 purple, 钱七 red (fever). */
    assert_int_equal(c[COLOUR_GREEN], 1);
    assert_int_equal(c[COLOUR_ORANGE], 1);
    assert_int_equal(c[COLOUR_YELLOW], 1);
    assert_int_equal(c[COLOUR_PURPLE], 1);
    assert_int_equal(c[COLOUR_RED], 1);
    assert_int_equal(store_counts_get(db, 3101, c), 0);
    assert_int_equal(c[COLOUR_RED] + c[COLOUR_ORANGE] + c[COLOUR_YELLOW] + c[COLOUR_GREEN] +
                         c[COLOUR_BLUE] + c[COLOUR_PURPLE],
                     5);
    assert_int_equal(store_resident_find_doc(db, 0, "310105198505050027", &r), 0);
    assert_string_equal(r.phone, "13912345678");
    assert_int_equal(r.facts.quarantine_until, r.facts.quarantine_from + 13);
    assert_int_equal(r.sex, 2);
    assert_int_equal(count("SELECT count(*) FROM compounds"), 2);
}

static void reimport_updates_and_never_duplicates(void **state)
{
    struct import_report rep;
    struct app_error err;
    struct resident r;
    static const char sheet[] = "姓名,身份证号,健康状况\n张三,310105198001010013,发热\n";
    (void)state;
    assert_int_equal(run(sheet, sizeof sheet - 1, QISHAN, NULL, &rep, &err), 0);
    assert_int_equal(rep.created, 0);
    assert_int_equal(rep.updated, 1);
    import_report_cleanup(&rep);
    assert_int_equal(count("SELECT count(*) FROM residents"), 5);
    assert_int_equal(store_resident_find_doc(db, 0, "310105198001010013", &r), 0);
    assert_int_equal(r.colour, COLOUR_RED);
    /* The sheet had no address columns: the household is kept. */
    assert_true(r.household != 0);
}

static void bad_rows_write_nothing_and_are_each_reported(void **state)
{
    static const char sheet[] =
        "小区,楼号,室号,姓名,身份证号,在沪情况,返沪日期,健康状况\n"
        "岐山村,12号,701,甲,310105198001010014,一直在沪,,正常\n" /* line 2: bad check digit */
        "岐山村,12号,702,乙,310105196203030072,近期返沪,2020-02-30,正常\n" /* 3: no such date */
        "岐山村,12号,703,丙,310105200002290061,回老家,,正常\n"             /* 4: unknown value */
        "岐山村,12号,704,,310105196203030072,一直在沪,,正常\n"    /* 5: no name, duplicate of 3 */
        "岐山村,12号,705,丁,310105200002290061,一直在沪,,头疼\n"; /* 6: dup of 4, unknown health */
    struct import_report rep;
    struct app_error err;
    int64_t before = count("SELECT count(*) FROM residents");
    int64_t hist = count("SELECT count(*) FROM fact_history");
    int found[8] = {0};
    (void)state;
    assert_int_equal(run(sheet, sizeof sheet - 1, QISHAN, NULL, &rep, &err), 1);
    assert_int_equal(rep.rows, 5);
    assert_int_equal(rep.rejected, 5);
    for (size_t i = 0; i < rep.nerrors; i++) {
        const struct import_error *e = &rep.errors[i];
        if (e->line == 2 && e->column == 5 && strcmp(e->code, "bad_check_digit") == 0 &&
            strstr(e->message, "expected 3"))
            found[0] = 1;
        if (e->line == 3 && e->column == 7 && strcmp(e->code, "no_such_date") == 0)
            found[1] = 1;
        if (e->line == 4 && e->column == 6 && strcmp(e->code, "unknown_value") == 0 &&
            strstr(e->message, "回老家"))
            found[2] = 1;
        if (e->line == 5 && e->column == 4 && strcmp(e->code, "missing") == 0)
            found[3] = 1;
        if (e->line == 5 && e->column == 5 && strcmp(e->code, "duplicate") == 0 &&
            strstr(e->message, "line 3"))
            found[4] = 1;
        if (e->line == 6 && e->column == 8 && strcmp(e->header, "健康状况") == 0)
            found[5] = 1;
        if (e->line == 6 && e->column == 5 && strstr(e->message, "line 4"))
            found[6] = 1;
    }
    for (int i = 0; i < 7; i++)
        if (!found[i])
            fail_msg("expected error %d not reported", i);
    import_report_cleanup(&rep);
    assert_int_equal(count("SELECT count(*) FROM residents"), before);
    assert_int_equal(count("SELECT count(*) FROM fact_history"), hist);
    assert_int_equal(count("SELECT count(*) FROM households WHERE room LIKE '70%'"), 0);
}

static void skip_bad_writes_good_rows_and_rejects(void **state)
{
    static const char sheet[] = "姓名,身份证号,手机号\n"
                                "好人,310105196203030072,13800000000\n"
                                "坏人,310105196203030073,13800000000\n"
                                "号码坏,310105200002290061,12345\n";
    struct import_report rep;
    struct app_error err;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    int64_t before = count("SELECT count(*) FROM residents");
    (void)state;
    assert_non_null(f);
    assert_int_equal(run(sheet, sizeof sheet - 1, QISHAN, f, &rep, &err), 0);
    fclose(f);
    assert_int_equal(rep.created, 1);
    assert_int_equal(rep.rejected, 2);
    import_report_cleanup(&rep);
    assert_int_equal(count("SELECT count(*) FROM residents"), before + 1);
    assert_non_null(strstr(out, "错误原因"));
    assert_non_null(strstr(out, "坏人,310105196203030073"));
    assert_non_null(strstr(out, "号码坏"));
    assert_null(strstr(out, "好人"));
    free(out);
}

static void english_headers_and_values(void **state)
{
    static const char sheet[] =
        "Name,ID_Number,Presence,Arrived_On,Origin,Quarantine,Quarantine_From,Health,Compound,"
        "Building,Room\n"
        "Li Lei,310105199009090032,abroad,2020-03-08,Italy,central,2020-03-08,normal,Qishan,"
        "12,603\n";
    struct import_report rep;
    struct app_error err;
    struct resident r;
    (void)state;
    assert_int_equal(run(sheet, sizeof sheet - 1, QISHAN, NULL, &rep, &err), 0);
    import_report_cleanup(&rep);
    assert_int_equal(store_resident_find_doc(db, 0, "310105199009090032", &r), 0);
    assert_string_equal(r.name, "Li Lei");
    assert_int_equal(r.facts.quarantine, QUARANTINE_CENTRAL);
    assert_true(r.facts.arrival_abroad);
    assert_int_equal(r.colour, COLOUR_ORANGE);
}

static void gb18030_imports_like_utf8(void **state)
{
    static const char utf8[] = "姓名,身份证号,在沪情况\n欧阳娜娜,310105197511110044,外出未返\n";
    char gb[256], *in = (char *)utf8, *out = gb;
    struct app_error err;
    size_t inl = sizeof utf8 - 1, outl = sizeof gb;
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    struct import_report rep;
    struct resident r;
    (void)state;
    assert_true(cd != (iconv_t)-1);
    assert_true(iconv(cd, &in, &inl, &out, &outl) != (size_t)-1);
    iconv_close(cd);
    assert_int_equal(run(gb, sizeof gb - outl, QISHAN, NULL, &rep, &err), 0);
    assert_string_equal(rep.encoding, "GB18030");
    import_report_cleanup(&rep);
    assert_int_equal(store_resident_find_doc(db, 0, "310105197511110044", &r), 0);
    assert_string_equal(r.name, "欧阳娜娜");
    assert_int_equal(r.colour, COLOUR_PURPLE);
}

static void missing_required_column_is_one_error(void **state)
{
    static const char sheet[] = "姓名,手机号\n张三,13812345678\n";
    struct import_report rep;
    struct app_error err;
    (void)state;
    assert_true(run(sheet, sizeof sheet - 1, QISHAN, NULL, &rep, &err) < 0);
    assert_non_null(strstr(err.message, "身份证号"));
    assert_non_null(strstr(err.message, "line 1"));
    import_report_cleanup(&rep);
}

static void sheet_spanning_committees(void **state)
{
    static const char sheet[] = "居委会代码,姓名,护照号,证件类型\n"
                                "310105002003,Anna,E12345678,护照\n"
                                "310105002999,Bob,E23456789,护照\n";
    static const char sheet2[] = "居委会代码,姓名,证件号码,证件类型\n"
                                 "310105002003,Anna,E12345678,护照\n"
                                 "310112001001,Carl,E34567890,passport\n";
    /* Not an ID card: remembered by its text, duplicates found the same. */
    static const char sheet3[] = "居委会代码,姓名,证件号码,证件类型\n"
                                 "310105002003,Dora,E45678901,护照\n"
                                 "310105002003,Dora,E45678901,护照\n";
    struct import_report rep;
    struct app_error err;
    struct resident r;
    (void)state;
    /* 护照号 is not a known header: no document column at all. */
    assert_true(run(sheet, sizeof sheet - 1, 0, NULL, &rep, &err) < 0);
    import_report_cleanup(&rep);
    assert_int_equal(run(sheet2, sizeof sheet2 - 1, 0, NULL, &rep, &err), 0);
    assert_int_equal(rep.created, 2);
    import_report_cleanup(&rep);
    assert_int_equal(store_resident_find_doc(db, 1, "E34567890", &r), 0);
    assert_int_equal(r.committee, 310112001001LL);
    /* Into one committee, a row naming another is refused. */
    assert_int_equal(run(sheet2, sizeof sheet2 - 1, QISHAN, NULL, &rep, &err), 1);
    assert_string_equal(rep.errors[0].code, "other_committee");
    import_report_cleanup(&rep);
    assert_int_equal(run(sheet3, sizeof sheet3 - 1, 0, NULL, &rep, &err), 1);
    assert_int_equal(rep.nerrors, 1);
    assert_string_equal(rep.errors[0].code, "duplicate");
    assert_non_null(strstr(rep.errors[0].message, "line 2"));
    import_report_cleanup(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_sheet_imports_with_the_right_colours),
        cmocka_unit_test(reimport_updates_and_never_duplicates),
        cmocka_unit_test(bad_rows_write_nothing_and_are_each_reported),
        cmocka_unit_test(skip_bad_writes_good_rows_and_rejects),
        cmocka_unit_test(english_headers_and_values),
        cmocka_unit_test(gb18030_imports_like_utf8),
        cmocka_unit_test(missing_required_column_is_one_error),
        cmocka_unit_test(sheet_spanning_committees),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
