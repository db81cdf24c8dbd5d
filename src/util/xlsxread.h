/*
 * Reading the worksheets of an Office Open XML workbook (.xlsx, as saved by
 * Excel, WPS or LibreOffice), one row at a time, for the imports.
 *
 * A workbook is opened (container, sheet list, styles and shared strings
 * loaded), then any of its sheets is streamed: the sheet's XML is parsed as
 * it is inflated and each non-blank row handed to a callback in the same
 * struct csvread_row the CSV reader delivers, with line = the row number
 * Excel shows. Rows are never kept, so memory does not grow with the sheet.
 *
 * Cell values become text the way a person reads them in Excel: shared and
 * inline strings as written; whole numbers without exponent (a phone
 * 13800138000 stays 13800138000); numbers of 16 or more digits, whose digits
 * Excel has already lost, in Excel's own display form (3.30106E+17) so no
 * check can mistake them for a real ID number; numbers in a date format as
 * YYYY-MM-DD (1900 or 1904 date system, from workbook.xml).
 */
#ifndef CORDON_UTIL_XLSXREAD_H
#define CORDON_UTIL_XLSXREAD_H

#include "util/csvread.h"

#include <stddef.h>

enum xlsxread_error {
    XLSXREAD_E_ARG = -1,    /* bad argument */
    XLSXREAD_E_IO = -2,     /* cannot open or read the file */
    XLSXREAD_E_NOMEM = -3,  /* out of memory */
    XLSXREAD_E_ZIP = -4,    /* not a zip container, or a damaged one */
    XLSXREAD_E_FORMAT = -5, /* a zip, but no workbook in it (a .docx, say) */
    XLSXREAD_E_XML = -6,    /* malformed XML inside the workbook */
    XLSXREAD_E_LIMIT = -7,  /* a cell, row or the shared strings too large */
    XLSXREAD_E_SHEET = -8,  /* no sheet of that name / index */
};

struct xlsx;

/* Opens the workbook at path, or len bytes at data (not copied: data must
 * outlive the struct xlsx). 0 with *out set, or an XLSXREAD_E_* code with a
 * message in err. */
int xlsx_open_file(const char *path, struct xlsx **out, char err[CSVREAD_ERR_LEN]);
int xlsx_open_buffer(const void *data, size_t len, struct xlsx **out, char err[CSVREAD_ERR_LEN]);
void xlsx_close(struct xlsx *x);

/* Worksheets in workbook order (chart sheets left out), and their names. */
size_t xlsx_sheet_count(const struct xlsx *x);
const char *xlsx_sheet_name(const struct xlsx *x, size_t i);

/*
 * Streams sheet i: fn is called for each row holding at least one non-empty
 * cell, in order; row->index counts delivered rows from 0. Returns 0 at the
 * end, fn's non-zero value if it stopped, or an XLSXREAD_E_* code with err.
 */
int xlsx_read_sheet(struct xlsx *x, size_t i, csvread_row_fn fn, void *arg,
                    char err[CSVREAD_ERR_LEN]);

/* The parser of a sheet's XML: xlsx_read_sheet() uses the scanner of
 * util/xmlscan.h (several times faster on a large sheet); expat, which
 * reads the other parts, is kept for the differential test and the fuzzer,
 * which check that both give the same rows. */
enum xlsx_parser { XLSX_SCAN, XLSX_EXPAT };

int xlsx_read_sheet_with(struct xlsx *x, size_t i, enum xlsx_parser parser, csvread_row_fn fn,
                         void *arg, char err[CSVREAD_ERR_LEN]);

/* A sheet's XML alone (no shared strings, no styles: as a workbook without
 * them), fed to the parser `step` bytes at a time (0: the usual pieces), for
 * tests and the fuzzer. Returns as xlsx_read_sheet(). */
int xlsx_read_sheet_xml(const char *xml, size_t len, size_t step, enum xlsx_parser parser,
                        csvread_row_fn fn, void *arg, char err[CSVREAD_ERR_LEN]);

/* Text of a number cell as xlsx_read_sheet() gives it (see the top of this
 * file); date_system is 0 for no date format, 1900 or 1904. */
void xlsx_format_number(double v, int date_system, char *out, size_t size);

const char *xlsxread_strerror(int code);

#endif
