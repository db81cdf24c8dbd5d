/*
 * The big screen's one read (displays.h): a unit's live six colours, the
 * units below it ranked by what needs attention — hand-overs past their
 * deadline, check-ins missed, tasks overdue, counted by the same queries
 * as the dashboard — and the last hour's events of hand-overs and tasks as
 * a ticker. Aggregates and unit names only: no person, no detail text.
 */
#include "app/dashboard/displays.h"

#include "app/dashboard/counts.h"
#include "app/tasks/tasks.h"
#include "core/unitcode.h"
#include "store/handovers.h"
#include "store/residents.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdlib.h>
#include <string.h>

struct attention {
    int64_t handovers, missed, tasks;
};

/* Hand-overs past their deadline within `unit` (held at any level), check-ins
 * missed and tasks overdue (app/tasks/tasks.c's dashboard counters). */
static int attention_of(struct db *db, int64_t unit, int64_t now, int32_t today,
                        struct attention *out)
{
    struct handover_tally t;
    json_t *tmp = json_object();
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_handovers_tally(db, unit, now, &t)) < 0 ||
        (rc = tasks_dashboard_add(db, unit, today, now, tmp)) < 0) {
        json_decref(tmp);
        return rc;
    }
    for (int l = 0; l < 5; l++)
        out->handovers += t.overdue[l];
    out->missed = json_integer_value(json_object_get(json_object_get(tmp, "quarantine"), "missed"));
    out->tasks = json_integer_value(json_object_get(json_object_get(tmp, "tasks"), "overdue"));
    json_decref(tmp);
    return 0;
}

static json_t *colours_total(const int64_t c[COLOUR_COUNT])
{
    int64_t t = 0;

    for (int i = 0; i < COLOUR_COUNT; i++)
        t += c[i];
    return json_pack("{s:I, s:o}", "total", (json_int_t)t, "colours", counts_colours_json(c));
}

static json_t *attention_json(const struct attention *a)
{
    return json_pack("{s:I, s:I, s:I, s:I}", "handovers_overdue", (json_int_t)a->handovers,
                     "checkins_missed", (json_int_t)a->missed, "tasks_overdue",
                     (json_int_t)a->tasks, "score",
                     (json_int_t)(a->handovers + a->missed + a->tasks));
}

struct below {
    struct db *db;
    int64_t now;
    int32_t today;
    json_t *arr;
};

static int add_below(void *arg, const struct unit *u)
{
    struct below *b = arg;
    int64_t c[COLOUR_COUNT];
    struct attention a;
    json_t *row;
    char code[UNITCODE_STR_LEN];
    int rc;

    if ((rc = store_counts_get(b->db, u->code, c)) < 0 ||
        (rc = attention_of(b->db, u->code, b->now, b->today, &a)) < 0)
        return rc;
    unitcode_format(u->code, code);
    row = colours_total(c);
    json_object_set_new(row, "code", json_string(code));
    json_object_set_new(row, "name", json_string(u->name));
    json_object_set_new(row, "attention", attention_json(&a));
    json_array_append_new(b->arr, row);
    return 0;
}

static json_int_t score_of(const json_t *row)
{
    return json_integer_value(json_object_get(json_object_get(row, "attention"), "score"));
}

/* Most attention first, then the most red, then by code. */
static int by_attention(const void *pa, const void *pb)
{
    const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    json_int_t sa = score_of(a), sb = score_of(b), ra, rb;

    if (sa != sb)
        return sa > sb ? -1 : 1;
    ra = json_integer_value(json_object_get(json_object_get(a, "colours"), "red"));
    rb = json_integer_value(json_object_get(json_object_get(b, "colours"), "red"));
    if (ra != rb)
        return ra > rb ? -1 : 1;
    return strcmp(json_string_value(json_object_get(a, "code")),
                  json_string_value(json_object_get(b, "code")));
}

static json_t *ranked(json_t *arr)
{
    size_t n = json_array_size(arr);
    json_t **v = n ? malloc(n * sizeof *v) : NULL, *out;

    if (n && !v)
        return arr; /* unranked rather than nothing */
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(arr, i));
    qsort(v, n, sizeof *v, by_attention);
    out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out, v[i]);
    free(v);
    json_decref(arr);
    return out;
}

struct ticker {
    struct db *db;
    json_t *arr;
};

static int add_event(void *arg, const struct wall_event *e)
{
    struct ticker *t = arg;
    char at[32], code[UNITCODE_STR_LEN] = "";
    struct unit u;

    memset(&u, 0, sizeof u);
    if (e->committee && store_unit_get(t->db, e->committee, &u) == 0)
        unitcode_format(e->committee, code);
    clock_format(e->at, at);
    json_array_append_new(t->arr,
                          json_pack("{s:s, s:s, s:s, s:s, s:s}", "at", at, "source", e->source,
                                    "kind", e->kind, "unit", code, "unit_name", u.name));
    return 0;
}

static int wall_unit(const struct caller *c, int64_t *unit, struct app_error *err)
{
    if (!*unit)
        *unit = c->role == ROLE_DISPLAY ? c->unit : scope_of(c);
    return displays_scope(c, *unit, PERM_WALL, err);
}

json_t *display_wall_json(struct db *db, const struct caller *c, int64_t unit, int64_t now,
                          int32_t today, int *out_rc, struct app_error *err)
{
    struct below b = {db, now, today, json_array()};
    struct ticker t = {db, json_array()};
    int64_t live[COLOUR_COUNT], lo = 0, hi = 0;
    struct attention a;
    struct unit u;
    char code[UNITCODE_STR_LEN], at[32];
    json_t *out = NULL;
    int rc;

    if ((rc = wall_unit(c, &unit, err)) < 0)
        goto done;
    if ((rc = store_unit_get(db, unit, &u)) < 0 || (rc = store_counts_get(db, unit, live)) < 0 ||
        (rc = attention_of(db, unit, now, today, &a)) < 0 ||
        (rc = store_unit_children(db, unit, add_below, &b)) < 0)
        goto fail;
    if (unitcode_committee_range(unit, &lo, &hi) == 0 &&
        (rc = store_wall_events(db, lo, hi, now - WALL_EVENTS_SPAN, now, WALL_EVENTS_MAX, add_event,
                                &t)) < 0)
        goto fail;
    unitcode_format(unit, code);
    out = colours_total(live);
    json_object_set_new(out, "code", json_string(code));
    json_object_set_new(out, "name", json_string(u.name));
    json_object_set_new(out, "level", json_integer(u.level));
    json_object_set_new(out, "attention", attention_json(&a));
    json_object_set_new(out, "below", ranked(b.arr));
    json_object_set_new(out, "events", t.arr);
    clock_format(now, at);
    json_object_set_new(out, "now", json_string(at));
    b.arr = t.arr = NULL;
    rc = 0;
    goto done;
fail:
    rc = rc == DB_E_NOTFOUND ? app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit")
                             : app_db_fail(err, db, rc);
done:
    json_decref(b.arr);
    json_decref(t.arr);
    *out_rc = rc;
    return out;
}
