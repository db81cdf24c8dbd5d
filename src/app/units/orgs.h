/*
 * Organisations over the API: property companies (物业) and owners'
 * committees (业委会) as the street registers them and the committees link
 * them to the compounds they serve. Listing is open to everyone who works
 * with tasks within the organisation's street; registering needs the
 * `orgs` permission (street, district, city) over the street; linking a
 * compound needs `orgs` or `grids` (the committee) over the compound. The
 * rules themselves (kinds, the compound lying in the organisation's
 * street) are app/units/places_grids.c's orgs_create() and orgs_link(), shared
 * with the command line.
 */
#ifndef CORDON_APP_ORGS_H
#define CORDON_APP_ORGS_H

#include "app/app.h"
#include "store/orgs.h"
#include "store/places.h"

#include <jansson.h>
#include <stdint.h>

#define ORGS_COMPOUNDS_MAX 64 /* compounds shown with an organisation */
#define ORGS_PAGE_DEFAULT  200
#define ORGS_PAGE_MAX      1000

struct org_view {
    struct org_row o;
    char street_name[64];
    int ncompounds;
    struct place_compound compounds[ORGS_COMPOUNDS_MAX];
};

/* The organisations of the streets within `unit` (0: the caller's scope),
 * or of the street above it for a committee or grid, by id, a page at a
 * time (the cursor an id); fn returning non-zero stops. 0 or an app
 * status. */
typedef int (*org_view_fn)(void *arg, const struct org_view *v);
int orgs_list(struct db *db, const struct caller *c, int64_t unit, struct page *pg, org_view_fn fn,
              void *arg, struct app_error *err);

/* Registering one: body {name, kind: property|owners, street}. */
struct orgs_add {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    char name[ORG_NAME_MAX];
    char kind[ORG_KIND_MAX];
    int64_t street;
    struct org_view out;
};
int orgs_add_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int orgs_add_job(struct db *db, void *arg);

/* Linking a compound it serves: body {compound}. */
struct orgs_serve {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    int64_t org;
    int64_t compound;
    struct org_view out;
};
int orgs_serve_parse(struct db *db, const json_t *body, void *job); /* org: the {id} */
int orgs_serve_job(struct db *db, void *arg);

#endif
