/*
 * The demo's grids, organisation, places, quarantine and tasks (see
 * demo_tasks.h), made through the same use cases as the API.
 */
#include "demo/demo_tasks.h"

#include "app/accounts/accounts.h"
#include "app/daytime.h"
#include "demo/demo.h"
#include "app/units/places_grids.h"
#include "app/quarantine/quarantines.h"
#include "app/tasks/tasks.h"
#include "core/date.h"
#include "core/tasks.h"
#include "core/unitcode.h"
#include "store/accounts.h"
#include "store/orgs.h"
#include "store/places.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GRID(n) (DEMO_COMMITTEE * 1000 + (n))

static const struct {
    const char *name, *password;
    int grid;
} people[] = {
    {"qishan-grid1", NULL, 1},
    {"qishan-grid2", "demo-qishan-grid2", 2},
    {"qishan-grid3", "demo-qishan-grid3", 3},
    {"qishan-grid4", "demo-qishan-grid4", 4},
};

static const struct {
    const char *kind, *name;
    int grid;
    int compound; /* index into the committee's compounds + 1, 0: none */
    int org;
} places[] = {
    {"market", "岐山菜场", 1, 0, 0},
    {"garage", "岐山村地下车库", 1, 1, 1},
    {"corridor", "愚园路1032弄3号楼楼道", 3, 3, 0},
    {"station_exit", "江苏路地铁站4号口", 2, 0, 0},
};

static int fail(char err[256], struct db *db, const struct app_error *e, const char *what)
{
    snprintf(err, 256, "demo %s: %s", what, e && e->code[0] ? e->message : db_errmsg(db));
    return -1;
}

struct pick {
    struct db *db;
    int64_t compounds[8];
    int n;
};

static int take_compound(void *arg, const struct place_compound *pc)
{
    struct pick *p = arg;
    if (p->n < 8)
        p->compounds[p->n++] = pc->id;
    return 0;
}

/* The demo's task data being made, passed through the steps below. */
struct demo_work {
    struct db *db;
    char *err; /* 256 bytes */
    struct caller cli;
    struct pick pick; /* the committee's first compounds */
    int64_t org;      /* the property company */
    int64_t garage;   /* the garage place, 0 if none */
};

/* The grid workers' accounts, and each grid's responsible person. */
static int demo_people(struct demo_work *k)
{
    struct account a;
    char generated[ACCOUNTS_GENERATED_LEN];
    struct app_error aerr;
    int64_t city = 0;
    int rc;

    if ((rc = accounts_create_demo(k->db, NULL, &aerr)) < 0) {
        snprintf(k->err, 256, "demo accounts: %s", aerr.message);
        return rc;
    }
    for (size_t i = 1; i < sizeof people / sizeof *people; i++) {
        struct account_new an = {people[i].name,
                                 "grid_worker",
                                 DEMO_COMMITTEE,
                                 GRID(people[i].grid),
                                 people[i].password,
                                 0,
                                 0};
        if (store_account_by_name(k->db, people[i].name, &a) == 0)
            continue;
        if ((rc = accounts_create(k->db, &an, generated, NULL, &aerr)) < 0) {
            snprintf(k->err, 256, "demo account %s: %s", people[i].name, aerr.message);
            return rc;
        }
    }
    if ((rc = store_city_code(k->db, &city)) < 0)
        return fail(k->err, k->db, NULL, "city");
    caller_cli(&k->cli, city);
    for (size_t i = 0; i < sizeof people / sizeof *people; i++) {
        struct grids_set_person u;
        memset(&u, 0, sizeof u);
        u.c = k->cli;
        u.grid = GRID(people[i].grid);
        snprintf(u.account, sizeof u.account, "%s", people[i].name);
        if ((rc = app_write(k->db, NULL, grids_set_person_job, &u)) < 0)
            return fail(k->err, k->db, &u.err, "grid person");
    }
    return 0;
}

/* The property company, serving the first three compounds. */
static int demo_org(struct demo_work *k)
{
    struct app_error e;
    int rc;

    memset(&e, 0, sizeof e);
    if ((rc = store_compounds_within(k->db, DEMO_COMMITTEE, take_compound, &k->pick)) < 0)
        return fail(k->err, k->db, NULL, "compounds");
    if ((rc = db_begin_write(k->db)) < 0)
        return fail(k->err, k->db, NULL, "organisation");
    if ((rc = orgs_create(k->db, "长宁物业公司", "property", unitcode_parent(DEMO_COMMITTEE),
                          &k->org, &e)) < 0)
        goto rollback;
    for (int i = 0; i < k->pick.n && i < 3; i++)
        if ((rc = orgs_link(k->db, k->org, k->pick.compounds[i], &e)) < 0)
            goto rollback;
    if ((rc = orgs_attach_account(k->db, "property", k->org, &e)) < 0)
        goto rollback;
    if ((rc = db_commit(k->db)) < 0)
        goto rollback;
    return 0;
rollback:
    db_rollback(k->db);
    return fail(k->err, k->db, &e, "organisation");
}

static int demo_places(struct demo_work *k)
{
    int rc;

    for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
        struct places_create u;
        enum place_kind pk;
        memset(&u, 0, sizeof u);
        u.c = k->cli;
        place_kind_parse(places[i].kind, &pk);
        u.p.kind = (int)pk;
        snprintf(u.p.name, sizeof u.p.name, "%s", places[i].name);
        u.p.grid = GRID(places[i].grid);
        if (places[i].compound && places[i].compound <= k->pick.n)
            u.p.compound = k->pick.compounds[places[i].compound - 1];
        u.p.org = places[i].org ? k->org : 0;
        if ((rc = app_write(k->db, NULL, places_create_job, &u)) < 0)
            return fail(k->err, k->db, &u.err, "place");
        if (pk == PLACE_GARAGE)
            k->garage = u.p.id;
    }
    return 0;
}

/* A household of grid 1 back from Hubei, in home quarantine since three
 * days ago: its rubbish is collected every day until the last day. */
static int demo_quarantine(struct demo_work *k)
{
    struct caller qishan;
    struct quarantines_open *u;
    struct app_error e;
    struct account a;
    int64_t resident = 0;
    int rc;

    if ((rc = store_resident_first_well_at_home(k->db, GRID(1), &resident)) < 0)
        return fail(k->err, k->db, NULL, "resident");
    if (!resident)
        return 0;
    memset(&qishan, 0, sizeof qishan);
    if (!(u = calloc(1, sizeof *u)))
        return fail(k->err, k->db, NULL, "quarantine");
    snprintf(qishan.name, sizeof qishan.name, "qishan");
    qishan.role = ROLE_COMMITTEE;
    qishan.unit = DEMO_COMMITTEE;
    qishan.account = store_account_by_name(k->db, "qishan", &a) == 0 ? a.id : 0;
    u->c = qishan.account ? qishan : k->cli;
    u->resident = resident;
    u->kind = 1; /* home */
    u->from = clock_today() - 3;
    u->until = u->from + 13;
    rc = app_write(k->db, NULL, quarantines_open_job, u);
    if (rc < 0) {
        e = u->err;
        free(u);
        return fail(k->err, k->db, &e, "quarantine");
    }
    free(u);
    return 0;
}

/* A blocked garage ramp reported yesterday, still not repaired: past its
 * deadline long enough to be on the street's board. */
static int demo_garage_task(struct demo_work *k)
{
    struct place_row p;
    struct task_row t;
    int64_t now = daytime_now();
    int rc;

    if (!k->garage)
        return 0;
    memset(&t, 0, sizeof t);
    if ((rc = store_place_get(k->db, k->garage, &p)) < 0)
        return fail(k->err, k->db, NULL, "task");
    t.kind = TASK_REPAIR;
    snprintf(t.title, sizeof t.title, "车库坡道堆放杂物，需清理");
    t.place = p.id;
    t.grid = p.grid;
    t.committee = p.committee;
    t.compound = p.compound;
    t.org = p.org;
    t.street = unitcode_at_level(p.committee, LEVEL_STREET);
    t.district = p.district;
    t.day = DATE_NONE;
    t.deadline = now - 6 * 3600;
    t.created_at = now - 30 * 3600;
    snprintf(t.created_by, sizeof t.created_by, "qishan");
    if ((rc = db_begin_write(k->db)) < 0 ||
        (rc = tasks_default_assignee(k->db, t.place, t.grid, &t.assignee)) < 0 ||
        (rc = tasks_add(k->db, &t, "qishan", NULL)) < 0 || (rc = db_commit(k->db)) < 0) {
        db_rollback(k->db);
        return fail(k->err, k->db, NULL, "task");
    }
    return 0;
}

int demo_tasks_create(struct db *db, char err[256])
{
    struct demo_work k;
    int64_t n = 0;
    int rc;

    memset(&k, 0, sizeof k);
    k.db = db;
    k.err = err;
    if ((rc = store_places_count(db, &n)) < 0)
        return fail(err, db, NULL, "places");
    if (n > 0)
        return 0;
    if ((rc = demo_people(&k)) < 0 || (rc = demo_org(&k)) < 0 || (rc = demo_places(&k)) < 0 ||
        (rc = demo_quarantine(&k)) < 0 || (rc = demo_garage_task(&k)) < 0)
        return rc;
    return 0;
}
