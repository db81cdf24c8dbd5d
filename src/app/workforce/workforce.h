/*
 * Staff sent down (issue 14) as use cases: home units and posts that
 * receive staff (registered from the command line), the staff list within
 * the caller's scope (those received there and those its offices sent),
 * deploying a person to a post for a period with a duty and a shift, and
 * who is where on a day by post with the gap below each post's minimum.
 * The spreadsheet import is app/workforce/staff_import.h.
 */
#ifndef CORDON_APP_WORKFORCE_H
#define CORDON_APP_WORKFORCE_H

#include "app/app.h"
#include "store/workforce.h"
#include "util/linktoken.h"

#include <jansson.h>
#include <stdint.h>

#define STAFF_PAGE_DEFAULT 200
#define STAFF_PAGE_MAX     1000

/* Registering a home unit (level "city" or "district", unit its code) and
 * a post that receives staff (kind: core/workforce.h's codes; unit of
 * level district to committee; post a checkpoint post or 0). Set the id.
 * 0 or an app status. */
int home_unit_add(struct db *db, struct home_unit_row *h, struct app_error *err);
int duty_post_add(struct db *db, struct duty_post_row *p, struct app_error *err);

/* Makes an account (role home_unit) one of a home unit's, by names. 0 or
 * an app status. */
int home_unit_attach(struct db *db, const char *account, const char *home_unit,
                     struct app_error *err);

/* The home unit whose staff alone the caller may import and see: 0 for a
 * caller with PERM_STAFF (any), the account's for PERM_STAFF_SENT, else
 * APP_E_FORBIDDEN. */
int staff_caller_home_unit(struct db *db, const struct caller *c, int64_t *out,
                           struct app_error *err);

/* Staff within `unit` (0: the caller's scope): received at a post there or
 * sent by a home unit there; of one home unit (by name) when home_unit is
 * not ""; a page at a time by id, each with its latest deployment. A
 * home unit's account sees its own staff wherever they are, and no other.
 * Phones masked but for the command line. */
int staff_list(struct db *db, const struct caller *c, int64_t unit, const char *home_unit,
               struct page *pg, int (*fn)(void *, const struct staff_row *), void *arg,
               struct app_error *err);

/* Deploying one: body {staff, post, from, until, duty, shift?}. */
struct deploy {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    struct deployment_row d;
    struct duty_post_row post;
    struct staff_row staff;
};
int deploy_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int deploy_job(struct db *db, void *arg);

/* A new one-time sign-in link for a deployment (the old one stops
 * working): the {id}; PERM_STAFF over the post. */
struct deploy_link {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    char token[LINKTOKEN_LEN];
    int64_t post; /* the deployment's */
};
int deploy_link_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int deploy_link_job(struct db *db, void *arg);

/* Signing in or out at the post through the link (public): body {post,
 * action: in|out}. The post must be the deployment's, today within its
 * days, and in and out must alternate. */
struct sign {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    char token[LINKTOKEN_LEN];
    int64_t post;
    char action[8];
    struct deployment_row d;
    struct duty_post_row p;
};
int sign_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int sign_job(struct db *db, void *arg);
/* Reads {post?, action} into u (*post_present whether post was given). */
int sign_read_body(const json_t *body, struct sign *u, int *post_present);
/* The checks and the event once u->d is the deployment (by its link, or
 * by the caller's account): 0 or an app status in u->err. */
int sign_at_post(struct db *db, struct sign *u);

/* Who is where on `day`: each post within `unit` with those on duty by
 * shift and the gap, then the totals. */
struct staffing_totals {
    int posts, on_duty, minimum, gap;
};
int staffing_of(struct db *db, const struct caller *c, int64_t unit, int32_t day,
                int (*fn)(void *, const struct staffing_row *), void *arg,
                struct staffing_totals *out, struct app_error *err);

#endif
