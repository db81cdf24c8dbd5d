/*
 * Building the dashboard answer (see dashboard.h) from the live counts, the
 * daily snapshots and the places.
 */
#include "app/dashboard/dashboard.h"

#include "app/dashboard/counts.h"
#include "app/daytime.h"
#include "app/checkpoints/handovers.h"
#include "app/tasks/tasks.h"
#include "core/unitcode.h"
#include "store/places.h"
#include "store/residents.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

static int64_t sum6(const int64_t c[COLOUR_COUNT])
{
    int64_t t = 0;
    for (int i = 0; i < COLOUR_COUNT; i++)
        t += c[i];
    return t;
}

static json_t *counts_obj(const int64_t c[COLOUR_COUNT])
{
    return json_pack("{s:I, s:o}", "total", (json_int_t)sum6(c), "colours", counts_colours_json(c));
}

struct kids {
    struct db *db;
    json_t *arr;
    int rc;
};

static int add_child(void *arg, const struct unit *u)
{
    struct kids *k = arg;
    int64_t c[COLOUR_COUNT];
    char code[UNITCODE_STR_LEN];
    int rc;

    if ((rc = store_counts_get(k->db, u->code, c)) < 0)
        return rc;
    unitcode_format(u->code, code);
    json_array_append_new(k->arr,
                          json_pack("{s:s, s:s, s:i, s:I, s:o}", "code", code, "name", u->name,
                                    "level", u->level, "total", (json_int_t)sum6(c), "colours",
                                    counts_colours_json(c)));
    return 0;
}

/* A committee's residents in no grid, as a row of its own after the grids
 * ("nogrid": true, the committee's code), so the table adds up to the
 * committee's total; nothing when every resident is in a grid. */
static void add_nogrid(json_t *kids, int64_t unit, const int64_t live[COLOUR_COUNT])
{
    int64_t rest[COLOUR_COUNT];
    char code[UNITCODE_STR_LEN];
    size_t i;
    json_t *ch;

    memcpy(rest, live, sizeof rest);
    json_array_foreach(kids, i, ch)
    {
        json_t *colours = json_object_get(ch, "colours");
        for (int c = 0; c < COLOUR_COUNT; c++)
            rest[c] -= json_integer_value(json_object_get(colours, colour_code((enum colour)c)));
    }
    if (!json_array_size(kids) || !sum6(rest))
        return;
    unitcode_format(unit, code);
    json_array_append_new(kids, json_pack("{s:s, s:s, s:i, s:I, s:o, s:b}", "code", code, "name",
                                          "未分网格", "level", LEVEL_GRID, "total",
                                          (json_int_t)sum6(rest), "colours",
                                          counts_colours_json(rest), "nogrid", 1));
}

static int add_compound(void *arg, const struct place_compound *pc)
{
    json_t *arr = arg;
    json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:I, s:I}", "id", (json_int_t)pc->id,
                                         "name", pc->name, "buildings", (json_int_t)pc->buildings,
                                         "households", (json_int_t)pc->households, "residents",
                                         (json_int_t)pc->residents));
    return 0;
}

struct yday {
    int32_t day;
    int found;
    int64_t c[COLOUR_COUNT];
};

static int take_day(void *arg, int32_t day, const int64_t counts[COLOUR_COUNT])
{
    struct yday *y = arg;
    if (day == y->day) {
        memcpy(y->c, counts, sizeof y->c);
        y->found = 1;
    }
    return 0;
}

json_t *dashboard_json(struct db *db, int64_t unit, int32_t today, int days, int *out_rc)
{
    struct unit u, a;
    int64_t live[COLOUR_COUNT];
    struct kids k = {db, NULL, 0};
    struct yday y = {today - 1, 0, {0}};
    json_t *out = NULL, *anc, *hist, *compounds;
    char code[UNITCODE_STR_LEN];
    int rc;

    if ((rc = store_unit_get(db, unit, &u)) < 0 || (rc = store_counts_get(db, unit, live)) < 0 ||
        (rc = store_counts_daily(db, unit, today - 1, today - 1, take_day, &y)) < 0)
        goto fail;
    if (!(hist = counts_history_json(db, unit, today, days, &rc)))
        goto fail;
    anc = json_array();
    for (int64_t p = u.parent; p; p = a.parent) {
        if ((rc = store_unit_get(db, p, &a)) < 0) {
            json_decref(anc);
            json_decref(hist);
            goto fail;
        }
        unitcode_format(a.code, code);
        json_array_insert_new(
            anc, 0, json_pack("{s:s, s:s, s:i}", "code", code, "name", a.name, "level", a.level));
    }
    k.arr = json_array();
    compounds = json_array();
    if ((rc = store_unit_children(db, unit, add_child, &k)) < 0 ||
        (u.level >= LEVEL_COMMITTEE &&
         (rc = store_compounds_within(db, unit, add_compound, compounds)) < 0)) {
        json_decref(anc);
        json_decref(hist);
        json_decref(k.arr);
        json_decref(compounds);
        goto fail;
    }
    if (u.level == LEVEL_COMMITTEE)
        add_nogrid(k.arr, unit, live);
    unitcode_format(unit, code);
    out = json_pack("{s:s, s:s, s:i, s:o, s:o, s:o, s:O, s:o, s:o}", "code", code, "name", u.name,
                    "level", u.level, "ancestors", anc, "counts", counts_obj(live), "yesterday",
                    y.found ? counts_obj(y.c) : json_null(), "history",
                    json_object_get(hist, "days"), "children", k.arr, "compounds", compounds);
    json_decref(hist);
    /* Screenings by post, fever alerts, hand-overs pending and overdue
     * (app/dashboard/checkpoint_counts.c). */
    {
        json_t *cp = checkpoints_dashboard_json(db, unit, clock_now(), today, &rc);
        if (!cp) {
            json_decref(out);
            goto fail;
        }
        json_object_set_new(out, "checkpoints", cp);
    }
    /* Quarantines and tasks: in quarantine, ending today, check-ins missed,
     * tasks open, overdue, on this level's board (app/tasks/tasks.c). */
    if ((rc = tasks_dashboard_add(db, unit, today, daytime_now(), out)) < 0) {
        json_decref(out);
        goto fail;
    }
    *out_rc = 0;
    return out;
fail:
    *out_rc = rc;
    return NULL;
}

struct warm {
    int32_t today;
    int handed;
};

static int warm_unit(void *arg, const struct unit *u)
{
    struct warm *w = arg;

    /* The clocks of dashboard_json's two parts. -1: no task pool here. */
    if (checkpoints_dashboard_warm(u->code, clock_now(), w->today) > 0)
        w->handed++;
    if (tasks_dashboard_warm(u->code, w->today, daytime_now()) > 0)
        w->handed++;
    return 0;
}

int dashboard_warm(struct db *db, int32_t today)
{
    struct warm w = {today, 0};
    struct unit city = {0};
    int rc;

    if ((rc = store_city_code(db, &city.code)) < 0 || !city.code)
        return rc;
    warm_unit(&w, &city); /* only its code is read */
    if ((rc = store_unit_children(db, city.code, warm_unit, &w)) < 0)
        return rc;
    return w.handed;
}
