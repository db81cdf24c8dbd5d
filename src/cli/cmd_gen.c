/*
 * `cordon gen residents --count N --seed S [--unit CODE] [-o FILE.csv]`:
 * synthetic residents for tests, benchmarks and demos.
 */
#include "demo/generate.h"
#include "cli/cli.h"
#include "store/units.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_seed(const char *cmd, const char *arg, void *dest)
{
    char *end;

    *(unsigned long long *)dest = strtoull(arg, &end, 10);
    if (*end || !*arg)
        return cli_usage_error(cmd, "--seed takes a whole number"), -1;
    return 0;
}

int cmd_gen(int argc, char **argv)
{
    const char *unit_arg = NULL, *out_path = NULL;
    long long count = -1;
    unsigned long long seed = 1;
    int64_t unit = 0;
    int rc, progress = -1;
    const struct cli_option opts[] = {CLI_RANGE("count", count, 1, 100000000, ""),
                                      CLI_FN("seed", seed, parse_seed),
                                      CLI_TEXT("unit", unit_arg),
                                      CLI_LETTER('o', "output", out_path),
                                      CLI_SET("quiet", progress, 0),
                                      CLI_END};
    char err[256];
    struct db *db;

    if (argc < 2 || strcmp(argv[1], "residents") != 0)
        return cli_usage_error("gen", "say what to generate: `cordon gen residents`");
    if (cli_parse_options("gen", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (optind < argc)
        return cli_usage_error("gen", "unexpected argument %s", argv[optind]);
    if (count < 0)
        return cli_usage_error("gen", "--count N is required");
    if (unit_arg && cli_parse_code("gen", unit_arg, &unit) < 0)
        return EXIT_USAGE;
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    if (!unit && (store_city_code(db, &unit) < 0 || !unit)) {
        db_close(db);
        return cli_fail("the database has no city yet (`cordon init`)");
    }
    if (out_path) {
        FILE *f = fopen(out_path, "wb");
        if (!f) {
            db_close(db);
            return cli_fail("cannot write %s", out_path);
        }
        rc = gen_residents_file(db, unit, count, seed, f, err);
        if (fclose(f) != 0 && rc == 0) {
            snprintf(err, sizeof err, "cannot write %s", out_path);
            rc = -1;
        }
    } else {
        /* One import per 500,000 rows bounds the memory (the CSV of a chunk
         * is held whole, ~200 bytes a row). Only the first chunk into an
         * empty register takes the bulk path, the next ones go row by row:
         * the chunk holds the 300,000 residents of test_export_limit, which
         * row by row take over 15 minutes on Citus (a reference table's
         * every row written to each node). */
        rc = gen_residents_db(db, unit, count, seed, 500000, progress, err);
    }
    db_close(db);
    if (rc < 0)
        return cli_fail("%s", err);
    if (out_path)
        printf("wrote %lld residents to %s\n", count, out_path);
    else
        printf("generated %lld residents under %lld\n", count, (long long)unit);
    return EXIT_OK;
}
