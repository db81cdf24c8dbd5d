/*
 * `cordon export residents --unit CODE --format xlsx|csv -o FILE [--masked]`.
 */
#include "app/export.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_export(int argc, char **argv)
{
    static const struct option longopts[] = {{"unit", required_argument, 0, 'u'},
                                             {"format", required_argument, 0, 'f'},
                                             {"output", required_argument, 0, 'o'},
                                             {"masked", no_argument, 0, 'm'},
                                             CLI_COMMON_LONGOPTS,
                                             {0, 0, 0, 0}};
    struct export_opts opts = {0, 0, 0};
    const char *unit = NULL, *format = NULL, *out = NULL;
    struct app_error ae;
    struct db *db;
    int64_t n;
    int opt, rc;

    if (argc < 2 || strcmp(argv[1], "residents") != 0)
        return cli_usage_error("export", "say what to export: `cordon export residents`");
    optind = 2;
    while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        if (opt == 'u')
            unit = optarg;
        else if (opt == 'f')
            format = optarg;
        else if (opt == 'o')
            out = optarg;
        else if (opt == 'm')
            opts.masked = 1;
        else if ((rc = cli_common_option(opt, optarg)) <= 0)
            return rc < 0 ? EXIT_USAGE : cli_usage_error("export", "unknown option");
    }
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
