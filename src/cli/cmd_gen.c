/*
 * `cordon gen residents --count N --seed S [--unit CODE] [-o FILE.csv]`:
 * synthetic residents for tests, benchmarks and demos.
 */
#include "app/generate.h"
#include "cli/cli.h"
#include "store/units.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_gen(int argc, char **argv)
{
    static const struct option longopts[] = {{"count", required_argument, 0, 'n'},
                                             {"seed", required_argument, 0, 's'},
                                             {"unit", required_argument, 0, 'u'},
                                             {"output", required_argument, 0, 'o'},
                                             {"quiet", no_argument, 0, 'q'},
                                             CLI_COMMON_LONGOPTS,
                                             {0, 0, 0, 0}};
    const char *unit_arg = NULL, *out_path = NULL;
    long long count = -1;
    unsigned long long seed = 1;
    int64_t unit = 0;
    int opt, rc, progress = -1;
    char err[256], *end;
    struct db *db;

    if (argc < 2 || strcmp(argv[1], "residents") != 0)
        return cli_usage_error("gen", "say what to generate: `cordon gen residents`");
    optind = 2;
    while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'n':
            count = strtoll(optarg, &end, 10);
            if (*end || count < 1 || count > 100000000LL)
                return cli_usage_error("gen", "--count takes 1 to 100000000");
            break;
        case 's':
            seed = strtoull(optarg, &end, 10);
            if (*end || !*optarg)
                return cli_usage_error("gen", "--seed takes a whole number");
            break;
        case 'u':
            unit_arg = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'q':
            progress = 0;
            break;
        default:
            if ((rc = cli_common_option(opt, optarg)) <= 0)
                return rc < 0 ? EXIT_USAGE : cli_usage_error("gen", "unknown option");
        }
    }
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
        rc = gen_residents_db(db, unit, count, seed, 200000, progress, err);
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
