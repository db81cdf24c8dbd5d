/*
 * `cordon place add|list|responsible|assign`: non-residential places, the
 * person answerable for each grid, and drawing compounds and buildings
 * into grids — the same use cases as the API, as the command line.
 */
#include "app/places_grids.h"
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

static int fail(struct db *db, const struct app_error *e)
{
    int rc = cli_fail("%s%s%s", e->field, e->field[0] ? ": " : "", e->message);
    db_close(db);
    return rc;
}

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

int cmd_place(int argc, char **argv)
{
    static const struct option longopts[] = {{"grid", required_argument, 0, 'g'},
                                             {"kind", required_argument, 0, 'k'},
                                             {"name", required_argument, 0, 'n'},
                                             {"compound", required_argument, 0, 'c'},
                                             {"building", required_argument, 0, 'b'},
                                             {"org", required_argument, 0, 'o'},
                                             {"responsible", required_argument, 0, 'r'},
                                             {"account", required_argument, 0, 'a'},
                                             {"unit", required_argument, 0, 'u'},
                                             CLI_COMMON_LONGOPTS,
                                             {0, 0, 0, 0}};
    const char *action, *grid_s = NULL, *kind = NULL, *name = NULL, *who = NULL;
    int64_t grid = 0, compound = 0, building = 0, org = 0, unit = 0, city = 0;
    struct caller c;
    struct app_error e;
    struct db *db;
    int opt, rc;

    if (argc < 2)
        return cli_usage_error("place", "say add, list, responsible or assign");
    action = argv[1];
    optind = 2;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 'g':
            grid_s = optarg;
            if (cli_parse_code("place", optarg, &grid) < 0)
                return EXIT_USAGE;
            break;
        case 'u':
            if (cli_parse_code("place", optarg, &unit) < 0)
                return EXIT_USAGE;
            break;
        case 'k':
            kind = optarg;
            break;
        case 'n':
            name = optarg;
            break;
        case 'c':
            compound = strtoll(optarg, NULL, 10);
            break;
        case 'b':
            building = strtoll(optarg, NULL, 10);
            break;
        case 'o':
            org = strtoll(optarg, NULL, 10);
            break;
        case 'r':
        case 'a':
            who = optarg;
            break;
        default:
            if ((rc = cli_common_option(opt, optarg)) <= 0)
                return rc < 0 ? EXIT_USAGE : cli_usage_error("place", "unknown option");
        }
    }
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    if (store_city_code(db, &city) < 0) {
        db_close(db);
        return cli_fail("cannot read the database");
    }
    caller_cli(&c, city);
    if (strcmp(action, "list") == 0) {
        if ((rc = list_all(db, &c, unit, &e)) < 0)
            return fail(db, &e);
    } else if (strcmp(action, "add") == 0) {
        struct places_create *u = calloc(1, sizeof *u);
        json_t *body = json_pack("{s:s?, s:s?, s:s?}", "kind", kind, "name", name, "grid", grid_s);
        if (!u || !body) {
            free(u);
            json_decref(body);
            db_close(db);
            return cli_fail("out of memory");
        }
        if (compound)
            json_object_set_new(body, "compound", json_integer(compound));
        if (org)
            json_object_set_new(body, "org", json_integer(org));
        if (who)
            json_object_set_new(body, "responsible", json_string(who));
        u->c = c;
        rc = places_create_parse(db, body, u);
        json_decref(body);
        if (rc == 0)
            rc = app_write(db, NULL, places_create_job, u);
        if (rc < 0) {
            e = u->err;
            free(u);
            if (!e.code[0])
                snprintf(e.message, sizeof e.message, "%s", db_errmsg(db));
            return fail(db, &e);
        }
        printf("place %lld added\n", (long long)u->p.id);
        free(u);
    } else if (strcmp(action, "responsible") == 0) {
        struct grids_set_person u;
        memset(&u, 0, sizeof u);
        if (!grid || !who) {
            db_close(db);
            return cli_usage_error("place", "responsible needs --grid CODE --account NAME");
        }
        u.c = c;
        u.grid = grid;
        snprintf(u.account, sizeof u.account, "%s", who);
        if ((rc = app_write(db, NULL, grids_set_person_job, &u)) < 0)
            return fail(db, &u.err);
    } else if (strcmp(action, "assign") == 0) {
        struct grids_assign u;
        memset(&u, 0, sizeof u);
        if (!compound) {
            db_close(db);
            return cli_usage_error("place", "assign needs --compound ID --grid CODE");
        }
        u.c = c;
        u.compound = compound;
        u.building = building;
        u.grid = grid;
        if ((rc = app_write(db, NULL, grids_assign_job, &u)) < 0)
            return fail(db, &u.err);
    } else {
        db_close(db);
        return cli_usage_error("place", "unknown action %s", action);
    }
    db_close(db);
    return EXIT_OK;
}
