/*
 * `cordon org add|link|member`: organisations that serve compounds
 * (property companies, owners' committees), the compounds they serve, and
 * the property accounts that belong to them.
 */
#include "app/units/places_grids.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run(struct db *db, const char *action, int64_t id, const char *name, const char *kind,
               int64_t street, int64_t compound, const char *account, struct app_error *e)
{
    int64_t org = 0;
    int rc;

    if (strcmp(action, "add") == 0) {
        if ((rc = orgs_create(db, name, kind ? kind : "", street, &org, e)) < 0)
            return rc;
        printf("organisation %lld added\n", (long long)org);
        return 0;
    }
    if (strcmp(action, "link") == 0)
        return orgs_link(db, id, compound, e);
    return orgs_attach_account(db, account, id, e);
}

int cmd_org(int argc, char **argv)
{
    const char *action, *name = NULL, *kind = NULL, *account = NULL;
    int64_t street = 0, compound = 0, id = 0;
    const struct cli_option opts[] = {CLI_TEXT("name", name),       CLI_TEXT("kind", kind),
                                      CLI_CODE("street", street),   CLI_NUM("compound", compound),
                                      CLI_TEXT("account", account), CLI_END};
    struct app_error e;
    struct db *db;
    int rc;

    if (argc < 2)
        return cli_usage_error("org", "say add, link or member");
    action = argv[1];
    if (cli_parse_options("org", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (strcmp(action, "add") == 0) {
        if (!name || !street)
            return cli_usage_error("org", "add needs --street CODE --name NAME --kind KIND");
    } else if (strcmp(action, "link") == 0 || strcmp(action, "member") == 0) {
        if (argc - optind != 1 || (id = strtoll(argv[optind], NULL, 10)) <= 0)
            return cli_usage_error("org", "%s needs the organisation's id", action);
        if (strcmp(action, "link") == 0 && compound <= 0)
            return cli_usage_error("org", "link needs --compound ID");
        if (strcmp(action, "member") == 0 && !account)
            return cli_usage_error("org", "member needs --account NAME");
    } else {
        return cli_usage_error("org", "unknown action %s", action);
    }
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    memset(&e, 0, sizeof e);
    if ((rc = db_begin_write(db)) < 0 ||
        (rc = run(db, action, id, name, kind, street, compound, account, &e)) < 0 ||
        (rc = db_commit(db)) < 0) {
        db_rollback(db);
        rc = cli_fail("%s", e.code[0] ? e.message : db_errmsg(db));
        db_close(db);
        return rc;
    }
    db_close(db);
    return EXIT_OK;
}
