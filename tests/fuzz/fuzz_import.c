/*
 * libFuzzer target: the resident import (app/register/import.c) as the
 * server runs it, on one in-memory database holding Shanghai: the header
 * mapping, every column's check, the row parser and the all-or-nothing
 * write. The first byte chooses between a committee's sheet and a sheet
 * naming each row's committee, and between all-or-nothing and skip-bad
 * (rejects written to /dev/null). What an input wrote is deleted before the
 * next one, so every input meets the same database: a finding reproduces
 * from its file alone, and the committee's places do not pile up (loading
 * them grew with the run and made it ten times slower).
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

/* The rows an import writes (colour_counts only moves numbers and the
 * audit log is append-only: both kept, neither read by the import). */
static void forget_import(struct db *db)
{
    static const char *const wipe[] = {
        "DELETE FROM task_events", "DELETE FROM tasks",        "DELETE FROM quarantine_events",
        "DELETE FROM quarantines", "DELETE FROM fact_history", "DELETE FROM colour_daily",
        "DELETE FROM residents",   "DELETE FROM households",   "DELETE FROM buildings",
        "DELETE FROM compounds",
    };

    for (size_t i = 0; i < sizeof wipe / sizeof *wipe; i++)
        if (db_exec(db, wipe[i]) < 0) {
            fprintf(stderr, "fuzz: %s: %s\n", wipe[i], db_errmsg(db));
            abort();
        }
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
    if (rep.committed)
        forget_import(db);
    import_report_cleanup(&rep);
    return 0;
}
