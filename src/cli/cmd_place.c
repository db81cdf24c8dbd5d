/*
 * `cordon place add|list|responsible|assign`: non-residential places, the
 * person answerable for each grid, and drawing compounds and buildings
 * into grids — the same use cases as the API, as the command line.
 */
#include "app/units/places_grids.h"
#include "cli/cli.h"
#include "core/tasks.h"
#include "store/units.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_place(void *arg, const struct place_row *p)
{
    (void)arg;
    printf("%lld\t%s\t%s\t%lld\n", (long long)p->id, place_kind_code((enum place_kind)p->kind),
           p->name, (long long)p->grid);
    return 0;
}

/* The options of `cordon place`, and the caller they act as. */
struct place_args {
    const char *grid_s, *kind, *name, *who;
    int64_t grid, compound, building, org, unit;
    int lift; /* --lift 1, --walk-up 2, else 0 */
    struct caller c;
};

/* Every place within unit, a page at a time. */
static int list_all(struct db *db, const struct caller *c, int64_t unit, struct app_error *e)
{
    struct page pg = {0, PLACES_PAGE_MAX, 0};
    int rc;

    do {
        pg.cursor = pg.next;
        if ((rc = places_list(db, c, unit, &pg, print_place, NULL, e)) < 0)
            return rc;
    } while (pg.next);
    return 0;
}

/* Each action returns an exit code; the database stays open. */
static int place_list(struct db *db, const struct place_args *a)
{
    struct app_error e;

    if (list_all(db, &a->c, a->unit, &e) < 0)
        return cli_app_fail(db, &e, NULL);
    return EXIT_OK;
}

static int place_add(struct db *db, const struct place_args *a)
{
    struct places_create *u = calloc(1, sizeof *u);
    json_t *body =
        json_pack("{s:s?, s:s?, s:s?}", "kind", a->kind, "name", a->name, "grid", a->grid_s);
    struct app_error e;
    int rc;

    if (!u || !body) {
        free(u);
        json_decref(body);
        return cli_fail("out of memory");
    }
    if (a->compound)
        json_object_set_new(body, "compound", json_integer(a->compound));
    if (a->org)
        json_object_set_new(body, "org", json_integer(a->org));
    if (a->who)
        json_object_set_new(body, "responsible", json_string(a->who));
    u->c = a->c;
    rc = places_create_parse(db, body, u);
    json_decref(body);
    if (rc == 0)
        rc = app_write(db, NULL, places_create_job, u);
    if (rc < 0) {
        e = u->err;
        free(u);
        if (!e.code[0])
            snprintf(e.message, sizeof e.message, "%s", db_errmsg(db));
        return cli_app_fail(db, &e, NULL);
    }
    printf("place %lld added\n", (long long)u->p.id);
    free(u);
    return EXIT_OK;
}

static int place_responsible(struct db *db, const struct place_args *a)
{
    struct grids_set_person u;

    memset(&u, 0, sizeof u);
    if (!a->grid || !a->who)
        return cli_usage_error("place", "responsible needs --grid CODE --account NAME");
    u.c = a->c;
    u.grid = a->grid;
    snprintf(u.account, sizeof u.account, "%s", a->who);
    if (app_write(db, NULL, grids_set_person_job, &u) < 0)
        return cli_app_fail(db, &u.err, NULL);
    return EXIT_OK;
}

static int place_assign(struct db *db, const struct place_args *a)
{
    struct grids_assign u;

    memset(&u, 0, sizeof u);
    if (!a->compound)
        return cli_usage_error("place", "assign needs --compound ID --grid CODE");
    u.c = a->c;
    u.compound = a->compound;
    u.building = a->building;
    u.grid = a->grid;
    if (app_write(db, NULL, grids_assign_job, &u) < 0)
        return cli_app_fail(db, &u.err, NULL);
    return EXIT_OK;
}

/* The lift of a compound's buildings (or one building's): the grid stays. */
static int place_lift(struct db *db, const struct place_args *a)
{
    struct grids_assign u;

    memset(&u, 0, sizeof u);
    if (!a->compound || !a->lift)
        return cli_usage_error("place", "lift needs --compound ID and --lift or --walk-up");
    u.c = a->c;
    u.compound = a->compound;
    u.building = a->building;
    u.set_lift = 1;
    u.lift = a->lift == 1;
    u.keep_grid = 1;
    if (app_write(db, NULL, grids_assign_job, &u) < 0)
        return cli_app_fail(db, &u.err, NULL);
    return EXIT_OK;
}

static const struct {
    const char *name;
    int (*run)(struct db *db, const struct place_args *a);
} actions[] = {
    {"list", place_list},     {"add", place_add},   {"responsible", place_responsible},
    {"assign", place_assign}, {"lift", place_lift},
};

int cmd_place(int argc, char **argv)
{
    struct place_args a;
    const struct cli_option opts[] = {CLI_CODE_TEXT("grid", a.grid, a.grid_s),
                                      CLI_TEXT("kind", a.kind),
                                      CLI_TEXT("name", a.name),
                                      CLI_NUM("compound", a.compound),
                                      CLI_NUM("building", a.building),
                                      CLI_NUM("org", a.org),
                                      CLI_TEXT("responsible", a.who),
                                      CLI_TEXT("account", a.who),
                                      CLI_CODE("unit", a.unit),
                                      CLI_SET("lift", a.lift, 1),
                                      CLI_SET("walk-up", a.lift, 2),
                                      CLI_END};
    struct db *db;
    int rc = -1;

    memset(&a, 0, sizeof a);
    if (argc < 2)
        return cli_usage_error("place", "say add, list, responsible, assign or lift");
    if (cli_parse_options("place", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (!(db = cli_open_city(&a.c, "cannot read the database")))
        return EXIT_RUNTIME;
    for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
        if (strcmp(argv[1], actions[i].name) == 0)
            rc = actions[i].run(db, &a);
    if (rc < 0)
        rc = cli_usage_error("place", "unknown action %s", argv[1]);
    db_close(db);
    return rc;
}
