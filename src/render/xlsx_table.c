/*
 * Table to .xlsx on top of libxlsxwriter (see xlsx_table.h).
 *
 * The workbook runs in constant_memory mode: each row goes to a temporary
 * file as soon as the next one starts, and strings are written inline rather
 * than into a shared-strings table. Cell formats are few and made once: the
 * header's, the text format, and one per (fill colour, column type) pair,
 * kept in a small table and shared by every cell that needs it.
 */
#include "render/xlsx_table.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Excel keeps 15 significant digits; longer numbers stay text so that no
 * digit is silently lost. */
#define MAX_NUMBER_DIGITS 15

struct fill_format {
    uint32_t fill; /* XLSX_FILL(rgb) */
    int text;      /* 1 for text columns, which also get the "@" format */
    lxw_format *format;
};

struct xlsx_table {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    char *path;
    char *tmpdir; /* libxlsxwriter wants it writable, hence not const */
    int ncols;
    enum xlsx_column_type *types;
    lxw_format *header_format;
    lxw_format *text_format;
    struct fill_format fills[2 * XLSX_TABLE_MAX_FILLS]; /* text and number */
    int nfills;
    int ncolours; /* distinct colours among fills */
    long nrows;
    int rc; /* first error; once set, the table only accepts close */
    char err[XLSX_TABLE_ERR_LEN];
};

static const char *const error_text[] = {
    "success",
    "invalid argument",
    "out of memory",
    "invalid sheet name",
    "too many rows for one sheet",
    "too many fill colours",
    "cell content not accepted",
    "cannot write the file",
    "the table failed earlier",
};

const char *xlsx_table_strerror(int code)
{
    if (code <= 0 && -code < (int)(sizeof(error_text) / sizeof(error_text[0])))
        return error_text[-code];
    return "unknown error";
}

/* Records the table's first error and returns code. */
__attribute__((format(printf, 3, 4))) static int fail(struct xlsx_table *t, int code,
                                                      const char *fmt, ...)
{
    va_list ap;

    if (t->rc == 0) {
        t->rc = code;
        va_start(ap, fmt);
        vsnprintf(t->err, sizeof(t->err), fmt, ap);
        va_end(ap);
    }
    return code;
}

/* Directory part of path, as a new string ("." when there is none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/*
 * Whether s is a plain decimal number Excel can hold exactly enough, and its
 * value. Hand-checked rather than left to strtod, which also takes hex,
 * "inf", "nan" and leading spaces.
 */
static int parse_number(const char *s, double *out)
{
    const char *p = s;
    int digits = 0, mantissa = 0, significant = 0;
    char *end;

    if (*p == '-')
        p++;
    for (; *p >= '0' && *p <= '9'; p++, mantissa++)
        if (*p != '0' || significant)
            significant++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, digits++)
            if (*p != '0' || significant)
                significant++;
    if (mantissa + digits == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (*p < '0' || *p > '9')
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p != '\0' || significant > MAX_NUMBER_DIGITS)
        return 0;
    *out = strtod(s, &end);
    return *end == '\0' && isfinite(*out);
}

/* The shared format for cells with this fill in a column of this type,
 * made on first use. NULL (with the table failed) past the colour limit. */
static lxw_format *fill_format(struct xlsx_table *t, uint32_t fill, int text)
{
    uint32_t rgb = fill & 0xFFFFFFu;
    int i, known = 0;
    lxw_format *f;

    for (i = 0; i < t->nfills; i++) {
        if (t->fills[i].fill != fill)
            continue;
        if (t->fills[i].text == text)
            return t->fills[i].format;
        known = 1;
    }
    if (!known && t->ncolours == XLSX_TABLE_MAX_FILLS) {
        fail(t, XLSX_TABLE_E_FILLS, "more than %d different fill colours", XLSX_TABLE_MAX_FILLS);
        return NULL;
    }
    if ((f = workbook_add_format(t->wb)) == NULL) {
        fail(t, XLSX_TABLE_E_NOMEM, "out of memory");
        return NULL;
    }
    format_set_pattern(f, LXW_PATTERN_SOLID);
    /* libxlsxwriter reads 0 as "no colour" and spells black LXW_COLOR_BLACK. */
    format_set_bg_color(f, rgb ? rgb : LXW_COLOR_BLACK);
    if (text)
        format_set_num_format(f, "@");
    t->fills[t->nfills].fill = fill;
    t->fills[t->nfills].text = text;
    t->fills[t->nfills].format = f;
    t->nfills++;
    t->ncolours += !known;
    return f;
}

/* Frees t; with remove, also deletes the output without finishing it. */
static void destroy(struct xlsx_table *t, int remove)
{
    /* lxw_workbook_free() releases a workbook, its temporary files included,
     * without writing the .xlsx, which only workbook_close() does. */
    if (t->wb)
        lxw_workbook_free(t->wb);
    if (remove && t->path)
        unlink(t->path);
    free(t->types);
    free(t->tmpdir);
    free(t->path);
    free(t);
}

static int cell_error(struct xlsx_table *t, lxw_row_t row, int col, lxw_error e)
{
    char cell[LXW_MAX_CELL_NAME_LENGTH];

    lxw_rowcol_to_cell(cell, row, (lxw_col_t)col);
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        return fail(t, XLSX_TABLE_E_CELL, "cell %s: text longer than Excel's 32767 characters",
                    cell);
    return fail(t, XLSX_TABLE_E_WRITE, "cell %s: %s", cell, lxw_strerror(e));
}

struct xlsx_table *xlsx_table_open(const char *path, const char *sheet,
                                   const struct xlsx_column *cols, int ncols,
                                   char err[XLSX_TABLE_ERR_LEN])
{
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_FALSE};
    struct xlsx_table *t;
    lxw_error e;
    int fd, created = 0;

    if (err)
        err[0] = '\0';
    if (path == NULL || sheet == NULL || cols == NULL || ncols < 1 || ncols > XLSX_TABLE_MAX_COLS) {
        if (err)
            snprintf(err, XLSX_TABLE_ERR_LEN, "no path, sheet or columns, or more than %d columns",
                     XLSX_TABLE_MAX_COLS);
        return NULL;
    }
    if ((t = calloc(1, sizeof(*t))) == NULL) {
        if (err)
            snprintf(err, XLSX_TABLE_ERR_LEN, "out of memory");
        return NULL;
    }
    t->ncols = ncols;
    t->path = strdup(path);
    t->tmpdir = dir_of(path);
    t->types = calloc((size_t)ncols, sizeof(*t->types));
    if (t->path == NULL || t->tmpdir == NULL || t->types == NULL) {
        fail(t, XLSX_TABLE_E_NOMEM, "out of memory");
        goto failed;
    }
    /* Fail now, not after a long export, if the file cannot be created. */
    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
        fail(t, XLSX_TABLE_E_WRITE, "%s: %s", path, strerror(errno));
        goto failed;
    }
    close(fd);
    created = 1;

    opts.tmpdir = t->tmpdir;
    if ((t->wb = workbook_new_opt(path, &opts)) == NULL) {
        fail(t, XLSX_TABLE_E_NOMEM, "cannot start a workbook");
        goto failed;
    }
    /* libxlsxwriter takes "" (and names it Sheet1); Excel does not. */
    if (sheet[0] == '\0') {
        fail(t, XLSX_TABLE_E_SHEET, "sheet name is empty");
        goto failed;
    }
    if ((e = workbook_validate_sheet_name(t->wb, sheet)) != LXW_NO_ERROR) {
        fail(t, XLSX_TABLE_E_SHEET, "sheet name \"%s\": %s", sheet, lxw_strerror(e));
        goto failed;
    }
    /* In constant_memory mode this also creates the worksheet's temp file. */
    if ((t->ws = workbook_add_worksheet(t->wb, sheet)) == NULL) {
        fail(t, XLSX_TABLE_E_WRITE, "cannot create a temporary file in %s", t->tmpdir);
        goto failed;
    }
    t->header_format = workbook_add_format(t->wb);
    t->text_format = workbook_add_format(t->wb);
    if (t->header_format == NULL || t->text_format == NULL) {
        fail(t, XLSX_TABLE_E_NOMEM, "out of memory");
        goto failed;
    }
    format_set_bold(t->header_format);
    format_set_num_format(t->text_format, "@");

    for (int c = 0; c < ncols; c++) {
        double width = cols[c].width > 0 ? cols[c].width : LXW_DEF_COL_WIDTH;

        if (cols[c].type != XLSX_COL_TEXT && cols[c].type != XLSX_COL_NUMBER) {
            fail(t, XLSX_TABLE_E_ARG, "column %d: unknown type %d", c + 1, (int)cols[c].type);
            goto failed;
        }
        t->types[c] = cols[c].type;
        e = worksheet_set_column(t->ws, (lxw_col_t)c, (lxw_col_t)c, width,
                                 cols[c].type == XLSX_COL_TEXT ? t->text_format : NULL);
        if (e == LXW_NO_ERROR && cols[c].header && cols[c].header[0])
            e = worksheet_write_string(t->ws, 0, (lxw_col_t)c, cols[c].header, t->header_format);
        if (e != LXW_NO_ERROR) {
            cell_error(t, 0, c, e);
            goto failed;
        }
    }
    worksheet_freeze_panes(t->ws, 1, 0);
    return t;

failed:
    if (err)
        snprintf(err, XLSX_TABLE_ERR_LEN, "%s", t->err);
    destroy(t, created);
    return NULL;
}

int xlsx_table_row(struct xlsx_table *t, const char *const *cells, const uint32_t *fills)
{
    lxw_row_t row;
    lxw_error e;

    if (t == NULL)
        return XLSX_TABLE_E_ARG;
    if (t->rc)
        return XLSX_TABLE_E_FAILED;
    if (t->nrows >= XLSX_TABLE_MAX_ROWS)
        return fail(t, XLSX_TABLE_E_ROWS, "more than %ld rows do not fit in one sheet",
                    (long)XLSX_TABLE_MAX_ROWS);
    row = (lxw_row_t)(t->nrows + 1);
    for (int c = 0; c < t->ncols; c++) {
        const char *s = cells ? cells[c] : NULL;
        uint32_t fill = fills ? fills[c] : 0;
        int text = t->types[c] == XLSX_COL_TEXT;
        lxw_format *f = text ? t->text_format : NULL;
        double v;

        if (fill & XLSX_FILL_SET) {
            if ((f = fill_format(t, fill, text)) == NULL)
                return t->rc;
        }
        if (s == NULL || s[0] == '\0') {
            if (!(fill & XLSX_FILL_SET))
                continue;
            e = worksheet_write_blank(t->ws, row, (lxw_col_t)c, f);
        } else if (!text && parse_number(s, &v)) {
            e = worksheet_write_number(t->ws, row, (lxw_col_t)c, v, f);
        } else {
            e = worksheet_write_string(t->ws, row, (lxw_col_t)c, s, f);
        }
        if (e != LXW_NO_ERROR)
            return cell_error(t, row, c, e);
    }
    t->nrows++;
    return 0;
}

long xlsx_table_rows(const struct xlsx_table *t)
{
    return t ? t->nrows : 0;
}

int xlsx_table_close(struct xlsx_table *t, char err[XLSX_TABLE_ERR_LEN])
{
    lxw_error e;
    int rc;

    if (err)
        err[0] = '\0';
    if (t == NULL)
        return 0;
    if (t->rc == 0) {
        e = worksheet_autofilter(t->ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1));
        if (e != LXW_NO_ERROR)
            fail(t, XLSX_TABLE_E_WRITE, "autofilter: %s", lxw_strerror(e));
    }
    if (t->rc == 0) {
        /* workbook_close() frees the workbook whatever it returns. */
        e = workbook_close(t->wb);
        t->wb = NULL;
        if (e != LXW_NO_ERROR)
            fail(t, XLSX_TABLE_E_WRITE, "%s: %s", t->path, lxw_strerror(e));
    }
    rc = t->rc;
    if (rc && err)
        snprintf(err, XLSX_TABLE_ERR_LEN, "%s", t->err);
    destroy(t, rc != 0);
    return rc;
}

void xlsx_table_discard(struct xlsx_table *t)
{
    if (t)
        destroy(t, 1);
}
