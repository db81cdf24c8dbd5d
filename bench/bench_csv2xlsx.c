/*
 * Writes a CSV as an .xlsx with the project's libxlsxwriter (constant-memory
 * mode: rows streamed out, strings inline, as large exports are written),
 * every cell a string, one sheet "登记表". For bench/xlsx_import.sh, which
 * times the import of this workbook against the import of the CSV.
 * Usage: bench_csv2xlsx IN.csv OUT.xlsx
 */
#include "util/csvread.h"

#include <stdio.h>
#include <xlsxwriter.h>

struct out {
    lxw_worksheet *ws;
    lxw_row_t row;
};

static int on_row(void *arg, const struct csvread_row *r)
{
    struct out *o = arg;

    for (size_t i = 0; i < r->nfields; i++)
        if (r->lens[i] && worksheet_write_string(o->ws, o->row, (lxw_col_t)i, r->fields[i], NULL))
            return 1;
    o->row++;
    return 0;
}

int main(int argc, char **argv)
{
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb;
    struct out o = {0};
    char err[CSVREAD_ERR_LEN];
    int rc;

    if (argc != 3) {
        fprintf(stderr, "usage: bench_csv2xlsx IN.csv OUT.xlsx\n");
        return 2;
    }
    if (!(wb = workbook_new_opt(argv[2], &opts)) ||
        !(o.ws = workbook_add_worksheet(wb, "登记表"))) {
        fprintf(stderr, "bench_csv2xlsx: cannot create %s\n", argv[2]);
        return 1;
    }
    rc = csvread_file(argv[1], NULL, on_row, &o, NULL, err);
    if (rc != 0)
        fprintf(stderr, "bench_csv2xlsx: %s: %s\n", argv[1], rc < 0 ? err : "cannot write");
    if (workbook_close(wb) != LXW_NO_ERROR) {
        fprintf(stderr, "bench_csv2xlsx: cannot write %s\n", argv[2]);
        return 1;
    }
    return rc != 0;
}
