/*
 * The big screen of an operations centre (issue 13, item 13): display
 * tokens bound to one unit, issued and revoked by an account of that unit
 * or above, stored hashed, valid until revoked; the caller a token stands
 * for (role display: its unit's wall and nothing else); and the wall
 * itself, the unit's aggregates only — six colours, the units below ranked
 * by what needs attention, the last hour's events — never a person.
 */
#ifndef CORDON_APP_DASHBOARD_DISPLAYS_H
#define CORDON_APP_DASHBOARD_DISPLAYS_H

#include "app/app.h"
#include "store/displays.h"
#include "util/linktoken.h"

#include <jansson.h>

#define DISPLAYS_PAGE_DEFAULT 100
#define DISPLAYS_PAGE_MAX     500
#define WALL_EVENTS_MAX       30
#define WALL_EVENTS_SPAN      3600 /* seconds: the ticker's last hour */

/* POST /api/v1/displays {unit, name?}: the token is returned once. */
struct displays_create {
    APP_JOB_HEAD;
    int64_t unit;
    char name[DISPLAY_NAME_MAX];
    char token[LINKTOKEN_LEN];
    struct display_row out;
};
int displays_create_parse(struct db *db, const json_t *body, void *job);
int displays_create_job(struct db *db, void *arg);

/* POST /api/v1/displays/{id}/revoke: the display, revoked (again: as it
 * was). */
struct displays_revoke {
    APP_JOB_HEAD;
    struct display_row out;
};
int displays_revoke_job(struct db *db, void *arg);

/* The displays of `unit` and the units below it (0: the caller's scope),
 * a page at a time. */
int displays_list(struct db *db, const struct caller *c, int64_t unit, struct page *pg,
                  display_fn fn, void *arg, struct app_error *err);

/* scope_check_unit() for a unit given as "unit" (the error names that
 * field). */
int displays_scope(const struct caller *c, int64_t unit, unsigned perm, struct app_error *err);

/* The caller a display token stands for: role display, its unit as the
 * scope. APP_E_AUTH for a token unknown or revoked. */
int displays_caller(struct db *db, const char *token, struct caller *out, struct app_error *err);

/* The wall of `unit` (0: the caller's own unit) at `now`: NULL with the
 * status returned in *out_rc and err filled. */
json_t *display_wall_json(struct db *db, const struct caller *c, int64_t unit, int64_t now,
                          int32_t today, int *out_rc, struct app_error *err);

#endif
