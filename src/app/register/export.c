/*
 * The resident export (see export.h). Rows stream from the database to the
 * file one at a time (libxlsxwriter in constant-memory mode, or CSV), so a
 * district's million residents need no more memory than ten.
 */
#include "app/register/export.h"
#include "app/register/residents.h"

#include "core/colour.h"
#include "core/columns.h"
#include "core/date.h"
#include "core/document.h"
#include "core/mask.h"
#include "core/unitcode.h"
#include "render/xlsx_table.h"
#include "store/residents.h"
#include "store/units.h"
#include "util/csvread.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NCOLS 20

static const struct xlsx_column columns[NCOLS] = {
    {"居委会代码", 14, XLSX_COL_TEXT},   {"小区", 16, XLSX_COL_TEXT},
    {"楼号", 8, XLSX_COL_TEXT},          {"单元", 6, XLSX_COL_TEXT},
    {"室号", 8, XLSX_COL_TEXT},          {"姓名", 10, XLSX_COL_TEXT},
    {"证件类型", 12, XLSX_COL_TEXT},     {"证件号码", 21, XLSX_COL_TEXT},
    {"性别", 5, XLSX_COL_TEXT},          {"出生日期", 11, XLSX_COL_TEXT},
    {"手机号", 13, XLSX_COL_TEXT},       {"在沪情况", 10, XLSX_COL_TEXT},
    {"返沪日期", 11, XLSX_COL_TEXT},     {"来源地", 12, XLSX_COL_TEXT},
    {"隔离情况", 10, XLSX_COL_TEXT},     {"隔离开始日期", 12, XLSX_COL_TEXT},
    {"隔离结束日期", 12, XLSX_COL_TEXT}, {"健康状况", 9, XLSX_COL_TEXT},
    {"颜色", 6, XLSX_COL_TEXT},          {"网格", 16, XLSX_COL_TEXT},
};
#define COLOUR_COL 18

struct exporter {
    const struct export_opts *opts;
    struct xlsx_table *x;
    FILE *csv;
    int64_t rows;
};

static const char *situation_of(const struct facts *f)
{
    if (f->presence == PRESENCE_AWAY)
        return situation_label_zh(SITUATION_AWAY);
    if (f->arrival_day == DATE_NONE)
        return situation_label_zh(SITUATION_STAYED);
    return situation_label_zh(f->arrival_abroad ? SITUATION_ABROAD : SITUATION_DOMESTIC);
}

static int write_one(void *arg, const struct resident_place *rp)
{
    struct exporter *e = arg;
    const struct resident *r = &rp->r;
    char committee[UNITCODE_STR_LEN],
        grid[UNITCODE_STR_LEN] = "", birth[DATE_STR_LEN], arrived[DATE_STR_LEN], qf[DATE_STR_LEN],
        qu[DATE_STR_LEN], name[RES_NAME_MAX * 2], doc[RES_DOC_MAX * 2], phone[RES_PHONE_MAX * 2];
    const char *cells[NCOLS];
    uint32_t fills[NCOLS] = {0};
    int rc;

    unitcode_format(r->committee, committee);
    if (r->grid)
        unitcode_format(r->grid, grid);
    date_format(r->birth, birth);
    date_format(r->facts.arrival_day, arrived);
    date_format(r->facts.quarantine != QUARANTINE_NONE ? r->facts.quarantine_from : DATE_NONE, qf);
    date_format(r->facts.quarantine != QUARANTINE_NONE ? r->facts.quarantine_until : DATE_NONE, qu);
    if (e->opts->masked) {
        mask_name(r->name, name, sizeof name);
        mask_doc(r->doc_no, doc, sizeof doc);
        mask_phone(r->phone, phone, sizeof phone);
        birth[0] = '\0';
    } else {
        snprintf(name, sizeof name, "%s", r->name);
        snprintf(doc, sizeof doc, "%s", r->doc_no);
        snprintf(phone, sizeof phone, "%s", r->phone);
    }
    cells[0] = committee;
    cells[1] = rp->compound;
    cells[2] = rp->building;
    cells[3] = rp->unit;
    cells[4] = rp->room;
    cells[5] = name;
    cells[6] = doc_type_label_zh((enum doc_type)r->doc_type);
    cells[7] = doc;
    cells[8] = e->opts->masked ? "" : r->sex == 1 ? "男" : r->sex == 2 ? "女" : "";
    cells[9] = birth;
    cells[10] = phone;
    cells[11] = situation_of(&r->facts);
    cells[12] = arrived;
    cells[13] = r->facts.arrival_day != DATE_NONE ? r->origin : "";
    cells[14] = quarantine_label_zh(r->facts.quarantine);
    cells[15] = qf;
    cells[16] = qu;
    cells[17] = health_label_zh(r->facts.health);
    cells[18] = colour_default_label_zh(r->colour);
    cells[19] = grid;
    if (e->x) {
        fills[COLOUR_COL] = XLSX_FILL(colour_rgb(r->colour));
        if ((rc = xlsx_table_row(e->x, cells, fills)) < 0)
            return rc;
    } else if (csvwrite_row(e->csv, cells, NCOLS) < 0) {
        return -1;
    }
    e->rows++;
    return 0;
}

/* The export, its failure as one line in err (the xlsx writer's
 * convention). */
static int64_t residents_to(struct db *db, const struct export_opts *opts, const char *path,
                            char err[256])
{
    struct exporter e;
    struct unit u;
    char sheet[64];
    int rc;

    memset(&e, 0, sizeof e);
    e.opts = opts;
    err[0] = '\0';
    if ((rc = store_unit_get(db, opts->unit, &u)) < 0) {
        snprintf(err, 256, rc == DB_E_NOTFOUND ? "no unit %lld" : "cannot read unit %lld",
                 (long long)opts->unit);
        return rc;
    }
    if (opts->format == EXPORT_XLSX) {
        /* The sheet is named after the unit, e.g. 岐山居委会. */
        snprintf(sheet, sizeof sheet, "%.30s", u.name);
        if (!(e.x = xlsx_table_open(path, sheet, columns, NCOLS, err)) &&
            !(e.x = xlsx_table_open(path, "residents", columns, NCOLS, err)))
            return -1;
    } else {
        const char *h[NCOLS];
        if (!(e.csv = fopen(path, "wb"))) {
            snprintf(err, 256, "cannot write %s", path);
            return -1;
        }
        for (int i = 0; i < NCOLS; i++)
            h[i] = columns[i].header;
        csvwrite_bom(e.csv);
        csvwrite_row(e.csv, h, NCOLS);
    }
    if (opts->filter) {
        struct app_error ae;
        if ((rc = residents_each(db, opts->caller, opts->filter, write_one, &e, &ae)) < 0)
            snprintf(err, 256, "%s", ae.message);
    } else {
        rc = store_residents_with_places(db, opts->unit, write_one, &e);
    }
    if (e.x) {
        if (rc < 0) {
            xlsx_table_discard(e.x);
            unlink(path);
        } else if (xlsx_table_close(e.x, err) < 0) {
            unlink(path);
            return -1;
        }
    } else {
        if (fclose(e.csv) != 0 && rc >= 0) {
            snprintf(err, 256, "cannot write %s", path);
            rc = -1;
        }
        if (rc < 0)
            unlink(path);
    }
    if (rc < 0) {
        if (!err[0])
            snprintf(err, 256, "export failed: %s", db_errmsg(db));
        return rc;
    }
    return e.rows;
}

struct counts_export {
    struct db *db;
    struct xlsx_table *x;
    int64_t rows;
    int rc;
};

static int counts_row(struct counts_export *e, const struct unit *u)
{
    int64_t c[COLOUR_COUNT], total = 0;
    char code[UNITCODE_STR_LEN], n[COLOUR_COUNT + 1][24];
    const char *cells[3 + COLOUR_COUNT];
    int rc;

    if ((rc = store_counts_get(e->db, u->code, c)) < 0)
        return rc;
    for (int i = 0; i < COLOUR_COUNT; i++) {
        total += c[i];
        snprintf(n[i], sizeof n[i], "%lld", (long long)c[i]);
    }
    snprintf(n[COLOUR_COUNT], sizeof n[COLOUR_COUNT], "%lld", (long long)total);
    unitcode_format(u->code, code);
    cells[0] = code;
    cells[1] = u->name;
    cells[2] = n[COLOUR_COUNT];
    for (int i = 0; i < COLOUR_COUNT; i++)
        cells[3 + i] = n[i];
    if ((rc = xlsx_table_row(e->x, cells, NULL)) < 0)
        return rc;
    e->rows++;
    return 0;
}

static int counts_child(void *arg, const struct unit *u)
{
    return counts_row(arg, u);
}

static int64_t counts_to(struct db *db, int64_t unit, const char *path, char err[256])
{
    struct xlsx_column cols[3 + COLOUR_COUNT] = {
        {"代码", 16, XLSX_COL_TEXT}, {"单位", 20, XLSX_COL_TEXT}, {"合计", 10, XLSX_COL_NUMBER}};
    struct counts_export e = {db, NULL, 0, 0};
    struct unit u;
    char sheet[64];
    int rc;

    err[0] = '\0';
    for (int i = 0; i < COLOUR_COUNT; i++) {
        cols[3 + i].header = colour_default_label_zh((enum colour)i);
        cols[3 + i].width = 8;
        cols[3 + i].type = XLSX_COL_NUMBER;
    }
    if ((rc = store_unit_get(db, unit, &u)) < 0) {
        snprintf(err, 256, "no unit %lld", (long long)unit);
        return rc;
    }
    snprintf(sheet, sizeof sheet, "%.30s", u.name);
    if (!(e.x = xlsx_table_open(path, sheet, cols, 3 + COLOUR_COUNT, err)) &&
        !(e.x = xlsx_table_open(path, "counts", cols, 3 + COLOUR_COUNT, err)))
        return -1;
    if ((rc = counts_row(&e, &u)) < 0 ||
        (rc = store_unit_children(db, unit, counts_child, &e)) < 0) {
        xlsx_table_discard(e.x);
        unlink(path);
        if (!err[0])
            snprintf(err, 256, "export failed: %s", db_errmsg(db));
        return rc;
    }
    if (xlsx_table_close(e.x, err) < 0) {
        unlink(path);
        return -1;
    }
    return e.rows;
}

/* An export's result: n < 0 with its line `why` becomes the app error. */
/* n, or the app status of its failure (a unit that does not exist is
 * APP_E_NOTFOUND, "not_found"). */
static int64_t export_result(struct app_error *err, int64_t n, const char *why)
{
    if (n == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "code", "%s", why);
    if (n < 0)
        return app_fail(err, APP_E_INTERNAL, "export_failed", NULL, "%s", why);
    return n;
}

int64_t export_residents(struct db *db, const struct export_opts *opts, const char *path,
                         struct app_error *err)
{
    char why[256];

    return export_result(err, residents_to(db, opts, path, why), why);
}

int64_t export_counts(struct db *db, int64_t unit, const char *path, struct app_error *err)
{
    char why[256];

    return export_result(err, counts_to(db, unit, path, why), why);
}
