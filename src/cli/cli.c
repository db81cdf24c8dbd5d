/*
 * Helpers shared by the subcommands: their options read from a table
 * (cli_parse_options), opening the database, and the two kinds of error
 * line (usage: exit 2; runtime: exit 1).
 */
#include "cli/cli.h"

#include "app/app.h"
#include "core/unitcode.h"
#include "store/units.h"
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

/* Reads one option's argument into its row's destination. 0, or -1 after
 * printing a usage line. */
static int take_option(const char *cmd, const struct cli_option *o, const char *arg)
{
    char *end;
    long long v;

    if (o->text)
        *o->text = arg;
    switch (o->kind) {
    case CLI_K_TEXT:
        *(const char **)o->dest = arg;
        return 0;
    case CLI_K_CODE:
        return cli_parse_code(cmd, arg, o->dest);
    case CLI_K_NUM:
        *(int64_t *)o->dest = strtoll(arg, NULL, 10);
        return 0;
    case CLI_K_POSITIVE:
        v = strtoll(arg, &end, 10);
        if (*arg == '\0' || *end || v <= 0) {
            cli_usage_error(cmd, "--%s needs a positive number, not %s", o->name, arg);
            return -1;
        }
        *(int64_t *)o->dest = v;
        return 0;
    case CLI_K_RANGE:
        v = strtoll(arg, &end, 10);
        if (*end || v < o->min || v > o->max) {
            cli_usage_error(cmd, "--%s takes %lld to %lld%s%s", o->name, o->min, o->max,
                            o->unit[0] ? " " : "", o->unit);
            return -1;
        }
        /* int and unsigned, or long, long long and size_t (all in range). */
        if (o->size == sizeof(int32_t)) {
            int32_t i = (int32_t)v;
            memcpy(o->dest, &i, sizeof i);
        } else if (o->size == sizeof(int64_t)) {
            int64_t l = v;
            memcpy(o->dest, &l, sizeof l);
        } else {
            cli_usage_error(cmd, "--%s: no room for the number in its table row", o->name);
            return -1;
        }
        return 0;
    case CLI_K_SET:
        *(int *)o->dest = (int)o->min;
        return 0;
    case CLI_K_FN:
        return o->fn(cmd, arg, o->dest);
    }
    return 0;
}

int cli_parse_options(const char *cmd, int argc, char **argv, int first,
                      const struct cli_option *opts, int flags)
{
    struct option longopts[32];
    char letters[16];
    size_t n = 0, nl = 0;
    int opt, rc;

    for (const struct cli_option *o = opts; o->name; o++) {
        if (n + 3 >= sizeof longopts / sizeof *longopts)
            return cli_usage_error(cmd, "too many options in its table"), -1;
        longopts[n].name = o->name;
        longopts[n].has_arg = o->kind == CLI_K_SET ? no_argument : required_argument;
        longopts[n].flag = NULL;
        longopts[n].val = 2000 + (int)n;
        n++;
        if (o->letter && nl + 3 < sizeof letters) {
            letters[nl++] = o->letter;
            letters[nl++] = ':';
        }
    }
    letters[nl] = '\0';
    longopts[n++] = (struct option){"db", required_argument, 0, CLI_OPT_DB};
    longopts[n++] = (struct option){"tz", required_argument, 0, CLI_OPT_TZ};
    longopts[n] = (struct option){0, 0, 0, 0};

    optind = first;
    opterr = !(flags & CLI_QUIET_BAD);
    while ((opt = getopt_long(argc, argv, letters, longopts, NULL)) != -1) {
        const struct cli_option *o = NULL;
        if (opt >= 2000 && opt < 2000 + (int)n)
            o = &opts[opt - 2000];
        for (const struct cli_option *l = opts; !o && opt < 128 && l->name; l++)
            if (l->letter && l->letter == opt)
                o = l;
        if (o) {
            if (take_option(cmd, o, optarg) < 0)
                return -1;
            continue;
        }
        if ((flags & CLI_QUIET_BAD) && (opt == '?' || opt == ':'))
            return cli_usage_error(cmd, "bad option %s", argv[optind - 1]), -1;
        if ((rc = cli_common_option(opt, optarg)) <= 0) {
            if (rc == 0)
                cli_usage_error(cmd, "unknown option");
            return -1;
        }
    }
    opterr = 1;
    return optind;
}

struct db *cli_open_city(struct caller *out, const char *fail_msg)
{
    struct db *db;
    int64_t city = 0;

    if (!(db = cli_open_db(0)))
        return NULL;
    if (store_city_code(db, &city) < 0 || !city) {
        db_close(db);
        cli_fail("%s", fail_msg);
        return NULL;
    }
    caller_cli(out, city);
    return db;
}

int cli_app_fail(struct db *db, const struct app_error *e, const char *what)
{
    if (e->code[0] || !what)
        return cli_fail("%s%s%s", e->field, e->field[0] ? ": " : "", e->message);
    return cli_fail("cannot %s: %s", what, db_errmsg(db));
}
