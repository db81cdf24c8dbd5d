/*
 * `cordon user add|list|disable|enable|passwd`: accounts, from the command
 * line of the machine that holds the database (there is no API for them:
 * whoever can run this can read the database anyway).
 */
#include "app/accounts/accounts.h"
#include "cli/cli.h"
#include "core/unitcode.h"
#include "store/units.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Reads one line from stdin into out (without its line end). */
static int read_password(char *out, size_t size)
{
    size_t n;

    if (!fgets(out, (int)size, stdin))
        return -1;
    n = strlen(out);
    if (n && out[n - 1] != '\n' && !feof(stdin))
        return -1; /* longer than the buffer */
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return 0;
}

static int print_account(void *arg, const struct account *a)
{
    struct db *db = arg;
    struct unit u;
    char when[64];
    time_t t = (time_t)a->created_at;
    struct tm tm;
    int64_t scope = a->grid ? a->grid : a->unit;

    localtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d", &tm);
    if (store_unit_get(db, scope, &u) != 0)
        snprintf(u.name, sizeof u.name, "?");
    printf("%-20s %-12s %-16lld %-24s %s%s%s\n", a->name, a->role, (long long)scope, u.name, when,
           a->disabled ? "  disabled" : "", a->must_change ? "  one-time password" : "");
    return 0;
}

int cmd_user(int argc, char **argv)
{
    const char *action, *role = NULL, *unit_s = NULL, *grid_s = NULL, *name = NULL;
    char password[ACCOUNTS_PASSWORD_MAX + 2], generated[ACCOUNTS_GENERATED_LEN];
    char err[ACCOUNTS_ERR_LEN];
    struct app_error ae;
    int64_t unit = 0, grid = 0, post = 0, org = 0;
    int rc, from_stdin = 0;
    const struct cli_option opts[] = {CLI_TEXT("role", role),
                                      CLI_TEXT("unit", unit_s),
                                      CLI_TEXT("grid", grid_s),
                                      CLI_POSITIVE("post", post),
                                      CLI_POSITIVE("org", org),
                                      CLI_FLAG("password-stdin", from_stdin),
                                      CLI_END};
    struct db *db;

    if (argc < 2)
        return cli_usage_error("user", "say add, list, disable, enable or passwd");
    action = argv[1];
    if (cli_parse_options("user", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (strcmp(action, "list") == 0) {
        if (optind < argc)
            return cli_usage_error("user", "list takes no argument");
    } else if (strcmp(action, "add") == 0 || strcmp(action, "disable") == 0 ||
               strcmp(action, "enable") == 0 || strcmp(action, "passwd") == 0) {
        if (argc - optind != 1)
            return cli_usage_error("user", "%s needs the account's name", action);
        name = argv[optind];
    } else {
        return cli_usage_error("user", "unknown action %s", action);
    }
    if (strcmp(action, "add") == 0) {
        if (!role || !unit_s)
            return cli_usage_error("user", "add needs --role ROLE and --unit CODE");
        if (cli_parse_code("user", unit_s, &unit) < 0 ||
            (grid_s && cli_parse_code("user", grid_s, &grid) < 0))
            return EXIT_USAGE;
    } else if (role || unit_s || grid_s || post || org) {
        return cli_usage_error("user", "--role, --unit, --grid, --post and --org go with add");
    }
    if (from_stdin && strcmp(action, "add") != 0 && strcmp(action, "passwd") != 0)
        return cli_usage_error("user", "--password-stdin goes with add and passwd");
    if (from_stdin) {
        if (read_password(password, sizeof password) < 0)
            return cli_fail("no password on standard input (one line, at most %d bytes)",
                            ACCOUNTS_PASSWORD_MAX);
        if (accounts_password_ok(password, &ae) < 0)
            return cli_fail("%s", ae.message);
    }
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    if (strcmp(action, "list") == 0) {
        rc = store_accounts_each(db, print_account, db);
        if (rc < 0)
            snprintf(err, sizeof err, "%s", db_errmsg(db));
    } else if (strcmp(action, "add") == 0) {
        struct account_new n = {name, role, unit, grid, from_stdin ? password : NULL, post, org};
        if ((rc = accounts_create(db, &n, generated, NULL, &ae)) == 0) {
            if (generated[0])
                printf("created %s (%s); one-time password, to be changed at first login: %s\n",
                       name, role, generated);
            else
                printf("created %s (%s)\n", name, role);
        } else {
            snprintf(err, sizeof err, "%s", ae.message);
        }
    } else if (strcmp(action, "passwd") == 0) {
        if ((rc = accounts_set_password(db, name, from_stdin ? password : NULL, generated, &ae)) <
            0) {
            snprintf(err, sizeof err, "%s", ae.message);
        } else {
            if (generated[0])
                printf("%s: one-time password, to be changed at first login: %s\n", name,
                       generated);
            else
                printf("%s: password changed; its sessions have ended\n", name);
        }
    } else {
        int disable = strcmp(action, "disable") == 0;
        if ((rc = accounts_set_disabled(db, name, disable, &ae)) < 0)
            snprintf(err, sizeof err, "%s", ae.message);
        else
            printf("%s %s%s\n", name, disable ? "disabled" : "enabled",
                   disable ? "; its sessions have ended" : "");
    }
    db_close(db);
    memset(password, 0, sizeof password);
    return rc < 0 ? cli_fail("%s", err) : EXIT_OK;
}
