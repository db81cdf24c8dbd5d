/*
 * The staff spreadsheet import (app/workforce/staff_import.h): one write
 * transaction around the reading; rows are checked and written as they come
 * and the whole is rolled back when any row was bad.
 */
#include "app/workforce/staff_import.h"

#include "core/phone.h"
#include "store/workforce.h"
#include "util/csvread.h"
#include "util/strmap.h"
#include "util/tableread.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum col { COL_NAME, COL_PHONE, COL_HOME, COL_BATCH, COL_SKILLS, COL_COUNT };

static const char *const col_zh[COL_COUNT] = {"姓名", "手机号", "派出单位", "批次", "技能"};
static const char *const col_en[COL_COUNT] = {"name", "phone", "home_unit", "batch", "skills"};

struct simport {
    struct db *db;
    struct staff_import_report *rep;
    struct app_error *err;
    int col[COL_COUNT];   /* field index of each column, -1 if absent */
    struct strmap homes;  /* home unit name -> id (-1: unknown) */
    struct strmap phones; /* phones seen in the file -> line */
    int failed;           /* a database failure: stop */
    int64_t only;         /* the one home unit rows may name, or 0 */
};

static void row_error(struct simport *im, size_t line, enum col c, const char *code,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void row_error(struct simport *im, size_t line, enum col c, const char *code,
                      const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    import_error_vadd(&im->rep->errors, &im->rep->nerrors, &im->rep->errors_cap,
                      &im->rep->total_errors, line, im->col[c] + 1, col_zh[c], code, fmt, ap);
    va_end(ap);
}

static int map_header(struct simport *im, const struct csvread_row *row)
{
    for (int c = 0; c < COL_COUNT; c++) {
        im->col[c] = -1;
        for (size_t i = 0; i < row->nfields; i++)
            if (strcmp(row->fields[i], col_zh[c]) == 0 || strcmp(row->fields[i], col_en[c]) == 0)
                im->col[c] = (int)i;
        if (im->col[c] < 0 && c != COL_SKILLS) {
            app_fail(im->err, APP_E_INVALID, "bad_header", col_en[c],
                     "line 1: the column %s is missing", col_zh[c]);
            return 1;
        }
    }
    return 0;
}

static const char *cell(const struct simport *im, const struct csvread_row *row, enum col c)
{
    int i = im->col[c];

    return i >= 0 && (size_t)i < row->nfields ? row->fields[i] : "";
}

/* 批次: 1, 第1批, 第一批 ... 第九批. 0, or -1. */
static int parse_batch(const char *s, int *out)
{
    static const char *const zh[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
    char *end;
    long v;

    if (strncmp(s, "第", 3) == 0) {
        s += 3;
        for (int i = 0; i < 9; i++)
            if (strcmp(s, zh[i]) == 0 || (strncmp(s, zh[i], 3) == 0 && strcmp(s + 3, "批") == 0)) {
                *out = i + 1;
                return 0;
            }
    }
    v = strtol(s, &end, 10);
    if (end == s || v < 1 || v > 99 || (*end && strcmp(end, "批") != 0))
        return -1;
    *out = (int)v;
    return 0;
}

static int64_t home_unit_id(struct simport *im, const char *name)
{
    struct home_unit_row h;
    int64_t id;
    int rc;

    if (strmap_get(&im->homes, name, strlen(name), &id))
        return id;
    rc = store_home_unit_by_name(im->db, name, &h);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return rc;
    id = rc == 0 ? h.id : -1;
    if (strmap_put(&im->homes, name, strlen(name), id) < 0)
        return DB_E_NOMEM;
    return id;
}

/* Checks one data row and, while no row was bad, writes it. */
static int check_row(struct simport *im, const struct csvread_row *row, struct staff_row *s)
{
    const char *name = cell(im, row, COL_NAME), *home = cell(im, row, COL_HOME);
    const char *phone = cell(im, row, COL_PHONE), *batch = cell(im, row, COL_BATCH);
    size_t before = im->rep->total_errors;
    int64_t seen;
    int rc;

    memset(s, 0, sizeof *s);
    if (!*name || strlen(name) >= sizeof s->name)
        row_error(im, row->line, COL_NAME, *name ? "too_long" : "missing", "姓名 %s",
                  *name ? "is too long" : "is empty");
    snprintf(s->name, sizeof s->name, "%s", name);
    if ((rc = phone_check(phone, strlen(phone), s->phone)) < 0)
        row_error(im, row->line, COL_PHONE, phone_errcode(rc), "%.40s: %s", phone,
                  phone_strerror(rc));
    else if (strmap_get(&im->phones, s->phone, strlen(s->phone), &seen))
        row_error(im, row->line, COL_PHONE, "duplicate", "%s is also on line %lld", s->phone,
                  (long long)seen);
    else if (strmap_put(&im->phones, s->phone, strlen(s->phone), (int64_t)row->line) < 0)
        return DB_E_NOMEM;
    if (parse_batch(batch, &s->batch) < 0)
        row_error(im, row->line, COL_BATCH, "bad_batch", "%.40s is not a batch (1, 第一批)", batch);
    if ((s->home_unit = home_unit_id(im, home)) < -1)
        return (int)s->home_unit;
    if (s->home_unit < 0)
        row_error(im, row->line, COL_HOME, "unknown_home_unit", "no home unit %.60s", home);
    else if (im->only && s->home_unit != im->only)
        row_error(im, row->line, COL_HOME, "other_home_unit",
                  "%.60s is not this account's home unit", home);
    snprintf(s->skills, sizeof s->skills, "%s", cell(im, row, COL_SKILLS));
    return im->rep->total_errors > before;
}

static int on_row(void *arg, const struct csvread_row *row)
{
    struct simport *im = arg;
    struct staff_row s;
    int rc, created = 0;

    if (row->index == 0)
        return map_header(im, row);
    im->rep->rows++;
    if ((rc = check_row(im, row, &s)) < 0)
        goto fail;
    if (rc > 0 || im->rep->total_errors)
        return 0;
    if ((rc = store_staff_upsert(im->db, &s, &created)) < 0)
        goto fail;
    if (created)
        im->rep->created++;
    else
        im->rep->updated++;
    return 0;
fail:
    app_fail(im->err, APP_E_INTERNAL, "db_error", NULL, "line %zu: %s", row->line,
             db_errmsg(im->db));
    im->failed = 1;
    return 1;
}

/* A header cell of a staff sheet: where a workbook's header is. */
static int staff_column(const char *cell)
{
    for (int c = 0; c < COL_COUNT; c++)
        if (strcmp(cell, col_zh[c]) == 0 || strcmp(cell, col_en[c]) == 0)
            return 1;
    return 0;
}

int staff_import(struct db *db, const char *path, const char *data, size_t len,
                 int64_t only_home_unit, struct staff_import_report *out, struct app_error *err)
{
    return staff_import_sheet(db, path, data, len, only_home_unit, NULL, out, err);
}

int staff_import_sheet(struct db *db, const char *path, const char *data, size_t len,
                       int64_t only_home_unit, const char *sheet, struct staff_import_report *out,
                       struct app_error *err)
{
    struct simport im = {db, out, err, {0}, {0}, {0}, 0, only_home_unit};
    struct tableread_opts topts = {sheet, staff_column};
    struct tableread_info info = {0};
    char cerr[CSVREAD_ERR_LEN];
    int rc;

    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    strmap_init(&im.homes);
    strmap_init(&im.phones);
    if ((rc = db_begin_write(db)) < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "%s", db_errmsg(db));
        goto out;
    }
    rc = path ? tableread_file(path, &topts, on_row, &im, &info, cerr)
              : tableread_buffer(data, len, &topts, on_row, &im, &info, cerr);
    out->encoding = tableread_format_name(&info);
    snprintf(out->sheet, sizeof out->sheet, "%s", info.sheet);
    if (rc < 0 && !err->code[0]) {
        app_fail(err, APP_E_INVALID, "bad_file", "body", "%s%s%s", path ? path : "",
                 path ? ": " : "", cerr);
    } else if (rc == 0 && info.records == 0) {
        app_fail(err, APP_E_INVALID, "empty", "body", "the file is empty");
        rc = -1;
    }
    if (rc != 0 || out->total_errors) {
        db_rollback(db);
        out->created = out->updated = 0;
        rc = rc != 0 ? -1 : 1;
        goto out;
    }
    if ((rc = db_commit(db)) < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "%s", db_errmsg(db));
        db_rollback(db);
        goto out;
    }
    out->committed = 1;
out:
    strmap_cleanup(&im.homes);
    strmap_cleanup(&im.phones);
    return rc;
}

void staff_import_cleanup(struct staff_import_report *r)
{
    free(r->errors);
    r->errors = NULL;
}
