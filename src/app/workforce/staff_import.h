/*
 * Importing staff from a spreadsheet as the offices keep them (CSV, UTF-8
 * or GB18030, headers 姓名, 手机号, 派出单位, 批次, 技能 in any order, or
 * their English names): all or nothing, every bad row reported with its
 * line, like the resident import (app/register/import.h, whose error shape
 * it shares). A phone already known updates that person.
 */
#ifndef CORDON_APP_STAFF_IMPORT_H
#define CORDON_APP_STAFF_IMPORT_H

#include "app/register/import.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct staff_import_report {
    const char *encoding; /* the CSV's encoding, or "xlsx" / "xls" */
    char sheet[128];      /* the workbook's sheet read; "" for CSV */
    size_t rows, created, updated;
    struct import_error *errors; /* first IMPORT_MAX_KEPT_ERRORS */
    size_t nerrors, errors_cap, total_errors;
    int committed;
};

/* Imports `path` (or len bytes at data); when only_home_unit is not 0 (a
 * home unit's own account) every row must name that home unit. 0 when written, 1 when rows were
 * bad and nothing was written, < 0 for a failure not about rows (with err).
 * The caller frees the report with staff_import_cleanup(). */
int staff_import(struct db *db, const char *path, const char *data, size_t len,
                 int64_t only_home_unit, struct staff_import_report *out, struct app_error *err);
/* The same, reading the workbook sheet named (NULL: the first whose header
 * is found; util/tableread.h). */
int staff_import_sheet(struct db *db, const char *path, const char *data, size_t len,
                       int64_t only_home_unit, const char *sheet, struct staff_import_report *out,
                       struct app_error *err);
void staff_import_cleanup(struct staff_import_report *r);

#endif
