/*
 * Unit tests for render/xlsx_table. The written files are opened with a zip
 * reader independent of libxlsxwriter (python3's zipfile, else unzip) and
 * their XML searched for the text, fills and sheet settings; without either
 * tool the content checks are skipped, the API checks still run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/xlsx_table.h"

/* Private directory for the files written, under $TMPDIR. */
static char dir[512];

/* How to print a zip member on stdout: a command with two %s (zip, member). */
static const char *unzip_cmd;

static int setup(void **state)
{
    const char *tmp = getenv("TMPDIR");
    (void)state;

    snprintf(dir, sizeof(dir), "%s/test_xlsx_table-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL)
        return -1;
    if (system("python3 -c 'import zipfile' >/dev/null 2>&1") == 0)
        unzip_cmd = "python3 -c 'import sys, zipfile; "
                    "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "
                    "'%s' '%s' 2>/dev/null";
    else if (system("unzip -v >/dev/null 2>&1") == 0)
        unzip_cmd = "unzip -p '%s' '%s' 2>/dev/null";
    return 0;
}

static int teardown(void **state)
{
    char cmd[600];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void path_in_dir(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

/* One member of the zip at path, NUL-terminated, caller frees; fails the
 * test when no zip reader is installed (never a silent skip). */
static char *zip_member(const char *path, const char *member)
{
    char cmd[1024], *buf = NULL;
    size_t len = 0, n;
    FILE *p;

    if (unzip_cmd == NULL)
        fail_msg("no zip reader: python3 or unzip (scripts/deps test installs both)");
    snprintf(cmd, sizeof(cmd), unzip_cmd, path, member);
    p = popen(cmd, "r");
    assert_non_null(p);
    do {
        buf = realloc(buf, len + 65536 + 1);
        assert_non_null(buf);
        n = fread(buf + len, 1, 65536, p);
        len += n;
    } while (n > 0);
    buf[len] = '\0';
    if (pclose(p) != 0)
        fail_msg("cannot read %s from %s", member, path);
    return buf;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL)
        fail_msg("XML does not contain %s", needle);
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;

    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static const struct xlsx_column resident_cols[] = {
    {.header = "小区", .width = 14},
    {.header = "姓名", .width = 10},
    {.header = "身份证号", .width = 20},
    {.header = "状态"},
    {.header = "年龄", .type = XLSX_COL_NUMBER},
};

static void writes_chinese_text_and_fills(void **state)
{
    static const char *const rows[3][5] = {
        {"阳光花园", "张伟", "310101198001011234", "绿码", "35"},
        {"阳光花园, 北区", "买买提·艾力", "65010119900315201X", "红码", "7"},
        {"阳光花园", "吉田𠮷子", "310115199207070048", NULL, "不详"},
    };
    static const uint32_t fills[3][5] = {
        {0, 0, 0, XLSX_FILL(0x00B050), XLSX_FILL(0x00B050)},
        {0, 0, 0, XLSX_FILL(0xFF0000), 0},
        {XLSX_FILL(0xFFFF00), 0, 0, XLSX_FILL(0x000000), 0},
    };
    char path[256], err[XLSX_TABLE_ERR_LEN], head[4] = {0};
    struct xlsx_table *t;
    char *sheet, *styles, *book;
    FILE *f;
    (void)state;

    path_in_dir(path, sizeof(path), "residents.xlsx");
    t = xlsx_table_open(path, "居民名单", resident_cols, 5, err);
    if (t == NULL)
        fail_msg("open: %s", err);
    for (int r = 0; r < 3; r++)
        assert_int_equal(xlsx_table_row(t, rows[r], fills[r]), 0);
    assert_int_equal(xlsx_table_row(t, rows[0], NULL), 0); /* no fills at all */
    assert_int_equal(xlsx_table_rows(t), 4);
    assert_int_equal(xlsx_table_close(t, err), 0);

    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(head, 1, 4, f), 4);
    fclose(f);
    assert_memory_equal(head, "PK\x03\x04", 4);

    sheet = zip_member(path, "xl/worksheets/sheet1.xml");
    assert_contains(sheet, "<t>小区</t>");
    assert_contains(sheet, "<t>买买提·艾力</t>");
    assert_contains(sheet, "<t>吉田𠮷子</t>");
    assert_contains(sheet, "<t>阳光花园, 北区</t>");
    assert_contains(sheet, "<t>310101198001011234</t>"); /* ID numbers stay text */
    assert_contains(sheet, "<v>35</v>");                 /* numbers are numbers */
    assert_contains(sheet, "<t>不详</t>");               /* ... unless they are not */
    assert_contains(sheet, "<c r=\"D4\" s=\"");          /* empty but filled */
    assert_contains(sheet, "state=\"frozen\"");
    assert_contains(sheet, "ySplit=\"1\"");
    assert_contains(sheet, "<autoFilter ref=\"A1:E5\"/>");
    free(sheet);

    styles = zip_member(path, "xl/styles.xml");
    assert_contains(styles, "<fgColor rgb=\"FF00B050\"/>");
    assert_contains(styles, "<fgColor rgb=\"FFFF0000\"/>");
    assert_contains(styles, "<fgColor rgb=\"FFFFFF00\"/>");
    assert_contains(styles, "<fgColor rgb=\"FF000000\"/>"); /* black is a colour too */
    assert_int_equal(count_of(styles, "patternType=\"solid\""), 4);
    assert_contains(styles, "<b/>");
    assert_contains(styles, "formatCode=\"@\"");
    free(styles);

    book = zip_member(path, "xl/workbook.xml");
    assert_contains(book, "name=\"居民名单\"");
    free(book);
}

static void numbers_only_when_plainly_numbers(void **state)
{
    static const char *const values[] = {"12",   "-3.5", "1e3", "0.000125", "123456789012345",
                                         "0x10", " 12",  "12a", "inf",      "1234567890123456",
                                         "-",    "1.",   ".5",  "1e",       "nan"};
    static const int numeric[] = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0};
    const struct xlsx_column cols[] = {{.header = "n", .type = XLSX_COL_NUMBER}};
    size_t n = sizeof(values) / sizeof(values[0]);
    char path[256], err[XLSX_TABLE_ERR_LEN], needle[64];
    struct xlsx_table *t;
    char *sheet;
    (void)state;

    path_in_dir(path, sizeof(path), "numbers.xlsx");
    t = xlsx_table_open(path, "n", cols, 1, err);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(xlsx_table_row(t, &values[i], NULL), 0);
    assert_int_equal(xlsx_table_close(t, err), 0);

    sheet = zip_member(path, "xl/worksheets/sheet1.xml");
    for (size_t i = 0; i < n; i++) {
        /* Row i+2: a number cell has no t="inlineStr". */
        snprintf(needle, sizeof(needle), "<c r=\"A%zu\" t=\"inlineStr\">", i + 2);
        if ((strstr(sheet, needle) != NULL) == numeric[i])
            fail_msg("\"%s\" should be a %s cell", values[i], numeric[i] ? "number" : "text");
    }
    assert_contains(sheet, "<v>12</v>");
    assert_contains(sheet, "<v>-3.5</v>");
    assert_contains(sheet, "<v>1000</v>");
    free(sheet);
}

static void sheet_names(void **state)
{
    /* 31 Chinese characters are fine, 32 are not: the limit is characters. */
    static const char name31[] = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一";
    static const char name32[] = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二";
    const struct xlsx_column cols[] = {{.header = "a"}};
    char path[256], err[XLSX_TABLE_ERR_LEN];
    struct xlsx_table *t;
    (void)state;

    path_in_dir(path, sizeof(path), "names.xlsx");
    t = xlsx_table_open(path, name31, cols, 1, err);
    assert_non_null(t);
    assert_int_equal(xlsx_table_close(t, err), 0);

    assert_null(xlsx_table_open(path, name32, cols, 1, err));
    assert_non_null(strstr(err, "31 characters"));
    assert_int_equal(access(path, F_OK), -1); /* no file left behind */

    assert_null(xlsx_table_open(path, "2022/05", cols, 1, err));
    assert_non_null(strstr(err, "2022/05"));
    assert_null(xlsx_table_open(path, "", cols, 1, err));
    assert_non_null(strstr(err, "empty"));
}

static void unwritable_path_fails_at_open(void **state)
{
    const struct xlsx_column cols[] = {{.header = "a"}};
    char err[XLSX_TABLE_ERR_LEN];
    (void)state;

    assert_null(xlsx_table_open("/nonexistent-dir/x.xlsx", "s", cols, 1, err));
    assert_non_null(strstr(err, "/nonexistent-dir/x.xlsx"));
}

static void bad_arguments(void **state)
{
    const struct xlsx_column cols[] = {{.header = "a"}};
    const struct xlsx_column bad_type[] = {{.header = "a", .type = (enum xlsx_column_type)9}};
    char path[256], err[XLSX_TABLE_ERR_LEN];
    (void)state;

    path_in_dir(path, sizeof(path), "args.xlsx");
    assert_null(xlsx_table_open(path, "s", cols, 0, err));
    assert_null(xlsx_table_open(path, "s", NULL, 1, err));
    assert_null(xlsx_table_open(NULL, "s", cols, 1, err));
    assert_null(xlsx_table_open(path, "s", cols, XLSX_TABLE_MAX_COLS + 1, NULL));
    assert_null(xlsx_table_open(path, "s", bad_type, 1, err));
    assert_non_null(strstr(err, "column 1"));
    assert_int_equal(xlsx_table_row(NULL, NULL, NULL), XLSX_TABLE_E_ARG);
    assert_int_equal(xlsx_table_rows(NULL), 0);
    assert_int_equal(xlsx_table_close(NULL, err), 0);
    xlsx_table_discard(NULL);
}

static void too_long_cell_fails_the_table(void **state)
{
    const struct xlsx_column cols[] = {{.header = "a"}, {.header = "b"}};
    char path[256], err[XLSX_TABLE_ERR_LEN];
    char *big = malloc(32769);
    const char *row[2] = {"ok", big};
    struct xlsx_table *t;
    (void)state;

    assert_non_null(big);
    memset(big, 'x', 32768);
    big[32768] = '\0';
    path_in_dir(path, sizeof(path), "long.xlsx");
    t = xlsx_table_open(path, "s", cols, 2, err);
    assert_non_null(t);
    assert_int_equal(xlsx_table_row(t, (const char *const *)row, NULL), XLSX_TABLE_E_CELL);
    assert_int_equal(xlsx_table_row(t, (const char *const *)row, NULL), XLSX_TABLE_E_FAILED);
    assert_int_equal(xlsx_table_close(t, err), XLSX_TABLE_E_CELL);
    assert_non_null(strstr(err, "cell B2"));
    assert_int_equal(access(path, F_OK), -1);
    free(big);
}

static void too_many_colours(void **state)
{
    const struct xlsx_column cols[] = {{.header = "a"}, {.header = "n", .type = XLSX_COL_NUMBER}};
    const char *row[2] = {"x", "1"};
    char path[256], err[XLSX_TABLE_ERR_LEN];
    uint32_t fills[2];
    struct xlsx_table *t;
    (void)state;

    path_in_dir(path, sizeof(path), "colours.xlsx");
    t = xlsx_table_open(path, "s", cols, 2, err);
    assert_non_null(t);
    /* The same colour in a text and a number column is still one colour. */
    for (uint32_t i = 0; i < XLSX_TABLE_MAX_FILLS; i++) {
        fills[0] = fills[1] = XLSX_FILL(i * 0x010203);
        assert_int_equal(xlsx_table_row(t, row, fills), 0);
        assert_int_equal(xlsx_table_row(t, row, fills), 0);
    }
    fills[0] = fills[1] = XLSX_FILL(0xFFFFFF);
    assert_int_equal(xlsx_table_row(t, row, fills), XLSX_TABLE_E_FILLS);
    assert_int_equal(xlsx_table_close(t, err), XLSX_TABLE_E_FILLS);
    assert_non_null(strstr(err, "fill colours"));
}

static void discard_removes_the_file(void **state)
{
    const struct xlsx_column cols[] = {{.header = "a"}};
    const char *row[1] = {"x"};
    char path[256], err[XLSX_TABLE_ERR_LEN];
    struct xlsx_table *t;
    (void)state;

    path_in_dir(path, sizeof(path), "discard.xlsx");
    t = xlsx_table_open(path, "s", cols, 1, err);
    assert_non_null(t);
    assert_int_equal(access(path, F_OK), 0); /* created at open */
    assert_int_equal(xlsx_table_row(t, row, NULL), 0);
    xlsx_table_discard(t);
    assert_int_equal(access(path, F_OK), -1);
}

static void strerror_texts(void **state)
{
    (void)state;
    assert_string_equal(xlsx_table_strerror(0), "success");
    assert_string_equal(xlsx_table_strerror(XLSX_TABLE_E_SHEET), "invalid sheet name");
    assert_string_equal(xlsx_table_strerror(XLSX_TABLE_E_FAILED), "the table failed earlier");
    assert_string_equal(xlsx_table_strerror(-99), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_chinese_text_and_fills),
        cmocka_unit_test(numbers_only_when_plainly_numbers),
        cmocka_unit_test(sheet_names),
        cmocka_unit_test(unwritable_path_fails_at_open),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(too_long_cell_fails_the_table),
        cmocka_unit_test(too_many_colours),
        cmocka_unit_test(discard_removes_the_file),
        cmocka_unit_test(strerror_texts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
