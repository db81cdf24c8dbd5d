/*
 * The enterprise import (see import.h): the write transaction is opened
 * first, each row checked and written as it is read, and rolled back at the
 * end when any row was bad — so a file is taken whole or not at all, and
 * the rows are checked against the register as it stands under the lock.
 */
#include "app/enterprises/import.h"

#include "core/creditcode.h"
#include "core/phone.h"
#include "core/unitcode.h"
#include "store/enterprises.h"
#include "store/units.h"
#include "util/csvread.h"
#include "util/strmap.h"
#include "util/tableread.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum col {
    C_NAME,
    C_CODE,
    C_INDUSTRY,
    C_STAFF,
    C_OUTPUT,
    C_PARK,
    C_BUILDING,
    C_CONTACT,
    C_PHONE,
    C_N
};

static const char *const headers_zh[C_N] = {"企业名称", "统一社会信用代码", "行业",
                                            "员工数",   "年产值(万元)",     "所在园区",
                                            "所在楼宇", "联系人",           "联系电话"};
static const char *const headers_en[C_N] = {"name", "credit_code", "industry", "staff", "output",
                                            "park", "building",    "contact",  "phone"};

struct ent_importer {
    struct db *db;
    int64_t street, district;
    int col[C_N];       /* column index of each field, -1 if absent */
    struct strmap seen; /* credit code -> line */
    struct import_report *rep;
    struct app_error *err;
    int fatal; /* the app status that stopped the reading, else 0 */
};

static void row_error(struct ent_importer *im, size_t line, enum col f, const char *code,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void row_error(struct ent_importer *im, size_t line, enum col f, const char *code,
                      const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    import_error_vadd(&im->rep->errors, &im->rep->nerrors, &im->rep->errors_cap,
                      &im->rep->total_errors, line, im->col[f] + 1, headers_zh[f], code, fmt, ap);
    va_end(ap);
}

/* A header as the column it names: Chinese (full-width brackets too) or
 * English. -1 if none. */
static int header_col(const char *h)
{
    char norm[128];
    const char *p;
    size_t n = 0;

    while (*h == ' ')
        h++;
    for (p = h; *p && n + 1 < sizeof norm; p++) {
        if (strncmp(p, "（", 3) == 0 || strncmp(p, "）", 3) == 0) {
            norm[n++] = p[2] == '\x88' ? '(' : ')';
            p += 2;
        } else {
            norm[n++] = *p;
        }
    }
    while (n && norm[n - 1] == ' ')
        n--;
    norm[n] = '\0';
    for (int i = 0; i < C_N; i++)
        if (strcmp(norm, headers_zh[i]) == 0 || strcmp(norm, headers_en[i]) == 0)
            return i;
    return -1;
}

/* A header cell of an enterprise sheet: where a workbook's header is. */
static int enterprise_column(const char *cell)
{
    return header_col(cell) >= 0;
}

static int map_headers(struct ent_importer *im, const struct csvread_row *row)
{
    for (int i = 0; i < C_N; i++)
        im->col[i] = -1;
    for (size_t i = 0; i < row->nfields; i++) {
        int c = header_col(row->fields[i]);
        if (c >= 0 && im->col[c] < 0)
            im->col[c] = (int)i;
    }
    for (int c = C_NAME; c <= C_CODE; c++)
        if (im->col[c] < 0)
            return im->fatal = app_fail(im->err, APP_E_INVALID, "missing_column", "body",
                                        "line 1: no %s column", headers_zh[c]);
    return 0;
}

static const char *cell(const struct ent_importer *im, const struct csvread_row *row, enum col f)
{
    int i = im->col[f];
    const char *s = i >= 0 && (size_t)i < row->nfields ? row->fields[i] : "";

    while (*s == ' ')
        s++;
    return s;
}

/* A count or an amount: staff (whole) or output (万元, rounded). */
static int number(struct ent_importer *im, const struct csvread_row *row, enum col f, int whole,
                  int64_t *out)
{
    const char *s = cell(im, row, f);
    char *end;
    double v;

    *out = 0;
    if (!*s)
        return 0;
    v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*end || !isfinite(v) || v < 0 || v > 1e12 || (whole && v != floor(v))) {
        row_error(im, row->line, f, "bad_number", "%s: not a %s number", s,
                  whole ? "whole" : "non-negative");
        return -1;
    }
    *out = (int64_t)llround(v);
    return 0;
}

/* A park or building named in the row: a place of `kind` in the street. */
static int place(struct ent_importer *im, const struct csvread_row *row, enum col f,
                 const char *kind, int64_t *out)
{
    const char *s = cell(im, row, f);
    int rc;

    *out = 0;
    if (!*s)
        return 0;
    rc = store_enterprise_place(im->db, im->street, kind, s, out);
    if (rc == DB_E_NOTFOUND)
        row_error(im, row->line, f, f == C_PARK ? "unknown_park" : "unknown_building",
                  "%s: no such %s in this street", s, f == C_PARK ? "park" : "building");
    return rc;
}

static int check_code(struct ent_importer *im, const struct csvread_row *row, char *code)
{
    const char *s = cell(im, row, C_CODE);
    int64_t first = 0;
    int rc = creditcode_check(s, strlen(s), code);

    if (rc == CREDITCODE_E_CHECK) {
        row_error(im, row->line, C_CODE, creditcode_errcode(rc), "%s: %s (expected %c)", s,
                  creditcode_strerror(rc), creditcode_make_check(code));
        return -1;
    }
    if (rc < 0) {
        row_error(im, row->line, C_CODE, creditcode_errcode(rc), "%s: %s", s,
                  creditcode_strerror(rc));
        return -1;
    }
    if (strmap_get(&im->seen, code, CREDITCODE_LEN, &first)) {
        row_error(im, row->line, C_CODE, "duplicate", "%s: also on line %lld", code,
                  (long long)first);
        return -1;
    }
    if (strmap_put(&im->seen, code, CREDITCODE_LEN, (int64_t)row->line) < 0)
        return DB_E_NOMEM;
    return 0;
}

/* Checks the text cells into e: name, industry, contact, phone. */
static int check_texts(struct ent_importer *im, const struct csvread_row *row,
                       struct enterprise_row *e)
{
    const char *name = cell(im, row, C_NAME), *phone = cell(im, row, C_PHONE);
    int bad = 0;

    if (!*name || strlen(name) >= sizeof e->name) {
        row_error(im, row->line, C_NAME, *name ? "too_long" : "missing", "the name is %s",
                  *name ? "too long" : "missing");
        bad = -1;
    }
    if (*phone && phone_check(phone, strlen(phone), e->phone) < 0) {
        row_error(im, row->line, C_PHONE, "bad_phone", "%s: not a phone number", phone);
        bad = -1;
    }
    snprintf(e->name, sizeof e->name, "%s", name);
    snprintf(e->industry, sizeof e->industry, "%s", cell(im, row, C_INDUSTRY));
    snprintf(e->contact, sizeof e->contact, "%s", cell(im, row, C_CONTACT));
    return bad;
}

/* One data row: checked, then written when the file is clean so far. */
static int on_data(struct ent_importer *im, const struct csvread_row *row)
{
    struct enterprise_row e, old;
    int bad = 0, found = 0, rc;

    memset(&e, 0, sizeof e);
    e.street = im->street;
    e.district = im->district;
    im->rep->rows++;
    if ((rc = check_code(im, row, e.credit_code)) < -1)
        return rc;
    bad |= rc;
    bad |= check_texts(im, row, &e);
    bad |= number(im, row, C_STAFF, 1, &e.staff);
    bad |= number(im, row, C_OUTPUT, 0, &e.output);
    if ((rc = place(im, row, C_PARK, "park", &e.park)) < 0 && rc != DB_E_NOTFOUND)
        return rc;
    bad |= rc ? -1 : 0;
    if ((rc = place(im, row, C_BUILDING, "office", &e.building)) < 0 && rc != DB_E_NOTFOUND)
        return rc;
    bad |= rc ? -1 : 0;
    if (!bad && (rc = store_enterprise_by_code(im->db, e.credit_code, &old)) == 0)
        found = 1;
    if (found && old.street != im->street) {
        row_error(im, row->line, C_CODE, "other_street", "%s: registered in street %lld",
                  e.credit_code, (long long)old.street);
        bad = -1;
    } else if (!bad && rc < 0 && rc != DB_E_NOTFOUND) {
        return rc;
    }
    if (bad) {
        im->rep->rejected++;
        return 0;
    }
    if (im->rep->rejected)
        return 0; /* nothing will be written: only check the rest */
    if ((rc = store_enterprise_upsert(im->db, &e)) < 0)
        return rc;
    found ? im->rep->updated++ : im->rep->created++;
    return 0;
}

static int on_row(void *arg, const struct csvread_row *row)
{
    struct ent_importer *im = arg;
    int rc;

    if (row->index == 0)
        return map_headers(im, row) < 0 ? 1 : 0;
    if ((rc = on_data(im, row)) < 0) {
        im->fatal = app_db_fail(im->err, im->db, rc);
        return 1;
    }
    return 0;
}

/* The street given: one of this database, within the caller's scope. */
static int check_street(struct db *db, const struct caller *c, int64_t street,
                        struct app_error *err)
{
    struct unit u;
    int rc;

    if ((rc = app_require(c, PERM_APPROVE, err)) < 0)
        return rc;
    if (!scope_contains(c, street) || (rc = store_unit_get(db, street, &u)) == DB_E_NOTFOUND ||
        (rc == 0 && u.level != LEVEL_STREET))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "street", "no street %lld",
                        (long long)street);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int enterprises_import(struct db *db, const struct caller *c, int64_t street, const char *path,
                       const char *data, size_t len, struct import_report *out,
                       struct app_error *err)
{
    return enterprises_import_sheet(db, c, street, path, data, len, NULL, out, err);
}

int enterprises_import_sheet(struct db *db, const struct caller *c, int64_t street,
                             const char *path, const char *data, size_t len, const char *sheet,
                             struct import_report *out, struct app_error *err)
{
    struct ent_importer im = {db,  street, unitcode_at_level(street, LEVEL_DISTRICT), {0}, {0}, out,
                              err, 0};
    struct tableread_opts topts = {sheet, enterprise_column};
    struct tableread_info info;
    char cerr[CSVREAD_ERR_LEN];
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = check_street(db, c, street, err)) < 0)
        return rc;
    strmap_init(&im.seen);
    if ((rc = db_begin_write(db)) < 0) {
        strmap_cleanup(&im.seen);
        return app_db_fail(err, db, rc);
    }
    if (path)
        rc = tableread_file(path, &topts, on_row, &im, &info, cerr);
    else
        rc = tableread_buffer(data, len, &topts, on_row, &im, &info, cerr);
    out->encoding = tableread_format_name(&info);
    snprintf(out->sheet, sizeof out->sheet, "%s", info.sheet);
    strmap_cleanup(&im.seen);
    if (rc < 0)
        rc = app_fail(err, APP_E_INVALID, "bad_file", "body", "%s", cerr);
    else if (rc > 0)
        rc = im.fatal;
    else if (info.records == 0)
        rc = app_fail(err, APP_E_INVALID, "empty", "body", "the file is empty");
    if (rc != 0 || out->rejected) {
        db_rollback(db);
        out->created = out->updated = 0;
        return rc != 0 ? rc : 1;
    }
    if ((rc = db_commit(db)) < 0)
        return app_db_fail(err, db, rc);
    out->committed = 1;
    return 0;
}
