/*
 * `cordon campaign add|book|draw|pickup|show|link`: supplies campaigns from
 * the command line (setting up a campaign, a committee without the web UI,
 * the demo). Every write goes through the same use case as the API
 * (app/supplies/), as the system role, so the rules are the same.
 */
#include "app/daytime.h"
#include "app/supplies/campaigns.h"
#include "app/supplies/household.h"
#include "app/supplies/lapse.h"
#include "cli/cli.h"
#include "core/date.h"
#include "store/units.h"
#include "util/clock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --point NAME=STOCK, repeated: appended to the body's points. */
static int add_point(const char *cmd, const char *arg, void *dest)
{
    json_t *points = *(json_t **)dest;
    const char *eq = strrchr(arg, '=');
    long long stock;
    char *end;

    if (!eq || eq == arg || (stock = strtoll(eq + 1, &end, 10)) <= 0 || *end)
        return cli_usage_error(cmd, "--point takes NAME=STOCK"), -1;
    json_array_append_new(points, json_pack("{s:s%, s:I}", "name", arg, (size_t)(eq - arg), "stock",
                                            (json_int_t)stock));
    return 0;
}

/* Runs one write job of `size` bytes: header filled (the path's id, now,
 * the system caller), body parsed, the job run in a transaction. The job
 * (the caller frees it), or NULL after printing the failure. */
static void *run(struct db *db, size_t size, app_parse_fn parse, writer_job_fn job,
                 const json_t *body, int64_t id)
{
    struct app_job *u = calloc(1, size);
    int64_t city = 0;
    int rc;

    if (!u) {
        cli_fail("out of memory");
        return NULL;
    }
    u->id = id;
    u->today = clock_today();
    u->now = clock_now();
    if ((rc = store_city_code(db, &city)) < 0) {
        cli_fail("cannot read the database: %s", db_errmsg(db));
        free(u);
        return NULL;
    }
    caller_cli(&u->c, city);
    rc = parse ? parse(db, body, u) : 0;
    if (rc == 0)
        rc = app_write(db, NULL, job, u);
    if (rc < 0) {
        if (u->err.code[0])
            cli_fail("%s%s%s", u->err.field, u->err.field[0] ? ": " : "", u->err.message);
        else
            cli_fail("cannot write: %s", db_errmsg(db));
        free(u);
        return NULL;
    }
    return u;
}

static void print_campaign(const struct campaign_view *v)
{
    char opens[DATE_STR_LEN], closes[DATE_STR_LEN];

    date_format(v->c.opens, opens);
    date_format(v->c.closes, closes);
    printf("campaign %lld\t%s %lld%s\t%s..%s\t%s\tstock %lld\tremaining %lld\n", (long long)v->c.id,
           v->c.item, (long long)v->c.per_household, v->c.measure, opens, closes, v->c.allocation,
           (long long)v->c.stock, (long long)(v->c.stock - v->c.allocated));
    printf("booked %lld\tentered %lld\tallocated %lld\tpicked up %lld\tdelivery %lld\t"
           "not drawn %lld\tlapsed %lld\n",
           (long long)v->k.booked, (long long)v->k.entered, (long long)v->k.allocated,
           (long long)v->k.picked, (long long)v->k.delivery, (long long)v->k.not_drawn,
           (long long)v->k.lapsed);
    if (v->c.seed[0])
        printf("draw seed %s\tmethod %s\n", v->c.seed, v->c.method);
    for (int i = 0; i < v->npoints; i++)
        printf("point %lld\t%s\tstock %lld\tallocated %lld\tpicked up %lld\n",
               (long long)v->points[i].id, v->points[i].name, (long long)v->points[i].stock,
               (long long)v->points[i].allocated, (long long)v->points[i].picked);
}

static int act(struct db *db, const char *action, int64_t id, json_t *body)
{
    void *u = NULL;

    if (strcmp(action, "add") == 0 && (u = run(db, sizeof(struct campaigns_add),
                                               campaigns_add_parse, campaigns_add_job, body, 0)))
        print_campaign(&((struct campaigns_add *)u)->out);
    else if (strcmp(action, "book") == 0 &&
             (u = run(db, sizeof(struct campaigns_book), campaigns_book_parse, campaigns_book_job,
                      body, id)))
        printf("booked\t%s\t%s\n", ((struct campaigns_book *)u)->out.code,
               ((struct campaigns_book *)u)->out.delivery ? "delivery" : "pickup");
    else if (strcmp(action, "draw") == 0 &&
             (u = run(db, sizeof(struct campaigns_draw), campaigns_draw_parse, campaigns_draw_job,
                      body, id)))
        print_campaign(&((struct campaigns_draw *)u)->out);
    else if (strcmp(action, "pickup") == 0 &&
             (u = run(db, sizeof(struct campaigns_pickup), campaigns_pickup_parse,
                      campaigns_pickup_job, body, 0)))
        printf("picked up\t%s\n", ((struct campaigns_pickup *)u)->out.code);
    else if (strcmp(action, "link") == 0 &&
             (u = run(db, sizeof(struct household_link), NULL, household_link_job, NULL, id)))
        printf("household %lld\t/h/%s\tcode %s\t%s\n", (long long)id,
               ((struct household_link *)u)->token, ((struct household_link *)u)->code,
               ((struct household_link *)u)->address);
    if (!u)
        return EXIT_RUNTIME;
    free(u);
    return EXIT_OK;
}

static int show(struct db *db, int64_t id)
{
    struct campaign_view *v = malloc(sizeof *v);
    struct caller c;
    struct app_error e;
    int64_t city = 0;
    int rc;

    if (!v)
        return cli_fail("out of memory");
    if ((rc = store_city_code(db, &city)) == 0) {
        caller_cli(&c, city);
        rc = campaigns_get(db, &c, id, v, &e);
    }
    if (rc == 0)
        print_campaign(v);
    free(v);
    return rc < 0 ? cli_fail("no campaign %lld", (long long)id) : EXIT_OK;
}

/* Ends the pickup windows of `today`: prints what went back. 0 or < 0. */
static int lapse(struct db *db)
{
    struct supplies_lapse_report rep;
    struct app_error err;

    if (supplies_lapse(db, clock_today(), daytime_now(), &rep, &err) < 0) {
        fprintf(stderr, "cordon: %s\n", err.message);
        return -1;
    }
    if (rep.lapsed)
        fprintf(stderr,
                "cordon: campaigns: %lld booking(s) not collected in time, %lld box(es) "
                "passed to the next drawn\n",
                (long long)rep.lapsed, (long long)rep.redrawn);
    return 0;
}

void campaign_tick(struct db *db)
{
    (void)lapse(db);
}

static void set_text(json_t *body, const char *key, const char *v)
{
    if (v)
        json_object_set_new(body, key, json_string(v));
}

static void set_num(json_t *body, const char *key, int64_t v)
{
    if (v)
        json_object_set_new(body, key, json_integer(v));
}

int cmd_campaign(int argc, char **argv)
{
    const char *action, *item = NULL, *measure = NULL, *opens = NULL, *closes = NULL,
                        *allocation = NULL, *seed = NULL, *code = NULL;
    int64_t unit = 0, stock = 0, per = 1, household = 0, point = 0, id = 0, pickup_days = 0;
    json_t *points = json_array(), *body = json_object();
    const struct cli_option opts[] = {CLI_CODE("unit", unit),
                                      CLI_TEXT("item", item),
                                      CLI_TEXT("measure", measure),
                                      CLI_NUM("stock", stock),
                                      CLI_NUM("per-household", per),
                                      CLI_TEXT("opens", opens),
                                      CLI_TEXT("closes", closes),
                                      CLI_TEXT("allocation", allocation),
                                      CLI_FN("point", points, add_point),
                                      CLI_NUM("pickup-days", pickup_days),
                                      CLI_NUM("household", household),
                                      CLI_NUM("at", point),
                                      CLI_TEXT("seed", seed),
                                      CLI_TEXT("code", code),
                                      CLI_END};
    struct db *db = NULL;
    int rc = EXIT_USAGE;

    if (argc < 2) {
        cli_usage_error("campaign", "say add, book, draw, pickup, show, link or lapse");
        goto done;
    }
    action = argv[1];
    if (cli_parse_options("campaign", argc, argv, 2, opts, 0) < 0)
        goto done;
    if (strcmp(action, "add") && strcmp(action, "pickup") && strcmp(action, "lapse") &&
        (argc - optind != 1 || (id = strtoll(argv[optind], NULL, 10)) <= 0)) {
        cli_usage_error("campaign", "%s needs an id", action);
        goto done;
    }
    if (strcmp(action, "add") == 0) {
        if (unit)
            json_object_set_new(body, "unit", json_sprintf("%lld", (long long)unit));
        set_text(body, "item", item);
        set_text(body, "measure", measure);
        set_num(body, "stock", stock);
        set_num(body, "per_household", per);
        set_text(body, "opens", opens);
        set_text(body, "closes", closes);
        set_text(body, "allocation", allocation ? allocation : "first_come");
        set_num(body, "pickup_days", pickup_days);
        if (json_array_size(points))
            json_object_set(body, "points", points);
    } else if (strcmp(action, "book") == 0) {
        set_num(body, "household", household);
        set_num(body, "point", point);
    } else if (strcmp(action, "draw") == 0) {
        set_text(body, "seed", seed);
    } else if (strcmp(action, "pickup") == 0) {
        set_text(body, "code", code);
    } else if (strcmp(action, "show") && strcmp(action, "link") && strcmp(action, "lapse")) {
        cli_usage_error("campaign", "unknown action %s", action);
        goto done;
    }
    rc = EXIT_RUNTIME;
    if (!(db = cli_open_db(0)))
        goto done;
    if (strcmp(action, "lapse") == 0)
        rc = lapse(db) < 0 ? EXIT_RUNTIME : EXIT_OK;
    else
        rc = strcmp(action, "show") == 0 ? show(db, id) : act(db, action, id, body);
    db_close(db);
done:
    json_decref(points);
    json_decref(body);
    return rc;
}
