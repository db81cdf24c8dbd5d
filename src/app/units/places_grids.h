/*
 * "Problem to the grid, responsibility to a person": the use cases that
 * say who answers for what. A committee draws its compounds and buildings
 * into its grids, names the person (an account) answerable for each grid,
 * and registers non-residential places (markets, garages, corridors...),
 * each in one grid. Organisations (property companies, owners' committees)
 * are set up from the command line: created in a street, linked to the
 * compounds they serve, their accounts attached. Writes are writer jobs
 * (store/writer.h); every one checks the caller's role and scope.
 */
#ifndef CORDON_APP_PLACES_GRIDS_H
#define CORDON_APP_PLACES_GRIDS_H

#include "app/app.h"
#include "store/orgs.h"
#include "store/places.h"

#include <jansson.h>
#include <stdint.h>

/* The person answerable for a grid: *out_account 0 (and name "") when
 * none. out_name may be NULL. */
int grids_responsible(struct db *db, int64_t grid, int64_t *out_account, char out_name[64]);

/* Who answers for a place: its own responsible person, else its grid's
 * (0 when neither). */
int places_assignee(struct db *db, const struct place_row *p, int64_t *out_account);

/* Compound `id` when its committee lies within the caller's scope: 0, or
 * APP_E_NOTFOUND naming `field` (absent and out of scope alike), or the
 * database's failure. */
int places_compound_in_scope(struct db *db, const struct caller *c, int64_t id, const char *field,
                             struct place_compound *out, struct app_error *err);

/* Writer jobs. Each: arg is its struct, result 0 or an app status with err. */
struct grids_set_person {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    int64_t grid;
    char account[64];
};
int grids_set_person_parse(struct db *db, const json_t *body,
                           void *job); /* {account}; grid: the {code} */
int grids_set_person_job(struct db *db, void *arg);

/* Draws a compound (or, with building != 0, one building) into a grid of
 * its committee; grid 0 takes it out again. */
struct grids_assign {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    int64_t compound;
    int64_t building;
    int64_t grid;
    int keep_grid; /* 1: "lift" alone was given, the grid stays as it is */
    int set_lift;  /* 1: set lift (the building's, or all the compound's) */
    int lift;      /* 1 lift, 0 walk-up */
};
/* {grid, building?, lift?}; compound: the {id}. Without "grid" the
 * compound (building) goes back to no grid, unless "lift" is given: then
 * only the lift is set. */
int grids_assign_parse(struct db *db, const json_t *body, void *job);
int grids_assign_job(struct db *db, void *arg);

/* A new place: body {kind, name, grid, compound?, org?, responsible?}. */
struct places_create {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    struct place_row p;
    char responsible[64];
};
int places_create_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int places_create_job(struct db *db, void *arg);

/* Places within a unit (0: the caller's scope), by id, a page at a time
 * (the cursor an id; limit PLACES_PAGE_DEFAULT, at most PLACES_PAGE_MAX);
 * fn returning non-zero stops (and is returned). Needs PERM_TASKS. */
#define PLACES_PAGE_DEFAULT 200
#define PLACES_PAGE_MAX     1000
int places_list(struct db *db, const struct caller *c, int64_t unit, struct page *pg,
                place_row_cb fn, void *arg, struct app_error *err);
/* One place the caller may see. */
int places_get(struct db *db, const struct caller *c, int64_t id, struct place_row *out,
               struct app_error *err);

/* Organisations (command line). */
int orgs_create(struct db *db, const char *name, const char *kind, int64_t street, int64_t *out_id,
                struct app_error *err);
int orgs_link(struct db *db, int64_t org, int64_t compound, struct app_error *err);
int orgs_attach_account(struct db *db, const char *account, int64_t org, struct app_error *err);

#endif
