/*
 * Unit tests for util/xlsxread and util/tableread: workbooks built here from
 * hand-written XML (zipped with libzip), so each quirk of the format is one
 * small sheet: numbers, dates in both date systems, shared strings with
 * phonetic runs, inline strings, sparse and unlabelled cells, namespace
 * prefixes, blank and trailing rows, the header search and the sheet choice,
 * and broken input. The end-to-end tests with openpyxl's workbooks are in
 * tests/api/test_import_xlsx.py.
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
#include <zip.h>

#include "core/idcard.h"
#include "util/rowpipe.h"
#include "util/tableread.h"
#include "util/xlsxread.h"

#include "../fuzz/xlsx_diff.h"

#include <dirent.h>

#define MAX_ROWS 8

struct got {
    size_t n, line[MAX_ROWS], index[MAX_ROWS];
    char text[MAX_ROWS][256]; /* fields joined by '|' */
    size_t stop_at;           /* return 7 at this row (1-based) */
};

static int on_row(void *arg, const struct csvread_row *r)
{
    struct got *g = arg;
    size_t used = 0;

    if (g->n < MAX_ROWS) {
        g->line[g->n] = r->line;
        g->index[g->n] = r->index;
        g->text[g->n][0] = '\0';
        for (size_t i = 0; i < r->nfields; i++)
            used += (size_t)snprintf(g->text[g->n] + used, sizeof g->text[0] - used, "%s%s",
                                     i ? "|" : "", r->fields[i]);
    }
    g->n++;
    return g->stop_at && g->n == g->stop_at ? 7 : 0;
}

static const char *WB_HEAD = "<?xml version=\"1.0\"?><workbook "
                             "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                             "relationships\">";

/* A workbook of n sheets (names[i], sheets[i] = the sheetData contents),
 * with optional shared strings and styles, written to a temporary file;
 * returns its path (static buffer). date1904 sets the workbookPr flag. */
static const char *build(size_t n, const char *const *names, const char *const *sheets,
                         const char *sst, const char *styles, int date1904)
{
    static char path[64];
    static char wb[4096], rels[4096], xml[8][8192];
    size_t w = 0, r = 0;
    zip_t *z;
    int fd, err;

    snprintf(path, sizeof path, "/tmp/test_xlsxread_XXXXXX");
    assert_true((fd = mkstemp(path)) >= 0);
    close(fd);
    assert_non_null(z = zip_open(path, ZIP_TRUNCATE, &err));
    w += (size_t)snprintf(wb + w, sizeof wb - w, "%s<workbookPr date1904=\"%d\"/><sheets>", WB_HEAD,
                          date1904);
    r += (size_t)snprintf(rels + r, sizeof rels - r, "<Relationships>");
    for (size_t i = 0; i < n; i++) {
        char name[64];
        w += (size_t)snprintf(wb + w, sizeof wb - w,
                              "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", names[i],
                              i + 1, i + 1);
        r += (size_t)snprintf(rels + r, sizeof rels - r,
                              "<Relationship Id=\"rId%zu\" Type=\"x/worksheet\" "
                              "Target=\"worksheets/sheet%zu.xml\"/>",
                              i + 1, i + 1);
        snprintf(xml[i], sizeof xml[i], "<worksheet><sheetData>%s</sheetData></worksheet>",
                 sheets[i]);
        snprintf(name, sizeof name, "xl/worksheets/sheet%zu.xml", i + 1);
        assert_true(zip_file_add(z, name, zip_source_buffer(z, xml[i], strlen(xml[i]), 0),
                                 ZIP_FL_ENC_UTF_8) >= 0);
    }
    snprintf(wb + w, sizeof wb - w, "</sheets></workbook>");
    snprintf(rels + r, sizeof rels - r, "</Relationships>");
    assert_true(zip_file_add(z, "xl/workbook.xml", zip_source_buffer(z, wb, strlen(wb), 0), 0) >=
                0);
    assert_true(zip_file_add(z, "xl/_rels/workbook.xml.rels",
                             zip_source_buffer(z, rels, strlen(rels), 0), 0) >= 0);
    if (sst)
        assert_true(zip_file_add(z, "xl/sharedStrings.xml",
                                 zip_source_buffer(z, sst, strlen(sst), 0), 0) >= 0);
    if (styles)
        assert_true(zip_file_add(z, "xl/styles.xml",
                                 zip_source_buffer(z, styles, strlen(styles), 0), 0) >= 0);
    assert_int_equal(zip_close(z), 0);
    return path;
}

static const char *build1(const char *sheet)
{
    const char *names[] = {"S"}, *sheets[] = {sheet};
    return build(1, names, sheets, NULL, NULL, 0);
}

/* Reads path through tableread (no header search) into g; the rc. */
static int read_path(const char *path, const struct tableread_opts *o, struct got *g,
                     struct tableread_info *info, char *err)
{
    int rc = tableread_file(path, o, on_row, g, info, err);
    struct xlsx *x;
    char xerr[CSVREAD_ERR_LEN];

    /* Every workbook of these tests read by expat too: the same rows. */
    if (xlsx_open_file(path, &x, xerr) == 0) {
        for (size_t i = 0; i < xlsx_sheet_count(x); i++)
            assert_true(xdiff_check(x, i, NULL, 0, 0) >= 0);
        xlsx_close(x);
    }
    unlink(path);
    return rc;
}

static void numbers_are_written_as_people_read_them(void **state)
{
    static const struct {
        double v;
        int date_system;
        const char *want;
    } cases[] = {
        {13800138000.0, 0, "13800138000"}, /* a phone, never 1.38E+10 */
        {330106199001011234.0, 0, "3.30106E+17"},
        {1e15, 0, "1E+15"},
        {999999999999999.0, 0, "999999999999999"},
        {1500.4, 0, "1500.4"},
        {-3, 0, "-3"},
        {43891, 1900, "2020-03-01"}, /* Excel's serial */
        {42429, 1904, "2020-03-01"}, /* the same day, Mac epoch */
        {59, 1900, "1900-02-28"},
        {61, 1900, "1900-03-01"}, /* after Excel's phantom 1900-02-29 */
        {43891.5, 1900, "2020-03-01 12:00:00"},
    };
    char b[64];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xlsx_format_number(cases[i].v, cases[i].date_system, b, sizeof b);
        assert_string_equal(b, cases[i].want);
    }
}

static void cells_of_every_kind(void **state)
{
    const char *names[] = {"登记表"};
    const char *sheets[] = {
        "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>0</v></c><c r=\"C3\" t=\"s\"><v>1</v></c></row>"
        "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><r><t>张</t></r><r><t>三</t></r></is></c>"
        "<c r=\"B4\"><v>13812345678</v></c><c r=\"C4\" s=\"1\"><v>43891</v></c>"
        "<c r=\"D4\" t=\"b\"><v>1</v></c><c r=\"E4\" t=\"str\"><f>A1</f><v>公式</v></c>"
        "<c r=\"F4\" s=\"2\"><v>43892</v></c><c r=\"G4\" s=\"0\"/></row>"
        "<row><c><v>1</v></c><c t=\"e\"><v>#N/A</v></c></row>" /* no r attributes */
        "<row r=\"9\"><c r=\"A9\" s=\"1\"/><c r=\"B9\" t=\"s\"><v>2</v></c></row>"};
    const char *sst = "<sst><si><t>姓名</t></si><si><r><t>手机</t></r><r><t>号</t></r>"
                      "<rPh sb=\"0\" eb=\"1\"><t>ショウ</t></rPh></si><si><t></t></si></sst>";
    const char *styles =
        "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;"
        "月&quot;d&quot;日&quot;\"/></numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
        "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs>"
        "</styleSheet>";
    struct got g = {0};
    struct tableread_info info;
    char err[CSVREAD_ERR_LEN];

    (void)state;
    assert_int_equal(read_path(build(1, names, sheets, sst, styles, 0), NULL, &g, &info, err), 0);
    assert_int_equal(info.format, TABLEREAD_XLSX);
    assert_string_equal(tableread_format_name(&info), "xlsx");
    assert_string_equal(info.sheet, "登记表");
    assert_int_equal(g.n, 3); /* row 9 is blank: empty string, styled cell */
    assert_int_equal(info.records, 3);
    assert_string_equal(g.text[0], "姓名||手机号");
    assert_int_equal(g.line[0], 3);
    assert_string_equal(g.text[1], "张三|13812345678|2020-03-01|TRUE|公式|2020-03-02");
    assert_int_equal(g.line[1], 4);
    assert_int_equal(g.index[1], 1);
    assert_string_equal(g.text[2], "1|#N/A");
    assert_int_equal(g.line[2], 5);
}

static void date_system_1904(void **state)
{
    const char *names[] = {"S"}, *sheets[] = {"<row r=\"1\"><c r=\"A1\" s=\"1\"><v>42429</v></c>"
                                              "<c r=\"B1\"><v>42429</v></c></row>"};
    const char *styles = "<styleSheet><cellXfs><xf/><xf numFmtId=\"22\"/></cellXfs></styleSheet>";
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];

    (void)state;
    assert_int_equal(read_path(build(1, names, sheets, NULL, styles, 1), NULL, &g, NULL, err), 0);
    assert_string_equal(g.text[0], "2020-03-01|42429");
}

static void namespace_prefixes(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];

    (void)state;
    assert_int_equal(read_path(build1("<x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\"><x:is><x:t>"
                                      "甲</x:t></x:is></x:c></x:row>"),
                               NULL, &g, NULL, err),
                     0);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.text[0], "|甲");
    assert_int_equal(g.line[0], 2);
}

static int known(const char *s)
{
    return strcmp(s, "姓名") == 0 || strcmp(s, "手机号") == 0 || strcmp(s, "身份证号") == 0;
}

#define IS(s) "<c t=\"inlineStr\"><is><t>" s "</t></is></c>"

static void header_found_below_the_title_in_the_first_sheet_that_has_it(void **state)
{
    const char *names[] = {"说明", "表"};
    const char *sheets[] = {
        "<row r=\"1\">" IS("请填写下一张表") "</row>",
        "<row r=\"1\">" IS("岐山居委会居民情况登记表") "</row><row r=\"2\">" IS("填表日期")
            IS("2020") "</row>"
                       "<row r=\"4\">" IS(" 姓名 ") IS("手机号")
                           IS("备注") "</row><row r=\"5\">" IS(
                               "\xE3\x80\x80张三\xC2\xA0") "<c><v>13800138000</v></c></row>"};
    struct tableread_opts o = {NULL, known};
    struct tableread_info info;
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];

    (void)state;
    assert_int_equal(read_path(build(2, names, sheets, NULL, NULL, 0), &o, &g, &info, err), 0);
    assert_string_equal(info.sheet, "表");
    assert_int_equal(g.n, 2);
    assert_string_equal(g.text[0], "姓名|手机号|备注"); /* trimmed */
    assert_int_equal(g.line[0], 4);
    assert_int_equal(g.index[0], 0);
    assert_string_equal(g.text[1], "张三|13800138000"); /* U+3000 and U+00A0 too */
    assert_int_equal(g.line[1], 5);
}

static void named_sheet_and_no_header_anywhere(void **state)
{
    const char *names[] = {"一月", "二月"};
    const char *sheets[] = {"<row>" IS("甲") IS("乙") "</row><row>" IS("1") "</row>",
                            "<row>" IS("姓名") IS("手机号") "</row>"};
    struct tableread_opts o = {"二月", known};
    struct tableread_info info;
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    const char *path;

    (void)state;
    path = build(2, names, sheets, NULL, NULL, 0);
    assert_int_equal(tableread_file(path, &o, on_row, &g, &info, err), 0);
    assert_string_equal(info.sheet, "二月");
    assert_string_equal(g.text[0], "姓名|手机号");
    o.sheet = "三月";
    memset(&g, 0, sizeof g);
    assert_int_equal(tableread_file(path, &o, on_row, &g, &info, err), XLSXREAD_E_SHEET);
    assert_string_equal(err, "no sheet named 三月; the sheets are 一月, 二月");
    /* Only 一月 read, no header in it: its first row is given as the header
     * so the importer can say which column is missing. */
    o.sheet = "一月";
    memset(&g, 0, sizeof g);
    assert_int_equal(read_path(path, &o, &g, &info, err), 0);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.text[0], "甲|乙");
    assert_int_equal(g.index[0], 0);
}

static void callback_stop_value_is_returned(void **state)
{
    struct got g = {.stop_at = 2};
    char err[CSVREAD_ERR_LEN];

    (void)state;
    assert_int_equal(
        read_path(build1("<row>" IS("a") "</row><row>" IS("b") "</row><row>" IS("c") "</row>"),
                  NULL, &g, NULL, err),
        7);
    assert_int_equal(g.n, 2);
}

static void broken_workbooks(void **state)
{
    static const char not_zip[] = "PK\3\4 but not a zip at all";
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    FILE *f;
    size_t n;
    char *buf;
    const char *path;

    (void)state;
    assert_true(tableread_buffer(not_zip, sizeof not_zip - 1, NULL, on_row, &g, NULL, err) < 0);
    assert_true(strlen(err) > 0);
    assert_int_equal(read_path(build1("<row><c><v>1</v></row>"), NULL, &g, NULL, err),
                     XLSXREAD_E_XML);
    assert_non_null(strstr(err, "xl/worksheets/sheet1.xml: line 1"));
    /* A zip that is no workbook, read from memory. */
    path = build1("");
    {
        zip_t *z;
        int e;
        assert_non_null(z = zip_open(path, 0, &e));
        assert_int_equal(zip_delete(z, zip_name_locate(z, "xl/workbook.xml", 0)), 0);
        assert_int_equal(zip_close(z), 0);
    }
    assert_non_null(f = fopen(path, "rb"));
    assert_non_null(buf = malloc(65536));
    n = fread(buf, 1, 65536, f);
    fclose(f);
    unlink(path);
    assert_int_equal(tableread_buffer(buf, n, NULL, on_row, &g, NULL, err), XLSXREAD_E_FORMAT);
    assert_non_null(strstr(err, "no xl/workbook.xml"));
    free(buf);
    /* The old .xls signature with garbage after it. */
    assert_int_equal(tableread_buffer("\xD0\xCF\x11\xE0garbage", 11, NULL, on_row, &g, NULL, err),
                     XLSXREAD_E_FORMAT);
    assert_non_null(strstr(err, ".xls"));
}

static void csv_rows_are_trimmed_the_same(void **state)
{
    static const char csv[] = "姓名,手机号\r\n\xE3\x80\x80张三 ,\t13800138000\r\n";
    struct tableread_info info;
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];

    (void)state;
    assert_int_equal(tableread_buffer(csv, sizeof csv - 1, NULL, on_row, &g, &info, err), 0);
    assert_int_equal(info.format, TABLEREAD_CSV);
    assert_string_equal(tableread_format_name(&info), "UTF-8");
    assert_string_equal(g.text[1], "张三|13800138000");
    assert_int_equal(g.line[1], 2);
}

static void id_number_made_a_number(void **state)
{
    struct idcard ic;

    (void)state;
    assert_int_equal(idcard_parse("3.30106E+17", 11, 0, &ic), IDCARD_E_NUMBER);
    assert_int_equal(idcard_parse("3.30106e17", 10, 0, &ic), IDCARD_E_NUMBER);
    assert_string_equal(idcard_errcode(IDCARD_E_NUMBER), "id_as_number");
    assert_non_null(strstr(idcard_strerror(IDCARD_E_NUMBER), "set the column to text"));
    assert_int_equal(idcard_parse("3.30106E+", 9, 0, &ic), IDCARD_E_LENGTH);
}

/* A producer of n rows "r<i>|<i*i>", failing at row fail_at if set. */
struct numbers {
    size_t n, fail_at;
};

static int produce_numbers(void *arg, csvread_row_fn fn, void *fnarg, char *err)
{
    struct numbers *p = arg;
    char a[32], b[32];
    const char *f[2] = {a, b};
    size_t lens[2];
    int rc;

    for (size_t i = 0; i < p->n; i++) {
        if (p->fail_at && i == p->fail_at) {
            snprintf(err, CSVREAD_ERR_LEN, "broken at %zu", i);
            return -9;
        }
        lens[0] = (size_t)snprintf(a, sizeof a, "r%zu", i);
        lens[1] = (size_t)snprintf(b, sizeof b, "%zu", i * i);
        if ((rc = fn(fnarg, &(struct csvread_row){f, lens, 2, i + 3, i})))
            return rc;
    }
    return 0;
}

struct seen {
    size_t n, stop_at;
    int bad;
};

static int check_number(void *arg, const struct csvread_row *r)
{
    struct seen *s = arg;
    char a[32], b[32];

    snprintf(a, sizeof a, "r%zu", s->n);
    snprintf(b, sizeof b, "%zu", s->n * s->n);
    s->bad |= r->nfields != 2 || strcmp(r->fields[0], a) != 0 || strcmp(r->fields[1], b) != 0 ||
              r->lens[1] != strlen(b) || r->line != s->n + 3 || r->index != s->n;
    s->n++;
    return s->stop_at && s->n == s->stop_at ? 4 : 0;
}

static void row_pipe_keeps_order_stops_and_fails(void **state)
{
    struct numbers p = {5000, 0};
    struct seen s = {0};
    char err[CSVREAD_ERR_LEN] = "";

    (void)state;
    assert_int_equal(rowpipe_run(produce_numbers, &p, check_number, &s, err), 0);
    assert_int_equal(s.n, 5000);
    assert_false(s.bad);
    s = (struct seen){.stop_at = 2500};
    assert_int_equal(rowpipe_run(produce_numbers, &p, check_number, &s, err), 4);
    assert_int_equal(s.n, 2500);
    assert_false(s.bad);
    p.fail_at = 3000;
    s = (struct seen){0};
    assert_int_equal(rowpipe_run(produce_numbers, &p, check_number, &s, err), -9);
    assert_int_equal(s.n, 3000); /* the rows before the failure, then the error */
    assert_string_equal(err, "broken at 3000");
}

/* XML a sheet may hold, in every shape the scanner must read as expat
 * does, handed over in pieces of every size (a token cut anywhere). */
static void scanner_reads_what_expat_reads(void **state)
{
    static const char *const sheets[] = {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<worksheet "
        "xmlns=\"m\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a &amp; "
        "b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#20013;&#x6587; &#x1F600;</t></is></c>"
        "<c r=\"B1\"><v>13800138000</v></c></row></sheetData></worksheet>",
        "\xEF\xBB\xBF<x:worksheet xmlns:x=\"m\"><x:sheetData><x:row r='3' spans=\"1:2\">"
        "<x:c t='inlineStr' r='C3' s=\"0\"><x:is><x:t xml:space=\"preserve\">  two\r\nlines\r"
        "end </x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>",
        "<worksheet><!-- a comment <c> --><sheetData><row><c t=\"inlineStr\"><is><t><![CDATA["
        "<b>&amp;</b>\r\n]]>x</t><rPh><t>ふりがな</t></rPh></is></c><c t = \"b\" ><v>1</v></c>"
        "<c/><c t=\"str\"><v>a&#10;b&#13;c&#9;</v></c></row><?pi data?></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"2\"><c r=\"A2\" t=\"inlineStr\" a=\"x&gt;y&quot;\" "
        "b='\"q\"' c=\"tab\there\nnl\"><is><t>甲</t><r><t>乙</t></r></is></c>\n\t</row>"
        "<row r=\"4\"/><row r=\"5\"><c r=\"E5\"><v>3.30106E+17</v></c><c r=\"F5\"><v>"
        "</v></c></row></sheetData></worksheet>\n",
        "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>\xC2\x80\xE4\xB8\xAD\xF0\x9F"
        "\x98\x80\xEF\xBF\xBD</t></is></c></row></sheetData></worksheet>",
    };
    static const size_t steps[] = {0, 1, 2, 3, 5, 7, 11, 64};

    (void)state;
    for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++)
        for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++)
            assert_int_equal(xdiff_check(NULL, 0, sheets[i], strlen(sheets[i]), steps[k]), 0);
}

static int scan_sheet(const char *xml, char *err)
{
    struct got g = {0};

    return xlsx_read_sheet_xml(xml, strlen(xml), 3, XLSX_SCAN, on_row, &g, err);
}

/* What the scanner refuses, as expat does: named, never silently read. */
static void scanner_refuses_what_it_does_not_read(void **state)
{
    static const char *const bad[] = {
        "<!DOCTYPE w [<!ENTITY e \"x\">]><w><row><c t=\"str\"><v>&e;</v></c></row></w>",
        "<w><row><c t=\"str\"><v>&nbsp;</v></c></row></w>",
        "<w><row><c t=\"str\"><v>&#0;</v></c></row></w>",
        "<w><row><c t=\"str\"><v>&#xD800;</v></c></row></w>",
        "<w><row><c t=\"str\"><v>&amp</v></c></row></w>",
        "<w><row><c t=\"str\"><v>\xC3\x28</v></c></row></w>",
        "<w><row><c t=\"str\"><v>\xED\xA0\x80</v></c></row></w>",
        "<w><row><c t=\"str\"><v>a\x01b</v></c></row></w>",
        "<w><row><c r=A1><v>1</v></c></row></w>",
        "<w><row><c r=\"A1\"><v>1</v></c></row><",
        "<w><row><c r=\"A<1\"><v>1</v></c></row></w>",
    };
    char err[CSVREAD_ERR_LEN];

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(scan_sheet(bad[i], err), XLSXREAD_E_XML);
        assert_non_null(strstr(err, "line 1 (byte "));
    }
}

/* The workbooks the API tests import (written by Debian's openpyxl, and
 * the same with a shared string table), every sheet, read the same way by
 * both parsers. */
static void scanner_and_expat_agree_on_openpyxl_workbooks(void **state)
{
    static const char *const kinds[] = {"residents", "staff", "enterprises"};
    char dir[] = "/tmp/test_xlsxread_books_XXXXXX", cmd[512], path[1024];
    size_t compared = 0;
    struct dirent *d;
    DIR *dh;

    (void)state;
    assert_non_null(mkdtemp(dir));
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        /* (the enterprise sheet takes two credit codes: any text here) */
        snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/api/xlsx_make.py %s %s%s", dir, kinds[k],
                 k == 2 ? " 91310105MA1FL0000A 91310105MA1FL0000B" : "");
        assert_int_equal(system(cmd), 0);
    }
    assert_non_null(dh = opendir(dir));
    while ((d = readdir(dh))) {
        struct xlsx *x;
        char err[CSVREAD_ERR_LEN];
        size_t n = strlen(d->d_name);
        snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
        if (n > 5 && strcmp(d->d_name + n - 5, ".xlsx") == 0) {
            assert_int_equal(xlsx_open_file(path, &x, err), 0);
            for (size_t i = 0; i < xlsx_sheet_count(x); i++, compared++)
                assert_int_equal(xdiff_check(x, i, NULL, 0, 0), 0);
            xlsx_close(x);
        }
        unlink(path);
    }
    closedir(dh);
    rmdir(dir);
    assert_true(compared >= 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_are_written_as_people_read_them),
        cmocka_unit_test(cells_of_every_kind),
        cmocka_unit_test(date_system_1904),
        cmocka_unit_test(namespace_prefixes),
        cmocka_unit_test(header_found_below_the_title_in_the_first_sheet_that_has_it),
        cmocka_unit_test(named_sheet_and_no_header_anywhere),
        cmocka_unit_test(callback_stop_value_is_returned),
        cmocka_unit_test(broken_workbooks),
        cmocka_unit_test(csv_rows_are_trimmed_the_same),
        cmocka_unit_test(id_number_made_a_number),
        cmocka_unit_test(row_pipe_keeps_order_stops_and_fails),
        cmocka_unit_test(scanner_reads_what_expat_reads),
        cmocka_unit_test(scanner_refuses_what_it_does_not_read),
        cmocka_unit_test(scanner_and_expat_agree_on_openpyxl_workbooks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
