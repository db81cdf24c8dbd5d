/*
 * The staff counts (issue 14): staff sent by home unit and batch, staff
 * received at posts (by street, district and kind of post), and duty hours
 * per person summed from signing in and out. A caller with PERM_STAFF
 * counts within a unit of its scope; a home unit's account (PERM_STAFF_SENT)
 * counts only its own staff, wherever in the city they are.
 */
#ifndef CORDON_APP_WORKFORCE_COUNTS_H
#define CORDON_APP_WORKFORCE_COUNTS_H

#include "app/app.h"
#include "store/workforce_counts.h"

/* Sent (by home unit and batch) and received (by post area and kind) on
 * `day`, within `unit` (0: the caller's scope). */
int staff_counts(struct db *db, const struct caller *c, int64_t unit, int32_t day, sent_fn sent,
                 received_fn received, void *arg, struct app_error *err);

/* Duty hours per person over the days [from, until]: each in paired with
 * the next out of the same deployment and day. */
struct duty_hours {
    int64_t staff;
    char name[WF_NAME_MAX];
    char home_unit[WF_NAME_MAX];
    int64_t seconds;
    int days; /* days with at least one in and out */
};
typedef int (*duty_hours_fn)(void *arg, const struct duty_hours *h);
int staff_hours(struct db *db, const struct caller *c, int64_t unit, int32_t from, int32_t until,
                duty_hours_fn fn, void *arg, struct app_error *err);

#endif
