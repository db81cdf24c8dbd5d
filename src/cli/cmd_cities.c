/*
 * `cordon cities [FILTER]`: the cities `init --city` can create.
 */
#include "app/units/hierarchy.h"
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
    static const struct cli_option opts[] = {CLI_END};
    struct app_error err;
    int n = 0;

    if (cli_parse_options("cities", argc, argv, 1, opts, 0) < 0)
        return EXIT_USAGE;
    if (argc - optind > 1)
        return cli_usage_error("cities", "at most one filter");
    if (hierarchy_cities(optind < argc ? argv[optind] : NULL, print_city, &n, &err) < 0)
        return cli_fail("%s", err.message);
    if (n == 0)
        return cli_fail("no city matches %s", argv[optind]);
    return EXIT_OK;
}
