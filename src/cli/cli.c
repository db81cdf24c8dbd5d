/*
 * Helpers shared by the subcommands: common options, opening the database,
 * and the two kinds of error line (usage: exit 2; runtime: exit 1).
 */
#include "cli/cli.h"

#include "core/unitcode.h"
#include "util/clock.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cli_common cli_opts;

int cli_common_option(int opt, const char *arg)
{
    switch (opt) {
    case CLI_OPT_DB:
        cli_opts.db = arg;
        return 1;
    case CLI_OPT_TZ:
        if (clock_set_tz(arg) < 0) {
            fprintf(stderr, "cordon: unknown time zone %s (use an IANA name like Asia/Shanghai)\n",
                    arg);
            return -1;
        }
        return 1;
    default:
        return 0;
    }
}

const char *cli_db_url(void)
{
    const char *env = getenv("CORDON_DB");

    if (cli_opts.db)
        return cli_opts.db;
    if (env && *env)
        return env;
    return "cordon.db";
}

struct db *cli_open_db(int create)
{
    struct db *db;
    char err[DB_ERR_LEN];

    if (db_open(cli_db_url(), create ? DB_OPEN_CREATE : 0, &db, err) < 0) {
        fprintf(stderr, "cordon: %s\n", err);
        return NULL;
    }
    return db;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "cordon %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see `cordon help %s`)\n", cmd);
    return EXIT_USAGE;
}

int cli_fail(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "cordon: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_RUNTIME;
}

int cli_parse_code(const char *cmd, const char *s, int64_t *out)
{
    int rc = unitcode_parse(s, strlen(s), out);

    if (rc < 0) {
        cli_usage_error(cmd, "%s: %s", s, unitcode_strerror(rc));
        return -1;
    }
    return 0;
}
