/*
 * Storage side of the staff counts (issue 14): staff sent by home unit and
 * batch, staff received at posts by the post's area and kind, and the
 * sign-in and sign-out events from which duty hours are summed. Plain
 * grouped rows; app/workforce/counts.c adds them up by level.
 */
#ifndef CORDON_STORE_WORKFORCE_COUNTS_H
#define CORDON_STORE_WORKFORCE_COUNTS_H

#include "store/workforce.h"

/* Staff of the home units whose area lies in [lo, hi) (or of one home unit
 * when home_unit is not 0), by home unit and batch: how many, and how many
 * of them are deployed on `day`. */
struct sent_row {
    int64_t home_unit;
    char name[WF_NAME_MAX];
    int batch;
    int64_t staff, deployed;
};
typedef int (*sent_fn)(void *arg, const struct sent_row *r);
int store_staff_sent(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int32_t day,
                     sent_fn fn, void *arg);

/* Deployed on `day` at posts whose area lies in [lo, hi) (of one home
 * unit's staff when home_unit is not 0), by the post's area and kind. */
struct received_row {
    int64_t area;
    char kind[WF_CODE_MAX];
    int64_t staff;
    char street_name[WF_NAME_MAX];   /* the area's street's name ("" when none) */
    char district_name[WF_NAME_MAX]; /* its district's */
};
typedef int (*received_fn)(void *arg, const struct received_row *r);
int store_staff_received(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int32_t day,
                         received_fn fn, void *arg);

/* Sign events of days [from, until] at posts whose area lies in [lo, hi)
 * (of one home unit's staff when home_unit is not 0), by person,
 * deployment and time. */
struct sign_row {
    int64_t staff;
    char name[WF_NAME_MAX];
    char home_unit[WF_NAME_MAX];
    int64_t deployment;
    int32_t day;
    char kind[8];
    int64_t at;
};
typedef int (*sign_fn)(void *arg, const struct sign_row *r);
int store_sign_events(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int32_t from,
                      int32_t until, sign_fn fn, void *arg);

#endif
