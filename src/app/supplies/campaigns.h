/*
 * Masks by reservation (issue 15): a committee opens a campaign of a
 * scarce good for the households of its committee or one of its grids,
 * staff book for a household (one booking per household per campaign,
 * the stock never below zero), staff at a pickup point hand the goods out
 * against the pickup code, and a campaign allocated by draw is drawn once
 * its window has closed, with a seed recorded so the draw can be checked.
 *
 * Permissions (no new bits): opening and drawing need `grids` (the
 * committee); booking and pickups need `register_write` (committee, grid
 * worker) over the household; reading needs `register_read`. A campaign
 * is visible when its unit lies within the caller's scope or the caller
 * works within its unit; outside, 404 as if it did not exist.
 */
#ifndef CORDON_APP_SUPPLIES_CAMPAIGNS_H
#define CORDON_APP_SUPPLIES_CAMPAIGNS_H

#include "app/app.h"
#include "store/supplies.h"

#include <jansson.h>
#include <stdint.h>

#define CAMPAIGN_POINTS_MAX 16
#define CAMPAIGN_UNITS_MAX  64 /* grids of a committee shown in a campaign's counts */

struct campaign_view {
    struct campaign_row c;
    struct campaign_counts k;
    int npoints;
    struct point_row points[CAMPAIGN_POINTS_MAX];
    int nunits;
    struct unit_counts units[CAMPAIGN_UNITS_MAX];
};

/* The campaigns the caller may see (within `unit` when not 0, which must
 * be the caller's to see), newest first, each with its counts, points and
 * units; a page as every list (cursor: the last id of the page before). */
#define CAMPAIGNS_PAGE_DEFAULT 20
#define CAMPAIGNS_PAGE_MAX     100
typedef int (*campaign_view_fn)(void *arg, const struct campaign_view *v);
int campaigns_list(struct db *db, const struct caller *c, int64_t unit, struct page *pg,
                   campaign_view_fn fn, void *arg, struct app_error *err);

/* One campaign with its counts and points. 0 or an app status. */
int campaigns_get(struct db *db, const struct caller *c, int64_t id, struct campaign_view *out,
                  struct app_error *err);

/* Opening one: body {item, unit, measure?, per_household, stock, opens,
 * closes, allocation: first_come|draw, points?: [{name, stock}]}. */
struct campaigns_add {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    struct campaign_row in;
    int npoints;
    struct point_row points[CAMPAIGN_POINTS_MAX];
    struct campaign_view out;
};
int campaigns_add_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int campaigns_add_job(struct db *db, void *arg);

/* Booking for a household: body {household, point?}; the campaign is the
 * {id}. */
struct campaigns_book {
    APP_JOB_HEAD;
    int64_t household;
    int64_t point;
    char token[72]; /* the household's own page: its link's token or code */
    struct booking_row out;
    int64_t task; /* the delivery task of a quarantined household; 0: none */
};
int campaigns_book_parse(struct db *db, const json_t *body, void *job);
int campaigns_book_job(struct db *db, void *arg);
/* The booking itself, once the caller, campaign and household were
 * checked: the window, one per household (409), the stock (410), the
 * pickup code, and the delivery task when the household is quarantined. */
struct household_where;
int campaigns_book_household(struct db *db, struct campaigns_book *u, const struct campaign_row *c,
                             const struct household_where *w);

/* The last day to collect a box allocated on `today` (DATE_NONE: the
 * campaign sets no end). */
int32_t campaigns_pick_by(const struct campaign_row *c, int32_t today);

/* Booking `booking` of campaign c was just allocated by a draw (or passed
 * on by lapse.c): when the household is on delivery, its task for the
 * grid's responsible person, by `by`. 0 or a store status. */
int campaigns_allocated(struct db *db, const struct campaign_row *c, int64_t booking, int64_t now,
                        const char *by);

/* A pickup at a point: body {code}. */
struct campaigns_pickup {
    APP_JOB_HEAD;
    char code[PICKUP_CODE_LEN + 1];
    struct booking_row out;
    struct campaign_row campaign;
};
int campaigns_pickup_parse(struct db *db, const json_t *body, void *job);
int campaigns_pickup_job(struct db *db, void *arg);

/* The draw of the {id}: body {seed?} (decimal digits; absent: random). */
struct campaigns_draw {
    APP_JOB_HEAD;
    char seed[CAMPAIGN_SEED_MAX];
    struct campaign_view out;
};
int campaigns_draw_parse(struct db *db, const json_t *body, void *job);
int campaigns_draw_job(struct db *db, void *arg);

/* Where a household lies when it is within the caller's scope (its grid,
 * else its committee, in *at): 0, or 404 on `field` (absent or outside). */
int campaigns_household_in_scope(struct db *db, const struct caller *c, int64_t household,
                                 const char *field, struct household_where *w, int64_t *at,
                                 struct app_error *err);

/* A task at a household for its grid's responsible person (a delivery, a
 * request for help), due in SUPPLIES_TASK_DUE seconds; *out its id. 0 or a
 * store status. */
#define SUPPLIES_TASK_DUE (24 * 3600)
struct supplies_task_in {
    int kind; /* enum task_kind */
    int64_t household;
    const struct household_where *where;
    const char *title, *note;
    int64_t now;
    const char *by;
};
int supplies_task(struct db *db, const struct supplies_task_in *in, int64_t *out);

/* Writes the list of campaign `id` at `point` (0: every point) to an
 * .xlsx at path, for the pharmacy: code, address, state, delivery. Needs
 * `register_read` and the campaign in scope. 0 or an app status. */
int campaigns_point_list(struct db *db, const struct caller *c, int64_t id, int64_t point,
                         const char *path, struct app_error *err);

/* Random bytes from libsodium: 0, or -1 when it cannot start. */
int supplies_random(void *buf, size_t n);

#endif
