/*
 * `cordon grid add|list|rename|remove`: the grids a committee draws.
 */
#include "app/units/hierarchy.h"
#include "cli/cli.h"
#include "core/unitcode.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int print_grid(void *arg, const struct unit *u)
{
    int *n = arg;
    printf("%lld  %s\n", (long long)u->code, u->name);
    (*n)++;
    return 0;
}

int cmd_grid(int argc, char **argv)
{
    const char *action, *committee_arg = NULL, *name = NULL;
    const struct cli_option opts[] = {CLI_TEXT("committee", committee_arg), CLI_TEXT("name", name),
                                      CLI_END};
    char err[APP_ERR_LEN];
    struct app_error ae;
    int64_t committee = 0, grid = 0, code;
    struct db *db;
    struct unit u;
    int rc, n = 0;

    if (argc < 2)
        return cli_usage_error("grid", "say add, list, rename or remove");
    action = argv[1];
    if (cli_parse_options("grid", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (strcmp(action, "add") == 0 || strcmp(action, "list") == 0) {
        if (!committee_arg)
            return cli_usage_error("grid", "%s needs --committee CODE", action);
        if (cli_parse_code("grid", committee_arg, &committee) < 0)
            return EXIT_USAGE;
        if (strcmp(action, "add") == 0 && (!name || !*name))
            return cli_usage_error("grid", "add needs --name NAME");
    } else if (strcmp(action, "rename") == 0 || strcmp(action, "remove") == 0) {
        if (argc - optind != 1)
            return cli_usage_error("grid", "%s needs the grid's code", action);
        if (cli_parse_code("grid", argv[optind], &grid) < 0)
            return EXIT_USAGE;
        if (strcmp(action, "rename") == 0 && (!name || !*name))
            return cli_usage_error("grid", "rename needs --name NAME");
    } else {
        return cli_usage_error("grid", "unknown action %s", action);
    }
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    rc = 0;
    if (strcmp(action, "add") == 0) {
        if ((rc = hierarchy_grid_add(db, committee, name, &code, &ae)) == 0)
            printf("%lld  %s\n", (long long)code, name);
        else
            snprintf(err, sizeof err, "%s", ae.message);
    } else if (strcmp(action, "list") == 0) {
        rc = store_unit_get(db, committee, &u);
        if (rc == DB_E_NOTFOUND)
            snprintf(err, sizeof err, "no committee %s", committee_arg);
        else if (rc == 0 && u.level != LEVEL_COMMITTEE) {
            snprintf(err, sizeof err, "%s is not a committee", committee_arg);
            rc = -1;
        } else if (rc == 0)
            rc = store_unit_children(db, committee, print_grid, &n);
        if (rc < 0 && rc != DB_E_NOTFOUND && rc != -1)
            snprintf(err, sizeof err, "%s", db_errmsg(db));
        if (rc == 0 && n == 0)
            fprintf(stderr, "no grids yet in %s %s\n", committee_arg, u.name);
    } else if (strcmp(action, "rename") == 0) {
        if ((rc = hierarchy_grid_rename(db, grid, name, &ae)) < 0)
            snprintf(err, sizeof err, "%s", ae.message);
    } else if ((rc = hierarchy_grid_remove(db, grid, &ae)) < 0) {
        snprintf(err, sizeof err, "%s", ae.message);
    }
    db_close(db);
    return rc < 0 ? cli_fail("%s", err) : EXIT_OK;
}
