/*
 * The import error report sheet (see import_report.h), on xlsx_table.
 */
#include "render/import_report.h"

#include <inttypes.h>
#include <stdio.h>

int import_report_write(const char *path, const struct import_report_row *rows, size_t n,
                        int64_t total, const char *sheet, int zh, char err[XLSX_TABLE_ERR_LEN])
{
    const struct xlsx_column all[] = {
        {zh ? "工作表" : "Sheet", 16, XLSX_COL_TEXT}, {zh ? "行号" : "Line", 8, XLSX_COL_NUMBER},
        {zh ? "列" : "Column", 16, XLSX_COL_TEXT},    {zh ? "问题" : "Problem", 60, XLSX_COL_TEXT},
        {zh ? "代码" : "Code", 18, XLSX_COL_TEXT},
    };
    /* A CSV has no sheet: its report starts at the line number. */
    size_t skip = sheet && sheet[0] ? 0 : 1, ncols = 5 - skip;
    struct xlsx_table *t =
        xlsx_table_open(path, zh ? "导入错误" : "import errors", all + skip, ncols, err);
    char line[24], more[128];
    int rc = 0;

    if (!t)
        return XLSX_TABLE_E_WRITE;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *cells[5] = {sheet, line, rows[i].header, rows[i].message, rows[i].code};
        snprintf(line, sizeof line, "%" PRId64, rows[i].line);
        rc = xlsx_table_row(t, cells + skip, NULL);
    }
    if (rc == 0 && total > (int64_t)n) {
        const char *cells[5] = {"", "", "", more, ""};
        snprintf(more, sizeof more,
                 zh ? "共 %" PRId64 " 处错误，以上为前 %zu 处；改正后重新导入可看到其余的"
                    : "%" PRId64 " errors in all; the first %zu are listed: correct them and "
                      "import again to see the rest",
                 total, n);
        rc = xlsx_table_row(t, cells + skip, NULL);
    }
    if (rc < 0) {
        xlsx_table_discard(t);
        snprintf(err, XLSX_TABLE_ERR_LEN, "%s", xlsx_table_strerror(rc));
        return rc;
    }
    return xlsx_table_close(t, err);
}
