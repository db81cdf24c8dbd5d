/*
 * Importing the enterprise spreadsheet a street keeps (CSV as Excel or WPS
 * saves it, UTF-8 or GB18030; headers 企业名称, 统一社会信用代码, 行业,
 * 员工数, 年产值(万元), 所在园区, 所在楼宇, 联系人, 联系电话 in any order,
 * or their English names). All or nothing: one bad row and nothing is
 * written, every bad row reported with its line and column. An enterprise
 * already registered (same credit code) is updated.
 */
#ifndef CORDON_APP_ENTERPRISES_IMPORT_H
#define CORDON_APP_ENTERPRISES_IMPORT_H

#include "app/app.h"
#include "app/register/import.h" /* struct import_error, struct import_report */

/*
 * Imports `path` (or `len` bytes at `data` when path is NULL) into street
 * `street` as caller c (PERM_APPROVE, the street in scope). Returns 0 with
 * the report filled, 1 when rows were bad and nothing was written (the
 * report lists them), or an app status with err filled (the role, the
 * street, an unreadable file, a missing column). The report's errors are
 * freed with import_report_cleanup().
 */
int enterprises_import(struct db *db, const struct caller *c, int64_t street, const char *path,
                       const char *data, size_t len, struct import_report *out,
                       struct app_error *err);

/* The same, reading the workbook sheet named (NULL: the first whose header
 * is found; util/tableread.h). */
int enterprises_import_sheet(struct db *db, const struct caller *c, int64_t street,
                             const char *path, const char *data, size_t len, const char *sheet,
                             struct import_report *out, struct app_error *err);

#endif
