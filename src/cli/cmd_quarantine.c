/*
 * `cordon quarantine open|until|cancel|list`: quarantine cases from the
 * command line (setting up an exercise, or a committee without the web
 * UI). Opening a case, moving its last day and cancelling it go through the
 * same use cases as the API, so the resident's fact, colour and counts
 * change with them.
 */
#include "app/quarantine/quarantines.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/facts.h"
#include "store/units.h"
#include "util/clock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_case(void *arg, const struct quarantine_view *v)
{
    char from[DATE_STR_LEN], until[DATE_STR_LEN];
    static const char *const states[] = {"open", "ended", "cancelled"};

    (void)arg;
    date_format(v->q.day_from, from);
    date_format(v->q.day_until, until);
    printf("%lld\tresident %lld\t%s\t%s..%s\t%s\t%s\t%s\n", (long long)v->q.id,
           (long long)v->q.resident, quarantine_code((enum quarantine_kind)v->q.kind), from, until,
           states[v->state < 3 ? v->state : 0], v->address, v->missed ? "check-in missed" : "");
    return 0;
}

/* Reports a failed write: the use case's message, else the database's. */
static int write_failed(struct db *db, const struct app_error *e, const char *what)
{
    if (e->code[0])
        return cli_fail("%s%s%s", e->field, e->field[0] ? ": " : "", e->message);
    return cli_fail("cannot %s: %s", what, db_errmsg(db));
}

static int open_case(struct db *db, int argc, char **argv)
{
    /* The options are the body's fields, as the API takes them. */
    static const char *const keys[] = {"kind", "from", "until", "facility", "follower"};
    const char *text[5] = {NULL}, *resident = NULL;
    const struct cli_option opts[] = {CLI_TEXT("resident", resident),
                                      CLI_TEXT("kind", text[0]),
                                      CLI_TEXT("from", text[1]),
                                      CLI_TEXT("until", text[2]),
                                      CLI_TEXT("facility", text[3]),
                                      CLI_TEXT("follower", text[4]),
                                      CLI_END};
    struct quarantines_open *u;
    json_t *body = json_object();
    int64_t city = 0;
    int rc;

    if (cli_parse_options("quarantine", argc, argv, 2, opts, 0) < 0) {
        json_decref(body);
        return EXIT_USAGE;
    }
    if (resident)
        json_object_set_new(body, "resident", json_integer(strtoll(resident, NULL, 10)));
    for (int i = 0; i < 5; i++)
        if (text[i])
            json_object_set_new(body, keys[i], json_string(text[i]));
    if (!(u = calloc(1, sizeof *u))) {
        json_decref(body);
        return cli_fail("out of memory");
    }
    u->today = clock_today();
    rc = quarantines_open_parse(db, body, u);
    json_decref(body);
    if (rc == 0 && (rc = store_city_code(db, &city)) == 0) {
        caller_cli(&u->c, city);
        rc = app_write(db, NULL, quarantines_open_job, u);
    }
    if (rc < 0) {
        rc = write_failed(db, &u->err, "open the case");
        free(u);
        return rc;
    }
    printf("quarantine case %lld opened; check-in link /checkin.html#%s; %lld task(s) today\n",
           (long long)u->out.q.id, u->token, (long long)u->tasks);
    free(u);
    return EXIT_OK;
}

/* An option that the action does not take, though its sibling does. */
static int refuse(const char *cmd, const char *arg, void *dest)
{
    (void)arg;
    (void)dest;
    return cli_usage_error(cmd, "unknown option"), -1;
}

/* `until ID --until DATE --reason TEXT` and `cancel ID --reason TEXT`. */
static int change_case(struct db *db, int argc, char **argv, int cancel)
{
    const char *until = NULL, *reason = NULL;
    /* Cancelling takes no --until. */
    const struct cli_option opts[] = {cancel ? (struct cli_option)CLI_FN("until", until, refuse)
                                             : (struct cli_option)CLI_TEXT("until", until),
                                      CLI_TEXT("reason", reason), CLI_END};
    struct quarantines_change *u;
    json_t *body = json_object();
    char *end;
    int64_t city = 0, id;
    int rc;

    id = argc > 2 ? strtoll(argv[2], &end, 10) : 0;
    if (argc <= 2 || *end || id <= 0) {
        json_decref(body);
        return cli_usage_error("quarantine", "say which case (its id)");
    }
    if (cli_parse_options("quarantine", argc, argv, 3, opts, 0) < 0) {
        json_decref(body);
        return EXIT_USAGE;
    }
    if (until)
        json_object_set_new(body, "until", json_string(until));
    if (reason)
        json_object_set_new(body, "reason", json_string(reason));
    if (!(u = calloc(1, sizeof *u))) {
        json_decref(body);
        return cli_fail("out of memory");
    }
    rc = cancel ? quarantines_cancel_parse(db, body, u) : quarantines_until_parse(db, body, u);
    json_decref(body);
    u->id = id;
    if (rc == 0 && (rc = store_city_code(db, &city)) == 0) {
        caller_cli(&u->c, city);
        rc = app_write(db, NULL, quarantines_change_job, u);
    }
    if (rc < 0) {
        rc = write_failed(db, &u->err, "change the case");
        free(u);
        return rc;
    }
    print_case(NULL, &u->out);
    printf("%lld task(s) cancelled\n", (long long)u->tasks_cancelled);
    free(u);
    return EXIT_OK;
}

int cmd_quarantine(int argc, char **argv)
{
    struct caller c;
    struct app_error e;
    struct db *db;
    int64_t unit = 0;
    struct page pg = {0, QUARANTINES_PAGE_MAX, 0};
    int rc, all = 0;
    const struct cli_option opts[] = {CLI_CODE("unit", unit), CLI_FLAG("all", all), CLI_END};

    if (argc < 2)
        return cli_usage_error("quarantine", "say open, until, cancel or list");
    if (strcmp(argv[1], "open") == 0 || strcmp(argv[1], "until") == 0 ||
        strcmp(argv[1], "cancel") == 0) {
        for (int i = 2; i < argc; i++) /* --db first: the writes need the database */
            if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
                cli_common_option(CLI_OPT_DB, argv[i + 1]);
        if (!(db = cli_open_db(0)))
            return EXIT_RUNTIME;
        rc = argv[1][0] == 'o' ? open_case(db, argc, argv)
                               : change_case(db, argc, argv, argv[1][0] == 'c');
        db_close(db);
        return rc;
    }
    if (strcmp(argv[1], "list") != 0)
        return cli_usage_error("quarantine", "unknown action %s", argv[1]);
    if (cli_parse_options("quarantine", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (!(db = cli_open_city(&c, "cannot read the database")))
        return EXIT_RUNTIME;
    do {
        pg.cursor = pg.next;
        rc = quarantines_list(db, &c, unit, !all, &pg, print_case, NULL, &e);
    } while (rc >= 0 && pg.next);
    db_close(db);
    if (rc < 0)
        return cli_fail("%s", e.message);
    return EXIT_OK;
}
