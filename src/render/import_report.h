/*
 * An import's error report as an .xlsx sheet for the committee to correct
 * its spreadsheet: one row per error (line, column, what is wrong, in the
 * user's language, preceded by the workbook's sheet when the import read
 * a workbook), and a last row saying how many errors there were in
 * all when the report lists only the first ones.
 */
#ifndef CORDON_RENDER_IMPORT_REPORT_H
#define CORDON_RENDER_IMPORT_REPORT_H

#include "render/xlsx_table.h"

#include <stddef.h>
#include <stdint.h>

#define IMPORT_REPORT_MAX_ROWS  10000
#define IMPORT_REPORT_SHEET_LEN 128 /* a sheet's name, NUL included */

struct import_report_row {
    int64_t line;      /* the line of the sheet, 1 the header */
    char header[128];  /* the column's header as written in the sheet */
    char code[32];     /* the error's stable code */
    char message[512]; /* the sentence shown */
};

/* Writes the rows to a new .xlsx at path; `total` > n adds the "N errors in
 * all" row. A non-empty `sheet` (the workbook's sheet the lines are in) is a
 * first column 工作表 on every row; a CSV's report has none. Headers in
 * Chinese (zh 1) or English. Returns 0, or an XLSX_TABLE_E_* code with a
 * message in err. */
int import_report_write(const char *path, const struct import_report_row *rows, size_t n,
                        int64_t total, const char *sheet, int zh, char err[XLSX_TABLE_ERR_LEN]);

#endif
