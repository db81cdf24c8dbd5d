/*
 * libFuzzer entry for the workbook reader: any bytes through
 * tableread_buffer() (so the zip, XML, shared strings, styles, header
 * search and CSV trimming all see them), with a header predicate as the
 * importers pass. Build by hand:
 *   clang -fsanitize=fuzzer,address,undefined -Isrc -D_GNU_SOURCE \
 *     tests/fuzz/fuzz_xlsxread.c src/util/tableread.c src/util/xlsxread.c \
 *     src/util/xlsread.c src/util/csvread.c src/util/rowpipe.c \
 *     $(pkg-config --libs libzip expat freexl) -lcsv -lm -lpthread -o fuzz_xlsxread
 * Seed it with a few real workbooks (tests/api/xlsx_make.py writes some).
 *
 * The same bytes are also a sheet's XML for the differential check of the
 * sheet scanner (util/xmlscan.c) against expat (xlsx_diff.h): handed over in
 * pieces of 1 to 64 bytes (the first byte says), and whenever expat reads
 * them the scanner must give the same rows, else abort(). A DOCTYPE is left
 * out of the comparison: expat reads one, the scanner refuses it by design.
 */
#include "util/tableread.h"

#include "xlsx_diff.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static int known(const char *s)
{
    return strcmp(s, "姓名") == 0 || strcmp(s, "身份证号") == 0;
}

static int on_row(void *arg, const struct csvread_row *r)
{
    size_t *sum = arg;

    for (size_t i = 0; i < r->nfields; i++)
        *sum += r->lens[i] + (r->fields[i][r->lens[i]] == '\0');
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tableread_opts o = {NULL, known};
    struct tableread_info info;
    char err[CSVREAD_ERR_LEN];
    size_t sum = 0;

    /* .xls goes through a temporary file (FreeXL reads only files): fuzz
     * the formats read in memory. */
    if (size >= 4 && memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0)
        return 0;
    tableread_buffer(data, size, &o, on_row, &sum, &info, err);
    if (size && !memmem(data, size, "<!DOCTYPE", 9) &&
        xdiff_check(NULL, 0, (const char *)data, size, 1 + data[0] % 64) < 0)
        abort();
    return 0;
}
