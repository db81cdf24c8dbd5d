/*
 * The demo's lifts and high-risk origins (demo_cadre_day.h), through the
 * same use cases as POST /api/v1/compounds/{id}/grid {"lift": …} (`cordon
 * place lift`) and POST /api/v1/origins.
 */
#include "demo/demo_cadre_day.h"

#include "app/app.h"
#include "app/checkpoints/origins.h"
#include "app/units/places_grids.h"
#include "demo/demo.h"
#include "demo/demo_supplies.h"
#include "core/facts.h"
#include "store/places.h"
#include "store/units.h"

#include <stdio.h>
#include <string.h>

#define LIFT_COMPOUNDS_MAX 64

struct lifts {
    int n;
    int64_t id[LIFT_COMPOUNDS_MAX];
    int lift[LIFT_COMPOUNDS_MAX];
};

static int take(void *arg, const struct place_compound *c)
{
    struct lifts *l = arg;

    if (l->n == LIFT_COMPOUNDS_MAX)
        return 1;
    l->id[l->n] = c->id;
    l->lift[l->n++] = strcmp(c->name, "岐山村") != 0;
    return 0;
}

/* The high-risk origins of early 2020 as a district kept them. */
static int origins(struct db *db, int64_t city, char err[256])
{
    static const struct {
        const char *pattern;
        int kind;
        const char *note;
    } rules[] = {
        {"湖北", QUARANTINE_CENTRAL, "湖北来沪人员集中隔离观察"},
        {"温州", QUARANTINE_HOME, "温州来沪人员居家隔离"},
    };
    struct origins_add u;
    int rc;

    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        memset(&u, 0, sizeof u);
        caller_cli(&u.c, city);
        snprintf(u.r.pattern, sizeof u.r.pattern, "%s", rules[i].pattern);
        snprintf(u.r.note, sizeof u.r.note, "%s", rules[i].note);
        u.r.kind = rules[i].kind;
        u.r.days = 14;
        if ((rc = app_write(db, NULL, origins_add_job, &u)) < 0) {
            snprintf(err, 256, "demo origins: %s", u.err.message);
            return rc;
        }
    }
    return 0;
}

int demo_cadre_day_create(struct db *db, char err[256])
{
    static const int64_t committees[] = {DEMO_COMMITTEE, DEMO_SUPPLIES_COMMITTEE};
    struct lifts l = {0};
    struct grids_assign u;
    int64_t city;
    int rc;

    if ((rc = store_city_code(db, &city)) < 0)
        goto fail;
    for (size_t i = 0; i < sizeof committees / sizeof *committees; i++)
        if ((rc = store_compounds_within(db, committees[i], take, &l)) < 0)
            goto fail;
    for (int i = 0; i < l.n; i++) {
        memset(&u, 0, sizeof u);
        caller_cli(&u.c, city);
        u.compound = l.id[i];
        u.set_lift = 1;
        u.lift = l.lift[i];
        u.keep_grid = 1;
        if ((rc = app_write(db, NULL, grids_assign_job, &u)) < 0) {
            snprintf(err, 256, "demo lifts: %s", u.err.message);
            return rc;
        }
    }
    return origins(db, city, err);
fail:
    snprintf(err, 256, "demo lifts: %s", db_errmsg(db));
    return rc;
}
