/*
 * Reading the sheets of an old Excel 97-2003 workbook (.xls) through Debian's
 * FreeXL, with the same shape as util/xlsxread.h so util/tableread.c treats
 * both alike. FreeXL reads files only: an upload is written to a temporary
 * file first (an .xls holds at most 65,536 rows, so this stays small).
 */
#ifndef CORDON_UTIL_XLSREAD_H
#define CORDON_UTIL_XLSREAD_H

#include "util/csvread.h"

#include <stddef.h>

struct xls;

/* 0 with *out set, or an XLSXREAD_E_* code (util/xlsxread.h) with err. */
int xls_open_file(const char *path, struct xls **out, char err[CSVREAD_ERR_LEN]);
int xls_open_buffer(const void *data, size_t len, struct xls **out, char err[CSVREAD_ERR_LEN]);
void xls_close(struct xls *x);

size_t xls_sheet_count(const struct xls *x);
const char *xls_sheet_name(const struct xls *x, size_t i);

/* Like xlsx_read_sheet(): non-blank rows, line = the row number Excel shows. */
int xls_read_sheet(struct xls *x, size_t i, csvread_row_fn fn, void *arg,
                   char err[CSVREAD_ERR_LEN]);

#endif
