/*
 * `cordon import residents FILE --committee CODE [--skip-bad REJECTS.csv]`.
 */
#include "app/register/import.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void print_errors(const struct import_report *rep, const char *file)
{
    for (size_t i = 0; i < rep->nerrors; i++) {
        const struct import_error *e = &rep->errors[i];
        const char *o = rep->sheet[0] ? "[" : "", *c = rep->sheet[0] ? "]" : "";
        if (e->column)
            fprintf(stderr, "%s%s%s%s:%zu:%d: %s: %s [%s]\n", file, o, rep->sheet, c, e->line,
                    e->column, e->header, e->message, e->code);
        else
            fprintf(stderr, "%s%s%s%s:%zu: %s [%s]\n", file, o, rep->sheet, c, e->line, e->message,
                    e->code);
    }
    if (rep->total_errors > rep->nerrors)
        fprintf(stderr, "... and %zu more errors\n", rep->total_errors - rep->nerrors);
}

int cmd_import(int argc, char **argv)
{
    struct import_opts opts = {0, NULL, -1, "cli", NULL, 0, NULL};
    struct import_report rep;
    const char *committee = NULL, *rejects = NULL, *file;
    const struct cli_option options[] = {CLI_TEXT("committee", committee),
                                         CLI_TEXT("skip-bad", rejects),
                                         CLI_TEXT("sheet", opts.sheet),
                                         CLI_SET("quiet", opts.progress, 0),
                                         CLI_SET("no-cases", opts.cases_later, 1),
                                         CLI_END};
    struct app_error err;
    struct db *db;
    double t0;
    int rc;

    if (argc < 2 || strcmp(argv[1], "residents") != 0)
        return cli_usage_error("import", "say what to import: `cordon import residents FILE`");
    if (cli_parse_options("import", argc, argv, 2, options, 0) < 0)
        return EXIT_USAGE;
    if (argc - optind != 1)
        return cli_usage_error("import", "give one file (.xlsx, .xls or CSV)");
    file = argv[optind];
    /* Without --committee, every row names its committee (居委会代码). */
    if (committee && cli_parse_code("import", committee, &opts.committee) < 0)
        return EXIT_USAGE;
    if (rejects && !(opts.rejects = fopen(rejects, "wb")))
        return cli_fail("cannot write %s", rejects);
    if (!(db = cli_open_db(0))) {
        if (opts.rejects)
            fclose(opts.rejects);
        return EXIT_RUNTIME;
    }
    t0 = seconds();
    rc = import_residents(db, file, NULL, 0, &opts, &rep, &err);
    db_close(db);
    if (opts.rejects && fclose(opts.rejects) != 0 && rc == 0) {
        import_report_cleanup(&rep);
        return cli_fail("cannot write %s", rejects);
    }
    if (rc < 0) {
        import_report_cleanup(&rep);
        return cli_fail("%s", err.message);
    }
    if (rc == 1) {
        print_errors(&rep, file);
        fprintf(stderr,
                "cordon: %zu of %zu rows are bad; nothing was imported (fix them, or use "
                "--skip-bad REJECTS.csv to import the good rows)\n",
                rep.rejected, rep.rows);
        import_report_cleanup(&rep);
        return EXIT_RUNTIME;
    }
    if (rep.ignored_columns[0])
        fprintf(stderr, "note: columns not recognised and ignored: %s\n", rep.ignored_columns);
    printf("imported %zu rows from %s (%s%s%s) in %.2f s: %zu new residents, %zu updated, "
           "%zu households",
           rep.rows - rep.rejected, file, rep.encoding, rep.sheet[0] ? ", sheet " : "", rep.sheet,
           seconds() - t0, rep.created, rep.updated, rep.households);
    if (rejects)
        printf("; %zu bad rows written to %s", rep.rejected, rejects);
    if (rep.cases)
        printf("; %lld quarantine cases opened", (long long)rep.cases);
    printf("\n");
    /* Said on its own line: these residents are orange with no case, no
     * check-in link and no rubbish task until someone opens them. */
    if (rep.cases_left)
        fprintf(stderr,
                "note: %lld residents in quarantine today have no case (--no-cases): open "
                "each with `cordon quarantine open`\n",
                (long long)rep.cases_left);
    import_report_cleanup(&rep);
    return EXIT_OK;
}
