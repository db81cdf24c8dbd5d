/*
 * `cordon counts CODE [--json] [--history DAYS]`, `cordon rollover` and
 * `cordon rules show|set FILE`: the colour side of the register.
 */
#include "app/dashboard/counts.h"
#include "app/register/rollover.h"
#include "app/register/rules.h"
#include "cli/cli.h"
#include "core/date.h"
#include "util/clock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_counts(int argc, char **argv)
{
    int json = 0, days = 0, rc;
    const struct cli_option opts[] = {CLI_FLAG("json", json),
                                      CLI_RANGE("history", days, 1, 366, "days"), CLI_END};
    int64_t code;
    struct db *db;
    json_t *j;
    struct app_error err;
    struct rollover_report rep;

    if (cli_parse_options("counts", argc, argv, 1, opts, 0) < 0)
        return EXIT_USAGE;
    if (argc - optind != 1)
        return cli_usage_error("counts", "give one unit code");
    if (cli_parse_code("counts", argv[optind], &code) < 0)
        return EXIT_USAGE;
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    /* Counts are for today: bring the roll-over up to date first. */
    if (rollover_run(db, clock_today(), &rep, &err) < 0) {
        db_close(db);
        return cli_fail("%s", err.message);
    }
    j = days ? counts_history_json(db, code, clock_today(), days, &rc) : counts_json(db, code, &rc);
    if (!j) {
        if (rc == DB_E_NOTFOUND)
            rc = cli_fail("no unit %s", argv[optind]);
        else
            rc = cli_fail("%s", db_errmsg(db));
        db_close(db);
        return rc;
    }
    db_close(db);
    if (json || days) {
        json_dumpf(j, stdout, JSON_COMPACT);
        putchar('\n');
    } else {
        json_t *c = json_object_get(j, "colours");
        printf("%s total %lld:", argv[optind],
               (long long)json_integer_value(json_object_get(j, "total")));
        for (int i = 0; i < COLOUR_COUNT; i++)
            printf(" %s %s %lld", colour_default_label_zh((enum colour)i),
                   colour_code((enum colour)i),
                   (long long)json_integer_value(json_object_get(c, colour_code((enum colour)i))));
        putchar('\n');
    }
    json_decref(j);
    return EXIT_OK;
}

int cmd_rollover(int argc, char **argv)
{
    static const struct cli_option opts[] = {CLI_END};
    struct rollover_report rep;
    char from[DATE_STR_LEN], to[DATE_STR_LEN];
    struct app_error ae;
    struct db *db;
    int rc;

    if (cli_parse_options("rollover", argc, argv, 1, opts, 0) < 0)
        return EXIT_USAGE;
    if (optind < argc)
        return cli_usage_error("rollover", "unexpected argument %s", argv[optind]);
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    rc = rollover_run(db, clock_today(), &rep, &ae);
    db_close(db);
    if (rc < 0)
        return cli_fail("%s", ae.message);
    if (rep.skipped) {
        printf("another process is rolling over right now; nothing done here\n");
        return EXIT_OK;
    }
    if (rep.from == DATE_NONE) {
        printf("already rolled over to today\n");
        return EXIT_OK;
    }
    date_format(rep.from, from);
    date_format(rep.to, to);
    printf("rolled over %s to %s: %lld residents re-evaluated, %lld changed colour\n", from, to,
           (long long)rep.evaluated, (long long)rep.changed);
    return EXIT_OK;
}

static char *read_file(const char *path, char err[256])
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;

    if (!f) {
        snprintf(err, 256, "cannot read %s", path);
        return NULL;
    }
    buf = malloc(COLOUR_RULES_TEXT_MAX + 2);
    n = buf ? fread(buf, 1, COLOUR_RULES_TEXT_MAX + 1, f) : 0;
    fclose(f);
    if (!buf) {
        snprintf(err, 256, "out of memory");
        return NULL;
    }
    if (n > COLOUR_RULES_TEXT_MAX) {
        free(buf);
        snprintf(err, 256, "%s is larger than %d bytes", path, COLOUR_RULES_TEXT_MAX);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

int cmd_rules(int argc, char **argv)
{
    static const struct cli_option opts[] = {CLI_END};
    struct colour_rules rules;
    char err[256], *text;
    struct app_error ae;
    int64_t changed = 0;
    struct db *db;
    int rc;

    if (argc < 2 || (strcmp(argv[1], "show") != 0 && strcmp(argv[1], "set") != 0))
        return cli_usage_error("rules", "say show or set FILE");
    if (cli_parse_options("rules", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (strcmp(argv[1], "set") == 0 && argc - optind != 1)
        return cli_usage_error("rules", "set needs the rule file");
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    if (strcmp(argv[1], "show") == 0) {
        rc = rules_load(db, &rules, &ae);
        db_close(db);
        if (rc < 0)
            return cli_fail("%s", ae.message);
        if (!(text = colour_rules_to_json(&rules)))
            return cli_fail("out of memory");
        fputs(text, stdout);
        free(text);
        return EXIT_OK;
    }
    if (!(text = read_file(argv[optind], err))) {
        db_close(db);
        return cli_fail("%s", err);
    }
    rc = rules_set(db, text, &changed, &ae);
    free(text);
    db_close(db);
    if (rc < 0)
        return cli_fail("%s: %s", argv[optind], ae.message);
    printf("rules set; every resident re-evaluated, %lld changed colour\n", (long long)changed);
    return EXIT_OK;
}
