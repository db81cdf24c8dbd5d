/*
 * The table reader alone (util/tableread.h) over a file: rows and cells
 * counted, nothing kept. bench/xlsx_import.sh runs it under /usr/bin/time on
 * the .xlsx and on the CSV to show the reader's own CPU and memory apart
 * from the import's (a million-row workbook must read in flat memory).
 * Usage: bench_xlsxread FILE
 */
#include "util/tableread.h"

#include <stdio.h>

static int on_row(void *arg, const struct csvread_row *r)
{
    size_t *cells = arg;

    *cells += r->nfields;
    return 0;
}

int main(int argc, char **argv)
{
    struct tableread_info info;
    char err[CSVREAD_ERR_LEN];
    size_t cells = 0;
    int rc;

    if (argc != 2) {
        fprintf(stderr, "usage: bench_xlsxread FILE\n");
        return 2;
    }
    if ((rc = tableread_file(argv[1], NULL, on_row, &cells, &info, err)) != 0) {
        fprintf(stderr, "bench_xlsxread: %s: %s\n", argv[1], err);
        return 1;
    }
    printf("%zu rows, %zu cells (%s)\n", info.records, cells, tableread_format_name(&info));
    return 0;
}
