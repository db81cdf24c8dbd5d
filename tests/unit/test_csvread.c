/*
 * Unit tests for util/csvread: encoding detection, line numbers, limits,
 * error messages and the writer. Fixtures live in tests/data/csv (see its
 * README); the tests run from the repository root unless CSV_DATA_DIR says
 * otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/csvread.h"

#ifndef CSV_DATA_DIR
#define CSV_DATA_DIR "tests/data/csv"
#endif

#define MAX_ROWS   16
#define MAX_FIELDS 16

/* Everything a test wants to know about what the reader delivered. */
struct got {
    size_t nrows;
    size_t nfields[MAX_ROWS];
    size_t line[MAX_ROWS];
    size_t index[MAX_ROWS];
    char *field[MAX_ROWS][MAX_FIELDS];
    size_t len[MAX_ROWS][MAX_FIELDS];
    size_t total_rows; /* including rows beyond MAX_ROWS */
    size_t stop_at;    /* return stop_code at this record (1-based), 0: never */
    int stop_code;
};

static int collect(void *arg, const struct csvread_row *row)
{
    struct got *g = arg;

    g->total_rows++;
    if (g->stop_at && g->total_rows == g->stop_at)
        return g->stop_code;
    if (g->nrows == MAX_ROWS)
        return 0;
    g->nfields[g->nrows] = row->nfields;
    g->line[g->nrows] = row->line;
    g->index[g->nrows] = row->index;
    for (size_t i = 0; i < row->nfields && i < MAX_FIELDS; i++) {
        assert_int_equal(strlen(row->fields[i]), row->lens[i]);
        g->field[g->nrows][i] = strdup(row->fields[i]);
        g->len[g->nrows][i] = row->lens[i];
    }
    g->nrows++;
    return 0;
}

static void got_free(struct got *g)
{
    for (size_t r = 0; r < g->nrows; r++)
        for (size_t i = 0; i < g->nfields[r] && i < MAX_FIELDS; i++)
            free(g->field[r][i]);
    memset(g, 0, sizeof(*g));
}

/* Reads a fixture; fails the test on error. */
static void read_fixture(const char *name, struct got *g, struct csvread_info *info)
{
    char path[512], err[CSVREAD_ERR_LEN];
    int rc;

    snprintf(path, sizeof(path), "%s/%s", CSV_DATA_DIR, name);
    rc = csvread_file(path, NULL, collect, g, info, err);
    if (rc != 0)
        fail_msg("%s: %d %s", path, rc, err);
}

/* Reads a string with options; returns the reader's result. */
static int read_str(const char *s, const struct csvread_opts *o, struct got *g,
                    char err[CSVREAD_ERR_LEN])
{
    return csvread_buffer(s, strlen(s), o, collect, g, NULL, err);
}

/* A mkstemp/mkdtemp template under $TMPDIR, like the other unit tests. */
static void tmp_template(char *out, size_t size, const char *name)
{
    const char *dir = getenv("TMPDIR");

    snprintf(out, size, "%s/%s-XXXXXX", dir && *dir ? dir : "/tmp", name);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL)
        fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

static void encodings_give_identical_rows(void **state)
{
    static const char *const files[] = {"residents_utf8_bom_crlf.csv", "residents_utf8_lf.csv",
                                        "residents_gb18030.csv"};
    static const enum csvread_encoding encs[] = {CSVREAD_ENC_UTF8_BOM, CSVREAD_ENC_UTF8,
                                                 CSVREAD_ENC_GB18030};
    struct got g[3] = {0};
    struct csvread_info info[3];
    (void)state;

    for (int f = 0; f < 3; f++) {
        read_fixture(files[f], &g[f], &info[f]);
        assert_int_equal(info[f].encoding, encs[f]);
        assert_int_equal(info[f].records, 5);
        assert_int_equal(g[f].nrows, 5);
    }
    /* The BOM is gone and the values are right. */
    assert_string_equal(g[0].field[0][0], "小区");
    assert_string_equal(g[0].field[0][8], "返沪日期");
    assert_string_equal(g[0].field[2][4], "买买提·艾力");
    assert_string_equal(g[0].field[3][4], "朱镕");
    assert_string_equal(g[0].field[4][0], "阳光花园, 北区");
    assert_string_equal(g[0].field[4][4], "吉田𠮷子"); /* four bytes in GB18030 */
    assert_string_equal(g[0].field[1][8], "");
    for (int f = 1; f < 3; f++) {
        for (size_t r = 0; r < 5; r++) {
            assert_int_equal(g[f].nfields[r], 9);
            assert_int_equal(g[f].nfields[r], g[0].nfields[r]);
            assert_int_equal(g[f].line[r], r + 1);
            assert_int_equal(g[f].index[r], r);
            for (size_t i = 0; i < g[0].nfields[r]; i++)
                assert_string_equal(g[f].field[r][i], g[0].field[r][i]);
        }
    }
    for (int f = 0; f < 3; f++)
        got_free(&g[f]);
}

static void line_numbers_with_embedded_newlines(void **state)
{
    struct got g = {0};
    struct csvread_info info;
    (void)state;

    read_fixture("multiline.csv", &g, &info);
    assert_int_equal(g.nrows, 5);
    assert_int_equal(info.blank_records, 1); /* the ",," line */
    assert_int_equal(g.line[0], 1);
    assert_int_equal(g.line[1], 2);
    assert_string_equal(g.field[1][2], "第一行\n第二行");
    assert_int_equal(g.line[2], 4);
    assert_string_equal(g.field[2][1], "李\"小\"四");
    assert_int_equal(g.line[3], 6);
    assert_string_equal(g.field[3][2], "带 CRLF\r\n的备注");
    assert_int_equal(g.line[4], 9);
    assert_string_equal(g.field[4][2], "最后一行");
    assert_int_equal(g.index[4], 4);
    got_free(&g);
}

static void line_endings_lf_crlf_and_lone_cr(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    (void)state;

    /* Old Mac Excel wrote lone CRs; each is a line break, CRLF is one. */
    assert_int_equal(read_str("a,b\rc,d\r\re,f\r\ng,h\n\ni,j", NULL, &g, err), 0);
    assert_int_equal(g.nrows, 5);
    assert_int_equal(g.line[0], 1);
    assert_int_equal(g.line[1], 2);
    assert_int_equal(g.line[2], 4);
    assert_int_equal(g.line[3], 5);
    assert_int_equal(g.line[4], 7);
    assert_string_equal(g.field[4][1], "j"); /* last line without newline */
    got_free(&g);

    /* A lone CR inside a quoted field also counts. */
    assert_int_equal(read_str("\"x\ry\",1\r\nz,2\r\n", NULL, &g, err), 0);
    assert_int_equal(g.nrows, 2);
    assert_string_equal(g.field[0][0], "x\ry");
    assert_int_equal(g.line[1], 3);
    got_free(&g);
}

static void blank_lines_and_empty_records(void **state)
{
    struct got g = {0};
    struct csvread_info info;
    struct csvread_opts keep = {.keep_blank_records = 1};
    const char *s = "\n\nh1,h2\r\n,\r\nx,\r\n\"\",\"\"\r\n\r\n\r\n";
    (void)state;

    assert_int_equal(csvread_buffer(s, strlen(s), NULL, collect, &g, &info, NULL), 0);
    assert_int_equal(g.nrows, 2);
    assert_int_equal(g.line[0], 3); /* leading blank lines still count */
    assert_int_equal(g.line[1], 5);
    assert_string_equal(g.field[1][0], "x");
    assert_string_equal(g.field[1][1], "");
    assert_int_equal(info.records, 2);
    assert_int_equal(info.blank_records, 2);
    got_free(&g);

    assert_int_equal(csvread_buffer(s, strlen(s), &keep, collect, &g, &info, NULL), 0);
    assert_int_equal(g.nrows, 4);
    assert_int_equal(g.line[1], 4);
    assert_int_equal(g.nfields[1], 2);
    assert_int_equal(g.line[3], 6);
    assert_int_equal(info.blank_records, 0);
    got_free(&g);
}

static void quoting_and_spaces(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    (void)state;

    assert_int_equal(read_str(" a , b,\"c,\"\"d\"\"\",\"\",e \t\n", NULL, &g, err), 0);
    assert_int_equal(g.nrows, 1);
    assert_int_equal(g.nfields[0], 5);
    assert_string_equal(g.field[0][0], " a "); /* spaces are data, as in Excel */
    assert_string_equal(g.field[0][1], " b");
    assert_string_equal(g.field[0][2], "c,\"d\"");
    assert_string_equal(g.field[0][3], "");
    assert_string_equal(g.field[0][4], "e \t");
    got_free(&g);
}

static void stray_quote_in_unquoted_field(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    (void)state;

    assert_int_equal(read_str("a,b,c\n1,2,3\n4,5\"6,7\n", NULL, &g, err), CSVREAD_E_QUOTE);
    assert_contains(err, "line 3, column 2");
    assert_contains(err, "quote inside an unquoted field");
    assert_int_equal(g.nrows, 2); /* records before the error were delivered */
    got_free(&g);
}

static void text_after_closing_quote(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    (void)state;

    /* The record starts on line 2; the bad quote is on line 3. */
    assert_int_equal(read_str("a,b\n\"x\ny\",\"he said \"hi\" ok\"\n", NULL, &g, err),
                     CSVREAD_E_QUOTE);
    assert_contains(err, "line 3, column 2");
    assert_contains(err, "doubled");
    got_free(&g);
}

static void unclosed_quote_at_end(void **state)
{
    struct got g = {0};
    char path[512], err[CSVREAD_ERR_LEN];
    (void)state;

    snprintf(path, sizeof(path), "%s/broken_quote.csv", CSV_DATA_DIR);
    assert_int_equal(csvread_file(path, NULL, collect, &g, NULL, err), CSVREAD_E_QUOTE);
    assert_contains(err, "line 3, column 2");
    assert_contains(err, "never closed");
    assert_int_equal(g.nrows, 2);
    got_free(&g);
}

static void runaway_quote_hits_field_limit(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    size_t n = 200000, len;
    char *s = malloc(n + 64);
    (void)state;

    assert_non_null(s);
    len = (size_t)sprintf(s, "h1,h2\nok,1\nx,\"oops\n");
    while (len < n) {
        len += (size_t)sprintf(s + len, "more,text\r\n");
    }
    assert_int_equal(csvread_buffer(s, len, NULL, collect, &g, NULL, err), CSVREAD_E_FIELD_LEN);
    assert_contains(err, "line 3, column 2");
    assert_contains(err, "missing closing quote");
    assert_int_equal(g.nrows, 2);
    got_free(&g);
    free(s);
}

/* A record "h\n" then one field of len bytes of fill, quoted or not. */
static char *field_of(size_t len, int quoted)
{
    char *s = malloc(len + 8);
    size_t o = 0;

    assert_non_null(s);
    s[o++] = 'h';
    s[o++] = '\n';
    if (quoted)
        s[o++] = '"';
    memset(s + o, 'x', len);
    o += len;
    if (quoted)
        s[o++] = '"';
    s[o++] = '\n';
    s[o] = '\0';
    return s;
}

static void field_length_limit(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    struct csvread_opts small = {.max_field_bytes = 10};
    char *s;
    (void)state;

    for (int quoted = 0; quoted < 2; quoted++) {
        s = field_of(CSVREAD_DEFAULT_MAX_FIELD_BYTES, quoted);
        assert_int_equal(read_str(s, NULL, &g, err), 0);
        assert_int_equal(g.len[1][0], CSVREAD_DEFAULT_MAX_FIELD_BYTES);
        got_free(&g);
        free(s);

        s = field_of(CSVREAD_DEFAULT_MAX_FIELD_BYTES + 1, quoted);
        assert_int_equal(read_str(s, NULL, &g, err), CSVREAD_E_FIELD_LEN);
        assert_contains(err, "line 2, column 1");
        got_free(&g);
        free(s);
    }
    assert_int_equal(read_str("a,0123456789\n", &small, &g, err), 0);
    got_free(&g);
    assert_int_equal(read_str("a,b\nc,0123456789X\n", &small, &g, err), CSVREAD_E_FIELD_LEN);
    assert_contains(err, "line 2, column 2");
    got_free(&g);
}

static void field_count_limit(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    struct csvread_opts three = {.max_fields = 3};
    char s[1024];
    size_t o = 0;
    (void)state;

    /* 256 fields pass, 257 do not. */
    for (int i = 0; i < CSVREAD_DEFAULT_MAX_FIELDS; i++)
        o += (size_t)sprintf(s + o, i ? ",%d" : "%d", i % 10);
    s[o] = '\0';
    assert_int_equal(read_str(s, NULL, &g, err), 0);
    assert_int_equal(g.nfields[0], CSVREAD_DEFAULT_MAX_FIELDS);
    got_free(&g);
    strcat(s, ",x");
    assert_int_equal(read_str(s, NULL, &g, err), CSVREAD_E_FIELDS);
    assert_contains(err, "line 1");
    got_free(&g);

    assert_int_equal(read_str("a,b,c\n1,2,3,4\n", &three, &g, err), CSVREAD_E_FIELDS);
    assert_contains(err, "line 2: more than 3 fields");
    got_free(&g);

    /* Different counts per record are the caller's business. */
    assert_int_equal(read_str("a,b,c\n1\n1,2,3,4\n", NULL, &g, err), 0);
    assert_int_equal(g.nfields[1], 1);
    assert_int_equal(g.nfields[2], 4);
    got_free(&g);
}

static void invalid_in_both_encodings(void **state)
{
    struct got g = {0};
    struct csvread_info info;
    char path[512], err[CSVREAD_ERR_LEN];
    (void)state;

    snprintf(path, sizeof(path), "%s/broken_encoding.csv", CSV_DATA_DIR);
    assert_int_equal(csvread_file(path, NULL, collect, &g, &info, err), CSVREAD_E_ENCODING);
    assert_contains(err, "line 3, byte offset 139");
    assert_contains(err, "FF");
    assert_int_equal(g.nrows, 0); /* nothing is delivered from a bad file */
    assert_int_equal(info.input_bytes, 150);
}

static void damaged_utf8_is_not_taken_for_gb18030(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN], s[4096];
    size_t o = 0;
    (void)state;

    o += (size_t)sprintf(s + o, "姓名,备注\n");
    for (int i = 0; i < 20; i++)
        o += (size_t)sprintf(s + o, "张伟,阳光花园第%d号\n", i);
    o += (size_t)sprintf(s + o, "李四,坏\xE5\xad\n"); /* a character cut short */
    assert_int_equal(csvread_buffer(s, o, NULL, collect, &g, NULL, err), CSVREAD_E_ENCODING);
    assert_contains(err, "line 22");
    assert_contains(err, "invalid UTF-8");
    assert_contains(err, "E5 AD");
}

static char *last_field0;
static size_t last_line;
static int keep_last(void *arg, const struct csvread_row *row)
{
    (void)arg;
    free(last_field0);
    last_field0 = strdup(row->fields[0]);
    last_line = row->line;
    return 0;
}

static void gb18030_after_a_long_ascii_prefix(void **state)
{
    struct csvread_info info;
    char err[CSVREAD_ERR_LEN];
    size_t cap = 1200 * 1024, o = 0, rows = 0;
    char *s = malloc(cap + 64);
    (void)state;

    /* Over 1 MB of ASCII, then "张伟" and "朱镕" in GBK on the last line. */
    assert_non_null(s);
    o += (size_t)sprintf(s + o, "name,note\r\n");
    while (o < cap) {
        o += (size_t)sprintf(s + o, "row%zu,plain ascii text\r\n", rows);
        rows++;
    }
    memcpy(s + o, "\xD5\xC5\xCE\xB0,\xD6\xEC\xE9\xD5\r\n", 11);
    o += 11;
    assert_int_equal(csvread_buffer(s, o, NULL, keep_last, NULL, &info, err), 0);
    assert_int_equal(info.encoding, CSVREAD_ENC_GB18030);
    assert_int_equal(info.records, rows + 2);
    assert_string_equal(last_field0, "张伟");
    assert_int_equal(last_line, rows + 2);
    free(last_field0);
    last_field0 = NULL;
    free(s);
}

static void gb18030_values_converted(void **state)
{
    char s[] = "a\r\n\xD5\xC5\xCE\xB0,\xD6\xEC\xE9\xD5\r\n";
    char err[CSVREAD_ERR_LEN];
    (void)state;

    assert_int_equal(csvread_buffer(s, strlen(s), NULL, keep_last, NULL, NULL, err), 0);
    assert_string_equal(last_field0, "张伟");
    assert_int_equal(last_line, 2);
    free(last_field0);
    last_field0 = NULL;
}

static void forced_encodings(void **state)
{
    struct got g = {0};
    struct csvread_info info;
    struct csvread_opts utf8 = {.encoding = CSVREAD_ENC_UTF8};
    struct csvread_opts gb = {.encoding = CSVREAD_ENC_GB18030};
    struct csvread_opts bad = {.encoding = (enum csvread_encoding)42};
    const char *gbk = "\xD5\xC5\xCE\xB0\n";
    /* "通" in GBK happens to be valid UTF-8 (U+0368): the classic ambiguity. */
    const char *tong = "\xCD\xA8\n";
    char err[CSVREAD_ERR_LEN];
    (void)state;

    assert_int_equal(csvread_buffer(gbk, strlen(gbk), &utf8, collect, &g, NULL, err),
                     CSVREAD_E_ENCODING);
    assert_contains(err, "invalid UTF-8");
    got_free(&g);

    assert_int_equal(csvread_buffer(tong, strlen(tong), NULL, collect, &g, &info, err), 0);
    assert_int_equal(info.encoding, CSVREAD_ENC_UTF8);
    got_free(&g);
    assert_int_equal(csvread_buffer(tong, strlen(tong), &gb, collect, &g, &info, err), 0);
    assert_int_equal(info.encoding, CSVREAD_ENC_GB18030);
    assert_string_equal(g.field[0][0], "通");
    got_free(&g);

    assert_int_equal(csvread_buffer(tong, strlen(tong), &bad, collect, &g, NULL, err),
                     CSVREAD_E_ARG);
}

static void bom_with_invalid_utf8(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    const char *s = "\xEF\xBB\xBFname\n\xD5\xC5\xCE\xB0\n";
    (void)state;

    /* A BOM promises UTF-8: no falling back to GB18030. */
    assert_int_equal(read_str(s, NULL, &g, err), CSVREAD_E_ENCODING);
    assert_contains(err, "line 2, byte offset 8");
}

static void not_text_files(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    (void)state;

    assert_int_equal(csvread_buffer("PK\x03\x04\x14\x00", 6, NULL, collect, &g, NULL, err),
                     CSVREAD_E_NOTTEXT);
    assert_contains(err, ".xlsx");
    assert_int_equal(csvread_buffer("\xD0\xCF\x11\xE0\xA1\xB1", 6, NULL, collect, &g, NULL, err),
                     CSVREAD_E_NOTTEXT);
    assert_contains(err, ".xls");
    assert_int_equal(csvread_buffer("\xFF\xFEn\0a\0", 6, NULL, collect, &g, NULL, err),
                     CSVREAD_E_NOTTEXT);
    assert_contains(err, "UTF-16");
    assert_int_equal(csvread_buffer("a,b\nc\0d\n", 8, NULL, collect, &g, NULL, err),
                     CSVREAD_E_NOTTEXT);
    assert_contains(err, "line 2, byte offset 5");
    assert_int_equal(g.nrows, 0);
}

static void callback_stops_reading(void **state)
{
    struct got g = {.stop_at = 2, .stop_code = 42};
    struct csvread_info info;
    char err[CSVREAD_ERR_LEN];
    const char *s = "a\nb\nc\nd\n";
    (void)state;

    assert_int_equal(csvread_buffer(s, strlen(s), NULL, collect, &g, &info, err), 42);
    assert_int_equal(g.total_rows, 2);
    assert_int_equal(g.nrows, 1);
    assert_int_equal(info.records, 2);
    got_free(&g);
}

static void input_size_limit(void **state)
{
    struct got g = {0};
    struct csvread_opts o = {.max_input_bytes = 100};
    char path[512], err[CSVREAD_ERR_LEN];
    (void)state;

    snprintf(path, sizeof(path), "%s/residents_utf8_lf.csv", CSV_DATA_DIR);
    assert_int_equal(csvread_file(path, &o, collect, &g, NULL, err), CSVREAD_E_TOOBIG);
    assert_contains(err, "limit of 100");
    assert_int_equal(csvread_buffer("0123456789", 10, &(struct csvread_opts){.max_input_bytes = 9},
                                    collect, &g, NULL, err),
                     CSVREAD_E_TOOBIG);
    assert_int_equal(g.nrows, 0);
}

static void bad_arguments_and_missing_file(void **state)
{
    struct got g = {0};
    char err[CSVREAD_ERR_LEN];
    struct csvread_opts huge = {.max_fields = CSVREAD_LIMIT_MAX_FIELDS + 1};
    (void)state;

    assert_int_equal(csvread_file(CSV_DATA_DIR "/no-such-file.csv", NULL, collect, &g, NULL, err),
                     CSVREAD_E_IO);
    assert_contains(err, "no-such-file.csv");
    assert_int_equal(csvread_file(CSV_DATA_DIR, NULL, collect, &g, NULL, err), CSVREAD_E_IO);
    assert_int_equal(csvread_buffer("a", 1, NULL, NULL, NULL, NULL, err), CSVREAD_E_ARG);
    assert_int_equal(csvread_buffer(NULL, 1, NULL, collect, &g, NULL, err), CSVREAD_E_ARG);
    assert_int_equal(csvread_buffer("a", 1, &huge, collect, &g, NULL, err), CSVREAD_E_ARG);
    assert_int_equal(csvread_buffer("a", 1, NULL, collect, &g, NULL, NULL), 0); /* err optional */
    got_free(&g);
}

static void empty_input(void **state)
{
    struct got g = {0};
    struct csvread_info info;
    (void)state;

    assert_int_equal(csvread_buffer(NULL, 0, NULL, collect, &g, &info, NULL), 0);
    assert_int_equal(info.records, 0);
    assert_int_equal(csvread_buffer("\r\n\r\n", 4, NULL, collect, &g, &info, NULL), 0);
    assert_int_equal(info.records, 0);
    assert_int_equal(csvread_buffer("\xEF\xBB\xBF", 3, NULL, collect, &g, &info, NULL), 0);
    assert_int_equal(info.encoding, CSVREAD_ENC_UTF8_BOM);
    assert_int_equal(info.utf8_bytes, 0);
    assert_int_equal(g.nrows, 0);
}

static void reads_from_a_pipe(void **state)
{
    static const char data[] = "小区,姓名\n阳光花园,张伟\n";
    struct got g = {0};
    char path[512], fifo[600], err[CSVREAD_ERR_LEN];
    pid_t pid;
    int status;
    (void)state;

    /* mkdtemp gives a private name; the FIFO goes inside it. */
    tmp_template(path, sizeof(path), "test_csvread_fifo");
    assert_non_null(mkdtemp(path));
    snprintf(fifo, sizeof(fifo), "%s/fifo", path);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *f = fopen(fifo, "w");
        _exit(f && fputs(data, f) >= 0 && fclose(f) == 0 ? 0 : 1);
    }
    assert_int_equal(csvread_file(fifo, NULL, collect, &g, NULL, err), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(status, 0);
    assert_int_equal(g.nrows, 2);
    assert_string_equal(g.field[1][1], "张伟");
    got_free(&g);
    unlink(fifo);
    rmdir(path);
}

static void writer_quotes_only_when_needed(void **state)
{
    static const char *const row[] = {"plain", "a,b",   "say \"hi\"", "two\nlines", "",
                                      NULL,    " lead", "trail\t",    "张伟"};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    (void)state;

    assert_non_null(f);
    assert_int_equal(csvwrite_bom(f), 0);
    assert_int_equal(csvwrite_row(f, row, sizeof(row) / sizeof(row[0])), 0);
    assert_int_equal(csvwrite_field(f, "x"), 0);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(buf, "\xEF\xBB\xBFplain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,,"
                             "\" lead\",\"trail\t\",张伟\r\nx");
    free(buf);
}

/* OWASP "CSV injection": a cell beginning with = + - @, TAB or CR gets a
 * leading ', inside the quotes when quoted; plain numbers keep their sign. */
static void writer_neutralises_formulas(void **state)
{
    static const char *const row[] = {
        "=1+2", "+cmd|' /C calc'!A0", "-1+2",    "@SUM(A1)", "\tx", "\r=1",  "=a,b", "-3",
        "-0.5", "+8613800138000",     "+86 138", "-",        "a=b", "张=伟",
    };
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    (void)state;

    assert_non_null(f);
    assert_int_equal(csvwrite_row(f, row, sizeof(row) / sizeof(row[0])), 0);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(buf, "'=1+2,'+cmd|' /C calc'!A0,'-1+2,'@SUM(A1),'\tx,\"'\r=1\",\"'=a,b\","
                             "-3,-0.5,+8613800138000,'+86 138,'-,a=b,张=伟\r\n");
    free(buf);
}

static void writer_round_trip(void **state)
{
    static const char *const rows[3][4] = {
        {"小区", "姓名", "备注", "手机号"},
        {"阳光花园, 北区", "李\"小\"四", "第一行\r\n第二行\n第三行", "13800138000"},
        {" 空格 ", "", "\"", ",,"},
    };
    struct got g = {0};
    struct csvread_info info;
    char path[512], err[CSVREAD_ERR_LEN];
    int fd;
    FILE *f;
    (void)state;

    tmp_template(path, sizeof(path), "test_csvread");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(csvwrite_bom(f), 0);
    for (int r = 0; r < 3; r++)
        assert_int_equal(csvwrite_row(f, rows[r], 4), 0);
    assert_int_equal(fclose(f), 0);

    assert_int_equal(csvread_file(path, NULL, collect, &g, &info, err), 0);
    unlink(path);
    assert_int_equal(info.encoding, CSVREAD_ENC_UTF8_BOM);
    assert_int_equal(g.nrows, 3);
    assert_int_equal(g.line[2], 5); /* row 1 spans lines 2-4 */
    for (int r = 0; r < 3; r++) {
        assert_int_equal(g.nfields[r], 4);
        for (int i = 0; i < 4; i++)
            assert_string_equal(g.field[r][i], rows[r][i]);
    }
    got_free(&g);
}

static void strerror_texts(void **state)
{
    (void)state;
    assert_string_equal(csvread_strerror(0), "success");
    assert_string_equal(csvread_strerror(CSVREAD_E_QUOTE), "misplaced or unclosed quote");
    assert_string_equal(csvread_strerror(CSVREAD_E_FIELDS), "too many fields in a record");
    assert_string_equal(csvread_strerror(-100), "unknown error");
    assert_string_equal(csvread_strerror(5), "unknown error");
    assert_string_equal(csvread_encoding_name(CSVREAD_ENC_GB18030), "GB18030");
}

/* ---- Windows: the same rows and the same errors whatever the window ---- */

/* Every record as "line|field|field\n", and the result and error. */
struct dump {
    char *buf;
    size_t len, cap;
};

static int dump_row(void *arg, const struct csvread_row *row)
{
    struct dump *d = arg;
    char head[32];
    size_t need = (size_t)snprintf(head, sizeof head, "%zu", row->line) + 2;

    for (size_t i = 0; i < row->nfields; i++)
        need += row->lens[i] + 1;
    if (d->len + need + 1 > d->cap) {
        d->cap = (d->len + need + 1) * 2;
        assert_non_null(d->buf = realloc(d->buf, d->cap));
    }
    d->len += (size_t)sprintf(d->buf + d->len, "%s", head);
    for (size_t i = 0; i < row->nfields; i++) {
        d->buf[d->len++] = '|';
        memcpy(d->buf + d->len, row->fields[i], row->lens[i]);
        d->len += row->lens[i];
    }
    d->buf[d->len++] = '\n';
    d->buf[d->len] = '\0';
    return 0;
}

/* Reads s in windows of chunk bytes (0: the default), from memory or from a
 * file; returns the rows and the error as one string. */
static char *read_windows(const char *s, size_t len, size_t chunk, int from_file,
                          enum csvread_encoding *enc)
{
    struct csvread_opts o = {.chunk_bytes = chunk};
    struct csvread_info info;
    struct dump d = {0};
    char err[CSVREAD_ERR_LEN], path[512], *out;
    int rc, fd;

    if (from_file) {
        tmp_template(path, sizeof path, "test_csvread_win");
        assert_true((fd = mkstemp(path)) >= 0);
        assert_int_equal(write(fd, s, len), (ssize_t)len);
        close(fd);
        rc = csvread_file(path, &o, dump_row, &d, &info, err);
        unlink(path);
    } else {
        rc = csvread_buffer(s, len, &o, dump_row, &d, &info, err);
    }
    if (enc)
        *enc = info.encoding;
    assert_non_null(out = malloc(d.len + CSVREAD_ERR_LEN + 32));
    /* Rows delivered before an error depend on the window; the error not. */
    sprintf(out, "%s\nrc=%d %s", rc ? "" : (d.buf ? d.buf : ""), rc, rc ? err : "");
    free(d.buf);
    return out;
}

/* s must read the same in every window from 64 to 64 + span bytes, from
 * memory and from a file; returns the reference reading. */
static char *same_in_every_window(const char *s, size_t len, size_t span)
{
    char *ref = read_windows(s, len, 0, 0, NULL), *got;

    for (size_t chunk = 64; chunk <= 64 + span; chunk++) {
        got = read_windows(s, len, chunk, chunk % 7 == 0, NULL);
        if (strcmp(got, ref) != 0)
            fail_msg("window %zu:\n%s\n--- differs from ---\n%s", chunk, got, ref);
        free(got);
    }
    return ref;
}

/* UTF-8 text converted to GB18030 (one to four bytes a character). */
static size_t to_gb18030(const char *utf8, char *out, size_t cap)
{
    FILE *p;
    char path[512], cmd[600];
    size_t n;
    int fd;

    tmp_template(path, sizeof path, "test_csvread_gb");
    assert_true((fd = mkstemp(path)) >= 0);
    assert_int_equal(write(fd, utf8, strlen(utf8)), (ssize_t)strlen(utf8));
    close(fd);
    snprintf(cmd, sizeof cmd, "iconv -f UTF-8 -t GB18030 %s", path);
    assert_non_null(p = popen(cmd, "r"));
    n = fread(out, 1, cap, p);
    assert_int_equal(pclose(p), 0);
    unlink(path);
    return n;
}

/* A body of rows with every case a window can cut: CRLF, quoted fields
 * holding line breaks and doubled quotes, two-, three- and four-byte
 * characters (é and 𠀀 are four bytes in GB18030), a lone CR. */
static size_t body(char *s, size_t cap)
{
    size_t o = 0;

    o += (size_t)snprintf(s + o, cap - o, "姓名,备注,地址\r\n");
    for (int i = 0; i < 12 && o < cap; i++)
        o += (size_t)snprintf(
            s + o, cap - o,
            "张伟%d,\"第一行\r\n第二行 \"\"引号\"\"\nend\",Café 𠀀 阳光花园%d号\r\n"
            "李四%d,plain,x\r",
            i, i, i);
    o += (size_t)snprintf(s + o, cap - o, "\n王五,\"a,b\",\"\"\r\n");
    return o;
}

static void windows_give_identical_rows(void **state)
{
    char utf8[4096], s[4200], gb[4200], *ref, *u;
    size_t n = body(utf8, sizeof utf8), m;
    enum csvread_encoding enc;
    (void)state;

    /* UTF-8, without and with a BOM. */
    ref = same_in_every_window(utf8, n, 140);
    assert_non_null(strstr(ref, "\nrc=0 "));
    assert_non_null(strstr(ref, "|第一行\r\n第二行 \"引号\"\nend|Café 𠀀 阳光花园0号\n"));
    free(ref);
    memcpy(s, "\xEF\xBB\xBF", 3);
    memcpy(s + 3, utf8, n);
    free(same_in_every_window(s, n + 3, 140));

    /* GB18030 (a four-byte character is cut by many of these windows): the
     * same rows as the UTF-8 text. */
    m = to_gb18030(utf8, gb, sizeof gb);
    ref = same_in_every_window(gb, m, 140);
    u = read_windows(utf8, n, 0, 0, NULL);
    assert_string_equal(ref, u);
    free(u);
    free(ref);
    free(read_windows(gb, m, 64, 1, &enc));
    assert_int_equal(enc, CSVREAD_ENC_GB18030);
}

/* The first non-ASCII byte lies far past the first window: the text before
 * it was read already; the decision is made from that byte on. */
static void encoding_decided_past_the_first_window(void **state)
{
    char s[8192], gb[8192], *a, *b;
    size_t o = 0, m;
    enum csvread_encoding enc;
    (void)state;

    for (int i = 0; i < 60; i++)
        o += (size_t)sprintf(s + o, "row%d,plain ascii\r\n", i);
    o += (size_t)sprintf(s + o, "张伟,\"阳光\n花园\"\r\nlast,x\r\n");
    m = to_gb18030(s, gb, sizeof gb);
    a = read_windows(s, o, 64, 0, &enc);
    assert_int_equal(enc, CSVREAD_ENC_UTF8);
    b = read_windows(gb, m, 64, 0, &enc);
    assert_int_equal(enc, CSVREAD_ENC_GB18030);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "61|张伟|阳光\n花园\n63|last|x\n"));
    free(a);
    free(b);
}

/* Errors far into the file name the same line, column and byte offset in
 * every window. */
static void errors_past_the_first_window(void **state)
{
    char s[8192], gb[8192], *ref;
    size_t o = 0, head, m;
    (void)state;

    o += (size_t)sprintf(s + o, "姓名,备注\n");
    for (int i = 0; i < 40; i++)
        o += (size_t)sprintf(s + o, "张伟%d,\"two\r\nlines\"\r\n", i);
    head = o; /* line 82 starts here */

    /* A stray quote. */
    strcpy(s + head, "李四,ab\"c\n");
    ref = same_in_every_window(s, strlen(s), 100);
    assert_non_null(strstr(ref, "rc=-7 line 82, column 2: quote inside an unquoted field"));
    free(ref);

    /* A quoted field never closed, opened on line 83. */
    strcpy(s + head, "李四,x\n王五,\"open\nstill\n");
    ref = same_in_every_window(s, strlen(s), 100);
    assert_non_null(strstr(ref, "rc=-7 line 83, column 2: quoted field is never closed"));
    free(ref);

    /* Broken UTF-8 after a first window of good UTF-8. */
    sprintf(s + head, "李四,坏\xE5\xad\n");
    ref = same_in_every_window(s, strlen(s), 100);
    snprintf(gb, sizeof gb, "rc=-6 line 82, byte offset %zu: invalid UTF-8 (bytes E5 AD 0A)",
             head + strlen("李四,坏"));
    assert_non_null(strstr(ref, gb));
    free(ref);

    /* A byte GB18030 does not define, after a first window of GB18030. */
    strcpy(s + head, "李四,x\n");
    m = to_gb18030(s, gb, sizeof gb - 8);
    memcpy(gb + m, "a,\x80\n", 4);
    ref = same_in_every_window(gb, m + 4, 100);
    {
        char want[128];
        snprintf(want, sizeof want, "rc=-6 line 83, byte offset %zu: bytes 80 0A are neither",
                 m + 2);
        assert_non_null(strstr(ref, want));
    }
    free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encodings_give_identical_rows),
        cmocka_unit_test(line_numbers_with_embedded_newlines),
        cmocka_unit_test(line_endings_lf_crlf_and_lone_cr),
        cmocka_unit_test(blank_lines_and_empty_records),
        cmocka_unit_test(quoting_and_spaces),
        cmocka_unit_test(stray_quote_in_unquoted_field),
        cmocka_unit_test(text_after_closing_quote),
        cmocka_unit_test(unclosed_quote_at_end),
        cmocka_unit_test(runaway_quote_hits_field_limit),
        cmocka_unit_test(field_length_limit),
        cmocka_unit_test(field_count_limit),
        cmocka_unit_test(invalid_in_both_encodings),
        cmocka_unit_test(damaged_utf8_is_not_taken_for_gb18030),
        cmocka_unit_test(gb18030_after_a_long_ascii_prefix),
        cmocka_unit_test(gb18030_values_converted),
        cmocka_unit_test(forced_encodings),
        cmocka_unit_test(bom_with_invalid_utf8),
        cmocka_unit_test(not_text_files),
        cmocka_unit_test(callback_stops_reading),
        cmocka_unit_test(input_size_limit),
        cmocka_unit_test(bad_arguments_and_missing_file),
        cmocka_unit_test(empty_input),
        cmocka_unit_test(reads_from_a_pipe),
        cmocka_unit_test(writer_quotes_only_when_needed),
        cmocka_unit_test(writer_neutralises_formulas),
        cmocka_unit_test(writer_round_trip),
        cmocka_unit_test(strerror_texts),
        cmocka_unit_test(windows_give_identical_rows),
        cmocka_unit_test(encoding_decided_past_the_first_window),
        cmocka_unit_test(errors_past_the_first_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
