/*
 * A table written to an .xlsx file: a bold, frozen, filterable header row,
 * then rows of text cells, any of which may be filled with a colour (how a
 * resident's status colour shows in an export). Rows stream to disk as they
 * are added (libxlsxwriter's constant_memory mode), so a million-row export
 * uses little memory; the price is that rows can only be appended.
 */
#ifndef CORDON_RENDER_XLSX_TABLE_H
#define CORDON_RENDER_XLSX_TABLE_H

#include <stdint.h>

/* Size of the error buffers filled by xlsx_table_open() and _close(). */
#define XLSX_TABLE_ERR_LEN 256

/* Data rows a sheet can hold under its header row. */
#define XLSX_TABLE_MAX_ROWS (1048576 - 1)
#define XLSX_TABLE_MAX_COLS 16384

/* Distinct fill colours one table may use (a cell format is made for each
 * colour once and shared by every cell with it). */
#define XLSX_TABLE_MAX_FILLS 128

/*
 * A cell's fill: 0 for none, else XLSX_FILL(0xRRGGBB). The flag bit lets
 * black (0x000000) be told apart from "no fill".
 */
#define XLSX_FILL_SET  0x1000000u
#define XLSX_FILL(rgb) (XLSX_FILL_SET | ((uint32_t)(rgb)&0xFFFFFFu))

enum xlsx_column_type {
    XLSX_COL_TEXT = 0, /* written as text, and formatted as text ("@") so
                          numbers typed later, like ID card numbers, stay text */
    XLSX_COL_NUMBER,   /* a plain decimal number ("12", "-3.5", "1e3") of at
                          most 15 significant digits becomes a number cell;
                          anything else is still written as text */
};

struct xlsx_column {
    const char *header;         /* UTF-8 header text; NULL for none */
    double width;               /* in Excel character widths; 0: default */
    enum xlsx_column_type type; /* XLSX_COL_TEXT unless set */
};

enum xlsx_table_error {
    XLSX_TABLE_E_ARG = -1,    /* bad argument */
    XLSX_TABLE_E_NOMEM = -2,  /* out of memory */
    XLSX_TABLE_E_SHEET = -3,  /* sheet name Excel does not accept */
    XLSX_TABLE_E_ROWS = -4,   /* more rows than a sheet holds */
    XLSX_TABLE_E_FILLS = -5,  /* more than XLSX_TABLE_MAX_FILLS colours */
    XLSX_TABLE_E_CELL = -6,   /* a cell Excel cannot hold (text > 32767) */
    XLSX_TABLE_E_WRITE = -7,  /* the file cannot be created or written */
    XLSX_TABLE_E_FAILED = -8, /* an earlier call failed; only close is left */
};

/* An open table; rows are added in order and the file is finished by close. */
struct xlsx_table;

/*
 * Starts a table in a new file at path (replaced if it exists) with a sheet
 * named sheet: at most 31 characters (Chinese is fine), none of []:*?/\.
 * cols gives the ncols columns; their headers form the first row.
 *
 * The file is created at once, so an unwritable path fails here and not
 * after a long export. Temporary data goes to the output file's directory,
 * not /tmp (which may be memory-backed). Returns the table, owned by the
 * caller until xlsx_table_close() or xlsx_table_discard(), or NULL with a
 * message in err (which may be NULL).
 */
struct xlsx_table *xlsx_table_open(const char *path, const char *sheet,
                                   const struct xlsx_column *cols, int ncols,
                                   char err[XLSX_TABLE_ERR_LEN]);

/*
 * Appends one row of ncols cells. cells[i] is UTF-8 text, NULL or "" for an
 * empty cell; fills is NULL for no fills, or ncols values of 0 or
 * XLSX_FILL(rgb). An empty cell with a fill is still filled.
 *
 * Returns 0 or an XLSX_TABLE_E_* code. After an error the table is failed:
 * further rows return XLSX_TABLE_E_FAILED, and xlsx_table_close() reports
 * the first error (naming the cell, "C19") and removes the file.
 */
int xlsx_table_row(struct xlsx_table *t, const char *const *cells, const uint32_t *fills);

/* Data rows added so far (the header not counted). */
long xlsx_table_rows(const struct xlsx_table *t);

/*
 * Adds the header autofilter over all rows, writes the file and frees t.
 * Returns 0, or an XLSX_TABLE_E_* code with a message in err (may be NULL),
 * in which case no file is left at path. t is freed either way; NULL is a
 * no-op returning 0.
 */
int xlsx_table_close(struct xlsx_table *t, char err[XLSX_TABLE_ERR_LEN]);

/* Abandons the table (an export that failed elsewhere): removes the file
 * and frees t without writing anything more. Accepts NULL. */
void xlsx_table_discard(struct xlsx_table *t);

/* Static text for an XLSX_TABLE_E_* code; "unknown error" otherwise. */
const char *xlsx_table_strerror(int code);

#endif
