/*
 * `cordon backup -o FILE [--force]` and `cordon restore FILE [--force]`:
 * the SQLite database copied online (store/backup.c) while the server keeps
 * serving, and a backup restored into a new database (an existing one only
 * with --force). For PostgreSQL both say to use pg_dump / pg_restore
 * (docs/operations.md), which do the same job better than cordon could.
 */
#include "cli/cli.h"
#include "store/backup.h"

#include <stdio.h>
#include <time.h>

static int postgres(const char *cmd)
{
    fprintf(stderr,
            "cordon %s: %s is a PostgreSQL database: use pg_dump -Fc -f FILE URL to back it\n"
            "up and pg_restore -d URL FILE to restore it (see docs/operations.md)\n",
            cmd, cli_db_url());
    return EXIT_USAGE;
}

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int cmd_backup(int argc, char **argv)
{
    const char *out = NULL;
    int force = 0, first;
    const struct cli_option options[] = {CLI_LETTER('o', "output", out), CLI_FLAG("force", force),
                                         CLI_END};
    struct backup_report rep;
    struct timespec t0;
    char err[DB_ERR_LEN];

    if ((first = cli_parse_options("backup", argc, argv, 1, options, 0)) < 0)
        return EXIT_USAGE;
    if (first < argc)
        return cli_usage_error("backup", "unexpected argument %s", argv[first]);
    if (!out)
        return cli_usage_error("backup", "-o FILE is required");
    if (backup_is_postgres(cli_db_url()))
        return postgres("backup");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (backup_sqlite(cli_db_url(), out, force, &rep, err) < 0)
        return cli_fail("backup: %s", err);
    printf("backed up %s to %s: %lld pages, %lld bytes, %lld steps, %.2f s, integrity %s\n",
           cli_db_url(), out, (long long)rep.pages, (long long)rep.bytes, (long long)rep.steps,
           since(&t0), rep.integrity);
    return EXIT_OK;
}

int cmd_restore(int argc, char **argv)
{
    int force = 0, first;
    const struct cli_option options[] = {CLI_FLAG("force", force), CLI_END};
    struct backup_report rep;
    char err[DB_ERR_LEN];
    struct db *db;

    if ((first = cli_parse_options("restore", argc, argv, 1, options, 0)) < 0)
        return EXIT_USAGE;
    if (argc - first != 1)
        return cli_usage_error("restore", "name one backup FILE");
    if (backup_is_postgres(cli_db_url()))
        return postgres("restore");
    if (restore_sqlite(argv[first], cli_db_url(), force, &rep, err) < 0)
        return cli_fail("restore: %s", err);
    /* Opening applies the migrations a backup from an older cordon lacks. */
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    db_close(db);
    printf("restored %s into %s: %lld pages, integrity %s\n", argv[first], cli_db_url(),
           (long long)rep.pages, rep.integrity);
    return EXIT_OK;
}
