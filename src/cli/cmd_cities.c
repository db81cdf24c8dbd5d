/*
 * `cordon cities [FILTER]`: the cities `init --city` can create.
 */
#include "app/hierarchy.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>

static int print_city(void *arg, const struct city_info *c)
{
    int *n = arg;

    printf("%lld  %-12s %-10s %4d districts %5d streets/towns %6d committees/villages\n",
           (long long)c->code, c->name, c->province, c->districts, c->streets, c->committees);
    (*n)++;
    return 0;
}

int cmd_cities(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {0, 0, 0, 0}};
    struct app_error err;
    int opt, rc, n = 0;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1)
        if ((rc = cli_common_option(opt, optarg)) <= 0)
            return rc < 0 ? EXIT_USAGE : cli_usage_error("cities", "unknown option");
    if (argc - optind > 1)
        return cli_usage_error("cities", "at most one filter");
    if (hierarchy_cities(optind < argc ? argv[optind] : NULL, print_city, &n, &err) < 0)
        return cli_fail("%s", err.message);
    if (n == 0)
        return cli_fail("no city matches %s", argv[optind]);
    return EXIT_OK;
}
