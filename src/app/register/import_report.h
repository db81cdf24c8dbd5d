/*
 * Reading back an import's error report (the `errors` of POST
 * /api/v1/imports, sent again by the browser) to turn it into an .xlsx the
 * committee can download: strict, through app/input.c, at most
 * IMPORT_REPORT_MAX_ROWS rows.
 */
#ifndef CORDON_APP_IMPORT_REPORT_H
#define CORDON_APP_IMPORT_REPORT_H

#include "app/app.h"
#include "render/import_report.h"

#include <jansson.h>

/* {"errors": [{"line", "column", "header", "code", "message"}...],
 * "total_errors"?: n, "sheet"?: "居民"}: the rows into *rows (malloc'd, the
 * caller frees), their number into *n, total_errors (or n) into *total, the
 * workbook's sheet the lines are in into sheet ("" for a CSV). 0, or
 * APP_E_INVALID naming the field ("errors[3].code" as "errors.code"). */
int import_report_parse(const json_t *body, struct import_report_row **rows, size_t *n,
                        int64_t *total, char sheet[IMPORT_REPORT_SHEET_LEN], struct app_error *err);

#endif
