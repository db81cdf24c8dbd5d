/*
 * The demo's lifts (demo_cadre_day.h), set through the same use case as
 * POST /api/v1/compounds/{id}/grid {"lift": …} and `cordon place lift`.
 */
#include "demo/demo_cadre_day.h"

#include "app/app.h"
#include "app/units/places_grids.h"
#include "demo/demo.h"
#include "demo/demo_supplies.h"
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
    return 0;
fail:
    snprintf(err, 256, "demo lifts: %s", db_errmsg(db));
    return rc;
}
