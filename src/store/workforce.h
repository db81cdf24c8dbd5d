/*
 * Storage of staff sent down (tables of 006_workforce.sql): home units,
 * staff, the posts that receive them and the deployments. Plain rows; the
 * rules (scope, overlaps, duties) are app/workforce/'s.
 */
#ifndef CORDON_STORE_WORKFORCE_H
#define CORDON_STORE_WORKFORCE_H

#include "store/db.h"

#include <stdint.h>

#define WF_NAME_MAX   128
#define WF_PHONE_MAX  24
#define WF_SKILLS_MAX 256
#define WF_CODE_MAX   16

struct home_unit_row {
    int64_t id;
    char name[WF_NAME_MAX];
    char level[WF_CODE_MAX]; /* "city" or "district" */
    int64_t unit;            /* the city's or district's code */
    int64_t area;            /* core/workforce.h workforce_area(unit) */
};

struct staff_row {
    int64_t id;
    char name[WF_NAME_MAX];
    char phone[WF_PHONE_MAX];
    int64_t home_unit;
    char home_unit_name[WF_NAME_MAX]; /* read only */
    int batch;
    char skills[WF_SKILLS_MAX];
    /* read only: the latest deployment (0 / "" when none) */
    char post_name[WF_NAME_MAX];
    int64_t post_unit;
    int32_t from, until;
    int64_t deployment;
};

struct duty_post_row {
    int64_t id;
    char name[WF_NAME_MAX];
    char kind[WF_CODE_MAX]; /* enum duty_post_kind's code */
    int64_t unit;
    int64_t area;
    int64_t post; /* a checkpoint post (posts.id); 0: none */
    int min_day, min_night;
};

struct deployment_row {
    int64_t id;
    int64_t staff;
    int64_t duty_post;
    int64_t unit; /* the post's area */
    int32_t from, until;
    char duty[WF_CODE_MAX];
    char shift[WF_CODE_MAX];
};

/* Home units: insert (sets id; DB_E_CONSTRAINT for a name taken), find by
 * name (0 or DB_E_NOTFOUND). */
int store_home_unit_insert(struct db *db, struct home_unit_row *h);
int store_home_unit_by_name(struct db *db, const char *name, struct home_unit_row *out);

/* The home unit an account belongs to (role home_unit): set (replacing),
 * read (DB_E_NOTFOUND when none). */
int store_home_unit_account_set(struct db *db, int64_t account, int64_t home_unit);
int store_home_unit_of_account(struct db *db, int64_t account, int64_t *out);

/* Staff: inserted, or updated when the phone is already someone's (one
 * phone, one person); sets s->id and *out_created. */
int store_staff_upsert(struct db *db, struct staff_row *s, int *out_created);
/* New staff s[0..n-1] (phones nobody has yet), a few statements for all;
 * sets each id. 0 or < 0 (DB_E_CONSTRAINT for a phone taken). */
int store_staff_insert_many(struct db *db, struct staff_row *s, size_t n);
int store_staff_get(struct db *db, int64_t id, struct staff_row *out);

/* Staff whose home unit's area or one of whose deployments' lies in
 * [lo, hi), of one home unit when home_unit is not 0, with an id above
 * `after`, by id; fn returning non-zero stops and is returned. */
typedef int (*staff_row_fn)(void *arg, const struct staff_row *s);
int store_staff_within(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int64_t after,
                       staff_row_fn fn, void *arg);

/* Posts that receive staff: insert (sets id), get. */
int store_duty_post_insert(struct db *db, struct duty_post_row *p);
int store_duty_post_get(struct db *db, int64_t id, struct duty_post_row *out);
/* A db_row_fn reading a struct duty_post_row from columns 0-7: id, name,
 * kind, unit, area, post, min_day, min_night (the store's other queries
 * put their own columns after these). */
int store_duty_post_read(void *out, struct db_stmt *st);

/* Deployments: insert (sets id); how many of a person's overlap the days
 * [from, until]. */
int store_deployment_insert(struct db *db, struct deployment_row *d);
/* Deployments d[0..n-1] in a few statements; sets each id. */
int store_deployments_insert_many(struct db *db, struct deployment_row *d, size_t n);
int store_deployments_overlapping(struct db *db, int64_t staff, int32_t from, int32_t until,
                                  int64_t *out);

/* One deployment (0, DB_E_NOTFOUND); by the stored form of its link. */
int store_deployment_get(struct db *db, int64_t id, struct deployment_row *out);
int store_deployment_by_link(struct db *db, const char *hash, struct deployment_row *out);
/* Replaces a deployment's link (the old one stops working). */
int store_deployment_set_link(struct db *db, int64_t id, const char *hash);

/* A deployment's account (010_workforce_more.sql): recording it
 * (DB_E_CONSTRAINT when the deployment has one), the deployment of an
 * account (DB_E_NOTFOUND when none). */
int store_deployment_account_set(struct db *db, int64_t deployment, int64_t account);
int store_deployment_by_account(struct db *db, int64_t account, struct deployment_row *out);

/* Signing in and out: the kind ("in", "out") of a deployment's last event
 * of `day` (DB_E_NOTFOUND when none); appending one. */
int store_sign_last(struct db *db, int64_t deployment, int32_t day, char kind[8]);
int store_sign_insert(struct db *db, const struct deployment_row *d, int64_t area, int32_t day,
                      int64_t at, const char *kind);

/* How many are deployed at a post on `day` in `shift`. */
int store_post_on_shift(struct db *db, int64_t post, int32_t day, const char *shift, int64_t *out);
/* The task a post's gap raised for a day and shift (DB_E_NOTFOUND when
 * none); recording one. */
int store_gap_task_get(struct db *db, int64_t post, int32_t day, const char *shift, int64_t *out);
int store_gap_task_set(struct db *db, int64_t post, int32_t day, const char *shift, int64_t task);
/* Every post's id, by id. */
int store_duty_post_ids(struct db *db, int64_t after, int64_t *out, int max, int *out_n);

/* The posts whose area lies in [lo, hi), by id, each with how many are
 * deployed there on `day` in the day and the night shift, and how many of
 * them are signed in (their last event of the day "in"). */
struct staffing_row {
    struct duty_post_row p;
    int on_day, on_night;
    int signed_in;
};
typedef int (*staffing_row_fn)(void *arg, const struct staffing_row *r);
int store_staffing(struct db *db, int64_t lo, int64_t hi, int32_t day, staffing_row_fn fn,
                   void *arg);

#endif
