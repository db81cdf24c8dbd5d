/*
 * `cordon export residents --unit CODE --format xlsx|csv -o FILE [--masked]`.
 */
#include "app/register/export.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_export(int argc, char **argv)
{
    struct export_opts opts = {0, 0, 0, NULL, NULL};
    const char *unit = NULL, *format = NULL, *out = NULL;
    const struct cli_option options[] = {CLI_TEXT("unit", unit), CLI_TEXT("format", format),
                                         CLI_LETTER('o', "output", out),
                                         CLI_FLAG("masked", opts.masked), CLI_END};
    struct app_error ae;
    struct db *db;
    int64_t n;

    if (argc < 2 || strcmp(argv[1], "residents") != 0)
        return cli_usage_error("export", "say what to export: `cordon export residents`");
    if (cli_parse_options("export", argc, argv, 2, options, 0) < 0)
        return EXIT_USAGE;
    if (!unit || !out)
        return cli_usage_error("export", "--unit CODE and -o FILE are required");
    if (cli_parse_code("export", unit, &opts.unit) < 0)
        return EXIT_USAGE;
    if (!format) {
        size_t l = strlen(out);
        format = l > 4 && strcmp(out + l - 4, ".csv") == 0 ? "csv" : "xlsx";
    }
    if (strcmp(format, "xlsx") == 0)
        opts.format = EXPORT_XLSX;
    else if (strcmp(format, "csv") == 0)
        opts.format = EXPORT_CSV;
    else
        return cli_usage_error("export", "--format is xlsx or csv");
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    n = export_residents(db, &opts, out, &ae);
    db_close(db);
    if (n < 0)
        return cli_fail("%s", ae.message);
    printf("exported %lld residents to %s\n", (long long)n, out);
    return EXIT_OK;
}
