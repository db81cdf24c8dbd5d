/*
 * libFuzzer target: the CSV reader (util/csvread.c) on arbitrary bytes, as
 * an upload reaches it. The first byte picks the options (forced encoding,
 * small field and record limits, blank records kept, the smallest window so
 * that characters, quoted fields and CRLFs are cut between windows) so the
 * limit and window paths are reached too; every field of every record is
 * read back in full.
 */
#include "util/csvread.h"

#include "fuzz.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static int on_row(void *arg, const struct csvread_row *row)
{
    size_t *sum = arg;

    for (size_t i = 0; i < row->nfields; i++) {
        if (strlen(row->fields[i]) != row->lens[i])
            abort(); /* a field's length must be its NUL's position */
        *sum += row->lens[i];
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csvread_opts o = {0};
    struct csvread_info info;
    char err[CSVREAD_ERR_LEN];
    size_t sum = 0;
    uint8_t mode;

    if (size < 1)
        return 0;
    mode = data[0];
    o.encoding = (enum csvread_encoding)(mode & 3);
    if (mode & 4)
        o.max_field_bytes = 16;
    if (mode & 8)
        o.max_fields = 4;
    o.keep_blank_records = (mode & 16) != 0;
    if (mode & 32)
        o.chunk_bytes = 64 + (mode >> 6);
    csvread_buffer(data + 1, size - 1, &o, on_row, &sum, &info, err);
    return 0;
}
