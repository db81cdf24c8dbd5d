/*
 * One door for the imports to read a table, whatever the committee sent: the
 * content (never the file name) decides between a CSV file (util/csvread.h),
 * an .xlsx workbook (util/xlsxread.h, it starts with the zip signature
 * PK\3\4) and an old .xls workbook (FreeXL; D0 CF 11 E0). Every format
 * delivers the same struct csvread_row to the same callback, the header row
 * first (index 0) and line = the line of the file or the row number Excel
 * shows.
 *
 * Every format gets the same normalisation: spaces at both ends of a cell
 * (ASCII, U+3000, U+00A0) are dropped; full-width digits and letters are left
 * to the checks in core/, which fold them. A CSV file is otherwise passed
 * through unchanged (its first record is the header). In a workbook, the header row is
 * found: rows above it (a merged title such as 岐山居委会居民情况登记表, a
 * date line, blanks) are skipped, the header being the first row where the
 * importer recognises at least two column names (or every non-empty cell);
 * the sheet is the one named, or else the first whose header is found.
 */
#ifndef CORDON_UTIL_TABLEREAD_H
#define CORDON_UTIL_TABLEREAD_H

#include "util/csvread.h"

#include <stddef.h>

/* How many non-blank rows of a sheet are searched for the header. */
#define TABLEREAD_HEADER_SCAN 30

enum tableread_format { TABLEREAD_CSV = 0, TABLEREAD_XLSX, TABLEREAD_XLS };

struct tableread_opts {
    const char *sheet;                     /* a workbook's sheet by name; NULL: the first that
                                              has the header */
    int (*header_known)(const char *cell); /* non-zero: the importer knows
                          this column name; NULL: the first row is the header */
};

struct tableread_info {
    enum tableread_format format;
    enum csvread_encoding encoding; /* CSV: as detected; workbooks: UTF-8 */
    size_t records;                 /* rows delivered, header included */
    char sheet[128];                /* workbook: the sheet read (set before its rows) */
};

/*
 * Reads the file at path (or len bytes at data) and calls fn for each row,
 * like csvread_file()/csvread_buffer(). Returns 0, fn's non-zero value, or a
 * negative CSVREAD_E_* / XLSXREAD_E_* code with a one-line message in err.
 * opts and info may be NULL.
 */
int tableread_file(const char *path, const struct tableread_opts *opts, csvread_row_fn fn,
                   void *arg, struct tableread_info *info, char err[CSVREAD_ERR_LEN]);
int tableread_buffer(const void *data, size_t len, const struct tableread_opts *opts,
                     csvread_row_fn fn, void *arg, struct tableread_info *info,
                     char err[CSVREAD_ERR_LEN]);

/* For a report: "xlsx", "xls" or the CSV encoding's name. Static text. */
const char *tableread_format_name(const struct tableread_info *info);

#endif
