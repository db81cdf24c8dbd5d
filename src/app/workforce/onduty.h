/*
 * The 今日在岗 board (issue 14): who is where on a day, for each post within
 * a committee or street -- the day and night shifts' minimum, who is on
 * duty (name, home unit, duty), signed in or not, and the gap -- posts with
 * a gap first, and who arrives or leaves that day (the first or last day
 * of their deployment). Above the street (a district, the city) the answer is
 * counted by kind of post instead, so the city's stays small. Who may look:
 * PERM_STAFF within its scope; a committee its own posts; a home unit's
 * account (PERM_STAFF_SENT) only its own staff, without the posts'
 * minimums (nothing of the register of others).
 */
#ifndef CORDON_APP_WORKFORCE_ONDUTY_H
#define CORDON_APP_WORKFORCE_ONDUTY_H

#include "app/app.h"
#include "core/workforce.h"
#include "store/workforce_onduty.h"

#define ON_DUTY_POSTS_MAX 5000 /* posts of one street, more than any has */

struct on_duty_count {
    int minimum, on_duty, signed_in, gap;
};

struct on_duty_post {
    struct duty_post_row p;
    struct on_duty_count shift[SHIFT_COUNT];
    int gap; /* both shifts' */
};

struct on_duty_kind {
    int posts, posts_short;
    struct on_duty_count n;
};

struct on_duty_board {
    int by_kind;                /* 1: counted by kind of post (a district, the city) */
    int minimums;               /* 0: a home unit's view, its own people only */
    struct on_duty_post *posts; /* by_kind 0: gaps first, then by id (owned) */
    int nposts, cap;
    struct on_duty_kind kinds[DPOST_KIND_COUNT]; /* by_kind 1 */
    int nkinds_posts;                            /* posts counted in kinds[] */
    struct on_duty_count totals;
    int64_t arriving, leaving; /* deployments whose first / last day it is */
};

/* The board of `unit` on `day` into *out (on_duty_board_cleanup() after,
 * also on error). With by_kind 0 each person on duty is handed to
 * person_fn first (by post id, shift and name; the posts come after, in
 * out->posts). 0, or an app status with err. */
int on_duty_of(struct db *db, const struct caller *c, int64_t unit, int32_t day,
               on_duty_fn person_fn, void *arg, struct on_duty_board *out, struct app_error *err);
void on_duty_board_cleanup(struct on_duty_board *b);

#endif
