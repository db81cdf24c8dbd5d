/*
 * `cordon purge --older-than DAYS [--dry-run]`: retention. Clears the
 * personal data of residents released (every case closed) more than DAYS
 * days ago and the readings of cases closed before then, keeping counts
 * and history aggregates; audited (app/register/purge.c, docs/operations.md).
 */
#include "app/register/purge.h"
#include "cli/cli.h"
#include "util/clock.h"

#include <stdio.h>

int cmd_purge(int argc, char **argv)
{
    long days = 0;
    int dry = 0, first;
    const struct cli_option options[] = {
        CLI_RANGE("older-than", days, PURGE_MIN_DAYS, PURGE_MAX_DAYS, "days"),
        CLI_FLAG("dry-run", dry), CLI_END};
    struct purge_counts n;
    struct app_error e;
    struct caller c;
    struct db *db;

    if ((first = cli_parse_options("purge", argc, argv, 1, options, 0)) < 0)
        return EXIT_USAGE;
    if (first < argc)
        return cli_usage_error("purge", "unexpected argument %s", argv[first]);
    if (!days)
        return cli_usage_error("purge", "--older-than DAYS is required");
    if (!(db = cli_open_city(&c, NULL)))
        return EXIT_RUNTIME;
    if (purge_personal_data(db, &c, days, clock_today(), clock_now(), dry, &n, &e) < 0)
        return cli_app_fail(db, &e, "purge");
    db_close(db);
    printf("%s personal data closed more than %ld days ago: %lld residents anonymised, "
           "%lld history entries cleared, %lld closed cases, %lld temperature readings deleted\n",
           dry ? "would purge" : "purged", days, (long long)n.residents, (long long)n.facts,
           (long long)n.cases, (long long)n.readings);
    return EXIT_OK;
}
