/*
 * The staff counts (app/workforce/counts.h).
 */
#include "app/workforce/counts.h"

#include "app/workforce/workforce.h"
#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

/* The areas to count within and the home unit to count only (0: any):
 * a home unit's account counts its own staff across the city. */
static int count_bounds(struct db *db, const struct caller *c, int64_t unit, int64_t *lo,
                        int64_t *hi, int64_t *own, struct app_error *err)
{
    int rc;

    if ((rc = staff_caller_home_unit(db, c, own, err)) < 0)
        return rc;
    if (*own)
        unit = unitcode_at_level(scope_of(c), LEVEL_CITY);
    else if (!unit)
        unit = scope_of(c);
    if (!*own && (rc = scope_check_unit(c, unit, PERM_STAFF, err)) < 0)
        return rc;
    if (unitcode_committee_range(unit, lo, hi) < 0)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    return 0;
}

int staff_counts(struct db *db, const struct caller *c, int64_t unit, int32_t day, sent_fn sent,
                 received_fn received, void *arg, struct app_error *err)
{
    int64_t lo, hi, own;
    int rc;

    if ((rc = count_bounds(db, c, unit, &lo, &hi, &own, err)) < 0)
        return rc;
    if ((rc = store_staff_sent(db, lo, hi, own, day, sent, arg)) < 0 ||
        (rc = store_staff_received(db, lo, hi, own, day, received, arg)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

/* The walk over one person's events after another. */
struct hours_walk {
    struct duty_hours h;
    int64_t in_deployment, in_at;
    int32_t in_day, last_day;
    duty_hours_fn fn;
    void *arg;
};

static int hours_event(void *arg, const struct sign_row *r)
{
    struct hours_walk *w = arg;
    int rc;

    if (w->h.staff != r->staff) {
        if (w->h.staff && (rc = w->fn(w->arg, &w->h)) != 0)
            return rc;
        memset(&w->h, 0, sizeof w->h);
        w->h.staff = r->staff;
        snprintf(w->h.name, sizeof w->h.name, "%s", r->name);
        snprintf(w->h.home_unit, sizeof w->h.home_unit, "%s", r->home_unit);
        w->in_at = 0;
        w->last_day = INT32_MIN;
    }
    if (strcmp(r->kind, "in") == 0) {
        w->in_at = r->at;
        w->in_day = r->day;
        w->in_deployment = r->deployment;
    } else if (w->in_at && w->in_day == r->day && w->in_deployment == r->deployment) {
        w->h.seconds += r->at - w->in_at;
        w->h.days += w->last_day != r->day;
        w->last_day = r->day;
        w->in_at = 0;
    }
    return 0;
}

int staff_hours(struct db *db, const struct caller *c, int64_t unit, int32_t from, int32_t until,
                duty_hours_fn fn, void *arg, struct app_error *err)
{
    struct hours_walk w;
    int64_t lo, hi, own;
    int rc;

    if ((rc = count_bounds(db, c, unit, &lo, &hi, &own, err)) < 0)
        return rc;
    if (until < from)
        return app_fail(err, APP_E_INVALID, "until_before_from", "until", "until is before from");
    memset(&w, 0, sizeof w);
    w.fn = fn;
    w.arg = arg;
    if ((rc = store_sign_events(db, lo, hi, own, from, until, hours_event, &w)) < 0)
        return app_db_fail(err, db, rc);
    if (w.h.staff && (rc = fn(arg, &w.h)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}
