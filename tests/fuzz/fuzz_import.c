/*
 * libFuzzer target: the resident import (app/register/import.c) as the
 * server runs it, on one in-memory database holding Shanghai: the header
 * mapping, every column's check, the row parser and the all-or-nothing
 * write. The first byte chooses between a committee's sheet and a sheet
 * naming each row's committee, and between all-or-nothing and skip-bad
 * (rejects written to /dev/null).
 */
#include "app/register/import.h"

#include "fuzz.h"

#include <stddef.h>
#include <stdint.h>

#define QISHAN 310105002002LL /* 岐山居委会, 长宁区江苏路街道 */

/* The database once, before the first input (not against -timeout). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_db();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    struct import_opts o = {QISHAN, NULL, 0, "fuzz", NULL, 0, NULL};
    struct import_report rep = {0};
    struct app_error e;
    struct db *db = fuzz_db();

    if (size < 1)
        return 0;
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    if (data[0] & 1)
        o.committee = 0;
    if (data[0] & 2)
        o.rejects = devnull;
    import_residents(db, NULL, (const char *)data + 1, size - 1, &o, &rep, &e);
    import_report_cleanup(&rep);
    return 0;
}
