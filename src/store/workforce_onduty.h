/*
 * Storage side of the 今日在岗 board (issue 14): the people deployed on a
 * day at the posts within a unit's areas, each with their home unit, duty,
 * shift and whether they are signed in (their last event of the day is
 * "in"), and the days of their deployment (arrivals and departures).
 * Plain rows, by post; app/workforce/onduty.c groups and counts.
 */
#ifndef CORDON_STORE_WORKFORCE_ONDUTY_H
#define CORDON_STORE_WORKFORCE_ONDUTY_H

#include "store/workforce.h"

struct on_duty_row {
    struct duty_post_row p; /* the post */
    int64_t staff;
    char name[WF_NAME_MAX];
    char home_unit[WF_NAME_MAX];
    char duty[WF_CODE_MAX];
    char shift[WF_CODE_MAX];
    int signed_in;
    int32_t from, until; /* the deployment's days: arriving when from is the
                          * day asked, leaving when until is */
};
typedef int (*on_duty_fn)(void *arg, const struct on_duty_row *r);

/* Deployed on `day` at posts whose area lies in [lo, hi) (of one home
 * unit's staff when home_unit is not 0), by post id, shift and name; fn
 * returning non-zero stops and is returned. */
int store_on_duty(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int32_t day,
                  on_duty_fn fn, void *arg);

/* Of the people deployed on `day` within [lo, hi) (one home unit's when
 * home_unit is not 0): how many arrive that day (their deployment's first)
 * into *arriving and how many leave (its last) into *leaving. */
int store_on_duty_moves(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int32_t day,
                        int64_t *arriving, int64_t *leaving);

#endif
