/*
 * `cordon init`: create the database with a city's hierarchy.
 */
#include "app/hierarchy.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
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
    static const struct option longopts[] = {
        {"city", required_argument, 0, 'c'}, CLI_COMMON_LONGOPTS, {0, 0, 0, 0}};
    const char *city_arg = "3101";
    struct hierarchy_report rep;
    char err[APP_ERR_LEN];
    struct db *db;
    int64_t city;
    int opt, rc, existed;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (opt == 'c')
            city_arg = optarg;
        else if ((rc = cli_common_option(opt, optarg)) <= 0)
            return rc < 0 ? EXIT_USAGE : cli_usage_error("init", "unknown option");
    }
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
    rc = hierarchy_init_city(db, city, &rep, err);
    db_close(db);
    if (rc < 0) {
        if (!existed)
            remove_created(cli_db_url());
        return cli_fail("%s", err);
    }
    printf("%s %s (%s): %lld districts, %lld streets and towns, %lld committees and villages, "
           "%lld grids\n",
           rep.created ? "created" : "already initialised, nothing changed:", rep.city_name,
           city_arg, (long long)rep.counts[2], (long long)rep.counts[3],
           (long long)rep.counts[4], (long long)rep.counts[5]);
    return EXIT_OK;
}
