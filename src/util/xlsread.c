/*
 * The .xls reader (util/xlsread.h) over FreeXL. Cells become text as in the
 * .xlsx reader: whole numbers without exponent, 16-digit and longer numbers
 * in Excel's display form, dates as FreeXL gives them (YYYY-MM-DD).
 */
#include "util/xlsread.h"

#include "util/xlsxread.h"

#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_COLS 256 /* the .xls format's own limit */

struct xls {
    const void *h;
    char **names;
    size_t nsheets;
};

static int open_path(const char *path, struct xls **out, char *err)
{
    struct xls *x = calloc(1, sizeof *x);
    unsigned int n = 0;
    int rc;

    if (!x)
        return XLSXREAD_E_NOMEM;
    if ((rc = freexl_open(path, &x->h)) != FREEXL_OK ||
        freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &n) != FREEXL_OK) {
        snprintf(err, CSVREAD_ERR_LEN, "not a readable .xls workbook (FreeXL error %d)", rc);
        xls_close(x);
        return XLSXREAD_E_FORMAT;
    }
    if (n && !(x->names = calloc(n, sizeof *x->names))) {
        xls_close(x);
        return XLSXREAD_E_NOMEM;
    }
    for (unsigned short i = 0; i < n; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(x->h, i, &name) != FREEXL_OK || !name)
            name = "";
        if (!(x->names[i] = strdup(name))) {
            xls_close(x);
            return XLSXREAD_E_NOMEM;
        }
        x->nsheets = i + 1u;
    }
    *out = x;
    return 0;
}

int xls_open_file(const char *path, struct xls **out, char err[CSVREAD_ERR_LEN])
{
    err[0] = '\0';
    return path && out ? open_path(path, out, err) : XLSXREAD_E_ARG;
}

int xls_open_buffer(const void *data, size_t len, struct xls **out, char err[CSVREAD_ERR_LEN])
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    FILE *f;
    int fd, rc;

    err[0] = '\0';
    snprintf(path, sizeof path, "%s/cordon-xls-XXXXXX", dir && *dir ? dir : "/tmp");
    if ((fd = mkstemp(path)) < 0 || !(f = fdopen(fd, "wb"))) {
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
        snprintf(err, CSVREAD_ERR_LEN, "cannot write a temporary file for the .xls");
        return XLSXREAD_E_IO;
    }
    rc = fwrite(data, 1, len, f) == len ? 0 : XLSXREAD_E_IO;
    if (fclose(f) != 0)
        rc = XLSXREAD_E_IO;
    if (rc == 0)
        rc = open_path(path, out, err); /* FreeXL has read it all */
    else
        snprintf(err, CSVREAD_ERR_LEN, "cannot write a temporary file for the .xls");
    unlink(path);
    return rc;
}

void xls_close(struct xls *x)
{
    if (!x)
        return;
    if (x->h)
        freexl_close(x->h);
    for (size_t i = 0; i < x->nsheets; i++)
        free(x->names[i]);
    free(x->names);
    free(x);
}

size_t xls_sheet_count(const struct xls *x)
{
    return x ? x->nsheets : 0;
}

const char *xls_sheet_name(const struct xls *x, size_t i)
{
    return x && i < x->nsheets ? x->names[i] : NULL;
}

/* The text of one cell into buf (size 64 at least for numbers). */
static const char *cell_text(const FreeXL_CellValue *v, char *buf, size_t size)
{
    switch (v->type) {
    case FREEXL_CELL_INT:
        snprintf(buf, size, "%d", v->value.int_value);
        return buf;
    case FREEXL_CELL_DOUBLE:
        xlsx_format_number(v->value.double_value, 0, buf, size);
        return buf;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        return v->value.text_value ? v->value.text_value : "";
    }
    return "";
}

int xls_read_sheet(struct xls *x, size_t i, csvread_row_fn fn, void *arg, char err[CSVREAD_ERR_LEN])
{
    const char *fields[MAX_COLS];
    size_t lens[MAX_COLS], index = 0;
    char nums[MAX_COLS][64];
    unsigned int rows = 0;
    unsigned short cols = 0;
    int rc = 0;

    err[0] = '\0';
    if (!x || !fn || i >= x->nsheets)
        return XLSXREAD_E_SHEET;
    if (freexl_select_active_worksheet(x->h, (unsigned short)i) != FREEXL_OK ||
        freexl_worksheet_dimensions(x->h, &rows, &cols) != FREEXL_OK) {
        snprintf(err, CSVREAD_ERR_LEN, "sheet %s cannot be read", x->names[i]);
        return XLSXREAD_E_FORMAT;
    }
    if (cols > MAX_COLS)
        cols = MAX_COLS;
    for (unsigned int r = 0; r < rows && rc == 0; r++) {
        size_t n = 0;
        for (unsigned short c = 0; c < cols; c++) {
            FreeXL_CellValue v = {.type = FREEXL_CELL_NULL};
            if (freexl_get_cell_value(x->h, r, c, &v) != FREEXL_OK)
                v.type = FREEXL_CELL_NULL;
            fields[c] = cell_text(&v, nums[c], sizeof nums[c]);
            if ((lens[c] = strlen(fields[c])))
                n = c + 1u;
        }
        if (n) /* blank rows are skipped, as in the other readers */
            rc = fn(arg, &(struct csvread_row){fields, lens, n, r + 1, index++});
    }
    return rc;
}
