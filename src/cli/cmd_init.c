/*
 * `cordon init`: create the database with a city's hierarchy.
 */
#include "app/accounts/accounts.h"
#include "demo/demo.h"
#include "app/units/hierarchy.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Removes a SQLite database file this command created, with its WAL and
 * shared-memory companions, so a failed init leaves nothing behind. */
static void remove_created(const char *url)
{
    char p[4096];

    if (strstr(url, "://"))
        return;
    unlink(url);
    snprintf(p, sizeof p, "%s-wal", url);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", url);
    unlink(p);
}

int cmd_init(int argc, char **argv)
{
    struct demo_report demo;
    int want_demo = 0, demo_accounts = 0;
    long per_committee = 10;
    const char *city_arg = "3101";
    const struct cli_option opts[] = {CLI_TEXT("city", city_arg), CLI_FLAG("demo", want_demo),
                                      CLI_RANGE("demo-per-committee", per_committee, 0, 10000, ""),
                                      CLI_END};
    struct hierarchy_report rep;
    char err[APP_ERR_LEN];
    struct app_error ae;
    struct db *db;
    int64_t city;
    int rc, existed;

    if (cli_parse_options("init", argc, argv, 1, opts, 0) < 0)
        return EXIT_USAGE;
    if (optind < argc)
        return cli_usage_error("init", "unexpected argument %s", argv[optind]);
    if (strlen(city_arg) != 4 || strspn(city_arg, "0123456789") != 4)
        return cli_usage_error("init",
                               "--city %s: a city code has 4 digits (3101 is Shanghai); "
                               "`cordon cities NAME` lists them",
                               city_arg);
    if (cli_parse_code("init", city_arg, &city) < 0)
        return EXIT_USAGE;
    existed = strstr(cli_db_url(), "://") || access(cli_db_url(), F_OK) == 0;
    if (!(db = cli_open_db(1))) {
        if (!existed)
            remove_created(cli_db_url());
        return EXIT_RUNTIME;
    }
    if ((rc = hierarchy_init_city(db, city, &rep, &ae)) < 0)
        snprintf(err, sizeof err, "%s", ae.message);
    if (rc == 0 && want_demo)
        rc = demo_create(db, per_committee, &demo, err);
    if (rc == 0 && want_demo && (rc = accounts_create_demo(db, &demo_accounts, &ae)) < 0)
        snprintf(err, sizeof err, "%s", ae.message);
    db_close(db);
    if (rc < 0) {
        if (!existed)
            remove_created(cli_db_url());
        return cli_fail("%s", err);
    }
    printf("%s %s (%s): %lld districts, %lld streets and towns, %lld committees and villages, "
           "%lld grids\n",
           rep.created ? "created" : "already initialised, nothing changed:", rep.city_name,
           city_arg, (long long)rep.counts[2], (long long)rep.counts[3], (long long)rep.counts[4],
           (long long)rep.counts[5]);
    if (want_demo && demo.residents)
        printf("demo: %lld residents, of which %lld in 岐山居委会 (310105002002) in %d grids, "
               "%lld in quarantine cases; 30 days of history (the day's building entries of "
               "虹梅路街道: `cordon demo entries`)\n",
               (long long)demo.residents, (long long)demo.qishan_residents, demo.grids,
               (long long)demo.cases);
    else if (want_demo)
        printf("demo: residents already present, nothing added\n");
    if (want_demo) {
        printf("demo accounts (user / password, scope) — for the demo only:\n");
        for (const struct demo_account *a = accounts_demo; a->name; a++)
            printf("  %-14s %-20s %-12s %s\n", a->name, a->password, a->role, a->note);
    }
    return EXIT_OK;
}
